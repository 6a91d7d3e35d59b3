/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-sync"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "salur-error.h"
#include "salur-event.h"
#include "salur-store-private.h"
#include "salur-sync.h"

#define MAGIC_PACKAGE  "SALURPK1"
#define MAGIC_BUNDLE   "SALURBD1"
#define MAGIC_LEN      8
#define MAX_HEADER     (64 * 1024)
#define MAX_PAYLOAD    ((guint64) 1 << 31)

static const char *const role_names[] = { "master", "desk", "field" };

/* helpers */

static gboolean
exec (SalurStore *store, const char *sql, GError **error)
{
  if (sqlite3_exec (_salur_store_get_db (store), sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      _salur_store_set_error (store, error, _("Cannot exchange data with the file"));
      return FALSE;
    }
  return TRUE;
}

static char *
hex (const guint8 *data, gsize len)
{
  char *out = g_malloc (len * 2 + 1);

  sodium_bin2hex (out, len * 2 + 1, data, len);
  return out;
}

static gboolean
unhex (const char *text, guint8 *out, gsize len)
{
  size_t got = 0;

  return text != NULL && strlen (text) == len * 2
         && sodium_hex2bin (out, len, text, len * 2, NULL, &got, NULL) == 0 && got == len;
}

/* The two blobs of the one row SQL gives, when both have their sizes */
static gboolean
read_blob_pair (SalurStore *store, const char *sql, guint8 *a, gsize a_len, guint8 *b, gsize b_len)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store, sql, NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW && (gsize) sqlite3_column_bytes (stmt, 0) == a_len
      && (gsize) sqlite3_column_bytes (stmt, 1) == b_len)
    {
      memcpy (a, sqlite3_column_blob (stmt, 0), a_len);
      memcpy (b, sqlite3_column_blob (stmt, 1), b_len);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

/* This device's key pair, made the first time it is needed */
static gboolean
device_keys (SalurStore *store, guint8 pk[crypto_sign_PUBLICKEYBYTES], guint8 sk[crypto_sign_SECRETKEYBYTES],
             GError **error)
{
  sqlite3_stmt *stmt;

  if (read_blob_pair (store, "SELECT public_key, secret_key FROM device_key WHERE id = 1",
                      pk, crypto_sign_PUBLICKEYBYTES, sk, crypto_sign_SECRETKEYBYTES))
    return TRUE;

  crypto_sign_keypair (pk, sk);
  stmt = _salur_store_prepare (store, "INSERT INTO device_key (id, public_key, secret_key) VALUES (1, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, pk, crypto_sign_PUBLICKEYBYTES, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, sk, crypto_sign_SECRETKEYBYTES, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      _salur_store_set_error (store, error, _("Cannot store the device's key"));
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
store_secret (SalurStore *store, const guint8 *salt, const guint8 *key, GError **error)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store, "INSERT INTO sync_secret (id, salt, key) VALUES (1, ?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, salt, crypto_pwhash_SALTBYTES, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, key, crypto_secretbox_KEYBYTES, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (store, error, _("Cannot store the village's key"));
      return FALSE;
    }
  return TRUE;
}

/* The village's key and salt, if this store has them */
static gboolean
load_secret (SalurStore *store, guint8 salt[crypto_pwhash_SALTBYTES], guint8 key[crypto_secretbox_KEYBYTES])
{
  return read_blob_pair (store, "SELECT salt, key FROM sync_secret WHERE id = 1",
                         salt, crypto_pwhash_SALTBYTES, key, crypto_secretbox_KEYBYTES);
}

static gboolean
derive_key (const char *passphrase, const guint8 *salt, guint8 key[crypto_secretbox_KEYBYTES], GError **error)
{
  if (passphrase == NULL || strlen (passphrase) < 8)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE,
                   _("The passphrase is missing or shorter than 8 characters."));
      return FALSE;
    }
  if (crypto_pwhash (key, crypto_secretbox_KEYBYTES, passphrase, strlen (passphrase), salt,
                     crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED, _("Not enough memory to derive the key."));
      return FALSE;
    }
  return TRUE;
}

/* Writes DATA to PATH through a temporary name, synced, then renamed: a full
 * disk or a pulled stick never leaves a file that looks valid */
static gboolean
write_atomically (const char *path, GBytes *data, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.%u.tmp", dir, base, (guint) getpid ());
  gsize len;
  const guint8 *p = g_bytes_get_data (data, &len);
  int fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int saved = 0;

  if (fd < 0)
    {
      saved = errno;
      goto fail;
    }
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved = n < 0 ? errno : ENOSPC;
          goto fail;
        }
      p += n;
      len -= n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      saved = errno;
      fd = -1;
      goto fail;
    }
  fd = -1;
  if (g_rename (tmp, path) != 0)
    {
      saved = errno;
      goto fail;
    }
  {
    /* the rename itself reaches the disk */
    int dfd = g_open (dir, O_RDONLY | O_CLOEXEC, 0);
    if (dfd >= 0)
      {
        fsync (dfd);
        close (dfd);
      }
  }
  return TRUE;

fail:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  if (saved == ENOSPC || saved == EFBIG || saved == EDQUOT)
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED,
                 _("The disk or USB stick is full: %s was not written. Free some space and try again."), path);
  else
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED, _("Cannot write %s: %s"), path, g_strerror (saved));
  return FALSE;
}

/* the file format */

typedef struct {
  char        magic[MAGIC_LEN + 1];
  GHashTable *header;
  GBytes     *signed_part;      /* everything before the signature */
  const guint8 *ciphertext;
  gsize       ciphertext_len;
  guint8      signature[crypto_sign_BYTES];
  GBytes     *file;
} Envelope;

static void
envelope_clear (Envelope *env)
{
  g_clear_pointer (&env->header, g_hash_table_unref);
  g_clear_pointer (&env->signed_part, g_bytes_unref);
  g_clear_pointer (&env->file, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Envelope, envelope_clear)

static GBytes *
seal (const char *magic, const char *header, GBytes *plain, const guint8 *key, const guint8 *nonce_in,
      const guint8 *sk)
{
  GByteArray *out = g_byte_array_new ();
  gsize plain_len = g_bytes_get_size (plain);
  gsize cipher_len = plain_len + crypto_secretbox_MACBYTES;
  guint32 hlen = GUINT32_TO_LE (strlen (header));
  guint64 clen = GUINT64_TO_LE (cipher_len);
  guint8 *cipher = g_malloc (cipher_len);
  guint8 sig[crypto_sign_BYTES];

  crypto_secretbox_easy (cipher, g_bytes_get_data (plain, NULL), plain_len, nonce_in, key);
  g_byte_array_append (out, (const guint8 *) magic, MAGIC_LEN);
  g_byte_array_append (out, (const guint8 *) &hlen, 4);
  g_byte_array_append (out, (const guint8 *) header, strlen (header));
  g_byte_array_append (out, (const guint8 *) &clen, 8);
  g_byte_array_append (out, cipher, cipher_len);
  crypto_sign_detached (sig, NULL, out->data, out->len, sk);
  g_byte_array_append (out, sig, sizeof sig);
  sodium_memzero (cipher, cipher_len);
  g_free (cipher);
  return g_byte_array_free_to_bytes (out);
}

/* Reads the envelope of PATH without trusting anything in it yet */
static gboolean
open_envelope (const char *path, Envelope *env, GError **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local = NULL;
  const guint8 *p;
  gsize len;
  guint32 hlen;
  guint64 clen;

  memset (env, 0, sizeof *env);
  mapped = g_mapped_file_new (path, FALSE, &local);
  if (mapped == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND, _("Cannot read %s: %s"), base, local->message);
      return FALSE;
    }
  env->file = g_mapped_file_get_bytes (mapped);
  p = g_bytes_get_data (env->file, &len);

  if (len < MAGIC_LEN || (memcmp (p, MAGIC_PACKAGE, MAGIC_LEN) != 0 && memcmp (p, MAGIC_BUNDLE, MAGIC_LEN) != 0))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("%s is not a Salur package or bundle."), base);
      return FALSE;
    }
  memcpy (env->magic, p, MAGIC_LEN);
  if (len < MAGIC_LEN + 4)
    goto truncated;
  memcpy (&hlen, p + MAGIC_LEN, 4);
  hlen = GUINT32_FROM_LE (hlen);
  if (hlen > MAX_HEADER || len < MAGIC_LEN + 4 + (gsize) hlen + 8)
    goto truncated;
  {
    g_autofree char *header = g_strndup ((const char *) p + MAGIC_LEN + 4, hlen);
    if (strlen (header) != hlen || !g_utf8_validate (header, -1, NULL)
        || (env->header = salur_body_parse (header, NULL)) == NULL)
      goto altered;
  }
  memcpy (&clen, p + MAGIC_LEN + 4 + hlen, 8);
  clen = GUINT64_FROM_LE (clen);
  if (clen > MAX_PAYLOAD || clen < crypto_secretbox_MACBYTES
      || len != MAGIC_LEN + 4 + (gsize) hlen + 8 + clen + crypto_sign_BYTES)
    {
      if (len < MAGIC_LEN + 4 + (gsize) hlen + 8 + clen + crypto_sign_BYTES)
        goto truncated;
      goto altered;
    }
  env->ciphertext = p + MAGIC_LEN + 4 + hlen + 8;
  env->ciphertext_len = clen;
  env->signed_part = g_bytes_new_from_bytes (env->file, 0, len - crypto_sign_BYTES);
  memcpy (env->signature, p + len - crypto_sign_BYTES, crypto_sign_BYTES);
  return TRUE;

truncated:
  g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
               _("%s is cut short: it was not copied completely (was the USB stick pulled out?). "
                 "Copy it again from the device that wrote it."), base);
  envelope_clear (env);
  return FALSE;
altered:
  g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("%s is damaged or was altered: it cannot be trusted."), base);
  envelope_clear (env);
  return FALSE;
}

static gboolean
check_signature (Envelope *env, const guint8 *pk, const char *path, GError **error)
{
  g_autofree char *base = g_path_get_basename (path);
  gsize len;
  const guint8 *data = g_bytes_get_data (env->signed_part, &len);

  if (crypto_sign_verify_detached (env->signature, data, len, pk) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("%s is damaged or was altered: its signature does not match the device that wrote it."), base);
      return FALSE;
    }
  return TRUE;
}

static GBytes *
open_payload (Envelope *env, const guint8 *key, const char *path, GError **error)
{
  guint8 nonce[crypto_secretbox_NONCEBYTES];
  gsize plain_len = env->ciphertext_len - crypto_secretbox_MACBYTES;
  guint8 *plain;

  if (!unhex (salur_body_get (env->header, "nonce"), nonce, sizeof nonce))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("%s is damaged or was altered: it cannot be trusted."), base);
      return NULL;
    }
  plain = g_malloc (MAX (plain_len, 1));
  if (crypto_secretbox_open_easy (plain, env->ciphertext, env->ciphertext_len, nonce, key) != 0)
    {
      g_free (plain);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN,
                   _("The passphrase is wrong: this file was locked with another one."));
      return NULL;
    }
  return g_bytes_new_take (plain, plain_len);
}

/* The payload: a small SQLite database, attached to the store's connection
 * as "pkg" while it is written or read */
static gboolean
attach_empty (SalurStore *store, GError **error)
{
  return exec (store, "ATTACH ':memory:' AS pkg", error)
         && exec (store,
                  "CREATE TABLE pkg.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                  "CREATE TABLE pkg.event AS SELECT * FROM main.event WHERE 0;", error);
}

static void
detach (SalurStore *store)
{
  sqlite3_exec (_salur_store_get_db (store), "DETACH pkg", NULL, NULL, NULL);
}

static GBytes *
serialize_pkg (SalurStore *store, GError **error)
{
  sqlite3_int64 size = 0;
  unsigned char *data = sqlite3_serialize (_salur_store_get_db (store), "pkg", &size, 0);

  if (data == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED, _("Not enough memory to write the file."));
      return NULL;
    }
  return g_bytes_new_with_free_func (data, size, sqlite3_free, data);
}

static gboolean
attach_bytes (SalurStore *store, GBytes *plain, const char *path, GError **error)
{
  sqlite3 *db = _salur_store_get_db (store);
  gsize len;
  const guint8 *data = g_bytes_get_data (plain, &len);
  unsigned char *copy = sqlite3_malloc64 (MAX (len, 1));

  if (!exec (store, "ATTACH ':memory:' AS pkg", error))
    {
      sqlite3_free (copy);
      return FALSE;
    }
  memcpy (copy, data, len);
  if (sqlite3_deserialize (db, "pkg", copy, len, len,
                           SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK
      || sqlite3_exec (db, "SELECT count(*) FROM pkg.event", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_autofree char *base = g_path_get_basename (path);
      detach (store);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("%s is damaged or was altered: it cannot be trusted."), base);
      return FALSE;
    }
  return TRUE;
}

static char *
pkg_meta (SalurStore *store, const char *key)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store, "SELECT value FROM pkg.meta WHERE key = ?", NULL);
  char *v = NULL;

  if (stmt == NULL)
    return g_strdup ("");
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = _salur_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return v != NULL ? v : g_strdup ("");
}

static gboolean
set_meta (SalurStore *store, const char *key, const char *value, GError **error)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store, "INSERT INTO pkg.meta (key, value) VALUES (?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (store, error, _("Cannot exchange data with the file"));
      return FALSE;
    }
  return TRUE;
}

/* The master vouches for a device: its village, id, role, name and key */
static char *
certificate_text (const char *village, const char *device, const char *role, const char *name, const char *pk_hex)
{
  GString *out = g_string_new ("salur-device 1\n");

  salur_body_add (out, "village", village);
  salur_body_add (out, "device", device);
  salur_body_add (out, "role", role);
  salur_body_add (out, "name", name);
  salur_body_add (out, "public_key", pk_hex);
  return g_string_free (out, FALSE);
}

/* devices */

void
salur_device_free (SalurDevice *d)
{
  if (d == NULL)
    return;
  g_free (d->device_id);
  g_free (d->tag);
  g_free (d->name);
  g_free (d->dusun);
  g_free (d->assignee);
  g_free (d->last_at);
  g_free (d->last_bundle_at);
  g_free (d);
}

void
salur_sync_device_tag (const char *device_id,
                       char        out[4])
{
  _salur_device_tag (device_id, out);
}

char *
salur_sync_village_id (SalurStore *store)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store,
                                             "SELECT target FROM ev_device WHERE role = 'master'"
                                             " ORDER BY device_id, seq LIMIT 1", NULL);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = _salur_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/* The registered public key of DEVICE_ID */
static gboolean
device_public_key (SalurStore *store, const char *device_id, guint8 pk[crypto_sign_PUBLICKEYBYTES])
{
  sqlite3_stmt *stmt = _salur_store_prepare (store,
                                             "SELECT public_key FROM ev_device WHERE target = ? ORDER BY seq DESC LIMIT 1",
                                             NULL);
  gboolean ok = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ok = unhex ((const char *) sqlite3_column_text (stmt, 0), pk, crypto_sign_PUBLICKEYBYTES);
  sqlite3_reset (stmt);
  return ok;
}

static gboolean
is_master (SalurStore *store)
{
  g_autofree char *village = salur_sync_village_id (store);

  return village != NULL && g_strcmp0 (village, _salur_store_device_id (store)) == 0;
}

gboolean
salur_sync_become_master (SalurStore           *store,
                           const SalurOperator  *by,
                           GError              **error)
{
  guint8 pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;
  g_autofree char *pk_hex = NULL;
  g_autofree char *village = salur_sync_village_id (store);

  if (village != NULL)
    return TRUE;
  if (!salur_store_begin (store, error))
    return FALSE;
  if (!device_keys (store, pk, sk, error))
    {
      salur_store_rollback (store);
      return FALSE;
    }
  sodium_memzero (sk, sizeof sk);
  pk_hex = hex (pk, sizeof pk);
  salur_body_add (body, "target", _salur_store_device_id (store));
  salur_body_add (body, "name", "Bendahara");
  salur_body_add (body, "role", "master");
  salur_body_add (body, "public_key", pk_hex);
  salur_body_add (body, "dusun", "");
  salur_body_add (body, "assignee", "");
  salur_body_add_int (body, "cash", 0);
  salur_body_add (body, "kpm", "");
  event = _salur_event_append (store, "device", by != NULL ? by->name : "", NULL, body->str, error);
  if (event == NULL || !salur_store_commit (store, error))
    {
      salur_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
salur_sync_devices (SalurStore  *store,
                    GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_device_free);
  sqlite3_stmt *stmt = _salur_store_prepare (store,
                                             "SELECT d.target, d.name, d.role, d.dusun, d.assignee, d.cash,"
                                             " (SELECT max (seq) FROM event e WHERE e.device_id = d.target),"
                                             " (SELECT max (at) FROM event e WHERE e.device_id = d.target),"
                                             " (SELECT b.at FROM bundle_log b WHERE b.direction = 'merge'"
                                             "  AND b.device_id = d.target ORDER BY b.id DESC LIMIT 1),"
                                             " (SELECT b.last_seq FROM bundle_log b WHERE b.direction = 'merge'"
                                             "  AND b.device_id = d.target ORDER BY b.id DESC LIMIT 1)"
                                             " FROM ev_device d WHERE d.seq = (SELECT max (seq) FROM ev_device x"
                                             "  WHERE x.target = d.target AND x.device_id = d.device_id)"
                                             " ORDER BY d.role = 'master' DESC, d.name", error);

  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SalurDevice *d = g_new0 (SalurDevice, 1);
      const char *role = (const char *) sqlite3_column_text (stmt, 2);
      char tag[4];

      d->device_id = _salur_column_text (stmt, 0);
      d->name = _salur_column_text (stmt, 1);
      d->role = g_strcmp0 (role, "master") == 0 ? SALUR_DEVICE_MASTER
                : g_strcmp0 (role, "field") == 0 ? SALUR_DEVICE_FIELD : SALUR_DEVICE_DESK;
      d->dusun = _salur_column_text (stmt, 3);
      d->assignee = _salur_column_text (stmt, 4);
      d->cash = sqlite3_column_int64 (stmt, 5);
      d->last_seq = sqlite3_column_int64 (stmt, 6);
      d->last_at = _salur_column_text (stmt, 7);
      d->last_bundle_at = _salur_column_text (stmt, 8);
      d->last_bundle_seq = sqlite3_column_int64 (stmt, 9);
      d->is_self = g_strcmp0 (d->device_id, _salur_store_device_id (store)) == 0;
      _salur_device_tag (d->device_id, tag);
      d->tag = g_strdup (tag);
      g_ptr_array_add (list, d);
    }
  /* a busy or broken store is an error, not a village without laptops */
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (store, error, _("Cannot read the village's laptops"));
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

/* packages */

gboolean
salur_sync_has_passphrase (SalurStore *store)
{
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 key[crypto_secretbox_KEYBYTES];
  gboolean has;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);

  has = load_secret (store, salt, key);
  sodium_memzero (key, sizeof key);
  return has;
}

static gboolean
village_key_for (SalurStore *store, const char *passphrase, gboolean create, guint8 salt[crypto_pwhash_SALTBYTES],
                 guint8 key[crypto_secretbox_KEYBYTES], GError **error)
{
  guint8 stored_key[crypto_secretbox_KEYBYTES];

  if (load_secret (store, salt, stored_key))
    {
      if (passphrase == NULL)
        {
          memcpy (key, stored_key, sizeof stored_key);
          return TRUE;
        }
      if (!derive_key (passphrase, salt, key, error))
        return FALSE;
      if (sodium_memcmp (key, stored_key, sizeof stored_key) != 0)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN,
                       _("This is not the village's passphrase: the first package was locked with another one."));
          return FALSE;
        }
      return TRUE;
    }
  if (!create)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                   _("This laptop does not have the village's key yet: join a package from the bendahara first."));
      return FALSE;
    }
  randombytes_buf (salt, crypto_pwhash_SALTBYTES);
  return derive_key (passphrase, salt, key, error) && store_secret (store, salt, key, error);
}

static char *
join_ids (SalurStore *store, GStrv niks, GError **error)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; niks != NULL && niks[i] != NULL; i++)
    {
      g_autoptr(SalurKpm) kpm = salur_store_get_kpm_by_nik (store, g_strstrip (niks[i]), error);
      if (kpm == NULL)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", kpm->id);
    }
  return g_string_free (out, FALSE);
}

gboolean
salur_sync_write_package (SalurStore                 *store,
                          const SalurOperator        *by,
                          const SalurPackageRequest  *req,
                          const char                 *passphrase,
                          const char                 *path,
                          char                      **device_id,
                          GError                    **error)
{
  guint8 salt[crypto_pwhash_SALTBYTES], key[crypto_secretbox_KEYBYTES];
  guint8 master_pk[crypto_sign_PUBLICKEYBYTES], master_sk[crypto_sign_SECRETKEYBYTES];
  guint8 pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  guint8 id_bytes[16], nonce[crypto_secretbox_NONCEBYTES];
  g_autofree char *id = NULL, *pk_hex = NULL, *sk_hex = NULL, *master_pk_hex = NULL, *salt_hex = NULL;
  g_autofree char *nonce_hex = NULL, *village = NULL, *kpm_ids = NULL, *dusun = NULL, *cash = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) header = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;
  g_autoptr(GBytes) plain = NULL, sealed = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);
  g_return_val_if_fail (req->role == SALUR_DEVICE_DESK || req->role == SALUR_DEVICE_FIELD, FALSE);

  if (by == NULL || by->role != SALUR_ROLE_BENDAHARA)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN, _("Only the bendahara makes packages for other laptops."));
      return FALSE;
    }
  if (!is_master (store))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN,
                   _("Packages are made on the bendahara's laptop, the village's master, not on this one."));
      return FALSE;
    }
  if (req->role == SALUR_DEVICE_FIELD && (req->assignee == NULL || *req->assignee == '\0'))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("A field package needs the officer who carries it."));
      return FALSE;
    }
  village = salur_sync_village_id (store);

  /* ATTACH and DETACH cannot happen inside a transaction */
  if (!attach_empty (store, error))
    return FALSE;
  if (!salur_store_begin (store, error))
    {
      detach (store);
      return FALSE;
    }
  if (!village_key_for (store, passphrase, TRUE, salt, key, error) || !device_keys (store, master_pk, master_sk, error))
    goto out;
  for (guint i = 0; req->dusun != NULL && req->dusun[i] != NULL; i++)
    {
      g_autofree char *found = salur_store_find_dusun (store, req->dusun[i]);
      if (found == NULL)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                       _("The dusun “%s” is not one of this village's dusun."), req->dusun[i]);
          goto out;
        }
    }
  kpm_ids = join_ids (store, req->kpm_niks, error);
  if (kpm_ids == NULL)
    goto out;

  /* the new laptop's identity, registered here first */
  randombytes_buf (id_bytes, sizeof id_bytes);
  id = hex (id_bytes, sizeof id_bytes);
  crypto_sign_keypair (pk, sk);
  pk_hex = hex (pk, sizeof pk);
  sk_hex = hex (sk, sizeof sk);
  dusun = req->dusun != NULL ? g_strjoinv (",", req->dusun) : g_strdup ("");
  salur_body_add (body, "target", id);
  salur_body_add (body, "name", req->name);
  salur_body_add (body, "role", role_names[req->role]);
  salur_body_add (body, "public_key", pk_hex);
  salur_body_add (body, "dusun", dusun);
  salur_body_add (body, "assignee", req->assignee);
  salur_body_add_int (body, "cash", req->cash);
  salur_body_add (body, "kpm", kpm_ids);
  event = _salur_event_append (store, "device", by->name, NULL, body->str, error);
  if (event == NULL)
    goto out;

  /* the payload: village, dusun, KPM (a field laptop only those it carries),
   * every event, and the new laptop's keys */
  if (!exec (store,
             "CREATE TABLE pkg.village AS SELECT * FROM main.village;"
             "CREATE TABLE pkg.dusun AS SELECT * FROM main.dusun;"
             "CREATE TABLE pkg.dusun_rw AS SELECT * FROM main.dusun_rw;"
             "CREATE TABLE pkg.kpm AS SELECT * FROM main.kpm WHERE 0;"
             "INSERT INTO pkg.event SELECT * FROM main.event ORDER BY device_id, seq;", error))
    goto out;
  {
    sqlite3_stmt *stmt = _salur_store_prepare (store,
                                               "INSERT INTO pkg.kpm SELECT * FROM main.kpm WHERE ?1 = ''"
                                               " OR instr (',' || ?1 || ',', ',' || id || ',') > 0", error);
    int rc;

    if (stmt == NULL)
      goto out;
    sqlite3_bind_text (stmt, 1, kpm_ids, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
      {
        _salur_store_set_error (store, error, _("Cannot exchange data with the file"));
        goto out;
      }
  }
  {
    g_autofree char *cert = certificate_text (village, id, role_names[req->role], req->name, pk_hex);
    guint8 cert_sig[crypto_sign_BYTES];
    g_autofree char *cert_sig_hex = NULL;

    crypto_sign_detached (cert_sig, NULL, (const guint8 *) cert, strlen (cert), master_sk);
    cert_sig_hex = hex (cert_sig, sizeof cert_sig);
    if (!set_meta (store, "for_device", id, error) || !set_meta (store, "role", role_names[req->role], error)
        || !set_meta (store, "name", req->name, error) || !set_meta (store, "certificate", cert_sig_hex, error)
        || !set_meta (store, "public_key", pk_hex, error) || !set_meta (store, "secret_key", sk_hex, error))
      goto out;
  }
  plain = serialize_pkg (store, error);
  if (plain == NULL)
    goto out;

  randombytes_buf (nonce, sizeof nonce);
  nonce_hex = hex (nonce, sizeof nonce);
  salt_hex = hex (salt, sizeof salt);
  master_pk_hex = hex (master_pk, sizeof master_pk);
  salur_body_add (header, "format", "1");
  salur_body_add (header, "kind", "package");
  salur_body_add (header, "village", village);
  salur_body_add (header, "device", _salur_store_device_id (store));
  salur_body_add (header, "for_device", id);
  salur_body_add (header, "role", role_names[req->role]);
  salur_body_add (header, "name", req->name);
  salur_body_add (header, "salt", salt_hex);
  salur_body_add (header, "nonce", nonce_hex);
  salur_body_add (header, "signer_key", master_pk_hex);
  sealed = seal (MAGIC_PACKAGE, header->str, plain, key, nonce, master_sk);
  ok = write_atomically (path, sealed, error);

out:
  sodium_memzero (master_sk, sizeof master_sk);
  sodium_memzero (sk, sizeof sk);
  sodium_memzero (key, sizeof key);
  if (sk_hex != NULL)
    sodium_memzero (sk_hex, strlen (sk_hex));
  if (ok && salur_store_commit (store, error))
    {
      detach (store);
      if (device_id != NULL)
        *device_id = g_steal_pointer (&id);
      return TRUE;
    }
  salur_store_rollback (store);
  detach (store);
  return FALSE;
}

/* Stores the events of pkg.event this store does not have, in order, with
 * their projections. SENDER, if not NULL, is the only device allowed. */
static gboolean
store_new_events (SalurStore *store, guint *stored, GError **error)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store,
                                             "SELECT device_id, seq, kind, at, operator, kpm_id, body, prev_hash, hash"
                                             " FROM pkg.event p WHERE NOT EXISTS (SELECT 1 FROM main.event e"
                                             " WHERE e.device_id = p.device_id AND e.seq = p.seq)"
                                             " ORDER BY device_id, seq", error);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_event_free);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SalurEvent *e = g_new0 (SalurEvent, 1);

      e->device_id = _salur_column_text (stmt, 0);
      e->seq = sqlite3_column_int64 (stmt, 1);
      e->kind = _salur_column_text (stmt, 2);
      e->at = _salur_column_text (stmt, 3);
      e->operator_name = _salur_column_text (stmt, 4);
      e->kpm_id = _salur_column_text (stmt, 5);
      e->body = _salur_column_text (stmt, 6);
      if (sqlite3_column_bytes (stmt, 7) == SALUR_HASH_LEN)
        memcpy (e->prev_hash, sqlite3_column_blob (stmt, 7), SALUR_HASH_LEN);
      if (sqlite3_column_bytes (stmt, 8) == SALUR_HASH_LEN)
        memcpy (e->hash, sqlite3_column_blob (stmt, 8), SALUR_HASH_LEN);
      g_ptr_array_add (events, e);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < events->len; i++)
    {
      SalurEvent *e = g_ptr_array_index (events, i);
      guint8 check[SALUR_HASH_LEN];
      int rc;

      /* an event whose hash is not its content's is refused, whoever signed the file */
      salur_event_compute_hash (e, check);
      if (memcmp (check, e->hash, SALUR_HASH_LEN) != 0)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                       _("Event %" PRId64 " of device %.8s in the file was altered: nothing was stored."),
                       e->seq, e->device_id);
          return FALSE;
        }
      stmt = _salur_store_prepare (store,
                                   "INSERT INTO main.event (device_id, seq, kind, at, operator, kpm_id, body, prev_hash, hash)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, e->device_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, e->seq);
      sqlite3_bind_text (stmt, 3, e->kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, e->at, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, e->operator_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, e->kpm_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, e->body, -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 8, e->prev_hash, SALUR_HASH_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 9, e->hash, SALUR_HASH_LEN, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      if (rc != SQLITE_DONE)
        {
          _salur_store_set_error (store, error, _("Cannot store the events"));
          return FALSE;
        }
      if (!_salur_event_project (store, "main", e, error))
        return FALSE;
    }
  if (stored != NULL)
    *stored = events->len;
  return TRUE;
}

/* The store at PATH when it holds nothing yet, else NULL: the identity it
 * was given when it was first opened and no record at all. The window opens
 * its data file at its first start, before anyone chose what the laptop is
 * for; that identity was never used, and a package may give it another. */
static SalurStore *
open_blank (const char *path)
{
  g_autoptr(SalurStore) store = salur_store_open (path, NULL);

  if (store == NULL
      /* 1 only when the query ran and found nothing */
      || _salur_store_query_int (store,
                                 "SELECT NOT (EXISTS (SELECT 1 FROM village) OR EXISTS (SELECT 1 FROM dusun)"
                                 " OR EXISTS (SELECT 1 FROM kpm) OR EXISTS (SELECT 1 FROM event)"
                                 " OR EXISTS (SELECT 1 FROM device_key) OR EXISTS (SELECT 1 FROM sync_secret)"
                                 " OR EXISTS (SELECT 1 FROM device_certificate) OR EXISTS (SELECT 1 FROM import_log)"
                                 " OR EXISTS (SELECT 1 FROM bundle_log))", NULL) != 1)
    return NULL;
  return g_steal_pointer (&store);
}

/* A new empty file beside STORE_PATH, for a store made there whole first */
static char *
scratch_file (const char *store_path, GError **error)
{
  g_autofree char *path = g_strconcat (store_path, ".join-XXXXXX", NULL);
  int fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE,
                   _("Cannot write a new data file beside %s: %s"), store_path, g_strerror (saved));
      return NULL;
    }
  close (fd);
  return g_steal_pointer (&path);
}

static void
remove_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL), *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* Copies the store SOURCE over the blank store BLANK, in one write of
 * BLANK's connection: the same file, so that every other connection to it
 * (the window that offered the join) reads the new content, and a copy that
 * fails leaves it blank. SQLite's backup API, not a rename: a file renamed
 * over one that is open would meet its WAL. */
static gboolean
overwrite_blank (SalurStore *blank, SalurStore *source, GError **error)
{
  sqlite3_backup *backup;
  int rc;

  backup = sqlite3_backup_init (_salur_store_get_db (blank), "main", _salur_store_get_db (source), "main");
  if (backup == NULL)
    {
      _salur_store_set_error (blank, error, _("Cannot write the data file"));
      return FALSE;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE, _("Cannot write the data file %s: %s"),
                   salur_store_get_path (blank), sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

SalurStore *
salur_sync_join (const char  *store_path,
                 const char  *package_path,
                 const char  *passphrase,
                 GError     **error)
{
  g_auto(Envelope) env = { 0 };
  guint8 signer[crypto_sign_PUBLICKEYBYTES], salt[crypto_pwhash_SALTBYTES], key[crypto_secretbox_KEYBYTES];
  guint8 pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(SalurStore) store = NULL;
  g_autofree char *base = g_path_get_basename (package_path);
  g_autofree char *village = NULL, *sk_hex = NULL, *pk_hex = NULL, *meta_device = NULL, *scratch = NULL;
  g_autoptr(SalurStore) blank = NULL;
  g_autoptr(GError) local = NULL;
  const char *for_device;
  gboolean refresh, ok = FALSE, attached = FALSE, in_transaction = FALSE;

  if (!open_envelope (package_path, &env, error))
    return NULL;
  if (memcmp (env.magic, MAGIC_PACKAGE, MAGIC_LEN) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("%s is a bundle of payments, not a package: merge it with “salur merge”."), base);
      return NULL;
    }
  if (!unhex (salur_body_get (env.header, "signer_key"), signer, sizeof signer)
      || !unhex (salur_body_get (env.header, "salt"), salt, sizeof salt))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("%s is damaged or was altered: it cannot be trusted."), base);
      return NULL;
    }
  if (!check_signature (&env, signer, package_path, error) || !derive_key (passphrase, salt, key, error)
      || (plain = open_payload (&env, key, package_path, error)) == NULL)
    return NULL;

  for_device = salur_body_get (env.header, "for_device");
  store = _salur_store_open_as (store_path, for_device, &local);
  if (store == NULL && g_error_matches (local, SALUR_ERROR, SALUR_ERROR_EXISTS)
      && (blank = open_blank (store_path)) != NULL)
    {
      /* The laptop is set up in a new file beside the blank one, which is
       * overwritten only once the package is whole in it */
      g_clear_error (&local);
      if ((scratch = scratch_file (store_path, error)) == NULL
          || (store = _salur_store_open_as (scratch, for_device, error)) == NULL)
        goto out;
    }
  else if (store == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      goto out;
    }
  village = salur_sync_village_id (store);
  refresh = village != NULL;
  if (refresh && g_strcmp0 (village, salur_body_get (env.header, "village")) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("%s is a package of another village."), base);
      goto out;
    }
  if (refresh)
    {
      /* the master's key must be the one this laptop already trusts */
      guint8 known[crypto_sign_PUBLICKEYBYTES];
      if (!device_public_key (store, village, known) || sodium_memcmp (known, signer, sizeof known) != 0)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("%s was not made by this village's bendahara laptop."), base);
          goto out;
        }
    }

  if (!attach_bytes (store, plain, package_path, error))
    goto out;
  attached = TRUE;
  if (!salur_store_begin (store, error))
    goto out;
  in_transaction = TRUE;
  meta_device = pkg_meta (store, "for_device");
  if (g_strcmp0 (meta_device, for_device) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("%s is damaged or was altered: it cannot be trusted."), base);
      goto out;
    }
  if (!refresh
      && !exec (store,
                "INSERT INTO main.village SELECT * FROM pkg.village;", error))
    goto out;
  if (refresh
      && !exec (store,
                "UPDATE main.village SET (desa, kecamatan, kabupaten, provinsi, kode_wilayah, amount, max_months,"
                " kepala_desa, kaur_keuangan) = (SELECT desa, kecamatan, kabupaten, provinsi, kode_wilayah, amount,"
                " max_months, kepala_desa, kaur_keuangan FROM pkg.village) WHERE id = 1;", error))
    goto out;
  if (!exec (store,
             "INSERT OR IGNORE INTO main.dusun SELECT * FROM pkg.dusun;"
             "INSERT OR IGNORE INTO main.dusun_rw SELECT * FROM pkg.dusun_rw;"
             /* the rows of imported lists; rows added by a list change come with their event */
             "INSERT INTO main.kpm SELECT * FROM pkg.kpm p WHERE NOT EXISTS (SELECT 1 FROM main.kpm k WHERE k.id = p.id)"
             " AND EXISTS (SELECT 1 FROM pkg.event e WHERE e.device_id = p.origin_device AND e.seq = p.origin_seq"
             " AND e.kind = 'import');", error)
      || !store_new_events (store, NULL, error))
    goto out;
  if (!refresh)
    {
      sk_hex = pkg_meta (store, "secret_key");
      pk_hex = pkg_meta (store, "public_key");
      if (!unhex (sk_hex, sk, sizeof sk) || !unhex (pk_hex, pk, sizeof pk))
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("%s is damaged or was altered: it cannot be trusted."), base);
          goto out;
        }
      {
        sqlite3_stmt *stmt = _salur_store_prepare (store,
                                                   "INSERT INTO main.device_key (id, public_key, secret_key) VALUES (1, ?, ?)",
                                                   error);
        int rc;
        if (stmt == NULL)
          goto out;
        sqlite3_bind_blob (stmt, 1, pk, sizeof pk, SQLITE_TRANSIENT);
        sqlite3_bind_blob (stmt, 2, sk, sizeof sk, SQLITE_TRANSIENT);
        rc = sqlite3_step (stmt);
        sqlite3_reset (stmt);
        if (rc != SQLITE_DONE)
          {
            _salur_store_set_error (store, error, _("Cannot store the device's key"));
            goto out;
          }
      }
      if (!store_secret (store, salt, key, error))
        goto out;
      {
        g_autofree char *role = pkg_meta (store, "role"), *name = pkg_meta (store, "name");
        g_autofree char *cert = pkg_meta (store, "certificate");
        sqlite3_stmt *stmt = _salur_store_prepare (store,
                                                   "INSERT INTO main.device_certificate (id, role, name, signature)"
                                                   " VALUES (1, ?, ?, ?)", error);
        int rc;
        if (stmt == NULL)
          goto out;
        sqlite3_bind_text (stmt, 1, role, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 3, cert, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step (stmt);
        sqlite3_reset (stmt);
        if (rc != SQLITE_DONE)
          {
            _salur_store_set_error (store, error, _("Cannot store the device's key"));
            goto out;
          }
      }
    }
  ok = TRUE;

out:
  sodium_memzero (sk, sizeof sk);
  sodium_memzero (key, sizeof key);
  if (sk_hex != NULL)
    sodium_memzero (sk_hex, strlen (sk_hex));
  if (in_transaction)
    {
      if (ok)
        ok = salur_store_commit (store, error);
      if (!ok)
        salur_store_rollback (store);
    }
  if (attached)
    detach (store);
  if (ok && blank != NULL)
    ok = overwrite_blank (blank, store, error);
  g_clear_object (&blank);
  if (scratch != NULL)
    {
      g_clear_object (&store);
      remove_db (scratch);
      /* a connection that reads the identity the package gave */
      if (ok)
        {
          store = salur_store_open (store_path, error);
          ok = store != NULL;
        }
    }
  return ok ? g_steal_pointer (&store) : NULL;
}

/* bundles */

static char *
device_name (SalurStore *store, const char *device_id)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store,
                                             "SELECT name FROM ev_device WHERE target = ? ORDER BY seq DESC LIMIT 1", NULL);
  char *name = NULL;

  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        name = _salur_column_text (stmt, 0);
      sqlite3_reset (stmt);
    }
  if (name == NULL || *name == '\0')
    {
      g_free (name);
      name = g_strdup_printf ("%.8s", device_id);
    }
  return name;
}

static gboolean
log_bundle (SalurStore *store, const char *direction, const char *path, const char *device_id,
            gint64 first, gint64 last, guint stored)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store,
                                             "INSERT INTO bundle_log (direction, file, device_id, first_seq, last_seq, stored)"
                                             " VALUES (?, ?, ?, ?, ?, ?)", NULL);
  g_autofree char *base = g_path_get_basename (path);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, direction, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, base, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, device_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, first);
  sqlite3_bind_int64 (stmt, 5, last);
  sqlite3_bind_int (stmt, 6, stored);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
salur_sync_export (SalurStore  *store,
                   const char  *path,
                   gint64      *first_seq,
                   gint64      *last_seq,
                   GError     **error)
{
  guint8 salt[crypto_pwhash_SALTBYTES], key[crypto_secretbox_KEYBYTES];
  guint8 pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES], nonce[crypto_secretbox_NONCEBYTES];
  g_autofree char *village = salur_sync_village_id (store);
  g_autofree char *salt_hex = NULL, *nonce_hex = NULL, *first = NULL, *last = NULL;
  g_autoptr(GString) header = g_string_new (NULL);
  g_autoptr(GBytes) plain = NULL, sealed = NULL;
  const char *self = _salur_store_device_id (store);
  gint64 lo, hi;
  gboolean ok;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);

  if (village == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NO_VILLAGE,
                   _("This laptop belongs to no village yet: join a package from the bendahara first."));
      return FALSE;
    }
  if (!village_key_for (store, NULL, FALSE, salt, key, error))
    return FALSE;
  if (!salur_store_begin (store, error))
    return FALSE;
  if (!device_keys (store, pk, sk, error))
    {
      salur_store_rollback (store);
      return FALSE;
    }
  salur_store_commit (store, NULL);

  lo = _salur_store_query_int (store, "SELECT coalesce (min (seq), 0) FROM event WHERE device_id = ?", self);
  hi = _salur_store_query_int (store, "SELECT coalesce (max (seq), 0) FROM event WHERE device_id = ?", self);
  if (!attach_empty (store, error))
    return FALSE;
  {
    sqlite3_stmt *stmt = _salur_store_prepare (store,
                                               "INSERT INTO pkg.event SELECT * FROM main.event WHERE device_id = ?"
                                               " ORDER BY seq", error);
    int rc;
    if (stmt == NULL)
      {
        detach (store);
        return FALSE;
      }
    sqlite3_bind_text (stmt, 1, self, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
      {
        _salur_store_set_error (store, error, _("Cannot exchange data with the file"));
        detach (store);
        return FALSE;
      }
  }
  plain = serialize_pkg (store, error);
  detach (store);
  if (plain == NULL)
    return FALSE;

  randombytes_buf (nonce, sizeof nonce);
  nonce_hex = hex (nonce, sizeof nonce);
  salt_hex = hex (salt, sizeof salt);
  first = g_strdup_printf ("%" PRId64, lo);
  last = g_strdup_printf ("%" PRId64, hi);
  salur_body_add (header, "format", "1");
  salur_body_add (header, "kind", "bundle");
  salur_body_add (header, "village", village);
  salur_body_add (header, "device", self);
  salur_body_add (header, "first_seq", first);
  salur_body_add (header, "last_seq", last);
  salur_body_add (header, "salt", salt_hex);
  salur_body_add (header, "nonce", nonce_hex);
  {
    /* a desk shows the master's word for its key to desks that never met it */
    sqlite3_stmt *stmt = _salur_store_prepare (store, "SELECT role, name, signature FROM device_certificate WHERE id = 1",
                                               NULL);
    if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_autofree char *pk_hex = hex (pk, sizeof pk);
        g_autofree char *role = _salur_column_text (stmt, 0), *name = _salur_column_text (stmt, 1), *sig = _salur_column_text (stmt, 2);
        salur_body_add (header, "cert_role", role);
        salur_body_add (header, "cert_name", name);
        salur_body_add (header, "cert_public_key", pk_hex);
        salur_body_add (header, "cert_signature", sig);
      }
    if (stmt != NULL)
      sqlite3_reset (stmt);
  }
  sealed = seal (MAGIC_BUNDLE, header->str, plain, key, nonce, sk);
  sodium_memzero (sk, sizeof sk);
  sodium_memzero (key, sizeof key);
  ok = write_atomically (path, sealed, error);
  if (ok)
    {
      log_bundle (store, "export", path, self, lo, hi, hi - lo + (hi > 0));
      if (first_seq != NULL)
        *first_seq = lo;
      if (last_seq != NULL)
        *last_seq = hi;
    }
  return ok;
}

void
salur_merge_result_free (SalurMergeResult *r)
{
  if (r == NULL)
    return;
  g_free (r->device_id);
  g_free (r->device_name);
  g_free (r);
}

/* A device this store never saw is trusted when the master signed its key */
static gboolean
certified_key (SalurStore *store, Envelope *env, const char *village, const char *sender,
               guint8 pk[crypto_sign_PUBLICKEYBYTES])
{
  guint8 master_pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
  const char *pk_hex = salur_body_get (env->header, "cert_public_key");
  g_autofree char *cert = certificate_text (village, sender, salur_body_get (env->header, "cert_role"),
                                            salur_body_get (env->header, "cert_name"), pk_hex);

  return device_public_key (store, village, master_pk)
         && unhex (salur_body_get (env->header, "cert_signature"), sig, sizeof sig)
         && unhex (pk_hex, pk, crypto_sign_PUBLICKEYBYTES)
         && crypto_sign_verify_detached (sig, (const guint8 *) cert, strlen (cert), master_pk) == 0;
}

static char *
device_name_in (SalurStore *store, Envelope *env, const char *device_id)
{
  const char *certified = salur_body_get (env->header, "cert_name");
  g_autofree char *known = device_name (store, device_id);

  if (g_str_has_prefix (device_id, known) && *certified != '\0')
    return g_strdup (certified);
  return g_steal_pointer (&known);
}

/* The KPM the attached bundle's events are about, each once, for
 * conflict_keys: made once a merge rather than in each of its four queries.
 * Dropped first: the table must be this store's reading of the bundle, not
 * one the file brought. */
static gboolean
list_touched (SalurStore *store, GError **error)
{
  return exec (store,
               "DROP TABLE IF EXISTS pkg.touched;"
               "CREATE TABLE pkg.touched (kpm_id TEXT PRIMARY KEY) WITHOUT ROWID;"
               "INSERT OR IGNORE INTO pkg.touched SELECT kpm_id FROM pkg.event WHERE kpm_id <> '';", error);
}

/* "double:KPM:MONTH" for every conflict of the KPM the attached bundle
 * touches (pkg.touched): a merge compares them before and after, without
 * scanning the whole record. CROSS JOIN keeps SQLite from doing just that:
 * without statistics it would rather scan ev_month than the small list. */
static GHashTable *
conflict_keys (SalurStore *store)
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *queries[] = {
    "SELECT 'double', t.kpm_id, m.month FROM pkg.touched t CROSS JOIN ev_month m ON m.kpm_id = t.kpm_id"
    " WHERE m.what = 'payment'"
    " AND NOT EXISTS (SELECT 1 FROM ev_void v WHERE v.target_device = m.device_id AND v.target_seq = m.seq)"
    " GROUP BY t.kpm_id, m.month HAVING count(*) > 1",   /* in that order already: no sorting */
    "SELECT 'closed', m.kpm_id, m.month FROM pkg.touched t CROSS JOIN ev_close c ON c.kpm_id = t.kpm_id"
    " CROSS JOIN ev_month m ON m.kpm_id = c.kpm_id AND m.month >= c.from_month"
    " WHERE m.what = 'payment'"
    " AND NOT EXISTS (SELECT 1 FROM ev_void v WHERE v.target_device = m.device_id AND v.target_seq = m.seq)",
  };

  for (gsize q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = _salur_store_prepare (store, queries[q], NULL);
      while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_add (keys, g_strdup_printf ("%s:%s:%d", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                                                 sqlite3_column_int (stmt, 2)));
      if (stmt != NULL)
        sqlite3_reset (stmt);
    }
  return keys;
}

/* The events of the bundle must be the sender's, contiguous, chained, and
 * continue what this store has of that device */
static gboolean
check_chain (SalurStore *store, const char *sender, const char *name, gint64 *first, gint64 *last, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 have = _salur_store_query_int (store, "SELECT coalesce (max (seq), 0) FROM main.event WHERE device_id = ?", sender);
  gint64 lo = _salur_store_query_int (store, "SELECT coalesce (min (seq), 0) FROM pkg.event", NULL);
  gint64 hi = _salur_store_query_int (store, "SELECT coalesce (max (seq), 0) FROM pkg.event", NULL);
  gint64 n = _salur_store_query_int (store, "SELECT count(*) FROM pkg.event", NULL);
  gint64 others = _salur_store_query_int (store, "SELECT count(*) FROM pkg.event WHERE device_id <> ?", sender);
  guint8 prev[SALUR_HASH_LEN] = { 0 };
  gint64 expect;

  *first = lo;
  *last = hi;
  if (others > 0 || (n > 0 && hi - lo + 1 != n))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                   _("The bundle of %s was altered: its events are not one device's, one after the other."), name);
      return FALSE;
    }
  if (n == 0)
    return TRUE;
  if (lo > have + 1)
    {
      if (lo - 1 == have + 1)
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                     _("The bundle of %s lacks event %" PRId64 ": export again from %s."), name, have + 1, name);
      else
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                     _("The bundle of %s lacks events %" PRId64 "–%" PRId64 ": export again from %s."),
                     name, have + 1, lo - 1, name);
      return FALSE;
    }
  /* where the bundle starts, this store's chain gives the previous hash */
  if (lo > 1)
    {
      stmt = _salur_store_prepare (store, "SELECT hash FROM main.event WHERE device_id = ? AND seq = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, sender, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, lo - 1);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == SALUR_HASH_LEN)
        memcpy (prev, sqlite3_column_blob (stmt, 0), SALUR_HASH_LEN);
      sqlite3_reset (stmt);
    }
  stmt = _salur_store_prepare (store,
                               "SELECT p.seq, p.prev_hash, p.hash, e.hash FROM pkg.event p LEFT JOIN main.event e"
                               " ON e.device_id = p.device_id AND e.seq = p.seq ORDER BY p.seq", error);
  if (stmt == NULL)
    return FALSE;
  expect = lo;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      gboolean linked = sqlite3_column_bytes (stmt, 1) == SALUR_HASH_LEN
                        && memcmp (sqlite3_column_blob (stmt, 1), prev, SALUR_HASH_LEN) == 0;
      gboolean known = sqlite3_column_type (stmt, 3) != SQLITE_NULL;

      if (seq != expect || !linked || sqlite3_column_bytes (stmt, 2) != SALUR_HASH_LEN
          || (known && (sqlite3_column_bytes (stmt, 3) != SALUR_HASH_LEN
                        || memcmp (sqlite3_column_blob (stmt, 2), sqlite3_column_blob (stmt, 3), SALUR_HASH_LEN) != 0)))
        {
          sqlite3_reset (stmt);
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                       _("Event %" PRId64 " in the bundle of %s does not follow from the events before it: "
                         "the bundle or this laptop's record was altered. Nothing was stored."), seq, name);
          return FALSE;
        }
      memcpy (prev, sqlite3_column_blob (stmt, 2), SALUR_HASH_LEN);
      expect++;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

SalurMergeResult *
salur_sync_merge (SalurStore  *store,
                  const char  *path,
                  const char  *passphrase,
                  GError     **error)
{
  g_auto(Envelope) env = { 0 };
  g_autoptr(SalurMergeResult) result = g_new0 (SalurMergeResult, 1);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GHashTable) before = NULL, after = NULL;
  g_autofree char *village = salur_sync_village_id (store);
  g_autofree char *base = g_path_get_basename (path);
  guint8 pk[crypto_sign_PUBLICKEYBYTES], salt[crypto_pwhash_SALTBYTES], key[crypto_secretbox_KEYBYTES];
  guint8 file_salt[crypto_pwhash_SALTBYTES];
  const char *sender;
  gboolean ok = FALSE;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  if (village == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NO_VILLAGE,
                   _("This laptop belongs to no village yet: join a package from the bendahara first."));
      return NULL;
    }
  if (!open_envelope (path, &env, error))
    return NULL;
  if (memcmp (env.magic, MAGIC_BUNDLE, MAGIC_LEN) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("%s is a package that sets up a laptop, not a bundle of payments: use “salur join”."), base);
      return NULL;
    }
  if (g_strcmp0 (salur_body_get (env.header, "village"), village) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("%s comes from another village: nothing was stored."), base);
      return NULL;
    }
  sender = salur_body_get (env.header, "device");
  result->device_id = g_strdup (sender);
  result->device_name = device_name_in (store, &env, sender);
  if (!device_public_key (store, sender, pk) && !certified_key (store, &env, village, sender, pk))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("%s comes from a device this village does not know (%.8s): nothing was stored. "
                     "Only laptops set up with a package from the bendahara can send bundles."), base, sender);
      return NULL;
    }
  if (!check_signature (&env, pk, path, error))
    return NULL;
  if (!unhex (salur_body_get (env.header, "salt"), file_salt, sizeof file_salt))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("%s is damaged or was altered: it cannot be trusted."), base);
      return NULL;
    }
  if (!load_secret (store, salt, key) || sodium_memcmp (salt, file_salt, sizeof salt) != 0)
    {
      if (passphrase == NULL)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE,
                       _("This laptop does not hold the village's key: give the passphrase."));
          return NULL;
        }
      if (!derive_key (passphrase, file_salt, key, error))
        return NULL;
    }
  plain = open_payload (&env, key, path, error);
  sodium_memzero (key, sizeof key);
  if (plain == NULL)
    return NULL;

  if (!attach_bytes (store, plain, path, error))
    return NULL;
  if (salur_store_begin (store, error))
    {
      if (!list_touched (store, error))
        {
          salur_store_rollback (store);
          detach (store);
          return NULL;
        }
      before = conflict_keys (store);
      ok = check_chain (store, sender, result->device_name, &result->first_seq, &result->last_seq, error)
           && store_new_events (store, &result->stored, error);
      if (ok)
        {
          after = conflict_keys (store);
          /* in the same transaction: one sync to the disk, not two */
          log_bundle (store, "merge", path, sender, result->first_seq, result->last_seq, result->stored);
        }
      ok = ok && salur_store_commit (store, error);
      if (!ok)
        salur_store_rollback (store);
    }
  detach (store);
  if (!ok)
    return NULL;
  {
    GHashTableIter iter;
    gpointer k;
    g_hash_table_iter_init (&iter, after);
    while (g_hash_table_iter_next (&iter, &k, NULL))
      if (!g_hash_table_contains (before, k))
        result->new_conflicts++;
  }
  return g_steal_pointer (&result);
}

/* conflicts */

void
salur_conflict_free (SalurConflict *c)
{
  if (c == NULL)
    return;
  g_free (c->kpm_id);
  g_free (c->kpm_name);
  g_free (c->kind);
  g_clear_pointer (&c->payments, g_ptr_array_unref);
  g_free (c->close_note);
  g_free (c);
}

static SalurConflict *
make_conflict (SalurStore *store, const char *kind, const char *kpm_id, SalurMonth month)
{
  SalurConflict *c = g_new0 (SalurConflict, 1);
  g_autoptr(GPtrArray) all = salur_ledger_payments_of (store, kpm_id, NULL);
  g_autoptr(SalurKpm) kpm = salur_store_get_kpm (store, kpm_id, NULL);

  c->kind = g_strdup (kind);
  c->kpm_id = g_strdup (kpm_id);
  c->kpm_name = g_strdup (kpm != NULL ? kpm->name : kpm_id);
  c->month = month;
  c->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_payment_free);
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      SalurPayment *p = g_ptr_array_index (all, i);
      gboolean covers = FALSE;

      for (guint j = 0; j < p->months->len; j++)
        covers |= g_array_index (p->months, SalurMonth, j) == month;
      if (covers && !p->voided)
        g_ptr_array_add (c->payments, g_ptr_array_steal_index (all, i--));
    }
  return c;
}

GPtrArray *
salur_sync_conflicts (SalurStore  *store,
                      GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_conflict_free);
  sqlite3_stmt *stmt;

  /* a month paid twice, on whatever devices */
  stmt = _salur_store_prepare (store,
                               "SELECT m.kpm_id, m.month FROM ev_month m WHERE m.what = 'payment'"
                               " AND NOT EXISTS (SELECT 1 FROM ev_void v WHERE v.target_device = m.device_id"
                               " AND v.target_seq = m.seq)"
                               " GROUP BY m.kpm_id, m.month HAVING count(*) > 1 ORDER BY m.month, m.kpm_id", error);
  if (stmt == NULL)
    return NULL;
  {
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GArray) months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        SalurMonth m = sqlite3_column_int (stmt, 1);
        g_ptr_array_add (keys, _salur_column_text (stmt, 0));
        g_array_append_val (months, m);
      }
    sqlite3_reset (stmt);
    for (guint i = 0; i < keys->len; i++)
      g_ptr_array_add (list, make_conflict (store, "double", keys->pdata[i], g_array_index (months, SalurMonth, i)));
  }

  /* a month paid after the KPM was closed from it */
  stmt = _salur_store_prepare (store,
                               "SELECT m.kpm_id, m.month, c.reason, c.sk_number, e.operator, c.from_month"
                               " FROM ev_month m JOIN ev_close c ON c.kpm_id = m.kpm_id"
                               " JOIN event e ON e.device_id = c.device_id AND e.seq = c.seq"
                               " WHERE m.what = 'payment' AND m.month >= c.from_month"
                               " AND NOT EXISTS (SELECT 1 FROM ev_void v WHERE v.target_device = m.device_id"
                               " AND v.target_seq = m.seq) ORDER BY m.month, m.kpm_id", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *kpm_id = _salur_column_text (stmt, 0);
      g_autofree char *from = salur_month_format_id (sqlite3_column_int (stmt, 5));
      SalurConflict *c = make_conflict (store, "closed", kpm_id, sqlite3_column_int (stmt, 1));

      c->close_note = g_strdup_printf (_("closed from %s (%s, SK %s) by %s"), from, sqlite3_column_text (stmt, 2),
                                       sqlite3_column_text (stmt, 3), sqlite3_column_text (stmt, 4));
      g_ptr_array_add (list, c);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

/* field delivery */

gboolean
salur_sync_field_summary (SalurStore         *store,
                          SalurFieldSummary  *summary,
                          GError            **error)
{
  const char *self = _salur_store_device_id (store);
  sqlite3_stmt *stmt = _salur_store_prepare (store,
                                             "SELECT role, cash, assignee, kpm FROM ev_device WHERE target = ?"
                                             " ORDER BY seq DESC LIMIT 1", error);
  g_autofree char *kpm = NULL;
  gboolean field = FALSE;

  memset (summary, 0, sizeof *summary);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      field = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "field") == 0;
      summary->cash_out = sqlite3_column_int64 (stmt, 1);
      summary->assignee = _salur_column_text (stmt, 2);
      kpm = _salur_column_text (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (!field)
    {
      g_free (summary->assignee);
      summary->assignee = NULL;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE,
                   _("This laptop is not a field laptop: its package was not made with --for field."));
      return FALSE;
    }
  summary->paid_at_home = _salur_store_query_int (store,
                                     "SELECT coalesce (sum (p.total), 0) FROM ev_payment p WHERE p.device_id = ?"
                                     " AND NOT EXISTS (SELECT 1 FROM ev_void v WHERE v.target_device = p.device_id"
                                     " AND v.target_seq = p.seq)", self);
  summary->payments = _salur_store_query_int (store,
                                 "SELECT count(*) FROM ev_payment p WHERE p.device_id = ?"
                                 " AND NOT EXISTS (SELECT 1 FROM ev_void v WHERE v.target_device = p.device_id"
                                 " AND v.target_seq = p.seq)", self);
  summary->to_return = summary->cash_out - summary->paid_at_home;
  if (kpm != NULL && *kpm != '\0')
    {
      g_auto(GStrv) ids = g_strsplit (kpm, ",", -1);
      summary->assigned = g_strv_length (ids);
      for (guint i = 0; ids[i] != NULL; i++)
        {
          stmt = _salur_store_prepare (store,
                                       "SELECT EXISTS (SELECT 1 FROM ev_payment p WHERE p.kpm_id = ?1 AND p.device_id = ?2"
                                       " AND NOT EXISTS (SELECT 1 FROM ev_void v WHERE v.target_device = p.device_id"
                                       " AND v.target_seq = p.seq))", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, ids[i], -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, self, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0))
            summary->assigned_paid++;
          sqlite3_reset (stmt);
        }
    }
  return TRUE;
}

static int
cmp_path (gconstpointer a,
          gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

GStrv
salur_sync_list_bundles (const char  *dir,
                         GError     **error)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      char magic[MAGIC_LEN];
      FILE *f;
      gboolean is_bundle;

      /* a bundle is known by its first bytes: villages name files as they like */
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || (f = fopen (path, "rb")) == NULL)
        continue;
      is_bundle = fread (magic, 1, MAGIC_LEN, f) == MAGIC_LEN && memcmp (magic, MAGIC_BUNDLE, MAGIC_LEN) == 0;
      fclose (f);
      if (is_bundle)
        g_ptr_array_add (found, g_steal_pointer (&path));
    }
  g_ptr_array_sort (found, cmp_path);
  g_ptr_array_add (found, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&found), FALSE);
}
