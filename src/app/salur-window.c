/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-app"
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "salur-app-util.h"
#include "salur-application.h"
#include "salur-cards-page.h"
#include "salur-demo.h"
#include "salur-error.h"
#include "salur-complaints-page.h"
#include "salur-dashboard-page.h"
#include "salur-devices-page.h"
#include "salur-import-page.h"
#include "salur-merge-page.h"
#include "salur-reports-page.h"
#include "salur-kpm-list-page.h"
#include "salur-kpm-row.h"
#include "salur-nik.h"
#include "salur-resources.h"
#include "salur-settings.h"
#include "salur-setup-assistant.h"
#include "salur-sign-in-dialog.h"
#include "salur-window.h"

/* The pages of the sidebar, in its order. Each is a widget made from the
 * session alone; its name is what win.show-page takes. */
typedef GtkWidget *(*SalurPageNew) (SalurSession *session);

typedef struct
{
  const char   *name;
  const char   *icon_name;
  const char   *title;       /* N_(): translated when shown */
  SalurPageNew  new;
} SalurPageEntry;

static const SalurPageEntry page_table[] = {
  { "kpm", "system-users-symbolic", N_("KPM List"), salur_kpm_list_page_new },
  { "dashboard", "view-grid-symbolic", N_("Dashboard"), salur_dashboard_page_new },
  { "import", "x-office-spreadsheet-symbolic", N_("Import"), salur_import_page_new },
  { "cards", "printer-symbolic", N_("Invitation Cards"), salur_cards_page_new },
  { "devices", "computer-symbolic", N_("Devices"), salur_devices_page_new },
  { "merge", "emblem-synchronizing-symbolic", N_("Merge & Conflicts"), salur_merge_page_new },
  { "reports", "x-office-document-symbolic", N_("Reports"), salur_reports_page_new },
  { "complaints", "mail-unread-symbolic", N_("Complaints"), salur_complaints_page_new },
};

struct _SalurWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  GtkLabel             *loading_label;
  AdwStatusPage        *error_page;
  AdwBin               *setup_bin;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar;
  GtkLabel             *village_label;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *menu_button;
  GtkButton            *operator_button;
  GtkLabel             *operator_label;
  GtkStack             *pages;

  SalurStore           *store;
  SalurSession         *session;
  gboolean              workspace_built;
  char                 *pending_page;  /* shown once the workspace is built */
  char                 *last_toast;
  GCancellable         *cancellable;   /* the load or demo in flight */
};

G_DEFINE_FINAL_TYPE (SalurWindow, salur_window, ADW_TYPE_APPLICATION_WINDOW)

typedef struct
{
  char         *path;
  gboolean      create_demo;
  SalurVillage *village;   /* NULL: the store has no village */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->village, salur_village_free);
  g_free (data);
}

static void start_load (SalurWindow *self, gboolean create_demo);

/* Helpers */

static const SalurPageEntry *
page_entry (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (page_table); i++)
    if (g_strcmp0 (page_table[i].name, name) == 0)
      return &page_table[i];
  return NULL;
}

static void
show_state (SalurWindow *self,
            const char  *name)
{
  gtk_spinner_set_spinning (self->spinner, g_str_equal (name, "loading"));
  gtk_stack_set_visible_child_name (self->stack, name);
}

static void
show_error (SalurWindow  *self,
            const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  adw_status_page_set_description (self->error_page, escaped);
  show_state (self, "error");
}

static void
set_village (SalurWindow        *self,
             const SalurVillage *village)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *where = NULL;

  if (village != NULL && *village->kecamatan != '\0')
    subtitle = g_strdup_printf (_("Desa %s, Kec. %s"), village->desa, village->kecamatan);
  else if (village != NULL)
    subtitle = g_strdup_printf (_("Desa %s"), village->desa);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");

  if (village != NULL && *village->kabupaten != '\0')
    where = g_strdup_printf (_("Desa %s\nKec. %s, Kab. %s"), village->desa, village->kecamatan, village->kabupaten);
  gtk_label_set_label (self->village_label, where != NULL ? where : subtitle != NULL ? subtitle : "");
}

static void
update_operator (SalurWindow *self)
{
  const SalurOperator *op = salur_session_get_operator (self->session);
  g_autofree char *label = NULL;

  if (op != NULL)
    /* TRANSLATORS: the operator signed in and their role, in the header bar */
    label = g_strdup_printf (_("%s · %s"), op->name, salur_role_label (op->role));
  gtk_label_set_label (self->operator_label, label != NULL ? label : _("Sign In"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", op != NULL);
}

static GtkWidget *
sidebar_row_new (const SalurPageEntry *entry)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (entry->icon_name);
  GtkWidget *label = gtk_label_new (_(entry->title));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, entry->name);
  return row;
}

/* The pages exist once the store has a village: each reads it as it starts */
static void
build_workspace (SalurWindow *self)
{
  if (self->workspace_built)
    return;
  self->workspace_built = TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (page_table); i++)
    {
      GtkWidget *page = page_table[i].new (self->session);
      GtkStackPage *stack_page = gtk_stack_add_named (self->pages, page, page_table[i].name);

      gtk_stack_page_set_title (stack_page, _(page_table[i].title));
      gtk_list_box_append (self->sidebar, sidebar_row_new (&page_table[i]));
    }
  gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, 0));
}

static void
setup_finished_cb (SalurWindow *self,
                   const char  *desa)
{
  g_autofree char *message = g_strdup_printf (_("Desa %s is set up. Next: import its KPM list."), desa);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
  /* the list comes next: the import page, where there is one */
  g_free (self->pending_page);
  self->pending_page = g_strdup ("import");
  start_load (self, FALSE);
}

/* A desk or field laptop now: the application opens its desk on the store
 * and closes this window */
static void
setup_joined_cb (SalurWindow *self,
                 SalurStore  *store)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_return_if_fail (SALUR_IS_APPLICATION (app));
  salur_application_switch_store (SALUR_APPLICATION (app), store);
}

static void
build_setup (SalurWindow *self)
{
  GtkWidget *assistant;

  if (adw_bin_get_child (self->setup_bin) != NULL)
    return;
  assistant = salur_setup_assistant_new (self->store);
  g_signal_connect_swapped (assistant, "finished", G_CALLBACK (setup_finished_cb), self);
  g_signal_connect_swapped (assistant, "joined", G_CALLBACK (setup_joined_cb), self);
  adw_bin_set_child (self->setup_bin, assistant);
}

static char *
demo_path (void)
{
  const char *env = g_getenv ("SALUR_DEMO_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "salur", "demo.db", NULL);
}

/* Runs in a worker thread or, for a store with no file, in the main one */
static gboolean
load_from_store (SalurStore  *store,
                 LoadData    *data,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (data->create_demo && !salur_demo_create (store, 150, 1, error))
    return FALSE;

  data->village = salur_store_get_village (store, &local_error);
  if (data->village == NULL)
    {
      if (g_error_matches (local_error, SALUR_ERROR, SALUR_ERROR_NO_VILLAGE))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(SalurStore) store = NULL;
  GError *error = NULL;

  store = salur_store_open (data->path, &error);
  if (store == NULL || !load_from_store (store, data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Callbacks */

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SalurWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);
  LoadData *data = g_task_get_task_data (task);

  if (g_task_get_cancellable (task) != self->cancellable)
    return;   /* cancelled: the window closed or a newer load is on its way */
  g_clear_object (&self->cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-demo", TRUE);

  if (!g_task_propagate_boolean (task, &error))
    {
      show_error (self, error);
      return;
    }

  set_village (self, data->village);
  if (data->village == NULL)
    {
      build_setup (self);
      show_state (self, "setup");
      return;
    }

  if (self->workspace_built)
    {
      salur_session_changed (self->session);
      show_state (self, "workspace");
      return;
    }
  build_workspace (self);
  show_state (self, "workspace");
  if (self->pending_page != NULL && page_entry (self->pending_page) != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", self->pending_page);
  g_clear_pointer (&self->pending_page, g_free);
  /* a scanner types into the KPM list's search from the first moment */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "kpm") == 0)
    salur_kpm_list_page_focus_search (SALUR_KPM_LIST_PAGE (salur_window_get_page (self, "kpm")));
}

static void
start_load (SalurWindow *self,
            gboolean     create_demo)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (salur_store_get_path (self->store));
  data->create_demo = create_demo;

  task = g_task_new (self, self->cancellable, load_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  /* The result is unused once cancelled, but a demo being written must
   * finish or roll back on its own: never stop the thread half-way. */
  g_task_set_return_on_cancel (task, FALSE);

  gtk_label_set_label (self->loading_label,
                       create_demo ? _("Creating the demo village…")
                                   : _("Loading the KPM list…"));
  /* A reload of a workspace already shown keeps it on screen */
  if (create_demo || !g_str_equal (gtk_stack_get_visible_child_name (self->stack), "workspace"))
    show_state (self, "loading");

  if (salur_app_store_uses_file (self->store))
    {
      g_task_run_in_thread (task, load_thread);
    }
  else
    {
      GError *error = NULL;

      if (load_from_store (self->store, data, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
    }
}

static void
operator_changed_cb (SalurWindow *self)
{
  const SalurOperator *op = salur_session_get_operator (self->session);
  g_autofree char *message = NULL;

  update_operator (self);
  if (op != NULL)
    message = g_strdup_printf (_("Signed in as %s (%s)"), op->name, salur_role_label (op->role));
  else
    message = g_strdup (_("Signed out"));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
sidebar_row_selected_cb (SalurWindow   *self,
                         GtkListBoxRow *row)
{
  const SalurPageEntry *entry;

  if (row == NULL)
    return;
  entry = page_entry (gtk_widget_get_name (GTK_WIDGET (row)));
  if (entry == NULL)
    return;
  gtk_stack_set_visible_child_name (self->pages, entry->name);
  adw_window_title_set_title (self->window_title, _(entry->title));
}

static void
sidebar_row_activated_cb (SalurWindow   *self,
                          GtkListBoxRow *row)
{
  /* folded: the page takes the whole window */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
folded_cb (SalurWindow *self)
{
  /* unfolding or folding shows the page, not the list of pages */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SalurWindow *self = SALUR_WINDOW (widget);
  SalurSignInDialog *dialog = salur_sign_in_dialog_new (GTK_WINDOW (self), self->session);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  salur_session_sign_out (SALUR_WINDOW (widget)->session);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SalurWindow *self = SALUR_WINDOW (widget);
  const char *message = g_variant_get_string (parameter, NULL);
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  /* long messages (a refusal from the core) stay until read */
  adw_toast_set_timeout (toast, strlen (message) > 60 ? 8 : 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SalurWindow *self = SALUR_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        {
          gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
          adw_leaflet_set_visible_child_name (self->leaflet, "content");
          return;
        }
    }
  g_warning ("No page named %s", name);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  adw_leaflet_navigate (SALUR_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalurWindow *self = SALUR_WINDOW (widget);
  GtkWidget *list = salur_window_get_page (self, "kpm");

  if (list == NULL || !g_str_equal (gtk_stack_get_visible_child_name (self->stack), "workspace"))
    return;
  gtk_widget_activate_action (widget, "win.show-page", "s", "kpm");
  salur_kpm_list_page_focus_search (SALUR_KPM_LIST_PAGE (list));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  salur_window_reload (SALUR_WINDOW (widget));
}

static void
create_demo_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  /* Only an empty store gets the demo: the core refuses it otherwise */
  gtk_widget_action_set_enabled (widget, "win.create-demo", FALSE);
  start_load (SALUR_WINDOW (widget), TRUE);
}

/* The demo village lives in a data file of its own, so a real village's
 * data is never touched: a new window on it, made on first use. */
static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SalurWindow *self = SALUR_WINDOW (widget);
  g_autofree char *path = demo_path ();
  g_autoptr(SalurStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurVillage) village = NULL;
  SalurWindow *window;

  if (g_strcmp0 (path, salur_store_get_path (self->store)) == 0)
    {
      if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "setup"))
        gtk_widget_activate_action (widget, "win.create-demo", NULL);
      else
        gtk_widget_activate_action (widget, "win.toast", "s", _("This window shows the demo village."));
      return;
    }

  store = salur_store_open (path, &error);
  if (store == NULL)
    {
      gtk_widget_activate_action (widget, "win.toast", "s", error->message);
      return;
    }
  window = salur_window_new (ADW_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), store);
  village = salur_store_get_village (store, NULL);
  if (village == NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.create-demo", NULL);
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_guide_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  salur_app_show_guide (GTK_WINDOW (widget));
}

/* GObject */

static void
salur_window_dispose (GObject *object)
{
  SalurWindow *self = SALUR_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SALUR_TYPE_WINDOW);

  G_OBJECT_CLASS (salur_window_parent_class)->dispose (object);
}

static void
salur_window_finalize (GObject *object)
{
  SalurWindow *self = SALUR_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_free (self->last_toast);
  g_free (self->pending_page);

  G_OBJECT_CLASS (salur_window_parent_class)->finalize (object);
}

static void
salur_window_class_init (SalurWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salur_window_dispose;
  object_class->finalize = salur_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/id/desa/Salur/salur-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, setup_bin);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, village_label);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, operator_button);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, operator_label);
  gtk_widget_class_bind_template_child (widget_class, SalurWindow, pages);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_cb);

  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.create-demo", NULL, create_demo_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.show-guide", NULL, show_guide_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
}

static void
salur_window_init (SalurWindow *self)
{
  g_autofree char *guide = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  guide = salur_app_find_guide ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-guide", guide != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", FALSE);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main menu"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sidebar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pages"),
                                  -1);
}

/* Public API */

SalurWindow *
salur_window_new (AdwApplication *app,
                  SalurStore     *store)
{
  SalurWindow *self;

  g_return_val_if_fail (app == NULL || ADW_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);

  self = g_object_new (SALUR_TYPE_WINDOW, "application", app, NULL);
  self->store = g_object_ref (store);
  /* here rather than in init: it needs the application, to save on quit */
  salur_settings_track_window (GTK_WINDOW (self));
  self->session = salur_session_new (store);
  g_signal_connect_swapped (self->session, "notify::operator", G_CALLBACK (operator_changed_cb), self);
  update_operator (self);
  start_load (self, FALSE);
  return self;
}

void
salur_window_reload (SalurWindow *self)
{
  g_return_if_fail (SALUR_IS_WINDOW (self));

  start_load (self, FALSE);
}

SalurSession *
salur_window_get_session (SalurWindow *self)
{
  g_return_val_if_fail (SALUR_IS_WINDOW (self), NULL);

  return self->session;
}

GtkWidget *
salur_window_get_page (SalurWindow *self,
                       const char  *name)
{
  g_return_val_if_fail (SALUR_IS_WINDOW (self), NULL);

  return gtk_stack_get_child_by_name (self->pages, name);
}

GListModel *
salur_window_get_shown (SalurWindow *self)
{
  static GListModel *none;
  GtkWidget *list;

  g_return_val_if_fail (SALUR_IS_WINDOW (self), NULL);

  list = salur_window_get_page (self, "kpm");
  if (list != NULL)
    return salur_kpm_list_page_get_shown (SALUR_KPM_LIST_PAGE (list));
  /* no village yet: an empty list */
  if (none == NULL)
    none = G_LIST_MODEL (g_list_store_new (G_TYPE_OBJECT));
  return none;
}

const char *
salur_window_get_last_toast (SalurWindow *self)
{
  g_return_val_if_fail (SALUR_IS_WINDOW (self), NULL);

  return self->last_toast;
}
