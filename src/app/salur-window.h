/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-store.h"

G_BEGIN_DECLS

#define SALUR_TYPE_WINDOW (salur_window_get_type ())
G_DECLARE_FINAL_TYPE (SalurWindow, salur_window, SALUR, WINDOW, AdwApplicationWindow)

SalurWindow *salur_window_new            (AdwApplication *app,
                                          SalurStore     *store);
/* Reloads the KPM list from the store */
void         salur_window_reload         (SalurWindow    *self);
/* For tests: the list as shown after search and filter */
GListModel  *salur_window_get_shown      (SalurWindow    *self);

G_END_DECLS
