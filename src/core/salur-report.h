/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "salur-import.h"
#include "salur-ledger.h"

G_BEGIN_DECLS

/* The Laporan Realisasi Penyaluran BLT Dana Desa: every KPM on the list for
 * one or more months, what each was paid, when, to whom, with what proof,
 * subtotals per dusun and the totals the kecamatan asks for. The report is
 * drawn from a fixed set of events and carries a seal of them, so a printed
 * report can later be checked against the record (salur_report_verify).
 *
 * The seal names, for every device whose events the store held, the
 * highest sequence number it held then (its "watermark"), the number of
 * events the report was drawn from, its headline figures, and a BLAKE2b
 * digest over those events, each hashed again from its content. The events
 * are: every import, add, correct and close (the list), and the payments
 * and absences that cover one of the months, with the voids of those
 * payments. Events merged later have higher sequence numbers (or come from
 * devices the seal does not name), so they can be told apart. */

/* A payment as the report shows it */
typedef struct {
  char       *receipt;
  char       *device_id;
  gint64      seq;
  char       *at;              /* UTC */
  char       *desk;
  char       *operator_name;
  GArray     *months;          /* SalurMonth: its months within the report's */
  gint64      amount_per_month;
  gint64      amount;          /* for those months */
  SalurPlace  place;
  char       *witness;
  char       *proxy_name;      /* "" when the KPM came */
  char       *proxy_nik;
  char       *proxy_relation;
  gboolean    surat_kuasa_seen;
  SalurProof  proof;
  GBytes     *signature;       /* SALUR_PROOF_SIGNATURE */
  char       *proof_note;
  gboolean    voided;
  char       *void_reason;
  gboolean    duplicate;       /* a month of it was paid by an earlier payment */
} SalurReportPayment;

typedef enum {
  SALUR_REPORT_PAID,           /* every month due is paid */
  SALUR_REPORT_PARTLY_PAID,    /* some */
  SALUR_REPORT_ABSENT,         /* none, and recorded as not come */
  SALUR_REPORT_UNPAID,         /* none yet */
  SALUR_REPORT_CLOSED,         /* off the list for every month of the report */
} SalurReportState;

typedef struct {
  SalurKpm         *kpm;
  SalurReportState  state;
  GArray           *months_due;    /* on the list and not closed */
  GArray           *months_paid;
  gint64            amount_paid;   /* the first payment of each month, not voided */
  gint64            amount_left;   /* months due not paid, at the village's amount */
  gint64            amount_duplicate;
  GPtrArray        *payments;      /* SalurReportPayment, oldest first, voided ones too */
  char             *absence;       /* reason and date, or NULL */
  char             *closed;        /* reason, month and SK, or NULL */
  SalurMonth        closed_from;
} SalurReportRow;

typedef struct {
  guint   kpm_listed;      /* due for at least one month */
  guint   paid;            /* every month due paid */
  guint   partly_paid;
  guint   in_person;       /* paid: the KPM came and received */
  guint   proxy;           /* paid: a proxy received */
  guint   home;            /* paid: delivered at home */
  guint   absent;
  guint   unpaid;
  guint   closed;
  guint   voided;          /* receipts voided */
  guint   duplicates;      /* payments of a month already paid */
  gint64  amount_planned;
  gint64  amount_paid;
  gint64  amount_left;
  gint64  amount_duplicate;
} SalurReportTotals;

typedef struct {
  SalurVillage      *village;
  GArray            *months;      /* SalurMonth, sorted */
  GPtrArray         *rows;        /* SalurReportRow by dusun, RW, RT, name */
  SalurReportTotals  totals;
  guint64            n_events;    /* events the report was drawn from */
  char              *seal;        /* the seal's text */
  char              *made_at;     /* UTC */
  guint              complaints_open;  /* complaints not resolved when it was built */
} SalurReport;

void         salur_report_free          (SalurReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurReport, salur_report_free)

/* Reads everything the report needs for MONTHS in one read transaction, so
 * the seal and the rows describe the same record. */
SalurReport *salur_report_build         (SalurStore    *store,
                                         GArray        *months,
                                         GCancellable  *cancellable,
                                         GError       **error);

typedef struct {
  gboolean    mask_nik;     /* a copy for people who need no full NIK */
  const char *date;         /* YYYY-MM-DD the signatures are dated, or NULL for today */
} SalurReportOptions;

/* A4 landscape PDF. The seal is in every page's footer and in the PDF's
 * keywords, where salur_report_seal_from_pdf finds it. */
gboolean     salur_report_write_pdf     (SalurReport               *report,
                                         const char                *path,
                                         const SalurReportOptions  *options,
                                         SalurProgressFunc          progress,
                                         gpointer                   progress_data,
                                         GCancellable              *cancellable,
                                         GError                   **error);

/* The report's pages, laid out once, for a window or a printer to draw one
 * at a time: A4 landscape, SALUR_REPORT_PAGE_WIDTH × _HEIGHT points. The
 * pages break where the PDF's do. REPORT must outlive them. */
#define SALUR_REPORT_PAGE_WIDTH   841.8897637795275   /* 297 mm */
#define SALUR_REPORT_PAGE_HEIGHT  595.2755905511812   /* 210 mm */

typedef struct _SalurReportPages SalurReportPages;

SalurReportPages *salur_report_paginate    (SalurReport               *report,
                                            const SalurReportOptions  *options,
                                            GCancellable              *cancellable,
                                            GError                   **error);
guint        salur_report_pages_count   (SalurReportPages *pages);
/* Draws page PAGE (from 0) in points with its top left at the origin of CR,
 * in black on whatever CR holds (paint white first for a screen) */
void         salur_report_pages_draw    (SalurReportPages *pages,
                                         cairo_t          *cr,
                                         guint             page);
void         salur_report_pages_free    (SalurReportPages *pages);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurReportPages, salur_report_pages_free)

/* The seal a report PDF carries (SALUR_ERROR_NOT_FOUND when it has none) */
char        *salur_report_seal_from_pdf (const char    *path,
                                         GError       **error);

typedef struct {
  guint64  events;          /* events of the report still in the record */
  guint64  newer;           /* events of the same months merged or made since */
  guint    kpm_listed;
  guint    kpm_paid;
  gint64   amount_paid;
  char    *months;          /* "November 2026" */
} SalurSealCheck;

void         salur_seal_check_clear     (SalurSealCheck *check);

/* Whether STORE still holds exactly the events SEAL was made from: TRUE with
 * CHECK filled; SALUR_ERROR_TAMPERED naming what differs (an event edited,
 * missing or added among them, the figures changed); SALUR_ERROR_NOT_FOUND
 * when the store lacks a device's events the report had (merge first);
 * SALUR_ERROR_INVALID when SEAL is not a seal. */
gboolean     salur_report_verify        (SalurStore     *store,
                                         const char     *seal,
                                         SalurSealCheck *check,
                                         GError        **error);

/* Words for a state, as the report and exports write them */
const char  *salur_report_state_label   (SalurReportState state);

G_END_DECLS
