/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-bench-desk"
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "salur-card.h"
#include "salur-demo.h"
#include "salur-error.h"

/* salur-bench-desk STORE N [SEED]: the demo village with N KPM in STORE,
 * invitation cards for Oct–Dec 2026 issued to CARDS of them (the desk then
 * takes that round), and on stdout what bench/desk.sh types into the
 * window: "nik NIK", "card PAYLOAD" and "name PART" lines, all of the
 * first dusun (the desk's default). Timings on stderr. */

#define CARDS 20
#define NIKS  40

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) sri = NULL;
  g_autoptr(GArray) round = NULL;
  g_autoptr(GPtrArray) dusun = NULL;
  g_autoptr(GPtrArray) kpm = NULL;
  guint64 n = 0, seed = 1;
  gint64 t0;
  const char *first;

  if (argc < 3 || argc > 4 || !g_ascii_string_to_unsigned (argv[2], 10, 1, G_MAXUINT, &n, NULL)
      || (argc == 4 && !g_ascii_string_to_unsigned (argv[3], 10, 0, G_MAXUINT32, &seed, NULL)))
    {
      g_printerr ("Usage: %s STORE N [SEED]\n", argv[0]);
      return 2;
    }

  t0 = g_get_monotonic_time ();
  store = salur_store_open (argv[1], &error);
  if (store == NULL || !salur_demo_create (store, (guint) n, (guint32) seed, &error))
    goto fail;
  g_printerr ("demo_s %.1f\n", (g_get_monotonic_time () - t0) / 1e6);

  sri = salur_ledger_login (store, "sri", "1111", &error);
  round = salur_month_parse_list ("2026-10,2026-11,2026-12", &error);
  dusun = salur_store_list_dusun (store, &error);
  if (sri == NULL || round == NULL || dusun == NULL || dusun->len == 0)
    goto fail;
  first = ((SalurDusun *) g_ptr_array_index (dusun, 0))->name;
  kpm = salur_store_list_kpm (store, first, &error);
  if (kpm == NULL)
    goto fail;

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < kpm->len && i < CARDS; i++)
    {
      const SalurKpm *k = g_ptr_array_index (kpm, i);
      g_autoptr(GPtrArray) cards = salur_cards_issue (store, sri, round, NULL, k->id, NULL, &error);

      if (cards == NULL || cards->len != 1)
        goto fail;
      printf ("card %s\n", ((SalurCard *) g_ptr_array_index (cards, 0))->payload);
    }
  g_printerr ("cards_s %.1f\n", (g_get_monotonic_time () - t0) / 1e6);
  for (guint i = CARDS; i < kpm->len && i < CARDS + NIKS; i++)
    printf ("nik %s\n", ((SalurKpm *) g_ptr_array_index (kpm, i))->nik);
  /* the first word of a few names: parts of names as a person types them */
  for (guint i = CARDS + NIKS; i < kpm->len && i < CARDS + NIKS + 5; i++)
    {
      g_auto(GStrv) words = g_strsplit (((SalurKpm *) g_ptr_array_index (kpm, i))->name, " ", 2);
      printf ("name %s\n", words[0]);
    }
  printf ("dusun %s\n", first);
  return EXIT_SUCCESS;

fail:
  g_printerr ("%s: %s\n", argv[0], error != NULL ? error->message : "the village has no dusun");
  return error != NULL ? salur_error_exit_code (error) : 1;
}
