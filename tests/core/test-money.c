/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "salur-money.h"

/* Known values, written as a treasurer would write them on a kuitansi. */
static const struct { gint64 amount; const char *words; } known[] = {
  { 0, "nol rupiah" },
  { 1, "satu rupiah" },
  { 2, "dua rupiah" },
  { 7, "tujuh rupiah" },
  { 9, "sembilan rupiah" },
  { 10, "sepuluh rupiah" },
  { 11, "sebelas rupiah" },
  { 12, "dua belas rupiah" },
  { 15, "lima belas rupiah" },
  { 19, "sembilan belas rupiah" },
  { 20, "dua puluh rupiah" },
  { 21, "dua puluh satu rupiah" },
  { 30, "tiga puluh rupiah" },
  { 44, "empat puluh empat rupiah" },
  { 99, "sembilan puluh sembilan rupiah" },
  { 100, "seratus rupiah" },
  { 101, "seratus satu rupiah" },
  { 110, "seratus sepuluh rupiah" },
  { 111, "seratus sebelas rupiah" },
  { 119, "seratus sembilan belas rupiah" },
  { 120, "seratus dua puluh rupiah" },
  { 200, "dua ratus rupiah" },
  { 210, "dua ratus sepuluh rupiah" },
  { 211, "dua ratus sebelas rupiah" },
  { 999, "sembilan ratus sembilan puluh sembilan rupiah" },
  { 1000, "seribu rupiah" },
  { 1001, "seribu satu rupiah" },
  { 1010, "seribu sepuluh rupiah" },
  { 1011, "seribu sebelas rupiah" },
  { 1100, "seribu seratus rupiah" },
  { 1111, "seribu seratus sebelas rupiah" },
  { 1999, "seribu sembilan ratus sembilan puluh sembilan rupiah" },
  { 2000, "dua ribu rupiah" },
  { 2001, "dua ribu satu rupiah" },
  { 10000, "sepuluh ribu rupiah" },
  { 11000, "sebelas ribu rupiah" },
  { 12000, "dua belas ribu rupiah" },
  { 21000, "dua puluh satu ribu rupiah" },
  { 50000, "lima puluh ribu rupiah" },
  { 100000, "seratus ribu rupiah" },
  { 101000, "seratus satu ribu rupiah" },
  { 111000, "seratus sebelas ribu rupiah" },
  { 150000, "seratus lima puluh ribu rupiah" },
  { 250500, "dua ratus lima puluh ribu lima ratus rupiah" },
  { 300000, "tiga ratus ribu rupiah" },
  { 600000, "enam ratus ribu rupiah" },
  { 900000, "sembilan ratus ribu rupiah" },
  { 999999, "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan rupiah" },
  { 1000000, "satu juta rupiah" },
  { 1000001, "satu juta satu rupiah" },
  { 1001000, "satu juta seribu rupiah" },
  { 1100000, "satu juta seratus ribu rupiah" },
  { 1200000, "satu juta dua ratus ribu rupiah" },
  { 1500000, "satu juta lima ratus ribu rupiah" },
  { 1800000, "satu juta delapan ratus ribu rupiah" },
  { 2700000, "dua juta tujuh ratus ribu rupiah" },
  { 3600000, "tiga juta enam ratus ribu rupiah" },
  { 10000000, "sepuluh juta rupiah" },
  { 11000000, "sebelas juta rupiah" },
  { 11111111, "sebelas juta seratus sebelas ribu seratus sebelas rupiah" },
  { 100000000, "seratus juta rupiah" },
  { 123456789, "seratus dua puluh tiga juta empat ratus lima puluh enam ribu tujuh ratus delapan puluh sembilan rupiah" },
  { 999000000, "sembilan ratus sembilan puluh sembilan juta rupiah" },
  { 1000000000, "satu miliar rupiah" },
  { 1000001000, "satu miliar seribu rupiah" },
  { 1001000000, "satu miliar satu juta rupiah" },
  { 2500000000, "dua miliar lima ratus juta rupiah" },
  { 10000000000, "sepuluh miliar rupiah" },
  { 110000000000, "seratus sepuluh miliar rupiah" },
  { 1000000000000, "satu triliun rupiah" },
  { 1000000000001, "satu triliun satu rupiah" },
  { 1000000001000, "satu triliun seribu rupiah" },
  { 1010000000000, "satu triliun sepuluh miliar rupiah" },
  { 12000000000000, "dua belas triliun rupiah" },
  { 999999999999999, "sembilan ratus sembilan puluh sembilan triliun sembilan ratus sembilan puluh sembilan miliar "
                      "sembilan ratus sembilan puluh sembilan juta sembilan ratus sembilan puluh sembilan ribu "
                      "sembilan ratus sembilan puluh sembilan rupiah" },
  { 1000000000000000, "seribu triliun rupiah" },
  { -5000, "minus lima ribu rupiah" },
};

/* An independent reader of the words: it knows nothing of how the writer
 * groups digits, only what each word is worth. A word is either a digit
 * (satu..sembilan), a "se-" form (sepuluh, sebelas, seratus, seribu), a
 * multiplier inside a group (belas, puluh, ratus) or a scale (ribu, juta,
 * miliar, triliun) that closes everything said since the last larger
 * scale. */
static gboolean
parse_words (const char *text, gint64 *out)
{
  static const char *const digits[] = {
    "nol", "satu", "dua", "tiga", "empat", "lima",
    "enam", "tujuh", "delapan", "sembilan",
  };
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint n = g_strv_length (words);
  gint64 total = 0, group = 0, small = 0;
  gboolean negative = FALSE;
  guint i = 0;

  if (n < 2 || strcmp (words[n - 1], "rupiah") != 0)
    return FALSE;
  if (strcmp (words[0], "minus") == 0)
    {
      negative = TRUE;
      i = 1;
    }
  for (; i < n - 1; i++)
    {
      const char *w = words[i];
      gboolean found = FALSE;

      if (*w == '\0')
        return FALSE;       /* a doubled or stray space */
      for (guint d = 0; d < G_N_ELEMENTS (digits); d++)
        if (strcmp (w, digits[d]) == 0)
          {
            if (small != 0)
              return FALSE;  /* two digits in a row */
            small = d;
            found = TRUE;
          }
      if (found)
        continue;
      if (strcmp (w, "sepuluh") == 0)
        group += 10;
      else if (strcmp (w, "sebelas") == 0)
        group += 11;
      else if (strcmp (w, "seratus") == 0)
        group += 100;
      else if (strcmp (w, "seribu") == 0)
        {
          if (group != 0 || small != 0)
            return FALSE;
          total += 1000;
        }
      else if (strcmp (w, "belas") == 0 && small > 1)
        group += 10 + small, small = 0;
      else if (strcmp (w, "puluh") == 0 && small > 1)
        group += 10 * small, small = 0;
      else if (strcmp (w, "ratus") == 0 && small > 1)
        group += 100 * small, small = 0;
      else if (strcmp (w, "ribu") == 0 || strcmp (w, "juta") == 0
               || strcmp (w, "miliar") == 0 || strcmp (w, "triliun") == 0)
        {
          gint64 scale = w[0] == 'r' ? 1000 : w[0] == 'j' ? 1000000
                       : w[0] == 'm' ? 1000000000 : G_GINT64_CONSTANT (1000000000000);
          gint64 count = group + small;

          if (count == 0)
            return FALSE;
          if (scale == 1000 && count == 1)
            return FALSE;    /* must be "seribu" */
          if (scale == G_GINT64_CONSTANT (1000000000000))
            count += total, total = 0;  /* "seribu triliun" */
          total += count * scale;
          group = small = 0;
        }
      else
        return FALSE;
    }
  total += group + small;
  *out = negative ? -total : total;
  return TRUE;
}

static void
test_known (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autofree char *words = salur_terbilang (known[i].amount);

      g_assert_cmpstr (words, ==, known[i].words);
    }
}

/* Each word is a real word, no "satu ratus", no "satu ribu", no doubled
 * spaces, lower case, ends in "rupiah". */
static void
check_shape (gint64 amount, const char *words)
{
  g_assert_true (g_str_has_suffix (words, " rupiah"));
  g_assert_null (strstr (words, "  "));
  g_assert_false (g_str_has_prefix (words, " "));
  g_assert_null (strstr (words, "satu ratus"));
  g_assert_null (strstr (words, "satu puluh"));
  g_assert_null (strstr (words, "satu belas"));
  g_assert_null (strstr (words, "sepuluh satu"));
  if (amount != 0)
    g_assert_null (strstr (words, "nol"));
  for (const char *p = words; *p; p++)
    g_assert_true (g_ascii_islower (*p) || *p == ' ');
}

static void
round_trip (gint64 amount)
{
  g_autofree char *words = salur_terbilang (amount);
  gint64 back = -1;

  check_shape (amount, words);
  if (!parse_words (words, &back))
    g_error ("%" G_GINT64_FORMAT ": cannot read back \"%s\"", amount, words);
  if (back != amount)
    g_error ("%" G_GINT64_FORMAT ": \"%s\" reads back as %" G_GINT64_FORMAT, amount, words, back);
}

static void
test_round_trip_small (void)
{
  for (gint64 i = 0; i <= 9999; i++)
    round_trip (i);
}

/* Every amount up to a million a round thousand apart, every amount in the
 * first ten thousand above each scale, and a spread of random ones. */
static void
test_round_trip_large (void)
{
  static const gint64 scales[] = {
    1000, 1000000, 1000000000, G_GINT64_CONSTANT (1000000000000),
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261101);

  for (gint64 i = 0; i <= 1000000; i += 1000)
    round_trip (i);
  for (gint64 i = 0; i <= 1000000; i += 999)
    round_trip (i);
  for (gsize s = 0; s < G_N_ELEMENTS (scales); s++)
    for (gint64 i = 0; i < 10000; i++)
      {
        round_trip (scales[s] + i);
        round_trip (scales[s] * 7 + i * 1001);
      }
  for (int i = 0; i < 200000; i++)
    {
      gint64 amount = ((gint64) g_rand_int (rand) << 18 | g_rand_int_range (rand, 0, 1 << 18))
                      % G_GINT64_CONSTANT (999999999999999);

      round_trip (amount);
    }
}

static void
test_rupiah (void)
{
  g_autofree char *a = salur_rupiah_format (1500000);
  g_autofree char *b = salur_rupiah_digits (900000);
  g_autofree char *c = salur_rupiah_digits (0);

  g_assert_cmpstr (a, ==, "Rp1.500.000");
  g_assert_cmpstr (b, ==, "900.000");
  g_assert_cmpstr (c, ==, "0");
}

static void
test_parse (void)
{
  static const struct { const char *text; gint64 amount; } good[] = {
    { "2700000", 2700000 }, { "2.700.000", 2700000 }, { "Rp 2.700.000", 2700000 }, { "Rp2.700.000,-", 2700000 },
    { "rp. 900.000,00", 900000 }, { " 0 ", 0 }, { "1 500 000", 1500000 },
  };
  static const char *const bad[] = { "", "Rp", "-300000", "2,5", "dua juta", "2.700.000,50", "9999999999999999", NULL };
  gint64 amount;

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      amount = -1;
      g_assert_true (salur_rupiah_parse (good[i].text, &amount));
      g_assert_cmpint (amount, ==, good[i].amount);
    }
  for (gsize i = 0; bad[i] != NULL; i++)
    {
      amount = -1;
      g_assert_false (salur_rupiah_parse (bad[i], &amount));
      g_assert_cmpint (amount, ==, -1);
    }
  g_assert_false (salur_rupiah_parse (NULL, &amount));
  /* what salur_rupiah_format writes reads back */
  {
    g_autofree char *text = salur_rupiah_format (123456789);
    g_assert_true (salur_rupiah_parse (text, &amount));
    g_assert_cmpint (amount, ==, 123456789);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/money/rupiah", test_rupiah);
  g_test_add_func ("/money/parse", test_parse);
  g_test_add_func ("/money/terbilang/known", test_known);
  g_test_add_func ("/money/terbilang/round-trip-0-9999", test_round_trip_small);
  g_test_add_func ("/money/terbilang/round-trip-large", test_round_trip_large);
  return g_test_run ();
}
