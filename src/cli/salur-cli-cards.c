/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-cli"
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "salur-card.h"
#include "salur-cli-private.h"
#include "salur-error.h"
#include "salur-lookup.h"
#include "salur-money.h"
#include "salur-scan.h"
#include "salur-store.h"

/* Invitation cards: issuing and printing them (cards), reading what a
 * scanner or a person typed (lookup) and reading cards from photos (scan) */

static const char *
state_label (SalurState state)
{
  switch (state)
    {
    case SALUR_STATE_UNPAID:
      return _("not paid yet");
    case SALUR_STATE_PAID:
      return _("paid");
    case SALUR_STATE_ABSENT:
      return _("recorded absent, not paid");
    case SALUR_STATE_CLOSED:
      return _("off the list");
    case SALUR_STATE_NOT_LISTED:
    default:
      return _("not on the list yet");
    }
}

static char *
where_of (const SalurKpm *kpm)
{
  g_autofree char *rt_rw = salur_kpm_rt_rw (kpm);

  return g_strdup_printf (_("Dusun %s, RT/RW %s"), kpm->dusun, rt_rw);
}

static void
print_kpm (const SalurKpm *kpm)
{
  g_autofree char *masked = salur_nik_mask (kpm->nik);
  g_autofree char *where = where_of (kpm);

  g_print ("  %-8s %s\n", _("KPM"), kpm->name);
  g_print ("  %-8s %s\n", "NIK", masked);
  g_print ("  %-8s %s\n", "", where);
}

static void
print_states (GPtrArray *states)
{
  for (guint i = 0; i < states->len; i++)
    {
      SalurMonthState *s = g_ptr_array_index (states, i);
      g_autofree char *month = salur_month_format_id (s->month);

      g_print ("  %-16s %s", month, state_label (s->state));
      if (s->state == SALUR_STATE_PAID)
        {
          g_autofree char *when = salur_time_to_local (s->at);
          g_print (_(": receipt %s, %s, desk %s, %s"), s->receipt, when, s->desk, s->operator_name);
        }
      else if (s->state == SALUR_STATE_ABSENT)
        {
          g_autofree char *when = salur_time_to_local (s->at);
          g_print (" (%s, %s)", when, s->note);
        }
      if (s->state != SALUR_STATE_PAID && s->note[0] != '\0' && s->state != SALUR_STATE_ABSENT)
        g_print (" (%s)", s->note);
      else if (s->state == SALUR_STATE_PAID && s->note[0] != '\0')
        g_print ("; %s", s->note);
      if (s->n_payments > 1)
        g_print (_(" — PAID %u TIMES: see “salur history”"), s->n_payments);
      g_print ("\n");
    }
}

static void
json_kpm (GString *out, const SalurKpm *kpm)
{
  g_autofree char *masked = salur_nik_mask (kpm->nik);

  g_string_append (out, "{\"id\":");
  _salur_cli_json_string (out, kpm->id);
  g_string_append (out, ",\"name\":");
  _salur_cli_json_string (out, kpm->name);
  g_string_append (out, ",\"nik_masked\":");
  _salur_cli_json_string (out, masked);
  g_string_append (out, ",\"dusun\":");
  _salur_cli_json_string (out, kpm->dusun);
  g_string_append (out, ",\"rt\":");
  _salur_cli_json_string (out, kpm->rt);
  g_string_append (out, ",\"rw\":");
  _salur_cli_json_string (out, kpm->rw);
  g_string_append (out, "}");
}

static void
json_months (GString *out, GArray *months)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < months->len; i++)
    {
      g_autofree char *m = salur_month_format (g_array_index (months, SalurMonth, i));
      if (i > 0)
        g_string_append_c (out, ',');
      _salur_cli_json_string (out, m);
    }
  g_string_append_c (out, ']');
}

static char *
lookup_json (const SalurLookup *l)
{
  GString *out = g_string_new ("{\"kind\":");

  _salur_cli_json_string (out, salur_input_kind_to_string (l->kind));
  g_string_append (out, ",\"kpm\":");
  if (l->kpm != NULL)
    json_kpm (out, l->kpm);
  else
    g_string_append (out, "null");
  if (l->card != NULL)
    {
      g_string_append (out, ",\"card\":{\"serial\":");
      _salur_cli_json_string (out, l->card->serial);
      g_string_append (out, ",\"short_code\":");
      _salur_cli_json_string (out, l->card->short_code);
      g_string_append (out, ",\"months\":");
      json_months (out, l->card->months);
      g_string_append (out, ",\"replaces\":");
      _salur_cli_json_string (out, l->card->replaces);
      g_string_append_printf (out, ",\"recorded\":%s}", l->card_recorded ? "true" : "false");
    }
  if (l->states != NULL)
    {
      g_string_append (out, ",\"months\":[");
      for (guint i = 0; i < l->states->len; i++)
        {
          SalurMonthState *s = g_ptr_array_index (l->states, i);
          g_autofree char *m = salur_month_format (s->month);

          g_string_append (out, i > 0 ? ",{\"month\":" : "{\"month\":");
          _salur_cli_json_string (out, m);
          g_string_append (out, ",\"state\":");
          _salur_cli_json_string (out, salur_state_to_string (s->state));
          g_string_append (out, ",\"receipt\":");
          _salur_cli_json_string (out, s->receipt);
          g_string_append_printf (out, ",\"payments\":%u}", s->n_payments);
        }
      g_string_append_c (out, ']');
    }
  if (l->matches != NULL)
    {
      g_string_append_printf (out, ",\"n_matches\":%u,\"matches\":[", l->n_matches);
      for (guint i = 0; i < l->matches->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          json_kpm (out, g_ptr_array_index (l->matches, i));
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}

static void
print_lookup (const SalurLookup *l)
{
  if (l->card != NULL)
    {
      g_autofree char *code = salur_short_code_format (l->card->short_code);
      g_autofree char *months = salur_card_months_label (l->card->months);

      g_print (_("%s %s, for %s\n"), salur_input_kind_label (l->kind), code, months);
      if (l->card_recorded)
        {
          g_autofree char *when = salur_time_to_local (l->card->issued_at);
          g_print (_("  issued %s by %s"), when, l->card->issued_by);
          if (l->card->replaces[0] != '\0')
            {
              char replaced[SALUR_SHORT_CODE_LEN + 1];
              g_autofree char *old = NULL;

              g_snprintf (replaced, sizeof replaced, "%s%c", l->card->replaces,
                          salur_short_code_check_char (l->card->replaces));
              old = salur_short_code_format (replaced);
              g_print (_(", in place of the lost card %s"), old);
            }
          g_print ("\n");
        }
      else
        g_print (_("  genuine, but issued after this laptop's package: not in its record of cards\n"));
    }
  else if (l->kind == SALUR_INPUT_NAME && l->kpm == NULL)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "Part of a name: %u KPM matches:\n",
                            "Part of a name: %u KPM match:\n", l->n_matches), l->n_matches);
      for (guint i = 0; i < l->matches->len; i++)
        {
          SalurKpm *k = g_ptr_array_index (l->matches, i);
          g_autofree char *masked = salur_nik_mask (k->nik);
          g_autofree char *where = where_of (k);

          g_print ("  %-28s %s  %s\n", k->name, masked, where);
        }
      if (l->n_matches > l->matches->len)
        g_print (_("  … and %u more: type more of the name\n"), l->n_matches - l->matches->len);
      return;
    }
  else
    g_print ("%s\n", salur_input_kind_label (l->kind));

  print_kpm (l->kpm);
  if (l->states != NULL)
    print_states (l->states);
}

static GArray *
parse_round (const char *text, GError **error)
{
  return text != NULL ? salur_month_parse_list (text, error) : NULL;
}

/* verbs */

int
verb_cards (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *months_text = NULL, *out = NULL, *dusun = NULL, *place = NULL, *date = NULL, *time = NULL;
  g_autofree char *reissue = NULL, *nik = NULL;
  GOptionEntry entries[] = {
    { "months", 0, 0, G_OPTION_ARG_STRING, &months_text, N_("The months of the round, e.g. 2026-10,2026-11,2026-12"), N_("MONTHS") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The PDF to write"), N_("FILE.pdf") },
    { "dusun", 0, 0, G_OPTION_ARG_STRING, &dusun, N_("Only the KPM of this dusun"), N_("NAME") },
    { "nik", 0, 0, G_OPTION_ARG_STRING, &nik, N_("Only this KPM (its card, made if it has none)"), N_("NIK") },
    { "reissue", 0, 0, G_OPTION_ARG_STRING, &reissue, N_("A lost card: a new card for this KPM; the old one is refused from now on"), N_("NIK") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &place, N_("Where the KPM come, e.g. \"Balai Desa Sukamaju\""), N_("TEXT") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The day they come"), N_("YYYY-MM-DD") },
    { "time", 0, 0, G_OPTION_ARG_STRING, &time, N_("From what time"), N_("HH:MM") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) by = NULL;
  g_autoptr(SalurVillage) village = NULL;
  g_autoptr(GArray) round = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  SalurCardSchedule schedule = { 0 };
  guint fresh = 0;
  int code;

  if (!parse_options (ctx, NULL,
                      _("Issues the invitation cards of a round (the bendahara) and draws them on A4 sheets with "
                        "cut marks, 8 a sheet, each dusun from a new sheet. A KPM that has a card for the round "
                        "gets the same card again; a lost card is replaced with --reissue NIK. Leave out --place, "
                        "--date or --time to fill them in by hand."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (ctx, _("cards takes no arguments besides its options."));
  if (months_text == NULL || out == NULL)
    return usage_error (ctx, _("--months and --out are needed."));
  if ((reissue != NULL) + (nik != NULL) + (dusun != NULL) > 1)
    return usage_error (ctx, _("choose one of --dusun, --nik and --reissue."));

  round = salur_month_parse_list (months_text, &error);
  if (round == NULL)
    return fail (error);
  schedule.place = place;
  schedule.date = date;
  schedule.time = time;
  if (!salur_card_schedule_check (&schedule, &error))
    return fail (error);

  store = open_store (ctx, &error);
  if (store == NULL || (village = salur_store_get_village (store, &error)) == NULL
      || (by = login (ctx, store, &error)) == NULL)
    return fail (error);
  label = salur_card_months_label (round);

  if (reissue != NULL)
    {
      g_autoptr(SalurKpm) kpm = find_kpm (store, reissue, NULL, &error);
      g_autoptr(SalurCard) old = NULL;
      SalurCard *card;
      g_autofree char *old_code = NULL, *new_code = NULL;

      if (kpm == NULL || (old = salur_card_current (store, kpm->id, round, &error), error != NULL))
        return fail (error);
      card = salur_card_reissue (store, by, kpm->id, round, &error);
      if (card == NULL)
        return fail (error);
      cards = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_card_free);
      g_ptr_array_add (cards, card);
      if (!salur_cards_write_pdf (village, cards, &schedule, out, NULL, NULL, NULL, &error))
        return fail (error);
      old_code = salur_short_code_format (old->short_code);
      new_code = salur_short_code_format (card->short_code);
      g_print (_("New card %s for %s (%s) written to %s.\n"), new_code, kpm->name, label, out);
      g_print (_("The lost card %s is refused from now on.\n"), old_code);
      return 0;
    }

  {
    g_autoptr(SalurKpm) one = NULL;

    if (nik != NULL && (one = find_kpm (store, nik, NULL, &error)) == NULL)
      return fail (error);
    cards = salur_cards_issue (store, by, round, dusun, one != NULL ? one->id : NULL, &fresh, &error);
    if (cards == NULL)
      return fail (error);
    if (cards->len == 0)
      {
        g_printerr (_("salur: no KPM is on the list for %s: no card was made.\n"), label);
        return 3;
      }
  }
  if (!salur_cards_write_pdf (village, cards, &schedule, out, NULL, NULL, NULL, &error))
    {
      g_printerr ("salur: %s\n", error->message);
      if (fresh > 0)
        g_printerr (_("The %u new cards are recorded: run the same command again to print them.\n"), fresh);
      return salur_error_exit_code (error);
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u card for %s written to %s", "%u cards for %s written to %s", cards->len),
           cards->len, label, out);
  g_print (_(" (%u new, %u printed again).\n"), fresh, cards->len - fresh);
  return 0;
}

int
verb_lookup (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *months_text = NULL, *format = NULL;
  GOptionEntry entries[] = {
    { "months", 0, 0, G_OPTION_ARG_STRING, &months_text, N_("The round being paid: a card for other months is refused"), N_("MONTHS") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("text or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GArray) round = NULL;
  g_autoptr(SalurLookup) lookup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int code;

  if (!parse_options (ctx, "TEXT",
                      _("Says what TEXT is — a card's code as a scanner types it, a NIK, a card's short code or "
                        "part of a name — which KPM it leads to, and where that KPM stands for the round. A forged, "
                        "foreign, replaced or other round's card is refused (exit 3)."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc < 2)
    return usage_error (ctx, _("write what to look up: “salur lookup TEXT”."));
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "json"))
    return usage_error (ctx, _("--format is text or json."));
  if (months_text != NULL && (round = parse_round (months_text, &error)) == NULL)
    return fail (error);
  /* "salur lookup siti aminah" without quotes */
  text = g_strjoinv (" ", argv + 1);

  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);
  lookup = salur_lookup (store, text, round, NULL, &error);
  if (lookup == NULL)
    return fail (error);
  if (format != NULL && g_str_equal (format, "json"))
    {
      g_autofree char *json = lookup_json (lookup);
      g_print ("%s", json);
    }
  else
    print_lookup (lookup);
  return 0;
}

int
verb_scan (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *months_text = NULL;
  gboolean raw = FALSE;
  GOptionEntry entries[] = {
    { "months", 0, 0, G_OPTION_ARG_STRING, &months_text, N_("The round being paid: a card for other months is refused"), N_("MONTHS") },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &raw, N_("Print the codes as read, one a line, without checking them"), NULL },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurScanner) scanner = NULL;
  g_autoptr(GArray) round = NULL;
  g_autoptr(GError) error = NULL;
  int code, result = 0;

  if (!parse_options (ctx, "IMAGE…",
                      _("Reads invitation cards from photos or scans (PNG, JPEG) and checks each as “salur lookup” "
                        "does. Exit 3 when a picture has no code or a card is refused."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc < 2)
    return usage_error (ctx, _("name one or more pictures."));
  if (months_text != NULL && (round = parse_round (months_text, &error)) == NULL)
    return fail (error);
  if (!raw && (store = open_store (ctx, &error)) == NULL)
    return fail (error);

  scanner = salur_scanner_new ();
  for (int i = 1; i < argc; i++)
    {
      g_auto(GStrv) texts = salur_scanner_scan_file (scanner, argv[i], &error);

      if (texts == NULL)
        {
          int c = fail (error);
          g_clear_error (&error);
          result = result != 0 ? result : c;
          continue;
        }
      if (texts[0] == NULL)
        {
          g_printerr (_("salur: %s: no QR code found (is the card in focus, flat and lit?).\n"), argv[i]);
          result = result != 0 ? result : 3;
          continue;
        }
      for (guint t = 0; texts[t] != NULL; t++)
        {
          g_autoptr(SalurLookup) lookup = NULL;

          if (raw)
            {
              g_print ("%s\n", texts[t]);
              continue;
            }
          lookup = salur_lookup (store, texts[t], round, NULL, &error);
          if (lookup == NULL)
            {
              g_printerr ("salur: %s: %s\n", argv[i], error->message);
              result = result != 0 ? result : salur_error_exit_code (error);
              g_clear_error (&error);
              continue;
            }
          g_print ("%s: ", argv[i]);
          print_lookup (lookup);
        }
    }
  return result;
}
