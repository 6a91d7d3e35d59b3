/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-sheet"
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "salur-csv.h"
#include "salur-error.h"

/* How much of the file's start is looked at to choose the separator */
#define SNIFF_BYTES   (64 * 1024)
#define SNIFF_RECORDS 20

struct _SalurCsv {
  char              *name;      /* basename, for messages */
  char              *buf;       /* UTF-8, NUL-terminated, parsed in place */
  char              *pos;
  char              *end;
  guint              line;      /* physical line at pos, 1-based */
  char               sep;
  SalurTextEncoding  encoding;
  guint8             stop[256];   /* bytes that end an unquoted cell */
  guint8             qstop[256];  /* bytes that need a look inside quotes */

  char             **cells;
  SalurCellKind     *kinds;
  guint              n_alloc;

  GError            *failure;   /* sticky: the file is broken from here */
};

static inline gboolean
is_blank (char c, char sep)
{
  return c == ' ' || (c == '\t' && sep != '\t');
}

/* Spaces, tabs (unless they separate) and U+00A0, which Excel users paste
 * in from web pages */
static char *
trim_start (char *s, char *e, char sep)
{
  for (;;)
    {
      if (s < e && is_blank (*s, sep))
        s++;
      else if (e - s >= 2 && (guchar) s[0] == 0xC2 && (guchar) s[1] == 0xA0)
        s += 2;
      else
        return s;
    }
}

static char *
trim_end (char *s, char *e, char sep)
{
  for (;;)
    {
      if (e > s && is_blank (e[-1], sep))
        e--;
      else if (e - s >= 2 && (guchar) e[-2] == 0xC2 && (guchar) e[-1] == 0xA0)
        e -= 2;
      else
        return e;
    }
}

/* Counts the candidate separators outside quoted cells in the first
 * records. A quote opens a quoted cell only at the start of a cell. */
static char
sniff_separator (const char *buf, gsize len)
{
  static const char candidates[] = { ';', '\t', ',' };
  gsize counts[3] = { 0, 0, 0 };
  const char *p = buf;
  const char *end = buf + MIN (len, (gsize) SNIFF_BYTES);
  gboolean in_quotes = FALSE;
  gboolean cell_start = TRUE;
  gboolean line_has_text = FALSE;
  guint records = 0;

  while (p < end && records < SNIFF_RECORDS)
    {
      char c = *p++;

      if (in_quotes)
        {
          if (c == '"')
            {
              if (p < end && *p == '"')
                p++;
              else
                in_quotes = FALSE;
            }
          continue;
        }

      switch (c)
        {
        case '"':
          if (cell_start)
            in_quotes = TRUE;
          cell_start = FALSE;
          line_has_text = TRUE;
          break;
        case '\r':
        case '\n':
          if (line_has_text)
            records++;
          line_has_text = FALSE;
          cell_start = TRUE;
          break;
        case ';':
        case '\t':
        case ',':
          counts[c == ';' ? 0 : c == '\t' ? 1 : 2]++;
          cell_start = TRUE;
          line_has_text = TRUE;
          break;
        case ' ':
          break;
        default:
          cell_start = FALSE;
          line_has_text = TRUE;
          break;
        }
    }

  guint best = 0;
  for (guint i = 1; i < G_N_ELEMENTS (candidates); i++)
    if (counts[i] > counts[best])
      best = i;
  return candidates[best];
}

static SalurCsv *
csv_new_take (char              *text,
              gsize              len,
              SalurTextEncoding  encoding,
              const char        *name,
              GError           **error)
{
  g_autofree char *owned = text;

  if (memchr (text, '\0', len) != NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” is not a list that Salur can read: it is not text. "
                     "Choose an Excel workbook (.xlsx) or a CSV file."), name);
      return NULL;
    }

  SalurCsv *csv = g_new0 (SalurCsv, 1);
  csv->name = g_strdup (name);
  csv->buf = g_steal_pointer (&owned);
  csv->pos = csv->buf;
  csv->end = csv->buf + len;
  csv->line = 1;
  csv->encoding = encoding;
  csv->sep = sniff_separator (csv->buf, len);
  /* The text has no NUL but the one after its end, which stops every scan */
  csv->stop[0] = csv->stop['\r'] = csv->stop['\n'] = csv->stop[(guchar) csv->sep] = 1;
  csv->qstop[0] = csv->qstop['\r'] = csv->qstop['\n'] = csv->qstop['"'] = 1;
  return csv;
}

static gboolean
check_size (gsize        len,
            const char  *name,
            GError     **error)
{
  if (len > SALUR_CSV_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (len);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” is too large (%s): Salur reads lists of up to 256 MB."),
                   name, size);
      return FALSE;
    }
  return TRUE;
}

SalurCsv *
salur_csv_new_from_data (const char  *data,
                         gsize        len,
                         const char  *name,
                         GError     **error)
{
  SalurTextEncoding encoding;
  gsize text_len;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_size (len, name, error))
    return NULL;

  char *text = salur_text_to_utf8 (data, len, &text_len, &encoding);
  return csv_new_take (text, text_len, encoding, name, error);
}

SalurCsv *
salur_csv_new_take_data (char        *data,
                         gsize        len,
                         const char  *name,
                         GError     **error)
{
  SalurTextEncoding encoding;
  gsize text_len;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_size (len, name, error))
    {
      g_free (data);
      return NULL;
    }

  char *text = salur_text_take_utf8 (data, len, &text_len, &encoding);
  return csv_new_take (text, text_len, encoding, name, error);
}

SalurCsv *
salur_csv_open (const char  *path,
                GError     **error)
{
  g_autofree char *name = NULL;
  char *data = NULL;
  gsize len = 0;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_path_get_basename (path);
  /* Refuse a huge file before reading it all */
  if (g_stat (path, &st) == 0 && !check_size ((guint64) st.st_size > G_MAXSIZE ? G_MAXSIZE : (gsize) st.st_size,
                                              name, error))
    return NULL;
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;

  return salur_csv_new_take_data (data, len, name, error);
}

char
salur_csv_get_separator (SalurCsv *csv)
{
  g_return_val_if_fail (csv != NULL, ';');
  return csv->sep;
}

SalurTextEncoding
salur_csv_get_encoding (SalurCsv *csv)
{
  g_return_val_if_fail (csv != NULL, SALUR_TEXT_UTF8);
  return csv->encoding;
}

static gboolean
fail (SalurCsv  *csv,
      GError   **error,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (SalurCsv    *csv,
      GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  csv->failure = g_error_new_valist (SALUR_ERROR, SALUR_ERROR_INVALID, format, args);
  va_end (args);
  g_propagate_error (error, g_error_copy (csv->failure));
  return FALSE;
}

static void
push_cell (SalurCsv *csv,
           guint     n,
           char     *cell)
{
  if (n >= csv->n_alloc)
    {
      csv->n_alloc = MAX (32, csv->n_alloc * 2);
      csv->cells = g_renew (char *, csv->cells, csv->n_alloc);
      csv->kinds = g_renew (SalurCellKind, csv->kinds, csv->n_alloc);
    }
  csv->cells[n] = cell;
  csv->kinds[n] = cell[0] != '\0' ? SALUR_CELL_TEXT : SALUR_CELL_EMPTY;
}

/* Parses one record at csv->pos, writing its cells in place. Returns the
 * number of cells (0 at the end of the file) or -1 with ERROR set. */
static int
parse_record (SalurCsv  *csv,
              GError   **error)
{
  char *p = csv->pos;
  char *end = csv->end;
  const char sep = csv->sep;
  const guint start_line = csv->line;
  guint n = 0;

  if (p >= end)
    return 0;

  for (;;)
    {
      char *cell, *cell_end;

      if (n >= SALUR_CSV_MAX_CELLS)
        {
          fail (csv, error,
                _("Line %u of “%s” has more than %u cells: this does not look like a list of KPM."),
                start_line, csv->name, SALUR_CSV_MAX_CELLS);
          return -1;
        }

      p = trim_start (p, end, sep);
      if (p < end && *p == '"')
        {
          /* A quoted cell: "" is a quote mark, separators and line breaks
           * belong to the cell. Unescape in place: W never passes P. */
          const guint quote_line = csv->line;
          char *w;

          cell = w = ++p;
          for (;;)
            {
              if (G_UNLIKELY ((gsize) (w - cell) > SALUR_CSV_MAX_CELL_LEN))
                {
                  fail (csv, error,
                        _("In “%s”, the quoted cell that starts on line %u is longer than Excel allows: "
                          "a quote mark (\") is probably missing."),
                        csv->name, quote_line);
                  return -1;
                }
              if (G_UNLIKELY (p >= end))
                {
                  fail (csv, error,
                        _("The file “%s” ends inside a quoted cell that starts on line %u: "
                          "a quote mark (\") is missing."),
                        csv->name, quote_line);
                  return -1;
                }

              /* Plain text up to the next quote or line break: move it
               * only once a "" has put W behind P */
              if (w == p)
                {
                  while (!csv->qstop[(guchar) *p])
                    p++;
                  w = p;
                }
              else
                while (!csv->qstop[(guchar) *p])
                  *w++ = *p++;
              if (G_UNLIKELY ((gsize) (w - cell) > SALUR_CSV_MAX_CELL_LEN))
                continue;
              if (G_UNLIKELY (p >= end))
                continue;

              char c = *p;
              if (c == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    {
                      *w++ = '"';
                      p += 2;
                    }
                  else
                    {
                      p++;
                      break;
                    }
                }
              else if (c == '\r' || c == '\n')
                {
                  *w++ = '\n';
                  csv->line++;
                  p++;
                  if (c == '\r' && p < end && *p == '\n')
                    p++;
                }
            }

          /* Text after the closing quote ("abc" def) is kept as written */
          while (p < end && *p != sep && *p != '\r' && *p != '\n')
            {
              if (G_UNLIKELY ((gsize) (w - cell) > SALUR_CSV_MAX_CELL_LEN))
                {
                  fail (csv, error,
                        _("Line %u of “%s” has a cell longer than Excel allows (32,767 characters): "
                          "this does not look like a list of KPM."),
                        quote_line, csv->name);
                  return -1;
                }
              *w++ = *p++;
            }
          cell = trim_start (cell, w, sep);
          cell_end = trim_end (cell, w, sep);
        }
      else
        {
          cell = p;
          while (!csv->stop[(guchar) *p])
            p++;
          if (G_UNLIKELY ((gsize) (p - cell) > SALUR_CSV_MAX_CELL_LEN))
            {
              fail (csv, error,
                    _("Line %u of “%s” has a cell longer than Excel allows (32,767 characters): "
                      "this does not look like a list of KPM."),
                    csv->line, csv->name);
              return -1;
            }
          cell_end = trim_end (cell, p, sep);
        }

      /* P is at a separator, a line end or the end; CELL_END <= P, and the
       * buffer has a NUL after its end, so this never writes past it */
      char next = p < end ? *p : '\0';
      *cell_end = '\0';
      push_cell (csv, n++, cell);

      if (next == sep)
        {
          p++;
          continue;
        }
      if (next == '\r')
        {
          p++;
          if (p < end && *p == '\n')
            p++;
          csv->line++;
        }
      else if (next == '\n')
        {
          p++;
          csv->line++;
        }
      break;
    }

  csv->pos = p;
  return (int) n;
}

gboolean
salur_csv_next (SalurCsv       *csv,
                SalurSheetRow  *row,
                GError        **error)
{
  g_return_val_if_fail (csv != NULL, FALSE);
  g_return_val_if_fail (row != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (csv->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (csv->failure));
      return FALSE;
    }

  for (;;)
    {
      guint line = csv->line;
      int n = parse_record (csv, error);

      if (n <= 0)
        return FALSE;

      for (int i = 0; i < n; i++)
        if (csv->kinds[i] != SALUR_CELL_EMPTY)
          {
            row->row_number = line;
            row->n_cells = (guint) n;
            row->cells = csv->cells;
            row->kinds = csv->kinds;
            return TRUE;
          }
    }
}

void
salur_csv_free (SalurCsv *csv)
{
  if (csv == NULL)
    return;
  g_clear_error (&csv->failure);
  g_free (csv->cells);
  g_free (csv->kinds);
  g_free (csv->buf);
  g_free (csv->name);
  g_free (csv);
}

void
salur_csv_append_cell (GString    *out,
                       const char *s)
{
  g_return_if_fail (out != NULL && s != NULL);

  if (strpbrk (s, ",\"\r\n") == NULL)
    {
      g_string_append (out, s);
      return;
    }
  g_string_append_c (out, '"');
  for (; *s != '\0'; s++)
    {
      if (*s == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *s);
    }
  g_string_append_c (out, '"');
}
