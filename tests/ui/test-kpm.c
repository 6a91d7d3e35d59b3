/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The KPM list and a KPM's page: opening a KPM, taking it off the list
 * (signing in first, the PIN typed), a refusal for a kepala dusun, a
 * correction, adding a KPM; every change read back through the CLI. */
#include "config.h"

#include <string.h>

#include "salur-app-util.h"
#include "salur-change-form.h"
#include "salur-demo.h"
#include "salur-kpm-list-page.h"
#include "salur-kpm-page.h"
#include "salur-kpm-row.h"
#include "salur-sign-in-dialog.h"
#include "ui-test.h"

#define N_KPM 40

typedef struct
{
  char        *dir;
  char        *db;
  SalurStore  *store;
  SalurWindow *window;
} Fixture;

static AdwApplication *the_app;

/* Helpers */

static SalurKpmListPage *
list_page (Fixture *f)
{
  return SALUR_KPM_LIST_PAGE (salur_window_get_page (f->window, "kpm"));
}

static gboolean
list_loaded (gpointer data)
{
  Fixture *f = data;
  GListModel *shown;

  if (salur_window_get_page (f->window, "kpm") == NULL)
    return FALSE;
  shown = salur_kpm_list_page_get_shown (list_page (f));
  return g_list_model_get_n_items (shown) == N_KPM
         && gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (shown)) == 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("salur-test-kpm-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "salur.db", NULL);
  f->store = salur_store_open (f->db, &error);
  g_assert_no_error (error);
  salur_demo_create (f->store, N_KPM, 1, &error);
  g_assert_no_error (error);
  f->window = salur_window_new (the_app, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1366, 768);
  gtk_window_present (GTK_WINDOW (f->window));
  ui_wait_or_fail (list_loaded, f, "showing the KPM list");
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (ui_wait_for (window_gone, &f->window));
  g_clear_object (&f->store);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->db);
  g_free (f->dir);
}

/* The KPM at POSITION of the list as shown (a new reference) */
static SalurKpm *
shown_kpm (Fixture *f,
           guint    position)
{
  g_autoptr(SalurKpmRow) row = g_list_model_get_item (salur_kpm_list_page_get_shown (list_page (f)), position);

  return salur_kpm_ref ((SalurKpm *) salur_kpm_row_get_kpm (row));
}

static gboolean
kpm_page_shown (gpointer data)
{
  Fixture *f = data;

  return ui_mapped (salur_kpm_list_page_get_kpm_page (list_page (f)));
}

/* Opens the KPM at POSITION as activating its row does (Enter, a double click) */
static SalurKpmPage *
open_kpm (Fixture *f,
          guint    position)
{
  GtkColumnView *view = ui_find (list_page (f), GTK_TYPE_COLUMN_VIEW);

  g_signal_emit_by_name (view, "activate", position);
  ui_wait_or_fail (kpm_page_shown, f, "showing the KPM's page");
  return SALUR_KPM_PAGE (salur_kpm_list_page_get_kpm_page (list_page (f)));
}

static SalurChangeForm *
form_in (gpointer root)
{
  g_autoptr(GPtrArray) forms = ui_collect (root, SALUR_TYPE_CHANGE_FORM);

  for (guint i = 0; i < forms->len; i++)
    if (gtk_widget_get_mapped (forms->pdata[i]))
      return forms->pdata[i];
  return NULL;
}

static gboolean
form_shown (gpointer data)
{
  return form_in (data) != NULL;
}

static gboolean
form_gone (gpointer data)
{
  return form_in (data) == NULL;
}

static gboolean
message_shown (gpointer data)
{
  GtkRevealer *revealer = ui_find_named (data, "message_revealer");

  return gtk_revealer_get_reveal_child (revealer);
}

static SalurSignInDialog *
sign_in_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (SALUR_IS_SIGN_IN_DIALOG (w) && ui_mapped (w))
        return SALUR_SIGN_IN_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_open (gpointer data)
{
  return sign_in_dialog () != NULL;
}

static gboolean
dialog_closed (gpointer data)
{
  return sign_in_dialog () == NULL;
}

/* Types TEXT into the entry row NAME of ROOT */
static void
fill (gpointer    root,
      const char *name,
      const char *text)
{
  GtkWidget *row = ui_find_named (root, name);

  g_assert_nonnull (row);
  ui_type_into (ui_find (row, GTK_TYPE_TEXT), text);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, text);
}

static char *
history (Fixture    *f,
         const char *nik)
{
  return ui_salur (f->db, NULL, "history", nik, NULL);
}

/* The desk paid KPM the first N months of the year, a while ago */
static void
pay_months (Fixture        *f,
            const SalurKpm *kpm,
            int             n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) joko = salur_ledger_login (f->store, "joko", "2222", &error);
  g_autoptr(GArray) months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  g_autoptr(SalurPayment) paid = NULL;
  SalurPaymentRequest req = { 0 };

  g_assert_no_error (error);
  for (int m = 1; m <= n; m++)
    {
      SalurMonth month = salur_month_from_ymd (salur_month_year (salur_app_this_month ()), m);
      g_array_append_val (months, month);
    }
  req.kpm_id = kpm->id;
  req.months = months;
  req.desk = kpm->dusun;
  req.place = SALUR_PLACE_HALL;
  req.proof = SALUR_PROOF_THUMBPRINT;
  paid = salur_ledger_pay (f->store, joko, &req, &error);
  g_assert_no_error (error);
}

static gboolean
one_shown (gpointer data)
{
  GListModel *shown = data;

  return gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (shown)) == 0
         && g_list_model_get_n_items (shown) == 1;
}

/* Tests */

static void
test_close (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SalurKpm) kpm = NULL;
  SalurSession *session = salur_window_get_session (f->window);
  g_autofree char *before = NULL, *after = NULL, *status = NULL, *line = NULL, *month_text = NULL;
  SalurKpmPage *page;
  SalurChangeForm *form;
  SalurSignInDialog *dialog;

  if (!ui_can_type ())
    {
      g_test_skip ("no xdotool or X display: nothing can be typed");
      return;
    }
  kpm = shown_kpm (f, 3);
  pay_months (f, kpm, 2);
  page = open_kpm (f, 3);
  g_assert_cmpstr (salur_kpm_page_get_kpm_id (page), ==, kpm->id);
  /* the page never shows the whole NIK */
  {
    g_autoptr(GPtrArray) labels = ui_collect (page, GTK_TYPE_LABEL);
    for (guint i = 0; i < labels->len; i++)
      g_assert_null (strstr (gtk_label_get_text (labels->pdata[i]), kpm->nik));
  }
  ui_screenshot (GTK_WINDOW (f->window), "halaman-kpm");
  before = history (f, kpm->nik);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "kpm.close", NULL));
  ui_wait_or_fail (form_shown, page, "showing the form to take the KPM off the list");
  form = form_in (page);
  fill (form, "sk_row", "141/05/2026");
  fill (form, "note_row", "akta kematian dari desa");
  ui_screenshot (GTK_WINDOW (f->window), "keluarkan-kpm");

  /* nobody signed in: the form asks, and the sign-in dialog opens */
  g_assert_null (salur_session_get_operator (session));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "change.record", NULL));
  ui_wait_or_fail (dialog_open, NULL, "asking who records the change");
  g_assert_true (message_shown (form));
  dialog = sign_in_dialog ();
  /* the bendahara is offered first on the master's laptop: the PIN, typed */
  ui_type_into (ui_find (ui_find_named (dialog, "pin_row"), GTK_TYPE_TEXT), "1111");
  ui_key (GTK_WINDOW (dialog), "Return");
  ui_wait_or_fail (dialog_closed, NULL, "signing in");
  g_assert_cmpstr (salur_session_get_operator (session)->name, ==, "sri");
  after = history (f, kpm->nik);
  g_assert_cmpstr (after, ==, before);   /* nothing recorded yet */

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "change.record", NULL));
  if (!ui_wait_for (form_gone, page))
    g_error ("not recorded: %s", gtk_label_get_text (ui_find_named (form, "message_label")));
  g_clear_pointer (&after, g_free);
  after = history (f, kpm->nik);
  g_test_message ("%s", after);
  g_assert_nonnull (strstr (after, "141/05/2026"));
  g_assert_nonnull (strstr (after, "sri"));
  g_assert_true (gtk_widget_get_visible (ui_find_named (page, "closed_group")));
  g_assert_nonnull (salur_window_get_last_toast (f->window));

  /* the month's status says so too */
  month_text = salur_month_format (salur_app_this_month ());
  status = ui_salur (f->db, NULL, "status", "--month", month_text, "--format", "csv", NULL);
  line = g_strdup_printf ("%s,", kpm->nik);
  g_assert_nonnull (strstr (strstr (status, line), ",closed,"));

  /* back on the list, filtered by this month's state: the one KPM off the list */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "kpm.back", NULL));
  {
    SalurKpmListPage *list = list_page (f);
    GListModel *shown = salur_kpm_list_page_get_shown (list);
    GtkDropDown *month = ui_find_named (list, "month_dropdown");
    GtkDropDown *state = ui_find_named (list, "state_dropdown");

    gtk_drop_down_set_selected (month, salur_month_number (salur_app_this_month ()));
    gtk_drop_down_set_selected (state, SALUR_STATE_CLOSED + 1);
    ui_wait_or_fail (one_shown, shown, "showing the one KPM off the list this month");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (list), "list.clear-filters", NULL));
  }
}

/* A kepala dusun may not change the list: the core's words, nothing
 * recorded; the bendahara then records the correction */
static void
test_correct (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SalurKpm) kpm = NULL;
  g_autoptr(GError) error = NULL;
  SalurSession *session = salur_window_get_session (f->window);
  g_autofree char *before = NULL, *after = NULL, *list = NULL;
  SalurKpmPage *page;
  SalurChangeForm *form;
  AdwComboRow *field;
  GListModel *fields;

  if (!ui_can_type ())
    {
      g_test_skip ("no xdotool or X display: nothing can be typed");
      return;
    }
  g_assert_true (salur_session_sign_in (session, "joko", "2222", &error));
  kpm = shown_kpm (f, 5);
  page = open_kpm (f, 5);
  before = history (f, kpm->nik);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "kpm.correct", NULL));
  ui_wait_or_fail (form_shown, page, "showing the correction form");
  form = form_in (page);
  /* the name, first of the fields, starts as it is now */
  field = ui_find_named (form, "field_row");
  fields = adw_combo_row_get_model (field);
  g_assert_cmpuint (g_list_model_get_n_items (fields), >=, 10);
  g_assert_cmpuint (adw_combo_row_get_selected (field), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (ui_find_named (form, "value_row")), ==, kpm->name);
  gtk_editable_set_text (ui_find_named (form, "value_row"), "");
  fill (form, "value_row", "SITI AMINAH BINTI KARTO");
  fill (form, "why_row", "sesuai KTP");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "change.record", NULL));
  ui_wait_or_fail (message_shown, form, "saying why a kepala dusun may not");
  g_test_message ("%s", gtk_label_get_text (ui_find_named (form, "message_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (ui_find_named (form, "message_label")), "joko"));
  after = history (f, kpm->nik);
  g_assert_cmpstr (after, ==, before);

  g_assert_true (salur_session_sign_in (session, "sri", "1111", &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "change.record", NULL));
  ui_wait_or_fail (form_gone, page, "going back to the KPM's details");
  g_clear_pointer (&after, g_free);
  after = history (f, kpm->nik);
  g_assert_nonnull (strstr (after, "SITI AMINAH BINTI KARTO"));
  list = ui_salur (f->db, NULL, "list", "--format", "csv", NULL);
  g_assert_nonnull (strstr (list, "SITI AMINAH BINTI KARTO"));
}

static gboolean
list_has (gpointer data)
{
  Fixture *f = data;
  GListModel *shown = salur_kpm_list_page_get_shown (list_page (f));

  return g_list_model_get_n_items (shown) == N_KPM + 1;
}

static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SalurSession *session = salur_window_get_session (f->window);
  SalurKpmListPage *list = list_page (f);
  g_autofree char *csv = NULL, *hist = NULL;
  SalurChangeForm *form;
  const char *nik = "9901015505990777";

  if (!ui_can_type ())
    {
      g_test_skip ("no xdotool or X display: nothing can be typed");
      return;
    }
  g_assert_true (salur_session_sign_in (session, "sri", "1111", &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (list), "list.add-kpm", NULL));
  ui_wait_or_fail (form_shown, list, "showing the form to add a KPM");
  form = form_in (list);
  fill (form, "nik_row", nik);
  fill (form, "name_row", "WARSIAH");
  fill (form, "rt_row", "2");
  fill (form, "rw_row", "1");
  ui_screenshot (GTK_WINDOW (f->window), "tambah-kpm");
  fill (form, "sk_row", "150/07/2026");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "change.record", NULL));
  ui_wait_or_fail (kpm_page_shown, f, "showing the new KPM's page");

  csv = ui_salur (f->db, NULL, "list", "--format", "csv", NULL);
  g_assert_nonnull (strstr (csv, nik));
  g_assert_nonnull (strstr (csv, "WARSIAH"));
  hist = history (f, nik);
  g_assert_nonnull (strstr (hist, "150/07/2026"));
  /* and the list shows it */
  ui_wait_or_fail (list_has, f, "listing the new KPM");
}

int
main (int    argc,
      char **argv)
{
  int ret;

  the_app = ui_test_init (&argc, &argv);

  g_test_add ("/kpm/close", Fixture, NULL, fixture_setup, test_close, fixture_teardown);
  g_test_add ("/kpm/correct", Fixture, NULL, fixture_setup, test_correct, fixture_teardown);
  g_test_add ("/kpm/add", Fixture, NULL, fixture_setup, test_add, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&the_app);
  return ret;
}
