/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "salur-error.h"
#include "salur-store.h"
#include "salur-store-private.h"

typedef struct {
  char       *dir;
  char       *path;
  SalurStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("salur-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "salur.db", NULL);
  f->store = salur_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->store);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
  g_free (f->dir);
}

static void
init_village (SalurStore *store)
{
  g_autoptr(GError) error = NULL;
  SalurVillage v = { .desa = "Sukamaju", .kecamatan = "Kec", .kabupaten = "Kab", .provinsi = "Prov",
                     .amount = 300000, .max_months = 3, .kepala_desa = "BUDI", .kaur_keuangan = "SRI" };

  g_assert_true (salur_store_init_village (store, &v, &error));
  g_assert_no_error (error);
}

static SalurKpm *
make_kpm (const char *nik, const char *name, const char *dusun)
{
  SalurKpm *k = salur_kpm_new ();
  g_autofree char *id = salur_kpm_new_id ();

  salur_kpm_set (k, &k->id, id);
  salur_kpm_set (k, &k->nik, nik);
  salur_kpm_set (k, &k->name, name);
  salur_kpm_set (k, &k->dusun, dusun);
  salur_kpm_set (k, &k->rt, "001");
  salur_kpm_set (k, &k->rw, "002");
  k->sex = SALUR_SEX_MALE;
  k->from_month = salur_month_from_ymd (2026, 1);
  return k;
}

static void
test_file_mode_and_pragmas (Fixture *f, gconstpointer data)
{
  GStatBuf st;
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* an independent connection sees WAL and the schema version */
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), >=, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_existing_file_tightened (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("salur-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "open.db", NULL);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_autoptr(SalurStore) store = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, "", 0, &error));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  store = salur_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
test_not_a_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("salur-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_autoptr(SalurStore) store = NULL;
  g_autofree char *after = NULL;
  const char *text = "This is a shopping list, not a database. It is long enough to have a header. .......";

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  store = salur_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "not a Salur data file"));
  /* and it was left as it was */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, text);
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
test_village (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurVillage) v = NULL;

  g_assert_null (salur_store_get_village (f->store, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NO_VILLAGE);
  g_clear_error (&error);
  g_assert_false (salur_store_set_village (f->store, "desa", "X", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NO_VILLAGE);
  g_clear_error (&error);

  init_village (f->store);
  v = salur_store_get_village (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (v->desa, ==, "Sukamaju");
  g_assert_cmpint (v->amount, ==, 300000);
  g_assert_cmpuint (v->max_months, ==, 3);
  g_assert_cmpstr (v->kaur_keuangan, ==, "SRI");

  /* a second init is refused */
  {
    SalurVillage again = { .desa = "X", .kecamatan = "Y", .kabupaten = "Z", .provinsi = "W", .amount = 1000, .max_months = 1 };
    g_assert_false (salur_store_init_village (f->store, &again, &error));
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS);
    g_clear_error (&error);
  }

  g_assert_true (salur_store_set_village (f->store, "amount", "250000", &error));
  g_assert_true (salur_store_set_village (f->store, "kepala-desa", "  SUTRISNO  ", &error));
  g_assert_false (salur_store_set_village (f->store, "amount", "3.000.000", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (salur_store_set_village (f->store, "max-months", "13", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (salur_store_set_village (f->store, "desa", "", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (salur_store_set_village (f->store, "colour", "blue", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_USAGE);
  g_clear_error (&error);

  salur_village_free (g_steal_pointer (&v));
  v = salur_store_get_village (f->store, &error);
  g_assert_cmpint (v->amount, ==, 250000);
  g_assert_cmpstr (v->kepala_desa, ==, "SUTRISNO");
  g_assert_cmpstr (v->desa, ==, "Sukamaju");
}

static void
test_dusun (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) map = NULL;
  const char *krajan[] = { "1", "02", NULL };
  const char *taken[] = { "003", "2", NULL };
  const char *bad[] = { "x", NULL };
  g_autofree char *found = NULL, *found2 = NULL;

  init_village (f->store);
  g_assert_true (salur_store_add_dusun (f->store, "Krajan", krajan, &error));
  g_assert_no_error (error);
  g_assert_false (salur_store_add_dusun (f->store, " krajan ", NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS);
  g_clear_error (&error);
  /* RW 002 already belongs to Krajan: nothing of Ngasem is stored */
  g_assert_false (salur_store_add_dusun (f->store, "Ngasem", taken, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "Krajan"));
  g_clear_error (&error);
  g_assert_false (salur_store_add_dusun (f->store, "Ngasem", bad, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);

  list = salur_store_list_dusun (f->store, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstrv (((SalurDusun *) list->pdata[0])->rws, ((const char *[]) { "001", "002", NULL }));

  map = salur_store_rw_map (f->store, &error);
  g_assert_cmpstr (g_hash_table_lookup (map, "002"), ==, "Krajan");
  g_assert_null (g_hash_table_lookup (map, "003"));

  found = salur_store_find_dusun (f->store, "Dusun KRAJAN");
  g_assert_cmpstr (found, ==, "Krajan");
  found2 = salur_store_find_dusun (f->store, "Ngasem");
  g_assert_null (found2);
}

static void
test_kpm (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurKpm) a = make_kpm ("3520011205800003", "SUPARMAN", "Krajan");
  g_autoptr(SalurKpm) b = make_kpm ("3520015205150001", "SITI AMINAH", "Ngasem");
  g_autoptr(SalurKpm) dup = make_kpm ("3520011205800003", "OTHER", "Krajan");
  g_autoptr(SalurKpm) lost = make_kpm ("3520011205800004", "NOWHERE", "Atlantis");
  g_autoptr(SalurKpm) got = NULL;
  g_autoptr(GPtrArray) all = NULL, krajan = NULL;

  init_village (f->store);
  g_assert_true (salur_store_add_dusun (f->store, "Krajan", NULL, &error));
  g_assert_true (salur_store_add_dusun (f->store, "Ngasem", NULL, &error));
  salur_kpm_set (b, &b->kk, "3520010101090012");

  /* an empty list, before any import (sorting it once handed qsort NULL,
   * which UndefinedBehaviorSanitizer stops on) */
  all = salur_store_list_kpm (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);
  g_clear_pointer (&all, g_ptr_array_unref);

  g_assert_true (salur_store_insert_kpm (f->store, a, &error));
  g_assert_true (salur_store_insert_kpm (f->store, b, &error));
  g_assert_no_error (error);
  g_assert_false (salur_store_insert_kpm (f->store, dup, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (salur_store_insert_kpm (f->store, lost, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (salur_store_count_kpm (f->store), ==, 2);

  got = salur_store_get_kpm_by_nik (f->store, "3520015205150001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->name, ==, "SITI AMINAH");
  g_assert_cmpstr (got->dusun, ==, "Ngasem");
  g_assert_cmpstr (got->kk, ==, "3520010101090012");
  g_assert_cmpstr (got->id, ==, b->id);
  g_assert_cmpint (got->from_month, ==, salur_month_from_ymd (2026, 1));
  g_assert_null (salur_store_get_kpm_by_nik (f->store, "3520015205150009", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
  /* the message does not repeat the full NIK */
  g_assert_null (strstr (error->message, "3520015205150009"));
  g_clear_error (&error);

  all = salur_store_list_kpm (f->store, NULL, &error);
  g_assert_cmpuint (all->len, ==, 2);
  krajan = salur_store_list_kpm (f->store, "krajan", &error);
  g_assert_cmpuint (krajan->len, ==, 1);
  g_assert_cmpstr (((SalurKpm *) krajan->pdata[0])->name, ==, "SUPARMAN");
  g_assert_null (salur_store_list_kpm (f->store, "Atlantis", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
}

static void
test_transaction_rollback (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurKpm) a = make_kpm ("3520011205800003", "SUPARMAN", "Krajan");

  init_village (f->store);
  g_assert_true (salur_store_add_dusun (f->store, "Krajan", NULL, &error));
  g_assert_true (salur_store_begin (f->store, &error));
  g_assert_true (salur_store_insert_kpm (f->store, a, &error));
  salur_store_rollback (f->store);
  g_assert_cmpint (salur_store_count_kpm (f->store), ==, 0);
}

static void
test_reopen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  init_village (f->store);
  g_clear_object (&f->store);
  f->store = salur_store_open (f->path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(SalurVillage) v = salur_store_get_village (f->store, &error);
    g_assert_cmpstr (v->desa, ==, "Sukamaju");
  }
}

static void
test_newer_format_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_clear_object (&f->store);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_null (salur_store_open (f->path, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "newer"));
}

/* Another program (the sqlite3 shell) opens the file, counts the rows of
 * TABLE and closes it. A forked child would not do: it inherits SQLite's
 * record of this process's locks. */
static int
count_in_other_process (const char *path,
                        const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s;", table);
  const char *argv[] = { "sqlite3", path, sql, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error))
    g_error ("cannot run the sqlite3 shell: %s", error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return (int) g_ascii_strtoll (out, NULL, 10);
}

/* The window reads the store on a second connection in a worker thread
 * while the CLI may run beside it. Opening that connection must not close
 * a descriptor of the file (POSIX drops every lock the process holds on a
 * file when any descriptor of it is closed): the other program, closing
 * the file as the last one it thinks there is, would take the WAL away and
 * the first connection's next writes would be lost. */
static void
test_second_connection (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  const char *rws[] = { "001", NULL };
  sqlite3_stmt *reading = NULL;
  SalurStore *second;

  init_village (f->store);
  /* a read in progress on the first connection, as any of the window's */
  g_assert_cmpint (sqlite3_prepare_v2 (_salur_store_get_db (f->store), "SELECT * FROM village", -1, &reading, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (reading), ==, SQLITE_ROW);
  second = salur_store_open (f->path, &error);
  g_assert_no_error (error);
  g_object_unref (second);

  /* another program reads the store and closes it: the WAL stays */
  g_assert_cmpint (count_in_other_process (f->path, "village"), ==, 1);
  sqlite3_finalize (reading);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* the first connection writes; others see it */
  g_assert_true (salur_store_add_dusun (f->store, "Krajan", rws, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_in_other_process (f->path, "dusun"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/store/file-mode-and-pragmas", test_file_mode_and_pragmas);
  ADD ("/store/village", test_village);
  ADD ("/store/dusun", test_dusun);
  ADD ("/store/kpm", test_kpm);
  ADD ("/store/rollback", test_transaction_rollback);
  ADD ("/store/reopen", test_reopen);
  ADD ("/store/newer-format-refused", test_newer_format_refused);
  ADD ("/store/second-connection", test_second_connection);
  g_test_add_func ("/store/existing-file-tightened", test_existing_file_tightened);
  g_test_add_func ("/store/not-a-store", test_not_a_store);
  return g_test_run ();
}
