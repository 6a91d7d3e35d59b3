/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-session.h"

G_BEGIN_DECLS

/* A change of the list as a form: take a KPM off the list (from a month,
 * with a reason and the SK), add a KPM, or correct one field. Each records
 * an event through the core (salur_ledger_close_kpm, _add_kpm,
 * _correct_kpm) with the operator signed in; the core's refusal (not the
 * bendahara, a bad NIK, a month already paid) is shown in its words.
 * Emits "recorded" (a message for a toast, the KPM's id) or "cancelled". */

typedef enum {
  SALUR_CHANGE_CLOSE,
  SALUR_CHANGE_ADD,
  SALUR_CHANGE_CORRECT,
} SalurChangeKind;

#define SALUR_TYPE_CHANGE_FORM (salur_change_form_get_type ())
G_DECLARE_FINAL_TYPE (SalurChangeForm, salur_change_form, SALUR, CHANGE_FORM, AdwBin)

/* KPM_ID is the KPM closed or corrected; NULL to add one */
GtkWidget *salur_change_form_new (SalurSession    *session,
                                  SalurChangeKind  kind,
                                  const char      *kpm_id);

G_END_DECLS
