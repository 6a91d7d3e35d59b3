/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>

#include "salur-desk-check.h"
#include "salur-proxy-form.h"

struct _SalurProxyForm
{
  GtkWidget     parent_instance;

  /* template */
  GtkEntry     *name_entry;
  GtkEntry     *nik_entry;
  GtkLabel     *nik_status;
  GtkEntry     *relation_entry;
  GtkCheckButton *kuasa_check;

  char         *kpm_nik;
  char          nik[SALUR_NIK_LEN + 1];   /* "" until the NIK typed is one */
};

G_DEFINE_FINAL_TYPE (SalurProxyForm, salur_proxy_form, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static const char *
text_of (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static gboolean
blank (GtkEntry *entry)
{
  g_autofree char *copy = g_strstrip (g_strdup (text_of (entry)));

  return *copy == '\0';
}

/* Callbacks */

static void
nik_changed_cb (SalurProxyForm *self)
{
  g_autoptr(GError) error = NULL;
  const char *typed = text_of (self->nik_entry);
  gboolean incomplete = FALSE;

  self->nik[0] = '\0';
  gtk_widget_remove_css_class (GTK_WIDGET (self->nik_status), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->nik_status), "success");
  if (salur_desk_check_proxy_nik (typed, self->kpm_nik, self->nik, &incomplete, &error))
    {
      gtk_label_set_label (self->nik_status, _("A valid NIK."));
      gtk_widget_add_css_class (GTK_WIDGET (self->nik_status), "success");
    }
  else
    {
      self->nik[0] = '\0';
      gtk_label_set_label (self->nik_status, error->message);
      /* counting digits is not an error yet; a wrong NIK is */
      if (!incomplete)
        gtk_widget_add_css_class (GTK_WIDGET (self->nik_status), "error");
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
field_changed_cb (SalurProxyForm *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
name_activate_cb (SalurProxyForm *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->nik_entry));
}

static void
nik_activate_cb (SalurProxyForm *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->relation_entry));
}

static void
relation_activate_cb (SalurProxyForm *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->kuasa_check));
}

/* Enter on the check box: the form is done (Space ticks it) */
static gboolean
kuasa_key_cb (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              SalurProxyForm        *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
      && (state & GDK_CONTROL_MASK) == 0)
    {
      g_signal_emit (self, signals[SIGNAL_DONE], 0);
      return TRUE;
    }
  return FALSE;
}

/* GObject */

static void
salur_proxy_form_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), SALUR_TYPE_PROXY_FORM);
  /* the template's top widget has no id: disposing the template leaves it */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (salur_proxy_form_parent_class)->dispose (object);
}

static void
salur_proxy_form_finalize (GObject *object)
{
  SalurProxyForm *self = SALUR_PROXY_FORM (object);

  g_free (self->kpm_nik);

  G_OBJECT_CLASS (salur_proxy_form_parent_class)->finalize (object);
}

static void
salur_proxy_form_class_init (SalurProxyFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_proxy_form_dispose;
  object_class->finalize = salur_proxy_form_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-proxy-form.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurProxyForm, name_entry);
  gtk_widget_class_bind_template_child (widget_class, SalurProxyForm, nik_entry);
  gtk_widget_class_bind_template_child (widget_class, SalurProxyForm, nik_status);
  gtk_widget_class_bind_template_child (widget_class, SalurProxyForm, relation_entry);
  gtk_widget_class_bind_template_child (widget_class, SalurProxyForm, kuasa_check);
  gtk_widget_class_bind_template_callback (widget_class, nik_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, nik_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, relation_activate_cb);
}

static void
salur_proxy_form_init (SalurProxyForm *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (kuasa_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->kuasa_check), keys);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Proxy's name"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->nik_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Proxy's NIK"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->relation_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Relation to the KPM"), -1);
  nik_changed_cb (self);
}

/* Public API */

GtkWidget *
salur_proxy_form_new (void)
{
  return g_object_new (SALUR_TYPE_PROXY_FORM, NULL);
}

void
salur_proxy_form_reset (SalurProxyForm *self,
                        const char     *kpm_nik)
{
  g_return_if_fail (SALUR_IS_PROXY_FORM (self));

  g_free (self->kpm_nik);
  self->kpm_nik = g_strdup (kpm_nik);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->relation_entry), "");
  gtk_check_button_set_active (self->kuasa_check, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->nik_entry), "");
  nik_changed_cb (self);
}

void
salur_proxy_form_focus (SalurProxyForm *self)
{
  g_return_if_fail (SALUR_IS_PROXY_FORM (self));

  if (blank (self->name_entry))
    gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
  else if (self->nik[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->nik_entry));
  else if (blank (self->relation_entry))
    gtk_widget_grab_focus (GTK_WIDGET (self->relation_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->kuasa_check));
}

gboolean
salur_proxy_form_is_complete (SalurProxyForm  *self,
                              char           **why)
{
  const char *missing = NULL;

  g_return_val_if_fail (SALUR_IS_PROXY_FORM (self), FALSE);

  if (blank (self->name_entry))
    missing = _("Write the proxy's name.");
  else if (self->nik[0] == '\0')
    missing = _("Type the proxy's NIK from their KTP.");
  else if (blank (self->relation_entry))
    missing = _("Write how the proxy is related to the KPM.");
  if (why != NULL)
    *why = g_strdup (missing);
  return missing == NULL;
}

const char *
salur_proxy_form_get_name (SalurProxyForm *self)
{
  g_return_val_if_fail (SALUR_IS_PROXY_FORM (self), NULL);
  return text_of (self->name_entry);
}

const char *
salur_proxy_form_get_nik (SalurProxyForm *self)
{
  g_return_val_if_fail (SALUR_IS_PROXY_FORM (self), NULL);
  return self->nik[0] != '\0' ? self->nik : NULL;
}

const char *
salur_proxy_form_get_relation (SalurProxyForm *self)
{
  g_return_val_if_fail (SALUR_IS_PROXY_FORM (self), NULL);
  return text_of (self->relation_entry);
}

gboolean
salur_proxy_form_get_surat_kuasa (SalurProxyForm *self)
{
  g_return_val_if_fail (SALUR_IS_PROXY_FORM (self), FALSE);
  return gtk_check_button_get_active (self->kuasa_check);
}

const char *
salur_proxy_form_get_focus_name (SalurProxyForm *self)
{
  GtkWidget *focus;

  g_return_val_if_fail (SALUR_IS_PROXY_FORM (self), NULL);

  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  if (focus == NULL)
    return "none";
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->name_entry)))
    return "proxy-name";
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->nik_entry)))
    return "proxy-nik";
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->relation_entry)))
    return "proxy-relation";
  if (focus == GTK_WIDGET (self->kuasa_check) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->kuasa_check)))
    return "proxy-kuasa";
  return "proxy";
}
