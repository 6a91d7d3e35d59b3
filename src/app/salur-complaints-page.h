/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-session.h"

G_BEGIN_DECLS

#define SALUR_TYPE_COMPLAINTS_PAGE (salur_complaints_page_get_type ())
G_DECLARE_FINAL_TYPE (SalurComplaintsPage, salur_complaints_page, SALUR, COMPLAINTS_PAGE, AdwBin)

/* Every complaint from every laptop, filtered by where it stands, with its
 * details and answers (salur complaints, salur answer) */
GtkWidget *salur_complaints_page_new    (SalurSession        *session);
/* Shows the complaint with slip number SLIP; FALSE when it is not listed */
gboolean   salur_complaints_page_select (SalurComplaintsPage *self,
                                         const char          *slip);
/* How many complaints the list shows */
guint      salur_complaints_page_get_n_shown (SalurComplaintsPage *self);

G_END_DECLS
