/* cpis-practitioner-role.c: who looked, in which organisation and role */

#include "cpis-practitioner-role.h"

#include "cpis-model-private.h"

struct _CpisPractitionerRole
{
  GObject  parent_instance;

  char    *id;
  char    *practitioner_name;
  char    *organisation_name;
  char    *organisation_code;
  char    *job_role_code;
  char    *job_role_display;
  char    *role_profile_id;
};

G_DEFINE_FINAL_TYPE (CpisPractitionerRole, cpis_practitioner_role, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PRACTITIONER_NAME,
  PROP_ORGANISATION_NAME,
  PROP_ORGANISATION_CODE,
  PROP_JOB_ROLE_CODE,
  PROP_JOB_ROLE_DISPLAY,
  PROP_ROLE_PROFILE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cpis_practitioner_role_finalize (GObject *object)
{
  _cpis_model_clear_strings (object, properties, N_PROPS);

  G_OBJECT_CLASS (cpis_practitioner_role_parent_class)->finalize (object);
}

static void
cpis_practitioner_role_class_init (CpisPractitionerRoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_practitioner_role_finalize;
  object_class->get_property = _cpis_model_get_property;
  object_class->set_property = _cpis_model_set_property;

  properties[PROP_ID] =
    _cpis_model_string_param ("id", "Id", "The PractitionerRole id",
                              G_STRUCT_OFFSET (CpisPractitionerRole, id));
  properties[PROP_PRACTITIONER_NAME] =
    _cpis_model_string_param ("practitioner-name", "Practitioner name", "The viewer's name",
                              G_STRUCT_OFFSET (CpisPractitionerRole, practitioner_name));
  properties[PROP_ORGANISATION_NAME] =
    _cpis_model_string_param ("organisation-name", "Organisation name",
                              "The organisation as displayed",
                              G_STRUCT_OFFSET (CpisPractitionerRole, organisation_name));
  properties[PROP_ORGANISATION_CODE] =
    _cpis_model_string_param ("organisation-code", "Organisation code",
                              "The organisation's ODS code",
                              G_STRUCT_OFFSET (CpisPractitionerRole, organisation_code));
  properties[PROP_JOB_ROLE_CODE] =
    _cpis_model_string_param ("job-role-code", "Job role code", "The SNOMED CT job role code",
                              G_STRUCT_OFFSET (CpisPractitionerRole, job_role_code));
  properties[PROP_JOB_ROLE_DISPLAY] =
    _cpis_model_string_param ("job-role-display", "Job role display", "The job role in words",
                              G_STRUCT_OFFSET (CpisPractitionerRole, job_role_display));
  properties[PROP_ROLE_PROFILE_ID] =
    _cpis_model_string_param ("role-profile-id", "Role profile id", "The SDS role profile id",
                              G_STRUCT_OFFSET (CpisPractitionerRole, role_profile_id));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_practitioner_role_init (CpisPractitionerRole *self)
{
}

const char *
cpis_practitioner_role_get_id (CpisPractitionerRole *self)
{
  g_return_val_if_fail (CPIS_IS_PRACTITIONER_ROLE (self), NULL);

  return self->id;
}

const char *
cpis_practitioner_role_get_practitioner_name (CpisPractitionerRole *self)
{
  g_return_val_if_fail (CPIS_IS_PRACTITIONER_ROLE (self), NULL);

  return self->practitioner_name;
}

const char *
cpis_practitioner_role_get_organisation_name (CpisPractitionerRole *self)
{
  g_return_val_if_fail (CPIS_IS_PRACTITIONER_ROLE (self), NULL);

  return self->organisation_name;
}

const char *
cpis_practitioner_role_get_organisation_code (CpisPractitionerRole *self)
{
  g_return_val_if_fail (CPIS_IS_PRACTITIONER_ROLE (self), NULL);

  return self->organisation_code;
}

const char *
cpis_practitioner_role_get_job_role_code (CpisPractitionerRole *self)
{
  g_return_val_if_fail (CPIS_IS_PRACTITIONER_ROLE (self), NULL);

  return self->job_role_code;
}

const char *
cpis_practitioner_role_get_job_role_display (CpisPractitionerRole *self)
{
  g_return_val_if_fail (CPIS_IS_PRACTITIONER_ROLE (self), NULL);

  return self->job_role_display;
}

const char *
cpis_practitioner_role_get_role_profile_id (CpisPractitionerRole *self)
{
  g_return_val_if_fail (CPIS_IS_PRACTITIONER_ROLE (self), NULL);

  return self->role_profile_id;
}
