/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-report"
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "salur-complaint.h"
#include "salur-demo.h"
#include "salur-doc-private.h"
#include "salur-error.h"
#include "salur-export.h"
#include "salur-ledger.h"
#include "salur-public-list.h"
#include "salur-receipt.h"
#include "salur-report.h"
#include "salur-signature-draw.h"
#include "salur-signature.h"

/* The documents' rules, on a demo village of 40 families and a small
 * disbursement day made through the ledger: the report's rows and totals
 * agree with salur_ledger_status, the seal holds while the record does and
 * fails when an event or a table is edited behind Salur's back, a newer
 * event is told apart from a changed one, receipts' codes check, and a
 * signature is drawn inside its cell. The PDFs' text and look are checked
 * by tests/cli/docs.sh with pdftotext. */

#define N_KPM 40
#define PROXY_NIK "9901016211900903"

typedef struct {
  char        *dir;
  char        *path;
  SalurStore  *store;
  GPtrArray   *kpm;
  GArray      *nov;            /* 2026-11 */
  GPtrArray   *receipts;       /* receipt numbers paid, in order */
  char        *voided;
} Fixture;

static SalurOperator *
login (SalurStore *store, const char *name, const char *pin)
{
  g_autoptr(GError) error = NULL;
  SalurOperator *op = salur_ledger_login (store, name, pin, &error);

  g_assert_no_error (error);
  return op;
}

static GBytes *
sample_signature (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SALUR_FIXTURES"), "signature-sample.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(SalurSignature) sig = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  sig = salur_signature_parse_text (text, &error);
  g_assert_no_error (error);
  return salur_signature_encode (sig);
}

static char *
pay (Fixture *fx, SalurOperator *by, guint i, SalurPaymentRequest *extra)
{
  SalurKpm *k = g_ptr_array_index (fx->kpm, i);
  SalurPaymentRequest req = { 0 };
  g_autoptr(SalurPayment) p = NULL;
  g_autoptr(GError) error = NULL;

  if (extra != NULL)
    req = *extra;
  req.kpm_id = k->id;
  req.months = fx->nov;
  req.desk = k->dusun;
  p = salur_ledger_pay (fx->store, by, &req, &error);
  g_assert_no_error (error);
  g_ptr_array_add (fx->receipts, g_strdup (p->receipt));
  return g_strdup (p->receipt);
}

/* A day: KPM 0..19 paid (a proxy, a home delivery, thumbprints,
 * signatures, one with no proof), KPM 20 absent, KPM 21 paid then voided,
 * KPM 22 closed from November, the rest unpaid */
static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) sri = NULL, joko = NULL, budi = NULL;
  g_autoptr(GBytes) sig = sample_signature ();
  SalurMonth nov = salur_month_from_ymd (2026, 11);

  fx->dir = g_dir_make_tmp ("salur-test-report-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "salur.db", NULL);
  fx->store = salur_store_open (fx->path, &error);
  g_assert_no_error (error);
  g_assert_true (salur_demo_create (fx->store, N_KPM, 1, &error));
  g_assert_no_error (error);
  fx->kpm = salur_store_list_kpm (fx->store, NULL, &error);
  g_assert_no_error (error);
  fx->nov = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  g_array_append_val (fx->nov, nov);
  fx->receipts = g_ptr_array_new_with_free_func (g_free);

  if (data == NULL)
    return;
  sri = login (fx->store, "sri", "1111");
  joko = login (fx->store, "joko", "2222");
  budi = login (fx->store, "budi", "4444");

  g_assert_true (salur_ledger_close_kpm (fx->store, sri, ((SalurKpm *) g_ptr_array_index (fx->kpm, 22))->id, nov,
                                         SALUR_REASON_DIED, "", "141/05/2026", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 20; i++)
    {
      SalurPaymentRequest r = { .proof = SALUR_PROOF_SIGNATURE, .signature = sig };
      g_autofree char *receipt = NULL;

      if (i == 3 || i == 7)
        r = (SalurPaymentRequest) { .proof = SALUR_PROOF_THUMBPRINT };
      if (i == 4)
        {
          r.proxy_name = "SITI AMINAH";
          r.proxy_nik = PROXY_NIK;
          r.proxy_relation = "anak";
          r.surat_kuasa_seen = TRUE;
        }
      if (i == 11)
        r = (SalurPaymentRequest) { .proof = SALUR_PROOF_NONE, .proof_note = "tangan cedera" };
      if (i == 8)
        {
          r.place = SALUR_PLACE_HOME;
          r.witness = "RAHMAT";
          receipt = pay (fx, budi, i, &r);
        }
      else
        receipt = pay (fx, joko, i, &r);
    }
  g_assert_true (salur_ledger_absent (fx->store, joko, ((SalurKpm *) g_ptr_array_index (fx->kpm, 20))->id, fx->nov,
                                      "Krajan", "sakit", &error));
  g_assert_no_error (error);
  {
    SalurPaymentRequest r = { .proof = SALUR_PROOF_THUMBPRINT };
    fx->voided = pay (fx, joko, 21, &r);
    g_assert_true (salur_ledger_void (fx->store, sri, fx->voided, "salah orang", &error));
    g_assert_no_error (error);
  }
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->kpm, g_ptr_array_unref);
  g_clear_pointer (&fx->nov, g_array_unref);
  g_clear_pointer (&fx->receipts, g_ptr_array_unref);
  g_free (fx->voided);
  remove_dir (fx->dir);
  g_free (fx->dir);
  g_free (fx->path);
}

/* Runs SQL on the file with the sqlite3 library, as someone with the
 * sqlite3 shell would */
static void
tamper (Fixture *fx, const char *sql)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
  sqlite3_close (db);
}

static SalurReport *
build (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  SalurReport *report = salur_report_build (fx->store, fx->nov, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* tests */

static void
test_totals_match_status (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurReport) report = build (fx);
  g_autoptr(GPtrArray) status = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[SALUR_STATE_NOT_LISTED + 1] = { 0 };
  const SalurReportTotals *t = &report->totals;

  status = salur_ledger_status (fx->store, g_array_index (fx->nov, SalurMonth, 0), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < status->len; i++)
    counts[((SalurStatusRow *) g_ptr_array_index (status, i))->state]++;

  g_assert_cmpuint (report->rows->len, ==, N_KPM);
  g_assert_cmpuint (t->paid, ==, counts[SALUR_STATE_PAID]);
  g_assert_cmpuint (t->paid, ==, 20);
  g_assert_cmpuint (t->absent, ==, counts[SALUR_STATE_ABSENT]);
  g_assert_cmpuint (t->absent, ==, 1);
  g_assert_cmpuint (t->unpaid, ==, counts[SALUR_STATE_UNPAID]);
  g_assert_cmpuint (t->closed, ==, counts[SALUR_STATE_CLOSED]);
  g_assert_cmpuint (t->closed, ==, 1);
  g_assert_cmpuint (t->kpm_listed, ==, N_KPM - 1);
  g_assert_cmpuint (t->in_person + t->proxy + t->home, ==, t->paid);
  g_assert_cmpuint (t->proxy, ==, 1);
  g_assert_cmpuint (t->home, ==, 1);
  g_assert_cmpuint (t->voided, ==, 1);
  g_assert_cmpint (t->amount_paid, ==, 20 * 300000);
  g_assert_cmpint (t->amount_planned, ==, (N_KPM - 1) * 300000);
  g_assert_cmpint (t->amount_left, ==, (N_KPM - 1 - 20) * 300000);

  /* row by row, the same state as the status */
  for (guint i = 0; i < report->rows->len; i++)
    {
      SalurReportRow *row = g_ptr_array_index (report->rows, i);
      SalurStatusRow *s = NULL;

      for (guint j = 0; j < status->len && s == NULL; j++)
        if (g_str_equal (((SalurStatusRow *) g_ptr_array_index (status, j))->kpm->id, row->kpm->id))
          s = g_ptr_array_index (status, j);
      g_assert_nonnull (s);
      switch (s->state)
        {
        case SALUR_STATE_PAID: g_assert_cmpint (row->state, ==, SALUR_REPORT_PAID); break;
        case SALUR_STATE_ABSENT: g_assert_cmpint (row->state, ==, SALUR_REPORT_ABSENT); break;
        case SALUR_STATE_CLOSED: g_assert_cmpint (row->state, ==, SALUR_REPORT_CLOSED); break;
        case SALUR_STATE_UNPAID: g_assert_cmpint (row->state, ==, SALUR_REPORT_UNPAID); break;
        default: g_assert_not_reached ();
        }
    }
}

static void
test_seal_holds (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurReport) report = build (fx);
  g_autoptr(SalurReport) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) joko = login (fx->store, "joko", "2222");
  SalurSealCheck check = { 0 };
  g_autofree char *pdf = g_build_filename (fx->dir, "laporan.pdf", NULL);
  g_autofree char *from_pdf = NULL;

  g_assert_true (g_str_has_prefix (report->seal, "SALUR-SEGEL/1 bulan=2026-11 "));
  g_assert_true (salur_report_verify (fx->store, report->seal, &check, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (check.events, ==, report->n_events);
  g_assert_cmpuint (check.newer, ==, 0);
  g_assert_cmpint (check.amount_paid, ==, report->totals.amount_paid);
  salur_seal_check_clear (&check);

  /* the same record gives the same seal */
  again = build (fx);
  g_assert_cmpstr (again->seal, ==, report->seal);

  /* the seal travels in the PDF */
  g_assert_true (salur_report_write_pdf (report, pdf, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  from_pdf = salur_report_seal_from_pdf (pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_pdf, ==, report->seal);

  /* a payment made later is newer, not a change */
  {
    g_autofree char *r = NULL;
    SalurPaymentRequest req = { .proof = SALUR_PROOF_THUMBPRINT };
    r = pay (fx, joko, 30, &req);
  }
  g_assert_true (salur_report_verify (fx->store, report->seal, &check, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (check.newer, ==, 1);
  g_assert_cmpuint (check.kpm_paid, ==, 20);
  salur_seal_check_clear (&check);
  /* a new report sees it */
  g_clear_pointer (&again, salur_report_free);
  again = build (fx);
  g_assert_cmpstr (again->seal, !=, report->seal);
  g_assert_cmpuint (again->totals.paid, ==, 21);
}

static void
test_seal_refuses_changes (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurReport) report = build (fx);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *path_copy = g_build_filename (fx->dir, "copy.db", NULL);

  /* an altered seal */
  forged = g_strdup (report->seal);
  *strstr (forged, "dibayar=20") = 'D';
  g_assert_false (salur_report_verify (fx->store, forged, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  g_free (forged);
  forged = g_strdup (report->seal);
  memcpy (strstr (forged, "dibayar=20"), "dibayar=21", 10);
  g_assert_false (salur_report_verify (fx->store, forged, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED);
  g_clear_error (&error);
  g_assert_false (salur_report_verify (fx->store, "SALUR-SEGEL/1 bulan=2026-11", NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);

  /* a table drawn from the events, edited: the figures differ */
  g_clear_object (&fx->store);
  tamper (fx, "DROP TRIGGER ev_payment_no_update;"
              "UPDATE ev_payment SET amount_per_month = 250000 WHERE rowid = (SELECT min (rowid) FROM ev_payment)");
  fx->store = salur_store_open (fx->path, &error);
  g_assert_no_error (error);
  g_assert_false (salur_report_verify (fx->store, report->seal, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "Rp5.950.000"));
  g_clear_error (&error);

  /* an event edited */
  g_clear_object (&fx->store);
  tamper (fx, "DROP TRIGGER event_no_update;"
              "UPDATE event SET body = replace (body, 'desk=', 'desk=X') WHERE kind = 'payment'"
              " AND rowid = (SELECT max (rowid) FROM event WHERE kind = 'payment')");
  fx->store = salur_store_open (fx->path, &error);
  g_assert_no_error (error);
  g_assert_false (salur_report_verify (fx->store, report->seal, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "edited"));
  g_clear_error (&error);
  (void) sql;
  (void) path_copy;
}

static void
test_seal_missing_event (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurReport) report = build (fx);
  g_autoptr(GError) error = NULL;

  /* an absence removed: fewer events than sealed */
  g_clear_object (&fx->store);
  tamper (fx, "DROP TRIGGER event_no_delete; DROP TRIGGER ev_month_no_delete; DROP TRIGGER ev_absence_no_delete;"
              "DELETE FROM ev_month WHERE what = 'absence'; DELETE FROM ev_absence; DELETE FROM event WHERE kind = 'absence'");
  fx->store = salur_store_open (fx->path, &error);
  g_assert_no_error (error);
  g_assert_false (salur_report_verify (fx->store, report->seal, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "removed"));
}

static void
test_seal_other_device (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurReport) report = build (fx);
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_strdup (report->seal);
  char *dev = strstr (other, "perangkat=") + strlen ("perangkat=");

  /* a device this record never saw */
  memcpy (dev, "zzzzzzzz", 8);
  g_assert_false (salur_report_verify (fx->store, other, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
}

static void
test_receipt_codes (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurPayment) p = salur_ledger_get_payment (fx->store, g_ptr_array_index (fx->receipts, 4), &error);
  g_autoptr(SalurPayment) found = NULL;
  g_autoptr(SalurPayment) voided = NULL;
  g_autofree char *code = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *pdf = g_build_filename (fx->dir, "kuitansi.pdf", NULL);
  g_autofree char *roll = g_build_filename (fx->dir, "kuitansi-80.pdf", NULL);
  GStatBuf st;

  g_assert_no_error (error);
  code = salur_receipt_code (p);
  g_assert_cmpuint (strlen (code), ==, 8);
  /* as a person types it: lower case, a dash, O for 0, I for 1 */
  typed = g_strdup_printf ("%.4s-%s", code, code + 4);
  for (char *c = typed; *c; c++)
    *c = *c == '0' ? 'o' : *c == '1' ? 'i' : g_ascii_tolower (*c);
  found = salur_receipt_check (fx->store, typed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->receipt, ==, p->receipt);
  g_assert_cmpstr (found->proxy_name, ==, "SITI AMINAH");
  g_clear_pointer (&found, salur_payment_free);

  /* the right code with the wrong receipt */
  found = salur_receipt_check (fx->store, code, g_ptr_array_index (fx->receipts, 5), &error);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  found = salur_receipt_check (fx->store, code, p->receipt, &error);
  g_assert_no_error (error);
  g_clear_pointer (&found, salur_payment_free);

  /* one character changed */
  code[7] = code[7] == 'X' ? 'Y' : 'X';
  found = salur_receipt_check (fx->store, code, NULL, &error);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  found = salur_receipt_check (fx->store, "12345", NULL, &error);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  found = salur_receipt_check (fx->store, "UUUU-UUUU", NULL, &error);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);

  /* a voided payment's code still checks, and says it was voided */
  voided = salur_ledger_get_payment (fx->store, fx->voided, &error);
  g_assert_no_error (error);
  g_free (code);
  code = salur_receipt_code (voided);
  found = salur_receipt_check (fx->store, code, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (found->voided);
  g_clear_pointer (&found, salur_payment_free);

  /* both papers are written */
  g_assert_true (salur_receipt_write_pdf (fx->store, p, SALUR_PAPER_A6, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (salur_receipt_write_pdf (fx->store, voided, SALUR_PAPER_ROLL80, roll, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1000);

  /* an edited payment event no longer checks */
  g_free (code);
  code = salur_receipt_code (p);
  g_clear_object (&fx->store);
  tamper (fx, "DROP TRIGGER event_no_update; UPDATE event SET body = replace (body, 'total=300000', 'total=30000')"
              " WHERE kind = 'payment'");
  fx->store = salur_store_open (fx->path, &error);
  g_assert_no_error (error);
  found = salur_receipt_check (fx->store, code, NULL, &error);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED);
}

static void
test_documents_written (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurReport) report = build (fx);
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (fx->dir, "laporan.pdf", NULL);
  g_autofree char *pub = g_build_filename (fx->dir, "daftar.pdf", NULL);
  g_autofree char *xlsx = g_build_filename (fx->dir, "laporan.xlsx", NULL);
  g_autofree char *csv = g_build_filename (fx->dir, "laporan.csv", NULL);
  g_autofree char *text = NULL;
  SalurReportOptions masked = { .mask_nik = TRUE, .date = "2026-11-30" };
  SalurReportOptions bad = { .date = "30 Februari" };
  SalurKpm *first = ((SalurReportRow *) g_ptr_array_index (report->rows, 0))->kpm;
  g_autofree char *nik_cell = g_strdup_printf ("\"=\"\"%s\"\"\"", first->nik);

  g_assert_true (salur_report_write_pdf (report, pdf, &masked, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (salur_report_write_pdf (report, pdf, &bad, NULL, NULL, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_true (salur_public_list_write_pdf (report, pub, "2026-11-30", &error));
  g_assert_no_error (error);
  g_assert_true (salur_export_xlsx (report, xlsx, &error));
  g_assert_no_error (error);
  g_assert_true (salur_export_csv (report, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &text, NULL, &error));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBFNO;NIK;NAMA KEPALA KELUARGA;JENIS KELAMIN;TANGGAL LAHIR;"));
  g_assert_nonnull (strstr (text, ";BULAN DIBAYAR;JUMLAH (RP);TANGGAL TERIMA;DITERIMA OLEH;NOMOR KUITANSI;"));
  g_assert_nonnull (strstr (text, nik_cell));
  g_assert_nonnull (strstr (text, "\r\n"));

  /* a folder that does not exist: an error, no file */
  {
    g_autofree char *nowhere = g_build_filename (fx->dir, "no", "such", "laporan.pdf", NULL);
    g_assert_false (salur_report_write_pdf (report, nowhere, NULL, NULL, NULL, NULL, &error));
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_FAILED);
    g_clear_error (&error);
    g_assert_false (salur_export_xlsx (report, nowhere, &error));
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_FAILED);
    g_clear_error (&error);
  }

  /* cancelled: nothing left behind */
  {
    g_autoptr(GCancellable) cancel = g_cancellable_new ();
    g_autofree char *never = g_build_filename (fx->dir, "never.pdf", NULL);

    g_cancellable_cancel (cancel);
    g_assert_false (salur_report_write_pdf (report, never, NULL, NULL, NULL, cancel, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_false (g_file_test (never, G_FILE_TEST_EXISTS));
  }
}

/* The strokes land inside the cell, scaled to fill it */
static void
test_signature_draw (void)
{
  g_autoptr(GBytes) bytes = sample_signature ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 100);
  cairo_t *cr = cairo_create (surface);
  const guint8 *data;
  int stride, min_x = 200, max_x = -1, min_y = 100, max_y = -1;

  cairo_set_source_rgb (cr, 0, 0, 0);
  g_assert_true (salur_signature_draw_bytes (cr, bytes, 50, 20, 100, 40));
  g_assert_false (salur_signature_draw_bytes (cr, NULL, 0, 0, 10, 10));
  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("SGN1xx", 6);
    g_assert_false (salur_signature_draw_bytes (cr, junk, 0, 0, 10, 10));
  }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < 100; y++)
    for (int x = 0; x < 200; x++)
      if (data[y * stride + x * 4 + 3] != 0)
        {
          min_x = MIN (min_x, x);
          max_x = MAX (max_x, x);
          min_y = MIN (min_y, y);
          max_y = MAX (max_y, y);
        }
  g_assert_cmpint (max_x, >=, 0);
  /* inside the cell */
  g_assert_cmpint (min_x, >=, 49);
  g_assert_cmpint (max_x, <=, 150);
  g_assert_cmpint (min_y, >=, 19);
  g_assert_cmpint (max_y, <=, 60);
  /* and filling it one way or the other (aspect kept) */
  g_assert_true (max_x - min_x >= 90 || max_y - min_y >= 36);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_doc_words (void)
{
  g_autoptr(GArray) months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  static const guint8 zeros[5] = { 0 }, ones[5] = { 0xff, 0xff, 0xff, 0xff, 0xff };
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *z = NULL, *o = NULL, *clean = NULL;
  SalurMonth m;

  m = salur_month_from_ymd (2026, 11);
  g_array_append_val (months, m);
  a = _salur_doc_months (months, TRUE);
  g_assert_cmpstr (a, ==, "Nov 2026");
  m = salur_month_from_ymd (2026, 12);
  g_array_append_val (months, m);
  b = _salur_doc_months (months, FALSE);
  g_assert_cmpstr (b, ==, "November, Desember 2026");
  m = salur_month_from_ymd (2027, 1);
  g_array_append_val (months, m);
  c = _salur_doc_months (months, TRUE);
  g_assert_cmpstr (c, ==, "Nov 2026–Jan 2027");
  g_array_remove_index (months, 1);
  d = _salur_doc_months (months, TRUE);
  g_assert_cmpstr (d, ==, "Nov 2026, Jan 2027");

  z = _salur_doc_base32 (zeros, 5, 8);
  o = _salur_doc_base32 (ones, 5, 8);
  g_assert_cmpstr (z, ==, "00000000");
  g_assert_cmpstr (o, ==, "ZZZZZZZZ");
  clean = _salur_doc_base32_clean (" 7kq2-m9xo ", 8);
  g_assert_cmpstr (clean, ==, "7KQ2M9X0");
  g_assert_null (_salur_doc_base32_clean ("7KQ2-M9X", 8));
  g_assert_null (_salur_doc_base32_clean ("7KQ2-M9XU", 8));
}

/* Pixels' darkness summed, 0 for a white page */
static double
ink (cairo_surface_t *surface)
{
  const guint8 *data;
  int w, h, stride;
  double sum = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *px = data + y * stride + x * 4;   /* B G R (A) on little-endian */
        sum += 255 - (px[0] + px[1] + px[2]) / 3.0;
      }
  return sum;
}

static cairo_surface_t *
draw_page (SalurReportPages *pages, guint page)
{
  /* 216 dpi: at 72 poppler widens hairlines to a whole pixel */
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (SALUR_REPORT_PAGE_WIDTH * 3) + 1,
                                                         (int) (SALUR_REPORT_PAGE_HEIGHT * 3) + 1);
  cairo_t *cr = cairo_create (surface);
  cairo_font_options_t *fo = cairo_font_options_create ();

  /* glyphs as the PDF's renderer draws them: not hinted to pixels */
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (fo, CAIRO_ANTIALIAS_GRAY);
  cairo_set_font_options (cr, fo);
  cairo_font_options_destroy (fo);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, 3, 3);
  salur_report_pages_draw (pages, cr, page);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  return surface;
}

/* The pages a window shows are the PDF's: as many, breaking at the same
 * place, drawn alike (poppler renders the PDF with Cairo; we draw the same page
 * and compare how much ink each holds) */
static void
test_pages_drawn (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurReport) report = build (fx);
  g_autoptr(SalurReportPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (fx->dir, "laporan.pdf", NULL);
  g_autofree char *prefix = g_build_filename (fx->dir, "page", NULL);
  g_autofree char *info = NULL;
  SalurReportOptions options = { .date = "2026-11-30" };
  double inks[2];
  guint n;

  pages = salur_report_paginate (report, &options, NULL, &error);
  g_assert_no_error (error);
  n = salur_report_pages_count (pages);
  g_assert_cmpuint (n, >=, 2);
  g_assert_true (salur_report_write_pdf (report, pdf, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *cmd = g_strdup_printf ("pdfinfo '%s'", pdf);
    const char *line;

    g_assert_true (g_spawn_command_line_sync (cmd, &info, NULL, NULL, &error));
    g_assert_no_error (error);
    line = strstr (info, "Pages:");
    g_assert_nonnull (line);
    g_assert_cmpint (atoi (line + strlen ("Pages:")), ==, n);
  }

  for (guint i = 0; i < 2; i++)
    {
      guint page = i == 0 ? 0 : n - 1;
      cairo_surface_t *ours = draw_page (pages, page);
      g_autofree char *cmd = g_strdup_printf ("pdftocairo -png -r 216 -f %u -l %u -singlefile '%s' '%s'", page + 1, page + 1,
                                              pdf, prefix);
      g_autofree char *png = g_strdup_printf ("%s.png", prefix);
      cairo_surface_t *theirs, *rgb;
      cairo_t *cr;
      double a, b;
      int status;

      g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_cmpint (status, ==, 0);
      theirs = cairo_image_surface_create_from_png (png);
      g_assert_cmpint (cairo_surface_status (theirs), ==, CAIRO_STATUS_SUCCESS);
      rgb = cairo_image_surface_create (CAIRO_FORMAT_RGB24, cairo_image_surface_get_width (theirs),
                                        cairo_image_surface_get_height (theirs));
      cr = cairo_create (rgb);
      cairo_set_source_surface (cr, theirs, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      a = ink (ours);
      b = ink (rgb);
      g_test_message ("page %u: ink %.0f drawn, %.0f in the PDF", page + 1, a, b);
      g_assert_cmpfloat (a, >, 0);
      g_assert_cmpfloat (fabs (a - b) / b, <, 0.08);
      inks[i] = a;
      cairo_surface_destroy (ours);
      cairo_surface_destroy (theirs);
      cairo_surface_destroy (rgb);
      g_unlink (png);
    }
  /* and they are different pages */
  g_assert_cmpfloat (fabs (inks[0] - inks[1]) / inks[0], >, 0.05);

  /* cancelled before it starts: no pages */
  {
    g_autoptr(GCancellable) cancel = g_cancellable_new ();

    g_cancellable_cancel (cancel);
    g_assert_null (salur_report_paginate (report, NULL, cancel, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *cmd = g_strdup_printf ("pdftotext -layout '%s' -", pdf);
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, NULL, &error));
  g_assert_no_error (error);
  return out;
}

/* Complaints not resolved are counted on the summary page */
static void
test_complaints_counted (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurOperator) joko = login (fx->store, "joko", "2222");
  g_autoptr(SalurOperator) sri = login (fx->store, "sri", "1111");
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (fx->dir, "laporan.pdf", NULL);
  g_autoptr(GPtrArray) slips = g_ptr_array_new_with_free_func (g_free);

  {
    g_autoptr(SalurReport) report = build (fx);
    g_autofree char *text = NULL;

    g_assert_cmpuint (report->complaints_open, ==, 0);
    g_assert_true (salur_report_write_pdf (report, pdf, NULL, NULL, NULL, NULL, &error));
    text = pdf_text (pdf);
    g_assert_nonnull (strstr (text, "Pengaduan belum selesai: 0"));
  }
  for (guint i = 0; i < 3; i++)
    {
      SalurComplaintRequest req = { .kind = SALUR_COMPLAINT_AMOUNT_SHORT, .complainant = "WARSINI",
                                    .text = "Uang kurang", .desk = "Krajan" };
      g_autoptr(SalurComplaint) c = salur_complaint_record (fx->store, joko, &req, &error);

      g_assert_no_error (error);
      g_ptr_array_add (slips, g_strdup (c->slip));
    }
  /* one answered (still open), one resolved */
  g_assert_true (salur_complaint_answer (fx->store, sri, slips->pdata[0], SALUR_COMPLAINT_ANSWERED, "Diperiksa", &error));
  g_assert_true (salur_complaint_answer (fx->store, sri, slips->pdata[1], SALUR_COMPLAINT_RESOLVED, "Kurang dibayar", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SalurReport) report = build (fx);
    g_autofree char *text = NULL;

    g_assert_cmpuint (report->complaints_open, ==, salur_complaint_count_unresolved (fx->store));
    g_assert_cmpuint (report->complaints_open, ==, 2);
    g_assert_true (salur_report_write_pdf (report, pdf, NULL, NULL, NULL, NULL, &error));
    text = pdf_text (pdf);
    g_assert_nonnull (strstr (text, "Pengaduan belum selesai: 2"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/words", test_doc_words);
  g_test_add_func ("/report/signature-draw", test_signature_draw);
#define ADD(path, fn) g_test_add (path, Fixture, GINT_TO_POINTER (1), fixture_set_up, fn, fixture_tear_down)
  ADD ("/report/totals-match-status", test_totals_match_status);
  ADD ("/report/seal/holds", test_seal_holds);
  ADD ("/report/seal/refuses-changes", test_seal_refuses_changes);
  ADD ("/report/seal/missing-event", test_seal_missing_event);
  ADD ("/report/seal/other-device", test_seal_other_device);
  ADD ("/report/receipt-codes", test_receipt_codes);
  ADD ("/report/documents-written", test_documents_written);
  ADD ("/report/pages-drawn", test_pages_drawn);
  ADD ("/report/complaints-counted", test_complaints_counted);
#undef ADD
  return g_test_run ();
}
