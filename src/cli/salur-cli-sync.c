/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-cli"
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#include "salur-cli-private.h"
#include "salur-error.h"
#include "salur-money.h"
#include "salur-store.h"
#include "salur-sync.h"

/* Devices and sync: package, join, export, merge, conflicts, devices,
 * field-summary. Exit 4 when a merge found new conflicts. */

#define EXIT_CONFLICTS 4

int
verb_package (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *for_role = NULL, *out = NULL, *name = NULL, *kpm = NULL, *assignee = NULL;
  g_auto(GStrv) dusun = NULL;
  gint64 cash = 0;
  GOptionEntry entries[] = {
    { "for", 0, 0, G_OPTION_ARG_STRING, &for_role, N_("desk (a dusun desk) or field (home deliveries)"), N_("ROLE") },
    { "dusun", 0, 0, G_OPTION_ARG_STRING_ARRAY, &dusun, N_("desk: the dusun it serves (repeat for more)"), N_("NAME") },
    { "kpm", 0, 0, G_OPTION_ARG_STRING, &kpm, N_("field: the NIKs of the homebound KPM it carries, comma separated"), N_("NIK,…") },
    { "officer", 0, 0, G_OPTION_ARG_STRING, &assignee, N_("field: the officer who carries it"), N_("NAME") },
    { "cash", 0, 0, G_OPTION_ARG_INT64, &cash, N_("field: the cash handed over, in rupiah"), N_("RUPIAH") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("How the laptop is called in lists (default from its dusun or officer)"), N_("NAME") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The package file to write (on a USB stick)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) by = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *passphrase = NULL, *device = NULL;
  g_auto(GStrv) niks = NULL;
  SalurPackageRequest req = { 0 };
  int code;

  if (!parse_options (ctx, NULL,
                      _("On the bendahara's laptop: writes a package that sets up a desk or field laptop with the village, "
                        "its dusun, the KPM, the operators and what is paid already. The package is locked with the "
                        "village's passphrase ($SALUR_PASSPHRASE or asked) and signed: a lost USB stick reveals nothing."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc > 1 || out == NULL || for_role == NULL
      || (!g_str_equal (for_role, "desk") && !g_str_equal (for_role, "field")))
    return usage_error (ctx, _("write “salur package --for desk|field --out FILE”."));
  req.role = g_str_equal (for_role, "desk") ? SALUR_DEVICE_DESK : SALUR_DEVICE_FIELD;
  if (req.role == SALUR_DEVICE_FIELD && (assignee == NULL || kpm == NULL))
    return usage_error (ctx, _("a field package needs --officer NAME and --kpm NIK,…"));
  if (cash < 0)
    return usage_error (ctx, _("--cash is rupiah, 0 or more."));

  store = open_store (ctx, &error);
  if (store == NULL || (by = login (ctx, store, &error)) == NULL || (passphrase = read_passphrase (&error)) == NULL)
    return fail (error);
  if (name == NULL)
    name = req.role == SALUR_DEVICE_DESK
           ? (dusun != NULL && dusun[0] != NULL ? g_strdup_printf (_("Desk %s"), dusun[0]) : g_strdup (_("Desk")))
           : g_strdup_printf (_("Field %s"), assignee);
  if (kpm != NULL)
    niks = g_strsplit (kpm, ",", -1);
  req.name = name;
  req.dusun = dusun;
  req.kpm_niks = niks;
  req.assignee = assignee;
  req.cash = cash;
  if (!salur_sync_write_package (store, by, &req, passphrase, out, &device, &error))
    {
      sodium_memzero (passphrase, strlen (passphrase));
      return fail (error);
    }
  sodium_memzero (passphrase, strlen (passphrase));
  g_print (_("Package for %s written to %s. On that laptop: salur join %s\n"), name, out, out);
  return 0;
}

int
verb_join (CliContext *ctx, int argc, char **argv)
{
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurVillage) village = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *passphrase = NULL;
  gboolean existed;
  int code;

  if (!parse_options (ctx, "FILE",
                      _("Sets up this laptop from a package the bendahara made (or refreshes it from a newer one). "
                        "The passphrase comes from $SALUR_PASSPHRASE or is asked."), NULL, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return usage_error (ctx, _("name the package file."));
  path = ctx->db_path != NULL ? g_strdup (ctx->db_path) : salur_store_default_path ();
  existed = g_file_test (path, G_FILE_TEST_EXISTS);
  if ((passphrase = read_passphrase (&error)) == NULL)
    return fail (error);
  store = salur_sync_join (path, argv[1], passphrase, &error);
  sodium_memzero (passphrase, strlen (passphrase));
  if (store == NULL)
    {
      /* a data file made only for this join goes again */
      if (!existed)
        {
          g_autofree char *wal = g_strconcat (path, "-wal", NULL), *shm = g_strconcat (path, "-shm", NULL);
          g_unlink (path);
          g_unlink (wal);
          g_unlink (shm);
        }
      return fail (error);
    }
  village = salur_store_get_village (store, &error);
  if (village == NULL)
    return fail (error);
  g_print (_("This laptop is now part of Desa %s (%" PRId64 " KPM) in %s.\n"), village->desa,
           salur_store_count_kpm (store), salur_store_get_path (store));
  return 0;
}

int
verb_export (CliContext *ctx, int argc, char **argv)
{
  g_autofree char *out = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The bundle file to write (on a USB stick)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first = 0, last = 0;
  int code;

  if (!parse_options (ctx, NULL,
                      _("Writes every event of this laptop to a bundle, locked and signed, for the bendahara or "
                        "another desk to merge. It is written under a temporary name and renamed when complete."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc > 1 || out == NULL)
    return usage_error (ctx, _("write “salur export --out FILE”."));
  store = open_store (ctx, &error);
  if (store == NULL || !salur_sync_export (store, out, &first, &last, &error))
    return fail (error);
  g_print (_("Events %" PRId64 "–%" PRId64 " of this laptop written to %s.\n"), first, last, out);
  return 0;
}

static void
print_conflict (const SalurConflict *c)
{
  g_autofree char *month = salur_month_format_id (c->month);

  if (g_str_equal (c->kind, "double"))
    g_print (_("PAID TWICE: %s, %s\n"), c->kpm_name, month);
  else
    g_print (_("PAID AFTER CLOSING: %s, %s — %s\n"), c->kpm_name, month, c->close_note);
  for (guint i = 0; i < c->payments->len; i++)
    {
      SalurPayment *p = g_ptr_array_index (c->payments, i);
      g_autofree char *when = salur_time_to_local (p->at);
      g_autofree char *total = salur_rupiah_format (p->total);
      char tag[4];

      salur_sync_device_tag (p->device_id, tag);
      g_print (_("  receipt %s  %s  desk %s (laptop %s), by %s, %s%s%s\n"), p->receipt, when, p->desk, tag,
               p->operator_name, total, p->proxy_name[0] != '\0' ? _(", to proxy ") : "", p->proxy_name);
    }
}

int
verb_merge (CliContext *ctx, int argc, char **argv)
{
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint new_conflicts = 0, failed = 0;
  int code, worst = 0;

  if (!parse_options (ctx, "FILE…",
                      _("Stores the events of bundles from the village's other laptops: each file is checked (village, "
                        "signature, passphrase, no missing events) and refused whole if anything is wrong. Merging "
                        "a bundle twice, or in any order, gives the same record. Exits 4 when new conflicts appear."),
                      NULL, &argc, &argv, &code))
    return code;
  if (argc < 2)
    return usage_error (ctx, _("name one or more bundle files."));
  store = open_store (ctx, &error);
  if (store == NULL)
    return fail (error);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(SalurMergeResult) r = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *passphrase = NULL;

      r = salur_sync_merge (store, argv[i], NULL, &local);
      if (r == NULL && g_error_matches (local, SALUR_ERROR, SALUR_ERROR_USAGE))
        {
          /* this laptop has not the village's key yet: ask for the passphrase */
          g_clear_error (&local);
          passphrase = read_passphrase (&local);
          if (passphrase != NULL)
            r = salur_sync_merge (store, argv[i], passphrase, &local);
        }
      if (r == NULL)
        {
          g_printerr ("salur: %s\n", local->message);
          worst = MAX (worst, salur_error_exit_code (local));
          failed++;
          continue;
        }
      g_print (_("%s: %s, events %" PRId64 "–%" PRId64 ", %u new.\n"), argv[i], r->device_name, r->first_seq,
               r->last_seq, r->stored);
      new_conflicts += r->new_conflicts;
    }
  if (new_conflicts > 0)
    {
      g_autoptr(GPtrArray) conflicts = salur_sync_conflicts (store, NULL);

      g_print (g_dngettext (GETTEXT_PACKAGE, "%u new conflict: see “salur conflicts”.\n",
                            "%u new conflicts: see “salur conflicts”.\n", new_conflicts), new_conflicts);
      for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
        print_conflict (g_ptr_array_index (conflicts, i));
    }
  if (failed > 0)
    return worst;
  return new_conflicts > 0 ? EXIT_CONFLICTS : 0;
}

int
verb_conflicts (CliContext *ctx, int argc, char **argv)
{
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!parse_options (ctx, NULL,
                      _("Lists months paid twice (on different laptops) and payments for a month after the KPM was "
                        "closed, with both sides. The bendahara resolves one by voiding a payment (salur void); "
                        "the cash handed over must then be recovered."), NULL, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return usage_error (ctx, _("conflicts takes no arguments besides its options."));
  store = open_store (ctx, &error);
  if (store == NULL || (conflicts = salur_sync_conflicts (store, &error)) == NULL)
    return fail (error);
  for (guint i = 0; i < conflicts->len; i++)
    print_conflict (g_ptr_array_index (conflicts, i));
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u conflict.\n", "%u conflicts.\n", conflicts->len), conflicts->len);
  return 0;
}

int
verb_devices (CliContext *ctx, int argc, char **argv)
{
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!parse_options (ctx, NULL, _("The village's laptops this one knows, and the latest event of each."),
                      NULL, &argc, &argv, &code))
    return code;
  store = open_store (ctx, &error);
  if (store == NULL || (devices = salur_sync_devices (store, &error)) == NULL)
    return fail (error);
  for (guint i = 0; i < devices->len; i++)
    {
      SalurDevice *d = g_ptr_array_index (devices, i);
      static const char *const roles[] = { "master", "desk", "field" };
      g_autofree char *when = d->last_at[0] != '\0' ? salur_time_to_local (d->last_at) : g_strdup ("-");

      g_print ("%s  %-6s %-24s %s%s%s  %" PRId64 "  %s\n", d->tag, roles[d->role], d->name,
               d->dusun, d->assignee[0] != '\0' ? d->assignee : "", d->is_self ? _(" (this laptop)") : "",
               d->last_seq, when);
    }
  return 0;
}

int
verb_field_summary (CliContext *ctx, int argc, char **argv)
{
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SalurFieldSummary s;
  int code;

  if (!parse_options (ctx, NULL, _("On a field laptop: the cash handed over, what was paid at home, and the cash to return."),
                      NULL, &argc, &argv, &code))
    return code;
  store = open_store (ctx, &error);
  if (store == NULL || !salur_sync_field_summary (store, &s, &error))
    return fail (error);
  {
    g_autofree char *out = salur_rupiah_format (s.cash_out);
    g_autofree char *paid = salur_rupiah_format (s.paid_at_home);
    g_autofree char *back = salur_rupiah_format (s.to_return);

    g_print (_("Officer: %s\n"), s.assignee);
    g_print (_("Cash handed over:   %s\n"), out);
    g_print (g_dngettext (GETTEXT_PACKAGE, "Paid at home:       %s (%u payment; %u of %u KPM visited)\n",
                          "Paid at home:       %s (%u payments; %u of %u KPM visited)\n", s.payments),
             paid, s.payments, s.assigned_paid, s.assigned);
    g_print (_("Cash to return:     %s\n"), back);
  }
  g_free (s.assignee);
  return 0;
}
