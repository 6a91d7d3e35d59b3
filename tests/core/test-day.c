/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-day"
#include "config.h"

#include <glib/gstdio.h>

#include "salur-card.h"
#include "salur-day.h"
#include "salur-demo.h"
#include "salur-error.h"
#include "salur-ledger.h"

/* Payments per hour per desk: counted in the hour (local time) each was
 * recorded, per desk, voided ones left out, other months and other days
 * left out; the latest round of cards. */

typedef struct {
  char       *dir;
  SalurStore *store;
  GPtrArray  *kpm;
} Fixture;

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fx->dir = g_dir_make_tmp ("salur-test-day-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "salur.db", NULL);
  fx->store = salur_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (salur_demo_create (fx->store, 30, 1, &error));
  fx->kpm = salur_store_list_kpm (fx->store, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_autoptr(GDir) d = g_dir_open (fx->dir, 0, NULL);
  const char *name;

  g_clear_object (&fx->store);
  g_clear_pointer (&fx->kpm, g_ptr_array_unref);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (fx->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (fx->dir);
  g_free (fx->dir);
}

static GArray *
months_of (const char *text)
{
  GArray *months = salur_month_parse_list (text, NULL);

  g_assert_nonnull (months);
  return months;
}

/* The local date and hour of a recorded time */
static void
local_of (const char *at, char date[11], int *hour)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (at, NULL);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *text = g_date_time_format (local, "%Y-%m-%d");

  g_strlcpy (date, text, 11);
  *hour = g_date_time_get_hour (local);
}

static const SalurDeskHours *
find_desk (GPtrArray *desks, const char *name)
{
  for (guint i = 0; i < desks->len; i++)
    if (g_str_equal (((SalurDeskHours *) desks->pdata[i])->desk, name))
      return desks->pdata[i];
  return NULL;
}

static void
test_per_hour (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) joko = salur_ledger_login (fx->store, "joko", "2222", &error);
  g_autoptr(SalurOperator) sri = salur_ledger_login (fx->store, "sri", "1111", &error);
  g_autoptr(GArray) nov = months_of ("2026-11");
  g_autoptr(GArray) dec = months_of ("2026-12");
  g_autoptr(GPtrArray) paid = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_payment_free);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *desks[] = { "Krajan", "Krajan", "Krajan", "Sidomulyo", "Sidomulyo", "Karanganyar", "Krajan" };
  char date[11] = "";

  g_assert_no_error (error);
  /* 7 payments at three desks, the sixth for December; the last voided */
  for (guint i = 0; i < G_N_ELEMENTS (desks); i++)
    {
      SalurPaymentRequest req = { .kpm_id = ((SalurKpm *) fx->kpm->pdata[i])->id, .months = i == 5 ? dec : nov,
                                  .desk = desks[i], .proof = SALUR_PROOF_THUMBPRINT };
      SalurPayment *p = salur_ledger_pay (fx->store, joko, &req, &error);

      g_assert_no_error (error);
      g_ptr_array_add (paid, p);
    }
  g_assert_true (salur_ledger_void (fx->store, sri, ((SalurPayment *) paid->pdata[6])->receipt, "salah orang", &error));
  g_assert_no_error (error);

  /* what each desk and hour should hold, from the times the ledger gave */
  for (guint i = 0; i < 6; i++)
    {
      SalurPayment *p = paid->pdata[i];
      int hour;
      char d[11];

      local_of (p->at, d, &hour);
      if (date[0] == '\0')
        g_strlcpy (date, d, sizeof date);
      if (!g_str_equal (d, date))
        continue;   /* midnight passed between two payments */
      {
        g_autofree char *key = g_strdup_printf ("%s %d", p->desk, hour);
        g_hash_table_insert (expected, g_strdup (key),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (expected, key)) + 1));
      }
    }

  {
    g_autoptr(GPtrArray) all = salur_day_payments_per_hour (fx->store, date, NULL, &error);
    guint sum = 0, counted = 0;

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 3);
    /* sorted by name */
    g_assert_cmpstr (((SalurDeskHours *) all->pdata[0])->desk, ==, "Karanganyar");
    g_assert_cmpstr (((SalurDeskHours *) all->pdata[2])->desk, ==, "Sidomulyo");
    for (guint i = 0; i < all->len; i++)
      {
        const SalurDeskHours *h = all->pdata[i];
        guint in_hours = 0;

        for (int hour = 0; hour < SALUR_DAY_HOURS; hour++)
          {
            g_autofree char *key = g_strdup_printf ("%s %d", h->desk, hour);

            g_assert_cmpuint (h->count[hour], ==, GPOINTER_TO_UINT (g_hash_table_lookup (expected, key)));
            in_hours += h->count[hour];
          }
        g_assert_cmpuint (in_hours, ==, h->total);
        sum += h->total;
      }
    {
      GHashTableIter it;
      gpointer v;

      g_hash_table_iter_init (&it, expected);
      while (g_hash_table_iter_next (&it, NULL, &v))
        counted += GPOINTER_TO_UINT (v);
    }
    /* the voided one is not counted */
    g_assert_cmpuint (sum, ==, counted);
    g_assert_cmpuint (find_desk (all, "Krajan")->total, <=, 3);
  }

  /* November only: the Karanganyar payment (December) goes */
  {
    g_autoptr(GPtrArray) n = salur_day_payments_per_hour (fx->store, date, nov, &error);

    g_assert_no_error (error);
    g_assert_null (find_desk (n, "Karanganyar"));
    g_assert_nonnull (find_desk (n, "Krajan"));
  }

  /* another day: nothing */
  {
    g_autoptr(GPtrArray) none = salur_day_payments_per_hour (fx->store, "2020-01-01", NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }

  /* not a date */
  g_assert_null (salur_day_payments_per_hour (fx->store, "kemarin", NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_USAGE);
}

static void
test_latest_round (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) sri = salur_ledger_login (fx->store, "sri", "1111", &error);
  g_autoptr(GArray) q4 = months_of ("2026-10,2026-11,2026-12");
  g_autoptr(GArray) jan = months_of ("2027-01");
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GArray) round = NULL;

  /* the demo issues no card */
  g_assert_null (salur_day_latest_round (fx->store));
  cards = salur_cards_issue (fx->store, sri, q4, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  round = salur_day_latest_round (fx->store);
  g_assert_nonnull (round);
  g_assert_cmpuint (round->len, ==, 3);
  g_assert_cmpint (g_array_index (round, SalurMonth, 0), ==, g_array_index (q4, SalurMonth, 0));
  g_assert_cmpint (g_array_index (round, SalurMonth, 2), ==, g_array_index (q4, SalurMonth, 2));
  g_clear_pointer (&cards, g_ptr_array_unref);
  g_clear_pointer (&round, g_array_unref);

  /* a later round, for one dusun: that one is the latest */
  cards = salur_cards_issue (fx->store, sri, jan, "Krajan", NULL, NULL, &error);
  g_assert_no_error (error);
  round = salur_day_latest_round (fx->store);
  g_assert_cmpuint (round->len, ==, 1);
  g_assert_cmpint (g_array_index (round, SalurMonth, 0), ==, g_array_index (jan, SalurMonth, 0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/day/per-hour", Fixture, NULL, fixture_set_up, test_per_hour, fixture_tear_down);
  g_test_add ("/day/latest-round", Fixture, NULL, fixture_set_up, test_latest_round, fixture_tear_down);
  return g_test_run ();
}
