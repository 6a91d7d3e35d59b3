/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-card"
#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "salur-card.h"
#include "salur-demo.h"
#include "salur-error.h"
#include "salur-ledger.h"
#include "salur-pdf.h"
#include "salur-qr.h"
#include "salur-scan.h"

/* Invitation cards: the short code and its check character, the payload
 * (QR version 5 at M at most, digits only), issuing as events, every
 * refusal (altered in any character, another village, another round,
 * replaced), the PDF, and the QR code read back by our decoder after the
 * damage a phone photo does. A demo village of 30 KPM; sri/1111 is the
 * bendahara, joko/2222 a kepala dusun. */

#define N_KPM 30
#define ALPHABET "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

static char *demo_template;

typedef struct {
  char       *dir;
  char       *path;
  SalurStore *store;
  SalurOperator *sri;
} Fixture;

/* helpers */

static GArray *
months (const char *text)
{
  g_autoptr(GError) error = NULL;
  GArray *m = salur_month_parse_list (text, &error);

  g_assert_no_error (error);
  return m;
}

static void
copy_file (const char *from, const char *to)
{
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &data, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, data, len, &error);
  g_assert_no_error (error);
}

static char *
make_village (const char *dir, guint32 seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, seed == 1 ? "demo.db" : "other.db", NULL);
  g_autoptr(SalurStore) store = salur_store_open (path, &error);

  g_assert_no_error (error);
  salur_demo_create (store, N_KPM, seed, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static SalurStore *
open_copy (const char *template, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  SalurStore *store;

  copy_file (template, path);
  store = salur_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("salur-card-XXXXXX", &error);
  g_assert_no_error (error);
  fx->store = open_copy (demo_template, fx->dir, "salur.db");
  fx->sri = salur_ledger_login (fx->store, "sri", "1111", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  salur_operator_free (fx->sri);
  g_clear_object (&fx->store);
  remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->path);
}

static GPtrArray *
issue (Fixture *fx, const char *round_text, guint *n_new)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) round = months (round_text);
  GPtrArray *cards = salur_cards_issue (fx->store, fx->sri, round, NULL, NULL, n_new, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cards);
  return cards;
}

static gint64
count_events (SalurStore *store)
{
  g_autoptr(GError) error = NULL;
  SalurVerifyReport report = { 0 };

  salur_ledger_verify (store, &report, &error);
  g_assert_no_error (error);
  return report.events;
}

/* tests: short codes */

static void
test_short_code_check (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint transpositions = 0, missed = 0;

  for (int n = 0; n < 300; n++)
    {
      char serial[SALUR_CARD_SERIAL_LEN + 1], code[SALUR_SHORT_CODE_LEN + 1];

      for (int i = 0; i < SALUR_CARD_SERIAL_LEN; i++)
        serial[i] = ALPHABET[g_rand_int_range (rand, 0, 32)];
      serial[SALUR_CARD_SERIAL_LEN] = '\0';
      g_snprintf (code, sizeof code, "%s%c", serial, salur_short_code_check_char (serial));
      g_assert_true (salur_short_code_valid (code));

      /* every single wrong character, the check character too */
      for (int i = 0; i < SALUR_SHORT_CODE_LEN; i++)
        for (int c = 0; c < 32; c++)
          {
            char typo[SALUR_SHORT_CODE_LEN + 1];

            if (ALPHABET[c] == code[i])
              continue;
            memcpy (typo, code, sizeof typo);
            typo[i] = ALPHABET[c];
            g_assert_false (salur_short_code_valid (typo));
          }
      /* neighbours swapped */
      for (int i = 0; i + 1 < SALUR_SHORT_CODE_LEN; i++)
        {
          char swapped[SALUR_SHORT_CODE_LEN + 1];

          if (code[i] == code[i + 1])
            continue;
          memcpy (swapped, code, sizeof swapped);
          swapped[i] = code[i + 1];
          swapped[i + 1] = code[i];
          transpositions++;
          missed += salur_short_code_valid (swapped);
        }
    }
  g_test_message ("neighbour swaps missed: %u of %u", missed, transpositions);
  /* Luhn mod 32 misses only the swap of 0 and V (values 0 and 31) */
  g_assert_cmpuint (missed * 100, <, transpositions);
}

static void
test_short_code_normalize (void)
{
  char out[SALUR_SHORT_CODE_LEN + 1];

  g_assert_true (salur_short_code_normalize ("7qx-4k2-mpr", out));
  g_assert_cmpstr (out, ==, "7QX4K2MPR");
  g_assert_true (salur_short_code_normalize (" 7QX 4K2 MPR\n", out));
  g_assert_cmpstr (out, ==, "7QX4K2MPR");
  /* what people type for the letters Crockford left out */
  g_assert_true (salur_short_code_normalize ("OIL-000-111", out));
  g_assert_cmpstr (out, ==, "011000111");
  g_assert_false (salur_short_code_normalize ("7QX-4K2-MP", out));
  g_assert_false (salur_short_code_normalize ("7QX-4K2-MPRR", out));
  g_assert_false (salur_short_code_normalize ("SRI WAHYUNI", out));   /* U is not in the alphabet */

  {
    g_autofree char *shown = salur_short_code_format ("7QX4K2MPR");
    g_assert_cmpstr (shown, ==, "7QX-4K2-MPR");
  }
}

static void
test_labels (void)
{
  g_autoptr(GArray) round = months ("2026-10,2026-11,2026-12");
  g_autoptr(GArray) across = months ("2026-12,2027-01,2027-02");
  g_autoptr(GArray) one = months ("2026-11");
  g_autofree char *a = salur_card_months_label (round);
  g_autofree char *b = salur_card_months_label (across);
  g_autofree char *c = salur_card_months_label (one);
  g_autofree char *d = salur_date_format_id ("2026-12-01");
  g_autofree char *e = salur_date_format_id ("2027-01-03");
  SalurCardSchedule bad_date = { .date = "2026-02-30" }, bad_time = { .time = "24:00" }, good = { .date = "2026-12-01", .time = "08:00" };
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (a, ==, "Oktober, November dan Desember 2026");
  g_assert_cmpstr (b, ==, "Desember 2026, Januari dan Februari 2027");
  g_assert_cmpstr (c, ==, "November 2026");
  g_assert_cmpstr (d, ==, "Selasa, 1 Desember 2026");
  g_assert_cmpstr (e, ==, "Minggu, 3 Januari 2027");
  g_assert_null (salur_date_format_id ("2026-13-01"));
  g_assert_false (salur_card_schedule_check (&bad_date, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_false (salur_card_schedule_check (&bad_time, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_true (salur_card_schedule_check (&good, &error));
}

/* tests: issuing and checking */

static void
test_issue (Fixture *fx, gconstpointer data)
{
  g_autoptr(GArray) round = months ("2026-10,2026-11,2026-12");
  g_autoptr(GPtrArray) cards = NULL, again = NULL;
  g_autoptr(GHashTable) serials = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 before = count_events (fx->store), after;
  guint n_new = 0;
  int max_version = 0;

  cards = issue (fx, "2026-10,2026-11,2026-12", &n_new);
  g_assert_cmpuint (cards->len, ==, N_KPM);
  g_assert_cmpuint (n_new, ==, N_KPM);
  after = count_events (fx->store);
  g_assert_cmpint (after, ==, before + N_KPM);   /* one event a card, verify passes */

  for (guint i = 0; i < cards->len; i++)
    {
      SalurCard *card = g_ptr_array_index (cards, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(SalurQr) qr = salur_qr_encode (card->payload, 40, &error);
      g_autoptr(SalurCard) checked = NULL;
      SalurCardVerdict verdict;

      g_assert_no_error (error);
      /* digits only: any USB scanner types them on any keyboard layout */
      g_assert_cmpuint (strlen (card->payload), ==, SALUR_CARD_PAYLOAD_LEN);
      g_assert_cmpuint (strspn (card->payload, "0123456789"), ==, SALUR_CARD_PAYLOAD_LEN);
      max_version = MAX (max_version, salur_qr_get_version (qr));
      g_assert_cmpint (salur_qr_get_version (qr), <=, SALUR_CARD_QR_MAX_VERSION);
      g_assert_true (salur_short_code_valid (card->short_code));
      g_assert_false (g_hash_table_contains (serials, card->serial));
      g_hash_table_add (serials, card->serial);

      checked = salur_card_check_payload (fx->store, card->payload, round, &verdict, &error);
      g_assert_no_error (error);
      g_assert_cmpint (verdict, ==, SALUR_CARD_OK);
      g_assert_cmpstr (checked->kpm_id, ==, card->kpm_id);
      g_assert_cmpstr (checked->serial, ==, card->serial);
      g_assert_cmpstr (checked->short_code, ==, card->short_code);
      g_assert_cmpstr (checked->kpm->name, ==, card->kpm->name);
      g_assert_cmpuint (checked->months->len, ==, 3);
    }
  g_test_message ("QR version of the payload at M: %d (%u digits)", max_version, SALUR_CARD_PAYLOAD_LEN);
  g_assert_cmpint (max_version, ==, 5);

  /* a second run for the same round prints the same cards and records nothing */
  again = issue (fx, "2026-10,2026-11,2026-12", &n_new);
  g_assert_cmpuint (n_new, ==, 0);
  g_assert_cmpuint (again->len, ==, N_KPM);
  for (guint i = 0; i < again->len; i++)
    {
      SalurCard *a = g_ptr_array_index (cards, i), *b = g_ptr_array_index (again, i);
      g_assert_cmpstr (a->serial, ==, b->serial);
      g_assert_cmpstr (a->payload, ==, b->payload);   /* Ed25519 is deterministic */
    }
  g_assert_cmpint (count_events (fx->store), ==, after);
}

static void
test_caps_and_blanks (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) cards = issue (fx, "2026-10,2026-11,2026-12", NULL);
  SalurCard *card = g_ptr_array_index (cards, 0);
  g_autofree char *typed = g_strdup_printf ("  %s\r\n", card->payload);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurCard) checked = salur_card_check_payload (fx->store, typed, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (checked->serial, ==, card->serial);
}

static void
test_altered (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) cards = issue (fx, "2026-10,2026-11,2026-12", NULL);
  SalurCard *card = g_ptr_array_index (cards, 3);
  gsize len = strlen (card->payload);
  guint foreign = 0, altered = 0;

  /* every character, changed to each other digit: never accepted */
  for (gsize i = 0; i < len; i++)
    for (char d = '0'; d <= '9'; d++)
      {
        g_autofree char *forged = g_strdup (card->payload);
        g_autoptr(GError) error = NULL;
        g_autoptr(SalurCard) checked = NULL;
        SalurCardVerdict verdict = SALUR_CARD_OK;

        if (forged[i] == d)
          continue;
        forged[i] = d;
        checked = salur_card_check_payload (fx->store, forged, NULL, &verdict, &error);
        g_assert_null (checked);
        g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
        if (i >= 1 && i <= SALUR_CARD_VILLAGE_MARK_LEN)
          {
            /* the village's mark: indistinguishable from another village's card */
            g_assert_cmpint (verdict, ==, SALUR_CARD_FOREIGN);
            foreign++;
          }
        else if (i > SALUR_CARD_VILLAGE_MARK_LEN)
          {
            g_assert_cmpint (verdict, ==, SALUR_CARD_ALTERED);
            g_assert_nonnull (strstr (error->message, "altered"));
            altered++;
          }
      }
  g_test_message ("%u altered payloads refused as altered, %u as foreign", altered, foreign);

  /* shorter, longer, letters in it */
  {
    const char *bad[] = { "123", NULL, NULL };
    g_autofree char *shorter = g_strndup (card->payload, len - 1);
    g_autofree char *longer = g_strconcat (card->payload, "0", NULL);
    bad[1] = shorter;
    bad[2] = longer;
    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) error = NULL;
        g_assert_null (salur_card_check_payload (fx->store, bad[i], NULL, NULL, &error));
        g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
      }
  }
}

static void
test_foreign (Fixture *fx, gconstpointer data)
{
  g_autofree char *dir = g_path_get_dirname (demo_template);
  g_autofree char *other_template = g_build_filename (dir, "other.db", NULL);
  g_autoptr(SalurStore) other = open_copy (other_template, fx->dir, "other.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) sri = salur_ledger_login (other, "sri", "1111", &error);
  g_autoptr(GArray) round = months ("2026-10,2026-11,2026-12");
  g_autoptr(GPtrArray) theirs = NULL;
  SalurCardVerdict verdict;

  g_assert_no_error (error);
  issue (fx, "2026-10,2026-11,2026-12", NULL);
  theirs = salur_cards_issue (other, sri, round, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < theirs->len; i++)
    {
      SalurCard *card = g_ptr_array_index (theirs, i);
      g_autoptr(SalurCard) checked = salur_card_check_payload (fx->store, card->payload, round, &verdict, &error);

      g_assert_null (checked);
      g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
      g_assert_cmpint (verdict, ==, SALUR_CARD_FOREIGN);
      g_assert_nonnull (strstr (error->message, "another village"));
      g_clear_error (&error);
    }
}

static void
test_other_round (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) cards = issue (fx, "2026-07,2026-08,2026-09", NULL);
  SalurCard *card = g_ptr_array_index (cards, 0);
  g_autoptr(GArray) next = months ("2026-10,2026-11,2026-12");
  g_autoptr(GArray) same = months ("2026-07,2026-08,2026-09");
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurCard) ok = NULL;
  SalurCardVerdict verdict;

  g_assert_null (salur_card_check_payload (fx->store, card->payload, next, &verdict, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_assert_cmpint (verdict, ==, SALUR_CARD_OTHER_ROUND);
  g_assert_nonnull (strstr (error->message, "Juli, Agustus dan September 2026"));
  g_clear_error (&error);
  g_assert_null (salur_card_check_short_code (fx->store, card->short_code, next, &verdict, &error));
  g_assert_cmpint (verdict, ==, SALUR_CARD_OTHER_ROUND);
  g_clear_error (&error);

  ok = salur_card_check_payload (fx->store, card->payload, same, &verdict, &error);
  g_assert_no_error (error);
  g_assert_cmpint (verdict, ==, SALUR_CARD_OK);
}

static void
test_reissue (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) cards = issue (fx, "2026-10,2026-11,2026-12", NULL);
  SalurCard *old = g_ptr_array_index (cards, 5);
  g_autoptr(GArray) round = months ("2026-10,2026-11,2026-12");
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurCard) fresh = NULL, checked = NULL, current = NULL;
  g_autoptr(SalurOperator) joko = NULL;
  g_autoptr(GPtrArray) again = NULL;
  SalurCardVerdict verdict;

  fresh = salur_card_reissue (fx->store, fx->sri, old->kpm_id, round, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fresh->replaces, ==, old->serial);
  g_assert_cmpstr (fresh->serial, !=, old->serial);

  /* the old card, by its QR code and by its short code */
  g_assert_null (salur_card_check_payload (fx->store, old->payload, round, &verdict, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_assert_cmpint (verdict, ==, SALUR_CARD_REPLACED);
  g_assert_nonnull (strstr (error->message, old->kpm->name));
  g_clear_error (&error);
  g_assert_null (salur_card_check_short_code (fx->store, old->short_code, round, &verdict, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_assert_cmpint (verdict, ==, SALUR_CARD_REPLACED);
  g_clear_error (&error);

  checked = salur_card_check_payload (fx->store, fresh->payload, round, &verdict, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (checked->replaces, ==, old->serial);
  current = salur_card_current (fx->store, old->kpm_id, round, &error);
  g_assert_cmpstr (current->serial, ==, fresh->serial);

  /* printing the round again prints the new card */
  again = issue (fx, "2026-10,2026-11,2026-12", NULL);
  g_assert_cmpstr (((SalurCard *) g_ptr_array_index (again, 5))->serial, ==, fresh->serial);

  /* only the bendahara */
  joko = salur_ledger_login (fx->store, "joko", "2222", &error);
  g_assert_no_error (error);
  g_assert_null (salur_card_reissue (fx->store, joko, old->kpm_id, round, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_null (salur_cards_issue (fx->store, joko, round, NULL, NULL, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN);
  count_events (fx->store);
}

static void
test_round_rules (Fixture *fx, gconstpointer data)
{
  g_autoptr(GArray) four = months ("2026-09,2026-10,2026-11,2026-12");
  g_autoptr(GArray) apart = months ("2026-01,2027-06");
  g_autoptr(GError) error = NULL;

  g_assert_null (salur_cards_issue (fx->store, fx->sri, four, NULL, NULL, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_TOO_MANY_MONTHS);
  g_clear_error (&error);
  g_assert_null (salur_cards_issue (fx->store, fx->sri, apart, NULL, NULL, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  /* a round with a gap packs too */
  {
    g_autoptr(GArray) gap = months ("2026-10,2026-12");
    g_autoptr(GPtrArray) cards = salur_cards_issue (fx->store, fx->sri, gap, "Krajan", NULL, NULL, &error);
    SalurCard *card;
    g_autoptr(SalurCard) checked = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (cards->len, >, 0);
    card = g_ptr_array_index (cards, 0);
    g_assert_cmpstr (card->kpm->dusun, ==, "Krajan");
    checked = salur_card_check_payload (fx->store, card->payload, gap, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (checked->months->len, ==, 2);
    g_assert_cmpint (g_array_index (checked->months, SalurMonth, 1), ==, g_array_index (gap, SalurMonth, 1));
  }
}

static void
test_pdf (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) cards = issue (fx, "2026-10,2026-11,2026-12", NULL);
  g_autoptr(SalurVillage) village = salur_store_get_village (fx->store, NULL);
  g_autofree char *path = g_build_filename (fx->dir, "kartu.pdf", NULL);
  g_autofree char *data_ = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  SalurCardSchedule when = { "Balai Desa Sukamaju", "2026-12-01", "08:00" };
  gsize len;

  g_assert_true (salur_cards_write_pdf (village, cards, &when, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &data_, &len, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (data_, "%PDF-"));
  g_remove (path);

  /* cancelled: nothing left under the name */
  g_cancellable_cancel (cancel);
  g_assert_false (salur_cards_write_pdf (village, cards, &when, path, cancel, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}


/* The sheets drawn one at a time, as the preview and the printer draw them:
 * each dusun from a new sheet, and every QR code on a sheet read back */
static void
test_sheets (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) cards = issue (fx, "2026-10,2026-11,2026-12", NULL);
  g_autoptr(SalurVillage) village = salur_store_get_village (fx->store, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurCardSheets) sheets = NULL;
  g_autoptr(SalurScanner) scanner = salur_scanner_new ();
  SalurCardSchedule when = { "Balai Desa Sukamaju", "2026-12-01", "08:00" };
  SalurCardSchedule bad = { NULL, "2026-13-01", NULL };
  const double scale = 150.0 / 72;   /* 150 dpi */
  guint expected = 0, n = 0, read = 0;
  const char *dusun = NULL;

  for (guint i = 0; i < cards->len; i++)
    {
      SalurCard *card = g_ptr_array_index (cards, i);

      if (i == 0 || g_strcmp0 (card->kpm->dusun, dusun) != 0 || n == SALUR_CARDS_PER_SHEET)
        {
          expected++;
          n = 0;
        }
      n++;
      dusun = card->kpm->dusun;
    }

  g_assert_null (salur_card_sheets_new (village, cards, &bad, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_USAGE);
  g_clear_error (&error);

  sheets = salur_card_sheets_new (village, cards, &when, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (salur_card_sheets_count (sheets), ==, expected);
  g_assert_cmpuint (expected, >, 1);

  for (guint s = 0; s < salur_card_sheets_count (sheets); s++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (SALUR_A4_WIDTH * scale),
                                                             (int) (SALUR_A4_HEIGHT * scale));
      cairo_t *cr = cairo_create (surface);
      g_autoptr(SalurGreyFrame) frame = NULL;
      g_auto(GStrv) codes = NULL;

      cairo_scale (cr, scale, scale);
      salur_card_sheets_draw (sheets, s, cr);
      cairo_destroy (cr);
      frame = salur_grey_frame_from_surface (surface);
      cairo_surface_destroy (surface);
      codes = salur_scanner_decode (scanner, frame, NULL);
      g_assert_cmpuint (g_strv_length (codes), >=, 1);
      g_assert_cmpuint (g_strv_length (codes), <=, SALUR_CARDS_PER_SHEET);
      for (guint c = 0; codes[c] != NULL; c++)
        {
          gboolean found = FALSE;

          /* every code read is the payload of a card of this set */
          for (guint i = 0; i < cards->len && !found; i++)
            found = g_strcmp0 (((SalurCard *) g_ptr_array_index (cards, i))->payload, codes[c]) == 0;
          g_assert_true (found);
          read++;
        }
    }
  /* every card, on one sheet or another */
  g_assert_cmpuint (read, ==, cards->len);
}

/* tests: the QR code read back after a phone's damage */

static cairo_surface_t *
render_card (const char *payload, int module)
{
  g_autoptr(SalurQr) qr = salur_qr_encode (payload, SALUR_CARD_QR_MAX_VERSION, NULL);
  int side = salur_qr_get_width (qr) * module;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side * 3, side * 2);
  cairo_t *cr = cairo_create (s);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  /* text-like clutter beside the code, as on a card */
  for (int line = 0; line < 10; line++)
    cairo_rectangle (cr, module * 4, side * 0.2 + line * side * 0.15, side * (0.8 + (line % 3) * 0.3), module);
  cairo_fill (cr);
  salur_qr_draw (qr, cr, side * 1.8, side * 0.5, side);
  cairo_destroy (cr);
  return s;
}

static cairo_surface_t *
transform (cairo_surface_t *src, double angle, double sx, double sy, double shear)
{
  int w = cairo_image_surface_get_width (src), h = cairo_image_surface_get_height (src);
  cairo_surface_t *dst = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (dst);
  cairo_matrix_t m;

  cairo_set_source_rgb (cr, 0.85, 0.82, 0.75);   /* a table under the card */
  cairo_paint (cr);
  cairo_translate (cr, w / 2.0, h / 2.0);
  cairo_rotate (cr, angle * G_PI / 180);
  cairo_matrix_init (&m, sx, 0, shear, sy, 0, 0);
  cairo_transform (cr, &m);
  cairo_translate (cr, -w / 2.0, -h / 2.0);
  cairo_set_source_surface (cr, src, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_destroy (cr);
  return dst;
}

static void
add_noise (SalurGreyFrame *f, double sigma, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (int y = 0; y < f->height; y++)
    for (int x = 0; x < f->width; x++)
      {
        /* Box-Muller */
        double u = g_rand_double_range (rand, 1e-9, 1), v = g_rand_double (rand);
        double n = sqrt (-2 * log (u)) * cos (2 * G_PI * v) * sigma;
        double p = f->data[y * f->stride + x] * 0.7 + 40 + n;   /* dim light, grain */
        f->data[y * f->stride + x] = (guint8) CLAMP (p, 0, 255);
      }
}

static void
test_photos (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) cards = issue (fx, "2026-10,2026-11,2026-12", NULL);
  SalurCard *card = g_ptr_array_index (cards, 0);
  g_autoptr(SalurScanner) scanner = salur_scanner_new ();
  cairo_surface_t *clean = render_card (card->payload, 6);
  struct { const char *name; double angle, sx, sy, shear, noise; } shots[] = {
    { "clean", 0, 1, 1, 0, 0 },
    { "rotated 17°", 17, 1, 1, 0, 0 },
    { "upside down", 183, 1, 1, 0, 0 },
    { "tilted", -8, 1, 0.8, 0.18, 0 },
    { "small", 4, 0.55, 0.55, 0, 0 },
    { "grainy and dim", 6, 1, 1, 0, 18 },
    { "tilted and grainy", 11, 0.95, 0.85, -0.12, 12 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      cairo_surface_t *shot = transform (clean, shots[i].angle, shots[i].sx, shots[i].sy, shots[i].shear);
      g_autoptr(SalurGreyFrame) frame = salur_grey_frame_from_surface (shot);
      g_auto(GStrv) texts = NULL;

      if (shots[i].noise > 0)
        add_noise (frame, shots[i].noise, 42 + i);
      texts = salur_scanner_decode (scanner, frame, NULL);
      if (texts[0] == NULL)
        {
          /* as salur scan does: averaging takes the grain out */
          g_autoptr(SalurGreyFrame) half = salur_grey_frame_shrink (frame, 2);
          g_strfreev (texts);
          texts = salur_scanner_decode (scanner, half, NULL);
        }
      g_test_message ("%s: %s", shots[i].name, texts[0] != NULL ? "read" : "NOT READ");
      g_assert_nonnull (texts[0]);
      g_assert_cmpstr (texts[0], ==, card->payload);
      cairo_surface_destroy (shot);
    }

  /* files: PNG and a JPEG as phones save them, through scan_file */
  {
    g_autofree char *png = g_build_filename (fx->dir, "card.png", NULL);
    g_autofree char *jpg = g_build_filename (fx->dir, "card.jpg", NULL);
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) a = NULL, b = NULL, none = NULL;
    cairo_surface_t *shot = transform (clean, 9, 1, 0.9, 0.1);
    g_autoptr(GdkPixbuf) pixbuf = NULL;

    g_assert_cmpint (cairo_surface_write_to_png (shot, png), ==, CAIRO_STATUS_SUCCESS);
    a = salur_scanner_scan_file (scanner, png, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (a[0], ==, card->payload);

    pixbuf = gdk_pixbuf_new_from_file (png, &error);
    g_assert_no_error (error);
    gdk_pixbuf_save (pixbuf, jpg, "jpeg", &error, "quality", "70", NULL);
    g_assert_no_error (error);
    b = salur_scanner_scan_file (scanner, jpg, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (b[0], ==, card->payload);

    /* no code: an empty list, not an error; no file: an error */
    {
      cairo_surface_t *blank = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
      cairo_surface_write_to_png (blank, png);
      cairo_surface_destroy (blank);
    }
    none = salur_scanner_scan_file (scanner, png, &error);
    g_assert_no_error (error);
    g_assert_null (none[0]);
    g_assert_null (salur_scanner_scan_file (scanner, "/nonexistent/card.png", &error));
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
    cairo_surface_destroy (shot);
  }
  cairo_surface_destroy (clean);
}

/* tests: a 640 × 480 frame, as a webcam gives it */

static void
test_frame (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) cards = issue (fx, "2026-10,2026-11,2026-12", NULL);
  SalurCard *card = g_ptr_array_index (cards, 1);
  g_autoptr(SalurScanner) scanner = salur_scanner_new ();
  g_autoptr(SalurQr) qr = salur_qr_encode (card->payload, 5, NULL);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 640, 480);
  cairo_t *cr = cairo_create (s);
  g_autoptr(SalurGreyFrame) frame = NULL;
  SalurRect area;
  gint64 t0, full, tracked;

  cairo_set_source_rgb (cr, 0.9, 0.9, 0.9);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 200, 120, 240, 240);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  salur_qr_draw (qr, cr, 220, 140, 200);
  cairo_destroy (cr);
  frame = salur_grey_frame_from_surface (s);
  cairo_surface_destroy (s);

  t0 = g_get_monotonic_time ();
  {
    g_auto(GStrv) texts = salur_scanner_decode (scanner, frame, NULL);
    full = g_get_monotonic_time () - t0;
    g_assert_cmpstr (texts[0], ==, card->payload);
  }
  g_assert_true (salur_scanner_last_area (scanner, &area));
  g_assert_cmpint (area.x, <=, 220);
  g_assert_cmpint (area.x + area.width, >=, 420);
  t0 = g_get_monotonic_time ();
  {
    g_auto(GStrv) texts = salur_scanner_track (scanner, frame);
    tracked = g_get_monotonic_time () - t0;
    g_assert_cmpstr (texts[0], ==, card->payload);
  }
  g_test_message ("640x480: whole frame %.1f ms, around the last code %.1f ms", full / 1000.0, tracked / 1000.0);

  /* nothing in it */
  memset (frame->data, 200, frame->stride * frame->height);
  {
    g_auto(GStrv) texts = salur_scanner_track (scanner, frame);
    g_assert_null (texts[0]);
    g_assert_false (salur_scanner_last_area (scanner, &area));
  }
}

/* tests: no camera is a normal state */

typedef struct {
  GMainLoop        *loop;
  SalurCameraState  state;
  gboolean          called;
  gboolean          notified;
} CameraWait;

static void
on_camera (SalurCameraState state, const SalurGreyFrame *frame, const char *text, const GError *error, gpointer data)
{
  CameraWait *w = data;

  w->state = state;
  w->called = TRUE;
  g_main_loop_quit (w->loop);
}

static gboolean
on_timeout (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
on_notify (gpointer data)
{
  ((CameraWait *) data)->notified = TRUE;
}

static void
test_no_camera (void)
{
  CameraWait w = { 0 };
  g_autoptr(GError) error = NULL;
  SalurCameraReader *reader;
  guint timeout;

  g_assert_null (salur_camera_open ("/nonexistent/video0", 640, 480, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);

  w.loop = g_main_loop_new (NULL, FALSE);
  reader = salur_camera_reader_start ("/nonexistent/video0", on_camera, &w, on_notify);
  timeout = g_timeout_add_seconds (10, on_timeout, w.loop);
  g_main_loop_run (w.loop);
  g_source_remove (timeout);
  g_assert_true (w.called);
  g_assert_cmpint (w.state, ==, SALUR_CAMERA_NONE);
  salur_camera_reader_stop (reader);
  g_assert_true (w.notified);
  g_main_loop_unref (w.loop);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *other = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("salur-card-template-XXXXXX", &error);
  g_assert_no_error (error);
  demo_template = make_village (dir, 1);
  other = make_village (dir, 2);

  g_test_add_func ("/card/short-code/check", test_short_code_check);
  g_test_add_func ("/card/short-code/normalize", test_short_code_normalize);
  g_test_add_func ("/card/labels", test_labels);
  g_test_add ("/card/issue", Fixture, NULL, fixture_set_up, test_issue, fixture_tear_down);
  g_test_add ("/card/caps-and-blanks", Fixture, NULL, fixture_set_up, test_caps_and_blanks, fixture_tear_down);
  g_test_add ("/card/refused/altered", Fixture, NULL, fixture_set_up, test_altered, fixture_tear_down);
  g_test_add ("/card/refused/foreign", Fixture, NULL, fixture_set_up, test_foreign, fixture_tear_down);
  g_test_add ("/card/refused/other-round", Fixture, NULL, fixture_set_up, test_other_round, fixture_tear_down);
  g_test_add ("/card/refused/replaced", Fixture, NULL, fixture_set_up, test_reissue, fixture_tear_down);
  g_test_add ("/card/round-rules", Fixture, NULL, fixture_set_up, test_round_rules, fixture_tear_down);
  g_test_add ("/card/pdf", Fixture, NULL, fixture_set_up, test_pdf, fixture_tear_down);
  g_test_add ("/card/sheets", Fixture, NULL, fixture_set_up, test_sheets, fixture_tear_down);
  g_test_add ("/card/scan/photos", Fixture, NULL, fixture_set_up, test_photos, fixture_tear_down);
  g_test_add ("/card/scan/frame", Fixture, NULL, fixture_set_up, test_frame, fixture_tear_down);
  g_test_add_func ("/card/scan/no-camera", test_no_camera);

  rc = g_test_run ();
  remove_tree (dir);
  g_free (demo_template);
  return rc;
}
