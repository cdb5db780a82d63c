/* cpis-task-codes.h: the vocabularies of a notification (a FHIR Task): its
 * status and the transitions between statuses, its outcome, its kind, and
 * who owns it
 *
 * Wire names and code-system displays only, as docs/api.md ("Notifications:
 * Task") gives them; the words people read are the application's.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CPIS_TASK_OUTCOME_SYSTEM "https://cpis-desktop.gnome.example/fhir/CodeSystem/notification-outcome"
#define CPIS_TASK_KIND_SYSTEM    "https://cpis-desktop.gnome.example/fhir/CodeSystem/notification-type"
#define CPIS_TEAM_SYSTEM         "https://cpis-desktop.gnome.example/Id/team"
#define CPIS_TASK_OUT_OF_AREA_EXTENSION_URL "https://cpis-desktop.gnome.example/fhir/StructureDefinition/out-of-area"
#define CPIS_TASK_MODIFIED_BY_EXTENSION_URL "https://cpis-desktop.gnome.example/fhir/StructureDefinition/modified-by"

/* Task.status. Every status a CP-IS notification can have; a Task with any
 * other FHIR status cannot be read (see cpis-fhir-codec.h). */
typedef enum
{
  CPIS_TASK_STATUS_REQUESTED,    /* "requested": new, nobody has taken it on */
  CPIS_TASK_STATUS_ACCEPTED,     /* "accepted" */
  CPIS_TASK_STATUS_IN_PROGRESS,  /* "in-progress" */
  CPIS_TASK_STATUS_COMPLETED,    /* "completed": final, with an outcome */
  CPIS_TASK_STATUS_CANCELLED,    /* "cancelled": final, with a reason */
} CpisTaskStatus;

#define CPIS_TASK_N_STATUSES 5
/* For sets of statuses (a search's, a filter's) */
#define CPIS_TASK_STATUS_BIT(status) (1u << (status))

GType        cpis_task_status_get_type      (void) G_GNUC_CONST;
#define CPIS_TYPE_TASK_STATUS (cpis_task_status_get_type ())

/* The wire name → the status: FALSE (and @status left alone) for anything
 * else, NULL included; no case folding */
gboolean     cpis_task_status_from_string   (const char      *text,
                                             CpisTaskStatus  *status);
const char  *cpis_task_status_to_string     (CpisTaskStatus   status);
/* Completed and cancelled: nothing of the Task changes any more, a note neither */
gboolean     cpis_task_status_is_final      (CpisTaskStatus   status);
/* Whether @from → @to is one of the contract's transitions:
 *   requested   → accepted, in-progress, cancelled
 *   accepted    → in-progress, completed, cancelled
 *   in-progress → completed, cancelled
 * Staying in the same status is not a transition (FALSE): a Task that is
 * not final may be assigned or given a note without one. */
gboolean     cpis_task_status_can_become    (CpisTaskStatus   from,
                                             CpisTaskStatus   to);
/* The statuses @from can become, in the order above, into @next; returns
 * how many (none for a final status) */
guint        cpis_task_status_get_next      (CpisTaskStatus   from,
                                             CpisTaskStatus   next[CPIS_TASK_N_STATUSES]);

/* Task.businessStatus: what the LA did (required for completed) */
typedef enum
{
  CPIS_TASK_OUTCOME_NONE,                          /* no businessStatus */
  CPIS_TASK_OUTCOME_UNRECOGNISED,                  /* a code this version does not know:
                                                      kept as received, shown, never dropped */
  CPIS_TASK_OUTCOME_CONTACTED_FAMILY,              /* "contacted-family" */
  CPIS_TASK_OUTCOME_CONTACTED_HEALTH_PROFESSIONAL, /* "contacted-health-professional" */
  CPIS_TASK_OUTCOME_ADDED_TO_CASE_RECORD,          /* "added-to-case-record" */
  CPIS_TASK_OUTCOME_REFERRED,                      /* "referred" */
  CPIS_TASK_OUTCOME_NO_FURTHER_ACTION,             /* "no-further-action" */
  CPIS_TASK_OUTCOME_NOT_OUR_CHILD,                 /* "not-our-child" */
} CpisTaskOutcome;

GType        cpis_task_outcome_get_type     (void) G_GNUC_CONST;
#define CPIS_TYPE_TASK_OUTCOME (cpis_task_outcome_get_type ())

/* A code of CPIS_TASK_OUTCOME_SYSTEM → the outcome; FALSE for anything else */
gboolean     cpis_task_outcome_from_code    (const char      *code,
                                             CpisTaskOutcome *outcome);
/* NULL for NONE and UNRECOGNISED */
const char  *cpis_task_outcome_to_code      (CpisTaskOutcome  outcome);
/* The code system's display ("Contacted the family"), for the wire */
const char  *cpis_task_outcome_to_display   (CpisTaskOutcome  outcome);
/* One of the contract's six outcomes */
gboolean     cpis_task_outcome_is_known     (CpisTaskOutcome  outcome);

/* Task.code */
typedef enum
{
  CPIS_TASK_KIND_UNRECOGNISED,        /* a code this version does not know: kept as received */
  CPIS_TASK_KIND_ACCESS_TO_SERVICE,   /* "access-to-service": a child's recorded access */
  CPIS_TASK_KIND_INACTIVE_NHS_NUMBER, /* "inactive-nhs-number": a child's number retired */
} CpisTaskKind;

GType        cpis_task_kind_get_type        (void) G_GNUC_CONST;
#define CPIS_TYPE_TASK_KIND (cpis_task_kind_get_type ())

gboolean     cpis_task_kind_from_code       (const char      *code,
                                             CpisTaskKind    *kind);
/* NULL for UNRECOGNISED */
const char  *cpis_task_kind_to_code         (CpisTaskKind     kind);
const char  *cpis_task_kind_to_display      (CpisTaskKind     kind);

/* Task.owner: the LA itself (unassigned), one of its teams, or one of its
 * social workers */
typedef enum
{
  CPIS_TASK_OWNER_LOCAL_AUTHORITY, /* {"identifier": {ODS code system, code}} */
  CPIS_TASK_OWNER_TEAM,            /* {"identifier": {CPIS_TEAM_SYSTEM, id}} */
  CPIS_TASK_OWNER_WORKER,          /* {"reference": "PractitionerRole/{id}"} */
} CpisTaskOwnerKind;

GType        cpis_task_owner_kind_get_type  (void) G_GNUC_CONST;
#define CPIS_TYPE_TASK_OWNER_KIND (cpis_task_owner_kind_get_type ())

G_END_DECLS
