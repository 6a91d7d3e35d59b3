/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "salur-ledger.h"

G_BEGIN_DECLS

/* For the CLI's own files: the context every verb gets and the helpers they
 * share. Each src/cli/salur-cli-*.c file holds the verbs of one area. */

typedef struct {
  char        *db_path;     /* --db, before or after the verb */
  char        *operator_name;  /* --operator, before or after the verb */
  const char  *verb;
} CliContext;

typedef int (*VerbFunc) (CliContext *ctx, int argc, char **argv);

typedef struct {
  const char *name;
  const char *args;          /* shown after the name in the verb list */
  const char *summary;       /* translated when shown */
  VerbFunc    run;
} Verb;

/* prints "salur: MESSAGE" and returns the exit code for ERROR */
int            fail            (GError       *error);
/* prints a usage problem of the current verb; returns 2 */
int            usage_error     (CliContext   *ctx,
                                const char   *message);
SalurStore    *open_store      (CliContext   *ctx,
                                GError      **error);
char          *read_pin        (const char   *name,
                                GError      **error);
/* $SALUR_PASSPHRASE or typed on the terminal */
char          *read_passphrase (GError      **error);
/* --operator NAME and the PIN: the operator, or NULL with ERROR set */
SalurOperator *login           (CliContext   *ctx,
                                SalurStore   *store,
                                GError      **error);
gboolean       login_if_named  (CliContext   *ctx,
                                SalurStore   *store,
                                SalurOperator **op,
                                GError      **error);
/* Parses the verb's options (plus --db and --operator) */
gboolean       parse_options   (CliContext   *ctx,
                                const char   *parameter,
                                const char   *summary,
                                GOptionEntry *entries,
                                int          *argc,
                                char       ***argv,
                                int          *exit_code);
/* --nik NIK or --input TEXT (what a scanner or a person typed: a card, a
 * NIK, a short code, a KPM id; see salur_lookup). Both: the card and the
 * KTP's NIK must lead to the same KPM. */
SalurKpm      *find_kpm        (SalurStore   *store,
                                const char   *nik,
                                const char   *input,
                                GError      **error);
/* The same, refusing a card that does not cover every month of ROUND, the
 * months being paid (may be NULL) */
SalurKpm      *find_kpm_in_round (SalurStore *store,
                                  const char *nik,
                                  const char *input,
                                  GArray     *round,
                                  GError    **error);
void           _salur_cli_json_string (GString *out,
                                       const char *s);

/* the verbs, by area */
int verb_init     (CliContext *ctx, int argc, char **argv);   /* salur-cli-village.c */
int verb_village  (CliContext *ctx, int argc, char **argv);
int verb_dusun    (CliContext *ctx, int argc, char **argv);
int verb_import   (CliContext *ctx, int argc, char **argv);
int verb_list     (CliContext *ctx, int argc, char **argv);
int verb_demo     (CliContext *ctx, int argc, char **argv);
int verb_operator (CliContext *ctx, int argc, char **argv);   /* salur-cli-ledger.c */
int verb_pay      (CliContext *ctx, int argc, char **argv);
int verb_absent   (CliContext *ctx, int argc, char **argv);
int verb_void     (CliContext *ctx, int argc, char **argv);
int verb_change   (CliContext *ctx, int argc, char **argv);
int verb_history  (CliContext *ctx, int argc, char **argv);
int verb_status   (CliContext *ctx, int argc, char **argv);
int verb_verify   (CliContext *ctx, int argc, char **argv);
int verb_package  (CliContext *ctx, int argc, char **argv);   /* salur-cli-sync.c */
int verb_join     (CliContext *ctx, int argc, char **argv);
int verb_export   (CliContext *ctx, int argc, char **argv);
int verb_merge    (CliContext *ctx, int argc, char **argv);
int verb_conflicts (CliContext *ctx, int argc, char **argv);
int verb_devices  (CliContext *ctx, int argc, char **argv);
int verb_field_summary (CliContext *ctx, int argc, char **argv);
int verb_cards    (CliContext *ctx, int argc, char **argv);   /* salur-cli-cards.c */
int verb_lookup   (CliContext *ctx, int argc, char **argv);
int verb_scan     (CliContext *ctx, int argc, char **argv);
int verb_receipt  (CliContext *ctx, int argc, char **argv);   /* salur-cli-docs.c */
int verb_check_receipt (CliContext *ctx, int argc, char **argv);
int verb_report   (CliContext *ctx, int argc, char **argv);
int verb_verify_report (CliContext *ctx, int argc, char **argv);
int verb_public_list (CliContext *ctx, int argc, char **argv);
int verb_backup   (CliContext *ctx, int argc, char **argv);   /* salur-cli-backup.c */
int verb_restore  (CliContext *ctx, int argc, char **argv);
/* After a command that wrote: a backup when one is due (salur-backup.h) */
void salur_cli_backup_after (CliContext *ctx, int code);

int verb_complain   (CliContext *ctx, int argc, char **argv);   /* salur-cli-desk.c */
int verb_complaints (CliContext *ctx, int argc, char **argv);
int verb_answer     (CliContext *ctx, int argc, char **argv);
int verb_desk       (CliContext *ctx, int argc, char **argv);
int verb_close_desk (CliContext *ctx, int argc, char **argv);

G_END_DECLS
