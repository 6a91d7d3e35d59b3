/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "salur-session.h"

struct _SalurSession
{
  GObject         parent_instance;

  SalurStore     *store;
  SalurOperator  *operator;
};

G_DEFINE_FINAL_TYPE (SalurSession, salur_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OPERATOR_NAME,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
salur_session_finalize (GObject *object)
{
  SalurSession *self = SALUR_SESSION (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->operator, salur_operator_free);

  G_OBJECT_CLASS (salur_session_parent_class)->finalize (object);
}

static void
salur_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SalurSession *self = SALUR_SESSION (object);

  switch (prop_id)
    {
    case PROP_OPERATOR_NAME:
      g_value_set_string (value, self->operator != NULL ? self->operator->name : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salur_session_class_init (SalurSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = salur_session_finalize;
  object_class->get_property = salur_session_get_property;

  /* "notify::operator" tells pages someone signed in or out */
  properties[PROP_OPERATOR_NAME] =
    g_param_spec_string ("operator", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
salur_session_init (SalurSession *self)
{
}

SalurSession *
salur_session_new (SalurStore *store)
{
  SalurSession *self;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  self = g_object_new (SALUR_TYPE_SESSION, NULL);
  self->store = g_object_ref (store);
  return self;
}

SalurStore *
salur_session_get_store (SalurSession *self)
{
  g_return_val_if_fail (SALUR_IS_SESSION (self), NULL);
  return self->store;
}

const SalurOperator *
salur_session_get_operator (SalurSession *self)
{
  g_return_val_if_fail (SALUR_IS_SESSION (self), NULL);
  return self->operator;
}

/* Takes OP as the one signed in, in place of the previous */
static void
set_operator (SalurSession  *self,
              SalurOperator *op)
{
  g_clear_pointer (&self->operator, salur_operator_free);
  self->operator = op;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATOR_NAME]);
}

gboolean
salur_session_sign_in (SalurSession  *self,
                       const char    *name,
                       const char    *pin,
                       GError       **error)
{
  SalurOperator *op;

  g_return_val_if_fail (SALUR_IS_SESSION (self), FALSE);

  op = salur_ledger_login (self->store, name, pin, error);
  if (op == NULL)
    return FALSE;
  set_operator (self, op);
  return TRUE;
}

typedef struct {
  char *path;
  char *name;
  char *pin;
} SignIn;

static void
sign_in_free (SignIn *data)
{
  g_free (data->path);
  g_free (data->name);
  if (data->pin != NULL)
    sodium_memzero (data->pin, strlen (data->pin));
  g_free (data->pin);
  g_free (data);
}

static void
sign_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SignIn *data = task_data;
  GError *error = NULL;
  SalurOperator *op = salur_ledger_login_at (data->path, data->name, data->pin, &error);

  if (op == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, op, (GDestroyNotify) salur_operator_free);
}

void
salur_session_sign_in_async (SalurSession        *self,
                             const char          *name,
                             const char          *pin,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *path;
  SignIn *data;

  g_return_if_fail (SALUR_IS_SESSION (self));
  g_return_if_fail (name != NULL && pin != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, salur_session_sign_in_async);
  path = salur_store_get_path (self->store);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      /* a store with no file of its own: checked here */
      GError *error = NULL;
      SalurOperator *op = salur_ledger_login (self->store, name, pin, &error);

      if (op == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, op, (GDestroyNotify) salur_operator_free);
      return;
    }
  data = g_new0 (SignIn, 1);
  data->path = g_strdup (path);
  data->name = g_strdup (name);
  data->pin = g_strdup (pin);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_free);
  g_task_run_in_thread (task, sign_in_thread);
}

gboolean
salur_session_sign_in_finish (SalurSession  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  SalurOperator *op;

  g_return_val_if_fail (SALUR_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  op = g_task_propagate_pointer (G_TASK (result), error);
  if (op == NULL)
    return FALSE;
  set_operator (self, op);
  return TRUE;
}

void
salur_session_sign_out (SalurSession *self)
{
  g_return_if_fail (SALUR_IS_SESSION (self));

  if (self->operator == NULL)
    return;
  g_clear_pointer (&self->operator, salur_operator_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATOR_NAME]);
}

void
salur_session_changed (SalurSession *self)
{
  g_return_if_fail (SALUR_IS_SESSION (self));
  g_signal_emit (self, signals[CHANGED], 0);
}
