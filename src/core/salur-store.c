/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-store"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "salur-backup.h"
#include "salur-error.h"
#include "salur-event.h"
#include "salur-store-private.h"

struct _SalurStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* SQL text -> sqlite3_stmt */
  GHashTable *statement_at; /* the same by the text's address, looked up first: callers pass
                             * literals or interned strings, and a merge prepares 4 an event */
  char       *device_id;    /* this installation, from device_self */
  guint       depth;        /* nested begins: the outer is a transaction, the inner savepoints */
  char        device_tag[4];
  /* The whole KPM list in list order, changes laid over (see read_list ()),
   * and what the file was when it was read */
  GPtrArray  *list;
  SalurKpmIndex *list_index; /* made the first time it is asked for */
  gint64      list_data_version;
  gint64      list_changes;
};

G_DEFINE_FINAL_TYPE (SalurStore, salur_store, G_TYPE_OBJECT)

/* Each entry brings the schema from version i to i + 1. Never edit an entry
 * that has shipped: add a new one. */
static const char *const migrations[] = {
  /* 1: the village, its dusun and the KPM list */
  "CREATE TABLE village ("
  "  id            INTEGER PRIMARY KEY CHECK (id = 1),"
  "  desa          TEXT NOT NULL,"
  "  kecamatan     TEXT NOT NULL,"
  "  kabupaten     TEXT NOT NULL,"
  "  provinsi      TEXT NOT NULL,"
  "  kode_wilayah  TEXT NOT NULL DEFAULT '',"
  "  amount        INTEGER NOT NULL CHECK (amount > 0),"
  "  max_months    INTEGER NOT NULL CHECK (max_months BETWEEN 1 AND 12),"
  "  kepala_desa   TEXT NOT NULL DEFAULT '',"
  "  kaur_keuangan TEXT NOT NULL DEFAULT '',"
  "  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
  ");"
  "CREATE TABLE dusun ("
  "  id   INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE"
  ");"
  "CREATE TABLE dusun_rw ("
  "  rw       TEXT PRIMARY KEY,"
  "  dusun_id INTEGER NOT NULL REFERENCES dusun (id)"
  ");"
  /* A rowid table: as WITHOUT ROWID, each ~200-byte row was a key to
   * compare and move, and a 100,000-row import took twice as long. No index
   * on kk or dusun yet: the queries that read them scan the table once. */
  "CREATE TABLE kpm ("
  "  id             TEXT NOT NULL UNIQUE,"
  "  nik            TEXT NOT NULL CHECK (length (nik) = 16),"
  "  kk             TEXT NOT NULL DEFAULT '',"
  "  name           TEXT NOT NULL CHECK (name <> ''),"
  "  sex            TEXT NOT NULL DEFAULT '',"
  "  birth_date     TEXT NOT NULL DEFAULT '',"
  "  birth_place    TEXT NOT NULL DEFAULT '',"
  "  address        TEXT NOT NULL DEFAULT '',"
  "  rt             TEXT NOT NULL DEFAULT '',"
  "  rw             TEXT NOT NULL DEFAULT '',"
  "  dusun_id       INTEGER NOT NULL REFERENCES dusun (id),"
  "  occupation     TEXT NOT NULL DEFAULT '',"
  "  criteria       TEXT NOT NULL DEFAULT '',"
  "  payment_method TEXT NOT NULL DEFAULT '',"
  "  family_size    INTEGER NOT NULL DEFAULT 0,"
  "  from_month     INTEGER NOT NULL"
  ");"
  /* not UNIQUE: a correction may give a NIK away, and the row keeps the
   * old one; the ledger keeps the NIKs in force unique */
  "CREATE INDEX kpm_nik ON kpm (nik);"
  "CREATE TABLE import_log ("
  "  id        INTEGER PRIMARY KEY,"
  "  at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
  "  file      TEXT NOT NULL,"
  "  format    TEXT NOT NULL,"
  "  rows_read INTEGER NOT NULL,"
  "  stored    INTEGER NOT NULL"
  ");",

  /* 2: the ledger. Events are chained per device (salur-event.c); the ev_*
   * tables are projections of their bodies, for queries. Nothing in them,
   * nor a KPM, is ever changed or deleted: the triggers refuse it. */
  "CREATE TABLE device_self ("
  "  id        INTEGER PRIMARY KEY CHECK (id = 1),"
  "  device_id TEXT NOT NULL"
  ");"
  "CREATE TABLE event ("
  "  device_id TEXT NOT NULL,"
  "  seq       INTEGER NOT NULL CHECK (seq >= 1),"
  "  kind      TEXT NOT NULL,"
  "  at        TEXT NOT NULL,"
  "  operator  TEXT NOT NULL,"
  "  kpm_id    TEXT NOT NULL DEFAULT '',"
  "  body      TEXT NOT NULL,"
  "  prev_hash BLOB NOT NULL,"
  "  hash      BLOB NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE INDEX event_kpm ON event (kpm_id) WHERE kpm_id <> '';"
  "CREATE TABLE ev_payment ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  receipt TEXT NOT NULL, kpm_id TEXT NOT NULL, desk TEXT NOT NULL,"
  "  amount_per_month INTEGER NOT NULL, total INTEGER NOT NULL,"
  "  place TEXT NOT NULL, witness TEXT NOT NULL,"
  "  proxy_name TEXT NOT NULL, proxy_nik TEXT NOT NULL, proxy_relation TEXT NOT NULL,"
  "  surat_kuasa INTEGER NOT NULL, proof TEXT NOT NULL, proof_note TEXT NOT NULL,"
  "  signature BLOB,"
  /* the event's time and operator again, so the month's status needs no
   * read of the (large) event table */
  "  at TEXT NOT NULL, operator TEXT NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE INDEX ev_payment_receipt ON ev_payment (receipt);"
  "CREATE INDEX ev_payment_kpm ON ev_payment (kpm_id);"
  /* One row per month a payment or an absence covers, clustered by month
   * and carrying what a month's status shows: the status of 100,000 KPM
   * reads one range of this table and nothing else. */
  "CREATE TABLE ev_month ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  kpm_id TEXT NOT NULL, month INTEGER NOT NULL, what TEXT NOT NULL,"
  "  receipt TEXT NOT NULL, at TEXT NOT NULL, operator TEXT NOT NULL, desk TEXT NOT NULL,"
  "  proxy_name TEXT NOT NULL, proxy_relation TEXT NOT NULL, place TEXT NOT NULL, reason TEXT NOT NULL,"
  "  PRIMARY KEY (month, what, kpm_id, device_id, seq)"
  ") WITHOUT ROWID;"
  "CREATE INDEX ev_month_kpm ON ev_month (kpm_id, month);"
  "CREATE INDEX ev_month_event ON ev_month (device_id, seq);"
  "CREATE TABLE ev_absence ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  kpm_id TEXT NOT NULL, desk TEXT NOT NULL, reason TEXT NOT NULL,"
  "  at TEXT NOT NULL, operator TEXT NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE TABLE ev_void ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  target_device TEXT NOT NULL, target_seq INTEGER NOT NULL, receipt TEXT NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE INDEX ev_void_target ON ev_void (target_device, target_seq);"
  "CREATE TABLE ev_close ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  kpm_id TEXT NOT NULL, from_month INTEGER NOT NULL, reason TEXT NOT NULL,"
  "  note TEXT NOT NULL, sk_number TEXT NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE INDEX ev_close_kpm ON ev_close (kpm_id);"
  "CREATE TABLE ev_correct ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  kpm_id TEXT NOT NULL, field TEXT NOT NULL, old_value TEXT NOT NULL, new_value TEXT NOT NULL,"
  "  reason TEXT NOT NULL, sk_number TEXT NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE INDEX ev_correct_kpm ON ev_correct (kpm_id);"
  "CREATE TABLE ev_operator ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  name TEXT NOT NULL COLLATE NOCASE, role TEXT NOT NULL, pin_hash TEXT NOT NULL, active INTEGER NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE TABLE ev_import ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  file TEXT NOT NULL, format TEXT NOT NULL, rows INTEGER NOT NULL, digest TEXT NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "ALTER TABLE kpm ADD COLUMN origin_device TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE kpm ADD COLUMN origin_seq INTEGER NOT NULL DEFAULT 0;"
  /* wrong PINs, for throttling: a log, not a record of money */
  "CREATE TABLE pin_attempt ("
  "  id   INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL COLLATE NOCASE,"
  "  at   INTEGER NOT NULL,"
  "  ok   INTEGER NOT NULL"
  ");"
  "CREATE INDEX pin_attempt_name ON pin_attempt (name, id);"
#define NEVER_CHANGED(t) \
  "CREATE TRIGGER " t "_no_update BEFORE UPDATE ON " t \
  " BEGIN SELECT RAISE (ABORT, 'Salur records are never changed or deleted: record a correction instead'); END;" \
  "CREATE TRIGGER " t "_no_delete BEFORE DELETE ON " t \
  " BEGIN SELECT RAISE (ABORT, 'Salur records are never changed or deleted: record a correction instead'); END;"
  NEVER_CHANGED ("event") NEVER_CHANGED ("ev_payment") NEVER_CHANGED ("ev_month")
  NEVER_CHANGED ("ev_absence") NEVER_CHANGED ("ev_void") NEVER_CHANGED ("ev_close")
  NEVER_CHANGED ("ev_correct") NEVER_CHANGED ("ev_operator") NEVER_CHANGED ("ev_import")
  NEVER_CHANGED ("kpm") NEVER_CHANGED ("import_log") NEVER_CHANGED ("device_self"),

  /* 3: invitation cards and the village's devices, both events: a card
   * (serial, KPM, months of the round, short code; a reissue names the
   * serial it replaces) and a device the master registered (its key and
   * what it is for). This device's own key pair, and the log of bundles
   * written and merged, which are not records of money. */
  "CREATE TABLE ev_card ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  serial TEXT NOT NULL, kpm_id TEXT NOT NULL, months TEXT NOT NULL,"
  "  short_code TEXT NOT NULL, replaces TEXT NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE INDEX ev_card_serial ON ev_card (serial);"
  "CREATE INDEX ev_card_short ON ev_card (short_code);"
  "CREATE INDEX ev_card_kpm ON ev_card (kpm_id);"
  "CREATE INDEX ev_card_replaces ON ev_card (replaces) WHERE replaces <> '';"
  "CREATE TABLE ev_device ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  target TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, public_key TEXT NOT NULL,"
  "  dusun TEXT NOT NULL, assignee TEXT NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE INDEX ev_device_target ON ev_device (target);"
  "CREATE TABLE device_key ("
  "  id         INTEGER PRIMARY KEY CHECK (id = 1),"
  "  public_key BLOB NOT NULL,"
  "  secret_key BLOB NOT NULL"
  ");"
  "CREATE TABLE bundle_log ("
  "  id        INTEGER PRIMARY KEY,"
  "  at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
  "  direction TEXT NOT NULL,"      /* 'export' or 'merge' */
  "  file      TEXT NOT NULL,"
  "  device_id TEXT NOT NULL,"
  "  first_seq INTEGER NOT NULL,"
  "  last_seq  INTEGER NOT NULL,"
  "  stored    INTEGER NOT NULL"
  ");"
  NEVER_CHANGED ("ev_card") NEVER_CHANGED ("ev_device") NEVER_CHANGED ("device_key"),

  /* 4: the village's sync key, derived (Argon2id) from the passphrase the
   * treasurer chose, with its salt; the field officer's assigned KPM */
  "CREATE TABLE sync_secret ("
  "  id   INTEGER PRIMARY KEY CHECK (id = 1),"
  "  salt BLOB NOT NULL,"
  "  key  BLOB NOT NULL"
  ");"
  "ALTER TABLE ev_device ADD COLUMN cash INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE ev_device ADD COLUMN kpm TEXT NOT NULL DEFAULT '';"
  /* the master's signature on this device's key, shown in its bundles so
   * that desks that never met can merge each other's */
  "CREATE TABLE device_certificate ("
  "  id        INTEGER PRIMARY KEY CHECK (id = 1),"
  "  role      TEXT NOT NULL,"
  "  name      TEXT NOT NULL,"
  "  signature TEXT NOT NULL"
  ");"
  NEVER_CHANGED ("sync_secret") NEVER_CHANGED ("device_certificate"),

  /* 5: what happens at a desk besides paying. A complaint (pengaduan) with
   * the slip number the person takes home, and each answer to it; a full
   * NIK shown on screen (who looked, when); a desk closed with its cash
   * count. And an index of names for searching as one types: an index, not
   * a record, filled from kpm and ev_correct by salur_store_index_names. */
  "CREATE TABLE ev_complaint ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  slip TEXT NOT NULL, kpm_id TEXT NOT NULL, months TEXT NOT NULL, kind TEXT NOT NULL,"
  "  complainant TEXT NOT NULL, contact TEXT NOT NULL, text TEXT NOT NULL, desk TEXT NOT NULL,"
  "  at TEXT NOT NULL, operator TEXT NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE INDEX ev_complaint_slip ON ev_complaint (slip);"
  "CREATE TABLE ev_answer ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  slip TEXT NOT NULL, state TEXT NOT NULL, answer TEXT NOT NULL,"
  "  at TEXT NOT NULL, operator TEXT NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE INDEX ev_answer_slip ON ev_answer (slip);"
  "CREATE TABLE ev_reveal ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  kpm_id TEXT NOT NULL, desk TEXT NOT NULL, at TEXT NOT NULL, operator TEXT NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE TABLE ev_desk_close ("
  "  device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  desk TEXT NOT NULL, months TEXT NOT NULL, cash_opening INTEGER NOT NULL,"
  "  paid INTEGER NOT NULL, payments INTEGER NOT NULL, cash_counted INTEGER NOT NULL,"
  "  note TEXT NOT NULL, at TEXT NOT NULL, operator TEXT NOT NULL,"
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE VIRTUAL TABLE name_index USING fts5 (name, kpm_id UNINDEXED,"
  "  tokenize = \"unicode61 remove_diacritics 2\");"
  "CREATE TABLE name_index_state ("
  "  id           INTEGER PRIMARY KEY CHECK (id = 1),"
  "  kpm_rowid    INTEGER NOT NULL,"
  "  correct_rowid INTEGER NOT NULL"
  ");"
  "INSERT INTO name_index_state VALUES (1, 0, 0);"
  NEVER_CHANGED ("ev_complaint") NEVER_CHANGED ("ev_answer") NEVER_CHANGED ("ev_reveal")
  NEVER_CHANGED ("ev_desk_close"),

  /* 6: a desk counts its own dusun's KPM without reading the whole list */
  "CREATE INDEX kpm_dusun ON kpm (dusun_id);",
#undef NEVER_CHANGED
};

static const char *const village_keys[] = {
  "desa", "kecamatan", "kabupaten", "provinsi", "kode-wilayah",
  "amount", "max-months", "kepala-desa", "kaur-keuangan", NULL,
};

/* helpers */

char *
_salur_column_text (sqlite3_stmt *stmt, int col)
{
  const unsigned char *t = sqlite3_column_text (stmt, col);

  return g_strdup (t != NULL ? (const char *) t : "");
}

/* The command that goes back to the latest backup, with --db when the
 * store is not the default one */
static char *
restore_command (const char *path)
{
  g_autofree char *def = salur_store_default_path ();

  if (g_strcmp0 (def, path) == 0)
    return g_strdup ("salur restore --latest");
  return g_strdup_printf ("salur --db %s restore --latest", path);
}

void
_salur_store_set_damaged (const char  *path,
                          const char  *detail,
                          GError     **error)
{
  g_autoptr(SalurBackup) latest = salur_backup_latest (path);

  if (latest != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (latest->taken);
      g_autofree char *when = g_date_time_format (local, "%d-%m-%Y %H:%M");
      g_autofree char *command = restore_command (path);

      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                   _("The data file %s is damaged (%s). Salur stops here so that nothing more is lost.\n"
                     "The latest backup was taken on %s: %s\n"
                     "To go back to it, run: %s\n"
                     "The restore keeps the damaged file aside. What was recorded after the backup is not in "
                     "it: merge the desks' bundles again."),
                   path, detail, when, latest->path, command);
    }
  else
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                 _("The data file %s is damaged (%s). Salur stops here so that nothing more is lost.\n"
                   "There is no backup of it. Copy the file somewhere safe as it is and ask the bendahara: "
                   "what this laptop sent in bundles is on the bendahara's laptop."),
                 path, detail);
}

static gboolean
disk_full (int system_errno)
{
  return system_errno == ENOSPC || system_errno == EFBIG
#ifdef EDQUOT
         || system_errno == EDQUOT
#endif
         ;
}

/* SQLite says SQLITE_FULL for ENOSPC only; a write refused for its size
 * (EFBIG: a file size limit) is SQLITE_IOERR_WRITE, and by the time SQLite
 * asks, errno may hold something else. A disk with almost no room left, or
 * a file size limit the store's files have reached, is the cause to name. */
static gboolean
no_room (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  const char *suffixes[] = { "", "-wal", "-shm" };
  struct statvfs vfs;
  struct rlimit rl;

  if (statvfs (dir, &vfs) == 0 && (guint64) vfs.f_bavail * vfs.f_frsize < 1024 * 1024)
    return TRUE;
  if (getrlimit (RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (file, &st) == 0 && (guint64) st.st_size + 1024 * 1024 >= (guint64) rl.rlim_cur)
        return TRUE;
    }
  return FALSE;
}

void
_salur_store_set_error (SalurStore  *self,
                        GError     **error,
                        const char  *context)
{
  int code = sqlite3_extended_errcode (self->db);
  int sys = sqlite3_system_errno (self->db);
  const char *msg = sqlite3_errmsg (self->db);

  if ((code & 0xff) == SQLITE_FULL
      || ((code & 0xff) == SQLITE_IOERR && (disk_full (sys) || no_room (self->path))))
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                 _("%s: the disk is full. Nothing was changed; free some space and try again."), context);
  else if (code == SQLITE_READONLY_DBMOVED)
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                 _("%s: the data file %s is gone (a USB stick pulled out, or its folder removed). "
                   "Nothing was recorded. Put it back and start Salur again."), context, self->path);
  else if ((code & 0xff) == SQLITE_READONLY)
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                 _("%s: the data file %s cannot be written (read-only). Nothing was changed; check that the "
                   "file and its folder may be written (a USB stick's lock switch, or its permissions)."),
                 context, self->path);
  else if ((code & 0xff) == SQLITE_BUSY)
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                 _("%s: another Salur is writing to the same data file; try again in a moment."), context);
  else if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB)
    _salur_store_set_damaged (self->path, msg, error);
  else if ((code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_CANTOPEN)
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                 _("%s: the disk holding %s cannot be written or read (%s). Nothing was changed; check that "
                   "the disk or USB stick is plugged in, then start Salur again."),
                 context, self->path, sys != 0 ? g_strerror (sys) : msg);
  else
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE, "%s: %s", context, msg);
}

/* The file this connection writes is no longer the one at its path: its
 * folder was removed or a USB stick pulled out. SQLite would go on writing
 * into the unlinked file, and every payment would be lost at exit. */
static gboolean
check_not_moved (SalurStore *self, GError **error)
{
  int moved = 0;

  if (sqlite3_file_control (self->db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK && moved)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                   _("The data file %s is gone (a USB stick pulled out, or its folder removed). "
                     "Nothing more can be recorded: put it back and start Salur again."), self->path);
      return FALSE;
    }
  return TRUE;
}

sqlite3 *
_salur_store_get_db (SalurStore *self)
{
  return self->db;
}

sqlite3_stmt *
_salur_store_prepare (SalurStore  *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statement_at, sql);

  if (stmt == NULL)
    {
      stmt = g_hash_table_lookup (self->statements, sql);
      if (stmt == NULL)
        {
          if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
            {
              _salur_store_set_error (self, error, _("Cannot read the data file"));
              return NULL;
            }
          g_hash_table_insert (self->statements, (char *) sql, stmt);
        }
      g_hash_table_insert (self->statement_at, (char *) sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

gboolean
_salur_store_exec (SalurStore  *self,
                   const char  *sql,
                   GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      _salur_store_set_error (self, error, _("Cannot write the data file"));
      return FALSE;
    }
  return TRUE;
}

gint64
_salur_store_query_int (SalurStore *self, const char *sql, const char *param)
{
  sqlite3_stmt *stmt = _salur_store_prepare (self, sql, NULL);
  gint64 v = 0;

  if (stmt == NULL)
    return 0;
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return v;
}

static gboolean
migrate (SalurStore *self, GError **error)
{
  int version = _salur_store_query_int (self, "PRAGMA user_version", NULL);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                   _("The data file %s was written by a newer Salur (format %d); update Salur to open it."),
                   self->path, version);
      return FALSE;
    }
  for (; version < (int) G_N_ELEMENTS (migrations); version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!salur_store_begin (self, error))
        return FALSE;
      if (!_salur_store_exec (self, migrations[version], error)
          || !_salur_store_exec (self, bump, error)
          || !salur_store_commit (self, error))
        {
          salur_store_rollback (self);
          return FALSE;
        }
    }
  return TRUE;
}

/* Crockford's base32: no I, L, O or U, so a tag read aloud is not misheard */
static const char base32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* This installation's identity: made at random when the store is created,
 * or the one the village's master gave it in a package (IDENTITY) */
static gboolean
load_device (SalurStore *self, const char *identity, GError **error)
{
  sqlite3_stmt *stmt = _salur_store_prepare (self, "SELECT device_id FROM device_self WHERE id = 1", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->device_id = _salur_column_text (stmt, 0);
  sqlite3_reset (stmt);

  if (self->device_id == NULL)
    {
      g_autofree char *random = NULL;

      if (identity == NULL)
        {
          guint8 bytes[16];
          randombytes_buf (bytes, sizeof bytes);
          random = g_malloc (33);
          sodium_bin2hex (random, 33, bytes, sizeof bytes);
        }
      stmt = _salur_store_prepare (self, "INSERT INTO device_self (id, device_id) VALUES (1, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, identity != NULL ? identity : random, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          _salur_store_set_error (self, error, _("Cannot create the data file"));
          return FALSE;
        }
      sqlite3_reset (stmt);
      self->device_id = g_strdup (identity != NULL ? identity : random);
    }
  else if (identity != NULL && g_strcmp0 (identity, self->device_id) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS,
                   _("The data file %s belongs to another device of the village; join with a new file."), self->path);
      return FALSE;
    }

  _salur_device_tag (self->device_id, self->device_tag);
  return TRUE;
}

void
_salur_device_tag (const char *device_id,
                   char        out[4])
{
  char head[5] = { 0 };
  guint bits;

  memcpy (head, device_id, MIN (4, strlen (device_id)));
  bits = (guint) g_ascii_strtoull (head, NULL, 16);
  out[0] = base32[(bits >> 10) & 31];
  out[1] = base32[(bits >> 5) & 31];
  out[2] = base32[bits & 31];
  out[3] = '\0';
}

const char *
_salur_store_device_id (SalurStore *self)
{
  return self->device_id;
}

const char *
_salur_store_device_tag (SalurStore *self)
{
  return self->device_tag;
}

/* Creates the file with mode 0600 before SQLite sees it (SQLite then gives
 * its -wal and -shm files the same mode), and tightens an existing one. */
static gboolean
prepare_file (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct stat st;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                   _("Cannot create the folder %s for the data file: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  /* An existing file is never opened here: closing any descriptor of it
   * would drop the POSIX locks every other connection of this process holds
   * on it, and another process could then checkpoint and remove the WAL
   * under them (a second connection opens for each worker thread). */
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      /* group and others lose every right; the owner keeps what they chose
       * (a store made read-only on purpose stays so) */
      if (g_stat (path, &st) == 0 && (st.st_mode & 0177) != 0 && g_chmod (path, st.st_mode & 0600) != 0)
        g_debug ("cannot chmod %s: %s", path, g_strerror (errno));
    }
  else
    {
      fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0 && errno != EEXIST)
        {
          int saved = errno;
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                       _("Cannot open the data file %s: %s"), path, g_strerror (saved));
          return FALSE;
        }
      if (fd >= 0)
        close (fd);   /* new: no connection has it yet */
    }
  /* SQLite gives the WAL and its index the store's mode when it makes them,
   * and a read-only store's program cannot remove them when it ends: made
   * writable again, the store would stay read-only through them */
  if (g_stat (path, &st) == 0)
    {
      const char *suffixes[] = { "-wal", "-shm" };

      for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *side = g_strconcat (path, suffixes[i], NULL);
          struct stat side_st;

          if (g_stat (side, &side_st) == 0 && side_st.st_uid == st.st_uid
              && (side_st.st_mode & 0777) != (st.st_mode & 0600) && g_chmod (side, st.st_mode & 0600) != 0)
            g_debug ("cannot chmod %s: %s", side, g_strerror (errno));
        }
    }
  return TRUE;
}

/* Why the schema of PATH could not be read: not a database, damaged, or a
 * folder where SQLite cannot keep its WAL beside the file */
static void
set_open_error (SalurStore *self, GError **error)
{
  int code = sqlite3_extended_errcode (self->db);
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autoptr(SalurBackup) latest = NULL;

  if ((code & 0xff) == SQLITE_CORRUPT)
    {
      _salur_store_set_damaged (self->path, sqlite3_errmsg (self->db), error);
      return;
    }
  if ((code & 0xff) == SQLITE_NOTADB)
    {
      /* a file that had backups was a store: its first page is damaged */
      latest = salur_backup_latest (self->path);
      if (latest != NULL)
        _salur_store_set_damaged (self->path, sqlite3_errmsg (self->db), error);
      else
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                     _("The file %s is not a Salur data file, or it is damaged: %s"), self->path,
                     sqlite3_errmsg (self->db));
      return;
    }
  if (access (dir, W_OK) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                   _("The folder %s holding the data file cannot be written: Salur keeps its journal beside the "
                     "data file. Make the folder writable, or copy the data file to a folder that is, and open "
                     "it with --db FILE."), dir);
      return;
    }
  _salur_store_set_error (self, error, _("Cannot open the data file"));
}

/* Reads every page of a village-sized store at each open (PRAGMA
 * quick_check: the b-trees, the free list, every record's format and its
 * NOT NULL and CHECK rules). bench/backup.sh: 80 ms for the 7 MB of a
 * village of 1,000 KPM after a year, but 2 to 7 s for the 700 MB of
 * 100,000 KPM, which a desk must not wait for at every command: a store
 * above SALUR_STORE_CHECK_MAX (about 2,000 KPM-years) is checked through its
 * backups instead (salur-backup.c checks each copy, and a damage it finds
 * is refused at the next open), and any page SQLite finds damaged while
 * working gives the same message. integrity_check also compares every
 * index with its table: 2 to 8 times longer (35 to 50 s on the large
 * store), so it is kept for a backup being restored. */
#define SALUR_STORE_CHECK_MAX (16 * 1024 * 1024)

static gboolean
check_pages (SalurStore *self, GError **error)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  g_autoptr(GString) found = NULL;
  sqlite3_stmt *stmt = NULL;
  GStatBuf st;
  gint64 size = 0;
  int rc;

  if (g_stat (self->path, &st) == 0)
    size += st.st_size;
  if (g_stat (wal, &st) == 0)
    size += st.st_size;
  /* damage a backup's check found in the background */
  {
    g_autofree char *note = salur_backup_damage_note (self->path);
    if (note != NULL)
      {
        _salur_store_set_damaged (self->path, note, error);
        return FALSE;
      }
  }
  if (size > SALUR_STORE_CHECK_MAX)
    {
      g_debug ("%s: %" G_GINT64_FORMAT " bytes, checked with its backups", self->path, size);
      return TRUE;
    }
  if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL) != SQLITE_OK)
    {
      _salur_store_set_error (self, error, _("Cannot read the data file"));
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *t = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (t, "ok") == 0 || g_str_has_prefix (t, "*** in database"))
        continue;
      if (found == NULL)
        found = g_string_new (t);
      else if (found->len < 200)
        g_string_append_printf (found, "; %s", t);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && found == NULL)
    {
      _salur_store_set_error (self, error, _("Cannot read the data file"));
      return FALSE;
    }
  if (found != NULL)
    {
      _salur_store_set_damaged (self->path, found->str, error);
      return FALSE;
    }
  return TRUE;
}

/* GObject */

static void
salur_store_finalize (GObject *object)
{
  SalurStore *self = SALUR_STORE (object);

  g_clear_pointer (&self->list, g_ptr_array_unref);
  g_clear_pointer (&self->list_index, _salur_kpm_index_unref);
  g_clear_pointer (&self->statement_at, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_free (self->device_id);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (salur_store_parent_class)->finalize (object);
}

static void
salur_store_class_init (SalurStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = salur_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
salur_store_init (SalurStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  self->statement_at = g_hash_table_new (g_direct_hash, g_direct_equal);
}

/* public API */

void
salur_village_free (SalurVillage *village)
{
  if (village == NULL)
    return;
  g_free (village->desa);
  g_free (village->kecamatan);
  g_free (village->kabupaten);
  g_free (village->provinsi);
  g_free (village->kode_wilayah);
  g_free (village->kepala_desa);
  g_free (village->kaur_keuangan);
  g_free (village);
}

void
salur_dusun_free (SalurDusun *dusun)
{
  if (dusun == NULL)
    return;
  g_free (dusun->name);
  g_strfreev (dusun->rws);
  g_free (dusun);
}

const char *const *
salur_village_keys (void)
{
  return village_keys;
}

char *
salur_store_default_path (void)
{
  const char *env = g_getenv ("SALUR_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "salur", "salur.db", NULL);
}

static SalurStore *
open_internal (const char  *path,
               const char  *identity,
               GError     **error);

SalurStore *
salur_store_open (const char  *path,
                  GError     **error)
{
  return open_internal (path, NULL, error);
}

SalurStore *
_salur_store_open_as (const char  *path,
                      const char  *device_id,
                      GError     **error)
{
  return open_internal (path, device_id, error);
}

static SalurStore *
open_internal (const char  *path,
               const char  *identity,
               GError     **error)
{
  g_autoptr(SalurStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED, _("The cryptography library could not start."));
      return NULL;
    }
  if (!prepare_file (path, error))
    return NULL;

  self = g_object_new (SALUR_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE, _("Cannot open the data file %s: %s"),
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* reading the schema tells a database from any other file */
  if (sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_open_error (self, error);
      return NULL;
    }
  if (!_salur_store_exec (self, "PRAGMA journal_mode = WAL", error)
      || !check_pages (self, error)
      || !_salur_store_exec (self, "PRAGMA synchronous = FULL", error)
      || !_salur_store_exec (self, "PRAGMA foreign_keys = ON", error)
      /* so that INSERT OR REPLACE meets the no-delete triggers too */
      || !_salur_store_exec (self, "PRAGMA recursive_triggers = ON", error)
      || !_salur_store_exec (self, "PRAGMA cache_size = -65536", error)
      || !migrate (self, error)
      || !load_device (self, identity, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
salur_store_get_path (SalurStore *self)
{
  g_return_val_if_fail (SALUR_IS_STORE (self), NULL);
  return self->path;
}

gboolean
salur_store_set_cache_size (SalurStore  *self,
                            guint        kib,
                            GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (self), FALSE);
  g_return_val_if_fail (kib > 0, FALSE);

  sql = g_strdup_printf ("PRAGMA cache_size = -%u", kib);
  return _salur_store_exec (self, sql, error);
}

gboolean
salur_store_index_names (SalurStore  *self,
                         GError     **error)
{
  static const char *const behind =
    "SELECT (SELECT coalesce (max (rowid), 0) FROM kpm) > kpm_rowid"
    " OR (SELECT coalesce (max (rowid), 0) FROM ev_correct) > correct_rowid FROM name_index_state";

  g_return_val_if_fail (SALUR_IS_STORE (self), FALSE);

  /* most searches find it current: no write transaction for them */
  if (_salur_store_query_int (self, behind, NULL) == 0)
    return TRUE;
  if (!salur_store_begin (self, error))
    return FALSE;
  if (!_salur_store_exec (self,
                          "INSERT INTO name_index (name, kpm_id) SELECT name, id FROM kpm"
                          " WHERE rowid > (SELECT kpm_rowid FROM name_index_state);"
                          "INSERT INTO name_index (name, kpm_id) SELECT new_value, kpm_id FROM ev_correct"
                          " WHERE field = 'name' AND rowid > (SELECT correct_rowid FROM name_index_state);"
                          "UPDATE name_index_state SET kpm_rowid = (SELECT coalesce (max (rowid), 0) FROM kpm),"
                          " correct_rowid = (SELECT coalesce (max (rowid), 0) FROM ev_correct);", error)
      || !salur_store_commit (self, error))
    {
      salur_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
salur_store_begin (SalurStore  *self,
                   GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (self), FALSE);

  if (self->depth == 0 && !check_not_moved (self, error))
    return FALSE;
  sql = self->depth == 0 ? g_strdup ("BEGIN IMMEDIATE") : g_strdup_printf ("SAVEPOINT s%u", self->depth);
  if (!_salur_store_exec (self, sql, error))
    return FALSE;
  self->depth++;
  return TRUE;
}

gboolean
salur_store_commit (SalurStore  *self,
                    GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  sql = self->depth == 1 ? g_strdup ("COMMIT") : g_strdup_printf ("RELEASE s%u", self->depth - 1);
  if (!_salur_store_exec (self, sql, error))
    return FALSE;
  self->depth--;
  /* committed into a file that was taken away meanwhile: not recorded */
  return self->depth > 0 || check_not_moved (self, error);
}

void
salur_store_rollback (SalurStore *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (SALUR_IS_STORE (self));

  if (self->depth == 0)
    return;
  self->depth--;
  if (self->depth == 0)
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return;
    }
  sql = g_strdup_printf ("ROLLBACK TO s%u; RELEASE s%u", self->depth, self->depth);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

SalurVillage *
salur_store_get_village (SalurStore  *self,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  SalurVillage *v;

  g_return_val_if_fail (SALUR_IS_STORE (self), NULL);

  stmt = _salur_store_prepare (self,
                               "SELECT desa, kecamatan, kabupaten, provinsi, kode_wilayah, amount,"
                               " max_months, kepala_desa, kaur_keuangan FROM village WHERE id = 1",
                               error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NO_VILLAGE,
                   _("This data file has no village yet. Start with “salur init” (or “salur demo” to try Salur)."));
      return NULL;
    }
  v = g_new0 (SalurVillage, 1);
  v->desa = _salur_column_text (stmt, 0);
  v->kecamatan = _salur_column_text (stmt, 1);
  v->kabupaten = _salur_column_text (stmt, 2);
  v->provinsi = _salur_column_text (stmt, 3);
  v->kode_wilayah = _salur_column_text (stmt, 4);
  v->amount = sqlite3_column_int64 (stmt, 5);
  v->max_months = sqlite3_column_int (stmt, 6);
  v->kepala_desa = _salur_column_text (stmt, 7);
  v->kaur_keuangan = _salur_column_text (stmt, 8);
  sqlite3_reset (stmt);
  return v;
}

static gboolean
check_village_value (const char *key, const char *value, GError **error)
{
  if (g_str_equal (key, "amount"))
    {
      guint64 n;
      if (!g_ascii_string_to_unsigned (value, 10, 1000, 100000000, &n, NULL))
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("The amount per month must be a number of rupiah without dots, for example 300000 (got “%s”)."),
                       value);
          return FALSE;
        }
    }
  else if (g_str_equal (key, "max-months"))
    {
      guint64 n;
      if (!g_ascii_string_to_unsigned (value, 10, 1, 12, &n, NULL))
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("The most months paid together must be a number from 1 to 12 (got “%s”)."), value);
          return FALSE;
        }
    }
  else if ((g_str_equal (key, "desa") || g_str_equal (key, "kecamatan")
            || g_str_equal (key, "kabupaten") || g_str_equal (key, "provinsi"))
           && *value == '\0')
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("The %s cannot be empty."), key);
      return FALSE;
    }
  return TRUE;
}

gboolean
salur_store_init_village (SalurStore          *self,
                          const SalurVillage  *v,
                          GError             **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *amount = NULL, *max_months = NULL;
  int rc;

  g_return_val_if_fail (SALUR_IS_STORE (self), FALSE);

  amount = g_strdup_printf ("%" G_GINT64_FORMAT, v->amount);
  max_months = g_strdup_printf ("%u", v->max_months);
  if (!check_village_value ("desa", v->desa ? v->desa : "", error)
      || !check_village_value ("kecamatan", v->kecamatan ? v->kecamatan : "", error)
      || !check_village_value ("kabupaten", v->kabupaten ? v->kabupaten : "", error)
      || !check_village_value ("provinsi", v->provinsi ? v->provinsi : "", error)
      || !check_village_value ("amount", amount, error)
      || !check_village_value ("max-months", max_months, error))
    return FALSE;

  if (_salur_store_query_int (self, "SELECT count(*) FROM village", NULL) > 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS,
                   _("This data file already holds a village. Use “salur village set” to change its details."));
      return FALSE;
    }

  stmt = _salur_store_prepare (self,
                               "INSERT INTO village (id, desa, kecamatan, kabupaten, provinsi, kode_wilayah,"
                               " amount, max_months, kepala_desa, kaur_keuangan)"
                               " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, v->desa, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, v->kecamatan, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, v->kabupaten, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, v->provinsi, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, v->kode_wilayah ? v->kode_wilayah : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, v->amount);
  sqlite3_bind_int (stmt, 7, v->max_months);
  sqlite3_bind_text (stmt, 8, v->kepala_desa ? v->kepala_desa : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, v->kaur_keuangan ? v->kaur_keuangan : "", -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (self, error, _("Cannot store the village"));
      return FALSE;
    }
  return TRUE;
}

gboolean
salur_store_set_village (SalurStore  *self,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  static const char *const columns[] = {
    "desa", "kecamatan", "kabupaten", "provinsi", "kode_wilayah",
    "amount", "max_months", "kepala_desa", "kaur_keuangan",
  };
  g_autofree char *sql = NULL;
  g_autofree char *clean = NULL;
  sqlite3_stmt *stmt;
  int idx = -1, rc;

  g_return_val_if_fail (SALUR_IS_STORE (self), FALSE);

  for (int i = 0; village_keys[i] != NULL; i++)
    if (g_str_equal (key, village_keys[i]))
      idx = i;
  if (idx < 0)
    {
      g_autofree char *keys = g_strjoinv (", ", (GStrv) village_keys);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE,
                   _("“%s” is not a village setting. The settings are: %s."), key, keys);
      return FALSE;
    }
  clean = g_strstrip (g_strdup (value));
  if (!check_village_value (key, clean, error))
    return FALSE;
  if (_salur_store_query_int (self, "SELECT count(*) FROM village", NULL) == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NO_VILLAGE,
                   _("This data file has no village yet. Start with “salur init” (or “salur demo” to try Salur)."));
      return FALSE;
    }

  sql = g_strdup_printf ("UPDATE village SET %s = ? WHERE id = 1", columns[idx]);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _salur_store_set_error (self, error, _("Cannot change the village"));
      return FALSE;
    }
  if (idx == 5 || idx == 6)
    sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (clean, NULL, 10));
  else
    sqlite3_bind_text (stmt, 1, clean, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (self, error, _("Cannot change the village"));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
salur_store_list_dusun (SalurStore  *self,
                        GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_dusun_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SALUR_IS_STORE (self), NULL);

  stmt = _salur_store_prepare (self,
                               "SELECT d.id, d.name, group_concat (r.rw, ',')"
                               " FROM dusun d LEFT JOIN (SELECT * FROM dusun_rw ORDER BY rw) r ON r.dusun_id = d.id"
                               " GROUP BY d.id ORDER BY d.name", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SalurDusun *d = g_new0 (SalurDusun, 1);
      const char *rws = (const char *) sqlite3_column_text (stmt, 2);

      d->id = sqlite3_column_int64 (stmt, 0);
      d->name = _salur_column_text (stmt, 1);
      d->rws = rws != NULL ? g_strsplit (rws, ",", -1) : g_new0 (char *, 1);
      g_ptr_array_add (list, d);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (self, error, _("Cannot read the dusun"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

char *
salur_store_find_dusun (SalurStore *self,
                        const char *name)
{
  g_autofree char *clean = NULL;
  sqlite3_stmt *stmt;
  char *found = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (self), NULL);

  if (name == NULL)
    return NULL;
  clean = g_strstrip (g_strdup (name));
  /* "Dusun Krajan" and "Dsn. Krajan" name the dusun Krajan */
  {
    static const char *const prefixes[] = { "dusun ", "dsn. ", "dsn ", "dukuh ", "dk. " };
    for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
      if (g_ascii_strncasecmp (clean, prefixes[i], strlen (prefixes[i])) == 0)
        {
          char *rest = g_strstrip (g_strdup (clean + strlen (prefixes[i])));
          g_free (clean);
          clean = rest;
          break;
        }
  }
  stmt = _salur_store_prepare (self, "SELECT name FROM dusun WHERE name = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, clean, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    found = _salur_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return found;
}

gboolean
salur_store_add_dusun (SalurStore         *self,
                       const char         *name,
                       const char *const  *rws,
                       GError            **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *existing = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (SALUR_IS_STORE (self), FALSE);

  clean = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (*clean == '\0')
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("A dusun needs a name."));
      return FALSE;
    }
  existing = salur_store_find_dusun (self, clean);
  if (existing != NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS, _("The dusun %s is already there."), existing);
      return FALSE;
    }

  /* every RW is checked before anything is written */
  for (guint i = 0; rws != NULL && rws[i] != NULL; i++)
    {
      char rw[4];

      if (!salur_rt_rw_normalize (rws[i], rw))
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("“%s” is not an RW number (1 to 999)."), rws[i]);
          return FALSE;
        }
      stmt = _salur_store_prepare (self,
                                   "SELECT d.name FROM dusun_rw r JOIN dusun d ON d.id = r.dusun_id WHERE r.rw = ?",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, rw, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS,
                       _("RW %s already belongs to the dusun %s."), rw, sqlite3_column_text (stmt, 0));
          sqlite3_reset (stmt);
          return FALSE;
        }
      sqlite3_reset (stmt);
    }

  if (!salur_store_begin (self, error))
    return FALSE;

  stmt = _salur_store_prepare (self, "INSERT INTO dusun (name) VALUES (?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, clean, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _salur_store_set_error (self, error, _("Cannot store the dusun"));
      goto fail;
    }
  sqlite3_reset (stmt);
  id = sqlite3_last_insert_rowid (self->db);

  for (guint i = 0; rws != NULL && rws[i] != NULL; i++)
    {
      char rw[4];

      salur_rt_rw_normalize (rws[i], rw);
      stmt = _salur_store_prepare (self, "INSERT OR IGNORE INTO dusun_rw (rw, dusun_id) VALUES (?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, rw, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          _salur_store_set_error (self, error, _("Cannot store the dusun"));
          goto fail;
        }
      sqlite3_reset (stmt);
    }
  if (!salur_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  salur_store_rollback (self);
  return FALSE;
}

GHashTable *
salur_store_rw_map (SalurStore  *self,
                    GError     **error)
{
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;

  stmt = _salur_store_prepare (self,
                               "SELECT r.rw, d.name FROM dusun_rw r JOIN dusun d ON d.id = r.dusun_id", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (map, _salur_column_text (stmt, 0), _salur_column_text (stmt, 1));
  sqlite3_reset (stmt);
  return g_steal_pointer (&map);
}

gboolean
salur_store_insert_kpm (SalurStore      *self,
                        const SalurKpm  *kpm,
                        GError         **error)
{
  g_autoptr(SalurKpm) existing = salur_store_get_kpm_by_nik (self, kpm->nik, NULL);

  if (existing != NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS,
                   _("A KPM with NIK %s is already on the list."), kpm->nik);
      return FALSE;
    }
  return _salur_store_insert_kpm (self, kpm, "", 0, error);
}

gboolean
_salur_store_insert_kpm (SalurStore      *self,
                         const SalurKpm  *kpm,
                         const char      *origin_device,
                         gint64           origin_seq,
                         GError         **error)
{
  sqlite3_stmt *stmt;
  char sex[2] = { (char) kpm->sex, 0 };
  int rc;

  g_return_val_if_fail (SALUR_IS_STORE (self), FALSE);

  stmt = _salur_store_prepare (self,
                               "INSERT INTO kpm (id, nik, kk, name, sex, birth_date, birth_place, address, rt, rw,"
                               " dusun_id, occupation, criteria, payment_method, family_size, from_month,"
                               " origin_device, origin_seq)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                               " (SELECT id FROM dusun WHERE name = ?), ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kpm->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kpm->nik, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, kpm->kk, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, kpm->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, kpm->sex ? sex : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, kpm->birth_date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, kpm->birth_place, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, kpm->address, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, kpm->rt, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, kpm->rw, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, kpm->dusun, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, kpm->occupation, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, kpm->criteria, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, kpm->payment_method, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 15, kpm->family_size);
  sqlite3_bind_int (stmt, 16, kpm->from_month);
  sqlite3_bind_text (stmt, 17, origin_device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 18, origin_seq);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS,
                   _("A KPM with NIK %s is already on the list."), kpm->nik);
      return FALSE;
    }
  if (rc == SQLITE_CONSTRAINT_NOTNULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                   _("The dusun “%s” is not one of this village's dusun."), kpm->dusun);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (self, error, _("Cannot store the KPM"));
      return FALSE;
    }
  return TRUE;
}

#define KPM_COLUMNS \
  "k.id, k.nik, k.kk, k.name, k.sex, k.birth_date, k.birth_place, k.address, k.rt, k.rw," \
  " d.name, k.occupation, k.criteria, k.payment_method, k.family_size, k.from_month"

static SalurKpm *
kpm_from_row (sqlite3_stmt *stmt)
{
  const char *sex = (const char *) sqlite3_column_text (stmt, 4);
  SalurKpm row = { 0 };
  char **fields[] = {
    &row.id, &row.nik, &row.kk, &row.name, NULL, &row.birth_date, &row.birth_place,
    &row.address, &row.rt, &row.rw, &row.dusun, &row.occupation, &row.criteria,
    &row.payment_method,
  };

  /* borrowed from the statement until the next step, copied in one block */
  for (int i = 0; i < (int) G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL)
      *fields[i] = (char *) sqlite3_column_text (stmt, i);
  row.sex = sex != NULL && (sex[0] == 'L' || sex[0] == 'P') ? (SalurSex) sex[0] : SALUR_SEX_UNKNOWN;
  row.family_size = sqlite3_column_int (stmt, 14);
  row.from_month = sqlite3_column_int (stmt, 15);
  return salur_kpm_copy_packed (&row);
}

/* List changes are events (salur-ledger.c): a KPM row is never changed, its
 * corrections and its closing are laid over it when it is read. */
static void
apply_correction (SalurKpm *k, const char *field, const char *value)
{
  if (g_str_equal (field, "family_size"))
    k->family_size = g_ascii_strtoull (value, NULL, 10);
  else if (g_str_equal (field, "nik"))
    {
      SalurNik nik;
      salur_kpm_set (k, &k->nik, value);
      if (salur_nik_parse (value, SALUR_CELL_TEXT, &nik, NULL))
        k->sex = nik.sex;
    }
  else
    {
      char **fields[] = { &k->kk, &k->name, &k->birth_date, &k->birth_place, &k->address, &k->rt, &k->rw,
                          &k->dusun, &k->occupation, &k->criteria, &k->payment_method };
      const char *names[] = { "kk", "name", "birth_date", "birth_place", "address", "rt", "rw",
                              "dusun", "occupation", "criteria", "payment_method" };
      for (gsize f = 0; f < G_N_ELEMENTS (names); f++)
        if (g_str_equal (field, names[f]))
          salur_kpm_set (k, fields[f], value);
    }
}

/* List changes are events (salur-ledger.c): a KPM row is never changed, its
 * corrections and its closing are laid over it when it is read. A few KPM
 * are looked up by id; a whole list reads every change once. */
static void
apply_changes (SalurStore *self, GPtrArray *list)
{
  g_autoptr(GHashTable) by_id = NULL;
  gboolean few = list->len <= 16;
  sqlite3_stmt *stmt;

  if (list->len == 0
      || (_salur_store_query_int (self, "SELECT EXISTS (SELECT 1 FROM ev_correct)", NULL) == 0
          && _salur_store_query_int (self, "SELECT EXISTS (SELECT 1 FROM ev_close)", NULL) == 0))
    return;

  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < list->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (list, i);
      g_hash_table_insert (by_id, k->id, k);
    }

  for (guint i = 0; i < (few ? list->len : 1); i++)
    {
      const char *only = few ? ((SalurKpm *) g_ptr_array_index (list, i))->id : NULL;

      /* two statements: "?1 IS NULL OR kpm_id = ?1" would keep SQLite from the index */
      stmt = _salur_store_prepare (self, only != NULL
                                   ? "SELECT c.kpm_id, c.field, c.new_value FROM ev_correct c"
                                     " JOIN event e ON e.device_id = c.device_id AND e.seq = c.seq"
                                     " WHERE c.kpm_id = ?1 ORDER BY e.at, c.device_id, c.seq"
                                   : "SELECT c.kpm_id, c.field, c.new_value FROM ev_correct c"
                                     " JOIN event e ON e.device_id = c.device_id AND e.seq = c.seq"
                                     " ORDER BY e.at, c.device_id, c.seq", NULL);
      if (stmt == NULL)
        return;
      if (only != NULL)
        sqlite3_bind_text (stmt, 1, only, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          SalurKpm *k = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));
          if (k != NULL)
            apply_correction (k, (const char *) sqlite3_column_text (stmt, 1),
                              (const char *) sqlite3_column_text (stmt, 2));
        }
      sqlite3_reset (stmt);

      stmt = _salur_store_prepare (self, only != NULL
                                   ? "SELECT kpm_id, min (from_month) FROM ev_close WHERE kpm_id = ?1 GROUP BY kpm_id"
                                   : "SELECT kpm_id, min (from_month) FROM ev_close GROUP BY kpm_id", NULL);
      if (stmt == NULL)
        return;
      if (only != NULL)
        sqlite3_bind_text (stmt, 1, only, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          SalurKpm *k = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));
          if (k != NULL)
            k->closed_from = sqlite3_column_int (stmt, 1);
        }
      sqlite3_reset (stmt);
    }
}

static SalurKpm *
get_one (SalurStore *self, const char *sql, const char *key)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_kpm_unref);
  sqlite3_stmt *stmt = _salur_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (one, kpm_from_row (stmt));
  sqlite3_reset (stmt);
  apply_changes (self, one);
  return one->len > 0 ? salur_kpm_ref (g_ptr_array_index (one, 0)) : NULL;
}

SalurKpm *
salur_store_get_kpm (SalurStore  *self,
                     const char  *id,
                     GError     **error)
{
  SalurKpm *kpm;

  g_return_val_if_fail (SALUR_IS_STORE (self), NULL);

  kpm = get_one (self, "SELECT " KPM_COLUMNS " FROM kpm k JOIN dusun d ON d.id = k.dusun_id WHERE k.id = ?", id);
  if (kpm == NULL)
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND, _("No KPM with the id %s is on this village's list."), id);
  return kpm;
}

SalurKpm *
salur_store_get_kpm_by_nik (SalurStore  *self,
                            const char  *nik,
                            GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_kpm_unref);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SALUR_IS_STORE (self), NULL);

  /* every row that holds or held the NIK, or that a correction gave it:
   * the one whose NIK in force is NIK (a NIK given away by a correction may
   * have been given to a KPM added later) */
  stmt = _salur_store_prepare (self,
                               "SELECT " KPM_COLUMNS " FROM kpm k JOIN dusun d ON d.id = k.dusun_id WHERE k.nik = ?1"
                               " UNION ALL SELECT " KPM_COLUMNS " FROM kpm k JOIN dusun d ON d.id = k.dusun_id"
                               " WHERE k.id IN (SELECT kpm_id FROM ev_correct WHERE field = 'nik' AND new_value = ?1)",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, nik, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, kpm_from_row (stmt));
  sqlite3_reset (stmt);
  apply_changes (self, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (rows, i);
      if (g_strcmp0 (k->nik, nik) == 0)
        return salur_kpm_ref (k);
    }

  {
    g_autofree char *masked = salur_nik_mask (nik);
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                 _("No KPM with NIK %s is on this village's list."), masked);
  }
  return NULL;
}

/* The first 8 bytes of TEXT as one number, in the order strcmp gives them
 * (bytes unsigned, a shorter text padded with 0): two texts whose numbers
 * differ compare as their numbers do, and only the others need strcmp. */
static guint64
prefix_key (const char *text)
{
  guint64 key = 0;
  int i = 0;

  for (; i < 8 && text[i] != '\0'; i++)
    key = key << 8 | (guchar) text[i];
  for (; i < 8; i++)
    key <<= 8;
  return key;
}

/* The list's order: dusun, RW, RT, name, NIK. Dusun, RW and RT are packed
 * into one number first, and the name's first bytes into another, so most
 * comparisons of 100,000 KPM are integer ones, not a chain of string ones. */
typedef struct {
  guint32   group;
  guint64   name;
  SalurKpm *kpm;
} SortItem;

static int
compare_sort_items (gconstpointer a, gconstpointer b)
{
  const SortItem *x = a, *y = b;
  int c;

  if (x->group != y->group)
    return x->group < y->group ? -1 : 1;
  if (x->name != y->name)
    return x->name < y->name ? -1 : 1;
  if ((c = strcmp (x->kpm->name, y->kpm->name)) != 0)
    return c;
  return strcmp (x->kpm->nik, y->kpm->nik);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static void
sort_in_list_order (GPtrArray *list)
{
  g_autoptr(GHashTable) rank = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  SortItem *items;

  /* an empty list would hand qsort the NULL of g_new (, 0) */
  if (list->len < 2)
    return;
  /* dusun names are the stored ones, one spelling each */
  for (guint i = 0; i < list->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (list, i);
      if (!g_hash_table_contains (rank, k->dusun))
        {
          g_hash_table_insert (rank, k->dusun, NULL);
          g_ptr_array_add (names, k->dusun);
        }
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_hash_table_insert (rank, names->pdata[i], GUINT_TO_POINTER (i));

  items = g_new (SortItem, list->len);
  for (guint i = 0; i < list->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (list, i);
      guint rw = MIN ((guint) atoi (k->rw), 1023), rt = MIN ((guint) atoi (k->rt), 1023);

      items[i].kpm = k;
      items[i].name = prefix_key (k->name);
      items[i].group = GPOINTER_TO_UINT (g_hash_table_lookup (rank, k->dusun)) << 20 | rw << 10 | rt;
    }
  qsort (items, list->len, sizeof *items, compare_sort_items);
  for (guint i = 0; i < list->len; i++)
    list->pdata[i] = items[i].kpm;
  g_free (items);
}

/* Reads the whole list, with its changes laid over, in list order */
/* Every KPM with its changes, in list order; with DUSUN, those that may be
 * of it: the ones stored there and the ones a correction may have moved in
 * or out (the caller keeps those whose dusun, after corrections, is it) */
static GPtrArray *
read_list (SalurStore *self, const char *dusun, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_kpm_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _salur_store_prepare (self, dusun == NULL
                               ? "SELECT " KPM_COLUMNS " FROM kpm k JOIN dusun d ON d.id = k.dusun_id"
                               : "SELECT " KPM_COLUMNS " FROM kpm k JOIN dusun d ON d.id = k.dusun_id"
                                 " WHERE k.dusun_id IN (SELECT id FROM dusun WHERE name = ?1 COLLATE NOCASE)"
                                 " UNION ALL"
                                 " SELECT " KPM_COLUMNS " FROM kpm k JOIN dusun d ON d.id = k.dusun_id"
                                 " WHERE k.dusun_id NOT IN (SELECT id FROM dusun WHERE name = ?1 COLLATE NOCASE)"
                                 " AND k.id IN (SELECT kpm_id FROM ev_correct WHERE field = 'dusun')", error);
  if (stmt == NULL)
    return NULL;
  if (dusun != NULL)
    sqlite3_bind_text (stmt, 1, dusun, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, kpm_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (self, error, _("Cannot read the KPM list"));
      return NULL;
    }
  /* the dusun is chosen after corrections: a family that moved counts where it lives now */
  apply_changes (self, list);
  /* sorted here: SQLite sorting 100,000 whole rows took most of a month's status */
  sort_in_list_order (list);
  return g_steal_pointer (&list);
}

/* The list is kept between calls: a desk asks for it all day, and reading,
 * correcting and sorting 100,000 KPM was most of a month's status. It is
 * read again once anything was written on this connection
 * (sqlite3_total_changes counts every row, whatever wrote it: import, list
 * changes, merges) or another connection committed (PRAGMA data_version:
 * another Salur on the same file). Inside a transaction it is neither used
 * nor kept: what the transaction wrote may still be rolled back. */
GPtrArray *
_salur_store_kpm_list (SalurStore  *self,
                       GError     **error)
{
  gint64 data_version, changes;
  GPtrArray *list;

  g_return_val_if_fail (SALUR_IS_STORE (self), NULL);

  if (!sqlite3_get_autocommit (self->db))
    return read_list (self, NULL, error);
  /* read before the list: a commit in between makes the next call read again */
  data_version = _salur_store_query_int (self, "PRAGMA data_version", NULL);
  changes = sqlite3_total_changes (self->db);
  if (self->list != NULL && self->list_data_version == data_version && self->list_changes == changes)
    return g_ptr_array_ref (self->list);
  g_clear_pointer (&self->list, g_ptr_array_unref);
  g_clear_pointer (&self->list_index, _salur_kpm_index_unref);
  list = read_list (self, NULL, error);
  if (list == NULL)
    return NULL;
  self->list = g_ptr_array_ref (list);
  self->list_data_version = data_version;
  self->list_changes = changes;
  return list;
}

GPtrArray *
_salur_store_kpm_list_of_dusun (SalurStore  *self,
                                const char  *dusun,
                                GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  GPtrArray *in_dusun;

  g_return_val_if_fail (SALUR_IS_STORE (self), NULL);
  g_return_val_if_fail (dusun != NULL, NULL);

  /* the whole list, when it is still current, costs nothing more */
  if (sqlite3_get_autocommit (self->db) && self->list != NULL
      && self->list_data_version == _salur_store_query_int (self, "PRAGMA data_version", NULL)
      && self->list_changes == sqlite3_total_changes (self->db))
    list = g_ptr_array_ref (self->list);
  else if ((list = read_list (self, dusun, error)) == NULL)
    return NULL;
  in_dusun = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_kpm_unref);
  for (guint i = 0; i < list->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (list, i);
      if (g_ascii_strcasecmp (k->dusun, dusun) == 0)
        g_ptr_array_add (in_dusun, salur_kpm_ref (k));
    }
  return in_dusun;
}

typedef struct {
  guint64     key;        /* prefix_key (id) */
  const char *id;
  guint32     position;
} IdItem;

static int
compare_id_items (gconstpointer a, gconstpointer b)
{
  const IdItem *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return strcmp (x->id, y->id);
}

static void
index_free (SalurKpmIndex *index)
{
  g_free (index->ids);
  g_free (index->position);
  g_free (index->from_month);
  g_free (index->closed_from);
  g_free (index->rank);
}

void
_salur_kpm_index_unref (SalurKpmIndex *index)
{
  g_atomic_rc_box_release_full (index, (GDestroyNotify) index_free);
}

static SalurKpmIndex *
index_new (GPtrArray *list)
{
  SalurKpmIndex *index = g_atomic_rc_box_new0 (SalurKpmIndex);
  guint n = list->len;
  g_autofree IdItem *items = g_new (IdItem, MAX (n, 1));
  gsize bytes = 0;
  char *text, *p;

  index->len = n;
  for (guint i = 0; i < n; i++)
    {
      SalurKpm *k = g_ptr_array_index (list, i);

      items[i].key = prefix_key (k->id);
      items[i].id = k->id;
      items[i].position = i;
      bytes += strlen (k->id) + 1;
    }
  qsort (items, n, sizeof *items, compare_id_items);
  index->position = g_new (guint32, MAX (n, 1));
  index->from_month = g_new (SalurMonth, MAX (n, 1));
  index->closed_from = g_new (SalurMonth, MAX (n, 1));
  index->rank = g_new (guint32, MAX (n, 1));
  /* the pointers and the ids in one block, the ids side by side in order */
  index->ids = g_malloc (n * sizeof (char *) + MAX (bytes, 1));
  text = p = (char *) (index->ids + n);
  for (guint r = 0; r < n; r++)
    {
      SalurKpm *k = g_ptr_array_index (list, items[r].position);
      gsize len = strlen (k->id) + 1;

      memcpy (p, k->id, len);
      index->ids[r] = p;
      p += len;
      index->position[r] = items[r].position;
      index->rank[items[r].position] = r;
      index->from_month[r] = k->from_month;
      index->closed_from[r] = k->closed_from;
    }
  g_assert ((gsize) (p - text) == bytes);
  return index;
}

SalurKpmIndex *
_salur_store_kpm_index (SalurStore *self,
                        GPtrArray  *list)
{
  g_return_val_if_fail (SALUR_IS_STORE (self), NULL);

  if (list != self->list)
    return index_new (list);
  if (self->list_index == NULL)
    self->list_index = index_new (list);
  return g_atomic_rc_box_acquire (self->list_index);
}

GPtrArray *
salur_store_list_kpm (SalurStore  *self,
                      const char  *dusun,
                      GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *found = NULL;
  GPtrArray *in_dusun;

  g_return_val_if_fail (SALUR_IS_STORE (self), NULL);

  if (dusun != NULL)
    {
      found = salur_store_find_dusun (self, dusun);
      if (found == NULL)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                       _("The dusun “%s” is not one of this village's dusun."), dusun);
          return NULL;
        }
    }
  list = _salur_store_kpm_list (self, error);
  if (list == NULL)
    return NULL;
  /* the caller's own array of the shared KPM */
  in_dusun = g_ptr_array_new_full (found != NULL ? 0 : list->len, (GDestroyNotify) salur_kpm_unref);
  for (guint i = 0; i < list->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (list, i);
      if (found == NULL || g_ascii_strcasecmp (k->dusun, found) == 0)
        g_ptr_array_add (in_dusun, salur_kpm_ref (k));
    }
  return in_dusun;
}

GPtrArray *
_salur_store_kpm_of_origin (SalurStore  *self,
                            const char  *origin_device,
                            gint64       origin_seq,
                            GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_kpm_unref);
  sqlite3_stmt *stmt = _salur_store_prepare (self,
                                             "SELECT " KPM_COLUMNS " FROM kpm k JOIN dusun d ON d.id = k.dusun_id"
                                             " WHERE k.origin_device = ? AND k.origin_seq = ? ORDER BY k.id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, origin_device, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, origin_seq);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, kpm_from_row (stmt));
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

gint64
salur_store_count_kpm (SalurStore *self)
{
  g_return_val_if_fail (SALUR_IS_STORE (self), 0);
  return _salur_store_query_int (self, "SELECT count(*) FROM kpm", NULL);
}

GHashTable *
salur_store_nik_set (SalurStore  *self,
                     GError     **error)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* the NIKs as imported and those corrections gave (a NIK a correction
   * gave away stays taken: safer than a double) */
  sqlite3_stmt *stmt = _salur_store_prepare (self,
                                             "SELECT nik FROM kpm UNION SELECT new_value FROM ev_correct WHERE field = 'nik'",
                                             error);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (set, _salur_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return g_steal_pointer (&set);
}

GHashTable *
salur_store_kk_counts (SalurStore  *self,
                       GError     **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = _salur_store_prepare (self,
                                             "SELECT kk, count(*) FROM kpm WHERE kk <> '' GROUP BY kk", error);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (counts, _salur_column_text (stmt, 0), GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  sqlite3_reset (stmt);
  return g_steal_pointer (&counts);
}

gboolean
salur_store_log_import (SalurStore  *self,
                        const char  *file,
                        const char  *format,
                        guint        rows_read,
                        guint        stored,
                        GError     **error)
{
  sqlite3_stmt *stmt = _salur_store_prepare (self,
                                             "INSERT INTO import_log (file, format, rows_read, stored) VALUES (?, ?, ?, ?)",
                                             error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, file, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, format, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, rows_read);
  sqlite3_bind_int (stmt, 4, stored);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (self, error, _("Cannot record the import"));
      return FALSE;
    }
  return TRUE;
}
