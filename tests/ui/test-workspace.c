/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The treasurer's workspace: its pages, folding on a narrow window, the
 * menu's actions, and signing in with a PIN typed as a person types it. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "salur-app-util.h"
#include "salur-demo.h"
#include "salur-desk-check.h"
#include "salur-desk-window.h"
#include "salur-error.h"
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

static gboolean
workspace_shown (gpointer data)
{
  Fixture *f = data;
  GtkStack *stack = ui_find_named (f->window, "stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "workspace") == 0
         && salur_window_get_page (f->window, "kpm") != NULL;
}

static SalurWindow *
open_window (Fixture *f,
             int      width,
             int      height)
{
  SalurWindow *window = salur_window_new (the_app, f->store);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("salur-test-workspace-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "salur.db", NULL);
  f->store = salur_store_open (f->db, &error);
  g_assert_no_error (error);
  salur_demo_create (f->store, 40, 1, &error);
  g_assert_no_error (error);
  f->window = open_window (f, 1366, 768);
  ui_wait_or_fail (workspace_shown, f, "showing the workspace");
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
destroy_window (SalurWindow **window)
{
  g_object_add_weak_pointer (G_OBJECT (*window), (gpointer *) window);
  gtk_window_destroy (GTK_WINDOW (*window));
  g_assert_true (ui_wait_for (window_gone, window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  destroy_window (&f->window);
  g_clear_object (&f->store);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->db);
  g_free (f->dir);
}

static SalurSignInDialog *
sign_in_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (SALUR_IS_SIGN_IN_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return SALUR_SIGN_IN_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_open (gpointer data)
{
  return sign_in_dialog () != NULL && ui_mapped (sign_in_dialog ());
}

static gboolean
dialog_closed (gpointer data)
{
  return sign_in_dialog () == NULL;
}

static gboolean
label_visible (gpointer data)
{
  return gtk_widget_get_visible (data) && *gtk_label_get_text (data) != '\0';
}

/* Chooses NAME in the dialog's list of operators */
static void
choose_operator (SalurSignInDialog *dialog,
                 const char        *name)
{
  AdwComboRow *row = ui_find_named (dialog, "operator_row");
  GListModel *names = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name))
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  g_error ("no operator %s in the sign-in dialog", name);
}

static gboolean
pin_checked (gpointer data)
{
  /* the PIN row is emptied once the core answered */
  return *gtk_editable_get_text (GTK_EDITABLE (data)) == '\0';
}

/* Types PIN into the dialog's PIN row and presses Enter; the check runs in a
 * thread: waits for its answer unless the dialog closes on it */
static void
type_pin (SalurSignInDialog *dialog,
          const char        *pin)
{
  GtkWidget *pin_row = ui_find_named (dialog, "pin_row");
  GtkWidget *text = ui_find (pin_row, GTK_TYPE_TEXT);

  ui_type_into (text, pin);
  g_object_ref (pin_row);
  ui_key (GTK_WINDOW (dialog), "Return");
  ui_wait_or_fail (pin_checked, pin_row, "checking the PIN");
  g_object_unref (pin_row);
}

/* Tests */

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  GtkListBox *sidebar = ui_find_named (f->window, "sidebar");
  AdwWindowTitle *title = ui_find_named (f->window, "window_title");
  GtkStack *pages = ui_find_named (f->window, "pages");
  g_autofree char *first_title = NULL;
  guint n_rows = 0;

  /* one sidebar row per page, each showing its page */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (sidebar)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *name = gtk_widget_get_name (row);

      g_assert_nonnull (salur_window_get_page (f->window, name));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", name));
      g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, name);
      g_assert_true (gtk_list_box_get_selected_row (sidebar) == GTK_LIST_BOX_ROW (row));
      /* the header names the page */
      g_assert_cmpstr (adw_window_title_get_title (title), ==,
                       gtk_stack_page_get_title (gtk_stack_get_page (pages, salur_window_get_page (f->window, name))));
      n_rows++;
    }
  g_assert_cmpuint (n_rows, >=, 1);
  g_test_message ("%u pages", n_rows);
  first_title = g_strdup (adw_window_title_get_subtitle (title));
  g_assert_true (g_str_has_prefix (first_title, "Desa "));

  /* a 1366×768 screen shows the sidebar and the page side by side */
  g_assert_false (adw_leaflet_get_folded (ui_find_named (f->window, "leaflet")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "kpm"));
  ui_screenshot (GTK_WINDOW (f->window), "daftar-kpm");

  /* Ctrl+F: the search, on the KPM list */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "kpm");
}

typedef struct
{
  AdwLeaflet *leaflet;
  gboolean    folded;
} FoldWait;

static gboolean
fold_is (gpointer data)
{
  FoldWait *w = data;

  return ui_mapped (w->leaflet) && adw_leaflet_get_folded (w->leaflet) == w->folded;
}

static gboolean
leaflet_shows (gpointer data)
{
  AdwLeaflet *leaflet = data;
  const char *want = g_object_get_data (G_OBJECT (leaflet), "want");

  return g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), want) == 0;
}

static const char *const page_names[] = { "dashboard", "kpm", "import", "cards", "devices", "merge", "reports",
                                          "complaints" };

/* A 1024×600 netbook still shows both; a narrower window folds the
 * sidebar away behind a back button */
static void
test_fold (Fixture       *f,
           gconstpointer  data)
{
  SalurWindow *netbook = open_window (f, 1024, 600);
  SalurWindow *narrow = open_window (f, 640, 560);
  FoldWait unfolded, folded;
  Fixture nf = *f;

  nf.window = netbook;
  ui_wait_or_fail (workspace_shown, &nf, "showing the netbook's workspace");
  unfolded = (FoldWait) { ui_find_named (netbook, "leaflet"), FALSE };
  ui_wait_or_fail (fold_is, &unfolded, "unfolded at 1024×600");

  nf.window = narrow;
  ui_wait_or_fail (workspace_shown, &nf, "showing the narrow workspace");
  folded = (FoldWait) { ui_find_named (narrow, "leaflet"), TRUE };
  ui_wait_or_fail (fold_is, &folded, "folded at 640 pixels");
  /* folded: the page first; the back button shows the pages, a row the page again */
  g_object_set_data (G_OBJECT (folded.leaflet), "want", (gpointer) "content");
  ui_wait_or_fail (leaflet_shows, folded.leaflet, "showing the page");
  g_assert_true (gtk_widget_get_visible (ui_find_named (narrow, "back_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (narrow), "win.show-sidebar", NULL));
  g_object_set_data (G_OBJECT (folded.leaflet), "want", (gpointer) "sidebar");
  ui_wait_or_fail (leaflet_shows, folded.leaflet, "showing the pages");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (narrow), "win.show-page", "s", "kpm"));
  g_object_set_data (G_OBJECT (folded.leaflet), "want", (gpointer) "content");
  ui_wait_or_fail (leaflet_shows, folded.leaflet, "showing the page again");

  /* every page fits the narrow window and the netbook's: none makes it wider */
  for (gsize i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      if (salur_window_get_page (narrow, page_names[i]) == NULL)
        continue;
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (narrow), "win.show-page", "s", page_names[i]));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (netbook), "win.show-page", "s", page_names[i]));
      ui_spin (300);
      g_test_message ("%s: %d and %d pixels wide", page_names[i], gtk_widget_get_width (GTK_WIDGET (narrow)),
                      gtk_widget_get_width (GTK_WIDGET (netbook)));
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (narrow)), <=, 640);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (netbook)), <=, 1024);
    }

  destroy_window (&netbook);
  destroy_window (&narrow);
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  SalurSession *session = salur_window_get_session (f->window);
  GtkLabel *operator_label = ui_find_named (f->window, "operator_label");
  SalurSignInDialog *dialog;
  GtkLabel *message;
  g_autofree char *bad_pin_message = NULL;
  g_autoptr(GError) error = NULL;

  if (!ui_can_type ())
    {
      g_test_skip ("no xdotool or X display: PINs cannot be typed");
      return;
    }
  g_assert_null (salur_session_get_operator (session));

  /* a wrong PIN: the core's message, nobody signed in */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in", NULL));
  ui_wait_or_fail (dialog_open, NULL, "showing the sign-in dialog");
  dialog = sign_in_dialog ();
  if (g_getenv ("SALUR_SCREENSHOT_DIR") != NULL)
    {
      ui_center_window (GTK_WINDOW (dialog));
      ui_screenshot (GTK_WINDOW (dialog), "masuk");
    }
  message = ui_find_named (dialog, "message_label");
  choose_operator (dialog, "sri");
  type_pin (dialog, "9999");
  ui_wait_or_fail (label_visible, message, "saying the PIN is wrong");
  g_assert_null (salur_session_get_operator (session));
  bad_pin_message = g_strdup (gtk_label_get_text (message));

  /* the right one, typed: signed in, named in the header bar */
  type_pin (dialog, "1111");
  ui_wait_or_fail (dialog_closed, NULL, "closing the dialog");
  g_assert_nonnull (salur_session_get_operator (session));
  g_assert_cmpstr (salur_session_get_operator (session)->name, ==, "sri");
  g_assert_nonnull (strstr (gtk_label_get_text (operator_label), "sri"));
  g_assert_nonnull (salur_window_get_last_toast (f->window));
  g_assert_nonnull (strstr (salur_window_get_last_toast (f->window), "sri"));

  /* three wrong PINs for joko: the fourth try is told to wait, as the core says */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in", NULL));
  ui_wait_or_fail (dialog_open, NULL, "showing the sign-in dialog again");
  dialog = sign_in_dialog ();
  message = ui_find_named (dialog, "message_label");
  choose_operator (dialog, "joko");
  for (int i = 0; i < 4; i++)
    type_pin (dialog, "0000");
  ui_wait_or_fail (label_visible, message, "saying why");
  g_assert_cmpstr (gtk_label_get_text (message), !=, bad_pin_message);
  g_assert_null (salur_ledger_login (f->store, "joko", "2222", &error));
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_THROTTLED);
  /* sri is still the one signed in */
  g_assert_cmpstr (salur_session_get_operator (session)->name, ==, "sri");
  gtk_window_close (GTK_WINDOW (dialog));
  ui_wait_or_fail (dialog_closed, NULL, "closing the dialog");

  /* signing out from the menu */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-out", NULL));
  g_assert_null (salur_session_get_operator (session));
  g_assert_null (strstr (gtk_label_get_text (operator_label), "sri"));
}

static gboolean
window_has_action (SalurWindow *window,
                   const char  *name)
{
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (window);
  const char *action, *property;
  const GVariantType *parameter;
  guint i = 0;
  GType owner;

  while (gtk_widget_class_query_action (klass, i++, &owner, &action, &parameter, &property))
    if (g_str_equal (action, name))
      return TRUE;
  /* GtkApplicationWindow's own, such as show-help-overlay */
  return g_str_has_prefix (name, "win.") && g_action_map_lookup_action (G_ACTION_MAP (window), name + 4) != NULL;
}

static gboolean
popover_mapped (gpointer data)
{
  return ui_mapped (gtk_menu_button_get_popover (data));
}

/* The item labelled LABEL (as the .ui file says it) as the open menu of
 * MENU_BUTTON shows it, or NULL: "hidden-when action-disabled" leaves it
 * out while its action is disabled. A menu's buttons carry no action name
 * of their own: they are known by their text. */
static GtkWidget *
menu_item_shown (GtkMenuButton *menu_button,
                 const char    *label)
{
  g_autoptr(GString) text = g_string_new (g_dgettext (GETTEXT_PACKAGE, label));
  g_autoptr(GPtrArray) all = NULL;
  GtkWidget *item = NULL;

  /* shown without the mnemonic's underscore */
  g_string_replace (text, "_", "", 0);

  gtk_menu_button_popup (menu_button);
  ui_wait_or_fail (popover_mapped, menu_button, "opening the menu");
  all = ui_collect (gtk_menu_button_get_popover (menu_button), GTK_TYPE_WIDGET);
  for (guint i = 0; i < all->len && item == NULL; i++)
    {
      g_autofree char *shown = NULL;

      if (!g_str_equal (G_OBJECT_TYPE_NAME (all->pdata[i]), "GtkModelButton"))
        continue;
      g_object_get (all->pdata[i], "text", &shown, NULL);
      if (g_strcmp0 (shown, text->str) == 0 && ui_mapped (all->pdata[i]))
        item = all->pdata[i];
    }
  gtk_menu_button_popdown (menu_button);
  return item;
}

static void
test_menu (Fixture       *f,
           gconstpointer  data)
{
  GMenuModel *menu = gtk_menu_button_get_menu_model (ui_find_named (f->window, "menu_button"));
  guint n_items = 0;

  /* every item of the main menu is an action the window or the app has */
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
          if (g_str_has_prefix (action, "app."))
            g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (the_app), action + 4));
          else
            g_assert_true (window_has_action (f->window, action));
          n_items++;
        }
      g_object_unref (section);
    }
  g_assert_cmpuint (n_items, >=, 7);
  /* the guide is in the source tree (docs/panduan), so the window offers it,
   * and the desk's menu too: the kepala dusun has a part of it */
  {
    g_autofree char *guide = salur_app_find_guide ();
    g_assert_nonnull (guide);
  }
  g_assert_nonnull (menu_item_shown (ui_find_named (f->window, "menu_button"), "_User Guide"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalurDevice) device = salur_desk_this_device (f->store, &error);
    SalurDeskWindow *desk;

    g_assert_no_error (error);
    desk = salur_desk_window_new (the_app, f->store, device);
    gtk_window_present (GTK_WINDOW (desk));
    g_assert_nonnull (menu_item_shown (ui_find_named (desk, "menu_button"), "_User Guide"));
    g_object_add_weak_pointer (G_OBJECT (desk), (gpointer *) &desk);
    gtk_window_destroy (GTK_WINDOW (desk));
    g_assert_true (ui_wait_for (window_gone, &desk));
  }
  /* the keyboard shortcuts window is there to show */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window)));

  /* a toast from any page, its text as given (not markup) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toast", "s", "Tersimpan <ok> & rapi"));
  g_assert_cmpstr (salur_window_get_last_toast (f->window), ==, "Tersimpan <ok> & rapi");
}

/* The demo village opens in a window of its own, on a data file of its own */
static void
test_open_demo (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *demo_db = g_build_filename (f->dir, "demo.db", NULL);
  g_autoptr(GList) before = gtk_application_get_windows (GTK_APPLICATION (the_app));
  g_autofree char *list = NULL;
  SalurWindow *demo = NULL;
  Fixture df = *f;

  before = g_list_copy (before);
  g_setenv ("SALUR_DEMO_DB", demo_db, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-demo", NULL));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (the_app)); l != NULL; l = l->next)
    if (g_list_find (before, l->data) == NULL && SALUR_IS_WINDOW (l->data))
      demo = l->data;
  g_assert_nonnull (demo);
  df.window = demo;
  ui_wait_or_fail (workspace_shown, &df, "showing the demo village");
  g_unsetenv ("SALUR_DEMO_DB");

  list = ui_salur (demo_db, NULL, "list", "--format", "csv", NULL);
  g_assert_cmpuint (strlen (list), >, 1000);
  /* the window's own store is as it was */
  g_assert_cmpint (salur_store_count_kpm (f->store), ==, 40);
  destroy_window (&demo);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  the_app = ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/workspace/pages", test_pages);
  ADD ("/workspace/fold", test_fold);
  ADD ("/workspace/sign-in", test_sign_in);
  ADD ("/workspace/menu", test_menu);
  ADD ("/workspace/open-demo", test_open_demo);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&the_app);
  return ret;
}
