/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-ledger.h"
#include "salur-session.h"

G_BEGIN_DECLS

/* What the treasurer's pages share: who may write, where a result is said,
 * and the months a page is about. */

/* TRUE when someone is signed in; otherwise asks for a sign-in
 * (win.sign-in) and returns FALSE: the page then does nothing */
gboolean       salur_page_require_operator (GtkWidget           *page,
                                            SalurSession        *session);
/* A copy of the signed-in operator, for a worker thread */
SalurOperator *salur_page_copy_operator    (const SalurOperator *op);

/* Says TEXT: a result goes to the window's toast overlay when the page is
 * inside one; errors, and results on a page with no overlay, stay in the
 * page's own message line (LABEL inside REVEALER) until the next one */
void           salur_page_say              (GtkWidget           *page,
                                            GtkRevealer         *revealer,
                                            GtkLabel            *label,
                                            const char          *text,
                                            gboolean             is_error);

/* Months to choose from: the latest round of cards, this year's quarters
 * and the months around today, the round (or this month) selected */
void           salur_page_months_fill      (GtkDropDown         *dropdown,
                                            SalurStore          *store);
/* The selected months (SalurMonth, sorted; a new reference) */
GArray        *salur_page_months_get       (GtkDropDown         *dropdown);
/* Selects MONTHS ("2026-11" or "2026-10,2026-11"), adding them to the list
 * when they are not in it; FALSE when the text is no months */
gboolean       salur_page_months_select    (GtkDropDown         *dropdown,
                                            const char          *months);

/* Whether the store is a file a worker thread can open on its own */
gboolean       salur_page_store_is_file    (SalurStore          *store);

G_END_DECLS
