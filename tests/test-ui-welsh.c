/* test-ui-welsh.c: the application in Welsh, in a real window
 *
 * The Welsh catalogue the build compiles from po/cy.po (LOCALEDIR/cy/
 * LC_MESSAGES/cpis-desktop.mo, in the build folder), bound as main.c binds
 * the installed ones, under LANG=cy_GB.UTF-8 as a Welsh desktop sets it: a
 * CpisWindow signed in to a real hub shows po/cy.po's words — a .ui
 * template's label, an accessible name set from C, the error a hub's answer
 * leads to — and not the English; and a child's check shows its dates in
 * Welsh (the locale's names), its accesses in UK time. Whether every string
 * is translated is the `translations` test's (build-aux/check-translations.py).
 */
#include <locale.h>
#include <string.h>

#include <adwaita.h>

#include "cpis-application.h"
#include "cpis-clinician-view-private.h"
#include "cpis-i18n.h"
#include "cpis-sign-in-page.h"
#include "cpis-test-hub.h"
#include "cpis-test-ui.h"
#include "cpis-window.h"

#define PASSWORD "correct horse battery"
#define NHS_NUMBER "9990000018"

/* po/cy.po's msgstr for @msgid (a message without a context or plural) */
static char *
welsh_for (const char *msgid)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "po", "cy.po", NULL);
  g_autofree char *text = NULL;
  g_autofree char *quoted = g_strdup_printf ("\nmsgid \"%s\"\nmsgstr \"", msgid);
  const char *found;
  const char *end;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  found = strstr (text, quoted);
  g_assert_nonnull (found);
  found += strlen (quoted);
  end = strstr (found, "\"\n");
  g_assert_nonnull (end);
  return g_strndup (found, end - found);
}

static gboolean
error_shown (gpointer data)
{
  GtkWidget *label = data;

  return gtk_widget_get_visible (label) && *gtk_label_get_text (GTK_LABEL (label)) != '\0';
}

static gboolean
sign_in_page_gone (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* The answer on screen with its access history */
static gboolean
check_done (gpointer data)
{
  CpisCheckResult *result = _cpis_clinician_view_get_result (data);

  return result != NULL && cpis_check_result_get_history_state (result) != CPIS_FETCH_PENDING;
}

static void
test_welsh_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GDateTime) summer = g_date_time_new_utc (2026, 7, 15, 13, 30, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisApplication) app = NULL;
  g_autofree char *heading = welsh_for ("Sign in to CP-IS");
  g_autofree char *hub_address = welsh_for ("Hub address");
  g_autofree char *wrong_password = welsh_for ("The user name or password is not correct.");
  CpisTestHub *hub;
  CpisWindow *window;
  GtkWidget *page;
  GtkWidget *error_label;
  GtkWidget *view;
  GtkWidget *entry;

  g_assert_cmpstr (heading, !=, "");
  g_assert_cmpstr (heading, !=, "Sign in to CP-IS");

  hub = cpis_test_hub_new ();
  cpis_test_hub_add_org (hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_org (hub, "9A1", "Northshire County Council", "local-authority", "North");
  cpis_test_hub_add_user (hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_plan (hub, NHS_NUMBER, "CPP", "2026-03-01", NULL, NULL, "9A1");
  /* 13:30 UTC on 15 July 2026: 14:30 British Summer Time */
  cpis_test_hub_add_access (hub, NHS_NUMBER, "nurse", g_date_time_to_unix (summer) * G_USEC_PER_SEC);
  g_settings_set_string (settings, "hub-url", cpis_test_hub_get_base_url (hub));

  app = cpis_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = cpis_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  cpis_test_ui_iterate_until (cpis_test_ui_widget_mapped, window);

  cpis_test_ui_assert_shows (GTK_WIDGET (window), heading);
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (window), "Sign in to CP-IS");
  page = cpis_test_ui_find_widget_of_type (GTK_WIDGET (window), CPIS_TYPE_SIGN_IN_PAGE);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cpis_test_ui_template_child (page, CPIS_TYPE_SIGN_IN_PAGE,
                                                                                    "hub_row")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, hub_address);

  gtk_editable_set_text (cpis_test_ui_template_child (page, CPIS_TYPE_SIGN_IN_PAGE, "username_row"), "nurse");
  gtk_editable_set_text (cpis_test_ui_template_child (page, CPIS_TYPE_SIGN_IN_PAGE, "password_row"), "wrong");
  g_signal_emit_by_name (cpis_test_ui_template_child (page, CPIS_TYPE_SIGN_IN_PAGE, "sign_in_button"), "clicked");
  error_label = cpis_test_ui_template_child (page, CPIS_TYPE_SIGN_IN_PAGE, "error_label");
  cpis_test_ui_iterate_until (error_shown, error_label);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), wrong_password));

  cpis_test_ui_save_screenshot (GTK_WIDGET (window), "welsh-sign-in");

  /* signed in, a check: the plan's start and the access in Welsh words */
  gtk_editable_set_text (cpis_test_ui_template_child (page, CPIS_TYPE_SIGN_IN_PAGE, "password_row"), PASSWORD);
  g_signal_emit_by_name (cpis_test_ui_template_child (page, CPIS_TYPE_SIGN_IN_PAGE, "sign_in_button"), "clicked");
  cpis_test_ui_iterate_until (sign_in_page_gone, page);
  view = cpis_test_ui_find_mapped_widget_of_type (GTK_WIDGET (window), CPIS_TYPE_CLINICIAN_VIEW);
  entry = cpis_test_ui_find_widget_of_type (view, GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), NHS_NUMBER);
  g_signal_emit_by_name (entry, "activate");
  cpis_test_ui_iterate_until (check_done, view);
  cpis_test_ui_wait_for_paint (GTK_WIDGET (window));
  cpis_test_ui_assert_shows (GTK_WIDGET (window), "1 Mawrth 2026");
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (window), "March");
  cpis_test_ui_assert_shows (GTK_WIDGET (window), "Mer 15 Gor 2026, 14:30");
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (window), "Jul");
  cpis_test_ui_save_screenshot (GTK_WIDGET (window), "welsh-check");

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "hub-url");
  cpis_test_hub_free (hub);
}

int
main (int    argc,
      char **argv)
{
  /* Welsh as a Welsh desktop asks for it (build-aux/install-deps.sh
   * generates the locale), nothing else in the caller's environment
   * overriding it */
  static const char * const overrides[] = {
    "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_TIME", "LC_CTYPE", "LC_COLLATE", "LC_NUMERIC",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (overrides); i++)
    g_unsetenv (overrides[i]);
  g_setenv ("LANG", "cy_GB.UTF-8", TRUE);
  if (setlocale (LC_ALL, "") == NULL)
    g_error ("The cy_GB.UTF-8 locale is missing: build-aux/install-deps.sh generates it");

  g_test_init (&argc, &argv, NULL);
  cpis_i18n_init (g_getenv ("CPIS_LOCALE_DIR"));

  g_setenv ("GTK_A11Y", "test", FALSE);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/welsh/window", test_welsh_window);
  return g_test_run ();
}
