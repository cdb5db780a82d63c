/* cpis-operation-outcome.c: a FHIR OperationOutcome (its first issue) */

#include "cpis-operation-outcome.h"

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

static char **
string_field (CpisOperationOutcome *self,
              guint                 prop_id)
{
  switch (prop_id)
    {
    case PROP_SEVERITY:        return &self->severity;
    case PROP_CODE:            return &self->code;
    case PROP_DETAILS_CODE:    return &self->details_code;
    case PROP_DETAILS_DISPLAY: return &self->details_display;
    case PROP_DIAGNOSTICS:     return &self->diagnostics;
    case PROP_DETAILS_SYSTEM:  return &self->details_system;
    default:                   return NULL;
    }
}

static void
cpis_operation_outcome_finalize (GObject *object)
{
  CpisOperationOutcome *self = (CpisOperationOutcome *)object;

  g_clear_pointer (&self->severity, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->details_code, g_free);
  g_clear_pointer (&self->details_display, g_free);
  g_clear_pointer (&self->diagnostics, g_free);
  g_clear_pointer (&self->details_system, g_free);

  G_OBJECT_CLASS (cpis_operation_outcome_parent_class)->finalize (object);
}

static void
cpis_operation_outcome_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CpisOperationOutcome *self = CPIS_OPERATION_OUTCOME (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    g_value_set_string (value, *field);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cpis_operation_outcome_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CpisOperationOutcome *self = CPIS_OPERATION_OUTCOME (object);
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
cpis_operation_outcome_class_init (CpisOperationOutcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_operation_outcome_finalize;
  object_class->get_property = cpis_operation_outcome_get_property;
  object_class->set_property = cpis_operation_outcome_set_property;

  properties[PROP_SEVERITY] =
    string_param ("severity", "Severity", "error, fatal, warning or information");
  properties[PROP_CODE] =
    string_param ("code", "Code", "The FHIR issue type");
  properties[PROP_DETAILS_CODE] =
    string_param ("details-code", "Details code", "The Spine error or warning code");
  properties[PROP_DETAILS_DISPLAY] =
    string_param ("details-display", "Details display", "The Spine error in words");
  properties[PROP_DIAGNOSTICS] =
    string_param ("diagnostics", "Diagnostics", "Free text about the issue");
  properties[PROP_DETAILS_SYSTEM] =
    string_param ("details-system", "Details system", "The code system of the details code");

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
