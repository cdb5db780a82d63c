/* cpis-hub-records.c: the plain records that pass through the store interface */
#include "cpis-hub-records.h"

static const char * const org_kind_names[] = {
  [CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY] = "local-authority",
  [CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE] = "unscheduled-care",
  [CPIS_HUB_ORG_KIND_SCHEDULED_CARE] = "scheduled-care",
};

gboolean
cpis_hub_org_kind_from_string (const char     *text,
                               CpisHubOrgKind *kind)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (org_kind_names); i++)
    {
      if (g_str_equal (text, org_kind_names[i]))
        {
          if (kind != NULL)
            *kind = (CpisHubOrgKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
cpis_hub_org_kind_to_string (CpisHubOrgKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (org_kind_names))
    return NULL;

  return org_kind_names[kind];
}

CpisHubOrganisation *
cpis_hub_organisation_copy (const CpisHubOrganisation *org)
{
  CpisHubOrganisation *copy;

  if (org == NULL)
    return NULL;

  copy = g_new0 (CpisHubOrganisation, 1);
  copy->id = org->id;
  copy->ods_code = g_strdup (org->ods_code);
  copy->name = g_strdup (org->name);
  copy->kind = org->kind;
  copy->phone_office = g_strdup (org->phone_office);
  copy->phone_emergency = g_strdup (org->phone_emergency);
  copy->area = g_strdup (org->area);

  return copy;
}

void
cpis_hub_organisation_free (CpisHubOrganisation *org)
{
  if (org == NULL)
    return;

  g_free (org->ods_code);
  g_free (org->name);
  g_free (org->phone_office);
  g_free (org->phone_emergency);
  g_free (org->area);
  g_free (org);
}

void
cpis_hub_user_free (CpisHubUser *user)
{
  if (user == NULL)
    return;

  g_free (user->username);
  g_free (user->full_name);
  g_free (user->job_role_code);
  g_free (user->job_role_display);
  g_free (user->practitioner_role_id);
  g_free (user->role_profile_id);
  cpis_hub_organisation_free (user->organisation);
  g_free (user);
}

CpisHubPatient *
cpis_hub_patient_copy (const CpisHubPatient *patient)
{
  CpisHubPatient *copy;

  if (patient == NULL)
    return NULL;

  copy = g_new0 (CpisHubPatient, 1);
  copy->nhs_number = g_strdup (patient->nhs_number);
  copy->family_name = g_strdup (patient->family_name);
  copy->given_name = g_strdup (patient->given_name);
  copy->date_of_birth = g_strdup (patient->date_of_birth);
  copy->gender = g_strdup (patient->gender);
  copy->postcode = g_strdup (patient->postcode);
  copy->restricted = patient->restricted;
  copy->superseded_by = g_strdup (patient->superseded_by);
  copy->version = patient->version;

  return copy;
}

void
cpis_hub_patient_free (CpisHubPatient *patient)
{
  if (patient == NULL)
    return;

  g_free (patient->nhs_number);
  g_free (patient->family_name);
  g_free (patient->given_name);
  g_free (patient->date_of_birth);
  g_free (patient->gender);
  g_free (patient->postcode);
  g_free (patient->superseded_by);
  g_free (patient);
}

void
cpis_hub_plan_free (CpisHubPlan *plan)
{
  if (plan == NULL)
    return;

  g_free (plan->id);
  g_free (plan->nhs_number);
  g_free (plan->start_date);
  g_free (plan->end_date);
  g_free (plan->due_date);
  g_free (plan->subject_name);
  g_free (plan->date_of_birth);
  cpis_hub_organisation_free (plan->la);
  g_free (plan);
}

void
cpis_hub_access_free (CpisHubAccess *access)
{
  if (access == NULL)
    return;

  g_free (access->id);
  g_free (access->nhs_number);
  g_free (access->practitioner_role_id);
  g_free (access->viewer_name);
  g_free (access->job_role_code);
  g_free (access->job_role_display);
  g_free (access->role_profile_id);
  g_free (access->org_ods_code);
  g_free (access->org_name);
  g_free (access);
}
