/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-session.h"

G_BEGIN_DECLS

/* Importing the approved list: a CSV or XLSX file chosen, read and checked
 * in a thread (salur_import_prepare_full), every row shown with the
 * refused ones marked and why, the columns' meaning shown and changeable,
 * and nothing stored until the treasurer confirms: "Store" (all or
 * nothing) or "Store only the good rows" (--skip-invalid), in a thread
 * with progress and Cancel. import.open-file (a path) reads a file as the
 * file chooser does. */

#define SALUR_TYPE_IMPORT_PAGE (salur_import_page_get_type ())
G_DECLARE_FINAL_TYPE (SalurImportPage, salur_import_page, SALUR, IMPORT_PAGE, AdwBin)

GtkWidget  *salur_import_page_new       (SalurSession    *session);
/* For tests: the rows shown, and the counts of the plan shown */
GListModel *salur_import_page_get_rows  (SalurImportPage *self);
gboolean    salur_import_page_get_counts (SalurImportPage *self,
                                          guint           *rows_read,
                                          guint           *good,
                                          guint           *refused,
                                          guint           *warned);
/* TRUE when the row at POSITION of the rows shown is refused (or warned) */
gboolean    salur_import_page_row_state (SalurImportPage *self,
                                         guint            position,
                                         gboolean        *refused,
                                         gboolean        *warned);

G_END_DECLS
