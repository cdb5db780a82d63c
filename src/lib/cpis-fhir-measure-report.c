/* cpis-fhir-measure-report.c: a partnership's figures from a FHIR
 * MeasureReport (type summary) */

#include <string.h>

#include "cpis-fhir-codec.h"

#include "cpis-date.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-json-private.h"

/* More than anyone could count in an area: a count past it is not one */
#define MAX_COUNT G_GINT64_CONSTANT (1000000000000)

#define COUNT_SUPPRESSED_URL "https://fhir.cpis.example/StructureDefinition/count-suppressed"
#define SETTING_KIND_URL "https://fhir.cpis.example/StructureDefinition/setting-kind"
#define LAST_CHECK_URL "https://fhir.cpis.example/StructureDefinition/last-check"

/* The code of a CodeableConcept (its first coding's), or its text */
static const char *
concept_code (JsonObject *concept)
{
  JsonObject *coding = _cpis_json_array_get_object (_cpis_json_object_get_array (concept, "coding"), 0);
  const char *code = _cpis_json_object_get_string (coding, "code");

  return code != NULL ? code : _cpis_json_object_get_string (concept, "text");
}

/* Its words: its text, or its first coding's display */
static const char *
concept_text (JsonObject *concept)
{
  JsonObject *coding = _cpis_json_array_get_object (_cpis_json_object_get_array (concept, "coding"), 0);
  const char *text = _cpis_json_object_get_string (concept, "text");

  return text != NULL ? text : _cpis_json_object_get_string (coding, "display");
}

static gboolean
contains_suppressed (const char *text)
{
  g_autofree char *lower = text != NULL ? g_ascii_strdown (text, -1) : NULL;

  return lower != NULL && (strstr (lower, "suppress") != NULL || strstr (lower, "fewer than 5") != NULL);
}

/* Whether a population without a count says it was withheld: by an
 * extension, a code or a text that says so */
static gboolean
marked_suppressed (JsonObject *population)
{
  JsonArray *extensions = _cpis_json_object_get_array (population, "extension");
  JsonObject *code = _cpis_json_object_get_object (population, "code");

  for (guint i = 0; i < _cpis_json_array_get_length (extensions); i++)
    if (contains_suppressed (_cpis_json_object_get_string (_cpis_json_array_get_object (extensions, i), "url")))
      return TRUE;
  return contains_suppressed (concept_code (code)) || contains_suppressed (concept_text (code));
}

/* The extension of @url on @object, or NULL */
static JsonObject *
lookup_extension (JsonObject *object,
                  const char *url)
{
  JsonArray *extensions = _cpis_json_object_get_array (object, "extension");

  for (guint i = 0; i < _cpis_json_array_get_length (extensions); i++)
    {
      JsonObject *extension = _cpis_json_array_get_object (extensions, i);

      if (g_strcmp0 (_cpis_json_object_get_string (extension, "url"), url) == 0)
        return extension;
    }
  return NULL;
}

/* A population's count: a whole number from 0, or withheld (marked so);
 * anything else refused: a count that cannot be read must not read as 0 */
static gboolean
read_count (JsonObject  *population,
            const char  *where,
            gint64      *count,
            GError     **error)
{
  JsonNode *node = population != NULL ? json_object_get_member (population, "count") : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (marked_suppressed (population))
        {
          JsonObject *marker = lookup_extension (population, COUNT_SUPPRESSED_URL);

          /* "hidden": withheld with a small count, not itself said to be small */
          *count = g_strcmp0 (_cpis_json_object_get_string (marker, "valueString"), "hidden") == 0
                   ? CPIS_MEASURE_HIDDEN
                   : CPIS_MEASURE_SUPPRESSED;
          return TRUE;
        }
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "The MeasureReport gives no count for %s, and does not say it was withheld", where);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > MAX_COUNT)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "The MeasureReport's count for %s is not a whole number from 0", where);
      return FALSE;
    }
  *count = json_node_get_int (node);
  return TRUE;
}

/* A group's measureScore (a median, in whole minutes): absent is no score,
 * or withheld when the group says so; a fraction or a negative refused */
static gboolean
read_score (JsonObject  *group,
            const char  *where,
            gint64      *score,
            GError     **error)
{
  JsonObject *measure_score = _cpis_json_object_get_object (group, "measureScore");
  JsonNode *node = measure_score != NULL ? json_object_get_member (measure_score, "value") : NULL;
  double value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *score = lookup_extension (group, COUNT_SUPPRESSED_URL) != NULL ? CPIS_MEASURE_SUPPRESSED : CPIS_MEASURE_NO_COUNT;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    value = json_node_get_double (node);
  else
    value = -1;
  if (value < 0 || value > MAX_COUNT || value != (double) (gint64) value)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "The MeasureReport's score for %s is not a whole number from 0", where);
      return FALSE;
    }
  *score = (gint64) value;
  return TRUE;
}

/* Whether @object names a patient: subject, evaluatedResource or subjectResults */
static gboolean
refers_to_patients (JsonObject *object)
{
  return object != NULL &&
         (json_object_has_member (object, "subject") || json_object_has_member (object, "evaluatedResource") ||
          json_object_has_member (object, "subjectResults"));
}

static CpisMeasureStratifier *
decode_stratifier (JsonObject  *object,
                   const char  *group_code,
                   GError     **error)
{
  JsonObject *code = _cpis_json_array_get_object (_cpis_json_object_get_array (object, "code"), 0);
  g_autoptr(CpisMeasureStratifier) stratifier = NULL;
  JsonArray *strata = _cpis_json_object_get_array (object, "stratum");

  if (concept_code (code) == NULL)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "A stratifier of the MeasureReport's group %s has no code", group_code);
      return NULL;
    }
  stratifier = cpis_measure_stratifier_new (concept_code (code), concept_text (code));

  for (guint i = 0; i < _cpis_json_array_get_length (strata); i++)
    {
      JsonObject *stratum = _cpis_json_array_get_object (strata, i);
      JsonObject *value = _cpis_json_object_get_object (stratum, "value");
      JsonArray *populations = _cpis_json_object_get_array (stratum, "population");
      g_autofree char *where = NULL;
      CpisMeasureStratum *added;
      gint64 count;

      if (stratum == NULL || concept_code (value) == NULL)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "A stratum of the MeasureReport's group %s has no value", group_code);
          return NULL;
        }
      if (refers_to_patients (stratum) || refers_to_patients (_cpis_json_array_get_object (populations, 0)))
        {
          g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                               "The MeasureReport refers to patients: a partnership's figures never do");
          return NULL;
        }
      where = g_strdup_printf ("%s, %s", group_code, concept_code (value));
      if (!read_count (_cpis_json_array_get_object (populations, 0), where, &count, error))
        return NULL;
      added = cpis_measure_stratifier_add (stratifier, concept_code (value), concept_text (value), count);
      /* a setting's kind and last check (the settings group's strata) */
      added->kind = g_strdup (_cpis_json_object_get_string (lookup_extension (stratum, SETTING_KIND_URL),
                                                            "valueCode"));
      added->last_check = g_strdup (_cpis_json_object_get_string (lookup_extension (stratum, LAST_CHECK_URL),
                                                                  "valueDateTime"));
    }
  return g_steal_pointer (&stratifier);
}

static CpisMeasureGroup *
decode_group (JsonObject  *object,
              GError     **error)
{
  JsonObject *code = _cpis_json_object_get_object (object, "code");
  JsonArray *populations = _cpis_json_object_get_array (object, "population");
  JsonArray *stratifiers = _cpis_json_object_get_array (object, "stratifier");
  g_autoptr(CpisMeasureGroup) group = NULL;

  if (concept_code (code) == NULL)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "A group of the MeasureReport has no code");
      return NULL;
    }
  group = cpis_measure_group_new (concept_code (code), concept_text (code));

  /* its count (initial population or numerator) and what it is out of (denominator) */
  for (guint i = 0; i < _cpis_json_array_get_length (populations); i++)
    {
      JsonObject *population = _cpis_json_array_get_object (populations, i);
      const char *kind = concept_code (_cpis_json_object_get_object (population, "code"));
      gint64 *into = g_strcmp0 (kind, "denominator") == 0 ? &group->denominator : &group->count;

      if (refers_to_patients (population))
        {
          g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                               "The MeasureReport refers to patients: a partnership's figures never do");
          return NULL;
        }
      if (!read_count (population, group->code, into, error))
        return NULL;
    }

  if (!read_score (object, group->code, &group->score, error))
    return NULL;

  for (guint i = 0; i < _cpis_json_array_get_length (stratifiers); i++)
    {
      CpisMeasureStratifier *stratifier = decode_stratifier (_cpis_json_array_get_object (stratifiers, i),
                                                             group->code, error);

      if (stratifier == NULL)
        return NULL;
      g_ptr_array_add (group->stratifiers, stratifier);
    }
  return g_steal_pointer (&group);
}

/* The date of a FHIR date or dateTime, "YYYY-MM-DD" (owned), or NULL */
static char *
date_of (const char *text)
{
  g_autofree char *date = text != NULL ? g_strndup (text, strcspn (text, "T")) : NULL;

  return date != NULL && strlen (date) == 10 && cpis_date_is_valid (date) ? g_steal_pointer (&date) : NULL;
}

CpisMeasureReport *
cpis_fhir_decode_measure_report (const char  *json,
                                 gssize       length,
                                 GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(CpisMeasureReport) report = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  JsonObject *root = NULL;
  JsonObject *period;
  JsonArray *groups;
  const char *measure;

  parser = _cpis_fhir_parse_resource (json, length, "MeasureReport", &root, error);
  if (parser == NULL)
    return NULL;

  if (g_strcmp0 (_cpis_json_object_get_string (root, "type"), "summary") != 0)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The MeasureReport is not a summary: a partnership's figures are");
      return NULL;
    }
  if (g_strcmp0 (_cpis_json_object_get_string (root, "status"), "complete") != 0)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The MeasureReport is not complete: its figures are not final");
      return NULL;
    }
  if (refers_to_patients (root))
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The MeasureReport refers to patients: a partnership's figures never do");
      return NULL;
    }

  measure = _cpis_json_object_get_string (root, "measure");
  period = _cpis_json_object_get_object (root, "period");
  start = date_of (_cpis_json_object_get_string (period, "start"));
  end = date_of (_cpis_json_object_get_string (period, "end"));
  if (measure == NULL || start == NULL || end == NULL)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The MeasureReport does not say which measure, or for which period");
      return NULL;
    }

  report = cpis_measure_report_new (measure, start, end,
                                    _cpis_json_object_get_string (_cpis_json_object_get_object (root, "reporter"),
                                                                  "display"));
  groups = _cpis_json_object_get_array (root, "group");
  for (guint i = 0; i < _cpis_json_array_get_length (groups); i++)
    {
      JsonObject *object = _cpis_json_array_get_object (groups, i);
      CpisMeasureGroup *group;

      if (refers_to_patients (object))
        {
          g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                               "The MeasureReport refers to patients: a partnership's figures never do");
          return NULL;
        }
      group = decode_group (object, error);
      if (group == NULL)
        return NULL;
      cpis_measure_report_add_group (report, group);
    }

  return g_steal_pointer (&report);
}
