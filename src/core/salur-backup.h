/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "salur-store.h"

G_BEGIN_DECLS

/* Backups of a store, made with SQLite's online backup API while desks go
 * on paying (WAL: the copy reads one snapshot and writers are not held up).
 *
 * They live in a folder beside the store, "<store>.backups" (mode 0700),
 * one file per backup (mode 0600) named after the store and the UTC time it
 * was taken: "salur-2026-11-24T081502Z.db". Each is written under a
 * temporary name, checked (quick_check), synced and only then renamed, so
 * a backup that has its name is whole. The newest SALUR_BACKUP_KEEP are
 * kept. A backup is a plain SQLite file (rollback journal, not WAL): one
 * file to copy to a USB stick. */

#define SALUR_BACKUP_KEEP     10
/* an automatic backup when the newest is older than this (seconds) */
#define SALUR_BACKUP_INTERVAL 3600

typedef struct {
  char      *path;
  GDateTime *taken;           /* UTC, from the name */
  gint64     size;            /* bytes */
} SalurBackup;

void        salur_backup_free         (SalurBackup  *backup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurBackup, salur_backup_free)

/* "<store>.backups" */
char       *salur_backup_dir          (const char   *store_path);

/* The backups of the store at STORE_PATH, newest first (an empty array when
 * there are none) */
GPtrArray  *salur_backup_list         (const char   *store_path);
/* The newest, or NULL */
SalurBackup *salur_backup_latest      (const char   *store_path);

/* Backs up STORE into DEST, or, when DEST is NULL, into a new file of its
 * backup folder (then only the newest SALUR_BACKUP_KEEP are kept). Returns
 * the file written. A full disk leaves no file and says so. */
char       *salur_backup_take         (SalurStore   *store,
                                       const char   *dest,
                                       GError      **error);

/* The same from the store's file, with a connection of its own: for a
 * worker thread while the window keeps its connection */
char       *salur_backup_take_path    (const char   *store_path,
                                       const char   *dest,
                                       GError      **error);

/* Whether salur_backup_auto would take one: the store exists and its
 * newest backup is MAX_AGE seconds old or more (0: always) */
gboolean    salur_backup_due          (const char   *store_path,
                                       gint64        max_age);

/* Takes a backup into the backup folder when the newest is older than
 * MAX_AGE seconds (0: always). *TAKEN (may be NULL) gets the file written,
 * or NULL when none was needed. */
gboolean    salur_backup_auto         (const char   *store_path,
                                       gint64        max_age,
                                       char        **taken,
                                       GError      **error);

/* What the check of a backup found wrong with the store it copied, or NULL.
 * A backup taken in the background (the CLI's, on a large store) cannot
 * tell anyone: it leaves this note in the backup folder, the next open
 * refuses the store with it, and a restore clears it. */
char       *salur_backup_damage_note  (const char   *store_path);

typedef struct {
  char     *backup_path;      /* the backup restored */
  char     *set_aside;        /* where the replaced store is now; NULL when there was none */
  char     *taken_at;         /* the backup's latest event, UTC; "" when it has none */
  guint64   events;           /* in the restored store */
  gboolean  replaced_readable; /* the replaced store could be read to compare */
  /* events the replaced store held that the restored one lacks */
  guint64   missing;
  guint64   missing_own;      /* of them, recorded on this laptop */
  guint64   missing_payments;
  char     *missing_from;     /* UTC time of the first and last of them */
  char     *missing_to;
  /* events the backup holds that the replaced store had lost: a sign the
   * replaced store was cut short behind Salur's back */
  guint64   extra;
} SalurRestore;

void          salur_restore_free      (SalurRestore *restore);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurRestore, salur_restore_free)

/* Puts the backup BACKUP_PATH in place of the store at STORE_PATH. The
 * backup must pass SQLite's integrity check and salur verify, and be of the
 * same village and the same laptop as the store it replaces (when that can
 * still be read). The replaced store is kept aside, never deleted
 * ("<store>.replaced-2026-11-24T081502Z"). Refused while another program
 * has the store open. */
SalurRestore *salur_backup_restore    (const char   *store_path,
                                       const char   *backup_path,
                                       GError      **error);

G_END_DECLS
