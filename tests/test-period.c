/* test-period.c: the period a partnership's figures are for (no display) */

#include <locale.h>

#include <glib.h>

#include "cpis-period.h"

static void
date_of (GDate      *date,
         int         day,
         GDateMonth  month,
         int         year)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

static void
assert_date (const GDate *date,
             int          day,
             GDateMonth   month,
             int          year)
{
  g_assert_true (g_date_valid (date));
  g_assert_cmpint (g_date_get_day (date), ==, day);
  g_assert_cmpint (g_date_get_month (date), ==, month);
  g_assert_cmpint (g_date_get_year (date), ==, year);
}

/* Counted back from today, today included */
static void
test_choices (void)
{
  GDate today, first, last;

  date_of (&today, 2, G_DATE_DECEMBER, 2026);
  cpis_period_for_choice (CPIS_PERIOD_LAST_4_WEEKS, &today, &first, &last);
  assert_date (&first, 5, G_DATE_NOVEMBER, 2026);
  assert_date (&last, 2, G_DATE_DECEMBER, 2026);
  g_assert_cmpint (g_date_days_between (&first, &last) + 1, ==, 28);

  cpis_period_for_choice (CPIS_PERIOD_LAST_3_MONTHS, &today, &first, &last);
  assert_date (&first, 3, G_DATE_SEPTEMBER, 2026);
  cpis_period_for_choice (CPIS_PERIOD_LAST_12_MONTHS, &today, &first, &last);
  assert_date (&first, 3, G_DATE_DECEMBER, 2025);

  /* a month too short: from the day after its last */
  date_of (&today, 31, G_DATE_MAY, 2027);
  cpis_period_for_choice (CPIS_PERIOD_LAST_3_MONTHS, &today, &first, &last);
  assert_date (&first, 1, G_DATE_MARCH, 2027);
  /* and across a leap day */
  date_of (&today, 29, G_DATE_FEBRUARY, 2028);
  cpis_period_for_choice (CPIS_PERIOD_LAST_12_MONTHS, &today, &first, &last);
  assert_date (&first, 1, G_DATE_MARCH, 2027);
}

/* Weeks from Monday: the first is the one the period's first day is in */
static void
test_weeks (void)
{
  GDate day, monday, last;

  date_of (&day, 2, G_DATE_DECEMBER, 2026); /* a Wednesday */
  cpis_period_week_start (&day, &monday);
  assert_date (&monday, 30, G_DATE_NOVEMBER, 2026);
  date_of (&day, 30, G_DATE_NOVEMBER, 2026); /* a Monday */
  cpis_period_week_start (&day, &monday);
  assert_date (&monday, 30, G_DATE_NOVEMBER, 2026);
  date_of (&day, 6, G_DATE_DECEMBER, 2026); /* a Sunday */
  cpis_period_week_start (&day, &monday);
  assert_date (&monday, 30, G_DATE_NOVEMBER, 2026);

  /* Thursday 5 Nov to Wednesday 2 Dec: the weeks of 2, 9, 16, 23 and 30 Nov */
  date_of (&day, 5, G_DATE_NOVEMBER, 2026);
  date_of (&last, 2, G_DATE_DECEMBER, 2026);
  g_assert_cmpuint (cpis_period_n_weeks (&day, &last), ==, 5);
  g_assert_cmpuint (cpis_period_n_weeks (&last, &last), ==, 1);
  g_assert_cmpuint (cpis_period_n_weeks (&last, &day), ==, 0);
}

/* Refused with a sentence: a reversed period, one in the future, too long */
static void
test_check (void)
{
  GDate today, first, last;
  g_autoptr(GError) error = NULL;

  date_of (&today, 2, G_DATE_DECEMBER, 2026);
  date_of (&first, 1, G_DATE_NOVEMBER, 2026);
  date_of (&last, 30, G_DATE_NOVEMBER, 2026);
  g_assert_true (cpis_period_check (&first, &last, &today, &error));
  g_assert_no_error (error);
  g_assert_true (cpis_period_check (&today, &today, &today, NULL));

  g_assert_false (cpis_period_check (&last, &first, &today, &error));
  g_assert_error (error, CPIS_PERIOD_ERROR, CPIS_PERIOD_ERROR_REVERSED);
  g_clear_error (&error);

  date_of (&last, 3, G_DATE_DECEMBER, 2026);
  g_assert_false (cpis_period_check (&first, &last, &today, &error));
  g_assert_error (error, CPIS_PERIOD_ERROR, CPIS_PERIOD_ERROR_FUTURE);
  g_clear_error (&error);

  date_of (&first, 1, G_DATE_DECEMBER, 2024);
  g_assert_false (cpis_period_check (&first, &today, &today, &error));
  g_assert_error (error, CPIS_PERIOD_ERROR, CPIS_PERIOD_ERROR_TOO_LONG);
  g_clear_error (&error);
  date_of (&first, 2, G_DATE_DECEMBER, 2024); /* 731 days */
  g_assert_true (cpis_period_check (&first, &today, &today, NULL));

  g_date_clear (&first, 1);
  g_assert_false (cpis_period_check (&first, &today, &today, &error));
  g_assert_error (error, CPIS_PERIOD_ERROR, CPIS_PERIOD_ERROR_INVALID);
}

static void
test_format (void)
{
  GDate first, last;
  g_autofree char *same_year = NULL;
  g_autofree char *two_years = NULL;
  g_autofree char *one_day = NULL;

  date_of (&first, 5, G_DATE_NOVEMBER, 2026);
  date_of (&last, 2, G_DATE_DECEMBER, 2026);
  same_year = cpis_period_format (&first, &last);
  g_assert_cmpstr (same_year, ==, "5 November – 2 December 2026");
  date_of (&first, 3, G_DATE_SEPTEMBER, 2025);
  two_years = cpis_period_format (&first, &last);
  g_assert_cmpstr (two_years, ==, "3 September 2025 – 2 December 2026");
  one_day = cpis_period_format (&last, &last);
  g_assert_cmpstr (one_day, ==, "2 December 2026");
}

int
main (int argc, char **argv)
{
  /* (month names in English: the test's own locale, whatever the machine's) */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/period/choices", test_choices);
  g_test_add_func ("/period/weeks", test_weeks);
  g_test_add_func ("/period/check", test_check);
  g_test_add_func ("/period/format", test_format);

  return g_test_run ();
}
