/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include "salur-kpm-row.h"

struct _SalurKpmRow
{
  GObject   parent_instance;
  SalurKpm *kpm;
};

G_DEFINE_FINAL_TYPE (SalurKpmRow, salur_kpm_row, G_TYPE_OBJECT)

static void
salur_kpm_row_finalize (GObject *object)
{
  SalurKpmRow *self = SALUR_KPM_ROW (object);

  g_clear_pointer (&self->kpm, salur_kpm_unref);

  G_OBJECT_CLASS (salur_kpm_row_parent_class)->finalize (object);
}

static void
salur_kpm_row_class_init (SalurKpmRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = salur_kpm_row_finalize;
}

static void
salur_kpm_row_init (SalurKpmRow *self)
{
}

/* Takes a new reference on KPM */
SalurKpmRow *
salur_kpm_row_new (SalurKpm *kpm)
{
  SalurKpmRow *self;

  g_return_val_if_fail (kpm != NULL, NULL);

  self = g_object_new (SALUR_TYPE_KPM_ROW, NULL);
  self->kpm = salur_kpm_ref (kpm);
  return self;
}

const SalurKpm *
salur_kpm_row_get_kpm (SalurKpmRow *self)
{
  g_return_val_if_fail (SALUR_IS_KPM_ROW (self), NULL);

  return self->kpm;
}
