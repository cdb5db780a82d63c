/* cpis-working-days.c: England's working days */
#include "cpis-working-days.h"

typedef struct
{
  guint16 year;
  guint8  month;
  guint8  day;
} Day;

/* Regular bank holidays proclaimed on another day: not a bank holiday then */
static const Day moved_from[] = {
  { 2012, 5, 28 },  /* spring bank holiday, to 4 June */
  { 2020, 5, 4 },   /* early May, to 8 May (VE Day) */
  { 2022, 5, 30 },  /* spring bank holiday, to 2 June */
};

/* Days proclaimed bank holidays beyond the regular ones */
static const Day proclaimed[] = {
  { 2011, 4, 29 },  /* royal wedding */
  { 2012, 6, 4 },   /* spring bank holiday, moved */
  { 2012, 6, 5 },   /* diamond jubilee */
  { 2020, 5, 8 },   /* early May, moved (VE Day) */
  { 2022, 6, 2 },   /* spring bank holiday, moved */
  { 2022, 6, 3 },   /* platinum jubilee */
  { 2022, 9, 19 },  /* state funeral of Queen Elizabeth II */
  { 2023, 5, 8 },   /* coronation of King Charles III */
};

static gboolean
in_table (const Day   *table,
          gsize        n,
          const GDate *day)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].year == g_date_get_year (day) && table[i].month == g_date_get_month (day) &&
        table[i].day == g_date_get_day (day))
      return TRUE;
  return FALSE;
}

/* Easter Sunday of @year (the anonymous Gregorian algorithm) */
static void
easter_sunday (guint  year,
               GDate *easter)
{
  guint a = year % 19, b = year / 100, c = year % 100;
  guint d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  guint h = (19 * a + b - d - g + 15) % 30;
  guint i = c / 4, k = c % 4;
  guint l = (32 + 2 * e + 2 * i - h - k) % 7;
  guint m = (a + 11 * h + 22 * l) / 451;
  guint month = (h + l - 7 * m + 114) / 31;
  guint day = (h + l - 7 * m + 114) % 31 + 1;

  g_date_clear (easter, 1);
  g_date_set_dmy (easter, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static gboolean
is_weekend (GDateWeekday weekday)
{
  return weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY;
}

/* Whether @day is a regular bank holiday, substitute days included */
static gboolean
is_regular_holiday (const GDate *day)
{
  guint year = g_date_get_year (day);
  GDateMonth month = g_date_get_month (day);
  guint dom = g_date_get_day (day);
  GDateWeekday weekday = g_date_get_weekday (day);
  guint days_in_month = g_date_get_days_in_month (month, (GDateYear) year);
  GDate easter;
  int from_easter;

  easter_sunday (year, &easter);
  from_easter = g_date_days_between (&easter, day);
  if (from_easter == -2 || from_easter == 1)
    return TRUE;

  switch (month)
    {
    case G_DATE_JANUARY:
      /* 1 January, or the Monday after it when it is a Saturday or Sunday */
      return (dom == 1 && !is_weekend (weekday)) ||
             (weekday == G_DATE_MONDAY && (dom == 2 || dom == 3));
    case G_DATE_MAY:
      /* the first Monday, and the last */
      return weekday == G_DATE_MONDAY && (dom <= 7 || dom + 7 > days_in_month);
    case G_DATE_AUGUST:
      return weekday == G_DATE_MONDAY && dom + 7 > days_in_month;
    case G_DATE_DECEMBER:
      /* 25 and 26 December on weekdays; a day lost to a weekend is made
       * up on the 27th or 28th (Monday or Tuesday) */
      if ((dom == 25 || dom == 26) && !is_weekend (weekday))
        return TRUE;
      return (dom == 27 && (weekday == G_DATE_MONDAY || weekday == G_DATE_TUESDAY)) ||
             (dom == 28 && (weekday == G_DATE_MONDAY || weekday == G_DATE_TUESDAY));
    case G_DATE_BAD_MONTH:
    case G_DATE_FEBRUARY:
    case G_DATE_MARCH:
    case G_DATE_APRIL:
    case G_DATE_JUNE:
    case G_DATE_JULY:
    case G_DATE_SEPTEMBER:
    case G_DATE_OCTOBER:
    case G_DATE_NOVEMBER:
    default:
      return FALSE;
    }
}

gboolean
cpis_working_days_is_bank_holiday (const GDate *day)
{
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);

  if (in_table (proclaimed, G_N_ELEMENTS (proclaimed), day))
    return TRUE;
  if (in_table (moved_from, G_N_ELEMENTS (moved_from), day))
    return FALSE;
  return is_regular_holiday (day);
}

gboolean
cpis_working_days_is_working_day (const GDate *day)
{
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);

  return !is_weekend (g_date_get_weekday (day)) && !cpis_working_days_is_bank_holiday (day);
}

void
cpis_working_days_after (const GDate *day,
                         guint        n,
                         GDate       *result)
{
  g_return_if_fail (day != NULL && g_date_valid (day) && result != NULL);

  *result = *day;
  while (n > 0)
    {
      g_date_add_days (result, 1);
      if (cpis_working_days_is_working_day (result))
        n--;
    }
}
