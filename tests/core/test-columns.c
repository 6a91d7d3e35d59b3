/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "salur-columns.h"

static void
test_match (void)
{
  static const struct { const char *header; SalurField field; } cases[] = {
    /* BNBA 2023 */
    { "NO", SALUR_FIELD_NO }, { "NIK", SALUR_FIELD_NIK }, { "NAMA KEPALA KELUARGA", SALUR_FIELD_NAME },
    { "JENIS KELAMIN", SALUR_FIELD_SEX }, { "TANGGAL LAHIR", SALUR_FIELD_BIRTH_DATE },
    { "JUMLAH ANGGOTA KELUARGA", SALUR_FIELD_FAMILY_SIZE }, { "ALAMAT", SALUR_FIELD_ADDRESS },
    { "RT", SALUR_FIELD_RT }, { "RW", SALUR_FIELD_RW }, { "JENIS PEKERJAAN", SALUR_FIELD_OCCUPATION },
    { "KODE_JP", SALUR_FIELD_OCCUPATION_CODE }, { "KRITERIA BLT", SALUR_FIELD_CRITERIA },
    { "KODE_KRIT", SALUR_FIELD_CRITERIA_CODE }, { "METODE PEMBAYARAN", SALUR_FIELD_PAYMENT_METHOD },
    { "KODE_BAYAR", SALUR_FIELD_PAYMENT_CODE },
    /* OpenSID */
    { "Peserta", SALUR_FIELD_PARTICIPANT }, { "No. Peserta", SALUR_FIELD_PARTICIPANT }, { "Nama", SALUR_FIELD_NAME },
    { "Tempat Lahir", SALUR_FIELD_BIRTH_PLACE }, { "Tanggal Lahir", SALUR_FIELD_BIRTH_DATE },
    { "Alamat", SALUR_FIELD_ADDRESS },
    /* variants */
    { "Nama KPM", SALUR_FIELD_NAME }, { "nama  kepala keluarga ", SALUR_FIELD_NAME },
    { "No. KK", SALUR_FIELD_KK }, { "NOMOR KK", SALUR_FIELD_KK }, { "No Kartu Keluarga", SALUR_FIELD_KK },
    { "Nomor Induk Kependudukan", SALUR_FIELD_NIK }, { "NIK KPM", SALUR_FIELD_NIK }, { "N.I.K", SALUR_FIELD_NONE },
    { "DUSUN", SALUR_FIELD_DUSUN }, { "Dusun/Dukuh", SALUR_FIELD_DUSUN }, { "Nama Dusun", SALUR_FIELD_DUSUN },
    { "Tgl. Lahir", SALUR_FIELD_BIRTH_DATE }, { "TGL LAHIR (DD-MM-YYYY)", SALUR_FIELD_BIRTH_DATE },
    { "L/P", SALUR_FIELD_SEX }, { "RT/RW", SALUR_FIELD_RT_RW }, { "Jml ART", SALUR_FIELD_FAMILY_SIZE },
    { "Nama Ibu Kandung", SALUR_FIELD_NONE }, { "Keterangan", SALUR_FIELD_NONE }, { "", SALUR_FIELD_NONE },
    { "Kode Kriteria BLT", SALUR_FIELD_CRITERIA_CODE }, { "Nama Kepala Keluarga (sesuai KK)", SALUR_FIELD_NAME },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    if (salur_columns_match (cases[i].header) != cases[i].field)
      g_error ("header “%s”: got %s, want %s", cases[i].header,
               salur_field_name (salur_columns_match (cases[i].header)), salur_field_name (cases[i].field));
}

static void
test_map (void)
{
  const char *bnba[] = { "NO", "NIK", "NAMA KEPALA KELUARGA", "JENIS KELAMIN", "ALAMAT", "NIK" };
  const char *title[] = { "DAFTAR KPM BLT DANA DESA TAHUN 2026", "", "" };
  g_autoptr(SalurColumnMap) map = salur_column_map_new (bnba, G_N_ELEMENTS (bnba));
  g_autoptr(SalurColumnMap) none = salur_column_map_new (title, G_N_ELEMENTS (title));

  g_assert_true (salur_column_map_usable (map));
  g_assert_cmpint (map->column_of[SALUR_FIELD_NIK], ==, 1);   /* the first NIK column wins */
  g_assert_cmpint (map->column_of[SALUR_FIELD_NAME], ==, 2);
  g_assert_cmpint (map->column_of[SALUR_FIELD_KK], ==, -1);
  g_assert_cmpint (map->map[5], ==, SALUR_FIELD_NONE);
  g_assert_cmpuint (map->n_matched, ==, 5);
  g_assert_false (salur_column_map_usable (none));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/columns/match", test_match);
  g_test_add_func ("/columns/map", test_map);
  return g_test_run ();
}
