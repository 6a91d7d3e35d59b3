/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-fuzz"
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "fuzz-common.h"
#include "salur-month.h"

static char *dir;
static GHashTable *stores;   /* name -> SalurStore */

static void
remove_dir (void)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (stores != NULL)
    g_clear_pointer (&stores, g_hash_table_unref);
  if (dir == NULL)
    return;
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
  g_clear_pointer (&dir, g_free);
}

static void
quiet (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
}

void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  /* the messages of an input's refusal are the product's business, not the
   * fuzzer's; a critical (a broken precondition) is a bug */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_handler (NULL, G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG, quiet, NULL);
  if (sodium_init () < 0)
    abort ();
  dir = g_dir_make_tmp ("salur-fuzz-XXXXXX", NULL);
  if (dir == NULL)
    abort ();
  atexit (remove_dir);
}

const char *
fuzz_dir (void)
{
  fuzz_init ();
  return dir;
}

static const char *
stores_dir (void)
{
  const char *env = g_getenv ("SALUR_FUZZ_STORES");

  return env != NULL ? env : FUZZ_STORES_DIR;
}

static void
copy_store (const char *name)
{
  g_autofree char *from = g_build_filename (stores_dir (), name, NULL);
  g_autofree char *to = g_build_filename (fuzz_dir (), name, NULL);
  g_autofree char *wal = g_strconcat (to, "-wal", NULL);
  g_autofree char *shm = g_strconcat (to, "-shm", NULL);
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (from, &data, &len, NULL))
    {
      fprintf (stderr, "fuzz: cannot read %s (run tests/fuzz/make-corpus.sh)\n", from);
      abort ();
    }
  g_unlink (wal);
  g_unlink (shm);
  if (!g_file_set_contents (to, data, len, NULL))
    abort ();
  g_chmod (to, 0600);
}

SalurStore *
fuzz_store (const char *name)
{
  SalurStore *store;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fuzz_init ();
  if (stores == NULL)
    stores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  store = g_hash_table_lookup (stores, name);
  if (store != NULL)
    return store;
  copy_store (name);
  path = g_build_filename (fuzz_dir (), name, NULL);
  store = salur_store_open (path, &error);
  if (store == NULL)
    {
      fprintf (stderr, "fuzz: cannot open %s: %s\n", path, error->message);
      abort ();
    }
  g_hash_table_insert (stores, g_strdup (name), store);
  return store;
}

void
fuzz_store_reset (const char *name)
{
  if (stores != NULL)
    g_hash_table_remove (stores, name);
  fuzz_store (name);
}

char *
fuzz_write_file (const char *name, const void *data, size_t size)
{
  char *path = g_build_filename (fuzz_dir (), name, NULL);
  FILE *f = fopen (path, "wb");

  if (f == NULL || (size > 0 && fwrite (data, 1, size, f) != size) || fclose (f) != 0)
    abort ();
  return path;
}

char *
fuzz_strndup (const uint8_t *data, size_t size)
{
  char *s = g_malloc (size + 1);

  memcpy (s, data, size);
  s[size] = '\0';
  return s;
}

GArray *
fuzz_round (void)
{
  GArray *round = salur_month_parse_list (FUZZ_ROUND, NULL);

  if (round == NULL)
    abort ();
  return round;
}

void
fuzz_report (const char *what, const GError *error)
{
  static int verbose = -1;

  if (verbose < 0)
    verbose = g_getenv ("SALUR_FUZZ_VERBOSE") != NULL;
  if (verbose)
    fprintf (stderr, "%s: %s\n", what, error != NULL ? error->message : "accepted");
}
