/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Reading card QR codes from pictures: a grey frame in, QR texts out, with
 * ZBar and only its QR decoder enabled (every symbology costs about 2.5×
 * the time). Image files (PNG, JPEG: phone photos) become grey frames; a
 * webcam gives grey frames in a thread of its own. */

/* 8 bits a pixel, 0 black */
typedef struct {
  guint8 *data;
  int     width;
  int     height;
  int     stride;
} SalurGreyFrame;

SalurGreyFrame *salur_grey_frame_new          (int                    width,
                                               int                    height);
void            salur_grey_frame_free         (SalurGreyFrame        *frame);
SalurGreyFrame *salur_grey_frame_copy         (const SalurGreyFrame  *frame);
/* A photo or a scan (PNG, JPEG, … through gdk-pixbuf), turned upright by
 * its EXIF orientation */
SalurGreyFrame *salur_grey_frame_load         (const char            *path,
                                               GError               **error);
/* An image surface (RGB24, ARGB32 or A8, where A8 255 is black) */
SalurGreyFrame *salur_grey_frame_from_surface (cairo_surface_t       *surface);
/* Smaller by an integer FACTOR, each pixel the mean of FACTOR × FACTOR:
 * also a cheap way to take the grain out of a noisy photo */
SalurGreyFrame *salur_grey_frame_shrink       (const SalurGreyFrame  *frame,
                                               int                    factor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurGreyFrame, salur_grey_frame_free)

typedef struct {
  int x, y, width, height;
} SalurRect;

/* One decoder; use one per thread */
typedef struct _SalurScanner SalurScanner;

SalurScanner *salur_scanner_new        (void);
void          salur_scanner_free       (SalurScanner          *scanner);
/* The QR texts in FRAME (within CROP when not NULL), in the order ZBar
 * found them: an empty vector when there is none */
GStrv         salur_scanner_decode     (SalurScanner          *scanner,
                                        const SalurGreyFrame  *frame,
                                        const SalurRect       *crop);
/* Scan every STEP-th row and column (1, the default, reads the smallest
 * codes; 2 halves the time and still reads a card held up to a webcam) */
void          salur_scanner_set_density (SalurScanner        *scanner,
                                         int                  step);
/* For a stream of frames (a webcam): tries first where the last code was
 * found (a few times faster), then the whole frame */
GStrv         salur_scanner_track      (SalurScanner          *scanner,
                                        const SalurGreyFrame  *frame);
/* Where the last decode found its first code, grown by half its size on
 * each side and kept inside the frame; FALSE when it found none */
gboolean      salur_scanner_last_area  (SalurScanner          *scanner,
                                        SalurRect             *area);
/* Every QR text in an image file. Tries the picture as it is, then shrunk
 * (phone photos are large and grainy). Fails only when the file cannot be
 * read; no code in it is an empty vector. */
GStrv         salur_scanner_scan_file  (SalurScanner          *scanner,
                                        const char            *path,
                                        GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurScanner, salur_scanner_free)

/* Webcams (V4L2 through ZBar's video API). Having none is a normal state:
 * the desk works with a USB scanner or typing. */
typedef struct _SalurCamera SalurCamera;

/* The video devices that may capture ("/dev/video0", …), maybe none */
GStrv           salur_camera_list       (void);
/* Opens DEVICE (NULL: the first) asking for about WIDTH × HEIGHT. No camera:
 * NULL with SALUR_ERROR_NOT_FOUND. Blocks: call it off the main loop. */
SalurCamera    *salur_camera_open       (const char   *device,
                                         int           width,
                                         int           height,
                                         GError      **error);
/* Blocks until the next frame; call it from a worker thread */
SalurGreyFrame *salur_camera_next_frame (SalurCamera  *camera,
                                         GError      **error);
void            salur_camera_close      (SalurCamera  *camera);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurCamera, salur_camera_close)

typedef enum {
  SALUR_CAMERA_NONE,         /* there is no camera: a normal state */
  SALUR_CAMERA_READING,      /* frames arrive */
  SALUR_CAMERA_FAILED,       /* it was there and stopped giving frames (unplugged, busy) */
} SalurCameraState;

/* Called in the main context of the thread that started the reader: when
 * the state changes (FRAME and TEXT NULL), with the newest frame (at most
 * one waiting at a time, so a slow main loop drops frames instead of
 * falling behind), and with TEXT when a QR code is read (the same text is
 * not reported again until another was read or 3 seconds passed). */
typedef void (*SalurCameraFunc) (SalurCameraState      state,
                                 const SalurGreyFrame *frame,
                                 const char           *text,
                                 const GError         *error,
                                 gpointer              user_data);

typedef struct _SalurCameraReader SalurCameraReader;

/* Starts a thread that opens DEVICE (NULL: the first camera), reads and
 * decodes its frames. Returns at once. */
SalurCameraReader *salur_camera_reader_start (const char      *device,
                                              SalurCameraFunc  func,
                                              gpointer         user_data,
                                              GDestroyNotify   notify);
/* Stops the thread and waits for it (at most one frame's time); FUNC is not
 * called after this returns. Frees the reader. */
void               salur_camera_reader_stop  (SalurCameraReader *reader);

G_END_DECLS
