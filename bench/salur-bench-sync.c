/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-bench-sync"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "salur-demo.h"
#include "salur-error.h"
#include "salur-ledger.h"
#include "salur-sync.h"

/* salur-bench-sync DIR [SMALL] [LARGE] [SEED]: the measurements of bench/run's sync section.
 *
 * In DIR (an empty folder): the demo village with enough KPM that 5 desks
 * can each pay LARGE (default 20,000) KPM-months without paying one twice
 * (12 months, 2026-01 to 2026-12, one month a payment: one event each);
 * 5 desk packages, joined; each desk pays its own slice of the KPM through
 * salur_ledger_pay (500 payments a transaction: the store's begin/commit
 * nest as savepoints), exporting a bundle after SMALL (default 2,000)
 * payments and another after LARGE. Then:
 *
 *   small   salur_sync_merge of the 5 SMALL bundles into a fresh copy of the
 *           master (as it was after the packages), RUNS_SMALL times
 *   large   the same with the 5 LARGE bundles, RUNS_LARGE times
 *
 * Each run merges into its own new copy; every merge must store all the
 * bundle's events and find no conflict, or the helper exits 1.
 * Results go to stdout as "key value" lines; progress to stderr.
 * SALUR_BENCH_ONLY=data stops once the bundles are made; a DIR that holds
 * them already is merged without making them again. */

#define N_DESKS     5
#define N_MONTHS    12
#define BATCH       500
#define RUNS_SMALL  5
#define RUNS_LARGE  3
#define PASSPHRASE  "rahasia desa 2026"

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
die (const char *what, GError *error)
{
  g_printerr ("salur-bench-sync: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  qsort (values->data, values->len, sizeof (double), cmp_double);
  return values->len % 2 ? g_array_index (values, double, values->len / 2)
                         : (g_array_index (values, double, values->len / 2 - 1)
                            + g_array_index (values, double, values->len / 2)) / 2;
}

static double
minimum (GArray *values)
{
  qsort (values->data, values->len, sizeof (double), cmp_double);
  return g_array_index (values, double, 0);
}

static void
copy_file (const char *from, const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (from, &data, &len, &error) || !g_file_set_contents (to, data, len, &error))
    die ("copy", error);
}

static void
remove_store (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL), *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static SalurOperator *
login (SalurStore *store, const char *name, const char *pin)
{
  g_autoptr(GError) error = NULL;
  SalurOperator *op = salur_ledger_login (store, name, pin, &error);

  if (op == NULL)
    die ("login", error);
  return op;
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

/* Merges the 5 bundles into a fresh copy of the master; returns the seconds.
 * PER_BUNDLE gets each merge's time, SCAN the time of one salur_sync_conflicts
 * on the merged store (each merge lists the conflicts before and after) */
static double
merge_run (const char *dir, const char *template, char **bundles, gint64 want, guint run, double per_bundle[N_DESKS],
           double *scan)
{
  g_autofree char *name = g_strdup_printf ("master-run-%u.db", run);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  SalurStore *store;
  double total = 0;

  copy_file (template, path);
  store = salur_store_open (path, &error);
  if (store == NULL)
    die ("open the copy", error);
  for (guint d = 0; d < N_DESKS; d++)
    {
      g_autoptr(SalurMergeResult) r = NULL;
      double t = now_s ();

      r = salur_sync_merge (store, bundles[d], NULL, &error);
      t = now_s () - t;
      if (r == NULL)
        die ("merge", error);
      if (r->stored != want || r->new_conflicts != 0)
        {
          g_printerr ("salur-bench-sync: bundle %u stored %u events (want %" G_GINT64_FORMAT "), %u conflicts\n", d,
                      r->stored, want, r->new_conflicts);
          exit (1);
        }
      per_bundle[d] = t;
      total += t;
    }
  {
    double t = now_s ();
    g_autoptr(GPtrArray) conflicts = salur_sync_conflicts (store, &error);

    *scan = now_s () - t;
    if (conflicts == NULL || conflicts->len != 0)
      die ("conflicts", error);
  }
  g_object_unref (store);
  remove_store (path);
  return total;
}

/* The village of N_KPM, its 5 desks packaged and joined, the master as it
 * was then copied to TEMPLATE; each desk pays SMALL then LARGE KPM-months
 * of its own slice, exporting a bundle after each */
static void
generate (const char *dir, gint64 small, gint64 large, guint32 seed, guint n_kpm, guint slice, const char *template,
          char **small_bundle, char **large_bundle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *master_path = NULL;
  g_autoptr(SalurStore) master = NULL;
  g_autoptr(SalurOperator) sri = NULL;
  g_autoptr(GPtrArray) kpm = NULL;
  SalurStore *desk[N_DESKS];
  double t0;

  /* the village, its desks */
  t0 = now_s ();
  master_path = g_build_filename (dir, "master.db", NULL);
  master = salur_store_open (master_path, &error);
  if (master == NULL || !salur_demo_create (master, n_kpm, seed, &error))
    die ("demo", error);
  printf ("demo_s %.1f\n", now_s () - t0);
  sri = login (master, "sri", "1111");
  kpm = salur_store_list_kpm (master, NULL, &error);
  if (kpm == NULL || kpm->len != n_kpm)
    die ("list", error);
  for (guint d = 0; d < N_DESKS; d++)
    {
      g_autofree char *pkg = g_strdup_printf ("%s/desk%u.pkg", dir, d);
      g_autofree char *db = g_strdup_printf ("%s/desk%u.db", dir, d);
      g_autofree char *name = g_strdup_printf ("Meja %u", d + 1);
      g_autofree char *id = NULL;
      SalurPackageRequest req = { .role = SALUR_DEVICE_DESK, .name = name };

      if (!salur_sync_write_package (master, sri, &req, PASSPHRASE, pkg, &id, &error))
        die ("package", error);
      desk[d] = salur_sync_join (db, pkg, PASSPHRASE, &error);
      if (desk[d] == NULL)
        die ("join", error);
    }
  /* the master as it was after the packages: every run merges into a copy */
  g_clear_object (&master);
  copy_file (master_path, template);
  printf ("village_s %.1f\n", now_s () - t0);

  /* the desks pay: desk d its own slice of the KPM, month after month */
  t0 = now_s ();
  for (guint d = 0; d < N_DESKS; d++)
    {
      g_autoptr(SalurOperator) joko = login (desk[d], "joko", "2222");
      gint64 n = 0;
      guint in_batch = 0;

      for (guint m = 0; m < N_MONTHS && n < large; m++)
        for (guint k = d * slice; k < (d + 1) * slice && n < large; k++)
          {
            SalurKpm *kp = g_ptr_array_index (kpm, k);
            g_autoptr(GArray) months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
            SalurMonth month = salur_month_from_ymd (2026, 1) + m;
            SalurPaymentRequest req = {
              .kpm_id = kp->id, .months = months, .desk = kp->dusun,
              .place = SALUR_PLACE_HALL, .proof = SALUR_PROOF_THUMBPRINT,
            };
            g_autoptr(SalurPayment) p = NULL;

            g_array_append_val (months, month);
            if (in_batch == 0 && !salur_store_begin (desk[d], &error))
              die ("begin", error);
            p = salur_ledger_pay (desk[d], joko, &req, &error);
            if (p == NULL)
              die ("pay", error);
            n++;
            if (++in_batch == BATCH || n == small || n == large)
              {
                if (!salur_store_commit (desk[d], &error))
                  die ("commit", error);
                in_batch = 0;
              }
            if (n == small && !salur_sync_export (desk[d], small_bundle[d], NULL, NULL, &error))
              die ("export", error);
          }
      if (n != large)
        {
          g_printerr ("salur-bench-sync: desk %u paid %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT "\n", d, n, large);
          exit (1);
        }
      if (!salur_sync_export (desk[d], large_bundle[d], NULL, NULL, &error))
        die ("export", error);
      g_printerr ("salur-bench-sync: desk %u paid %" G_GINT64_FORMAT ", %.0f s so far\n", d + 1, n, now_s () - t0);
      g_object_unref (desk[d]);
    }
  printf ("payments_s %.1f\n", now_s () - t0);
}

int
main (int argc, char **argv)
{
  const char *dir;
  gint64 small = 2000, large = 20000;
  guint32 seed = 1;
  guint n_kpm, slice;
  g_autofree char *template = NULL;
  char *small_bundle[N_DESKS + 1] = { NULL }, *large_bundle[N_DESKS + 1] = { NULL };
  g_autoptr(GArray) small_runs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) large_runs = g_array_new (FALSE, FALSE, sizeof (double));
  double small_per[N_DESKS], large_per[N_DESKS], scan;
  g_autoptr(GArray) small_first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) small_last = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) large_first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) large_last = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) small_scan = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) large_scan = g_array_new (FALSE, FALSE, sizeof (double));

  if (argc < 2)
    {
      g_printerr ("usage: salur-bench-sync DIR [SMALL] [LARGE] [SEED]\n");
      return 2;
    }
  dir = argv[1];
  if (argc > 2)
    small = g_ascii_strtoll (argv[2], NULL, 10);
  if (argc > 3)
    large = g_ascii_strtoll (argv[3], NULL, 10);
  if (argc > 4)
    seed = g_ascii_strtoull (argv[4], NULL, 10);
  if (small < 1 || large < small)
    {
      g_printerr ("salur-bench-sync: SMALL must be 1 or more and LARGE at least SMALL\n");
      return 2;
    }
  slice = (large + N_MONTHS - 1) / N_MONTHS;
  n_kpm = slice * N_DESKS;

  template = g_build_filename (dir, "master-template.db", NULL);
  for (guint d = 0; d < N_DESKS; d++)
    {
      small_bundle[d] = g_strdup_printf ("%s/desk%u-small.bundle", dir, d);
      large_bundle[d] = g_strdup_printf ("%s/desk%u-large.bundle", dir, d);
    }
  /* a folder that holds them already (SALUR_BENCH_ONLY=data made them) is
   * merged again without making them */
  if (!g_file_test (template, G_FILE_TEST_EXISTS))
    generate (dir, small, large, seed, n_kpm, slice, template, small_bundle, large_bundle);
  if (g_strcmp0 (g_getenv ("SALUR_BENCH_ONLY"), "data") == 0)
    return 0;

  /* the merges */
  for (guint r = 0; r < RUNS_SMALL; r++)
    {
      double t = merge_run (dir, template, small_bundle, small, r, small_per, &scan);
      g_array_append_val (small_runs, t);
      g_array_append_val (small_first, small_per[0]);
      g_array_append_val (small_last, small_per[N_DESKS - 1]);
      g_array_append_val (small_scan, scan);
    }
  for (guint r = 0; r < RUNS_LARGE; r++)
    {
      double t = merge_run (dir, template, large_bundle, large, r, large_per, &scan);
      g_array_append_val (large_runs, t);
      g_array_append_val (large_first, large_per[0]);
      g_array_append_val (large_last, large_per[N_DESKS - 1]);
      g_array_append_val (large_scan, scan);
      g_printerr ("salur-bench-sync: large run %u: %.2f s\n", r + 1, t);
    }

  printf ("kpm %u\n", n_kpm);
  printf ("desks %d\n", N_DESKS);
  printf ("small_events %" G_GINT64_FORMAT "\n", small);
  printf ("large_events %" G_GINT64_FORMAT "\n", large);
  printf ("small_bundle_kb %.0f\n", file_size (small_bundle[0]) / 1024.0);
  printf ("large_bundle_kb %.0f\n", file_size (large_bundle[0]) / 1024.0);
  printf ("small_runs %u\n", small_runs->len);
  printf ("large_runs %u\n", large_runs->len);
  printf ("small_median_ms %.1f\n", median (small_runs) * 1e3);
  printf ("small_min_ms %.1f\n", minimum (small_runs) * 1e3);
  printf ("large_median_ms %.1f\n", median (large_runs) * 1e3);
  printf ("large_min_ms %.1f\n", minimum (large_runs) * 1e3);
  printf ("small_first_bundle_ms %.1f\n", median (small_first) * 1e3);
  printf ("small_last_bundle_ms %.1f\n", median (small_last) * 1e3);
  printf ("large_first_bundle_ms %.1f\n", median (large_first) * 1e3);
  printf ("large_last_bundle_ms %.1f\n", median (large_last) * 1e3);
  printf ("small_scan_ms %.1f\n", median (small_scan) * 1e3);
  printf ("large_scan_ms %.1f\n", median (large_scan) * 1e3);
  printf ("sqlite_version %s\n", sqlite3_libversion ());
  for (guint d = 0; d < N_DESKS; d++)
    {
      g_free (small_bundle[d]);
      g_free (large_bundle[d]);
    }
  return 0;
}
