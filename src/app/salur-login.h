/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-desk-check.h"

G_BEGIN_DECLS

/* The start of a desk's day: the officer picks their name and types the
 * PIN (the core's throttling messages are shown as they come), a desk
 * picks its dusun from its package's, and the round being paid is shown
 * and may be changed. Emits "signed-in" once the core accepted the PIN. */

#define SALUR_TYPE_LOGIN (salur_login_get_type ())
G_DECLARE_FINAL_TYPE (SalurLogin, salur_login, SALUR, LOGIN, GtkWidget)

GtkWidget     *salur_login_new             (void);
/* Fills the form from STORE for DEVICE (what this laptop is for) */
void           salur_login_setup           (SalurLogin         *self,
                                            SalurStore         *store,
                                            const SalurDevice  *device);
/* Ready for the next officer: PIN emptied, focus on the names */
void           salur_login_reset           (SalurLogin         *self);
/* The one who signed in (transfer full), the dusun chosen (NULL on a field
 * laptop) and the round (transfer full) */
SalurOperator *salur_login_take_operator   (SalurLogin         *self);
const char    *salur_login_get_dusun       (SalurLogin         *self);
GArray        *salur_login_get_round       (SalurLogin         *self);
/* The name selected now, for the debug state line; NULL when none */
const char    *salur_login_get_selected    (SalurLogin         *self);

G_END_DECLS
