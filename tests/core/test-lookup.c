/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-lookup"
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "salur-card.h"
#include "salur-demo.h"
#include "salur-error.h"
#include "salur-lookup.h"

/* The desk's one input: what a scanner or a person types, read as a card,
 * a short code, a NIK, a KPM id or part of a name, and the KPM's state for
 * the round. A demo village of 40 KPM, cards issued for Oct–Dec 2026. */

#define N_KPM 40

typedef struct {
  char          *dir;
  SalurStore    *store;
  SalurOperator *sri;
  GArray        *round;
  GPtrArray     *cards;
} Fixture;

static char *demo_template;

/* helpers */

static GArray *
months (const char *text)
{
  GArray *m = salur_month_parse_list (text, NULL);

  g_assert_nonnull (m);
  return m;
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *path = NULL;
  gsize len;

  fx->dir = g_dir_make_tmp ("salur-lookup-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "salur.db", NULL);
  g_file_get_contents (demo_template, &bytes, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, bytes, len, &error);
  g_assert_no_error (error);
  fx->store = salur_store_open (path, &error);
  g_assert_no_error (error);
  fx->sri = salur_ledger_login (fx->store, "sri", "1111", &error);
  g_assert_no_error (error);
  fx->round = months ("2026-10,2026-11,2026-12");
  fx->cards = salur_cards_issue (fx->store, fx->sri, fx->round, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_autoptr(GDir) d = g_dir_open (fx->dir, 0, NULL);
  const char *name;

  g_ptr_array_unref (fx->cards);
  g_array_unref (fx->round);
  salur_operator_free (fx->sri);
  g_clear_object (&fx->store);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (fx->dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (fx->dir);
  g_free (fx->dir);
}

static SalurLookup *
look (Fixture *fx, const char *text, GArray *round)
{
  g_autoptr(GError) error = NULL;
  SalurLookup *l = salur_lookup (fx->store, text, round, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (l);
  return l;
}

static void
refused (Fixture *fx, const char *text, GArray *round, int code, SalurCardVerdict want, const char *needle)
{
  g_autoptr(GError) error = NULL;
  SalurCardVerdict verdict = SALUR_CARD_OK;
  g_autoptr(SalurLookup) l = salur_lookup (fx->store, text, round, &verdict, &error);

  g_assert_null (l);
  g_assert_error (error, SALUR_ERROR, code);
  g_assert_cmpint (verdict, ==, want);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” does not say “%s”", error->message, needle);
}

static SalurCard *
card (Fixture *fx, guint i)
{
  return g_ptr_array_index (fx->cards, i);
}

/* tests */

static void
test_card (Fixture *fx, gconstpointer data)
{
  SalurCard *c = card (fx, 0);
  g_autoptr(SalurLookup) l = look (fx, c->payload, fx->round);

  g_assert_cmpint (l->kind, ==, SALUR_INPUT_CARD);
  g_assert_cmpstr (l->kpm->id, ==, c->kpm_id);
  g_assert_true (l->card_recorded);
  g_assert_cmpuint (l->states->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (((SalurMonthState *) g_ptr_array_index (l->states, i))->state, ==, SALUR_STATE_UNPAID);

  /* without a round: the card's own months */
  {
    g_autoptr(SalurLookup) l2 = look (fx, c->payload, NULL);
    g_assert_cmpuint (l2->months->len, ==, 3);
  }
}

static void
test_short_code (Fixture *fx, gconstpointer data)
{
  SalurCard *c = card (fx, 1);
  g_autofree char *shown = salur_short_code_format (c->short_code);
  g_autofree char *lower = g_ascii_strdown (shown, -1);
  g_autoptr(SalurLookup) a = look (fx, shown, fx->round);
  g_autoptr(SalurLookup) b = look (fx, lower, NULL);
  char typo[SALUR_SHORT_CODE_LEN + 1];

  g_assert_cmpint (a->kind, ==, SALUR_INPUT_SHORT_CODE);
  g_assert_cmpstr (a->kpm->id, ==, c->kpm_id);
  g_assert_cmpstr (b->kpm->id, ==, c->kpm_id);

  /* one character mistyped: the check character says so */
  memcpy (typo, c->short_code, sizeof typo);
  typo[2] = typo[2] == '7' ? '8' : '7';
  refused (fx, typo, NULL, SALUR_ERROR_INVALID, SALUR_CARD_ALTERED, "mistyped");
  /* a well-formed code no card has */
  {
    char serial[SALUR_CARD_SERIAL_LEN + 1] = "00000000";
    char code[SALUR_SHORT_CODE_LEN + 1];

    g_snprintf (code, sizeof code, "%s%c", serial, salur_short_code_check_char (serial));
    refused (fx, code, NULL, SALUR_ERROR_NOT_FOUND, SALUR_CARD_OK, NULL);
  }
}

static void
test_nik (Fixture *fx, gconstpointer data)
{
  SalurCard *c = card (fx, 2);
  g_autofree char *spaced = g_strdup_printf ("%.4s %.4s %.4s %.4s", c->kpm->nik, c->kpm->nik + 4, c->kpm->nik + 8,
                                             c->kpm->nik + 12);
  g_autoptr(SalurLookup) l = look (fx, c->kpm->nik, fx->round);
  g_autoptr(SalurLookup) l2 = look (fx, spaced, NULL);
  g_autoptr(SalurLookup) l3 = look (fx, c->kpm->id, NULL);

  g_assert_cmpint (l->kind, ==, SALUR_INPUT_NIK);
  g_assert_cmpstr (l->kpm->id, ==, c->kpm_id);
  g_assert_cmpuint (l->states->len, ==, 3);
  g_assert_cmpstr (l2->kpm->id, ==, c->kpm_id);
  g_assert_null (l2->states);
  g_assert_cmpint (l3->kind, ==, SALUR_INPUT_KPM_ID);

  /* a NIK of no one here, and one with a digit missing */
  refused (fx, "9901014507800999", NULL, SALUR_ERROR_NOT_FOUND, SALUR_CARD_OK, NULL);
  refused (fx, "990101450780099", NULL, SALUR_ERROR_INVALID, SALUR_CARD_OK, NULL);
}

static void
test_name (Fixture *fx, gconstpointer data)
{
  SalurKpm *k = card (fx, 3)->kpm;
  g_auto(GStrv) words = g_strsplit (k->name, " ", -1);
  g_autofree char *part = g_ascii_strdown (words[0], -1);
  g_autoptr(SalurLookup) l = look (fx, part, NULL);
  gboolean found = FALSE;

  g_assert_cmpint (l->kind, ==, SALUR_INPUT_NAME);
  g_assert_cmpuint (l->n_matches, >=, 1);
  for (guint i = 0; i < l->matches->len; i++)
    found |= g_str_equal (((SalurKpm *) g_ptr_array_index (l->matches, i))->id, k->id);
  g_assert_true (found);
  g_assert_true ((l->n_matches == 1) == (l->kpm != NULL));

  refused (fx, "zzxq", NULL, SALUR_ERROR_NOT_FOUND, SALUR_CARD_OK, NULL);
  /* LIKE's own wildcards are letters here */
  refused (fx, "%_%", NULL, SALUR_ERROR_NOT_FOUND, SALUR_CARD_OK, NULL);

  /* the start of each word, in any order, case and accents ignored */
  {
    g_autofree char *w0 = g_utf8_substring (words[0], 0, MIN (3, g_utf8_strlen (words[0], -1)));
    g_autofree char *query = words[1] != NULL ? g_strdup_printf ("  %s   %.2s ", words[1], w0) : g_strdup (w0);
    g_autoptr(SalurLookup) l4 = look (fx, query, NULL);
    gboolean hit = FALSE;

    for (guint i = 0; i < l4->matches->len; i++)
      hit |= g_str_equal (((SalurKpm *) g_ptr_array_index (l4->matches, i))->id, k->id);
    g_assert_true (hit);
  }
  /* bytes that are not UTF-8, one a lead byte of 5 (found by fuzz-lookup) */
  refused (fx, "q\263\377\372\243", NULL, SALUR_ERROR_NOT_FOUND, SALUR_CARD_OK, NULL);
  /* FTS5 syntax typed by mistake is read as words */
  refused (fx, "\"NEAR(", NULL, SALUR_ERROR_NOT_FOUND, SALUR_CARD_OK, NULL);

  /* a corrected name is found by its new spelling (and by the old one, which
   * people may still say: the match shows the name as it is now) */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalurLookup) l2 = NULL;

    salur_ledger_correct_kpm (fx->store, fx->sri, k->id, "name", "RAHMAWATY QOMARIYAH", "salah ketik", "", &error);
    g_assert_no_error (error);
    l2 = look (fx, "qomariyah", NULL);
    g_assert_cmpstr (l2->kpm->id, ==, k->id);
    g_assert_cmpstr (l2->kpm->name, ==, "RAHMAWATY QOMARIYAH");
    {
      g_autoptr(SalurLookup) old = look (fx, k->name, NULL);
      gboolean hit = FALSE;

      for (guint i = 0; i < old->matches->len; i++)
        if (g_str_equal (((SalurKpm *) g_ptr_array_index (old->matches, i))->id, k->id))
          {
            hit = TRUE;
            g_assert_cmpstr (((SalurKpm *) g_ptr_array_index (old->matches, i))->name, ==, "RAHMAWATY QOMARIYAH");
          }
      g_assert_true (hit);
    }
    /* nine letters without I, L, O or U: looks like a short code, is a name */
    {
      g_autoptr(SalurLookup) l3 = look (fx, "RAHMAWATY", NULL);
      g_assert_cmpint (l3->kind, ==, SALUR_INPUT_NAME);
      g_assert_cmpstr (l3->kpm->id, ==, k->id);
    }
  }
}

static void
test_states (Fixture *fx, gconstpointer data)
{
  SalurCard *c = card (fx, 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) joko = salur_ledger_login (fx->store, "joko", "2222", &error);
  g_autoptr(GArray) oct = months ("2026-10");
  g_autoptr(GArray) nov = months ("2026-11");
  g_autoptr(SalurPayment) paid = NULL;
  g_autoptr(SalurLookup) l = NULL;
  SalurPaymentRequest req = { 0 };

  g_assert_no_error (error);
  req.kpm_id = c->kpm_id;
  req.months = oct;
  req.desk = "Krajan";
  req.proof = SALUR_PROOF_THUMBPRINT;
  paid = salur_ledger_pay (fx->store, joko, &req, &error);
  g_assert_no_error (error);
  salur_ledger_absent (fx->store, joko, c->kpm_id, nov, "Krajan", "sakit", &error);
  g_assert_no_error (error);

  l = look (fx, c->payload, fx->round);
  g_assert_cmpint (((SalurMonthState *) g_ptr_array_index (l->states, 0))->state, ==, SALUR_STATE_PAID);
  g_assert_cmpstr (((SalurMonthState *) g_ptr_array_index (l->states, 0))->receipt, ==, paid->receipt);
  g_assert_cmpint (((SalurMonthState *) g_ptr_array_index (l->states, 1))->state, ==, SALUR_STATE_ABSENT);
  g_assert_cmpstr (((SalurMonthState *) g_ptr_array_index (l->states, 1))->note, ==, "sakit");
  g_assert_cmpint (((SalurMonthState *) g_ptr_array_index (l->states, 2))->state, ==, SALUR_STATE_UNPAID);

  /* closed from December */
  {
    g_autoptr(SalurLookup) l2 = NULL;
    salur_ledger_close_kpm (fx->store, fx->sri, c->kpm_id, salur_month_from_ymd (2026, 12), SALUR_REASON_MOVED,
                            "pindah", "SK 12/2026", &error);
    g_assert_no_error (error);
    l2 = look (fx, c->kpm->nik, fx->round);
    g_assert_cmpint (((SalurMonthState *) g_ptr_array_index (l2->states, 2))->state, ==, SALUR_STATE_CLOSED);
  }
}

static void
test_refusals (Fixture *fx, gconstpointer data)
{
  SalurCard *c = card (fx, 5);
  g_autofree char *forged = g_strdup (c->payload);
  g_autoptr(GArray) next = months ("2027-01,2027-02,2027-03");
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurCard) fresh = NULL;

  forged[100] = forged[100] == '1' ? '2' : '1';
  refused (fx, forged, fx->round, SALUR_ERROR_INVALID, SALUR_CARD_ALTERED, "altered");
  refused (fx, c->payload, next, SALUR_ERROR_INVALID, SALUR_CARD_OTHER_ROUND, "not for the round");
  fresh = salur_card_reissue (fx->store, fx->sri, c->kpm_id, fx->round, &error);
  g_assert_no_error (error);
  refused (fx, c->payload, fx->round, SALUR_ERROR_INVALID, SALUR_CARD_REPLACED, "replaced");
  refused (fx, c->short_code, fx->round, SALUR_ERROR_INVALID, SALUR_CARD_REPLACED, "replaced");
  refused (fx, "   ", NULL, SALUR_ERROR_USAGE, SALUR_CARD_OK, NULL);
}

static void
test_speed (Fixture *fx, gconstpointer data)
{
  SalurCard *c = card (fx, 6);
  g_auto(GStrv) words = g_strsplit (c->kpm->name, " ", 2);
  const char *inputs[] = { c->payload, c->short_code, c->kpm->nik, words[0] };
  const char *names[] = { "card", "short code", "NIK", "name" };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      for (int n = 0; n < 200; n++)
        {
          g_autoptr(SalurLookup) l = salur_lookup (fx->store, inputs[i], fx->round, NULL, NULL);
          g_assert_nonnull (l);
        }
      g_test_message ("lookup by %s: %.0f µs", names[i], (g_get_monotonic_time () - t0) / 200.0);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("salur-lookup-template-XXXXXX", &error);
  g_assert_no_error (error);
  demo_template = g_build_filename (dir, "demo.db", NULL);
  {
    g_autoptr(SalurStore) store = salur_store_open (demo_template, &error);
    g_assert_no_error (error);
    salur_demo_create (store, N_KPM, 3, &error);
    g_assert_no_error (error);
  }

  g_test_add ("/lookup/card", Fixture, NULL, fixture_set_up, test_card, fixture_tear_down);
  g_test_add ("/lookup/short-code", Fixture, NULL, fixture_set_up, test_short_code, fixture_tear_down);
  g_test_add ("/lookup/nik", Fixture, NULL, fixture_set_up, test_nik, fixture_tear_down);
  g_test_add ("/lookup/name", Fixture, NULL, fixture_set_up, test_name, fixture_tear_down);
  g_test_add ("/lookup/states", Fixture, NULL, fixture_set_up, test_states, fixture_tear_down);
  g_test_add ("/lookup/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/lookup/speed", Fixture, NULL, fixture_set_up, test_speed, fixture_tear_down);

  rc = g_test_run ();
  g_remove (demo_template);
  g_rmdir (dir);
  g_free (demo_template);
  return rc;
}
