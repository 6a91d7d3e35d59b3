/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "salur-kpm.h"

G_BEGIN_DECLS

typedef struct {
  char    *desa;
  char    *kecamatan;
  char    *kabupaten;
  char    *provinsi;
  char    *kode_wilayah;     /* Kemendagri code, e.g. 35.20.01.2001, or "" */
  gint64   amount;           /* rupiah per KPM per month */
  guint    max_months;       /* most months paid together (rapel) */
  char    *kepala_desa;      /* names that sign the report */
  char    *kaur_keuangan;
} SalurVillage;

typedef struct {
  gint64   id;
  char    *name;
  GStrv    rws;              /* "001", "002": the RWs that make up the dusun */
} SalurDusun;

void salur_village_free (SalurVillage *village);
void salur_dusun_free   (SalurDusun   *dusun);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurVillage, salur_village_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurDusun, salur_dusun_free)

/* The keys `salur village set` accepts, NULL-terminated */
const char *const *salur_village_keys (void);

#define SALUR_TYPE_STORE (salur_store_get_type ())
G_DECLARE_FINAL_TYPE (SalurStore, salur_store, SALUR, STORE, GObject)

/* $SALUR_DB, else $XDG_DATA_HOME/salur/salur.db */
char         *salur_store_default_path   (void);

/* Opens (and creates, mode 0600, with its folder) the store at PATH and
 * brings its schema up to date. */
SalurStore   *salur_store_open           (const char    *path,
                                          GError       **error);
const char   *salur_store_get_path       (SalurStore    *self);
/* How much of the file this connection keeps in memory, KIB kibibytes (a
 * store opens with 64 MiB, for reports over 100,000 KPM); a worker thread's
 * connection that reads little may keep less */
gboolean      salur_store_set_cache_size (SalurStore    *self,
                                          guint          kib,
                                          GError       **error);

/* Writes go inside BEGIN IMMEDIATE ... COMMIT; a begin inside another is a
 * savepoint, so a step can fail without undoing the whole */
gboolean      salur_store_begin          (SalurStore    *self,
                                          GError       **error);
gboolean      salur_store_commit         (SalurStore    *self,
                                          GError       **error);
void          salur_store_rollback       (SalurStore    *self);

/* Village: NULL with SALUR_ERROR_NO_VILLAGE when `salur init` was not run */
SalurVillage *salur_store_get_village    (SalurStore    *self,
                                          GError       **error);
gboolean      salur_store_init_village   (SalurStore    *self,
                                          const SalurVillage *village,
                                          GError       **error);
gboolean      salur_store_set_village    (SalurStore    *self,
                                          const char    *key,
                                          const char    *value,
                                          GError       **error);

/* Dusun, sorted by name */
GPtrArray    *salur_store_list_dusun     (SalurStore    *self,
                                          GError       **error);
gboolean      salur_store_add_dusun      (SalurStore    *self,
                                          const char    *name,
                                          const char *const *rws,
                                          GError       **error);
/* A hash table from RW ("002") to dusun name, for rows without a DUSUN column */
GHashTable   *salur_store_rw_map         (SalurStore    *self,
                                          GError       **error);
/* The dusun's name as stored, matched without regard to case and spaces; NULL if unknown */
char         *salur_store_find_dusun     (SalurStore    *self,
                                          const char    *name);

/* KPM */
gboolean      salur_store_insert_kpm     (SalurStore    *self,
                                          const SalurKpm *kpm,
                                          GError       **error);
/* A KPM as it is now: list changes (corrections, closing) applied */
SalurKpm     *salur_store_get_kpm_by_nik (SalurStore    *self,
                                          const char    *nik,
                                          GError       **error);
/* Brings the index of names (FTS5) up to date with the list and its name
 * corrections; searching calls it first, and a desk may call it at start.
 * An index, not a record: nothing is lost if it fails (a read-only store),
 * and the search then reads the names themselves. */
gboolean      salur_store_index_names    (SalurStore    *self,
                                          GError       **error);
SalurKpm     *salur_store_get_kpm        (SalurStore    *self,
                                          const char    *id,
                                          GError       **error);
/* All KPM (or those of DUSUN), ordered by dusun, RW, RT, name. The KPM are
 * the ones the store keeps between calls: read-only, as salur-kpm.h says */
GPtrArray    *salur_store_list_kpm       (SalurStore    *self,
                                          const char    *dusun,
                                          GError       **error);
gint64        salur_store_count_kpm      (SalurStore    *self);
/* Every stored NIK and, for KK, how many KPM hold it: used by the importer */
GHashTable   *salur_store_nik_set        (SalurStore    *self,
                                          GError       **error);
GHashTable   *salur_store_kk_counts      (SalurStore    *self,
                                          GError       **error);

/* Records that an import happened (file, format, counts) */
gboolean      salur_store_log_import     (SalurStore    *self,
                                          const char    *file,
                                          const char    *format,
                                          guint          rows_read,
                                          guint          stored,
                                          GError       **error);

G_END_DECLS
