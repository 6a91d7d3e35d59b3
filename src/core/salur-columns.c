/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-columns"
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "salur-columns.h"

/* Headers are compared after normalising: upper case, anything but letters
 * and digits turned into one space. "No. KK" -> "NO KK". */
static char *
normalise (const char *header)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = header; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_c (out, g_ascii_toupper (*p));
          space = FALSE;
        }
      else
        space = TRUE;
    }
  return g_string_free (out, FALSE);
}

static const struct {
  const char *header;
  SalurField  field;
} exact[] = {
  { "NO", SALUR_FIELD_NO }, { "NO URUT", SALUR_FIELD_NO }, { "NOMOR URUT", SALUR_FIELD_NO },
  { "NOMOR", SALUR_FIELD_NO }, { "NMR", SALUR_FIELD_NO },
  { "NIK", SALUR_FIELD_NIK }, { "NO NIK", SALUR_FIELD_NIK }, { "NOMOR NIK", SALUR_FIELD_NIK },
  { "NOMOR INDUK KEPENDUDUKAN", SALUR_FIELD_NIK }, { "NO KTP", SALUR_FIELD_NIK },
  { "NOMOR KTP", SALUR_FIELD_NIK }, { "NIK KTP", SALUR_FIELD_NIK },
  { "KK", SALUR_FIELD_KK }, { "NKK", SALUR_FIELD_KK }, { "NO KK", SALUR_FIELD_KK },
  { "NOMOR KK", SALUR_FIELD_KK }, { "NO KARTU KELUARGA", SALUR_FIELD_KK },
  { "NOMOR KARTU KELUARGA", SALUR_FIELD_KK }, { "KARTU KELUARGA", SALUR_FIELD_KK },
  { "NAMA", SALUR_FIELD_NAME }, { "NAMA KPM", SALUR_FIELD_NAME },
  { "NAMA KEPALA KELUARGA", SALUR_FIELD_NAME }, { "NAMA LENGKAP", SALUR_FIELD_NAME },
  { "NAMA PENERIMA", SALUR_FIELD_NAME }, { "NAMA PESERTA", SALUR_FIELD_NAME },
  { "NAMA KK", SALUR_FIELD_NAME }, { "KEPALA KELUARGA", SALUR_FIELD_NAME },
  { "NAMA PENERIMA MANFAAT", SALUR_FIELD_NAME },
  { "JENIS KELAMIN", SALUR_FIELD_SEX }, { "JK", SALUR_FIELD_SEX }, { "L P", SALUR_FIELD_SEX },
  { "KELAMIN", SALUR_FIELD_SEX }, { "SEX", SALUR_FIELD_SEX }, { "GENDER", SALUR_FIELD_SEX },
  { "TEMPAT LAHIR", SALUR_FIELD_BIRTH_PLACE }, { "TMP LAHIR", SALUR_FIELD_BIRTH_PLACE },
  { "TEMPAT LHR", SALUR_FIELD_BIRTH_PLACE }, { "TMPT LAHIR", SALUR_FIELD_BIRTH_PLACE },
  { "TANGGAL LAHIR", SALUR_FIELD_BIRTH_DATE }, { "TGL LAHIR", SALUR_FIELD_BIRTH_DATE },
  { "TGL LHR", SALUR_FIELD_BIRTH_DATE }, { "TANGGAL LHR", SALUR_FIELD_BIRTH_DATE },
  { "TGLLAHIR", SALUR_FIELD_BIRTH_DATE },
  { "JUMLAH ANGGOTA KELUARGA", SALUR_FIELD_FAMILY_SIZE }, { "JML ANGGOTA KELUARGA", SALUR_FIELD_FAMILY_SIZE },
  { "JUMLAH ART", SALUR_FIELD_FAMILY_SIZE }, { "JML ART", SALUR_FIELD_FAMILY_SIZE },
  { "JUMLAH JIWA", SALUR_FIELD_FAMILY_SIZE }, { "JML JIWA", SALUR_FIELD_FAMILY_SIZE },
  { "ANGGOTA KELUARGA", SALUR_FIELD_FAMILY_SIZE },
  { "ALAMAT", SALUR_FIELD_ADDRESS }, { "ALAMAT LENGKAP", SALUR_FIELD_ADDRESS },
  { "ALAMAT RUMAH", SALUR_FIELD_ADDRESS },
  { "RT", SALUR_FIELD_RT }, { "NO RT", SALUR_FIELD_RT },
  { "RW", SALUR_FIELD_RW }, { "NO RW", SALUR_FIELD_RW },
  { "RT RW", SALUR_FIELD_RT_RW },
  { "DUSUN", SALUR_FIELD_DUSUN }, { "DUKUH", SALUR_FIELD_DUSUN }, { "DUSUN DUKUH", SALUR_FIELD_DUSUN },
  { "NAMA DUSUN", SALUR_FIELD_DUSUN }, { "PEDUKUHAN", SALUR_FIELD_DUSUN }, { "PADUKUHAN", SALUR_FIELD_DUSUN },
  { "DUSUN LINGKUNGAN", SALUR_FIELD_DUSUN }, { "BANJAR", SALUR_FIELD_DUSUN }, { "JORONG", SALUR_FIELD_DUSUN },
  { "JENIS PEKERJAAN", SALUR_FIELD_OCCUPATION }, { "PEKERJAAN", SALUR_FIELD_OCCUPATION },
  { "KODE JP", SALUR_FIELD_OCCUPATION_CODE }, { "KODE PEKERJAAN", SALUR_FIELD_OCCUPATION_CODE },
  { "KRITERIA BLT", SALUR_FIELD_CRITERIA }, { "KRITERIA", SALUR_FIELD_CRITERIA },
  { "KRITERIA KPM", SALUR_FIELD_CRITERIA }, { "KRITERIA PENERIMA", SALUR_FIELD_CRITERIA },
  { "KODE KRIT", SALUR_FIELD_CRITERIA_CODE }, { "KODE KRITERIA", SALUR_FIELD_CRITERIA_CODE },
  { "METODE PEMBAYARAN", SALUR_FIELD_PAYMENT_METHOD }, { "METODE BAYAR", SALUR_FIELD_PAYMENT_METHOD },
  { "CARA PEMBAYARAN", SALUR_FIELD_PAYMENT_METHOD }, { "CARA BAYAR", SALUR_FIELD_PAYMENT_METHOD },
  { "KODE BAYAR", SALUR_FIELD_PAYMENT_CODE }, { "KODE PEMBAYARAN", SALUR_FIELD_PAYMENT_CODE },
  { "PESERTA", SALUR_FIELD_PARTICIPANT }, { "NO PESERTA", SALUR_FIELD_PARTICIPANT },
  { "NOMOR PESERTA", SALUR_FIELD_PARTICIPANT }, { "ID PESERTA", SALUR_FIELD_PARTICIPANT },
};

static gboolean
has_word (const char *norm, const char *word)
{
  gsize n = strlen (word);

  for (const char *p = strstr (norm, word); p != NULL; p = strstr (p + 1, word))
    if ((p == norm || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
      return TRUE;
  return FALSE;
}

SalurField
salur_columns_match (const char *header)
{
  g_autofree char *norm = NULL;

  if (header == NULL)
    return SALUR_FIELD_NONE;
  norm = normalise (header);
  if (*norm == '\0')
    return SALUR_FIELD_NONE;

  for (gsize i = 0; i < G_N_ELEMENTS (exact); i++)
    if (strcmp (norm, exact[i].header) == 0)
      return exact[i].field;

  /* Variants nobody listed: decide by the words in them. Codes first, so
   * "KODE KRITERIA BLT" is not taken for the criteria themselves. */
  if (has_word (norm, "KODE"))
    {
      if (has_word (norm, "PEKERJAAN") || has_word (norm, "JP"))
        return SALUR_FIELD_OCCUPATION_CODE;
      if (strstr (norm, "KRIT") != NULL)
        return SALUR_FIELD_CRITERIA_CODE;
      if (has_word (norm, "BAYAR") || has_word (norm, "PEMBAYARAN"))
        return SALUR_FIELD_PAYMENT_CODE;
      return SALUR_FIELD_NONE;
    }
  if (has_word (norm, "KK") || strstr (norm, "KARTU KELUARGA") != NULL)
    return has_word (norm, "NAMA") ? SALUR_FIELD_NAME : SALUR_FIELD_KK;
  if (has_word (norm, "NIK") || strstr (norm, "INDUK KEPENDUDUKAN") != NULL)
    return SALUR_FIELD_NIK;
  if (has_word (norm, "LAHIR") || has_word (norm, "LHR"))
    {
      if (has_word (norm, "TEMPAT") || has_word (norm, "TMP") || has_word (norm, "TMPT"))
        return SALUR_FIELD_BIRTH_PLACE;
      return SALUR_FIELD_BIRTH_DATE;
    }
  if (has_word (norm, "KELAMIN"))
    return SALUR_FIELD_SEX;
  if (has_word (norm, "DUSUN") || has_word (norm, "DUKUH") || has_word (norm, "PEDUKUHAN"))
    return SALUR_FIELD_DUSUN;
  if (has_word (norm, "NAMA") && !has_word (norm, "IBU") && !has_word (norm, "AYAH"))
    return SALUR_FIELD_NAME;
  if (has_word (norm, "ALAMAT"))
    return SALUR_FIELD_ADDRESS;
  if (has_word (norm, "ANGGOTA") || has_word (norm, "ART") || has_word (norm, "JIWA"))
    return SALUR_FIELD_FAMILY_SIZE;
  if (has_word (norm, "PEKERJAAN"))
    return SALUR_FIELD_OCCUPATION;
  if (strstr (norm, "KRITERIA") != NULL)
    return SALUR_FIELD_CRITERIA;
  if (has_word (norm, "METODE") || has_word (norm, "PEMBAYARAN"))
    return SALUR_FIELD_PAYMENT_METHOD;
  if (has_word (norm, "PESERTA"))
    return SALUR_FIELD_PARTICIPANT;
  if (has_word (norm, "RT") && has_word (norm, "RW"))
    return SALUR_FIELD_RT_RW;
  return SALUR_FIELD_NONE;
}

const char *
salur_field_name (SalurField field)
{
  static const char *const names[SALUR_N_FIELDS] = {
    [SALUR_FIELD_NONE] = "",
    [SALUR_FIELD_NO] = "no",
    [SALUR_FIELD_NIK] = "nik",
    [SALUR_FIELD_KK] = "kk",
    [SALUR_FIELD_NAME] = "name",
    [SALUR_FIELD_SEX] = "sex",
    [SALUR_FIELD_BIRTH_PLACE] = "birth_place",
    [SALUR_FIELD_BIRTH_DATE] = "birth_date",
    [SALUR_FIELD_FAMILY_SIZE] = "family_size",
    [SALUR_FIELD_ADDRESS] = "address",
    [SALUR_FIELD_RT] = "rt",
    [SALUR_FIELD_RW] = "rw",
    [SALUR_FIELD_RT_RW] = "rt_rw",
    [SALUR_FIELD_DUSUN] = "dusun",
    [SALUR_FIELD_OCCUPATION] = "occupation",
    [SALUR_FIELD_OCCUPATION_CODE] = "occupation_code",
    [SALUR_FIELD_CRITERIA] = "criteria",
    [SALUR_FIELD_CRITERIA_CODE] = "criteria_code",
    [SALUR_FIELD_PAYMENT_METHOD] = "payment_method",
    [SALUR_FIELD_PAYMENT_CODE] = "payment_code",
    [SALUR_FIELD_PARTICIPANT] = "participant",
  };

  g_return_val_if_fail (field < SALUR_N_FIELDS, "");
  return names[field];
}

const char *
salur_field_label (SalurField field)
{
  static const char *const labels[SALUR_N_FIELDS] = {
    [SALUR_FIELD_NONE] = N_("Not used"),
    [SALUR_FIELD_NO] = N_("Row number"),
    [SALUR_FIELD_NIK] = N_("NIK"),
    [SALUR_FIELD_KK] = N_("KK number"),
    [SALUR_FIELD_NAME] = N_("Name"),
    [SALUR_FIELD_SEX] = N_("Sex"),
    [SALUR_FIELD_BIRTH_PLACE] = N_("Place of birth"),
    [SALUR_FIELD_BIRTH_DATE] = N_("Date of birth"),
    [SALUR_FIELD_FAMILY_SIZE] = N_("Family members"),
    [SALUR_FIELD_ADDRESS] = N_("Address"),
    [SALUR_FIELD_RT] = N_("RT"),
    [SALUR_FIELD_RW] = N_("RW"),
    [SALUR_FIELD_RT_RW] = N_("RT/RW together"),
    [SALUR_FIELD_DUSUN] = N_("Dusun"),
    [SALUR_FIELD_OCCUPATION] = N_("Occupation"),
    [SALUR_FIELD_OCCUPATION_CODE] = N_("Occupation code"),
    [SALUR_FIELD_CRITERIA] = N_("Criteria"),
    [SALUR_FIELD_CRITERIA_CODE] = N_("Criteria code"),
    [SALUR_FIELD_PAYMENT_METHOD] = N_("Payment method"),
    [SALUR_FIELD_PAYMENT_CODE] = N_("Payment method code"),
    [SALUR_FIELD_PARTICIPANT] = N_("Participant number"),
  };

  g_return_val_if_fail (field < SALUR_N_FIELDS, "");
  return _(labels[field]);
}

SalurColumnMap *
salur_column_map_new_from_fields (const SalurField *fields,
                                  guint             n_columns)
{
  SalurColumnMap *map = g_new0 (SalurColumnMap, 1);

  g_return_val_if_fail (n_columns == 0 || fields != NULL, map);

  map->n_columns = n_columns;
  map->map = g_new0 (SalurField, MAX (n_columns, 1));
  for (guint f = 0; f < SALUR_N_FIELDS; f++)
    map->column_of[f] = -1;

  for (guint i = 0; i < n_columns; i++)
    {
      SalurField f = fields[i] < SALUR_N_FIELDS ? fields[i] : SALUR_FIELD_NONE;

      if (f == SALUR_FIELD_NONE || map->column_of[f] >= 0)
        continue;
      map->map[i] = f;
      map->column_of[f] = i;
      map->n_matched++;
    }
  return map;
}

SalurColumnMap *
salur_column_map_new (const char *const *headers,
                      guint              n_headers)
{
  SalurColumnMap *map = g_new0 (SalurColumnMap, 1);

  map->n_columns = n_headers;
  map->map = g_new0 (SalurField, MAX (n_headers, 1));
  for (guint f = 0; f < SALUR_N_FIELDS; f++)
    map->column_of[f] = -1;

  for (guint i = 0; i < n_headers; i++)
    {
      SalurField f = salur_columns_match (headers[i]);

      if (f == SALUR_FIELD_NONE || map->column_of[f] >= 0)
        continue;
      map->map[i] = f;
      map->column_of[f] = i;
      map->n_matched++;
    }
  return map;
}

void
salur_column_map_free (SalurColumnMap *map)
{
  if (map == NULL)
    return;
  g_free (map->map);
  g_free (map);
}

gboolean
salur_column_map_usable (const SalurColumnMap *map)
{
  return map->column_of[SALUR_FIELD_NIK] >= 0 && map->column_of[SALUR_FIELD_NAME] >= 0;
}
