/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "salur-ledger.h"
#include "salur-store.h"

G_BEGIN_DECLS

/* What every screen of a window shares: the store, and the operator signed
 * in (NULL until someone signs in with name and PIN; writes need one). Pages
 * take the session at construction, read the store, and listen to
 * "notify::operator" and "changed" (emitted after anything was recorded,
 * so other pages refresh their figures). */

#define SALUR_TYPE_SESSION (salur_session_get_type ())
G_DECLARE_FINAL_TYPE (SalurSession, salur_session, SALUR, SESSION, GObject)

SalurSession        *salur_session_new          (SalurStore    *store);
SalurStore          *salur_session_get_store    (SalurSession  *self);
/* The operator signed in, or NULL (owned by the session) */
const SalurOperator *salur_session_get_operator (SalurSession  *self);
/* Signs in with NAME and PIN through the core (throttling and all); on
 * success the previous operator is replaced */
gboolean             salur_session_sign_in      (SalurSession  *self,
                                                 const char    *name,
                                                 const char    *pin,
                                                 GError       **error);
/* The same off the main loop (Argon2id takes a tenth of a second or more),
 * on a connection of its own to the store's file */
void                 salur_session_sign_in_async  (SalurSession        *self,
                                                   const char          *name,
                                                   const char          *pin,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean             salur_session_sign_in_finish (SalurSession        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void                 salur_session_sign_out     (SalurSession  *self);
/* Tells every page that the record changed (call after a write) */
void                 salur_session_changed      (SalurSession  *self);

G_END_DECLS
