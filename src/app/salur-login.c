/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "salur-error.h"
#include "salur-login.h"

struct _SalurLogin
{
  GtkWidget            parent_instance;

  /* template */
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkListBox          *officer_list;
  AdwPasswordEntryRow *pin_row;
  AdwComboRow         *dusun_row;
  AdwEntryRow         *round_row;
  GtkLabel            *round_label;
  GtkLabel            *message_label;
  GtkButton           *sign_in_button;

  SalurStore          *store;
  SalurDeviceRole      role;
  GPtrArray           *officers;     /* SalurOperator, as listed */
  GtkStringList       *dusun_names;
  GArray              *round;        /* NULL while what is typed is not a round */
  SalurOperator       *signed_in;
  const char          *refusal;      /* the last try's, for the debug state */
  guint                refusals;
  GCancellable        *cancellable;  /* the PIN being checked */
};

G_DEFINE_FINAL_TYPE (SalurLogin, salur_login, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SIGNED_IN,
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  char *path;
  char *name;
  char *pin;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_free (data->path);
  g_free (data->name);
  if (data->pin != NULL)
    memset (data->pin, 0, strlen (data->pin));
  g_free (data->pin);
  g_free (data);
}

/* Helpers */

/* gtk_list_box_remove_all is GTK 4.12 */
static void
list_box_clear (GtkListBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, child);
}

static void
set_message (SalurLogin *self,
             const char *text)
{
  gtk_label_set_label (self->message_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL && *text != '\0');
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static const SalurOperator *
selected_officer (SalurLogin *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->officer_list);
  int i = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  if (self->officers == NULL || i < 0 || (guint) i >= self->officers->len)
    return NULL;
  return g_ptr_array_index (self->officers, i);
}

static void
update_sensitive (SalurLogin *self)
{
  gboolean busy = self->cancellable != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button),
                            !busy && self->round != NULL && selected_officer (self) != NULL);
}

/* Checking a PIN takes Argon2id's time: off the main loop, on a
 * connection of its own */
static void
login_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoginData *data = task_data;
  GError *error = NULL;
  SalurOperator *op = salur_ledger_login_at (data->path, data->name, data->pin, &error);

  if (op == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, op, (GDestroyNotify) salur_operator_free);
}

/* Callbacks */

static void
login_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SalurLogin) self = user_data;
  g_autoptr(GError) error = NULL;
  SalurOperator *op;

  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  op = g_task_propagate_pointer (G_TASK (result), &error);
  update_sensitive (self);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  if (op == NULL)
    {
      if (g_error_matches (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN))
        self->refusal = "bad-pin";
      else if (g_error_matches (error, SALUR_ERROR, SALUR_ERROR_THROTTLED))
        self->refusal = "throttled";
      else
        self->refusal = "other";
      self->refusals++;
      set_message (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return;
    }
  if (!salur_role_may_pay (op->role))
    {
      self->refusal = "forbidden";
      self->refusals++;
      g_autofree char *text = g_strdup_printf (_("%s is %s and records no payment: sign in as an officer who pays."),
                                               op->name, salur_role_label (op->role));
      salur_operator_free (op);
      set_message (self, text);
      return;
    }
  g_clear_pointer (&self->signed_in, salur_operator_free);
  self->signed_in = op;
  self->refusal = "";
  set_message (self, NULL);
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0);
}

static void
sign_in_cb (SalurLogin *self)
{
  const SalurOperator *op = selected_officer (self);
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  g_autoptr(GTask) task = NULL;
  LoginData *data;

  if (self->cancellable != NULL || self->store == NULL)
    return;
  if (op == NULL)
    {
      set_message (self, _("Choose your name first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->officer_list));
      return;
    }
  if (*pin == '\0')
    {
      set_message (self, _("Type your PIN."));
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return;
    }
  if (self->round == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->round_row));
      return;
    }

  data = g_new0 (LoginData, 1);
  data->path = g_strdup (salur_store_get_path (self->store));
  data->name = g_strdup (op->name);
  data->pin = g_strdup (pin);
  self->cancellable = g_cancellable_new ();
  update_sensitive (self);
  set_message (self, NULL);

  task = g_task_new (self, self->cancellable, login_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, sign_in_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);
  g_task_run_in_thread (task, login_thread);
}

static void
officer_activated_cb (SalurLogin *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
}

/* In the list of names, Tab goes to the PIN (not to the next name), and
 * a PIN typed straight after choosing the name lands in the PIN */
static gboolean
officer_key_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SalurLogin            *self)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  if (keyval == GDK_KEY_Tab && (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return TRUE;
    }
  if (c != 0 && g_unichar_isdigit (c) && (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) == 0)
    {
      char text[8];
      int len = g_unichar_to_utf8 (c, text);
      int pos;

      text[len] = '\0';
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      pos = g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (self->pin_row)), -1);
      gtk_editable_insert_text (GTK_EDITABLE (self->pin_row), text, -1, &pos);
      gtk_editable_set_position (GTK_EDITABLE (self->pin_row), pos);
      return TRUE;
    }
  return FALSE;
}

static void
officer_selected_cb (SalurLogin *self)
{
  update_sensitive (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
round_changed_cb (SalurLogin *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->round_row));

  if (self->store == NULL)
    return;
  g_clear_pointer (&self->round, g_array_unref);
  self->round = salur_desk_parse_round (self->store, text, &error);
  if (self->round != NULL)
    {
      g_autofree char *label = salur_months_label (self->round);

      gtk_label_set_label (self->round_label, label);
      gtk_widget_remove_css_class (GTK_WIDGET (self->round_label), "error");
    }
  else
    {
      gtk_label_set_label (self->round_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->round_label), "error");
    }
  update_sensitive (self);
}

/* GObject */

static void
salur_login_dispose (GObject *object)
{
  SalurLogin *self = SALUR_LOGIN (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* the list's rows go with it, and it says so ("row-selected"): nobody
   * listens any more */
  if (self->officer_list != NULL)
    g_signal_handlers_disconnect_by_data (self->officer_list, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), SALUR_TYPE_LOGIN);
  /* the template's top widget has no id, so disposing the template leaves
   * it parented: a login finalized with its page still inside */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (salur_login_parent_class)->dispose (object);
}

static void
salur_login_finalize (GObject *object)
{
  SalurLogin *self = SALUR_LOGIN (object);

  g_clear_object (&self->store);
  g_clear_object (&self->dusun_names);
  g_clear_pointer (&self->officers, g_ptr_array_unref);
  g_clear_pointer (&self->round, g_array_unref);
  g_clear_pointer (&self->signed_in, salur_operator_free);

  G_OBJECT_CLASS (salur_login_parent_class)->finalize (object);
}

static void
salur_login_class_init (SalurLoginClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_login_dispose;
  object_class->finalize = salur_login_finalize;

  signals[SIGNAL_SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-login.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurLogin, title_label);
  gtk_widget_class_bind_template_child (widget_class, SalurLogin, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SalurLogin, officer_list);
  gtk_widget_class_bind_template_child (widget_class, SalurLogin, pin_row);
  gtk_widget_class_bind_template_child (widget_class, SalurLogin, dusun_row);
  gtk_widget_class_bind_template_child (widget_class, SalurLogin, round_row);
  gtk_widget_class_bind_template_child (widget_class, SalurLogin, round_label);
  gtk_widget_class_bind_template_child (widget_class, SalurLogin, message_label);
  gtk_widget_class_bind_template_child (widget_class, SalurLogin, sign_in_button);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, officer_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, officer_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, round_changed_cb);
}

static void
salur_login_init (SalurLogin *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (officer_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->officer_list), keys);

  self->dusun_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->dusun_row, G_LIST_MODEL (self->dusun_names));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->officer_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Officers"), -1);
}

/* Public API */

GtkWidget *
salur_login_new (void)
{
  return g_object_new (SALUR_TYPE_LOGIN, NULL);
}

void
salur_login_setup (SalurLogin        *self,
                   SalurStore        *store,
                   const SalurDevice *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(SalurVillage) village = NULL;
  g_autoptr(GArray) round = NULL;
  g_auto(GStrv) dusun = NULL;
  g_autofree char *subtitle = NULL;
  GtkListBoxRow *preselect = NULL;

  g_return_if_fail (SALUR_IS_LOGIN (self));
  g_return_if_fail (SALUR_IS_STORE (store));

  g_set_object (&self->store, store);
  self->role = device->role;
  village = salur_store_get_village (store, NULL);

  list_box_clear (self->officer_list);
  g_clear_pointer (&self->officers, g_ptr_array_unref);
  self->officers = salur_desk_operators (store, &error);
  if (self->officers == NULL)
    {
      set_message (self, error->message);
      self->officers = g_ptr_array_new ();
      g_clear_error (&error);
    }
  for (guint i = 0; i < self->officers->len; i++)
    {
      const SalurOperator *op = g_ptr_array_index (self->officers, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), op->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), salur_role_label (op->role));
      gtk_list_box_append (self->officer_list, row);
      if (device->role == SALUR_DEVICE_FIELD && g_strcmp0 (op->name, device->assignee) == 0)
        preselect = GTK_LIST_BOX_ROW (row);
    }
  if (preselect == NULL)
    preselect = gtk_list_box_get_row_at_index (self->officer_list, 0);
  if (preselect != NULL)
    gtk_list_box_select_row (self->officer_list, preselect);

  if (device->role == SALUR_DEVICE_FIELD)
    {
      gtk_label_set_label (self->title_label, _("Home deliveries"));
      /* TRANSLATORS: %s is the field officer the package was made for */
      subtitle = g_strdup_printf (_("Field laptop of %s"), device->assignee);
      gtk_widget_set_visible (GTK_WIDGET (self->dusun_row), FALSE);
    }
  else
    {
      gtk_label_set_label (self->title_label, _("Disbursement desk"));
      dusun = salur_desk_dusun_choices (store, device, &error);
      if (dusun == NULL)
        {
          set_message (self, error->message);
          g_clear_error (&error);
        }
      gtk_string_list_splice (self->dusun_names, 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->dusun_names)),
                              (const char *const *) dusun);
      adw_combo_row_set_selected (self->dusun_row, 0);
      gtk_widget_set_visible (GTK_WIDGET (self->dusun_row), TRUE);
      if (device->role == SALUR_DEVICE_MASTER)
        subtitle = g_strdup (_("On the bendahara's laptop: pick the dusun this desk serves."));
      else if (dusun != NULL && g_strv_length (dusun) == 1)
        /* TRANSLATORS: %s is the dusun of the desk's package */
        subtitle = g_strdup_printf (_("Desk of Dusun %s"), dusun[0]);
      else
        subtitle = g_strdup (_("Pick the dusun this desk serves."));
    }
  if (village != NULL)
    {
      g_autofree char *with_village = g_strdup_printf ("%s · %s", subtitle, village->desa);
      gtk_label_set_label (self->subtitle_label, with_village);
    }
  else
    gtk_label_set_label (self->subtitle_label, subtitle);

  round = salur_desk_default_round (store, now, &error);
  if (round != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < round->len; i++)
        {
          g_autofree char *m = salur_month_format (g_array_index (round, SalurMonth, i));
          g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", m);
        }
      gtk_editable_set_text (GTK_EDITABLE (self->round_row), text->str);
    }
  round_changed_cb (self);
  salur_login_reset (self);
}

void
salur_login_reset (SalurLogin *self)
{
  g_return_if_fail (SALUR_IS_LOGIN (self));

  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  g_clear_pointer (&self->signed_in, salur_operator_free);
  update_sensitive (self);
  /* a name already chosen (a field laptop's officer): straight to the PIN */
  if (self->role == SALUR_DEVICE_FIELD && selected_officer (self) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
  else
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->officer_list);

      if (row != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->officer_list));
    }
}

SalurOperator *
salur_login_take_operator (SalurLogin *self)
{
  g_return_val_if_fail (SALUR_IS_LOGIN (self), NULL);

  return g_steal_pointer (&self->signed_in);
}

const char *
salur_login_get_dusun (SalurLogin *self)
{
  guint i;

  g_return_val_if_fail (SALUR_IS_LOGIN (self), NULL);

  if (self->role == SALUR_DEVICE_FIELD)
    return NULL;
  i = adw_combo_row_get_selected (self->dusun_row);
  if (i == GTK_INVALID_LIST_POSITION || i >= g_list_model_get_n_items (G_LIST_MODEL (self->dusun_names)))
    return NULL;
  return gtk_string_list_get_string (self->dusun_names, i);
}

GArray *
salur_login_get_round (SalurLogin *self)
{
  g_return_val_if_fail (SALUR_IS_LOGIN (self), NULL);

  return self->round != NULL ? g_array_ref (self->round) : NULL;
}

const char *
salur_login_get_refusal (SalurLogin *self,
                         guint      *count)
{
  g_return_val_if_fail (SALUR_IS_LOGIN (self), NULL);

  if (count != NULL)
    *count = self->refusals;
  return self->refusal != NULL ? self->refusal : "";
}

const char *
salur_login_get_selected (SalurLogin *self)
{
  const SalurOperator *op;

  g_return_val_if_fail (SALUR_IS_LOGIN (self), NULL);

  op = selected_officer (self);
  return op != NULL ? op->name : NULL;
}
