/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-store.h"

G_BEGIN_DECLS

/* The ledger: every rupiah paid, every absence, void and list change, as
 * events that are appended and never changed. Each event records the device,
 * its per-device sequence number, the operator and the time, and is chained
 * to the device's previous event by a BLAKE2b hash over a canonical encoding
 * (salur-event.c), so an edit made behind Salur's back is found by
 * salur_ledger_verify. The current state (who is paid for which month) is
 * derived from the events. */

typedef enum {
  SALUR_ROLE_KEPALA_DUSUN,   /* runs a dusun desk */
  SALUR_ROLE_PETUGAS,        /* field staff: home deliveries */
  SALUR_ROLE_BENDAHARA,      /* treasurer: voids, list changes, operators */
  SALUR_ROLE_AUDITOR,        /* reads everything, writes nothing */
} SalurRole;

const char *salur_role_to_string   (SalurRole    role);   /* "kepala-dusun", ... */
gboolean    salur_role_from_string (const char  *text,
                                    SalurRole   *role);
const char *salur_role_label       (SalurRole    role);   /* translated, for people */

typedef struct {
  char      *name;
  SalurRole  role;
  gboolean   active;
} SalurOperator;

void salur_operator_free (SalurOperator *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurOperator, salur_operator_free)

/* Operators. The first operator of a store must be a bendahara and needs no
 * one's permission; after that only a bendahara (BY) adds or changes one. */
gboolean       salur_ledger_add_operator   (SalurStore           *store,
                                            const SalurOperator  *by,
                                            const char           *name,
                                            SalurRole             role,
                                            const char           *pin,
                                            GError              **error);
/* An operator who leaves can no longer sign in; the record keeps the name */
gboolean       salur_ledger_disable_operator (SalurStore         *store,
                                              const SalurOperator *by,
                                              const char         *name,
                                              GError            **error);
GPtrArray     *salur_ledger_list_operators (SalurStore           *store,
                                            GError              **error);
/* Checks NAME's PIN. After 3 wrong PINs in a row the operator must wait,
 * longer after each further miss (SALUR_ERROR_THROTTLED says how long). */
SalurOperator *salur_ledger_login          (SalurStore           *store,
                                            const char           *name,
                                            const char           *pin,
                                            GError              **error);
/* The same on a connection of its own to the store's file at PATH: for a
 * worker thread, since Argon2id takes a tenth of a second or more */
SalurOperator *salur_ledger_login_at       (const char           *path,
                                            const char           *name,
                                            const char           *pin,
                                            GError              **error);

typedef enum {
  SALUR_PLACE_HALL,          /* at the balai desa */
  SALUR_PLACE_HOME,          /* delivered at home, with a witness */
} SalurPlace;

typedef enum {
  SALUR_PROOF_SIGNATURE,     /* strokes drawn on the pad */
  SALUR_PROOF_THUMBPRINT,    /* cap jempol on the paper receipt */
  SALUR_PROOF_NONE,          /* with a reason */
} SalurProof;

typedef enum {
  SALUR_REASON_DIED,
  SALUR_REASON_MOVED,
  SALUR_REASON_NOT_ELIGIBLE,
  SALUR_REASON_OTHER,
} SalurCloseReason;

/* What the desk knows when it confirms a payment */
typedef struct {
  const char  *kpm_id;
  GArray      *months;         /* SalurMonth, sorted, distinct */
  const char  *desk;           /* the desk's name, e.g. "Krajan" */
  SalurPlace   place;
  const char  *witness;        /* home delivery: who saw it */
  /* who received: the KPM, or a proxy (surat kuasa) */
  const char  *proxy_name;     /* NULL: the KPM in person */
  const char  *proxy_nik;
  const char  *proxy_relation;
  gboolean     surat_kuasa_seen;
  SalurProof   proof;
  GBytes      *signature;      /* SALUR_PROOF_SIGNATURE: salur_signature_encode () */
  const char  *proof_note;     /* SALUR_PROOF_NONE: why */
} SalurPaymentRequest;

/* A payment as the record holds it */
typedef struct {
  char        *device_id;
  gint64       seq;
  char        *receipt;        /* KRJ-7QX-2611-0042: desk, device, month, number */
  char        *kpm_id;
  char        *kpm_name;
  char        *kpm_nik;
  GArray      *months;         /* SalurMonth */
  gint64       amount_per_month;
  gint64       total;
  char        *desk;
  SalurPlace   place;
  char        *witness;
  char        *proxy_name;     /* "" when the KPM came in person */
  char        *proxy_nik;
  char        *proxy_relation;
  gboolean     surat_kuasa_seen;
  SalurProof   proof;
  GBytes      *signature;
  char        *proof_note;
  char        *operator_name;
  char        *at;             /* UTC, 2026-11-24T08:15:02.123Z */
  char        *hash_hex;       /* the event's hash, for receipts' check codes */
  gboolean     voided;
  char        *void_reason;
} SalurPayment;

void salur_payment_free (SalurPayment *payment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurPayment, salur_payment_free)

/* Records a payment after checking every rule; returns it as stored, after
 * the commit (synchronous=FULL: it survives a power cut from then on).
 * Refused (SALUR_ERROR_ALREADY_PAID, _CLOSED, _NOT_ON_LIST, _TOO_MANY_MONTHS,
 * _INVALID, _FORBIDDEN) with a message that says when, where, by whom. */
SalurPayment *salur_ledger_pay           (SalurStore                 *store,
                                          const SalurOperator        *by,
                                          const SalurPaymentRequest  *request,
                                          GError                    **error);

/* A payment by its receipt number (any case), voided or not */
SalurPayment *salur_ledger_get_payment   (SalurStore           *store,
                                          const char           *receipt,
                                          GError              **error);
/* Every payment of a KPM, oldest first */
GPtrArray    *salur_ledger_payments_of   (SalurStore           *store,
                                          const char           *kpm_id,
                                          GError              **error);

/* The KPM did not come for MONTHS (a reason like "sakit", "tidak datang") */
gboolean      salur_ledger_absent        (SalurStore           *store,
                                          const SalurOperator  *by,
                                          const char           *kpm_id,
                                          GArray               *months,
                                          const char           *desk,
                                          const char           *reason,
                                          GError              **error);

/* Voids a payment (bendahara only), with a reason; its months become unpaid */
gboolean      salur_ledger_void          (SalurStore           *store,
                                          const SalurOperator  *by,
                                          const char           *receipt,
                                          const char           *reason,
                                          GError              **error);

/* List changes (bendahara only), decided by musyawarah desa and an SK */
gboolean      salur_ledger_close_kpm     (SalurStore           *store,
                                          const SalurOperator  *by,
                                          const char           *kpm_id,
                                          SalurMonth            from_month,
                                          SalurCloseReason      reason,
                                          const char           *note,
                                          const char           *sk_number,
                                          GError              **error);
/* Adds a KPM (its id, if empty, is made here) from KPM->from_month */
gboolean      salur_ledger_add_kpm       (SalurStore           *store,
                                          const SalurOperator  *by,
                                          SalurKpm             *kpm,
                                          const char           *sk_number,
                                          GError              **error);
/* FIELD is one of salur_ledger_correctable_fields () */
gboolean      salur_ledger_correct_kpm   (SalurStore           *store,
                                          const SalurOperator  *by,
                                          const char           *kpm_id,
                                          const char           *field,
                                          const char           *new_value,
                                          const char           *reason,
                                          const char           *sk_number,
                                          GError              **error);
const char *const *salur_ledger_correctable_fields (void);

/* The KPM list brought by an import, sealed by one event: its body holds a
 * BLAKE2b digest of every row, so verify notices a row changed by hand.
 * Inside the caller's transaction; BY may be NULL while the store has no
 * operator yet (the village is being set up). */
gboolean      _salur_ledger_record_list  (SalurStore           *store,
                                          const SalurOperator  *by,
                                          const char           *file,
                                          const char           *format,
                                          GPtrArray            *kpm,
                                          GError              **error);
/* The same, calling PROGRESS (fraction of rows stored; may be NULL) and
 * failing with SALUR_ERROR_CANCELLED as soon as CANCELLABLE is cancelled;
 * the caller rolls back. */
gboolean      _salur_ledger_record_list_full (SalurStore           *store,
                                              const SalurOperator  *by,
                                              const char           *file,
                                              const char           *format,
                                              GPtrArray            *kpm,
                                              void                (*progress) (double fraction, gpointer data),
                                              gpointer              progress_data,
                                              GCancellable         *cancellable,
                                              GError              **error);

/* Where each KPM stands for one month */
typedef enum {
  SALUR_STATE_UNPAID,
  SALUR_STATE_PAID,
  SALUR_STATE_ABSENT,        /* recorded as not come, and not paid since */
  SALUR_STATE_CLOSED,        /* off the list for this month */
  SALUR_STATE_NOT_LISTED,    /* on the list only from a later month */
} SalurState;

const char *salur_state_to_string (SalurState state);   /* "paid", ... for scripts */

typedef struct {
  SalurKpm    *kpm;
  SalurState   state;
  char        *receipt;      /* paid */
  char        *at;           /* paid or absent: when (UTC) */
  char        *operator_name;
  char        *desk;
  char        *note;         /* absence reason, closing reason, "proxy: NAME", "home" */
  guint        n_payments;   /* more than 1: paid twice (a conflict) */
  const char  *first_device; /* private: which payment stands, the same on every store */
  gint64       first_seq;
  gpointer     block;        /* private: the rows of one call are made, and freed, together */
} SalurStatusRow;

void       salur_status_row_free (SalurStatusRow *row);

/* Every KPM (or those of DUSUN) for MONTH, in list order. The rows' strings
 * belong to the rows: read them, do not free or replace them. */
GPtrArray *salur_ledger_status   (SalurStore  *store,
                                  SalurMonth   month,
                                  const char  *dusun,
                                  GError     **error);

typedef struct {
  char *device_id;
  gint64 seq;
  char *kind;
  char *at;
  char *operator_name;
  char *summary;             /* one line for people, translated */
} SalurHistoryEntry;

void       salur_history_entry_free (SalurHistoryEntry *entry);

/* Every event about one KPM, oldest first */
GPtrArray *salur_ledger_history  (SalurStore  *store,
                                  const char  *kpm_id,
                                  GError     **error);

typedef struct {
  guint64 events;
  guint   devices;
  guint64 payments;
  guint64 kpm_sealed;        /* KPM rows covered by an import or add event */
  guint64 kpm_unsealed;      /* a field laptop's rows of lists it carries in part: their seals cover whole lists */
} SalurVerifyReport;

/* Recomputes every device's chain and every projection. Fails with
 * SALUR_ERROR_TAMPERED naming the first event (or KPM row) that does not
 * match what was recorded. */
gboolean   salur_ledger_verify   (SalurStore         *store,
                                  SalurVerifyReport  *report,
                                  GError            **error);

G_END_DECLS
