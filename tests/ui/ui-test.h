/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the workspace's UI tests share: waiting on a condition with a bound,
 * finding widgets, typing into the real window with xdotool as a person
 * types, and asking the real binary ($SALUR) what the store holds. TAP on
 * stdout belongs to GTest: everything else goes to stderr. */

#include <adwaita.h>

#include "salur-window.h"

G_BEGIN_DECLS

#define UI_TEST_TIMEOUT_MS 30000

typedef gboolean (*UiCondition) (gpointer data);

/* Runs the main loop until COND holds or the timeout passes */
gboolean    ui_wait_for         (UiCondition  cond,
                                 gpointer     data);
/* Fails the test (naming WHAT) unless COND comes to hold */
void        ui_wait_or_fail     (UiCondition  cond,
                                 gpointer     data,
                                 const char  *what);
/* Lets the main loop run MS milliseconds (layout, drawing) */
void        ui_spin             (guint        ms);

/* Every widget of TYPE under ROOT (ROOT included), in tree order */
GPtrArray  *ui_collect          (gpointer     root,
                                 GType        type);
/* The first, failing the test when there is none */
gpointer    ui_find             (gpointer     root,
                                 GType        type);
/* The widget under ROOT whose buildable id or widget name is NAME, or NULL */
gpointer    ui_find_named       (gpointer     root,
                                 const char  *name);
/* The button under ROOT whose action is ACTION_NAME, or NULL */
GtkWidget  *ui_find_action      (gpointer     root,
                                 const char  *action_name);
gboolean    ui_mapped           (gpointer     widget);
/* The toplevel window whose title is TITLE, or NULL */
GtkWindow  *ui_find_window      (const char  *title);

/* Types TEXT into the window, into whatever has its focus, as a keyboard
 * does (xdotool type; KEYS like "Return" through xdotool key when KEY is
 * TRUE). Gives the X window the keyboard first: without a window manager
 * nobody does. Fails the test if xdotool fails. */
void        ui_type             (GtkWindow   *window,
                                 const char  *text);
void        ui_key              (GtkWindow   *window,
                                 const char  *keys);
/* Focuses WIDGET and types TEXT into it */
void        ui_type_into        (GtkWidget   *widget,
                                 const char  *text);
/* TRUE when xdotool and an X display are there */
gboolean    ui_can_type         (void);

/* Runs `$SALUR --db DB ARGS…` and returns its stdout; fails the test on a
 * non-zero exit (or returns NULL with EXIT set when EXIT is not NULL) */
char       *ui_salur            (const char  *db,
                                 int         *exit_status,
                                 const char  *first_arg,
                                 ...) G_GNUC_NULL_TERMINATED;

/* Puts WINDOW in the middle of the screen, as a window manager would put a
 * dialog (there is none under Xvfb) */
void        ui_center_window    (GtkWindow   *window);

/* Saves the screen as NAME.png under $SALUR_SCREENSHOT_DIR, if set */
void        ui_screenshot       (GtkWindow   *window,
                                 const char  *name);

/* gtk_test_init, adw_init, gettext, and one registered application */
AdwApplication *ui_test_init    (int         *argc,
                                 char      ***argv);

G_END_DECLS
