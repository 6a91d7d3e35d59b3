/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "salur-sheet.h"

G_BEGIN_DECLS

/* One worksheet of an Excel workbook (.xlsx, Office Open XML), read with
 * libarchive and libxml2. The workbook's parts are found through its
 * relationships; the worksheet itself is streamed, so sheets of 100,000 rows
 * do not sit in memory as XML.
 *
 * Cells: shared, inline and rich text (phonetic runs skipped, Excel's _xHHHH_
 * escapes decoded) and formula results are SALUR_CELL_TEXT, booleans "TRUE" or
 * "FALSE", errors as written ("#N/A"). Numbers are SALUR_CELL_NUMBER with the
 * stored text ("3.5201234567890002E+15"), or SALUR_CELL_DATE as "YYYY-MM-DD"
 * when their style is a date format (built-in 14-22, 27-36, 45-47, 50-58 or a
 * custom format with d, m or y outside quotes and brackets) and their value is
 * a day from 1 (serials below 1 are times, and stay numbers); both the 1900
 * (with Excel's 1900-02-29) and the 1904 date systems are honoured. Cells
 * missing between others are "" (SALUR_CELL_EMPTY); a row's n_cells ends at
 * its last non-empty cell; rows without a non-empty cell are skipped. */

#define SALUR_XLSX_MAX_BYTES     (256u * 1024 * 1024)   /* the .xlsx file itself */
#define SALUR_XLSX_MAX_PART      (512u * 1024 * 1024)   /* one part, uncompressed */
#define SALUR_XLSX_MAX_COLUMNS   16384u                 /* Excel's own limit (XFD) */

typedef struct _SalurXlsx SalurXlsx;

/* Opens worksheet SHEET_INDEX (in workbook order, hidden sheets included) of
 * the workbook at PATH. Errors: G_FILE_ERROR when it cannot be read,
 * SALUR_ERROR_NOT_FOUND when there is no such sheet, SALUR_ERROR_INVALID
 * for a damaged file or a zip that is not a workbook. */
SalurXlsx   *salur_xlsx_open            (const char     *path,
                                         guint           sheet_index,
                                         GError        **error);
/* Same from the bytes of an .xlsx; NAME is used in messages (a file's
 * basename). The entry point for fuzzing. */
SalurXlsx   *salur_xlsx_new_from_bytes  (GBytes         *bytes,
                                         const char     *name,
                                         guint           sheet_index,
                                         GError        **error);

guint        salur_xlsx_get_n_sheets    (SalurXlsx      *xlsx);
/* Name of worksheet I, or NULL when there is none */
const char  *salur_xlsx_get_sheet_name  (SalurXlsx      *xlsx,
                                         guint           i);
/* Name of the open worksheet */
const char  *salur_xlsx_get_name        (SalurXlsx      *xlsx);
gboolean     salur_xlsx_get_date1904    (SalurXlsx      *xlsx);

/* Fills ROW with the next row that has a non-empty cell; row_number is the
 * row as Excel numbers it. Returns FALSE at the end (ERROR unset) or when the
 * sheet is damaged (SALUR_ERROR_INVALID naming the file, sheet and row),
 * after which it keeps returning FALSE with the same error. ROW stays valid
 * until the next call. */
gboolean     salur_xlsx_next            (SalurXlsx      *xlsx,
                                         SalurSheetRow  *row,
                                         GError        **error);

void         salur_xlsx_free            (SalurXlsx      *xlsx);

/* Turns an Excel serial day number into "YYYY-MM-DD" (OUT has room for 11
 * bytes). FALSE when SERIAL is not a day between 1900 (1904) and 9999. */
gboolean     salur_xlsx_serial_to_date  (double          serial,
                                         gboolean        date1904,
                                         char           *out);
/* TRUE when a number format code shows a date (d, m or y outside quoted
 * text, [..] and escaped characters; "h:mm" alone is a time, not a date). */
gboolean     salur_xlsx_format_is_date  (const char     *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurXlsx, salur_xlsx_free)

G_END_DECLS
