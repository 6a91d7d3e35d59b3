/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-public-list"
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "salur-doc-private.h"
#include "salur-error.h"
#include "salur-money.h"
#include "salur-pdf.h"
#include "salur-public-list.h"

#define PAGE_W      SALUR_A4_WIDTH
#define PAGE_H      SALUR_A4_HEIGHT
#define MARGIN      SALUR_MM (14)
#define BOTTOM      (PAGE_H - MARGIN - 34)
#define PAD         3.0
#define HEAD_H      18.0
#define GROUP_H     15.0
#define CLOSING_H   110.0

enum { C_NO, C_NAME, C_NIK, C_DUSUN, C_RTRW, C_STATE, N_COLS };

static const struct {
  const char     *title;
  double          width;
  PangoAlignment  align;
} columns[N_COLS] = {
  [C_NO]    = { "No",           26, PANGO_ALIGN_RIGHT },
  [C_NAME]  = { "Nama KPM",    170, PANGO_ALIGN_LEFT },
  [C_NIK]   = { "NIK",          92, PANGO_ALIGN_LEFT },
  [C_DUSUN] = { "Dusun",        80, PANGO_ALIGN_LEFT },
  [C_RTRW]  = { "RT/RW",        46, PANGO_ALIGN_CENTER },
  [C_STATE] = { "Keterangan",  101, PANGO_ALIGN_LEFT },
};

typedef struct {
  SalurPdf     *pdf;
  cairo_t      *cr;
  double        x[N_COLS + 1];
  SalurDocText *cell[N_COLS];
  SalurDocText *nik;
} Draw;

static void
gray (cairo_t *cr, double g)
{
  cairo_set_source_rgb (cr, g, g, g);
}

static void
hline (cairo_t *cr, double x0, double x1, double y, double w)
{
  cairo_set_line_width (cr, w);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
}

static const char *
state_text (const SalurReportRow *row)
{
  /* never why someone was absent: that may be about their health */
  switch (row->state)
    {
    case SALUR_REPORT_PAID:
      return "Sudah diterima";
    case SALUR_REPORT_PARTLY_PAID:
      return "Diterima sebagian";
    case SALUR_REPORT_ABSENT:
    case SALUR_REPORT_UNPAID:
    case SALUR_REPORT_CLOSED:
    default:
      return "Belum diterima";
    }
}

static double
row_height (Draw *d, const SalurReportRow *row)
{
  return MAX (14.0, _salur_doc_text_height (d->cell[C_NAME], row->kpm->name) + 2 * PAD);
}

static double
draw_head (Draw *d, double y)
{
  gray (d->cr, 0.86);
  cairo_rectangle (d->cr, d->x[0], y, d->x[N_COLS] - d->x[0], HEAD_H);
  cairo_fill (d->cr);
  gray (d->cr, 0);
  for (int c = 0; c < N_COLS; c++)
    {
      g_autoptr(SalurDocText) t = _salur_doc_text_new (d->cr, "DejaVu Sans Bold 7.5", columns[c].width - 2 * PAD,
                                                       columns[c].align);
      _salur_doc_text_draw (t, d->x[c] + PAD, y + 4.5, columns[c].title);
    }
  hline (d->cr, d->x[0], d->x[N_COLS], y, 0.8);
  hline (d->cr, d->x[0], d->x[N_COLS], y + HEAD_H, 0.8);
  return y + HEAD_H;
}

static void
draw_group (Draw *d, const char *dusun, guint count, double y, gboolean continued)
{
  g_autoptr(SalurDocText) t = _salur_doc_text_new (d->cr, "DejaVu Sans Bold 7.5", 0, PANGO_ALIGN_LEFT);
  g_autofree char *up = g_utf8_strup (dusun, -1);
  g_autofree char *text = g_strdup_printf ("DUSUN %s — %u KPM%s", up, count, continued ? " (lanjutan)" : "");

  gray (d->cr, 0.95);
  cairo_rectangle (d->cr, d->x[0], y, d->x[N_COLS] - d->x[0], GROUP_H);
  cairo_fill (d->cr);
  gray (d->cr, 0);
  _salur_doc_text_draw (t, d->x[0] + PAD, y + 3.5, text);
  hline (d->cr, d->x[0], d->x[N_COLS], y + GROUP_H, 0.4);
}

static void
draw_row (Draw *d, const SalurReportRow *row, guint number, double y, double h)
{
  g_autofree char *no = g_strdup_printf ("%u", number);
  g_autofree char *nik = _salur_doc_nik_masked (row->kpm->nik);
  g_autofree char *rtrw = salur_kpm_rt_rw (row->kpm);

  _salur_doc_text_draw (d->cell[C_NO], d->x[C_NO] + PAD, y + PAD, no);
  _salur_doc_text_draw (d->cell[C_NAME], d->x[C_NAME] + PAD, y + PAD, row->kpm->name);
  _salur_doc_text_draw (d->nik, d->x[C_NIK] + PAD, y + PAD, nik);
  _salur_doc_text_draw (d->cell[C_DUSUN], d->x[C_DUSUN] + PAD, y + PAD, row->kpm->dusun);
  _salur_doc_text_draw (d->cell[C_RTRW], d->x[C_RTRW] + PAD, y + PAD, rtrw);
  _salur_doc_text_draw (d->cell[C_STATE], d->x[C_STATE] + PAD, y + PAD, state_text (row));
  gray (d->cr, 0.7);
  hline (d->cr, d->x[0], d->x[N_COLS], y + h, 0.3);
  gray (d->cr, 0);
}

static double
draw_title (Draw *d, SalurReport *report, gboolean measure)
{
  cairo_t *cr = d->cr;
  SalurVillage *v = report->village;
  double w = PAGE_W - 2 * MARGIN, y = MARGIN;
  g_autoptr(SalurDocText) head = _salur_doc_text_new (cr, "DejaVu Sans Bold 10", w, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) sub = _salur_doc_text_new (cr, "DejaVu Sans 8", w, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) title = _salur_doc_text_new (cr, "DejaVu Sans Bold 12.5", w, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) title2 = _salur_doc_text_new (cr, "DejaVu Sans Bold 9.5", w, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) text = _salur_doc_text_new (cr, "DejaVu Sans 7.5", w, PANGO_ALIGN_LEFT);
  g_autofree char *desa = g_utf8_strup (v->desa, -1);
  g_autofree char *kec = g_utf8_strup (v->kecamatan, -1);
  g_autofree char *kab = g_utf8_strup (v->kabupaten, -1);
  g_autofree char *l1 = g_strdup_printf ("PEMERINTAH DESA %s", desa);
  g_autofree char *l2 = g_strdup_printf ("KECAMATAN %s — KABUPATEN %s", kec, kab);
  g_autofree char *months = _salur_doc_months (report->months, FALSE);
  g_autofree char *months_up = g_utf8_strup (months, -1);
  g_autofree char *t2 = g_strdup_printf ("BANTUAN LANGSUNG TUNAI DANA DESA — %s", months_up);
  g_autofree char *amount = salur_rupiah_format (v->amount);
  g_autofree char *intro = NULL;
  guint listed = 0;

  for (guint i = 0; i < report->rows->len; i++)
    listed += ((SalurReportRow *) g_ptr_array_index (report->rows, i))->state != SALUR_REPORT_CLOSED;
  intro = g_strdup_printf ("Berikut %u keluarga penerima manfaat (KPM) BLT Dana Desa %s untuk %s, sesuai Keputusan "
                           "Kepala Desa tentang penetapan KPM. Besaran bantuan %s per KPM per bulan. Untuk melindungi "
                           "data pribadi, NIK hanya ditampilkan 4 angka awal dan 4 angka akhir.",
                           listed, v->desa, months, amount);
#define TEXT(t, s) (measure ? _salur_doc_text_height (t, s) : _salur_doc_text_draw (t, MARGIN, y, s))
  y += TEXT (head, l1);
  y += TEXT (sub, l2) + 4;
  if (!measure)
    {
      hline (cr, MARGIN, PAGE_W - MARGIN, y, 1.2);
      hline (cr, MARGIN, PAGE_W - MARGIN, y + 2, 0.4);
    }
  y += 9;
  y += TEXT (title, "DAFTAR KELUARGA PENERIMA MANFAAT (KPM)");
  y += TEXT (title2, t2) + 7;
  y += TEXT (text, intro) + 7;
#undef TEXT
  return y;
}

static void
draw_footer (Draw *d, SalurReport *report, guint page, guint pages)
{
  cairo_t *cr = d->cr;
  double y = PAGE_H - MARGIN - 26, w = PAGE_W - 2 * MARGIN;
  g_autoptr(SalurDocText) text = _salur_doc_text_new (cr, "DejaVu Sans 6.5", w - 90, PANGO_ALIGN_LEFT);
  g_autoptr(SalurDocText) num = _salur_doc_text_new (cr, "DejaVu Sans Bold 7.5", 90, PANGO_ALIGN_RIGHT);
  g_autofree char *pn = g_strdup_printf ("Halaman %u dari %u", page, pages);
  g_autofree char *note = g_strdup_printf ("Warga yang mengetahui KPM yang tidak layak menerima, atau keluarga layak yang "
                                           "belum terdaftar, dapat menyampaikan sanggahan kepada Pemerintah Desa %s di "
                                           "kantor desa.", report->village->desa);

  gray (cr, 0.5);
  hline (cr, MARGIN, PAGE_W - MARGIN, y - 3, 0.4);
  gray (cr, 0.25);
  _salur_doc_text_draw (text, MARGIN, y, note);
  gray (cr, 0);
  _salur_doc_text_draw (num, PAGE_W - MARGIN - 90, y, pn);
}

static void
draw_closing (Draw *d, SalurReport *report, const char *date, double y)
{
  g_autoptr(SalurDocText) t = _salur_doc_text_new (d->cr, "DejaVu Sans 8", 200, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) name = _salur_doc_text_new (d->cr, "DejaVu Sans Bold 8.5", 200, PANGO_ALIGN_CENTER);
  SalurVillage *v = report->village;
  double x = PAGE_W - MARGIN - 200;
  g_autofree char *place = g_strdup_printf ("%s, %s", v->desa, date);
  g_autofree char *kades = g_strdup_printf ("Kepala Desa %s", v->desa);
  g_autofree char *up = g_utf8_strup (v->kepala_desa[0] != '\0' ? v->kepala_desa : "(....................................)", -1);

  _salur_doc_text_draw (t, x, y, place);
  _salur_doc_text_draw (t, x, y + 11, kades);
  _salur_doc_text_draw (name, x, y + 72, up);
}

static char *
date_long (const char *date)
{
  char iso[11];

  if (date != NULL && salur_date_parse (date, iso))
    {
      g_autoptr(GDateTime) t = g_date_time_new_local (atoi (iso), atoi (iso + 5), atoi (iso + 8), 12, 0, 0);
      return _salur_doc_gdate_long (t);
    }
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    return _salur_doc_gdate_long (now);
  }
}

gboolean
salur_public_list_write_pdf (SalurReport  *report,
                             const char   *path,
                             const char   *date,
                             GError      **error)
{
  g_autoptr(SalurPdf) pdf = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *date_text = NULL;
  Draw d = { 0 };
  double y, top_first, top_next = MARGIN + 16 + HEAD_H;
  guint pages, closing_page;
  double closing_y;
  gboolean ok;

  g_return_val_if_fail (report != NULL && path != NULL, FALSE);

  if (date != NULL)
    {
      char iso[11];
      if (!salur_date_parse (date, iso))
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("“%s” is not a date: write YYYY-MM-DD."), date);
          return FALSE;
        }
    }
  date_text = date_long (date);
  for (guint i = 0; i < report->rows->len; i++)
    {
      SalurReportRow *row = g_ptr_array_index (report->rows, i);
      if (row->state != SALUR_REPORT_CLOSED)
        g_ptr_array_add (rows, row);
    }

  pdf = salur_pdf_new (path, PAGE_W, PAGE_H, error);
  if (pdf == NULL)
    return FALSE;
  d.pdf = pdf;
  d.cr = salur_pdf_get_cr (pdf);
  d.x[0] = MARGIN;
  for (int c = 0; c < N_COLS; c++)
    {
      d.x[c + 1] = d.x[c] + columns[c].width;
      d.cell[c] = _salur_doc_text_new (d.cr, "DejaVu Sans 7.5", columns[c].width - 2 * PAD, columns[c].align);
    }
  d.nik = _salur_doc_text_new (d.cr, "DejaVu Sans Mono 7.5", 0, PANGO_ALIGN_LEFT);
  {
    cairo_surface_t *surface = cairo_get_target (d.cr);
    g_autofree char *months = _salur_doc_months (report->months, FALSE);
    g_autofree char *title = g_strdup_printf ("Daftar KPM BLT Dana Desa %s, %s", report->village->desa, months);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, report->village->desa);
  }

  /* pagination: a page starts with the table head and, when a dusun goes
   * on, its name again */
  top_first = draw_title (&d, report, TRUE) + HEAD_H;
  y = top_first;
  {
    guint zero = 0;
    g_array_append_val (starts, zero);
  }
  for (guint i = 0; i < rows->len; i++)
    {
      SalurReportRow *row = g_ptr_array_index (rows, i);
      gboolean new_group = i == 0 || !g_str_equal (row->kpm->dusun, ((SalurReportRow *) g_ptr_array_index (rows, i - 1))->kpm->dusun);
      double h = row_height (&d, row);
      double need = h + GROUP_H * new_group;

      g_array_append_val (heights, h);
      if (y + need > BOTTOM && y > top_next)
        {
          g_array_append_val (starts, i);
          y = top_next + GROUP_H;
          need = h;
        }
      y += need;
    }
  if (y + 10 + CLOSING_H > BOTTOM)
    closing_page = starts->len, closing_y = MARGIN + 20;
  else
    closing_page = starts->len - 1, closing_y = y + 16;
  pages = MAX (starts->len, closing_page + 1);

  for (guint p = 0; p < pages; p++)
    {
      if (p > 0)
        salur_pdf_next_page (pdf);
      if (p < starts->len)
        {
          guint from = g_array_index (starts, guint, p);
          guint to = p + 1 < starts->len ? g_array_index (starts, guint, p + 1) : rows->len;

          if (p == 0)
            y = draw_title (&d, report, FALSE);
          else
            {
              g_autoptr(SalurDocText) t = _salur_doc_text_new (d.cr, "DejaVu Sans 7", 0, PANGO_ALIGN_LEFT);
              g_autofree char *months = _salur_doc_months (report->months, FALSE);
              g_autofree char *line = g_strdup_printf ("Daftar KPM BLT Dana Desa %s · %s (lanjutan)",
                                                       report->village->desa, months);
              gray (d.cr, 0.3);
              _salur_doc_text_draw (t, MARGIN, MARGIN, line);
              gray (d.cr, 0);
              y = MARGIN + 16;
            }
          y = draw_head (&d, y);
          for (guint i = from; i < to; i++)
            {
              SalurReportRow *row = g_ptr_array_index (rows, i);
              gboolean new_group = i == 0 || !g_str_equal (row->kpm->dusun, ((SalurReportRow *) g_ptr_array_index (rows, i - 1))->kpm->dusun);

              if (new_group || i == from)
                {
                  guint count = 0;
                  for (guint j = 0; j < rows->len; j++)
                    count += g_str_equal (((SalurReportRow *) g_ptr_array_index (rows, j))->kpm->dusun, row->kpm->dusun);
                  draw_group (&d, row->kpm->dusun, count, y, !new_group);
                  y += GROUP_H;
                }
              draw_row (&d, row, i + 1, y, g_array_index (heights, double, i));
              y += g_array_index (heights, double, i);
            }
          hline (d.cr, d.x[0], d.x[N_COLS], y, 0.8);
        }
      if (p == closing_page)
        draw_closing (&d, report, date_text, p < starts->len ? closing_y : MARGIN + 20);
      draw_footer (&d, report, p + 1, pages);
    }
  ok = salur_pdf_finish (pdf, error);
  for (int c = 0; c < N_COLS; c++)
    _salur_doc_text_free (d.cell[c]);
  _salur_doc_text_free (d.nik);
  return ok;
}
