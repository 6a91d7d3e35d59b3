/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-event"
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#include "salur-error.h"
#include "salur-event.h"
#include "salur-month.h"
#include "salur-store-private.h"

/* helpers */

static void
escape_into (GString *out, const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\r')
        g_string_append (out, "\\r");
      else
        g_string_append_c (out, *p);
    }
}

static char *
unescape (const char *value, gsize len)
{
  char *out, *o;

  /* most values have nothing escaped: a merge parses some 15 an event */
  if (memchr (value, '\\', len) == NULL)
    return g_strndup (value, len);
  out = o = g_malloc (len + 1);
  for (gsize i = 0; i < len; i++)
    {
      if (value[i] == '\\' && i + 1 < len)
        {
          i++;
          *o++ = value[i] == 'n' ? '\n' : value[i] == 'r' ? '\r' : value[i];
        }
      else
        *o++ = value[i];
    }
  *o = '\0';
  return out;
}

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *base = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, g_date_time_get_microsecond (now) / 1000);
}

/* public API */

void
salur_event_free (SalurEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->device_id);
  g_free (event->kind);
  g_free (event->at);
  g_free (event->operator_name);
  g_free (event->kpm_id);
  g_free (event->body);
  g_free (event);
}

void
salur_body_add (GString    *body,
                const char *key,
                const char *value)
{
  g_assert (strchr (key, '=') == NULL && strchr (key, '\n') == NULL);
  g_string_append (body, key);
  g_string_append_c (body, '=');
  escape_into (body, value != NULL ? value : "");
  g_string_append_c (body, '\n');
}

void
salur_body_add_int (GString    *body,
                    const char *key,
                    gint64      value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  salur_body_add (body, key, buf);
}

GHashTable *
salur_body_parse (const char  *body,
                  GError     **error)
{
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p = body;

  while (*p != '\0')
    {
      const char *nl = strchr (p, '\n');
      const char *eq = strchr (p, '=');

      if (nl == NULL || eq == NULL || eq > nl)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                       _("An event's content is damaged: a line is not “key=value”."));
          return NULL;
        }
      g_hash_table_replace (fields, g_strndup (p, eq - p), unescape (eq + 1, nl - eq - 1));
      p = nl + 1;
    }
  return g_steal_pointer (&fields);
}

const char *
salur_body_get (GHashTable *fields,
                const char *key)
{
  const char *v = g_hash_table_lookup (fields, key);

  return v != NULL ? v : "";
}

char *
salur_hash_to_hex (const guint8 *hash)
{
  char *hex = g_malloc (SALUR_HASH_LEN * 2 + 1);

  sodium_bin2hex (hex, SALUR_HASH_LEN * 2 + 1, hash, SALUR_HASH_LEN);
  return hex;
}

char *
salur_event_canonical (const SalurEvent *event)
{
  GString *out = g_string_new ("salur-event 1\n");
  g_autofree char *prev = salur_hash_to_hex (event->prev_hash);

  salur_body_add (out, "device", event->device_id);
  salur_body_add_int (out, "seq", event->seq);
  salur_body_add (out, "kind", event->kind);
  salur_body_add (out, "at", event->at);
  salur_body_add (out, "operator", event->operator_name);
  salur_body_add (out, "kpm", event->kpm_id);
  salur_body_add (out, "prev", prev);
  g_string_append (out, "--\n");
  g_string_append (out, event->body);
  return g_string_free (out, FALSE);
}

/* One line of the canonical text, "key=escaped value\n", straight into the
 * hash: the bytes salur_body_add writes */
static void
hash_line (crypto_generichash_state *state, const char *key, const char *value)
{
  const char *run;

  if (value == NULL)
    value = "";
  run = value;
  crypto_generichash_update (state, (const guint8 *) key, strlen (key));
  crypto_generichash_update (state, (const guint8 *) "=", 1);
  for (const char *p = value;; p++)
    {
      const char *escaped = *p == '\\' ? "\\\\" : *p == '\n' ? "\\n" : *p == '\r' ? "\\r" : NULL;

      if (escaped == NULL && *p != '\0')
        continue;
      crypto_generichash_update (state, (const guint8 *) run, p - run);
      if (*p == '\0')
        break;
      crypto_generichash_update (state, (const guint8 *) escaped, 2);
      run = p + 1;
    }
  crypto_generichash_update (state, (const guint8 *) "\n", 1);
}

/* The hash of salur_event_canonical (), without writing the text out: every
 * event a merge brings is hashed again, and every payment made */
void
salur_event_compute_hash (const SalurEvent *event,
                          guint8            out[SALUR_HASH_LEN])
{
  static const char head[] = "salur-event 1\n";
  crypto_generichash_state state;
  char seq[32], prev[SALUR_HASH_LEN * 2 + 1];

  g_snprintf (seq, sizeof seq, "%" G_GINT64_FORMAT, event->seq);
  sodium_bin2hex (prev, sizeof prev, event->prev_hash, SALUR_HASH_LEN);
  crypto_generichash_init (&state, NULL, 0, SALUR_HASH_LEN);
  crypto_generichash_update (&state, (const guint8 *) head, sizeof head - 1);
  hash_line (&state, "device", event->device_id);
  hash_line (&state, "seq", seq);
  hash_line (&state, "kind", event->kind);
  hash_line (&state, "at", event->at);
  hash_line (&state, "operator", event->operator_name);
  hash_line (&state, "kpm", event->kpm_id);
  hash_line (&state, "prev", prev);
  crypto_generichash_update (&state, (const guint8 *) "--\n", 3);
  crypto_generichash_update (&state, (const guint8 *) event->body, strlen (event->body));
  crypto_generichash_final (&state, out, SALUR_HASH_LEN);
}

gint64
_salur_event_next_seq (SalurStore  *store,
                       GError     **error)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store, "SELECT max (seq) FROM event WHERE device_id = ?", error);
  gint64 seq = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, _salur_store_device_id (store), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq + 1;
}

SalurEvent *
_salur_event_append (SalurStore  *store,
                     const char  *kind,
                     const char  *operator_name,
                     const char  *kpm_id,
                     const char  *body,
                     GError     **error)
{
  g_autoptr(SalurEvent) event = g_new0 (SalurEvent, 1);
  sqlite3_stmt *stmt;
  int rc;

  event->device_id = g_strdup (_salur_store_device_id (store));
  event->kind = g_strdup (kind);
  event->at = now_utc ();
  event->operator_name = g_strdup (operator_name != NULL ? operator_name : "");
  event->kpm_id = g_strdup (kpm_id != NULL ? kpm_id : "");
  event->body = g_strdup (body);

  /* an operator disabled since signing in (here, or on the master and
   * merged in) writes nothing more: a desk left signed in all day notices */
  if (*event->operator_name != '\0')
    {
      stmt = _salur_store_prepare (store,
                                   "SELECT o.active FROM ev_operator o JOIN event e ON e.device_id = o.device_id"
                                   " AND e.seq = o.seq WHERE o.name = ?"
                                   " ORDER BY e.at DESC, o.device_id DESC, o.seq DESC LIMIT 1", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, event->operator_name, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 0)
        {
          sqlite3_reset (stmt);
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN,
                       _("%s was disabled as an operator by the bendahara and can record nothing more. "
                         "Sign in as another operator."), event->operator_name);
          return NULL;
        }
      sqlite3_reset (stmt);
    }

  /* the previous event of this device gives the sequence and the chain */
  stmt = _salur_store_prepare (store,
                               "SELECT seq, hash FROM event WHERE device_id = ? ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, event->device_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      event->seq = sqlite3_column_int64 (stmt, 0) + 1;
      if (sqlite3_column_bytes (stmt, 1) == SALUR_HASH_LEN)
        memcpy (event->prev_hash, sqlite3_column_blob (stmt, 1), SALUR_HASH_LEN);
    }
  else
    event->seq = 1;
  sqlite3_reset (stmt);

  salur_event_compute_hash (event, event->hash);

  stmt = _salur_store_prepare (store,
                               "INSERT INTO event (device_id, seq, kind, at, operator, kpm_id, body, prev_hash, hash)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, event->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, event->seq);
  sqlite3_bind_text (stmt, 3, event->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, event->at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, event->operator_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, event->kpm_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, event->body, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 8, event->prev_hash, SALUR_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 9, event->hash, SALUR_HASH_LEN, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (store, error, _("Cannot record the event"));
      return NULL;
    }

  if (!_salur_event_project (store, "main", event, error))
    return NULL;
  return g_steal_pointer (&event);
}

/* projections: one function per kind, the same for events made here, merged
 * from elsewhere, and re-projected by verify */

static gboolean
run (SalurStore *store, const char *sql_template, const char *schema, GError **error,
     const char *types, ...)
{
  static GHashTable *main_sql;   /* template -> its SQL for "main": formatted once, not per event */
  static GMutex lock;
  const char *sql;
  sqlite3_stmt *stmt;

  if (g_str_equal (schema, "main"))
    {
      g_mutex_lock (&lock);
      if (main_sql == NULL)
        main_sql = g_hash_table_new (g_direct_hash, g_direct_equal);
      sql = g_hash_table_lookup (main_sql, sql_template);
      if (sql == NULL)
        {
          g_autofree char *text = g_strdup_printf (sql_template, schema, schema, schema);
          sql = g_intern_string (text);
          g_hash_table_insert (main_sql, (gpointer) sql_template, (gpointer) sql);
        }
      g_mutex_unlock (&lock);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (sql_template, schema, schema, schema);
      sql = g_intern_string (text);
    }
  stmt = _salur_store_prepare (store, sql, error);
  va_list args;
  int rc;

  if (stmt == NULL)
    return FALSE;
  va_start (args, types);
  for (int i = 0; types[i] != '\0'; i++)
    {
      switch (types[i])
        {
        case 's':
          /* the caller's strings outlive the step: no copy (a merge binds
           * some 20 a payment) */
          sqlite3_bind_text (stmt, i + 1, va_arg (args, const char *), -1, SQLITE_STATIC);
          break;
        case 'i':
          sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
          break;
        case 'b':
          {
            GBytes *b = va_arg (args, GBytes *);
            if (b == NULL)
              sqlite3_bind_null (stmt, i + 1);
            else
              {
                gsize len;
                const void *data = g_bytes_get_data (b, &len);
                sqlite3_bind_blob (stmt, i + 1, data, len, SQLITE_STATIC);
              }
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  va_end (args);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (store, error, _("Cannot record the event"));
      return FALSE;
    }
  return TRUE;
}

static gint64
body_int (GHashTable *f, const char *key)
{
  return g_ascii_strtoll (salur_body_get (f, key), NULL, 10);
}

static gboolean
project_months (SalurStore *store, const char *schema, const SalurEvent *e, GHashTable *f,
                const char *what, GError **error)
{
  g_autoptr(GArray) months = salur_month_parse_list (salur_body_get (f, "months"), NULL);

  if (months == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                   _("Event %" PRId64 " of device %.8s names no valid months."), e->seq, e->device_id);
      return FALSE;
    }
  for (guint i = 0; i < months->len; i++)
    if (!run (store,
              "INSERT INTO %s.ev_month (device_id, seq, kpm_id, month, what, receipt, at, operator, desk,"
              " proxy_name, proxy_relation, place, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              schema, error, "sisisssssssss", e->device_id, e->seq, e->kpm_id,
              (gint64) g_array_index (months, SalurMonth, i), what, salur_body_get (f, "receipt"), e->at,
              e->operator_name, salur_body_get (f, "desk"), salur_body_get (f, "proxy_name"),
              salur_body_get (f, "proxy_relation"), salur_body_get (f, "place"), salur_body_get (f, "reason")))
      return FALSE;
  return TRUE;
}

gboolean
_salur_event_project (SalurStore        *store,
                      const char        *schema,
                      const SalurEvent  *e,
                      GError           **error)
{
  g_autoptr(GHashTable) f = salur_body_parse (e->body, error);
  const char *k = e->kind;

  if (f == NULL)
    return FALSE;

  if (g_str_equal (k, "payment"))
    {
      g_autoptr(GBytes) sig = NULL;
      const char *sig64 = salur_body_get (f, "signature");

      if (*sig64 != '\0')
        {
          gsize len = 0;
          guchar *raw = g_base64_decode (sig64, &len);
          sig = g_bytes_new_take (raw, len);
        }
      return run (store,
                  "INSERT INTO %s.ev_payment (device_id, seq, receipt, kpm_id, desk, amount_per_month, total,"
                  " place, witness, proxy_name, proxy_nik, proxy_relation, surat_kuasa, proof, proof_note, signature,"
                  " at, operator)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", schema, error, "sisssiisssssissbss",
                  e->device_id, e->seq, salur_body_get (f, "receipt"), e->kpm_id, salur_body_get (f, "desk"),
                  body_int (f, "amount_per_month"), body_int (f, "total"), salur_body_get (f, "place"),
                  salur_body_get (f, "witness"), salur_body_get (f, "proxy_name"), salur_body_get (f, "proxy_nik"),
                  salur_body_get (f, "proxy_relation"), body_int (f, "surat_kuasa"), salur_body_get (f, "proof"),
                  salur_body_get (f, "proof_note"), sig, e->at, e->operator_name)
             && project_months (store, schema, e, f, "payment", error);
    }
  if (g_str_equal (k, "absence"))
    return run (store,
                "INSERT INTO %s.ev_absence (device_id, seq, kpm_id, desk, reason, at, operator)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", schema, error, "sisssss", e->device_id, e->seq, e->kpm_id,
                salur_body_get (f, "desk"), salur_body_get (f, "reason"), e->at, e->operator_name)
           && project_months (store, schema, e, f, "absence", error);
  if (g_str_equal (k, "void"))
    return run (store,
                "INSERT INTO %s.ev_void (device_id, seq, target_device, target_seq, receipt, reason)"
                " VALUES (?, ?, ?, ?, ?, ?)", schema, error, "sisiss", e->device_id, e->seq,
                salur_body_get (f, "target_device"), body_int (f, "target_seq"), salur_body_get (f, "receipt"),
                salur_body_get (f, "reason"));
  if (g_str_equal (k, "close"))
    return run (store,
                "INSERT INTO %s.ev_close (device_id, seq, kpm_id, from_month, reason, note, sk_number)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", schema, error, "sisisss", e->device_id, e->seq, e->kpm_id,
                body_int (f, "from_month"), salur_body_get (f, "reason"), salur_body_get (f, "note"),
                salur_body_get (f, "sk_number"));
  if (g_str_equal (k, "correct"))
    return run (store,
                "INSERT INTO %s.ev_correct (device_id, seq, kpm_id, field, old_value, new_value, reason, sk_number)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", schema, error, "sissssss", e->device_id, e->seq, e->kpm_id,
                salur_body_get (f, "field"), salur_body_get (f, "old"), salur_body_get (f, "new"),
                salur_body_get (f, "reason"), salur_body_get (f, "sk_number"));
  if (g_str_equal (k, "operator"))
    return run (store,
                "INSERT INTO %s.ev_operator (device_id, seq, name, role, pin_hash, active) VALUES (?, ?, ?, ?, ?, ?)",
                schema, error, "sisssi", e->device_id, e->seq, salur_body_get (f, "name"),
                salur_body_get (f, "role"), salur_body_get (f, "pin_hash"), body_int (f, "active"));
  if (g_str_equal (k, "import"))
    return run (store,
                "INSERT INTO %s.ev_import (device_id, seq, file, format, rows, digest) VALUES (?, ?, ?, ?, ?, ?)",
                schema, error, "sissis", e->device_id, e->seq, salur_body_get (f, "file"),
                salur_body_get (f, "format"), body_int (f, "rows"), salur_body_get (f, "digest"));
  if (g_str_equal (k, "card"))
    return run (store,
                "INSERT INTO %s.ev_card (device_id, seq, serial, kpm_id, months, short_code, replaces)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", schema, error, "sisssss", e->device_id, e->seq,
                salur_body_get (f, "serial"), e->kpm_id, salur_body_get (f, "months"),
                salur_body_get (f, "short_code"), salur_body_get (f, "replaces"));
  if (g_str_equal (k, "device"))
    return run (store,
                "INSERT INTO %s.ev_device (device_id, seq, target, name, role, public_key, dusun, assignee, cash, kpm)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", schema, error, "sissssssis", e->device_id, e->seq,
                salur_body_get (f, "target"), salur_body_get (f, "name"), salur_body_get (f, "role"),
                salur_body_get (f, "public_key"), salur_body_get (f, "dusun"), salur_body_get (f, "assignee"),
                body_int (f, "cash"), salur_body_get (f, "kpm"));
  if (g_str_equal (k, "complaint"))
    return run (store,
                "INSERT INTO %s.ev_complaint (device_id, seq, slip, kpm_id, months, kind, complainant, contact, text,"
                " desk, at, operator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", schema, error, "sissssssssss",
                e->device_id, e->seq, salur_body_get (f, "slip"), e->kpm_id, salur_body_get (f, "months"),
                salur_body_get (f, "kind"), salur_body_get (f, "complainant"), salur_body_get (f, "contact"),
                salur_body_get (f, "text"), salur_body_get (f, "desk"), e->at, e->operator_name);
  if (g_str_equal (k, "answer"))
    return run (store,
                "INSERT INTO %s.ev_answer (device_id, seq, slip, state, answer, at, operator)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", schema, error, "sisssss", e->device_id, e->seq,
                salur_body_get (f, "slip"), salur_body_get (f, "state"), salur_body_get (f, "answer"),
                e->at, e->operator_name);
  if (g_str_equal (k, "reveal"))
    return run (store,
                "INSERT INTO %s.ev_reveal (device_id, seq, kpm_id, desk, at, operator) VALUES (?, ?, ?, ?, ?, ?)",
                schema, error, "sissss", e->device_id, e->seq, e->kpm_id, salur_body_get (f, "desk"),
                e->at, e->operator_name);
  if (g_str_equal (k, "desk-close"))
    return run (store,
                "INSERT INTO %s.ev_desk_close (device_id, seq, desk, months, cash_opening, paid, payments,"
                " cash_counted, note, at, operator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", schema, error,
                "sissiiiisss", e->device_id, e->seq, salur_body_get (f, "desk"), salur_body_get (f, "months"),
                body_int (f, "cash_opening"), body_int (f, "paid"), body_int (f, "payments"),
                body_int (f, "cash_counted"), salur_body_get (f, "note"), e->at, e->operator_name);
  if (g_str_equal (k, "add"))
    return run (store,
                "INSERT INTO %s.kpm (id, nik, kk, name, sex, birth_date, birth_place, address, rt, rw, dusun_id,"
                " occupation, criteria, payment_method, family_size, from_month, origin_device, origin_seq)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM main.dusun WHERE name = ?), ?, ?, ?, ?, ?, ?, ?)",
                schema, error, "ssssssssssssssiisi", e->kpm_id, salur_body_get (f, "nik"), salur_body_get (f, "kk"),
                salur_body_get (f, "name"), salur_body_get (f, "sex"), salur_body_get (f, "birth_date"),
                salur_body_get (f, "birth_place"), salur_body_get (f, "address"), salur_body_get (f, "rt"),
                salur_body_get (f, "rw"), salur_body_get (f, "dusun"), salur_body_get (f, "occupation"),
                salur_body_get (f, "criteria"), salur_body_get (f, "payment_method"),
                body_int (f, "family_size"), body_int (f, "from_month"), e->device_id, e->seq);

  g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
               _("Event %" PRId64 " of device %.8s is of a kind this Salur does not know (“%s”): "
                 "update Salur."), e->seq, e->device_id, k);
  return FALSE;
}
