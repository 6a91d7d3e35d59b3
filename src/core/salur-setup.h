/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-ledger.h"
#include "salur-store.h"

G_BEGIN_DECLS

/* A new village in one step, as `salur init`, `salur dusun add` and
 * `salur operator add` make it one command at a time: the settings, this
 * laptop as the village's master (the one that issues cards and packages),
 * its dusun with their RWs, and its operators. The first operator is the
 * bendahara, who adds the others. All or nothing: a dusun or an operator
 * refused leaves the data file as empty as it was. */

typedef struct {
  const char         *name;
  const char *const  *rws;     /* NULL-terminated, may be NULL */
} SalurSetupDusun;

typedef struct {
  const char  *name;
  SalurRole    role;
  const char  *pin;
} SalurSetupOperator;

gboolean salur_village_setup (SalurStore                *store,
                              const SalurVillage        *village,
                              const SalurSetupDusun     *dusun,
                              guint                      n_dusun,
                              const SalurSetupOperator  *operators,
                              guint                      n_operators,
                              GError                   **error);

G_END_DECLS
