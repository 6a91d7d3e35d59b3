/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-month"
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salur-error.h"
#include "salur-month.h"

static const char *const months_id[] = {
  "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
  "Agustus", "September", "Oktober", "November", "Desember",
};

/* English and Indonesian month names and their short forms, for dates
 * written in words */
static int
month_from_word (const char *word)
{
  static const struct { const char *name; int month; } names[] = {
    { "januari", 1 }, { "january", 1 }, { "jan", 1 },
    { "februari", 2 }, { "pebruari", 2 }, { "february", 2 }, { "feb", 2 }, { "peb", 2 },
    { "maret", 3 }, { "march", 3 }, { "mar", 3 },
    { "april", 4 }, { "apr", 4 },
    { "mei", 5 }, { "may", 5 },
    { "juni", 6 }, { "june", 6 }, { "jun", 6 },
    { "juli", 7 }, { "july", 7 }, { "jul", 7 },
    { "agustus", 8 }, { "august", 8 }, { "agu", 8 }, { "agt", 8 }, { "aug", 8 },
    { "september", 9 }, { "sep", 9 }, { "sept", 9 },
    { "oktober", 10 }, { "october", 10 }, { "okt", 10 }, { "oct", 10 },
    { "november", 11 }, { "nopember", 11 }, { "nov", 11 }, { "nop", 11 },
    { "desember", 12 }, { "december", 12 }, { "des", 12 }, { "dec", 12 },
  };
  g_autofree char *lower = g_ascii_strdown (word, -1);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (lower, names[i].name) == 0)
      return names[i].month;
  return 0;
}

SalurMonth
salur_month_from_ymd (int year, int month)
{
  return year * 12 + (month - 1);
}

int
salur_month_year (SalurMonth month)
{
  return month / 12;
}

int
salur_month_number (SalurMonth month)
{
  return month % 12 + 1;
}

gboolean
salur_month_parse (const char  *text,
                   SalurMonth  *month,
                   GError     **error)
{
  int year = 0, mon = 0;
  char tail = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  if (sscanf (text, "%4d-%2d%c", &year, &mon, &tail) != 2
      || strlen (text) != 7 || year < 2000 || year > 2100 || mon < 1 || mon > 12)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE,
                   _("“%s” is not a month: write the year and the month, for example 2026-11."),
                   text);
      return FALSE;
    }
  *month = salur_month_from_ymd (year, mon);
  return TRUE;
}

static int
compare_months (gconstpointer a, gconstpointer b)
{
  return *(const SalurMonth *) a - *(const SalurMonth *) b;
}

GArray *
salur_month_parse_list (const char  *text,
                        GError     **error)
{
  g_autoptr(GArray) months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      SalurMonth m;
      gboolean seen = FALSE;

      g_strstrip (parts[i]);
      if (parts[i][0] == '\0')
        continue;
      if (!salur_month_parse (parts[i], &m, error))
        return NULL;
      for (guint j = 0; j < months->len; j++)
        seen |= g_array_index (months, SalurMonth, j) == m;
      if (!seen)
        g_array_append_val (months, m);
    }
  if (months->len == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE,
                   _("No month given: write one or more months, for example 2026-10,2026-11."));
      return NULL;
    }
  g_array_sort (months, compare_months);
  return g_steal_pointer (&months);
}

char *
salur_month_format (SalurMonth month)
{
  if (month == SALUR_MONTH_NONE)
    return g_strdup ("");
  return g_strdup_printf ("%04d-%02d", salur_month_year (month), salur_month_number (month));
}

char *
salur_month_format_id (SalurMonth month)
{
  return g_strdup_printf ("%s %d", months_id[salur_month_number (month) - 1], salur_month_year (month));
}

gboolean
salur_date_valid (int year, int month, int day)
{
  return year >= 1850 && year <= 2200 && month >= 1 && month <= 12
         && day >= 1 && day <= g_date_get_days_in_month (month, year);
}

static gboolean
all_digits (const char *s, gsize len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

gboolean
salur_date_parse (const char *text,
                  char        out[11])
{
  /* three parts split on runs of - / . and spaces; no allocation, this runs
   * once per imported row */
  char buf[64];
  char *parts[3];
  int n = 0, y, m, d;
  char *p;
  gsize len;

  if (text == NULL)
    return FALSE;
  while (*text == ' ')
    text++;
  len = strlen (text);
  if (len == 0 || len >= sizeof buf)
    return FALSE;
  memcpy (buf, text, len + 1);
  while (len > 0 && buf[len - 1] == ' ')
    buf[--len] = '\0';
  /* a time after the date ("1980-05-12 00:00:00") is ignored */
  if (len > 10 && buf[10] == ' ' && strchr (buf + 11, ':') != NULL)
    buf[10] = '\0';

  for (p = buf; *p != '\0';)
    {
      while (*p != '\0' && strchr ("-/. ", *p) != NULL)
        *p++ = '\0';
      if (*p == '\0')
        break;
      if (n == 3)
        return FALSE;
      parts[n++] = p;
      while (*p != '\0' && strchr ("-/. ", *p) == NULL)
        p++;
    }
  if (n != 3)
    return FALSE;

  if (strlen (parts[0]) == 4 && all_digits (parts[0], 4))
    {
      /* year first */
      if (!all_digits (parts[1], strlen (parts[1])) || !all_digits (parts[2], strlen (parts[2]))
          || strlen (parts[1]) > 2 || strlen (parts[2]) > 2)
        return FALSE;
      y = atoi (parts[0]);
      m = atoi (parts[1]);
      d = atoi (parts[2]);
    }
  else
    {
      if (!all_digits (parts[0], strlen (parts[0])) || strlen (parts[0]) > 2
          || strlen (parts[2]) != 4 || !all_digits (parts[2], 4))
        return FALSE;
      d = atoi (parts[0]);
      y = atoi (parts[2]);
      if (all_digits (parts[1], strlen (parts[1])) && strlen (parts[1]) <= 2)
        m = atoi (parts[1]);
      else
        m = month_from_word (parts[1]);
    }

  if (!salur_date_valid (y, m, d))
    return FALSE;
  out[0] = '0' + y / 1000;
  out[1] = '0' + y / 100 % 10;
  out[2] = '0' + y / 10 % 10;
  out[3] = '0' + y % 10;
  out[4] = '-';
  out[5] = '0' + m / 10;
  out[6] = '0' + m % 10;
  out[7] = '-';
  out[8] = '0' + d / 10;
  out[9] = '0' + d % 10;
  out[10] = '\0';
  return TRUE;
}

char *
salur_time_to_local (const char *at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (at, NULL);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (at);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%d-%m-%Y %H:%M");
}
