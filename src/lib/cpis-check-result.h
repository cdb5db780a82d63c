/* cpis-check-result.h: the outcome of checking one child, as the session holds it
 *
 * Lives in memory only. "No record" and "could not be checked" are different
 * outcomes, never to be confused (a clinician who reads the second as the
 * first may send a child home unprotected).
 */
#pragma once

#include <gio/gio.h>

#include "cpis-patient.h"
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

/* What arrives after the plans: the access history and the demographics */
typedef enum
{
  CPIS_FETCH_NOT_ASKED,  /* not asked for (the check failed; no demographics service) */
  CPIS_FETCH_PENDING,    /* on its way */
  CPIS_FETCH_DONE,       /* here */
  CPIS_FETCH_NOT_FOUND,  /* demographics only: the service has no such record */
  CPIS_FETCH_FAILED,     /* could not be fetched: see the error */
} CpisFetchState;

GType cpis_fetch_state_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_FETCH_STATE (cpis_fetch_state_get_type ())

/* Where the demographics and the CP-IS answer disagree about who this is */
typedef enum
{
  CPIS_IDENTITY_SAME                    = 0,
  CPIS_IDENTITY_FAMILY_NAME_DIFFERS     = 1 << 0, /* a plan names another family name */
  CPIS_IDENTITY_BIRTH_DATE_DIFFERS      = 1 << 1, /* a plan gives another date of birth */
  CPIS_IDENTITY_NHS_NUMBER_SUPERSEDED   = 1 << 2, /* the number checked was replaced */
} CpisIdentityDifference;

#define CPIS_TYPE_CHECK_RESULT (cpis_check_result_get_type ())

G_DECLARE_FINAL_TYPE (CpisCheckResult, cpis_check_result, CPIS, CHECK_RESULT, GObject)

/* Properties (construct-only, readable):
 *   "nhs-number"     string     ten digits
 *   "checked-at"     GDateTime  when the answer arrived
 *   "outcome"        CpisCheckOutcome
 *   "plans"          GListModel of CpisPlan (empty unless PLANS_FOUND): active
 *                    plans first, then ended ones, the most recently ended first
 *   "access-history" GListModel of CpisAccessEvent, newest first (may be empty);
 *                    filled when "history-state" becomes DONE
 *   "subject-name"   string     the child's name from the first plan; NULL otherwise
 *   "care-setting"   CpisCareSetting  how the check was made (unscheduled: recorded
 *                                     and the LA notified; scheduled: silent read)
 *   "error"          GError (boxed)   why it failed (FAILED only), a
 *                                     CPIS_HUB_CLIENT_ERROR; NULL otherwise
 *   "history-state"  CpisFetchState   PENDING while the history is on its way
 *                                     (the plans are shown without waiting), DONE,
 *                                     FAILED; NOT_ASKED when the check failed
 *   "history-error"  GError (boxed)   the plans arrived but the access history
 *                                     could not be fetched; NULL otherwise
 *   "history-partial" gboolean        TRUE when the access history may be only
 *                                     the newest part of it: the hub answered as
 *                                     many accesses as it ever answers
 *                                     (CPIS_FHIR_ACCESS_HISTORY_LIMIT), so older
 *                                     ones may have been left out; set with
 *                                     "history-state" DONE (FALSE before, and
 *                                     for a history given to cpis_check_result_new,
 *                                     which is taken as whole)
 *   "demographics-state" CpisFetchState  the identity read: PENDING, DONE,
 *                                     NOT_FOUND (no such record: check the
 *                                     number), FAILED, NOT_ASKED
 *   "patient"        CpisPatient      who the demographics service says this is
 *   "demographics-error" GError (boxed) why the identity could not be confirmed
 * The states and what they carry change only on the main context, with notify.
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
CpisFetchState   cpis_check_result_get_history_state   (CpisCheckResult *self);
gboolean         cpis_check_result_get_history_partial (CpisCheckResult *self);
CpisFetchState   cpis_check_result_get_demographics_state (CpisCheckResult *self);
CpisPatient     *cpis_check_result_get_patient         (CpisCheckResult *self);
const GError    *cpis_check_result_get_demographics_error (CpisCheckResult *self);
/* How the demographics and the plans disagree (nothing before the
 * demographics are in); UCPP plans are compared with the mother's record */
CpisIdentityDifference cpis_check_result_get_identity_differences (CpisCheckResult *self);
/* TRUE when a plan is an unborn child's: the record is the mother's */
gboolean         cpis_check_result_is_mothers_record   (CpisCheckResult *self);

G_END_DECLS
