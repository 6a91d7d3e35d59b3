/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-nik"
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "salur-error.h"
#include "salur-month.h"
#include "salur-nik.h"

/* Excel shows a long number as 3,52E+15 (Indonesian locale) or 3.52E+15 */
static gboolean
looks_scientific (const char *s)
{
  const char *e = strpbrk (s, "eE");
  gboolean mantissa = FALSE;

  if (e == NULL || e == s)
    return FALSE;
  for (const char *p = s; p < e; p++)
    {
      if (g_ascii_isdigit (*p))
        mantissa = TRUE;
      else if (*p != '.' && *p != ',' && *p != ' ')
        return FALSE;
    }
  if (e[1] == '+')
    e++;
  return mantissa && g_ascii_isdigit (e[1]);
}

char *
salur_nik_clean (const char *raw)
{
  GString *out;
  const char *p = raw;

  g_return_val_if_fail (raw != NULL, NULL);

  /* the usual case: nothing to clean */
  if (strspn (raw, "0123456789") == strlen (raw))
    return g_strdup (raw);

  out = g_string_sized_new (SALUR_NIK_LEN + 1);
  while (*p == ' ' || *p == '\t')
    p++;
  /* Excel's leading apostrophe (text cell), typed or ’ as autocorrect makes it */
  if (*p == '\'')
    p++;
  else if (g_str_has_prefix (p, "\xe2\x80\x99") || g_str_has_prefix (p, "\xe2\x80\x98"))
    p += 3;

  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_isspace (c) || c == 0xA0 || c == 0x202F || c == '.' || c == '-')
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static int
two (const char *s)
{
  return (s[0] - '0') * 10 + (s[1] - '0');
}

/* The checks a NIK and a KK share: the digits are all there and Excel has not
 * eaten any of them. WHAT is "NIK" or "KK" for the messages. */
static gboolean
check_digits (const char     *raw,
              SalurCellKind   kind,
              const char     *what,
              char            out[SALUR_NIK_LEN + 1],
              GError        **error)
{
  g_autofree char *clean = NULL;
  gsize len;

  clean = salur_nik_clean (raw != NULL ? raw : "");
  len = strlen (clean);

  if (len == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("The %s is empty."), what);
      return FALSE;
    }
  if (looks_scientific (clean))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The %s “%s” was turned into a rounded number by Excel, and its last digits are lost. "
                     "Format the column as Text in Excel and type the number again (or start it with an apostrophe ')."),
                   what, raw);
      return FALSE;
    }
  if (kind == SALUR_CELL_NUMBER)
    {
      /* Excel keeps 15 significant digits: a 16-digit number stored as a
       * number ends in 0 whatever was typed. */
      if (len == SALUR_NIK_LEN && all_digits (clean) && clean[SALUR_NIK_LEN - 1] != '0')
        ; /* written exactly by a program, not rounded: accept */
      else
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("The %s “%s” is stored as a number in this spreadsheet. Excel keeps only 15 digits of a number, "
                         "so the last digit was replaced by 0. Format the column as Text and type the number again."),
                       what, raw);
          return FALSE;
        }
    }
  if (!all_digits (clean))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The %s “%s” contains characters other than digits."), what, raw);
      return FALSE;
    }
  if (len < SALUR_NIK_LEN)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The %s “%s” has %u digits instead of 16. If it came from Excel, the cell was probably a number "
                     "and Excel dropped digits: format the column as Text and type it again."),
                   what, raw, (guint) len);
      return FALSE;
    }
  if (len > SALUR_NIK_LEN)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The %s “%s” has %u digits instead of 16."), what, raw, (guint) len);
      return FALSE;
    }
  if (two (clean) < 11 || two (clean + 2) == 0 || two (clean + 4) == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The %s “%s” does not start with a region code: the first six digits are province, "
                     "kabupaten and kecamatan, and none of them can be 00."), what, raw);
      return FALSE;
    }
  memcpy (out, clean, SALUR_NIK_LEN + 1);
  return TRUE;
}

gboolean
salur_nik_parse (const char     *raw,
                 SalurCellKind   kind,
                 SalurNik       *nik,
                 GError        **error)
{
  char digits[SALUR_NIK_LEN + 1];
  int day, month, yy, serial;

  g_return_val_if_fail (nik != NULL, FALSE);

  if (!check_digits (raw, kind, "NIK", digits, error))
    return FALSE;

  day = two (digits + 6);
  month = two (digits + 8);
  yy = two (digits + 10);
  serial = two (digits + 12) * 100 + two (digits + 14);

  memset (nik, 0, sizeof *nik);
  nik->sex = day > 40 ? SALUR_SEX_FEMALE : SALUR_SEX_MALE;
  if (day > 40)
    day -= 40;
  /* The century is unknown: a date valid in either 19YY or 20YY is accepted
   * (29 February needs a leap year in one of them). */
  if (month < 1 || month > 12 || day < 1
      || (!salur_date_valid (1900 + yy, month, day) && !salur_date_valid (2000 + yy, month, day)))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The NIK “%s” does not hold a real birth date: digits 7 to 12 must be the day "
                     "(plus 40 for a woman), month and year."), raw);
      return FALSE;
    }
  if (serial == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The NIK “%s” ends in 0000: the last four digits count from 0001."), raw);
      return FALSE;
    }

  memcpy (nik->digits, digits, sizeof digits);
  memcpy (nik->region, digits, 6);
  nik->region[6] = '\0';
  nik->day = day;
  nik->month = month;
  nik->yy = yy;
  nik->serial = serial;
  return TRUE;
}

gboolean
salur_kk_parse (const char     *raw,
                SalurCellKind   kind,
                char            out[SALUR_NIK_LEN + 1],
                GError        **error)
{
  return check_digits (raw, kind, "KK", out, error);
}

char *
salur_nik_birth_date (const SalurNik *nik,
                      int             today_year)
{
  int year = 2000 + nik->yy;

  if (year > today_year || !salur_date_valid (year, nik->month, nik->day))
    year = 1900 + nik->yy;
  return g_strdup_printf ("%04d-%02d-%02d", year, nik->month, nik->day);
}

char *
salur_nik_mask (const char *nik)
{
  gsize len;

  if (nik == NULL)
    return g_strdup ("");
  len = strlen (nik);
  if (len <= 8)
    return g_strnfill (len, '*');
  {
    g_autofree char *stars = g_strnfill (len - 8, '*');
    return g_strdup_printf ("%.4s%s%s", nik, stars, nik + len - 4);
  }
}

const char *
salur_sex_label (SalurSex sex)
{
  switch (sex)
    {
    case SALUR_SEX_MALE:
      return "L";
    case SALUR_SEX_FEMALE:
      return "P";
    case SALUR_SEX_UNKNOWN:
    default:
      return "";
    }
}
