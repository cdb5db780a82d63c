/* cpis-fhir-codec-private.h: the readers the codec's files share
 *
 * cpis-fhir-codec.c reads the CP-IS resources, cpis-fhir-patient.c the
 * demographics service's; both open their JSON and searchsets the same way.
 * The hub's Task handlers (src/hub/cpis-hub-task-json.c) read request bodies
 * with the same parser and include AuditEvents with the same entries.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cpis-access-event.h"
#include "cpis-practitioner-role.h"

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
/* The resource's id, or else the id its fullUrl gives */
char       *_cpis_fhir_resource_id           (JsonObject  *resource,
                                              const char  *full_url,
                                              const char  *resource_type);

G_END_DECLS
