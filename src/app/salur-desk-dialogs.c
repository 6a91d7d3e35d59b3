/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "salur-complaint.h"
#include "salur-desk.h"
#include "salur-desk-dialogs.h"
#include "salur-error.h"
#include "salur-money.h"
#include "salur-receipt-job.h"

typedef enum {
  KIND_ABSENT,
  KIND_VOID,
  KIND_COMPLAINT,
  KIND_SUMMARY,
  KIND_CLOSE,
} Kind;

typedef struct {
  Kind                 kind;
  GtkWidget           *widget;      /* over the desk, in the context's overlay */
  GtkOverlay          *host;
  GtkWindow           *parent;
  GtkPrinter          *printer;
  GtkGrid             *fields;
  guint                rows;
  GtkLabel            *message;
  GtkButton           *apply;
  GCancellable        *cancellable;
  gboolean             busy;
  gboolean             finished;

  /* the context, copied: the desk may sign out meanwhile */
  SalurStore          *store;
  SalurOperator       *officer;
  char                *desk;
  char                *dusun;
  char                *tag;
  GArray              *round;
  SalurDeskDialogDone  done;
  gpointer             user_data;

  /* what it is about */
  SalurKpm            *kpm;
  GArray              *months;
  char                *receipt;

  /* fields, those of its kind */
  GtkEntry            *reason;
  GtkEntry            *receipt_entry;
  GtkDropDown         *who;
  GtkPasswordEntry    *pin;
  GtkListBox          *complaint_kind;
  GtkEntry            *name;
  GtkEntry            *contact;
  GtkTextView         *text;
  GtkEntry            *opening;
  GtkEntry            *counted;
  GtkEntry            *note;
  GtkDropDown         *where;
  GtkLabel            *counts_label;
  GtkListBox          *payments;
  GPtrArray           *bendahara;      /* SalurOperator */
  GPtrArray           *destinations;   /* folder paths; the last entry of WHERE is "another folder" */
  SalurDeskCounts      counts;
} DeskDialog;

static const SalurComplaintKind complaint_kinds[] = {
  SALUR_COMPLAINT_NOT_LISTED,
  SALUR_COMPLAINT_AMOUNT_SHORT,
  SALUR_COMPLAINT_WRONG_NAME,
  SALUR_COMPLAINT_CUT_TAKEN,
  SALUR_COMPLAINT_OTHER,
};

/* Helpers */

static SalurOperator *
operator_copy (const SalurOperator *op)
{
  SalurOperator *copy = g_new0 (SalurOperator, 1);

  copy->name = g_strdup (op->name);
  copy->role = op->role;
  copy->active = op->active;
  return copy;
}

static void
desk_dialog_free (DeskDialog *d)
{
  g_cancellable_cancel (d->cancellable);
  g_clear_object (&d->cancellable);
  g_clear_object (&d->store);
  g_clear_object (&d->printer);
  g_clear_pointer (&d->officer, salur_operator_free);
  g_free (d->desk);
  g_free (d->dusun);
  g_free (d->tag);
  g_clear_pointer (&d->round, g_array_unref);
  g_clear_pointer (&d->kpm, salur_kpm_unref);
  g_clear_pointer (&d->months, g_array_unref);
  g_free (d->receipt);
  g_clear_pointer (&d->bendahara, g_ptr_array_unref);
  g_clear_pointer (&d->destinations, g_ptr_array_unref);
  g_free (d);
}

static const char *
entry_text (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static void
show_message (DeskDialog *d,
              const char *text)
{
  gtk_label_set_label (d->message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (d->message), text != NULL && *text != '\0');
  if (text != NULL && *text != '\0' && !d->finished && d->done != NULL)
    d->done ("refused", text, d->user_data);
}

/* While the core works in a thread the button waits. The fields stay as
 * they are: a focused entry made insensitive never hears that it lost the
 * keyboard (GTK 4.8 then warns from its cursor's blink). */
static void
set_busy (DeskDialog *d,
          gboolean    busy)
{
  d->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (d->apply), !busy);
}

/* Takes the panel off the desk: the last reference goes, and D with it */
static void
close_panel (DeskDialog *d)
{
  if (d->host == NULL)
    return;
  gtk_window_set_default_widget (d->parent, NULL);
  /* the desk's callback may have taken the panel away already */
  if (gtk_widget_get_parent (d->widget) == GTK_WIDGET (d->host))
    gtk_overlay_remove_overlay (d->host, d->widget);
  d->host = NULL;
}

/* Tells the desk once, and closes */
static void
finish (DeskDialog *d,
        const char *what,
        const char *text)
{
  /* D lives on the panel's widget: the desk's callback may close the panel
   * and drop its last reference, so hold one until D is no longer used */
  g_autoptr(GtkWidget) keep = g_object_ref (d->widget);

  if (!d->finished)
    {
      d->finished = TRUE;
      if (d->done != NULL)
        d->done (what, text, d->user_data);
    }
  close_panel (d);
}

static GtkWidget *
add_field (DeskDialog *d,
           const char *label,
           GtkWidget  *widget)
{
  GtkWidget *title = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), widget);
  gtk_widget_set_hexpand (widget, TRUE);
  if (GTK_IS_ENTRY (widget))
    gtk_entry_set_activates_default (GTK_ENTRY (widget), TRUE);
  if (GTK_IS_PASSWORD_ENTRY (widget))
    gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (widget), TRUE);
  gtk_grid_attach (d->fields, title, 0, d->rows, 1, 1);
  gtk_grid_attach (d->fields, widget, 1, d->rows, 1, 1);
  d->rows++;
  return widget;
}

static void
add_text (DeskDialog *d,
          const char *text,
          gboolean    strong)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  if (strong)
    gtk_widget_add_css_class (label, "heading");
  gtk_grid_attach (d->fields, label, 0, d->rows, 2, 1);
  d->rows++;
}

static GtkEntry *
new_entry (const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  return GTK_ENTRY (entry);
}

static void apply_cb (DeskDialog *d);

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  DeskDialog *d = user_data;

  if (!d->busy || d->kind != KIND_VOID)
    finish (d, NULL, NULL);
  return TRUE;
}

static gboolean
ctrl_enter_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  apply_cb (user_data);
  return TRUE;
}

static void
cancel_clicked_cb (DeskDialog *d)
{
  finish (d, NULL, NULL);
}

static void
widget_destroy_cb (DeskDialog *d)
{
  if (!d->finished)
    {
      d->finished = TRUE;
      if (d->done != NULL)
        d->done (NULL, NULL, d->user_data);
    }
}

/* A paper the desk prints when it has a printer: the end of the sentence
 * that says where it went (".", or that it printed, or why not) */
static char *
print_paper (DeskDialog *d,
             const char *path,
             const char *title)
{
  g_autoptr(GError) error = NULL;

  if (d->printer == NULL)
    return g_strdup (".");
  if (!salur_print_pdf_file (d->printer, path, title, &error))
    /* TRANSLATORS: the end of a sentence: why the paper did not print */
    return g_strdup_printf (_("; it could not be printed: %s"), error->message);
  /* TRANSLATORS: the end of a sentence: the printer it was sent to */
  return g_strdup_printf (_(", and sent to the printer %s."), gtk_printer_get_name (d->printer));
}

/* A panel over the desk: a title, a few lines, fields, a message line
 * for what the core refused, and the buttons (Enter does the action) */
static DeskDialog *
desk_dialog_new (const SalurDeskContext *ctx,
                 Kind                    kind,
                 const char             *title,
                 const char             *apply_label,
                 gboolean                destructive,
                 SalurDeskDialogDone     done,
                 gpointer                user_data)
{
  DeskDialog *d = g_new0 (DeskDialog, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (apply_label != NULL ? _("_Cancel") : _("_Close"));
  GtkWidget *message = gtk_label_new (NULL);
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  d->kind = kind;
  d->store = g_object_ref (ctx->store);
  d->officer = ctx->officer != NULL ? operator_copy (ctx->officer) : NULL;
  d->desk = g_strdup (ctx->desk);
  d->dusun = g_strdup (ctx->dusun);
  d->tag = g_strdup (ctx->device_tag);
  d->round = ctx->round != NULL ? g_array_ref (ctx->round) : NULL;
  d->done = done;
  d->user_data = user_data;
  d->cancellable = g_cancellable_new ();

  d->host = ctx->host;
  d->parent = ctx->parent;
  d->printer = ctx->printer != NULL ? g_object_ref (ctx->printer) : NULL;

  /* a veil over the desk, and the panel on it: the desk behind takes no
   * click and no Tab until the panel is done */
  d->widget = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (d->widget, "salur-veil");
  gtk_widget_set_hexpand (d->widget, TRUE);
  gtk_widget_set_vexpand (d->widget, TRUE);
  {
    GtkWidget *scroller = gtk_scrolled_window_new ();
    GtkWidget *clamp = adw_clamp_new ();
    GtkWidget *title_label = gtk_label_new (title);

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
    gtk_widget_set_valign (scroller, GTK_ALIGN_CENTER);
    gtk_widget_set_vexpand (scroller, TRUE);
    adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 600);
    gtk_widget_add_css_class (box, "salur-panel");
    gtk_widget_add_css_class (box, "card");
    gtk_widget_set_margin_top (clamp, 12);
    gtk_widget_set_margin_bottom (clamp, 12);
    gtk_widget_set_margin_start (clamp, 12);
    gtk_widget_set_margin_end (clamp, 12);
    gtk_widget_add_css_class (title_label, "title-3");
    gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
    gtk_widget_set_margin_top (title_label, 18);
    gtk_box_append (GTK_BOX (box), title_label);
    gtk_accessible_update_property (GTK_ACCESSIBLE (d->widget), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
    adw_clamp_set_child (ADW_CLAMP (clamp), box);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
    gtk_box_append (GTK_BOX (d->widget), scroller);
  }

  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 18);
  gtk_widget_set_margin_start (body, 18);
  gtk_widget_set_margin_end (body, 18);
  d->fields = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (d->fields, 8);
  gtk_grid_set_column_spacing (d->fields, 12);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (d->fields));

  d->message = GTK_LABEL (message);
  gtk_label_set_wrap (d->message, TRUE);
  gtk_label_set_xalign (d->message, 0);
  gtk_label_set_max_width_chars (d->message, 60);
  gtk_widget_add_css_class (message, "error");
  gtk_widget_set_visible (message, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (message), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (body), message);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), d);
  gtk_box_append (GTK_BOX (buttons), cancel);
  if (apply_label != NULL)
    {
      d->apply = GTK_BUTTON (gtk_button_new_with_mnemonic (apply_label));
      gtk_widget_add_css_class (GTK_WIDGET (d->apply), destructive ? "destructive-action" : "suggested-action");
      g_signal_connect_swapped (d->apply, "clicked", G_CALLBACK (apply_cb), d);
      gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (d->apply));
    }
  else
    d->apply = GTK_BUTTON (cancel);
  gtk_box_append (GTK_BOX (body), buttons);
  gtk_box_append (GTK_BOX (box), body);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (escape_cb, d, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (ctrl_enter_cb, d, NULL)));
  gtk_widget_add_controller (d->widget, shortcuts);
  g_signal_connect_swapped (d->widget, "destroy", G_CALLBACK (widget_destroy_cb), d);
  g_object_set_data_full (G_OBJECT (d->widget), "salur-desk-dialog", d, (GDestroyNotify) desk_dialog_free);
  return d;
}

/* On the desk, the first field to fill with the keyboard */
static void
present (DeskDialog *d,
         GtkWidget  *focus)
{
  gtk_overlay_add_overlay (d->host, d->widget);
  if (d->apply != NULL)
    gtk_window_set_default_widget (d->parent, GTK_WIDGET (d->apply));
  gtk_widget_grab_focus (focus != NULL ? focus : GTK_WIDGET (d->apply));
}

/* An absence */

static void
apply_absent (DeskDialog *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = g_strstrip (g_strdup (entry_text (d->reason)));
  g_autofree char *text = NULL;

  if (!salur_ledger_absent (d->store, d->officer, d->kpm->id, d->months, d->desk, reason, &error))
    {
      show_message (d, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (d->reason));
      return;
    }
  /* TRANSLATORS: the KPM's name and the reason given */
  text = g_strdup_printf (_("Recorded: %s did not come (%s). They can still be paid later."), d->kpm->name, reason);
  finish (d, "absent", text);
}

/* A void, with the bendahara's PIN */

typedef struct {
  char *path;
  char *who;
  char *pin;
  char *receipt;
  char *reason;
  gint64 total;
  char *to;
} VoidJob;

static void
void_job_free (VoidJob *job)
{
  g_free (job->path);
  g_free (job->who);
  if (job->pin != NULL)
    memset (job->pin, 0, strlen (job->pin));
  g_free (job->pin);
  g_free (job->receipt);
  g_free (job->reason);
  g_free (job->to);
  g_free (job);
}

/* The bendahara signs in for this one action, on a connection of the
 * thread's own: Argon2id takes its time */
static void
void_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  VoidJob *job = task_data;
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurOperator) bendahara = NULL;
  g_autoptr(SalurPayment) payment = NULL;
  GError *error = NULL;

  store = salur_store_open (job->path, &error);
  if (store == NULL
      || (bendahara = salur_ledger_login (store, job->who, job->pin, &error)) == NULL
      || !salur_ledger_void (store, bendahara, job->receipt, job->reason, &error)
      || (payment = salur_ledger_get_payment (store, job->receipt, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->total = payment->total;
  job->to = g_strdup (payment->proxy_name[0] != '\0' ? payment->proxy_name : payment->kpm_name);
  g_free (job->receipt);
  job->receipt = g_strdup (payment->receipt);
  g_task_return_boolean (task, TRUE);
}

static void
void_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  DeskDialog *d = user_data;
  VoidJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *amount = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (d, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (d->pin), "");
      show_message (d, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (d->pin));
      return;
    }
  amount = salur_rupiah_format (job->total);
  /* TRANSLATORS: receipt, amount, the person who took the cash */
  text = g_strdup_printf (_("Receipt %s is void. If %s was handed to %s, the cash must be recovered."),
                          job->receipt, amount, job->to);
  finish (d, "void", text);
}

static void
apply_void (DeskDialog *d)
{
  guint i = d->who != NULL ? gtk_drop_down_get_selected (d->who) : 0;
  const char *receipt = d->receipt != NULL ? d->receipt : entry_text (d->receipt_entry);
  g_autoptr(GTask) task = NULL;
  VoidJob *job;

  if (d->bendahara->len == 0 || i >= d->bendahara->len)
    {
      show_message (d, _("This laptop knows no bendahara: a receipt can be voided only on the bendahara's laptop."));
      return;
    }
  job = g_new0 (VoidJob, 1);
  job->path = g_strdup (salur_store_get_path (d->store));
  job->who = g_strdup (((SalurOperator *) g_ptr_array_index (d->bendahara, i))->name);
  job->pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->pin)));
  job->receipt = g_strstrip (g_strdup (receipt));
  job->reason = g_strstrip (g_strdup (entry_text (d->reason)));
  set_busy (d, TRUE);
  show_message (d, NULL);
  task = g_task_new (NULL, d->cancellable, void_done_cb, d);
  g_task_set_task_data (task, job, (GDestroyNotify) void_job_free);
  g_task_run_in_thread (task, void_thread);
}

/* A complaint, and its slip */

typedef struct {
  char      *path;
  char      *slip;
  char      *file;
} SlipJob;

static void
slip_job_free (SlipJob *job)
{
  g_free (job->path);
  g_free (job->slip);
  g_free (job->file);
  g_free (job);
}

static void
slip_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SlipJob *job = task_data;
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(SalurComplaint) complaint = NULL;
  g_autofree char *dir = NULL, *name = NULL;
  GError *error = NULL;

  store = salur_store_open (job->path, &error);
  if (store == NULL
      || (complaint = salur_complaint_get (store, job->slip, &error)) == NULL
      || (dir = salur_desk_receipt_dir (store, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  name = g_strdup_printf ("%s.pdf", complaint->slip);
  job->file = g_build_filename (dir, name, NULL);
  if (!salur_complaint_write_slip (store, complaint, SALUR_PAPER_A6, job->file, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
slip_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  DeskDialog *d = user_data;
  SlipJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* recorded all the same: say so, and why there is no slip */
      /* TRANSLATORS: the slip number, then why its PDF could not be written */
      text = g_strdup_printf (_("Complaint recorded: slip number %s. The slip could not be saved: %s"),
                              job->slip, error->message);
    }
  else
    {
      g_autofree char *printed = print_paper (d, job->file, job->slip);

      /* TRANSLATORS: the slip number, then where the slip's PDF is, then whether it printed */
      text = g_strdup_printf (_("Complaint recorded: slip number %s. Give the person the slip (saved as %s)%s"),
                              job->slip, job->file, printed);
    }
  finish (d, "complaint", text);
}

static void
apply_complaint (DeskDialog *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurComplaint) complaint = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = g_strstrip (g_strdup (entry_text (d->name)));
  g_autofree char *contact = g_strstrip (g_strdup (entry_text (d->contact)));
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (d->text);
  GtkTextIter start, end;
  GtkListBoxRow *row = gtk_list_box_get_selected_row (d->complaint_kind);
  guint kind = row != NULL ? (guint) gtk_list_box_row_get_index (row) : 0;
  SalurComplaintRequest req = { 0 };
  SlipJob *job;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  req.kind = complaint_kinds[MIN (kind, G_N_ELEMENTS (complaint_kinds) - 1)];
  req.kpm_id = d->kpm != NULL ? d->kpm->id : NULL;
  req.months = d->kpm != NULL ? d->months : NULL;
  req.complainant = name;
  req.contact = contact;
  req.text = text;
  req.desk = d->desk;
  complaint = salur_complaint_record (d->store, d->officer, &req, &error);
  if (complaint == NULL)
    {
      show_message (d, error->message);
      return;
    }
  /* recorded: the slip follows off the main loop */
  set_busy (d, TRUE);
  job = g_new0 (SlipJob, 1);
  job->path = g_strdup (salur_store_get_path (d->store));
  job->slip = g_strdup (complaint->slip);
  task = g_task_new (NULL, d->cancellable, slip_done_cb, d);
  g_task_set_task_data (task, job, (GDestroyNotify) slip_job_free);
  g_task_run_in_thread (task, slip_thread);
}

/* The day's figures and payments, for the summary and for closing */

typedef struct {
  char            *path;
  char            *dusun;
  char            *desk;
  char            *tag;
  GArray          *round;
  SalurDeskCounts  counts;
  GPtrArray       *payments;
  /* closing */
  SalurOperator   *officer;
  gint64           opening;
  gint64           counted;
  char            *note;
  char            *folder;
  char            *summary_file;
  char            *bundle_file;
  SalurDeskClose  *closed;
} DayJob;

static void
day_job_free (DayJob *job)
{
  g_free (job->path);
  g_free (job->dusun);
  g_free (job->desk);
  g_free (job->tag);
  g_clear_pointer (&job->round, g_array_unref);
  g_clear_pointer (&job->payments, g_ptr_array_unref);
  g_clear_pointer (&job->officer, salur_operator_free);
  g_free (job->note);
  g_free (job->folder);
  g_free (job->summary_file);
  g_free (job->bundle_file);
  g_clear_pointer (&job->closed, salur_desk_close_free);
  g_free (job);
}

static DayJob *
day_job_new (DeskDialog *d)
{
  DayJob *job = g_new0 (DayJob, 1);

  job->path = g_strdup (salur_store_get_path (d->store));
  job->dusun = g_strdup (d->dusun);
  job->desk = g_strdup (d->desk);
  job->tag = g_strdup (d->tag);
  job->round = g_array_ref (d->round);
  return job;
}

static void
counts_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DayJob *job = task_data;
  g_autoptr(SalurStore) store = NULL;
  GError *error = NULL;

  store = salur_store_open (job->path, &error);
  if (store == NULL
      || !salur_desk_counts (store, job->dusun, job->desk, job->round, &job->counts, &error)
      || (job->payments = salur_desk_payments (store, job->desk, job->round, 0, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static char *
counts_text (const SalurDeskCounts *c)
{
  g_autofree char *paid = salur_rupiah_format (c->paid);

  /* TRANSLATORS: counts of KPM, then the payments made here and their cash */
  return g_strdup_printf (_("%u KPM: %u served, %u absent, %u still to come.\n%u payments at this desk: %s paid out."),
                          c->total, c->served, c->absent, c->remaining, c->payments, paid);
}

static void
counts_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DeskDialog *d = user_data;
  DayJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (d, error->message);
      return;
    }
  d->counts = job->counts;
  text = counts_text (&job->counts);
  gtk_label_set_label (d->counts_label, text);
  if (d->payments != NULL)
    {
      for (guint i = 0; i < job->payments->len; i++)
        {
          const SalurPayment *p = g_ptr_array_index (job->payments, i);
          g_autofree char *amount = salur_rupiah_format (p->total);
          g_autofree char *when = salur_time_to_local (p->at);
          g_autofree char *subtitle = NULL;
          GtkWidget *row = adw_action_row_new ();

          if (p->proxy_name[0] != '\0')
            /* TRANSLATORS: receipt · amount · time · who received for the KPM */
            subtitle = g_strdup_printf (_("%s · %s · %s · received by %s"), p->receipt, amount, when, p->proxy_name);
          else
            subtitle = g_strdup_printf ("%s · %s · %s", p->receipt, amount, when);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->kpm_name);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          gtk_list_box_append (d->payments, row);
        }
      gtk_widget_set_visible (GTK_WIDGET (d->payments), job->payments->len > 0);
    }
  if (d->kind == KIND_CLOSE && d->opening != NULL
      && *entry_text (d->opening) == '\0' && *entry_text (d->counted) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (d->opening));
}

static void
start_counts (DeskDialog *d)
{
  g_autoptr(GTask) task = g_task_new (NULL, d->cancellable, counts_done_cb, d);

  g_task_set_task_data (task, day_job_new (d), (GDestroyNotify) day_job_free);
  g_task_run_in_thread (task, counts_thread);
}

/* Closing the desk: the record, the summary to sign, the bundle */

static void
close_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DayJob *job = task_data;
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *papers = NULL;
  GError *error = NULL;

  store = salur_store_open (job->path, &error);
  if (store == NULL
      || (job->closed = salur_desk_close (store, job->officer, job->dusun, job->desk, job->round, job->opening,
                                          job->counted, job->note, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* recorded: the papers follow, each its own failure */
  papers = salur_desk_receipt_dir (store, &error);
  job->summary_file = papers != NULL ? salur_desk_close_path (papers, job->desk, now) : NULL;
  if (job->summary_file == NULL || !salur_desk_close_write_pdf (store, job->closed, job->summary_file, &error))
    {
      g_prefix_error (&error, _("The desk is closed, but its summary could not be saved: "));
      g_task_return_error (task, error);
      return;
    }
  job->bundle_file = salur_desk_bundle_path (job->folder, job->desk, job->tag, now);
  if (!salur_sync_export (store, job->bundle_file, NULL, NULL, &error))
    {
      g_prefix_error (&error, _("The desk is closed and its summary saved as %s, but the bundle could not be "
                                "written: "), job->summary_file);
      g_clear_pointer (&job->bundle_file, g_free);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
close_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  DeskDialog *d = user_data;
  DayJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (job->closed != NULL)
        {
          /* the closing is recorded: the panel has nothing more to do */
          finish (d, "close", error->message);
          return;
        }
      set_busy (d, FALSE);
      show_message (d, error->message);
      /* a count that does not add up wants a note */
      if (g_error_matches (error, SALUR_ERROR, SALUR_ERROR_INVALID) && d->note != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (d->note));
      return;
    }
  {
    g_autofree char *counted = salur_rupiah_format (job->closed->cash_counted);
    g_autofree char *printed = print_paper (d, job->summary_file, _("Desk summary"));

    /* TRANSLATORS: the cash counted, the summary's file, the bundle's file, then whether it printed */
    text = g_strdup_printf (_("The desk is closed with %s counted. Sign the summary (%s); "
                              "take the bundle to the bendahara (%s)%s"),
                            counted, job->summary_file, job->bundle_file, printed);
  }
  finish (d, "close", text);
}

static void
start_close (DeskDialog *d,
             const char *folder,
             gint64      opening,
             gint64      counted)
{
  g_autoptr(GTask) task = g_task_new (NULL, d->cancellable, close_done_cb, d);
  DayJob *job = day_job_new (d);

  job->officer = operator_copy (d->officer);
  job->opening = opening;
  job->counted = counted;
  job->note = g_strstrip (g_strdup (entry_text (d->note)));
  job->folder = g_strdup (folder);
  set_busy (d, TRUE);
  show_message (d, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) day_job_free);
  g_task_run_in_thread (task, close_thread);
}

static void
folder_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  DeskDialog      *d)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;
  gint64 opening = 0, counted = 0;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  path = folder != NULL ? g_file_get_path (folder) : NULL;
  if (path == NULL)
    return;
  if (salur_desk_parse_rupiah (entry_text (d->opening), &opening, NULL)
      && salur_desk_parse_rupiah (entry_text (d->counted), &counted, NULL))
    start_close (d, path, opening, counted);
}

static void
apply_close (DeskDialog *d)
{
  g_autoptr(GError) error = NULL;
  gint64 opening = 0, counted = 0;
  guint where = gtk_drop_down_get_selected (d->where);

  if (!salur_desk_parse_rupiah (entry_text (d->opening), &opening, &error))
    {
      show_message (d, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (d->opening));
      return;
    }
  if (!salur_desk_parse_rupiah (entry_text (d->counted), &counted, &error))
    {
      show_message (d, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (d->counted));
      return;
    }
  if (where < d->destinations->len)
    {
      start_close (d, g_ptr_array_index (d->destinations, where), opening, counted);
      return;
    }
  /* another folder: the officer picks it */
  {
    GtkFileChooserNative *chooser =
      gtk_file_chooser_native_new (_("Where to Save the Bundle"), d->parent,
                                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Save Here"), _("_Cancel"));

    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
    g_signal_connect (chooser, "response", G_CALLBACK (folder_chosen_cb), d);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  }
}

static void
apply_cb (DeskDialog *d)
{
  if (d->busy)
    return;
  switch (d->kind)
    {
    case KIND_ABSENT:
      apply_absent (d);
      break;
    case KIND_VOID:
      apply_void (d);
      break;
    case KIND_COMPLAINT:
      apply_complaint (d);
      break;
    case KIND_CLOSE:
      apply_close (d);
      break;
    case KIND_SUMMARY:
    default:
      finish (d, NULL, NULL);
      break;
    }
}

/* Ctrl+Enter in the complaint's text (where Enter is a new line) */
static gboolean
text_key_cb (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             DeskDialog            *d)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK))
    {
      apply_cb (d);
      return TRUE;
    }
  if (keyval == GDK_KEY_Tab && (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (d->name));
      return TRUE;
    }
  return FALSE;
}

static gboolean
kinds_key_cb (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              DeskDialog            *d)
{
  if (keyval == GDK_KEY_Tab && (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (d->text));
      return TRUE;
    }
  return FALSE;
}

/* Removable drives the system mounted (a USB stick), for the bundle */
static void
add_destinations (DeskDialog    *d,
                  GtkStringList *names)
{
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  GList *mounts = g_volume_monitor_get_mounts (monitor);

  for (GList *l = mounts; l != NULL; l = l->next)
    {
      GMount *mount = l->data;
      g_autoptr(GFile) root = g_mount_get_root (mount);
      g_autofree char *path = g_file_get_path (root);
      g_autofree char *name = g_mount_get_name (mount);

      if (path == NULL || g_mount_is_shadowed (mount) || !g_mount_can_unmount (mount))
        continue;
      g_ptr_array_add (d->destinations, g_strdup (path));
      {
        /* TRANSLATORS: a USB stick's name and where it is */
        g_autofree char *label = g_strdup_printf (_("USB drive %s (%s)"), name, path);
        gtk_string_list_append (names, label);
      }
    }
  g_list_free_full (mounts, g_object_unref);
}

/* Public API */

GtkWidget *
salur_desk_absent_dialog (const SalurDeskContext *ctx,
                          const SalurKpm         *kpm,
                          GArray                 *months,
                          SalurDeskDialogDone     done,
                          gpointer                user_data)
{
  DeskDialog *d;
  g_autofree char *months_label = salur_months_label (months);
  g_autofree char *line = NULL;

  g_return_val_if_fail (ctx != NULL && kpm != NULL && months != NULL, NULL);

  d = desk_dialog_new (ctx, KIND_ABSENT, _("Record an Absence"), _("_Record"), FALSE, done, user_data);
  d->kpm = salur_kpm_ref ((SalurKpm *) kpm);
  d->months = g_array_ref (months);
  /* TRANSLATORS: the KPM's name, then the months */
  line = g_strdup_printf (_("%s did not come for %s. They can still be paid later; the absence is only a note "
                            "in the report."), kpm->name, months_label);
  add_text (d, line, FALSE);
  d->reason = GTK_ENTRY (add_field (d, _("_Reason"), GTK_WIDGET (new_entry (_("sakit, di luar kota, tidak datang…")))));
  present (d, GTK_WIDGET (d->reason));
  return d->widget;
}

GtkWidget *
salur_desk_void_dialog (const SalurDeskContext *ctx,
                        const char             *receipt,
                        SalurDeskDialogDone     done,
                        gpointer                user_data)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  DeskDialog *d;

  g_return_val_if_fail (ctx != NULL, NULL);

  d = desk_dialog_new (ctx, KIND_VOID, _("Void a Receipt"), _("_Void the Receipt"), TRUE, done, user_data);
  d->receipt = g_strdup (receipt);
  d->bendahara = salur_desk_bendahara (ctx->store, &error);
  if (d->bendahara == NULL)
    {
      d->bendahara = g_ptr_array_new ();
      show_message (d, error->message);
    }
  for (guint i = 0; i < d->bendahara->len; i++)
    gtk_string_list_append (names, ((SalurOperator *) g_ptr_array_index (d->bendahara, i))->name);

  if (receipt != NULL)
    {
      /* TRANSLATORS: %s is a receipt number */
      g_autofree char *line = g_strdup_printf (_("Receipt %s will be void: its months become unpaid. The record "
                                                 "keeps the payment, marked void. Only the bendahara may do it."),
                                               receipt);
      add_text (d, line, FALSE);
    }
  else
    {
      add_text (d, _("The receipt becomes void and its months unpaid; the record keeps the payment, marked void. "
                     "Only the bendahara may do it."), FALSE);
      d->receipt_entry = GTK_ENTRY (add_field (d, _("Re_ceipt"), GTK_WIDGET (new_entry ("KRJ-7QX-2611-0042"))));
    }
  if (d->bendahara->len > 1)
    d->who = GTK_DROP_DOWN (add_field (d, _("_Bendahara"), gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL)));
  else
    {
      /* one bendahara, the usual village: nothing to choose */
      GtkWidget *name = gtk_label_new (d->bendahara->len == 1 ? ((SalurOperator *) g_ptr_array_index (d->bendahara, 0))->name : "");
      GtkWidget *title = gtk_label_new (_("Bendahara"));

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (name, "heading");
      gtk_grid_attach (d->fields, title, 0, d->rows, 1, 1);
      gtk_grid_attach (d->fields, name, 1, d->rows, 1, 1);
      d->rows++;
    }
  d->pin = GTK_PASSWORD_ENTRY (add_field (d, _("_PIN"), gtk_password_entry_new ()));
  gtk_password_entry_set_show_peek_icon (d->pin, FALSE);
  g_object_set (d->pin, "activates-default", TRUE, NULL);
  d->reason = GTK_ENTRY (add_field (d, _("_Why"), GTK_WIDGET (new_entry (_("salah orang, uang kurang…")))));
  present (d, d->receipt_entry != NULL ? GTK_WIDGET (d->receipt_entry) : GTK_WIDGET (d->pin));
  return d->widget;
}

GtkWidget *
salur_desk_complaint_dialog (const SalurDeskContext *ctx,
                             const SalurKpm         *kpm,
                             GArray                 *months,
                             SalurDeskDialogDone     done,
                             gpointer                user_data)
{
  GtkWidget *kinds = gtk_list_box_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  DeskDialog *d;

  g_return_val_if_fail (ctx != NULL, NULL);

  d = desk_dialog_new (ctx, KIND_COMPLAINT, _("Record a Complaint"), _("_Record and Print the Slip"), FALSE, done,
                       user_data);
  /* the kinds in plain sight: the arrows choose, no list to open */
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (kinds), GTK_SELECTION_BROWSE);
  gtk_widget_add_css_class (kinds, "boxed-list");
  gtk_widget_add_css_class (kinds, "salur-kinds");
  for (gsize i = 0; i < G_N_ELEMENTS (complaint_kinds); i++)
    {
      GtkWidget *label = gtk_label_new (salur_complaint_kind_label (complaint_kinds[i]));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 10);
      gtk_widget_set_margin_end (label, 10);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_append (GTK_LIST_BOX (kinds), label);
    }
  gtk_list_box_select_row (GTK_LIST_BOX (kinds), gtk_list_box_get_row_at_index (GTK_LIST_BOX (kinds), 0));
  if (kpm != NULL)
    {
      g_autofree char *masked = salur_nik_mask (kpm->nik);
      g_autofree char *line = NULL;

      d->kpm = salur_kpm_ref ((SalurKpm *) kpm);
      d->months = months != NULL ? g_array_ref (months) : NULL;
      /* TRANSLATORS: the KPM's name and masked NIK the complaint is about */
      line = g_strdup_printf (_("About %s (%s)."), kpm->name, masked);
      add_text (d, line, TRUE);
    }
  else
    add_text (d, _("About no KPM of the list (for example, someone who says they should be on it)."), TRUE);

  d->complaint_kind = GTK_LIST_BOX (add_field (d, _("_Kind"), kinds));
  {
    /* Tab leaves the list for the text, rather than walking its rows */
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (kinds_key_cb), d);
    gtk_widget_add_controller (kinds, keys);
  }
  d->text = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (d->text, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (d->text, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (d->text), "card");
  gtk_text_view_set_top_margin (d->text, 6);
  gtk_text_view_set_left_margin (d->text, 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (d->text));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 90);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  add_field (d, _("_What happened"), scroller);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (text_key_cb), d);
  gtk_widget_add_controller (GTK_WIDGET (d->text), keys);
  gtk_accessible_update_property (GTK_ACCESSIBLE (d->text), GTK_ACCESSIBLE_PROPERTY_LABEL, _("What happened"), -1);
  d->name = GTK_ENTRY (add_field (d, _("Who _complains"), GTK_WIDGET (new_entry (_("Name as on the KTP")))));
  if (kpm != NULL)
    gtk_editable_set_text (GTK_EDITABLE (d->name), kpm->name);
  d->contact = GTK_ENTRY (add_field (d, _("C_ontact"), GTK_WIDGET (new_entry (_("Phone number or address (may be left empty)")))));
  add_text (d, _("↑ ↓ choose the kind; Tab moves to the next field; Ctrl+Enter records."), FALSE);
  present (d, GTK_WIDGET (gtk_list_box_get_selected_row (d->complaint_kind)));
  return d->widget;
}

GtkWidget *
salur_desk_summary_dialog (const SalurDeskContext *ctx,
                           SalurDeskDialogDone     done,
                           gpointer                user_data)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  g_autofree char *months = NULL, *line = NULL;
  DeskDialog *d;

  g_return_val_if_fail (ctx != NULL && ctx->round != NULL, NULL);

  d = desk_dialog_new (ctx, KIND_SUMMARY, _("Day Summary"), NULL, FALSE, done, user_data);
  months = salur_months_label (ctx->round);
  /* TRANSLATORS: the desk's name and the months of the round */
  line = g_strdup_printf (_("Desk %s · %s"), ctx->desk, months);
  add_text (d, line, TRUE);
  d->counts_label = GTK_LABEL (gtk_label_new ("…"));
  gtk_label_set_xalign (d->counts_label, 0);
  gtk_label_set_wrap (d->counts_label, TRUE);
  gtk_grid_attach (d->fields, GTK_WIDGET (d->counts_label), 0, d->rows++, 2, 1);
  d->payments = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (d->payments, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (d->payments), "boxed-list");
  gtk_widget_set_visible (GTK_WIDGET (d->payments), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (d->payments), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Payments at this desk"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (d->payments));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 300);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_grid_attach (d->fields, scroller, 0, d->rows++, 2, 1);
  start_counts (d);
  present (d, GTK_WIDGET (d->apply));
  return d->widget;
}

GtkWidget *
salur_desk_close_dialog (const SalurDeskContext *ctx,
                         SalurDeskDialogDone     done,
                         gpointer                user_data)
{
  g_autoptr(GtkStringList) places = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *outbox = NULL;
  DeskDialog *d;

  g_return_val_if_fail (ctx != NULL && ctx->round != NULL, NULL);

  d = desk_dialog_new (ctx, KIND_CLOSE, _("Close the Desk (Tutup Meja)"), _("C_lose the Desk"), FALSE, done,
                       user_data);
  add_text (d, _("Count the cash left on the table. The closing is recorded with the count; the summary is saved "
                 "to print and sign, and this laptop's bundle is written for the bendahara."), FALSE);
  d->counts_label = GTK_LABEL (gtk_label_new ("…"));
  gtk_label_set_xalign (d->counts_label, 0);
  gtk_label_set_wrap (d->counts_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (d->counts_label), "heading");
  gtk_grid_attach (d->fields, GTK_WIDGET (d->counts_label), 0, d->rows++, 2, 1);
  d->opening = GTK_ENTRY (add_field (d, _("Cash at _opening (Rp)"), GTK_WIDGET (new_entry ("15.000.000"))));
  d->counted = GTK_ENTRY (add_field (d, _("Cash _counted now (Rp)"), GTK_WIDGET (new_entry ("3.000.000"))));
  d->note = GTK_ENTRY (add_field (d, _("_Note"), GTK_WIDGET (new_entry (_("Why the cash differs, if it does")))));
  gtk_entry_set_input_purpose (d->opening, GTK_INPUT_PURPOSE_NUMBER);
  gtk_entry_set_input_purpose (d->counted, GTK_INPUT_PURPOSE_NUMBER);

  d->destinations = g_ptr_array_new_with_free_func (g_free);
  outbox = salur_desk_outbox_dir (ctx->store, &error);
  if (outbox != NULL)
    {
      /* TRANSLATORS: %s is the folder beside the data file */
      g_autofree char *label = g_strdup_printf (_("Folder %s"), outbox);
      g_ptr_array_add (d->destinations, g_steal_pointer (&outbox));
      gtk_string_list_append (places, label);
    }
  add_destinations (d, places);
  gtk_string_list_append (places, _("Another folder…"));
  d->where = GTK_DROP_DOWN (add_field (d, _("Bundle _to"), gtk_drop_down_new (G_LIST_MODEL (g_object_ref (places)), NULL)));
  start_counts (d);
  present (d, GTK_WIDGET (d->opening));
  return d->widget;
}

void
salur_desk_dialog_cancel (GtkWidget *panel)
{
  DeskDialog *d;

  g_return_if_fail (GTK_IS_WIDGET (panel));

  d = g_object_get_data (G_OBJECT (panel), "salur-desk-dialog");
  if (d != NULL && !(d->busy && d->kind == KIND_VOID))
    finish (d, NULL, NULL);
}
