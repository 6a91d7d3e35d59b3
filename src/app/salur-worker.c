/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <malloc.h>

#include "salur-worker.h"

struct _SalurWorker
{
  GThreadPool *pool;
};

typedef struct {
  GTask           *task;
  GTaskThreadFunc  func;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->task);
  g_free (job);
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;

  job->func (job->task, g_task_get_source_object (job->task), g_task_get_task_data (job->task),
             g_task_get_cancellable (job->task));
  job_free (job);
  /* a month's status of 100,000 KPM is tens of megabytes, freed now: give
   * them back to the system rather than keep them for the next */
  malloc_trim (0);
}

SalurWorker *
salur_worker_new (void)
{
  SalurWorker *worker = g_new0 (SalurWorker, 1);
  g_autoptr(GError) error = NULL;

  /* exclusive, one thread: it is started now and stays until freed */
  worker->pool = g_thread_pool_new_full (run_job, NULL, (GDestroyNotify) job_free, 1, TRUE, &error);
  if (worker->pool == NULL)
    g_error ("Cannot start the desk's worker thread: %s", error->message);
  return worker;
}

void
salur_worker_run (SalurWorker     *worker,
                  GTask           *task,
                  GTaskThreadFunc  func)
{
  Job *job;

  g_return_if_fail (worker != NULL && G_IS_TASK (task) && func != NULL);

  job = g_new0 (Job, 1);
  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (worker->pool, job, NULL);
}

void
salur_worker_free (SalurWorker *worker)
{
  if (worker == NULL)
    return;
  g_thread_pool_free (worker->pool, FALSE, TRUE);
  g_free (worker);
}
