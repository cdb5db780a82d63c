/* cpis-access-pattern.h: spotting repeated attendance in an access history */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CPIS_PATTERN_VISITS 3             /* 3 or more accesses … */
#define CPIS_PATTERN_VISITS_DAYS 30       /* … within 30 days */
#define CPIS_PATTERN_ORGANISATIONS 3      /* or 3 or more different organisations … */
#define CPIS_PATTERN_ORGANISATIONS_DAYS 90 /* … within 90 days */

/* @events: GListModel of CpisAccessEvent. Returns a sentence for the
 * clinician, e.g. "Repeated attendance: 4 accesses in the last 30 days at 3
 * different organisations.", or NULL when no pattern shows. Windows end at @now. */
char *cpis_access_pattern_describe (GListModel *events,
                                    GDateTime  *now);

G_END_DECLS
