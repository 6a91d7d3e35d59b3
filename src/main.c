/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur"
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "salur-application.h"
#include "salur-cli.h"

/* Translations come from the build tree when the binary runs from it, so a
 * developer sees Indonesian without installing. */
static const char *
locale_dir (void)
{
  const char *env = g_getenv ("SALUR_LOCALEDIR");
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *build_src = g_build_filename (BUILD_LOCALEDIR, "..", "src", "salur", NULL);
  g_autofree char *canon = g_canonicalize_filename (build_src, NULL);

  if (env != NULL)
    return env;
  if (exe != NULL && g_strcmp0 (exe, canon) == 0)
    return BUILD_LOCALEDIR;
  return LOCALEDIR;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (salur_cli_wanted (argc, argv))
    return salur_cli_main (argc, argv);

  return salur_application_main (argc, argv);
}
