/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>

#include "salur-app-util.h"
#include "salur-change-form.h"
#include "salur-kpm-page.h"
#include "salur-lookup.h"
#include "salur-money.h"
#include "salur-nik.h"

struct _SalurKpmPage
{
  AdwBin                parent_instance;

  /* template */
  GtkLabel             *name_label;
  GtkButton            *correct_button;
  GtkButton            *close_button;
  GtkStack             *kpm_stack;
  AdwPreferencesPage   *details_page;
  AdwPreferencesGroup  *closed_group;
  AdwActionRow         *closed_row;
  AdwPreferencesGroup  *months_group;
  GtkGrid              *months_grid;
  AdwPreferencesGroup  *details_group;
  AdwPreferencesGroup  *history_group;
  AdwBin               *form_bin;

  SalurSession         *session;
  char                 *kpm_id;
  int                   year;
  GPtrArray            *detail_rows;    /* GtkWidget, in details_group */
  GPtrArray            *history_rows;   /* GtkWidget, in history_group */
};

G_DEFINE_FINAL_TYPE (SalurKpmPage, salur_kpm_page, ADW_TYPE_BIN)

enum {
  BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const state_classes[] = {
  "salur-unpaid", "salur-paid", "salur-absent", "salur-closed", "salur-not-listed",
};

/* Helpers */

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
add_detail (SalurKpmPage *self,
            const char   *title,
            const char   *value)
{
  GtkWidget *row, *label;

  if (value == NULL || *value == '\0')
    return;

  row = adw_action_row_new ();
  label = gtk_label_new (value);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* short values on one line; a long address wraps at about 40 letters */
  gtk_label_set_width_chars (GTK_LABEL (label), MIN ((int) g_utf8_strlen (value, -1), 40));
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_widget_add_css_class (row, "salur-detail");
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (self->details_group, row);
  g_ptr_array_add (self->detail_rows, row);
}

static void
show_details (SalurKpmPage   *self,
              const SalurKpm *kpm)
{
  g_autofree char *nik = salur_nik_mask (kpm->nik);
  g_autofree char *kk = *kpm->kk != '\0' ? salur_nik_mask (kpm->kk) : NULL;
  g_autofree char *rt_rw = salur_kpm_rt_rw (kpm);
  g_autofree char *from = salur_app_month_label (kpm->from_month);
  g_autofree char *family = kpm->family_size > 0 ? g_strdup_printf ("%u", kpm->family_size) : NULL;
  g_autofree char *born = NULL;

  clear_rows (self->details_group, self->detail_rows);
  if (*kpm->birth_date != '\0' || *kpm->birth_place != '\0')
    born = g_strdup_printf ("%s%s%s", kpm->birth_place, *kpm->birth_place && *kpm->birth_date ? ", " : "",
                            kpm->birth_date);
  /* DOMAIN.md: never more of a NIK or KK than its first and last 4 digits */
  add_detail (self, _("NIK"), nik);
  add_detail (self, _("KK number"), kk);
  add_detail (self, _("Sex"), salur_sex_label (kpm->sex));
  add_detail (self, _("Born"), born);
  add_detail (self, _("Address"), kpm->address);
  add_detail (self, _("Dusun"), kpm->dusun);
  add_detail (self, _("RT/RW"), rt_rw);
  add_detail (self, _("Occupation"), kpm->occupation);
  add_detail (self, _("Criteria"), kpm->criteria);
  add_detail (self, _("Payment method"), kpm->payment_method);
  add_detail (self, _("Family members"), family);
  add_detail (self, _("On the list from"), from);
}

static GtkWidget *
month_cell (const SalurMonthState *s)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *month = gtk_label_new (salur_app_month_name (salur_month_number (s->month)));
  GtkWidget *state = gtk_label_new (salur_app_state_label (s->state));
  g_autoptr(GString) tip = g_string_new (salur_app_state_label (s->state));

  gtk_widget_add_css_class (box, "salur-month");
  gtk_widget_add_css_class (box, state_classes[MIN (s->state, G_N_ELEMENTS (state_classes) - 1)]);
  gtk_widget_add_css_class (month, "heading");
  gtk_label_set_ellipsize (GTK_LABEL (state), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (state, "caption");
  if (s->state == SALUR_STATE_PAID)
    {
      g_autofree char *when = salur_time_to_local (s->at);
      g_string_append_printf (tip, "\n%s\n%s · %s · %s", s->receipt, when, s->desk, s->operator_name);
    }
  else if (s->state == SALUR_STATE_ABSENT)
    {
      g_autofree char *when = salur_time_to_local (s->at);
      g_string_append_printf (tip, "\n%s · %s", when, s->note);
    }
  else if (s->note != NULL && *s->note != '\0')
    g_string_append_printf (tip, "\n%s", s->note);
  if (s->n_payments > 1)
    /* TRANSLATORS: a month paid on two laptops: a conflict for the bendahara */
    g_string_append_printf (tip, "\n%s", _("Paid more than once: see Merge & Conflicts"));
  gtk_widget_set_tooltip_text (box, tip->str);
  gtk_box_append (GTK_BOX (box), month);
  gtk_box_append (GTK_BOX (box), state);
  return box;
}

static void
show_months (SalurKpmPage   *self,
             const SalurKpm *kpm)
{
  g_autoptr(GArray) months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_strdup_printf (_("Months of %d"), self->year);
  GtkWidget *child;

  adw_preferences_group_set_title (self->months_group, title);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->months_grid))) != NULL)
    gtk_grid_remove (self->months_grid, child);

  for (int m = 1; m <= 12; m++)
    {
      SalurMonth month = salur_month_from_ymd (self->year, m);
      g_array_append_val (months, month);
    }
  states = salur_lookup_month_states (salur_session_get_store (self->session), kpm, months, &error);
  if (states == NULL)
    {
      adw_preferences_group_set_description (self->months_group, error->message);
      return;
    }
  adw_preferences_group_set_description (self->months_group, NULL);
  for (guint i = 0; i < states->len; i++)
    gtk_grid_attach (self->months_grid, month_cell (g_ptr_array_index (states, i)), i % 6, i / 6, 1, 1);
}

static void
show_history (SalurKpmPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = salur_ledger_history (salur_session_get_store (self->session), self->kpm_id, &error);

  clear_rows (self->history_group, self->history_rows);
  if (history == NULL)
    {
      adw_preferences_group_set_description (self->history_group, error->message);
      return;
    }
  for (guint i = 0; i < history->len; i++)
    {
      SalurHistoryEntry *h = g_ptr_array_index (history, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = salur_time_to_local (h->at);
      g_autofree char *escaped = g_markup_escape_text (h->summary, -1);
      g_autofree char *subtitle = NULL;

      /* TRANSLATORS: when an event was recorded, and by whom */
      subtitle = *h->operator_name != '\0' ? g_strdup_printf (_("%s · %s"), when, h->operator_name)
                                           : g_strdup (when);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
    }
}

static void
show_form (SalurKpmPage    *self,
           SalurChangeKind  kind);

/* The list changes' buttons belong to the details, not to a form */
static void
show_view (SalurKpmPage *self,
           const char   *name)
{
  gboolean details = g_str_equal (name, "details");

  gtk_stack_set_visible_child_name (self->kpm_stack, name);
  gtk_widget_set_visible (GTK_WIDGET (self->correct_button), details);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), details);
}

/* Callbacks */

static void
form_recorded_cb (SalurKpmPage *self,
                  const char   *message,
                  const char   *kpm_id)
{
  salur_app_toast (GTK_WIDGET (self), message);
  show_view (self, "details");
  salur_kpm_page_reload (self);
}

static void
form_cancelled_cb (SalurKpmPage *self)
{
  show_view (self, "details");
}

static void
show_form (SalurKpmPage    *self,
           SalurChangeKind  kind)
{
  GtkWidget *form = salur_change_form_new (self->session, kind, self->kpm_id);

  g_signal_connect_swapped (form, "recorded", G_CALLBACK (form_recorded_cb), self);
  g_signal_connect_swapped (form, "cancelled", G_CALLBACK (form_cancelled_cb), self);
  adw_bin_set_child (self->form_bin, form);
  show_view (self, "form");
}

static void
session_changed_cb (SalurKpmPage *self)
{
  salur_kpm_page_reload (self);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  show_form (SALUR_KPM_PAGE (widget), SALUR_CHANGE_CLOSE);
}

static void
correct_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  show_form (SALUR_KPM_PAGE (widget), SALUR_CHANGE_CORRECT);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalurKpmPage *self = SALUR_KPM_PAGE (widget);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->kpm_stack), "form"))
    show_view (self, "details");
  else
    g_signal_emit (self, signals[BACK], 0);
}

static void
year_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalurKpmPage *self = SALUR_KPM_PAGE (widget);

  self->year += g_str_equal (action_name, "kpm.next-year") ? 1 : -1;
  salur_kpm_page_reload (self);
}

/* GObject */

static void
salur_kpm_page_dispose (GObject *object)
{
  SalurKpmPage *self = SALUR_KPM_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SALUR_TYPE_KPM_PAGE);

  G_OBJECT_CLASS (salur_kpm_page_parent_class)->dispose (object);
}

static void
salur_kpm_page_finalize (GObject *object)
{
  SalurKpmPage *self = SALUR_KPM_PAGE (object);

  g_clear_object (&self->session);
  g_free (self->kpm_id);
  g_clear_pointer (&self->detail_rows, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (salur_kpm_page_parent_class)->finalize (object);
}

static void
salur_kpm_page_class_init (SalurKpmPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_kpm_page_dispose;
  object_class->finalize = salur_kpm_page_finalize;

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-kpm-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPage, correct_button);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPage, close_button);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPage, kpm_stack);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPage, details_page);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPage, closed_group);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPage, closed_row);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPage, months_group);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPage, months_grid);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPage, details_group);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPage, history_group);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPage, form_bin);

  gtk_widget_class_install_action (widget_class, "kpm.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "kpm.correct", NULL, correct_action);
  gtk_widget_class_install_action (widget_class, "kpm.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "kpm.previous-year", NULL, year_action);
  gtk_widget_class_install_action (widget_class, "kpm.next-year", NULL, year_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "kpm.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "kpm.back", NULL);
}

static void
salur_kpm_page_init (SalurKpmPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->detail_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();
  self->year = salur_month_year (salur_app_this_month ());
}

/* Public API */

GtkWidget *
salur_kpm_page_new (SalurSession *session,
                    const char   *kpm_id)
{
  SalurKpmPage *self;

  g_return_val_if_fail (SALUR_IS_SESSION (session), NULL);
  g_return_val_if_fail (kpm_id != NULL, NULL);

  self = g_object_new (SALUR_TYPE_KPM_PAGE, NULL);
  self->session = g_object_ref (session);
  self->kpm_id = g_strdup (kpm_id);
  g_signal_connect_swapped (session, "changed", G_CALLBACK (session_changed_cb), self);
  salur_kpm_page_reload (self);
  return GTK_WIDGET (self);
}

const char *
salur_kpm_page_get_kpm_id (SalurKpmPage *self)
{
  g_return_val_if_fail (SALUR_IS_KPM_PAGE (self), NULL);

  return self->kpm_id;
}

void
salur_kpm_page_reload (SalurKpmPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurKpm) kpm = NULL;

  g_return_if_fail (SALUR_IS_KPM_PAGE (self));

  kpm = salur_store_get_kpm (salur_session_get_store (self->session), self->kpm_id, &error);
  if (kpm == NULL)
    {
      gtk_label_set_label (self->name_label, error->message);
      return;
    }
  gtk_label_set_label (self->name_label, kpm->name);

  gtk_widget_set_visible (GTK_WIDGET (self->closed_group), kpm->closed_from != SALUR_MONTH_NONE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kpm.close", kpm->closed_from == SALUR_MONTH_NONE);
  if (kpm->closed_from != SALUR_MONTH_NONE)
    {
      g_autofree char *month = salur_app_month_label (kpm->closed_from);
      g_autofree char *subtitle = g_strdup_printf (_("Not paid from %s on: see the history for the reason and the SK."),
                                                   month);

      adw_action_row_set_subtitle (self->closed_row, subtitle);
    }
  show_months (self, kpm);
  show_details (self, kpm);
  show_history (self);
}
