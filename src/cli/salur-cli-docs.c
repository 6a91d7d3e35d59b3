/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-cli"
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "salur-cli-private.h"
#include "salur-error.h"
#include "salur-export.h"
#include "salur-money.h"
#include "salur-nik.h"
#include "salur-public-list.h"
#include "salur-receipt.h"
#include "salur-report.h"

/* The documents: receipts and their check, the realisation report and its
 * seal, the public list, spreadsheet exports */

static GArray *
parse_months (CliContext *ctx, const char *text, int *code)
{
  g_autoptr(GError) error = NULL;
  GArray *months;

  if (text == NULL)
    {
      *code = usage_error (ctx, _("--months is needed, e.g. --months 2026-11 or --months 2026-10,2026-11,2026-12."));
      return NULL;
    }
  months = salur_month_parse_list (text, &error);
  if (months == NULL)
    *code = fail (error);
  return months;
}

static void
print_payment (const SalurPayment *p)
{
  g_autofree char *masked = salur_nik_mask (p->kpm_nik);
  g_autofree char *total = salur_rupiah_format (p->total);
  g_autofree char *when = salur_time_to_local (p->at);
  GString *months = g_string_new (NULL);

  for (guint i = 0; i < p->months->len; i++)
    {
      g_autofree char *m = salur_month_format (g_array_index (p->months, SalurMonth, i));
      g_string_append_printf (months, "%s%s", i > 0 ? "," : "", m);
    }
  g_print (_("  receipt   %s\n"), p->receipt);
  g_print (_("  KPM       %s (%s)\n"), p->kpm_name, masked);
  g_print (_("  months    %s\n"), months->str);
  g_print (_("  amount    %s\n"), total);
  if (p->proxy_name[0] != '\0')
    g_print (_("  received  by %s (%s) for the KPM\n"), p->proxy_name, p->proxy_relation);
  else
    g_print (_("  received  by the KPM in person\n"));
  g_print (_("  paid      %s at desk %s by %s\n"), when, p->desk, p->operator_name);
  g_string_free (months, TRUE);
}

int
verb_receipt (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *out = NULL, *paper_text = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The PDF to write"), N_("FILE.pdf") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_text, N_("a6 (default) or roll80 (80 mm receipt printer)"), N_("PAPER") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  SalurPaper paper = SALUR_PAPER_A6;
  int code;

  if (!parse_options (ctx, "RECEIPT",
                      _("Prints the receipt (tanda terima) of a payment as a PDF, in Indonesian, with its "
                        "verification code."), entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return usage_error (ctx, _("write the receipt number, e.g. “salur receipt KRJ-7QX-2611-0042 --out kuitansi.pdf”."));
  if (out == NULL)
    return usage_error (ctx, _("--out FILE.pdf is needed."));
  if (paper_text != NULL && !salur_paper_from_string (paper_text, &paper))
    return usage_error (ctx, _("--paper is a6 or roll80."));
  store = open_store (ctx, &error);
  if (store == NULL || (payment = salur_ledger_get_payment (store, argv[1], &error)) == NULL)
    return fail (error);
  if (!salur_receipt_write_pdf (store, payment, paper, out, &error))
    return fail (error);
  {
    g_autofree char *check = salur_receipt_code (payment);
    g_print (_("Receipt %s written to %s (verification code %.4s-%s).\n"), payment->receipt, out, check, check + 4);
  }
  if (payment->voided)
    g_print (_("This payment was voided (%s): the receipt says so.\n"), payment->void_reason);
  return 0;
}

int
verb_check_receipt (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *receipt = NULL;
  GOptionEntry entries[] = {
    { "receipt", 0, 0, G_OPTION_ARG_STRING, &receipt, N_("The receipt number printed beside the code"), N_("RECEIPT") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!parse_options (ctx, "CODE",
                      _("Says whether a paper receipt matches the record: type the verification code printed on it "
                        "(and its number with --receipt)."), entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return usage_error (ctx, _("write the code printed on the receipt, e.g. “salur check-receipt 7KQ2-M9XA”."));
  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);
  payment = salur_receipt_check (store, argv[1], receipt, &error);
  if (payment == NULL)
    {
      if (g_error_matches (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND))
        g_printerr (_("salur: NOT GENUINE: %s\n"), error->message);
      else
        return fail (error);
      return salur_error_exit_code (error);
    }
  if (payment->voided)
    {
      g_print (_("The receipt matches the record, but the payment was VOIDED: %s\n"), payment->void_reason);
      print_payment (payment);
      return 0;
    }
  g_print (_("The receipt matches the record:\n"));
  print_payment (payment);
  return 0;
}

static void
report_progress (double fraction, gpointer data)
{
  /* a long report says how far it is on a terminal, and nothing in a script */
  if (GPOINTER_TO_INT (data))
    {
      fprintf (stderr, "\r%3d%%", (int) (fraction * 100));
      if (fraction >= 1)
        fputs ("\r    \r", stderr);
      fflush (stderr);
    }
}

int
verb_report (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *months_text = NULL, *out = NULL, *xlsx = NULL, *csv = NULL, *date = NULL;
  gboolean mask = FALSE;
  GOptionEntry entries[] = {
    { "months", 0, 0, G_OPTION_ARG_STRING, &months_text, N_("The month or months of the report"), N_("YYYY-MM[,…]") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The report as a PDF (A4 landscape)"), N_("FILE.pdf") },
    { "xlsx", 0, 0, G_OPTION_ARG_FILENAME, &xlsx, N_("The same rows as an Excel workbook (BNBA columns)"), N_("FILE.xlsx") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("The same rows as CSV"), N_("FILE.csv") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The date above the signatures (default today)"), N_("YYYY-MM-DD") },
    { "mask-nik", 0, 0, G_OPTION_ARG_NONE, &mask, N_("Show only the first 4 and last 4 digits of each NIK"), NULL },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurReport) report = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(GError) error = NULL;
  SalurReportOptions options = { 0 };
  int code;

  if (!parse_options (ctx, NULL,
                      _("The Laporan Realisasi Penyaluran BLT Dana Desa for one or more months: every KPM, what was "
                        "paid, to whom, with signatures; subtotals per dusun; the summary; sealed so that "
                        "“salur verify-report” can check it against the record later. The full NIK is printed: the "
                        "report goes to the kecamatan, not on the notice board (see public-list)."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (ctx, _("report takes no arguments besides its options."));
  if ((months = parse_months (ctx, months_text, &code)) == NULL)
    return code;
  if (out == NULL && xlsx == NULL && csv == NULL)
    return usage_error (ctx, _("say where to write it: --out FILE.pdf, --xlsx FILE or --csv FILE."));
  store = open_store (ctx, &error);
  if (store == NULL || (report = salur_report_build (store, months, NULL, &error)) == NULL)
    return fail (error);
  options.mask_nik = mask;
  options.date = date;
  if (out != NULL && !salur_report_write_pdf (report, out, &options, report_progress,
                                              GINT_TO_POINTER (isatty (fileno (stderr))), NULL, &error))
    return fail (error);
  if (xlsx != NULL && !salur_export_xlsx (report, xlsx, &error))
    return fail (error);
  if (csv != NULL && !salur_export_csv (report, csv, &error))
    return fail (error);

  {
    const SalurReportTotals *t = &report->totals;
    g_autofree char *paid = salur_rupiah_format (t->amount_paid);
    g_autofree char *planned = salur_rupiah_format (t->amount_planned);
    g_autofree char *left = salur_rupiah_format (t->amount_left);

    g_print (_("%u KPM on the list: %u received (%u in person, %u through a proxy, %u at home), %u absent, "
               "%u not yet paid; %u off the list.\n"),
             t->kpm_listed, t->paid + t->partly_paid, t->in_person, t->proxy, t->home, t->absent, t->unpaid, t->closed);
    if (t->partly_paid > 0)
      g_print (_("%u of them received only some of the months.\n"), t->partly_paid);
    g_print (_("Paid %s of %s planned; %s left.\n"), paid, planned, left);
    if (t->duplicates > 0)
      g_print (_("Warning: %u payment(s) paid a month already paid. Run “salur conflicts”.\n"), t->duplicates);
    if (out != NULL)
      g_print (_("Report written to %s.\n"), out);
    if (xlsx != NULL)
      g_print (_("Workbook written to %s.\n"), xlsx);
    if (csv != NULL)
      g_print (_("CSV written to %s.\n"), csv);
    g_print (_("Seal (%" PRIu64 " events): %s\n"), report->n_events, report->seal);
  }
  return 0;
}

int
verb_verify_report (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *seal = NULL;
  GOptionEntry entries[] = {
    { "seal", 0, 0, G_OPTION_ARG_STRING, &seal, N_("The seal printed at the foot of the report's pages"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SalurSealCheck check = { 0 };
  int code;

  if (!parse_options (ctx, "[FILE.pdf]",
                      _("Checks a report against the record: whether the store still holds exactly the events the "
                        "report was drawn from. Give the report's PDF, or the seal printed on a paper copy."),
                      entries, &argc, &argv, &code))
    return code;
  if ((argc == 2) == (seal != NULL) || argc > 2)
    return usage_error (ctx, _("give the report's PDF or --seal TEXT (one of them)."));
  if (seal == NULL && (seal = salur_report_seal_from_pdf (argv[1], &error)) == NULL)
    return fail (error);
  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);
  if (!salur_report_verify (store, seal, &check, &error))
    {
      if (g_error_matches (error, SALUR_ERROR, SALUR_ERROR_TAMPERED))
        g_printerr (_("salur: THE REPORT DOES NOT MATCH THE RECORD. %s\n"), error->message);
      else
        g_printerr ("salur: %s\n", error->message);
      return salur_error_exit_code (error);
    }
  {
    g_autofree char *paid = salur_rupiah_format (check.amount_paid);

    g_print (_("The report matches the record: all %" PRIu64 " events it was drawn from (%s) are still there, "
               "unchanged.\n"), check.events, check.months);
    g_print (_("Its figures stand: %u KPM on the list, %u paid, %s.\n"), check.kpm_listed, check.kpm_paid, paid);
    if (check.newer > 0)
      g_print (_("%" PRIu64 " newer event(s) for these months were recorded or merged since: a new report would "
                 "include them.\n"), check.newer);
    else
      g_print (_("Nothing for these months was recorded since.\n"));
  }
  salur_seal_check_clear (&check);
  return 0;
}

int
verb_public_list (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *months_text = NULL, *out = NULL, *date = NULL;
  GOptionEntry entries[] = {
    { "months", 0, 0, G_OPTION_ARG_STRING, &months_text, N_("The month or months"), N_("YYYY-MM[,…]") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The PDF to write (A4)"), N_("FILE.pdf") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The date above the signature (default today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurReport) report = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!parse_options (ctx, NULL,
                      _("The list for the village notice board: names, dusun, RT/RW and whether they received, with "
                        "NIKs masked to their first 4 and last 4 digits."), entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (ctx, _("public-list takes no arguments besides its options."));
  if ((months = parse_months (ctx, months_text, &code)) == NULL)
    return code;
  if (out == NULL)
    return usage_error (ctx, _("--out FILE.pdf is needed."));
  store = open_store (ctx, &error);
  if (store == NULL || (report = salur_report_build (store, months, NULL, &error)) == NULL)
    return fail (error);
  if (!salur_public_list_write_pdf (report, out, date, &error))
    return fail (error);
  g_print (_("Public list of %u KPM written to %s.\n"), report->totals.kpm_listed, out);
  return 0;
}
