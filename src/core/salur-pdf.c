/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-pdf"
#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "salur-error.h"
#include "salur-pdf.h"

struct _SalurPdf
{
  char            *path;
  char            *tmp_path;
  double           width, height;
  cairo_surface_t *surface;
  cairo_t         *cr;
  gboolean         finished;
  int              fd;
  int              write_errno;   /* the first write that failed */
};

/* Cairo writes the PDF through here rather than through its own stdio
 * stream: a write refused half-way (a full disk) did not reach the
 * surface's status there, and a cut PDF was renamed into place as if whole. */
static cairo_status_t
write_chunk (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  SalurPdf *pdf = closure;

  if (pdf->write_errno != 0)
    return CAIRO_STATUS_WRITE_ERROR;
  while (length > 0)
    {
      ssize_t n = write (pdf->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          pdf->write_errno = n < 0 ? errno : ENOSPC;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
is_full (int e)
{
  return e == ENOSPC || e == EFBIG
#ifdef EDQUOT
         || e == EDQUOT
#endif
         ;
}

SalurPdf *
salur_pdf_new (const char  *path,
               double       width,
               double       height,
               GError     **error)
{
  g_autoptr(SalurPdf) pdf = g_new0 (SalurPdf, 1);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  cairo_status_t status;

  pdf->fd = -1;
  pdf->path = g_strdup (path);
  pdf->tmp_path = g_strdup_printf ("%s/.%s.%u.tmp", dir, base, (guint) getpid ());
  pdf->width = width;
  pdf->height = height;
  /* documents name people (the report every NIK in full): readable by the
   * laptop's owner only, like the store; sharing one is a deliberate act */
  pdf->fd = g_open (pdf->tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (pdf->fd < 0)
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED, _("Cannot write %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  pdf->surface = cairo_pdf_surface_create_for_stream (write_chunk, pdf, width, height);
  status = cairo_surface_status (pdf->surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      return NULL;
    }
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATOR, "Salur " PACKAGE_VERSION);
  pdf->cr = cairo_create (pdf->surface);
  return g_steal_pointer (&pdf);
}

cairo_t *
salur_pdf_get_cr (SalurPdf *pdf)
{
  return pdf->cr;
}

double
salur_pdf_get_width (SalurPdf *pdf)
{
  return pdf->width;
}

double
salur_pdf_get_height (SalurPdf *pdf)
{
  return pdf->height;
}

void
salur_pdf_next_page (SalurPdf *pdf)
{
  cairo_show_page (pdf->cr);
}

PangoLayout *
salur_pdf_layout (SalurPdf       *pdf,
                  const char     *font,
                  double          width,
                  PangoAlignment  align,
                  const char     *text)
{
  PangoLayout *layout = pango_cairo_create_layout (pdf->cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  /* Pango assumes 96 dpi on a PDF surface: text would come out 1.33x too large */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

double
salur_pdf_text (SalurPdf       *pdf,
                double          x,
                double          y,
                double          width,
                const char     *font,
                PangoAlignment  align,
                const char     *text)
{
  g_autoptr(PangoLayout) layout = salur_pdf_layout (pdf, font, width, align, text);
  int w, h;

  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);
  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

gboolean
salur_pdf_finish (SalurPdf  *pdf,
                  GError   **error)
{
  cairo_status_t status;
  int fd;

  g_return_val_if_fail (!pdf->finished, FALSE);

  pdf->finished = TRUE;
  cairo_destroy (g_steal_pointer (&pdf->cr));
  cairo_surface_finish (pdf->surface);
  status = cairo_surface_status (pdf->surface);
  cairo_surface_destroy (g_steal_pointer (&pdf->surface));
  /* on the disk before it gets its name */
  fd = pdf->fd;
  pdf->fd = -1;
  if (pdf->write_errno == 0 && status == CAIRO_STATUS_SUCCESS && fsync (fd) != 0)
    pdf->write_errno = errno;
  if (close (fd) != 0 && pdf->write_errno == 0 && status == CAIRO_STATUS_SUCCESS)
    pdf->write_errno = errno;
  if (pdf->write_errno != 0 || status != CAIRO_STATUS_SUCCESS)
    {
      if (pdf->write_errno != 0 && is_full (pdf->write_errno))
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED,
                     _("Cannot write %s: the disk is full. Nothing was saved; free some space and try again."),
                     pdf->path);
      else
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED,
                     _("Cannot write %s: %s. Nothing was saved; check that the disk is not full."), pdf->path,
                     pdf->write_errno != 0 ? g_strerror (pdf->write_errno) : cairo_status_to_string (status));
      g_unlink (pdf->tmp_path);
      return FALSE;
    }
  if (g_rename (pdf->tmp_path, pdf->path) != 0)
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED, _("Cannot write %s: %s"), pdf->path, g_strerror (saved));
      g_unlink (pdf->tmp_path);
      return FALSE;
    }
  return TRUE;
}

void
salur_pdf_free (SalurPdf *pdf)
{
  if (pdf == NULL)
    return;
  g_clear_pointer (&pdf->cr, cairo_destroy);
  if (pdf->surface != NULL)
    {
      cairo_surface_finish (pdf->surface);
      cairo_surface_destroy (pdf->surface);
    }
  if (pdf->fd >= 0)
    close (pdf->fd);
  if (!pdf->finished && pdf->tmp_path != NULL)
    g_unlink (pdf->tmp_path);
  g_free (pdf->path);
  g_free (pdf->tmp_path);
  g_free (pdf);
}
