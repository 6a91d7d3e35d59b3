/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-ledger.h"

G_BEGIN_DECLS

/* A desk's day: what the kepala dusun sees while the queue moves (served,
 * remaining, cash paid out), the full NIK shown only on request and
 * recorded, and closing the desk ("Tutup meja") with the cash count and a
 * printed summary. */

/* The full NIK of KPM_ID, for the officer who asked to see it on screen;
 * the showing is an event (who, when, at which DESK) */
char      *salur_desk_reveal_nik (SalurStore           *store,
                                  const SalurOperator  *by,
                                  const char           *kpm_id,
                                  const char           *desk,
                                  GError              **error);

typedef struct {
  guint   total;       /* KPM of the dusun due at least one month of the round */
  guint   served;      /* every month due is paid */
  guint   absent;      /* recorded as not come, nothing still unpaid but absent months */
  guint   remaining;   /* still to be paid at least one month */
  guint   payments;    /* payments made on this laptop at DESK for the round, not voided */
  gint64  paid;        /* their cash, rupiah */
} SalurDeskCounts;

/* Counts for the KPM of DUSUN (NULL: all) and the round MONTHS; the cash
 * is what this laptop paid out at DESK (a desk's name, as payments carry it) */
gboolean   salur_desk_counts     (SalurStore           *store,
                                  const char           *dusun,
                                  const char           *desk,
                                  GArray               *months,
                                  SalurDeskCounts      *counts,
                                  GError              **error);

typedef struct {
  char             *device_id;
  gint64            seq;
  char             *desk;
  char             *dusun;          /* "" when the desk served every dusun */
  GArray           *months;
  gint64            cash_opening;   /* handed to the desk when it opened */
  gint64            cash_counted;   /* counted when it closed */
  gint64            expected;       /* opening - paid */
  gint64            difference;     /* counted - expected: 0 when the cash is right */
  SalurDeskCounts   counts;
  char             *note;
  char             *operator_name;
  char             *at;
} SalurDeskClose;

void            salur_desk_close_free (SalurDeskClose *close);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurDeskClose, salur_desk_close_free)

/* Records that DESK closed, with its cash count. When the count differs
 * from what should remain, NOTE (why) is required. */
SalurDeskClose *salur_desk_close     (SalurStore           *store,
                                      const SalurOperator  *by,
                                      const char           *dusun,
                                      const char           *desk,
                                      GArray               *months,
                                      gint64                cash_opening,
                                      gint64                cash_counted,
                                      const char           *note,
                                      GError              **error);

/* The summary the officer and the bendahara sign (A4, Indonesian): counts,
 * the cash, and every payment of the desk */
gboolean        salur_desk_close_write_pdf (SalurStore           *store,
                                            const SalurDeskClose *close,
                                            const char           *path,
                                            GError              **error);

G_END_DECLS
