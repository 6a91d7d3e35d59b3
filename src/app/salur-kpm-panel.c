/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>

#include "salur-kpm-panel.h"
#include "salur-money.h"

struct _SalurKpmPanel
{
  GtkWidget   parent_instance;

  /* template */
  GtkBox     *banner;
  GtkImage   *banner_icon;
  GtkLabel   *banner_title;
  GtkLabel   *banner_detail;
  GtkBox     *person_box;
  GtkLabel   *name_label;
  GtkLabel   *nik_label;
  GtkButton  *reveal_button;
  GtkLabel   *where_label;
  GtkLabel   *address_label;
  GtkBox     *money_box;
  GtkLabel   *months_label;
  GtkLabel   *amount_label;
  GtkLabel   *words_label;
  GtkLabel   *states_label;

  char       *banner_class;
  char       *other_dusun;   /* the KPM's dusun when it is not the desk's */
  char       *desk_dusun;
  char       *masked_nik;
};

G_DEFINE_FINAL_TYPE (SalurKpmPanel, salur_kpm_panel, GTK_TYPE_WIDGET)

/* Helpers */

typedef enum {
  TONE_GO,      /* green: pay */
  TONE_WARN,    /* amber: look again before paying */
  TONE_STOP,    /* red: do not pay */
} Tone;

static void
set_banner (SalurKpmPanel *self,
            Tone           tone,
            const char    *title,
            const char    *detail)
{
  static const char *const classes[] = { "salur-go", "salur-warn", "salur-stop" };
  static const char *const icons[] = {
    "object-select-symbolic", "dialog-warning-symbolic", "action-unavailable-symbolic",
  };

  if (self->banner_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->banner), self->banner_class);
  g_free (self->banner_class);
  self->banner_class = g_strdup (classes[tone]);
  gtk_widget_add_css_class (GTK_WIDGET (self->banner), self->banner_class);
  gtk_image_set_from_icon_name (self->banner_icon, icons[tone]);
  gtk_label_set_label (self->banner_title, title);
  gtk_label_set_label (self->banner_detail, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->banner_detail), detail != NULL && *detail != '\0');
  /* a screen reader says the verdict first */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail != NULL ? detail : "",
                                  -1);
}

static const char *
state_label (SalurState state)
{
  switch (state)
    {
    case SALUR_STATE_UNPAID:
      return _("not paid yet");
    case SALUR_STATE_PAID:
      return _("paid");
    case SALUR_STATE_ABSENT:
      return _("recorded absent, not paid");
    case SALUR_STATE_CLOSED:
      return _("off the list");
    case SALUR_STATE_NOT_LISTED:
    default:
      return _("not on the list yet");
    }
}

static const char *
refusal_title (SalurCardVerdict verdict)
{
  switch (verdict)
    {
    case SALUR_CARD_ALTERED:
      return _("FORGED CARD");
    case SALUR_CARD_FOREIGN:
      return _("CARD OF ANOTHER VILLAGE");
    case SALUR_CARD_OTHER_ROUND:
      return _("CARD OF ANOTHER ROUND");
    case SALUR_CARD_REPLACED:
      return _("CARD REPLACED: IT WAS REPORTED LOST");
    case SALUR_CARD_OK:
    default:
      return _("CARD REFUSED");
    }
}

/* "October, November and December 2026: paid on 24-11-2026 08:15 at desk
 * Krajan by joko, receipt KRJ-…": every month of the round that receipt
 * covers */
static char *
paid_text (const SalurDeskCheck  *check,
           const SalurMonthState *s)
{
  g_autofree char *when = salur_time_to_local (s->at);
  g_autofree char *months = NULL;
  g_autoptr(GArray) same = g_array_new (FALSE, FALSE, sizeof (SalurMonth));

  for (guint i = 0; check->states != NULL && i < check->states->len; i++)
    {
      const SalurMonthState *o = g_ptr_array_index (check->states, i);

      if (o->state == SALUR_STATE_PAID && g_strcmp0 (o->receipt, s->receipt) == 0)
        g_array_append_val (same, o->month);
    }
  if (same->len == 0)
    g_array_append_val (same, s->month);
  months = salur_months_label (same);
  if (s->note != NULL && *s->note != '\0')
    /* TRANSLATORS: months, when, desk, officer, receipt number, then who received (proxy, at home) */
    return g_strdup_printf (_("%s: paid on %s at desk %s by %s, receipt %s (%s)."),
                            months, when, s->desk, s->operator_name, s->receipt, s->note);
  /* TRANSLATORS: months, when, desk, officer, receipt number */
  return g_strdup_printf (_("%s: paid on %s at desk %s by %s, receipt %s."),
                          months, when, s->desk, s->operator_name, s->receipt);
}

static void
show_person (SalurKpmPanel  *self,
             const SalurKpm *kpm)
{
  g_autofree char *rt_rw = salur_kpm_rt_rw (kpm);
  g_autofree char *where = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->person_box), TRUE);
  gtk_label_set_label (self->name_label, kpm->name);
  g_free (self->masked_nik);
  /* DOMAIN.md: a screen shows the first 4 and the last 4 digits */
  self->masked_nik = salur_nik_mask (kpm->nik);
  gtk_label_set_label (self->nik_label, self->masked_nik);
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), TRUE);
  /* TRANSLATORS: where a KPM lives: dusun, then RT/RW as 003/002 */
  where = g_strdup_printf (_("Dusun %s · RT/RW %s"), kpm->dusun, rt_rw);
  gtk_label_set_label (self->where_label, where);
  gtk_label_set_label (self->address_label, kpm->address);
  gtk_widget_set_visible (GTK_WIDGET (self->address_label), *kpm->address != '\0');
}

static void
show_states (SalurKpmPanel        *self,
             const SalurDeskCheck *check)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean all_unpaid = TRUE;

  /* nothing to add when every month is simply due: the amount says it */
  for (guint i = 0; check->states != NULL && i < check->states->len; i++)
    all_unpaid &= ((SalurMonthState *) g_ptr_array_index (check->states, i))->state == SALUR_STATE_UNPAID;
  gtk_widget_set_visible (GTK_WIDGET (self->states_label), !all_unpaid);

  for (guint i = 0; check->states != NULL && i < check->states->len; i++)
    {
      const SalurMonthState *s = g_ptr_array_index (check->states, i);
      g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
      g_autofree char *month = NULL;

      g_array_append_val (one, s->month);
      month = salur_months_label (one);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (s->state == SALUR_STATE_PAID)
        /* TRANSLATORS: "October 2026: paid, receipt KRJ-7QX-2611-0042" */
        g_string_append_printf (text, _("%s: paid, receipt %s"), month, s->receipt);
      else
        g_string_append_printf (text, "%s: %s", month, state_label (s->state));
    }
  gtk_label_set_label (self->states_label, text->str);
}

static void
show_money (SalurKpmPanel        *self,
            const SalurDeskCheck *check)
{
  g_autofree char *months = salur_months_label (check->to_pay);
  g_autofree char *amount = salur_rupiah_format (check->total);
  g_autofree char *words = salur_terbilang (check->total);
  g_autofree char *count = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->money_box), TRUE);
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month: %s", "%u months: %s", check->to_pay->len),
                           check->to_pay->len, months);
  gtk_label_set_label (self->months_label, count);
  gtk_label_set_label (self->amount_label, amount);
  /* "Sembilan ratus ribu rupiah": a sentence, with its capital */
  if (words[0] != '\0')
    words[0] = g_ascii_toupper (words[0]);
  gtk_label_set_label (self->words_label, words);
}

static void
show_pay_banner (SalurKpmPanel *self,
                 gboolean       confirmed)
{
  g_autofree char *title = NULL, *detail = NULL;

  if (self->other_dusun == NULL)
    return;
  if (confirmed)
    {
      /* TRANSLATORS: %s is the KPM's dusun, which is not the desk's */
      title = g_strdup_printf (_("May be paid here (Dusun %s, confirmed)"), self->other_dusun);
      set_banner (self, TONE_GO, title, NULL);
      return;
    }
  /* TRANSLATORS: %s is the KPM's dusun */
  title = g_strdup_printf (_("Another dusun: %s"), self->other_dusun);
  /* TRANSLATORS: the KPM's dusun, then the desk's */
  detail = g_strdup_printf (_("This KPM belongs to Dusun %s, not to this desk's (%s). Check the KTP and the "
                              "invitation; press F7 to pay at this desk anyway."),
                            self->other_dusun, self->desk_dusun != NULL ? self->desk_dusun : "");
  set_banner (self, TONE_WARN, title, detail);
}

/* GObject */

static void
salur_kpm_panel_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), SALUR_TYPE_KPM_PANEL);
  /* the template's top widget has no id: disposing the template leaves it */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (salur_kpm_panel_parent_class)->dispose (object);
}

static void
salur_kpm_panel_finalize (GObject *object)
{
  SalurKpmPanel *self = SALUR_KPM_PANEL (object);

  g_free (self->banner_class);
  g_free (self->other_dusun);
  g_free (self->desk_dusun);
  g_free (self->masked_nik);

  G_OBJECT_CLASS (salur_kpm_panel_parent_class)->finalize (object);
}

static void
salur_kpm_panel_class_init (SalurKpmPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_kpm_panel_dispose;
  object_class->finalize = salur_kpm_panel_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-kpm-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, banner);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, banner_title);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, banner_detail);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, person_box);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, nik_label);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, where_label);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, address_label);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, money_box);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, months_label);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, amount_label);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, words_label);
  gtk_widget_class_bind_template_child (widget_class, SalurKpmPanel, states_label);
  gtk_widget_class_set_css_name (widget_class, "kpmpanel");
}

static void
salur_kpm_panel_init (SalurKpmPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
salur_kpm_panel_new (void)
{
  return g_object_new (SALUR_TYPE_KPM_PANEL, NULL);
}

void
salur_kpm_panel_show (SalurKpmPanel        *self,
                      const SalurDeskCheck *check,
                      const char           *desk_dusun)
{
  g_return_if_fail (SALUR_IS_KPM_PANEL (self));
  g_return_if_fail (check != NULL);

  g_clear_pointer (&self->other_dusun, g_free);
  g_free (self->desk_dusun);
  self->desk_dusun = g_strdup (desk_dusun);
  gtk_widget_set_visible (GTK_WIDGET (self->person_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->money_box), FALSE);
  gtk_label_set_label (self->states_label, "");

  if (check->kpm != NULL)
    {
      show_person (self, check->kpm);
      show_states (self, check);
    }

  switch (check->outcome)
    {
    case SALUR_DESK_PAY:
      {
        g_autofree char *detail = check->paid != NULL ? paid_text (check, check->paid) : NULL;

        show_money (self, check);
        if (check->other_dusun)
          {
            self->other_dusun = g_strdup (check->kpm->dusun);
            show_pay_banner (self, FALSE);
          }
        else
          set_banner (self, TONE_GO, _("May be paid"), detail);
      }
      break;

    case SALUR_DESK_ALREADY_PAID:
      {
        g_autofree char *paid = paid_text (check, check->paid);
        g_autofree char *detail = g_strdup_printf ("%s\n%s", paid, _("Do not pay again."));

        set_banner (self, TONE_STOP, _("ALREADY PAID"), detail);
      }
      break;

    case SALUR_DESK_CLOSED:
      {
        /* TRANSLATORS: %s is the reason and the SK number, as recorded */
        g_autofree char *detail = g_strdup_printf (_("Taken off the list: %s. Do not pay; send them to the bendahara."),
                                                   check->closed_note != NULL ? check->closed_note : "");

        set_banner (self, TONE_STOP, _("OFF THE LIST"), detail);
      }
      break;

    case SALUR_DESK_NOT_LISTED:
      {
        g_autoptr(GArray) from = g_array_new (FALSE, FALSE, sizeof (SalurMonth));
        g_autofree char *month = NULL, *detail = NULL;

        g_array_append_val (from, check->kpm->from_month);
        month = salur_months_label (from);
        /* TRANSLATORS: %s is a month, "December 2026" */
        detail = g_strdup_printf (_("On the list only from %s: nothing is due for this round."), month);
        set_banner (self, TONE_STOP, _("NOT ON THE LIST FOR THIS ROUND"), detail);
      }
      break;

    case SALUR_DESK_CARD_REFUSED:
      {
        g_autofree char *detail = g_strdup_printf ("%s\n%s", check->message,
                                                   _("Do not pay. Keep the card and call the bendahara."));

        set_banner (self, TONE_STOP, refusal_title (check->card_verdict), detail);
      }
      break;

    case SALUR_DESK_NOT_FOUND:
    case SALUR_DESK_CHOOSE:
    default:
      set_banner (self, TONE_WARN, _("Not found"), check->message);
      break;
    }
}

void
salur_kpm_panel_set_confirmed (SalurKpmPanel *self,
                               gboolean       confirmed)
{
  g_return_if_fail (SALUR_IS_KPM_PANEL (self));

  show_pay_banner (self, confirmed);
}

void
salur_kpm_panel_show_refusal (SalurKpmPanel *self,
                              const char    *title,
                              const char    *detail)
{
  g_return_if_fail (SALUR_IS_KPM_PANEL (self));

  set_banner (self, TONE_STOP, title, detail);
}

void
salur_kpm_panel_show_nik (SalurKpmPanel *self,
                          const char    *nik)
{
  g_return_if_fail (SALUR_IS_KPM_PANEL (self));

  gtk_label_set_label (self->nik_label, nik != NULL ? nik : self->masked_nik);
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), nik == NULL);
}

const char *
salur_kpm_panel_get_title (SalurKpmPanel *self)
{
  g_return_val_if_fail (SALUR_IS_KPM_PANEL (self), NULL);

  return gtk_label_get_label (self->banner_title);
}
