/* cpis-plan-editor.h: add, change or end one of the authority's plans
 *
 * A form checked as it is typed (the NHS number's check digit, whole dates
 * typed day first, the start after the birth, an unborn child's due date,
 * an end on or after the start and not in the future); Upload is offered
 * only when it would be accepted as far as the client can tell. The hub has
 * the last word: its CP-IS record code is shown, and a refused record keeps
 * everything typed. A plan opened to change keeps its NHS number, type and
 * start date, which say which plan it is. Nothing typed outlives the
 * dialog, and the dialog does not outlive the sign-in.
 */
#pragma once

#include <adwaita.h>

#include "cpis-plan.h"
#include "cpis-session.h"

G_BEGIN_DECLS

#define CPIS_TYPE_PLAN_EDITOR (cpis_plan_editor_get_type ())

G_DECLARE_FINAL_TYPE (CpisPlanEditor, cpis_plan_editor, CPIS, PLAN_EDITOR, AdwWindow)

/* Signals:
 *   "saved": the hub accepted the record (CPR06); the dialog then closes
 */
/* @plan: the plan to change or end, or NULL for a new one */
CpisPlanEditor *cpis_plan_editor_new      (CpisSession *session,
                                           CpisPlan    *plan);
/* Fills a new plan's form with a record to correct (an upload exception,
 * a plan to upload under a replacement NHS number); NULL leaves a field as
 * it is. Dates as FHIR writes them, @plan_type "CPP", "LAC" or "UCPP". */
void            cpis_plan_editor_prefill  (CpisPlanEditor *self,
                                           const char     *nhs_number,
                                           const char     *family_name,
                                           const char     *given_name,
                                           const char     *birth_date,
                                           const char     *plan_type,
                                           const char     *start_date,
                                           const char     *end_date,
                                           const char     *due_date);
/* Fills a new plan's form with @plan's details under another NHS number
 * (the one that replaced a retired number) */
void            cpis_plan_editor_prefill_from_plan (CpisPlanEditor *self,
                                                    CpisPlan       *plan,
                                                    const char     *nhs_number);
/* Says above the form why it is filled in (what the hub refused), until
 * the next upload */
void            cpis_plan_editor_set_notice (CpisPlanEditor *self,
                                             const char     *notice);
/* Whether a record is on its way to the hub */
gboolean        cpis_plan_editor_get_busy (CpisPlanEditor *self);

G_END_DECLS
