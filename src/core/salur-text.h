/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text files as Excel and Notepad save them on Indonesian Windows machines,
 * turned into UTF-8. */

typedef enum {
  SALUR_TEXT_UTF8,            /* valid UTF-8, no byte order mark */
  SALUR_TEXT_UTF8_BOM,        /* "CSV UTF-8" from Excel: EF BB BF first */
  SALUR_TEXT_WINDOWS_1252,    /* plain "CSV" from Excel: anything not valid UTF-8 */
  SALUR_TEXT_UTF16LE,         /* "Unicode text" from Excel: FF FE first */
  SALUR_TEXT_UTF16BE,         /* FE FF first */
} SalurTextEncoding;

/* "UTF-8", "UTF-8 with BOM", "Windows-1252", "UTF-16LE", "UTF-16BE" */
const char *salur_text_encoding_name (SalurTextEncoding  encoding);

/* Finds the encoding of DATA (LEN bytes) and returns it as newly allocated,
 * NUL-terminated UTF-8 without a byte order mark; OUT_LEN gets its length in
 * bytes, ENCODING what was found. A UTF-8 BOM is skipped; valid UTF-8 stays
 * as it is; UTF-16 needs its BOM; anything else is read as Windows-1252.
 * Never fails: bytes that mean nothing in Windows-1252 (0x81, 0x8D, 0x8F,
 * 0x90, 0x9D) and broken UTF-16 become U+FFFD. The result may contain NUL
 * bytes if DATA did (check OUT_LEN). */
char       *salur_text_to_utf8       (const char         *data,
                                      gsize               len,
                                      gsize              *out_len,
                                      SalurTextEncoding  *encoding);

/* Same, consuming DATA (g_malloc'ed, with a NUL at DATA[LEN] as
 * g_file_get_contents () leaves it): valid UTF-8 is returned in DATA itself,
 * without a copy; anything else is converted and DATA freed. */
char       *salur_text_take_utf8     (char               *data,
                                      gsize               len,
                                      gsize              *out_len,
                                      SalurTextEncoding  *encoding);

/* Converts Windows-1252 bytes to UTF-8 (newly allocated, NUL-terminated). */
char       *salur_text_from_cp1252   (const char         *data,
                                      gsize               len,
                                      gsize              *out_len);

G_END_DECLS
