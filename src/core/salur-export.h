/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-report.h"

G_BEGIN_DECLS

/* The report's rows for spreadsheets and upward reporting: the 15 columns
 * of the BNBA 2023 template in its order, then what was paid (BULAN
 * DIBAYAR, JUMLAH (RP), TANGGAL TERIMA, DITERIMA OLEH, NOMOR KUITANSI) and
 * NO KK, DUSUN, KETERANGAN. One row per KPM, as in the report. */

/* XLSX: NIK and KK are text cells, so Excel keeps all 16 digits; amounts
 * are numbers, dates are dates. A second sheet holds the village, the
 * totals and the report's seal. */
gboolean salur_export_xlsx (SalurReport  *report,
                            const char   *path,
                            GError      **error);

/* CSV as Indonesian Excel reads it on a double click: UTF-8 with a BOM,
 * semicolons, CRLF. NIK and KK are written ="9901…" so that Excel keeps
 * them as text too (any other program sees the digits between the
 * quotes). */
gboolean salur_export_csv  (SalurReport  *report,
                            const char   *path,
                            GError      **error);

G_END_DECLS
