/* cpis-task.h: one notification to a local authority (a FHIR Task, one
 * version of it), and the changes a social worker may make to it
 *
 * Immutable once built: every property is construct-only. A change (a new
 * status, an assignment, a note) is a CpisTaskUpdate, sent to the hub
 * (cpis_hub_client_update_task_async), which answers the Task's next
 * version. docs/api.md, "Notifications: Task", is the contract.
 *
 * Moments are microseconds since 1970-01-01 UTC (0 when the hub did not give
 * one), so that an inbox of many thousands keeps no GDateTime for each;
 * cpis_task_dup_authored_on() and its neighbours give GDateTimes.
 */
#pragma once

#include <glib-object.h>

#include "cpis-access-event.h"
#include "cpis-task-codes.h"
#include "cpis-task-note.h"

G_BEGIN_DECLS

#define CPIS_TYPE_TASK (cpis_task_get_type ())

G_DECLARE_FINAL_TYPE (CpisTask, cpis_task, CPIS, TASK, GObject)

/* Properties (construct-only, readable; strings may be NULL unless said):
 *   "id"                  string  the notification's id (never NULL once decoded)
 *   "version"             string  meta.versionId: the version read (for If-Match)
 *   "last-updated"        gint64  meta.lastUpdated
 *   "status"              CpisTaskStatus
 *   "status-reason"       string  statusReason.text: why it was cancelled
 *   "outcome"             CpisTaskOutcome  businessStatus
 *   "outcome-system", "outcome-code", "outcome-display"
 *                         strings the businessStatus coding as received (kept for an
 *                                 unrecognised outcome, and written back as read)
 *   "kind"                CpisTaskKind  code
 *   "kind-system", "kind-code", "kind-display"
 *                         strings the code's coding as received (never changes)
 *   "intent", "priority"  strings as received ("order", "routine")
 *   "access-id"           string  the AuditEvent id of focus: the access notified
 *                                 (NULL for an inactive NHS number)
 *   "nhs-number"          string  for: the child's (or, for an unborn child's plan,
 *                                 the mother's) NHS number, ten digits
 *   "child-name"          string  for.display: the name on the plan
 *   "authored-on"         gint64  when the access was recorded (the notification raised)
 *   "authored-on-text"    string  authoredOn exactly as received when it differs from
 *                                 how the codec writes that instant; NULL otherwise
 *   "last-modified"       gint64  when this version was made
 *   "setting-code"        string  requester: the care setting's ODS code
 *   "setting-name"        string  requester.display: the care setting's name
 *   "out-of-area"         gboolean the care setting is outside the LA's area
 *   "out-of-area-stated"  gboolean whether the hub said either way (the extension
 *                                 was there); written back only then
 *   "owner-kind"          CpisTaskOwnerKind
 *   "owner-id"            string  the LA's ODS code, the team's id or the social
 *                                 worker's PractitionerRole id
 *   "owner-display"       string  the owner's name
 *   "modified-by-id"      string  who made this version (PractitionerRole id); NULL
 *                                 for version 1, which the hub raised
 *   "modified-by-display" string
 *   "replaced-by"         string  for an inactive NHS number: the number that replaced
 *                                 it, when the hub gave one
 *   "notes"               GPtrArray of CpisTaskNote, oldest first; never NULL to read
 *   "extra"               string  members of the Task this version does not model, as a
 *                                 JSON object, kept to be written back; NULL when none
 *   "access-event"        CpisAccessEvent  the access of focus with its viewer, when
 *                                 the search included it; NULL otherwise
 *
 * Values that thousands of notifications repeat (the version, the care
 * setting, the owner, the codings) are stored once for all of them.
 */

const char      *cpis_task_get_id                  (CpisTask *self);
const char      *cpis_task_get_version             (CpisTask *self);
gint64           cpis_task_get_last_updated        (CpisTask *self);
CpisTaskStatus   cpis_task_get_status              (CpisTask *self);
const char      *cpis_task_get_status_reason       (CpisTask *self);
CpisTaskOutcome  cpis_task_get_outcome             (CpisTask *self);
const char      *cpis_task_get_outcome_system      (CpisTask *self);
const char      *cpis_task_get_outcome_code        (CpisTask *self);
const char      *cpis_task_get_outcome_display     (CpisTask *self);
CpisTaskKind     cpis_task_get_kind                (CpisTask *self);
const char      *cpis_task_get_kind_system         (CpisTask *self);
const char      *cpis_task_get_kind_code           (CpisTask *self);
const char      *cpis_task_get_kind_display        (CpisTask *self);
const char      *cpis_task_get_intent              (CpisTask *self);
const char      *cpis_task_get_priority            (CpisTask *self);
const char      *cpis_task_get_access_id           (CpisTask *self);
const char      *cpis_task_get_nhs_number          (CpisTask *self);
const char      *cpis_task_get_child_name          (CpisTask *self);
gint64           cpis_task_get_authored_on         (CpisTask *self);
const char      *cpis_task_get_authored_on_text    (CpisTask *self);
gint64           cpis_task_get_last_modified       (CpisTask *self);
const char      *cpis_task_get_setting_code        (CpisTask *self);
const char      *cpis_task_get_setting_name        (CpisTask *self);
gboolean         cpis_task_get_out_of_area         (CpisTask *self);
gboolean         cpis_task_get_out_of_area_stated  (CpisTask *self);
CpisTaskOwnerKind cpis_task_get_owner_kind         (CpisTask *self);
const char      *cpis_task_get_owner_id            (CpisTask *self);
const char      *cpis_task_get_owner_display       (CpisTask *self);
const char      *cpis_task_get_modified_by_id      (CpisTask *self);
const char      *cpis_task_get_modified_by_display (CpisTask *self);
const char      *cpis_task_get_replaced_by         (CpisTask *self);
/* (element-type CpisTaskNote) (transfer none): oldest first, maybe empty */
GPtrArray       *cpis_task_get_notes               (CpisTask *self);
const char      *cpis_task_get_extra               (CpisTask *self);
CpisAccessEvent *cpis_task_get_access_event        (CpisTask *self);
/* A Task read without its access (a PUT's answer, a pushed version) takes
 * the access event of its access when it is given one: the access never
 * changes, so this completes the Task rather than changing it. Nothing if
 * it has one already or @event is another access. Returns whether it took it. */
gboolean         cpis_task_adopt_access_event      (CpisTask        *self,
                                                    CpisAccessEvent *event);

/* The moments as GDateTimes in UTC (transfer full), NULL when not given */
GDateTime       *cpis_task_dup_authored_on         (CpisTask *self);
GDateTime       *cpis_task_dup_last_modified       (CpisTask *self);

/* The viewer of the access notified (from the included access event), or
 * NULL when the search did not include it */
const char      *cpis_task_get_viewer_name         (CpisTask *self);

/* Whether anything of it may still change: FALSE once completed or cancelled */
gboolean         cpis_task_is_open                 (CpisTask *self);
/* The statuses it may be moved to now (see cpis_task_status_get_next) */
guint            cpis_task_get_next_statuses       (CpisTask       *self,
                                                    CpisTaskStatus  next[CPIS_TASK_N_STATUSES]);
/* Whether it is assigned to the social worker whose PractitionerRole id is @role_id */
gboolean         cpis_task_is_assigned_to          (CpisTask   *self,
                                                    const char *role_id);

/* Changes ---------------------------------------------------------------- */

#define CPIS_TASK_ERROR (cpis_task_error_quark ())

/* Why a change may not be made; each with a sentence a social worker can read */
typedef enum
{
  CPIS_TASK_ERROR_FINAL,            /* completed or cancelled: nothing changes any more */
  CPIS_TASK_ERROR_TRANSITION,       /* not one of the contract's transitions */
  CPIS_TASK_ERROR_REASON_REQUIRED,  /* cancelled without a reason */
  CPIS_TASK_ERROR_OUTCOME_REQUIRED, /* completed without one of the six outcomes */
  CPIS_TASK_ERROR_INVALID,          /* an owner without an id, a note of nothing but spaces */
} CpisTaskError;

GQuark           cpis_task_error_quark             (void);

/* What a PUT changes: the Task as read, with these. The strings are borrowed. */
typedef struct
{
  CpisTaskStatus     status;
  const char        *status_reason;  /* statusReason.text; NULL: none */
  CpisTaskOutcome    outcome;        /* NONE: no businessStatus; UNRECOGNISED: as read */
  CpisTaskOwnerKind  owner_kind;
  const char        *owner_id;       /* the owner's ODS code, team id or PractitionerRole id */
  const char        *owner_display;
  const char        *note_text;      /* a note to add (the hub sets its author and time);
                                        NULL: none */
} CpisTaskUpdate;

/* Fills @update with @task as read, and no note */
void             cpis_task_update_init             (CpisTaskUpdate       *update,
                                                    CpisTask             *task);
/* Whether @update changes anything of @task */
gboolean         cpis_task_update_changes          (const CpisTaskUpdate *update,
                                                    CpisTask             *task);
/* Whether the hub would take @update, as far as the contract lets the client
 * know (the hub also checks that the owner is of the LA): FALSE with a
 * CPIS_TASK_ERROR if not. An update that changes nothing is fine. */
gboolean         cpis_task_update_check            (const CpisTaskUpdate *update,
                                                    CpisTask             *task,
                                                    GError              **error);

G_END_DECLS
