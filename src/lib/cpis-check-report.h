/* cpis-check-report.h: a check's answer written out, for `cpis-desktop
 * --check` (scripts, and clinical systems that shell out)
 *
 * As text: the banner's line first (an active plan, no active plan, no
 * record), then each plan with its dates and the local authority's numbers,
 * then the access history, one line each. As JSON: the same, one object.
 * "Could not be checked" is never written as either answer: it has a line
 * (and an object) of its own, with the reason. Times are UK time.
 */
#pragma once

#include "cpis-check-result.h"

G_BEGIN_DECLS

/* (transfer full) @result (PLANS_FOUND or NO_RECORD) as text, lines ended by "\n" */
char *cpis_check_report_text        (CpisCheckResult *result);
/* (transfer full) @result as a JSON object, pretty-printed, with a final "\n":
 * "outcome" "plans-found" or "no-record", "activePlan", "plans",
 * "accessHistory" (and "accessHistoryComplete", false when it could not be
 * fetched or may be only its newest part) */
char *cpis_check_report_json        (CpisCheckResult *result);
/* (transfer full) the JSON of a check that could not be made:
 * "outcome" "could-not-check" and "reason" */
char *cpis_check_report_json_failed (const char      *nhs_number,
                                     const char      *reason);

G_END_DECLS
