/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#include "salur-error.h"
#include "salur-merge-page.h"
#include "salur-money.h"
#include "salur-page-util.h"
#include "salur-signature-draw.h"
#include "salur-sync.h"

typedef struct
{
  char             *path;
  SalurMergeResult *result;      /* NULL when refused */
  char             *error;
} BundleOutcome;

typedef struct
{
  GWeakRef          page;
  guint             done;
  guint             total;
  char             *file;
} Progress;

typedef struct
{
  char             *store_path;
  GStrv             paths;
  char             *passphrase;
  GPtrArray        *outcomes;    /* BundleOutcome */
  GWeakRef          page;
} MergeJob;

struct _SalurMergePage
{
  AdwBin               parent_instance;

  SalurSession        *session;
  GCancellable        *cancellable;
  gboolean             busy;
  GHashTable          *reasons;       /* receipt -> GtkEditable of its void reason */

  AdwPreferencesGroup *passphrase_group;
  AdwPasswordEntryRow *passphrase_row;
  GtkRevealer         *progress_revealer;
  GtkProgressBar      *progress;
  GtkRevealer         *message_revealer;
  GtkLabel            *message_label;
  AdwPreferencesGroup *results_group;
  GtkListBox          *results_list;
  GtkBox              *conflicts_box;
};

G_DEFINE_FINAL_TYPE (SalurMergePage, salur_merge_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
bundle_outcome_free (BundleOutcome *o)
{
  g_free (o->path);
  g_clear_pointer (&o->result, salur_merge_result_free);
  g_free (o->error);
  g_free (o);
}

static void
merge_job_free (MergeJob *job)
{
  g_free (job->store_path);
  g_strfreev (job->paths);
  if (job->passphrase != NULL)
    sodium_memzero (job->passphrase, strlen (job->passphrase));
  g_free (job->passphrase);
  g_ptr_array_unref (job->outcomes);
  g_weak_ref_clear (&job->page);
  g_free (job);
}

static void
progress_free (Progress *p)
{
  g_weak_ref_clear (&p->page);
  g_free (p->file);
  g_free (p);
}

static void
say (SalurMergePage *self,
     const char     *text,
     gboolean        is_error)
{
  salur_page_say (GTK_WIDGET (self), self->message_revealer, self->message_label, text, is_error);
}

/* a reason being typed answers "write why": that error goes */
static void
reason_changed_cb (SalurMergePage *self,
                   GtkEditable    *reason)
{
  if (*gtk_editable_get_text (reason) != '\0' && gtk_widget_has_css_class (GTK_WIDGET (self->message_label), "error"))
    gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
}

static void
set_busy (SalurMergePage *self,
          gboolean        busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_revealer_set_reveal_child (self->progress_revealer, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.choose-files", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.choose-folder", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.cancel", busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
show_progress_cb (gpointer data)
{
  Progress *p = data;
  g_autoptr(SalurMergePage) self = g_weak_ref_get (&p->page);

  if (self != NULL && self->busy)
    {
      g_autofree char *base = g_path_get_basename (p->file);
      g_autofree char *text = g_strdup_printf (_("Bundle %u of %u: %s"), p->done + 1, p->total, base);

      gtk_progress_bar_set_fraction (self->progress, (double) p->done / p->total);
      gtk_progress_bar_set_text (self->progress, text);
    }
  return G_SOURCE_REMOVE;
}

static void
merge_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MergeJob *job = task_data;
  g_autoptr(SalurStore) store = NULL;
  GError *error = NULL;
  guint n = g_strv_length (job->paths);

  store = salur_store_open (job->store_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      BundleOutcome *o = g_new0 (BundleOutcome, 1);
      Progress *p = g_new0 (Progress, 1);
      g_autoptr(GError) local = NULL;

      /* stopped between bundles: one bundle is stored whole or not at all */
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_free (o);
          g_free (p);
          break;
        }
      {
        /* never the last reference: the task holds the page until it ends */
        GObject *page = g_weak_ref_get (&job->page);

        g_weak_ref_init (&p->page, page);
        g_clear_object (&page);
      }
      p->done = i;
      p->total = n;
      p->file = g_strdup (job->paths[i]);
      g_idle_add_full (G_PRIORITY_DEFAULT, show_progress_cb, p, (GDestroyNotify) progress_free);

      o->path = g_strdup (job->paths[i]);
      o->result = salur_sync_merge (store, job->paths[i], job->passphrase, &local);
      if (o->result == NULL)
        o->error = g_strdup (local->message);
      g_ptr_array_add (job->outcomes, o);
    }
  g_task_return_boolean (task, TRUE);
}

static char *
device_names_lookup (GHashTable *names,
                     const char *device_id)
{
  const char *name = g_hash_table_lookup (names, device_id);
  char tag[4];

  salur_sync_device_tag (device_id, tag);
  return name != NULL ? g_strdup_printf ("%s (%s)", name, tag) : g_strdup (tag);
}

static void
draw_signature (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        data)
{
  GBytes *signature = data;
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  gdk_cairo_set_source_rgba (cr, &fg);
  salur_signature_draw_bytes (cr, signature, 4, 4, width - 8, height - 8);
}

static void
add_fact (GtkGrid    *grid,
          int         row,
          const char *label,
          const char *value)
{
  GtkWidget *l = gtk_label_new (label);
  GtkWidget *v = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_yalign (GTK_LABEL (l), 0);
  gtk_widget_add_css_class (l, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (v), 0);
  gtk_label_set_wrap (GTK_LABEL (v), TRUE);
  gtk_label_set_selectable (GTK_LABEL (v), TRUE);
  gtk_widget_set_hexpand (v, TRUE);
  gtk_grid_attach (grid, l, 0, row, 1, 1);
  gtk_grid_attach (grid, v, 1, row, 1, 1);
}

static GtkWidget *
payment_side (SalurMergePage     *self,
              const SalurPayment *p,
              GHashTable         *names)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *grid = gtk_grid_new ();
  g_autofree char *device = device_names_lookup (names, p->device_id);
  g_autofree char *when = salur_time_to_local (p->at);
  g_autofree char *total = salur_rupiah_format (p->total);
  g_autofree char *by = p->proxy_name[0] != '\0'
                        ? g_strdup_printf (_("Proxy %s (%s)"), p->proxy_name, p->proxy_relation)
                        : g_strdup (_("The KPM in person"));
  GtkWidget *proof;
  int row = 0;

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "salur-side");
  gtk_widget_set_hexpand (box, TRUE);
  gtk_widget_set_valign (box, GTK_ALIGN_START);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  add_fact (GTK_GRID (grid), row++, _("Receipt"), p->receipt);
  add_fact (GTK_GRID (grid), row++, _("Laptop"), device);
  add_fact (GTK_GRID (grid), row++, _("Officer"), p->operator_name);
  add_fact (GTK_GRID (grid), row++, _("Time"), when);
  add_fact (GTK_GRID (grid), row++, _("Desk"), p->desk);
  add_fact (GTK_GRID (grid), row++, _("Amount"), total);
  add_fact (GTK_GRID (grid), row++, _("Received by"), by);
  if (p->place == SALUR_PLACE_HOME)
    add_fact (GTK_GRID (grid), row++, _("Delivered at home"), p->witness);
  gtk_box_append (GTK_BOX (box), grid);

  switch (p->proof)
    {
    case SALUR_PROOF_SIGNATURE:
      proof = gtk_drawing_area_new ();
      gtk_widget_set_size_request (proof, -1, 90);
      gtk_widget_add_css_class (proof, "salur-signature");
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (proof), draw_signature, g_bytes_ref (p->signature),
                                      (GDestroyNotify) g_bytes_unref);
      gtk_accessible_update_property (GTK_ACCESSIBLE (proof), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("The receiver's signature"), -1);
      break;
    case SALUR_PROOF_THUMBPRINT:
      proof = gtk_label_new (_("Thumbprint on the paper receipt"));
      break;
    case SALUR_PROOF_NONE:
    default:
      {
        g_autofree char *why = g_strdup_printf (_("No signature: %s"), p->proof_note);
        proof = gtk_label_new (why);
      }
      break;
    }
  gtk_box_append (GTK_BOX (box), proof);

  if (p->voided)
    {
      g_autofree char *text = g_strdup_printf (_("Voided: %s"), p->void_reason);
      GtkWidget *voided = gtk_label_new (text);

      gtk_widget_add_css_class (voided, "error");
      gtk_box_append (GTK_BOX (box), voided);
    }
  else
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *reason = gtk_entry_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Void"));
      g_autofree char *name = g_strdup_printf ("void-reason-%s", p->receipt);

      gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason for voiding this payment"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (reason), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Reason for voiding this payment"), -1);
      gtk_widget_set_name (reason, name);
      gtk_widget_set_hexpand (reason, TRUE);
      g_signal_connect_object (reason, "changed", G_CALLBACK (reason_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "merge.void");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", p->receipt);
      gtk_widget_set_name (button, p->receipt);
      gtk_widget_add_css_class (button, "destructive-action");
      gtk_box_append (GTK_BOX (line), reason);
      gtk_box_append (GTK_BOX (line), button);
      gtk_box_append (GTK_BOX (box), line);
      g_hash_table_insert (self->reasons, g_strdup (p->receipt), reason);
    }
  return box;
}

static void
refresh_conflicts (SalurMergePage *self)
{
  SalurStore *store = salur_session_get_store (self->session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = salur_sync_conflicts (store, &error);
  g_autoptr(GPtrArray) devices = salur_sync_devices (store, NULL);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *child;

  gtk_widget_set_visible (GTK_WIDGET (self->passphrase_group), !salur_sync_has_passphrase (store));
  g_hash_table_remove_all (self->reasons);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conflicts_box))) != NULL)
    gtk_box_remove (self->conflicts_box, child);
  if (conflicts == NULL)
    {
      say (self, error->message, TRUE);
      return;
    }
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      SalurDevice *d = g_ptr_array_index (devices, i);
      g_hash_table_insert (names, d->device_id, d->name);
    }
  if (conflicts->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No conflict: no month is paid twice."));

      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (self->conflicts_box, none);
      return;
    }
  for (guint i = 0; i < conflicts->len; i++)
    {
      SalurConflict *c = g_ptr_array_index (conflicts, i);
      g_autofree char *month = salur_month_format_id (c->month);
      g_autofree char *title = g_str_equal (c->kind, "double")
                               ? g_strdup_printf (_("Paid twice: %s, %s"), c->kpm_name, month)
                               : g_strdup_printf (_("Paid after leaving the list: %s, %s — %s"), c->kpm_name, month,
                                                  c->close_note);
      GtkWidget *heading = gtk_label_new (title);
      GtkWidget *sides = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_set_name (sides, "conflict");
      gtk_box_set_homogeneous (GTK_BOX (sides), TRUE);
      for (guint j = 0; j < c->payments->len; j++)
        gtk_box_append (GTK_BOX (sides), payment_side (self, g_ptr_array_index (c->payments, j), names));
      gtk_box_append (self->conflicts_box, heading);
      gtk_box_append (self->conflicts_box, sides);
    }
}

static void
show_outcomes (SalurMergePage *self,
               GPtrArray      *outcomes,
               guint           asked)
{
  GtkWidget *child;
  guint refused = 0, conflicts = 0, stored = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);
  for (guint i = 0; i < outcomes->len; i++)
    {
      BundleOutcome *o = g_ptr_array_index (outcomes, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon;
      g_autofree char *base = g_path_get_basename (o->path);
      g_autofree char *subtitle = NULL;

      if (o->result != NULL)
        {
          SalurMergeResult *r = o->result;
          guint in_file = (guint) (r->last_seq - r->first_seq + 1);

          subtitle = g_strdup_printf (_("%s · events %" PRId64 "–%" PRId64 ": %u stored, %u already known"),
                                      r->device_name, r->first_seq, r->last_seq, r->stored, in_file - r->stored);
          icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
          gtk_widget_add_css_class (icon, "success");
          stored += r->stored;
          conflicts += r->new_conflicts;
        }
      else
        {
          subtitle = g_strdup_printf (_("Refused: %s"), o->error);
          icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
          gtk_widget_add_css_class (icon, "error");
          refused++;
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), base);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_set_name (row, o->result != NULL ? "merged" : "refused");
      gtk_list_box_append (self->results_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->results_group), TRUE);
  {
    g_autoptr(GString) text = g_string_new (NULL);
    guint merged = outcomes->len - refused;

    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u bundle merged, %u new events.",
                                               "%u bundles merged, %u new events.", merged), merged, stored);
    if (refused > 0)
      {
        g_string_append_c (text, ' ');
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u refused: see below.",
                                                   "%u refused: see below.", refused), refused);
      }
    if (outcomes->len < asked)
      g_string_append_printf (text, " %s", _("Stopped before the others."));
    if (conflicts > 0)
      {
        g_string_append_c (text, ' ');
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u new conflict.", "%u new conflicts.",
                                                   conflicts), conflicts);
      }
    say (self, text->str, refused > 0);
  }
}

/* Callbacks */

static void
merge_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SalurMergePage) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);
  MergeJob *job = g_task_get_task_data (task);

  if (g_task_get_cancellable (task) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  if (!g_task_propagate_boolean (task, &error))
    {
      say (self, error->message, TRUE);
      return;
    }
  show_outcomes (self, job->outcomes, g_strv_length (job->paths));
  salur_session_changed (self->session);
}

static gboolean
start_merge (SalurMergePage *self,
             GStrv           paths)
{
  g_autoptr(GTask) task = NULL;
  const char *pass = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  MergeJob *job;

  if (self->busy)
    {
      g_strfreev (paths);
      return FALSE;
    }
  if (paths == NULL || paths[0] == NULL)
    {
      say (self, _("No bundle to merge there."), TRUE);
      g_strfreev (paths);
      return FALSE;
    }
  job = g_new0 (MergeJob, 1);
  job->store_path = g_strdup (salur_store_get_path (salur_session_get_store (self->session)));
  job->paths = paths;
  job->passphrase = *pass != '\0' ? g_strdup (pass) : NULL;
  job->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) bundle_outcome_free);
  g_weak_ref_init (&job->page, self);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, merge_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_merge);
  g_task_set_task_data (task, job, (GDestroyNotify) merge_job_free);
  /* the outcomes of the bundles merged before a stop are still shown */
  g_task_set_check_cancellable (task, FALSE);
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_progress_bar_set_text (self->progress, NULL);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, merge_thread);
  return TRUE;
}

static void
files_chosen_cb (GtkNativeDialog *dialog,
                 int              response,
                 SalurMergePage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)) == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER)
        {
          g_autoptr(GFile) folder = g_list_model_get_item (files, 0);
          salur_merge_page_merge_folder (self, folder);
        }
      else
        salur_merge_page_merge_files (self, files);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose (SalurMergePage       *self,
        GtkFileChooserAction  action)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (action == GTK_FILE_CHOOSER_ACTION_OPEN ? _("Choose Bundles to Merge")
                                                                                : _("Choose a Folder of Bundles"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         action, _("_Merge"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (files_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
choose_files_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  choose (SALUR_MERGE_PAGE (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  choose (SALUR_MERGE_PAGE (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_cancellable_cancel (SALUR_MERGE_PAGE (widget)->cancellable);
}

static void
void_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalurMergePage *self = SALUR_MERGE_PAGE (widget);
  const char *receipt = g_variant_get_string (parameter, NULL);
  GtkEditable *reason = g_hash_table_lookup (self->reasons, receipt);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (reason == NULL || !salur_page_require_operator (widget, self->session))
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));
  if (*text == '\0')
    {
      say (self, _("Write why this payment is voided: the reason stays in the record."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (reason));
      return;
    }
  if (!salur_ledger_void (salur_session_get_store (self->session), salur_session_get_operator (self->session),
                          receipt, text, &error))
    {
      say (self, error->message, TRUE);
      return;
    }
  {
    g_autofree char *done = g_strdup_printf (_("Receipt %s voided. Recover the cash it handed over."), receipt);
    say (self, done, FALSE);
  }
  salur_session_changed (self->session);
}

/* Parent overrides */

static void
salur_merge_page_dispose (GObject *object)
{
  SalurMergePage *self = SALUR_MERGE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->reasons, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), SALUR_TYPE_MERGE_PAGE);

  G_OBJECT_CLASS (salur_merge_page_parent_class)->dispose (object);
}

static void
salur_merge_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, SALUR_MERGE_PAGE (object)->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salur_merge_page_class_init (SalurMergePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_merge_page_dispose;
  object_class->get_property = salur_merge_page_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-merge-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurMergePage, passphrase_group);
  gtk_widget_class_bind_template_child (widget_class, SalurMergePage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SalurMergePage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, SalurMergePage, progress);
  gtk_widget_class_bind_template_child (widget_class, SalurMergePage, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, SalurMergePage, message_label);
  gtk_widget_class_bind_template_child (widget_class, SalurMergePage, results_group);
  gtk_widget_class_bind_template_child (widget_class, SalurMergePage, results_list);
  gtk_widget_class_bind_template_child (widget_class, SalurMergePage, conflicts_box);
  gtk_widget_class_install_action (widget_class, "merge.choose-files", NULL, choose_files_action);
  gtk_widget_class_install_action (widget_class, "merge.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_install_action (widget_class, "merge.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "merge.void", "s", void_action);
}

static void
salur_merge_page_init (SalurMergePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.cancel", FALSE);
}

/* Public API */

GtkWidget *
salur_merge_page_new (SalurSession *session)
{
  SalurMergePage *self;

  g_return_val_if_fail (SALUR_IS_SESSION (session), NULL);

  self = g_object_new (SALUR_TYPE_MERGE_PAGE, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "changed", G_CALLBACK (refresh_conflicts), self, G_CONNECT_SWAPPED);
  refresh_conflicts (self);
  return GTK_WIDGET (self);
}

gboolean
salur_merge_page_merge_files (SalurMergePage *self,
                              GListModel     *files)
{
  GPtrArray *paths;

  g_return_val_if_fail (SALUR_IS_MERGE_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (files), FALSE);

  paths = g_ptr_array_new ();
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      char *path = g_file_get_path (file);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  return start_merge (self, (GStrv) g_ptr_array_free (paths, FALSE));
}

gboolean
salur_merge_page_merge_folder (SalurMergePage *self,
                               GFile          *folder)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  GStrv paths;

  g_return_val_if_fail (SALUR_IS_MERGE_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  if (self->busy)
    return FALSE;
  dir = g_file_get_path (folder);
  paths = dir != NULL ? salur_sync_list_bundles (dir, &error) : NULL;
  if (paths == NULL)
    {
      say (self, error != NULL ? error->message : _("No bundle to merge there."), TRUE);
      return FALSE;
    }
  return start_merge (self, paths);
}

gboolean
salur_merge_page_get_busy (SalurMergePage *self)
{
  g_return_val_if_fail (SALUR_IS_MERGE_PAGE (self), FALSE);
  return self->busy;
}
