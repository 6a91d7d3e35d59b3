/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-card.h"
#include "salur-ledger.h"

G_BEGIN_DECLS

/* The one input of a desk: whatever a USB scanner types (a card payload and
 * Enter), or a person types (a NIK, a card's short code, part of a name),
 * goes through salur_lookup, which says what it is, which KPM it leads to
 * and where that KPM stands for the round. The CLI (`salur lookup`,
 * `salur pay --input`) and the desk call this same function. */

typedef enum {
  SALUR_INPUT_CARD,          /* a card payload, its signature checked */
  SALUR_INPUT_SHORT_CODE,    /* a card's short code, found in the record */
  SALUR_INPUT_NIK,
  SALUR_INPUT_KPM_ID,
  SALUR_INPUT_NAME,          /* part of a name: one KPM or several */
} SalurInputKind;

const char *salur_input_kind_to_string (SalurInputKind kind);   /* "card", ... for scripts */
const char *salur_input_kind_label     (SalurInputKind kind);   /* translated, for people */

/* One month of one KPM */
typedef struct {
  SalurMonth   month;
  SalurState   state;
  char        *receipt;        /* paid */
  char        *at;             /* paid or absent: when (UTC) */
  char        *desk;
  char        *operator_name;
  char        *note;           /* absence reason, "proxy: NAME", ... */
  guint        n_payments;     /* more than 1: paid twice (a conflict) */
} SalurMonthState;

void        salur_month_state_free     (SalurMonthState *state);

/* Where KPM stands for each of MONTHS, from the ledger */
GPtrArray  *salur_lookup_month_states  (SalurStore      *store,
                                        const SalurKpm  *kpm,
                                        GArray          *months,
                                        GError         **error);

#define SALUR_LOOKUP_MAX_MATCHES 20

typedef struct {
  SalurInputKind  kind;
  SalurKpm       *kpm;         /* the KPM it leads to; NULL when a name matched several */
  SalurCard      *card;        /* CARD and SHORT_CODE */
  gboolean        card_recorded; /* the card is in this laptop's record of cards */
  GPtrArray      *matches;     /* NAME: SalurKpm, at most SALUR_LOOKUP_MAX_MATCHES, by name */
  guint           n_matches;   /* NAME: how many matched in all */
  GArray         *months;      /* the round asked, else the card's months; NULL when neither */
  GPtrArray      *states;      /* SalurMonthState of KPM for MONTHS; NULL when either is */
} SalurLookup;

void         salur_lookup_free (SalurLookup *lookup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurLookup, salur_lookup_free)

/* Reads TEXT. ROUND (SalurMonth, may be NULL) is the round being paid: a
 * card for other months is refused. Refused with SALUR_ERROR_INVALID (and
 * VERDICT, may be NULL, says which): an altered payload, a card of another
 * village, a card for another round, a replaced card, a mistyped short
 * code or NIK. SALUR_ERROR_NOT_FOUND: an unknown NIK, short code or name. */
SalurLookup *salur_lookup      (SalurStore        *store,
                                const char        *text,
                                GArray            *round,
                                SalurCardVerdict  *verdict,
                                GError           **error);

G_END_DECLS
