/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>

#include "salur-app-util.h"

const char *
salur_app_month_name (int month)
{
  static const char *const names[] = {
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
  };

  g_return_val_if_fail (month >= 1 && month <= 12, "");
  return _(names[month - 1]);
}

char *
salur_app_month_label (SalurMonth month)
{
  if (month == SALUR_MONTH_NONE)
    return g_strdup ("");
  /* TRANSLATORS: a month and its year, e.g. "November 2026" */
  return g_strdup_printf (_("%s %d"), salur_app_month_name (salur_month_number (month)),
                          salur_month_year (month));
}

char *
salur_app_months_label (GArray *months)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; months != NULL && i < months->len; i++)
    {
      SalurMonth m = g_array_index (months, SalurMonth, i);
      gboolean last_of_year = i + 1 == months->len
                              || salur_month_year (g_array_index (months, SalurMonth, i + 1)) != salur_month_year (m);

      if (out->len > 0)
        g_string_append (out, ", ");
      if (last_of_year)
        {
          g_autofree char *label = salur_app_month_label (m);
          g_string_append (out, label);
        }
      else
        g_string_append (out, salur_app_month_name (salur_month_number (m)));
    }
  return g_string_free (out, FALSE);
}

const char *
salur_app_state_label (SalurState state)
{
  switch (state)
    {
    case SALUR_STATE_UNPAID:
      return _("Not paid yet");
    case SALUR_STATE_PAID:
      return _("Paid");
    case SALUR_STATE_ABSENT:
      return _("Absent");
    case SALUR_STATE_CLOSED:
      return _("Off the list");
    case SALUR_STATE_NOT_LISTED:
    default:
      return _("Not on the list yet");
    }
}

const char *
salur_app_close_reason_label (SalurCloseReason reason)
{
  switch (reason)
    {
    case SALUR_REASON_DIED:
      return _("Died");
    case SALUR_REASON_MOVED:
      return _("Moved away");
    case SALUR_REASON_NOT_ELIGIBLE:
      return _("No longer eligible");
    case SALUR_REASON_OTHER:
    default:
      return _("Other reason");
    }
}

SalurMonth
salur_app_this_month (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return salur_month_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now));
}

gboolean
salur_app_store_uses_file (SalurStore *store)
{
  const char *path = salur_store_get_path (store);

  return path != NULL && *path != '\0' && !g_str_equal (path, ":memory:");
}

SalurStore *
salur_app_store_reopen (SalurStore  *store,
                        GError     **error)
{
  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  return salur_store_open (salur_store_get_path (store), error);
}

void
salur_app_toast (GtkWidget  *widget,
                 const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (!gtk_widget_activate_action (widget, "win.toast", "s", message))
    g_message ("%s", message);
}

char *
salur_app_find_guide (void)
{
  const char *candidates[] = {
    SALUR_DOCDIR "/panduan/index.html",
    SALUR_SOURCE_DIR "/docs/panduan/index.html",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_REGULAR))
      return g_strdup (candidates[i]);
  return NULL;
}

void
salur_app_show_guide (GtkWindow *window)
{
  g_autofree char *path = salur_app_find_guide ();
  g_autofree char *uri = NULL;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (path == NULL)
    return;
  uri = g_filename_to_uri (path, NULL, NULL);
  gtk_show_uri (window, uri, GDK_CURRENT_TIME);
}

GtkWidget *
salur_app_cell_label (float       xalign,
                      gboolean    ellipsize,
                      const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (ellipsize)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}
