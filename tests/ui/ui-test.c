/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "salur-application.h"
#include "ui-test.h"

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
ui_wait_for (UiCondition cond,
             gpointer    data)
{
  gint64 end = g_get_monotonic_time () + (gint64) UI_TEST_TIMEOUT_MS * 1000;
  guint tick = g_timeout_add (10, tick_cb, NULL);
  gboolean ok;

  /* the tick keeps g_main_context_iteration from blocking past the deadline */
  while (!(ok = cond (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return ok;
}

void
ui_wait_or_fail (UiCondition  cond,
                 gpointer     data,
                 const char  *what)
{
  if (!ui_wait_for (cond, data))
    g_error ("still not %s after %d ms", what, UI_TEST_TIMEOUT_MS);
}

void
ui_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  guint tick = g_timeout_add (10, tick_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, out);
}

GPtrArray *
ui_collect (gpointer root,
            GType    type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (GTK_WIDGET (root), type, found);
  return found;
}

gpointer
ui_find (gpointer root,
         GType    type)
{
  g_autoptr(GPtrArray) found = ui_collect (root, type);

  if (found->len == 0)
    g_error ("no %s under %s", g_type_name (type), G_OBJECT_TYPE_NAME (root));
  return g_ptr_array_index (found, 0);
}

gpointer
ui_find_named (gpointer    root,
               const char *name)
{
  g_autoptr(GPtrArray) all = ui_collect (root, GTK_TYPE_WIDGET);

  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *w = all->pdata[i];
      const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (w));

      if (g_strcmp0 (id, name) == 0 || g_strcmp0 (gtk_widget_get_name (w), name) == 0)
        return w;
    }
  return NULL;
}

GtkWidget *
ui_find_action (gpointer    root,
                const char *action_name)
{
  g_autoptr(GPtrArray) all = ui_collect (root, GTK_TYPE_WIDGET);

  for (guint i = 0; i < all->len; i++)
    if (GTK_IS_ACTIONABLE (all->pdata[i])
        && g_strcmp0 (gtk_actionable_get_action_name (all->pdata[i]), action_name) == 0)
      return all->pdata[i];
  return NULL;
}

gboolean
ui_mapped (gpointer widget)
{
  return widget != NULL && gtk_widget_get_mapped (widget);
}

GtkWindow *
ui_find_window (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (w), title) == 0 && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

gboolean
ui_can_type (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  return xdotool != NULL && g_getenv ("DISPLAY") != NULL
         && GDK_IS_X11_DISPLAY (gdk_display_get_default ());
}

typedef struct
{
  gboolean done;
  int      status;
} Child;

static void
child_done_cb (GPid     pid,
               int      status,
               gpointer data)
{
  Child *child = data;

  child->status = status;
  child->done = TRUE;
  g_spawn_close_pid (pid);
}

static gboolean
child_done (gpointer data)
{
  return ((Child *) data)->done;
}

/* xdotool, while this process keeps answering the X server */
static void
xdotool (GtkWindow  *window,
         const char *command,
         const char *argument)
{
  g_autoptr(GError) error = NULL;
  GdkSurface *surface;
  g_autofree char *wid = NULL;
  GPid pid;
  Child child = { 0 };

  g_assert_true (ui_can_type ());
  g_assert_true (ui_wait_for (ui_mapped, window));
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  wid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  {
    /* without a window manager nobody gives the window the keyboard: take it */
    const char *argv[] = { "xdotool", "mousemove", "--window", wid, "20", "20",
                           "windowfocus", "--sync", wid,
                           command, "--delay", "12", argument, NULL };
    const char *key_argv[] = { "xdotool", "mousemove", "--window", wid, "20", "20",
                               "windowfocus", "--sync", wid,
                               command, argument, NULL };

    if (!g_spawn_async (NULL, (char **) (g_str_equal (command, "type") ? argv : key_argv), NULL,
                        G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error))
      g_error ("cannot run xdotool: %s", error->message);
  }
  g_child_watch_add (pid, child_done_cb, &child);
  ui_wait_or_fail (child_done, &child, "done typing");
  g_assert_true (g_spawn_check_wait_status (child.status, NULL));
  /* the keys are in this process's queue: let GTK take them */
  ui_spin (150);
}

void
ui_type (GtkWindow  *window,
         const char *text)
{
  xdotool (window, "type", text);
}

void
ui_key (GtkWindow  *window,
        const char *keys)
{
  xdotool (window, "key", keys);
}

typedef struct
{
  GtkWidget  *widget;
} FocusWait;

static gboolean
has_focus (gpointer data)
{
  GtkWidget *widget = data;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

void
ui_type_into (GtkWidget  *widget,
              const char *text)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));

  g_assert_true (ui_wait_for (ui_mapped, widget));
  gtk_widget_grab_focus (widget);
  g_assert_true (ui_wait_for (has_focus, widget));
  ui_type (window, text);
}

char *
ui_salur (const char *db,
          int        *exit_status,
          const char *first_arg,
          ...)
{
  const char *salur = g_getenv ("SALUR");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;
  va_list ap;

  if (salur == NULL)
    g_error ("set SALUR to the salur binary");
  g_ptr_array_add (argv, (char *) salur);
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error))
    g_error ("cannot run %s: %s", salur, error->message);
  if (exit_status != NULL)
    *exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  else if (!g_spawn_check_wait_status (status, NULL))
    g_error ("salur %s failed: %s", first_arg, err);
  return out;
}

void
ui_center_window (GtkWindow *window)
{
  GdkSurface *surface;
  GdkMonitor *monitor;
  GdkRectangle area;
  g_autofree char *wid = NULL, *x = NULL, *y = NULL;
  const char *argv[] = { "xdotool", "windowmove", NULL, NULL, NULL, NULL };

  if (!ui_can_type () || !ui_wait_for (ui_mapped, window))
    return;
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  monitor = gdk_display_get_monitor_at_surface (gdk_display_get_default (), surface);
  gdk_monitor_get_geometry (monitor, &area);
  wid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  x = g_strdup_printf ("%d", MAX (0, (area.width - gdk_surface_get_width (surface)) / 2));
  y = g_strdup_printf ("%d", MAX (0, (area.height - gdk_surface_get_height (surface)) / 3));
  argv[2] = wid;
  argv[3] = x;
  argv[4] = y;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  ui_spin (200);
}

static gboolean
no_toast (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);
      g_autoptr(GPtrArray) all = ui_collect (w, GTK_TYPE_WIDGET);

      for (guint j = 0; j < all->len; j++)
        if (g_str_equal (gtk_widget_get_css_name (all->pdata[j]), "toast") && gtk_widget_get_mapped (all->pdata[j]))
          return FALSE;
    }
  return TRUE;
}

void
ui_screenshot (GtkWindow  *window,
               const char *name)
{
  const char *dir = g_getenv ("SALUR_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "import", "-window", "root", NULL, NULL };
  int status;

  if (dir == NULL || *dir == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  argv[3] = path;
  /* toasts go first, and the tooltip of wherever the pointer was left:
   * they would hide what the picture is about */
  ui_wait_for (no_toast, window);
  g_spawn_command_line_sync ("xdotool mousemove 0 767", NULL, NULL, NULL, NULL);
  /* let transitions end and the last frame be drawn */
  ui_spin (1200);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, NULL))
    g_printerr ("# screenshot %s failed\n", path);
  else
    g_printerr ("# saved %s\n", path);
}

AdwApplication *
ui_test_init (int    *argc,
              char ***argv)
{
  g_autoptr(GError) error = NULL;
  SalurApplication *app;

  /* LANGUAGE=id shows the screens in Indonesian, as main.c would */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  app = salur_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("cannot register the application: %s", error->message);
  return ADW_APPLICATION (app);
}
