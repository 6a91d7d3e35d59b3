/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-session.h"

G_BEGIN_DECLS

/* The village's KPM: sortable columns, search by name or NIK (a scanner
 * types into it), filters by dusun, criteria and a month's state; NIKs
 * masked. Activating a row opens the KPM's page; list changes (add, close,
 * correct) are recorded from there. Reloads when the session says the
 * record changed. */

#define SALUR_TYPE_KPM_LIST_PAGE (salur_kpm_list_page_get_type ())
G_DECLARE_FINAL_TYPE (SalurKpmListPage, salur_kpm_list_page, SALUR, KPM_LIST_PAGE, AdwBin)

GtkWidget  *salur_kpm_list_page_new          (SalurSession     *session);
/* Back to the list with the search focused, its text selected */
void        salur_kpm_list_page_focus_search (SalurKpmListPage *self);
/* Reads the list again (filters stay) */
void        salur_kpm_list_page_reload       (SalurKpmListPage *self);
/* For tests: the list as shown after search and filters */
GListModel *salur_kpm_list_page_get_shown    (SalurKpmListPage *self);
/* Opens the page of the KPM with this id (as activating its row does) */
void        salur_kpm_list_page_show_kpm     (SalurKpmListPage *self,
                                              const char       *kpm_id);
/* For tests: the open KPM page, or NULL on the list */
GtkWidget  *salur_kpm_list_page_get_kpm_page (SalurKpmListPage *self);

G_END_DECLS
