/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Someone receives for the KPM (practice: a family member with a surat
 * kuasa and both KTPs): their name, their NIK, checked by the core's NIK
 * rules as it is typed, how they are related, and whether the surat kuasa
 * was seen. Enter moves to the next field; on the last one the form emits
 * "done", and the desk takes the focus back to its input. */

#define SALUR_TYPE_PROXY_FORM (salur_proxy_form_get_type ())
G_DECLARE_FINAL_TYPE (SalurProxyForm, salur_proxy_form, SALUR, PROXY_FORM, GtkWidget)

GtkWidget  *salur_proxy_form_new            (void);
/* Empties the form for the next KPM, whose own NIK a proxy may not give */
void        salur_proxy_form_reset          (SalurProxyForm *self,
                                             const char     *kpm_nik);
/* Puts the focus on the first field still empty or wrong */
void        salur_proxy_form_focus          (SalurProxyForm *self);
/* TRUE when the form holds what the ledger needs; else WHY (may be NULL)
 * says what is missing */
gboolean    salur_proxy_form_is_complete    (SalurProxyForm *self,
                                             char          **why);
const char *salur_proxy_form_get_name       (SalurProxyForm *self);
/* The NIK's digits, once it is one; else NULL */
const char *salur_proxy_form_get_nik        (SalurProxyForm *self);
const char *salur_proxy_form_get_relation   (SalurProxyForm *self);
gboolean    salur_proxy_form_get_surat_kuasa (SalurProxyForm *self);
/* "proxy-name", "proxy-nik", "proxy-relation" or "proxy-kuasa": the field
 * with the keyboard, for the desk's debug state */
const char *salur_proxy_form_get_focus_name (SalurProxyForm *self);

G_END_DECLS
