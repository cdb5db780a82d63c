/* cpis-access-pattern.h: spotting repeated attendance in an access history */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CPIS_PATTERN_VISITS 3             /* 3 or more accesses … */
#define CPIS_PATTERN_VISITS_DAYS 30       /* … within 30 days */
#define CPIS_PATTERN_ORGANISATIONS 3      /* or 3 or more different organisations … */
#define CPIS_PATTERN_ORGANISATIONS_DAYS 90 /* … within 90 days */
#define CPIS_PATTERN_SAME_DAY_ORGANISATIONS 2 /* or 2 or more different organisations on
                                               * one UK calendar day … */
#define CPIS_PATTERN_SAME_DAY_NIGHT_HOURS 6   /* … or at most 6 hours apart across midnight */
#define CPIS_PATTERN_FREQUENT 10          /* or 10 or more accesses in the whole history */

/* @events: GListModel of CpisAccessEvent. Returns sentences for the
 * clinician, one per rule that fires, e.g. "Repeated attendance: 4 accesses
 * in the last 30 days at 3 different organisations.", or NULL when no
 * pattern shows. Windows end at @now; accesses after it are left out. */
char *cpis_access_pattern_describe (GListModel *events,
                                    GDateTime  *now);

G_END_DECLS
