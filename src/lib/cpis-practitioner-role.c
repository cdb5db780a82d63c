/* cpis-practitioner-role.c: who looked, in which organisation and role */

#include "cpis-practitioner-role.h"

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

static char **
string_field (CpisPractitionerRole *self,
              guint                 prop_id)
{
  switch (prop_id)
    {
    case PROP_ID:                return &self->id;
    case PROP_PRACTITIONER_NAME: return &self->practitioner_name;
    case PROP_ORGANISATION_NAME: return &self->organisation_name;
    case PROP_ORGANISATION_CODE: return &self->organisation_code;
    case PROP_JOB_ROLE_CODE:     return &self->job_role_code;
    case PROP_JOB_ROLE_DISPLAY:  return &self->job_role_display;
    case PROP_ROLE_PROFILE_ID:   return &self->role_profile_id;
    default:                     return NULL;
    }
}

static void
cpis_practitioner_role_finalize (GObject *object)
{
  CpisPractitionerRole *self = (CpisPractitionerRole *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->practitioner_name, g_free);
  g_clear_pointer (&self->organisation_name, g_free);
  g_clear_pointer (&self->organisation_code, g_free);
  g_clear_pointer (&self->job_role_code, g_free);
  g_clear_pointer (&self->job_role_display, g_free);
  g_clear_pointer (&self->role_profile_id, g_free);

  G_OBJECT_CLASS (cpis_practitioner_role_parent_class)->finalize (object);
}

static void
cpis_practitioner_role_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CpisPractitionerRole *self = CPIS_PRACTITIONER_ROLE (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    g_value_set_string (value, *field);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cpis_practitioner_role_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CpisPractitionerRole *self = CPIS_PRACTITIONER_ROLE (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    {
      g_free (*field);
      *field = g_value_dup_string (value);
    }
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static GParamSpec *
string_param (const char *name,
              const char *nick,
              const char *blurb)
{
  return g_param_spec_string (name, nick, blurb, NULL,
                              (G_PARAM_READWRITE |
                               G_PARAM_CONSTRUCT_ONLY |
                               G_PARAM_STATIC_STRINGS));
}

static void
cpis_practitioner_role_class_init (CpisPractitionerRoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_practitioner_role_finalize;
  object_class->get_property = cpis_practitioner_role_get_property;
  object_class->set_property = cpis_practitioner_role_set_property;

  properties[PROP_ID] =
    string_param ("id", "Id", "The PractitionerRole id");
  properties[PROP_PRACTITIONER_NAME] =
    string_param ("practitioner-name", "Practitioner name", "The viewer's name");
  properties[PROP_ORGANISATION_NAME] =
    string_param ("organisation-name", "Organisation name", "The organisation as displayed");
  properties[PROP_ORGANISATION_CODE] =
    string_param ("organisation-code", "Organisation code", "The organisation's ODS code");
  properties[PROP_JOB_ROLE_CODE] =
    string_param ("job-role-code", "Job role code", "The SNOMED CT job role code");
  properties[PROP_JOB_ROLE_DISPLAY] =
    string_param ("job-role-display", "Job role display", "The job role in words");
  properties[PROP_ROLE_PROFILE_ID] =
    string_param ("role-profile-id", "Role profile id", "The SDS role profile id");

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
