/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-event"
#include "config.h"

#include <string.h>

#include <sodium.h>

#include "salur-event.h"

/* An event's hash is BLAKE2b-256 of its canonical text. It is computed
 * without writing that text out; it must be the same bytes' hash, or a
 * laptop would refuse the events of one running an older Salur. And a body
 * reads back exactly as it was written, escapes and all. */

static void
assert_hash_of_canonical (const SalurEvent *e)
{
  g_autofree char *text = salur_event_canonical (e);
  guint8 want[SALUR_HASH_LEN], got[SALUR_HASH_LEN];
  g_autofree char *want_hex = NULL, *got_hex = NULL;

  crypto_generichash (want, sizeof want, (const guint8 *) text, strlen (text), NULL, 0);
  salur_event_compute_hash (e, got);
  want_hex = salur_hash_to_hex (want);
  got_hex = salur_hash_to_hex (got);
  g_assert_cmpstr (got_hex, ==, want_hex);
}

static void
test_hash_of_canonical (void)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) long_body = g_string_new (NULL);
  SalurEvent e = {
    .device_id = (char *) "afe6cec1d00d4f00",
    .seq = 42,
    .kind = (char *) "payment",
    .at = (char *) "2026-11-24T08:15:02.123Z",
    .operator_name = (char *) "joko",
    .kpm_id = (char *) "0123456789abcdef",
  };

  salur_body_add (body, "receipt", "KRJ-7QX-2611-0042");
  salur_body_add (body, "note", "baris satu\nbaris dua\r\\akhir\\");
  salur_body_add_int (body, "total", 900000);
  e.body = body->str;
  for (int i = 0; i < SALUR_HASH_LEN; i++)
    e.prev_hash[i] = (guint8) (i * 37 + 1);
  assert_hash_of_canonical (&e);

  /* escapes in the header's own fields, empty fields, a large sequence */
  e.operator_name = (char *) "siti\\aminah\n";
  e.kpm_id = (char *) "";
  e.at = (char *) "\r";
  e.seq = G_MAXINT64;
  assert_hash_of_canonical (&e);

  /* the first event of a device: no previous hash; an empty body */
  memset (e.prev_hash, 0, sizeof e.prev_hash);
  e.seq = 1;
  e.body = (char *) "";
  assert_hash_of_canonical (&e);

  /* a body larger than BLAKE2b's block, as a signature makes it */
  for (int i = 0; i < 400; i++)
    salur_body_add_int (long_body, "point", i * 7919);
  e.body = long_body->str;
  assert_hash_of_canonical (&e);
}

/* What salur_body_add writes, salur_body_parse reads back as it was */
static void
test_body_round_trip (void)
{
  const char *values[] = { "", "Krajan", "baris satu\nbaris dua", "\\", "a\\nb", "\r\n", "akhir\\",
                           "tanda = sama dengan", "SITI AMINAH (anak)" };
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", i);
      salur_body_add (body, key, values[i]);
    }
  fields = salur_body_parse (body->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (fields), ==, G_N_ELEMENTS (values));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", i);
      g_assert_cmpstr (salur_body_get (fields, key), ==, values[i]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  g_test_add_func ("/event/hash-of-canonical", test_hash_of_canonical);
  g_test_add_func ("/event/body-round-trip", test_body_round_trip);
  return g_test_run ();
}
