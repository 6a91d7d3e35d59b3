/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "salur-error.h"
#include "salur-import.h"

typedef struct {
  char       *dir;
  SalurStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SalurVillage v = { .desa = "Sukamaju", .kecamatan = "Kec", .kabupaten = "Kab", .provinsi = "Prov",
                     .amount = 300000, .max_months = 3 };
  const char *krajan[] = { "001", "002", NULL };
  const char *ngasem[] = { "003", NULL };

  f->dir = g_dir_make_tmp ("salur-import-XXXXXX", &error);
  path = g_build_filename (f->dir, "salur.db", NULL);
  f->store = salur_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (salur_store_init_village (f->store, &v, &error));
  g_assert_true (salur_store_add_dusun (f->store, "Krajan", krajan, &error));
  g_assert_true (salur_store_add_dusun (f->store, "Ngasem", ngasem, &error));
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

static char *
write_file (Fixture *f, const char *name, const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  return path;
}

static SalurImportPlan *
prepare (Fixture *f, const char *path)
{
  g_autoptr(GError) error = NULL;
  SalurImportPlan *plan = salur_import_prepare (f->store, path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

/* the problems of ROW, as "level:column" strings joined by spaces */
static char *
problems_of_row (SalurImportPlan *plan, guint row)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < plan->problems->len; i++)
    {
      SalurImportProblem *p = g_ptr_array_index (plan->problems, i);
      if (p->row == row)
        g_string_append_printf (out, "%s%s:%s", out->len ? " " : "",
                                p->level == SALUR_PROBLEM_REFUSED ? "refused" : "warning", p->column);
    }
  return g_string_free (out, FALSE);
}

static const char *bnba_header =
  "NO;NIK;NAMA KEPALA KELUARGA;JENIS KELAMIN;TANGGAL LAHIR;JUMLAH ANGGOTA KELUARGA;ALAMAT;RT;RW;"
  "JENIS PEKERJAAN;KODE_JP;KRITERIA BLT;KODE_KRIT;METODE PEMBAYARAN;KODE_BAYAR\r\n";

static void
test_bnba_good (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("DAFTAR KPM BLT DANA DESA 2026;;;\r\nDESA SUKAMAJU;;;\r\n");
  g_autofree char *path = NULL;
  g_autoptr(SalurImportPlan) plan = NULL;
  g_autoptr(SalurKpm) siti = NULL;
  guint stored = 0;

  g_string_append (csv, bnba_header);
  g_string_append (csv, "1;2;3;4;5;6;7;8;9;10;11;12;13;14;15\r\n");
  g_string_append (csv, "1;'9901011205800003;SUPARMAN;L;12-05-1980;4;Jl. Mawar;1;1;PETANI;1;Kehilangan mata pencaharian;1;Tunai;B1\r\n");
  g_string_append (csv, "2;9901 0152 0545 0001;SITI  AMINAH;P;12/05/1945;1;\"Krajan; dekat masjid\";003;2;TIDAK BEKERJA;9;Rumah tangga tunggal lansia;3;Tunai;B1\r\n");
  g_string_append (csv, "3;9901014101700002;WARSINI;P;;2;Dusun Ngasem;5;3;BURUH TANI;2;Miskin ekstrem;6;Tunai;B1\r\n");
  path = write_file (f, "bnba.csv", csv->str);

  plan = prepare (f, path);
  g_assert_cmpuint (plan->header_row, ==, 3);
  g_assert_cmpuint (plan->rows_read, ==, 3);
  g_assert_cmpuint (plan->refused, ==, 0);
  g_assert_cmpuint (plan->warned, ==, 0);
  g_assert_cmpuint (plan->problems->len, ==, 0);
  g_assert_true (salur_import_commit (f->store, NULL, plan, SALUR_IMPORT_DEFAULT, &stored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stored, ==, 3);
  g_assert_cmpint (salur_store_count_kpm (f->store), ==, 3);

  siti = salur_store_get_kpm_by_nik (f->store, "9901015205450001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (siti->name, ==, "SITI AMINAH");
  g_assert_cmpint (siti->sex, ==, SALUR_SEX_FEMALE);
  g_assert_cmpstr (siti->birth_date, ==, "1945-05-12");
  g_assert_cmpstr (siti->address, ==, "Krajan; dekat masjid");
  g_assert_cmpstr (siti->rt, ==, "003");
  g_assert_cmpstr (siti->rw, ==, "002");
  g_assert_cmpstr (siti->dusun, ==, "Krajan");
  g_assert_cmpstr (siti->criteria, ==, "Rumah tangga tunggal lansia");
  g_assert_cmpstr (siti->payment_method, ==, "Tunai");
  g_assert_cmpuint (siti->family_size, ==, 1);
  g_assert_cmpuint (strlen (siti->id), ==, 16);

  {
    /* no birth date column value: the NIK's date; RW 3 is Ngasem */
    g_autoptr(SalurKpm) w = salur_store_get_kpm_by_nik (f->store, "9901014101700002", &error);
    g_assert_cmpstr (w->birth_date, ==, "1970-01-01");
    g_assert_cmpstr (w->dusun, ==, "Ngasem");
  }
}

static const char *bad_rows =
  "NIK,NAMA,NO KK,TANGGAL LAHIR,JENIS KELAMIN,RT,RW,DUSUN\n"
  "9901011205800003,SUPARMAN,9901010101090001,12-05-1980,L,1,1,Krajan\n"          /* 2 good */
  "\"3,52E+15\",EXCEL,,,,1,1,Krajan\n"                                             /* 3 refused NIK */
  "990101120580000,SHORT,,,,1,1,Krajan\n"                                          /* 4 refused NIK */
  "9901013205800001,DAY32,,,,1,1,Krajan\n"                                         /* 5 refused NIK */
  "9901011205800003,TWICE,,,,1,1,Krajan\n"                                         /* 6 refused NIK */
  "9901011306800001,,,,,1,1,Krajan\n"                                              /* 7 refused name */
  "9901011406800001,SAMEKK,9901010101090001,,,1,1,Krajan\n"                        /* 8 warning KK (and 2) */
  "9901011506800001,DATEOFF,,16-06-1980,,1,1,Krajan\n"                             /* 9 warning date */
  "9901011606800001,SEXOFF,,,P,1,1,Krajan\n"                                       /* 10 warning sex */
  "9901011706800001,ATLANTIS,,,,1,1,Atlantis\n"                                    /* 11 refused dusun */
  "9901011806800001,BADKK,3.52E+15,,,1,1,Krajan\n";                                /* 12 refused KK */

static void
test_bad_rows (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "bad.csv", bad_rows);
  g_autofree char *errors_path = g_build_filename (f->dir, "errors.csv", NULL);
  g_autofree char *errors = NULL;
  g_autoptr(SalurImportPlan) plan = prepare (f, path);
  static const struct { guint row; const char *problems; } expected[] = {
    { 2, "warning:NO KK" }, { 3, "refused:NIK" }, { 4, "refused:NIK" }, { 5, "refused:NIK" },
    { 6, "refused:NIK" }, { 7, "refused:NAMA" }, { 8, "warning:NO KK" }, { 9, "warning:TANGGAL LAHIR" },
    { 10, "warning:JENIS KELAMIN" }, { 11, "refused:DUSUN" }, { 12, "refused:NO KK" },
  };
  guint stored = 99;

  g_assert_cmpuint (plan->rows_read, ==, 11);
  g_assert_cmpuint (plan->refused, ==, 7);
  g_assert_cmpuint (plan->warned, ==, 4);
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *got = problems_of_row (plan, expected[i].row);
      if (g_strcmp0 (got, expected[i].problems) != 0)
        g_error ("row %u: got “%s”, want “%s”", expected[i].row, got, expected[i].problems);
    }

  /* all or nothing by default */
  g_assert_false (salur_import_commit (f->store, NULL, plan, SALUR_IMPORT_DEFAULT, &stored, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "7 rows were refused"));
  g_assert_cmpuint (stored, ==, 0);
  g_assert_cmpint (salur_store_count_kpm (f->store), ==, 0);
  g_clear_error (&error);

  /* the errors file: one line per problem */
  g_assert_true (salur_import_write_problems (plan, errors_path, &error));
  g_assert_true (g_file_get_contents (errors_path, &errors, NULL, &error));
  g_assert_true (g_str_has_prefix (errors, "row,column,value,level,reason\r\n"));
  g_assert_nonnull (strstr (errors, "\r\n3,NIK,\"3,52E+15\",refused,"));
  {
    g_auto(GStrv) lines = g_strsplit (errors, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + plan->problems->len + 1);
  }

  /* dry run: nothing */
  g_assert_true (salur_import_commit (f->store, NULL, plan, SALUR_IMPORT_SKIP_INVALID | SALUR_IMPORT_DRY_RUN, &stored, &error));
  g_assert_cmpint (salur_store_count_kpm (f->store), ==, 0);

  /* skip-invalid: the 4 good rows */
  g_assert_true (salur_import_commit (f->store, NULL, plan, SALUR_IMPORT_SKIP_INVALID, &stored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stored, ==, 4);
  g_assert_cmpint (salur_store_count_kpm (f->store), ==, 4);
  {
    /* the sex comes from the NIK, not the column */
    g_autoptr(SalurKpm) k = salur_store_get_kpm_by_nik (f->store, "9901011606800001", &error);
    g_assert_cmpint (k->sex, ==, SALUR_SEX_MALE);
  }
}

static void
test_already_stored (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "a.csv",
                                      "NIK;NAMA;RW;NO KK\n9901011205800003;SUPARMAN;1;9901010101090001\n");
  g_autofree char *path2 = write_file (f, "b.csv",
                                       "NIK;NAMA;RW;NO KK\n9901011205800003;SUPARMAN;1;\n"
                                       "9901011305800003;ADIK;1;9901010101090001\n");
  g_autoptr(SalurImportPlan) plan = prepare (f, path);
  g_autoptr(SalurImportPlan) again = NULL;
  g_autofree char *p2 = NULL, *p3 = NULL;

  g_assert_true (salur_import_commit (f->store, NULL, plan, SALUR_IMPORT_DEFAULT, NULL, &error));
  again = prepare (f, path2);
  g_assert_cmpuint (again->refused, ==, 1);
  p2 = problems_of_row (again, 2);
  g_assert_cmpstr (p2, ==, "refused:NIK");
  /* a KK already on the list is a warning */
  p3 = problems_of_row (again, 3);
  g_assert_cmpstr (p3, ==, "warning:NO KK");
}

static void
test_dusun_sources (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  /* OpenSID-like: no RT/RW/dusun columns, all in the address */
  g_autofree char *path = write_file (f, "alamat.csv",
                                      "Peserta,No. Peserta,NIK,Nama,Tempat Lahir,Tanggal Lahir,Alamat\n"
                                      "9901011205800003,1,9901011205800003,A,Kediri,1980-05-12,RT 004 RW 003 Dusun Ngasem\n"
                                      "9901011305800003,2,9901011305800003,B,Kediri,1980-05-13,RT/RW 002/001\n"
                                      "9901011405800003,3,9901011405800003,C,Kediri,1980-05-14,Dsn. Krajan\n"
                                      "9901011505800003,4,9901011505800003,D,Kediri,1980-05-15,RT 1 RW 9\n"
                                      "9901011605800003,5,9901011605800003,E,Kediri,1980-05-16,Jalan Raya\n");
  g_autoptr(SalurImportPlan) plan = prepare (f, path);
  g_autofree char *p5 = problems_of_row (plan, 5), *p6 = problems_of_row (plan, 6);
  SalurKpm *a, *b, *c;

  g_assert_cmpuint (plan->refused, ==, 2);
  g_assert_cmpstr (p5, ==, "refused:");   /* RW 009 belongs to no dusun: no RW column to name */
  g_assert_cmpstr (p6, ==, "refused:");
  g_assert_cmpuint (plan->kpm->len, ==, 3);
  a = plan->kpm->pdata[0];
  b = plan->kpm->pdata[1];
  c = plan->kpm->pdata[2];
  g_assert_cmpstr (a->dusun, ==, "Ngasem");
  g_assert_cmpstr (a->rt, ==, "004");
  g_assert_cmpstr (a->rw, ==, "003");
  g_assert_cmpstr (a->birth_place, ==, "Kediri");
  g_assert_cmpstr (b->dusun, ==, "Krajan");
  g_assert_cmpstr (b->rt, ==, "002");
  g_assert_cmpstr (c->dusun, ==, "Krajan");
  {
    SalurImportProblem *p = NULL;
    for (guint i = 0; i < plan->problems->len; i++)
      if (((SalurImportProblem *) plan->problems->pdata[i])->row == 5)
        p = plan->problems->pdata[i];
    g_assert_nonnull (strstr (p->reason, "RW 009"));
    g_assert_nonnull (strstr (p->reason, "salur dusun add"));
  }
}

static void
test_not_a_list (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "shopping.csv", "item;qty\nberas;5\nminyak;2\n");

  g_assert_null (salur_import_prepare (f->store, path, NULL, NULL, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "does not look like a KPM list"));
}

static void
test_no_village (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("salur-import-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "x.db", NULL);
  g_autofree char *csv = g_build_filename (dir, "x.csv", NULL);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_autoptr(SalurStore) store = salur_store_open (db, &error);

  g_assert_true (g_file_set_contents (csv, "NIK;NAMA\n9901011205800003;A\n", -1, &error));
  g_assert_null (salur_import_prepare (store, csv, NULL, NULL, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NO_VILLAGE);
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
record_progress (double fraction, gpointer data)
{
  double *last = data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_progress_and_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("NIK;NAMA;RW\n");
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autofree char *path = NULL;
  g_autoptr(SalurImportPlan) plan = NULL;
  double last = 0;

  for (guint i = 1; i <= 3000; i++)
    g_string_append_printf (csv, "99010112058%05u;ORANG %u;1\n", i, i);
  path = write_file (f, "many.csv", csv->str);
  plan = salur_import_prepare (f->store, path, record_progress, &last, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpuint (plan->kpm->len, ==, 3000);

  g_cancellable_cancel (cancel);
  g_assert_null (salur_import_prepare (f->store, path, NULL, NULL, cancel, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}


/* The rows as read, for the preview: each marked refused or warned as the
 * problems say */
static void
test_keep_rows (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "bad.csv", bad_rows);
  SalurImportOptions options = { .keep_rows = TRUE };
  g_autoptr(SalurImportPlan) plan = salur_import_prepare_full (f->store, path, &options, NULL, NULL, NULL, &error);
  static const guint refused[] = { 3, 4, 5, 6, 7, 11, 12 };
  static const guint warned[] = { 2, 8, 9, 10 };
  guint n_refused = 0, n_warned = 0;

  g_assert_no_error (error);
  g_assert_nonnull (plan->rows);
  g_assert_cmpuint (plan->rows->len, ==, plan->rows_read);
  for (guint i = 0; i < plan->rows->len; i++)
    {
      SalurImportRow *row = g_ptr_array_index (plan->rows, i);
      gboolean want_refused = FALSE, want_warned = FALSE;

      g_assert_cmpuint (row->row, ==, i + 2);
      g_assert_cmpuint (row->n_cells, ==, g_strv_length (plan->headers));
      for (gsize j = 0; j < G_N_ELEMENTS (refused); j++)
        want_refused |= refused[j] == row->row;
      for (gsize j = 0; j < G_N_ELEMENTS (warned); j++)
        want_warned |= warned[j] == row->row;
      g_assert_cmpint (row->refused, ==, want_refused);
      g_assert_cmpint (row->warned, ==, want_warned);
      n_refused += row->refused;
      n_warned += row->warned;
    }
  g_assert_cmpuint (n_refused, ==, plan->refused);
  g_assert_cmpuint (n_warned, ==, plan->warned);
  /* row 7 has no name; its cells are as written */
  g_assert_cmpstr (((SalurImportRow *) g_ptr_array_index (plan->rows, 5))->cells[1], ==, "");
  g_assert_cmpstr (((SalurImportRow *) g_ptr_array_index (plan->rows, 5))->cells[0], ==, "9901011306800001");

  /* without the option, no rows are kept */
  {
    g_autoptr(SalurImportPlan) plain = prepare (f, path);
    g_assert_null (plain->rows);
  }
}

/* A person says what a column holds when its header does not */
static void
test_column_override (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "nicknames.csv",
                                      "NIK;NAMA PANGGILAN;NAMA SESUAI KTP;RW;KETERANGAN\n"
                                      "9901011205800003;MAN;SUPARMAN;1;Ngasem\n"
                                      "9901015205450001;SITI;SITI AMINAH;2;Ngasem\n");
  g_autoptr(SalurImportPlan) detected = prepare (f, path);
  const SalurField fields[] = { SALUR_FIELD_NIK, SALUR_FIELD_NONE, SALUR_FIELD_NAME, SALUR_FIELD_RW,
                                SALUR_FIELD_DUSUN };
  const SalurField no_nik[] = { SALUR_FIELD_NONE, SALUR_FIELD_NAME };
  SalurImportOptions options = { .columns = fields, .n_columns = G_N_ELEMENTS (fields) };
  g_autoptr(SalurImportPlan) chosen = NULL;
  g_autoptr(SalurKpm) k = NULL;

  /* the headers alone: the nickname is taken for the name, the dusun from the RW */
  g_assert_cmpint (detected->columns->map[1], ==, SALUR_FIELD_NAME);
  g_assert_cmpint (detected->columns->map[2], ==, SALUR_FIELD_NONE);
  g_assert_cmpint (detected->columns->map[4], ==, SALUR_FIELD_NONE);
  g_assert_cmpstr (((SalurKpm *) g_ptr_array_index (detected->kpm, 0))->name, ==, "MAN");
  g_assert_cmpstr (((SalurKpm *) g_ptr_array_index (detected->kpm, 0))->dusun, ==, "Krajan");

  chosen = salur_import_prepare_full (f->store, path, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chosen->columns->column_of[SALUR_FIELD_NAME], ==, 2);
  g_assert_cmpint (chosen->columns->column_of[SALUR_FIELD_DUSUN], ==, 4);
  g_assert_cmpuint (chosen->refused, ==, 0);
  g_assert_true (salur_import_commit (f->store, NULL, chosen, SALUR_IMPORT_DEFAULT, NULL, &error));
  g_assert_no_error (error);
  k = salur_store_get_kpm_by_nik (f->store, "9901011205800003", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (k->name, ==, "SUPARMAN");
  g_assert_cmpstr (k->dusun, ==, "Ngasem");

  /* no NIK column chosen: nothing can be read */
  options.columns = no_nik;
  options.n_columns = G_N_ELEMENTS (no_nik);
  g_assert_null (salur_import_prepare_full (f->store, path, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
}

typedef struct {
  double        last;
  guint         calls;
  GCancellable *cancel_at_half;
} CommitProgress;

static void
commit_progress (double fraction, gpointer data)
{
  CommitProgress *p = data;

  g_assert_cmpfloat (fraction, >=, p->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  p->last = fraction;
  p->calls++;
  if (p->cancel_at_half != NULL && fraction >= 0.5)
    g_cancellable_cancel (p->cancel_at_half);
}

/* Storing says how far it got, and a cancel anywhere stores nothing */
static void
test_commit_progress_and_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("NIK;NAMA;RW\n");
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autofree char *path = NULL;
  g_autoptr(SalurImportPlan) plan = NULL;
  CommitProgress progress = { 0 };
  guint stored = 99;

  for (guint i = 1; i <= 3000; i++)
    g_string_append_printf (csv, "99010112058%05u;ORANG %u;1\n", i, i);
  path = write_file (f, "many.csv", csv->str);
  plan = prepare (f, path);

  /* cancelled half way */
  progress.cancel_at_half = cancel;
  g_assert_false (salur_import_commit_full (f->store, NULL, plan, SALUR_IMPORT_DEFAULT, commit_progress, &progress,
                                            cancel, &stored, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_CANCELLED);
  g_assert_cmpuint (stored, ==, 0);
  g_assert_cmpfloat (progress.last, <, 1.0);
  g_assert_cmpint (salur_store_count_kpm (f->store), ==, 0);
  g_clear_error (&error);

  /* the same plan, stored whole */
  progress = (CommitProgress) { 0 };
  g_assert_true (salur_import_commit_full (f->store, NULL, plan, SALUR_IMPORT_DEFAULT, commit_progress, &progress,
                                           NULL, &stored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stored, ==, 3000);
  g_assert_cmpfloat (progress.last, ==, 1.0);
  g_assert_cmpuint (progress.calls, >=, 10);
  g_assert_cmpint (salur_store_count_kpm (f->store), ==, 3000);
}

static const char *
fixture_path (const char *name)
{
  const char *dir = g_getenv ("SALUR_FIXTURES");
  static char buf[4096];

  g_snprintf (buf, sizeof buf, "%s/%s", dir != NULL ? dir : "tests/fixtures", name);
  return buf;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  (void) fixture_path;
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/import/bnba-good", test_bnba_good);
  ADD ("/import/bad-rows", test_bad_rows);
  ADD ("/import/already-stored", test_already_stored);
  ADD ("/import/dusun-sources", test_dusun_sources);
  ADD ("/import/not-a-list", test_not_a_list);
  ADD ("/import/progress-and-cancel", test_progress_and_cancel);
  ADD ("/import/keep-rows", test_keep_rows);
  ADD ("/import/column-override", test_column_override);
  ADD ("/import/commit-progress-and-cancel", test_commit_progress_and_cancel);
  g_test_add_func ("/import/no-village", test_no_village);
  return g_test_run ();
}
