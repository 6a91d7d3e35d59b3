/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "salur-error.h"
#include "salur-kpm.h"
#include "salur-month.h"

static void
test_months (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) list = NULL;
  g_autofree char *text = NULL, *id = NULL;
  SalurMonth m;

  g_assert_true (salur_month_parse ("2026-11", &m, &error));
  g_assert_cmpint (salur_month_year (m), ==, 2026);
  g_assert_cmpint (salur_month_number (m), ==, 11);
  text = salur_month_format (m);
  g_assert_cmpstr (text, ==, "2026-11");
  id = salur_month_format_id (m);
  g_assert_cmpstr (id, ==, "November 2026");

  list = salur_month_parse_list ("2026-12, 2026-10,2026-11,2026-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (g_array_index (list, SalurMonth, 0), ==, salur_month_from_ymd (2026, 10));
  g_assert_cmpint (g_array_index (list, SalurMonth, 2), ==, salur_month_from_ymd (2026, 12));

  g_assert_false (salur_month_parse ("2026-13", &m, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_false (salur_month_parse ("11-2026", &m, &error));
  g_clear_error (&error);
  g_assert_null (salur_month_parse_list (" , ", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_USAGE);
}

static void
test_dates (void)
{
  static const struct { const char *in, *out; } good[] = {
    { "1980-05-12", "1980-05-12" }, { "12-05-1980", "1980-05-12" }, { "12/05/1980", "1980-05-12" },
    { "12.05.1980", "1980-05-12" }, { "2/5/1980", "1980-05-02" }, { "12 Mei 1980", "1980-05-12" },
    { "12 May 1980", "1980-05-12" }, { "1 Agustus 1945", "1945-08-01" }, { "29-02-2000", "2000-02-29" },
    { "1980-05-12 00:00:00", "1980-05-12" }, { " 31 Desember 1950 ", "1950-12-31" },
  };
  static const char *const bad[] = {
    "", "12-13-1980", "31-04-1980", "29-02-1900", "1980", "12 Foo 1980", "12-05-80", "abc", "2023-02-29",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      char out[11];
      g_assert_true (salur_date_parse (good[i].in, out));
      g_assert_cmpstr (out, ==, good[i].out);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      char out[11];
      if (salur_date_parse (bad[i], out))
        g_error ("“%s” was taken for a date", bad[i]);
    }
}

static void
test_rt_rw (void)
{
  static const struct { const char *in, *out; } good[] = {
    { "3", "003" }, { "03", "003" }, { "003", "003" }, { "RT 3", "003" }, { "RW.02", "002" }, { "12 ", "012" },
  };
  static const char *const bad[] = { "", "0", "1000", "3a", "-1", "x/y", "Dusun 3" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      char out[4];
      g_assert_true (salur_rt_rw_normalize (good[i].in, out));
      g_assert_cmpstr (out, ==, good[i].out);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      char out[4];
      if (salur_rt_rw_normalize (bad[i], out))
        g_error ("“%s” was taken for an RT/RW", bad[i]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/month/parse", test_months);
  g_test_add_func ("/month/dates", test_dates);
  g_test_add_func ("/month/rt-rw", test_rt_rw);
  return g_test_run ();
}
