/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "salur-app-util.h"
#include "salur-change-form.h"
#include "salur-columns.h"
#include "salur-error.h"
#include "salur-nik.h"
#include "salur-sheet.h"

struct _SalurChangeForm
{
  AdwBin                parent_instance;

  /* template */
  AdwPreferencesGroup  *intro_group;
  AdwPreferencesGroup  *close_group;
  GtkDropDown          *close_month_dropdown;
  GtkSpinButton        *close_year_spin;
  AdwComboRow          *reason_row;
  AdwEntryRow          *note_row;
  AdwPreferencesGroup  *add_group;
  AdwEntryRow          *nik_row;
  AdwEntryRow          *name_row;
  AdwEntryRow          *kk_row;
  AdwComboRow          *dusun_row;
  AdwEntryRow          *rt_row;
  AdwEntryRow          *rw_row;
  AdwEntryRow          *address_row;
  AdwEntryRow          *criteria_row;
  GtkDropDown          *add_month_dropdown;
  GtkSpinButton        *add_year_spin;
  AdwPreferencesGroup  *correct_group;
  AdwComboRow          *field_row;
  AdwEntryRow          *value_row;
  AdwEntryRow          *why_row;
  AdwEntryRow          *sk_row;
  GtkButton            *record_button;
  GtkRevealer          *message_revealer;
  GtkLabel             *message_label;

  SalurSession         *session;
  SalurChangeKind       kind;
  SalurKpm             *kpm;        /* closed or corrected; NULL when adding */
  GtkStringList        *dusun_names;
};

G_DEFINE_FINAL_TYPE (SalurChangeForm, salur_change_form, ADW_TYPE_BIN)

enum {
  RECORDED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The fields a correction may change (salur_ledger_correctable_fields), as
 * the columns of a list name them for people */
static const struct {
  const char *name;
  SalurField  field;
} correctable[] = {
  { "name", SALUR_FIELD_NAME }, { "nik", SALUR_FIELD_NIK }, { "kk", SALUR_FIELD_KK },
  { "birth_date", SALUR_FIELD_BIRTH_DATE }, { "birth_place", SALUR_FIELD_BIRTH_PLACE },
  { "address", SALUR_FIELD_ADDRESS }, { "rt", SALUR_FIELD_RT }, { "rw", SALUR_FIELD_RW },
  { "dusun", SALUR_FIELD_DUSUN }, { "occupation", SALUR_FIELD_OCCUPATION }, { "criteria", SALUR_FIELD_CRITERIA },
  { "payment_method", SALUR_FIELD_PAYMENT_METHOD }, { "family_size", SALUR_FIELD_FAMILY_SIZE },
};

static const SalurCloseReason reasons[] = {
  SALUR_REASON_DIED, SALUR_REASON_MOVED, SALUR_REASON_NOT_ELIGIBLE, SALUR_REASON_OTHER,
};

/* Helpers */

static char *
text_of (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static void
show_message (SalurChangeForm *self,
              const char      *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

static void
fill_months (GtkDropDown   *dropdown,
             GtkSpinButton *year,
             SalurMonth     month)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (int m = 1; m <= 12; m++)
    gtk_string_list_append (names, salur_app_month_name (m));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (dropdown, salur_month_number (month) - 1);
  gtk_spin_button_set_value (year, salur_month_year (month));
}

static SalurMonth
month_of (GtkDropDown   *dropdown,
          GtkSpinButton *year)
{
  return salur_month_from_ymd (gtk_spin_button_get_value_as_int (year),
                               (int) gtk_drop_down_get_selected (dropdown) + 1);
}

/* A correction's current value, as a start for the new one; a NIK or KK
 * is never put on the screen whole */
static const char *
current_value (SalurChangeForm *self,
               const char      *field)
{
  const SalurKpm *k = self->kpm;

  if (k == NULL)
    return "";
  if (g_str_equal (field, "name"))
    return k->name;
  if (g_str_equal (field, "birth_date"))
    return k->birth_date;
  if (g_str_equal (field, "birth_place"))
    return k->birth_place;
  if (g_str_equal (field, "address"))
    return k->address;
  if (g_str_equal (field, "rt"))
    return k->rt;
  if (g_str_equal (field, "rw"))
    return k->rw;
  if (g_str_equal (field, "dusun"))
    return k->dusun;
  if (g_str_equal (field, "occupation"))
    return k->occupation;
  if (g_str_equal (field, "criteria"))
    return k->criteria;
  if (g_str_equal (field, "payment_method"))
    return k->payment_method;
  return "";
}

static gboolean
record (SalurChangeForm      *self,
        const SalurOperator  *by,
        char                **kpm_id,
        char                **done,
        GError              **error)
{
  SalurStore *store = salur_session_get_store (self->session);
  g_autofree char *sk = text_of (self->sk_row);

  switch (self->kind)
    {
    case SALUR_CHANGE_CLOSE:
      {
        SalurMonth from = month_of (self->close_month_dropdown, self->close_year_spin);
        SalurCloseReason reason = reasons[MIN (adw_combo_row_get_selected (self->reason_row), G_N_ELEMENTS (reasons) - 1)];
        g_autofree char *note = text_of (self->note_row);
        g_autofree char *month = salur_app_month_label (from);

        if (!salur_ledger_close_kpm (store, by, self->kpm->id, from, reason, note, sk, error))
          return FALSE;
        *kpm_id = g_strdup (self->kpm->id);
        *done = g_strdup_printf (_("%s is off the list from %s."), self->kpm->name, month);
        return TRUE;
      }
    case SALUR_CHANGE_ADD:
      {
        g_autoptr(SalurKpm) kpm = salur_kpm_new ();
        g_autofree char *nik = text_of (self->nik_row), *name = text_of (self->name_row), *kk = text_of (self->kk_row);
        g_autofree char *rt = text_of (self->rt_row), *rw = text_of (self->rw_row);
        g_autofree char *address = text_of (self->address_row), *criteria = text_of (self->criteria_row);
        guint d = adw_combo_row_get_selected (self->dusun_row);
        g_autofree char *month = NULL;
        char n[4];

        salur_kpm_set (kpm, &kpm->nik, nik);
        salur_kpm_set (kpm, &kpm->name, name);
        if (d != GTK_INVALID_LIST_POSITION && d < g_list_model_get_n_items (G_LIST_MODEL (self->dusun_names)))
          salur_kpm_set (kpm, &kpm->dusun, gtk_string_list_get_string (self->dusun_names, d));
        if (*kk != '\0')
          {
            char clean[SALUR_NIK_LEN + 1];

            if (!salur_kk_parse (kk, SALUR_CELL_TEXT, clean, error))
              return FALSE;
            salur_kpm_set (kpm, &kpm->kk, clean);
          }
        if (*rt != '\0' && salur_rt_rw_normalize (rt, n))
          salur_kpm_set (kpm, &kpm->rt, n);
        if (*rw != '\0' && salur_rt_rw_normalize (rw, n))
          salur_kpm_set (kpm, &kpm->rw, n);
        salur_kpm_set (kpm, &kpm->address, address);
        salur_kpm_set (kpm, &kpm->criteria, criteria);
        kpm->from_month = month_of (self->add_month_dropdown, self->add_year_spin);
        if (!salur_ledger_add_kpm (store, by, kpm, sk, error))
          return FALSE;
        month = salur_app_month_label (kpm->from_month);
        *kpm_id = g_strdup (kpm->id);
        *done = g_strdup_printf (_("%s is on the list from %s."), kpm->name, month);
        return TRUE;
      }
    case SALUR_CHANGE_CORRECT:
    default:
      {
        guint f = adw_combo_row_get_selected (self->field_row);
        const char *field = correctable[MIN (f, G_N_ELEMENTS (correctable) - 1)].name;
        SalurField label = correctable[MIN (f, G_N_ELEMENTS (correctable) - 1)].field;
        g_autofree char *value = text_of (self->value_row), *why = text_of (self->why_row);

        if (!salur_ledger_correct_kpm (store, by, self->kpm->id, field, value, why, sk, error))
          return FALSE;
        *kpm_id = g_strdup (self->kpm->id);
        *done = g_strdup_printf (_("The %s of %s is corrected."), salur_field_label (label), self->kpm->name);
        return TRUE;
      }
    }
}

/* Callbacks */

static void
field_selected_cb (SalurChangeForm *self)
{
  guint f = adw_combo_row_get_selected (self->field_row);

  if (f >= G_N_ELEMENTS (correctable))
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->value_row), current_value (self, correctable[f].name));
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalurChangeForm *self = SALUR_CHANGE_FORM (widget);
  const SalurOperator *by = salur_session_get_operator (self->session);
  g_autoptr(GError) error = NULL;
  g_autofree char *kpm_id = NULL, *done = NULL;

  /* writes carry a name: whoever records must sign in first */
  if (by == NULL)
    {
      show_message (self, _("Sign in as the bendahara to record a change of the list, then press Record again."));
      gtk_widget_activate_action (widget, "win.sign-in", NULL);
      return;
    }
  if (!record (self, by, &kpm_id, &done, &error))
    {
      show_message (self, error->message);
      return;
    }
  show_message (self, NULL);
  salur_session_changed (self->session);
  g_signal_emit (self, signals[RECORDED], 0, done, kpm_id);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[CANCELLED], 0);
}

static void
edited_cb (SalurChangeForm *self)
{
  show_message (self, NULL);
}

/* GObject */

static void
salur_change_form_dispose (GObject *object)
{
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), SALUR_TYPE_CHANGE_FORM);

  G_OBJECT_CLASS (salur_change_form_parent_class)->dispose (object);
}

static void
salur_change_form_finalize (GObject *object)
{
  SalurChangeForm *self = SALUR_CHANGE_FORM (object);

  g_clear_object (&self->session);
  g_clear_object (&self->dusun_names);
  g_clear_pointer (&self->kpm, salur_kpm_unref);

  G_OBJECT_CLASS (salur_change_form_parent_class)->finalize (object);
}

static void
salur_change_form_class_init (SalurChangeFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_change_form_dispose;
  object_class->finalize = salur_change_form_finalize;

  signals[RECORDED] = g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-change-form.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, intro_group);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, close_group);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, close_month_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, close_year_spin);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, reason_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, note_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, add_group);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, nik_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, kk_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, dusun_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, rt_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, rw_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, address_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, criteria_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, add_month_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, add_year_spin);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, correct_group);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, field_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, value_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, why_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, sk_row);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, record_button);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, SalurChangeForm, message_label);
  gtk_widget_class_bind_template_callback (widget_class, field_selected_cb);

  gtk_widget_class_install_action (widget_class, "change.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "change.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "change.cancel", NULL);
}

static void
salur_change_form_init (SalurChangeForm *self)
{
  g_autoptr(GtkStringList) reason_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) field_labels = gtk_string_list_new (NULL);
  GtkWidget *editables[7];

  gtk_widget_init_template (GTK_WIDGET (self));

  for (gsize i = 0; i < G_N_ELEMENTS (reasons); i++)
    gtk_string_list_append (reason_labels, salur_app_close_reason_label (reasons[i]));
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (reason_labels));
  for (gsize i = 0; i < G_N_ELEMENTS (correctable); i++)
    gtk_string_list_append (field_labels, salur_field_label (correctable[i].field));
  adw_combo_row_set_model (self->field_row, G_LIST_MODEL (field_labels));
  fill_months (self->close_month_dropdown, self->close_year_spin, salur_app_this_month ());
  fill_months (self->add_month_dropdown, self->add_year_spin, salur_app_this_month ());

  /* the template's widgets, now that they exist */
  editables[0] = GTK_WIDGET (self->note_row);
  editables[1] = GTK_WIDGET (self->nik_row);
  editables[2] = GTK_WIDGET (self->name_row);
  editables[3] = GTK_WIDGET (self->kk_row);
  editables[4] = GTK_WIDGET (self->value_row);
  editables[5] = GTK_WIDGET (self->why_row);
  editables[6] = GTK_WIDGET (self->sk_row);
  for (gsize i = 0; i < G_N_ELEMENTS (editables); i++)
    g_signal_connect_swapped (editables[i], "changed", G_CALLBACK (edited_cb), self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->close_month_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Month"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->close_year_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Year"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_month_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Month"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_year_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Year"), -1);
}

/* Public API */

GtkWidget *
salur_change_form_new (SalurSession    *session,
                       SalurChangeKind  kind,
                       const char      *kpm_id)
{
  SalurChangeForm *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SALUR_IS_SESSION (session), NULL);
  g_return_val_if_fail ((kind == SALUR_CHANGE_ADD) == (kpm_id == NULL), NULL);

  self = g_object_new (SALUR_TYPE_CHANGE_FORM, NULL);
  self->session = g_object_ref (session);
  self->kind = kind;
  if (kpm_id != NULL)
    {
      self->kpm = salur_store_get_kpm (salur_session_get_store (session), kpm_id, &error);
      if (self->kpm == NULL)
        show_message (self, error->message);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->close_group), kind == SALUR_CHANGE_CLOSE);
  gtk_widget_set_visible (GTK_WIDGET (self->add_group), kind == SALUR_CHANGE_ADD);
  gtk_widget_set_visible (GTK_WIDGET (self->correct_group), kind == SALUR_CHANGE_CORRECT);

  switch (kind)
    {
    case SALUR_CHANGE_CLOSE:
      title = g_strdup_printf (_("Take %s Off the List"), self->kpm != NULL ? self->kpm->name : "");
      gtk_button_set_label (self->record_button, _("_Take Off the List"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->record_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->record_button), "destructive-action");
      break;
    case SALUR_CHANGE_ADD:
      {
        g_autoptr(GPtrArray) dusun = salur_store_list_dusun (salur_session_get_store (session), NULL);

        title = g_strdup (_("Add a KPM to the List"));
        self->dusun_names = gtk_string_list_new (NULL);
        for (guint i = 0; dusun != NULL && i < dusun->len; i++)
          gtk_string_list_append (self->dusun_names, ((SalurDusun *) g_ptr_array_index (dusun, i))->name);
        adw_combo_row_set_model (self->dusun_row, G_LIST_MODEL (self->dusun_names));
        gtk_button_set_label (self->record_button, _("_Add to the List"));
        break;
      }
    case SALUR_CHANGE_CORRECT:
    default:
      title = g_strdup_printf (_("Correct a Field of %s"), self->kpm != NULL ? self->kpm->name : "");
      gtk_button_set_label (self->record_button, _("_Record the Correction"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sk_row),
                                     _("Number of the Kepala Desa's decision (SK), if there is one"));
      field_selected_cb (self);
      break;
    }
  adw_preferences_group_set_title (self->intro_group, title);
  return GTK_WIDGET (self);
}
