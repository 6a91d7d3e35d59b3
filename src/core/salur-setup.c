/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-setup"
#include "config.h"

#include <glib/gi18n.h>

#include "salur-error.h"
#include "salur-setup.h"
#include "salur-sync.h"

/* Helpers */

/* The message says which dusun or operator, so the setup screen and the
 * CLI can point at the row to fix */
static void
prefix_error (GError     **error,
              const char  *what)
{
  if (error != NULL && *error != NULL)
    g_prefix_error (error, "%s: ", what);
}

/* Two operators with one name would make the second a change of the first */
static gboolean
check_operator_names (const SalurSetupOperator  *operators,
                      guint                      n_operators,
                      GError                   **error)
{
  for (guint i = 0; i < n_operators; i++)
    {
      g_autofree char *a = g_utf8_casefold (operators[i].name != NULL ? operators[i].name : "", -1);

      g_strstrip (a);
      for (guint j = 0; j < i; j++)
        {
          g_autofree char *b = g_utf8_casefold (operators[j].name != NULL ? operators[j].name : "", -1);

          g_strstrip (b);
          if (*a != '\0' && g_str_equal (a, b))
            {
              g_set_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS,
                           _("Two operators are named %s: each needs a name of their own."), operators[i].name);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Public API */

gboolean
salur_village_setup (SalurStore                *store,
                     const SalurVillage        *village,
                     const SalurSetupDusun     *dusun,
                     guint                      n_dusun,
                     const SalurSetupOperator  *operators,
                     guint                      n_operators,
                     GError                   **error)
{
  SalurOperator first = { 0 };

  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);
  g_return_val_if_fail (village != NULL, FALSE);
  g_return_val_if_fail (n_dusun == 0 || dusun != NULL, FALSE);
  g_return_val_if_fail (n_operators == 0 || operators != NULL, FALSE);

  if (n_operators > 0 && operators[0].role != SALUR_ROLE_BENDAHARA)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_FORBIDDEN,
                   _("The first operator must be the bendahara, who then adds the others."));
      return FALSE;
    }
  if (!check_operator_names (operators, n_operators, error))
    return FALSE;

  if (!salur_store_begin (store, error))
    return FALSE;
  if (!salur_store_init_village (store, village, error)
      || !salur_sync_become_master (store, NULL, error))
    goto fail;

  for (guint i = 0; i < n_dusun; i++)
    {
      if (!salur_store_add_dusun (store, dusun[i].name, dusun[i].rws, error))
        {
          g_autofree char *what = g_strdup_printf (_("Dusun %s"), dusun[i].name != NULL ? dusun[i].name : "");
          prefix_error (error, what);
          goto fail;
        }
    }

  /* The first is the bendahara, who needs no one's permission and adds the
   * others: the record says so, as it would after `salur operator add`. */
  for (guint i = 0; i < n_operators; i++)
    {
      if (!salur_ledger_add_operator (store, i == 0 ? NULL : &first, operators[i].name, operators[i].role,
                                      operators[i].pin, error))
        {
          g_autofree char *what = g_strdup_printf (_("Operator %s"),
                                                   operators[i].name != NULL ? operators[i].name : "");
          prefix_error (error, what);
          goto fail;
        }
      if (i == 0)
        {
          first.name = g_strstrip (g_strdup (operators[0].name));
          first.role = SALUR_ROLE_BENDAHARA;
          first.active = TRUE;
        }
    }

  if (!salur_store_commit (store, error))
    goto fail;
  g_free (first.name);
  return TRUE;

fail:
  salur_store_rollback (store);
  g_free (first.name);
  return FALSE;
}
