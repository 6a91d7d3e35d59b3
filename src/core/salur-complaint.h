/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-ledger.h"
#include "salur-receipt.h"

G_BEGIN_DECLS

/* Complaints (pengaduan) heard at a desk: someone not on the list, an
 * amount short, a wrong name, a cut taken by someone, anything else. Each is
 * an event with the officer, the desk and the time, tied to a KPM and months
 * when there is one, and has a slip number the person takes home
 * ("ADU-7QX-0042": the device's tag and the event's number, unique in the
 * village without asking anyone). Answers are events too; the latest says
 * where the complaint stands. */

typedef enum {
  SALUR_COMPLAINT_NOT_LISTED,    /* "I should be on the list" */
  SALUR_COMPLAINT_AMOUNT_SHORT,  /* received less than the amount */
  SALUR_COMPLAINT_WRONG_NAME,    /* the list or the card has a wrong name */
  SALUR_COMPLAINT_CUT_TAKEN,     /* someone took a cut (potongan) */
  SALUR_COMPLAINT_OTHER,
} SalurComplaintKind;

typedef enum {
  SALUR_COMPLAINT_OPEN,
  SALUR_COMPLAINT_ANSWERED,      /* an answer was given; not settled yet */
  SALUR_COMPLAINT_RESOLVED,
} SalurComplaintState;

const char *salur_complaint_kind_to_string         (SalurComplaintKind   kind);   /* "not-listed", ... */
gboolean    salur_complaint_kind_from_string       (const char          *text,
                                                    SalurComplaintKind  *kind);
const char *salur_complaint_kind_label             (SalurComplaintKind   kind);   /* translated */
/* For a kind as an event holds it; TEXT itself when unknown */
const char *salur_complaint_kind_label_from_string (const char          *text);
const char *salur_complaint_state_to_string        (SalurComplaintState  state);  /* "open", ... */
gboolean    salur_complaint_state_from_string      (const char          *text,
                                                    SalurComplaintState *state);
const char *salur_complaint_state_label            (SalurComplaintState  state);  /* translated */
const char *salur_complaint_state_label_from_string (const char         *text);

typedef struct {
  SalurComplaintKind  kind;
  const char         *kpm_id;       /* NULL or "": not about a KPM of the list */
  GArray             *months;       /* SalurMonth; NULL: none */
  const char         *complainant;  /* who complains (required) */
  const char         *contact;      /* a phone number or an address; may be NULL */
  const char         *text;         /* what they say happened (required) */
  const char         *desk;         /* where it was heard */
} SalurComplaintRequest;

typedef struct {
  char                *slip;
  char                *device_id;
  gint64               seq;
  SalurComplaintKind   kind;
  SalurComplaintState  state;
  char                *kpm_id;        /* "" when none */
  char                *kpm_name;      /* "" when none */
  char                *kpm_nik;       /* "" when none */
  GArray              *months;        /* SalurMonth, maybe empty */
  char                *complainant;
  char                *contact;
  char                *text;
  char                *desk;
  char                *operator_name;
  char                *at;            /* UTC */
  /* the latest answer; "" while open */
  char                *answer;
  char                *answered_by;
  char                *answered_at;
  guint                n_answers;
} SalurComplaint;

void            salur_complaint_free   (SalurComplaint *complaint);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurComplaint, salur_complaint_free)

/* Records a complaint; any officer who may write (not an auditor) */
SalurComplaint *salur_complaint_record (SalurStore                   *store,
                                        const SalurOperator          *by,
                                        const SalurComplaintRequest  *request,
                                        GError                      **error);
/* By its slip number, as typed (case does not matter) */
SalurComplaint *salur_complaint_get    (SalurStore                   *store,
                                        const char                   *slip,
                                        GError                      **error);
/* Records an answer: STATE is ANSWERED or RESOLVED; a resolved complaint
 * takes no more answers */
gboolean        salur_complaint_answer (SalurStore                   *store,
                                        const SalurOperator          *by,
                                        const char                   *slip,
                                        SalurComplaintState           state,
                                        const char                   *answer,
                                        GError                      **error);
/* One answer, as it was given */
typedef struct {
  SalurComplaintState  state;        /* ANSWERED or RESOLVED */
  char                *answer;
  char                *operator_name;
  char                *at;           /* UTC */
} SalurComplaintAnswer;

void            salur_complaint_answer_free (SalurComplaintAnswer *answer);
/* Every answer to SLIP, oldest first (empty while open) */
GPtrArray      *salur_complaint_answers (SalurStore                  *store,
                                         const char                  *slip,
                                         GError                     **error);

/* Every complaint the store knows (from every device), oldest first;
 * OPEN_ONLY: those not resolved */
GPtrArray      *salur_complaint_list   (SalurStore                   *store,
                                        gboolean                      open_only,
                                        GError                      **error);
/* Not yet resolved, for the report's summary page */
guint           salur_complaint_count_unresolved (SalurStore         *store);

/* The slip the person takes home, in Indonesian, on A6 or an 80 mm roll */
gboolean        salur_complaint_write_slip (SalurStore               *store,
                                            const SalurComplaint     *complaint,
                                            SalurPaper                paper,
                                            const char               *path,
                                            GError                  **error);

G_END_DECLS
