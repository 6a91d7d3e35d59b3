/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>

#include "salur-card.h"
#include "salur-day.h"
#include "salur-page-util.h"

#define MONTHS_KEY "salur-page-months"

gboolean
salur_page_require_operator (GtkWidget    *page,
                             SalurSession *session)
{
  if (salur_session_get_operator (session) != NULL)
    return TRUE;
  gtk_widget_activate_action (page, "win.sign-in", NULL);
  return FALSE;
}

SalurOperator *
salur_page_copy_operator (const SalurOperator *op)
{
  SalurOperator *copy;

  if (op == NULL)
    return NULL;
  copy = g_new0 (SalurOperator, 1);
  copy->name = g_strdup (op->name);
  copy->role = op->role;
  copy->active = op->active;
  return copy;
}

void
salur_page_say (GtkWidget   *page,
                GtkRevealer *revealer,
                GtkLabel    *label,
                const char  *text,
                gboolean     is_error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (page, ADW_TYPE_TOAST_OVERLAY);

  if (!is_error && overlay != NULL)
    {
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_timeout (toast, 6);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
      gtk_revealer_set_reveal_child (revealer, FALSE);
      return;
    }
  gtk_label_set_label (label, text);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_revealer_set_reveal_child (revealer, TRUE);
}

static GArray *
months_range (SalurMonth first,
              guint      n)
{
  GArray *months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));

  for (guint i = 0; i < n; i++)
    {
      SalurMonth m = first + i;
      g_array_append_val (months, m);
    }
  return months;
}

static gboolean
same_months (GArray *a,
             GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_array_index (a, SalurMonth, i) != g_array_index (b, SalurMonth, i))
      return FALSE;
  return TRUE;
}

/* appends MONTHS (taken) unless listed; returns its position */
static guint
add_choice (GtkStringList *labels,
            GPtrArray     *choices,
            GArray        *months)
{
  g_autofree char *label = NULL;

  for (guint i = 0; i < choices->len; i++)
    if (same_months (choices->pdata[i], months))
      {
        g_array_unref (months);
        return i;
      }
  label = salur_card_months_label (months);
  gtk_string_list_append (labels, label);
  g_ptr_array_add (choices, months);
  return choices->len - 1;
}

void
salur_page_months_fill (GtkDropDown *dropdown,
                        SalurStore  *store)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  SalurMonth today = salur_month_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now));
  SalurMonth january = salur_month_from_ymd (g_date_time_get_year (now), 1);
  GtkStringList *labels = gtk_string_list_new (NULL);
  GPtrArray *choices = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  GArray *round = salur_day_latest_round (store);
  guint selected;

  /* the round the cards were printed for is what the day pays */
  if (round != NULL)
    add_choice (labels, choices, round);
  selected = add_choice (labels, choices, months_range (today, 1));
  if (round != NULL)
    selected = 0;
  for (guint q = 0; q < 4; q++)
    add_choice (labels, choices, months_range (january + 3 * q, 3));
  for (int i = 1; i >= -11; i--)
    add_choice (labels, choices, months_range (today + i, 1));

  g_object_set_data_full (G_OBJECT (dropdown), MONTHS_KEY, choices, (GDestroyNotify) g_ptr_array_unref);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (dropdown, selected);
  g_object_unref (labels);
}

GArray *
salur_page_months_get (GtkDropDown *dropdown)
{
  GPtrArray *choices = g_object_get_data (G_OBJECT (dropdown), MONTHS_KEY);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (choices == NULL || selected >= choices->len)
    return NULL;
  return g_array_ref (choices->pdata[selected]);
}

gboolean
salur_page_months_select (GtkDropDown *dropdown,
                          const char  *text)
{
  GPtrArray *choices = g_object_get_data (G_OBJECT (dropdown), MONTHS_KEY);
  GArray *months = salur_month_parse_list (text, NULL);
  guint at;

  if (months == NULL || choices == NULL)
    {
      g_clear_pointer (&months, g_array_unref);
      return FALSE;
    }
  at = add_choice (GTK_STRING_LIST (gtk_drop_down_get_model (dropdown)), choices, months);
  gtk_drop_down_set_selected (dropdown, at);
  return TRUE;
}

gboolean
salur_page_store_is_file (SalurStore *store)
{
  const char *path = salur_store_get_path (store);

  return path != NULL && *path != '\0' && !g_str_equal (path, ":memory:");
}
