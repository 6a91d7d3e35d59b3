/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "card-photo"
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "salur-scan.h"

/* card-photo IN.png OUTDIR [X Y W H]
 *
 * Makes the pictures a phone takes of a printed card out of a clean
 * rendering of it (pdftoppm's PNG, cropped to X Y W H): on a table, turned,
 * tilted away (the far edge smaller), grainy in dim light and saved as JPEG,
 * small and far away. The same seed every run: the tests do not depend on
 * luck. Writes straight.png, rotated.png, tilted.png, grainy.jpg, far.png. */

#define TABLE 190    /* the grey of a table top under the card */

static SalurGreyFrame *
crop (const SalurGreyFrame *in, int x, int y, int w, int h)
{
  SalurGreyFrame *out = salur_grey_frame_new (w, h);

  for (int j = 0; j < h; j++)
    for (int i = 0; i < w; i++)
      {
        int sx = x + i, sy = y + j;
        out->data[j * out->stride + i] = sx < in->width && sy < in->height ? in->data[sy * in->stride + sx] : 255;
      }
  return out;
}

static guint8
sample (const SalurGreyFrame *f, double x, double y)
{
  int x0 = (int) floor (x), y0 = (int) floor (y);
  double fx = x - x0, fy = y - y0;
  double v = 0;

  for (int dy = 0; dy <= 1; dy++)
    for (int dx = 0; dx <= 1; dx++)
      {
        int sx = x0 + dx, sy = y0 + dy;
        double w = (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy);
        v += w * (sx >= 0 && sy >= 0 && sx < f->width && sy < f->height ? f->data[sy * f->stride + sx] : TABLE);
      }
  return (guint8) CLAMP (v + 0.5, 0, 255);
}

/* The card on a table, MARGIN around it, turned by ANGLE degrees, its far
 * (top) edge KEYSTONE times as wide as its near edge, scaled by SCALE */
static SalurGreyFrame *
photograph (const SalurGreyFrame *card, double angle, double keystone, double scale)
{
  int w = (int) ((card->width * 1.5) * scale), h = (int) ((card->height * 1.6) * scale);
  SalurGreyFrame *out = salur_grey_frame_new (w, h);
  double c = cos (angle * G_PI / 180), s = sin (angle * G_PI / 180);

  for (int j = 0; j < h; j++)
    for (int i = 0; i < w; i++)
      {
        /* undo the turn about the centre, then the scale */
        double x = ((i - w / 2.0) * c + (j - h / 2.0) * s) / scale;
        double y = (-(i - w / 2.0) * s + (j - h / 2.0) * c) / scale;
        /* undo the tilt: rows near the top were shrunk towards the middle */
        double t = (y + card->height / 2.0) / card->height;
        double row_scale = keystone + (1 - keystone) * CLAMP (t, -0.5, 1.5);

        x = x / row_scale + card->width / 2.0;
        y = y + card->height / 2.0;
        out->data[j * out->stride + i] = sample (card, x, y);
      }
  return out;
}

static void
grain (SalurGreyFrame *f, double sigma, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (int j = 0; j < f->height; j++)
    for (int i = 0; i < f->width; i++)
      {
        double u = g_rand_double_range (rand, 1e-9, 1), v = g_rand_double (rand);
        double n = sqrt (-2 * log (u)) * cos (2 * G_PI * v) * sigma;
        /* dim light: paper is grey, ink is not quite black */
        double p = f->data[j * f->stride + i] * 0.62 + 45 + n;
        f->data[j * f->stride + i] = (guint8) CLAMP (p, 0, 255);
      }
}

static void
save (const SalurGreyFrame *f, const char *dir, const char *name)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, f->width, f->height);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int j = 0; j < f->height; j++)
    for (int i = 0; i < f->width; i++)
      {
        guint8 v = f->data[j * f->stride + i];
        guint8 *p = pixels + j * stride + i * 3;
        /* a warm indoor light */
        p[0] = MIN (255, v + 6);
        p[1] = v;
        p[2] = v > 10 ? v - 10 : 0;
      }
  if (g_str_has_suffix (name, ".jpg"))
    gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "72", NULL);
  else
    gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  if (error != NULL)
    {
      fprintf (stderr, "card-photo: %s: %s\n", path, error->message);
      exit (1);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurGreyFrame) page = NULL, card = NULL;

  if (argc != 3 && argc != 7)
    {
      fprintf (stderr, "usage: card-photo IN.png OUTDIR [X Y W H]\n");
      return 2;
    }
  page = salur_grey_frame_load (argv[1], &error);
  if (page == NULL)
    {
      fprintf (stderr, "card-photo: %s\n", error->message);
      return 1;
    }
  card = argc == 7 ? crop (page, atoi (argv[3]), atoi (argv[4]), atoi (argv[5]), atoi (argv[6]))
                   : salur_grey_frame_copy (page);

  save (card, argv[2], "straight.png");
  {
    g_autoptr(SalurGreyFrame) f = photograph (card, 23, 1.0, 1.0);
    save (f, argv[2], "rotated.png");
  }
  {
    g_autoptr(SalurGreyFrame) f = photograph (card, -6, 0.88, 1.0);
    save (f, argv[2], "tilted.png");
  }
  {
    g_autoptr(SalurGreyFrame) f = photograph (card, 8, 0.9, 1.4);
    grain (f, 10, 7);
    save (f, argv[2], "grainy.jpg");
  }
  {
    g_autoptr(SalurGreyFrame) f = photograph (card, -3, 1.0, 0.62);
    save (f, argv[2], "far.png");
  }
  return 0;
}
