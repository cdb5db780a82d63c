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

/* The follow-up times (measureScore, whole minutes; withheld with the
 * count-suppressed extension) and the settings' kinds and last checks */
#define SCORES \
  "{\"resourceType\":\"MeasureReport\",\"status\":\"complete\",\"type\":\"summary\"," \
  "\"measure\":\"https://cpis.example/fhir/Measure/area-figures\"," \
  "\"period\":{\"start\":\"2026-11-05\",\"end\":\"2026-12-02\"}," \
  "\"group\":[" \
  "{\"code\":{\"coding\":[{\"code\":\"follow-up-median\"}]}," \
  " \"measureScore\":{\"value\":95,\"unit\":\"min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"min\"}}," \
  "{\"code\":{\"coding\":[{\"code\":\"follow-up-p90\"}]}," \
  " \"extension\":[{\"url\":\"https://fhir.cpis.example/StructureDefinition/count-suppressed\"," \
  "                \"valueString\":\"fewer than 5\"}]}," \
  "{\"code\":{\"coding\":[{\"code\":\"settings\"}]}," \
  " \"population\":[{\"code\":{\"coding\":[{\"code\":\"initial-population\"}]},\"count\":12}]," \
  " \"stratifier\":[{\"code\":[{\"coding\":[{\"code\":\"setting\"}]}]," \
  "   \"stratum\":[{\"value\":{\"coding\":[{\"code\":\"RXX01\"}],\"text\":\"Riverside General ED\"}," \
  "                \"extension\":[{\"url\":\"https://fhir.cpis.example/StructureDefinition/setting-kind\"," \
  "                               \"valueCode\":\"emergency-department\"}," \
  "                              {\"url\":\"https://fhir.cpis.example/StructureDefinition/last-check\"," \
  "                               \"valueDateTime\":\"2026-12-01T14:03:00+00:00\"}]," \
  "                \"population\":[{\"count\":12}]}," \
  "              {\"value\":{\"coding\":[{\"code\":\"RXX02\"}]},\"population\":[{\"count\":0}]}]}]}," \
  "{\"code\":{\"coding\":[{\"code\":\"plans-uploaded\"}]}," \
  " \"stratifier\":[{\"code\":[{\"coding\":[{\"code\":\"la\"}]}]," \
  "   \"stratum\":[{\"value\":{\"coding\":[{\"code\":\"LA2\"}]},\"population\":[{\"extension\":[" \
  "                 {\"url\":\"https://fhir.cpis.example/StructureDefinition/count-suppressed\"," \
  "                  \"valueString\":\"fewer than 5\"}]}]}," \
  "              {\"value\":{\"coding\":[{\"code\":\"LA1\"}]},\"population\":[{\"extension\":[" \
  "                 {\"url\":\"https://fhir.cpis.example/StructureDefinition/count-suppressed\"," \
  "                  \"valueString\":\"hidden\"}]}]}]}]}]}"

static void
test_scores (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisMeasureReport) report = cpis_fhir_decode_measure_report (SCORES, -1, &error);
  const CpisMeasureGroup *group;
  const CpisMeasureStratum *stratum;

  g_assert_no_error (error);
  group = cpis_measure_report_lookup_group (report, "follow-up-median");
  g_assert_cmpint (group->score, ==, 95);
  g_assert_cmpint (group->count, ==, CPIS_MEASURE_NO_COUNT);
  /* withheld: never 0 */
  group = cpis_measure_report_lookup_group (report, "follow-up-p90");
  g_assert_cmpint (group->score, ==, CPIS_MEASURE_SUPPRESSED);
  group = cpis_measure_report_lookup_group (report, "settings");
  g_assert_cmpint (group->score, ==, CPIS_MEASURE_NO_COUNT);

  stratum = cpis_measure_group_lookup_stratifier (group, "setting")->strata->pdata[0];
  g_assert_cmpstr (stratum->value, ==, "RXX01");
  g_assert_cmpstr (stratum->text, ==, "Riverside General ED");
  g_assert_cmpstr (stratum->kind, ==, "emergency-department");
  g_assert_cmpstr (stratum->last_check, ==, "2026-12-01T14:03:00+00:00");
  stratum = cpis_measure_group_lookup_stratifier (group, "setting")->strata->pdata[1];
  g_assert_null (stratum->kind);
  g_assert_null (stratum->last_check);

  /* withheld as fewer than 5, and hidden with it (perhaps 5 or more): told apart */
  group = cpis_measure_report_lookup_group (report, "plans-uploaded");
  stratum = cpis_measure_group_lookup_stratifier (group, "la")->strata->pdata[0];
  g_assert_cmpint (stratum->count, ==, CPIS_MEASURE_SUPPRESSED);
  stratum = cpis_measure_group_lookup_stratifier (group, "la")->strata->pdata[1];
  g_assert_cmpint (stratum->count, ==, CPIS_MEASURE_HIDDEN);

  /* a score with a zero fraction is still whole */
  {
    g_autoptr(GString) json = g_string_new (SCORES);
    g_autoptr(CpisMeasureReport) whole = NULL;

    g_string_replace (json, "\"value\":95,", "\"value\":95.0,", 1);
    whole = cpis_fhir_decode_measure_report (json->str, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cpis_measure_report_lookup_group (whole, "follow-up-median")->score, ==, 95);
  }

  /* a fraction, a negative, text: refused, never rounded */
  {
    const char *scores[] = { "95.5", "-1", "\"95\"", "1e20", NULL };

    for (guint i = 0; scores[i] != NULL; i++)
      {
        g_autoptr(GString) json = g_string_new (SCORES);
        g_autofree char *to = g_strdup_printf ("\"value\":%s,", scores[i]);
        g_autoptr(GError) refused = NULL;
        g_autoptr(CpisMeasureReport) none = NULL;

        g_test_message ("score %s", scores[i]);
        g_string_replace (json, "\"value\":95,", to, 1);
        none = cpis_fhir_decode_measure_report (json->str, -1, &refused);
        g_assert_null (none);
        g_assert_error (refused, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID);
      }
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
  g_test_add_func ("/fhir-measure-report/scores", test_scores);

  return g_test_run ();
}
