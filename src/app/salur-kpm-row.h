/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "salur-kpm.h"

G_BEGIN_DECLS

/* A SalurKpm as a GObject, so that GtkColumnView can show it */
#define SALUR_TYPE_KPM_ROW (salur_kpm_row_get_type ())
G_DECLARE_FINAL_TYPE (SalurKpmRow, salur_kpm_row, SALUR, KPM_ROW, GObject)

SalurKpmRow    *salur_kpm_row_new     (SalurKpm    *kpm);
const SalurKpm *salur_kpm_row_get_kpm (SalurKpmRow *self);

G_END_DECLS
