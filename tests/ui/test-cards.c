/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Invitation cards from the window: the round chosen, the place and time
 * typed, the cards prepared and the first sheet shown, then saved as PDF
 * and printed to a file; every QR code in both read back by zbarimg (from
 * pdftoppm's pages) and looked up through the CLI. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "salur-cards-page.h"
#include "salur-demo.h"
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

static SalurCardsPage *
page (Fixture *f)
{
  return SALUR_CARDS_PAGE (salur_window_get_page (f->window, "cards"));
}

static gboolean
workspace_shown (gpointer data)
{
  Fixture *f = data;

  return salur_window_get_page (f->window, "cards") != NULL && ui_mapped (salur_window_get_page (f->window, "kpm"));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("salur-test-cards-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "salur.db", NULL);
  f->store = salur_store_open (f->db, &error);
  g_assert_no_error (error);
  salur_demo_create (f->store, N_KPM, 1, &error);
  g_assert_no_error (error);
  f->window = salur_window_new (the_app, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1366, 768);
  gtk_window_present (GTK_WINDOW (f->window));
  ui_wait_or_fail (workspace_shown, f, "showing the workspace");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "cards"));
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

static gboolean
prepared (gpointer data)
{
  GtkStack *stack = ui_find_named (data, "preview_stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "preview") == 0
         && salur_cards_page_get_n_sheets (data, NULL, NULL) > 0;
}

static gboolean
file_there (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

/* Types TEXT into the entry row NAME of the page, after emptying it */
static void
fill (Fixture    *f,
      const char *name,
      const char *text)
{
  GtkWidget *row = ui_find_named (page (f), name);

  gtk_editable_set_text (GTK_EDITABLE (row), "");
  ui_type_into (ui_find (row, GTK_TYPE_TEXT), text);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, text);
}

/* Every QR code of PDF, as zbarimg reads pdftoppm's pages */
static GStrv
read_codes (Fixture    *f,
            const char *pdf,
            guint      *n_pages)
{
  g_autofree char *prefix = g_build_filename (f->dir, "page", NULL);
  g_autofree char *cmd = NULL, *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  const char *name;
  int status;

  /* last time's pages go first */
  cmd = g_strdup_printf ("sh -c 'rm -f %s-*.png && pdftoppm -r 150 -png %s %s'", prefix, pdf, prefix);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, &err, &status, &error));
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("pdftoppm failed: %s", err);
  *n_pages = 0;
  dir = g_dir_open (f->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *png = NULL, *zcmd = NULL, *zout = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_str_has_prefix (name, "page-") || !g_str_has_suffix (name, ".png"))
        continue;
      (*n_pages)++;
      png = g_build_filename (f->dir, name, NULL);
      zcmd = g_strdup_printf ("zbarimg --raw -q -Sdisable -Sqrcode.enable %s", png);
      g_assert_true (g_spawn_command_line_sync (zcmd, &zout, NULL, &status, &error));
      lines = g_strsplit (zout, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (*g_strstrip (lines[i]) != '\0')
          g_strv_builder_add (codes, lines[i]);
    }
  return g_strv_builder_end (codes);
}

/* Tests */

static void
test_cards (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "kartu.pdf", NULL);
  g_autofree char *printed = g_build_filename (f->dir, "cetak.pdf", NULL);
  g_autofree char *list = NULL, *first_dusun = NULL;
  g_auto(GStrv) saved_codes = NULL, printed_codes = NULL;
  SalurCardsPage *p = page (f);
  AdwComboRow *dusun_row = ui_find_named (p, "dusun_row");
  guint n_cards, n_new, n_sheets, n_pages, in_dusun = 0;

  if (!ui_can_type ())
    {
      g_test_skip ("no xdotool or X display: nothing can be typed");
      return;
    }

  /* the first dusun's KPM, counted as a script would */
  first_dusun = g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (dusun_row)), 1));
  list = ui_salur (f->db, NULL, "list", "--dusun", first_dusun, "--format", "csv", NULL);
  for (const char *l = strchr (list, '\n'); l != NULL && l[1] != '\0'; l = strchr (l + 1, '\n'))
    in_dusun++;
  g_test_message ("%s: %u KPM", first_dusun, in_dusun);
  g_assert_cmpuint (in_dusun, >, 0);

  /* the round, and where and when */
  adw_combo_row_set_selected (dusun_row, 1);
  fill (f, "place_row", "Balai Desa Sukamaju");
  fill (f, "date_row", "2026-12-01");
  fill (f, "time_row", "08:00");

  /* nobody signed in: cards carry who issued them */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "cards.prepare", NULL));
  g_assert_true (gtk_widget_get_visible (ui_find_named (p, "message_label")));
  g_assert_cmpuint (salur_cards_page_get_n_sheets (p, NULL, NULL), ==, 0);
  {
    /* the sign-in dialog it opened */
    GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
        if (w != GTK_WINDOW (f->window) && gtk_window_get_transient_for (w) == GTK_WINDOW (f->window))
          gtk_window_close (w);
      }
  }
  g_assert_true (salur_session_sign_in (salur_window_get_session (f->window), "sri", "1111", &error));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "cards.prepare", NULL));
  ui_wait_or_fail (prepared, p, "preparing the cards");
  n_sheets = salur_cards_page_get_n_sheets (p, &n_cards, &n_new);
  g_assert_cmpuint (n_cards, ==, in_dusun);
  g_assert_cmpuint (n_new, ==, in_dusun);
  g_assert_cmpuint (n_sheets, ==, (in_dusun + 7) / 8);
  ui_screenshot (GTK_WINDOW (f->window), "kartu-undangan");

  /* prepared again: the same cards, none new */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "cards.prepare", NULL));
  ui_wait_or_fail (prepared, p, "preparing the cards again");
  salur_cards_page_get_n_sheets (p, &n_cards, &n_new);
  g_assert_cmpuint (n_new, ==, 0);

  /* saved as PDF: every card's code reads back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (p), "cards.save-pdf-to", "s", pdf));
  ui_wait_or_fail (file_there, pdf, "saving the PDF");
  saved_codes = read_codes (f, pdf, &n_pages);
  g_assert_cmpuint (n_pages, ==, n_sheets);
  g_assert_cmpuint (g_strv_length (saved_codes), ==, in_dusun);

  /* printed (to a file): the same sheets, the same codes */
  g_assert_true (salur_cards_page_print_to_file (p, printed, &error));
  g_assert_no_error (error);
  printed_codes = read_codes (f, printed, &n_pages);
  g_assert_cmpuint (n_pages, ==, n_sheets);
  g_assert_cmpuint (g_strv_length (printed_codes), ==, in_dusun);
  for (guint i = 0; saved_codes[i] != NULL; i++)
    g_assert_true (g_strv_contains ((const char *const *) printed_codes, saved_codes[i]));

  /* each code is a card of the record, of a KPM of that dusun */
  for (guint i = 0; saved_codes[i] != NULL; i++)
    {
      g_autofree char *out = ui_salur (f->db, NULL, "lookup", saved_codes[i], NULL);

      g_assert_nonnull (strstr (out, first_dusun));
    }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  the_app = ui_test_init (&argc, &argv);

  g_test_add ("/cards/prepare-save-print", Fixture, NULL, fixture_setup, test_cards, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&the_app);
  return ret;
}
