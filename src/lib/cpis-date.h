/* cpis-date.h: calendar dates as FHIR writes them ("2024-03-01") */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses "YYYY-MM-DD" (a longer dateTime is accepted and its date part
 * taken) into @date. Returns FALSE, leaving @date cleared, if it is not a real date. */
gboolean  cpis_date_parse          (const char  *text,
                                    GDate       *date);
/* A date as UK staff type it: "1/4/2016", "01/04/2016", "01-04-2016",
 * "01.04.2016" or "01 04 2016" (day first, one separator, a four-digit year
 * from 1850), or "2016-04-01"; white space around it ignored. FALSE, leaving @date cleared, if it is not a real date. */
gboolean  cpis_date_parse_typed    (const char  *text,
                                    GDate       *date);
/* TRUE if @text is exactly a valid "YYYY-MM-DD" */
gboolean  cpis_date_is_valid       (const char  *text);
char     *cpis_date_to_string      (const GDate *date);
/* Europe/London (UTC if tzdata is missing): loaded once, owned by the library */
GTimeZone *cpis_date_uk_time_zone  (void);
/* Today's date in UK local time (Europe/London), where CP-IS dates are meant */
void      cpis_date_today_uk       (GDate       *date);
/* Whole days from @from to @to (negative if @to is earlier) */
int       cpis_date_days_between   (const GDate *from,
                                    const GDate *to);

/* The age on @today of someone born on @birth: whole years, then the whole
 * months after them, then the days after those. FALSE if @birth is after
 * @today. (Born 29 February: a year older on 1 March in other years.) */
gboolean  cpis_date_age            (const GDate *birth,
                                    const GDate *today,
                                    guint       *years,
                                    guint       *months,
                                    guint       *days);

/* Moments kept compactly, as microseconds since 1970-01-01 UTC (a model
 * that holds thousands of them keeps no GDateTime for each): the GDateTime
 * in UTC of @usec, and @time in microseconds */
GDateTime *cpis_date_time_new_utc_usec (gint64       usec);
gint64    cpis_date_time_to_usec   (GDateTime   *time);

/* A moment in UK (Europe/London) time, as clinical events are always shown,
 * with the day and month names of the user's locale (LC_TIME): "Wed 25 Nov
 * 2026, 14:02"; in Welsh "Mer 25 Tach 2026, 14:02" */
char     *cpis_date_time_format_uk (GDateTime   *time);
/* A date in the words of the user's locale (LC_TIME): "2024-03-01" → "1 March
 * 2024", in Welsh "1 Mawrth 2024"; NULL if unreadable */
char     *cpis_date_format_uk      (const char  *text);

G_END_DECLS
