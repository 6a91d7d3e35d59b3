/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sheet"
#include "config.h"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "salur-csv.h"
#include "salur-error.h"
#include "salur-sheet.h"
#include "salur-text.h"
#include "salur-xlsx.h"

/* Every reader quirk, with the exact cells expected. Fixtures come from
 * tests/fixtures (make-fixtures.py); small edge cases are written to a
 * temporary folder by the tests themselves. Never print to stdout: TAP. */

typedef struct {
  guint          number;
  guint          n;
  char         **cells;
  SalurCellKind *kinds;
} Row;

static void
row_free (gpointer data)
{
  Row *row = data;

  g_strfreev (row->cells);
  g_free (row->kinds);
  g_free (row);
}

static char *tmp_dir;

static char *
fixture (const char *name)
{
  const char *dir = g_getenv ("SALUR_FIXTURES");

  if (dir != NULL && *dir != '\0')
    return g_build_filename (dir, name, NULL);
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

static char *
write_temp (const char *name,
            const char *data,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

/* Reads every row of sheet SHEET_INDEX; ERROR gets what stopped it (open or
 * read), the rows read before stay in the result */
static GPtrArray *
read_rows (const char  *path,
           guint        sheet_index,
           char       **description,
           GError     **error)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);
  g_autoptr(SalurSheet) sheet = salur_sheet_open (path, sheet_index, error);
  SalurSheetRow r;

  if (sheet == NULL)
    return rows;
  if (description)
    *description = g_strdup (salur_sheet_describe (sheet));

  while (salur_sheet_next (sheet, &r, error))
    {
      Row *row = g_new0 (Row, 1);
      row->number = r.row_number;
      row->n = r.n_cells;
      row->cells = g_new0 (char *, r.n_cells + 1);
      row->kinds = g_new0 (SalurCellKind, r.n_cells);
      for (guint i = 0; i < r.n_cells; i++)
        {
          g_assert_nonnull (r.cells[i]);
          g_assert_true (g_utf8_validate (r.cells[i], -1, NULL));
          row->cells[i] = g_strdup (r.cells[i]);
          row->kinds[i] = r.kinds[i];
        }
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static GPtrArray *
read_ok (const char *path,
         guint       sheet_index,
         char      **description)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = read_rows (path, sheet_index, description, &error);

  g_assert_no_error (error);
  return rows;
}

static GPtrArray *
read_fixture (const char *name,
              guint       sheet_index,
              char      **description)
{
  g_autofree char *path = fixture (name);

  return read_ok (path, sheet_index, description);
}

#define ROW(rows, i) ((Row *) g_ptr_array_index ((rows), (i)))

#define assert_cell(row, col, kind_, text) G_STMT_START {     \
    const Row *r__ = (row);                                    \
    g_assert_cmpuint ((col), <, r__->n);                       \
    g_assert_cmpstr (r__->cells[(col)], ==, (text));           \
    g_assert_cmpint (r__->kinds[(col)], ==, (kind_));          \
  } G_STMT_END

#define assert_text(row, col, text) assert_cell (row, col, SALUR_CELL_TEXT, text)
#define assert_empty(row, col) assert_cell (row, col, SALUR_CELL_EMPTY, "")

/* Expects a SALUR_ERROR_INVALID whose message has every one of the NULL-
 * terminated words */
static void
assert_invalid (const GError *error,
                ...)
{
  va_list args;
  const char *word;

  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  va_start (args, error);
  while ((word = va_arg (args, const char *)) != NULL)
    {
      if (strstr (error->message, word) == NULL)
        g_error ("“%s” not in the message: %s", word, error->message);
    }
  va_end (args);
}

/* ------------------------------------------------------------------ text */

static void
test_text_encodings (void)
{
  SalurTextEncoding enc;
  gsize len;
  g_autofree char *utf8 = NULL;
  g_autofree char *bom = NULL;
  g_autofree char *cp = NULL;
  g_autofree char *undef = NULL;
  g_autofree char *le = NULL;
  g_autofree char *be = NULL;
  g_autofree char *broken = NULL;

  utf8 = salur_text_to_utf8 ("ANDR\xc3\x89", 6, &len, &enc);
  g_assert_cmpint (enc, ==, SALUR_TEXT_UTF8);
  g_assert_cmpstr (utf8, ==, "ANDRÉ");
  g_assert_cmpuint (len, ==, 6);

  bom = salur_text_to_utf8 ("\xef\xbb\xbfNO;NIK", 9, &len, &enc);
  g_assert_cmpint (enc, ==, SALUR_TEXT_UTF8_BOM);
  g_assert_cmpstr (bom, ==, "NO;NIK");
  g_assert_cmpuint (len, ==, 6);

  /* 0x92 is Excel's curly apostrophe, 0xE9 é, 0x80 the euro sign */
  cp = salur_text_to_utf8 ("MA\x92RUF Ren\xe9 \x80", 13, &len, &enc);
  g_assert_cmpint (enc, ==, SALUR_TEXT_WINDOWS_1252);
  g_assert_cmpstr (cp, ==, "MA’RUF René €");
  g_assert_cmpuint (len, ==, strlen ("MA’RUF René €"));

  /* The five undefined bytes never make the conversion fail */
  undef = salur_text_to_utf8 ("a\x81\x8d\x8f\x90\x9d" "b", 7, &len, &enc);
  g_assert_cmpint (enc, ==, SALUR_TEXT_WINDOWS_1252);
  g_assert_cmpstr (undef, ==, "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b");

  /* UTF-16 with a BOM, a surrogate pair (U+1F600) and both byte orders */
  le = salur_text_to_utf8 ("\xff\xfe" "A\0\xe9\0=\xd8\0\xde", 10, &len, &enc);
  g_assert_cmpint (enc, ==, SALUR_TEXT_UTF16LE);
  g_assert_cmpstr (le, ==, "Aé\xf0\x9f\x98\x80");
  be = salur_text_to_utf8 ("\xfe\xff\0A\0\xe9", 6, &len, &enc);
  g_assert_cmpint (enc, ==, SALUR_TEXT_UTF16BE);
  g_assert_cmpstr (be, ==, "Aé");
  /* A lone surrogate and an odd last byte become U+FFFD */
  broken = salur_text_to_utf8 ("\xff\xfe\x00\xd8" "A\0" "B", 7, &len, &enc);
  g_assert_cmpstr (broken, ==, "\xef\xbf\xbd" "A\xef\xbf\xbd");

  g_assert_cmpstr (salur_text_encoding_name (SALUR_TEXT_WINDOWS_1252), ==, "Windows-1252");

  /* Overlong and surrogate UTF-8 sequences are not UTF-8 */
  {
    g_autofree char *o = salur_text_to_utf8 ("\xc0\xaf", 2, &len, &enc);
    g_assert_cmpint (enc, ==, SALUR_TEXT_WINDOWS_1252);
    g_autofree char *s = salur_text_to_utf8 ("\xed\xa0\x80", 3, &len, &enc);
    g_assert_cmpint (enc, ==, SALUR_TEXT_WINDOWS_1252);
  }
}

/* ------------------------------------------------------------------- CSV */

static void
test_csv_bnba_excel_id (void)
{
  g_autofree char *path = fixture ("bnba-excel-id.csv");
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) rows = read_ok (path, 0, &description);
  g_autoptr(SalurSheet) sheet = salur_sheet_open (path, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (salur_sheet_n_sheets (sheet), ==, 1);
  g_assert_cmpstr (salur_sheet_name (sheet), ==, "bnba-excel-id.csv");
  g_assert_cmpstr (description, ==, "CSV, separator ';', Windows-1252");

  /* 2 titles, the header, 12 KPM; the empty line 3 is skipped */
  g_assert_cmpuint (rows->len, ==, 15);

  g_assert_cmpuint (ROW (rows, 0)->number, ==, 1);
  g_assert_cmpuint (ROW (rows, 0)->n, ==, 15);
  assert_text (ROW (rows, 0), 0, "DAFTAR KPM BLT DANA DESA TAHUN 2026");
  assert_empty (ROW (rows, 0), 14);
  g_assert_cmpuint (ROW (rows, 1)->number, ==, 2);
  assert_text (ROW (rows, 1), 0, "DESA SUKAMAJU KECAMATAN CONTOH");

  const Row *header = ROW (rows, 2);
  g_assert_cmpuint (header->number, ==, 4);
  g_assert_cmpuint (header->n, ==, 15);
  assert_text (header, 0, "NO");
  assert_text (header, 2, "NAMA KEPALA KELUARGA");
  assert_text (header, 14, "KODE_BAYAR");

  const Row *r1 = ROW (rows, 3);
  g_assert_cmpuint (r1->number, ==, 5);
  assert_text (r1, 1, "'9901011205750001");
  assert_text (r1, 2, "SUPARMAN");
  assert_text (r1, 4, "12-05-1975");
  assert_text (r1, 7, "001");

  assert_text (ROW (rows, 4), 4, "03/11/1980");
  /* Windows-1252 0x92 and 0xC9 */
  assert_text (ROW (rows, 5), 2, "MUHAMMAD MA’RUF");
  assert_text (ROW (rows, 6), 2, "ANDRÉ SETIAWAN");
  assert_text (ROW (rows, 7), 1, "9901 0157 0885 0005");
  /* A quoted ';' and quote marks doubled inside quotes */
  assert_text (ROW (rows, 8), 1, "99.01.01.090255.0006");
  assert_text (ROW (rows, 8), 6, "Jl. Melati No. 5; belakang masjid");
  assert_text (ROW (rows, 8), 7, "01");
  g_assert_cmpuint (ROW (rows, 8)->n, ==, 15);
  assert_text (ROW (rows, 9), 6, "Dekat warung \"Bu Tini\"");

  /* A line break inside a quoted cell: the row starts on line 12, the
   * next one on line 14 */
  const Row *r8 = ROW (rows, 10);
  g_assert_cmpuint (r8->number, ==, 12);
  assert_text (r8, 0, "8");
  assert_text (r8, 6, "Dusun Tegalrejo\nGang Mawar");
  assert_text (r8, 7, "006");
  assert_text (r8, 14, "1");

  const Row *r9 = ROW (rows, 11);
  g_assert_cmpuint (r9->number, ==, 14);
  assert_text (r9, 2, "DEWI LESTARI");     /* spaces around trimmed */

  const Row *last = ROW (rows, 14);
  g_assert_cmpuint (last->number, ==, 17);
  assert_text (last, 0, "12");
  assert_text (last, 13, "Non Tunai");
  assert_text (last, 14, "2");
}

static void
check_kpm_people (GPtrArray *rows)
{
  g_assert_cmpuint (rows->len, ==, 7);
  g_assert_cmpuint (ROW (rows, 0)->number, ==, 1);
  g_assert_cmpuint (ROW (rows, 0)->n, ==, 10);
  assert_text (ROW (rows, 0), 0, "NO");
  assert_text (ROW (rows, 0), 9, "DUSUN");

  const Row *r = ROW (rows, 1);
  g_assert_cmpuint (r->number, ==, 2);
  g_assert_cmpuint (r->n, ==, 10);
  assert_text (r, 1, "9901010404660001");
  assert_text (r, 2, "9901010501230101");
  assert_text (r, 6, "Jl. Kenanga, Gg. 2");
  assert_text (r, 9, "Krajan");

  assert_text (ROW (rows, 2), 3, "RENÉ ARYANTI");
  assert_text (ROW (rows, 3), 3, "MA’RUFAH");
  assert_text (ROW (rows, 5), 6, "Sukasari, dekat balai desa");
  g_assert_cmpuint (ROW (rows, 6)->number, ==, 7);
  assert_text (ROW (rows, 6), 9, "Tegalrejo");
}

static void
test_csv_utf8_bom (void)
{
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) rows = read_fixture ("kpm-utf8-bom.csv", 0, &description);

  g_assert_cmpstr (description, ==, "CSV, separator ',', UTF-8 with BOM");
  check_kpm_people (rows);
}

static void
test_csv_tab (void)
{
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) rows = read_fixture ("kpm-tab.csv", 0, &description);

  g_assert_cmpstr (description, ==, "CSV, separator tab, UTF-8");
  check_kpm_people (rows);
}

static void
test_csv_utf16 (void)
{
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) rows = read_fixture ("kpm-unicode.txt", 0, &description);

  g_assert_cmpstr (description, ==, "CSV, separator tab, UTF-16LE");
  check_kpm_people (rows);
}

static void
test_csv_bad_rows_fixture (void)
{
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) rows = read_fixture ("bnba-bad-rows.csv", 0, &description);

  g_assert_cmpstr (description, ==, "CSV, separator ';', UTF-8");
  g_assert_cmpuint (rows->len, ==, 14);
  assert_text (ROW (rows, 2), 15, "NO KK");
  g_assert_cmpuint (ROW (rows, 4)->number, ==, 6);
  assert_text (ROW (rows, 4), 1, "3,52E+15");
  g_assert_cmpuint (ROW (rows, 9)->number, ==, 11);
  assert_empty (ROW (rows, 9), 2);
  g_assert_cmpuint (ROW (rows, 13)->number, ==, 15);
}

static void
test_csv_quoting (void)
{
  /* Quoted separators, "" escapes, a CRLF and a bare CR inside quotes, text
   * after a closing quote, spaces and no-break spaces trimmed around cells
   * but kept inside, empty rows skipped, a trailing empty line */
  static const char data[] =
    "a;b;c\r\n"
    "\"x;y\";\"say \"\"hi\"\"\";  inner  space  \r\n"
    "\r\n"
    ";;\r\n"
    "\"two\r\nlines\";\"three\rlines\n!\";\"q\" tail\r\n"
    "  \"  padded  \"  ;\xc2\xa0nbsp\xc2\xa0;\"\"\r\n"
    "last;;\r\n"
    "\r\n";
  g_autofree char *path = write_temp ("quoting.csv", data, sizeof data - 1);
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) rows = read_ok (path, 0, &description);

  g_assert_cmpstr (description, ==, "CSV, separator ';', UTF-8");
  g_assert_cmpuint (rows->len, ==, 5);

  g_assert_cmpuint (ROW (rows, 0)->number, ==, 1);
  g_assert_cmpuint (ROW (rows, 0)->n, ==, 3);

  const Row *r = ROW (rows, 1);
  g_assert_cmpuint (r->number, ==, 2);
  g_assert_cmpuint (r->n, ==, 3);
  assert_text (r, 0, "x;y");
  assert_text (r, 1, "say \"hi\"");
  assert_text (r, 2, "inner  space");

  r = ROW (rows, 2);
  g_assert_cmpuint (r->number, ==, 5);
  g_assert_cmpuint (r->n, ==, 3);
  assert_text (r, 0, "two\nlines");
  assert_text (r, 1, "three\nlines\n!");
  assert_text (r, 2, "q tail");

  /* Lines 5-8 hold one row (three line breaks inside quotes): the next
   * starts on line 9 */
  r = ROW (rows, 3);
  g_assert_cmpuint (r->number, ==, 9);
  g_assert_cmpuint (r->n, ==, 3);
  assert_text (r, 0, "padded");
  assert_text (r, 1, "nbsp");
  assert_empty (r, 2);

  r = ROW (rows, 4);
  g_assert_cmpuint (r->number, ==, 10);
  g_assert_cmpuint (r->n, ==, 3);
  assert_text (r, 0, "last");
  assert_empty (r, 1);
  assert_empty (r, 2);
}

static void
test_csv_line_ends (void)
{
  /* Old Mac CR line ends, and a last line without an end */
  static const char cr[] = "NIK,NAMA\r9901011205750001,SUPARMAN\r\r9901014311800002,SITI";
  g_autofree char *path = write_temp ("cr.csv", cr, sizeof cr - 1);
  g_autoptr(GPtrArray) rows = read_ok (path, 0, NULL);

  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpuint (ROW (rows, 1)->number, ==, 2);
  assert_text (ROW (rows, 1), 1, "SUPARMAN");
  g_assert_cmpuint (ROW (rows, 2)->number, ==, 4);
  assert_text (ROW (rows, 2), 0, "9901014311800002");
  assert_text (ROW (rows, 2), 1, "SITI");
}

static void
test_csv_separator_choice (void)
{
  /* Commas separate; the semicolons are inside quotes and do not count */
  static const char comma[] =
    "NO,NAMA,ALAMAT\n"
    "1,SUPARMAN,\"RT 1; RW 2; Krajan; dekat masjid\"\n"
    "2,SITI,\"a;b;c;d;e;f\"\n";
  /* Semicolons separate; decimal commas in the cells */
  static const char semi[] =
    "NO;LUAS;NILAI\n"
    "1;0,5;1,25\n"
    "2;1,75;2,5\n";
  /* One column: nothing to choose, the default is ';' */
  static const char single[] = "NIK\n9901011205750001\n";
  g_autofree char *p1 = write_temp ("comma.csv", comma, sizeof comma - 1);
  g_autofree char *p2 = write_temp ("semi.csv", semi, sizeof semi - 1);
  g_autofree char *p3 = write_temp ("single.csv", single, sizeof single - 1);
  g_autofree char *d1 = NULL, *d2 = NULL, *d3 = NULL;
  g_autoptr(GPtrArray) r1 = read_ok (p1, 0, &d1);
  g_autoptr(GPtrArray) r2 = read_ok (p2, 0, &d2);
  g_autoptr(GPtrArray) r3 = read_ok (p3, 0, &d3);

  g_assert_cmpstr (d1, ==, "CSV, separator ',', UTF-8");
  assert_text (ROW (r1, 1), 2, "RT 1; RW 2; Krajan; dekat masjid");
  g_assert_cmpstr (d2, ==, "CSV, separator ';', UTF-8");
  assert_text (ROW (r2, 2), 1, "1,75");
  g_assert_cmpstr (d3, ==, "CSV, separator ';', UTF-8");
  g_assert_cmpuint (ROW (r3, 1)->n, ==, 1);
  assert_text (ROW (r3, 1), 0, "9901011205750001");
}

static void
test_csv_unterminated_quote (void)
{
  static const char data[] =
    "NO;NAMA;ALAMAT\r\n"
    "1;SUPARMAN;Krajan\r\n"
    "2;SITI;\"Dusun Krajan\r\n"
    "3;AGUS;Sukasari\r\n";
  g_autofree char *path = write_temp ("unterminated.csv", data, sizeof data - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurSheet) sheet = salur_sheet_open (path, 0, &error);
  SalurSheetRow row;

  g_assert_no_error (error);
  g_assert_true (salur_sheet_next (sheet, &row, &error));
  g_assert_true (salur_sheet_next (sheet, &row, &error));
  g_assert_cmpuint (row.row_number, ==, 2);
  g_assert_no_error (error);

  g_assert_false (salur_sheet_next (sheet, &row, &error));
  assert_invalid (error, "unterminated.csv", "line 3", "quote", NULL);
  g_test_message ("%s", error->message);

  /* The error stays */
  g_clear_error (&error);
  g_assert_false (salur_sheet_next (sheet, &row, &error));
  assert_invalid (error, "line 3", NULL);
}

static void
test_csv_limits (void)
{
  g_autoptr(GString) wide = g_string_new (NULL);
  g_autoptr(GString) ok = g_string_new ("NIK");
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i < SALUR_CSV_MAX_CELLS; i++)
    g_string_append (ok, ";x");
  g_string_append (ok, "\n");
  g_string_assign (wide, "a;b\n");
  for (guint i = 0; i <= SALUR_CSV_MAX_CELLS; i++)
    g_string_append (wide, "x;");
  g_string_append (wide, "\n");

  /* Exactly the limit is read */
  g_autofree char *p_ok = write_temp ("max.csv", ok->str, (gssize) ok->len);
  g_autoptr(GPtrArray) rows = read_ok (p_ok, 0, NULL);
  g_assert_cmpuint (ROW (rows, 0)->n, ==, SALUR_CSV_MAX_CELLS);

  /* One more is refused, naming the line */
  g_autofree char *p_wide = write_temp ("wide.csv", wide->str, (gssize) wide->len);
  g_autoptr(GPtrArray) rows2 = read_rows (p_wide, 0, NULL, &error);
  g_assert_cmpuint (rows2->len, ==, 1);
  assert_invalid (error, "wide.csv", "Line 2", NULL);
  g_clear_error (&error);

  /* A quote that is never closed inside a long file: the cell grows past
   * Excel's limit and the error names where it started */
  g_autoptr(GString) runaway = g_string_new ("a;b\n1;\"x");
  for (guint i = 0; i < 20000; i++)
    g_string_append (runaway, "9901011205750001;SUPARMAN\n");
  g_string_append (runaway, "\"\n");
  g_autofree char *p_run = write_temp ("runaway.csv", runaway->str, (gssize) runaway->len);
  g_autoptr(GPtrArray) rows3 = read_rows (p_run, 0, NULL, &error);
  g_assert_cmpuint (rows3->len, ==, 1);
  assert_invalid (error, "runaway.csv", "line 2", NULL);

  /* Through the fuzzing entry point: sheet index must be 0 for a CSV */
  g_clear_error (&error);
  g_autoptr(SalurCsv) csv = salur_csv_new_from_data ("a,b\n", 4, "mem.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpint (salur_csv_get_separator (csv), ==, ',');
  g_assert_cmpint (salur_csv_get_encoding (csv), ==, SALUR_TEXT_UTF8);
  g_autoptr(SalurSheet) sheet = salur_sheet_open (p_ok, 1, &error);
  g_assert_null (sheet);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
}

static void
test_csv_odd_inputs (void)
{
  /* Whatever the bytes, the reader ends cleanly: no crash, no hang */
  static const char *const inputs[] = {
    "\"", "\"\"", "\"\"\"", ";", "\n", "\r", "\r\n\r\n", "\xef\xbb\xbf", "\xff\xfe",
    "\xfe\xff\x00", "a\"b\"c;\"d", " \" x \" ; \"", "\xc2\xa0;\xc2", "\"a\"\"", ";;;\n;;\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SalurCsv) csv = salur_csv_new_from_data (inputs[i], strlen (inputs[i]), "odd.csv", &error);
      SalurSheetRow row;
      guint n = 0;

      g_assert_no_error (error);
      while (salur_csv_next (csv, &row, &error))
        {
          g_assert_cmpuint (row.n_cells, >, 0);
          n++;
          g_assert_cmpuint (n, <, 10);
        }
      g_test_message ("input %u: %u rows, %s", i, n, error ? error->message : "no error");
      if (error != NULL)
        g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
    }
}

/* ------------------------------------------------------------ refusals */

static void
test_open_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  /* Empty file */
  g_autofree char *empty = write_temp ("empty.csv", "", 0);
  rows = read_rows (empty, 0, NULL, &error);
  assert_invalid (error, "empty.csv", "empty", NULL);
  g_clear_error (&error);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Old binary Excel: OLE magic */
  static const char ole[16] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  g_autofree char *xls = write_temp ("daftar.xls", ole, sizeof ole);
  rows = read_rows (xls, 0, NULL, &error);
  assert_invalid (error, "daftar.xls", ".xls", "Save As", ".xlsx", "CSV", NULL);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Binary garbage (a fixed seed, so the bytes are the same every run) */
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260105);
  char garbage[4096];
  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) g_rand_int_range (rand, 0, 256);
  garbage[0] = 'G';
  garbage[100] = '\0';
  g_autofree char *bin = write_temp ("foto.jpg", garbage, sizeof garbage);
  rows = read_rows (bin, 0, NULL, &error);
  assert_invalid (error, "foto.jpg", "not text", NULL);
  g_clear_error (&error);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A zip that is not a workbook */
  g_autofree char *zip = fixture ("not-a-workbook.zip");
  rows = read_rows (zip, 0, NULL, &error);
  assert_invalid (error, "not-a-workbook.zip", "not an Excel workbook", NULL);
  g_clear_error (&error);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Missing file, a folder */
  g_autofree char *missing = g_build_filename (tmp_dir, "tidak-ada.csv", NULL);
  rows = read_rows (missing, 0, NULL, &error);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = read_rows (tmp_dir, 0, NULL, &error);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
}

/* ------------------------------------------------------------------ XLSX */

static void
test_xlsx_opensid (void)
{
  g_autofree char *path = fixture ("opensid-peserta.xlsx");
  g_autoptr(GError) error = NULL;
  g_autofree char *d0 = NULL, *d1 = NULL;
  g_autoptr(SalurSheet) sheet = salur_sheet_open (path, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (salur_sheet_n_sheets (sheet), ==, 2);
  g_assert_cmpstr (salur_sheet_name (sheet), ==, "Peserta");
  g_assert_cmpstr (salur_sheet_describe (sheet), ==, "XLSX, sheet Peserta");

  g_autoptr(GPtrArray) program = read_ok (path, 0, &d0);
  g_assert_cmpstr (d0, ==, "XLSX, sheet Program");
  g_assert_cmpuint (program->len, ==, 6);
  assert_text (ROW (program, 0), 0, "Nama Program");
  assert_text (ROW (program, 0), 1, "BLT Dana Desa 2026");
  g_assert_cmpuint (ROW (program, 4)->number, ==, 5);
  assert_cell (ROW (program, 4), 1, SALUR_CELL_DATE, "2026-01-01");
  assert_cell (ROW (program, 5), 1, SALUR_CELL_DATE, "2026-12-31");

  g_autoptr(GPtrArray) rows = read_ok (path, 1, &d1);
  g_assert_cmpuint (rows->len, ==, 11);
  const Row *h = ROW (rows, 0);
  g_assert_cmpuint (h->number, ==, 1);
  g_assert_cmpuint (h->n, ==, 7);
  assert_text (h, 0, "Peserta");
  assert_text (h, 1, "No. Peserta");
  assert_text (h, 2, "NIK");
  assert_text (h, 5, "Tanggal Lahir");
  assert_text (h, 6, "Alamat");

  const Row *r = ROW (rows, 1);
  g_assert_cmpuint (r->number, ==, 2);
  assert_text (r, 0, "9901010501250201");
  assert_text (r, 1, "BLT-2026-001");
  assert_text (r, 2, "9901010201700021");     /* NIK stored as text */
  assert_text (r, 3, "SUKARDI");
  assert_text (r, 4, "BOYOLALI");
  assert_cell (r, 5, SALUR_CELL_DATE, "1970-01-02");
  assert_text (r, 6, "RT 001 RW 001 Dusun Krajan");

  r = ROW (rows, 2);
  assert_text (r, 2, "9901015503780022");
  assert_text (r, 5, "15-03-1978");             /* a date typed as text */

  r = ROW (rows, 10);
  g_assert_cmpuint (r->number, ==, 11);
  assert_text (r, 3, "SITI KHOTIJAH");
  assert_text (r, 5, "28-06-1975");
  assert_cell (ROW (rows, 9), 5, SALUR_CELL_DATE, "1990-02-03");
}

static void
test_xlsx_numeric_nik (void)
{
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) rows = read_fixture ("excel-numeric-nik.xlsx", 0, &description);

  g_assert_cmpstr (description, ==, "XLSX, sheet Sheet1");
  g_assert_cmpuint (rows->len, ==, 5);
  assert_text (ROW (rows, 0), 1, "NIK");

  const Row *r = ROW (rows, 1);
  g_assert_cmpuint (r->number, ==, 2);
  assert_cell (r, 0, SALUR_CELL_NUMBER, "1");
  assert_cell (r, 1, SALUR_CELL_NUMBER, "9901011205750010");
  assert_text (r, 2, "SUTARNO");
  assert_cell (r, 3, SALUR_CELL_DATE, "1975-05-12");     /* built-in format 14 */

  assert_cell (ROW (rows, 2), 1, SALUR_CELL_NUMBER, "9901014311800020");
  /* Shown as 9.90E+15, stored as Excel writes a double */
  assert_cell (ROW (rows, 4), 1, SALUR_CELL_NUMBER, "9.9010155058500016E+15");
  assert_cell (ROW (rows, 4), 3, SALUR_CELL_DATE, "1985-05-15");
}

static void
test_xlsx_quirks (void)
{
  g_autofree char *path = fixture ("quirks.xlsx");
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) rows = read_ok (path, 0, &description);
  const Row *r;

  g_assert_cmpstr (description, ==, "XLSX, sheet Data");
  g_assert_cmpuint (rows->len, ==, 6);

  /* Shared, inline, rich inline (phonetic run skipped) and formula text */
  r = ROW (rows, 0);
  g_assert_cmpuint (r->number, ==, 1);
  g_assert_cmpuint (r->n, ==, 6);
  assert_text (r, 0, "NIK");
  assert_text (r, 1, "NAMA");
  assert_text (r, 2, "ALAMAT");
  assert_text (r, 3, "TANGGAL");

  /* A number as stored, rich shared text, a phonetic run skipped, a date
   * with format 14, a boolean, an error */
  r = ROW (rows, 1);
  g_assert_cmpuint (r->number, ==, 2);
  assert_cell (r, 0, SALUR_CELL_NUMBER, "9901014507800010");
  assert_text (r, 1, "SITI AMINAH");
  assert_text (r, 2, "KRAJAN");
  assert_cell (r, 3, SALUR_CELL_DATE, "1980-07-05");
  assert_text (r, 4, "TRUE");
  assert_text (r, 5, "#N/A");

  /* Gaps between referenced cells, preserved spaces, &amp;, t="d", a
   * scientific number */
  r = ROW (rows, 2);
  g_assert_cmpuint (r->number, ==, 3);
  g_assert_cmpuint (r->n, ==, 6);
  assert_text (r, 0, "  spaced  ");
  assert_empty (r, 1);
  assert_text (r, 2, "Gg. Mawar & Melati");
  assert_empty (r, 3);
  assert_cell (r, 4, SALUR_CELL_DATE, "2026-01-15");
  assert_cell (r, 5, SALUR_CELL_NUMBER, "9.9010155058500016E+15");

  /* Row 4 is missing; cells without references follow each other; a
   * custom Indonesian date format; "Rp" money, a time and a coloured
   * number are not dates */
  r = ROW (rows, 3);
  g_assert_cmpuint (r->number, ==, 5);
  g_assert_cmpuint (r->n, ==, 7);
  assert_text (r, 0, "tanpa ref");
  assert_cell (r, 1, SALUR_CELL_NUMBER, "42");
  assert_empty (r, 2);
  assert_cell (r, 3, SALUR_CELL_DATE, "2024-01-01");
  assert_cell (r, 4, SALUR_CELL_NUMBER, "150000");
  assert_cell (r, 5, SALUR_CELL_NUMBER, "0.5");
  assert_cell (r, 6, SALUR_CELL_NUMBER, "-1.25");

  /* Rows 6 (styled empty cells, an empty shared string) and 7 (empty
   * element) are skipped. Row 8: a formula's string, Excel's 1900-02-29,
   * _xHHHH_ escapes, and trailing empty cells not counted */
  r = ROW (rows, 4);
  g_assert_cmpuint (r->number, ==, 8);
  g_assert_cmpuint (r->n, ==, 6);
  assert_text (r, 0, "9901014507800010");
  assert_cell (r, 1, SALUR_CELL_DATE, "1900-02-29");
  assert_cell (r, 2, SALUR_CELL_DATE, "1900-02-28");
  assert_cell (r, 3, SALUR_CELL_DATE, "1900-03-01");
  assert_cell (r, 4, SALUR_CELL_DATE, "1900-01-01");
  assert_text (r, 5, "Baris1\rBaris2_x");

  /* Column AA is the 27th */
  r = ROW (rows, 5);
  g_assert_cmpuint (r->number, ==, 9);
  g_assert_cmpuint (r->n, ==, 27);
  assert_empty (r, 0);
  assert_text (r, 1, "FALSE");
  assert_empty (r, 25);
  assert_text (r, 26, "kolom AA");
}

static void
test_xlsx_sheets (void)
{
  g_autofree char *path = fixture ("quirks.xlsx");
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurSheet) sheet = salur_sheet_open (path, 1, &error);
  SalurSheetRow row;

  /* The second sheet, hidden, found through a "../" target */
  g_assert_no_error (error);
  g_assert_cmpuint (salur_sheet_n_sheets (sheet), ==, 2);
  g_assert_cmpstr (salur_sheet_name (sheet), ==, "Catatan");
  g_assert_true (salur_sheet_next (sheet, &row, &error));
  g_assert_cmpuint (row.row_number, ==, 2);
  g_assert_cmpuint (row.n_cells, ==, 2);
  g_assert_cmpstr (row.cells[0], ==, "");
  g_assert_cmpint (row.kinds[0], ==, SALUR_CELL_EMPTY);
  g_assert_cmpstr (row.cells[1], ==, "Catatan");
  g_assert_false (salur_sheet_next (sheet, &row, &error));
  g_assert_no_error (error);
  /* and again at the end */
  g_assert_false (salur_sheet_next (sheet, &row, &error));
  g_assert_no_error (error);

  /* No third sheet */
  g_autoptr(SalurSheet) none = salur_sheet_open (path, 2, &error);
  g_assert_null (none);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The reader itself lists the names in workbook order */
  g_autoptr(SalurXlsx) xlsx = salur_xlsx_open (path, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (salur_xlsx_get_sheet_name (xlsx, 0), ==, "Data");
  g_assert_cmpstr (salur_xlsx_get_sheet_name (xlsx, 1), ==, "Catatan");
  g_assert_null (salur_xlsx_get_sheet_name (xlsx, 2));
  g_assert_false (salur_xlsx_get_date1904 (xlsx));
}

static void
test_xlsx_date1904 (void)
{
  g_autoptr(GPtrArray) rows = read_fixture ("quirks-1904.xlsx", 0, NULL);
  const Row *r;

  g_assert_cmpuint (rows->len, ==, 1);
  r = ROW (rows, 0);
  g_assert_cmpuint (r->n, ==, 4);
  assert_cell (r, 0, SALUR_CELL_DATE, "1980-06-27");
  assert_cell (r, 1, SALUR_CELL_DATE, "1904-01-02");
  assert_cell (r, 2, SALUR_CELL_NUMBER, "0.25");     /* a time, not a day */
  assert_cell (r, 3, SALUR_CELL_NUMBER, "27937");    /* no date style */
}

static void
test_xlsx_helpers (void)
{
  char out[11];

  g_assert_true (salur_xlsx_serial_to_date (1, FALSE, out));
  g_assert_cmpstr (out, ==, "1900-01-01");
  g_assert_true (salur_xlsx_serial_to_date (59, FALSE, out));
  g_assert_cmpstr (out, ==, "1900-02-28");
  g_assert_true (salur_xlsx_serial_to_date (60, FALSE, out));
  g_assert_cmpstr (out, ==, "1900-02-29");
  g_assert_true (salur_xlsx_serial_to_date (61, FALSE, out));
  g_assert_cmpstr (out, ==, "1900-03-01");
  g_assert_true (salur_xlsx_serial_to_date (29407.75, FALSE, out));
  g_assert_cmpstr (out, ==, "1980-07-05");
  g_assert_true (salur_xlsx_serial_to_date (44927, FALSE, out));
  g_assert_cmpstr (out, ==, "2023-01-01");
  /* 44928 that lost its last bit is still 2 January */
  g_assert_true (salur_xlsx_serial_to_date (44927.999999999993, FALSE, out));
  g_assert_cmpstr (out, ==, "2023-01-02");
  g_assert_true (salur_xlsx_serial_to_date (2958465, FALSE, out));
  g_assert_cmpstr (out, ==, "9999-12-31");
  g_assert_false (salur_xlsx_serial_to_date (2958466, FALSE, out));
  g_assert_false (salur_xlsx_serial_to_date (0.5, FALSE, out));
  g_assert_false (salur_xlsx_serial_to_date (-3, FALSE, out));
  g_assert_true (salur_xlsx_serial_to_date (1, TRUE, out));
  g_assert_cmpstr (out, ==, "1904-01-02");

  g_assert_true (salur_xlsx_format_is_date ("dd/mm/yyyy"));
  g_assert_true (salur_xlsx_format_is_date ("[$-421]d mmmm yyyy;@"));
  g_assert_true (salur_xlsx_format_is_date ("mmm-yy"));
  g_assert_true (salur_xlsx_format_is_date ("m/d/yy h:mm"));
  g_assert_false (salur_xlsx_format_is_date ("General"));
  g_assert_false (salur_xlsx_format_is_date ("0.00E+00"));
  g_assert_false (salur_xlsx_format_is_date ("\"Rp\"\\ #,##0"));
  g_assert_false (salur_xlsx_format_is_date ("[Red]0.00;[Blue]\\-0.00"));
  g_assert_false (salur_xlsx_format_is_date ("h:mm:ss"));
  g_assert_false (salur_xlsx_format_is_date ("0\\d"));
  g_assert_false (salur_xlsx_format_is_date ("\"day\" 0"));
  g_assert_false (salur_xlsx_format_is_date ("@"));
}

/* Reads PATH to the end and returns the error that stopped it */
static GError *
read_error (const char *path)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = read_rows (path, 0, NULL, &error);

  return error;
}

static void
test_xlsx_truncated (void)
{
  static const char *const names[] = { "quirks.xlsx", "opensid-peserta.xlsx", "excel-numeric-nik.xlsx" };

  for (guint f = 0; f < G_N_ELEMENTS (names); f++)
    {
      g_autofree char *path = fixture (names[f]);
      g_autofree char *data = NULL;
      gsize len;
      g_autoptr(GError) error = NULL;

      g_file_get_contents (path, &data, &len, &error);
      g_assert_no_error (error);

      /* Cut anywhere: the first bytes, a quarter, half, the end of the
       * central directory */
      const gsize cuts[] = { 4, 30, len / 4, len / 2, 3 * len / 4, len - 30, len - 1 };
      for (guint c = 0; c < G_N_ELEMENTS (cuts); c++)
        {
          g_autofree char *tmp = write_temp ("cut.xlsx", data, (gssize) cuts[c]);
          g_autoptr(GError) e = read_error (tmp);

          g_test_message ("%s cut at %" G_GSIZE_FORMAT ": %s", names[f], cuts[c],
                          e ? e->message : "(no error)");
          assert_invalid (e, "cut.xlsx", "Excel workbook", NULL);
        }
    }
}

static void
test_xlsx_corrupt (void)
{
  g_autofree char *path = fixture ("opensid-peserta.xlsx");
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  guint damaged = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);

  /* Flipping bytes anywhere never crashes; inside compressed data it is
   * caught (deflate error or CRC); most flips must be refused */
  for (gsize off = 0; off < len; off += 97)
    {
      g_autofree char *copy = g_memdup2 (data, len);
      copy[off] ^= 0x55;
      g_autofree char *tmp = write_temp ("flip.xlsx", copy, (gssize) len);
      g_autoptr(GError) e = NULL;
      g_autoptr(GPtrArray) rows = read_rows (tmp, 1, NULL, &e);

      if (e != NULL)
        {
          g_assert_true (e->domain == SALUR_ERROR);
          damaged++;
        }
    }
  g_test_message ("%u of %" G_GSIZE_FORMAT " flips refused", damaged, (len + 96) / 97);
  g_assert_cmpuint (damaged, >, (len / 97) / 2);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("test-sheet-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/sheet/text/encodings", test_text_encodings);
  g_test_add_func ("/sheet/csv/bnba-excel-id", test_csv_bnba_excel_id);
  g_test_add_func ("/sheet/csv/utf8-bom", test_csv_utf8_bom);
  g_test_add_func ("/sheet/csv/tab", test_csv_tab);
  g_test_add_func ("/sheet/csv/utf16", test_csv_utf16);
  g_test_add_func ("/sheet/csv/bad-rows-fixture", test_csv_bad_rows_fixture);
  g_test_add_func ("/sheet/csv/quoting", test_csv_quoting);
  g_test_add_func ("/sheet/csv/line-ends", test_csv_line_ends);
  g_test_add_func ("/sheet/csv/separator-choice", test_csv_separator_choice);
  g_test_add_func ("/sheet/csv/unterminated-quote", test_csv_unterminated_quote);
  g_test_add_func ("/sheet/csv/limits", test_csv_limits);
  g_test_add_func ("/sheet/csv/odd-inputs", test_csv_odd_inputs);
  g_test_add_func ("/sheet/open/refusals", test_open_refusals);
  g_test_add_func ("/sheet/xlsx/opensid", test_xlsx_opensid);
  g_test_add_func ("/sheet/xlsx/numeric-nik", test_xlsx_numeric_nik);
  g_test_add_func ("/sheet/xlsx/quirks", test_xlsx_quirks);
  g_test_add_func ("/sheet/xlsx/sheets", test_xlsx_sheets);
  g_test_add_func ("/sheet/xlsx/date1904", test_xlsx_date1904);
  g_test_add_func ("/sheet/xlsx/helpers", test_xlsx_helpers);
  g_test_add_func ("/sheet/xlsx/truncated", test_xlsx_truncated);
  g_test_add_func ("/sheet/xlsx/corrupt", test_xlsx_corrupt);

  ret = g_test_run ();

  /* Remove what the tests wrote */
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (tmp_dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
