/* cpis-access-pattern.h: spotting repeated attendance in an access history */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Accesses from one organisation at most this far apart are one attendance:
 * the hub records every check, and one child in front of one nurse is
 * checked again and again (a scan repeated, the doctor after the triage
 * nurse, the paediatric team on admission). Four hours is the national
 * emergency department standard (admitted, transferred or discharged within
 * four hours of arrival), so the checks of one stay fall within four hours of
 * one another; the span is chained (each access within four hours of the one
 * before it from that organisation joins the same attendance), so a longer
 * stay with checks along the way is still one. The price: a child sent home
 * and brought back to the same organisation within four hours of the last
 * check there is counted once. */
#define CPIS_PATTERN_SAME_ATTENDANCE_HOURS 4

#define CPIS_PATTERN_VISITS 3             /* 3 or more attendances … */
#define CPIS_PATTERN_VISITS_DAYS 30       /* … within 30 days */
#define CPIS_PATTERN_ORGANISATIONS 3      /* or 3 or more different organisations … */
#define CPIS_PATTERN_ORGANISATIONS_DAYS 90 /* … within 90 days */
#define CPIS_PATTERN_SAME_DAY_ORGANISATIONS 2 /* or 2 or more different organisations on
                                               * one UK calendar day … */
#define CPIS_PATTERN_SAME_DAY_NIGHT_HOURS 6   /* … or at most 6 hours apart across midnight */
#define CPIS_PATTERN_FREQUENT 10          /* or 10 or more attendances in the whole history */

/* @events: GListModel of CpisAccessEvent. @history_is_partial: TRUE when
 * @events may be only the most recent part of the history (the hub answers
 * a fixed number of the newest accesses, and this many came): counts that
 * reach back past the oldest access given are then said as "at least".
 * Returns sentences for the clinician, one per rule that fires, e.g.
 * "Repeated attendance: 4 attendances in the last 30 days at 3 different
 * organisations.", or NULL when no pattern shows. Windows end at @now;
 * accesses after it are left out. */
char *cpis_access_pattern_describe (GListModel *events,
                                    GDateTime  *now,
                                    gboolean    history_is_partial);

G_END_DECLS
