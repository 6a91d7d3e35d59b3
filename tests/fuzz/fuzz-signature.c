/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-signature"
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "salur-signature.h"

/* A payment's signature strokes as stored and as merged from other laptops:
 * the binary decoder (anything it accepts encodes back to the same bytes),
 * and the text form of the CLI's --signature FILE (anything it accepts
 * survives the text and the binary forms). */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
same_points (SalurSignature *a, SalurSignature *b)
{
  g_assert (salur_signature_get_width (a) == salur_signature_get_width (b));
  g_assert (salur_signature_get_height (a) == salur_signature_get_height (b));
  g_assert (salur_signature_n_strokes (a) == salur_signature_n_strokes (b));
  for (guint i = 0; i < salur_signature_n_strokes (a); i++)
    {
      guint na, nb;
      const SalurSignaturePoint *pa = salur_signature_get_stroke (a, i, &na);
      const SalurSignaturePoint *pb = salur_signature_get_stroke (b, i, &nb);

      g_assert (na == nb);
      for (guint j = 0; j < na; j++)
        {
          g_assert (pa[j].x == pb[j].x && pa[j].y == pb[j].y && pa[j].t_ms == pb[j].t_ms);
          g_assert (pa[j].pressure == pb[j].pressure);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  {
    g_autoptr(GBytes) bytes = g_bytes_new (data, size);
    g_autoptr(GError) error = NULL;
    g_autoptr(SalurSignature) sig = salur_signature_decode (bytes, &error);

    g_assert ((sig == NULL) == (error != NULL));
    if (sig != NULL)
      {
        g_autoptr(GBytes) again = salur_signature_encode (sig);
        g_assert (g_bytes_equal (bytes, again));
      }
  }
  {
    g_autofree char *text = fuzz_strndup (data, size);
    g_autoptr(GError) error = NULL;
    g_autoptr(SalurSignature) sig = salur_signature_parse_text (text, &error);

    g_assert ((sig == NULL) == (error != NULL));
    if (sig != NULL)
      {
        g_autofree char *written = salur_signature_to_text (sig);
        g_autoptr(SalurSignature) back = salur_signature_parse_text (written, NULL);
        g_autoptr(GBytes) encoded = salur_signature_encode (sig);
        g_autoptr(SalurSignature) decoded = salur_signature_decode (encoded, NULL);

        g_assert (back != NULL && decoded != NULL);
        same_points (sig, back);
        same_points (sig, decoded);
      }
  }
  return 0;
}
