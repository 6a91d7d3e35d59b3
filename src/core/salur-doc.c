/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-doc"
#include "config.h"

#include <string.h>

#include "salur-doc-private.h"
#include "salur-nik.h"

static const char base32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static const char *const months_long[] = {
  "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
  "Agustus", "September", "Oktober", "November", "Desember",
};
static const char *const months_short[] = {
  "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
};

struct _SalurDocText
{
  cairo_t     *cr;
  PangoLayout *layout;
  double       size;          /* the font's size in points */
  double       line_height;   /* of one line */
  glong        fits;          /* so many characters always fit on one line */
  GHashTable  *shaped;        /* text -> its layout, for cells that repeat */
};

/* enough for the texts a column repeats (dusun, months, amounts, "KPM
 * sendiri", a desk's officers, the minutes of a day) */
#define SHAPED_MAX 512

/* helpers */

static GDateTime *
local_time (const char *utc)
{
  g_autoptr(GDateTime) t = utc != NULL && *utc != '\0' ? g_date_time_new_from_iso8601 (utc, NULL) : NULL;

  return t != NULL ? g_date_time_to_local (t) : NULL;
}

/* public API */

char *
_salur_doc_base32 (const guint8 *bytes,
                   gsize         n_bytes,
                   guint         n_chars)
{
  char *out = g_malloc (n_chars + 1);

  g_return_val_if_fail (n_chars * 5 <= n_bytes * 8, NULL);
  for (guint i = 0; i < n_chars; i++)
    {
      guint value = 0;

      for (guint b = 0; b < 5; b++)
        {
          guint bit = i * 5 + b;
          value = value << 1 | ((bytes[bit / 8] >> (7 - bit % 8)) & 1);
        }
      out[i] = base32[value];
    }
  out[n_chars] = '\0';
  return out;
}

char *
_salur_doc_base32_clean (const char *typed,
                         guint       n_chars)
{
  GString *out = g_string_new (NULL);

  for (const char *p = typed != NULL ? typed : ""; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == '-' || c == ' ' || c == '.')
        continue;
      if (c == 'O')
        c = '0';
      else if (c == 'I' || c == 'L')
        c = '1';
      if (strchr (base32, c) == NULL || c == '\0')
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_c (out, c);
    }
  if (out->len != n_chars)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

char *
_salur_doc_gdate_long (GDateTime *date)
{
  return g_strdup_printf ("%d %s %d", g_date_time_get_day_of_month (date),
                          months_long[g_date_time_get_month (date) - 1], g_date_time_get_year (date));
}

char *
_salur_doc_date_long (const char *utc)
{
  g_autoptr(GDateTime) t = local_time (utc);

  return t != NULL ? _salur_doc_gdate_long (t) : g_strdup (utc != NULL ? utc : "");
}

char *
_salur_doc_date_short (const char *utc)
{
  g_autoptr(GDateTime) t = local_time (utc);

  return t != NULL ? g_date_time_format (t, "%d-%m-%Y") : g_strdup (utc != NULL ? utc : "");
}

char *
_salur_doc_time (const char *utc)
{
  g_autoptr(GDateTime) t = local_time (utc);

  /* Indonesian writes the time with a dot: 08.15 */
  return t != NULL ? g_date_time_format (t, "%H.%M") : g_strdup ("");
}

char *
_salur_doc_months (GArray   *months,
                   gboolean  short_names)
{
  const char *const *names = short_names ? months_short : months_long;
  GString *out = g_string_new (NULL);
  guint i = 0;

  /* runs of consecutive months: "Okt–Des 2026"; the year once per run
   * unless the run crosses it */
  while (months != NULL && i < months->len)
    {
      SalurMonth first = g_array_index (months, SalurMonth, i);
      guint j = i;

      while (j + 1 < months->len && g_array_index (months, SalurMonth, j + 1) == g_array_index (months, SalurMonth, j) + 1)
        j++;
      if (out->len > 0)
        g_string_append (out, ", ");
      {
        SalurMonth last = g_array_index (months, SalurMonth, j);

        if (j == i)
          g_string_append_printf (out, "%s %d", names[salur_month_number (first) - 1], salur_month_year (first));
        else if (j == i + 1 && salur_month_year (first) == salur_month_year (last))
          g_string_append_printf (out, "%s, %s %d", names[salur_month_number (first) - 1],
                                  names[salur_month_number (last) - 1], salur_month_year (last));
        else if (salur_month_year (first) == salur_month_year (last))
          g_string_append_printf (out, "%s–%s %d", names[salur_month_number (first) - 1],
                                  names[salur_month_number (last) - 1], salur_month_year (last));
        else
          g_string_append_printf (out, "%s %d–%s %d", names[salur_month_number (first) - 1], salur_month_year (first),
                                  names[salur_month_number (last) - 1], salur_month_year (last));
      }
      i = j + 1;
    }
  return g_string_free (out, FALSE);
}

char *
_salur_doc_nik_masked (const char *nik)
{
  return salur_nik_mask (nik);
}

SalurDocText *
_salur_doc_text_new (cairo_t        *cr,
                     const char     *font,
                     double          width,
                     PangoAlignment  align)
{
  SalurDocText *text = g_new0 (SalurDocText, 1);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  text->cr = cairo_reference (cr);
  text->layout = pango_cairo_create_layout (cr);
  /* Pango assumes 96 dpi on a PDF surface */
  pango_cairo_context_set_resolution (pango_layout_get_context (text->layout), 72);
  pango_layout_context_changed (text->layout);
  pango_layout_set_font_description (text->layout, desc);
  text->size = (double) pango_font_description_get_size (desc) / PANGO_SCALE;
  pango_font_description_free (desc);
  pango_layout_set_alignment (text->layout, align);
  pango_layout_set_wrap (text->layout, PANGO_WRAP_WORD_CHAR);
  {
    int w, h;
    pango_layout_set_text (text->layout, "Ag", -1);
    pango_layout_get_size (text->layout, &w, &h);
    text->line_height = (double) h / PANGO_SCALE;
  }
  _salur_doc_text_set_width (text, width);
  return text;
}

void
_salur_doc_text_set_repeating (SalurDocText *text)
{
  if (text->shaped == NULL)
    text->shaped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

void
_salur_doc_text_free (SalurDocText *text)
{
  if (text == NULL)
    return;
  g_clear_pointer (&text->shaped, g_hash_table_unref);
  g_object_unref (text->layout);
  cairo_destroy (text->cr);
  g_free (text);
}

void
_salur_doc_text_set_width (SalurDocText *text,
                           double        width)
{
  pango_layout_set_width (text->layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  if (text->shaped != NULL)
    g_hash_table_remove_all (text->shaped);
  /* no Latin letter of these fonts is wider than its size: text this short
   * is one line, and measuring it (shaping it) can be skipped */
  text->fits = width > 0 ? (glong) (width / text->size) : G_MAXLONG;
}

double
_salur_doc_text_height (SalurDocText *text,
                        const char   *str)
{
  int w, h;

  if (str == NULL || *str == '\0')
    return 0;
  if (strchr (str, '\n') == NULL && g_utf8_strlen (str, -1) <= text->fits)
    return text->line_height;
  pango_layout_set_text (text->layout, str, -1);
  pango_layout_get_size (text->layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

double
_salur_doc_text_draw (SalurDocText *text,
                      double        x,
                      double        y,
                      const char   *str)
{
  int w, h;

  PangoLayout *layout = text->layout;

  if (str == NULL || *str == '\0')
    return 0;
  if (text->shaped != NULL)
    {
      layout = g_hash_table_lookup (text->shaped, str);
      if (layout == NULL && g_hash_table_size (text->shaped) < SHAPED_MAX)
        {
          layout = pango_layout_copy (text->layout);
          pango_layout_set_text (layout, str, -1);
          g_hash_table_insert (text->shaped, g_strdup (str), layout);
        }
      if (layout == NULL)
        layout = text->layout;
    }
  if (layout == text->layout)
    pango_layout_set_text (layout, str, -1);
  cairo_move_to (text->cr, x, y);
  pango_cairo_show_layout (text->cr, layout);
  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

void
_salur_doc_rect (cairo_t *cr,
                 double   x,
                 double   y,
                 double   w,
                 double   h,
                 double   line_width)
{
  cairo_save (cr);
  cairo_set_line_width (cr, line_width);
  cairo_rectangle (cr, x, y, w, h);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
_salur_doc_dashed_rect (cairo_t *cr,
                        double   x,
                        double   y,
                        double   w,
                        double   h)
{
  static const double dash[] = { 2.0, 1.5 };

  cairo_save (cr);
  cairo_set_line_width (cr, 0.6);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_rectangle (cr, x, y, w, h);
  cairo_stroke (cr);
  cairo_restore (cr);
}
