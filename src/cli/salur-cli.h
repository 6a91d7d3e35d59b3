/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when ARGV names a command (or asks for help or the version): the
 * caller then runs salur_cli_main and never opens a window. */
gboolean salur_cli_wanted (int argc, char **argv);
int      salur_cli_main   (int argc, char **argv);

G_END_DECLS
