/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-bench-gen"
#include "config.h"

#include <stdlib.h>

#include "salur-demo.h"
#include "salur-error.h"

/* salur-bench-gen N OUT.csv [SEED]: the demo village's families as a BNBA
 * CSV (semicolons, CRLF), the input of bench/run's import section. */

static gboolean
parse_uint (const char *text, guint64 max, guint64 *out)
{
  return g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  guint64 n = 0;
  guint64 seed = 1;
  gint64 start;

  if (argc < 3 || argc > 4 ||
      !parse_uint (argv[1], G_MAXUINT, &n) ||
      (argc == 4 && !parse_uint (argv[3], G_MAXUINT32, &seed)))
    {
      g_printerr ("Usage: %s N OUT.csv [SEED]\n", argv[0]);
      return 2;
    }

  start = g_get_monotonic_time ();
  if (!salur_demo_write_csv (argv[2], (guint) n, (guint32) seed, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return salur_error_exit_code (error);
    }
  g_printerr ("%s: %" G_GUINT64_FORMAT " rows written to %s in %.3f s (seed %" G_GUINT64_FORMAT ")\n",
              argv[0], n, argv[2], (g_get_monotonic_time () - start) / 1e6, seed);
  return EXIT_SUCCESS;
}
