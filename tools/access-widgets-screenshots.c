/* access-widgets-screenshots.c: pictures of the access history list and the
 * access timeline together, light and dark
 *
 *   tests/run-xvfb.sh build/tools/access-widgets-screenshots [OUT-DIR]
 *
 * (after meson compile -C build). Shows both widgets as the clinician view
 * does, with the synthetic history of test-access-widgets and one access
 * selected, in the application's styles, and saves access-widgets-light.png
 * and access-widgets-dark.png in OUT-DIR (by default the current folder). A
 * tool, not a test: what the widgets do is checked by test-access-widgets;
 * this says where it saved each picture, or which step it could not reach.
 */
#include <adwaita.h>
#include <gtk/gtk.h>
#include <stdlib.h>

#include "cpis-access-history-list.h"
#include "cpis-test-access-history.h"
#include "cpis-test-ui.h"

static void
say (const char *text)
{
  g_print ("access-widgets-screenshots: %s\n", text);
}

static void
select_action (GtkWidget  *timeline,
               const char *action)
{
  if (!gtk_widget_activate_action (timeline, action, NULL))
    {
      g_autofree char *text = g_strdup_printf ("the timeline has no action %s", action);

      say (text);
      exit (1);
    }
}

static GtkCssProvider *
add_style (const char *resource)
{
  GtkCssProvider *css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, resource);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  return css;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *out_dir = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GtkCssProvider) style = NULL;
  g_autoptr(GtkCssProvider) style_dark = NULL;
  AdwStyleManager *manager;
  GtkWidget *box, *timeline, *list, *window;

  if (argc > 2 || (argc == 2 && g_str_has_prefix (argv[1], "-")))
    {
      g_printerr ("Usage: %s [OUT-DIR]\n", argv[0]);
      return 2;
    }
  out_dir = g_canonicalize_filename (argc == 2 ? argv[1] : ".", NULL);
  if (!g_file_test (out_dir, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("%s is not a folder\n", out_dir);
      return 2;
    }
  /* where cpis_test_ui_save_screenshot() saves */
  g_setenv ("CPIS_SCREENSHOT_DIR", out_dir, TRUE);

  /* as the GUI tests run: drawn the same on every machine, no portal or
   * accessibility bus to wait for, no settings written */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);

  if (!gtk_init_check ())
    {
      say ("no display (run it under tests/run-xvfb.sh)");
      return 1;
    }
  adw_init ();
  manager = adw_style_manager_get_default ();
  style = add_style ("/io/github/cpisdesktop/CpisDesktop/style.css");

  store = cpis_test_access_store_new (cpis_test_access_history, CPIS_TEST_ACCESS_HISTORY_LENGTH);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  timeline = cpis_test_access_timeline_new (store);
  list = cpis_access_history_list_new ();
  cpis_access_history_list_set_model (CPIS_ACCESS_HISTORY_LIST (list), G_LIST_MODEL (store));
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_box_append (GTK_BOX (box), timeline);
  gtk_box_append (GTK_BOX (box), list);
  window = cpis_test_ui_show_in_window (box, 900);
  gtk_widget_add_css_class (window, "view");
  select_action (timeline, "timeline.select-last");
  select_action (timeline, "timeline.select-previous");
  gtk_widget_grab_focus (timeline);
  gtk_test_widget_wait_for_draw (window);
  cpis_test_ui_save_screenshot (window, "access-widgets-light");

  /* the dark style, with the application's dark colours over it */
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  if (!adw_style_manager_get_dark (manager))
    {
      say ("the dark style could not be set");
      return 1;
    }
  style_dark = add_style ("/io/github/cpisdesktop/CpisDesktop/style-dark.css");
  gtk_widget_queue_draw (window);
  gtk_test_widget_wait_for_draw (window);
  cpis_test_ui_save_screenshot (window, "access-widgets-dark");

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
