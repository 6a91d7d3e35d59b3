/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-csv"
#include "config.h"

#include "fuzz-common.h"
#include "salur-columns.h"
#include "salur-csv.h"

/* The CSV reader from bytes: every row it gives has n_cells UTF-8 cells,
 * and the first rows are tried as a header, as the importer does. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(SalurCsv) csv = NULL;
  g_autoptr(GError) error = NULL;
  SalurSheetRow row;
  guint n = 0;

  fuzz_init ();
  csv = salur_csv_new_from_data ((const char *) data, size, "fuzz.csv", &error);
  if (csv == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }
  while (salur_csv_next (csv, &row, &error))
    {
      g_assert (row.n_cells <= SALUR_CSV_MAX_CELLS);
      for (guint i = 0; i < row.n_cells; i++)
        {
          g_assert (row.cells[i] != NULL);
          g_assert (g_utf8_validate (row.cells[i], -1, NULL));
          g_assert (row.kinds[i] == SALUR_CELL_TEXT || row.kinds[i] == SALUR_CELL_EMPTY);
        }
      if (n++ < 8)
        {
          g_autoptr(SalurColumnMap) map = salur_column_map_new ((const char *const *) row.cells, row.n_cells);
          salur_column_map_usable (map);
        }
    }
  /* an error stays */
  if (error != NULL)
    {
      g_autoptr(GError) again = NULL;
      g_assert (!salur_csv_next (csv, &row, &again));
      g_assert (again != NULL);
    }
  return 0;
}
