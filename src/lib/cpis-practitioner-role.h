/* cpis-practitioner-role.h: who looked, in which organisation and role */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CPIS_TYPE_PRACTITIONER_ROLE (cpis_practitioner_role_get_type ())

G_DECLARE_FINAL_TYPE (CpisPractitionerRole, cpis_practitioner_role, CPIS, PRACTITIONER_ROLE, GObject)

/* Properties (construct-only, readable; any may be NULL except "id"):
 *   "id"                 string  the PractitionerRole id
 *   "practitioner-name"  string  e.g. "Mrs Paula PALMER"
 *   "organisation-name"  string  as displayed, e.g. "THE WHITTINGTON HOSPITAL NHS TRUST (RKEAA)"
 *   "organisation-code"  string  ODS code: from organization.identifier, or else the
 *                                trailing "(CODE)" of the display
 *   "job-role-code"      string  SNOMED CT job role
 *   "job-role-display"   string  trimmed, e.g. "Midwifery sister"
 *   "role-profile-id"    string  SDS role profile id
 */

const char *cpis_practitioner_role_get_id                (CpisPractitionerRole *self);
const char *cpis_practitioner_role_get_practitioner_name (CpisPractitionerRole *self);
const char *cpis_practitioner_role_get_organisation_name (CpisPractitionerRole *self);
const char *cpis_practitioner_role_get_organisation_code (CpisPractitionerRole *self);
const char *cpis_practitioner_role_get_job_role_code     (CpisPractitionerRole *self);
const char *cpis_practitioner_role_get_job_role_display  (CpisPractitionerRole *self);
const char *cpis_practitioner_role_get_role_profile_id   (CpisPractitionerRole *self);

G_END_DECLS
