/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-error"
#include "config.h"

#include <gio/gio.h>

#include "salur-error.h"

G_DEFINE_QUARK (salur-error-quark, salur_error)

int
salur_error_exit_code (const GError *error)
{
  if (error == NULL)
    return 0;
  if (error->domain == G_OPTION_ERROR)
    return 2;
  if (error->domain != SALUR_ERROR)
    return 1;

  switch ((SalurError) error->code)
    {
    case SALUR_ERROR_USAGE:
      return 2;
    case SALUR_ERROR_INVALID:
    case SALUR_ERROR_NOT_FOUND:
    case SALUR_ERROR_EXISTS:
    case SALUR_ERROR_NO_VILLAGE:
    case SALUR_ERROR_ALREADY_PAID:
    case SALUR_ERROR_CLOSED:
    case SALUR_ERROR_NOT_ON_LIST:
    case SALUR_ERROR_TOO_MANY_MONTHS:
    case SALUR_ERROR_FORBIDDEN:
    case SALUR_ERROR_BAD_PIN:
    case SALUR_ERROR_THROTTLED:
      return 3;
    case SALUR_ERROR_FAILED:
    case SALUR_ERROR_STORE:
    case SALUR_ERROR_CANCELLED:
    case SALUR_ERROR_TAMPERED:
    default:
      return 1;
    }
}
