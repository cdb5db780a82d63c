/* cpis-operation-outcome.c: a FHIR OperationOutcome (its first issue) */

#include "cpis-operation-outcome.h"

#include "cpis-model-private.h"

struct _CpisOperationOutcome
{
  GObject  parent_instance;

  char    *severity;
  char    *code;
  char    *details_code;
  char    *details_display;
  char    *diagnostics;
  char    *details_system;
};

G_DEFINE_FINAL_TYPE (CpisOperationOutcome, cpis_operation_outcome, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEVERITY,
  PROP_CODE,
  PROP_DETAILS_CODE,
  PROP_DETAILS_DISPLAY,
  PROP_DIAGNOSTICS,
  PROP_DETAILS_SYSTEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cpis_operation_outcome_finalize (GObject *object)
{
  _cpis_model_clear_strings (object, properties, N_PROPS);

  G_OBJECT_CLASS (cpis_operation_outcome_parent_class)->finalize (object);
}

static void
cpis_operation_outcome_class_init (CpisOperationOutcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_operation_outcome_finalize;
  object_class->get_property = _cpis_model_get_property;
  object_class->set_property = _cpis_model_set_property;

  properties[PROP_SEVERITY] =
    _cpis_model_string_param ("severity", "Severity", "error, fatal, warning or information",
                              G_STRUCT_OFFSET (CpisOperationOutcome, severity));
  properties[PROP_CODE] =
    _cpis_model_string_param ("code", "Code", "The FHIR issue type",
                              G_STRUCT_OFFSET (CpisOperationOutcome, code));
  properties[PROP_DETAILS_CODE] =
    _cpis_model_string_param ("details-code", "Details code", "The Spine error or warning code",
                              G_STRUCT_OFFSET (CpisOperationOutcome, details_code));
  properties[PROP_DETAILS_DISPLAY] =
    _cpis_model_string_param ("details-display", "Details display", "The Spine error in words",
                              G_STRUCT_OFFSET (CpisOperationOutcome, details_display));
  properties[PROP_DIAGNOSTICS] =
    _cpis_model_string_param ("diagnostics", "Diagnostics", "Free text about the issue",
                              G_STRUCT_OFFSET (CpisOperationOutcome, diagnostics));
  properties[PROP_DETAILS_SYSTEM] =
    _cpis_model_string_param ("details-system", "Details system",
                              "The code system of the details code",
                              G_STRUCT_OFFSET (CpisOperationOutcome, details_system));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_operation_outcome_init (CpisOperationOutcome *self)
{
}

CpisOperationOutcome *
cpis_operation_outcome_new (const char *severity,
                            const char *code,
                            const char *details_code,
                            const char *details_display,
                            const char *diagnostics)
{
  return g_object_new (CPIS_TYPE_OPERATION_OUTCOME,
                       "severity", severity,
                       "code", code,
                       "details-code", details_code,
                       "details-display", details_display,
                       "diagnostics", diagnostics,
                       NULL);
}

const char *
cpis_operation_outcome_get_severity (CpisOperationOutcome *self)
{
  g_return_val_if_fail (CPIS_IS_OPERATION_OUTCOME (self), NULL);

  return self->severity;
}

const char *
cpis_operation_outcome_get_code (CpisOperationOutcome *self)
{
  g_return_val_if_fail (CPIS_IS_OPERATION_OUTCOME (self), NULL);

  return self->code;
}

const char *
cpis_operation_outcome_get_details_code (CpisOperationOutcome *self)
{
  g_return_val_if_fail (CPIS_IS_OPERATION_OUTCOME (self), NULL);

  return self->details_code;
}

const char *
cpis_operation_outcome_get_details_display (CpisOperationOutcome *self)
{
  g_return_val_if_fail (CPIS_IS_OPERATION_OUTCOME (self), NULL);

  return self->details_display;
}

const char *
cpis_operation_outcome_get_diagnostics (CpisOperationOutcome *self)
{
  g_return_val_if_fail (CPIS_IS_OPERATION_OUTCOME (self), NULL);

  return self->diagnostics;
}

const char *
cpis_operation_outcome_get_details_system (CpisOperationOutcome *self)
{
  g_return_val_if_fail (CPIS_IS_OPERATION_OUTCOME (self), NULL);

  return self->details_system != NULL ? self->details_system : CPIS_SPINE_ERROR_SYSTEM;
}
