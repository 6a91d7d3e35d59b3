/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>

#include "salur-desk-check.h"
#include "salur-receipt-job.h"

typedef struct {
  char            *store_path;
  char            *receipt;
  SalurPaper       paper;
  GtkPrinter      *printer;
  GtkWindow       *parent;
  GtkPrintOperation *operation;   /* kept alive while it prints */
  /* from the thread */
  char            *pdf_path;
  cairo_surface_t *page;
  double           width, height;
  gboolean         printed;
} Job;

static void
job_free (Job *job)
{
  g_free (job->store_path);
  g_free (job->receipt);
  g_clear_object (&job->printer);
  g_clear_object (&job->parent);
  g_clear_object (&job->operation);
  g_free (job->pdf_path);
  g_clear_pointer (&job->page, cairo_surface_destroy);
  g_free (job);
}

/* Helpers */

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurPayment) payment = NULL;
  g_autofree char *dir = NULL;
  GError *error = NULL;

  store = salur_store_open (job->store_path, &error);
  /* one payment and its KPM: the page cache a store opens with is not needed */
  if (store != NULL)
    salur_store_set_cache_size (store, 2048, NULL);
  if (store == NULL
      || (payment = salur_ledger_get_payment (store, job->receipt, &error)) == NULL
      || (dir = salur_desk_receipt_dir (store, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->pdf_path = salur_desk_receipt_path (dir, payment);
  if (!salur_receipt_write_pdf (store, payment, job->paper, job->pdf_path, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (job->printer != NULL)
    {
      job->page = salur_receipt_render (store, payment, job->paper, &job->width, &job->height, &error);
      if (job->page == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

/* Callbacks */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                Job               *job)
{
  gtk_print_operation_set_n_pages (operation, 1);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              Job               *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  cairo_set_source_surface (cr, job->page, 0, 0);
  cairo_paint (cr);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               GTask                   *task)
{
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      /* the PDF is there: say where, and why the paper did not come out */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The receipt was saved to %s but could not be printed: %s"),
                               job->pdf_path, error != NULL ? error->message : "");
    }
  else
    {
      job->printed = result == GTK_PRINT_OPERATION_RESULT_APPLY;
      g_task_return_boolean (task, TRUE);
    }
  g_object_unref (task);
}

static void
print (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) size = NULL;
  g_autoptr(GError) error = NULL;

  g_set_object (&job->operation, operation);
  g_object_unref (operation);
  size = gtk_paper_size_new_custom ("salur-receipt", "Salur receipt", job->width, job->height, GTK_UNIT_POINTS);
  gtk_page_setup_set_paper_size (setup, size);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_print_settings_set_printer (settings, gtk_printer_get_name (job->printer));
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, job->receipt);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_show_progress (operation, FALSE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), g_object_ref (task));

  /* no dialog: the officer chose the printer once for the day */
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT, job->parent, &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      /* "done" is not emitted for an error that run reports itself */
      g_signal_handlers_disconnect_by_func (operation, print_done_cb, task);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The receipt was saved to %s but could not be printed: %s"),
                               job->pdf_path, error->message);
      g_object_unref (task);
    }
}

static void
thread_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *outer = user_data;
  Job *job = g_task_get_task_data (outer);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      g_object_unref (outer);
      return;
    }
  if (job->page == NULL)
    {
      g_task_return_boolean (outer, TRUE);
      g_object_unref (outer);
      return;
    }
  print (outer);
  g_object_unref (outer);
}

/* Public API */

void
salur_receipt_job_start (SalurWorker         *worker,
                         const char          *store_path,
                         const char          *receipt,
                         SalurPaper           paper,
                         GtkPrinter          *printer,
                         GtkWindow           *parent,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *outer = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  Job *job = g_new0 (Job, 1);

  job->store_path = g_strdup (store_path);
  job->receipt = g_strdup (receipt);
  job->paper = paper;
  job->printer = printer != NULL ? g_object_ref (printer) : NULL;
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  g_task_set_source_tag (outer, salur_receipt_job_start);
  g_task_set_task_data (outer, job, (GDestroyNotify) job_free);

  /* the thread fills JOB; the outer task, on the main loop, prints */
  inner = g_task_new (NULL, cancellable, thread_done_cb, outer);
  g_task_set_task_data (inner, job, NULL);
  if (worker != NULL)
    salur_worker_run (worker, inner, job_thread);
  else
    g_task_run_in_thread (inner, job_thread);
}

char *
salur_receipt_job_finish (GAsyncResult  *result,
                          gboolean      *printed,
                          GError       **error)
{
  GTask *task = G_TASK (result);
  Job *job = g_task_get_task_data (task);

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!g_task_propagate_boolean (task, error))
    return NULL;
  if (printed != NULL)
    *printed = job->printed;
  return g_strdup (job->pdf_path);
}
