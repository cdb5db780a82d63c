/* cpis-patient.h: who a patient is, as the demographics service (PDS) says
 *
 * What a patient banner needs to confirm the right child: name, date of birth,
 * gender and postcode. Immutable once built: every property is construct-only.
 * Dates are FHIR "YYYY-MM-DD" strings; absent values are NULL.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CPIS_TYPE_PATIENT (cpis_patient_get_type ())

G_DECLARE_FINAL_TYPE (CpisPatient, cpis_patient, CPIS, PATIENT, GObject)

/* Properties (all construct-only, readable):
 *   "nhs-number"   string   ten digits: the record's own number (after a
 *                           supersession, the current one)
 *   "family-name"  string   as the record gives it
 *   "given-names"  string   the given names, space-separated
 *   "title"        string   prefixes, e.g. "Mrs"; may be NULL
 *   "gender"       string   "male", "female", "other" or "unknown"; may be NULL
 *   "birth-date"   string
 *   "postcode"     string   of the current home address; NULL when withheld or absent
 *   "deceased"     string   date (and time) of death when the record gives one
 *   "restricted"   gboolean a restricted (sensitive) record: address, telephone
 *                           and GP withheld, never "unknown"
 */

const char *cpis_patient_get_nhs_number  (CpisPatient *self);
const char *cpis_patient_get_family_name (CpisPatient *self);
const char *cpis_patient_get_given_names (CpisPatient *self);
const char *cpis_patient_get_title       (CpisPatient *self);
const char *cpis_patient_get_gender      (CpisPatient *self);
const char *cpis_patient_get_birth_date  (CpisPatient *self);
const char *cpis_patient_get_postcode    (CpisPatient *self);
const char *cpis_patient_get_deceased    (CpisPatient *self);
gboolean    cpis_patient_is_restricted   (CpisPatient *self);
/* "Alex TESTER": given names then the family name in capitals, as NHS
 * banners write it; NULL when the record has no name */
char       *cpis_patient_dup_display_name (CpisPatient *self);

G_END_DECLS
