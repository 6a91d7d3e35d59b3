/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-xlsx"
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "salur-columns.h"
#include "salur-xlsx.h"

/* The XLSX reader (libarchive and libxml2) from the bytes of a workbook:
 * every worksheet it names is opened and read to its end. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
read_sheet (GBytes *bytes, guint index, guint *n_sheets)
{
  g_autoptr(SalurXlsx) xlsx = NULL;
  g_autoptr(GError) error = NULL;
  SalurSheetRow row;
  guint n = 0;

  xlsx = salur_xlsx_new_from_bytes (bytes, "fuzz.xlsx", index, &error);
  if (xlsx == NULL)
    {
      g_assert (error != NULL);
      return;
    }
  *n_sheets = salur_xlsx_get_n_sheets (xlsx);
  g_assert (salur_xlsx_get_name (xlsx) != NULL);
  for (guint i = 0; i < *n_sheets; i++)
    g_assert (salur_xlsx_get_sheet_name (xlsx, i) != NULL);
  while (salur_xlsx_next (xlsx, &row, &error))
    {
      g_assert (row.n_cells > 0 && row.n_cells <= SALUR_XLSX_MAX_COLUMNS);
      for (guint i = 0; i < row.n_cells; i++)
        {
          g_assert (row.cells[i] != NULL);
          g_assert (g_utf8_validate (row.cells[i], -1, NULL));
          if (row.kinds[i] == SALUR_CELL_DATE)
            g_assert (strlen (row.cells[i]) == 10);
        }
      if (n++ < 8)
        {
          g_autoptr(SalurColumnMap) map = salur_column_map_new ((const char *const *) row.cells, row.n_cells);
          salur_column_map_usable (map);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) bytes = NULL;
  guint n_sheets = 0;

  fuzz_init ();
  bytes = g_bytes_new (data, size);
  read_sheet (bytes, 0, &n_sheets);
  /* the other sheets, as the importer looks for the right one */
  for (guint i = 1; i < n_sheets && i < 4; i++)
    read_sheet (bytes, i, &n_sheets);
  return 0;
}
