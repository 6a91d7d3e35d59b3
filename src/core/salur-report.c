/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-report"
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "salur-complaint.h"
#include "salur-doc-private.h"
#include "salur-error.h"
#include "salur-event.h"
#include "salur-money.h"
#include "salur-pdf.h"
#include "salur-report.h"
#include "salur-signature-draw.h"
#include "salur-store-private.h"

/* The seal's text, one line of ASCII (no parentheses, so it sits in the
 * PDF's Info dictionary as written):
 *
 *   SALUR-SEGEL/1 bulan=2026-10,2026-11 peristiwa=312 kpm=150 dibayar=148
 *   rp=44400000 perangkat=1a2b3c4d:87,9f8e7d6c:40 b2b=7KQ2M9XAP3R8TV6WZ0GH
 *
 * perangkat: each device's first 8 characters and the highest sequence
 * number the store held of it. b2b: 20 base32 characters (100 bits) of
 * BLAKE2b-256 over the text before " b2b=", a line break, and the BLAKE2b-256
 * of the selected events: for each, in (device, sequence) order, its device,
 * sequence and hash recomputed from its content (not the stored hash, which
 * an edit could leave as it was). The digest therefore covers the figures
 * and watermarks printed beside it as well as the events. */

#define SEAL_MAGIC       "SALUR-SEGEL/1"
#define SEAL_DIGEST_LEN  20
#define DEVICE_PREFIX    8

/* The events a report of the months in ?1 (a JSON array) is drawn from */
#define SELECTED_EVENTS \
  "SELECT e.device_id, e.seq, e.kind, e.at, e.operator, e.kpm_id, e.body, e.prev_hash, e.hash FROM event e" \
  " WHERE e.kind IN ('import', 'add', 'correct', 'close')" \
  " OR (e.kind IN ('payment', 'absence') AND EXISTS (SELECT 1 FROM ev_month m WHERE m.device_id = e.device_id" \
  "     AND m.seq = e.seq AND m.month IN (SELECT value FROM json_each (?1))))" \
  " OR (e.kind = 'void' AND EXISTS (SELECT 1 FROM ev_void v JOIN ev_month m ON m.device_id = v.target_device" \
  "     AND m.seq = v.target_seq WHERE v.device_id = e.device_id AND v.seq = e.seq" \
  "     AND m.month IN (SELECT value FROM json_each (?1))))" \
  " ORDER BY e.device_id, e.seq"

typedef struct {
  GArray     *months;
  guint64     events;
  guint       kpm_listed;
  guint       kpm_paid;
  gint64      amount_paid;
  GPtrArray  *devices;       /* prefixes (or full ids) */
  GArray     *seqs;          /* gint64, one per device */
  char       *digest;
} Seal;

/* helpers */

static char *
months_json (GArray *months)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < months->len; i++)
    g_string_append_printf (out, "%s%d", i > 0 ? "," : "", g_array_index (months, SalurMonth, i));
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static char *
months_iso (GArray *months)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < months->len; i++)
    {
      g_autofree char *m = salur_month_format (g_array_index (months, SalurMonth, i));
      g_string_append_printf (out, "%s%s", i > 0 ? "," : "", m);
    }
  return g_string_free (out, FALSE);
}

static gboolean
has_month (GArray *months, SalurMonth m)
{
  for (guint i = 0; months != NULL && i < months->len; i++)
    if (g_array_index (months, SalurMonth, i) == m)
      return TRUE;
  return FALSE;
}

static int
cmp_month (gconstpointer a, gconstpointer b)
{
  SalurMonth x = *(const SalurMonth *) a, y = *(const SalurMonth *) b;

  return x < y ? -1 : x > y;
}

static GArray *
month_array (void)
{
  return g_array_new (FALSE, FALSE, sizeof (SalurMonth));
}

/* WM: device id -> highest sequence (gint64 *); NULL takes every event */
static gboolean
within (GHashTable *wm, const char *device_id, gint64 seq)
{
  gint64 *top;

  if (wm == NULL)
    return TRUE;
  top = g_hash_table_lookup (wm, device_id);
  return top != NULL && seq <= *top;
}

static void
seal_clear (Seal *seal)
{
  g_clear_pointer (&seal->months, g_array_unref);
  g_clear_pointer (&seal->devices, g_ptr_array_unref);
  g_clear_pointer (&seal->seqs, g_array_unref);
  g_clear_pointer (&seal->digest, g_free);
}

/* The seal's text without " b2b=...": what the digest covers first */
static char *
seal_head (const Seal *seal)
{
  g_autofree char *months = months_iso (seal->months);
  GString *out = g_string_new (SEAL_MAGIC);

  g_string_append_printf (out, " bulan=%s peristiwa=%" G_GUINT64_FORMAT " kpm=%u dibayar=%u rp=%" G_GINT64_FORMAT
                          " perangkat=", months, seal->events, seal->kpm_listed, seal->kpm_paid, seal->amount_paid);
  for (guint i = 0; i < seal->devices->len; i++)
    g_string_append_printf (out, "%s%.*s:%" G_GINT64_FORMAT, i > 0 ? "," : "", DEVICE_PREFIX,
                            (const char *) g_ptr_array_index (seal->devices, i), g_array_index (seal->seqs, gint64, i));
  return g_string_free (out, FALSE);
}

static gboolean
parse_uint (const char *text, guint64 max, guint64 *out)
{
  return g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

static gboolean
seal_parse (const char *text, Seal *seal, GError **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_auto(GStrv) parts = NULL;
  guint found = 0;

  memset (seal, 0, sizeof *seal);
  seal->devices = g_ptr_array_new_with_free_func (g_free);
  seal->seqs = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* a seal copied from a page may have been wrapped over lines */
  for (char *p = clean; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  parts = g_strsplit (clean, " ", -1);
  if (parts[0] == NULL || !g_str_equal (parts[0], SEAL_MAGIC))
    goto bad;
  for (guint i = 1; parts[i] != NULL; i++)
    {
      const char *eq = strchr (parts[i], '=');
      g_autofree char *key = NULL;
      const char *value;
      guint64 n;

      if (parts[i][0] == '\0')
        continue;
      if (eq == NULL)
        goto bad;
      key = g_strndup (parts[i], eq - parts[i]);
      value = eq + 1;
      if (g_str_equal (key, "bulan"))
        {
          seal->months = salur_month_parse_list (value, NULL);
          if (seal->months == NULL)
            goto bad;
          found |= 1;
        }
      else if (g_str_equal (key, "peristiwa") && parse_uint (value, G_MAXINT64, &n))
        seal->events = n, found |= 2;
      else if (g_str_equal (key, "kpm") && parse_uint (value, G_MAXUINT, &n))
        seal->kpm_listed = n, found |= 4;
      else if (g_str_equal (key, "dibayar") && parse_uint (value, G_MAXUINT, &n))
        seal->kpm_paid = n, found |= 8;
      else if (g_str_equal (key, "rp") && parse_uint (value, G_MAXINT64, &n))
        seal->amount_paid = n, found |= 16;
      else if (g_str_equal (key, "perangkat"))
        {
          g_auto(GStrv) devs = g_strsplit (value, ",", -1);

          for (guint d = 0; *value != '\0' && devs[d] != NULL; d++)
            {
              const char *colon = strchr (devs[d], ':');
              gint64 seq;

              if (colon == NULL || colon == devs[d] || !parse_uint (colon + 1, G_MAXINT64, &n))
                goto bad;
              seq = n;
              g_ptr_array_add (seal->devices, g_strndup (devs[d], colon - devs[d]));
              g_array_append_val (seal->seqs, seq);
            }
          found |= 32;
        }
      else if (g_str_equal (key, "b2b"))
        {
          seal->digest = _salur_doc_base32_clean (value, SEAL_DIGEST_LEN);
          if (seal->digest == NULL)
            goto bad;
          found |= 64;
        }
      else
        goto bad;
    }
  if (found == 127)
    return TRUE;

bad:
  seal_clear (seal);
  g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
               _("This is not a Salur report seal: it starts with “%s” and has bulan=, peristiwa=, kpm=, dibayar=, "
                 "rp=, perangkat= and b2b= parts."), SEAL_MAGIC);
  return FALSE;
}

/* The store's devices and the highest sequence of each: the watermarks of a
 * report made now */
static gboolean
current_watermarks (SalurStore *store, GPtrArray *devices, GArray *seqs, GError **error)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store, "SELECT device_id, max (seq) FROM event GROUP BY device_id"
                                                    " ORDER BY device_id", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (devices, _salur_column_text (stmt, 0));
      g_array_append_val (seqs, seq);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Walks the selected events: counts those within WM (and those after it in
 * NEWER), feeds them to STATE, and stops at the first whose stored hash is
 * not what its content gives. */
static gboolean
digest_events (SalurStore                  *store,
               GArray                      *months,
               GHashTable                  *wm,
               crypto_generichash_state    *state,
               guint64                     *count,
               guint64                     *newer,
               GError                     **error)
{
  g_autofree char *json = months_json (months);
  sqlite3_stmt *stmt = _salur_store_prepare (store, SELECTED_EVENTS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *count = 0;
  if (newer != NULL)
    *newer = 0;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SalurEvent e = { 0 };
      guint8 hash[SALUR_HASH_LEN];
      char line[128];

      e.device_id = (char *) sqlite3_column_text (stmt, 0);
      e.seq = sqlite3_column_int64 (stmt, 1);
      if (!within (wm, e.device_id, e.seq))
        {
          if (newer != NULL)
            (*newer)++;
          continue;
        }
      e.kind = (char *) sqlite3_column_text (stmt, 2);
      e.at = (char *) sqlite3_column_text (stmt, 3);
      e.operator_name = (char *) sqlite3_column_text (stmt, 4);
      e.kpm_id = (char *) sqlite3_column_text (stmt, 5);
      e.body = (char *) sqlite3_column_text (stmt, 6);
      if (sqlite3_column_bytes (stmt, 7) == SALUR_HASH_LEN)
        memcpy (e.prev_hash, sqlite3_column_blob (stmt, 7), SALUR_HASH_LEN);
      salur_event_compute_hash (&e, hash);
      if (sqlite3_column_bytes (stmt, 8) != SALUR_HASH_LEN
          || memcmp (hash, sqlite3_column_blob (stmt, 8), SALUR_HASH_LEN) != 0)
        {
          g_autofree char *when = salur_time_to_local (e.at);
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                       _("The record was changed outside Salur: event %" PRId64 " of device %.8s (%s, %s) was "
                         "edited after it was recorded."), e.seq, e.device_id, e.kind, when);
          sqlite3_reset (stmt);
          return FALSE;
        }
      g_snprintf (line, sizeof line, "%s %" G_GINT64_FORMAT " ", e.device_id, e.seq);
      crypto_generichash_update (state, (const guint8 *) line, strlen (line));
      crypto_generichash_update (state, hash, SALUR_HASH_LEN);
      (*count)++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (store, error, _("Cannot read the record"));
      return FALSE;
    }
  return TRUE;
}

/* BLAKE2b (HEAD, line break, BLAKE2b (events)) */
static char *
digest_finish (crypto_generichash_state *events, const char *head)
{
  crypto_generichash_state state;
  guint8 inner[32], out[32];

  crypto_generichash_final (events, inner, sizeof inner);
  crypto_generichash_init (&state, NULL, 0, sizeof out);
  crypto_generichash_update (&state, (const guint8 *) head, strlen (head));
  crypto_generichash_update (&state, (const guint8 *) "\n", 1);
  crypto_generichash_update (&state, inner, sizeof inner);
  crypto_generichash_final (&state, out, sizeof out);
  return _salur_doc_base32 (out, sizeof out, SEAL_DIGEST_LEN);
}

/* the model */

static void
report_payment_free (SalurReportPayment *p)
{
  if (p == NULL)
    return;
  g_free (p->receipt);
  g_free (p->device_id);
  g_free (p->at);
  g_free (p->desk);
  g_free (p->operator_name);
  g_clear_pointer (&p->months, g_array_unref);
  g_free (p->witness);
  g_free (p->proxy_name);
  g_free (p->proxy_nik);
  g_free (p->proxy_relation);
  g_clear_pointer (&p->signature, g_bytes_unref);
  g_free (p->proof_note);
  g_free (p->void_reason);
  g_free (p);
}

static void
report_row_free (SalurReportRow *row)
{
  if (row == NULL)
    return;
  g_clear_pointer (&row->kpm, salur_kpm_unref);
  g_clear_pointer (&row->months_due, g_array_unref);
  g_clear_pointer (&row->months_paid, g_array_unref);
  g_clear_pointer (&row->payments, g_ptr_array_unref);
  g_free (row->absence);
  g_free (row->closed);
  g_free (row);
}

static const char *
close_reason_id (const char *reason)
{
  if (g_strcmp0 (reason, "died") == 0)
    return "meninggal dunia";
  if (g_strcmp0 (reason, "moved") == 0)
    return "pindah domisili";
  if (g_strcmp0 (reason, "not-eligible") == 0)
    return "tidak memenuhi syarat lagi";
  return "alasan lain";
}

static char *
key_of (const char *device_id, gint64 seq)
{
  return g_strdup_printf ("%s/%" G_GINT64_FORMAT, device_id, seq);
}

/* Every row of the report, from the events within WM */
static GPtrArray *
build_rows (SalurStore   *store,
            GArray       *months,
            gint64        amount,
            GHashTable   *wm,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr(GPtrArray) kpm = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) report_row_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) origin_ok = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) voids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *json = months_json (months);
  SalurMonth last = g_array_index (months, SalurMonth, months->len - 1);
  sqlite3_stmt *stmt;

  kpm = salur_store_list_kpm (store, NULL, error);
  if (kpm == NULL)
    return NULL;

  /* KPM brought by events after the watermarks are not in the report */
  stmt = _salur_store_prepare (store, "SELECT id, origin_device, origin_seq FROM kpm", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *dev = (const char *) sqlite3_column_text (stmt, 1);
      if (dev == NULL || *dev == '\0' || within (wm, dev, sqlite3_column_int64 (stmt, 2)))
        g_hash_table_add (origin_ok, _salur_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < kpm->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (kpm, i);
      SalurReportRow *row;

      /* not on the list yet for any month of the report */
      if (k->from_month > last || !g_hash_table_contains (origin_ok, k->id))
        continue;
      row = g_new0 (SalurReportRow, 1);
      row->kpm = salur_kpm_ref (k);
      row->months_due = month_array ();
      row->months_paid = month_array ();
      row->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) report_payment_free);
      row->closed_from = SALUR_MONTH_NONE;
      g_ptr_array_add (rows, row);
      g_hash_table_insert (by_id, k->id, row);
    }

  /* closing, as the events within the watermarks have it */
  stmt = _salur_store_prepare (store, "SELECT device_id, seq, kpm_id, from_month, reason, note, sk_number FROM ev_close"
                                      " ORDER BY from_month, device_id, seq", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SalurReportRow *row = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 2));
      SalurMonth from = sqlite3_column_int (stmt, 3);
      const char *note = (const char *) sqlite3_column_text (stmt, 5);
      g_autofree char *month = NULL;

      if (row == NULL || row->closed != NULL
          || !within (wm, (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1)))
        continue;
      row->closed_from = from;
      month = salur_month_format_id (from);
      row->closed = g_strdup_printf ("Keluar dari daftar mulai %s: %s%s%s; SK %s", month,
                                     close_reason_id ((const char *) sqlite3_column_text (stmt, 4)),
                                     note != NULL && *note != '\0' ? ", " : "", note != NULL ? note : "",
                                     sqlite3_column_text (stmt, 6));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < rows->len; i++)
    {
      SalurReportRow *row = g_ptr_array_index (rows, i);

      for (guint j = 0; j < months->len; j++)
        {
          SalurMonth m = g_array_index (months, SalurMonth, j);
          if (m >= row->kpm->from_month && (row->closed_from == SALUR_MONTH_NONE || m < row->closed_from))
            g_array_append_val (row->months_due, m);
        }
    }

  stmt = _salur_store_prepare (store, "SELECT device_id, seq, target_device, target_seq, reason FROM ev_void", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (within (wm, (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1)))
      g_hash_table_replace (voids, key_of ((const char *) sqlite3_column_text (stmt, 2), sqlite3_column_int64 (stmt, 3)),
                            _salur_column_text (stmt, 4));
  sqlite3_reset (stmt);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  stmt = _salur_store_prepare (store,
                               "SELECT p.device_id, p.seq, p.receipt, p.kpm_id, p.desk, p.amount_per_month, p.place,"
                               " p.witness, p.proxy_name, p.proxy_nik, p.proxy_relation, p.surat_kuasa, p.proof,"
                               " p.proof_note, p.signature, e.operator, e.at,"
                               " (SELECT group_concat (month) FROM (SELECT month FROM ev_month m"
                               "   WHERE m.device_id = p.device_id AND m.seq = p.seq ORDER BY month))"
                               " FROM ev_payment p JOIN event e ON e.device_id = p.device_id AND e.seq = p.seq"
                               " WHERE EXISTS (SELECT 1 FROM ev_month m WHERE m.device_id = p.device_id AND m.seq = p.seq"
                               "   AND m.month IN (SELECT value FROM json_each (?1)))"
                               " ORDER BY e.at, p.device_id, p.seq", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SalurReportRow *row = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 3));
      const char *dev = (const char *) sqlite3_column_text (stmt, 0);
      gint64 seq = sqlite3_column_int64 (stmt, 1);
      SalurReportPayment *p;
      g_autofree char *key = NULL;
      g_auto(GStrv) parts = NULL;
      const char *text;

      if (row == NULL || !within (wm, dev, seq))
        continue;
      p = g_new0 (SalurReportPayment, 1);
      p->device_id = g_strdup (dev);
      p->seq = seq;
      p->receipt = _salur_column_text (stmt, 2);
      p->desk = _salur_column_text (stmt, 4);
      p->amount_per_month = sqlite3_column_int64 (stmt, 5);
      p->place = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 6), "home") == 0 ? SALUR_PLACE_HOME : SALUR_PLACE_HALL;
      p->witness = _salur_column_text (stmt, 7);
      p->proxy_name = _salur_column_text (stmt, 8);
      p->proxy_nik = _salur_column_text (stmt, 9);
      p->proxy_relation = _salur_column_text (stmt, 10);
      p->surat_kuasa_seen = sqlite3_column_int (stmt, 11) != 0;
      text = (const char *) sqlite3_column_text (stmt, 12);
      p->proof = g_strcmp0 (text, "signature") == 0 ? SALUR_PROOF_SIGNATURE
               : g_strcmp0 (text, "thumbprint") == 0 ? SALUR_PROOF_THUMBPRINT : SALUR_PROOF_NONE;
      p->proof_note = _salur_column_text (stmt, 13);
      if (sqlite3_column_type (stmt, 14) == SQLITE_BLOB)
        p->signature = g_bytes_new (sqlite3_column_blob (stmt, 14), sqlite3_column_bytes (stmt, 14));
      p->operator_name = _salur_column_text (stmt, 15);
      p->at = _salur_column_text (stmt, 16);
      p->months = month_array ();
      parts = g_strsplit (sqlite3_column_text (stmt, 17) != NULL ? (const char *) sqlite3_column_text (stmt, 17) : "",
                          ",", -1);
      for (guint j = 0; parts[j] != NULL; j++)
        {
          SalurMonth m = g_ascii_strtoll (parts[j], NULL, 10);
          if (has_month (months, m))
            g_array_append_val (p->months, m);
        }
      p->amount = p->amount_per_month * p->months->len;
      key = key_of (dev, seq);
      p->void_reason = g_strdup (g_hash_table_lookup (voids, key));
      p->voided = p->void_reason != NULL;
      if (!p->voided)
        {
          /* the first payment of a month stands; a later one is a double */
          for (guint j = 0; j < p->months->len; j++)
            {
              SalurMonth m = g_array_index (p->months, SalurMonth, j);
              if (has_month (row->months_paid, m))
                {
                  p->duplicate = TRUE;
                  row->amount_duplicate += p->amount_per_month;
                }
              else
                {
                  g_array_append_val (row->months_paid, m);
                  row->amount_paid += p->amount_per_month;
                }
            }
        }
      g_ptr_array_add (row->payments, p);
    }
  sqlite3_reset (stmt);

  stmt = _salur_store_prepare (store,
                               "SELECT m.device_id, m.seq, m.kpm_id, m.month, e.at, a.reason FROM ev_month m"
                               " JOIN ev_absence a ON a.device_id = m.device_id AND a.seq = m.seq"
                               " JOIN event e ON e.device_id = m.device_id AND e.seq = m.seq"
                               " WHERE m.what = 'absence' AND m.month IN (SELECT value FROM json_each (?1))"
                               " ORDER BY e.at", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SalurReportRow *row = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 2));
      g_autofree char *date = NULL;
      g_autofree char *text = NULL;

      if (row == NULL || !within (wm, (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1)))
        continue;
      if (!has_month (row->months_due, sqlite3_column_int (stmt, 3))
          || has_month (row->months_paid, sqlite3_column_int (stmt, 3)))
        continue;
      date = _salur_doc_date_short ((const char *) sqlite3_column_text (stmt, 4));
      text = g_strdup_printf ("%s (%s)", sqlite3_column_text (stmt, 5), date);
      if (row->absence == NULL)
        row->absence = g_steal_pointer (&text);
      else if (strstr (row->absence, text) == NULL)
        {
          char *both = g_strdup_printf ("%s; %s", row->absence, text);
          g_free (row->absence);
          row->absence = both;
        }
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < rows->len; i++)
    {
      SalurReportRow *row = g_ptr_array_index (rows, i);
      guint due_paid = 0;

      for (guint j = 0; j < row->months_due->len; j++)
        if (has_month (row->months_paid, g_array_index (row->months_due, SalurMonth, j)))
          due_paid++;
      row->amount_left = (row->months_due->len - due_paid) * amount;
      if (row->months_due->len == 0)
        row->state = SALUR_REPORT_CLOSED;
      else if (due_paid == row->months_due->len)
        row->state = SALUR_REPORT_PAID;
      else if (due_paid > 0)
        row->state = SALUR_REPORT_PARTLY_PAID;
      else if (row->absence != NULL)
        row->state = SALUR_REPORT_ABSENT;
      else
        row->state = SALUR_REPORT_UNPAID;
      g_array_sort (row->months_paid, cmp_month);
    }
  return g_steal_pointer (&rows);
}

static void
sum_totals (GPtrArray *rows, SalurReportTotals *t)
{
  memset (t, 0, sizeof *t);
  for (guint i = 0; i < rows->len; i++)
    {
      SalurReportRow *row = g_ptr_array_index (rows, i);
      gboolean home = FALSE, proxy = FALSE, any = FALSE;

      for (guint j = 0; j < row->payments->len; j++)
        {
          SalurReportPayment *p = g_ptr_array_index (row->payments, j);

          if (p->voided)
            {
              t->voided++;
              continue;
            }
          if (p->duplicate)
            t->duplicates++;
          any = TRUE;
          home |= p->place == SALUR_PLACE_HOME;
          proxy |= p->proxy_name[0] != '\0';
        }
      switch (row->state)
        {
        case SALUR_REPORT_PAID: t->paid++; break;
        case SALUR_REPORT_PARTLY_PAID: t->partly_paid++; break;
        case SALUR_REPORT_ABSENT: t->absent++; break;
        case SALUR_REPORT_UNPAID: t->unpaid++; break;
        case SALUR_REPORT_CLOSED: t->closed++; break;
        default: g_assert_not_reached ();
        }
      if (row->state != SALUR_REPORT_CLOSED)
        t->kpm_listed++;
      if (any)
        {
          if (home)
            t->home++;
          else if (proxy)
            t->proxy++;
          else
            t->in_person++;
        }
      t->amount_paid += row->amount_paid;
      t->amount_left += row->amount_left;
      t->amount_duplicate += row->amount_duplicate;
    }
  t->amount_planned = t->amount_paid + t->amount_left;
}

/* public API: the model */

const char *
salur_report_state_label (SalurReportState state)
{
  static const char *const labels[] = {
    "Sudah diterima", "Diterima sebagian", "Tidak hadir", "Belum dibayar", "Keluar dari daftar",
  };

  g_return_val_if_fail (state <= SALUR_REPORT_CLOSED, "");
  return labels[state];
}

void
salur_report_free (SalurReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->village, salur_village_free);
  g_clear_pointer (&report->months, g_array_unref);
  g_clear_pointer (&report->rows, g_ptr_array_unref);
  g_free (report->seal);
  g_free (report->made_at);
  g_free (report);
}

static GHashTable *
watermark_table (GPtrArray *devices, GArray *seqs)
{
  GHashTable *wm = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < devices->len; i++)
    g_hash_table_insert (wm, g_strdup (g_ptr_array_index (devices, i)),
                         g_memdup2 (&g_array_index (seqs, gint64, i), sizeof (gint64)));
  return wm;
}

SalurReport *
salur_report_build (SalurStore    *store,
                    GArray        *months,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(SalurReport) report = NULL;
  g_autoptr(GHashTable) wm = NULL;
  g_autofree char *head = NULL;
  crypto_generichash_state state;
  Seal seal = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (months != NULL && months->len > 0, NULL);

  report = g_new0 (SalurReport, 1);
  report->months = g_array_copy (months);
  g_array_sort (report->months, cmp_month);

  /* one snapshot for the seal and the rows (WAL: desks keep writing) */
  if (!_salur_store_exec (store, "BEGIN DEFERRED", error))
    return NULL;
  report->village = salur_store_get_village (store, error);
  if (report->village == NULL)
    goto out;

  seal.months = g_array_ref (report->months);
  seal.devices = g_ptr_array_new_with_free_func (g_free);
  seal.seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!current_watermarks (store, seal.devices, seal.seqs, error))
    goto out;
  wm = watermark_table (seal.devices, seal.seqs);

  report->rows = build_rows (store, report->months, report->village->amount, wm, cancellable, error);
  if (report->rows == NULL)
    goto out;
  sum_totals (report->rows, &report->totals);
  report->complaints_open = salur_complaint_count_unresolved (store);

  /* the events' digest, then the seal's digest over its head and that */
  crypto_generichash_init (&state, NULL, 0, 32);
  if (!digest_events (store, report->months, wm, &state, &seal.events, NULL, error))
    goto out;
  seal.kpm_listed = report->totals.kpm_listed;
  seal.kpm_paid = report->totals.paid;
  seal.amount_paid = report->totals.amount_paid;
  head = seal_head (&seal);
  seal.digest = digest_finish (&state, head);
  report->n_events = seal.events;
  report->seal = g_strdup_printf ("%s b2b=%s", head, seal.digest);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    report->made_at = g_date_time_format_iso8601 (now);
  }
  ok = TRUE;

out:
  _salur_store_exec (store, ok ? "COMMIT" : "ROLLBACK", NULL);
  seal_clear (&seal);
  return ok ? g_steal_pointer (&report) : NULL;
}

/* public API: the seal */

void
salur_seal_check_clear (SalurSealCheck *check)
{
  if (check == NULL)
    return;
  g_clear_pointer (&check->months, g_free);
}

char *
salur_report_seal_from_pdf (const char  *path,
                            GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  const char *data, *found = NULL;
  gsize len, magic_len = strlen (SEAL_MAGIC);

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return NULL;
  data = g_mapped_file_get_contents (file);
  len = g_mapped_file_get_length (file);
  /* the Info dictionary is written uncompressed: "/Keywords (SALUR-SEGEL/1 ...)" */
  for (gsize i = 0; data != NULL && i + magic_len < len; i++)
    {
      const char *p = memchr (data + i, 'S', len - i);

      if (p == NULL)
        break;
      i = p - data;
      if (i + magic_len < len && memcmp (p, SEAL_MAGIC, magic_len) == 0 && i > 0 && data[i - 1] == '(')
        {
          found = p;
          break;
        }
    }
  if (found != NULL)
    {
      const char *end = memchr (found, ')', len - (found - data));
      if (end != NULL && end - found < 4096)
        return g_strndup (found, end - found);
    }
  g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
               _("%s carries no Salur report seal: it was not made by “salur report”, or it was saved again by "
                 "another program. Type the seal printed at the foot of its pages with --seal."), path);
  return NULL;
}

gboolean
salur_report_verify (SalurStore     *store,
                     const char     *seal_text,
                     SalurSealCheck *check,
                     GError        **error)
{
  g_autoptr(GHashTable) wm = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(SalurVillage) village = NULL;
  g_autoptr(GPtrArray) store_devices = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) store_seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *head = NULL, *digest = NULL, *months_text = NULL;
  crypto_generichash_state state;
  SalurReportTotals totals;
  Seal seal;
  guint64 count = 0, newer = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);

  if (!seal_parse (seal_text, &seal, error))
    return FALSE;
  if (!_salur_store_exec (store, "BEGIN DEFERRED", error))
    {
      seal_clear (&seal);
      return FALSE;
    }
  village = salur_store_get_village (store, error);
  if (village == NULL || !current_watermarks (store, store_devices, store_seqs, error))
    goto out;

  /* each device the seal names, by the start of its id */
  wm = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < seal.devices->len; i++)
    {
      const char *prefix = g_ptr_array_index (seal.devices, i);
      gint64 seq = g_array_index (seal.seqs, gint64, i);
      int match = -1;

      for (guint d = 0; d < store_devices->len; d++)
        if (g_str_has_prefix (g_ptr_array_index (store_devices, d), prefix))
          {
            if (match >= 0)
              {
                g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED,
                             _("Two devices of this record start with %s; the seal cannot tell them apart."), prefix);
                goto out;
              }
            match = d;
          }
      if (match < 0)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                       _("The report was made from events of device %s, which this record does not hold. Check it "
                         "on the computer that made the report, or merge that device's data first."), prefix);
          goto out;
        }
      if (g_array_index (store_seqs, gint64, match) < seq)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                       _("The report counted events of device %s up to number %" PRId64 ", but this record holds them "
                         "only up to %" PRId64 ": events were removed, or this is not the computer that made the "
                         "report (merge that device's data first)."),
                       prefix, seq, g_array_index (store_seqs, gint64, match));
          goto out;
        }
      g_hash_table_insert (wm, g_strdup (g_ptr_array_index (store_devices, match)), g_memdup2 (&seq, sizeof seq));
    }

  crypto_generichash_init (&state, NULL, 0, 32);
  if (!digest_events (store, seal.months, wm, &state, &count, &newer, error))
    goto out;
  months_text = months_iso (seal.months);
  if (count != seal.events)
    {
      if (count < seal.events)
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                     _("The report was drawn from %" PRIu64 " events for %s, but the record now holds only %" PRIu64
                       " of them: events were removed since the report was made."), seal.events, months_text, count);
      else
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                     _("The report was drawn from %" PRIu64 " events for %s, but the record now holds %" PRIu64
                       " with the same devices and numbers: events were slipped in among them since the report was "
                       "made."), seal.events, months_text, count);
      goto out;
    }
  head = seal_head (&seal);
  digest = digest_finish (&state, head);
  if (!g_str_equal (digest, seal.digest))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                   _("The record no longer matches this report: the %" PRIu64 " events it was drawn from are not the "
                     "ones the record holds now, or the seal was altered."), seal.events);
      goto out;
    }

  /* the events are the same: the tables drawn from them must give the
   * same figures (an edit of a table, not of an event, shows here) */
  rows = build_rows (store, seal.months, village->amount, wm, NULL, error);
  if (rows == NULL)
    goto out;
  sum_totals (rows, &totals);
  if (totals.kpm_listed != seal.kpm_listed || totals.paid != seal.kpm_paid || totals.amount_paid != seal.amount_paid)
    {
      g_autofree char *was = salur_rupiah_format (seal.amount_paid);
      g_autofree char *now = salur_rupiah_format (totals.amount_paid);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                   _("The record was changed outside Salur: the report says %u KPM on the list, %u paid, %s; the "
                     "same events now give %u, %u, %s. Run “salur verify” to find the change."),
                   seal.kpm_listed, seal.kpm_paid, was, totals.kpm_listed, totals.paid, now);
      goto out;
    }

  if (check != NULL)
    {
      GString *m = g_string_new (NULL);

      for (guint i = 0; i < seal.months->len; i++)
        {
          g_autofree char *one = salur_month_format_id (g_array_index (seal.months, SalurMonth, i));
          g_string_append_printf (m, "%s%s", i > 0 ? ", " : "", one);
        }
      check->events = count;
      check->newer = newer;
      check->kpm_listed = totals.kpm_listed;
      check->kpm_paid = totals.paid;
      check->amount_paid = totals.amount_paid;
      check->months = g_string_free (m, FALSE);
    }
  ok = TRUE;

out:
  _salur_store_exec (store, ok ? "COMMIT" : "ROLLBACK", NULL);
  seal_clear (&seal);
  return ok;
}

/* drawing */

#define PAGE_W        SALUR_A4_HEIGHT     /* landscape */
#define PAGE_H        SALUR_A4_WIDTH
#define MARGIN        SALUR_MM (10)
#define FOOTER_H      30.0
#define BODY_BOTTOM   (PAGE_H - MARGIN - FOOTER_H)
#define PAD           2.5
#define ROW_MIN       29.0                 /* room for a signature */
#define ROW_EMPTY     15.0                 /* nothing paid: no signature */
#define SLOT_MIN      28.0                 /* each further payment in a row */
#define HEAD_H        26.0
#define NUM_H         9.0
#define GROUP_H       14.0
#define TOTAL_H       22.0
#define CLOSING_H     200.0                /* summary and signatures */

#define FONT_BODY     "DejaVu Sans 6.6"
#define FONT_BOLD     "DejaVu Sans Bold 6.6"
#define FONT_SMALL    "DejaVu Sans 5.6"
#define FONT_NIK      "DejaVu Sans Mono 6.8"
#define FONT_RECEIPT  "DejaVu Sans Mono 5.8"

enum { C_NO, C_NIK, C_NAME, C_DUSUN, C_RTRW, C_MONTHS, C_AMOUNT, C_DATE, C_BY, C_SIGN, C_NOTE, N_COLS };

static const struct {
  const char     *title;
  double          width;
  PangoAlignment  align;
} columns[N_COLS] = {
  [C_NO]     = { "No",                                20, PANGO_ALIGN_CENTER },
  [C_NIK]    = { "NIK",                               74, PANGO_ALIGN_LEFT },
  [C_NAME]   = { "Nama KPM",                         118, PANGO_ALIGN_LEFT },
  [C_DUSUN]  = { "Dusun",                             58, PANGO_ALIGN_LEFT },
  [C_RTRW]   = { "RT/RW",                             36, PANGO_ALIGN_CENTER },
  [C_MONTHS] = { "Bulan",                             52, PANGO_ALIGN_LEFT },
  [C_AMOUNT] = { "Jumlah (Rp)",                       58, PANGO_ALIGN_RIGHT },
  [C_DATE]   = { "Tanggal terima / No. kuitansi",     82, PANGO_ALIGN_LEFT },
  [C_BY]     = { "Diterima oleh",                    104, PANGO_ALIGN_LEFT },
  [C_SIGN]   = { "Tanda tangan / cap jempol",         96, PANGO_ALIGN_CENTER },
  [C_NOTE]   = { "Keterangan",                        87, PANGO_ALIGN_LEFT },
};

typedef enum { ITEM_GROUP, ITEM_ROW, ITEM_SUBTOTAL, ITEM_TOTAL } ItemKind;

typedef struct {
  ItemKind  kind;
  guint     index;      /* row, or first row of the dusun */
  guint     count;      /* rows of the dusun */
  double    height;
} Item;

typedef struct {
  SalurReport               *report;
  const SalurReportOptions  *options;
  cairo_t                   *cr;
  SalurDocText              *cell[N_COLS];   /* each column's body text */
  SalurDocText              *bold;
  SalurDocText              *small;
  SalurDocText              *nik;
  SalurDocText              *receipt;
  double                     x[N_COLS + 1];
  char                      *title_line;     /* running head of later pages */
  char                      *date_text;      /* the signatures' date */
} Draw;

static double
col_x (Draw *d, int c)
{
  return d->x[c];
}

static double
col_w (int c)
{
  return columns[c].width;
}

static char *
by_text (const SalurReportPayment *p)
{
  GString *out = g_string_new (NULL);

  if (p->proxy_name[0] == '\0')
    g_string_append (out, "KPM sendiri");
  else
    {
      g_autofree char *masked = _salur_doc_nik_masked (p->proxy_nik);
      g_string_append_printf (out, "Kuasa: %s (%s)", p->proxy_name, p->proxy_relation);
      if (p->proxy_nik[0] != '\0')
        g_string_append_printf (out, "\nNIK %s", masked);
      if (p->surat_kuasa_seen)
        g_string_append (out, ", surat kuasa ada");
    }
  if (p->place == SALUR_PLACE_HOME)
    {
      g_string_append (out, "\nDiantar ke rumah");
      if (p->witness[0] != '\0')
        g_string_append_printf (out, ", saksi: %s", p->witness);
    }
  return g_string_free (out, FALSE);
}

static char *
date_text (const SalurReportPayment *p)
{
  g_autofree char *date = _salur_doc_date_short (p->at);
  g_autofree char *time = _salur_doc_time (p->at);

  return g_strdup_printf ("%s %s", date, time);
}

static char *
note_text (const SalurReportRow *row)
{
  GString *out = g_string_new (NULL);

#define LINE(...) G_STMT_START { if (out->len > 0) g_string_append_c (out, '\n'); \
                                 g_string_append_printf (out, __VA_ARGS__); } G_STMT_END
  if (row->closed != NULL && row->state == SALUR_REPORT_CLOSED)
    LINE ("%s", row->closed);
  if (row->state == SALUR_REPORT_ABSENT)
    LINE ("Tidak hadir: %s", row->absence);
  else if (row->state == SALUR_REPORT_UNPAID)
    LINE ("Belum dibayar");
  else if (row->state == SALUR_REPORT_PARTLY_PAID)
    {
      g_autoptr(GArray) left = month_array ();
      g_autofree char *text = NULL;

      for (guint i = 0; i < row->months_due->len; i++)
        if (!has_month (row->months_paid, g_array_index (row->months_due, SalurMonth, i)))
          g_array_append_val (left, g_array_index (row->months_due, SalurMonth, i));
      text = _salur_doc_months (left, TRUE);
      LINE ("Belum dibayar: %s", text);
      if (row->absence != NULL)
        LINE ("Tidak hadir: %s", row->absence);
    }
  if (row->closed != NULL && row->state != SALUR_REPORT_CLOSED)
    LINE ("%s", row->closed);
  for (guint i = 0; i < row->payments->len; i++)
    {
      const SalurReportPayment *p = g_ptr_array_index (row->payments, i);

      if (p->voided)
        LINE ("Kuitansi %s dibatalkan: %s", p->receipt, p->void_reason);
      else if (p->duplicate)
        LINE ("PEMBAYARAN GANDA: %s", p->receipt);
    }
#undef LINE
  return g_string_free (out, FALSE);
}

/* The payments a row shows in its cells: those not voided */
static guint
n_slots (const SalurReportRow *row)
{
  guint n = 0;

  for (guint i = 0; i < row->payments->len; i++)
    n += !((SalurReportPayment *) g_ptr_array_index (row->payments, i))->voided;
  return n;
}

static double
slot_height (Draw *d, const SalurReportPayment *p)
{
  g_autofree char *by = by_text (p);
  double h = _salur_doc_text_height (d->cell[C_BY], by) + 2 * PAD;

  return MAX (SLOT_MIN, h);
}

static double
row_height (Draw *d, const SalurReportRow *row)
{
  g_autofree char *note = note_text (row);
  g_autofree char *months = _salur_doc_months (row->months_paid, TRUE);
  double h = n_slots (row) > 0 ? ROW_MIN : ROW_EMPTY, slots = 0;

  h = MAX (h, _salur_doc_text_height (d->cell[C_NAME], row->kpm->name) + 2 * PAD);
  h = MAX (h, _salur_doc_text_height (d->cell[C_DUSUN], row->kpm->dusun) + 2 * PAD);
  h = MAX (h, _salur_doc_text_height (d->cell[C_NOTE], note) + 2 * PAD);
  h = MAX (h, _salur_doc_text_height (d->cell[C_MONTHS], months) + 2 * PAD);
  for (guint i = 0; i < row->payments->len; i++)
    {
      const SalurReportPayment *p = g_ptr_array_index (row->payments, i);
      if (!p->voided)
        slots += slot_height (d, p);
    }
  return MAX (h, slots);
}

static void
set_gray (cairo_t *cr, double g)
{
  cairo_set_source_rgb (cr, g, g, g);
}

static void
hline (cairo_t *cr, double x0, double x1, double y, double width)
{
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
}

static void
vlines (Draw *d, double y0, double y1, int from, int to)
{
  cairo_set_line_width (d->cr, 0.4);
  for (int c = from; c <= to; c++)
    {
      cairo_move_to (d->cr, d->x[c], y0);
      cairo_line_to (d->cr, d->x[c], y1);
    }
  cairo_stroke (d->cr);
}

static double
draw_table_head (Draw *d, double y)
{
  cairo_t *cr = d->cr;
  g_autoptr(SalurDocText) head = _salur_doc_text_new (cr, FONT_BOLD, 0, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) num = _salur_doc_text_new (cr, "DejaVu Sans 5.2", 0, PANGO_ALIGN_CENTER);

  set_gray (cr, 0.86);
  cairo_rectangle (cr, d->x[0], y, d->x[N_COLS] - d->x[0], HEAD_H + NUM_H);
  cairo_fill (cr);
  set_gray (cr, 0);
  for (int c = 0; c < N_COLS; c++)
    {
      double th;
      char n[8];

      _salur_doc_text_set_width (head, col_w (c) - 2 * PAD);
      th = _salur_doc_text_height (head, columns[c].title);
      _salur_doc_text_draw (head, col_x (d, c) + PAD, y + (HEAD_H - th) / 2, columns[c].title);
      g_snprintf (n, sizeof n, "%d", c + 1);
      _salur_doc_text_set_width (num, col_w (c));
      _salur_doc_text_draw (num, col_x (d, c), y + HEAD_H + 1.2, n);
    }
  hline (cr, d->x[0], d->x[N_COLS], y, 0.8);
  hline (cr, d->x[0], d->x[N_COLS], y + HEAD_H, 0.4);
  hline (cr, d->x[0], d->x[N_COLS], y + HEAD_H + NUM_H, 0.8);
  vlines (d, y, y + HEAD_H + NUM_H, 0, N_COLS);
  return y + HEAD_H + NUM_H;
}

static void
draw_thumb_box (Draw *d, double x, double y, double w, double h)
{
  g_autoptr(SalurDocText) t = _salur_doc_text_new (d->cr, "DejaVu Sans Bold 5.6", w, PANGO_ALIGN_CENTER);
  double bw = MIN (w, 64), bh = h - 4, th;

  _salur_doc_dashed_rect (d->cr, x + (w - bw) / 2, y + 2, bw, bh);
  _salur_doc_text_set_width (t, bw);
  th = _salur_doc_text_height (t, "CAP JEMPOL\n(di kuitansi)");
  set_gray (d->cr, 0.35);
  _salur_doc_text_draw (t, x + (w - bw) / 2, y + 2 + (bh - th) / 2, "CAP JEMPOL\n(di kuitansi)");
  set_gray (d->cr, 0);
}

static void
draw_row (Draw *d, const SalurReportRow *row, guint number, double y, double h)
{
  cairo_t *cr = d->cr;
  const SalurKpm *k = row->kpm;
  g_autofree char *no = g_strdup_printf ("%u", number);
  g_autofree char *nik = d->options->mask_nik ? _salur_doc_nik_masked (k->nik) : g_strdup (k->nik);
  g_autofree char *rtrw = salur_kpm_rt_rw (k);
  g_autofree char *months = row->months_paid->len > 0 ? _salur_doc_months (row->months_paid, TRUE) : g_strdup ("–");
  g_autofree char *amount = row->amount_paid > 0 ? salur_rupiah_digits (row->amount_paid) : g_strdup ("–");
  g_autofree char *note = note_text (row);
  double sy = y;

  if (row->state != SALUR_REPORT_PAID && row->state != SALUR_REPORT_PARTLY_PAID)
    {
      /* a row with nothing paid stands out without colour */
      set_gray (cr, row->state == SALUR_REPORT_CLOSED ? 0.93 : 0.965);
      cairo_rectangle (cr, d->x[0], y, d->x[N_COLS] - d->x[0], h);
      cairo_fill (cr);
      set_gray (cr, 0);
      /* the fill covered the line above */
      hline (cr, d->x[0], d->x[N_COLS], y, 0.4);
    }
  _salur_doc_text_draw (d->cell[C_NO], col_x (d, C_NO) + PAD, y + PAD, no);
  _salur_doc_text_draw (d->nik, col_x (d, C_NIK) + PAD, y + PAD + 0.3, nik);
  _salur_doc_text_draw (d->cell[C_NAME], col_x (d, C_NAME) + PAD, y + PAD, k->name);
  _salur_doc_text_draw (d->cell[C_DUSUN], col_x (d, C_DUSUN) + PAD, y + PAD, k->dusun);
  _salur_doc_text_draw (d->cell[C_RTRW], col_x (d, C_RTRW) + PAD, y + PAD, rtrw);
  _salur_doc_text_draw (d->cell[C_MONTHS], col_x (d, C_MONTHS) + PAD, y + PAD, months);
  _salur_doc_text_draw (d->cell[C_AMOUNT], col_x (d, C_AMOUNT) + PAD, y + PAD, amount);
  _salur_doc_text_draw (d->cell[C_NOTE], col_x (d, C_NOTE) + PAD, y + PAD, note);

  for (guint i = 0; i < row->payments->len; i++)
    {
      const SalurReportPayment *p = g_ptr_array_index (row->payments, i);
      g_autofree char *when = NULL, *by = NULL, *op = NULL;
      double slot, ty;

      if (p->voided)
        continue;
      slot = n_slots (row) == 1 ? h : slot_height (d, p);
      when = date_text (p);
      by = by_text (p);
      op = g_strdup_printf ("petugas: %s", p->operator_name);
      ty = sy + PAD;
      ty += _salur_doc_text_draw (d->cell[C_DATE], col_x (d, C_DATE) + PAD, ty, when);
      ty += _salur_doc_text_draw (d->receipt, col_x (d, C_DATE) + PAD, ty + 0.5, p->receipt) + 0.5;
      set_gray (cr, 0.3);
      _salur_doc_text_draw (d->small, col_x (d, C_DATE) + PAD, ty, op);
      set_gray (cr, 0);
      _salur_doc_text_draw (d->cell[C_BY], col_x (d, C_BY) + PAD, sy + PAD, by);
      switch (p->proof)
        {
        case SALUR_PROOF_SIGNATURE:
          if (!salur_signature_draw_bytes (cr, p->signature, col_x (d, C_SIGN) + PAD, sy + 1.5,
                                           col_w (C_SIGN) - 2 * PAD, MIN (slot, 40) - 3))
            _salur_doc_text_draw (d->small, col_x (d, C_SIGN) + PAD, sy + PAD, "(tanda tangan rusak)");
          break;
        case SALUR_PROOF_THUMBPRINT:
          draw_thumb_box (d, col_x (d, C_SIGN) + PAD, sy, col_w (C_SIGN) - 2 * PAD, MIN (slot, 30));
          break;
        case SALUR_PROOF_NONE:
        default:
          {
            g_autofree char *why = g_strdup_printf ("Tanpa tanda tangan: %s", p->proof_note);
            _salur_doc_text_draw (d->small, col_x (d, C_SIGN) + PAD, sy + PAD, why);
          }
          break;
        }
      if (n_slots (row) > 1 && sy + slot < y + h - 0.5)
        {
          set_gray (cr, 0.6);
          cairo_set_line_width (cr, 0.3);
          cairo_move_to (cr, d->x[C_DATE], sy + slot);
          cairo_line_to (cr, d->x[C_SIGN + 1], sy + slot);
          cairo_stroke (cr);
          set_gray (cr, 0);
        }
      sy += slot;
    }
  hline (cr, d->x[0], d->x[N_COLS], y + h, 0.4);
  /* the column lines are drawn once for a run of rows (draw_rows_end) */
}

typedef struct {
  guint  kpm, listed, paid, in_person, proxy, home, absent, unpaid, closed;
  gint64 amount;
} Sub;

static void
sub_add (Sub *s, const SalurReportRow *row)
{
  gboolean home = FALSE, proxy = FALSE, any = FALSE;

  s->kpm++;
  s->listed += row->state != SALUR_REPORT_CLOSED;
  s->paid += row->state == SALUR_REPORT_PAID || row->state == SALUR_REPORT_PARTLY_PAID;
  s->absent += row->state == SALUR_REPORT_ABSENT;
  s->unpaid += row->state == SALUR_REPORT_UNPAID;
  s->closed += row->state == SALUR_REPORT_CLOSED;
  s->amount += row->amount_paid;
  for (guint i = 0; i < row->payments->len; i++)
    {
      const SalurReportPayment *p = g_ptr_array_index (row->payments, i);
      if (p->voided)
        continue;
      any = TRUE;
      home |= p->place == SALUR_PLACE_HOME;
      proxy |= p->proxy_name[0] != '\0';
    }
  if (any)
    {
      if (home)
        s->home++;
      else if (proxy)
        s->proxy++;
      else
        s->in_person++;
    }
}

static void
draw_total (Draw *d, const char *label, const Sub *s, double y, gboolean grand)
{
  cairo_t *cr = d->cr;
  const char *font = grand ? "DejaVu Sans Bold 7" : FONT_BOLD;
  g_autoptr(SalurDocText) right = _salur_doc_text_new (cr, font, d->x[C_AMOUNT] - d->x[0] - 2 * PAD, PANGO_ALIGN_RIGHT);
  g_autoptr(SalurDocText) amount = _salur_doc_text_new (cr, font, col_w (C_AMOUNT) - 2 * PAD, PANGO_ALIGN_RIGHT);
  g_autoptr(SalurDocText) detail = _salur_doc_text_new (cr, FONT_SMALL, d->x[N_COLS] - d->x[C_DATE] - 2 * PAD,
                                                      PANGO_ALIGN_LEFT);
  g_autofree char *text = g_strdup_printf ("%s: %u dari %u KPM menerima", label, s->paid, s->listed);
  g_autofree char *money = salur_rupiah_digits (s->amount);
  g_autoptr(GString) more = g_string_new (NULL);
  double th;

  g_string_append_printf (more, "Diterima sendiri %u · oleh kuasa %u · diantar ke rumah %u", s->in_person, s->proxy,
                          s->home);
  g_string_append_printf (more, "\nTidak hadir %u · belum dibayar %u", s->absent, s->unpaid);
  if (s->closed > 0)
    g_string_append_printf (more, " · keluar dari daftar %u", s->closed);

  set_gray (cr, grand ? 0.80 : 0.90);
  cairo_rectangle (cr, d->x[0], y, d->x[N_COLS] - d->x[0], TOTAL_H);
  cairo_fill (cr);
  set_gray (cr, 0);
  th = _salur_doc_text_height (right, text);
  _salur_doc_text_draw (right, d->x[0] + PAD, y + (TOTAL_H - th) / 2, text);
  _salur_doc_text_draw (amount, col_x (d, C_AMOUNT) + PAD, y + (TOTAL_H - th) / 2, money);
  th = _salur_doc_text_height (detail, more->str);
  _salur_doc_text_draw (detail, col_x (d, C_DATE) + PAD, y + (TOTAL_H - th) / 2, more->str);
  hline (cr, d->x[0], d->x[N_COLS], y, 0.4);
  hline (cr, d->x[0], d->x[N_COLS], y + TOTAL_H, grand ? 0.8 : 0.5);
  cairo_set_line_width (cr, 0.4);
  for (int c = 0; c <= N_COLS; c++)
    if (c == 0 || c == C_AMOUNT || c == C_DATE || c == N_COLS)
      {
        cairo_move_to (cr, d->x[c], y);
        cairo_line_to (cr, d->x[c], y + TOTAL_H);
      }
  cairo_stroke (cr);
}

static void
draw_group (Draw *d, const char *dusun, guint count, double y, gboolean continued)
{
  cairo_t *cr = d->cr;
  g_autofree char *up = g_utf8_strup (dusun, -1);
  g_autofree char *text = g_strdup_printf ("DUSUN %s — %u KPM%s", up, count, continued ? " (lanjutan)" : "");
  g_autoptr(SalurDocText) t = _salur_doc_text_new (cr, "DejaVu Sans Bold 7", 0, PANGO_ALIGN_LEFT);

  set_gray (cr, 0.95);
  cairo_rectangle (cr, d->x[0], y, d->x[N_COLS] - d->x[0], GROUP_H);
  cairo_fill (cr);
  set_gray (cr, 0);
  _salur_doc_text_draw (t, d->x[0] + PAD + 2, y + 3, text);
  hline (cr, d->x[0], d->x[N_COLS], y + GROUP_H, 0.4);
  vlines (d, y, y + GROUP_H, 0, 0);
  vlines (d, y, y + GROUP_H, N_COLS, N_COLS);
}

/* The title block of the first page; returns where the table starts */
static double
draw_title (Draw *d, gboolean measure_only)
{
  cairo_t *cr = d->cr;
  SalurVillage *v = d->report->village;
  double y = MARGIN, w = PAGE_W - 2 * MARGIN;
  g_autofree char *months = NULL;
  g_autofree char *amount = salur_rupiah_format (v->amount);
  g_autoptr(SalurDocText) title = _salur_doc_text_new (cr, "DejaVu Sans Bold 13", w, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) sub = _salur_doc_text_new (cr, "DejaVu Sans Bold 9.5", w, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) label = _salur_doc_text_new (cr, "DejaVu Sans 8", 0, PANGO_ALIGN_LEFT);
  g_autoptr(SalurDocText) value = _salur_doc_text_new (cr, "DejaVu Sans Bold 8", 0, PANGO_ALIGN_LEFT);
  g_autofree char *desa = g_utf8_strup (v->desa, -1);
  const char *labels[6] = { "Desa", "Kecamatan", "Kabupaten", "Provinsi", "Kode wilayah", "Besaran BLT" };
  g_autofree char *amount_text = g_strdup_printf ("%s per KPM per bulan", amount);
  const char *values[6] = { v->desa, v->kecamatan, v->kabupaten, v->provinsi,
                            v->kode_wilayah[0] != '\0' ? v->kode_wilayah : "–", amount_text };

  {
    GString *m = g_string_new (NULL);
    for (guint i = 0; i < d->report->months->len; i++)
      {
        g_autofree char *one = salur_month_format_id (g_array_index (d->report->months, SalurMonth, i));
        g_autofree char *upper = g_utf8_strup (one, -1);
        g_string_append_printf (m, "%s%s", i == 0 ? "" : i + 1 == d->report->months->len ? " DAN " : ", ", upper);
      }
    months = g_string_free (m, FALSE);
  }
  {
    g_autofree char *line2 = g_strdup_printf ("PEMERINTAH DESA %s — BULAN %s", desa, months);
    const char *line1 = "LAPORAN REALISASI PENYALURAN BLT DANA DESA";

    if (measure_only)
      y += _salur_doc_text_height (title, line1) + 1 + _salur_doc_text_height (sub, line2);
    else
      {
        y += _salur_doc_text_draw (title, MARGIN, y, line1);
        y += 1;
        y += _salur_doc_text_draw (sub, MARGIN, y, line2);
      }
    y += 6;
    if (!measure_only)
      {
        hline (cr, MARGIN, PAGE_W - MARGIN, y, 1.2);
        hline (cr, MARGIN, PAGE_W - MARGIN, y + 2, 0.4);
      }
    y += 7;
    for (int i = 0; i < 6 && !measure_only; i++)
      {
        double cx = MARGIN + (i / 2) * 260, cy = y + (i % 2) * 11;
        _salur_doc_text_draw (label, cx, cy, labels[i]);
        _salur_doc_text_draw (label, cx + 62, cy, ":");
        _salur_doc_text_draw (value, cx + 68, cy, values[i]);
      }
    y += 2 * 11 + 8;
  }
  return y;
}

static double
draw_running_head (Draw *d)
{
  g_autoptr(SalurDocText) t = _salur_doc_text_new (d->cr, "DejaVu Sans 7.5", PAGE_W - 2 * MARGIN, PANGO_ALIGN_LEFT);
  double y = MARGIN;

  set_gray (d->cr, 0.25);
  y += _salur_doc_text_draw (t, MARGIN, y, d->title_line);
  set_gray (d->cr, 0);
  return y + 5;
}

static void
draw_footer (Draw *d, guint page, guint pages)
{
  cairo_t *cr = d->cr;
  double y = PAGE_H - MARGIN - FOOTER_H + 6;
  g_autoptr(SalurDocText) seal = _salur_doc_text_new (cr, "DejaVu Sans Mono 6.2", PAGE_W - 2 * MARGIN - 110, PANGO_ALIGN_LEFT);
  g_autoptr(SalurDocText) small = _salur_doc_text_new (cr, "DejaVu Sans 5.8", PAGE_W - 2 * MARGIN - 110, PANGO_ALIGN_LEFT);
  g_autoptr(SalurDocText) num = _salur_doc_text_new (cr, "DejaVu Sans Bold 8", 100, PANGO_ALIGN_RIGHT);
  g_autofree char *pn = g_strdup_printf ("Halaman %u dari %u", page, pages);
  g_autofree char *seal_line = g_strdup_printf ("Segel data: %s", d->report->seal);
  g_autofree char *legal = g_strdup_printf ("Periksa keaslian terhadap catatan Salur: salur verify-report (berkas ini "
                                            "atau segel di atas). %s",
                                            d->options->mask_nik
                                              ? "NIK disamarkan."
                                              : "Memuat NIK lengkap (data pribadi, UU 27/2022): dokumen terbatas, "
                                                "bukan untuk papan pengumuman.");
  double h;

  set_gray (cr, 0.5);
  hline (cr, MARGIN, PAGE_W - MARGIN, y - 3, 0.4);
  set_gray (cr, 0);
  h = _salur_doc_text_draw (seal, MARGIN, y, seal_line);
  set_gray (cr, 0.3);
  _salur_doc_text_draw (small, MARGIN, y + h + 1, legal);
  set_gray (cr, 0);
  _salur_doc_text_draw (num, PAGE_W - MARGIN - 100, y, pn);
}

/* The summary and the signatures, at Y */
static void
draw_closing (Draw *d, double y)
{
  cairo_t *cr = d->cr;
  const SalurReportTotals *t = &d->report->totals;
  SalurVillage *v = d->report->village;
  g_autoptr(SalurDocText) head = _salur_doc_text_new (cr, "DejaVu Sans Bold 8.5", 0, PANGO_ALIGN_LEFT);
  g_autoptr(SalurDocText) label = _salur_doc_text_new (cr, "DejaVu Sans 7.5", 250, PANGO_ALIGN_LEFT);
  g_autoptr(SalurDocText) num = _salur_doc_text_new (cr, "DejaVu Sans 7.5", 48, PANGO_ALIGN_RIGHT);
  g_autoptr(SalurDocText) money = _salur_doc_text_new (cr, "DejaVu Sans Bold 7.5", 80, PANGO_ALIGN_RIGHT);
  g_autoptr(SalurDocText) sign = _salur_doc_text_new (cr, "DejaVu Sans 8", 200, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) name = _salur_doc_text_new (cr, "DejaVu Sans Bold 8.5", 200, PANGO_ALIGN_CENTER);
  struct { const char *label; gint64 n; gboolean is_money; gboolean strong; gboolean show; const char *unit; } lines[] = {
    { "1. KPM dalam daftar (SK Kepala Desa)", t->kpm_listed, FALSE, TRUE, TRUE },
    { "2. Sudah menerima", t->paid + t->partly_paid, FALSE, FALSE, TRUE },
    { "    a. diterima langsung oleh KPM", t->in_person, FALSE, FALSE, TRUE },
    { "    b. diterima oleh kuasa (surat kuasa)", t->proxy, FALSE, FALSE, TRUE },
    { "    c. diantar ke rumah", t->home, FALSE, FALSE, TRUE },
    { "    di antaranya baru sebagian bulan", t->partly_paid, FALSE, FALSE, t->partly_paid > 0 },
    { "3. Tidak hadir", t->absent, FALSE, FALSE, TRUE },
    { "4. Belum dibayar", t->unpaid, FALSE, FALSE, TRUE },
    { "Keluar dari daftar (tidak dihitung)", t->closed, FALSE, FALSE, t->closed > 0 },
    { "Dana yang direncanakan", t->amount_planned, TRUE, FALSE, TRUE },
    { "Dana yang disalurkan", t->amount_paid, TRUE, TRUE, TRUE },
    { "Sisa dana belum disalurkan", t->amount_left, TRUE, FALSE, TRUE },
    { "Pembayaran ganda (harus ditindaklanjuti)", t->amount_duplicate, TRUE, FALSE, t->duplicates > 0 },
    { "Kuitansi dibatalkan (bulannya tercatat belum dibayar)", t->voided, FALSE, FALSE, t->voided > 0, "kuitansi" },
  };
  double x = MARGIN, ly = y, bx, sx;
  g_autofree char *place_date = g_strdup_printf ("%s, %s", v->desa, d->date_text);
  g_autofree char *kades = g_strdup_printf ("Kepala Desa %s", v->desa);

  ly += _salur_doc_text_draw (head, x, ly, "REKAPITULASI") + 4;
  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *value = NULL;

      if (!lines[i].show)
        continue;
      if (lines[i].is_money && i == 9)
        {
          ly += 3;
          set_gray (cr, 0.6);
          hline (cr, x, x + 370, ly - 1.5, 0.3);
          set_gray (cr, 0);
        }
      value = lines[i].is_money ? salur_rupiah_format (lines[i].n) : g_strdup_printf ("%" G_GINT64_FORMAT, lines[i].n);
      _salur_doc_text_draw (label, x, ly, lines[i].label);
      if (lines[i].is_money)
        _salur_doc_text_draw (money, x + 290, ly, value);
      else
        {
          _salur_doc_text_draw (lines[i].strong ? money : num, x + 250 - (lines[i].strong ? 32 : 0), ly, value);
          _salur_doc_text_draw (label, x + 302, ly, lines[i].unit != NULL ? lines[i].unit : "KPM");
        }
      ly += 10.5;
    }

  /* complaints heard and not settled yet: the kecamatan asks about them */
  {
    g_autofree char *open = g_strdup_printf ("Pengaduan belum selesai: %u", d->report->complaints_open);

    ly += 3;
    g_autoptr(SalurDocText) strong = _salur_doc_text_new (cr, "DejaVu Sans Bold 7.5", 250, PANGO_ALIGN_LEFT);

    _salur_doc_text_draw (d->report->complaints_open > 0 ? strong : label, x, ly, open);
  }

  /* the signatures */
  bx = PAGE_W - MARGIN - 420;
  sx = bx + 220;
  _salur_doc_text_draw (sign, bx, y + 12, "Mengetahui,");
  _salur_doc_text_draw (sign, bx, y + 23, kades);
  _salur_doc_text_draw (sign, sx, y + 12, place_date);
  _salur_doc_text_draw (sign, sx, y + 23, "Kaur Keuangan");
  {
    const char *names[2] = { v->kepala_desa, v->kaur_keuangan };
    double xs[2] = { bx, sx };

    for (int i = 0; i < 2; i++)
      {
        g_autofree char *up = g_utf8_strup (names[i][0] != '\0' ? names[i] : "(....................................)", -1);
        PangoLayout *l;
        int w, h;

        _salur_doc_text_draw (name, xs[i], y + 90, up);
        l = pango_cairo_create_layout (cr);
        pango_cairo_context_set_resolution (pango_layout_get_context (l), 72);
        pango_layout_context_changed (l);
        {
          PangoFontDescription *desc = pango_font_description_from_string ("DejaVu Sans Bold 8.5");
          pango_layout_set_font_description (l, desc);
          pango_font_description_free (desc);
        }
        pango_layout_set_text (l, up, -1);
        pango_layout_get_size (l, &w, &h);
        g_object_unref (l);
        hline (cr, xs[i] + 100 - w / PANGO_SCALE / 2.0, xs[i] + 100 + w / PANGO_SCALE / 2.0, y + 90 + 11, 0.6);
      }
  }
}

static void
set_metadata (Draw *d)
{
  cairo_surface_t *surface = cairo_get_target (d->cr);
  g_autofree char *months = NULL;
  g_autofree char *title = NULL;
  GString *m = g_string_new (NULL);

  for (guint i = 0; i < d->report->months->len; i++)
    {
      g_autofree char *one = salur_month_format_id (g_array_index (d->report->months, SalurMonth, i));
      g_string_append_printf (m, "%s%s", i > 0 ? ", " : "", one);
    }
  months = g_string_free (m, FALSE);
  title = g_strdup_printf ("Laporan Realisasi Penyaluran BLT Dana Desa %s, %s", d->report->village->desa, months);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, d->report->village->desa);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, "Laporan Realisasi Penyaluran BLT Dana Desa");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS, d->report->seal);
}

static char *
signing_date (const char *date)
{
  char iso[11];

  if (date != NULL && salur_date_parse (date, iso))
    {
      static const char *const names[] = {
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
        "Agustus", "September", "Oktober", "November", "Desember",
      };
      return g_strdup_printf ("%d %s %.4s", atoi (iso + 8), names[atoi (iso + 5) - 1], iso);
    }
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    return _salur_doc_gdate_long (now);
  }
}

/* The report laid out in pages: which items each page holds and where the
 * closing block goes. Measured once; any cairo_t can then draw a page. */
struct _SalurReportPages
{
  SalurReport        *report;     /* not owned */
  SalurReportOptions  options;
  char               *date;       /* options.date's copy */
  GArray             *items;      /* Item */
  GArray             *page_start; /* guint: each page's first item */
  guint               pages;
  guint               closing_page;
  double              closing_y;
};

static void
draw_begin (Draw                     *d,
            SalurReport              *report,
            const SalurReportOptions *options,
            cairo_t                  *cr)
{
  memset (d, 0, sizeof *d);
  d->report = report;
  d->options = options;
  d->cr = cr;
  d->x[0] = MARGIN;
  for (int c = 0; c < N_COLS; c++)
    {
      d->x[c + 1] = d->x[c] + columns[c].width;
      d->cell[c] = _salur_doc_text_new (cr, FONT_BODY, columns[c].width - 2 * PAD, columns[c].align);
      if (c != C_NAME && c != C_NIK)
        _salur_doc_text_set_repeating (d->cell[c]);
    }
  d->bold = _salur_doc_text_new (cr, FONT_BOLD, 0, PANGO_ALIGN_LEFT);
  d->small = _salur_doc_text_new (cr, FONT_SMALL, col_w (C_DATE) - 2 * PAD, PANGO_ALIGN_LEFT);
  _salur_doc_text_set_repeating (d->small);
  d->nik = _salur_doc_text_new (cr, FONT_NIK, 0, PANGO_ALIGN_LEFT);
  d->receipt = _salur_doc_text_new (cr, FONT_RECEIPT, 0, PANGO_ALIGN_LEFT);
  d->date_text = signing_date (options->date);
  {
    g_autofree char *months = _salur_doc_months (report->months, FALSE);
    d->title_line = g_strdup_printf ("Laporan Realisasi Penyaluran BLT Dana Desa · Desa %s, Kecamatan %s, Kabupaten %s · "
                                     "%s (lanjutan)", report->village->desa, report->village->kecamatan,
                                     report->village->kabupaten, months);
  }
}

static void
draw_end (Draw *d)
{
  for (int c = 0; c < N_COLS; c++)
    g_clear_pointer (&d->cell[c], _salur_doc_text_free);
  g_clear_pointer (&d->bold, _salur_doc_text_free);
  g_clear_pointer (&d->small, _salur_doc_text_free);
  g_clear_pointer (&d->nik, _salur_doc_text_free);
  g_clear_pointer (&d->receipt, _salur_doc_text_free);
  g_clear_pointer (&d->title_line, g_free);
  g_clear_pointer (&d->date_text, g_free);
}

/* Splits the items into pages, measuring on D's cairo_t */
static gboolean
paginate (Draw              *d,
          SalurReportPages  *pages,
          GCancellable      *cancellable,
          GError           **error)
{
  SalurReport *report = d->report;
  GArray *items = pages->items;
  GArray *page_start = pages->page_start;
  double y, first_top, next_top;
  guint i;

  /* the items in order, with their heights */
  for (i = 0; i < report->rows->len;)
    {
      SalurReportRow *first = g_ptr_array_index (report->rows, i);
      guint j = i;
      Item group = { ITEM_GROUP, i, 0, GROUP_H };
      Item sub;

      while (j < report->rows->len
             && g_str_equal (((SalurReportRow *) g_ptr_array_index (report->rows, j))->kpm->dusun, first->kpm->dusun))
        j++;
      group.count = j - i;
      g_array_append_val (items, group);
      for (guint r = i; r < j; r++)
        {
          Item row = { ITEM_ROW, r, 1, row_height (d, g_ptr_array_index (report->rows, r)) };
          g_array_append_val (items, row);
        }
      sub = (Item) { ITEM_SUBTOTAL, i, j - i, TOTAL_H };
      g_array_append_val (items, sub);
      i = j;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  {
    Item total = { ITEM_TOTAL, 0, report->rows->len, TOTAL_H };
    g_array_append_val (items, total);
  }

  /* pages: each starts with the table's head; a dusun's head is never the
   * last thing on a page */
  first_top = draw_title (d, TRUE) + HEAD_H + NUM_H;
  next_top = MARGIN + 14 + HEAD_H + NUM_H;
  y = first_top;
  i = 0;
  g_array_append_val (page_start, i);
  for (i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      double need = it->height;

      if (it->kind == ITEM_GROUP && i + 1 < items->len)
        need += g_array_index (items, Item, i + 1).height;
      if (y + need > BODY_BOTTOM && y > next_top + GROUP_H + 0.1 && !(y == first_top && page_start->len == 1))
        {
          guint at = i, page_first = g_array_index (page_start, guint, page_start->len - 1);
          ItemKind first_kind;

          /* a dusun's subtotal goes over with its last row, the grand
           * total with the last subtotal and its row */
          if (it->kind == ITEM_TOTAL && at - 1 > page_first && g_array_index (items, Item, at - 1).kind == ITEM_SUBTOTAL)
            at--;
          if (g_array_index (items, Item, at).kind == ITEM_SUBTOTAL && at - 1 > page_first
              && g_array_index (items, Item, at - 1).kind == ITEM_ROW)
            at--;
          g_array_append_val (page_start, at);
          y = next_top;
          /* a dusun carried over gets its head again */
          first_kind = g_array_index (items, Item, at).kind;
          if (first_kind != ITEM_GROUP && first_kind != ITEM_TOTAL)
            y += GROUP_H;
          for (guint k = at; k < i; k++)
            y += g_array_index (items, Item, k).height;
        }
      y += it->height;
    }
  if (y + 8 + CLOSING_H > BODY_BOTTOM)
    {
      pages->closing_page = page_start->len;
      pages->closing_y = MARGIN + 14;
    }
  else
    {
      pages->closing_page = page_start->len - 1;
      pages->closing_y = y + 12;
    }
  pages->pages = MAX (page_start->len, pages->closing_page + 1);
  return TRUE;
}

/* Draws page P (from 0) with D's cairo_t */
static void
draw_page (Draw             *d,
           SalurReportPages *pages,
           guint             p)
{
  SalurReport *report = d->report;
  GArray *items = pages->items;
  GArray *page_start = pages->page_start;
  guint from = p < page_start->len ? g_array_index (page_start, guint, p) : items->len;
  guint to = p + 1 < page_start->len ? g_array_index (page_start, guint, p + 1) : items->len;
  double y, run_top;

  if (p < page_start->len)
    {
      y = p == 0 ? draw_title (d, FALSE) : draw_running_head (d);
      y = draw_table_head (d, y);
      if (from < items->len && g_array_index (items, Item, from).kind != ITEM_GROUP
          && g_array_index (items, Item, from).kind != ITEM_TOTAL)
        {
          /* the dusun this page continues */
          Item *it = &g_array_index (items, Item, from);
          SalurReportRow *row = g_ptr_array_index (report->rows, it->index);
          guint count = 0;

          for (guint r = 0; r < report->rows->len; r++)
            count += g_str_equal (((SalurReportRow *) g_ptr_array_index (report->rows, r))->kpm->dusun,
                                  row->kpm->dusun);
          draw_group (d, row->kpm->dusun, count, y, TRUE);
          y += GROUP_H;
        }
      run_top = -1;
      for (guint k = from; k < to; k++)
        {
          Item *it = &g_array_index (items, Item, k);

          if (it->kind == ITEM_ROW && run_top < 0)
            run_top = y;
          else if (it->kind != ITEM_ROW && run_top >= 0)
            {
              vlines (d, run_top, y, 0, N_COLS);
              run_top = -1;
            }
          SalurReportRow *row = it->kind != ITEM_TOTAL ? g_ptr_array_index (report->rows, it->index) : NULL;

          switch (it->kind)
            {
            case ITEM_GROUP:
              draw_group (d, row->kpm->dusun, it->count, y, FALSE);
              break;
            case ITEM_ROW:
              draw_row (d, row, it->index + 1, y, it->height);
              break;
            case ITEM_SUBTOTAL:
            case ITEM_TOTAL:
              {
                Sub s = { 0 };
                g_autofree char *label = NULL;

                for (guint r = it->index; r < it->index + it->count; r++)
                  sub_add (&s, g_ptr_array_index (report->rows, r));
                label = row == NULL ? g_strdup ("JUMLAH SELURUHNYA")
                                    : g_strdup_printf ("Jumlah Dusun %s", row->kpm->dusun);
                draw_total (d, label, &s, y, it->kind == ITEM_TOTAL);
              }
              break;
            default:
              g_assert_not_reached ();
            }
          y += it->height;
        }
      if (run_top >= 0)
        vlines (d, run_top, y, 0, N_COLS);
    }
  else
    y = draw_running_head (d);
  if (p == pages->closing_page)
    draw_closing (d, p < page_start->len ? pages->closing_y : y + 6);
  draw_footer (d, p + 1, pages->pages);
}

static gboolean
check_options (const SalurReportOptions  *options,
               GError                   **error)
{
  char iso[11];

  if (options != NULL && options->date != NULL && !salur_date_parse (options->date, iso))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("“%s” is not a date: write YYYY-MM-DD."), options->date);
      return FALSE;
    }
  return TRUE;
}

SalurReportPages *
salur_report_paginate (SalurReport               *report,
                       const SalurReportOptions  *options,
                       GCancellable              *cancellable,
                       GError                   **error)
{
  SalurReportPages *pages;
  cairo_surface_t *surface;
  cairo_t *cr;
  Draw d;
  gboolean ok;

  g_return_val_if_fail (report != NULL, NULL);

  if (!check_options (options, error))
    return NULL;
  pages = g_new0 (SalurReportPages, 1);
  pages->report = report;
  if (options != NULL)
    pages->options = *options;
  pages->date = g_strdup (pages->options.date);
  pages->options.date = pages->date;
  pages->items = g_array_new (FALSE, FALSE, sizeof (Item));
  pages->page_start = g_array_new (FALSE, FALSE, sizeof (guint));

  /* measured on a PDF surface that writes nowhere, so the pages break where
   * they break in the PDF whatever surface draws them later */
  surface = cairo_pdf_surface_create (NULL, PAGE_W, PAGE_H);
  cr = cairo_create (surface);
  draw_begin (&d, report, &pages->options, cr);
  ok = paginate (&d, pages, cancellable, error);
  draw_end (&d);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  if (!ok)
    {
      salur_report_pages_free (pages);
      return NULL;
    }
  return pages;
}

guint
salur_report_pages_count (SalurReportPages *pages)
{
  g_return_val_if_fail (pages != NULL, 0);
  return pages->pages;
}

void
salur_report_pages_draw (SalurReportPages *pages,
                         cairo_t          *cr,
                         guint             page)
{
  Draw d;

  g_return_if_fail (pages != NULL && cr != NULL);
  g_return_if_fail (page < pages->pages);

  cairo_save (cr);
  draw_begin (&d, pages->report, &pages->options, cr);
  set_gray (cr, 0);
  draw_page (&d, pages, page);
  draw_end (&d);
  cairo_restore (cr);
}

void
salur_report_pages_free (SalurReportPages *pages)
{
  if (pages == NULL)
    return;
  g_array_unref (pages->items);
  g_array_unref (pages->page_start);
  g_free (pages->date);
  g_free (pages);
}

gboolean
salur_report_write_pdf (SalurReport               *report,
                        const char                *path,
                        const SalurReportOptions  *options,
                        SalurProgressFunc          progress,
                        gpointer                   progress_data,
                        GCancellable              *cancellable,
                        GError                   **error)
{
  g_autoptr(SalurReportPages) pages = NULL;
  g_autoptr(SalurPdf) pdf = NULL;
  Draw d;
  gboolean ok = FALSE;

  g_return_val_if_fail (report != NULL && path != NULL, FALSE);

  pages = salur_report_paginate (report, options, cancellable, error);
  if (pages == NULL)
    return FALSE;
  pdf = salur_pdf_new (path, PAGE_W, PAGE_H, error);
  if (pdf == NULL)
    return FALSE;

  draw_begin (&d, report, &pages->options, salur_pdf_get_cr (pdf));
  set_metadata (&d);
  for (guint p = 0; p < pages->pages; p++)
    {
      if (p > 0)
        salur_pdf_next_page (pdf);
      draw_page (&d, pages, p);
      if (progress != NULL)
        progress ((double) (p + 1) / pages->pages, progress_data);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }
  ok = salur_pdf_finish (pdf, error);

out:
  draw_end (&d);
  return ok;
}
