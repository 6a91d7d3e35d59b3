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
/* Sets ERROR from the connection's last error, with CONTEXT in front */
void          _salur_store_set_error  (SalurStore  *self,
                                       GError     **error,
                                       const char  *context);

G_END_DECLS
