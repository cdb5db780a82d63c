/* test-ui-translation.c: a translated string shows in a real window
 *
 * The application's translations load at run time: main.c binds the text
 * domain to its catalogue folder with cpis_i18n_init(). Here the same call
 * binds it to a folder holding a test catalogue (tests/locale/en_XA.po,
 * compiled by the build), the locale asks for that language, and a
 * CpisWindow signed in to a real hub shows the catalogue's words: in a label
 * from a .ui template, in an accessible name set from C, and in the error a
 * hub's answer leads to. Without the binding, or with a string no longer
 * marked for translation, the English original shows and the test fails.
 */
#include <locale.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cpis-application.h"
#include "cpis-i18n.h"
#include "cpis-sign-in-page.h"
#include "cpis-test-hub.h"
#include "cpis-test-ui.h"
#include "cpis-window.h"

#define PASSWORD "correct horse battery"
#define TEST_LANGUAGE "en_XA"

/* As tests/locale/en_XA.po has them */
#define HEADING_TRANSLATED "Šîğñ îñ ţö ÇP-ÎŠ"
#define HUB_ADDRESS_TRANSLATED "Ĥûƀ åððŕéšš"
#define WRONG_PASSWORD_TRANSLATED "Ţĥé ûšéŕ ñåmé öŕ þåššŵöŕð îš ñöţ çöŕŕéçţ."

static char *localedir;

/* The compiled test catalogue where gettext looks for it:
 * LOCALEDIR/en_XA/LC_MESSAGES/cpis-desktop.mo, in a folder of the test's own */
static void
make_locale_folder (void)
{
  g_autofree char *catalogue = g_test_build_filename (G_TEST_BUILT, "cpis-desktop-test-catalogue.mo", NULL);
  g_autofree char *messages = NULL;
  g_autofree char *link = NULL;

  localedir = g_dir_make_tmp ("cpis-locale-XXXXXX", NULL);
  g_assert_nonnull (localedir);
  messages = g_build_filename (localedir, TEST_LANGUAGE, "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  link = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_assert_true (g_file_test (catalogue, G_FILE_TEST_EXISTS));
  g_assert_cmpint (symlink (catalogue, link), ==, 0);
}

static void
remove_locale_folder (void)
{
  g_autofree char *messages = g_build_filename (localedir, TEST_LANGUAGE, "LC_MESSAGES", NULL);
  g_autofree char *link = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *language = g_build_filename (localedir, TEST_LANGUAGE, NULL);

  g_unlink (link);
  g_rmdir (messages);
  g_rmdir (language);
  g_rmdir (localedir);
  g_clear_pointer (&localedir, g_free);
}

static gboolean
error_shown (gpointer data)
{
  GtkWidget *label = data;

  return gtk_widget_get_visible (label) && *gtk_label_get_text (GTK_LABEL (label)) != '\0';
}

static void
test_translation_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisApplication) app = NULL;
  CpisTestHub *hub;
  CpisWindow *window;
  GtkWidget *page;
  GtkWidget *hub_row;
  GtkWidget *error_label;

  hub = cpis_test_hub_new ();
  cpis_test_hub_add_org (hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (hub, "nurse", PASSWORD, "clinician", "ED1");
  g_settings_set_string (settings, "hub-url", cpis_test_hub_get_base_url (hub));

  app = cpis_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = cpis_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  cpis_test_ui_iterate_until (cpis_test_ui_widget_mapped, window);

  /* A .ui template's label */
  cpis_test_ui_assert_shows (GTK_WIDGET (window), HEADING_TRANSLATED);
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (window), "Sign in to CP-IS");

  /* An accessible name set from C */
  page = cpis_test_ui_find_widget_of_type (GTK_WIDGET (window), CPIS_TYPE_SIGN_IN_PAGE);
  g_assert_nonnull (page);
  hub_row = cpis_test_ui_template_child (page, CPIS_TYPE_SIGN_IN_PAGE, "hub_row");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (hub_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       HUB_ADDRESS_TRANSLATED);

  /* The words for the hub's answer to a wrong password */
  gtk_editable_set_text (cpis_test_ui_template_child (page, CPIS_TYPE_SIGN_IN_PAGE, "username_row"), "nurse");
  gtk_editable_set_text (cpis_test_ui_template_child (page, CPIS_TYPE_SIGN_IN_PAGE, "password_row"), "wrong");
  g_signal_emit_by_name (cpis_test_ui_template_child (page, CPIS_TYPE_SIGN_IN_PAGE, "sign_in_button"), "clicked");
  error_label = cpis_test_ui_template_child (page, CPIS_TYPE_SIGN_IN_PAGE, "error_label");
  cpis_test_ui_iterate_until (error_shown, error_label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, WRONG_PASSWORD_TRANSLATED);

  cpis_test_ui_save_screenshot (GTK_WIDGET (window), "translation-en_XA");

  gtk_window_destroy (GTK_WINDOW (window));
  cpis_test_hub_free (hub);
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* Before anything translates: a language with our test catalogue, in a
   * locale that is not "C" (where gettext ignores LANGUAGE) */
  g_setenv ("LANGUAGE", TEST_LANGUAGE, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");

  g_test_init (&argc, &argv, NULL);
  make_locale_folder ();
  cpis_i18n_init (localedir);

  g_setenv ("GTK_A11Y", "test", FALSE);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/translation/window", test_translation_window);
  status = g_test_run ();

  remove_locale_folder ();
  return status;
}
