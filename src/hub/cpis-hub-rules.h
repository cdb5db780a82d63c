/* cpis-hub-rules.h: the CP-IS business rules the hub applies, as pure functions */
#pragma once

#include <glib.h>

#include "cpis-fhir-codec.h"
#include "cpis-hub-records.h"

G_BEGIN_DECLS

#define CPIS_HUB_DAYS_SHOWN_AFTER_END 365
#define CPIS_HUB_DAYS_SHOWN_AFTER_DUE 28
#define CPIS_HUB_ACCESS_HISTORY_LIMIT 25
/* what a social worker of the child's LA is answered: the whole history, bounded */
#define CPIS_HUB_LA_ACCESS_HISTORY_LIMIT CPIS_FHIR_LA_ACCESS_HISTORY_LIMIT

/* TRUE if @plan is to be shown on @today (UK local date): while active and for
 * 365 days after its end; an unborn child's plan also only until 28 days after
 * the due date. A plan with an unreadable date is shown (safer to show). */
gboolean   cpis_hub_plan_is_shown   (const CpisHubPlan *plan,
                                     const GDate       *today);
/* The plans of @plans (CpisHubPlan) to show on @today, as a new array that
 * shares (does not own) the elements */
GPtrArray *cpis_hub_plans_to_show   (GPtrArray         *plans,
                                     const GDate       *today);

/* A notification's lifecycle (docs/api.md, "Transitions"): requested →
 * accepted, in-progress or cancelled; accepted → in-progress, completed or
 * cancelled; in-progress → completed or cancelled. Completed and cancelled
 * are final. Staying in a status is no transition (FALSE here). */
gboolean   cpis_hub_task_status_can_become (CpisHubTaskStatus  from,
                                            CpisHubTaskStatus  to);
gboolean   cpis_hub_task_status_is_final   (CpisHubTaskStatus  status);

G_END_DECLS
