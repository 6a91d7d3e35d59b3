/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "salur-sheet.h"

G_BEGIN_DECLS

#define SALUR_NIK_LEN 16

typedef enum {
  SALUR_SEX_UNKNOWN = 0,
  SALUR_SEX_MALE    = 'L',   /* laki-laki */
  SALUR_SEX_FEMALE  = 'P',   /* perempuan */
} SalurSex;

typedef struct {
  char     digits[SALUR_NIK_LEN + 1];
  char     region[7];        /* province, kabupaten/kota, kecamatan: 6 digits */
  SalurSex sex;              /* from the day: 41-71 means a woman */
  guint8   day, month;       /* the real day (40 already taken off) */
  guint8   yy;               /* two-digit year as written */
  guint16  serial;
} SalurNik;

/* Removes what people and Excel add around a number: spaces (also
 * non-breaking), dots, dashes and a leading apostrophe. Returns a new string. */
char       *salur_nik_clean      (const char     *raw);

/* Checks a NIK typed or read from a cell and fills NIK. KIND tells whether an
 * XLSX stored it as a number, which lets the message say what Excel did.
 * Errors are SALUR_ERROR_INVALID with a message a kepala dusun understands. */
gboolean    salur_nik_parse      (const char     *raw,
                                  SalurCellKind   kind,
                                  SalurNik       *nik,
                                  GError        **error);

/* A KK (family card) number: 16 digits with a real region prefix. OUT gets
 * the clean digits. */
gboolean    salur_kk_parse       (const char     *raw,
                                  SalurCellKind   kind,
                                  char            out[SALUR_NIK_LEN + 1],
                                  GError        **error);

/* The birth date encoded in a NIK, as YYYY-MM-DD; the century is guessed
 * (a year after TODAY_YEAR's last two digits means the 1900s). */
char       *salur_nik_birth_date (const SalurNik *nik,
                                  int             today_year);

/* "3520********0001": the first 4 and the last 4 digits, as DOMAIN.md
 * allows on screens and public lists. Works on any 16-character string. */
char       *salur_nik_mask       (const char     *nik);

const char *salur_sex_label      (SalurSex        sex);

G_END_DECLS
