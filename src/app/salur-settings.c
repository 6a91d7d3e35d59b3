/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include "salur-settings.h"

/* A window being resized by hand changes size many times a second: its
 * size is stored once it has rested this long, and when it closes. */
#define SAVE_DELAY_MS 300

typedef struct
{
  GtkWindow *window;       /* not owned: the state is the window's data */
  GSettings *settings;
  guint      save_source;
} WindowState;

/* Helpers */

static void
window_state_free (WindowState *state)
{
  g_clear_handle_id (&state->save_source, g_source_remove);
  g_object_unref (state->settings);
  g_free (state);
}

static void
save_window_state (WindowState *state)
{
  gboolean maximized = gtk_window_is_maximized (state->window);
  int width, height;

  g_clear_handle_id (&state->save_source, g_source_remove);

  /* A maximized window's size is the screen's: keep the size it comes
   * back to when unmaximized */
  if (!maximized)
    {
      gtk_window_get_default_size (state->window, &width, &height);
      /* The schema's range: out of it, g_settings_set_int would complain
       * and store nothing */
      if (width >= 360 && height >= 294)
        {
          g_settings_set_int (state->settings, "window-width", width);
          g_settings_set_int (state->settings, "window-height", height);
        }
    }
  g_settings_set_boolean (state->settings, "window-maximized", maximized);
}

/* Callbacks */

static gboolean
save_timeout_cb (gpointer user_data)
{
  WindowState *state = user_data;

  state->save_source = 0;
  save_window_state (state);
  return G_SOURCE_REMOVE;
}

static void
size_changed_cb (WindowState *state)
{
  g_clear_handle_id (&state->save_source, g_source_remove);
  state->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, state);
}

static gboolean
close_request_cb (WindowState *state)
{
  save_window_state (state);
  return FALSE;
}

/* app.quit ends the main loop with the windows still open: they get no
 * close-request, so the application's shutdown saves them. */
static void
shutdown_cb (GtkWindow *window)
{
  WindowState *state = g_object_get_data (G_OBJECT (window), "salur-window-state");

  save_window_state (state);
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
  GSettings *settings;
  WindowState *state;
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

  state = g_new0 (WindowState, 1);
  state->window = window;
  state->settings = settings;
  g_object_set_data_full (G_OBJECT (window), "salur-window-state",
                          state, (GDestroyNotify) window_state_free);

  /* GTK updates the default size as the window is resized */
  g_signal_connect_swapped (window, "notify::default-width", G_CALLBACK (size_changed_cb), state);
  g_signal_connect_swapped (window, "notify::default-height", G_CALLBACK (size_changed_cb), state);
  g_signal_connect_swapped (window, "notify::maximized", G_CALLBACK (size_changed_cb), state);
  g_signal_connect_swapped (window, "close-request", G_CALLBACK (close_request_cb), state);
  app = gtk_window_get_application (window);
  if (app != NULL)
    g_signal_connect_object (app, "shutdown", G_CALLBACK (shutdown_cb),
                             window, G_CONNECT_SWAPPED);
}
