/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-cli"
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "salur-cli.h"
#include "salur-cli-private.h"
#include "salur-csv.h"
#include "salur-demo.h"
#include "salur-error.h"
#include "salur-import.h"
#include "salur-ledger.h"
#include "salur-card.h"
#include "salur-lookup.h"
#include "salur-money.h"
#include "salur-signature.h"
#include "salur-store.h"

/* Every verb is a thin layer over src/core: it parses its options, calls the
 * core, prints what happened and returns an exit code (0 done, 1 failure,
 * 2 usage, 3 input refused). */

static const Verb verbs[] = {
  { "init", "--desa NAME --kecamatan NAME --kabupaten NAME --provinsi NAME", N_("Set up the village in a new data file"), verb_init },
  { "village", "[set KEY VALUE]", N_("Show the village, or change one of its settings"), verb_village },
  { "dusun", "add NAME --rw 001,002 | list", N_("Add a dusun with its RWs, or list the dusun"), verb_dusun },
  { "import", "FILE [--skip-invalid] [--dry-run] [--errors FILE]", N_("Import a KPM list from a CSV or XLSX file"), verb_import },
  { "list", "[--dusun NAME] [--format table|csv|json]", N_("List the KPM"), verb_list },
  { "demo", "[--kpm N] [--seed S]", N_("Create the fictional demo village to try Salur"), verb_demo },
  { "operator", "add NAME --role ROLE | disable NAME | list", N_("Add, change or disable an operator, or list them"), verb_operator },
  { "pay", "--nik NIK --months 2026-10,2026-11 --desk NAME", N_("Record a payment"), verb_pay },
  { "absent", "--nik NIK --months M --reason TEXT", N_("Record that a KPM did not come"), verb_absent },
  { "void", "RECEIPT --reason TEXT", N_("Void a payment (bendahara)"), verb_void },
  { "change", "close|add|correct …", N_("Change the list: close, add or correct a KPM (bendahara)"), verb_change },
  { "history", "NIK", N_("Everything recorded about one KPM"), verb_history },
  { "status", "--month 2026-11 [--dusun D] [--format table|csv|json]", N_("Who is paid for a month"), verb_status },
  { "verify", "", N_("Check that the record is as it was written"), verb_verify },
  { "package", "--for desk|field --out FILE", N_("Make a package that sets up another laptop (bendahara)"), verb_package },
  { "join", "FILE", N_("Set up this laptop from a package"), verb_join },
  { "export", "--out FILE", N_("Write this laptop's events as a bundle for the others"), verb_export },
  { "merge", "FILE…", N_("Store the events of other laptops' bundles"), verb_merge },
  { "conflicts", "", N_("Months paid twice, or paid after the KPM was closed"), verb_conflicts },
  { "devices", "", N_("The village's laptops and their latest events"), verb_devices },
  { "field-summary", "", N_("On a field laptop: cash carried, paid at home, to return"), verb_field_summary },
  { "cards", "--months M --out FILE.pdf [--dusun D] [--reissue NIK]", N_("Issue and print the invitation cards of a round (bendahara)"), verb_cards },
  { "lookup", "TEXT [--months M]", N_("What a scanned or typed text is: card, NIK, short code or name"), verb_lookup },
  { "scan", "IMAGE… [--months M]", N_("Read invitation cards from photos"), verb_scan },
  { "receipt", "RECEIPT --out FILE.pdf [--paper a6|roll80]", N_("Print the receipt of a payment"), verb_receipt },
  { "check-receipt", "CODE [--receipt RECEIPT]", N_("Check a paper receipt against the record"), verb_check_receipt },
  { "report", "--months M --out FILE.pdf [--xlsx FILE] [--csv FILE]", N_("The realisation report (Laporan Realisasi), sealed"), verb_report },
  { "verify-report", "FILE.pdf | --seal TEXT", N_("Check a report against the record"), verb_verify_report },
  { "complain", "--kind KIND --name NAME --text TEXT [--nik NIK] [--months M] [--slip FILE.pdf]", N_("Record a complaint heard at the desk"), verb_complain },
  { "complaints", "[--open] [--format table|csv|json]", N_("Every complaint and where it stands"), verb_complaints },
  { "answer", "SLIP --text TEXT [--resolved]", N_("Answer a complaint"), verb_answer },
  { "desk", "--months M --desk NAME", N_("A desk's counts: served, remaining, cash paid"), verb_desk },
  { "close-desk", "--months M --desk NAME --opening RP --counted RP --out FILE.pdf", N_("Close a desk with its cash count (Tutup meja)"), verb_close_desk },
  { "public-list", "--months M --out FILE.pdf", N_("The list for the notice board, NIKs masked"), verb_public_list },
  { "backup", "[--to FILE] [--list]", N_("Back up the data file now, or list its backups"), verb_backup },
  { "restore", "FILE | --latest", N_("Put a backup in place of the data file (the replaced one is kept aside)"), verb_restore },
};

/* helpers */

int
fail (GError *error)
{
  g_printerr ("salur: %s\n", error->message);
  return salur_error_exit_code (error);
}

int
usage_error (CliContext *ctx, const char *message)
{
  g_printerr ("salur %s: %s\n", ctx->verb, message);
  g_printerr (_("Run “salur %s --help” to see how it is used.\n"), ctx->verb);
  return 2;
}

SalurStore *
open_store (CliContext *ctx, GError **error)
{
  g_autofree char *path = ctx->db_path != NULL ? g_strdup (ctx->db_path) : salur_store_default_path ();

  /* Only the commands that start a village make a data file. Any other
   * finding none is most often a USB stick not plugged in: a new empty file
   * in its place would say "no village yet" and hide the real cause. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS)
      && !(ctx->verb != NULL && (g_str_equal (ctx->verb, "init") || g_str_equal (ctx->verb, "demo"))))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                   _("There is no data file at %s. If it is kept on a USB stick, plug the stick in. "
                     "“salur init”, “salur demo” or “salur join” start a new one."), path);
      return NULL;
    }
  return salur_store_open (path, error);
}

/* The PIN from $SALUR_PIN (scripts, tests) or asked on the terminal without
 * showing it */
/* A secret from the environment variable ENV (scripts, tests) or typed on
 * the terminal without showing it */
static char *
read_secret (const char *env_name, const char *prompt, const char *missing, GError **error)
{
  const char *env = g_getenv (env_name);
  struct termios old, quiet;
  char buf[256] = "";

  if (env != NULL)
    return g_strdup (env);
  if (!isatty (STDIN_FILENO))
    {
      g_set_error_literal (error, SALUR_ERROR, SALUR_ERROR_USAGE, missing);
      return NULL;
    }
  fputs (prompt, stderr);
  fflush (stderr);
  tcgetattr (STDIN_FILENO, &old);
  quiet = old;
  quiet.c_lflag &= ~ECHO;
  tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
  if (fgets (buf, sizeof buf, stdin) == NULL)
    buf[0] = '\0';
  tcsetattr (STDIN_FILENO, TCSANOW, &old);
  fputc ('\n', stderr);
  return g_strstrip (g_strdup (buf));
}

char *
read_pin (const char *name, GError **error)
{
  g_autofree char *prompt = g_strdup_printf (_("PIN for %s: "), name);

  return read_secret ("SALUR_PIN", prompt, _("No PIN: set SALUR_PIN or run the command in a terminal to type it."),
                      error);
}

char *
read_passphrase (GError **error)
{
  return read_secret ("SALUR_PASSPHRASE", _("The village's passphrase: "),
                      _("No passphrase: set SALUR_PASSPHRASE or run the command in a terminal to type it."), error);
}

SalurOperator *
login (CliContext *ctx, SalurStore *store, GError **error)
{
  g_autofree char *pin = NULL;
  SalurOperator *op;

  if (ctx->operator_name == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("Say who you are: --operator NAME (and your PIN)."));
      return NULL;
    }
  pin = read_pin (ctx->operator_name, error);
  if (pin == NULL)
    return NULL;
  op = salur_ledger_login (store, ctx->operator_name, pin, error);
  sodium_memzero (pin, strlen (pin));
  return op;
}

/* For steps that need an operator only once the village has one (import) */
gboolean
login_if_named (CliContext *ctx, SalurStore *store, SalurOperator **op, GError **error)
{
  if (ctx->operator_name == NULL)
    return TRUE;
  *op = login (ctx, store, error);
  return *op != NULL;
}

static void
print_verbs (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: salur [--db FILE] [COMMAND [OPTION…]]"));
  fprintf (out, "\n%s\n", _("Salur records the payments of BLT Dana Desa. With no command it opens the window."));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (verbs); i++)
    fprintf (out, "  %-9s %s\n            %s\n", verbs[i].name, verbs[i].args, _(verbs[i].summary));
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  --db FILE   %s\n", _("The data file (default: $SALUR_DB, else ~/.local/share/salur/salur.db)"));
  fprintf (out, "  --operator NAME  %s\n", _("Who you are; the PIN comes from $SALUR_PIN or is asked"));
  fprintf (out, "  --version   %s\n", _("Show the version"));
  fprintf (out, "\n%s\n", _("“salur COMMAND --help” shows a command's options. Exit codes: 0 done, 1 failure, 2 wrong usage, 3 input refused."));
}

/* Parses a verb's options; --db is accepted after the verb too */
gboolean
parse_options (CliContext   *ctx,
               const char   *parameter,
               const char   *summary,
               GOptionEntry *entries,
               int          *argc,
               char       ***argv,
               int          *exit_code)
{
  g_autoptr(GOptionContext) oc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL, *op = NULL;
  g_autofree char *prgname = g_strdup_printf ("salur %s", ctx->verb);
  GOptionEntry db_entry[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The data file"), N_("FILE") },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &op, N_("Who you are (the PIN comes from $SALUR_PIN or is asked)"), N_("NAME") },
    { NULL }
  };

  /* "Usage: salur import [OPTION…] FILE" */
  g_set_prgname (prgname);
  oc = g_option_context_new (parameter);
  g_option_context_set_translation_domain (oc, GETTEXT_PACKAGE);
  g_option_context_set_summary (oc, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (oc, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (oc, db_entry, GETTEXT_PACKAGE);

  if (!g_option_context_parse (oc, argc, argv, &error))
    {
      *exit_code = usage_error (ctx, error->message);
      return FALSE;
    }
  if (db != NULL)
    {
      g_free (ctx->db_path);
      ctx->db_path = g_steal_pointer (&db);
    }
  if (op != NULL)
    {
      g_free (ctx->operator_name);
      ctx->operator_name = g_steal_pointer (&op);
    }
  return TRUE;
}

SalurKpm *
find_kpm (SalurStore *store, const char *nik, const char *input, GError **error)
{
  return find_kpm_in_round (store, nik, input, NULL, error);
}

static SalurKpm *
kpm_by_nik (SalurStore *store, const char *nik, GError **error)
{
  g_autofree char *clean = salur_nik_clean (nik);

  if (strlen (clean) == 16 && strspn (clean, "0123456789") == 16)
    return salur_store_get_kpm_by_nik (store, clean, error);
  return salur_store_get_kpm (store, nik, error);
}

SalurKpm *
find_kpm_in_round (SalurStore *store, const char *nik, const char *input, GArray *round, GError **error)
{
  g_autoptr(SalurLookup) lookup = NULL;

  if (nik == NULL && input == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("Say which KPM: --nik NIK."));
      return NULL;
    }
  if (nik != NULL && input == NULL)
    return kpm_by_nik (store, nik, error);
  if (nik != NULL)
    {
      /* the card and the KTP in front of the desk: both must be the same
       * family's. A card whose printed name was changed, or a real card
       * handed to someone else, still leads to its own KPM. */
      g_autoptr(SalurKpm) by_nik = kpm_by_nik (store, nik, error);
      g_autoptr(SalurKpm) by_card = NULL;

      if (by_nik == NULL)
        return NULL;
      by_card = find_kpm_in_round (store, NULL, input, round, error);
      if (by_card == NULL)
        return NULL;
      if (!g_str_equal (by_card->id, by_nik->id))
        {
          g_autofree char *card_nik = salur_nik_mask (by_card->nik);
          g_autofree char *ktp_nik = salur_nik_mask (by_nik->nik);
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("This card belongs to %s (NIK %s), not to %s (NIK %s) whose KTP was shown: do not pay. "
                         "The card was passed on or its print was changed; %s must come with their own card or "
                         "be paid by NIK."),
                       by_card->name, card_nik, by_nik->name, ktp_nik, by_nik->name);
          return NULL;
        }
      return g_steal_pointer (&by_nik);
    }
  /* the desk's one input: a card, a NIK, a short code. The months paid
   * must be on the card: a card for Oktober–Desember pays Oktober, not
   * Januari (the card's own checks refuse forged, foreign and replaced ones) */
  lookup = salur_lookup (store, input, NULL, NULL, error);
  if (lookup == NULL)
    return NULL;
  if (lookup->card != NULL && round != NULL)
    for (guint i = 0; i < round->len; i++)
      {
        SalurMonth m = g_array_index (round, SalurMonth, i);
        gboolean on_card = FALSE;

        for (guint j = 0; j < lookup->card->months->len; j++)
          on_card |= g_array_index (lookup->card->months, SalurMonth, j) == m;
        if (!on_card)
          {
            g_autofree char *card_months = salur_card_months_label (lookup->card->months);
            g_autofree char *paid = salur_card_months_label (round);
            g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                         _("This card is for %s, not for the months being paid (%s): it belongs to another round."),
                         card_months, paid);
            return NULL;
          }
      }
  if (lookup->kind == SALUR_INPUT_NAME)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” is part of a name, which is not enough to pay: scan the card, or type its short code "
                     "or the NIK."), input);
      return NULL;
    }
  return salur_kpm_ref (lookup->kpm);
}

void
_salur_cli_json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (; *s != '\0'; s++)
    {
      if (*s == '"' || *s == '\\')
        g_string_append_printf (out, "\\%c", *s);
      else if ((guchar) *s < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *s);
      else
        g_string_append_c (out, *s);
    }
  g_string_append_c (out, '"');
}

/* public API */

/* Takes the global options in front of the verb out of ARGV. Returns the
 * index of the verb, or argc when there is none. */
static int
scan_global (int argc, char **argv, char **db_path, char **operator_name, gboolean *help, gboolean *version)
{
  int i = 1;

  while (i < argc)
    {
      const char *a = argv[i];

      if (g_str_equal (a, "--db") && i + 1 < argc)
        {
          if (db_path != NULL)
            {
              g_free (*db_path);   /* the last --db given counts */
              *db_path = g_strdup (argv[i + 1]);
            }
          i += 2;
        }
      else if (g_str_has_prefix (a, "--db="))
        {
          if (db_path != NULL)
            {
              g_free (*db_path);
              *db_path = g_strdup (a + 5);
            }
          i++;
        }
      else if (g_str_equal (a, "--help") || g_str_equal (a, "-h") || g_str_equal (a, "help"))
        {
          *help = TRUE;
          i++;
        }
      else if (g_str_equal (a, "--operator") && i + 1 < argc)
        {
          if (operator_name != NULL)
            {
              g_free (*operator_name);
              *operator_name = g_strdup (argv[i + 1]);
            }
          i += 2;
        }
      else if (g_str_equal (a, "--version"))
        {
          *version = TRUE;
          i++;
        }
      else
        break;
    }
  return i;
}

gboolean
salur_cli_wanted (int argc, char **argv)
{
  gboolean help = FALSE, version = FALSE;
  int verb = scan_global (argc, argv, NULL, NULL, &help, &version);

  return help || version || (verb < argc && argv[verb][0] != '-');
}

int
salur_cli_main (int argc, char **argv)
{
  CliContext ctx = { 0 };
  gboolean help = FALSE, version = FALSE;
  int verb, code = 2;

  verb = scan_global (argc, argv, &ctx.db_path, &ctx.operator_name, &help, &version);

  if (version)
    {
      g_print ("salur %s\n", PACKAGE_VERSION);
      code = 0;
    }
  else if (verb >= argc)
    {
      print_verbs (help ? stdout : stderr);
      code = help ? 0 : 2;
    }
  else
    {
      const Verb *found = NULL;

      for (gsize i = 0; i < G_N_ELEMENTS (verbs); i++)
        if (g_str_equal (argv[verb], verbs[i].name))
          found = &verbs[i];
      if (found == NULL)
        {
          g_printerr (_("salur: “%s” is not a command.\n\n"), argv[verb]);
          print_verbs (stderr);
        }
      else
        {
          ctx.verb = found->name;
          /* the verb sees itself as argv[0] */
          code = found->run (&ctx, argc - verb, argv + verb);
          salur_cli_backup_after (&ctx, code);
        }
    }

  g_free (ctx.db_path);
  g_free (ctx.operator_name);
  return code;
}

