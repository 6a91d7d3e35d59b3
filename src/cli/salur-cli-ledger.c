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
#include "salur-signature.h"
#include "salur-store.h"

/* The ledger: operators, payments, absences, voids, list changes, history,
 * status and verify */


int
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

int
verb_pay (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *nik = NULL, *input = NULL, *months_text = NULL, *desk = NULL;
  g_autofree char *proxy_name = NULL, *proxy_nik = NULL, *proxy_relation = NULL;
  g_autofree char *signature = NULL, *no_proof = NULL, *witness = NULL;
  gboolean thumbprint = FALSE, home = FALSE, surat_kuasa = FALSE;
  GOptionEntry entries[] = {
    { "nik", 0, 0, G_OPTION_ARG_STRING, &nik, N_("The KPM's NIK"), N_("NIK") },
    { "input", 0, 0, G_OPTION_ARG_STRING, &input, N_("What a scanner or a person typed: a card's code, its short code, or a NIK (with --nik: the KTP's NIK must be the card's)"), N_("TEXT") },
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
  kpm = find_kpm_in_round (store, nik, input, months, &error);
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

int
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

int
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

int
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

int
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

int
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
              _salur_cli_json_string (out, fields[f]);
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

int
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
    g_print (_("This field laptop carries %" PRIu64 " KPM of lists sealed whole: their seals are checked on the "
               "bendahara's laptop.\n"), report.kpm_unsealed);
  return 0;
}
