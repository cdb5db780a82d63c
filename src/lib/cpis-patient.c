/* cpis-patient.c: who a patient is, as the demographics service says */

#include "cpis-patient.h"

#include "cpis-model-private.h"

struct _CpisPatient
{
  GObject   parent_instance;

  char     *nhs_number;
  char     *family_name;
  char     *given_names;
  char     *title;
  char     *gender;
  char     *birth_date;
  char     *postcode;
  char     *deceased;
  gboolean  restricted;
};

G_DEFINE_FINAL_TYPE (CpisPatient, cpis_patient, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NHS_NUMBER,
  PROP_FAMILY_NAME,
  PROP_GIVEN_NAMES,
  PROP_TITLE,
  PROP_GENDER,
  PROP_BIRTH_DATE,
  PROP_POSTCODE,
  PROP_DECEASED,
  PROP_RESTRICTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cpis_patient_finalize (GObject *object)
{
  _cpis_model_clear_strings (object, properties, N_PROPS);

  G_OBJECT_CLASS (cpis_patient_parent_class)->finalize (object);
}

static void
cpis_patient_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CpisPatient *self = CPIS_PATIENT (object);

  if (_cpis_model_get_string (object, pspec, value))
    return;

  if (prop_id == PROP_RESTRICTED)
    g_value_set_boolean (value, self->restricted);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cpis_patient_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CpisPatient *self = CPIS_PATIENT (object);

  if (_cpis_model_set_string (object, pspec, value))
    return;

  if (prop_id == PROP_RESTRICTED)
    self->restricted = g_value_get_boolean (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cpis_patient_class_init (CpisPatientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_patient_finalize;
  object_class->get_property = cpis_patient_get_property;
  object_class->set_property = cpis_patient_set_property;

  properties[PROP_NHS_NUMBER] =
    _cpis_model_string_param ("nhs-number", "NHS number", "The record's NHS number",
                              G_STRUCT_OFFSET (CpisPatient, nhs_number));
  properties[PROP_FAMILY_NAME] =
    _cpis_model_string_param ("family-name", "Family name", "The family name",
                              G_STRUCT_OFFSET (CpisPatient, family_name));
  properties[PROP_GIVEN_NAMES] =
    _cpis_model_string_param ("given-names", "Given names", "The given names",
                              G_STRUCT_OFFSET (CpisPatient, given_names));
  properties[PROP_TITLE] =
    _cpis_model_string_param ("title", "Title", "Prefixes such as Mrs",
                              G_STRUCT_OFFSET (CpisPatient, title));
  properties[PROP_GENDER] =
    _cpis_model_string_param ("gender", "Gender", "male, female, other or unknown",
                              G_STRUCT_OFFSET (CpisPatient, gender));
  properties[PROP_BIRTH_DATE] =
    _cpis_model_string_param ("birth-date", "Birth date", "The date of birth",
                              G_STRUCT_OFFSET (CpisPatient, birth_date));
  properties[PROP_POSTCODE] =
    _cpis_model_string_param ("postcode", "Postcode", "The home postcode",
                              G_STRUCT_OFFSET (CpisPatient, postcode));
  properties[PROP_DECEASED] =
    _cpis_model_string_param ("deceased", "Deceased", "When the patient died",
                              G_STRUCT_OFFSET (CpisPatient, deceased));
  properties[PROP_RESTRICTED] =
    g_param_spec_boolean ("restricted", NULL, "A restricted (sensitive) record", FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_CONSTRUCT_ONLY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_patient_init (CpisPatient *self)
{
}

const char *
cpis_patient_get_nhs_number (CpisPatient *self)
{
  g_return_val_if_fail (CPIS_IS_PATIENT (self), NULL);

  return self->nhs_number;
}

const char *
cpis_patient_get_family_name (CpisPatient *self)
{
  g_return_val_if_fail (CPIS_IS_PATIENT (self), NULL);

  return self->family_name;
}

const char *
cpis_patient_get_given_names (CpisPatient *self)
{
  g_return_val_if_fail (CPIS_IS_PATIENT (self), NULL);

  return self->given_names;
}

const char *
cpis_patient_get_title (CpisPatient *self)
{
  g_return_val_if_fail (CPIS_IS_PATIENT (self), NULL);

  return self->title;
}

const char *
cpis_patient_get_gender (CpisPatient *self)
{
  g_return_val_if_fail (CPIS_IS_PATIENT (self), NULL);

  return self->gender;
}

const char *
cpis_patient_get_birth_date (CpisPatient *self)
{
  g_return_val_if_fail (CPIS_IS_PATIENT (self), NULL);

  return self->birth_date;
}

const char *
cpis_patient_get_postcode (CpisPatient *self)
{
  g_return_val_if_fail (CPIS_IS_PATIENT (self), NULL);

  return self->postcode;
}

const char *
cpis_patient_get_deceased (CpisPatient *self)
{
  g_return_val_if_fail (CPIS_IS_PATIENT (self), NULL);

  return self->deceased;
}

gboolean
cpis_patient_is_restricted (CpisPatient *self)
{
  g_return_val_if_fail (CPIS_IS_PATIENT (self), FALSE);

  return self->restricted;
}

char *
cpis_patient_dup_display_name (CpisPatient *self)
{
  g_autofree char *family = NULL;

  g_return_val_if_fail (CPIS_IS_PATIENT (self), NULL);

  if (self->family_name == NULL && self->given_names == NULL)
    return NULL;

  family = self->family_name != NULL ? g_utf8_strup (self->family_name, -1) : NULL;
  if (self->given_names == NULL)
    return g_steal_pointer (&family);
  if (family == NULL)
    return g_strdup (self->given_names);

  return g_strdup_printf ("%s %s", self->given_names, family);
}
