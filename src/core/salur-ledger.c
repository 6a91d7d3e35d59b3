/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-ledger"
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#include "salur-error.h"
#include "salur-event.h"
#include "salur-complaint.h"
#include "salur-ledger-private.h"
#include "salur-money.h"
#include "salur-signature.h"
#include "salur-store-private.h"

#define PIN_FREE_TRIES 3       /* wrong PINs before the wait starts */
#define PIN_MAX_WAIT   300     /* seconds */

static const char *const role_names[] = { "kepala-dusun", "petugas", "bendahara", "auditor" };
static const char *const place_names[] = { "hall", "home" };
static const char *const proof_names[] = { "signature", "thumbprint", "none" };
static const char *const reason_names[] = { "died", "moved", "not-eligible", "other" };
static const char *const correctable[] = {
  "name", "nik", "kk", "birth_date", "birth_place", "address", "rt", "rw", "dusun",
  "occupation", "criteria", "payment_method", "family_size", NULL,
};

/* helpers */

static int
index_of (const char *const *names, gsize n, const char *name)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return i;
  return -1;
}

char *
_salur_ledger_months_text (GArray *months)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < months->len; i++)
    {
      g_autofree char *m = salur_month_format (g_array_index (months, SalurMonth, i));
      g_string_append_printf (out, "%s%s", i > 0 ? "," : "", m);
    }
  return g_string_free (out, FALSE);
}


gboolean
_salur_ledger_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

gboolean
_salur_ledger_require_role (const SalurOperator *by, gboolean bendahara_only, const char *what, GError **error)
{
  if (by == NULL || !by->active)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN, _("Sign in with your name and PIN to %s."), what);
      return FALSE;
    }
  if (by->role == SALUR_ROLE_AUDITOR)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN,
                   _("%s is an auditor, who reads the record but does not write it: %s cannot %s."),
                   by->name, by->name, what);
      return FALSE;
    }
  if (bendahara_only && by->role != SALUR_ROLE_BENDAHARA)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN,
                   _("Only the bendahara may %s; %s is %s."), what, by->name, salur_role_label (by->role));
      return FALSE;
    }
  return TRUE;
}

static gboolean
begin (SalurStore *store, GError **error)
{
  return salur_store_begin (store, error);
}

static gboolean
commit_or_rollback (SalurStore *store, gboolean ok, GError **error)
{
  if (ok && salur_store_commit (store, error))
    return TRUE;
  salur_store_rollback (store);
  return FALSE;
}

/* roles */

const char *
salur_role_to_string (SalurRole role)
{
  g_return_val_if_fail (role <= SALUR_ROLE_AUDITOR, "");
  return role_names[role];
}

gboolean
salur_role_from_string (const char *text,
                        SalurRole  *role)
{
  int i = index_of (role_names, G_N_ELEMENTS (role_names), text);

  if (i < 0)
    return FALSE;
  *role = i;
  return TRUE;
}

const char *
salur_role_label (SalurRole role)
{
  switch (role)
    {
    case SALUR_ROLE_KEPALA_DUSUN:
      return _("kepala dusun");
    case SALUR_ROLE_PETUGAS:
      return _("field officer");
    case SALUR_ROLE_BENDAHARA:
      return _("bendahara");
    case SALUR_ROLE_AUDITOR:
    default:
      return _("auditor");
    }
}

void
salur_operator_free (SalurOperator *op)
{
  if (op == NULL)
    return;
  g_free (op->name);
  g_free (op);
}

/* operators */

/* The operator as the latest operator event says, with the PIN hash */
static SalurOperator *
find_operator (SalurStore *store, const char *name, char **pin_hash)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store,
                                             "SELECT o.name, o.role, o.active, o.pin_hash FROM ev_operator o"
                                             " JOIN event e ON e.device_id = o.device_id AND e.seq = o.seq"
                                             " WHERE o.name = ? ORDER BY e.at DESC, o.device_id DESC, o.seq DESC LIMIT 1",
                                             NULL);
  SalurOperator *op = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SalurRole role = SALUR_ROLE_AUDITOR;

      op = g_new0 (SalurOperator, 1);
      op->name = _salur_column_text (stmt, 0);
      salur_role_from_string ((const char *) sqlite3_column_text (stmt, 1), &role);
      op->role = role;
      op->active = sqlite3_column_int (stmt, 2) != 0;
      if (pin_hash != NULL)
        *pin_hash = _salur_column_text (stmt, 3);
    }
  sqlite3_reset (stmt);
  return op;
}

static gboolean
pin_ok (const char *pin, GError **error)
{
  gsize len = pin != NULL ? strlen (pin) : 0;

  if (len < 4 || len > 12 || strspn (pin, "0123456789") != len)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("A PIN is 4 to 12 digits."));
      return FALSE;
    }
  return TRUE;
}

gboolean
salur_ledger_add_operator (SalurStore           *store,
                           const SalurOperator  *by,
                           const char           *name,
                           SalurRole             role,
                           const char           *pin,
                           GError              **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (name != NULL ? name : ""));
  char hash[crypto_pwhash_STRBYTES];
  gboolean first;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);

  if (*clean == '\0' || strchr (clean, '\n') != NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("An operator needs a name."));
      return FALSE;
    }
  if (!pin_ok (pin, error))
    return FALSE;
  /* Argon2id: slow on purpose, so a stolen data file does not give the PINs away */
  if (crypto_pwhash_str (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED, _("Not enough memory to protect the PIN."));
      return FALSE;
    }

  if (!begin (store, error))
    return FALSE;
  first = _salur_store_query_int (store, "SELECT count(*) FROM ev_operator", NULL) == 0;
  if (first && role != SALUR_ROLE_BENDAHARA)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN,
                   _("The first operator must be the bendahara, who then adds the others."));
      salur_store_rollback (store);
      return FALSE;
    }
  if (!first && !_salur_ledger_require_role (by, TRUE, _("add or change operators"), error))
    {
      salur_store_rollback (store);
      return FALSE;
    }
  {
    g_autoptr(SalurOperator) existing = find_operator (store, clean, NULL);
    if (existing != NULL)
      {
        g_free (clean);
        clean = g_strdup (existing->name);
      }
  }

  salur_body_add (body, "name", clean);
  salur_body_add (body, "role", salur_role_to_string (role));
  salur_body_add (body, "pin_hash", hash);
  salur_body_add_int (body, "active", 1);
  event = _salur_event_append (store, "operator", first ? clean : by->name, NULL, body->str, error);
  return commit_or_rollback (store, event != NULL, error);
}

gboolean
salur_ledger_disable_operator (SalurStore           *store,
                               const SalurOperator  *by,
                               const char           *name,
                               GError              **error)
{
  g_autoptr(SalurOperator) op = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);

  if (!_salur_ledger_require_role (by, TRUE, _("add or change operators"), error))
    return FALSE;
  if (!begin (store, error))
    return FALSE;
  op = find_operator (store, name, &hash);
  if (op == NULL || !op->active)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND, _("There is no active operator called %s."), name);
      return commit_or_rollback (store, FALSE, error);
    }
  if (g_ascii_strcasecmp (op->name, by->name) == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN, _("The bendahara cannot disable themself."));
      return commit_or_rollback (store, FALSE, error);
    }
  salur_body_add (body, "name", op->name);
  salur_body_add (body, "role", salur_role_to_string (op->role));
  salur_body_add (body, "pin_hash", hash);
  salur_body_add_int (body, "active", 0);
  event = _salur_event_append (store, "operator", by->name, NULL, body->str, error);
  return commit_or_rollback (store, event != NULL, error);
}

GPtrArray *
salur_ledger_list_operators (SalurStore  *store,
                             GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_operator_free);
  sqlite3_stmt *stmt = _salur_store_prepare (store,
                                             "SELECT DISTINCT name FROM ev_operator ORDER BY name COLLATE NOCASE",
                                             error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, _salur_column_text (stmt, 0));
  sqlite3_reset (stmt);
  for (guint i = 0; i < names->len; i++)
    {
      SalurOperator *op = find_operator (store, names->pdata[i], NULL);
      if (op != NULL)
        g_ptr_array_add (list, op);
    }
  return g_steal_pointer (&list);
}

SalurOperator *
salur_ledger_login_at (const char  *path,
                       const char  *name,
                       const char  *pin,
                       GError     **error)
{
  g_autoptr(SalurStore) store = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  store = salur_store_open (path, error);
  if (store == NULL)
    return NULL;
  return salur_ledger_login (store, name, pin, error);
}

SalurOperator *
salur_ledger_login (SalurStore  *store,
                    const char  *name,
                    const char  *pin,
                    GError     **error)
{
  g_autoptr(SalurOperator) op = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 last_fail = 0;
  int fails = 0;
  gboolean ok;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  name = name != NULL ? name : "";
  /* wrong PINs since the last right one */
  stmt = _salur_store_prepare (store,
                               "SELECT count(*), max (at) FROM pin_attempt WHERE name = ?1 AND ok = 0 AND id >"
                               " coalesce ((SELECT max (id) FROM pin_attempt WHERE name = ?1 AND ok = 1), 0)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      fails = sqlite3_column_int (stmt, 0);
      last_fail = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (fails >= PIN_FREE_TRIES)
    {
      gint64 wait = MIN (PIN_MAX_WAIT, 15 << MIN (fails - PIN_FREE_TRIES, 5));
      if (now < last_fail + wait)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_THROTTLED,
                       _("Too many wrong PINs for %s. Try again in %u seconds."), name,
                       (guint) (last_fail + wait - now));
          return NULL;
        }
    }

  op = find_operator (store, name, &hash);
  ok = op != NULL && op->active && pin != NULL
       && crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0;

  stmt = _salur_store_prepare (store, "INSERT INTO pin_attempt (name, at, ok) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int (stmt, 3, ok);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (!ok)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN, _("Wrong name or PIN."));
      return NULL;
    }
  return g_steal_pointer (&op);
}

/* payments */

void
salur_payment_free (SalurPayment *p)
{
  if (p == NULL)
    return;
  g_free (p->device_id);
  g_free (p->receipt);
  g_free (p->kpm_id);
  g_free (p->kpm_name);
  g_free (p->kpm_nik);
  g_clear_pointer (&p->months, g_array_unref);
  g_free (p->desk);
  g_free (p->witness);
  g_free (p->proxy_name);
  g_free (p->proxy_nik);
  g_free (p->proxy_relation);
  g_clear_pointer (&p->signature, g_bytes_unref);
  g_free (p->proof_note);
  g_free (p->operator_name);
  g_free (p->at);
  g_free (p->hash_hex);
  g_free (p->void_reason);
  g_free (p);
}

#define PAYMENT_COLUMNS \
  "p.device_id, p.seq, p.receipt, p.kpm_id, p.desk, p.amount_per_month, p.total, p.place, p.witness," \
  " p.proxy_name, p.proxy_nik, p.proxy_relation, p.surat_kuasa, p.proof, p.proof_note, p.signature," \
  " e.operator, e.at, e.hash, v.reason," \
  " (SELECT group_concat (month) FROM (SELECT month FROM ev_month m WHERE m.device_id = p.device_id" \
  "   AND m.seq = p.seq ORDER BY month))"
#define PAYMENT_FROM \
  " FROM ev_payment p JOIN event e ON e.device_id = p.device_id AND e.seq = p.seq" \
  " LEFT JOIN ev_void v ON v.target_device = p.device_id AND v.target_seq = p.seq"

static SalurPayment *
payment_from_row (SalurStore *store, sqlite3_stmt *stmt)
{
  SalurPayment *p = g_new0 (SalurPayment, 1);
  const char *months = (const char *) sqlite3_column_text (stmt, 20);
  int i;

  p->device_id = _salur_column_text (stmt, 0);
  p->seq = sqlite3_column_int64 (stmt, 1);
  p->receipt = _salur_column_text (stmt, 2);
  p->kpm_id = _salur_column_text (stmt, 3);
  p->desk = _salur_column_text (stmt, 4);
  p->amount_per_month = sqlite3_column_int64 (stmt, 5);
  p->total = sqlite3_column_int64 (stmt, 6);
  i = index_of (place_names, G_N_ELEMENTS (place_names), (const char *) sqlite3_column_text (stmt, 7));
  p->place = MAX (i, 0);
  p->witness = _salur_column_text (stmt, 8);
  p->proxy_name = _salur_column_text (stmt, 9);
  p->proxy_nik = _salur_column_text (stmt, 10);
  p->proxy_relation = _salur_column_text (stmt, 11);
  p->surat_kuasa_seen = sqlite3_column_int (stmt, 12) != 0;
  i = index_of (proof_names, G_N_ELEMENTS (proof_names), (const char *) sqlite3_column_text (stmt, 13));
  p->proof = MAX (i, 0);
  p->proof_note = _salur_column_text (stmt, 14);
  if (sqlite3_column_type (stmt, 15) == SQLITE_BLOB)
    p->signature = g_bytes_new (sqlite3_column_blob (stmt, 15), sqlite3_column_bytes (stmt, 15));
  p->operator_name = _salur_column_text (stmt, 16);
  p->at = _salur_column_text (stmt, 17);
  p->hash_hex = sqlite3_column_bytes (stmt, 18) == SALUR_HASH_LEN
                ? salur_hash_to_hex (sqlite3_column_blob (stmt, 18)) : g_strdup ("");
  p->voided = sqlite3_column_type (stmt, 19) != SQLITE_NULL;
  p->void_reason = _salur_column_text (stmt, 19);
  p->months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  if (months != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (months, ",", -1);
      for (guint j = 0; parts[j] != NULL; j++)
        {
          SalurMonth m = g_ascii_strtoll (parts[j], NULL, 10);
          g_array_append_val (p->months, m);
        }
    }
  {
    g_autoptr(SalurKpm) kpm = salur_store_get_kpm (store, p->kpm_id, NULL);
    p->kpm_name = g_strdup (kpm != NULL ? kpm->name : "");
    p->kpm_nik = g_strdup (kpm != NULL ? kpm->nik : "");
  }
  return p;
}

static GPtrArray *
query_payments (SalurStore *store, const char *where, const char *param, gint64 month, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " PAYMENT_COLUMNS PAYMENT_FROM " WHERE %s ORDER BY e.at, p.device_id, p.seq", where);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_payment_free);
  sqlite3_stmt *stmt = _salur_store_prepare (store, g_intern_string (sql), error);

  if (stmt == NULL)
    return NULL;
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (month != 0)
    sqlite3_bind_int64 (stmt, 2, month);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, payment_from_row (store, stmt));
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

SalurPayment *
salur_ledger_get_payment (SalurStore  *store,
                          const char  *receipt,
                          GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *up = g_ascii_strup (receipt != NULL ? receipt : "", -1);

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  found = query_payments (store, "p.receipt = ?1", g_strstrip (up), 0, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND, _("There is no receipt %s in the record."), up);
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

GPtrArray *
salur_ledger_payments_of (SalurStore  *store,
                          const char  *kpm_id,
                          GError     **error)
{
  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  return query_payments (store, "p.kpm_id = ?1", kpm_id, 0, error);
}

/* "Krajan" -> "KRJ": the first letter and the next consonants, for receipts
 * a desk reads aloud */
static void
desk_code (const char *desk, char out[4])
{
  int n = 0;

  for (const char *p = desk; *p != '\0' && n < 3; p++)
    {
      char c = g_ascii_toupper (*p);

      if (!g_ascii_isalpha (c))
        continue;
      if (n > 0 && strchr ("AEIOU", c) != NULL)
        continue;
      out[n++] = c;
    }
  while (n < 3)
    out[n++] = 'X';
  out[3] = '\0';
}

/* The number is the payment's own event sequence on this device: unique
 * with the device tag, and found without counting anything */
static char *
next_receipt (SalurStore *store, const char *desk)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 n = _salur_event_next_seq (store, NULL);
  char code[4];

  desk_code (desk, code);
  return g_strdup_printf ("%s-%s-%02d%02d-%04" G_GINT64_FORMAT, code, _salur_store_device_tag (store),
                          g_date_time_get_year (now) % 100, g_date_time_get_month (now), n);
}

/* The payment that already covers MONTH for KPM_ID, if any */
static SalurPayment *
paid_for (SalurStore *store, const char *kpm_id, SalurMonth month)
{
  g_autoptr(GPtrArray) found = query_payments (store,
                                               "v.reason IS NULL AND p.kpm_id = ?1 AND EXISTS (SELECT 1 FROM ev_month m"
                                               " WHERE m.device_id = p.device_id AND m.seq = p.seq AND m.month = ?2)",
                                               kpm_id, month, NULL);

  return found != NULL && found->len > 0 ? g_ptr_array_steal_index (found, 0) : NULL;
}

/* Why KPM cannot be paid for MONTHS, or TRUE */
static gboolean
check_months (SalurStore *store, const SalurKpm *kpm, GArray *months, const SalurVillage *village,
              GError **error)
{
  if (months == NULL || months->len == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("Say which months are paid."));
      return FALSE;
    }
  for (guint i = 1; i < months->len; i++)
    if (g_array_index (months, SalurMonth, i) <= g_array_index (months, SalurMonth, i - 1))
      {
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("Each month is paid once: list the months in order, without repeats."));
        return FALSE;
      }
  if (months->len > village->max_months)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_TOO_MANY_MONTHS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u months at once is more than the village pays together (at most %u month).",
                                "%u months at once is more than the village pays together (at most %u months).",
                                village->max_months),
                   months->len, village->max_months);
      return FALSE;
    }
  for (guint i = 0; i < months->len; i++)
    {
      SalurMonth m = g_array_index (months, SalurMonth, i);
      g_autofree char *name = salur_month_format_id (m);
      g_autoptr(SalurPayment) paid = NULL;

      if (m < kpm->from_month)
        {
          g_autofree char *from = salur_month_format_id (kpm->from_month);
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_ON_LIST,
                       _("%s is on the list only from %s, not for %s."), kpm->name, from, name);
          return FALSE;
        }
      if (kpm->closed_from != SALUR_MONTH_NONE && m >= kpm->closed_from)
        {
          g_autofree char *from = salur_month_format_id (kpm->closed_from);
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_CLOSED,
                       _("%s is off the list from %s (see “salur history”): %s cannot be paid."), kpm->name, from, name);
          return FALSE;
        }
      paid = paid_for (store, kpm->id, m);
      if (paid != NULL)
        {
          g_autofree char *when = salur_time_to_local (paid->at);
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_ALREADY_PAID,
                       _("%s is already paid for %s: on %s at desk %s by %s, receipt %s."),
                       kpm->name, name, when, paid->desk, paid->operator_name, paid->receipt);
          return FALSE;
        }
    }
  return TRUE;
}

SalurPayment *
salur_ledger_pay (SalurStore                 *store,
                  const SalurOperator        *by,
                  const SalurPaymentRequest  *req,
                  GError                    **error)
{
  g_autoptr(SalurVillage) village = NULL;
  g_autoptr(SalurKpm) kpm = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;
  g_autofree char *receipt = NULL, *months = NULL;
  char proxy_nik[SALUR_NIK_LEN + 1] = "";
  gboolean proxy = req->proxy_name != NULL && *req->proxy_name != '\0';

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (req != NULL && req->kpm_id != NULL, NULL);

  if (!_salur_ledger_require_role (by, FALSE, _("record a payment"), error))
    return NULL;
  if (req->desk == NULL || *req->desk == '\0')
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("Say which desk pays."));
      return NULL;
    }
  if (proxy)
    {
      SalurNik nik;

      if (!salur_nik_parse (req->proxy_nik, SALUR_CELL_TEXT, &nik, error))
        {
          g_prefix_error (error, _("The proxy's NIK: "));
          return NULL;
        }
      memcpy (proxy_nik, nik.digits, sizeof proxy_nik);
      if (req->proxy_relation == NULL || *req->proxy_relation == '\0')
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("Say how the proxy is related to the KPM (for example: anak, istri, suami)."));
          return NULL;
        }
    }
  if (req->place == SALUR_PLACE_HOME && (req->witness == NULL || *req->witness == '\0'))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("A payment at home needs the name of a witness."));
      return NULL;
    }
  if (req->proof == SALUR_PROOF_SIGNATURE && (req->signature == NULL || g_bytes_get_size (req->signature) == 0))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("The signature is empty: sign again or choose the thumbprint."));
      return NULL;
    }
  if (req->proof == SALUR_PROOF_SIGNATURE)
    {
      g_autoptr(SalurSignature) sig = salur_signature_decode (req->signature, NULL);
      if (sig == NULL || salur_signature_is_empty (sig))
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("The signature is damaged: sign again or choose the thumbprint."));
          return NULL;
        }
    }
  if (req->proof == SALUR_PROOF_NONE && (req->proof_note == NULL || *req->proof_note == '\0'))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Without a signature or a thumbprint, write why (for example: tangan sakit)."));
      return NULL;
    }

  /* every rule is checked inside the write transaction, so two desks on one
   * data file cannot both pay the same month */
  if (!begin (store, error))
    return NULL;
  village = salur_store_get_village (store, error);
  kpm = village != NULL ? salur_store_get_kpm (store, req->kpm_id, error) : NULL;
  if (kpm == NULL || !check_months (store, kpm, req->months, village, error))
    {
      salur_store_rollback (store);
      return NULL;
    }

  receipt = next_receipt (store, req->desk);
  months = _salur_ledger_months_text (req->months);
  salur_body_add (body, "receipt", receipt);
  salur_body_add (body, "desk", req->desk);
  salur_body_add (body, "months", months);
  salur_body_add_int (body, "amount_per_month", village->amount);
  salur_body_add_int (body, "total", village->amount * req->months->len);
  salur_body_add (body, "place", place_names[req->place]);
  salur_body_add (body, "witness", req->place == SALUR_PLACE_HOME ? req->witness : "");
  salur_body_add (body, "proxy_name", proxy ? req->proxy_name : "");
  salur_body_add (body, "proxy_nik", proxy_nik);
  salur_body_add (body, "proxy_relation", proxy ? req->proxy_relation : "");
  salur_body_add_int (body, "surat_kuasa", proxy && req->surat_kuasa_seen);
  salur_body_add (body, "proof", proof_names[req->proof]);
  salur_body_add (body, "proof_note", req->proof_note);
  if (req->proof == SALUR_PROOF_SIGNATURE)
    {
      g_autofree char *b64 = g_base64_encode (g_bytes_get_data (req->signature, NULL),
                                              g_bytes_get_size (req->signature));
      salur_body_add (body, "signature", b64);
    }
  else
    salur_body_add (body, "signature", "");

  event = _salur_event_append (store, "payment", by->name, kpm->id, body->str, error);
  if (!commit_or_rollback (store, event != NULL, error))
    return NULL;
  /* confirmed: committed with synchronous=FULL */
  return salur_ledger_get_payment (store, receipt, error);
}

gboolean
salur_ledger_absent (SalurStore           *store,
                     const SalurOperator  *by,
                     const char           *kpm_id,
                     GArray               *months,
                     const char           *desk,
                     const char           *reason,
                     GError              **error)
{
  g_autoptr(SalurKpm) kpm = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);

  if (!_salur_ledger_require_role (by, FALSE, _("record an absence"), error))
    return FALSE;
  if (reason == NULL || *reason == '\0')
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Write why the KPM did not come (for example: sakit, merantau, tidak ada kabar)."));
      return FALSE;
    }
  if (months == NULL || months->len == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("Say which months are paid."));
      return FALSE;
    }
  if (!begin (store, error))
    return FALSE;
  kpm = salur_store_get_kpm (store, kpm_id, error);
  if (kpm == NULL)
    return commit_or_rollback (store, FALSE, error);
  for (guint i = 0; i < months->len; i++)
    {
      SalurMonth m = g_array_index (months, SalurMonth, i);
      g_autoptr(SalurPayment) paid = paid_for (store, kpm_id, m);
      g_autofree char *name = salur_month_format_id (m);

      /* absent is only for a month the KPM was due */
      if (m < kpm->from_month)
        {
          g_autofree char *from = salur_month_format_id (kpm->from_month);
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_ON_LIST,
                       _("%s is on the list only from %s: nothing was due for %s, so there is no absence to record."),
                       kpm->name, from, name);
          return commit_or_rollback (store, FALSE, error);
        }
      if (kpm->closed_from != SALUR_MONTH_NONE && m >= kpm->closed_from)
        {
          g_autofree char *from = salur_month_format_id (kpm->closed_from);
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_CLOSED,
                       _("%s is off the list from %s: nothing was due for %s, so there is no absence to record."),
                       kpm->name, from, name);
          return commit_or_rollback (store, FALSE, error);
        }
      if (paid != NULL)
        {
          g_autofree char *when = salur_time_to_local (paid->at);
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_ALREADY_PAID,
                       _("%s cannot be absent: already paid on %s at desk %s, receipt %s."),
                       kpm->name, when, paid->desk, paid->receipt);
          return commit_or_rollback (store, FALSE, error);
        }
    }
  text = _salur_ledger_months_text (months);
  salur_body_add (body, "desk", desk);
  salur_body_add (body, "months", text);
  salur_body_add (body, "reason", reason);
  event = _salur_event_append (store, "absence", by->name, kpm->id, body->str, error);
  return commit_or_rollback (store, event != NULL, error);
}

gboolean
salur_ledger_void (SalurStore           *store,
                   const SalurOperator  *by,
                   const char           *receipt,
                   const char           *reason,
                   GError              **error)
{
  g_autoptr(SalurPayment) payment = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);

  if (!_salur_ledger_require_role (by, TRUE, _("void a payment"), error))
    return FALSE;
  if (reason == NULL || *reason == '\0')
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("Write why the payment is voided."));
      return FALSE;
    }
  if (!begin (store, error))
    return FALSE;
  payment = salur_ledger_get_payment (store, receipt, error);
  if (payment == NULL)
    return commit_or_rollback (store, FALSE, error);
  if (payment->voided)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS, _("Receipt %s was voided already: %s"),
                   payment->receipt, payment->void_reason);
      return commit_or_rollback (store, FALSE, error);
    }
  salur_body_add (body, "target_device", payment->device_id);
  salur_body_add_int (body, "target_seq", payment->seq);
  salur_body_add (body, "receipt", payment->receipt);
  salur_body_add (body, "reason", reason);
  event = _salur_event_append (store, "void", by->name, payment->kpm_id, body->str, error);
  return commit_or_rollback (store, event != NULL, error);
}

/* list changes */

gboolean
salur_ledger_close_kpm (SalurStore           *store,
                        const SalurOperator  *by,
                        const char           *kpm_id,
                        SalurMonth            from_month,
                        SalurCloseReason      reason,
                        const char           *note,
                        const char           *sk_number,
                        GError              **error)
{
  g_autoptr(SalurKpm) kpm = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;
  g_autoptr(GPtrArray) paid = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);
  g_return_val_if_fail (reason <= SALUR_REASON_OTHER, FALSE);

  if (!_salur_ledger_require_role (by, TRUE, _("change the list"), error))
    return FALSE;
  if (sk_number == NULL || *sk_number == '\0')
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("A change of the list needs the number of the Kepala Desa's decision (SK)."));
      return FALSE;
    }
  if (reason == SALUR_REASON_OTHER && (note == NULL || *note == '\0'))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("Write the reason in a note."));
      return FALSE;
    }
  if (!begin (store, error))
    return FALSE;
  kpm = salur_store_get_kpm (store, kpm_id, error);
  if (kpm == NULL)
    return commit_or_rollback (store, FALSE, error);
  if (kpm->closed_from != SALUR_MONTH_NONE)
    {
      g_autofree char *since = salur_month_format_id (kpm->closed_from);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_CLOSED, _("%s is off the list already, from %s."), kpm->name, since);
      return commit_or_rollback (store, FALSE, error);
    }
  if (from_month < kpm->from_month)
    from_month = kpm->from_month;
  /* a month already paid cannot be taken back by closing */
  paid = query_payments (store,
                         "v.reason IS NULL AND p.kpm_id = ?1 AND EXISTS (SELECT 1 FROM ev_month m"
                         " WHERE m.device_id = p.device_id AND m.seq = p.seq AND m.month >= ?2)",
                         kpm->id, from_month, NULL);
  if (paid != NULL && paid->len > 0)
    {
      SalurPayment *p = g_ptr_array_index (paid, 0);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_ALREADY_PAID,
                   _("%s was paid for a month from then on (receipt %s). Void that payment first, "
                     "or close the KPM from a later month."), kpm->name, p->receipt);
      return commit_or_rollback (store, FALSE, error);
    }
  salur_body_add_int (body, "from_month", from_month);
  salur_body_add (body, "reason", reason_names[reason]);
  salur_body_add (body, "note", note);
  salur_body_add (body, "sk_number", sk_number);
  event = _salur_event_append (store, "close", by->name, kpm->id, body->str, error);
  return commit_or_rollback (store, event != NULL, error);
}

static void
kpm_body (GString *body, const SalurKpm *k)
{
  salur_body_add (body, "nik", k->nik);
  salur_body_add (body, "kk", k->kk);
  salur_body_add (body, "name", k->name);
  salur_body_add (body, "sex", salur_sex_label (k->sex));
  salur_body_add (body, "birth_date", k->birth_date);
  salur_body_add (body, "birth_place", k->birth_place);
  salur_body_add (body, "address", k->address);
  salur_body_add (body, "rt", k->rt);
  salur_body_add (body, "rw", k->rw);
  salur_body_add (body, "dusun", k->dusun);
  salur_body_add (body, "occupation", k->occupation);
  salur_body_add (body, "criteria", k->criteria);
  salur_body_add (body, "payment_method", k->payment_method);
  salur_body_add_int (body, "family_size", k->family_size);
  salur_body_add_int (body, "from_month", k->from_month);
}

gboolean
salur_ledger_add_kpm (SalurStore           *store,
                      const SalurOperator  *by,
                      SalurKpm             *kpm,
                      const char           *sk_number,
                      GError              **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;
  g_autoptr(SalurKpm) existing = NULL;
  g_autofree char *dusun = NULL;
  SalurNik nik;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);

  if (!_salur_ledger_require_role (by, TRUE, _("change the list"), error))
    return FALSE;
  if (sk_number == NULL || *sk_number == '\0')
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("A change of the list needs the number of the Kepala Desa's decision (SK)."));
      return FALSE;
    }
  if (!salur_nik_parse (kpm->nik, SALUR_CELL_TEXT, &nik, error))
    return FALSE;
  salur_kpm_set (kpm, &kpm->nik, nik.digits);
  kpm->sex = nik.sex;
  if (kpm->name[0] == '\0')
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("The name is missing."));
      return FALSE;
    }
  if (kpm->from_month == SALUR_MONTH_NONE)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("Say from which month the KPM is on the list."));
      return FALSE;
    }
  dusun = salur_store_find_dusun (store, kpm->dusun);
  if (dusun == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND, _("The dusun “%s” is not one of this village's dusun."),
                   kpm->dusun);
      return FALSE;
    }
  salur_kpm_set (kpm, &kpm->dusun, dusun);
  if (kpm->id[0] == '\0')
    {
      g_autofree char *id = salur_kpm_new_id ();
      salur_kpm_set (kpm, &kpm->id, id);
    }
  if (!begin (store, error))
    return FALSE;
  existing = salur_store_get_kpm_by_nik (store, kpm->nik, NULL);
  if (existing != NULL)
    {
      g_autofree char *masked = salur_nik_mask (kpm->nik);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS, _("A KPM with NIK %s is already on the list: %s."),
                   masked, existing->name);
      return commit_or_rollback (store, FALSE, error);
    }
  kpm_body (body, kpm);
  salur_body_add (body, "sk_number", sk_number);
  event = _salur_event_append (store, "add", by->name, kpm->id, body->str, error);
  return commit_or_rollback (store, event != NULL, error);
}

const char *const *
salur_ledger_correctable_fields (void)
{
  return correctable;
}

gboolean
salur_ledger_correct_kpm (SalurStore           *store,
                          const SalurOperator  *by,
                          const char           *kpm_id,
                          const char           *field,
                          const char           *new_value,
                          const char           *reason,
                          const char           *sk_number,
                          GError              **error)
{
  g_autoptr(SalurKpm) kpm = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;
  g_autofree char *value = g_strstrip (g_strdup (new_value != NULL ? new_value : ""));
  g_autofree char *old = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);

  if (!_salur_ledger_require_role (by, TRUE, _("change the list"), error))
    return FALSE;
  if (index_of (correctable, g_strv_length ((GStrv) correctable), field) < 0)
    {
      g_autofree char *all = g_strjoinv (", ", (GStrv) correctable);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("“%s” cannot be corrected. These can: %s."), field, all);
      return FALSE;
    }
  if (reason == NULL || *reason == '\0')
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("Write why the field is corrected."));
      return FALSE;
    }
  /* the new value obeys the same rules as an imported one */
  if (g_str_equal (field, "nik"))
    {
      SalurNik nik;
      if (!salur_nik_parse (value, SALUR_CELL_TEXT, &nik, error))
        return FALSE;
      g_free (value);
      value = g_strdup (nik.digits);
    }
  else if (g_str_equal (field, "kk") && *value != '\0')
    {
      char kk[SALUR_NIK_LEN + 1];
      if (!salur_kk_parse (value, SALUR_CELL_TEXT, kk, error))
        return FALSE;
      g_free (value);
      value = g_strdup (kk);
    }
  else if (g_str_equal (field, "rt") || g_str_equal (field, "rw"))
    {
      char n[4];
      if (!salur_rt_rw_normalize (value, n))
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("“%s” is not an RT or RW number."), value);
          return FALSE;
        }
      g_free (value);
      value = g_strdup (n);
    }
  else if (g_str_equal (field, "birth_date"))
    {
      char date[11];
      if (!salur_date_parse (value, date))
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("“%s” is not a date."), value);
          return FALSE;
        }
      g_free (value);
      value = g_strdup (date);
    }
  else if (g_str_equal (field, "dusun"))
    {
      char *d = salur_store_find_dusun (store, value);
      if (d == NULL)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND, _("The dusun “%s” is not one of this village's dusun."),
                       value);
          return FALSE;
        }
      g_free (value);
      value = d;
    }
  else if (g_str_equal (field, "family_size"))
    {
      guint64 n;
      if (!g_ascii_string_to_unsigned (value, 10, 1, 99, &n, NULL))
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("The number of family members is not a number from 1 to 99."));
          return FALSE;
        }
    }
  else if (g_str_equal (field, "name") && *value == '\0')
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("The name is missing."));
      return FALSE;
    }

  if (!begin (store, error))
    return FALSE;
  kpm = salur_store_get_kpm (store, kpm_id, error);
  if (kpm == NULL)
    return commit_or_rollback (store, FALSE, error);
  if (g_str_equal (field, "nik"))
    {
      g_autoptr(SalurKpm) other = salur_store_get_kpm_by_nik (store, value, NULL);
      if (other != NULL && g_strcmp0 (other->id, kpm->id) != 0)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS, _("Another KPM already has this NIK: %s."), other->name);
          return commit_or_rollback (store, FALSE, error);
        }
    }
  {
    const char *names[] = { "name", "nik", "kk", "birth_date", "birth_place", "address", "rt", "rw", "dusun",
                            "occupation", "criteria", "payment_method" };
    const char *values[] = { kpm->name, kpm->nik, kpm->kk, kpm->birth_date, kpm->birth_place, kpm->address,
                             kpm->rt, kpm->rw, kpm->dusun, kpm->occupation, kpm->criteria, kpm->payment_method };
    int i = index_of (names, G_N_ELEMENTS (names), field);
    old = i >= 0 ? g_strdup (values[i]) : g_strdup_printf ("%u", kpm->family_size);
  }
  if (g_strcmp0 (old, value) == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS, _("The %s is “%s” already."), field, value);
      return commit_or_rollback (store, FALSE, error);
    }
  salur_body_add (body, "field", field);
  salur_body_add (body, "old", old);
  salur_body_add (body, "new", value);
  salur_body_add (body, "reason", reason);
  salur_body_add (body, "sk_number", sk_number);
  event = _salur_event_append (store, "correct", by->name, kpm->id, body->str, error);
  return commit_or_rollback (store, event != NULL, error);
}

/* sealing an imported list */

static int
compare_kpm_id (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(SalurKpm **) a)->id, (*(SalurKpm **) b)->id);
}

/* BLAKE2b over every row's id and fields, in id order */
static char *
list_digest (GPtrArray *kpm)
{
  crypto_generichash_state state;
  guint8 out[SALUR_HASH_LEN];
  g_autoptr(GString) line = g_string_new (NULL);

  crypto_generichash_init (&state, NULL, 0, SALUR_HASH_LEN);
  for (guint i = 0; i < kpm->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (kpm, i);

      g_string_truncate (line, 0);
      salur_body_add (line, "id", k->id);
      kpm_body (line, k);
      crypto_generichash_update (&state, (const guint8 *) line->str, line->len);
    }
  crypto_generichash_final (&state, out, SALUR_HASH_LEN);
  return salur_hash_to_hex (out);
}

gboolean
_salur_ledger_record_list (SalurStore           *store,
                           const SalurOperator  *by,
                           const char           *file,
                           const char           *format,
                           GPtrArray            *kpm,
                           GError              **error)
{
  return _salur_ledger_record_list_full (store, by, file, format, kpm, NULL, NULL, NULL, error);
}

gboolean
_salur_ledger_record_list_full (SalurStore           *store,
                                const SalurOperator  *by,
                                const char           *file,
                                const char           *format,
                                GPtrArray            *kpm,
                                void                (*progress) (double fraction, gpointer data),
                                gpointer              progress_data,
                                GCancellable         *cancellable,
                                GError              **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;
  g_autofree char *digest = NULL;
  const char *who = "";

  if (_salur_store_query_int (store, "SELECT count(*) FROM ev_operator", NULL) > 0)
    {
      if (!_salur_ledger_require_role (by, TRUE, _("import a list"), error))
        return FALSE;
      who = by->name;
    }
  g_ptr_array_sort (kpm, compare_kpm_id);
  digest = list_digest (kpm);
  salur_body_add (body, "file", file);
  salur_body_add (body, "format", format);
  salur_body_add_int (body, "rows", kpm->len);
  salur_body_add (body, "digest", digest);
  event = _salur_event_append (store, "import", who, NULL, body->str, error);
  if (event == NULL)
    return FALSE;
  for (guint i = 0; i < kpm->len; i++)
    {
      if (!_salur_store_insert_kpm (store, g_ptr_array_index (kpm, i), event->device_id, event->seq, error))
        return FALSE;
      /* a check every 256 rows: cheap next to the inserts */
      if ((i & 255) == 255 || i + 1 == kpm->len)
        {
          if (g_cancellable_is_cancelled (cancellable))
            {
              g_set_error (error, SALUR_ERROR, SALUR_ERROR_CANCELLED, _("Cancelled: nothing was stored."));
              return FALSE;
            }
          if (progress != NULL)
            progress ((double) (i + 1) / kpm->len, progress_data);
        }
    }
  return TRUE;
}

/* status */

const char *
salur_state_to_string (SalurState state)
{
  static const char *const names[] = { "unpaid", "paid", "absent", "closed", "not-listed" };

  g_return_val_if_fail (state <= SALUR_STATE_NOT_LISTED, "");
  return names[state];
}

/* A month's rows are made together: one allocation for the rows, their
 * strings in one chunk, the KPM borrowed from the store's list (the block
 * holds it). 100,000 rows freed one string at a time took as long as
 * reading them. The rows lie in the order of the KPM ids, the order in
 * which ev_month gives them, so that filling them walks memory forwards;
 * the array returned points to them in list order. */
typedef struct {
  gatomicrefcount  alive;      /* rows not freed yet */
  GPtrArray       *list;
  GStringChunk    *strings;
  SalurStatusRow  *rows;
} StatusBlock;

void
salur_status_row_free (SalurStatusRow *row)
{
  StatusBlock *block;

  if (row == NULL)
    return;
  block = row->block;
  if (!g_atomic_ref_count_dec (&block->alive))
    return;
  g_ptr_array_unref (block->list);
  g_string_chunk_free (block->strings);
  g_free (block->rows);
  g_free (block);
}

/* A column into the rows' chunk; SHARED for values that repeat (operator,
 * desk), kept once */
static char *
chunk_text (StatusBlock *block, sqlite3_stmt *stmt, int col, gboolean shared)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  if (text == NULL || *text == '\0')
    return (char *) "";
  if (shared)
    return g_string_chunk_insert_const (block->strings, text);
  return g_string_chunk_insert_len (block->strings, text, sqlite3_column_bytes (stmt, col));
}

GPtrArray *
salur_ledger_status (SalurStore  *store,
                     SalurMonth   month,
                     const char  *dusun,
                     GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(SalurKpmIndex) index = NULL;
  g_autofree char *found = NULL;
  StatusBlock *block;
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  if (dusun != NULL && (found = salur_store_find_dusun (store, dusun)) == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                   _("The dusun “%s” is not one of this village's dusun."), dusun);
      return NULL;
    }
  /* a dusun's status reads that dusun alone (a desk asks for it after each
   * payment); the village's reads the whole list, kept between calls */
  list = found != NULL ? _salur_store_kpm_list_of_dusun (store, found, error)
                       : _salur_store_kpm_list (store, error);
  if (list == NULL)
    return NULL;
  index = _salur_store_kpm_index (store, list);

  /* rows[r] for the KPM of rank r; a KPM of another dusun has none (kpm NULL) */
  block = g_new0 (StatusBlock, 1);
  g_atomic_ref_count_init (&block->alive);
  block->list = g_ptr_array_ref (list);
  block->strings = g_string_chunk_new (64 * 1024);
  block->rows = g_new0 (SalurStatusRow, MAX (index->len, 1));
  for (guint r = 0; r < index->len; r++)
    {
      SalurKpm *k = g_ptr_array_index (list, index->position[r]);
      SalurStatusRow *row = &block->rows[r];

      if (found != NULL && g_ascii_strcasecmp (k->dusun, found) != 0)
        continue;
      n++;
      row->block = block;
      row->kpm = k;
      row->receipt = row->at = row->operator_name = row->desk = row->note = (char *) "";
      if (month < index->from_month[r])
        row->state = SALUR_STATE_NOT_LISTED;
      else if (index->closed_from[r] != SALUR_MONTH_NONE && month >= index->closed_from[r])
        row->state = SALUR_STATE_CLOSED;
    }
  /* each row counts once in the block, the block is freed with the last */
  for (guint i = 1; i < n; i++)
    g_atomic_ref_count_inc (&block->alive);
  rows = g_ptr_array_new_full (n, (GDestroyNotify) salur_status_row_free);
  for (guint i = 0; i < index->len; i++)
    {
      SalurStatusRow *row = &block->rows[index->rank[i]];

      if (found == NULL || row->kpm != NULL)
        g_ptr_array_add (rows, row);
    }
  if (n == 0)
    {
      /* no row to free the block with */
      SalurStatusRow none = { .block = block };
      salur_status_row_free (&none);
      return g_steal_pointer (&rows);
    }

  /* the voided payments, few, held aside rather than asked for each row */
  {
    g_autoptr(GHashTable) voided = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    char last_what = 0;
    guint r = 0;

    stmt = _salur_store_prepare (store, "SELECT printf ('%s:%d', target_device, target_seq) FROM ev_void", error);
    /* (the same "device:seq" as the key built below) */
    if (stmt == NULL)
      return NULL;
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_hash_table_add (voided, _salur_column_text (stmt, 0));
    sqlite3_reset (stmt);

    /* one range of ev_month: absences first (by their 'what'), so a payment
     * made later wins; within each, by KPM id (the table's own order), read
     * beside the rows in the same order */
    stmt = _salur_store_prepare (store,
                                 "SELECT kpm_id, what, receipt, at, operator, desk, proxy_name, proxy_relation, place,"
                                 " reason, device_id, seq FROM ev_month WHERE month = ? ORDER BY what, kpm_id", error);
    if (stmt == NULL)
      return NULL;
    sqlite3_bind_int (stmt, 1, month);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        const char *kpm_id = (const char *) sqlite3_column_text (stmt, 0);
        const char *what = (const char *) sqlite3_column_text (stmt, 1);
        const char *at = (const char *) sqlite3_column_text (stmt, 3);
        SalurStatusRow *row;
        char key[96];
        int c = 1;

        if (what[0] != last_what)
          {
            last_what = what[0];
            r = 0;
          }
        while (r < index->len && (c = strcmp (index->ids[r], kpm_id)) < 0)
          r++;
        if (c != 0 || (row = &block->rows[r])->kpm == NULL)
          continue;
        if (what[0] == 'a')
          {
            /* absent, unless paid (or off the list) */
            if (row->state != SALUR_STATE_UNPAID && row->state != SALUR_STATE_ABSENT)
              continue;
            if (row->state == SALUR_STATE_ABSENT && g_strcmp0 (at, row->at) < 0)
              continue;
            row->state = SALUR_STATE_ABSENT;
            row->at = chunk_text (block, stmt, 3, FALSE);
            row->operator_name = chunk_text (block, stmt, 4, TRUE);
            row->desk = chunk_text (block, stmt, 5, TRUE);
            row->note = chunk_text (block, stmt, 9, FALSE);
            continue;
          }

        {
          const char *device = (const char *) sqlite3_column_text (stmt, 10);
          gint64 seq = sqlite3_column_int64 (stmt, 11);

          if (g_hash_table_size (voided) > 0)
            {
              g_snprintf (key, sizeof key, "%s:%" PRId64, device, seq);
              if (g_hash_table_contains (voided, key))
                continue;
            }
          /* the earliest payment stands (then the device, then its sequence,
           * so every store picks the same); the count shows the double */
          if (row->n_payments++ > 0)
            {
              int t = g_strcmp0 (at, row->at);
              int d = t == 0 ? g_strcmp0 (device, row->first_device) : 0;
              if (t > 0 || (t == 0 && (d > 0 || (d == 0 && seq >= row->first_seq))))
                continue;
            }
          row->first_device = g_string_chunk_insert_const (block->strings, device);
          row->first_seq = seq;
        }
        row->state = SALUR_STATE_PAID;
        row->receipt = chunk_text (block, stmt, 2, FALSE);
        row->at = chunk_text (block, stmt, 3, FALSE);
        row->operator_name = chunk_text (block, stmt, 4, TRUE);
        row->desk = chunk_text (block, stmt, 5, TRUE);
        if (*(const char *) sqlite3_column_text (stmt, 6) != '\0')
          {
            g_autofree char *note = g_strdup_printf (_("proxy: %s (%s)"), sqlite3_column_text (stmt, 6),
                                                     sqlite3_column_text (stmt, 7));
            row->note = g_string_chunk_insert (block->strings, note);
          }
        else if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 8), "home") == 0)
          row->note = g_string_chunk_insert_const (block->strings, _("delivered at home"));
        else
          row->note = (char *) "";
      }
    sqlite3_reset (stmt);
  }

  /* closing reasons */
  for (guint r = 0; r < index->len; r++)
    {
      SalurStatusRow *row = &block->rows[r];

      if (row->kpm != NULL && row->state == SALUR_STATE_CLOSED && *row->note == '\0')
        {
          stmt = _salur_store_prepare (store, "SELECT reason, sk_number, note FROM ev_close WHERE kpm_id = ?", NULL);
          if (stmt == NULL)
            continue;
          sqlite3_bind_text (stmt, 1, row->kpm->id, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            {
              g_autofree char *note = g_strdup_printf ("%s, SK %s%s%s", sqlite3_column_text (stmt, 0),
                                                       sqlite3_column_text (stmt, 1),
                                                       *sqlite3_column_text (stmt, 2) ? ": " : "",
                                                       sqlite3_column_text (stmt, 2));
              row->note = g_string_chunk_insert (block->strings, note);
            }
          sqlite3_reset (stmt);
        }
    }
  return g_steal_pointer (&rows);
}

/* history */

void
salur_history_entry_free (SalurHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->device_id);
  g_free (entry->kind);
  g_free (entry->at);
  g_free (entry->operator_name);
  g_free (entry->summary);
  g_free (entry);
}

static char *
months_for_people (const char *months)
{
  g_autoptr(GArray) list = salur_month_parse_list (months, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      g_autofree char *m = salur_month_format_id (g_array_index (list, SalurMonth, i));
      g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", m);
    }
  return g_string_free (out, FALSE);
}

static char *
summarise (const char *kind, GHashTable *f)
{
  g_autofree char *months = months_for_people (salur_body_get (f, "months"));

  if (g_str_equal (kind, "payment"))
    {
      const char *proxy = salur_body_get (f, "proxy_name");
      g_autofree char *who = *proxy != '\0'
                             ? g_strdup_printf (_("received by proxy %s (%s)"), proxy, salur_body_get (f, "proxy_relation"))
                             : g_strdup (_("received in person"));
      g_autofree char *total = salur_rupiah_digits (g_ascii_strtoll (salur_body_get (f, "total"), NULL, 10));
      return g_strdup_printf (_("paid %s, Rp%s, at desk %s, %s%s; receipt %s"), months, total, salur_body_get (f, "desk"), who,
                              g_str_equal (salur_body_get (f, "place"), "home") ? _(", at home") : "",
                              salur_body_get (f, "receipt"));
    }
  if (g_str_equal (kind, "absence"))
    return g_strdup_printf (_("did not come for %s: %s"), months, salur_body_get (f, "reason"));
  if (g_str_equal (kind, "void"))
    return g_strdup_printf (_("receipt %s voided: %s"), salur_body_get (f, "receipt"), salur_body_get (f, "reason"));
  if (g_str_equal (kind, "close"))
    {
      g_autofree char *from = salur_month_format_id (g_ascii_strtoll (salur_body_get (f, "from_month"), NULL, 10));
      return g_strdup_printf (_("off the list from %s (%s), SK %s %s"), from, salur_body_get (f, "reason"),
                              salur_body_get (f, "sk_number"), salur_body_get (f, "note"));
    }
  if (g_str_equal (kind, "add"))
    {
      g_autofree char *from = salur_month_format_id (g_ascii_strtoll (salur_body_get (f, "from_month"), NULL, 10));
      return g_strdup_printf (_("added to the list from %s, SK %s"), from, salur_body_get (f, "sk_number"));
    }
  if (g_str_equal (kind, "card"))
    {
      const char *replaces = salur_body_get (f, "replaces");
      g_autofree char *round = months_for_people (salur_body_get (f, "months"));
      if (*replaces != '\0')
        return g_strdup_printf (_("invitation card %s for %s, replacing card %s"), salur_body_get (f, "short_code"),
                                round, replaces);
      return g_strdup_printf (_("invitation card %s for %s"), salur_body_get (f, "short_code"), round);
    }
  if (g_str_equal (kind, "complaint"))
    return g_strdup_printf (_("complaint %s by %s (%s): %s"), salur_body_get (f, "slip"),
                            salur_body_get (f, "complainant"),
                            salur_complaint_kind_label_from_string (salur_body_get (f, "kind")),
                            salur_body_get (f, "text"));
  if (g_str_equal (kind, "answer"))
    return g_strdup_printf (_("complaint %s %s: %s"), salur_body_get (f, "slip"),
                            salur_complaint_state_label_from_string (salur_body_get (f, "state")),
                            salur_body_get (f, "answer"));
  if (g_str_equal (kind, "reveal"))
    return g_strdup_printf (_("full NIK shown on screen at desk %s"), salur_body_get (f, "desk"));
  if (g_str_equal (kind, "correct"))
    return g_strdup_printf (_("%s corrected from “%s” to “%s”: %s"), salur_body_get (f, "field"),
                            salur_body_get (f, "old"), salur_body_get (f, "new"), salur_body_get (f, "reason"));
  return g_strdup (kind);
}

GPtrArray *
salur_ledger_history (SalurStore  *store,
                      const char  *kpm_id,
                      GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_history_entry_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  /* the import that brought the KPM */
  stmt = _salur_store_prepare (store,
                               "SELECT e.device_id, e.seq, e.kind, e.at, e.operator, e.body FROM kpm k"
                               " JOIN event e ON e.device_id = k.origin_device AND e.seq = k.origin_seq"
                               " WHERE k.id = ?1 AND e.kind = 'import'"
                               " UNION ALL SELECT device_id, seq, kind, at, operator, body FROM event WHERE kpm_id = ?1"
                               " ORDER BY 4, 1, 2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kpm_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SalurHistoryEntry *h = g_new0 (SalurHistoryEntry, 1);
      g_autoptr(GHashTable) f = salur_body_parse ((const char *) sqlite3_column_text (stmt, 5), NULL);

      h->device_id = _salur_column_text (stmt, 0);
      h->seq = sqlite3_column_int64 (stmt, 1);
      h->kind = _salur_column_text (stmt, 2);
      h->at = _salur_column_text (stmt, 3);
      h->operator_name = _salur_column_text (stmt, 4);
      if (g_str_equal (h->kind, "import"))
        h->summary = g_strdup_printf (_("on the list imported from %s"), f != NULL ? salur_body_get (f, "file") : "");
      else
        h->summary = f != NULL ? summarise (h->kind, f) : g_strdup (h->kind);
      g_ptr_array_add (list, h);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

/* verify */

static const char *const projections[] = {
  "ev_payment", "ev_month", "ev_absence", "ev_void", "ev_close", "ev_correct", "ev_operator", "ev_import",
  "ev_card", "ev_device", "ev_complaint", "ev_answer", "ev_reveal", "ev_desk_close",
};

static gboolean
tampered (SalurStore *store, GError **error, const char *device_id, gint64 seq, const char *kind, const char *at,
          const char *what)
{
  g_autofree char *found_kind = NULL, *found_at = NULL, *when = NULL;

  /* a projection names only device and sequence: the event tells the rest */
  if (kind == NULL)
    {
      sqlite3_stmt *stmt = _salur_store_prepare (store, "SELECT kind, at FROM main.event WHERE device_id = ? AND seq = ?",
                                                 NULL);
      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 2, seq);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            {
              found_kind = _salur_column_text (stmt, 0);
              found_at = _salur_column_text (stmt, 1);
            }
          sqlite3_reset (stmt);
        }
      kind = found_kind;
      at = found_at;
    }
  when = at != NULL ? salur_time_to_local (at) : g_strdup ("?");

  g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
               _("The record was changed outside Salur: event %" PRId64 " of device %.8s (%s, %s) %s."),
               seq, device_id, kind != NULL ? kind : "?", when, what);
  return FALSE;
}

/* Every chain, from its first event */
static gboolean
verify_chains (SalurStore *store, SalurVerifyReport *report, GError **error)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store,
                                             "SELECT device_id, seq, kind, at, operator, kpm_id, body, prev_hash, hash"
                                             " FROM event ORDER BY device_id, seq", error);
  g_autofree char *device = NULL;
  guint8 last_hash[SALUR_HASH_LEN] = { 0 };
  gint64 last_seq = 0;

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SalurEvent e = { 0 };
      guint8 hash[SALUR_HASH_LEN];

      e.device_id = (char *) sqlite3_column_text (stmt, 0);
      e.seq = sqlite3_column_int64 (stmt, 1);
      e.kind = (char *) sqlite3_column_text (stmt, 2);
      e.at = (char *) sqlite3_column_text (stmt, 3);
      e.operator_name = (char *) sqlite3_column_text (stmt, 4);
      e.kpm_id = (char *) sqlite3_column_text (stmt, 5);
      e.body = (char *) sqlite3_column_text (stmt, 6);

      if (g_strcmp0 (device, e.device_id) != 0)
        {
          g_free (device);
          device = g_strdup (e.device_id);
          memset (last_hash, 0, sizeof last_hash);
          last_seq = 0;
          report->devices++;
        }
      if (e.seq != last_seq + 1)
        {
          g_autofree char *what = g_strdup_printf (_("follows event %" PRId64 ": the events between are missing"),
                                                   last_seq);
          g_autofree char *kind = g_strdup (e.kind);
          g_autofree char *at = g_strdup (e.at);
          sqlite3_reset (stmt);
          return tampered (store, error, device, e.seq, kind, at, what);
        }
      if (sqlite3_column_bytes (stmt, 7) != SALUR_HASH_LEN || sqlite3_column_bytes (stmt, 8) != SALUR_HASH_LEN
          || memcmp (sqlite3_column_blob (stmt, 7), last_hash, SALUR_HASH_LEN) != 0)
        {
          g_autofree char *kind = g_strdup (e.kind);
          g_autofree char *at = g_strdup (e.at);
          sqlite3_reset (stmt);
          return tampered (store, error, device, e.seq, kind, at,
                           _("does not follow the event before it: an event was removed or replaced"));
        }
      memcpy (e.prev_hash, last_hash, SALUR_HASH_LEN);
      salur_event_compute_hash (&e, hash);
      if (memcmp (hash, sqlite3_column_blob (stmt, 8), SALUR_HASH_LEN) != 0)
        {
          g_autofree char *kind = g_strdup (e.kind);
          g_autofree char *at = g_strdup (e.at);
          sqlite3_reset (stmt);
          return tampered (store, error, device, e.seq, kind, at, _("was edited after it was recorded"));
        }
      memcpy (last_hash, hash, SALUR_HASH_LEN);
      last_seq = e.seq;
      report->events++;
      if (g_str_equal (e.kind, "payment"))
        report->payments++;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static void
drop_temp_tables (sqlite3 *db)
{
  for (gsize i = 0; i < G_N_ELEMENTS (projections); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TABLE IF EXISTS temp.%s", projections[i]);
      sqlite3_exec (db, sql, NULL, NULL, NULL);
    }
  /* temp.kpm would hide main.kpm from every later query */
  sqlite3_exec (db, "DROP TABLE IF EXISTS temp.kpm", NULL, NULL, NULL);
}

static gboolean compare_projections (SalurStore *store, GError **error);

/* Projects every event again into temporary tables and compares them with
 * the stored ones, both ways */
static gboolean
verify_projections (SalurStore *store, GError **error)
{
  gboolean ok = compare_projections (store, error);

  drop_temp_tables (_salur_store_get_db (store));
  return ok;
}

static gboolean
compare_projections (SalurStore *store, GError **error)
{
  sqlite3 *db = _salur_store_get_db (store);
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (projections); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TABLE IF EXISTS temp.%s; CREATE TEMP TABLE %s AS SELECT * FROM main.%s WHERE 0",
                                              projections[i], projections[i], projections[i]);
      if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
        {
          _salur_store_set_error (store, error, _("Cannot check the record"));
          return FALSE;
        }
    }
  if (sqlite3_exec (db, "DROP TABLE IF EXISTS temp.kpm; CREATE TEMP TABLE kpm AS SELECT * FROM main.kpm WHERE 0",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      _salur_store_set_error (store, error, _("Cannot check the record"));
      return FALSE;
    }

  stmt = _salur_store_prepare (store, "SELECT device_id, seq, kind, at, operator, kpm_id, body FROM main.event"
                                      " ORDER BY device_id, seq", error);
  if (stmt == NULL)
    return FALSE;
  while (ok && sqlite3_step (stmt) == SQLITE_ROW)
    {
      SalurEvent e = { 0 };
      g_autoptr(GError) local = NULL;

      e.device_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      e.seq = sqlite3_column_int64 (stmt, 1);
      e.kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      e.at = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      e.operator_name = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      e.kpm_id = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      e.body = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      if (!_salur_event_project (store, "temp", &e, &local))
        ok = tampered (store, error, e.device_id, e.seq, e.kind, e.at, local->message);
      g_free (e.device_id);
      g_free (e.kind);
      g_free (e.at);
      g_free (e.operator_name);
      g_free (e.kpm_id);
      g_free (e.body);
    }
  sqlite3_reset (stmt);
  if (!ok)
    return FALSE;

  /* a row in one and not the other names its event */
  for (gsize i = 0; i <= G_N_ELEMENTS (projections); i++)
    {
      const char *t = i < G_N_ELEMENTS (projections) ? projections[i] : "kpm";
      const char *where = i < G_N_ELEMENTS (projections) ? ""
                          : " WHERE origin_device IN (SELECT device_id FROM main.event WHERE kind = 'add')"
                            " AND (origin_device, origin_seq) IN (SELECT device_id, seq FROM main.event WHERE kind = 'add')";
      const char *key = i < G_N_ELEMENTS (projections) ? "device_id, seq" : "origin_device, origin_seq";
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM (SELECT * FROM main.%s%s EXCEPT SELECT * FROM temp.%s)"
                                              " UNION ALL SELECT %s FROM (SELECT * FROM temp.%s EXCEPT SELECT * FROM main.%s%s)"
                                              " LIMIT 1", key, t, where, t, key, t, t, where);
      sqlite3_stmt *diff;

      if (sqlite3_prepare_v2 (db, sql, -1, &diff, NULL) != SQLITE_OK)
        {
          _salur_store_set_error (store, error, _("Cannot check the record"));
          return FALSE;
        }
      if (sqlite3_step (diff) == SQLITE_ROW)
        {
          g_autofree char *device = g_strdup ((const char *) sqlite3_column_text (diff, 0));
          gint64 seq = sqlite3_column_int64 (diff, 1);
          g_autofree char *what = g_strdup_printf (_("does not match its row in %s, which was edited"), t);
          sqlite3_finalize (diff);
          return tampered (store, error, device, seq, NULL, NULL, what);
        }
      sqlite3_finalize (diff);
    }
  return TRUE;
}

/* Each imported list against the digest its event sealed */
static gboolean
verify_lists (SalurStore *store, SalurVerifyReport *report, GError **error)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store,
                                             "SELECT i.device_id, i.seq, i.digest, i.rows, e.at FROM ev_import i"
                                             " JOIN event e ON e.device_id = i.device_id AND e.seq = i.seq", error);
  g_autoptr(GPtrArray) imports = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char **row = g_new0 (char *, 6);
      for (int c = 0; c < 5; c++)
        row[c] = _salur_column_text (stmt, c);
      g_ptr_array_add (imports, row);
    }
  sqlite3_reset (stmt);

  /* a field laptop carries only its homebound KPM: the seals of whole
   * lists cannot be checked there */
  gboolean field = _salur_store_query_int (store, "SELECT EXISTS (SELECT 1 FROM ev_device WHERE target = ? AND role = 'field')",
                               _salur_store_device_id (store));

  for (guint i = 0; !field && i < imports->len; i++)
    {
      char **row = g_ptr_array_index (imports, i);
      gint64 seq = g_ascii_strtoll (row[1], NULL, 10);
      g_autoptr(GPtrArray) kpm = _salur_store_kpm_of_origin (store, row[0], seq, error);
      g_autofree char *digest = NULL;

      if (kpm == NULL)
        return FALSE;
      digest = list_digest (kpm);
      if (kpm->len != g_ascii_strtoull (row[3], NULL, 10) || g_strcmp0 (digest, row[2]) != 0)
        return tampered (store, error, row[0], seq, "import", row[4],
                         _("sealed a KPM list whose rows were changed, added or removed since"));
      report->kpm_sealed += kpm->len;
    }
  report->kpm_sealed += _salur_store_query_int (store, "SELECT count(*) FROM kpm k WHERE EXISTS (SELECT 1 FROM event e"
                                           " WHERE e.device_id = k.origin_device AND e.seq = k.origin_seq AND e.kind = 'add')",
                                    NULL);
  /* every KPM came with an import or a list change: a row that did not was
   * put there by hand */
  {
    sqlite3_stmt *ghost = _salur_store_prepare (store,
                                                "SELECT k.name FROM kpm k WHERE NOT EXISTS (SELECT 1 FROM event e"
                                                " WHERE e.device_id = k.origin_device AND e.seq = k.origin_seq"
                                                " AND e.kind IN ('import', 'add')) LIMIT 1", error);
    g_autofree char *name = NULL;

    if (ghost == NULL)
      return FALSE;
    if (sqlite3_step (ghost) == SQLITE_ROW)
      name = _salur_column_text (ghost, 0);
    sqlite3_reset (ghost);
    if (name != NULL)
      {
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                     _("The record was changed outside Salur: the KPM %s is on the list without an import or a "
                       "list change that brought it."), name);
        return FALSE;
      }
  }
  if (field)
    report->kpm_unsealed = _salur_store_query_int (store, "SELECT count(*) FROM kpm k WHERE EXISTS (SELECT 1 FROM event e"
                                              " WHERE e.device_id = k.origin_device AND e.seq = k.origin_seq"
                                              " AND e.kind = 'import')", NULL);
  return TRUE;
}

gboolean
salur_ledger_verify (SalurStore         *store,
                     SalurVerifyReport  *report,
                     GError            **error)
{
  SalurVerifyReport local = { 0 };
  gboolean ok;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);

  if (report == NULL)
    report = &local;
  memset (report, 0, sizeof *report);
  /* one read transaction: a desk writing meanwhile does not confuse it */
  if (sqlite3_exec (_salur_store_get_db (store), "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      _salur_store_set_error (store, error, _("Cannot check the record"));
      return FALSE;
    }
  ok = verify_chains (store, report, error)
       && verify_projections (store, error)
       && verify_lists (store, report, error);
  sqlite3_exec (_salur_store_get_db (store), "ROLLBACK", NULL, NULL, NULL);
  return ok;
}
