/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "salur-app-util.h"
#include "salur-application.h"
#include "salur-desk.h"
#include "salur-desk-dialogs.h"
#include "salur-desk-window.h"
#include "salur-error.h"
#include "salur-kpm-panel.h"
#include "salur-login.h"
#include "salur-money.h"
#include "salur-proxy-form.h"
#include "salur-receipt-job.h"
#include "salur-scan.h"
#include "salur-signature-pad.h"
#include "salur-worker.h"

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
  GtkOverlay           *overlay;
  GtkStack             *stack;
  SalurLogin           *login;
  GtkSearchEntry       *input;
  GtkLabel             *notice_label;
  GtkToggleButton      *camera_button;
  AdwButtonContent     *camera_content;
  GtkBox               *camera_revealer;   /* shown while the camera reads */
  GtkPicture           *camera_picture;
  GtkLabel             *camera_label;
  GtkBox               *matches_box;
  GtkLabel             *matches_label;
  GtkListBox           *matches_list;
  GtkScrolledWindow    *view_scroller;
  GtkStack             *view_stack;
  GtkBox               *ready_page;
  SalurKpmPanel        *panel;
  GtkBox               *receive_box;
  GtkToggleButton      *self_button;
  GtkToggleButton      *proxy_button;
  GtkBox               *proxy_revealer;    /* shown for a proxy */
  SalurProxyForm       *proxy_form;
  GtkBox               *witness_box;
  GtkEntry             *witness_entry;
  GtkToggleButton      *thumb_button;
  GtkToggleButton      *sign_button;
  GtkBox               *pad_revealer;      /* shown for a signature */
  GtkBox               *pad_box;
  GtkButton            *confirm_button;
  GtkLabel             *hint_label;
  GtkLabel             *paid_title;
  GtkLabel             *paid_detail;
  GtkLabel             *keys_label;
  GtkLabel             *side_title;
  GtkGrid              *counts_grid;
  GtkLabel             *side_list_title;
  GtkListBox           *side_list;
  GtkDropDown          *printer_dropdown;
  GtkDropDown          *paper_dropdown;
  SalurSignaturePad    *pad;

  /* the sidebar's figures, from the core in a thread */
  GtkLabel             *count_labels[5];
  GCancellable         *refresh_cancellable;
  SalurWorker          *worker_thread;  /* receipts and figures, one after the other */
  SalurStore           *worker;         /* the refreshes' connection, between two of them */
  gboolean              refreshing;
  gboolean              refresh_again;
  guint                 refreshes;      /* done, for the debug state */
  gint64                refresh_since;
  SalurDeskCounts       counts;
  SalurFieldSummary     field;

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
  gboolean              nik_shown;
  gboolean              pad_settled;    /* shown and scrolled to: the debug state may say where */
  char                 *hint;
  const char           *dialog;         /* the panel over the desk, for the debug state */
  GtkWidget            *dialog_panel;
  guint                 dialog_refusals; /* what the core refused in it */
  char                 *last_done;      /* what the last of them recorded */

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

static gboolean
uses_file (SalurStore *store)
{
  const char *path = salur_store_get_path (store);

  return path != NULL && *path != '\0' && !g_str_equal (path, ":memory:");
}

static void update_view (SalurDeskWindow *self);
static void refresh (SalurDeskWindow *self);
static void scroll_to_confirm (SalurDeskWindow *self);

static gboolean
is_field (SalurDeskWindow *self)
{
  return self->device->role == SALUR_DEVICE_FIELD;
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

static gboolean
dialog_has_focus (SalurDeskWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return self->dialog_panel != NULL && focus != NULL && gtk_widget_is_ancestor (focus, self->dialog_panel);
}

/* Where the keyboard is, in words a test can wait on */
static const char *
focus_name (SalurDeskWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL)
    return "none";
  if (dialog_has_focus (self))
    return "dialog";
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->input)))
    return "input";
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->proxy_form)))
    return salur_proxy_form_get_focus_name (self->proxy_form);
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->login)))
    return "login";
  if (focus == GTK_WIDGET (self->witness_entry) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->witness_entry)))
    return "witness";
  return "other";
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
      guint refusals = 0;
      const char *refusal = salur_login_get_refusal (self->login, &refusals);

      g_string_append_printf (line, " officer=%s refused=%s:%u", selected != NULL ? selected : "", refusal,
                              refusals);
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
        g_string_append_printf (line, " outcome=%s kpm=%s verdict=%d proof=%s proxy=%d other-dusun=%d confirmed=%d nik-shown=%d",
                                outcome_name (self->check->outcome),
                                self->check->kpm != NULL ? self->check->kpm->id : "",
                                self->check->card_verdict, proof_name (self->proof), self->proxy,
                                self->check->other_dusun, self->other_confirmed, self->nik_shown);
      if (self->view == VIEW_KPM && gtk_widget_get_visible (GTK_WIDGET (self->pad_revealer)) && self->pad_settled)
        {
          graphene_rect_t b;

          /* where a test's pen goes down, in the window's coordinates */
          if (gtk_widget_compute_bounds (GTK_WIDGET (self->pad), GTK_WIDGET (self), &b))
            g_string_append_printf (line, " pad=%.0f,%.0f,%.0f,%.0f", b.origin.x, b.origin.y, b.size.width,
                                    b.size.height);
          g_string_append_printf (line, " signed=%d", !salur_signature_pad_is_empty (self->pad));
        }
      if (self->view == VIEW_PAID)
        g_string_append_printf (line, " receipt=%s", self->paid_receipt != NULL ? self->paid_receipt : "");
      g_string_append_printf (line, " dialog=%s%s refused=%u done=%s", self->dialog != NULL ? self->dialog : "",
                              dialog_has_focus (self) ? ":active" : "", self->dialog_refusals,
                              self->last_done != NULL ? self->last_done : "");
      g_string_append_printf (line, " saved=%u failed=%u", self->receipts_saved, self->receipts_failed);
      if (is_field (self))
        g_string_append_printf (line, " refreshed=%u carried=%" G_GINT64_FORMAT " paid=%" G_GINT64_FORMAT
                                " to-return=%" G_GINT64_FORMAT " delivered=%u/%u",
                                self->refreshes, self->field.cash_out, self->field.paid_at_home,
                                self->field.to_return, self->field.assigned_paid, self->field.assigned);
      else
        g_string_append_printf (line, " refreshed=%u total=%u served=%u absent=%u remaining=%u payments=%u cash=%"
                                G_GINT64_FORMAT, self->refreshes, self->counts.total, self->counts.served,
                                self->counts.absent, self->counts.remaining, self->counts.payments,
                                self->counts.paid);
    }
  g_string_append_printf (line, " focus=%s", focus_name (self));
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
show_notice (SalurDeskWindow *self,
             const char      *text)
{
  gtk_label_set_label (self->notice_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), text != NULL && *text != '\0');
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
payable (SalurDeskWindow *self)
{
  return self->view == VIEW_KPM && self->check != NULL && self->check->outcome == SALUR_DESK_PAY;
}

static gboolean
witness_blank (SalurDeskWindow *self)
{
  g_autofree char *witness = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->witness_entry))));

  return *witness == '\0';
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
  if (is_field (self) && witness_blank (self))
    return g_strdup (_("Write who witnessed the delivery at home."));
  if (self->proof == PROOF_UNSET)
    return g_strdup (_("Choose the proof: F2 for a thumbprint on the paper receipt, F3 for a signature."));
  if (self->proof == SALUR_PROOF_SIGNATURE && salur_signature_pad_is_empty (self->pad))
    return g_strdup (_("Sign on the pad (with the mouse, a finger or a pen), then press Enter."));
  return NULL;
}

/* "F2 thumbprint", kept on one line: the keys bar wraps only between keys */
static void
key_add (GString    *keys,
         const char *key,
         const char *what)
{
  g_autofree char *escaped = g_markup_escape_text (what, -1);

  if (keys->len > 0)
    g_string_append (keys, "   ");
  g_string_append_printf (keys, "<b>%s</b>\u00a0", key);
  for (const char *p = escaped; *p != '\0'; p++)
    {
      if (*p == ' ')
        g_string_append (keys, "\u00a0");
      else
        g_string_append_c (keys, *p);
    }
}

static void
update_keys (SalurDeskWindow *self)
{
  g_autoptr(GString) keys = g_string_new (NULL);

#define KEY(k, what) key_add (keys, k, what)
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
      if (self->check->kpm != NULL && !self->nik_shown)
        KEY ("F8", _("show NIK"));
      KEY ("F11", _("complaint"));
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
      KEY ("F11", _("complaint"));
      KEY ("F12", _("close the desk"));
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.reveal-nik",
                                 stop && self->check->kpm != NULL && !self->nik_shown);

  gtk_toggle_button_set_active (self->thumb_button, self->proof == SALUR_PROOF_THUMBPRINT);
  gtk_toggle_button_set_active (self->sign_button, self->proof == SALUR_PROOF_SIGNATURE);
  gtk_toggle_button_set_active (self->proxy_button, self->proxy);
  gtk_toggle_button_set_active (self->self_button, !self->proxy);
  gtk_widget_set_visible (GTK_WIDGET (self->proxy_revealer), self->proxy);

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
  self->nik_shown = FALSE;
  set_hint (self, NULL, FALSE);
  hide_matches (self);
  salur_signature_pad_clear (self->pad);
  gtk_widget_set_visible (GTK_WIDGET (self->pad_revealer), FALSE);

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

  show_notice (self, NULL);
  check = salur_desk_check (self->store, text, self->round, self->dusun, &error);
  if (self->timing)
    g_printerr ("lookup-core-ms %.1f\n", (g_get_monotonic_time () - since) / 1000.0);
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
  self->nik_shown = FALSE;
  salur_signature_pad_clear (self->pad);
  gtk_widget_set_visible (GTK_WIDGET (self->pad_revealer), FALSE);
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
        gtk_label_set_label (self->paid_detail, error->message);
    }
  else
    {
      self->receipts_saved++;
      if (self->view == VIEW_PAID && self->paid_file == NULL)
        {
          g_autofree char *text = NULL;

          self->paid_file = g_steal_pointer (&path);
          if (printed)
            /* TRANSLATORS: %s is the file kept as the desk's copy, on a line of its own */
            text = g_strdup_printf (_("The receipt is printed; a copy is kept as\n%s\nNext person: scan the card."),
                                    self->paid_file);
          else
            /* TRANSLATORS: %s is where the receipt PDF was saved, on a line of its own */
            text = g_strdup_printf (_("No printer: the receipt is saved as\n%s\nNext person: scan the card."),
                                    self->paid_file);
          gtk_label_set_label (self->paid_detail, text);
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
confirm (SalurDeskWindow *self,
         gint64           since)
{
  g_autofree char *missing = missing_for_confirm (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurPayment) paid = NULL;
  g_autofree char *witness = NULL, *proxy_name = NULL, *relation = NULL;
  g_autoptr(GBytes) signature = NULL;
  SalurPaymentRequest req = { 0 };

  if (missing != NULL)
    {
      set_hint (self, missing, TRUE);
      if (self->proxy && !salur_proxy_form_is_complete (self->proxy_form, NULL))
        salur_proxy_form_focus (self->proxy_form);
      else if (is_field (self) && witness_blank (self))
        gtk_widget_grab_focus (GTK_WIDGET (self->witness_entry));
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
  if (self->proof == SALUR_PROOF_SIGNATURE)
    {
      signature = salur_signature_pad_encode (self->pad);
      req.signature = signature;
    }

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
    gtk_label_set_label (self->paid_title, title);
    gtk_label_set_label (self->paid_detail, _("Saving the receipt…"));
  }
  g_free (self->paid_receipt);
  self->paid_receipt = g_strdup (paid->receipt);
  g_clear_pointer (&self->paid_file, g_free);

  salur_receipt_job_start (self->worker_thread, salur_store_get_path (self->store), paid->receipt,
                           gtk_drop_down_get_selected (self->paper_dropdown) == 1 ? SALUR_PAPER_ROLL80
                                                                                  : SALUR_PAPER_A6,
                           chosen_printer (self), GTK_WINDOW (self), self->cancellable,
                           receipt_done_cb, g_object_ref (self));

  g_clear_pointer (&self->check, salur_desk_check_free);
  self->proof = PROOF_UNSET;
  self->proxy = FALSE;
  salur_signature_pad_clear (self->pad);
  gtk_widget_set_visible (GTK_WIDGET (self->pad_revealer), FALSE);
  set_hint (self, NULL, FALSE);
  self->view = VIEW_PAID;
  update_view (self);
  focus_input (self);
  refresh (self);
  time_next_frame (self, "pay-to-paid-ms", since);
}

/* The sidebar's figures come from the core, on a connection of its own in
 * a thread: a month's status of 100,000 KPM takes longer than a frame */
typedef struct {
  char              *path;
  SalurStore        *store;      /* the window's worker connection, or NULL: open one */
  char              *dusun;
  char              *desk;
  GArray            *round;
  gboolean           field;
  SalurDeskCounts    counts;
  SalurFieldSummary  summary;
  GPtrArray         *recent;     /* SalurPayment, newest first (a desk) */
  GPtrArray         *carried;    /* SalurDeskCheck (a field laptop) */
} Refresh;

#define RECENT_SHOWN 8
/* the worker reads the month's status and a few payments: a small cache */
#define WORKER_CACHE_KIB 8192

static void
refresh_free (Refresh *r)
{
  g_free (r->path);
  g_clear_object (&r->store);
  g_free (r->dusun);
  g_free (r->desk);
  g_clear_pointer (&r->round, g_array_unref);
  g_free (r->summary.assignee);
  g_clear_pointer (&r->recent, g_ptr_array_unref);
  g_clear_pointer (&r->carried, g_ptr_array_unref);
  g_free (r);
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Refresh *r = task_data;
  SalurStore *store;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;   /* the window closed while it waited its turn */
  /* one worker connection for every refresh, one refresh at a time: it
   * keeps what the core caches between two refreshes, and a morning of
   * quick payments does not start a connection and a month's status each */
  if (r->store == NULL && (r->store = salur_store_open (r->path, &error)) != NULL)
    salur_store_set_cache_size (r->store, WORKER_CACHE_KIB, NULL);
  store = r->store;
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (r->field)
    {
      if (!salur_sync_field_summary (store, &r->summary, &error)
          || (r->carried = salur_desk_field_list (store, r->round, &error)) == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else if (!salur_desk_counts (store, r->dusun, r->desk, r->round, &r->counts, &error)
           || (r->recent = salur_desk_payments (store, r->desk, r->round, RECENT_SHOWN, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
set_count (SalurDeskWindow *self,
           guint            i,
           const char      *text)
{
  gtk_label_set_label (self->count_labels[i], text);
}

static void
set_count_money (SalurDeskWindow *self,
                 guint            i,
                 gint64           amount)
{
  g_autofree char *text = salur_rupiah_format (amount);

  set_count (self, i, text);
}

static void
set_count_number (SalurDeskWindow *self,
                  guint            i,
                  guint            n)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u", n);
  set_count (self, i, text);
}

static void
side_list_add (SalurDeskWindow *self,
               const char      *title,
               const char      *subtitle,
               const char      *kpm_id)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (kpm_id != NULL)
    {
      g_object_set_data_full (G_OBJECT (row), "kpm-id", g_strdup (kpm_id), g_free);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
    }
  gtk_list_box_append (self->side_list, row);
}

static void
refresh_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SalurDeskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Refresh *r = g_task_get_task_data (G_TASK (result));

  self->refreshing = FALSE;
  if (self->worker == NULL && r->store != NULL)
    self->worker = g_steal_pointer (&r->store);
  if (self->refresh_again && !g_cancellable_is_cancelled (self->refresh_cancellable))
    {
      /* something was recorded while it counted: count again, these
       * figures are already old */
      self->refresh_again = FALSE;
      refresh (self);
      return;
    }
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->side_list_title, error->message);
      return;
    }
  if (g_task_get_cancellable (G_TASK (result)) != self->refresh_cancellable)
    return;

  list_box_clear (self->side_list);
  if (r->field)
    {
      g_autofree char *delivered = g_strdup_printf (_("%u of %u"), r->summary.assigned_paid, r->summary.assigned);

      g_free (self->field.assignee);
      self->field = r->summary;
      self->field.assignee = g_strdup (r->summary.assignee);
      set_count_money (self, 0, r->summary.cash_out);
      set_count_money (self, 1, r->summary.paid_at_home);
      set_count_money (self, 2, r->summary.to_return);
      set_count (self, 3, delivered);
      for (guint i = 0; i < r->carried->len; i++)
        {
          const SalurDeskCheck *c = g_ptr_array_index (r->carried, i);
          g_autofree char *rt_rw = salur_kpm_rt_rw (c->kpm);
          g_autofree char *subtitle = NULL;
          const char *where = *c->kpm->address != '\0' ? c->kpm->address : c->kpm->dusun;

          if (c->outcome == SALUR_DESK_PAY)
            {
              g_autofree char *amount = salur_rupiah_format (c->total);
              /* TRANSLATORS: address, RT/RW, then the amount still to hand over */
              subtitle = g_strdup_printf (_("%s, RT/RW %s · to pay %s"), where, rt_rw, amount);
            }
          else
            /* TRANSLATORS: address, RT/RW, then that nothing is left to pay */
            subtitle = g_strdup_printf (_("%s, RT/RW %s · done"), where, rt_rw);
          side_list_add (self, c->kpm->name, subtitle, c->kpm->id);
        }
    }
  else
    {
      self->counts = r->counts;
      set_count_number (self, 0, r->counts.served);
      set_count_number (self, 1, r->counts.remaining);
      set_count_number (self, 2, r->counts.absent);
      set_count_number (self, 3, r->counts.total);
      set_count_money (self, 4, r->counts.paid);
      for (guint i = 0; i < r->recent->len; i++)
        {
          const SalurPayment *p = g_ptr_array_index (r->recent, i);
          g_autofree char *amount = salur_rupiah_format (p->total);
          g_autofree char *when = salur_time_to_local (p->at);
          g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s", p->receipt, amount, strlen (when) > 11 ? when + 11 : when);

          side_list_add (self, p->kpm_name, subtitle, NULL);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->side_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->side_list)) != NULL);
  self->refreshes++;
  if (self->timing)
    g_printerr ("counts-ms %.1f\n", (g_get_monotonic_time () - self->refresh_since) / 1000.0);
  write_debug_state (self);
}

static void
refresh (SalurDeskWindow *self)
{
  g_autoptr(GTask) task = NULL;
  Refresh *r;

  if (self->round == NULL || self->desk_name == NULL)
    return;
  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }
  if (self->refresh_cancellable == NULL)
    self->refresh_cancellable = g_cancellable_new ();
  self->refreshing = TRUE;

  self->refresh_since = g_get_monotonic_time ();
  r = g_new0 (Refresh, 1);
  r->path = g_strdup (salur_store_get_path (self->store));
  r->store = g_steal_pointer (&self->worker);   /* the thread has it until it is done */
  r->dusun = g_strdup (self->dusun);
  r->desk = g_strdup (self->desk_name);
  r->round = g_array_ref (self->round);
  r->field = is_field (self);
  task = g_task_new (NULL, self->refresh_cancellable, refresh_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, r, (GDestroyNotify) refresh_free);
  salur_worker_run (self->worker_thread, task, refresh_thread);
}

/* The names' index (FTS5) is brought up to date before the first name is
 * typed, on the worker's connection: on the window's it would hold the
 * first search for a second on 100,000 KPM */
static void
index_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Refresh *r = task_data;
  GError *error = NULL;

  if (r->store == NULL && (r->store = salur_store_open (r->path, &error)) != NULL)
    salur_store_set_cache_size (r->store, WORKER_CACHE_KIB, NULL);
  if (r->store == NULL || !salur_store_index_names (r->store, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
index_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SalurDeskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Refresh *r = g_task_get_task_data (G_TASK (result));

  self->refreshing = FALSE;
  if (self->worker == NULL && r->store != NULL)
    self->worker = g_steal_pointer (&r->store);
  /* no index is not a fault: the search reads the names themselves */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("The names' index: %s", error->message);
  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      refresh (self);
    }
}

static void
index_names (SalurDeskWindow *self)
{
  g_autoptr(GTask) task = NULL;
  Refresh *r = g_new0 (Refresh, 1);

  if (self->refresh_cancellable == NULL)
    self->refresh_cancellable = g_cancellable_new ();
  /* it takes the worker's connection as a refresh does: one at a time */
  self->refreshing = TRUE;
  r->path = g_strdup (salur_store_get_path (self->store));
  r->store = g_steal_pointer (&self->worker);
  task = g_task_new (NULL, self->refresh_cancellable, index_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, index_names);
  g_task_set_task_data (task, r, (GDestroyNotify) refresh_free);
  salur_worker_run (self->worker_thread, task, index_thread);
}

/* The sidebar's titles and the rows of figures for a desk or a field laptop */
static void
setup_sidebar (SalurDeskWindow *self)
{
  const char *desk_rows[] = { N_("Served"), N_("Still to come"), N_("Absent"), N_("KPM of the dusun"),
                              N_("Cash paid out here") };
  const char *field_rows[] = { N_("Cash carried"), N_("Paid at home"), N_("Cash to return"), N_("Delivered"),
                               NULL };
  const char *const *rows = is_field (self) ? field_rows : desk_rows;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->counts_grid))) != NULL)
    gtk_grid_remove (self->counts_grid, child);
  memset (self->count_labels, 0, sizeof self->count_labels);
  for (guint i = 0; i < G_N_ELEMENTS (self->count_labels) && rows[i] != NULL; i++)
    {
      GtkWidget *title = gtk_label_new (_(rows[i]));
      GtkWidget *value = gtk_label_new ("…");

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_set_hexpand (title, TRUE);
      gtk_label_set_xalign (GTK_LABEL (value), 1);
      gtk_widget_add_css_class (value, "salur-count");
      gtk_widget_add_css_class (value, "numeric");
      gtk_grid_attach (self->counts_grid, title, 0, i, 1, 1);
      gtk_grid_attach (self->counts_grid, value, 1, i, 1, 1);
      self->count_labels[i] = GTK_LABEL (value);
    }
  if (is_field (self))
    {
      gtk_label_set_label (self->side_title, _("The cash you carry"));
      gtk_label_set_label (self->side_list_title, _("KPM to visit"));
    }
  else
    {
      gtk_label_set_label (self->side_title, _("This round at this desk"));
      gtk_label_set_label (self->side_list_title, _("Latest receipts"));
    }
  list_box_clear (self->side_list);
  gtk_widget_set_visible (GTK_WIDGET (self->side_list), FALSE);
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
    confirm (self, now);
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
  scroll_to_confirm (self);
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
  const char *id = g_object_get_data (G_OBJECT (row), "kpm-id");
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurKpm) kpm = NULL;
  SalurDeskCheck *check;

  if (id == NULL)
    return;
  kpm = salur_store_get_kpm (self->store, id, &error);
  check = kpm != NULL ? salur_desk_check_kpm (self->store, kpm, self->round, self->dusun, &error) : NULL;
  if (check == NULL)
    {
      show_error (self, error);
      return;
    }
  show_check (self, check);
  focus_input (self);
}

static void
pad_changed_cb (SalurDeskWindow *self)
{
  g_autofree char *missing = NULL;

  if (!payable (self) || self->proof != SALUR_PROOF_SIGNATURE)
    return;
  update_actions (self);
  missing = missing_for_confirm (self);
  set_hint (self, missing != NULL ? missing : _("Signed. Press Enter to pay."), FALSE);
  write_debug_state (self);
  /* the pen does not keep the keyboard: Enter still pays from the input */
  focus_input (self);
}

/* Printers as they are found; a virtual one ("Print to File") is not a
 * printer a receipt comes out of */
static gboolean
printer_found_cb (GtkPrinter *printer,
                  gpointer    user_data)
{
  SalurDeskWindow *self = user_data;

  if (self->printers == NULL || gtk_printer_is_virtual (printer))
    return FALSE;
  for (guint i = 0; i < self->printers->len; i++)
    if (g_str_equal (gtk_printer_get_name (g_ptr_array_index (self->printers, i)), gtk_printer_get_name (printer)))
      return FALSE;
  g_ptr_array_add (self->printers, g_object_ref (printer));
  gtk_string_list_append (self->printer_names, gtk_printer_get_name (printer));
  /* the system's default printer is the likely one */
  if (gtk_printer_is_default (printer))
    gtk_drop_down_set_selected (self->printer_dropdown, self->printers->len);
  return FALSE;
}

static void
printers_done_cb (gpointer user_data)
{
  g_object_unref (SALUR_DESK_WINDOW (user_data));
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
  setup_sidebar (self);
  cancel (self);
  refresh (self);
}

/* Actions */

/* The proof chosen (F2, F3): the pad shown for a signature, the view
 * scrolled to the button that pays, and what is still missing said */
static void
choose_proof (SalurDeskWindow *self,
              SalurProof       proof)
{
  g_autofree char *missing = NULL;

  if (self->dialog_panel != NULL)
    return;   /* a panel over the desk has the keys */
  if (!payable (self))
    return;
  self->proof = proof;
  gtk_widget_set_visible (GTK_WIDGET (self->pad_revealer), proof == SALUR_PROOF_SIGNATURE);
  scroll_to_confirm (self);
  update_actions (self);
  missing = missing_for_confirm (self);
  if (proof == SALUR_PROOF_THUMBPRINT)
    set_hint (self, missing != NULL ? missing : _("The KPM puts a thumbprint on the paper receipt. Press Enter to pay."),
              FALSE);
  else
    set_hint (self, missing, missing != NULL);
  write_debug_state (self);
}

static void
thumbprint_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  choose_proof (SALUR_DESK_WINDOW (widget), SALUR_PROOF_THUMBPRINT);
}

/* After the pad or the proxy form appears, the view scrolls so that the
 * button that pays is on screen again: once laid out, on the frame after */
static gboolean
scroll_to_confirm_tick (GtkWidget     *widget,
                        GdkFrameClock *clock,
                        gpointer       user_data)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);
  guint *ticks = user_data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->view_scroller);
  graphene_rect_t b;

  ++*ticks;
  if (*ticks < 2)
    return G_SOURCE_CONTINUE;
  if (*ticks == 2)
    {
      if (gtk_widget_compute_bounds (GTK_WIDGET (self->confirm_button), GTK_WIDGET (self->view_stack), &b))
        {
          double bottom = b.origin.y + b.size.height + 12;
          double page = gtk_adjustment_get_page_size (adj);

          if (bottom > gtk_adjustment_get_value (adj) + page)
            gtk_adjustment_set_value (adj, bottom - page);
        }
      return G_SOURCE_CONTINUE;
    }
  /* laid out where it scrolled to: the debug state says where the pad is */
  self->pad_settled = TRUE;
  write_debug_state (self);
  return G_SOURCE_REMOVE;
}

static void
scroll_to_confirm (SalurDeskWindow *self)
{
  self->pad_settled = FALSE;
  gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_confirm_tick, g_new0 (guint, 1), g_free);
}

static void
signature_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  choose_proof (SALUR_DESK_WINDOW (widget), SALUR_PROOF_SIGNATURE);
}

static void
proxy_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);

  if (SALUR_DESK_WINDOW (widget)->dialog_panel != NULL)
    return;   /* a panel over the desk has the keys */
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

  if (SALUR_DESK_WINDOW (widget)->dialog_panel != NULL)
    return;   /* a panel over the desk has the keys */
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

  if (SALUR_DESK_WINDOW (widget)->dialog_panel != NULL)
    return;   /* a panel over the desk has the keys */
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
  if (SALUR_DESK_WINDOW (widget)->dialog_panel != NULL)
    return;   /* a panel over the desk has the keys */
  confirm (SALUR_DESK_WINDOW (widget), g_get_monotonic_time ());
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);

  if (self->dialog_panel != NULL)
    {
      salur_desk_dialog_cancel (self->dialog_panel);
      return;
    }
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

/* The full NIK, on request only: the core records who asked, when, where */
static void
reveal_nik_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *nik = NULL;

  if (SALUR_DESK_WINDOW (widget)->dialog_panel != NULL)
    return;   /* a panel over the desk has the keys */
  if (self->view != VIEW_KPM || self->check == NULL || self->check->kpm == NULL || self->nik_shown)
    return;
  nik = salur_desk_reveal_nik (self->store, self->officer, self->check->kpm->id, self->desk_name, &error);
  if (nik == NULL)
    {
      set_hint (self, error->message, TRUE);
      return;
    }
  self->nik_shown = TRUE;
  salur_kpm_panel_show_nik (self->panel, nik);
  update_actions (self);
  write_debug_state (self);
}

/* A webcam's frames, grey, shown as they come (GDK 4.8 has no grey memory
 * format: each pixel is copied thrice) */
static void
show_frame (SalurDeskWindow      *self,
            const SalurGreyFrame *frame)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint8 *rgb = g_malloc ((gsize) frame->width * frame->height * 3);

  for (int y = 0; y < frame->height; y++)
    {
      const guint8 *src = frame->data + (gsize) y * frame->stride;
      guint8 *dst = rgb + (gsize) y * frame->width * 3;

      for (int x = 0; x < frame->width; x++)
        dst[3 * x] = dst[3 * x + 1] = dst[3 * x + 2] = src[x];
    }
  bytes = g_bytes_new_take (rgb, (gsize) frame->width * frame->height * 3);
  texture = gdk_memory_texture_new (frame->width, frame->height, GDK_MEMORY_R8G8B8, bytes, frame->width * 3);
  gtk_picture_set_paintable (self->camera_picture, GDK_PAINTABLE (texture));
}

static void
camera_cb (SalurCameraState      state,
           const SalurGreyFrame *frame,
           const char           *text,
           const GError         *error,
           gpointer              user_data)
{
  SalurDeskWindow *self = user_data;

  if (frame != NULL)
    show_frame (self, frame);
  if (text != NULL)
    {
      /* a card held up to the camera: the same as a scanner's Enter */
      if (self->dialog == NULL && self->officer != NULL)
        look_up (self, text, g_get_monotonic_time ());
      return;
    }
  if (frame != NULL)
    return;
  switch (state)
    {
    case SALUR_CAMERA_READING:
      gtk_label_set_label (self->camera_label, _("Hold the card's QR code up to the camera, still, about a hand "
                                                 "away."));
      break;
    case SALUR_CAMERA_NONE:
      gtk_label_set_label (self->camera_label, _("No camera on this laptop: scan with the USB scanner or type."));
      break;
    case SALUR_CAMERA_FAILED:
    default:
      gtk_label_set_label (self->camera_label, error != NULL ? error->message
                                                             : _("The camera stopped giving pictures."));
      break;
    }
}

static void
camera_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);

  if (SALUR_DESK_WINDOW (widget)->dialog_panel != NULL)
    return;   /* a panel over the desk has the keys */
  if (self->camera != NULL)
    {
      g_clear_pointer (&self->camera, salur_camera_reader_stop);
      gtk_picture_set_paintable (self->camera_picture, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->camera_revealer), FALSE);
      gtk_toggle_button_set_active (self->camera_button, FALSE);
    }
  else if (self->has_camera)
    {
      gtk_label_set_label (self->camera_label, _("Starting the camera…"));
      self->camera = salur_camera_reader_start (NULL, camera_cb, self, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->camera_revealer), TRUE);
      gtk_toggle_button_set_active (self->camera_button, TRUE);
    }
  else
    gtk_toggle_button_set_active (self->camera_button, FALSE);
  focus_input (self);
  write_debug_state (self);
}

/* A panel lies over the desk: the desk behind it takes no key, no click and
 * no Tab until it is done */
static void
watch_dialog (SalurDeskWindow *self,
              GtkWidget       *panel)
{
  self->dialog_refusals = 0;
  self->dialog_panel = panel;
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), panel == NULL);
  write_debug_state (self);
}

static void
dialog_done_cb (const char *what,
                const char *text,
                gpointer    user_data)
{
  g_autoptr(SalurDeskWindow) self = NULL;

  if (g_strcmp0 (what, "refused") == 0)
    {
      /* the window stays open for another try: the desk only counts it */
      SalurDeskWindow *desk = user_data;

      desk->dialog_refusals++;
      write_debug_state (desk);
      return;
    }
  self = user_data;   /* the last call: the reference it held */
  self->dialog = NULL;
  watch_dialog (self, NULL);
  if (what != NULL)
    {
      g_free (self->last_done);
      self->last_done = g_strdup (what);
      show_notice (self, text);
      /* the person is dealt with: back to the input, the figures again */
      if (g_str_equal (what, "absent") || g_str_equal (what, "void"))
        cancel (self);
      refresh (self);
    }
  if (self->store != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "desk") == 0)
    focus_input (self);
  write_debug_state (self);
}

static void
fill_context (SalurDeskWindow  *self,
              SalurDeskContext *ctx)
{
  ctx->store = self->store;
  ctx->officer = self->officer;
  ctx->desk = self->desk_name;
  ctx->dusun = self->dusun;
  ctx->device_tag = self->device->tag;
  ctx->round = self->round;
  ctx->parent = GTK_WINDOW (self);
  ctx->host = self->overlay;
  ctx->printer = chosen_printer (self);
}

static gboolean
can_open_dialog (SalurDeskWindow *self)
{
  return self->dialog == NULL && self->officer != NULL
         && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "desk") == 0;
}

static void
absent_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);
  SalurDeskContext ctx;

  if (!can_open_dialog (self) || !payable (self))
    {
      if (can_open_dialog (self))
        show_notice (self, _("To record an absence, find the KPM first (type part of the name), then press F6."));
      return;
    }
  fill_context (self, &ctx);
  self->dialog = "absent";
  watch_dialog (self, salur_desk_absent_dialog (&ctx, self->check->kpm, self->check->to_pay, dialog_done_cb,
                                                g_object_ref (self)));
  write_debug_state (self);
}

static void
open_void (SalurDeskWindow *self,
           const char      *receipt)
{
  SalurDeskContext ctx;

  if (!can_open_dialog (self))
    return;
  fill_context (self, &ctx);
  self->dialog = "void";
  watch_dialog (self, salur_desk_void_dialog (&ctx, receipt, dialog_done_cb, g_object_ref (self)));
  write_debug_state (self);
}

static void
void_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);

  /* F9 on a receipt shown: that one; else the receipt is typed */
  if (self->view == VIEW_KPM && self->check != NULL && self->check->paid != NULL)
    open_void (self, self->check->paid->receipt);
  else if (self->view == VIEW_PAID && self->paid_receipt != NULL)
    open_void (self, self->paid_receipt);
  else
    open_void (self, NULL);
}

static void
void_any_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_void (SALUR_DESK_WINDOW (widget), NULL);
}

static void
complaint_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);
  SalurDeskContext ctx;
  const SalurKpm *kpm = NULL;
  GArray *months = NULL;

  if (!can_open_dialog (self))
    return;
  /* about the person shown, and the months of the round it concerns */
  if (self->view == VIEW_KPM && self->check != NULL && self->check->kpm != NULL)
    {
      kpm = self->check->kpm;
      months = self->check->to_pay != NULL && self->check->to_pay->len > 0 ? self->check->to_pay : self->round;
    }
  fill_context (self, &ctx);
  self->dialog = "complaint";
  watch_dialog (self, salur_desk_complaint_dialog (&ctx, kpm, months, dialog_done_cb, g_object_ref (self)));
  write_debug_state (self);
}

static void
summary_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);
  SalurDeskContext ctx;

  if (!can_open_dialog (self))
    return;
  fill_context (self, &ctx);
  self->dialog = "summary";
  watch_dialog (self, salur_desk_summary_dialog (&ctx, dialog_done_cb, g_object_ref (self)));
  write_debug_state (self);
}

static void
close_desk_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);
  SalurDeskContext ctx;

  if (!can_open_dialog (self))
    return;
  cancel (self);
  fill_context (self, &ctx);
  self->dialog = "close";
  watch_dialog (self, salur_desk_close_dialog (&ctx, dialog_done_cb, g_object_ref (self)));
  write_debug_state (self);
}

/* the kepala dusun's part of the guide is on the same page as the
 * bendahara's: the desk opens the whole of it */
static void
show_guide_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  salur_app_show_guide (GTK_WINDOW (widget));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (widget);

  if (SALUR_DESK_WINDOW (widget)->dialog_panel != NULL)
    return;   /* a panel over the desk has the keys */
  cancel (self);
  if (self->camera != NULL)
    camera_action (widget, NULL, NULL);
  g_clear_pointer (&self->officer, salur_operator_free);
  gtk_stack_set_visible_child_name (self->stack, "login");
  salur_login_reset (self->login);
  write_debug_state (self);
}

static void
focus_changed_cb (SalurDeskWindow *self,
                  GParamSpec      *pspec,
                  gpointer         user_data)
{
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
  g_cancellable_cancel (self->refresh_cancellable);
  /* receipts asked for are written, not cut: it waits for them */
  g_clear_pointer (&self->worker_thread, salur_worker_free);
  g_clear_pointer (&self->printers, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SALUR_TYPE_DESK_WINDOW);

  G_OBJECT_CLASS (salur_desk_window_parent_class)->dispose (object);
}

static void
salur_desk_window_finalize (GObject *object)
{
  SalurDeskWindow *self = SALUR_DESK_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->refresh_cancellable);
  g_clear_object (&self->worker);
  g_free (self->field.assignee);
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
  g_free (self->last_done);
  g_free (self->paid_receipt);
  g_free (self->paid_file);
  g_clear_object (&self->printer_names);
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
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, overlay);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, login);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, input);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, notice_label);
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
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, paid_title);
  gtk_widget_class_bind_template_child (widget_class, SalurDeskWindow, paid_detail);
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
  gtk_widget_class_install_action (widget_class, "desk.reveal-nik", NULL, reveal_nik_action);
  gtk_widget_class_install_action (widget_class, "desk.absent", NULL, absent_action);
  gtk_widget_class_install_action (widget_class, "desk.other-dusun", NULL, other_dusun_action);
  gtk_widget_class_install_action (widget_class, "desk.void", NULL, void_action);
  gtk_widget_class_install_action (widget_class, "desk.void-any", NULL, void_any_action);
  gtk_widget_class_install_action (widget_class, "desk.complaint", NULL, complaint_action);
  gtk_widget_class_install_action (widget_class, "desk.close-desk", NULL, close_desk_action);
  gtk_widget_class_install_action (widget_class, "desk.summary", NULL, summary_action);
  gtk_widget_class_install_action (widget_class, "desk.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "desk.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "desk.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "desk.show-guide", NULL, show_guide_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "desk.thumbprint", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, 0, "desk.signature", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F4, 0, "desk.proxy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "desk.camera", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "desk.absent", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F7, 0, "desk.other-dusun", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "desk.reveal-nik", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "desk.void", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, 0, "desk.summary", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "desk.complaint", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F12, 0, "desk.close-desk", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "desk.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "desk.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "desk.cancel", NULL);
}

static void
salur_desk_window_init (SalurDeskWindow *self)
{
  const char *no_printer[] = { _("No printer (save PDF)"), NULL };
  const char *papers[] = { _("A6 paper"), _("80 mm receipt roll"), NULL };
  g_auto(GStrv) cameras = NULL;
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  {
    g_autofree char *guide = salur_app_find_guide ();
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.show-guide", guide != NULL);
  }
  self->debug_state_path = g_strdup (g_getenv ("SALUR_DEBUG_STATE"));
  self->timing = g_strcmp0 (g_getenv ("SALUR_DEBUG_TIMING"), "1") == 0;
  self->cancellable = g_cancellable_new ();
  self->worker_thread = salur_worker_new ();
  self->proof = PROOF_UNSET;

  /* a scanner types wherever the focus is: send it to the input */
  gtk_search_entry_set_key_capture_widget (self->input, GTK_WIDGET (self));
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (input_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->input), keys);

  /* the signature pad, with its Undo and Clear beside it */
  {
    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *undo = gtk_button_new_with_mnemonic (_("_Undo Stroke"));
    GtkWidget *clear = gtk_button_new_with_mnemonic (_("C_lear"));

    self->pad = SALUR_SIGNATURE_PAD (salur_signature_pad_new ());
    gtk_widget_set_focus_on_click (GTK_WIDGET (self->pad), FALSE);
    gtk_widget_set_size_request (GTK_WIDGET (self->pad), SALUR_SIGNATURE_PAD_WIDTH, SALUR_SIGNATURE_PAD_HEIGHT);
    gtk_widget_set_halign (GTK_WIDGET (self->pad), GTK_ALIGN_START);
    g_signal_connect_swapped (self->pad, "changed", G_CALLBACK (pad_changed_cb), self);
    g_signal_connect_swapped (undo, "clicked", G_CALLBACK (salur_signature_pad_undo), self->pad);
    g_signal_connect_swapped (clear, "clicked", G_CALLBACK (salur_signature_pad_clear), self->pad);
    g_object_bind_property (self->pad, "empty", undo, "sensitive", G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
    g_object_bind_property (self->pad, "empty", clear, "sensitive", G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
    gtk_widget_set_focus_on_click (undo, FALSE);
    gtk_widget_set_focus_on_click (clear, FALSE);
    gtk_box_append (GTK_BOX (buttons), undo);
    gtk_box_append (GTK_BOX (buttons), clear);
    gtk_box_append (self->pad_box, GTK_WIDGET (self->pad));
    gtk_box_append (self->pad_box, buttons);
  }

  self->printer_names = gtk_string_list_new (no_printer);
  self->printers = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_drop_down_set_model (self->printer_dropdown, G_LIST_MODEL (self->printer_names));
  {
    g_autoptr(GtkStringList) paper_names = gtk_string_list_new (papers);
    gtk_drop_down_set_model (self->paper_dropdown, G_LIST_MODEL (paper_names));
  }

  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_changed_cb), NULL);
  /* found in the background: CUPS may take a while to answer */
  gtk_enumerate_printers (printer_found_cb, g_object_ref (self), printers_done_cb, FALSE);

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

  /* the desk reads one KPM at a time through indexes: a small page cache
   * for its connection keeps the window's memory near GTK's own */
  salur_store_set_cache_size (store, WORKER_CACHE_KIB, NULL);
  /* the desk reads one KPM at a time through indexes: a small page cache
   * for its connection keeps the window's memory near GTK's own */
  salur_store_set_cache_size (store, WORKER_CACHE_KIB, NULL);
  salur_login_setup (self->login, store, device);
  gtk_stack_set_visible_child_name (self->stack, "login");
  if (uses_file (store))
    index_names (self);
  self->view = VIEW_READY;
  update_view (self);
  return self;
}
