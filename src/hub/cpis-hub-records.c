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

static const char * const task_status_names[] = {
  [CPIS_HUB_TASK_STATUS_REQUESTED] = "requested",
  [CPIS_HUB_TASK_STATUS_ACCEPTED] = "accepted",
  [CPIS_HUB_TASK_STATUS_IN_PROGRESS] = "in-progress",
  [CPIS_HUB_TASK_STATUS_COMPLETED] = "completed",
  [CPIS_HUB_TASK_STATUS_CANCELLED] = "cancelled",
};

G_STATIC_ASSERT (G_N_ELEMENTS (task_status_names) == CPIS_HUB_N_TASK_STATUSES);

static const char * const task_owner_kind_names[] = {
  [CPIS_HUB_TASK_OWNER_LA] = "la",
  [CPIS_HUB_TASK_OWNER_TEAM] = "team",
  [CPIS_HUB_TASK_OWNER_SOCIAL_WORKER] = "social-worker",
};

/* The index of @text in @names, or -1 */
static int
name_index (const char * const *names,
            guint               n_names,
            const char         *text)
{
  if (text == NULL)
    return -1;

  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (text, names[i]))
      return (int) i;

  return -1;
}

gboolean
cpis_hub_task_status_from_string (const char        *text,
                                  CpisHubTaskStatus *status)
{
  int i = name_index (task_status_names, G_N_ELEMENTS (task_status_names), text);

  if (i < 0)
    return FALSE;
  if (status != NULL)
    *status = (CpisHubTaskStatus) i;
  return TRUE;
}

const char *
cpis_hub_task_status_to_string (CpisHubTaskStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (task_status_names))
    return NULL;

  return task_status_names[status];
}

gboolean
cpis_hub_task_owner_kind_from_string (const char           *text,
                                      CpisHubTaskOwnerKind *kind)
{
  int i = name_index (task_owner_kind_names, G_N_ELEMENTS (task_owner_kind_names), text);

  if (i < 0)
    return FALSE;
  if (kind != NULL)
    *kind = (CpisHubTaskOwnerKind) i;
  return TRUE;
}

const char *
cpis_hub_task_owner_kind_to_string (CpisHubTaskOwnerKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (task_owner_kind_names))
    return NULL;

  return task_owner_kind_names[kind];
}

void
cpis_hub_task_search_init (CpisHubTaskSearch *search,
                           const char        *la_ods_code)
{
  g_return_if_fail (search != NULL);

  *search = (CpisHubTaskSearch) {
    .la_ods_code = la_ods_code,
    .authored_from_usec = G_MININT64,
    .authored_before_usec = G_MAXINT64,
    .updated_from_usec = G_MININT64,
    .updated_before_usec = G_MAXINT64,
    .out_of_area = -1,
    .sort = CPIS_HUB_TASK_SORT_AUTHORED_DESC,
    .count = 50,
  };
}

void
cpis_hub_team_free (CpisHubTeam *team)
{
  if (team == NULL)
    return;

  g_free (team->code);
  g_free (team->name);
  g_free (team->la_ods_code);
  g_free (team);
}

void
cpis_hub_task_note_free (CpisHubTaskNote *note)
{
  if (note == NULL)
    return;

  g_free (note->author_role_id);
  g_free (note->author_name);
  g_free (note->text);
  g_free (note);
}

void
cpis_hub_task_free (CpisHubTask *task)
{
  if (task == NULL)
    return;

  g_free (task->id);
  g_free (task->code);
  g_free (task->la_ods_code);
  g_free (task->la_name);
  g_free (task->access_id);
  g_free (task->nhs_number);
  g_free (task->subject_name);
  g_free (task->requester_ods_code);
  g_free (task->requester_name);
  g_free (task->replaced_by);
  g_free (task->status_reason);
  g_free (task->business_status);
  g_free (task->owner_ref);
  g_free (task->owner_display);
  g_free (task->modified_by_role_id);
  g_free (task->modified_by_name);
  g_clear_pointer (&task->notes, g_ptr_array_unref);
  g_free (task);
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
  copy->setting_kind = g_strdup (org->setting_kind);
  copy->both_care_settings = org->both_care_settings;

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
  g_free (org->setting_kind);
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

void
cpis_hub_plan_exception_free (CpisHubPlanException *exception)
{
  if (exception == NULL)
    return;

  g_free (exception->id);
  g_free (exception->la_ods_code);
  g_free (exception->la_name);
  g_free (exception->nhs_number);
  g_free (exception->family_name);
  g_free (exception->given_name);
  g_free (exception->date_of_birth);
  g_free (exception->plan_type);
  g_free (exception->start_date);
  g_free (exception->code);
  g_free (exception->detail);
  g_free (exception->resolution);
  g_free (exception);
}
