/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-session.h"

G_BEGIN_DECLS

#define SALUR_TYPE_DASHBOARD_PAGE (salur_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (SalurDashboardPage, salur_dashboard_page, SALUR, DASHBOARD_PAGE, AdwBin)

/* The day at a glance for the treasurer: progress per dusun, money paid,
 * absences, conflicts, complaints, and payments per hour per desk */
GtkWidget *salur_dashboard_page_new        (SalurSession       *session);
/* Shows MONTHS ("2026-11", "2026-10,2026-11,2026-12") */
gboolean   salur_dashboard_page_set_months (SalurDashboardPage *self,
                                            const char         *months);
/* TRUE while the figures are being read ("notify::busy") */
gboolean   salur_dashboard_page_get_busy   (SalurDashboardPage *self);

G_END_DECLS
