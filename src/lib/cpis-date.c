/* cpis-date.c: calendar dates as FHIR writes them ("2024-03-01") */
#include "cpis-date.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* Reads @n ASCII digits at @p into @value */
static gboolean
read_number (const char *p,
             guint       n,
             guint      *value)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (guint) (p[i] - '0');
    }

  *value = v;
  return TRUE;
}

/* Parses the "YYYY-MM-DD" at the start of @text; the caller decides what may follow */
static gboolean
parse_date_part (const char *text,
                 GDate      *date)
{
  guint year, month, day;

  if (strlen (text) < 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  if (!read_number (text, 4, &year) ||
      !read_number (text + 5, 2, &month) ||
      !read_number (text + 8, 2, &day))
    return FALSE;

  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

gboolean
cpis_date_parse (const char *text,
                 GDate      *date)
{
  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);

  if (text == NULL)
    return FALSE;

  /* A date, or a FHIR dateTime whose date part is taken: "2024-03-01T10:15:00Z" */
  if (!parse_date_part (text, date) || (text[10] != '\0' && text[10] != 'T'))
    {
      g_date_clear (date, 1);
      return FALSE;
    }

  return TRUE;
}

/* Reads one to @max digits at *@p, moving it on */
static gboolean
read_digits (const char **p,
             guint        max,
             guint       *value)
{
  guint v = 0;
  guint n = 0;

  while (g_ascii_isdigit (**p) && n < max)
    {
      v = v * 10 + (guint) (**p - '0');
      (*p)++;
      n++;
    }
  *value = v;
  return n > 0 && !g_ascii_isdigit (**p);
}

gboolean
cpis_date_parse_typed (const char *text,
                       GDate      *date)
{
  g_autofree char *trimmed = NULL;
  const char *p;
  guint day, month, year;
  char separator;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (text == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (text));
  if (strlen (trimmed) == 10 && trimmed[4] == '-')
    return cpis_date_is_valid (trimmed) && cpis_date_parse (trimmed, date);

  p = trimmed;
  if (!read_digits (&p, 2, &day))
    return FALSE;
  separator = *p;
  if (separator != '/' && separator != '-' && separator != '.' && separator != ' ')
    return FALSE;
  p++;
  if (!read_digits (&p, 2, &month) || *p != separator)
    return FALSE;
  p++;
  /* four digits: "1/4/16" could be 1916 or 2016, and a child's age hangs on it */
  if (strlen (p) != 4 || !read_digits (&p, 4, &year) || year < 1850)
    return FALSE;

  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

gboolean
cpis_date_is_valid (const char *text)
{
  GDate date;

  if (text == NULL || strlen (text) != 10)
    return FALSE;

  g_date_clear (&date, 1);
  return parse_date_part (text, &date);
}

char *
cpis_date_to_string (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

void
cpis_date_today_uk (GDate *date)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (date != NULL);

  now = g_date_time_new_now (cpis_date_uk_time_zone ());
  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

int
cpis_date_days_between (const GDate *from,
                        const GDate *to)
{
  g_return_val_if_fail (from != NULL && g_date_valid (from), 0);
  g_return_val_if_fail (to != NULL && g_date_valid (to), 0);

  return g_date_days_between (from, to);
}

GTimeZone *
cpis_date_uk_time_zone (void)
{
  /* loaded once: reading tzdata on every call cost a quarter of the
   * clinician view's time in the benchmark */
  static gsize initialised;
  static GTimeZone *tz;

  if (g_once_init_enter (&initialised))
    {
      tz = g_time_zone_new_identifier ("Europe/London");
      if (tz == NULL)
        {
          /* No tzdata: UTC is at most an hour out (British Summer Time) */
          g_debug ("Time zone Europe/London not available; using UTC");
          tz = g_time_zone_new_utc ();
        }
      g_once_init_leave (&initialised, 1);
    }

  return tz;
}

GDateTime *
cpis_date_time_new_utc_usec (gint64 usec)
{
  gint64 seconds = usec / G_USEC_PER_SEC;
  gint64 rest = usec % G_USEC_PER_SEC;
  g_autoptr(GDateTime) whole = NULL;

  /* rounded towards the past, so that the rest is never negative */
  if (rest < 0)
    {
      seconds--;
      rest += G_USEC_PER_SEC;
    }

  whole = g_date_time_new_from_unix_utc (seconds);
  if (whole == NULL)
    return NULL;

  return g_date_time_add (whole, rest);
}

gint64
cpis_date_time_to_usec (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

char *
cpis_date_time_format_uk (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  local = g_date_time_to_timezone (time, cpis_date_uk_time_zone ());
  if (local == NULL)
    return NULL;

  /* Translators: a moment in UK time, in g_date_time_format's notation
   * ("Wed 25 Nov 2026, 14:02"); the day and month names come from the
   * user's locale (LC_TIME) */
  return g_date_time_format (local, C_("date and time", "%a %-d %b %Y, %H:%M"));
}

char *
cpis_date_format_uk (const char *text)
{
  g_autoptr(GDateTime) midday = NULL;
  GDate date;

  if (!cpis_date_parse (text, &date))
    return NULL;

  /* a calendar date has no time zone: midday UTC is that day anywhere in the UK */
  midday = g_date_time_new_utc ((int) g_date_get_year (&date), (int) g_date_get_month (&date),
                                (int) g_date_get_day (&date), 12, 0, 0);
  if (midday == NULL)
    return NULL;

  /* Translators: a calendar date, in g_date_time_format's notation ("1 March
   * 2024"); the month's name comes from the user's locale (LC_TIME) */
  return g_date_time_format (midday, C_("date", "%-d %B %Y"));
}

gboolean
cpis_date_age (const GDate *birth,
               const GDate *today,
               guint       *years,
               guint       *months,
               guint       *days)
{
  GDate anniversary;
  guint whole_months;

  g_return_val_if_fail (birth != NULL && g_date_valid (birth), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (g_date_compare (birth, today) > 0)
    return FALSE;

  /* whole months from @birth; a month "ends" on the same day of the month,
   * or on the first day after it where the month is shorter */
  whole_months = (g_date_get_year (today) - g_date_get_year (birth)) * 12 +
                 (g_date_get_month (today) - g_date_get_month (birth));
  for (;;)
    {
      GDate candidate = *birth;
      guint add_years = whole_months / 12;
      guint add_months = whole_months % 12;
      guint day = g_date_get_day (birth);
      guint month = g_date_get_month (birth) + add_months;
      guint year = g_date_get_year (birth) + add_years;

      if (month > 12)
        {
          month -= 12;
          year++;
        }

      g_date_clear (&candidate, 1);
      if (day > g_date_get_days_in_month (month, year))
        {
          /* 31 January + 1 month: 1 March */
          g_date_set_dmy (&candidate, 1, month, year);
          g_date_add_months (&candidate, 1);
        }
      else
        g_date_set_dmy (&candidate, day, month, year);

      if (g_date_compare (&candidate, today) <= 0)
        {
          anniversary = candidate;
          break;
        }
      whole_months--;
    }

  if (years != NULL)
    *years = whole_months / 12;
  if (months != NULL)
    *months = whole_months % 12;
  if (days != NULL)
    *days = (guint) g_date_days_between (&anniversary, today);

  return TRUE;
}
