/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-desk-check.h"

G_BEGIN_DECLS

/* The desk: the kepala dusun's screen on disbursement day, and the field
 * officer's. One input, always focused, takes what a USB scanner types, a
 * NIK, a card's short code or part of a name; the KPM panel says whether
 * to pay; receiving (in person or a proxy), the proof (thumbprint on the
 * paper or a signature) and the confirmation are all keys shown on the
 * screen, and the receipt is printed, or saved as a PDF, off the main
 * loop. Every decision comes from src/core/salur-desk.h. */

#define SALUR_TYPE_DESK_WINDOW (salur_desk_window_get_type ())
G_DECLARE_FINAL_TYPE (SalurDeskWindow, salur_desk_window, SALUR, DESK_WINDOW, AdwApplicationWindow)

/* DEVICE: what this laptop is for (salur_desk_this_device) */
SalurDeskWindow *salur_desk_window_new (AdwApplication    *app,
                                        SalurStore        *store,
                                        const SalurDevice *device);

G_END_DECLS
