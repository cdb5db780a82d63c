/* test-ui-partnership.c: the partnership officer's dashboard, with the real
 * hub in-process over loopback HTTP, under Xvfb
 *
 * The area North: Northgate Council (LA1, six children on plans, each
 * checked once at the ED today) and Amberley Council (LA2, two children on
 * plans, none checked), and Northgate General ED. What the officer sees is
 * checked as they would read it: the tiles' words, the match-rate list, a
 * withheld count as "fewer than 5", a hub gone away as a failure (never
 * zeros), and the figures of an earlier choice never shown under a later.
 * Exported, the CSV holds the figures shown and the PDF (read back with
 * pdftotext) the area, the period shown and who produced it; with no
 * figures shown nothing is written.
 *
 * NHS numbers are synthetic (999 range, valid check digits).
 */
#include <glib/gstdio.h>

#include "cpis-csv.h"
#include "cpis-date.h"
#include "cpis-measure-report-csv.h"
#include "cpis-period.h"
#include "cpis-figure-tile.h"
#include "cpis-partnership-view.h"
#include "cpis-test-hub.h"
#include "cpis-test-ui.h"
#include "cpis-test-util.h"

#define PASSWORD "correct horse battery"

typedef struct
{
  CpisTestHub         *hub;
  CpisSession         *session;
  GtkWindow           *window;
  CpisPartnershipView *view;
} Fixture;

static CpisTestHub *
new_hub (void)
{
  CpisTestHub *hub = cpis_test_hub_new ();
  CpisHubOrganisation ed = {
    .ods_code = (char *) "ED1",
    .name = (char *) "Northgate General ED",
    .kind = CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE,
    .area = (char *) "North",
    .setting_kind = (char *) "emergency-department",
  };
  g_autoptr(GError) error = NULL;

  cpis_test_hub_add_org (hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (hub, "LA2", "Amberley Council", "local-authority", "North");
  g_assert_true (cpis_hub_store_put_organisation (cpis_test_hub_get_store (hub), &ed, &error));
  g_assert_no_error (error);
  cpis_test_hub_add_user (hub, "officer", PASSWORD, "partnership-officer", "LA1");
  cpis_test_hub_add_user (hub, "nurse", PASSWORD, "clinician", "ED1");
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *child = cpis_test_nhs_number (1000 + i * 10);

      cpis_test_hub_add_plan (hub, child, i % 2 == 0 ? "CPP" : "LAC", "2025-01-02", NULL, NULL,
                              i < 6 ? "LA1" : "LA2");
      if (i < 6)
        cpis_test_hub_record_check (hub, child, "nurse", "LA1");
    }
  return hub;
}

static gboolean
report_shown (gpointer data)
{
  Fixture *fixture = data;

  return cpis_partnership_view_get_report (fixture->view) != NULL &&
         cpis_test_ui_find_label (GTK_WIDGET (fixture->view), "Local authorities live") != NULL;
}

static void
fixture_open (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  fixture->hub = new_hub ();
  fixture->session = cpis_session_new ();
  cpis_session_sign_in_async (fixture->session, cpis_test_hub_get_base_url (fixture->hub), "officer", PASSWORD,
                              CPIS_PASSWORD_LEAVE, NULL, cpis_test_ui_store_result_cb, &result);
  cpis_test_ui_iterate_until (cpis_test_ui_pointer_set, &result);
  user = cpis_session_sign_in_finish (fixture->session, result, &error);
  g_assert_no_error (error);

  fixture->view = CPIS_PARTNERSHIP_VIEW (cpis_partnership_view_new ());
  cpis_partnership_view_set_session (fixture->view, fixture->session);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1100, 800);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  cpis_test_ui_iterate_until (report_shown, fixture);
}

static void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->session);
  cpis_test_hub_free (fixture->hub);
}

/* The value of the tile whose caption is @caption */
static const char *
tile_value (Fixture    *fixture,
            const char *caption)
{
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();

  cpis_test_ui_collect_widgets_of_type (GTK_WIDGET (fixture->view), CPIS_TYPE_FIGURE_TILE, tiles);
  for (guint i = 0; i < tiles->len; i++)
    if (cpis_test_ui_find_label (g_ptr_array_index (tiles, i), caption) != NULL)
      return cpis_figure_tile_get_value (g_ptr_array_index (tiles, i));
  g_error ("no tile %s", caption);
}

static GtkDropDown *
drop_down (Fixture *fixture,
           guint    index)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  cpis_test_ui_collect_widgets_of_type (GTK_WIDGET (fixture->view), GTK_TYPE_DROP_DOWN, found);
  g_assert_cmpuint (found->len, >, index);
  return g_ptr_array_index (found, index);
}

static void
test_figures (void)
{
  Fixture fixture = { 0 };
  gint64 accesses;

  fixture_open (&fixture);
  accesses = cpis_test_hub_count_accesses (fixture.hub, NULL);

  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "North");
  g_assert_cmpstr (tile_value (&fixture, "Local authorities live"), ==, "2 of 2");
  g_assert_cmpstr (tile_value (&fixture, "Settings live"), ==, "1 of 1");
  g_assert_cmpstr (tile_value (&fixture, "Attendances this period"), ==, "6");
  g_assert_cmpstr (tile_value (&fixture, "Children on plans now"), ==, "8");
  g_assert_cmpstr (tile_value (&fixture, "Plans uploaded"), ==, "8");
  /* six children each checked once: none three times */
  g_assert_cmpstr (tile_value (&fixture, "Repeat attendance"), ==, "0 of 6");
  /* six notifications, none acted on: a median of none is not one */
  g_assert_cmpstr (tile_value (&fixture, "Median time to first action"), ==, "not given");
  /* Amberley's two uploads are withheld, and Northgate's six with them:
   * hidden, never said to be fewer than 5 */
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "fewer than 5 uploaded");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "hidden uploaded");
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), "2 uploaded");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Match rate not shown: small numbers");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Northgate General ED");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Emergency department");

  /* the officer's reading recorded nothing, and asked nothing of a child */
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture.hub, NULL), ==, accesses);
  fixture_close (&fixture);
}

static gboolean
failed_shown (gpointer data)
{
  Fixture *fixture = data;

  return cpis_test_ui_find_label (GTK_WIDGET (fixture->view), "The figures could not be fetched") != NULL;
}

static void
test_hub_gone (void)
{
  Fixture fixture = { 0 };

  fixture_open (&fixture);
  cpis_test_hub_stop_server (fixture.hub);
  cpis_partnership_view_reload (fixture.view);
  cpis_test_ui_iterate_until (failed_shown, &fixture);
  /* no figures under a failure: neither the old ones nor zeros */
  g_assert_null (cpis_partnership_view_get_report (fixture.view));
  g_assert_null (cpis_test_ui_find_label (GTK_WIDGET (fixture.view), "Local authorities live"));

  cpis_test_hub_restart_server (fixture.hub);
  cpis_partnership_view_reload (fixture.view);
  cpis_test_ui_iterate_until (report_shown, &fixture);
  g_assert_cmpstr (tile_value (&fixture, "Attendances this period"), ==, "6");
  fixture_close (&fixture);
}

static void
test_later_choice_wins (void)
{
  Fixture fixture = { 0 };
  GtkDropDown *las;
  const CpisMeasureGroup *live;

  fixture_open (&fixture);
  las = drop_down (&fixture, 1);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (las)), ==, 3);

  /* Amberley, then at once all of them: only the second answer may show */
  gtk_drop_down_set_selected (las, 1);
  gtk_drop_down_set_selected (las, 0);
  cpis_test_ui_iterate_until (report_shown, &fixture);
  /* let any answer to the first request arrive too */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (200000);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  live = cpis_measure_report_lookup_group (cpis_partnership_view_get_report (fixture.view), "las-live");
  g_assert_cmpint (live->denominator, ==, 2);
  g_assert_cmpstr (tile_value (&fixture, "Local authorities live"), ==, "2 of 2");

  /* one LA: its own figures, and the note that the settings' are still the area's */
  gtk_drop_down_set_selected (las, 1);
  cpis_test_ui_iterate_until (report_shown, &fixture);
  g_assert_cmpstr (tile_value (&fixture, "Local authorities live"), ==, "1 of 1");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "the settings' figures are still the whole area's");
  fixture_close (&fixture);
}

static gboolean
period_error_shown (gpointer data)
{
  Fixture *fixture = data;

  return cpis_test_ui_find_label (GTK_WIDGET (fixture->view), "Type both dates") != NULL ||
         cpis_test_ui_find_label (GTK_WIDGET (fixture->view), "ends before") != NULL;
}

static void
test_chosen_dates (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now (cpis_date_uk_time_zone ());
  g_autofree char *today = g_date_time_format (now, "%d/%m/%Y");
  g_autofree char *today_iso = g_date_time_format (now, "%Y-%m-%d");
  GtkButton *show;

  fixture_open (&fixture);
  gtk_drop_down_set_selected (drop_down (&fixture, 0), 3);
  cpis_test_ui_collect_widgets_of_type (GTK_WIDGET (fixture.view), GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 2);

  /* not a date: said, and the figures shown stay under their own period */
  gtk_editable_set_text (g_ptr_array_index (entries, 0), "31/02/2026");
  gtk_editable_set_text (g_ptr_array_index (entries, 1), today);
  g_signal_emit_by_name (g_ptr_array_index (entries, 1), "activate");
  cpis_test_ui_iterate_until (period_error_shown, &fixture);
  g_assert_nonnull (cpis_partnership_view_get_report (fixture.view));

  gtk_editable_set_text (g_ptr_array_index (entries, 0), "1/1/2026");
  show = GTK_BUTTON (gtk_widget_get_next_sibling (g_ptr_array_index (entries, 1)));
  g_signal_emit_by_name (show, "clicked");
  cpis_test_ui_iterate_until (report_shown, &fixture);
  g_assert_cmpstr (cpis_measure_report_get_period_start (cpis_partnership_view_get_report (fixture.view)), ==,
                   "2026-01-01");
  g_assert_cmpstr (cpis_measure_report_get_period_end (cpis_partnership_view_get_report (fixture.view)), ==,
                   today_iso);
  fixture_close (&fixture);
}

static gboolean
export_done (gpointer data)
{
  Fixture *fixture = data;
  const char *message = cpis_partnership_view_get_export_message (fixture->view);

  return message != NULL && !g_str_equal (message, "Saving…");
}

static char *
temporary_path (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cpis-export-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static void
remove_temporary (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_export (void)
{
  Fixture fixture = { 0 };
  g_autofree char *csv_path = temporary_path ("figures.csv");
  g_autofree char *pdf_path = temporary_path ("report.pdf");
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf_path);
  g_autofree char *csv = NULL;
  g_autofree char *page = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *period = NULL;
  CpisMeasureReport *report;
  GDate first, last;
  gsize length;
  gboolean found = FALSE;

  fixture_open (&fixture);

  g_assert_true (cpis_partnership_view_export_to (fixture.view, CPIS_PARTNERSHIP_EXPORT_CSV, csv_file));
  cpis_test_ui_iterate_until (export_done, &fixture);
  g_assert_cmpstr (cpis_partnership_view_get_export_message (fixture.view), ==, "Saved “figures.csv”.");
  g_assert_true (g_file_get_contents (csv_path, &csv, &length, &error));
  g_assert_no_error (error);
  rows = cpis_csv_read (csv, length, cpis_measure_report_csv_header, CPIS_MEASURE_REPORT_CSV_N_COLUMNS, NULL, 0,
                        NULL, &error);
  g_assert_no_error (error);
  /* the figures shown: the area's six attendances, its two LAs live of two */
  for (guint i = 0; i < rows->len; i++)
    {
      CpisCsvRow *row = g_ptr_array_index (rows, i);
      const char *measure = g_ptr_array_index (row->fields, 4);
      const char *breakdown = g_ptr_array_index (row->fields, 6);

      g_assert_cmpstr (g_ptr_array_index (row->fields, 0), ==, "North");
      g_assert_cmpstr (g_ptr_array_index (row->fields, 1), ==, "All");
      if (g_str_equal (measure, "attendances") && breakdown[0] == '\0')
        {
          g_assert_cmpstr (g_ptr_array_index (row->fields, 9), ==, "6");
          found = TRUE;
        }
      if (g_str_equal (measure, "las-live") && breakdown[0] == '\0')
        {
          g_assert_cmpstr (g_ptr_array_index (row->fields, 9), ==, "2");
          g_assert_cmpstr (g_ptr_array_index (row->fields, 10), ==, "2");
        }
    }
  g_assert_true (found);

  g_assert_true (cpis_partnership_view_export_to (fixture.view, CPIS_PARTNERSHIP_EXPORT_PDF, pdf_file));
  cpis_test_ui_iterate_until (export_done, &fixture);
  g_assert_cmpstr (cpis_partnership_view_get_export_message (fixture.view), ==, "Saved “report.pdf”.");
  g_assert_cmpuint (cpis_test_pdf_n_pages (pdf_path), >=, 4);
  page = cpis_test_pdf_page_text (pdf_path, 1);
  /* the period the screen shows, whose figures they are */
  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  report = cpis_partnership_view_get_report (fixture.view);
  g_assert_true (cpis_date_parse (cpis_measure_report_get_period_start (report), &first));
  g_assert_true (cpis_date_parse (cpis_measure_report_get_period_end (report), &last));
  period = cpis_period_format (&first, &last);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), period);
  g_assert_nonnull (strstr (page, period));
  g_assert_nonnull (strstr (page, "North"));
  g_assert_nonnull (strstr (page, "Local authorities live 2 of 2"));
  g_assert_nonnull (strstr (page, "Attendances this period 6"));
  g_assert_nonnull (strstr (page, "Produced "));
  g_assert_nonnull (strstr (page, "(officer)"));

  remove_temporary (csv_path);
  remove_temporary (pdf_path);
  fixture_close (&fixture);
}

/* While no figures are shown (fetching, failed), nothing is written: never
 * an earlier choice's figures, never zeros */
static void
test_export_needs_figures (void)
{
  Fixture fixture = { 0 };
  g_autofree char *path = temporary_path ("figures.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);

  fixture_open (&fixture);
  cpis_test_hub_stop_server (fixture.hub);
  cpis_partnership_view_reload (fixture.view);
  /* fetching */
  g_assert_false (cpis_partnership_view_export_to (fixture.view, CPIS_PARTNERSHIP_EXPORT_CSV, file));
  cpis_test_ui_iterate_until (failed_shown, &fixture);
  /* failed */
  g_assert_false (cpis_partnership_view_export_to (fixture.view, CPIS_PARTNERSHIP_EXPORT_PDF, file));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (cpis_partnership_view_get_export_message (fixture.view));

  remove_temporary (path);
  fixture_close (&fixture);
}

/* The officer's page fits a window 800 pixels wide, at 1× and at 1.5×
 * text: nothing of it (the Export menu, a tile, a setting's row) beyond
 * the window's edge */
static void
test_fits_800_wide (void)
{
  Fixture fixture = { 0 };
  GtkSettings *settings = gtk_settings_get_default ();
  int dpi = 0;

  fixture_open (&fixture);
  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  if (dpi <= 0)
    dpi = 96 * 1024;
  for (guint scale = 0; scale < 2; scale++)
    {
      int minimum = 0;

      g_object_set (settings, "gtk-xft-dpi", scale == 0 ? dpi : dpi * 3 / 2, NULL);
      for (guint i = 0; i < 20; i++)
        g_main_context_iteration (NULL, FALSE);
      gtk_widget_measure (GTK_WIDGET (fixture.view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_test_message ("at %s text the page needs %d pixels", scale == 0 ? "1×" : "1.5×", minimum);
      g_assert_cmpint (minimum, <=, 800);
    }
  gtk_settings_reset_property (settings, "gtk-xft-dpi");
  fixture_close (&fixture);
}

int
main (int    argc,
      char **argv)
{
  cpis_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/partnership/figures", test_figures);
  g_test_add_func ("/ui/partnership/hub-gone", test_hub_gone);
  g_test_add_func ("/ui/partnership/later-choice-wins", test_later_choice_wins);
  g_test_add_func ("/ui/partnership/chosen-dates", test_chosen_dates);
  g_test_add_func ("/ui/partnership/fits-800-wide", test_fits_800_wide);
  g_test_add_func ("/ui/partnership/export", test_export);
  g_test_add_func ("/ui/partnership/export-needs-figures", test_export_needs_figures);

  return g_test_run ();
}
