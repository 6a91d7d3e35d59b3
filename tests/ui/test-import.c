/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing the approved list from the window: the refused rows shown and
 * nothing stored until the treasurer confirms, then only the good rows; a
 * column's meaning changed by hand; the refused rows put right and the
 * file chosen again; a Cancel that stores nothing. The
 * store is read back through the CLI. */
#include "config.h"

#include <string.h>

#include "salur-columns.h"
#include "salur-import-page.h"
#include "salur-setup.h"
#include "salur-sign-in-dialog.h"
#include "ui-test.h"

typedef struct
{
  char        *dir;
  char        *db;
  SalurStore  *store;
  SalurWindow *window;
} Fixture;

static AdwApplication *the_app;

/* Helpers */

static SalurImportPage *
page (Fixture *f)
{
  return SALUR_IMPORT_PAGE (salur_window_get_page (f->window, "import"));
}

static gboolean
workspace_shown (gpointer data)
{
  Fixture *f = data;

  return salur_window_get_page (f->window, "import") != NULL && ui_mapped (salur_window_get_page (f->window, "kpm"));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *rws[] = { "001", NULL };
  const SalurSetupDusun dusun[] = { { "Krajan", rws } };
  const SalurSetupOperator ops[] = { { "sri", SALUR_ROLE_BENDAHARA, "1111" } };
  const SalurVillage village = { .desa = "Sukamaju", .kecamatan = "Sukamaju", .kabupaten = "Contoh",
                                 .provinsi = "Contoh", .amount = 300000, .max_months = 3 };

  f->dir = g_dir_make_tmp ("salur-test-import-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "salur.db", NULL);
  f->store = salur_store_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (salur_village_setup (f->store, &village, dusun, 1, ops, 1, &error));
  f->window = salur_window_new (the_app, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1366, 768);
  gtk_window_present (GTK_WINDOW (f->window));
  ui_wait_or_fail (workspace_shown, f, "showing the workspace");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "import"));
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

/* KPM stored, as a script would count them */
static guint
kpm_count (Fixture *f)
{
  g_autofree char *csv = ui_salur (f->db, NULL, "list", "--format", "csv", NULL);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  guint n = 0;

  for (guint i = 1; lines[i] != NULL; i++)
    n += *lines[i] != '\0';
  return n;
}

typedef struct
{
  Fixture *f;
  guint    warned;   /* G_MAXUINT: any */
} PreviewWait;

static gboolean
preview_ready (gpointer data)
{
  PreviewWait *w = data;
  guint rows, good, refused, warned;
  GtkStack *stack = ui_find_named (page (w->f), "import_stack");

  return salur_import_page_get_counts (page (w->f), &rows, &good, &refused, &warned)
         && g_strcmp0 (gtk_stack_get_visible_child_name (stack), "preview") == 0
         && (w->warned == G_MAXUINT || warned == w->warned);
}

static gboolean
page_shows (gpointer data)
{
  Fixture *f = g_object_get_data (data, "fixture");
  const char *want = g_object_get_data (data, "want");

  return g_strcmp0 (gtk_stack_get_visible_child_name (ui_find_named (page (f), "import_stack")), want) == 0;
}

static void
wait_page (Fixture    *f,
           const char *want)
{
  GObject *probe = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (probe, "fixture", f);
  g_object_set_data (probe, "want", (gpointer) want);
  ui_wait_or_fail (page_shows, probe, want);
  g_object_unref (probe);
}

static AdwMessageDialog *
confirmation (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && ui_mapped (w))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
confirmation_shown (gpointer data)
{
  return confirmation () != NULL;
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
sign_in_shown (gpointer data)
{
  return sign_in_dialog () != NULL;
}

static gboolean
has_marked_cells (gpointer data)
{
  GtkWidget *view = data;
  g_autoptr(GPtrArray) all = ui_collect (view, GTK_TYPE_WIDGET);
  guint refused = 0;

  for (guint i = 0; i < all->len; i++)
    refused += gtk_widget_has_css_class (all->pdata[i], "salur-refused");
  return refused > 0;
}

static void
open_fixture (Fixture    *f,
              const char *path)
{
  PreviewWait w = { f, G_MAXUINT };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page (f)), "import.open-file", "s", path));
  ui_wait_or_fail (preview_ready, &w, "showing the preview");
}

/* Tests */

static void
test_refused_rows (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("SALUR_FIXTURES"), "bnba-bad-rows.csv", NULL);
  g_autoptr(GError) error = NULL;
  guint rows, good, refused, warned, marked = 0;
  GListModel *shown;
  AdwComboRow *kk_column = NULL;
  SalurImportPage *p = page (f);

  open_fixture (f, path);
  g_assert_true (salur_import_page_get_counts (p, &rows, &good, &refused, &warned));
  g_assert_cmpuint (rows, ==, 11);
  g_assert_cmpuint (good, ==, 6);
  g_assert_cmpuint (refused, ==, 5);
  g_assert_cmpuint (warned, ==, 3);

  /* every row shown, the refused ones marked, on the screen too */
  shown = salur_import_page_get_rows (p);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 11);
  for (guint i = 0; i < 11; i++)
    {
      gboolean r, w;

      g_assert_true (salur_import_page_row_state (p, i, &r, &w));
      marked += r;
    }
  g_assert_cmpuint (marked, ==, 5);
  ui_wait_or_fail (has_marked_cells, ui_find_named (p, "rows_view"), "marking the refused rows");
  ui_screenshot (GTK_WINDOW (f->window), "impor");

  /* all or nothing is not offered; nothing stored yet */
  g_assert_false (gtk_widget_get_sensitive (ui_find_named (p, "store_button")));
  g_assert_true (gtk_widget_get_sensitive (ui_find_named (p, "store_good_button")));
  g_assert_cmpuint (kpm_count (f), ==, 0);

  /* the refused rows alone */
  gtk_drop_down_set_selected (ui_find_named (p, "show_dropdown"), 1);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 5);
  gtk_drop_down_set_selected (ui_find_named (p, "show_dropdown"), 0);

  /* the KK column said not to be the KK: its two warnings go, and come back */
  for (guint c = 0; c < 20; c++)
    {
      g_autofree char *name = g_strdup_printf ("column-%u", c);
      AdwComboRow *row = ui_find_named (p, name);

      if (row != NULL && adw_combo_row_get_selected (row) == SALUR_FIELD_KK)
        kk_column = row;
    }
  g_assert_nonnull (kk_column);
  adw_combo_row_set_selected (kk_column, SALUR_FIELD_NONE);
  {
    PreviewWait w = { f, 1 };
    ui_wait_or_fail (preview_ready, &w, "checking the rows again without the KK");
  }
  kk_column = NULL;
  for (guint c = 0; c < 20 && kk_column == NULL; c++)
    {
      g_autofree char *name = g_strdup_printf ("column-%u", c);
      AdwComboRow *row = ui_find_named (p, name);

      if (row != NULL && g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "NO KK"))
        kk_column = row;
    }
  g_assert_nonnull (kk_column);
  g_assert_cmpuint (adw_combo_row_get_selected (kk_column), ==, SALUR_FIELD_NONE);
  adw_combo_row_set_selected (kk_column, SALUR_FIELD_KK);
  {
    PreviewWait w = { f, 3 };
    ui_wait_or_fail (preview_ready, &w, "checking the rows again with the KK");
  }

  /* storing needs the bendahara: the sign-in dialog comes first */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page (f)), "import.store-good", NULL));
  ui_wait_or_fail (sign_in_shown, NULL, "asking who stores the list");
  gtk_window_close (GTK_WINDOW (sign_in_dialog ()));
  g_assert_true (salur_session_sign_in (salur_window_get_session (f->window), "sri", "1111", &error));

  /* asked, nothing stored until the answer */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page (f)), "import.store-good", NULL));
  ui_wait_or_fail (confirmation_shown, NULL, "asking to confirm");
  if (g_getenv ("SALUR_SCREENSHOT_DIR") != NULL)
    {
      ui_center_window (GTK_WINDOW (confirmation ()));
      ui_screenshot (GTK_WINDOW (confirmation ()), "impor-konfirmasi");
    }
  g_assert_cmpuint (kpm_count (f), ==, 0);
  adw_message_dialog_response (confirmation (), "store");
  wait_page (f, "done");
  /* the good rows only, the warned ones among them */
  g_assert_cmpuint (kpm_count (f), ==, 6);
}

/* The refused rows put right in the spreadsheet, as their reasons say, and
 * the file chosen again: nothing refused, the whole list can be stored */
static gboolean
no_marked_cells (gpointer data)
{
  return !has_marked_cells (data);
}

static void
test_fixed_rows (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("SALUR_FIXTURES"), "bnba-bad-rows.csv", NULL);
  g_autofree char *fixed_path = g_build_filename (f->dir, "bnba-diperbaiki.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) fixed = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint rows, good, refused, warned;
  SalurImportPage *p = page (f);
  /* what the reasons asked for: the NIKs typed again as text, in full and
   * with the birth date in them, and the missing name */
  const struct { const char *wrong, *right; } fixes[] = {
    { ";3,52E+15;SUGIYANTO;", ";9901010202710002;SUGIYANTO;" },
    { ";990101540382000;MARYATI;", ";9901015403820003;MARYATI;" },
    { ";9901013205800004;PAIDI;", ";9901011005800004;PAIDI;" },
    { ";9901014603780007;;", ";9901014603780007;SUMINAH;" },
  };

  open_fixture (f, path);
  g_assert_true (salur_import_page_get_counts (p, &rows, &good, &refused, &warned));
  g_assert_cmpuint (refused, ==, 5);

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) line = g_string_new (lines[i]);

      /* the second SUPARDI (the same NIK as row 5) is taken out */
      if (g_str_has_prefix (line->str, "6;9901011203700001;"))
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (fixes); j++)
        g_string_replace (line, fixes[j].wrong, fixes[j].right, 1);
      g_string_append (fixed, line->str);
      if (lines[i + 1] != NULL)
        g_string_append_c (fixed, '\n');
    }
  g_assert_true (g_file_set_contents (fixed_path, fixed->str, -1, &error));

  /* chosen again (Berkas Lain…): every row can be stored, none is marked */
  open_fixture (f, fixed_path);
  g_assert_true (salur_import_page_get_counts (p, &rows, &good, &refused, &warned));
  g_assert_cmpuint (rows, ==, 10);
  g_assert_cmpuint (refused, ==, 0);
  g_assert_cmpuint (good, ==, 10);
  /* the warnings stay: they are for the treasurer to look at, not to fix */
  g_assert_cmpuint (warned, ==, 3);
  ui_wait_or_fail (no_marked_cells, ui_find_named (p, "rows_view"), "showing no refused row");
  g_assert_true (gtk_widget_get_sensitive (ui_find_named (p, "store_button")));
  ui_screenshot (GTK_WINDOW (f->window), "impor-diperbaiki");

  g_assert_true (salur_session_sign_in (salur_window_get_session (f->window), "sri", "1111", &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "import.store", NULL));
  ui_wait_or_fail (confirmation_shown, NULL, "asking to confirm");
  adw_message_dialog_response (confirmation (), "store");
  wait_page (f, "done");
  g_assert_cmpuint (kpm_count (f), ==, 10);
}

/* Cancel while storing: nothing is stored, the preview is back */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("NIK;NAMA;RW\n");
  g_autofree char *path = g_build_filename (f->dir, "banyak.csv", NULL);
  g_autoptr(SalurStore) blocker = NULL;
  guint rows, good, refused, warned;

  for (guint i = 1; i <= 3000; i++)
    g_string_append_printf (csv, "99010112058%05u;ORANG %u;1\n", i, i);
  g_assert_true (g_file_set_contents (path, csv->str, -1, &error));
  open_fixture (f, path);
  g_assert_true (salur_import_page_get_counts (page (f), &rows, &good, &refused, &warned));
  g_assert_cmpuint (good, ==, 3000);
  g_assert_true (gtk_widget_get_sensitive (ui_find_named (page (f), "store_button")));
  g_assert_true (salur_session_sign_in (salur_window_get_session (f->window), "sri", "1111", &error));

  /* another connection holds the write lock, so the storing waits for it
   * and the Cancel surely comes before its end */
  blocker = salur_store_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (salur_store_begin (blocker, &error));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page (f)), "import.store", NULL));
  ui_wait_or_fail (confirmation_shown, NULL, "asking to confirm");
  adw_message_dialog_response (confirmation (), "store");
  wait_page (f, "working");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page (f)), "import.cancel", NULL));
  salur_store_rollback (blocker);
  wait_page (f, "preview");
  g_assert_cmpuint (kpm_count (f), ==, 0);
  /* and it can still be stored */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page (f)), "import.store", NULL));
  ui_wait_or_fail (confirmation_shown, NULL, "asking to confirm again");
  adw_message_dialog_response (confirmation (), "store");
  wait_page (f, "done");
  g_assert_cmpuint (kpm_count (f), ==, 3000);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  the_app = ui_test_init (&argc, &argv);

  g_test_add ("/import/refused-rows", Fixture, NULL, fixture_setup, test_refused_rows, fixture_teardown);
  g_test_add ("/import/fixed-rows", Fixture, NULL, fixture_setup, test_fixed_rows, fixture_teardown);
  g_test_add ("/import/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&the_app);
  return ret;
}
