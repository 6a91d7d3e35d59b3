/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-store.h"

G_BEGIN_DECLS

/* The first run on an empty data file: the village (names, kode wilayah),
 * what it pays and who signs the report, its dusun with their RWs, and its
 * operators with their PINs (the first is the bendahara), stored in one
 * step by salur_village_setup, the function `salur init` calls. The demo
 * village stays one click away. Emits "finished" with the desa's name.
 *
 * Or a desk or field laptop: the package the bendahara made for it and the
 * village's passphrase, joined by salur_sync_join (as `salur join` does)
 * into the same data file. Emits "joined" with the store it became. */

#define SALUR_TYPE_SETUP_ASSISTANT (salur_setup_assistant_get_type ())
G_DECLARE_FINAL_TYPE (SalurSetupAssistant, salur_setup_assistant, SALUR, SETUP_ASSISTANT, AdwBin)

GtkWidget *salur_setup_assistant_new (SalurStore *store);

G_END_DECLS
