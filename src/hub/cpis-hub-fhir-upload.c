/* cpis-hub-fhir-upload.c: an LA's plan records uploaded in FHIR (docs/api.md,
 * "Plan uploads: POST [base]")
 *
 *   POST [base]   a batch Bundle of CareTeam entries → a batch-response
 *
 * Order of checks: path and method (404, 405, by the router); the body's
 * framing and size (411, 413, before it is read); the token (401); the
 * role, social workers only (403); the Content-Type (415); the Bundle
 * itself (400, or 413 for too many entries), read whole before any record
 * is looked at, so that a Bundle refused writes nothing. Then each record,
 * in the Bundle's order, by the rules `cpis-hub import plans` applies
 * (cpis_hub_upload_plan_record, cpis-hub-import.c): each is stored whole or
 * not at all, and each refused one is kept as an exception of the LA. The
 * records are worked on a worker thread (each write waits for its commit),
 * the answer sent once the last is done.
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
#include "cpis-hub-import.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server-private.h"
#include "cpis-hub-task-json.h"
#include "cpis-uuid.h"

/* No name, date or code of a plan record is this long */
#define MAX_VALUE_LENGTH CPIS_FHIR_MAX_UPLOAD_VALUE

/* One entry's record, its strings owned */
typedef struct
{
  char *nhs_number;
  char *family_name;
  char *given_name;
  char *date_of_birth;
  char *plan_type;
  char *start_date;
  char *end_date;
  char *due_date;
  char *la_ods_code;
} EntryRecord;

/* One entry's outcome */
typedef struct
{
  const char *code;
  char       *detail;
  char       *plan_id;
  gboolean    created;
} EntryOutcome;

typedef struct
{
  CpisHubServer     *server;
  SoupServerMessage *msg;
  char              *la_ods_code;
  char              *base_url;
  EntryRecord       *records;
  EntryOutcome      *outcomes;
  guint              n_records;
  gint64             now_usec;
} UploadRequest;

static void
upload_request_free (UploadRequest *request)
{
  for (guint i = 0; i < request->n_records; i++)
    {
      EntryRecord *record = &request->records[i];

      g_free (record->nhs_number);
      g_free (record->family_name);
      g_free (record->given_name);
      g_free (record->date_of_birth);
      g_free (record->plan_type);
      g_free (record->start_date);
      g_free (record->end_date);
      g_free (record->due_date);
      g_free (record->la_ods_code);
      g_free (request->outcomes[i].detail);
      g_free (request->outcomes[i].plan_id);
    }
  g_free (request->records);
  g_free (request->outcomes);
  g_clear_object (&request->server);
  g_clear_object (&request->msg);
  g_free (request->la_ods_code);
  g_free (request->base_url);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UploadRequest, upload_request_free)

/* ------------------------------------------------------------------------ */
/* Reading the Bundle */

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
read_record (JsonObject   *care_team,
             EntryRecord  *record,
             GError      **error)
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

/* The Bundle's records into @request; FALSE after answering 400 or 413 */
static gboolean
read_bundle (SoupServerMessage *msg,
             GBytes            *body,
             UploadRequest     *request)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *diagnostics = NULL;
  JsonObject *bundle = NULL;
  JsonArray *entries;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  guint n;

  parser = _cpis_fhir_parse_resource (data, length, "Bundle", &bundle, &error);
  if (parser == NULL)
    {
      diagnostics = g_strdup_printf ("Send a FHIR batch Bundle of CareTeams: %s", error->message);
      cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_INVALID_RESOURCE,
                              diagnostics);
      return FALSE;
    }

  if (g_strcmp0 (_cpis_json_object_get_string (bundle, "type"), "batch") != 0)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_INVALID_RESOURCE,
                              "The Bundle's type must be batch: each record is uploaded or "
                              "refused on its own.");
      return FALSE;
    }

  if (json_object_has_member (bundle, "entry") &&
      _cpis_json_object_get_array (bundle, "entry") == NULL)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_INVALID_RESOURCE,
                              "Bundle.entry must be an array.");
      return FALSE;
    }

  entries = _cpis_json_object_get_array (bundle, "entry");
  n = entries != NULL ? json_array_get_length (entries) : 0;
  if (n > CPIS_FHIR_MAX_UPLOAD_ENTRIES)
    {
      diagnostics = g_strdup_printf ("A batch holds at most %d records: send them in several.",
                                     CPIS_FHIR_MAX_UPLOAD_ENTRIES);
      cpis_hub_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-costly",
                              CPIS_HUB_PAYLOAD_TOO_LARGE, diagnostics);
      return FALSE;
    }

  request->records = g_new0 (EntryRecord, n);
  request->outcomes = g_new0 (EntryOutcome, n);
  request->n_records = n;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = _cpis_json_array_get_object (entries, i);
      JsonObject *resource = _cpis_json_object_get_object (entry, "resource");

      if (entry == NULL || resource == NULL ||
          g_strcmp0 (_cpis_json_object_get_string (resource, "resourceType"), "CareTeam") != 0)
        {
          diagnostics = g_strdup_printf ("Bundle entry %u is not a CareTeam.", i);
          cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                                  CPIS_HUB_INVALID_RESOURCE, diagnostics);
          return FALSE;
        }

      if (!check_request (entry, &error) || !read_record (resource, &request->records[i], &error))
        {
          diagnostics = g_strdup_printf ("Bundle entry %u: %s.", i, error->message);
          cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                                  CPIS_HUB_INVALID_RESOURCE, diagnostics);
          return FALSE;
        }
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The answer */

static void
add_code (JsonBuilder *builder,
          const char  *member,
          const char  *code)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  _cpis_fhir_add_coding (builder, CPIS_UPLOAD_CODE_SYSTEM, code,
                         cpis_fhir_upload_code_display (code));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* The FHIR issue type of a record code */
static const char *
issue_type (const char *code)
{
  if (g_str_equal (code, "CPR06"))
    return "informational";
  if (g_str_equal (code, "CPR01"))
    return "not-found";
  if (g_str_equal (code, "CPR03"))
    return "value";
  return "business-rule";
}

static void
add_outcome (JsonBuilder        *builder,
             const EntryOutcome *outcome)
{
  gboolean ok = g_str_equal (outcome->code, "CPR06");

  json_builder_set_member_name (builder, "outcome");
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "OperationOutcome");
  json_builder_set_member_name (builder, "issue");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "severity", ok ? "information" : "error");
  _cpis_fhir_add_string_member (builder, "code", issue_type (outcome->code));
  add_code (builder, "details", outcome->code);
  _cpis_fhir_add_string_member (builder, "diagnostics", outcome->detail);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static char *
encode_response (UploadRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = cpis_uuid_new ();
  g_autofree char *now = cpis_hub_task_format_instant (request->now_usec);
  const char *file_code;
  guint n_succeeded = 0;

  for (guint i = 0; i < request->n_records; i++)
    n_succeeded += g_str_equal (request->outcomes[i].code, "CPR06");

  if (n_succeeded == 0)
    file_code = "CPF04";
  else if (n_succeeded == request->n_records)
    file_code = "CPF02";
  else
    file_code = "CPF03";

  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "Bundle");
  _cpis_fhir_add_string_member (builder, "id", id);
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "lastUpdated", now);
  json_builder_set_member_name (builder, "tag");
  json_builder_begin_array (builder);
  _cpis_fhir_add_coding (builder, CPIS_UPLOAD_CODE_SYSTEM, file_code,
                         cpis_fhir_upload_code_display (file_code));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _cpis_fhir_add_string_member (builder, "type", "batch-response");
  _cpis_fhir_add_string_member (builder, "timestamp", now);

  if (request->n_records > 0)
    {
      json_builder_set_member_name (builder, "entry");
      json_builder_begin_array (builder);
    }
  for (guint i = 0; i < request->n_records; i++)
    {
      const EntryOutcome *outcome = &request->outcomes[i];
      gboolean ok = g_str_equal (outcome->code, "CPR06");

      json_builder_begin_object (builder);
      if (ok)
        {
          g_autofree char *full_url = g_strdup_printf ("%s/CareTeam/%s", request->base_url,
                                                       outcome->plan_id);

          _cpis_fhir_add_string_member (builder, "fullUrl", full_url);
        }
      json_builder_set_member_name (builder, "response");
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "status",
                                    !ok                ? "422 Unprocessable Entity"
                                    : outcome->created ? "201 Created"
                                                       : "200 OK");
      if (ok)
        {
          g_autofree char *location = g_strdup_printf ("CareTeam/%s", outcome->plan_id);

          _cpis_fhir_add_string_member (builder, "location", location);
        }
      add_outcome (builder, outcome);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  if (request->n_records > 0)
    json_builder_end_array (builder);

  json_builder_end_object (builder);
  return _cpis_fhir_builder_to_string (builder);
}

/* ------------------------------------------------------------------------ */
/* The records, on a worker thread */

static void
upload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UploadRequest *request = task_data;
  CpisHubStore *store = _cpis_hub_server_get_store (request->server);

  for (guint i = 0; i < request->n_records; i++)
    {
      const EntryRecord *entry = &request->records[i];
      EntryOutcome *outcome = &request->outcomes[i];
      CpisHubPlanRecord record = {
        .nhs_number = entry->nhs_number,
        .family_name = entry->family_name,
        .given_name = entry->given_name,
        .date_of_birth = entry->date_of_birth,
        .plan_type = entry->plan_type,
        .start_date = entry->start_date,
        .end_date = entry->end_date,
        .due_date = entry->due_date,
        .la_ods_code = entry->la_ods_code,
      };

      outcome->code = cpis_hub_upload_plan_record (store, &record, request->la_ods_code,
                                                   request->now_usec, &outcome->detail,
                                                   &outcome->plan_id, &outcome->created);
    }

  g_task_return_boolean (task, TRUE);
}

static void
upload_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  UploadRequest *request = g_task_get_task_data (G_TASK (result));

  cpis_hub_respond_json (request->msg, CPIS_HUB_FHIR_CONTENT_TYPE, encode_response (request));
  cpis_hub_message_release (request->msg);
}

/* application/fhir+json or application/json, with any parameters */
static gboolean
is_json_content_type (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  return type != NULL && (g_ascii_strcasecmp (type, "application/fhir+json") == 0 ||
                          g_ascii_strcasecmp (type, "application/json") == 0);
}

void
_cpis_hub_fhir_batch (CpisHubServer     *self,
                      SoupServerMessage *msg)
{
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(UploadRequest) request = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GTask) task = NULL;

  user = _cpis_hub_server_authenticate_social_worker (
    self, msg, "Only social workers may upload their authority's plans.");
  if (user == NULL)
    return;

  if (!is_json_content_type (msg))
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "invalid",
                              CPIS_HUB_UNSUPPORTED_MEDIA,
                              "Send the batch Bundle as application/fhir+json.");
      return;
    }

  request = g_new0 (UploadRequest, 1);
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (!read_bundle (msg, body, request))
    return;

  request->server = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->la_ods_code = g_strdup (user->organisation->ods_code);
  request->base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_BASE_PATH);
  request->now_usec = _cpis_hub_server_now_usec (self);

  cpis_hub_message_hold (msg);
  task = g_task_new (self, NULL, upload_done_cb, NULL);
  g_task_set_source_tag (task, _cpis_hub_fhir_batch);
  g_task_set_task_data (task, g_steal_pointer (&request), (GDestroyNotify) upload_request_free);
  g_task_run_in_thread (task, upload_thread);
}
