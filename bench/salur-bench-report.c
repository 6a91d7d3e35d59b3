/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-bench-report"
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "salur-demo.h"
#include "salur-error.h"
#include "salur-ledger.h"
#include "salur-signature.h"

/* salur-bench-report DB N_KPM SIGNATURE.txt: the data of bench/run's report section.
 *
 * Builds the demo village with N_KPM families in DB (which must not exist)
 * and records a disbursement day for 2026-11 through salur_ledger_pay: 95%
 * of the families paid, each with a signature (the sample, slanted and
 * scaled a little differently for each, as hands differ), one in 20 of
 * those to a proxy, one in 50 at home; 1% recorded absent; the rest
 * unpaid. 500 payments share a transaction (the store's begin nests as
 * savepoints), which changes nothing the report reads. */

#define BATCH 500

static SalurSignature *
variant (SalurSignature *sample, guint i)
{
  GRand *rand = g_rand_new_with_seed (i);
  double sx = g_rand_double_range (rand, 0.75, 1.0), sy = g_rand_double_range (rand, 0.7, 1.0);
  double shear = g_rand_double_range (rand, -0.25, 0.25), tx = g_rand_double_range (rand, 10, 70);
  SalurSignature *sig = salur_signature_new (salur_signature_get_width (sample), salur_signature_get_height (sample));

  for (guint s = 0; s < salur_signature_n_strokes (sample); s++)
    {
      guint n;
      const SalurSignaturePoint *pts = salur_signature_get_stroke (sample, s, &n);

      salur_signature_begin_stroke (sig);
      for (guint k = 0; k < n; k++)
        {
          SalurSignaturePoint p = pts[k];
          p.x = tx + sx * pts[k].x + shear * (pts[k].y - 100);
          p.y = 15 + sy * pts[k].y;
          salur_signature_add_point (sig, &p);
        }
    }
  g_rand_free (rand);
  return sig;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) joko = NULL, budi = NULL;
  g_autoptr(GPtrArray) kpm = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(SalurSignature) sample = NULL;
  g_autofree char *text = NULL;
  SalurMonth nov = salur_month_from_ymd (2026, 11);
  guint n, paid = 0;

  if (argc != 4)
    {
      fprintf (stderr, "usage: salur-bench-report DB N_KPM SIGNATURE.txt\n");
      return 2;
    }
  n = atoi (argv[2]);
  if (!g_file_get_contents (argv[3], &text, NULL, &error) || (sample = salur_signature_parse_text (text, &error)) == NULL
      || (store = salur_store_open (argv[1], &error)) == NULL || !salur_demo_create (store, n, 1, &error)
      || (joko = salur_ledger_login (store, "joko", "2222", &error)) == NULL
      || (budi = salur_ledger_login (store, "budi", "4444", &error)) == NULL
      || (kpm = salur_store_list_kpm (store, NULL, &error)) == NULL)
    {
      fprintf (stderr, "salur-bench-report: %s\n", error->message);
      return 1;
    }
  months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  g_array_append_val (months, nov);

  for (guint i = 0; i < kpm->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (kpm, i);
      g_autoptr(SalurSignature) sig = NULL;
      g_autoptr(GBytes) bytes = NULL;
      SalurPaymentRequest req = { .kpm_id = k->id, .months = months, .desk = k->dusun, .proof = SALUR_PROOF_SIGNATURE };
      gboolean ok;

      if (i % BATCH == 0 && !salur_store_begin (store, &error))
        break;
      if (i % 100 == 42)
        ok = salur_ledger_absent (store, joko, k->id, months, k->dusun, "sakit", &error);
      else if (i % 20 == 19)
        ok = TRUE;   /* not come yet */
      else
        {
          g_autoptr(SalurPayment) p = NULL;

          sig = variant (sample, i);
          bytes = salur_signature_encode (sig);
          req.signature = bytes;
          if (i % 20 == 7)
            {
              req.proxy_name = "SITI AMINAH";
              req.proxy_nik = "9901016211900903";
              req.proxy_relation = "anak";
              req.surat_kuasa_seen = TRUE;
            }
          if (i % 50 == 13)
            {
              req.place = SALUR_PLACE_HOME;
              req.witness = "RAHMAT";
            }
          p = salur_ledger_pay (store, i % 50 == 13 ? budi : joko, &req, &error);
          ok = p != NULL;
          paid += ok;
        }
      if (!ok)
        break;
      if ((i % BATCH == BATCH - 1 || i + 1 == kpm->len) && !salur_store_commit (store, &error))
        break;
    }
  if (error != NULL)
    {
      fprintf (stderr, "salur-bench-report: %s\n", error->message);
      return 1;
    }
  printf ("kpm %u\npaid %u\n", kpm->len, paid);
  return 0;
}
