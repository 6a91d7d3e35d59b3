/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-bench-cards"
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salur-card.h"
#include "salur-demo.h"
#include "salur-qr.h"
#include "salur-scan.h"

/* The measured parts of bench/run's cards section, timed inside one process so that
 * store set-up and PIN hashing are not counted:
 *
 *   salur-bench-cards pdf N DIR    a demo village of N KPM; issues their
 *       cards (recorded as events) and draws them to DIR/cards.pdf; writes
 *       each payload to DIR/payloads.txt for the qrencode peer. Prints
 *       "issue SECONDS", "pdf SECONDS", "cards N", "version V".
 *   salur-bench-cards frame RUNS DIR    a 640 × 480 grey webcam frame with
 *       a card held up in it; decodes it RUNS times, whole and around the
 *       last code; writes DIR/frame.png for the zbarimg peer. Prints
 *       "frame_ms MEDIAN", "tracked_ms MEDIAN". */

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}

static void
die (GError *error)
{
  fprintf (stderr, "salur-bench-cards: %s\n", error->message);
  exit (1);
}

static int
bench_pdf (guint n, const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *pdf = g_build_filename (dir, "cards.pdf", NULL);
  g_autofree char *list = g_build_filename (dir, "payloads.txt", NULL);
  g_autoptr(SalurStore) store = salur_store_open (db, &error);
  g_autoptr(SalurOperator) sri = NULL;
  g_autoptr(SalurVillage) village = NULL;
  g_autoptr(GArray) round = salur_month_parse_list ("2026-10,2026-11,2026-12", NULL);
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GString) payloads = g_string_new (NULL);
  SalurCardSchedule when = { "Balai Desa Sukamaju", "2026-12-01", "08:00" };
  int version = 0;
  gint64 t0, t1, t2;

  if (store == NULL || !salur_demo_create (store, n, 1, &error)
      || (sri = salur_ledger_login (store, "sri", "1111", &error)) == NULL
      || (village = salur_store_get_village (store, &error)) == NULL)
    die (error);

  t0 = g_get_monotonic_time ();
  cards = salur_cards_issue (store, sri, round, NULL, NULL, NULL, &error);
  if (cards == NULL)
    die (error);
  t1 = g_get_monotonic_time ();
  if (!salur_cards_write_pdf (village, cards, &when, pdf, NULL, NULL, NULL, &error))
    die (error);
  t2 = g_get_monotonic_time ();

  for (guint i = 0; i < cards->len; i++)
    {
      SalurCard *card = g_ptr_array_index (cards, i);
      g_autoptr(SalurQr) qr = salur_qr_encode (card->payload, 40, NULL);

      version = MAX (version, salur_qr_get_version (qr));
      g_string_append_printf (payloads, "%s\n", card->payload);
    }
  if (!g_file_set_contents (list, payloads->str, payloads->len, &error))
    die (error);
  printf ("issue %.3f\npdf %.3f\ncards %u\nversion %d\n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, cards->len, version);
  return 0;
}

static int
bench_frame (guint runs, const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (dir, "frame.png", NULL);
  g_autofree char *payload = NULL;
  g_autoptr(SalurQr) qr = NULL;
  g_autoptr(SalurScanner) scanner = salur_scanner_new ();
  g_autoptr(SalurGreyFrame) frame = NULL;
  g_autoptr(GArray) whole = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tracked = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  GString *digits = g_string_new ("1");
  cairo_surface_t *s;
  cairo_t *cr;

  /* a payload's shape (199 digits, version 5): the decoder does not check it */
  while (digits->len < SALUR_CARD_PAYLOAD_LEN)
    g_string_append_c (digits, '0' + g_rand_int_range (rand, 0, 10));
  payload = g_string_free (digits, FALSE);
  qr = salur_qr_encode (payload, SALUR_CARD_QR_MAX_VERSION, &error);
  if (qr == NULL)
    die (error);

  /* a card held up about 30 cm from the webcam: the code some 170 pixels
   * wide, a little turned, on a grey room with some grain */
  s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 640, 480);
  cr = cairo_create (s);
  cairo_set_source_rgb (cr, 0.45, 0.47, 0.5);
  cairo_paint (cr);
  cairo_translate (cr, 330, 250);
  cairo_rotate (cr, 0.12);
  cairo_set_source_rgb (cr, 0.93, 0.93, 0.9);
  cairo_rectangle (cr, -250, -150, 330, 240);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.08, 0.08, 0.1);
  salur_qr_draw (qr, cr, -120, -110, 170);
  cairo_destroy (cr);
  frame = salur_grey_frame_from_surface (s);
  for (int i = 0; i < frame->width * frame->height; i++)
    frame->data[i] = (guint8) CLAMP (frame->data[i] + g_rand_int_range (rand, -12, 13), 0, 255);
  for (int y = 0; y < 480; y++)
    {
      guint8 *row = cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s);
      for (int x = 0; x < 640; x++)
        {
          guint8 v = frame->data[y * frame->stride + x];
          row[4 * x] = row[4 * x + 1] = row[4 * x + 2] = v;
        }
    }
  cairo_surface_mark_dirty (s);
  cairo_surface_write_to_png (s, png);
  cairo_surface_destroy (s);

  for (guint r = 0; r < runs + 5; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_auto(GStrv) a = salur_scanner_decode (scanner, frame, NULL);
      gint64 t1 = g_get_monotonic_time ();
      g_auto(GStrv) b = salur_scanner_track (scanner, frame);
      gint64 t2 = g_get_monotonic_time ();
      double ms_whole = (t1 - t0) / 1000.0, ms_tracked = (t2 - t1) / 1000.0;

      if (a[0] == NULL || strcmp (a[0], payload) != 0 || b[0] == NULL)
        {
          fprintf (stderr, "salur-bench-cards: the frame was not read\n");
          return 1;
        }
      if (r < 5)
        continue;   /* warm-up */
      g_array_append_val (whole, ms_whole);
      g_array_append_val (tracked, ms_tracked);
    }
  printf ("frame_ms %.2f\ntracked_ms %.2f\n", median (whole), median (tracked));

  /* every second row and column, as the webcam reader scans */
  g_array_set_size (whole, 0);
  salur_scanner_set_density (scanner, 2);
  for (guint r = 0; r < runs + 5; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_auto(GStrv) a = salur_scanner_decode (scanner, frame, NULL);
      double ms = (g_get_monotonic_time () - t0) / 1000.0;

      if (a[0] == NULL || strcmp (a[0], payload) != 0)
        {
          fprintf (stderr, "salur-bench-cards: the frame was not read at density 2\n");
          return 1;
        }
      if (r >= 5)
        g_array_append_val (whole, ms);
    }
  printf ("frame2_ms %.2f\n", median (whole));
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "pdf"))
    return bench_pdf ((guint) atoi (argv[2]), argv[3]);
  if (argc == 4 && g_str_equal (argv[1], "frame"))
    return bench_frame ((guint) atoi (argv[2]), argv[3]);
  fprintf (stderr, "usage: salur-bench-cards pdf N DIR | frame RUNS DIR\n");
  return 2;
}
