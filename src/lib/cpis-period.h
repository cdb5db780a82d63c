/* cpis-period.h: the period a partnership's figures are for
 *
 * UK dates, the first and last days both in the period. The choices a
 * dashboard offers are counted back from today, today included: the last 4
 * weeks (28 days), the last 3 months and the last 12 months (from the day
 * after the same date that many months before: 3 Sep to 2 Dec); or dates
 * chosen. Weekly figures are of weeks from Monday to Sunday, as the hub
 * counts them: the first week of a period is the one its first day is in.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CPIS_PERIOD_LAST_4_WEEKS,
  CPIS_PERIOD_LAST_3_MONTHS,
  CPIS_PERIOD_LAST_12_MONTHS,
  CPIS_PERIOD_CHOSEN,  /* dates given */
} CpisPeriodChoice;

#define CPIS_PERIOD_ERROR (cpis_period_error_quark ())

typedef enum
{
  CPIS_PERIOD_ERROR_INVALID,   /* a date that is not one */
  CPIS_PERIOD_ERROR_REVERSED,  /* it ends before it starts */
  CPIS_PERIOD_ERROR_FUTURE,    /* it ends after today: no figures yet */
  CPIS_PERIOD_ERROR_TOO_LONG,  /* longer than CPIS_PERIOD_MAX_DAYS */
} CpisPeriodError;

/* The longest period asked for: two years, as the hub keeps them */
#define CPIS_PERIOD_MAX_DAYS 731

GQuark    cpis_period_error_quark (void);

/* The first and last days of @choice counted back from @today (not for
 * CPIS_PERIOD_CHOSEN) */
void      cpis_period_for_choice  (CpisPeriodChoice  choice,
                                   const GDate      *today,
                                   GDate            *first,
                                   GDate            *last);
/* Whether @first … @last can be asked for on @today */
gboolean  cpis_period_check       (const GDate      *first,
                                   const GDate      *last,
                                   const GDate      *today,
                                   GError          **error);
/* The Monday of @day's week */
void      cpis_period_week_start  (const GDate      *day,
                                   GDate            *monday);
/* How many weeks (Monday to Sunday) @first … @last touches */
guint     cpis_period_n_weeks     (const GDate      *first,
                                   const GDate      *last);
/* (transfer full): "5 November – 2 December 2026", "3 September 2025 – 2
 * December 2026", "2 December 2026" */
char     *cpis_period_format      (const GDate      *first,
                                   const GDate      *last);

G_END_DECLS
