/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-kpm"
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "salur-kpm.h"

G_DEFINE_BOXED_TYPE (SalurKpm, salur_kpm, salur_kpm_ref, salur_kpm_unref)

static void
clear_fields (SalurKpm *kpm)
{
  g_free (kpm->id);
  g_free (kpm->nik);
  g_free (kpm->kk);
  g_free (kpm->name);
  g_free (kpm->birth_date);
  g_free (kpm->birth_place);
  g_free (kpm->address);
  g_free (kpm->rt);
  g_free (kpm->rw);
  g_free (kpm->dusun);
  g_free (kpm->occupation);
  g_free (kpm->criteria);
  g_free (kpm->payment_method);
}

SalurKpm *
salur_kpm_new (void)
{
  SalurKpm *kpm = g_atomic_rc_box_new0 (SalurKpm);
  char **fields[] = {
    &kpm->id, &kpm->nik, &kpm->kk, &kpm->name, &kpm->birth_date, &kpm->birth_place,
    &kpm->address, &kpm->rt, &kpm->rw, &kpm->dusun, &kpm->occupation, &kpm->criteria,
    &kpm->payment_method,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    *fields[i] = g_strdup ("");
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
  g_assert (field != NULL);
  g_free (*field);
  *field = g_strdup (value != NULL ? value : "");
}

char *
salur_kpm_new_id (void)
{
  guint32 a = g_random_int (), b = g_random_int ();

  return g_strdup_printf ("%08x%08x", a, b);
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
  g_snprintf (out, 4, "%03ld", n);
  return TRUE;
}
