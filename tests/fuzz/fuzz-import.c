/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-import"
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "salur-import.h"

/* The whole path of an import, from a file's bytes: the sheet (CSV or XLSX
 * by its magic), the header found below title rows, the columns matched by
 * meaning, and every row checked against the rules and the demo village's
 * list. Nothing is stored. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(SalurImportPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SalurStore *store;

  fuzz_init ();
  store = fuzz_store ("master.db");
  path = fuzz_write_file (size >= 2 && memcmp (data, "PK", 2) == 0 ? "daftar.xlsx" : "daftar.csv", data, size);
  plan = salur_import_prepare (store, path, NULL, NULL, NULL, &error);
  fuzz_report ("import", error);
  if (plan == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }
  g_assert (plan->columns != NULL);
  g_assert (plan->kpm->len + plan->refused <= plan->rows_read);
  for (guint i = 0; i < plan->problems->len; i++)
    {
      SalurImportProblem *p = g_ptr_array_index (plan->problems, i);
      g_assert (p->reason != NULL && g_utf8_validate (p->reason, -1, NULL));
      g_assert (p->value == NULL || g_utf8_validate (p->value, -1, NULL));
    }
  return 0;
}
