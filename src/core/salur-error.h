/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SALUR_ERROR (salur_error_quark ())

/* Every failure a user can cause carries one of these codes; the CLI turns
 * them into exit codes (see salur_error_exit_code). */
typedef enum {
  SALUR_ERROR_FAILED,          /* something broke that the user did not cause: exit 1 */
  SALUR_ERROR_USAGE,           /* wrong command line: exit 2 */
  SALUR_ERROR_INVALID,         /* input refused (bad NIK, bad file, bad row): exit 3 */
  SALUR_ERROR_NOT_FOUND,       /* no such KPM, dusun, file: exit 3 */
  SALUR_ERROR_EXISTS,          /* already there (village, dusun, NIK): exit 3 */
  SALUR_ERROR_NO_VILLAGE,      /* the store has no village yet: exit 3 */
  SALUR_ERROR_STORE,           /* the store cannot be opened or written: exit 1 */
  SALUR_ERROR_CANCELLED,       /* the user cancelled long work: exit 1 */
  SALUR_ERROR_ALREADY_PAID,    /* a month of this KPM is paid already: exit 3 */
  SALUR_ERROR_CLOSED,          /* the KPM is off the list for that month: exit 3 */
  SALUR_ERROR_NOT_ON_LIST,     /* a month before the KPM was on the list: exit 3 */
  SALUR_ERROR_TOO_MANY_MONTHS, /* more months than the village pays at once: exit 3 */
  SALUR_ERROR_FORBIDDEN,       /* the operator's role may not do this: exit 3 */
  SALUR_ERROR_BAD_PIN,         /* wrong name or PIN: exit 3 */
  SALUR_ERROR_THROTTLED,       /* too many wrong PINs, wait: exit 3 */
  SALUR_ERROR_TAMPERED,        /* the record was changed behind Salur's back: exit 1 */
} SalurError;

GQuark salur_error_quark (void);
int    salur_error_exit_code (const GError *error);

G_END_DECLS
