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

#include "salur-cli-private.h"
#include "salur-csv.h"
#include "salur-demo.h"
#include "salur-error.h"
#include "salur-import.h"
#include "salur-ledger.h"
#include "salur-money.h"
#include "salur-setup.h"
#include "salur-signature.h"
#include "salur-store.h"

/* The village, its dusun and its KPM list: init, village, dusun, import, list, demo */

int
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
  if (!salur_village_setup (store, &v, NULL, 0, NULL, 0, &error))
    return fail (error);

  g_print (_("Village %s is set up in %s.\n"), desa, salur_store_get_path (store));
  g_print (_("Next: add its dusun (salur dusun add NAME --rw 001,002), then import the KPM list (salur import FILE).\n"));
  return 0;
}



int
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

int
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

int
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


int
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
              _salur_cli_json_string (out, fields[f]);
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

int
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

