/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-bundle-payload"
#include "config.h"

#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "fuzz-common.h"
#include "salur-event.h"
#include "salur-store-private.h"
#include "salur-sync.h"

/* What lies behind a bundle's envelope. The committed desk laptop seals the
 * input, with its own key and the village's, exactly as salur_sync_export
 * does, and the master merges it: the fuzzer plays a desk laptop that was
 * stolen with its keys, the one sender the envelope cannot stop.
 *
 * The first byte chooses what the rest is:
 *   'S'  the payload itself, a serialised SQLite database (the corpus holds
 *        the real payload of the desk's bundle);
 *   'E'  events as text, which the harness numbers from 1, chains and hashes
 *        as the desk would, so that their bodies reach the projection.
 *        Events are separated by a line "%%"; each is four lines (kind,
 *        KPM id, time, operator) and then its body. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static struct {
  char   *device_id;
  char   *village;
  guint8  sk[crypto_sign_SECRETKEYBYTES];
  guint8  salt[crypto_pwhash_SALTBYTES];
  guint8  key[crypto_secretbox_KEYBYTES];
} desk;

static void
read_blob (SalurStore *store, const char *sql, guint8 *out, gsize len)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store, sql, NULL);

  g_assert (stmt != NULL);
  g_assert (sqlite3_step (stmt) == SQLITE_ROW);
  g_assert ((gsize) sqlite3_column_bytes (stmt, 0) == len);
  memcpy (out, sqlite3_column_blob (stmt, 0), len);
  sqlite3_reset (stmt);
}

static void
desk_keys (void)
{
  SalurStore *store;

  if (desk.device_id != NULL)
    return;
  store = fuzz_store ("desk.db");
  desk.device_id = g_strdup (_salur_store_device_id (store));
  desk.village = salur_sync_village_id (store);
  g_assert (desk.village != NULL);
  read_blob (store, "SELECT secret_key FROM device_key WHERE id = 1", desk.sk, sizeof desk.sk);
  read_blob (store, "SELECT salt FROM sync_secret WHERE id = 1", desk.salt, sizeof desk.salt);
  read_blob (store, "SELECT key FROM sync_secret WHERE id = 1", desk.key, sizeof desk.key);
}

static char *
hex (const guint8 *data, gsize len)
{
  char *out = g_malloc (len * 2 + 1);

  sodium_bin2hex (out, len * 2 + 1, data, len);
  return out;
}

/* The file salur_sync_export writes, around PLAIN */
static GBytes *
seal (const guint8 *plain, gsize plain_len, gint64 first, gint64 last)
{
  g_autoptr(GString) header = g_string_new (NULL);
  g_autofree char *salt_hex = hex (desk.salt, sizeof desk.salt), *nonce_hex = NULL;
  g_autofree char *first_s = g_strdup_printf ("%" G_GINT64_FORMAT, first);
  g_autofree char *last_s = g_strdup_printf ("%" G_GINT64_FORMAT, last);
  g_autofree guint8 *cipher = NULL;
  guint8 nonce[crypto_secretbox_NONCEBYTES], sig[crypto_sign_BYTES];
  GByteArray *out = g_byte_array_new ();
  gsize cipher_len = plain_len + crypto_secretbox_MACBYTES;
  guint32 hlen;
  guint64 clen = GUINT64_TO_LE (cipher_len);

  /* a fixed nonce: the same input makes the same file */
  memset (nonce, 7, sizeof nonce);
  nonce_hex = hex (nonce, sizeof nonce);
  salur_body_add (header, "format", "1");
  salur_body_add (header, "kind", "bundle");
  salur_body_add (header, "village", desk.village);
  salur_body_add (header, "device", desk.device_id);
  salur_body_add (header, "first_seq", first_s);
  salur_body_add (header, "last_seq", last_s);
  salur_body_add (header, "salt", salt_hex);
  salur_body_add (header, "nonce", nonce_hex);
  hlen = GUINT32_TO_LE ((guint32) header->len);

  cipher = g_malloc (cipher_len);
  crypto_secretbox_easy (cipher, plain, plain_len, nonce, desk.key);
  g_byte_array_append (out, (const guint8 *) "SALURBD1", 8);
  g_byte_array_append (out, (const guint8 *) &hlen, 4);
  g_byte_array_append (out, (const guint8 *) header->str, header->len);
  g_byte_array_append (out, (const guint8 *) &clen, 8);
  g_byte_array_append (out, cipher, cipher_len);
  crypto_sign_detached (sig, NULL, out->data, out->len, desk.sk);
  g_byte_array_append (out, sig, sizeof sig);
  return g_byte_array_free_to_bytes (out);
}

/* 'E': the events of TEXT as the payload of a bundle, built on a scratch
 * connection */
static GBytes *
events_payload (const char *text, gint64 *last)
{
  g_auto(GStrv) records = g_strsplit (text, "\n%%\n", 64);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint8 prev[SALUR_HASH_LEN] = { 0 };
  sqlite3_int64 size = 0;
  unsigned char *bytes;
  gint64 seq = 0;

  g_assert (sqlite3_open (":memory:", &db) == SQLITE_OK);
  g_assert (sqlite3_exec (db,
                          "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                          "CREATE TABLE event (device_id TEXT NOT NULL, seq INTEGER NOT NULL CHECK (seq >= 1),"
                          " kind TEXT NOT NULL, at TEXT NOT NULL, operator TEXT NOT NULL,"
                          " kpm_id TEXT NOT NULL DEFAULT '', body TEXT NOT NULL, prev_hash BLOB NOT NULL,"
                          " hash BLOB NOT NULL, PRIMARY KEY (device_id, seq));",
                          NULL, NULL, NULL) == SQLITE_OK);
  g_assert (sqlite3_prepare_v2 (db, "INSERT INTO event VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL)
            == SQLITE_OK);
  for (guint i = 0; records[i] != NULL; i++)
    {
      g_auto(GStrv) lines = g_strsplit (records[i], "\n", 5);
      SalurEvent e = { 0 };

      if (g_strv_length (lines) < 4)
        continue;
      e.device_id = desk.device_id;
      e.seq = ++seq;
      e.kind = lines[0];
      e.kpm_id = lines[1];
      e.at = lines[2];
      e.operator_name = lines[3];
      e.body = lines[4] != NULL ? lines[4] : (char *) "";
      memcpy (e.prev_hash, prev, SALUR_HASH_LEN);
      salur_event_compute_hash (&e, e.hash);
      memcpy (prev, e.hash, SALUR_HASH_LEN);
      sqlite3_bind_text (stmt, 1, e.device_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, e.seq);
      sqlite3_bind_text (stmt, 3, e.kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, e.at, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, e.operator_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, e.kpm_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, e.body, -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 8, e.prev_hash, SALUR_HASH_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 9, e.hash, SALUR_HASH_LEN, SQLITE_STATIC);
      g_assert (sqlite3_step (stmt) == SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  bytes = sqlite3_serialize (db, "main", &size, 0);
  sqlite3_close (db);
  g_assert (bytes != NULL);
  *last = seq;
  return g_bytes_new_with_free_func (bytes, size, sqlite3_free, bytes);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) plain = NULL, file = NULL;
  g_autoptr(SalurMergeResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 last = 1;

  fuzz_init ();
  if (size < 1 || (data[0] != 'S' && data[0] != 'E'))
    return -1;   /* not kept in the corpus */
  desk_keys ();
  if (data[0] == 'S')
    plain = g_bytes_new (data + 1, size - 1);
  else
    {
      g_autofree char *text = fuzz_strndup (data + 1, size - 1);
      plain = events_payload (text, &last);
    }
  file = seal (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), 1, last);
  path = fuzz_write_file ("desk.bundle", g_bytes_get_data (file, NULL), g_bytes_get_size (file));
  result = salur_sync_merge (fuzz_store ("master.db"), path, NULL, &error);
  g_assert ((result == NULL) == (error != NULL));
  fuzz_report ("merge", error);
  if (result != NULL)
    fuzz_store_reset ("master.db");
  return 0;
}
