/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include "salur-settings.h"

/* Helpers */

static void
save_window_state (GtkWindow *window,
                   GSettings *settings)
{
  gboolean maximized = gtk_window_is_maximized (window);
  int width, height;

  /* A maximized window's size is the screen's: keep the size it comes
   * back to when unmaximized */
  if (!maximized)
    {
      gtk_window_get_default_size (window, &width, &height);
      /* The schema's range: out of it, g_settings_set_int would complain
       * and store nothing */
      if (width >= 360 && height >= 294)
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
    }
  g_settings_set_boolean (settings, "window-maximized", maximized);
}

/* Callbacks */

static gboolean
close_request_cb (GtkWindow *window,
                  GSettings *settings)
{
  save_window_state (window, settings);
  return FALSE;
}

/* app.quit ends the main loop with the windows still open: they get no
 * close-request, so the application's shutdown saves them. */
static void
shutdown_cb (GtkWindow    *window,
             GApplication *app)
{
  GSettings *settings = g_object_get_data (G_OBJECT (window), "salur-settings");

  save_window_state (window, settings);
}

/* Public API */

GSettings *
salur_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* g_settings_new() aborts on a schema it cannot find: look first, so that
   * a binary run from its build tree, or copied without its data, still
   * opens. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("The settings schema %s is not installed: nothing is remembered", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

void
salur_settings_track_window (GtkWindow *window)
{
  g_autoptr(GSettings) settings = NULL;
  GtkApplication *app;

  g_return_if_fail (GTK_IS_WINDOW (window));

  settings = salur_settings_new ();
  if (settings == NULL)
    return;

  gtk_window_set_default_size (window,
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (window);

  g_object_set_data_full (G_OBJECT (window), "salur-settings",
                          g_object_ref (settings), g_object_unref);
  g_signal_connect_object (window, "close-request", G_CALLBACK (close_request_cb),
                           settings, 0);
  app = gtk_window_get_application (window);
  if (app != NULL)
    g_signal_connect_object (app, "shutdown", G_CALLBACK (shutdown_cb),
                             window, G_CONNECT_SWAPPED);
}
