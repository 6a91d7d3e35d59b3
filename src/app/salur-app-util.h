/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "salur-ledger.h"
#include "salur-store.h"

G_BEGIN_DECLS

/* Small things the workspace's screens share: month and state words for
 * people (in the UI's language; documents stay Indonesian), a connection of
 * its own for a worker thread, and a toast. */

/* "January" … "December" for 1 … 12, translated */
const char *salur_app_month_name        (int          month);
/* "November 2026", translated */
char       *salur_app_month_label       (SalurMonth   month);
/* The months of MONTHS joined: "October, November, December 2026" */
char       *salur_app_months_label      (GArray      *months);
/* "Paid", "Not paid yet", … translated */
const char *salur_app_state_label       (SalurState   state);
const char *salur_app_close_reason_label (SalurCloseReason reason);
/* The current month, in local time */
SalurMonth  salur_app_this_month        (void);

/* TRUE when STORE is a file another connection can open (not ":memory:") */
gboolean    salur_app_store_uses_file   (SalurStore  *store);
/* A connection of its own to STORE's file, for a worker thread (SQLite:
 * one connection per thread) */
SalurStore *salur_app_store_reopen      (SalurStore  *store,
                                         GError     **error);

/* Shows MESSAGE as a toast of the window WIDGET is in (through win.toast) */
void        salur_app_toast             (GtkWidget   *widget,
                                         const char  *message);

/* The user guide (docs/panduan/index.html) as installed, or in the source
 * tree for a build run in place; NULL when neither is there */
char       *salur_app_find_guide        (void);
/* Opens the user guide in the browser, over WINDOW */
void        salur_app_show_guide        (GtkWindow   *window);

/* A GtkLabel's text as a row of a GtkColumnView shows it, with CSS_CLASS
 * (may be NULL) */
GtkWidget  *salur_app_cell_label        (float        xalign,
                                         gboolean     ellipsize,
                                         const char  *css_class);

G_END_DECLS
