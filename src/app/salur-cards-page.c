/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "salur-app-util.h"
#include "salur-card.h"
#include "salur-cards-page.h"
#include "salur-error.h"
#include "salur-pdf.h"

struct _SalurCardsPage
{
  AdwBin                parent_instance;

  /* template */
  GtkDropDown          *month_dropdown;
  GtkSpinButton        *year_spin;
  AdwActionRow         *months_row;
  GtkSpinButton        *count_spin;
  AdwComboRow          *dusun_row;
  AdwEntryRow          *place_row;
  AdwEntryRow          *date_row;
  AdwEntryRow          *time_row;
  GtkLabel             *message_label;
  GtkStack             *preview_stack;
  GtkSpinner           *spinner;
  GtkLabel             *sheet_label;
  GtkLabel             *cards_label;
  GtkDrawingArea       *sheet_area;

  SalurSession         *session;
  GtkStringList        *dusun_names;   /* "All dusun", then each */
  gboolean              loading;       /* filling the form: no change to react to */

  /* what was prepared */
  GPtrArray            *cards;         /* SalurCard */
  guint                 n_new;
  SalurVillage         *village;
  char                 *dusun;         /* NULL: every dusun */
  GArray               *round;         /* SalurMonth */
  SalurCardSheets      *sheets;
  guint                 sheet;         /* shown */
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (SalurCardsPage, salur_cards_page, ADW_TYPE_BIN)

typedef struct
{
  char                *store_path;
  SalurOperator        by;
  GArray              *round;
  char                *dusun;
  SalurVillage        *village;
  char                *place, *date, *time;
  char                *out;         /* saving: the PDF */
  GPtrArray           *cards;       /* issued; or the ones saved */
  guint                n_new;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_free (data->store_path);
  g_free (data->by.name);
  g_clear_pointer (&data->round, g_array_unref);
  g_free (data->dusun);
  g_clear_pointer (&data->village, salur_village_free);
  g_free (data->place);
  g_free (data->date);
  g_free (data->time);
  g_free (data->out);
  g_clear_pointer (&data->cards, g_ptr_array_unref);
  g_free (data);
}

/* Helpers */

static void
show_message (SalurCardsPage *self,
              const char     *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

/* NULL for an empty entry: a line to fill in by hand on the card */
static char *
entry_or_null (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static GArray *
chosen_round (SalurCardsPage *self)
{
  GArray *round = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
  SalurMonth first = salur_month_from_ymd (gtk_spin_button_get_value_as_int (self->year_spin),
                                           (int) gtk_drop_down_get_selected (self->month_dropdown) + 1);

  for (int i = 0; i < gtk_spin_button_get_value_as_int (self->count_spin); i++)
    {
      SalurMonth m = first + i;
      g_array_append_val (round, m);
    }
  return round;
}

static const char *
chosen_dusun (SalurCardsPage *self)
{
  guint d = adw_combo_row_get_selected (self->dusun_row);

  if (d == GTK_INVALID_LIST_POSITION || d == 0)
    return NULL;
  return gtk_string_list_get_string (self->dusun_names, d);
}

static void
update_round_label (SalurCardsPage *self)
{
  g_autoptr(GArray) round = chosen_round (self);
  g_autofree char *label = salur_app_months_label (round);

  adw_action_row_set_subtitle (self->months_row, label);
}

static void
show_sheet (SalurCardsPage *self,
            guint           sheet)
{
  guint n = self->sheets != NULL ? salur_card_sheets_count (self->sheets) : 0;
  g_autofree char *label = NULL, *cards = NULL, *months = NULL;

  if (n == 0)
    return;
  self->sheet = MIN (sheet, n - 1);
  /* TRANSLATORS: the sheet of cards shown, of all sheets */
  label = g_strdup_printf (_("Sheet %u of %u"), self->sheet + 1, n);
  months = salur_app_months_label (self->round);
  cards = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u card for %s (%u new)", "%u cards for %s (%u new)",
                                        self->cards->len),
                           self->cards->len, months, self->n_new);
  gtk_label_set_label (self->sheet_label, label);
  gtk_label_set_label (self->cards_label, cards);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.previous-sheet", self->sheet > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.next-sheet", self->sheet + 1 < n);
  gtk_widget_queue_draw (GTK_WIDGET (self->sheet_area));
}

/* Where, when: the sheets drawn again without issuing anything */
static gboolean
rebuild_sheets (SalurCardsPage  *self,
                GError         **error)
{
  g_autofree char *place = entry_or_null (self->place_row);
  g_autofree char *date = entry_or_null (self->date_row);
  g_autofree char *time = entry_or_null (self->time_row);
  SalurCardSchedule schedule = { place, date, time };
  SalurCardSheets *sheets;

  if (self->cards == NULL)
    return TRUE;
  sheets = salur_card_sheets_new (self->village, self->cards, &schedule, error);
  if (sheets == NULL)
    return FALSE;
  g_clear_pointer (&self->sheets, salur_card_sheets_free);
  self->sheets = sheets;
  show_sheet (self, self->sheet);
  return TRUE;
}

static void
forget_cards (SalurCardsPage *self)
{
  g_clear_pointer (&self->sheets, salur_card_sheets_free);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_pointer (&self->round, g_array_unref);
  g_clear_pointer (&self->dusun, g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.print", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.save-pdf", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.save-pdf-to", FALSE);
  if (self->cancellable == NULL)
    gtk_stack_set_visible_child_name (self->preview_stack, "empty");
}

static void
load_form (SalurCardsPage *self)
{
  SalurStore *store = salur_session_get_store (self->session);
  g_autoptr(GPtrArray) dusun = salur_store_list_dusun (store, NULL);
  g_autoptr(SalurVillage) village = salur_store_get_village (store, NULL);
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->dusun_names));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  self->loading = TRUE;
  for (guint i = 0; dusun != NULL && i < dusun->len; i++)
    g_ptr_array_add (names, ((SalurDusun *) g_ptr_array_index (dusun, i))->name);
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->dusun_names, 1, n_old - 1, (const char *const *) names->pdata);
  if (village != NULL)
    {
      gtk_spin_button_set_value (self->count_spin, village->max_months);
      if (*gtk_editable_get_text (GTK_EDITABLE (self->place_row)) == '\0')
        {
          /* the card's own words: Indonesian, as on the card */
          g_autofree char *place = g_strdup_printf ("Balai Desa %s", village->desa);
          gtk_editable_set_text (GTK_EDITABLE (self->place_row), place);
        }
    }
  self->loading = FALSE;
  update_round_label (self);
}

static void
issue_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(SalurStore) store = NULL;
  GError *error = NULL;

  store = salur_store_open (data->store_path, &error);
  if (store != NULL)
    data->village = salur_store_get_village (store, &error);
  if (data->village != NULL)
    data->cards = salur_cards_issue (store, &data->by, data->round, data->dusun, NULL, &data->n_new, &error);
  if (data->cards == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *data = task_data;
  SalurCardSchedule schedule = { data->place, data->date, data->time };
  GError *error = NULL;

  if (salur_cards_write_pdf (data->village, data->cards, &schedule, data->out, cancellable, NULL, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Callbacks */

static void
draw_sheet_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  SalurCardsPage *self = SALUR_CARDS_PAGE (user_data);
  const double margin = 16;
  double scale, x, y;

  if (self->sheets == NULL)
    return;
  scale = MIN ((width - 2 * margin) / SALUR_A4_WIDTH, (height - 2 * margin) / SALUR_A4_HEIGHT);
  if (scale <= 0)
    return;
  x = (width - SALUR_A4_WIDTH * scale) / 2;
  y = (height - SALUR_A4_HEIGHT * scale) / 2;

  /* the sheet lies on the page with a little shadow */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.18);
  cairo_rectangle (cr, x + 2, y + 3, SALUR_A4_WIDTH * scale, SALUR_A4_HEIGHT * scale);
  cairo_fill (cr);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  salur_card_sheets_draw (self->sheets, self->sheet, cr);
  cairo_restore (cr);
}

static void
round_changed_cb (SalurCardsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) round = NULL;

  if (self->loading)
    return;
  update_round_label (self);
  show_message (self, NULL);
  if (self->cards == NULL)
    return;
  round = chosen_round (self);
  /* other months or another dusun: other cards, prepared again */
  if (round->len != self->round->len
      || memcmp (round->data, self->round->data, round->len * sizeof (SalurMonth)) != 0
      || g_strcmp0 (chosen_dusun (self), self->dusun) != 0)
    {
      forget_cards (self);
      return;
    }
  /* the place, day or time: the same cards drawn again */
  if (!rebuild_sheets (self, &error))
    show_message (self, error->message);
}

static void
issue_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SalurCardsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);
  TaskData *data = g_task_get_task_data (task);

  if (g_task_get_cancellable (task) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.prepare", TRUE);

  if (!g_task_propagate_boolean (task, &error))
    {
      gtk_stack_set_visible_child_name (self->preview_stack, "empty");
      show_message (self, error->message);
      return;
    }
  if (data->cards->len == 0)
    {
      g_autofree char *months = salur_app_months_label (data->round);
      g_autofree char *message = g_strdup_printf (_("No KPM is on the list for %s: no card was made."), months);

      gtk_stack_set_visible_child_name (self->preview_stack, "empty");
      show_message (self, message);
      return;
    }

  forget_cards (self);
  self->cards = g_steal_pointer (&data->cards);
  self->n_new = data->n_new;
  g_clear_pointer (&self->village, salur_village_free);
  self->village = g_steal_pointer (&data->village);
  self->round = g_array_ref (data->round);
  self->dusun = g_strdup (data->dusun);
  self->sheet = 0;
  if (!rebuild_sheets (self, &error))
    {
      show_message (self, error->message);
      forget_cards (self);
      return;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.print", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.save-pdf", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.save-pdf-to", TRUE);
  gtk_stack_set_visible_child_name (self->preview_stack, "preview");
  if (self->n_new > 0)
    salur_session_changed (self->session);   /* new card events */
}

static void
prepare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SalurCardsPage *self = SALUR_CARDS_PAGE (widget);
  const SalurOperator *by = salur_session_get_operator (self->session);
  g_autofree char *place = entry_or_null (self->place_row);
  g_autofree char *date = entry_or_null (self->date_row);
  g_autofree char *time = entry_or_null (self->time_row);
  SalurCardSchedule schedule = { place, date, time };
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  if (self->cancellable != NULL)
    return;
  if (!salur_card_schedule_check (&schedule, &error))
    {
      show_message (self, error->message);
      return;
    }
  /* a card is recorded with who issued it */
  if (by == NULL)
    {
      show_message (self, _("Sign in as the bendahara to issue the cards."));
      gtk_widget_activate_action (widget, "win.sign-in", NULL);
      return;
    }
  show_message (self, NULL);

  data = g_new0 (TaskData, 1);
  data->store_path = g_strdup (salur_store_get_path (salur_session_get_store (self->session)));
  data->by.name = g_strdup (by->name);
  data->by.role = by->role;
  data->by.active = by->active;
  data->round = chosen_round (self);
  data->dusun = g_strdup (chosen_dusun (self));

  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (widget, "cards.prepare", FALSE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->preview_stack, "working");
  task = g_task_new (self, self->cancellable, issue_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, prepare_action);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  /* cards being recorded are recorded whole */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, issue_thread);
}

static void
sheet_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SalurCardsPage *self = SALUR_CARDS_PAGE (widget);

  if (g_str_equal (action_name, "cards.next-sheet"))
    show_sheet (self, self->sheet + 1);
  else if (self->sheet > 0)
    show_sheet (self, self->sheet - 1);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              gpointer           user_data)
{
  SalurCardsPage *self = SALUR_CARDS_PAGE (user_data);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double scale = MIN (width / SALUR_A4_WIDTH, height / SALUR_A4_HEIGHT);

  /* the whole sheet, cut marks included, on whatever paper the printer has */
  cairo_save (cr);
  cairo_translate (cr, (width - SALUR_A4_WIDTH * scale) / 2, (height - SALUR_A4_HEIGHT * scale) / 2);
  cairo_scale (cr, scale, scale);
  salur_card_sheets_draw (self->sheets, page_nr, cr);
  cairo_restore (cr);
}

static GtkPrintOperation *
print_operation (SalurCardsPage *self)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autofree char *name = g_strdup_printf ("kartu-undangan-%s", self->village->desa);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (operation, salur_card_sheets_count (self->sheets));
  gtk_print_operation_set_job_name (operation, name);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), self);
  return operation;
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  SalurCardsPage *self = SALUR_CARDS_PAGE (user_data);
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      salur_app_toast (GTK_WIDGET (self), error->message);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    salur_app_toast (GTK_WIDGET (self), _("The cards went to the printer."));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SalurCardsPage *self = SALUR_CARDS_PAGE (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GError) error = NULL;

  if (self->sheets == NULL)
    return;
  operation = print_operation (self);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), self);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    salur_app_toast (widget, error->message);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SalurCardsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  TaskData *data = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      salur_app_toast (GTK_WIDGET (self), error->message);
      return;
    }
  {
    g_autofree char *base = g_path_get_basename (data->out);
    g_autofree char *message = g_strdup_printf (_("The cards are saved in %s."), base);

    salur_app_toast (GTK_WIDGET (self), message);
  }
}

static void
save_pdf_to_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SalurCardsPage *self = SALUR_CARDS_PAGE (widget);
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  if (self->cards == NULL)
    return;
  data = g_new0 (TaskData, 1);
  data->out = g_strdup (g_variant_get_string (parameter, NULL));
  data->cards = g_ptr_array_ref (self->cards);
  data->village = g_new0 (SalurVillage, 1);
  data->village->desa = g_strdup (self->village->desa);
  data->village->kecamatan = g_strdup (self->village->kecamatan);
  data->village->kabupaten = g_strdup (self->village->kabupaten);
  data->village->provinsi = g_strdup (self->village->provinsi);
  data->village->kode_wilayah = g_strdup (self->village->kode_wilayah);
  data->village->kepala_desa = g_strdup (self->village->kepala_desa);
  data->village->kaur_keuangan = g_strdup (self->village->kaur_keuangan);
  data->village->amount = self->village->amount;
  data->village->max_months = self->village->max_months;
  data->place = entry_or_null (self->place_row);
  data->date = entry_or_null (self->date_row);
  data->time = entry_or_null (self->time_row);

  /* drawing a thousand cards takes a while: off the main loop */
  task = g_task_new (self, NULL, save_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, save_pdf_to_action);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, save_thread);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  SalurCardsPage *self = SALUR_CARDS_PAGE (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "cards.save-pdf-to", "s", path);
    }
  g_object_unref (chooser);
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SalurCardsPage *self = SALUR_CARDS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) pdf = gtk_file_filter_new ();
  g_autofree char *month = NULL, *name = NULL;

  if (self->cards == NULL)
    return;
  month = salur_month_format (g_array_index (self->round, SalurMonth, 0));
  name = self->dusun != NULL ? g_strdup_printf ("kartu-undangan-%s-%s.pdf", self->dusun, month)
                             : g_strdup_printf ("kartu-undangan-%s.pdf", month);
  chooser = gtk_file_chooser_native_new (_("Save the Cards"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (pdf, _("PDF documents"));
  gtk_file_filter_add_suffix (pdf, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pdf);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
session_changed_cb (SalurCardsPage *self)
{
  load_form (self);
}

/* GObject */

static void
salur_cards_page_dispose (GObject *object)
{
  SalurCardsPage *self = SALUR_CARDS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SALUR_TYPE_CARDS_PAGE);

  G_OBJECT_CLASS (salur_cards_page_parent_class)->dispose (object);
}

static void
salur_cards_page_finalize (GObject *object)
{
  SalurCardsPage *self = SALUR_CARDS_PAGE (object);

  g_clear_object (&self->session);
  g_clear_object (&self->dusun_names);
  g_clear_pointer (&self->sheets, salur_card_sheets_free);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_pointer (&self->village, salur_village_free);
  g_clear_pointer (&self->round, g_array_unref);
  g_free (self->dusun);

  G_OBJECT_CLASS (salur_cards_page_parent_class)->finalize (object);
}

static void
salur_cards_page_class_init (SalurCardsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_cards_page_dispose;
  object_class->finalize = salur_cards_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-cards-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, month_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, year_spin);
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, months_row);
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, count_spin);
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, dusun_row);
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, place_row);
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, time_row);
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, sheet_label);
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, cards_label);
  gtk_widget_class_bind_template_child (widget_class, SalurCardsPage, sheet_area);
  gtk_widget_class_bind_template_callback (widget_class, round_changed_cb);

  gtk_widget_class_install_action (widget_class, "cards.prepare", NULL, prepare_action);
  gtk_widget_class_install_action (widget_class, "cards.previous-sheet", NULL, sheet_action);
  gtk_widget_class_install_action (widget_class, "cards.next-sheet", NULL, sheet_action);
  gtk_widget_class_install_action (widget_class, "cards.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "cards.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "cards.save-pdf-to", "s", save_pdf_to_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "cards.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "cards.next-sheet", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "cards.previous-sheet", NULL);
}

static void
salur_cards_page_init (SalurCardsPage *self)
{
  g_autoptr(GtkStringList) months = gtk_string_list_new (NULL);
  const char *all[] = { _("All dusun"), NULL };
  SalurMonth now = salur_app_this_month ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->loading = TRUE;
  for (int m = 1; m <= 12; m++)
    gtk_string_list_append (months, salur_app_month_name (m));
  gtk_drop_down_set_model (self->month_dropdown, G_LIST_MODEL (months));
  gtk_drop_down_set_selected (self->month_dropdown, salur_month_number (now) - 1);
  gtk_spin_button_set_value (self->year_spin, salur_month_year (now));
  self->dusun_names = gtk_string_list_new (all);
  adw_combo_row_set_model (self->dusun_row, G_LIST_MODEL (self->dusun_names));
  self->loading = FALSE;

  gtk_drawing_area_set_draw_func (self->sheet_area, draw_sheet_cb, self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.print", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.save-pdf", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.save-pdf-to", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.previous-sheet", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.next-sheet", FALSE);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->month_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("First month"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->year_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Year"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->count_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Months paid together"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sheet_area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The sheet of cards, as it will be printed"), -1);
}

/* Public API */

GtkWidget *
salur_cards_page_new (SalurSession *session)
{
  SalurCardsPage *self;

  g_return_val_if_fail (SALUR_IS_SESSION (session), NULL);

  self = g_object_new (SALUR_TYPE_CARDS_PAGE, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_swapped (session, "changed", G_CALLBACK (session_changed_cb), self);
  load_form (self);
  return GTK_WIDGET (self);
}

guint
salur_cards_page_get_n_sheets (SalurCardsPage *self,
                               guint          *n_cards,
                               guint          *n_new)
{
  g_return_val_if_fail (SALUR_IS_CARDS_PAGE (self), 0);

  if (n_cards != NULL)
    *n_cards = self->cards != NULL ? self->cards->len : 0;
  if (n_new != NULL)
    *n_new = self->n_new;
  return self->sheets != NULL ? salur_card_sheets_count (self->sheets) : 0;
}

gboolean
salur_cards_page_print_to_file (SalurCardsPage  *self,
                                const char      *path,
                                GError         **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;

  g_return_val_if_fail (SALUR_IS_CARDS_PAGE (self), FALSE);

  if (self->sheets == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND, _("There are no cards to print."));
      return FALSE;
    }
  operation = print_operation (self);
  gtk_print_operation_set_export_filename (operation, path);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error)
         != GTK_PRINT_OPERATION_RESULT_ERROR;
}
