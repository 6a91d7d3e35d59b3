/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "salur-import.h"     /* SalurProgressFunc */
#include "salur-ledger.h"
#include "salur-store.h"

G_BEGIN_DECLS

/* Invitation cards (kartu undangan). Each KPM gets one card per round: a
 * serial, the months of the round it covers, a short code for typing and a
 * QR payload that any desk checks offline.
 *
 * The payload is 199 digits, which every USB scanner types the same on any
 * keyboard layout and which QR codes store in numeric mode (3.33 bits a
 * digit, as dense as their alphanumeric mode for this content):
 *
 *   1 | 48213 | 193 digits
 *   format 1, the village's mark (16 bits of the hash of its card key), then
 *   one number of 638 bits: serial (40) | KPM id (64) | first month (11 bits,
 *   months since January 2000) | which of the 11 months after it are in the
 *   round (11) | Ed25519 signature (512)
 *
 * The signature is by the village's card key over a canonical text of mark,
 * serial, KPM id and months (see signed_text in salur-card.c). QR version 5
 * at error correction M holds 202 digits: the payload always fits it, so a
 * card prints its code at 2.6 cm with 0.7 mm modules. Letters and
 * separators would not fit: the signature alone takes 96 alphanumeric
 * characters, and the whole would need version 6.
 *
 * Why a signature and not a MAC: a MAC key would have to sit on every desk
 * and field laptop, and a lost laptop is the breach this village will
 * actually have (DOMAIN.md); with it anyone could mint cards that every desk
 * accepts. A signature needs only the public key on the desks, so a stolen
 * desk reveals nothing that makes a card, and the kecamatan or an auditor
 * can check a card with the public key alone.
 *
 * The short code (7QX-4K2-MPR) is the serial in Crockford's base32 and a
 * check character (Luhn mod 32 over the same alphabet, which catches every
 * single wrong character and nearly every swap of neighbours): it is typed
 * when the QR code is damaged and found in the record of cards, so it works
 * on laptops that hold the card events. */

#define SALUR_CARD_SERIAL_LEN      8
#define SALUR_SHORT_CODE_LEN       9    /* serial + check character */
#define SALUR_CARD_VILLAGE_MARK_LEN 5    /* digits */
#define SALUR_CARD_PAYLOAD_LEN     199  /* digits */
#define SALUR_CARD_QR_MAX_VERSION  5

typedef struct {
  char        serial[SALUR_CARD_SERIAL_LEN + 1];
  char        short_code[SALUR_SHORT_CODE_LEN + 1];   /* without dashes */
  char       *kpm_id;
  GArray     *months;            /* SalurMonth, sorted */
  char       *replaces;          /* the serial this card replaced, or "" */
  char       *issued_at;         /* UTC, from the card's event ("" if not recorded here) */
  char       *issued_by;
  char       *payload;           /* the QR text (NULL until made) */
  SalurKpm   *kpm;               /* the KPM as it is now, when known */
} SalurCard;

void        salur_card_free              (SalurCard   *card);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurCard, salur_card_free)

/* Short codes. Normalises what a person typed (spaces and dashes dropped,
 * lower case raised, I and L read as 1, O as 0) into OUT; FALSE when it is
 * not 9 characters of the alphabet. */
gboolean    salur_short_code_normalize   (const char  *typed,
                                          char         out[SALUR_SHORT_CODE_LEN + 1]);
/* The check character for SERIAL (8 characters of the alphabet) */
char        salur_short_code_check_char  (const char  *serial);
/* TRUE when the last character of a normalised code checks the others */
gboolean    salur_short_code_valid       (const char  *code);
/* "7QX4K2MPR" -> "7QX-4K2-MPR", as printed and read aloud */
char       *salur_short_code_format      (const char  *code);

/* "Oktober, November dan Desember 2026", "Desember 2026, Januari dan
 * Februari 2027": the months of a card, for people */
char       *salur_card_months_label      (GArray      *months);

/* The village's card key: its Ed25519 public key, and, on the laptop that
 * issues cards, the secret key (SECRET_KEY may be NULL). Returns FALSE with
 * SALUR_ERROR_NOT_FOUND when this store has no village key. CREATE makes
 * one if the store has none (only on the laptop that issues cards). */
gboolean    salur_card_village_key       (SalurStore  *store,
                                          gboolean     create,
                                          guint8       public_key[32],
                                          guint8      *secret_key,
                                          GError     **error);
/* The 5-digit mark of a public key, as cards carry it */
void        salur_card_village_mark      (const guint8 public_key[32],
                                          char         out[SALUR_CARD_VILLAGE_MARK_LEN + 1]);

/* Makes CARD's payload with the village's secret key (sets card->payload) */
gboolean    salur_card_sign              (SalurStore  *store,
                                          SalurCard   *card,
                                          GError     **error);

/* Why a card is refused; the error is SALUR_ERROR_INVALID for all of them */
typedef enum {
  SALUR_CARD_OK,
  SALUR_CARD_ALTERED,        /* the payload does not match its signature */
  SALUR_CARD_FOREIGN,        /* signed for another village */
  SALUR_CARD_OTHER_ROUND,    /* its months are not in the round being paid */
  SALUR_CARD_REPLACED,       /* a newer card replaced it */
} SalurCardVerdict;

/* Checks a payload (as a scanner typed it: surrounding blanks do not
 * matter) against the village's key and the record of cards. ROUND
 * (SalurMonth, may be NULL) is the round being paid. Returns the card, with
 * its KPM, or NULL with an error a kepala dusun can read and, in VERDICT,
 * why. */
SalurCard  *salur_card_check_payload     (SalurStore        *store,
                                          const char        *text,
                                          GArray            *round,
                                          SalurCardVerdict  *verdict,
                                          GError           **error);
/* The same for a typed short code (NOT_FOUND when no card has it here) */
SalurCard  *salur_card_check_short_code  (SalurStore        *store,
                                          const char        *code,
                                          GArray            *round,
                                          SalurCardVerdict  *verdict,
                                          GError           **error);
/* TRUE when TEXT has the form of a payload: a long run of digits (a NIK
 * has 16) */
gboolean    salur_card_looks_like_payload (const char       *text);

/* The card of KPM_ID for ROUND that is in force (not replaced, its months
 * within ROUND), or NULL (no error) when it has none */
SalurCard  *salur_card_current           (SalurStore  *store,
                                          const char  *kpm_id,
                                          GArray      *round,
                                          GError     **error);

/* Issuing (the bendahara). Every KPM (of DUSUN, or the one KPM_ID when not
 * NULL) on the list for at least one month of ROUND gets a card: the one in
 * force if it has it (printed again, nothing recorded), else a new card,
 * recorded as a "card" event. Returns the cards in list order (dusun, RW,
 * RT, name), each with its KPM and payload; N_NEW says how many are new. */
GPtrArray  *salur_cards_issue            (SalurStore          *store,
                                          const SalurOperator *by,
                                          GArray              *round,
                                          const char          *dusun,
                                          const char          *kpm_id,
                                          guint               *n_new,
                                          GError             **error);
/* A lost card: a new serial for the KPM's card of ROUND; the old serial is
 * refused from then on. */
SalurCard  *salur_card_reissue           (SalurStore          *store,
                                          const SalurOperator *by,
                                          const char          *kpm_id,
                                          GArray              *round,
                                          GError             **error);

/* Where and when the KPM are invited; NULL fields print as lines to fill in
 * by hand */
typedef struct {
  const char *place;         /* "Balai Desa Sukamaju" */
  const char *date;          /* YYYY-MM-DD */
  const char *time;          /* HH:MM */
} SalurCardSchedule;

/* "Selasa, 1 Desember 2026" for YYYY-MM-DD; NULL if it is not a date */
char       *salur_date_format_id         (const char  *iso_date);
/* Checks the schedule's date (YYYY-MM-DD) and time (HH:MM) */
gboolean    salur_card_schedule_check    (const SalurCardSchedule *schedule,
                                          GError                 **error);

/* Draws CARDS on A4 sheets (2 × 4 cards, cut marks, each dusun from a new
 * sheet) into PATH. PROGRESS (may be NULL) is called after each sheet with
 * the fraction done; it runs in the caller's thread. Written to a temporary name and renamed. */
gboolean    salur_cards_write_pdf        (const SalurVillage      *village,
                                          GPtrArray               *cards,
                                          const SalurCardSchedule *schedule,
                                          const char              *path,
                                          GCancellable            *cancellable,
                                          SalurProgressFunc        progress,
                                          gpointer                 progress_data,
                                          GError                 **error);

#define SALUR_CARDS_PER_SHEET 8

/* The same sheets, to draw one at a time on any cairo_t: the preview on
 * screen and a printer's pages draw exactly what the PDF holds. */
typedef struct _SalurCardSheets SalurCardSheets;

/* Takes a reference on CARDS; refused like salur_cards_write_pdf (a bad
 * schedule, no cards) */
SalurCardSheets *salur_card_sheets_new   (const SalurVillage       *village,
                                          GPtrArray                *cards,
                                          const SalurCardSchedule  *schedule,
                                          GError                  **error);
guint            salur_card_sheets_count (SalurCardSheets          *sheets);
/* Draws sheet INDEX (from 0) with its top left corner at CR's origin, in
 * points: an A4 sheet is SALUR_A4_WIDTH × SALUR_A4_HEIGHT, so scale CR
 * first to draw it at another size. The sheet is painted white first. */
void             salur_card_sheets_draw  (SalurCardSheets          *sheets,
                                          guint                     index,
                                          cairo_t                  *cr);
void             salur_card_sheets_free  (SalurCardSheets          *sheets);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurCardSheets, salur_card_sheets_free)

G_END_DECLS
