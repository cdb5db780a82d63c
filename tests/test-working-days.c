/* test-working-days.c: England's bank holidays and working days, against
 * the dates GOV.UK publishes */
#include <stdio.h>

#include "cpis-working-days.h"

static void
set_date (GDate      *date,
          const char *text)
{
  guint year, month, day;

  g_assert_cmpint (sscanf (text, "%u-%u-%u", &year, &month, &day), ==, 3);
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* Every bank holiday of @year, as GOV.UK lists it, and no other day */
static void
assert_holidays_of_year (guint               year,
                         const char * const *expected)
{
  GDate day;
  guint found = 0;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, G_DATE_JANUARY, (GDateYear) year);
  while (g_date_get_year (&day) == year)
    {
      g_autofree char *text = g_strdup_printf ("%04u-%02u-%02u", year, g_date_get_month (&day),
                                               g_date_get_day (&day));
      gboolean listed = g_strv_contains (expected, text);

      if (listed != cpis_working_days_is_bank_holiday (&day))
        g_error ("%s: expected %s", text, listed ? "a bank holiday" : "no bank holiday");
      if (listed)
        found++;
      g_date_add_days (&day, 1);
    }
  g_assert_cmpuint (found, ==, g_strv_length ((GStrv) expected));
}

static void
test_bank_holidays (void)
{
  /* https://www.gov.uk/bank-holidays, England and Wales */
  const char * const y2020[] = { "2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25",
                                 "2020-08-31", "2020-12-25", "2020-12-28", NULL };
  const char * const y2021[] = { "2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31",
                                 "2021-08-30", "2021-12-27", "2021-12-28", NULL };
  const char * const y2022[] = { "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02",
                                 "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27", NULL };
  const char * const y2023[] = { "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08",
                                 "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26", NULL };
  const char * const y2024[] = { "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27",
                                 "2024-08-26", "2024-12-25", "2024-12-26", NULL };
  const char * const y2025[] = { "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26",
                                 "2025-08-25", "2025-12-25", "2025-12-26", NULL };
  const char * const y2026[] = { "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25",
                                 "2026-08-31", "2026-12-25", "2026-12-28", NULL };
  const char * const y2027[] = { "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31",
                                 "2027-08-30", "2027-12-27", "2027-12-28", NULL };

  assert_holidays_of_year (2020, y2020);
  assert_holidays_of_year (2021, y2021);
  assert_holidays_of_year (2022, y2022);
  assert_holidays_of_year (2023, y2023);
  assert_holidays_of_year (2024, y2024);
  assert_holidays_of_year (2025, y2025);
  assert_holidays_of_year (2026, y2026);
  assert_holidays_of_year (2027, y2027);
}

static void
assert_after (const char *from,
              guint       n,
              const char *expected)
{
  GDate day, result, want;

  set_date (&day, from);
  set_date (&want, expected);
  cpis_working_days_after (&day, n, &result);
  if (g_date_compare (&result, &want) != 0)
    g_error ("%u working days after %s: got %04u-%02u-%02u, expected %s", n, from,
             g_date_get_year (&result), g_date_get_month (&result), g_date_get_day (&result), expected);
}

static void
test_working_days_after (void)
{
  GDate day;

  assert_after ("2026-12-01", 2, "2026-12-03");  /* Tuesday: Wednesday, Thursday */
  assert_after ("2026-12-04", 2, "2026-12-08");  /* Friday: over the weekend */
  assert_after ("2026-12-05", 1, "2026-12-07");  /* Saturday: Monday */
  assert_after ("2026-12-24", 2, "2026-12-30");  /* Christmas Eve: past 25, 26-27, 28 */
  assert_after ("2026-04-02", 2, "2026-04-08");  /* before Easter: past Good Friday and Monday */
  assert_after ("2026-05-01", 1, "2026-05-05");  /* Friday before the early May bank holiday */
  assert_after ("2022-09-16", 1, "2022-09-20");  /* the state funeral */

  set_date (&day, "2026-12-02");
  g_assert_true (cpis_working_days_is_working_day (&day));
  set_date (&day, "2026-12-06");
  g_assert_false (cpis_working_days_is_working_day (&day));
  set_date (&day, "2026-12-28");
  g_assert_false (cpis_working_days_is_working_day (&day));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/working-days/bank-holidays", test_bank_holidays);
  g_test_add_func ("/working-days/after", test_working_days_after);

  return g_test_run ();
}
