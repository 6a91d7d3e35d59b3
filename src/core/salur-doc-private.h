/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "salur-month.h"
#include "salur-pdf.h"

G_BEGIN_DECLS

/* For the documents' own files (receipt, report, public list, exports):
 * how they write dates, months and codes, in Indonesian, and a text painter
 * that reuses one Pango layout for thousands of table cells. */

/* Crockford base32 of the first N_CHARS × 5 bits of BYTES: 0-9 A-Z
 * without I, L, O, U */
char     *_salur_doc_base32          (const guint8 *bytes,
                                      gsize         n_bytes,
                                      guint         n_chars);
/* What a person typed ("7kq2-m9xa", "7KQ2 M9XA", O for 0, I or L for 1)
 * as N_CHARS base32 characters, or NULL */
char     *_salur_doc_base32_clean    (const char   *typed,
                                      guint         n_chars);

/* A recorded time (UTC) in local time: "24 November 2026", "24-11-2026",
 * "08.15" */
char     *_salur_doc_date_long       (const char   *utc);
char     *_salur_doc_date_short      (const char   *utc);
char     *_salur_doc_time            (const char   *utc);
/* A local date as "24 November 2026" */
char     *_salur_doc_gdate_long      (GDateTime    *date);

/* Months as a document writes them: "Nov 2026", "Okt–Des 2026",
 * "Nov 2026, Jan 2027" (SHORT) or "Oktober–Desember 2026" */
char     *_salur_doc_months          (GArray       *months,
                                      gboolean      short_names);

/* NIK shown with only its first 4 and last 4 digits: "9901********0232" */
char     *_salur_doc_nik_masked      (const char   *nik);

/* One Pango layout per font, width and alignment, reused for each cell */
typedef struct _SalurDocText SalurDocText;

SalurDocText *_salur_doc_text_new    (cairo_t       *cr,
                                      const char    *font,
                                      double         width,
                                      PangoAlignment align);
void      _salur_doc_text_free       (SalurDocText  *text);
/* The painter's texts repeat (a column of dusun names, amounts, dates):
 * each is shaped once and its layout kept */
void      _salur_doc_text_set_repeating (SalurDocText *text);
/* Height of TEXT laid out at the painter's width (wrapped at words) */
double    _salur_doc_text_height     (SalurDocText  *text,
                                      const char    *str);
/* Draws TEXT with its top left at X, Y; returns its height */
double    _salur_doc_text_draw       (SalurDocText  *text,
                                      double         x,
                                      double         y,
                                      const char    *str);
/* Draws TEXT at another width (and then keeps it) */
void      _salur_doc_text_set_width  (SalurDocText  *text,
                                      double         width);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurDocText, _salur_doc_text_free)

/* Boxes: a hairline rectangle, a dashed one (the thumbprint's place) */
void      _salur_doc_rect            (cairo_t       *cr,
                                      double         x,
                                      double         y,
                                      double         w,
                                      double         h,
                                      double         line_width);
void      _salur_doc_dashed_rect     (cairo_t       *cr,
                                      double         x,
                                      double         y,
                                      double         w,
                                      double         h);

G_END_DECLS
