/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-bench-backup"
#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "salur-backup.h"
#include "salur-error.h"
#include "salur-ledger.h"

/* salur-bench-backup DB: the measurements of bench/backup.sh on a store
 * made by salur-bench-ledger (the demo village's operators, a list paid).
 *
 *   check    PRAGMA quick_check and PRAGMA integrity_check of the store, on a
 *            connection of their own
 *   backup   salur_backup_take_path into the store's backup folder (copy,
 *            quick_check of the copy, fsync, rename), twice; and the
 *            quick_check of the copy alone, to tell copy from check
 *   desk     N_PAYMENTS payments, one transaction each as a desk makes them,
 *            first with nothing else running, then while a child process
 *            takes a backup (it goes on paying until the backup is done):
 *            what a backup costs the desk
 *
 * "key value" lines on stdout; progress on stderr. */

#define N_PAYMENTS 300

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* nearest rank */
static double
percentile (GArray *values, double p)
{
  guint rank;

  if (values->len == 0)
    return 0;
  qsort (values->data, values->len, sizeof (double), cmp_double);
  rank = (guint) ceil (p / 100.0 * values->len);
  return g_array_index (values, double, MAX (rank, 1) - 1);
}

static double
time_pragma (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double t0;
  gboolean ok = TRUE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    g_error ("cannot open %s", path);
  sqlite3_exec (db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
  t0 = now_s ();
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ok &= g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  t0 = now_s () - t0;
  sqlite3_close (db);
  if (!ok)
    g_error ("%s found the store damaged", sql);
  return t0;
}

/* Pays the KPM of LIST from *NEXT on, for MONTH, until STOP says so or N
 * are paid; appends each commit's time (ms) to TIMES */
static void
pay_some (SalurStore *store, const SalurOperator *op, GPtrArray *list, guint *next, SalurMonth month,
          guint n, pid_t wait_for, GArray *times)
{
  g_autoptr(GArray) months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));

  g_array_append_val (months, month);
  for (guint done = 0; ; done++)
    {
      SalurKpm *kpm;
      SalurPaymentRequest req = { 0 };
      g_autoptr(SalurPayment) p = NULL;
      g_autoptr(GError) error = NULL;
      double t0, ms;

      if (wait_for > 0)
        {
          int status;
          if (done >= n && waitpid (wait_for, &status, WNOHANG) == wait_for)
            {
              if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
                g_error ("the backup failed");
              return;
            }
        }
      else if (done >= n)
        return;
      if (*next >= list->len)
        g_error ("the list ran out of KPM to pay");
      kpm = g_ptr_array_index (list, (*next)++);
      req.kpm_id = kpm->id;
      req.months = months;
      req.desk = "Krajan";
      req.place = SALUR_PLACE_HALL;
      req.proof = SALUR_PROOF_THUMBPRINT;
      t0 = now_s ();
      p = salur_ledger_pay (store, op, &req, &error);
      ms = (now_s () - t0) * 1000;
      if (p == NULL)
        g_error ("paying %s: %s", kpm->id, error->message);
      g_array_append_val (times, ms);
    }
}

static void
print_times (const char *key, GArray *times)
{
  printf ("%s_n %u\n", key, times->len);
  printf ("%s_p50_ms %.3f\n", key, percentile (times, 50));
  printf ("%s_p99_ms %.3f\n", key, percentile (times, 99));
  printf ("%s_max_ms %.3f\n", key, percentile (times, 100));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) op = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) alone = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) during = g_array_new (FALSE, FALSE, sizeof (double));
  const char *path;
  SalurMonth month;
  guint next = 0;
  GStatBuf st;
  double t0;
  pid_t pid;

  if (argc != 2)
    {
      g_printerr ("Usage: %s DB\n", argv[0]);
      return 2;
    }
  path = argv[1];
  if (g_stat (path, &st) != 0)
    g_error ("no store at %s", path);
  printf ("sqlite_version %s\n", sqlite3_libversion ());
  printf ("store_bytes %" G_GINT64_FORMAT "\n", (gint64) st.st_size);

  g_printerr ("%s: quick_check and integrity_check\n", argv[0]);
  printf ("quick_check_s %.3f\n", time_pragma (path, "PRAGMA quick_check"));
  printf ("integrity_check_s %.3f\n", time_pragma (path, "PRAGMA integrity_check"));

  g_printerr ("%s: two backups\n", argv[0]);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *taken = NULL;
      GStatBuf bst;

      t0 = now_s ();
      taken = salur_backup_take_path (path, NULL, &error);
      if (taken == NULL)
        g_error ("backup: %s", error->message);
      printf ("backup%d_s %.3f\n", i + 1, now_s () - t0);
      if (i == 1)
        {
          g_stat (taken, &bst);
          printf ("backup_bytes %" G_GINT64_FORMAT "\n", (gint64) bst.st_size);
          printf ("backup_check_s %.3f\n", time_pragma (taken, "PRAGMA quick_check"));
        }
    }

  store = salur_store_open (path, &error);
  if (store != NULL)
    op = salur_ledger_login (store, "joko", "2222", &error);
  if (op != NULL)
    list = salur_store_list_kpm (store, NULL, &error);
  if (list == NULL)
    g_error ("%s", error->message);
  /* a month no one is paid for yet */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    int max = 0;

    sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
    if (sqlite3_prepare_v2 (db, "SELECT coalesce (max (month), 0) FROM ev_month", -1, &stmt, NULL) == SQLITE_OK
        && sqlite3_step (stmt) == SQLITE_ROW)
      max = sqlite3_column_int (stmt, 0);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    month = MAX (max + 1, salur_month_from_ymd (2028, 1));
  }

  g_printerr ("%s: %d payments alone\n", argv[0], N_PAYMENTS);
  pay_some (store, op, list, &next, month, N_PAYMENTS, 0, alone);
  print_times ("pay_alone", alone);

  g_printerr ("%s: payments while a backup is taken\n", argv[0]);
  fflush (stdout);
  pid = fork ();
  if (pid < 0)
    g_error ("fork");
  if (pid == 0)
    {
      GError *e = NULL;
      char *taken = salur_backup_take_path (path, NULL, &e);
      _exit (taken != NULL ? 0 : 1);
    }
  t0 = now_s ();
  pay_some (store, op, list, &next, month, N_PAYMENTS, pid, during);
  printf ("pay_during_backup_s %.3f\n", now_s () - t0);
  print_times ("pay_during", during);
  return EXIT_SUCCESS;
}
