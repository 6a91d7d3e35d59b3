/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-store.h"

G_BEGIN_DECLS

#define SALUR_TYPE_APPLICATION (salur_application_get_type ())
G_DECLARE_FINAL_TYPE (SalurApplication, salur_application, SALUR, APPLICATION, AdwApplication)

SalurApplication *salur_application_new       (void);
/* The store the windows show; opened from --db, $SALUR_DB or the default path */
SalurStore       *salur_application_get_store (SalurApplication *self);
/* Makes STORE the one the windows show from now on (a laptop just set up
 * from its package, in the file of the store before): opens the window its
 * device calls for and closes every other */
void              salur_application_switch_store (SalurApplication *self,
                                                  SalurStore       *store);

/* g_get_monotonic_time () when salur_application_main started */
gint64            salur_application_get_start_time (void);

/* Runs the window (no command given on the command line) */
int               salur_application_main      (int argc, char **argv);

G_END_DECLS
