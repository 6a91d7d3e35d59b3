/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 1500000 -> "1.500.000", as amounts are written in Indonesia */
char *salur_rupiah_digits (gint64 amount);
/* 1500000 -> "Rp1.500.000" */
char *salur_rupiah_format (gint64 amount);
/* The amount in Indonesian words, as written on a receipt ("terbilang"):
 * 900000 -> "sembilan ratus ribu rupiah", 1200000 -> "satu juta dua ratus
 * ribu rupiah", 0 -> "nol rupiah". Lower case; the caller capitalises if the
 * form wants it. Negative amounts start with "minus". */
char *salur_terbilang (gint64 amount);

G_END_DECLS
