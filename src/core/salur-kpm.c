/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-kpm"
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "salur-kpm.h"

G_DEFINE_BOXED_TYPE (SalurKpm, salur_kpm, salur_kpm_ref, salur_kpm_unref)

/* Empty fields all point here: an import of 100,000 rows has many of them,
 * and allocating each would be a third of the import's time. */
static char empty[] = "";

#define FIELDS(kpm) { \
    &(kpm)->id, &(kpm)->nik, &(kpm)->kk, &(kpm)->name, &(kpm)->birth_date, &(kpm)->birth_place, \
    &(kpm)->address, &(kpm)->rt, &(kpm)->rw, &(kpm)->dusun, &(kpm)->occupation, &(kpm)->criteria, \
    &(kpm)->payment_method }

/* A packed KPM keeps its strings in the same block as the struct, after it
 * (see salur_kpm_copy_packed): those are not freed one by one. */
static gboolean
owns (SalurKpm *kpm, const char *s)
{
  const char *tail = (const char *) (kpm + 1);
  const char *end = (const char *) kpm + g_atomic_rc_box_get_size (kpm);

  return s != empty && !(s >= tail && s < end);
}

static void
clear_fields (SalurKpm *kpm)
{
  char **fields[] = FIELDS (kpm);

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    if (owns (kpm, *fields[i]))
      g_free (*fields[i]);
}

SalurKpm *
salur_kpm_new (void)
{
  SalurKpm *kpm = g_atomic_rc_box_new0 (SalurKpm);
  char **fields[] = FIELDS (kpm);

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    *fields[i] = empty;
  return kpm;
}

SalurKpm *
salur_kpm_copy_packed (const SalurKpm *src)
{
  SalurKpm tmp = *src;
  char **from[] = FIELDS (&tmp);
  gsize total = 0;
  SalurKpm *kpm;
  char *tail;

  g_return_val_if_fail (src != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (from); i++)
    if (*from[i] != NULL && **from[i] != '\0')
      total += strlen (*from[i]) + 1;

  kpm = g_atomic_rc_box_alloc0 (sizeof (SalurKpm) + total);
  *kpm = *src;
  tail = (char *) (kpm + 1);
  {
    char **to[] = FIELDS (kpm);

    for (gsize i = 0; i < G_N_ELEMENTS (to); i++)
      {
        gsize len;

        if (*from[i] == NULL || **from[i] == '\0')
          {
            *to[i] = empty;
            continue;
          }
        len = strlen (*from[i]) + 1;
        memcpy (tail, *from[i], len);
        *to[i] = tail;
        tail += len;
      }
  }
  return kpm;
}

SalurKpm *
salur_kpm_ref (SalurKpm *kpm)
{
  return g_atomic_rc_box_acquire (kpm);
}

void
salur_kpm_unref (SalurKpm *kpm)
{
  g_atomic_rc_box_release_full (kpm, (GDestroyNotify) clear_fields);
}

void
salur_kpm_set (SalurKpm   *kpm,
               char      **field,
               const char *value)
{
  char *old;

  g_assert (field != NULL);
  old = *field;
  *field = value == NULL || *value == '\0' ? empty : g_strdup (value);
  if (owns (kpm, old))
    g_free (old);
}

/* Ids rise with time: 11 hex digits of milliseconds since 1970, then 5 of a
 * counter that starts at a random point in each process. Rising ids make a
 * 100,000-row import append to the table instead of splitting pages all over
 * it; the random start keeps two laptops that add a KPM in the same
 * millisecond apart. */
char *
salur_kpm_new_id (void)
{
  static GMutex lock;
  static gint64 last_ms;
  static guint32 seq;
  gint64 ms = g_get_real_time () / 1000;
  char *id;

  g_mutex_lock (&lock);
  if (last_ms == 0)
    seq = g_random_int_range (0, 0x80000);
  if (ms <= last_ms)
    {
      ms = last_ms;
      if (++seq > 0xfffff)
        {
          ms++;
          seq = 0;
        }
    }
  last_ms = ms;
  id = g_malloc (17);
  for (int i = 0; i < 11; i++)
    id[i] = "0123456789abcdef"[(ms >> (4 * (10 - i))) & 0xf];
  for (int i = 0; i < 5; i++)
    id[11 + i] = "0123456789abcdef"[(seq >> (4 * (4 - i))) & 0xf];
  id[16] = '\0';
  g_mutex_unlock (&lock);
  return id;
}

char *
salur_kpm_rt_rw (const SalurKpm *kpm)
{
  return g_strdup_printf ("%s/%s", kpm->rt, kpm->rw);
}

gboolean
salur_rt_rw_normalize (const char *raw,
                       char        out[4])
{
  const char *p = raw;
  char *end;
  long n;

  if (raw == NULL)
    return FALSE;
  while (*p != '\0' && !g_ascii_isdigit (*p))
    {
      /* allow a "RT", "RW", "RT." prefix and spaces, nothing else */
      if (!g_ascii_isalpha (*p) && *p != ' ' && *p != '.' && *p != ':')
        return FALSE;
      p++;
    }
  if (p - raw > 4)
    return FALSE;
  n = strtol (p, &end, 10);
  while (*end == ' ')
    end++;
  if (end == p || *end != '\0' || n < 1 || n > 999)
    return FALSE;
  out[0] = '0' + n / 100;
  out[1] = '0' + n / 10 % 10;
  out[2] = '0' + n % 10;
  out[3] = '\0';
  return TRUE;
}
