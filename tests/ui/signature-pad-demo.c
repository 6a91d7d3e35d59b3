/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The signature pad alone in a window, to try it with a mouse, a finger or
 * a pen, and to take screenshots:
 *
 *   build/tests/signature-pad-demo [--dark] [--out FILE]
 *
 * Under the pad: Undo and Clear (the pad's actions), and what was recorded
 * (strokes, points, whether the pen gave pressure, encoded bytes). With
 * --out the signature is written in its text form when the window closes:
 * what `salur pay --signature FILE` reads, so a signature signed with a
 * real pen can become a test fixture. The pad speaks the language of the
 * locale (LANGUAGE=id for Indonesian), from the build tree's translations;
 * the rest is a developer's tool and stays English. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "salur-signature-pad.h"

static char *out_path;
static gboolean dark;

static void
changed_cb (SalurSignaturePad *pad,
            GtkLabel          *label)
{
  SalurSignature *sig = salur_signature_pad_get_signature (pad);
  g_autoptr(GBytes) bytes = salur_signature_pad_encode (pad);
  guint points = 0;
  gboolean pressure = FALSE;
  g_autofree char *text = NULL;

  for (guint s = 0; s < salur_signature_n_strokes (sig); s++)
    {
      guint n;
      const SalurSignaturePoint *p = salur_signature_get_stroke (sig, s, &n);

      points += n;
      for (guint i = 0; i < n; i++)
        pressure |= p[i].pressure >= 0;
    }
  text = g_strdup_printf ("%u stroke(s), %u points, %s, %zu bytes encoded",
                          salur_signature_n_strokes (sig), points,
                          pressure ? "with pressure" : "no pressure",
                          bytes != NULL ? g_bytes_get_size (bytes) : 0);
  gtk_label_set_text (label, text);
}

static gboolean
close_request_cb (GtkWindow         *window,
                  SalurSignaturePad *pad)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (out_path == NULL)
    return FALSE;
  text = salur_signature_to_text (salur_signature_pad_get_signature (pad));
  if (!g_file_set_contents (out_path, text, -1, &error))
    g_printerr ("%s\n", error->message);
  else
    g_printerr ("signature written to %s\n", out_path);
  return FALSE;
}

static void
activate_cb (GtkApplication *app,
             gpointer        user_data)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *pad = salur_signature_pad_new ();
  GtkWidget *caption = gtk_label_new ("Tanda tangan penerima");
  GtkWidget *status = gtk_label_new ("");
  GtkWidget *undo = gtk_button_new_with_mnemonic ("_Undo");
  GtkWidget *clear = gtk_button_new_with_mnemonic ("_Clear");

  if (dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  gtk_window_set_title (GTK_WINDOW (window), "Signature pad");
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 380);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_vexpand (pad, TRUE);
  gtk_widget_set_halign (caption, GTK_ALIGN_START);
  gtk_widget_add_css_class (caption, "heading");
  gtk_widget_add_css_class (status, "dim-label");
  gtk_widget_set_hexpand (status, TRUE);
  gtk_widget_set_halign (status, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (undo), "pad.undo");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (clear), "pad.clear");
  gtk_widget_add_css_class (clear, "destructive-action");
  gtk_widget_insert_action_group (content, "pad",
                                  salur_signature_pad_get_actions (SALUR_SIGNATURE_PAD (pad)));
  g_signal_connect (pad, "changed", G_CALLBACK (changed_cb), status);
  changed_cb (SALUR_SIGNATURE_PAD (pad), GTK_LABEL (status));
  g_signal_connect (window, "close-request", G_CALLBACK (close_request_cb), pad);

  gtk_box_append (GTK_BOX (buttons), status);
  gtk_box_append (GTK_BOX (buttons), undo);
  gtk_box_append (GTK_BOX (buttons), clear);
  gtk_box_append (GTK_BOX (content), caption);
  gtk_box_append (GTK_BOX (content), pad);
  gtk_box_append (GTK_BOX (content), buttons);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), content);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (pad);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— try the signature pad");
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Dark colours", NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Write the signature's text form to FILE on closing", "FILE" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  app = adw_application_new ("id.desa.Salur.SignaturePadDemo", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}
