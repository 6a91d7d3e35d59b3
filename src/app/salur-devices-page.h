/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "salur-session.h"
#include "salur-sync.h"

G_BEGIN_DECLS

#define SALUR_TYPE_DEVICES_PAGE (salur_devices_page_get_type ())
G_DECLARE_FINAL_TYPE (SalurDevicesPage, salur_devices_page, SALUR, DEVICES_PAGE, AdwBin)

/* The village's laptops, and the packages that set up a desk or a field
 * laptop (salur package) */
GtkWidget *salur_devices_page_new           (SalurSession     *session);
/* Writes the package the form describes to FILE, in a worker thread (the
 * file chooser's answer calls this). FALSE when nothing was started: nobody
 * signed in (a sign-in is asked), or the form is not complete (it says
 * why). */
gboolean   salur_devices_page_write_package (SalurDevicesPage *self,
                                             GFile            *file);
/* TRUE while a package is being written ("notify::busy") */
gboolean   salur_devices_page_get_busy      (SalurDevicesPage *self);

G_END_DECLS
