/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-core"
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "salur-complaint.h"
#include "salur-doc-private.h"
#include "salur-error.h"
#include "salur-event.h"
#include "salur-ledger-private.h"
#include "salur-store-private.h"

#include <cairo-pdf.h>

static const char *const kind_names[] = {
  "not-listed", "amount-short", "wrong-name", "cut-taken", "other",
};
static const char *const state_names[] = { "open", "answered", "resolved" };

const char *
salur_complaint_kind_to_string (SalurComplaintKind kind)
{
  g_return_val_if_fail (kind <= SALUR_COMPLAINT_OTHER, "");
  return kind_names[kind];
}

gboolean
salur_complaint_kind_from_string (const char         *text,
                                  SalurComplaintKind *kind)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (text, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
salur_complaint_kind_label (SalurComplaintKind kind)
{
  switch (kind)
    {
    case SALUR_COMPLAINT_NOT_LISTED:
      return _("Not on the list");
    case SALUR_COMPLAINT_AMOUNT_SHORT:
      return _("Amount short");
    case SALUR_COMPLAINT_WRONG_NAME:
      return _("Wrong name");
    case SALUR_COMPLAINT_CUT_TAKEN:
      return _("A cut taken by someone");
    case SALUR_COMPLAINT_OTHER:
    default:
      return _("Other");
    }
}

const char *
salur_complaint_kind_label_from_string (const char *text)
{
  SalurComplaintKind kind;

  return salur_complaint_kind_from_string (text, &kind) ? salur_complaint_kind_label (kind) : text;
}

const char *
salur_complaint_state_to_string (SalurComplaintState state)
{
  g_return_val_if_fail (state <= SALUR_COMPLAINT_RESOLVED, "");
  return state_names[state];
}

gboolean
salur_complaint_state_from_string (const char          *text,
                                   SalurComplaintState *state)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_ascii_strcasecmp (text, state_names[i]) == 0)
      {
        *state = i;
        return TRUE;
      }
  return FALSE;
}

const char *
salur_complaint_state_label (SalurComplaintState state)
{
  switch (state)
    {
    case SALUR_COMPLAINT_OPEN:
      return _("Open");
    case SALUR_COMPLAINT_ANSWERED:
      return _("Answered");
    case SALUR_COMPLAINT_RESOLVED:
    default:
      return _("Resolved");
    }
}

const char *
salur_complaint_state_label_from_string (const char *text)
{
  SalurComplaintState state;

  return salur_complaint_state_from_string (text, &state) ? salur_complaint_state_label (state) : text;
}

void
salur_complaint_free (SalurComplaint *c)
{
  if (c == NULL)
    return;
  g_free (c->slip);
  g_free (c->device_id);
  g_free (c->kpm_id);
  g_free (c->kpm_name);
  g_free (c->kpm_nik);
  g_clear_pointer (&c->months, g_array_unref);
  g_free (c->complainant);
  g_free (c->contact);
  g_free (c->text);
  g_free (c->desk);
  g_free (c->operator_name);
  g_free (c->at);
  g_free (c->answer);
  g_free (c->answered_by);
  g_free (c->answered_at);
  g_free (c);
}

/* Complaints with their latest answer. The latest is the one made last
 * (time, then device and number): the same on every store that holds the
 * same events. */
#define COMPLAINT_SELECT \
  "SELECT c.slip, c.device_id, c.seq, c.kind, c.kpm_id, c.months, c.complainant, c.contact, c.text," \
  " c.desk, c.operator, c.at, a.state, a.answer, a.operator, a.at," \
  " (SELECT count(*) FROM ev_answer n WHERE n.slip = c.slip)" \
  " FROM ev_complaint c LEFT JOIN ev_answer a ON a.rowid = (SELECT x.rowid FROM ev_answer x WHERE x.slip = c.slip" \
  " ORDER BY x.at DESC, x.device_id DESC, x.seq DESC LIMIT 1)"

static GPtrArray *
query (SalurStore *store, const char *sql, const char *param, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_complaint_free);
  sqlite3_stmt *stmt = _salur_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SalurComplaint *c = g_new0 (SalurComplaint, 1);
      g_autofree char *kind = _salur_column_text (stmt, 3);
      g_autofree char *months = _salur_column_text (stmt, 5);
      g_autofree char *state = _salur_column_text (stmt, 12);

      c->slip = _salur_column_text (stmt, 0);
      c->device_id = _salur_column_text (stmt, 1);
      c->seq = sqlite3_column_int64 (stmt, 2);
      if (!salur_complaint_kind_from_string (kind, &c->kind))
        c->kind = SALUR_COMPLAINT_OTHER;
      c->kpm_id = _salur_column_text (stmt, 4);
      c->months = *months != '\0' ? salur_month_parse_list (months, NULL) : NULL;
      if (c->months == NULL)
        c->months = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
      c->complainant = _salur_column_text (stmt, 6);
      c->contact = _salur_column_text (stmt, 7);
      c->text = _salur_column_text (stmt, 8);
      c->desk = _salur_column_text (stmt, 9);
      c->operator_name = _salur_column_text (stmt, 10);
      c->at = _salur_column_text (stmt, 11);
      if (!salur_complaint_state_from_string (state, &c->state))
        c->state = SALUR_COMPLAINT_OPEN;
      c->answer = _salur_column_text (stmt, 13);
      c->answered_by = _salur_column_text (stmt, 14);
      c->answered_at = _salur_column_text (stmt, 15);
      c->n_answers = sqlite3_column_int (stmt, 16);
      c->kpm_name = g_strdup ("");
      c->kpm_nik = g_strdup ("");
      g_ptr_array_add (list, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (store, error, _("Cannot read the complaints"));
      return NULL;
    }
  /* the KPM as they are now (a correction may have changed the name) */
  for (guint i = 0; i < list->len; i++)
    {
      SalurComplaint *c = g_ptr_array_index (list, i);
      g_autoptr(SalurKpm) kpm = NULL;

      if (*c->kpm_id == '\0')
        continue;
      kpm = salur_store_get_kpm (store, c->kpm_id, NULL);
      if (kpm != NULL)
        {
          g_free (c->kpm_name);
          g_free (c->kpm_nik);
          c->kpm_name = g_strdup (kpm->name);
          c->kpm_nik = g_strdup (kpm->nik);
        }
    }
  return g_steal_pointer (&list);
}

SalurComplaint *
salur_complaint_get (SalurStore  *store,
                     const char  *slip,
                     GError     **error)
{
  g_autofree char *upper = NULL;
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  upper = g_ascii_strup (slip != NULL ? slip : "", -1);
  g_strstrip (upper);
  found = query (store, COMPLAINT_SELECT " WHERE c.slip = ?", upper, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                   _("There is no complaint with slip number “%s”. Check the number on the slip "
                     "(it looks like ADU-7QX-0042)."), slip != NULL ? slip : "");
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

SalurComplaint *
salur_complaint_record (SalurStore                   *store,
                        const SalurOperator          *by,
                        const SalurComplaintRequest  *request,
                        GError                      **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;
  g_autoptr(SalurKpm) kpm = NULL;
  g_autofree char *slip = NULL;
  g_autofree char *months = NULL;
  g_autofree char *complainant = g_strstrip (g_strdup (request->complainant != NULL ? request->complainant : ""));
  gint64 seq;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (!_salur_ledger_require_role (by, FALSE, _("record a complaint"), error))
    return NULL;
  if (request->kind > SALUR_COMPLAINT_OTHER)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE, _("Choose what the complaint is about."));
      return NULL;
    }
  if (_salur_ledger_blank (request->complainant))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("Write the name of the person who complains."));
      return NULL;
    }
  if (_salur_ledger_blank (request->text))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Write what the person says happened, in their words."));
      return NULL;
    }
  if (request->months != NULL && request->months->len > 0 && _salur_ledger_blank (request->kpm_id))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE,
                   _("Months can only be given for a complaint about a KPM of the list."));
      return NULL;
    }
  if (!salur_store_begin (store, error))
    return NULL;
  if (!_salur_ledger_blank (request->kpm_id))
    {
      kpm = salur_store_get_kpm (store, request->kpm_id, error);
      if (kpm == NULL)
        goto fail;
    }
  seq = _salur_event_next_seq (store, error);
  if (seq <= 0)
    goto fail;
  slip = g_strdup_printf ("ADU-%s-%04" PRId64, _salur_store_device_tag (store), seq);
  months = request->months != NULL && request->months->len > 0 ? _salur_ledger_months_text (request->months)
                                                                : g_strdup ("");
  salur_body_add (body, "slip", slip);
  salur_body_add (body, "kind", salur_complaint_kind_to_string (request->kind));
  salur_body_add (body, "months", months);
  salur_body_add (body, "complainant", complainant);
  salur_body_add (body, "contact", request->contact != NULL ? request->contact : "");
  salur_body_add (body, "text", request->text);
  salur_body_add (body, "desk", request->desk != NULL ? request->desk : "");
  event = _salur_event_append (store, "complaint", by->name, kpm != NULL ? kpm->id : "", body->str, error);
  if (event == NULL || !salur_store_commit (store, error))
    goto fail;
  return salur_complaint_get (store, slip, error);

fail:
  salur_store_rollback (store);
  return NULL;
}

gboolean
salur_complaint_answer (SalurStore           *store,
                        const SalurOperator  *by,
                        const char           *slip,
                        SalurComplaintState   state,
                        const char           *answer,
                        GError              **error)
{
  g_autoptr(SalurComplaint) complaint = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SalurEvent) event = NULL;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);

  if (!_salur_ledger_require_role (by, FALSE, _("answer a complaint"), error))
    return FALSE;
  if (state != SALUR_COMPLAINT_ANSWERED && state != SALUR_COMPLAINT_RESOLVED)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE,
                   _("An answer either answers the complaint or resolves it."));
      return FALSE;
    }
  if (_salur_ledger_blank (answer))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Write the answer given to the person (what was explained or done)."));
      return FALSE;
    }
  if (!salur_store_begin (store, error))
    return FALSE;
  complaint = salur_complaint_get (store, slip, error);
  if (complaint == NULL)
    goto fail;
  if (complaint->state == SALUR_COMPLAINT_RESOLVED)
    {
      g_autofree char *when = salur_time_to_local (complaint->answered_at);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Complaint %s was already resolved on %s by %s: “%s”."), complaint->slip, when,
                   complaint->answered_by, complaint->answer);
      goto fail;
    }
  salur_body_add (body, "slip", complaint->slip);
  salur_body_add (body, "state", salur_complaint_state_to_string (state));
  salur_body_add (body, "answer", answer);
  event = _salur_event_append (store, "answer", by->name, complaint->kpm_id, body->str, error);
  if (event == NULL || !salur_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  salur_store_rollback (store);
  return FALSE;
}

GPtrArray *
salur_complaint_list (SalurStore  *store,
                      gboolean     open_only,
                      GError     **error)
{
  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  if (open_only)
    return query (store, "SELECT * FROM (" COMPLAINT_SELECT ") WHERE coalesce (state, '') <> 'resolved'"
                  " ORDER BY at, device_id, seq", NULL, error);
  return query (store, COMPLAINT_SELECT " ORDER BY c.at, c.device_id, c.seq", NULL, error);
}

void
salur_complaint_answer_free (SalurComplaintAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->answer);
  g_free (answer->operator_name);
  g_free (answer->at);
  g_free (answer);
}

GPtrArray *
salur_complaint_answers (SalurStore  *store,
                         const char  *slip,
                         GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_complaint_answer_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (slip != NULL, NULL);

  /* the order the latest answer is chosen by (salur_complaint_list) */
  stmt = _salur_store_prepare (store,
                               "SELECT state, answer, operator, at FROM ev_answer WHERE slip = ?"
                               " ORDER BY at, device_id, seq", error);
  if (stmt == NULL)
    return NULL;
  /* slips are stored in capitals; people type them as they like */
  {
    g_autofree char *upper = g_ascii_strup (slip, -1);
    sqlite3_bind_text (stmt, 1, upper, -1, SQLITE_TRANSIENT);
  }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SalurComplaintAnswer *a = g_new0 (SalurComplaintAnswer, 1);
      const char *state = (const char *) sqlite3_column_text (stmt, 0);

      if (!salur_complaint_state_from_string (state, &a->state))
        a->state = SALUR_COMPLAINT_ANSWERED;
      a->answer = _salur_column_text (stmt, 1);
      a->operator_name = _salur_column_text (stmt, 2);
      a->at = _salur_column_text (stmt, 3);
      g_ptr_array_add (list, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _salur_store_set_error (store, error, _("Cannot read the answers"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

guint
salur_complaint_count_unresolved (SalurStore *store)
{
  g_return_val_if_fail (SALUR_IS_STORE (store), 0);

  return _salur_store_query_int (store,
                                 "SELECT count(*) FROM ev_complaint c WHERE coalesce ((SELECT x.state FROM ev_answer x"
                                 " WHERE x.slip = c.slip ORDER BY x.at DESC, x.device_id DESC, x.seq DESC LIMIT 1),"
                                 " '') <> 'resolved'", NULL);
}

/* the slip */

static double
slip_draw (cairo_t *cr, const SalurComplaint *c, const SalurVillage *village, double width, gboolean roll)
{
  double m = roll ? SALUR_MM (4) : SALUR_MM (8);
  double w = width - 2 * m, y = m, label_w = roll ? 62 : 74;
  g_autoptr(SalurDocText) title = _salur_doc_text_new (cr, "DejaVu Sans Bold 11", w, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) sub = _salur_doc_text_new (cr, "DejaVu Sans 7.5", w, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) number = _salur_doc_text_new (cr, "DejaVu Sans Mono Bold 13", w, PANGO_ALIGN_CENTER);
  g_autoptr(SalurDocText) label = _salur_doc_text_new (cr, "DejaVu Sans 7.5", label_w, PANGO_ALIGN_LEFT);
  g_autoptr(SalurDocText) value = _salur_doc_text_new (cr, "DejaVu Sans Bold 7.5", w - label_w - 6, PANGO_ALIGN_LEFT);
  g_autoptr(SalurDocText) small = _salur_doc_text_new (cr, "DejaVu Sans 6.5", w, PANGO_ALIGN_LEFT);
  g_autofree char *place = g_strdup_printf ("Desa %s, Kec. %s, %s", village->desa, village->kecamatan, village->kabupaten);
  g_autofree char *date = _salur_doc_date_long (c->at);
  g_autofree char *time = _salur_doc_time (c->at);
  g_autofree char *when = g_strdup_printf ("%s, pukul %s", date, time);
  g_autofree char *kpm = NULL;
  g_autofree char *months = c->months->len > 0 ? _salur_doc_months (c->months, FALSE) : g_strdup ("-");
  struct { const char *label; const char *value; } rows[10];
  guint n = 0;
  const char *kinds_id[] = {
    "Tidak terdaftar dalam daftar KPM", "Jumlah yang diterima kurang", "Nama salah",
    "Ada potongan oleh pihak lain", "Lainnya",
  };

  if (*c->kpm_id != '\0')
    {
      g_autofree char *masked = _salur_doc_nik_masked (c->kpm_nik);
      kpm = g_strdup_printf ("%s (NIK %s)", c->kpm_name, masked);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  y += _salur_doc_text_draw (title, m, y, "TANDA TERIMA PENGADUAN");
  y += _salur_doc_text_draw (sub, m, y, "BLT Dana Desa");
  y += _salur_doc_text_draw (sub, m, y, place) + 6;
  y += _salur_doc_text_draw (sub, m, y, "Nomor pengaduan");
  y += _salur_doc_text_draw (number, m, y, c->slip) + 8;

  rows[n++] = (typeof (rows[0])) { "Pelapor", c->complainant };
  if (*c->contact != '\0')
    rows[n++] = (typeof (rows[0])) { "Kontak", c->contact };
  rows[n++] = (typeof (rows[0])) { "Jenis", kinds_id[c->kind] };
  if (kpm != NULL)
    rows[n++] = (typeof (rows[0])) { "KPM", kpm };
  rows[n++] = (typeof (rows[0])) { "Bulan", months };
  rows[n++] = (typeof (rows[0])) { "Isi pengaduan", c->text };
  rows[n++] = (typeof (rows[0])) { "Diterima di", *c->desk != '\0' ? c->desk : "-" };
  rows[n++] = (typeof (rows[0])) { "Waktu", when };
  rows[n++] = (typeof (rows[0])) { "Petugas", c->operator_name };
  for (guint i = 0; i < n; i++)
    {
      double h;

      _salur_doc_text_draw (label, m, y, rows[i].label);
      h = _salur_doc_text_draw (value, m + label_w + 6, y, rows[i].value);
      y += MAX (h, 9) + 3;
    }
  y += 6;
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  y += _salur_doc_text_draw (small, m, y,
                             "Simpan slip ini. Tanyakan perkembangan pengaduan Anda kepada bendahara desa "
                             "atau kepala dusun dengan menyebut nomor di atas.") + 4;
  cairo_set_source_rgb (cr, 0, 0, 0);
  return y + m;
}

gboolean
salur_complaint_write_slip (SalurStore            *store,
                            const SalurComplaint  *complaint,
                            SalurPaper             paper,
                            const char            *path,
                            GError               **error)
{
  g_autoptr(SalurVillage) village = NULL;
  g_autoptr(SalurPdf) pdf = NULL;
  gboolean roll = paper == SALUR_PAPER_ROLL80;
  double width = roll ? SALUR_MM (80) : SALUR_A6_WIDTH, height = SALUR_A6_HEIGHT;

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);
  g_return_val_if_fail (complaint != NULL && path != NULL, FALSE);

  village = salur_store_get_village (store, error);
  if (village == NULL)
    return FALSE;
  if (roll)
    {
      cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cairo_t *cr = cairo_create (rec);

      height = slip_draw (cr, complaint, village, width, TRUE);
      cairo_destroy (cr);
      cairo_surface_destroy (rec);
    }
  pdf = salur_pdf_new (path, width, height, error);
  if (pdf == NULL)
    return FALSE;
  {
    cairo_surface_t *surface = cairo_get_target (salur_pdf_get_cr (pdf));
    g_autofree char *title = g_strdup_printf ("Tanda terima pengaduan %s", complaint->slip);

    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, village->desa);
  }
  slip_draw (salur_pdf_get_cr (pdf), complaint, village, width, roll);
  return salur_pdf_finish (pdf, error);
}
