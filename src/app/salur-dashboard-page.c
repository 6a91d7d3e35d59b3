/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "salur-complaint.h"
#include "salur-dashboard-page.h"
#include "salur-day.h"
#include "salur-money.h"
#include "salur-page-util.h"
#include "salur-report.h"
#include "salur-sync.h"

/* The chart shows the hours a hall is open */
#define FIRST_HOUR 7
#define LAST_HOUR  17

typedef struct
{
  char   *name;
  guint   listed;
  guint   paid;
  gint64  amount_paid;
} DusunFigures;

typedef struct
{
  char              *path;
  GArray            *months;
  char              *date;
  /* results */
  GPtrArray         *dusun;         /* DusunFigures */
  SalurReportTotals  totals;
  guint              conflicts;
  guint              complaints;
  GPtrArray         *hours;         /* SalurDeskHours */
} DashData;

struct _SalurDashboardPage
{
  AdwBin         parent_instance;

  SalurSession  *session;
  GCancellable  *cancellable;
  gboolean       busy;
  GPtrArray     *hours;             /* what the chart draws */

  GtkLabel      *date_label;
  GtkDropDown   *months_dropdown;
  GtkSpinner    *spinner;
  GtkRevealer   *message_revealer;
  GtkLabel      *message_label;
  GtkLabel      *paid_value;
  GtkLabel      *paid_caption;
  GtkLabel      *amount_value;
  GtkLabel      *amount_caption;
  GtkLabel      *absent_value;
  GtkLabel      *conflicts_value;
  GtkLabel      *complaints_value;
  GtkListBox    *dusun_list;
  GtkDrawingArea *chart;
  GtkLabel      *chart_note;
};

G_DEFINE_FINAL_TYPE (SalurDashboardPage, salur_dashboard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
dusun_figures_free (DusunFigures *d)
{
  g_free (d->name);
  g_free (d);
}

static void
dash_data_free (DashData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->months, g_array_unref);
  g_free (data->date);
  g_clear_pointer (&data->dusun, g_ptr_array_unref);
  g_clear_pointer (&data->hours, g_ptr_array_unref);
  g_free (data);
}

static gboolean
read_figures (SalurStore  *store,
              DashData    *data,
              GError     **error)
{
  g_autoptr(SalurReport) report = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);

  report = salur_report_build (store, data->months, NULL, error);
  if (report == NULL)
    return FALSE;
  data->totals = report->totals;
  data->dusun = g_ptr_array_new_with_free_func ((GDestroyNotify) dusun_figures_free);
  for (guint i = 0; i < report->rows->len; i++)
    {
      SalurReportRow *row = g_ptr_array_index (report->rows, i);
      DusunFigures *d = g_hash_table_lookup (by_name, row->kpm->dusun);

      if (d == NULL)
        {
          d = g_new0 (DusunFigures, 1);
          d->name = g_strdup (row->kpm->dusun);
          g_ptr_array_add (data->dusun, d);
          g_hash_table_insert (by_name, d->name, d);
        }
      if (row->state == SALUR_REPORT_CLOSED)
        continue;
      d->listed++;
      d->paid += row->state == SALUR_REPORT_PAID || row->state == SALUR_REPORT_PARTLY_PAID;
      d->amount_paid += row->amount_paid;
    }
  conflicts = salur_sync_conflicts (store, error);
  if (conflicts == NULL)
    return FALSE;
  data->conflicts = conflicts->len;
  data->complaints = salur_complaint_count_unresolved (store);
  data->hours = salur_day_payments_per_hour (store, data->date, data->months, error);
  return data->hours != NULL;
}

/* On its own connection: a village of 10,000 KPM takes a moment to add up */
static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DashData *data = task_data;
  g_autoptr(SalurStore) store = NULL;
  GError *error = NULL;

  store = salur_store_open (data->path, &error);
  if (store == NULL || !read_figures (store, data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_busy (SalurDashboardPage *self,
          gboolean            busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static char *
percent_text (guint part,
              guint whole)
{
  return g_strdup_printf ("%u%%", whole > 0 ? (guint) (100.0 * part / whole + 0.5) : 0);
}

static void
show_dusun (SalurDashboardPage *self,
            GPtrArray          *dusun)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->dusun_list))) != NULL)
    gtk_list_box_remove (self->dusun_list, child);
  for (guint i = 0; i < dusun->len; i++)
    {
      DusunFigures *d = g_ptr_array_index (dusun, i);
      g_autofree char *money = salur_rupiah_format (d->amount_paid);
      g_autofree char *subtitle = g_strdup_printf (_("%u of %u KPM paid · %s"), d->paid, d->listed, money);
      g_autofree char *pct = percent_text (d->paid, d->listed);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, MAX (d->listed, 1));
      GtkWidget *label = gtk_label_new (pct);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), d->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_name (bar, "dusun-level");
      gtk_level_bar_set_mode (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_MODE_CONTINUOUS);
      /* the default offsets colour a low bar as a warning: progress is not one */
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), d->paid);
      gtk_widget_set_size_request (bar, 160, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, subtitle, -1);
      gtk_label_set_width_chars (GTK_LABEL (label), 5);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->dusun_list, row);
    }
}

static void
show_hours (SalurDashboardPage *self,
            GPtrArray          *hours)
{
  GString *summary = g_string_new (NULL);
  guint outside = 0;

  g_clear_pointer (&self->hours, g_ptr_array_unref);
  self->hours = g_ptr_array_ref (hours);
  for (guint i = 0; i < hours->len; i++)
    {
      SalurDeskHours *h = g_ptr_array_index (hours, i);

      for (int hour = 0; hour < SALUR_DAY_HOURS; hour++)
        if (hour < FIRST_HOUR || hour > LAST_HOUR)
          outside += h->count[hour];
      g_string_append_printf (summary, "%s%s %u", i > 0 ? ", " : "", h->desk, h->total);
    }
  if (hours->len == 0)
    gtk_label_set_label (self->chart_note, _("No payment recorded today for these months."));
  else if (outside > 0)
    {
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u payment recorded before 07.00 or after 17.59 is not shown.",
                                                            "%u payments recorded before 07.00 or after 17.59 are not shown.",
                                                            outside), outside);
      gtk_label_set_label (self->chart_note, note);
    }
  else
    gtk_label_set_label (self->chart_note, "");
  gtk_widget_set_visible (GTK_WIDGET (self->chart_note), hours->len == 0 || outside > 0);
  /* the figures behind the bars, for a screen reader */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary->str, -1);
  g_string_free (summary, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static void
show_figures (SalurDashboardPage *self,
              DashData           *data)
{
  const SalurReportTotals *t = &data->totals;
  g_autofree char *paid = g_strdup_printf (_("%u of %u"), t->paid + t->partly_paid, t->kpm_listed);
  g_autofree char *pct = percent_text (t->paid + t->partly_paid, t->kpm_listed);
  g_autofree char *paid_caption = g_strdup_printf (_("KPM received (%s)"), pct);
  g_autofree char *amount = salur_rupiah_format (t->amount_paid);
  g_autofree char *planned = salur_rupiah_format (t->amount_planned);
  g_autofree char *amount_caption = g_strdup_printf (_("paid of %s planned"), planned);
  g_autofree char *absent = g_strdup_printf ("%u", t->absent);
  g_autofree char *conflicts = g_strdup_printf ("%u", data->conflicts);
  g_autofree char *complaints = g_strdup_printf ("%u", data->complaints);

  gtk_label_set_label (self->paid_value, paid);
  gtk_label_set_label (self->paid_caption, paid_caption);
  gtk_label_set_label (self->amount_value, amount);
  gtk_label_set_label (self->amount_caption, amount_caption);
  gtk_label_set_label (self->absent_value, absent);
  gtk_label_set_label (self->conflicts_value, conflicts);
  gtk_label_set_label (self->complaints_value, complaints);
  /* what needs the treasurer stands out */
  if (data->conflicts > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->conflicts_value), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->conflicts_value), "error");
  if (data->complaints > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->complaints_value), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->complaints_value), "warning");
  show_dusun (self, data->dusun);
  show_hours (self, data->hours);
}

/* Callbacks */

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SalurDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);

  if (g_task_get_cancellable (task) != self->cancellable)
    return;   /* a newer read is on its way, or the page went */
  g_clear_object (&self->cancellable);
  if (!g_task_propagate_boolean (task, &error))
    salur_page_say (GTK_WIDGET (self), self->message_revealer, self->message_label, error->message, TRUE);
  else
    {
      gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
      show_figures (self, g_task_get_task_data (task));
    }
  set_busy (self, FALSE);
}

static void
refresh (SalurDashboardPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  SalurStore *store = salur_session_get_store (self->session);
  DashData *data;

  data = g_new0 (DashData, 1);
  data->months = salur_page_months_get (self->months_dropdown);
  if (data->months == NULL)
    {
      dash_data_free (data);
      return;
    }
  data->path = g_strdup (salur_store_get_path (store));
  data->date = g_date_time_format (now, "%Y-%m-%d");
  {
    g_autofree char *day = g_date_time_format (now, "%d-%m-%Y");
    g_autofree char *text = g_strdup_printf (_("Today, %s"), day);
    gtk_label_set_label (self->date_label, text);
  }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, read_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, data, (GDestroyNotify) dash_data_free);
  set_busy (self, TRUE);
  if (salur_page_store_is_file (store))
    g_task_run_in_thread (task, read_thread);
  else
    {
      GError *error = NULL;

      if (read_figures (store, data, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
    }
}

static void
months_changed_cb (SalurDashboardPage *self)
{
  if (self->session != NULL)
    refresh (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (SALUR_DASHBOARD_PAGE (widget));
}

static void
fg_colour (GtkWidget *widget,
           GdkRGBA   *rgba)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), rgba);
}

static double
nice_step (guint top)
{
  static const guint steps[] = { 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000 };

  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    if (top / steps[i] <= 5)
      return steps[i];
  return top / 5.0;
}

static void
draw_text (cairo_t     *cr,
           GtkWidget   *widget,
           const char  *text,
           double       x,
           double       y,
           double       xalign,
           double       yalign)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w * xalign, y - h * yalign);
  pango_cairo_show_layout (cr, layout);
}

/* Okabe and Ito's colours, told apart with any colour vision; each bar has
 * an outline in the text colour, so high contrast keeps them apart too */
static const double palette[][3] = {
  { 0.00, 0.45, 0.70 }, { 0.90, 0.62, 0.00 }, { 0.00, 0.62, 0.45 }, { 0.80, 0.47, 0.65 },
  { 0.84, 0.37, 0.00 }, { 0.34, 0.71, 0.91 }, { 0.94, 0.89, 0.26 }, { 0.50, 0.50, 0.50 },
};

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  SalurDashboardPage *self = user_data;
  GtkWidget *widget = GTK_WIDGET (area);
  guint n_hours = LAST_HOUR - FIRST_HOUR + 1, n_desks = self->hours != NULL ? self->hours->len : 0;
  guint top = 1, legend_rows = 0;
  double left = 44, right = 8, plot_top = 8, legend_h, bottom, plot_w, plot_h, step, group_w, bar_w;
  GdkRGBA fg;

  fg_colour (widget, &fg);
  for (guint i = 0; i < n_desks; i++)
    for (guint hour = FIRST_HOUR; hour <= LAST_HOUR; hour++)
      top = MAX (top, ((SalurDeskHours *) self->hours->pdata[i])->count[hour]);
  step = nice_step (top);
  top = (guint) (step * ((guint) ((top + step - 1) / step)));

  /* the legend: a swatch and a name per desk, in rows */
  {
    double x = left;

    legend_rows = n_desks > 0 ? 1 : 0;
    for (guint i = 0; i < n_desks; i++)
      {
        SalurDeskHours *h = self->hours->pdata[i];
        g_autofree char *text = g_strdup_printf ("%s (%u)", h->desk, h->total);
        g_autoptr(PangoLayout) l = gtk_widget_create_pango_layout (widget, text);
        int w, lh;

        pango_layout_get_pixel_size (l, &w, &lh);
        if (x + 20 + w > width && x > left)
          {
            legend_rows++;
            x = left;
          }
        x += 20 + w + 16;
      }
  }
  legend_h = legend_rows * 22;
  bottom = height - 24 - legend_h;
  plot_w = width - left - right;
  plot_h = bottom - plot_top;
  if (plot_w < 50 || plot_h < 40)
    return;

  /* axes and the horizontal lines of the scale */
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_set_line_width (cr, 1);
  for (double v = 0; v <= top + 0.01; v += step)
    {
      double y = bottom - plot_h * v / top;
      g_autofree char *label = g_strdup_printf ("%.0f", v);

      cairo_save (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, v == 0 ? 1 : 0.25);
      cairo_move_to (cr, left, (int) y + 0.5);
      cairo_line_to (cr, left + plot_w, (int) y + 0.5);
      cairo_stroke (cr);
      cairo_restore (cr);
      draw_text (cr, widget, label, left - 6, y, 1, 0.5);
    }
  cairo_move_to (cr, (int) left + 0.5, plot_top);
  cairo_line_to (cr, (int) left + 0.5, bottom);
  cairo_stroke (cr);

  group_w = plot_w / n_hours;
  bar_w = n_desks > 0 ? MIN (28, group_w * 0.8 / n_desks) : 0;
  for (guint i = 0; i < n_hours; i++)
    {
      guint hour = FIRST_HOUR + i;
      double gx = left + i * group_w;
      double bx = gx + (group_w - bar_w * n_desks) / 2;
      char label[8];

      g_snprintf (label, sizeof label, "%02u", hour);
      gdk_cairo_set_source_rgba (cr, &fg);
      draw_text (cr, widget, label, gx + group_w / 2, bottom + 4, 0.5, 0);
      for (guint d = 0; d < n_desks; d++)
        {
          guint count = ((SalurDeskHours *) self->hours->pdata[d])->count[hour];
          const double *c = palette[d % G_N_ELEMENTS (palette)];
          double h = plot_h * count / top;

          if (count == 0)
            continue;
          cairo_rectangle (cr, bx + d * bar_w + 0.5, bottom - h, bar_w - 1, h);
          cairo_set_source_rgb (cr, c[0], c[1], c[2]);
          cairo_fill_preserve (cr);
          gdk_cairo_set_source_rgba (cr, &fg);
          cairo_stroke (cr);
        }
    }

  /* the legend */
  {
    double x = left, y = height - legend_h + 4;

    for (guint i = 0; i < n_desks; i++)
      {
        SalurDeskHours *h = self->hours->pdata[i];
        const double *c = palette[i % G_N_ELEMENTS (palette)];
        g_autofree char *text = g_strdup_printf ("%s (%u)", h->desk, h->total);
        g_autoptr(PangoLayout) l = gtk_widget_create_pango_layout (widget, text);
        int w, lh;

        pango_layout_get_pixel_size (l, &w, &lh);
        if (x + 20 + w > width && x > left)
          {
            x = left;
            y += 22;
          }
        cairo_rectangle (cr, x + 0.5, y + 2.5, 13, 13);
        cairo_set_source_rgb (cr, c[0], c[1], c[2]);
        cairo_fill_preserve (cr);
        gdk_cairo_set_source_rgba (cr, &fg);
        cairo_stroke (cr);
        cairo_move_to (cr, x + 20, y + 9 - lh / 2.0);
        pango_cairo_show_layout (cr, l);
        x += 20 + w + 16;
      }
  }
}

/* Parent overrides */

static void
salur_dashboard_page_dispose (GObject *object)
{
  SalurDashboardPage *self = SALUR_DASHBOARD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->hours, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), SALUR_TYPE_DASHBOARD_PAGE);

  G_OBJECT_CLASS (salur_dashboard_page_parent_class)->dispose (object);
}

static void
salur_dashboard_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SalurDashboardPage *self = SALUR_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salur_dashboard_page_class_init (SalurDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_dashboard_page_dispose;
  object_class->get_property = salur_dashboard_page_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, months_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, paid_value);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, paid_caption);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, amount_value);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, amount_caption);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, absent_value);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, conflicts_value);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, complaints_value);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, dusun_list);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, chart);
  gtk_widget_class_bind_template_child (widget_class, SalurDashboardPage, chart_note);
  gtk_widget_class_bind_template_callback (widget_class, months_changed_cb);
  gtk_widget_class_install_action (widget_class, "dashboard.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "dashboard.refresh", NULL);
}

static void
salur_dashboard_page_init (SalurDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->chart, draw_chart, self, NULL);
}

/* Public API */

GtkWidget *
salur_dashboard_page_new (SalurSession *session)
{
  SalurDashboardPage *self;

  g_return_val_if_fail (SALUR_IS_SESSION (session), NULL);

  self = g_object_new (SALUR_TYPE_DASHBOARD_PAGE, NULL);
  /* the round (or this month) selected before anything is read */
  salur_page_months_fill (self->months_dropdown, salur_session_get_store (session));
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
  return GTK_WIDGET (self);
}

gboolean
salur_dashboard_page_set_months (SalurDashboardPage *self,
                                 const char         *months)
{
  g_return_val_if_fail (SALUR_IS_DASHBOARD_PAGE (self), FALSE);

  if (!salur_page_months_select (self->months_dropdown, months))
    return FALSE;
  refresh (self);
  return TRUE;
}

gboolean
salur_dashboard_page_get_busy (SalurDashboardPage *self)
{
  g_return_val_if_fail (SALUR_IS_DASHBOARD_PAGE (self), FALSE);
  return self->busy;
}
