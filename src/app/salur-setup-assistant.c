/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "salur-app-util.h"
#include "salur-error.h"
#include "salur-setup.h"
#include "salur-setup-assistant.h"
#include "salur-sync.h"

/* The steps, in order */
static const char *const steps[] = { "village", "payments", "dusun", "operators" };

typedef struct
{
  GtkWidget   *row;
  GtkEditable *name;
  GtkEditable *rws;
} DusunRow;

typedef struct
{
  AdwPreferencesGroup *group;
  GtkEditable         *name;
  AdwComboRow         *role;    /* NULL for the first: the bendahara */
  GtkEditable         *pin;
  GtkEditable         *pin_again;
} OperatorRow;

struct _SalurSetupAssistant
{
  AdwBin                parent_instance;

  /* template */
  GtkButton            *back_button;
  GtkButton            *next_button;
  AdwWindowTitle       *step_title;
  GtkStack             *steps;
  AdwEntryRow          *desa_row;
  AdwEntryRow          *kecamatan_row;
  AdwEntryRow          *kabupaten_row;
  AdwEntryRow          *provinsi_row;
  AdwEntryRow          *kode_row;
  GtkSpinButton        *amount_spin;
  GtkSpinButton        *max_months_spin;
  AdwEntryRow          *kepala_row;
  AdwEntryRow          *kaur_row;
  AdwPreferencesGroup  *dusun_group;
  AdwPreferencesPage   *operators_page;
  AdwStatusPage        *working_page;
  GtkSpinner           *spinner;
  GtkRevealer          *message_revealer;
  GtkLabel             *message_label;
  AdwActionRow         *join_choice_row;
  AdwActionRow         *package_row;
  GtkButton            *choose_button;
  AdwEntryRow          *passphrase_row;

  SalurStore           *store;
  char                 *package;     /* the package chosen to join with */
  guint                 step;
  GPtrArray            *dusun;       /* DusunRow */
  GPtrArray            *operators;   /* OperatorRow */
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (SalurSetupAssistant, salur_setup_assistant, ADW_TYPE_BIN)

enum {
  FINISHED,
  JOINED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the worker thread stores, copied out of the widgets */
typedef struct
{
  char          *path;
  SalurVillage   village;
  GPtrArray     *dusun_names;   /* char * */
  GPtrArray     *dusun_rws;     /* GStrv */
  GPtrArray     *op_names;      /* char * */
  GArray        *op_roles;      /* SalurRole */
  GPtrArray     *op_pins;       /* char *, wiped when freed */
} SetupData;

static void
wipe_free (char *secret)
{
  if (secret != NULL)
    sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

static void
setup_data_free (SetupData *data)
{
  g_free (data->path);
  g_free (data->village.desa);
  g_free (data->village.kecamatan);
  g_free (data->village.kabupaten);
  g_free (data->village.provinsi);
  g_free (data->village.kode_wilayah);
  g_free (data->village.kepala_desa);
  g_free (data->village.kaur_keuangan);
  g_ptr_array_unref (data->dusun_names);
  g_ptr_array_unref (data->dusun_rws);
  g_ptr_array_unref (data->op_names);
  g_array_unref (data->op_roles);
  g_ptr_array_unref (data->op_pins);
  g_free (data);
}

/* What the join's worker thread needs, copied out of the widgets */
typedef struct
{
  char *store_path;
  char *package;
  char *passphrase;   /* wiped when freed */
} JoinData;

static void
join_data_free (JoinData *data)
{
  g_free (data->store_path);
  g_free (data->package);
  wipe_free (data->passphrase);
  g_free (data);
}

/* The roles a later operator may have, in the combo's order */
static const SalurRole roles[] = {
  SALUR_ROLE_KEPALA_DUSUN, SALUR_ROLE_PETUGAS, SALUR_ROLE_BENDAHARA, SALUR_ROLE_AUDITOR,
};

/* Helpers */

static char *
text_of (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static void
show_message (SalurSetupAssistant *self,
              const char          *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

static void
show_step (SalurSetupAssistant *self,
           guint                step)
{
  static const char *const titles[] = {
    N_("The village"), N_("Payments and signatures"), N_("Dusun and their RWs"), N_("Operators and PINs"),
  };
  g_autofree char *subtitle = NULL;

  self->step = step;
  gtk_stack_set_visible_child_name (self->steps, steps[step]);
  adw_window_title_set_title (self->step_title, _("Set Up the Village"));
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), TRUE);
  /* TRANSLATORS: "Step 2 of 4: Payments and signatures" */
  subtitle = g_strdup_printf (_("Step %u of %u: %s"), step + 1, (guint) G_N_ELEMENTS (steps), _(titles[step]));
  adw_window_title_set_subtitle (self->step_title, subtitle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.back", step > 0);
  gtk_button_set_label (self->next_button, step + 1 < G_N_ELEMENTS (steps) ? _("_Next") : _("_Set Up"));
  show_message (self, NULL);
}

static gboolean
joining (SalurSetupAssistant *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->steps), "join") == 0;
}

/* The other way to begin: this laptop is a desk's or a field officer's,
 * and the bendahara's package sets it up */
static void
show_join (SalurSetupAssistant *self)
{
  gtk_stack_set_visible_child_name (self->steps, "join");
  adw_window_title_set_title (self->step_title, _("Set Up This Laptop"));
  adw_window_title_set_subtitle (self->step_title, _("A desk or field laptop"));
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.back", TRUE);
  show_message (self, NULL);
}

/* Typing again answers the message */
static void
edited_cb (SalurSetupAssistant *self)
{
  show_message (self, NULL);
}

static void
watch_edits (SalurSetupAssistant *self,
             gpointer             editable)
{
  g_signal_connect_swapped (editable, "changed", G_CALLBACK (edited_cb), self);
}

static void
remove_dusun_cb (GtkButton           *button,
                 SalurSetupAssistant *self)
{
  DusunRow *row = g_object_get_data (G_OBJECT (button), "row");

  adw_preferences_group_remove (self->dusun_group, row->row);
  g_ptr_array_remove (self->dusun, row);
}

static void
add_dusun_row (SalurSetupAssistant *self)
{
  DusunRow *row = g_new0 (DusunRow, 1);
  GtkWidget *rws = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *name_id = g_strdup_printf ("dusun-name-%u", self->dusun->len);
  g_autofree char *rws_id = g_strdup_printf ("dusun-rws-%u", self->dusun->len);

  row->row = adw_entry_row_new ();
  row->name = GTK_EDITABLE (row->row);
  row->rws = GTK_EDITABLE (rws);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), _("Name of the dusun"));
  gtk_widget_set_name (row->row, name_id);
  gtk_widget_set_name (rws, rws_id);
  gtk_entry_set_placeholder_text (GTK_ENTRY (rws), _("RWs, e.g. 001, 002"));
  gtk_editable_set_width_chars (GTK_EDITABLE (rws), 16);
  gtk_widget_set_valign (rws, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this dusun"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (rws), GTK_ACCESSIBLE_PROPERTY_LABEL, _("RWs of the dusun"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove this dusun"), -1);
  {
    GtkWidget *label = gtk_label_new (_("RW"));

    gtk_widget_add_css_class (label, "dim-label");
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (row->row), label);
  }
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row->row), rws);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row->row), remove);
  watch_edits (self, row->name);
  watch_edits (self, row->rws);
  g_object_set_data (G_OBJECT (remove), "row", row);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_dusun_cb), self);

  adw_preferences_group_add (self->dusun_group, row->row);
  g_ptr_array_add (self->dusun, row);
}

static void
remove_operator_cb (GtkButton           *button,
                    SalurSetupAssistant *self)
{
  OperatorRow *row = g_object_get_data (G_OBJECT (button), "row");

  adw_preferences_page_remove (self->operators_page, row->group);
  g_ptr_array_remove (self->operators, row);
}

static GtkEditable *
add_entry_row (AdwPreferencesGroup *group,
               gboolean             password,
               const char          *title,
               const char          *name)
{
  GtkWidget *row = password ? adw_password_entry_row_new () : adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, name);
  adw_preferences_group_add (group, row);
  return GTK_EDITABLE (row);
}

static void
add_operator_group (SalurSetupAssistant *self)
{
  OperatorRow *row = g_new0 (OperatorRow, 1);
  guint i = self->operators->len;
  g_autofree char *name_id = g_strdup_printf ("operator-name-%u", i);
  g_autofree char *role_id = g_strdup_printf ("operator-role-%u", i);
  g_autofree char *pin_id = g_strdup_printf ("operator-pin-%u", i);
  g_autofree char *pin2_id = g_strdup_printf ("operator-pin-again-%u", i);

  row->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  if (i == 0)
    {
      adw_preferences_group_set_title (row->group, _("The Bendahara"));
      adw_preferences_group_set_description (row->group,
                                             _("Usually the Kaur Keuangan: records list changes, voids payments, "
                                               "issues cards and prints the report."));
    }
  else
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      g_autofree char *title = g_strdup_printf (_("Operator %u"), i + 1);

      adw_preferences_group_set_title (row->group, title);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, _("Remove this operator"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove this operator"), -1);
      g_object_set_data (G_OBJECT (remove), "row", row);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_operator_cb), self);
      adw_preferences_group_set_header_suffix (row->group, remove);
    }

  row->name = add_entry_row (row->group, FALSE, _("Name (as they will sign in)"), name_id);
  if (i > 0)
    {
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

      for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
        gtk_string_list_append (labels, salur_role_label (roles[r]));
      row->role = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->role), _("Role"));
      adw_combo_row_set_model (row->role, G_LIST_MODEL (labels));
      gtk_widget_set_name (GTK_WIDGET (row->role), role_id);
      adw_preferences_group_add (row->group, GTK_WIDGET (row->role));
    }
  row->pin = add_entry_row (row->group, TRUE, _("PIN (4 to 12 digits)"), pin_id);
  row->pin_again = add_entry_row (row->group, TRUE, _("The same PIN again"), pin2_id);
  watch_edits (self, row->name);
  watch_edits (self, row->pin);
  watch_edits (self, row->pin_again);

  adw_preferences_page_add (self->operators_page, row->group);
  g_ptr_array_add (self->operators, row);
}

/* Checks the step before leaving it; FALSE with a message on the screen */
static gboolean
check_step (SalurSetupAssistant *self)
{
  switch (self->step)
    {
    case 0:
      {
        g_autofree char *desa = text_of (self->desa_row), *kec = text_of (self->kecamatan_row);
        g_autofree char *kab = text_of (self->kabupaten_row), *prov = text_of (self->provinsi_row);

        if (*desa == '\0' || *kec == '\0' || *kab == '\0' || *prov == '\0')
          {
            show_message (self, _("Fill in the desa, the kecamatan, the kabupaten and the provinsi."));
            return FALSE;
          }
        return TRUE;
      }
    case 2:
      {
        guint named = 0;

        for (guint i = 0; i < self->dusun->len; i++)
          {
            DusunRow *row = g_ptr_array_index (self->dusun, i);
            g_autofree char *name = text_of (row->name), *rws = text_of (row->rws);

            if (*name == '\0' && *rws != '\0')
              {
                g_autofree char *message = g_strdup_printf (_("The RWs %s belong to a dusun without a name."), rws);
                show_message (self, message);
                return FALSE;
              }
            named += *name != '\0';
          }
        if (named == 0)
          {
            show_message (self, _("Add at least one dusun: every KPM belongs to one."));
            return FALSE;
          }
        return TRUE;
      }
    case 3:
      for (guint i = 0; i < self->operators->len; i++)
        {
          OperatorRow *row = g_ptr_array_index (self->operators, i);
          g_autofree char *name = text_of (row->name);
          const char *pin = gtk_editable_get_text (row->pin);
          const char *again = gtk_editable_get_text (row->pin_again);

          if (*name == '\0' && *pin == '\0' && *again == '\0' && i > 0)
            continue;   /* an empty form is not an operator */
          if (*name == '\0')
            {
              show_message (self, i == 0 ? _("Write the bendahara's name.")
                                         : _("Write the name of each operator, or remove the empty form."));
              return FALSE;
            }
          if (g_strcmp0 (pin, again) != 0)
            {
              g_autofree char *message = g_strdup_printf (_("The two PINs of %s are not the same: type them again."),
                                                          name);

              gtk_editable_set_text (row->pin, "");
              gtk_editable_set_text (row->pin_again, "");
              show_message (self, message);
              gtk_widget_grab_focus (GTK_WIDGET (row->pin));
              return FALSE;
            }
        }
      return TRUE;
    default:
      return TRUE;
    }
}

/* "001, 002 3" -> { "001", "002", "3" } */
static GStrv
split_rws (const char *text)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[\\s,;/]+", text, 0, 0);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

static SetupData *
collect (SalurSetupAssistant *self)
{
  SetupData *data = g_new0 (SetupData, 1);
  g_autofree char *kode = text_of (self->kode_row);

  data->path = g_strdup (salur_store_get_path (self->store));
  data->village.desa = text_of (self->desa_row);
  data->village.kecamatan = text_of (self->kecamatan_row);
  data->village.kabupaten = text_of (self->kabupaten_row);
  data->village.provinsi = text_of (self->provinsi_row);
  data->village.kode_wilayah = g_steal_pointer (&kode);
  data->village.amount = gtk_spin_button_get_value_as_int (self->amount_spin);
  data->village.max_months = gtk_spin_button_get_value_as_int (self->max_months_spin);
  data->village.kepala_desa = text_of (self->kepala_row);
  data->village.kaur_keuangan = text_of (self->kaur_row);

  data->dusun_names = g_ptr_array_new_with_free_func (g_free);
  data->dusun_rws = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < self->dusun->len; i++)
    {
      DusunRow *row = g_ptr_array_index (self->dusun, i);
      g_autofree char *name = text_of (row->name);

      if (*name == '\0')
        continue;
      g_ptr_array_add (data->dusun_names, g_steal_pointer (&name));
      g_ptr_array_add (data->dusun_rws, split_rws (gtk_editable_get_text (row->rws)));
    }

  data->op_names = g_ptr_array_new_with_free_func (g_free);
  data->op_roles = g_array_new (FALSE, FALSE, sizeof (SalurRole));
  data->op_pins = g_ptr_array_new_with_free_func ((GDestroyNotify) wipe_free);
  for (guint i = 0; i < self->operators->len; i++)
    {
      OperatorRow *row = g_ptr_array_index (self->operators, i);
      g_autofree char *name = text_of (row->name);
      SalurRole role = SALUR_ROLE_BENDAHARA;

      if (*name == '\0')
        continue;
      if (row->role != NULL)
        role = roles[MIN (adw_combo_row_get_selected (row->role), G_N_ELEMENTS (roles) - 1)];
      g_ptr_array_add (data->op_names, g_steal_pointer (&name));
      g_array_append_val (data->op_roles, role);
      g_ptr_array_add (data->op_pins, g_strdup (gtk_editable_get_text (row->pin)));
    }
  return data;
}

static gboolean
run_setup (SalurStore  *store,
           SetupData   *data,
           GError     **error)
{
  g_autofree SalurSetupDusun *dusun = g_new0 (SalurSetupDusun, data->dusun_names->len + 1);
  g_autofree SalurSetupOperator *ops = g_new0 (SalurSetupOperator, data->op_names->len + 1);

  for (guint i = 0; i < data->dusun_names->len; i++)
    {
      dusun[i].name = g_ptr_array_index (data->dusun_names, i);
      dusun[i].rws = g_ptr_array_index (data->dusun_rws, i);
    }
  for (guint i = 0; i < data->op_names->len; i++)
    {
      ops[i].name = g_ptr_array_index (data->op_names, i);
      ops[i].role = g_array_index (data->op_roles, SalurRole, i);
      ops[i].pin = g_ptr_array_index (data->op_pins, i);
    }
  /* the same function `salur init` calls, with the dusun and operators */
  return salur_village_setup (store, &data->village, dusun, data->dusun_names->len,
                              ops, data->op_names->len, error);
}

/* Argon2id makes each PIN slow to hash on purpose: off the main loop */
static void
setup_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SetupData *data = task_data;
  g_autoptr(SalurStore) store = NULL;
  GError *error = NULL;

  store = salur_store_open (data->path, &error);
  if (store == NULL || !run_setup (store, data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Argon2id derives the village's key slowly on purpose, and the package
 * is checked and stored whole: off the main loop */
static void
join_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  JoinData *data = task_data;
  GError *error = NULL;
  SalurStore *store;

  /* the same function `salur join` calls, into the store this window has
   * open: set up in place when it holds nothing yet */
  store = salur_sync_join (data->store_path, data->package, data->passphrase, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

/* Callbacks */

static void
join_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SalurSetupAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) store = NULL;
  GTask *task = G_TASK (result);

  store = g_task_propagate_pointer (task, &error);
  if (g_task_get_cancellable (task) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), TRUE);

  if (store == NULL)
    {
      show_join (self);
      /* a passphrase refused is typed again; the file stays chosen */
      if (g_error_matches (error, SALUR_ERROR, SALUR_ERROR_BAD_PIN)
          || g_error_matches (error, SALUR_ERROR, SALUR_ERROR_USAGE))
        {
          gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
          gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
        }
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->choose_button));
      /* the core's words: which file, and what is wrong with it */
      show_message (self, error->message);
      return;
    }
  g_signal_emit (self, signals[JOINED], 0, store);
}

static void
setup_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SalurSetupAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);
  SetupData *data = g_task_get_task_data (task);

  if (g_task_get_cancellable (task) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), TRUE);

  if (!g_task_propagate_boolean (task, &error))
    {
      /* the core's message names the dusun or operator to fix */
      show_step (self, G_N_ELEMENTS (steps) - 1);
      show_message (self, error->message);
      return;
    }
  g_signal_emit (self, signals[FINISHED], 0, data->village.desa);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalurSetupAssistant *self = SALUR_SETUP_ASSISTANT (widget);

  if (joining (self))
    show_step (self, 0);
  else if (self->step > 0)
    show_step (self, self->step - 1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalurSetupAssistant *self = SALUR_SETUP_ASSISTANT (widget);
  g_autoptr(GTask) task = NULL;
  SetupData *data;

  if (self->cancellable != NULL || joining (self) || !check_step (self))
    return;
  if (self->step + 1 < G_N_ELEMENTS (steps))
    {
      show_step (self, self->step + 1);
      return;
    }

  data = collect (self);
  {
    g_autofree char *title = g_strdup_printf (_("Setting up Desa %s…"), data->village.desa);
    adw_status_page_set_title (self->working_page, title);
  }
  show_message (self, NULL);
  gtk_stack_set_visible_child_name (self->steps, "working");
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), FALSE);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, setup_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, next_action);
  g_task_set_task_data (task, data, (GDestroyNotify) setup_data_free);
  /* a setup half written would leave a village without its operators:
   * it runs to its end (its one transaction) whatever happens here */
  g_task_set_return_on_cancel (task, FALSE);
  if (salur_app_store_uses_file (self->store))
    g_task_run_in_thread (task, setup_thread);
  else
    {
      GError *error = NULL;

      if (run_setup (self->store, data, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
    }
}

static void
show_join_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SalurSetupAssistant *self = SALUR_SETUP_ASSISTANT (widget);

  if (self->cancellable != NULL)
    return;
  show_join (self);
  if (self->package != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->choose_button));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  SalurSetupAssistant *self = SALUR_SETUP_ASSISTANT (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "setup.open-package", "s", path);
    }
  g_object_unref (chooser);
}

static void
choose_package_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SalurSetupAssistant *self = SALUR_SETUP_ASSISTANT (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) packages = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose the Package of This Laptop"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (packages, _("Salur packages (.pkg)"));
  gtk_file_filter_add_suffix (packages, "pkg");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), packages);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The file chooser's answer: a package to join with */
static void
open_package_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SalurSetupAssistant *self = SALUR_SETUP_ASSISTANT (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *display = g_filename_display_name (base);
  g_autofree char *escaped = g_markup_escape_text (display, -1);

  g_free (self->package);
  self->package = g_strdup (path);
  adw_action_row_set_subtitle (self->package_row, escaped);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->package_row), path);
  show_join (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
}

static void
join_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalurSetupAssistant *self = SALUR_SETUP_ASSISTANT (widget);
  g_autoptr(GTask) task = NULL;
  JoinData *data;

  if (self->cancellable != NULL || !joining (self))
    return;
  if (self->package == NULL)
    {
      show_message (self, _("Choose the package first: the .pkg file the bendahara made for this laptop."));
      gtk_widget_grab_focus (GTK_WIDGET (self->choose_button));
      return;
    }

  data = g_new0 (JoinData, 1);
  data->store_path = g_strdup (salur_store_get_path (self->store));
  data->package = g_strdup (self->package);
  data->passphrase = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));

  adw_status_page_set_title (self->working_page, _("Setting up this laptop from its package…"));
  show_message (self, NULL);
  gtk_stack_set_visible_child_name (self->steps, "working");
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), FALSE);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, join_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, join_action);
  g_task_set_task_data (task, data, (GDestroyNotify) join_data_free);
  /* the join is one transaction, and one copy over the store: it runs to
   * its end whatever happens to the window */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, join_thread);
}

static void
passphrase_activated_cb (SalurSetupAssistant *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "setup.join", NULL);
}

static void
add_dusun_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SalurSetupAssistant *self = SALUR_SETUP_ASSISTANT (widget);
  DusunRow *row;

  add_dusun_row (self);
  row = g_ptr_array_index (self->dusun, self->dusun->len - 1);
  gtk_widget_grab_focus (row->row);
}

static void
add_operator_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SalurSetupAssistant *self = SALUR_SETUP_ASSISTANT (widget);
  OperatorRow *row;

  add_operator_group (self);
  row = g_ptr_array_index (self->operators, self->operators->len - 1);
  gtk_widget_grab_focus (GTK_WIDGET (row->name));
}

/* GObject */

static void
salur_setup_assistant_dispose (GObject *object)
{
  SalurSetupAssistant *self = SALUR_SETUP_ASSISTANT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SALUR_TYPE_SETUP_ASSISTANT);

  G_OBJECT_CLASS (salur_setup_assistant_parent_class)->dispose (object);
}

static void
salur_setup_assistant_finalize (GObject *object)
{
  SalurSetupAssistant *self = SALUR_SETUP_ASSISTANT (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->package, g_free);
  g_clear_pointer (&self->dusun, g_ptr_array_unref);
  g_clear_pointer (&self->operators, g_ptr_array_unref);

  G_OBJECT_CLASS (salur_setup_assistant_parent_class)->finalize (object);
}

static void
salur_setup_assistant_class_init (SalurSetupAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_setup_assistant_dispose;
  object_class->finalize = salur_setup_assistant_finalize;

  /* The village is set up: its name */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* This laptop is set up from its package: the store, as the package left it */
  signals[JOINED] = g_signal_new ("joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SALUR_TYPE_STORE);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-setup-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, step_title);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, steps);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, desa_row);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, kecamatan_row);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, kabupaten_row);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, provinsi_row);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, kode_row);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, amount_spin);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, max_months_spin);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, kepala_row);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, kaur_row);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, dusun_group);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, operators_page);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, working_page);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, spinner);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, message_label);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, join_choice_row);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, package_row);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, choose_button);
  gtk_widget_class_bind_template_child (widget_class, SalurSetupAssistant, passphrase_row);

  gtk_widget_class_install_action (widget_class, "setup.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "setup.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "setup.add-dusun", NULL, add_dusun_action);
  gtk_widget_class_install_action (widget_class, "setup.add-operator", NULL, add_operator_action);
  gtk_widget_class_install_action (widget_class, "setup.show-join", NULL, show_join_action);
  gtk_widget_class_install_action (widget_class, "setup.choose-package", NULL, choose_package_action);
  gtk_widget_class_install_action (widget_class, "setup.open-package", "s", open_package_action);
  gtk_widget_class_install_action (widget_class, "setup.join", NULL, join_action);
}

static void
salur_setup_assistant_init (SalurSetupAssistant *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->dusun = g_ptr_array_new_with_free_func (g_free);
  self->operators = g_ptr_array_new_with_free_func (g_free);
  add_dusun_row (self);
  add_operator_group (self);
  watch_edits (self, self->desa_row);
  watch_edits (self, self->kecamatan_row);
  watch_edits (self, self->kabupaten_row);
  watch_edits (self, self->provinsi_row);
  watch_edits (self, self->passphrase_row);
  g_signal_connect_swapped (self->passphrase_row, "entry-activated", G_CALLBACK (passphrase_activated_cb), self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->amount_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Rupiah per KPM per month"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->max_months_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Most months paid together"), -1);
  show_step (self, 0);
}

/* Public API */

GtkWidget *
salur_setup_assistant_new (SalurStore *store)
{
  SalurSetupAssistant *self;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  self = g_object_new (SALUR_TYPE_SETUP_ASSISTANT, NULL);
  self->store = g_object_ref (store);
  /* a package sets up a data file; a store with none (a test's) has no
   * place for one */
  gtk_widget_set_visible (GTK_WIDGET (self->join_choice_row), salur_app_store_uses_file (store));
  return GTK_WIDGET (self);
}
