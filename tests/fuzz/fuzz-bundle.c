/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-bundle"
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fuzz-common.h"
#include "salur-sync.h"

/* A file from a USB stick, as `salur merge` and `salur join` read it: the
 * envelope (magic, header, lengths, ciphertext, signature), the sender, the
 * signature and, for the corpus's real bundles and packages, the payload and
 * its events. A bundle is merged into both committed stores (the master and
 * the desk); a package is joined into a new store. A store an input changed
 * is put back before the next. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
merge_into (const char *store_name, const char *path)
{
  g_autoptr(SalurMergeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = salur_sync_merge (fuzz_store (store_name), path, NULL, &error);
  g_assert ((result == NULL) == (error != NULL));
  fuzz_report (store_name, error);
  if (result != NULL)
    {
      g_assert (result->device_id != NULL && result->device_name != NULL);
      g_assert (result->first_seq <= result->last_seq);
      /* stored events, a line in the bundle log */
      fuzz_store_reset (store_name);
    }
}

static void
remove_store (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_unlink (p);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = NULL, *joined = NULL;

  fuzz_init ();
  path = fuzz_write_file ("fuzz.bundle", data, size);
  if (size >= 8 && memcmp (data, "SALURPK1", 8) == 0)
    {
      g_autoptr(SalurStore) store = NULL;
      g_autoptr(GError) error = NULL;

      joined = g_build_filename (fuzz_dir (), "joined.db", NULL);
      store = salur_sync_join (joined, path, FUZZ_PASSPHRASE, &error);
      g_assert ((store == NULL) == (error != NULL));
      fuzz_report ("join", error);
      g_clear_object (&store);
      remove_store (joined);
      return 0;
    }
  merge_into ("master.db", path);
  merge_into ("desk.db", path);
  return 0;
}
