/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-export"
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "salur-doc-private.h"
#include "salur-error.h"
#include "salur-export.h"
#include "salur-money.h"

enum {
  X_NO, X_NIK, X_NAME, X_SEX, X_BIRTH, X_FAMILY, X_ADDRESS, X_RT, X_RW, X_JOB, X_JOB_CODE, X_CRIT, X_CRIT_CODE,
  X_METHOD, X_METHOD_CODE,
  X_MONTHS, X_AMOUNT, X_DATE, X_BY, X_RECEIPT, X_KK, X_DUSUN, X_NOTE, N_X
};

static const struct { const char *title; double width; } xcols[N_X] = {
  [X_NO] = { "NO", 6 }, [X_NIK] = { "NIK", 19 }, [X_NAME] = { "NAMA KEPALA KELUARGA", 28 },
  [X_SEX] = { "JENIS KELAMIN", 8 }, [X_BIRTH] = { "TANGGAL LAHIR", 12 },
  [X_FAMILY] = { "JUMLAH ANGGOTA KELUARGA", 10 }, [X_ADDRESS] = { "ALAMAT", 32 }, [X_RT] = { "RT", 6 },
  [X_RW] = { "RW", 6 }, [X_JOB] = { "JENIS PEKERJAAN", 22 }, [X_JOB_CODE] = { "KODE_JP", 8 },
  [X_CRIT] = { "KRITERIA BLT", 34 }, [X_CRIT_CODE] = { "KODE_KRIT", 9 },
  [X_METHOD] = { "METODE PEMBAYARAN", 12 }, [X_METHOD_CODE] = { "KODE_BAYAR", 9 },
  [X_MONTHS] = { "BULAN DIBAYAR", 16 }, [X_AMOUNT] = { "JUMLAH (RP)", 13 }, [X_DATE] = { "TANGGAL TERIMA", 16 },
  [X_BY] = { "DITERIMA OLEH", 26 }, [X_RECEIPT] = { "NOMOR KUITANSI", 20 }, [X_KK] = { "NO KK", 19 },
  [X_DUSUN] = { "DUSUN", 14 }, [X_NOTE] = { "KETERANGAN", 40 },
};

/* One KPM's cells as text (NULL where the cell is a number or a date) */
typedef struct {
  char   *text[N_X];
  gint64  amount;
  char   *birth;      /* YYYY-MM-DD or "" */
  char   *paid_at;    /* UTC of the first payment, or NULL */
} Line;

/* helpers */

/* A code where the stored value is itself one ("K3"), and B1 for cash, the
 * one code DOMAIN.md names; else empty (the list kept only the text) */
static char *
code_of (const char *text, gboolean payment)
{
  if (text[0] != '\0' && strlen (text) <= 4 && g_ascii_isalpha (text[0]) && g_ascii_isdigit (text[1]))
    return g_ascii_strup (text, -1);
  if (payment && g_ascii_strcasecmp (text, "tunai") == 0)
    return g_strdup ("B1");
  return g_strdup ("");
}

static const char *
text_or_empty_if_code (const char *text)
{
  return strlen (text) <= 4 && g_ascii_isalpha (text[0]) && g_ascii_isdigit (text[1]) ? "" : text;
}

static char *
by_of (const SalurReportPayment *p)
{
  GString *out = g_string_new (p->proxy_name[0] == '\0' ? "KPM sendiri" : NULL);

  if (p->proxy_name[0] != '\0')
    g_string_append_printf (out, "Kuasa: %s (%s)", p->proxy_name, p->proxy_relation);
  if (p->place == SALUR_PLACE_HOME)
    g_string_append_printf (out, ", diantar ke rumah%s%s", p->witness[0] ? ", saksi " : "", p->witness);
  return g_string_free (out, FALSE);
}

static void
line_fill (Line *l, const SalurReportRow *row, guint number)
{
  const SalurKpm *k = row->kpm;
  GString *by = g_string_new (NULL), *receipts = g_string_new (NULL), *note = g_string_new (NULL);

  l->text[X_NO] = g_strdup_printf ("%u", number);
  l->text[X_NIK] = g_strdup (k->nik);
  l->text[X_NAME] = g_strdup (k->name);
  l->text[X_SEX] = g_strdup (salur_sex_label (k->sex));
  l->text[X_FAMILY] = k->family_size > 0 ? g_strdup_printf ("%u", k->family_size) : g_strdup ("");
  l->text[X_ADDRESS] = g_strdup (k->address);
  l->text[X_RT] = g_strdup (k->rt);
  l->text[X_RW] = g_strdup (k->rw);
  l->text[X_JOB] = g_strdup (text_or_empty_if_code (k->occupation));
  l->text[X_JOB_CODE] = code_of (k->occupation, FALSE);
  l->text[X_CRIT] = g_strdup (text_or_empty_if_code (k->criteria));
  l->text[X_CRIT_CODE] = code_of (k->criteria, FALSE);
  l->text[X_METHOD] = g_strdup (text_or_empty_if_code (k->payment_method));
  l->text[X_METHOD_CODE] = code_of (k->payment_method, TRUE);
  l->text[X_MONTHS] = _salur_doc_months (row->months_paid, FALSE);
  l->text[X_KK] = g_strdup (k->kk);
  l->text[X_DUSUN] = g_strdup (k->dusun);
  l->amount = row->amount_paid;
  l->birth = g_strdup (k->birth_date);
  for (guint i = 0; i < row->payments->len; i++)
    {
      const SalurReportPayment *p = g_ptr_array_index (row->payments, i);
      g_autofree char *b = NULL;

      if (p->voided)
        {
          g_string_append_printf (note, "%sKuitansi %s dibatalkan: %s", note->len ? "; " : "", p->receipt, p->void_reason);
          continue;
        }
      if (l->paid_at == NULL)
        l->paid_at = g_strdup (p->at);
      b = by_of (p);
      g_string_append_printf (by, "%s%s", by->len ? "; " : "", b);
      g_string_append_printf (receipts, "%s%s", receipts->len ? "; " : "", p->receipt);
      if (p->duplicate)
        g_string_append_printf (note, "%sPEMBAYARAN GANDA: %s", note->len ? "; " : "", p->receipt);
    }
  {
    const char *state = salur_report_state_label (row->state);
    GString *all = g_string_new (state);

    if (row->state == SALUR_REPORT_ABSENT && row->absence != NULL)
      g_string_append_printf (all, ": %s", row->absence);
    if (row->closed != NULL)
      g_string_append_printf (all, "; %s", row->closed);
    if (note->len > 0)
      g_string_append_printf (all, "; %s", note->str);
    l->text[X_NOTE] = g_string_free (all, FALSE);
  }
  l->text[X_BY] = g_string_free (by, FALSE);
  l->text[X_RECEIPT] = g_string_free (receipts, FALSE);
  g_string_free (note, TRUE);
}

static void
line_clear (Line *l)
{
  for (int i = 0; i < N_X; i++)
    g_free (l->text[i]);
  g_free (l->birth);
  g_free (l->paid_at);
  memset (l, 0, sizeof *l);
}

static const char *
xlsx_message (lxw_error e)
{
  return lxw_strerror (e);
}

/* public API */

gboolean
salur_export_xlsx (SalurReport  *report,
                   const char   *path,
                   GError      **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.%u.tmp.xlsx", dir, base, (guint) getpid ());
  lxw_workbook_options wopts = { .constant_memory = LXW_FALSE };
  lxw_workbook *wb;
  lxw_worksheet *ws, *info;
  lxw_format *head, *text, *money, *date, *datetime, *bold, *wrap;
  lxw_error rc;
  g_autofree char *months = NULL;
  g_autofree char *title = NULL;
  lxw_doc_properties props = { 0 };
  guint r;

  /* libxlsxwriter would only say so on stderr, at the end */
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR) || access (dir, W_OK) != 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   g_strerror (g_file_test (dir, G_FILE_TEST_IS_DIR) ? EACCES : ENOENT));
      return FALSE;
    }
  wb = workbook_new_opt (tmp, &wopts);
  if (wb == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED, _("Cannot write %s: %s"), path, g_strerror (errno));
      return FALSE;
    }
  months = _salur_doc_months (report->months, FALSE);
  title = g_strdup_printf ("Realisasi BLT Dana Desa %s, %s", report->village->desa, months);
  props.title = title;
  props.author = report->village->desa;
  props.keywords = report->seal;
  props.comments = "Salur " PACKAGE_VERSION;
  workbook_set_properties (wb, &props);

  head = workbook_add_format (wb);
  format_set_bold (head);
  format_set_text_wrap (head);
  format_set_align (head, LXW_ALIGN_CENTER);
  format_set_align (head, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color (head, 0xDDDDDD);
  format_set_border (head, LXW_BORDER_THIN);
  text = workbook_add_format (wb);
  format_set_num_format (text, "@");
  money = workbook_add_format (wb);
  format_set_num_format (money, "#,##0");
  date = workbook_add_format (wb);
  format_set_num_format (date, "dd/mm/yyyy");
  datetime = workbook_add_format (wb);
  format_set_num_format (datetime, "dd/mm/yyyy hh:mm");
  bold = workbook_add_format (wb);
  format_set_bold (bold);
  wrap = workbook_add_format (wb);
  format_set_text_wrap (wrap);

  ws = workbook_add_worksheet (wb, "BNBA Realisasi");
  for (int c = 0; c < N_X; c++)
    {
      worksheet_write_string (ws, 0, c, xcols[c].title, head);
      worksheet_set_column (ws, c, c, xcols[c].width,
                            c == X_NIK || c == X_KK || c == X_RT || c == X_RW ? text : NULL);
    }
  worksheet_set_row (ws, 0, 30, NULL);
  worksheet_freeze_panes (ws, 1, 3);

  for (r = 0; r < report->rows->len; r++)
    {
      Line l = { 0 };
      lxw_row_t row = r + 1;

      line_fill (&l, g_ptr_array_index (report->rows, r), r + 1);
      for (int c = 0; c < N_X; c++)
        {
          if (c == X_NO)
            worksheet_write_number (ws, row, c, r + 1, NULL);
          else if (c == X_FAMILY && l.text[c][0] != '\0')
            worksheet_write_number (ws, row, c, atoi (l.text[c]), NULL);
          else if (c == X_AMOUNT)
            worksheet_write_number (ws, row, c, (double) l.amount, money);
          else if (c == X_BIRTH)
            {
              if (strlen (l.birth) == 10)
                {
                  lxw_datetime dt = { atoi (l.birth), atoi (l.birth + 5), atoi (l.birth + 8), 0, 0, 0 };
                  worksheet_write_datetime (ws, row, c, &dt, date);
                }
            }
          else if (c == X_DATE)
            {
              g_autoptr(GDateTime) t = l.paid_at != NULL ? g_date_time_new_from_iso8601 (l.paid_at, NULL) : NULL;
              g_autoptr(GDateTime) local = t != NULL ? g_date_time_to_local (t) : NULL;
              if (local != NULL)
                {
                  lxw_datetime dt = { g_date_time_get_year (local), g_date_time_get_month (local),
                                      g_date_time_get_day_of_month (local), g_date_time_get_hour (local),
                                      g_date_time_get_minute (local), g_date_time_get_second (local) };
                  worksheet_write_datetime (ws, row, c, &dt, datetime);
                }
            }
          else if (l.text[c] != NULL && l.text[c][0] != '\0')
            /* NIK and KK as text: Excel keeps 15 digits of a number */
            worksheet_write_string (ws, row, c, l.text[c],
                                    c == X_NIK || c == X_KK || c == X_RT || c == X_RW ? text : NULL);
        }
      line_clear (&l);
    }
  worksheet_autofilter (ws, 0, 0, report->rows->len, N_X - 1);

  /* the sheet that says what the rows are */
  info = workbook_add_worksheet (wb, "Keterangan");
  worksheet_set_column (info, 0, 0, 36, NULL);
  worksheet_set_column (info, 1, 1, 60, wrap);
  {
    const SalurReportTotals *t = &report->totals;
    SalurVillage *v = report->village;
    struct { const char *label; const char *text; gint64 number; gboolean money; } lines[] = {
      { "Laporan", "Realisasi Penyaluran BLT Dana Desa", 0, FALSE },
      { "Desa", v->desa, 0, FALSE }, { "Kecamatan", v->kecamatan, 0, FALSE },
      { "Kabupaten", v->kabupaten, 0, FALSE }, { "Provinsi", v->provinsi, 0, FALSE },
      { "Kode wilayah", v->kode_wilayah, 0, FALSE }, { "Bulan", months, 0, FALSE },
      { "KPM dalam daftar", NULL, t->kpm_listed, FALSE }, { "Sudah menerima seluruhnya", NULL, t->paid, FALSE },
      { "Diterima langsung", NULL, t->in_person, FALSE }, { "Diterima oleh kuasa", NULL, t->proxy, FALSE },
      { "Diantar ke rumah", NULL, t->home, FALSE }, { "Diterima sebagian", NULL, t->partly_paid, FALSE },
      { "Tidak hadir", NULL, t->absent, FALSE }, { "Belum dibayar", NULL, t->unpaid, FALSE },
      { "Keluar dari daftar", NULL, t->closed, FALSE },
      { "Dana direncanakan (Rp)", NULL, t->amount_planned, TRUE }, { "Dana disalurkan (Rp)", NULL, t->amount_paid, TRUE },
      { "Sisa dana (Rp)", NULL, t->amount_left, TRUE },
      { "Segel data (salur verify-report --seal)", report->seal, 0, FALSE },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
      {
        worksheet_write_string (info, i, 0, lines[i].label, bold);
        if (lines[i].text != NULL)
          worksheet_write_string (info, i, 1, lines[i].text, wrap);
        else
          worksheet_write_number (info, i, 1, (double) lines[i].number, lines[i].money ? money : NULL);
      }
  }

  rc = workbook_close (wb);
  if (rc != LXW_NO_ERROR)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED,
                   _("Cannot write %s: %s. Nothing was saved; check that the disk is not full."), path,
                   xlsx_message (rc));
      g_unlink (tmp);
      return FALSE;
    }
  /* the spreadsheet holds every NIK in full: its owner's only, as the store */
  if (g_chmod (tmp, 0600) != 0 || g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FAILED, _("Cannot write %s: %s"), path, g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

static void
csv_cell (GString *out, const char *s, gboolean as_text)
{
  if (as_text && s[0] != '\0')
    {
      /* ="9901..." keeps Excel from turning 16 digits into 9.90101E+15 */
      g_string_append_printf (out, "\"=\"\"%s\"\"\"", s);
      return;
    }
  if (strpbrk (s, ";,\"\r\n") == NULL)
    {
      g_string_append (out, s);
      return;
    }
  g_string_append_c (out, '"');
  for (; *s != '\0'; s++)
    {
      if (*s == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *s);
    }
  g_string_append_c (out, '"');
}

gboolean
salur_export_csv (SalurReport  *report,
                  const char   *path,
                  GError      **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");

  for (int c = 0; c < N_X; c++)
    {
      if (c > 0)
        g_string_append_c (out, ';');
      csv_cell (out, xcols[c].title, FALSE);
    }
  g_string_append (out, "\r\n");
  for (guint r = 0; r < report->rows->len; r++)
    {
      Line l = { 0 };

      line_fill (&l, g_ptr_array_index (report->rows, r), r + 1);
      for (int c = 0; c < N_X; c++)
        {
          g_autofree char *value = NULL;

          if (c > 0)
            g_string_append_c (out, ';');
          if (c == X_AMOUNT)
            value = g_strdup_printf ("%" G_GINT64_FORMAT, l.amount);
          else if (c == X_BIRTH)
            value = strlen (l.birth) == 10 ? g_strdup_printf ("%.2s-%.2s-%.4s", l.birth + 8, l.birth + 5, l.birth)
                                           : g_strdup ("");
          else if (c == X_DATE)
            value = l.paid_at != NULL ? salur_time_to_local (l.paid_at) : g_strdup ("");
          else
            value = g_strdup (l.text[c] != NULL ? l.text[c] : "");
          csv_cell (out, value, c == X_NIK || c == X_KK);
        }
      g_string_append (out, "\r\n");
      line_clear (&l);
    }
  if (!g_file_set_contents_full (path, out->str, out->len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      if (error != NULL && *error != NULL && (*error)->domain != SALUR_ERROR)
        {
          GError *e = *error;
          *error = g_error_new (SALUR_ERROR, SALUR_ERROR_FAILED, _("Cannot write %s: %s"), path, e->message);
          g_error_free (e);
        }
      return FALSE;
    }
  return TRUE;
}
