/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A month as a number: year * 12 + (month - 1). Written "2026-11". */
typedef int SalurMonth;

#define SALUR_MONTH_NONE 0

gboolean    salur_month_parse        (const char   *text,
                                      SalurMonth   *month,
                                      GError      **error);
/* "2026-10,2026-11" into a sorted array of distinct months */
GArray     *salur_month_parse_list   (const char   *text,
                                      GError      **error);
char       *salur_month_format       (SalurMonth    month);
/* "November 2026" in Indonesian, for official documents */
char       *salur_month_format_id    (SalurMonth    month);
SalurMonth  salur_month_from_ymd     (int year, int month);
int         salur_month_year         (SalurMonth    month);
int         salur_month_number       (SalurMonth    month);   /* 1..12 */

/* Dates in cells: YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY, and
 * "12 Mei 1980" / "12 May 1980"; day first, as Indonesia writes them. Returns
 * TRUE and ISO text in OUT when the text is a real date. */
gboolean    salur_date_parse         (const char   *text,
                                      char          out[11]);
gboolean    salur_date_valid         (int year, int month, int day);

/* A recorded time (UTC, ISO 8601) as people here read it: local time,
 * "24-11-2026 08:15" */
char       *salur_time_to_local      (const char   *at);

G_END_DECLS
