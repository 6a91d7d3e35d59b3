/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-import"
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "salur-error.h"
#include "salur-import.h"
#include "salur-csv.h"
#include "salur-sheet.h"

/* How far down a sheet the header row is looked for: templates put a title
 * and the village's name above it. */
#define HEADER_SEARCH_ROWS 25

typedef struct {
  SalurImportPlan *plan;
  SalurStore      *store;
  GHashTable      *stored_niks;   /* NIK already on the list */
  GHashTable      *file_niks;     /* NIK -> first row (GUINT) in this file */
  GStringChunk    *nik_chunk;     /* the keys of file_niks */
  GHashTable      *dusun_cache;   /* as written -> stored name, or "" when unknown */
  GHashTable      *rw_map;        /* RW -> dusun */
  char            *dusun_names;   /* "Krajan, Ngasem" for messages */
  GHashTable      *warned_rows;   /* rows that can be stored but were warned */
  int              this_year;
} ImportContext;

static void
problem_free (SalurImportProblem *p)
{
  g_free (p->column);
  g_free (p->value);
  g_free (p->reason);
  g_free (p);
}

static void
add_problem (SalurImportPlan   *plan,
             guint              row,
             int                column,
             const char        *value,
             SalurProblemLevel  level,
             const char        *reason)
{
  SalurImportProblem *p = g_new0 (SalurImportProblem, 1);

  p->row = row;
  p->column = g_strdup (column >= 0 && plan->headers != NULL && (guint) column < g_strv_length (plan->headers)
                        ? plan->headers[column] : "");
  p->value = g_strdup (value != NULL ? value : "");
  p->reason = g_strdup (reason);
  p->level = level;
  g_ptr_array_add (plan->problems, p);
}

static const char *
cell (const SalurSheetRow *row, const SalurColumnMap *map, SalurField field, SalurCellKind *kind)
{
  int c = map->column_of[field];

  if (c < 0 || (guint) c >= row->n_cells)
    {
      if (kind != NULL)
        *kind = SALUR_CELL_EMPTY;
      return "";
    }
  if (kind != NULL)
    *kind = row->kinds[c];
  return row->cells[c];
}

/* "  siti   aminah " -> "siti aminah" */
static char *
clean_text (const char *s)
{
  GString *out;
  gboolean space = FALSE;
  gsize len = strlen (s);

  /* most cells are clean already */
  if (len > 0 && s[0] != ' ' && s[len - 1] != ' ' && strpbrk (s, "\t\r\n") == NULL && strstr (s, "  ") == NULL)
    return g_strndup (s, len);
  out = g_string_sized_new (len);
  for (; *s != '\0'; s++)
    {
      if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        space = TRUE;
      else
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_c (out, *s);
          space = FALSE;
        }
    }
  return g_string_free (out, FALSE);
}

/* The column-number row that templates put under the header: 1, 2, 3 ... */
static gboolean
is_numbering_row (const SalurSheetRow *row)
{
  guint numbered = 0;

  for (guint i = 0; i < row->n_cells; i++)
    {
      char expect[16];

      if (row->cells[i][0] == '\0')
        continue;
      g_snprintf (expect, sizeof expect, "%u", i + 1);
      if (strcmp (row->cells[i], expect) != 0)
        {
          g_snprintf (expect, sizeof expect, "(%u)", i + 1);
          if (strcmp (row->cells[i], expect) != 0)
            return FALSE;
        }
      numbered++;
    }
  return numbered >= 3;
}

static SalurSex
parse_sex (const char *s)
{
  g_autofree char *up = g_ascii_strup (s, -1);

  g_strstrip (up);
  if (g_str_equal (up, "L") || g_str_equal (up, "LK") || g_str_equal (up, "LAKI-LAKI")
      || g_str_equal (up, "LAKI LAKI") || g_str_equal (up, "LAKI") || g_str_equal (up, "1")
      || g_str_equal (up, "PRIA") || g_str_equal (up, "M"))
    return SALUR_SEX_MALE;
  if (g_str_equal (up, "P") || g_str_equal (up, "PR") || g_str_equal (up, "PEREMPUAN")
      || g_str_equal (up, "WANITA") || g_str_equal (up, "2") || g_str_equal (up, "F")
      || g_str_equal (up, "W"))
    return SALUR_SEX_FEMALE;
  return SALUR_SEX_UNKNOWN;
}

/* Finds "RT 3", "RT.003", "RT/RW 003/002" in an address */
static void
rt_rw_from_address (const char *address, char rt[4], char rw[4])
{
  static GRegex *pair, *single_rt, *single_rw;
  g_autoptr(GMatchInfo) m = NULL;

  if (g_once_init_enter (&pair))
    {
      single_rt = g_regex_new ("\\bRT\\.?\\s*:?\\s*0*([0-9]{1,3})\\b", G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      single_rw = g_regex_new ("\\bRW\\.?\\s*:?\\s*0*([0-9]{1,3})\\b", G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&pair, g_regex_new ("\\bRT\\s*/\\s*RW\\.?\\s*:?\\s*0*([0-9]{1,3})\\s*/\\s*0*([0-9]{1,3})\\b",
                                                     G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL));
    }

  if (g_regex_match (pair, address, 0, &m))
    {
      g_autofree char *a = g_match_info_fetch (m, 1), *b = g_match_info_fetch (m, 2);
      if (rt[0] == '\0')
        salur_rt_rw_normalize (a, rt);
      if (rw[0] == '\0')
        salur_rt_rw_normalize (b, rw);
      return;
    }
  g_clear_pointer (&m, g_match_info_free);
  if (rt[0] == '\0' && g_regex_match (single_rt, address, 0, &m))
    {
      g_autofree char *a = g_match_info_fetch (m, 1);
      salur_rt_rw_normalize (a, rt);
    }
  g_clear_pointer (&m, g_match_info_free);
  if (rw[0] == '\0' && g_regex_match (single_rw, address, 0, &m))
    {
      g_autofree char *b = g_match_info_fetch (m, 1);
      salur_rt_rw_normalize (b, rw);
    }
}

/* The stored dusun a cell names, cached: a list names few dusun many times */
static const char *
lookup_dusun (ImportContext *ctx, const char *written)
{
  const char *hit = g_hash_table_lookup (ctx->dusun_cache, written);

  if (hit == NULL)
    {
      char *found = salur_store_find_dusun (ctx->store, written);
      g_hash_table_insert (ctx->dusun_cache, g_strdup (written), found != NULL ? found : g_strdup (""));
      hit = g_hash_table_lookup (ctx->dusun_cache, written);
    }
  return *hit != '\0' ? hit : NULL;
}

/* "Dusun Krajan RT 001" in an address names a dusun. Runs for every row:
 * searched in place, without copying the address. */
static const char *
dusun_from_address (ImportContext *ctx, const char *address)
{
  static const char *const words[] = { "dusun ", "dsn. ", "dsn ", "dukuh ", "dk. " };

  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    {
      const char *p = strcasestr (address, words[i]);
      g_autofree char *name = NULL;
      const char *end;

      if (p == NULL || (p > address && g_ascii_isalnum (p[-1])))
        continue;
      p += strlen (words[i]);
      for (end = p; *end != '\0' && *end != ',' && *end != ';'; end++)
        if (g_ascii_strncasecmp (end, " rt", 3) == 0 || g_ascii_strncasecmp (end, " rw", 3) == 0)
          break;
      name = g_strstrip (g_strndup (p, end - p));
      if (*name != '\0')
        return lookup_dusun (ctx, name);
    }
  return NULL;
}

static char *
dusun_list (SalurStore *store)
{
  g_autoptr(GPtrArray) list = salur_store_list_dusun (store, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      SalurDusun *d = g_ptr_array_index (list, i);
      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", d->name);
    }
  return g_string_free (out, FALSE);
}

/* Checks one data row; adds a KPM to the plan when nothing refuses it */
static void
check_row (ImportContext *ctx, const SalurSheetRow *row)
{
  SalurImportPlan *plan = ctx->plan;
  const SalurColumnMap *map = plan->columns;
  /* the row's fields, borrowed from the cells and the locals below, copied
   * into one block at the end */
  SalurKpm draft = { 0 }, *kpm = &draft;
  g_autofree char *address = NULL, *from_nik = NULL, *id = NULL;
  char kk[SALUR_NIK_LEN + 1] = "";
  char date[11] = "";
  g_autoptr(GError) error = NULL;
  SalurCellKind kind;
  SalurNik nik;
  const char *raw;
  gboolean refused = FALSE, warned = FALSE;
  gboolean nik_ok;
  char rt[4] = "", rw[4] = "";
  const char *dusun = NULL;
  g_autofree char *name = NULL;

#define REFUSE(field, value, ...) G_STMT_START { \
    g_autofree char *msg_ = g_strdup_printf (__VA_ARGS__); \
    add_problem (plan, row->row_number, map->column_of[field], value, SALUR_PROBLEM_REFUSED, msg_); \
    refused = TRUE; } G_STMT_END
#define WARN(field, value, ...) G_STMT_START { \
    g_autofree char *msg_ = g_strdup_printf (__VA_ARGS__); \
    add_problem (plan, row->row_number, map->column_of[field], value, SALUR_PROBLEM_WARNING, msg_); \
    warned = TRUE; } G_STMT_END

  /* NIK */
  raw = cell (row, map, SALUR_FIELD_NIK, &kind);
  nik_ok = salur_nik_parse (raw, kind, &nik, &error);
  if (!nik_ok)
    REFUSE (SALUR_FIELD_NIK, raw, "%s", error->message);
  else
    {
      gpointer first = g_hash_table_lookup (ctx->file_niks, nik.digits);

      if (first != NULL)
        REFUSE (SALUR_FIELD_NIK, raw, _("This NIK is also on row %u of this file: one family is paid once."),
                GPOINTER_TO_UINT (first));
      else
        g_hash_table_insert (ctx->file_niks, g_string_chunk_insert_len (ctx->nik_chunk, nik.digits, SALUR_NIK_LEN),
                             GUINT_TO_POINTER (row->row_number));
      if (g_hash_table_contains (ctx->stored_niks, nik.digits))
        REFUSE (SALUR_FIELD_NIK, raw, _("A KPM with this NIK is already on the village's list."));
      kpm->nik = (char *) (nik.digits);
      kpm->sex = nik.sex;
    }
  g_clear_error (&error);

  /* name */
  raw = cell (row, map, SALUR_FIELD_NAME, NULL);
  name = clean_text (raw);
  if (*name == '\0')
    REFUSE (SALUR_FIELD_NAME, raw, _("The name is missing."));
  kpm->name = (char *) (name);

  /* KK */
  raw = cell (row, map, SALUR_FIELD_KK, &kind);
  if (*raw != '\0')
    {
      if (!salur_kk_parse (raw, kind, kk, &error))
        REFUSE (SALUR_FIELD_KK, raw, "%s", error->message);
      else
        kpm->kk = (char *) (kk);
      g_clear_error (&error);
    }

  /* sex: the NIK decides; a different column is worth a look */
  raw = cell (row, map, SALUR_FIELD_SEX, NULL);
  if (nik_ok && *raw != '\0')
    {
      SalurSex written = parse_sex (raw);

      if (written != SALUR_SEX_UNKNOWN && written != nik.sex)
        WARN (SALUR_FIELD_SEX, raw,
              _("The NIK says %s (day %02u%s), the sex column says otherwise; the NIK's is kept."),
              nik.sex == SALUR_SEX_FEMALE ? _("a woman") : _("a man"),
              nik.sex == SALUR_SEX_FEMALE ? nik.day + 40u : nik.day,
              nik.sex == SALUR_SEX_FEMALE ? _(" = 40 + day of birth") : "");
    }

  /* birth date: the column if it is a date, else the NIK's; a difference is
   * common (corrected dates) and only warned */
  raw = cell (row, map, SALUR_FIELD_BIRTH_DATE, &kind);
  {
    gboolean have_date = *raw != '\0' && salur_date_parse (raw, date);

    if (*raw != '\0' && !have_date)
      WARN (SALUR_FIELD_BIRTH_DATE, raw, _("This is not a date Salur can read; the date in the NIK is used."));
    if (have_date)
      {
        kpm->birth_date = (char *) (date);
        if (nik_ok)
          {
            /* date is YYYY-MM-DD */
            int yy = (date[2] - '0') * 10 + (date[3] - '0');
            int m = (date[5] - '0') * 10 + (date[6] - '0');
            int d = (date[8] - '0') * 10 + (date[9] - '0');
            if (d != nik.day || m != nik.month || yy != nik.yy)
              WARN (SALUR_FIELD_BIRTH_DATE, raw,
                    _("The birth date differs from the date in the NIK (%02u-%02u-%02u). "
                      "This happens when a date was corrected later; check the KTP."),
                    nik.day, nik.month, nik.yy);
          }
      }
    else if (nik_ok)
      {
        from_nik = salur_nik_birth_date (&nik, ctx->this_year);
        kpm->birth_date = (char *) (from_nik);
      }
  }

  kpm->birth_place = (char *) (cell (row, map, SALUR_FIELD_BIRTH_PLACE, NULL));
  address = clean_text (cell (row, map, SALUR_FIELD_ADDRESS, NULL));
  kpm->address = address;

  /* RT and RW: their columns, a "003/002" column, or the address */
  raw = cell (row, map, SALUR_FIELD_RT, NULL);
  if (*raw != '\0' && !salur_rt_rw_normalize (raw, rt))
    WARN (SALUR_FIELD_RT, raw, _("This is not an RT number."));
  raw = cell (row, map, SALUR_FIELD_RW, NULL);
  if (*raw != '\0' && !salur_rt_rw_normalize (raw, rw))
    WARN (SALUR_FIELD_RW, raw, _("This is not an RW number."));
  raw = cell (row, map, SALUR_FIELD_RT_RW, NULL);
  if (*raw != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (raw, "/", 2);
      if (g_strv_length (parts) != 2
          || (rt[0] == '\0' && !salur_rt_rw_normalize (parts[0], rt))
          || (rw[0] == '\0' && !salur_rt_rw_normalize (parts[1], rw)))
        WARN (SALUR_FIELD_RT_RW, raw, _("RT/RW should be written as two numbers, for example 003/002."));
    }
  if ((rt[0] == '\0' || rw[0] == '\0') && kpm->address[0] != '\0')
    rt_rw_from_address (kpm->address, rt, rw);
  kpm->rt = (char *) (rt);
  kpm->rw = (char *) (rw);

  /* dusun: its column, else the RW, else the address */
  raw = cell (row, map, SALUR_FIELD_DUSUN, NULL);
  if (*raw != '\0')
    {
      dusun = lookup_dusun (ctx, raw);
      if (dusun == NULL)
        {
          if (ctx->dusun_names[0] != '\0')
            REFUSE (SALUR_FIELD_DUSUN, raw,
                    _("“%s” is not one of the village's dusun (%s). Add it with “salur dusun add” or correct the cell."),
                    raw, ctx->dusun_names);
          else
            REFUSE (SALUR_FIELD_DUSUN, raw,
                    _("The village has no dusun yet. Add them first with “salur dusun add NAME --rw 001,002”."));
        }
    }
  else
    {
      const char *named = kpm->address[0] != '\0' ? dusun_from_address (ctx, kpm->address) : NULL;

      if (rw[0] != '\0')
        dusun = g_hash_table_lookup (ctx->rw_map, rw);
      if (dusun != NULL && named != NULL && g_strcmp0 (dusun, named) != 0)
        WARN (SALUR_FIELD_ADDRESS, kpm->address,
              _("The address names dusun %s, but RW %s belongs to dusun %s; %s is kept."),
              named, rw, dusun, dusun);
      if (dusun == NULL)
        dusun = named;
      if (dusun == NULL)
        {
          if (rw[0] != '\0')
            REFUSE (SALUR_FIELD_RW, rw,
                    _("No dusun for this row: the file has no DUSUN column and RW %s belongs to no dusun. "
                      "Tell Salur which dusun it belongs to with “salur dusun add NAME --rw %s”."), rw, rw);
          else
            REFUSE (SALUR_FIELD_DUSUN, "",
                    _("No dusun for this row: the file has no DUSUN column and the row has no RW. "
                      "Add a DUSUN or RW column to the file."));
        }
    }
  kpm->dusun = (char *) (dusun);

  /* the rest is kept as written */
  kpm->occupation = (char *) (cell (row, map, SALUR_FIELD_OCCUPATION, NULL));
  kpm->criteria = (char *) (cell (row, map, SALUR_FIELD_CRITERIA, NULL));
  if (kpm->criteria[0] == '\0')
    kpm->criteria = (char *) (cell (row, map, SALUR_FIELD_CRITERIA_CODE, NULL));
  kpm->payment_method = (char *) (cell (row, map, SALUR_FIELD_PAYMENT_METHOD, NULL));
  if (kpm->payment_method[0] == '\0')
    kpm->payment_method = (char *) (cell (row, map, SALUR_FIELD_PAYMENT_CODE, NULL));
  raw = cell (row, map, SALUR_FIELD_FAMILY_SIZE, NULL);
  if (*raw != '\0')
    {
      guint64 n;
      if (g_ascii_string_to_unsigned (raw, 10, 1, 99, &n, NULL))
        kpm->family_size = n;
      else
        WARN (SALUR_FIELD_FAMILY_SIZE, raw, _("The number of family members is not a number from 1 to 99."));
    }

  id = salur_kpm_new_id ();
  kpm->id = id;

  if (refused)
    plan->refused++;
  else
    {
      if (warned)
        g_hash_table_add (ctx->warned_rows, GUINT_TO_POINTER (row->row_number));
      g_ptr_array_add (plan->kpm, salur_kpm_copy_packed (kpm));
    }
#undef REFUSE
#undef WARN
}

/* Several KPM on one family card: BLT is paid per family, so a person
 * should look at each of them. */
static void
check_shared_kk (ImportContext *ctx, GArray *rows_of_kpm)
{
  SalurImportPlan *plan = ctx->plan;
  g_autoptr(GHashTable) stored = salur_store_kk_counts (ctx->store, NULL);
  g_autoptr(GHashTable) in_file = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < plan->kpm->len; i++)
    {
      SalurKpm *kpm = g_ptr_array_index (plan->kpm, i);
      GArray *rows;

      if (kpm->kk[0] == '\0')
        continue;
      rows = g_hash_table_lookup (in_file, kpm->kk);
      if (rows == NULL)
        {
          rows = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (in_file, kpm->kk, rows);
        }
      g_array_append_val (rows, g_array_index (rows_of_kpm, guint, i));
    }

  g_hash_table_iter_init (&iter, in_file);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *rows = value;
      guint on_list = stored != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (stored, key)) : 0;

      if (rows->len + on_list < 2)
        continue;
      for (guint i = 0; i < rows->len; i++)
        {
          GString *others = g_string_new (NULL);
          g_autofree char *reason = NULL;
          guint row = g_array_index (rows, guint, i);

          for (guint j = 0; j < rows->len; j++)
            if (j != i)
              g_string_append_printf (others, "%s%u", others->len > 0 ? ", " : "", g_array_index (rows, guint, j));
          if (on_list > 0 && others->len > 0)
            reason = g_strdup_printf (_("The same KK number is on rows %s and on %u KPM already on the list. "
                                        "BLT is paid per family: check that these are different families."),
                                      others->str, on_list);
          else if (on_list > 0)
            reason = g_strdup_printf (_("The same KK number is on %u KPM already on the list. "
                                        "BLT is paid per family: check that these are different families."), on_list);
          else
            reason = g_strdup_printf (_("The same KK number is also on row %s. "
                                        "BLT is paid per family: check that these are different families."),
                                      others->str);
          add_problem (plan, row, plan->columns->column_of[SALUR_FIELD_KK], key, SALUR_PROBLEM_WARNING, reason);
          g_string_free (others, TRUE);
          g_hash_table_add (ctx->warned_rows, GUINT_TO_POINTER (row));
        }
    }

}

static int
compare_problems (gconstpointer a, gconstpointer b)
{
  const SalurImportProblem *pa = *(SalurImportProblem **) a, *pb = *(SalurImportProblem **) b;

  if (pa->row != pb->row)
    return pa->row < pb->row ? -1 : 1;
  return (int) pb->level - (int) pa->level;
}

/* Finds the sheet and row that hold the header of a KPM list */
static SalurSheet *
open_list (const char *path, SalurSheetRow *header, SalurColumnMap **map_out, GError **error)
{
  g_autoptr(SalurSheet) first = salur_sheet_open (path, 0, error);
  guint n_sheets;

  if (first == NULL)
    return NULL;
  n_sheets = salur_sheet_n_sheets (first);

  for (guint s = 0; s < n_sheets; s++)
    {
      g_autoptr(SalurSheet) sheet = s == 0 ? g_steal_pointer (&first) : salur_sheet_open (path, s, error);

      if (sheet == NULL)
        return NULL;
      for (guint r = 0; r < HEADER_SEARCH_ROWS; r++)
        {
          g_autoptr(SalurColumnMap) map = NULL;

          if (!salur_sheet_next (sheet, header, error))
            {
              if (error != NULL && *error != NULL)
                return NULL;
              break;
            }
          map = salur_column_map_new ((const char *const *) header->cells, header->n_cells);
          if (salur_column_map_usable (map))
            {
              *map_out = g_steal_pointer (&map);
              return g_steal_pointer (&sheet);
            }
        }
    }

  g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
               _("%s does not look like a KPM list: no row in its first %u rows has both a NIK column and a name "
                 "column (for example “NIK” and “NAMA KEPALA KELUARGA”)."),
               path, HEADER_SEARCH_ROWS);
  return NULL;
}

/* What a preview shows of each row: refused, warned or fine */
static void
mark_rows (SalurImportPlan *plan)
{
  g_autoptr(GHashTable) worst = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < plan->problems->len; i++)
    {
      SalurImportProblem *p = g_ptr_array_index (plan->problems, i);
      gpointer key = GUINT_TO_POINTER (p->row);
      guint level = GPOINTER_TO_UINT (g_hash_table_lookup (worst, key));

      /* stored as level + 1, so that 0 means no problem */
      g_hash_table_insert (worst, key, GUINT_TO_POINTER (MAX (level, (guint) p->level + 1)));
    }
  for (guint i = 0; i < plan->rows->len; i++)
    {
      SalurImportRow *row = g_ptr_array_index (plan->rows, i);
      guint level = GPOINTER_TO_UINT (g_hash_table_lookup (worst, GUINT_TO_POINTER (row->row)));

      row->refused = level == SALUR_PROBLEM_REFUSED + 1;
      row->warned = level == SALUR_PROBLEM_WARNING + 1;
    }
}

static void
keep_row (SalurImportPlan     *plan,
          const SalurSheetRow *row)
{
  SalurImportRow *kept = g_new0 (SalurImportRow, 1);

  kept->row = row->row_number;
  kept->n_cells = row->n_cells;
  kept->cells = g_new0 (char *, row->n_cells + 1);
  for (guint i = 0; i < row->n_cells; i++)
    kept->cells[i] = g_string_chunk_insert_const (plan->cell_chunk, row->cells[i]);
  g_ptr_array_add (plan->rows, kept);
}

static void
import_row_free (SalurImportRow *row)
{
  g_free (row->cells);   /* the strings belong to the plan's chunk */
  g_free (row);
}

/* The columns as a person chose them, in place of the headers' meaning */
static gboolean
apply_columns (SalurImportPlan          *plan,
               const SalurImportOptions *options,
               GError                  **error)
{
  g_autoptr(SalurColumnMap) map = NULL;
  guint n_headers = g_strv_length (plan->headers);

  map = salur_column_map_new_from_fields (options->columns, MIN (options->n_columns, n_headers));
  if (!salur_column_map_usable (map))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Choose the column that holds the NIK and the column that holds the name: "
                     "without them no row can be read."));
      return FALSE;
    }
  salur_column_map_free (plan->columns);
  plan->columns = g_steal_pointer (&map);
  return TRUE;
}

SalurImportPlan *
salur_import_prepare (SalurStore         *store,
                      const char         *path,
                      SalurProgressFunc   progress,
                      gpointer            progress_data,
                      GCancellable       *cancellable,
                      GError            **error)
{
  return salur_import_prepare_full (store, path, NULL, progress, progress_data, cancellable, error);
}

SalurImportPlan *
salur_import_prepare_full (SalurStore               *store,
                           const char               *path,
                           const SalurImportOptions *options,
                           SalurProgressFunc         progress,
                           gpointer                  progress_data,
                           GCancellable             *cancellable,
                           GError                  **error)
{
  g_autoptr(SalurImportPlan) plan = g_new0 (SalurImportPlan, 1);
  g_autoptr(SalurSheet) sheet = NULL;
  g_autoptr(GArray) rows_of_kpm = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(SalurVillage) village = NULL;
  SalurSheetRow row = { 0 };
  ImportContext ctx = { 0 };
  GStatBuf st;
  gsize file_size = 0;
  gboolean ok = TRUE;
  gint64 started = g_get_monotonic_time ();

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  village = salur_store_get_village (store, error);
  if (village == NULL)
    return NULL;

  plan->path = g_strdup (path);
  plan->kpm = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_kpm_unref);
  plan->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  plan->from_month = salur_month_from_ymd (g_date_time_get_year (now), 1);
  if (g_stat (path, &st) == 0)
    file_size = st.st_size;

  sheet = open_list (path, &row, &plan->columns, error);
  if (sheet == NULL)
    return NULL;
  plan->format = g_strdup (salur_sheet_describe (sheet));
  plan->header_row = row.row_number;
  plan->headers = g_new0 (char *, row.n_cells + 1);
  for (guint i = 0; i < row.n_cells; i++)
    plan->headers[i] = g_strdup (row.cells[i]);
  if (options != NULL && options->columns != NULL && !apply_columns (plan, options, error))
    return NULL;
  if (options != NULL && options->keep_rows)
    {
      plan->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) import_row_free);
      plan->cell_chunk = g_string_chunk_new (64 * 1024);
    }

  ctx.plan = plan;
  ctx.store = store;
  ctx.this_year = g_date_time_get_year (now);
  ctx.stored_niks = salur_store_nik_set (store, error);
  ctx.rw_map = salur_store_rw_map (store, error);
  if (ctx.stored_niks == NULL || ctx.rw_map == NULL)
    {
      g_clear_pointer (&ctx.stored_niks, g_hash_table_unref);
      g_clear_pointer (&ctx.rw_map, g_hash_table_unref);
      return NULL;
    }
  ctx.file_niks = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.nik_chunk = g_string_chunk_new (64 * 1024);
  ctx.dusun_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx.dusun_names = dusun_list (store);
  ctx.warned_rows = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (;;)
    {
      guint before;

      if (!salur_sheet_next (sheet, &row, error))
        {
          ok = error == NULL || *error == NULL;
          break;
        }
      if (plan->rows_read == 0 && is_numbering_row (&row))
        continue;
      plan->rows_read++;
      before = plan->kpm->len;
      check_row (&ctx, &row);
      if (plan->rows != NULL)
        keep_row (plan, &row);
      if (plan->kpm->len > before)
        g_array_append_val (rows_of_kpm, row.row_number);

      if ((plan->rows_read & 1023) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ok = FALSE;
              break;
            }
          if (progress != NULL)
            progress (file_size > 0 ? MIN (0.99, (double) plan->rows_read * 120 / file_size) : 0.5,
                      progress_data);
        }
    }

  if (ok)
    {
      check_shared_kk (&ctx, rows_of_kpm);
      plan->warned = g_hash_table_size (ctx.warned_rows);
      g_ptr_array_sort (plan->problems, compare_problems);
      if (plan->rows != NULL)
        mark_rows (plan);
      if (progress != NULL)
        progress (1.0, progress_data);
    }

  g_hash_table_unref (ctx.stored_niks);
  g_hash_table_unref (ctx.file_niks);
  g_string_chunk_free (ctx.nik_chunk);
  g_hash_table_unref (ctx.dusun_cache);
  g_hash_table_unref (ctx.rw_map);
  g_free (ctx.dusun_names);
  g_hash_table_unref (ctx.warned_rows);

  if (!ok)
    return NULL;
  g_debug ("read and checked %u rows of %s in %.3f s", plan->rows_read, path,
           (g_get_monotonic_time () - started) / 1e6);
  return g_steal_pointer (&plan);
}

gboolean
salur_import_commit (SalurStore           *store,
                     const SalurOperator  *by,
                     SalurImportPlan      *plan,
                     SalurImportFlags      flags,
                     guint                *stored,
                     GError              **error)
{
  return salur_import_commit_full (store, by, plan, flags, NULL, NULL, NULL, stored, error);
}

gboolean
salur_import_commit_full (SalurStore           *store,
                          const SalurOperator  *by,
                          SalurImportPlan      *plan,
                          SalurImportFlags      flags,
                          SalurProgressFunc     progress,
                          gpointer              progress_data,
                          GCancellable         *cancellable,
                          guint                *stored,
                          GError              **error)
{
  g_autofree char *base = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 started = g_get_monotonic_time ();

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  if (stored != NULL)
    *stored = 0;

  if (plan->refused > 0 && !(flags & SALUR_IMPORT_SKIP_INVALID))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u row was refused, so nothing was stored. Correct it in the file and import again, "
                                "or use --skip-invalid to store the other rows.",
                                "%u rows were refused, so nothing was stored. Correct them in the file and import again, "
                                "or use --skip-invalid to store the other rows.",
                                plan->refused),
                   plan->refused);
      return FALSE;
    }
  if (flags & SALUR_IMPORT_DRY_RUN)
    return TRUE;

  rows = g_ptr_array_new_full (plan->kpm->len, NULL);
  for (guint i = 0; i < plan->kpm->len; i++)
    {
      SalurKpm *kpm = g_ptr_array_index (plan->kpm, i);

      kpm->from_month = plan->from_month;
      g_ptr_array_add (rows, kpm);
    }
  base = g_path_get_basename (plan->path);
  if (!salur_store_begin (store, error))
    return FALSE;
  if (!_salur_ledger_record_list_full (store, by, base, plan->format, rows, progress, progress_data, cancellable,
                                       error)
      || !salur_store_log_import (store, base, plan->format, plan->rows_read, plan->kpm->len, error)
      || !salur_store_commit (store, error))
    {
      salur_store_rollback (store);
      return FALSE;
    }

  if (stored != NULL)
    *stored = plan->kpm->len;
  g_debug ("stored %u KPM in %.3f s", plan->kpm->len, (g_get_monotonic_time () - started) / 1e6);
  return TRUE;
}

gboolean
salur_import_write_problems (SalurImportPlan  *plan,
                             const char       *path,
                             GError          **error)
{
  g_autoptr(GString) out = g_string_new ("row,column,value,level,reason\r\n");

  for (guint i = 0; i < plan->problems->len; i++)
    {
      SalurImportProblem *p = g_ptr_array_index (plan->problems, i);

      g_string_append_printf (out, "%u,", p->row);
      salur_csv_append_cell (out, p->column);
      g_string_append_c (out, ',');
      salur_csv_append_cell (out, p->value);
      g_string_append (out, p->level == SALUR_PROBLEM_REFUSED ? ",refused," : ",warning,");
      salur_csv_append_cell (out, p->reason);
      g_string_append (out, "\r\n");
    }
  return g_file_set_contents_full (path, out->str, out->len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

void
salur_import_plan_free (SalurImportPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->path);
  g_free (plan->format);
  g_strfreev (plan->headers);
  salur_column_map_free (plan->columns);
  g_clear_pointer (&plan->kpm, g_ptr_array_unref);
  g_clear_pointer (&plan->problems, g_ptr_array_unref);
  g_clear_pointer (&plan->rows, g_ptr_array_unref);
  g_clear_pointer (&plan->cell_chunk, g_string_chunk_free);
  g_free (plan);
}
