/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Backups, restore, and a store that meets what really happens to files:
 * damaged pages, a folder removed (a USB stick pulled) under a running
 * program, a disk that fills while a backup is written, two programs paying
 * on one file at once. Real SQLite files in a folder of their own; other
 * programs are real processes (fork), never a second connection posing as
 * one. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "salur-backup.h"
#include "salur-demo.h"
#include "salur-error.h"
#include "salur-ledger.h"

#define N_KPM 30

typedef struct {
  char          *dir;
  char          *path;
  SalurStore    *store;
  GPtrArray     *kpm;
  SalurOperator *joko;
} Fixture;

/* the demo village, made once: its Argon2id PIN hashes take most of a
 * second */
static char *template_dir;
static char *template_path;
static char *other_village;     /* another demo village (another master key) */

/* helpers */

static void
copy_file (const char *from, const char *to)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dst = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
remove_all (const char *dir)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

  g_assert_cmpint (system (cmd), ==, 0);
}

static void
make_demo (const char *path, guint32 seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) store = salur_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (salur_demo_create (store, N_KPM, seed, &error));
  g_assert_no_error (error);
}

static SalurStore *
open_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  SalurStore *store = salur_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("salur-test-backup-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "salur.db", NULL);
  copy_file (template_path, f->path);
  f->store = open_ok (f->path);
  f->kpm = salur_store_list_kpm (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->kpm->len, ==, N_KPM);
  f->joko = salur_ledger_login (f->store, "joko", "2222", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->kpm, g_ptr_array_unref);
  g_clear_pointer (&f->joko, salur_operator_free);
  remove_all (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static const char *
kpm_id (Fixture *f, guint i)
{
  return ((SalurKpm *) g_ptr_array_index (f->kpm, i))->id;
}

static SalurPayment *
pay (SalurStore *store, const SalurOperator *by, const char *kpm_id, GError **error)
{
  g_autoptr(GArray) months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  SalurMonth m = salur_month_from_ymd (2026, 11);
  SalurPaymentRequest req = {
    .kpm_id = kpm_id, .months = months, .desk = "Krajan",
    .place = SALUR_PLACE_HALL, .proof = SALUR_PROOF_THUMBPRINT,
  };

  g_array_append_val (months, m);
  return salur_ledger_pay (store, by, &req, error);
}

static char *
pay_ok (Fixture *f, guint i)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurPayment) p = pay (f->store, f->joko, kpm_id (f, i), &error);

  g_assert_no_error (error);
  return g_strdup (p->receipt);
}

static gint64
count (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
exec_on (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
  sqlite3_close (db);
}

static void
verify_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) store = open_ok (path);
  SalurVerifyReport report;

  g_assert_true (salur_ledger_verify (store, &report, &error));
  g_assert_no_error (error);
}

static guint
count_files (const char *dir, const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += g_str_has_suffix (name, suffix);
  return n;
}

/* Writes garbage over the start of page PAGE (1-based, 4096-byte pages):
 * what a failing disk or a cut write leaves */
static void
damage_page (const char *path, guint page)
{
  static const guint8 junk[16] = { 0x0d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                   0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef };
  FILE *fp = fopen (path, "r+b");

  g_assert_nonnull (fp);
  g_assert_cmpint (fseek (fp, (long) (page - 1) * 4096, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (junk, 1, sizeof junk, fp), ==, sizeof junk);
  g_assert_cmpint (fclose (fp), ==, 0);
}

static void
assert_contains (const char *text, const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” lacks “%s”", text, needle);
}

static mode_t
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* backups */

static void
test_take (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = salur_backup_dir (f->path);
  g_autofree char *r1 = pay_ok (f, 0), *r2 = pay_ok (f, 1);
  g_autofree char *taken = salur_backup_take (f->store, NULL, &error);
  g_autofree char *base = NULL, *wal = NULL, *copy = NULL;
  g_autoptr(GRegex) re = g_regex_new ("^salur-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}Z\\.db$", 0, 0, NULL);
  g_autoptr(SalurBackup) latest = NULL;
  guint8 header[20];
  FILE *fp;

  g_assert_no_error (error);
  g_assert_nonnull (taken);
  base = g_path_get_basename (taken);
  g_test_message ("backup %s", taken);
  g_assert_true (g_regex_match (re, base, 0, NULL));
  g_assert_true (g_str_has_prefix (taken, dir));
  g_assert_cmpint (mode_of (dir), ==, 0700);
  g_assert_cmpint (mode_of (taken), ==, 0600);
  latest = salur_backup_latest (f->path);
  g_assert_cmpstr (latest->path, ==, taken);

  /* one plain file: a rollback-journal header, nothing beside it */
  fp = fopen (taken, "rb");
  g_assert_cmpuint (fread (header, 1, sizeof header, fp), ==, sizeof header);
  fclose (fp);
  g_assert_cmpint (memcmp (header, "SQLite format 3", 16), ==, 0);
  g_assert_cmpint (header[18], ==, 1);
  g_assert_cmpint (header[19], ==, 1);
  wal = g_strconcat (taken, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir, ".tmp"), ==, 0);

  /* it holds what the store held, and passes verify */
  g_assert_cmpint (count (taken, "SELECT count(*) FROM ev_payment"), ==, 2);
  g_assert_cmpint (count (taken, "SELECT count(*) FROM event"), ==, count (f->path, "SELECT count(*) FROM event"));
  copy = g_build_filename (f->dir, "copy.db", NULL);
  copy_file (taken, copy);
  verify_ok (copy);

  /* --to a file elsewhere (a USB stick): not in the rotation */
  {
    g_autofree char *usb = g_build_filename (f->dir, "usb", NULL);
    g_autofree char *to = g_build_filename (usb, "salur-backup.db", NULL);
    g_autofree char *written = NULL;

    g_assert_cmpint (g_mkdir (usb, 0700), ==, 0);
    written = salur_backup_take (f->store, to, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (written, ==, to);
    g_assert_cmpint (mode_of (to), ==, 0600);
    g_assert_cmpint (count (to, "SELECT count(*) FROM ev_payment"), ==, 2);
    g_assert_null (salur_backup_take (f->store, usb, &error));
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_USAGE);
  }
  {
    g_autoptr(GPtrArray) all = salur_backup_list (f->path);
    g_assert_cmpuint (all->len, ==, 1);
  }
}

static void
test_rotate (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = salur_backup_dir (f->path);
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *stale = NULL, *fresh = NULL;

  for (guint i = 0; i < SALUR_BACKUP_KEEP + 2; i++)
    {
      char *path = salur_backup_take (f->store, NULL, &error);
      g_assert_no_error (error);
      g_ptr_array_add (taken, path);
      if (i == 0)
        {
          /* left by backups cut off by a power cut: an old one goes, a
           * fresh one (another process's, being written) stays */
          struct utimbuf old = { time (NULL) - 7200, time (NULL) - 7200 };
          stale = g_build_filename (dir, ".salur-2026-01-01T000000Z.db.1.tmp", NULL);
          fresh = g_build_filename (dir, ".salur-2026-01-01T000001Z.db.2.tmp", NULL);
          g_assert_true (g_file_set_contents (stale, "x", 1, NULL));
          g_assert_true (g_file_set_contents (fresh, "x", 1, NULL));
          g_assert_cmpint (g_utime (stale, &old), ==, 0);
        }
    }
  all = salur_backup_list (f->path);
  g_assert_cmpuint (all->len, ==, SALUR_BACKUP_KEEP);
  /* the newest kept, newest first: within one second, -2 after the plain name */
  for (guint i = 0; i < SALUR_BACKUP_KEEP; i++)
    g_assert_cmpstr (((SalurBackup *) g_ptr_array_index (all, i))->path, ==,
                     g_ptr_array_index (taken, taken->len - 1 - i));
  g_assert_false (g_file_test (g_ptr_array_index (taken, 0), G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (g_ptr_array_index (taken, 1), G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir, ".db"), ==, SALUR_BACKUP_KEEP);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
}

static void
test_auto (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = salur_backup_dir (f->path);
  g_autofree char *first = NULL, *second = NULL, *third = NULL, *future = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "none.db", NULL);

  g_assert_true (salur_backup_due (f->path, SALUR_BACKUP_INTERVAL));
  g_assert_true (salur_backup_auto (f->path, SALUR_BACKUP_INTERVAL, &first, &error));
  g_assert_no_error (error);
  g_assert_nonnull (first);
  /* an hour has not passed: nothing */
  g_assert_false (salur_backup_due (f->path, SALUR_BACKUP_INTERVAL));
  g_assert_true (salur_backup_auto (f->path, SALUR_BACKUP_INTERVAL, &second, &error));
  g_assert_null (second);
  /* after an import or a merge: always */
  g_assert_true (salur_backup_auto (f->path, 0, &third, &error));
  g_assert_nonnull (third);
  /* a clock set back: a backup "from the future" is not a recent one */
  remove_all (dir);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  future = g_build_filename (dir, "salur-2099-01-01T000000Z.db", NULL);
  copy_file (template_path, future);
  g_assert_true (salur_backup_due (f->path, SALUR_BACKUP_INTERVAL));
  /* no store, no backup (and no store made) */
  g_assert_false (salur_backup_due (missing, 0));
  g_assert_true (salur_backup_auto (missing, 0, &second, &error));
  g_assert_null (second);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

/* A child process pays while backups are taken: each backup is one
 * consistent moment of the record (its chain verifies), never a payment in
 * part, and a later backup never holds fewer payments */
static void
test_while_paying (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gint64 last = -1;
  int fds[2], status;
  pid_t pid;
  char c;

  for (guint i = 0; i < f->kpm->len; i++)
    g_ptr_array_add (ids, g_strdup (kpm_id (f, i)));
  g_clear_object (&f->store);
  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GError *e = NULL;
      SalurStore *store = salur_store_open (f->path, &e);
      close (fds[0]);
      if (store == NULL)
        _exit (2);
      (void) write (fds[1], "r", 1);
      for (guint i = 0; i < ids->len; i++)
        {
          SalurPayment *p = pay (store, f->joko, g_ptr_array_index (ids, i), &e);
          if (p == NULL)
            _exit (3);
          salur_payment_free (p);
        }
      _exit (0);
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], &c, 1), ==, 1);
  for (guint round = 0; ; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *copy = g_build_filename (f->dir, "check.db", NULL);
      g_autofree char *taken = salur_backup_take_path (f->path, NULL, &error);
      gint64 paid;
      gboolean done = waitpid (pid, &status, WNOHANG) == pid;

      g_assert_no_error (error);
      paid = count (taken, "SELECT count(*) FROM ev_payment");
      g_assert_cmpint (count (taken, "SELECT count(*) FROM event e WHERE kind = 'payment' AND NOT EXISTS"
                                     " (SELECT 1 FROM ev_payment p WHERE p.device_id = e.device_id AND p.seq = e.seq)"), ==, 0);
      g_assert_cmpint (paid, >=, last);
      last = paid;
      copy_file (taken, copy);
      verify_ok (copy);
      g_unlink (copy);
      if (done)
        {
          g_test_message ("%u backups while paying; the last holds %" G_GINT64_FORMAT " payments", round + 1, paid);
          break;
        }
    }
  close (fds[0]);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpint (last, <=, N_KPM);
  f->store = open_ok (f->path);
}

/* The disk fills while a backup is written (RLIMIT_FSIZE below the store's
 * size; SIGXFSZ ignored, so writes fail with EFBIG as on a full disk) */
static void
test_full_disk (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = salur_backup_dir (f->path);
  g_autofree char *good = salur_backup_take (f->store, NULL, &error);
  g_autofree char *r = pay_ok (f, 3);
  char message[1024] = "";
  int fds[2], status;
  GStatBuf st;
  pid_t pid;
  gsize got = 0;
  ssize_t n;

  g_assert_no_error (error);
  g_clear_object (&f->store);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GError *e = NULL;
      struct rlimit rl = { st.st_size / 2, st.st_size / 2 };
      char *taken;

      close (fds[0]);
      signal (SIGXFSZ, SIG_IGN);
      if (setrlimit (RLIMIT_FSIZE, &rl) != 0)
        _exit (3);
      taken = salur_backup_take_path (f->path, NULL, &e);
      if (taken == NULL)
        dprintf (fds[1], "%s", e->message);
      _exit (taken == NULL ? 1 : 0);
    }
  close (fds[1]);
  while ((n = read (fds[0], message + got, sizeof message - 1 - got)) > 0)
    got += n;
  message[got] = '\0';
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_test_message ("a backup with room for half the store: %s", message);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  assert_contains (message, "full");
  /* nothing half-written kept, the good backup still the newest */
  g_assert_cmpuint (count_files (dir, ".tmp"), ==, 0);
  g_assert_cmpuint (count_files (dir, ".db"), ==, 1);
  {
    g_autoptr(SalurBackup) latest = salur_backup_latest (f->path);
    g_assert_cmpstr (latest->path, ==, good);
  }
  verify_ok (f->path);
  f->store = open_ok (f->path);
}

/* restore */

static void
test_restore (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *r0 = pay_ok (f, 0);
  g_autofree char *backup = salur_backup_take (f->store, NULL, &error);
  g_autofree char *r1 = pay_ok (f, 1), *r2 = pay_ok (f, 2);
  g_autoptr(SalurRestore) r = NULL;
  g_autofree char *aside_events = NULL;

  g_assert_no_error (error);
  g_clear_object (&f->store);
  r = salur_backup_restore (f->path, backup, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_cmpstr (r->backup_path, ==, backup);
  g_assert_true (r->replaced_readable);
  g_assert_cmpuint (r->missing, ==, 2);
  g_assert_cmpuint (r->missing_payments, ==, 2);
  g_assert_cmpuint (r->missing_own, ==, 2);
  g_assert_cmpuint (r->extra, ==, 0);
  g_assert_cmpstr (r->missing_from, <=, r->missing_to);
  g_assert_cmpstr (r->taken_at, <, r->missing_from);
  g_assert_cmpuint (r->events, ==, count (backup, "SELECT count(*) FROM event"));

  /* the replaced store is kept whole, beside it */
  g_assert_nonnull (r->set_aside);
  g_assert_true (g_str_has_prefix (r->set_aside, f->path));
  g_assert_cmpint (count (r->set_aside, "SELECT count(*) FROM ev_payment"), ==, 3);
  aside_events = g_strdup_printf ("%" G_GINT64_FORMAT, count (r->set_aside, "SELECT count(*) FROM event"));
  g_test_message ("restored %s; the replaced store, kept as %s, has %s events", backup, r->set_aside, aside_events);

  /* the restored store: the backup's record, intact, 0600, nothing left over */
  g_assert_cmpint (mode_of (f->path), ==, 0600);
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM ev_payment"), ==, 1);
  verify_ok (f->path);
  {
    g_autofree char *work = g_strconcat (f->path, ".restoring", NULL);
    g_autofree char *work_wal = g_strconcat (work, "-wal", NULL);
    g_autofree char *work_shm = g_strconcat (work, "-shm", NULL);
    g_assert_false (g_file_test (work, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (work_wal, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (work_shm, G_FILE_TEST_EXISTS));
  }
  /* and it pays on */
  f->store = open_ok (f->path);
  {
    g_autofree char *again = pay_ok (f, 1);
    g_autoptr(SalurPayment) refused = pay (f->store, f->joko, kpm_id (f, 0), &error);
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_ALREADY_PAID);
    assert_contains (error->message, r0);
  }
}

/* The store was cut short behind Salur's back (its last payment deleted
 * with the sqlite3 shell): the backup that still holds it says so */
static void
test_restore_cut_short (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *r0 = pay_ok (f, 0), *r1 = pay_ok (f, 1);
  g_autofree char *backup = salur_backup_take (f->store, NULL, &error);
  g_autoptr(SalurRestore) r = NULL;

  g_assert_no_error (error);
  g_clear_object (&f->store);
  exec_on (f->path,
           "DROP TRIGGER event_no_delete; DROP TRIGGER ev_payment_no_delete; DROP TRIGGER ev_month_no_delete;"
           "DELETE FROM ev_month WHERE (device_id, seq) = (SELECT device_id, max (seq) FROM event);"
           "DELETE FROM ev_payment WHERE (device_id, seq) = (SELECT device_id, max (seq) FROM event);"
           "DELETE FROM event WHERE (device_id, seq) = (SELECT device_id, max (seq) FROM event);");
  r = salur_backup_restore (f->path, backup, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->missing, ==, 0);
  g_assert_cmpuint (r->extra, ==, 1);
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM ev_payment"), ==, 2);
  f->store = open_ok (f->path);
}

/* A child process that holds the store open, as the window does all day */
static pid_t
hold_open (const char *path, int *release)
{
  int ready[2], hold[2];
  pid_t pid;
  char c;

  g_assert_cmpint (pipe (ready), ==, 0);
  g_assert_cmpint (pipe (hold), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GError *e = NULL;
      SalurStore *store = salur_store_open (path, &e);
      close (ready[0]);
      close (hold[1]);
      if (store == NULL)
        _exit (2);
      (void) salur_store_count_kpm (store);
      (void) write (ready[1], "r", 1);
      (void) read (hold[0], &c, 1);
      _exit (0);
    }
  close (ready[1]);
  close (hold[0]);
  g_assert_cmpint (read (ready[0], &c, 1), ==, 1);
  close (ready[0]);
  *release = hold[1];
  return pid;
}

static void
test_restore_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *r0 = pay_ok (f, 0);
  g_autofree char *backup = salur_backup_take (f->store, NULL, &error);
  g_autofree char *r1 = pay_ok (f, 1);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.db", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *edited = g_build_filename (f->dir, "edited.db", NULL);
  g_autofree char *nowhere = g_build_filename (f->dir, "nowhere.db", NULL);
  g_autofree char *foreign = g_build_filename (f->dir, "foreign.db", NULL);
  g_autofree char *foreign_backup = NULL;
  g_autofree char *before = NULL;
  struct {
    const char *what;
    const char *file;
    int         code;
    const char *says;
  } cases[] = {
    { "no such file", nowhere, SALUR_ERROR_NOT_FOUND, "no backup file" },
    { "not a database", text, SALUR_ERROR_INVALID, "cannot be read" },
    { "a damaged page", damaged, SALUR_ERROR_INVALID, "damaged" },
    { "an event edited", edited, SALUR_ERROR_TAMPERED, "salur verify" },
    { "another village", foreign, SALUR_ERROR_INVALID, "another village" },
  };
  int release, status;
  pid_t pid;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (text, "NIK;NAMA\n", -1, NULL));
  copy_file (backup, damaged);
  damage_page (damaged, 8);
  copy_file (backup, edited);
  exec_on (edited, "DROP TRIGGER event_no_update; UPDATE event SET body = replace (body, 'total=300000', 'total=30000')"
                   " WHERE kind = 'payment'");
  copy_file (other_village, foreign);
  {
    g_autoptr(SalurStore) other = open_ok (foreign);
    foreign_backup = salur_backup_take (other, NULL, &error);
    g_assert_no_error (error);
  }
  copy_file (foreign_backup, foreign);

  g_clear_object (&f->store);
  before = g_strdup_printf ("%" G_GINT64_FORMAT, count (f->path, "SELECT count(*) FROM event"));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SalurRestore) r = salur_backup_restore (f->path, cases[i].file, &error);
      g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, count (f->path, "SELECT count(*) FROM event"));

      g_test_message ("%s: %s", cases[i].what, error != NULL ? error->message : "(restored)");
      g_assert_null (r);
      g_assert_error (error, SALUR_ERROR, cases[i].code);
      assert_contains (error->message, cases[i].says);
      g_clear_error (&error);
      /* nothing changed, nothing set aside, nothing left */
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpuint (count_files (f->dir, ".restoring"), ==, 0);
    }
  {
    g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (d)) != NULL)
      g_assert_null (strstr (name, "replaced"));
  }

  /* while another program has the store open */
  pid = hold_open (f->path, &release);
  {
    g_autoptr(SalurRestore) r = salur_backup_restore (f->path, backup, &error);
    g_assert_null (r);
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_STORE);
    assert_contains (error->message, "close it first");
    g_clear_error (&error);
  }
  close (release);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  /* once it is closed */
  {
    g_autoptr(SalurRestore) r = salur_backup_restore (f->path, backup, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (r->missing_payments, ==, 1);
  }
  f->store = open_ok (f->path);
}

/* The store cannot be read at all (its first page overwritten): restored
 * all the same, and said so */
static void
test_restore_unreadable (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *r0 = pay_ok (f, 0);
  g_autofree char *backup = salur_backup_take (f->store, NULL, &error);
  g_autoptr(SalurRestore) r = NULL;

  g_assert_no_error (error);
  g_clear_object (&f->store);
  damage_page (f->path, 1);
  g_assert_null (salur_store_open (f->path, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_STORE);
  assert_contains (error->message, "damaged");
  assert_contains (error->message, backup);
  g_clear_error (&error);

  r = salur_backup_restore (f->path, backup, &error);
  g_assert_no_error (error);
  g_assert_false (r->replaced_readable);
  g_assert_nonnull (r->set_aside);
  g_assert_true (g_file_test (r->set_aside, G_FILE_TEST_IS_REGULAR));
  verify_ok (f->path);
  f->store = open_ok (f->path);
}

/* a damaged store */

static void
test_damaged (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *r0 = pay_ok (f, 0);
  g_autofree char *copy = g_build_filename (f->dir, "nobackup.db", NULL);
  g_autofree char *backup = NULL;
  gint64 month_root;

  g_clear_object (&f->store);
  month_root = count (f->path, "SELECT rootpage FROM sqlite_schema WHERE name = 'ev_month'");
  copy_file (f->path, copy);
  f->store = open_ok (f->path);
  backup = salur_backup_take (f->store, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&f->store);

  /* with a backup: its name, when, and the command */
  damage_page (f->path, month_root);
  g_assert_null (salur_store_open (f->path, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_STORE);
  assert_contains (error->message, "is damaged");
  assert_contains (error->message, backup);
  assert_contains (error->message, "restore --latest");
  assert_contains (error->message, f->path);
  g_clear_error (&error);

  /* without one: what to do instead */
  damage_page (copy, month_root);
  g_assert_null (salur_store_open (copy, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_STORE);
  assert_contains (error->message, "is damaged");
  assert_contains (error->message, "no backup");
  g_clear_error (&error);

  /* a backup's check that finds the damage (as a background backup of a
   * large store does) leaves a note the next open gives, and keeps no
   * damaged copy */
  g_assert_null (salur_backup_take_path (f->path, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_STORE);
  assert_contains (error->message, "is damaged");
  g_clear_error (&error);
  {
    g_autofree char *note = salur_backup_damage_note (f->path);
    g_autoptr(GPtrArray) all = salur_backup_list (f->path);
    g_assert_nonnull (note);
    g_assert_cmpuint (all->len, ==, 1);
  }
  /* the restore clears it */
  {
    g_autoptr(SalurRestore) r = salur_backup_restore (f->path, backup, &error);
    g_assert_no_error (error);
    g_assert_null (salur_backup_damage_note (f->path));
  }
  f->store = open_ok (f->path);
  verify_ok (f->path);
}

/* The store's folder goes away under a running program (a USB stick
 * pulled out): SQLite would write on into the unlinked file and lose it at
 * exit. Refused, and nothing written. */
static void
test_vanished (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stick = g_build_filename (f->dir, "stick", NULL);
  g_autofree char *gone = g_build_filename (f->dir, "stick-unplugged", NULL);
  g_autofree char *path = g_build_filename (stick, "salur.db", NULL);
  g_autofree char *r0 = NULL;
  g_autoptr(SalurPayment) p = NULL;
  g_autofree char *back = NULL;

  g_clear_object (&f->store);
  g_assert_cmpint (g_mkdir (stick, 0700), ==, 0);
  g_assert_cmpint (g_rename (f->path, path), ==, 0);
  f->store = open_ok (path);
  {
    g_autoptr(SalurPayment) first = pay (f->store, f->joko, kpm_id (f, 0), &error);
    g_assert_no_error (error);
    r0 = g_strdup (first->receipt);
  }
  /* the stick goes: its folder is no longer where the store was opened */
  g_assert_cmpint (g_rename (stick, gone), ==, 0);
  p = pay (f->store, f->joko, kpm_id (f, 1), &error);
  g_assert_null (p);
  g_test_message ("%s", error != NULL ? error->message : "");
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_STORE);
  assert_contains (error->message, "is gone");
  assert_contains (error->message, "Nothing more can be recorded");
  g_clear_error (&error);
  g_clear_object (&f->store);

  /* put back: the first payment, not the second, and intact */
  g_assert_cmpint (g_rename (gone, stick), ==, 0);
  back = g_build_filename (stick, "salur.db", NULL);
  g_assert_cmpint (count (back, "SELECT count(*) FROM ev_payment"), ==, 1);
  verify_ok (back);

  /* removed outright */
  f->store = open_ok (back);
  remove_all (stick);
  p = pay (f->store, f->joko, kpm_id (f, 1), &error);
  g_assert_null (p);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_STORE);
  assert_contains (error->message, "is gone");
  g_clear_error (&error);
  g_clear_object (&f->store);
  g_assert_false (g_file_test (stick, G_FILE_TEST_EXISTS));
}

/* Two programs pay from one list on one file at the same moment, each in
 * its own order: every KPM is paid once, the other program is told it is
 * paid already (by whom, where, which receipt), and neither fails because
 * the other was writing (busy_timeout, BEGIN IMMEDIATE). */
static void
test_second_instance (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  pid_t pids[2];
  int fds[2][2], go[2];
  char results[2][8192];
  guint paid[2] = { 0 }, refused[2] = { 0 };

  for (guint i = 0; i < f->kpm->len; i++)
    g_ptr_array_add (ids, g_strdup (kpm_id (f, i)));
  g_clear_object (&f->store);
  g_assert_cmpint (pipe (go), ==, 0);
  for (int w = 0; w < 2; w++)
    {
      g_assert_cmpint (pipe (fds[w]), ==, 0);
      pids[w] = fork ();
      g_assert_cmpint (pids[w], >=, 0);
      if (pids[w] == 0)
        {
          GError *e = NULL;
          SalurStore *store;
          SalurOperator *op;
          char c;

          close (fds[w][0]);
          close (go[1]);
          store = salur_store_open (f->path, &e);
          op = store != NULL ? salur_ledger_login (store, w == 0 ? "joko" : "wati", w == 0 ? "2222" : "3333", &e) : NULL;
          if (op == NULL)
            {
              dprintf (fds[w][1], "E %s\n", e->message);
              _exit (1);
            }
          (void) read (go[0], &c, 1);   /* both start together */
          for (guint k = 0; k < ids->len; k++)
            {
              /* the first from the top, the second from the bottom */
              guint i = w == 0 ? k : ids->len - 1 - k;
              SalurPayment *p = pay (store, op, g_ptr_array_index (ids, i), &e);
              if (p != NULL)
                dprintf (fds[w][1], "P %s %s\n", (char *) g_ptr_array_index (ids, i), p->receipt);
              else if (g_error_matches (e, SALUR_ERROR, SALUR_ERROR_ALREADY_PAID))
                dprintf (fds[w][1], "R %s %s\n", (char *) g_ptr_array_index (ids, i), e->message);
              else
                dprintf (fds[w][1], "E %s\n", e->message);
              g_clear_pointer (&p, salur_payment_free);
              g_clear_error (&e);
            }
          _exit (0);
        }
      close (fds[w][1]);
    }
  close (go[0]);
  close (go[1]);    /* EOF: go */
  for (int w = 0; w < 2; w++)
    {
      gsize got = 0;
      ssize_t n;
      int status;

      while ((n = read (fds[w][0], results[w] + got, sizeof results[w] - 1 - got)) > 0)
        got += n;
      results[w][got] = '\0';
      close (fds[w][0]);
      g_assert_cmpint (waitpid (pids[w], &status, 0), ==, pids[w]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }
  for (int w = 0; w < 2; w++)
    {
      g_auto(GStrv) lines = g_strsplit (results[w], "\n", -1);
      for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
        {
          if (lines[i][0] == 'E')
            g_error ("program %d failed: %s", w, lines[i]);
          if (lines[i][0] == 'P')
            paid[w]++;
          else
            {
              refused[w]++;
              assert_contains (lines[i], "already paid");
              assert_contains (lines[i], w == 0 ? "wati" : "joko");
            }
        }
    }
  g_test_message ("paid %u + %u, refused as paid already %u + %u", paid[0], paid[1], refused[0], refused[1]);
  g_assert_cmpuint (paid[0] + paid[1], ==, N_KPM);
  g_assert_cmpuint (refused[0] + refused[1], ==, N_KPM);
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM ev_payment"), ==, N_KPM);
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM (SELECT kpm_id FROM ev_month WHERE what = 'payment'"
                                   " GROUP BY kpm_id, month HAVING count(*) > 1)"), ==, 0);
  verify_ok (f->path);
  f->store = open_ok (f->path);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  template_dir = g_dir_make_tmp ("salur-test-backup-demo-XXXXXX", &error);
  g_assert_no_error (error);
  template_path = g_build_filename (template_dir, "demo.db", NULL);
  other_village = g_build_filename (template_dir, "other.db", NULL);
  make_demo (template_path, 1);
  make_demo (other_village, 2);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/backup/take", test_take);
  ADD ("/backup/rotate", test_rotate);
  ADD ("/backup/auto", test_auto);
  ADD ("/backup/while-paying", test_while_paying);
  ADD ("/backup/full-disk", test_full_disk);
  ADD ("/backup/restore", test_restore);
  ADD ("/backup/restore/cut-short", test_restore_cut_short);
  ADD ("/backup/restore/refused", test_restore_refused);
  ADD ("/backup/restore/unreadable", test_restore_unreadable);
  ADD ("/store/damaged", test_damaged);
  ADD ("/store/vanished", test_vanished);
  ADD ("/store/second-instance", test_second_instance);
#undef ADD

  rc = g_test_run ();
  remove_all (template_dir);
  g_free (template_path);
  g_free (other_village);
  g_free (template_dir);
  return rc;
}
