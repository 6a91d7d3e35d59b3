/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-backup"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "salur-backup.h"
#include "salur-error.h"
#include "salur-ledger.h"
#include "salur-store-private.h"
#include "salur-sync.h"

/* "2026-11-24T081502Z": no colons, which FAT sticks refuse */
/* pages copied between two flushes of the backup: 16 MiB of 4 KiB pages */
#define STEP_PAGES 4096
#define STAMP_LEN 18

/* helpers */

static gboolean
is_disk_full (int system_errno)
{
  return system_errno == ENOSPC || system_errno == EFBIG
#ifdef EDQUOT
         || system_errno == EDQUOT
#endif
         ;
}

/* Why a connection to the backup file failed, in words for people */
static void
set_db_error (GError **error, sqlite3 *db, int rc, const char *file, const char *context)
{
  int code = db != NULL ? sqlite3_extended_errcode (db) : rc;
  int sys = db != NULL ? sqlite3_system_errno (db) : 0;

  if ((code & 0xff) == SQLITE_FULL || is_disk_full (sys))
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                 _("%s: the disk holding %s is full. Free some space and try again; the data file itself is unharmed."),
                 context, file);
  else
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE, "%s: %s (%s)", context,
                 db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc), file);
}

static gboolean
exec (sqlite3 *db, const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

/* The one text a pragma such as quick_check gives, NULL on failure */
static char *
query_text (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  GString *out = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *t = (const char *) sqlite3_column_text (stmt, 0);
      if (t != NULL && g_str_has_prefix (t, "*** in database"))
        continue;
      if (out == NULL)
        out = g_string_new (NULL);
      else
        g_string_append (out, "; ");
      g_string_append (out, t != NULL ? t : "");
    }
  if (sqlite3_finalize (stmt) != SQLITE_OK)
    {
      if (out != NULL)
        g_string_free (out, TRUE);
      return NULL;
    }
  return out != NULL ? g_string_free (out, FALSE) : g_strdup ("");
}

static gint64
query_int (sqlite3 *db, const char *sql, gboolean *ok)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      *ok = FALSE;
      return 0;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  else
    *ok = FALSE;
  sqlite3_finalize (stmt);
  return v;
}

static gboolean
fsync_path (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

static void
unlink_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (journal);
}

static char *
stamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H%M%SZ");
}

/* "salur.db" -> "salur" */
static char *
store_base (const char *store_path)
{
  g_autofree char *base = g_path_get_basename (store_path);

  if (g_str_has_suffix (base, ".db") && strlen (base) > 3)
    base[strlen (base) - 3] = '\0';
  return g_steal_pointer (&base);
}

/* The time in a backup's name ("…-2026-11-24T081502Z[-N].db") and N */
static GDateTime *
parse_name (const char *name, guint *n)
{
  g_autofree char *s = NULL;
  char *dash;
  const char *t;
  int y, mo, d, h, mi, se;

  if (!g_str_has_suffix (name, ".db") || name[0] == '.')
    return NULL;
  s = g_strndup (name, strlen (name) - 3);
  *n = 1;
  /* a second backup within the same second gets "-2" */
  dash = strrchr (s, '-');
  if (dash != NULL && dash[1] != '\0' && strspn (dash + 1, "0123456789") == strlen (dash + 1)
      && strlen (s) > STAMP_LEN + 2 && dash[-1] == 'Z')
    {
      *n = (guint) g_ascii_strtoull (dash + 1, NULL, 10);
      *dash = '\0';
    }
  if (strlen (s) < STAMP_LEN + 1 || s[strlen (s) - STAMP_LEN - 1] != '-')
    return NULL;
  t = s + strlen (s) - STAMP_LEN;
  if (sscanf (t, "%4d-%2d-%2dT%2d%2d%2dZ", &y, &mo, &d, &h, &mi, &se) != 6)
    return NULL;
  return g_date_time_new_utc (y, mo, d, h, mi, se);
}

static int
compare_newest_first (gconstpointer a, gconstpointer b)
{
  const SalurBackup *x = *(SalurBackup **) a, *y = *(SalurBackup **) b;
  int c = g_date_time_compare (y->taken, x->taken);

  if (c != 0)
    return c;
  /* within one second, "-2" is newer than the plain name, "-10" than "-9" */
  if (strlen (x->path) != strlen (y->path))
    return strlen (x->path) < strlen (y->path) ? 1 : -1;
  return g_strcmp0 (y->path, x->path);
}

/* Keeps the newest SALUR_BACKUP_KEEP; a temporary file left by a backup that
 * was cut off (power, full disk) goes too once it is an hour old */
static void
rotate (const char *store_path)
{
  g_autoptr(GPtrArray) all = salur_backup_list (store_path);
  g_autofree char *dir = salur_backup_dir (store_path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  for (guint i = SALUR_BACKUP_KEEP; i < all->len; i++)
    {
      SalurBackup *b = g_ptr_array_index (all, i);
      g_debug ("removing the old backup %s", b->path);
      unlink_db (b->path);
    }
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (name[0] == '.' && g_str_has_suffix (name, ".tmp"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        GStatBuf st;
        if (g_stat (path, &st) == 0 && st.st_mtime < time (NULL) - SALUR_BACKUP_INTERVAL)
          unlink_db (path);
      }
}

static char *
note_path (const char *store_path)
{
  g_autofree char *dir = salur_backup_dir (store_path);

  return g_build_filename (dir, "DAMAGED.txt", NULL);
}

/* The backup folder, made (0700) or tightened */
static gboolean
prepare_dir (const char *dir, GError **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                   is_disk_full (saved) ? _("Cannot make the backup folder %s: the disk is full.")
                                        : _("Cannot make the backup folder %s: %s"),
                   dir, g_strerror (saved));
      return FALSE;
    }
  if (g_chmod (dir, 0700) != 0)
    g_debug ("cannot chmod %s: %s", dir, g_strerror (errno));
  return TRUE;
}

/* Copies SRC into DEST (a new file, 0600) with the online backup API, in
 * one step: one read snapshot of the source, so a desk writing meanwhile is
 * neither held up nor copied half. The copy is a plain rollback-journal
 * file, checked, synced, and renamed into place only when whole. */
static gboolean
copy_db (sqlite3 *src, const char *dest, gboolean check, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (dest);
  g_autofree char *base = g_path_get_basename (dest);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.%u.tmp", dir, base, (guint) getpid ());
  g_autofree char *result = NULL;
  sqlite3 *dst = NULL;
  sqlite3_backup *backup;
  gboolean in_read = FALSE;
  int fd, rc, sync_fd = -1;

  unlink_db (tmp);
  fd = g_open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                   is_disk_full (saved) ? _("Cannot write the backup %s: the disk is full.")
                                        : _("Cannot write the backup %s: %s"),
                   dest, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (error, dst, rc, dest, _("Cannot write the backup"));
      goto fail;
    }
  sqlite3_extended_result_codes (dst, 1);
  /* a temporary file until renamed: no journal, no sync of SQLite's own
   * (the copy flushes as it goes, and the whole is synced before the rename) */
  exec (dst, "PRAGMA journal_mode = OFF");
  exec (dst, "PRAGMA synchronous = OFF");

  /* One read transaction on the source for the whole copy: every step
   * reads the same snapshot, so a desk committing meanwhile neither restarts
   * the copy nor gets half into it */
  in_read = exec (src, "BEGIN") && exec (src, "SELECT count(*) FROM sqlite_schema");
  backup = sqlite3_backup_init (dst, "main", src, "main");
  if (backup == NULL)
    {
      set_db_error (error, dst, 0, dest, _("Cannot write the backup"));
      goto fail;
    }
  /* Copied STEP_PAGES at a time, each step's pages flushed before the
   * next: written in one go and synced at the end, 700 MB of dirty pages
   * held a desk's commit (its own fsync) for over a second */
  sync_fd = g_open (tmp, O_RDONLY | O_CLOEXEC, 0);
  do
    {
      rc = sqlite3_backup_step (backup, STEP_PAGES);
      if (rc == SQLITE_OK && sync_fd >= 0)
        fdatasync (sync_fd);
      else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (sync_fd >= 0)
    close (sync_fd);
  if (in_read)
    exec (src, "COMMIT");
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED, "%s", sqlite3_errstr (rc));
      else
        set_db_error (error, dst, rc, dest, _("Cannot write the backup"));
      goto fail;
    }
  /* the source's header says WAL; a backup is one plain file */
  if (!exec (dst, "PRAGMA journal_mode = DELETE"))
    {
      set_db_error (error, dst, 0, dest, _("Cannot write the backup"));
      goto fail;
    }
  if (check)
    {
      result = query_text (dst, "PRAGMA quick_check");
      if (result == NULL || !g_str_equal (result, "ok"))
        {
          /* the pages are the source's: the data file itself is damaged
           * (TAMPERED here only tells take () which failure this is) */
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED, "%s",
                       result != NULL ? result : sqlite3_errmsg (dst));
          goto fail;
        }
    }
  rc = sqlite3_close (dst);
  dst = NULL;
  if (rc != SQLITE_OK || !fsync_path (tmp))
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                   is_disk_full (saved) ? _("Cannot write the backup %s: the disk is full.")
                                        : _("Cannot write the backup %s: %s"),
                   dest, g_strerror (saved));
      goto fail;
    }
  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE, _("Cannot write the backup %s: %s"), dest,
                   g_strerror (saved));
      goto fail;
    }
  fsync_path (dir);
  return TRUE;

fail:
  if (in_read && !sqlite3_get_autocommit (src))
    exec (src, "COMMIT");
  if (dst != NULL)
    sqlite3_close (dst);
  unlink_db (tmp);
  return FALSE;
}

/* A name in the backup folder that sorts after every backup there: within
 * one second, "-2", "-3"... after the highest taken (a free lower name, left
 * by the rotation, would sort as the oldest and go first) */
static char *
new_backup_name (const char *store_path, const char *dir)
{
  g_autofree char *base = store_base (store_path);
  g_autofree char *stamp = stamp_now ();
  g_autofree char *plain = g_strdup_printf ("%s-%s", base, stamp);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint highest = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autoptr(GDateTime) taken = NULL;
      guint n;

      if (g_str_has_prefix (name, plain) && (taken = parse_name (name, &n)) != NULL)
        highest = MAX (highest, n);
    }
  if (highest == 0)
    return g_strdup_printf ("%s/%s.db", dir, plain);
  return g_strdup_printf ("%s/%s-%u.db", dir, plain, highest + 1);
}

static char *
take (sqlite3 *src, const char *store_path, const char *dest, GError **error)
{
  g_autofree char *dir = NULL, *path = NULL;
  g_autoptr(GError) local = NULL;

  if (dest != NULL)
    {
      if (g_file_test (dest, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE,
                       _("%s is a folder: name the backup file, for example %s/salur-backup.db."), dest, dest);
          return NULL;
        }
      path = g_strdup (dest);
    }
  else
    {
      dir = salur_backup_dir (store_path);
      if (!prepare_dir (dir, error))
        return NULL;
      path = new_backup_name (store_path, dir);
    }
  if (!copy_db (src, path, TRUE, &local))
    {
      if (g_error_matches (local, SALUR_ERROR, SALUR_ERROR_TAMPERED))
        {
          /* the check found the store damaged: a note for the next open,
           * and the message people need */
          g_autofree char *note = note_path (store_path);
          g_autofree char *note_dir = g_path_get_dirname (note);
          if (prepare_dir (note_dir, NULL))
            g_file_set_contents_full (note, local->message, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
          _salur_store_set_damaged (store_path, local->message, error);
          return NULL;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (dest == NULL)
    {
      g_autofree char *note = note_path (store_path);
      g_unlink (note);
      rotate (store_path);
    }
  return g_steal_pointer (&path);
}

/* public API */

void
salur_backup_free (SalurBackup *backup)
{
  if (backup == NULL)
    return;
  g_free (backup->path);
  g_clear_pointer (&backup->taken, g_date_time_unref);
  g_free (backup);
}

char *
salur_backup_dir (const char *store_path)
{
  g_return_val_if_fail (store_path != NULL, NULL);
  return g_strconcat (store_path, ".backups", NULL);
}

GPtrArray *
salur_backup_list (const char *store_path)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_backup_free);
  g_autofree char *dir = salur_backup_dir (store_path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GDateTime *taken;
      GStatBuf st;
      SalurBackup *b;
      guint n;

      if ((taken = parse_name (name, &n)) == NULL)
        continue;
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        {
          g_date_time_unref (taken);
          continue;
        }
      b = g_new0 (SalurBackup, 1);
      b->path = g_steal_pointer (&path);
      b->taken = taken;
      b->size = st.st_size;
      g_ptr_array_add (list, b);
    }
  g_ptr_array_sort (list, compare_newest_first);
  return list;
}

SalurBackup *
salur_backup_latest (const char *store_path)
{
  g_autoptr(GPtrArray) all = salur_backup_list (store_path);

  return all->len > 0 ? g_ptr_array_steal_index (all, 0) : NULL;
}

char *
salur_backup_take (SalurStore  *store,
                   const char  *dest,
                   GError     **error)
{
  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  return take (_salur_store_get_db (store), salur_store_get_path (store), dest, error);
}

char *
salur_backup_take_path (const char  *store_path,
                        const char  *dest,
                        GError     **error)
{
  sqlite3 *src = NULL;
  char *path;
  int rc;

  g_return_val_if_fail (store_path != NULL, NULL);

  /* never creates a store: a backup of nothing is nothing */
  rc = sqlite3_open_v2 (store_path, &src, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE, _("Cannot open the data file %s: %s"), store_path,
                   src != NULL ? sqlite3_errmsg (src) : sqlite3_errstr (rc));
      sqlite3_close (src);
      return NULL;
    }
  sqlite3_extended_result_codes (src, 1);
  sqlite3_busy_timeout (src, 5000);
  path = take (src, store_path, dest, error);
  sqlite3_close (src);
  return path;
}

gboolean
salur_backup_due (const char *store_path,
                  gint64      max_age)
{
  g_autoptr(SalurBackup) latest = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan age;

  g_return_val_if_fail (store_path != NULL, FALSE);

  if (!g_file_test (store_path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  if (max_age <= 0 || (latest = salur_backup_latest (store_path)) == NULL)
    return TRUE;
  /* a backup "from the future" (a clock set back) does not count as recent */
  age = g_date_time_difference (now, latest->taken);
  return age < 0 || age >= max_age * G_TIME_SPAN_SECOND;
}

gboolean
salur_backup_auto (const char  *store_path,
                   gint64       max_age,
                   char       **taken,
                   GError     **error)
{
  char *path;

  g_return_val_if_fail (store_path != NULL, FALSE);

  if (taken != NULL)
    *taken = NULL;
  if (!salur_backup_due (store_path, max_age))
    return TRUE;
  path = salur_backup_take_path (store_path, NULL, error);
  if (path == NULL)
    return FALSE;
  if (taken != NULL)
    *taken = path;
  else
    g_free (path);
  return TRUE;
}

char *
salur_backup_damage_note (const char *store_path)
{
  g_autofree char *note = note_path (store_path);
  char *text = NULL;

  if (!g_file_get_contents (note, &text, NULL, NULL))
    return NULL;
  return g_strstrip (text);
}

/* restore */

void
salur_restore_free (SalurRestore *r)
{
  if (r == NULL)
    return;
  g_free (r->backup_path);
  g_free (r->set_aside);
  g_free (r->taken_at);
  g_free (r->missing_from);
  g_free (r->missing_to);
  g_free (r);
}

/* Another process has the SQLite file PATH open: every connection holds a
 * read lock in the file's "shared" byte range while it has the file open in
 * WAL mode (SQLite's os_unix.c locking). A lock of this process does not
 * count (F_GETLK ignores it). */
static gboolean
in_use_elsewhere (const char *path)
{
  struct flock fl = { 0 };
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean held;

  if (fd < 0)
    return FALSE;
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0x40000000 + 2;     /* SQLite's PENDING_BYTE + 2: SHARED_FIRST */
  fl.l_len = 510;                  /* SHARED_SIZE */
  held = fcntl (fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
  close (fd);
  return held;
}

/* A read-only connection to a file that is not ours to change (a backup,
 * the store being replaced); WRITABLE for the working copy, whose last
 * connection must be able to clean its WAL away when it closes */
static sqlite3 *
open_file (const char *path, gboolean writable, int *rc_out)
{
  g_autofree char *uri = NULL;
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
  sqlite3 *db = NULL;
  int rc;

  uri = g_strdup_printf ("file:%s?mode=%s", escaped, writable ? "rw" : "ro");
  rc = sqlite3_open_v2 (uri, &db, (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY)
                        | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc_out != NULL)
    *rc_out = rc;
  if (rc != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static char *
single_text (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *v = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = g_strdup (sqlite3_column_text (stmt, 0) != NULL ? (const char *) sqlite3_column_text (stmt, 0) : "");
  sqlite3_finalize (stmt);
  return v;
}

/* The master's device id (the village's identity) and this file's own */
#define VILLAGE_ID_SQL "SELECT target FROM ev_device WHERE role = 'master' ORDER BY device_id, seq LIMIT 1"
#define DEVICE_ID_SQL  "SELECT device_id FROM device_self WHERE id = 1"

/* The backup as a store: whole (integrity_check, every page and index),
 * Salur's, and its record intact (salur verify) */
static gboolean
check_backup (const char *work, const char *backup_path, GError **error)
{
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *result = NULL, *device = NULL;
  SalurVerifyReport report;
  sqlite3 *db;
  gboolean ok = TRUE;

  db = open_file (work, TRUE, NULL);
  if (db == NULL)
    goto damaged;
  result = query_text (db, "PRAGMA integrity_check");
  if (result == NULL)
    result = g_strdup (sqlite3_errmsg (db));
  device = single_text (db, DEVICE_ID_SQL);
  query_int (db, "SELECT count(*) FROM village", &ok);
  sqlite3_close (db);
  if (result == NULL || !g_str_equal (result, "ok"))
    goto damaged;
  if (device == NULL || *device == '\0' || !ok)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("%s is not a backup of a Salur data file."), backup_path);
      return FALSE;
    }

  store = salur_store_open (work, &local);
  if (store == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("The backup %s cannot be used: %s"), backup_path,
                   local->message);
      return FALSE;
    }
  if (!salur_ledger_verify (store, &report, &local))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                   _("The backup %s does not pass “salur verify”: %s Choose another backup (salur backup --list)."),
                   backup_path, local->message);
      return FALSE;
    }
  return TRUE;

damaged:
  g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
               _("The backup %s is damaged (%s): choose another one (salur backup --list)."), backup_path,
               result != NULL ? result : _("it cannot be read"));
  return FALSE;
}

/* Compares the replaced store with the restored one (both by file) */
static void
compare (const char *restored, const char *replaced, SalurRestore *r)
{
  g_autofree char *escaped = NULL;
  g_autofree char *attach = NULL;
  sqlite3 *db = open_file (restored, TRUE, NULL);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  if (db == NULL)
    return;
  r->events = query_int (db, "SELECT count(*) FROM event", &ok);
  g_free (r->taken_at);
  r->taken_at = single_text (db, "SELECT coalesce (max (at), '') FROM event");
  if (replaced == NULL)
    {
      sqlite3_close (db);
      return;
    }
  escaped = g_uri_escape_string (replaced, "/", FALSE);
  attach = g_strdup_printf ("ATTACH 'file:%s?mode=ro' AS cur", escaped);
  if (!exec (db, attach)
      || sqlite3_prepare_v2 (db,
                             "SELECT count(*), coalesce (sum (c.device_id = (SELECT device_id FROM main.device_self)), 0),"
                             " coalesce (sum (c.kind = 'payment'), 0), coalesce (min (c.at), ''), coalesce (max (c.at), '')"
                             " FROM cur.event c WHERE NOT EXISTS (SELECT 1 FROM main.event m"
                             "  WHERE m.device_id = c.device_id AND m.seq = c.seq)", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_debug ("the replaced store cannot be compared: %s", sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      return;
    }
  r->missing = sqlite3_column_int64 (stmt, 0);
  r->missing_own = sqlite3_column_int64 (stmt, 1);
  r->missing_payments = sqlite3_column_int64 (stmt, 2);
  r->missing_from = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  r->missing_to = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  sqlite3_finalize (stmt);
  r->extra = query_int (db, "SELECT count(*) FROM main.event m WHERE NOT EXISTS (SELECT 1 FROM cur.event c"
                            " WHERE c.device_id = m.device_id AND c.seq = m.seq)", &ok);
  r->replaced_readable = ok;
  sqlite3_close (db);
}

/* The store at PATH as far as it can still be read: its village and device.
 * FALSE when it cannot be read at all. */
static gboolean
identify (const char *path, gboolean writable, char **village, char **device)
{
  sqlite3 *db = open_file (path, writable, NULL);

  if (db == NULL)
    return FALSE;
  *device = single_text (db, DEVICE_ID_SQL);
  *village = single_text (db, VILLAGE_ID_SQL);
  sqlite3_close (db);
  return *device != NULL;
}

static gboolean
move_aside (const char *store_path, const char *aside, GError **error)
{
  g_autofree char *wal = g_strconcat (store_path, "-wal", NULL);
  g_autofree char *aside_wal = g_strconcat (aside, "-wal", NULL);
  g_autofree char *shm = g_strconcat (store_path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (store_path, "-journal", NULL);
  g_autofree char *aside_journal = g_strconcat (aside, "-journal", NULL);

  /* the WAL goes with its file: together they are the store as it was */
  if (g_rename (store_path, aside) != 0
      || (g_file_test (wal, G_FILE_TEST_EXISTS) && g_rename (wal, aside_wal) != 0)
      || (g_file_test (journal, G_FILE_TEST_EXISTS) && g_rename (journal, aside_journal) != 0))
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE, _("Cannot set the data file %s aside: %s"), store_path,
                   g_strerror (saved));
      return FALSE;
    }
  g_unlink (shm);
  return TRUE;
}

SalurRestore *
salur_backup_restore (const char  *store_path,
                      const char  *backup_path,
                      GError     **error)
{
  g_autoptr(SalurRestore) r = g_new0 (SalurRestore, 1);
  g_autofree char *work = NULL, *dir = NULL, *stamp = NULL;
  g_autofree char *cur_village = NULL, *cur_device = NULL, *new_village = NULL, *new_device = NULL;
  g_autoptr(GError) local = NULL;
  gboolean have_current, readable;
  sqlite3 *src;
  int rc;

  g_return_val_if_fail (store_path != NULL && backup_path != NULL, NULL);

  if (!g_file_test (backup_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND, _("There is no backup file %s."), backup_path);
      return NULL;
    }
  have_current = g_file_test (store_path, G_FILE_TEST_EXISTS);
  if (have_current && in_use_elsewhere (store_path))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                   _("Salur is still open on %s (the window or another command): close it first, then restore."),
                   store_path);
      return NULL;
    }
  r->backup_path = g_strdup (backup_path);

  /* the backup is copied beside the store and checked there: the backup
   * itself is never changed, and the store is not touched until the copy
   * has passed every check */
  dir = g_path_get_dirname (store_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE, _("Cannot create the folder %s for the data file: %s"), dir,
                   g_strerror (saved));
      return NULL;
    }
  work = g_strconcat (store_path, ".restoring", NULL);
  /* what a restore cut off earlier left: never a WAL of it on the new copy */
  unlink_db (work);
  src = open_file (backup_path, FALSE, &rc);
  if (src == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("The backup %s cannot be read: %s"), backup_path,
                   sqlite3_errstr (rc));
      return NULL;
    }
  if (!copy_db (src, work, FALSE, &local))
    {
      sqlite3_close (src);
      if (g_error_matches (local, SALUR_ERROR, SALUR_ERROR_TAMPERED))
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                     _("The backup %s cannot be read (%s): it is damaged or it is not a backup of Salur. "
                       "Choose another one (salur backup --list)."), backup_path, local->message);
      else
        g_propagate_prefixed_error (error, g_steal_pointer (&local), _("The backup %s: "), backup_path);
      return NULL;
    }
  sqlite3_close (src);
  if (!check_backup (work, backup_path, error))
    {
      unlink_db (work);
      return NULL;
    }

  /* the same village and the same laptop, when the store can still say */
  identify (work, TRUE, &new_village, &new_device);
  readable = have_current && identify (store_path, FALSE, &cur_village, &cur_device);
  if (readable && g_strcmp0 (cur_village, new_village) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("%s is the backup of another village's data file: nothing was changed."), backup_path);
      unlink_db (work);
      return NULL;
    }
  if (readable && g_strcmp0 (cur_device, new_device) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("%s is the backup of another laptop of the village: nothing was changed. "
                     "Open it with --db FILE to read it."), backup_path);
      unlink_db (work);
      return NULL;
    }
  compare (work, readable ? store_path : NULL, r);
  /* one file, no WAL beside it, when it takes the store's name */
  {
    sqlite3 *db = open_file (work, TRUE, NULL);
    gboolean single = db != NULL && exec (db, "PRAGMA journal_mode = DELETE");
    g_autofree char *work_wal = g_strconcat (work, "-wal", NULL);

    if (db != NULL)
      sqlite3_close (db);
    if (!single || g_file_test (work_wal, G_FILE_TEST_EXISTS))
      {
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE, _("Cannot put the backup in place of %s: %s"),
                     store_path, _("its copy could not be closed"));
        unlink_db (work);
        return NULL;
      }
  }

  if (have_current)
    {
      if (in_use_elsewhere (store_path))
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                       _("Salur is still open on %s (the window or another command): close it first, then restore."),
                       store_path);
          unlink_db (work);
          return NULL;
        }
      stamp = stamp_now ();
      r->set_aside = g_strdup_printf ("%s.replaced-%s", store_path, stamp);
      for (guint n = 2; g_file_test (r->set_aside, G_FILE_TEST_EXISTS); n++)
        {
          g_free (r->set_aside);
          r->set_aside = g_strdup_printf ("%s.replaced-%s-%u", store_path, stamp, n);
        }
      if (!move_aside (store_path, r->set_aside, error))
        {
          unlink_db (work);
          return NULL;
        }
    }
  if (g_rename (work, store_path) != 0)
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE, _("Cannot put the backup in place of %s: %s"), store_path,
                   g_strerror (saved));
      /* put the old one back, as it was */
      if (r->set_aside != NULL)
        {
          g_autofree char *aside_wal = g_strconcat (r->set_aside, "-wal", NULL);
          g_autofree char *wal = g_strconcat (store_path, "-wal", NULL);
          g_rename (r->set_aside, store_path);
          if (g_file_test (aside_wal, G_FILE_TEST_EXISTS))
            g_rename (aside_wal, wal);
        }
      unlink_db (work);
      return NULL;
    }
  fsync_path (dir);
  {
    g_autofree char *note = note_path (store_path);
    g_unlink (note);
  }
  return g_steal_pointer (&r);
}
