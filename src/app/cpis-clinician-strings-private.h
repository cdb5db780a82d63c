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

/* The clinician view's states */
#define CPIS_TEXT_CHECKING                   N_("Checking CP-IS…")
#define CPIS_TEXT_RECORDED_ONE_FMT           N_("This access was recorded and %s was notified.")
#define CPIS_TEXT_RECORDED_MANY_FMT          N_("This access was recorded and %s were notified.")
#define CPIS_TEXT_SILENT_READ                N_("Silent read: as a scheduled-care setting this check was not recorded and no one was notified.")
#define CPIS_TEXT_HISTORY_FAILED             N_("The access history could not be fetched. The alert above is still correct.")
#define CPIS_TEXT_NO_RECORD_TITLE_FMT        N_("No CP-IS record for %s")
#define CPIS_TEXT_NO_RECORD_DESCRIPTION      N_("CP-IS holds no child protection plan, looked after child status or unborn child protection plan for this NHS number.\n\nThis does not mean there are no safeguarding concerns: follow your usual assessment.")
#define CPIS_TEXT_COULD_NOT_BE_CHECKED       N_("CP-IS could not be checked")
#define CPIS_TEXT_NOT_THE_SAME_AS_NO_RECORD  N_("This is not the same as no record. Follow local safeguarding procedures and try again.")
#define CPIS_TEXT_TRY_AGAIN                  N_("Try again")
#define CPIS_TEXT_SESSION_EXPIRED            N_("Your session has expired. Sign in again, then try again.")
#define CPIS_TEXT_RECENT_CHECKS              N_("Recent checks")

G_END_DECLS
