/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a column of a KPM list means, whatever its header says. */
typedef enum {
  SALUR_FIELD_NONE = 0,
  SALUR_FIELD_NO,
  SALUR_FIELD_NIK,
  SALUR_FIELD_KK,
  SALUR_FIELD_NAME,
  SALUR_FIELD_SEX,
  SALUR_FIELD_BIRTH_PLACE,
  SALUR_FIELD_BIRTH_DATE,
  SALUR_FIELD_FAMILY_SIZE,
  SALUR_FIELD_ADDRESS,
  SALUR_FIELD_RT,
  SALUR_FIELD_RW,
  SALUR_FIELD_RT_RW,           /* one column "003/002" */
  SALUR_FIELD_DUSUN,
  SALUR_FIELD_OCCUPATION,
  SALUR_FIELD_OCCUPATION_CODE,
  SALUR_FIELD_CRITERIA,
  SALUR_FIELD_CRITERIA_CODE,
  SALUR_FIELD_PAYMENT_METHOD,
  SALUR_FIELD_PAYMENT_CODE,
  SALUR_FIELD_PARTICIPANT,     /* OpenSID "Peserta" / "No. Peserta" */
  SALUR_N_FIELDS
} SalurField;

/* The field a header names ("NAMA KEPALA KELUARGA", "No. KK", "Nomor Induk
 * Kependudukan", "Dusun/Dukuh"...), or SALUR_FIELD_NONE. */
SalurField   salur_columns_match      (const char  *header);
/* Short English name of the field, e.g. "name", for messages and --help */
const char  *salur_field_name         (SalurField   field);
/* The field as a person reads it ("Name of the head of the family"),
 * translated; "Not used" for SALUR_FIELD_NONE */
const char  *salur_field_label        (SalurField   field);

/* A header row mapped to fields: map[column] is the field of that column,
 * each field taken by its first column only. */
typedef struct {
  guint        n_columns;
  SalurField  *map;
  int          column_of[SALUR_N_FIELDS];  /* -1 when absent */
  guint        n_matched;
} SalurColumnMap;

SalurColumnMap *salur_column_map_new     (const char *const *headers,
                                          guint              n_headers);
/* A map chosen by a person: FIELDS[column] for each of N_COLUMNS columns
 * (SALUR_FIELD_NONE: not used); a field chosen twice is taken from its
 * first column only, as for headers */
SalurColumnMap *salur_column_map_new_from_fields (const SalurField *fields,
                                                  guint             n_columns);
void            salur_column_map_free    (SalurColumnMap    *map);
/* TRUE when the row looks like the header of a KPM list: it names at least a
 * NIK and a name column */
gboolean        salur_column_map_usable  (const SalurColumnMap *map);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurColumnMap, salur_column_map_free)

G_END_DECLS
