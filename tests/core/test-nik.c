/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "salur-error.h"
#include "salur-nik.h"

static void
assert_refused (const char *raw, SalurCellKind kind, const char *fragment)
{
  g_autoptr(GError) error = NULL;
  SalurNik nik;

  g_assert_false (salur_nik_parse (raw, kind, &nik, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  if (strstr (error->message, fragment) == NULL)
    g_error ("NIK “%s”: message “%s” lacks “%s”", raw, error->message, fragment);
}

static void
test_valid_man (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  SalurNik nik;

  g_assert_true (salur_nik_parse ("3520011205800003", SALUR_CELL_TEXT, &nik, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (nik.digits, ==, "3520011205800003");
  g_assert_cmpstr (nik.region, ==, "352001");
  g_assert_cmpint (nik.sex, ==, SALUR_SEX_MALE);
  g_assert_cmpint (nik.day, ==, 12);
  g_assert_cmpint (nik.month, ==, 5);
  g_assert_cmpint (nik.yy, ==, 80);
  g_assert_cmpint (nik.serial, ==, 3);
  date = salur_nik_birth_date (&nik, 2026);
  g_assert_cmpstr (date, ==, "1980-05-12");
}

static void
test_valid_woman (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  SalurNik nik;

  /* day 52 = 12 + 40 */
  g_assert_true (salur_nik_parse ("3520015205150001", SALUR_CELL_TEXT, &nik, &error));
  g_assert_no_error (error);
  g_assert_cmpint (nik.sex, ==, SALUR_SEX_FEMALE);
  g_assert_cmpint (nik.day, ==, 12);
  date = salur_nik_birth_date (&nik, 2026);
  g_assert_cmpstr (date, ==, "2015-05-12");
  /* a year after this year's two digits is the last century */
  g_assert_true (salur_nik_parse ("3520017101300001", SALUR_CELL_TEXT, &nik, &error));
  g_clear_pointer (&date, g_free);
  date = salur_nik_birth_date (&nik, 2026);
  g_assert_cmpstr (date, ==, "1930-01-31");
  g_assert_cmpint (nik.sex, ==, SALUR_SEX_FEMALE);
}

static void
test_cleaning (void)
{
  const char *forms[] = {
    "'3520011205800003", " 3520 0112 0580 0003 ", "3520.0112.0580.0003",
    "\xe2\x80\x99" "3520011205800003", "3520\xc2\xa0" "011205800003", "3520-0112-0580-0003",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GError) error = NULL;
      SalurNik nik;

      g_assert_true (salur_nik_parse (forms[i], SALUR_CELL_TEXT, &nik, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (nik.digits, ==, "3520011205800003");
    }
}

static void
test_excel_damage (void)
{
  assert_refused ("3,52E+15", SALUR_CELL_TEXT, "Excel");
  assert_refused ("3.52E+15", SALUR_CELL_TEXT, "Excel");
  assert_refused ("3.52001E+15", SALUR_CELL_TEXT, "rounded");
  /* 15 digits: Excel dropped one */
  assert_refused ("352001120580000", SALUR_CELL_TEXT, "15 digits");
  /* a number cell ending in 0: Excel's 15 digits */
  assert_refused ("3520011205800010", SALUR_CELL_NUMBER, "15 digits");
  assert_refused ("3.5200112058000102E+15", SALUR_CELL_NUMBER, "Excel");
}

static void
test_number_written_exactly (void)
{
  g_autoptr(GError) error = NULL;
  SalurNik nik;

  /* A program (not Excel) can store all 16 digits in a number cell */
  g_assert_true (salur_nik_parse ("3520011205800003", SALUR_CELL_NUMBER, &nik, &error));
  g_assert_no_error (error);
}

static void
test_bad (void)
{
  assert_refused ("", SALUR_CELL_EMPTY, "empty");
  assert_refused ("35200112058000031", SALUR_CELL_TEXT, "17 digits");
  assert_refused ("35200112O5800003", SALUR_CELL_TEXT, "other than digits");
  assert_refused ("3520013205800003", SALUR_CELL_TEXT, "birth date");   /* day 32 */
  assert_refused ("3520017205800003", SALUR_CELL_TEXT, "birth date");   /* day 72 = 32 + 40 */
  assert_refused ("3520014005800003", SALUR_CELL_TEXT, "birth date");   /* day 40 = 0 + 40 */
  assert_refused ("3520011213800003", SALUR_CELL_TEXT, "birth date");   /* month 13 */
  assert_refused ("3520013102800003", SALUR_CELL_TEXT, "birth date");   /* 31 February */
  assert_refused ("3520011205800000", SALUR_CELL_TEXT, "0000");
  assert_refused ("0520011205800003", SALUR_CELL_TEXT, "region");
  assert_refused ("3500011205800003", SALUR_CELL_TEXT, "region");
}

static void
test_leap_day (void)
{
  g_autoptr(GError) error = NULL;
  SalurNik nik;

  /* 29-02-00: 2000 was a leap year */
  g_assert_true (salur_nik_parse ("3520012902000001", SALUR_CELL_TEXT, &nik, &error));
  /* 29-02-01: neither 1901 nor 2001 */
  assert_refused ("3520012902010001", SALUR_CELL_TEXT, "birth date");
}

static void
test_kk (void)
{
  g_autoptr(GError) error = NULL;
  char kk[SALUR_NIK_LEN + 1];

  g_assert_true (salur_kk_parse ("'3520010101090012", SALUR_CELL_TEXT, kk, &error));
  g_assert_cmpstr (kk, ==, "3520010101090012");
  g_assert_false (salur_kk_parse ("3,52E+15", SALUR_CELL_TEXT, kk, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "KK"));
}

static void
test_mask (void)
{
  g_autofree char *m = salur_nik_mask ("3520011205800003");

  g_assert_cmpstr (m, ==, "3520********0003");
  g_assert_cmpstr (salur_sex_label (SALUR_SEX_FEMALE), ==, "P");
  g_assert_cmpstr (salur_sex_label (SALUR_SEX_MALE), ==, "L");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nik/valid-man", test_valid_man);
  g_test_add_func ("/nik/valid-woman", test_valid_woman);
  g_test_add_func ("/nik/cleaning", test_cleaning);
  g_test_add_func ("/nik/excel-damage", test_excel_damage);
  g_test_add_func ("/nik/number-written-exactly", test_number_written_exactly);
  g_test_add_func ("/nik/bad", test_bad);
  g_test_add_func ("/nik/leap-day", test_leap_day);
  g_test_add_func ("/nik/kk", test_kk);
  g_test_add_func ("/nik/mask", test_mask);
  return g_test_run ();
}
