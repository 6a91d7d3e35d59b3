/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "salur-store.h"

G_BEGIN_DECLS

/* Shared by the libFuzzer harnesses of tests/fuzz.
 *
 * The stores a harness works on are the ones tests/fuzz/make-corpus.sh made
 * with the CLI (tests/fuzz/stores): a demo village "master.db" with cards
 * issued for 2026-10..12, and "desk.db", a desk laptop set up from a package
 * of it, which recorded payments the master has not merged yet. The seed
 * bundles and card payloads of the corpus come from the same stores, so they
 * pass the signature checks and reach what lies behind them. Each process
 * copies the stores into a temporary folder once and removes it at exit. */

#define FUZZ_PASSPHRASE "rahasia desa sukamaju"
#define FUZZ_ROUND      "2026-10,2026-11,2026-12"

/* Called first by every harness: GLib criticals abort (a failed
 * g_return_if_fail on outside data is a bug), messages stay quiet. */
void         fuzz_init           (void);

/* The folder of this process's files */
const char  *fuzz_dir            (void);

/* A copy of a committed store ("master.db", "desk.db"), opened in
 * fuzz_dir (); NULL when the harness was built without them. The copy is
 * made the first time and kept open. */
SalurStore  *fuzz_store          (const char *name);
/* Puts the named store back as committed: a harness calls it after an
 * input changed it (a merge that stored events), so every input meets the
 * same store and a crash reproduces alone. */
void         fuzz_store_reset    (const char *name);

/* Writes DATA to a file NAME in fuzz_dir (), returning its path */
char        *fuzz_write_file     (const char *name,
                                  const void *data,
                                  size_t      size);

/* DATA as a NUL-terminated string (cut at its first NUL) */
char        *fuzz_strndup        (const uint8_t *data,
                                  size_t         size);

/* With SALUR_FUZZ_VERBOSE set, says on stderr how an input ended: to see
 * how far the corpus goes (e.g. fuzz-bundle -runs=0 corpus/bundle) */
void         fuzz_report         (const char   *what,
                                  const GError *error);

/* The round of the committed cards */
GArray      *fuzz_round          (void);

G_END_DECLS
