/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "salur-app-util.h"
#include "salur-error.h"
#include "salur-import.h"
#include "salur-import-page.h"
#include "salur-nik.h"

/* A plan shared by the rows that show it: the column view may still hold a
 * row of the last plan for a frame after a new one came in */
typedef struct
{
  gatomicrefcount  ref_count;
  SalurImportPlan *plan;
} PlanRef;

static PlanRef *
plan_ref_new (SalurImportPlan *plan)
{
  PlanRef *ref = g_new0 (PlanRef, 1);

  g_atomic_ref_count_init (&ref->ref_count);
  ref->plan = plan;
  return ref;
}

static PlanRef *
plan_ref (PlanRef *ref)
{
  g_atomic_ref_count_inc (&ref->ref_count);
  return ref;
}

static void
plan_unref (PlanRef *ref)
{
  if (ref != NULL && g_atomic_ref_count_dec (&ref->ref_count))
    {
      salur_import_plan_free (ref->plan);
      g_free (ref);
    }
}

/* One row of the file, as the preview shows it */
#define SALUR_TYPE_IMPORT_ITEM (salur_import_item_get_type ())
G_DECLARE_FINAL_TYPE (SalurImportItem, salur_import_item, SALUR, IMPORT_ITEM, GObject)

struct _SalurImportItem
{
  GObject          parent_instance;
  PlanRef         *plan;
  SalurImportRow  *row;
  char            *problems;   /* the reasons, "" when none */
};

G_DEFINE_FINAL_TYPE (SalurImportItem, salur_import_item, G_TYPE_OBJECT)

static void
salur_import_item_finalize (GObject *object)
{
  SalurImportItem *self = SALUR_IMPORT_ITEM (object);

  plan_unref (self->plan);
  g_free (self->problems);
  G_OBJECT_CLASS (salur_import_item_parent_class)->finalize (object);
}

static void
salur_import_item_class_init (SalurImportItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = salur_import_item_finalize;
}

static void
salur_import_item_init (SalurImportItem *self)
{
}

struct _SalurImportPage
{
  AdwBin                parent_instance;

  /* template */
  GtkStack             *import_stack;
  AdwStatusPage        *working_page;
  GtkProgressBar       *progress_bar;
  GtkLabel             *file_label;
  GtkLabel             *summary_label;
  GtkDropDown          *show_dropdown;
  AdwPreferencesGroup  *columns_group;
  GtkColumnView        *rows_view;
  GtkDropDown          *from_month_dropdown;
  GtkSpinButton        *from_year_spin;
  GtkLabel             *verdict_label;
  GtkButton            *store_good_button;
  GtkButton            *store_button;
  AdwStatusPage        *done_page;

  SalurSession         *session;
  char                 *path;          /* the file shown */
  PlanRef              *plan;          /* its plan, or NULL */
  GListStore           *items;         /* SalurImportItem */
  GtkFilterListModel   *shown;
  GtkCustomFilter      *filter;
  guint                 show;          /* 0 every row, 1 refused, 2 warned */
  GPtrArray            *column_rows;   /* AdwComboRow, one per column of the file */
  gboolean              setting_columns;
  GCancellable         *cancellable;   /* the reading or storing in flight */
  double                progress;      /* written by the worker, shown by an idle */
  guint                 progress_idle;
  GMutex                progress_lock;
};

G_DEFINE_FINAL_TYPE (SalurImportPage, salur_import_page, ADW_TYPE_BIN)

typedef struct
{
  SalurImportPage *self;           /* for the progress, a reference */
  char            *store_path;     /* the worker's own connection */
  char            *file_path;      /* reading: the file */
  GArray          *columns;        /* SalurField, or NULL: as the headers say */
  SalurImportPlan *plan;           /* read (ours until the page takes it); or the one stored (the page's) */
  gboolean         owns_plan;
  SalurOperator    by;             /* storing: who */
  gboolean         has_by;
  SalurImportFlags flags;
  guint            stored;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_object_unref (data->self);
  g_free (data->store_path);
  g_free (data->file_path);
  g_clear_pointer (&data->columns, g_array_unref);
  if (data->owns_plan)
    salur_import_plan_free (data->plan);
  g_free (data->by.name);
  g_free (data);
}

static void start_reading (SalurImportPage *self, const char *path, GArray *columns);
static void column_changed_cb (GObject *row, GParamSpec *pspec, SalurImportPage *self);

/* Helpers */

static gboolean
progress_idle_cb (gpointer user_data)
{
  SalurImportPage *self = user_data;
  double fraction;
  g_autofree char *text = NULL;

  g_mutex_lock (&self->progress_lock);
  fraction = self->progress;
  self->progress_idle = 0;
  g_mutex_unlock (&self->progress_lock);

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  text = g_strdup_printf ("%d%%", (int) (fraction * 100));
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_REMOVE;
}

/* Called in the worker thread: hands the fraction to the main loop, one
 * idle at a time however often the worker calls */
static void
progress_cb (double   fraction,
             gpointer user_data)
{
  TaskData *data = user_data;
  SalurImportPage *self = data->self;

  g_mutex_lock (&self->progress_lock);
  self->progress = fraction;
  if (self->progress_idle == 0)
    self->progress_idle = g_idle_add_full (G_PRIORITY_DEFAULT, progress_idle_cb, g_object_ref (self),
                                           g_object_unref);
  g_mutex_unlock (&self->progress_lock);
}

static void
show_working (SalurImportPage *self,
              const char      *title)
{
  adw_status_page_set_title (self->working_page, title);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, "0%");
  gtk_stack_set_visible_child_name (self->import_stack, "working");
}

static void
show_message (SalurImportPage *self,
              const char      *message,
              gboolean         error)
{
  gtk_label_set_label (self->verdict_label, message != NULL ? message : "");
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), "dim-label");
    }
}

static SalurImportPlan *
plan_of (SalurImportPage *self)
{
  return self->plan != NULL ? self->plan->plan : NULL;
}

static gboolean
item_visible (gpointer item,
              gpointer user_data)
{
  SalurImportPage *self = user_data;
  SalurImportItem *it = item;

  switch (self->show)
    {
    case 1:
      return it->row->refused;
    case 2:
      return it->row->warned || it->row->refused;
    default:
      return TRUE;
    }
}

/* The column mapping as a person sees it: one drop-down per column */
static void
fill_columns (SalurImportPage *self)
{
  SalurImportPlan *plan = plan_of (self);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);

  for (int f = 0; f < SALUR_N_FIELDS; f++)
    gtk_string_list_append (labels, salur_field_label (f));

  self->setting_columns = TRUE;
  for (guint c = 0; plan->headers[c] != NULL; c++)
    {
      GtkWidget *row = adw_combo_row_new ();
      const char *header = *plan->headers[c] != '\0' ? plan->headers[c] : "—";
      g_autofree char *escaped = g_markup_escape_text (header, -1);
      g_autofree char *name = g_strdup_printf ("column-%u", c);
      SalurField field = c < plan->columns->n_columns ? plan->columns->map[c] : SALUR_FIELD_NONE;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), field);
      gtk_widget_set_name (row, name);
      g_signal_connect (row, "notify::selected", G_CALLBACK (column_changed_cb), self);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }
  self->setting_columns = FALSE;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = salur_app_cell_label (0.0, TRUE, NULL);

  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_list_item_set_child (item, label);
}

/* A refused or warned row: every cell of it, so the whole row shows */
static void
mark_cell (GtkListItem     *item,
           SalurImportItem *it)
{
  GtkWidget *cell = gtk_widget_get_parent (gtk_list_item_get_child (item));

  if (cell == NULL)
    return;
  gtk_widget_remove_css_class (cell, "salur-refused");
  gtk_widget_remove_css_class (cell, "salur-warned");
  if (it != NULL && it->row->refused)
    gtk_widget_add_css_class (cell, "salur-refused");
  else if (it != NULL && it->row->warned)
    gtk_widget_add_css_class (cell, "salur-warned");
}

/* The reasons may be long: a few lines, the rest in the tooltip */
static void
setup_problem_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = salur_app_cell_label (0.0, TRUE, NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  SalurImportItem *it = gtk_list_item_get_item (item);
  guint c = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  SalurImportPlan *plan = it->plan->plan;
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  const char *text = c < it->row->n_cells ? it->row->cells[c] : "";
  g_autofree char *masked = NULL;

  /* a whole NIK or KK is never on the screen (DOMAIN.md); one the file
   * spoilt is shown as written, to be found and fixed */
  if ((int) c == plan->columns->column_of[SALUR_FIELD_NIK] || (int) c == plan->columns->column_of[SALUR_FIELD_KK])
    {
      g_autofree char *clean = salur_nik_clean (text);

      if (strlen (clean) == SALUR_NIK_LEN && strspn (clean, "0123456789") == SALUR_NIK_LEN)
        masked = salur_nik_mask (clean);
    }
  gtk_label_set_label (label, masked != NULL ? masked : text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), NULL);
  mark_cell (item, it);
}

static void
bind_row_number_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  SalurImportItem *it = gtk_list_item_get_item (item);
  char text[16];

  g_snprintf (text, sizeof text, "%u", it->row->row);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
  mark_cell (item, it);
}

static void
bind_problems_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  SalurImportItem *it = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (label), it->problems);
  gtk_widget_set_tooltip_text (label, *it->problems != '\0' ? it->problems : NULL);
  mark_cell (item, it);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  mark_cell (item, NULL);
}

static GtkColumnViewColumn *
new_column (const char *title,
            guint       index,
            GCallback   bind,
            int         width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (index));
  g_signal_connect (factory, "setup", bind == G_CALLBACK (bind_problems_cb) ? G_CALLBACK (setup_problem_cb)
                                                                            : G_CALLBACK (setup_cell_cb), NULL);
  g_signal_connect (factory, "bind", bind, NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (column, width);
  return column;
}

/* Wide enough for the header and what the first rows hold, within
 * bounds: GTK 4.8 gives an unsized column only its cells' smallest width */
static int
column_width (SalurImportPlan *plan,
              guint            c)
{
  guint chars = g_utf8_strlen (plan->headers[c], -1);

  if ((int) c == plan->columns->column_of[SALUR_FIELD_NIK] || (int) c == plan->columns->column_of[SALUR_FIELD_KK])
    return 180;
  for (guint i = 0; i < MIN (plan->rows->len, 200); i++)
    {
      SalurImportRow *row = g_ptr_array_index (plan->rows, i);

      if (c < row->n_cells)
        chars = MAX (chars, g_utf8_strlen (row->cells[c], -1));
    }
  return CLAMP ((int) chars * 8 + 28, 64, 280);
}

/* The rows of the plan shown: the row's number, its problems, then a
 * column per column of the file */
static void
fill_rows (SalurImportPage *self)
{
  SalurImportPlan *plan = plan_of (self);
  GListModel *columns = gtk_column_view_get_columns (self->rows_view);
  g_autoptr(GHashTable) problems = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (plan->rows->len, g_object_unref);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->rows_view, column);
    }
  /* the row's number and what is wrong with it come first: that is what
   * the treasurer reads; the file's columns follow */
  {
    g_autoptr(GtkColumnViewColumn) column = new_column (_("Row"), 0, G_CALLBACK (bind_row_number_cb), 64);
    gtk_column_view_append_column (self->rows_view, column);
  }
  {
    g_autoptr(GtkColumnViewColumn) column = new_column (_("Problem"), 0, G_CALLBACK (bind_problems_cb), 320);
    gtk_column_view_append_column (self->rows_view, column);
  }
  for (guint c = 0; plan->headers[c] != NULL; c++)
    {
      g_autoptr(GtkColumnViewColumn) column = new_column (plan->headers[c], c, G_CALLBACK (bind_cell_cb),
                                                          column_width (plan, c));
      gtk_column_view_append_column (self->rows_view, column);
    }

  /* the reasons of each row, joined */
  for (guint i = 0; i < plan->problems->len; i++)
    {
      SalurImportProblem *p = g_ptr_array_index (plan->problems, i);
      char *before = g_hash_table_lookup (problems, GUINT_TO_POINTER (p->row));
      char *text;

      if (*p->column != '\0')
        text = g_strdup_printf ("%s%s%s: %s", before != NULL ? before : "", before != NULL ? " · " : "",
                                p->column, p->reason);
      else
        text = g_strdup_printf ("%s%s%s", before != NULL ? before : "", before != NULL ? " · " : "", p->reason);
      g_hash_table_insert (problems, GUINT_TO_POINTER (p->row), text);
    }
  for (guint i = 0; i < plan->rows->len; i++)
    {
      SalurImportItem *it = g_object_new (SALUR_TYPE_IMPORT_ITEM, NULL);
      const char *text;

      it->plan = plan_ref (self->plan);
      it->row = g_ptr_array_index (plan->rows, i);
      text = g_hash_table_lookup (problems, GUINT_TO_POINTER (it->row->row));
      it->problems = g_strdup (text != NULL ? text : "");
      g_ptr_array_add (items, it);
    }
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
}

static void
update_verdict (SalurImportPage *self)
{
  SalurImportPlan *plan = plan_of (self);
  g_autofree char *summary = NULL, *base = g_path_get_basename (plan->path);
  g_autofree char *file = g_strdup_printf ("%s · %s", base, plan->format);
  guint good = plan->kpm->len;

  gtk_label_set_label (self->file_label, file);
  summary = g_strdup_printf (_("%u rows read: %u can be stored, %u refused, %u with warnings"),
                             plan->rows_read, good, plan->refused, plan->warned);
  gtk_label_set_label (self->summary_label, summary);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.store", plan->refused == 0 && good > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.store-good", plan->refused > 0 && good > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->store_good_button), plan->refused > 0);
  if (good == 0)
    show_message (self, _("No row can be stored: correct the file, or say what its columns hold."), TRUE);
  else if (plan->refused > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u row is refused: correct it in the file, or store the others.",
                                                            "%u rows are refused: correct them in the file, or store the others.",
                                                            plan->refused), plan->refused);
      show_message (self, text, TRUE);
    }
  else
    show_message (self, _("Nothing is stored yet."), FALSE);
}

static SalurMonth
from_month (SalurImportPage *self)
{
  return salur_month_from_ymd (gtk_spin_button_get_value_as_int (self->from_year_spin),
                               (int) gtk_drop_down_get_selected (self->from_month_dropdown) + 1);
}

/* The fields the drop-downs say, in column order */
static GArray *
chosen_columns (SalurImportPage *self)
{
  GArray *columns = g_array_sized_new (FALSE, FALSE, sizeof (SalurField), self->column_rows->len);

  for (guint c = 0; c < self->column_rows->len; c++)
    {
      SalurField f = adw_combo_row_get_selected (g_ptr_array_index (self->column_rows, c));
      g_array_append_val (columns, f);
    }
  return columns;
}

/* Workers: each on its own connection (SQLite: one per thread) */

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(SalurStore) store = NULL;
  SalurImportOptions options = { .keep_rows = TRUE };
  GError *error = NULL;

  if (data->columns != NULL)
    {
      options.columns = (const SalurField *) data->columns->data;
      options.n_columns = data->columns->len;
    }
  store = salur_store_open (data->store_path, &error);
  if (store != NULL)
    data->plan = salur_import_prepare_full (store, data->file_path, &options, progress_cb, data, cancellable, &error);
  data->owns_plan = data->plan != NULL;
  if (data->plan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(SalurStore) store = NULL;
  GError *error = NULL;

  store = salur_store_open (data->store_path, &error);
  if (store == NULL
      || !salur_import_commit_full (store, data->has_by ? &data->by : NULL, data->plan, data->flags, progress_cb,
                                    data, cancellable, &data->stored, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Callbacks */

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SalurImportPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);
  TaskData *data = g_task_get_task_data (task);
  SalurImportPlan *plan;

  if (g_task_get_cancellable (task) != self->cancellable)
    return;   /* a newer read, or the page went away: the plan goes with the task */
  g_clear_object (&self->cancellable);

  if (!g_task_propagate_boolean (task, &error))
    {
      gtk_stack_set_visible_child_name (self->import_stack, plan_of (self) != NULL ? "preview" : "start");
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        salur_app_toast (GTK_WIDGET (self), error->message);
      return;
    }

  plan = g_steal_pointer (&data->plan);
  data->owns_plan = FALSE;
  g_clear_pointer (&self->plan, plan_unref);
  self->plan = plan_ref_new (plan);
  g_free (self->path);
  self->path = g_strdup (plan->path);
  gtk_drop_down_set_selected (self->from_month_dropdown, salur_month_number (plan->from_month) - 1);
  gtk_spin_button_set_value (self->from_year_spin, salur_month_year (plan->from_month));
  fill_columns (self);
  fill_rows (self);
  update_verdict (self);
  gtk_stack_set_visible_child_name (self->import_stack, "preview");
}

static void
start_reading (SalurImportPage *self,
               const char      *path,
               GArray          *columns)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *title = g_strdup_printf (_("Reading %s…"), base);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  data = g_new0 (TaskData, 1);
  data->self = g_object_ref (self);
  data->store_path = g_strdup (salur_store_get_path (salur_session_get_store (self->session)));
  data->file_path = g_strdup (path);
  data->columns = columns != NULL ? g_array_ref (columns) : NULL;
  show_working (self, title);

  task = g_task_new (self, self->cancellable, read_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_reading);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, read_thread);
}

static void
store_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SalurImportPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);
  TaskData *data = g_task_get_task_data (task);
  SalurImportPlan *plan = plan_of (self);

  if (g_task_get_cancellable (task) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);

  if (!g_task_propagate_boolean (task, &error))
    {
      gtk_stack_set_visible_child_name (self->import_stack, "preview");
      show_message (self, error->message, TRUE);
      salur_app_toast (GTK_WIDGET (self), error->message);
      return;
    }

  {
    g_autofree char *base = g_path_get_basename (plan->path);
    g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u KPM stored", "%u KPM stored",
                                                           data->stored), data->stored);
    g_autofree char *month = salur_app_month_label (plan->from_month);
    g_autofree char *description = NULL;

    if (plan->refused > 0)
      description = g_strdup_printf (_("From %s, on the list from %s. %u refused rows were left out: "
                                       "correct them in the file and import it again."),
                                     base, month, plan->refused);
    else
      description = g_strdup_printf (_("From %s, on the list from %s."), base, month);
    adw_status_page_set_title (self->done_page, title);
    adw_status_page_set_description (self->done_page, description);
    salur_app_toast (GTK_WIDGET (self), title);
  }
  /* a stored plan is not shown again: its rows are on the list now */
  g_clear_pointer (&self->plan, plan_unref);
  g_list_store_remove_all (self->items);
  gtk_stack_set_visible_child_name (self->import_stack, "done");
  salur_session_changed (self->session);
}

static void
start_storing (SalurImportPage  *self,
               SalurImportFlags  flags)
{
  const SalurOperator *by = salur_session_get_operator (self->session);
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  self->cancellable = g_cancellable_new ();
  plan_of (self)->from_month = from_month (self);

  data = g_new0 (TaskData, 1);
  data->self = g_object_ref (self);
  data->store_path = g_strdup (salur_store_get_path (salur_session_get_store (self->session)));
  data->plan = plan_of (self);   /* the page keeps it; nobody touches it while it is stored */
  data->flags = flags;
  if (by != NULL)
    {
      data->by.name = g_strdup (by->name);
      data->by.role = by->role;
      data->by.active = by->active;
      data->has_by = TRUE;
    }
  show_working (self, _("Storing the list…"));

  task = g_task_new (self, self->cancellable, store_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_storing);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  /* the commit rolls back by itself when cancelled: let it finish */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, store_thread);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  SalurImportPage *self = SALUR_IMPORT_PAGE (user_data);
  SalurImportFlags flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "flags"));

  if (g_str_equal (response, "store") && plan_of (self) != NULL && self->cancellable == NULL)
    start_storing (self, flags);
}

/* Nothing is stored until the treasurer says so, having seen how many */
static void
confirm (SalurImportPage  *self,
         SalurImportFlags  flags)
{
  SalurImportPlan *plan = plan_of (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL, *body = NULL, *month = NULL, *base = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  GtkWidget *dialog;

  if (plan == NULL || self->cancellable != NULL)
    return;
  /* once the village has operators, a list is stored by the bendahara */
  ops = salur_ledger_list_operators (salur_session_get_store (self->session), NULL);
  if (ops != NULL && ops->len > 0 && salur_session_get_operator (self->session) == NULL)
    {
      show_message (self, _("Sign in as the bendahara to store the list."), TRUE);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.sign-in", NULL);
      return;
    }

  month = salur_app_month_label (from_month (self));
  base = g_path_get_basename (plan->path);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Store %u KPM?", "Store %u KPM?", plan->kpm->len),
                             plan->kpm->len);
  if (plan->refused > 0)
    body = g_strdup_printf (_("The good rows of %s go on the village's list from %s; the %u refused rows are left "
                              "out. Afterwards the list changes only through list changes, each with its SK."),
                            base, month, plan->refused);
  else
    body = g_strdup_printf (_("Every row of %s goes on the village's list from %s. Afterwards the list changes "
                              "only through list changes, each with its SK."), base, month);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "store", _("_Store"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "store", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "store");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "flags", GUINT_TO_POINTER (flags));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  SalurImportPage *self = SALUR_IMPORT_PAGE (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "import.open-file", "s", path);
    }
  g_object_unref (chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalurImportPage *self = SALUR_IMPORT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) sheets = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose the KPM List"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (sheets, _("Spreadsheets (CSV, XLSX)"));
  gtk_file_filter_add_suffix (sheets, "csv");
  gtk_file_filter_add_suffix (sheets, "xlsx");
  gtk_file_filter_add_suffix (sheets, "txt");
  gtk_file_filter_add_mime_type (sheets, "text/csv");
  gtk_file_filter_add_mime_type (sheets, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), sheets);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  start_reading (SALUR_IMPORT_PAGE (widget), g_variant_get_string (parameter, NULL), NULL);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalurImportPage *self = SALUR_IMPORT_PAGE (widget);

  /* reading stops and shows what was there; storing rolls back and says so */
  g_cancellable_cancel (self->cancellable);
}

static void
store_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  confirm (SALUR_IMPORT_PAGE (widget), SALUR_IMPORT_DEFAULT);
}

static void
store_good_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  confirm (SALUR_IMPORT_PAGE (widget), SALUR_IMPORT_SKIP_INVALID);
}

static void
show_selected_cb (SalurImportPage *self)
{
  guint show = gtk_drop_down_get_selected (self->show_dropdown);

  if (show == GTK_INVALID_LIST_POSITION || show == self->show)
    return;
  self->show = show;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
column_changed_cb (GObject         *row,
                   GParamSpec      *pspec,
                   SalurImportPage *self)
{
  g_autoptr(GArray) columns = NULL;

  if (self->setting_columns || self->path == NULL || self->cancellable != NULL)
    return;
  columns = chosen_columns (self);
  start_reading (self, self->path, columns);
}

/* Someone signed in: "sign in first" is answered */
static void
operator_changed_cb (SalurImportPage *self)
{
  if (plan_of (self) != NULL && self->cancellable == NULL)
    update_verdict (self);
}

/* GObject */

static void
salur_import_page_dispose (GObject *object)
{
  SalurImportPage *self = SALUR_IMPORT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->cancellable);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SALUR_TYPE_IMPORT_PAGE);

  G_OBJECT_CLASS (salur_import_page_parent_class)->dispose (object);
}

static void
salur_import_page_finalize (GObject *object)
{
  SalurImportPage *self = SALUR_IMPORT_PAGE (object);

  g_clear_object (&self->shown);
  g_clear_object (&self->filter);
  g_clear_object (&self->items);
  g_clear_object (&self->session);
  g_clear_pointer (&self->plan, plan_unref);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_free (self->path);
  g_mutex_clear (&self->progress_lock);

  G_OBJECT_CLASS (salur_import_page_parent_class)->finalize (object);
}

static void
salur_import_page_class_init (SalurImportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_import_page_dispose;
  object_class->finalize = salur_import_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-import-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, import_stack);
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, working_page);
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, file_label);
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, show_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, columns_group);
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, rows_view);
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, from_month_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, from_year_spin);
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, store_good_button);
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, store_button);
  gtk_widget_class_bind_template_child (widget_class, SalurImportPage, done_page);
  gtk_widget_class_bind_template_callback (widget_class, show_selected_cb);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.open-file", "s", open_file_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.store", NULL, store_action);
  gtk_widget_class_install_action (widget_class, "import.store-good", NULL, store_good_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "import.choose", NULL);
}

static void
salur_import_page_init (SalurImportPage *self)
{
  g_autoptr(GtkStringList) show = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) months = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_mutex_init (&self->progress_lock);

  self->column_rows = g_ptr_array_new ();
  self->items = g_list_store_new (SALUR_TYPE_IMPORT_ITEM);
  self->filter = gtk_custom_filter_new (item_visible, self, NULL);
  self->shown = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->items)),
                                           g_object_ref (GTK_FILTER (self->filter)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  gtk_column_view_set_model (self->rows_view, GTK_SELECTION_MODEL (selection));

  gtk_string_list_append (show, _("Every row"));
  gtk_string_list_append (show, _("Refused rows"));
  gtk_string_list_append (show, _("Rows with a problem"));
  gtk_drop_down_set_model (self->show_dropdown, G_LIST_MODEL (show));
  for (int m = 1; m <= 12; m++)
    gtk_string_list_append (months, salur_app_month_name (m));
  gtk_drop_down_set_model (self->from_month_dropdown, G_LIST_MODEL (months));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->show_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Which rows to show"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->from_month_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Month"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->from_year_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Year"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rows_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The rows of the file"), -1);
}

/* Public API */

GtkWidget *
salur_import_page_new (SalurSession *session)
{
  SalurImportPage *self;

  g_return_val_if_fail (SALUR_IS_SESSION (session), NULL);

  self = g_object_new (SALUR_TYPE_IMPORT_PAGE, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_swapped (session, "notify::operator", G_CALLBACK (operator_changed_cb), self);
  return GTK_WIDGET (self);
}

GListModel *
salur_import_page_get_rows (SalurImportPage *self)
{
  g_return_val_if_fail (SALUR_IS_IMPORT_PAGE (self), NULL);

  return G_LIST_MODEL (self->shown);
}

gboolean
salur_import_page_get_counts (SalurImportPage *self,
                              guint           *rows_read,
                              guint           *good,
                              guint           *refused,
                              guint           *warned)
{
  SalurImportPlan *plan;

  g_return_val_if_fail (SALUR_IS_IMPORT_PAGE (self), FALSE);

  plan = plan_of (self);
  if (plan == NULL || self->cancellable != NULL)
    return FALSE;
  *rows_read = plan->rows_read;
  *good = plan->kpm->len;
  *refused = plan->refused;
  *warned = plan->warned;
  return TRUE;
}

gboolean
salur_import_page_row_state (SalurImportPage *self,
                             guint            position,
                             gboolean        *refused,
                             gboolean        *warned)
{
  g_autoptr(SalurImportItem) it = NULL;

  g_return_val_if_fail (SALUR_IS_IMPORT_PAGE (self), FALSE);

  it = g_list_model_get_item (G_LIST_MODEL (self->shown), position);
  if (it == NULL)
    return FALSE;
  *refused = it->row->refused;
  *warned = it->row->warned;
  return TRUE;
}
