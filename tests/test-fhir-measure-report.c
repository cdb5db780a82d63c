/* test-fhir-measure-report.c: a partnership's figures read from a FHIR
 * MeasureReport, and every way one can be wrong refused (no display) */

#include <glib.h>

#include "cpis-fhir-codec.h"

/* Rollout and attendances for the Testshire area, 5 Nov to 2 Dec 2026:
 * 3 of 4 LAs live; attendances by week, one week withheld; by setting
 * kind, with words */
#define REPORT \
  "{\"resourceType\":\"MeasureReport\",\"status\":\"complete\",\"type\":\"summary\"," \
  "\"measure\":\"https://cpis.example/fhir/Measure/attendances\"," \
  "\"date\":\"2026-12-02T10:00:00Z\"," \
  "\"period\":{\"start\":\"2026-11-05\",\"end\":\"2026-12-02\"}," \
  "\"reporter\":{\"display\":\"Testshire\"}," \
  "\"group\":[" \
  "{\"code\":{\"coding\":[{\"code\":\"las-live\"}],\"text\":\"Local authorities live\"}," \
  " \"population\":[{\"code\":{\"coding\":[{\"code\":\"numerator\"}]},\"count\":3}," \
  "                {\"code\":{\"coding\":[{\"code\":\"denominator\"}]},\"count\":4}]}," \
  "{\"code\":{\"coding\":[{\"code\":\"attendances\"}]}," \
  " \"population\":[{\"code\":{\"coding\":[{\"code\":\"initial-population\"}]},\"count\":57}]," \
  " \"stratifier\":[" \
  "  {\"code\":[{\"coding\":[{\"code\":\"week\"}],\"text\":\"Week\"}]," \
  "   \"stratum\":[{\"value\":{\"text\":\"2026-11-02\"},\"population\":[{\"count\":21}]}," \
  "              {\"value\":{\"text\":\"2026-11-09\"},\"population\":[{\"extension\":[{\"url\":\"https://cpis.example/fhir/StructureDefinition/suppressed\",\"valueBoolean\":true}]}]}," \
  "              {\"value\":{\"text\":\"2026-11-16\"},\"population\":[{\"count\":0}]}]}," \
  "  {\"code\":[{\"coding\":[{\"code\":\"setting-kind\"}]}]," \
  "   \"stratum\":[{\"value\":{\"coding\":[{\"code\":\"emergency-department\",\"display\":\"Emergency department\"}]},\"population\":[{\"count\":50}]}," \
  "              {\"value\":{\"coding\":[{\"code\":\"maternity\"}],\"text\":\"Maternity unit\"},\"population\":[{\"code\":{\"text\":\"fewer than 5\"}}]}]}]}]}"

static void
test_report (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisMeasureReport) report = cpis_fhir_decode_measure_report (REPORT, -1, &error);
  const CpisMeasureGroup *live, *attendances;
  const CpisMeasureStratifier *weeks, *kinds;
  const CpisMeasureStratum *stratum;

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpstr (cpis_measure_report_get_measure (report), ==, "https://cpis.example/fhir/Measure/attendances");
  g_assert_cmpstr (cpis_measure_report_get_period_start (report), ==, "2026-11-05");
  g_assert_cmpstr (cpis_measure_report_get_period_end (report), ==, "2026-12-02");
  g_assert_cmpstr (cpis_measure_report_get_reporter (report), ==, "Testshire");
  g_assert_cmpuint (cpis_measure_report_get_n_groups (report), ==, 2);

  live = cpis_measure_report_lookup_group (report, "las-live");
  g_assert_nonnull (live);
  g_assert_cmpstr (live->text, ==, "Local authorities live");
  g_assert_cmpint (live->count, ==, 3);
  g_assert_cmpint (live->denominator, ==, 4);
  g_assert_cmpuint (live->stratifiers->len, ==, 0);

  attendances = cpis_measure_report_lookup_group (report, "attendances");
  g_assert_cmpint (attendances->count, ==, 57);
  g_assert_cmpint (attendances->denominator, ==, CPIS_MEASURE_NO_COUNT);
  weeks = cpis_measure_group_lookup_stratifier (attendances, "week");
  g_assert_nonnull (weeks);
  g_assert_cmpstr (weeks->text, ==, "Week");
  g_assert_cmpuint (weeks->strata->len, ==, 3);
  stratum = weeks->strata->pdata[0];
  g_assert_cmpstr (stratum->value, ==, "2026-11-02");
  g_assert_cmpint (stratum->count, ==, 21);
  /* withheld: never 0 */
  stratum = weeks->strata->pdata[1];
  g_assert_cmpint (stratum->count, ==, CPIS_MEASURE_SUPPRESSED);
  stratum = weeks->strata->pdata[2];
  g_assert_cmpint (stratum->count, ==, 0);

  kinds = cpis_measure_group_lookup_stratifier (attendances, "setting-kind");
  stratum = kinds->strata->pdata[0];
  g_assert_cmpstr (stratum->value, ==, "emergency-department");
  g_assert_cmpstr (stratum->text, ==, "Emergency department");
  g_assert_cmpint (stratum->count, ==, 50);
  stratum = kinds->strata->pdata[1];
  g_assert_cmpstr (stratum->value, ==, "maternity");
  g_assert_cmpstr (stratum->text, ==, "Maternity unit");
  g_assert_cmpint (stratum->count, ==, CPIS_MEASURE_SUPPRESSED);

  g_assert_null (cpis_measure_report_lookup_group (report, "repeat-attendance"));
  g_assert_null (cpis_measure_group_lookup_stratifier (attendances, "setting"));
}

/* @from replaced by @to in REPORT (once, and it must be there) */
static char *
report_with (const char *from,
             const char *to)
{
  g_autoptr(GString) json = g_string_new (REPORT);

  g_assert_cmpuint (g_string_replace (json, from, to, 1), ==, 1);
  return g_strdup (json->str);
}

/* Refused, each with an error that says why: a count that cannot be read
 * must not read as 0, and a report that names patients is not a
 * partnership's */
static void
test_refused (void)
{
  const struct { const char *what, *from, *to; int code; } cases[] = {
    { "a count missing, not said to be withheld", "\"population\":[{\"count\":21}]", "\"population\":[{}]",
      CPIS_FHIR_ERROR_INVALID },
    { "a negative count", "\"count\":21", "\"count\":-21", CPIS_FHIR_ERROR_INVALID },
    { "a count with a fraction", "\"count\":21", "\"count\":21.5", CPIS_FHIR_ERROR_INVALID },
    { "a count as text", "\"count\":21", "\"count\":\"21\"", CPIS_FHIR_ERROR_INVALID },
    { "a count past all counting", "\"count\":21", "\"count\":99999999999999999", CPIS_FHIR_ERROR_INVALID },
    { "a count of null, not said to be withheld", "\"count\":21", "\"count\":null", CPIS_FHIR_ERROR_INVALID },
    { "a report of individuals", "\"type\":\"summary\"", "\"type\":\"individual\"", CPIS_FHIR_ERROR_INVALID },
    { "a list of subjects", "\"type\":\"summary\"", "\"type\":\"subject-list\"", CPIS_FHIR_ERROR_INVALID },
    { "figures not final", "\"status\":\"complete\"", "\"status\":\"pending\"", CPIS_FHIR_ERROR_INVALID },
    { "a subject", "\"reporter\":", "\"subject\":{\"reference\":\"Patient/9991000003\"},\"reporter\":",
      CPIS_FHIR_ERROR_INVALID },
    { "resources evaluated", "\"reporter\":", "\"evaluatedResource\":[{\"reference\":\"Patient/1\"}],\"reporter\":",
      CPIS_FHIR_ERROR_INVALID },
    { "a group's subjects", "{\"code\":{\"coding\":[{\"code\":\"attendances\"}]},",
      "{\"code\":{\"coding\":[{\"code\":\"attendances\"}]},\"subjectResults\":{\"reference\":\"List/1\"},",
      CPIS_FHIR_ERROR_INVALID },
    { "a population's subjects", "\"population\":[{\"count\":21}]",
      "\"population\":[{\"count\":21,\"subjectResults\":{\"reference\":\"List/1\"}}]", CPIS_FHIR_ERROR_INVALID },
    { "no measure", "\"measure\":", "\"measureX\":", CPIS_FHIR_ERROR_INVALID },
    { "no period", "\"period\":", "\"periodX\":", CPIS_FHIR_ERROR_INVALID },
    { "a period that is not a date", "\"start\":\"2026-11-05\"", "\"start\":\"5/11/2026\"", CPIS_FHIR_ERROR_INVALID },
    { "a group without a code", "{\"code\":{\"coding\":[{\"code\":\"las-live\"}],\"text\":\"Local authorities live\"},",
      "{", CPIS_FHIR_ERROR_INVALID },
    { "a stratum without a value", "{\"value\":{\"text\":\"2026-11-02\"},", "{", CPIS_FHIR_ERROR_INVALID },
    { "another resource", "\"resourceType\":\"MeasureReport\"", "\"resourceType\":\"OperationOutcome\"",
      CPIS_FHIR_ERROR_WRONG_RESOURCE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = report_with (cases[i].from, cases[i].to);
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisMeasureReport) report = NULL;

      g_test_message ("%s", cases[i].what);
      report = cpis_fhir_decode_measure_report (json, -1, &error);
      g_assert_null (report);
      g_assert_error (error, CPIS_FHIR_ERROR, cases[i].code);
      g_assert_nonnull (error->message);
    }
}

/* Not JSON, or hostile: a clear error, nothing decoded */
static void
test_hostile (void)
{
  const char *bodies[] = { "", "not json", "[]", "{\"resourceType\":", "\xff\xfe{}", NULL };
  g_autoptr(GString) deep = g_string_new ("{\"resourceType\":\"MeasureReport\",\"group\":");

  for (guint i = 0; bodies[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisMeasureReport) report = cpis_fhir_decode_measure_report (bodies[i], -1, &error);

      g_assert_null (report);
      g_assert_nonnull (error);
    }

  for (guint i = 0; i < 5000; i++)
    g_string_append (deep, "[");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CpisMeasureReport) report = cpis_fhir_decode_measure_report (deep->str, -1, &error);

    g_assert_null (report);
    g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON);
  }
}

/* A period given as dateTimes is read as its dates */
static void
test_date_times (void)
{
  g_autofree char *json = report_with ("\"period\":{\"start\":\"2026-11-05\",\"end\":\"2026-12-02\"}",
                                       "\"period\":{\"start\":\"2026-11-05T00:00:00+00:00\","
                                       "\"end\":\"2026-12-02T23:59:59+00:00\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisMeasureReport) report = cpis_fhir_decode_measure_report (json, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (cpis_measure_report_get_period_start (report), ==, "2026-11-05");
  g_assert_cmpstr (cpis_measure_report_get_period_end (report), ==, "2026-12-02");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fhir-measure-report/report", test_report);
  g_test_add_func ("/fhir-measure-report/refused", test_refused);
  g_test_add_func ("/fhir-measure-report/hostile", test_hostile);
  g_test_add_func ("/fhir-measure-report/date-times", test_date_times);

  return g_test_run ();
}
