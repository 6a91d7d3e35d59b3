/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-session.h"

G_BEGIN_DECLS

/* Invitation cards for a round: its months, the dusun, the place, day and
 * time; Prepare issues them (salur_cards_issue, the bendahara) in a thread
 * and shows the sheets as the PDF will hold them, drawn by the same code
 * (salur_card_sheets_draw); then Print (GtkPrintOperation, each sheet) or
 * Save PDF (salur_cards_write_pdf, in a thread). cards.save-pdf-to (a path)
 * saves as the file chooser does. */

#define SALUR_TYPE_CARDS_PAGE (salur_cards_page_get_type ())
G_DECLARE_FINAL_TYPE (SalurCardsPage, salur_cards_page, SALUR, CARDS_PAGE, AdwBin)

GtkWidget *salur_cards_page_new           (SalurSession   *session);
/* The sheets prepared (0 before Prepare), the cards and how many were new */
guint      salur_cards_page_get_n_sheets  (SalurCardsPage *self,
                                           guint          *n_cards,
                                           guint          *n_new);
/* The printing path without its dialog: each sheet through
 * GtkPrintOperation, exported to the PDF PATH */
gboolean   salur_cards_page_print_to_file (SalurCardsPage *self,
                                           const char     *path,
                                           GError        **error);

G_END_DECLS
