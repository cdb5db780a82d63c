/* test-area-report.c: the partnership's PDF report, read back as a viewer
 * reads it (poppler's pdfinfo and pdftotext), under Xvfb
 *
 * A report built by hand, with enough settings to run the tables onto a
 * second page: the pages there should be, in order; each page's foot
 * naming the area and the period and "Page n of N"; the first page's area,
 * period, LA, when and by whom it was produced, headline figures and the
 * suppression note; the charts' titles and their figures' labels as text;
 * a withheld count as "fewer than 5" or "<5", never as 0; and no child's
 * number anywhere.
 */
#include <string.h>

#include <glib/gstdio.h>

#include "cpis-area-report.h"
#include "cpis-period.h"
#include "cpis-test-ui.h"
#include "cpis-test-util.h"

#define N_SETTINGS 70

static CpisMeasureReport *
fixture_report (void)
{
  CpisMeasureReport *report = cpis_measure_report_new ("https://example.org/Measure/area-figures", "2025-12-01",
                                                       "2026-11-30", "North Riverside Partnership");
  CpisMeasureGroup *group;
  CpisMeasureStratifier *stratifier;
  CpisMeasureStratum *stratum;

  group = cpis_measure_group_new ("las-live", "Local authorities live");
  group->count = 2;
  group->denominator = 3;
  cpis_measure_report_add_group (report, group);

  group = cpis_measure_group_new ("settings-live", "Settings live");
  group->count = 41;
  group->denominator = N_SETTINGS;
  cpis_measure_report_add_group (report, group);

  group = cpis_measure_group_new ("plans-uploaded", "Plans uploaded");
  group->count = 480;
  stratifier = cpis_measure_stratifier_new ("la", NULL);
  cpis_measure_stratifier_add (stratifier, "9A1", "Northgate Council", 480);
  g_ptr_array_add (group->stratifiers, stratifier);
  cpis_measure_report_add_group (report, group);

  group = cpis_measure_group_new ("uploads-refused", "Uploads refused");
  group->count = 20;
  stratifier = cpis_measure_stratifier_new ("la", NULL);
  cpis_measure_stratifier_add (stratifier, "9A1", "Northgate Council", 20);
  g_ptr_array_add (group->stratifiers, stratifier);
  cpis_measure_report_add_group (report, group);

  group = cpis_measure_group_new ("attendances", "Attendances");
  group->count = 573;
  stratifier = cpis_measure_stratifier_new ("week", NULL);
  cpis_measure_stratifier_add (stratifier, "2025-12-01", NULL, 12);
  cpis_measure_stratifier_add (stratifier, "2025-12-08", NULL, CPIS_MEASURE_SUPPRESSED);
  cpis_measure_stratifier_add (stratifier, "2025-12-15", NULL, 9);
  g_ptr_array_add (group->stratifiers, stratifier);
  stratifier = cpis_measure_stratifier_new ("setting-kind", NULL);
  cpis_measure_stratifier_add (stratifier, "emergency-department", "Emergency department", 560);
  cpis_measure_stratifier_add (stratifier, "maternity", "Maternity unit", CPIS_MEASURE_SUPPRESSED);
  g_ptr_array_add (group->stratifiers, stratifier);
  cpis_measure_report_add_group (report, group);

  group = cpis_measure_group_new ("plans-now", "Children on plans");
  group->count = 150;
  stratifier = cpis_measure_stratifier_new ("plan-type", NULL);
  cpis_measure_stratifier_add (stratifier, "CPP", "Child protection plan", 90);
  cpis_measure_stratifier_add (stratifier, "LAC", "Looked-after child", 60);
  g_ptr_array_add (group->stratifiers, stratifier);
  cpis_measure_report_add_group (report, group);

  group = cpis_measure_group_new ("plans-at-start", "Children on plans at the start");
  group->count = 141;
  stratifier = cpis_measure_stratifier_new ("plan-type", NULL);
  cpis_measure_stratifier_add (stratifier, "CPP", "Child protection plan", 85);
  cpis_measure_stratifier_add (stratifier, "LAC", "Looked-after child", 56);
  g_ptr_array_add (group->stratifiers, stratifier);
  cpis_measure_report_add_group (report, group);

  group = cpis_measure_group_new ("follow-up", "Time to first action");
  stratifier = cpis_measure_stratifier_new ("time-to-first-action", NULL);
  cpis_measure_stratifier_add (stratifier, "under-1h", "Under an hour", 200);
  cpis_measure_stratifier_add (stratifier, "1h-4h", "1 to 4 hours", 300);
  g_ptr_array_add (group->stratifiers, stratifier);
  cpis_measure_report_add_group (report, group);

  group = cpis_measure_group_new ("follow-up-median", "Median");
  group->score = 97;
  cpis_measure_report_add_group (report, group);

  group = cpis_measure_group_new ("repeat-attendance", "Repeat attendance");
  group->count = CPIS_MEASURE_SUPPRESSED;
  group->denominator = 150;
  cpis_measure_report_add_group (report, group);

  group = cpis_measure_group_new ("settings", "Settings");
  stratifier = cpis_measure_stratifier_new ("setting", NULL);
  for (guint i = 0; i < N_SETTINGS; i++)
    {
      g_autofree char *code = g_strdup_printf ("RX%03u", i);
      g_autofree char *name = g_strdup_printf ("Riverside Setting %03u", i);

      stratum = cpis_measure_stratifier_add (stratifier, code, name, i < 41 ? 10 + i : 0);
      stratum->kind = g_strdup ("emergency-department");
      if (i < 41)
        stratum->last_check = g_strdup ("2026-11-29T23:10:00+00:00");
    }
  g_ptr_array_add (group->stratifiers, stratifier);
  cpis_measure_report_add_group (report, group);
  return report;
}

static void
assert_contains (const char *text,
                 const char *expected)
{
  if (strstr (text, expected) == NULL)
    g_error ("“%s” is not in: %s", expected, text);
}

static char *
write_report (CpisMeasureReport *report,
              const char        *la_name)
{
  g_autoptr(GDateTime) produced = g_date_time_new_utc (2026, 12, 3, 9, 14, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  char *path = NULL;
  GDate first, last;
  int fd;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 1, 12, 2025);
  g_date_set_dmy (&last, 30, 11, 2026);
  pdf = cpis_area_report_to_pdf (report, &first, &last, la_name, produced, "Pat Officer (officer)", &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (pdf, NULL), "%PDF-"));

  fd = g_file_open_tmp ("cpis-area-report-XXXXXX.pdf", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);
  return path;
}

static void
test_report_pages (void)
{
  g_autoptr(CpisMeasureReport) report = fixture_report ();
  g_autofree char *path = write_report (report, NULL);
  g_autoptr(GRegex) nhs_number = g_regex_new ("\\b\\d{3} ?\\d{3} ?\\d{4}\\b", 0, 0, NULL);
  g_autofree char *period = NULL;
  GDate first, last;
  guint pages = cpis_test_pdf_n_pages (path);

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 1, 12, 2025);
  g_date_set_dmy (&last, 30, 11, 2026);
  period = cpis_period_format (&first, &last);

  /* the title page, two of charts, and the tables over two pages */
  g_assert_cmpuint (pages, ==, 5);
  for (guint page = 1; page <= pages; page++)
    {
      g_autofree char *text = cpis_test_pdf_page_text (path, page);
      g_autofree char *foot = g_strdup_printf ("Page %u of %u", page, pages);

      assert_contains (text, "CP-IS area figures · North Riverside Partnership");
      assert_contains (text, period);
      assert_contains (text, foot);
      g_assert_false (g_regex_match (nhs_number, text, 0, NULL));

      switch (page)
        {
        case 1:
          assert_contains (text, "North Riverside Partnership");
          assert_contains (text, "Local authorities: all in the area");
          assert_contains (text, "Produced Thu 3 Dec 2026, 09:14 by Pat Officer (officer)");
          assert_contains (text, "Local authorities live 2 of 3");
          assert_contains (text, "Settings live 41 of 70");
          assert_contains (text, "Attendances this period 573");
          assert_contains (text, "Children on plans now 150 141 at the period's start");
          assert_contains (text, "Repeat attendance fewer than 5 of 150");
          assert_contains (text, "Median time to first action 1 h 37 min");
          assert_contains (text, "Counts from 1 to 4 are shown as “fewer than 5”");
          break;
        case 2:
          assert_contains (text, "Attendances per week");
          assert_contains (text, "1 Dec");
          assert_contains (text, "Attendances by kind of setting");
          assert_contains (text, "Emergency department");
          /* the withheld week and kind, marked as such */
          assert_contains (text, "<5");
          break;
        case 3:
          assert_contains (text, "Children on plans, by plan type");
          assert_contains (text, "Period start");
          assert_contains (text, "Child protection plan");
          assert_contains (text, "Time to the LA's first action");
          assert_contains (text, "1 to 4 hours");
          break;
        case 4:
          assert_contains (text, "Upload match rate by local authority");
          assert_contains (text, "Northgate Council 480 uploaded 20 refused 96.0% matched: meets the 95% target");
          assert_contains (text, "The area's settings");
          assert_contains (text, "Riverside Setting 000 Emergency department Live 10 checks");
          break;
        case 5:
          assert_contains (text, "Riverside Setting 069 Emergency department Not live 0 checks Last check: Never");
          break;
        default:
          break;
        }
    }
  g_unlink (path);
}

/* One LA chosen: said on the first page, with the note that the settings'
 * figures are the whole area's */
static void
test_report_one_la (void)
{
  g_autoptr(CpisMeasureReport) report = fixture_report ();
  g_autofree char *path = write_report (report, "Northgate Council");
  g_autofree char *text = cpis_test_pdf_page_text (path, 1);

  assert_contains (text, "Local authorities: Northgate Council");
  assert_contains (text, "the settings' figures are still the whole area's");
  g_unlink (path);
}

/* A report with no figures at all is still a report that says so, never zeros */
static void
test_report_no_figures (void)
{
  g_autoptr(CpisMeasureReport) report =
    cpis_measure_report_new ("https://example.org/Measure/area-figures", "2026-11-01", "2026-11-30", "North");
  g_autofree char *path = write_report (report, NULL);
  g_autofree char *first = cpis_test_pdf_page_text (path, 1);
  g_autofree char *charts = cpis_test_pdf_page_text (path, 2);
  g_autofree char *tables = cpis_test_pdf_page_text (path, cpis_test_pdf_n_pages (path));

  assert_contains (first, "Local authorities live not given");
  g_assert_null (strstr (first, " 0 "));
  assert_contains (charts, "No figures for this period");
  assert_contains (tables, "No settings were given.");
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  cpis_test_ui_init (&argc, &argv);

  g_test_add_func ("/area-report/pages", test_report_pages);
  g_test_add_func ("/area-report/one-la", test_report_one_la);
  g_test_add_func ("/area-report/no-figures", test_report_no_figures);

  return g_test_run ();
}
