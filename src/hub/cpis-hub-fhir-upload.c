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
 * What a CareTeam entry gives, and what refuses a Bundle whole:
 * cpis-hub-upload-bundle.c.
 */
#include <string.h>

#include "cpis-fhir-codec.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-json-private.h"
#include "cpis-hub-import.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server-private.h"
#include "cpis-hub-task-json.h"
#include "cpis-hub-upload-bundle.h"
#include "cpis-uuid.h"

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
  CpisHubUploadRecord *records;
  EntryOutcome      *outcomes;
  guint              n_records;
  gint64             now_usec;
} UploadRequest;

static void
upload_request_free (UploadRequest *request)
{
  for (guint i = 0; request->outcomes != NULL && i < request->n_records; i++)
    {
      g_free (request->outcomes[i].detail);
      g_free (request->outcomes[i].plan_id);
    }
  cpis_hub_upload_records_free (request->records, request->n_records);
  g_free (request->outcomes);
  g_clear_object (&request->server);
  g_clear_object (&request->msg);
  g_free (request->la_ods_code);
  g_free (request->base_url);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UploadRequest, upload_request_free)

/* ------------------------------------------------------------------------ */
/* Reading the Bundle (cpis-hub-upload-bundle.c) */

/* The Bundle's records into @request; FALSE after answering 400 or 413 */
static gboolean
read_bundle (SoupServerMessage *msg,
             GBytes            *body,
             UploadRequest     *request)
{
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  if (!cpis_hub_upload_bundle_read (data, length, &request->records, &request->n_records, &error))
    {
      if (g_error_matches (error, CPIS_HUB_UPLOAD_BUNDLE_ERROR,
                           CPIS_HUB_UPLOAD_BUNDLE_ERROR_TOO_MANY))
        cpis_hub_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-costly",
                                CPIS_HUB_PAYLOAD_TOO_LARGE, error->message);
      else
        cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                                CPIS_HUB_INVALID_RESOURCE, error->message);
      return FALSE;
    }

  request->outcomes = g_new0 (EntryOutcome, request->n_records);
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
      const CpisHubUploadRecord *entry = &request->records[i];
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
