/* test-ui-preferences.c: the preferences window
 *
 * Runs under Xvfb with the memory settings backend. The idle-lock minutes
 * follow the settings both ways; the hub address is saved only when applied
 * and only when it is an http(s) address, otherwise the row says why and
 * keeps what was typed; without settings the rows cannot be changed and the
 * window says why. The application opens the window from app.preferences
 * (Ctrl+comma, in both menus), over its window.
 */
#include <adwaita.h>
#include <gtk/gtk.h>
#include <string.h>

#include "cpis-application.h"
#include "cpis-preferences-window.h"
#include "cpis-test-ui.h"
#include "cpis-test-util.h"
#include "cpis-window.h"

#define TIMEOUT_SECONDS 20  /* the safety net for waits in this test */
#define GOOD_HUB "https://hub.example/cpis/FHIR/R4"

typedef struct
{
  GSettings             *settings;
  CpisPreferencesWindow *window;
} Fixture;

static gpointer
child (gpointer    window,
       const char *name)
{
  return cpis_test_ui_template_child (window, CPIS_TYPE_PREFERENCES_WINDOW, name);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->settings = g_settings_new (APPLICATION_ID);
  g_settings_reset (fixture->settings, "idle-lock-minutes");
  g_settings_reset (fixture->settings, "hub-url");
  g_settings_reset (fixture->settings, "trusted-certificate");
  g_settings_reset (fixture->settings, "color-scheme");
  g_settings_reset (fixture->settings, "workstation-care-setting");

  fixture->window = cpis_preferences_window_new (fixture->settings);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->settings);
}

/* Idle lock */

typedef struct
{
  GtkSpinButton *spin;
  int            value;
} SpinWait;

static gboolean
spin_shows (gpointer data)
{
  SpinWait *wait = data;

  return gtk_spin_button_get_value_as_int (wait->spin) == wait->value;
}

typedef struct
{
  GSettings  *settings;
  const char *key;
  guint       value;
} UintWait;

static gboolean
key_holds (gpointer data)
{
  UintWait *wait = data;

  return g_settings_get_uint (wait->settings, wait->key) == wait->value;
}

static void
test_preferences_idle_lock (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkSpinButton *spin = child (fixture->window, "lock_spin");
  GtkLabel *unit = child (fixture->window, "lock_unit_label");
  guint initial = g_settings_get_uint (fixture->settings, "idle-lock-minutes");
  double lower, upper;
  SpinWait spin_wait = { spin, 0 };
  UintWait key_wait = { fixture->settings, "idle-lock-minutes", 0 };

  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "preferences");

  /* The spin button starts at the setting, within the schema's range */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, (int) initial);
  gtk_spin_button_get_range (spin, &lower, &upper);
  g_assert_cmpfloat (lower, ==, 1.0);
  g_assert_cmpfloat (upper, ==, 120.0);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (spin)));

  /* Spin button to setting */
  key_wait.value = initial + 12;
  gtk_spin_button_set_value (spin, key_wait.value);
  cpis_test_ui_iterate_until_timeout (key_holds, &key_wait, TIMEOUT_SECONDS);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-lock-minutes"), ==, initial + 12);
  g_assert_cmpstr (gtk_label_get_label (unit), ==, "minutes");

  /* Setting to spin button */
  spin_wait.value = 1;
  g_settings_set_uint (fixture->settings, "idle-lock-minutes", 1);
  cpis_test_ui_iterate_until_timeout (spin_shows, &spin_wait, TIMEOUT_SECONDS);
  g_assert_cmpstr (gtk_label_get_label (unit), ==, "minute");

  spin_wait.value = 120;
  g_settings_set_uint (fixture->settings, "idle-lock-minutes", 120);
  cpis_test_ui_iterate_until_timeout (spin_shows, &spin_wait, TIMEOUT_SECONDS);

  /* The spin button cannot go past the schema's range */
  gtk_spin_button_spin (spin, GTK_SPIN_STEP_FORWARD, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 120);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-lock-minutes"), ==, 120);
}

/* Hub address */

typedef struct
{
  GtkEditable *editable;
  const char  *text;
} TextWait;

static gboolean
row_shows (gpointer data)
{
  TextWait *wait = data;

  return g_str_equal (gtk_editable_get_text (wait->editable), wait->text);
}

static char *
hub_url (Fixture *fixture)
{
  return g_settings_get_string (fixture->settings, "hub-url");
}

static void
apply_hub (Fixture    *fixture,
           const char *text)
{
  AdwEntryRow *row = child (fixture->window, "hub_row");

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static void
assert_no_hub_error (Fixture *fixture)
{
  GtkWidget *row = child (fixture->window, "hub_row");
  GtkWidget *error = child (fixture->window, "hub_error_label");

  g_assert_false (gtk_widget_get_visible (error));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  gtk_test_accessible_assert_state (row, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE);
}

static void
assert_hub_error (Fixture    *fixture,
                  const char *typed,
                  const char *why)
{
  GtkWidget *row = child (fixture->window, "hub_row");
  GtkLabel *error = child (fixture->window, "hub_error_label");

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_nonnull (strstr (gtk_label_get_text (error), typed));
  g_assert_nonnull (strstr (gtk_label_get_text (error), why));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  gtk_test_accessible_assert_state (row, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  /* What was typed stays, to be corrected */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, typed);
}

static void
test_preferences_hub_address (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkEditable *row = child (fixture->window, "hub_row");
  g_autofree char *url = NULL;
  TextWait text_wait = { row, NULL };

  g_assert_true (adw_entry_row_get_show_apply_button (ADW_ENTRY_ROW (row)));
  g_assert_cmpstr (gtk_editable_get_text (row), ==, "");
  assert_no_hub_error (fixture);

  /* Typing alone saves nothing */
  gtk_editable_set_text (row, GOOD_HUB);
  url = hub_url (fixture);
  g_assert_cmpstr (url, ==, "");
  g_clear_pointer (&url, g_free);

  /* Applying a hub address saves it (without the spaces around it) */
  apply_hub (fixture, "  " GOOD_HUB " ");
  url = hub_url (fixture);
  g_assert_cmpstr (url, ==, GOOD_HUB);
  g_clear_pointer (&url, g_free);
  assert_no_hub_error (fixture);

  /* Not http(s): not saved, the row says why and keeps the text */
  apply_hub (fixture, "ftp://x");
  url = hub_url (fixture);
  g_assert_cmpstr (url, ==, GOOD_HUB);
  g_clear_pointer (&url, g_free);
  assert_hub_error (fixture, "ftp://x", "https://");

  /* Editing the address clears the stale error */
  gtk_editable_set_text (row, "ftp://xy");
  assert_no_hub_error (fixture);

  /* No host; not an address at all */
  apply_hub (fixture, "https://");
  assert_hub_error (fixture, "https://", "host");
  apply_hub (fixture, "hub example");
  assert_hub_error (fixture, "hub example", "not a web address");
  url = hub_url (fixture);
  g_assert_cmpstr (url, ==, GOOD_HUB);
  g_clear_pointer (&url, g_free);

  /* Plain http is refused for a hub on the network: the token and NHS
   * numbers would cross it readable */
  apply_hub (fixture, "http://10.0.0.5:8080/FHIR/R4");
  assert_hub_error (fixture, "http://10.0.0.5:8080/FHIR/R4", "https://");
  url = hub_url (fixture);
  g_assert_cmpstr (url, ==, GOOD_HUB);
  g_clear_pointer (&url, g_free);

  /* ... and accepted for a hub on this computer */
  apply_hub (fixture, "http://127.0.0.1:8080/cpis/FHIR/R4");
  url = hub_url (fixture);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:8080/cpis/FHIR/R4");
  g_clear_pointer (&url, g_free);
  assert_no_hub_error (fixture);

  /* Empty: back to the demo hub */
  apply_hub (fixture, "");
  url = hub_url (fixture);
  g_assert_cmpstr (url, ==, "");
  g_clear_pointer (&url, g_free);
  assert_no_hub_error (fixture);

  /* A change made elsewhere shows in the row */
  text_wait.text = GOOD_HUB;
  g_settings_set_string (fixture->settings, "hub-url", GOOD_HUB);
  cpis_test_ui_iterate_until_timeout (row_shows, &text_wait, TIMEOUT_SECONDS);
}

/* Accessibility */

static void
test_preferences_accessible (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *spin = child (fixture->window, "lock_spin");
  GtkWidget *row = child (fixture->window, "hub_row");
  GtkLabel *error = child (fixture->window, "hub_error_label");
  g_autofree char *with_error = NULL;

  gtk_test_accessible_assert_property (spin, GTK_ACCESSIBLE_PROPERTY_LABEL, "Minutes before locking");
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, "Hub address");
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  /* The error is read out with the row, not only shown in red */
  apply_hub (fixture, "ftp://x");
  with_error = g_strdup_printf ("%s The hub’s FHIR base address, e.g. https://hub.example/cpis/FHIR/R4. "
                                "Leave empty to use the built-in demo hub with synthetic data. "
                                "Takes effect the next time the application starts.",
                                gtk_label_get_text (error));
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, with_error);
}

/* Without settings */

static void
test_preferences_no_settings (void)
{
  CpisPreferencesWindow *window = cpis_preferences_window_new (NULL);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *url = NULL;
  GtkLabel *explanation;

  g_settings_reset (settings, "hub-url");
  g_assert_null (cpis_preferences_window_get_settings (window));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_false (gtk_widget_is_sensitive (child (window, "lock_row")));
  g_assert_false (gtk_widget_is_sensitive (child (window, "lock_spin")));
  g_assert_false (gtk_widget_is_sensitive (child (window, "hub_row")));
  g_assert_false (gtk_widget_is_sensitive (child (window, "workstation_row")));
  g_assert_true (gtk_widget_get_visible (child (window, "no_settings_group")));
  explanation = child (window, "no_settings_label");
  g_assert_nonnull (strstr (gtk_label_get_text (explanation), "not installed"));
  gtk_test_accessible_assert_property (child (window, "hub_row"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       gtk_label_get_text (explanation));

  /* Applying does nothing, and nothing breaks */
  gtk_editable_set_text (GTK_EDITABLE (child (window, "hub_row")), GOOD_HUB);
  g_signal_emit_by_name (child (window, "hub_row"), "apply");
  url = g_settings_get_string (settings, "hub-url");
  g_assert_cmpstr (url, ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* From the application */

static gboolean
menu_has_preferences_before_shortcuts (GMenuModel *model)
{
  int preferences_at = -1, shortcuts_at = -1, position = 0;

  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      GMenuModel *section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++, position++)
        {
          g_autofree char *action = NULL;

          if (!g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action))
            continue;
          if (g_str_equal (action, "app.preferences"))
            preferences_at = position;
          else if (g_str_equal (action, "win.show-help-overlay"))
            shortcuts_at = position;
        }
      g_clear_object (&section);
    }

  return preferences_at >= 0 && shortcuts_at >= 0 && preferences_at < shortcuts_at;
}

static CpisPreferencesWindow *
find_preferences_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (CPIS_IS_PREFERENCES_WINDOW (item))
        return CPIS_PREFERENCES_WINDOW (item);
    }
  return NULL;
}

static gboolean
preferences_window_shown (gpointer data)
{
  CpisPreferencesWindow *window = find_preferences_window ();

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static void
test_preferences_from_application (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(CpisApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;
  CpisWindow *window;
  CpisPreferencesWindow *preferences;
  GtkMenuButton *button;

  /* A configured hub (never contacted here): no demo hub is started */
  g_settings_set_string (settings, "hub-url", "http://127.0.0.1:9/FHIR/R4");

  app = cpis_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Control>comma");

  window = cpis_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* In the main menu, above Keyboard Shortcuts; the account menu holds only
   * Lock and Sign Out (GNOME HIG; see /window/menus) */
  button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (window), CPIS_TYPE_WINDOW,
                                                           "main_menu_button"));
  g_assert_true (menu_has_preferences_before_shortcuts (gtk_menu_button_get_menu_model (button)));
  button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (window), CPIS_TYPE_WINDOW,
                                                           "account_button"));
  g_assert_false (menu_has_preferences_before_shortcuts (gtk_menu_button_get_menu_model (button)));

  /* Opened over the window, with the application's settings */
  g_assert_null (find_preferences_window ());
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  cpis_test_ui_iterate_until_timeout (preferences_window_shown, NULL, TIMEOUT_SECONDS);
  preferences = find_preferences_window ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (preferences)));
  g_assert_true (cpis_preferences_window_get_settings (preferences) ==
                 cpis_application_get_settings (app));

  /* the style chosen there, applied by the application at once */
  {
    AdwComboRow *style = ADW_COMBO_ROW (child (preferences, "style_row"));
    g_autofree char *scheme = NULL;

    g_assert_cmpuint (adw_combo_row_get_selected (style), ==, 0);
    adw_combo_row_set_selected (style, 2);
    scheme = g_settings_get_string (settings, "color-scheme");
    g_assert_cmpstr (scheme, ==, "dark");
    g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                     ADW_COLOR_SCHEME_FORCE_DARK);
    adw_combo_row_set_selected (style, 1);
    g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                     ADW_COLOR_SCHEME_FORCE_LIGHT);
    adw_combo_row_set_selected (style, 0);
    g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                     ADW_COLOR_SCHEME_DEFAULT);
  }

  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "hub-url");
  g_settings_reset (settings, "color-scheme");
}

/* The trusted certificate: a PEM file chosen is shown with its subject and
 * last day and kept in the setting; a file that is not one is said, and the
 * one in use kept; forgetting it goes back to the system's authorities */
static void
test_preferences_trusted_certificate (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cpis-test-ca-XXXXXX", &error);
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *not_pem = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GFile) cert_file = NULL;
  g_autoptr(GFile) not_pem_file = NULL;
  AdwActionRow *row = child (fixture->window, "certificate_row");
  GtkWidget *error_label = child (fixture->window, "certificate_error_label");

  g_assert_no_error (error);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "the system’s certificate authorities"));
  g_assert_false (gtk_widget_get_sensitive (child (fixture->window, "certificate_clear_button")));
  if (!cpis_test_make_certificate (dir, "ca", &cert, &key))
    return;

  cert_file = g_file_new_for_path (cert);
  g_assert_true (cpis_preferences_window_use_certificate (fixture->window, cert_file));
  saved = g_settings_get_string (fixture->settings, "trusted-certificate");
  g_assert_cmpstr (saved, ==, cert);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "CN=127.0.0.1"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "valid until"));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_get_sensitive (child (fixture->window, "certificate_clear_button")));
  cpis_test_ui_wait_for_paint (GTK_WIDGET (fixture->window));
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "preferences-trusted-certificate");

  not_pem = g_build_filename (dir, "notes.pem", NULL);
  g_assert_true (g_file_set_contents (not_pem, "not a certificate\n", -1, &error));
  not_pem_file = g_file_new_for_path (not_pem);
  g_assert_false (cpis_preferences_window_use_certificate (fixture->window, not_pem_file));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "“notes.pem” is not a certificate file"));
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (fixture->settings, "trusted-certificate");
  g_assert_cmpstr (saved, ==, cert);

  g_signal_emit_by_name (child (fixture->window, "certificate_clear_button"), "clicked");
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (fixture->settings, "trusted-certificate");
  g_assert_cmpstr (saved, ==, "");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "the system’s certificate authorities"));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (cpis_test_remove_tree (dir));
}

/* This workstation's care setting: the row and the setting follow each
 * other, named for what it is */
static void
test_preferences_workstation_care (Fixture       *fixture,
                                   gconstpointer  data)
{
  AdwComboRow *row = child (fixture->window, "workstation_row");
  const char *words[] = { "organisation", "unscheduled", "scheduled" };

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "This workstation’s care setting");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==, G_N_ELEMENTS (words));

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autofree char *word = NULL;

      adw_combo_row_set_selected (row, i);
      word = g_settings_get_string (fixture->settings, "workstation-care-setting");
      g_assert_cmpstr (word, ==, words[i]);
    }

  g_settings_set_string (fixture->settings, "workstation-care-setting", "unscheduled");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 1);
  cpis_test_ui_wait_for_paint (GTK_WIDGET (fixture->window));
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "preferences-workstation");
  g_settings_reset (fixture->settings, "workstation-care-setting");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* Accessible properties are checked in-process (the test backend) */
  g_setenv ("GTK_A11Y", "test", FALSE);
  gtk_init ();
  adw_init ();

#define ADD(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)

  ADD ("/preferences/idle-lock", test_preferences_idle_lock);
  ADD ("/preferences/hub-address", test_preferences_hub_address);
  ADD ("/preferences/accessible", test_preferences_accessible);
  ADD ("/preferences/trusted-certificate", test_preferences_trusted_certificate);
  ADD ("/preferences/workstation-care", test_preferences_workstation_care);
  g_test_add_func ("/preferences/no-settings", test_preferences_no_settings);
  g_test_add_func ("/preferences/from-application", test_preferences_from_application);

#undef ADD

  return g_test_run ();
}
