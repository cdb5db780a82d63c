/* test-hub-rules.c: which plans the hub shows, at the boundaries of the rules
 *
 * A plan shows while active and for 365 days after its end; an unborn child's
 * plan (UCPP) also only until 28 days after the due date; an unreadable date
 * keeps the plan shown. Days are counted with GDate, so a year holding
 * 29 February is 366 days long and "365 days after" is not "one year after".
 */
#include <string.h>

#include "cpis-date.h"
#include "cpis-hub-rules.h"

static CpisHubPlan *
plan_new (CpisPlanType  plan_type,
          const char   *start_date,
          const char   *end_date,
          const char   *due_date)
{
  CpisHubPlan *plan = g_new0 (CpisHubPlan, 1);

  plan->id = g_uuid_string_random ();
  plan->nhs_number = g_strdup ("9990000018");
  plan->plan_type = plan_type;
  plan->start_date = g_strdup (start_date);
  plan->end_date = g_strdup (end_date);
  plan->due_date = g_strdup (due_date);
  plan->subject_name = g_strdup ("Alex TESTER");
  plan->date_of_birth = g_strdup ("2016-04-01");
  plan->la = g_new0 (CpisHubOrganisation, 1);
  plan->la->ods_code = g_strdup ("LA1");
  plan->la->name = g_strdup ("Northgate Council");
  plan->la->kind = CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY;

  return plan;
}

/* @date plus @days, as a GDate (asserts @date parses) */
static void
date_plus (const char *date,
           int         days,
           GDate      *result)
{
  g_assert_true (cpis_date_parse (date, result));
  if (days >= 0)
    g_date_add_days (result, days);
  else
    g_date_subtract_days (result, -days);
  g_assert_true (g_date_valid (result));
}

static void
set_today (const char *date,
           GDate      *today)
{
  g_assert_true (cpis_date_parse (date, today));
}

static void
assert_date (const GDate *date,
             const char  *expected)
{
  g_autofree char *text = cpis_date_to_string (date);

  g_assert_cmpstr (text, ==, expected);
}

/* Asserts @plan is shown on @end + @days_shown and hidden the day after */
static void
assert_last_day_after (const CpisHubPlan *plan,
                       const char        *date,
                       int                days_shown)
{
  GDate today;

  date_plus (date, days_shown, &today);
  g_assert_true (cpis_hub_plan_is_shown (plan, &today));

  date_plus (date, days_shown + 1, &today);
  g_assert_false (cpis_hub_plan_is_shown (plan, &today));
}

static void
test_active (void)
{
  const CpisPlanType types[] = { CPIS_PLAN_TYPE_CPP, CPIS_PLAN_TYPE_LAC };
  const char * const todays[] = { "2014-01-01", "2020-06-15", "2024-02-29", "2099-12-31" };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(CpisHubPlan) no_end = plan_new (types[i], "2020-06-15", NULL, NULL);
      g_autoptr(CpisHubPlan) empty_end = plan_new (types[i], "2020-06-15", "", NULL);

      for (guint j = 0; j < G_N_ELEMENTS (todays); j++)
        {
          GDate today;

          set_today (todays[j], &today);
          /* active: shown whatever the date, even before its start */
          g_assert_true (cpis_hub_plan_is_shown (no_end, &today));
          g_assert_true (cpis_hub_plan_is_shown (empty_end, &today));
        }
    }
}

static void
test_ended (void)
{
  g_autoptr(CpisHubPlan) cpp = plan_new (CPIS_PLAN_TYPE_CPP, "2023-01-10", "2025-06-15", NULL);
  g_autoptr(CpisHubPlan) lac = plan_new (CPIS_PLAN_TYPE_LAC, "2023-01-10", "2025-06-15", NULL);
  GDate today;

  /* the day it ended, and the day after */
  set_today ("2025-06-15", &today);
  g_assert_true (cpis_hub_plan_is_shown (cpp, &today));
  set_today ("2025-06-16", &today);
  g_assert_true (cpis_hub_plan_is_shown (cpp, &today));

  /* 2025-06-15 + 365 days is 2026-06-15 (no 29 February between) */
  date_plus (cpp->end_date, CPIS_HUB_DAYS_SHOWN_AFTER_END, &today);
  assert_date (&today, "2026-06-15");
  g_assert_cmpint (CPIS_HUB_DAYS_SHOWN_AFTER_END, ==, 365);

  assert_last_day_after (cpp, cpp->end_date, 365);
  assert_last_day_after (lac, lac->end_date, 365);

  /* long ago */
  set_today ("2030-01-01", &today);
  g_assert_false (cpis_hub_plan_is_shown (cpp, &today));

  /* before it ended (a plan uploaded with a future end date) */
  set_today ("2024-01-01", &today);
  g_assert_true (cpis_hub_plan_is_shown (cpp, &today));
}

static void
test_ended_leap_year (void)
{
  struct
  {
    const char *end_date;
    const char *last_day;   /* end + 365 days */
  } cases[] = {
    /* 29 February 2024 falls within the 365 days: the last day is a day short of a year */
    { "2023-03-01", "2024-02-29" },
    { "2023-03-02", "2024-03-01" },
    { "2023-12-31", "2024-12-30" },
    /* ended on 29 February itself */
    { "2024-02-29", "2025-02-28" },
    /* ended the day before 29 February */
    { "2024-02-28", "2025-02-27" },
    /* no 29 February between: a year to the day */
    { "2022-03-01", "2023-03-01" },
    { "2024-03-01", "2025-03-01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CpisHubPlan) plan = plan_new (CPIS_PLAN_TYPE_CPP, "2021-05-05",
                                              cases[i].end_date, NULL);
      GDate last_day, day_after;

      date_plus (cases[i].end_date, 365, &last_day);
      assert_date (&last_day, cases[i].last_day);
      date_plus (cases[i].end_date, 366, &day_after);

      g_assert_true (cpis_hub_plan_is_shown (plan, &last_day));
      g_assert_false (cpis_hub_plan_is_shown (plan, &day_after));
    }
}

static void
test_unborn_due_date (void)
{
  g_autoptr(CpisHubPlan) ucpp = plan_new (CPIS_PLAN_TYPE_UCPP, "2025-01-20", NULL, "2025-06-15");
  GDate today;

  set_today ("2025-06-15", &today);
  g_assert_true (cpis_hub_plan_is_shown (ucpp, &today));

  g_assert_cmpint (CPIS_HUB_DAYS_SHOWN_AFTER_DUE, ==, 28);
  date_plus (ucpp->due_date, 28, &today);
  assert_date (&today, "2025-07-13");
  assert_last_day_after (ucpp, ucpp->due_date, 28);

  /* before the due date */
  set_today ("2025-02-01", &today);
  g_assert_true (cpis_hub_plan_is_shown (ucpp, &today));
}

static void
test_unborn_due_date_leap_year (void)
{
  struct
  {
    const char *due_date;
    const char *last_day;   /* due + 28 days */
  } cases[] = {
    { "2024-02-01", "2024-02-29" },
    { "2024-02-02", "2024-03-01" },
    { "2023-02-01", "2023-03-01" },
    { "2024-02-29", "2024-03-28" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CpisHubPlan) plan = plan_new (CPIS_PLAN_TYPE_UCPP, "2023-09-01", NULL,
                                              cases[i].due_date);
      GDate last_day, day_after;

      date_plus (cases[i].due_date, 28, &last_day);
      assert_date (&last_day, cases[i].last_day);
      date_plus (cases[i].due_date, 29, &day_after);

      g_assert_true (cpis_hub_plan_is_shown (plan, &last_day));
      g_assert_false (cpis_hub_plan_is_shown (plan, &day_after));
    }
}

static void
test_unborn_ended (void)
{
  /* ended long ago, with a due date still ahead: the 365 days rule hides it */
  g_autoptr(CpisHubPlan) old = plan_new (CPIS_PLAN_TYPE_UCPP, "2023-01-01", "2024-06-01",
                                         "2025-09-01");
  /* ended recently, due date long past: the 28 days rule hides it */
  g_autoptr(CpisHubPlan) past_due = plan_new (CPIS_PLAN_TYPE_UCPP, "2024-09-01", "2025-05-01",
                                              "2025-02-01");
  /* ended recently, due date ahead: shown */
  g_autoptr(CpisHubPlan) recent = plan_new (CPIS_PLAN_TYPE_UCPP, "2024-09-01", "2025-05-01",
                                            "2025-09-01");
  GDate today;

  set_today ("2025-06-15", &today);
  g_assert_false (cpis_hub_plan_is_shown (old, &today));
  g_assert_false (cpis_hub_plan_is_shown (past_due, &today));
  g_assert_true (cpis_hub_plan_is_shown (recent, &today));

  /* the 365 days boundary applies to an unborn child's plan too */
  assert_last_day_after (old, old->end_date, 365);

  /* whichever rule ends first wins: here end + 365 (2025-06-01) comes before due + 28 */
  set_today ("2025-06-01", &today);
  g_assert_true (cpis_hub_plan_is_shown (old, &today));
  set_today ("2025-06-02", &today);
  g_assert_false (cpis_hub_plan_is_shown (old, &today));
}

static void
test_due_date_only_for_unborn (void)
{
  /* A due date is an unborn child's: on another plan it changes nothing
   * (imports refuse it, but the rule must not hide a plan for it) */
  g_autoptr(CpisHubPlan) cpp = plan_new (CPIS_PLAN_TYPE_CPP, "2020-01-01", NULL, "2021-01-01");
  g_autoptr(CpisHubPlan) lac = plan_new (CPIS_PLAN_TYPE_LAC, "2020-01-01", NULL, "2021-01-01");
  /* an unborn child's plan with no due date keeps the other rule */
  g_autoptr(CpisHubPlan) ucpp = plan_new (CPIS_PLAN_TYPE_UCPP, "2020-01-01", NULL, NULL);
  g_autoptr(CpisHubPlan) ucpp_empty = plan_new (CPIS_PLAN_TYPE_UCPP, "2020-01-01", NULL, "");
  GDate today;

  set_today ("2025-06-15", &today);
  g_assert_true (cpis_hub_plan_is_shown (cpp, &today));
  g_assert_true (cpis_hub_plan_is_shown (lac, &today));
  g_assert_true (cpis_hub_plan_is_shown (ucpp, &today));
  g_assert_true (cpis_hub_plan_is_shown (ucpp_empty, &today));
}

static void
test_unreadable_dates (void)
{
  const char * const bad[] = {
    "not a date", "2025-02-30", "2023-02-29", "2025-13-01", "15/06/2020", "2020", "-", " ",
  };
  GDate today;

  set_today ("2060-01-01", &today);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(CpisHubPlan) bad_end = plan_new (CPIS_PLAN_TYPE_CPP, "2020-01-01", bad[i], NULL);
      g_autoptr(CpisHubPlan) bad_due = plan_new (CPIS_PLAN_TYPE_UCPP, "2020-01-01", NULL, bad[i]);
      g_autoptr(CpisHubPlan) bad_start = plan_new (CPIS_PLAN_TYPE_LAC, bad[i], NULL, NULL);
      GDate check;

      g_test_message ("unreadable date '%s'", bad[i]);
      /* the test's premise: the date really is unreadable */
      g_assert_false (cpis_date_parse (bad[i], &check));

      g_assert_true (cpis_hub_plan_is_shown (bad_end, &today));
      g_assert_true (cpis_hub_plan_is_shown (bad_due, &today));
      g_assert_true (cpis_hub_plan_is_shown (bad_start, &today));
    }

  /* a readable end date long past still hides a plan with an unreadable due date */
  {
    g_autoptr(CpisHubPlan) plan = plan_new (CPIS_PLAN_TYPE_UCPP, "2020-01-01", "2021-01-01",
                                            "garbage");

    g_assert_false (cpis_hub_plan_is_shown (plan, &today));
  }
}

static guint n_freed;

static void
counting_plan_free (gpointer data)
{
  n_freed++;
  cpis_hub_plan_free (data);
}

static void
test_plans_to_show (void)
{
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func (counting_plan_free);
  g_autoptr(GPtrArray) shown = NULL;
  CpisHubPlan *expected[4];
  GDate today;

  n_freed = 0;
  set_today ("2025-06-15", &today);

  /* shown, hidden, shown, hidden, shown, shown */
  g_ptr_array_add (plans, plan_new (CPIS_PLAN_TYPE_LAC, "2024-01-01", "2024-06-15", NULL));
  g_ptr_array_add (plans, plan_new (CPIS_PLAN_TYPE_CPP, "2020-01-01", "2024-06-14", NULL));
  g_ptr_array_add (plans, plan_new (CPIS_PLAN_TYPE_UCPP, "2025-01-01", NULL, "2025-05-18"));
  g_ptr_array_add (plans, plan_new (CPIS_PLAN_TYPE_UCPP, "2025-01-01", NULL, "2025-05-17"));
  g_ptr_array_add (plans, plan_new (CPIS_PLAN_TYPE_CPP, "2025-06-01", NULL, NULL));
  g_ptr_array_add (plans, plan_new (CPIS_PLAN_TYPE_CPP, "2019-01-01", "unknown", NULL));
  expected[0] = g_ptr_array_index (plans, 0);
  expected[1] = g_ptr_array_index (plans, 2);
  expected[2] = g_ptr_array_index (plans, 4);
  expected[3] = g_ptr_array_index (plans, 5);

  shown = cpis_hub_plans_to_show (plans, &today);
  g_assert_nonnull (shown);
  g_assert_true (shown != plans);
  g_assert_cmpuint (shown->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_ptr_array_index (shown, i) == expected[i]);

  /* the input is left as it was */
  g_assert_cmpuint (plans->len, ==, 6);
  g_assert_true (g_ptr_array_index (plans, 0) == expected[0]);
  g_assert_true (g_ptr_array_index (plans, 5) == expected[3]);

  /* the result borrows: dropping it frees no plan */
  g_clear_pointer (&shown, g_ptr_array_unref);
  g_assert_cmpuint (n_freed, ==, 0);
  g_assert_cmpstr (expected[0]->end_date, ==, "2024-06-15");
  g_assert_cmpstr (expected[3]->end_date, ==, "unknown");

  /* nothing to show, and nothing at all: empty arrays, not NULL */
  set_today ("2099-01-01", &today);
  g_ptr_array_remove_range (plans, 4, 2);
  g_assert_cmpuint (n_freed, ==, 2);
  shown = cpis_hub_plans_to_show (plans, &today);
  g_assert_nonnull (shown);
  g_assert_cmpuint (shown->len, ==, 0);
  g_clear_pointer (&shown, g_ptr_array_unref);

  g_ptr_array_set_size (plans, 0);
  g_assert_cmpuint (n_freed, ==, 6);
  shown = cpis_hub_plans_to_show (plans, &today);
  g_assert_nonnull (shown);
  g_assert_cmpuint (shown->len, ==, 0);
}

static void
test_invalid_arguments (void)
{
  g_autoptr(CpisHubPlan) plan = plan_new (CPIS_PLAN_TYPE_CPP, "2020-01-01", NULL, NULL);
  GDate today, invalid;

  set_today ("2025-06-15", &today);
  g_date_clear (&invalid, 1);

  g_test_expect_message ("cpis-hub", G_LOG_LEVEL_CRITICAL, "*plan != NULL*");
  g_assert_false (cpis_hub_plan_is_shown (NULL, &today));
  g_test_assert_expected_messages ();

  g_test_expect_message ("cpis-hub", G_LOG_LEVEL_CRITICAL, "*g_date_valid*");
  g_assert_false (cpis_hub_plan_is_shown (plan, &invalid));
  g_test_assert_expected_messages ();

  g_test_expect_message ("cpis-hub", G_LOG_LEVEL_CRITICAL, "*plans != NULL*");
  g_assert_null (cpis_hub_plans_to_show (NULL, &today));
  g_test_assert_expected_messages ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hub/rules/active", test_active);
  g_test_add_func ("/hub/rules/ended", test_ended);
  g_test_add_func ("/hub/rules/ended-leap-year", test_ended_leap_year);
  g_test_add_func ("/hub/rules/unborn-due-date", test_unborn_due_date);
  g_test_add_func ("/hub/rules/unborn-due-date-leap-year", test_unborn_due_date_leap_year);
  g_test_add_func ("/hub/rules/unborn-ended", test_unborn_ended);
  g_test_add_func ("/hub/rules/due-date-only-for-unborn", test_due_date_only_for_unborn);
  g_test_add_func ("/hub/rules/unreadable-dates", test_unreadable_dates);
  g_test_add_func ("/hub/rules/plans-to-show", test_plans_to_show);
  g_test_add_func ("/hub/rules/invalid-arguments", test_invalid_arguments);

  return g_test_run ();
}
