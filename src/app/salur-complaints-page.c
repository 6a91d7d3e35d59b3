/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>

#include "salur-card.h"
#include "salur-complaint.h"
#include "salur-complaints-page.h"
#include "salur-nik.h"
#include "salur-page-util.h"

/* the filter's entries, in the .ui's order */
enum {
  FILTER_UNRESOLVED,
  FILTER_OPEN,
  FILTER_ANSWERED,
  FILTER_RESOLVED,
  FILTER_ALL,
};

struct _SalurComplaintsPage
{
  AdwBin               parent_instance;

  SalurSession        *session;
  GPtrArray           *complaints;     /* SalurComplaint, every one */
  char                *selected;       /* its slip */

  GtkDropDown         *filter_dropdown;
  GtkListBox          *complaint_list;
  GtkStack            *detail_stack;
  GtkLabel            *slip_label;
  GtkGrid             *facts;
  GtkRevealer         *message_revealer;
  GtkLabel            *message_label;
  AdwPreferencesGroup *answer_group;
  AdwEntryRow         *answer_row;
  GtkWidget           *answer_buttons;
};

G_DEFINE_FINAL_TYPE (SalurComplaintsPage, salur_complaints_page, ADW_TYPE_BIN)

/* Helpers */

static void
say (SalurComplaintsPage *self,
     const char          *text,
     gboolean             is_error)
{
  salur_page_say (GTK_WIDGET (self), self->message_revealer, self->message_label, text, is_error);
}

static gboolean
shown_by_filter (SalurComplaintsPage  *self,
                 const SalurComplaint *c)
{
  switch (gtk_drop_down_get_selected (self->filter_dropdown))
    {
    case FILTER_UNRESOLVED:
      return c->state != SALUR_COMPLAINT_RESOLVED;
    case FILTER_OPEN:
      return c->state == SALUR_COMPLAINT_OPEN;
    case FILTER_ANSWERED:
      return c->state == SALUR_COMPLAINT_ANSWERED;
    case FILTER_RESOLVED:
      return c->state == SALUR_COMPLAINT_RESOLVED;
    case FILTER_ALL:
    default:
      return TRUE;
    }
}

static const SalurComplaint *
find (SalurComplaintsPage *self,
      const char          *slip)
{
  for (guint i = 0; self->complaints != NULL && i < self->complaints->len; i++)
    {
      SalurComplaint *c = g_ptr_array_index (self->complaints, i);
      if (g_strcmp0 (c->slip, slip) == 0)
        return c;
    }
  return NULL;
}

static void
add_fact (SalurComplaintsPage *self,
          int                  row,
          const char          *label,
          const char          *value)
{
  GtkWidget *l = gtk_label_new (label);
  GtkWidget *v = gtk_label_new (value != NULL && *value != '\0' ? value : "–");

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_yalign (GTK_LABEL (l), 0);
  gtk_widget_add_css_class (l, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (v), 0);
  gtk_label_set_wrap (GTK_LABEL (v), TRUE);
  gtk_label_set_selectable (GTK_LABEL (v), TRUE);
  gtk_widget_set_hexpand (v, TRUE);
  gtk_grid_attach (self->facts, l, 0, row, 1, 1);
  gtk_grid_attach (self->facts, v, 1, row, 1, 1);
}

static void
show_detail (SalurComplaintsPage  *self,
             const SalurComplaint *c)
{
  GtkWidget *child;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facts))) != NULL)
    gtk_grid_remove (self->facts, child);
  if (c == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }
  {
    g_autofree char *kpm = NULL;
    g_autofree char *months = c->months->len > 0 ? salur_card_months_label (c->months) : NULL;
    g_autofree char *when = salur_time_to_local (c->at);

    if (c->kpm_id[0] != '\0')
      {
        /* a screen needs no full NIK */
        g_autofree char *masked = salur_nik_mask (c->kpm_nik);
        kpm = g_strdup_printf ("%s (%s)", c->kpm_name, masked);
      }
    gtk_label_set_label (self->slip_label, c->slip);
    add_fact (self, row++, _("State"), salur_complaint_state_label (c->state));
    add_fact (self, row++, _("About"), salur_complaint_kind_label (c->kind));
    add_fact (self, row++, _("Complainant"), c->complainant);
    add_fact (self, row++, _("Contact"), c->contact);
    add_fact (self, row++, _("KPM"), kpm != NULL ? kpm : _("Not on the list"));
    add_fact (self, row++, _("Months"), months);
    add_fact (self, row++, _("What happened"), c->text);
    add_fact (self, row++, _("Heard at desk"), c->desk);
    add_fact (self, row++, _("Officer"), c->operator_name);
    add_fact (self, row++, _("Time"), when);
  }
  if (c->n_answers > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) answers = salur_complaint_answers (salur_session_get_store (self->session), c->slip, &error);

      /* every answer given, oldest first: what was said, by whom, when */
      for (guint i = 0; answers != NULL && i < answers->len; i++)
        {
          SalurComplaintAnswer *a = g_ptr_array_index (answers, i);
          g_autofree char *when = salur_time_to_local (a->at);
          g_autofree char *label = g_strdup_printf (_("Answer %u"), i + 1);
          g_autofree char *text = g_strdup_printf (_("%s\n%s, %s, %s"), a->answer, salur_complaint_state_label (a->state),
                                                   a->operator_name, when);

          add_fact (self, row++, label, text);
        }
      if (answers == NULL)
        say (self, error->message, TRUE);
    }
  /* a resolved complaint takes no more answers */
  gtk_widget_set_visible (GTK_WIDGET (self->answer_group), c->state != SALUR_COMPLAINT_RESOLVED);
  gtk_widget_set_visible (self->answer_buttons, c->state != SALUR_COMPLAINT_RESOLVED);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static GtkWidget *
complaint_row (const SalurComplaint *c)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state = gtk_label_new (salur_complaint_state_label (c->state));
  g_autofree char *when = salur_time_to_local (c->at);
  g_autofree char *title = g_strdup_printf ("%s · %s", c->slip, salur_complaint_kind_label (c->kind));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s", c->complainant, c->desk, when);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (state, "caption");
  gtk_widget_add_css_class (state, c->state == SALUR_COMPLAINT_OPEN ? "warning"
                                   : c->state == SALUR_COMPLAINT_RESOLVED ? "success" : "accent");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
  gtk_widget_set_name (row, c->slip);
  return row;
}

static void
fill_list (SalurComplaintsPage *self)
{
  g_autofree char *keep = g_strdup (self->selected);
  GtkWidget *child;
  GtkListBoxRow *reselect = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->complaint_list))) != NULL)
    gtk_list_box_remove (self->complaint_list, child);
  /* newest first: the day's complaints at the top */
  for (guint i = self->complaints != NULL ? self->complaints->len : 0; i-- > 0;)
    {
      SalurComplaint *c = g_ptr_array_index (self->complaints, i);
      GtkWidget *row;

      if (!shown_by_filter (self, c))
        continue;
      row = complaint_row (c);
      gtk_list_box_append (self->complaint_list, row);
      if (g_strcmp0 (c->slip, keep) == 0)
        reselect = GTK_LIST_BOX_ROW (row);
    }
  gtk_list_box_select_row (self->complaint_list, reselect);
  if (reselect == NULL)
    {
      g_clear_pointer (&self->selected, g_free);
      show_detail (self, NULL);
    }
}

static void
refresh (SalurComplaintsPage *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *all = salur_complaint_list (salur_session_get_store (self->session), FALSE, &error);

  if (all == NULL)
    {
      say (self, error->message, TRUE);
      return;
    }
  g_clear_pointer (&self->complaints, g_ptr_array_unref);
  self->complaints = all;
  fill_list (self);
}

static void
answer (SalurComplaintsPage *self,
        SalurComplaintState  state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *slip = g_strdup (self->selected);

  if (slip == NULL || !salur_page_require_operator (GTK_WIDGET (self), self->session))
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->answer_row))));
  if (!salur_complaint_answer (salur_session_get_store (self->session), salur_session_get_operator (self->session),
                               slip, state, text, &error))
    {
      say (self, error->message, TRUE);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->answer_row), "");
  salur_session_changed (self->session);
  {
    g_autofree char *done = g_strdup_printf (state == SALUR_COMPLAINT_RESOLVED ? _("Complaint %s is resolved.")
                                                                               : _("Answer to %s recorded."), slip);
    say (self, done, FALSE);
  }
}

/* Callbacks */

static void
filter_changed_cb (SalurComplaintsPage *self)
{
  fill_list (self);
}

static void
row_selected_cb (SalurComplaintsPage *self,
                 GtkListBoxRow       *row)
{
  if (row == NULL)
    return;
  g_free (self->selected);
  self->selected = g_strdup (gtk_widget_get_name (GTK_WIDGET (row)));
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  show_detail (self, find (self, self->selected));
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  answer (SALUR_COMPLAINTS_PAGE (widget), SALUR_COMPLAINT_ANSWERED);
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  answer (SALUR_COMPLAINTS_PAGE (widget), SALUR_COMPLAINT_RESOLVED);
}

/* Parent overrides */

static void
salur_complaints_page_dispose (GObject *object)
{
  SalurComplaintsPage *self = SALUR_COMPLAINTS_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->complaints, g_ptr_array_unref);
  g_clear_pointer (&self->selected, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), SALUR_TYPE_COMPLAINTS_PAGE);

  G_OBJECT_CLASS (salur_complaints_page_parent_class)->dispose (object);
}

static void
salur_complaints_page_class_init (SalurComplaintsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_complaints_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-complaints-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurComplaintsPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurComplaintsPage, complaint_list);
  gtk_widget_class_bind_template_child (widget_class, SalurComplaintsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SalurComplaintsPage, slip_label);
  gtk_widget_class_bind_template_child (widget_class, SalurComplaintsPage, facts);
  gtk_widget_class_bind_template_child (widget_class, SalurComplaintsPage, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, SalurComplaintsPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, SalurComplaintsPage, answer_group);
  gtk_widget_class_bind_template_child (widget_class, SalurComplaintsPage, answer_row);
  gtk_widget_class_bind_template_child (widget_class, SalurComplaintsPage, answer_buttons);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_install_action (widget_class, "complaints.answer", NULL, answer_action);
  gtk_widget_class_install_action (widget_class, "complaints.resolve", NULL, resolve_action);
}

static void
salur_complaints_page_init (SalurComplaintsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
salur_complaints_page_new (SalurSession *session)
{
  SalurComplaintsPage *self;

  g_return_val_if_fail (SALUR_IS_SESSION (session), NULL);

  self = g_object_new (SALUR_TYPE_COMPLAINTS_PAGE, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
  return GTK_WIDGET (self);
}

gboolean
salur_complaints_page_select (SalurComplaintsPage *self,
                              const char          *slip)
{
  g_return_val_if_fail (SALUR_IS_COMPLAINTS_PAGE (self), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->complaint_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_ascii_strcasecmp (gtk_widget_get_name (row), slip) == 0)
      {
        gtk_list_box_select_row (self->complaint_list, GTK_LIST_BOX_ROW (row));
        return TRUE;
      }
  return FALSE;
}

guint
salur_complaints_page_get_n_shown (SalurComplaintsPage *self)
{
  guint n = 0;

  g_return_val_if_fail (SALUR_IS_COMPLAINTS_PAGE (self), 0);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->complaint_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n += GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_visible (row) && ADW_IS_ACTION_ROW (row);
  return n;
}
