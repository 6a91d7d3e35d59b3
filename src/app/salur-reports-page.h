/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-session.h"

G_BEGIN_DECLS

typedef enum {
  SALUR_REPORT_OUT_PDF,          /* the report (salur report --out) */
  SALUR_REPORT_OUT_XLSX,         /* --xlsx */
  SALUR_REPORT_OUT_CSV,          /* --csv */
  SALUR_REPORT_OUT_PUBLIC_LIST,  /* salur public-list */
} SalurReportOut;

#define SALUR_TYPE_REPORTS_PAGE (salur_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (SalurReportsPage, salur_reports_page, SALUR, REPORTS_PAGE, AdwBin)

/* The Laporan Realisasi for chosen months: its pages in the window, printed,
 * saved as PDF, exported, and the public list */
GtkWidget *salur_reports_page_new          (SalurSession     *session);
/* Builds the report for MONTHS ("2026-11", "2026-10,2026-11,2026-12") */
gboolean   salur_reports_page_set_months   (SalurReportsPage *self,
                                            const char       *months);
guint      salur_reports_page_get_n_pages  (SalurReportsPage *self);
guint      salur_reports_page_get_page     (SalurReportsPage *self);
/* Writes the report as WHAT to FILE in a worker thread (the file chooser's
 * answer calls this); FALSE when nothing was started */
gboolean   salur_reports_page_export       (SalurReportsPage *self,
                                            SalurReportOut    what,
                                            GFile            *file);
/* Prints through GtkPrintOperation into a PDF at FILE, as the print
 * dialog's "Print to File" does */
gboolean   salur_reports_page_print_to_file (SalurReportsPage *self,
                                             GFile            *file,
                                             GError          **error);
/* TRUE while the report is built or written ("notify::busy") */
gboolean   salur_reports_page_get_busy     (SalurReportsPage *self);

G_END_DECLS
