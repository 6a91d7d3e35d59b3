/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-ledger.h"

G_BEGIN_DECLS

/* Region code used by every demo NIK and KK. Province 99 does not exist in
 * Kemendagri's coding (provinces run from 11 to 97), so a demo NIK can never
 * be a real person's. */
#define SALUR_DEMO_REGION "990101"

typedef struct {
  const char *name;
  SalurRole   role;
  const char *pin;
} SalurDemoOperator;

/* The demo's operators and their PINs (NULL-terminated): sri is the
 * bendahara, joko and wati kepala dusun, budi field staff, rina auditor */
extern const SalurDemoOperator salur_demo_operators[];

/* Fills an empty store with the fictional Desa Sukamaju: village settings,
 * five dusun with their RWs, N_KPM families generated from SEED (the same
 * seed always gives the same village). */
gboolean salur_demo_create (SalurStore  *store,
                            guint        n_kpm,
                            guint32      seed,
                            GError     **error);

/* The same families written as a BNBA-style CSV (semicolon, as Indonesian
 * Excel saves it), for benchmarks and tests of the importer. */
gboolean salur_demo_write_csv (const char *path,
                               guint       n_kpm,
                               guint32     seed,
                               GError    **error);

G_END_DECLS
