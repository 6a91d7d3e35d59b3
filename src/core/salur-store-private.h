/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "salur-store.h"

G_BEGIN_DECLS

/* For core modules only: the CLI and the app never write SQL. */
sqlite3      *_salur_store_get_db     (SalurStore  *self);
/* A cached prepared statement, reset and with its bindings cleared */
sqlite3_stmt *_salur_store_prepare    (SalurStore  *self,
                                       const char  *sql,
                                       GError     **error);
gboolean      _salur_store_exec       (SalurStore  *self,
                                       const char  *sql,
                                       GError     **error);
/* A column as a new string, "" for NULL */
char         *_salur_column_text      (sqlite3_stmt *stmt,
                                       int           col);
/* The single number a query gives; PARAM, if not NULL, is bound to ?1 */
gint64        _salur_store_query_int  (SalurStore  *self,
                                       const char  *sql,
                                       const char  *param);
/* Sets ERROR from the connection's last error, with CONTEXT in front */
void          _salur_store_set_error  (SalurStore  *self,
                                       GError     **error,
                                       const char  *context);

/* Sets ERROR to the message for a damaged store at PATH (DETAIL: what
 * SQLite found), naming its latest backup and the command that restores it */
void          _salur_store_set_damaged (const char  *path,
                                        const char  *detail,
                                        GError     **error);

/* Inserts a KPM that an event (an import or a list change) brought */
gboolean      _salur_store_insert_kpm (SalurStore     *self,
                                       const SalurKpm *kpm,
                                       const char     *origin_device,
                                       gint64          origin_seq,
                                       GError        **error);

/* The KPM rows an event brought, as stored (no correction laid over), by id */
GPtrArray    *_salur_store_kpm_of_origin (SalurStore  *self,
                                          const char  *origin_device,
                                          gint64       origin_seq,
                                          GError     **error);

/* Every KPM in list order with its changes laid over, as
 * salur_store_list_kpm gives them but without a copy of the array: a new
 * reference to the store's own, which the caller must not change. */
GPtrArray    *_salur_store_kpm_list      (SalurStore  *self,
                                          GError     **error);

/* The KPM of one DUSUN (its name as stored) in list order, with their
 * changes: from the store's list when it is current, else read alone and
 * not kept, so that a desk counting its dusun all day does not hold the
 * whole village. A new array. */
GPtrArray    *_salur_store_kpm_list_of_dusun (SalurStore  *self,
                                              const char  *dusun,
                                              GError     **error);

/* The KPM of a list from _salur_store_kpm_list, arranged for walking beside
 * a query ordered by kpm_id (a merge, where a hash table of 100,000 ids
 * spent its time waiting on memory): their ids in id order (strcmp, which
 * is SQLite's BINARY), each with its position in the list and its months;
 * and the way back, each list position's rank in id order. */
typedef struct {
  guint         len;
  const char  **ids;           /* ids[r]: the id of rank r */
  guint32      *position;      /* position[r]: its place in the list */
  SalurMonth   *from_month;    /* from_month[r], closed_from[r]: its months */
  SalurMonth   *closed_from;
  guint32      *rank;          /* rank[i]: the rank of the KPM at list position i */
} SalurKpmIndex;

/* A new reference: kept with the store's list, made for another */
SalurKpmIndex *_salur_store_kpm_index     (SalurStore    *self,
                                           GPtrArray     *list);
void           _salur_kpm_index_unref     (SalurKpmIndex *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurKpmIndex, _salur_kpm_index_unref)

/* Opens (or creates) a store that is DEVICE_ID: the identity a package from
 * the village's master gave this laptop. Refused when the file is another
 * device already. */
SalurStore   *_salur_store_open_as       (const char  *path,
                                          const char  *device_id,
                                          GError     **error);

/* The three characters of Crockford base32 that stand for a device in
 * receipt numbers */
void          _salur_device_tag          (const char  *device_id,
                                          char         out[4]);

G_END_DECLS
