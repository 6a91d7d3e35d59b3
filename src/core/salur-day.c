/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-day"
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "salur-day.h"
#include "salur-error.h"
#include "salur-month.h"
#include "salur-store-private.h"

void
salur_desk_hours_free (SalurDeskHours *hours)
{
  if (hours == NULL)
    return;
  g_free (hours->desk);
  g_free (hours);
}

/* LOCAL midnight of DAY as the UTC text events carry ("2026-11-23T17:00:00") */
static char *
utc_bound (GDateTime *local)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
}

static int
cmp_desk (gconstpointer a,
          gconstpointer b)
{
  const SalurDeskHours *x = *(SalurDeskHours **) a;
  const SalurDeskHours *y = *(SalurDeskHours **) b;

  return g_utf8_collate (x->desk, y->desk);
}

GPtrArray *
salur_day_payments_per_hour (SalurStore  *store,
                             const char  *date,
                             GArray      *months,
                             GError     **error)
{
  g_autoptr(GPtrArray) desks = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_desk_hours_free);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(GDateTime) start = NULL, end = NULL;
  g_autofree char *from = NULL, *to = NULL;
  sqlite3_stmt *stmt;
  char iso[11];
  int rc;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  if (!salur_date_parse (date, iso))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("“%s” is not a date: write YYYY-MM-DD."), date);
      return NULL;
    }
  start = g_date_time_new_local (atoi (iso), atoi (iso + 5), atoi (iso + 8), 0, 0, 0);
  end = g_date_time_add_days (start, 1);
  from = utc_bound (start);
  to = utc_bound (end);
  if (months != NULL && months->len > 0)
    {
      wanted = g_hash_table_new (g_direct_hash, g_direct_equal);
      for (guint i = 0; i < months->len; i++)
        g_hash_table_add (wanted, GINT_TO_POINTER (g_array_index (months, SalurMonth, i)));
    }

  /* times are ISO text in UTC: a range of text is a range of time */
  stmt = _salur_store_prepare (store,
                               "SELECT p.desk, p.at, (SELECT group_concat (m.month) FROM ev_month m"
                               "  WHERE m.device_id = p.device_id AND m.seq = p.seq AND m.what = 'payment')"
                               " FROM ev_payment p WHERE p.at >= ?1 AND p.at < ?2 AND NOT EXISTS"
                               " (SELECT 1 FROM ev_void v WHERE v.target_device = p.device_id AND v.target_seq = p.seq)",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *desk = (const char *) sqlite3_column_text (stmt, 0);
      const char *at = (const char *) sqlite3_column_text (stmt, 1);
      const char *paid = (const char *) sqlite3_column_text (stmt, 2);
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (at, NULL);
      g_autoptr(GDateTime) local = NULL;
      SalurDeskHours *hours;

      if (utc == NULL)
        continue;
      if (wanted != NULL)
        {
          g_auto(GStrv) list = g_strsplit (paid != NULL ? paid : "", ",", -1);
          gboolean any = FALSE;

          for (guint i = 0; list[i] != NULL && !any; i++)
            any = g_hash_table_contains (wanted, GINT_TO_POINTER (atoi (list[i])));
          if (!any)
            continue;
        }
      local = g_date_time_to_local (utc);
      hours = g_hash_table_lookup (by_name, desk);
      if (hours == NULL)
        {
          hours = g_new0 (SalurDeskHours, 1);
          hours->desk = g_strdup (desk);
          g_ptr_array_add (desks, hours);
          g_hash_table_insert (by_name, hours->desk, hours);
        }
      hours->count[g_date_time_get_hour (local)]++;
      hours->total++;
    }
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (store, error, _("Cannot read the payments"));
      return NULL;
    }
  g_ptr_array_sort (desks, cmp_desk);
  return g_steal_pointer (&desks);
}

GArray *
salur_day_latest_round (SalurStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *months = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  stmt = _salur_store_prepare (store,
                               "SELECT c.months FROM ev_card c JOIN event e ON e.device_id = c.device_id"
                               " AND e.seq = c.seq ORDER BY e.at DESC, e.seq DESC LIMIT 1", &error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  months = _salur_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return salur_month_parse_list (months, NULL);
}
