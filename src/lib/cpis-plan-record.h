/* cpis-plan-record.h: one plan record of an LA's upload, as read from its CSV file */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CPIS_TYPE_PLAN_RECORD (cpis_plan_record_get_type ())

G_DECLARE_FINAL_TYPE (CpisPlanRecord, cpis_plan_record, CPIS, PLAN_RECORD, GObject)

/* Properties (construct-only, readable):
 *   "line" uint  the 1-based line of the file on which the row starts
 *   "nhs-number" string  the NHS number as written (trimmed)
 *   "family-name" string  the family name as written
 *   "given-name" string  the given name(s) as written
 *   "birth-date" string  the date of birth as written (YYYY-MM-DD)
 *   "plan-type" string  CPP, LAC or UCPP as written
 *   "start-date" string  the plan's start as written
 *   "end-date" string  the plan's end; NULL while active
 *   "due-date" string  an unborn child's due date (UCPP); may be NULL
 *   "la-ods-code" string  the responsible LA's ODS code as written
 *   "error" string  why the row cannot be sent (it is then rejected CPR07 without being sent, as cpis-hub import plans rejects it); NULL for a row to send
 */

guint       cpis_plan_record_get_line (CpisPlanRecord *self);
const char *cpis_plan_record_get_nhs_number (CpisPlanRecord *self);
const char *cpis_plan_record_get_family_name (CpisPlanRecord *self);
const char *cpis_plan_record_get_given_name (CpisPlanRecord *self);
const char *cpis_plan_record_get_birth_date (CpisPlanRecord *self);
const char *cpis_plan_record_get_plan_type (CpisPlanRecord *self);
const char *cpis_plan_record_get_start_date (CpisPlanRecord *self);
const char *cpis_plan_record_get_end_date (CpisPlanRecord *self);
const char *cpis_plan_record_get_due_date (CpisPlanRecord *self);
const char *cpis_plan_record_get_la_ods_code (CpisPlanRecord *self);
const char *cpis_plan_record_get_error (CpisPlanRecord *self);

G_END_DECLS
