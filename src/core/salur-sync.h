/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-ledger.h"

G_BEGIN_DECLS

/* Devices of one village meet only through files on a USB stick.
 *
 * The treasurer's store is the village's master. A package sets up another
 * laptop: the master gives the laptop its identity and Ed25519 key pair,
 * records it as a "device" event, and writes the village, its dusun, the
 * KPM, and every event (operators, payments so far) into the package. A
 * bundle carries one device's events back. Both are files of this shape:
 *
 *   magic "SALURPK1" or "SALURBD1"
 *   u32 LE length, header: key=value lines (village, sender device, kind,
 *          sequence range, salt, nonce, the signer's public key)
 *   u64 LE length, ciphertext: XSalsa20-Poly1305 (crypto_secretbox) of a
 *          serialised SQLite database, under a key derived with Argon2id
 *          from the passphrase the treasurer chose
 *   64 bytes: Ed25519 signature of everything before it by the sender
 *
 * A SQLite database as the payload, rather than a changeset of SQLite's
 * session extension: events are the unit of exchange, each with its own
 * place in a hash chain that the receiver must check before storing it, and
 * a double payment must be kept as two events, not resolved by a changeset
 * conflict handler that keeps one row. The payload carries the events
 * themselves; the receiver projects them as if they were made here. */

typedef enum {
  SALUR_DEVICE_MASTER,     /* the treasurer's */
  SALUR_DEVICE_DESK,       /* a dusun desk at the balai desa */
  SALUR_DEVICE_FIELD,      /* carried to homebound KPM */
} SalurDeviceRole;

typedef struct {
  char            *device_id;
  char            *tag;        /* the 3 characters in its receipts */
  char            *name;       /* "Meja Krajan", "Lapangan budi" */
  SalurDeviceRole  role;
  char            *dusun;      /* desk: its dusun, comma separated */
  char            *assignee;   /* field: the officer */
  gint64           cash;       /* field: cash handed over, rupiah */
  gint64           last_seq;   /* its latest event this store holds */
  char            *last_at;
  gboolean         is_self;
  /* the latest of its bundles merged here: when, and its last event; "" and 0 when none */
  char            *last_bundle_at;
  gint64           last_bundle_seq;
} SalurDevice;

void       salur_device_free      (SalurDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurDevice, salur_device_free)

/* Every device of the village this store knows */
GPtrArray *salur_sync_devices     (SalurStore   *store,
                                   GError      **error);

/* The three characters that stand for a device in receipt numbers */
void       salur_sync_device_tag  (const char   *device_id,
                                   char          out[4]);

/* The village's identity: its master's device id; NULL before `init` */
char      *salur_sync_village_id  (SalurStore   *store);

/* Makes this store the village's master: `salur init` and the demo do it */
gboolean   salur_sync_become_master (SalurStore          *store,
                                      const SalurOperator *by,
                                      GError             **error);

typedef struct {
  SalurDeviceRole  role;       /* desk or field */
  const char      *name;       /* shown in the devices list */
  GStrv            dusun;      /* desk: its dusun (NULL: all) */
  GStrv            kpm_niks;   /* field: the KPM it carries (NULL: all) */
  const char      *assignee;   /* field: the officer who carries it */
  gint64           cash;       /* field: cash handed over */
} SalurPackageRequest;

/* Whether the village's passphrase was set here (by a first package, or a
 * join): a later package must give the same */
gboolean   salur_sync_has_passphrase (SalurStore *store);

/* Master only (bendahara). The first package sets the village's
 * passphrase; later ones must give the same. */
gboolean   salur_sync_write_package (SalurStore                 *store,
                                     const SalurOperator        *by,
                                     const SalurPackageRequest  *request,
                                     const char                 *passphrase,
                                     const char                 *path,
                                     char                      **device_id,
                                     GError                    **error);

/* Sets up a new store at STORE_PATH from a package (or refreshes the store
 * that package made before) */
SalurStore *salur_sync_join        (const char   *store_path,
                                    const char   *package_path,
                                    const char   *passphrase,
                                    GError      **error);

/* This device's events, as a bundle */
gboolean   salur_sync_export       (SalurStore   *store,
                                    const char   *path,
                                    gint64       *first_seq,
                                    gint64       *last_seq,
                                    GError      **error);

typedef struct {
  char   *device_id;
  char   *device_name;
  gint64  first_seq, last_seq;   /* in the file */
  guint   stored;                /* events this store did not have */
  guint   new_conflicts;
} SalurMergeResult;

void       salur_merge_result_free (SalurMergeResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurMergeResult, salur_merge_result_free)

/* Checks and stores one bundle. PASSPHRASE is needed only when this store
 * does not hold the village's key yet. Refused, with nothing stored: another
 * village, a wrong passphrase, a truncated or altered file, an unknown
 * device, a gap in the device's chain. */
SalurMergeResult *salur_sync_merge (SalurStore   *store,
                                    const char   *path,
                                    const char   *passphrase,
                                    GError      **error);

/* The bundles in folder DIR (files that begin as a bundle does, whatever
 * their name), sorted by name, as full paths; NULL when DIR cannot be read */
GStrv      salur_sync_list_bundles (const char   *dir,
                                    GError      **error);

/* Two payments of one KPM-month that stand (not voided), or a payment for a
 * month after the KPM was closed */
typedef struct {
  char          *kpm_id;
  char          *kpm_name;
  SalurMonth     month;
  char          *kind;           /* "double" or "closed" */
  GPtrArray     *payments;       /* SalurPayment, both (or more) sides */
  char          *close_note;     /* "closed": by whom, from when */
} SalurConflict;

void       salur_conflict_free    (SalurConflict *conflict);

GPtrArray *salur_sync_conflicts   (SalurStore   *store,
                                   GError      **error);

typedef struct {
  gint64 cash_out;
  gint64 paid_at_home;
  guint  payments;
  gint64 to_return;
  char  *assignee;
  guint  assigned;               /* KPM carried */
  guint  assigned_paid;
} SalurFieldSummary;

gboolean   salur_sync_field_summary (SalurStore         *store,
                                     SalurFieldSummary  *summary,
                                     GError            **error);

G_END_DECLS
