/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-qr"
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <qrencode.h>

#include "salur-error.h"
#include "salur-qr.h"

struct _SalurQr
{
  QRcode *code;
};

/* public API */

SalurQr *
salur_qr_encode (const char  *text,
                 int          max_version,
                 GError     **error)
{
  g_autoptr(SalurQr) qr = g_new0 (SalurQr, 1);

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (max_version >= 1 && max_version <= 40, NULL);

  /* version 0: the smallest that holds the text; case-sensitive so that
   * libqrencode does not change letters to fit the alphanumeric mode */
  qr->code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr->code == NULL)
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, saved == ERANGE ? SALUR_ERROR_INVALID : SALUR_ERROR_FAILED,
                   _("Cannot make a QR code of “%.20s…”: %s"), text, g_strerror (saved));
      return NULL;
    }
  if (qr->code->version > max_version)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The text is too long for a QR code of version %d (it needs version %d)."),
                   max_version, qr->code->version);
      return NULL;
    }
  return g_steal_pointer (&qr);
}

void
salur_qr_free (SalurQr *qr)
{
  if (qr == NULL)
    return;
  g_clear_pointer (&qr->code, QRcode_free);
  g_free (qr);
}

int
salur_qr_get_version (SalurQr *qr)
{
  return qr->code->version;
}

int
salur_qr_get_width (SalurQr *qr)
{
  return qr->code->width;
}

gboolean
salur_qr_is_dark (SalurQr *qr,
                  int      x,
                  int      y)
{
  g_return_val_if_fail (x >= 0 && y >= 0 && x < qr->code->width && y < qr->code->width, FALSE);
  /* libqrencode: bit 0 of each byte is the module's colour */
  return qr->code->data[y * qr->code->width + x] & 1;
}

void
salur_qr_draw (SalurQr *qr,
               cairo_t *cr,
               double   x,
               double   y,
               double   size)
{
  int w = qr->code->width;
  double m = size / w;

  cairo_save (cr);
  cairo_new_path (cr);
  for (int row = 0; row < w; row++)
    {
      const unsigned char *line = qr->code->data + row * w;
      int col = 0;

      while (col < w)
        {
          int start;

          while (col < w && !(line[col] & 1))
            col++;
          start = col;
          while (col < w && (line[col] & 1))
            col++;
          /* one path filled once: neighbouring runs leave no seams */
          if (col > start)
            cairo_rectangle (cr, x + start * m, y + row * m, (col - start) * m, m);
        }
    }
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
salur_qr_draw_image (SalurQr *qr,
                     cairo_t *cr,
                     double   x,
                     double   y,
                     double   size)
{
  cairo_surface_t *mask = salur_qr_to_surface (qr, 1);
  cairo_pattern_t *pattern = cairo_pattern_create_for_surface (mask);
  cairo_matrix_t matrix;
  double scale = size / qr->code->width;

  /* the surface has the quiet zone around the symbol: leave it outside */
  cairo_matrix_init_scale (&matrix, 1 / scale, 1 / scale);
  cairo_matrix_translate (&matrix, -x + SALUR_QR_QUIET * scale, -y + SALUR_QR_QUIET * scale);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_save (cr);
  cairo_rectangle (cr, x, y, size, size);
  cairo_clip (cr);
  cairo_mask (cr, pattern);
  cairo_restore (cr);
  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (mask);
}

cairo_surface_t *
salur_qr_to_surface (SalurQr *qr,
                     int      module)
{
  int w = qr->code->width;
  int side = (w + 2 * SALUR_QR_QUIET) * module;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, side, side);
  int stride = cairo_image_surface_get_stride (surface);
  unsigned char *pixels;

  g_return_val_if_fail (module >= 1, surface);

  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  for (int y = 0; y < side; y++)
    {
      int my = y / module - SALUR_QR_QUIET;
      unsigned char *line = pixels + y * stride;

      for (int x = 0; x < side; x++)
        {
          int mx = x / module - SALUR_QR_QUIET;
          gboolean dark = mx >= 0 && my >= 0 && mx < w && my < w && (qr->code->data[my * w + mx] & 1);
          line[x] = dark ? 255 : 0;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}
