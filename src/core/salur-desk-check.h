/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-lookup.h"
#include "salur-sync.h"

G_BEGIN_DECLS

/* What the desk screen decides, and the field officer's screen with it:
 * what this laptop is for, who may sign in, which round is paid, and, for
 * whatever the one input read, whether the person in front of the table
 * may be paid now, for which months and how much, or what must stop the
 * officer. The screen only shows these answers. */

/* This laptop as its package made it: a desk (its dusun), a field laptop
 * (its officer, the cash carried) or the village's master. A store that
 * no package set up and that is not a master yet (a new, empty file) is
 * taken as a master: it is where a village starts. */
SalurDevice *salur_desk_this_device     (SalurStore         *store,
                                         GError            **error);

/* The desk's name in its payments: the dusun it serves; on a field laptop
 * "Lapangan" (in the field), as the field officers' receipts say */
char        *salur_desk_name            (const SalurDevice  *device,
                                         const char         *dusun);

/* Whether ROLE records payments: every role but the auditor's */
gboolean     salur_role_may_pay         (SalurRole           role);

/* The operators who may sign in to pay: active, not auditors, by name */
GPtrArray   *salur_desk_operators       (SalurStore         *store,
                                         GError            **error);

/* The active bendahara, for the actions only a bendahara may take at a
 * desk (voiding a receipt), by name */
GPtrArray   *salur_desk_bendahara       (SalurStore         *store,
                                         GError            **error);

/* The dusun a desk may serve: those of its package, else every dusun of
 * the village (names as stored) */
GStrv        salur_desk_dusun_choices   (SalurStore         *store,
                                         const SalurDevice  *device,
                                         GError            **error);

/* The round proposed at start: the months of the newest invitation cards
 * (every card that ends with the latest month, together), else the month
 * of NOW. */
GArray      *salur_desk_default_round   (SalurStore         *store,
                                         GDateTime          *now,
                                         GError            **error);

/* "2026-10, 2026-11" or "2026-10,2026-11" into a round, refused (with
 * SALUR_ERROR_INVALID or _TOO_MANY_MONTHS) when it is empty, not months,
 * or more months than the village pays together */
GArray      *salur_desk_parse_round     (SalurStore         *store,
                                         const char         *text,
                                         GError            **error);

/* "October, November and December 2026" in the language of the screen
 * (salur_card_months_label is the Indonesian of documents) */
char        *salur_months_label         (GArray             *months);

typedef enum {
  SALUR_DESK_PAY,            /* months to pay now: pay them */
  SALUR_DESK_ALREADY_PAID,   /* every month of the round it is listed for is paid: stop */
  SALUR_DESK_CLOSED,         /* off the list for the round: stop */
  SALUR_DESK_NOT_LISTED,     /* on the list only after the round: stop */
  SALUR_DESK_CARD_REFUSED,   /* altered, another village's, another round's, replaced: stop */
  SALUR_DESK_NOT_FOUND,      /* nothing on the list matches; or mistyped */
  SALUR_DESK_CHOOSE,         /* part of a name matched several KPM: pick one */
} SalurDeskOutcome;

/* Where one KPM stands for the round, for the desk */
typedef struct {
  SalurDeskOutcome  outcome;
  SalurLookup      *lookup;       /* what the input was read as; NULL when refused or not found */
  SalurKpm         *kpm;          /* the KPM shown; NULL for REFUSED, NOT_FOUND, CHOOSE */
  SalurCardVerdict  card_verdict; /* CARD_REFUSED: why */
  char             *message;      /* REFUSED, NOT_FOUND: why, for people */
  GArray           *to_pay;       /* PAY: the months paid now (unpaid or absent so far) */
  gint64            amount_per_month;
  gint64            total;        /* PAY: what to hand over */
  GPtrArray        *states;       /* SalurMonthState for each month of the round */
  const SalurMonthState *paid;    /* the first month of the round already paid, or NULL */
  char             *closed_note;  /* CLOSED: the reason and SK */
  gboolean          other_dusun;  /* the KPM belongs to another dusun than the desk's */
} SalurDeskCheck;

void            salur_desk_check_free   (SalurDeskCheck     *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurDeskCheck, salur_desk_check_free)

/* Reads TEXT (salur_lookup) for ROUND at the desk of DESK_DUSUN (NULL: a
 * field laptop, which serves any of the KPM it carries). Never fails for
 * what a person typed or a card held: that is an outcome with a message.
 * Fails only when the store cannot be read. */
SalurDeskCheck *salur_desk_check        (SalurStore         *store,
                                         const char         *text,
                                         GArray             *round,
                                         const char         *desk_dusun,
                                         GError            **error);
/* The same for a KPM picked from a list of names */
SalurDeskCheck *salur_desk_check_kpm    (SalurStore         *store,
                                         SalurKpm           *kpm,
                                         GArray             *round,
                                         const char         *desk_dusun,
                                         GError            **error);

/* The payments this laptop made at DESK for a month of ROUND, not voided,
 * newest first; at most LIMIT (0: all). SalurPayment. */
GPtrArray   *salur_desk_payments        (SalurStore         *store,
                                         const char         *desk,
                                         GArray             *round,
                                         guint               limit,
                                         GError            **error);

/* The KPM a field laptop carries (its package's), each with where it
 * stands for ROUND: SalurDeskCheck, in list order (dusun, RW, RT, name) */
GPtrArray   *salur_desk_field_list      (SalurStore         *store,
                                         GArray             *round,
                                         GError            **error);

/* The NIK of a proxy as it is being typed: TRUE when it is a NIK (OUT gets
 * its digits). Refused with SALUR_ERROR_INVALID and a message for the
 * officer: still incomplete (how many digits so far), not a NIK (the NIK
 * rules of salur_nik_parse), or the KPM's own NIK (then the KPM came in
 * person). KPM_NIK may be NULL. INCOMPLETE (may be NULL) is set when the
 * digits so far may still become a NIK: not wrong yet, only short. */
gboolean     salur_desk_check_proxy_nik (const char         *typed,
                                         const char         *kpm_nik,
                                         char                out[SALUR_NIK_LEN + 1],
                                         gboolean           *incomplete,
                                         GError            **error);

/* Cash as an officer types it: "1.500.000", "Rp 1.500.000", "1500000",
 * "1 500 000" (dots and spaces group thousands; a comma starts sen, which
 * cash does not have). Refused with SALUR_ERROR_INVALID: empty, negative,
 * anything else, or more than a trillion. */
gboolean     salur_desk_parse_rupiah    (const char         *text,
                                         gint64             *amount,
                                         GError            **error);

/* Where a receipt PDF is kept when there is no printer: $SALUR_RECEIPT_DIR,
 * else a folder "kuitansi" beside the data file. Made if missing. */
char        *salur_desk_receipt_dir     (SalurStore         *store,
                                         GError            **error);
/* Where a desk's bundle goes when the officer takes the default: 
 * $SALUR_EXPORT_DIR, else a folder "kirim" beside the data file. Made if
 * missing. */
char        *salur_desk_outbox_dir      (SalurStore         *store,
                                         GError            **error);
/* A bundle's file in DIR, named after the desk and the time, so that the
 * bendahara sees whose it is: "meja-Krajan-7QX-20261125-1530.bundle" */
char        *salur_desk_bundle_path     (const char         *dir,
                                         const char         *desk,
                                         const char         *device_tag,
                                         GDateTime          *now);
/* The summary's file of a closing in DIR: "tutup-meja-Krajan-20261125-1530.pdf" */
char        *salur_desk_close_path      (const char         *dir,
                                         const char         *desk,
                                         GDateTime          *now);

/* The receipt's file in DIR: KRJ-7QX-2611-0042.pdf */
char        *salur_desk_receipt_path    (const char         *dir,
                                         const SalurPayment *payment);

G_END_DECLS
