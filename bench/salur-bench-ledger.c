/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-bench-ledger"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sqlite3.h>

#include "salur-demo.h"
#include "salur-error.h"
#include "salur-ledger.h"
#include "salur-store-private.h"

/* salur-bench-ledger DB [N_KPM] [SEED]: the ledger's measurements for bench/run.
 *
 * Builds the demo village with N_KPM (default 100,000) families in DB (a
 * new file; an existing one is measured again as it is), records a year of payments through salur_ledger_pay
 * (2026-01 to 2026-12 as four rapel payments of three months; 5% of the
 * families miss the last one, 1% are recorded absent for it), then measures:
 *
 *   lookup   salur_store_get_kpm_by_nik over 10,000 random NIKs, and the
 *            same NIKs as a bare prepared SELECT on the same file (peer)
 *   commit   1,000 new payments for 2027-01, each its own transaction as a
 *            desk makes them, and a bare one-row INSERT transaction with the
 *            same journal and sync settings in the same folder (peer)
 *   status   salur_ledger_status for 2026-11, every KPM: once on a store
 *            just opened, then 5 times on the same store (as a desk asks)
 *
 * Results go to stdout as "key value" lines for the script; progress goes to
 * stderr. The year is data, not a measurement: BATCH payments share one
 * transaction (the store's begin/commit nest as savepoints; SALUR_BENCH_BATCH
 * sets another size), "year_batch" says how many. SALUR_BENCH_ONLY=
 * lookup,commit,status picks phases, e.g. to profile one on a kept store:
 *   SALUR_BENCH_ONLY=status perf record -g salur-bench-ledger KEPT.db */

#define N_LOOKUPS     10000
#define N_COMMITS     1000
#define N_STATUS      5
#define BATCH         500

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

  g_assert (values->len > 0);
  qsort (values->data, values->len, sizeof (double), cmp_double);
  rank = (guint) ceil (p / 100.0 * values->len);
  return g_array_index (values, double, MAX (rank, 1) - 1);
}

static void
die (const char *what, GError *error)
{
  g_printerr ("salur-bench-ledger: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static void
die_sql (sqlite3 *db, const char *what)
{
  g_printerr ("salur-bench-ledger: %s: %s\n", what, sqlite3_errmsg (db));
  exit (1);
}

static GArray *
months_of (SalurMonth first, int n)
{
  GArray *months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));

  for (int i = 0; i < n; i++)
    {
      SalurMonth m = first + i;
      g_array_append_val (months, m);
    }
  return months;
}

static SalurPayment *
pay (SalurStore *store, const SalurOperator *by, const SalurKpm *kpm, GArray *months, guint variant)
{
  g_autoptr(GError) error = NULL;
  SalurPaymentRequest req = {
    .kpm_id = kpm->id,
    .months = months,
    .desk = kpm->dusun,
    .place = SALUR_PLACE_HALL,
    .proof = SALUR_PROOF_THUMBPRINT,
  };
  SalurPayment *p;

  /* a few by proxy and a few at home, as a real year has */
  if (variant % 50 == 1)
    {
      req.proxy_name = "Anak Kandung";
      req.proxy_nik = "9901014506900001";
      req.proxy_relation = "anak";
      req.surat_kuasa_seen = TRUE;
    }
  else if (variant % 50 == 2)
    {
      req.place = SALUR_PLACE_HOME;
      req.witness = "Ketua RT";
    }
  p = salur_ledger_pay (store, by, &req, &error);
  if (p == NULL)
    die ("pay", error);
  return p;
}

typedef struct {
  guint   kpm;       /* index in the list */
  guint   quarter;   /* 0..3 */
} Planned;

/* The year, quarter by quarter as the village pays it */
static void
record_year (SalurStore *store, const SalurOperator *by, GPtrArray *list)
{
  g_autoptr(GArray) plan = g_array_new (FALSE, FALSE, sizeof (Planned));
  g_autoptr(GPtrArray) absent = g_ptr_array_new ();
  GArray *quarters[4];
  const char *forced = g_getenv ("SALUR_BENCH_BATCH");
  guint batch = forced != NULL && *forced != '\0' ? (guint) g_ascii_strtoull (forced, NULL, 10) : BATCH;
  guint in_batch = 0;
  double t0 = now_s ();
  g_autoptr(GError) error = NULL;

  for (int q = 0; q < 4; q++)
    quarters[q] = months_of (salur_month_from_ymd (2026, 1) + 3 * q, 3);
  for (guint q = 0; q < 4; q++)
    for (guint i = 0; i < list->len; i++)
      {
        Planned p = { i, q };

        if (q == 3 && i % 100 < 6)
          {
            if (i % 100 == 0)
              g_ptr_array_add (absent, g_ptr_array_index (list, i));
            continue;   /* 6% not paid for the last quarter, 1% of them recorded absent */
          }
        g_array_append_val (plan, p);
      }

  for (guint n = 0; n < plan->len; n++)
    {
      Planned *p = &g_array_index (plan, Planned, n);
      g_autoptr(SalurPayment) paid = NULL;

      if (batch > 1 && in_batch == 0 && !salur_store_begin (store, &error))
        die ("begin", error);
      paid = pay (store, by, g_ptr_array_index (list, p->kpm), quarters[p->quarter], n);
      if (batch > 1 && ++in_batch == batch)
        {
          if (!salur_store_commit (store, &error))
            die ("commit", error);
          in_batch = 0;
        }
      if (n % 50000 == 0 && n > 0)
        g_printerr ("salur-bench-ledger: %u of %u payments, %.0f s\n", n, plan->len, now_s () - t0);
    }
  if (in_batch > 0 && !salur_store_commit (store, &error))
    die ("commit", error);

  for (guint i = 0; i < absent->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (absent, i);
      if (!salur_ledger_absent (store, by, k->id, quarters[3], k->dusun, "tidak datang", &error))
        die ("absent", error);
    }

  printf ("year_payments %u\n", plan->len);
  printf ("year_months %u\n", plan->len * 3);
  printf ("year_absent %u\n", absent->len);
  printf ("year_batch %u\n", MAX (batch, 1));
  printf ("year_s %.1f\n", now_s () - t0);
  for (int q = 0; q < 4; q++)
    g_array_unref (quarters[q]);
}

/* SALUR_BENCH_ONLY=lookup,status: only those phases */
static gboolean
phase (const char *name)
{
  const char *only = g_getenv ("SALUR_BENCH_ONLY");
  g_auto(GStrv) names = NULL;

  if (only == NULL || *only == '\0')
    return TRUE;
  names = g_strsplit (only, ",", -1);
  return g_strv_contains ((const char *const *) names, name);
}

static sqlite3 *
open_raw (const char *path, int flags)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, flags, NULL) != SQLITE_OK)
    die_sql (db, path);
  sqlite3_busy_timeout (db, 5000);
  /* the same settings salur_store_open uses, so the peer differs only by Salur's own work */
  if (sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536",
                    NULL, NULL, NULL) != SQLITE_OK)
    die_sql (db, "pragma");
  return db;
}

static void
bench_lookup (SalurStore *store, GPtrArray *list, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed ^ 0x100cu);
  g_autoptr(GPtrArray) niks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) peer = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db = open_raw (salur_store_get_path (store), SQLITE_OPEN_READONLY);
  sqlite3_stmt *stmt = NULL;
  guint found = 0;

  for (guint i = 0; i < N_LOOKUPS; i++)
    {
      SalurKpm *k = g_ptr_array_index (list, g_rand_int_range (rand, 0, list->len));
      g_ptr_array_add (niks, g_strdup (k->nik));
    }
  if (sqlite3_prepare_v2 (db, "SELECT id, nik, kk, name, sex, birth_date, birth_place, address, rt, rw,"
                              " dusun_id, occupation, criteria, payment_method, family_size, from_month"
                              " FROM kpm WHERE nik = ?", -1, &stmt, NULL) != SQLITE_OK)
    die_sql (db, "prepare");

  /* warm both: the first touch of each page is the disk's, not the lookup's */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < N_LOOKUPS; i++)
      {
        const char *nik = g_ptr_array_index (niks, i);
        double t = now_s ();
        g_autoptr(GError) error = NULL;
        g_autoptr(SalurKpm) k = salur_store_get_kpm_by_nik (store, nik, &error);

        t = now_s () - t;
        if (k == NULL)
          die ("lookup", error);
        if (pass == 1)
          g_array_append_val (ours, (double) { t * 1e6 });
      }
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < N_LOOKUPS; i++)
      {
        const char *nik = g_ptr_array_index (niks, i);
        double t = now_s ();
        guint cols = 0;

        sqlite3_bind_text (stmt, 1, nik, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW)
          {
            /* read every column as text, as Salur does */
            for (int c = 0; c < 16; c++)
              cols += sqlite3_column_text (stmt, c) != NULL;
          }
        sqlite3_reset (stmt);
        t = now_s () - t;
        if (pass == 1)
          {
            found += cols == 16;
            g_array_append_val (peer, (double) { t * 1e6 });
          }
      }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (found != N_LOOKUPS)
    {
      g_printerr ("salur-bench-ledger: the bare SELECT found %u of %u NIKs\n", found, N_LOOKUPS);
      exit (1);
    }
  printf ("lookup_n %u\n", N_LOOKUPS);
  printf ("lookup_p50_us %.1f\n", percentile (ours, 50));
  printf ("lookup_p99_us %.1f\n", percentile (ours, 99));
  printf ("lookup_peer_p50_us %.1f\n", percentile (peer, 50));
  printf ("lookup_peer_p99_us %.1f\n", percentile (peer, 99));
}

static void
bench_commit (SalurStore *store, const SalurOperator *by, GPtrArray *list, const char *dir, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed ^ 0xc0117u);
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) peer = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) jan = NULL;
  g_autoptr(GHashTable) chosen = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree char *peer_path = g_build_filename (dir, "peer-commit.db", NULL);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  guint8 blob[600];

  /* 2027-01, or on a reused store the first month after it nobody is paid for */
  for (SalurMonth m = salur_month_from_ymd (2027, 1);; m++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = salur_ledger_status (store, m, NULL, &error);
      gboolean any = FALSE;

      if (rows == NULL)
        die ("status", error);
      for (guint i = 0; i < rows->len && !any; i++)
        any = ((SalurStatusRow *) g_ptr_array_index (rows, i))->state == SALUR_STATE_PAID;
      if (!any)
        {
          jan = months_of (m, 1);
          break;
        }
    }

  while (g_hash_table_size (chosen) < MIN (N_COMMITS, list->len))
    {
      guint i = g_rand_int_range (rand, 0, list->len);
      if (g_hash_table_contains (chosen, GUINT_TO_POINTER (i + 1)))
        continue;
      g_hash_table_add (chosen, GUINT_TO_POINTER (i + 1));
      {
        double t = now_s ();
        g_autoptr(SalurPayment) p = pay (store, by, g_ptr_array_index (list, i), jan, 0);

        t = now_s () - t;
        g_array_append_val (ours, (double) { t * 1e3 });
      }
    }

  /* the floor: one row of about an event's size, one transaction, same settings and disk */
  db = open_raw (peer_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_exec (db, "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)", NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "INSERT INTO t (body) VALUES (?)", -1, &stmt, NULL) != SQLITE_OK)
    die_sql (db, "peer");
  for (guint i = 0; i < N_COMMITS; i++)
    {
      double t;

      for (gsize b = 0; b < sizeof blob; b++)
        blob[b] = g_rand_int (rand);
      t = now_s ();
      if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        die_sql (db, "begin");
      sqlite3_bind_blob (stmt, 1, blob, sizeof blob, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        die_sql (db, "insert");
      sqlite3_reset (stmt);
      if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        die_sql (db, "commit");
      t = now_s () - t;
      g_array_append_val (peer, (double) { t * 1e3 });
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  printf ("commit_n %u\n", ours->len);
  printf ("commit_p50_ms %.3f\n", percentile (ours, 50));
  printf ("commit_p99_ms %.3f\n", percentile (ours, 99));
  printf ("commit_max_ms %.3f\n", percentile (ours, 100));
  printf ("commit_peer_p50_ms %.3f\n", percentile (peer, 50));
  printf ("commit_peer_p99_ms %.3f\n", percentile (peer, 99));
}

static void
bench_status (SalurStore *store, guint n_kpm)
{
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (double));
  guint counts[SALUR_STATE_NOT_LISTED + 1] = { 0 };

  /* the first status of a store just opened, as `salur status` asks it: the
   * list read, corrected and sorted before the month */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalurStore) fresh = salur_store_open (salur_store_get_path (store), &error);
    g_autoptr(GPtrArray) rows = NULL;
    double t = now_s ();

    if (fresh == NULL)
      die ("open", error);
    rows = salur_ledger_status (fresh, salur_month_from_ymd (2026, 11), NULL, &error);
    t = now_s () - t;
    if (rows == NULL || rows->len != n_kpm)
      die ("status", error);
    printf ("status_first_ms %.1f\n", t * 1e3);
  }

  for (guint r = 0; r < N_STATUS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      double t = now_s ();

      rows = salur_ledger_status (store, salur_month_from_ymd (2026, 11), NULL, &error);
      t = now_s () - t;
      if (rows == NULL)
        die ("status", error);
      if (rows->len != n_kpm)
        {
          g_printerr ("salur-bench-ledger: status has %u rows for %u KPM\n", rows->len, n_kpm);
          exit (1);
        }
      g_array_append_val (runs, (double) { t * 1e3 });
      if (r == 0)
        for (guint i = 0; i < rows->len; i++)
          counts[((SalurStatusRow *) g_ptr_array_index (rows, i))->state]++;
    }
  printf ("status_runs %u\n", N_STATUS);
  printf ("status_median_ms %.1f\n", percentile (runs, 50));
  printf ("status_min_ms %.1f\n", percentile (runs, 0));
  printf ("status_paid %u\n", counts[SALUR_STATE_PAID]);
  printf ("status_unpaid %u\n", counts[SALUR_STATE_UNPAID]);
  printf ("status_absent %u\n", counts[SALUR_STATE_ABSENT]);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) joko = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *dir = NULL;
  guint64 n = 100000, seed = 1;
  gboolean reuse;
  double t;

  if (argc < 2 || argc > 4
      || (argc >= 3 && !g_ascii_string_to_unsigned (argv[2], 10, 1, G_MAXUINT, &n, NULL))
      || (argc == 4 && !g_ascii_string_to_unsigned (argv[3], 10, 0, G_MAXUINT32, &seed, NULL)))
    {
      g_printerr ("Usage: %s DB [N_KPM] [SEED]\n", argv[0]);
      return 2;
    }
  /* an existing store (kept from an earlier run) is measured again without
   * building it: for profiling one phase, e.g.
   *   SALUR_BENCH_ONLY=status perf record -g salur-bench-ledger kept.db */
  reuse = g_file_test (argv[1], G_FILE_TEST_EXISTS);
  dir = g_path_get_dirname (argv[1]);

  t = now_s ();
  store = salur_store_open (argv[1], &error);
  if (store == NULL || (!reuse && !salur_demo_create (store, (guint) n, (guint32) seed, &error)))
    die ("demo", error);
  printf ("sqlite_version %s\n", sqlite3_libversion ());
  printf ("reused %d\n", reuse);
  if (!reuse)
    printf ("demo_s %.1f\n", now_s () - t);
  joko = salur_ledger_login (store, "joko", "2222", &error);
  if (joko == NULL)
    die ("login", error);
  list = salur_store_list_kpm (store, NULL, &error);
  if (list == NULL)
    die ("list", error);
  printf ("kpm %u\n", list->len);
  fflush (stdout);

  if (!reuse)
    {
      /* The year is the data the measurements read, not a measurement: it
       * is written without waiting on the disk and with a cache the size of
       * the store (a year of 100,000 KPM is 700 MB, and with the desk's
       * 64 MiB most of its time went to reading pages back). The payments
       * measured below are made with the store's own settings. */
      if (sqlite3_exec (_salur_store_get_db (store), "PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576",
                        NULL, NULL, NULL) != SQLITE_OK)
        die_sql (_salur_store_get_db (store), "pragma");
      g_printerr ("salur-bench-ledger: recording a year of payments for %u KPM\n", list->len);
      record_year (store, joko, list);
      if (sqlite3_exec (_salur_store_get_db (store), "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536",
                        NULL, NULL, NULL) != SQLITE_OK)
        die_sql (_salur_store_get_db (store), "pragma");
      fflush (stdout);
    }
  /* as a desk finds it the next morning: the WAL folded into the file */
  {
    sqlite3 *db = open_raw (argv[1], SQLITE_OPEN_READWRITE);
    if (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
      die_sql (db, "checkpoint");
    sqlite3_close (db);
  }
  g_printerr ("salur-bench-ledger: measuring\n");
  if (phase ("lookup"))
    bench_lookup (store, list, (guint32) seed);
  fflush (stdout);
  if (phase ("commit"))
    bench_commit (store, joko, list, dir, (guint32) seed);
  fflush (stdout);
  if (phase ("status"))
    bench_status (store, list->len);
  return 0;
}
