/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-receipt"
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "salur-doc-private.h"
#include "salur-error.h"
#include "salur-event.h"
#include "salur-money.h"
#include "salur-pdf.h"
#include "salur-receipt.h"
#include "salur-signature-draw.h"
#include "salur-store-private.h"

#define CODE_CHARS 8

typedef struct {
  const SalurPayment *payment;
  SalurVillage       *village;
  SalurKpm           *kpm;        /* NULL if the list no longer has it */
  char               *code;
} Receipt;

/* helpers */

static char *
code_of_hash (const guint8 *hash)
{
  guint8 out[32];
  crypto_generichash_state state;

  crypto_generichash_init (&state, NULL, 0, sizeof out);
  crypto_generichash_update (&state, hash, SALUR_HASH_LEN);
  crypto_generichash_update (&state, (const guint8 *) "receipt", 7);
  crypto_generichash_final (&state, out, sizeof out);
  return _salur_doc_base32 (out, sizeof out, CODE_CHARS);
}

static char *
dashed (const char *code)
{
  return g_strdup_printf ("%.4s-%s", code, code + 4);
}

static char *
weekday_date_time (const char *utc)
{
  static const char *const days[] = { "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu" };
  g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (utc, NULL);
  g_autoptr(GDateTime) local = t != NULL ? g_date_time_to_local (t) : NULL;
  g_autofree char *date = NULL, *time = NULL;

  if (local == NULL)
    return g_strdup (utc);
  date = _salur_doc_gdate_long (local);
  time = g_date_time_format (local, "%H.%M");
  return g_strdup_printf ("%s, %s pukul %s", days[g_date_time_get_day_of_week (local) - 1], date, time);
}

static void
gray (cairo_t *cr, double g)
{
  cairo_set_source_rgb (cr, g, g, g);
}

static void
rule (cairo_t *cr, double x0, double x1, double y, double w)
{
  cairo_set_line_width (cr, w);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
}

/* Draws the receipt in WIDTH points from the top; returns the height used */
static double
draw (cairo_t *cr, const Receipt *r, double width, gboolean roll)
{
  const SalurPayment *p = r->payment;
  SalurVillage *v = r->village;
  double m = roll ? SALUR_MM (4) : SALUR_MM (6);
  double w = width - 2 * m, y = roll ? SALUR_MM (3) : SALUR_MM (6);
  double label_w = roll ? 52 : 60, value_w = w - label_w - 6;
  double s = roll ? 0.94 : 1.0;     /* a roll is narrower: slightly smaller type */
  g_autofree char *f_head = g_strdup_printf ("DejaVu Sans Bold %.1f", 9 * s);
  g_autofree char *f_sub = g_strdup_printf ("DejaVu Sans %.1f", 7 * s);
  g_autofree char *f_title = g_strdup_printf ("DejaVu Sans Bold %.1f", 12.5 * s);
  g_autofree char *f_no = g_strdup_printf ("DejaVu Sans Mono Bold %.1f", 9 * s);
  g_autofree char *f_text = g_strdup_printf ("DejaVu Sans %.1f", 7.5 * s);
  g_autofree char *f_bold = g_strdup_printf ("DejaVu Sans Bold %.1f", 7.5 * s);
  g_autofree char *f_amount = g_strdup_printf ("DejaVu Sans Bold %.1f", 14 * s);
  g_autofree char *f_words = g_strdup_printf ("DejaVu Serif %.1f", 7.5 * s);
  g_autoptr(SalurDocText) head = _salur_doc_text_new (cr, f_head, w, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) sub = _salur_doc_text_new (cr, f_sub, w, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) title = _salur_doc_text_new (cr, f_title, w, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) no = _salur_doc_text_new (cr, f_no, w, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) text = _salur_doc_text_new (cr, f_text, w, PANGO_ALIGN_LEFT);
  g_autoptr(SalurDocText) label = _salur_doc_text_new (cr, f_text, label_w, PANGO_ALIGN_LEFT);
  g_autoptr(SalurDocText) value = _salur_doc_text_new (cr, f_text, value_w, PANGO_ALIGN_LEFT);
  g_autoptr(SalurDocText) strong = _salur_doc_text_new (cr, f_bold, value_w, PANGO_ALIGN_LEFT);
  g_autoptr(SalurDocText) amount = _salur_doc_text_new (cr, f_amount, w - 16, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) words = _salur_doc_text_new (cr, f_words, w - 16, PANGO_ALIGN_CENTER);
  g_autofree char *desa = g_utf8_strup (v->desa, -1);
  g_autofree char *l1 = g_strdup_printf ("PEMERINTAH DESA %s", desa);
  g_autofree char *l2 = g_strdup_printf ("Kecamatan %s, Kabupaten %s, Provinsi %s", v->kecamatan, v->kabupaten, v->provinsi);
  g_autofree char *number = g_strdup_printf ("No. %s", p->receipt);
  g_autofree char *intro = g_strdup_printf ("Telah diterima dari Pemerintah Desa %s Bantuan Langsung Tunai Dana Desa (BLT-DD) "
                                            "dengan rincian:", v->desa);
  g_autofree char *nik = _salur_doc_nik_masked (p->kpm_nik);
  g_autofree char *months = _salur_doc_months (p->months, FALSE);
  g_autofree char *per = salur_rupiah_format (p->amount_per_month);
  g_autofree char *months_line = g_strdup_printf ("%s\n(%u bulan × %s)", months, p->months->len, per);
  g_autofree char *total = salur_rupiah_format (p->total);
  g_autofree char *terbilang = salur_terbilang (p->total);
  g_autofree char *terbilang_line = NULL;
  g_autofree char *address = NULL;
  g_autofree char *by = NULL;
  g_autofree char *where = NULL;
  g_autofree char *when = weekday_date_time (p->at);
  g_autofree char *code = dashed (r->code);
  g_autofree char *check = g_strdup_printf ("Periksa keaslian di kantor desa: salur check-receipt %s", code);
  struct { const char *label; const char *value; gboolean strong; } rows[8];
  guint n_rows = 0;

  /* "Enam ratus ribu rupiah" */
  {
    gunichar first = g_utf8_get_char (terbilang);
    char up[8] = { 0 };
    g_unichar_to_utf8 (g_unichar_toupper (first), up);
    terbilang_line = g_strdup_printf ("Terbilang: %s%s", up, g_utf8_next_char (terbilang));
  }
  if (r->kpm != NULL)
    address = g_strdup_printf ("Dusun %s, RT %s / RW %s", r->kpm->dusun, r->kpm->rt, r->kpm->rw);
  if (p->proxy_name[0] == '\0')
    by = g_strdup ("KPM sendiri");
  else
    {
      g_autofree char *pn = _salur_doc_nik_masked (p->proxy_nik);
      by = g_strdup_printf ("%s (%s), sebagai kuasa\nNIK %s%s", p->proxy_name, p->proxy_relation, pn,
                            p->surat_kuasa_seen ? ", surat kuasa diperiksa" : "");
    }
  if (p->place == SALUR_PLACE_HOME)
    where = g_strdup_printf ("Diantar ke rumah KPM%s%s", p->witness[0] != '\0' ? ", saksi: " : "", p->witness);
  else
    where = g_strdup_printf ("Balai desa, meja %s", p->desk);

  rows[n_rows++] = (typeof (rows[0])) { "Nama KPM", p->kpm_name, TRUE };
  rows[n_rows++] = (typeof (rows[0])) { "NIK", nik, FALSE };
  if (address != NULL)
    rows[n_rows++] = (typeof (rows[0])) { "Alamat", address, FALSE };
  rows[n_rows++] = (typeof (rows[0])) { "Bulan", months_line, FALSE };

  /* the village */
  y += _salur_doc_text_draw (head, m, y, l1);
  y += _salur_doc_text_draw (sub, m, y, l2) + 4;
  rule (cr, m, m + w, y, 1.1);
  rule (cr, m, m + w, y + 1.8, 0.4);
  y += 7;
  y += _salur_doc_text_draw (title, m, y, "TANDA TERIMA");
  y += _salur_doc_text_draw (sub, m, y, "BANTUAN LANGSUNG TUNAI DANA DESA") + 2;
  y += _salur_doc_text_draw (no, m, y, number) + 7;
  y += _salur_doc_text_draw (text, m, y, intro) + 4;

  for (guint i = 0; i < n_rows; i++)
    {
      double h;
      _salur_doc_text_draw (label, m, y, rows[i].label);
      h = _salur_doc_text_draw (rows[i].strong ? strong : value, m + label_w + 6, y, rows[i].value);
      y += MAX (h, 9) + 2;
    }

  /* the amount: the one thing everybody reads */
  {
    double top = y + 3, h;

    y = top + 5;
    y += _salur_doc_text_draw (amount, m + 8, y, total) + 1;
    y += _salur_doc_text_draw (words, m + 8, y, terbilang_line) + 5;
    h = y - top;
    cairo_set_line_width (cr, 0.9);
    cairo_rectangle (cr, m, top, w, h);
    cairo_stroke (cr);
    y += 6;
  }

  n_rows = 0;
  rows[n_rows++] = (typeof (rows[0])) { "Diterima oleh", by, FALSE };
  rows[n_rows++] = (typeof (rows[0])) { "Tempat", where, FALSE };
  rows[n_rows++] = (typeof (rows[0])) { "Waktu", when, FALSE };
  rows[n_rows++] = (typeof (rows[0])) { "Petugas", p->operator_name, FALSE };
  for (guint i = 0; i < n_rows; i++)
    {
      double h;
      _salur_doc_text_draw (label, m, y, rows[i].label);
      h = _salur_doc_text_draw (value, m + label_w + 6, y, rows[i].value);
      y += MAX (h, 9) + 2;
    }
  y += 4;

  /* who received signs (or presses a thumb), and the officer */
  {
    double bw = roll ? w : (w - 10) / 2, bh = roll ? 84 : 92, x2 = roll ? m : m + bw + 10, y0 = y;
    const char *signer = p->proxy_name[0] != '\0' ? p->proxy_name : p->kpm_name;
    g_autoptr(SalurDocText) cap = _salur_doc_text_new (cr, f_sub, bw, PANGO_ALIGN_CENTER);
    g_autoptr(SalurDocText) name = _salur_doc_text_new (cr, f_bold, bw, PANGO_ALIGN_CENTER);

    _salur_doc_text_draw (cap, m, y, "Penerima,");
    y += 10;
    if (p->proof == SALUR_PROOF_SIGNATURE)
      salur_signature_draw_bytes (cr, p->signature, m + 6, y, bw - 12, bh - 18);
    else if (p->proof == SALUR_PROOF_THUMBPRINT)
      {
        double tw = 64, th = bh - 16;
        g_autoptr(SalurDocText) t = _salur_doc_text_new (cr, "DejaVu Sans Bold 6.5", tw, PANGO_ALIGN_CENTER);
        _salur_doc_dashed_rect (cr, m + (bw - tw) / 2, y, tw, th);
        gray (cr, 0.45);
        _salur_doc_text_draw (t, m + (bw - tw) / 2, y + th - 10, "CAP JEMPOL");
        gray (cr, 0);
      }
    else
      {
        g_autofree char *why = g_strdup_printf ("Tanpa tanda tangan: %s", p->proof_note);
        g_autoptr(SalurDocText) t = _salur_doc_text_new (cr, f_sub, bw - 8, PANGO_ALIGN_CENTER);
        _salur_doc_text_draw (t, m + 4, y + 14, why);
      }
    y += bh - 10;
    _salur_doc_text_draw (name, m, y, signer);
    y += 11;
    if (roll)
      y += 6;
    else
      y = y0;
    _salur_doc_text_draw (cap, x2, y, "Petugas,");
    y += 10 + bh - 10;
    _salur_doc_text_draw (name, x2, y, p->operator_name);
    y += 11;
    gray (cr, 0.5);
    rule (cr, x2 + bw / 2 - 40, x2 + bw / 2 + 40, y - 12, 0.4);
    gray (cr, 0);
  }

  /* the code that ties the paper to the record */
  y += 6;
  {
    g_autoptr(SalurDocText) c = _salur_doc_text_new (cr, roll ? "DejaVu Sans Mono Bold 9" : "DejaVu Sans Mono Bold 9.5",
                                                     w, PANGO_ALIGN_CENTER);
    g_autoptr(SalurDocText) small = _salur_doc_text_new (cr, "DejaVu Sans 5.8", w, PANGO_ALIGN_CENTER);
    g_autofree char *line = g_strdup_printf ("Kode verifikasi: %s", code);

    gray (cr, 0.5);
    rule (cr, m, m + w, y, 0.4);
    gray (cr, 0);
    y += 4;
    y += _salur_doc_text_draw (c, m, y, line);
    gray (cr, 0.3);
    y += _salur_doc_text_draw (small, m, y, check);
    y += _salur_doc_text_draw (small, m, y, "Simpan tanda terima ini sebagai bukti penerimaan.");
    gray (cr, 0);
  }

  /* a voided payment's receipt says so across the page */
  if (p->voided)
    {
      g_autoptr(SalurDocText) why = _salur_doc_text_new (cr, "DejaVu Sans Bold 8", w, PANGO_ALIGN_CENTER);
      g_autofree char *reason = g_strdup_printf ("Pembayaran ini dibatalkan: %s", p->void_reason);

      cairo_save (cr);
      cairo_set_source_rgba (cr, 0.75, 0.1, 0.1, 0.55);
      cairo_translate (cr, width / 2, y / 2);
      cairo_rotate (cr, -0.45);
      {
        PangoLayout *l;
        int lw, lh;
        l = pango_cairo_create_layout (cr);
        pango_cairo_context_set_resolution (pango_layout_get_context (l), 72);
        pango_layout_context_changed (l);
        {
          PangoFontDescription *desc = pango_font_description_from_string (roll ? "DejaVu Sans Bold 24" : "DejaVu Sans Bold 30");
          pango_layout_set_font_description (l, desc);
          pango_font_description_free (desc);
        }
        pango_layout_set_text (l, "DIBATALKAN", -1);
        pango_layout_get_size (l, &lw, &lh);
        cairo_move_to (cr, -lw / PANGO_SCALE / 2.0, -lh / PANGO_SCALE / 2.0);
        pango_cairo_show_layout (cr, l);
        g_object_unref (l);
      }
      cairo_restore (cr);
      cairo_set_source_rgb (cr, 0.6, 0.05, 0.05);
      y += 4;
      y += _salur_doc_text_draw (why, m, y, reason);
      gray (cr, 0);
    }
  return y + (roll ? SALUR_MM (4) : 0);
}

/* The payment's event recomputed from its content: a receipt checked
 * against an edited event must not pass */
static gboolean
event_intact (SalurStore *store, const SalurPayment *p, GError **error)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store, "SELECT kind, at, operator, kpm_id, body, prev_hash, hash FROM event"
                                                    " WHERE device_id = ? AND seq = ?", error);
  gboolean ok = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, p->device_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, p->seq);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 5) == SALUR_HASH_LEN
      && sqlite3_column_bytes (stmt, 6) == SALUR_HASH_LEN)
    {
      SalurEvent e = { 0 };
      guint8 hash[SALUR_HASH_LEN];

      e.device_id = p->device_id;
      e.seq = p->seq;
      e.kind = (char *) sqlite3_column_text (stmt, 0);
      e.at = (char *) sqlite3_column_text (stmt, 1);
      e.operator_name = (char *) sqlite3_column_text (stmt, 2);
      e.kpm_id = (char *) sqlite3_column_text (stmt, 3);
      e.body = (char *) sqlite3_column_text (stmt, 4);
      memcpy (e.prev_hash, sqlite3_column_blob (stmt, 5), SALUR_HASH_LEN);
      salur_event_compute_hash (&e, hash);
      ok = memcmp (hash, sqlite3_column_blob (stmt, 6), SALUR_HASH_LEN) == 0;
    }
  sqlite3_reset (stmt);
  if (!ok)
    g_set_error (error, SALUR_ERROR, SALUR_ERROR_TAMPERED,
                 _("The record of receipt %s was changed outside Salur after it was written: the receipt cannot be "
                   "checked against it. Run “salur verify”."), p->receipt);
  return ok;
}

/* public API */

gboolean
salur_paper_from_string (const char *text,
                         SalurPaper *paper)
{
  if (g_strcmp0 (text, "a6") == 0 || g_strcmp0 (text, "A6") == 0)
    *paper = SALUR_PAPER_A6;
  else if (g_strcmp0 (text, "roll80") == 0)
    *paper = SALUR_PAPER_ROLL80;
  else
    return FALSE;
  return TRUE;
}

char *
salur_receipt_code (const SalurPayment *payment)
{
  guint8 hash[SALUR_HASH_LEN];

  g_return_val_if_fail (payment != NULL, NULL);

  if (payment->hash_hex == NULL
      || sodium_hex2bin (hash, sizeof hash, payment->hash_hex, strlen (payment->hash_hex), NULL, NULL, NULL) != 0)
    return NULL;
  return code_of_hash (hash);
}

/* Fills R for PAYMENT and says the page's size */
static gboolean
receipt_prepare (SalurStore         *store,
                 const SalurPayment *payment,
                 SalurPaper          paper,
                 Receipt            *r,
                 double             *width,
                 double             *height,
                 GError            **error)
{
  r->payment = payment;
  r->village = salur_store_get_village (store, error);
  if (r->village == NULL)
    return FALSE;
  r->kpm = salur_store_get_kpm (store, payment->kpm_id, NULL);
  r->code = salur_receipt_code (payment);
  if (r->code == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED, _("Receipt %s has no event hash."), payment->receipt);
      return FALSE;
    }
  *width = paper == SALUR_PAPER_ROLL80 ? SALUR_MM (80) : SALUR_A6_WIDTH;
  *height = SALUR_A6_HEIGHT;
  if (paper == SALUR_PAPER_ROLL80)
    {
      /* a roll is cut where the receipt ends: measure it first */
      cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cairo_t *cr = cairo_create (rec);

      *height = draw (cr, r, *width, TRUE);
      cairo_destroy (cr);
      cairo_surface_destroy (rec);
    }
  return TRUE;
}

static void
receipt_clear (Receipt *r)
{
  g_clear_pointer (&r->village, salur_village_free);
  g_clear_pointer (&r->kpm, salur_kpm_unref);
  g_clear_pointer (&r->code, g_free);
}

gboolean
salur_receipt_write_pdf (SalurStore          *store,
                         const SalurPayment  *payment,
                         SalurPaper           paper,
                         const char          *path,
                         GError             **error)
{
  g_autoptr(SalurPdf) pdf = NULL;
  Receipt r = { 0 };
  double width, height;
  gboolean ok = FALSE;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);
  g_return_val_if_fail (payment != NULL && path != NULL, FALSE);

  if (!receipt_prepare (store, payment, paper, &r, &width, &height, error))
    goto out;
  pdf = salur_pdf_new (path, width, height, error);
  if (pdf == NULL)
    goto out;
  {
    cairo_surface_t *surface = cairo_get_target (salur_pdf_get_cr (pdf));
    g_autofree char *title = g_strdup_printf ("Tanda terima BLT Dana Desa %s", payment->receipt);
    g_autofree char *keywords = g_strdup_printf ("kuitansi=%s kode=%s", payment->receipt, r.code);

    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, r.village->desa);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS, keywords);
  }
  draw (salur_pdf_get_cr (pdf), &r, width, paper == SALUR_PAPER_ROLL80);
  ok = salur_pdf_finish (pdf, error);
out:
  receipt_clear (&r);
  return ok;
}

cairo_surface_t *
salur_receipt_render (SalurStore          *store,
                      const SalurPayment  *payment,
                      SalurPaper           paper,
                      double              *width,
                      double              *height,
                      GError             **error)
{
  Receipt r = { 0 };
  cairo_surface_t *surface = NULL;
  cairo_rectangle_t extents;
  double w, h;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (payment != NULL, NULL);

  if (receipt_prepare (store, payment, paper, &r, &w, &h, error))
    {
      cairo_t *cr;

      extents = (cairo_rectangle_t) { 0, 0, w, h };
      surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
      cr = cairo_create (surface);
      /* white paper, as the PDF's page is */
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      draw (cr, &r, w, paper == SALUR_PAPER_ROLL80);
      cairo_destroy (cr);
      if (width != NULL)
        *width = w;
      if (height != NULL)
        *height = h;
    }
  receipt_clear (&r);
  return surface;
}

SalurPayment *
salur_receipt_check (SalurStore  *store,
                     const char  *code,
                     const char  *receipt,
                     GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *found = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  clean = _salur_doc_base32_clean (code, CODE_CHARS);
  if (clean == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” is not a receipt code: it has 8 letters and digits, like 7KQ2-M9XA."), code);
      return NULL;
    }
  if (receipt != NULL)
    {
      g_autoptr(SalurPayment) p = salur_ledger_get_payment (store, receipt, error);
      g_autofree char *expected = NULL;

      if (p == NULL)
        return NULL;
      expected = salur_receipt_code (p);
      if (g_strcmp0 (expected, clean) != 0)
        {
          g_autofree char *shown = dashed (clean);
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                       _("The code %s does not belong to receipt %s: this paper does not match the record."),
                       shown, p->receipt);
          return NULL;
        }
      if (!event_intact (store, p, error))
        return NULL;
      return g_steal_pointer (&p);
    }

  /* every payment's code is computed: codes are not stored, so a code
   * found here was made from the event as it is now */
  stmt = _salur_store_prepare (store, "SELECT p.receipt, e.hash FROM ev_payment p"
                                      " JOIN event e ON e.device_id = p.device_id AND e.seq = p.seq", error);
  if (stmt == NULL)
    return NULL;
  while (found == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *c = NULL;

      if (sqlite3_column_bytes (stmt, 1) != SALUR_HASH_LEN)
        continue;
      c = code_of_hash (sqlite3_column_blob (stmt, 1));
      if (g_str_equal (c, clean))
        found = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  if (found == NULL)
    {
      g_autofree char *shown = dashed (clean);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                   _("No payment in the record has the code %s: the receipt was not made by this village's Salur, "
                     "the code was misread, or the record was changed."), shown);
      return NULL;
    }
  {
    g_autoptr(SalurPayment) p = salur_ledger_get_payment (store, found, error);

    if (p == NULL || !event_intact (store, p, error))
      return NULL;
    return g_steal_pointer (&p);
  }
}
