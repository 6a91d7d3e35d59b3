/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-card"
#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "salur-card.h"
#include "salur-error.h"
#include "salur-event.h"
#include "salur-qr.h"
#include "salur-store-private.h"

/* Crockford's base32: no I, L, O or U, so a code read aloud or typed from a
 * worn card is not misread */
static const char base32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#define PAYLOAD_FORMAT  '1'
#define SIGNED_CONTEXT  "salur card 1\n"
#define BODY_DIGITS     (SALUR_CARD_PAYLOAD_LEN - 1 - SALUR_CARD_VILLAGE_MARK_LEN)   /* 193 */
#define BODY_BYTES      80    /* 640 bits, the top 2 always 0: 2^638 < 10^193 */
#define FIRST_MONTH     (2000 * 12)

/* helpers */

static int
base32_value (char c)
{
  const char *p;

  if (c == '\0')
    return -1;
  p = strchr (base32, g_ascii_toupper (c));
  return p != NULL ? (int) (p - base32) : -1;
}

static void
put_bits (guint8 *buf, guint *pos, guint64 value, guint n)
{
  for (guint i = n; i-- > 0; (*pos)++)
    if ((value >> i) & 1)
      buf[*pos / 8] |= 0x80 >> (*pos % 8);
}

static guint64
get_bits (const guint8 *buf, guint *pos, guint n)
{
  guint64 value = 0;

  for (guint i = 0; i < n; i++, (*pos)++)
    value = value << 1 | ((buf[*pos / 8] >> (7 - *pos % 8)) & 1);
  return value;
}

/* The body as BODY_DIGITS decimal digits, most significant first */
static void
body_to_digits (const guint8 body[BODY_BYTES], char out[BODY_DIGITS + 1])
{
  guint8 n[BODY_BYTES];

  memcpy (n, body, BODY_BYTES);
  for (int d = BODY_DIGITS - 1; d >= 0; d--)
    {
      guint rem = 0;

      for (int i = 0; i < BODY_BYTES; i++)
        {
          guint cur = rem << 8 | n[i];
          n[i] = cur / 10;
          rem = cur % 10;
        }
      out[d] = '0' + rem;
    }
  out[BODY_DIGITS] = '\0';
}

static gboolean
digits_to_body (const char *digits, guint8 body[BODY_BYTES])
{
  memset (body, 0, BODY_BYTES);
  for (int d = 0; d < BODY_DIGITS; d++)
    {
      guint carry = digits[d] - '0';

      for (int i = BODY_BYTES - 1; i >= 0; i--)
        {
          guint cur = body[i] * 10u + carry;
          body[i] = cur & 0xff;
          carry = cur >> 8;
        }
      if (carry != 0)
        return FALSE;
    }
  /* 193 digits can say a little more than 638 bits */
  return (body[0] & 0xc0) == 0;
}

static gboolean
month_in (GArray *months, SalurMonth m)
{
  for (guint i = 0; months != NULL && i < months->len; i++)
    if (g_array_index (months, SalurMonth, i) == m)
      return TRUE;
  return FALSE;
}

static gboolean
months_within (GArray *months, GArray *round)
{
  for (guint i = 0; i < months->len; i++)
    if (!month_in (round, g_array_index (months, SalurMonth, i)))
      return FALSE;
  return months->len > 0;
}

static gboolean
months_equal (GArray *a, GArray *b)
{
  return a->len == b->len && months_within (a, b);
}

/* "2026-10,2026-11", as the card event's body writes them */
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

static SalurCard *
card_new (void)
{
  SalurCard *card = g_new0 (SalurCard, 1);

  card->replaces = g_strdup ("");
  card->issued_at = g_strdup ("");
  card->issued_by = g_strdup ("");
  return card;
}

/* A card as the record holds it: serial, kpm_id, months, short_code,
 * replaces, at, operator */
static SalurCard *
card_from_row (sqlite3_stmt *stmt)
{
  SalurCard *card = card_new ();
  const char *serial = (const char *) sqlite3_column_text (stmt, 0);
  const char *code = (const char *) sqlite3_column_text (stmt, 3);

  g_strlcpy (card->serial, serial != NULL ? serial : "", sizeof card->serial);
  g_strlcpy (card->short_code, code != NULL ? code : "", sizeof card->short_code);
  card->kpm_id = _salur_column_text (stmt, 1);
  card->months = salur_month_parse_list ((const char *) sqlite3_column_text (stmt, 2), NULL);
  if (card->months == NULL)
    card->months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  g_free (card->replaces);
  card->replaces = _salur_column_text (stmt, 4);
  g_free (card->issued_at);
  card->issued_at = _salur_column_text (stmt, 5);
  g_free (card->issued_by);
  card->issued_by = _salur_column_text (stmt, 6);
  return card;
}

#define CARD_COLUMNS \
  "c.serial, c.kpm_id, c.months, c.short_code, c.replaces, e.at, e.operator" \
  " FROM ev_card c JOIN event e ON e.device_id = c.device_id AND e.seq = c.seq"

static SalurCard *
recorded_card (SalurStore *store, const char *sql, const char *key, GError **error)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store, sql, error);
  SalurCard *card = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    card = card_from_row (stmt);
  sqlite3_reset (stmt);
  return card;
}

/* The card that replaced SERIAL, if one did */
static SalurCard *
replacement_of (SalurStore *store, const char *serial)
{
  return recorded_card (store, "SELECT " CARD_COLUMNS " WHERE c.replaces = ? ORDER BY e.at LIMIT 1", serial, NULL);
}

static gboolean
serial_taken (SalurStore *store, const char *serial)
{
  g_autoptr(SalurCard) card = recorded_card (store, "SELECT " CARD_COLUMNS " WHERE c.serial = ?", serial, NULL);

  return card != NULL;
}

static void
new_serial (SalurStore *store, GHashTable *taken, char out[SALUR_CARD_SERIAL_LEN + 1])
{
  do
    {
      guint8 raw[5];
      guint64 bits = 0;

      randombytes_buf (raw, sizeof raw);
      for (int i = 0; i < 5; i++)
        bits = bits << 8 | raw[i];
      for (int i = SALUR_CARD_SERIAL_LEN - 1; i >= 0; i--, bits >>= 5)
        out[i] = base32[bits & 31];
      out[SALUR_CARD_SERIAL_LEN] = '\0';
    }
  /* 40 random bits: a clash is one in a trillion, but never two cards alike */
  while ((taken != NULL && g_hash_table_contains (taken, out)) || serial_taken (store, out));
}

static void
set_short_code (SalurCard *card)
{
  memcpy (card->short_code, card->serial, SALUR_CARD_SERIAL_LEN);
  card->short_code[SALUR_CARD_SERIAL_LEN] = salur_short_code_check_char (card->serial);
  card->short_code[SALUR_SHORT_CODE_LEN] = '\0';
}

/* The months of ROUND in which KPM is on the list */
static GArray *
eligible_months (const SalurKpm *kpm, GArray *round)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (SalurMonth));

  for (guint i = 0; i < round->len; i++)
    {
      SalurMonth m = g_array_index (round, SalurMonth, i);

      if (m >= kpm->from_month && (kpm->closed_from == SALUR_MONTH_NONE || m < kpm->closed_from))
        g_array_append_val (out, m);
    }
  return out;
}

/* The months of a round lie within 12 months of the first: a start and a
 * mask of the 11 after it */
static gboolean
months_packable (GArray *months)
{
  SalurMonth first = g_array_index (months, SalurMonth, 0);
  SalurMonth last = g_array_index (months, SalurMonth, months->len - 1);

  return first >= FIRST_MONTH && first - FIRST_MONTH < 2048 && last - first <= 11;
}

static gboolean
require_bendahara (const SalurOperator *by, GError **error)
{
  if (by == NULL || by->role != SALUR_ROLE_BENDAHARA)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN,
                   _("Only the bendahara issues invitation cards; %s is %s."),
                   by != NULL ? by->name : "?", by != NULL ? salur_role_label (by->role) : "?");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_round (const SalurVillage *village, GArray *round, GError **error)
{
  if (round == NULL || round->len == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("Say which months the cards are for."));
      return FALSE;
    }
  if (round->len > village->max_months)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_TOO_MANY_MONTHS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A round of %u months is more than the village pays together (at most %u month).",
                                "A round of %u months is more than the village pays together (at most %u months).",
                                village->max_months),
                   round->len, village->max_months);
      return FALSE;
    }
  if (!months_packable (round))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The months of a card must lie within 12 months of each other."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
record_card (SalurStore *store, const SalurOperator *by, SalurCard *card, GError **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *months = months_iso (card->months);
  g_autoptr(SalurEvent) event = NULL;

  /* the key order the projection and every other device expect */
  salur_body_add (body, "serial", card->serial);
  salur_body_add (body, "months", months);
  salur_body_add (body, "short_code", card->short_code);
  salur_body_add (body, "replaces", card->replaces);
  event = _salur_event_append (store, "card", by->name, card->kpm_id, body->str, error);
  if (event == NULL)
    return FALSE;
  g_free (card->issued_at);
  card->issued_at = g_strdup (event->at);
  g_free (card->issued_by);
  card->issued_by = g_strdup (by->name);
  return TRUE;
}

/* What the signature covers: mark, serial, KPM id and months as text, so it
 * does not depend on how the payload packs them */
static char *
signed_text (const char *mark, const char *serial, const char *kpm_id, GArray *months)
{
  g_autofree char *iso = months_iso (months);
  g_autofree char *kpm = g_ascii_strdown (kpm_id, -1);

  return g_strdup_printf (SIGNED_CONTEXT "mark=%s\nserial=%s\nkpm=%s\nmonths=%s\n", mark, serial, kpm, iso);
}

static gboolean
check_payload_fits (SalurCard *card, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(SalurQr) qr = salur_qr_encode (card->payload, SALUR_CARD_QR_MAX_VERSION, &local);

  if (qr == NULL)
    {
      g_autofree char *label = salur_card_months_label (card->months);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The months of the round (%s) make the card's QR code too large to print small: "
                     "give the round as consecutive months."), label);
      return FALSE;
    }
  return TRUE;
}

/* public API */

void
salur_card_free (SalurCard *card)
{
  if (card == NULL)
    return;
  g_free (card->kpm_id);
  g_clear_pointer (&card->months, g_array_unref);
  g_free (card->replaces);
  g_free (card->issued_at);
  g_free (card->issued_by);
  g_free (card->payload);
  g_clear_pointer (&card->kpm, salur_kpm_unref);
  g_free (card);
}

gboolean
salur_short_code_normalize (const char *typed,
                            char        out[SALUR_SHORT_CODE_LEN + 1])
{
  gsize n = 0;

  g_return_val_if_fail (typed != NULL, FALSE);

  for (const char *p = typed; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-' || c == '\t' || c == '\r' || c == '\n')
        continue;
      /* what people type for the letters the alphabet leaves out */
      if (c == 'I' || c == 'L')
        c = '1';
      else if (c == 'O')
        c = '0';
      if (base32_value (c) < 0 || n >= SALUR_SHORT_CODE_LEN)
        return FALSE;
      out[n++] = c;
    }
  out[n] = '\0';
  return n == SALUR_SHORT_CODE_LEN;
}

/* Luhn mod N (N = 32): every character doubled in turn from the right */
char
salur_short_code_check_char (const char *serial)
{
  int factor = 2, sum = 0;

  for (int i = SALUR_CARD_SERIAL_LEN - 1; i >= 0; i--)
    {
      int addend = factor * base32_value (serial[i]);

      factor = factor == 2 ? 1 : 2;
      sum += addend / 32 + addend % 32;
    }
  return base32[(32 - sum % 32) % 32];
}

gboolean
salur_short_code_valid (const char *code)
{
  g_return_val_if_fail (code != NULL, FALSE);

  if (strlen (code) != SALUR_SHORT_CODE_LEN)
    return FALSE;
  for (int i = 0; i < SALUR_SHORT_CODE_LEN; i++)
    if (base32_value (code[i]) < 0)
      return FALSE;
  return salur_short_code_check_char (code) == g_ascii_toupper (code[SALUR_CARD_SERIAL_LEN]);
}

char *
salur_short_code_format (const char *code)
{
  g_return_val_if_fail (code != NULL && strlen (code) == SALUR_SHORT_CODE_LEN, g_strdup (code));
  return g_strdup_printf ("%.3s-%.3s-%.3s", code, code + 3, code + 6);
}

char *
salur_card_months_label (GArray *months)
{
  static const char *const names[] = {
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
    "Agustus", "September", "Oktober", "November", "Desember",
  };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < months->len; i++)
    {
      SalurMonth m = g_array_index (months, SalurMonth, i);
      gboolean year_ends = i + 1 == months->len
                           || salur_month_year (g_array_index (months, SalurMonth, i + 1)) != salur_month_year (m);

      if (i > 0)
        g_string_append (out, i + 1 == months->len ? " dan " : ", ");
      g_string_append (out, names[salur_month_number (m) - 1]);
      if (year_ends)
        g_string_append_printf (out, " %d", salur_month_year (m));
    }
  return g_string_free (out, FALSE);
}

/* The key access of cards, in one place.
 *
 * The village's card key is its master's Ed25519 key pair: the master (the
 * treasurer's laptop) is registered by a "device" event of role "master"
 * that carries its public key, and every laptop that joined the village
 * holds that event; only the master holds the secret key, in device_key.
 * A store where no master is registered yet (a village set up before
 * devices existed) uses its own key pair, made here on first use when
 * CREATE: that store is the one that issues cards. */
static gboolean
master_public_key (SalurStore *store, guint8 public_key[32], gboolean *is_self)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store,
                                             "SELECT public_key, target FROM ev_device WHERE role = 'master'"
                                             " ORDER BY device_id, seq LIMIT 1", NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *hex = (const char *) sqlite3_column_text (stmt, 0);
      size_t got = 0;

      found = hex != NULL && strlen (hex) == 64
              && sodium_hex2bin (public_key, 32, hex, 64, NULL, &got, NULL) == 0 && got == 32;
      *is_self = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), _salur_store_device_id (store)) == 0;
    }
  sqlite3_reset (stmt);
  return found;
}

static gboolean
own_key (SalurStore *store, guint8 pk[32], guint8 *sk)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store, "SELECT public_key, secret_key FROM device_key WHERE id = 1", NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW
      && sqlite3_column_bytes (stmt, 0) == crypto_sign_PUBLICKEYBYTES
      && sqlite3_column_bytes (stmt, 1) == crypto_sign_SECRETKEYBYTES)
    {
      memcpy (pk, sqlite3_column_blob (stmt, 0), crypto_sign_PUBLICKEYBYTES);
      if (sk != NULL)
        memcpy (sk, sqlite3_column_blob (stmt, 1), crypto_sign_SECRETKEYBYTES);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

static gboolean
make_own_key (SalurStore *store, GError **error)
{
  guint8 pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  sqlite3_stmt *stmt;
  int rc;

  crypto_sign_keypair (pk, sk);
  if (!salur_store_begin (store, error))
    return FALSE;
  /* OR IGNORE: if the key appeared meanwhile, that one stays */
  stmt = _salur_store_prepare (store, "INSERT OR IGNORE INTO device_key (id, public_key, secret_key)"
                                      " VALUES (1, ?, ?)", error);
  if (stmt == NULL)
    {
      salur_store_rollback (store);
      return FALSE;
    }
  sqlite3_bind_blob (stmt, 1, pk, sizeof pk, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, sk, sizeof sk, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  sodium_memzero (sk, sizeof sk);
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (store, error, _("Cannot make the village's card key"));
      salur_store_rollback (store);
      return FALSE;
    }
  return salur_store_commit (store, error);
}

gboolean
salur_card_village_key (SalurStore  *store,
                        gboolean     create,
                        guint8       public_key[32],
                        guint8      *secret_key,
                        GError     **error)
{
  guint8 own_pk[crypto_sign_PUBLICKEYBYTES];
  gboolean is_self = FALSE;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);
  G_STATIC_ASSERT (crypto_sign_PUBLICKEYBYTES == 32);

  if (master_public_key (store, public_key, &is_self))
    {
      if (secret_key == NULL)
        return TRUE;
      if (is_self && own_key (store, own_pk, secret_key)
          && sodium_memcmp (own_pk, public_key, sizeof own_pk) == 0)
        return TRUE;
      if (secret_key != NULL)
        sodium_memzero (secret_key, crypto_sign_SECRETKEYBYTES);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN,
                   _("Invitation cards are issued on the bendahara's laptop, the village's master, not on "
                     "this one."));
      return FALSE;
    }
  if (own_key (store, public_key, secret_key))
    return TRUE;
  if (create)
    {
      if (!make_own_key (store, error))
        return FALSE;
      if (own_key (store, public_key, secret_key))
        return TRUE;
    }
  g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
               _("This laptop has no key of the village to check cards with: no card was issued here."));
  return FALSE;
}

void
salur_card_village_mark (const guint8 public_key[32],
                         char         out[SALUR_CARD_VILLAGE_MARK_LEN + 1])
{
  guint8 hash[16];

  crypto_generichash (hash, sizeof hash, public_key, crypto_sign_PUBLICKEYBYTES, NULL, 0);
  g_snprintf (out, SALUR_CARD_VILLAGE_MARK_LEN + 1, "%05u", (guint) hash[0] << 8 | hash[1]);
}

gboolean
salur_card_sign (SalurStore  *store,
                 SalurCard   *card,
                 GError     **error)
{
  guint8 pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
  guint8 body[BODY_BYTES] = { 0 };
  char mark[SALUR_CARD_VILLAGE_MARK_LEN + 1], digits[BODY_DIGITS + 1];
  g_autofree char *message = NULL;
  SalurMonth first;
  guint pos = 2, mask = 0;

  g_return_val_if_fail (card != NULL && card->kpm_id != NULL && card->months != NULL, FALSE);

  if (card->months->len == 0 || !months_packable (card->months))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The months of a card must lie within 12 months of each other."));
      return FALSE;
    }
  if (!salur_card_village_key (store, TRUE, pk, sk, error))
    return FALSE;
  salur_card_village_mark (pk, mark);
  message = signed_text (mark, card->serial, card->kpm_id, card->months);
  crypto_sign_detached (sig, NULL, (const guint8 *) message, strlen (message), sk);
  sodium_memzero (sk, sizeof sk);

  first = g_array_index (card->months, SalurMonth, 0);
  for (guint i = 1; i < card->months->len; i++)
    mask |= 1u << (g_array_index (card->months, SalurMonth, i) - first - 1);
  for (int i = 0; i < SALUR_CARD_SERIAL_LEN; i++)
    put_bits (body, &pos, base32_value (card->serial[i]), 5);
  put_bits (body, &pos, g_ascii_strtoull (card->kpm_id, NULL, 16), 64);
  put_bits (body, &pos, first - FIRST_MONTH, 11);
  put_bits (body, &pos, mask, 11);
  for (gsize i = 0; i < sizeof sig; i++)
    put_bits (body, &pos, sig[i], 8);
  g_assert (pos == BODY_BYTES * 8);
  body_to_digits (body, digits);

  g_free (card->payload);
  card->payload = g_strdup_printf ("%c%s%s", PAYLOAD_FORMAT, mark, digits);
  return TRUE;
}

gboolean
salur_card_looks_like_payload (const char *text)
{
  gsize digits = 0;

  while (g_ascii_isspace (*text))
    text++;
  for (; g_ascii_isdigit (*text); text++)
    digits++;
  while (g_ascii_isspace (*text))
    text++;
  /* a NIK or a KK has 16 digits, a payload 199 */
  return *text == '\0' && digits >= 100;
}

/* The checks a card passes after its authenticity: the record (replaced?),
 * the KPM, the round */
static SalurCard *
check_recorded (SalurStore        *store,
                SalurCard         *card_in,
                gboolean           from_payload,
                GArray            *round,
                SalurCardVerdict  *verdict,
                GError           **error)
{
  g_autoptr(SalurCard) card = card_in;
  g_autoptr(SalurCard) recorded = NULL;
  g_autoptr(SalurCard) newer = NULL;
  g_autofree char *code = NULL;

  recorded = recorded_card (store, "SELECT " CARD_COLUMNS " WHERE c.serial = ?", card->serial, error);
  if (recorded != NULL)
    {
      /* a signed card and its record always agree; if they do not, the
       * record was changed behind Salur's back */
      if (from_payload && (g_ascii_strcasecmp (recorded->kpm_id, card->kpm_id) != 0
                           || !months_equal (recorded->months, card->months)))
        {
          *verdict = SALUR_CARD_ALTERED;
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("This card does not match the record of the card with the same serial %s: do not pay "
                         "on it; run “salur verify” and tell the bendahara."), card->serial);
          return NULL;
        }
      g_strlcpy (card->short_code, recorded->short_code, sizeof card->short_code);
      g_free (card->kpm_id);
      card->kpm_id = g_strdup (recorded->kpm_id);
      g_free (card->replaces);
      card->replaces = g_strdup (recorded->replaces);
      g_free (card->issued_at);
      card->issued_at = g_strdup (recorded->issued_at);
      g_free (card->issued_by);
      card->issued_by = g_strdup (recorded->issued_by);
    }
  else
    {
      /* issued after this laptop's package: the signature vouches for it */
      char *lower = g_ascii_strdown (card->kpm_id, -1);
      g_free (card->kpm_id);
      card->kpm_id = lower;
      set_short_code (card);
    }

  card->kpm = salur_store_get_kpm (store, card->kpm_id, NULL);
  code = salur_short_code_format (card->short_code);

  newer = replacement_of (store, card->serial);
  if (newer != NULL)
    {
      g_autofree char *when = salur_time_to_local (newer->issued_at);
      *verdict = SALUR_CARD_REPLACED;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Card %s of %s was replaced by a new card on %s: the old card is void. Ask for the new "
                     "card, or check the KTP and find the KPM by NIK."),
                   code, card->kpm != NULL ? card->kpm->name : card->kpm_id, when);
      return NULL;
    }
  if (card->kpm == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                   _("Card %s is genuine, but its KPM (id %s) is not on this laptop's list: the list here "
                     "is older than the card."), code, card->kpm_id);
      return NULL;
    }
  if (round != NULL && !months_within (card->months, round))
    {
      g_autofree char *card_months = salur_card_months_label (card->months);
      g_autofree char *round_months = salur_card_months_label (round);
      *verdict = SALUR_CARD_OTHER_ROUND;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Card %s of %s is for %s, not for the round being paid (%s)."),
                   code, card->kpm->name, card_months, round_months);
      return NULL;
    }
  *verdict = SALUR_CARD_OK;
  return g_steal_pointer (&card);
}

SalurCard *
salur_card_check_payload (SalurStore        *store,
                          const char        *text,
                          GArray            *round,
                          SalurCardVerdict  *verdict,
                          GError           **error)
{
  g_autofree char *clean = NULL, *message = NULL;
  g_autoptr(SalurVillage) village = NULL;
  g_autoptr(SalurCard) card = NULL;
  g_autoptr(GError) key_error = NULL;
  guint8 pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES], body[BODY_BYTES];
  char mark[SALUR_CARD_VILLAGE_MARK_LEN + 1] = "", card_mark[SALUR_CARD_VILLAGE_MARK_LEN + 1];
  guint pos = 2, mask;
  guint64 kpm_bits;
  SalurMonth first;
  gboolean have_key;
  SalurCardVerdict dummy;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (verdict == NULL)
    verdict = &dummy;
  *verdict = SALUR_CARD_ALTERED;

  village = salur_store_get_village (store, error);
  if (village == NULL)
    return NULL;

  /* a scanner ends with Enter, sometimes a tab */
  clean = g_strstrip (g_strdup (text));
  if (!salur_card_looks_like_payload (clean))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("This is not the code of an invitation card."));
      return NULL;
    }
  if (strlen (clean) != SALUR_CARD_PAYLOAD_LEN)
    goto altered;
  if (clean[0] != PAYLOAD_FORMAT)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("This card was made by another version of Salur (format %c) that this one cannot check: "
                     "update Salur, or find the KPM by NIK."), clean[0]);
      return NULL;
    }
  memcpy (card_mark, clean + 1, SALUR_CARD_VILLAGE_MARK_LEN);
  card_mark[SALUR_CARD_VILLAGE_MARK_LEN] = '\0';
  if (!digits_to_body (clean + 1 + SALUR_CARD_VILLAGE_MARK_LEN, body))
    goto altered;

  card = card_new ();
  for (int i = 0; i < SALUR_CARD_SERIAL_LEN; i++)
    card->serial[i] = base32[get_bits (body, &pos, 5)];
  card->serial[SALUR_CARD_SERIAL_LEN] = '\0';
  kpm_bits = get_bits (body, &pos, 64);
  card->kpm_id = g_strdup_printf ("%016" G_GINT64_MODIFIER "x", kpm_bits);
  first = FIRST_MONTH + (SalurMonth) get_bits (body, &pos, 11);
  mask = (guint) get_bits (body, &pos, 11);
  card->months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  g_array_append_val (card->months, first);
  for (guint i = 0; i < 11; i++)
    if (mask & (1u << i))
      {
        SalurMonth m = first + 1 + i;
        g_array_append_val (card->months, m);
      }
  for (gsize i = 0; i < sizeof sig; i++)
    sig[i] = (guint8) get_bits (body, &pos, 8);
  card->payload = g_steal_pointer (&clean);

  have_key = salur_card_village_key (store, FALSE, pk, NULL, &key_error);
  if (have_key)
    salur_card_village_mark (pk, mark);
  message = signed_text (card_mark, card->serial, card->kpm_id, card->months);
  if (!have_key || crypto_sign_verify_detached (sig, (const guint8 *) message, strlen (message), pk) != 0)
    {
      if (g_strcmp0 (card_mark, mark) != 0)
        {
          *verdict = SALUR_CARD_FOREIGN;
          if (have_key)
            g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                         _("This card is not from Desa %s: it carries the mark of another village (%s; this "
                           "village's is %s), or its code was altered. Do not pay on it."),
                         village->desa, card_mark, mark);
          else
            g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                         _("This card is not from Desa %s: no card of this village was issued on this laptop, "
                           "and it has no key of the village to check cards with. Do not pay on it."),
                         village->desa);
          return NULL;
        }
      goto altered;
    }
  /* signed: what it says was written by the village's key */
  return check_recorded (store, g_steal_pointer (&card), TRUE, round, verdict, error);

altered:
  *verdict = SALUR_CARD_ALTERED;
  g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
               _("This card's code was altered or misread: it does not match the village's signature. "
                 "Do not pay on it; check the KTP and find the KPM by NIK."));
  return NULL;
}

SalurCard *
salur_card_check_short_code (SalurStore        *store,
                             const char        *code,
                             GArray            *round,
                             SalurCardVerdict  *verdict,
                             GError           **error)
{
  char norm[SALUR_SHORT_CODE_LEN + 1];
  SalurCard *card;
  SalurCardVerdict dummy;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  if (verdict == NULL)
    verdict = &dummy;
  *verdict = SALUR_CARD_ALTERED;
  if (!salur_short_code_normalize (code, norm) || !salur_short_code_valid (norm))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” is not a card's short code: a character is mistyped (the last one checks the "
                     "others). Read it from the card again."), code);
      return NULL;
    }
  card = recorded_card (store, "SELECT " CARD_COLUMNS " WHERE c.short_code = ?", norm, error);
  if (card == NULL)
    {
      g_autofree char *shown = salur_short_code_format (norm);
      if (error == NULL || *error == NULL)
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                     _("No card with the short code %s is in this laptop's record."), shown);
      *verdict = SALUR_CARD_OK;
      return NULL;
    }
  return check_recorded (store, card, FALSE, round, verdict, error);
}

SalurCard *
salur_card_current (SalurStore  *store,
                    const char  *kpm_id,
                    GArray      *round,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  SalurCard *found = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  stmt = _salur_store_prepare (store, "SELECT " CARD_COLUMNS " WHERE c.kpm_id = ? AND NOT EXISTS"
                                      " (SELECT 1 FROM ev_card r WHERE r.replaces = c.serial)"
                                      " ORDER BY e.at DESC, c.device_id, c.seq DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kpm_id, -1, SQLITE_TRANSIENT);
  while (found == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(SalurCard) card = card_from_row (stmt);

      if (round == NULL || months_within (card->months, round))
        found = g_steal_pointer (&card);
    }
  sqlite3_reset (stmt);
  return found;
}

GPtrArray *
salur_cards_issue (SalurStore          *store,
                   const SalurOperator *by,
                   GArray              *round,
                   const char          *dusun,
                   const char          *kpm_id,
                   guint               *n_new,
                   GError             **error)
{
  g_autoptr(SalurVillage) village = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_card_free);
  g_autoptr(GHashTable) current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) serials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  sqlite3_stmt *stmt;
  guint fresh = 0;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  if (n_new != NULL)
    *n_new = 0;
  if (!require_bendahara (by, error))
    return NULL;
  village = salur_store_get_village (store, error);
  if (village == NULL || !check_round (village, round, error))
    return NULL;
  if (kpm_id != NULL)
    {
      SalurKpm *one = salur_store_get_kpm (store, kpm_id, error);
      if (one == NULL)
        return NULL;
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_kpm_unref);
      g_ptr_array_add (list, one);
    }
  else if ((list = salur_store_list_kpm (store, dusun, error)) == NULL)
    return NULL;
  /* made before the transaction: its own small one */
  if (!salur_card_village_key (store, TRUE, pk, NULL, error))
    return NULL;

  /* every card in force, read once: a second run for the same round prints
   * the same cards again instead of making new ones */
  stmt = _salur_store_prepare (store, "SELECT " CARD_COLUMNS " WHERE NOT EXISTS"
                                      " (SELECT 1 FROM ev_card r WHERE r.replaces = c.serial)"
                                      " ORDER BY e.at DESC, c.device_id, c.seq DESC", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SalurCard *card = card_from_row (stmt);
      GPtrArray *of_kpm = g_hash_table_lookup (current, card->kpm_id);

      if (of_kpm == NULL)
        {
          of_kpm = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_card_free);
          g_hash_table_insert (current, g_strdup (card->kpm_id), of_kpm);
        }
      g_ptr_array_add (of_kpm, card);
    }
  sqlite3_reset (stmt);

  if (!salur_store_begin (store, error))
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      SalurKpm *kpm = g_ptr_array_index (list, i);
      g_autoptr(GArray) months = eligible_months (kpm, round);
      GPtrArray *of_kpm = g_hash_table_lookup (current, kpm->id);
      SalurCard *card = NULL;

      if (months->len == 0)
        continue;
      for (guint j = 0; of_kpm != NULL && j < of_kpm->len && card == NULL; j++)
        {
          SalurCard *c = g_ptr_array_index (of_kpm, j);
          if (months_equal (c->months, months))
            card = g_ptr_array_steal_index (of_kpm, j);
        }
      if (card == NULL)
        {
          card = card_new ();
          new_serial (store, serials, card->serial);
          g_hash_table_add (serials, g_strdup (card->serial));
          set_short_code (card);
          card->kpm_id = g_strdup (kpm->id);
          card->months = g_array_ref (months);
          if (!record_card (store, by, card, error))
            {
              salur_card_free (card);
              salur_store_rollback (store);
              return NULL;
            }
          fresh++;
        }
      card->kpm = salur_kpm_ref (kpm);
      g_ptr_array_add (cards, card);
    }

  /* signed before the commit: a round whose payload would not fit the QR
   * code leaves no card behind. Payloads differ only in their months, so
   * the longest is the one to try. */
  {
    SalurCard *longest = NULL;

    for (guint i = 0; i < cards->len; i++)
      {
        SalurCard *card = g_ptr_array_index (cards, i);

        if (!salur_card_sign (store, card, error))
          {
            salur_store_rollback (store);
            return NULL;
          }
        if (longest == NULL || strlen (card->payload) > strlen (longest->payload))
          longest = card;
      }
    if (longest != NULL && !check_payload_fits (longest, error))
      {
        salur_store_rollback (store);
        return NULL;
      }
  }
  if (!salur_store_commit (store, error))
    return NULL;
  if (n_new != NULL)
    *n_new = fresh;
  return g_steal_pointer (&cards);
}

SalurCard *
salur_card_reissue (SalurStore          *store,
                    const SalurOperator *by,
                    const char          *kpm_id,
                    GArray              *round,
                    GError             **error)
{
  g_autoptr(SalurVillage) village = NULL;
  g_autoptr(SalurKpm) kpm = NULL;
  g_autoptr(SalurCard) old = NULL;
  g_autoptr(SalurCard) card = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  if (!require_bendahara (by, error))
    return NULL;
  village = salur_store_get_village (store, error);
  if (village == NULL || !check_round (village, round, error))
    return NULL;
  kpm = salur_store_get_kpm (store, kpm_id, error);
  if (kpm == NULL)
    return NULL;
  old = salur_card_current (store, kpm_id, round, error);
  if (old == NULL)
    {
      if (error == NULL || *error == NULL)
        {
          g_autofree char *label = salur_card_months_label (round);
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                       _("%s has no card for %s to replace: make the first one with “salur cards --nik”."),
                       kpm->name, label);
        }
      return NULL;
    }

  card = card_new ();
  new_serial (store, NULL, card->serial);
  set_short_code (card);
  card->kpm_id = g_strdup (kpm->id);
  card->months = g_array_ref (old->months);
  g_free (card->replaces);
  card->replaces = g_strdup (old->serial);
  card->kpm = salur_kpm_ref (kpm);

  if (!salur_card_sign (store, card, error) || !salur_store_begin (store, error))
    return NULL;
  if (!record_card (store, by, card, error))
    {
      salur_store_rollback (store);
      return NULL;
    }
  if (!salur_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&card);
}

char *
salur_date_format_id (const char *iso_date)
{
  static const char *const days[] = { "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu" };
  int y, m, d;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *month = NULL;

  if (iso_date == NULL || strlen (iso_date) != 10 || sscanf (iso_date, "%4d-%2d-%2d", &y, &m, &d) != 3
      || iso_date[4] != '-' || iso_date[7] != '-' || !salur_date_valid (y, m, d))
    return NULL;
  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  month = salur_month_format_id (salur_month_from_ymd (y, m));
  /* "Desember 2026" -> "Selasa, 1 Desember 2026" */
  return g_strdup_printf ("%s, %d %s", days[g_date_time_get_day_of_week (dt) - 1], d, month);
}

gboolean
salur_card_schedule_check (const SalurCardSchedule  *schedule,
                           GError                  **error)
{
  if (schedule->date != NULL)
    {
      g_autofree char *label = salur_date_format_id (schedule->date);
      if (label == NULL)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE,
                       _("“%s” is not a date: write it as YYYY-MM-DD, for example 2026-12-01."), schedule->date);
          return FALSE;
        }
    }
  if (schedule->time != NULL)
    {
      const char *t = schedule->time;
      if (strlen (t) != 5 || !g_ascii_isdigit (t[0]) || !g_ascii_isdigit (t[1]) || (t[2] != ':' && t[2] != '.')
          || !g_ascii_isdigit (t[3]) || !g_ascii_isdigit (t[4])
          || (t[0] - '0') * 10 + (t[1] - '0') > 23 || (t[3] - '0') * 10 + (t[4] - '0') > 59)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE,
                       _("“%s” is not a time: write it as HH:MM, for example 08:00."), t);
          return FALSE;
        }
    }
  return TRUE;
}
