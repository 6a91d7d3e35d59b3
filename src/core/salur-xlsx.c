/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-sheet"
#include "config.h"

#include <math.h>
#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include "salur-error.h"
#include "salur-xlsx.h"

/* Cells longer than this are refused: Excel stops at 32,767 characters */
#define MAX_CELL_BYTES  (32767u * 4)
/* One row's text, to stop a row of 16,384 references to one huge string */
#define MAX_ROW_BYTES   (64u * 1024 * 1024)
/* Parts read whole (workbook, relationships, shared strings, styles...) */
#define MAX_PARTS_BYTES (512u * 1024 * 1024)

#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

typedef struct {
  char *name;
  char *part;     /* zip entry of its XML, NULL when the workbook does not say */
} SheetInfo;

struct _SalurXlsx {
  char            *file_name;     /* basename, for messages */
  GBytes          *bytes;         /* the zip */
  GPtrArray       *sheets;        /* SheetInfo */
  guint            index;
  gboolean         date1904;

  /* Shared strings: NUL-separated in one buffer */
  GString         *sst_text;
  GArray          *sst_offsets;   /* gsize */

  /* Styles: for each cellXfs entry, whether it shows a date */
  GByteArray      *xf_is_date;

  /* The worksheet being streamed */
  struct archive  *archive;
  guint64          part_read;
  char            *io_error;
  xmlTextReaderPtr reader;
  char            *xml_error;
  gboolean         done;
  GError          *failure;
  guint            last_row;

  /* The row being built; cell texts are NUL-separated in row_text */
  GString         *row_text;
  GArray          *col_offsets;   /* gssize per column, -1 for none */
  GArray          *col_kinds;     /* SalurCellKind per column */
  guint            row_width;     /* columns touched in this row */
  char           **cells;
  SalurCellKind   *kinds;
  guint            n_alloc;
  GString         *value;         /* text of the cell being read */
  char             empty[1];
};

typedef struct {
  char  *id;
  char  *type;
  char  *target;    /* resolved zip path, or NULL for an external target */
} Relationship;

static void
relationship_free (gpointer data)
{
  Relationship *rel = data;

  g_free (rel->id);
  g_free (rel->type);
  g_free (rel->target);
  g_free (rel);
}

static void
sheet_info_free (gpointer data)
{
  SheetInfo *info = data;

  g_free (info->name);
  g_free (info->part);
  g_free (info);
}

static void
ensure_libxml (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

/* ---------------------------------------------------------------- helpers */

/* Zip entry names compared the way Office does: case-insensitive, with '/' */
static char *
part_key (const char *name)
{
  char *key = g_ascii_strdown (name[0] == '/' ? name + 1 : name, -1);

  for (char *p = key; *p; p++)
    if (*p == '\\')
      *p = '/';
  return key;
}

/* Resolves a relationship TARGET against the folder of the part that holds
 * the relationships (BASE_DIR, "" or ending in '/'). */
static char *
resolve_target (const char *base_dir,
                const char *target)
{
  g_autofree char *unescaped = g_uri_unescape_string (target, NULL);
  const char *t = unescaped != NULL ? unescaped : target;
  g_autofree char *joined = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_auto(GStrv) segments = NULL;

  if (t[0] == '/' || t[0] == '\\')
    joined = g_strdup (t + 1);
  else
    joined = g_strconcat (base_dir, t, NULL);

  for (char *p = joined; *p; p++)
    if (*p == '\\')
      *p = '/';

  segments = g_strsplit (joined, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (segments[i][0] == '\0' || g_str_equal (segments[i], "."))
        continue;
      if (g_str_equal (segments[i], ".."))
        {
          if (parts->len > 0)
            g_ptr_array_remove_index (parts, parts->len - 1);
          continue;
        }
      g_ptr_array_add (parts, segments[i]);
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("/", (char **) parts->pdata);
}

/* "xl/workbook.xml" -> "xl/" */
static char *
part_dir (const char *part)
{
  const char *slash = strrchr (part, '/');

  return slash != NULL ? g_strndup (part, (gsize) (slash - part + 1)) : g_strdup ("");
}

/* "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels" */
static char *
rels_part_for (const char *part)
{
  g_autofree char *dir = part_dir (part);
  const char *slash = strrchr (part, '/');

  return g_strconcat (dir, "_rels/", slash != NULL ? slash + 1 : part, ".rels", NULL);
}

static gboolean
ends_with_type (const char *type,
                const char *suffix)
{
  return type != NULL && g_str_has_suffix (type, suffix);
}

/* Appends TEXT, decoding Excel's _xHHHH_ escapes (_x000D_ is a carriage
 * return, _x005F_ an underscore). */
static void
append_ooxml_text (GString    *out,
                   const char *text)
{
  const char *p = text;
  const char *u;

  while ((u = strstr (p, "_x")) != NULL)
    {
      gunichar c = 0;
      gboolean ok = TRUE;

      for (int i = 0; i < 4 && ok; i++)
        {
          int d = g_ascii_xdigit_value (u[2 + i]);
          if (d < 0)
            ok = FALSE;
          else
            c = (c << 4) | (gunichar) d;
        }
      ok = ok && u[6] == '_' && c != 0 && !(c >= 0xD800 && c <= 0xDFFF);

      if (!ok)
        {
          g_string_append_len (out, p, (gssize) (u - p + 2));
          p = u + 2;
          continue;
        }
      g_string_append_len (out, p, (gssize) (u - p));
      g_string_append_unichar (out, c);
      p = u + 7;
    }
  g_string_append (out, p);
}

/* "C7" -> 3; 0 when REF has no column letters or too many */
static guint
column_of_ref (const char *ref)
{
  guint col = 0;
  int n = 0;

  for (; g_ascii_isalpha (*ref); ref++)
    {
      if (++n > 3)
        return 0;
      col = col * 26 + (guint) (g_ascii_toupper (*ref) - 'A' + 1);
    }
  return col;
}

static void
column_name (guint col, char out[8])
{
  char tmp[8];
  int n = 0;

  while (col > 0 && n < 7)
    {
      col--;
      tmp[n++] = (char) ('A' + col % 26);
      col /= 26;
    }
  for (int i = 0; i < n; i++)
    out[i] = tmp[n - 1 - i];
  out[n] = '\0';
}

/* A whole unsigned decimal number, spaces around allowed */
static gboolean
parse_uint (const char *s,
            guint64     max,
            guint64    *out)
{
  guint64 v;

  if (s == NULL)
    return FALSE;
  while (g_ascii_isspace (*s))
    s++;
  if (!g_ascii_isdigit (*s))
    return FALSE;
  v = 0;
  for (; g_ascii_isdigit (*s); s++)
    {
      v = v * 10 + (guint64) (*s - '0');
      if (v > max)
        return FALSE;
    }
  while (g_ascii_isspace (*s))
    s++;
  if (*s != '\0')
    return FALSE;
  *out = v;
  return TRUE;
}

gboolean
salur_xlsx_serial_to_date (double    serial,
                           gboolean  date1904,
                           char     *out)
{
  GDate date;
  gint64 days;

  g_return_val_if_fail (out != NULL, FALSE);

  /* Below 1 is a time of day; 2958465 is 9999-12-31, Excel's last day */
  if (!isfinite (serial) || serial < 1.0 || serial >= 2958466.0)
    return FALSE;
  /* 44927.99999999999 is a day that lost its last bit, not the evening
   * before */
  days = (gint64) floor (serial + 1e-8);

  g_date_clear (&date, 1);
  if (date1904)
    g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1904);
  else if (days == 60)
    {
      /* Lotus 1-2-3 thought 1900 was a leap year, and Excel kept it */
      memcpy (out, "1900-02-29", 11);
      return TRUE;
    }
  else if (days < 60)
    g_date_set_dmy (&date, 31, G_DATE_DECEMBER, 1899);
  else
    g_date_set_dmy (&date, 30, G_DATE_DECEMBER, 1899);

  g_date_add_days (&date, (guint) days);
  if (!g_date_valid (&date) || g_date_get_year (&date) > 9999)
    return FALSE;
  g_snprintf (out, 11, "%04u-%02u-%02u",
              (guint) g_date_get_year (&date),
              (guint) g_date_get_month (&date),
              (guint) g_date_get_day (&date));
  return TRUE;
}

gboolean
salur_xlsx_format_is_date (const char *code)
{
  gboolean d = FALSE, m = FALSE, y = FALSE, h = FALSE, s = FALSE;

  g_return_val_if_fail (code != NULL, FALSE);

  for (const char *p = code; *p; p++)
    {
      switch (*p)
        {
        case '"':
          p = strchr (p + 1, '"');
          if (p == NULL)
            goto done;
          break;
        case '[':
          p = strchr (p + 1, ']');
          if (p == NULL)
            goto done;
          break;
        case '\\':
        case '_':
        case '*':
          /* an escaped character, a space as wide as one, a fill */
          if (p[1] == '\0')
            goto done;
          p++;
          break;
        case 'd': case 'D':
          d = TRUE;
          break;
        case 'm': case 'M':
          m = TRUE;
          break;
        case 'y': case 'Y':
          y = TRUE;
          break;
        case 'h': case 'H':
          h = TRUE;
          break;
        case 's': case 'S':
          s = TRUE;
          break;
        default:
          break;
        }
    }
done:
  return d || y || (m && !h && !s);
}

static gboolean
numfmt_is_date (guint id)
{
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
         (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/* ------------------------------------------------------- reading the zip */

static void
set_damaged (GError     **error,
             const char  *file_name,
             const char  *detail)
{
  g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
               _("“%s” cannot be read as an Excel workbook (.xlsx): the file is damaged or incomplete (%s). "
                 "Open it in Excel and save it again."),
               file_name, detail);
}

static struct archive *
open_zip (GBytes      *bytes,
          const char  *file_name,
          GError     **error)
{
  struct archive *ar = archive_read_new ();
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  /* Only the reader that uses the central directory: a zip cut short loses
   * it, and must not look like a smaller workbook */
  archive_read_support_format_zip_seekable (ar);
  if (archive_read_open_memory (ar, data, size) != ARCHIVE_OK)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” cannot be read as an Excel workbook (.xlsx): the file is incomplete or damaged "
                     "(the table of contents at its end is missing). It may not have been copied completely: "
                     "copy it again, or open it in Excel and save it again."),
                   file_name);
      archive_read_free (ar);
      return NULL;
    }
  return ar;
}

static gboolean
read_entry (struct archive  *ar,
            const char      *file_name,
            gsize            limit,
            GByteArray      *out,
            GError         **error)
{
  guint8 chunk[64 * 1024];

  for (;;)
    {
      la_ssize_t n = archive_read_data (ar, chunk, sizeof chunk);
      if (n == 0)
        return TRUE;
      if (n < 0)
        {
          set_damaged (error, file_name,
                       archive_error_string (ar) ? archive_error_string (ar) : "zip");
          return FALSE;
        }
      if (out->len + (gsize) n > limit)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("“%s” is too large to read: a part of the workbook is bigger than 512 MB."),
                       file_name);
          return FALSE;
        }
      g_byte_array_append (out, chunk, (guint) n);
    }
}

static gboolean
wanted_in_first_pass (const char *key)
{
  /* Everything small that tells where things are; worksheets are streamed
   * later, pictures never read */
  if (strstr (key, "worksheets/") != NULL || strstr (key, "media/") != NULL)
    return FALSE;
  return g_str_has_suffix (key, ".xml") || g_str_has_suffix (key, ".rels");
}

/* First pass: every part except worksheets, into PARTS (key -> GBytes) */
static gboolean
read_parts (SalurXlsx   *self,
            GHashTable  *parts,
            GError     **error)
{
  struct archive *ar = open_zip (self->bytes, self->file_name, error);
  struct archive_entry *entry;
  gsize total = 0;
  int r;

  if (ar == NULL)
    return FALSE;

  while ((r = archive_read_next_header (ar, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      g_autofree char *key = NULL;

      if (name == NULL || archive_entry_filetype (entry) != AE_IFREG)
        continue;
      key = part_key (name);
      if (!wanted_in_first_pass (key))
        {
          g_hash_table_insert (parts, g_steal_pointer (&key), NULL);
          continue;
        }

      g_autoptr(GByteArray) data = g_byte_array_new ();
      if (!read_entry (ar, self->file_name, MAX_PARTS_BYTES - total, data, error))
        {
          archive_read_free (ar);
          return FALSE;
        }
      total += data->len;
      g_hash_table_insert (parts, g_steal_pointer (&key),
                           g_byte_array_free_to_bytes (g_steal_pointer (&data)));
    }

  if (r != ARCHIVE_EOF)
    {
      set_damaged (error, self->file_name,
                   archive_error_string (ar) ? archive_error_string (ar) : "zip");
      archive_read_free (ar);
      return FALSE;
    }
  archive_read_free (ar);
  return TRUE;
}

static GBytes *
lookup_part (GHashTable *parts,
             const char *path)
{
  g_autofree char *key = part_key (path);

  return g_hash_table_lookup (parts, key);
}

/* ------------------------------------------------------------ small parts */

typedef struct {
  char *message;
} XmlErrorSink;

static void
on_xml_error (void        *arg,
              xmlErrorPtr  err)
{
  char **message = arg;

  if (*message == NULL && err != NULL && err->message != NULL)
    *message = g_strstrip (g_strdup (err->message));
}

static xmlTextReaderPtr
reader_for_bytes (GBytes      *bytes,
                  const char  *url,
                  char       **message)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  xmlTextReaderPtr reader;

  ensure_libxml ();
  if (size > G_MAXINT)
    return NULL;
  reader = xmlReaderForMemory (data != NULL ? data : "", (int) size, url, NULL, XML_OPTIONS);
  if (reader != NULL)
    xmlTextReaderSetStructuredErrorHandler (reader, on_xml_error, message);
  return reader;
}

static void
set_broken_part (GError     **error,
                 const char  *file_name,
                 const char  *part,
                 const char  *message)
{
  g_autofree char *detail = g_strdup_printf ("%s: %s", part, message ? message : "XML");

  set_damaged (error, file_name, detail);
}

static const char *
attr (xmlTextReaderPtr  reader,
      const char       *name,
      char            **owned)
{
  g_clear_pointer (owned, xmlFree);
  *owned = (char *) xmlTextReaderGetAttribute (reader, (const xmlChar *) name);
  return *owned;
}

/* Relationships of a part: Id -> Relationship */
static GHashTable *
parse_rels (SalurXlsx   *self,
            GBytes      *bytes,
            const char  *rels_path,
            const char  *source_dir,
            GError     **error)
{
  g_autoptr(GHashTable) rels = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, relationship_free);
  g_autofree char *message = NULL;
  xmlTextReaderPtr reader = reader_for_bytes (bytes, rels_path, &message);
  int r;

  if (reader == NULL)
    {
      set_broken_part (error, self->file_name, rels_path, NULL);
      return NULL;
    }

  while ((r = xmlTextReaderRead (reader)) == 1)
    {
      if (xmlTextReaderNodeType (reader) != XML_READER_TYPE_ELEMENT ||
          !xmlStrEqual (xmlTextReaderConstLocalName (reader), (const xmlChar *) "Relationship"))
        continue;

      g_autofree char *id = (char *) xmlTextReaderGetAttribute (reader, (const xmlChar *) "Id");
      g_autofree char *type = (char *) xmlTextReaderGetAttribute (reader, (const xmlChar *) "Type");
      g_autofree char *target = (char *) xmlTextReaderGetAttribute (reader, (const xmlChar *) "Target");
      g_autofree char *mode = (char *) xmlTextReaderGetAttribute (reader, (const xmlChar *) "TargetMode");

      if (id == NULL || target == NULL || g_hash_table_contains (rels, id))
        continue;

      Relationship *rel = g_new0 (Relationship, 1);
      rel->id = g_strdup (id);
      rel->type = g_strdup (type);
      if (mode == NULL || g_ascii_strcasecmp (mode, "External") != 0)
        rel->target = resolve_target (source_dir, target);
      g_hash_table_insert (rels, rel->id, rel);
    }
  xmlFreeTextReader (reader);

  if (r < 0)
    {
      set_broken_part (error, self->file_name, rels_path, message);
      return NULL;
    }
  return g_steal_pointer (&rels);
}

static const Relationship *
find_rel_of_type (GHashTable *rels,
                  const char *suffix)
{
  GHashTableIter iter;
  gpointer value;
  const Relationship *best = NULL;

  /* The lowest Id wins, so the choice does not depend on hashing */
  g_hash_table_iter_init (&iter, rels);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Relationship *rel = value;
      if (ends_with_type (rel->type, suffix) && rel->target != NULL &&
          (best == NULL || strcmp (rel->id, best->id) < 0))
        best = rel;
    }
  return best;
}

static gboolean
parse_workbook (SalurXlsx   *self,
                GBytes      *bytes,
                const char  *workbook_path,
                GHashTable  *rels,
                GError     **error)
{
  g_autofree char *message = NULL;
  xmlTextReaderPtr reader = reader_for_bytes (bytes, workbook_path, &message);
  gboolean in_sheets = FALSE;
  int r;

  if (reader == NULL)
    {
      set_broken_part (error, self->file_name, workbook_path, NULL);
      return FALSE;
    }

  while ((r = xmlTextReaderRead (reader)) == 1)
    {
      int type = xmlTextReaderNodeType (reader);
      const char *name = (const char *) xmlTextReaderConstLocalName (reader);

      if (type == XML_READER_TYPE_END_ELEMENT && g_str_equal (name, "sheets"))
        in_sheets = FALSE;
      if (type != XML_READER_TYPE_ELEMENT)
        continue;

      if (g_str_equal (name, "sheets"))
        in_sheets = !xmlTextReaderIsEmptyElement (reader);
      else if (g_str_equal (name, "workbookPr"))
        {
          g_autofree char *v = (char *) xmlTextReaderGetAttribute (reader, (const xmlChar *) "date1904");
          self->date1904 = v != NULL && (g_str_equal (v, "1") || g_ascii_strcasecmp (v, "true") == 0);
        }
      else if (g_str_equal (name, "sheet") && in_sheets)
        {
          SheetInfo *info = g_new0 (SheetInfo, 1);
          g_autofree char *rid = NULL;

          /* r:id, whatever the prefix and whichever OOXML namespace */
          if (xmlTextReaderMoveToFirstAttribute (reader) == 1)
            {
              do
                {
                  const char *an = (const char *) xmlTextReaderConstLocalName (reader);
                  const xmlChar *ns = xmlTextReaderConstNamespaceUri (reader);
                  if (g_str_equal (an, "name") && ns == NULL && info->name == NULL)
                    info->name = g_strdup ((const char *) xmlTextReaderConstValue (reader));
                  else if (g_str_equal (an, "id") && ns != NULL && rid == NULL)
                    rid = g_strdup ((const char *) xmlTextReaderConstValue (reader));
                }
              while (xmlTextReaderMoveToNextAttribute (reader) == 1);
              xmlTextReaderMoveToElement (reader);
            }

          if (info->name == NULL)
            info->name = g_strdup_printf ("Sheet%u", self->sheets->len + 1);
          if (rid != NULL)
            {
              const Relationship *rel = g_hash_table_lookup (rels, rid);
              if (rel != NULL && rel->target != NULL)
                info->part = g_strdup (rel->target);
            }
          g_ptr_array_add (self->sheets, info);
        }
    }
  xmlFreeTextReader (reader);

  if (r < 0)
    {
      set_broken_part (error, self->file_name, workbook_path, message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_shared_strings (SalurXlsx   *self,
                      GBytes      *bytes,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *message = NULL;
  xmlTextReaderPtr reader = reader_for_bytes (bytes, path, &message);
  gboolean in_si = FALSE;
  gboolean in_t = FALSE;
  guint in_rph = 0;
  gsize start = 0;
  int r;

  if (reader == NULL)
    {
      set_broken_part (error, self->file_name, path, NULL);
      return FALSE;
    }

  while ((r = xmlTextReaderRead (reader)) == 1)
    {
      int type = xmlTextReaderNodeType (reader);

      switch (type)
        {
        case XML_READER_TYPE_ELEMENT:
          {
            const char *name = (const char *) xmlTextReaderConstLocalName (reader);
            gboolean empty = xmlTextReaderIsEmptyElement (reader);

            if (g_str_equal (name, "si"))
              {
                start = self->sst_text->len;
                in_si = !empty;
                in_rph = 0;
                in_t = FALSE;
                if (empty)
                  {
                    g_string_append_c (self->sst_text, '\0');
                    g_array_append_val (self->sst_offsets, start);
                  }
              }
            else if (g_str_equal (name, "rPh") && in_si && !empty)
              in_rph++;
            else if (g_str_equal (name, "t") && in_si && in_rph == 0 && !empty)
              in_t = TRUE;
          }
          break;

        case XML_READER_TYPE_END_ELEMENT:
          {
            const char *name = (const char *) xmlTextReaderConstLocalName (reader);

            if (g_str_equal (name, "t"))
              in_t = FALSE;
            else if (g_str_equal (name, "rPh") && in_rph > 0)
              in_rph--;
            else if (g_str_equal (name, "si") && in_si)
              {
                g_string_append_c (self->sst_text, '\0');
                g_array_append_val (self->sst_offsets, start);
                in_si = FALSE;
              }
          }
          break;

        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
          if (in_t)
            append_ooxml_text (self->sst_text, (const char *) xmlTextReaderConstValue (reader));
          break;

        default:
          break;
        }
    }
  xmlFreeTextReader (reader);

  if (r < 0)
    {
      set_broken_part (error, self->file_name, path, message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_styles (SalurXlsx   *self,
              GBytes      *bytes,
              const char  *path,
              GError     **error)
{
  g_autofree char *message = NULL;
  g_autoptr(GHashTable) date_formats = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) xf_formats = g_array_new (FALSE, FALSE, sizeof (guint));
  xmlTextReaderPtr reader = reader_for_bytes (bytes, path, &message);
  gboolean in_cell_xfs = FALSE;
  char *owned = NULL;
  int r;

  if (reader == NULL)
    {
      set_broken_part (error, self->file_name, path, NULL);
      return FALSE;
    }

  while ((r = xmlTextReaderRead (reader)) == 1)
    {
      int type = xmlTextReaderNodeType (reader);
      const char *name = (const char *) xmlTextReaderConstLocalName (reader);

      if (type == XML_READER_TYPE_END_ELEMENT && g_str_equal (name, "cellXfs"))
        in_cell_xfs = FALSE;
      if (type != XML_READER_TYPE_ELEMENT)
        continue;

      if (g_str_equal (name, "cellXfs"))
        in_cell_xfs = !xmlTextReaderIsEmptyElement (reader);
      else if (g_str_equal (name, "numFmt"))
        {
          guint64 id;
          const char *code = attr (reader, "formatCode", &owned);
          gboolean is_date = code != NULL && salur_xlsx_format_is_date (code);
          if (parse_uint (attr (reader, "numFmtId", &owned), G_MAXUINT32, &id))
            {
              if (is_date)
                g_hash_table_add (date_formats, GUINT_TO_POINTER ((guint) id));
              else
                g_hash_table_remove (date_formats, GUINT_TO_POINTER ((guint) id));
            }
        }
      else if (g_str_equal (name, "xf") && in_cell_xfs &&
               xmlTextReaderDepth (reader) <= 2)
        {
          guint64 id = 0;
          if (!parse_uint (attr (reader, "numFmtId", &owned), G_MAXUINT32, &id))
            id = 0;
          guint fmt = (guint) id;
          g_array_append_val (xf_formats, fmt);
        }
    }
  g_clear_pointer (&owned, xmlFree);
  xmlFreeTextReader (reader);

  if (r < 0)
    {
      set_broken_part (error, self->file_name, path, message);
      return FALSE;
    }

  for (guint i = 0; i < xf_formats->len; i++)
    {
      guint fmt = g_array_index (xf_formats, guint, i);
      guint8 is_date;

      /* A custom format may redefine a built-in number */
      if (fmt >= 164 || g_hash_table_contains (date_formats, GUINT_TO_POINTER (fmt)))
        is_date = g_hash_table_contains (date_formats, GUINT_TO_POINTER (fmt));
      else
        is_date = numfmt_is_date (fmt);
      g_byte_array_append (self->xf_is_date, &is_date, 1);
    }
  return TRUE;
}

/* ------------------------------------------------------------- streaming */

static int
archive_read_cb (void *context,
                 char *buffer,
                 int   len)
{
  SalurXlsx *self = context;
  la_ssize_t n;

  if (self->io_error != NULL)
    return -1;
  n = archive_read_data (self->archive, buffer, (size_t) len);
  if (n < 0)
    {
      self->io_error = g_strdup (archive_error_string (self->archive)
                                 ? archive_error_string (self->archive) : "zip");
      return -1;
    }
  self->part_read += (guint64) n;
  if (self->part_read > SALUR_XLSX_MAX_PART)
    {
      self->io_error = g_strdup ("sheet larger than 512 MB");
      return -1;
    }
  return (int) n;
}

static gboolean
open_sheet_stream (SalurXlsx   *self,
                   const char  *part,
                   GError     **error)
{
  g_autofree char *want = part_key (part);
  struct archive_entry *entry;
  int r;

  self->archive = open_zip (self->bytes, self->file_name, error);
  if (self->archive == NULL)
    return FALSE;

  while ((r = archive_read_next_header (self->archive, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      g_autofree char *key = NULL;

      if (name == NULL || archive_entry_filetype (entry) != AE_IFREG)
        continue;
      key = part_key (name);
      if (g_str_equal (key, want))
        break;
    }

  if (r != ARCHIVE_OK)
    {
      if (r == ARCHIVE_EOF)
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                     _("The sheet “%s” is missing from “%s”: the file is damaged. "
                       "Open it in Excel and save it again."),
                     salur_xlsx_get_name (self), self->file_name);
      else
        set_damaged (error, self->file_name,
                     archive_error_string (self->archive) ? archive_error_string (self->archive) : "zip");
      return FALSE;
    }

  ensure_libxml ();
  self->reader = xmlReaderForIO (archive_read_cb, NULL, self, part, NULL, XML_OPTIONS);
  if (self->reader == NULL)
    {
      set_broken_part (error, self->file_name, part, self->io_error);
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (self->reader, on_xml_error, &self->xml_error);
  return TRUE;
}

/* ------------------------------------------------------------------ open */

SalurXlsx *
salur_xlsx_new_from_bytes (GBytes      *bytes,
                           const char  *name,
                           guint        sheet_index,
                           GError     **error)
{
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GHashTable) root_rels = NULL;
  g_autoptr(GHashTable) wb_rels = NULL;
  g_autofree char *workbook = NULL;
  g_autofree char *wb_dir = NULL;
  g_autofree char *wb_rels_path = NULL;
  GBytes *part;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr(SalurXlsx) self = g_new0 (SalurXlsx, 1);
  self->file_name = g_strdup (name);
  self->bytes = g_bytes_ref (bytes);
  self->sheets = g_ptr_array_new_with_free_func (sheet_info_free);
  self->sst_text = g_string_new (NULL);
  self->sst_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->xf_is_date = g_byte_array_new ();
  self->row_text = g_string_sized_new (1024);
  self->col_offsets = g_array_new (FALSE, FALSE, sizeof (gssize));
  self->col_kinds = g_array_new (FALSE, FALSE, sizeof (SalurCellKind));
  self->value = g_string_sized_new (64);

  if (g_bytes_get_size (bytes) > SALUR_XLSX_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (g_bytes_get_size (bytes));
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” is too large (%s): Salur reads workbooks of up to 256 MB."),
                   name, size);
      return NULL;
    }

  parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify) g_bytes_unref);
  if (!read_parts (self, parts, error))
    return NULL;

  /* The package says where its workbook is; "xl/workbook.xml" if not */
  part = lookup_part (parts, "_rels/.rels");
  if (part != NULL)
    {
      root_rels = parse_rels (self, part, "_rels/.rels", "", error);
      if (root_rels == NULL)
        return NULL;
      const Relationship *rel = find_rel_of_type (root_rels, "/officeDocument");
      if (rel != NULL && lookup_part (parts, rel->target) != NULL)
        workbook = g_strdup (rel->target);
    }
  if (workbook == NULL)
    workbook = g_strdup ("xl/workbook.xml");

  part = lookup_part (parts, workbook);
  if (part == NULL)
    {
      if (g_hash_table_contains (parts, "content.xml") || g_hash_table_contains (parts, "mimetype"))
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                     _("“%s” is an OpenDocument spreadsheet (.ods), not an Excel workbook. "
                       "In LibreOffice use File, Save As, and choose “Excel 2007-365 (.xlsx)” or CSV."),
                     name);
      else
        g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                     _("“%s” is a zip file, not an Excel workbook (.xlsx)."), name);
      return NULL;
    }

  wb_dir = part_dir (workbook);
  wb_rels_path = rels_part_for (workbook);
  if (lookup_part (parts, wb_rels_path) != NULL)
    {
      wb_rels = parse_rels (self, lookup_part (parts, wb_rels_path), wb_rels_path, wb_dir, error);
      if (wb_rels == NULL)
        return NULL;
    }
  else
    wb_rels = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, relationship_free);

  if (!parse_workbook (self, part, workbook, wb_rels, error))
    return NULL;

  /* Shared strings and styles: where the relationships say, else where
   * Excel puts them */
  {
    const Relationship *rel = find_rel_of_type (wb_rels, "/sharedStrings");
    g_autofree char *path = rel != NULL ? g_strdup (rel->target)
                                        : g_strconcat (wb_dir, "sharedStrings.xml", NULL);
    part = lookup_part (parts, path);
    if (part != NULL && !parse_shared_strings (self, part, path, error))
      return NULL;
  }
  {
    const Relationship *rel = find_rel_of_type (wb_rels, "/styles");
    g_autofree char *path = rel != NULL ? g_strdup (rel->target)
                                        : g_strconcat (wb_dir, "styles.xml", NULL);
    part = lookup_part (parts, path);
    if (part != NULL && !parse_styles (self, part, path, error))
      return NULL;
  }
  g_clear_pointer (&parts, g_hash_table_unref);

  if (self->sheets->len == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” has no sheets: the file is damaged. Open it in Excel and save it again."),
                   name);
      return NULL;
    }
  if (sheet_index >= self->sheets->len)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                   ngettext ("“%s” has only %u sheet.", "“%s” has only %u sheets.",
                             self->sheets->len),
                   name, self->sheets->len);
      return NULL;
    }
  self->index = sheet_index;

  SheetInfo *info = g_ptr_array_index (self->sheets, sheet_index);
  if (info->part == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The sheet “%s” is missing from “%s”: the file is damaged. "
                     "Open it in Excel and save it again."),
                   info->name, name);
      return NULL;
    }
  if (!open_sheet_stream (self, info->part, error))
    return NULL;

  return g_steal_pointer (&self);
}

SalurXlsx *
salur_xlsx_open (const char  *path,
                 guint        sheet_index,
                 GError     **error)
{
  g_autofree char *name = NULL;
  char *data = NULL;
  gsize len = 0;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_path_get_basename (path);
  if (g_stat (path, &st) == 0 && (guint64) st.st_size > SALUR_XLSX_MAX_BYTES)
    {
      g_autofree char *size = g_format_size ((guint64) st.st_size);
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("“%s” is too large (%s): Salur reads workbooks of up to 256 MB."),
                   name, size);
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;

  g_autoptr(GBytes) bytes = g_bytes_new_take (data, len);
  return salur_xlsx_new_from_bytes (bytes, name, sheet_index, error);
}

guint
salur_xlsx_get_n_sheets (SalurXlsx *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->sheets->len;
}

const char *
salur_xlsx_get_sheet_name (SalurXlsx *self,
                           guint      i)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (i >= self->sheets->len)
    return NULL;
  return ((SheetInfo *) g_ptr_array_index (self->sheets, i))->name;
}

const char *
salur_xlsx_get_name (SalurXlsx *self)
{
  return salur_xlsx_get_sheet_name (self, self->index);
}

gboolean
salur_xlsx_get_date1904 (SalurXlsx *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->date1904;
}

/* ------------------------------------------------------------------ rows */

typedef enum {
  CELL_NUMBER,
  CELL_SHARED,
  CELL_INLINE,
  CELL_FORMULA_STR,
  CELL_BOOL,
  CELL_ERROR,
  CELL_ISO_DATE,
} CellType;

static CellType
cell_type_of (const char *t)
{
  if (t == NULL || g_str_equal (t, "n"))
    return CELL_NUMBER;
  if (g_str_equal (t, "s"))
    return CELL_SHARED;
  if (g_str_equal (t, "inlineStr"))
    return CELL_INLINE;
  if (g_str_equal (t, "str"))
    return CELL_FORMULA_STR;
  if (g_str_equal (t, "b"))
    return CELL_BOOL;
  if (g_str_equal (t, "e"))
    return CELL_ERROR;
  if (g_str_equal (t, "d"))
    return CELL_ISO_DATE;
  return CELL_NUMBER;
}

static gboolean
fail (SalurXlsx  *self,
      GError    **error,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (SalurXlsx   *self,
      GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  self->failure = g_error_new_valist (SALUR_ERROR, SALUR_ERROR_INVALID, format, args);
  va_end (args);
  self->done = TRUE;
  g_propagate_error (error, g_error_copy (self->failure));
  return FALSE;
}

static void
row_reset (SalurXlsx *self)
{
  for (guint i = 0; i < self->row_width; i++)
    {
      g_array_index (self->col_offsets, gssize, i) = -1;
      g_array_index (self->col_kinds, SalurCellKind, i) = SALUR_CELL_EMPTY;
    }
  self->row_width = 0;
  g_string_truncate (self->row_text, 0);
}

/* Stores TEXT (LEN bytes) as the cell in column COL (1-based) */
static gboolean
row_put (SalurXlsx      *self,
         guint           col,
         SalurCellKind   kind,
         const char     *text,
         gsize           len,
         GError        **error)
{
  g_assert (col >= 1 && col <= SALUR_XLSX_MAX_COLUMNS);

  if (len == 0)
    return TRUE;
  if (len > MAX_CELL_BYTES || self->row_text->len + len > MAX_ROW_BYTES)
    {
      char colname[8];
      column_name (col, colname);
      return fail (self, error,
                   _("“%s” has a cell too long to be a KPM list's (sheet “%s”, cell %s%u)."),
                   self->file_name, salur_xlsx_get_name (self), colname, self->last_row);
    }

  if (col > self->col_offsets->len)
    {
      guint old = self->col_offsets->len;
      g_array_set_size (self->col_offsets, col);
      g_array_set_size (self->col_kinds, col);
      for (guint i = old; i < col; i++)
        {
          g_array_index (self->col_offsets, gssize, i) = -1;
          g_array_index (self->col_kinds, SalurCellKind, i) = SALUR_CELL_EMPTY;
        }
    }
  self->row_width = MAX (self->row_width, col);

  g_array_index (self->col_offsets, gssize, col - 1) = (gssize) self->row_text->len;
  g_array_index (self->col_kinds, SalurCellKind, col - 1) = kind;
  g_string_append_len (self->row_text, text, (gssize) len);
  g_string_append_c (self->row_text, '\0');
  return TRUE;
}

static gboolean
cell_finish (SalurXlsx  *self,
             guint       col,
             CellType    type,
             guint       style,
             GError    **error)
{
  GString *v = self->value;
  char colname[8];

  switch (type)
    {
    case CELL_SHARED:
      {
        guint64 index;
        if (v->len == 0)
          return TRUE;
        if (!parse_uint (v->str, G_MAXUINT32, &index) || index >= self->sst_offsets->len)
          {
            column_name (col, colname);
            return fail (self, error,
                         _("“%s” is damaged: cell %s%u of the sheet “%s” refers to a text that is not in the file. "
                           "Open it in Excel and save it again."),
                         self->file_name, colname, self->last_row, salur_xlsx_get_name (self));
          }
        const char *s = self->sst_text->str + g_array_index (self->sst_offsets, gsize, (guint) index);
        return row_put (self, col, SALUR_CELL_TEXT, s, strlen (s), error);
      }

    case CELL_INLINE:
    case CELL_FORMULA_STR:
      {
        g_autoptr(GString) decoded = g_string_sized_new (v->len);
        append_ooxml_text (decoded, v->str);
        return row_put (self, col, SALUR_CELL_TEXT, decoded->str, decoded->len, error);
      }

    case CELL_BOOL:
      if (g_str_equal (v->str, "1"))
        return row_put (self, col, SALUR_CELL_TEXT, "TRUE", 4, error);
      if (g_str_equal (v->str, "0"))
        return row_put (self, col, SALUR_CELL_TEXT, "FALSE", 5, error);
      return row_put (self, col, SALUR_CELL_TEXT, v->str, v->len, error);

    case CELL_ERROR:
      return row_put (self, col, SALUR_CELL_TEXT, v->str, v->len, error);

    case CELL_ISO_DATE:
      {
        guint64 y, m, d;
        char ymd[5] = { 0 }, mm[3] = { 0 }, dd[3] = { 0 };
        if (v->len >= 10 && v->str[4] == '-' && v->str[7] == '-' &&
            (v->len == 10 || v->str[10] == 'T' || v->str[10] == ' '))
          {
            memcpy (ymd, v->str, 4);
            memcpy (mm, v->str + 5, 2);
            memcpy (dd, v->str + 8, 2);
            if (parse_uint (ymd, 9999, &y) && parse_uint (mm, 12, &m) && parse_uint (dd, 31, &d) &&
                g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
              return row_put (self, col, SALUR_CELL_DATE, v->str, 10, error);
          }
        return row_put (self, col, SALUR_CELL_TEXT, v->str, v->len, error);
      }

    case CELL_NUMBER:
    default:
      {
        if (v->len == 0)
          return TRUE;
        if (style < self->xf_is_date->len && self->xf_is_date->data[style])
          {
            char *end = NULL;
            char date[11];
            double serial = g_ascii_strtod (v->str, &end);
            if (end != v->str && *end == '\0' &&
                salur_xlsx_serial_to_date (serial, self->date1904, date))
              return row_put (self, col, SALUR_CELL_DATE, date, 10, error);
          }
        return row_put (self, col, SALUR_CELL_NUMBER, v->str, v->len, error);
      }
    }
}

static void
row_emit (SalurXlsx     *self,
          SalurSheetRow *row,
          guint          n)
{
  if (n > self->n_alloc)
    {
      self->n_alloc = MAX (n, MAX (32, self->n_alloc * 2));
      self->cells = g_renew (char *, self->cells, self->n_alloc);
      self->kinds = g_renew (SalurCellKind, self->kinds, self->n_alloc);
    }
  for (guint i = 0; i < n; i++)
    {
      gssize off = g_array_index (self->col_offsets, gssize, i);
      self->cells[i] = off >= 0 ? self->row_text->str + off : self->empty;
      self->kinds[i] = off >= 0 ? g_array_index (self->col_kinds, SalurCellKind, i) : SALUR_CELL_EMPTY;
    }
  row->row_number = self->last_row;
  row->n_cells = n;
  row->cells = self->cells;
  row->kinds = self->kinds;
}

gboolean
salur_xlsx_next (SalurXlsx      *self,
                 SalurSheetRow  *row,
                 GError        **error)
{
  xmlTextReaderPtr reader;
  gboolean in_row = FALSE, in_cell = FALSE, in_v = FALSE, in_is = FALSE, in_t = FALSE;
  guint in_rph = 0;
  guint col = 0, last_col = 0, style = 0;
  CellType type = CELL_NUMBER;
  char *owned = NULL;
  int r;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (row != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (self->failure));
      return FALSE;
    }
  if (self->done || self->reader == NULL)
    return FALSE;

  reader = self->reader;
  row_reset (self);

  while ((r = xmlTextReaderRead (reader)) == 1)
    {
      int node = xmlTextReaderNodeType (reader);

      if (node == XML_READER_TYPE_ELEMENT)
        {
          const char *name = (const char *) xmlTextReaderConstLocalName (reader);
          gboolean empty = xmlTextReaderIsEmptyElement (reader);

          if (g_str_equal (name, "row"))
            {
              guint64 n;
              if (parse_uint (attr (reader, "r", &owned), G_MAXUINT, &n) && n > 0)
                self->last_row = (guint) n;
              else if (self->last_row < G_MAXUINT)
                self->last_row++;
              row_reset (self);
              in_row = !empty;
              in_cell = in_v = in_is = in_t = FALSE;
              last_col = 0;
            }
          else if (g_str_equal (name, "c") && in_row)
            {
              guint64 s;
              col = column_of_ref (attr (reader, "r", &owned) ? owned : "");
              if (col == 0)
                col = last_col + 1;
              if (col > SALUR_XLSX_MAX_COLUMNS)
                {
                  g_clear_pointer (&owned, xmlFree);
                  return fail (self, error,
                               _("“%s” is damaged: row %u of the sheet “%s” goes past Excel's last column. "
                                 "Open it in Excel and save it again."),
                               self->file_name, self->last_row, salur_xlsx_get_name (self));
                }
              last_col = col;
              type = cell_type_of (attr (reader, "t", &owned));
              style = parse_uint (attr (reader, "s", &owned), G_MAXUINT32, &s) ? (guint) s : 0;
              g_string_truncate (self->value, 0);
              in_cell = !empty;
              in_v = in_is = in_t = FALSE;
              in_rph = 0;
            }
          else if (!in_cell || empty)
            continue;
          else if (g_str_equal (name, "v"))
            in_v = TRUE;
          else if (g_str_equal (name, "is"))
            in_is = TRUE;
          else if (g_str_equal (name, "rPh"))
            in_rph++;
          else if (g_str_equal (name, "t") && in_is && in_rph == 0)
            in_t = TRUE;
        }
      else if (node == XML_READER_TYPE_END_ELEMENT)
        {
          const char *name = (const char *) xmlTextReaderConstLocalName (reader);

          if (g_str_equal (name, "v"))
            in_v = FALSE;
          else if (g_str_equal (name, "t"))
            in_t = FALSE;
          else if (g_str_equal (name, "is"))
            in_is = FALSE;
          else if (g_str_equal (name, "rPh"))
            in_rph = in_rph > 0 ? in_rph - 1 : 0;
          else if (g_str_equal (name, "c") && in_cell)
            {
              in_cell = FALSE;
              if (!cell_finish (self, col, type, style, error))
                {
                  g_clear_pointer (&owned, xmlFree);
                  return FALSE;
                }
            }
          else if (g_str_equal (name, "row") && in_row)
            {
              guint n = self->row_width;

              in_row = FALSE;
              /* n_cells ends at the last cell with something in it */
              while (n > 0 && g_array_index (self->col_offsets, gssize, n - 1) < 0)
                n--;
              if (n > 0)
                {
                  g_clear_pointer (&owned, xmlFree);
                  row_emit (self, row, n);
                  return TRUE;
                }
            }
          else if (g_str_equal (name, "sheetData"))
            break;
        }
      else if (node == XML_READER_TYPE_TEXT || node == XML_READER_TYPE_CDATA ||
               node == XML_READER_TYPE_WHITESPACE || node == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)
        {
          if ((in_v || in_t) && in_cell)
            {
              const char *text = (const char *) xmlTextReaderConstValue (reader);
              gsize len = strlen (text);
              if (self->value->len + len > MAX_CELL_BYTES)
                {
                  char colname[8];
                  column_name (col, colname);
                  g_clear_pointer (&owned, xmlFree);
                  return fail (self, error,
                               _("“%s” has a cell too long to be a KPM list's (sheet “%s”, cell %s%u)."),
                               self->file_name, salur_xlsx_get_name (self), colname, self->last_row);
                }
              g_string_append_len (self->value, text, (gssize) len);
            }
        }
    }
  g_clear_pointer (&owned, xmlFree);

  if (r < 0)
    {
      const char *why = self->io_error ? self->io_error : self->xml_error ? self->xml_error : "XML";
      if (self->last_row > 0)
        return fail (self, error,
                     _("“%s” cannot be read as an Excel workbook (.xlsx): the sheet “%s” is damaged after row %u (%s). "
                       "Open it in Excel and save it again."),
                     self->file_name, salur_xlsx_get_name (self), self->last_row, why);
      return fail (self, error,
                   _("“%s” cannot be read as an Excel workbook (.xlsx): the sheet “%s” is damaged (%s). "
                     "Open it in Excel and save it again."),
                   self->file_name, salur_xlsx_get_name (self), why);
    }

  /* The end of the sheet; a row cut off by the end of the XML is dropped
   * with it, which only a damaged file does and the reader reports above */
  self->done = TRUE;
  return FALSE;
}

void
salur_xlsx_free (SalurXlsx *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->reader, xmlFreeTextReader);
  g_clear_pointer (&self->archive, archive_read_free);
  g_free (self->io_error);
  g_free (self->xml_error);
  g_clear_error (&self->failure);
  g_free (self->file_name);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sheets, g_ptr_array_unref);
  if (self->sst_text != NULL)
    g_string_free (self->sst_text, TRUE);
  g_clear_pointer (&self->sst_offsets, g_array_unref);
  g_clear_pointer (&self->xf_is_date, g_byte_array_unref);
  if (self->row_text != NULL)
    g_string_free (self->row_text, TRUE);
  g_clear_pointer (&self->col_offsets, g_array_unref);
  g_clear_pointer (&self->col_kinds, g_array_unref);
  if (self->value != NULL)
    g_string_free (self->value, TRUE);
  g_free (self->cells);
  g_free (self->kinds);
  g_free (self);
}
