/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-session.h"

G_BEGIN_DECLS

/* One KPM: details (NIK masked), where it stands each month of a year, its
 * history of events, and the list changes that concern it (take off the
 * list, correct a field) as forms. kpm.back goes back to the list. */

#define SALUR_TYPE_KPM_PAGE (salur_kpm_page_get_type ())
G_DECLARE_FINAL_TYPE (SalurKpmPage, salur_kpm_page, SALUR, KPM_PAGE, AdwBin)

GtkWidget  *salur_kpm_page_new        (SalurSession *session,
                                       const char   *kpm_id);
const char *salur_kpm_page_get_kpm_id (SalurKpmPage *self);
/* Reads the KPM, its months and its history again */
void        salur_kpm_page_reload     (SalurKpmPage *self);

G_END_DECLS
