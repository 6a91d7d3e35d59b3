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
#include "salur-csv.h"
#include "salur-demo.h"
#include "salur-error.h"
#include "salur-import.h"
#include "salur-ledger.h"
#include "salur-money.h"
#include "salur-signature.h"
#include "salur-store.h"

/* Every verb is a thin layer over src/core: it parses its options, calls the
 * core, prints what happened and returns an exit code (0 done, 1 failure,
 * 2 usage, 3 input refused). */

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

static int verb_init    (CliContext *ctx, int argc, char **argv);
static int verb_village (CliContext *ctx, int argc, char **argv);
static int verb_dusun   (CliContext *ctx, int argc, char **argv);
static int verb_import  (CliContext *ctx, int argc, char **argv);
static int verb_list    (CliContext *ctx, int argc, char **argv);
static int verb_demo    (CliContext *ctx, int argc, char **argv);
static int verb_operator (CliContext *ctx, int argc, char **argv);
static int verb_pay     (CliContext *ctx, int argc, char **argv);
static int verb_absent  (CliContext *ctx, int argc, char **argv);
static int verb_void    (CliContext *ctx, int argc, char **argv);
static int verb_change  (CliContext *ctx, int argc, char **argv);
static int verb_history (CliContext *ctx, int argc, char **argv);
static int verb_status  (CliContext *ctx, int argc, char **argv);
static int verb_verify  (CliContext *ctx, int argc, char **argv);

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
};

/* helpers */

static int
fail (GError *error)
{
  g_printerr ("salur: %s\n", error->message);
  return salur_error_exit_code (error);
}

static int
usage_error (CliContext *ctx, const char *message)
{
  g_printerr ("salur %s: %s\n", ctx->verb, message);
  g_printerr (_("Run “salur %s --help” to see how it is used.\n"), ctx->verb);
  return 2;
}

static SalurStore *
open_store (CliContext *ctx, GError **error)
{
  g_autofree char *path = ctx->db_path != NULL ? g_strdup (ctx->db_path) : salur_store_default_path ();

  return salur_store_open (path, error);
}

/* The PIN from $SALUR_PIN (scripts, tests) or asked on the terminal without
 * showing it */
static char *
read_pin (const char *name, GError **error)
{
  const char *env = g_getenv ("SALUR_PIN");
  struct termios old, quiet;
  char buf[64] = "";
  gboolean tty = isatty (STDIN_FILENO);

  if (env != NULL)
    return g_strdup (env);
  if (!tty)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE,
                   _("No PIN: set SALUR_PIN or run the command in a terminal to type it."));
      return NULL;
    }
  fprintf (stderr, _("PIN for %s: "), name);
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

static SalurOperator *
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
static gboolean
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
static gboolean
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

/* verbs */

static int
verb_init (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *desa = NULL, *kecamatan = NULL, *kabupaten = NULL, *provinsi = NULL;
  g_autofree char *kode = NULL, *kepala = NULL, *kaur = NULL;
  gint64 amount = 300000;
  int max_months = 3;
  GOptionEntry entries[] = {
    { "desa", 0, 0, G_OPTION_ARG_STRING, &desa, N_("Name of the village (desa)"), N_("NAME") },
    { "kecamatan", 0, 0, G_OPTION_ARG_STRING, &kecamatan, N_("Name of the kecamatan"), N_("NAME") },
    { "kabupaten", 0, 0, G_OPTION_ARG_STRING, &kabupaten, N_("Name of the kabupaten or kota"), N_("NAME") },
    { "provinsi", 0, 0, G_OPTION_ARG_STRING, &provinsi, N_("Name of the province"), N_("NAME") },
    { "kode-wilayah", 0, 0, G_OPTION_ARG_STRING, &kode, N_("Kemendagri region code, e.g. 35.20.01.2001"), N_("CODE") },
    { "amount", 0, 0, G_OPTION_ARG_INT64, &amount, N_("Rupiah per KPM per month (default 300000)"), N_("RUPIAH") },
    { "max-months", 0, 0, G_OPTION_ARG_INT, &max_months, N_("Most months paid together (default 3)"), N_("N") },
    { "kepala-desa", 0, 0, G_OPTION_ARG_STRING, &kepala, N_("Name of the Kepala Desa, who signs the report"), N_("NAME") },
    { "kaur-keuangan", 0, 0, G_OPTION_ARG_STRING, &kaur, N_("Name of the Kaur Keuangan (treasurer)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SalurVillage v = { 0 };
  int code;

  if (!parse_options (ctx, NULL, _("Set up the village in a new data file."), entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (ctx, _("init takes no file or name without an option in front of it."));
  if (desa == NULL || kecamatan == NULL || kabupaten == NULL || provinsi == NULL)
    return usage_error (ctx, _("--desa, --kecamatan, --kabupaten and --provinsi are all needed."));
  if (amount < 1000 || amount > 100000000)
    return usage_error (ctx, _("--amount must be rupiah per month, for example 300000."));
  if (max_months < 1 || max_months > 12)
    return usage_error (ctx, _("--max-months must be a number from 1 to 12."));

  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);

  v.desa = desa;
  v.kecamatan = kecamatan;
  v.kabupaten = kabupaten;
  v.provinsi = provinsi;
  v.kode_wilayah = kode;
  v.amount = amount;
  v.max_months = max_months;
  v.kepala_desa = kepala;
  v.kaur_keuangan = kaur;
  if (!salur_store_init_village (store, &v, &error))
    return fail (error);

  g_print (_("Village %s is set up in %s.\n"), desa, salur_store_get_path (store));
  g_print (_("Next: add its dusun (salur dusun add NAME --rw 001,002), then import the KPM list (salur import FILE).\n"));
  return 0;
}



static int
verb_village (CliContext *ctx, int argc, char **argv)
{
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurVillage) v = NULL;
  g_autoptr(GPtrArray) dusun = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *keys = g_strjoinv (", ", (GStrv) salur_village_keys ());
  int code;

  summary = g_strdup_printf (_("Without arguments, shows the village. “set KEY VALUE” changes a setting; the keys are: %s."), keys);
  if (!parse_options (ctx, "[set KEY VALUE]", summary, NULL, &argc, &argv, &code))
    return code;

  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);

  if (argc > 1)
    {
      if (g_strcmp0 (argv[1], "set") != 0 || argc != 4)
        return usage_error (ctx, _("write “salur village set KEY VALUE”."));
      if (!salur_store_set_village (store, argv[2], argv[3], &error))
        return fail (error);
      g_print (_("%s is now “%s”.\n"), argv[2], argv[3]);
      return 0;
    }

  v = salur_store_get_village (store, &error);
  if (v == NULL)
    return fail (error);
  dusun = salur_store_list_dusun (store, &error);
  if (dusun == NULL)
    return fail (error);

  amount = salur_rupiah_format (v->amount);
  g_print ("%-14s %s\n", "desa", v->desa);
  g_print ("%-14s %s\n", "kecamatan", v->kecamatan);
  g_print ("%-14s %s\n", "kabupaten", v->kabupaten);
  g_print ("%-14s %s\n", "provinsi", v->provinsi);
  g_print ("%-14s %s\n", "kode-wilayah", v->kode_wilayah);
  g_print ("%-14s %s\n", "amount", amount);
  g_print ("%-14s %u\n", "max-months", v->max_months);
  g_print ("%-14s %s\n", "kepala-desa", v->kepala_desa);
  g_print ("%-14s %s\n", "kaur-keuangan", v->kaur_keuangan);
  g_print ("%-14s %" G_GINT64_FORMAT "\n", "kpm", salur_store_count_kpm (store));
  for (guint i = 0; i < dusun->len; i++)
    {
      SalurDusun *d = g_ptr_array_index (dusun, i);
      g_autofree char *rws = g_strjoinv (",", d->rws);
      g_print ("%-14s %s (RW %s)\n", i == 0 ? "dusun" : "", d->name, *rws ? rws : "-");
    }
  return 0;
}

static int
verb_dusun (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *rw = NULL;
  GOptionEntry entries[] = {
    { "rw", 0, 0, G_OPTION_ARG_STRING, &rw, N_("The RWs that belong to the dusun, separated by commas"), N_("001,002") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!parse_options (ctx, "add NAME --rw 001,002 | list",
                      _("A dusun holds RWs: a KPM list without a DUSUN column is sorted into dusun by its RW column."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc < 2 || (g_strcmp0 (argv[1], "add") != 0 && g_strcmp0 (argv[1], "list") != 0))
    return usage_error (ctx, _("write “salur dusun add NAME --rw 001,002” or “salur dusun list”."));

  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);

  if (g_str_equal (argv[1], "list"))
    {
      g_autoptr(GPtrArray) list = salur_store_list_dusun (store, &error);

      if (list == NULL)
        return fail (error);
      for (guint i = 0; i < list->len; i++)
        {
          SalurDusun *d = g_ptr_array_index (list, i);
          g_autofree char *rws = g_strjoinv (",", d->rws);
          g_print ("%s\t%s\n", d->name, rws);
        }
      return 0;
    }

  if (argc != 3)
    return usage_error (ctx, _("write the dusun's name after “add” (in quotes if it has spaces)."));
  {
    g_autoptr(SalurVillage) v = salur_store_get_village (store, &error);
    g_auto(GStrv) rws = rw != NULL ? g_strsplit (rw, ",", -1) : NULL;

    if (v == NULL)
      return fail (error);
    for (guint i = 0; rws != NULL && rws[i] != NULL; i++)
      g_strstrip (rws[i]);
    if (!salur_store_add_dusun (store, argv[2], (const char *const *) rws, &error))
      return fail (error);
    g_print (_("Dusun %s added.\n"), argv[2]);
  }
  return 0;
}

static void
print_problems (SalurImportPlan *plan, gboolean have_errors_file)
{
  const guint max_warnings = 20;
  guint warnings = 0, hidden = 0;

  for (guint i = 0; i < plan->problems->len; i++)
    {
      SalurImportProblem *p = g_ptr_array_index (plan->problems, i);
      const char *what = p->level == SALUR_PROBLEM_REFUSED ? _("refused") : _("warning");

      if (p->level == SALUR_PROBLEM_WARNING && ++warnings > max_warnings)
        {
          hidden++;
          continue;
        }
      if (*p->column != '\0')
        g_printerr (_("%s: row %u, %s “%s”: %s: %s\n"), plan->path, p->row, p->column, p->value, what, p->reason);
      else
        g_printerr (_("%s: row %u: %s: %s\n"), plan->path, p->row, what, p->reason);
    }
  if (hidden > 0 && !have_errors_file)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "… and %u more warning: use --errors FILE to write them all.\n",
                             "… and %u more warnings: use --errors FILE to write them all.\n", hidden), hidden);
  else if (hidden > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "… and %u more warning in the errors file.\n",
                             "… and %u more warnings in the errors file.\n", hidden), hidden);
}

static int
verb_import (CliContext *ctx, int argc, char **argv)
{
  gboolean skip_invalid = FALSE, dry_run = FALSE;
  g_autofree char *errors_path = NULL, *from = NULL;
  GOptionEntry entries[] = {
    { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid, N_("Store the good rows even when some rows are refused"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Check the file, store nothing"), NULL },
    { "errors", 0, 0, G_OPTION_ARG_FILENAME, &errors_path, N_("Write every problem to this CSV file (row, column, value, reason)"), N_("FILE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The month from which these KPM are on the list (default: January of this year)"), N_("YYYY-MM") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurImportPlan) plan = NULL;
  g_autoptr(SalurOperator) by = NULL;
  g_autoptr(GError) error = NULL;
  SalurImportFlags flags = SALUR_IMPORT_DEFAULT;
  guint stored = 0;
  int code;

  if (!parse_options (ctx, "FILE",
                      _("Reads a KPM list (CSV or XLSX: the BNBA template, OpenSID's participant sheet, or any sheet with "
                        "NIK and name columns). By default the import is all or nothing: if any row is refused, nothing is stored."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return usage_error (ctx, _("name one file to import."));

  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);

  plan = salur_import_prepare (store, argv[1], NULL, NULL, NULL, &error);
  if (plan == NULL)
    return fail (error);
  if (from != NULL && !salur_month_parse (from, &plan->from_month, &error))
    return fail (error);

  if (errors_path != NULL && !salur_import_write_problems (plan, errors_path, &error))
    return fail (error);
  print_problems (plan, errors_path != NULL);

  if (skip_invalid)
    flags |= SALUR_IMPORT_SKIP_INVALID;
  if (dry_run)
    flags |= SALUR_IMPORT_DRY_RUN;
  if (!login_if_named (ctx, store, &by, &error))
    return fail (error);
  if (!salur_import_commit (store, by, plan, flags, &stored, &error))
    {
      g_printerr (_("%s (%s): %u rows read, %u refused, %u with warnings.\n"),
                  plan->path, plan->format, plan->rows_read, plan->refused, plan->warned);
      return fail (error);
    }

  if (dry_run)
    g_print (_("%s (%s): %u rows read, %u would be stored, %u refused, %u with warnings. Nothing was stored (--dry-run).\n"),
             plan->path, plan->format, plan->rows_read, plan->kpm->len, plan->refused, plan->warned);
  else
    g_print (_("%s (%s): %u rows read, %u stored, %u refused, %u with warnings.\n"),
             plan->path, plan->format, plan->rows_read, stored, plan->refused, plan->warned);
  return 0;
}

static void
json_string (GString *out, const char *s)
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

static int
verb_list (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *dusun = NULL, *format = NULL;
  GOptionEntry entries[] = {
    { "dusun", 0, 0, G_OPTION_ARG_STRING, &dusun, N_("Only the KPM of this dusun"), N_("NAME") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("table (NIK masked), csv or json (full NIK, for scripts)"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int code;

  if (!parse_options (ctx, NULL, _("Lists the KPM, ordered by dusun, RW, RT and name."), entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (ctx, _("list takes no arguments besides its options."));
  if (format == NULL)
    format = g_strdup ("table");
  if (!g_str_equal (format, "table") && !g_str_equal (format, "csv") && !g_str_equal (format, "json"))
    return usage_error (ctx, _("--format is table, csv or json."));

  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);
  {
    g_autoptr(SalurVillage) v = salur_store_get_village (store, &error);
    if (v == NULL)
      return fail (error);
  }
  list = salur_store_list_kpm (store, dusun, &error);
  if (list == NULL)
    return fail (error);

  if (g_str_equal (format, "csv"))
    g_string_append (out, "id,nik,kk,name,sex,birth_date,address,rt,rw,dusun,criteria,payment_method,from_month\n");
  else if (g_str_equal (format, "json"))
    g_string_append (out, "[");
  else
    g_string_append_printf (out, "%-5s %-16s %-32s %-2s %-14s %-7s %s\n",
                            "NO", "NIK", _("NAME"), "JK", "DUSUN", "RT/RW", _("CRITERIA"));

  for (guint i = 0; i < list->len; i++)
    {
      SalurKpm *k = g_ptr_array_index (list, i);
      g_autofree char *from_month = salur_month_format (k->from_month);

      if (g_str_equal (format, "csv"))
        {
          const char *fields[] = { k->id, k->nik, k->kk, k->name, salur_sex_label (k->sex), k->birth_date,
                                   k->address, k->rt, k->rw, k->dusun, k->criteria, k->payment_method, from_month };
          for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
            {
              if (f > 0)
                g_string_append_c (out, ',');
              salur_csv_append_cell (out, fields[f]);
            }
          g_string_append_c (out, '\n');
        }
      else if (g_str_equal (format, "json"))
        {
          const char *keys[] = { "id", "nik", "kk", "name", "sex", "birth_date", "address", "rt", "rw", "dusun",
                                 "criteria", "payment_method", "from_month" };
          const char *fields[] = { k->id, k->nik, k->kk, k->name, salur_sex_label (k->sex), k->birth_date,
                                   k->address, k->rt, k->rw, k->dusun, k->criteria, k->payment_method, from_month };
          g_string_append (out, i == 0 ? "\n  {" : ",\n  {");
          for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
            {
              g_string_append_printf (out, "%s\"%s\": ", f > 0 ? ", " : "", keys[f]);
              json_string (out, fields[f]);
            }
          g_string_append_c (out, '}');
        }
      else
        {
          g_autofree char *masked = salur_nik_mask (k->nik);
          g_autofree char *rt_rw = salur_kpm_rt_rw (k);
          g_string_append_printf (out, "%-5u %-16s %-32s %-2s %-14s %-7s %s\n", i + 1, masked, k->name,
                                  salur_sex_label (k->sex), k->dusun, rt_rw, k->criteria);
        }
    }
  if (g_str_equal (format, "json"))
    g_string_append (out, list->len > 0 ? "\n]\n" : "]\n");

  fwrite (out->str, 1, out->len, stdout);
  return 0;
}

static int
verb_demo (CliContext *ctx, int argc, char **argv)
{
  int n_kpm = 150, seed = 1;
  GOptionEntry entries[] = {
    { "kpm", 0, 0, G_OPTION_ARG_INT, &n_kpm, N_("How many families (default 150)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("The same seed always makes the same village (default 1)"), N_("S") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!parse_options (ctx, NULL,
                      _("Fills an empty data file with Desa Sukamaju, a fictional village: its NIKs start with 99, "
                        "a province code that does not exist, so none can be a real person's."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (ctx, _("demo takes no arguments besides its options."));
  if (n_kpm < 1 || n_kpm > 200000)
    return usage_error (ctx, _("--kpm must be a number from 1 to 200000."));

  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);
  if (!salur_demo_create (store, n_kpm, (guint32) seed, &error))
    return fail (error);
  g_print (_("The demo village is ready in %s with %d KPM.\n"), salur_store_get_path (store), n_kpm);
  return 0;
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
            *db_path = g_strdup (argv[i + 1]);
          i += 2;
        }
      else if (g_str_has_prefix (a, "--db="))
        {
          if (db_path != NULL)
            *db_path = g_strdup (a + 5);
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
            *operator_name = g_strdup (argv[i + 1]);
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
        }
    }

  g_free (ctx.db_path);
  g_free (ctx.operator_name);
  return code;
}

/* the ledger's verbs */

static SalurKpm *
find_kpm (SalurStore *store, const char *nik, const char *input, GError **error)
{
  const char *text = nik != NULL ? nik : input;
  g_autofree char *clean = NULL;

  if (text == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("Say which KPM: --nik NIK."));
      return NULL;
    }
  clean = salur_nik_clean (text);
  if (strlen (clean) == 16 && strspn (clean, "0123456789") == 16)
    return salur_store_get_kpm_by_nik (store, clean, error);
  return salur_store_get_kpm (store, text, error);
}

static int
verb_operator (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *role_text = NULL, *pin_option = NULL;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, N_("kepala-dusun, petugas, bendahara or auditor"), N_("ROLE") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) by = NULL;
  g_autoptr(GError) error = NULL;
  SalurRole role;
  int code;

  if (!parse_options (ctx, "add NAME --role ROLE | disable NAME | list",
                      _("Operators sign in with a name and a PIN. The first one is the bendahara; after that the "
                        "bendahara adds the others (--operator and $SALUR_PIN say who the bendahara is). "
                        "The new operator's PIN comes from $SALUR_NEW_PIN or is asked."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc < 2 || (!g_str_equal (argv[1], "add") && !g_str_equal (argv[1], "list") && !g_str_equal (argv[1], "disable")))
    return usage_error (ctx, _("write “salur operator add NAME --role ROLE”, “salur operator disable NAME” or “salur operator list”."));

  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);

  if (g_str_equal (argv[1], "list"))
    {
      g_autoptr(GPtrArray) ops = salur_ledger_list_operators (store, &error);
      if (ops == NULL)
        return fail (error);
      for (guint i = 0; i < ops->len; i++)
        {
          SalurOperator *op = g_ptr_array_index (ops, i);
          g_print ("%s\t%s%s\n", op->name, salur_role_to_string (op->role), op->active ? "" : _("\t(inactive)"));
        }
      return 0;
    }

  if (argc != 3)
    return usage_error (ctx, _("write the operator's name after “add”."));
  if (g_str_equal (argv[1], "disable"))
    {
      if ((by = login (ctx, store, &error)) == NULL || !salur_ledger_disable_operator (store, by, argv[2], &error))
        return fail (error);
      g_print (_("%s can no longer sign in.\n"), argv[2]);
      return 0;
    }
  if (role_text == NULL || !salur_role_from_string (role_text, &role))
    return usage_error (ctx, _("--role is kepala-dusun, petugas, bendahara or auditor."));
  {
    g_autoptr(GPtrArray) ops = salur_ledger_list_operators (store, &error);
    if (ops == NULL)
      return fail (error);
    if (ops->len > 0 && (by = login (ctx, store, &error)) == NULL)
      return fail (error);
  }
  {
    const char *env = g_getenv ("SALUR_NEW_PIN");
    g_autofree char *pin = NULL;

    if (env != NULL)
      pin = g_strdup (env);
    else if (isatty (STDIN_FILENO))
      {
        g_autofree char *who = g_strdup_printf (_("%s (new)"), argv[2]);
        pin = read_pin (who, &error);
      }
    if (pin == NULL)
      return usage_error (ctx, _("the new operator's PIN comes from $SALUR_NEW_PIN or the terminal."));
    if (!salur_ledger_add_operator (store, by, argv[2], role, pin, &error))
      return fail (error);
  }
  g_print (_("%s can now sign in as %s.\n"), argv[2], salur_role_label (role));
  return 0;
}

static GBytes *
read_signature (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr(SalurSignature) sig = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  sig = salur_signature_parse_text (text, error);
  if (sig == NULL)
    return NULL;
  if (salur_signature_is_empty (sig))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("The signature in %s has no strokes."), path);
      return NULL;
    }
  return salur_signature_encode (sig);
}

static void
print_payment (const SalurPayment *p)
{
  g_autofree char *masked = salur_nik_mask (p->kpm_nik);
  g_autofree char *total = salur_rupiah_format (p->total);
  GString *months = g_string_new (NULL);

  for (guint i = 0; i < p->months->len; i++)
    {
      g_autofree char *m = salur_month_format (g_array_index (p->months, SalurMonth, i));
      g_string_append_printf (months, "%s%s", i > 0 ? "," : "", m);
    }
  g_print (_("Paid: receipt %s\n"), p->receipt);
  g_print ("  %s (%s), %s, %s\n", p->kpm_name, masked, months->str, total);
  if (p->proxy_name[0] != '\0')
    g_print (_("  received by %s (%s) for the KPM\n"), p->proxy_name, p->proxy_relation);
  g_string_free (months, TRUE);
}

static int
verb_pay (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *nik = NULL, *input = NULL, *months_text = NULL, *desk = NULL;
  g_autofree char *proxy_name = NULL, *proxy_nik = NULL, *proxy_relation = NULL;
  g_autofree char *signature = NULL, *no_proof = NULL, *witness = NULL;
  gboolean thumbprint = FALSE, home = FALSE, surat_kuasa = FALSE;
  GOptionEntry entries[] = {
    { "nik", 0, 0, G_OPTION_ARG_STRING, &nik, N_("The KPM's NIK"), N_("NIK") },
    { "input", 0, 0, G_OPTION_ARG_STRING, &input, N_("What a scanner or a person typed: a NIK or a KPM id"), N_("TEXT") },
    { "months", 0, 0, G_OPTION_ARG_STRING, &months_text, N_("The months paid, e.g. 2026-10,2026-11"), N_("MONTHS") },
    { "desk", 0, 0, G_OPTION_ARG_STRING, &desk, N_("The desk that pays (its dusun's name)"), N_("NAME") },
    { "proxy-name", 0, 0, G_OPTION_ARG_STRING, &proxy_name, N_("Someone else received for the KPM"), N_("NAME") },
    { "proxy-nik", 0, 0, G_OPTION_ARG_STRING, &proxy_nik, N_("The proxy's NIK"), N_("NIK") },
    { "proxy-relation", 0, 0, G_OPTION_ARG_STRING, &proxy_relation, N_("How the proxy is related (anak, istri…)"), N_("TEXT") },
    { "surat-kuasa", 0, 0, G_OPTION_ARG_NONE, &surat_kuasa, N_("The proxy showed a surat kuasa"), NULL },
    { "signature", 0, 0, G_OPTION_ARG_FILENAME, &signature, N_("The signature strokes (text form)"), N_("FILE") },
    { "thumbprint", 0, 0, G_OPTION_ARG_NONE, &thumbprint, N_("A thumbprint on the paper receipt"), NULL },
    { "no-proof", 0, 0, G_OPTION_ARG_STRING, &no_proof, N_("Neither: why"), N_("REASON") },
    { "home", 0, 0, G_OPTION_ARG_NONE, &home, N_("Delivered at home"), NULL },
    { "witness", 0, 0, G_OPTION_ARG_STRING, &witness, N_("Who saw the delivery at home"), N_("NAME") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) by = NULL;
  g_autoptr(SalurKpm) kpm = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(SalurPayment) paid = NULL;
  g_autoptr(GError) error = NULL;
  SalurPaymentRequest req = { 0 };
  int code, proofs;

  if (!parse_options (ctx, NULL,
                      _("Records a payment: the months are refused if one is paid already, before the KPM was on "
                        "the list, after it was closed, or more than the village pays at once."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (ctx, _("pay takes no arguments besides its options."));
  proofs = (signature != NULL) + thumbprint + (no_proof != NULL);
  if (proofs != 1)
    return usage_error (ctx, _("choose one proof: --signature FILE, --thumbprint or --no-proof REASON."));
  if (months_text == NULL || desk == NULL)
    return usage_error (ctx, _("--months and --desk are needed."));
  if ((proxy_nik != NULL || proxy_relation != NULL) && proxy_name == NULL)
    return usage_error (ctx, _("--proxy-nik and --proxy-relation go with --proxy-name."));
  if (witness != NULL && !home)
    return usage_error (ctx, _("--witness goes with --home."));

  months = salur_month_parse_list (months_text, &error);
  if (months == NULL)
    return fail (error);
  if (signature != NULL && (sig = read_signature (signature, &error)) == NULL)
    return fail (error);

  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);
  by = login (ctx, store, &error);
  if (by == NULL)
    return fail (error);
  kpm = find_kpm (store, nik, input, &error);
  if (kpm == NULL)
    return fail (error);

  req.kpm_id = kpm->id;
  req.months = months;
  req.desk = desk;
  req.place = home ? SALUR_PLACE_HOME : SALUR_PLACE_HALL;
  req.witness = witness;
  req.proxy_name = proxy_name;
  req.proxy_nik = proxy_nik;
  req.proxy_relation = proxy_relation;
  req.surat_kuasa_seen = surat_kuasa;
  req.proof = signature != NULL ? SALUR_PROOF_SIGNATURE : thumbprint ? SALUR_PROOF_THUMBPRINT : SALUR_PROOF_NONE;
  req.signature = sig;
  req.proof_note = no_proof;
  paid = salur_ledger_pay (store, by, &req, &error);
  if (paid == NULL)
    return fail (error);
  print_payment (paid);
  return 0;
}

static int
verb_absent (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *nik = NULL, *months_text = NULL, *desk = NULL, *reason = NULL;
  GOptionEntry entries[] = {
    { "nik", 0, 0, G_OPTION_ARG_STRING, &nik, N_("The KPM's NIK"), N_("NIK") },
    { "months", 0, 0, G_OPTION_ARG_STRING, &months_text, N_("The months of the round"), N_("MONTHS") },
    { "desk", 0, 0, G_OPTION_ARG_STRING, &desk, N_("The desk"), N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the KPM did not come"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) by = NULL;
  g_autoptr(SalurKpm) kpm = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!parse_options (ctx, NULL, _("Records that a KPM did not come; they can still be paid later."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc > 1 || months_text == NULL || reason == NULL)
    return usage_error (ctx, _("--nik, --months and --reason are needed."));
  months = salur_month_parse_list (months_text, &error);
  if (months == NULL)
    return fail (error);
  store = open_store (ctx, &error);
  if (store == NULL || (by = login (ctx, store, &error)) == NULL
      || (kpm = find_kpm (store, nik, NULL, &error)) == NULL
      || !salur_ledger_absent (store, by, kpm->id, months, desk != NULL ? desk : "", reason, &error))
    return fail (error);
  g_print (_("Recorded: %s did not come (%s).\n"), kpm->name, reason);
  return 0;
}

static int
verb_void (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the payment is voided"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) by = NULL;
  g_autoptr(SalurPayment) p = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!parse_options (ctx, "RECEIPT",
                      _("Voids a payment (the bendahara only). The payment stays in the record, marked void; "
                        "its months can be paid again. If the cash was handed over, it must be recovered."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc != 2 || reason == NULL)
    return usage_error (ctx, _("write “salur void RECEIPT --reason TEXT”."));
  store = open_store (ctx, &error);
  if (store == NULL || (by = login (ctx, store, &error)) == NULL
      || !salur_ledger_void (store, by, argv[1], reason, &error)
      || (p = salur_ledger_get_payment (store, argv[1], &error)) == NULL)
    return fail (error);
  {
    g_autofree char *total = salur_rupiah_format (p->total);
    g_print (_("Receipt %s is void. If %s was handed to %s, the cash must be recovered.\n"), p->receipt, total,
             p->proxy_name[0] != '\0' ? p->proxy_name : p->kpm_name);
  }
  return 0;
}

static int
verb_change (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *nik = NULL, *from = NULL, *reason = NULL, *sk = NULL, *note = NULL;
  g_autofree char *field = NULL, *value = NULL, *name = NULL, *kk = NULL, *dusun = NULL, *rt = NULL, *rw = NULL;
  g_autofree char *address = NULL, *criteria = NULL;
  GOptionEntry entries[] = {
    { "nik", 0, 0, G_OPTION_ARG_STRING, &nik, N_("The KPM's NIK"), N_("NIK") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("From this month"), N_("YYYY-MM") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("close: died, moved, not-eligible or other; correct: why"), N_("TEXT") },
    { "sk", 0, 0, G_OPTION_ARG_STRING, &sk, N_("The number of the Kepala Desa's decision (SK)"), N_("NUMBER") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note"), N_("TEXT") },
    { "field", 0, 0, G_OPTION_ARG_STRING, &field, N_("correct: the field"), N_("FIELD") },
    { "value", 0, 0, G_OPTION_ARG_STRING, &value, N_("correct: the new value"), N_("TEXT") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("add: the name"), N_("NAME") },
    { "kk", 0, 0, G_OPTION_ARG_STRING, &kk, N_("add: the KK number"), N_("KK") },
    { "dusun", 0, 0, G_OPTION_ARG_STRING, &dusun, N_("add: the dusun"), N_("NAME") },
    { "rt", 0, 0, G_OPTION_ARG_STRING, &rt, N_("add: the RT"), N_("RT") },
    { "rw", 0, 0, G_OPTION_ARG_STRING, &rw, N_("add: the RW"), N_("RW") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("add: the address"), N_("TEXT") },
    { "criteria", 0, 0, G_OPTION_ARG_STRING, &criteria, N_("add: the criteria"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) by = NULL;
  g_autoptr(GError) error = NULL;
  SalurMonth month = SALUR_MONTH_NONE;
  int code;

  if (!parse_options (ctx, "close|add|correct",
                      _("Changes of the list follow a musyawarah desa and an SK of the Kepala Desa (the bendahara "
                        "records them). close --nik N --from YYYY-MM --reason died|moved|not-eligible|other --sk NO; "
                        "add --nik N --name NAME --dusun D --from YYYY-MM --sk NO; "
                        "correct --nik N --field FIELD --value V --reason TEXT [--sk NO]. Nothing is deleted."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc != 2 || (!g_str_equal (argv[1], "close") && !g_str_equal (argv[1], "add") && !g_str_equal (argv[1], "correct")))
    return usage_error (ctx, _("write “salur change close”, “salur change add” or “salur change correct” with their options."));
  if (nik == NULL)
    return usage_error (ctx, _("--nik is needed."));
  if (from != NULL && !salur_month_parse (from, &month, &error))
    return fail (error);

  store = open_store (ctx, &error);
  if (store == NULL || (by = login (ctx, store, &error)) == NULL)
    return fail (error);

  if (g_str_equal (argv[1], "close"))
    {
      static const char *const reasons[] = { "died", "moved", "not-eligible", "other" };
      g_autoptr(SalurKpm) kpm = NULL;
      int r = -1;

      for (int i = 0; reason != NULL && i < 4; i++)
        if (g_str_equal (reason, reasons[i]))
          r = i;
      if (r < 0 || month == SALUR_MONTH_NONE)
        return usage_error (ctx, _("close needs --from YYYY-MM and --reason died, moved, not-eligible or other."));
      if ((kpm = find_kpm (store, nik, NULL, &error)) == NULL
          || !salur_ledger_close_kpm (store, by, kpm->id, month, r, note, sk, &error))
        return fail (error);
      g_print (_("%s is off the list from %s.\n"), kpm->name, from);
      return 0;
    }
  if (g_str_equal (argv[1], "add"))
    {
      g_autoptr(SalurKpm) kpm = salur_kpm_new ();
      char n[4];

      if (name == NULL || dusun == NULL || month == SALUR_MONTH_NONE)
        return usage_error (ctx, _("add needs --name, --dusun and --from YYYY-MM."));
      salur_kpm_set (kpm, &kpm->nik, nik);
      salur_kpm_set (kpm, &kpm->name, name);
      salur_kpm_set (kpm, &kpm->dusun, dusun);
      if (kk != NULL)
        {
          char clean[SALUR_NIK_LEN + 1];
          if (!salur_kk_parse (kk, SALUR_CELL_TEXT, clean, &error))
            return fail (error);
          salur_kpm_set (kpm, &kpm->kk, clean);
        }
      if (rt != NULL && salur_rt_rw_normalize (rt, n))
        salur_kpm_set (kpm, &kpm->rt, n);
      if (rw != NULL && salur_rt_rw_normalize (rw, n))
        salur_kpm_set (kpm, &kpm->rw, n);
      salur_kpm_set (kpm, &kpm->address, address);
      salur_kpm_set (kpm, &kpm->criteria, criteria);
      kpm->from_month = month;
      if (!salur_ledger_add_kpm (store, by, kpm, sk, &error))
        return fail (error);
      g_print (_("%s is on the list from %s.\n"), kpm->name, from);
      return 0;
    }
  {
    g_autoptr(SalurKpm) kpm = NULL;

    if (field == NULL || value == NULL)
      return usage_error (ctx, _("correct needs --field and --value."));
    if ((kpm = find_kpm (store, nik, NULL, &error)) == NULL
        || !salur_ledger_correct_kpm (store, by, kpm->id, field, value, reason, sk != NULL ? sk : "", &error))
      return fail (error);
    g_print (_("The %s of %s is corrected.\n"), field, kpm->name);
  }
  return 0;
}

static int
verb_history (CliContext *ctx, int argc, char **argv)
{
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurKpm) kpm = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!parse_options (ctx, "NIK", _("Everything recorded about one KPM, oldest first."), NULL, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return usage_error (ctx, _("name one KPM by NIK."));
  store = open_store (ctx, &error);
  if (store == NULL || (kpm = find_kpm (store, argv[1], NULL, &error)) == NULL
      || (history = salur_ledger_history (store, kpm->id, &error)) == NULL)
    return fail (error);
  {
    g_autofree char *masked = salur_nik_mask (kpm->nik);
    g_print ("%s (%s), %s RT %s RW %s\n", kpm->name, masked, kpm->dusun, kpm->rt, kpm->rw);
  }
  for (guint i = 0; i < history->len; i++)
    {
      SalurHistoryEntry *h = g_ptr_array_index (history, i);
      g_autofree char *when = salur_time_to_local (h->at);
      g_print ("%s  %-8s %s\n", when, h->operator_name, h->summary);
    }
  return 0;
}

static int
verb_status (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *month_text = NULL, *dusun = NULL, *format = NULL;
  GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_STRING, &month_text, N_("The month"), N_("YYYY-MM") },
    { "dusun", 0, 0, G_OPTION_ARG_STRING, &dusun, N_("Only the KPM of this dusun"), N_("NAME") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("table (NIK masked), csv or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  SalurMonth month;
  guint counts[SALUR_STATE_NOT_LISTED + 1] = { 0 };
  int code;

  if (!parse_options (ctx, NULL, _("Every KPM for one month: paid, unpaid, absent, closed; receipt, when, by whom."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc > 1 || month_text == NULL)
    return usage_error (ctx, _("--month YYYY-MM is needed."));
  if (format == NULL)
    format = g_strdup ("table");
  if (!g_str_equal (format, "table") && !g_str_equal (format, "csv") && !g_str_equal (format, "json"))
    return usage_error (ctx, _("--format is table, csv or json."));
  if (!salur_month_parse (month_text, &month, &error))
    return fail (error);
  store = open_store (ctx, &error);
  if (store == NULL || (rows = salur_ledger_status (store, month, dusun, &error)) == NULL)
    return fail (error);

  if (g_str_equal (format, "csv"))
    g_string_append (out, "nik,name,dusun,rt,rw,state,receipt,at,operator,desk,note,payments\n");
  else if (g_str_equal (format, "json"))
    g_string_append (out, "[");
  for (guint i = 0; i < rows->len; i++)
    {
      SalurStatusRow *r = g_ptr_array_index (rows, i);
      g_autofree char *n = g_strdup_printf ("%u", r->n_payments);
      const char *fields[] = { r->kpm->nik, r->kpm->name, r->kpm->dusun, r->kpm->rt, r->kpm->rw,
                               salur_state_to_string (r->state), r->receipt, r->at, r->operator_name, r->desk,
                               r->note, n };
      static const char *const keys[] = { "nik", "name", "dusun", "rt", "rw", "state", "receipt", "at", "operator",
                                          "desk", "note", "payments" };

      counts[r->state]++;
      if (g_str_equal (format, "csv"))
        {
          for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
            {
              if (f > 0)
                g_string_append_c (out, ',');
              salur_csv_append_cell (out, fields[f]);
            }
          g_string_append_c (out, '\n');
        }
      else if (g_str_equal (format, "json"))
        {
          g_string_append (out, i == 0 ? "\n  {" : ",\n  {");
          for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
            {
              g_string_append_printf (out, "%s\"%s\": ", f > 0 ? ", " : "", keys[f]);
              json_string (out, fields[f]);
            }
          g_string_append_c (out, '}');
        }
      else
        {
          g_autofree char *masked = salur_nik_mask (r->kpm->nik);
          g_autofree char *when = r->at[0] != '\0' ? salur_time_to_local (r->at) : g_strdup ("");
          g_string_append_printf (out, "%-16s %-28.28s %-12.12s %-10s %-20s %-16s %-8s %s%s\n", masked, r->kpm->name,
                                  r->kpm->dusun, salur_state_to_string (r->state), r->receipt, when,
                                  r->operator_name, r->note, r->n_payments > 1 ? _(" PAID TWICE") : "");
        }
    }
  if (g_str_equal (format, "json"))
    g_string_append (out, rows->len > 0 ? "\n]\n" : "]\n");
  else if (g_str_equal (format, "table"))
    g_string_append_printf (out, _("%u KPM: %u paid, %u unpaid, %u absent, %u closed, %u not on the list yet\n"),
                            rows->len, counts[SALUR_STATE_PAID], counts[SALUR_STATE_UNPAID],
                            counts[SALUR_STATE_ABSENT], counts[SALUR_STATE_CLOSED], counts[SALUR_STATE_NOT_LISTED]);
  fwrite (out->str, 1, out->len, stdout);
  return 0;
}

static int
verb_verify (CliContext *ctx, int argc, char **argv)
{
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SalurVerifyReport report;
  int code;

  if (!parse_options (ctx, NULL,
                      _("Recomputes every event's hash chain and every table drawn from the events. Names the first "
                        "event that does not match what was recorded."), NULL, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (ctx, _("verify takes no arguments besides its options."));
  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);
  if (!salur_ledger_verify (store, &report, &error))
    return fail (error);
  g_print (_("The record is intact: %" PRIu64 " events from %u device(s), %" PRIu64
             " payments, %" PRIu64 " KPM sealed.\n"),
           report.events, report.devices, report.payments, report.kpm_sealed);
  if (report.kpm_unsealed > 0)
    g_print (_("%" PRIu64 " KPM were stored before this Salur sealed lists and cannot be checked.\n"),
             report.kpm_unsealed);
  return 0;
}
