/* cpis-plan.c: one CP-IS plan, as a CareTeam carries it */

#include "cpis-plan.h"

#include "cpis-date.h"
#include "cpis-model-private.h"

struct _CpisPlan
{
  GObject       parent_instance;

  char         *id;
  CpisPlanType  plan_type;
  char         *plan_code;
  char         *plan_display;
  char         *nhs_number;
  char         *subject_name;
  char         *la_name;
  char         *la_ods_code;
  char         *phone_office;
  char         *phone_emergency;
  char         *start_date;
  char         *end_date;
  char         *due_date;
  char         *subject_birth_date;
};

G_DEFINE_FINAL_TYPE (CpisPlan, cpis_plan, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PLAN_TYPE,
  PROP_PLAN_CODE,
  PROP_PLAN_DISPLAY,
  PROP_NHS_NUMBER,
  PROP_SUBJECT_NAME,
  PROP_LA_NAME,
  PROP_LA_ODS_CODE,
  PROP_PHONE_OFFICE,
  PROP_PHONE_EMERGENCY,
  PROP_START_DATE,
  PROP_END_DATE,
  PROP_DUE_DATE,
  PROP_SUBJECT_BIRTH_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cpis_plan_finalize (GObject *object)
{
  _cpis_model_clear_strings (object, properties, N_PROPS);

  G_OBJECT_CLASS (cpis_plan_parent_class)->finalize (object);
}

static void
cpis_plan_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CpisPlan *self = CPIS_PLAN (object);

  if (prop_id == PROP_PLAN_TYPE)
    g_value_set_enum (value, self->plan_type);
  else if (!_cpis_model_get_string (object, pspec, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cpis_plan_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CpisPlan *self = CPIS_PLAN (object);

  if (prop_id == PROP_PLAN_TYPE)
    self->plan_type = g_value_get_enum (value);
  else if (!_cpis_model_set_string (object, pspec, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cpis_plan_class_init (CpisPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_plan_finalize;
  object_class->get_property = cpis_plan_get_property;
  object_class->set_property = cpis_plan_set_property;

  properties[PROP_ID] =
    _cpis_model_string_param ("id", "Id", "The CareTeam id",
                              G_STRUCT_OFFSET (CpisPlan, id));
  properties[PROP_PLAN_TYPE] =
    g_param_spec_enum ("plan-type", "Plan type", "The kind of plan",
                       CPIS_TYPE_PLAN_TYPE,
                       CPIS_PLAN_TYPE_UNRECOGNISED,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS));
  properties[PROP_PLAN_CODE] =
    _cpis_model_string_param ("plan-code", "Plan code", "The plan's SNOMED CT code as received",
                              G_STRUCT_OFFSET (CpisPlan, plan_code));
  properties[PROP_PLAN_DISPLAY] =
    _cpis_model_string_param ("plan-display", "Plan display", "The plan coding's display",
                              G_STRUCT_OFFSET (CpisPlan, plan_display));
  properties[PROP_NHS_NUMBER] =
    _cpis_model_string_param ("nhs-number", "NHS number", "The child's (or mother's) NHS number",
                              G_STRUCT_OFFSET (CpisPlan, nhs_number));
  properties[PROP_SUBJECT_NAME] =
    _cpis_model_string_param ("subject-name", "Subject name", "The name as the hub gives it",
                              G_STRUCT_OFFSET (CpisPlan, subject_name));
  properties[PROP_LA_NAME] =
    _cpis_model_string_param ("la-name", "LA name", "The responsible local authority",
                              G_STRUCT_OFFSET (CpisPlan, la_name));
  properties[PROP_LA_ODS_CODE] =
    _cpis_model_string_param ("la-ods-code", "LA ODS code", "The local authority's ODS code",
                              G_STRUCT_OFFSET (CpisPlan, la_ods_code));
  properties[PROP_PHONE_OFFICE] =
    _cpis_model_string_param ("phone-office", "Office phone", "The LA's office-hours number",
                              G_STRUCT_OFFSET (CpisPlan, phone_office));
  properties[PROP_PHONE_EMERGENCY] =
    _cpis_model_string_param ("phone-emergency", "Emergency phone",
                              "The LA's emergency duty team number",
                              G_STRUCT_OFFSET (CpisPlan, phone_emergency));
  properties[PROP_START_DATE] =
    _cpis_model_string_param ("start-date", "Start date", "The plan's start date (YYYY-MM-DD)",
                              G_STRUCT_OFFSET (CpisPlan, start_date));
  properties[PROP_END_DATE] =
    _cpis_model_string_param ("end-date", "End date", "The plan's end date; NULL while active",
                              G_STRUCT_OFFSET (CpisPlan, end_date));
  properties[PROP_DUE_DATE] =
    _cpis_model_string_param ("due-date", "Due date",
                              "Expected date of delivery (unborn child plans)",
                              G_STRUCT_OFFSET (CpisPlan, due_date));
  properties[PROP_SUBJECT_BIRTH_DATE] =
    _cpis_model_string_param ("subject-birth-date", "Subject birth date",
                              "The subject's date of birth as the local authority uploaded it",
                              G_STRUCT_OFFSET (CpisPlan, subject_birth_date));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_plan_init (CpisPlan *self)
{
  self->plan_type = CPIS_PLAN_TYPE_UNRECOGNISED;
}

const char *
cpis_plan_get_id (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), NULL);

  return self->id;
}

CpisPlanType
cpis_plan_get_plan_type (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), CPIS_PLAN_TYPE_UNRECOGNISED);

  return self->plan_type;
}

const char *
cpis_plan_get_plan_code (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), NULL);

  return self->plan_code;
}

const char *
cpis_plan_get_plan_display (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), NULL);

  return self->plan_display;
}

const char *
cpis_plan_get_nhs_number (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), NULL);

  return self->nhs_number;
}

const char *
cpis_plan_get_subject_name (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), NULL);

  return self->subject_name;
}

const char *
cpis_plan_get_la_name (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), NULL);

  return self->la_name;
}

const char *
cpis_plan_get_la_ods_code (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), NULL);

  return self->la_ods_code;
}

const char *
cpis_plan_get_phone_office (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), NULL);

  return self->phone_office;
}

const char *
cpis_plan_get_phone_emergency (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), NULL);

  return self->phone_emergency;
}

const char *
cpis_plan_get_start_date (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), NULL);

  return self->start_date;
}

const char *
cpis_plan_get_end_date (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), NULL);

  return self->end_date;
}

const char *
cpis_plan_get_due_date (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), NULL);

  return self->due_date;
}

gboolean
cpis_plan_is_active (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), FALSE);

  return self->end_date == NULL || self->end_date[0] == '\0';
}

const char *
cpis_plan_get_subject_birth_date (CpisPlan *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN (self), NULL);

  return self->subject_birth_date;
}

gboolean
cpis_plan_has_ended (CpisPlan    *self,
                     const GDate *today)
{
  GDate end;

  g_return_val_if_fail (CPIS_IS_PLAN (self), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (self->end_date == NULL || self->end_date[0] == '\0')
    return FALSE;

  /* an end date that cannot be read is not taken for an active plan */
  if (!cpis_date_parse (self->end_date, &end))
    return TRUE;

  return g_date_compare (&end, today) <= 0;
}

gboolean
cpis_plan_is_past_due (CpisPlan    *self,
                       const GDate *today)
{
  GDate due;

  g_return_val_if_fail (CPIS_IS_PLAN (self), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (self->plan_type != CPIS_PLAN_TYPE_UCPP || self->due_date == NULL ||
      !cpis_date_parse (self->due_date, &due))
    return FALSE;

  return g_date_compare (&due, today) < 0;
}
