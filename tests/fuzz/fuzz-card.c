/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-card"
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "salur-card.h"
#include "salur-month.h"

/* A card's payload as a scanner types it, and a short code as a person
 * types it, checked against the committed master store (its village key
 * and record of cards) for the round 2026-10..12.
 *
 * An input that starts with 'K' is not text: its bytes choose a serial, a
 * KPM id (one of the village's, or any) and the months, which the harness
 * signs with the village's key as salur_cards_issue would, so that a
 * genuine payload with any content reaches the checks after the signature
 * (the record, the replaced cards, the KPM, the round). */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char base32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void
check_text (SalurStore *store, GArray *round, const char *text)
{
  SalurCardVerdict verdict = SALUR_CARD_OK;
  char norm[SALUR_SHORT_CODE_LEN + 1];

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalurCard) card = salur_card_check_payload (store, text, round, &verdict, &error);
    g_assert ((card == NULL) == (error != NULL));
    fuzz_report ("payload", error);
    if (card != NULL)
      g_assert (verdict == SALUR_CARD_OK && card->kpm != NULL);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalurCard) card = salur_card_check_short_code (store, text, round, &verdict, &error);
    g_assert ((card == NULL) == (error != NULL));
  }
  if (salur_short_code_normalize (text, norm))
    {
      g_autofree char *shown = salur_short_code_format (norm);
      g_assert (strlen (shown) == SALUR_SHORT_CODE_LEN + 2);
      salur_short_code_valid (norm);
    }
  salur_card_looks_like_payload (text);
}

static char *
kpm_id_at (SalurStore *store, guint i)
{
  static GPtrArray *list;

  if (list == NULL)
    list = salur_store_list_kpm (store, NULL, NULL);
  g_assert (list != NULL && list->len > 0);
  return g_strdup (((SalurKpm *) g_ptr_array_index (list, i % list->len))->id);
}

/* 'K': serial (8 bytes), KPM (1 byte: below 128 one of the village's, else
 * 8 bytes of id), first month (2 bytes), the other months (2 bytes) */
static void
signed_card (SalurStore *store, GArray *round, const uint8_t *data, size_t size)
{
  g_autoptr(SalurCard) card = g_new0 (SalurCard, 1);
  g_autoptr(GError) error = NULL;
  guint pos = 0;
  SalurMonth first;
  guint mask;

  if (size < 8 + 1 + 4)
    return;
  for (int i = 0; i < SALUR_CARD_SERIAL_LEN; i++)
    card->serial[i] = base32[data[pos++] % 32];
  if (data[pos] < 128)
    card->kpm_id = kpm_id_at (store, data[pos++]);
  else
    {
      pos++;
      if (size < pos + 8 + 4)
        return;
      card->kpm_id = g_strdup_printf ("%02x%02x%02x%02x%02x%02x%02x%02x", data[pos], data[pos + 1],
                                      data[pos + 2], data[pos + 3], data[pos + 4], data[pos + 5],
                                      data[pos + 6], data[pos + 7]);
      pos += 8;
    }
  /* the 11 bits a payload has for the first month */
  first = salur_month_from_ymd (2000, 1) + ((data[pos] << 8 | data[pos + 1]) % 2048);
  mask = (data[pos + 2] << 8 | data[pos + 3]) & 0x7ff;
  card->months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  g_array_append_val (card->months, first);
  for (guint i = 0; i < 11; i++)
    if (mask & (1u << i))
      {
        SalurMonth m = first + 1 + i;
        g_array_append_val (card->months, m);
      }
  card->replaces = g_strdup ("");
  card->issued_at = g_strdup ("");
  card->issued_by = g_strdup ("");
  if (!salur_card_sign (store, card, &error))
    {
      fuzz_report ("sign", error);
      return;
    }
  g_assert (strlen (card->payload) == SALUR_CARD_PAYLOAD_LEN);
  check_text (store, round, card->payload);
  check_text (store, NULL, card->payload);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GArray) round = NULL;
  SalurStore *store;

  fuzz_init ();
  store = fuzz_store ("master.db");
  round = fuzz_round ();
  if (size > 0 && data[0] == 'K')
    signed_card (store, round, data + 1, size - 1);
  else
    {
      g_autofree char *text = fuzz_strndup (data, size);
      check_text (store, round, text);
    }
  return 0;
}
