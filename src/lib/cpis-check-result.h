/* cpis-check-result.h: the outcome of checking one child, as the session holds it
 *
 * Lives in memory only. "No record" and "could not be checked" are different
 * outcomes, never to be confused (a clinician who reads the second as the
 * first may send a child home unprotected).
 */
#pragma once

#include <gio/gio.h>

#include "cpis-user-info.h"

G_BEGIN_DECLS

typedef enum
{
  CPIS_CHECK_OUTCOME_PLANS_FOUND,  /* at least one plan to show */
  CPIS_CHECK_OUTCOME_NO_RECORD,    /* the hub answered: nothing to show */
  CPIS_CHECK_OUTCOME_FAILED,       /* CP-IS could not be checked: see the error */
} CpisCheckOutcome;

GType cpis_check_outcome_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_CHECK_OUTCOME (cpis_check_outcome_get_type ())

#define CPIS_TYPE_CHECK_RESULT (cpis_check_result_get_type ())

G_DECLARE_FINAL_TYPE (CpisCheckResult, cpis_check_result, CPIS, CHECK_RESULT, GObject)

/* Properties (construct-only, readable):
 *   "nhs-number"     string     ten digits
 *   "checked-at"     GDateTime  when the answer arrived
 *   "outcome"        CpisCheckOutcome
 *   "plans"          GListModel of CpisPlan (empty unless PLANS_FOUND)
 *   "access-history" GListModel of CpisAccessEvent, newest first (may be empty)
 *   "subject-name"   string     the child's name from the first plan; NULL otherwise
 *   "care-setting"   CpisCareSetting  how the check was made (unscheduled: recorded
 *                                     and the LA notified; scheduled: silent read)
 *   "error"          GError (boxed)   why it failed (FAILED only), a
 *                                     CPIS_HUB_CLIENT_ERROR; NULL otherwise
 *   "history-error"  GError (boxed)   the plans arrived but the access history
 *                                     could not be fetched; NULL otherwise
 */

CpisCheckResult *cpis_check_result_new                 (const char      *nhs_number,
                                                        CpisCheckOutcome outcome,
                                                        GPtrArray       *plans,
                                                        GPtrArray       *access_history,
                                                        CpisCareSetting  care_setting,
                                                        const GError    *error,
                                                        const GError    *history_error);
const char      *cpis_check_result_get_nhs_number      (CpisCheckResult *self);
GDateTime       *cpis_check_result_get_checked_at      (CpisCheckResult *self);
CpisCheckOutcome cpis_check_result_get_outcome         (CpisCheckResult *self);
GListModel      *cpis_check_result_get_plans           (CpisCheckResult *self);
GListModel      *cpis_check_result_get_access_history  (CpisCheckResult *self);
const char      *cpis_check_result_get_subject_name    (CpisCheckResult *self);
CpisCareSetting  cpis_check_result_get_care_setting    (CpisCheckResult *self);
const GError    *cpis_check_result_get_error           (CpisCheckResult *self);
const GError    *cpis_check_result_get_history_error   (CpisCheckResult *self);

G_END_DECLS
