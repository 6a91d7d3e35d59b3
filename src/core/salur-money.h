/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 1500000 -> "1.500.000", as amounts are written in Indonesia */
char *salur_rupiah_digits (gint64 amount);
/* 1500000 -> "Rp1.500.000" */
char *salur_rupiah_format (gint64 amount);

G_END_DECLS
