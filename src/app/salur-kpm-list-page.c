/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "salur-app-util.h"
#include "salur-change-form.h"
#include "salur-kpm-list-page.h"
#include "salur-kpm-page.h"
#include "salur-kpm-row.h"
#include "salur-nik.h"

struct _SalurKpmListPage
{
  AdwBin                parent_instance;

  /* template */
  GtkStack             *view_stack;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *dusun_dropdown;
  GtkMenuButton        *filter_button;
  GtkDropDown          *criteria_dropdown;
  GtkDropDown          *month_dropdown;
  GtkSpinButton        *year_spin;
  GtkDropDown          *state_dropdown;
  GtkButton            *add_button;
  GtkStack             *list_stack;
  AdwStatusPage        *none_page;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *no_column;
  GtkColumnViewColumn  *name_column;
  GtkColumnViewColumn  *sex_column;
  GtkColumnViewColumn  *dusun_column;
  GtkColumnViewColumn  *rt_rw_column;
  GtkColumnViewColumn  *state_column;
  GtkColumnViewColumn  *criteria_column;
  GtkLabel             *status_label;

  SalurSession         *session;
  GtkWidget            *kpm_page;      /* the open KPM's page, or NULL */
  GtkColumnViewColumn  *state_column_kept;  /* ours while out of the view */

  /* rows (in the store's order) → sorted by the column view → filtered */
  GListStore           *rows;
  GtkSortListModel     *sorted;
  GtkFilterListModel   *shown;
  GtkCustomFilter      *filter;
  GtkStringList        *dusun_names;     /* "All dusun", then each dusun */
  GtkStringList        *criteria_names;  /* "All criteria", then each as written */

  /* what the filter applies */
  char                 *search_text;     /* as typed, for the debug state */
  char                 *needle;          /* casefolded name part or NIK digits; NULL: all */
  gboolean              needle_digits;
  char                 *dusun;           /* NULL: every dusun */
  char                 *criteria;        /* NULL: any */
  SalurMonth            month;           /* SALUR_MONTH_NONE: no month chosen */
  int                   state;           /* -1: any */
  GHashTable           *states;          /* KPM id → SalurState + 1, for MONTH; NULL while read */
  gboolean              setting_models;

  GCancellable         *cancellable;     /* the load in flight */
  GCancellable         *states_cancellable;
  char                 *debug_state_path;
  char                 *debug_state_last;
};

G_DEFINE_FINAL_TYPE (SalurKpmListPage, salur_kpm_list_page, ADW_TYPE_BIN)

/* The row's number in the village list ("No" on a BNBA sheet) */
static GQuark number_quark;

typedef struct
{
  char         *path;
  GPtrArray    *dusun;     /* of SalurDusun */
  GPtrArray    *rows;      /* of SalurKpmRow */
  GPtrArray    *criteria;  /* of char *, sorted, distinct */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->dusun, g_ptr_array_unref);
  g_clear_pointer (&data->rows, g_ptr_array_unref);
  g_clear_pointer (&data->criteria, g_ptr_array_unref);
  g_free (data);
}

typedef struct
{
  char        *path;
  SalurMonth   month;
  GHashTable  *states;
} StatesData;

static void
states_data_free (StatesData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->states, g_hash_table_unref);
  g_free (data);
}

static void start_load (SalurKpmListPage *self);
static void start_states (SalurKpmListPage *self);

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

static int
state_of (SalurKpmListPage *self,
          const SalurKpm   *kpm)
{
  gpointer found;

  if (self->states == NULL)
    return -1;
  found = g_hash_table_lookup (self->states, kpm->id);
  return found != NULL ? GPOINTER_TO_INT (found) - 1 : -1;
}

static gboolean
row_visible (gpointer item,
             gpointer user_data)
{
  SalurKpmListPage *self = user_data;
  const SalurKpm *kpm = salur_kpm_row_get_kpm (item);

  if (self->dusun != NULL && strcmp (kpm->dusun, self->dusun) != 0)
    return FALSE;
  if (self->criteria != NULL && strcmp (kpm->criteria, self->criteria) != 0)
    return FALSE;
  /* a state is asked for: until the month's states are read, nothing
   * passes rather than everything */
  if (self->month != SALUR_MONTH_NONE && self->state >= 0 && state_of (self, kpm) != self->state)
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
write_debug_state (SalurKpmListPage *self)
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

static gboolean
any_filter (SalurKpmListPage *self)
{
  return self->criteria != NULL || (self->month != SALUR_MONTH_NONE && self->state >= 0);
}

/* GTK 4.8 still counts a hidden column's width, leaving a gap at the end
 * of the rows: the state column is taken out of the view instead */
static void
show_state_column (SalurKpmListPage *self,
                   gboolean          show)
{
  gboolean shown;

  if (self->state_column == NULL)
    return;   /* disposed */
  shown = gtk_column_view_column_get_column_view (self->state_column) != NULL;

  if (show == shown)
    return;
  if (show)
    gtk_column_view_insert_column (self->column_view,
                                   g_list_model_get_n_items (gtk_column_view_get_columns (self->column_view)) - 1,
                                   self->state_column);
  else
    gtk_column_view_remove_column (self->column_view, self->state_column);
}

static void
update_status (SalurKpmListPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  gboolean settled = gtk_filter_list_model_get_pending (self->shown) == 0;
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_printf (text, _("Showing %u of %u KPM"), shown, total);
  if (self->month != SALUR_MONTH_NONE)
    {
      g_autofree char *month = salur_app_month_label (self->month);

      if (self->state >= 0)
        /* TRANSLATORS: after "Showing 12 of 150 KPM": a state and a month, "Paid in November 2026" */
        g_string_append_printf (text, _(" · %s in %s"), salur_app_state_label (self->state), month);
      else
        /* TRANSLATORS: after "Showing 12 of 150 KPM": the month whose state the list shows */
        g_string_append_printf (text, _(" · state in %s"), month);
    }
  if (self->criteria != NULL)
    g_string_append_printf (text, " · %s", self->criteria);
  gtk_label_set_label (self->status_label, text->str);
  show_state_column (self, self->month != SALUR_MONTH_NONE);
  if (any_filter (self))
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "suggested-action");

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
                                           _("Import the approved list (BNBA) on the Import page."));
        }
      else if (self->needle == NULL && (self->dusun != NULL || any_filter (self)))
        {
          adw_status_page_set_title (self->none_page, _("No KPM found"));
          adw_status_page_set_description (self->none_page, _("No KPM matches these filters."));
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

/* Replaces the strings after the first of LIST and selects SELECT again
 * (0, "all", when it is gone); returns the position selected */
static guint
set_choices (SalurKpmListPage *self,
             GtkDropDown      *dropdown,
             GtkStringList    *list,
             GPtrArray        *names,
             const char       *select)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint selected = 0;

  for (guint i = 0; i < names->len; i++)
    if (select != NULL && g_str_equal (names->pdata[i], select))
      selected = i + 1;
  g_ptr_array_add (names, NULL);

  /* Rebuilding the model moves the selection: keep the filter as it was,
   * then select the same one again */
  self->setting_models = TRUE;
  gtk_string_list_splice (list, 1, n_old - 1, (const char *const *) names->pdata);
  gtk_drop_down_set_selected (dropdown, selected);
  self->setting_models = FALSE;
  g_ptr_array_remove_index (names, names->len - 1);
  return selected;
}

static void
set_dusuns (SalurKpmListPage *self,
            GPtrArray        *dusun)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < dusun->len; i++)
    g_ptr_array_add (names, ((SalurDusun *) g_ptr_array_index (dusun, i))->name);
  if (set_choices (self, self->dusun_dropdown, self->dusun_names, names, self->dusun) == 0 && self->dusun != NULL)
    {
      g_clear_pointer (&self->dusun, g_free);
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
    }
}

static void
set_criteria (SalurKpmListPage *self,
              GPtrArray        *criteria)
{
  if (set_choices (self, self->criteria_dropdown, self->criteria_names, criteria, self->criteria) == 0
      && self->criteria != NULL)
    {
      g_clear_pointer (&self->criteria, g_free);
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
    }
}

static void
set_rows (SalurKpmListPage *self,
          GPtrArray        *rows)
{
  /* One splice: one items-changed for 100,000 rows, not 100,000 */
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

static gboolean
load_from_store (SalurStore  *store,
                 LoadData    *data,
                 GError     **error)
{
  g_autoptr(GPtrArray) kpm = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  data->dusun = salur_store_list_dusun (store, error);
  if (data->dusun == NULL)
    return FALSE;
  kpm = salur_store_list_kpm (store, NULL, error);
  if (kpm == NULL)
    return FALSE;

  data->rows = g_ptr_array_new_full (kpm->len, g_object_unref);
  data->criteria = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < kpm->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (kpm, i);
      SalurKpmRow *row = salur_kpm_row_new (k);

      g_object_set_qdata (G_OBJECT (row), number_quark, GUINT_TO_POINTER (i + 1));
      g_ptr_array_add (data->rows, row);
      if (*k->criteria != '\0' && !g_hash_table_contains (seen, k->criteria))
        {
          char *copy = g_strdup (k->criteria);

          g_hash_table_add (seen, copy);
          g_ptr_array_add (data->criteria, copy);
        }
    }
  g_ptr_array_sort (data->criteria, compare_strings);
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

/* Reads where every KPM stands for DATA's month from STORE and returns it
 * through TASK */
static void
return_states (GTask      *task,
               StatesData *data,
               SalurStore *store)
{
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;

  rows = salur_ledger_status (store, data->month, NULL, &error);
  if (rows == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      SalurStatusRow *r = g_ptr_array_index (rows, i);

      g_hash_table_insert (data->states, g_strdup (r->kpm->id), GINT_TO_POINTER (r->state + 1));
    }
  g_task_return_boolean (task, TRUE);
}

static void
states_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(SalurStore) store = NULL;
  GError *error = NULL;

  store = salur_store_open (((StatesData *) task_data)->path, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    return_states (task, task_data, store);
}

static SalurMonth
chosen_month (SalurKpmListPage *self)
{
  guint m = gtk_drop_down_get_selected (self->month_dropdown);

  if (m == GTK_INVALID_LIST_POSITION || m == 0)
    return SALUR_MONTH_NONE;
  return salur_month_from_ymd (gtk_spin_button_get_value_as_int (self->year_spin), m);
}

/* Callbacks */

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SalurKpmListPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);
  LoadData *data = g_task_get_task_data (task);

  if (g_task_get_cancellable (task) != self->cancellable)
    return;   /* cancelled: the page went away or a newer load is on its way */
  g_clear_object (&self->cancellable);

  if (!g_task_propagate_boolean (task, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the KPM list: %s"), error->message);

      g_warning ("%s", message);
      salur_app_toast (GTK_WIDGET (self), message);
      return;
    }

  set_dusuns (self, data->dusun);
  set_criteria (self, data->criteria);
  set_rows (self, data->rows);
  update_status (self);
}

static void
start_load (SalurKpmListPage *self)
{
  g_autoptr(GTask) task = NULL;
  SalurStore *store = salur_session_get_store (self->session);
  LoadData *data;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (salur_store_get_path (store));

  task = g_task_new (self, self->cancellable, load_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  if (salur_app_store_uses_file (store))
    {
      g_task_run_in_thread (task, load_thread);
    }
  else
    {
      GError *error = NULL;

      if (load_from_store (store, data, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
    }
}

static void
states_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SalurKpmListPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);
  StatesData *data = g_task_get_task_data (task);

  if (g_task_get_cancellable (task) != self->states_cancellable)
    return;
  g_clear_object (&self->states_cancellable);

  if (!g_task_propagate_boolean (task, &error))
    {
      salur_app_toast (GTK_WIDGET (self), error->message);
      return;
    }
  g_clear_pointer (&self->states, g_hash_table_unref);
  self->states = g_steal_pointer (&data->states);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  /* the rows on screen keep their cells: a new factory binds the state
   * column's cells again */
  {
    GtkListItemFactory *factory = gtk_column_view_column_get_factory (self->state_column);

    g_object_ref (factory);
    gtk_column_view_column_set_factory (self->state_column, NULL);
    gtk_column_view_column_set_factory (self->state_column, factory);
    g_object_unref (factory);
  }
  update_status (self);
}

/* Where every KPM stands for the month chosen: read in a thread, as the
 * list is (about 0.2 s for 100,000 KPM) */
static void
start_states (SalurKpmListPage *self)
{
  g_autoptr(GTask) task = NULL;
  SalurStore *store = salur_session_get_store (self->session);
  StatesData *data;

  g_cancellable_cancel (self->states_cancellable);
  g_clear_object (&self->states_cancellable);
  g_clear_pointer (&self->states, g_hash_table_unref);
  if (self->month == SALUR_MONTH_NONE)
    return;
  self->states_cancellable = g_cancellable_new ();

  data = g_new0 (StatesData, 1);
  data->path = g_strdup (salur_store_get_path (store));
  data->month = self->month;
  task = g_task_new (self, self->states_cancellable, states_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_states);
  g_task_set_task_data (task, data, (GDestroyNotify) states_data_free);
  if (salur_app_store_uses_file (store))
    g_task_run_in_thread (task, states_thread);
  else
    return_states (task, data, store);
}

static void
session_changed_cb (SalurKpmListPage *self)
{
  salur_kpm_list_page_reload (self);
}

static void
search_changed_cb (SalurKpmListPage *self)
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
stop_search_cb (SalurKpmListPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* A new value for a filter that is either off (NULL) or one choice */
static void
set_string_filter (SalurKpmListPage  *self,
                   char             **field,
                   const char        *value)
{
  GtkFilterChange change;

  if (g_strcmp0 (value, *field) == 0)
    return;
  if (*field == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (value == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;
  g_free (*field);
  *field = g_strdup (value);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

static const char *
selected_string (GtkDropDown   *dropdown,
                 GtkStringList *list)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == 0)
    return NULL;
  return gtk_string_list_get_string (list, selected);
}

static void
dusun_selected_cb (SalurKpmListPage *self)
{
  if (!self->setting_models)
    set_string_filter (self, &self->dusun, selected_string (self->dusun_dropdown, self->dusun_names));
}

static void
criteria_selected_cb (SalurKpmListPage *self)
{
  if (!self->setting_models)
    {
      set_string_filter (self, &self->criteria, selected_string (self->criteria_dropdown, self->criteria_names));
      update_status (self);
    }
}

static void
month_changed_cb (SalurKpmListPage *self)
{
  SalurMonth month = chosen_month (self);

  if (month == self->month)
    return;
  self->month = month;
  start_states (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->state_dropdown), month != SALUR_MONTH_NONE);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_status (self);
}

static void
state_selected_cb (SalurKpmListPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->state_dropdown);
  int state = selected == GTK_INVALID_LIST_POSITION || selected == 0 ? -1 : (int) selected - 1;

  if (state == self->state)
    return;
  self->state = state;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_status (self);
}

static void
shown_items_changed_cb (SalurKpmListPage *self)
{
  update_status (self);
}

static void
row_activated_cb (SalurKpmListPage *self,
                  guint             position)
{
  g_autoptr(SalurKpmRow) row = g_list_model_get_item (G_LIST_MODEL (self->shown), position);

  if (row != NULL)
    salur_kpm_list_page_show_kpm (self, salur_kpm_row_get_kpm (row)->id);
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SalurKpmListPage         *self)
{
  gtk_list_item_set_child (item, salur_app_cell_label (0.0, TRUE, NULL));
}

/* A name keeps room for about 18 letters: at the window's narrowest the
 * criteria column gives way (or the list scrolls sideways) first. */
static void
setup_name_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SalurKpmListPage         *self)
{
  GtkWidget *label = salur_app_cell_label (0.0, TRUE, NULL);

  gtk_label_set_width_chars (GTK_LABEL (label), 18);
  gtk_list_item_set_child (item, label);
}

static void
setup_number_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 SalurKpmListPage         *self)
{
  gtk_list_item_set_child (item, salur_app_cell_label (0.0, FALSE, "numeric"));
}

static void
setup_short_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                SalurKpmListPage         *self)
{
  gtk_list_item_set_child (item, salur_app_cell_label (0.0, FALSE, NULL));
}

static void
setup_nik_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              SalurKpmListPage         *self)
{
  gtk_list_item_set_child (item, salur_app_cell_label (0.0, FALSE, "salur-nik"));
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
            SalurKpmListPage         *self)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u", row_number (gtk_list_item_get_item (item)));
  set_cell (item, text);
}

static void
bind_nik_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             SalurKpmListPage         *self)
{
  /* DOMAIN.md: a screen shows the first 4 and the last 4 digits, never more */
  g_autofree char *masked = salur_nik_mask (item_kpm (item)->nik);

  set_cell (item, masked);
}

static void
bind_name_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              SalurKpmListPage         *self)
{
  const SalurKpm *kpm = item_kpm (item);

  set_cell (item, kpm->name);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), kpm->name);
}

static void
bind_sex_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             SalurKpmListPage         *self)
{
  set_cell (item, salur_sex_label (item_kpm (item)->sex));
}

static void
bind_dusun_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SalurKpmListPage         *self)
{
  set_cell (item, item_kpm (item)->dusun);
}

static void
bind_rt_rw_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SalurKpmListPage         *self)
{
  g_autofree char *rt_rw = salur_kpm_rt_rw (item_kpm (item));

  set_cell (item, rt_rw);
}

static void
bind_state_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SalurKpmListPage         *self)
{
  int state = state_of (self, item_kpm (item));

  set_cell (item, state >= 0 ? salur_app_state_label (state) : "");
}

static void
bind_criteria_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  SalurKpmListPage         *self)
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

/* Dusun names are the stored ones: plain strcmp */
static int
compare_dusun (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  int c = strcmp (salur_kpm_row_get_kpm ((gpointer) a)->dusun,
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
compare_state (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SalurKpmListPage *self = user_data;
  int sa = state_of (self, salur_kpm_row_get_kpm ((gpointer) a));
  int sb = state_of (self, salur_kpm_row_get_kpm ((gpointer) b));

  return sa != sb ? (sa < sb ? -1 : 1) : compare_no (a, b, NULL);
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
            GCompareDataFunc     compare,
            gpointer             data)
{
  g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (compare, data, NULL);

  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
}

/* The KPM's page or the form to add one, made for each use */
static void
drop_child (SalurKpmListPage *self,
            const char       *name)
{
  GtkWidget *child = gtk_stack_get_child_by_name (self->view_stack, name);

  if (child == NULL)
    return;
  if (child == self->kpm_page)
    self->kpm_page = NULL;
  gtk_stack_remove (self->view_stack, child);
}

static void
back_to_list (SalurKpmListPage *self)
{
  gtk_stack_set_visible_child_name (self->view_stack, "list");
  drop_child (self, "kpm");
  drop_child (self, "add");
  salur_kpm_list_page_focus_search (self);
}

static void
added_cb (SalurKpmListPage *self,
          const char       *message,
          const char       *kpm_id)
{
  salur_app_toast (GTK_WIDGET (self), message);
  /* the new KPM's page: its history starts with the addition */
  salur_kpm_list_page_show_kpm (self, kpm_id);
  drop_child (self, "add");
}

static void
add_kpm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SalurKpmListPage *self = SALUR_KPM_LIST_PAGE (widget);
  GtkWidget *form;

  drop_child (self, "add");
  form = salur_change_form_new (self->session, SALUR_CHANGE_ADD, NULL);
  g_signal_connect_swapped (form, "recorded", G_CALLBACK (added_cb), self);
  g_signal_connect_swapped (form, "cancelled", G_CALLBACK (back_to_list), self);
  gtk_stack_add_named (self->view_stack, form, "add");
  gtk_stack_set_visible_child_name (self->view_stack, "add");
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SalurKpmListPage *self = SALUR_KPM_LIST_PAGE (widget);

  gtk_drop_down_set_selected (self->criteria_dropdown, 0);
  gtk_drop_down_set_selected (self->state_dropdown, 0);
  gtk_drop_down_set_selected (self->month_dropdown, 0);
}

/* GObject */

static void
salur_kpm_list_page_dispose (GObject *object)
{
  SalurKpmListPage *self = SALUR_KPM_LIST_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->states_cancellable);
  g_clear_object (&self->states_cancellable);
  if (self->shown != NULL)
    g_signal_handlers_disconnect_by_data (self->shown, self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);

  /* AdwBin keeps its own pointer to the template's root: let it go first */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SALUR_TYPE_KPM_LIST_PAGE);

  G_OBJECT_CLASS (salur_kpm_list_page_parent_class)->dispose (object);
}

static void
salur_kpm_list_page_finalize (GObject *object)
{
  SalurKpmListPage *self = SALUR_KPM_LIST_PAGE (object);

  g_clear_object (&self->shown);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);
  g_clear_object (&self->dusun_names);
  g_clear_object (&self->criteria_names);
  g_clear_object (&self->state_column_kept);
  g_clear_object (&self->session);
  g_clear_pointer (&self->states, g_hash_table_unref);
  g_free (self->search_text);
  g_free (self->needle);
  g_free (self->dusun);
  g_free (self->criteria);
  g_free (self->debug_state_path);
  g_free (self->debug_state_last);

  G_OBJECT_CLASS (salur_kpm_list_page_parent_class)->finalize (object);
}

static void
salur_kpm_list_page_class_init (SalurKpmListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_kpm_list_page_dispose;
  object_class->finalize = salur_kpm_list_page_finalize;

  number_quark = g_quark_from_static_string ("salur-kpm-list-row-number");

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-kpm-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, dusun_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, criteria_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, month_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, year_spin);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, none_page);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, no_column);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, sex_column);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, dusun_column);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, rt_rw_column);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, state_column);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, criteria_column);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmListPage, status_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, dusun_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, criteria_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, month_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, state_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
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
  gtk_widget_class_bind_template_callback (widget_class, bind_state_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_criteria_cb);

  gtk_widget_class_install_action (widget_class, "list.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "list.add-kpm", NULL, add_kpm_action);
}

static void
salur_kpm_list_page_init (SalurKpmListPage *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;
  g_autoptr(GtkStringList) months = NULL;
  g_autoptr(GtkStringList) states = NULL;
  const char *all_dusun[] = { _("All dusun"), NULL };
  const char *all_criteria[] = { _("All criteria"), NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->debug_state_path = g_strdup (g_getenv ("SALUR_DEBUG_STATE"));
  self->state = -1;

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

  set_sorter (self->no_column, compare_no, NULL);
  set_sorter (self->name_column, compare_name, NULL);
  set_sorter (self->sex_column, compare_sex, NULL);
  set_sorter (self->dusun_column, compare_dusun, NULL);
  set_sorter (self->rt_rw_column, compare_rt_rw, NULL);
  set_sorter (self->state_column, compare_state, self);
  set_sorter (self->criteria_column, compare_criteria, NULL);
  /* shown only while a month is chosen; the page keeps it meanwhile */
  self->state_column_kept = g_object_ref (self->state_column);
  gtk_column_view_column_set_visible (self->state_column, TRUE);
  gtk_column_view_remove_column (self->column_view, self->state_column);

  self->dusun_names = gtk_string_list_new (all_dusun);
  gtk_drop_down_set_model (self->dusun_dropdown, G_LIST_MODEL (self->dusun_names));
  self->criteria_names = gtk_string_list_new (all_criteria);
  gtk_drop_down_set_model (self->criteria_dropdown, G_LIST_MODEL (self->criteria_names));

  months = gtk_string_list_new (NULL);
  gtk_string_list_append (months, _("No month"));
  for (int m = 1; m <= 12; m++)
    gtk_string_list_append (months, salur_app_month_name (m));
  gtk_drop_down_set_model (self->month_dropdown, G_LIST_MODEL (months));
  gtk_spin_button_set_value (self->year_spin, salur_month_year (salur_app_this_month ()));

  states = gtk_string_list_new (NULL);
  gtk_string_list_append (states, _("Any state"));
  for (int s = SALUR_STATE_UNPAID; s <= SALUR_STATE_NOT_LISTED; s++)
    gtk_string_list_append (states, salur_app_state_label (s));
  gtk_drop_down_set_model (self->state_dropdown, G_LIST_MODEL (states));
  gtk_widget_set_sensitive (GTK_WIDGET (self->state_dropdown), FALSE);

  /* A scanner types wherever the focus is on this page: send it to the search */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search by name or NIK"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dusun_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dusun"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->criteria_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Criteria"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->month_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Month"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->year_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Year"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("State"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add a KPM"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("KPM list"),
                                  -1);
}

/* Public API */

GtkWidget *
salur_kpm_list_page_new (SalurSession *session)
{
  SalurKpmListPage *self;

  g_return_val_if_fail (SALUR_IS_SESSION (session), NULL);

  self = g_object_new (SALUR_TYPE_KPM_LIST_PAGE, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_swapped (session, "changed", G_CALLBACK (session_changed_cb), self);
  update_status (self);
  start_load (self);
  return GTK_WIDGET (self);
}

void
salur_kpm_list_page_focus_search (SalurKpmListPage *self)
{
  g_return_if_fail (SALUR_IS_KPM_LIST_PAGE (self));

  gtk_stack_set_visible_child_name (self->view_stack, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  /* The next scan or name replaces the last one */
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
salur_kpm_list_page_reload (SalurKpmListPage *self)
{
  g_return_if_fail (SALUR_IS_KPM_LIST_PAGE (self));

  start_load (self);
  if (self->month != SALUR_MONTH_NONE)
    start_states (self);
}

GListModel *
salur_kpm_list_page_get_shown (SalurKpmListPage *self)
{
  g_return_val_if_fail (SALUR_IS_KPM_LIST_PAGE (self), NULL);

  return G_LIST_MODEL (self->shown);
}

void
salur_kpm_list_page_show_kpm (SalurKpmListPage *self,
                              const char       *kpm_id)
{
  g_return_if_fail (SALUR_IS_KPM_LIST_PAGE (self));
  g_return_if_fail (kpm_id != NULL);

  drop_child (self, "kpm");
  self->kpm_page = salur_kpm_page_new (self->session, kpm_id);
  g_signal_connect_swapped (self->kpm_page, "back", G_CALLBACK (back_to_list), self);
  gtk_stack_add_named (self->view_stack, self->kpm_page, "kpm");
  gtk_stack_set_visible_child_name (self->view_stack, "kpm");
}

GtkWidget *
salur_kpm_list_page_get_kpm_page (SalurKpmListPage *self)
{
  g_return_val_if_fail (SALUR_IS_KPM_LIST_PAGE (self), NULL);

  return self->kpm_page;
}
