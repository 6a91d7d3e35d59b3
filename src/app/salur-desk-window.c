/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "salur-application.h"
#include "salur-desk-window.h"
#include "salur-error.h"
#include "salur-kpm-panel.h"
#include "salur-login.h"
#include "salur-money.h"
#include "salur-proxy-form.h"
#include "salur-receipt-job.h"
#include "salur-scan.h"

/* What the officer chose as proof for the person in front of them: nothing
 * until a key says so, for every person anew */
#define PROOF_UNSET ((SalurProof) -1)

typedef enum {
  VIEW_READY,
  VIEW_KPM,
  VIEW_PAID,
} View;

struct _SalurDeskWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwWindowTitle       *window_title;
  GtkMenuButton        *menu_button;
  GtkStack             *stack;
  SalurLogin           *login;
  GtkSearchEntry       *input;
  GtkToggleButton      *camera_button;
  AdwButtonContent     *camera_content;
  GtkRevealer          *camera_revealer;
  GtkPicture           *camera_picture;
  GtkLabel             *camera_label;
  GtkBox               *matches_box;
  GtkLabel             *matches_label;
  GtkListBox           *matches_list;
  GtkScrolledWindow    *view_scroller;
  GtkStack             *view_stack;
  AdwStatusPage        *ready_page;
  SalurKpmPanel        *panel;
  GtkBox               *receive_box;
  GtkToggleButton      *self_button;
  GtkToggleButton      *proxy_button;
  GtkRevealer          *proxy_revealer;
  SalurProxyForm       *proxy_form;
  GtkBox               *witness_box;
  GtkEntry             *witness_entry;
  GtkToggleButton      *thumb_button;
  GtkToggleButton      *sign_button;
  GtkRevealer          *pad_revealer;
  GtkBox               *pad_box;
  GtkButton            *confirm_button;
  GtkLabel             *hint_label;
  AdwStatusPage        *paid_page;
  GtkLabel             *keys_label;
  GtkLabel             *side_title;
  GtkGrid              *counts_grid;
  GtkLabel             *side_list_title;
  GtkListBox           *side_list;
  GtkDropDown          *printer_dropdown;
  GtkDropDown          *paper_dropdown;

  SalurStore           *store;
  SalurDevice          *device;
  SalurOperator        *officer;
  char                 *dusun;          /* the desk's; NULL in the field */
  char                 *desk_name;      /* recorded with each payment */
  GArray               *round;

  /* the person in front of the table */
  View                  view;
  SalurDeskCheck       *check;
  GPtrArray            *matches;        /* SalurKpm listed for a part of a name */
  char                 *matches_text;   /* what they were listed for */
  SalurProof            proof;
  gboolean              proxy;
  gboolean              other_confirmed;
  char                 *hint;

  /* the last payment, on the "paid" view */
  char                 *paid_receipt;
  char                 *paid_file;
  guint                 receipts_saved;
  guint                 receipts_failed;
  GCancellable         *cancellable;    /* receipts in flight */

  /* printing */
  GtkStringList        *printer_names;  /* "No printer: save PDF", then each printer */
  GPtrArray            *printers;       /* GtkPrinter, in the same order after the first */

  /* camera */
  gboolean              has_camera;
  SalurCameraReader    *camera;

  /* debugging and figures */
  char                 *debug_state_path;
  char                 *debug_state_last;
  gboolean              timing;
  gint64                timing_since;   /* Enter pressed, or the window made */
  const char           *timing_what;
  gulong                after_paint_id;
};

G_DEFINE_FINAL_TYPE (SalurDeskWindow, salur_desk_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_view (SalurDeskWindow *self);

/* Helpers */

/* gtk_list_box_remove_all is GTK 4.12 */
static void
list_box_clear (GtkListBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, child);
}

static const char *
outcome_name (SalurDeskOutcome outcome)
{
  static const char *const names[] = {
    "pay", "already-paid", "closed", "not-listed", "card-refused", "not-found", "choose",
  };

  return outcome < G_N_ELEMENTS (names) ? names[outcome] : "";
}

static const char *
proof_name (SalurProof proof)
{
  switch (proof)
    {
    case SALUR_PROOF_THUMBPRINT:
      return "thumbprint";
    case SALUR_PROOF_SIGNATURE:
      return "signature";
    case SALUR_PROOF_NONE:
      return "none";
    default:
      return "unset";
    }
}

/* SALUR_DEBUG_STATE=FILE: one line of key=value a UI test waits on,
 * rewritten when it changes. It holds KPM ids, never a NIK or a name. */
static void
write_debug_state (SalurDeskWindow *self)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *page;

  if (self->debug_state_path == NULL)
    return;

  page = gtk_stack_get_visible_child_name (self->stack);
  g_string_append_printf (line, "page=%s", page != NULL ? page : "");
  if (g_strcmp0 (page, "login") == 0)
    {
      const char *selected = salur_login_get_selected (self->login);

      g_string_append_printf (line, " officer=%s", selected != NULL ? selected : "");
    }
  else
    {
      static const char *const views[] = { "ready", "kpm", "paid" };

      g_string_append_printf (line, " mode=%s officer=%s desk=%s view=%s matches=%u",
                              self->device->role == SALUR_DEVICE_FIELD ? "field" : "desk",
                              self->officer != NULL ? self->officer->name : "",
                              self->desk_name != NULL ? self->desk_name : "",
                              views[self->view],
                              gtk_widget_get_visible (GTK_WIDGET (self->matches_box)) && self->matches != NULL
                                ? self->matches->len : 0);
      if (self->view == VIEW_KPM && self->check != NULL)
        g_string_append_printf (line, " outcome=%s kpm=%s verdict=%d proof=%s proxy=%d other-dusun=%d confirmed=%d",
                                outcome_name (self->check->outcome),
                                self->check->kpm != NULL ? self->check->kpm->id : "",
                                self->check->card_verdict, proof_name (self->proof), self->proxy,
                                self->check->other_dusun, self->other_confirmed);
      if (self->view == VIEW_PAID)
        g_string_append_printf (line, " receipt=%s", self->paid_receipt != NULL ? self->paid_receipt : "");
      g_string_append_printf (line, " saved=%u failed=%u", self->receipts_saved, self->receipts_failed);
    }
  g_string_append_c (line, '\n');

  if (g_strcmp0 (line->str, self->debug_state_last) == 0)
    return;
  if (!g_file_set_contents (self->debug_state_path, line->str, -1, &error))
    g_warning ("Cannot write %s: %s", self->debug_state_path, error->message);
  g_free (self->debug_state_last);
  self->debug_state_last = g_string_free (g_steal_pointer (&line), FALSE);
}

/* SALUR_DEBUG_TIMING=1: the time from a key to the frame that shows its
 * result, on stderr, for bench/desk.sh */
static void
after_paint_cb (GdkFrameClock   *clock,
                SalurDeskWindow *self)
{
  double ms = (g_get_monotonic_time () - self->timing_since) / 1000.0;

  g_signal_handler_disconnect (clock, self->after_paint_id);
  self->after_paint_id = 0;
  g_printerr ("%s %.1f\n", self->timing_what, ms);
}

static void
time_next_frame (SalurDeskWindow *self,
                 const char      *what,
                 gint64           since)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (!self->timing || clock == NULL)
    return;
  if (self->after_paint_id != 0)
    g_signal_handler_disconnect (clock, self->after_paint_id);
  self->timing_since = since;
  self->timing_what = what;
  self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
focus_input (SalurDeskWindow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->input));
}

static void
set_hint (SalurDeskWindow *self,
          const char      *text,
          gboolean         problem)
{
  g_free (self->hint);
  self->hint = g_strdup (text);
  gtk_label_set_label (self->hint_label, text != NULL ? text : "");
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
}

static gboolean
is_field (SalurDeskWindow *self)
{
  return self->device->role == SALUR_DEVICE_FIELD;
}

static gboolean
payable (SalurDeskWindow *self)
{
  return self->view == VIEW_KPM && self->check != NULL && self->check->outcome == SALUR_DESK_PAY;
}

/* Why the payment cannot be confirmed yet, or NULL */
static char *
missing_for_confirm (SalurDeskWindow *self)
{
  if (!payable (self))
    return g_strdup (_("There is nothing to pay: scan or type the next person."));
  if (self->check->other_dusun && !self->other_confirmed)
    return g_strdup (_("This KPM is of another dusun: check the KTP, then press F7 to pay here."));
  if (self->proxy)
    {
      char *why = NULL;

      if (!salur_proxy_form_is_complete (self->proxy_form, &why))
        return why;
    }
  if (is_field (self))
    {
      g_autofree char *witness = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->witness_entry))));

      if (*witness == '\0')
        return g_strdup (_("Write who witnessed the delivery at home."));
    }
  if (self->proof == PROOF_UNSET)
    return g_strdup (_("Choose the proof: F2 for a thumbprint on the paper receipt, F3 for a signature."));
  if (self->proof == SALUR_PROOF_SIGNATURE)
    return g_strdup (_("The signature pad is not available on this laptop: press F2 for a thumbprint."));
  return NULL;
}

static void
update_keys (SalurDeskWindow *self)
{
  g_autoptr(GString) keys = g_string_new (NULL);

#define KEY(k, what) g_string_append_printf (keys, "%s<b>%s</b> %s", keys->len > 0 ? "   " : "", k, what)
  if (self->view == VIEW_KPM && self->check != NULL)
    {
      if (self->check->outcome == SALUR_DESK_PAY)
        {
          if (self->check->other_dusun && !self->other_confirmed)
            KEY ("F7", _("pay here anyway"));
          KEY ("F2", _("thumbprint"));
          KEY ("F3", _("signature"));
          KEY ("F4", self->proxy ? _("in person") : _("proxy"));
          KEY (_("Enter"), _("pay"));
          KEY ("F6", _("absent"));
        }
      else if (self->check->outcome == SALUR_DESK_ALREADY_PAID)
        KEY ("F9", _("void the receipt (bendahara)"));
      KEY (_("Esc"), _("cancel"));
    }
  else if (gtk_widget_get_visible (GTK_WIDGET (self->matches_box)))
    {
      KEY ("↑ ↓", _("choose"));
      KEY (_("Enter"), _("open"));
      KEY (_("Esc"), _("cancel"));
    }
  else
    {
      KEY (_("Scan"), _("or type, then Enter"));
      if (self->has_camera)
        KEY ("F5", _("camera"));
      KEY ("F10", _("day summary"));
    }
#undef KEY
  gtk_label_set_markup (self->keys_label, keys->str);
}

static void
update_actions (SalurDeskWindow *self)
{
  gboolean pay = payable (self);
  gboolean stop = self->view == VIEW_KPM && self->check != NULL;
  g_autofree char *label = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.thumbprint", pay);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.signature", pay);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.proxy", pay);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.in-person", pay);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.other-dusun", pay && self->check->other_dusun);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.confirm", pay);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.absent",
                                 stop && self->check->kpm != NULL && self->check->outcome == SALUR_DESK_PAY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.camera", self->has_camera);

  gtk_toggle_button_set_active (self->thumb_button, self->proof == SALUR_PROOF_THUMBPRINT);
  gtk_toggle_button_set_active (self->sign_button, self->proof == SALUR_PROOF_SIGNATURE);
  gtk_toggle_button_set_active (self->proxy_button, self->proxy);
  gtk_toggle_button_set_active (self->self_button, !self->proxy);
  gtk_revealer_set_reveal_child (self->proxy_revealer, self->proxy);

  if (pay)
    {
      g_autofree char *amount = salur_rupiah_format (self->check->total);
      g_autofree char *missing = missing_for_confirm (self);

      /* TRANSLATORS: %s is the amount, "Rp900.000" */
      label = g_strdup_printf (_("Pay %s and print the receipt (Enter)"), amount);
      gtk_button_set_label (self->confirm_button, label);
      gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_button), missing == NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->receive_box), pay);
}

static void
update_view (SalurDeskWindow *self)
{
  static const char *const names[] = { "ready", "kpm", "paid" };

  gtk_stack_set_visible_child_name (self->view_stack, names[self->view]);
  update_actions (self);
  update_keys (self);
  write_debug_state (self);
}

static void
hide_matches (SalurDeskWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->matches_box), FALSE);
  list_box_clear (self->matches_list);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_pointer (&self->matches_text, g_free);
}

/* Shows the KPM of a part of a name, to pick with the arrows and Enter */
static void
show_matches (SalurDeskWindow *self,
              const char      *text,
              SalurLookup     *lookup)
{
  g_autofree char *label = NULL;

  list_box_clear (self->matches_list);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  self->matches = g_ptr_array_ref (lookup->matches);
  g_free (self->matches_text);
  self->matches_text = g_strdup (text);

  for (guint i = 0; i < self->matches->len; i++)
    {
      const SalurKpm *kpm = g_ptr_array_index (self->matches, i);
      g_autofree char *masked = salur_nik_mask (kpm->nik);
      g_autofree char *rt_rw = salur_kpm_rt_rw (kpm);
      g_autofree char *subtitle = g_strdup_printf (_("%s · Dusun %s · RT/RW %s"), masked, kpm->dusun, rt_rw);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kpm->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->matches_list, row);
    }
  gtk_list_box_select_row (self->matches_list, gtk_list_box_get_row_at_index (self->matches_list, 0));
  if (lookup->n_matches > lookup->matches->len)
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u KPM match: the first %u are shown; type more of the name.",
                                          "%u KPM match: the first %u are shown; type more of the name.",
                                          lookup->n_matches),
                             lookup->n_matches, lookup->matches->len);
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u KPM matches: choose with ↑ ↓ and Enter.",
                                          "%u KPM match: choose with ↑ ↓ and Enter.", lookup->n_matches),
                             lookup->n_matches);
  gtk_label_set_label (self->matches_label, label);
  gtk_widget_set_visible (GTK_WIDGET (self->matches_box), TRUE);
  update_keys (self);
  write_debug_state (self);
}

static void
show_error (SalurDeskWindow *self,
            const GError    *error)
{
  g_autoptr(SalurDeskCheck) none = g_new0 (SalurDeskCheck, 1);

  /* the store could not be read: say so where the KPM would be */
  none->outcome = SALUR_DESK_NOT_FOUND;
  none->message = g_strdup (error->message);
  g_clear_pointer (&self->check, salur_desk_check_free);
  self->check = g_steal_pointer (&none);
  salur_kpm_panel_show (self->panel, self->check, self->dusun);
  self->view = VIEW_KPM;
  update_view (self);
}

/* Takes CHECK and shows it; the person's choices start afresh */
static void
show_check (SalurDeskWindow *self,
            SalurDeskCheck  *check)
{
  g_clear_pointer (&self->check, salur_desk_check_free);
  self->check = check;
  self->proof = PROOF_UNSET;
  self->proxy = FALSE;
  self->other_confirmed = FALSE;
  set_hint (self, NULL, FALSE);
  hide_matches (self);

  salur_kpm_panel_show (self->panel, check, self->dusun);
  salur_proxy_form_reset (self->proxy_form, check->kpm != NULL ? check->kpm->nik : NULL);
  self->view = VIEW_KPM;
  update_view (self);
  /* the top of the panel, where the verdict is */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->view_scroller), 0);
  if (check->outcome == SALUR_DESK_PAY)
    {
      g_autofree char *missing = missing_for_confirm (self);
      set_hint (self, missing, FALSE);
    }
}

static void
look_up (SalurDeskWindow *self,
         const char      *text,
         gint64           since)
{
  g_autoptr(GError) error = NULL;
  SalurDeskCheck *check;

  check = salur_desk_check (self->store, text, self->round, self->dusun, &error);
  if (check == NULL)
    {
      show_error (self, error);
      return;
    }
  if (check->outcome == SALUR_DESK_CHOOSE)
    {
      show_matches (self, text, check->lookup);
      salur_desk_check_free (check);
      time_next_frame (self, "lookup-to-list-ms", since);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->input), "");
  show_check (self, check);
  time_next_frame (self, "lookup-to-panel-ms", since);
}

static void
pick_match (SalurDeskWindow *self,
            guint            index,
            gint64           since)
{
  g_autoptr(GError) error = NULL;
  SalurDeskCheck *check;

  if (self->matches == NULL || index >= self->matches->len)
    return;
  check = salur_desk_check_kpm (self->store, g_ptr_array_index (self->matches, index), self->round,
                                self->dusun, &error);
  if (check == NULL)
    {
      show_error (self, error);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->input), "");
  show_check (self, check);
  time_next_frame (self, "lookup-to-panel-ms", since);
}

/* Back to the input, the person's choices forgotten; nothing recorded */
static void
cancel (SalurDeskWindow *self)
{
  g_clear_pointer (&self->check, salur_desk_check_free);
  hide_matches (self);
  set_hint (self, NULL, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->input), "");
  self->proof = PROOF_UNSET;
  self->proxy = FALSE;
  self->view = VIEW_READY;
  update_view (self);
  focus_input (self);
}

static void
receipt_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SalurDeskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean printed = FALSE;

  path = salur_receipt_job_finish (result, &printed, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    return;
  if (path == NULL)
    {
      self->receipts_failed++;
      g_warning ("%s (%s)", error->message, salur_store_get_path (self->store));
      if (self->view == VIEW_PAID)
        adw_status_page_set_description (self->paid_page, error->message);
    }
  else
    {
      self->receipts_saved++;
      if (self->view == VIEW_PAID && self->paid_file == NULL)
        {
          g_autofree char *text = NULL;

          self->paid_file = g_steal_pointer (&path);
          if (printed)
            /* TRANSLATORS: %s is the file kept as the desk's copy */
            text = g_strdup_printf (_("The receipt is printed; a copy is kept in %s.\nNext person: scan the card."),
                                    self->paid_file);
          else
            /* TRANSLATORS: %s is where the receipt PDF was saved */
            text = g_strdup_printf (_("No printer: the receipt is saved as %s.\nNext person: scan the card."),
                                    self->paid_file);
          adw_status_page_set_description (self->paid_page, text);
        }
    }
  write_debug_state (self);
}

static GtkPrinter *
chosen_printer (SalurDeskWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->printer_dropdown);

  if (i == GTK_INVALID_LIST_POSITION || i == 0 || i > self->printers->len)
    return NULL;
  return g_ptr_array_index (self->printers, i - 1);
}

static void
confirm (SalurDeskWindow *self)
{
  g_autofree char *missing = missing_for_confirm (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurPayment) paid = NULL;
  g_autofree char *witness = NULL, *proxy_name = NULL, *relation = NULL;
  SalurPaymentRequest req = { 0 };

  if (missing != NULL)
    {
      set_hint (self, missing, TRUE);
      if (self->proxy && !salur_proxy_form_is_complete (self->proxy_form, NULL))
        salur_proxy_form_focus (self->proxy_form);
      write_debug_state (self);
      return;
    }

  req.kpm_id = self->check->kpm->id;
  req.months = self->check->to_pay;
  req.desk = self->desk_name;
  req.place = is_field (self) ? SALUR_PLACE_HOME : SALUR_PLACE_HALL;
  if (is_field (self))
    {
      witness = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->witness_entry))));
      req.witness = witness;
    }
  if (self->proxy)
    {
      proxy_name = g_strstrip (g_strdup (salur_proxy_form_get_name (self->proxy_form)));
      relation = g_strstrip (g_strdup (salur_proxy_form_get_relation (self->proxy_form)));
      req.proxy_name = proxy_name;
      req.proxy_nik = salur_proxy_form_get_nik (self->proxy_form);
      req.proxy_relation = relation;
      req.surat_kuasa_seen = salur_proxy_form_get_surat_kuasa (self->proxy_form);
    }
  req.proof = self->proof;

  /* committed with synchronous=FULL before it returns: from here on a
   * power cut loses nothing */
  paid = salur_ledger_pay (self->store, self->officer, &req, &error);
  if (paid == NULL)
    {
      g_autoptr(GError) again = NULL;
      SalurDeskCheck *fresh = NULL;

      /* another desk on this file may have paid first: show where the KPM
       * stands now, and why */
      if (error->domain == SALUR_ERROR && self->check->kpm != NULL)
        fresh = salur_desk_check_kpm (self->store, self->check->kpm, self->round, self->dusun, &again);
      if (fresh != NULL && fresh->outcome != SALUR_DESK_PAY)
        {
          show_check (self, fresh);
          salur_kpm_panel_show_refusal (self->panel, _("NOT PAID"), error->message);
        }
      else
        {
          if (fresh != NULL)
            salur_desk_check_free (fresh);
          set_hint (self, error->message, TRUE);
        }
      write_debug_state (self);
      return;
    }

  {
    g_autofree char *amount = salur_rupiah_format (paid->total);
    g_autofree char *title = NULL;
    const char *who = paid->proxy_name[0] != '\0' ? paid->proxy_name : paid->kpm_name;

    /* TRANSLATORS: amount, who received it, receipt number */
    title = g_strdup_printf (_("Paid %s to %s\nReceipt %s"), amount, who, paid->receipt);
    adw_status_page_set_title (self->paid_page, title);
    adw_status_page_set_description (self->paid_page, _("Saving the receipt…"));
  }
  g_free (self->paid_receipt);
  self->paid_receipt = g_strdup (paid->receipt);
  g_clear_pointer (&self->paid_file, g_free);

  salur_receipt_job_start (salur_store_get_path (self->store), paid->receipt,
                           gtk_drop_down_get_selected (self->paper_dropdown) == 1 ? SALUR_PAPER_ROLL80
                                                                                  : SALUR_PAPER_A6,
                           chosen_printer (self), GTK_WINDOW (self), self->cancellable,
                           receipt_done_cb, g_object_ref (self));

  g_clear_pointer (&self->check, salur_desk_check_free);
  self->proof = PROOF_UNSET;
  self->proxy = FALSE;
  set_hint (self, NULL, FALSE);
  self->view = VIEW_PAID;
  update_view (self);
  focus_input (self);
}

/* Callbacks */

static void
input_activate_cb (SalurDeskWindow *self)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->input))));

  if (gtk_widget_get_visible (GTK_WIDGET (self->matches_box))
      && (*text == '\0' || g_strcmp0 (text, self->matches_text) == 0))
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->matches_list);

      if (row != NULL)
        {
          pick_match (self, gtk_list_box_row_get_index (row), now);
          return;
        }
    }
  if (*text != '\0')
    {
      look_up (self, text, now);
      return;
    }
  /* Enter on an empty input: the payment shown, if all is chosen */
  if (self->view == VIEW_KPM)
    confirm (self);
}

/* Search as a name is typed; digits wait for Enter (a scanner types 199
 * of them, a NIK has 16) */
static void
input_changed_cb (SalurDeskWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->input))));
  g_autoptr(SalurLookup) lookup = NULL;
  gboolean letters = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    letters |= g_ascii_isalpha (*p) || (guchar) *p >= 0x80;
  if (!letters || g_utf8_strlen (text, -1) < 3)
    {
      if (gtk_widget_get_visible (GTK_WIDGET (self->matches_box)) && g_strcmp0 (text, self->matches_text) != 0)
        {
          hide_matches (self);
          update_keys (self);
          write_debug_state (self);
        }
      return;
    }
  lookup = salur_lookup (self->store, text, NULL, NULL, NULL);
  if (lookup != NULL && lookup->kind == SALUR_INPUT_NAME && lookup->matches != NULL && lookup->matches->len > 0)
    show_matches (self, text, lookup);
  else if (gtk_widget_get_visible (GTK_WIDGET (self->matches_box)))
    {
      hide_matches (self);
      update_keys (self);
      write_debug_state (self);
    }
}

static void
input_stop_cb (SalurDeskWindow *self)
{
  cancel (self);
}

/* The arrows move in the list of names while the focus stays in the input */
static gboolean
input_key_cb (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              SalurDeskWindow       *self)
{
  GtkListBoxRow *row;
  int i, n;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->matches_box)) || self->matches == NULL)
    return FALSE;
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_Up && keyval != GDK_KEY_KP_Down && keyval != GDK_KEY_KP_Up)
    return FALSE;
  row = gtk_list_box_get_selected_row (self->matches_list);
  i = row != NULL ? gtk_list_box_row_get_index (row) : -1;
  n = self->matches->len;
  i += (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) ? 1 : -1;
  i = CLAMP (i, 0, n - 1);
  row = gtk_list_box_get_row_at_index (self->matches_list, i);
  gtk_list_box_select_row (self->matches_list, row);
  /* scroll the list to it, the focus staying where it is */
  {
    graphene_rect_t bounds;
    GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self->matches_list), GTK_TYPE_SCROLLED_WINDOW);

    if (scroller != NULL
        && gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->matches_list), &bounds))
      {
        GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
        double top = gtk_adjustment_get_value (adj), page = gtk_adjustment_get_page_size (adj);

        if (bounds.origin.y < top)
          gtk_adjustment_set_value (adj, bounds.origin.y);
        else if (bounds.origin.y + bounds.size.height > top + page)
          gtk_adjustment_set_value (adj, bounds.origin.y + bounds.size.height - page);
      }
  }
  return TRUE;
}

static void
match_activated_cb (SalurDeskWindow *self,
                    GtkListBoxRow   *row)
{
  pick_match (self, gtk_list_box_row_get_index (row), g_get_monotonic_time ());
  focus_input (self);
}

static void
proxy_changed_cb (SalurDeskWindow *self)
{
  if (!payable (self))
    return;
  update_actions (self);
  if (self->hint != NULL)
    {
      g_autofree char *missing = missing_for_confirm (self);
      set_hint (self, missing, FALSE);
    }
}

static void
proxy_done_cb (SalurDeskWindow *self)
{
  g_autofree char *missing = missing_for_confirm (self);

  set_hint (self, missing, FALSE);
  focus_input (self);
}

static void
witness_changed_cb (SalurDeskWindow *self)
{
  proxy_changed_cb (self);
}

static void
witness_activate_cb (SalurDeskWindow *self)
{
  focus_input (self);
}

static void
side_row_activated_cb (SalurDeskWindow *self,
                       GtkListBoxRow   *row)
{
}

static void
printer_selected_cb (SalurDeskWindow *self)
{
  write_debug_state (self);
}

static void
login_changed_cb (SalurDeskWindow *self)
{
  write_debug_state (self);
}

static void
signed_in_cb (SalurDeskWindow *self)
{
  const char *dusun = salur_login_get_dusun (self->login);
  g_autofree char *title = NULL, *subtitle = NULL, *months = NULL;

  g_clear_pointer (&self->officer, salur_operator_free);
  self->officer = salur_login_take_operator (self->login);
  g_clear_pointer (&self->round, g_array_unref);
  self->round = salur_login_get_round (self->login);
  g_free (self->dusun);
  self->dusun = is_field (self) ? NULL : g_strdup (dusun);
  g_free (self->desk_name);
  self->desk_name = salur_desk_name (self->device, self->dusun);

  months = salur_months_label (self->round);
  if (is_field (self))
    /* TRANSLATORS: the field officer's window title: their name */
    title = g_strdup_printf (_("Home deliveries: %s"), self->officer->name);
  else
    /* TRANSLATORS: the window title at a desk: the dusun's name */
    title = g_strdup_printf (_("Desk of Dusun %s"), self->dusun);
  /* TRANSLATORS: officer · the months of the round */
  subtitle = g_strdup_printf (_("%s · round: %s"), self->officer->name, months);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->witness_box), is_field (self));

  gtk_stack_set_visible_child_name (self->stack, "desk");
  cancel (self);
}

/* Actions */

static void
thumbprint_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);
  g_autofree char *missing = NULL;

  if (!payable (self))
    return;
  self->proof = SALUR_PROOF_THUMBPRINT;
  gtk_revealer_set_reveal_child (self->pad_revealer, FALSE);
  update_actions (self);
  missing = missing_for_confirm (self);
  set_hint (self, missing != NULL ? missing : _("The KPM puts a thumbprint on the paper receipt. Press Enter to pay."),
            FALSE);
  write_debug_state (self);
}

static void
signature_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);
  g_autofree char *missing = NULL;

  if (!payable (self))
    return;
  self->proof = SALUR_PROOF_SIGNATURE;
  gtk_revealer_set_reveal_child (self->pad_revealer, TRUE);
  update_actions (self);
  missing = missing_for_confirm (self);
  set_hint (self, missing, missing != NULL);
  write_debug_state (self);
}

static void
proxy_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);

  if (!payable (self))
    return;
  self->proxy = !self->proxy;
  update_actions (self);
  update_keys (self);
  if (self->proxy)
    salur_proxy_form_focus (self->proxy_form);
  else
    focus_input (self);
  write_debug_state (self);
}

static void
in_person_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);

  if (!payable (self) || !self->proxy)
    {
      update_actions (self);
      return;
    }
  proxy_action (widget, action_name, parameter);
}

static void
other_dusun_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);
  g_autofree char *missing = NULL;

  if (!payable (self) || !self->check->other_dusun)
    return;
  self->other_confirmed = TRUE;
  salur_kpm_panel_set_confirmed (self->panel, TRUE);
  update_actions (self);
  update_keys (self);
  missing = missing_for_confirm (self);
  set_hint (self, missing, FALSE);
  write_debug_state (self);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  confirm (SALUR_DESK_WINDOW (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "desk") != 0)
    return;
  /* Escape in the proxy form: back to the KPM in person first */
  if (self->proxy && gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (self)), GTK_WIDGET (self->proxy_form)))
    {
      proxy_action (widget, action_name, parameter);
      return;
    }
  cancel (self);
}

static void
camera_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);

  /* the camera comes with the signature pad's part of the desk */
  gtk_toggle_button_set_active (self->camera_button, FALSE);
}

static void
absent_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
}

static void
void_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
}

static void
summary_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);

  cancel (self);
  g_clear_pointer (&self->officer, salur_operator_free);
  gtk_stack_set_visible_child_name (self->stack, "login");
  salur_login_reset (self->login);
  write_debug_state (self);
}

/* GtkWidget */

/* A 1024×600 netbook gets a window that fits its screen */
static void
salur_desk_window_realize (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  GListModel *monitors = gdk_display_get_monitors (display);
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (widget), &width, &height);
  if (monitor != NULL)
    {
      GdkRectangle area;

      gdk_monitor_get_geometry (monitor, &area);
      gtk_window_set_default_size (GTK_WINDOW (widget), MIN (width, area.width), MIN (height, area.height));
    }
  GTK_WIDGET_CLASS (salur_desk_window_parent_class)->realize (widget);
}

static void
first_frame_cb (GdkFrameClock   *clock,
                SalurDeskWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  if (self->timing)
    g_printerr ("start-to-ready-ms %.1f\n",
                (g_get_monotonic_time () - salur_application_get_start_time ()) / 1000.0);
}

static void
salur_desk_window_map (GtkWidget *widget)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);

  GTK_WIDGET_CLASS (salur_desk_window_parent_class)->map (widget);
  if (self->timing)
    g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (first_frame_cb), self);
}

/* GObject */

static void
salur_desk_window_dispose (GObject *object)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (object);

  g_clear_pointer (&self->camera, salur_camera_reader_stop);
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SALUR_TYPE_DESK_WINDOW);

  G_OBJECT_CLASS (salur_desk_window_parent_class)->dispose (object);
}

static void
salur_desk_window_finalize (GObject *object)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->device, salur_device_free);
  g_clear_pointer (&self->officer, salur_operator_free);
  g_free (self->dusun);
  g_free (self->desk_name);
  g_clear_pointer (&self->round, g_array_unref);
  g_clear_pointer (&self->check, salur_desk_check_free);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_free (self->matches_text);
  g_free (self->hint);
  g_free (self->paid_receipt);
  g_free (self->paid_file);
  g_clear_object (&self->printer_names);
  g_clear_pointer (&self->printers, g_ptr_array_unref);
  g_free (self->debug_state_path);
  g_free (self->debug_state_last);

  G_OBJECT_CLASS (salur_desk_window_parent_class)->finalize (object);
}

static void
salur_desk_window_class_init (SalurDeskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_desk_window_dispose;
  object_class->finalize = salur_desk_window_finalize;
  widget_class->realize = salur_desk_window_realize;
  widget_class->map = salur_desk_window_map;

  g_type_ensure (SALUR_TYPE_LOGIN);
  g_type_ensure (SALUR_TYPE_KPM_PANEL);
  g_type_ensure (SALUR_TYPE_PROXY_FORM);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-desk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, login);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, input);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, camera_button);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, camera_content);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, camera_revealer);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, camera_picture);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, camera_label);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, matches_box);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, matches_label);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, matches_list);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, view_scroller);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, ready_page);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, panel);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, receive_box);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, self_button);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, proxy_button);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, proxy_revealer);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, proxy_form);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, witness_box);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, witness_entry);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, thumb_button);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, sign_button);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, pad_revealer);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, pad_box);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, paid_page);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, keys_label);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, side_title);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, counts_grid);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, side_list_title);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, side_list);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, printer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, paper_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, input_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, input_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, match_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, proxy_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, proxy_done_cb);
  gtk_widget_class_bind_template_callback (widget_class, witness_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, witness_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, side_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, printer_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);

  gtk_widget_class_install_action (widget_class, "desk.thumbprint", NULL, thumbprint_action);
  gtk_widget_class_install_action (widget_class, "desk.signature", NULL, signature_action);
  gtk_widget_class_install_action (widget_class, "desk.proxy", NULL, proxy_action);
  gtk_widget_class_install_action (widget_class, "desk.in-person", NULL, in_person_action);
  gtk_widget_class_install_action (widget_class, "desk.camera", NULL, camera_action);
  gtk_widget_class_install_action (widget_class, "desk.absent", NULL, absent_action);
  gtk_widget_class_install_action (widget_class, "desk.other-dusun", NULL, other_dusun_action);
  gtk_widget_class_install_action (widget_class, "desk.void", NULL, void_action);
  gtk_widget_class_install_action (widget_class, "desk.summary", NULL, summary_action);
  gtk_widget_class_install_action (widget_class, "desk.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "desk.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "desk.sign-out", NULL, sign_out_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "desk.thumbprint", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, 0, "desk.signature", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F4, 0, "desk.proxy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "desk.camera", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "desk.absent", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F7, 0, "desk.other-dusun", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "desk.void", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, 0, "desk.summary", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "desk.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "desk.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "desk.cancel", NULL);
}

static void
salur_desk_window_init (SalurDeskWindow *self)
{
  const char *no_printer[] = { _("No printer: save the receipt as PDF"), NULL };
  const char *papers[] = { _("A6 paper"), _("80 mm receipt roll"), NULL };
  g_auto(GStrv) cameras = NULL;
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->debug_state_path = g_strdup (g_getenv ("SALUR_DEBUG_STATE"));
  self->timing = g_strcmp0 (g_getenv ("SALUR_DEBUG_TIMING"), "1") == 0;
  self->cancellable = g_cancellable_new ();
  self->proof = PROOF_UNSET;

  /* a scanner types wherever the focus is: send it to the input */
  gtk_search_entry_set_key_capture_widget (self->input, GTK_WIDGET (self));
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (input_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->input), keys);

  self->printer_names = gtk_string_list_new (no_printer);
  self->printers = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_drop_down_set_model (self->printer_dropdown, G_LIST_MODEL (self->printer_names));
  {
    g_autoptr(GtkStringList) paper_names = gtk_string_list_new (papers);
    gtk_drop_down_set_model (self->paper_dropdown, G_LIST_MODEL (paper_names));
  }

  cameras = salur_camera_list ();
  self->has_camera = cameras != NULL && cameras[0] != NULL;
  if (!self->has_camera)
    {
      adw_button_content_set_label (self->camera_content, _("No camera"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->camera_button),
                                   _("No camera on this laptop: scan with the USB scanner or type."));
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->input),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Card, NIK, short code or name"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main menu"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->matches_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("KPM whose names match"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->printer_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Printer"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->paper_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Receipt paper"), -1);
}

/* Public API */

SalurDeskWindow *
salur_desk_window_new (AdwApplication    *app,
                       SalurStore        *store,
                       const SalurDevice *device)
{
  SalurDeskWindow *self;

  g_return_val_if_fail (app == NULL || ADW_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (device != NULL, NULL);

  self = g_object_new (SALUR_TYPE_DESK_WINDOW, "application", app, NULL);
  self->store = g_object_ref (store);
  self->device = g_new0 (SalurDevice, 1);
  self->device->device_id = g_strdup (device->device_id);
  self->device->tag = g_strdup (device->tag);
  self->device->name = g_strdup (device->name);
  self->device->role = device->role;
  self->device->dusun = g_strdup (device->dusun);
  self->device->assignee = g_strdup (device->assignee);
  self->device->cash = device->cash;
  self->device->last_at = g_strdup (device->last_at);

  salur_login_setup (self->login, store, device);
  gtk_stack_set_visible_child_name (self->stack, "login");
  self->view = VIEW_READY;
  update_view (self);
  return self;
}
