/* cpis-fhir-patient.c: the demographics service's Patient (PDS FHIR API) →
 * CpisPatient
 *
 * Read as tolerantly as the CP-IS resources (cpis-fhir-codec.c). What is
 * rejected, with CPIS_FHIR_ERROR_INVALID: a Patient without an NHS number
 * (its id, or an identifier of the NHS number system), and a birthDate that
 * is not a date (a banner that confirms the child by a wrong date is worse
 * than none). A searchset follows the codec's rules on totals and matches.
 */

#include "cpis-fhir-codec.h"

#include <string.h>

#include "cpis-date.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-json-private.h"

#define CONFIDENTIALITY_SYSTEM "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"

typedef struct
{
  CpisPatient *patient;
  double       score;
  guint        position;
} ScoredPatient;

/* Whether @object's period (absent: always) covers @today */
static gboolean
period_covers (JsonObject  *object,
               const GDate *today)
{
  JsonObject *period = _cpis_json_object_get_object (object, "period");
  g_autofree char *start_text = _cpis_json_object_dup_trimmed (period, "start");
  g_autofree char *end_text = _cpis_json_object_dup_trimmed (period, "end");
  GDate start, end;

  if (start_text != NULL && cpis_date_parse (start_text, &start) &&
      g_date_compare (&start, today) > 0)
    return FALSE;
  if (end_text != NULL && cpis_date_parse (end_text, &end) &&
      g_date_compare (&end, today) < 0)
    return FALSE;

  return TRUE;
}

/* The element of @member to show: the first of @use in force today, else the
 * first in force, else the first of @use, else the first there is */
static JsonObject *
choose_current (JsonObject  *resource,
                const char  *member,
                const char  *use,
                const GDate *today)
{
  g_autoptr(GPtrArray) elements = _cpis_fhir_member_objects (resource, member);
  JsonObject *in_force = NULL;
  JsonObject *of_use = NULL;

  for (guint i = 0; i < elements->len; i++)
    {
      JsonObject *element = g_ptr_array_index (elements, i);
      g_autofree char *element_use = _cpis_json_object_dup_trimmed (element, "use");
      gboolean covers = period_covers (element, today);
      gboolean wanted = element_use != NULL && g_ascii_strcasecmp (element_use, use) == 0;

      if (wanted && covers)
        return element;
      if (covers && in_force == NULL)
        in_force = element;
      if (wanted && of_use == NULL)
        of_use = element;
    }

  if (in_force != NULL)
    return in_force;
  if (of_use != NULL)
    return of_use;

  return elements->len > 0 ? g_ptr_array_index (elements, 0) : NULL;
}

/* The strings of an array member, trimmed, joined by spaces; NULL if none */
static char *
join_strings (JsonObject *object,
              const char *member)
{
  JsonArray *array = _cpis_json_object_get_array (object, member);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < _cpis_json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *value = NULL;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;

      value = _cpis_json_strdup_trimmed (json_node_get_string (node));
      if (value == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, value);
    }

  if (text->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* meta.security with R (restricted) or V (very restricted) */
static gboolean
is_restricted (JsonObject *patient)
{
  g_autoptr(GPtrArray) labels =
    _cpis_fhir_member_objects (_cpis_json_object_get_object (patient, "meta"), "security");

  for (guint i = 0; i < labels->len; i++)
    {
      JsonObject *label = g_ptr_array_index (labels, i);
      g_autofree char *system = _cpis_json_object_dup_trimmed (label, "system");
      g_autofree char *code = _cpis_json_object_dup_trimmed (label, "code");

      if (system != NULL && !_cpis_json_system_equal (system, CONFIDENTIALITY_SYSTEM))
        continue;
      if (code != NULL && (g_ascii_strcasecmp (code, "R") == 0 ||
                           g_ascii_strcasecmp (code, "V") == 0))
        return TRUE;
    }

  return FALSE;
}

static CpisPatient *
decode_patient (JsonObject  *patient,
                const char  *full_url,
                GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *nhs_number = NULL;
  g_autofree char *family = NULL;
  g_autofree char *given = NULL;
  g_autofree char *title = NULL;
  g_autofree char *gender = NULL;
  g_autofree char *birth_date = NULL;
  g_autofree char *postcode = NULL;
  g_autofree char *deceased = NULL;
  gboolean restricted;
  JsonObject *name;
  JsonObject *address;
  GDate today;

  cpis_date_today_uk (&today);

  id = _cpis_fhir_resource_id (patient, full_url, "Patient");
  nhs_number = _cpis_fhir_normalise_nhs_number (id);
  if (nhs_number == NULL)
    {
      g_autofree char *identifier =
        _cpis_fhir_identifier_value (patient, "identifier", CPIS_NHS_NUMBER_SYSTEM);

      nhs_number = _cpis_fhir_normalise_nhs_number (identifier);
    }
  if (nhs_number == NULL)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The Patient has no NHS number");
      return NULL;
    }

  if (!_cpis_fhir_read_date (patient, "birthDate", "date of birth", &birth_date, error))
    return NULL;

  name = choose_current (patient, "name", "usual", &today);
  family = _cpis_json_object_dup_trimmed (name, "family");
  given = join_strings (name, "given");
  title = join_strings (name, "prefix");

  gender = _cpis_json_object_dup_trimmed (patient, "gender");
  if (gender != NULL)
    {
      char *lower = g_ascii_strdown (gender, -1);

      g_free (gender);
      gender = lower;
    }

  restricted = is_restricted (patient);
  /* a restricted record should carry no address; if one comes, it is not shown */
  address = restricted ? NULL : choose_current (patient, "address", "home", &today);
  postcode = _cpis_json_object_dup_trimmed (address, "postalCode");

  deceased = _cpis_json_object_dup_trimmed (patient, "deceasedDateTime");

  return g_object_new (CPIS_TYPE_PATIENT,
                       "nhs-number", nhs_number,
                       "family-name", family,
                       "given-names", given,
                       "title", title,
                       "gender", gender,
                       "birth-date", birth_date,
                       "postcode", postcode,
                       "deceased", deceased,
                       "restricted", restricted,
                       NULL);
}

static int
compare_best_first (gconstpointer a,
                    gconstpointer b)
{
  const ScoredPatient *first = a;
  const ScoredPatient *second = b;

  if (first->score != second->score)
    return first->score < second->score ? 1 : -1;

  return (first->position > second->position) - (first->position < second->position);
}

CpisPatient *
cpis_fhir_decode_patient (const char  *json,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *patient;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = _cpis_fhir_parse_resource (json, length, "Patient", &patient, error);
  if (parser == NULL)
    return NULL;

  return decode_patient (patient, NULL, error);
}

GPtrArray *
cpis_fhir_decode_patient_bundle (const char  *json,
                                 gssize       length,
                                 guint       *total,
                                 GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GArray) scored = NULL;
  GPtrArray *patients;
  JsonArray *entries;
  gboolean has_total;
  guint bundle_total;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = _cpis_fhir_parse_searchset (json, length, &entries, &has_total, &bundle_total, error);
  if (parser == NULL)
    return NULL;

  scored = g_array_new (FALSE, FALSE, sizeof (ScoredPatient));
  g_array_set_clear_func (scored, (GDestroyNotify) NULL);

  for (guint i = 0; i < _cpis_json_array_get_length (entries); i++)
    {
      JsonObject *entry = _cpis_json_array_get_object (entries, i);
      JsonObject *resource = _cpis_json_object_get_object (entry, "resource");
      JsonObject *search = _cpis_json_object_get_object (entry, "search");
      const char *resource_type = _cpis_json_object_get_string (resource, "resourceType");
      JsonNode *score_node = search != NULL ? json_object_get_member (search, "score") : NULL;
      ScoredPatient item = { NULL, 0, i };

      if (_cpis_fhir_entry_get_mode (entry) != ENTRY_MODE_MATCH)
        continue;

      if (g_strcmp0 (resource_type, "Patient") != 0)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE,
                       "Bundle entry %u is a %s, not a Patient",
                       i, resource_type != NULL ? resource_type : "resource of no type");
          goto failed;
        }

      item.patient = decode_patient (resource, _cpis_json_object_get_string (entry, "fullUrl"),
                                     error);
      if (item.patient == NULL)
        goto failed;

      if (score_node != NULL && JSON_NODE_HOLDS_VALUE (score_node) &&
          (json_node_get_value_type (score_node) == G_TYPE_DOUBLE ||
           json_node_get_value_type (score_node) == G_TYPE_INT64))
        item.score = json_node_get_double (score_node);

      g_array_append_val (scored, item);
    }

  if (!_cpis_fhir_settle_total (has_total, bundle_total, scored->len, total, error))
    goto failed;

  g_array_sort (scored, compare_best_first);
  patients = g_ptr_array_new_full (scored->len, g_object_unref);
  for (guint i = 0; i < scored->len; i++)
    g_ptr_array_add (patients, g_array_index (scored, ScoredPatient, i).patient);

  return patients;

failed:
  for (guint i = 0; i < scored->len; i++)
    g_object_unref (g_array_index (scored, ScoredPatient, i).patient);
  return NULL;
}
