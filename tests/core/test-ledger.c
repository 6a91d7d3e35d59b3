/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ledger"
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "salur-demo.h"
#include "salur-error.h"
#include "salur-ledger.h"
#include "salur-signature.h"

/* Every rule of the ledger with its refusal, on a fresh demo village of 30
 * families (operators sri/1111 bendahara, joko/2222 and wati/3333 kepala
 * dusun, budi/4444 petugas, rina/5555 auditor). A refusal must leave the
 * record exactly as it was: snapshot () before and after. */

#define N_KPM 30
#define RECEIPT_PATTERN "^[A-Z]{3}-[0-9A-Z]{3}-[0-9]{4}-[0-9]{4}$"
/* demo NIKs start with 990101 (province 99 does not exist): these are free */
#define NEW_NIK   "9901014507800901"
#define NEW_NIK_2 "9901011203850902"
#define PROXY_NIK "9901016211900903"

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    const char *h_ = (haystack), *n_ = (needle); \
    if (h_ == NULL || strstr (h_, n_) == NULL) \
      g_test_message ("\"%s\" does not contain \"%s\"", h_ != NULL ? h_ : "(null)", n_); \
    g_assert_nonnull (h_); \
    g_assert_nonnull (strstr (h_, n_)); \
  } G_STMT_END

#define assert_lacks(haystack, needle) \
  G_STMT_START { \
    const char *h_ = (haystack), *n_ = (needle); \
    if (strstr (h_, n_) != NULL) \
      g_test_message ("\"%s\" should not contain \"%s\"", h_, n_); \
    g_assert_null (strstr (h_, n_)); \
  } G_STMT_END

/* A refusal: the error code, and the record untouched */
#define assert_refused(fx, before, ok, error, want_code) \
  G_STMT_START { \
    g_autofree char *after_ = NULL; \
    if ((ok)) \
      g_test_message ("accepted, expected %s", #want_code); \
    else if ((error) != NULL && !g_error_matches ((error), SALUR_ERROR, (want_code))) \
      g_test_message ("refused with code %d (%s), expected %s", (error)->code, (error)->message, #want_code); \
    g_assert_false ((ok)); \
    g_assert_error ((error), SALUR_ERROR, (want_code)); \
    after_ = snapshot (fx); \
    g_assert_cmpstr (after_, ==, (before)); \
  } G_STMT_END

typedef struct {
  char          *dir;
  char          *path;
  SalurStore    *store;
  GPtrArray     *kpm;          /* SalurKpm, list order */
  GHashTable    *operators;    /* name -> SalurOperator, signed in when first needed */
} Fixture;

/* The demo village, made once by salur_demo_create: its five Argon2id PIN
 * hashes take most of a second, and every test starts from a copy of it in
 * a folder of its own */
static char *demo_template;

static void copy_file (const char *from, const char *to);

/* helpers */

static SalurOperator *
login (SalurStore *store, const char *name, const char *pin)
{
  g_autoptr(GError) error = NULL;
  SalurOperator *op = salur_ledger_login (store, name, pin, &error);

  g_assert_no_error (error);
  g_assert_nonnull (op);
  g_assert_cmpstr (op->name, ==, name);
  g_assert_true (op->active);
  return op;
}

static void
fixture_open (Fixture *fx, gboolean demo)
{
  g_autoptr(GError) error = NULL;

  fx->operators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) salur_operator_free);

  fx->dir = g_dir_make_tmp ("salur-test-ledger-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "salur.db", NULL);
  if (demo)
    copy_file (demo_template, fx->path);
  fx->store = salur_store_open (fx->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fx->store);
  g_assert_cmpstr (salur_store_get_path (fx->store), ==, fx->path);
  if (!demo)
    return;

  fx->kpm = salur_store_list_kpm (fx->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fx->kpm->len, ==, N_KPM);
}

/* A demo operator, signed in with the PIN the demo gave */
static const SalurOperator *
signed_in (Fixture *fx, const char *name)
{
  SalurOperator *found = g_hash_table_lookup (fx->operators, name);

  if (found == NULL)
    {
      for (guint i = 0; salur_demo_operators[i].name != NULL && found == NULL; i++)
        if (g_str_equal (salur_demo_operators[i].name, name))
          {
            found = login (fx->store, name, salur_demo_operators[i].pin);
            g_assert_cmpint (found->role, ==, salur_demo_operators[i].role);
          }
      g_assert_nonnull (found);
      g_hash_table_insert (fx->operators, g_strdup (name), found);
    }
  return found;
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  fixture_open (fx, TRUE);
}

static void
fixture_set_up_empty (Fixture *fx, gconstpointer data)
{
  fixture_open (fx, FALSE);
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
  g_clear_pointer (&fx->kpm, g_ptr_array_unref);
  g_clear_pointer (&fx->operators, g_hash_table_unref);
  remove_tree (fx->dir);
  g_clear_pointer (&fx->path, g_free);
  g_clear_pointer (&fx->dir, g_free);
}

static SalurKpm *
kpm_at (Fixture *fx, guint i)
{
  g_assert_cmpuint (i, <, fx->kpm->len);
  return g_ptr_array_index (fx->kpm, i);
}

static const char *
kpm_id (Fixture *fx, guint i)
{
  return kpm_at (fx, i)->id;
}

static GArray *
months (const char *text)
{
  g_autoptr(GError) error = NULL;
  GArray *list = salur_month_parse_list (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

/* Reads the store's file on its own read-only connection, as another
 * program would */
static sqlite3 *
open_readonly (const char *path)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);

  if (rc != SQLITE_OK)
    g_test_message ("cannot open %s: %s", path, sqlite3_errmsg (db));
  g_assert_cmpint (rc, ==, SQLITE_OK);
  return db;
}

static char *
query_text_at (const char *path, const char *sql)
{
  sqlite3 *db = open_readonly (path);
  sqlite3_stmt *stmt = NULL;
  char *out = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    g_test_message ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (rc, ==, SQLITE_OK);
  rc = sqlite3_step (stmt);
  g_assert_true (rc == SQLITE_ROW || rc == SQLITE_DONE);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return out != NULL ? out : g_strdup ("");
}

static gint64
query_int_at (const char *path, const char *sql)
{
  g_autofree char *text = query_text_at (path, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

static gint64
count_events (Fixture *fx)
{
  return query_int_at (salur_store_get_path (fx->store), "SELECT count(*) FROM event");
}

/* Everything the ledger holds, as one text: the events with their hashes,
 * every projection and the KPM rows */
static char *
snapshot_at (const char *path)
{
  static const char *const tables[] = {
    "event", "ev_payment", "ev_month", "ev_absence", "ev_void", "ev_close", "ev_correct", "ev_operator",
    "ev_import", "kpm",
  };
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      g_string_append_printf (out, "%s=%" G_GINT64_FORMAT " ", tables[i], query_int_at (path, sql));
    }
  {
    g_autofree char *chain = query_text_at (path, "SELECT group_concat (x, ' ') FROM (SELECT seq || ':' || hex (hash) AS x"
                                                  " FROM event ORDER BY device_id, seq)");
    g_autofree char *money = query_text_at (path, "SELECT group_concat (x, ' ') FROM (SELECT receipt || ':' || total AS x"
                                                  " FROM ev_payment ORDER BY device_id, seq)");
    g_autofree char *names = query_text_at (path, "SELECT group_concat (x, ' ') FROM (SELECT id || ':' || nik || ':' || name"
                                                  " AS x FROM kpm ORDER BY id)");
    g_string_append_printf (out, "chain=%s money=%s kpm=%s", chain, money, names);
  }
  return g_string_free (out, FALSE);
}

static char *
snapshot (Fixture *fx)
{
  return snapshot_at (salur_store_get_path (fx->store));
}

/* A request with the defaults of the hall: the KPM in person, a thumbprint */
static SalurPaymentRequest
request (const char *id, GArray *list, const char *desk)
{
  SalurPaymentRequest req = { 0 };

  req.kpm_id = id;
  req.months = list;
  req.desk = desk;
  req.place = SALUR_PLACE_HALL;
  req.proof = SALUR_PROOF_THUMBPRINT;
  return req;
}

static SalurPayment *
pay_ok (Fixture *fx, const SalurOperator *by, const SalurPaymentRequest *req)
{
  g_autoptr(GError) error = NULL;
  SalurPayment *p = salur_ledger_pay (fx->store, by, req, &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

/* Pays KPM I for MONTHS at DESK, with a thumbprint */
static SalurPayment *
pay_simple (Fixture *fx, const SalurOperator *by, guint i, const char *month_text, const char *desk)
{
  g_autoptr(GArray) list = months (month_text);
  SalurPaymentRequest req = request (kpm_id (fx, i), list, desk);

  return pay_ok (fx, by, &req);
}

static SalurStatusRow *
status_of (GPtrArray *rows, const char *id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      SalurStatusRow *r = g_ptr_array_index (rows, i);
      if (g_str_equal (r->kpm->id, id))
        return r;
    }
  g_test_message ("KPM %s is not in the status", id);
  g_assert_not_reached ();
  return NULL;
}

/* The state of one KPM for one month, with the row kept in *ROWS */
static SalurStatusRow *
state_of (Fixture *fx, const char *id, const char *month_text, GPtrArray **rows)
{
  g_autoptr(GError) error = NULL;
  SalurMonth m;

  g_assert_true (salur_month_parse (month_text, &m, &error));
  g_assert_no_error (error);
  g_clear_pointer (rows, g_ptr_array_unref);
  *rows = salur_ledger_status (fx->store, m, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*rows);
  g_assert_cmpuint ((*rows)->len, >=, N_KPM);
  return status_of (*rows, id);
}

static void
assert_state (Fixture *fx, const char *id, const char *month_text, SalurState want)
{
  g_autoptr(GPtrArray) rows = NULL;
  SalurStatusRow *r = state_of (fx, id, month_text, &rows);

  if (r->state != want)
    g_test_message ("%s for %s is %s, expected %s", id, month_text, salur_state_to_string (r->state),
                    salur_state_to_string (want));
  g_assert_cmpstr (salur_state_to_string (r->state), ==, salur_state_to_string (want));
}

static void
verify_ok (Fixture *fx, SalurVerifyReport *report)
{
  g_autoptr(GError) error = NULL;
  SalurVerifyReport local;

  if (!salur_ledger_verify (fx->store, report != NULL ? report : &local, &error))
    g_test_message ("verify: %s", error->message);
  g_assert_no_error (error);
}

static SalurKpm *
new_kpm (const char *nik, const char *name, const char *dusun, const char *from_month)
{
  SalurKpm *k = salur_kpm_new ();
  g_autoptr(GError) error = NULL;

  salur_kpm_set (k, &k->nik, nik);
  salur_kpm_set (k, &k->name, name);
  salur_kpm_set (k, &k->dusun, dusun);
  salur_kpm_set (k, &k->rt, "001");
  salur_kpm_set (k, &k->rw, "001");
  salur_kpm_set (k, &k->address, "Dusun Krajan RT 001 RW 001");
  salur_kpm_set (k, &k->payment_method, "Tunai");
  g_assert_true (salur_month_parse (from_month, &k->from_month, &error));
  g_assert_no_error (error);
  return k;
}

static GBytes *
sample_signature (void)
{
  g_autoptr(SalurSignature) sig = salur_signature_new (600, 200);
  GBytes *bytes;

  for (guint s = 0; s < 2; s++)
    {
      salur_signature_begin_stroke (sig);
      for (guint i = 0; i < 40; i++)
        {
          SalurSignaturePoint p = {
            .x = 40.0f + 10.0f * i + 60.0f * s,
            .y = 100.0f + 30.0f * (i % 5) - 20.0f * s,
            .t_ms = 1000 * s + 16 * i,
            .pressure = 0.3f + 0.01f * i,
          };
          salur_signature_add_point (sig, &p);
        }
    }
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 2);
  bytes = salur_signature_encode (sig);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 8);
  return bytes;
}

/* sqlite3, the program: what someone with the data file and a shell does */
static gboolean
run_sqlite3 (const char *path, const char *sql, char **out, char **err)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "sqlite3", path, sql, NULL };
  g_autofree char *o = NULL, *e = NULL;
  int status = 0;
  gboolean ok;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &o, &e, &status,
                               &error));
  g_assert_no_error (error);
  ok = g_spawn_check_wait_status (status, NULL);
  g_test_message ("sqlite3 %s: %s -> %s%s%s", path, sql, ok ? "ok" : "failed", *e != '\0' ? ": " : "", g_strstrip (e));
  if (out != NULL)
    *out = g_strdup (g_strstrip (o));
  if (err != NULL)
    *err = g_strdup (e);
  return ok;
}

static gboolean
have_sqlite3 (void)
{
  g_autofree char *found = g_find_program_in_path ("sqlite3");

  if (found == NULL)
    g_test_skip ("the sqlite3 program is not installed");
  return found != NULL;
}

static void
copy_file (const char *from, const char *to)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dst = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* pay */

static void
test_pay_receipt (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurPayment) p = NULL;
  g_autoptr(SalurPayment) again = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) of = NULL;
  g_autoptr(GArray) list = months ("2026-01,2026-02");
  g_autoptr(GError) error = NULL;
  SalurPaymentRequest req = request (kpm_id (fx, 0), list, "Krajan");
  SalurStatusRow *row;
  gint64 before = count_events (fx);

  p = pay_ok (fx, signed_in (fx, "joko"), &req);
  g_assert_cmpint (count_events (fx), ==, before + 1);
  g_test_message ("receipt %s", p->receipt);
  g_assert_true (g_regex_match_simple (RECEIPT_PATTERN, p->receipt, 0, 0));
  g_assert_true (g_str_has_prefix (p->receipt, "KRJ-"));
  g_assert_cmpint (p->amount_per_month, ==, 300000);
  g_assert_cmpint (p->total, ==, 600000);
  g_assert_cmpuint (p->months->len, ==, 2);
  g_assert_cmpint (g_array_index (p->months, SalurMonth, 0), ==, salur_month_from_ymd (2026, 1));
  g_assert_cmpint (g_array_index (p->months, SalurMonth, 1), ==, salur_month_from_ymd (2026, 2));
  g_assert_cmpstr (p->kpm_id, ==, kpm_id (fx, 0));
  g_assert_cmpstr (p->kpm_name, ==, kpm_at (fx, 0)->name);
  g_assert_cmpstr (p->kpm_nik, ==, kpm_at (fx, 0)->nik);
  g_assert_cmpstr (p->desk, ==, "Krajan");
  g_assert_cmpstr (p->operator_name, ==, "joko");
  g_assert_cmpint (p->place, ==, SALUR_PLACE_HALL);
  g_assert_cmpint (p->proof, ==, SALUR_PROOF_THUMBPRINT);
  g_assert_cmpstr (p->proxy_name, ==, "");
  g_assert_false (p->voided);
  g_assert_cmpuint (strlen (p->hash_hex), ==, 64);
  g_assert_true (g_str_has_suffix (p->at, "Z"));
  g_assert_cmpint (p->seq, ==, before + 1);

  /* the status of both months shows it */
  row = state_of (fx, kpm_id (fx, 0), "2026-01", &rows);
  g_assert_cmpint (row->state, ==, SALUR_STATE_PAID);
  g_assert_cmpstr (row->receipt, ==, p->receipt);
  g_assert_cmpstr (row->operator_name, ==, "joko");
  g_assert_cmpstr (row->desk, ==, "Krajan");
  g_assert_cmpstr (row->at, ==, p->at);
  g_assert_cmpuint (row->n_payments, ==, 1);
  row = state_of (fx, kpm_id (fx, 0), "2026-02", &rows);
  g_assert_cmpint (row->state, ==, SALUR_STATE_PAID);
  g_assert_cmpstr (row->receipt, ==, p->receipt);
  /* not the month after, nor another KPM */
  assert_state (fx, kpm_id (fx, 0), "2026-03", SALUR_STATE_UNPAID);
  assert_state (fx, kpm_id (fx, 1), "2026-01", SALUR_STATE_UNPAID);

  /* found again by its receipt, and among the KPM's payments */
  again = salur_ledger_get_payment (fx->store, p->receipt, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->receipt, ==, p->receipt);
  g_assert_cmpint (again->total, ==, 600000);
  g_assert_cmpstr (again->hash_hex, ==, p->hash_hex);
  of = salur_ledger_payments_of (fx->store, kpm_id (fx, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of->len, ==, 1);

  /* a second payment gets a different receipt */
  {
    g_autoptr(SalurPayment) q = pay_simple (fx, signed_in (fx, "wati"), 1, "2026-01", "Ngasem");
    g_assert_true (g_regex_match_simple (RECEIPT_PATTERN, q->receipt, 0, 0));
    g_assert_cmpstr (q->receipt, !=, p->receipt);
    g_assert_true (g_str_has_prefix (q->receipt, "NGS-"));
    g_assert_cmpint (q->total, ==, 300000);
  }
  verify_ok (fx, NULL);
}

static void
test_pay_already_paid (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurPayment) first = pay_simple (fx, signed_in (fx, "joko"), 2, "2026-01,2026-02,2026-03", "Krajan");
  g_autofree char *before = snapshot (fx);
  const char *const tries[] = {
    "2026-01", "2026-02", "2026-03", "2026-03,2026-04", "2025-12,2026-01", "2026-02,2026-04,2026-05",
  };

  g_assert_cmpint (first->total, ==, 900000);
  for (gsize i = 0; i < G_N_ELEMENTS (tries); i++)
    {
      g_autoptr(GArray) list = months (tries[i]);
      SalurPaymentRequest req = request (kpm_id (fx, 2), list, "Ngasem");
      g_autoptr(GError) error = NULL;
      g_autoptr(SalurPayment) p = NULL;

      g_test_message ("paying %s again", tries[i]);
      /* another operator at another desk: the message tells about the first */
      p = salur_ledger_pay (fx->store, signed_in (fx, "wati"), &req, &error);
      if (g_str_equal (tries[i], "2025-12,2026-01"))
        {
          /* 2025-12 is before the list: either refusal is right */
          g_autofree char *after = snapshot (fx);
          g_assert_null (p);
          g_assert_true (g_error_matches (error, SALUR_ERROR, SALUR_ERROR_NOT_ON_LIST)
                         || g_error_matches (error, SALUR_ERROR, SALUR_ERROR_ALREADY_PAID));
          g_assert_cmpstr (after, ==, before);
          continue;
        }
      assert_refused (fx, before, p != NULL, error, SALUR_ERROR_ALREADY_PAID);
      assert_contains (error->message, first->receipt);
      assert_contains (error->message, "Krajan");
      assert_contains (error->message, "joko");
      assert_contains (error->message, kpm_at (fx, 2)->name);
      assert_lacks (error->message, "wati");
    }
  /* by the same operator too */
  {
    g_autoptr(GArray) list = months ("2026-02");
    SalurPaymentRequest req = request (kpm_id (fx, 2), list, "Krajan");
    g_autoptr(GError) error = NULL;
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_ALREADY_PAID);
  }
  /* a month not yet paid is still payable */
  {
    g_autoptr(SalurPayment) next = pay_simple (fx, signed_in (fx, "wati"), 2, "2026-04", "Ngasem");
    g_assert_cmpint (next->total, ==, 300000);
  }
  verify_ok (fx, NULL);
}

static void
test_pay_too_many_months (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  {
    g_autoptr(SalurPayment) p = pay_simple (fx, signed_in (fx, "joko"), 3, "2026-01,2026-02,2026-03", "Krajan");
    g_assert_cmpuint (p->months->len, ==, 3);
    g_assert_cmpint (p->total, ==, 900000);
  }
  before = snapshot (fx);
  {
    g_autoptr(GArray) list = months ("2026-04,2026-05,2026-06,2026-07");
    SalurPaymentRequest req = request (kpm_id (fx, 3), list, "Krajan");
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_TOO_MANY_MONTHS);
    assert_contains (error->message, "3");
    g_clear_error (&error);
  }
  /* on a KPM with nothing paid yet, too */
  {
    g_autoptr(GArray) list = months ("2026-01,2026-02,2026-03,2026-04");
    SalurPaymentRequest req = request (kpm_id (fx, 4), list, "Krajan");
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_TOO_MANY_MONTHS);
    g_clear_error (&error);
  }

  /* the village pays one month at a time from now on */
  g_assert_true (salur_store_set_village (fx->store, "max-months", "1", &error));
  g_assert_no_error (error);
  before = (g_free (before), snapshot (fx));
  {
    g_autoptr(GArray) list = months ("2026-04,2026-05");
    SalurPaymentRequest req = request (kpm_id (fx, 3), list, "Krajan");
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_TOO_MANY_MONTHS);
    g_clear_error (&error);
  }
  {
    g_autoptr(SalurPayment) p = pay_simple (fx, signed_in (fx, "joko"), 3, "2026-04", "Krajan");
    g_assert_cmpint (p->total, ==, 300000);
  }
}

static void
test_pay_not_on_list (Fixture *fx, gconstpointer data)
{
  g_autofree char *before = snapshot (fx);
  g_autoptr(GError) error = NULL;
  const char *const tries[] = { "2025-12", "2025-11,2025-12", "2025-12,2026-01" };

  /* the demo list holds every KPM from January 2026 */
  g_assert_cmpint (kpm_at (fx, 5)->from_month, ==, salur_month_from_ymd (2026, 1));
  for (gsize i = 0; i < G_N_ELEMENTS (tries); i++)
    {
      g_autoptr(GArray) list = months (tries[i]);
      SalurPaymentRequest req = request (kpm_id (fx, 5), list, "Krajan");
      g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);

      g_test_message ("paying %s", tries[i]);
      assert_refused (fx, before, p != NULL, error, SALUR_ERROR_NOT_ON_LIST);
      assert_contains (error->message, kpm_at (fx, 5)->name);
      g_clear_error (&error);
    }
  assert_state (fx, kpm_id (fx, 5), "2025-12", SALUR_STATE_NOT_LISTED);
  {
    g_autoptr(SalurPayment) p = pay_simple (fx, signed_in (fx, "joko"), 5, "2026-01", "Krajan");
  }
}

static void
test_pay_closed (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  g_assert_true (salur_ledger_close_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 6), salur_month_from_ymd (2026, 12),
                                         SALUR_REASON_DIED, "meninggal 2 Desember", "SK 12/2026", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SalurPayment) p = pay_simple (fx, signed_in (fx, "joko"), 6, "2026-11", "Krajan");
    g_assert_cmpint (p->total, ==, 300000);
  }
  before = snapshot (fx);
  {
    const char *const tries[] = { "2026-12", "2027-01", "2026-12,2027-01" };
    for (gsize i = 0; i < G_N_ELEMENTS (tries); i++)
      {
        g_autoptr(GArray) list = months (tries[i]);
        SalurPaymentRequest req = request (kpm_id (fx, 6), list, "Krajan");
        g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);

        g_test_message ("paying %s", tries[i]);
        assert_refused (fx, before, p != NULL, error, SALUR_ERROR_CLOSED);
        assert_contains (error->message, kpm_at (fx, 6)->name);
        g_clear_error (&error);
      }
  }
  {
    g_autoptr(GPtrArray) rows = NULL;
    SalurStatusRow *r = state_of (fx, kpm_id (fx, 6), "2026-12", &rows);
    g_assert_cmpint (r->state, ==, SALUR_STATE_CLOSED);
    assert_contains (r->note, "SK 12/2026");
  }
  assert_state (fx, kpm_id (fx, 6), "2026-11", SALUR_STATE_PAID);
  assert_state (fx, kpm_id (fx, 6), "2026-10", SALUR_STATE_UNPAID);
  verify_ok (fx, NULL);
}

static void
test_pay_forbidden (Fixture *fx, gconstpointer data)
{
  g_autofree char *before = snapshot (fx);
  g_autoptr(GArray) list = months ("2026-01");
  SalurPaymentRequest req = request (kpm_id (fx, 7), list, "Krajan");
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurPayment) p = NULL;

  p = salur_ledger_pay (fx->store, signed_in (fx, "rina"), &req, &error);
  assert_refused (fx, before, p != NULL, error, SALUR_ERROR_FORBIDDEN);
  assert_contains (error->message, "rina");
  g_clear_error (&error);

  /* nobody signed in */
  p = salur_ledger_pay (fx->store, NULL, &req, &error);
  assert_refused (fx, before, p != NULL, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* every other role pays */
  {
    g_autoptr(SalurPayment) a = pay_simple (fx, signed_in (fx, "sri"), 7, "2026-01", "Krajan");
    g_autoptr(SalurPayment) b = pay_simple (fx, signed_in (fx, "budi"), 8, "2026-01", "Krajan");
    g_autoptr(SalurPayment) c = pay_simple (fx, signed_in (fx, "wati"), 9, "2026-01", "Ngasem");
    g_assert_cmpstr (a->operator_name, ==, "sri");
    g_assert_cmpstr (b->operator_name, ==, "budi");
    g_assert_cmpstr (c->operator_name, ==, "wati");
  }
}

static void
test_pay_proxy (Fixture *fx, gconstpointer data)
{
  g_autofree char *before = snapshot (fx);
  g_autoptr(GArray) list = months ("2026-01");
  SalurPaymentRequest req = request (kpm_id (fx, 10), list, "Krajan");
  const char *const bad_niks[] = {
    "3,52E+15", "3.52E+15", "990101450780090", "99010145078009011", "99010145078X0901", "", NULL,
  };
  g_autoptr(GError) error = NULL;

  req.proxy_name = "Rudi Hartono";
  req.proxy_relation = "anak";
  req.surat_kuasa_seen = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (bad_niks); i++)
    {
      g_autoptr(SalurPayment) p = NULL;

      req.proxy_nik = bad_niks[i];
      g_test_message ("proxy NIK %s", bad_niks[i] != NULL ? bad_niks[i] : "(none)");
      p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
      assert_refused (fx, before, p != NULL, error, SALUR_ERROR_INVALID);
      g_clear_error (&error);
    }

  /* a right NIK, but no relation */
  req.proxy_nik = PROXY_NIK;
  req.proxy_relation = NULL;
  {
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_INVALID);
    g_clear_error (&error);
  }
  req.proxy_relation = "";
  {
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* all of it: recorded as said, the NIK cleaned */
  req.proxy_nik = "9901 0162 1190 0903";
  req.proxy_relation = "anak";
  {
    g_autoptr(SalurPayment) p = pay_ok (fx, signed_in (fx, "joko"), &req);
    g_autoptr(GPtrArray) rows = NULL;
    SalurStatusRow *r;

    g_assert_cmpstr (p->proxy_name, ==, "Rudi Hartono");
    g_assert_cmpstr (p->proxy_nik, ==, PROXY_NIK);
    g_assert_cmpstr (p->proxy_relation, ==, "anak");
    g_assert_true (p->surat_kuasa_seen);
    r = state_of (fx, kpm_id (fx, 10), "2026-01", &rows);
    g_assert_cmpint (r->state, ==, SALUR_STATE_PAID);
    assert_contains (r->note, "Rudi Hartono");
    assert_contains (r->note, "anak");
  }
  /* no proxy name: the KPM came in person, whatever else was filled */
  {
    g_autoptr(GArray) feb = months ("2026-02");
    SalurPaymentRequest in_person = request (kpm_id (fx, 10), feb, "Krajan");
    g_autoptr(SalurPayment) p = NULL;

    in_person.proxy_name = "";
    in_person.proxy_nik = "3,52E+15";
    p = pay_ok (fx, signed_in (fx, "joko"), &in_person);
    g_assert_cmpstr (p->proxy_name, ==, "");
    g_assert_cmpstr (p->proxy_nik, ==, "");
  }
  verify_ok (fx, NULL);
}

static void
test_pay_home (Fixture *fx, gconstpointer data)
{
  g_autofree char *before = snapshot (fx);
  g_autoptr(GArray) list = months ("2026-01,2026-02");
  SalurPaymentRequest req = request (kpm_id (fx, 11), list, "Krajan");
  g_autoptr(GError) error = NULL;

  req.place = SALUR_PLACE_HOME;
  req.witness = NULL;
  {
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "budi"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_INVALID);
    g_clear_error (&error);
  }
  req.witness = "";
  {
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "budi"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_INVALID);
    g_clear_error (&error);
  }
  req.witness = "Pak Slamet (pendamping desa)";
  {
    g_autoptr(SalurPayment) p = pay_ok (fx, signed_in (fx, "budi"), &req);
    g_autoptr(GPtrArray) rows = NULL;
    SalurStatusRow *r;

    g_assert_cmpint (p->place, ==, SALUR_PLACE_HOME);
    g_assert_cmpstr (p->witness, ==, "Pak Slamet (pendamping desa)");
    g_assert_cmpint (p->total, ==, 600000);
    r = state_of (fx, kpm_id (fx, 11), "2026-02", &rows);
    g_assert_cmpint (r->state, ==, SALUR_STATE_PAID);
    g_assert_cmpstr (r->note, !=, "");
  }
  /* a witness at the hall is not recorded */
  {
    g_autoptr(GArray) mar = months ("2026-03");
    SalurPaymentRequest hall = request (kpm_id (fx, 11), mar, "Krajan");
    g_autoptr(SalurPayment) p = NULL;

    hall.witness = "Pak Slamet";
    p = pay_ok (fx, signed_in (fx, "joko"), &hall);
    g_assert_cmpint (p->place, ==, SALUR_PLACE_HALL);
    g_assert_cmpstr (p->witness, ==, "");
  }
}

static void
test_pay_proof (Fixture *fx, gconstpointer data)
{
  g_autofree char *before = snapshot (fx);
  g_autoptr(GArray) list = months ("2026-01");
  SalurPaymentRequest req = request (kpm_id (fx, 12), list, "Krajan");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;

  req.proof = SALUR_PROOF_NONE;
  req.proof_note = NULL;
  {
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_INVALID);
    g_clear_error (&error);
  }
  req.proof_note = "";
  {
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_INVALID);
    g_clear_error (&error);
  }
  req.proof = SALUR_PROOF_SIGNATURE;
  req.proof_note = NULL;
  req.signature = empty;
  {
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_INVALID);
    g_clear_error (&error);
  }
  req.signature = NULL;
  {
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_INVALID);
    g_clear_error (&error);
  }

  req.proof = SALUR_PROOF_NONE;
  req.proof_note = "tangan sakit";
  {
    g_autoptr(SalurPayment) p = pay_ok (fx, signed_in (fx, "joko"), &req);
    g_assert_cmpint (p->proof, ==, SALUR_PROOF_NONE);
    g_assert_cmpstr (p->proof_note, ==, "tangan sakit");
    g_assert_null (p->signature);
  }
}

static void
test_pay_signature (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) sig = sample_signature ();
  g_autoptr(GArray) list = months ("2026-01,2026-02,2026-03");
  SalurPaymentRequest req = request (kpm_id (fx, 13), list, "Sidomulyo");
  g_autoptr(SalurPayment) p = NULL;
  g_autoptr(SalurPayment) again = NULL;
  g_autoptr(SalurSignature) decoded = NULL;
  g_autoptr(GError) error = NULL;

  req.proof = SALUR_PROOF_SIGNATURE;
  req.signature = sig;
  p = pay_ok (fx, signed_in (fx, "wati"), &req);
  g_assert_cmpint (p->proof, ==, SALUR_PROOF_SIGNATURE);
  g_assert_nonnull (p->signature);
  g_assert_true (g_bytes_equal (p->signature, sig));

  /* read back later, from the record */
  again = salur_ledger_get_payment (fx->store, p->receipt, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again->signature);
  g_assert_true (g_bytes_equal (again->signature, sig));
  decoded = salur_signature_decode (again->signature, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (salur_signature_n_strokes (decoded), ==, 2);
  g_assert_cmpuint (salur_signature_get_width (decoded), ==, 600);
  verify_ok (fx, NULL);
}

static void
test_pay_usage (Fixture *fx, gconstpointer data)
{
  g_autofree char *before = snapshot (fx);
  g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  g_autoptr(GArray) list = months ("2026-01");
  g_autoptr(GError) error = NULL;

  {
    SalurPaymentRequest req = request (kpm_id (fx, 14), list, NULL);
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_USAGE);
    g_clear_error (&error);
  }
  {
    SalurPaymentRequest req = request (kpm_id (fx, 14), list, "");
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_USAGE);
    g_clear_error (&error);
  }
  {
    SalurPaymentRequest req = request (kpm_id (fx, 14), none, "Krajan");
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_USAGE);
    g_clear_error (&error);
  }
  {
    SalurPaymentRequest req = request ("0000000000000000", list, "Krajan");
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
}

static void
test_pay_amount_in_force (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurPayment) first = pay_simple (fx, signed_in (fx, "joko"), 15, "2026-01,2026-02", "Krajan");
  g_autoptr(SalurPayment) second = NULL;
  g_autoptr(SalurPayment) first_again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (first->amount_per_month, ==, 300000);
  g_assert_cmpint (first->total, ==, 600000);

  g_assert_true (salur_store_set_village (fx->store, "amount", "250000", &error));
  g_assert_no_error (error);

  second = pay_simple (fx, signed_in (fx, "joko"), 16, "2026-01,2026-02,2026-03", "Krajan");
  g_assert_cmpint (second->amount_per_month, ==, 250000);
  g_assert_cmpint (second->total, ==, 750000);

  first_again = salur_ledger_get_payment (fx->store, first->receipt, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first_again->amount_per_month, ==, 300000);
  g_assert_cmpint (first_again->total, ==, 600000);
  verify_ok (fx, NULL);
}

/* void */

static void
test_void (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurPayment) p = pay_simple (fx, signed_in (fx, "joko"), 17, "2026-01,2026-02", "Krajan");
  g_autofree char *before = snapshot (fx);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* only the bendahara */
  ok = salur_ledger_void (fx->store, signed_in (fx, "joko"), p->receipt, "salah orang", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_void (fx->store, signed_in (fx, "budi"), p->receipt, "salah orang", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_void (fx->store, signed_in (fx, "rina"), p->receipt, "salah orang", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  /* with a reason */
  ok = salur_ledger_void (fx->store, signed_in (fx, "sri"), p->receipt, "", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  ok = salur_ledger_void (fx->store, signed_in (fx, "sri"), p->receipt, NULL, &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  /* an unknown receipt */
  ok = salur_ledger_void (fx->store, signed_in (fx, "sri"), "KRJ-XXX-0000-9999", "salah orang", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_state (fx, kpm_id (fx, 17), "2026-01", SALUR_STATE_PAID);

  g_assert_true (salur_ledger_void (fx->store, signed_in (fx, "sri"), p->receipt, "salah orang", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SalurPayment) v = salur_ledger_get_payment (fx->store, p->receipt, &error);
    g_assert_no_error (error);
    g_assert_true (v->voided);
    g_assert_cmpstr (v->void_reason, ==, "salah orang");
    g_assert_cmpint (v->total, ==, 600000);
  }
  /* its months are unpaid, and payable again */
  assert_state (fx, kpm_id (fx, 17), "2026-01", SALUR_STATE_UNPAID);
  assert_state (fx, kpm_id (fx, 17), "2026-02", SALUR_STATE_UNPAID);
  {
    g_autoptr(SalurPayment) again = pay_simple (fx, signed_in (fx, "wati"), 17, "2026-01,2026-02", "Ngasem");
    g_autoptr(GPtrArray) rows = NULL;
    SalurStatusRow *r = state_of (fx, kpm_id (fx, 17), "2026-02", &rows);

    g_assert_cmpstr (again->receipt, !=, p->receipt);
    g_assert_cmpint (r->state, ==, SALUR_STATE_PAID);
    g_assert_cmpstr (r->receipt, ==, again->receipt);
    g_assert_cmpuint (r->n_payments, ==, 1);
  }

  /* voided once only */
  before = (g_free (before), snapshot (fx));
  ok = salur_ledger_void (fx->store, signed_in (fx, "sri"), p->receipt, "lagi", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_EXISTS);
  assert_contains (error->message, "salah orang");
  g_clear_error (&error);
  verify_ok (fx, NULL);
}

static void
test_void_receipt_case (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurPayment) p = pay_simple (fx, signed_in (fx, "joko"), 18, "2026-01", "Krajan");
  g_autofree char *lower = g_ascii_strdown (p->receipt, -1);
  g_autofree char *spaced = g_strdup_printf ("  %s \n", lower);
  g_autoptr(SalurPayment) found = NULL;
  g_autoptr(GError) error = NULL;

  /* what a person types, or a scanner sends */
  g_assert_cmpstr (lower, !=, p->receipt);
  found = salur_ledger_get_payment (fx->store, lower, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->receipt, ==, p->receipt);
  g_clear_pointer (&found, salur_payment_free);
  found = salur_ledger_get_payment (fx->store, spaced, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->receipt, ==, p->receipt);

  g_assert_true (salur_ledger_void (fx->store, signed_in (fx, "sri"), lower, "dobel", &error));
  g_assert_no_error (error);
  g_clear_pointer (&found, salur_payment_free);
  found = salur_ledger_get_payment (fx->store, p->receipt, &error);
  g_assert_no_error (error);
  g_assert_true (found->voided);
  assert_state (fx, kpm_id (fx, 18), "2026-01", SALUR_STATE_UNPAID);
  verify_ok (fx, NULL);
}

/* absent */

static void
test_absent (Fixture *fx, gconstpointer data)
{
  g_autoptr(GArray) jan = months ("2026-01");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (fx);
  gint64 n;
  gboolean ok;

  /* refused: an auditor, no reason, no months, an unknown KPM */
  ok = salur_ledger_absent (fx->store, signed_in (fx, "rina"), kpm_id (fx, 19), jan, "Krajan", "sakit", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_absent (fx->store, signed_in (fx, "joko"), kpm_id (fx, 19), jan, "Krajan", "", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  ok = salur_ledger_absent (fx->store, signed_in (fx, "joko"), kpm_id (fx, 19), NULL, "Krajan", "sakit", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_USAGE);
  g_clear_error (&error);
  ok = salur_ledger_absent (fx->store, signed_in (fx, "joko"), "0000000000000000", jan, "Krajan", "sakit", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  n = count_events (fx);
  g_assert_true (salur_ledger_absent (fx->store, signed_in (fx, "joko"), kpm_id (fx, 19), jan, "Krajan", "sakit", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_events (fx), ==, n + 1);
  {
    g_autoptr(GPtrArray) rows = NULL;
    SalurStatusRow *r = state_of (fx, kpm_id (fx, 19), "2026-01", &rows);
    g_assert_cmpint (r->state, ==, SALUR_STATE_ABSENT);
    g_assert_cmpstr (r->note, ==, "sakit");
    g_assert_cmpstr (r->operator_name, ==, "joko");
    g_assert_cmpstr (r->desk, ==, "Krajan");
    g_assert_cmpstr (r->receipt, ==, "");
    g_assert_cmpstr (r->at, !=, "");
  }
  assert_state (fx, kpm_id (fx, 19), "2026-02", SALUR_STATE_UNPAID);

  /* the KPM comes later: paid, the absence stays in the history */
  {
    g_autoptr(SalurPayment) p = pay_simple (fx, signed_in (fx, "wati"), 19, "2026-01", "Ngasem");
    g_autoptr(GPtrArray) rows = NULL;
    g_autoptr(GPtrArray) history = NULL;
    SalurStatusRow *r = state_of (fx, kpm_id (fx, 19), "2026-01", &rows);
    gboolean seen_absence = FALSE;

    g_assert_cmpint (r->state, ==, SALUR_STATE_PAID);
    g_assert_cmpstr (r->receipt, ==, p->receipt);
    history = salur_ledger_history (fx->store, kpm_id (fx, 19), &error);
    g_assert_no_error (error);
    for (guint i = 0; i < history->len; i++)
      {
        SalurHistoryEntry *h = g_ptr_array_index (history, i);
        if (g_str_equal (h->kind, "absence"))
          {
            seen_absence = TRUE;
            assert_contains (h->summary, "sakit");
          }
      }
    g_assert_true (seen_absence);

    /* absent for a month already paid */
    before = (g_free (before), snapshot (fx));
    ok = salur_ledger_absent (fx->store, signed_in (fx, "joko"), kpm_id (fx, 19), jan, "Krajan", "tidak datang", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_ALREADY_PAID);
    assert_contains (error->message, p->receipt);
    g_clear_error (&error);
  }
  {
    g_autoptr(GArray) jan_feb = months ("2026-01,2026-02");
    ok = salur_ledger_absent (fx->store, signed_in (fx, "joko"), kpm_id (fx, 19), jan_feb, "Krajan", "tidak datang", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_ALREADY_PAID);
    g_clear_error (&error);
  }
  /* nothing was due: before the KPM was on the list, or after it was closed */
  {
    g_autoptr(GArray) dec = months ("2025-12");
    g_autoptr(GArray) apr = months ("2026-04");

    ok = salur_ledger_absent (fx->store, signed_in (fx, "joko"), kpm_id (fx, 20), dec, "Krajan", "sakit", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_NOT_ON_LIST);
    g_clear_error (&error);
    g_assert_true (salur_ledger_close_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 20),
                                           salur_month_from_ymd (2026, 3), SALUR_REASON_MOVED, "pindah", "SK 1", &error));
    g_assert_no_error (error);
    before = (g_free (before), snapshot (fx));
    ok = salur_ledger_absent (fx->store, signed_in (fx, "joko"), kpm_id (fx, 20), apr, "Krajan", "sakit", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_CLOSED);
    g_clear_error (&error);
  }
  verify_ok (fx, NULL);
}

/* list changes */

static void
test_change_close (Fixture *fx, gconstpointer data)
{
  g_autofree char *before = snapshot (fx);
  g_autoptr(GError) error = NULL;
  SalurMonth jun = salur_month_from_ymd (2026, 6);
  gboolean ok;

  /* the SK is needed */
  ok = salur_ledger_close_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 20), jun, SALUR_REASON_MOVED, "", NULL, &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  ok = salur_ledger_close_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 20), jun, SALUR_REASON_MOVED, "", "", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  /* "other" needs a note */
  ok = salur_ledger_close_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 20), jun, SALUR_REASON_OTHER, "", "SK 7/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  /* only the bendahara */
  ok = salur_ledger_close_kpm (fx->store, signed_in (fx, "joko"), kpm_id (fx, 20), jun, SALUR_REASON_MOVED, "", "SK 7/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  /* an unknown KPM */
  ok = salur_ledger_close_kpm (fx->store, signed_in (fx, "sri"), "0000000000000000", jun, SALUR_REASON_MOVED, "", "SK 7/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (salur_ledger_close_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 20), jun, SALUR_REASON_MOVED, "ke Surabaya",
                                         "SK 7/2026", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SalurKpm) k = salur_store_get_kpm (fx->store, kpm_id (fx, 20), &error);
    g_assert_no_error (error);
    g_assert_cmpint (k->closed_from, ==, jun);
  }
  assert_state (fx, kpm_id (fx, 20), "2026-05", SALUR_STATE_UNPAID);
  assert_state (fx, kpm_id (fx, 20), "2026-06", SALUR_STATE_CLOSED);
  assert_state (fx, kpm_id (fx, 20), "2026-12", SALUR_STATE_CLOSED);

  /* closed twice */
  before = (g_free (before), snapshot (fx));
  ok = salur_ledger_close_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 20), salur_month_from_ymd (2026, 8),
                               SALUR_REASON_DIED, "", "SK 8/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_CLOSED);
  g_clear_error (&error);

  /* closing from a month already paid */
  {
    g_autoptr(SalurPayment) p = pay_simple (fx, signed_in (fx, "joko"), 21, "2026-03,2026-04", "Krajan");

    before = (g_free (before), snapshot (fx));
    ok = salur_ledger_close_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 21), salur_month_from_ymd (2026, 4),
                                 SALUR_REASON_DIED, "", "SK 9/2026", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_ALREADY_PAID);
    assert_contains (error->message, p->receipt);
    g_clear_error (&error);
    ok = salur_ledger_close_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 21), salur_month_from_ymd (2026, 1),
                                 SALUR_REASON_DIED, "", "SK 9/2026", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_ALREADY_PAID);
    g_clear_error (&error);
    /* a voided payment does not hold the closing back */
    {
      g_autoptr(SalurPayment) v = pay_simple (fx, signed_in (fx, "joko"), 22, "2026-03", "Krajan");
      g_assert_true (salur_ledger_void (fx->store, signed_in (fx, "sri"), v->receipt, "salah orang", &error));
      g_assert_no_error (error);
      g_assert_true (salur_ledger_close_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 22),
                                             salur_month_from_ymd (2026, 3), SALUR_REASON_MOVED, "", "SK 9/2026", &error));
      g_assert_no_error (error);
      assert_state (fx, kpm_id (fx, 22), "2026-03", SALUR_STATE_CLOSED);
    }
    /* from the month after the last paid one */
    g_assert_true (salur_ledger_close_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 21), salur_month_from_ymd (2026, 5),
                                           SALUR_REASON_DIED, "", "SK 9/2026", &error));
    g_assert_no_error (error);
    assert_state (fx, kpm_id (fx, 21), "2026-04", SALUR_STATE_PAID);
    assert_state (fx, kpm_id (fx, 21), "2026-05", SALUR_STATE_CLOSED);
  }
  verify_ok (fx, NULL);
}

static void
test_change_add (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurKpm) k = new_kpm (NEW_NIK, "SITI AMINAH", "krajan", "2026-06");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  gboolean ok;

  /* the NIK is free in the demo village */
  {
    g_autoptr(SalurKpm) none = salur_store_get_kpm_by_nik (fx->store, NEW_NIK, NULL);
    g_assert_null (none);
  }
  before = snapshot (fx);
  ok = salur_ledger_add_kpm (fx->store, signed_in (fx, "joko"), k, "SK 10/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_add_kpm (fx->store, signed_in (fx, "rina"), k, "SK 10/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_add_kpm (fx->store, signed_in (fx, "sri"), k, "", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  /* an existing NIK */
  {
    g_autoptr(SalurKpm) dup = new_kpm (kpm_at (fx, 22)->nik, "ORANG LAIN", "Krajan", "2026-06");
    ok = salur_ledger_add_kpm (fx->store, signed_in (fx, "sri"), dup, "SK 10/2026", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_EXISTS);
    assert_contains (error->message, kpm_at (fx, 22)->name);
    g_clear_error (&error);
  }
  /* an unknown dusun */
  {
    g_autoptr(SalurKpm) lost = new_kpm (NEW_NIK_2, "ORANG LAIN", "Atlantis", "2026-06");
    ok = salur_ledger_add_kpm (fx->store, signed_in (fx, "sri"), lost, "SK 10/2026", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  /* a bad NIK */
  {
    g_autoptr(SalurKpm) bad = new_kpm ("3,52E+15", "ORANG LAIN", "Krajan", "2026-06");
    ok = salur_ledger_add_kpm (fx->store, signed_in (fx, "sri"), bad, "SK 10/2026", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
    g_clear_error (&error);
  }

  g_assert_true (salur_ledger_add_kpm (fx->store, signed_in (fx, "sri"), k, "SK 10/2026", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (k->id), ==, 16);
  {
    g_autoptr(SalurKpm) got = salur_store_get_kpm_by_nik (fx->store, NEW_NIK, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (got->id, ==, k->id);
    g_assert_cmpstr (got->name, ==, "SITI AMINAH");
    g_assert_cmpstr (got->dusun, ==, "Krajan");
    g_assert_cmpint (got->sex, ==, SALUR_SEX_FEMALE);
    g_assert_cmpint (got->from_month, ==, salur_month_from_ymd (2026, 6));
    g_assert_cmpint (salur_store_count_kpm (fx->store), ==, N_KPM + 1);
  }
  /* added twice */
  before = (g_free (before), snapshot (fx));
  {
    g_autoptr(SalurKpm) again = new_kpm (NEW_NIK, "SITI AMINAH", "Krajan", "2026-06");
    ok = salur_ledger_add_kpm (fx->store, signed_in (fx, "sri"), again, "SK 10/2026", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_EXISTS);
    g_clear_error (&error);
  }
  /* payable from its first month, not before */
  {
    g_autoptr(GArray) may = months ("2026-05,2026-06");
    SalurPaymentRequest req = request (k->id, may, "Krajan");
    g_autoptr(SalurPayment) p = salur_ledger_pay (fx->store, signed_in (fx, "joko"), &req, &error);
    assert_refused (fx, before, p != NULL, error, SALUR_ERROR_NOT_ON_LIST);
    g_clear_error (&error);
  }
  assert_state (fx, k->id, "2026-05", SALUR_STATE_NOT_LISTED);
  {
    g_autoptr(GArray) jun = months ("2026-06,2026-07");
    SalurPaymentRequest req = request (k->id, jun, "Krajan");
    g_autoptr(SalurPayment) p = pay_ok (fx, signed_in (fx, "joko"), &req);
    g_assert_cmpstr (p->kpm_name, ==, "SITI AMINAH");
    g_assert_cmpint (p->total, ==, 600000);
  }
  assert_state (fx, k->id, "2026-06", SALUR_STATE_PAID);
  {
    g_autoptr(GPtrArray) history = salur_ledger_history (fx->store, k->id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (history->len, ==, 2);
    g_assert_cmpstr (((SalurHistoryEntry *) g_ptr_array_index (history, 0))->kind, ==, "add");
    assert_contains (((SalurHistoryEntry *) g_ptr_array_index (history, 0))->summary, "SK 10/2026");
    g_assert_cmpstr (((SalurHistoryEntry *) g_ptr_array_index (history, 1))->kind, ==, "payment");
  }
  {
    SalurVerifyReport report;
    verify_ok (fx, &report);
    g_assert_cmpuint (report.kpm_sealed, ==, N_KPM + 1);
    g_assert_cmpuint (report.kpm_unsealed, ==, 0);
  }
}

static void
test_change_correct_name (Fixture *fx, gconstpointer data)
{
  const char *id = kpm_id (fx, 23);
  g_autofree char *old = g_strdup (kpm_at (fx, 23)->name);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  SalurHistoryEntry *last;

  g_assert_true (salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), id, "name", "  SUTINAH BINTI KARSO ",
                                           "salah ketik", "SK 11/2026", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SalurKpm) k = salur_store_get_kpm (fx->store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (k->name, ==, "SUTINAH BINTI KARSO");
    g_assert_cmpstr (k->nik, ==, kpm_at (fx, 23)->nik);
  }
  history = salur_ledger_history (fx->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);   /* the import, the correction */
  g_assert_cmpstr (((SalurHistoryEntry *) g_ptr_array_index (history, 0))->kind, ==, "import");
  last = g_ptr_array_index (history, 1);
  g_assert_cmpstr (last->kind, ==, "correct");
  g_assert_cmpstr (last->operator_name, ==, "sri");
  assert_contains (last->summary, old);
  assert_contains (last->summary, "SUTINAH BINTI KARSO");
  assert_contains (last->summary, "salah ketik");

  /* payments carry the name as it is now */
  {
    g_autoptr(SalurPayment) p = pay_simple (fx, signed_in (fx, "joko"), 23, "2026-01", "Krajan");
    g_assert_cmpstr (p->kpm_name, ==, "SUTINAH BINTI KARSO");
  }
  /* the same value again changes nothing */
  {
    g_autofree char *before = snapshot (fx);
    gboolean ok = salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), id, "name", "SUTINAH BINTI KARSO", "lagi", "SK 11/2026",
                                            &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_EXISTS);
    g_clear_error (&error);
  }
  verify_ok (fx, NULL);
}

static void
test_change_correct_nik (Fixture *fx, gconstpointer data)
{
  const char *id = kpm_id (fx, 24);
  g_autofree char *old_nik = g_strdup (kpm_at (fx, 24)->nik);
  g_autoptr(GError) error = NULL;

  g_assert_true (salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), id, "nik", "9901-0145-0780-0901", "KTP baru", "SK 12/2026",
                                           &error));
  g_assert_no_error (error);
  {
    g_autoptr(SalurKpm) k = salur_store_get_kpm_by_nik (fx->store, NEW_NIK, &error);
    g_assert_no_error (error);
    g_assert_nonnull (k);
    g_assert_cmpstr (k->id, ==, id);
    g_assert_cmpstr (k->nik, ==, NEW_NIK);
    g_assert_cmpint (k->sex, ==, SALUR_SEX_FEMALE);
  }
  {
    g_autoptr(SalurKpm) k = salur_store_get_kpm_by_nik (fx->store, old_nik, &error);
    g_assert_null (k);
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    g_autoptr(SalurKpm) k = salur_store_get_kpm (fx->store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (k->nik, ==, NEW_NIK);
  }
  {
    g_autoptr(GPtrArray) history = salur_ledger_history (fx->store, id, &error);
    SalurHistoryEntry *last;
    g_assert_no_error (error);
    last = g_ptr_array_index (history, history->len - 1);
    g_assert_cmpstr (last->kind, ==, "correct");
    assert_contains (last->summary, old_nik);
    assert_contains (last->summary, NEW_NIK);
  }
  /* another KPM's NIK cannot be given */
  {
    g_autofree char *before = snapshot (fx);
    gboolean ok = salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 25), "nik", NEW_NIK, "salah", "SK 12/2026",
                                            &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_EXISTS);
    g_clear_error (&error);
  }
  /* payments follow the new NIK */
  {
    g_autoptr(SalurPayment) p = pay_simple (fx, signed_in (fx, "joko"), 24, "2026-01", "Krajan");
    g_assert_cmpstr (p->kpm_nik, ==, NEW_NIK);
  }
  verify_ok (fx, NULL);
}

/* The NIK a correction took away belongs to nobody on the list: the person
 * who really holds it can be added */
static void
test_change_add_freed_nik (Fixture *fx, gconstpointer data)
{
  g_autofree char *old_nik = g_strdup (kpm_at (fx, 24)->nik);
  g_autoptr(SalurKpm) k = new_kpm (old_nik, "PEMILIK NIK ASLI", "Krajan", "2026-06");
  g_autoptr(SalurKpm) got = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 24), "nik", NEW_NIK,
                                           "NIK milik orang lain", "SK 12/2026", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SalurKpm) none = salur_store_get_kpm_by_nik (fx->store, old_nik, NULL);
    g_assert_null (none);
  }
  /* failures here are reported, not fatal, so the tests after it still run */
  if (!salur_ledger_add_kpm (fx->store, signed_in (fx, "sri"), k, "SK 13/2026", &error))
    {
      g_test_fail_printf ("adding the holder of a NIK a correction freed was refused: %s (code %d)",
                          error->message, error->code);
      return;
    }
  /* found by that NIK: the new KPM, not the one corrected away from it */
  got = salur_store_get_kpm_by_nik (fx->store, old_nik, &error);
  if (got == NULL)
    {
      g_test_fail_printf ("the KPM added with a NIK a correction freed is not found by it: %s", error->message);
      return;
    }
  g_assert_cmpstr (got->id, ==, k->id);
  g_assert_cmpstr (got->name, ==, "PEMILIK NIK ASLI");
  {
    g_autoptr(SalurKpm) first = salur_store_get_kpm_by_nik (fx->store, NEW_NIK, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (first->id, ==, kpm_id (fx, 24));
  }
  /* the NIK is taken again */
  {
    g_autoptr(SalurKpm) again = new_kpm (old_nik, "ORANG LAIN", "Krajan", "2026-06");
    g_autofree char *before = snapshot (fx);
    gboolean ok = salur_ledger_add_kpm (fx->store, signed_in (fx, "sri"), again, "SK 14/2026", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_EXISTS);
    g_clear_error (&error);
  }
  {
    g_autoptr(GArray) jun = months ("2026-06");
    SalurPaymentRequest req = request (k->id, jun, "Krajan");
    g_autoptr(SalurPayment) p = pay_ok (fx, signed_in (fx, "joko"), &req);
    g_assert_cmpstr (p->kpm_nik, ==, old_nik);
    g_assert_cmpstr (p->kpm_name, ==, "PEMILIK NIK ASLI");
  }
  verify_ok (fx, NULL);
}

static void
test_change_correct_refused (Fixture *fx, gconstpointer data)
{
  const char *id = kpm_id (fx, 26);
  g_autofree char *before = snapshot (fx);
  g_autoptr(GError) error = NULL;
  const char *const *fields = salur_ledger_correctable_fields ();
  const char *const not_fields[] = { "id", "sex", "from_month", "closed_from", "NAME", "", "origin_device" };
  const char *const bad_niks[] = { "3,52E+15", "990101450780090", "9901014513800901", "9901014507800000", "abc" };
  gboolean ok;

  g_assert_nonnull (fields);
  g_assert_true (g_strv_contains (fields, "name"));
  g_assert_true (g_strv_contains (fields, "nik"));
  for (gsize i = 0; i < G_N_ELEMENTS (not_fields); i++)
    {
      g_assert_false (g_strv_contains (fields, not_fields[i]));
      ok = salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), id, not_fields[i], "X", "salah", "SK 1/2026", &error);
      assert_refused (fx, before, ok, error, SALUR_ERROR_USAGE);
      g_clear_error (&error);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad_niks); i++)
    {
      g_test_message ("correcting the NIK to %s", bad_niks[i]);
      ok = salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), id, "nik", bad_niks[i], "salah", "SK 1/2026", &error);
      assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
      g_clear_error (&error);
    }
  /* other values are checked as an import checks them */
  ok = salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), id, "rt", "abc", "salah", "SK 1/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  ok = salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), id, "birth_date", "31-02-1980", "salah", "SK 1/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  ok = salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), id, "dusun", "Atlantis", "salah", "SK 1/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  ok = salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), id, "name", "   ", "salah", "SK 1/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  /* a reason */
  ok = salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), id, "name", "NAMA BARU", "", "SK 1/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
  g_clear_error (&error);
  /* an unknown KPM */
  ok = salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), "0000000000000000", "name", "NAMA BARU", "salah", "SK 1/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* only the bendahara */
  ok = salur_ledger_correct_kpm (fx->store, signed_in (fx, "joko"), id, "name", "NAMA BARU", "salah", "SK 1/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_correct_kpm (fx->store, signed_in (fx, "budi"), id, "name", "NAMA BARU", "salah", "SK 1/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_correct_kpm (fx->store, signed_in (fx, "rina"), id, "name", "NAMA BARU", "salah", "SK 1/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_correct_kpm (fx->store, NULL, id, "name", "NAMA BARU", "salah", "SK 1/2026", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* every listed field can be corrected (with a value fit for it, and not
   * the one it has) */
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *f = fields[i];
      g_autoptr(SalurKpm) now = salur_store_get_kpm (fx->store, id, &error);
      gboolean rt_rw = g_str_equal (f, "rt") || g_str_equal (f, "rw");
      const char *current = g_str_equal (f, "rt") ? now->rt : g_str_equal (f, "rw") ? now->rw
                            : g_str_equal (f, "dusun") ? now->dusun : "";
      const char *value = g_str_equal (f, "nik") ? NEW_NIK_2
                          : g_str_equal (f, "kk") ? "9901010101260999"
                          : g_str_equal (f, "birth_date") ? "1950-07-01"
                          : rt_rw ? (g_str_equal (current, "004") ? "3" : "4")
                          : g_str_equal (f, "dusun") ? (g_str_equal (current, "Tegalsari") ? "ngasem" : "tegalsari")
                          : g_str_equal (f, "family_size") ? (now->family_size == 12 ? "13" : "12")
                          : "NILAI BARU";

      g_assert_no_error (error);
      g_test_message ("correcting %s to %s", f, value);
      salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), id, f, value, "pembetulan", "SK 2/2026", &error);
      g_assert_no_error (error);
    }
  {
    g_autoptr(SalurKpm) k = salur_store_get_kpm (fx->store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (k->nik, ==, NEW_NIK_2);
    g_assert_cmpstr (k->kk, ==, "9901010101260999");
    g_assert_cmpstr (k->birth_date, ==, "1950-07-01");
    g_assert_cmpuint (strlen (k->rt), ==, 3);
    g_assert_true (g_str_equal (k->rt, "003") || g_str_equal (k->rt, "004"));
    g_assert_true (g_str_equal (k->rw, "003") || g_str_equal (k->rw, "004"));
    g_assert_true (g_str_equal (k->dusun, "Ngasem") || g_str_equal (k->dusun, "Tegalsari"));
    g_assert_true (k->family_size == 12 || k->family_size == 13);
    g_assert_cmpstr (k->name, ==, "NILAI BARU");
    g_assert_cmpstr (k->address, ==, "NILAI BARU");
  }
  verify_ok (fx, NULL);
}

/* operators */

static void
test_operator_bad_pin (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) op = NULL;

  /* every demo operator signs in with the PIN the README gives, in the right role */
  for (guint i = 0; salur_demo_operators[i].name != NULL; i++)
    signed_in (fx, salur_demo_operators[i].name);
  g_assert_cmpuint (g_hash_table_size (fx->operators), ==, 5);
  g_assert_cmpint (signed_in (fx, "sri")->role, ==, SALUR_ROLE_BENDAHARA);
  g_assert_cmpint (signed_in (fx, "joko")->role, ==, SALUR_ROLE_KEPALA_DUSUN);
  g_assert_cmpint (signed_in (fx, "wati")->role, ==, SALUR_ROLE_KEPALA_DUSUN);
  g_assert_cmpint (signed_in (fx, "budi")->role, ==, SALUR_ROLE_PETUGAS);
  g_assert_cmpint (signed_in (fx, "rina")->role, ==, SALUR_ROLE_AUDITOR);

  op = salur_ledger_login (fx->store, "joko", "2223", &error);
  g_assert_null (op);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN);
  g_clear_error (&error);
  /* another operator's PIN */
  op = salur_ledger_login (fx->store, "joko", "1111", &error);
  g_assert_null (op);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN);
  g_clear_error (&error);
  op = salur_ledger_login (fx->store, "joko", NULL, &error);
  g_assert_null (op);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN);
  g_clear_error (&error);
  /* an unknown name: the same answer, so names cannot be guessed */
  op = salur_ledger_login (fx->store, "tono", "2222", &error);
  g_assert_null (op);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN);
  g_clear_error (&error);
  op = salur_ledger_login (fx->store, "", "2222", &error);
  g_assert_null (op);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN);
  g_clear_error (&error);
  /* the name as the record holds it, however it was typed */
  op = salur_ledger_login (fx->store, "WATI", "3333", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (op->name, ==, "wati");
  g_clear_pointer (&op, salur_operator_free);
  /* an auditor signs in: she reads */
  op = login (fx->store, "rina", "5555");
  g_assert_cmpint (op->role, ==, SALUR_ROLE_AUDITOR);
}

static void
test_operator_throttle (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) op = NULL;

  for (int i = 0; i < 3; i++)
    {
      op = salur_ledger_login (fx->store, "wati", "0000", &error);
      g_assert_null (op);
      g_assert_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN);
      g_clear_error (&error);
    }
  /* the right PIN now waits too */
  op = salur_ledger_login (fx->store, "wati", "3333", &error);
  g_assert_null (op);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_THROTTLED);
  assert_contains (error->message, "seconds");
  g_clear_error (&error);
  op = salur_ledger_login (fx->store, "wati", "0000", &error);
  g_assert_null (op);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_THROTTLED);
  g_clear_error (&error);
  /* others are not held up */
  op = login (fx->store, "joko", "2222");
  g_clear_pointer (&op, salur_operator_free);
  /* the wait holds for another SalurStore on the same file too */
  {
    g_autoptr(SalurStore) other = salur_store_open (fx->path, &error);
    g_assert_no_error (error);
    op = salur_ledger_login (other, "wati", "3333", &error);
    g_assert_null (op);
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_THROTTLED);
    g_clear_error (&error);
  }
  /* an unknown name is throttled the same way */
  for (int i = 0; i < 3; i++)
    {
      op = salur_ledger_login (fx->store, "tono", "1234", &error);
      g_assert_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN);
      g_clear_error (&error);
    }
  op = salur_ledger_login (fx->store, "tono", "1234", &error);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_THROTTLED);
  g_clear_error (&error);
}

/* Wrong PINs as the log would hold them AGO seconds back */
static void
log_wrong_pins (Fixture *fx, const char *name, int n, gint64 ago)
{
  sqlite3 *db = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (sqlite3_open_v2 (fx->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO pin_attempt (name, at, ok) VALUES ('%s', %" G_GINT64_FORMAT
                                              ", 0)", name, now - ago);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  sqlite3_close (db);
}

/* The seconds a THROTTLED message asks to wait */
static guint
wait_of (const GError *error)
{
  g_autoptr(GRegex) re = g_regex_new ("([0-9]+) seconds", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *n = NULL;

  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_THROTTLED);
  if (!g_regex_match (re, error->message, 0, &match))
    g_test_message ("no wait in: %s", error->message);
  g_assert_true (g_match_info_matches (match));
  n = g_match_info_fetch (match, 1);
  return (guint) g_ascii_strtoull (n, NULL, 10);
}

static void
test_operator_throttle_wait (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) o = NULL;
  guint wait;

  /* 3 misses wait 15 seconds: 20 seconds on, the right PIN works */
  log_wrong_pins (fx, "wati", 3, 20);
  o = login (fx->store, "wati", "3333");
  g_clear_pointer (&o, salur_operator_free);
  /* 10 seconds on, about 5 are left */
  log_wrong_pins (fx, "budi", 3, 10);
  o = salur_ledger_login (fx->store, "budi", "4444", &error);
  g_assert_null (o);
  wait = wait_of (error);
  g_assert_cmpuint (wait, >=, 3);
  g_assert_cmpuint (wait, <=, 5);
  g_clear_error (&error);
  /* a fourth miss doubles the wait: 30 seconds, 20 on */
  log_wrong_pins (fx, "joko", 4, 20);
  o = salur_ledger_login (fx->store, "joko", "2222", &error);
  g_assert_null (o);
  wait = wait_of (error);
  g_assert_cmpuint (wait, >=, 8);
  g_assert_cmpuint (wait, <=, 10);
  g_clear_error (&error);
  /* never more than 5 minutes */
  log_wrong_pins (fx, "sri", 30, 0);
  o = salur_ledger_login (fx->store, "sri", "1111", &error);
  g_assert_null (o);
  wait = wait_of (error);
  g_assert_cmpuint (wait, >=, 298);
  g_assert_cmpuint (wait, <=, 300);
  g_clear_error (&error);
}

static void
test_operator_right_pin_resets (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) op = NULL;

  /* two wrong, one right, two wrong: never three in a row */
  for (int round = 0; round < 3; round++)
    {
      for (int i = 0; i < 2; i++)
        {
          op = salur_ledger_login (fx->store, "budi", "9999", &error);
          g_assert_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN);
          g_clear_error (&error);
        }
      op = login (fx->store, "budi", "4444");
      g_clear_pointer (&op, salur_operator_free);
    }
}

static void
test_operator_add (Fixture *fx, gconstpointer data)
{
  g_autofree char *before = snapshot (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gboolean ok;

  /* only the bendahara adds */
  ok = salur_ledger_add_operator (fx->store, signed_in (fx, "joko"), "tono", SALUR_ROLE_KEPALA_DUSUN, "6666", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_add_operator (fx->store, signed_in (fx, "budi"), "tono", SALUR_ROLE_KEPALA_DUSUN, "6666", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_add_operator (fx->store, signed_in (fx, "rina"), "tono", SALUR_ROLE_KEPALA_DUSUN, "6666", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_add_operator (fx->store, NULL, "tono", SALUR_ROLE_KEPALA_DUSUN, "6666", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  /* a kepala dusun cannot make herself bendahara */
  ok = salur_ledger_add_operator (fx->store, signed_in (fx, "wati"), "wati", SALUR_ROLE_BENDAHARA, "3333", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  {
    g_autoptr(SalurOperator) still = login (fx->store, "wati", "3333");
    g_assert_cmpint (still->role, ==, SALUR_ROLE_KEPALA_DUSUN);
  }

  g_assert_true (salur_ledger_add_operator (fx->store, signed_in (fx, "sri"), "tono", SALUR_ROLE_KEPALA_DUSUN, "6666", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SalurOperator) tono = login (fx->store, "tono", "6666");
    g_assert_cmpint (tono->role, ==, SALUR_ROLE_KEPALA_DUSUN);
    g_autoptr(SalurPayment) p = pay_simple (fx, tono, 27, "2026-01", "Karanganyar");
    g_assert_cmpstr (p->operator_name, ==, "tono");
  }
  list = salur_ledger_list_operators (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 6);

  /* the bendahara gives joko a new PIN: the old one stops working */
  g_assert_true (salur_ledger_add_operator (fx->store, signed_in (fx, "sri"), "joko", SALUR_ROLE_KEPALA_DUSUN, "7777", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SalurOperator) op = salur_ledger_login (fx->store, "joko", "2222", &error);
    g_assert_null (op);
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN);
    g_clear_error (&error);
  }
  {
    g_autoptr(SalurOperator) op = login (fx->store, "joko", "7777");
  }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = salur_ledger_list_operators (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 6);
  verify_ok (fx, NULL);
}

static void
test_operator_disable (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurPayment) p = pay_simple (fx, signed_in (fx, "wati"), 0, "2026-01", "Ngasem");
  g_autofree char *before = snapshot (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gboolean ok;

  /* wati signs in before she is disabled (a desk open all day) */
  const SalurOperator *wati = signed_in (fx, "wati");

  /* the bendahara only, not herself, only someone active */
  ok = salur_ledger_disable_operator (fx->store, signed_in (fx, "joko"), "wati", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_disable_operator (fx->store, signed_in (fx, "rina"), "wati", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_disable_operator (fx->store, signed_in (fx, "sri"), "sri", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  ok = salur_ledger_disable_operator (fx->store, signed_in (fx, "sri"), "tono", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (salur_ledger_disable_operator (fx->store, signed_in (fx, "sri"), "WATI", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SalurOperator) o = salur_ledger_login (fx->store, "wati", "3333", &error);
    g_assert_null (o);
    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN);
    g_clear_error (&error);
  }
  list = salur_ledger_list_operators (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 5);
  for (guint i = 0; i < list->len; i++)
    {
      SalurOperator *o = g_ptr_array_index (list, i);
      g_assert_cmpint (o->active, ==, !g_str_equal (o->name, "wati"));
    }
  /* still signed in from before: she records nothing more */
  before = (g_free (before), snapshot (fx));
  {
    g_autoptr(GArray) feb = months ("2026-02");
    ok = salur_ledger_absent (fx->store, wati, kpm_id (fx, 5), feb, "Ngasem", "sakit", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_FORBIDDEN);
    assert_contains (error->message, "disabled");
    g_clear_error (&error);
  }
  /* twice */
  ok = salur_ledger_disable_operator (fx->store, signed_in (fx, "sri"), "wati", &error);
  assert_refused (fx, before, ok, error, SALUR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* her payments stay hers */
  {
    g_autoptr(SalurPayment) again = salur_ledger_get_payment (fx->store, p->receipt, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (again->operator_name, ==, "wati");
  }
  /* the bendahara can take her back, with a new PIN */
  g_assert_true (salur_ledger_add_operator (fx->store, signed_in (fx, "sri"), "wati", SALUR_ROLE_KEPALA_DUSUN, "8888",
                                            &error));
  g_assert_no_error (error);
  {
    g_autoptr(SalurOperator) o = login (fx->store, "wati", "8888");
  }
  verify_ok (fx, NULL);
}

static void
test_operator_pin_rules (Fixture *fx, gconstpointer data)
{
  g_autofree char *before = snapshot (fx);
  const char *const bad[] = { "123", "12a4", "abcd", "", "1234567890123", " 1234", "12 34", "-123", NULL };
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gboolean ok;

      g_test_message ("PIN \"%s\"", bad[i] != NULL ? bad[i] : "(none)");
      ok = salur_ledger_add_operator (fx->store, signed_in (fx, "sri"), "tono", SALUR_ROLE_PETUGAS, bad[i], &error);
      assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
      g_clear_error (&error);
    }
  /* a name is needed, on one line */
  {
    gboolean ok = salur_ledger_add_operator (fx->store, signed_in (fx, "sri"), "  ", SALUR_ROLE_PETUGAS, "1234", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
    g_clear_error (&error);
    ok = salur_ledger_add_operator (fx->store, signed_in (fx, "sri"), "to\nno", SALUR_ROLE_PETUGAS, "1234", &error);
    assert_refused (fx, before, ok, error, SALUR_ERROR_INVALID);
    g_clear_error (&error);
  }
  /* 4 and 12 digits are fine */
  g_assert_true (salur_ledger_add_operator (fx->store, signed_in (fx, "sri"), "tono", SALUR_ROLE_PETUGAS, "0042", &error));
  g_assert_no_error (error);
  g_assert_true (salur_ledger_add_operator (fx->store, signed_in (fx, "sri"), "tini", SALUR_ROLE_PETUGAS, "123456789012", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SalurOperator) a = login (fx->store, "tono", "0042");
    g_autoptr(SalurOperator) b = login (fx->store, "tini", "123456789012");
  }
}

static void
test_operator_first_is_bendahara (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(SalurOperator) first = NULL;
  const SalurRole others[] = { SALUR_ROLE_KEPALA_DUSUN, SALUR_ROLE_PETUGAS, SALUR_ROLE_AUDITOR };

  list = salur_ledger_list_operators (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpint (count_events (fx), ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
    {
      gboolean ok = salur_ledger_add_operator (fx->store, NULL, "joko", others[i], "2222", &error);
      g_assert_false (ok);
      g_assert_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN);
      g_clear_error (&error);
      g_assert_cmpint (count_events (fx), ==, 0);
    }
  /* nobody can sign in yet */
  first = salur_ledger_login (fx->store, "joko", "2222", &error);
  g_assert_null (first);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN);
  g_clear_error (&error);

  g_assert_true (salur_ledger_add_operator (fx->store, NULL, "sri", SALUR_ROLE_BENDAHARA, "1111", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_events (fx), ==, 1);
  first = login (fx->store, "sri", "1111");
  g_assert_cmpint (first->role, ==, SALUR_ROLE_BENDAHARA);
  /* the store is not empty any more: the next one needs the bendahara */
  g_assert_false (salur_ledger_add_operator (fx->store, NULL, "joko", SALUR_ROLE_BENDAHARA, "2222", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpint (count_events (fx), ==, 1);
  g_assert_true (salur_ledger_add_operator (fx->store, first, "joko", SALUR_ROLE_KEPALA_DUSUN, "2222", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_events (fx), ==, 2);
  {
    g_autoptr(SalurOperator) joko = login (fx->store, "joko", "2222");
    SalurVerifyReport report;
    verify_ok (fx, &report);
    g_assert_cmpuint (report.events, ==, 2);
  }
}

/* chain and verify */

typedef struct {
  char   *device_id;
  char   *import_kpm;      /* an imported KPM's id */
  char   *added_kpm;       /* the KPM the add event brought */
  gint64  import_seq;
  gint64  seq_body;        /* a one-month payment: total=300000 in its body */
  gint64  seq_hash;
  gint64  seq_total;
  gint64  seq_month;
  gint64  seq_extra_month;
  gint64  seq_middle;
  gint64  seq_operator;
  gint64  seq_add;
  gint64  seq_void;
  gint64  last_seq;
} Mixed;

static void
mixed_clear (Mixed *m)
{
  g_free (m->device_id);
  g_free (m->import_kpm);
  g_free (m->added_kpm);
}

/* 20 events of every kind, as a day at the hall gives them */
static void
record_mixed_day (Fixture *fx, Mixed *m)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sig = sample_signature ();
  gint64 start = count_events (fx);
  gint64 seq = start;

#define NEXT(expr) G_STMT_START { expr; seq++; g_assert_cmpint (count_events (fx), ==, seq); } G_STMT_END
#define PAY(var, by, i, month_text, desk) \
  g_autoptr(SalurPayment) var = NULL; \
  NEXT (var = pay_simple (fx, (by), (i), (month_text), (desk)); g_assert_cmpint (var->seq, ==, seq + 1))

  PAY (p1, signed_in (fx, "joko"), 0, "2026-01,2026-02,2026-03", "Krajan");
  m->device_id = g_strdup (p1->device_id);
  {
    g_autoptr(GArray) jan = months ("2026-01");
    SalurPaymentRequest req = request (kpm_id (fx, 1), jan, "Ngasem");
    g_autoptr(SalurPayment) p2 = NULL;
    req.proof = SALUR_PROOF_SIGNATURE;
    req.signature = sig;
    NEXT (p2 = pay_ok (fx, signed_in (fx, "wati"), &req));
    NEXT (g_assert_true (salur_ledger_void (fx->store, signed_in (fx, "sri"), p2->receipt, "tanda tangan orang lain", &error)));
    m->seq_void = seq;
  }
  {
    g_autoptr(GArray) jan = months ("2026-01");
    SalurPaymentRequest req = request (kpm_id (fx, 2), jan, "Krajan");
    g_autoptr(SalurPayment) p = NULL;
    req.place = SALUR_PLACE_HOME;
    req.witness = "Pak RT";
    NEXT (p = pay_ok (fx, signed_in (fx, "budi"), &req));
    m->seq_month = p->seq;
  }
  {
    g_autoptr(GArray) jan = months ("2026-01");
    NEXT (g_assert_true (salur_ledger_absent (fx->store, signed_in (fx, "joko"), kpm_id (fx, 3), jan, "Krajan", "sakit", &error)));
  }
  {
    g_autoptr(GArray) jan = months ("2026-01");
    SalurPaymentRequest req = request (kpm_id (fx, 3), jan, "Krajan");
    g_autoptr(SalurPayment) p = NULL;
    req.proxy_name = "Rudi";
    req.proxy_nik = PROXY_NIK;
    req.proxy_relation = "anak";
    req.surat_kuasa_seen = TRUE;
    NEXT (p = pay_ok (fx, signed_in (fx, "joko"), &req));
  }
  {
    PAY (p, signed_in (fx, "wati"), 1, "2026-01", "Ngasem");
    m->seq_body = p->seq;
  }
  NEXT (g_assert_true (salur_ledger_close_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 4), salur_month_from_ymd (2026, 6),
                                               SALUR_REASON_DIED, "", "SK 1/2026", &error)));
  {
    g_autoptr(SalurKpm) k = new_kpm (NEW_NIK, "SITI AMINAH", "Krajan", "2026-03");
    NEXT (g_assert_true (salur_ledger_add_kpm (fx->store, signed_in (fx, "sri"), k, "SK 2/2026", &error)));
    m->seq_add = seq;
    m->added_kpm = g_strdup (k->id);
    {
      g_autoptr(GArray) mar = months ("2026-03");
      SalurPaymentRequest req = request (k->id, mar, "Krajan");
      g_autoptr(SalurPayment) p = NULL;
      NEXT (p = pay_ok (fx, signed_in (fx, "joko"), &req));
      m->seq_hash = p->seq;
    }
  }
  NEXT (g_assert_true (salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 5), "name", "NAMA BENAR", "salah ketik",
                                                 "SK 3/2026", &error)));
  m->seq_middle = seq;
  NEXT (g_assert_true (salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 6), "nik", NEW_NIK_2, "KTP baru",
                                                 "SK 3/2026", &error)));
  {
    PAY (p, signed_in (fx, "joko"), 5, "2026-01,2026-02", "Krajan");
    m->seq_total = p->seq;
  }
  {
    g_autoptr(GArray) jan = months ("2026-01");
    NEXT (g_assert_true (salur_ledger_absent (fx->store, signed_in (fx, "wati"), kpm_id (fx, 7), jan, "Ngasem", "merantau", &error)));
  }
  {
    g_autoptr(GArray) jan = months ("2026-01");
    SalurPaymentRequest req = request (kpm_id (fx, 8), jan, "Ngasem");
    g_autoptr(SalurPayment) p = NULL;
    req.proof = SALUR_PROOF_NONE;
    req.proof_note = "tangan sakit";
    NEXT (p = pay_ok (fx, signed_in (fx, "wati"), &req));
  }
  {
    PAY (p, signed_in (fx, "joko"), 9, "2026-02", "Krajan");
    m->seq_operator = p->seq;
    m->seq_extra_month = p->seq;
  }
  NEXT (g_assert_true (salur_ledger_correct_kpm (fx->store, signed_in (fx, "sri"), kpm_id (fx, 9), "address", "Jl. Mawar 3",
                                                 "pindah rumah", "SK 4/2026", &error)));
  {
    PAY (p, signed_in (fx, "budi"), 10, "2026-01", "Krajan");
    NEXT (g_assert_true (salur_ledger_void (fx->store, signed_in (fx, "sri"), p->receipt, "uang belum diserahkan", &error)));
  }
  {
    PAY (p, signed_in (fx, "joko"), 11, "2026-01,2026-02,2026-03", "Krajan");
    m->last_seq = p->seq;
  }
#undef PAY
#undef NEXT
  g_assert_no_error (error);
  g_assert_cmpint (seq, ==, start + 20);
  g_assert_cmpint (m->last_seq, ==, seq);
  m->import_kpm = g_strdup (kpm_id (fx, 12));
  m->import_seq = query_int_at (fx->path, "SELECT seq FROM event WHERE kind = 'import'");
  g_assert_cmpint (m->import_seq, >=, 1);
}

static void
test_verify_chain (Fixture *fx, gconstpointer data)
{
  Mixed m = { 0 };
  SalurVerifyReport report;
  g_autofree char *seqs = NULL;
  g_autofree char *want = NULL;
  GString *expect = g_string_new (NULL);
  gint64 n;

  record_mixed_day (fx, &m);
  n = count_events (fx);
  verify_ok (fx, &report);
  g_assert_cmpuint (report.events, ==, n);
  g_assert_cmpuint (report.devices, ==, 1);
  g_assert_cmpuint (report.payments, ==, query_int_at (fx->path, "SELECT count(*) FROM event WHERE kind = 'payment'"));
  g_assert_cmpuint (report.payments, ==, 11);
  g_assert_cmpuint (report.kpm_sealed, ==, N_KPM + 1);
  g_assert_cmpuint (report.kpm_unsealed, ==, 0);

  /* one device, its events numbered 1..n without a gap */
  g_assert_cmpint (query_int_at (fx->path, "SELECT count(DISTINCT device_id) FROM event"), ==, 1);
  seqs = query_text_at (fx->path, "SELECT group_concat (seq, ',') FROM (SELECT seq FROM event ORDER BY device_id, seq)");
  for (gint64 i = 1; i <= n; i++)
    g_string_append_printf (expect, "%s%" G_GINT64_FORMAT, i > 1 ? "," : "", i);
  want = g_string_free (expect, FALSE);
  g_assert_cmpstr (seqs, ==, want);
  /* each event names the one before it */
  g_assert_cmpint (query_int_at (fx->path, "SELECT count(*) FROM event e JOIN event p ON p.device_id = e.device_id"
                                           " AND p.seq = e.seq - 1 WHERE e.prev_hash = p.hash"), ==, n - 1);
  g_assert_cmpint (query_int_at (fx->path, "SELECT count(*) FROM event WHERE seq = 1 AND prev_hash = zeroblob (32)"), ==, 1);
  mixed_clear (&m);
}

typedef struct {
  const char *what;
  char       *sql;
  gint64      names;   /* the event the message must name */
} Tampering;

static void
test_verify_tampered (Fixture *fx, gconstpointer data)
{
  Mixed m = { 0 };
  g_autofree char *base = g_build_filename (fx->dir, "base.db", NULL);
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  Tampering cases[12];
  guint n_cases = 0;

  if (!have_sqlite3 ())
    return;
  record_mixed_day (fx, &m);
  verify_ok (fx, NULL);
  /* closing the last connection writes the WAL back into the file */
  g_clear_object (&fx->store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  copy_file (fx->path, base);

#define CASE(w, n, ...) \
  G_STMT_START { \
    g_assert_cmpuint (n_cases, <, G_N_ELEMENTS (cases)); \
    cases[n_cases].what = (w); \
    cases[n_cases].names = (n); \
    cases[n_cases].sql = g_strdup_printf (__VA_ARGS__); \
    n_cases++; \
  } G_STMT_END

  CASE ("an event's body", m.seq_body,
        "DROP TRIGGER event_no_update; UPDATE event SET body = replace (body, 'total=300000', 'total=900000')"
        " WHERE seq = %" G_GINT64_FORMAT "; SELECT changes ();", m.seq_body);
  CASE ("an event's hash", m.seq_hash,
        "DROP TRIGGER event_no_update; UPDATE event SET hash = randomblob (32) WHERE seq = %" G_GINT64_FORMAT
        "; SELECT changes ();", m.seq_hash);
  CASE ("ev_payment.total", m.seq_total,
        "DROP TRIGGER ev_payment_no_update; UPDATE ev_payment SET total = 1 WHERE seq = %" G_GINT64_FORMAT
        "; SELECT changes ();", m.seq_total);
  CASE ("ev_month.month", m.seq_month,
        "DROP TRIGGER ev_month_no_update; UPDATE ev_month SET month = month + 6 WHERE seq = %" G_GINT64_FORMAT
        "; SELECT changes ();", m.seq_month);
  CASE ("an extra ev_month row", m.seq_extra_month,
        "INSERT INTO ev_month SELECT device_id, seq, kpm_id, month + 1, what, receipt, at, operator, desk,"
        " proxy_name, proxy_relation, place, reason"
        " FROM ev_month WHERE seq = %" G_GINT64_FORMAT "; SELECT changes ();", m.seq_extra_month);
  /* the gap is found at the event after it */
  CASE ("an event deleted in the middle", m.seq_middle + 1,
        "DROP TRIGGER event_no_delete; DELETE FROM event WHERE seq = %" G_GINT64_FORMAT "; SELECT changes ();",
        m.seq_middle);
  CASE ("an imported KPM's name", m.import_seq,
        "DROP TRIGGER kpm_no_update; UPDATE kpm SET name = 'ORANG LAIN' WHERE id = '%s'; SELECT changes ();",
        m.import_kpm);
  CASE ("an event's operator", m.seq_operator,
        "DROP TRIGGER event_no_update; UPDATE event SET operator = 'sri' WHERE seq = %" G_GINT64_FORMAT
        "; SELECT changes ();", m.seq_operator);
  CASE ("an added KPM's name", m.seq_add,
        "DROP TRIGGER kpm_no_update; UPDATE kpm SET name = 'ORANG LAIN' WHERE id = '%s'; SELECT changes ();",
        m.added_kpm);
  CASE ("a void taken back", m.seq_void,
        "DROP TRIGGER ev_void_no_delete; DELETE FROM ev_void WHERE seq = %" G_GINT64_FORMAT "; SELECT changes ();",
        m.seq_void);
  CASE ("a payment's event kind", m.seq_body,
        "DROP TRIGGER event_no_update; UPDATE event SET kind = 'absence' WHERE seq = %" G_GINT64_FORMAT
        "; SELECT changes ();", m.seq_body);
#undef CASE

  /* the copy verifies as the original did, and the triggers hold on it */
  {
    g_autofree char *copy = g_build_filename (fx->dir, "copy.db", NULL);
    g_autofree char *before = NULL;
    g_autoptr(SalurStore) store = NULL;
    g_autofree char *err = NULL;
    SalurVerifyReport report;

    copy_file (base, copy);
    before = snapshot_at (copy);
    g_assert_false (run_sqlite3 (copy, "UPDATE ev_payment SET total = 1", NULL, &err));
    assert_contains (err, "never changed");
    g_assert_false (run_sqlite3 (copy, "UPDATE event SET operator = 'sri'", NULL, NULL));
    g_assert_false (run_sqlite3 (copy, "DELETE FROM event WHERE seq = 3", NULL, NULL));
    {
      g_autofree char *after = snapshot_at (copy);
      g_assert_cmpstr (after, ==, before);
    }
    store = salur_store_open (copy, &error);
    g_assert_no_error (error);
    g_assert_true (salur_ledger_verify (store, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report.events, ==, m.last_seq);
    g_clear_object (&store);
    g_assert_cmpint (g_unlink (copy), ==, 0);
  }

  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *copy = g_strdup_printf ("%s/tampered-%u.db", fx->dir, i);
      g_autofree char *out = NULL;
      g_autofree char *want = g_strdup_printf ("event %" G_GINT64_FORMAT " of device %.8s", cases[i].names, m.device_id);
      g_autoptr(SalurStore) store = NULL;
      SalurVerifyReport report;
      gboolean ok;

      g_test_message ("tampering with %s", cases[i].what);
      copy_file (base, copy);
      g_assert_true (run_sqlite3 (copy, cases[i].sql, &out, NULL));
      g_assert_cmpstr (out, ==, "1");   /* one row changed: the tampering took place */
      store = salur_store_open (copy, &error);
      g_assert_no_error (error);
      ok = salur_ledger_verify (store, &report, &error);
      if (ok)
        g_test_message ("verify did not notice %s", cases[i].what);
      else
        g_test_message ("verify: %s", error->message);
      g_assert_false (ok);
      g_assert_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED);
      assert_contains (error->message, want);
      g_clear_error (&error);
      /* the store still answers afterwards (verify's temporary tables are gone) */
      {
        g_autoptr(GPtrArray) list = salur_store_list_kpm (store, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (list->len, ==, N_KPM + 1);
      }
      g_clear_object (&store);
      g_free (cases[i].sql);
    }
  mixed_clear (&m);
}

/* A KPM row put into the list by hand, with no event behind it: no trigger
 * stops an INSERT, so verify must. Every row of a store made with the ledger
 * is sealed by an import or an add event; an unsealed row can only have come
 * from outside Salur. */
static void
test_verify_ghost_kpm (Fixture *fx, gconstpointer data)
{
  g_autofree char *copy = g_build_filename (fx->dir, "ghost.db", NULL);
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *sql = NULL;
  SalurVerifyReport report;

  if (!have_sqlite3 ())
    return;
  verify_ok (fx, &report);
  g_assert_cmpuint (report.kpm_unsealed, ==, 0);
  g_clear_object (&fx->store);
  copy_file (fx->path, copy);
  sql = g_strdup_printf ("INSERT INTO kpm (id, nik, name, dusun_id, from_month) VALUES ('ffffffffffffffff', '%s',"
                         " 'KPM SILUMAN', (SELECT id FROM dusun WHERE name = 'Krajan'), %d); SELECT changes ();",
                         NEW_NIK, salur_month_from_ymd (2026, 1));
  g_assert_true (run_sqlite3 (copy, sql, &out, NULL));
  g_assert_cmpstr (out, ==, "1");
  store = salur_store_open (copy, &error);
  g_assert_no_error (error);
  {
    g_autoptr(SalurKpm) ghost = salur_store_get_kpm_by_nik (store, NEW_NIK, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ghost->name, ==, "KPM SILUMAN");
  }
  /* reported, not fatal, so the tests after it still run */
  if (salur_ledger_verify (store, &report, &error))
    {
      g_test_fail_printf ("verify passes a store with a KPM row no event brought (%" G_GUINT64_FORMAT
                          " unsealed, %" G_GUINT64_FORMAT " sealed)", report.kpm_unsealed, report.kpm_sealed);
      return;
    }
  g_test_message ("verify: %s", error->message);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED);
}

/* triggers */

static void
test_triggers (Fixture *fx, gconstpointer data)
{
  g_autoptr(SalurPayment) p = pay_simple (fx, signed_in (fx, "joko"), 0, "2026-01", "Krajan");
  g_autofree char *before = NULL;
  const char *const attempts[] = {
    "UPDATE event SET body = replace (body, 'total=300000', 'total=900000')",
    "UPDATE event SET operator = 'sri'",
    "DELETE FROM event",
    "DELETE FROM event WHERE kind = 'payment'",
    "UPDATE ev_payment SET total = 1",
    "DELETE FROM ev_payment",
    "UPDATE ev_month SET month = month + 1",
    "DELETE FROM ev_month",
    "UPDATE kpm SET name = 'ORANG LAIN'",
    "DELETE FROM kpm",
    "UPDATE ev_operator SET role = 'bendahara'",
    "DELETE FROM ev_import",
  };

  if (!have_sqlite3 ())
    return;
  before = snapshot (fx);
  /* while Salur has the file open, as at the hall */
  for (gsize i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *after = NULL;

      g_assert_false (run_sqlite3 (fx->path, attempts[i], NULL, &err));
      g_assert_cmpstr (err, !=, "");
      after = snapshot (fx);
      g_assert_cmpstr (after, ==, before);
    }
  {
    g_autoptr(SalurPayment) again = NULL;
    g_autoptr(GError) error = NULL;
    again = salur_ledger_get_payment (fx->store, p->receipt, &error);
    g_assert_no_error (error);
    g_assert_cmpint (again->total, ==, 300000);
  }
  verify_ok (fx, NULL);

  /* REPLACE deletes the old row without firing the delete trigger (SQLite
   * runs delete triggers on REPLACE only with recursive_triggers): the
   * triggers cannot stop it, verify must find it */
  if (run_sqlite3 (fx->path, "INSERT OR REPLACE INTO ev_payment SELECT device_id, seq, receipt, kpm_id, desk,"
                   " amount_per_month, 1, place, witness, proxy_name, proxy_nik, proxy_relation, surat_kuasa, proof,"
                   " proof_note, signature FROM ev_payment", NULL, NULL))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *want = g_strdup_printf ("event %" G_GINT64_FORMAT " of device %.8s", p->seq, p->device_id);

      g_assert_false (salur_ledger_verify (fx->store, NULL, &error));
      g_assert_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED);
      assert_contains (error->message, want);
    }
}

/* committed */

static void
test_committed (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) other = salur_store_open (fx->path, &error);
  g_autoptr(SalurPayment) p = NULL;
  g_autoptr(SalurOperator) wati = NULL;

  g_assert_no_error (error);
  /* the other desk has the month as unpaid before */
  {
    g_autoptr(GPtrArray) rows = salur_ledger_status (other, salur_month_from_ymd (2026, 1), NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (status_of (rows, kpm_id (fx, 28))->state, ==, SALUR_STATE_UNPAID);
  }
  p = pay_simple (fx, signed_in (fx, "joko"), 28, "2026-01", "Krajan");
  /* right after: the other connection sees it, and so does a reader of the file */
  {
    g_autoptr(SalurPayment) seen = salur_ledger_get_payment (other, p->receipt, &error);
    g_autoptr(GPtrArray) rows = salur_ledger_status (other, salur_month_from_ymd (2026, 1), NULL, &error);
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM ev_payment WHERE receipt = '%s'", p->receipt);

    g_assert_no_error (error);
    g_assert_nonnull (seen);
    g_assert_cmpint (seen->total, ==, 300000);
    g_assert_cmpint (status_of (rows, kpm_id (fx, 28))->state, ==, SALUR_STATE_PAID);
    g_assert_cmpint (query_int_at (fx->path, sql), ==, 1);
  }
  /* and the other desk cannot pay the month again */
  wati = login (other, "wati", "3333");
  {
    g_autoptr(GArray) jan = months ("2026-01");
    SalurPaymentRequest req = request (kpm_id (fx, 28), jan, "Ngasem");
    g_autofree char *before = snapshot (fx);
    g_autoptr(SalurPayment) twice = salur_ledger_pay (other, wati, &req, &error);
    assert_refused (fx, before, twice != NULL, error, SALUR_ERROR_ALREADY_PAID);
    assert_contains (error->message, p->receipt);
    g_clear_error (&error);
  }
  /* both write one chain */
  {
    g_autoptr(SalurPayment) q = pay_simple (fx, signed_in (fx, "joko"), 29, "2026-01", "Krajan");
    g_autoptr(GArray) feb = months ("2026-02");
    SalurPaymentRequest req = request (kpm_id (fx, 28), feb, "Ngasem");
    g_autoptr(SalurPayment) r = pay_ok (fx, wati, &req);
    g_autoptr(SalurPayment) r2 = salur_ledger_pay (other, wati, &req, &error);

    g_assert_error (error, SALUR_ERROR, SALUR_ERROR_ALREADY_PAID);
    g_assert_null (r2);
    g_clear_error (&error);
    g_assert_cmpint (r->seq, ==, q->seq + 1);
  }
  g_assert_true (salur_ledger_verify (other, NULL, &error));
  g_assert_no_error (error);
}

static void
make_demo_template (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) store = NULL;
  g_autofree char *wal = NULL;

  demo_template = g_build_filename (dir, "demo.db", NULL);
  store = salur_store_open (demo_template, &error);
  g_assert_no_error (error);
  g_assert_true (salur_demo_create (store, N_KPM, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int_at (demo_template, "SELECT count(*) FROM kpm"), ==, N_KPM);
  g_assert_cmpint (query_int_at (demo_template, "SELECT count(*) FROM ev_operator"), ==, 5);
  g_assert_cmpint (query_int_at (demo_template, "SELECT count(*) FROM pin_attempt"), ==, 0);
  /* closing the only connection writes the WAL back into the file */
  g_clear_object (&store);
  wal = g_strconcat (demo_template, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template_dir = NULL;
  g_autofree char **args = NULL;
  int status;

  /* a case that reports a failure (g_test_fail_printf) lets the others run */
  args = g_new0 (char *, argc + 2);
  memcpy (args, argv, argc * sizeof (char *));
  args[argc++] = (char *) "--keep-going";
  argv = args;
  g_test_init (&argc, &argv, NULL);
  template_dir = g_dir_make_tmp ("salur-test-ledger-demo-XXXXXX", &error);
  g_assert_no_error (error);
  make_demo_template (template_dir);

#define ADD(path, fn) g_test_add ("/ledger/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("pay/receipt", test_pay_receipt);
  ADD ("pay/already-paid", test_pay_already_paid);
  ADD ("pay/too-many-months", test_pay_too_many_months);
  ADD ("pay/not-on-list", test_pay_not_on_list);
  ADD ("pay/closed", test_pay_closed);
  ADD ("pay/forbidden", test_pay_forbidden);
  ADD ("pay/proxy", test_pay_proxy);
  ADD ("pay/home", test_pay_home);
  ADD ("pay/proof", test_pay_proof);
  ADD ("pay/signature", test_pay_signature);
  ADD ("pay/usage", test_pay_usage);
  ADD ("pay/amount-in-force", test_pay_amount_in_force);
  ADD ("void/rules", test_void);
  ADD ("void/receipt-case", test_void_receipt_case);
  ADD ("absent", test_absent);
  ADD ("change/close", test_change_close);
  ADD ("change/add", test_change_add);
  ADD ("change/correct-name", test_change_correct_name);
  ADD ("change/correct-nik", test_change_correct_nik);
  ADD ("change/add-freed-nik", test_change_add_freed_nik);
  ADD ("change/correct-refused", test_change_correct_refused);
  ADD ("operator/bad-pin", test_operator_bad_pin);
  ADD ("operator/throttle", test_operator_throttle);
  ADD ("operator/throttle-wait", test_operator_throttle_wait);
  ADD ("operator/right-pin-resets", test_operator_right_pin_resets);
  ADD ("operator/add", test_operator_add);
  ADD ("operator/disable", test_operator_disable);
  ADD ("operator/pin-rules", test_operator_pin_rules);
  g_test_add ("/ledger/operator/first-is-bendahara", Fixture, NULL, fixture_set_up_empty,
              test_operator_first_is_bendahara, fixture_tear_down);
  ADD ("verify/chain", test_verify_chain);
  ADD ("verify/tampered", test_verify_tampered);
  ADD ("verify/ghost-kpm", test_verify_ghost_kpm);
  ADD ("triggers", test_triggers);
  ADD ("committed", test_committed);
#undef ADD

  status = g_test_run ();
  remove_tree (template_dir);
  g_free (demo_template);
  return status;
}
