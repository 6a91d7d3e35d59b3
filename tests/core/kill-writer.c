/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The writer that test-kill kills: `kill-writer DB START` logs in as joko
 * once, then pays month 2026-11 to every KPM of the list from index START,
 * one payment per transaction, as a desk does. It speaks on stdout, one line
 * per write, flushed at once:
 *
 *   ready                     logged in; payments start now
 *   paying KPM_ID             salur_ledger_pay is about to be called
 *   paid RECEIPT KPM_ID       salur_ledger_pay returned it: reported as confirmed
 *
 * A "paying" line without its "paid" line means the kill landed with that
 * payment in flight. The writer exits 0 only when the list ends, and 1 on
 * any error (printed on stderr). */
#define G_LOG_DOMAIN "kill-writer"
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "salur-demo.h"
#include "salur-error.h"
#include "salur-ledger.h"

#define KILL_MONTH_YEAR  2026
#define KILL_MONTH_MONTH 11
#define KILL_DESK        "Krajan"

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) joko = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  SalurMonth month = salur_month_from_ymd (KILL_MONTH_YEAR, KILL_MONTH_MONTH);
  guint64 start;

  if (argc != 3 || !g_ascii_string_to_unsigned (argv[2], 10, 0, G_MAXUINT, &start, NULL))
    {
      fprintf (stderr, "usage: kill-writer DB START\n");
      return 2;
    }
  g_array_append_val (months, month);

  store = salur_store_open (argv[1], &error);
  if (store != NULL)
    joko = salur_ledger_login (store, "joko", "2222", &error);
  if (joko != NULL)
    list = salur_store_list_kpm (store, NULL, &error);
  if (list == NULL)
    {
      fprintf (stderr, "kill-writer: %s\n", error->message);
      return 1;
    }
  printf ("ready\n");
  fflush (stdout);

  for (guint i = start; i < list->len; i++)
    {
      SalurKpm *kpm = g_ptr_array_index (list, i);
      SalurPaymentRequest req = {
        .kpm_id = kpm->id,
        .months = months,
        .desk = KILL_DESK,
        .place = SALUR_PLACE_HALL,
        .proof = SALUR_PROOF_THUMBPRINT,
      };
      g_autoptr(SalurPayment) paid = NULL;

      printf ("paying %s\n", kpm->id);
      fflush (stdout);
      paid = salur_ledger_pay (store, joko, &req, &error);
      if (paid == NULL)
        {
          fprintf (stderr, "kill-writer: paying %s (index %u): %s\n", kpm->id, i, error->message);
          return 1;
        }
      printf ("paid %s %s\n", paid->receipt, paid->kpm_id);
      fflush (stdout);
    }
  return 0;
}
