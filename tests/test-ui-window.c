/* test-ui-window.c: the application window against the real hub, under Xvfb
 *
 * A CpisApplication (registered, not run) with its hub set to an in-process
 * hub, and a CpisWindow: sign in as a clinician (the clinician view shows),
 * lock (the session store empties, the sign-in page asks for the password
 * with the user name kept), sign out, the other roles' own views, re-authentication after the hub ended the session (and closing or
 * quitting while it asks), and the window size kept in the settings.
 */
#include <string.h>

#include <adwaita.h>

#include "cpis-application.h"
#include "cpis-check-result.h"
#include "cpis-clinician-strings-private.h"
#include "cpis-clinician-view-private.h"
#include "cpis-credentials.h"
#include "cpis-hub-client-private.h"
#include "cpis-hub-seed.h"
#include "cpis-partnership-view.h"
#include "cpis-sign-in-page.h"
#include "cpis-test-hub.h"
#include "cpis-test-screensaver.h"
#include "cpis-social-worker-view-private.h"
#include "cpis-test-ui.h"
#include "cpis-window-private.h"
#include "cpis-window.h"

#define PASSWORD "correct horse battery"

/* Synthetic NHS numbers (999 range, valid check digit) */
#define CHILD_NONE "9991000011"
#define CHILD_WITH_PLAN "9990000018"

typedef struct
{
  CpisTestHub     *hub;
  GSettings       *settings;
  CpisApplication *app;
  CpisWindow      *window;
} Fixture;

/* The window a test starts with: its size, and the text size of the desktop
 * (as Settings ▸ Accessibility ▸ Large Text sets it, through the font DPI) */
typedef struct
{
  int    width;
  int    height;
  double text_scale;
} WindowSetUp;

static const WindowSetUp default_window = { 1000, 700, 1.0 };
static const WindowSetUp small_window = { 800, 600, 1.0 };
static const WindowSetUp small_window_large_text = { 800, 600, 1.5 };

/* GtkSettings:gtk-xft-dpi is in 1024ths of a dot per inch; 96 is 1× (and
 * what Xvfb has when nothing says otherwise) */
#define XFT_DPI_1X (96 * 1024)

/* Helpers */

static gpointer
window_child (Fixture    *fixture,
              const char *name)
{
  return cpis_test_ui_template_child (fixture->window, CPIS_TYPE_WINDOW, name);
}

static gpointer
page_child (Fixture    *fixture,
            const char *name)
{
  return cpis_test_ui_template_child (window_child (fixture, "sign_in_page"), CPIS_TYPE_SIGN_IN_PAGE, name);
}

static const char *
visible_page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (window_child (fixture, "stack"));
}

static gboolean
session_started (gpointer data)
{
  Fixture *fixture = data;

  return _cpis_window_get_session_store (fixture->window) != NULL;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context for @ms milliseconds, for what GTK defers to an idle
 * or the next frame (focus moves, finalisation) */
static void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag_cb, &done);
  cpis_test_ui_iterate_until (flag_set, &done);
}

static void
sign_in_through_page (Fixture    *fixture,
                      const char *username,
                      const char *password)
{
  gtk_editable_set_text (page_child (fixture, "username_row"), username);
  gtk_editable_set_text (page_child (fixture, "password_row"), password);
  g_signal_emit_by_name (page_child (fixture, "sign_in_button"), "clicked");
  cpis_test_ui_iterate_until (session_started, fixture);
}

/* One hub and one application for the whole program: an application stays
 * exported on the session bus until it is finalised, and its hub is chosen
 * once, at start-up */
static CpisTestHub *the_hub;
static CpisApplication *the_app;
/* the desktop's session manager and screen saver, which the application
 * registers with as it starts */
static CpisTestScreensaver *the_screensaver;

static void
start_hub_and_application (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;

  the_hub = cpis_test_hub_new ();
  cpis_test_hub_add_org (the_hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (the_hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (the_hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_user (the_hub, "sw", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (the_hub, "officer", PASSWORD, "partnership-officer", "LA1");
  /* a practice with an out-of-hours service: care settings of both kinds */
  cpis_test_hub_add_org (the_hub, "GP1", "Riverside Surgery", "scheduled-care", "North");
  cpis_test_hub_give_both_care_settings (the_hub, "GP1");
  cpis_test_hub_add_user (the_hub, "gp", PASSWORD, "clinician", "GP1");
  cpis_test_hub_add_plan (the_hub, CHILD_WITH_PLAN, "CPP", "2024-01-15", NULL, NULL, "LA1");

  /* A configured hub: the application starts no demo hub */
  g_settings_set_string (settings, "hub-url", cpis_test_hub_get_base_url (the_hub));

  the_screensaver = cpis_test_screensaver_new ();
  the_app = cpis_application_new ();
  g_application_set_flags (G_APPLICATION (the_app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (the_app), NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const WindowSetUp *set_up = data != NULL ? data : &default_window;

  fixture->hub = the_hub;
  fixture->app = the_app;

  if (set_up->text_scale != 1.0)
    {
      GtkSettings *gtk_settings = gtk_settings_get_default ();
      int dpi = 0;

      g_object_get (gtk_settings, "gtk-xft-dpi", &dpi, NULL);
      if (dpi <= 0)
        dpi = XFT_DPI_1X;
      g_object_set (gtk_settings, "gtk-xft-dpi", (int) (dpi * set_up->text_scale), NULL);
    }

  fixture->settings = g_settings_new (APPLICATION_ID);
  g_settings_reset (fixture->settings, "username");
  g_settings_reset (fixture->settings, "idle-lock-minutes");
  g_settings_reset (fixture->settings, "scanner-ends-with-tab");
  g_settings_set_int (fixture->settings, "window-width", set_up->width);
  g_settings_set_int (fixture->settings, "window-height", set_up->height);

  fixture->window = cpis_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* NULL when the test has closed the window itself */
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->settings);
  gtk_settings_reset_property (gtk_settings_get_default (), "gtk-xft-dpi");
}

static CpisCheckResult *
no_record_result (void)
{
  g_autoptr(GPtrArray) plans = g_ptr_array_new ();
  g_autoptr(GPtrArray) history = g_ptr_array_new ();

  return cpis_check_result_new (CHILD_NONE, CPIS_CHECK_OUTCOME_NO_RECORD, plans, history,
                                CPIS_CARE_SETTING_UNSCHEDULED, NULL, NULL);
}

/* Tests */

/* F1's page for the view shown: one the help has (help/C/PAGE.page) */
static void
assert_help_page (Fixture    *fixture,
                  const char *expected)
{
  const char *page = _cpis_window_get_help_page (fixture->window);
  g_autofree char *name = g_strconcat (page, ".page", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "help", "C", name, NULL);
  g_autofree char *text = NULL;
  g_autofree char *id = g_strdup_printf ("id=\"%s\"", page);

  g_assert_cmpstr (page, ==, expected);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, id));
}

static void
test_window_clinician_lock_sign_out (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(CpisSessionStore) store = NULL;
  g_autoptr(CpisCheckResult) result = no_record_result ();
  AdwWindowTitle *title = window_child (fixture, "window_title");
  GtkLabel *notice;
  int width, height;

  /* The hub from the settings is offered; no demo accounts */
  g_assert_cmpstr (visible_page (fixture), ==, "sign-in");
  g_assert_cmpstr (gtk_editable_get_text (page_child (fixture, "hub_row")), ==,
                   cpis_test_hub_get_base_url (fixture->hub));
  g_assert_false (gtk_widget_get_visible (page_child (fixture, "demo_group")));
  g_assert_false (gtk_widget_get_visible (window_child (fixture, "account_button")));
  gtk_window_get_default_size (GTK_WINDOW (fixture->window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);

  sign_in_through_page (fixture, "nurse", PASSWORD);

  /* The clinician's view, and who is signed in, in the header; the pages not
   * on screen are hidden from screen readers; F1 opens the clinician's help */
  g_assert_cmpstr (visible_page (fixture), ==, "clinician");
  assert_help_page (fixture, "check-a-child");
  gtk_test_accessible_assert_state (window_child (fixture, "sign_in_page"),
                                    GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);
  gtk_test_accessible_assert_state (window_child (fixture, "clinician_view"),
                                    GTK_ACCESSIBLE_STATE_HIDDEN, FALSE);
  g_assert_true (gtk_widget_get_visible (window_child (fixture, "account_button")));
  gtk_test_accessible_assert_property (window_child (fixture, "account_button"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Account menu");
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), "Test nurse"));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), "Northgate General ED"));

  /* The session holds a check */
  store = g_object_ref (_cpis_window_get_session_store (fixture->window));
  cpis_session_store_add (store, result);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_session_store_get_checks (store)), ==, 1);

  /* Lock: the store empties, the page asks for the password, the user name stays */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.lock", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (cpis_session_store_get_checks (store)), ==, 0);
  g_assert_null (_cpis_window_get_session_store (fixture->window));
  g_assert_cmpstr (visible_page (fixture), ==, "sign-in");
  gtk_test_accessible_assert_state (window_child (fixture, "sign_in_page"),
                                    GTK_ACCESSIBLE_STATE_HIDDEN, FALSE);
  gtk_test_accessible_assert_state (window_child (fixture, "clinician_view"),
                                    GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);
  g_assert_cmpstr (gtk_editable_get_text (page_child (fixture, "username_row")), ==, "nurse");
  g_assert_cmpstr (gtk_editable_get_text (page_child (fixture, "password_row")), ==, "");
  notice = page_child (fixture, "notice_label");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (notice)));
  g_assert_nonnull (strstr (gtk_label_get_text (notice), "session (nurse) is locked"));
  g_assert_false (gtk_widget_get_visible (window_child (fixture, "account_button")));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "");

  /* Signed in again: a fresh, empty store */
  sign_in_through_page (fixture, "nurse", PASSWORD);
  g_assert_cmpstr (visible_page (fixture), ==, "clinician");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (notice)));
  g_assert_true (_cpis_window_get_session_store (fixture->window) != store);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_session_store_get_checks (_cpis_window_get_session_store (fixture->window))),
                    ==, 0);

  /* Sign out: back to the sign-in page */
  cpis_session_store_add (_cpis_window_get_session_store (fixture->window), result);
  g_clear_object (&store);
  store = g_object_ref (_cpis_window_get_session_store (fixture->window));
  cpis_window_sign_out (fixture->window);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_session_store_get_checks (store)), ==, 0);
  g_assert_null (_cpis_window_get_session_store (fixture->window));
  g_assert_cmpstr (visible_page (fixture), ==, "sign-in");
  g_assert_cmpstr (gtk_editable_get_text (page_child (fixture, "password_row")), ==, "");

  /* The user name is remembered in the settings for next time */
  {
    g_autofree char *saved = g_settings_get_string (fixture->settings, "username");

    g_assert_cmpstr (saved, ==, "nurse");
  }
}

/* The actions of @model's items, sections and submenus included, in order,
 * separated by spaces */
static void
append_menu_actions (GMenuModel *model,
                     GString    *actions)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      const char *links[] = { G_MENU_LINK_SECTION, G_MENU_LINK_SUBMENU };
      g_autofree char *action = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        g_string_append_printf (actions, "%s%s", actions->len > 0 ? " " : "", action);

      for (guint j = 0; j < G_N_ELEMENTS (links); j++)
        {
          g_autoptr(GMenuModel) link = g_menu_model_get_item_link (model, i, links[j]);

          if (link != NULL)
            append_menu_actions (link, actions);
        }
    }
}

static char *
menu_actions (GtkMenuButton *button)
{
  GString *actions = g_string_new (NULL);

  append_menu_actions (gtk_menu_button_get_menu_model (button), actions);
  return g_string_free (actions, FALSE);
}

#define MAIN_MENU_ACTIONS "app.preferences win.show-help-overlay win.help app.about app.quit"
#define ACCOUNT_MENU_ACTIONS "win.lock win.sign-out"

/* The ☰ menu (the application's own items) is on screen whether or not
 * anyone is signed in; the account menu, there only while signed in, holds
 * the session's two actions and nothing else (GNOME HIG) */
static void
assert_menus (Fixture  *fixture,
              gboolean  signed_in)
{
  GtkMenuButton *main_menu = window_child (fixture, "main_menu_button");
  GtkMenuButton *account = window_child (fixture, "account_button");
  g_autofree char *main_actions = menu_actions (main_menu);
  g_autofree char *account_actions = menu_actions (account);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (main_menu)));
  g_assert_true (gtk_menu_button_get_primary (main_menu));
  g_assert_cmpstr (main_actions, ==, MAIN_MENU_ACTIONS);
  gtk_test_accessible_assert_property (main_menu, GTK_ACCESSIBLE_PROPERTY_LABEL, "Main menu");

  g_assert_cmpint (gtk_widget_get_mapped (GTK_WIDGET (account)), ==, signed_in);
  g_assert_cmpstr (account_actions, ==, ACCOUNT_MENU_ACTIONS);
  gtk_test_accessible_assert_property (account, GTK_ACCESSIBLE_PROPERTY_LABEL, "Account menu");
}

static void
test_window_menus (Fixture       *fixture,
                   gconstpointer  data)
{
  assert_menus (fixture, FALSE);

  sign_in_through_page (fixture, "nurse", PASSWORD);
  assert_menus (fixture, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.lock", NULL));
  assert_menus (fixture, FALSE);

  sign_in_through_page (fixture, "sw", PASSWORD);
  assert_menus (fixture, TRUE);
  cpis_window_sign_out (fixture->window);
  assert_menus (fixture, FALSE);
}

static gboolean
sign_in_page_settled (gpointer data)
{
  Fixture *fixture = data;
  GtkStack *stack = window_child (fixture, "stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "sign-in") == 0 &&
         !gtk_stack_get_transition_running (stack);
}

/* Asserts that @widget's whole box lies inside what @scroller shows */
static void
assert_inside_scrolled_view (GtkWidget *widget,
                             GtkWidget *scroller)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, scroller, &bounds));
  g_test_message ("%s at %.0f,%.0f %.0f×%.0f in a view of %d×%d",
                  G_OBJECT_TYPE_NAME (widget),
                  bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                  gtk_widget_get_width (scroller), gtk_widget_get_height (scroller));
  g_assert_cmpfloat (bounds.size.height, >, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (scroller));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (scroller));
}

/* The notice of a locked session, as the nurse sees it when the page opens:
 * its sentence, on screen without scrolling, readable by a screen reader,
 * and the password field focused to type into */
static void
assert_lock_notice_on_screen (Fixture    *fixture,
                              const char *expected)
{
  GtkWidget *notice = page_child (fixture, "notice_label");
  GtkWidget *scroller = page_child (fixture, "scroller");
  GtkWidget *password = page_child (fixture, "password_row");
  GtkWidget *focus;

  cpis_test_ui_iterate_until (sign_in_page_settled, fixture);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "window-locked");

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (notice)), ==, expected);
  g_assert_true (gtk_widget_is_drawable (notice));
  assert_inside_scrolled_view (notice, scroller);
  assert_inside_scrolled_view (scroller, GTK_WIDGET (fixture->window));

  /* In the accessibility tree: named by its sentence, and neither it nor a
   * container of it hidden */
  gtk_test_accessible_assert_role (notice, GTK_ACCESSIBLE_ROLE_STATUS);
  gtk_test_accessible_assert_property (notice, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  for (GtkWidget *w = notice; w != NULL; w = gtk_widget_get_parent (w))
    if (gtk_test_accessible_has_state (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_STATE_HIDDEN))
      gtk_test_accessible_assert_state (w, GTK_ACCESSIBLE_STATE_HIDDEN, FALSE);

  focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == password || gtk_widget_is_ancestor (focus, password));
  assert_inside_scrolled_view (password, scroller);
}

/* Whether @key with Ctrl+Shift is one of the window's shortcuts for @action */
static gboolean
has_shortcut (GtkWidget  *widget,
              guint       keyval,
              const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted =
    gtk_keyval_trigger_new (keyval, GDK_CONTROL_MASK | GDK_SHIFT_MASK);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *named = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted) &&
              GTK_IS_NAMED_ACTION (named) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (named)), action) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

/* The demo hub's five accounts, as the application offers them in demo
 * mode: a sign-in page longer than a small window */
static GPtrArray *
demo_accounts_new (void)
{
  const char *accounts[][3] = {
    { "nurse", "clinician", "Triage nurse, Northgate General Hospital ED (unscheduled care)" },
    { "gp", "clinician", "General practitioner, Northgate Surgery (scheduled care: silent reads)" },
    { "socialworker", "social-worker", "Social worker, Northgate Council (local authority)" },
    { "partnership", "partnership-officer", "Safeguarding partnership officer, North area (hosted by Northgate Council)" },
    { "admin", "administrator", "Hub administrator (user accounts and organisations)" },
  };
  GPtrArray *array = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_demo_account_free);

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      CpisRole role = CPIS_ROLE_UNKNOWN;

      g_assert_true (cpis_role_from_string (accounts[i][1], &role));
      g_ptr_array_add (array, cpis_demo_account_new (accounts[i][0], PASSWORD, role, accounts[i][2]));
    }

  return array;
}

static gboolean
window_locked (gpointer data)
{
  Fixture *fixture = data;

  return _cpis_window_get_client (fixture->window) == NULL &&
         g_strcmp0 (visible_page (fixture), "sign-in") == 0;
}

/* The lock notice is the first thing the nurse sees on the sign-in page,
 * however the page was left: here scrolled to the bottom (where the demo
 * accounts are) before signing in; locked by hand, then after idling */
static void
test_window_lock_notice (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) accounts = demo_accounts_new ();
  GtkAdjustment *vadjustment =
    gtk_scrolled_window_get_vadjustment (page_child (fixture, "scroller"));

  cpis_sign_in_page_set_demo_accounts (window_child (fixture, "sign_in_page"), accounts);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, 0);

  /* Ctrl+Shift+L is the action's shortcut */
  g_assert_true (has_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_L, "win.lock"));
  g_assert_true (has_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_l, "win.lock"));

  sign_in_through_page (fixture, "nurse", PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.lock", NULL));
  assert_lock_notice_on_screen (fixture,
                                "Test nurse's session (nurse) is locked. What it fetched has been "
                                "cleared. Enter your password to carry on.");

  g_settings_set_uint (fixture->settings, "idle-lock-minutes", 1);
  sign_in_through_page (fixture, "nurse", PASSWORD);
  _cpis_window_backdate_activity (fixture->window, 60);
  cpis_test_ui_iterate_until (window_locked, fixture);
  assert_lock_notice_on_screen (fixture,
                                "Test nurse's session (nurse) was locked after 1 minute without "
                                "activity. What it fetched has been cleared. Enter your password "
                                "to carry on.");

  g_settings_set_uint (fixture->settings, "idle-lock-minutes", 2);
  sign_in_through_page (fixture, "nurse", PASSWORD);
  _cpis_window_backdate_activity (fixture->window, 119);
  iterate_for (100);
  g_assert_nonnull (_cpis_window_get_client (fixture->window));
  _cpis_window_backdate_activity (fixture->window, 1);
  cpis_test_ui_iterate_until (window_locked, fixture);
  assert_lock_notice_on_screen (fixture,
                                "Test nurse's session (nurse) was locked after 2 minutes without "
                                "activity. What it fetched has been cleared. Enter your password "
                                "to carry on.");
}

static void
test_window_other_roles (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *focus;

  assert_help_page (fixture, "index");
  sign_in_through_page (fixture, "sw", PASSWORD);
  g_assert_cmpstr (visible_page (fixture), ==, "social-worker");
  assert_help_page (fixture, "notifications");
  /* the social worker's own view, following the window's session */
  g_assert_true (CPIS_IS_SOCIAL_WORKER_VIEW (window_child (fixture, "social_worker_view")));
  /* the window's search (Ctrl+L) goes to the inbox's search there */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.focus-search",
                                             NULL));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, cpis_test_ui_template_child (
                                                  window_child (fixture, "social_worker_view"), CPIS_TYPE_SOCIAL_WORKER_VIEW, "search_entry")));

  cpis_window_sign_out (fixture->window);
  g_assert_cmpstr (visible_page (fixture), ==, "sign-in");

  sign_in_through_page (fixture, "officer", PASSWORD);
  g_assert_cmpstr (visible_page (fixture), ==, "partnership");
  /* the officer's own view, not a placeholder */
  g_assert_true (gtk_widget_get_mapped (window_child (fixture, "partnership_view")));
  assert_help_page (fixture, "area-figures");

  cpis_window_lock (fixture->window);
  g_assert_cmpstr (visible_page (fixture), ==, "sign-in");
  g_assert_cmpstr (gtk_editable_get_text (page_child (fixture, "username_row")), ==, "officer");
}

static gboolean
figures_shown (gpointer data)
{
  Fixture *fixture = data;

  return cpis_partnership_view_get_report (window_child (fixture, "partnership_view")) != NULL;
}

/* A partnership officer's whole window — every view built, the clinician's
 * and the social worker's too — asks the hub for the area's figures only:
 * no child-level request leaves their client (hazard 29) */
static void
test_window_officer_asks_nothing_of_a_child (Fixture       *fixture,
                                             gconstpointer  data)
{
  g_auto(GStrv) requests = NULL;
  const char *allowed[] = {
    "POST /oauth2/token",
    "POST /oauth2/revoke",
    "GET /oauth2/userinfo",
    "GET /cpis/FHIR/R4/metadata",
    "GET /cpis/FHIR/R4/Measure/area-figures/$evaluate-measure",
  };
  guint figures = 0;

  cpis_test_hub_record_requests (the_hub);
  sign_in_through_page (fixture, "officer", PASSWORD);
  cpis_test_ui_iterate_until (figures_shown, fixture);
  /* a view that would ask anything of its own has had its chance */
  iterate_for (300);
  cpis_window_sign_out (fixture->window);
  iterate_for (100);

  requests = cpis_test_hub_take_requests (the_hub);
  for (guint i = 0; requests[i] != NULL; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (allowed); j++)
        known = known || g_str_equal (requests[i], allowed[j]);
      if (!known)
        g_error ("a partnership officer's client asked: %s", requests[i]);
      figures += g_str_has_suffix (requests[i], "$evaluate-measure");
    }
  g_assert_cmpuint (figures, >=, 1);
}

static AdwMessageDialog *
find_dialog (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          gtk_widget_get_visible (GTK_WIDGET (window)) &&
          gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (fixture->window))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog (data) != NULL;
}

static gboolean
dialog_body_says_wrong (gpointer data)
{
  AdwMessageDialog *dialog = find_dialog (data);

  return dialog != NULL && strstr (adw_message_dialog_get_body (dialog), "not correct") != NULL;
}

static gboolean
client_signed_in (gpointer data)
{
  return cpis_hub_client_is_signed_in (data);
}

static void
signed_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;

  cpis_hub_client_sign_out_finish (CPIS_HUB_CLIENT (source), result, NULL);
  *done = TRUE;
}

/* What a response button does: respond, then close */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
test_window_reauthenticate (Fixture       *fixture,
                            gconstpointer  data)
{
  CpisHubClient *client;
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  gboolean done = FALSE;

  sign_in_through_page (fixture, "nurse", PASSWORD);
  client = _cpis_window_get_client (fixture->window);
  g_assert_nonnull (client);

  /* The hub ends the session (the token is revoked) */
  cpis_hub_client_sign_out_async (client, NULL, signed_out_cb, &done);
  cpis_test_ui_iterate_until (flag_set, &done);
  g_assert_false (cpis_hub_client_is_signed_in (client));

  /* The view met 401: the window asks for the password */
  cpis_session_expire (_cpis_window_get_session (fixture->window));
  cpis_test_ui_iterate_until (dialog_shown, fixture);
  dialog = find_dialog (fixture);
  g_assert_true (adw_message_dialog_has_response (dialog, "sign-in"));
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_test_accessible_assert_property (entry, GTK_ACCESSIBLE_PROPERTY_LABEL, "Password");

  /* A wrong password: asked again, with the reason */
  gtk_editable_set_text (GTK_EDITABLE (entry), "wrong");
  respond (dialog, "sign-in");
  cpis_test_ui_iterate_until (dialog_body_says_wrong, fixture);
  g_assert_false (cpis_hub_client_is_signed_in (client));

  /* The right one: the same client holds a new token, the view is kept */
  dialog = find_dialog (fixture);
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), PASSWORD);
  respond (dialog, "sign-in");
  cpis_test_ui_iterate_until (client_signed_in, client);
  g_assert_true (_cpis_window_get_client (fixture->window) == client);
  g_assert_cmpstr (visible_page (fixture), ==, "clinician");
}

static gboolean window_gone (gpointer data);

/* Closing the window ends its session: what it fetched is let go and the
 * token is revoked at the hub, not left to run out */
static gboolean
hub_refuses (gpointer data)
{
  const char **args = data;
  g_autoptr(CpisTestResponse) response =
    cpis_test_hub_request (the_hub, "GET", "/oauth2/userinfo", args[0], NULL, NULL, NULL);

  return response->status == 401;
}

static void
test_window_close_ends_session (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(CpisSessionStore) store = NULL;
  g_autoptr(CpisCheckResult) result = no_record_result ();
  g_autofree char *token = NULL;
  const char *args[1];

  sign_in_through_page (fixture, "nurse", PASSWORD);
  token = g_strdup (_cpis_hub_client_get_token (_cpis_window_get_client (fixture->window)));
  g_assert_nonnull (token);
  args[0] = token;
  g_assert_false (hub_refuses (args));
  store = g_object_ref (_cpis_window_get_session_store (fixture->window));
  cpis_session_store_add (store, result);

  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_cmpuint (g_list_model_get_n_items (cpis_session_store_get_checks (store)), ==, 0);
  cpis_test_ui_iterate_until (hub_refuses, args);
  cpis_test_ui_iterate_until (window_gone, fixture);
}

/* The "Scanner ends with Tab" preference reaches the NHS number field of
 * the window's clinician view, both ways, while the window is open */
static void
test_window_scanner_setting (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *view = window_child (fixture, "clinician_view");
  GtkWidget *entry = cpis_test_ui_template_child (view, CPIS_TYPE_CLINICIAN_VIEW, "entry");
  gboolean submits = TRUE;

  g_object_get (entry, "submit-on-scanned-tab", &submits, NULL);
  g_assert_false (submits);

  g_settings_set_boolean (fixture->settings, "scanner-ends-with-tab", TRUE);
  g_object_get (entry, "submit-on-scanned-tab", &submits, NULL);
  g_assert_true (submits);

  g_settings_set_boolean (fixture->settings, "scanner-ends-with-tab", FALSE);
  g_object_get (entry, "submit-on-scanned-tab", &submits, NULL);
  g_assert_false (submits);
}

typedef struct
{
  GtkWidget       *view;
  CpisCheckResult *before;  /* the answer shown before: not a new one */
} CheckWait;

static gboolean
new_answer_shown (gpointer data)
{
  CheckWait *wait = data;
  CpisCheckResult *result = _cpis_clinician_view_get_result (CPIS_CLINICIAN_VIEW (wait->view));

  return result != NULL && result != wait->before &&
         cpis_check_result_get_history_state (result) != CPIS_FETCH_PENDING;
}

static gboolean
new_answer_or_earlier_shown (gpointer data)
{
  CheckWait *wait = data;

  return new_answer_shown (data) ||
         gtk_widget_get_visible (cpis_test_ui_template_child (wait->view, CPIS_TYPE_CLINICIAN_VIEW, "earlier_clamp"));
}

/* Checks CHILD_WITH_PLAN in @view as a scanner would and waits for the
 * hub's answer (asking again where this session's earlier one is shown) */
static void
check_child_with_plan (GtkWidget *view)
{
  GtkWidget *entry = cpis_test_ui_find_widget_of_type (view, GTK_TYPE_ENTRY);
  CheckWait wait = { view, _cpis_clinician_view_get_result (CPIS_CLINICIAN_VIEW (view)) };

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_editable_set_text (GTK_EDITABLE (entry), CHILD_WITH_PLAN);
  g_signal_emit_by_name (entry, "activate");
  cpis_test_ui_iterate_until (new_answer_or_earlier_shown, &wait);
  if (!new_answer_shown (&wait))
    {
      wait.before = _cpis_clinician_view_get_result (CPIS_CLINICIAN_VIEW (view));
      g_signal_emit_by_name (cpis_test_ui_template_child (view, CPIS_TYPE_CLINICIAN_VIEW, "check_again_button"),
                             "clicked");
      cpis_test_ui_iterate_until (new_answer_shown, &wait);
    }
}

static gboolean
widget_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* Where the organisation has both kinds of care setting, what this
 * workstation is stays in sight, follows Preferences at once, and decides
 * whether a check is recorded; an emergency department (one kind) shows
 * nothing of it and is never made silent by the setting */
static void
test_window_workstation_care (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *view = window_child (fixture, "clinician_view");
  GtkWidget *clamp = cpis_test_ui_template_child (view, CPIS_TYPE_CLINICIAN_VIEW, "care_setting_clamp");
  GtkLabel *label = cpis_test_ui_template_child (view, CPIS_TYPE_CLINICIAN_VIEW, "care_setting_label");
  gint64 accesses = cpis_test_hub_count_accesses (fixture->hub, CHILD_WITH_PLAN);

  g_settings_reset (fixture->settings, "workstation-care-setting");
  sign_in_through_page (fixture, "gp", PASSWORD);
  g_assert_true (gtk_widget_get_visible (clamp));
  g_assert_cmpstr (gtk_label_get_label (label), ==, _(CPIS_TEXT_WORKSTATION_SCHEDULED));
  check_child_with_plan (view);
  cpis_test_ui_assert_shows (view, _(CPIS_TEXT_SILENT_READ));
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_WITH_PLAN), ==, accesses);

  /* out of hours, as Preferences sets it: said at once, and recorded */
  g_settings_set_string (fixture->settings, "workstation-care-setting", "unscheduled");
  g_assert_cmpstr (gtk_label_get_label (label), ==, _(CPIS_TEXT_WORKSTATION_UNSCHEDULED));
  check_child_with_plan (view);
  cpis_test_ui_assert_does_not_show (view, _(CPIS_TEXT_SILENT_READ));
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_WITH_PLAN), ==, accesses + 1);
  /* the picture once the sign-in page has faded out */
  cpis_test_ui_iterate_until (widget_unmapped, window_child (fixture, "sign_in_page"));
  cpis_test_ui_wait_for_paint (GTK_WIDGET (fixture->window));
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "clinician-workstation-care");

  /* an emergency department: nothing shown, and a workstation set to
   * scheduled care still records */
  g_settings_set_string (fixture->settings, "workstation-care-setting", "scheduled");
  cpis_window_sign_out (fixture->window);
  cpis_test_ui_iterate_until (sign_in_page_settled, fixture);
  sign_in_through_page (fixture, "nurse", PASSWORD);
  g_assert_false (gtk_widget_get_visible (clamp));
  check_child_with_plan (view);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_WITH_PLAN), ==, accesses + 2);
  g_settings_reset (fixture->settings, "workstation-care-setting");
}

/* "Session Expired" when the hub cannot be asked: the reason, and that CP-IS
 * cannot be checked until then, never silence a clinician could read as
 * "no record"; a wrong password is only that */
static void
test_window_reauth_error_text (void)
{
  g_autoptr(GError) unreachable = g_error_new_literal (CPIS_HUB_CLIENT_ERROR,
                                                       CPIS_HUB_CLIENT_ERROR_UNREACHABLE, "refused");
  g_autoptr(GError) server = g_error_new_literal (CPIS_HUB_CLIENT_ERROR,
                                                  CPIS_HUB_CLIENT_ERROR_SERVER, "HTTP 503");
  g_autoptr(GError) wrong = g_error_new_literal (CPIS_HUB_CLIENT_ERROR,
                                                 CPIS_HUB_CLIENT_ERROR_INVALID_CREDENTIALS, "no");
  g_autofree char *unreachable_text = _cpis_window_describe_reauth_error (unreachable);
  g_autofree char *server_text = _cpis_window_describe_reauth_error (server);
  g_autofree char *wrong_text = _cpis_window_describe_reauth_error (wrong);

  g_assert_nonnull (strstr (unreachable_text, "could not be reached"));
  g_assert_nonnull (strstr (unreachable_text, "CP-IS cannot be checked"));
  g_assert_nonnull (strstr (unreachable_text, "not the same as no record"));
  g_assert_nonnull (strstr (server_text, "HTTP 503"));
  g_assert_nonnull (strstr (server_text, "CP-IS cannot be checked"));
  g_assert_cmpstr (wrong_text, ==, "The password is not correct.");
}

/* Signs in, lets the hub end the session and waits for "Session Expired",
 * with something typed in its password entry (which has the focus) */
static AdwMessageDialog *
open_reauth_dialog (Fixture *fixture)
{
  CpisHubClient *client;
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  gboolean done = FALSE;

  sign_in_through_page (fixture, "nurse", PASSWORD);
  client = _cpis_window_get_client (fixture->window);
  cpis_hub_client_sign_out_async (client, NULL, signed_out_cb, &done);
  cpis_test_ui_iterate_until (flag_set, &done);

  cpis_session_expire (_cpis_window_get_session (fixture->window));
  cpis_test_ui_iterate_until (dialog_shown, fixture);
  dialog = find_dialog (fixture);
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), "half typed");
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)), entry));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  return dialog;
}

static gboolean
window_gone (gpointer data)
{
  Fixture *fixture = data;

  return fixture->window == NULL;
}

/* Closing the window, or quitting, with "Session Expired" open: the dialog
 * and its password entry go without a critical (fatal in the tests) */
static void
test_window_destroy_with_reauth_dialog (Fixture       *fixture,
                                        gconstpointer  data)
{
  AdwMessageDialog *dialog = open_reauth_dialog (fixture);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;

  iterate_for (300);
  g_assert_null (dialog);
}

static void
test_window_quit_with_reauth_dialog (Fixture       *fixture,
                                     gconstpointer  data)
{
  AdwMessageDialog *dialog = open_reauth_dialog (fixture);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "quit", NULL);
  cpis_test_ui_iterate_until (window_gone, fixture);

  iterate_for (300);
  g_assert_null (dialog);
}

/* Locking, in each role's view: the view's data goes, the token is revoked
 * at the hub, and the sign-in page says whose session it was and why */

typedef enum
{
  LOCK_WITH_SCREEN,
  LOCK_WHEN_IDLE,
} LockHow;

static gboolean
inbox_has_tasks (gpointer data)
{
  Fixture *fixture = data;
  CpisSocialWorkerView *view = window_child (fixture, "social_worker_view");

  return _cpis_social_worker_view_is_loaded (view) &&
         cpis_task_inbox_get_n_tasks (_cpis_social_worker_view_get_inbox (view)) > 0;
}

static gboolean
screensaver_is (gpointer data)
{
  gboolean wanted = GPOINTER_TO_INT (data);
  gboolean active = FALSE;

  g_object_get (the_app, "screensaver-active", &active, NULL);
  return active == wanted;
}

/* Signs in as @username and waits for what the role's view shows: the
 * clinician's session holds a check, the social worker's inbox a
 * notification, the officer's view the area's figures */
static void
sign_in_and_fetch (Fixture    *fixture,
                   const char *username)
{
  sign_in_through_page (fixture, username, PASSWORD);

  if (g_str_equal (username, "nurse"))
    {
      g_autoptr(CpisCheckResult) result = no_record_result ();

      cpis_session_store_add (_cpis_window_get_session_store (fixture->window), result);
    }
  else if (g_str_equal (username, "sw"))
    cpis_test_ui_iterate_until (inbox_has_tasks, fixture);
  else
    cpis_test_ui_iterate_until (figures_shown, fixture);
}

/* Nothing the role's view fetched is left in it */
static void
assert_view_emptied (Fixture    *fixture,
                     const char *username)
{
  if (g_str_equal (username, "sw"))
    {
      CpisSocialWorkerView *view = window_child (fixture, "social_worker_view");

      g_assert_cmpuint (cpis_task_inbox_get_n_tasks (_cpis_social_worker_view_get_inbox (view)),
                        ==, 0);
      g_assert_null (cpis_task_detail_get_task (_cpis_social_worker_view_get_detail (view)));
      /* the live feed is closed */
      g_assert_null (_cpis_social_worker_view_get_feed (view));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
      cpis_test_ui_assert_does_not_show (GTK_WIDGET (view), "999 000 0018");
    }
  else if (g_str_equal (username, "officer"))
    g_assert_null (cpis_partnership_view_get_report (window_child (fixture, "partnership_view")));
}

static void
assert_locks (Fixture    *fixture,
              const char *username,
              LockHow     how)
{
  g_autofree char *token = NULL;
  const char *args[1];
  CpisSessionStore *store;
  const char *notice;

  sign_in_and_fetch (fixture, username);
  store = _cpis_window_get_session_store (fixture->window);
  g_object_ref (store);
  token = g_strdup (_cpis_hub_client_get_token (_cpis_window_get_client (fixture->window)));
  args[0] = token;
  g_assert_false (hub_refuses (args));

  if (how == LOCK_WITH_SCREEN)
    {
      cpis_test_screensaver_set_active (the_screensaver, TRUE);
    }
  else
    {
      g_settings_set_uint (fixture->settings, "idle-lock-minutes", 1);
      _cpis_window_backdate_activity (fixture->window, 60);
    }
  cpis_test_ui_iterate_until (window_locked, fixture);

  g_assert_cmpuint (g_list_model_get_n_items (cpis_session_store_get_checks (store)), ==, 0);
  g_object_unref (store);
  assert_view_emptied (fixture, username);
  cpis_test_ui_iterate_until (hub_refuses, args);

  notice = gtk_label_get_text (page_child (fixture, "notice_label"));
  g_test_message ("%s", notice);
  g_assert_nonnull (strstr (notice, how == LOCK_WITH_SCREEN ? "was locked when the screen locked"
                                                            : "was locked after 1 minute"));
  g_assert_cmpstr (gtk_editable_get_text (page_child (fixture, "username_row")), ==, username);

  if (how == LOCK_WITH_SCREEN)
    {
      /* the screen unlocking opens nothing: the password is asked for */
      cpis_test_screensaver_set_active (the_screensaver, FALSE);
      cpis_test_ui_iterate_until (screensaver_is, GINT_TO_POINTER (FALSE));
      g_assert_true (window_locked (fixture));
    }
}

/* The application registered with the session manager, which is what makes
 * GTK follow the screen saver */
static void
test_window_registers_session (Fixture       *fixture,
                               gconstpointer  data)
{
  g_assert_cmpuint (cpis_test_screensaver_get_n_registered (the_screensaver), ==, 1);
  g_assert_true (screensaver_is (GINT_TO_POINTER (FALSE)));

  /* the screen locking while no one is signed in changes nothing */
  cpis_test_screensaver_set_active (the_screensaver, TRUE);
  cpis_test_ui_iterate_until (screensaver_is, GINT_TO_POINTER (TRUE));
  g_assert_cmpstr (visible_page (fixture), ==, "sign-in");
  g_assert_false (gtk_widget_get_visible (page_child (fixture, "notice_label")));
  cpis_test_screensaver_set_active (the_screensaver, FALSE);
  cpis_test_ui_iterate_until (screensaver_is, GINT_TO_POINTER (FALSE));
}

static void
test_window_screen_lock (Fixture       *fixture,
                         gconstpointer  data)
{
  cpis_test_hub_record_check (the_hub, CHILD_WITH_PLAN, "nurse", "LA1");

  assert_locks (fixture, "nurse", LOCK_WITH_SCREEN);
  assert_locks (fixture, "sw", LOCK_WITH_SCREEN);
  assert_locks (fixture, "officer", LOCK_WITH_SCREEN);
}

static void
test_window_idle_lock_every_view (Fixture       *fixture,
                                  gconstpointer  data)
{
  cpis_test_hub_record_check (the_hub, CHILD_WITH_PLAN, "nurse", "LA1");

  assert_locks (fixture, "sw", LOCK_WHEN_IDLE);
  assert_locks (fixture, "officer", LOCK_WHEN_IDLE);
}

static char *
keyring_lookup (const char *username)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  cpis_credentials_lookup_async (cpis_test_hub_get_base_url (the_hub), username, NULL,
                                 cpis_test_ui_store_result_cb, &result);
  cpis_test_ui_iterate_until (cpis_test_ui_pointer_set, &result);
  password = cpis_credentials_lookup_finish (result, &error);
  g_assert_no_error (error);
  return password;
}

static gboolean
forget_dialog_shown (gpointer data)
{
  AdwMessageDialog *dialog = find_dialog (data);

  return dialog != NULL && g_strcmp0 (adw_message_dialog_get_heading (dialog), "Forget saved password?") == 0;
}

static void
test_window_sign_out_forget_password (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  char *password = NULL;

  /* A remembered password for this hub and user */
  cpis_credentials_store_async (cpis_test_hub_get_base_url (fixture->hub), "nurse", PASSWORD, NULL,
                                cpis_test_ui_store_result_cb, &stored);
  cpis_test_ui_iterate_until (cpis_test_ui_pointer_set, &stored);
  g_assert_true (cpis_credentials_store_finish (stored, &error));
  g_assert_no_error (error);

  sign_in_through_page (fixture, "nurse", PASSWORD);
  cpis_window_sign_out (fixture->window);
  g_assert_cmpstr (visible_page (fixture), ==, "sign-in");

  /* Sign-out offers to forget it; "Keep" is the default */
  cpis_test_ui_iterate_until (forget_dialog_shown, fixture);
  dialog = find_dialog (fixture);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "keep");
  g_assert_true (adw_message_dialog_has_response (dialog, "forget"));

  /* Not filled in again on the page, even though it is remembered */
  g_assert_cmpstr (gtk_editable_get_text (page_child (fixture, "password_row")), ==, "");

  respond (dialog, "forget");
  /* The forget runs in the background: look until it has gone */
  for (guint i = 0; i < 10000; i++)
    {
      password = keyring_lookup ("nurse");
      if (password == NULL)
        break;
      g_clear_pointer (&password, g_free);
    }
  g_assert_null (password);
}

static void
test_window_size_saved (Fixture       *fixture,
                        gconstpointer  data)
{
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 650);
  gtk_window_close (GTK_WINDOW (fixture->window));

  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-height"), ==, 650);
  g_assert_false (g_settings_get_boolean (fixture->settings, "window-maximized"));

  /* A new window (tear-down destroys this one) starts at that size */
  fixture->window = cpis_window_new (fixture->app);
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (fixture->window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 650);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Accessible properties are checked in-process (the test backend): no
   * AT-SPI bus, whose registry would also write into the TAP output */
  g_setenv ("GTK_A11Y", "test", FALSE);
  gtk_init ();
  adw_init ();

  start_hub_and_application ();

#define ADD(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)
#define ADD_SIZED(path, func, set_up) \
  g_test_add ((path), Fixture, (set_up), fixture_set_up, (func), fixture_tear_down)

  ADD ("/window/clinician-lock-sign-out", test_window_clinician_lock_sign_out);
  ADD ("/window/other-roles", test_window_other_roles);
  ADD ("/window/officer-asks-nothing-of-a-child", test_window_officer_asks_nothing_of_a_child);
  ADD ("/window/menus", test_window_menus);
  ADD_SIZED ("/window/lock-notice/800x600", test_window_lock_notice, &small_window);
  ADD_SIZED ("/window/lock-notice/800x600-large-text", test_window_lock_notice,
             &small_window_large_text);
  ADD ("/window/reauthenticate", test_window_reauthenticate);
  ADD ("/window/scanner-setting", test_window_scanner_setting);
  ADD ("/window/workstation-care", test_window_workstation_care);
  ADD ("/window/close-ends-session", test_window_close_ends_session);
  ADD ("/window/registers-session", test_window_registers_session);
  ADD ("/window/screen-lock", test_window_screen_lock);
  ADD ("/window/idle-lock/every-view", test_window_idle_lock_every_view);
  g_test_add_func ("/window/reauthenticate/error-text", test_window_reauth_error_text);
  ADD ("/window/sign-out-forget-password", test_window_sign_out_forget_password);
  ADD ("/window/size-saved", test_window_size_saved);
  ADD ("/window/reauth-dialog/destroy-window", test_window_destroy_with_reauth_dialog);
  ADD ("/window/reauth-dialog/quit", test_window_quit_with_reauth_dialog);

#undef ADD
#undef ADD_SIZED

  status = g_test_run ();

  g_clear_object (&the_app);
  g_clear_pointer (&the_screensaver, cpis_test_screensaver_free);
  g_clear_pointer (&the_hub, cpis_test_hub_free);

  return status;
}
