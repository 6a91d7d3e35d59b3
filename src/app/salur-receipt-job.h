/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <gtk/gtkunixprint.h>

#include "salur-receipt.h"
#include "salur-worker.h"

G_BEGIN_DECLS

/* A receipt, once its payment is committed: written as a PDF into the
 * receipts folder (the desk's copy, and the paper when there is no
 * printer) in a thread with its own connection to the store, then, when a
 * printer was chosen, sent to it with GtkPrintOperation. The main loop
 * never waits on the disk or the printer. */

/* WORKER (may be NULL: a thread of GLib's pool) is where the PDF is made */
void   salur_receipt_job_start  (SalurWorker         *worker,
                                 const char          *store_path,
                                 const char          *receipt,
                                 SalurPaper           paper,
                                 GtkPrinter          *printer,
                                 GtkWindow           *parent,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
/* The PDF written; PRINTED says whether it also went to a printer */
char  *salur_receipt_job_finish (GAsyncResult        *result,
                                 gboolean            *printed,
                                 GError             **error);

G_END_DECLS
