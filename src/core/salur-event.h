/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-store.h"

G_BEGIN_DECLS

/* For core modules only. An event is a header (device, sequence, kind, time,
 * operator, KPM) and a body of key=value lines in the order its kind writes
 * them. Its hash is BLAKE2b-256 over the canonical text of header and body,
 * which names the previous event's hash of the same device: a chain.
 *
 * The typed tables (ev_payment, ev_month, ...) are projections of the
 * bodies, written by one function (_salur_event_project) whether the event
 * was made here or, later, merged from another device; salur_ledger_verify
 * projects every body again and compares. */

#define SALUR_HASH_LEN 32

typedef struct {
  char    *device_id;
  gint64   seq;
  char    *kind;          /* "payment", "absence", "void", "close", "add", "correct", "operator", "import",
                           * "card", "device", "complaint", "answer", "reveal", "desk-close" */
  char    *at;            /* UTC, 2026-11-24T08:15:02.123Z */
  char    *operator_name;
  char    *kpm_id;        /* "" when the event concerns no KPM */
  char    *body;          /* key=value lines */
  guint8   prev_hash[SALUR_HASH_LEN];
  guint8   hash[SALUR_HASH_LEN];
} SalurEvent;

void        salur_event_free        (SalurEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurEvent, salur_event_free)

/* Building a body: values are escaped (\ and line breaks) so every body has
 * one canonical text */
void        salur_body_add          (GString    *body,
                                     const char *key,
                                     const char *value);
void        salur_body_add_int      (GString    *body,
                                     const char *key,
                                     gint64      value);
/* Reading one back: key -> unescaped value */
GHashTable *salur_body_parse        (const char *body,
                                     GError    **error);
const char *salur_body_get          (GHashTable *fields,
                                     const char *key);   /* "" when absent */

/* The canonical text the hash covers, and the hash */
char       *salur_event_canonical   (const SalurEvent *event);
void        salur_event_compute_hash (const SalurEvent *event,
                                      guint8            out[SALUR_HASH_LEN]);
char       *salur_hash_to_hex       (const guint8 *hash);

/* This installation's device id (made when the store was created) and its
 * three-character tag, used in receipt numbers */
const char *_salur_store_device_id  (SalurStore *store);
const char *_salur_store_device_tag (SalurStore *store);

/* The sequence number the next event of this device will get (inside the
 * caller's write transaction) */
gint64      _salur_event_next_seq   (SalurStore *store,
                                     GError    **error);

/* Appends an event of this device inside the caller's transaction: the next
 * sequence, the time now, the chain, the event row and its projection. */
SalurEvent *_salur_event_append     (SalurStore *store,
                                     const char *kind,
                                     const char *operator_name,
                                     const char *kpm_id,
                                     const char *body,
                                     GError    **error);
/* Writes the projection of EVENT into the typed tables of SCHEMA ("main", or
 * "temp" when verifying) */
gboolean    _salur_event_project    (SalurStore       *store,
                                     const char       *schema,
                                     const SalurEvent *event,
                                     GError          **error);

G_END_DECLS
