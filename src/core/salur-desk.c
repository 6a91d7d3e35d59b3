/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-core"
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "salur-desk.h"
#include "salur-doc-private.h"
#include "salur-error.h"
#include "salur-event.h"
#include "salur-ledger-private.h"
#include "salur-money.h"
#include "salur-store-private.h"

char *
salur_desk_reveal_nik (SalurStore           *store,
                       const SalurOperator  *by,
                       const char           *kpm_id,
                       const char           *desk,
                       GError              **error)
{
  g_autoptr(SalurKpm) kpm = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  /* an auditor may look too: reading is their work, and it is recorded */
  if (by == NULL || !by->active)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN, _("Sign in with your name and PIN to %s."),
                   _("see a full NIK"));
      return NULL;
    }
  if (!salur_store_begin (store, error))
    return NULL;
  kpm = salur_store_get_kpm (store, kpm_id, error);
  if (kpm == NULL)
    goto fail;
  salur_body_add (body, "desk", desk != NULL ? desk : "");
  event = _salur_event_append (store, "reveal", by->name, kpm->id, body->str, error);
  if (event == NULL || !salur_store_commit (store, error))
    goto fail;
  return g_strdup (kpm->nik);

fail:
  salur_store_rollback (store);
  return NULL;
}

/* "202610,202611": month numbers as ev_month holds them, to find a month
 * in a list with instr () */
static char *
month_ids (GArray *months)
{
  GString *out = g_string_new (",");

  for (guint i = 0; i < months->len; i++)
    g_string_append_printf (out, "%d,", g_array_index (months, SalurMonth, i));
  return g_string_free (out, FALSE);
}

#define DESK_PAYMENTS \
  " FROM ev_payment p WHERE p.device_id = ?1 AND p.desk = ?2" \
  " AND NOT EXISTS (SELECT 1 FROM ev_void v WHERE v.target_device = p.device_id AND v.target_seq = p.seq)" \
  " AND EXISTS (SELECT 1 FROM ev_month m WHERE m.device_id = p.device_id AND m.seq = p.seq" \
  " AND instr (?3, ',' || m.month || ',') > 0)"

static sqlite3_stmt *
desk_query (SalurStore *store, const char *sql, const char *desk, GArray *months, GError **error)
{
  sqlite3_stmt *stmt = _salur_store_prepare (store, sql, error);
  g_autofree char *ids = month_ids (months);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, _salur_store_device_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, desk != NULL ? desk : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, ids, -1, SQLITE_TRANSIENT);
  return stmt;
}

gboolean
salur_desk_counts (SalurStore       *store,
                   const char       *dusun,
                   const char       *desk,
                   GArray           *months,
                   SalurDeskCounts  *counts,
                   GError          **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) per_month = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  if (months == NULL || months->len == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("Say which months are paid."));
      return FALSE;
    }
  for (guint i = 0; i < months->len; i++)
    {
      GPtrArray *rows = salur_ledger_status (store, g_array_index (months, SalurMonth, i), dusun, error);

      if (rows == NULL)
        return FALSE;
      g_ptr_array_add (per_month, rows);
    }

  /* every month's status lists the same KPM in the same order */
  {
    GPtrArray *first = g_ptr_array_index (per_month, 0);

    for (guint k = 0; k < first->len; k++)
      {
        guint due = 0, paid = 0, absent = 0;

        for (guint i = 0; i < per_month->len; i++)
          {
            GPtrArray *rows = g_ptr_array_index (per_month, i);
            SalurStatusRow *r = k < rows->len ? g_ptr_array_index (rows, k) : NULL;

            if (r == NULL || r->state == SALUR_STATE_CLOSED || r->state == SALUR_STATE_NOT_LISTED)
              continue;
            due++;
            paid += r->state == SALUR_STATE_PAID;
            absent += r->state == SALUR_STATE_ABSENT;
          }
        if (due == 0)
          continue;
        counts->total++;
        if (paid == due)
          counts->served++;
        else if (paid + absent == due)
          counts->absent++;
        else
          counts->remaining++;
      }
  }

  stmt = desk_query (store, "SELECT count(*), coalesce (sum (p.total), 0)" DESK_PAYMENTS, desk, months, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      counts->payments = sqlite3_column_int (stmt, 0);
      counts->paid = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

void
salur_desk_close_free (SalurDeskClose *close)
{
  if (close == NULL)
    return;
  g_free (close->device_id);
  g_free (close->desk);
  g_free (close->dusun);
  g_clear_pointer (&close->months, g_array_unref);
  g_free (close->note);
  g_free (close->operator_name);
  g_free (close->at);
  g_free (close);
}

SalurDeskClose *
salur_desk_close (SalurStore           *store,
                  const SalurOperator  *by,
                  const char           *dusun,
                  const char           *desk,
                  GArray               *months,
                  gint64                cash_opening,
                  gint64                cash_counted,
                  const char           *note,
                  GError              **error)
{
  g_autoptr(SalurDeskClose) close = g_new0 (SalurDeskClose, 1);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;
  g_autofree char *months_text = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  if (!_salur_ledger_require_role (by, FALSE, _("close a desk"), error))
    return NULL;
  if (desk == NULL || *desk == '\0')
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("Say which desk is closed."));
      return NULL;
    }
  if (cash_opening < 0 || cash_counted < 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Cash cannot be less than nothing: write the rupiah handed over and counted."));
      return NULL;
    }
  if (!salur_store_begin (store, error))
    return NULL;
  if (!salur_desk_counts (store, dusun, desk, months, &close->counts, error))
    goto fail;
  close->expected = cash_opening - close->counts.paid;
  close->difference = cash_counted - close->expected;
  if (close->difference != 0 && _salur_ledger_blank (note))
    {
      g_autofree char *expected = salur_rupiah_format (close->expected);
      g_autofree char *counted = salur_rupiah_format (cash_counted);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The cash counted (%s) is not what should remain (%s): count again, and if it is right, "
                     "write why it differs."), counted, expected);
      goto fail;
    }
  months_text = _salur_ledger_months_text (months);
  salur_body_add (body, "desk", desk);
  salur_body_add (body, "dusun", dusun != NULL ? dusun : "");
  salur_body_add (body, "months", months_text);
  salur_body_add_int (body, "cash_opening", cash_opening);
  salur_body_add_int (body, "paid", close->counts.paid);
  salur_body_add_int (body, "payments", close->counts.payments);
  salur_body_add_int (body, "cash_counted", cash_counted);
  salur_body_add_int (body, "total", close->counts.total);
  salur_body_add_int (body, "served", close->counts.served);
  salur_body_add_int (body, "absent", close->counts.absent);
  salur_body_add_int (body, "remaining", close->counts.remaining);
  salur_body_add (body, "note", note != NULL ? note : "");
  event = _salur_event_append (store, "desk-close", by->name, "", body->str, error);
  if (event == NULL || !salur_store_commit (store, error))
    goto fail;

  close->device_id = g_strdup (event->device_id);
  close->seq = event->seq;
  close->desk = g_strdup (desk);
  close->dusun = g_strdup (dusun != NULL ? dusun : "");
  close->months = g_array_copy (months);
  close->cash_opening = cash_opening;
  close->cash_counted = cash_counted;
  close->note = g_strdup (note != NULL ? note : "");
  close->operator_name = g_strdup (by->name);
  close->at = g_strdup (event->at);
  return g_steal_pointer (&close);

fail:
  salur_store_rollback (store);
  return NULL;
}

/* the summary the officer and the bendahara sign */

typedef struct {
  char   *receipt;
  char   *name;
  char   *nik;
  GArray *months;
  gint64  total;
  char   *at;
  char   *proxy;
} Line;

static void
line_free (Line *l)
{
  g_free (l->receipt);
  g_free (l->name);
  g_free (l->nik);
  g_clear_pointer (&l->months, g_array_unref);
  g_free (l->at);
  g_free (l->proxy);
  g_free (l);
}

static GPtrArray *
desk_lines (SalurStore *store, const SalurDeskClose *close, GError **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  sqlite3_stmt *stmt = _salur_store_prepare (store,
                                             "SELECT p.receipt, p.kpm_id, p.total, p.at, p.proxy_name,"
                                             " (SELECT group_concat (month) FROM ev_month m"
                                             "  WHERE m.device_id = p.device_id AND m.seq = p.seq)"
                                             " FROM ev_payment p WHERE p.device_id = ?1 AND p.desk = ?2"
                                             " AND NOT EXISTS (SELECT 1 FROM ev_void v WHERE v.target_device = p.device_id"
                                             " AND v.target_seq = p.seq) AND EXISTS (SELECT 1 FROM ev_month m"
                                             " WHERE m.device_id = p.device_id AND m.seq = p.seq"
                                             " AND instr (?3, ',' || m.month || ',') > 0)"
                                             " ORDER BY p.at, p.seq", error);
  g_autofree char *ids = month_ids (close->months);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, close->device_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, close->desk, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, ids, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Line *l = g_new0 (Line, 1);
      g_autofree char *kpm_id = _salur_column_text (stmt, 1);
      g_auto(GStrv) parts = g_strsplit ((const char *) sqlite3_column_text (stmt, 5) ?: "", ",", -1);
      g_autoptr(SalurKpm) kpm = salur_store_get_kpm (store, kpm_id, NULL);

      l->receipt = _salur_column_text (stmt, 0);
      l->total = sqlite3_column_int64 (stmt, 2);
      l->at = _salur_column_text (stmt, 3);
      l->proxy = _salur_column_text (stmt, 4);
      l->name = g_strdup (kpm != NULL ? kpm->name : kpm_id);
      l->nik = g_strdup (kpm != NULL ? kpm->nik : "");
      l->months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
      for (guint i = 0; parts[i] != NULL; i++)
        if (*parts[i] != '\0')
          {
            SalurMonth m = atoi (parts[i]);
            g_array_append_val (l->months, m);
          }
      g_ptr_array_add (lines, l);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&lines);
}

gboolean
salur_desk_close_write_pdf (SalurStore            *store,
                            const SalurDeskClose  *close,
                            const char            *path,
                            GError               **error)
{
  g_autoptr(SalurVillage) village = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(SalurPdf) pdf = NULL;
  cairo_t *cr;
  const double m = SALUR_MM (15), w = SALUR_A4_WIDTH - 2 * SALUR_MM (15), bottom = SALUR_A4_HEIGHT - SALUR_MM (15);
  /* columns: no, receipt, name, NIK, months, amount, time */
  const double cx[] = { 0, 20, 114, 256, 342, 404, 474 };
  const double cw[] = { 18, 92, 140, 84, 60, 62, w - 474 };
  double y = m;
  int page = 1;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);
  g_return_val_if_fail (close != NULL && path != NULL, FALSE);

  village = salur_store_get_village (store, error);
  if (village == NULL)
    return FALSE;
  lines = desk_lines (store, close, error);
  if (lines == NULL)
    return FALSE;
  pdf = salur_pdf_new (path, SALUR_A4_WIDTH, SALUR_A4_HEIGHT, error);
  if (pdf == NULL)
    return FALSE;
  cr = salur_pdf_get_cr (pdf);
  {
    g_autofree char *title = g_strdup_printf ("Rekapitulasi penutupan meja %s", close->desk);
    cairo_pdf_surface_set_metadata (cairo_get_target (cr), CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata (cairo_get_target (cr), CAIRO_PDF_METADATA_AUTHOR, village->desa);
  }

  {
    g_autoptr(SalurDocText) title = _salur_doc_text_new (cr, "DejaVu Sans Bold 12", w, PANGO_ALIGN_CENTER);
    g_autoptr(SalurDocText) sub = _salur_doc_text_new (cr, "DejaVu Sans 9", w, PANGO_ALIGN_CENTER);
    g_autoptr(SalurDocText) label = _salur_doc_text_new (cr, "DejaVu Sans 9", 175, PANGO_ALIGN_LEFT);
    g_autoptr(SalurDocText) value = _salur_doc_text_new (cr, "DejaVu Sans Bold 9", w - 180, PANGO_ALIGN_LEFT);
    g_autoptr(SalurDocText) money = _salur_doc_text_new (cr, "DejaVu Sans Bold 9", 120, PANGO_ALIGN_RIGHT);
    g_autofree char *place = g_strdup_printf ("Desa %s, Kecamatan %s, %s", village->desa, village->kecamatan,
                                              village->kabupaten);
    g_autofree char *months = _salur_doc_months (close->months, FALSE);
    g_autofree char *date = _salur_doc_date_long (close->at);
    g_autofree char *time = _salur_doc_time (close->at);
    g_autofree char *when = g_strdup_printf ("%s, pukul %s", date, time);
    g_autofree char *counts = g_strdup_printf ("%u KPM: %u sudah dibayar, %u tidak hadir, %u belum dibayar",
                                               close->counts.total, close->counts.served, close->counts.absent,
                                               close->counts.remaining);
    g_autofree char *payments = g_strdup_printf ("%u pembayaran", close->counts.payments);
    struct { const char *label; const char *value; } info[] = {
      { "Meja", close->desk },
      { "Dusun", *close->dusun != '\0' ? close->dusun : "Semua dusun" },
      { "Bulan dibayarkan", months },
      { "Ditutup", when },
      { "Petugas", close->operator_name },
      { "KPM dusun ini", counts },
      { "Dibayarkan di meja ini", payments },
    };
    struct { const char *label; gint64 amount; } cash[] = {
      { "Uang diterima saat meja dibuka", close->cash_opening },
      { "Dibayarkan kepada KPM", close->counts.paid },
      { "Seharusnya tersisa", close->expected },
      { "Uang dihitung saat meja ditutup", close->cash_counted },
      { "Selisih", close->difference },
    };

    y += _salur_doc_text_draw (title, m, y, "REKAPITULASI PENUTUPAN MEJA PEMBAYARAN");
    y += _salur_doc_text_draw (title, m, y, "BANTUAN LANGSUNG TUNAI DANA DESA");
    y += _salur_doc_text_draw (sub, m, y, place) + 10;
    for (guint i = 0; i < G_N_ELEMENTS (info); i++)
      {
        _salur_doc_text_draw (label, m, y, info[i].label);
        y += MAX (_salur_doc_text_draw (value, m + 180, y, info[i].value), 11) + 2;
      }
    y += 6;
    for (guint i = 0; i < G_N_ELEMENTS (cash); i++)
      {
        g_autofree char *rp = salur_rupiah_format (cash[i].amount);
        if (i == G_N_ELEMENTS (cash) - 1)
          {
            cairo_set_line_width (cr, 0.6);
            cairo_move_to (cr, m, y);
            cairo_line_to (cr, m + 300, y);
            cairo_stroke (cr);
            y += 3;
          }
        _salur_doc_text_draw (label, m, y, cash[i].label);
        _salur_doc_text_draw (money, m + 180, y, rp);
        y += 13;
      }
    if (*close->note != '\0')
      {
        g_autofree char *note = g_strdup_printf ("Keterangan: %s", close->note);
        g_autoptr(SalurDocText) t = _salur_doc_text_new (cr, "DejaVu Sans 9", w, PANGO_ALIGN_LEFT);
        y += _salur_doc_text_draw (t, m, y + 2, note) + 4;
      }
    y += 12;
  }

  /* every payment of the desk, on as many pages as it takes */
  {
    g_autoptr(SalurDocText) head = _salur_doc_text_new (cr, "DejaVu Sans Bold 7.5", 100, PANGO_ALIGN_LEFT);
    g_autoptr(SalurDocText) cell = _salur_doc_text_new (cr, "DejaVu Sans 7.5", 100, PANGO_ALIGN_LEFT);
    g_autoptr(SalurDocText) num = _salur_doc_text_new (cr, "DejaVu Sans 7.5", 60, PANGO_ALIGN_RIGHT);
    const char *heads[] = { "No", "Kuitansi", "Nama KPM", "NIK", "Bulan", "Jumlah", "Waktu" };
    gboolean header_due = TRUE;

    for (guint i = 0; i <= lines->len; i++)
      {
        Line *l = i < lines->len ? g_ptr_array_index (lines, i) : NULL;
        double h = 0;

        if (header_due)
          {
            for (guint c = 0; c < G_N_ELEMENTS (heads); c++)
              {
                _salur_doc_text_set_width (head, cw[c]);
                _salur_doc_text_draw (head, m + cx[c], y, heads[c]);
              }
            y += 12;
            cairo_set_line_width (cr, 0.5);
            cairo_move_to (cr, m, y - 2);
            cairo_line_to (cr, m + w, y - 2);
            cairo_stroke (cr);
            header_due = FALSE;
          }
        if (l == NULL)
          break;
        {
          g_autofree char *no = g_strdup_printf ("%u", i + 1);
          g_autofree char *nik = _salur_doc_nik_masked (l->nik);
          g_autofree char *months = l->months->len > 0 ? _salur_doc_months (l->months, TRUE) : g_strdup ("");
          g_autofree char *amount = salur_rupiah_format (l->total);
          g_autofree char *time = _salur_doc_time (l->at);
          g_autofree char *name = *l->proxy != '\0' ? g_strdup_printf ("%s (kuasa: %s)", l->name, l->proxy)
                                                    : g_strdup (l->name);
          const char *cells[] = { no, l->receipt, name, nik, months, amount, time };

          for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
            {
              SalurDocText *t = c == 5 ? num : cell;
              _salur_doc_text_set_width (t, cw[c]);
              h = MAX (h, _salur_doc_text_draw (t, m + cx[c], y, cells[c]));
            }
        }
        y += h + 2;
        if (y > bottom - 30 && i + 1 < lines->len)
          {
            g_autoptr(SalurDocText) foot = _salur_doc_text_new (cr, "DejaVu Sans 7", w, PANGO_ALIGN_RIGHT);
            g_autofree char *p = g_strdup_printf ("Halaman %d", page++);
            _salur_doc_text_draw (foot, m, bottom, p);
            salur_pdf_next_page (pdf);
            y = m;
            header_due = TRUE;
          }
      }
    if (lines->len == 0)
      {
        _salur_doc_text_set_width (cell, w);
        y += _salur_doc_text_draw (cell, m, y, "Tidak ada pembayaran di meja ini.");
      }
  }

  /* signatures */
  {
    g_autoptr(SalurDocText) cap = _salur_doc_text_new (cr, "DejaVu Sans 9", w / 2, PANGO_ALIGN_CENTER);
    g_autoptr(SalurDocText) name = _salur_doc_text_new (cr, "DejaVu Sans Bold 9", w / 2, PANGO_ALIGN_CENTER);

    if (y > bottom - 110)
      {
        salur_pdf_next_page (pdf);
        y = m;
      }
    y += 24;
    _salur_doc_text_draw (cap, m, y, "Petugas meja,");
    _salur_doc_text_draw (cap, m + w / 2, y, "Bendahara desa,");
    y += 64;
    _salur_doc_text_draw (name, m, y, close->operator_name);
    _salur_doc_text_draw (name, m + w / 2, y,
                          *village->kaur_keuangan != '\0' ? village->kaur_keuangan : "(.............................)");
  }
  return salur_pdf_finish (pdf, error);
}
