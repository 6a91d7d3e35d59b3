/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A spreadsheet read row by row, whatever file it came from: CSV in any of
 * the encodings and separators Indonesian Excel produces, or an XLSX sheet. */

typedef enum {
  SALUR_CELL_EMPTY,
  SALUR_CELL_TEXT,      /* a string (CSV cells are always text) */
  SALUR_CELL_NUMBER,    /* an XLSX number: text is the stored value as written, e.g. "3.5201234567890002E+15" */
  SALUR_CELL_DATE,      /* an XLSX number with a date format: text is YYYY-MM-DD */
} SalurCellKind;

typedef struct {
  guint          row_number;  /* 1-based, as the spreadsheet program shows it (CSV: line where the record starts) */
  guint          n_cells;
  char         **cells;       /* UTF-8, never NULL (empty cells are ""), owned by the sheet */
  SalurCellKind *kinds;       /* one per cell */
} SalurSheetRow;

typedef struct _SalurSheet SalurSheet;

/* Opens PATH as XLSX (zip magic) or CSV. For an XLSX, SHEET_INDEX picks the
 * worksheet in workbook order; for a CSV it must be 0. */
SalurSheet  *salur_sheet_open        (const char     *path,
                                      guint           sheet_index,
                                      GError        **error);
/* Number of worksheets (1 for a CSV) and their names (CSV: the file's basename). */
guint        salur_sheet_n_sheets    (SalurSheet     *sheet);
const char  *salur_sheet_name        (SalurSheet     *sheet);
/* Human description, e.g. "CSV, separator ';', Windows-1252" or "XLSX, sheet Peserta" */
const char  *salur_sheet_describe    (SalurSheet     *sheet);
/* Fills ROW with the next non-empty row; returns FALSE at the end (ERROR unset)
 * or on a broken file (ERROR set, SALUR_ERROR_INVALID, naming the row). ROW
 * stays valid until the next call. */
gboolean     salur_sheet_next        (SalurSheet     *sheet,
                                      SalurSheetRow  *row,
                                      GError        **error);
void         salur_sheet_free        (SalurSheet     *sheet);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurSheet, salur_sheet_free)

G_END_DECLS
