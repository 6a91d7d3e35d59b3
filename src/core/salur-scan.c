/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-scan"
#include "config.h"

#include <errno.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <zbar.h>

#include "salur-error.h"
#include "salur-scan.h"

#define Y800 zbar_fourcc ('Y', '8', '0', '0')

struct _SalurScanner
{
  zbar_image_scanner_t *zbar;
  zbar_image_t         *image;
  gboolean              found;
  SalurRect             area;      /* of the last code found */
  int                   frame_width, frame_height;
};

struct _SalurCamera
{
  zbar_video_t *video;
  char         *device;
};

/* helpers */

static void
remember_area (SalurScanner *self, const zbar_symbol_t *sym, int width, int height)
{
  unsigned n = zbar_symbol_get_loc_size (sym);
  int x0 = G_MAXINT, y0 = G_MAXINT, x1 = G_MININT, y1 = G_MININT;
  int grow_x, grow_y;

  for (unsigned i = 0; i < n; i++)
    {
      x0 = MIN (x0, zbar_symbol_get_loc_x (sym, i));
      x1 = MAX (x1, zbar_symbol_get_loc_x (sym, i));
      y0 = MIN (y0, zbar_symbol_get_loc_y (sym, i));
      y1 = MAX (y1, zbar_symbol_get_loc_y (sym, i));
    }
  if (n == 0 || x1 <= x0 || y1 <= y0)
    return;
  /* the card moves in the hand between frames: half its size each side */
  grow_x = (x1 - x0) / 2 + 8;
  grow_y = (y1 - y0) / 2 + 8;
  self->area.x = MAX (0, x0 - grow_x);
  self->area.y = MAX (0, y0 - grow_y);
  self->area.width = MIN (width, x1 + grow_x) - self->area.x;
  self->area.height = MIN (height, y1 + grow_y) - self->area.y;
  self->frame_width = width;
  self->frame_height = height;
  self->found = TRUE;
}

static guint8
grey_of (guint r, guint g, guint b)
{
  /* ITU-R BT.601 luma in integers */
  return (guint8) ((77 * r + 150 * g + 29 * b) >> 8);
}

/* public API: frames */

SalurGreyFrame *
salur_grey_frame_new (int width,
                      int height)
{
  SalurGreyFrame *frame = g_new0 (SalurGreyFrame, 1);

  g_return_val_if_fail (width > 0 && height > 0, frame);

  frame->width = width;
  frame->height = height;
  frame->stride = width;
  frame->data = g_malloc0 ((gsize) width * height);
  return frame;
}

void
salur_grey_frame_free (SalurGreyFrame *frame)
{
  if (frame == NULL)
    return;
  g_free (frame->data);
  g_free (frame);
}

SalurGreyFrame *
salur_grey_frame_copy (const SalurGreyFrame *frame)
{
  SalurGreyFrame *copy = salur_grey_frame_new (frame->width, frame->height);

  for (int y = 0; y < frame->height; y++)
    memcpy (copy->data + (gsize) y * copy->stride, frame->data + (gsize) y * frame->stride, frame->width);
  return copy;
}

SalurGreyFrame *
salur_grey_frame_load (const char  *path,
                       GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GdkPixbuf) raw = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  SalurGreyFrame *frame;
  const guint8 *pixels;
  int channels, stride;

  g_return_val_if_fail (path != NULL, NULL);

  raw = gdk_pixbuf_new_from_file (path, &local);
  if (raw == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND, _("There is no file %s."), path);
      else
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("Cannot read the picture %s: %s"), path,
                     local->message);
      return NULL;
    }
  /* phones save the picture sideways and say so in EXIF */
  upright = gdk_pixbuf_apply_embedded_orientation (raw);
  if (upright == NULL)
    upright = g_object_ref (raw);
  if (gdk_pixbuf_get_colorspace (upright) != GDK_COLORSPACE_RGB || gdk_pixbuf_get_bits_per_sample (upright) != 8)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("Cannot read the picture %s: its colours are "
                                                              "not 8-bit RGB."), path);
      return NULL;
    }
  frame = salur_grey_frame_new (gdk_pixbuf_get_width (upright), gdk_pixbuf_get_height (upright));
  pixels = gdk_pixbuf_read_pixels (upright);
  channels = gdk_pixbuf_get_n_channels (upright);
  stride = gdk_pixbuf_get_rowstride (upright);
  for (int y = 0; y < frame->height; y++)
    {
      const guint8 *in = pixels + (gsize) y * stride;
      guint8 *out = frame->data + (gsize) y * frame->stride;

      for (int x = 0; x < frame->width; x++, in += channels)
        {
          guint8 v = grey_of (in[0], in[1], in[2]);
          /* transparent is paper */
          if (channels == 4)
            v = (guint8) ((v * in[3] + 255 * (255 - in[3])) / 255);
          out[x] = v;
        }
    }
  return frame;
}

SalurGreyFrame *
salur_grey_frame_from_surface (cairo_surface_t *surface)
{
  cairo_format_t format = cairo_image_surface_get_format (surface);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  SalurGreyFrame *frame = salur_grey_frame_new (width, height);
  const guint8 *pixels;

  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    {
      const guint8 *in = pixels + (gsize) y * stride;
      guint8 *out = frame->data + (gsize) y * frame->stride;

      for (int x = 0; x < width; x++)
        {
          if (format == CAIRO_FORMAT_A8)
            out[x] = 255 - in[x];
          else
            {
              guint32 px = ((const guint32 *) in)[x];
              guint a = format == CAIRO_FORMAT_ARGB32 ? px >> 24 : 255;
              guint r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
              /* premultiplied over white paper */
              out[x] = grey_of (MIN (255u, r + 255 - a), MIN (255u, g + 255 - a), MIN (255u, b + 255 - a));
            }
        }
    }
  return frame;
}

SalurGreyFrame *
salur_grey_frame_shrink (const SalurGreyFrame *frame,
                         int                   factor)
{
  SalurGreyFrame *out;
  int area = factor * factor;

  g_return_val_if_fail (factor >= 1, NULL);
  if (factor == 1)
    return salur_grey_frame_copy (frame);

  out = salur_grey_frame_new (MAX (1, frame->width / factor), MAX (1, frame->height / factor));
  for (int y = 0; y < out->height; y++)
    for (int x = 0; x < out->width; x++)
      {
        guint sum = 0;

        for (int dy = 0; dy < factor; dy++)
          {
            const guint8 *in = frame->data + (gsize) (y * factor + dy) * frame->stride + x * factor;
            for (int dx = 0; dx < factor; dx++)
              sum += in[dx];
          }
        out->data[(gsize) y * out->stride + x] = (guint8) (sum / area);
      }
  return out;
}

/* public API: the decoder */

SalurScanner *
salur_scanner_new (void)
{
  SalurScanner *self = g_new0 (SalurScanner, 1);

  self->zbar = zbar_image_scanner_create ();
  /* QR only: every other symbology off */
  zbar_image_scanner_set_config (self->zbar, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (self->zbar, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  /* each frame on its own: no cache of what was seen before */
  zbar_image_scanner_enable_cache (self->zbar, 0);
  self->image = zbar_image_create ();
  zbar_image_set_format (self->image, Y800);
  return self;
}

void
salur_scanner_free (SalurScanner *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->image, zbar_image_destroy);
  g_clear_pointer (&self->zbar, zbar_image_scanner_destroy);
  g_free (self);
}

GStrv
salur_scanner_decode (SalurScanner          *self,
                      const SalurGreyFrame  *frame,
                      const SalurRect       *crop)
{
  g_autoptr(GStrvBuilder) texts = g_strv_builder_new ();
  g_autofree guint8 *packed = NULL;
  const guint8 *data = frame->data;
  const zbar_symbol_t *sym;

  g_return_val_if_fail (self != NULL && frame != NULL, NULL);

  /* ZBar wants rows without padding */
  if (frame->stride != frame->width)
    {
      packed = g_malloc ((gsize) frame->width * frame->height);
      for (int y = 0; y < frame->height; y++)
        memcpy (packed + (gsize) y * frame->width, frame->data + (gsize) y * frame->stride, frame->width);
      data = packed;
    }
  zbar_image_set_size (self->image, frame->width, frame->height);
  zbar_image_set_data (self->image, data, (unsigned long) frame->width * frame->height, NULL);
  if (crop != NULL)
    zbar_image_set_crop (self->image, crop->x, crop->y, crop->width, crop->height);
  else
    zbar_image_set_crop (self->image, 0, 0, frame->width, frame->height);

  self->found = FALSE;
  if (zbar_scan_image (self->zbar, self->image) > 0)
    for (sym = zbar_image_first_symbol (self->image); sym != NULL; sym = zbar_symbol_next (sym))
      {
        if (zbar_symbol_get_type (sym) != ZBAR_QRCODE)
          continue;
        if (!self->found)
          remember_area (self, sym, frame->width, frame->height);
        g_strv_builder_add (texts, zbar_symbol_get_data (sym));
      }
  /* the data is the caller's: do not let ZBar keep a pointer to it */
  zbar_image_set_data (self->image, NULL, 0, NULL);
  return g_strv_builder_end (texts);
}

void
salur_scanner_set_density (SalurScanner *self,
                           int           step)
{
  g_return_if_fail (step >= 1);
  zbar_image_scanner_set_config (self->zbar, ZBAR_NONE, ZBAR_CFG_X_DENSITY, step);
  zbar_image_scanner_set_config (self->zbar, ZBAR_NONE, ZBAR_CFG_Y_DENSITY, step);
}

GStrv
salur_scanner_track (SalurScanner          *self,
                     const SalurGreyFrame  *frame)
{
  if (self->found && self->frame_width == frame->width && self->frame_height == frame->height)
    {
      SalurRect area = self->area;
      g_auto(GStrv) texts = salur_scanner_decode (self, frame, &area);

      if (texts[0] != NULL)
        return g_steal_pointer (&texts);
    }
  return salur_scanner_decode (self, frame, NULL);
}

gboolean
salur_scanner_last_area (SalurScanner *self,
                         SalurRect    *area)
{
  if (self->found)
    *area = self->area;
  return self->found;
}

GStrv
salur_scanner_scan_file (SalurScanner  *self,
                         const char    *path,
                         GError       **error)
{
  g_autoptr(SalurGreyFrame) frame = salur_grey_frame_load (path, error);
  int longest;

  if (frame == NULL)
    return NULL;
  longest = MAX (frame->width, frame->height);
  /* as it is (unless it is a 12-megapixel photo, which only costs time),
   * then shrunk: averaging takes the grain out and brings a large code
   * down to the module size ZBar likes best */
  for (int factor = longest > 2400 ? 2 : 1; factor <= 4 && longest / factor >= 200; factor *= 2)
    {
      g_autoptr(SalurGreyFrame) small = factor > 1 ? salur_grey_frame_shrink (frame, factor) : NULL;
      g_auto(GStrv) texts = salur_scanner_decode (self, small != NULL ? small : frame, NULL);

      if (texts[0] != NULL)
        return g_steal_pointer (&texts);
    }
  return g_new0 (char *, 1);
}

/* public API: cameras */

GStrv
salur_camera_list (void)
{
  g_autoptr(GStrvBuilder) found = g_strv_builder_new ();
  g_autoptr(GDir) dir = g_dir_open ("/dev", 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "video"))
      g_ptr_array_add (names, g_strdup_printf ("/dev/%s", name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    g_strv_builder_add (found, g_ptr_array_index (names, i));
  return g_strv_builder_end (found);
}

SalurCamera *
salur_camera_open (const char  *device,
                   int          width,
                   int          height,
                   GError     **error)
{
  g_autoptr(SalurCamera) camera = g_new0 (SalurCamera, 1);
  g_auto(GStrv) all = NULL;

  if (device == NULL)
    {
      all = salur_camera_list ();
      if (all[0] == NULL)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND, _("This laptop has no camera."));
          return NULL;
        }
      device = all[0];
    }
  if (!g_file_test (device, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND, _("There is no camera %s."), device);
      return NULL;
    }
  camera->device = g_strdup (device);
  camera->video = zbar_video_create ();
  if (width > 0 && height > 0)
    zbar_video_request_size (camera->video, width, height);
  /* a device node that is not a camera (a metadata node of the same
   * webcam, say) fails here; so does a camera another program holds */
  if (zbar_video_open (camera->video, device) != 0
      || zbar_video_init (camera->video, 0) != 0
      || zbar_video_enable (camera->video, 1) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED,
                   _("The camera %s cannot be used (another program may be using it)."), device);
      return NULL;
    }
  return g_steal_pointer (&camera);
}

SalurGreyFrame *
salur_camera_next_frame (SalurCamera  *camera,
                         GError      **error)
{
  zbar_image_t *image = zbar_video_next_image (camera->video);
  zbar_image_t *grey;
  SalurGreyFrame *frame;

  if (image == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED,
                   _("The camera %s stopped giving pictures (was it unplugged?)."), camera->device);
      return NULL;
    }
  grey = zbar_image_convert (image, Y800);
  zbar_image_destroy (image);
  if (grey == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED,
                   _("The pictures of the camera %s are in a format Salur cannot read."), camera->device);
      return NULL;
    }
  frame = salur_grey_frame_new (zbar_image_get_width (grey), zbar_image_get_height (grey));
  memcpy (frame->data, zbar_image_get_data (grey), (gsize) frame->width * frame->height);
  zbar_image_destroy (grey);
  return frame;
}

void
salur_camera_close (SalurCamera *camera)
{
  if (camera == NULL)
    return;
  if (camera->video != NULL)
    {
      zbar_video_enable (camera->video, 0);
      zbar_video_destroy (camera->video);
    }
  g_free (camera->device);
  g_free (camera);
}

/* The reader thread. Everything it hands to the main context is a message
 * that holds a reference to the reader and is dropped, not delivered, once
 * the reader was stopped. */

struct _SalurCameraReader
{
  gint            ref_count;     /* atomic */
  GThread        *thread;
  GMainContext   *context;
  char           *device;
  SalurCameraFunc func;
  gpointer        user_data;
  GDestroyNotify  notify;
  gint            stopping;      /* atomic: the thread should end */
  gint            frame_waiting; /* atomic: a frame is on its way to the main context */
  GRecMutex       lock;          /* held while FUNC runs, and by stop: FUNC may stop the reader */
  gboolean        stopped;       /* under LOCK */
};

typedef struct {
  SalurCameraReader *reader;
  SalurCameraState   state;
  SalurGreyFrame    *frame;
  char              *text;
  GError            *error;
} Message;

static void
reader_unref (SalurCameraReader *r)
{
  if (!g_atomic_int_dec_and_test (&r->ref_count))
    return;
  g_main_context_unref (r->context);
  g_free (r->device);
  g_rec_mutex_clear (&r->lock);
  g_free (r);
}

static gboolean
deliver (gpointer data)
{
  Message *m = data;
  SalurCameraReader *r = m->reader;

  g_rec_mutex_lock (&r->lock);
  if (!r->stopped)
    r->func (m->state, m->frame, m->text, m->error, r->user_data);
  g_rec_mutex_unlock (&r->lock);
  if (m->frame != NULL)
    g_atomic_int_set (&r->frame_waiting, 0);
  return G_SOURCE_REMOVE;
}

static void
message_free (gpointer data)
{
  Message *m = data;

  salur_grey_frame_free (m->frame);
  g_free (m->text);
  g_clear_error (&m->error);
  reader_unref (m->reader);
  g_free (m);
}

static void
post (SalurCameraReader *r, SalurCameraState state, SalurGreyFrame *frame, const char *text, GError *error)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  Message *m = g_new0 (Message, 1);

  g_atomic_int_inc (&r->ref_count);
  m->reader = r;
  m->state = state;
  m->frame = frame;
  m->text = g_strdup (text);
  m->error = error;
  /* an idle source, not g_main_context_invoke: that could run FUNC in this
   * thread when the main loop is not running */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, m, message_free);
  g_source_set_static_name (source, "salur-camera");
  g_source_attach (source, r->context);
}

static gpointer
reader_thread (gpointer data)
{
  SalurCameraReader *r = data;
  g_autoptr(SalurScanner) scanner = salur_scanner_new ();
  g_autoptr(SalurCamera) camera = NULL;
  g_autofree char *last_text = NULL;
  gint64 last_time = 0;
  GError *error = NULL;

  camera = salur_camera_open (r->device, 640, 480, &error);
  if (camera == NULL)
    {
      gboolean none = g_error_matches (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND);
      post (r, none ? SALUR_CAMERA_NONE : SALUR_CAMERA_FAILED, NULL, NULL, error);
      return NULL;
    }
  post (r, SALUR_CAMERA_READING, NULL, NULL, NULL);
  /* a card held up fills a good part of the frame: every second line finds
   * it in half the time, and a frame missed is followed by another */
  salur_scanner_set_density (scanner, 2);

  while (!g_atomic_int_get (&r->stopping))
    {
      g_autoptr(SalurGreyFrame) frame = salur_camera_next_frame (camera, &error);
      g_auto(GStrv) texts = NULL;

      if (frame == NULL)
        {
          post (r, SALUR_CAMERA_FAILED, NULL, NULL, error);
          return NULL;
        }
      texts = salur_scanner_track (scanner, frame);
      for (guint i = 0; texts[i] != NULL; i++)
        {
          gint64 now = g_get_monotonic_time ();

          /* a card held in front of the camera is read 30 times a second */
          if (g_strcmp0 (texts[i], last_text) == 0 && now - last_time < 3 * G_USEC_PER_SEC)
            continue;
          g_free (last_text);
          last_text = g_strdup (texts[i]);
          last_time = now;
          post (r, SALUR_CAMERA_READING, NULL, texts[i], NULL);
        }
      if (g_atomic_int_compare_and_exchange (&r->frame_waiting, 0, 1))
        post (r, SALUR_CAMERA_READING, g_steal_pointer (&frame), NULL, NULL);
    }
  return NULL;
}

SalurCameraReader *
salur_camera_reader_start (const char      *device,
                           SalurCameraFunc  func,
                           gpointer         user_data,
                           GDestroyNotify   notify)
{
  SalurCameraReader *r;

  g_return_val_if_fail (func != NULL, NULL);

  r = g_new0 (SalurCameraReader, 1);
  r->ref_count = 1;
  r->context = g_main_context_ref_thread_default ();
  r->device = g_strdup (device);
  r->func = func;
  r->user_data = user_data;
  r->notify = notify;
  g_rec_mutex_init (&r->lock);
  r->thread = g_thread_new ("salur-camera", reader_thread, r);
  return r;
}

void
salur_camera_reader_stop (SalurCameraReader *r)
{
  if (r == NULL)
    return;
  g_rec_mutex_lock (&r->lock);
  r->stopped = TRUE;
  g_rec_mutex_unlock (&r->lock);
  g_atomic_int_set (&r->stopping, 1);
  g_thread_join (g_steal_pointer (&r->thread));
  if (r->notify != NULL)
    r->notify (r->user_data);
  reader_unref (r);
}
