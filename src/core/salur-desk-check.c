/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-desk-check"
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "salur-desk-check.h"
#include "salur-error.h"
#include "salur-event.h"
#include "salur-store-private.h"

/* helpers */

static int
compare_operators (gconstpointer a, gconstpointer b)
{
  const SalurOperator *x = *(SalurOperator *const *) a, *y = *(SalurOperator *const *) b;

  return g_ascii_strcasecmp (x->name, y->name);
}

static GPtrArray *
operators_where (SalurStore *store, gboolean bendahara_only, GError **error)
{
  g_autoptr(GPtrArray) all = salur_ledger_list_operators (store, error);
  GPtrArray *out;

  if (all == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_operator_free);
  for (guint i = 0; i < all->len; i++)
    {
      SalurOperator *op = g_ptr_array_index (all, i);

      if (!op->active || !salur_role_may_pay (op->role))
        continue;
      if (bendahara_only && op->role != SALUR_ROLE_BENDAHARA)
        continue;
      g_ptr_array_add (out, g_ptr_array_steal_index (all, i));
      i--;
    }
  g_ptr_array_sort (out, compare_operators);
  return out;
}

static gboolean
month_in (GArray *months, SalurMonth month)
{
  for (guint i = 0; months != NULL && i < months->len; i++)
    if (g_array_index (months, SalurMonth, i) == month)
      return TRUE;
  return FALSE;
}

static int
compare_months (gconstpointer a, gconstpointer b)
{
  SalurMonth x = *(const SalurMonth *) a, y = *(const SalurMonth *) b;

  return x < y ? -1 : x > y;
}

static SalurDeskCheck *
check_new (SalurDeskOutcome outcome)
{
  SalurDeskCheck *check = g_new0 (SalurDeskCheck, 1);

  check->outcome = outcome;
  return check;
}

/* Sorts out the months of the round for CHECK->kpm from CHECK->states */
static gboolean
assess (SalurStore     *store,
        SalurDeskCheck *check,
        const char     *desk_dusun,
        GError        **error)
{
  g_autoptr(SalurVillage) village = salur_store_get_village (store, error);
  gboolean any_paid = FALSE, any_closed = FALSE;

  if (village == NULL)
    return FALSE;
  check->amount_per_month = village->amount;
  check->to_pay = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  for (guint i = 0; check->states != NULL && i < check->states->len; i++)
    {
      const SalurMonthState *s = g_ptr_array_index (check->states, i);

      switch (s->state)
        {
        case SALUR_STATE_UNPAID:
        case SALUR_STATE_ABSENT:
          /* an absence is only a note: who comes later is paid */
          g_array_append_val (check->to_pay, s->month);
          break;
        case SALUR_STATE_PAID:
          if (!any_paid)
            check->paid = s;
          any_paid = TRUE;
          break;
        case SALUR_STATE_CLOSED:
          if (!any_closed)
            check->closed_note = g_strdup (s->note);
          any_closed = TRUE;
          break;
        case SALUR_STATE_NOT_LISTED:
        default:
          break;
        }
    }
  check->total = check->amount_per_month * check->to_pay->len;
  if (check->to_pay->len > 0)
    check->outcome = SALUR_DESK_PAY;
  else if (any_paid)
    check->outcome = SALUR_DESK_ALREADY_PAID;
  else if (any_closed)
    check->outcome = SALUR_DESK_CLOSED;
  else
    check->outcome = SALUR_DESK_NOT_LISTED;
  check->other_dusun = desk_dusun != NULL && *desk_dusun != '\0'
                       && g_ascii_strcasecmp (desk_dusun, check->kpm->dusun) != 0;
  return TRUE;
}

/* public API */

SalurDevice *
salur_desk_this_device (SalurStore  *store,
                        GError     **error)
{
  g_autoptr(GPtrArray) devices = NULL;
  SalurDevice *self;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  devices = salur_sync_devices (store, error);
  if (devices == NULL)
    return NULL;
  for (guint i = 0; i < devices->len; i++)
    if (((SalurDevice *) g_ptr_array_index (devices, i))->is_self)
      return g_ptr_array_steal_index (devices, i);

  self = g_new0 (SalurDevice, 1);
  self->role = SALUR_DEVICE_MASTER;
  self->device_id = g_strdup ("");
  self->tag = g_strdup ("");
  self->name = g_strdup ("");
  self->dusun = g_strdup ("");
  self->assignee = g_strdup ("");
  self->last_at = g_strdup ("");
  self->is_self = TRUE;
  return self;
}

char *
salur_desk_name (const SalurDevice *device,
                 const char        *dusun)
{
  g_return_val_if_fail (device != NULL, NULL);

  /* a record, not a label: the same word whatever the screen's language */
  if (device->role == SALUR_DEVICE_FIELD || dusun == NULL || *dusun == '\0')
    return g_strdup ("Lapangan");
  return g_strdup (dusun);
}

gboolean
salur_role_may_pay (SalurRole role)
{
  return role != SALUR_ROLE_AUDITOR;
}

GPtrArray *
salur_desk_operators (SalurStore  *store,
                      GError     **error)
{
  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  return operators_where (store, FALSE, error);
}

GPtrArray *
salur_desk_bendahara (SalurStore  *store,
                      GError     **error)
{
  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  return operators_where (store, TRUE, error);
}

GStrv
salur_desk_dusun_choices (SalurStore        *store,
                          const SalurDevice *device,
                          GError           **error)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  if (device != NULL && device->role == SALUR_DEVICE_DESK && device->dusun != NULL && *device->dusun != '\0')
    {
      g_auto(GStrv) names = g_strsplit (device->dusun, ",", -1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *found = salur_store_find_dusun (store, g_strstrip (names[i]));

          if (found != NULL)
            g_strv_builder_add (out, found);
        }
    }
  else
    {
      g_autoptr(GPtrArray) all = salur_store_list_dusun (store, error);

      if (all == NULL)
        return NULL;
      for (guint i = 0; i < all->len; i++)
        g_strv_builder_add (out, ((SalurDusun *) g_ptr_array_index (all, i))->name);
    }
  return g_strv_builder_end (out);
}

GArray *
salur_desk_default_round (SalurStore  *store,
                          GDateTime   *now,
                          GError     **error)
{
  g_autoptr(GArray) round = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  /* months are written "2026-10,2026-11": the last seven characters are
   * a card's last month, and the round is every card that ends with the
   * newest (a KPM added in the middle of a round has fewer months) */
  stmt = _salur_store_prepare (store,
                               "SELECT DISTINCT months FROM ev_card WHERE substr (months, -7) ="
                               " (SELECT max (substr (months, -7)) FROM ev_card)", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GArray) months = salur_month_parse_list ((const char *) sqlite3_column_text (stmt, 0), NULL);

      for (guint i = 0; months != NULL && i < months->len; i++)
        if (!month_in (round, g_array_index (months, SalurMonth, i)))
          g_array_append_val (round, g_array_index (months, SalurMonth, i));
    }
  sqlite3_reset (stmt);

  if (round->len == 0)
    {
      SalurMonth m = salur_month_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now));
      g_array_append_val (round, m);
    }
  g_array_sort (round, compare_months);
  return g_steal_pointer (&round);
}

GArray *
salur_desk_parse_round (SalurStore  *store,
                        const char  *text,
                        GError     **error)
{
  g_autoptr(SalurVillage) village = NULL;
  g_autoptr(GArray) round = NULL;
  g_autofree char *clean = NULL;
  GError *local = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  clean = g_strdup (text != NULL ? text : "");
  g_strdelimit (clean, " ;", ',');
  {
    /* "2026-10, 2026-11" leaves empty items between the commas */
    g_auto(GStrv) parts = g_strsplit (clean, ",", -1);
    g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
    g_auto(GStrv) items = NULL;

    for (guint i = 0; parts[i] != NULL; i++)
      if (*g_strstrip (parts[i]) != '\0')
        g_strv_builder_add (kept, parts[i]);
    items = g_strv_builder_end (kept);
    g_free (clean);
    clean = g_strjoinv (",", items);
  }
  if (*clean == '\0')
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Write the months of the round, for example 2026-10, 2026-11, 2026-12."));
      return NULL;
    }
  round = salur_month_parse_list (clean, &local);
  if (round == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The months of the round are written YYYY-MM, for example 2026-10, 2026-11: %s"),
                   local->message);
      g_error_free (local);
      return NULL;
    }
  village = salur_store_get_village (store, error);
  if (village == NULL)
    return NULL;
  if (round->len > village->max_months)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_TOO_MANY_MONTHS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u months is more than the village pays together (at most %u month).",
                                "%u months is more than the village pays together (at most %u months).",
                                village->max_months),
                   round->len, village->max_months);
      return NULL;
    }
  return g_steal_pointer (&round);
}

char *
salur_months_label (GArray *months)
{
  static const char *const names[] = {
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
  };
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (months != NULL, NULL);

  for (guint i = 0; i < months->len; i++)
    {
      SalurMonth m = g_array_index (months, SalurMonth, i);
      gboolean year_ends = i + 1 == months->len
                           || salur_month_year (g_array_index (months, SalurMonth, i + 1)) != salur_month_year (m);

      if (i > 0)
        /* TRANSLATORS: between the last two months of a list: "October, November and December 2026" */
        g_string_append (out, i + 1 == months->len ? _(" and ") : ", ");
      g_string_append (out, _(names[salur_month_number (m) - 1]));
      if (year_ends)
        g_string_append_printf (out, " %d", salur_month_year (m));
    }
  return g_string_free (out, FALSE);
}

void
salur_desk_check_free (SalurDeskCheck *check)
{
  if (check == NULL)
    return;
  g_clear_pointer (&check->lookup, salur_lookup_free);
  g_clear_pointer (&check->kpm, salur_kpm_unref);
  g_free (check->message);
  g_clear_pointer (&check->to_pay, g_array_unref);
  g_clear_pointer (&check->states, g_ptr_array_unref);
  g_free (check->closed_note);
  g_free (check);
}

SalurDeskCheck *
salur_desk_check (SalurStore  *store,
                  const char  *text,
                  GArray      *round,
                  const char  *desk_dusun,
                  GError     **error)
{
  g_autoptr(SalurDeskCheck) check = NULL;
  g_autoptr(GError) local = NULL;
  SalurCardVerdict verdict = SALUR_CARD_OK;
  SalurLookup *lookup;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (text != NULL && round != NULL, NULL);

  lookup = salur_lookup (store, text, round, &verdict, &local);
  if (lookup == NULL)
    {
      if (local->domain != SALUR_ERROR
          || (local->code != SALUR_ERROR_INVALID && local->code != SALUR_ERROR_NOT_FOUND
              && local->code != SALUR_ERROR_USAGE))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      check = check_new (verdict != SALUR_CARD_OK ? SALUR_DESK_CARD_REFUSED : SALUR_DESK_NOT_FOUND);
      check->card_verdict = verdict;
      check->message = g_strdup (local->message);
      return g_steal_pointer (&check);
    }

  check = check_new (SALUR_DESK_CHOOSE);
  check->lookup = lookup;
  if (lookup->kpm == NULL)
    return g_steal_pointer (&check);   /* several names */

  check->kpm = salur_kpm_ref (lookup->kpm);
  check->states = lookup->states != NULL ? g_ptr_array_ref (lookup->states) : NULL;
  if (!assess (store, check, desk_dusun, error))
    return NULL;
  return g_steal_pointer (&check);
}

SalurDeskCheck *
salur_desk_check_kpm (SalurStore  *store,
                      SalurKpm    *kpm,
                      GArray      *round,
                      const char  *desk_dusun,
                      GError     **error)
{
  g_autoptr(SalurDeskCheck) check = check_new (SALUR_DESK_NOT_LISTED);

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (kpm != NULL && round != NULL, NULL);

  /* the KPM as it is now: a list shown a while ago may be out of date */
  check->kpm = salur_store_get_kpm (store, kpm->id, error);
  if (check->kpm == NULL)
    return NULL;
  check->states = salur_lookup_month_states (store, check->kpm, round, error);
  if (check->states == NULL || !assess (store, check, desk_dusun, error))
    return NULL;
  return g_steal_pointer (&check);
}

GPtrArray *
salur_desk_payments (SalurStore  *store,
                     const char  *desk,
                     GArray      *round,
                     guint        limit,
                     GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_payment_free);
  g_autoptr(GPtrArray) receipts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) ids = g_string_new (",");
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (desk != NULL && round != NULL, NULL);

  for (guint i = 0; i < round->len; i++)
    g_string_append_printf (ids, "%d,", g_array_index (round, SalurMonth, i));
  stmt = _salur_store_prepare (store,
                               "SELECT p.receipt FROM ev_payment p WHERE p.device_id = ?1 AND p.desk = ?2"
                               " AND NOT EXISTS (SELECT 1 FROM ev_void v WHERE v.target_device = p.device_id"
                               "  AND v.target_seq = p.seq)"
                               " AND EXISTS (SELECT 1 FROM ev_month m WHERE m.device_id = p.device_id"
                               "  AND m.seq = p.seq AND instr (?3, ',' || m.month || ',') > 0)"
                               " ORDER BY p.seq DESC LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, _salur_store_device_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, desk, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, ids->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit : -1);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (receipts, _salur_column_text (stmt, 0));
  sqlite3_reset (stmt);

  for (guint i = 0; i < receipts->len; i++)
    {
      SalurPayment *p = salur_ledger_get_payment (store, g_ptr_array_index (receipts, i), error);

      if (p == NULL)
        return NULL;
      g_ptr_array_add (out, p);
    }
  return g_steal_pointer (&out);
}

GPtrArray *
salur_desk_field_list (SalurStore  *store,
                       GArray      *round,
                       GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_desk_check_free);
  g_autoptr(GPtrArray) kpm = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (round != NULL, NULL);

  /* a field laptop holds only the KPM its package carries */
  kpm = salur_store_list_kpm (store, NULL, error);
  if (kpm == NULL)
    return NULL;
  for (guint i = 0; i < kpm->len; i++)
    {
      SalurDeskCheck *check = salur_desk_check_kpm (store, g_ptr_array_index (kpm, i), round, NULL, error);

      if (check == NULL)
        return NULL;
      g_ptr_array_add (out, check);
    }
  return g_steal_pointer (&out);
}

gboolean
salur_desk_check_proxy_nik (const char  *typed,
                            const char  *kpm_nik,
                            char         out[SALUR_NIK_LEN + 1],
                            gboolean    *incomplete,
                            GError     **error)
{
  g_autofree char *clean = salur_nik_clean (typed != NULL ? typed : "");
  gsize len = strlen (clean);
  SalurNik nik;

  if (incomplete != NULL)
    *incomplete = FALSE;
  for (const char *p = clean; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      {
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("A NIK has only digits."));
        return FALSE;
      }
  if (len < SALUR_NIK_LEN)
    {
      if (incomplete != NULL)
        *incomplete = TRUE;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "%u of 16 digits so far.", "%u of 16 digits so far.", len),
                   (guint) len);
      return FALSE;
    }
  if (!salur_nik_parse (clean, SALUR_CELL_TEXT, &nik, error))
    return FALSE;
  if (kpm_nik != NULL && g_str_equal (nik.digits, kpm_nik))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("This is the KPM's own NIK: when the KPM came in person, no proxy is needed."));
      return FALSE;
    }
  memcpy (out, nik.digits, SALUR_NIK_LEN + 1);
  return TRUE;
}

gboolean
salur_desk_parse_rupiah (const char  *text,
                         gint64      *amount,
                         GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *p = copy;
  gint64 value = 0;
  guint digits = 0;

  g_return_val_if_fail (amount != NULL, FALSE);

  if (g_ascii_strncasecmp (p, "rp", 2) == 0)
    p += 2;
  if (*p == '.')
    p++;
  for (; *p != '\0'; p++)
    {
      if (*p == '.' || *p == ' ')
        continue;   /* thousands */
      if ((guchar) p[0] == 0xc2 && (guchar) p[1] == 0xa0)
        {
          p++;      /* a non-breaking space, as a spreadsheet writes it */
          continue;
        }
      if (*p == ',')
        {
          /* ",00" is harmless; any sen is not cash */
          for (p++; *p == '0' || *p == '-'; p++)
            ;
          if (*p != '\0')
            break;
          p--;
          continue;
        }
      if (!g_ascii_isdigit (*p) || digits >= 13)
        break;
      value = value * 10 + (*p - '0');
      digits++;
    }
  if (*p != '\0' || digits == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” is not an amount of rupiah: write it in figures, for example 1.500.000."), copy);
      return FALSE;
    }
  *amount = value;
  return TRUE;
}

/* ENV, else a folder NAME beside the data file; made if missing */
static char *
folder_beside (SalurStore *store, const char *env_name, const char *name, GError **error)
{
  const char *env = g_getenv (env_name);
  const char *path = salur_store_get_path (store);
  g_autofree char *dir = NULL;

  if (env != NULL && *env != '\0')
    dir = g_strdup (env);
  else if (path != NULL && *path != '\0' && !g_str_equal (path, ":memory:"))
    {
      g_autofree char *parent = g_path_get_dirname (path);
      dir = g_build_filename (parent, name, NULL);
    }
  else
    dir = g_build_filename (g_get_user_data_dir (), "salur", name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_STORE, _("Cannot make the folder %s: %s"),
                   dir, g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&dir);
}

/* A desk's name as part of a file name: letters and digits, the rest "-" */
static char *
file_word (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (out, g_ascii_isalnum (*p) ? *p : '-');
  return g_string_free (out, FALSE);
}

char *
salur_desk_receipt_dir (SalurStore  *store,
                        GError     **error)
{
  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  return folder_beside (store, "SALUR_RECEIPT_DIR", "kuitansi", error);
}

char *
salur_desk_outbox_dir (SalurStore  *store,
                       GError     **error)
{
  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  return folder_beside (store, "SALUR_EXPORT_DIR", "kirim", error);
}

char *
salur_desk_bundle_path (const char *dir,
                        const char *desk,
                        const char *device_tag,
                        GDateTime  *now)
{
  g_autofree char *word = file_word (desk != NULL ? desk : "");
  g_autofree char *when = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("meja-%s-%s-%s.bundle", word, device_tag != NULL ? device_tag : "",
                                           when);

  return g_build_filename (dir, name, NULL);
}

char *
salur_desk_close_path (const char *dir,
                       const char *desk,
                       GDateTime  *now)
{
  g_autofree char *word = file_word (desk != NULL ? desk : "");
  g_autofree char *when = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("tutup-meja-%s-%s.pdf", word, when);

  return g_build_filename (dir, name, NULL);
}

char *
salur_desk_receipt_path (const char         *dir,
                         const SalurPayment *payment)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (dir != NULL && payment != NULL, NULL);

  name = g_strdup_printf ("%s.pdf", payment->receipt);
  return g_build_filename (dir, name, NULL);
}
