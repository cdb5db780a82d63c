/* cpis-operation-outcome.h: a FHIR OperationOutcome (its first issue) */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CPIS_SPINE_ERROR_SYSTEM "https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode"

#define CPIS_TYPE_OPERATION_OUTCOME (cpis_operation_outcome_get_type ())

G_DECLARE_FINAL_TYPE (CpisOperationOutcome, cpis_operation_outcome, CPIS, OPERATION_OUTCOME, GObject)

/* Properties (construct-only, readable):
 *   "severity"        string  "error", "fatal", "warning", "information"
 *   "code"            string  FHIR issue type: "invalid", "forbidden", "login", …
 *   "details-code"    string  e.g. "ACCESS_DENIED", "INVALID_SEARCH_DATA"
 *   "details-display" string  e.g. "Access has been denied to process this request"
 *   "diagnostics"     string  free text, may be NULL
 *   "details-system"  string  the code system of details-code; NULL means
 *                             CPIS_SPINE_ERROR_SYSTEM (PDS answers use its own)
 */

CpisOperationOutcome *cpis_operation_outcome_new                 (const char *severity,
                                                                  const char *code,
                                                                  const char *details_code,
                                                                  const char *details_display,
                                                                  const char *diagnostics);
const char           *cpis_operation_outcome_get_severity        (CpisOperationOutcome *self);
const char           *cpis_operation_outcome_get_code            (CpisOperationOutcome *self);
const char           *cpis_operation_outcome_get_details_code    (CpisOperationOutcome *self);
const char           *cpis_operation_outcome_get_details_display (CpisOperationOutcome *self);
const char           *cpis_operation_outcome_get_diagnostics     (CpisOperationOutcome *self);
/* CPIS_SPINE_ERROR_SYSTEM unless another system was given */
const char           *cpis_operation_outcome_get_details_system  (CpisOperationOutcome *self);

G_END_DECLS
