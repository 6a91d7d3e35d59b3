/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-store.h"

G_BEGIN_DECLS

/* How a disbursement day goes, as the treasurer watches it: how many
 * payments each desk records in each hour, and which round the cards were
 * printed for. */

#define SALUR_DAY_HOURS 24

typedef struct {
  char  *desk;                       /* as payments record it: "Krajan" */
  guint  count[SALUR_DAY_HOURS];     /* payments in each local hour */
  guint  total;
} SalurDeskHours;

void       salur_desk_hours_free        (SalurDeskHours *hours);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurDeskHours, salur_desk_hours_free)

/* Payments that stand (not voided) recorded on DATE (local, YYYY-MM-DD),
 * counted per desk and per local hour; with MONTHS (SalurMonth, may be
 * NULL) only those paying one of them. Desks sorted by name; a desk with no
 * payment that day is not listed. */
GPtrArray *salur_day_payments_per_hour  (SalurStore  *store,
                                         const char  *date,
                                         GArray      *months,
                                         GError     **error);

/* The months of the latest round cards were issued for (SalurMonth,
 * sorted), or NULL when no card was issued */
GArray    *salur_day_latest_round       (SalurStore  *store);

G_END_DECLS
