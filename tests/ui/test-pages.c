/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The treasurer's pages, each in a real window over a village prepared
 * through the core as a disbursement day makes it: two desk laptops set up
 * from packages, payments on both (one KPM paid on each: a conflict),
 * complaints, bundles on a "USB stick". Each page is driven through its
 * actions and widgets; the store is then read back through the CLI.
 * TAP on stdout belongs to GTest: anything else goes to stderr.
 *
 * With SALUR_SCREENSHOT_DIR set, each page is photographed (ImageMagick's
 * import) after its main path, for docs/workspace. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "salur-card.h"
#include "salur-complaint.h"
#include "salur-demo.h"
#include "salur-error.h"
#include "salur-ledger.h"
#include "salur-money.h"
#include "salur-session.h"
#include "salur-signature.h"
#include "salur-sync.h"

#include "salur-dashboard-page.h"
#include "salur-devices-page.h"
#include "salur-merge-page.h"
#include "salur-reports-page.h"
#include "salur-complaints-page.h"

#define N_KPM       60
#define PASSPHRASE  "rahasia desa 2026"
#define MONTH_TEXT  "2026-11"
#define TIMEOUT_MS  30000

/* Prepared once: the master's store (closed, copied for each test) and the
 * desks' bundles */
typedef struct
{
  char       *dir;
  char       *master;            /* master.db */
  char       *usb;               /* the stick: desk1.bundle, desk2.bundle */
  char       *bundles[2];
  char       *conflict_kpm;      /* the KPM both desks paid */
  guint       master_paid;       /* KPM the master paid itself */
  guint       desk_paid[2];      /* KPM each desk paid (the double counted on both) */
} Village;

typedef struct
{
  char          *dir;
  char          *db;
  SalurStore    *store;
  SalurSession  *session;
  GtkWindow     *window;
  GtkWidget     *page;
  guint          sign_ins;       /* win.sign-in activations */
} Fixture;

static Village village;

/* Helpers */

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (gpointer data);

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

static gboolean
not_busy (gpointer page)
{
  gboolean busy = TRUE;

  /* a page that reads on the main thread has no "busy" */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (page), "busy") == NULL)
    return TRUE;
  g_object_get (page, "busy", &busy, NULL);
  return !busy;
}

static void
wait_idle (Fixture *f)
{
  if (!wait_for (not_busy, f->page))
    g_error ("the page stayed busy for %d ms", TIMEOUT_MS);
}

/* Lets the window lay out and draw what changed */
static gboolean
drawn_once (gpointer data)
{
  return GPOINTER_TO_INT (*(gboolean *) data);
}

static void
frame_cb (GdkFrameClock *clock,
          gboolean      *done)
{
  *done = TRUE;
}

static void
settle (Fixture *f)
{
  for (int i = 0; i < 3; i++)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
      gboolean done = FALSE;
      gulong id;

      if (clock == NULL)
        return;
      id = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_cb), &done);
      gtk_widget_queue_draw (GTK_WIDGET (f->window));
      wait_for (drawn_once, &done);
      g_signal_handler_disconnect (clock, id);
    }
}

static void
collect (GtkWidget *widget,
         GType      type,
         const char *name,
         GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type)
      && (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, name, out);
}

static GPtrArray *
find_all (gpointer    root,
          GType       type,
          const char *name)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (GTK_WIDGET (root), type, name, found);
  return found;
}

static gpointer
find_named (gpointer    root,
            GType       type,
            const char *name)
{
  g_autoptr(GPtrArray) found = find_all (root, type, name);

  if (found->len == 0)
    g_error ("no %s named %s", g_type_name (type), name);
  return found->pdata[0];
}

static const char *
label_of (gpointer root, const char *name)
{
  return gtk_label_get_label (find_named (root, GTK_TYPE_LABEL, name));
}

/* Runs the CLI on the fixture's store; returns its stdout, checks its exit */
static char *
salur (Fixture    *f,
       int         want_exit,
       const char *args)
{
  /* the CLI speaks English here whatever the window does: its words are checked */
  g_autofree char *cmd = g_strdup_printf ("env LANGUAGE= LC_ALL=C.UTF-8 '%s' --db '%s' %s", g_getenv ("SALUR"),
                                          f->db, args);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  if (!g_spawn_command_line_sync (cmd, &out, &err, &status, &error))
    g_error ("%s: %s", cmd, error->message);
  g_test_message ("$ %s\n%s%s", cmd, out, err);
  if (want_exit >= 0)
    {
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, want_exit);
    }
  return out;
}

static guint
count_lines_with (const char *text,
                  const char *part)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, part)) != NULL; p += strlen (part))
    n++;
  return n;
}

static gboolean
revealers_still (gpointer page)
{
  g_autoptr(GPtrArray) revealers = find_all (page, GTK_TYPE_REVEALER, NULL);

  for (guint i = 0; i < revealers->len; i++)
    if (gtk_revealer_get_child_revealed (revealers->pdata[i]) != gtk_revealer_get_reveal_child (revealers->pdata[i]))
      return FALSE;
  return TRUE;
}

static void
screenshot (Fixture    *f,
            const char *name)
{
  const char *dir = g_getenv ("SALUR_SCREENSHOT_DIR");
  g_autofree char *path = NULL, *cmd = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (dir == NULL || *dir == '\0')
    return;
  settle (f);
  /* a message sliding in is drawn over what is above it until it is in */
  wait_for (revealers_still, f->page);
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  cmd = g_strdup_printf ("import -window root '%s'", path);
  if (!g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error) || !g_spawn_check_wait_status (status, NULL))
    g_printerr ("screenshot %s failed: %s\n", path, error != NULL ? error->message : "import failed");
}

static SalurOperator *
login (SalurStore *store, const char *name, const char *pin)
{
  g_autoptr(GError) error = NULL;
  SalurOperator *op = salur_ledger_login (store, name, pin, &error);

  g_assert_no_error (error);
  return op;
}

static GBytes *
sample_signature (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SALUR_FIXTURES"), "signature-sample.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(SalurSignature) sig = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  sig = salur_signature_parse_text (text, &error);
  g_assert_no_error (error);
  return salur_signature_encode (sig);
}

static void
pay (SalurStore          *store,
     const SalurOperator *by,
     const SalurKpm      *kpm,
     GArray              *months,
     const char          *desk,
     GBytes              *signature,
     const char          *proxy)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurPayment) p = NULL;
  SalurPaymentRequest req = {
    .kpm_id = kpm->id, .months = months, .desk = desk,
    .proof = signature != NULL ? SALUR_PROOF_SIGNATURE : SALUR_PROOF_THUMBPRINT, .signature = signature,
  };

  if (proxy != NULL)
    {
      req.proxy_name = proxy;
      req.proxy_nik = "9901016211900903";
      req.proxy_relation = "anak";
      req.surat_kuasa_seen = TRUE;
    }
  p = salur_ledger_pay (store, by, &req, &error);
  g_assert_no_error (error);
}

static void
complain (SalurStore          *store,
          const SalurOperator *by,
          const SalurKpm      *kpm,
          SalurComplaintKind   kind,
          const char          *who,
          const char          *text,
          const char          *desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurComplaint) c = NULL;
  SalurComplaintRequest req = {
    .kind = kind, .kpm_id = kpm != NULL ? kpm->id : NULL, .complainant = who, .text = text, .desk = desk,
  };

  c = salur_complaint_record (store, by, &req, &error);
  g_assert_no_error (error);
}

/* The village as the day leaves it, before the treasurer merges */
static void
village_prepare (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurStore) master = NULL;
  g_autoptr(SalurOperator) sri = NULL;
  g_autoptr(GPtrArray) krajan = NULL, sidomulyo = NULL;
  g_autoptr(GArray) nov = salur_month_parse_list (MONTH_TEXT, NULL);
  g_autoptr(GBytes) sig = sample_signature ();
  const char *names[2] = { "Meja Krajan", "Meja Sidomulyo" };
  const char *dusun[2] = { "Krajan", "Sidomulyo" };

  village.dir = g_dir_make_tmp ("salur-test-pages-XXXXXX", &error);
  g_assert_no_error (error);
  village.master = g_build_filename (village.dir, "master.db", NULL);
  village.usb = g_build_filename (village.dir, "usb", NULL);
  g_mkdir (village.usb, 0700);

  master = salur_store_open (village.master, &error);
  g_assert_no_error (error);
  g_assert_true (salur_demo_create (master, N_KPM, 1, &error));
  sri = login (master, "sri", "1111");
  krajan = salur_store_list_kpm (master, "Krajan", &error);
  sidomulyo = salur_store_list_kpm (master, "Sidomulyo", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (krajan->len, >=, 8);
  g_assert_cmpuint (sidomulyo->len, >=, 6);
  village.conflict_kpm = g_strdup (((SalurKpm *) krajan->pdata[0])->id);

  /* the master's own desk pays two Sidomulyo KPM and hears a complaint */
  pay (master, sri, sidomulyo->pdata[4], nov, "Balai desa", NULL, NULL);
  pay (master, sri, sidomulyo->pdata[5], nov, "Balai desa", NULL, NULL);
  village.master_paid = 2;
  complain (master, sri, NULL, SALUR_COMPLAINT_NOT_LISTED, "PAIJO", "Keluarga kami miskin tetapi tidak ada di daftar.",
            "Balai desa");

  for (guint d = 0; d < 2; d++)
    {
      g_auto(GStrv) dv = NULL;
      g_autofree char *pkg = g_strdup_printf ("%s/desk%u.pkg", village.dir, d + 1);
      g_autofree char *db = g_strdup_printf ("%s/desk%u.db", village.dir, d + 1);
      g_autofree char *device = NULL;
      g_autoptr(SalurStore) desk = NULL;
      g_autoptr(SalurOperator) op = NULL;
      GPtrArray *own = d == 0 ? krajan : sidomulyo;
      SalurPackageRequest req = { .role = SALUR_DEVICE_DESK, .name = names[d] };

      /* desk 2 serves Krajan too: that is how a KPM gets paid twice */
      dv = d == 0 ? g_strsplit ("Krajan", ",", -1) : g_strsplit ("Sidomulyo,Krajan", ",", -1);
      req.dusun = dv;
      g_assert_true (salur_sync_write_package (master, sri, &req, PASSPHRASE, pkg, &device, &error));
      g_assert_no_error (error);
      desk = salur_sync_join (db, pkg, PASSPHRASE, &error);
      g_assert_no_error (error);
      op = login (desk, d == 0 ? "joko" : "wati", d == 0 ? "2222" : "3333");

      /* KPM 0 of Krajan on both desks; desk 2's side through a proxy */
      pay (desk, op, krajan->pdata[0], nov, dusun[0], d == 0 ? sig : NULL, d == 1 ? "SITI AMINAH" : NULL);
      for (guint i = 1; i < 4; i++)
        pay (desk, op, own->pdata[d == 0 ? i : i - 1 + 0], nov, dusun[d], sig, NULL);
      village.desk_paid[d] = 4;
      if (d == 0)
        {
          g_assert_true (salur_ledger_absent (desk, op, ((SalurKpm *) krajan->pdata[5])->id, nov, "Krajan", "sakit",
                                              &error));
          g_assert_no_error (error);
          complain (desk, op, krajan->pdata[6], SALUR_COMPLAINT_AMOUNT_SHORT, "WARSINI", "Uang yang diterima kurang Rp50.000.",
                    "Krajan");
        }
      else
        complain (desk, op, sidomulyo->pdata[3], SALUR_COMPLAINT_WRONG_NAME, "SUPARMI", "Nama di kartu salah tulis.",
                  "Sidomulyo");

      village.bundles[d] = g_strdup_printf ("%s/desk%u.bundle", village.usb, d + 1);
      g_assert_true (salur_sync_export (desk, village.bundles[d], NULL, NULL, &error));
      g_assert_no_error (error);
    }
  /* a file on the stick that is not a bundle */
  {
    g_autofree char *note = g_build_filename (village.usb, "catatan.txt", NULL);
    g_assert_true (g_file_set_contents (note, "bukan bundel", -1, &error));
  }
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, &error));
  g_assert_true (g_file_set_contents (to, data, len, &error));
  g_assert_no_error (error);
}

static void
merge_all (Fixture *f)
{
  for (guint d = 0; d < 2; d++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SalurMergeResult) r = salur_sync_merge (f->store, village.bundles[d], NULL, &error);

      g_assert_no_error (error);
    }
}

static void
sign_in_cb (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       data)
{
  ((Fixture *) data)->sign_ins++;
}

typedef GtkWidget *(*PageNew) (SalurSession *session);

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSimpleActionGroup) win = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) sign_in = g_simple_action_new ("sign-in", NULL);

  f->dir = g_dir_make_tmp ("salur-test-page-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "salur.db", NULL);
  if (data == NULL)
    copy_file (village.master, f->db);
  f->store = salur_store_open (f->db, &error);
  g_assert_no_error (error);
  if (data != NULL)
    {
      /* a village that has made no package yet */
      g_assert_true (salur_demo_create (f->store, N_KPM, 2, &error));
      g_assert_no_error (error);
    }
  f->session = salur_session_new (f->store);

  /* the shell's sign-in dialog is not ours: the test counts the asks */
  g_signal_connect (sign_in, "activate", G_CALLBACK (sign_in_cb), f);
  g_action_map_add_action (G_ACTION_MAP (win), G_ACTION (sign_in));
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_widget_insert_action_group (GTK_WIDGET (f->window), "win", G_ACTION_GROUP (win));
  gtk_window_set_default_size (f->window, 1366, 768);
  gtk_window_set_decorated (f->window, FALSE);
}

static void
fixture_show (Fixture *f,
              PageNew  page_new)
{
  f->page = page_new (f->session);
  gtk_window_set_child (f->window, f->page);
  gtk_window_present (f->window);
  wait_idle (f);
}

static gboolean
window_gone (gpointer data)
{
  return ((Fixture *) data)->window == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (f->window);
  g_assert_true (wait_for (window_gone, f));
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* Tests */

static void
test_dashboard (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) levels = NULL;
  g_autoptr(GPtrArray) dusun = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expect = NULL;
  g_autofree char *conflicts = NULL;
  double sum = 0;

  fixture_show (f, salur_dashboard_page_new);
  g_assert_true (salur_dashboard_page_set_months (SALUR_DASHBOARD_PAGE (f->page), MONTH_TEXT));
  wait_idle (f);

  /* before the merge: what the master paid itself */
  expect = g_strdup_printf (_("%u of %u"), village.master_paid, N_KPM);
  g_assert_cmpstr (label_of (f->page, "paid-value"), ==, expect);
  g_assert_cmpstr (label_of (f->page, "conflicts-value"), ==, "0");
  g_assert_cmpstr (label_of (f->page, "complaints-value"), ==, "1");

  /* the desks' bundles come in (the merge page's work, here through the
   * core): the page hears "changed" and reads again */
  merge_all (f);
  salur_session_changed (f->session);
  wait_idle (f);
  g_clear_pointer (&expect, g_free);
  /* the KPM paid twice counts once */
  expect = g_strdup_printf (_("%u of %u"), village.master_paid + village.desk_paid[0] + village.desk_paid[1] - 1, N_KPM);
  g_assert_cmpstr (label_of (f->page, "paid-value"), ==, expect);
  conflicts = salur (f, 0, "conflicts");
  g_assert_cmpstr (label_of (f->page, "conflicts-value"), ==, "1");
  g_assert_nonnull (strstr (conflicts, "1 conflict."));
  g_assert_cmpstr (label_of (f->page, "complaints-value"), ==, "3");
  g_assert_cmpstr (label_of (f->page, "absent-value"), ==, "1");
  {
    g_autoptr(SalurVillage) v = salur_store_get_village (f->store, &error);
    g_autofree char *amount = salur_rupiah_format (v->amount * (village.master_paid + village.desk_paid[0]
                                                                + village.desk_paid[1] - 1));

    g_assert_cmpstr (label_of (f->page, "amount-value"), ==, amount);
  }

  /* one bar per dusun, and their sum is the village's */
  dusun = salur_store_list_dusun (f->store, &error);
  g_assert_no_error (error);
  levels = find_all (f->page, GTK_TYPE_LEVEL_BAR, "dusun-level");
  g_assert_cmpuint (levels->len, ==, dusun->len);
  for (guint i = 0; i < levels->len; i++)
    sum += gtk_level_bar_get_value (levels->pdata[i]);
  g_assert_cmpfloat (sum, ==, village.master_paid + village.desk_paid[0] + village.desk_paid[1] - 1);

  gtk_widget_activate_action (f->page, "dashboard.refresh", NULL);
  wait_idle (f);
  screenshot (f, "dashboard.png");
}

static void
sign_in (Fixture    *f,
         const char *name,
         const char *pin)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (salur_session_sign_in (f->session, name, pin, &error));
  g_assert_no_error (error);
}

static guint
n_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

static void
select_string (AdwComboRow *row,
               const char  *text)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) s = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (s), text))
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_error ("no “%s” to choose", text);
}

static void
set_text (gpointer    page,
          const char *name,
          const char *text)
{
  g_autoptr(GPtrArray) all = find_all (page, GTK_TYPE_WIDGET, name);

  g_assert_cmpuint (all->len, >=, 1);
  gtk_editable_set_text (GTK_EDITABLE (all->pdata[0]), text);
}

static const char *
message_of (Fixture *f)
{
  GtkLabel *label = find_named (f->page, GTK_TYPE_LABEL, "message");
  GtkWidget *revealer = gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_REVEALER);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)) ? gtk_label_get_label (label) : "";
}

static gboolean
message_is_error (Fixture *f)
{
  return gtk_widget_has_css_class (find_named (f->page, GTK_TYPE_LABEL, "message"), "error");
}

static void
write_package (Fixture    *f,
               const char *path,
               gboolean    want_started)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_cmpint (salur_devices_page_write_package (SALUR_DEVICES_PAGE (f->page), file), ==, want_started);
  wait_idle (f);
}

static gboolean
form_hidden (gpointer page)
{
  g_autoptr(GPtrArray) revealers = find_all (page, GTK_TYPE_REVEALER, NULL);

  for (guint i = 0; i < revealers->len; i++)
    if (gtk_revealer_get_child_revealed (revealers->pdata[i])
        && gtk_widget_is_ancestor (find_named (page, GTK_TYPE_WIDGET, "package-passphrase"), revealers->pdata[i]))
      return FALSE;
  return TRUE;
}

static void
test_devices (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *desk_pkg = g_build_filename (f->dir, "meja-ngasem.pkg", NULL);
  g_autofree char *field_pkg = g_build_filename (f->dir, "lapangan-budi.pkg", NULL);
  g_autofree char *before = NULL, *after = NULL;
  GtkWidget *list;

  fixture_show (f, salur_devices_page_new);
  list = find_named (f->page, GTK_TYPE_LIST_BOX, "device-list");
  before = salur (f, 0, "devices");
  /* the master and its two desks, one row each, the desks' bundles not merged yet */
  g_assert_cmpuint (n_children (list), ==, 3);
  g_assert_cmpuint (count_lines_with (before, "\n"), ==, 3);

  /* a desk package for Ngasem: nobody signed in, so a sign-in is asked and
   * nothing is written */
  gtk_widget_activate_action (f->page, "devices.new-desk", NULL);
  select_string (find_named (f->page, ADW_TYPE_COMBO_ROW, "package-dusun"), "Ngasem");
  /* the village has its passphrase: it is asked once */
  g_assert_false (gtk_widget_get_visible (find_named (f->page, GTK_TYPE_WIDGET, "package-confirm")));
  set_text (f->page, "package-passphrase", "rahasia desa 2027");
  write_package (f, desk_pkg, FALSE);
  g_assert_cmpuint (f->sign_ins, ==, 1);
  g_assert_false (g_file_test (desk_pkg, G_FILE_TEST_EXISTS));

  /* the wrong passphrase: the core's refusal, no file */
  sign_in (f, "sri", "1111");
  write_package (f, desk_pkg, TRUE);
  g_assert_true (message_is_error (f));
  g_assert_false (g_file_test (desk_pkg, G_FILE_TEST_EXISTS));

  set_text (f->page, "package-passphrase", PASSPHRASE);
  write_package (f, desk_pkg, TRUE);
  g_assert_false (message_is_error (f));
  g_assert_nonnull (strstr (message_of (f), desk_pkg));
  g_assert_true (g_file_test (desk_pkg, G_FILE_TEST_IS_REGULAR));
  after = salur (f, 0, "devices");
  g_assert_nonnull (strstr (after, "Ngasem"));
  g_assert_cmpuint (n_children (list), ==, 4);

  /* a field package: budi carries two KPM found by searching, and cash */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) ngasem = salur_store_list_kpm (f->store, "Ngasem", &error);
    GtkListBox *kpm_list;
    g_autofree char *field_db = g_build_filename (f->dir, "field.db", NULL);
    g_autoptr(SalurStore) field = NULL;
    SalurFieldSummary summary;

    gtk_widget_activate_action (f->page, "devices.new-field", NULL);
    select_string (find_named (f->page, ADW_TYPE_COMBO_ROW, "package-officer"), "budi");
    set_text (f->page, "package-cash", "Rp 600.000");
    set_text (f->page, "package-passphrase", PASSPHRASE);
    /* nobody chosen yet: said, nothing written */
    write_package (f, field_pkg, FALSE);
    g_assert_true (message_is_error (f));
    kpm_list = find_named (f->page, GTK_TYPE_LIST_BOX, "kpm-list");
    for (guint i = 0; i < 2; i++)
      {
        const SalurKpm *k = g_ptr_array_index (ngasem, i);
        g_autoptr(GPtrArray) checks = NULL;

        /* the search runs as the entry says it changed; a NIK finds one KPM */
        set_text (f->page, "kpm-search", k->nik);
        g_signal_emit_by_name (find_named (f->page, GTK_TYPE_SEARCH_ENTRY, "kpm-search"), "search-changed");
        checks = find_all (kpm_list, GTK_TYPE_CHECK_BUTTON, NULL);
        g_assert_cmpuint (checks->len, ==, 1);
        g_assert_nonnull (strstr (gtk_check_button_get_label (checks->pdata[0]), k->name));
        gtk_check_button_set_active (checks->pdata[0], TRUE);
      }
    {
      g_autofree char *two = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u KPM chosen", "%u KPM chosen", 2), 2);
      g_assert_cmpstr (label_of (f->page, "kpm-count"), ==, two);
    }
    /* with nothing searched the chosen ones come first */
    set_text (f->page, "kpm-search", "");
    g_signal_emit_by_name (find_named (f->page, GTK_TYPE_SEARCH_ENTRY, "kpm-search"), "search-changed");
    screenshot (f, "devices.png");
    write_package (f, field_pkg, TRUE);
    g_test_message ("%s", message_of (f));
    g_assert_false (message_is_error (f));
    g_clear_pointer (&after, g_free);
    after = salur (f, 0, "devices");
    g_assert_nonnull (strstr (after, "budi"));
    g_assert_cmpuint (n_children (list), ==, 5);
    /* the village's laptops: the master, three desks, budi's field laptop,
     * the form put away */
    gtk_widget_activate_action (f->page, "devices.cancel", NULL);
    g_assert_true (wait_for (form_hidden, f->page));
    screenshot (f, "perangkat.png");

    /* the package sets up the field laptop with what the form said */
    field = salur_sync_join (field_db, field_pkg, PASSPHRASE, &error);
    g_assert_no_error (error);
    g_assert_true (salur_sync_field_summary (field, &summary, &error));
    g_assert_cmpint (summary.cash_out, ==, 600000);
    g_assert_cmpuint (summary.assigned, ==, 2);
    g_assert_cmpstr (summary.assignee, ==, "budi");
    g_free (summary.assignee);
  }
}

/* The village's first package: its passphrase is typed twice */
static void
test_devices_first_package (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *pkg = g_build_filename (f->dir, "meja-krajan.pkg", NULL);
  g_autofree char *out = NULL;

  fixture_show (f, salur_devices_page_new);
  sign_in (f, "sri", "1111");
  gtk_widget_activate_action (f->page, "devices.new-desk", NULL);
  g_assert_true (gtk_widget_get_visible (find_named (f->page, GTK_TYPE_WIDGET, "package-confirm")));
  select_string (find_named (f->page, ADW_TYPE_COMBO_ROW, "package-dusun"), "Krajan");
  set_text (f->page, "package-passphrase", PASSPHRASE);
  set_text (f->page, "package-confirm", "rahasia desa 2062");
  write_package (f, pkg, FALSE);
  g_assert_true (message_is_error (f));
  g_assert_false (g_file_test (pkg, G_FILE_TEST_EXISTS));
  /* too short: the core's rule */
  set_text (f->page, "package-passphrase", "rahasia");
  set_text (f->page, "package-confirm", "rahasia");
  write_package (f, pkg, TRUE);
  g_assert_true (message_is_error (f));
  g_assert_false (g_file_test (pkg, G_FILE_TEST_EXISTS));
  set_text (f->page, "package-passphrase", PASSPHRASE);
  set_text (f->page, "package-confirm", PASSPHRASE);
  write_package (f, pkg, TRUE);
  g_assert_false (message_is_error (f));
  g_assert_true (g_file_test (pkg, G_FILE_TEST_IS_REGULAR));
  out = salur (f, 0, "devices");
  {
    g_autofree char *name = g_strdup_printf (_("Desk %s"), "Krajan");
    g_assert_nonnull (strstr (out, name));
  }
  /* from now on the passphrase is asked once */
  gtk_widget_activate_action (f->page, "devices.new-desk", NULL);
  g_assert_false (gtk_widget_get_visible (find_named (f->page, GTK_TYPE_WIDGET, "package-confirm")));
}

static guint
n_named (gpointer root, GType type, const char *name)
{
  g_autoptr(GPtrArray) all = find_all (root, type, name);

  return all->len;
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GFile) usb = g_file_new_for_path (village.usb);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  SalurConflict *c;

  fixture_show (f, salur_merge_page_new);
  g_assert_cmpuint (n_named (f->page, GTK_TYPE_BOX, "conflict"), ==, 0);

  /* the whole stick: its two bundles, not the note beside them */
  g_assert_true (salur_merge_page_merge_folder (SALUR_MERGE_PAGE (f->page), usb));
  wait_idle (f);
  g_assert_cmpuint (n_named (f->page, ADW_TYPE_ACTION_ROW, "merged"), ==, 2);
  g_assert_cmpuint (n_named (f->page, ADW_TYPE_ACTION_ROW, "refused"), ==, 0);
  g_assert_false (message_is_error (f));
  {
    /* every event of both bundles was new: as many as the desks' last numbers */
    g_autoptr(GPtrArray) devices = salur_sync_devices (f->store, &error);
    guint events = 0;
    g_autofree char *merged = NULL;

    for (guint i = 0; i < devices->len; i++)
      events += ((SalurDevice *) devices->pdata[i])->last_bundle_seq;
    merged = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u bundle merged, %u new events.",
                                           "%u bundles merged, %u new events.", 2), 2, events);
    g_autofree char *one = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new conflict.", "%u new conflicts.", 1), 1);

    g_autofree char *whole = g_strconcat (merged, " ", one, NULL);

    g_assert_cmpstr (message_of (f), ==, whole);
  }
  out = salur (f, 0, "conflicts");
  g_assert_nonnull (strstr (out, "1 conflict."));
  /* both sides of the one conflict, side by side */
  g_assert_cmpuint (n_named (f->page, GTK_TYPE_BOX, "conflict"), ==, 1);
  conflicts = salur_sync_conflicts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  c = conflicts->pdata[0];
  g_assert_cmpstr (c->kpm_id, ==, village.conflict_kpm);
  g_assert_cmpuint (c->payments->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (n_named (f->page, GTK_TYPE_BUTTON, ((SalurPayment *) c->payments->pdata[i])->receipt), ==, 1);
  /* desk 1's side was signed on the pad: its signature is drawn */
  g_assert_cmpuint (n_named (f->page, GTK_TYPE_DRAWING_AREA, NULL), >=, 1);

  /* the same bundles again, and a truncated copy: nothing new, one refused */
  {
    g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
    g_autofree char *cut = g_build_filename (f->dir, "desk1-cut.bundle", NULL);
    g_autofree char *bytes = NULL;
    g_autoptr(GFile) a = g_file_new_for_path (village.bundles[0]);
    g_autoptr(GFile) b = g_file_new_for_path (village.bundles[1]);
    g_autoptr(GFile) x = g_file_new_for_path (cut);
    gsize len;

    g_assert_true (g_file_get_contents (village.bundles[0], &bytes, &len, &error));
    g_assert_true (g_file_set_contents (cut, bytes, len / 2, &error));
    g_list_store_append (files, a);
    g_list_store_append (files, x);
    g_list_store_append (files, b);
    g_assert_true (salur_merge_page_merge_files (SALUR_MERGE_PAGE (f->page), G_LIST_MODEL (files)));
    wait_idle (f);
    g_assert_cmpuint (n_named (f->page, ADW_TYPE_ACTION_ROW, "merged"), ==, 2);
    g_assert_cmpuint (n_named (f->page, ADW_TYPE_ACTION_ROW, "refused"), ==, 1);
    g_assert_true (message_is_error (f));
    {
      g_autofree char *none = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u bundle merged, %u new events.",
                                                            "%u bundles merged, %u new events.", 2), 2, 0);
      g_assert_true (g_str_has_prefix (message_of (f), none));
    }
  }
  g_clear_pointer (&out, g_free);
  out = salur (f, 0, "conflicts");
  g_assert_nonnull (strstr (out, "1 conflict."));
  screenshot (f, "merge.png");

  /* voiding: desk 2's side (the proxy) */
  {
    SalurPayment *side = c->payments->pdata[1];
    g_autofree char *reason_name = g_strdup_printf ("void-reason-%s", side->receipt);
    GtkWidget *button = find_named (f->page, GTK_TYPE_BUTTON, side->receipt);

    /* nobody signed in: a sign-in is asked */
    set_text (f->page, reason_name, "dibayar dua kali, uang dikembalikan");
    g_signal_emit_by_name (button, "clicked");
    g_assert_cmpuint (f->sign_ins, ==, 1);
    /* a kepala dusun may not void: the core says so */
    sign_in (f, "joko", "2222");
    g_signal_emit_by_name (button, "clicked");
    g_assert_true (message_is_error (f));
    g_clear_pointer (&out, g_free);
    out = salur (f, 0, "conflicts");
    g_assert_nonnull (strstr (out, "1 conflict."));
    /* the bendahara, without a reason: asked for one */
    sign_in (f, "sri", "1111");
    set_text (f->page, reason_name, "  ");
    g_signal_emit_by_name (button, "clicked");
    g_assert_true (message_is_error (f));
    g_clear_pointer (&out, g_free);
    out = salur (f, 0, "conflicts");
    g_assert_nonnull (strstr (out, "1 conflict."));
    /* with one: the "write why" goes as it is typed; voided, and the conflict is gone */
    set_text (f->page, reason_name, "dibayar dua kali, uang dikembalikan");
    g_assert_cmpstr (message_of (f), ==, "");
    screenshot (f, "ganda.png");
    g_signal_emit_by_name (button, "clicked");
    g_assert_false (message_is_error (f));
    screenshot (f, "ganda-selesai.png");
    g_clear_pointer (&out, g_free);
    out = salur (f, 0, "conflicts");
    g_assert_nonnull (strstr (out, "0 conflicts."));
    g_assert_cmpuint (n_named (f->page, GTK_TYPE_BOX, "conflict"), ==, 0);
    g_clear_pointer (&out, g_free);
    {
      g_autofree char *args = g_strdup_printf ("receipt %s --out '%s/kuitansi.pdf'", side->receipt, f->dir);
      out = salur (f, 0, args);
    }
    g_assert_nonnull (strstr (out, "dibayar dua kali"));
    g_clear_pointer (&out, g_free);
    out = salur (f, 0, "verify");
  }
}

static char *
run_tool (const char *cmd)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  if (!g_spawn_command_line_sync (cmd, &out, NULL, &status, &error))
    g_error ("%s: %s", cmd, error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *cmd = g_strdup_printf ("pdfinfo '%s'", path);
  g_autofree char *info = run_tool (cmd);
  const char *line = strstr (info, "Pages:");

  g_assert_nonnull (line);
  return (guint) atoi (line + strlen ("Pages:"));
}

static char *
pdf_text (const char *path)
{
  g_autofree char *cmd = g_strdup_printf ("pdftotext -layout '%s' -", path);

  return run_tool (cmd);
}

static void
export_report (Fixture        *f,
               SalurReportOut  what,
               const char     *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (salur_reports_page_export (SALUR_REPORTS_PAGE (f->page), what, file));
  wait_idle (f);
  g_assert_false (message_is_error (f));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_reports (Fixture       *f,
              gconstpointer  data)
{
  SalurReportsPage *page;
  g_autofree char *pdf = g_build_filename (f->dir, "laporan.pdf", NULL);
  g_autofree char *printed = g_build_filename (f->dir, "dicetak.pdf", NULL);
  g_autofree char *xlsx = g_build_filename (f->dir, "laporan.xlsx", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "laporan.csv", NULL);
  g_autofree char *pub = g_build_filename (f->dir, "daftar.pdf", NULL);
  g_autofree char *text = NULL, *out = NULL, *cmd = NULL, *expect = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  merge_all (f);
  fixture_show (f, salur_reports_page_new);
  page = SALUR_REPORTS_PAGE (f->page);
  g_assert_true (salur_reports_page_set_months (page, MONTH_TEXT));
  wait_idle (f);
  n = salur_reports_page_get_n_pages (page);
  g_assert_cmpuint (n, >=, 2);
  expect = g_strdup_printf (_("Page %u of %u"), 1, n);
  g_assert_cmpstr (label_of (f->page, "page-label"), ==, expect);
  /* through the pages and back */
  gtk_widget_activate_action (f->page, "reports.next", NULL);
  g_assert_cmpuint (salur_reports_page_get_page (page), ==, 1);
  gtk_widget_activate_action (f->page, "reports.previous", NULL);
  gtk_widget_activate_action (f->page, "reports.previous", NULL);
  g_assert_cmpuint (salur_reports_page_get_page (page), ==, 0);
  screenshot (f, "reports.png");

  /* the PDF has the pages the window shows, and its seal checks */
  export_report (f, SALUR_REPORT_OUT_PDF, pdf);
  g_assert_cmpuint (pdf_pages (pdf), ==, n);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "LAPORAN REALISASI PENYALURAN BLT DANA DESA"));
  g_assert_nonnull (strstr (text, "Pengaduan belum selesai: 3"));
  g_clear_pointer (&text, g_free);
  cmd = g_strdup_printf ("verify-report '%s'", pdf);
  out = salur (f, 0, cmd);
  g_assert_nonnull (strstr (out, "matches the record"));

  /* the record changes while a PDF is being written: the report is built
   * again once it is done */
  {
    g_autoptr(SalurOperator) sri = login (f->store, "sri", "1111");
    g_autofree char *other = g_build_filename (f->dir, "lagi.pdf", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (other);

    g_assert_true (salur_reports_page_export (page, SALUR_REPORT_OUT_PDF, file));
    complain (f->store, sri, NULL, SALUR_COMPLAINT_OTHER, "SUKIRAH", "Antrean terlalu lama.", "Balai desa");
    salur_session_changed (f->session);
    wait_idle (f);
    export_report (f, SALUR_REPORT_OUT_PDF, other);
    text = pdf_text (other);
    g_assert_nonnull (strstr (text, "Pengaduan belum selesai: 4"));
    g_clear_pointer (&text, g_free);
  }

  /* printed (to a file, as the print dialog can): the same pages */
  {
    g_autoptr(GFile) file = g_file_new_for_path (printed);
    g_assert_true (salur_reports_page_print_to_file (page, file, &error));
  }
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (printed), ==, n);
  text = pdf_text (printed);
  g_assert_nonnull (strstr (text, "Halaman 1 dari"));
  g_clear_pointer (&text, g_free);

  /* the spreadsheets and the public list */
  export_report (f, SALUR_REPORT_OUT_XLSX, xlsx);
  export_report (f, SALUR_REPORT_OUT_CSV, csv);
  g_assert_true (g_file_get_contents (csv, &text, NULL, &error));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBFNO;NIK;NAMA KEPALA KELUARGA;"));
  g_assert_cmpuint (count_lines_with (text, "\r\n"), ==, N_KPM + 1);
  g_clear_pointer (&text, g_free);
  export_report (f, SALUR_REPORT_OUT_PUBLIC_LIST, pub);
  text = pdf_text (pub);
  g_assert_nonnull (strstr (text, "9901********"));

  /* masking NIK builds the report again, masked */
  gtk_check_button_set_active (find_named (f->page, GTK_TYPE_CHECK_BUTTON, NULL), TRUE);
  wait_idle (f);
  export_report (f, SALUR_REPORT_OUT_PDF, pdf);
  g_clear_pointer (&text, g_free);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "NIK disamarkan"));
}

static guint
open_complaints_by_cli (Fixture *f)
{
  g_autofree char *csv = salur (f, 0, "complaints --open --format csv");

  return count_lines_with (csv, "\n") - 1;
}

static void
test_complaints (Fixture       *f,
                 gconstpointer  data)
{
  SalurComplaintsPage *page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  const SalurComplaint *warsini = NULL;
  GtkDropDown *filter;
  g_autofree char *csv = NULL;

  merge_all (f);
  all = salur_complaint_list (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  for (guint i = 0; i < all->len; i++)
    if (g_str_equal (((SalurComplaint *) all->pdata[i])->complainant, "WARSINI"))
      warsini = all->pdata[i];
  g_assert_nonnull (warsini);

  fixture_show (f, salur_complaints_page_new);
  page = SALUR_COMPLAINTS_PAGE (f->page);
  filter = find_named (f->page, GTK_TYPE_DROP_DOWN, "complaint-filter");
  /* every complaint from every laptop, none resolved yet */
  g_assert_cmpuint (salur_complaints_page_get_n_shown (page), ==, 3);
  g_assert_cmpuint (open_complaints_by_cli (f), ==, 3);

  g_assert_true (salur_complaints_page_select (page, warsini->slip));
  g_assert_cmpstr (label_of (f->page, "complaint-slip"), ==, warsini->slip);

  /* nobody signed in: a sign-in is asked, nothing recorded */
  set_text (f->page, "complaint-answer", "Sedang diperiksa dengan kepala dusun.");
  gtk_widget_activate_action (f->page, "complaints.answer", NULL);
  g_assert_cmpuint (f->sign_ins, ==, 1);
  csv = salur (f, 0, "complaints --format csv");
  g_assert_cmpuint (count_lines_with (csv, "\"answered\""), ==, 0);

  /* an empty answer: the core asks for one */
  sign_in (f, "sri", "1111");
  set_text (f->page, "complaint-answer", " ");
  gtk_widget_activate_action (f->page, "complaints.answer", NULL);
  g_assert_true (message_is_error (f));

  set_text (f->page, "complaint-answer", "Sedang diperiksa dengan kepala dusun.");
  gtk_widget_activate_action (f->page, "complaints.answer", NULL);
  g_assert_false (message_is_error (f));
  g_clear_pointer (&csv, g_free);
  csv = salur (f, 0, "complaints --format csv");
  g_assert_cmpuint (count_lines_with (csv, "\"answered\""), ==, 1);
  /* answered is not settled: still counted open */
  g_assert_cmpuint (open_complaints_by_cli (f), ==, 3);
  screenshot (f, "complaints.png");
  gtk_drop_down_set_selected (filter, 2);   /* answered */
  g_assert_cmpuint (salur_complaints_page_get_n_shown (page), ==, 1);
  g_assert_cmpstr (label_of (f->page, "complaint-slip"), ==, warsini->slip);

  set_text (f->page, "complaint-answer", "Kekurangan Rp50.000 dibayarkan, disaksikan kepala dusun.");
  gtk_widget_activate_action (f->page, "complaints.resolve", NULL);
  g_assert_false (message_is_error (f));
  g_assert_cmpuint (open_complaints_by_cli (f), ==, 2);
  g_assert_cmpuint (salur_complaints_page_get_n_shown (page), ==, 0);
  gtk_drop_down_set_selected (filter, 3);   /* resolved */
  g_assert_cmpuint (salur_complaints_page_get_n_shown (page), ==, 1);
  g_assert_true (salur_complaints_page_select (page, warsini->slip));
  /* both answers are shown, the second the resolution */
  {
    g_autoptr(GPtrArray) labels = find_all (f->page, GTK_TYPE_LABEL, NULL);
    g_autofree char *second = g_strdup_printf (_("Answer %u"), 2);
    gboolean found_second = FALSE, found_text = FALSE;

    for (guint i = 0; i < labels->len; i++)
      {
        const char *text = gtk_label_get_label (labels->pdata[i]);

        found_second |= g_str_equal (text, second);
        found_text |= g_str_has_prefix (text, "Kekurangan Rp50.000 dibayarkan");
      }
    g_assert_true (found_second);
    g_assert_true (found_text);
  }
  /* a resolved complaint takes no more answers */
  g_assert_false (gtk_widget_is_visible (find_named (f->page, GTK_TYPE_WIDGET, "complaint-answer")));
  gtk_drop_down_set_selected (filter, 0);   /* not resolved */
  g_assert_cmpuint (salur_complaints_page_get_n_shown (page), ==, 2);
  gtk_drop_down_set_selected (filter, 4);   /* all */
  g_assert_cmpuint (salur_complaints_page_get_n_shown (page), ==, 3);
}

/* With cards printed, the dashboard opens on their round */
static void
test_dashboard_round (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurOperator) sri = login (f->store, "sri", "1111");
  g_autoptr(GArray) round = salur_month_parse_list ("2026-10,2026-11,2026-12", NULL);
  g_autoptr(GPtrArray) cards = salur_cards_issue (f->store, sri, round, "Krajan", NULL, NULL, &error);
  g_autofree char *label = salur_card_months_label (round);
  GtkDropDown *months;
  g_autoptr(GtkStringObject) shown = NULL;
  g_autofree char *expect = NULL;

  g_assert_no_error (error);
  fixture_show (f, salur_dashboard_page_new);
  months = find_named (f->page, GTK_TYPE_DROP_DOWN, NULL);
  shown = g_object_ref (gtk_drop_down_get_selected_item (months));
  g_assert_cmpstr (gtk_string_object_get_string (shown), ==, label);
  /* and its figures are the round's: every KPM is due three months */
  {
    g_autoptr(SalurVillage) v = salur_store_get_village (f->store, &error);
    g_autofree char *planned = salur_rupiah_format (v->amount * 3 * N_KPM);
    g_autofree char *caption = g_strdup_printf (_("paid of %s planned"), planned);
    GtkLabel *amount = find_named (f->page, GTK_TYPE_LABEL, "amount-value");
    GtkWidget *second = gtk_widget_get_next_sibling (GTK_WIDGET (amount));

    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (second)), ==, caption);
  }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  /* payments are counted in the hour they were recorded, local time: the
   * tests run in a time zone where it is now working hours, as a hall is
   * open, whatever the hour of the machine */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    int offset = (12 - g_date_time_get_hour (now) + 24) % 24;

    if (offset > 12)
      offset -= 24;
    g_autofree char *tz = offset == 0 ? g_strdup ("UTC0") : g_strdup_printf ("SALUR%+d", -offset);

    g_setenv ("TZ", tz, TRUE);
  }
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* the application's style sheet, as the shell loads it */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/id/desa/Salur/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  village_prepare ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/pages/dashboard", test_dashboard);
  ADD ("/pages/dashboard/round", test_dashboard_round);
  ADD ("/pages/devices", test_devices);
  ADD ("/pages/merge", test_merge);
  ADD ("/pages/reports", test_reports);
  ADD ("/pages/complaints", test_complaints);
  g_test_add ("/pages/devices/first-package", Fixture, GINT_TO_POINTER (1), fixture_setup,
              test_devices_first_package, fixture_teardown);
#undef ADD

  ret = g_test_run ();
  remove_tree (village.dir);
  return ret;
}
