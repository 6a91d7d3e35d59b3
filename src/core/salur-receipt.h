/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "salur-ledger.h"

G_BEGIN_DECLS

/* The tanda terima a KPM takes home: one page per payment, on A6 paper or
 * an 80 mm receipt roll, with a short code that ties the paper to the
 * payment's event in the record. */

typedef enum {
  SALUR_PAPER_A6,
  SALUR_PAPER_ROLL80,     /* 80 mm wide thermal roll; the page is as long as the receipt */
} SalurPaper;

/* "a6" or "roll80" */
gboolean      salur_paper_from_string   (const char          *text,
                                         SalurPaper          *paper);

/* The verification code printed on the receipt: 8 Crockford base32
 * characters (40 bits) of BLAKE2b (event hash || "receipt"), written
 * "7KQ2-M9XA". A receipt cannot be made up without the record, and a
 * changed record no longer gives the code printed. */
char         *salur_receipt_code        (const SalurPayment  *payment);

gboolean      salur_receipt_write_pdf   (SalurStore          *store,
                                         const SalurPayment  *payment,
                                         SalurPaper           paper,
                                         const char          *path,
                                         GError             **error);

/* The same receipt drawn on a cairo recording surface, for a print job:
 * WIDTH and HEIGHT (points) give the page. Replayed on a printer's
 * context, it gives the same page as the PDF. */
cairo_surface_t *salur_receipt_render  (SalurStore          *store,
                                        const SalurPayment  *payment,
                                        SalurPaper           paper,
                                        double              *width,
                                        double              *height,
                                        GError             **error);

/* The payment whose receipt carries CODE (typed as a person reads it: case,
 * dashes, O for 0 and I or L for 1 do not matter). With RECEIPT, only that
 * receipt is compared. SALUR_ERROR_INVALID when CODE cannot be a code;
 * SALUR_ERROR_NOT_FOUND when no payment (or not RECEIPT) has it. */
SalurPayment *salur_receipt_check       (SalurStore          *store,
                                         const char          *code,
                                         const char          *receipt,
                                         GError             **error);

G_END_DECLS
