/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-cli"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "salur-backup.h"
#include "salur-cli-private.h"
#include "salur-error.h"
#include "salur-month.h"

/* Backups and restore, and the automatic backup after a command that
 * wrote (see salur-backup.h for where they go and how many are kept). */

/* Commands that bring many events at once: a backup after each. Other
 * commands that write take one when the newest is older than an hour. */
static const char *const backup_always[] = { "import", "merge", "join", NULL };
static const char *const backup_hourly[] = {
  "init", "demo", "village", "dusun", "operator", "pay", "absent", "void", "change", "cards", "package", NULL,
};

/* helpers */

static char *
store_path (CliContext *ctx)
{
  return ctx->db_path != NULL ? g_strdup (ctx->db_path) : salur_store_default_path ();
}

static char *
local_time (GDateTime *utc)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%d-%m-%Y %H:%M:%S");
}

static char *
size_label (gint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_DEFAULT);
}

static int
list_backups (const char *path)
{
  g_autoptr(GPtrArray) all = salur_backup_list (path);
  g_autofree char *dir = salur_backup_dir (path);

  if (all->len == 0)
    {
      g_print (_("No backup of %s yet (they go in %s).\n"), path, dir);
      return 0;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u backup of %s, newest first:\n", "%u backups of %s, newest first:\n",
                        all->len), all->len, path);
  for (guint i = 0; i < all->len; i++)
    {
      SalurBackup *b = g_ptr_array_index (all, i);
      g_autofree char *when = local_time (b->taken);
      g_autofree char *size = size_label (b->size);

      g_print ("  %s  %9s  %s\n", when, size, b->path);
    }
  return 0;
}

/* "2026-11-24T08:15:02.123Z" as local time for people */
static char *
when_label (const char *at)
{
  return at != NULL && *at != '\0' ? salur_time_to_local (at) : g_strdup ("-");
}

/* Above this many bytes (store and WAL), the automatic backup goes to the
 * background. SALUR_BACKUP_FOREGROUND_MAX changes it (the tests set 0 to
 * take the background path with a small store). */
static gint64
foreground_max (void)
{
  const char *env = g_getenv ("SALUR_BACKUP_FOREGROUND_MAX");
  guint64 v;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 0, G_MAXINT64, &v, NULL))
    return (gint64) v;
  return 16 * 1024 * 1024;
}

static gint64
store_bytes (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;
  gint64 size = 0;

  if (g_stat (path, &st) == 0)
    size += st.st_size;
  if (g_stat (wal, &st) == 0)
    size += st.st_size;
  return size;
}

/* A grandchild in its own session takes the backup: the command's process
 * exits without waiting, and nothing of the child reaches the terminal or
 * a script's pipes */
static void
backup_in_background (const char *path)
{
  pid_t pid;

  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  if (pid < 0)
    {
      g_debug ("cannot fork for the backup: %s", g_strerror (errno));
      return;
    }
  if (pid > 0)
    {
      int status;
      while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
        ;
      return;
    }
  setsid ();
  if (fork () != 0)
    _exit (0);
  {
    int null = open ("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0)
      {
        dup2 (null, STDIN_FILENO);
        dup2 (null, STDOUT_FILENO);
        dup2 (null, STDERR_FILENO);
      }
  }
  _exit (salur_backup_take_path (path, NULL, NULL) != NULL ? 0 : 1);
}

/* public API */

void
salur_cli_backup_after (CliContext *ctx, int code)
{
  g_autofree char *path = NULL, *taken = NULL;
  g_autoptr(GError) error = NULL;
  gint64 max_age;

  if (code != 0 || ctx->verb == NULL)
    return;
  if (g_strv_contains (backup_always, ctx->verb))
    max_age = 0;
  else if (g_strv_contains (backup_hourly, ctx->verb))
    max_age = SALUR_BACKUP_INTERVAL;
  else
    return;
  path = store_path (ctx);
  if (!salur_backup_due (path, max_age))
    return;
  /* A village's store (a few MB) is copied and checked in a fraction of a
   * second. bench/backup.sh's 100,000 KPM (700 MB) take 12 s or more: above
   * 16 MB a child does it in the background, so the command returns at once
   * and the desk goes on paying meanwhile (WAL: the copy holds up no
   * writer). What that child finds wrong it leaves in a note the next open
   * reads. */
  if (store_bytes (path) > foreground_max ())
    {
      backup_in_background (path);
      return;
    }
  /* a failed backup does not undo what the command did: say it, and go on */
  if (!salur_backup_auto (path, max_age, &taken, &error))
    g_printerr (_("salur: warning: no backup was made: %s\n"), error->message);
  else if (taken != NULL)
    g_debug ("backup written: %s", taken);
}

int
verb_backup (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *to = NULL, *path = NULL, *written = NULL;
  gboolean list = FALSE;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Write the backup to FILE (a USB stick) instead of the backup folder"), N_("FILE") },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list, N_("List the backups in the backup folder"), NULL },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  int code;

  if (!parse_options (ctx, NULL,
                      _("Backs up the data file now, while desks go on working. Backups go in a folder beside the "
                        "data file (FILE.backups), named by the time they were taken; the newest 10 are kept. "
                        "Salur also takes one by itself after a command that writes when the newest is more than "
                        "an hour old, and after every import and merge."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (ctx, _("backup takes no arguments besides its options."));
  path = store_path (ctx);
  if (list)
    return list_backups (path);
  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);
  written = salur_backup_take (store, to, &error);
  if (written == NULL)
    return fail (error);
  if (g_stat (written, &st) == 0)
    {
      g_autofree char *size = size_label (st.st_size);
      g_print (_("Backup written: %s (%s).\n"), written, size);
    }
  if (to == NULL)
    {
      g_autofree char *dir = salur_backup_dir (path);
      g_print (_("The newest %d backups are kept in %s.\n"), SALUR_BACKUP_KEEP, dir);
    }
  return 0;
}

int
verb_restore (CliContext *ctx, int argc, char **argv)
{
  gboolean latest = FALSE;
  GOptionEntry entries[] = {
    { "latest", 0, 0, G_OPTION_ARG_NONE, &latest, N_("The newest backup in the backup folder"), NULL },
    { NULL }
  };
  g_autoptr(SalurRestore) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *from = NULL, *taken = NULL;
  int code;

  if (!parse_options (ctx, "FILE | --latest",
                      _("Puts a backup in place of the data file, after checking that the backup is whole, passes "
                        "“salur verify” and belongs to this village and this laptop. The data file it replaces is "
                        "kept aside, never deleted; Salur says what the backup lacks compared to it."),
                      entries, &argc, &argv, &code))
    return code;
  if ((argc == 2) == latest)
    return usage_error (ctx, _("name the backup file, or say --latest."));
  path = store_path (ctx);
  if (latest)
    {
      g_autoptr(SalurBackup) b = salur_backup_latest (path);
      if (b == NULL)
        {
          g_autofree char *dir = salur_backup_dir (path);
          g_set_error (&error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND, _("There is no backup of %s in %s."), path, dir);
          return fail (error);
        }
      from = g_strdup (b->path);
    }
  else
    from = g_strdup (argv[1]);

  r = salur_backup_restore (path, from, &error);
  if (r == NULL)
    return fail (error);
  taken = when_label (r->taken_at);
  g_print (_("Restored %s from the backup %s: %" PRIu64 " events, the latest recorded on %s.\n"), path,
           r->backup_path, r->events, taken);
  if (r->set_aside == NULL)
    return 0;
  g_print (_("The data file it replaced is kept as %s.\n"), r->set_aside);
  if (!r->replaced_readable)
    g_print (_("That file could not be read, so Salur cannot say what the backup lacks: whatever was recorded "
               "after %s is missing. Merge the desks' bundles again (this laptop's own last bundle too).\n"), taken);
  else if (r->missing == 0)
    g_print (_("Nothing recorded in it is missing from the backup.\n"));
  else
    {
      g_autofree char *first = when_label (r->missing_from), *last = when_label (r->missing_to);

      g_print (_("Events after %s are missing: %" PRIu64 " events (%" PRIu64 " payments) recorded from %s to %s. "
                 "Merge the desks' bundles again.\n"),
               taken, r->missing, r->missing_payments, first, last);
      if (r->missing_own > 0)
        g_print (_("%" PRIu64 " of them were recorded on this laptop: merge this laptop's own last bundle (salur "
                   "merge FILE) before paying again, so that its next receipts follow on from them.\n"),
                 r->missing_own);
    }
  if (r->extra > 0)
    g_print (_("WARNING: the backup holds %" PRIu64 " events that the replaced data file had lost. That file "
               "was cut short outside Salur: keep it for the bendahara.\n"), r->extra);
  return 0;
}
