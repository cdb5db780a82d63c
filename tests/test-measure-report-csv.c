/* test-measure-report-csv.c: an area's figures as CSV, read back
 *
 * A report built by hand (a withheld count, a measure of strata only, a
 * score, names with commas, quotes, line breaks and formulas in them) is
 * written, read back with the same reader the hub's import uses, and every
 * figure compared with the report's: the file says what the screen says.
 */
#include <string.h>

#include "cpis-csv.h"
#include "cpis-measure-report-csv.h"

static CpisMeasureReport *
fixture_report (void)
{
  CpisMeasureReport *report =
    cpis_measure_report_new ("https://example.org/Measure/area-figures", "2025-12-01", "2026-11-30",
                             "North Riverside, \"East\"");
  CpisMeasureGroup *group;
  CpisMeasureStratifier *stratifier;
  CpisMeasureStratum *stratum;

  group = cpis_measure_group_new ("las-live", "Local authorities live");
  group->count = 2;
  group->denominator = 3;
  cpis_measure_report_add_group (report, group);

  group = cpis_measure_group_new ("attendances", "Attendances");
  group->count = 573;
  stratifier = cpis_measure_stratifier_new ("setting-kind", "Kind of setting");
  cpis_measure_stratifier_add (stratifier, "emergency-department", "Emergency department", 560);
  cpis_measure_stratifier_add (stratifier, "maternity", "Maternity unit", CPIS_MEASURE_SUPPRESSED);
  cpis_measure_stratifier_add (stratifier, "walk-in-centre", "Walk-in centre", CPIS_MEASURE_HIDDEN);
  g_ptr_array_add (group->stratifiers, stratifier);
  stratifier = cpis_measure_stratifier_new ("week", NULL);
  cpis_measure_stratifier_add (stratifier, "2025-12-01", NULL, 0);
  cpis_measure_stratifier_add (stratifier, "2025-12-08", NULL, 11);
  g_ptr_array_add (group->stratifiers, stratifier);
  cpis_measure_report_add_group (report, group);

  /* strata only: no row of its own */
  group = cpis_measure_group_new ("settings", "The area's settings");
  stratifier = cpis_measure_stratifier_new ("setting", NULL);
  stratum = cpis_measure_stratifier_add (stratifier, "RXX01", "=HYPERLINK(\"http://x\",\"St Ann's\")", 40);
  stratum->kind = g_strdup ("emergency-department");
  stratum->last_check = g_strdup ("2026-11-29T23:10:00+00:00");
  stratum = cpis_measure_stratifier_add (stratifier, "RXX02", "Riverside\nWalk-in, Centre", 0);
  stratum->kind = g_strdup ("walk-in-centre");
  g_ptr_array_add (group->stratifiers, stratifier);
  cpis_measure_report_add_group (report, group);

  group = cpis_measure_group_new ("follow-up-median", "Median time to first action");
  group->score = 97;
  cpis_measure_report_add_group (report, group);

  group = cpis_measure_group_new ("follow-up-p90", "90th percentile");
  group->score = CPIS_MEASURE_SUPPRESSED;
  cpis_measure_report_add_group (report, group);
  return report;
}

/* A cell as it was before the formula guard: the one quote taken off */
static const char *
unguarded (const char *cell)
{
  if (cell[0] == '\'' && strchr ("=+-@\t\r", cell[1]) != NULL && cell[1] != '\0')
    return cell + 1;
  return cell;
}

static gint64
count_of (const char *cell)
{
  if (g_str_equal (cell, "<5"))
    return CPIS_MEASURE_SUPPRESSED;
  if (g_str_equal (cell, "hidden"))
    return CPIS_MEASURE_HIDDEN;
  if (cell[0] == '\0')
    return CPIS_MEASURE_NO_COUNT;
  return g_ascii_strtoll (cell, NULL, 10);
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static const char *
cell (CpisCsvRow *row,
      guint       column)
{
  return unguarded (g_ptr_array_index (row->fields, column));
}

static void
test_csv_round_trip (void)
{
  g_autoptr(CpisMeasureReport) report = fixture_report ();
  g_autoptr(GBytes) csv = cpis_measure_report_to_csv (report, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint next = 0;

  rows = cpis_csv_read (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), cpis_measure_report_csv_header,
                        CPIS_MEASURE_REPORT_CSV_N_COLUMNS, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);

  /* every group with figures of its own, then each of its strata, in order */
  for (guint g = 0; g < cpis_measure_report_get_n_groups (report); g++)
    {
      const CpisMeasureGroup *group = cpis_measure_report_get_group (report, g);

      if (group->count != CPIS_MEASURE_NO_COUNT || group->denominator != CPIS_MEASURE_NO_COUNT ||
          group->score != CPIS_MEASURE_NO_COUNT)
        {
          CpisCsvRow *row = g_ptr_array_index (rows, next++);

          g_assert_cmpuint (row->fields->len, ==, CPIS_MEASURE_REPORT_CSV_N_COLUMNS);
          g_assert_cmpstr (cell (row, 0), ==, "North Riverside, \"East\"");
          g_assert_cmpstr (cell (row, 1), ==, "All");
          g_assert_cmpstr (cell (row, 2), ==, "2025-12-01");
          g_assert_cmpstr (cell (row, 3), ==, "2026-11-30");
          g_assert_cmpstr (cell (row, 4), ==, group->code);
          g_assert_cmpstr (cell (row, 5), ==, group->text);
          g_assert_cmpstr (cell (row, 6), ==, "");
          g_assert_cmpint (count_of (cell (row, 9)), ==, group->count);
          g_assert_cmpint (count_of (cell (row, 10)), ==, group->denominator);
          g_assert_cmpint (count_of (cell (row, 11)), ==, group->score);
        }
      for (guint s = 0; s < group->stratifiers->len; s++)
        {
          const CpisMeasureStratifier *stratifier = g_ptr_array_index (group->stratifiers, s);

          for (guint i = 0; i < stratifier->strata->len; i++)
            {
              const CpisMeasureStratum *stratum = g_ptr_array_index (stratifier->strata, i);
              CpisCsvRow *row = g_ptr_array_index (rows, next++);

              g_assert_cmpstr (cell (row, 4), ==, group->code);
              g_assert_cmpstr (cell (row, 6), ==, stratifier->code);
              g_assert_cmpstr (cell (row, 7), ==, stratum->value);
              g_assert_cmpstr (cell (row, 8), ==, or_empty (stratum->text));
              g_assert_cmpint (count_of (cell (row, 9)), ==, stratum->count);
              g_assert_cmpstr (cell (row, 10), ==, "");
              g_assert_cmpstr (cell (row, 12), ==, or_empty (stratum->kind));
              g_assert_cmpstr (cell (row, 13), ==, or_empty (stratum->last_check));
            }
        }
    }
  g_assert_cmpuint (next, ==, rows->len);
  /* las-live, attendances + 5 strata, 2 settings, median, p90 */
  g_assert_cmpuint (rows->len, ==, 11);
}

/* What a spreadsheet is given: CRLF rows, quoted cells, no live formula,
 * withheld counts as "<5" and never 0 */
static void
test_csv_as_written (void)
{
  g_autoptr(CpisMeasureReport) report = fixture_report ();
  g_autoptr(GBytes) csv = cpis_measure_report_to_csv (report, "Northgate Council");
  g_autofree char *text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  g_assert_true (g_str_has_prefix (text, "\"area\",\"local_authority\",\"period_start\""));
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  g_assert_nonnull (strstr (text, "\"'=HYPERLINK(\"\"http://x\"\",\"\"St Ann's\"\")\""));
  g_assert_null (strstr (text, ",\"=HYPERLINK"));
  g_assert_nonnull (strstr (text, "\"Riverside\nWalk-in, Centre\""));
  g_assert_nonnull (strstr (text, "\"maternity\",\"Maternity unit\",\"<5\""));
  /* hidden with it: perhaps 5 or more, never written as fewer */
  g_assert_nonnull (strstr (text, "\"walk-in-centre\",\"Walk-in centre\",\"hidden\""));
  g_assert_nonnull (strstr (text, "\"follow-up-p90\",\"90th percentile\",\"\",\"\",\"\",\"\",\"\",\"<5\""));
  g_assert_nonnull (strstr (lines[1], "\"Northgate Council\""));
  /* the header, 11 rows, one of them spanning two lines, and the end */
  g_assert_cmpuint (g_strv_length (lines), ==, 13);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/measure-report-csv/round-trip", test_csv_round_trip);
  g_test_add_func ("/measure-report-csv/as-written", test_csv_as_written);

  return g_test_run ();
}
