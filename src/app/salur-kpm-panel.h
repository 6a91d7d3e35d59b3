/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-desk-check.h"

G_BEGIN_DECLS

/* The person in front of the table, as the core judged them: the name
 * large, the NIK masked, where they live, the months due and the amount in
 * figures and words, and above it all a banner that says, big, coloured,
 * with an icon and words, whether to pay or what must stop the officer. */

#define SALUR_TYPE_KPM_PANEL (salur_kpm_panel_get_type ())
G_DECLARE_FINAL_TYPE (SalurKpmPanel, salur_kpm_panel, SALUR, KPM_PANEL, GtkWidget)

GtkWidget  *salur_kpm_panel_new            (void);
/* Shows CHECK (borrowed for the call). DESK_DUSUN: the desk's dusun, to
 * name it when the KPM is another dusun's; NULL in the field. */
void        salur_kpm_panel_show           (SalurKpmPanel        *self,
                                            const SalurDeskCheck *check,
                                            const char           *desk_dusun);
/* The other dusun was confirmed: the banner says so and turns green */
void        salur_kpm_panel_set_confirmed  (SalurKpmPanel        *self,
                                            gboolean              confirmed);
/* A refusal the ledger gave at the last moment (another desk on the same
 * file paid first): shown in the banner as a stop */
void        salur_kpm_panel_show_refusal   (SalurKpmPanel        *self,
                                            const char           *title,
                                            const char           *detail);
/* The NIK in full (after the reveal was recorded), or masked again */
void        salur_kpm_panel_show_nik       (SalurKpmPanel        *self,
                                            const char           *nik);
/* The banner's title, for the debug state line */
const char *salur_kpm_panel_get_title      (SalurKpmPanel        *self);

G_END_DECLS
