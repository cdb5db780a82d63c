/* cpis-plan.h: one CP-IS plan, as a CareTeam carries it
 *
 * Immutable once built: every property is construct-only. Dates are the
 * FHIR "YYYY-MM-DD" strings (cpis-date.h reads them); absent values are NULL.
 */
#pragma once

#include <glib-object.h>

#include "cpis-plan-type.h"

G_BEGIN_DECLS

#define CPIS_TYPE_PLAN (cpis_plan_get_type ())

G_DECLARE_FINAL_TYPE (CpisPlan, cpis_plan, CPIS, PLAN, GObject)

/* Properties (all construct-only, readable):
 *   "id"              string  the CareTeam id
 *   "plan-type"       CpisPlanType
 *   "plan-code"       string  the raw code as received (kept for unrecognised plans)
 *   "plan-display"    string  the coding's display as received, trimmed
 *   "nhs-number"      string  ten digits
 *   "subject-name"    string  the name as the hub gives it, e.g. "Melanie JONES"
 *   "la-name"         string  responsible local authority
 *   "la-ods-code"     string  may be NULL (the national API does not send it)
 *   "phone-office"    string  office hours, telecom use=work; may be NULL
 *   "phone-emergency" string  emergency duty team, telecom use=mobile
 *   "start-date"      string
 *   "end-date"        string  NULL while the plan is active
 *   "due-date"        string  expected date of delivery, UCPP only; may be NULL
 *   "subject-birth-date" string  the child's (UCPP: the mother's) date of birth as
 *                                the LA uploaded it; NULL when the hub does not say
 */

const char   *cpis_plan_get_id              (CpisPlan *self);
CpisPlanType  cpis_plan_get_plan_type       (CpisPlan *self);
const char   *cpis_plan_get_plan_code       (CpisPlan *self);
const char   *cpis_plan_get_plan_display    (CpisPlan *self);
const char   *cpis_plan_get_nhs_number      (CpisPlan *self);
const char   *cpis_plan_get_subject_name    (CpisPlan *self);
const char   *cpis_plan_get_la_name         (CpisPlan *self);
const char   *cpis_plan_get_la_ods_code     (CpisPlan *self);
const char   *cpis_plan_get_phone_office    (CpisPlan *self);
const char   *cpis_plan_get_phone_emergency (CpisPlan *self);
const char   *cpis_plan_get_start_date      (CpisPlan *self);
const char   *cpis_plan_get_end_date        (CpisPlan *self);
const char   *cpis_plan_get_due_date        (CpisPlan *self);
const char   *cpis_plan_get_subject_birth_date (CpisPlan *self);
/* TRUE when there is no end date */
gboolean      cpis_plan_is_active           (CpisPlan *self);
/* TRUE when the plan ended on or before @today (a UK date): shown for 365
 * days more, but as ended, after the active ones */
gboolean      cpis_plan_has_ended           (CpisPlan    *self,
                                             const GDate *today);
/* TRUE for an unborn child's plan whose due date is before @today: the baby
 * may have been born, and should be checked under their own NHS number */
gboolean      cpis_plan_is_past_due         (CpisPlan    *self,
                                             const GDate *today);

G_END_DECLS
