/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-money"
#include "config.h"

#include <string.h>

#include "salur-money.h"

char *
salur_rupiah_digits (gint64 amount)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, amount < 0 ? -amount : amount);
  GString *out = g_string_new (amount < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
salur_rupiah_format (gint64 amount)
{
  g_autofree char *digits = salur_rupiah_digits (amount);

  return g_strconcat ("Rp", digits, NULL);
}

/* Indonesian words for 0..999; "se-" for a leading one (seratus, sepuluh,
 * sebelas). */
static void
append_hundreds (GString *out, guint n)
{
  static const char *const ones[] = {
    "", "satu", "dua", "tiga", "empat", "lima",
    "enam", "tujuh", "delapan", "sembilan",
  };
  guint h = n / 100, rest = n % 100;

  if (h > 0)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      if (h == 1)
        g_string_append (out, "seratus");
      else
        g_string_append_printf (out, "%s ratus", ones[h]);
    }
  if (rest == 0)
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  if (rest < 10)
    g_string_append (out, ones[rest]);
  else if (rest == 10)
    g_string_append (out, "sepuluh");
  else if (rest == 11)
    g_string_append (out, "sebelas");
  else if (rest < 20)
    g_string_append_printf (out, "%s belas", ones[rest - 10]);
  else
    {
      g_string_append_printf (out, "%s puluh", ones[rest / 10]);
      if (rest % 10 != 0)
        g_string_append_printf (out, " %s", ones[rest % 10]);
    }
}

/* Words for 1 <= n; nothing for 0. Groups of three digits from the top:
 * triliun, miliar, juta, ribu. A thousands group of exactly one is
 * "seribu"; the larger scales say "satu" (satu juta), as on bank slips. */
static void
append_words (GString *out, guint64 n)
{
  static const struct { guint64 scale; const char *name; } scales[] = {
    { G_GUINT64_CONSTANT (1000000000000), "triliun" },
    { 1000000000, "miliar" },
    { 1000000, "juta" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (scales); i++)
    {
      if (n < scales[i].scale)
        continue;
      /* Above 999 triliun the count of triliun is itself written out. */
      append_words (out, n / scales[i].scale);
      g_string_append_printf (out, " %s", scales[i].name);
      n %= scales[i].scale;
    }
  if (n >= 1000)
    {
      guint thousands = (guint) (n / 1000);

      if (thousands == 1)
        {
          if (out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append (out, "seribu");
        }
      else
        {
          append_hundreds (out, thousands);
          g_string_append (out, " ribu");
        }
      n %= 1000;
    }
  if (n > 0)
    append_hundreds (out, (guint) n);
}

char *
salur_terbilang (gint64 amount)
{
  GString *out = g_string_new (NULL);
  guint64 magnitude;

  if (amount < 0)
    {
      g_string_append (out, "minus");
      magnitude = (guint64) (-(amount + 1)) + 1;
    }
  else
    magnitude = (guint64) amount;

  if (magnitude == 0)
    g_string_append (out, "nol");
  else
    append_words (out, magnitude);
  g_string_append (out, " rupiah");
  return g_string_free (out, FALSE);
}

gboolean
salur_rupiah_parse (const char *text,
                    gint64     *amount)
{
  const char *p = text;
  gint64 value = 0;
  guint digits = 0;

  g_return_val_if_fail (amount != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_strncasecmp (p, "Rp", 2) == 0)
    p += 2;
  if (*p == '.')
    p++;   /* "Rp. 2.700.000" */
  for (; *p != '\0' && *p != ','; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (++digits > 15)
            return FALSE;
          value = value * 10 + (*p - '0');
        }
      else if (*p != '.' && *p != ' ')
        return FALSE;
    }
  if (*p == ',')
    {
      /* cents: ",00" or ",-"; a village pays no cents */
      p++;
      if (g_str_equal (p, "-"))
        p++;
      for (; *p != '\0'; p++)
        if (*p != '0' && !g_ascii_isspace (*p))
          return FALSE;
    }
  if (digits == 0)
    return FALSE;
  *amount = value;
  return TRUE;
}
