/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A KPM's signature as vector strokes, drawn on a pad with a mouse, a finger
 * or a stylus. Points are kept as they will be stored: positions in 1/8 pad
 * unit, times that never go backwards, pressure in 255 steps. */

typedef struct {
  float   x, y;        /* in the pad's coordinates, 0..width, 0..height */
  guint32 t_ms;        /* milliseconds since the first point of the signature */
  float   pressure;    /* 0..1, or -1 when the device gives none */
} SalurSignaturePoint;

typedef struct _SalurSignature SalurSignature;   /* opaque */

/* An empty signature for a pad of WIDTH × HEIGHT units (1..65535 each; one
 * unit should be about a screen pixel). */
SalurSignature *salur_signature_new          (guint width, guint height);   /* pad size, 1..65535 */
/* The next point starts a new stroke (the pen went down). */
void            salur_signature_begin_stroke (SalurSignature *sig);
/* Adds P to the current stroke, quantised as it will be stored: x and y
 * clamped into the pad and rounded to 1/8 unit, a time earlier than the
 * previous point's raised to it, pressure clamped to 0..1 in 254 steps (any
 * negative value means none). Points beyond the limits (64 strokes, 4096
 * points a stroke, 65536 in all) are dropped. */
void            salur_signature_add_point    (SalurSignature *sig, const SalurSignaturePoint *p);  /* clamps into the pad */
/* Removes the last stroke. */
gboolean        salur_signature_undo_stroke  (SalurSignature *sig);  /* FALSE when empty */
void            salur_signature_clear        (SalurSignature *sig);
guint           salur_signature_get_width    (SalurSignature *sig);
guint           salur_signature_get_height   (SalurSignature *sig);
/* Strokes with at least one point (a begun stroke counts from its first point). */
guint           salur_signature_n_strokes    (SalurSignature *sig);
/* The points of stroke I, valid until the signature next changes. */
const SalurSignaturePoint *salur_signature_get_stroke (SalurSignature *sig, guint i, guint *n_points);
gboolean        salur_signature_is_empty     (SalurSignature *sig);   /* no stroke with at least 1 point */

/* Compact binary, one byte string for one signature (see salur-signature.c
 * for the layout): magic "SGN1", width and height (uint16 LE), number of
 * strokes (varint), then each stroke: number of points (varint), the
 * Exp-Golomb orders of its four fields (2 bytes), and its points as
 * second-order predicted residuals of x, y (1/8 unit) and t (ms) and the
 * change of pressure (255 steps, 255 = none), Exp-Golomb coded, MSB first,
 * zero-padded to a byte. About 2 to 2.5 bytes a point of handwriting. */
GBytes         *salur_signature_encode       (SalurSignature *sig);
/* Refuses anything encode would not have written (SALUR_ERROR_INVALID):
 * truncation, trailing bytes, over-long numbers, empty strokes, points
 * outside the pad, more than the limits. */
SalurSignature *salur_signature_decode       (GBytes *bytes, GError **error);   /* SALUR_ERROR_INVALID on anything malformed */

/* A text form people and test scripts can write (the CLI's --signature FILE):
 * first line "SIZE W H", then one stroke per line of points "x,y[,t[,p]]"
 * separated by spaces; blank lines and lines starting with # are ignored.
 * A missing t is the previous point's, a missing p is none. Points outside
 * the pad, times going backwards and pressures outside 0..1 (or -1) are
 * refused rather than clamped. */
SalurSignature *salur_signature_parse_text   (const char *text, GError **error);
char           *salur_signature_to_text      (SalurSignature *sig);
void            salur_signature_free         (SalurSignature *sig);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurSignature, salur_signature_free)

G_END_DECLS
