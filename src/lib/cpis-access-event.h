/* cpis-access-event.h: one entry of a child's access history (an AuditEvent) */
#pragma once

#include <glib-object.h>

#include "cpis-practitioner-role.h"

G_BEGIN_DECLS

#define CPIS_TYPE_ACCESS_EVENT (cpis_access_event_get_type ())

G_DECLARE_FINAL_TYPE (CpisAccessEvent, cpis_access_event, CPIS, ACCESS_EVENT, GObject)

/* Properties (construct-only, readable):
 *   "id"                    string
 *   "recorded"              GDateTime  when the access happened (with its offset)
 *   "nhs-number"            string     the child (agent of type PAT)
 *   "practitioner-role-id"  string     the viewer's PractitionerRole id (agent ASSIGNED)
 *   "practitioner-role"     CpisPractitionerRole  the included resource; NULL if the
 *                                       bundle did not include it
 */

const char           *cpis_access_event_get_id                   (CpisAccessEvent *self);
GDateTime            *cpis_access_event_get_recorded             (CpisAccessEvent *self);
const char           *cpis_access_event_get_nhs_number           (CpisAccessEvent *self);
const char           *cpis_access_event_get_practitioner_role_id (CpisAccessEvent *self);
CpisPractitionerRole *cpis_access_event_get_practitioner_role    (CpisAccessEvent *self);

/* From the practitioner role, NULL when it is missing or the value empty:
 * the organisation as people know it (its name, or else its ODS code), the
 * viewer's name, and the viewer's job role in words ("Staff nurse") */
const char           *cpis_access_event_get_organisation_display (CpisAccessEvent *self);
const char           *cpis_access_event_get_viewer_name          (CpisAccessEvent *self);
const char           *cpis_access_event_get_job_role_display     (CpisAccessEvent *self);

G_END_DECLS
