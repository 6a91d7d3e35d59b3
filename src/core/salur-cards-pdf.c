/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-cards-pdf"
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "salur-card.h"
#include "salur-error.h"
#include "salur-money.h"
#include "salur-pdf.h"
#include "salur-qr.h"

/* The invitation cards on A4: 2 columns × 4 rows of 95 × 68 mm cards, crop
 * marks in the margins and a faint dashed line along every cut. Each dusun
 * starts a new sheet, so the kepala dusun gets a pile of their own. The
 * text is Indonesian whatever the UI language: it is an official document. */

#define COLS        2
#define ROWS        4
#define CARD_W      SALUR_MM (95.0)
#define CARD_H      SALUR_MM (68.0)
#define MARGIN_X    ((SALUR_A4_WIDTH - COLS * CARD_W) / 2)
#define MARGIN_Y    ((SALUR_A4_HEIGHT - ROWS * CARD_H) / 2)
#define PAD         SALUR_MM (4.5)
#define QR_SIDE     SALUR_MM (26.0)      /* the symbol itself; its quiet zone is white card around it */
#define QR_COL      SALUR_MM (31.0)
#define LABEL_W     SALUR_MM (14.0)

#define FONT_TITLE  SALUR_FONT " Bold 9.2"
#define FONT_SUB    SALUR_FONT " 6.6"
#define FONT_SMALL  SALUR_FONT " 6"
#define FONT_LABEL  SALUR_FONT " 7"
#define FONT_VALUE  SALUR_FONT " 7.4"
#define FONT_STRONG SALUR_FONT " Bold 7.6"
#define FONT_WORDS  SALUR_FONT " Oblique 6.4"
#define FONT_NAME   SALUR_FONT " Bold 10"
#define FONT_CODE   SALUR_FONT_MONO " Bold 12"

/* Pango layouts made once and reused: shaping the same words again for
 * every card costs more than drawing them. Text that repeats from card to
 * card (labels, the date, the amount) keeps a layout of its own; text that
 * is different on each card (a name, a NIK) reuses one layout per font. */
typedef struct {
  cairo_t     *cr;
  GHashTable  *layouts;    /* font -> PangoLayout, for text of one card */
  GHashTable  *repeated;   /* font, width, alignment and text -> PangoLayout */
} Drawer;

/* Like salur_pdf_layout, on whatever CR the sheet is drawn: a PDF page, a
 * preview on screen, a printer's page */
static PangoLayout *
new_layout (cairo_t *cr, const char *font, double width, PangoAlignment align, const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  /* sizes are points whatever the surface: Pango would assume 96 dpi */
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

static PangoLayout *
layout_for (Drawer *d, const char *font, double width, PangoAlignment align, const char *text, gboolean repeats)
{
  g_autofree char *key = NULL;
  PangoLayout *layout;

  if (repeats)
    {
      key = g_strdup_printf ("%s|%d|%d|%s", font, (int) (width * 100), align, text);
      layout = g_hash_table_lookup (d->repeated, key);
      if (layout != NULL)
        return layout;
      /* a bound, should a caller pass text that does not repeat */
      if (g_hash_table_size (d->repeated) > 512)
        g_hash_table_remove_all (d->repeated);
      layout = new_layout (d->cr, font, width, align, text);
      g_hash_table_insert (d->repeated, g_steal_pointer (&key), layout);
      return layout;
    }
  layout = g_hash_table_lookup (d->layouts, font);
  if (layout == NULL)
    {
      layout = new_layout (d->cr, font, 0, PANGO_ALIGN_LEFT, "");
      g_hash_table_insert (d->layouts, (gpointer) font, layout);
    }
  pango_layout_set_width (layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (layout, -1000);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
draw_layout (Drawer *d, PangoLayout *layout, double x, double y)
{
  int w, h;

  cairo_move_to (d->cr, x, y);
  pango_cairo_show_layout (d->cr, layout);
  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* Text that repeats from card to card */
static double
show (Drawer *d, double x, double y, double width, const char *font, PangoAlignment align, const char *text)
{
  return draw_layout (d, layout_for (d, font, width, align, text, TRUE), x, y);
}

/* Text of this card only */
static double
show_own (Drawer *d, double x, double y, double width, const char *font, PangoAlignment align, const char *text)
{
  return draw_layout (d, layout_for (d, font, width, align, text, FALSE), x, y);
}

/* At most LINES lines, the rest ellipsized: a long name never pushes the
 * rest of the card off */
static double
show_lines (Drawer *d, double x, double y, double width, const char *font, int lines, const char *text)
{
  PangoLayout *layout = layout_for (d, font, width, PANGO_ALIGN_LEFT, text, FALSE);

  pango_layout_set_height (layout, -lines);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return draw_layout (d, layout, x, y);
}

/* "Bulan    Oktober, November dan Desember 2026" */
static double
field (Drawer *d, double x, double y, double width, const char *label, const char *font, const char *value)
{
  double h;

  show (d, x, y + 0.4, LABEL_W, FONT_LABEL, PANGO_ALIGN_LEFT, label);
  h = show (d, x + LABEL_W, y, width - LABEL_W, font, PANGO_ALIGN_LEFT, value);
  return h + SALUR_MM (0.7);
}

static void
crop_marks (cairo_t *cr)
{
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.4);
  for (int c = 0; c <= COLS; c++)
    {
      double x = MARGIN_X + c * CARD_W;
      cairo_move_to (cr, x, MARGIN_Y - SALUR_MM (7));
      cairo_line_to (cr, x, MARGIN_Y - SALUR_MM (2));
      cairo_move_to (cr, x, MARGIN_Y + ROWS * CARD_H + SALUR_MM (2));
      cairo_line_to (cr, x, MARGIN_Y + ROWS * CARD_H + SALUR_MM (7));
    }
  for (int r = 0; r <= ROWS; r++)
    {
      double y = MARGIN_Y + r * CARD_H;
      cairo_move_to (cr, MARGIN_X - SALUR_MM (7), y);
      cairo_line_to (cr, MARGIN_X - SALUR_MM (2), y);
      cairo_move_to (cr, MARGIN_X + COLS * CARD_W + SALUR_MM (2), y);
      cairo_line_to (cr, MARGIN_X + COLS * CARD_W + SALUR_MM (7), y);
    }
  cairo_stroke (cr);

  /* the cuts themselves, faint: a guide for scissors, gone after the cut */
  {
    const double dash[] = { 2.0, 2.0 };
    cairo_set_source_rgb (cr, 0.72, 0.72, 0.72);
    cairo_set_line_width (cr, 0.3);
    cairo_set_dash (cr, dash, 2, 0);
    for (int c = 0; c <= COLS; c++)
      {
        cairo_move_to (cr, MARGIN_X + c * CARD_W, MARGIN_Y);
        cairo_line_to (cr, MARGIN_X + c * CARD_W, MARGIN_Y + ROWS * CARD_H);
      }
    for (int r = 0; r <= ROWS; r++)
      {
        cairo_move_to (cr, MARGIN_X, MARGIN_Y + r * CARD_H);
        cairo_line_to (cr, MARGIN_X + COLS * CARD_W, MARGIN_Y + r * CARD_H);
      }
    cairo_stroke (cr);
  }
  cairo_restore (cr);
}

static void
sheet_header (Drawer *d, const char *left, const char *right)
{
  cairo_set_source_rgb (d->cr, 0.35, 0.35, 0.35);
  show_own (d, MARGIN_X + SALUR_MM (6), SALUR_MM (4), CARD_W - SALUR_MM (10), FONT_SMALL, PANGO_ALIGN_LEFT, left);
  show_own (d, MARGIN_X + CARD_W + SALUR_MM (4), SALUR_MM (4), CARD_W - SALUR_MM (10), FONT_SMALL,
        PANGO_ALIGN_RIGHT, right);
  cairo_set_source_rgb (d->cr, 0, 0, 0);
}

/* The sheets of a set of cards: what is the same on every card, worked out
 * once, and where each sheet starts */
struct _SalurCardSheets {
  GPtrArray   *cards;         /* SalurCard, a reference */
  GArray      *starts;        /* guint: the first card of each sheet */
  gint64       amount;        /* per month */
  char        *desa;
  char        *place;         /* NULL: a line to fill in */
  char        *village_line;
  char        *date_label;    /* NULL: a line to fill in */
  char        *time_label;
  Drawer       drawer;
};

typedef SalurCardSheets Sheet;

static void
draw_card (Drawer *d, const Sheet *s, const SalurCard *card, double x0, double y0)
{
  cairo_t *cr = d->cr;
  const SalurKpm *kpm = card->kpm;
  double x = x0 + PAD, y = y0 + PAD - SALUR_MM (0.5);
  double inner = CARD_W - 2 * PAD;
  double text_w = inner - QR_COL - SALUR_MM (2);
  /* four modules of white around the code on every side: the frame and
   * the rule under the heading stay clear of it */
  double qx = x0 + CARD_W - PAD - SALUR_MM (1) - QR_SIDE, qy;
  gint64 total = s->amount * (gint64) card->months->len;
  g_autofree char *masked = salur_nik_mask (kpm->nik);
  g_autofree char *nik_line = g_strdup_printf ("NIK %s", masked);
  g_autofree char *where = NULL;
  g_autofree char *months = salur_card_months_label (card->months);
  g_autofree char *amount = salur_rupiah_format (total);
  g_autofree char *words = salur_terbilang (total);
  g_autofree char *words_line = g_strdup_printf ("(%s)", words);
  g_autofree char *code = salur_short_code_format (card->short_code);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurQr) qr = salur_qr_encode (card->payload, SALUR_CARD_QR_MAX_VERSION, &error);

  if (kpm->rt[0] != '\0' || kpm->rw[0] != '\0')
    where = g_strdup_printf ("Dusun %s, RT %s / RW %s", kpm->dusun, kpm->rt[0] ? kpm->rt : "-",
                             kpm->rw[0] ? kpm->rw : "-");
  else
    where = g_strdup_printf ("Dusun %s", kpm->dusun);

  /* the card's own frame, inside the cut */
  cairo_save (cr);
  cairo_set_line_width (cr, 0.6);
  cairo_rectangle (cr, x0 + SALUR_MM (2), y0 + SALUR_MM (2), CARD_W - SALUR_MM (4), CARD_H - SALUR_MM (4));
  cairo_stroke (cr);
  cairo_restore (cr);

  /* head */
  y += show (d, x, y, inner, FONT_TITLE, PANGO_ALIGN_CENTER, "UNDANGAN PENYALURAN BLT DANA DESA");
  y += show (d, x, y, inner, FONT_SUB, PANGO_ALIGN_CENTER, s->village_line);
  y += SALUR_MM (1);
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + inner, y);
  cairo_stroke (cr);
  y += SALUR_MM (1.5);
  qy = y + SALUR_MM (1.3);

  /* who */
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  y += show (d, x, y, text_w, FONT_SMALL, PANGO_ALIGN_LEFT, "Kepada Yth.");
  cairo_set_source_rgb (cr, 0, 0, 0);
  y += show_lines (d, x, y, text_w, FONT_NAME, 2, kpm->name);
  y += show_own (d, x, y, text_w, FONT_VALUE, PANGO_ALIGN_LEFT, nik_line);
  y += show_lines (d, x, y, text_w, FONT_VALUE, 2, where);
  y += SALUR_MM (1.6);

  /* what and when */
  y += field (d, x, y, text_w, "Bulan", FONT_VALUE, months);
  y += field (d, x, y, text_w, "Jumlah", FONT_STRONG, amount) - SALUR_MM (0.7);
  y += show (d, x + LABEL_W, y, text_w - LABEL_W, FONT_WORDS, PANGO_ALIGN_LEFT, words_line) + SALUR_MM (0.7);
  y += field (d, x, y, text_w, "Hari/tgl", FONT_VALUE,
              s->date_label != NULL ? s->date_label : "..................................");
  y += field (d, x, y, text_w, "Pukul", FONT_VALUE, s->time_label != NULL ? s->time_label : "............. s.d. selesai");
  field (d, x, y, text_w, "Tempat", FONT_VALUE,
         s->place != NULL ? s->place : "..................................");

  /* the QR code and the short code under it */
  if (qr != NULL)
    salur_qr_draw_image (qr, cr, qx, qy, QR_SIDE);
  else
    g_warning ("card %s: %s", card->serial, error->message);
  {
    double cy = qy + QR_SIDE + SALUR_MM (1.8);
    double cw = QR_COL + SALUR_MM (2);
    double cx = qx + QR_SIDE / 2 - cw / 2;

    cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
    cy += show (d, cx, cy, cw, FONT_SMALL, PANGO_ALIGN_CENTER, "KODE KARTU");
    cairo_set_source_rgb (cr, 0, 0, 0);
    show_own (d, cx, cy, cw, FONT_CODE, PANGO_ALIGN_CENTER, code);
  }

  /* foot */
  {
    double fy = y0 + CARD_H - PAD - SALUR_MM (6.2);

    cairo_set_line_width (cr, 0.4);
    cairo_move_to (cr, x, fy - SALUR_MM (1));
    cairo_line_to (cr, x + inner, fy - SALUR_MM (1));
    cairo_stroke (cr);
    fy += show (d, x, fy, inner, FONT_STRONG, PANGO_ALIGN_LEFT, "Bawa kartu ini beserta KTP dan KK asli.");
    show (d, x, fy, inner, FONT_SMALL, PANGO_ALIGN_LEFT,
          "Diwakilkan keluarga? Bawa surat kuasa dan KTP kedua pihak.");
  }
}

static void
drawer_clear (Drawer *d)
{
  g_clear_pointer (&d->layouts, g_hash_table_unref);
  g_clear_pointer (&d->repeated, g_hash_table_unref);
  d->cr = NULL;
}

/* public API */

SalurCardSheets *
salur_card_sheets_new (const SalurVillage       *village,
                       GPtrArray                *cards,
                       const SalurCardSchedule  *schedule,
                       GError                  **error)
{
  g_autoptr(SalurCardSheets) s = NULL;
  SalurCardSchedule none = { 0 };
  const char *dusun = NULL;
  guint n = 0;

  g_return_val_if_fail (village != NULL && cards != NULL, NULL);

  if (schedule == NULL)
    schedule = &none;
  if (!salur_card_schedule_check (schedule, error))
    return NULL;
  if (cards->len == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND, _("There are no cards to print."));
      return NULL;
    }

  s = g_new0 (SalurCardSheets, 1);
  s->cards = g_ptr_array_ref (cards);
  s->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  /* sheets: each dusun from a new one */
  for (guint i = 0; i < cards->len; i++)
    {
      const SalurCard *card = g_ptr_array_index (cards, i);

      if (i == 0 || g_strcmp0 (card->kpm->dusun, dusun) != 0 || n == SALUR_CARDS_PER_SHEET)
        {
          g_array_append_val (s->starts, i);
          n = 0;
        }
      n++;
      dusun = card->kpm->dusun;
    }

  s->amount = village->amount;
  s->desa = g_strdup (village->desa);
  s->place = g_strdup (schedule->place);
  s->village_line = village->kabupaten[0] != '\0'
                    ? g_strdup_printf ("DESA %s · KECAMATAN %s · KABUPATEN %s", village->desa, village->kecamatan,
                                       village->kabupaten)
                    : g_strdup_printf ("DESA %s · KECAMATAN %s", village->desa, village->kecamatan);
  {
    char *upper = g_utf8_strup (s->village_line, -1);
    g_free (s->village_line);
    s->village_line = upper;
  }
  s->date_label = schedule->date != NULL ? salur_date_format_id (schedule->date) : NULL;
  if (schedule->time != NULL)
    s->time_label = g_strdup_printf ("%c%c.%c%c s.d. selesai", schedule->time[0], schedule->time[1],
                                     schedule->time[3], schedule->time[4]);
  return g_steal_pointer (&s);
}

guint
salur_card_sheets_count (SalurCardSheets *sheets)
{
  g_return_val_if_fail (sheets != NULL, 0);

  return sheets->starts->len;
}

void
salur_card_sheets_draw (SalurCardSheets *sheets,
                        guint            index,
                        cairo_t         *cr)
{
  Drawer *d;
  guint first, end;
  const char *dusun;
  g_autofree char *left = NULL, *right = NULL;

  g_return_if_fail (sheets != NULL && cr != NULL);
  g_return_if_fail (index < sheets->starts->len);

  /* layouts follow the surface they were made for */
  d = &sheets->drawer;
  if (d->cr != cr)
    {
      drawer_clear (d);
      d->cr = cr;
      d->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
      d->repeated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
    }

  first = g_array_index (sheets->starts, guint, index);
  end = index + 1 < sheets->starts->len ? g_array_index (sheets->starts, guint, index + 1) : sheets->cards->len;
  dusun = ((SalurCard *) g_ptr_array_index (sheets->cards, first))->kpm->dusun;

  cairo_save (cr);
  /* a sheet of paper: white, whatever was under it */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, SALUR_A4_WIDTH, SALUR_A4_HEIGHT);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  left = g_strdup_printf ("Kartu undangan BLT Dana Desa %s · Dusun %s", sheets->desa, dusun);
  right = g_strdup_printf ("Lembar %u dari %u · gunting pada garis", index + 1, sheets->starts->len);
  sheet_header (d, left, right);
  crop_marks (cr);
  for (guint i = first, slot = 0; i < end; i++, slot++)
    draw_card (d, sheets, g_ptr_array_index (sheets->cards, i),
               MARGIN_X + (slot % COLS) * CARD_W, MARGIN_Y + (slot / COLS) * CARD_H);
  cairo_restore (cr);
}

void
salur_card_sheets_free (SalurCardSheets *sheets)
{
  if (sheets == NULL)
    return;
  drawer_clear (&sheets->drawer);
  g_ptr_array_unref (sheets->cards);
  g_array_unref (sheets->starts);
  g_free (sheets->desa);
  g_free (sheets->place);
  g_free (sheets->village_line);
  g_free (sheets->date_label);
  g_free (sheets->time_label);
  g_free (sheets);
}

gboolean
salur_cards_write_pdf (const SalurVillage      *village,
                       GPtrArray               *cards,
                       const SalurCardSchedule *schedule,
                       const char              *path,
                       GCancellable            *cancellable,
                       SalurProgressFunc        progress,
                       gpointer                 progress_data,
                       GError                 **error)
{
  g_autoptr(SalurCardSheets) sheets = NULL;
  g_autoptr(SalurPdf) pdf = NULL;
  guint n;

  g_return_val_if_fail (village != NULL && cards != NULL && path != NULL, FALSE);

  sheets = salur_card_sheets_new (village, cards, schedule, error);
  if (sheets == NULL)
    return FALSE;
  pdf = salur_pdf_new (path, SALUR_A4_WIDTH, SALUR_A4_HEIGHT, error);
  if (pdf == NULL)
    return FALSE;

  n = salur_card_sheets_count (sheets);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        {
          salur_pdf_next_page (pdf);
          if (progress != NULL)
            progress ((double) i / n, progress_data);
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
        }
      salur_card_sheets_draw (sheets, i, salur_pdf_get_cr (pdf));
    }
  if (progress != NULL)
    progress (1.0, progress_data);

  /* the layouts belong to the PDF's surface, which finishing destroys */
  drawer_clear (&sheets->drawer);
  return salur_pdf_finish (pdf, error);
}
