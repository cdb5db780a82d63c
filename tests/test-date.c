/* test-date.c: calendar dates as FHIR writes them */
#include <locale.h>

#include <glib/gstdio.h>

#include "cpis-date.h"

static void
assert_parses (const char *text,
               guint       year,
               guint       month,
               guint       day)
{
  GDate date;

  g_assert_true (cpis_date_parse (text, &date));
  g_assert_true (g_date_valid (&date));
  g_assert_cmpuint (g_date_get_year (&date), ==, year);
  g_assert_cmpuint (g_date_get_month (&date), ==, month);
  g_assert_cmpuint (g_date_get_day (&date), ==, day);
}

static void
test_parse_valid (void)
{
  assert_parses ("2024-03-01", 2024, 3, 1);
  assert_parses ("2024-02-29", 2024, 2, 29);   /* leap year */
  assert_parses ("2000-02-29", 2000, 2, 29);   /* divisible by 400 */
  assert_parses ("2015-12-31", 2015, 12, 31);
  assert_parses ("0999-01-05", 999, 1, 5);

  g_assert_true (cpis_date_is_valid ("2024-03-01"));
  g_assert_true (cpis_date_is_valid ("2024-02-29"));
}

static void
test_parse_invalid (void)
{
  const char *invalid[] = {
    "2023-02-29",  /* not a leap year */
    "1900-02-29",  /* divisible by 100, not 400 */
    "2024-04-31",
    "2024-13-01",
    "2024-00-10",
    "2024-01-00",
    "2024-01-32",
    "0000-01-01",
    "24-03-01",
    "2024-3-1",
    "2024/03/01",
    "01-03-2024",
    "2024-03-01x",
    "2024-03-01 10:00",
    " 2024-03-01",
    "2024-03",
    "2024",
    "",
    "yyyy-mm-dd",
    "2024-0a-01",
    "+024-03-01",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      GDate date;

      /* Start from a valid date: a failed parse must leave it cleared */
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2020);

      g_assert_false (cpis_date_parse (invalid[i], &date));
      g_assert_false (g_date_valid (&date));
      g_assert_false (cpis_date_is_valid (invalid[i]));
    }

  {
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2020);
    g_assert_false (cpis_date_parse (NULL, &date));
    g_assert_false (g_date_valid (&date));
    g_assert_false (cpis_date_is_valid (NULL));
  }
}

static void
test_parse_datetime (void)
{
  assert_parses ("2024-03-01T10:15:00Z", 2024, 3, 1);
  assert_parses ("2024-03-01T23:59:59+01:00", 2024, 3, 1);
  assert_parses ("2024-02-29T00:00:00.000Z", 2024, 2, 29);

  /* only a plain date counts as "valid" */
  g_assert_false (cpis_date_is_valid ("2024-03-01T10:15:00Z"));

  {
    GDate date;

    g_assert_false (cpis_date_parse ("2023-02-29T10:15:00Z", &date));
    g_assert_false (g_date_valid (&date));
  }
}

static void
test_days_between (void)
{
  struct
  {
    const char *from;
    const char *to;
    int         days;
  } cases[] = {
    { "2024-02-28", "2024-03-01", 2 },    /* across 29 February */
    { "2023-02-28", "2023-03-01", 1 },
    { "2024-03-01", "2024-02-28", -2 },
    { "2024-05-05", "2024-05-05", 0 },
    { "2023-01-01", "2024-01-01", 365 },
    { "2024-01-01", "2025-01-01", 366 },
    { "2024-03-30", "2024-04-01", 2 },    /* across the clocks going forward */
    { "2006-09-01", "2024-09-01", 6575 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate from, to;

      g_assert_true (cpis_date_parse (cases[i].from, &from));
      g_assert_true (cpis_date_parse (cases[i].to, &to));
      g_assert_cmpint (cpis_date_days_between (&from, &to), ==, cases[i].days);
      g_assert_cmpint (cpis_date_days_between (&to, &from), ==, -cases[i].days);
    }
}

static void
test_to_string_round_trip (void)
{
  const char *dates[] = {
    "2024-03-01", "2024-02-29", "1999-12-31", "2000-01-01", "0999-01-05", "2038-01-19",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      GDate date;
      g_autofree char *text = NULL;

      g_assert_true (cpis_date_parse (dates[i], &date));
      text = cpis_date_to_string (&date);
      g_assert_cmpstr (text, ==, dates[i]);
    }

  /* From a GDate built directly, and its neighbour */
  {
    GDate date;
    g_autofree char *text = NULL;
    g_autofree char *next = NULL;

    g_date_clear (&date, 1);
    g_date_set_dmy (&date, 31, G_DATE_DECEMBER, 2024);
    text = cpis_date_to_string (&date);
    g_assert_cmpstr (text, ==, "2024-12-31");

    g_date_add_days (&date, 1);
    next = cpis_date_to_string (&date);
    g_assert_cmpstr (next, ==, "2025-01-01");
    g_assert_true (cpis_date_is_valid (next));
  }
}

static void
test_today_uk (void)
{
  GDate today, utc_today;
  g_autoptr(GDateTime) utc_now = g_date_time_new_now_utc ();
  g_autofree char *text = NULL;

  cpis_date_today_uk (&today);
  g_assert_true (g_date_valid (&today));

  /* London is UTC or UTC+1: the dates differ by at most a day
   * (a day either way also covers a midnight between the two calls) */
  g_date_clear (&utc_today, 1);
  g_date_set_dmy (&utc_today,
                  (GDateDay) g_date_time_get_day_of_month (utc_now),
                  (GDateMonth) g_date_time_get_month (utc_now),
                  (GDateYear) g_date_time_get_year (utc_now));
  g_assert_cmpint (ABS (cpis_date_days_between (&utc_today, &today)), <=, 1);

  text = cpis_date_to_string (&today);
  g_assert_true (cpis_date_is_valid (text));
}

static void
set_date_from_datetime (GDate     *date,
                        GDateTime *dt)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  (GDateDay) g_date_time_get_day_of_month (dt),
                  (GDateMonth) g_date_time_get_month (dt),
                  (GDateYear) g_date_time_get_year (dt));
}

static void
test_today_uk_without_tzdata (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *empty_dir = g_dir_make_tmp ("cpis-test-tzdir-XXXXXX", NULL);
      g_autoptr(GDateTime) before = NULL;
      g_autoptr(GDateTime) after = NULL;
      GDate today, utc_before, utc_after;

      g_assert_nonnull (empty_dir);
      /* GLib looks for zoneinfo in $TZDIR: point it at an empty folder */
      g_setenv ("TZDIR", empty_dir, TRUE);

      before = g_date_time_new_now_utc ();
      cpis_date_today_uk (&today);
      after = g_date_time_new_now_utc ();
      g_rmdir (empty_dir);

      /* Falls back to UTC: the same date as UTC, whichever side of a midnight */
      g_assert_true (g_date_valid (&today));
      set_date_from_datetime (&utc_before, before);
      set_date_from_datetime (&utc_after, after);
      g_assert_true (g_date_compare (&today, &utc_before) == 0 ||
                     g_date_compare (&today, &utc_after) == 0);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static GDateTime *
utc (int year, int month, int day, int hour, int minute)
{
  return g_date_time_new_utc (year, month, day, hour, minute, 0);
}

static void
test_date_time_format_uk (void)
{
  struct
  {
    GDateTime  *time;
    const char *expected;
  } cases[] = {
    /* GMT in winter: UK time is UTC */
    { utc (2026, 11, 25, 14, 2), "Wed 25 Nov 2026, 14:02" },
    { utc (2024, 1, 5, 9, 7), "Fri 5 Jan 2024, 09:07" },
    /* BST in summer: an hour ahead of UTC */
    { utc (2024, 7, 15, 13, 30), "Mon 15 Jul 2024, 14:30" },
    /* BST carries a late evening over into the next UK day */
    { utc (2025, 6, 30, 23, 45), "Tue 1 Jul 2025, 00:45" },
    /* Either side of the clocks going forward (01:00 UTC, 31 March 2024) */
    { utc (2024, 3, 31, 0, 59), "Sun 31 Mar 2024, 00:59" },
    { utc (2024, 3, 31, 1, 0), "Sun 31 Mar 2024, 02:00" },
    /* and back (01:00 UTC, 27 October 2024) */
    { utc (2024, 10, 27, 0, 30), "Sun 27 Oct 2024, 01:30" },
    { utc (2024, 10, 27, 1, 30), "Sun 27 Oct 2024, 01:30" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cpis_date_time_format_uk (cases[i].time);

      g_assert_cmpstr (text, ==, cases[i].expected);
      g_date_time_unref (cases[i].time);
    }

  /* A time given with another offset is shown as UK time */
  {
    g_autoptr(GTimeZone) tz = g_time_zone_new_offset (-5 * 3600);
    g_autoptr(GDateTime) new_york = g_date_time_new (tz, 2026, 11, 25, 9, 2, 0);
    g_autofree char *text = cpis_date_time_format_uk (new_york);

    g_assert_nonnull (tz);
    g_assert_cmpstr (text, ==, "Wed 25 Nov 2026, 14:02");
  }

  /* Parsed from FHIR's ISO 8601 with a summer offset */
  {
    g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 ("2026-08-03T08:15:00+01:00", NULL);
    g_autofree char *text = NULL;

    g_assert_nonnull (parsed);
    text = cpis_date_time_format_uk (parsed);
    g_assert_cmpstr (text, ==, "Mon 3 Aug 2026, 08:15");
  }
}

static void
test_date_format_uk (void)
{
  struct
  {
    const char *text;
    const char *expected;
  } cases[] = {
    { "2024-03-01", "1 March 2024" },
    { "2024-02-29", "29 February 2024" },
    { "2026-11-25", "25 November 2026" },
    { "1999-12-31", "31 December 1999" },
    { "2025-01-09T10:00:00Z", "9 January 2025" },
    { "2023-02-29", NULL },
    { "25/11/2026", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cpis_date_format_uk (cases[i].text);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* In a Welsh locale the names are Welsh (glibc's cy_GB), the time still UK
 * time; build-aux/install-deps.sh generates the locale */
static void
test_format_uk_in_welsh (void)
{
  g_autoptr(GDateTime) winter = g_date_time_new_utc (2026, 11, 25, 14, 2, 0);
  g_autoptr(GDateTime) summer = g_date_time_new_utc (2024, 7, 15, 13, 30, 0);
  g_autofree char *previous = g_strdup (setlocale (LC_TIME, NULL));
  g_autofree char *winter_text = NULL;
  g_autofree char *summer_text = NULL;
  g_autofree char *day_text = NULL;

  if (setlocale (LC_TIME, "cy_GB.UTF-8") == NULL)
    g_error ("The cy_GB.UTF-8 locale is missing: build-aux/install-deps.sh generates it");

  winter_text = cpis_date_time_format_uk (winter);
  summer_text = cpis_date_time_format_uk (summer);
  day_text = cpis_date_format_uk ("2024-03-01");
  setlocale (LC_TIME, previous);

  g_assert_cmpstr (winter_text, ==, "Mer 25 Tach 2026, 14:02");
  g_assert_cmpstr (summer_text, ==, "Llu 15 Gor 2024, 14:30");
  g_assert_cmpstr (day_text, ==, "1 Mawrth 2024");

  /* and back in English once the locale is */
  g_free (day_text);
  day_text = cpis_date_format_uk ("2024-03-01");
  g_assert_cmpstr (day_text, ==, "1 March 2024");
}

static void
assert_age (const char *birth_text,
            const char *today_text,
            guint       years,
            guint       months,
            guint       days)
{
  GDate birth, today;
  guint y = 99, m = 99, d = 99;

  g_assert_true (cpis_date_parse (birth_text, &birth));
  g_assert_true (cpis_date_parse (today_text, &today));
  g_assert_true (cpis_date_age (&birth, &today, &y, &m, &d));
  g_assert_cmpuint (y, ==, years);
  g_assert_cmpuint (m, ==, months);
  g_assert_cmpuint (d, ==, days);
}

static void
test_age (void)
{
  GDate birth, today;

  assert_age ("2016-04-01", "2026-12-02", 10, 8, 1);
  assert_age ("2016-04-01", "2026-04-01", 10, 0, 0);
  assert_age ("2016-04-01", "2026-03-31", 9, 11, 30);
  assert_age ("2026-11-25", "2026-12-02", 0, 0, 7);
  assert_age ("2026-12-02", "2026-12-02", 0, 0, 0);
  /* 31 January: a month old on 1 March (February has no 31st) */
  assert_age ("2026-01-31", "2026-02-28", 0, 0, 28);
  assert_age ("2026-01-31", "2026-03-01", 0, 1, 0);
  /* born on 29 February: a year older on 1 March in other years */
  assert_age ("2024-02-29", "2025-02-28", 0, 11, 30);
  assert_age ("2024-02-29", "2025-03-01", 1, 0, 0);
  assert_age ("2024-02-29", "2028-02-29", 4, 0, 0);

  /* not born yet */
  g_assert_true (cpis_date_parse ("2027-01-01", &birth));
  g_assert_true (cpis_date_parse ("2026-12-02", &today));
  g_assert_false (cpis_date_age (&birth, &today, NULL, NULL, NULL));
}

/* Dates as typed into a form: day first, or ISO; never a two-digit year */
static void
test_parse_typed (void)
{
  const struct
  {
    const char *text;
    const char *date; /* NULL: refused */
  } cases[] = {
    { "01/04/2016", "2016-04-01" },
    { "1/4/2016", "2016-04-01" },
    { " 29-02-2024 ", "2024-02-29" },
    { "31.12.2025", "2025-12-31" },
    { "1 6 2015", "2015-06-01" },
    { "01/01/1849", NULL },
    { "2016-04-01", "2016-04-01" },
    { "29/02/2023", NULL },
    { "1/4/16", NULL },
    { "01/04-2016", NULL },
    { "32/01/2016", NULL },
    { "01/13/2016", NULL },
    { "001/04/2016", NULL },
    { "01/04/20161", NULL },
    { "2016-4-1", NULL },
    { "", NULL },
    { "today", NULL },
    { "01/04/0999", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;
      gboolean ok = cpis_date_parse_typed (cases[i].text, &date);
      g_autofree char *text = ok ? cpis_date_to_string (&date) : NULL;

      g_assert_cmpstr (text, ==, cases[i].date);
      g_assert_true (ok == g_date_valid (&date));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/parse/valid", test_parse_valid);
  g_test_add_func ("/date/parse/invalid", test_parse_invalid);
  g_test_add_func ("/date/parse/datetime", test_parse_datetime);
  g_test_add_func ("/date/days-between", test_days_between);
  g_test_add_func ("/date/to-string-round-trip", test_to_string_round_trip);
  g_test_add_func ("/date/today-uk", test_today_uk);
  g_test_add_func ("/date/today-uk/without-tzdata", test_today_uk_without_tzdata);
  g_test_add_func ("/date/format-uk/date-time", test_date_time_format_uk);
  g_test_add_func ("/date/format-uk/welsh", test_format_uk_in_welsh);
  g_test_add_func ("/date/format-uk/date", test_date_format_uk);
  g_test_add_func ("/date/age", test_age);

  g_test_add_func ("/date/parse-typed", test_parse_typed);
  return g_test_run ();
}
