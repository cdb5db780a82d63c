/* cpis-clinician-strings-private.h: the clinician view's key sentences, shared
 * with the tests that look for them */
#pragma once

#include <glib/gi18n.h>

G_BEGIN_DECLS

/* The NHS number entry */
#define CPIS_TEXT_NHS_NUMBER_VALID           N_("Valid NHS number")

/* The alert card */
#define CPIS_TEXT_PLAN_ACTIVE                N_("Active")
#define CPIS_TEXT_UNBORN_CHILD               N_("Unborn child — plan held against the mother's record")
#define CPIS_TEXT_UNRECOGNISED_PLAN_FMT      N_("Unrecognised plan (code %s)")
#define CPIS_TEXT_COPY_OFFICE                N_("Copy office hours number")
#define CPIS_TEXT_COPY_EMERGENCY             N_("Copy emergency duty number")
#define CPIS_TEXT_PAST_DUE_FMT               N_("The due date (%s) has passed: the baby may have been born. Once the baby has an NHS number, check the baby under that number.")

/* The clinician view's states */
#define CPIS_TEXT_CHECKING                   N_("Checking CP-IS…")
#define CPIS_TEXT_RECORDED_ONE_FMT           N_("This access was recorded and %s was notified.")
#define CPIS_TEXT_RECORDED_TWO_FMT           N_("This access was recorded and %s and %s were notified.")
/* Translators: %s is a list of three or more councils, e.g. "Northgate
 * Council, Southmoor Council and Eastbrook Council" */
#define CPIS_TEXT_RECORDED_MANY_FMT          N_("This access was recorded and %s were notified.")
/* Where the organisation has care settings of both kinds: what this workstation is */
#define CPIS_TEXT_WORKSTATION_UNSCHEDULED    N_("This workstation is in unscheduled care: each check is recorded and the child’s local authority is told.")
#define CPIS_TEXT_WORKSTATION_SCHEDULED      N_("This workstation is in scheduled care: checks are silent reads, not recorded, and no one is told.")
#define CPIS_TEXT_SILENT_READ                N_("Silent read: as a scheduled-care setting this check was not recorded and no one was notified.")
#define CPIS_TEXT_HISTORY_PENDING            N_("Fetching the access history…")
#define CPIS_TEXT_HISTORY_FAILED             N_("The access history could not be fetched. The alert above is still correct.")
#define CPIS_TEXT_NO_RECORD_TITLE_FMT        N_("No CP-IS record for %s")
#define CPIS_TEXT_NO_RECORD_DESCRIPTION      N_("CP-IS holds no child protection plan, looked after child status or unborn child protection plan for this NHS number.\n\nThis does not mean there are no safeguarding concerns: follow your usual assessment.")
#define CPIS_TEXT_NUMBER_REPLACED_TITLE_FMT  N_("Number replaced: check %s")
#define CPIS_TEXT_NO_RECORD_SUPERSEDED_FMT   N_("CP-IS has no record under %s, but this NHS number has been replaced by %s, and CP-IS keeps plans by NHS number: a plan would be under the current number. Check it before relying on this answer.")
#define CPIS_TEXT_COULD_NOT_BE_CHECKED       N_("CP-IS could not be checked")
#define CPIS_TEXT_NOT_THE_SAME_AS_NO_RECORD  N_("This is not the same as no record. Follow local safeguarding procedures and try again.")
#define CPIS_TEXT_TRY_AGAIN                  N_("Try again")
#define CPIS_TEXT_SESSION_EXPIRED            N_("Your session has expired. Sign in again, then try again.")
#define CPIS_TEXT_RECENT_CHECKS              N_("Recent checks")
#define CPIS_TEXT_EARLIER_ANSWER_FMT         N_("Earlier answer, checked at %s, shown again from this session’s checks. CP-IS was not asked again.")
#define CPIS_TEXT_CHECK_STOPPED              N_("This check was stopped before its answer came, because the number in the field changed. The hub may still have recorded it and told the council. Check again to see the answer.")
#define CPIS_TEXT_NO_ACTIVE_PLAN             N_("No active plan")
#define CPIS_TEXT_ENDED_ONLY                 N_("CP-IS shows a plan for a year after it ends, because it may still matter. Call the council below if you have a concern.")

/* The patient banner */
#define CPIS_TEXT_MOTHERS_RECORD             N_("Mother’s record: the plan is for her unborn child")
#define CPIS_TEXT_ADDRESS_WITHHELD           N_("Address withheld (restricted record)")
#define CPIS_TEXT_CONFIRMING_IDENTITY        N_("Confirming who this is with the demographics service…")
#define CPIS_TEXT_IDENTITY_NOT_CONFIRMED     N_("Identity not confirmed")
#define CPIS_TEXT_NO_DEMOGRAPHICS_FMT        N_("The demographics service has no record of NHS number %s. Check the number before acting on this answer.")
#define CPIS_TEXT_IDENTITY_FAILED_FMT        N_("Who this is could not be confirmed. %s Confirm the name and date of birth another way.")
#define CPIS_TEXT_NAME_DIFFERS_FMT           N_("CP-IS names this person “%s”, but the demographics service gives the family name %s.")
#define CPIS_TEXT_BIRTH_DATE_DIFFERS_FMT     N_("CP-IS gives the date of birth %s, but the demographics service gives %s.")
#define CPIS_TEXT_CONFIRM_IDENTITY           N_("Make sure this is the right person before acting on this answer.")
#define CPIS_TEXT_SUPERSEDED_FMT             N_("NHS number %s has been replaced by %s. CP-IS keeps plans by NHS number: check the current number too.")

G_END_DECLS
