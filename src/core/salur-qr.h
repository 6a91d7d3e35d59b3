/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* QR codes for cards, made with libqrencode at error correction M. The text
 * is split into numeric, alphanumeric and byte segments by libqrencode, so a
 * card payload (alphanumeric) takes 5.5 bits a character. */

typedef struct _SalurQr SalurQr;

/* The smallest version that holds TEXT, up to MAX_VERSION (1..40); fails
 * with SALUR_ERROR_INVALID when TEXT does not fit */
SalurQr  *salur_qr_encode        (const char *text,
                                  int         max_version,
                                  GError    **error);
void      salur_qr_free          (SalurQr    *qr);
int       salur_qr_get_version   (SalurQr    *qr);
/* Modules a side, without the quiet zone */
int       salur_qr_get_width     (SalurQr    *qr);
gboolean  salur_qr_is_dark       (SalurQr    *qr,
                                  int         x,
                                  int         y);

/* The modules a side of a version's symbol: 17 + 4 × version */
#define SALUR_QR_WIDTH(version) (17 + 4 * (version))
/* White modules around a symbol that readers need */
#define SALUR_QR_QUIET 4

/* Fills the dark modules as one path with SIZE × SIZE (user units) for the
 * symbol itself, its top left at X, Y; the quiet zone is left to the caller.
 * Runs of dark modules are one rectangle each, so a PDF stays small. */
void      salur_qr_draw          (SalurQr    *qr,
                                  cairo_t    *cr,
                                  double      x,
                                  double      y,
                                  double      size);
/* The same as one image, a pixel a module, drawn without smoothing: a
 * PDF holds about 200 bytes for it instead of some 400 rectangles, and
 * prints and renders as sharp */
void      salur_qr_draw_image    (SalurQr    *qr,
                                  cairo_t    *cr,
                                  double      x,
                                  double      y,
                                  double      size);
/* An A8 image (255 = dark) of MODULE pixels a module, with the quiet zone */
cairo_surface_t *salur_qr_to_surface (SalurQr *qr,
                                      int      module);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurQr, salur_qr_free)

G_END_DECLS
