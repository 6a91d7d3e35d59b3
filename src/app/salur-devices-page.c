/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#include "salur-devices-page.h"
#include "salur-lookup.h"
#include "salur-money.h"
#include "salur-nik.h"
#include "salur-page-util.h"

/* KPM rows shown at once while nothing is searched */
#define FIRST_KPM 30

typedef struct
{
  char                *store_path;
  char                *out;
  SalurOperator       *by;
  SalurDeviceRole      role;
  char                *name;
  GStrv                dusun;
  GStrv                niks;
  char                *assignee;
  gint64               cash;
  char                *passphrase;
  char                *device_id;
} PackageJob;

struct _SalurDevicesPage
{
  AdwBin              parent_instance;

  SalurSession       *session;
  SalurDeviceRole     role;             /* of the package being made */
  GHashTable         *chosen;           /* NIK -> name of the KPM the field laptop carries */
  GPtrArray          *all_kpm;          /* SalurKpm, read when the field form opens */
  GCancellable       *cancellable;
  gboolean            busy;

  GtkRevealer        *message_revealer;
  GtkLabel           *message_label;
  GtkRevealer        *form_revealer;
  AdwPreferencesGroup *form_group;
  AdwEntryRow        *name_row;
  AdwComboRow        *dusun_row;
  AdwComboRow        *officer_row;
  AdwEntryRow        *cash_row;
  AdwPasswordEntryRow *passphrase_row;
  AdwPasswordEntryRow *confirm_row;
  AdwPreferencesGroup *kpm_group;
  GtkLabel           *kpm_count;
  GtkSearchEntry     *kpm_search;
  GtkListBox         *kpm_list;
  GtkSpinner         *spinner;
  GtkListBox         *device_list;
};

G_DEFINE_FINAL_TYPE (SalurDevicesPage, salur_devices_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
package_job_free (PackageJob *job)
{
  g_free (job->store_path);
  g_free (job->out);
  g_clear_pointer (&job->by, salur_operator_free);
  g_free (job->name);
  g_strfreev (job->dusun);
  g_strfreev (job->niks);
  g_free (job->assignee);
  if (job->passphrase != NULL)
    sodium_memzero (job->passphrase, strlen (job->passphrase));
  g_free (job->passphrase);
  g_free (job->device_id);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PackageJob, package_job_free)

static void
say (SalurDevicesPage *self,
     const char       *text,
     gboolean          is_error)
{
  salur_page_say (GTK_WIDGET (self), self->message_revealer, self->message_label, text, is_error);
}

static void
set_busy (SalurDevicesPage *self,
          gboolean          busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.save", !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static const char *
role_label (SalurDeviceRole role)
{
  switch (role)
    {
    case SALUR_DEVICE_MASTER:
      return _("Bendahara's laptop (master)");
    case SALUR_DEVICE_DESK:
      return _("Desk");
    case SALUR_DEVICE_FIELD:
    default:
      return _("Field (home deliveries)");
    }
}

static char *
when_text (const char *at)
{
  return at != NULL && *at != '\0' ? salur_time_to_local (at) : g_strdup ("–");
}

static void
refresh_devices (SalurDevicesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = salur_sync_devices (salur_session_get_store (self->session), &error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->device_list))) != NULL)
    gtk_list_box_remove (self->device_list, child);
  if (devices == NULL)
    {
      say (self, error->message, TRUE);
      return;
    }
  if (devices->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No laptop yet: this store is not a village's master (run salur init)."));
      gtk_list_box_append (self->device_list, row);
      return;
    }
  for (guint i = 0; i < devices->len; i++)
    {
      SalurDevice *d = g_ptr_array_index (devices, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *last = gtk_label_new (NULL);
      g_autoptr(GString) subtitle = g_string_new (role_label (d->role));
      g_autofree char *title = d->is_self ? g_strdup_printf (_("%s (this laptop)"), d->name) : g_strdup (d->name);
      g_autofree char *event_at = when_text (d->last_at);
      g_autofree char *bundle_at = when_text (d->last_bundle_at);
      g_autofree char *text = NULL;

      if (d->role == SALUR_DEVICE_DESK && d->dusun[0] != '\0')
        g_string_append_printf (subtitle, " · %s %s", _("dusun"), d->dusun);
      if (d->role == SALUR_DEVICE_FIELD)
        {
          g_autofree char *cash = salur_rupiah_format (d->cash);
          g_string_append_printf (subtitle, " · %s · %s %s", d->assignee, _("cash"), cash);
        }
      g_string_append_printf (subtitle, " · %s", d->tag);
      if (d->is_self)
        text = g_strdup_printf (_("Last event %" PRId64 ", %s"), d->last_seq, event_at);
      else if (d->last_bundle_seq > 0)
        text = g_strdup_printf (_("Last event %" PRId64 ", %s\nLast bundle merged %s (up to event %" PRId64 ")"),
                                d->last_seq, event_at, bundle_at, d->last_bundle_seq);
      else
        text = g_strdup_printf (_("Last event %" PRId64 ", %s\nNo bundle merged yet"), d->last_seq, event_at);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      gtk_label_set_label (GTK_LABEL (last), text);
      gtk_label_set_xalign (GTK_LABEL (last), 1);
      gtk_label_set_justify (GTK_LABEL (last), GTK_JUSTIFY_RIGHT);
      gtk_widget_add_css_class (last, "dim-label");
      gtk_widget_add_css_class (last, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), last);
      gtk_widget_set_name (row, d->device_id);
      gtk_list_box_append (self->device_list, row);
    }
}

static void
update_kpm_count (SalurDevicesPage *self)
{
  guint n = g_hash_table_size (self->chosen);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u KPM chosen", "%u KPM chosen", n), n);

  gtk_label_set_label (self->kpm_count, text);
}

static void
kpm_toggled_cb (GtkCheckButton   *check,
                SalurDevicesPage *self)
{
  const char *nik = g_object_get_data (G_OBJECT (check), "nik");
  const char *name = g_object_get_data (G_OBJECT (check), "kpm-name");

  if (gtk_check_button_get_active (check))
    g_hash_table_insert (self->chosen, g_strdup (nik), g_strdup (name));
  else
    g_hash_table_remove (self->chosen, nik);
  update_kpm_count (self);
  /* what was missing is being given */
  if (gtk_widget_has_css_class (GTK_WIDGET (self->message_label), "error"))
    gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
}

static void
add_kpm_row (SalurDevicesPage *self,
             const SalurKpm   *kpm)
{
  g_autofree char *masked = salur_nik_mask (kpm->nik);
  g_autofree char *rtrw = salur_kpm_rt_rw (kpm);
  g_autofree char *text = g_strdup_printf ("%s — %s %s · %s", kpm->name, kpm->dusun, rtrw, masked);
  GtkWidget *check = gtk_check_button_new_with_label (text);

  gtk_widget_set_margin_start (check, 8);
  gtk_widget_set_margin_top (check, 2);
  gtk_widget_set_margin_bottom (check, 2);
  g_object_set_data_full (G_OBJECT (check), "nik", g_strdup (kpm->nik), g_free);
  g_object_set_data_full (G_OBJECT (check), "kpm-name", g_strdup (kpm->name), g_free);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (self->chosen, kpm->nik));
  g_signal_connect (check, "toggled", G_CALLBACK (kpm_toggled_cb), self);
  gtk_list_box_append (self->kpm_list, check);
}

/* The KPM list shows what the search finds through the desk's own lookup
 * (a NIK, part of a name); with nothing typed, the chosen ones first */
static void
show_kpm (SalurDevicesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->kpm_search));
  SalurStore *store = salur_session_get_store (self->session);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->kpm_list))) != NULL)
    gtk_list_box_remove (self->kpm_list, child);

  if (text[0] == '\0')
    {
      guint shown = 0;

      if (self->all_kpm == NULL)
        self->all_kpm = salur_store_list_kpm (store, NULL, NULL);
      for (guint pass = 0; pass < 2 && self->all_kpm != NULL; pass++)
        for (guint i = 0; i < self->all_kpm->len; i++)
          {
            SalurKpm *k = g_ptr_array_index (self->all_kpm, i);
            gboolean chosen = g_hash_table_contains (self->chosen, k->nik);

            if ((pass == 0) != chosen || (pass == 1 && shown >= FIRST_KPM))
              continue;
            add_kpm_row (self, k);
            shown++;
          }
      return;
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalurLookup) found = salur_lookup (store, text, NULL, NULL, &error);

    if (found == NULL)
      {
        GtkWidget *none = gtk_label_new (error->message);

        gtk_label_set_wrap (GTK_LABEL (none), TRUE);
        gtk_widget_add_css_class (none, "dim-label");
        gtk_list_box_append (self->kpm_list, none);
        return;
      }
    if (found->kpm != NULL)
      add_kpm_row (self, found->kpm);
    for (guint i = 0; found->matches != NULL && i < found->matches->len; i++)
      add_kpm_row (self, g_ptr_array_index (found->matches, i));
  }
}

static void
fill_form_choices (SalurDevicesPage *self)
{
  SalurStore *store = salur_session_get_store (self->session);
  g_autoptr(GPtrArray) dusun = salur_store_list_dusun (store, NULL);
  g_autoptr(GPtrArray) ops = salur_ledger_list_operators (store, NULL);
  GtkStringList *dusun_names = gtk_string_list_new (NULL);
  GtkStringList *officer_names = gtk_string_list_new (NULL);

  for (guint i = 0; dusun != NULL && i < dusun->len; i++)
    gtk_string_list_append (dusun_names, ((SalurDusun *) dusun->pdata[i])->name);
  /* who may carry cash to homes: anyone who may write */
  for (guint i = 0; ops != NULL && i < ops->len; i++)
    {
      SalurOperator *op = g_ptr_array_index (ops, i);

      if (op->active && op->role != SALUR_ROLE_AUDITOR)
        gtk_string_list_append (officer_names, op->name);
    }
  adw_combo_row_set_model (self->dusun_row, G_LIST_MODEL (dusun_names));
  adw_combo_row_set_model (self->officer_row, G_LIST_MODEL (officer_names));
  g_object_unref (dusun_names);
  g_object_unref (officer_names);
}

static void
open_form (SalurDevicesPage *self,
           SalurDeviceRole   role)
{
  gboolean field = role == SALUR_DEVICE_FIELD;
  gboolean first = !salur_sync_has_passphrase (salur_session_get_store (self->session));

  self->role = role;
  fill_form_choices (self);
  adw_preferences_group_set_title (self->form_group, field ? _("New field package") : _("New desk package"));
  adw_preferences_group_set_description (self->form_group,
                                         first ? _("This is the village's first package: choose its passphrase "
                                                   "(at least 8 characters) and type it twice. Every laptop of the "
                                                   "village is then opened with it.")
                                               : _("Type the village's passphrase, the one of the first package."));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_row), first);
  gtk_widget_set_visible (GTK_WIDGET (self->dusun_row), !field);
  gtk_widget_set_visible (GTK_WIDGET (self->officer_row), field);
  gtk_widget_set_visible (GTK_WIDGET (self->cash_row), field);
  gtk_widget_set_visible (GTK_WIDGET (self->kpm_group), field);
  if (field)
    {
      g_hash_table_remove_all (self->chosen);
      gtk_editable_set_text (GTK_EDITABLE (self->cash_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->kpm_search), "");
      update_kpm_count (self);
      show_kpm (self);
    }
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  gtk_revealer_set_reveal_child (self->form_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static const char *
selected_string (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/* The form as a job, or NULL with the reason said */
static PackageJob *
job_from_form (SalurDevicesPage *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *pass = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  PackageJob *job;

  if (gtk_widget_get_visible (GTK_WIDGET (self->confirm_row)) && g_strcmp0 (pass, confirm) != 0)
    {
      say (self, _("The two passphrases differ: type the same one twice."), TRUE);
      return NULL;
    }
  job = g_new0 (PackageJob, 1);
  job->role = self->role;
  job->passphrase = g_strdup (pass);
  if (self->role == SALUR_DEVICE_DESK)
    {
      const char *dusun = selected_string (self->dusun_row);

      if (dusun == NULL)
        {
          say (self, _("Choose the dusun the desk serves."), TRUE);
          package_job_free (job);
          return NULL;
        }
      job->dusun = g_strsplit (dusun, ",", 1);
      job->name = *name != '\0' ? g_strdup (name) : g_strdup_printf (_("Desk %s"), dusun);
    }
  else
    {
      const char *officer = selected_string (self->officer_row);
      const char *cash = gtk_editable_get_text (GTK_EDITABLE (self->cash_row));
      GHashTableIter it;
      gpointer nik;
      guint i = 0;

      if (*cash != '\0' && !salur_rupiah_parse (cash, &job->cash))
        {
          say (self, _("The cash is an amount in rupiah, like 2.700.000."), TRUE);
          package_job_free (job);
          return NULL;
        }
      if (g_hash_table_size (self->chosen) == 0)
        {
          say (self, _("Choose the KPM the officer visits: search a name and tick it."), TRUE);
          package_job_free (job);
          return NULL;
        }
      job->niks = g_new0 (char *, g_hash_table_size (self->chosen) + 1);
      g_hash_table_iter_init (&it, self->chosen);
      while (g_hash_table_iter_next (&it, &nik, NULL))
        job->niks[i++] = g_strdup (nik);
      job->assignee = g_strdup (officer);
      job->name = *name != '\0' ? g_strdup (name)
                                : g_strdup_printf (_("Field %s"), officer != NULL ? officer : "");
    }
  return job;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PackageJob *job = task_data;
  g_autoptr(SalurStore) store = NULL;
  SalurPackageRequest req = { 0 };
  GError *error = NULL;

  req.role = job->role;
  req.name = job->name;
  req.dusun = job->dusun;
  req.kpm_niks = job->niks;
  req.assignee = job->assignee;
  req.cash = job->cash;
  /* Argon2id takes a second or two: never on the window's thread */
  store = salur_store_open (job->store_path, &error);
  if (store == NULL
      || !salur_sync_write_package (store, job->by, &req, job->passphrase, job->out, &job->device_id, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SalurDevicesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);
  PackageJob *job = g_task_get_task_data (task);

  if (g_task_get_cancellable (task) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (task, &error))
    {
      say (self, error->message, TRUE);
      return;
    }
  {
    /* the kepala dusun or the officer opens it on the first-run screen */
    g_autofree char *text = g_strdup_printf (_("Package for %s written to %s. On that laptop, open Salur and choose "
                                               "“Open the Package…”, then type the village's passphrase."),
                                             job->name, job->out);

    say (self, text, FALSE);
  }
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  gtk_revealer_set_reveal_child (self->form_revealer, FALSE);
  salur_session_changed (self->session);
}

/* Callbacks */

static void
kpm_search_changed_cb (SalurDevicesPage *self)
{
  show_kpm (self);
}

static void
chooser_response_cb (GtkNativeDialog  *dialog,
                     int               response,
                     SalurDevicesPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      salur_devices_page_write_package (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
new_desk_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_form (SALUR_DEVICES_PAGE (widget), SALUR_DEVICE_DESK);
}

static void
new_field_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  open_form (SALUR_DEVICES_PAGE (widget), SALUR_DEVICE_FIELD);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalurDevicesPage *self = SALUR_DEVICES_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  gtk_revealer_set_reveal_child (self->form_revealer, FALSE);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalurDevicesPage *self = SALUR_DEVICES_PAGE (widget);
  g_autoptr(PackageJob) job = NULL;
  GtkFileChooserNative *chooser;
  g_autofree char *suggested = NULL;

  if (!salur_page_require_operator (widget, self->session))
    return;
  /* say what is missing before asking where to save */
  job = job_from_form (self);
  if (job == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Save the Package on the USB Stick"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  suggested = g_strdup_printf ("%s.pkg", job->name);
  g_strdelimit (suggested, "/\\ ", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Parent overrides */

static void
salur_devices_page_dispose (GObject *object)
{
  SalurDevicesPage *self = SALUR_DEVICES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->chosen, g_hash_table_unref);
  g_clear_pointer (&self->all_kpm, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), SALUR_TYPE_DEVICES_PAGE);

  G_OBJECT_CLASS (salur_devices_page_parent_class)->dispose (object);
}

static void
salur_devices_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, SALUR_DEVICES_PAGE (object)->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salur_devices_page_class_init (SalurDevicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_devices_page_dispose;
  object_class->get_property = salur_devices_page_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-devices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, form_revealer);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, form_group);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, dusun_row);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, officer_row);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, cash_row);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, kpm_group);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, kpm_count);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, kpm_search);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, kpm_list);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SalurDevicesPage, device_list);
  gtk_widget_class_bind_template_callback (widget_class, kpm_search_changed_cb);
  gtk_widget_class_install_action (widget_class, "devices.new-desk", NULL, new_desk_action);
  gtk_widget_class_install_action (widget_class, "devices.new-field", NULL, new_field_action);
  gtk_widget_class_install_action (widget_class, "devices.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "devices.cancel", NULL, cancel_action);
}

static void
salur_devices_page_init (SalurDevicesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Public API */

GtkWidget *
salur_devices_page_new (SalurSession *session)
{
  SalurDevicesPage *self;

  g_return_val_if_fail (SALUR_IS_SESSION (session), NULL);

  self = g_object_new (SALUR_TYPE_DEVICES_PAGE, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "changed", G_CALLBACK (refresh_devices), self, G_CONNECT_SWAPPED);
  refresh_devices (self);
  return GTK_WIDGET (self);
}

gboolean
salur_devices_page_write_package (SalurDevicesPage *self,
                                  GFile            *file)
{
  g_autoptr(GTask) task = NULL;
  PackageJob *job;

  g_return_val_if_fail (SALUR_IS_DEVICES_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->busy || !salur_page_require_operator (GTK_WIDGET (self), self->session))
    return FALSE;
  job = job_from_form (self);
  if (job == NULL)
    return FALSE;
  job->store_path = g_strdup (salur_store_get_path (salur_session_get_store (self->session)));
  job->out = g_file_get_path (file);
  job->by = salur_page_copy_operator (salur_session_get_operator (self->session));

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, write_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, salur_devices_page_write_package);
  g_task_set_task_data (task, job, (GDestroyNotify) package_job_free);
  /* a package half written must finish or be removed by the core itself */
  g_task_set_return_on_cancel (task, FALSE);
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, write_thread);
  return TRUE;
}

gboolean
salur_devices_page_get_busy (SalurDevicesPage *self)
{
  g_return_val_if_fail (SALUR_IS_DEVICES_PAGE (self), FALSE);
  return self->busy;
}
