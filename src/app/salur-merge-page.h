/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-session.h"

G_BEGIN_DECLS

#define SALUR_TYPE_MERGE_PAGE (salur_merge_page_get_type ())
G_DECLARE_FINAL_TYPE (SalurMergePage, salur_merge_page, SALUR, MERGE_PAGE, AdwBin)

/* Bundles merged into the master (salur merge) and the conflicts they
 * bring, both sides at once, resolved by voiding one (salur conflicts,
 * salur void) */
GtkWidget *salur_merge_page_new          (SalurSession   *session);
/* Merges FILES (GFile) in a worker thread, in order; the file chooser's
 * answer calls this. FALSE when a merge is already running. */
gboolean   salur_merge_page_merge_files  (SalurMergePage *self,
                                          GListModel     *files);
/* Merges every bundle in FOLDER (known by its first bytes) */
gboolean   salur_merge_page_merge_folder (SalurMergePage *self,
                                          GFile          *folder);
/* TRUE while bundles are being merged ("notify::busy") */
gboolean   salur_merge_page_get_busy     (SalurMergePage *self);

G_END_DECLS
