/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Nothing lost on a power cut: kill-writer records payments and is killed
 * with SIGKILL at a random moment, SALUR_KILL_RUNS times (default 100).
 * After each kill the store must hold every payment the writer reported as
 * confirmed (its receipt, KPM, month and total), no payment in part (an
 * event without its ev_payment and ev_month rows, or rows without their
 * event), exactly the KPM paid so far in list order, and a chain that
 * salur_ledger_verify accepts. Each run goes on from where the last stopped;
 * when the list is nearly all paid (a run pays some tens of KPM), a new
 * store starts a new round, so the cost of a check stays the same.
 *
 * SIGKILL stops the writer between any two of its instructions, SQLite's
 * included (mid statement, between the writes of a commit, mid checkpoint),
 * which is what a power cut does to the program. A system call already in
 * the kernel (the fsync of a commit, a write) completes first, so most kills
 * that land during a commit find it done; and what no kill can show is a
 * disk that loses a write it said was done, which is synchronous=FULL's and
 * the hardware's part.
 *
 * SALUR_KILL_WRITER names the writer (meson sets it); else kill-writer is
 * looked for next to this binary. SALUR_KILL_KPM sets the size of the list
 * (default 3000). */
#define G_LOG_DOMAIN "test-kill"
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "salur-demo.h"
#include "salur-error.h"
#include "salur-ledger.h"

#define SEED           20261124u
#define DEFAULT_RUNS   100
#define N_KPM          3000
#define MARGIN         600       /* fewer KPM than this left to pay: a new round */
#define MAX_DELAY_US   80000     /* the kill lands 0 to 80 ms after "ready" */
#define READY_TIMEOUT  (30 * G_USEC_PER_SEC)

typedef struct {
  char *receipt;
  char *kpm_id;
} Confirmed;

static void
confirmed_free (Confirmed *c)
{
  g_free (c->receipt);
  g_free (c->kpm_id);
  g_free (c);
}

/* The writer's stdout, read as lines */
typedef struct {
  int      fd;
  GString *partial;
  gboolean eof;
} Lines;

/* Reads what the pipe holds, waiting at most TIMEOUT_MS (-1: until EOF or a
 * line), and hands each complete line to LINES_OUT */
static void
lines_read (Lines *lines, int timeout_ms, GPtrArray *lines_out)
{
  struct pollfd pfd = { .fd = lines->fd, .events = POLLIN };
  char buf[4096];
  ssize_t n;
  int rc;

  if (lines->eof)
    return;
  do
    rc = poll (&pfd, 1, timeout_ms);
  while (rc < 0 && errno == EINTR);
  g_assert_cmpint (rc, >=, 0);
  if (rc == 0)
    return;
  do
    n = read (lines->fd, buf, sizeof buf);
  while (n < 0 && errno == EINTR);
  g_assert_cmpint (n, >=, 0);
  if (n == 0)
    {
      lines->eof = TRUE;
      return;
    }
  g_string_append_len (lines->partial, buf, n);
  for (;;)
    {
      char *nl = memchr (lines->partial->str, '\n', lines->partial->len);
      if (nl == NULL)
        break;
      g_ptr_array_add (lines_out, g_strndup (lines->partial->str, nl - lines->partial->str));
      g_string_erase (lines->partial, 0, nl - lines->partial->str + 1);
    }
}

static char *
find_writer (void)
{
  const char *env = g_getenv ("SALUR_KILL_WRITER");
  g_autofree char *self = NULL, *dir = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  self = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (self);
  dir = g_path_get_dirname (self);
  return g_build_filename (dir, "kill-writer", NULL);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static gint64
query_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

/* The file as the kill left it, through a read-only connection of its own:
 * no payment in part, receipts distinct, and the KPM paid are exactly the
 * first ones of LIST. Returns how many payments it holds. */
static gint64
check_file (const char *path, GPtrArray *list, guint run)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GHashTable) paid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 events, payments, months, n;
  const char *check;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);

  if (sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("quick_check: %s", sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  check = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (check, "ok") != 0)
    g_error ("run %u: quick_check: %s", run, check);
  sqlite3_finalize (stmt);

  events = query_int (db, "SELECT count(*) FROM event WHERE kind = 'payment'");
  payments = query_int (db, "SELECT count(*) FROM ev_payment");
  months = query_int (db, "SELECT count(*) FROM ev_month");
  if (events != payments || events != months)
    g_error ("run %u: %" G_GINT64_FORMAT " payment events, %" G_GINT64_FORMAT " ev_payment rows, %"
             G_GINT64_FORMAT " ev_month rows: a payment is half recorded", run, events, payments, months);

  /* each payment event has exactly one row in each projection ... */
  n = query_int (db, "SELECT count(*) FROM event e WHERE e.kind = 'payment' AND"
                     " ((SELECT count(*) FROM ev_payment p WHERE p.device_id = e.device_id AND p.seq = e.seq) <> 1"
                     "  OR (SELECT count(*) FROM ev_month m WHERE m.device_id = e.device_id AND m.seq = e.seq"
                     "      AND m.what = 'payment' AND m.kpm_id = e.kpm_id) <> 1)");
  if (n != 0)
    g_error ("run %u: %" G_GINT64_FORMAT " payment events lack their ev_payment or ev_month row", run, n);
  /* ... and every projected row has its event */
  n = query_int (db, "SELECT count(*) FROM ev_payment p WHERE NOT EXISTS (SELECT 1 FROM event e"
                     " WHERE e.device_id = p.device_id AND e.seq = p.seq AND e.kind = 'payment' AND e.kpm_id = p.kpm_id)");
  if (n != 0)
    g_error ("run %u: %" G_GINT64_FORMAT " ev_payment rows have no payment event", run, n);
  n = query_int (db, "SELECT count(*) FROM ev_month m WHERE NOT EXISTS (SELECT 1 FROM event e"
                     " WHERE e.device_id = m.device_id AND e.seq = m.seq AND e.kind = 'payment')");
  if (n != 0)
    g_error ("run %u: %" G_GINT64_FORMAT " ev_month rows have no payment event", run, n);
  n = query_int (db, "SELECT count(DISTINCT receipt) FROM ev_payment");
  if (n != payments)
    g_error ("run %u: %" G_GINT64_FORMAT " payments but %" G_GINT64_FORMAT " distinct receipts", run, payments, n);

  /* the writer pays in list order, one at a time: what is paid is a prefix */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT kpm_id FROM ev_payment", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (paid, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if ((gint64) g_hash_table_size (paid) != payments || payments > (gint64) list->len)
    g_error ("run %u: %" G_GINT64_FORMAT " payments for %u KPM", run, payments, g_hash_table_size (paid));
  for (gint64 i = 0; i < payments; i++)
    {
      SalurKpm *k = g_ptr_array_index (list, i);
      if (!g_hash_table_contains (paid, k->id))
        g_error ("run %u: KPM %" G_GINT64_FORMAT " of the list (%s) is not paid, a later one is", run, i, k->id);
    }

  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return payments;
}

/* A confirmed payment, as the ledger gives it back by its receipt */
static void
check_confirmed (SalurStore *store, const Confirmed *c, gint64 amount, SalurMonth month, guint run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurPayment) p = salur_ledger_get_payment (store, c->receipt, &error);

  if (p == NULL)
    g_error ("run %u: receipt %s (KPM %s) was reported as confirmed and is lost: %s",
             run, c->receipt, c->kpm_id, error->message);
  g_assert_cmpstr (p->receipt, ==, c->receipt);
  g_assert_cmpstr (p->kpm_id, ==, c->kpm_id);
  g_assert_cmpuint (p->months->len, ==, 1);
  g_assert_cmpint (g_array_index (p->months, SalurMonth, 0), ==, month);
  g_assert_cmpint (p->amount_per_month, ==, amount);
  g_assert_cmpint (p->total, ==, amount);
  g_assert_false (p->voided);
}

typedef struct {
  char       *dir;
  char       *path;
  GPtrArray  *list;        /* SalurKpm, in the order the writer pays them */
  GPtrArray  *confirmed;   /* Confirmed: every run of the round */
  gint64      amount;
  gint64      paid;
} Round;

static void
round_start (Round *r, guint n_kpm, guint32 seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurVillage) village = NULL;

  r->dir = g_dir_make_tmp ("salur-test-kill-XXXXXX", &error);
  g_assert_no_error (error);
  r->path = g_build_filename (r->dir, "salur.db", NULL);
  store = salur_store_open (r->path, &error);
  g_assert_no_error (error);
  g_assert_true (salur_demo_create (store, n_kpm, seed, &error));
  g_assert_no_error (error);
  village = salur_store_get_village (store, &error);
  g_assert_no_error (error);
  r->amount = village->amount;
  r->list = salur_store_list_kpm (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->list->len, ==, n_kpm);
  r->confirmed = g_ptr_array_new_with_free_func ((GDestroyNotify) confirmed_free);
  r->paid = 0;
}

/* Every payment confirmed in the round, in any run, is still there at its end */
static void
round_end (Round *r, SalurMonth month)
{
  g_autoptr(GError) error = NULL;
  SalurStore *store = salur_store_open (r->path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < r->confirmed->len; i++)
    check_confirmed (store, g_ptr_array_index (r->confirmed, i), r->amount, month, 0);
  g_object_unref (store);
  remove_tree (r->dir);
  g_clear_pointer (&r->dir, g_free);
  g_clear_pointer (&r->path, g_free);
  g_clear_pointer (&r->list, g_ptr_array_unref);
  g_clear_pointer (&r->confirmed, g_ptr_array_unref);
}

typedef struct {
  guint   kills;
  guint   rounds;
  guint   finished;             /* the writer reached the end of the list first: no kill */
  guint   in_flight;            /* a "paying" line without its "paid" */
  guint   in_flight_committed;  /* ... and the payment is in the store */
  guint   in_flight_lost;       /* ... and it is not (rolled back, as it should be) */
  guint   between;              /* killed after a payment was reported, before the next began */
  guint64 confirmed;
  guint64 committed;
  gint64  verify_us;
} Stats;

/* One run: the writer from where the round stands, killed (or finished) */
static void
one_run (Round *r, const char *writer, guint run, SalurMonth month, Stats *stats)
{
  g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, r->paid);
  const char *argv[] = { writer, r->path, start, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) confirmed = g_ptr_array_new ();
  g_autoptr(GString) partial = g_string_new (NULL);
  g_autofree char *paying = NULL;
  Lines out = { .fd = -1, .partial = partial };
  GPid pid;
  int status;
  gint64 deadline, now, before = r->paid, t_verify;
  gboolean ready = FALSE, killed;
  guint next = 0;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out.fd, NULL, &error);
  g_assert_no_error (error);

  /* the clock starts when the writer has opened the store and logged in */
  deadline = g_get_monotonic_time () + READY_TIMEOUT;
  while (!ready && !out.eof && (now = g_get_monotonic_time ()) < deadline)
    {
      lines_read (&out, (int) ((deadline - now) / 1000) + 1, lines);
      for (; next < lines->len && !ready; next++)
        ready = g_str_equal (g_ptr_array_index (lines, next), "ready");
    }
  if (!ready)
    g_error ("run %u: the writer did not start", run);

  /* Sleep, rather than wait on the pipe: woken by each line the writer
   * writes, the kill would land just after a line more often than elsewhere.
   * The pipe holds the ~60 bytes a payment writes many times over. */
  g_usleep (g_test_rand_int_range (0, MAX_DELAY_US + 1));

  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  killed = WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL;
  if (!killed && !(WIFEXITED (status) && WEXITSTATUS (status) == 0))
    g_error ("run %u: the writer failed (status %d) before the kill", run, status);

  /* what it wrote before it died is still in the pipe */
  while (!out.eof)
    lines_read (&out, -1, lines);
  g_assert_cmpuint (partial->len, ==, 0);   /* one write () per line: never a piece of one */
  close (out.fd);

  for (guint i = next; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_auto(GStrv) f = g_strsplit (line, " ", -1);

      if (g_str_equal (f[0], "paying") && g_strv_length (f) == 2)
        {
          g_assert_null (paying);
          paying = g_strdup (f[1]);
        }
      else if (g_str_equal (f[0], "paid") && g_strv_length (f) == 3)
        {
          Confirmed *c = g_new0 (Confirmed, 1);

          g_assert_cmpstr (paying, ==, f[2]);
          g_clear_pointer (&paying, g_free);
          c->receipt = g_strdup (f[1]);
          c->kpm_id = g_strdup (f[2]);
          g_ptr_array_add (confirmed, c);
          g_ptr_array_add (r->confirmed, c);
        }
      else
        g_error ("run %u: the writer said “%s”", run, line);
    }

  r->paid = check_file (r->path, r->list, run);
  /* nothing reported is missing; at most the one in flight is there unreported */
  if (r->paid < before + (gint64) confirmed->len)
    g_error ("run %u: %u payments reported as confirmed, but the store holds %" G_GINT64_FORMAT
             " of them", run, confirmed->len, r->paid - before);
  if (!killed)
    {
      g_assert_null (paying);
      g_assert_cmpint (r->paid, ==, (gint64) r->list->len);
      stats->finished++;
    }
  else if (paying != NULL)
    {
      SalurKpm *next_kpm = g_ptr_array_index (r->list, before + confirmed->len);

      g_assert_cmpstr (paying, ==, next_kpm->id);
      stats->in_flight++;
      if (r->paid == before + (gint64) confirmed->len + 1)
        stats->in_flight_committed++;
      else
        {
          g_assert_cmpint (r->paid, ==, before + (gint64) confirmed->len);
          stats->in_flight_lost++;
        }
    }
  else
    {
      g_assert_cmpint (r->paid, ==, before + (gint64) confirmed->len);
      stats->between++;
    }
  if (killed)
    stats->kills++;
  stats->confirmed += confirmed->len;
  stats->committed += r->paid - before;

  {
    g_autoptr(SalurStore) store = salur_store_open (r->path, &error);
    SalurVerifyReport report = { 0 };

    g_assert_no_error (error);
    for (guint i = 0; i < confirmed->len; i++)
      check_confirmed (store, g_ptr_array_index (confirmed, i), r->amount, month, run);
    t_verify = g_get_monotonic_time ();
    if (!salur_ledger_verify (store, &report, &error))
      g_error ("run %u: verify: %s", run, error->message);
    stats->verify_us += g_get_monotonic_time () - t_verify;
    g_assert_cmpuint (report.payments, ==, (guint64) r->paid);
  }
}

static void
test_kill (void)
{
  const char *runs_env = g_getenv ("SALUR_KILL_RUNS");
  const char *kpm_env = g_getenv ("SALUR_KILL_KPM");
  guint runs = runs_env != NULL && *runs_env != '\0' ? (guint) g_ascii_strtoull (runs_env, NULL, 10) : DEFAULT_RUNS;
  guint n_kpm = kpm_env != NULL && *kpm_env != '\0' ? (guint) g_ascii_strtoull (kpm_env, NULL, 10) : N_KPM;
  g_autofree char *writer = find_writer ();
  SalurMonth month = salur_month_from_ymd (2026, 11);
  gint64 t0 = g_get_monotonic_time ();
  Round round = { 0 };
  Stats stats = { 0 };
  guint run = 0;

  if (!g_file_test (writer, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("kill-writer not found at %s: set SALUR_KILL_WRITER", writer);
  g_assert_cmpuint (runs, >, 0);
  g_assert_cmpuint (n_kpm, >, MARGIN);
  g_test_message ("%u kills, %u KPM a store, writer %s", runs, n_kpm, writer);

  while (stats.kills < runs)
    {
      if (round.list == NULL)
        {
          round_start (&round, n_kpm, SEED + stats.rounds);
          stats.rounds++;
        }
      one_run (&round, writer, ++run, month, &stats);
      if (round.paid + MARGIN > (gint64) round.list->len)
        round_end (&round, month);
    }
  if (round.list != NULL)
    round_end (&round, month);

  g_test_message ("%u kills in %.1f s (verify %.1f s), %u stores, %u runs ended the list unkilled:"
                  " %" G_GUINT64_FORMAT " payments confirmed, %" G_GUINT64_FORMAT " committed;"
                  " %u kills with a payment in flight (%u committed before the kill, unreported;"
                  " %u rolled back), %u between payments",
                  stats.kills, (g_get_monotonic_time () - t0) / 1e6, stats.verify_us / 1e6, stats.rounds,
                  stats.finished, stats.confirmed, stats.committed, stats.in_flight, stats.in_flight_committed,
                  stats.in_flight_lost, stats.between);
  g_assert_cmpuint (stats.kills, ==, runs);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kill/sigkill-writer", test_kill);
  return g_test_run ();
}
