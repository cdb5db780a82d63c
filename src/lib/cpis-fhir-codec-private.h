/* cpis-fhir-codec-private.h: the readers and writers the codec's files share
 *
 * cpis-fhir-codec.c reads the CP-IS resources, cpis-fhir-patient.c the
 * demographics service's, cpis-fhir-task.c the notifications (Task); all
 * open their JSON and searchsets the same way, and write with the same
 * builders. The hub's Task handlers (src/hub/cpis-hub-task-json.c) read
 * request bodies with the same parser and include AuditEvents with the same
 * entries.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cpis-access-event.h"
#include "cpis-plan.h"
#include "cpis-practitioner-role.h"
#include "cpis-subscription.h"
#include "cpis-task.h"

G_BEGIN_DECLS

typedef enum
{
  ENTRY_MODE_MATCH,
  ENTRY_MODE_INCLUDE,
  ENTRY_MODE_OUTCOME,
} EntryMode;

/* Parses @json (size-, UTF-8-, nesting- and repeated-member-checked) and
 * checks that its root is a @resource_type resource. Returns the parser,
 * which owns *@root. */
JsonParser *_cpis_fhir_parse_resource        (const char  *json,
                                              gssize       length,
                                              const char  *resource_type,
                                              JsonObject **root,
                                              GError     **error);
/* Opens a searchset Bundle: its entries (NULL when there are none) and its total */
JsonParser *_cpis_fhir_parse_searchset       (const char  *json,
                                              gssize       length,
                                              JsonArray  **entries,
                                              gboolean    *has_total,
                                              guint       *total,
                                              GError     **error);
/* The number of matches, checked against Bundle.total (see the .c) */
gboolean    _cpis_fhir_settle_total          (gboolean     has_total,
                                              guint        bundle_total,
                                              guint        matches,
                                              guint       *total,
                                              GError     **error);
/* "match" (also when absent or unknown), "include" or "outcome" */
EntryMode   _cpis_fhir_entry_get_mode        (JsonObject  *entry);
/* The objects of @member, an array of objects or (tolerated) one object.
 * Never NULL; the objects belong to @object. */
GPtrArray  *_cpis_fhir_member_objects        (JsonObject  *object,
                                              const char  *member);
/* The value of the first identifier in @member of @system (or of no system) */
char       *_cpis_fhir_identifier_value      (JsonObject  *object,
                                              const char  *member,
                                              const char  *system);
/* Ten digits from @text, allowing spaces and dashes; else NULL */
char       *_cpis_fhir_normalise_nhs_number  (const char  *text);
/* "YYYY-MM-DD" from @text: TRUE if @text is NULL (leaving *@date NULL) or
 * readable; FALSE, with an error naming @what, if it is not a date */
gboolean    _cpis_fhir_parse_date_text       (const char  *text,
                                              const char  *what,
                                              char       **date,
                                              GError     **error);
gboolean    _cpis_fhir_read_date             (JsonObject  *object,
                                              const char  *member,
                                              const char  *what,
                                              char       **date,
                                              GError     **error);
/* Encoders outside the codec (the hub's Task answers, which include each
 * notification's AuditEvent and viewer) add these entries as the access
 * history has them: {fullUrl, resource, search: {mode}}. @base_url without
 * a trailing slash. */
void        _cpis_fhir_add_audit_event_entry       (JsonBuilder          *builder,
                                                    const char           *base_url,
                                                    CpisAccessEvent      *event,
                                                    const char           *mode);
void        _cpis_fhir_add_practitioner_role_entry (JsonBuilder          *builder,
                                                    const char           *base_url,
                                                    CpisPractitionerRole *role,
                                                    const char           *mode);
/* A searchset Bundle of @total matches, written as the codec writes them
 * (its entries between begin and end, each opened with its resourceType
 * and id, its members written, then closed with its search mode); @total
 * says whether there is an entry array at all. @bundle_id NULL: a new UUID. */
void        _cpis_fhir_begin_searchset       (JsonBuilder *builder,
                                              const char  *bundle_id,
                                              guint        total,
                                              const char  *self_url);
void        _cpis_fhir_end_searchset         (JsonBuilder *builder,
                                              guint        total);
void        _cpis_fhir_begin_entry           (JsonBuilder *builder,
                                              const char  *base_url,
                                              const char  *resource_type,
                                              const char  *id);
void        _cpis_fhir_end_entry             (JsonBuilder *builder,
                                              const char  *mode);
/* The resource's id, or else the id its fullUrl gives */
char       *_cpis_fhir_resource_id           (JsonObject  *resource,
                                              const char  *full_url,
                                              const char  *resource_type);

/* Whether @id is a FHIR id (letters, digits, "-" and ".", 1 to 64 of
 * them): safe to put in a path */
gboolean    _cpis_fhir_is_id                 (const char  *id);
/* The id after the last "@resource_type/" in @reference, without any
 * "/_history/…"; NULL if @reference does not name that type */
char       *_cpis_fhir_id_from_reference     (const char  *reference,
                                              const char  *resource_type);
/* FALSE, with an error, if an outcome entry of the searchset reports an
 * error: the search did not complete */
gboolean    _cpis_fhir_check_outcome_entries (JsonArray   *entries,
                                              GError     **error);

/* An included PractitionerRole; NULL if it has no id and its fullUrl gives none */
CpisPractitionerRole *_cpis_fhir_decode_practitioner_role (JsonObject           *role,
                                                           const char           *full_url);
/* Indexes @role (not owned) in @roles ("PractitionerRole/{id}" and its
 * fullUrl → role), for _cpis_fhir_decode_audit_event() */
void                  _cpis_fhir_index_role               (GHashTable           *roles,
                                                           CpisPractitionerRole *role,
                                                           const char           *full_url);
/* An AuditEvent, linked to its viewer's role in @roles when there */
CpisAccessEvent      *_cpis_fhir_decode_audit_event       (JsonObject           *audit_event,
                                                           const char           *full_url,
                                                           GHashTable           *roles,
                                                           GError              **error);

/* A Task resource (an entry of a notification Bundle, say) → CpisTask, read
 * as cpis_fhir_decode_task() reads one; @full_url may be NULL */
CpisTask   *_cpis_fhir_decode_task_object    (JsonObject  *task,
                                              const char  *full_url,
                                              GError     **error);

/* A new notification with no events (cpis-subscription.c), for the codec */
CpisNotification *_cpis_notification_new     (void);

/* A CareTeam (its entry's @full_url may be NULL) → CpisPlan, as a CareTeam
 * search's entries are read */
CpisPlan   *_cpis_fhir_decode_care_team      (JsonObject  *care_team,
                                              const char  *full_url,
                                              GError     **error);
/* The members of a CareTeam for @plan, as a CareTeam search answers it
 * (inside its object, after resourceType and id) */
void        _cpis_fhir_add_care_team         (JsonBuilder *builder,
                                              CpisPlan    *plan);

/* Writing: nothing is written for a NULL value */
void        _cpis_fhir_add_string_member     (JsonBuilder *builder,
                                              const char  *member,
                                              const char  *value);
/* {system, code, display} with whichever are known */
void        _cpis_fhir_add_coding            (JsonBuilder *builder,
                                              const char  *system,
                                              const char  *code,
                                              const char  *display);
/* "@member" (unless NULL): {"coding": [{system, code, display}]} */
void        _cpis_fhir_add_codeable_concept  (JsonBuilder *builder,
                                              const char  *member,
                                              const char  *system,
                                              const char  *code,
                                              const char  *display);
void        _cpis_fhir_add_identifier        (JsonBuilder *builder,
                                              const char  *system,
                                              const char  *value);
char       *_cpis_fhir_builder_to_string     (JsonBuilder *builder);
/* An instant with its own offset: "2023-09-07T17:36:41+00:00", with
 * microseconds only when there are any */
char       *_cpis_fhir_format_instant        (GDateTime   *date_time);

G_END_DECLS
