/* cpis-access-pattern-text-private.h: a repeated-attendance pattern in words */
#pragma once

#include "cpis-access-pattern.h"

G_BEGIN_DECLS

/* One whole sentence per rule that fired, one after another, e.g.
 * "Repeated attendance: 4 attendances in the last 30 days at 3 different
 * organisations." */
char *_cpis_access_pattern_to_text (const CpisAccessPattern *pattern);

G_END_DECLS
