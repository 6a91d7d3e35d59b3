/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>

#include "salur-error.h"
#include "salur-export.h"
#include "salur-page-util.h"
#include "salur-public-list.h"
#include "salur-report.h"
#include "salur-reports-page.h"

/* the page on screen: 1.25 px per point */
#define SCALE 1.25

/* A report and its pages, shared by the page and the threads writing it */
typedef struct
{
  SalurReport      *report;
  SalurReportPages *pages;
} Built;

typedef struct
{
  char            *store_path;
  GArray          *months;
  gboolean         mask_nik;
  Built           *built;       /* the result */
} BuildJob;

typedef struct
{
  Built           *built;
  SalurReportOut   what;
  gboolean         mask_nik;
  char            *path;
  GWeakRef         page;
} ExportJob;

typedef struct
{
  GWeakRef         page;
  double           fraction;
} Progress;

struct _SalurReportsPage
{
  AdwBin           parent_instance;

  SalurSession    *session;
  Built           *built;
  guint            page;
  gboolean         stale;         /* the record changed while the page was busy */
  GCancellable    *cancellable;
  gboolean         busy;

  GtkDropDown     *months_dropdown;
  GtkCheckButton  *mask_check;
  GtkProgressBar  *progress;
  GtkWidget       *stop_button;
  GtkLabel        *page_label;
  GtkRevealer     *message_revealer;
  GtkLabel        *message_label;
  GtkDrawingArea  *page_area;
};

G_DEFINE_FINAL_TYPE (SalurReportsPage, salur_reports_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void rebuild (SalurReportsPage *self);

static void
built_clear (Built *b)
{
  /* the pages point into the report: they go first */
  g_clear_pointer (&b->pages, salur_report_pages_free);
  g_clear_pointer (&b->report, salur_report_free);
}

static Built *
built_ref (Built *b)
{
  return g_atomic_rc_box_acquire (b);
}

static void
built_unref (Built *b)
{
  g_atomic_rc_box_release_full (b, (GDestroyNotify) built_clear);
}

static void
build_job_free (BuildJob *job)
{
  g_free (job->store_path);
  g_clear_pointer (&job->months, g_array_unref);
  g_clear_pointer (&job->built, built_unref);
  g_free (job);
}

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->built, built_unref);
  g_free (job->path);
  g_weak_ref_clear (&job->page);
  g_free (job);
}

static void
say (SalurReportsPage *self,
     const char       *text,
     gboolean          is_error)
{
  salur_page_say (GTK_WIDGET (self), self->message_revealer, self->message_label, text, is_error);
}

static void
update_actions (SalurReportsPage *self)
{
  gboolean ready = self->built != NULL && !self->busy;
  guint n = self->built != NULL ? salur_report_pages_count (self->built->pages) : 0;
  const char *const writes[] = { "reports.print", "reports.save-pdf", "reports.export-xlsx", "reports.export-csv",
                                 "reports.public-list" };

  for (gsize i = 0; i < G_N_ELEMENTS (writes); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), writes[i], ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.previous", n > 0 && self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.next", n > 0 && self->page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.cancel", self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->months_dropdown), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mask_check), !self->busy);
}

static void
set_busy (SalurReportsPage *self,
          gboolean          busy,
          const char       *what)
{
  if (busy)
    {
      gtk_progress_bar_set_fraction (self->progress, 0);
      gtk_progress_bar_set_text (self->progress, what);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->progress), busy);
  gtk_widget_set_visible (self->stop_button, busy);
  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  update_actions (self);
}

static void
show_page (SalurReportsPage *self,
           guint             page)
{
  guint n = self->built != NULL ? salur_report_pages_count (self->built->pages) : 0;

  self->page = n > 0 ? MIN (page, n - 1) : 0;
  if (n > 0)
    {
      /* "Page X of Y", as the paper says "Halaman X dari Y" */
      g_autofree char *text = g_strdup_printf (_("Page %u of %u"), self->page + 1, n);
      gtk_label_set_label (self->page_label, text);
    }
  else
    gtk_label_set_label (self->page_label, "");
  gtk_drawing_area_set_content_width (self->page_area, n > 0 ? (int) (SALUR_REPORT_PAGE_WIDTH * SCALE) : 0);
  gtk_drawing_area_set_content_height (self->page_area, n > 0 ? (int) (SALUR_REPORT_PAGE_HEIGHT * SCALE) : 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
  update_actions (self);
}

static void
draw_page (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  SalurReportsPage *self = data;

  if (self->built == NULL)
    return;
  /* paper is white in any theme: the report is drawn as it prints */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, (double) width / SALUR_REPORT_PAGE_WIDTH, (double) height / SALUR_REPORT_PAGE_HEIGHT);
  salur_report_pages_draw (self->built->pages, cr, self->page);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildJob *job = task_data;
  g_autoptr(SalurStore) store = NULL;
  SalurReportOptions options = { .mask_nik = job->mask_nik };
  GError *error = NULL;

  job->built = g_atomic_rc_box_new0 (Built);
  store = salur_store_open (job->store_path, &error);
  if (store == NULL
      || (job->built->report = salur_report_build (store, job->months, cancellable, &error)) == NULL
      || (job->built->pages = salur_report_paginate (job->built->report, &options, cancellable, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
build_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SalurReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);
  BuildJob *job = g_task_get_task_data (task);

  if (g_task_get_cancellable (task) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  if (!g_task_propagate_boolean (task, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, error->message, TRUE);
      set_busy (self, FALSE, NULL);
      if (self->stale)
        rebuild (self);
      return;
    }
  g_clear_pointer (&self->built, built_unref);
  self->built = g_steal_pointer (&job->built);
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  set_busy (self, FALSE, NULL);
  show_page (self, self->page);
  if (self->stale)
    rebuild (self);
}

static void
rebuild (SalurReportsPage *self)
{
  g_autoptr(GTask) task = NULL;
  BuildJob *job;
  GArray *months;

  if (self->session == NULL)
    return;
  /* a report nobody looks at is not paginated: an import of 100,000 KPM
   * would otherwise lay out the whole report in the background, and a
   * program quitting would leave that thread amid Pango's teardown */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  if (self->busy)
    {
      /* built again once the work in hand is done */
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;
  months = salur_page_months_get (self->months_dropdown);
  if (months == NULL)
    return;
  job = g_new0 (BuildJob, 1);
  job->store_path = g_strdup (salur_store_get_path (salur_session_get_store (self->session)));
  job->months = months;
  job->mask_nik = gtk_check_button_get_active (self->mask_check);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, build_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, rebuild);
  g_task_set_task_data (task, job, (GDestroyNotify) build_job_free);
  g_task_set_check_cancellable (task, FALSE);
  set_busy (self, TRUE, _("Reading the record…"));
  g_task_run_in_thread (task, build_thread);
}

static gboolean
show_progress_cb (gpointer data)
{
  Progress *p = data;
  g_autoptr(SalurReportsPage) self = g_weak_ref_get (&p->page);

  if (self != NULL && self->busy)
    gtk_progress_bar_set_fraction (self->progress, p->fraction);
  g_weak_ref_clear (&p->page);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
export_progress (double   fraction,
                 gpointer data)
{
  ExportJob *job = data;
  Progress *p = g_new0 (Progress, 1);
  GObject *page = g_weak_ref_get (&job->page);

  /* never the last reference: the task holds the page until it ends */
  g_weak_ref_init (&p->page, page);
  g_clear_object (&page);
  p->fraction = fraction;
  g_idle_add (show_progress_cb, p);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  SalurReport *report = job->built->report;
  SalurReportOptions options = { .mask_nik = job->mask_nik };
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (job->what)
    {
    case SALUR_REPORT_OUT_PDF:
      ok = salur_report_write_pdf (report, job->path, &options, export_progress, job, cancellable, &error);
      break;
    case SALUR_REPORT_OUT_XLSX:
      ok = salur_export_xlsx (report, job->path, &error);
      break;
    case SALUR_REPORT_OUT_CSV:
      ok = salur_export_csv (report, job->path, &error);
      break;
    case SALUR_REPORT_OUT_PUBLIC_LIST:
    default:
      ok = salur_public_list_write_pdf (report, job->path, NULL, &error);
      break;
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SalurReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);
  ExportJob *job = g_task_get_task_data (task);

  if (g_task_get_cancellable (task) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE, NULL);
  if (self->stale)
    rebuild (self);
  if (!g_task_propagate_boolean (task, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, _("Stopped: nothing was written."), FALSE);
      else
        say (self, error->message, TRUE);
      return;
    }
  {
    g_autofree char *text = NULL;

    switch (job->what)
      {
      case SALUR_REPORT_OUT_PDF:
        text = g_strdup_printf (_("Report written to %s.\n"), job->path);
        break;
      case SALUR_REPORT_OUT_XLSX:
        text = g_strdup_printf (_("Workbook written to %s.\n"), job->path);
        break;
      case SALUR_REPORT_OUT_CSV:
        text = g_strdup_printf (_("CSV written to %s.\n"), job->path);
        break;
      case SALUR_REPORT_OUT_PUBLIC_LIST:
      default:
        text = g_strdup_printf (_("Public list of %u KPM written to %s.\n"), job->built->report->totals.kpm_listed,
                                job->path);
        break;
      }
    g_strchomp (text);
    say (self, text, FALSE);
  }
}

static const char *
suffix_of (SalurReportOut what)
{
  switch (what)
    {
    case SALUR_REPORT_OUT_XLSX:
      return "xlsx";
    case SALUR_REPORT_OUT_CSV:
      return "csv";
    case SALUR_REPORT_OUT_PDF:
    case SALUR_REPORT_OUT_PUBLIC_LIST:
    default:
      return "pdf";
    }
}

/* Callbacks */

static void
months_changed_cb (SalurReportsPage *self)
{
  rebuild (self);
}

static void
chooser_response_cb (GtkNativeDialog  *dialog,
                     int               response,
                     SalurReportsPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      SalurReportOut what = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "salur-report-out"));

      salur_reports_page_export (self, what, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalurReportsPage *self = SALUR_REPORTS_PAGE (widget);
  SalurReportOut what = g_str_equal (action_name, "reports.save-pdf") ? SALUR_REPORT_OUT_PDF
                        : g_str_equal (action_name, "reports.export-xlsx") ? SALUR_REPORT_OUT_XLSX
                        : g_str_equal (action_name, "reports.export-csv") ? SALUR_REPORT_OUT_CSV
                        : SALUR_REPORT_OUT_PUBLIC_LIST;
  g_autoptr(GArray) months = salur_page_months_get (self->months_dropdown);
  GtkFileChooserNative *chooser;
  GString *name = g_string_new (what == SALUR_REPORT_OUT_PUBLIC_LIST ? "daftar-penerima" : "laporan-realisasi");
  g_autofree char *file_name = NULL;

  for (guint i = 0; months != NULL && i < months->len; i++)
    {
      g_autofree char *m = salur_month_format (g_array_index (months, SalurMonth, i));
      g_string_append_printf (name, "-%s", m);
    }
  g_string_append_printf (name, ".%s", suffix_of (what));
  file_name = g_string_free (name, FALSE);
  chooser = gtk_file_chooser_native_new (what == SALUR_REPORT_OUT_PUBLIC_LIST ? _("Save the Public List")
                                                                               : _("Save the Report"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  g_object_set_data (G_OBJECT (chooser), "salur-report-out", GINT_TO_POINTER (what));
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The print dialog may stay open while the record changes and the page
 * builds a new report: the operation prints the one it was started with */
#define PRINTED_KEY "salur-report-printed"

static void
begin_print_cb (GtkPrintOperation *op,
                GtkPrintContext   *context,
                SalurReportsPage  *self)
{
  Built *built = g_object_get_data (G_OBJECT (op), PRINTED_KEY);

  gtk_print_operation_set_n_pages (op, salur_report_pages_count (built->pages));
}

static void
draw_print_page_cb (GtkPrintOperation *op,
                    GtkPrintContext   *context,
                    int                page_nr,
                    SalurReportsPage  *self)
{
  Built *built = g_object_get_data (G_OBJECT (op), PRINTED_KEY);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double sx = gtk_print_context_get_width (context) / SALUR_REPORT_PAGE_WIDTH;
  double sy = gtk_print_context_get_height (context) / SALUR_REPORT_PAGE_HEIGHT;
  double s = MIN (sx, sy);

  /* the same pages the window shows, fitted to the printer's paper */
  cairo_scale (cr, s, s);
  salur_report_pages_draw (built->pages, cr, page_nr);
}

static GtkPrintOperation *
print_operation (SalurReportsPage *self)
{
  GtkPrintOperation *op = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_job_name (op, _("Realisation report"));
  gtk_print_operation_set_embed_page_setup (op, TRUE);
  g_object_set_data_full (G_OBJECT (op), PRINTED_KEY, built_ref (self->built), (GDestroyNotify) built_unref);
  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print_cb), self);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_print_page_cb), self);
  return op;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SalurReportsPage *self = SALUR_REPORTS_PAGE (widget);
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autoptr(GError) error = NULL;

  if (self->built == NULL)
    return;
  op = print_operation (self);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (widget)), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    say (self, error->message, TRUE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_cancellable_cancel (SALUR_REPORTS_PAGE (widget)->cancellable);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SalurReportsPage *self = SALUR_REPORTS_PAGE (widget);

  if (self->page > 0)
    show_page (self, self->page - 1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalurReportsPage *self = SALUR_REPORTS_PAGE (widget);

  show_page (self, self->page + 1);
}

/* Parent overrides */

static void
salur_reports_page_dispose (GObject *object)
{
  SalurReportsPage *self = SALUR_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->built, built_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), SALUR_TYPE_REPORTS_PAGE);

  G_OBJECT_CLASS (salur_reports_page_parent_class)->dispose (object);
}

static void
salur_reports_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, SALUR_REPORTS_PAGE (object)->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salur_reports_page_class_init (SalurReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_reports_page_dispose;
  object_class->get_property = salur_reports_page_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurReportsPage, months_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurReportsPage, mask_check);
  gtk_widget_class_bind_template_child (widget_class, SalurReportsPage, progress);
  gtk_widget_class_bind_template_child (widget_class, SalurReportsPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SalurReportsPage, page_label);
  gtk_widget_class_bind_template_child (widget_class, SalurReportsPage, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, SalurReportsPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, SalurReportsPage, page_area);
  gtk_widget_class_bind_template_callback (widget_class, months_changed_cb);
  gtk_widget_class_install_action (widget_class, "reports.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "reports.save-pdf", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.export-xlsx", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.export-csv", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.public-list", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "reports.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "reports.next", NULL, next_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "reports.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "reports.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "reports.print", NULL);
}

/* shown: built now if the record changed while it was hidden */
static void
map_cb (SalurReportsPage *self)
{
  if (self->stale || (self->built == NULL && !self->busy))
    rebuild (self);
}

static void
salur_reports_page_init (SalurReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  gtk_drawing_area_set_draw_func (self->page_area, draw_page, self, NULL);
  update_actions (self);
}

/* Public API */

GtkWidget *
salur_reports_page_new (SalurSession *session)
{
  SalurReportsPage *self;

  g_return_val_if_fail (SALUR_IS_SESSION (session), NULL);

  self = g_object_new (SALUR_TYPE_REPORTS_PAGE, NULL);
  salur_page_months_fill (self->months_dropdown, salur_session_get_store (session));
  self->session = g_object_ref (session);
  /* a report is drawn from the record as it is: newer events, a new report */
  g_signal_connect_object (session, "changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);
  return GTK_WIDGET (self);
}

gboolean
salur_reports_page_set_months (SalurReportsPage *self,
                               const char       *months)
{
  g_return_val_if_fail (SALUR_IS_REPORTS_PAGE (self), FALSE);

  if (self->busy)
    return FALSE;
  self->page = 0;
  if (!salur_page_months_select (self->months_dropdown, months))
    return FALSE;
  rebuild (self);
  return TRUE;
}

guint
salur_reports_page_get_n_pages (SalurReportsPage *self)
{
  g_return_val_if_fail (SALUR_IS_REPORTS_PAGE (self), 0);
  return self->built != NULL ? salur_report_pages_count (self->built->pages) : 0;
}

guint
salur_reports_page_get_page (SalurReportsPage *self)
{
  g_return_val_if_fail (SALUR_IS_REPORTS_PAGE (self), 0);
  return self->page;
}

gboolean
salur_reports_page_export (SalurReportsPage *self,
                           SalurReportOut    what,
                           GFile            *file)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_val_if_fail (SALUR_IS_REPORTS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->busy || self->built == NULL)
    return FALSE;
  job = g_new0 (ExportJob, 1);
  job->built = built_ref (self->built);
  job->what = what;
  job->mask_nik = gtk_check_button_get_active (self->mask_check);
  job->path = g_file_get_path (file);
  g_weak_ref_init (&job->page, self);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, export_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, salur_reports_page_export);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_set_check_cancellable (task, FALSE);
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  set_busy (self, TRUE, what == SALUR_REPORT_OUT_PDF ? _("Writing the report…") : _("Writing…"));
  g_task_run_in_thread (task, export_thread);
  return TRUE;
}

gboolean
salur_reports_page_print_to_file (SalurReportsPage  *self,
                                  GFile             *file,
                                  GError           **error)
{
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (SALUR_IS_REPORTS_PAGE (self), FALSE);

  if (self->built == NULL || self->busy)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("The report is not ready yet."));
      return FALSE;
    }
  path = g_file_get_path (file);
  op = print_operation (self);
  gtk_print_operation_set_export_filename (op, path);
  return gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error)
         != GTK_PRINT_OPERATION_RESULT_ERROR;
}

gboolean
salur_reports_page_get_busy (SalurReportsPage *self)
{
  g_return_val_if_fail (SALUR_IS_REPORTS_PAGE (self), FALSE);
  return self->busy;
}
