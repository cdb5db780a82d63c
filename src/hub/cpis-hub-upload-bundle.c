/* cpis-hub-upload-bundle.c: an LA's batch Bundle of plan records, read
 *
 * What a CareTeam entry gives (the CP-IS CareTeam the searches answer,
 * with the names the rules need):
 *
 *   subject.identifier (NHS number system)       the NHS number
 *   contained Patient referred to by
 *   subject.reference ("#id"): name[0].family,  the family name, the given
 *   name[0].given (joined by spaces), birthDate  name(s), the date of birth
 *   (else the subject-birth-date extension)
 *   category[].coding[] (SNOMED CT)              the plan type
 *   period.start, period.end                     the plan's dates
 *   extension expected-delivery-date             the due date (UCPP)
 *   managingOrganization[0].identifier (ODS)     the LA
 *
 * A member of the wrong type reads as absent, and the rules then say what
 * is missing (CPR07); a Bundle that is not one (not JSON, nested too deep,
 * a member repeated, an entry that is not a CareTeam to POST or PUT, a value
 * longer than MAX_VALUE_LENGTH) is refused whole.
 */
#include <string.h>

#include "cpis-fhir-codec.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-json-private.h"
#include "cpis-hub-upload-bundle.h"
#include "cpis-plan-type.h"

/* No name, date or code of a plan record is this long */
#define MAX_VALUE_LENGTH CPIS_FHIR_MAX_UPLOAD_VALUE

G_DEFINE_QUARK (cpis-hub-upload-bundle-error-quark, cpis_hub_upload_bundle_error)

/* A string member checked for length: FALSE (with @error) when too long.
 * Absent or not a string: *@value NULL. */
static gboolean
read_value (JsonObject  *object,
            const char  *member,
            char       **value,
            GError     **error)
{
  const char *text = _cpis_json_object_get_string (object, member);

  *value = NULL;
  if (text == NULL)
    return TRUE;

  if (strlen (text) > MAX_VALUE_LENGTH)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "%s is longer than %d characters", member, MAX_VALUE_LENGTH);
      return FALSE;
    }

  *value = g_strdup (text);
  return TRUE;
}

/* The valueDate (or valueString) of the extension @url */
static gboolean
read_extension (JsonObject  *resource,
                const char  *url,
                char       **value,
                GError     **error)
{
  g_autoptr(GPtrArray) extensions = _cpis_fhir_member_objects (resource, "extension");

  *value = NULL;
  for (guint i = 0; i < extensions->len; i++)
    {
      JsonObject *extension = g_ptr_array_index (extensions, i);

      if (g_strcmp0 (_cpis_json_object_get_string (extension, "url"), url) != 0)
        continue;
      if (_cpis_json_object_get_string (extension, "valueDate") != NULL)
        return read_value (extension, "valueDate", value, error);
      return read_value (extension, "valueString", value, error);
    }

  return TRUE;
}

/* The contained Patient the subject refers to ("#id"), or the only one */
static JsonObject *
find_subject_patient (JsonObject *care_team,
                      JsonObject *subject)
{
  g_autoptr(GPtrArray) contained = _cpis_fhir_member_objects (care_team, "contained");
  const char *reference = _cpis_json_object_get_string (subject, "reference");
  JsonObject *only = NULL;
  guint n_patients = 0;

  for (guint i = 0; i < contained->len; i++)
    {
      JsonObject *resource = g_ptr_array_index (contained, i);
      const char *id = _cpis_json_object_get_string (resource, "id");

      if (g_strcmp0 (_cpis_json_object_get_string (resource, "resourceType"), "Patient") != 0)
        continue;
      if (reference != NULL && reference[0] == '#' && g_strcmp0 (id, reference + 1) == 0)
        return resource;
      only = resource;
      n_patients++;
    }

  return reference == NULL && n_patients == 1 ? only : NULL;
}

/* name[0].given, joined by spaces */
static gboolean
read_given_names (JsonObject  *name,
                  char       **value,
                  GError     **error)
{
  JsonArray *given = _cpis_json_object_get_array (name, "given");
  g_autoptr(GString) text = g_string_new (NULL);

  *value = NULL;
  if (given == NULL)
    return read_value (name, "given", value, error);

  for (guint i = 0; i < json_array_get_length (given); i++)
    {
      JsonNode *node = json_array_get_element (given, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, json_node_get_string (node));
    }

  if (text->len > MAX_VALUE_LENGTH)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "given is longer than %d characters", MAX_VALUE_LENGTH);
      return FALSE;
    }

  if (text->len > 0)
    *value = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

/* The plan type's short code from a SNOMED CT coding; a code the hub does
 * not know is passed on as it is, for the rules to refuse */
static gboolean
read_plan_type (JsonObject  *care_team,
                char       **value,
                GError     **error)
{
  g_autoptr(GPtrArray) categories = _cpis_fhir_member_objects (care_team, "category");
  g_autofree char *first = NULL;

  *value = NULL;
  for (guint i = 0; i < categories->len; i++)
    {
      g_autoptr(GPtrArray) codings = _cpis_fhir_member_objects (g_ptr_array_index (categories, i),
                                                                "coding");

      for (guint j = 0; j < codings->len; j++)
        {
          g_autofree char *code = NULL;
          CpisPlanType type;

          if (!read_value (g_ptr_array_index (codings, j), "code", &code, error))
            return FALSE;
          if (code == NULL)
            continue;

          type = cpis_plan_type_from_snomed (code);
          if (type != CPIS_PLAN_TYPE_UNRECOGNISED)
            {
              *value = g_strdup (cpis_plan_type_to_short_code (type));
              return TRUE;
            }
          if (first == NULL)
            first = g_steal_pointer (&code);
        }
    }

  *value = g_steal_pointer (&first);
  return TRUE;
}

static gboolean
read_record (JsonObject           *care_team,
             CpisHubUploadRecord  *record,
             GError              **error)
{
  JsonObject *subject = _cpis_json_object_get_object (care_team, "subject");
  JsonObject *period = _cpis_json_object_get_object (care_team, "period");
  JsonObject *patient = find_subject_patient (care_team, subject);
  g_autoptr(GPtrArray) names = _cpis_fhir_member_objects (patient, "name");
  g_autoptr(GPtrArray) organisations = _cpis_fhir_member_objects (care_team,
                                                                  "managingOrganization");
  g_autoptr(GPtrArray) identifiers = _cpis_fhir_member_objects (subject, "identifier");
  JsonObject *name = names->len > 0 ? g_ptr_array_index (names, 0) : NULL;

  for (guint i = 0; i < identifiers->len && record->nhs_number == NULL; i++)
    {
      JsonObject *identifier = g_ptr_array_index (identifiers, i);
      const char *system = _cpis_json_object_get_string (identifier, "system");

      if ((system == NULL || _cpis_json_system_equal (system, CPIS_NHS_NUMBER_SYSTEM)) &&
          !read_value (identifier, "value", &record->nhs_number, error))
        return FALSE;
    }

  if (!read_value (name, "family", &record->family_name, error) ||
      !read_given_names (name, &record->given_name, error) ||
      !read_value (patient, "birthDate", &record->date_of_birth, error) ||
      !read_plan_type (care_team, &record->plan_type, error) ||
      !read_value (period, "start", &record->start_date, error) ||
      !read_value (period, "end", &record->end_date, error) ||
      !read_extension (care_team, CPIS_DUE_DATE_EXTENSION_URL, &record->due_date, error))
    return FALSE;

  if (record->date_of_birth == NULL &&
      !read_extension (care_team, CPIS_SUBJECT_BIRTH_DATE_EXTENSION_URL, &record->date_of_birth,
                       error))
    return FALSE;

  if (organisations->len > 0)
    {
      JsonObject *organisation = g_ptr_array_index (organisations, 0);
      g_autoptr(GPtrArray) org_identifiers = _cpis_fhir_member_objects (organisation,
                                                                        "identifier");

      for (guint i = 0; i < org_identifiers->len && record->la_ods_code == NULL; i++)
        {
          JsonObject *identifier = g_ptr_array_index (org_identifiers, i);
          const char *system = _cpis_json_object_get_string (identifier, "system");

          if ((system == NULL || _cpis_json_system_equal (system, CPIS_ODS_CODE_SYSTEM)) &&
              !read_value (identifier, "value", &record->la_ods_code, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* request.method POST or PUT to "CareTeam", or PUT to "CareTeam/{id}" (the
 * id is not the plan's key, which is its NHS number, plan type, LA and
 * start: a PUT is taken as a POST is) */
static gboolean
check_request (JsonObject  *entry,
               GError     **error)
{
  JsonObject *request = _cpis_json_object_get_object (entry, "request");
  const char *method = _cpis_json_object_get_string (request, "method");
  const char *url = _cpis_json_object_get_string (request, "url");

  if (request == NULL || method == NULL || url == NULL)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "it has no request with a method and url");
      return FALSE;
    }

  if ((g_str_equal (method, "POST") || g_str_equal (method, "PUT")) &&
      g_str_equal (url, "CareTeam"))
    return TRUE;
  if (g_str_equal (method, "PUT") && g_str_has_prefix (url, "CareTeam/") &&
      url[strlen ("CareTeam/")] != '\0' && strchr (url + strlen ("CareTeam/"), '/') == NULL &&
      strchr (url, '?') == NULL && strlen (url) <= MAX_VALUE_LENGTH)
    return TRUE;

  g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "its request must be POST or PUT CareTeam, or PUT CareTeam/{id}");
  return FALSE;
}

void
cpis_hub_upload_records_free (CpisHubUploadRecord *records,
                              guint                n_records)
{
  for (guint i = 0; records != NULL && i < n_records; i++)
    {
      CpisHubUploadRecord *record = &records[i];

      g_free (record->nhs_number);
      g_free (record->family_name);
      g_free (record->given_name);
      g_free (record->date_of_birth);
      g_free (record->plan_type);
      g_free (record->start_date);
      g_free (record->end_date);
      g_free (record->due_date);
      g_free (record->la_ods_code);
    }
  g_free (records);
}

gboolean
cpis_hub_upload_bundle_read (const char           *data,
                             gsize                 length,
                             CpisHubUploadRecord **records,
                             guint                *n_records,
                             GError              **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *bundle = NULL;
  JsonArray *entries;
  CpisHubUploadRecord *read;
  guint n;

  g_return_val_if_fail (records != NULL && n_records != NULL, FALSE);

  *records = NULL;
  *n_records = 0;

  parser = _cpis_fhir_parse_resource (data, (gssize) length, "Bundle", &bundle, &local);
  if (parser == NULL)
    {
      g_set_error (error, CPIS_HUB_UPLOAD_BUNDLE_ERROR, CPIS_HUB_UPLOAD_BUNDLE_ERROR_INVALID,
                   "Send a FHIR batch Bundle of CareTeams: %s", local->message);
      return FALSE;
    }

  if (g_strcmp0 (_cpis_json_object_get_string (bundle, "type"), "batch") != 0)
    {
      g_set_error_literal (error, CPIS_HUB_UPLOAD_BUNDLE_ERROR,
                           CPIS_HUB_UPLOAD_BUNDLE_ERROR_INVALID,
                           "The Bundle's type must be batch: each record is uploaded or "
                           "refused on its own.");
      return FALSE;
    }

  if (json_object_has_member (bundle, "entry") &&
      _cpis_json_object_get_array (bundle, "entry") == NULL)
    {
      g_set_error_literal (error, CPIS_HUB_UPLOAD_BUNDLE_ERROR,
                           CPIS_HUB_UPLOAD_BUNDLE_ERROR_INVALID, "Bundle.entry must be an array.");
      return FALSE;
    }

  entries = _cpis_json_object_get_array (bundle, "entry");
  n = entries != NULL ? json_array_get_length (entries) : 0;
  if (n > CPIS_FHIR_MAX_UPLOAD_ENTRIES)
    {
      g_set_error (error, CPIS_HUB_UPLOAD_BUNDLE_ERROR, CPIS_HUB_UPLOAD_BUNDLE_ERROR_TOO_MANY,
                   "A batch holds at most %d records: send them in several.",
                   CPIS_FHIR_MAX_UPLOAD_ENTRIES);
      return FALSE;
    }

  read = g_new0 (CpisHubUploadRecord, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = _cpis_json_array_get_object (entries, i);
      JsonObject *resource = _cpis_json_object_get_object (entry, "resource");

      if (entry == NULL || resource == NULL ||
          g_strcmp0 (_cpis_json_object_get_string (resource, "resourceType"), "CareTeam") != 0)
        {
          g_set_error (error, CPIS_HUB_UPLOAD_BUNDLE_ERROR, CPIS_HUB_UPLOAD_BUNDLE_ERROR_INVALID,
                       "Bundle entry %u is not a CareTeam.", i);
          cpis_hub_upload_records_free (read, n);
          return FALSE;
        }

      if (!check_request (entry, &local) || !read_record (resource, &read[i], &local))
        {
          g_set_error (error, CPIS_HUB_UPLOAD_BUNDLE_ERROR, CPIS_HUB_UPLOAD_BUNDLE_ERROR_INVALID,
                       "Bundle entry %u: %s.", i, local->message);
          cpis_hub_upload_records_free (read, n);
          return FALSE;
        }
    }

  if (n == 0)
    g_clear_pointer (&read, g_free);
  *records = read;
  *n_records = n;
  return TRUE;
}
