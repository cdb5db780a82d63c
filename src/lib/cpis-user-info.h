/* cpis-user-info.h: who is signed in (the hub's /oauth2/userinfo claims) */
#pragma once

#include <glib-object.h>

#include "cpis-role.h"

G_BEGIN_DECLS

/* Unscheduled care records the access and notifies the LA; scheduled care
 * (GP in hours, school nursing, health visiting) reads silently. */
typedef enum
{
  CPIS_CARE_SETTING_UNSCHEDULED,
  CPIS_CARE_SETTING_SCHEDULED,
} CpisCareSetting;

GType cpis_care_setting_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_CARE_SETTING (cpis_care_setting_get_type ())

/* What this workstation says it is (the "workstation-care-setting"
 * setting), heard only where the user's organisation has care settings of
 * both kinds; elsewhere the organisation's kind decides */
typedef enum
{
  CPIS_WORKSTATION_CARE_ORGANISATION, /* as the organisation's kind says */
  CPIS_WORKSTATION_CARE_UNSCHEDULED,
  CPIS_WORKSTATION_CARE_SCHEDULED,
} CpisWorkstationCare;

GType cpis_workstation_care_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_WORKSTATION_CARE (cpis_workstation_care_get_type ())

#define CPIS_TYPE_USER_INFO (cpis_user_info_get_type ())

G_DECLARE_FINAL_TYPE (CpisUserInfo, cpis_user_info, CPIS, USER_INFO, GObject)

/* Properties (construct-only, readable):
 *   "username"          string
 *   "full-name"         string
 *   "role"              CpisRole
 *   "job-role"          string  display, e.g. "Staff nurse"; may be NULL
 *   "organisation-code" string  ODS code
 *   "organisation-name" string
 *   "organisation-kind" string  "local-authority", "unscheduled-care", "scheduled-care"
 *   "area"              string  safeguarding partnership area; may be NULL
 *   "practitioner-role-id" string  the "sub" claim: the user's PractitionerRole id, as
 *                               access histories and notifications' owners refer to
 *                               them; may be NULL
 *   "both-care-settings" boolean  the organisation's care_settings name both kinds:
 *                               each of its workstations says which it is
 */

/* Reads the userinfo JSON; tolerant of unknown members */
CpisUserInfo    *cpis_user_info_new_from_json          (const char    *json,
                                                        gssize         length,
                                                        GError       **error);
const char      *cpis_user_info_get_username           (CpisUserInfo  *self);
const char      *cpis_user_info_get_full_name          (CpisUserInfo  *self);
CpisRole         cpis_user_info_get_role               (CpisUserInfo  *self);
const char      *cpis_user_info_get_job_role           (CpisUserInfo  *self);
const char      *cpis_user_info_get_organisation_code  (CpisUserInfo  *self);
const char      *cpis_user_info_get_organisation_name  (CpisUserInfo  *self);
const char      *cpis_user_info_get_organisation_kind  (CpisUserInfo  *self);
const char      *cpis_user_info_get_area               (CpisUserInfo  *self);
const char      *cpis_user_info_get_practitioner_role_id (CpisUserInfo *self);
/* Scheduled for a scheduled-care organisation, otherwise unscheduled */
CpisCareSetting  cpis_user_info_get_care_setting       (CpisUserInfo  *self);
gboolean         cpis_user_info_has_both_care_settings (CpisUserInfo  *self);
/* How a check is made on a workstation that says it is @workstation: as
 * it says where the organisation has both kinds, else as the organisation's */
CpisCareSetting  cpis_user_info_get_care_setting_at    (CpisUserInfo        *self,
                                                        CpisWorkstationCare  workstation);

G_END_DECLS
