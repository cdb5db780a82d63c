/* cpis-period.c: the period a partnership's figures are for */

#include <glib/gi18n-lib.h>

#include "cpis-period.h"

G_DEFINE_QUARK (cpis-period-error-quark, cpis_period_error)

/* The day after the date @months before @today (clamped to the month's
 * last day: 31 May less 3 months is 28 or 29 February) */
static void
months_back (const GDate *today,
             guint        months,
             GDate       *first)
{
  *first = *today;
  g_date_subtract_months (first, months);
  g_date_add_days (first, 1);
}

void
cpis_period_for_choice (CpisPeriodChoice  choice,
                        const GDate      *today,
                        GDate            *first,
                        GDate            *last)
{
  g_return_if_fail (today != NULL && g_date_valid (today));
  g_return_if_fail (first != NULL && last != NULL);

  *last = *today;
  switch (choice)
    {
    case CPIS_PERIOD_LAST_4_WEEKS:
      *first = *today;
      g_date_subtract_days (first, 27);
      break;
    case CPIS_PERIOD_LAST_3_MONTHS:
      months_back (today, 3, first);
      break;
    case CPIS_PERIOD_LAST_12_MONTHS:
      months_back (today, 12, first);
      break;
    case CPIS_PERIOD_CHOSEN:
    default:
      g_return_if_reached ();
    }
}

gboolean
cpis_period_check (const GDate  *first,
                   const GDate  *last,
                   const GDate  *today,
                   GError      **error)
{
  g_return_val_if_fail (first != NULL && last != NULL && today != NULL, FALSE);

  if (!g_date_valid (first) || !g_date_valid (last))
    {
      g_set_error_literal (error, CPIS_PERIOD_ERROR, CPIS_PERIOD_ERROR_INVALID,
                           _("Give the first and last days of the period."));
      return FALSE;
    }
  if (g_date_compare (last, first) < 0)
    {
      g_set_error_literal (error, CPIS_PERIOD_ERROR, CPIS_PERIOD_ERROR_REVERSED,
                           _("The period ends before it starts."));
      return FALSE;
    }
  if (g_date_compare (last, today) > 0)
    {
      g_set_error_literal (error, CPIS_PERIOD_ERROR, CPIS_PERIOD_ERROR_FUTURE,
                           _("The period ends after today: there are no figures for it yet."));
      return FALSE;
    }
  if (g_date_days_between (first, last) + 1 > CPIS_PERIOD_MAX_DAYS)
    {
      g_set_error (error, CPIS_PERIOD_ERROR, CPIS_PERIOD_ERROR_TOO_LONG,
                   _("The period is longer than %d days: the hub keeps two years."), CPIS_PERIOD_MAX_DAYS);
      return FALSE;
    }
  return TRUE;
}

void
cpis_period_week_start (const GDate *day,
                        GDate       *monday)
{
  g_return_if_fail (day != NULL && g_date_valid (day));
  g_return_if_fail (monday != NULL);

  *monday = *day;
  g_date_subtract_days (monday, g_date_get_weekday (day) - G_DATE_MONDAY);
}

guint
cpis_period_n_weeks (const GDate *first,
                     const GDate *last)
{
  GDate from, to;

  g_return_val_if_fail (first != NULL && g_date_valid (first), 0);
  g_return_val_if_fail (last != NULL && g_date_valid (last), 0);

  if (g_date_compare (last, first) < 0)
    return 0;
  cpis_period_week_start (first, &from);
  cpis_period_week_start (last, &to);
  return g_date_days_between (&from, &to) / 7 + 1;
}

char *
cpis_period_format (const GDate *first,
                    const GDate *last)
{
  char from[64], to[64];

  g_return_val_if_fail (first != NULL && g_date_valid (first), NULL);
  g_return_val_if_fail (last != NULL && g_date_valid (last), NULL);

  g_date_strftime (to, sizeof to, "%-d %B %Y", last);
  if (g_date_compare (first, last) == 0)
    return g_strdup (to);
  /* the first day's year only when it is not the last's */
  g_date_strftime (from, sizeof from,
                   g_date_get_year (first) == g_date_get_year (last) ? "%-d %B" : "%-d %B %Y", first);
  /* Translators: a period, from its first day to its last */
  return g_strdup_printf (_("%s – %s"), from, to);
}
