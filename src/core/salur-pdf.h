/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* PDF documents (cards, receipts, reports) drawn with Cairo and Pango.
 * Sizes are in points (1/72 inch); text is laid out at 72 dpi, so a 10 pt
 * font is 10 pt on paper. The file is written to a temporary name and
 * renamed when finished, so a full disk or a pulled stick never leaves a
 * half PDF under the real name. */

#define SALUR_MM(mm)        ((mm) * 72.0 / 25.4)
#define SALUR_A4_WIDTH      SALUR_MM (210.0)
#define SALUR_A4_HEIGHT     SALUR_MM (297.0)
#define SALUR_A6_WIDTH      SALUR_MM (105.0)
#define SALUR_A6_HEIGHT     SALUR_MM (148.0)

/* The fonts documents use; Debian's fonts-dejavu-core has them */
#define SALUR_FONT          "DejaVu Sans"
#define SALUR_FONT_MONO     "DejaVu Sans Mono"

typedef struct _SalurPdf SalurPdf;

SalurPdf    *salur_pdf_new        (const char    *path,
                                   double         width,
                                   double         height,
                                   GError       **error);
cairo_t     *salur_pdf_get_cr     (SalurPdf      *pdf);
double       salur_pdf_get_width  (SalurPdf      *pdf);
double       salur_pdf_get_height (SalurPdf      *pdf);
/* Ends the current page and starts the next (same size) */
void         salur_pdf_next_page  (SalurPdf      *pdf);
/* A layout for FONT ("DejaVu Sans Bold 12") wrapped at WIDTH points
 * (0: no wrapping), TEXT as plain text (not markup) */
PangoLayout *salur_pdf_layout     (SalurPdf      *pdf,
                                   const char    *font,
                                   double         width,
                                   PangoAlignment align,
                                   const char    *text);
/* Draws TEXT with its top left at X, Y; returns its height in points */
double       salur_pdf_text       (SalurPdf      *pdf,
                                   double         x,
                                   double         y,
                                   double         width,
                                   const char    *font,
                                   PangoAlignment align,
                                   const char    *text);
/* Finishes the document and gives it its real name; on failure (disk full)
 * nothing is left under either name */
gboolean     salur_pdf_finish     (SalurPdf      *pdf,
                                   GError       **error);
void         salur_pdf_free       (SalurPdf      *pdf);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurPdf, salur_pdf_free)

G_END_DECLS
