/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "salur-month.h"
#include "salur-nik.h"

G_BEGIN_DECLS

/* One approved family (Keluarga Penerima Manfaat) as the list holds it.
 * Strings are UTF-8 and never NULL (empty when unknown). Reference counted;
 * treat a KPM you did not build as read-only. */
typedef struct {
  char       *id;             /* stable across devices: 16 hex digits */
  char       *nik;            /* 16 digits */
  char       *kk;             /* 16 digits or "" */
  char       *name;
  SalurSex    sex;
  char       *birth_date;     /* YYYY-MM-DD or "" */
  char       *birth_place;
  char       *address;
  char       *rt;             /* "003" */
  char       *rw;             /* "002" */
  char       *dusun;
  char       *occupation;
  char       *criteria;       /* KRITERIA BLT as written, e.g. "Kehilangan mata pencaharian" */
  char       *payment_method; /* METODE PEMBAYARAN, e.g. "Tunai" */
  guint       family_size;    /* JUMLAH ANGGOTA KELUARGA, 0 when unknown */
  SalurMonth  from_month;     /* on the list from this month */
  SalurMonth  closed_from;    /* off the list from this month (a list change), or SALUR_MONTH_NONE */
} SalurKpm;

#define SALUR_TYPE_KPM (salur_kpm_get_type ())
GType      salur_kpm_get_type (void) G_GNUC_CONST;

SalurKpm  *salur_kpm_new      (void);
/* A new KPM with the fields of SRC, whose strings may be borrowed (NULL is
 * taken for ""): all of them are copied into one block with the struct, one
 * allocation instead of thirteen. */
SalurKpm  *salur_kpm_copy_packed (const SalurKpm *src);
SalurKpm  *salur_kpm_ref      (SalurKpm *kpm);
void       salur_kpm_unref    (SalurKpm *kpm);
/* Replaces a string field, e.g. salur_kpm_set (kpm, &kpm->name, "SITI").
 * Always change fields this way: an empty field is shared, not g_free-able. */
void       salur_kpm_set      (SalurKpm *kpm, char **field, const char *value);
char      *salur_kpm_new_id   (void);
/* "003/002" */
char      *salur_kpm_rt_rw    (const SalurKpm *kpm);

/* RT and RW as villages write them ("3", "03", "003", "RT 3") into three
 * digits; FALSE when it is not a number from 1 to 999. */
gboolean   salur_rt_rw_normalize (const char *raw, char out[4]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurKpm, salur_kpm_unref)

G_END_DECLS
