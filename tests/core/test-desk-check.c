/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-desk-check"
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "salur-card.h"
#include "salur-demo.h"
#include "salur-desk-check.h"
#include "salur-error.h"
#include "salur-pdf.h"
#include "salur-receipt.h"

/* What the desk screen decides: this laptop's role from its package, who
 * signs in, the round, and for each input whether to pay, how much, or
 * what stops the officer. A demo village of 40 KPM, cards for Oct–Dec 2026. */

#define N_KPM 40
#define PASSPHRASE "rahasia desa"

typedef struct {
  char          *dir;
  SalurStore    *store;
  SalurOperator *sri;
  SalurOperator *joko;
  GArray        *round;
  GPtrArray     *cards;
} Fixture;

static char *demo_template;

/* helpers */

static GArray *
months (const char *text)
{
  GArray *m = salur_month_parse_list (text, NULL);

  g_assert_nonnull (m);
  return m;
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *path = NULL;
  gsize len;

  fx->dir = g_dir_make_tmp ("salur-desk-check-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "salur.db", NULL);
  g_file_get_contents (demo_template, &bytes, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, bytes, len, &error);
  g_assert_no_error (error);
  fx->store = salur_store_open (path, &error);
  g_assert_no_error (error);
  fx->sri = salur_ledger_login (fx->store, "sri", "1111", &error);
  g_assert_no_error (error);
  fx->joko = salur_ledger_login (fx->store, "joko", "2222", &error);
  g_assert_no_error (error);
  fx->round = months ("2026-10,2026-11,2026-12");
  if (data == NULL)
    {
      fx->cards = salur_cards_issue (fx->store, fx->sri, fx->round, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        remove_tree (p);
      else
        g_remove (p);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_clear_pointer (&fx->cards, g_ptr_array_unref);
  g_array_unref (fx->round);
  salur_operator_free (fx->sri);
  salur_operator_free (fx->joko);
  g_clear_object (&fx->store);
  remove_tree (fx->dir);
  g_free (fx->dir);
}

static SalurKpm *
kpm_at (Fixture *fx, guint i)
{
  g_autoptr(GPtrArray) all = salur_store_list_kpm (fx->store, NULL, NULL);

  g_assert_nonnull (all);
  g_assert_cmpuint (i, <, all->len);
  return salur_kpm_ref (g_ptr_array_index (all, i));
}

static SalurDeskCheck *
check (Fixture *fx, const char *text, const char *dusun)
{
  g_autoptr(GError) error = NULL;
  SalurDeskCheck *c = salur_desk_check (fx->store, text, fx->round, dusun, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static SalurPayment *
pay (Fixture *fx, const SalurKpm *kpm, const char *months_text)
{
  g_autoptr(GArray) m = months (months_text);
  g_autoptr(GError) error = NULL;
  SalurPaymentRequest req = {
    .kpm_id = kpm->id, .months = m, .desk = kpm->dusun, .proof = SALUR_PROOF_THUMBPRINT,
  };
  SalurPayment *p = salur_ledger_pay (fx->store, fx->joko, &req, &error);

  g_assert_no_error (error);
  return p;
}

static void
assert_months (GArray *got, const char *want)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < got->len; i++)
    {
      g_autofree char *m = salur_month_format (g_array_index (got, SalurMonth, i));
      g_string_append_printf (text, "%s%s", i > 0 ? "," : "", m);
    }
  g_assert_cmpstr (text->str, ==, want);
}

static char *
package_and_join (Fixture *fx, SalurDeviceRole role, const char *dusun, const char *nik, SalurStore **joined)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pkg = g_build_filename (fx->dir, role == SALUR_DEVICE_DESK ? "desk.pkg" : "field.pkg", NULL);
  g_autofree char *db = g_build_filename (fx->dir, role == SALUR_DEVICE_DESK ? "desk.db" : "field.db", NULL);
  g_auto(GStrv) dusun_v = dusun != NULL ? g_strsplit (dusun, ",", -1) : NULL;
  char *niks[] = { (char *) nik, NULL };
  SalurPackageRequest req = {
    .role = role, .name = role == SALUR_DEVICE_DESK ? "Meja" : "Lapangan budi", .dusun = dusun_v,
    .kpm_niks = nik != NULL ? niks : NULL, .assignee = role == SALUR_DEVICE_FIELD ? "budi" : NULL, .cash = 900000,
  };
  char *id = NULL;

  g_assert_true (salur_sync_write_package (fx->store, fx->sri, &req, PASSPHRASE, pkg, &id, &error));
  g_assert_no_error (error);
  *joined = salur_sync_join (db, pkg, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*joined);
  return id;
}

/* tests */

static void
test_device (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurDevice) master = salur_desk_this_device (fx->store, &error);
  g_autoptr(SalurStore) desk = NULL, field = NULL;
  g_autoptr(SalurKpm) k = kpm_at (fx, 2);
  g_autofree char *desk_id = NULL, *field_id = NULL;
  g_auto(GStrv) all = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (master->role, ==, SALUR_DEVICE_MASTER);
  all = salur_desk_dusun_choices (fx->store, master, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (all), ==, 5);
  g_assert_true (g_strv_contains ((const char *const *) all, "Krajan"));

  desk_id = package_and_join (fx, SALUR_DEVICE_DESK, "krajan", NULL, &desk);
  {
    g_autoptr(SalurDevice) d = salur_desk_this_device (desk, &error);
    g_auto(GStrv) choices = NULL;
    g_autofree char *name = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (d->role, ==, SALUR_DEVICE_DESK);
    g_assert_cmpstr (d->device_id, ==, desk_id);
    choices = salur_desk_dusun_choices (desk, d, &error);
    g_assert_no_error (error);
    /* the package's dusun, spelt as the village stores it */
    g_assert_cmpuint (g_strv_length (choices), ==, 1);
    g_assert_cmpstr (choices[0], ==, "Krajan");
    name = salur_desk_name (d, choices[0]);
    g_assert_cmpstr (name, ==, "Krajan");
  }

  field_id = package_and_join (fx, SALUR_DEVICE_FIELD, NULL, k->nik, &field);
  {
    g_autoptr(SalurDevice) d = salur_desk_this_device (field, &error);
    g_autofree char *name = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (d->role, ==, SALUR_DEVICE_FIELD);
    g_assert_cmpstr (d->assignee, ==, "budi");
    g_assert_cmpint (d->cash, ==, 900000);
    name = salur_desk_name (d, NULL);
    g_assert_cmpstr (name, ==, "Lapangan");
  }

  /* a new, empty file is where a village starts */
  {
    g_autofree char *path = g_build_filename (fx->dir, "new.db", NULL);
    g_autoptr(SalurStore) fresh = salur_store_open (path, &error);
    g_autoptr(SalurDevice) d = NULL;

    g_assert_no_error (error);
    d = salur_desk_this_device (fresh, &error);
    g_assert_no_error (error);
    g_assert_cmpint (d->role, ==, SALUR_DEVICE_MASTER);
  }
}

static void
test_operators (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = salur_desk_operators (fx->store, &error);
  g_autoptr(GPtrArray) bendahara = NULL;
  const char *want[] = { "budi", "joko", "sri", "wati" };

  g_assert_no_error (error);
  /* rina is an auditor: she reads the record and pays no one */
  g_assert_cmpuint (ops->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < ops->len; i++)
    g_assert_cmpstr (((SalurOperator *) g_ptr_array_index (ops, i))->name, ==, want[i]);
  g_assert_false (salur_role_may_pay (SALUR_ROLE_AUDITOR));
  g_assert_true (salur_role_may_pay (SALUR_ROLE_PETUGAS));

  bendahara = salur_desk_bendahara (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bendahara->len, ==, 1);
  g_assert_cmpstr (((SalurOperator *) g_ptr_array_index (bendahara, 0))->name, ==, "sri");

  /* one who left is not offered */
  g_assert_true (salur_ledger_disable_operator (fx->store, fx->sri, "wati", &error));
  g_assert_no_error (error);
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = salur_desk_operators (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 3);
}

static void
test_round (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, 8, 0, 0);
  g_autoptr(GArray) round = NULL;
  g_autofree char *label = NULL, *label2 = NULL;
  g_autoptr(GArray) across = months ("2026-12,2027-01");
  const char *bad[] = { "", " , ", "2026-13", "besok", "2026-10,2026-11,2026-12,2027-01" };

  /* no card yet: this month */
  round = salur_desk_default_round (fx->store, now, &error);
  g_assert_no_error (error);
  assert_months (round, "2026-11");
  g_clear_pointer (&round, g_array_unref);

  /* the newest cards' round; a KPM added in the middle of it (its card
   * has fewer months) does not shorten it */
  {
    g_autoptr(GPtrArray) cards = salur_cards_issue (fx->store, fx->sri, fx->round, NULL, NULL, NULL, &error);
    g_autoptr(SalurKpm) added = salur_kpm_new ();
    g_autoptr(GPtrArray) one = NULL;

    g_assert_no_error (error);
    salur_kpm_set (added, &added->nik, "9901015507800004");
    salur_kpm_set (added, &added->name, "TAMBAHAN BARU");
    salur_kpm_set (added, &added->dusun, "Krajan");
    added->from_month = salur_month_from_ymd (2026, 11);
    g_assert_true (salur_ledger_add_kpm (fx->store, fx->sri, added, "SK 9/2026", &error));
    g_assert_no_error (error);
    one = salur_cards_issue (fx->store, fx->sri, fx->round, NULL, added->id, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (one->len, ==, 1);
    assert_months (((SalurCard *) g_ptr_array_index (one, 0))->months, "2026-11,2026-12");
  }
  round = salur_desk_default_round (fx->store, now, &error);
  g_assert_no_error (error);
  assert_months (round, "2026-10,2026-11,2026-12");
  g_clear_pointer (&round, g_array_unref);

  round = salur_desk_parse_round (fx->store, " 2026-11, 2026-10 ", &error);
  g_assert_no_error (error);
  assert_months (round, "2026-10,2026-11");
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GArray) r = salur_desk_parse_round (fx->store, bad[i], &error);

      g_assert_null (r);
      g_assert_nonnull (error);
      g_assert_true (error->code == SALUR_ERROR_INVALID || error->code == SALUR_ERROR_TOO_MANY_MONTHS);
      g_assert_cmpstr (error->message, !=, "");
      g_clear_error (&error);
    }

  label = salur_months_label (fx->round);
  g_assert_cmpstr (label, ==, "October, November and December 2026");
  label2 = salur_months_label (across);
  g_assert_cmpstr (label2, ==, "December 2026 and January 2027");
}

static void
test_pay (Fixture *fx, gconstpointer data)
{
  SalurCard *card = g_ptr_array_index (fx->cards, 3);
  g_autoptr(SalurDeskCheck) before = check (fx, card->payload, card->kpm->dusun);
  g_autoptr(SalurDeskCheck) by_nik = check (fx, card->kpm->nik, card->kpm->dusun);
  g_autoptr(SalurDeskCheck) after = NULL;
  g_autoptr(SalurPayment) paid = NULL;

  g_assert_cmpint (before->outcome, ==, SALUR_DESK_PAY);
  g_assert_cmpint (before->lookup->kind, ==, SALUR_INPUT_CARD);
  g_assert_cmpstr (before->kpm->id, ==, card->kpm->id);
  assert_months (before->to_pay, "2026-10,2026-11,2026-12");
  g_assert_cmpint (before->amount_per_month, ==, 300000);
  g_assert_cmpint (before->total, ==, 900000);
  g_assert_null (before->paid);
  g_assert_false (before->other_dusun);
  g_assert_cmpint (by_nik->outcome, ==, SALUR_DESK_PAY);
  g_assert_cmpint (by_nik->lookup->kind, ==, SALUR_INPUT_NIK);

  paid = pay (fx, card->kpm, "2026-10,2026-11,2026-12");
  after = check (fx, card->payload, card->kpm->dusun);
  g_assert_cmpint (after->outcome, ==, SALUR_DESK_ALREADY_PAID);
  g_assert_cmpuint (after->to_pay->len, ==, 0);
  g_assert_cmpint (after->total, ==, 0);
  g_assert_nonnull (after->paid);
  g_assert_cmpstr (after->paid->receipt, ==, paid->receipt);
  g_assert_cmpstr (after->paid->operator_name, ==, "joko");
  g_assert_cmpstr (after->paid->desk, ==, card->kpm->dusun);

  /* the receipt as a print job draws it: an A6 page with ink on it */
  {
    g_autoptr(GError) error = NULL;
    double width = 0, height = 0;
    cairo_surface_t *page = salur_receipt_render (fx->store, paid, SALUR_PAPER_A6, &width, &height, &error);
    cairo_surface_t *image;
    cairo_t *cr;
    guint dark = 0;

    g_assert_no_error (error);
    g_assert_nonnull (page);
    g_assert_cmpfloat_with_epsilon (width, SALUR_A6_WIDTH, 0.01);
    g_assert_cmpfloat_with_epsilon (height, SALUR_A6_HEIGHT, 0.01);
    image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
    cr = cairo_create (image);
    cairo_set_source_surface (cr, page, 0, 0);
    cairo_paint (cr);
    cairo_destroy (cr);
    cairo_surface_flush (image);
    for (int y = 0; y < (int) height; y++)
      {
        const guint32 *row = (const guint32 *) (cairo_image_surface_get_data (image)
                                                + y * cairo_image_surface_get_stride (image));
        for (int x = 0; x < (int) width; x++)
          dark += (row[x] & 0xff) < 0x80;
      }
    /* text and rules, but mostly white paper */
    g_assert_cmpuint (dark, >, 500);
    g_assert_cmpuint (dark, <, width * height / 4);
    cairo_surface_destroy (image);
    cairo_surface_destroy (page);
  }
}

static void
test_partly_paid (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurKpm) k = kpm_at (fx, 4);
  g_autoptr(SalurPayment) oct = pay (fx, k, "2026-10");
  g_autoptr(SalurDeskCheck) c = check (fx, k->nik, NULL);
  g_autoptr(GError) error = NULL;

  /* the rest of the round is due; the month paid is shown with its receipt */
  g_assert_cmpint (c->outcome, ==, SALUR_DESK_PAY);
  assert_months (c->to_pay, "2026-11,2026-12");
  g_assert_cmpint (c->total, ==, 600000);
  g_assert_nonnull (c->paid);
  g_assert_cmpstr (c->paid->receipt, ==, oct->receipt);

  /* an absence recorded earlier does not stop a payment */
  {
    g_autoptr(SalurKpm) k2 = kpm_at (fx, 5);
    g_autoptr(SalurDeskCheck) c2 = NULL;

    g_assert_true (salur_ledger_absent (fx->store, fx->joko, k2->id, fx->round, k2->dusun, "sakit", &error));
    g_assert_no_error (error);
    c2 = check (fx, k2->nik, k2->dusun);
    g_assert_cmpint (c2->outcome, ==, SALUR_DESK_PAY);
    g_assert_cmpuint (c2->to_pay->len, ==, 3);
  }
}

static void
test_stops (Fixture *fx, gconstpointer data)
{
  SalurCard *card = g_ptr_array_index (fx->cards, 7);
  g_autofree char *forged = g_strdup (card->payload);
  g_autoptr(SalurKpm) k = kpm_at (fx, 8);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurDeskCheck) f = NULL, nf = NULL, mistyped = NULL, closed = NULL, replaced = NULL;
  g_autoptr(SalurCard) fresh = NULL;
  char nik[17];

  /* one digit changed */
  forged[120] = forged[120] == '3' ? '4' : '3';
  f = check (fx, forged, NULL);
  g_assert_cmpint (f->outcome, ==, SALUR_DESK_CARD_REFUSED);
  g_assert_cmpint (f->card_verdict, ==, SALUR_CARD_ALTERED);
  g_assert_null (f->kpm);
  g_assert_nonnull (f->message);

  /* an unknown NIK, and a NIK that cannot be one */
  memcpy (nik, "9901014101900999", sizeof nik);
  nf = check (fx, nik, NULL);
  g_assert_cmpint (nf->outcome, ==, SALUR_DESK_NOT_FOUND);
  g_assert_nonnull (nf->message);
  mistyped = check (fx, "99010141019", NULL);
  g_assert_cmpint (mistyped->outcome, ==, SALUR_DESK_NOT_FOUND);

  g_assert_true (salur_ledger_close_kpm (fx->store, fx->sri, k->id, salur_month_from_ymd (2026, 10),
                                         SALUR_REASON_DIED, "", "SK 4/2026", &error));
  g_assert_no_error (error);
  closed = check (fx, k->nik, NULL);
  g_assert_cmpint (closed->outcome, ==, SALUR_DESK_CLOSED);
  g_assert_nonnull (closed->closed_note);
  g_assert_nonnull (strstr (closed->closed_note, "SK 4/2026"));

  fresh = salur_card_reissue (fx->store, fx->sri, card->kpm_id, fx->round, &error);
  g_assert_no_error (error);
  replaced = check (fx, card->payload, NULL);
  g_assert_cmpint (replaced->outcome, ==, SALUR_DESK_CARD_REFUSED);
  g_assert_cmpint (replaced->card_verdict, ==, SALUR_CARD_REPLACED);
}

static void
test_names_and_dusun (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) all = salur_store_list_kpm (fx->store, NULL, NULL);
  const SalurKpm *first = g_ptr_array_index (all, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurDeskCheck) several = NULL, picked = NULL, other = NULL;
  const char *other_dusun = NULL;
  char piece[3] = { 0 };

  /* two letters that several names share */
  for (guint i = 0; i < all->len && several == NULL; i++)
    {
      const SalurKpm *k = g_ptr_array_index (all, i);
      g_autoptr(SalurDeskCheck) c = NULL;

      memcpy (piece, k->name, 2);
      c = check (fx, piece, NULL);
      if (c->outcome == SALUR_DESK_CHOOSE)
        several = g_steal_pointer (&c);
    }
  g_assert_nonnull (several);
  g_assert_null (several->kpm);
  g_assert_cmpuint (several->lookup->matches->len, >, 1);

  picked = salur_desk_check_kpm (fx->store, g_ptr_array_index (several->lookup->matches, 1), fx->round,
                                 NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (picked->outcome, ==, SALUR_DESK_PAY);
  g_assert_cmpuint (picked->to_pay->len, ==, 3);

  for (guint i = 0; i < all->len; i++)
    if (g_ascii_strcasecmp (((SalurKpm *) g_ptr_array_index (all, i))->dusun, first->dusun) != 0)
      other_dusun = ((SalurKpm *) g_ptr_array_index (all, i))->dusun;
  g_assert_nonnull (other_dusun);
  other = check (fx, first->nik, other_dusun);
  g_assert_cmpint (other->outcome, ==, SALUR_DESK_PAY);
  g_assert_true (other->other_dusun);
}

static void
test_desk_payments (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurKpm) a = kpm_at (fx, 12), b = kpm_at (fx, 13), c = kpm_at (fx, 14);
  g_autoptr(SalurPayment) pa = pay (fx, a, "2026-10,2026-11");
  g_autoptr(SalurPayment) pb = pay (fx, b, "2026-11");
  g_autoptr(SalurPayment) old = pay (fx, c, "2026-09");
  g_autoptr(GPtrArray) all = NULL, last = NULL, other = NULL;
  g_autoptr(GArray) dec = months ("2026-12");
  SalurPaymentRequest req = {
    .kpm_id = c->id, .months = dec, .desk = "Meja Lain", .proof = SALUR_PROOF_THUMBPRINT,
  };
  g_autoptr(SalurPayment) elsewhere = salur_ledger_pay (fx->store, fx->joko, &req, &error);

  g_assert_no_error (error);
  /* the two desks are named after each KPM's dusun: ask for A's */
  all = salur_desk_payments (fx->store, a->dusun, fx->round, 0, &error);
  g_assert_no_error (error);
  /* newest first, the old month and the other desk left out */
  for (guint i = 0; i < all->len; i++)
    {
      SalurPayment *p = g_ptr_array_index (all, i);
      g_assert_cmpstr (p->desk, ==, a->dusun);
      g_assert_cmpstr (p->receipt, !=, old->receipt);
      g_assert_cmpstr (p->receipt, !=, elsewhere->receipt);
    }
  g_assert_cmpstr (((SalurPayment *) g_ptr_array_index (all, 0))->receipt, ==,
                   g_strcmp0 (b->dusun, a->dusun) == 0 ? pb->receipt : pa->receipt);
  g_assert_cmpuint (all->len, ==, 1 + (g_strcmp0 (b->dusun, a->dusun) == 0));

  g_assert_true (salur_ledger_void (fx->store, fx->sri, pa->receipt, "salah orang", &error));
  g_assert_no_error (error);
  last = salur_desk_payments (fx->store, a->dusun, fx->round, 1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < last->len; i++)
    g_assert_cmpstr (((SalurPayment *) g_ptr_array_index (last, i))->receipt, !=, pa->receipt);
  g_assert_cmpuint (last->len, <=, 1);

  other = salur_desk_payments (fx->store, "Meja Lain", fx->round, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->len, ==, 1);
  g_assert_cmpstr (((SalurPayment *) g_ptr_array_index (other, 0))->receipt, ==, elsewhere->receipt);
}

static void
test_field_list (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurKpm) k = kpm_at (fx, 2);
  g_autoptr(SalurStore) field = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *id = package_and_join (fx, SALUR_DEVICE_FIELD, NULL, k->nik, &field);

  list = salur_desk_field_list (field, fx->round, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((SalurDeskCheck *) g_ptr_array_index (list, 0))->kpm->id, ==, k->id);
  g_assert_cmpint (((SalurDeskCheck *) g_ptr_array_index (list, 0))->outcome, ==, SALUR_DESK_PAY);
}

static void
test_rupiah (Fixture *fx, gconstpointer data)
{
  struct { const char *text; gint64 want; } good[] = {
    { "1.500.000", 1500000 }, { "Rp1.500.000", 1500000 }, { "rp 900.000", 900000 }, { " 1500000 ", 1500000 },
    { "1 500 000", 1500000 }, { "0", 0 }, { "2.700.000,00", 2700000 }, { "Rp. 300.000", 300000 },
    { "1\xc2\xa0" "500\xc2\xa0" "000", 1500000 },
  };
  const char *bad[] = { "", "Rp", "-5000", "1.500.000,50", "satu juta", "15OO", "10000000000000", "1,5 juta" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 v = -1;

      if (!salur_desk_parse_rupiah (good[i].text, &v, &error))
        g_error ("“%s” refused: %s", good[i].text, error->message);
      g_assert_cmpint (v, ==, good[i].want);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 v = 7;

      if (salur_desk_parse_rupiah (bad[i], &v, &error))
        g_error ("“%s” taken as %" G_GINT64_FORMAT, bad[i], v);
      g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
      g_assert_cmpint (v, ==, 7);
    }
}

static void
test_cache_size (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurKpm) k = kpm_at (fx, 3);
  g_autoptr(SalurKpm) again = NULL;

  g_assert_true (salur_store_set_cache_size (fx->store, 4096, &error));
  g_assert_no_error (error);
  /* the store works as before, with a smaller cache */
  again = salur_store_get_kpm_by_nik (fx->store, k->nik, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->id, ==, k->id);
}

static void
test_receipt_dir (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *beside = NULL, *want = NULL, *env_dir = NULL, *path = NULL;
  g_autofree char *dir = NULL;
  SalurPayment p = { .receipt = (char *) "KRJ-7QX-2611-0042" };

  g_unsetenv ("SALUR_RECEIPT_DIR");
  dir = salur_desk_receipt_dir (fx->store, &error);
  g_assert_no_error (error);
  want = g_build_filename (fx->dir, "kuitansi", NULL);
  g_assert_cmpstr (dir, ==, want);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  env_dir = g_build_filename (fx->dir, "lain", "kuitansi", NULL);
  g_setenv ("SALUR_RECEIPT_DIR", env_dir, TRUE);
  beside = salur_desk_receipt_dir (fx->store, &error);
  g_unsetenv ("SALUR_RECEIPT_DIR");
  g_assert_no_error (error);
  g_assert_cmpstr (beside, ==, env_dir);
  g_assert_true (g_file_test (env_dir, G_FILE_TEST_IS_DIR));

  path = salur_desk_receipt_path (dir, &p);
  g_assert_true (g_str_has_suffix (path, "/kuitansi/KRJ-7QX-2611-0042.pdf"));

  g_unsetenv ("SALUR_EXPORT_DIR");
  {
    g_autofree char *outbox = salur_desk_outbox_dir (fx->store, &error);
    g_autofree char *want_outbox = g_build_filename (fx->dir, "kirim", NULL);
    g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 25, 15, 30, 7);
    g_autofree char *bundle = NULL, *summary = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (outbox, ==, want_outbox);
    g_assert_true (g_file_test (outbox, G_FILE_TEST_IS_DIR));
    bundle = salur_desk_bundle_path (outbox, "Sido Mulyo/2", "7QX", now);
    g_assert_true (g_str_has_suffix (bundle, "/kirim/meja-Sido-Mulyo-2-7QX-20261125-153007.bundle"));
    summary = salur_desk_close_path (outbox, "Krajan", now);
    g_assert_true (g_str_has_suffix (summary, "/kirim/tutup-meja-Krajan-20261125-153007.pdf"));
  }
}

static void
test_proxy_nik (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurKpm) k = kpm_at (fx, 1);
  g_autoptr(GError) error = NULL;
  char out[SALUR_NIK_LEN + 1] = "";
  gboolean incomplete;
  struct { const char *typed; const char *needle; gboolean incomplete; } refused[] = {
    { "", "0 of 16", TRUE },
    { "9901", "4 of 16", TRUE },
    { "9901 0141 01", "10 of 16", TRUE },
    { "99010141019a0001", "only digits", FALSE },
    { "99010199019000019", NULL, FALSE },          /* too long: the NIK rules say why */
    { "9901019901900001", NULL, FALSE },           /* day 99 */
    { k->nik, "own NIK", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_false (salur_desk_check_proxy_nik (refused[i].typed, k->nik, out, &incomplete, &error));
      g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
      g_assert_cmpint (incomplete, ==, refused[i].incomplete);
      if (refused[i].needle != NULL && strstr (error->message, refused[i].needle) == NULL)
        g_error ("“%s”: “%s” lacks “%s”", refused[i].typed, error->message, refused[i].needle);
      g_clear_error (&error);
    }
  /* typed with the spaces people put in, the digits come out */
  g_assert_true (salur_desk_check_proxy_nik ("9901 0141 0190 0001", k->nik, out, &incomplete, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "9901014101900001");
  /* no KPM to compare with */
  g_assert_true (salur_desk_check_proxy_nik (k->nik, NULL, out, NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("salur-desk-check-template-XXXXXX", &error);
  g_assert_no_error (error);
  demo_template = g_build_filename (dir, "demo.db", NULL);
  {
    g_autoptr(SalurStore) store = salur_store_open (demo_template, &error);
    g_assert_no_error (error);
    salur_demo_create (store, N_KPM, 5, &error);
    g_assert_no_error (error);
  }

  g_test_add ("/desk-check/device", Fixture, "no cards", fixture_set_up, test_device, fixture_tear_down);
  g_test_add ("/desk-check/operators", Fixture, "no cards", fixture_set_up, test_operators, fixture_tear_down);
  g_test_add ("/desk-check/round", Fixture, "no cards", fixture_set_up, test_round, fixture_tear_down);
  g_test_add ("/desk-check/pay", Fixture, NULL, fixture_set_up, test_pay, fixture_tear_down);
  g_test_add ("/desk-check/partly-paid", Fixture, NULL, fixture_set_up, test_partly_paid, fixture_tear_down);
  g_test_add ("/desk-check/stops", Fixture, NULL, fixture_set_up, test_stops, fixture_tear_down);
  g_test_add ("/desk-check/names-and-dusun", Fixture, NULL, fixture_set_up, test_names_and_dusun, fixture_tear_down);
  g_test_add ("/desk-check/proxy-nik", Fixture, "no cards", fixture_set_up, test_proxy_nik, fixture_tear_down);
  g_test_add ("/desk-check/payments", Fixture, NULL, fixture_set_up, test_desk_payments, fixture_tear_down);
  g_test_add ("/desk-check/field-list", Fixture, NULL, fixture_set_up, test_field_list, fixture_tear_down);
  g_test_add ("/desk-check/rupiah", Fixture, "no cards", fixture_set_up, test_rupiah, fixture_tear_down);
  g_test_add ("/desk-check/cache-size", Fixture, "no cards", fixture_set_up, test_cache_size, fixture_tear_down);
  g_test_add ("/desk-check/receipt-dir", Fixture, NULL, fixture_set_up, test_receipt_dir, fixture_tear_down);

  rc = g_test_run ();
  g_remove (demo_template);
  {
    g_autofree char *wal = g_strconcat (demo_template, "-wal", NULL);
    g_autofree char *shm = g_strconcat (demo_template, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);
  g_free (demo_template);
  return rc;
}
