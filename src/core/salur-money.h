/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 1500000 -> "1.500.000", as amounts are written in Indonesia */
char *salur_rupiah_digits (gint64 amount);
/* 1500000 -> "Rp1.500.000" */
char *salur_rupiah_format (gint64 amount);
/* An amount as a person types it: "2700000", "2.700.000", "Rp 2.700.000",
 * "Rp2.700.000,-". Dots and spaces group thousands; a comma starts cents
 * (",00", ",-"), which must be zero. FALSE for anything else, a negative
 * amount or one past 10^15. */
gboolean salur_rupiah_parse (const char *text,
                             gint64     *amount);
/* The amount in Indonesian words, as written on a receipt ("terbilang"):
 * 900000 -> "sembilan ratus ribu rupiah", 1200000 -> "satu juta dua ratus
 * ribu rupiah", 0 -> "nol rupiah". Lower case; the caller capitalises if the
 * form wants it. Negative amounts start with "minus". */
char *salur_terbilang (gint64 amount);

G_END_DECLS
