/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "salur-sheet.h"
#include "salur-text.h"

G_BEGIN_DECLS

/* A CSV file as Excel (any locale), LibreOffice or a text editor writes it:
 * separator ';', ',' or tab (found by counting them outside quotes in the
 * first lines), any encoding salur_text_to_utf8 () knows, CRLF, LF or CR line
 * ends, quoted cells with "" for a quote mark and with separators and line
 * breaks inside (a line break inside a cell comes out as "\n"). Cells are
 * trimmed of the spaces around them. Rows whose cells are all empty are
 * skipped. The whole file is read and converted once, then parsed in place. */

#define SALUR_CSV_MAX_BYTES     (256u * 1024 * 1024)  /* larger files are refused */
#define SALUR_CSV_MAX_CELLS     1000u                  /* per row */
#define SALUR_CSV_MAX_CELL_LEN  (32767u * 4)           /* bytes; Excel's cell limit is 32,767 characters */

typedef struct _SalurCsv SalurCsv;

/* Reads the file at PATH. Errors: G_FILE_ERROR when it cannot be read,
 * SALUR_ERROR_INVALID when it is too large or is not text. */
SalurCsv          *salur_csv_open          (const char   *path,
                                            GError      **error);
/* Reads LEN bytes of DATA (copied); NAME is used in messages (a file's
 * basename). The entry point for fuzzing. */
SalurCsv          *salur_csv_new_from_data (const char   *data,
                                            gsize         len,
                                            const char   *name,
                                            GError      **error);

/* Same, consuming DATA (g_malloc'ed, with a NUL at DATA[LEN] as
 * g_file_get_contents () leaves it): a UTF-8 file is parsed where it lies. */
SalurCsv          *salur_csv_new_take_data (char         *data,
                                            gsize         len,
                                            const char   *name,
                                            GError      **error);

char               salur_csv_get_separator (SalurCsv     *csv);
SalurTextEncoding  salur_csv_get_encoding  (SalurCsv     *csv);

/* Fills ROW with the next row that has a non-empty cell (kinds are
 * SALUR_CELL_TEXT, or SALUR_CELL_EMPTY for ""); row_number is the line where
 * the row starts. Returns FALSE at the end (ERROR unset) or when the file is
 * broken (SALUR_ERROR_INVALID naming the file and the line), after which it
 * keeps returning FALSE with the same error. ROW stays valid until the next
 * call. */
gboolean           salur_csv_next          (SalurCsv       *csv,
                                            SalurSheetRow  *row,
                                            GError        **error);

void               salur_csv_free          (SalurCsv     *csv);

/* Writing: appends S as one cell, quoted (RFC 4180) when it holds a comma,
 * a quote or a line break, so any spreadsheet reads it back as it was. */
void               salur_csv_append_cell   (GString      *out,
                                            const char   *s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurCsv, salur_csv_free)

G_END_DECLS
