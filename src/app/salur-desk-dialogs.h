/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include <gtk/gtkunixprint.h>

#include "salur-desk-check.h"

G_BEGIN_DECLS

/* The desk's other work, each on a panel laid over the desk, by keys
 * alone (Tab between fields, Enter does it, Escape leaves): an absence with
 * its reason, a void with the bendahara's PIN (signed in for that action
 * only), a complaint with the slip the person takes home, the day's
 * summary, and closing the desk (Tutup meja) with the cash count, its
 * summary PDF and this laptop's bundle written where the officer chooses.
 * What is recorded is decided by the core; slow work runs in threads.
 * Each returns its panel, already in the context's overlay and holding
 * the keyboard; it leaves the overlay by itself when done. */

typedef struct {
  SalurStore          *store;
  const SalurOperator *officer;
  const char          *desk;      /* the desk's name in payments */
  const char          *dusun;     /* NULL on a field laptop */
  const char          *device_tag;
  GArray              *round;
  GtkWindow           *parent;    /* the desk's window */
  GtkOverlay          *host;      /* where the panel goes, over the desk */
  GtkPrinter          *printer;   /* where papers print; NULL: saved as PDF only */
} SalurDeskContext;

/* Called on the main loop: WHAT ("absent", "void", "complaint", "close")
 * was recorded and TEXT says so for the officer, or WHAT is NULL when the
 * officer left without recording anything; either comes once, last. Before
 * it, WHAT may be "refused" (any number of times) with the core's reason,
 * the window staying open for another try. */
typedef void (*SalurDeskDialogDone) (const char *what,
                                     const char *text,
                                     gpointer    user_data);

GtkWidget *salur_desk_absent_dialog    (const SalurDeskContext *ctx,
                                  const SalurKpm         *kpm,
                                  GArray                 *months,
                                  SalurDeskDialogDone     done,
                                  gpointer                user_data);
/* RECEIPT: the receipt shown on the desk, or NULL to type one */
GtkWidget *salur_desk_void_dialog      (const SalurDeskContext *ctx,
                                  const char             *receipt,
                                  SalurDeskDialogDone     done,
                                  gpointer                user_data);
/* KPM and MONTHS: the person shown on the desk, or NULL */
GtkWidget *salur_desk_complaint_dialog (const SalurDeskContext *ctx,
                                  const SalurKpm         *kpm,
                                  GArray                 *months,
                                  SalurDeskDialogDone     done,
                                  gpointer                user_data);
GtkWidget *salur_desk_summary_dialog   (const SalurDeskContext *ctx,
                                  SalurDeskDialogDone     done,
                                  gpointer                user_data);
GtkWidget *salur_desk_close_dialog     (const SalurDeskContext *ctx,
                                  SalurDeskDialogDone     done,
                                  gpointer                user_data);

/* Leaves PANEL as Escape would: nothing recorded (unless it already was) */
void       salur_desk_dialog_cancel     (GtkWidget              *panel);

G_END_DECLS
