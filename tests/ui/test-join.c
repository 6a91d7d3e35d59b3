/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A desk laptop set up without a terminal. The bendahara's village and a
 * desk package for Dusun Krajan come from the CLI; the application then
 * starts as installed on a laptop that has nothing yet (a data file that
 * does not exist), and on its first-run screen the package is chosen in the
 * file chooser and the passphrase typed. Refusals (a wrong passphrase, a
 * bundle, a file cut short) show the core's words and leave the data file as
 * it was; the right passphrase turns the window into the desk's sign-in for
 * Krajan, and the CLI then finds a desk of that village in the same file. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "salur-application.h"
#include "salur-desk-window.h"
#include "salur-login.h"
#include "salur-setup-assistant.h"
#include "ui-test.h"

#define PASSPHRASE "rahasia desa 2026"

static AdwApplication *the_app;

/* Helpers */

/* A message of the core as the screen shows it, in the UI's language (the
 * guide's pictures are taken with LANGUAGE=id) */
static char *
core_says (const char *format,
           const char *file)
{
  return g_strdup_printf (_(format), file);
}

static GtkWindow *
window_of_type (GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (the_app)); l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

static GtkWidget *
assistant (void)
{
  GtkWindow *window = window_of_type (SALUR_TYPE_WINDOW);
  g_autoptr(GPtrArray) found = NULL;

  if (window == NULL)
    return NULL;
  found = ui_collect (window, SALUR_TYPE_SETUP_ASSISTANT);
  return found->len > 0 ? found->pdata[0] : NULL;
}

static const char *
step (void)
{
  return gtk_stack_get_visible_child_name (ui_find_named (assistant (), "steps"));
}

static gboolean
setup_shown (gpointer data)
{
  return ui_mapped (assistant ());
}

static gboolean
join_page_shown (gpointer data)
{
  return assistant () != NULL && g_strcmp0 (step (), "join") == 0;
}

static gboolean
message_shown (gpointer data)
{
  return join_page_shown (NULL)
         && gtk_revealer_get_reveal_child (ui_find_named (assistant (), "message_revealer"));
}

static const char *
message (void)
{
  return gtk_label_get_text (ui_find_named (assistant (), "message_label"));
}

static GtkWindow *
file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
file_chooser_shown (gpointer data)
{
  return file_chooser () != NULL;
}

static gboolean
file_chooser_gone (gpointer data)
{
  return file_chooser () == NULL;
}

static gboolean
package_chosen (gpointer data)
{
  AdwActionRow *row = ui_find_named (assistant (), "package_row");

  return g_strcmp0 (adw_action_row_get_subtitle (row), data) == 0;
}

/* The package chosen as a person does: the file chooser opened from the
 * screen, the path typed into it (typing "/" opens its location entry),
 * Enter */
static void
choose (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  GtkWindow *chooser;

  g_assert_true (gtk_widget_activate_action (assistant (), "setup.choose-package", NULL));
  ui_wait_or_fail (file_chooser_shown, NULL, "showing the file chooser");
  chooser = file_chooser ();
  ui_center_window (chooser);
  ui_spin (300);
  ui_type (chooser, path);
  ui_spin (300);
  ui_key (chooser, "Return");
  ui_wait_or_fail (file_chooser_gone, NULL, "closing the file chooser");
  ui_wait_or_fail (package_chosen, base, "showing the package chosen");
}

/* The passphrase typed into its row, then Enter: the join */
static void
join_with (const char *passphrase)
{
  GtkWidget *row = ui_find_named (assistant (), "passphrase_row");

  gtk_editable_set_text (GTK_EDITABLE (row), "");
  ui_type_into (ui_find (row, GTK_TYPE_TEXT), passphrase);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, passphrase);
  ui_key (GTK_WINDOW (gtk_widget_get_root (row)), "Return");
}

/* The bytes of the data file and its WAL: what a refusal must not change */
static char *
fingerprint (const char *db)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *suffixes[] = { "", "-wal" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db, suffixes[i], NULL);
      g_autofree char *data = NULL;
      gsize len = 0;

      if (g_file_get_contents (path, &data, &len, NULL))
        g_checksum_update (sum, (const guchar *) data, len);
      g_checksum_update (sum, (const guchar *) "|", 1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

/* Files beside the store other than it, its WAL and its backups */
static guint
scratch_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += strstr (name, ".join-") != NULL;
  return n;
}

static GtkWidget *
login (void)
{
  GtkWindow *desk = window_of_type (SALUR_TYPE_DESK_WINDOW);
  g_autoptr(GPtrArray) logins = NULL;

  if (desk == NULL)
    return NULL;
  logins = ui_collect (desk, SALUR_TYPE_LOGIN);
  return logins->len > 0 ? logins->pdata[0] : NULL;
}

/* The desk's sign-in, filled from the store, and no workspace beside it */
static gboolean
sign_in_shown (gpointer data)
{
  GtkWidget *page = login ();

  return page != NULL && ui_mapped (page) && window_of_type (SALUR_TYPE_WINDOW) == NULL
         && *gtk_label_get_text (ui_find_named (page, "subtitle_label")) != '\0';
}

/* Every window at the size of the guide's pictures, as a laptop's screen */
static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window)
{
  gtk_window_set_default_size (window, 1366, 768);
}

/* Tests */

static void
test_join (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("salur-test-join-XXXXXX", &error);
  g_autofree char *master = g_build_filename (dir, "bendahara.db", NULL);
  g_autofree char *db = g_build_filename (dir, "laptop", "salur.db", NULL);
  g_autofree char *pkg = g_build_filename (dir, "meja-krajan.pkg", NULL);
  g_autofree char *cut = g_build_filename (dir, "terpotong.pkg", NULL);
  g_autofree char *bundle = g_build_filename (dir, "bendahara.bundle", NULL);
  g_autofree char *out = NULL, *before = NULL, *after = NULL, *data = NULL, *rm = NULL, *laptop_dir = NULL;
  g_autofree char *said = NULL;
  GtkWindow *desk;
  gsize len;
  int status;

  g_assert_no_error (error);
  if (!ui_can_type ())
    {
      g_test_skip ("no xdotool or X display: nothing can be typed");
      return;
    }

  /* the bendahara's laptop: the village, a desk package for Krajan, and a
   * bundle and a package cut short, to be refused */
  g_setenv ("SALUR_PASSPHRASE", PASSPHRASE, TRUE);
  g_setenv ("SALUR_PIN", "1111", TRUE);
  g_free (ui_salur (master, NULL, "demo", "--kpm", "40", NULL));
  g_free (ui_salur (master, NULL, "--operator", "sri", "package", "--for", "desk", "--dusun", "Krajan",
                    "--name", "Meja Krajan", "--out", pkg, NULL));
  g_free (ui_salur (master, NULL, "export", "--out", bundle, NULL));
  g_assert_true (g_file_get_contents (pkg, &data, &len, NULL));
  g_assert_true (g_file_set_contents (cut, data, len / 2, NULL));
  g_unsetenv ("SALUR_PASSPHRASE");
  g_unsetenv ("SALUR_PIN");

  /* the laptop: Salur opened for the first time, on a data file that does
   * not exist yet, as --db or the default path would give it */
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_setenv ("SALUR_DB", db, TRUE);
  g_signal_connect (the_app, "window-added", G_CALLBACK (window_added_cb), NULL);
  g_application_activate (G_APPLICATION (the_app));
  ui_wait_or_fail (setup_shown, NULL, "showing the first-run screen");
  ui_screenshot (window_of_type (SALUR_TYPE_WINDOW), "siapkan-laptop-pilihan");
  g_assert_cmpstr (step (), ==, "village");
  /* the third choice beside the new village and the demo */
  g_assert_true (ui_mapped (ui_find_named (assistant (), "join_choice_button")));
  g_assert_true (gtk_widget_activate_action (assistant (), "setup.show-join", NULL));
  ui_wait_or_fail (join_page_shown, NULL, "showing the package page");

  laptop_dir = g_path_get_dirname (db);
  before = fingerprint (db);

  /* a wrong passphrase: the core's message, the store as it was */
  choose (pkg);
  join_with ("rahasia desa 2027");
  ui_wait_or_fail (message_shown, NULL, "showing why the join was refused");
  g_test_message ("%s", message ());
  g_assert_cmpstr (message (), ==, _("The passphrase is wrong: this file was locked with another one."));
  g_assert_cmpstr (gtk_editable_get_text (ui_find_named (assistant (), "passphrase_row")), ==, "");
  after = fingerprint (db);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (scratch_files (laptop_dir), ==, 0);

  /* a bundle where a package belongs, and a package cut short */
  choose (bundle);
  join_with (PASSPHRASE);
  ui_wait_or_fail (message_shown, NULL, "refusing a bundle");
  g_test_message ("%s", message ());
  said = core_says ("%s is a bundle of payments, not a package: merge it with “salur merge”.", "bendahara.bundle");
  g_assert_cmpstr (message (), ==, said);
  g_clear_pointer (&said, g_free);
  choose (cut);
  join_with (PASSPHRASE);
  ui_wait_or_fail (message_shown, NULL, "refusing a package cut short");
  g_test_message ("%s", message ());
  said = core_says ("%s is cut short: it was not copied completely (was the USB stick pulled out?). "
                    "Copy it again from the device that wrote it.", "terpotong.pkg");
  g_assert_cmpstr (message (), ==, said);
  g_clear_pointer (&said, g_free);
  g_clear_pointer (&after, g_free);
  after = fingerprint (db);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (scratch_files (laptop_dir), ==, 0);
  /* still no village in it, for the CLI too */
  out = ui_salur (db, &status, "village", NULL);
  g_assert_cmpint (status, ==, 3);
  g_clear_pointer (&out, g_free);

  /* the package, the passphrase: the screen as the guide shows it */
  choose (pkg);
  gtk_editable_set_text (ui_find_named (assistant (), "passphrase_row"), "");
  ui_type_into (ui_find (ui_find_named (assistant (), "passphrase_row"), GTK_TYPE_TEXT), PASSPHRASE);
  ui_screenshot (window_of_type (SALUR_TYPE_WINDOW), "siapkan-laptop");
  ui_key (window_of_type (SALUR_TYPE_WINDOW), "Return");

  /* the workspace gives way to the desk's sign-in, for Krajan */
  ui_wait_or_fail (sign_in_shown, NULL, "showing the desk's sign-in");
  desk = window_of_type (SALUR_TYPE_DESK_WINDOW);
  said = core_says ("Desk of Dusun %s", "Krajan");
  {
    g_autofree char *subtitle = g_strdup_printf ("%s · Sukamaju", said);
    g_assert_cmpstr (gtk_label_get_text (ui_find_named (login (), "subtitle_label")), ==, subtitle);
  }
  g_assert_true (salur_application_get_store (SALUR_APPLICATION (the_app)) != NULL);
  g_assert_cmpstr (salur_store_get_path (salur_application_get_store (SALUR_APPLICATION (the_app))), ==, db);
  g_assert_cmpuint (scratch_files (laptop_dir), ==, 0);

  /* the same file, read by the CLI: a desk of the village, the list whole */
  out = ui_salur (db, NULL, "devices", NULL);
  g_test_message ("%s", out);
  g_assert_true (g_regex_match_simple ("^[0-9A-Z]{3}  desk +Meja Krajan +Krajan", out, G_REGEX_MULTILINE, 0));
  {
    g_autofree char *self_line = g_strdup_printf ("Krajan%s", _(" (this laptop)"));
    g_assert_nonnull (strstr (out, self_line));
  }
  g_clear_pointer (&out, g_free);
  out = ui_salur (db, NULL, "village", NULL);
  g_assert_nonnull (strstr (out, "Sukamaju"));
  g_clear_pointer (&out, g_free);
  out = ui_salur (db, NULL, "verify", NULL);
  g_test_message ("%s", out);
  g_clear_pointer (&out, g_free);
  out = ui_salur (db, NULL, "list", "--format", "csv", NULL);
  /* a header and the 40 KPM of the village (a desk holds them all) */
  {
    g_auto(GStrv) lines = g_strsplit (g_strstrip (out), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 41);
  }

  gtk_window_destroy (desk);
  ui_spin (200);
  rm = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (rm), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  the_app = ui_test_init (&argc, &argv);
  g_test_add_func ("/join/package", test_join);
  ret = g_test_run ();
  g_clear_object (&the_app);
  return ret;
}
