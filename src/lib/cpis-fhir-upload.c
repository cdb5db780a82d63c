/* cpis-fhir-upload.c: plan uploads in FHIR (docs/api.md, "Plan uploads")
 *
 * The CP-IS upload response codes of the HL7 v3 message specification, as
 * the hub answers them in its own code system (CPIS_UPLOAD_CODE_SYSTEM).
 */
#include "cpis-fhir-codec.h"

#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-json-private.h"
#include "cpis-plan-type.h"

static const struct
{
  const char *code;
  const char *display;
} upload_codes[] = {
  { "CPR01", "No demographics match for NHS number" },
  { "CPR02", "Matched but sensitive record" },
  { "CPR03", "NHS number not verified" },
  { "CPR04", "Old-style NHS number" },
  { "CPR05", "NHS number superseded" },
  { "CPR06", "Success" },
  { "CPR07", "Failure" },
  { "CPF01", "File-level error" },
  { "CPF02", "Success" },
  { "CPF03", "Partial upload" },
  { "CPF04", "Nothing uploaded" },
  { "CPF05", "Demographics service unavailable, resubmit" },
  { "CPF06", "Client version no longer supported" },
};

const char *
cpis_fhir_upload_code_display (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (upload_codes); i++)
    if (g_strcmp0 (code, upload_codes[i].code) == 0)
      return upload_codes[i].display;

  return NULL;
}

/* ------------------------------------------------------------------------ */
/* The batch */

/* A page of plans or exceptions holds at most what the hub's _count allows */
#define MAX_PAGE_ENTRIES 500

static void
add_care_team_record (JsonBuilder    *builder,
                      CpisPlanRecord *record)
{
  const char *plan_type = cpis_plan_record_get_plan_type (record);
  CpisPlanType type = cpis_plan_type_from_short_code (plan_type);
  const char *code = type != CPIS_PLAN_TYPE_UNRECOGNISED ? cpis_plan_type_to_snomed (type)
                                                         : plan_type;
  const char *family = cpis_plan_record_get_family_name (record);
  const char *given = cpis_plan_record_get_given_name (record);
  const char *nhs_number = cpis_plan_record_get_nhs_number (record);
  const char *la = cpis_plan_record_get_la_ods_code (record);
  const char *due = cpis_plan_record_get_due_date (record);

  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "CareTeam");

  json_builder_set_member_name (builder, "contained");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "Patient");
  _cpis_fhir_add_string_member (builder, "id", "subject");
  if (family != NULL || given != NULL)
    {
      json_builder_set_member_name (builder, "name");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "family", family);
      if (given != NULL)
        {
          json_builder_set_member_name (builder, "given");
          json_builder_begin_array (builder);
          json_builder_add_string_value (builder, given);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  _cpis_fhir_add_string_member (builder, "birthDate", cpis_plan_record_get_birth_date (record));
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  if (code != NULL)
    {
      json_builder_set_member_name (builder, "category");
      json_builder_begin_array (builder);
      _cpis_fhir_add_codeable_concept (builder, NULL, "http://snomed.info/sct", code,
                                       type != CPIS_PLAN_TYPE_UNRECOGNISED
                                         ? cpis_plan_type_to_snomed_display (type)
                                         : NULL);
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "subject");
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "reference", "#subject");
  if (nhs_number != NULL)
    {
      json_builder_set_member_name (builder, "identifier");
      _cpis_fhir_add_identifier (builder, CPIS_NHS_NUMBER_SYSTEM, nhs_number);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "period");
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "start", cpis_plan_record_get_start_date (record));
  _cpis_fhir_add_string_member (builder, "end", cpis_plan_record_get_end_date (record));
  json_builder_end_object (builder);

  if (la != NULL)
    {
      json_builder_set_member_name (builder, "managingOrganization");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "identifier");
      _cpis_fhir_add_identifier (builder, CPIS_ODS_CODE_SYSTEM, la);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  if (due != NULL)
    {
      json_builder_set_member_name (builder, "extension");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "url", CPIS_DUE_DATE_EXTENSION_URL);
      _cpis_fhir_add_string_member (builder, "valueDate", due);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
}

char *
cpis_fhir_encode_plan_batch (GPtrArray *records)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (records != NULL, NULL);

  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "Bundle");
  _cpis_fhir_add_string_member (builder, "type", "batch");
  json_builder_set_member_name (builder, "entry");
  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    {
      CpisPlanRecord *record = g_ptr_array_index (records, i);

      g_return_val_if_fail (CPIS_IS_PLAN_RECORD (record), NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "resource");
      add_care_team_record (builder, record);
      json_builder_set_member_name (builder, "request");
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "method", "POST");
      _cpis_fhir_add_string_member (builder, "url", "CareTeam");
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return _cpis_fhir_builder_to_string (builder);
}

/* ------------------------------------------------------------------------ */
/* The batch-response */

void
cpis_fhir_upload_entry_free (CpisFhirUploadEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->status);
  g_free (entry->code);
  g_free (entry->detail);
  g_free (entry->plan_id);
  g_free (entry);
}

/* The code of the first coding in the upload code system of @concept */
static char *
upload_code (JsonObject *concept)
{
  g_autoptr(GPtrArray) codings = _cpis_fhir_member_objects (concept, "coding");

  for (guint i = 0; i < codings->len; i++)
    {
      JsonObject *coding = g_ptr_array_index (codings, i);
      const char *system = _cpis_json_object_get_string (coding, "system");
      g_autofree char *code = _cpis_json_object_dup_trimmed (coding, "code");

      if (system != NULL && _cpis_json_system_equal (system, CPIS_UPLOAD_CODE_SYSTEM) &&
          cpis_fhir_upload_code_display (code) != NULL)
        return g_steal_pointer (&code);
    }

  return NULL;
}

GPtrArray *
cpis_fhir_decode_upload_response (const char  *json,
                                  gssize       length,
                                  char       **file_code,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *type = NULL;
  JsonObject *bundle = NULL;
  JsonArray *array;

  g_return_val_if_fail (json != NULL, NULL);

  if (file_code != NULL)
    *file_code = NULL;

  parser = _cpis_fhir_parse_resource (json, length, "Bundle", &bundle, error);
  if (parser == NULL)
    return NULL;

  type = _cpis_json_object_dup_trimmed (bundle, "type");
  if (g_strcmp0 (type, "batch-response") != 0)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE,
                   "Expected a batch-response Bundle, got one of type %s",
                   type != NULL ? type : "(none)");
      return NULL;
    }

  array = _cpis_json_object_get_array (bundle, "entry");
  if (json_object_has_member (bundle, "entry") && array == NULL)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The Bundle's entry is not a list");
      return NULL;
    }
  if (_cpis_json_array_get_length (array) > CPIS_FHIR_MAX_UPLOAD_ENTRIES)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The batch-response holds more entries than a batch may");
      return NULL;
    }

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_fhir_upload_entry_free);
  for (guint i = 0; i < _cpis_json_array_get_length (array); i++)
    {
      JsonObject *response = _cpis_json_object_get_object (_cpis_json_array_get_object (array, i),
                                                           "response");
      JsonObject *outcome = _cpis_json_object_get_object (response, "outcome");
      JsonObject *issue = _cpis_json_array_get_object (_cpis_json_object_get_array (outcome,
                                                                                    "issue"),
                                                       0);
      CpisFhirUploadEntry *entry = g_new0 (CpisFhirUploadEntry, 1);
      g_autofree char *location = NULL;

      g_ptr_array_add (entries, entry);
      entry->status = _cpis_json_object_dup_trimmed (response, "status");
      entry->code = upload_code (_cpis_json_object_get_object (issue, "details"));
      entry->detail = _cpis_json_object_dup_trimmed (issue, "diagnostics");
      location = _cpis_json_object_dup_trimmed (response, "location");
      entry->plan_id = location != NULL ? _cpis_fhir_id_from_reference (location, "CareTeam")
                                        : NULL;

      if (entry->status == NULL || entry->code == NULL)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "Bundle entry %u has no status or no record code", i);
          return NULL;
        }
      /* success and its plan go together, as do a refusal and none */
      if (g_str_equal (entry->code, "CPR06") != (entry->plan_id != NULL) ||
          g_str_equal (entry->code, "CPR06") != (entry->status[0] == '2'))
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "Bundle entry %u contradicts itself: its code, status and location "
                       "disagree", i);
          return NULL;
        }
    }

  if (file_code != NULL)
    {
      g_autoptr(GPtrArray) tags = _cpis_fhir_member_objects (
        _cpis_json_object_get_object (bundle, "meta"), "tag");

      for (guint i = 0; i < tags->len && *file_code == NULL; i++)
        {
          JsonObject *tag = g_ptr_array_index (tags, i);
          const char *system = _cpis_json_object_get_string (tag, "system");
          g_autofree char *code = _cpis_json_object_dup_trimmed (tag, "code");

          if (system != NULL && _cpis_json_system_equal (system, CPIS_UPLOAD_CODE_SYSTEM) &&
              g_str_has_prefix (code != NULL ? code : "", "CPF") &&
              cpis_fhir_upload_code_display (code) != NULL)
            *file_code = g_steal_pointer (&code);
        }
    }

  return g_steal_pointer (&entries);
}

/* ------------------------------------------------------------------------ */
/* Pages */

static void
read_links (JsonObject  *bundle,
            char       **self_url,
            char       **next_url,
            char       **previous_url)
{
  g_autoptr(GPtrArray) links = _cpis_fhir_member_objects (bundle, "link");

  for (guint i = 0; i < links->len; i++)
    {
      JsonObject *link = g_ptr_array_index (links, i);
      g_autofree char *relation = _cpis_json_object_dup_trimmed (link, "relation");
      char **slot = NULL;

      if (relation == NULL)
        continue;
      if (g_ascii_strcasecmp (relation, "self") == 0)
        slot = self_url;
      else if (g_ascii_strcasecmp (relation, "next") == 0)
        slot = next_url;
      else if (g_ascii_strcasecmp (relation, "previous") == 0 ||
               g_ascii_strcasecmp (relation, "prev") == 0)
        slot = previous_url;

      if (slot != NULL && *slot == NULL)
        *slot = _cpis_json_object_dup_trimmed (link, "url");
    }
}

/* Opens a page's searchset: its entries (NULL for none), total and links */
static JsonParser *
open_page (const char  *json,
           gssize       length,
           JsonArray  **entries,
           guint       *total,
           char       **self_url,
           char       **next_url,
           char       **previous_url,
           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  gboolean has_total = FALSE;

  parser = _cpis_fhir_parse_searchset (json, length, entries, &has_total, total, error);
  if (parser == NULL)
    return NULL;

  if (_cpis_json_array_get_length (*entries) > MAX_PAGE_ENTRIES)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "The page holds more than %u entries", MAX_PAGE_ENTRIES);
      return NULL;
    }
  if (!has_total || *total < _cpis_json_array_get_length (*entries))
    *total = _cpis_json_array_get_length (*entries);

  read_links (json_node_get_object (json_parser_get_root (parser)), self_url, next_url,
              previous_url);
  return g_steal_pointer (&parser);
}

CpisPlanPage *
cpis_fhir_decode_plan_page (const char  *json,
                            gssize       length,
                            GError     **error)
{
  g_autoptr(CpisPlanPage) page = cpis_plan_page_new (NULL);
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *entries = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  parser = open_page (json, length, &entries, &page->total, &page->self_url, &page->next_url,
                      &page->previous_url, error);
  if (parser == NULL)
    return NULL;

  for (guint i = 0; i < _cpis_json_array_get_length (entries); i++)
    {
      JsonObject *entry = _cpis_json_array_get_object (entries, i);
      JsonObject *resource = _cpis_json_object_get_object (entry, "resource");
      CpisPlan *plan;

      if (_cpis_fhir_entry_get_mode (entry) != ENTRY_MODE_MATCH)
        continue;
      if (g_strcmp0 (_cpis_json_object_get_string (resource, "resourceType"), "CareTeam") != 0)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "Bundle entry %u is not a CareTeam", i);
          return NULL;
        }

      plan = _cpis_fhir_decode_care_team (resource,
                                          _cpis_json_object_get_string (entry, "fullUrl"), error);
      if (plan == NULL)
        return NULL;
      g_ptr_array_add (page->plans, plan);
    }

  return g_steal_pointer (&page);
}

/* The valueX of the extension @url of @resource, as a string */
static char *
extension_value (JsonObject *resource,
                 const char *url,
                 const char *value_member)
{
  g_autoptr(GPtrArray) extensions = _cpis_fhir_member_objects (resource, "extension");

  for (guint i = 0; i < extensions->len; i++)
    {
      JsonObject *extension = g_ptr_array_index (extensions, i);

      if (g_strcmp0 (_cpis_json_object_get_string (extension, "url"), url) == 0)
        return _cpis_json_object_dup_trimmed (extension, value_member);
    }

  return NULL;
}

static CpisUploadException *
decode_basic (JsonObject  *basic,
              const char  *full_url,
              GError     **error)
{
  g_autofree char *id = _cpis_fhir_resource_id (basic, full_url, "Basic");
  JsonObject *code = _cpis_json_object_get_object (basic, "code");
  g_autofree char *code_value = upload_code (code);
  g_autofree char *detail = _cpis_json_object_dup_trimmed (code, "text");
  g_autofree char *status = extension_value (basic, CPIS_EXCEPTION_STATUS_EXTENSION_URL,
                                             "valueCode");
  g_autofree char *recorded = extension_value (basic, CPIS_EXCEPTION_RECORDED_EXTENSION_URL,
                                               "valueDateTime");
  g_autofree char *plan_type = extension_value (basic, CPIS_EXCEPTION_PLAN_TYPE_EXTENSION_URL,
                                                "valueString");
  g_autofree char *start_date = extension_value (basic, CPIS_EXCEPTION_START_DATE_EXTENSION_URL,
                                                 "valueString");
  g_autoptr(GPtrArray) contained = _cpis_fhir_member_objects (basic, "contained");
  JsonObject *author = _cpis_json_object_get_object (basic, "author");
  JsonObject *patient = NULL;
  g_autofree char *nhs_number = NULL;
  g_autofree char *family = NULL;
  g_autofree char *given = NULL;
  g_autofree char *birth_date = NULL;
  g_autofree char *la_ods_code = NULL;
  g_autofree char *la_name = NULL;

  if (id == NULL || code_value == NULL)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "An upload exception has no id or no record code");
      return NULL;
    }

  for (guint i = 0; i < contained->len && patient == NULL; i++)
    if (g_strcmp0 (_cpis_json_object_get_string (g_ptr_array_index (contained, i),
                                                 "resourceType"),
                   "Patient") == 0)
      patient = g_ptr_array_index (contained, i);

  if (patient != NULL)
    {
      g_autoptr(GPtrArray) names = _cpis_fhir_member_objects (patient, "name");
      JsonObject *name = names->len > 0 ? g_ptr_array_index (names, 0) : NULL;
      JsonArray *givens = _cpis_json_object_get_array (name, "given");

      nhs_number = _cpis_fhir_identifier_value (patient, "identifier", CPIS_NHS_NUMBER_SYSTEM);
      family = _cpis_json_object_dup_trimmed (name, "family");
      if (givens != NULL && json_array_get_length (givens) > 0 &&
          JSON_NODE_HOLDS_VALUE (json_array_get_element (givens, 0)))
        given = _cpis_json_strdup_trimmed (json_array_get_string_element (givens, 0));
      birth_date = _cpis_json_object_dup_trimmed (patient, "birthDate");
      if (birth_date == NULL)
        birth_date = extension_value (patient, CPIS_EXCEPTION_BIRTH_DATE_EXTENSION_URL,
                                      "valueString");
    }

  la_ods_code = _cpis_fhir_identifier_value (author, "identifier", CPIS_ODS_CODE_SYSTEM);
  la_name = _cpis_json_object_dup_trimmed (author, "display");

  return g_object_new (CPIS_TYPE_UPLOAD_EXCEPTION,
                       "id", id,
                       "code", code_value,
                       "code-display", cpis_fhir_upload_code_display (code_value),
                       "detail", detail,
                       "status", status != NULL ? status : "open",
                       "nhs-number", nhs_number,
                       "family-name", family,
                       "given-name", given,
                       "birth-date", birth_date,
                       "plan-type", plan_type,
                       "start-date", start_date,
                       "recorded", recorded,
                       "la-ods-code", la_ods_code,
                       "la-name", la_name,
                       NULL);
}

CpisUploadException *
cpis_fhir_decode_upload_exception (const char  *json,
                                   gssize       length,
                                   GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *basic = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  parser = _cpis_fhir_parse_resource (json, length, "Basic", &basic, error);
  if (parser == NULL)
    return NULL;

  return decode_basic (basic, NULL, error);
}

CpisUploadExceptionPage *
cpis_fhir_decode_upload_exception_page (const char  *json,
                                        gssize       length,
                                        GError     **error)
{
  g_autoptr(CpisUploadExceptionPage) page = cpis_upload_exception_page_new (NULL);
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *entries = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  parser = open_page (json, length, &entries, &page->total, &page->self_url, &page->next_url,
                      &page->previous_url, error);
  if (parser == NULL)
    return NULL;

  for (guint i = 0; i < _cpis_json_array_get_length (entries); i++)
    {
      JsonObject *entry = _cpis_json_array_get_object (entries, i);
      JsonObject *resource = _cpis_json_object_get_object (entry, "resource");
      CpisUploadException *exception;

      if (_cpis_fhir_entry_get_mode (entry) != ENTRY_MODE_MATCH)
        continue;
      if (g_strcmp0 (_cpis_json_object_get_string (resource, "resourceType"), "Basic") != 0)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "Bundle entry %u is not a Basic", i);
          return NULL;
        }

      exception = decode_basic (resource, _cpis_json_object_get_string (entry, "fullUrl"), error);
      if (exception == NULL)
        return NULL;
      g_ptr_array_add (page->exceptions, exception);
    }

  return g_steal_pointer (&page);
}
