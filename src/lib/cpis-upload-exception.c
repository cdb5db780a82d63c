/* cpis-upload-exception.c: a record of the LA's uploads that the hub refused */

#include "cpis-upload-exception.h"

#include "cpis-model-private.h"

struct _CpisUploadException
{
  GObject  parent_instance;

  char    *id;
  char    *code;
  char    *code_display;
  char    *detail;
  char    *status;
  char    *nhs_number;
  char    *family_name;
  char    *given_name;
  char    *birth_date;
  char    *plan_type;
  char    *start_date;
  char    *recorded;
  char    *la_ods_code;
  char    *la_name;
};

G_DEFINE_FINAL_TYPE (CpisUploadException, cpis_upload_exception, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_CODE_DISPLAY,
  PROP_DETAIL,
  PROP_STATUS,
  PROP_NHS_NUMBER,
  PROP_FAMILY_NAME,
  PROP_GIVEN_NAME,
  PROP_BIRTH_DATE,
  PROP_PLAN_TYPE,
  PROP_START_DATE,
  PROP_RECORDED,
  PROP_LA_ODS_CODE,
  PROP_LA_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cpis_upload_exception_finalize (GObject *object)
{
  _cpis_model_clear_strings (object, properties, N_PROPS);

  G_OBJECT_CLASS (cpis_upload_exception_parent_class)->finalize (object);
}

static void
cpis_upload_exception_class_init (CpisUploadExceptionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_upload_exception_finalize;
  object_class->get_property = _cpis_model_get_property;
  object_class->set_property = _cpis_model_set_property;

  properties[PROP_ID] =
    _cpis_model_string_param ("id", NULL, "the Basic id (a UUID)",
                              G_STRUCT_OFFSET (CpisUploadException, id));
  properties[PROP_CODE] =
    _cpis_model_string_param ("code", NULL, "the CP-IS record code: CPR01, CPR03, CPR05, CPR07",
                              G_STRUCT_OFFSET (CpisUploadException, code));
  properties[PROP_CODE_DISPLAY] =
    _cpis_model_string_param ("code-display", NULL, "what the code means",
                              G_STRUCT_OFFSET (CpisUploadException, code_display));
  properties[PROP_DETAIL] =
    _cpis_model_string_param ("detail", NULL, "why, as the hub said it",
                              G_STRUCT_OFFSET (CpisUploadException, detail));
  properties[PROP_STATUS] =
    _cpis_model_string_param ("status", NULL, "open, dismissed or uploaded",
                              G_STRUCT_OFFSET (CpisUploadException, status));
  properties[PROP_NHS_NUMBER] =
    _cpis_model_string_param ("nhs-number", NULL, "the NHS number as submitted; may be NULL",
                              G_STRUCT_OFFSET (CpisUploadException, nhs_number));
  properties[PROP_FAMILY_NAME] =
    _cpis_model_string_param ("family-name", NULL, "as submitted; may be NULL",
                              G_STRUCT_OFFSET (CpisUploadException, family_name));
  properties[PROP_GIVEN_NAME] =
    _cpis_model_string_param ("given-name", NULL, "as submitted; may be NULL",
                              G_STRUCT_OFFSET (CpisUploadException, given_name));
  properties[PROP_BIRTH_DATE] =
    _cpis_model_string_param ("birth-date", NULL, "as submitted; may be NULL",
                              G_STRUCT_OFFSET (CpisUploadException, birth_date));
  properties[PROP_PLAN_TYPE] =
    _cpis_model_string_param ("plan-type", NULL, "as submitted; may be NULL",
                              G_STRUCT_OFFSET (CpisUploadException, plan_type));
  properties[PROP_START_DATE] =
    _cpis_model_string_param ("start-date", NULL, "as submitted; may be NULL",
                              G_STRUCT_OFFSET (CpisUploadException, start_date));
  properties[PROP_RECORDED] =
    _cpis_model_string_param ("recorded", NULL, "when it was last refused (a FHIR instant)",
                              G_STRUCT_OFFSET (CpisUploadException, recorded));
  properties[PROP_LA_ODS_CODE] =
    _cpis_model_string_param ("la-ods-code", NULL, "the LA's ODS code",
                              G_STRUCT_OFFSET (CpisUploadException, la_ods_code));
  properties[PROP_LA_NAME] =
    _cpis_model_string_param ("la-name", NULL, "the LA's name; may be NULL",
                              G_STRUCT_OFFSET (CpisUploadException, la_name));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_upload_exception_init (CpisUploadException *self)
{
}

const char *
cpis_upload_exception_get_id (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->id;
}

const char *
cpis_upload_exception_get_code (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->code;
}

const char *
cpis_upload_exception_get_code_display (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->code_display;
}

const char *
cpis_upload_exception_get_detail (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->detail;
}

const char *
cpis_upload_exception_get_status (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->status;
}

const char *
cpis_upload_exception_get_nhs_number (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->nhs_number;
}

const char *
cpis_upload_exception_get_family_name (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->family_name;
}

const char *
cpis_upload_exception_get_given_name (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->given_name;
}

const char *
cpis_upload_exception_get_birth_date (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->birth_date;
}

const char *
cpis_upload_exception_get_plan_type (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->plan_type;
}

const char *
cpis_upload_exception_get_start_date (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->start_date;
}

const char *
cpis_upload_exception_get_recorded (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->recorded;
}

const char *
cpis_upload_exception_get_la_ods_code (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->la_ods_code;
}

const char *
cpis_upload_exception_get_la_name (CpisUploadException *self)
{
  g_return_val_if_fail (CPIS_IS_UPLOAD_EXCEPTION (self), NULL);

  return self->la_name;
}
