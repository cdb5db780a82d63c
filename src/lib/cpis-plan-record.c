/* cpis-plan-record.c: one plan record of an LA's upload */

#include "cpis-plan-record.h"

#include "cpis-model-private.h"

struct _CpisPlanRecord
{
  GObject  parent_instance;

  guint    line;
  char    *nhs_number;
  char    *family_name;
  char    *given_name;
  char    *birth_date;
  char    *plan_type;
  char    *start_date;
  char    *end_date;
  char    *due_date;
  char    *la_ods_code;
  char    *error;
};

G_DEFINE_FINAL_TYPE (CpisPlanRecord, cpis_plan_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LINE,
  PROP_NHS_NUMBER,
  PROP_FAMILY_NAME,
  PROP_GIVEN_NAME,
  PROP_BIRTH_DATE,
  PROP_PLAN_TYPE,
  PROP_START_DATE,
  PROP_END_DATE,
  PROP_DUE_DATE,
  PROP_LA_ODS_CODE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cpis_plan_record_finalize (GObject *object)
{
  _cpis_model_clear_strings (object, properties, N_PROPS);

  G_OBJECT_CLASS (cpis_plan_record_parent_class)->finalize (object);
}

static void
cpis_plan_record_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CpisPlanRecord *self = CPIS_PLAN_RECORD (object);

  if (prop_id == PROP_LINE)
    g_value_set_uint (value, self->line);
  else if (!_cpis_model_get_string (object, pspec, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cpis_plan_record_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CpisPlanRecord *self = CPIS_PLAN_RECORD (object);

  if (prop_id == PROP_LINE)
    self->line = g_value_get_uint (value);
  else if (!_cpis_model_set_string (object, pspec, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cpis_plan_record_class_init (CpisPlanRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_plan_record_finalize;
  object_class->get_property = cpis_plan_record_get_property;
  object_class->set_property = cpis_plan_record_set_property;

  properties[PROP_LINE] =
    g_param_spec_uint ("line", NULL, "the 1-based line of the file on which the row starts", 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NHS_NUMBER] =
    _cpis_model_string_param ("nhs-number", NULL, "the NHS number as written (trimmed)",
                              G_STRUCT_OFFSET (CpisPlanRecord, nhs_number));
  properties[PROP_FAMILY_NAME] =
    _cpis_model_string_param ("family-name", NULL, "the family name as written",
                              G_STRUCT_OFFSET (CpisPlanRecord, family_name));
  properties[PROP_GIVEN_NAME] =
    _cpis_model_string_param ("given-name", NULL, "the given name(s) as written",
                              G_STRUCT_OFFSET (CpisPlanRecord, given_name));
  properties[PROP_BIRTH_DATE] =
    _cpis_model_string_param ("birth-date", NULL, "the date of birth as written (YYYY-MM-DD)",
                              G_STRUCT_OFFSET (CpisPlanRecord, birth_date));
  properties[PROP_PLAN_TYPE] =
    _cpis_model_string_param ("plan-type", NULL, "CPP, LAC or UCPP as written",
                              G_STRUCT_OFFSET (CpisPlanRecord, plan_type));
  properties[PROP_START_DATE] =
    _cpis_model_string_param ("start-date", NULL, "the plan's start as written",
                              G_STRUCT_OFFSET (CpisPlanRecord, start_date));
  properties[PROP_END_DATE] =
    _cpis_model_string_param ("end-date", NULL, "the plan's end; NULL while active",
                              G_STRUCT_OFFSET (CpisPlanRecord, end_date));
  properties[PROP_DUE_DATE] =
    _cpis_model_string_param ("due-date", NULL, "an unborn child's due date (UCPP); may be NULL",
                              G_STRUCT_OFFSET (CpisPlanRecord, due_date));
  properties[PROP_LA_ODS_CODE] =
    _cpis_model_string_param ("la-ods-code", NULL, "the responsible LA's ODS code as written",
                              G_STRUCT_OFFSET (CpisPlanRecord, la_ods_code));
  properties[PROP_ERROR] =
    _cpis_model_string_param ("error", NULL, "why the row cannot be sent (it is then rejected CPR07 without being sent, as cpis-hub import plans rejects it); NULL for a row to send",
                              G_STRUCT_OFFSET (CpisPlanRecord, error));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_plan_record_init (CpisPlanRecord *self)
{
}

guint
cpis_plan_record_get_line (CpisPlanRecord *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_RECORD (self), 0);

  return self->line;
}

const char *
cpis_plan_record_get_nhs_number (CpisPlanRecord *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_RECORD (self), NULL);

  return self->nhs_number;
}

const char *
cpis_plan_record_get_family_name (CpisPlanRecord *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_RECORD (self), NULL);

  return self->family_name;
}

const char *
cpis_plan_record_get_given_name (CpisPlanRecord *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_RECORD (self), NULL);

  return self->given_name;
}

const char *
cpis_plan_record_get_birth_date (CpisPlanRecord *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_RECORD (self), NULL);

  return self->birth_date;
}

const char *
cpis_plan_record_get_plan_type (CpisPlanRecord *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_RECORD (self), NULL);

  return self->plan_type;
}

const char *
cpis_plan_record_get_start_date (CpisPlanRecord *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_RECORD (self), NULL);

  return self->start_date;
}

const char *
cpis_plan_record_get_end_date (CpisPlanRecord *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_RECORD (self), NULL);

  return self->end_date;
}

const char *
cpis_plan_record_get_due_date (CpisPlanRecord *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_RECORD (self), NULL);

  return self->due_date;
}

const char *
cpis_plan_record_get_la_ods_code (CpisPlanRecord *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_RECORD (self), NULL);

  return self->la_ods_code;
}

const char *
cpis_plan_record_get_error (CpisPlanRecord *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_RECORD (self), NULL);

  return self->error;
}
