/* cpis-fhir-codec.h: the one place that turns CP-IS FHIR R4 JSON into model
 * objects and back.
 *
 * Decoding is tolerant (cpis-fhir-api.md, "Decode tolerantly"): string booleans,
 * a coding without a code, trailing spaces, "http:" identifier systems in any case,
 * unknown elements — all accepted. Only what would change the meaning is rejected.
 * Encoding is strict, valid FHIR R4.
 */
#pragma once

#include <glib-object.h>

#include "cpis-access-event.h"
#include "cpis-measure-report.h"
#include "cpis-operation-outcome.h"
#include "cpis-patient.h"
#include "cpis-plan.h"
#include "cpis-plan-page.h"
#include "cpis-plan-record.h"
#include "cpis-upload-exception.h"
#include "cpis-upload-exception-page.h"
#include "cpis-practitioner-role.h"
#include "cpis-subscription.h"
#include "cpis-task-codes.h"
#include "cpis-task.h"
#include "cpis-task-page.h"
#include "cpis-team.h"

G_BEGIN_DECLS

#define CPIS_NHS_NUMBER_SYSTEM "https://fhir.nhs.uk/Id/nhs-number"
#define CPIS_ODS_CODE_SYSTEM   "https://fhir.nhs.uk/Id/ods-organization-code"
#define CPIS_ROLE_PROFILE_SYSTEM "https://fhir.nhs.uk/Id/sds-role-profile-id"
#define CPIS_V3_ROLE_CLASS_SYSTEM "http://terminology.hl7.org/CodeSystem/v3-RoleClass"
#define CPIS_LIFECYCLE_SYSTEM "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle"
/* The hub's own extension carrying an unborn child's expected date of delivery */
#define CPIS_DUE_DATE_EXTENSION_URL "https://cpis-desktop.gnome.example/fhir/StructureDefinition/expected-delivery-date"
/* The hub's own extension carrying the child's (or, for an unborn child's plan,
 * the mother's) date of birth as the local authority uploaded it: the national
 * CareTeam names the subject but gives no date of birth to confirm it by */
#define CPIS_SUBJECT_BIRTH_DATE_EXTENSION_URL "https://cpis-desktop.gnome.example/fhir/StructureDefinition/subject-birth-date"

/* Plan uploads (docs/api.md, "Plan uploads"; cpis-fhir-upload.c): the CP-IS
 * upload response codes (record CPR01–CPR07, file CPF01–CPF06), in the hub's
 * own code system, and the extensions of an upload exception (Basic) */
#define CPIS_UPLOAD_CODE_SYSTEM "https://cpis-desktop.gnome.example/fhir/CodeSystem/upload-response"
#define CPIS_EXCEPTION_STATUS_EXTENSION_URL "https://cpis-desktop.gnome.example/fhir/StructureDefinition/upload-exception-status"
#define CPIS_EXCEPTION_RECORDED_EXTENSION_URL "https://cpis-desktop.gnome.example/fhir/StructureDefinition/upload-exception-recorded"
#define CPIS_EXCEPTION_PLAN_TYPE_EXTENSION_URL "https://cpis-desktop.gnome.example/fhir/StructureDefinition/upload-exception-plan-type"
#define CPIS_EXCEPTION_START_DATE_EXTENSION_URL "https://cpis-desktop.gnome.example/fhir/StructureDefinition/upload-exception-start-date"
/* on the contained Patient, a submitted date of birth that is no date */
#define CPIS_EXCEPTION_BIRTH_DATE_EXTENSION_URL "https://cpis-desktop.gnome.example/fhir/StructureDefinition/upload-exception-birth-date"
/* The hub's Basic.code system for an upload exception is CPIS_UPLOAD_CODE_SYSTEM */

/* A batch of plan records holds at most this many CareTeam entries; a client
 * sends them in chunks of CPIS_FHIR_UPLOAD_CHUNK */
#define CPIS_FHIR_MAX_UPLOAD_ENTRIES 1000
#define CPIS_FHIR_UPLOAD_CHUNK 100
/* No value of a record (a name, a date, a code) is longer: the hub refuses
 * a batch holding one (400), and the client does not send it */
#define CPIS_FHIR_MAX_UPLOAD_VALUE 256

/* A social worker of the child's LA is answered the whole history, up to
 * this many of the newest (the LA reads it for patterns: repeated
 * attendances, children crossing LA boundaries) */
#define CPIS_FHIR_LA_ACCESS_HISTORY_LIMIT 500

/* A child has a handful of plans, and a history holds at most the LA's
 * bound: answers with more than these are not CP-IS answers, and are not
 * drawn */
#define CPIS_FHIR_MAX_PLANS 20
#define CPIS_FHIR_MAX_ACCESS_EVENTS CPIS_FHIR_LA_ACCESS_HISTORY_LIMIT

/* The national service answers the newest 25 accesses of a child, and its
 * Bundle.total counts only those answered (it is not the number recorded):
 * an answer holding this many may have left older ones out */
#define CPIS_FHIR_ACCESS_HISTORY_LIMIT 25

/* Notifications (Task): a page holds at most CPIS_TASK_QUERY_MAX_COUNT; a
 * notification gathers a few notes and versions over its life, never
 * thousands */
#define CPIS_FHIR_MAX_TASKS_PER_PAGE 500
#define CPIS_FHIR_MAX_TASK_NOTES 1000
#define CPIS_FHIR_MAX_TASK_VERSIONS 1000

/* The teams or social workers of one LA: hundreds at the most */
#define CPIS_FHIR_MAX_DIRECTORY_ENTRIES 10000

#define CPIS_FHIR_ERROR (cpis_fhir_error_quark ())

typedef enum
{
  CPIS_FHIR_ERROR_NOT_JSON,       /* the body is not JSON at all */
  CPIS_FHIR_ERROR_WRONG_RESOURCE, /* valid JSON, but not the resource expected */
  CPIS_FHIR_ERROR_INVALID,        /* the resource lacks something it cannot be read without */
} CpisFhirError;

GQuark                cpis_fhir_error_quark                 (void);

/* A searchset Bundle of CareTeams → array of CpisPlan (owned). @total may be NULL. */
GPtrArray            *cpis_fhir_decode_care_team_bundle     (const char  *json,
                                                             gssize       length,
                                                             guint       *total,
                                                             GError     **error);
/* A searchset Bundle of AuditEvents with included PractitionerRoles → array of
 * CpisAccessEvent, each linked to its PractitionerRole, newest first. */
GPtrArray            *cpis_fhir_decode_audit_event_bundle   (const char  *json,
                                                             gssize       length,
                                                             guint       *total,
                                                             GError     **error);
CpisOperationOutcome *cpis_fhir_decode_operation_outcome    (const char  *json,
                                                             gssize       length,
                                                             GError     **error);
/* The demographics service's Patient (PDS FHIR API read) → CpisPatient */
CpisPatient          *cpis_fhir_decode_patient              (const char  *json,
                                                             gssize       length,
                                                             GError     **error);
/* A PDS search's searchset of Patients → array of CpisPatient, best
 * search.score first */
GPtrArray            *cpis_fhir_decode_patient_bundle       (const char  *json,
                                                             gssize       length,
                                                             guint       *total,
                                                             GError     **error);

/* Notifications (docs/api.md, "Notifications: Task"; what is refused is
 * listed in cpis-fhir-task.c). A Task (GET [base]/Task/{id}) → CpisTask. */
CpisTask             *cpis_fhir_decode_task                 (const char  *json,
                                                             gssize       length,
                                                             GError     **error);
/* A searchset of Tasks (GET [base]/Task?…) → one page: the Tasks in the
 * hub's order, each linked to its access (with its viewer) when the search
 * included them, the total of every match, and the links */
CpisTaskPage         *cpis_fhir_decode_task_bundle          (const char  *json,
                                                             gssize       length,
                                                             GError     **error);
/* A history Bundle (GET [base]/Task/{id}/_history) → array of CpisTask,
 * every version of one notification, newest first */
GPtrArray            *cpis_fhir_decode_task_history         (const char  *json,
                                                             gssize       length,
                                                             GError     **error);
/* The Task for PUT: @task as read, with @update's changes (NULL: none) */
char                 *cpis_fhir_encode_task                 (CpisTask             *task,
                                                             const CpisTaskUpdate *update);

/* The hub's push (docs/api.md, "Subscriptions and the websocket";
 * cpis-fhir-subscription.c). A notification Bundle carries at most this
 * many events ($events answers CPIS_SUBSCRIPTION_EVENTS_PAGE at most). */
#define CPIS_FHIR_MAX_NOTIFICATION_EVENTS 1000

/* The Subscription to POST: a websocket channel to @topic, with a
 * heartbeat every @heartbeat_period seconds (0: none) */
char                 *cpis_fhir_encode_subscription         (const char              *topic,
                                                             const char              *reason,
                                                             guint                    heartbeat_period,
                                                             CpisSubscriptionPayload  payload);
/* A Subscription answered → CpisSubscription */
CpisSubscription     *cpis_fhir_decode_subscription         (const char  *json,
                                                             gssize       length,
                                                             GError     **error);
/* $get-ws-binding-token's Parameters → CpisBindingToken (a token that can
 * be sent, and a ws:// or wss:// address) */
CpisBindingToken     *cpis_fhir_decode_binding_token        (const char  *json,
                                                             gssize       length,
                                                             GError     **error);
/* A notification Bundle (a websocket message, $status, $events) →
 * CpisNotification; with full-resource, each event with its Task */
CpisNotification     *cpis_fhir_decode_notification         (const char  *json,
                                                             gssize       length,
                                                             GError     **error);

/* Who a notification can be assigned to (docs/api.md, "The LA's teams and
 * social workers"; cpis-fhir-directory.c). A searchset of PractitionerRoles
 * (GET [base]/PractitionerRole) → array of CpisPractitionerRole, in the
 * hub's order; each must have an id (what a Task's owner refers to). */
GPtrArray            *cpis_fhir_decode_practitioner_role_bundle (const char  *json,
                                                                 gssize       length,
                                                                 guint       *total,
                                                                 GError     **error);
/* A searchset of the LA's teams as Organizations (GET [base]/Organization)
 * → array of CpisTeam, in the hub's order; each must have its team
 * identifier (CPIS_TEAM_SYSTEM) */
GPtrArray            *cpis_fhir_decode_team_bundle          (const char  *json,
                                                             gssize       length,
                                                             guint       *total,
                                                             GError     **error);
/* @roles: CpisPractitionerRole, each a match, written as the access
 * history's included PractitionerRoles are */
char                 *cpis_fhir_encode_practitioner_role_bundle (GPtrArray   *roles,
                                                                 const char  *base_url,
                                                                 const char  *self_url,
                                                                 const char  *bundle_id);
/* @teams: CpisTeam, each an Organization of type "team" with its
 * identifier, partOf the LA (@la_ods_code, @la_name may be NULL) */
char                 *cpis_fhir_encode_team_bundle          (GPtrArray   *teams,
                                                             const char  *la_ods_code,
                                                             const char  *la_name,
                                                             const char  *base_url,
                                                             const char  *self_url,
                                                             const char  *bundle_id);

/* @plans: CpisPlan; @base_url: e.g. "http://127.0.0.1:8080/cpis/FHIR/R4";
 * @self_url: the full request URL; @bundle_id: a UUID. Returns UTF-8 JSON. */
char                 *cpis_fhir_encode_care_team_bundle     (GPtrArray   *plans,
                                                             const char  *base_url,
                                                             const char  *self_url,
                                                             const char  *bundle_id);
/* @events: CpisAccessEvent (each with its practitioner role); every distinct
 * PractitionerRole is included once with search.mode "include". */
char                 *cpis_fhir_encode_audit_event_bundle   (GPtrArray   *events,
                                                             const char  *base_url,
                                                             const char  *self_url,
                                                             const char  *bundle_id);
char                 *cpis_fhir_encode_operation_outcome    (CpisOperationOutcome *outcome,
                                                             const char           *id);

/* Plan uploads (cpis-fhir-upload.c). The batch Bundle (POST [base]) of
 * @records (CpisPlanRecord), each a CareTeam with its demographics in a
 * contained Patient, in their order */
char                 *cpis_fhir_encode_plan_batch           (GPtrArray   *records);

/* One entry of a batch-response */
typedef struct
{
  char *status;    /* "201 Created", "200 OK", "422 Unprocessable Entity" */
  char *code;      /* the record code in response.outcome (CPR01 … CPR07) */
  char *detail;    /* its diagnostics; may be NULL */
  char *plan_id;   /* the CareTeam id of response.location; NULL if none */
} CpisFhirUploadEntry;

void                  cpis_fhir_upload_entry_free           (CpisFhirUploadEntry *entry);
/* A batch-response → its entries (CpisFhirUploadEntry), in order, and the
 * file code of its meta.tag (@file_code, may be NULL). An entry without a
 * record code in the hub's upload code system is refused (INVALID): it
 * would say nothing of the record. */
GPtrArray            *cpis_fhir_decode_upload_response      (const char  *json,
                                                             gssize       length,
                                                             char       **file_code,
                                                             GError     **error);
/* A page of the LA's plans (GET [base]/CareTeam without a patient) */
CpisPlanPage         *cpis_fhir_decode_plan_page            (const char  *json,
                                                             gssize       length,
                                                             GError     **error);
/* An upload exception (GET [base]/Basic/{id}, $dismiss), a page of them
 * (GET [base]/Basic) */
CpisUploadException  *cpis_fhir_decode_upload_exception     (const char  *json,
                                                             gssize       length,
                                                             GError     **error);
CpisUploadExceptionPage *cpis_fhir_decode_upload_exception_page (const char  *json,
                                                                 gssize       length,
                                                                 GError     **error);

/* A partnership's figures (GET [base]/MeasureReport): type summary and
 * status complete only; every count a whole number from 0, or withheld
 * (no count, marked as suppressed: CPIS_MEASURE_SUPPRESSED, never 0). A
 * report that refers to any patient (subject, evaluatedResource,
 * subjectResults) is refused: a partnership officer's figures never do. */
CpisMeasureReport    *cpis_fhir_decode_measure_report       (const char  *json,
                                                             gssize       length,
                                                             GError     **error);

/* The meaning of an upload response code ("CPR06" → "Success"); NULL for
 * a code that is none of them */
const char           *cpis_fhir_upload_code_display         (const char  *code);

G_END_DECLS
