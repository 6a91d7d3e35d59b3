/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-demo"
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "salur-demo.h"
#include "salur-error.h"

#define N_DEMO 150
#define SEED   20260101u

static const char *const csv_columns[] = {
  "NO", "NIK", "NAMA KEPALA KELUARGA", "JENIS KELAMIN", "TANGGAL LAHIR",
  "JUMLAH ANGGOTA KELUARGA", "ALAMAT", "RT", "RW", "JENIS PEKERJAAN",
  "KODE_JP", "KRITERIA BLT", "KODE_KRIT", "METODE PEMBAYARAN", "KODE_BAYAR",
};

static const char *const criteria[] = {
  "Kehilangan mata pencaharian",
  "Anggota keluarga sakit kronis/difabel",
  "Rumah tangga tunggal lansia",
  "Perempuan kepala keluarga miskin ekstrem",
  "Tidak menerima PKH/bantuan lain",
  "Miskin ekstrem (desil 1-4)",
};

typedef struct {
  char       *dir;
  SalurStore *store;
} Fixture;

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fx->dir = g_dir_make_tmp ("salur-test-demo-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "salur.db", NULL);
  fx->store = salur_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fx->store);
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
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->store);
  remove_tree (fx->dir);
  g_clear_pointer (&fx->dir, g_free);
}

static SalurStore *
open_store_in (const char *dir, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  SalurStore *store = salur_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* NIK → "ID|NAME" for every KPM in STORE */
static GHashTable *
store_families (SalurStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = salur_store_list_kpm (store, NULL, &error);
  GHashTable *families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  for (guint i = 0; i < list->len; i++)
    {
      const SalurKpm *kpm = g_ptr_array_index (list, i);
      g_assert_true (g_hash_table_insert (families, g_strdup (kpm->nik),
                                          g_strdup_printf ("%s|%s", kpm->id, kpm->name)));
    }
  return families;
}

static gboolean
families_equal (GHashTable *a, GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *other = g_hash_table_lookup (b, key);
      if (other == NULL || strcmp (other, value) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_lower_hex (const char *s, gsize len)
{
  if (strlen (s) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
      return FALSE;
  return TRUE;
}

static void
test_create (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurVillage) village = NULL;
  g_autoptr(GPtrArray) dusun = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) rw_map = NULL;
  g_autoptr(GHashTable) niks = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) kks = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) dusun_seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint women = 0;

  g_assert_true (salur_demo_create (fx->store, N_DEMO, SEED, &error));
  g_assert_no_error (error);

  village = salur_store_get_village (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (village->desa, ==, "Sukamaju");
  g_assert_cmpstr (village->kabupaten, ==, "Contoh");
  g_assert_cmpstr (village->kode_wilayah, ==, "99.01.01.2001");
  g_assert_cmpint (village->amount, ==, 300000);
  g_assert_cmpuint (village->max_months, ==, 3);
  g_assert_cmpstr (village->kepala_desa, !=, "");
  g_assert_cmpstr (village->kaur_keuangan, !=, "");

  dusun = salur_store_list_dusun (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dusun->len, ==, 5);
  for (guint i = 0; i < dusun->len; i++)
    {
      const SalurDusun *d = g_ptr_array_index (dusun, i);
      g_assert_cmpuint (g_strv_length (d->rws), ==, 2);
    }
  rw_map = salur_store_rw_map (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (rw_map), ==, 10);

  g_assert_cmpint (salur_store_count_kpm (fx->store), ==, N_DEMO);
  list = salur_store_list_kpm (fx->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, N_DEMO);

  for (guint i = 0; i < list->len; i++)
    {
      const SalurKpm *kpm = g_ptr_array_index (list, i);
      g_autoptr(GError) nik_error = NULL;
      g_autofree char *birth = NULL;
      char kk[SALUR_NIK_LEN + 1];
      char norm[4];
      SalurNik nik;

      g_assert_true (salur_nik_parse (kpm->nik, SALUR_CELL_TEXT, &nik, &nik_error));
      g_assert_no_error (nik_error);
      g_assert_cmpstr (nik.digits, ==, kpm->nik);
      g_assert_true (g_str_has_prefix (nik.region, "9901"));
      g_assert_cmpint (nik.sex, ==, kpm->sex);
      g_assert_cmpuint (nik.serial, >=, 1);
      birth = salur_nik_birth_date (&nik, 2026);
      g_assert_cmpstr (birth, ==, kpm->birth_date);
      g_assert_cmpstr (kpm->birth_date, >=, "1935-01-01");
      g_assert_cmpstr (kpm->birth_date, <=, "1990-12-31");
      g_assert_true (g_hash_table_add (niks, kpm->nik));

      g_assert_true (salur_kk_parse (kpm->kk, SALUR_CELL_TEXT, kk, &nik_error));
      g_assert_no_error (nik_error);
      g_assert_true (g_str_has_prefix (kpm->kk, SALUR_DEMO_REGION));
      g_assert_true (g_hash_table_add (kks, kpm->kk));

      g_assert_true (is_lower_hex (kpm->id, 16));
      g_assert_true (g_hash_table_add (ids, kpm->id));

      g_assert_cmpstr (kpm->name, !=, "");
      g_assert_true (g_utf8_validate (kpm->name, -1, NULL));
      {
        g_autofree char *upper = g_utf8_strup (kpm->name, -1);
        g_assert_cmpstr (upper, ==, kpm->name);
      }
      g_assert_cmpstr (kpm->birth_place, !=, "");

      /* RT and RW as stored are already normal, and the RW names the dusun */
      g_assert_true (salur_rt_rw_normalize (kpm->rt, norm));
      g_assert_cmpstr (norm, ==, kpm->rt);
      g_assert_cmpstr (kpm->rt, >=, "001");
      g_assert_cmpstr (kpm->rt, <=, "005");
      g_assert_true (salur_rt_rw_normalize (kpm->rw, norm));
      g_assert_cmpstr (norm, ==, kpm->rw);
      g_assert_cmpstr (g_hash_table_lookup (rw_map, kpm->rw), ==, kpm->dusun);
      g_hash_table_add (dusun_seen, kpm->dusun);
      {
        g_autofree char *address = g_strdup_printf ("Dusun %s RT %s RW %s",
                                                    kpm->dusun, kpm->rt, kpm->rw);
        g_assert_cmpstr (kpm->address, ==, address);
      }

      g_assert_true (g_strv_contains (criteria, kpm->criteria));
      g_assert_cmpstr (kpm->occupation, !=, "");
      g_assert_cmpstr (kpm->payment_method, ==, "Tunai");
      g_assert_cmpuint (kpm->family_size, >=, 1);
      g_assert_cmpuint (kpm->family_size, <=, 7);
      g_assert_cmpint (kpm->from_month, ==, salur_month_from_ymd (2026, 1));

      if (kpm->sex == SALUR_SEX_FEMALE)
        women++;
    }

  g_assert_cmpuint (g_hash_table_size (niks), ==, N_DEMO);
  g_assert_cmpuint (g_hash_table_size (kks), ==, N_DEMO);
  g_assert_cmpuint (g_hash_table_size (ids), ==, N_DEMO);
  g_assert_cmpuint (g_hash_table_size (dusun_seen), ==, 5);
  /* about 35% women heads */
  g_assert_cmpuint (women, >=, N_DEMO * 20 / 100);
  g_assert_cmpuint (women, <=, N_DEMO * 50 / 100);
}

static void
test_deterministic (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) again = open_store_in (fx->dir, "again.db");
  g_autoptr(SalurStore) other = open_store_in (fx->dir, "other.db");
  g_autoptr(GHashTable) first = NULL;
  g_autoptr(GHashTable) second = NULL;
  g_autoptr(GHashTable) third = NULL;
  GHashTableIter iter;
  gpointer key;
  guint shared = 0;

  g_assert_true (salur_demo_create (fx->store, N_DEMO, SEED, &error));
  g_assert_no_error (error);
  g_assert_true (salur_demo_create (again, N_DEMO, SEED, &error));
  g_assert_no_error (error);
  g_assert_true (salur_demo_create (other, N_DEMO, SEED + 1, &error));
  g_assert_no_error (error);

  first = store_families (fx->store);
  second = store_families (again);
  third = store_families (other);
  g_assert_cmpuint (g_hash_table_size (first), ==, N_DEMO);
  g_assert_true (families_equal (first, second));
  g_assert_cmpuint (g_hash_table_size (third), ==, N_DEMO);
  g_assert_false (families_equal (first, third));

  /* Not just different: mostly different people */
  g_hash_table_iter_init (&iter, first);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_contains (third, key))
      shared++;
  g_assert_cmpuint (shared, <, N_DEMO / 10);
}

static void
test_exists (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dusun = NULL;

  g_assert_true (salur_demo_create (fx->store, N_DEMO, SEED, &error));
  g_assert_no_error (error);

  g_assert_false (salur_demo_create (fx->store, N_DEMO, SEED + 7, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "Sukamaju"));
  g_clear_error (&error);

  g_assert_cmpint (salur_store_count_kpm (fx->store), ==, N_DEMO);
  dusun = salur_store_list_dusun (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dusun->len, ==, 5);

  /* The store is still writable: the failed call left no transaction open */
  g_assert_true (salur_store_begin (fx->store, &error));
  g_assert_no_error (error);
  g_assert_true (salur_store_commit (fx->store, &error));
  g_assert_no_error (error);
}

static void
test_too_many (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fx->dir, "huge.csv", NULL);

  g_assert_false (salur_demo_create (fx->store, 5000000, SEED, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (salur_store_count_kpm (fx->store), ==, 0);

  g_assert_false (salur_demo_write_csv (path, 5000000, SEED, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static char **
read_csv_lines (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  char **lines;
  guint n;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 3);
  /* UTF-8 without BOM, CRLF line ends throughout */
  g_assert_false (memcmp (contents, "\xEF\xBB\xBF", 3) == 0);
  g_assert_true (g_str_has_suffix (contents, "\r\n"));
  g_assert_true (g_utf8_validate (contents, len, NULL));

  lines = g_strsplit (contents, "\r\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpstr (lines[n - 1], ==, "");
  g_free (lines[n - 1]);
  lines[n - 1] = NULL;
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_null (strchr (lines[i], '\n'));
  return lines;
}

static void
test_csv (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fx->dir, "bnba.csv", NULL);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_autoptr(GHashTable) stored = NULL;

  g_assert_true (salur_demo_write_csv (path, N_DEMO, SEED, &error));
  g_assert_no_error (error);
  lines = read_csv_lines (path);
  g_assert_cmpuint (g_strv_length (lines), ==, N_DEMO + 1);

  header = g_strsplit (lines[0], ";", -1);
  g_assert_cmpuint (g_strv_length (header), ==, G_N_ELEMENTS (csv_columns));
  for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    g_assert_cmpstr (header[i], ==, csv_columns[i]);

  /* The CSV holds the same families as a store made from the same seed */
  g_assert_true (salur_demo_create (fx->store, N_DEMO, SEED, &error));
  g_assert_no_error (error);
  stored = store_families (fx->store);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ";", -1);
      g_autofree char *no = g_strdup_printf ("%u", i);
      g_autoptr(SalurKpm) kpm = NULL;
      char date[11];
      const char *value;

      g_assert_cmpuint (g_strv_length (cells), ==, G_N_ELEMENTS (csv_columns));
      g_assert_cmpstr (cells[0], ==, no);
      value = g_hash_table_lookup (stored, cells[1]);
      g_assert_nonnull (value);
      g_assert_true (g_str_has_suffix (value, cells[2]));
      g_assert_cmpuint (value[16], ==, '|');
      g_assert_cmpstr (value + 17, ==, cells[2]);

      kpm = salur_store_get_kpm_by_nik (fx->store, cells[1], &error);
      g_assert_no_error (error);
      g_assert_nonnull (kpm);
      g_assert_cmpstr (cells[3], ==, kpm->sex == SALUR_SEX_FEMALE ? "PEREMPUAN" : "LAKI-LAKI");
      /* DD-MM-YYYY */
      g_assert_cmpuint (strlen (cells[4]), ==, 10);
      g_assert_true (cells[4][2] == '-' && cells[4][5] == '-');
      g_assert_true (salur_date_parse (cells[4], date));
      g_assert_cmpstr (date, ==, kpm->birth_date);
      {
        g_autofree char *size = g_strdup_printf ("%u", kpm->family_size);
        g_assert_cmpstr (cells[5], ==, size);
      }
      g_assert_cmpstr (cells[6], ==, kpm->address);
      g_assert_cmpstr (cells[7], ==, kpm->rt);
      g_assert_cmpstr (cells[8], ==, kpm->rw);
      g_assert_cmpstr (cells[9], ==, kpm->occupation);
      g_assert_true (cells[10][0] == 'P');
      g_assert_cmpstr (cells[11], ==, kpm->criteria);
      g_assert_true (cells[12][0] == 'K');
      g_assert_cmpstr (cells[13], ==, "Tunai");
      g_assert_cmpstr (cells[14], ==, "B1");
    }
}

static void
test_csv_large (Fixture *fx, gconstpointer data)
{
  const guint n = 100000;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fx->dir, "large.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GHashTable) niks = g_hash_table_new (g_str_hash, g_str_equal);
  gsize len = 0;
  guint rows = 0;
  char *line;

  g_assert_true (salur_demo_write_csv (path, n, 4242u, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);

  /* Walk the lines in place: NO;NIK;... */
  line = strstr (contents, "\r\n");
  g_assert_nonnull (line);
  line += 2;
  while (*line != '\0')
    {
      /* strchr, not strstr: AddressSanitizer's strstr measures the whole
       * rest of the file on every call */
      char *end = strchr (line, '\r');
      char *nik = strchr (line, ';');

      g_assert_nonnull (end);
      g_assert_cmpint (end[1], ==, '\n');
      g_assert_nonnull (nik);
      nik++;
      g_assert_cmpuint (nik[SALUR_NIK_LEN], ==, ';');
      nik[SALUR_NIK_LEN] = '\0';
      g_assert_true (g_str_has_prefix (nik, "9901"));
      if (!g_hash_table_add (niks, nik))
        g_error ("NIK %s appears twice", nik);
      rows++;
      line = end + 2;
    }
  g_assert_cmpuint (rows, ==, n);
  g_assert_cmpuint (g_hash_table_size (niks), ==, n);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/demo/create", Fixture, NULL, fixture_set_up, test_create, fixture_tear_down);
  g_test_add ("/demo/deterministic", Fixture, NULL, fixture_set_up, test_deterministic, fixture_tear_down);
  g_test_add ("/demo/exists", Fixture, NULL, fixture_set_up, test_exists, fixture_tear_down);
  g_test_add ("/demo/too-many", Fixture, NULL, fixture_set_up, test_too_many, fixture_tear_down);
  g_test_add ("/demo/csv", Fixture, NULL, fixture_set_up, test_csv, fixture_tear_down);
  g_test_add ("/demo/csv-large", Fixture, NULL, fixture_set_up, test_csv_large, fixture_tear_down);

  return g_test_run ();
}
