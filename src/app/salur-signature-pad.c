/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "salur-signature-pad.h"

#define PAD_W SALUR_SIGNATURE_PAD_WIDTH
#define PAD_H SALUR_SIGNATURE_PAD_HEIGHT

/* The line to sign on and the × before it, in pad units: low on the paper,
 * as on a printed receipt, so the letters stand on it */
#define LINE_Y    (PAD_H * 0.74)
#define LINE_X0   (PAD_W * 0.07)
#define LINE_X1   (PAD_W * 0.93)
#define CROSS     4.5
/* A ballpoint's line at the natural size; a pen pressed harder draws up to
 * 1.55 times as wide, a light touch 0.45 */
#define INK_WIDTH 2.4
#define CORNER    8.0

struct _SalurSignaturePad
{
  GtkWidget           parent_instance;

  SalurSignature     *sig;
  GSimpleActionGroup *actions;

  /* The gesture whose pen is down, NULL when none. A stylus's events reach
   * both gestures; only this one's are recorded. */
  GtkGesture         *pen;
  double              drag_x, drag_y;   /* where the drag began, widget coordinates */
  guint               live;             /* the index the stroke being drawn has */
  guint32             t0;               /* event time of the signature's first point */
  gboolean            empty;
  guint               generation;       /* bumped whenever strokes are removed */

  /* The line and the finished strokes as one image, so a frame while
   * drawing renders only the stroke under the pen */
  GdkTexture         *cache;
  guint               cache_strokes;
  guint               cache_generation;
  double              cache_scale;
  int                 cache_factor;
  GdkRGBA             cache_ink, cache_faint;
};

G_DEFINE_FINAL_TYPE (SalurSignaturePad, salur_signature_pad, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EMPTY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

/* The pad inside the widget: scaled to fit, aspect kept, centred */
typedef struct
{
  double scale;
  double x, y;
} Geometry;

typedef struct
{
  GdkRGBA ink;     /* opaque: overlapping segments must not darken */
  GdkRGBA paper;
  GdkRGBA faint;   /* the line, the × and the hint */
  GdkRGBA edge;
  GdkRGBA focus;
} Colours;

static void
get_geometry (SalurSignaturePad *self,
              Geometry          *g)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  g->scale = MIN ((double) width / PAD_W, (double) height / PAD_H);
  if (!(g->scale > 0))
    g->scale = 1;
  /* whole pixels: the line and the edge stay sharp */
  g->x = floor ((width - PAD_W * g->scale) / 2);
  g->y = floor ((height - PAD_H * g->scale) / 2);
}

static void
get_colours (SalurSignaturePad *self,
             Colours           *c)
{
  /* GTK 4.8 has no gtk_widget_get_color (4.10) */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));
  gboolean high_contrast = adw_style_manager_get_high_contrast (adw_style_manager_get_default ());
  GdkRGBA fg;

  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "view_bg_color", &c->paper) &&
      !gtk_style_context_lookup_color (style, "theme_base_color", &c->paper))
    {
      /* a theme that names neither: the opposite of the ink */
      double grey = 0.3 * fg.red + 0.59 * fg.green + 0.11 * fg.blue < 0.5 ? 1 : 0;
      c->paper = (GdkRGBA) { grey, grey, grey, 1 };
    }
  if (!gtk_style_context_lookup_color (style, "accent_color", &c->focus))
    c->focus = fg;
  G_GNUC_END_IGNORE_DEPRECATIONS

  c->paper.alpha = 1;
  c->ink = (GdkRGBA) {
    c->paper.red * (1 - fg.alpha) + fg.red * fg.alpha,
    c->paper.green * (1 - fg.alpha) + fg.green * fg.alpha,
    c->paper.blue * (1 - fg.alpha) + fg.blue * fg.alpha,
    1
  };
  /* Adwaita's dim text is 55 % of the foreground: still 4.5:1 on white */
  c->faint = c->ink;
  c->faint.alpha = high_contrast ? 0.9 : 0.55;
  c->edge = c->ink;
  c->edge.alpha = high_contrast ? 0.9 : 0.25;
  c->focus.alpha = high_contrast ? 1 : 0.5;
}

static double
ink_width (float  pressure,
           double min_width)
{
  double width = pressure < 0 ? INK_WIDTH : INK_WIDTH * (0.45 + 1.1 * pressure);

  return MAX (width, min_width);
}

/* The piece of a Catmull-Rom spline from P[I] to P[I + 1] as cairo's
 * cubic Bézier, the ends' missing neighbours taken as the ends themselves */
static void
curve_piece (cairo_t                   *cr,
             const SalurSignaturePoint *p,
             guint                      n,
             guint                      i)
{
  const SalurSignaturePoint *a = &p[i > 0 ? i - 1 : 0], *b = &p[i], *c = &p[i + 1];
  const SalurSignaturePoint *d = &p[i + 2 < n ? i + 2 : n - 1];

  cairo_curve_to (cr,
                  b->x + (c->x - a->x) / 6, b->y + (c->y - a->y) / 6,
                  c->x - (d->x - b->x) / 6, c->y - (d->y - b->y) / 6,
                  c->x, c->y);
}

/* One stroke in pad units, in the source colour. The line goes through
 * every point on a curve (Catmull-Rom), so a stroke sampled 60 times a
 * second reads as a pen's line, not a polygon, and stays where the pen
 * was. With pressure each piece has its own width; round caps hide the
 * seams. */
static void
draw_stroke (cairo_t                   *cr,
             const SalurSignaturePoint *p,
             guint                      n,
             double                     min_width)
{
  gboolean pressure = FALSE;

  if (n == 0)
    return;
  if (n == 1)
    {
      cairo_new_path (cr);
      cairo_arc (cr, p[0].x, p[0].y, ink_width (p[0].pressure, min_width) * 0.6, 0, 2 * G_PI);
      cairo_fill (cr);
      return;
    }

  for (guint i = 0; i < n && !pressure; i++)
    pressure = p[i].pressure >= 0;

  if (!pressure)
    {
      cairo_new_path (cr);
      cairo_move_to (cr, p[0].x, p[0].y);
      for (guint i = 0; i + 1 < n; i++)
        curve_piece (cr, p, n, i);
      cairo_set_line_width (cr, ink_width (-1, min_width));
      cairo_stroke (cr);
      return;
    }

  for (guint i = 0; i + 1 < n; i++)
    {
      float pr = p[i].pressure < 0 || p[i + 1].pressure < 0
                 ? -1 : (p[i].pressure + p[i + 1].pressure) / 2;

      cairo_new_path (cr);
      cairo_move_to (cr, p[i].x, p[i].y);
      curve_piece (cr, p, n, i);
      cairo_set_line_width (cr, ink_width (pr, min_width));
      cairo_stroke (cr);
    }
}

/* The line to sign on, with a × at its start as printed forms have */
static void
draw_line (cairo_t       *cr,
           const GdkRGBA *faint,
           double         min_width)
{
  double cx = LINE_X0 + CROSS, cy = LINE_Y - 3 * CROSS;

  gdk_cairo_set_source_rgba (cr, faint);
  cairo_set_line_width (cr, MAX (1.2, min_width));
  cairo_move_to (cr, LINE_X0, LINE_Y);
  cairo_line_to (cr, LINE_X1, LINE_Y);
  cairo_stroke (cr);

  cairo_set_line_width (cr, MAX (1.6, min_width));
  cairo_move_to (cr, cx - CROSS, cy - CROSS);
  cairo_line_to (cr, cx + CROSS, cy + CROSS);
  cairo_move_to (cr, cx + CROSS, cy - CROSS);
  cairo_line_to (cr, cx - CROSS, cy + CROSS);
  cairo_stroke (cr);
}

/* Strokes that are finished; the one under a pen is drawn on its own */
static guint
n_finished (SalurSignaturePad *self)
{
  guint n = salur_signature_n_strokes (self->sig);

  return self->pen != NULL && n > self->live ? self->live : n;
}

static void
ensure_cache (SalurSignaturePad *self,
              const Geometry    *g,
              const Colours     *c)
{
  int factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  guint n = n_finished (self);
  int width = (int) ceil (PAD_W * g->scale * factor);
  int height = (int) ceil (PAD_H * g->scale * factor);
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) bytes = NULL;

  if (self->cache != NULL &&
      self->cache_strokes == n &&
      self->cache_generation == self->generation &&
      self->cache_scale == g->scale &&
      self->cache_factor == factor &&
      gdk_rgba_equal (&self->cache_ink, &c->ink) &&
      gdk_rgba_equal (&self->cache_faint, &c->faint))
    return;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_scale (cr, g->scale * factor, g->scale * factor);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  draw_line (cr, &c->faint, 1.0 / g->scale);
  gdk_cairo_set_source_rgba (cr, &c->ink);
  for (guint s = 0; s < n; s++)
    {
      guint n_points;
      const SalurSignaturePoint *p = salur_signature_get_stroke (self->sig, s, &n_points);

      draw_stroke (cr, p, n_points, 1.0 / g->scale);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* GDK_MEMORY_DEFAULT is cairo's ARGB32 layout */
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * height);
  g_clear_object (&self->cache);
  self->cache = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                        cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);

  self->cache_strokes = n;
  self->cache_generation = self->generation;
  self->cache_scale = g->scale;
  self->cache_factor = factor;
  self->cache_ink = c->ink;
  self->cache_faint = c->faint;
}

static void
update_accessible (SalurSignaturePad *self)
{
  guint n = salur_signature_n_strokes (self->sig);
  g_autofree char *description = NULL;

  if (n == 0)
    description = g_strdup (_("Empty. Sign with the mouse, a finger or a pen."));
  else
    /* TRANSLATORS: read out by a screen reader for the signature pad */
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Signed with %u stroke.",
                                                "Signed with %u strokes.", n), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
set_empty (SalurSignaturePad *self,
           gboolean           empty)
{
  if (self->empty == empty)
    return;
  self->empty = empty;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pad.clear", !empty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pad.undo", !empty);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "clear")), !empty);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "undo")), !empty);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

static void
emit_changed (SalurSignaturePad *self)
{
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The pen's pressure, or -1. Only a tool (a stylus, an eraser) says it has
 * the axis: a mouse's events carry a pressure of 0 all the same. */
static double
event_pressure (GdkEvent *event)
{
  GdkDeviceTool *tool = event != NULL ? gdk_event_get_device_tool (event) : NULL;
  double pressure;

  if (tool != NULL && (gdk_device_tool_get_axes (tool) & GDK_AXIS_FLAG_PRESSURE) &&
      gdk_event_get_axis (event, GDK_AXIS_PRESSURE, &pressure))
    return pressure;
  return -1;
}

/* Records a point given in widget coordinates at event time TIME */
static void
add_point (SalurSignaturePad *self,
           double             wx,
           double             wy,
           guint32            time,
           double             pressure)
{
  Geometry g;
  SalurSignaturePoint p;
  gint32 since;

  get_geometry (self, &g);
  p.x = CLAMP ((wx - g.x) / g.scale, 0, PAD_W);
  p.y = CLAMP ((wy - g.y) / g.scale, 0, PAD_H);
  p.pressure = pressure;

  if (salur_signature_is_empty (self->sig))
    self->t0 = time;
  /* event times are a wrapping 32-bit millisecond clock */
  since = (gint32) (time - self->t0);
  p.t_ms = since > 0 ? (guint32) since : 0;

  /* a pen resting on one spot sends the same place again: keep it once */
  if (salur_signature_n_strokes (self->sig) > self->live)
    {
      guint n;
      const SalurSignaturePoint *stroke = salur_signature_get_stroke (self->sig, self->live, &n);

      if (n > 0 && fabs (stroke[n - 1].x - p.x) < 1 / 16.0 && fabs (stroke[n - 1].y - p.y) < 1 / 16.0)
        return;
    }

  salur_signature_add_point (self->sig, &p);
  if (!salur_signature_is_empty (self->sig))
    set_empty (self, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
pen_down (SalurSignaturePad *self,
          GtkGesture        *gesture,
          double             x,
          double             y)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));

  if (self->pen != NULL)
    return FALSE;
  self->pen = gesture;
  self->live = salur_signature_n_strokes (self->sig);
  salur_signature_begin_stroke (self->sig);
  if (gtk_widget_get_focus_on_click (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
  add_point (self, x, y, event != NULL ? gdk_event_get_time (event) : self->t0, event_pressure (event));
  return TRUE;
}

static void
pen_move (SalurSignaturePad *self,
          GtkGesture        *gesture,
          double             x,
          double             y)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));
  double ex, ey;

  if (self->pen != gesture || event == NULL)
    return;

  /* GDK folds the moves of one frame into the last; the ones before it are
   * its history, in surface coordinates like the event's own position.
   * Touch updates and the release have none. */
  if (gdk_event_get_event_type (event) == GDK_MOTION_NOTIFY &&
      gdk_event_get_position (event, &ex, &ey))
    {
      guint n = 0;
      g_autofree GdkTimeCoord *history = gdk_event_get_history (event, &n);

      for (guint i = 0; i < n; i++)
        add_point (self,
                   history[i].axes[GDK_AXIS_X] + (x - ex),
                   history[i].axes[GDK_AXIS_Y] + (y - ey),
                   history[i].time,
                   history[i].flags & GDK_AXIS_FLAG_PRESSURE ? history[i].axes[GDK_AXIS_PRESSURE] : -1);
    }
  add_point (self, x, y, gdk_event_get_time (event), event_pressure (event));
}

static void
pen_up (SalurSignaturePad *self,
        GtkGesture        *gesture)
{
  if (self->pen != gesture)
    return;
  self->pen = NULL;
  if (salur_signature_n_strokes (self->sig) > self->live)
    emit_changed (self);
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Callbacks */

static void
drag_begin_cb (GtkGestureDrag    *drag,
               double             x,
               double             y,
               SalurSignaturePad *self)
{
  GtkGesture *gesture = GTK_GESTURE (drag);
  GdkEventSequence *sequence = gtk_gesture_single_get_current_sequence (GTK_GESTURE_SINGLE (drag));
  GdkEvent *event = gtk_gesture_get_last_event (gesture, sequence);

  /* a stylus is the stylus gesture's; a second finger or pointer while one
   * draws is nobody's */
  if ((event != NULL && gdk_event_get_device_tool (event) != NULL) ||
      !pen_down (self, gesture, x, y))
    {
      gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_x = x;
  self->drag_y = y;
  /* a scrolled window or a swipe around the pad must not take the stroke */
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update_cb (GtkGestureDrag    *drag,
                double             dx,
                double             dy,
                SalurSignaturePad *self)
{
  pen_move (self, GTK_GESTURE (drag), self->drag_x + dx, self->drag_y + dy);
}

static void
drag_end_cb (GtkGestureDrag    *drag,
             double             dx,
             double             dy,
             SalurSignaturePad *self)
{
  if (self->pen == GTK_GESTURE (drag))
    pen_move (self, GTK_GESTURE (drag), self->drag_x + dx, self->drag_y + dy);
  pen_up (self, GTK_GESTURE (drag));
}

static void
stylus_down_cb (GtkGestureStylus  *stylus,
                double             x,
                double             y,
                SalurSignaturePad *self)
{
  if (pen_down (self, GTK_GESTURE (stylus), x, y))
    gtk_gesture_set_state (GTK_GESTURE (stylus), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
stylus_motion_cb (GtkGestureStylus  *stylus,
                  double             x,
                  double             y,
                  SalurSignaturePad *self)
{
  pen_move (self, GTK_GESTURE (stylus), x, y);
}

static void
stylus_up_cb (GtkGestureStylus  *stylus,
              double             x,
              double             y,
              SalurSignaturePad *self)
{
  /* the lift's own point has the pressure falling to nothing: the tail of
   * the stroke thins as a pen's does */
  pen_move (self, GTK_GESTURE (stylus), x, y);
  pen_up (self, GTK_GESTURE (stylus));
}

static void
gesture_cancel_cb (GtkGesture        *gesture,
                   GdkEventSequence  *sequence,
                   SalurSignaturePad *self)
{
  /* what was drawn before the grab was lost stays */
  pen_up (self, gesture);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  salur_signature_pad_clear (SALUR_SIGNATURE_PAD (widget));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  salur_signature_pad_undo (SALUR_SIGNATURE_PAD (widget));
}

static void
group_clear_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  salur_signature_pad_clear (SALUR_SIGNATURE_PAD (user_data));
}

static void
group_undo_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  salur_signature_pad_undo (SALUR_SIGNATURE_PAD (user_data));
}

/* GtkWidget overrides */

static GtkSizeRequestMode
salur_signature_pad_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
salur_signature_pad_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  /* half the natural size is still a place a finger can sign in; given a
   * width, the natural height keeps the pad's aspect */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = PAD_W / 2;
      *natural = PAD_W;
    }
  else
    {
      *minimum = PAD_H / 2;
      *natural = for_size > 0 ? MAX (*minimum, (int) ceil ((double) for_size * PAD_H / PAD_W)) : PAD_H;
    }
}

static void
salur_signature_pad_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  SalurSignaturePad *self = SALUR_SIGNATURE_PAD (widget);
  Geometry g;
  Colours c;
  graphene_rect_t paper;
  GskRoundedRect outline;
  guint n = salur_signature_n_strokes (self->sig);

  get_geometry (self, &g);
  get_colours (self, &c);
  ensure_cache (self, &g, &c);

  paper = GRAPHENE_RECT_INIT (g.x, g.y, PAD_W * g.scale, PAD_H * g.scale);
  gsk_rounded_rect_init_from_rect (&outline, &paper, CORNER * g.scale);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_color (snapshot, &c.paper, &paper);
  gtk_snapshot_append_texture (snapshot, self->cache,
                               &GRAPHENE_RECT_INIT (g.x, g.y,
                                                    (double) gdk_texture_get_width (self->cache) / self->cache_factor,
                                                    (double) gdk_texture_get_height (self->cache) / self->cache_factor));

  if (self->empty)
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, _("Sign here"));
      PangoFontDescription *font = pango_font_description_copy (
        pango_context_get_font_description (pango_layout_get_context (layout)));
      int width, height;

      pango_font_description_set_absolute_size (font, 17 * g.scale * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
      pango_layout_get_pixel_size (layout, &width, &height);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (round (g.x + (PAD_W * g.scale - width) / 2),
                                                    round (g.y + (LINE_Y - 30) * g.scale - height / 2.0)));
      gtk_snapshot_append_layout (snapshot, layout, &c.faint);
      gtk_snapshot_restore (snapshot);
      pango_font_description_free (font);
      g_object_unref (layout);
    }

  if (self->pen != NULL && n > self->live)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &paper);
      guint n_points;
      const SalurSignaturePoint *p = salur_signature_get_stroke (self->sig, self->live, &n_points);

      cairo_translate (cr, g.x, g.y);
      cairo_scale (cr, g.scale, g.scale);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      gdk_cairo_set_source_rgba (cr, &c.ink);
      draw_stroke (cr, p, n_points, 1.0 / g.scale);
      cairo_destroy (cr);
    }
  gtk_snapshot_pop (snapshot);

  gtk_snapshot_append_border (snapshot, &outline,
                              (float[4]) { 1, 1, 1, 1 },
                              (GdkRGBA[4]) { c.edge, c.edge, c.edge, c.edge });

  /* the ring Adwaita draws round a focused control, inside the edge */
  if (gtk_widget_has_visible_focus (widget))
    {
      GskRoundedRect ring;

      gsk_rounded_rect_init_from_rect (&ring, &paper, CORNER * g.scale);
      gsk_rounded_rect_shrink (&ring, 1, 1, 1, 1);
      gtk_snapshot_append_border (snapshot, &ring,
                                  (float[4]) { 2, 2, 2, 2 },
                                  (GdkRGBA[4]) { c.focus, c.focus, c.focus, c.focus });
    }
}

static void
salur_signature_pad_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (salur_signature_pad_parent_class)->css_changed (widget, change);
  /* the colours come from the style: dark or high contrast switched */
  gtk_widget_queue_draw (widget);
}

static void
salur_signature_pad_state_flags_changed (GtkWidget     *widget,
                                         GtkStateFlags  previous)
{
  GtkStateFlags now = gtk_widget_get_state_flags (widget);

  GTK_WIDGET_CLASS (salur_signature_pad_parent_class)->state_flags_changed (widget, previous);
  /* the focus ring is drawn here, not by the theme */
  if ((now ^ previous) & (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE))
    gtk_widget_queue_draw (widget);
}

static void
salur_signature_pad_unmap (GtkWidget *widget)
{
  SalurSignaturePad *self = SALUR_SIGNATURE_PAD (widget);

  if (self->pen != NULL)
    pen_up (self, self->pen);
  GTK_WIDGET_CLASS (salur_signature_pad_parent_class)->unmap (widget);
}

/* GObject overrides */

static void
salur_signature_pad_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SalurSignaturePad *self = SALUR_SIGNATURE_PAD (object);

  switch (prop_id)
    {
    case PROP_EMPTY:
      g_value_set_boolean (value, self->empty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salur_signature_pad_dispose (GObject *object)
{
  SalurSignaturePad *self = SALUR_SIGNATURE_PAD (object);

  g_clear_object (&self->cache);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (salur_signature_pad_parent_class)->dispose (object);
}

static void
salur_signature_pad_finalize (GObject *object)
{
  SalurSignaturePad *self = SALUR_SIGNATURE_PAD (object);

  g_clear_pointer (&self->sig, salur_signature_free);

  G_OBJECT_CLASS (salur_signature_pad_parent_class)->finalize (object);
}

static void
salur_signature_pad_class_init (SalurSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = salur_signature_pad_get_property;
  object_class->dispose = salur_signature_pad_dispose;
  object_class->finalize = salur_signature_pad_finalize;

  widget_class->get_request_mode = salur_signature_pad_get_request_mode;
  widget_class->measure = salur_signature_pad_measure;
  widget_class->snapshot = salur_signature_pad_snapshot;
  widget_class->css_changed = salur_signature_pad_css_changed;
  widget_class->state_flags_changed = salur_signature_pad_state_flags_changed;
  widget_class->unmap = salur_signature_pad_unmap;

  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "pad.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "pad.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "pad.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "pad.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "pad.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "pad.clear", NULL);

  gtk_widget_class_set_css_name (widget_class, "signaturepad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
salur_signature_pad_init (SalurSignaturePad *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *stylus = gtk_gesture_stylus_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  const GActionEntry entries[] = {
    { .name = "clear", .activate = group_clear_cb },
    { .name = "undo", .activate = group_undo_cb },
  };

  self->sig = salur_signature_new (PAD_W, PAD_H);
  self->empty = TRUE;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_cursor_from_name (widget, "crosshair");

  g_signal_connect (stylus, "down", G_CALLBACK (stylus_down_cb), self);
  g_signal_connect (stylus, "motion", G_CALLBACK (stylus_motion_cb), self);
  g_signal_connect (stylus, "up", G_CALLBACK (stylus_up_cb), self);
  g_signal_connect (stylus, "cancel", G_CALLBACK (gesture_cancel_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (stylus));

  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_action_set_enabled (widget, "pad.clear", FALSE);
  gtk_widget_action_set_enabled (widget, "pad.undo", FALSE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "clear")), FALSE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "undo")), FALSE);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Signature pad"),
                                  GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, "Control+Z Delete BackSpace",
                                  -1);
  update_accessible (self);
}

/* Public API */

GtkWidget *
salur_signature_pad_new (void)
{
  return g_object_new (SALUR_TYPE_SIGNATURE_PAD, NULL);
}

gboolean
salur_signature_pad_is_empty (SalurSignaturePad *self)
{
  g_return_val_if_fail (SALUR_IS_SIGNATURE_PAD (self), TRUE);

  return self->empty;
}

void
salur_signature_pad_clear (SalurSignaturePad *self)
{
  g_return_if_fail (SALUR_IS_SIGNATURE_PAD (self));

  /* a pen still down drew into what is cleared: the rest of its stroke is
   * ignored until it lifts */
  self->pen = NULL;
  if (salur_signature_is_empty (self->sig))
    return;
  salur_signature_clear (self->sig);
  self->generation++;
  set_empty (self, TRUE);
  emit_changed (self);
}

gboolean
salur_signature_pad_undo (SalurSignaturePad *self)
{
  g_return_val_if_fail (SALUR_IS_SIGNATURE_PAD (self), FALSE);

  /* the stroke under a pen still down is the one undone */
  self->pen = NULL;
  if (!salur_signature_undo_stroke (self->sig))
    return FALSE;
  self->generation++;
  if (salur_signature_is_empty (self->sig))
    set_empty (self, TRUE);
  emit_changed (self);
  return TRUE;
}

SalurSignature *
salur_signature_pad_get_signature (SalurSignaturePad *self)
{
  g_return_val_if_fail (SALUR_IS_SIGNATURE_PAD (self), NULL);

  return self->sig;
}

GBytes *
salur_signature_pad_encode (SalurSignaturePad *self)
{
  g_return_val_if_fail (SALUR_IS_SIGNATURE_PAD (self), NULL);

  if (salur_signature_is_empty (self->sig))
    return NULL;
  return salur_signature_encode (self->sig);
}

GActionGroup *
salur_signature_pad_get_actions (SalurSignaturePad *self)
{
  g_return_val_if_fail (SALUR_IS_SIGNATURE_PAD (self), NULL);

  return G_ACTION_GROUP (self->actions);
}
