/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "salur-sign-in-dialog.h"

struct _SalurSignInDialog
{
  AdwWindow             parent_instance;

  /* template */
  GtkButton            *sign_in_button;
  AdwComboRow          *operator_row;
  AdwPasswordEntryRow  *pin_row;
  GtkLabel             *message_label;

  SalurSession         *session;
  GPtrArray            *operators;   /* SalurOperator, the active ones */
  GCancellable         *checking;    /* a PIN being checked, off the main loop */
};

G_DEFINE_FINAL_TYPE (SalurSignInDialog, salur_sign_in_dialog, ADW_TYPE_WINDOW)

/* Helpers */

static void
show_message (SalurSignInDialog *self,
              const char        *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static const SalurOperator *
selected_operator (SalurSignInDialog *self)
{
  guint i = adw_combo_row_get_selected (self->operator_row);

  if (self->operators == NULL || i == GTK_INVALID_LIST_POSITION || i >= self->operators->len)
    return NULL;
  return g_ptr_array_index (self->operators, i);
}

/* The PIN is a secret: wiped from the entry's buffer as well as we can */
static void
clear_pin (SalurSignInDialog *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
}

static void operator_selected_cb (SalurSignInDialog *self);

static void
load_operators (SalurSignInDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = salur_ledger_list_operators (salur_session_get_store (self->session), &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const SalurOperator *current = salur_session_get_operator (self->session);
  guint selected = G_MAXUINT;

  self->operators = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_operator_free);
  if (all == NULL)
    {
      show_message (self, error->message);
      return;
    }
  for (guint i = 0; i < all->len; i++)
    {
      SalurOperator *op = g_ptr_array_index (all, i);
      SalurOperator *copy;

      /* an operator who left keeps the name in the record, not the door */
      if (!op->active)
        continue;
      copy = g_new0 (SalurOperator, 1);
      copy->name = g_strdup (op->name);
      copy->role = op->role;
      copy->active = TRUE;
      /* the one signed in, else the first bendahara: on the master's
       * laptop the treasurer is the one who signs in */
      if (current != NULL && g_str_equal (current->name, op->name))
        selected = self->operators->len;
      else if (current == NULL && selected == G_MAXUINT && op->role == SALUR_ROLE_BENDAHARA)
        selected = self->operators->len;
      g_ptr_array_add (self->operators, copy);
      gtk_string_list_append (names, op->name);
    }
  adw_combo_row_set_model (self->operator_row, G_LIST_MODEL (names));
  if (self->operators->len == 0)
    {
      show_message (self, _("This village has no operators yet. The bendahara adds them with "
                            "“salur operator add NAME --role ROLE”."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->pin_row), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.confirm", FALSE);
      return;
    }
  adw_combo_row_set_selected (self->operator_row, selected != G_MAXUINT ? selected : 0);
  operator_selected_cb (self);
}

/* Callbacks */

static void
operator_selected_cb (SalurSignInDialog *self)
{
  const SalurOperator *op = selected_operator (self);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->operator_row),
                               op != NULL ? salur_role_label (op->role) : "");
}

static void
sign_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SalurSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* the dialog was closed meanwhile: nobody asked any more, nobody signs in */
  if (self->checking == NULL || g_task_get_cancellable (G_TASK (result)) != self->checking)
    return;
  g_clear_object (&self->checking);
  ok = salur_session_sign_in_finish (SALUR_SESSION (source), result, &error);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.confirm", TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->operator_row), TRUE);
  clear_pin (self);
  if (!ok)
    {
      /* the core's words: a wrong PIN, or how long to wait after too many */
      show_message (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SalurSignInDialog *self = SALUR_SIGN_IN_DIALOG (widget);
  const SalurOperator *op = selected_operator (self);
  g_autofree char *pin = NULL;

  if (op == NULL || self->checking != NULL)
    return;
  pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_row)));
  if (*pin == '\0')
    {
      show_message (self, _("Type your PIN."));
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return;
    }

  self->checking = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.confirm", FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->operator_row), FALSE);
  show_message (self, NULL);
  salur_session_sign_in_async (self->session, op->name, pin, self->checking, sign_in_done_cb, g_object_ref (self));
  sodium_memzero (pin, strlen (pin));
}

static void
pin_activated_cb (SalurSignInDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.confirm", NULL);
}

/* GObject */

static void
salur_sign_in_dialog_dispose (GObject *object)
{
  SalurSignInDialog *self = SALUR_SIGN_IN_DIALOG (object);

  g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  gtk_widget_dispose_template (GTK_WIDGET (object), SALUR_TYPE_SIGN_IN_DIALOG);

  G_OBJECT_CLASS (salur_sign_in_dialog_parent_class)->dispose (object);
}

static void
salur_sign_in_dialog_finalize (GObject *object)
{
  SalurSignInDialog *self = SALUR_SIGN_IN_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->operators, g_ptr_array_unref);

  G_OBJECT_CLASS (salur_sign_in_dialog_parent_class)->finalize (object);
}

static void
salur_sign_in_dialog_class_init (SalurSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_sign_in_dialog_dispose;
  object_class->finalize = salur_sign_in_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurSignInDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, SalurSignInDialog, operator_row);
  gtk_widget_class_bind_template_child (widget_class, SalurSignInDialog, pin_row);
  gtk_widget_class_bind_template_child (widget_class, SalurSignInDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, operator_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_activated_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.confirm", NULL, confirm_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
salur_sign_in_dialog_init (SalurSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

SalurSignInDialog *
salur_sign_in_dialog_new (GtkWindow    *parent,
                          SalurSession *session)
{
  SalurSignInDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SALUR_IS_SESSION (session), NULL);

  self = g_object_new (SALUR_TYPE_SIGN_IN_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);
  load_operators (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
  return self;
}
