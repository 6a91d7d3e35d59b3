/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first run: an empty data file, the setup assistant filled in as a
 * treasurer types it, and the store then read back through the CLI. */
#include "config.h"

#include <string.h>

#include "salur-setup-assistant.h"
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

static GtkWidget *
assistant (Fixture *f)
{
  g_autoptr(GPtrArray) found = ui_collect (f->window, SALUR_TYPE_SETUP_ASSISTANT);

  return found->len > 0 ? found->pdata[0] : NULL;
}

static gboolean
setup_shown (gpointer data)
{
  return ui_mapped (assistant (data));
}

static gboolean
workspace_shown (gpointer data)
{
  Fixture *f = data;
  GtkStack *stack = ui_find_named (f->window, "stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "workspace") == 0;
}

static const char *
step (Fixture *f)
{
  return gtk_stack_get_visible_child_name (ui_find_named (assistant (f), "steps"));
}

static gboolean
message_shown (gpointer data)
{
  GtkRevealer *revealer = ui_find_named (assistant (data), "message_revealer");

  return gtk_revealer_get_reveal_child (revealer);
}

/* Types TEXT into the entry (or entry row) named NAME in the assistant */
static void
fill (Fixture    *f,
      const char *name,
      const char *text)
{
  GtkWidget *widget = ui_find_named (assistant (f), name);
  GtkWidget *target;

  g_assert_nonnull (widget);
  target = GTK_IS_TEXT (widget) ? widget : ui_find (widget, GTK_TYPE_TEXT);
  ui_type_into (target, text);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (widget)), ==, text);
}

static void
next (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (assistant (f), "setup.next", NULL));
  ui_spin (300);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("salur-test-setup-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "salur.db", NULL);
  f->store = salur_store_open (f->db, &error);
  g_assert_no_error (error);
  f->window = salur_window_new (the_app, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1366, 768);
  gtk_window_present (GTK_WINDOW (f->window));
  ui_wait_or_fail (setup_shown, f, "showing the setup assistant");
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

/* The village, 2 dusun and 2 operators, typed in */
static void
fill_village (Fixture    *f,
              const char *ngasem_rws)
{
  g_assert_cmpstr (step (f), ==, "village");
  ui_screenshot (GTK_WINDOW (f->window), "pengaturan-desa");

  /* nothing written: refused with a message, still on the first step */
  next (f);
  g_assert_true (message_shown (f));
  g_assert_cmpstr (step (f), ==, "village");

  fill (f, "desa_row", "Sukamaju");
  fill (f, "kecamatan_row", "Sukamaju");
  fill (f, "kabupaten_row", "Contoh");
  fill (f, "provinsi_row", "Contoh");
  fill (f, "kode_row", "99.01.01.2001");
  next (f);
  g_assert_cmpstr (step (f), ==, "payments");
  g_assert_false (message_shown (f));
  /* the amount is Rp300.000 unless changed */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (ui_find_named (assistant (f), "amount_spin")), ==, 300000);
  fill (f, "kepala_row", "BUDI SANTOSO");
  fill (f, "kaur_row", "SRI WAHYUNI");
  next (f);

  g_assert_cmpstr (step (f), ==, "dusun");
  fill (f, "dusun-name-0", "Krajan");
  fill (f, "dusun-rws-0", "001, 002");
  g_assert_true (gtk_widget_activate_action (assistant (f), "setup.add-dusun", NULL));
  fill (f, "dusun-name-1", "Ngasem");
  fill (f, "dusun-rws-1", ngasem_rws);
  ui_screenshot (GTK_WINDOW (f->window), "pengaturan-dusun");
  next (f);

  g_assert_cmpstr (step (f), ==, "operators");
  fill (f, "operator-name-0", "sri");
  fill (f, "operator-pin-0", "1111");
  fill (f, "operator-pin-again-0", "1111");
  g_assert_true (gtk_widget_activate_action (assistant (f), "setup.add-operator", NULL));
  fill (f, "operator-name-1", "joko");
  /* a PIN typed differently the second time: both asked again */
  fill (f, "operator-pin-1", "2222");
  fill (f, "operator-pin-again-1", "2223");
  next (f);
  g_assert_true (message_shown (f));
  g_assert_cmpstr (step (f), ==, "operators");
  g_assert_cmpstr (gtk_editable_get_text (ui_find_named (assistant (f), "operator-pin-1")), ==, "");
  fill (f, "operator-pin-1", "2222");
  /* typing again answers the message */
  g_assert_false (message_shown (f));
  fill (f, "operator-pin-again-1", "2222");
  ui_screenshot (GTK_WINDOW (f->window), "pengaturan-operator");
}

/* Tests */

static void
test_set_up (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *village = NULL, *dusun = NULL, *operators = NULL;

  if (!ui_can_type ())
    {
      g_test_skip ("no xdotool or X display: nothing can be typed");
      return;
    }
  fill_village (f, "3");
  next (f);
  ui_wait_or_fail (workspace_shown, f, "showing the workspace of the new village");

  village = ui_salur (f->db, NULL, "village", NULL);
  g_test_message ("%s", village);
  g_assert_nonnull (strstr (village, "Sukamaju"));
  g_assert_nonnull (strstr (village, "99.01.01.2001"));
  g_assert_nonnull (strstr (village, "Rp300.000"));
  g_assert_nonnull (strstr (village, "SRI WAHYUNI"));
  dusun = ui_salur (f->db, NULL, "dusun", "list", NULL);
  g_assert_cmpstr (dusun, ==, "Krajan\t001,002\nNgasem\t003\n");
  operators = ui_salur (f->db, NULL, "operator", "list", NULL);
  g_assert_cmpstr (operators, ==, "joko\tkepala-dusun\nsri\tbendahara\n");
  /* the record holds together */
  g_free (ui_salur (f->db, NULL, "verify", NULL));
}

/* A refusal by the core (an RW in two dusun) is shown, and nothing is stored */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  GtkLabel *message;
  int status;

  if (!ui_can_type ())
    {
      g_test_skip ("no xdotool or X display: nothing can be typed");
      return;
    }
  fill_village (f, "002");
  next (f);
  ui_wait_or_fail (message_shown, f, "showing why the setup was refused");
  message = ui_find_named (assistant (f), "message_label");
  g_test_message ("%s", gtk_label_get_text (message));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "002"));
  g_assert_false (workspace_shown (f));

  out = ui_salur (f->db, &status, "village", NULL);
  g_assert_cmpint (status, ==, 3);

  /* corrected, it goes through */
  g_assert_true (gtk_widget_activate_action (assistant (f), "setup.back", NULL));
  gtk_editable_set_text (ui_find_named (assistant (f), "dusun-rws-1"), "");
  fill (f, "dusun-rws-1", "3");
  next (f);
  g_assert_cmpstr (step (f), ==, "operators");
  next (f);
  ui_wait_or_fail (workspace_shown, f, "showing the workspace after the correction");
  g_free (out);
  out = ui_salur (f->db, NULL, "dusun", "list", NULL);
  g_assert_cmpstr (out, ==, "Krajan\t001,002\nNgasem\t003\n");
}

int
main (int    argc,
      char **argv)
{
  int ret;

  the_app = ui_test_init (&argc, &argv);

  g_test_add ("/setup/set-up", Fixture, NULL, fixture_setup, test_set_up, fixture_teardown);
  g_test_add ("/setup/refused", Fixture, NULL, fixture_setup, test_refused, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&the_app);
  return ret;
}
