/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-signature"
#include "config.h"

#include <math.h>

#include "salur-signature-draw.h"

/* Pressure is drawn in a few steps of width: consecutive segments of one
 * step share a path, so a signature of 300 points is a handful of PDF
 * operators, not 300 strokes. */
#define WIDTH_STEPS 6

/* Points closer than this (in points, 0.05 mm) to the line through their
 * neighbours add nothing a printer can show, only bytes: a report of a
 * thousand signatures is much smaller and faster without them */
#define TOLERANCE 0.15

/* Ramer-Douglas-Peucker: marks in KEEP the points of PTS[FROM..TO] that the
 * drawn line needs at SCALE */
static void
simplify (const SalurSignaturePoint *pts, guint from, guint to, double scale, gboolean *keep)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  double tol2 = TOLERANCE * TOLERANCE / (scale * scale);

  keep[from] = keep[to] = TRUE;
  g_array_append_val (stack, from);
  g_array_append_val (stack, to);
  while (stack->len > 0)
    {
      guint b = g_array_index (stack, guint, stack->len - 1);
      guint a = g_array_index (stack, guint, stack->len - 2);
      double dx = pts[b].x - pts[a].x, dy = pts[b].y - pts[a].y, len2 = dx * dx + dy * dy;
      double worst = 0;
      guint at = 0;

      g_array_set_size (stack, stack->len - 2);
      for (guint i = a + 1; i < b; i++)
        {
          double px = pts[i].x - pts[a].x, py = pts[i].y - pts[a].y, d2;

          if (len2 > 0)
            {
              double cross = px * dy - py * dx, t = (px * dx + py * dy) / len2;
              /* beyond the ends the distance is to the end */
              d2 = t < 0 ? px * px + py * py
                 : t > 1 ? (pts[i].x - pts[b].x) * (pts[i].x - pts[b].x) + (pts[i].y - pts[b].y) * (pts[i].y - pts[b].y)
                 : cross * cross / len2;
            }
          else
            d2 = px * px + py * py;
          if (d2 > worst)
            worst = d2, at = i;
        }
      if (worst > tol2)
        {
          keep[at] = TRUE;
          g_array_append_val (stack, a);
          g_array_append_val (stack, at);
          g_array_append_val (stack, at);
          g_array_append_val (stack, b);
        }
    }
}

static int
width_step (float pressure)
{
  if (pressure < 0)
    return -1;
  return CLAMP ((int) (pressure * WIDTH_STEPS), 0, WIDTH_STEPS - 1);
}

void
salur_signature_draw (cairo_t        *cr,
                      SalurSignature *sig,
                      double          x,
                      double          y,
                      double          width,
                      double          height)
{
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double bw, bh, scale, ox, oy, base;
  guint n_strokes;

  g_return_if_fail (cr != NULL && sig != NULL);

  n_strokes = salur_signature_n_strokes (sig);
  for (guint s = 0; s < n_strokes; s++)
    {
      guint n;
      const SalurSignaturePoint *pts = salur_signature_get_stroke (sig, s, &n);

      for (guint i = 0; i < n; i++)
        {
          min_x = MIN (min_x, pts[i].x);
          max_x = MAX (max_x, pts[i].x);
          min_y = MIN (min_y, pts[i].y);
          max_y = MAX (max_y, pts[i].y);
        }
    }
  if (min_x > max_x || width <= 0 || height <= 0)
    return;

  /* a dot or a straight line still gets a sensible scale: the pad's */
  bw = MAX (max_x - min_x, salur_signature_get_width (sig) / 20.0);
  bh = MAX (max_y - min_y, salur_signature_get_height (sig) / 20.0);
  /* room for the pen's width at the edges */
  base = CLAMP (MIN (width, height) * 0.045, 0.5, 2.2);
  scale = MIN ((width - 2 * base) / bw, (height - 2 * base) / bh);
  if (scale <= 0)
    return;
  ox = x + (width - (max_x - min_x) * scale) / 2 - min_x * scale;
  oy = y + (height - (max_y - min_y) * scale) / 2 - min_y * scale;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < n_strokes; s++)
    {
      guint n, from;
      const SalurSignaturePoint *pts = salur_signature_get_stroke (sig, s, &n);
      g_autofree int *steps = NULL;
      g_autofree gboolean *keep = NULL;

      if (n == 1)
        {
          double r = pts[0].pressure < 0 ? base / 2 : base * (0.35 + 0.7 * pts[0].pressure) / 2;
          cairo_new_path (cr);
          cairo_arc (cr, ox + pts[0].x * scale, oy + pts[0].y * scale, r, 0, 2 * G_PI);
          cairo_fill (cr);
          continue;
        }
      /* the width of each segment (segment i ends at point i) */
      steps = g_new (int, n);
      keep = g_new0 (gboolean, n);
      for (guint i = 1; i < n; i++)
        steps[i] = pts[i - 1].pressure < 0 || pts[i].pressure < 0
                   ? -1 : width_step ((pts[i - 1].pressure + pts[i].pressure) / 2);
      steps[0] = steps[1];
      /* each run of one width is a path, simplified on its own */
      from = 0;
      for (guint i = 1; i < n; i++)
        if (i + 1 == n || steps[i + 1] != steps[i])
          {
            simplify (pts, from, i, scale, keep);
            cairo_new_path (cr);
            cairo_move_to (cr, ox + pts[from].x * scale, oy + pts[from].y * scale);
            for (guint k = from + 1; k <= i; k++)
              if (keep[k])
                cairo_line_to (cr, ox + pts[k].x * scale, oy + pts[k].y * scale);
            cairo_set_line_width (cr, steps[i] < 0 ? base
                                                   : base * (0.35 + 0.7 * (steps[i] + 0.5) / WIDTH_STEPS) * 1.3);
            cairo_stroke (cr);
            from = i;
          }
    }
  cairo_restore (cr);
}

gboolean
salur_signature_draw_bytes (cairo_t *cr,
                            GBytes  *bytes,
                            double   x,
                            double   y,
                            double   width,
                            double   height)
{
  g_autoptr(SalurSignature) sig = NULL;

  if (bytes == NULL)
    return FALSE;
  sig = salur_signature_decode (bytes, NULL);
  if (sig == NULL)
    return FALSE;
  salur_signature_draw (cr, sig, x, y, width, height);
  return TRUE;
}
