/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One thread for a window's background work, that stays: tasks run there
 * one after the other, like g_task_run_in_thread but always on the same
 * thread. What a thread builds once for itself (Pango's font map for
 * drawing receipts, a connection to the store) is then built once, not
 * once for every thread of GLib's pool, and a morning of quick payments
 * does not pile up work side by side. */

typedef struct _SalurWorker SalurWorker;

SalurWorker *salur_worker_new  (void);
/* Runs FUNC for TASK on the worker's thread (it takes a reference) */
void         salur_worker_run  (SalurWorker     *worker,
                                GTask           *task,
                                GTaskThreadFunc  func);
/* Runs every task given (a receipt asked for is written, not dropped),
 * then ends the thread */
void         salur_worker_free (SalurWorker     *worker);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurWorker, salur_worker_free)

G_END_DECLS
