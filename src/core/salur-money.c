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
