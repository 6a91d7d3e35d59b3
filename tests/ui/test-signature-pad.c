/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The signature pad in a real window on the X display, signed on with real
 * pointer events (xdotool moves the X server's pointer and presses its
 * button) and real keys. TAP on stdout belongs to GTest: anything else goes
 * to stderr. Set SALUR_SCREENSHOT_DIR to also save signature-pad.png. */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <math.h>
#include <string.h>

#include "salur-signature-draw.h"
#include "salur-signature-pad.h"

#define TIMEOUT_MS 20000
#define PAD_W SALUR_SIGNATURE_PAD_WIDTH
#define PAD_H SALUR_SIGNATURE_PAD_HEIGHT

/* How far a recorded point may lie from the path the pointer was sent
 * along, in pad units: the pointer moves in whole screen pixels (half a
 * pixel off at most on each axis) and points are stored to 1/8 unit. The
 * pad is never drawn smaller than 0.9 px a unit here. */
#define TOLERANCE 1.0

typedef gboolean (*Condition) (gpointer data);

typedef struct
{
  double x, y;
} Pt;

typedef struct
{
  GtkWidget         *window;
  GtkWidget         *entry;
  GtkWidget         *undo_button;
  GtkWidget         *clear_button;
  SalurSignaturePad *pad;
  char              *xid;        /* the window's X id, for xdotool --window */
  guint              changed;    /* "changed" emissions */
  guint              empty_notified;
  gboolean           pointer_seen;
  double             pointer_x, pointer_y;   /* last motion over the pad, widget coordinates */
} Fixture;

/* Helpers */

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until COND holds or TIMEOUT_MS pass; the tick keeps
 * g_main_context_iteration from blocking past the deadline. */
static gboolean
wait_for (Condition cond,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + (gint64) TIMEOUT_MS * 1000;
  guint tick = g_timeout_add (10, tick_cb, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return ok;
}

static void
changed_cb (SalurSignaturePad *pad,
            Fixture           *f)
{
  f->changed++;
}

static void
empty_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 Fixture    *f)
{
  f->empty_notified++;
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           Fixture                  *f)
{
  f->pointer_seen = TRUE;
  f->pointer_x = x;
  f->pointer_y = y;
}

static gboolean
ready (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->pad)) &&
         gtk_widget_get_width (GTK_WIDGET (f->pad)) > 0 &&
         gdk_surface_get_mapped (gtk_native_get_surface (GTK_NATIVE (f->window)));
}

/* The pad's own mapping, derived again: fitted, aspect kept, centred */
static void
pad_geometry (Fixture *f,
              double  *scale,
              double  *ox,
              double  *oy)
{
  double w = gtk_widget_get_width (GTK_WIDGET (f->pad));
  double h = gtk_widget_get_height (GTK_WIDGET (f->pad));

  *scale = MIN (w / PAD_W, h / PAD_H);
  *ox = floor ((w - PAD_W * *scale) / 2);
  *oy = floor ((h - PAD_H * *scale) / 2);
}

/* Pad units to pixels of the X window xdotool addresses: the widget's
 * coordinates, then the window's, then its surface's */
static void
pad_to_x (Fixture *f,
          Pt       p,
          int     *x,
          int     *y)
{
  double scale, ox, oy, sx, sy;
  graphene_point_t in_window;

  pad_geometry (f, &scale, &ox, &oy);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (f->pad), f->window,
                                           &GRAPHENE_POINT_INIT (ox + p.x * scale, oy + p.y * scale),
                                           &in_window));
  gtk_native_get_surface_transform (GTK_NATIVE (f->window), &sx, &sy);
  *x = (int) lround (in_window.x + sx);
  *y = (int) lround (in_window.y + sy);
}

static void
run_xdotool (GPtrArray *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    g_error ("cannot run xdotool: %s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("xdotool failed: %s\n%s", error->message, err);
}

static GPtrArray *
xdotool_args (void)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (args, g_strdup ("xdotool"));
  return args;
}

static void
add_move (GPtrArray *args,
          Fixture   *f,
          Pt         p)
{
  int x, y;

  pad_to_x (f, p, &x, &y);
  g_ptr_array_add (args, g_strdup ("mousemove"));
  g_ptr_array_add (args, g_strdup ("--window"));
  g_ptr_array_add (args, g_strdup (f->xid));
  g_ptr_array_add (args, g_strdup_printf ("%d", x));
  g_ptr_array_add (args, g_strdup_printf ("%d", y));
}

typedef struct
{
  Fixture *f;
  double   x, y;
} PointerWait;

static gboolean
pointer_at (gpointer data)
{
  PointerWait *w = data;

  return w->f->pointer_seen && fabs (w->f->pointer_x - w->x) < 1.01 && fabs (w->f->pointer_y - w->y) < 1.01;
}

/* Moves the pointer over the pad at P and waits until the pad saw it there:
 * the window is on screen and takes events where the test thinks it is */
static void
hover (Fixture *f,
       Pt       p)
{
  g_autoptr(GPtrArray) args = xdotool_args ();
  double scale, ox, oy;
  PointerWait w = { f, 0, 0 };

  pad_geometry (f, &scale, &ox, &oy);
  w.x = ox + p.x * scale;
  w.y = oy + p.y * scale;
  add_move (args, f, p);
  run_xdotool (args);
  if (!wait_for (pointer_at, &w))
    g_error ("the pad never saw the pointer at %.1f,%.1f (last %.1f,%.1f)", w.x, w.y, f->pointer_x, f->pointer_y);
}

typedef struct
{
  Fixture *f;
  guint    changed;
} ChangedWait;

static gboolean
changed_reached (gpointer data)
{
  ChangedWait *w = data;

  return w->f->changed >= w->changed;
}

static void
wait_changed (Fixture *f,
              guint    expected)
{
  ChangedWait w = { f, expected };

  if (!wait_for (changed_reached, &w))
    g_error ("expected %u changes of the pad, saw %u", expected, f->changed);
}

/* Draws STROKES (arrays of Pt in pad units) with the mouse: each one a
 * press, moves, and a release; returns once the pad has recorded them */
static void
draw (Fixture  *f,
      GArray  **strokes,
      guint     n_strokes)
{
  g_autoptr(GPtrArray) args = xdotool_args ();
  guint before = f->changed;

  hover (f, g_array_index (strokes[0], Pt, 0));
  for (guint s = 0; s < n_strokes; s++)
    {
      add_move (args, f, g_array_index (strokes[s], Pt, 0));
      g_ptr_array_add (args, g_strdup ("mousedown"));
      g_ptr_array_add (args, g_strdup ("1"));
      for (guint i = 1; i < strokes[s]->len; i++)
        add_move (args, f, g_array_index (strokes[s], Pt, i));
      g_ptr_array_add (args, g_strdup ("mouseup"));
      g_ptr_array_add (args, g_strdup ("1"));
    }
  run_xdotool (args);
  wait_changed (f, before + n_strokes);
}

/* Draws STROKE that the pad is expected not to record: nothing to wait
 * for, so the pointer then moves away to a place the pad must see it at,
 * which it sees only after the stroke's events */
static void
draw_unrecorded (Fixture *f,
                 GArray  *stroke)
{
  g_autoptr(GPtrArray) args = xdotool_args ();

  add_move (args, f, g_array_index (stroke, Pt, 0));
  g_ptr_array_add (args, g_strdup ("mousedown"));
  g_ptr_array_add (args, g_strdup ("1"));
  for (guint i = 1; i < stroke->len; i++)
    add_move (args, f, g_array_index (stroke, Pt, i));
  g_ptr_array_add (args, g_strdup ("mouseup"));
  g_ptr_array_add (args, g_strdup ("1"));
  run_xdotool (args);
  hover (f, (Pt) { PAD_W - 3, PAD_H - 3 });
}

static void
key (Fixture    *f,
     const char *keys)
{
  g_autoptr(GPtrArray) args = xdotool_args ();

  g_ptr_array_add (args, g_strdup ("key"));
  g_ptr_array_add (args, g_strdup ("--window"));
  g_ptr_array_add (args, g_strdup (f->xid));
  g_ptr_array_add (args, g_strdup (keys));
  run_xdotool (args);
}

static void
type (Fixture    *f,
      const char *text)
{
  g_autoptr(GPtrArray) args = xdotool_args ();

  g_ptr_array_add (args, g_strdup ("type"));
  g_ptr_array_add (args, g_strdup ("--window"));
  g_ptr_array_add (args, g_strdup (f->xid));
  g_ptr_array_add (args, g_strdup (text));
  run_xdotool (args);
}

static double
segment_distance (Pt p,
                  Pt a,
                  Pt b)
{
  double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

static double
path_distance (Pt            p,
               const Pt     *path,
               guint         n)
{
  double best = hypot (p.x - path[0].x, p.y - path[0].y);

  for (guint i = 1; i < n; i++)
    best = MIN (best, segment_distance (p, path[i - 1], path[i]));
  return best;
}

static GArray *
stroke_points (SalurSignature *sig,
               guint           s)
{
  guint n;
  const SalurSignaturePoint *p = salur_signature_get_stroke (sig, s, &n);
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (Pt), n);

  for (guint i = 0; i < n; i++)
    {
      Pt q = { p[i].x, p[i].y };
      g_array_append_val (out, q);
    }
  return out;
}

/* The recorded strokes follow the sent ones: as many, each point inside the
 * pad and on the path, the ends where the pen went down and up, every place
 * the pointer passed recorded, times from 0 that never go back, and no
 * pressure from a mouse */
static void
assert_follows (SalurSignature *sig,
                GArray        **sent,
                guint           n_strokes)
{
  guint32 last_t = 0;

  g_assert_cmpuint (salur_signature_get_width (sig), ==, PAD_W);
  g_assert_cmpuint (salur_signature_get_height (sig), ==, PAD_H);
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, n_strokes);
  for (guint s = 0; s < n_strokes; s++)
    {
      guint n;
      const SalurSignaturePoint *p = salur_signature_get_stroke (sig, s, &n);
      const Pt *path = (const Pt *) sent[s]->data;
      guint n_path = sent[s]->len;
      g_autoptr(GArray) got = stroke_points (sig, s);

      g_assert_cmpuint (n, >=, 2);
      for (guint i = 0; i < n; i++)
        {
          Pt q = { p[i].x, p[i].y };

          g_assert_cmpfloat (p[i].x, >=, 0);
          g_assert_cmpfloat (p[i].x, <=, PAD_W);
          g_assert_cmpfloat (p[i].y, >=, 0);
          g_assert_cmpfloat (p[i].y, <=, PAD_H);
          if (path_distance (q, path, n_path) > TOLERANCE)
            g_error ("stroke %u point %u (%.2f,%.2f) is %.2f units off the path drawn",
                     s, i, q.x, q.y, path_distance (q, path, n_path));
          g_assert_cmpfloat (p[i].pressure, ==, -1);
          if (s == 0 && i == 0)
            g_assert_cmpuint (p[i].t_ms, ==, 0);
          g_assert_cmpuint (p[i].t_ms, >=, last_t);
          last_t = p[i].t_ms;
        }
      g_assert_cmpfloat (hypot (p[0].x - path[0].x, p[0].y - path[0].y), <=, TOLERANCE);
      g_assert_cmpfloat (hypot (p[n - 1].x - path[n_path - 1].x, p[n - 1].y - path[n_path - 1].y), <=, TOLERANCE);
      for (guint i = 0; i < n_path; i++)
        if (path_distance (path[i], (const Pt *) got->data, got->len) > TOLERANCE)
          g_error ("stroke %u: the pointer passed %.2f,%.2f and no point was recorded there", s, path[i].x, path[i].y);
    }
}

/* The strokes of the sample signature ("Siti", 600 × 200 units) fitted into
 * the pad */
static GArray **
sample_strokes (guint *n_strokes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("SALUR_FIXTURES"), "signature-sample.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(SalurSignature) sample = NULL;
  double k;
  GArray **strokes;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  sample = salur_signature_parse_text (text, &error);
  g_assert_no_error (error);
  k = MIN ((double) PAD_W / salur_signature_get_width (sample), (double) PAD_H / salur_signature_get_height (sample));
  *n_strokes = salur_signature_n_strokes (sample);
  strokes = g_new0 (GArray *, *n_strokes + 1);
  for (guint s = 0; s < *n_strokes; s++)
    {
      guint n;
      const SalurSignaturePoint *p = salur_signature_get_stroke (sample, s, &n);

      strokes[s] = g_array_new (FALSE, FALSE, sizeof (Pt));
      for (guint i = 0; i < n; i++)
        {
          Pt q = { p[i].x * k, p[i].y * k + (PAD_H - salur_signature_get_height (sample) * k) / 2 };
          g_array_append_val (strokes[s], q);
        }
    }
  return strokes;
}

static void
free_strokes (GArray **strokes)
{
  for (guint s = 0; strokes[s] != NULL; s++)
    g_array_unref (strokes[s]);
  g_free (strokes);
}

/* A stroke of N points along a wave from (x0, y) to (x1, y) */
static GArray *
wave (double x0,
      double x1,
      double y,
      double amplitude,
      guint  n)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Pt));

  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / (n - 1);
      Pt q = { x0 + (x1 - x0) * t, y + amplitude * sin (t * 3 * G_PI) };

      g_array_append_val (out, q);
    }
  return out;
}

/* The pad as the window draws it, on the window's background, cropped to
 * the pad and MARGIN pixels round it. The widget draws into the snapshot
 * of its parent as it does for the screen. */
static GdkTexture *
render_pad_texture (Fixture *f,
                    double   margin)
{
  GtkWidget *pad = GTK_WIDGET (f->pad);
  GtkWidget *parent = gtk_widget_get_parent (pad);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t bounds;
  GdkRGBA background = { 1, 1, 1, 1 };

  g_assert_true (gtk_widget_compute_bounds (pad, parent, &bounds));
  graphene_rect_inset (&bounds, -margin, -margin);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (f->window), "window_bg_color", &background);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_append_color (snapshot, &background, &bounds);
  gtk_widget_snapshot_child (parent, pad, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node, &bounds);
}

/* The pad's pixels, in its own coordinates (cairo's premultiplied BGRA) */
static GBytes *
render_pad (Fixture *f,
            int     *width,
            int     *height,
            gsize   *stride)
{
  g_autoptr(GdkTexture) texture = render_pad_texture (f, 0);
  guchar *data;

  *width = gdk_texture_get_width (texture);
  *height = gdk_texture_get_height (texture);
  g_assert_cmpint (*width, ==, gtk_widget_get_width (GTK_WIDGET (f->pad)));
  g_assert_cmpint (*height, ==, gtk_widget_get_height (GTK_WIDGET (f->pad)));
  *stride = (gsize) *width * 4;
  data = g_malloc (*stride * *height);
  gdk_texture_download (texture, data, *stride);
  return g_bytes_new_take (data, *stride * *height);
}

static double
luminance_at (const guchar *data,
              gsize         stride,
              int           x,
              int           y)
{
  const guchar *px = data + (gsize) y * stride + (gsize) x * 4;

  return (0.11 * px[0] + 0.59 * px[1] + 0.3 * px[2]) / 255.0;
}

static void
save_screenshot (Fixture    *f,
                 const char *name)
{
  const char *dir = g_getenv ("SALUR_SCREENSHOT_DIR");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || *dir == '\0')
    return;
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  texture = render_pad_texture (f, 16);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GdkSurface *surface;

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs an X display (GDK_BACKEND=x11 under xvfb-run)");
      return;
    }

  f->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (f->window), "Signature pad test");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 560, 340);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);

  f->entry = gtk_entry_new ();
  f->pad = SALUR_SIGNATURE_PAD (salur_signature_pad_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (f->pad), TRUE);
  g_signal_connect (f->pad, "changed", G_CALLBACK (changed_cb), f);
  g_signal_connect (f->pad, "notify::empty", G_CALLBACK (empty_notify_cb), f);
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), f);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), f);
  gtk_widget_add_controller (GTK_WIDGET (f->pad), motion);

  /* buttons beside the pad, through the group the pad offers them */
  f->undo_button = gtk_button_new_with_label ("Undo");
  f->clear_button = gtk_button_new_with_label ("Clear");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (f->undo_button), "pad.undo");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (f->clear_button), "pad.clear");
  gtk_widget_insert_action_group (box, "pad", salur_signature_pad_get_actions (f->pad));

  gtk_box_append (GTK_BOX (box), f->entry);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->pad));
  gtk_box_append (GTK_BOX (buttons), f->undo_button);
  gtk_box_append (GTK_BOX (buttons), f->clear_button);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  gtk_window_present (GTK_WINDOW (f->window));

  if (!wait_for (ready, f))
    g_error ("the window was not mapped within %d ms", TIMEOUT_MS);
  surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  f->xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
}

static gboolean
window_gone (gpointer data)
{
  return ((Fixture *) data)->window == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window == NULL)
    return;
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (wait_for (window_gone, f));
  g_free (f->xid);
}

typedef struct
{
  Fixture *f;
  int      width, height;
} SizeWait;

static gboolean
window_has_size (gpointer data)
{
  SizeWait *w = data;

  return gtk_widget_get_width (w->f->window) == w->width &&
         gtk_widget_get_height (w->f->window) == w->height;
}

/* Resizes the window the way a window manager does, through the X server */
static void
resize (Fixture *f,
        int      width,
        int      height)
{
  g_autoptr(GPtrArray) args = xdotool_args ();
  SizeWait w = { f, width, height };

  g_ptr_array_add (args, g_strdup ("windowsize"));
  g_ptr_array_add (args, g_strdup (f->xid));
  g_ptr_array_add (args, g_strdup_printf ("%d", width));
  g_ptr_array_add (args, g_strdup_printf ("%d", height));
  run_xdotool (args);
  if (!wait_for (window_has_size, &w))
    g_error ("the window is %d×%d, not %d×%d", gtk_widget_get_width (f->window),
             gtk_widget_get_height (f->window), width, height);
}

static gboolean
actions_enabled (Fixture *f)
{
  GActionGroup *group = salur_signature_pad_get_actions (f->pad);
  gboolean clear = g_action_group_get_action_enabled (group, "clear");

  g_assert_cmpint (g_action_group_get_action_enabled (group, "undo"), ==, clear);
  g_assert_cmpint (gtk_widget_get_sensitive (f->undo_button), ==, clear);
  g_assert_cmpint (gtk_widget_get_sensitive (f->clear_button), ==, clear);
  return clear;
}

static void
assert_description (Fixture    *f,
                    const char *expected)
{
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (f->pad), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
}

/* Tests */

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  if (f->window == NULL)
    return;
  g_assert_true (salur_signature_pad_is_empty (f->pad));
  g_assert_null (salur_signature_pad_encode (f->pad));
  g_assert_true (salur_signature_is_empty (salur_signature_pad_get_signature (f->pad)));
  g_assert_false (actions_enabled (f));
  g_assert_false (salur_signature_pad_undo (f->pad));
  /* nothing to clear: no change to tell */
  salur_signature_pad_clear (f->pad);
  g_assert_cmpuint (f->changed, ==, 0);
  g_assert_cmpuint (f->empty_notified, ==, 0);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (f->pad), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (f->pad), GTK_ACCESSIBLE_PROPERTY_LABEL, "Signature pad");
  assert_description (f, "Empty. Sign with the mouse, a finger or a pen.");
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (f->pad)));

  /* natural size 480 × 180, and the aspect kept for a given width */
  {
    int min, nat;

    gtk_widget_measure (GTK_WIDGET (f->pad), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
    g_assert_cmpint (nat, ==, PAD_W);
    gtk_widget_measure (GTK_WIDGET (f->pad), GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
    g_assert_cmpint (nat, ==, PAD_H);
    gtk_widget_measure (GTK_WIDGET (f->pad), GTK_ORIENTATION_VERTICAL, 960, &min, &nat, NULL, NULL);
    g_assert_cmpint (nat, ==, 2 * PAD_H);
  }
}

static void
test_draw_sample (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SalurSignature) decoded = NULL;
  g_autoptr(GBytes) pixels = NULL;
  SalurSignature *sig;
  GArray **strokes;
  guint n_strokes;
  int width, height;
  gsize stride;
  double scale, ox, oy;
  guint inked = 0, total = 0;

  if (f->window == NULL)
    return;
  strokes = sample_strokes (&n_strokes);
  g_assert_cmpuint (n_strokes, ==, 3);
  draw (f, strokes, n_strokes);

  sig = salur_signature_pad_get_signature (f->pad);
  assert_follows (sig, strokes, n_strokes);
  g_assert_cmpuint (f->changed, ==, n_strokes);
  g_assert_cmpuint (f->empty_notified, ==, 1);
  g_assert_false (salur_signature_pad_is_empty (f->pad));
  g_assert_true (actions_enabled (f));
  assert_description (f, "Signed with 3 strokes.");
  /* the pen went down on the pad: it has the keyboard now */
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f->pad)));

  /* what the ledger stores reads back as the same points */
  bytes = salur_signature_pad_encode (f->pad);
  g_assert_nonnull (bytes);
  decoded = salur_signature_decode (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (salur_signature_n_strokes (decoded), ==, n_strokes);
  for (guint s = 0; s < n_strokes; s++)
    {
      guint na, nb;
      const SalurSignaturePoint *a = salur_signature_get_stroke (sig, s, &na);
      const SalurSignaturePoint *b = salur_signature_get_stroke (decoded, s, &nb);

      g_assert_cmpuint (na, ==, nb);
      for (guint i = 0; i < na; i++)
        {
          g_assert_cmpfloat (a[i].x, ==, b[i].x);
          g_assert_cmpfloat (a[i].y, ==, b[i].y);
          g_assert_cmpuint (a[i].t_ms, ==, b[i].t_ms);
          g_assert_cmpfloat (a[i].pressure, ==, b[i].pressure);
        }
    }
  g_test_message ("%u strokes, %zu bytes encoded", n_strokes, g_bytes_get_size (bytes));

  /* and the screen shows ink where the points are */
  pixels = render_pad (f, &width, &height, &stride);
  pad_geometry (f, &scale, &ox, &oy);
  for (guint s = 0; s < n_strokes; s++)
    {
      guint n;
      const SalurSignaturePoint *p = salur_signature_get_stroke (sig, s, &n);

      for (guint i = 0; i < n; i++)
        {
          /* the pixel the point is in */
          int x = (int) floor (ox + p[i].x * scale), y = (int) floor (oy + p[i].y * scale);

          if (x < 0 || y < 0 || x >= width || y >= height)
            continue;
          total++;
          inked += luminance_at (g_bytes_get_data (pixels, NULL), stride, x, y) < 0.5;
        }
    }
  g_test_message ("%u of %u points drawn in ink", inked, total);
  g_assert_cmpuint (total, >, 100);
  g_assert_cmpuint (inked, ==, total);
  /* ... and paper where nothing was drawn (above the signature) */
  g_assert_cmpfloat (luminance_at (g_bytes_get_data (pixels, NULL), stride,
                                   (int) (ox + 240 * scale), (int) (oy + 6 * scale)), >, 0.9);

  free_strokes (strokes);
}

static void
test_undo_clear (Fixture       *f,
                 gconstpointer  data)
{
  GArray *strokes[3];
  g_autoptr(GArray) first = NULL;
  SalurSignature *sig;

  if (f->window == NULL)
    return;
  strokes[0] = wave (40, 200, 60, 20, 25);
  strokes[1] = wave (220, 440, 90, 30, 30);
  strokes[2] = wave (60, 420, 140, 10, 40);
  draw (f, strokes, 3);
  sig = salur_signature_pad_get_signature (f->pad);
  assert_follows (sig, strokes, 3);
  first = stroke_points (sig, 0);

  /* undo through the widget's own action: the last stroke goes */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pad), "pad.undo", NULL));
  g_assert_cmpuint (f->changed, ==, 4);
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 2);
  assert_follows (sig, strokes, 2);
  assert_description (f, "Signed with 2 strokes.");
  g_assert_true (actions_enabled (f));

  /* undo with the button beside the pad, clicked with the mouse */
  {
    g_autoptr(GPtrArray) args = xdotool_args ();
    graphene_point_t at;
    double sx, sy;

    g_assert_true (gtk_widget_compute_point (f->undo_button, f->window,
                                             &GRAPHENE_POINT_INIT (gtk_widget_get_width (f->undo_button) / 2.0,
                                                                   gtk_widget_get_height (f->undo_button) / 2.0),
                                             &at));
    gtk_native_get_surface_transform (GTK_NATIVE (f->window), &sx, &sy);
    g_ptr_array_add (args, g_strdup ("mousemove"));
    g_ptr_array_add (args, g_strdup ("--window"));
    g_ptr_array_add (args, g_strdup (f->xid));
    g_ptr_array_add (args, g_strdup_printf ("%d", (int) (at.x + sx)));
    g_ptr_array_add (args, g_strdup_printf ("%d", (int) (at.y + sy)));
    g_ptr_array_add (args, g_strdup ("click"));
    g_ptr_array_add (args, g_strdup ("1"));
    run_xdotool (args);
    wait_changed (f, 5);
  }
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 1);
  {
    g_autoptr(GArray) still = stroke_points (sig, 0);

    g_assert_cmpuint (still->len, ==, first->len);
    g_assert_cmpmem (still->data, still->len * sizeof (Pt), first->data, first->len * sizeof (Pt));
  }

  /* clear: empty, nothing to encode, the actions off again */
  salur_signature_pad_clear (f->pad);
  g_assert_cmpuint (f->changed, ==, 6);
  g_assert_true (salur_signature_pad_is_empty (f->pad));
  g_assert_cmpuint (f->empty_notified, ==, 2);
  g_assert_null (salur_signature_pad_encode (f->pad));
  g_assert_false (actions_enabled (f));
  assert_description (f, "Empty. Sign with the mouse, a finger or a pen.");
  /* a disabled action does nothing */
  gtk_widget_activate_action (GTK_WIDGET (f->pad), "pad.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->pad), "pad.clear", NULL);
  g_assert_cmpuint (f->changed, ==, 6);

  /* undo down to nothing is empty as well; times start again from 0 */
  draw (f, strokes, 1);
  g_assert_true (actions_enabled (f));
  assert_follows (sig, strokes, 1);
  g_assert_true (salur_signature_pad_undo (f->pad));
  g_assert_true (salur_signature_pad_is_empty (f->pad));
  g_assert_false (actions_enabled (f));
  draw (f, strokes + 1, 1);
  assert_follows (sig, strokes + 1, 1);

  for (guint s = 0; s < 3; s++)
    g_array_unref (strokes[s]);
}

static GdkRectangle
monitor_size (Fixture *f)
{
  GdkRectangle geometry = { 0 };
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (f->window));
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);

  g_assert_nonnull (monitor);
  gdk_monitor_get_geometry (monitor, &geometry);
  return geometry;
}

/* One signature drawn on the pad at three sizes (small, large, wide and
 * short) gives strokes in the same pad units each time */
static void
test_scaling (Fixture       *f,
              gconstpointer  data)
{
  GdkRectangle screen;
  GArray **strokes;
  guint n_strokes;
  g_autoptr(SalurSignature) small = NULL;
  struct { int width, height; } sizes[] = { { 540, 300 }, { 0, 0 }, { 0, 0 } };
  double scales[G_N_ELEMENTS (sizes)];

  if (f->window == NULL)
    return;
  screen = monitor_size (f);
  g_test_message ("screen %d×%d", screen.width, screen.height);
  /* as large as the screen allows; then wide and short, the pad centred */
  sizes[1].width = MIN (screen.width, 1366) - 20;
  sizes[1].height = MIN (screen.height, 768) - 20;
  sizes[2].width = sizes[1].width;
  sizes[2].height = 330;
  if (sizes[1].width < 900 || sizes[1].height < 500)
    g_error ("the screen (%d×%d) is too small to tell sizes apart: run under xvfb-run -s '-screen 0 1366x768x24'",
             screen.width, screen.height);

  strokes = sample_strokes (&n_strokes);
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      SalurSignature *sig = salur_signature_pad_get_signature (f->pad);
      double ox, oy;

      resize (f, sizes[k].width, sizes[k].height);
      pad_geometry (f, &scales[k], &ox, &oy);
      g_test_message ("window %d×%d: pad %d×%d, %.3f px a unit, at %.0f,%.0f", sizes[k].width, sizes[k].height,
                      gtk_widget_get_width (GTK_WIDGET (f->pad)), gtk_widget_get_height (GTK_WIDGET (f->pad)),
                      scales[k], ox, oy);
      salur_signature_pad_clear (f->pad);
      draw (f, strokes, n_strokes);
      assert_follows (sig, strokes, n_strokes);
      if (k == 0)
        {
          g_autoptr(GBytes) bytes = salur_signature_encode (sig);
          small = salur_signature_decode (bytes, NULL);
          continue;
        }
      /* the same strokes as on the small pad, point for point near them */
      g_assert_cmpuint (salur_signature_n_strokes (sig), ==, salur_signature_n_strokes (small));
      for (guint s = 0; s < n_strokes; s++)
        {
          g_autoptr(GArray) before = stroke_points (small, s);
          guint n;
          const SalurSignaturePoint *p = salur_signature_get_stroke (sig, s, &n);

          for (guint i = 0; i < n; i++)
            g_assert_cmpfloat (path_distance ((Pt) { p[i].x, p[i].y }, (const Pt *) before->data, before->len),
                               <=, 2 * TOLERANCE);
        }
    }
  g_assert_cmpfloat (scales[1] / scales[0], >=, 1.5);
  /* the wide pad is centred: its sides are paper-less margins */
  g_assert_cmpfloat (gtk_widget_get_width (GTK_WIDGET (f->pad)), >, PAD_W * scales[2] + 100);

  /* a stroke that runs off the paper into the margin stays on the pad's
   * edge, never outside it */
  {
    GArray *off = wave (200, -60, 90, 0, 20);
    SalurSignature *sig = salur_signature_pad_get_signature (f->pad);
    guint n;
    const SalurSignaturePoint *p;

    salur_signature_pad_clear (f->pad);
    draw (f, &off, 1);
    p = salur_signature_get_stroke (sig, 0, &n);
    for (guint i = 0; i < n; i++)
      g_assert_cmpfloat (p[i].x, >=, 0);
    g_assert_cmpfloat (p[n - 1].x, ==, 0);
    g_array_unref (off);
  }
  free_strokes (strokes);
}

typedef struct
{
  Fixture    *f;
  const char *text;
} TextWait;

static gboolean
entry_has (gpointer data)
{
  TextWait *w = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (w->f->entry)), w->text) == 0;
}

static gboolean
entry_has_focus (gpointer data)
{
  Fixture *f = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && (focus == f->entry || gtk_widget_is_ancestor (focus, f->entry));
}

static gboolean
pad_has_focus (gpointer data)
{
  return gtk_widget_has_focus (GTK_WIDGET (((Fixture *) data)->pad));
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (((Fixture *) data)->window));
}

static void
test_keys (Fixture       *f,
           gconstpointer  data)
{
  GArray *strokes[2];
  SalurSignature *sig;
  g_autoptr(GPtrArray) focus = xdotool_args ();

  if (f->window == NULL)
    return;
  strokes[0] = wave (40, 220, 70, 25, 20);
  strokes[1] = wave (240, 440, 110, 25, 20);

  /* with no window manager nobody gives the window the keyboard: take it */
  g_ptr_array_add (focus, g_strdup ("windowfocus"));
  g_ptr_array_add (focus, g_strdup ("--sync"));
  g_ptr_array_add (focus, g_strdup (f->xid));
  run_xdotool (focus);
  g_assert_true (wait_for (window_active, f));

  draw (f, strokes, 2);
  sig = salur_signature_pad_get_signature (f->pad);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f->pad)));

  /* Ctrl+Z takes the last stroke back */
  key (f, "ctrl+z");
  wait_changed (f, 3);
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 1);
  assert_follows (sig, strokes, 1);

  /* in the entry, BackSpace and Delete are the entry's: the pad keeps its
   * stroke. The X server delivers keys in order: once the last letter is
   * in the entry, the keys before it were handled. */
  gtk_widget_grab_focus (f->entry);
  {
    TextWait w = { f, "ac" };

    type (f, "ab");
    key (f, "BackSpace");
    key (f, "Delete");
    type (f, "c");
    g_assert_true (wait_for (entry_has, &w));
  }
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 1);
  g_assert_cmpuint (f->changed, ==, 3);

  /* Tab from the entry reaches the pad, and shows it has the focus */
  key (f, "Tab");
  g_assert_true (wait_for (pad_has_focus, f));
  g_assert_true (gtk_widget_has_visible_focus (GTK_WIDGET (f->pad)));
  {
    g_autoptr(GBytes) focused = NULL;
    g_autoptr(GBytes) unfocused = NULL;
    int width, height;
    gsize stride;
    double scale, ox, oy;
    guint ring = 0;

    /* the ring: the pixels just inside the paper's edge change colour */
    pad_geometry (f, &scale, &ox, &oy);
    focused = render_pad (f, &width, &height, &stride);
    gtk_window_set_focus_visible (GTK_WINDOW (f->window), FALSE);
    unfocused = render_pad (f, &width, &height, &stride);
    gtk_window_set_focus_visible (GTK_WINDOW (f->window), TRUE);
    for (int x = (int) ox + 20; x < (int) (ox + PAD_W * scale) - 20; x++)
      {
        int y = (int) oy + 2;
        ring += fabs (luminance_at (g_bytes_get_data (focused, NULL), stride, x, y) -
                      luminance_at (g_bytes_get_data (unfocused, NULL), stride, x, y)) > 0.1;
      }
    g_assert_cmpuint (ring, >=, (guint) (PAD_W * scale) - 60);
  }

  /* Delete clears; BackSpace too */
  key (f, "Delete");
  wait_changed (f, 4);
  g_assert_true (salur_signature_pad_is_empty (f->pad));
  draw (f, strokes, 1);
  g_assert_false (salur_signature_pad_is_empty (f->pad));
  key (f, "BackSpace");
  wait_changed (f, 6);
  g_assert_true (salur_signature_pad_is_empty (f->pad));

  /* and on an empty pad they do nothing: the keys after them are handled
   * and the pad has told no change */
  key (f, "ctrl+z");
  key (f, "Delete");
  key (f, "shift+Tab");
  g_assert_true (wait_for (entry_has_focus, f));
  g_assert_cmpuint (f->changed, ==, 6);
  g_assert_true (salur_signature_pad_is_empty (f->pad));

  g_array_unref (strokes[0]);
  g_array_unref (strokes[1]);
}

/* The stored format holds 64 strokes: a 65th is not recorded, not drawn
 * and not announced, and the 64 stay as they were */
static void
test_stroke_limit (Fixture       *f,
                   gconstpointer  data)
{
  GArray *strokes[65];
  SalurSignature *sig;
  g_autoptr(GBytes) bytes = NULL;

  if (f->window == NULL)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (strokes); s++)
    {
      double x = 30 + (s % 13) * 32, y = 20 + (s / 13) * 30;

      strokes[s] = wave (x, x + 20, y, 6, 4);
    }
  draw (f, strokes, 64);
  sig = salur_signature_pad_get_signature (f->pad);
  assert_follows (sig, strokes, 64);

  draw_unrecorded (f, strokes[64]);
  g_assert_cmpuint (f->changed, ==, 64);
  assert_follows (sig, strokes, 64);
  assert_description (f, "Signed with 64 strokes.");
  bytes = salur_signature_pad_encode (f->pad);
  g_assert_nonnull (bytes);

  /* undo makes room again */
  g_assert_true (salur_signature_pad_undo (f->pad));
  draw (f, strokes + 64, 1);
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 64);
  {
    guint n;
    const SalurSignaturePoint *p = salur_signature_get_stroke (sig, 63, &n);

    g_assert_cmpfloat (fabs (p[0].x - g_array_index (strokes[64], Pt, 0).x), <=, TOLERANCE);
  }

  for (guint s = 0; s < G_N_ELEMENTS (strokes); s++)
    g_array_unref (strokes[s]);
}

/* A smooth path through KEYS (Catmull-Rom), STEPS points a piece */
static void
spline (GArray   *out,
        const Pt *keys,
        guint     n,
        guint     steps)
{
  for (guint i = 0; i + 1 < n; i++)
    {
      Pt a = keys[i > 0 ? i - 1 : 0], b = keys[i], c = keys[i + 1], d = keys[i + 2 < n ? i + 2 : n - 1];

      for (guint k = (i == 0 ? 0 : 1); k <= steps; k++)
        {
          double t = (double) k / steps, t2 = t * t, t3 = t2 * t;
          Pt q = {
            0.5 * (2 * b.x + (c.x - a.x) * t + (2 * a.x - 5 * b.x + 4 * c.x - d.x) * t2 + (3 * b.x - a.x - 3 * c.x + d.x) * t3),
            0.5 * (2 * b.y + (c.y - a.y) * t + (2 * a.y - 5 * b.y + 4 * c.y - d.y) * t2 + (3 * b.y - a.y - 3 * c.y + d.y) * t3),
          };
          g_array_append_val (out, q);
        }
    }
}

/* A flowing hand for the documentation's picture: a capital, a run of
 * joined letters (a looping curve, some letters tall), an underline */
static GArray **
flourish_strokes (guint *n_strokes)
{
  static const Pt capital[] = {
    { 132, 52 }, { 112, 38 }, { 86, 42 }, { 76, 62 }, { 92, 82 }, { 118, 96 },
    { 128, 118 }, { 112, 136 }, { 84, 140 }, { 66, 126 }, { 74, 112 },
  };
  static const Pt underline[] = {
    { 70, 156 }, { 160, 160 }, { 270, 157 }, { 370, 149 }, { 418, 136 }, { 424, 128 },
  };
  static const double heights[] = { 26, 60, 24, 26, 54, 24, 28 };
  GArray **strokes = g_new0 (GArray *, 4);
  guint loops = G_N_ELEMENTS (heights);
  double length = loops * 2 * G_PI;

  strokes[0] = g_array_new (FALSE, FALSE, sizeof (Pt));
  spline (strokes[0], capital, G_N_ELEMENTS (capital), 8);

  /* a prolate cycloid loops where the pen turns back at the top of each
   * letter, slanted to the right as a hand writes: joined letters */
  strokes[1] = g_array_new (FALSE, FALSE, sizeof (Pt));
  for (double t = 0; t <= length; t += 0.12)
    {
      double h = heights[MIN ((guint) (t / (2 * G_PI)), loops - 1)];
      double y = 132 - h * (1 - cos (t)) / 2;
      Pt q = { 120 + 250 * t / length + 11 * sin (t) + (132 - y) * 0.3, y };

      g_array_append_val (strokes[1], q);
    }

  strokes[2] = g_array_new (FALSE, FALSE, sizeof (Pt));
  spline (strokes[2], underline, G_N_ELEMENTS (underline), 12);
  *n_strokes = 3;
  return strokes;
}

/* The pad as the desk shows it, signed, for the documentation */
static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  GArray **strokes;
  guint n_strokes;

  if (f->window == NULL)
    return;
  /* larger than natural, as on the desk's laptop */
  resize (f, 720, 400);
  strokes = flourish_strokes (&n_strokes);
  draw (f, strokes, n_strokes);
  assert_follows (salur_signature_pad_get_signature (f->pad), strokes, n_strokes);
  save_screenshot (f, "signature-pad.png");
  free_strokes (strokes);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/signature-pad/empty", Fixture, NULL, fixture_setup, test_empty, fixture_teardown);
  g_test_add ("/signature-pad/draw-sample", Fixture, NULL, fixture_setup, test_draw_sample, fixture_teardown);
  g_test_add ("/signature-pad/undo-clear", Fixture, NULL, fixture_setup, test_undo_clear, fixture_teardown);
  g_test_add ("/signature-pad/scaling", Fixture, NULL, fixture_setup, test_scaling, fixture_teardown);
  g_test_add ("/signature-pad/stroke-limit", Fixture, NULL, fixture_setup, test_stroke_limit, fixture_teardown);
  g_test_add ("/signature-pad/keys", Fixture, NULL, fixture_setup, test_keys, fixture_teardown);
  g_test_add ("/signature-pad/screenshot", Fixture, NULL, fixture_setup, test_screenshot, fixture_teardown);

  return g_test_run ();
}
