/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The KPM list window, driven the way a desk officer uses it. TAP on
 * stdout belongs to GTest: anything else goes to stderr. */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "salur-application.h"
#include "salur-demo.h"
#include "salur-error.h"
#include "salur-kpm-row.h"
#include "salur-window.h"

#define N_DEMO 150
#define TIMEOUT_MS 20000

typedef gboolean (*Condition) (gpointer data);

typedef struct
{
  char             *dir;
  SalurStore       *store;
  SalurApplication *app;
  SalurWindow      *window;
} Fixture;

static SalurApplication *the_app;

/* Helpers */

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until COND holds or TIMEOUT_MS pass; the tick keeps
 * g_main_context_iteration from blocking past the deadline. */
static gboolean
wait_for (Condition cond,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + (gint64) TIMEOUT_MS * 1000;
  guint tick = g_timeout_add (10, tick_cb, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return ok;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  guint tick = g_timeout_add (10, tick_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

static guint
shown_count (Fixture *f)
{
  return g_list_model_get_n_items (salur_window_get_shown (f->window));
}

static gboolean
settled (Fixture *f)
{
  GListModel *shown = salur_window_get_shown (f->window);

  return !GTK_IS_FILTER_LIST_MODEL (shown) ||
         gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (shown)) == 0;
}

typedef struct
{
  Fixture *f;
  guint    expected;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *w = data;

  return settled (w->f) && shown_count (w->f) == w->expected;
}

static void
assert_shown (Fixture *f,
              guint    expected)
{
  CountWait w = { f, expected };

  if (!wait_for (count_is, &w))
    g_error ("expected %u KPM shown, still %u after %d ms", expected, shown_count (f), TIMEOUT_MS);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, out);
}

static gpointer
find_widget (gpointer root,
             GType    type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (GTK_WIDGET (root), type, found);
  g_assert_cmpuint (found->len, >=, 1);
  return g_ptr_array_index (found, 0);
}

static AdwStatusPage *
find_status_page (gpointer    root,
                  const char *title)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  collect (GTK_WIDGET (root), ADW_TYPE_STATUS_PAGE, pages);
  for (guint i = 0; i < pages->len; i++)
    if (g_strcmp0 (adw_status_page_get_title (pages->pdata[i]), title) == 0)
      return pages->pdata[i];
  return NULL;
}

static gboolean
widget_mapped (gpointer widget)
{
  return widget != NULL && gtk_widget_get_mapped (widget);
}

static gboolean
has_long_digit_run (const char *text,
                    guint       limit)
{
  guint run = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      run = g_ascii_isdigit (*p) ? run + 1 : 0;
      if (run > limit)
        return TRUE;
    }
  return FALSE;
}

static char *
fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normal, -1);
}

static gboolean
name_matches (const char *name,
              const char *part)
{
  g_autofree char *a = fold (name);
  g_autofree char *b = fold (part);

  return strstr (a, b) != NULL;
}

static void
set_search (Fixture    *f,
            const char *text)
{
  GtkEditable *entry = find_widget (f->window, GTK_TYPE_SEARCH_ENTRY);

  gtk_editable_set_text (entry, text);
}

static gboolean
has_list_page (gpointer data)
{
  return salur_window_get_page (((Fixture *) data)->window, "kpm") != NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  with_demo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("salur-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "salur.db", NULL);
  f->store = salur_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  if (GPOINTER_TO_INT (with_demo))
    {
      salur_demo_create (f->store, N_DEMO, 1, &error);
      g_assert_no_error (error);
    }

  f->app = g_object_ref (the_app);
  f->window = salur_window_new (ADW_APPLICATION (f->app), f->store);
  gtk_window_present (GTK_WINDOW (f->window));
  /* with a village, the list is a page of the workspace, made once the
   * village is read */
  if (GPOINTER_TO_INT (with_demo))
    g_assert_true (wait_for (has_list_page, f));
}

static gboolean
window_gone (gpointer data)
{
  return ((Fixture *) data)->window == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  with_demo)
{
  g_autofree char *path = g_build_filename (f->dir, "salur.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  /* nothing (a load in flight, a signal) may keep the window alive */
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (wait_for (window_gone, f));
  g_clear_object (&f->store);
  g_clear_object (&f->app);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* Tests */

static void
test_loads_demo (Fixture       *f,
                 gconstpointer  data)
{
  GListModel *shown = salur_window_get_shown (f->window);

  assert_shown (f, N_DEMO);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (g_list_model_get_object (shown, 0), SALUR_TYPE_KPM_ROW));
  g_object_unref (g_list_model_get_object (shown, 0));
  /* the search has the focus: a scanner types straight into it */
  {
    GtkWidget *entry = find_widget (f->window, GTK_TYPE_SEARCH_ENTRY);
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

    g_assert_nonnull (focus);
    g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
  }
}

static void
test_search_name (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = salur_store_list_kpm (f->store, NULL, &error);
  GListModel *shown = salur_window_get_shown (f->window);
  g_autofree char *part = NULL;
  const SalurKpm *first;
  guint expected = 0;

  g_assert_no_error (error);
  assert_shown (f, N_DEMO);

  /* three letters of a real name, in lower case: the search ignores case */
  first = g_ptr_array_index (all, 0);
  g_assert_cmpuint (strlen (first->name), >=, 4);
  part = g_ascii_strdown (first->name + 1, 3);
  for (guint i = 0; i < all->len; i++)
    expected += name_matches (((SalurKpm *) all->pdata[i])->name, part);
  g_test_message ("searching '%s': %u of %u", part, expected, all->len);
  g_assert_cmpuint (expected, >=, 1);
  g_assert_cmpuint (expected, <, N_DEMO);

  set_search (f, part);
  assert_shown (f, expected);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(SalurKpmRow) row = g_list_model_get_item (shown, i);

      g_assert_true (name_matches (salur_kpm_row_get_kpm (row)->name, part));
    }

  /* nothing matches: an empty list, and a page saying so */
  set_search (f, "zzzqqxx");
  assert_shown (f, 0);
  g_assert_true (wait_for (widget_mapped, find_status_page (f->window, "No KPM found")));

  /* clearing the search brings every KPM back */
  set_search (f, "");
  assert_shown (f, N_DEMO);
}

static void
test_search_nik (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = salur_store_list_kpm (f->store, NULL, &error);
  GListModel *shown = salur_window_get_shown (f->window);
  const SalurKpm *kpm;
  g_autofree char *spaced = NULL;

  g_assert_no_error (error);
  assert_shown (f, N_DEMO);

  /* a full NIK, as a scanner types it, finds that one KPM */
  kpm = g_ptr_array_index (all, all->len / 2);
  set_search (f, kpm->nik);
  assert_shown (f, 1);
  {
    g_autoptr(SalurKpmRow) row = g_list_model_get_item (shown, 0);
    g_assert_cmpstr (salur_kpm_row_get_kpm (row)->id, ==, kpm->id);
  }

  /* and so does the same NIK typed with spaces */
  spaced = g_strdup_printf ("%.6s %.6s %s", kpm->nik, kpm->nik + 6, kpm->nik + 12);
  set_search (f, spaced);
  assert_shown (f, 1);

  set_search (f, "");
  assert_shown (f, N_DEMO);
}

static void
test_dusun_filter (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dusun = salur_store_list_dusun (f->store, &error);
  GtkDropDown *dropdown;
  GListModel *shown;
  guint sum = 0;

  g_assert_no_error (error);
  assert_shown (f, N_DEMO);
  /* the page's first drop-down: the dusun */
  dropdown = find_widget (salur_window_get_page (f->window, "kpm"), GTK_TYPE_DROP_DOWN);
  shown = salur_window_get_shown (f->window);
  g_assert_cmpuint (dusun->len, >=, 2);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), ==, dusun->len + 1);

  for (guint i = 0; i < dusun->len; i++)
    {
      const SalurDusun *d = g_ptr_array_index (dusun, i);
      g_autoptr(GPtrArray) in_dusun = salur_store_list_kpm (f->store, d->name, &error);

      g_assert_no_error (error);
      gtk_drop_down_set_selected (dropdown, i + 1);
      assert_shown (f, in_dusun->len);
      for (guint j = 0; j < g_list_model_get_n_items (shown); j++)
        {
          g_autoptr(SalurKpmRow) row = g_list_model_get_item (shown, j);
          g_assert_cmpstr (salur_kpm_row_get_kpm (row)->dusun, ==, d->name);
        }
      sum += in_dusun->len;
    }
  g_assert_cmpuint (sum, ==, N_DEMO);

  /* a search inside one dusun: both filters hold */
  {
    const SalurDusun *d = g_ptr_array_index (dusun, 0);
    g_autoptr(GPtrArray) in_dusun = salur_store_list_kpm (f->store, d->name, &error);
    const SalurKpm *kpm = g_ptr_array_index (in_dusun, 0);
    g_autofree char *part = g_strndup (kpm->name, 3);
    guint expected = 0;

    for (guint j = 0; j < in_dusun->len; j++)
      expected += name_matches (((SalurKpm *) in_dusun->pdata[j])->name, part);
    gtk_drop_down_set_selected (dropdown, 1);
    set_search (f, part);
    assert_shown (f, expected);
    set_search (f, "");
  }

  gtk_drop_down_set_selected (dropdown, 0);
  assert_shown (f, N_DEMO);
}

static void
test_nik_masked (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = salur_store_list_kpm (f->store, NULL, &error);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkColumnView *view;
  guint masked = 0;

  g_assert_no_error (error);
  assert_shown (f, N_DEMO);
  view = find_widget (f->window, GTK_TYPE_COLUMN_VIEW);
  /* let the view lay out and bind its rows */
  g_assert_true (wait_for (widget_mapped, view));
  spin (200);

  collect (GTK_WIDGET (view), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (labels->pdata[i]);

      g_assert_false (has_long_digit_run (text, 8));
      for (guint j = 0; j < all->len; j++)
        g_assert_null (strstr (text, ((SalurKpm *) all->pdata[j])->nik));
      masked += strlen (text) == 16 && strchr (text, '*') != NULL;
    }
  /* the test must see NIKs to mean anything: a screenful of masked ones */
  g_test_message ("%u labels, %u masked NIKs", labels->len, masked);
  g_assert_cmpuint (masked, >=, 5);
}

static gboolean
list_sorted_by_name (gpointer data)
{
  Fixture *f = data;
  GListModel *shown = salur_window_get_shown (f->window);
  g_autoptr(SalurKpmRow) prev = NULL;

  if (!settled (f) || g_list_model_get_n_items (shown) != N_DEMO)
    return FALSE;
  for (guint i = 0; i < N_DEMO; i++)
    {
      g_autoptr(SalurKpmRow) row = g_list_model_get_item (shown, i);

      if (prev != NULL &&
          g_ascii_strcasecmp (salur_kpm_row_get_kpm (prev)->name,
                              salur_kpm_row_get_kpm (row)->name) > 0)
        return FALSE;
      g_set_object (&prev, row);
    }
  return TRUE;
}

static void
test_sort_by_name (Fixture       *f,
                   gconstpointer  data)
{
  GtkColumnView *view = find_widget (f->window, GTK_TYPE_COLUMN_VIEW);
  GListModel *columns = gtk_column_view_get_columns (view);
  GtkColumnViewColumn *name_column = NULL;

  assert_shown (f, N_DEMO);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), "Name") == 0)
        name_column = column;
    }
  g_assert_nonnull (name_column);
  /* the store's order (dusun, RW, RT, name) is not the name order */
  g_assert_false (list_sorted_by_name (f));
  gtk_column_view_sort_by_column (view, name_column, GTK_SORT_ASCENDING);
  g_assert_true (wait_for (list_sorted_by_name, f));
}

static void
test_find_shortcut (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *entry = find_widget (f->window, GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *view = find_widget (f->window, GTK_TYPE_COLUMN_VIEW);
  GtkWidget *focus;

  assert_shown (f, N_DEMO);
  gtk_widget_grab_focus (view);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_false (focus != NULL && gtk_widget_is_ancestor (focus, entry));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

/* The title of the page shown, in the workspace's header bar */
static AdwWindowTitle *
page_title (Fixture *f)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  collect (GTK_WIDGET (f->window), ADW_TYPE_WINDOW_TITLE, titles);
  for (guint i = 0; i < titles->len; i++)
    if (g_strcmp0 (gtk_buildable_get_buildable_id (titles->pdata[i]), "window_title") == 0)
      return titles->pdata[i];
  g_error ("no window_title");
}

static gboolean
title_has_village (gpointer data)
{
  Fixture *f = data;
  AdwWindowTitle *title = page_title (f);
  const char *subtitle = adw_window_title_get_subtitle (title);

  return subtitle != NULL && g_str_has_prefix (subtitle, "Desa ") && strstr (subtitle, ", Kec. ");
}

static void
test_title (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurVillage) village = salur_store_get_village (f->store, &error);
  AdwWindowTitle *title;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  g_assert_true (wait_for (title_has_village, f));
  title = page_title (f);
  expected = g_strdup_printf ("Desa %s, Kec. %s", village->desa, village->kecamatan);
  /* the X window keeps the application's name; the header names the page */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Salur");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "KPM List");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, expected);
}

static gboolean
setup_shown (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) stacks = g_ptr_array_new ();

  collect (GTK_WIDGET (f->window), GTK_TYPE_STACK, stacks);
  /* the window's own stack is the first */
  return stacks->len > 0
         && g_strcmp0 (gtk_stack_get_visible_child_name (stacks->pdata[0]), "setup") == 0
         && gtk_widget_get_mapped (gtk_stack_get_visible_child (stacks->pdata[0]));
}

static void
test_no_village (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *setup;

  /* an empty data file opens on setting up the village */
  g_assert_true (wait_for (setup_shown, f));
  g_assert_cmpuint (shown_count (f), ==, 0);
  setup = gtk_stack_get_visible_child (find_widget (f->window, GTK_TYPE_STACK));

  /* the demo, through the application's action */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "create-demo", NULL);
  assert_shown (f, N_DEMO);
  g_assert_cmpint (salur_store_count_kpm (f->store), ==, N_DEMO);
  g_assert_true (wait_for (title_has_village, f));
  g_assert_false (gtk_widget_get_mapped (setup));
}

typedef struct
{
  Fixture *f;
  gpointer old_first;   /* a row from before the reload, kept alive */
  guint    expected;
} ReloadWait;

static gboolean
reloaded (gpointer data)
{
  ReloadWait *w = data;
  GListModel *shown = salur_window_get_shown (w->f->window);
  g_autoptr(GObject) first = NULL;

  if (!settled (w->f) || g_list_model_get_n_items (shown) != w->expected)
    return FALSE;
  first = g_list_model_get_item (shown, 0);
  return first != w->old_first;
}

static void
test_reload (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = salur_store_list_kpm (f->store, NULL, &error);
  guint expected = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    expected += name_matches (((SalurKpm *) all->pdata[i])->name, "an");
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, N_DEMO);

  assert_shown (f, N_DEMO);
  set_search (f, "an");
  assert_shown (f, expected);

  /* the search stays applied to the list read again (new rows, same count) */
  {
    ReloadWait w = { f, g_list_model_get_item (salur_window_get_shown (f->window), 0), expected };

    salur_window_reload (f->window);
    g_assert_true (wait_for (reloaded, &w));
    g_object_unref (w.old_first);
  }
  g_assert_true (gtk_widget_get_mapped (find_widget (f->window, GTK_TYPE_COLUMN_VIEW)));

  set_search (f, "");
  assert_shown (f, N_DEMO);
}

/* Closing the window while the list is still being read: the worker's
 * result must land nowhere, and the window must still be freed. */
static void
test_close_while_loading (Fixture       *f,
                          gconstpointer  data)
{
  salur_window_reload (f->window);
  salur_window_reload (f->window);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* One registered application for every test, as the binary has */
  the_app = salur_application_new ();
  if (!g_application_register (G_APPLICATION (the_app), NULL, &error))
    g_error ("cannot register the application: %s", error->message);

#define ADD(path, func, demo) \
  g_test_add (path, Fixture, GINT_TO_POINTER (demo), fixture_setup, func, fixture_teardown)
  ADD ("/window/loads-demo", test_loads_demo, TRUE);
  ADD ("/window/title", test_title, TRUE);
  ADD ("/window/search-name", test_search_name, TRUE);
  ADD ("/window/search-nik", test_search_nik, TRUE);
  ADD ("/window/dusun-filter", test_dusun_filter, TRUE);
  ADD ("/window/nik-masked", test_nik_masked, TRUE);
  ADD ("/window/sort-by-name", test_sort_by_name, TRUE);
  ADD ("/window/find-shortcut", test_find_shortcut, TRUE);
  ADD ("/window/reload", test_reload, TRUE);
  ADD ("/window/no-village", test_no_village, FALSE);
  ADD ("/window/close-while-loading", test_close_while_loading, TRUE);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&the_app);
  return ret;
}
