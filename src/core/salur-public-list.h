/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-report.h"

G_BEGIN_DECLS

/* The list for the village notice board (papan pengumuman): who receives
 * for the report's months, by dusun, with RT/RW and whether it was received.
 * NIKs show only their first 4 and last 4 digits, and nothing health-related
 * (criteria, an absence's reason) is printed: the page is public. KPM off
 * the list for those months are left out. DATE is YYYY-MM-DD or NULL for
 * today. A4 portrait. */
gboolean salur_public_list_write_pdf (SalurReport  *report,
                                      const char   *path,
                                      const char   *date,
                                      GError      **error);

G_END_DECLS
