/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-sheet"
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "salur-csv.h"
#include "salur-error.h"
#include "salur-sheet.h"
#include "salur-xlsx.h"

struct _SalurSheet {
  SalurCsv  *csv;
  SalurXlsx *xlsx;
  char      *name;
  char      *description;
};

#define MAX_FILE_BYTES MAX (SALUR_CSV_MAX_BYTES, SALUR_XLSX_MAX_BYTES)

SalurSheet *
salur_sheet_open (const char  *path,
                  guint        sheet_index,
                  GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_path_get_basename (path);

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      if (saved == ENOENT)
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                     _("There is no file “%s”."), path);
      else
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                     _("“%s” cannot be opened: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” is a folder, not a spreadsheet."), name);
      return NULL;
    }
  /* Refuse a huge file before reading it */
  if ((guint64) st.st_size > MAX_FILE_BYTES)
    {
      g_autofree char *size = g_format_size ((guint64) st.st_size);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” is too large (%s): Salur reads lists of up to 256 MB."),
                   name, size);
      return NULL;
    }

  /* Read once; both readers work from memory */
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;

  if (len == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” is empty: it has no rows to read."), name);
      return NULL;
    }

  if (len >= 4 && memcmp (data, "\xD0\xCF\x11\xE0", 4) == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” is an old Excel 97-2003 workbook (.xls) or a workbook protected by a password, "
                     "which Salur cannot read. Open it in Excel, choose File, Save As, and save it as "
                     "“Excel Workbook (.xlsx)” or “CSV”, without a password."),
                   name);
      return NULL;
    }

  if (len >= 4 && (memcmp (data, "PK\x05\x06", 4) == 0 || memcmp (data, "PK\x07\x08", 4) == 0))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” is an empty or split zip file, not an Excel workbook."), name);
      return NULL;
    }

  g_autoptr(SalurSheet) sheet = g_new0 (SalurSheet, 1);

  if (len >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&data), len);

      sheet->xlsx = salur_xlsx_new_from_bytes (bytes, name, sheet_index, error);
      if (sheet->xlsx == NULL)
        return NULL;
      sheet->name = g_strdup (salur_xlsx_get_name (sheet->xlsx));
      sheet->description = g_strdup_printf (_("XLSX, sheet %s"), sheet->name);
      return g_steal_pointer (&sheet);
    }

  if (sheet_index != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                   _("“%s” is a CSV file: it has only one sheet."), name);
      return NULL;
    }

  sheet->csv = salur_csv_new_take_data (g_steal_pointer (&data), len, name, error);
  if (sheet->csv == NULL)
    return NULL;
  sheet->name = g_steal_pointer (&name);

  char sep = salur_csv_get_separator (sheet->csv);
  const char *enc = salur_text_encoding_name (salur_csv_get_encoding (sheet->csv));
  if (sep == '\t')
    sheet->description = g_strdup_printf (_("CSV, separator tab, %s"), enc);
  else
    sheet->description = g_strdup_printf (_("CSV, separator '%c', %s"), sep, enc);
  return g_steal_pointer (&sheet);
}

guint
salur_sheet_n_sheets (SalurSheet *sheet)
{
  g_return_val_if_fail (sheet != NULL, 0);
  return sheet->xlsx != NULL ? salur_xlsx_get_n_sheets (sheet->xlsx) : 1;
}

const char *
salur_sheet_name (SalurSheet *sheet)
{
  g_return_val_if_fail (sheet != NULL, NULL);
  return sheet->name;
}

const char *
salur_sheet_describe (SalurSheet *sheet)
{
  g_return_val_if_fail (sheet != NULL, NULL);
  return sheet->description;
}

gboolean
salur_sheet_next (SalurSheet     *sheet,
                  SalurSheetRow  *row,
                  GError        **error)
{
  g_return_val_if_fail (sheet != NULL, FALSE);
  g_return_val_if_fail (row != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (;;)
    {
      gboolean ok = sheet->xlsx != NULL ? salur_xlsx_next (sheet->xlsx, row, error)
                                        : salur_csv_next (sheet->csv, row, error);
      if (!ok)
        return FALSE;
      /* Both readers skip rows of empty cells already; this keeps the
       * promise whatever a reader does */
      for (guint i = 0; i < row->n_cells; i++)
        if (row->cells[i][0] != '\0')
          return TRUE;
    }
}

void
salur_sheet_free (SalurSheet *sheet)
{
  if (sheet == NULL)
    return;
  g_clear_pointer (&sheet->csv, salur_csv_free);
  g_clear_pointer (&sheet->xlsx, salur_xlsx_free);
  g_free (sheet->name);
  g_free (sheet->description);
  g_free (sheet);
}
