/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The application's settings (data/id.desa.Salur.gschema.xml), or NULL when
 * the schema is neither installed nor in GSETTINGS_SCHEMA_DIR: Salur then
 * runs with its defaults and remembers nothing. */
GSettings *salur_settings_new          (void);

/* Gives WINDOW the size and maximized state it was last closed with, and
 * stores them again when it is closed or the application quits. Does
 * nothing without the schema. */
void       salur_settings_track_window (GtkWindow *window);

G_END_DECLS
