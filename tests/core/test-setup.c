/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A new village in one step: what the setup screen and `salur init` call */
#define G_LOG_DOMAIN "test-setup"
#include "config.h"

#include <string.h>

#include "salur-error.h"
#include "salur-setup.h"
#include "salur-sync.h"

typedef struct {
  char       *dir;
  SalurStore *store;
} Fixture;

static const char *const krajan_rws[] = { "001", "2", NULL };
static const char *const ngasem_rws[] = { "003", NULL };

static const SalurVillage village = {
  .desa = "Sukamaju", .kecamatan = "Sukamaju", .kabupaten = "Contoh", .provinsi = "Contoh",
  .kode_wilayah = "99.01.01.2001", .amount = 300000, .max_months = 3,
  .kepala_desa = "BUDI SANTOSO", .kaur_keuangan = "SRI WAHYUNI",
};

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("salur-test-setup-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "salur.db", NULL);
  f->store = salur_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->store);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
}

/* The data file holds nothing at all: no village, dusun, operator, device */
static void
assert_empty (SalurStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurVillage) v = salur_store_get_village (store, &error);
  g_autoptr(GPtrArray) dusun = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *village_id = salur_sync_village_id (store);

  g_assert_null (v);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NO_VILLAGE);
  g_clear_error (&error);
  dusun = salur_store_list_dusun (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dusun->len, ==, 0);
  ops = salur_ledger_list_operators (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 0);
  g_assert_null (village_id);
}

static void
test_whole_village (Fixture *f, gconstpointer data)
{
  const SalurSetupDusun dusun[] = { { "Krajan", krajan_rws }, { "Ngasem", ngasem_rws } };
  const SalurSetupOperator ops[] = {
    { "sri", SALUR_ROLE_BENDAHARA, "1111" },
    { "joko", SALUR_ROLE_KEPALA_DUSUN, "2222" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurVillage) v = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) operators = NULL;
  g_autoptr(GHashTable) rw_map = NULL;
  g_autoptr(SalurOperator) joko = NULL;
  g_autofree char *village_id = NULL;
  SalurVerifyReport report;

  g_assert_true (salur_village_setup (f->store, &village, dusun, 2, ops, 2, &error));
  g_assert_no_error (error);

  v = salur_store_get_village (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (v->desa, ==, "Sukamaju");
  g_assert_cmpstr (v->kode_wilayah, ==, "99.01.01.2001");
  g_assert_cmpint (v->amount, ==, 300000);
  g_assert_cmpuint (v->max_months, ==, 3);
  g_assert_cmpstr (v->kaur_keuangan, ==, "SRI WAHYUNI");

  list = salur_store_list_dusun (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  rw_map = salur_store_rw_map (f->store, &error);
  g_assert_no_error (error);
  /* RWs as villages write them, stored as three digits */
  g_assert_cmpstr (g_hash_table_lookup (rw_map, "002"), ==, "Krajan");
  g_assert_cmpstr (g_hash_table_lookup (rw_map, "003"), ==, "Ngasem");

  operators = salur_ledger_list_operators (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (operators->len, ==, 2);

  /* both sign in with their PINs, in their roles */
  joko = salur_ledger_login (f->store, "joko", "2222", &error);
  g_assert_no_error (error);
  g_assert_cmpint (joko->role, ==, SALUR_ROLE_KEPALA_DUSUN);
  {
    g_autoptr(SalurOperator) sri = salur_ledger_login (f->store, "sri", "1111", &error);
    g_assert_no_error (error);
    g_assert_cmpint (sri->role, ==, SALUR_ROLE_BENDAHARA);
  }

  /* this laptop is the village's master, and the record holds together */
  village_id = salur_sync_village_id (f->store);
  g_assert_nonnull (village_id);
  g_assert_true (salur_ledger_verify (f->store, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.events, >=, 3);
}

/* `salur init`: the village alone; a second setup is refused */
static void
test_village_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *village_id = NULL;

  g_assert_true (salur_village_setup (f->store, &village, NULL, 0, NULL, 0, &error));
  g_assert_no_error (error);
  village_id = salur_sync_village_id (f->store);
  g_assert_nonnull (village_id);

  g_assert_false (salur_village_setup (f->store, &village, NULL, 0, NULL, 0, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS);
}

/* A refusal anywhere leaves the data file as empty as it was */
static void
test_all_or_nothing (Fixture *f, gconstpointer data)
{
  const char *const bad_rws[] = { "tiga", NULL };
  const SalurSetupDusun good[] = { { "Krajan", krajan_rws } };
  const SalurSetupDusun bad_rw[] = { { "Krajan", krajan_rws }, { "Ngasem", bad_rws } };
  const SalurSetupDusun twice[] = { { "Krajan", krajan_rws }, { "krajan ", ngasem_rws } };
  const SalurSetupDusun rw_taken[] = { { "Krajan", krajan_rws }, { "Ngasem", krajan_rws } };
  const SalurSetupOperator ops[] = {
    { "sri", SALUR_ROLE_BENDAHARA, "1111" },
    { "joko", SALUR_ROLE_KEPALA_DUSUN, "2222" },
  };
  const SalurSetupOperator short_pin[] = {
    { "sri", SALUR_ROLE_BENDAHARA, "1111" },
    { "joko", SALUR_ROLE_KEPALA_DUSUN, "22" },
  };
  const SalurSetupOperator not_bendahara[] = { { "joko", SALUR_ROLE_KEPALA_DUSUN, "2222" } };
  const SalurSetupOperator same_name[] = {
    { "sri", SALUR_ROLE_BENDAHARA, "1111" },
    { "Sri", SALUR_ROLE_PETUGAS, "4444" },
  };
  const SalurVillage no_name = { .desa = "", .kecamatan = "A", .kabupaten = "B", .provinsi = "C",
                                 .amount = 300000, .max_months = 3 };
  g_autoptr(GError) error = NULL;

  g_assert_false (salur_village_setup (f->store, &village, bad_rw, 2, ops, 2, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  /* the message names the dusun to fix */
  g_assert_nonnull (strstr (error->message, "Ngasem"));
  g_clear_error (&error);
  assert_empty (f->store);

  g_assert_false (salur_village_setup (f->store, &village, twice, 2, ops, 2, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS);
  g_clear_error (&error);
  assert_empty (f->store);

  g_assert_false (salur_village_setup (f->store, &village, rw_taken, 2, ops, 2, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS);
  g_clear_error (&error);
  assert_empty (f->store);

  g_assert_false (salur_village_setup (f->store, &village, good, 1, short_pin, 2, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "joko"));
  g_clear_error (&error);
  assert_empty (f->store);

  g_assert_false (salur_village_setup (f->store, &village, good, 1, not_bendahara, 1, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  assert_empty (f->store);

  g_assert_false (salur_village_setup (f->store, &village, good, 1, same_name, 2, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS);
  g_clear_error (&error);
  assert_empty (f->store);

  g_assert_false (salur_village_setup (f->store, &no_name, good, 1, ops, 2, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  assert_empty (f->store);

  /* and the same file then takes a good setup */
  g_assert_true (salur_village_setup (f->store, &village, good, 1, ops, 2, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/setup/whole-village", Fixture, NULL, fixture_set_up, test_whole_village, fixture_tear_down);
  g_test_add ("/setup/village-only", Fixture, NULL, fixture_set_up, test_village_only, fixture_tear_down);
  g_test_add ("/setup/all-or-nothing", Fixture, NULL, fixture_set_up, test_all_or_nothing, fixture_tear_down);
  return g_test_run ();
}
