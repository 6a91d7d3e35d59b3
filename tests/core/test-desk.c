/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-desk"
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "salur-complaint.h"
#include "salur-demo.h"
#include "salur-desk.h"
#include "salur-error.h"
#include "salur-lookup.h"
#include "salur-sync.h"

/* What happens at a desk besides paying: complaints and their answers, a
 * full NIK shown on request, the day's counts and closing the desk. Each is
 * an event; each refusal leaves the record as it was. A demo village of 40
 * KPM. */

#define N_KPM 40
#define PASSPHRASE "sawah hijau di ujung desa"

typedef struct {
  char          *dir;
  SalurStore    *store;
  SalurOperator *sri;      /* bendahara */
  SalurOperator *joko;     /* kepala dusun */
  SalurOperator *rina;     /* auditor */
  GArray        *nov;
} Fixture;

static char *demo_template;

static GArray *
months (const char *text)
{
  GArray *m = salur_month_parse_list (text, NULL);

  g_assert_nonnull (m);
  return m;
}

static SalurOperator *
login (SalurStore *store, const char *name, const char *pin)
{
  g_autoptr(GError) error = NULL;
  SalurOperator *op = salur_ledger_login (store, name, pin, &error);

  g_assert_no_error (error);
  return op;
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *path = NULL;
  gsize len;

  fx->dir = g_dir_make_tmp ("salur-desk-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "salur.db", NULL);
  g_file_get_contents (demo_template, &bytes, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, bytes, len, &error);
  g_assert_no_error (error);
  fx->store = salur_store_open (path, &error);
  g_assert_no_error (error);
  fx->sri = login (fx->store, "sri", "1111");
  fx->joko = login (fx->store, "joko", "2222");
  fx->rina = login (fx->store, "rina", "5555");
  fx->nov = months ("2026-11");
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
  g_array_unref (fx->nov);
  salur_operator_free (fx->sri);
  salur_operator_free (fx->joko);
  salur_operator_free (fx->rina);
  g_clear_object (&fx->store);
  remove_tree (fx->dir);
  g_free (fx->dir);
}

static gint64
n_events (SalurStore *store)
{
  g_autoptr(GError) error = NULL;
  SalurVerifyReport report;

  g_assert_true (salur_ledger_verify (store, &report, &error));
  g_assert_no_error (error);
  return report.events;
}

static SalurKpm *
kpm_of_dusun (SalurStore *store, const char *dusun, guint nth)
{
  g_autoptr(GPtrArray) list = salur_store_list_kpm (store, dusun, NULL);

  g_assert_nonnull (list);
  g_assert_cmpuint (list->len, >, nth);
  return salur_kpm_ref (g_ptr_array_index (list, nth));
}

static SalurPayment *
pay (Fixture *fx, const SalurKpm *k, const char *desk)
{
  g_autoptr(GError) error = NULL;
  SalurPaymentRequest req = { 0 };
  SalurPayment *p;

  req.kpm_id = k->id;
  req.months = fx->nov;
  req.desk = desk;
  req.proof = SALUR_PROOF_THUMBPRINT;
  p = salur_ledger_pay (fx->store, fx->joko, &req, &error);
  g_assert_no_error (error);
  return p;
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* complaints */

static void
test_complaint (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurKpm) k = kpm_of_dusun (fx->store, "Krajan", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurComplaint) c = NULL;
  g_autoptr(SalurComplaint) other = NULL;
  g_autoptr(SalurComplaint) got = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *slip_pdf = g_build_filename (fx->dir, "slip.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *lower = NULL;
  SalurComplaintRequest req = {
    .kind = SALUR_COMPLAINT_AMOUNT_SHORT, .kpm_id = k->id, .months = fx->nov,
    .complainant = "  Siti (anak KPM) ", .contact = "0812-3456-7890", .text = "Hanya menerima Rp250.000",
    .desk = "Krajan",
  };
  gint64 before = n_events (fx->store);

  c = salur_complaint_record (fx->store, fx->joko, &req, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (c->slip, "ADU-"));
  g_assert_cmpuint (strlen (c->slip), ==, strlen ("ADU-7QX-0042"));
  g_assert_cmpstr (c->complainant, ==, "Siti (anak KPM)");
  g_assert_cmpstr (c->kpm_id, ==, k->id);
  g_assert_cmpstr (c->kpm_name, ==, k->name);
  g_assert_cmpint (c->state, ==, SALUR_COMPLAINT_OPEN);
  g_assert_cmpuint (c->months->len, ==, 1);
  g_assert_cmpstr (c->operator_name, ==, "joko");
  g_assert_cmpstr (c->desk, ==, "Krajan");
  g_assert_cmpint (n_events (fx->store), ==, before + 1);

  /* someone not on the list: no KPM, no months */
  req.kind = SALUR_COMPLAINT_NOT_LISTED;
  req.kpm_id = NULL;
  req.months = NULL;
  req.complainant = "Sutini";
  req.text = "Janda, tidak terdaftar padahal miskin";
  other = salur_complaint_record (fx->store, fx->joko, &req, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (other->kpm_id, ==, "");
  g_assert_cmpstr (other->slip, !=, c->slip);

  /* typed in lower case, it is the same slip */
  lower = g_ascii_strdown (c->slip, -1);
  got = salur_complaint_get (fx->store, lower, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->slip, ==, c->slip);

  /* the slip the person takes home, in Indonesian, NIK masked */
  g_assert_true (salur_complaint_write_slip (fx->store, c, SALUR_PAPER_ROLL80, slip_pdf, &error));
  g_assert_no_error (error);
  text = pdf_text (slip_pdf);
  g_assert_nonnull (strstr (text, "TANDA TERIMA PENGADUAN"));
  g_assert_nonnull (strstr (text, c->slip));
  g_assert_nonnull (strstr (text, "Jumlah yang diterima kurang"));
  g_assert_null (strstr (text, k->nik));

  /* the KPM's history says it */
  {
    g_autoptr(GPtrArray) h = salur_ledger_history (fx->store, k->id, &error);
    SalurHistoryEntry *last = g_ptr_array_index (h, h->len - 1);

    g_assert_no_error (error);
    g_assert_cmpstr (last->kind, ==, "complaint");
    g_assert_nonnull (strstr (last->summary, c->slip));
  }

  list = salur_complaint_list (fx->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (salur_complaint_count_unresolved (fx->store), ==, 2);
}

static void
test_complaint_refused (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurKpm) k = kpm_of_dusun (fx->store, "Krajan", 1);
  gint64 before = n_events (fx->store);
  struct {
    const SalurOperator *by;
    SalurComplaintRequest req;
    int code;
  } cases[] = {
    { NULL, { .kind = SALUR_COMPLAINT_OTHER, .complainant = "A", .text = "B" }, SALUR_ERROR_FORBIDDEN },
    { fx->rina, { .kind = SALUR_COMPLAINT_OTHER, .complainant = "A", .text = "B" }, SALUR_ERROR_FORBIDDEN },
    { fx->joko, { .kind = SALUR_COMPLAINT_OTHER, .complainant = "  ", .text = "B" }, SALUR_ERROR_INVALID },
    { fx->joko, { .kind = SALUR_COMPLAINT_OTHER, .complainant = "A", .text = NULL }, SALUR_ERROR_INVALID },
    { fx->joko, { .kind = 17, .complainant = "A", .text = "B" }, SALUR_ERROR_USAGE },
    { fx->joko, { .kind = SALUR_COMPLAINT_OTHER, .complainant = "A", .text = "B", .months = fx->nov }, SALUR_ERROR_USAGE },
    { fx->joko, { .kind = SALUR_COMPLAINT_OTHER, .kpm_id = "no-such-kpm", .complainant = "A", .text = "B" },
      SALUR_ERROR_NOT_FOUND },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SalurComplaint) c = salur_complaint_record (fx->store, cases[i].by, &cases[i].req, &error);

      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(accepted)");
      g_assert_null (c);
      g_assert_error (error, SALUR_ERROR, cases[i].code);
    }
  g_assert_cmpint (n_events (fx->store), ==, before);
  g_assert_cmpuint (salur_complaint_count_unresolved (fx->store), ==, 0);
  (void) k;
}

static void
test_answer (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurComplaint) c = NULL;
  g_autoptr(SalurComplaint) now = NULL;
  g_autoptr(GPtrArray) open = NULL;
  SalurComplaintRequest req = {
    .kind = SALUR_COMPLAINT_CUT_TAKEN, .complainant = "Pak Darmo", .text = "Diminta Rp20.000 oleh ketua RT",
    .desk = "Ngasem",
  };
  gint64 before;

  c = salur_complaint_record (fx->store, fx->joko, &req, &error);
  g_assert_no_error (error);

  /* an auditor reads; a blank answer or a state that is not an answer is refused */
  g_assert_false (salur_complaint_answer (fx->store, fx->rina, c->slip, SALUR_COMPLAINT_ANSWERED, "x", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (salur_complaint_answer (fx->store, fx->sri, c->slip, SALUR_COMPLAINT_ANSWERED, " ", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (salur_complaint_answer (fx->store, fx->sri, c->slip, SALUR_COMPLAINT_OPEN, "x", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_false (salur_complaint_answer (fx->store, fx->sri, "ADU-XXX-9999", SALUR_COMPLAINT_ANSWERED, "x", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (salur_complaint_answer (fx->store, fx->sri, c->slip, SALUR_COMPLAINT_ANSWERED,
                                         "Dilaporkan ke kepala desa", &error));
  g_assert_no_error (error);
  now = salur_complaint_get (fx->store, c->slip, &error);
  g_assert_cmpint (now->state, ==, SALUR_COMPLAINT_ANSWERED);
  g_assert_cmpstr (now->answered_by, ==, "sri");
  g_clear_pointer (&now, salur_complaint_free);

  g_assert_true (salur_complaint_answer (fx->store, fx->sri, c->slip, SALUR_COMPLAINT_RESOLVED,
                                         "Uang dikembalikan kepada KPM di hadapan kepala desa", &error));
  g_assert_no_error (error);
  now = salur_complaint_get (fx->store, c->slip, &error);
  g_assert_cmpint (now->state, ==, SALUR_COMPLAINT_RESOLVED);
  g_assert_cmpuint (now->n_answers, ==, 2);
  g_assert_nonnull (strstr (now->answer, "dikembalikan"));

  /* resolved is the end: nothing more is recorded */
  before = n_events (fx->store);
  g_assert_false (salur_complaint_answer (fx->store, fx->sri, c->slip, SALUR_COMPLAINT_ANSWERED, "lagi", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_assert_cmpint (n_events (fx->store), ==, before);

  open = salur_complaint_list (fx->store, TRUE, NULL);
  g_assert_cmpuint (open->len, ==, 0);
  g_assert_cmpuint (salur_complaint_count_unresolved (fx->store), ==, 0);

  /* both answers, oldest first, as given; the slip as typed */
  g_clear_error (&error);
  {
    g_autofree char *typed = g_ascii_strdown (c->slip, -1);
    g_autoptr(GPtrArray) answers = salur_complaint_answers (fx->store, typed, &error);
    SalurComplaintAnswer *first, *last;

    g_assert_no_error (error);
    g_assert_cmpuint (answers->len, ==, 2);
    first = answers->pdata[0];
    last = answers->pdata[1];
    g_assert_cmpint (first->state, ==, SALUR_COMPLAINT_ANSWERED);
    g_assert_cmpstr (first->answer, ==, "Dilaporkan ke kepala desa");
    g_assert_cmpstr (first->operator_name, ==, "sri");
    g_assert_cmpint (last->state, ==, SALUR_COMPLAINT_RESOLVED);
    g_assert_cmpstr (last->answer, ==, now->answer);
    g_assert_cmpstr (last->at, ==, now->answered_at);
    g_assert_cmpint (strcmp (first->at, last->at), <=, 0);
  }
  /* a complaint not answered has none */
  {
    SalurComplaintRequest other = { .kind = SALUR_COMPLAINT_OTHER, .complainant = "Bu Sri", .text = "Antre lama",
                                    .desk = "Ngasem" };
    g_autoptr(SalurComplaint) fresh = salur_complaint_record (fx->store, fx->joko, &other, &error);
    g_autoptr(GPtrArray) none = salur_complaint_answers (fx->store, fresh->slip, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

/* complaints made on a desk laptop reach the treasurer in the bundle */
static void
test_complaint_travels (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pkg = g_build_filename (fx->dir, "desk.pkg", NULL);
  g_autofree char *bundle = g_build_filename (fx->dir, "desk.bundle", NULL);
  g_autofree char *desk_db = g_build_filename (fx->dir, "desk.db", NULL);
  g_auto(GStrv) dusun = g_strsplit ("Krajan", ",", -1);
  SalurPackageRequest preq = { .role = SALUR_DEVICE_DESK, .name = "Meja Krajan", .dusun = dusun };
  g_autoptr(SalurStore) desk = NULL;
  g_autoptr(SalurOperator) joko = NULL;
  g_autoptr(SalurComplaint) c = NULL;
  g_autoptr(SalurMergeResult) r = NULL;
  g_autoptr(SalurComplaint) at_master = NULL;
  g_autoptr(SalurKpm) k = kpm_of_dusun (fx->store, "Krajan", 2);
  g_autofree char *id = NULL;
  SalurComplaintRequest req = {
    .kind = SALUR_COMPLAINT_WRONG_NAME, .kpm_id = k->id, .complainant = k->name,
    .text = "Nama di kartu salah satu huruf", .desk = "Krajan",
  };

  g_assert_true (salur_sync_write_package (fx->store, fx->sri, &preq, PASSPHRASE, pkg, &id, &error));
  g_assert_no_error (error);
  desk = salur_sync_join (desk_db, pkg, PASSPHRASE, &error);
  g_assert_no_error (error);
  joko = login (desk, "joko", "2222");
  c = salur_complaint_record (desk, joko, &req, &error);
  g_assert_no_error (error);
  g_assert_true (salur_sync_export (desk, bundle, NULL, NULL, &error));
  g_assert_no_error (error);
  r = salur_sync_merge (fx->store, bundle, NULL, &error);
  g_assert_no_error (error);
  at_master = salur_complaint_get (fx->store, c->slip, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (at_master->text, ==, req.text);
  g_assert_cmpstr (at_master->operator_name, ==, "joko");
  g_assert_cmpint (at_master->state, ==, SALUR_COMPLAINT_OPEN);
  n_events (fx->store);   /* verify re-projects the merged complaint */
}

/* a full NIK on screen is recorded */
static void
test_reveal (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurKpm) k = kpm_of_dusun (fx->store, "Sidomulyo", 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *nik = NULL;
  g_autoptr(GPtrArray) h = NULL;
  SalurHistoryEntry *last;
  gint64 before = n_events (fx->store);

  g_assert_null (salur_desk_reveal_nik (fx->store, NULL, k->id, "Sidomulyo", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_null (salur_desk_reveal_nik (fx->store, fx->joko, "no-such-kpm", "Sidomulyo", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (n_events (fx->store), ==, before);

  nik = salur_desk_reveal_nik (fx->store, fx->joko, k->id, "Sidomulyo", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nik, ==, k->nik);
  g_assert_cmpint (n_events (fx->store), ==, before + 1);
  h = salur_ledger_history (fx->store, k->id, &error);
  last = g_ptr_array_index (h, h->len - 1);
  g_assert_cmpstr (last->kind, ==, "reveal");
  g_assert_cmpstr (last->operator_name, ==, "joko");
  g_assert_nonnull (strstr (last->summary, "Sidomulyo"));
}

/* served, absent, remaining, and the cash of this desk */
static void
test_counts_and_close (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) list = salur_store_list_kpm (fx->store, "Krajan", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurPayment) p0 = NULL, p1 = NULL, p2 = NULL, elsewhere = NULL;
  g_autoptr(SalurDeskClose) close = NULL;
  g_autoptr(SalurKpm) other = kpm_of_dusun (fx->store, "Ngasem", 0);
  g_autofree char *pdf = g_build_filename (fx->dir, "tutup-meja.pdf", NULL);
  g_autofree char *text = NULL;
  SalurDeskCounts counts;
  gint64 before;
  guint n = list->len;

  g_assert_cmpuint (n, >=, 4);
  g_assert_true (salur_desk_counts (fx->store, "Krajan", "Krajan", fx->nov, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.total, ==, n);
  g_assert_cmpuint (counts.remaining, ==, n);
  g_assert_cmpuint (counts.served + counts.absent + counts.payments, ==, 0);

  p0 = pay (fx, g_ptr_array_index (list, 0), "Krajan");
  p1 = pay (fx, g_ptr_array_index (list, 1), "Krajan");
  p2 = pay (fx, g_ptr_array_index (list, 2), "Krajan");
  elsewhere = pay (fx, other, "Ngasem");    /* another desk's cash */
  g_assert_true (salur_ledger_absent (fx->store, fx->joko, ((SalurKpm *) g_ptr_array_index (list, 3))->id, fx->nov,
                                      "Krajan", "sakit", &error));
  g_assert_true (salur_ledger_void (fx->store, fx->sri, p2->receipt, "salah orang", &error));
  g_assert_no_error (error);

  g_assert_true (salur_desk_counts (fx->store, "Krajan", "Krajan", fx->nov, &counts, &error));
  g_assert_cmpuint (counts.total, ==, n);
  g_assert_cmpuint (counts.served, ==, 2);
  g_assert_cmpuint (counts.absent, ==, 1);
  g_assert_cmpuint (counts.remaining, ==, n - 3);
  g_assert_cmpuint (counts.payments, ==, 2);
  g_assert_cmpint (counts.paid, ==, 2 * p0->total);

  /* the cash does not match and nobody says why: refused, nothing stored */
  before = n_events (fx->store);
  g_assert_null (salur_desk_close (fx->store, fx->joko, "Krajan", "Krajan", fx->nov, 3000000, 2300000, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (salur_desk_close (fx->store, fx->rina, "Krajan", "Krajan", fx->nov, 3000000, 2400000, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_null (salur_desk_close (fx->store, fx->joko, "Krajan", "Krajan", fx->nov, -1, 0, NULL, &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (n_events (fx->store), ==, before);

  close = salur_desk_close (fx->store, fx->joko, "Krajan", "Krajan", fx->nov, 3000000, 2350000,
                            "uang kecil Rp50.000 dipakai beli materai", &error);
  g_assert_no_error (error);
  g_assert_cmpint (close->expected, ==, 3000000 - 2 * p0->total);
  g_assert_cmpint (close->difference, ==, 2350000 - close->expected);
  g_assert_cmpint (n_events (fx->store), ==, before + 1);

  g_assert_true (salur_desk_close_write_pdf (fx->store, close, pdf, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "REKAPITULASI PENUTUPAN MEJA"));
  g_assert_nonnull (strstr (text, p0->receipt));
  g_assert_nonnull (strstr (text, p1->receipt));
  g_assert_null (strstr (text, p2->receipt));          /* voided */
  g_assert_null (strstr (text, elsewhere->receipt));   /* another desk */
  g_assert_nonnull (strstr (text, "materai"));
  g_assert_null (strstr (text, p0->kpm_nik));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  g_test_init (&argc, &argv, NULL);

  /* one demo village for every test, copied into each fixture */
  dir = g_dir_make_tmp ("salur-desk-demo-XXXXXX", &error);
  g_assert_no_error (error);
  demo_template = g_build_filename (dir, "demo.db", NULL);
  {
    g_autoptr(SalurStore) store = salur_store_open (demo_template, &error);
    g_assert_no_error (error);
    g_assert_true (salur_demo_create (store, N_KPM, 7, &error));
    g_assert_no_error (error);
  }

  g_test_add ("/desk/complaint", Fixture, NULL, fixture_set_up, test_complaint, fixture_tear_down);
  g_test_add ("/desk/complaint-refused", Fixture, NULL, fixture_set_up, test_complaint_refused, fixture_tear_down);
  g_test_add ("/desk/answer", Fixture, NULL, fixture_set_up, test_answer, fixture_tear_down);
  g_test_add ("/desk/complaint-travels", Fixture, NULL, fixture_set_up, test_complaint_travels, fixture_tear_down);
  g_test_add ("/desk/reveal", Fixture, NULL, fixture_set_up, test_reveal, fixture_tear_down);
  g_test_add ("/desk/counts-and-close", Fixture, NULL, fixture_set_up, test_counts_and_close, fixture_tear_down);

  {
    int status = g_test_run ();
    g_autofree char *wal = g_strconcat (demo_template, "-wal", NULL);
    g_autofree char *shm = g_strconcat (demo_template, "-shm", NULL);

    g_remove (demo_template);
    g_remove (wal);
    g_remove (shm);
    g_rmdir (dir);
    g_free (demo_template);
    return status;
  }
}
