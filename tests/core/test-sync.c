/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>

#include "salur-demo.h"
#include "salur-error.h"
#include "salur-event.h"
#include "salur-ledger.h"
#include "salur-sync.h"

/* Devices and sync (issue 4): a village's laptops meet only through files.
 *
 *   /sync/property/N   3-5 devices record random payments with planted
 *                      doubles; bundles cross in random orders (some twice,
 *                      some at midday); every store must agree and list
 *                      exactly the planted doubles
 *   /sync/resolve      the bendahara voids one side; the void travels
 *   /sync/closed       a payment for a month after the KPM was closed elsewhere
 *   /sync/refuse/...   each refusal with nothing stored
 *   /sync/export/full  a full disk while exporting leaves nothing behind
 *   /sync/list-change  the master's list changes reach a desk and a field laptop
 *   /sync/join/...     refreshing a laptop, joining the wrong store, a desk
 *                      packaged after payments were merged, a data file the
 *                      window made before the laptop was set up
 *   /sync/order/...    merge order with payments made at the same millisecond
 *
 * The demo village's operators: sri/1111 bendahara, joko/2222 and wati/3333
 * kepala dusun, budi/4444 petugas. Some cases write bundles by hand with the
 * format of salur-sync.c (forge_bundle) to reach checks the public API cannot
 * (a gap, a hole, an event changed under a valid signature). */

#define PASSPHRASE       "rahasia desa 2026"
#define WRONG_PASSPHRASE "rahasia desa 2027"
#define N_KPM            60
#define MONTH(y, m)      salur_month_from_ymd ((y), (m))

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    const char *h_ = (haystack), *n_ = (needle); \
    if (h_ == NULL || strstr (h_, n_) == NULL) \
      g_test_message ("\"%s\" does not contain \"%s\"", h_ != NULL ? h_ : "(null)", n_); \
    g_assert_nonnull (h_); \
    g_assert_nonnull (strstr (h_, n_)); \
  } G_STMT_END

/* files */

static char *
make_dir (const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpl = g_strdup_printf ("salur-test-sync-%s-XXXXXX", what);
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
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
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* Without g_file_set_contents' fsync: thousands of files are written */
static void
write_file (const char *path, const void *data, gsize len)
{
  FILE *f = fopen (path, "wb");

  g_assert_nonnull (f);
  g_assert_cmpuint (fwrite (data, 1, len, f), ==, len);
  g_assert_cmpint (fclose (f), ==, 0);
}

static void
copy_file (const char *from, const char *to)
{
  g_autoptr(GBytes) bytes = read_file (from);

  write_file (to, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Copies a closed store (a WAL left behind, if any, goes along) */
static void
copy_store_file (const char *from, const char *to)
{
  g_autofree char *wal = g_strconcat (from, "-wal", NULL);

  copy_file (from, to);
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_autofree char *to_wal = g_strconcat (to, "-wal", NULL);
      copy_file (wal, to_wal);
    }
}

/* the record, read behind Salur's back */

static char *
query_text (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *out;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    out = g_strdup ("");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return out;
}

static gint64
query_int (const char *path, const char *sql)
{
  g_autofree char *text = query_text (path, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

static gint64
events_of (SalurStore *store, const char *device_id)
{
  g_autofree char *sql = device_id != NULL
                         ? g_strdup_printf ("SELECT count(*) FROM event WHERE device_id = '%s'", device_id)
                         : g_strdup ("SELECT count(*) FROM event");

  return query_int (salur_store_get_path (store), sql);
}

/* The events of the village's master that STORE holds */
static gint64
master_events_of (SalurStore *store)
{
  g_autofree char *village = salur_sync_village_id (store);

  return events_of (store, village);
}

/* Everything a merge, a join or an export could store; field
 * SNAPSHOT_BUNDLE_LOG counts the files merged or exported */
#define SNAPSHOT_BUNDLE_LOG 9
static char *
snapshot_path (const char *path)
{
  static const char *const sql[] = {
    "SELECT count(*) FROM event",
    "SELECT coalesce (group_concat (h, ''), '') FROM (SELECT hex (hash) AS h FROM event ORDER BY device_id, seq)",
    "SELECT count(*) FROM kpm",
    "SELECT count(*) FROM ev_payment",
    "SELECT count(*) FROM ev_month",
    "SELECT count(*) FROM ev_void",
    "SELECT count(*) FROM ev_close",
    "SELECT count(*) FROM ev_device",
    "SELECT count(*) FROM ev_operator",
    "SELECT count(*) FROM bundle_log",
    "SELECT count(*) FROM sync_secret",
    "SELECT count(*) FROM device_key",
    "SELECT count(*) FROM device_certificate",
    "SELECT count(*) FROM village",
    "SELECT count(*) FROM dusun",
    NULL
  };
  GString *out = g_string_new (NULL);

  for (guint i = 0; sql[i] != NULL; i++)
    {
      g_autofree char *v = query_text (path, sql[i]);
      g_string_append_printf (out, "%s|", v);
    }
  return g_string_free (out, FALSE);
}

static char *
snapshot (SalurStore *store)
{
  return snapshot_path (salur_store_get_path (store));
}

/* the API, asserting success */

static SalurOperator *
login (SalurStore *store, const char *name, const char *pin)
{
  g_autoptr(GError) error = NULL;
  SalurOperator *op = salur_ledger_login (store, name, pin, &error);

  g_assert_no_error (error);
  g_assert_nonnull (op);
  return op;
}

static SalurStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  SalurStore *store = salur_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static SalurStore *
new_demo (const char *path, guint n_kpm, guint32 seed)
{
  g_autoptr(GError) error = NULL;
  SalurStore *store = open_store (path);

  g_assert_true (salur_demo_create (store, n_kpm, seed, &error));
  g_assert_no_error (error);
  return store;
}

/* The demo village, made once (its PIN hashes take most of a second) and
 * copied by each case: every copy is the same village, with the same master
 * identity, as a backup of the bendahara's laptop would be */
static char *template_dir;
static char *template_path;

static SalurStore *
demo_copy (const char *path)
{
  if (template_path == NULL)
    {
      SalurStore *store;

      template_dir = make_dir ("template");
      template_path = g_build_filename (template_dir, "master.db", NULL);
      store = new_demo (template_path, N_KPM, 1);
      g_object_unref (store);
    }
  copy_store_file (template_path, path);
  return open_store (path);
}

static char *
package (SalurStore *master, const SalurOperator *by, SalurDeviceRole role, const char *name, const char *dusun,
         const char *const *niks, const char *assignee, gint64 cash, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) dusun_v = dusun != NULL ? g_strsplit (dusun, ",", -1) : NULL;
  g_auto(GStrv) niks_v = niks != NULL ? g_strdupv ((GStrv) niks) : NULL;
  SalurPackageRequest req = {
    .role = role, .name = name, .dusun = dusun_v, .kpm_niks = niks_v, .assignee = assignee, .cash = cash,
  };
  char *id = NULL;

  g_assert_true (salur_sync_write_package (master, by, &req, PASSPHRASE, path, &id, &error));
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return id;
}

static SalurStore *
join (const char *db, const char *pkg)
{
  g_autoptr(GError) error = NULL;
  SalurStore *store = salur_sync_join (db, pkg, PASSPHRASE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
export (SalurStore *store, const char *path, gint64 want_first, gint64 want_last)
{
  g_autoptr(GError) error = NULL;
  gint64 first = -1, last = -1;

  g_assert_true (salur_sync_export (store, path, &first, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first, ==, want_first);
  g_assert_cmpint (last, ==, want_last);
}

static SalurMergeResult *
merge (SalurStore *store, const char *path)
{
  g_autoptr(GError) error = NULL;
  SalurMergeResult *r = salur_sync_merge (store, path, NULL, &error);

  if (error != NULL)
    g_test_message ("merging %s: %s", path, error->message);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static GArray *
month_range (SalurMonth first, guint n)
{
  GArray *months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));

  for (guint i = 0; i < n; i++)
    {
      SalurMonth m = first + i;
      g_array_append_val (months, m);
    }
  return months;
}

static SalurPayment *
pay (SalurStore *store, const SalurOperator *by, const char *kpm_id, SalurMonth first, guint n, const char *desk,
     gboolean home)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) months = month_range (first, n);
  SalurPaymentRequest req = {
    .kpm_id = kpm_id,
    .months = months,
    .desk = desk,
    .place = home ? SALUR_PLACE_HOME : SALUR_PLACE_HALL,
    .witness = home ? "Pak RT" : NULL,
    .proof = SALUR_PROOF_THUMBPRINT,
  };
  SalurPayment *p = salur_ledger_pay (store, by, &req, &error);

  if (error != NULL)
    g_test_message ("paying %s: %s", kpm_id, error->message);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

static void
verify (SalurStore *store)
{
  g_autoptr(GError) error = NULL;
  SalurVerifyReport report = { 0 };

  if (!salur_ledger_verify (store, &report, &error))
    g_test_message ("verify %s: %s", salur_store_get_path (store), error->message);
  g_assert_no_error (error);
  g_assert_cmpuint (report.events, ==, (guint64) events_of (store, NULL));
}

/* The message of the last refusal merge_refused or join_refused saw */
static char *last_refusal;

/* The refusal of a merge: its code and words, and nothing stored */
static void
merge_refused (SalurStore *store, const char *path, const char *passphrase, int code, const char *needle)
{
  g_autofree char *before = snapshot (store);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurMergeResult) r = salur_sync_merge (store, path, passphrase, &error);

  after = snapshot (store);
  if (r != NULL)
    g_test_message ("%s was merged (%u new), expected a refusal with “%s”", path, r->stored, needle);
  g_assert_null (r);
  g_assert_nonnull (error);
  if (!g_error_matches (error, SALUR_ERROR, code) || (needle != NULL && strstr (error->message, needle) == NULL))
    g_test_message ("%s refused with code %d: %s (expected code %d and “%s”)", path, error->code, error->message,
                    code, needle);
  g_assert_error (error, SALUR_ERROR, code);
  if (needle != NULL)
    assert_contains (error->message, needle);
  g_assert_cmpstr (after, ==, before);
  g_free (last_refusal);
  last_refusal = g_strdup (error->message);
}

/* The refusal of a join into STORE_PATH: nothing created, or (when a store
 * is there already) nothing changed */
static void
join_refused (const char *store_path, const char *pkg, const char *passphrase, int code, const char *needle)
{
  gboolean existed = g_file_test (store_path, G_FILE_TEST_EXISTS);
  g_autofree char *before = existed ? snapshot_path (store_path) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) store = salur_sync_join (store_path, pkg, passphrase, &error);

  if (store != NULL)
    g_test_message ("%s was joined into %s, expected a refusal with “%s”", pkg, store_path, needle);
  g_assert_null (store);
  g_assert_nonnull (error);
  if (!g_error_matches (error, SALUR_ERROR, code) || strstr (error->message, needle) == NULL)
    g_test_message ("join of %s refused with code %d: %s (expected code %d and “%s”)", pkg, error->code,
                    error->message, code, needle);
  g_assert_error (error, SALUR_ERROR, code);
  assert_contains (error->message, needle);
  if (existed)
    {
      g_autofree char *after = snapshot_path (store_path);
      g_assert_cmpstr (after, ==, before);
    }
  else
    g_assert_false (g_file_test (store_path, G_FILE_TEST_EXISTS));
  g_free (last_refusal);
  last_refusal = g_strdup (error->message);
}

/* comparable views of a store */

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static char *
join_sorted (GPtrArray *lines)
{
  g_ptr_array_sort (lines, cmp_str);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* (kpm id, state, receipt, payments) of every KPM for MONTH, sorted; ONLY:
 * the KPM ids to keep (NULL: all) */
static char *
status_text (SalurStore *store, SalurMonth month, GHashTable *only)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = salur_ledger_status (store, month, NULL, &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  for (guint i = 0; i < rows->len; i++)
    {
      SalurStatusRow *row = g_ptr_array_index (rows, i);

      if (only != NULL && !g_hash_table_contains (only, row->kpm->id))
        continue;
      g_ptr_array_add (lines, g_strdup_printf ("%s %s %s %u", row->kpm->id, salur_state_to_string (row->state),
                                               row->receipt != NULL && *row->receipt != '\0' ? row->receipt : "-",
                                               row->n_payments));
    }
  return join_sorted (lines);
}

static const SalurStatusRow *
status_of (GPtrArray *rows, const char *kpm_id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      SalurStatusRow *row = g_ptr_array_index (rows, i);
      if (g_str_equal (row->kpm->id, kpm_id))
        return row;
    }
  g_assert_not_reached ();
  return NULL;
}

static char *
conflict_line (const char *kind, const char *kpm_id, SalurMonth month, GPtrArray *receipts)
{
  g_autofree char *m = salur_month_format_id (month);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  for (guint i = 0; i < receipts->len; i++)
    g_ptr_array_add (sorted, receipts->pdata[i]);
  g_ptr_array_sort (sorted, cmp_str);
  g_ptr_array_add (sorted, NULL);
  joined = g_strjoinv (",", (char **) sorted->pdata);
  return g_strdup_printf ("%s %s %s %s", kind, kpm_id, m, joined);
}

/* "kind kpm month receipt,receipt" for every conflict, sorted; each side is
 * checked to stand and to cover the month */
static char *
conflicts_text (SalurStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = salur_sync_conflicts (store, &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  for (guint i = 0; i < list->len; i++)
    {
      SalurConflict *c = g_ptr_array_index (list, i);
      g_autoptr(GPtrArray) receipts = g_ptr_array_new ();

      g_assert_true (g_str_equal (c->kind, "double") || g_str_equal (c->kind, "closed"));
      g_assert_cmpuint (c->payments->len, >=, g_str_equal (c->kind, "double") ? 2 : 1);
      for (guint j = 0; j < c->payments->len; j++)
        {
          SalurPayment *p = g_ptr_array_index (c->payments, j);
          gboolean covers = FALSE;

          g_assert_false (p->voided);
          g_assert_cmpstr (p->kpm_id, ==, c->kpm_id);
          for (guint k = 0; k < p->months->len; k++)
            covers |= g_array_index (p->months, SalurMonth, k) == c->month;
          g_assert_true (covers);
          g_ptr_array_add (receipts, p->receipt);
        }
      g_ptr_array_add (lines, conflict_line (c->kind, c->kpm_id, c->month, receipts));
    }
  return join_sorted (lines);
}

static guint
n_conflicts (SalurStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = salur_sync_conflicts (store, &error);

  g_assert_no_error (error);
  return list->len;
}

/* bundles made by hand, in the format of salur-sync.c */

typedef struct {
  gint64      lo, hi;             /* the sender's events to carry */
  gint64      drop_seq;           /* leave this one out: a hole */
  gboolean    add_foreign;        /* add one event of the master */
  gint64      alter_seq;          /* change this event's body, keep its hash */
  gint64      retime_seq;         /* give this event another time and its new hash */
  const char *retime_at;
  gboolean    rogue;              /* signed by a key pair the master never saw */
} Forge;

static char *
hex_of (const guint8 *data, gsize len)
{
  char *out = g_malloc (len * 2 + 1);

  sodium_bin2hex (out, len * 2 + 1, data, len);
  return out;
}

/* sqlite3_mprintf, in memory g_free can free */
static char *
sql_printf (const char *fmt, ...)
{
  va_list ap;
  char *s, *out;

  va_start (ap, fmt);
  s = sqlite3_vmprintf (fmt, ap);
  va_end (ap);
  out = g_strdup (s);
  sqlite3_free (s);
  return out;
}

static void
exec_sql (sqlite3 *db, const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
}

/* The first row's columns of SQL as blobs/text, copied */
static GBytes *
blob_at (sqlite3 *db, const char *sql, int col)
{
  sqlite3_stmt *stmt = NULL;
  GBytes *out = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    out = g_bytes_new (sqlite3_column_blob (stmt, col), sqlite3_column_bytes (stmt, col));
  sqlite3_finalize (stmt);
  g_assert_nonnull (out);
  return out;
}

static char *
text_at (sqlite3 *db, const char *sql, int col)
{
  g_autoptr(GBytes) b = blob_at (db, sql, col);

  return g_strndup (g_bytes_get_data (b, NULL), g_bytes_get_size (b));
}

/* Writes OUT as the device of STORE_PATH would export it, with the changes F
 * asks for, signed with that device's key (or a rogue one) */
static void
forge_bundle (const char *store_path, const char *out, const Forge *f)
{
  sqlite3 *db = NULL;
  g_autofree char *attach = sql_printf ("ATTACH %Q AS src", store_path);
  g_autofree char *self = NULL, *village = NULL, *sql = NULL;
  g_autoptr(GBytes) pk = NULL, sk = NULL, salt = NULL, key = NULL, plain = NULL;
  g_autoptr(GString) header = g_string_new (NULL);
  g_autoptr(GByteArray) file = g_byte_array_new ();
  guint8 nonce[crypto_secretbox_NONCEBYTES], sig[crypto_sign_BYTES];
  guint8 rogue_pk[crypto_sign_PUBLICKEYBYTES], rogue_sk[crypto_sign_SECRETKEYBYTES];
  gint64 lo, hi;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  exec_sql (db, attach);
  self = text_at (db, "SELECT device_id FROM src.device_self WHERE id = 1", 0);
  village = text_at (db, "SELECT target FROM src.ev_device WHERE role = 'master' ORDER BY device_id, seq LIMIT 1", 0);
  pk = blob_at (db, "SELECT public_key FROM src.device_key WHERE id = 1", 0);
  sk = blob_at (db, "SELECT secret_key FROM src.device_key WHERE id = 1", 0);
  salt = blob_at (db, "SELECT salt FROM src.sync_secret WHERE id = 1", 0);
  key = blob_at (db, "SELECT key FROM src.sync_secret WHERE id = 1", 0);
  g_assert_cmpuint (g_bytes_get_size (sk), ==, crypto_sign_SECRETKEYBYTES);
  g_assert_cmpuint (g_bytes_get_size (key), ==, crypto_secretbox_KEYBYTES);

  exec_sql (db, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                "CREATE TABLE event AS SELECT * FROM src.event WHERE 0;");
  sql = sql_printf ("INSERT INTO event SELECT * FROM src.event WHERE device_id = %Q AND seq BETWEEN %lld AND %lld"
                         " AND seq <> %lld ORDER BY seq", self, (long long) f->lo, (long long) f->hi,
                         (long long) f->drop_seq);
  exec_sql (db, sql);
  if (f->add_foreign)
    {
      g_autofree char *s = sql_printf ("INSERT INTO event SELECT * FROM src.event WHERE device_id = %Q"
                                            " ORDER BY seq LIMIT 1", village);
      exec_sql (db, s);
    }
  if (f->alter_seq > 0)
    {
      g_autofree char *s = sql_printf ("UPDATE event SET body = body || 'note=changed by hand\n'"
                                            " WHERE device_id = %Q AND seq = %lld", self, (long long) f->alter_seq);
      exec_sql (db, s);
    }
  if (f->retime_seq > 0)
    {
      g_autofree char *s = sql_printf ("SELECT kind, operator, kpm_id, body, prev_hash FROM event"
                                            " WHERE device_id = %Q AND seq = %lld", self, (long long) f->retime_seq);
      g_autoptr(SalurEvent) e = g_new0 (SalurEvent, 1);
      g_autoptr(GBytes) prev = blob_at (db, s, 4);
      sqlite3_stmt *stmt = NULL;

      e->device_id = g_strdup (self);
      e->seq = f->retime_seq;
      e->kind = text_at (db, s, 0);
      e->operator_name = text_at (db, s, 1);
      e->kpm_id = text_at (db, s, 2);
      e->body = text_at (db, s, 3);
      e->at = g_strdup (f->retime_at);
      g_assert_cmpuint (g_bytes_get_size (prev), ==, SALUR_HASH_LEN);
      memcpy (e->prev_hash, g_bytes_get_data (prev, NULL), SALUR_HASH_LEN);
      salur_event_compute_hash (e, e->hash);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE event SET at = ?, hash = ? WHERE device_id = ? AND seq = ?", -1,
                                           &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, e->at, -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob (stmt, 2, e->hash, SALUR_HASH_LEN, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, self, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, e->seq);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
  {
    g_autofree char *s = sql_printf ("SELECT coalesce (min (seq), 0), coalesce (max (seq), 0) FROM event"
                                          " WHERE device_id = %Q", self);
    g_autofree char *a = text_at (db, s, 0), *b = text_at (db, s, 1);
    lo = g_ascii_strtoll (a, NULL, 10);
    hi = g_ascii_strtoll (b, NULL, 10);
  }

  /* the header, as salur_sync_export writes it */
  {
    g_autofree char *salt_hex = hex_of (g_bytes_get_data (salt, NULL), g_bytes_get_size (salt));
    g_autofree char *nonce_hex = NULL, *first = g_strdup_printf ("%" G_GINT64_FORMAT, lo);
    g_autofree char *last = g_strdup_printf ("%" G_GINT64_FORMAT, hi);

    randombytes_buf (nonce, sizeof nonce);
    nonce_hex = hex_of (nonce, sizeof nonce);
    if (f->rogue)
      {
        guint8 id_bytes[16];
        randombytes_buf (id_bytes, sizeof id_bytes);
        g_free (self);
        self = hex_of (id_bytes, sizeof id_bytes);
        crypto_sign_keypair (rogue_pk, rogue_sk);
      }
    salur_body_add (header, "format", "1");
    salur_body_add (header, "kind", "bundle");
    salur_body_add (header, "village", village);
    salur_body_add (header, "device", self);
    salur_body_add (header, "first_seq", first);
    salur_body_add (header, "last_seq", last);
    salur_body_add (header, "salt", salt_hex);
    salur_body_add (header, "nonce", nonce_hex);
    if (f->rogue)
      {
        /* a laptop that vouches for itself */
        g_autofree char *pk_hex = hex_of (rogue_pk, sizeof rogue_pk);
        g_autoptr(GString) cert = g_string_new ("salur-device 1\n");
        guint8 cert_sig[crypto_sign_BYTES];
        g_autofree char *cert_sig_hex = NULL;

        salur_body_add (cert, "village", village);
        salur_body_add (cert, "device", self);
        salur_body_add (cert, "role", "desk");
        salur_body_add (cert, "name", "Meja Palsu");
        salur_body_add (cert, "public_key", pk_hex);
        crypto_sign_detached (cert_sig, NULL, (const guint8 *) cert->str, cert->len, rogue_sk);
        cert_sig_hex = hex_of (cert_sig, sizeof cert_sig);
        salur_body_add (header, "cert_role", "desk");
        salur_body_add (header, "cert_name", "Meja Palsu");
        salur_body_add (header, "cert_public_key", pk_hex);
        salur_body_add (header, "cert_signature", cert_sig_hex);
      }
    else
      {
        g_autofree char *role = text_at (db, "SELECT role FROM src.device_certificate WHERE id = 1", 0);
        g_autofree char *name = text_at (db, "SELECT name FROM src.device_certificate WHERE id = 1", 0);
        g_autofree char *cert_sig = text_at (db, "SELECT signature FROM src.device_certificate WHERE id = 1", 0);
        g_autofree char *pk_hex = hex_of (g_bytes_get_data (pk, NULL), g_bytes_get_size (pk));

        salur_body_add (header, "cert_role", role);
        salur_body_add (header, "cert_name", name);
        salur_body_add (header, "cert_public_key", pk_hex);
        salur_body_add (header, "cert_signature", cert_sig);
      }
  }
  exec_sql (db, "DETACH src");
  {
    sqlite3_int64 size = 0;
    unsigned char *data = sqlite3_serialize (db, "main", &size, 0);

    g_assert_nonnull (data);
    plain = g_bytes_new (data, size);
    sqlite3_free (data);
  }
  sqlite3_close (db);

  /* magic, header, ciphertext, signature */
  {
    gsize plain_len = g_bytes_get_size (plain);
    gsize cipher_len = plain_len + crypto_secretbox_MACBYTES;
    guint32 hlen = GUINT32_TO_LE ((guint32) header->len);
    guint64 clen = GUINT64_TO_LE ((guint64) cipher_len);
    g_autofree guint8 *cipher = g_malloc (cipher_len);

    crypto_secretbox_easy (cipher, g_bytes_get_data (plain, NULL), plain_len, nonce, g_bytes_get_data (key, NULL));
    g_byte_array_append (file, (const guint8 *) "SALURBD1", 8);
    g_byte_array_append (file, (const guint8 *) &hlen, 4);
    g_byte_array_append (file, (const guint8 *) header->str, header->len);
    g_byte_array_append (file, (const guint8 *) &clen, 8);
    g_byte_array_append (file, cipher, cipher_len);
    crypto_sign_detached (sig, NULL, file->data, file->len, f->rogue ? rogue_sk : g_bytes_get_data (sk, NULL));
    g_byte_array_append (file, sig, sizeof sig);
  }
  write_file (out, file->data, file->len);
}

/* Replaces every "KEY=OLD\n" line of the header of a file by "KEY=NEW\n"
 * (same length), leaving the signature as it was */
static void
rehead (const char *from, const char *to, const char *key, const char *old_value, const char *new_value)
{
  g_autoptr(GBytes) bytes = read_file (from);
  gsize len = g_bytes_get_size (bytes);
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
  g_autofree char *needle = g_strdup_printf ("\n%s=%s\n", key, old_value);
  guint32 hlen;
  guint found = 0;

  g_assert_cmpuint (strlen (old_value), ==, strlen (new_value));
  memcpy (&hlen, data + 8, 4);
  hlen = GUINT32_FROM_LE (hlen);
  /* the header starts at 12; its first line has no newline before it */
  for (gsize i = 11; i + strlen (needle) <= 12 + hlen; i++)
    if (memcmp (data + i, needle, strlen (needle)) == 0)
      {
        memcpy (data + i + 1 + strlen (key) + 1, new_value, strlen (new_value));
        found++;
      }
  g_assert_cmpuint (found, ==, 1);
  write_file (to, data, len);
}

/* The village: a master and two desks (Krajan: joko, Ngasem: wati), packaged
 * and joined, nothing paid */

typedef struct {
  char          *dir;
  char          *master_path;
  SalurStore    *master;
  SalurOperator *sri;
  char          *pkg[2], *db[2], *id[2];
  SalurStore    *desk[2];
  SalurOperator *op[2];
  GPtrArray     *kpm;
} Village;

static const char *const desk_dusun[2] = { "Krajan", "Ngasem" };
static const char *const desk_name[2] = { "Meja Krajan", "Meja Ngasem" };

static char *
vpath (Village *v, const char *name)
{
  return g_build_filename (v->dir, name, NULL);
}

static const char *
kpm_id (Village *v, guint i)
{
  return ((SalurKpm *) g_ptr_array_index (v->kpm, i))->id;
}

static void
village_set_up (Village *v, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  static const char *const ops[2][2] = { { "joko", "2222" }, { "wati", "3333" } };

  v->dir = make_dir ("village");
  v->master_path = vpath (v, "master.db");
  v->master = demo_copy (v->master_path);
  v->sri = login (v->master, "sri", "1111");
  v->kpm = salur_store_list_kpm (v->master, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v->kpm->len, ==, N_KPM);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *pkg_name = g_strdup_printf ("desk%u.pkg", i);
      g_autofree char *db_name = g_strdup_printf ("desk%u.db", i);

      v->pkg[i] = vpath (v, pkg_name);
      v->db[i] = vpath (v, db_name);
      v->id[i] = package (v->master, v->sri, SALUR_DEVICE_DESK, desk_name[i], desk_dusun[i], NULL, NULL, 0, v->pkg[i]);
      v->desk[i] = join (v->db[i], v->pkg[i]);
      v->op[i] = login (v->desk[i], ops[i][0], ops[i][1]);
    }
}

static void
village_tear_down (Village *v, gconstpointer data)
{
  g_clear_object (&v->master);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&v->desk[i]);
      g_clear_pointer (&v->op[i], salur_operator_free);
      g_free (v->pkg[i]);
      g_free (v->db[i]);
      g_free (v->id[i]);
    }
  g_clear_pointer (&v->sri, salur_operator_free);
  g_clear_pointer (&v->kpm, g_ptr_array_unref);
  remove_tree (v->dir);
  g_free (v->dir);
  g_free (v->master_path);
}

/* ------------------------------------------------------------------------
 * The property test: 3-5 devices, random payments with planted doubles,
 * bundles exchanged in random orders
 * ------------------------------------------------------------------------ */

#define MAX_DEVICES 5
#define MASTER_BUNDLE MAX_DEVICES

typedef struct {
  guint       device;
  guint       round;        /* 0: morning, 1: afternoon */
  const char *kpm_id;
  SalurMonth  first;
  guint       n;
  gboolean    planted;      /* one side of a planted double */
  char       *receipt;      /* once paid */
  gint64      seq;
  gint64      total;
} Planned;

typedef struct {
  char            *name, *id, *db, *pkg, *bundle[2], *desk;
  SalurDeviceRole  role;
  SalurStore      *store;
  SalurOperator   *op;
  GHashTable      *carries;        /* field: the KPM ids it carries */
  gint64           events[2];      /* its own events after each round */
} Device;

typedef struct {
  const char  *label;
  SalurStore  *store;
  int          self;                  /* a device, or -1: the master and its copy */
  gint64       known[MAX_DEVICES];    /* events of each device this store holds */
  guint        new_conflicts;         /* as its merges reported them */
} Peer;

typedef struct {
  GRand      *rand;
  char       *dir;
  SalurStore *master, *master2;
  char       *master_bundle;
  guint       n_dev;
  Device      dev[MAX_DEVICES];
  GArray     *plan;                   /* Planned */
  GPtrArray  *kpm;
  guint       planted;                /* KPM-months paid on two or more devices */
} World;

static gboolean
covers (const Planned *p, SalurMonth m)
{
  return m >= p->first && m < p->first + (SalurMonth) p->n;
}

/* The doubles PEER should list: "kpm month" -> receipts of the payments it holds */
static GHashTable *
expected_doubles (World *w, const Peer *peer)
{
  GHashTable *found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer k, v;

  for (guint i = 0; i < w->plan->len; i++)
    {
      Planned *p = &g_array_index (w->plan, Planned, i);

      if (p->receipt == NULL || peer->known[p->device] < p->seq)
        continue;
      for (guint j = 0; j < p->n; j++)
        {
          g_autofree char *key = g_strdup_printf ("%s %d", p->kpm_id, p->first + j);
          GPtrArray *receipts = g_hash_table_lookup (found, key);

          if (receipts == NULL)
            {
              receipts = g_ptr_array_new ();
              g_hash_table_insert (found, g_strdup (key), receipts);
            }
          g_ptr_array_add (receipts, p->receipt);
        }
    }
  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, &k, &v))
    if (((GPtrArray *) v)->len < 2)
      g_hash_table_iter_remove (&iter);
  return found;
}

static char *
expected_conflicts_text (World *w, const Peer *peer)
{
  g_autoptr(GHashTable) doubles = expected_doubles (w, peer);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, doubles);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      g_auto(GStrv) parts = g_strsplit (k, " ", 2);
      g_ptr_array_add (lines, conflict_line ("double", parts[0], atoi (parts[1]), v));
    }
  return join_sorted (lines);
}

/* Merges bundle ROUND of device E (or the master's bundle) into PEER, and
 * checks what it stored and how many conflicts it found new */
static void
peer_merge (World *w, Peer *peer, guint e, guint round)
{
  g_autoptr(GHashTable) before = expected_doubles (w, peer);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(SalurMergeResult) r = NULL;
  const char *path = e == MASTER_BUNDLE ? w->master_bundle : w->dev[e].bundle[round];
  g_autofree char *master_id = salur_sync_village_id (w->master);
  gint64 master_before = events_of (peer->store, master_id);
  guint want_stored, want_new = 0;
  GHashTableIter iter;
  gpointer k;

  r = merge (peer->store, path);
  if (e == MASTER_BUNDLE)
    {
      gint64 all = events_of (w->master, master_id);

      want_stored = all - master_before;
      g_assert_cmpstr (r->device_id, ==, master_id);
      g_assert_cmpint (r->first_seq, ==, 1);
      g_assert_cmpint (r->last_seq, ==, all);
      g_assert_cmpint (events_of (peer->store, master_id), ==, all);
    }
  else
    {
      gint64 in_file = w->dev[e].events[round];

      want_stored = in_file > peer->known[e] ? in_file - peer->known[e] : 0;
      peer->known[e] = MAX (peer->known[e], in_file);
      g_assert_cmpstr (r->device_id, ==, w->dev[e].id);
      g_assert_cmpstr (r->device_name, ==, w->dev[e].name);
      g_assert_cmpint (r->first_seq, ==, in_file > 0 ? 1 : 0);
      g_assert_cmpint (r->last_seq, ==, in_file);
      g_assert_cmpint (events_of (peer->store, w->dev[e].id), ==, peer->known[e]);
    }
  after = expected_doubles (w, peer);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &k, NULL))
    if (!g_hash_table_contains (before, k))
      want_new++;
  if (r->stored != want_stored || r->new_conflicts != want_new)
    g_test_message ("%s merging %s: %u stored (want %u), %u new conflicts (want %u)", peer->label, path, r->stored,
                    want_stored, r->new_conflicts, want_new);
  g_assert_cmpuint (r->stored, ==, want_stored);
  g_assert_cmpuint (r->new_conflicts, ==, want_new);
  peer->new_conflicts += r->new_conflicts;
}

static SalurMonth
random_start (GRand *rand, guint n)
{
  /* 2026-10 .. 2026-12 */
  return MONTH (2026, 10) + g_rand_int_range (rand, 0, 3 - n + 1);
}

static void
plan_add (World *w, guint device, guint round, const char *kpm_id, SalurMonth first, guint n, gboolean planted)
{
  Planned p = { .device = device, .round = round, .kpm_id = kpm_id, .first = first, .n = n, .planted = planted };

  g_assert_cmpint (first, >=, MONTH (2026, 10));
  g_assert_cmpint (first + (SalurMonth) n - 1, <=, MONTH (2026, 12));
  g_array_append_val (w->plan, p);
}

static guint
random_desk (World *w)
{
  return g_rand_int_range (w->rand, 1, w->n_dev);
}

static void
make_plan (World *w)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) field_kpm = g_ptr_array_new ();
  guint n_doubles = g_rand_int_range (w->rand, 2, 5);

  for (guint i = 0; i < w->kpm->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (w->kpm, i);
      if (g_hash_table_contains (w->dev[0].carries, k->id))
        g_ptr_array_add (field_kpm, k->id);
    }

  /* the planted doubles: 2 or 3 devices pay one KPM for ranges that share a
   * month; the first involves the field laptop */
  for (guint d = 0; d < n_doubles; d++)
    {
      const char *id;
      gboolean carried;
      guint sides, chosen[3];
      SalurMonth shared = MONTH (2026, 10) + g_rand_int_range (w->rand, 0, 3);

      do
        id = d == 0 ? g_ptr_array_index (field_kpm, g_rand_int_range (w->rand, 0, field_kpm->len))
                    : ((SalurKpm *) g_ptr_array_index (w->kpm, g_rand_int_range (w->rand, 0, w->kpm->len)))->id;
      while (g_hash_table_contains (used, id));
      g_hash_table_add (used, (gpointer) id);
      carried = g_hash_table_contains (w->dev[0].carries, id);
      /* three sides when three devices can pay this KPM */
      sides = (carried ? w->n_dev : w->n_dev - 1) >= 3 && g_rand_int_range (w->rand, 0, 4) == 0 ? 3 : 2;
      for (guint s = 0; s < sides; s++)
        {
          guint dev;
          gboolean again;

          do
            {
              dev = d == 0 && s == 0 ? 0 : (carried && g_rand_boolean (w->rand) ? 0 : random_desk (w));
              again = FALSE;
              for (guint t = 0; t < s; t++)
                again |= chosen[t] == dev;
            }
          while (again);
          chosen[s] = dev;
          {
            guint n = g_rand_int_range (w->rand, 1, 4);
            SalurMonth lo = MAX (MONTH (2026, 10), shared - (SalurMonth) n + 1);
            SalurMonth hi = MIN (shared, MONTH (2026, 12) - (SalurMonth) n + 1);
            plan_add (w, dev, 0, id, g_rand_int_range (w->rand, lo, hi + 1), n, TRUE);
          }
        }
    }

  /* payments on one device each; some KPM paid for other months on another */
  for (guint i = 0; i < w->kpm->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (w->kpm, i);
      gboolean carried = g_hash_table_contains (w->dev[0].carries, k->id);
      guint dev, n, round = g_rand_int_range (w->rand, 0, 2);
      SalurMonth first;

      if (g_hash_table_contains (used, k->id) || g_rand_int_range (w->rand, 0, 100) >= (carried ? 80 : 55))
        continue;
      dev = carried && g_rand_int_range (w->rand, 0, 10) < 7 ? 0 : random_desk (w);
      n = g_rand_int_range (w->rand, 1, 4);
      first = random_start (w->rand, n);
      plan_add (w, dev, round, k->id, first, n, FALSE);
      if (n < 3 && g_rand_int_range (w->rand, 0, 100) < 20)
        {
          /* a month it was not paid for, elsewhere: no conflict */
          guint other;
          SalurMonth m;

          do
            other = random_desk (w);
          while (other == dev);
          do
            m = MONTH (2026, 10) + g_rand_int_range (w->rand, 0, 3);
          while (m >= first && m < first + (SalurMonth) n);
          plan_add (w, other, g_rand_int_range (w->rand, 0, 2), k->id, m, 1, FALSE);
        }
    }

  /* the months paid on two or more devices */
  {
    Peer all = { .self = -1 };
    g_autoptr(GHashTable) doubles = NULL;

    for (guint i = 0; i < w->plan->len; i++)
      {
        Planned *p = &g_array_index (w->plan, Planned, i);
        p->receipt = g_strdup ("x");
        p->seq = 1;
      }
    for (guint d = 0; d < MAX_DEVICES; d++)
      all.known[d] = G_MAXINT64;
    doubles = expected_doubles (w, &all);
    w->planted = g_hash_table_size (doubles);
    for (guint i = 0; i < w->plan->len; i++)
      g_clear_pointer (&g_array_index (w->plan, Planned, i).receipt, g_free);
  }
  g_assert_cmpuint (w->planted, >=, n_doubles);
}

/* Every device pays what the plan gives it for ROUND, then exports */
static void
record_round (World *w, guint round)
{
  for (guint d = 0; d < w->n_dev; d++)
    {
      Device *dev = &w->dev[d];

      for (guint i = 0; i < w->plan->len; i++)
        {
          Planned *p = &g_array_index (w->plan, Planned, i);
          g_autoptr(SalurPayment) paid = NULL;

          if (p->device != d || p->round != round)
            continue;
          paid = pay (dev->store, dev->op, p->kpm_id, p->first, p->n, dev->desk, dev->role == SALUR_DEVICE_FIELD);
          g_assert_cmpstr (paid->device_id, ==, dev->id);
          p->receipt = g_strdup (paid->receipt);
          p->seq = paid->seq;
          p->total = paid->total;
          g_assert_cmpint (p->total, ==, 300000 * (gint64) p->n);
        }
      dev->events[round] = events_of (dev->store, dev->id);
      export (dev->store, dev->bundle[round], dev->events[round] > 0 ? 1 : 0, dev->events[round]);
    }
}

static void
shuffle (GRand *rand, GArray *items)
{
  for (guint i = items->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      guint t = g_array_index (items, guint, i - 1);

      g_array_index (items, guint, i - 1) = g_array_index (items, guint, j);
      g_array_index (items, guint, j) = t;
    }
}

/* Merges into PEER, in a random order, every bundle it does not have (and,
 * at random, its own and a few twice) */
static void
exchange (World *w, Peer *peer)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));   /* device * 2 + round */
  g_autoptr(GString) told = g_string_new (NULL);

  for (guint e = 0; e < w->n_dev; e++)
    for (guint r = 0; r < 2; r++)
      if ((int) e != peer->self || (r == 1 && g_rand_boolean (w->rand)))
        {
          guint item = e * 2 + r;
          g_array_append_val (order, item);
        }
  if (peer->self >= 0 || g_rand_boolean (w->rand))
    {
      guint item = MASTER_BUNDLE * 2;
      g_array_append_val (order, item);
    }
  shuffle (w->rand, order);
  for (guint twice = g_rand_int_range (w->rand, 1, 3); twice > 0; twice--)
    {
      guint item = g_array_index (order, guint, g_rand_int_range (w->rand, 0, order->len));
      g_array_insert_val (order, g_rand_int_range (w->rand, 0, order->len + 1), item);
    }
  for (guint i = 0; i < order->len; i++)
    {
      guint item = g_array_index (order, guint, i);

      if (item / 2 == MASTER_BUNDLE)
        g_string_append (told, " master");
      else
        g_string_append_printf (told, " dev%u-%u", item / 2, item % 2 + 1);
      peer_merge (w, peer, item / 2, item % 2);
    }
  g_test_message ("%s merged:%s", peer->label, told->str);
}

static void
test_property (gconstpointer data)
{
  guint32 seed = GPOINTER_TO_UINT (data);
  World world = { 0 }, *w = &world;
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) sri = NULL;
  g_autoptr(GPtrArray) dusun = NULL;
  g_autofree char *master_path = NULL, *master2_path = NULL, *master_id = NULL;
  Peer peers[MAX_DEVICES + 2];
  guint n_peers = 0;

  w->rand = g_rand_new_with_seed (seed);
  w->dir = make_dir ("property");
  w->plan = g_array_new (FALSE, TRUE, sizeof (Planned));
  master_path = g_build_filename (w->dir, "master.db", NULL);
  master2_path = g_build_filename (w->dir, "master-copy.db", NULL);
  w->master = new_demo (master_path, N_KPM, seed);
  master_id = salur_sync_village_id (w->master);
  g_assert_nonnull (master_id);
  sri = login (w->master, "sri", "1111");
  w->kpm = salur_store_list_kpm (w->master, NULL, &error);
  g_assert_no_error (error);
  dusun = salur_store_list_dusun (w->master, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dusun->len, >, 0);

  /* the devices: a field laptop and 2-4 desks */
  w->n_dev = g_rand_int_range (w->rand, 3, MAX_DEVICES + 1);
  g_test_message ("seed %u: %u devices", seed, w->n_dev);
  for (guint d = 0; d < w->n_dev; d++)
    {
      Device *dev = &w->dev[d];
      g_autofree char *db = g_strdup_printf ("dev%u.db", d), *pkg = g_strdup_printf ("dev%u.pkg", d);
      g_autofree char *b0 = g_strdup_printf ("dev%u-1.bundle", d), *b1 = g_strdup_printf ("dev%u-2.bundle", d);

      dev->db = g_build_filename (w->dir, db, NULL);
      dev->pkg = g_build_filename (w->dir, pkg, NULL);
      dev->bundle[0] = g_build_filename (w->dir, b0, NULL);
      dev->bundle[1] = g_build_filename (w->dir, b1, NULL);
      dev->role = d == 0 ? SALUR_DEVICE_FIELD : SALUR_DEVICE_DESK;
      if (d == 0)
        {
          g_autoptr(GPtrArray) niks = g_ptr_array_new ();
          guint n = g_rand_int_range (w->rand, 6, 11);

          dev->carries = g_hash_table_new (g_str_hash, g_str_equal);
          while (g_hash_table_size (dev->carries) < n)
            {
              SalurKpm *k = g_ptr_array_index (w->kpm, g_rand_int_range (w->rand, 0, w->kpm->len));
              if (g_hash_table_contains (dev->carries, k->id))
                continue;
              g_hash_table_add (dev->carries, k->id);
              g_ptr_array_add (niks, k->nik);
            }
          g_ptr_array_add (niks, NULL);
          dev->name = g_strdup ("Lapangan budi");
          dev->desk = g_strdup ("Lapangan");
          dev->id = package (w->master, sri, SALUR_DEVICE_FIELD, dev->name, NULL, (const char *const *) niks->pdata,
                             "budi", 300000 * 3 * (gint64) n, dev->pkg);
        }
      else
        {
          SalurDusun *du = g_ptr_array_index (dusun, g_rand_int_range (w->rand, 0, dusun->len));

          dev->name = g_strdup_printf ("Meja %s %u", du->name, d);
          dev->desk = g_strdup (du->name);
          dev->id = package (w->master, sri, SALUR_DEVICE_DESK, dev->name, du->name, NULL, NULL, 0, dev->pkg);
        }
      dev->store = join (dev->db, dev->pkg);
      dev->op = d == 0 ? login (dev->store, "budi", "4444")
                       : d % 2 ? login (dev->store, "joko", "2222") : login (dev->store, "wati", "3333");
      g_assert_cmpint (events_of (dev->store, dev->id), ==, 0);
    }
  {
    g_autoptr(GPtrArray) devices = salur_sync_devices (w->master, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (devices->len, ==, w->n_dev + 1);
  }
  /* the field laptop holds only the KPM it carries */
  g_assert_cmpint (salur_store_count_kpm (w->dev[0].store), ==, g_hash_table_size (w->dev[0].carries));
  for (guint d = 1; d < w->n_dev; d++)
    g_assert_cmpint (salur_store_count_kpm (w->dev[d].store), ==, N_KPM);

  /* a second copy of the master, before anything is merged */
  g_clear_object (&w->master);
  copy_store_file (master_path, master2_path);
  w->master = open_store (master_path);
  w->master2 = open_store (master2_path);

  peers[n_peers++] = (Peer) { .label = "master", .store = w->master, .self = -1 };
  peers[n_peers++] = (Peer) { .label = "master copy", .store = w->master2, .self = -1 };
  for (guint d = 0; d < w->n_dev; d++)
    peers[n_peers++] = (Peer) { .label = w->dev[d].name, .store = w->dev[d].store, .self = d };

  make_plan (w);
  g_test_message ("seed %u: %u payments planned, %u KPM-months planted as doubles", seed, w->plan->len, w->planted);

  /* the morning */
  record_round (w, 0);
  for (guint i = 0; i < n_peers; i++)
    if (peers[i].self >= 0)
      peers[i].known[peers[i].self] = w->dev[peers[i].self].events[0];

  /* midday: the master and some desks merge some morning bundles */
  for (guint d = 0; d < w->n_dev; d++)
    if (g_rand_boolean (w->rand))
      peer_merge (w, &peers[0], d, 0);
  for (guint i = 2; i < n_peers; i++)
    if (g_rand_boolean (w->rand))
      {
        Peer *peer = &peers[i];
        guint e;

        do
          e = g_rand_int_range (w->rand, 0, w->n_dev);
        while ((int) e == peer->self);
        peer_merge (w, peer, e, 0);

        /* a month it now knows is paid cannot be paid here again */
        for (guint j = 0; j < w->plan->len; j++)
          {
            Planned *p = &g_array_index (w->plan, Planned, j);
            g_autoptr(GArray) months = NULL;
            g_autofree char *before = NULL, *after = NULL;
            g_autoptr(SalurPayment) twice = NULL;
            g_autoptr(GError) refused = NULL;
            Device *self = &w->dev[peer->self];
            SalurPaymentRequest req = { 0 };

            if (p->device != e || p->round != 0 || p->planted
                || (self->carries != NULL && !g_hash_table_contains (self->carries, p->kpm_id)))
              continue;
            months = month_range (p->first, 1);
            req = (SalurPaymentRequest) { .kpm_id = p->kpm_id, .months = months, .desk = self->desk,
                                          .place = SALUR_PLACE_HOME, .witness = "Pak RT",
                                          .proof = SALUR_PROOF_THUMBPRINT };
            before = snapshot (peer->store);
            twice = salur_ledger_pay (peer->store, self->op, &req, &refused);
            after = snapshot (peer->store);
            g_assert_null (twice);
            g_assert_error (refused, SALUR_ERROR, SALUR_ERROR_ALREADY_PAID);
            assert_contains (refused->message, p->receipt);
            g_assert_cmpstr (after, ==, before);
            break;
          }
      }

  /* the afternoon, then every store merges everything in its own order */
  record_round (w, 1);
  for (guint i = 0; i < n_peers; i++)
    if (peers[i].self >= 0)
      peers[i].known[peers[i].self] = w->dev[peers[i].self].events[1];
  w->master_bundle = g_build_filename (w->dir, "master.bundle", NULL);
  export (w->master, w->master_bundle, 1, events_of (w->master, master_id));
  for (guint i = 0; i < n_peers; i++)
    exchange (w, &peers[i]);

  /* every store holds every event of every device */
  for (guint i = 0; i < n_peers; i++)
    {
      g_assert_cmpint (events_of (peers[i].store, master_id), ==, events_of (w->master, master_id));
      for (guint d = 0; d < w->n_dev; d++)
        g_assert_cmpint (events_of (peers[i].store, w->dev[d].id), ==, w->dev[d].events[1]);
    }

  /* (a) every store agrees on every month; the field laptop on its KPM */
  for (SalurMonth m = MONTH (2026, 9); m <= MONTH (2027, 1); m++)
    {
      g_autofree char *want = status_text (w->master, m, NULL);
      g_autofree char *want_field = status_text (w->master, m, w->dev[0].carries);
      g_autoptr(GPtrArray) rows = salur_ledger_status (w->master, m, NULL, &error);

      g_assert_no_error (error);
      for (guint i = 1; i < n_peers; i++)
        {
          g_autofree char *got = status_text (peers[i].store, m, NULL);

          if (peers[i].self == 0)
            {
              g_assert_cmpstr (got, ==, want_field);
              continue;
            }
          if (g_strcmp0 (got, want) != 0)
            g_test_message ("%s and the master disagree on month %d", peers[i].label, m);
          g_assert_cmpstr (got, ==, want);
        }
      /* and the master agrees with the plan */
      for (guint k = 0; k < w->kpm->len; k++)
        {
          SalurKpm *kpm = g_ptr_array_index (w->kpm, k);
          const SalurStatusRow *row = status_of (rows, kpm->id);
          guint n = 0;
          gboolean receipt_ok = FALSE;

          for (guint j = 0; j < w->plan->len; j++)
            {
              Planned *p = &g_array_index (w->plan, Planned, j);
              if (g_str_equal (p->kpm_id, kpm->id) && covers (p, m))
                {
                  n++;
                  receipt_ok |= g_strcmp0 (row->receipt, p->receipt) == 0;
                }
            }
          g_assert_cmpuint (row->n_payments, ==, n);
          g_assert_cmpint (row->state, ==, n > 0 ? SALUR_STATE_PAID : SALUR_STATE_UNPAID);
          g_assert_true (n == 0 || receipt_ok);
        }
    }

  /* (b) exactly the planted doubles, with both (or all three) sides, everywhere */
  {
    g_autofree char *want = expected_conflicts_text (w, &peers[0]);

    g_assert_cmpuint (n_conflicts (w->master), ==, w->planted);
    for (guint i = 0; i < n_peers; i++)
      {
        g_autofree char *got = conflicts_text (peers[i].store);
        g_assert_cmpstr (got, ==, want);
      }
  }

  /* (e) the master's merges reported each planted double once */
  g_assert_cmpuint (peers[0].new_conflicts, ==, w->planted);
  g_assert_cmpuint (peers[1].new_conflicts, ==, w->planted);

  /* (c) every bundle once more, anywhere: nothing new */
  for (guint i = 0; i < n_peers; i++)
    {
      g_autofree char *before = snapshot (peers[i].store);
      g_autofree char *after = NULL;

      for (guint d = 0; d <= w->n_dev; d++)
        for (guint r = 0; r < 2; r++)
          {
            const char *path = d == w->n_dev ? w->master_bundle : w->dev[d].bundle[r];
            g_autoptr(SalurMergeResult) again = merge (peers[i].store, path);

            g_assert_cmpuint (again->stored, ==, 0);
            g_assert_cmpuint (again->new_conflicts, ==, 0);
          }
      after = snapshot (peers[i].store);
      /* only the log of merged files grows */
      {
        g_auto(GStrv) a = g_strsplit (before, "|", -1), b = g_strsplit (after, "|", -1);
        for (guint f = 0; a[f] != NULL; f++)
          if (f != SNAPSHOT_BUNDLE_LOG)
            g_assert_cmpstr (b[f], ==, a[f]);
      }
    }

  /* (d) every record is intact */
  for (guint i = 0; i < n_peers; i++)
    verify (peers[i].store);

  /* the field laptop's cash */
  {
    SalurFieldSummary s = { 0 };
    gint64 paid = 0;
    guint payments = 0;
    g_autoptr(GHashTable) visited = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint j = 0; j < w->plan->len; j++)
      {
        Planned *p = &g_array_index (w->plan, Planned, j);
        if (p->device != 0)
          continue;
        paid += p->total;
        payments++;
        g_hash_table_add (visited, (gpointer) p->kpm_id);
      }
    g_assert_true (salur_sync_field_summary (w->dev[0].store, &s, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (s.assignee, ==, "budi");
    g_assert_cmpint (s.cash_out, ==, 300000 * 3 * (gint64) g_hash_table_size (w->dev[0].carries));
    g_assert_cmpint (s.paid_at_home, ==, paid);
    g_assert_cmpuint (s.payments, ==, payments);
    g_assert_cmpint (s.to_return, ==, s.cash_out - paid);
    g_assert_cmpuint (s.assigned, ==, g_hash_table_size (w->dev[0].carries));
    g_assert_cmpuint (s.assigned_paid, ==, g_hash_table_size (visited));
    g_free (s.assignee);
    /* a desk is no field laptop */
    g_assert_false (salur_sync_field_summary (w->dev[1].store, &s, &error));
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_USAGE);
    g_clear_error (&error);
  }

  for (guint d = 0; d < w->n_dev; d++)
    {
      Device *dev = &w->dev[d];
      g_clear_object (&dev->store);
      g_clear_pointer (&dev->op, salur_operator_free);
      g_clear_pointer (&dev->carries, g_hash_table_unref);
      g_free (dev->name);
      g_free (dev->id);
      g_free (dev->db);
      g_free (dev->pkg);
      g_free (dev->bundle[0]);
      g_free (dev->bundle[1]);
      g_free (dev->desk);
    }
  for (guint i = 0; i < w->plan->len; i++)
    g_free (g_array_index (w->plan, Planned, i).receipt);
  g_array_unref (w->plan);
  g_ptr_array_unref (w->kpm);
  g_clear_object (&w->master);
  g_clear_object (&w->master2);
  g_free (w->master_bundle);
  g_rand_free (w->rand);
  remove_tree (w->dir);
  g_free (w->dir);
}

/* ------------------------------------------------------------------------
 * Conflicts resolved, and closed elsewhere
 * ------------------------------------------------------------------------ */

static void
test_resolve (Village *v, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *k = kpm_id (v, 5);
  g_autoptr(SalurPayment) p0 = pay (v->desk[0], v->op[0], k, MONTH (2026, 11), 1, "Krajan", FALSE);
  g_autoptr(SalurPayment) p1 = pay (v->desk[1], v->op[1], k, MONTH (2026, 11), 1, "Ngasem", FALSE);
  g_autofree char *b0 = vpath (v, "desk0.bundle"), *b1 = vpath (v, "desk1.bundle"), *bm = vpath (v, "master.bundle");
  g_autoptr(GPtrArray) receipts = g_ptr_array_new ();
  g_autofree char *want = NULL, *got = NULL;

  export (v->desk[0], b0, 1, 1);
  export (v->desk[1], b1, 1, 1);
  /* the master and a joined desk hold the village's passphrase */
  g_assert_true (salur_sync_has_passphrase (v->master));
  g_assert_true (salur_sync_has_passphrase (v->desk[0]));
  /* a folder's bundles are known by their first bytes, not their names */
  {
    g_autofree char *note = vpath (v, "catatan.txt");
    g_auto(GStrv) found = NULL;

    g_assert_true (g_file_set_contents (note, "SALURBD", -1, &error));
    found = salur_sync_list_bundles (v->dir, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (found), ==, 2);
    g_assert_cmpstr (found[0], ==, b0);
    g_assert_cmpstr (found[1], ==, b1);
    g_assert_null (salur_sync_list_bundles (note, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  {
    g_autoptr(SalurMergeResult) r0 = merge (v->master, b0);
    g_autoptr(SalurMergeResult) r1 = merge (v->master, b1);
    g_autoptr(GPtrArray) devices = NULL;
    g_assert_cmpuint (r0->stored, ==, 1);
    g_assert_cmpuint (r0->new_conflicts, ==, 0);
    g_assert_cmpuint (r1->stored, ==, 1);
    g_assert_cmpuint (r1->new_conflicts, ==, 1);
    /* each desk's latest bundle, as the devices list shows it */
    devices = salur_sync_devices (v->master, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < devices->len; i++)
      {
        SalurDevice *d = g_ptr_array_index (devices, i);

        if (d->is_self)
          {
            g_assert_cmpstr (d->last_bundle_at, ==, "");
            g_assert_cmpint (d->last_bundle_seq, ==, 0);
          }
        else
          {
            g_assert_cmpuint (strlen (d->last_bundle_at), >=, 20);
            g_assert_cmpint (d->last_bundle_seq, ==, 1);
          }
      }
  }
  g_ptr_array_add (receipts, p0->receipt);
  g_ptr_array_add (receipts, p1->receipt);
  want = conflict_line ("double", k, MONTH (2026, 11), receipts);
  got = conflicts_text (v->master);
  g_assert_cmpstr (got, ==, want);
  /* both sides: device, officer, time, receipt */
  {
    g_autoptr(GPtrArray) list = salur_sync_conflicts (v->master, &error);
    SalurConflict *c = g_ptr_array_index (list, 0);
    SalurPayment *a = g_ptr_array_index (c->payments, 0), *b = g_ptr_array_index (c->payments, 1);

    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpstr (c->kind, ==, "double");
    g_assert_cmpint (c->month, ==, MONTH (2026, 11));
    g_assert_cmpstr (c->kpm_name, ==, ((SalurKpm *) g_ptr_array_index (v->kpm, 5))->name);
    g_assert_cmpuint (c->payments->len, ==, 2);
    g_assert_cmpstr (a->device_id, !=, b->device_id);
    g_assert_true ((g_str_equal (a->operator_name, "joko") && g_str_equal (b->operator_name, "wati"))
                   || (g_str_equal (a->operator_name, "wati") && g_str_equal (b->operator_name, "joko")));
    g_assert_true (g_str_equal (a->device_id, v->id[0]) || g_str_equal (a->device_id, v->id[1]));
    g_assert_cmpstr (a->at, !=, "");
  }
  /* a desk may not void */
  g_assert_false (salur_ledger_void (v->desk[0], v->op[0], p1->receipt, "dua kali", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* the bendahara voids one side: the conflict is gone, the other stands */
  g_assert_true (salur_ledger_void (v->master, v->sri, p1->receipt,
                                    "dibayar dua kali; uang harus ditarik kembali", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_conflicts (v->master), ==, 0);
  {
    g_autoptr(GPtrArray) rows = salur_ledger_status (v->master, MONTH (2026, 11), NULL, &error);
    const SalurStatusRow *row = status_of (rows, k);
    g_assert_cmpint (row->state, ==, SALUR_STATE_PAID);
    g_assert_cmpstr (row->receipt, ==, p0->receipt);
    g_assert_cmpuint (row->n_payments, ==, 1);
  }

  /* the void travels in the master's bundle */
  export (v->master, bm, 1, master_events_of (v->master));
  {
    g_autoptr(SalurMergeResult) r = merge (v->desk[0], b1);
    g_assert_cmpuint (r->new_conflicts, ==, 1);
    g_assert_cmpuint (n_conflicts (v->desk[0]), ==, 1);
  }
  {
    g_autoptr(SalurMergeResult) r = merge (v->desk[0], bm);
    g_assert_cmpuint (r->stored, >=, 1);
    g_assert_cmpuint (r->new_conflicts, ==, 0);
    g_assert_cmpuint (n_conflicts (v->desk[0]), ==, 0);
  }
  {
    g_autoptr(SalurMergeResult) r = merge (v->desk[0], bm);
    g_assert_cmpuint (r->stored, ==, 0);
  }
  /* the desk whose payment was voided learns it, in either order */
  {
    g_autoptr(SalurMergeResult) r = merge (v->desk[1], bm);
    g_autoptr(SalurMergeResult) s = merge (v->desk[1], b0);
    g_assert_cmpuint (s->new_conflicts, ==, 0);
    g_assert_cmpuint (n_conflicts (v->desk[1]), ==, 0);
  }
  {
    g_autoptr(SalurPayment) voided = salur_ledger_get_payment (v->desk[1], p1->receipt, &error);
    g_assert_no_error (error);
    g_assert_true (voided->voided);
    assert_contains (voided->void_reason, "ditarik kembali");
  }
  {
    g_autofree char *m = status_text (v->master, MONTH (2026, 11), NULL);
    g_autofree char *d0 = status_text (v->desk[0], MONTH (2026, 11), NULL);
    g_autofree char *d1 = status_text (v->desk[1], MONTH (2026, 11), NULL);
    g_assert_cmpstr (d0, ==, m);
    g_assert_cmpstr (d1, ==, m);
  }
  verify (v->master);
  verify (v->desk[0]);
  verify (v->desk[1]);
}

static void
test_closed (Village *v, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *k1 = kpm_id (v, 7), *k2 = kpm_id (v, 8), *k3 = kpm_id (v, 9);
  g_autofree char *b0 = vpath (v, "desk0.bundle"), *bm = vpath (v, "master.bundle");
  g_autoptr(SalurPayment) p1 = NULL, p2 = NULL, p3 = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *want = NULL, *got = NULL;

  /* the master closes two KPM while the desk, packaged before, is offline */
  g_assert_true (salur_ledger_close_kpm (v->master, v->sri, k1, MONTH (2026, 11), SALUR_REASON_DIED, "meninggal",
                                         "SK 12/2026", &error));
  g_assert_no_error (error);
  g_assert_true (salur_ledger_close_kpm (v->master, v->sri, k2, MONTH (2026, 12), SALUR_REASON_MOVED, "pindah",
                                         "SK 13/2026", &error));
  g_assert_no_error (error);

  p1 = pay (v->desk[0], v->op[0], k1, MONTH (2026, 11), 1, "Krajan", FALSE);
  p2 = pay (v->desk[0], v->op[0], k2, MONTH (2026, 10), 3, "Krajan", FALSE);
  p3 = pay (v->desk[0], v->op[0], k3, MONTH (2026, 11), 1, "Krajan", FALSE);
  export (v->desk[0], b0, 1, 3);
  {
    g_autoptr(SalurMergeResult) r = merge (v->master, b0);
    g_assert_cmpuint (r->stored, ==, 3);
    g_assert_cmpuint (r->new_conflicts, ==, 2);
  }
  {
    g_autoptr(GPtrArray) one = g_ptr_array_new ();
    g_ptr_array_add (one, p1->receipt);
    g_ptr_array_add (lines, conflict_line ("closed", k1, MONTH (2026, 11), one));
    g_ptr_array_index (one, 0) = p2->receipt;
    g_ptr_array_add (lines, conflict_line ("closed", k2, MONTH (2026, 12), one));
  }
  want = join_sorted (lines);
  got = conflicts_text (v->master);
  g_assert_cmpstr (got, ==, want);
  {
    g_autoptr(GPtrArray) list = salur_sync_conflicts (v->master, &error);
    for (guint i = 0; i < list->len; i++)
      {
        SalurConflict *c = g_ptr_array_index (list, i);
        assert_contains (c->close_note, g_str_equal (c->kpm_id, k1) ? "SK 12/2026" : "SK 13/2026");
        assert_contains (c->close_note, "sri");
      }
  }

  /* the desk learns of the closing from the master's bundle */
  export (v->master, bm, 1, master_events_of (v->master));
  {
    g_autoptr(SalurMergeResult) r = merge (v->desk[0], bm);
    g_autofree char *there = conflicts_text (v->desk[0]);
    g_assert_cmpuint (r->new_conflicts, ==, 2);
    g_assert_cmpstr (there, ==, want);
  }
  /* resolved by voiding the payment made after the closing */
  g_assert_true (salur_ledger_void (v->master, v->sri, p1->receipt, "KPM meninggal; uang ditarik kembali", &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) list = salur_sync_conflicts (v->master, &error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpstr (((SalurConflict *) g_ptr_array_index (list, 0))->kpm_id, ==, k2);
  }
  verify (v->master);
  verify (v->desk[0]);
}

/* The master's list changes after the packages: a KPM added, names
 * corrected (one the field laptop carries, one it does not), a KPM closed.
 * The desk and the field laptop learn them from the master's bundle. */
static void
test_list_change (Village *v, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fpkg = vpath (v, "field.pkg"), *fdb = vpath (v, "field.db"), *bm = vpath (v, "master.bundle");
  g_autofree char *b0 = vpath (v, "desk0.bundle"), *fid = NULL;
  g_autoptr(SalurStore) field = NULL;
  g_autoptr(SalurKpm) added = salur_kpm_new ();
  g_autoptr(SalurPayment) p = NULL;
  SalurKpm *carried = g_ptr_array_index (v->kpm, 1), *other = g_ptr_array_index (v->kpm, 10);
  const char *niks[] = { ((SalurKpm *) g_ptr_array_index (v->kpm, 0))->nik, carried->nik, NULL };

  fid = package (v->master, v->sri, SALUR_DEVICE_FIELD, "Lapangan budi", NULL, niks, "budi", 600000, fpkg);
  field = join (fdb, fpkg);
  g_assert_cmpint (salur_store_count_kpm (field), ==, 2);

  salur_kpm_set (added, &added->nik, "9901014507800901");
  salur_kpm_set (added, &added->name, "SITI AMINAH");
  salur_kpm_set (added, &added->dusun, "Krajan");
  salur_kpm_set (added, &added->rt, "001");
  salur_kpm_set (added, &added->rw, "001");
  salur_kpm_set (added, &added->address, "Dusun Krajan RT 001 RW 001");
  salur_kpm_set (added, &added->payment_method, "Tunai");
  added->from_month = MONTH (2026, 10);
  g_assert_true (salur_ledger_add_kpm (v->master, v->sri, added, "SK 20/2026", &error));
  g_assert_no_error (error);
  g_assert_true (salur_ledger_correct_kpm (v->master, v->sri, carried->id, "name", "NAMA DIBETULKAN", "salah ketik",
                                           "SK 21/2026", &error));
  g_assert_no_error (error);
  g_assert_true (salur_ledger_correct_kpm (v->master, v->sri, other->id, "name", "NAMA LAIN DIBETULKAN",
                                           "salah ketik", "SK 21/2026", &error));
  g_assert_no_error (error);
  g_assert_true (salur_ledger_close_kpm (v->master, v->sri, kpm_id (v, 12), MONTH (2026, 12), SALUR_REASON_MOVED,
                                         "pindah", "SK 22/2026", &error));
  g_assert_no_error (error);
  export (v->master, bm, 1, master_events_of (v->master));

  /* the desk: the new KPM can be paid there */
  g_autoptr(SalurMergeResult) r = merge (v->desk[0], bm);
  g_assert_cmpuint (r->stored, >=, 4);
  {
    g_autoptr(SalurKpm) got = salur_store_get_kpm_by_nik (v->desk[0], "9901014507800901", &error);
    g_autoptr(SalurKpm) renamed = salur_store_get_kpm (v->desk[0], other->id, &error);
    g_assert_no_error (error);
    g_assert_nonnull (got);
    g_assert_cmpstr (got->id, ==, added->id);
    g_assert_cmpstr (renamed->name, ==, "NAMA LAIN DIBETULKAN");
    p = pay (v->desk[0], v->op[0], got->id, MONTH (2026, 11), 1, "Krajan", FALSE);
  }
  /* the field laptop: what it carries is corrected; what it does not carry does not break the merge */
  {
    g_autoptr(SalurMergeResult) f = salur_sync_merge (field, bm, NULL, &error);
    g_autoptr(SalurKpm) renamed = NULL;

    if (error != NULL)
      g_test_message ("the field laptop refused the master's bundle: %s", error->message);
    g_assert_no_error (error);
    g_assert_nonnull (f);
    renamed = salur_store_get_kpm (field, carried->id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (renamed->name, ==, "NAMA DIBETULKAN");
    verify (field);
  }

  /* back at the master */
  export (v->desk[0], b0, 1, 1);
  {
    g_autoptr(SalurMergeResult) m = merge (v->master, b0);
    g_assert_cmpuint (m->stored, ==, 1);
    g_assert_cmpuint (m->new_conflicts, ==, 0);
  }
  for (SalurMonth m = MONTH (2026, 10); m <= MONTH (2026, 12); m++)
    {
      g_autofree char *a = status_text (v->master, m, NULL), *b = status_text (v->desk[0], m, NULL);
      g_assert_cmpstr (b, ==, a);
    }
  g_assert_cmpuint (n_conflicts (v->master), ==, 0);
  verify (v->master);
  verify (v->desk[0]);
}

/* ------------------------------------------------------------------------
 * Refusals, each with nothing stored
 * ------------------------------------------------------------------------ */

static void
test_refuse_village (Village *v, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = vpath (v, "other-master.db"), *other_pkg = vpath (v, "other.pkg");
  g_autofree char *other_db = vpath (v, "other-desk.db"), *other_bundle = vpath (v, "other.bundle");
  g_autofree char *reheaded = vpath (v, "reheaded.bundle");
  g_autofree char *village = salur_sync_village_id (v->master), *other_village = NULL, *other_id = NULL;
  g_autoptr(SalurStore) other = new_demo (other_path, 20, 7);
  g_autoptr(SalurOperator) sri = login (other, "sri", "1111");
  g_autoptr(SalurStore) other_desk = NULL;
  g_autoptr(SalurOperator) joko = NULL;
  g_autoptr(GPtrArray) other_kpm = salur_store_list_kpm (other, NULL, &error);

  other_village = salur_sync_village_id (other);
  g_assert_cmpstr (other_village, !=, village);
  other_id = package (other, sri, SALUR_DEVICE_DESK, "Meja Krajan", "Krajan", NULL, NULL, 0, other_pkg);
  other_desk = join (other_db, other_pkg);
  joko = login (other_desk, "joko", "2222");
  {
    g_autoptr(SalurPayment) p = pay (other_desk, joko, ((SalurKpm *) g_ptr_array_index (other_kpm, 0))->id,
                                     MONTH (2026, 11), 1, "Krajan", FALSE);
  }
  export (other_desk, other_bundle, 1, 1);

  /* the other village's bundle, at the master and at a desk */
  merge_refused (v->master, other_bundle, NULL, SALUR_ERROR_INVALID, "another village");
  merge_refused (v->master, other_bundle, PASSPHRASE, SALUR_ERROR_INVALID, "another village");
  merge_refused (v->desk[0], other_bundle, NULL, SALUR_ERROR_INVALID, "another village");
  /* re-headed as this village's: its device is unknown here */
  rehead (other_bundle, reheaded, "village", other_village, village);
  merge_refused (v->master, reheaded, NULL, SALUR_ERROR_INVALID, "does not know");
  merge_refused (v->desk[1], reheaded, NULL, SALUR_ERROR_INVALID, "does not know");
  /* its package sets up no laptop of this village */
  join_refused (v->db[0], other_pkg, PASSPHRASE, SALUR_ERROR_EXISTS, "belongs to another device");
  /* and the other way round */
  {
    g_autofree char *b0 = vpath (v, "desk0.bundle");
    g_autoptr(SalurPayment) p = pay (v->desk[0], v->op[0], kpm_id (v, 0), MONTH (2026, 11), 1, "Krajan", FALSE);
    export (v->desk[0], b0, 1, 1);
    merge_refused (other, b0, NULL, SALUR_ERROR_INVALID, "another village");
    merge_refused (other_desk, b0, NULL, SALUR_ERROR_INVALID, "another village");
  }
}

static void
test_refuse_passphrase (Village *v, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *new_db = vpath (v, "new-desk.db"), *b0 = vpath (v, "desk0.bundle");
  g_autofree char *backup_path = vpath (v, "master-backup.db"), *pkg = vpath (v, "third.pkg");
  g_autoptr(SalurStore) backup = NULL;
  g_autoptr(SalurPayment) p = NULL;

  /* at join: wrong, too short, none; no store is made */
  join_refused (new_db, v->pkg[0], WRONG_PASSPHRASE, SALUR_ERROR_BAD_PIN, "passphrase is wrong");
  join_refused (new_db, v->pkg[0], "kurang", SALUR_ERROR_USAGE, "passphrase");
  join_refused (new_db, v->pkg[0], NULL, SALUR_ERROR_USAGE, "passphrase");

  /* a second package must use the village's passphrase */
  {
    g_autofree char *before = snapshot (v->master);
    g_autofree char *after = NULL;
    SalurPackageRequest req = { .role = SALUR_DEVICE_DESK, .name = "Meja Ketiga" };
    char *id = NULL;

    g_assert_false (salur_sync_write_package (v->master, v->sri, &req, WRONG_PASSPHRASE, pkg, &id, &error));
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN);
    assert_contains (error->message, "passphrase");
    g_clear_error (&error);
    g_assert_null (id);
    g_assert_false (g_file_test (pkg, G_FILE_TEST_EXISTS));
    after = snapshot (v->master);
    g_assert_cmpstr (after, ==, before);
  }

  /* at merge: the bendahara's laptop restored from a backup made before its
   * first package holds no key; the passphrase is asked */
  g_clear_object (&v->master);
  copy_store_file (template_path, backup_path);
  v->master = open_store (v->master_path);
  backup = open_store (backup_path);
  {
    g_autofree char *backup_village = salur_sync_village_id (backup);
    g_autofree char *village = salur_sync_village_id (v->master);
    g_assert_cmpstr (backup_village, ==, village);
  }
  p = pay (v->desk[0], v->op[0], kpm_id (v, 3), MONTH (2026, 10), 2, "Krajan", FALSE);
  export (v->desk[0], b0, 1, 1);
  merge_refused (backup, b0, NULL, SALUR_ERROR_USAGE, "passphrase");
  merge_refused (backup, b0, WRONG_PASSPHRASE, SALUR_ERROR_BAD_PIN, "passphrase is wrong");
  merge_refused (backup, b0, "kurang", SALUR_ERROR_USAGE, "passphrase");
  {
    g_autoptr(SalurMergeResult) r = salur_sync_merge (backup, b0, PASSPHRASE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (r->stored, ==, 1);
    g_assert_cmpstr (r->device_name, ==, desk_name[0]);
  }
  verify (backup);
}

static void
test_refuse_truncated (Village *v, gconstpointer data)
{
  g_autofree char *b0 = vpath (v, "desk0.bundle"), *cut = vpath (v, "cut.bundle"), *cut_pkg = vpath (v, "cut.pkg");
  g_autofree char *new_db = vpath (v, "new-desk.db");
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GBytes) bytes = NULL, pkg = NULL;
  g_autoptr(GArray) lengths = NULL;
  const guint8 *data_;
  gsize len, tried = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SalurPayment) p = pay (v->desk[0], v->op[0], kpm_id (v, i), MONTH (2026, 11), 1, "Krajan", FALSE);
    }
  export (v->desk[0], b0, 1, 3);
  bytes = read_file (b0);
  data_ = g_bytes_get_data (bytes, &len);

  /* every 7th length, and the file without its last byte */
  lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (gsize n = 0; n < len; n += 7)
    g_array_append_val (lengths, n);
  if (g_array_index (lengths, gsize, lengths->len - 1) != len - 1)
    g_array_append_val (lengths, (gsize) { len - 1 });
  before = snapshot (v->master);
  for (guint i = 0; i < lengths->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SalurMergeResult) r = NULL;
      gsize n = g_array_index (lengths, gsize, i);

      write_file (cut, data_, n);
      r = salur_sync_merge (v->master, cut, NULL, &error);
      if (r != NULL)
        g_test_message ("the first %zu of %zu bytes were merged", n, len);
      g_assert_null (r);
      g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
      assert_contains (error->message, n < 8 ? "not a Salur package or bundle" : "cut short");
      tried++;
    }
  after = snapshot (v->master);
  g_assert_cmpstr (after, ==, before);
  g_test_message ("%zu truncated bundles of %zu bytes refused", tried, len);
  g_assert_cmpuint (tried, >, len / 7);
  /* and a desk refuses them too */
  write_file (cut, data_, len - 1);
  merge_refused (v->desk[1], cut, NULL, SALUR_ERROR_INVALID, "cut short");
  write_file (cut, data_, len / 2);
  merge_refused (v->desk[1], cut, NULL, SALUR_ERROR_INVALID, "cut short");

  /* a truncated package sets up nothing */
  pkg = read_file (v->pkg[1]);
  data_ = g_bytes_get_data (pkg, &len);
  for (gsize n = 8; n < len; n += 61)
    {
      write_file (cut_pkg, data_, n);
      join_refused (new_db, cut_pkg, PASSPHRASE, SALUR_ERROR_INVALID, "cut short");
    }
  write_file (cut_pkg, data_, len - 1);
  join_refused (new_db, cut_pkg, PASSPHRASE, SALUR_ERROR_INVALID, "cut short");

  /* the whole file is fine */
  {
    g_autoptr(SalurMergeResult) r = merge (v->master, b0);
    g_assert_cmpuint (r->stored, ==, 3);
  }
}

static void
test_refuse_altered (Village *v, gconstpointer data)
{
  g_autofree char *b0 = vpath (v, "desk0.bundle"), *bad = vpath (v, "bad.bundle");
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *copy = NULL;
  const guint8 *orig;
  gsize len, header_end, cipher_end;
  guint32 hlen;
  guint n_header = 0, n_cipher = 0, n_sig = 0, n_len = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SalurPayment) p = pay (v->desk[0], v->op[0], kpm_id (v, i), MONTH (2026, 11), 1, "Krajan", FALSE);
    }
  export (v->desk[0], b0, 1, 3);
  bytes = read_file (b0);
  orig = g_bytes_get_data (bytes, &len);
  copy = g_memdup2 (orig, len);
  memcpy (&hlen, orig + 8, 4);
  hlen = GUINT32_FROM_LE (hlen);
  header_end = 12 + hlen;
  cipher_end = len - crypto_sign_BYTES;
  g_assert_cmpuint (header_end + 8, <, cipher_end);

  before = snapshot (v->master);
  for (gsize i = 0; i < len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SalurMergeResult) r = NULL;
      const char *region;

      /* every byte of the magic, lengths, header and signature; every 13th of the ciphertext */
      if (i >= header_end + 8 && i < cipher_end && (i - header_end) % 13 != 0 && i != cipher_end - 1)
        continue;
      region = i < 8 ? "magic" : i < 12 ? "header length" : i < header_end ? "header"
               : i < header_end + 8 ? "ciphertext length" : i < cipher_end ? "ciphertext" : "signature";
      copy[i] ^= 0x01;
      write_file (bad, copy, len);
      copy[i] = orig[i];
      r = salur_sync_merge (v->master, bad, NULL, &error);
      if (r != NULL || error == NULL)
        g_test_message ("byte %zu (%s) flipped: merged", i, region);
      g_assert_null (r);
      g_assert_nonnull (error);
      g_assert_true (error->domain == SALUR_ERROR);
      if (i < 8)
        assert_contains (error->message, "not a Salur package or bundle");
      else if (i < 12 || (i >= header_end && i < header_end + 8))
        {
          /* a length that no longer fits */
          if (strstr (error->message, "cut short") == NULL && strstr (error->message, "altered") == NULL)
            g_test_message ("byte %zu (%s): %s", i, region, error->message);
          g_assert_true (strstr (error->message, "cut short") != NULL || strstr (error->message, "altered") != NULL);
          g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
          n_len++;
        }
      else if (i < header_end)
        {
          if (strstr (error->message, "altered") == NULL && strstr (error->message, "another village") == NULL
              && strstr (error->message, "does not know") == NULL)
            g_test_message ("byte %zu (%s): %s", i, region, error->message);
          g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
          g_assert_true (strstr (error->message, "altered") != NULL || strstr (error->message, "another village") != NULL
                         || strstr (error->message, "does not know") != NULL);
          n_header++;
        }
      else
        {
          g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
          assert_contains (error->message, "signature does not match");
          if (i < cipher_end)
            n_cipher++;
          else
            n_sig++;
        }
    }
  after = snapshot (v->master);
  g_assert_cmpstr (after, ==, before);
  g_test_message ("refused: %u header, %u length, %u ciphertext, %u signature bytes flipped", n_header, n_len, n_cipher,
                  n_sig);
  g_assert_cmpuint (n_sig, ==, crypto_sign_BYTES);
  g_assert_cmpuint (n_header, ==, hlen);

  /* the same at a desk that never met desk 0 directly */
  copy[header_end + 8 + 100] ^= 0x80;
  write_file (bad, copy, len);
  merge_refused (v->desk[1], bad, NULL, SALUR_ERROR_INVALID, "signature does not match");

  /* the intact file is fine */
  {
    g_autoptr(SalurMergeResult) r = merge (v->master, b0);
    g_assert_cmpuint (r->stored, ==, 3);
  }
}

/* Unknown devices: a sender id replaced in the header, a laptop that vouches
 * for itself */
static void
test_refuse_unknown_device (Village *v, gconstpointer data)
{
  g_autofree char *b0 = vpath (v, "desk0.bundle"), *bad = vpath (v, "bad.bundle"), *rogue = vpath (v, "rogue.bundle");
  g_autofree char *unknown = g_strdup (v->id[0]);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SalurPayment) p = pay (v->desk[0], v->op[0], kpm_id (v, i), MONTH (2026, 11), 1, "Krajan", FALSE);
    }
  export (v->desk[0], b0, 1, 2);

  /* an id this village never registered: the unknown-device message */
  unknown[0] = unknown[0] == 'a' ? 'b' : 'a';
  rehead (b0, bad, "device", v->id[0], unknown);
  merge_refused (v->master, bad, NULL, SALUR_ERROR_INVALID, "does not know");
  assert_contains (last_refusal, "nothing was stored");
  merge_refused (v->desk[1], bad, NULL, SALUR_ERROR_INVALID, "does not know");
  /* the id of another laptop of the village: its key does not match the signature */
  rehead (b0, bad, "device", v->id[0], v->id[1]);
  merge_refused (v->master, bad, NULL, SALUR_ERROR_INVALID, "signature does not match");
  merge_refused (v->desk[1], bad, NULL, SALUR_ERROR_INVALID, "signature does not match");
  /* a laptop never packaged, that knows the village's id and vouches for itself */
  forge_bundle (v->db[0], rogue, &(Forge) { .lo = 1, .hi = 2, .rogue = TRUE });
  merge_refused (v->master, rogue, NULL, SALUR_ERROR_INVALID, "does not know");
  merge_refused (v->desk[1], rogue, NULL, SALUR_ERROR_INVALID, "does not know");
  /* the desk's own bundle is fine */
  {
    g_autoptr(SalurMergeResult) r = merge (v->desk[1], b0);
    g_assert_cmpuint (r->stored, ==, 2);
  }
}

/* A package where a bundle belongs and the other way round; not a Salur file */
static void
test_refuse_kind (Village *v, gconstpointer data)
{
  g_autofree char *b0 = vpath (v, "desk0.bundle"), *new_db = vpath (v, "new-desk.db");
  g_autofree char *junk = vpath (v, "junk.bundle"), *missing = vpath (v, "missing.bundle");

  export (v->desk[0], b0, 0, 0);
  merge_refused (v->master, v->pkg[1], NULL, SALUR_ERROR_INVALID, "salur join");
  merge_refused (v->desk[0], v->pkg[1], NULL, SALUR_ERROR_INVALID, "salur join");
  join_refused (new_db, b0, PASSPHRASE, SALUR_ERROR_INVALID, "salur merge");
  merge_refused (v->master, v->master_path, NULL, SALUR_ERROR_INVALID, "not a Salur package or bundle");
  write_file (junk, "", 0);
  merge_refused (v->master, junk, NULL, SALUR_ERROR_INVALID, "not a Salur package or bundle");
  merge_refused (v->master, missing, NULL, SALUR_ERROR_NOT_FOUND, "missing.bundle");
  join_refused (new_db, missing, PASSPHRASE, SALUR_ERROR_NOT_FOUND, "missing.bundle");
  /* an empty bundle (a desk that paid nobody) is no refusal */
  {
    g_autoptr(SalurMergeResult) r = merge (v->master, b0);
    g_assert_cmpuint (r->stored, ==, 0);
    g_assert_cmpuint (r->new_conflicts, ==, 0);
  }
}

/* Gaps and events that do not follow, in bundles written by hand and signed
 * with the desk's own key */
static void
test_refuse_gap (Village *v, gconstpointer data)
{
  g_autofree char *early = vpath (v, "early.bundle"), *forged = vpath (v, "forged.bundle");

  /* two payments, exported and merged; three more */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(SalurPayment) p = pay (v->desk[0], v->op[0], kpm_id (v, i), MONTH (2026, 11), 1, "Krajan", FALSE);
      if (i == 1)
        export (v->desk[0], early, 1, 2);
    }
  {
    g_autoptr(SalurMergeResult) r = merge (v->master, early);
    g_assert_cmpuint (r->stored, ==, 2);
  }

  /* the forger writes what export writes: the same bundle merges */
  forge_bundle (v->db[0], forged, &(Forge) { .lo = 1, .hi = 2 });
  {
    g_autoptr(SalurMergeResult) r = merge (v->master, forged);
    g_assert_cmpuint (r->stored, ==, 0);
  }

  /* events 3-4 missing */
  forge_bundle (v->db[0], forged, &(Forge) { .lo = 5, .hi = 5 });
  merge_refused (v->master, forged, NULL, SALUR_ERROR_INVALID, "lacks events 3–4");
  assert_contains (last_refusal, desk_name[0]);
  assert_contains (last_refusal, "export again from");
  /* at a desk that has none of desk 0's events: 1-2 missing */
  forge_bundle (v->db[0], forged, &(Forge) { .lo = 3, .hi = 5 });
  merge_refused (v->desk[1], forged, NULL, SALUR_ERROR_INVALID, "lacks events 1–2");

  /* a hole inside the bundle; an event of another device in it */
  forge_bundle (v->db[0], forged, &(Forge) { .lo = 1, .hi = 5, .drop_seq = 4 });
  merge_refused (v->master, forged, NULL, SALUR_ERROR_TAMPERED, "one after the other");
  forge_bundle (v->db[0], forged, &(Forge) { .lo = 3, .hi = 5, .add_foreign = TRUE });
  merge_refused (v->master, forged, NULL, SALUR_ERROR_TAMPERED, "one after the other");

  /* an event changed under a valid signature: nothing of the bundle is kept
   * (events 3 would be stored before 4 is found) */
  forge_bundle (v->db[0], forged, &(Forge) { .lo = 3, .hi = 5, .alter_seq = 4 });
  merge_refused (v->master, forged, NULL, SALUR_ERROR_TAMPERED, "Event 4");
  /* an event given a new time and its own new hash: the next no longer follows */
  forge_bundle (v->db[0], forged, &(Forge) { .lo = 3, .hi = 5, .retime_seq = 3, .retime_at = "2026-11-24T08:00:00.000Z" });
  merge_refused (v->master, forged, NULL, SALUR_ERROR_TAMPERED, "does not follow");
  /* a different event 2 than the one the master holds: a fork */
  forge_bundle (v->db[0], forged, &(Forge) { .lo = 2, .hi = 2, .retime_seq = 2, .retime_at = "2026-11-24T08:00:00.000Z" });
  merge_refused (v->master, forged, NULL, SALUR_ERROR_TAMPERED, "does not follow");

  /* since the last acknowledged export: events 3-5 alone merge after 1-2 */
  forge_bundle (v->db[0], forged, &(Forge) { .lo = 3, .hi = 5 });
  {
    g_autoptr(SalurMergeResult) r = merge (v->master, forged);
    g_assert_cmpuint (r->stored, ==, 3);
    g_assert_cmpint (r->first_seq, ==, 3);
    g_assert_cmpint (r->last_seq, ==, 5);
  }
  g_assert_cmpint (events_of (v->master, v->id[0]), ==, 5);
  verify (v->master);
}

/* ------------------------------------------------------------------------
 * A full disk while exporting
 * ------------------------------------------------------------------------ */

static guint
leftovers (const char *dir, const char *base)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strdup_printf (".%s.", base);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix) || g_str_has_suffix (name, ".tmp"))
      {
        g_test_message ("left behind: %s", name);
        n++;
      }
  return n;
}

static void
test_export_full (Village *v, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = vpath (v, "reference.bundle"), *usb = NULL, *target = NULL;
  g_autofree char *before = NULL, *after = NULL;
  char message[1024] = "";
  gsize size;
  int fds[2], status = 0;
  pid_t pid;

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(SalurPayment) p = pay (v->desk[0], v->op[0], kpm_id (v, i), MONTH (2026, 11), 1, "Krajan", FALSE);
    }
  export (v->desk[0], ref, 1, 20);
  {
    g_autoptr(GBytes) b = read_file (ref);
    size = g_bytes_get_size (b);
  }
  usb = vpath (v, "usb");
  g_assert_cmpint (g_mkdir (usb, 0700), ==, 0);
  target = g_build_filename (usb, "desk0.bundle", NULL);
  before = snapshot (v->desk[0]);

  /* the child exports with room for half the file; no connection crosses the fork */
  g_clear_object (&v->desk[0]);
  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GError *e = NULL;
      SalurStore *store;
      struct rlimit rl = { size / 2, size / 2 };
      gboolean ok;

      close (fds[0]);
      store = salur_store_open (v->db[0], &e);
      if (store == NULL)
        {
          dprintf (fds[1], "open: %s", e->message);
          _exit (3);
        }
      signal (SIGXFSZ, SIG_IGN);
      if (setrlimit (RLIMIT_FSIZE, &rl) != 0)
        {
          dprintf (fds[1], "setrlimit: %s", g_strerror (errno));
          _exit (3);
        }
      ok = salur_sync_export (store, target, NULL, NULL, &e);
      if (!ok)
        dprintf (fds[1], "%d %s", e->code, e->message);
      close (fds[1]);
      _exit (ok ? 0 : 1);
    }
  close (fds[1]);
  {
    gsize got = 0;
    ssize_t n;
    while ((n = read (fds[0], message + got, sizeof message - 1 - got)) > 0)
      got += n;
    message[got] = '\0';
  }
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_test_message ("export with %zu of %zu bytes of room: %s", size / 2, size, message);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  assert_contains (message, "full");
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (leftovers (usb, "desk0.bundle"), ==, 0);

  /* the store is as it was, and a normal export works */
  v->desk[0] = open_store (v->db[0]);
  after = snapshot (v->desk[0]);
  g_assert_cmpstr (after, ==, before);
  export (v->desk[0], target, 1, 20);
  g_assert_cmpuint (leftovers (usb, "desk0.bundle"), ==, 0);
  {
    g_autoptr(SalurMergeResult) r = merge (v->master, target);
    g_assert_cmpuint (r->stored, ==, 20);
  }

  /* a folder that is not there: refused, nothing left */
  {
    g_autofree char *nowhere = vpath (v, "no-such-stick/desk0.bundle");
    g_assert_false (salur_sync_export (v->desk[0], nowhere, NULL, NULL, &error));
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_FAILED);
    assert_contains (error->message, "Cannot write");
    g_clear_error (&error);
  }
  g_assert_cmpuint (leftovers (v->dir, "desk0.bundle"), ==, 0);
}

/* ------------------------------------------------------------------------
 * Joining again, joining the wrong store
 * ------------------------------------------------------------------------ */

/* A laptop whose window was opened before it was set up: its data file
 * holds an identity of its own and nothing else. A package sets it up in
 * place, while the window's connection stays open on it; every refusal
 * leaves it as it was, the master's store is never a desk's, and no scratch
 * file stays beside it. */
static void
test_join_blank (Village *v, gconstpointer data)
{
  g_autofree char *blank_path = vpath (v, "opened-first.db"), *b0 = vpath (v, "desk0.bundle");
  g_autofree char *cut = vpath (v, "cut.pkg"), *master_before = snapshot (v->master);
  g_autofree char *master_after = NULL, *blank_id = NULL, *village = salur_sync_village_id (v->master);
  g_autoptr(SalurStore) window = NULL, desk = NULL;
  g_autoptr(GBytes) pkg = read_file (v->pkg[0]);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(SalurVillage) seen = NULL;
  const char *name;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (pkg, &len);

  window = open_store (blank_path);
  blank_id = g_strdup (_salur_store_device_id (window));
  export (v->desk[0], b0, 0, 0);
  write_file (cut, bytes, len / 2);

  join_refused (blank_path, v->pkg[0], WRONG_PASSPHRASE, SALUR_ERROR_BAD_PIN, "passphrase is wrong");
  join_refused (blank_path, b0, PASSPHRASE, SALUR_ERROR_INVALID, "salur merge");
  join_refused (blank_path, cut, PASSPHRASE, SALUR_ERROR_INVALID, "cut short");
  join_refused (blank_path, v->master_path, PASSPHRASE, SALUR_ERROR_INVALID, "not a Salur package");
  {
    g_autoptr(SalurStore) again = open_store (blank_path);
    g_assert_cmpstr (_salur_store_device_id (again), ==, blank_id);
  }
  /* the bendahara's laptop is no desk */
  g_clear_object (&v->master);
  join_refused (v->master_path, v->pkg[1], PASSPHRASE, SALUR_ERROR_EXISTS, "belongs to another device");
  v->master = open_store (v->master_path);
  master_after = snapshot (v->master);
  g_assert_cmpstr (master_after, ==, master_before);

  desk = salur_sync_join (blank_path, v->pkg[0], PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_salur_store_device_id (desk), ==, v->id[0]);
  {
    g_autofree char *desk_village = salur_sync_village_id (desk);
    g_assert_cmpstr (desk_village, ==, village);
  }
  verify (desk);
  /* the window's connection reads the village from the same file */
  seen = salur_store_get_village (window, &error);
  g_assert_no_error (error);
  g_assert_nonnull (seen);
  g_assert_cmpint (salur_store_count_kpm (window), ==, salur_store_count_kpm (v->desk[0]));

  /* set up now: a package of the other desk is refused */
  g_clear_object (&window);
  g_clear_object (&desk);
  join_refused (blank_path, v->pkg[1], PASSPHRASE, SALUR_ERROR_EXISTS, "belongs to another device");

  dir = g_dir_open (v->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, ".join-"));
}

static void
test_join_refresh (Village *v, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL, *b0 = vpath (v, "desk0.bundle");
  g_autoptr(SalurStore) again = NULL;
  g_autoptr(SalurPayment) p = pay (v->desk[0], v->op[0], kpm_id (v, 1), MONTH (2026, 11), 2, "Krajan", FALSE);

  /* the same package again refreshes the laptop and loses nothing */
  before = snapshot (v->desk[0]);
  g_clear_object (&v->desk[0]);
  again = join (v->db[0], v->pkg[0]);
  after = snapshot (again);
  g_assert_cmpstr (after, ==, before);
  {
    g_autoptr(SalurPayment) still = salur_ledger_get_payment (again, p->receipt, &error);
    g_assert_no_error (error);
    g_assert_false (still->voided);
  }
  export (again, b0, 1, 1);
  verify (again);
  v->desk[0] = g_steal_pointer (&again);

  /* another laptop's package, into this laptop's store or the master's */
  join_refused (v->db[0], v->pkg[1], PASSPHRASE, SALUR_ERROR_EXISTS, "belongs to another device");
  join_refused (v->db[1], v->pkg[0], PASSPHRASE, SALUR_ERROR_EXISTS, "belongs to another device");
  join_refused (v->master_path, v->pkg[0], PASSPHRASE, SALUR_ERROR_EXISTS, "belongs to another device");

  /* a store that belongs to no village cannot export or merge */
  {
    g_autofree char *empty_path = vpath (v, "empty.db"), *out = vpath (v, "empty.bundle");
    g_autoptr(SalurStore) empty = open_store (empty_path);
    g_autoptr(SalurMergeResult) r = NULL;

    g_assert_false (salur_sync_export (empty, out, NULL, NULL, &error));
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NO_VILLAGE);
    g_clear_error (&error);
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    r = salur_sync_merge (empty, b0, PASSPHRASE, &error);
    g_assert_null (r);
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NO_VILLAGE);
  }
}

/* A desk packaged after the master merged another desk's bundle starts with
 * those payments, and later takes only what is new from that desk */
static void
test_join_late (Village *v, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *b0 = vpath (v, "desk0.bundle"), *pkg = vpath (v, "late.pkg"), *db = vpath (v, "late.db");
  g_autofree char *id = NULL;
  g_autoptr(SalurStore) late = NULL;
  g_autoptr(SalurOperator) wati = NULL;
  g_autoptr(SalurPayment) early = pay (v->desk[0], v->op[0], kpm_id (v, 20), MONTH (2026, 10), 2, "Krajan", FALSE);

  export (v->desk[0], b0, 1, 1);
  {
    g_autoptr(SalurMergeResult) r = merge (v->master, b0);
    g_assert_cmpuint (r->stored, ==, 1);
  }
  id = package (v->master, v->sri, SALUR_DEVICE_DESK, "Meja Sidomulyo", "Sidomulyo", NULL, NULL, 0, pkg);
  late = join (db, pkg);
  wati = login (late, "wati", "3333");
  g_assert_cmpint (events_of (late, v->id[0]), ==, 1);
  /* what desk 0 paid is paid here too */
  {
    g_autoptr(GArray) months = month_range (MONTH (2026, 11), 1);
    SalurPaymentRequest req = { .kpm_id = kpm_id (v, 20), .months = months, .desk = "Sidomulyo",
                                .proof = SALUR_PROOF_THUMBPRINT };
    g_autofree char *before = snapshot (late), *after = NULL;
    g_autoptr(SalurPayment) twice = salur_ledger_pay (late, wati, &req, &error);

    after = snapshot (late);
    g_assert_null (twice);
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_ALREADY_PAID);
    assert_contains (error->message, early->receipt);
    g_assert_cmpstr (after, ==, before);
    g_clear_error (&error);
  }
  /* desk 0 goes on; the late desk stores only the new events */
  for (guint i = 21; i < 24; i++)
    {
      g_autoptr(SalurPayment) p = pay (v->desk[0], v->op[0], kpm_id (v, i), MONTH (2026, 11), 1, "Krajan", FALSE);
    }
  export (v->desk[0], b0, 1, 4);
  {
    g_autoptr(SalurMergeResult) r = merge (late, b0);
    g_assert_cmpuint (r->stored, ==, 3);
    g_assert_cmpuint (r->new_conflicts, ==, 0);
  }
  {
    g_autoptr(SalurMergeResult) r = merge (v->master, b0);
    g_autofree char *a = status_text (v->master, MONTH (2026, 11), NULL), *b = status_text (late, MONTH (2026, 11), NULL);
    g_assert_cmpuint (r->stored, ==, 3);
    g_assert_cmpstr (b, ==, a);
  }
  verify (late);
}

/* ------------------------------------------------------------------------
 * Order: two laptops whose clocks say the same millisecond
 * ------------------------------------------------------------------------ */

static void
test_order_same_time (Village *v, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *b0 = vpath (v, "desk0.bundle"), *b1 = vpath (v, "desk1.bundle");
  g_autofree char *copy_path = vpath (v, "master-copy.db");
  g_autoptr(SalurStore) copy = NULL;
  g_autoptr(SalurPayment) p0 = NULL, p1 = NULL;
  g_autoptr(SalurMergeResult) a = NULL, b = NULL, c = NULL, d = NULL;
  g_autofree char *s_master = NULL, *s_copy = NULL;
  const char *k = kpm_id (v, 11);

  g_clear_object (&v->master);
  copy_store_file (v->master_path, copy_path);
  v->master = open_store (v->master_path);
  copy = open_store (copy_path);

  p0 = pay (v->desk[0], v->op[0], k, MONTH (2026, 11), 1, "Krajan", FALSE);
  p1 = pay (v->desk[1], v->op[1], k, MONTH (2026, 11), 1, "Ngasem", FALSE);
  export (v->desk[0], b0, 1, 1);
  /* desk 1's payment, as if its clock had said the same millisecond */
  forge_bundle (v->db[1], b1, &(Forge) { .lo = 1, .hi = 1, .retime_seq = 1, .retime_at = p0->at });

  a = merge (v->master, b0);
  b = merge (v->master, b1);
  c = merge (copy, b1);
  d = merge (copy, b0);
  g_assert_cmpuint (b->new_conflicts + d->new_conflicts, ==, 2);

  /* the paid month shows the same receipt, and the conflict lists its sides
   * in the same order, whichever bundle came first */
  {
    g_autoptr(GPtrArray) rows = salur_ledger_status (v->master, MONTH (2026, 11), NULL, &error);
    g_autoptr(GPtrArray) rows2 = salur_ledger_status (copy, MONTH (2026, 11), NULL, &error);
    g_autoptr(GPtrArray) lm = salur_sync_conflicts (v->master, &error);
    g_autoptr(GPtrArray) lc = salur_sync_conflicts (copy, &error);
    const SalurStatusRow *in_master = status_of (rows, k), *in_copy = status_of (rows2, k);
    GPtrArray *sides_master, *sides_copy;
    gboolean same_status, same_sides;

    g_assert_cmpuint (in_master->n_payments, ==, 2);
    g_assert_cmpuint (in_copy->n_payments, ==, 2);
    g_assert_cmpuint (lm->len, ==, 1);
    g_assert_cmpuint (lc->len, ==, 1);
    sides_master = ((SalurConflict *) g_ptr_array_index (lm, 0))->payments;
    sides_copy = ((SalurConflict *) g_ptr_array_index (lc, 0))->payments;
    g_assert_cmpuint (sides_master->len, ==, 2);
    g_assert_cmpuint (sides_copy->len, ==, 2);
    same_status = g_strcmp0 (in_copy->receipt, in_master->receipt) == 0;
    same_sides = g_str_equal (((SalurPayment *) sides_master->pdata[0])->receipt,
                              ((SalurPayment *) sides_copy->pdata[0])->receipt);
    g_test_message ("both paid at %s; desk 0's bundle merged first: status shows %s, sides %s then %s; "
                    "desk 1's first: status shows %s, sides %s then %s", p0->at, in_master->receipt,
                    ((SalurPayment *) sides_master->pdata[0])->receipt, ((SalurPayment *) sides_master->pdata[1])->receipt,
                    in_copy->receipt, ((SalurPayment *) sides_copy->pdata[0])->receipt,
                    ((SalurPayment *) sides_copy->pdata[1])->receipt);
    g_assert_true (same_status);
    g_assert_true (same_sides);
  }
  s_master = status_text (v->master, MONTH (2026, 11), NULL);
  s_copy = status_text (copy, MONTH (2026, 11), NULL);
  g_assert_cmpstr (s_copy, ==, s_master);
  verify (v->master);
  verify (copy);
}

int
main (int argc, char **argv)
{
  static const guint32 seeds[] = { 1, 2, 3, 5, 8, 13, 21, 34 };
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      g_autofree char *name = g_strdup_printf ("/sync/property/%u", seeds[i]);
      g_test_add_data_func (name, GUINT_TO_POINTER (seeds[i]), test_property);
    }
#define VILLAGE_TEST(path, fn) g_test_add (path, Village, NULL, village_set_up, fn, village_tear_down)
  VILLAGE_TEST ("/sync/resolve", test_resolve);
  VILLAGE_TEST ("/sync/closed", test_closed);
  VILLAGE_TEST ("/sync/list-change", test_list_change);
  VILLAGE_TEST ("/sync/refuse/village", test_refuse_village);
  VILLAGE_TEST ("/sync/refuse/passphrase", test_refuse_passphrase);
  VILLAGE_TEST ("/sync/refuse/truncated", test_refuse_truncated);
  VILLAGE_TEST ("/sync/refuse/altered", test_refuse_altered);
  VILLAGE_TEST ("/sync/refuse/unknown-device", test_refuse_unknown_device);
  VILLAGE_TEST ("/sync/refuse/kind", test_refuse_kind);
  VILLAGE_TEST ("/sync/refuse/gap", test_refuse_gap);
  VILLAGE_TEST ("/sync/export/full", test_export_full);
  VILLAGE_TEST ("/sync/join/refresh", test_join_refresh);
  VILLAGE_TEST ("/sync/join/late", test_join_late);
  VILLAGE_TEST ("/sync/join/blank", test_join_blank);
  VILLAGE_TEST ("/sync/order/same-time", test_order_same_time);

  rc = g_test_run ();
  g_free (last_refusal);
  if (template_dir != NULL)
    remove_tree (template_dir);
  g_free (template_dir);
  g_free (template_path);
  return rc;
}
