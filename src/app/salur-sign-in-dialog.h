/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-session.h"

G_BEGIN_DECLS

/* Who is working: an operator of the store chosen by name, and the PIN.
 * Signs in through the session (the core counts wrong PINs and makes the
 * operator wait after three: its message is shown as it is). Closes
 * itself once someone is signed in. */

#define SALUR_TYPE_SIGN_IN_DIALOG (salur_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SalurSignInDialog, salur_sign_in_dialog, SALUR, SIGN_IN_DIALOG, AdwWindow)

SalurSignInDialog *salur_sign_in_dialog_new (GtkWindow    *parent,
                                             SalurSession *session);

G_END_DECLS
