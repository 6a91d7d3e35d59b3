/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>

#include "salur-application.h"
#include "salur-backup.h"
#include "salur-desk-window.h"
#include "salur-window.h"

struct _SalurApplication
{
  AdwApplication  parent_instance;

  char           *db_path;     /* from --db, else NULL */
  gboolean        desk;        /* --desk: the desk even on the master */
  SalurStore     *store;
  guint           backup_tick;
  gboolean        backup_running;
};

/* When the process started, for SALUR_DEBUG_TIMING's start-to-ready */
static gint64 start_time;
/* How often the window asks whether a backup is due (one is taken when the
 * newest is SALUR_BACKUP_INTERVAL old) */
#define BACKUP_CHECK_SECONDS 600

G_DEFINE_FINAL_TYPE (SalurApplication, salur_application, ADW_TYPE_APPLICATION)

/* Helpers */

/* When the store cannot be opened there is no list to show, only what went
 * wrong and what to try: a window that cannot crash. */
static GtkWidget *
store_error_window (SalurApplication *self,
                    const char       *path,
                    const GError     *error)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (self));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autofree char *escaped_path = g_markup_escape_text (path, -1);
  g_autofree char *escaped_message = g_markup_escape_text (error->message, -1);
  g_autofree char *description = NULL;

  /* TRANSLATORS: %s are the data file and the reason it could not be opened */
  description = g_strdup_printf (_("Salur could not open its data file\n<tt>%s</tt>\n\n%s\n\n"
                                   "Check that the disk or USB stick holding it is plugged in and "
                                   "not full, or start Salur with <tt>--db FILE</tt> to use another file."),
                                 escaped_path, escaped_message);

  gtk_window_set_title (GTK_WINDOW (window), _("Salur"));
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 520);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "dialog-error-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Cannot open the KPM list"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
  gtk_widget_set_vexpand (page, TRUE);

  g_menu_append (menu, _("_About Salur"), "app.about");
  g_menu_append (menu, _("_Quit"), "app.quit");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "open-menu-symbolic");
  gtk_menu_button_set_primary (GTK_MENU_BUTTON (menu_button), TRUE);
  gtk_widget_set_tooltip_text (menu_button, _("Main Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main menu"),
                                  -1);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), menu_button);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), page);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  return window;
}

typedef struct
{
  char   *path;
  gint64  max_age;
} BackupData;

static void
backup_data_free (BackupData *data)
{
  g_free (data->path);
  g_free (data);
}

/* A backup when one is due, in a worker thread with its own connection:
 * the desk goes on paying meanwhile (WAL: the copy holds up no writer). */
static void
backup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  BackupData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *taken = NULL;

  if (!salur_backup_auto (data->path, data->max_age, &taken, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&taken), g_free);
}

static void
backup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SalurApplication *self = SALUR_APPLICATION (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *taken = g_task_propagate_pointer (G_TASK (result), &error);

  self->backup_running = FALSE;
  /* a damaged store is refused at the next start, with what to do */
  if (error != NULL)
    g_warning ("No backup was made: %s", error->message);
  else if (taken != NULL)
    g_debug ("backup written: %s", taken);
}

/* A backup when the newest is MAX_AGE seconds old (0: now) */
static void
start_backup (SalurApplication *self,
              gint64            max_age)
{
  g_autoptr(GTask) task = NULL;
  BackupData *data;

  if (self->store == NULL || self->backup_running)
    return;
  self->backup_running = TRUE;
  data = g_new0 (BackupData, 1);
  data->path = g_strdup (salur_store_get_path (self->store));
  data->max_age = max_age;
  task = g_task_new (self, NULL, backup_done, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) backup_data_free);
  g_task_run_in_thread (task, backup_thread);
}

static gboolean
backup_tick (gpointer user_data)
{
  start_backup (SALUR_APPLICATION (user_data), SALUR_BACKUP_INTERVAL);
  return G_SOURCE_CONTINUE;
}

/* The window the store's device calls for: a desk or field laptop opens its
 * desk; the master its workspace, unless --desk asks for the desk (a store
 * with no village has nothing to pay yet: the workspace offers the setup,
 * the demo and a package) */
static GtkWindow *
window_for_store (SalurApplication *self)
{
  g_autoptr(SalurVillage) village = salur_store_get_village (self->store, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurDevice) device = salur_desk_this_device (self->store, &error);

  if (device == NULL)
    g_message ("Cannot tell what this laptop is for: %s", error->message);
  if (village != NULL && device != NULL && (device->role != SALUR_DEVICE_MASTER || self->desk))
    return GTK_WINDOW (salur_desk_window_new (ADW_APPLICATION (self), self->store, device));
  return GTK_WINDOW (salur_window_new (ADW_APPLICATION (self), self->store));
}

/* Callbacks */

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);

  adw_show_about_window (parent,
                         "application-name", _("Salur"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("Salur contributors"),
                         "comments", _("Pays out the village cash transfer (BLT Dana Desa) "
                                       "and keeps an accountable record of every payment."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* The window knows its store and how to show the result: the app action
 * only finds the window. */
static void
create_demo_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (SALUR_IS_WINDOW (window))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.create-demo", NULL);
}

/* On the bendahara's laptop the list is the main window; the desk is one
 * menu item away (to try the demo, or to pay at the bendahara's table) */
static void
open_desk_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  SalurApplication *self = SALUR_APPLICATION (user_data);
  g_autoptr(SalurDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  device = salur_desk_this_device (self->store, &error);
  if (device == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  gtk_window_present (GTK_WINDOW (salur_desk_window_new (ADW_APPLICATION (self), self->store, device)));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "open-desk", .activate = open_desk_action },
  { .name = "about", .activate = about_action },
  { .name = "create-demo", .activate = create_demo_action },
};

/* GApplication */

static int
salur_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  SalurApplication *self = SALUR_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_lookup (options, "db", "^&ay", &path))
    {
      g_free (self->db_path);
      self->db_path = g_strdup (path);
    }
  if (g_variant_dict_contains (options, "desk"))
    self->desk = TRUE;
  return -1;
}

static void
salur_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (salur_application_parent_class)->startup (app);

  /* AdwApplication loads style.css from the resource base path
   * (/id/desa/Salur/style.css, from the application id) into a
   * GtkCssProvider itself, with its dark and high-contrast siblings. */

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
salur_application_activate (GApplication *app)
{
  SalurApplication *self = SALUR_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  path = self->db_path != NULL ? g_strdup (self->db_path) : salur_store_default_path ();
  if (self->store == NULL)
    self->store = salur_store_open (path, &error);

  if (self->store == NULL)
    {
      g_message ("Cannot open %s: %s", path, error->message);
      window = GTK_WINDOW (store_error_window (self, path, error));
    }
  else
    {
      window = window_for_store (self);
      start_backup (self, SALUR_BACKUP_INTERVAL);
      if (self->backup_tick == 0)
        self->backup_tick = g_timeout_add_seconds (BACKUP_CHECK_SECONDS, backup_tick, self);
    }
  gtk_window_present (window);
}

/* GObject */

static void
salur_application_finalize (GObject *object)
{
  SalurApplication *self = SALUR_APPLICATION (object);

  g_clear_handle_id (&self->backup_tick, g_source_remove);
  g_clear_object (&self->store);
  g_free (self->db_path);

  G_OBJECT_CLASS (salur_application_parent_class)->finalize (object);
}

static void
salur_application_class_init (SalurApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = salur_application_finalize;

  app_class->handle_local_options = salur_application_handle_local_options;
  app_class->startup = salur_application_startup;
  app_class->activate = salur_application_activate;
}

static void
salur_application_init (SalurApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "db", 0, 0, G_OPTION_ARG_FILENAME,
                                 _("Use the KPM list stored in FILE"), _("FILE"));
  g_application_add_main_option (G_APPLICATION (self), "desk", 0, 0, G_OPTION_ARG_NONE,
                                 _("Open the desk even on the bendahara's laptop (to try the demo)"), NULL);
}

/* Public API */

SalurApplication *
salur_application_new (void)
{
  /* NON_UNIQUE: a second desk on the same laptop, and the UI tests, each
   * run their own process on their own store. */
  return g_object_new (SALUR_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

SalurStore *
salur_application_get_store (SalurApplication *self)
{
  g_return_val_if_fail (SALUR_IS_APPLICATION (self), NULL);

  return self->store;
}

void
salur_application_switch_store (SalurApplication *self,
                                SalurStore       *store)
{
  GList *old;

  g_return_if_fail (SALUR_IS_APPLICATION (self));
  g_return_if_fail (SALUR_IS_STORE (store));

  old = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = old; l != NULL; l = l->next)
    g_object_ref (l->data);
  g_set_object (&self->store, store);
  /* the new window first: with none left, the application would end */
  gtk_window_present (window_for_store (self));
  for (GList *l = old; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free_full (old, g_object_unref);
  /* what the package brought, backed up at once, as `salur join` does */
  start_backup (self, 0);
}

gint64
salur_application_get_start_time (void)
{
  return start_time;
}

int
salur_application_main (int    argc,
                        char **argv)
{
  g_autoptr(SalurApplication) app = NULL;

  if (start_time == 0)
    start_time = g_get_monotonic_time ();
  app = salur_application_new ();

  g_set_application_name (_("Salur"));
  return g_application_run (G_APPLICATION (app), argc, argv);
}
