/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "salur-demo.h"
#include "salur-error.h"
#include "salur-kpm-row.h"
#include "salur-nik.h"
#include "salur-resources.h"
#include "salur-settings.h"
#include "salur-window.h"

struct _SalurWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  GtkLabel             *loading_label;
  AdwStatusPage        *error_page;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *dusun_dropdown;
  GtkMenuButton        *menu_button;
  GtkStack             *list_stack;
  AdwStatusPage        *none_page;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *no_column;
  GtkColumnViewColumn  *name_column;
  GtkColumnViewColumn  *sex_column;
  GtkColumnViewColumn  *dusun_column;
  GtkColumnViewColumn  *rt_rw_column;
  GtkColumnViewColumn  *criteria_column;
  GtkLabel             *status_label;

  SalurStore           *store;

  /* rows (in the store's order) → sorted by the column view → filtered */
  GListStore           *rows;
  GtkSortListModel     *sorted;
  GtkFilterListModel   *shown;
  GtkCustomFilter      *filter;
  GtkStringList        *dusun_names;   /* "All dusun", then each dusun */

  /* what the filter applies */
  char                 *search_text;   /* as typed, for the debug state */
  char                 *needle;        /* casefolded name part or NIK digits; NULL: all */
  gboolean              needle_digits;
  char                 *dusun;         /* NULL: every dusun */
  gboolean              setting_dusuns;

  GCancellable         *cancellable;   /* the load or demo in flight */
  char                 *debug_state_path;
  char                 *debug_state_last;
};

G_DEFINE_FINAL_TYPE (SalurWindow, salur_window, ADW_TYPE_APPLICATION_WINDOW)

/* The row's number in the village list ("No" on a BNBA sheet) */
static GQuark number_quark;

typedef struct
{
  char         *path;
  gboolean      create_demo;
  SalurVillage *village;   /* NULL: the store has no village */
  GPtrArray    *dusun;     /* of SalurDusun */
  GPtrArray    *rows;      /* of SalurKpmRow */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->village, salur_village_free);
  g_clear_pointer (&data->dusun, g_ptr_array_unref);
  g_clear_pointer (&data->rows, g_ptr_array_unref);
  g_free (data);
}

/* Helpers */

static guint
row_number (gpointer row)
{
  return GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (row), number_quark));
}

static const SalurKpm *
item_kpm (GtkListItem *item)
{
  SalurKpmRow *row = gtk_list_item_get_item (item);

  return row != NULL ? salur_kpm_row_get_kpm (row) : NULL;
}

static char *
fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normal != NULL ? normal : text, -1);
}

/* Case-insensitive substring test without allocating for the usual
 * all-ASCII name: it runs once per KPM on every keystroke. */
static gboolean
name_contains (const char *name,
               const char *needle)
{
  gsize len = strlen (needle);

  for (const char *p = name; *p != '\0'; p++)
    {
      if ((guchar) *p >= 0x80)
        {
          g_autofree char *folded = fold (name);
          return strstr (folded, needle) != NULL;
        }
    }
  for (const char *p = name; *p != '\0'; p++)
    if (g_ascii_strncasecmp (p, needle, len) == 0)
      return TRUE;
  return len == 0;
}

static gboolean
row_visible (gpointer item,
             gpointer user_data)
{
  SalurWindow *self = user_data;
  const SalurKpm *kpm = salur_kpm_row_get_kpm (item);

  if (self->dusun != NULL && strcmp (kpm->dusun, self->dusun) != 0)
    return FALSE;
  if (self->needle == NULL)
    return TRUE;
  if (self->needle_digits)
    return strstr (kpm->nik, self->needle) != NULL;
  return name_contains (kpm->name, self->needle);
}

/* A keyboard-wedge scanner or a person may type a NIK with spaces or dots:
 * anything that cleans up to digits only is searched in the NIK. */
static void
parse_search (const char  *text,
              char       **needle,
              gboolean    *digits)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *clean = NULL;
  gboolean all_digits;

  *needle = NULL;
  *digits = FALSE;
  if (*stripped == '\0')
    return;

  clean = salur_nik_clean (stripped);
  all_digits = *clean != '\0';
  for (const char *p = clean; *p != '\0'; p++)
    all_digits = all_digits && g_ascii_isdigit (*p);

  if (all_digits)
    {
      *needle = g_steal_pointer (&clean);
      *digits = TRUE;
    }
  else
    {
      *needle = fold (stripped);
    }
}

/* How the filter moved, so that GtkFilterListModel only looks again at
 * the rows that can change; -1 when nothing changed. */
static int
search_change (const char *old_needle,
               gboolean    old_digits,
               const char *new_needle,
               gboolean    new_digits)
{
  if (old_needle == NULL && new_needle == NULL)
    return -1;
  if (old_needle == NULL)
    return GTK_FILTER_CHANGE_MORE_STRICT;
  if (new_needle == NULL)
    return GTK_FILTER_CHANGE_LESS_STRICT;
  if (old_digits != new_digits)
    return GTK_FILTER_CHANGE_DIFFERENT;
  if (strcmp (old_needle, new_needle) == 0)
    return -1;
  if (strstr (new_needle, old_needle) != NULL)
    return GTK_FILTER_CHANGE_MORE_STRICT;
  if (strstr (old_needle, new_needle) != NULL)
    return GTK_FILTER_CHANGE_LESS_STRICT;
  return GTK_FILTER_CHANGE_DIFFERENT;
}

/* SALUR_DEBUG_STATE=FILE: one line a UI test can wait on, rewritten each
 * time the filtered list settles. A NIK searched for is written masked, as
 * the screen would show it: the file may outlive the session. */
static void
write_debug_state (SalurWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *search = NULL;

  if (self->debug_state_path == NULL)
    return;

  if (self->needle_digits)
    search = salur_nik_mask (self->needle);
  else
    search = g_strdup (self->search_text != NULL ? self->search_text : "");
  line = g_strdup_printf ("shown=%u total=%u search=%s\n",
                          g_list_model_get_n_items (G_LIST_MODEL (self->shown)),
                          g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                          search);
  if (g_strcmp0 (line, self->debug_state_last) == 0)
    return;

  if (!g_file_set_contents (self->debug_state_path, line, -1, &error))
    g_warning ("Cannot write %s: %s", self->debug_state_path, error->message);
  g_free (self->debug_state_last);
  self->debug_state_last = g_steal_pointer (&line);
}

static void
update_status (SalurWindow *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  gboolean settled = gtk_filter_list_model_get_pending (self->shown) == 0;
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("Showing %u of %u KPM"), shown, total);
  gtk_label_set_label (self->status_label, text);

  /* While the filter is still running the list may briefly be empty:
   * only say "nothing found" once it has looked at every row. */
  if (shown > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "rows");
    }
  else if (settled)
    {
      if (total == 0)
        {
          adw_status_page_set_title (self->none_page, _("No KPM on the list yet"));
          adw_status_page_set_description (self->none_page,
                                           _("Import the approved list (BNBA) with <tt>salur import</tt>."));
        }
      else
        {
          adw_status_page_set_title (self->none_page, _("No KPM found"));
          adw_status_page_set_description (self->none_page,
                                           _("Try part of the name, or all 16 digits of the NIK."));
        }
      gtk_stack_set_visible_child_name (self->list_stack, "none");
    }

  if (settled)
    write_debug_state (self);
}

static void
show_page (SalurWindow *self,
           const char  *name)
{
  gboolean loading = g_str_equal (name, "loading");

  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_stack_set_visible_child_name (self->stack, name);
  if (g_str_equal (name, "list"))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_error (SalurWindow  *self,
            const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  adw_status_page_set_description (self->error_page, escaped);
  show_page (self, "error");
}

static void
set_village (SalurWindow        *self,
             const SalurVillage *village)
{
  g_autofree char *subtitle = NULL;

  if (village != NULL && *village->kecamatan != '\0')
    subtitle = g_strdup_printf (_("Desa %s, Kec. %s"), village->desa, village->kecamatan);
  else if (village != NULL)
    subtitle = g_strdup_printf (_("Desa %s"), village->desa);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
}

static void
set_dusuns (SalurWindow *self,
            GPtrArray   *dusun)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->dusun_names));
  guint selected = 0;

  for (guint i = 0; i < dusun->len; i++)
    {
      const SalurDusun *d = g_ptr_array_index (dusun, i);

      g_ptr_array_add (names, d->name);
      if (self->dusun != NULL && g_str_equal (d->name, self->dusun))
        selected = i + 1;
    }
  g_ptr_array_add (names, NULL);

  /* Rebuilding the model moves the selection: keep the filter as it was,
   * then select the same dusun again (or all, if it is gone). */
  self->setting_dusuns = TRUE;
  gtk_string_list_splice (self->dusun_names, 1, n_old - 1,
                          (const char *const *) names->pdata);
  gtk_drop_down_set_selected (self->dusun_dropdown, selected);
  self->setting_dusuns = FALSE;

  if (selected == 0 && self->dusun != NULL)
    {
      g_clear_pointer (&self->dusun, g_free);
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
    }
}

static void
set_rows (SalurWindow *self,
          GPtrArray   *rows)
{
  /* One splice: one items-changed for 100,000 rows, not 100,000 */
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
}

/* Runs in a worker thread or, for a store with no file, in the main one */
static gboolean
load_from_store (SalurStore  *store,
                 LoadData    *data,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) kpm = NULL;

  if (data->create_demo && !salur_demo_create (store, 150, 1, error))
    return FALSE;

  data->village = salur_store_get_village (store, &local_error);
  if (data->village == NULL)
    {
      if (g_error_matches (local_error, SALUR_ERROR, SALUR_ERROR_NO_VILLAGE))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  data->dusun = salur_store_list_dusun (store, error);
  if (data->dusun == NULL)
    return FALSE;

  kpm = salur_store_list_kpm (store, NULL, error);
  if (kpm == NULL)
    return FALSE;

  data->rows = g_ptr_array_new_full (kpm->len, g_object_unref);
  for (guint i = 0; i < kpm->len; i++)
    {
      SalurKpmRow *row = salur_kpm_row_new (g_ptr_array_index (kpm, i));

      g_object_set_qdata (G_OBJECT (row), number_quark, GUINT_TO_POINTER (i + 1));
      g_ptr_array_add (data->rows, row);
    }
  return TRUE;
}

/* Reading the store runs on its own connection, so that the window keeps
 * drawing while 100,000 KPM come off the disk. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(SalurStore) store = NULL;
  GError *error = NULL;

  store = salur_store_open (data->path, &error);
  if (store == NULL || !load_from_store (store, data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
uses_file (SalurStore *store)
{
  const char *path = salur_store_get_path (store);

  return path != NULL && *path != '\0' && !g_str_equal (path, ":memory:");
}

/* Callbacks */

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SalurWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);
  LoadData *data = g_task_get_task_data (task);

  if (g_task_get_cancellable (task) != self->cancellable)
    return;   /* cancelled: the window closed or a newer load is on its way */
  g_clear_object (&self->cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-demo", TRUE);

  if (!g_task_propagate_boolean (task, &error))
    {
      show_error (self, error);
      return;
    }

  set_village (self, data->village);
  if (data->village == NULL)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      set_rows (self, none);
      show_page (self, "empty");
      return;
    }

  set_dusuns (self, data->dusun);
  set_rows (self, data->rows);
  update_status (self);
  show_page (self, "list");
}

static void
start_load (SalurWindow *self,
            gboolean     create_demo)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (salur_store_get_path (self->store));
  data->create_demo = create_demo;

  task = g_task_new (self, self->cancellable, load_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  /* The result is unused once cancelled, but a demo being written must
   * finish or roll back on its own: never stop the thread half-way. */
  g_task_set_return_on_cancel (task, FALSE);

  gtk_label_set_label (self->loading_label,
                       create_demo ? _("Creating the demo village…")
                                   : _("Loading the KPM list…"));
  /* A reload of a list already shown keeps it on screen until the new one is in */
  if (create_demo || !g_str_equal (gtk_stack_get_visible_child_name (self->stack), "list"))
    show_page (self, "loading");

  if (uses_file (self->store))
    {
      g_task_run_in_thread (task, load_thread);
    }
  else
    {
      GError *error = NULL;

      if (load_from_store (self->store, data, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
    }
}

static void
search_changed_cb (SalurWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = NULL;
  gboolean digits;
  int change;

  parse_search (text, &needle, &digits);
  change = search_change (self->needle, self->needle_digits, needle, digits);

  g_free (self->search_text);
  self->search_text = g_strdup (text);
  g_free (self->needle);
  self->needle = g_steal_pointer (&needle);
  self->needle_digits = digits;

  if (change >= 0)
    gtk_filter_changed (GTK_FILTER (self->filter), change);
  else
    update_status (self);
}

static void
stop_search_cb (SalurWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
dusun_selected_cb (SalurWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->dusun_dropdown);
  const char *name = NULL;
  GtkFilterChange change;

  if (self->setting_dusuns)
    return;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    name = gtk_string_list_get_string (self->dusun_names, selected);
  if (g_strcmp0 (name, self->dusun) == 0)
    return;

  if (self->dusun == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (name == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (self->dusun);
  self->dusun = g_strdup (name);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

static void
shown_items_changed_cb (SalurWindow *self)
{
  update_status (self);
}

static void
setup_label (GtkListItem *item,
             float        xalign,
             gboolean     ellipsize,
             const char  *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (ellipsize)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_list_item_set_child (item, label);
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SalurWindow              *self)
{
  setup_label (item, 0.0, TRUE, NULL);
}

/* A name keeps room for about 18 letters: at the window's narrowest the
 * criteria column gives way (or the list scrolls sideways) first. */
static void
setup_name_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SalurWindow              *self)
{
  setup_label (item, 0.0, TRUE, NULL);
  gtk_label_set_width_chars (GTK_LABEL (gtk_list_item_get_child (item)), 18);
}

static void
setup_number_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 SalurWindow              *self)
{
  setup_label (item, 0.0, FALSE, "numeric");
}

static void
setup_short_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                SalurWindow              *self)
{
  setup_label (item, 0.0, FALSE, NULL);
}

static void
setup_nik_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              SalurWindow              *self)
{
  setup_label (item, 0.0, FALSE, "salur-nik");
}

static void
set_cell (GtkListItem *item,
          const char  *text)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
bind_no_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            SalurWindow              *self)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u", row_number (gtk_list_item_get_item (item)));
  set_cell (item, text);
}

static void
bind_nik_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             SalurWindow              *self)
{
  /* DOMAIN.md: a screen shows the first 4 and the last 4 digits, never more */
  g_autofree char *masked = salur_nik_mask (item_kpm (item)->nik);

  set_cell (item, masked);
}

static void
bind_name_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              SalurWindow              *self)
{
  const SalurKpm *kpm = item_kpm (item);

  set_cell (item, kpm->name);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), kpm->name);
}

static void
bind_sex_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             SalurWindow              *self)
{
  set_cell (item, salur_sex_label (item_kpm (item)->sex));
}

static void
bind_dusun_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SalurWindow              *self)
{
  set_cell (item, item_kpm (item)->dusun);
}

static void
bind_rt_rw_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SalurWindow              *self)
{
  g_autofree char *rt_rw = salur_kpm_rt_rw (item_kpm (item));

  set_cell (item, rt_rw);
}

static void
bind_criteria_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  SalurWindow              *self)
{
  const SalurKpm *kpm = item_kpm (item);

  set_cell (item, kpm->criteria);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item),
                               *kpm->criteria != '\0' ? kpm->criteria : NULL);
}

static int
compare_no (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  guint na = row_number ((gpointer) a), nb = row_number ((gpointer) b);

  return na < nb ? -1 : na > nb;
}

/* Plain byte order, not g_utf8_collate: names are Latin capitals, and
 * collating 100,000 rows would take seconds on a village laptop. */
static int
compare_name (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  int c = g_ascii_strcasecmp (salur_kpm_row_get_kpm ((gpointer) a)->name,
                              salur_kpm_row_get_kpm ((gpointer) b)->name);

  return c != 0 ? c : compare_no (a, b, NULL);
}

static int
compare_sex (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  int sa = salur_kpm_row_get_kpm ((gpointer) a)->sex;
  int sb = salur_kpm_row_get_kpm ((gpointer) b)->sex;

  return sa != sb ? (sa < sb ? -1 : 1) : compare_no (a, b, NULL);
}

static int
compare_dusun (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  int c = g_ascii_strcasecmp (salur_kpm_row_get_kpm ((gpointer) a)->dusun,
                              salur_kpm_row_get_kpm ((gpointer) b)->dusun);

  return c != 0 ? c : compare_no (a, b, NULL);
}

static int
compare_rt_rw (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const SalurKpm *ka = salur_kpm_row_get_kpm ((gpointer) a);
  const SalurKpm *kb = salur_kpm_row_get_kpm ((gpointer) b);
  int c = strcmp (ka->rw, kb->rw);

  if (c == 0)
    c = strcmp (ka->rt, kb->rt);
  return c != 0 ? c : compare_no (a, b, NULL);
}

static int
compare_criteria (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  int c = g_ascii_strcasecmp (salur_kpm_row_get_kpm ((gpointer) a)->criteria,
                              salur_kpm_row_get_kpm ((gpointer) b)->criteria);

  return c != 0 ? c : compare_no (a, b, NULL);
}

static void
set_sorter (GtkColumnViewColumn *column,
            GCompareDataFunc     compare)
{
  g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (compare, NULL, NULL);

  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalurWindow *self = SALUR_WINDOW (widget);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "list"))
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  /* The next scan or name replaces the last one */
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  salur_window_reload (SALUR_WINDOW (widget));
}

static void
create_demo_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SalurWindow *self = SALUR_WINDOW (widget);

  /* Only an empty store gets the demo: the core refuses it otherwise, and
   * the button is not shown then anyway. */
  gtk_widget_action_set_enabled (widget, "win.create-demo", FALSE);
  start_load (self, TRUE);
}

/* GObject */

static void
salur_window_dispose (GObject *object)
{
  SalurWindow *self = SALUR_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->shown != NULL)
    g_signal_handlers_disconnect_by_data (self->shown, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SALUR_TYPE_WINDOW);

  G_OBJECT_CLASS (salur_window_parent_class)->dispose (object);
}

static void
salur_window_finalize (GObject *object)
{
  SalurWindow *self = SALUR_WINDOW (object);

  g_clear_object (&self->shown);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);
  g_clear_object (&self->dusun_names);
  g_clear_object (&self->store);
  g_free (self->search_text);
  g_free (self->needle);
  g_free (self->dusun);
  g_free (self->debug_state_path);
  g_free (self->debug_state_last);

  G_OBJECT_CLASS (salur_window_parent_class)->finalize (object);
}

static void
salur_window_class_init (SalurWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_window_dispose;
  object_class->finalize = salur_window_finalize;

  number_quark = g_quark_from_static_string ("salur-window-row-number");

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, dusun_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, none_page);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, no_column);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, name_column);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, sex_column);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, dusun_column);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, rt_rw_column);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, criteria_column);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, status_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, dusun_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_number_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_short_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_nik_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_no_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_nik_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_sex_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_dusun_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_rt_rw_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_criteria_cb);

  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.create-demo", NULL, create_demo_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
}

static void
salur_window_init (SalurWindow *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;
  const char *all[] = { _("All dusun"), NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->debug_state_path = g_strdup (g_getenv ("SALUR_DEBUG_STATE"));

  self->rows = g_list_store_new (SALUR_TYPE_KPM_ROW);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->rows)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  gtk_sort_list_model_set_incremental (self->sorted, TRUE);
  self->filter = gtk_custom_filter_new (row_visible, self, NULL);
  self->shown = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sorted)),
                                           g_object_ref (GTK_FILTER (self->filter)));
  /* A search over 100,000 rows runs in slices between frames */
  gtk_filter_list_model_set_incremental (self->shown, TRUE);
  g_signal_connect_swapped (self->shown, "items-changed", G_CALLBACK (shown_items_changed_cb), self);
  g_signal_connect_swapped (self->shown, "notify::pending", G_CALLBACK (shown_items_changed_cb), self);

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  set_sorter (self->no_column, compare_no);
  set_sorter (self->name_column, compare_name);
  set_sorter (self->sex_column, compare_sex);
  set_sorter (self->dusun_column, compare_dusun);
  set_sorter (self->rt_rw_column, compare_rt_rw);
  set_sorter (self->criteria_column, compare_criteria);

  self->dusun_names = gtk_string_list_new (all);
  gtk_drop_down_set_model (self->dusun_dropdown, G_LIST_MODEL (self->dusun_names));

  /* A scanner types wherever the focus is: send it to the search */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search by name or NIK"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dusun_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dusun"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main menu"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("KPM list"),
                                  -1);

  update_status (self);
}

/* Public API */

SalurWindow *
salur_window_new (AdwApplication *app,
                  SalurStore     *store)
{
  SalurWindow *self;

  g_return_val_if_fail (app == NULL || ADW_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  self = g_object_new (SALUR_TYPE_WINDOW, "application", app, NULL);
  self->store = g_object_ref (store);
  /* here rather than in init: it needs the application, to save on quit */
  salur_settings_track_window (GTK_WINDOW (self));
  salur_window_reload (self);
  return self;
}

void
salur_window_reload (SalurWindow *self)
{
  g_return_if_fail (SALUR_IS_WINDOW (self));

  start_load (self, FALSE);
}

GListModel *
salur_window_get_shown (SalurWindow *self)
{
  g_return_val_if_fail (SALUR_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->shown);
}
