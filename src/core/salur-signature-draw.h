/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "salur-signature.h"

G_BEGIN_DECLS

/* Draws SIG's strokes in the current source colour, scaled (aspect kept) to
 * fill the rectangle X, Y, WIDTH × HEIGHT and centred in it. The strokes'
 * own extent is fitted, not the pad's, so a small signature in a corner of
 * the pad still fills a report's cell. Where the pen gave a pressure the
 * line is thicker where it pressed harder. Nothing is drawn for an empty
 * signature. */
void     salur_signature_draw       (cairo_t        *cr,
                                     SalurSignature *sig,
                                     double          x,
                                     double          y,
                                     double          width,
                                     double          height);

/* The same from the stored bytes (salur_signature_encode); FALSE, and
 * nothing drawn, when they are not a signature */
gboolean salur_signature_draw_bytes (cairo_t        *cr,
                                     GBytes         *bytes,
                                     double          x,
                                     double          y,
                                     double          width,
                                     double          height);

G_END_DECLS
