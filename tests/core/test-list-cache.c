/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-list-cache"
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "salur-demo.h"
#include "salur-error.h"
#include "salur-import.h"
#include "salur-ledger.h"
#include "salur-sync.h"

/* The store keeps the KPM list between calls (salur_store_list_kpm and the
 * month's status read it from memory). Every way the list can change must
 * show at once: an import, an addition, a correction, a closing, a merged
 * bundle, another connection or another process writing the same file, and
 * a transaction rolled back after the list was read inside it. Each case
 * reads the list first, so that the kept copy exists, then changes the
 * record and reads again. */

#define N_KPM 12
#define NEW_NIK "9901014507800901"
#define PASSPHRASE "kunci desa uji"

typedef struct {
  char          *dir;
  char          *path;
  SalurStore    *store;
  SalurOperator *sri;          /* bendahara */
  GPtrArray     *kpm;          /* the list as it was at the start */
} Fixture;

static char *template_dir;
static char *template_path;

static void
copy_file (const char *from, const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (from, &data, &len, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (to, data, len, &error));
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static SalurStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  SalurStore *store = salur_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static SalurOperator *
login (SalurStore *store, const char *name, const char *pin)
{
  g_autoptr(GError) error = NULL;
  SalurOperator *op = salur_ledger_login (store, name, pin, &error);

  g_assert_no_error (error);
  g_assert_nonnull (op);
  return op;
}

static GPtrArray *
list (SalurStore *store, const char *dusun)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *kpm = salur_store_list_kpm (store, dusun, &error);

  g_assert_no_error (error);
  g_assert_nonnull (kpm);
  return kpm;
}

static GPtrArray *
status (SalurStore *store, SalurMonth month, const char *dusun)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = salur_ledger_status (store, month, dusun, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static SalurKpm *
find (GPtrArray *kpm, const char *id)
{
  for (guint i = 0; i < kpm->len; i++)
    if (g_str_equal (((SalurKpm *) g_ptr_array_index (kpm, i))->id, id))
      return g_ptr_array_index (kpm, i);
  return NULL;
}

static SalurKpm *
find_nik (GPtrArray *kpm, const char *nik)
{
  for (guint i = 0; i < kpm->len; i++)
    if (g_str_equal (((SalurKpm *) g_ptr_array_index (kpm, i))->nik, nik))
      return g_ptr_array_index (kpm, i);
  return NULL;
}

static SalurStatusRow *
row_of (GPtrArray *rows, const char *id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      SalurStatusRow *r = g_ptr_array_index (rows, i);
      if (g_str_equal (r->kpm->id, id))
        return r;
    }
  return NULL;
}

/* the list, and the status of every KPM, read once so the store keeps them */
static void
read_both (SalurStore *store)
{
  g_autoptr(GPtrArray) kpm = list (store, NULL);
  g_autoptr(GPtrArray) rows = status (store, salur_month_from_ymd (2026, 3), NULL);

  g_assert_cmpuint (rows->len, ==, kpm->len);
}

static void
correct_name (SalurStore *store, const SalurOperator *by, const char *id, const char *name)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (salur_ledger_correct_kpm (store, by, id, "name", name, "salah tulis", "SK 1/2026", &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  if (template_path == NULL)
    {
      g_autoptr(SalurStore) store = NULL;

      template_dir = g_dir_make_tmp ("salur-test-list-cache-XXXXXX", &error);
      g_assert_no_error (error);
      template_path = g_build_filename (template_dir, "template.db", NULL);
      store = open_store (template_path);
      g_assert_true (salur_demo_create (store, N_KPM, 1, &error));
      g_assert_no_error (error);
    }
  fx->dir = g_dir_make_tmp ("salur-test-list-cache-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "salur.db", NULL);
  copy_file (template_path, fx->path);
  fx->store = open_store (fx->path);
  fx->sri = login (fx->store, "sri", "1111");
  fx->kpm = list (fx->store, NULL);
  g_assert_cmpuint (fx->kpm->len, ==, N_KPM);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_clear_pointer (&fx->kpm, g_ptr_array_unref);
  g_clear_pointer (&fx->sri, salur_operator_free);
  g_clear_object (&fx->store);
  remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->path);
}

/* tests */

/* Nothing written: the same KPM again, not a new reading */
static void
test_kept (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) again = list (fx->store, NULL);
  g_autoptr(GPtrArray) rows = status (fx->store, salur_month_from_ymd (2026, 3), NULL);

  g_assert_cmpuint (again->len, ==, fx->kpm->len);
  for (guint i = 0; i < again->len; i++)
    g_assert_true (g_ptr_array_index (again, i) == g_ptr_array_index (fx->kpm, i));
  g_assert_cmpuint (rows->len, ==, fx->kpm->len);
  for (guint i = 0; i < rows->len; i++)
    g_assert_true (((SalurStatusRow *) g_ptr_array_index (rows, i))->kpm == g_ptr_array_index (fx->kpm, i));
}

static void
test_import (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_build_filename (fx->dir, "tambahan.csv", NULL);
  g_autoptr(SalurImportPlan) plan = NULL;
  g_autoptr(GPtrArray) after = NULL, rows = NULL;
  const char *text = "NIK;NO KK;NAMA;RT;RW;DUSUN\r\n" NEW_NIK ";9901010501230999;SITI TAMBAHAN;001;001;Krajan\r\n";
  guint stored = 0;

  read_both (fx->store);
  g_assert_true (g_file_set_contents (csv, text, -1, &error));
  plan = salur_import_prepare (fx->store, csv, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (salur_import_commit (fx->store, fx->sri, plan, 0, &stored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stored, ==, 1);

  after = list (fx->store, NULL);
  g_assert_cmpuint (after->len, ==, N_KPM + 1);
  g_assert_nonnull (find_nik (after, NEW_NIK));
  rows = status (fx->store, salur_month_from_ymd (2026, 3), NULL);
  g_assert_cmpuint (rows->len, ==, N_KPM + 1);
}

static void
test_add (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurKpm) kpm = salur_kpm_new ();
  g_autoptr(GPtrArray) after = NULL, in_dusun = NULL, rows = NULL;

  read_both (fx->store);
  salur_kpm_set (kpm, &kpm->nik, NEW_NIK);
  salur_kpm_set (kpm, &kpm->name, "SITI BARU");
  salur_kpm_set (kpm, &kpm->dusun, "Ngasem");
  kpm->from_month = salur_month_from_ymd (2026, 2);
  g_assert_true (salur_ledger_add_kpm (fx->store, fx->sri, kpm, "SK 2/2026", &error));
  g_assert_no_error (error);

  after = list (fx->store, NULL);
  g_assert_cmpuint (after->len, ==, N_KPM + 1);
  g_assert_cmpstr (find_nik (after, NEW_NIK)->name, ==, "SITI BARU");
  in_dusun = list (fx->store, "ngasem");
  g_assert_nonnull (find_nik (in_dusun, NEW_NIK));
  /* on the list from February: not for January */
  rows = status (fx->store, salur_month_from_ymd (2026, 1), NULL);
  g_assert_cmpuint (rows->len, ==, N_KPM + 1);
  g_assert_cmpint (row_of (rows, kpm->id)->state, ==, SALUR_STATE_NOT_LISTED);
}

static void
test_correct (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SalurKpm *k = g_ptr_array_index (fx->kpm, 3);
  const char *other = g_str_equal (k->dusun, "Tegalsari") ? "Krajan" : "Tegalsari";
  g_autoptr(GPtrArray) after = NULL, in_other = NULL, rows = NULL;

  read_both (fx->store);
  correct_name (fx->store, fx->sri, k->id, "NAMA YANG BENAR");
  g_assert_true (salur_ledger_correct_kpm (fx->store, fx->sri, k->id, "dusun", other, "pindah", "SK 3/2026", &error));
  g_assert_no_error (error);

  after = list (fx->store, NULL);
  g_assert_cmpstr (find (after, k->id)->name, ==, "NAMA YANG BENAR");
  g_assert_cmpstr (find (after, k->id)->dusun, ==, other);
  in_other = list (fx->store, other);
  g_assert_nonnull (find (in_other, k->id));
  rows = status (fx->store, salur_month_from_ymd (2026, 3), other);
  g_assert_nonnull (row_of (rows, k->id));
  g_assert_cmpstr (row_of (rows, k->id)->kpm->name, ==, "NAMA YANG BENAR");
  /* the KPM read before the correction are as they were */
  g_assert_cmpstr (k->name, !=, "NAMA YANG BENAR");
}

static void
test_close (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SalurKpm *k = g_ptr_array_index (fx->kpm, 5);
  SalurMonth from = salur_month_from_ymd (2026, 4);
  g_autoptr(GPtrArray) after = NULL, march = NULL, april = NULL;

  read_both (fx->store);
  g_assert_true (salur_ledger_close_kpm (fx->store, fx->sri, k->id, from, SALUR_REASON_MOVED, "ke kota",
                                         "SK 4/2026", &error));
  g_assert_no_error (error);

  after = list (fx->store, NULL);
  g_assert_cmpint (find (after, k->id)->closed_from, ==, from);
  march = status (fx->store, salur_month_from_ymd (2026, 3), NULL);
  g_assert_cmpint (row_of (march, k->id)->state, ==, SALUR_STATE_UNPAID);
  april = status (fx->store, from, NULL);
  g_assert_cmpint (row_of (april, k->id)->state, ==, SALUR_STATE_CLOSED);
  g_assert_nonnull (strstr (row_of (april, k->id)->note, "SK 4/2026"));
}

/* A desk's laptop, set up from a package, reads the list; the bendahara
 * corrects a name and closes a KPM; the desk merges the master's bundle */
static void
test_merge (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pkg = g_build_filename (fx->dir, "meja.pkg", NULL);
  g_autofree char *desk_path = g_build_filename (fx->dir, "meja.db", NULL);
  g_autofree char *bundle = g_build_filename (fx->dir, "master.bundle", NULL);
  g_autofree char *id = NULL;
  g_autoptr(SalurStore) desk = NULL;
  g_autoptr(SalurMergeResult) merged = NULL;
  g_autoptr(GPtrArray) after = NULL, rows = NULL;
  SalurPackageRequest req = { .role = SALUR_DEVICE_DESK, .name = "Meja Krajan" };
  SalurKpm *a = g_ptr_array_index (fx->kpm, 1), *b = g_ptr_array_index (fx->kpm, 2);
  SalurMonth from = salur_month_from_ymd (2026, 3);

  g_assert_true (salur_sync_write_package (fx->store, fx->sri, &req, PASSPHRASE, pkg, &id, &error));
  g_assert_no_error (error);
  desk = salur_sync_join (desk_path, pkg, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (desk);
  read_both (desk);

  correct_name (fx->store, fx->sri, a->id, "NAMA DARI BENDAHARA");
  g_assert_true (salur_ledger_close_kpm (fx->store, fx->sri, b->id, from, SALUR_REASON_DIED, "", "SK 5/2026", &error));
  g_assert_no_error (error);
  g_assert_true (salur_sync_export (fx->store, bundle, NULL, NULL, &error));
  g_assert_no_error (error);
  merged = salur_sync_merge (desk, bundle, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (merged);
  g_assert_cmpuint (merged->stored, >=, 2);

  after = list (desk, NULL);
  g_assert_cmpstr (find (after, a->id)->name, ==, "NAMA DARI BENDAHARA");
  g_assert_cmpint (find (after, b->id)->closed_from, ==, from);
  rows = status (desk, from, NULL);
  g_assert_cmpint (row_of (rows, b->id)->state, ==, SALUR_STATE_CLOSED);
}

/* Another connection in this process (a window's reading thread has one) */
static void
test_other_connection (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurStore) other = open_store (fx->path);
  g_autoptr(SalurOperator) sri = login (other, "sri", "1111");
  SalurKpm *k = g_ptr_array_index (fx->kpm, 7);
  g_autoptr(GPtrArray) after = NULL, rows = NULL;

  read_both (fx->store);
  correct_name (other, sri, k->id, "DIUBAH DI SAMBUNGAN LAIN");
  after = list (fx->store, NULL);
  g_assert_cmpstr (find (after, k->id)->name, ==, "DIUBAH DI SAMBUNGAN LAIN");
  rows = status (fx->store, salur_month_from_ymd (2026, 3), NULL);
  g_assert_cmpstr (row_of (rows, k->id)->kpm->name, ==, "DIUBAH DI SAMBUNGAN LAIN");
}

/* Another Salur on the same file: this test program again, as a child
 * process that corrects a name (see main) */
static char *self_path;

static void
test_other_process (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SalurKpm *k = g_ptr_array_index (fx->kpm, 9);
  const char *argv[] = { self_path, "--correct-name", fx->path, k->id, "DIUBAH PROSES LAIN", NULL };
  g_autoptr(GPtrArray) after = NULL, rows = NULL;
  int wait_status = 0;

  read_both (fx->store);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                               &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, &error));
  g_assert_no_error (error);

  after = list (fx->store, NULL);
  g_assert_cmpstr (find (after, k->id)->name, ==, "DIUBAH PROSES LAIN");
  rows = status (fx->store, salur_month_from_ymd (2026, 3), NULL);
  g_assert_cmpstr (row_of (rows, k->id)->kpm->name, ==, "DIUBAH PROSES LAIN");
}

/* Read inside a transaction that is then rolled back: the list is the
 * file's again, without what the transaction wrote */
static void
test_rollback (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SalurKpm *k = g_ptr_array_index (fx->kpm, 4);

  read_both (fx->store);
  g_assert_true (salur_store_begin (fx->store, &error));
  g_assert_no_error (error);
  correct_name (fx->store, fx->sri, k->id, "TIDAK JADI");
  {
    g_autoptr(GPtrArray) inside = list (fx->store, NULL);
    g_autoptr(GPtrArray) rows = status (fx->store, salur_month_from_ymd (2026, 3), NULL);

    g_assert_cmpstr (find (inside, k->id)->name, ==, "TIDAK JADI");
    g_assert_cmpstr (row_of (rows, k->id)->kpm->name, ==, "TIDAK JADI");
  }
  salur_store_rollback (fx->store);
  {
    g_autoptr(GPtrArray) after = list (fx->store, NULL);
    g_autoptr(GPtrArray) rows = status (fx->store, salur_month_from_ymd (2026, 3), NULL);

    g_assert_cmpstr (find (after, k->id)->name, ==, k->name);
    g_assert_cmpstr (row_of (rows, k->id)->kpm->name, ==, k->name);
  }
}

/* A row taken out of the status keeps its KPM and strings after the array,
 * and the list it came from, are gone */
static void
test_row_outlives (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SalurKpm *k = g_ptr_array_index (fx->kpm, 0);
  g_autoptr(SalurOperator) joko = login (fx->store, "joko", "2222");
  g_autoptr(GArray) months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  SalurMonth march = salur_month_from_ymd (2026, 3);
  SalurPaymentRequest req = {
    .kpm_id = k->id, .months = months, .desk = k->dusun, .proof = SALUR_PROOF_THUMBPRINT,
  };
  g_autoptr(SalurPayment) paid = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *name = g_strdup (k->name), *id = g_strdup (k->id);
  SalurStatusRow *row = NULL;

  g_array_append_val (months, march);
  paid = salur_ledger_pay (fx->store, joko, &req, &error);
  g_assert_no_error (error);
  rows = status (fx->store, march, NULL);
  for (guint i = 0; i < rows->len && row == NULL; i++)
    if (g_str_equal (((SalurStatusRow *) g_ptr_array_index (rows, i))->kpm->id, id))
      row = g_ptr_array_steal_index (rows, i);
  g_assert_nonnull (row);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_clear_pointer (&fx->kpm, g_ptr_array_unref);
  /* a write: the store reads the list again next time and lets the old go */
  correct_name (fx->store, fx->sri, id, "NAMA LAIN");
  read_both (fx->store);

  g_assert_cmpstr (row->kpm->name, ==, name);
  g_assert_cmpint (row->state, ==, SALUR_STATE_PAID);
  g_assert_cmpstr (row->receipt, ==, paid->receipt);
  g_assert_cmpstr (row->operator_name, ==, "joko");
  salur_status_row_free (row);
}

/* A dusun's status (what a desk counts after each payment) is read for that
 * dusun alone when the store keeps no current list: it must say exactly
 * what the village's status says of the same dusun, with a family moved
 * in by a correction, one closed, one paid, one absent, one paid and voided */
static void
assert_same_rows (GPtrArray *alone, GPtrArray *whole, const char *dusun)
{
  guint n = 0;

  for (guint i = 0; i < whole->len; i++)
    {
      SalurStatusRow *w = g_ptr_array_index (whole, i), *a;

      if (g_ascii_strcasecmp (w->kpm->dusun, dusun) != 0)
        continue;
      g_assert_cmpuint (n, <, alone->len);
      a = g_ptr_array_index (alone, n++);
      g_assert_cmpstr (a->kpm->id, ==, w->kpm->id);
      g_assert_cmpstr (a->kpm->name, ==, w->kpm->name);
      g_assert_cmpint (a->state, ==, w->state);
      g_assert_cmpstr (a->receipt, ==, w->receipt);
      g_assert_cmpstr (a->at, ==, w->at);
      g_assert_cmpstr (a->desk, ==, w->desk);
    }
  g_assert_cmpuint (n, ==, alone->len);
}

static void
test_dusun_alone (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) joko = login (fx->store, "joko", "2222");
  g_autoptr(GArray) march = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  g_autoptr(GPtrArray) dusun = g_ptr_array_new_with_free_func (g_free);
  SalurMonth m = salur_month_from_ymd (2026, 3);
  SalurKpm *paid = g_ptr_array_index (fx->kpm, 0), *absent = g_ptr_array_index (fx->kpm, 1);
  SalurKpm *moved = g_ptr_array_index (fx->kpm, 2), *closed = g_ptr_array_index (fx->kpm, 3);
  SalurKpm *voided = g_ptr_array_index (fx->kpm, 4);
  const char *to = g_str_equal (moved->dusun, "Tegalsari") ? "Krajan" : "Tegalsari";
  SalurPaymentRequest req = { .months = march, .proof = SALUR_PROOF_THUMBPRINT };
  g_autoptr(SalurPayment) p1 = NULL, p2 = NULL;
  gboolean moved_seen = FALSE;

  g_array_append_val (march, m);
  req.kpm_id = paid->id;
  req.desk = paid->dusun;
  p1 = salur_ledger_pay (fx->store, joko, &req, &error);
  g_assert_no_error (error);
  req.kpm_id = voided->id;
  req.desk = voided->dusun;
  p2 = salur_ledger_pay (fx->store, joko, &req, &error);
  g_assert_no_error (error);
  g_assert_true (salur_ledger_void (fx->store, fx->sri, p2->receipt, "salah orang", &error));
  g_assert_no_error (error);
  g_assert_true (salur_ledger_absent (fx->store, joko, absent->id, march, absent->dusun, "sakit", &error));
  g_assert_no_error (error);
  g_assert_true (salur_ledger_correct_kpm (fx->store, fx->sri, moved->id, "dusun", to, "pindah", "SK 3/2026",
                                           &error));
  g_assert_no_error (error);
  g_assert_true (salur_ledger_close_kpm (fx->store, fx->sri, closed->id, salur_month_from_ymd (2026, 3),
                                         SALUR_REASON_MOVED, "ke kota", "SK 4/2026", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < fx->kpm->len; i++)
    {
      const char *d = ((SalurKpm *) g_ptr_array_index (fx->kpm, i))->dusun;
      if (!g_ptr_array_find_with_equal_func (dusun, d, g_str_equal, NULL))
        g_ptr_array_add (dusun, g_strdup (d));
    }
  g_assert_cmpuint (dusun->len, >=, 2);

  for (int month = 2; month <= 4; month++)
    {
      SalurMonth sm = salur_month_from_ymd (2026, month);
      g_autoptr(GPtrArray) whole = status (fx->store, sm, NULL);

      for (guint i = 0; i < dusun->len; i++)
        {
          const char *d = g_ptr_array_index (dusun, i);
          g_autofree char *upper = g_ascii_strup (d, -1);
          /* a new connection keeps nothing: the dusun is read alone */
          g_autoptr(SalurStore) fresh = open_store (fx->path);
          g_autoptr(GPtrArray) alone = status (fresh, sm, upper);
          /* the store's own list is current here: it is used */
          g_autoptr(GPtrArray) kept = status (fx->store, sm, d);

          assert_same_rows (alone, whole, d);
          assert_same_rows (kept, whole, d);
          if (g_str_equal (d, to) && sm == m)
            {
              SalurStatusRow *r = row_of (alone, moved->id);

              g_assert_nonnull (r);
              g_assert_cmpstr (r->kpm->dusun, ==, to);
              moved_seen = TRUE;
            }
          if (g_str_equal (d, paid->dusun) && sm == m)
            g_assert_cmpint (row_of (alone, paid->id)->state, ==, SALUR_STATE_PAID);
          if (g_str_equal (d, closed->dusun) && sm == m)
            g_assert_cmpint (row_of (alone, closed->id)->state, ==, SALUR_STATE_CLOSED);
          if (g_str_equal (d, absent->dusun) && sm == m)
            g_assert_cmpint (row_of (alone, absent->id)->state, ==, SALUR_STATE_ABSENT);
          if (g_str_equal (d, voided->dusun) && sm == m)
            g_assert_cmpint (row_of (alone, voided->id)->state, ==, SALUR_STATE_UNPAID);
        }
    }
  g_assert_true (moved_seen);
}

/* the child of test_other_process */
static int
correct_name_as_child (const char *path, const char *id, const char *name)
{
  g_autoptr(SalurStore) store = open_store (path);
  g_autoptr(SalurOperator) sri = login (store, "sri", "1111");

  correct_name (store, sri, id, name);
  return 0;
}

int
main (int argc, char **argv)
{
  int rc;

  if (argc == 5 && g_str_equal (argv[1], "--correct-name"))
    return correct_name_as_child (argv[2], argv[3], argv[4]);

  g_test_init (&argc, &argv, NULL);
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_canonicalize_filename (argv[0], NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/list-cache/kept", test_kept);
  ADD ("/list-cache/import", test_import);
  ADD ("/list-cache/add", test_add);
  ADD ("/list-cache/correct", test_correct);
  ADD ("/list-cache/close", test_close);
  ADD ("/list-cache/merge", test_merge);
  ADD ("/list-cache/other-connection", test_other_connection);
  ADD ("/list-cache/other-process", test_other_process);
  ADD ("/list-cache/rollback", test_rollback);
  ADD ("/list-cache/row-outlives", test_row_outlives);
  ADD ("/list-cache/dusun-alone", test_dusun_alone);
#undef ADD

  rc = g_test_run ();
  if (template_dir != NULL)
    remove_tree (template_dir);
  g_free (template_dir);
  g_free (template_path);
  g_free (self_path);
  return rc;
}
