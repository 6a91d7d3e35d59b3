/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-ledger.h"

G_BEGIN_DECLS

/* For the ledger's own files (complaints, desks): the rules every writer
 * shares */

/* BY may write WHAT (a phrase: "record a payment"): signed in, active, not
 * an auditor, and the bendahara when BENDAHARA_ONLY */
gboolean  _salur_ledger_require_role (const SalurOperator *by,
                                      gboolean             bendahara_only,
                                      const char          *what,
                                      GError             **error);
/* "2026-10,2026-11": months as event bodies hold them */
char     *_salur_ledger_months_text  (GArray              *months);

/* NULL, empty or only spaces: a required text not given */
gboolean  _salur_ledger_blank        (const char          *text);

G_END_DECLS
