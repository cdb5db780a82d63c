/* cpis-plan.c: one CP-IS plan, as a CareTeam carries it */

#include "cpis-plan.h"

#include "cpis-date.h"

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

/* The string field behind a string property, or NULL for PROP_PLAN_TYPE */
static char **
string_field (CpisPlan *self,
              guint     prop_id)
{
  switch (prop_id)
    {
    case PROP_ID:              return &self->id;
    case PROP_PLAN_CODE:       return &self->plan_code;
    case PROP_PLAN_DISPLAY:    return &self->plan_display;
    case PROP_NHS_NUMBER:      return &self->nhs_number;
    case PROP_SUBJECT_NAME:    return &self->subject_name;
    case PROP_LA_NAME:         return &self->la_name;
    case PROP_LA_ODS_CODE:     return &self->la_ods_code;
    case PROP_PHONE_OFFICE:    return &self->phone_office;
    case PROP_PHONE_EMERGENCY: return &self->phone_emergency;
    case PROP_START_DATE:      return &self->start_date;
    case PROP_END_DATE:        return &self->end_date;
    case PROP_DUE_DATE:        return &self->due_date;
    case PROP_SUBJECT_BIRTH_DATE: return &self->subject_birth_date;
    default:                   return NULL;
    }
}

static void
cpis_plan_finalize (GObject *object)
{
  CpisPlan *self = (CpisPlan *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->plan_code, g_free);
  g_clear_pointer (&self->plan_display, g_free);
  g_clear_pointer (&self->nhs_number, g_free);
  g_clear_pointer (&self->subject_name, g_free);
  g_clear_pointer (&self->la_name, g_free);
  g_clear_pointer (&self->la_ods_code, g_free);
  g_clear_pointer (&self->phone_office, g_free);
  g_clear_pointer (&self->phone_emergency, g_free);
  g_clear_pointer (&self->start_date, g_free);
  g_clear_pointer (&self->end_date, g_free);
  g_clear_pointer (&self->due_date, g_free);
  g_clear_pointer (&self->subject_birth_date, g_free);

  G_OBJECT_CLASS (cpis_plan_parent_class)->finalize (object);
}

static void
cpis_plan_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CpisPlan *self = CPIS_PLAN (object);
  char **field;

  if (prop_id == PROP_PLAN_TYPE)
    {
      g_value_set_enum (value, self->plan_type);
      return;
    }

  field = string_field (self, prop_id);
  if (field != NULL)
    g_value_set_string (value, *field);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cpis_plan_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CpisPlan *self = CPIS_PLAN (object);
  char **field;

  if (prop_id == PROP_PLAN_TYPE)
    {
      self->plan_type = g_value_get_enum (value);
      return;
    }

  field = string_field (self, prop_id);
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
cpis_plan_class_init (CpisPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_plan_finalize;
  object_class->get_property = cpis_plan_get_property;
  object_class->set_property = cpis_plan_set_property;

  properties[PROP_ID] =
    string_param ("id", "Id", "The CareTeam id");
  properties[PROP_PLAN_TYPE] =
    g_param_spec_enum ("plan-type", "Plan type", "The kind of plan",
                       CPIS_TYPE_PLAN_TYPE,
                       CPIS_PLAN_TYPE_UNRECOGNISED,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS));
  properties[PROP_PLAN_CODE] =
    string_param ("plan-code", "Plan code", "The plan's SNOMED CT code as received");
  properties[PROP_PLAN_DISPLAY] =
    string_param ("plan-display", "Plan display", "The plan coding's display");
  properties[PROP_NHS_NUMBER] =
    string_param ("nhs-number", "NHS number", "The child's (or mother's) NHS number");
  properties[PROP_SUBJECT_NAME] =
    string_param ("subject-name", "Subject name", "The name as the hub gives it");
  properties[PROP_LA_NAME] =
    string_param ("la-name", "LA name", "The responsible local authority");
  properties[PROP_LA_ODS_CODE] =
    string_param ("la-ods-code", "LA ODS code", "The local authority's ODS code");
  properties[PROP_PHONE_OFFICE] =
    string_param ("phone-office", "Office phone", "The LA's office-hours number");
  properties[PROP_PHONE_EMERGENCY] =
    string_param ("phone-emergency", "Emergency phone", "The LA's emergency duty team number");
  properties[PROP_START_DATE] =
    string_param ("start-date", "Start date", "The plan's start date (YYYY-MM-DD)");
  properties[PROP_END_DATE] =
    string_param ("end-date", "End date", "The plan's end date; NULL while active");
  properties[PROP_DUE_DATE] =
    string_param ("due-date", "Due date", "Expected date of delivery (unborn child plans)");
  properties[PROP_SUBJECT_BIRTH_DATE] =
    string_param ("subject-birth-date", "Subject birth date",
                  "The subject's date of birth as the local authority uploaded it");

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
