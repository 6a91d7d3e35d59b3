/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-sheet"
#include "config.h"

#include <string.h>

#include "salur-text.h"

/* Windows-1252 bytes 0x80-0x9F; the rest of the upper half is Latin-1.
 * glibc's iconv refuses the five undefined bytes, which would make a whole
 * list unreadable for one stray byte, so the table maps them to U+FFFD. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
  0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

const char *
salur_text_encoding_name (SalurTextEncoding encoding)
{
  switch (encoding)
    {
    case SALUR_TEXT_UTF8:
      return "UTF-8";
    case SALUR_TEXT_UTF8_BOM:
      return "UTF-8 with BOM";
    case SALUR_TEXT_WINDOWS_1252:
      return "Windows-1252";
    case SALUR_TEXT_UTF16LE:
      return "UTF-16LE";
    case SALUR_TEXT_UTF16BE:
      return "UTF-16BE";
    default:
      return "?";
    }
}

static inline char *
put_utf8 (char *out, gunichar c)
{
  if (c < 0x80)
    *out++ = (char) c;
  else if (c < 0x800)
    {
      *out++ = (char) (0xC0 | (c >> 6));
      *out++ = (char) (0x80 | (c & 0x3F));
    }
  else if (c < 0x10000)
    {
      *out++ = (char) (0xE0 | (c >> 12));
      *out++ = (char) (0x80 | ((c >> 6) & 0x3F));
      *out++ = (char) (0x80 | (c & 0x3F));
    }
  else
    {
      *out++ = (char) (0xF0 | (c >> 18));
      *out++ = (char) (0x80 | ((c >> 12) & 0x3F));
      *out++ = (char) (0x80 | ((c >> 6) & 0x3F));
      *out++ = (char) (0x80 | (c & 0x3F));
    }
  return out;
}

/* Like g_utf8_validate_len () but NUL bytes are allowed and runs of ASCII go
 * eight bytes at a time: this is on the path of every CSV read. */
static gboolean
is_utf8 (const guchar *s, gsize len)
{
  gsize i = 0;

  while (i < len)
    {
      if (len - i >= 8)
        {
          guint64 word;
          memcpy (&word, s + i, 8);
          if ((word & G_GUINT64_CONSTANT (0x8080808080808080)) == 0)
            {
              i += 8;
              continue;
            }
        }

      guchar c = s[i];
      if (c < 0x80)
        {
          i++;
          continue;
        }

      gsize need;
      gunichar cp, min;
      if (c >= 0xC2 && c <= 0xDF)
        need = 1, cp = c & 0x1F, min = 0x80;
      else if (c >= 0xE0 && c <= 0xEF)
        need = 2, cp = c & 0x0F, min = 0x800;
      else if (c >= 0xF0 && c <= 0xF4)
        need = 3, cp = c & 0x07, min = 0x10000;
      else
        return FALSE;

      if (len - i <= need)
        return FALSE;
      for (gsize k = 1; k <= need; k++)
        {
          guchar cc = s[i + k];
          if ((cc & 0xC0) != 0x80)
            return FALSE;
          cp = (cp << 6) | (cc & 0x3F);
        }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return FALSE;
      i += need + 1;
    }

  return TRUE;
}

char *
salur_text_from_cp1252 (const char *data,
                        gsize       len,
                        gsize      *out_len)
{
  const guchar *s = (const guchar *) data;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  /* One pass into room for the worst case (three bytes a byte), then give
   * back what was not used: pages never written cost nothing */
  if (len > (G_MAXSIZE - 1) / 3)
    g_error ("%s: text too large", G_STRFUNC);
  char *out = g_malloc (len * 3 + 1);
  char *o = out;

  while (i < len)
    {
      /* Runs of ASCII, eight bytes at a time */
      if (len - i >= 8)
        {
          guint64 word;
          memcpy (&word, s + i, 8);
          if ((word & G_GUINT64_CONSTANT (0x8080808080808080)) == 0)
            {
              memcpy (o, &word, 8);
              o += 8;
              i += 8;
              continue;
            }
        }

      guchar c = s[i++];
      if (c < 0x80)
        *o++ = (char) c;
      else if (c < 0xA0)
        o = put_utf8 (o, cp1252_high[c - 0x80]);
      else
        o = put_utf8 (o, c);
    }
  *o = '\0';
  if (out_len)
    *out_len = (gsize) (o - out);
  return g_realloc (out, (gsize) (o - out) + 1);
}

static char *
from_utf16 (const guchar *s,
            gsize         len,
            gboolean      big_endian,
            gsize        *out_len)
{
  gsize n_units = len / 2;
  /* A unit gives at most three bytes; a pair of units at most four */
  char *out = g_malloc (n_units * 3 + 4);
  char *o = out;

  for (gsize i = 0; i < n_units; i++)
    {
      gunichar u = big_endian ? (gunichar) (s[2 * i] << 8 | s[2 * i + 1])
                              : (gunichar) (s[2 * i + 1] << 8 | s[2 * i]);
      if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n_units)
        {
          gunichar low = big_endian ? (gunichar) (s[2 * i + 2] << 8 | s[2 * i + 3])
                                    : (gunichar) (s[2 * i + 3] << 8 | s[2 * i + 2]);
          if (low >= 0xDC00 && low <= 0xDFFF)
            {
              u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
              i++;
            }
          else
            u = 0xFFFD;
        }
      else if (u >= 0xD800 && u <= 0xDFFF)
        u = 0xFFFD;
      o = put_utf8 (o, u);
    }
  if (len % 2 != 0)
    o = put_utf8 (o, 0xFFFD);
  *o = '\0';
  if (out_len)
    *out_len = (gsize) (o - out);
  return out;
}

char *
salur_text_take_utf8 (char              *data,
                      gsize              len,
                      gsize             *out_len,
                      SalurTextEncoding *encoding)
{
  const guchar *s = (const guchar *) data;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (data[len] == '\0', NULL);

  /* Valid UTF-8 is used where it is: no copy of a large list */
  if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF && is_utf8 (s + 3, len - 3))
    {
      memmove (data, data + 3, len - 3 + 1);
      if (out_len)
        *out_len = len - 3;
      if (encoding)
        *encoding = SALUR_TEXT_UTF8_BOM;
      return data;
    }
  if (!(len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) &&
      !(len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) &&
      is_utf8 (s, len))
    {
      if (out_len)
        *out_len = len;
      if (encoding)
        *encoding = SALUR_TEXT_UTF8;
      return data;
    }

  char *out = salur_text_to_utf8 (data, len, out_len, encoding);
  g_free (data);
  return out;
}

char *
salur_text_to_utf8 (const char        *data,
                    gsize              len,
                    gsize             *out_len,
                    SalurTextEncoding *encoding)
{
  const guchar *s = (const guchar *) data;
  SalurTextEncoding found;
  char *out;
  gsize n = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
    {
      s += 3;
      len -= 3;
      /* A BOM says UTF-8, but a file edited afterwards by a program that
       * wrote Windows-1252 into it is still better read as Windows-1252 */
      if (is_utf8 (s, len))
        {
          found = SALUR_TEXT_UTF8_BOM;
          out = g_malloc (len + 1);
          memcpy (out, s, len);
          out[len] = '\0';
          n = len;
        }
      else
        {
          found = SALUR_TEXT_WINDOWS_1252;
          out = salur_text_from_cp1252 ((const char *) s, len, &n);
        }
    }
  else if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
    {
      found = SALUR_TEXT_UTF16LE;
      out = from_utf16 (s + 2, len - 2, FALSE, &n);
    }
  else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
    {
      found = SALUR_TEXT_UTF16BE;
      out = from_utf16 (s + 2, len - 2, TRUE, &n);
    }
  else if (is_utf8 (s, len))
    {
      found = SALUR_TEXT_UTF8;
      out = g_malloc (len + 1);
      if (len > 0)
        memcpy (out, s, len);
      out[len] = '\0';
      n = len;
    }
  else
    {
      found = SALUR_TEXT_WINDOWS_1252;
      out = salur_text_from_cp1252 ((const char *) s, len, &n);
    }

  if (out_len)
    *out_len = n;
  if (encoding)
    *encoding = found;
  return out;
}
