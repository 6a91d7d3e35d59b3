/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-cli"
#include "config.h"

#include <glib/gi18n.h>

#include "salur-cli-private.h"
#include "salur-complaint.h"
#include "salur-desk.h"
#include "salur-money.h"
#include "salur-month.h"
#include "salur-nik.h"

/* The desk's other work: complaints heard, the day's counts, closing */

int
verb_complain (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *kind_text = NULL, *name = NULL, *nik = NULL, *input = NULL, *months_text = NULL;
  g_autofree char *contact = NULL, *text = NULL, *desk = NULL, *slip_path = NULL, *paper_text = NULL;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text,
      N_("not-listed, amount-short, wrong-name, cut-taken or other"), N_("KIND") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Who complains"), N_("NAME") },
    { "nik", 0, 0, G_OPTION_ARG_STRING, &nik, N_("The KPM it is about (NIK)"), N_("NIK") },
    { "input", 0, 0, G_OPTION_ARG_STRING, &input, N_("The KPM it is about: a card, a NIK or a short code"), N_("TEXT") },
    { "months", 0, 0, G_OPTION_ARG_STRING, &months_text, N_("The months it is about"), N_("MONTHS") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, N_("A phone number or address to answer"), N_("TEXT") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("What the person says happened"), N_("TEXT") },
    { "desk", 0, 0, G_OPTION_ARG_STRING, &desk, N_("The desk"), N_("NAME") },
    { "slip", 0, 0, G_OPTION_ARG_FILENAME, &slip_path, N_("Print the slip for the person into FILE.pdf"), N_("FILE") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_text, N_("a6 or roll80"), N_("PAPER") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) by = NULL;
  g_autoptr(SalurKpm) kpm = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(SalurComplaint) complaint = NULL;
  g_autoptr(GError) error = NULL;
  SalurComplaintRequest req = { 0 };
  SalurPaper paper = SALUR_PAPER_A6;
  int code;

  if (!parse_options (ctx, NULL,
                      _("Records a complaint (pengaduan) heard at the desk and gives its slip number."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc > 1 || kind_text == NULL || name == NULL || text == NULL)
    return usage_error (ctx, _("--kind, --name and --text are needed."));
  if (!salur_complaint_kind_from_string (kind_text, &req.kind))
    return usage_error (ctx, _("--kind is not-listed, amount-short, wrong-name, cut-taken or other."));
  if (paper_text != NULL && !salur_paper_from_string (paper_text, &paper))
    return usage_error (ctx, _("--paper is a6 or roll80."));
  if (months_text != NULL && (months = salur_month_parse_list (months_text, &error)) == NULL)
    return fail (error);
  store = open_store (ctx, &error);
  if (store == NULL || (by = login (ctx, store, &error)) == NULL)
    return fail (error);
  if ((nik != NULL || input != NULL) && (kpm = find_kpm (store, nik, input, &error)) == NULL)
    return fail (error);
  req.kpm_id = kpm != NULL ? kpm->id : NULL;
  req.months = months;
  req.complainant = name;
  req.contact = contact;
  req.text = text;
  req.desk = desk;
  complaint = salur_complaint_record (store, by, &req, &error);
  if (complaint == NULL)
    return fail (error);
  g_print (_("Complaint recorded: slip number %s. Give it to %s.\n"), complaint->slip, complaint->complainant);
  if (slip_path != NULL)
    {
      if (!salur_complaint_write_slip (store, complaint, paper, slip_path, &error))
        return fail (error);
      g_print (_("Slip written to %s.\n"), slip_path);
    }
  return 0;
}

int
verb_complaints (CliContext *ctx, int argc, char **argv)
{
  gboolean open_only = FALSE;
  g_autofree char *format = NULL;
  GOptionEntry entries[] = {
    { "open", 0, 0, G_OPTION_ARG_NONE, &open_only, N_("Only those not resolved"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("table (NIK masked), csv or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int code;

  if (!parse_options (ctx, NULL, _("Every complaint from every laptop, with where it stands."),
                      entries, &argc, &argv, &code))
    return code;
  if (format == NULL)
    format = g_strdup ("table");
  if (argc > 1 || (!g_str_equal (format, "table") && !g_str_equal (format, "csv") && !g_str_equal (format, "json")))
    return usage_error (ctx, _("--format is table, csv or json."));
  store = open_store (ctx, &error);
  if (store == NULL || (list = salur_complaint_list (store, open_only, &error)) == NULL)
    return fail (error);

  if (g_str_equal (format, "csv"))
    g_string_append (out, "slip,state,at,kind,nik,kpm,months,complainant,contact,text,desk,operator,answer,answered_by,answered_at\n");
  else if (g_str_equal (format, "json"))
    g_string_append (out, "[");
  for (guint i = 0; i < list->len; i++)
    {
      SalurComplaint *c = g_ptr_array_index (list, i);
      g_autofree char *months = g_strdup ("");

      for (guint m = 0; m < c->months->len; m++)
        {
          g_autofree char *one = salur_month_format (g_array_index (c->months, SalurMonth, m));
          char *joined = g_strconcat (months, m > 0 ? "," : "", one, NULL);
          g_free (months);
          months = joined;
        }
      if (g_str_equal (format, "table"))
        {
          g_autofree char *when = salur_time_to_local (c->at);
          g_autofree char *masked = *c->kpm_nik != '\0' ? salur_nik_mask (c->kpm_nik) : g_strdup ("");
          g_string_append_printf (out, "%-13s %-9s %s  %s: %s", c->slip, salur_complaint_state_label (c->state), when,
                                  salur_complaint_kind_label (c->kind), c->complainant);
          if (*c->kpm_id != '\0')
            g_string_append_printf (out, _(" (about %s, %s)"), c->kpm_name, masked);
          g_string_append_printf (out, "\n    %s\n", c->text);
          if (*c->answer != '\0')
            g_string_append_printf (out, _("    answer by %s: %s\n"), c->answered_by, c->answer);
        }
      else
        {
          const char *fields[] = {
            c->slip, salur_complaint_state_to_string (c->state), c->at, salur_complaint_kind_to_string (c->kind),
            c->kpm_nik, c->kpm_name, months, c->complainant, c->contact, c->text, c->desk, c->operator_name,
            c->answer, c->answered_by, c->answered_at,
          };
          const char *keys[] = {
            "slip", "state", "at", "kind", "nik", "kpm", "months", "complainant", "contact", "text", "desk",
            "operator", "answer", "answered_by", "answered_at",
          };

          if (g_str_equal (format, "json"))
            g_string_append (out, i > 0 ? ",\n {" : "\n {");
          for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
            {
              if (g_str_equal (format, "json"))
                {
                  g_string_append_printf (out, "%s\"%s\": ", f > 0 ? ", " : "", keys[f]);
                  _salur_cli_json_string (out, fields[f]);
                }
              else
                {
                  g_autofree char *quoted = NULL;
                  GString *q = g_string_new ("\"");
                  for (const char *p = fields[f]; *p != '\0'; p++)
                    {
                      if (*p == '"')
                        g_string_append_c (q, '"');
                      g_string_append_c (q, *p);
                    }
                  g_string_append_c (q, '"');
                  quoted = g_string_free (q, FALSE);
                  g_string_append_printf (out, "%s%s", f > 0 ? "," : "", quoted);
                }
            }
          g_string_append (out, g_str_equal (format, "json") ? "}" : "\n");
        }
    }
  if (g_str_equal (format, "json"))
    g_string_append (out, list->len > 0 ? "\n]\n" : "]\n");
  else if (g_str_equal (format, "table") && list->len == 0)
    g_string_append (out, open_only ? _("No open complaints.\n") : _("No complaints recorded.\n"));
  fputs (out->str, stdout);
  return 0;
}

int
verb_answer (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *text = NULL;
  gboolean resolved = FALSE;
  GOptionEntry entries[] = {
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("The answer given"), N_("TEXT") },
    { "resolved", 0, 0, G_OPTION_ARG_NONE, &resolved, N_("The complaint is settled"), NULL },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) by = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!parse_options (ctx, "SLIP", _("Records the answer to a complaint, and whether it is resolved."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc != 2 || text == NULL)
    return usage_error (ctx, _("write “salur answer SLIP --text TEXT [--resolved]”."));
  store = open_store (ctx, &error);
  if (store == NULL || (by = login (ctx, store, &error)) == NULL
      || !salur_complaint_answer (store, by, argv[1],
                                  resolved ? SALUR_COMPLAINT_RESOLVED : SALUR_COMPLAINT_ANSWERED, text, &error))
    return fail (error);
  g_print (resolved ? _("Complaint %s is resolved.\n") : _("Answer to complaint %s recorded.\n"), argv[1]);
  return 0;
}

static void
print_counts (const SalurDeskCounts *c)
{
  g_autofree char *paid = salur_rupiah_format (c->paid);

  g_print (_("KPM: %u (served %u, absent %u, remaining %u)\n"), c->total, c->served, c->absent, c->remaining);
  g_print (_("Paid at this desk on this laptop: %u payments, %s\n"), c->payments, paid);
}

int
verb_desk (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *months_text = NULL, *desk = NULL, *dusun = NULL;
  GOptionEntry entries[] = {
    { "months", 0, 0, G_OPTION_ARG_STRING, &months_text, N_("The months of the round"), N_("MONTHS") },
    { "desk", 0, 0, G_OPTION_ARG_STRING, &desk, N_("The desk (its dusun's name)"), N_("NAME") },
    { "dusun", 0, 0, G_OPTION_ARG_STRING, &dusun, N_("Its dusun, when not the desk's name"), N_("NAME") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(GError) error = NULL;
  SalurDeskCounts counts;
  int code;

  if (!parse_options (ctx, NULL, _("A desk's counts for the round: served, absent, remaining, cash paid."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc > 1 || months_text == NULL || desk == NULL)
    return usage_error (ctx, _("--months and --desk are needed."));
  if ((months = salur_month_parse_list (months_text, &error)) == NULL)
    return fail (error);
  store = open_store (ctx, &error);
  if (store == NULL
      || !salur_desk_counts (store, dusun != NULL ? dusun : desk, desk, months, &counts, &error))
    return fail (error);
  print_counts (&counts);
  return 0;
}

int
verb_close_desk (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *months_text = NULL, *desk = NULL, *dusun = NULL, *note = NULL, *out = NULL;
  gint64 opening = -1, counted = -1;
  GOptionEntry entries[] = {
    { "months", 0, 0, G_OPTION_ARG_STRING, &months_text, N_("The months of the round"), N_("MONTHS") },
    { "desk", 0, 0, G_OPTION_ARG_STRING, &desk, N_("The desk (its dusun's name)"), N_("NAME") },
    { "dusun", 0, 0, G_OPTION_ARG_STRING, &dusun, N_("Its dusun, when not the desk's name"), N_("NAME") },
    { "opening", 0, 0, G_OPTION_ARG_INT64, &opening, N_("Cash handed to the desk when it opened, in rupiah"), N_("RUPIAH") },
    { "counted", 0, 0, G_OPTION_ARG_INT64, &counted, N_("Cash counted now, in rupiah"), N_("RUPIAH") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Why the count differs, if it does"), N_("TEXT") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Write the summary to sign into FILE.pdf"), N_("FILE") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) by = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(SalurDeskClose) close = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!parse_options (ctx, NULL,
                      _("Closes a desk (Tutup meja): records the cash count and prints the summary to sign."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc > 1 || months_text == NULL || desk == NULL || opening < 0 || counted < 0 || out == NULL)
    return usage_error (ctx, _("--months, --desk, --opening, --counted and --out are needed."));
  if ((months = salur_month_parse_list (months_text, &error)) == NULL)
    return fail (error);
  store = open_store (ctx, &error);
  if (store == NULL || (by = login (ctx, store, &error)) == NULL
      || (close = salur_desk_close (store, by, dusun != NULL ? dusun : desk, desk, months, opening, counted,
                                    note, &error)) == NULL)
    return fail (error);
  print_counts (&close->counts);
  {
    g_autofree char *expected = salur_rupiah_format (close->expected);
    g_autofree char *diff = salur_rupiah_format (close->difference);
    g_print (_("Cash that should remain: %s; difference: %s\n"), expected, diff);
  }
  /* the close is recorded; the paper can be printed again from it */
  if (!salur_desk_close_write_pdf (store, close, out, &error))
    return fail (error);
  g_print (_("Desk %s is closed. Summary written to %s: print it and sign it with the bendahara.\n"), desk, out);
  return 0;
}
