/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "salur-signature.h"

G_BEGIN_DECLS

/* The pad a KPM signs on at the desk: strokes from a mouse, a finger or a
 * stylus (with pressure when the device gives it), drawn as they come, kept
 * as a SalurSignature in pad units (one unit = one pixel at the pad's
 * natural size). Clear and undo are actions of the widget ("pad.clear",
 * "pad.undo"); it has an accessible label and says by its "empty" property
 * whether anything was drawn. */

#define SALUR_TYPE_SIGNATURE_PAD (salur_signature_pad_get_type ())
G_DECLARE_FINAL_TYPE (SalurSignaturePad, salur_signature_pad, SALUR, SIGNATURE_PAD, GtkWidget)

/* The pad's natural size, which is also the size of every signature it
 * records: a pad drawn larger or smaller (the aspect kept) stores strokes in
 * these units all the same. */
#define SALUR_SIGNATURE_PAD_WIDTH  480
#define SALUR_SIGNATURE_PAD_HEIGHT 180

/* Signals and properties:
 *   "changed"  the strokes changed: a stroke was finished (pen up), the last
 *              one undone, or all cleared
 *   "empty"    (boolean, read-only, notifies) TRUE until a point is drawn
 * The widget grabs the keyboard focus when the pen goes down unless
 * "focus-on-click" is FALSE; with the focus, Ctrl+Z undoes and Delete or
 * BackSpace clears. */

GtkWidget      *salur_signature_pad_new           (void);
/* TRUE until a stroke with at least one point was drawn */
gboolean        salur_signature_pad_is_empty      (SalurSignaturePad *self);
void            salur_signature_pad_clear         (SalurSignaturePad *self);
/* Removes the last stroke; FALSE when there was none */
gboolean        salur_signature_pad_undo          (SalurSignaturePad *self);
/* The signature as drawn so far (owned by the pad, valid until it changes) */
SalurSignature *salur_signature_pad_get_signature (SalurSignaturePad *self);
/* A copy encoded for the ledger (salur_signature_encode); NULL when empty */
GBytes         *salur_signature_pad_encode        (SalurSignaturePad *self);
/* "clear" and "undo" as an action group, enabled exactly when the widget's
 * own pad.* actions are. Those reach only the pad itself: buttons beside it
 * get them by inserting this group on a common ancestor, e.g.
 * gtk_widget_insert_action_group (box, "pad", salur_signature_pad_get_actions (pad))
 * then action-name "pad.clear". Owned by the pad. */
GActionGroup   *salur_signature_pad_get_actions   (SalurSignaturePad *self);

G_END_DECLS
