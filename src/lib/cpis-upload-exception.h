/* cpis-upload-exception.h: a record of the LA's uploads that the hub refused (a Basic), for its
 * social workers to work through (docs/api.md, "Upload exceptions: Basic") */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CPIS_TYPE_UPLOAD_EXCEPTION (cpis_upload_exception_get_type ())

G_DECLARE_FINAL_TYPE (CpisUploadException, cpis_upload_exception, CPIS, UPLOAD_EXCEPTION, GObject)

/* Properties (construct-only, readable):
 *   "id" string  the Basic id (a UUID)
 *   "code" string  the CP-IS record code: CPR01, CPR03, CPR05, CPR07
 *   "code-display" string  what the code means
 *   "detail" string  why, as the hub said it
 *   "status" string  open, dismissed or uploaded
 *   "nhs-number" string  the NHS number as submitted; may be NULL
 *   "family-name" string  as submitted; may be NULL
 *   "given-name" string  as submitted; may be NULL
 *   "birth-date" string  as submitted; may be NULL
 *   "plan-type" string  as submitted; may be NULL
 *   "start-date" string  as submitted; may be NULL
 *   "recorded" string  when it was last refused (a FHIR instant)
 *   "la-ods-code" string  the LA's ODS code
 *   "la-name" string  the LA's name; may be NULL
 */

const char *cpis_upload_exception_get_id (CpisUploadException *self);
const char *cpis_upload_exception_get_code (CpisUploadException *self);
const char *cpis_upload_exception_get_code_display (CpisUploadException *self);
const char *cpis_upload_exception_get_detail (CpisUploadException *self);
const char *cpis_upload_exception_get_status (CpisUploadException *self);
const char *cpis_upload_exception_get_nhs_number (CpisUploadException *self);
const char *cpis_upload_exception_get_family_name (CpisUploadException *self);
const char *cpis_upload_exception_get_given_name (CpisUploadException *self);
const char *cpis_upload_exception_get_birth_date (CpisUploadException *self);
const char *cpis_upload_exception_get_plan_type (CpisUploadException *self);
const char *cpis_upload_exception_get_start_date (CpisUploadException *self);
const char *cpis_upload_exception_get_recorded (CpisUploadException *self);
const char *cpis_upload_exception_get_la_ods_code (CpisUploadException *self);
const char *cpis_upload_exception_get_la_name (CpisUploadException *self);

G_END_DECLS
