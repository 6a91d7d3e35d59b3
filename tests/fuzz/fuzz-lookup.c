/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-lookup"
#include "config.h"

#include "fuzz-common.h"
#include "salur-lookup.h"

/* The desk's one input: whatever a scanner or a person types (a card
 * payload, a short code, a NIK, a KPM id, part of a name) read by
 * salur_lookup against the committed master store, with the round
 * 2026-10..12 and with none. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
look (SalurStore *store, const char *text, GArray *round)
{
  g_autoptr(SalurLookup) lookup = NULL;
  g_autoptr(GError) error = NULL;
  SalurCardVerdict verdict;

  lookup = salur_lookup (store, text, round, &verdict, &error);
  g_assert ((lookup == NULL) == (error != NULL));
  fuzz_report ("lookup", error);
  if (lookup == NULL)
    return;
  g_assert (salur_input_kind_to_string (lookup->kind) != NULL);
  if (lookup->kind == SALUR_INPUT_NAME)
    {
      g_assert (lookup->matches != NULL);
      g_assert (lookup->matches->len <= SALUR_LOOKUP_MAX_MATCHES);
      g_assert (lookup->matches->len <= lookup->n_matches);
      g_assert (lookup->kpm != NULL || lookup->n_matches != 1);
    }
  else
    g_assert (lookup->kpm != NULL);
  if (lookup->states != NULL)
    g_assert (lookup->months != NULL && lookup->states->len == lookup->months->len);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GArray) round = NULL;
  g_autofree char *text = NULL;
  SalurStore *store;

  fuzz_init ();
  store = fuzz_store ("master.db");
  round = fuzz_round ();
  text = fuzz_strndup (data, size);
  look (store, text, round);
  look (store, text, NULL);
  return 0;
}
