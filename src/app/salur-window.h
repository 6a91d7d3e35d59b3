/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-session.h"
#include "salur-store.h"

G_BEGIN_DECLS

/* The treasurer's workspace on the village's master store: a sidebar of
 * pages (folding away on a narrow window), the operator signed in and the
 * main menu in the header bar, toasts for results. A store with no village
 * opens on the setup assistant instead.
 *
 * Actions pages may use: win.sign-in (before a write when nobody is signed
 * in), win.toast (a string: a result to show), win.show-page (a page's
 * name, e.g. "kpm"). */

#define SALUR_TYPE_WINDOW (salur_window_get_type ())
G_DECLARE_FINAL_TYPE (SalurWindow, salur_window, SALUR, WINDOW, AdwApplicationWindow)

SalurWindow  *salur_window_new            (AdwApplication *app,
                                           SalurStore     *store);
/* Reads the village again; every page reloads */
void          salur_window_reload         (SalurWindow    *self);
SalurSession *salur_window_get_session    (SalurWindow    *self);
/* The page of that name ("kpm", "import", "cards", …), or NULL before the
 * store has a village */
GtkWidget    *salur_window_get_page       (SalurWindow    *self,
                                           const char     *name);
/* For tests: the KPM list as shown after search and filters */
GListModel   *salur_window_get_shown      (SalurWindow    *self);
/* For tests: the text of the last toast shown, or NULL */
const char   *salur_window_get_last_toast (SalurWindow    *self);

G_END_DECLS
