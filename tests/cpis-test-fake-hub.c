/* cpis-test-fake-hub.c: a hub that answers what a broken or hostile hub would */

#include "cpis-test-fake-hub.h"

#include <string.h>

#include "cpis-fhir-codec.h"
#include "cpis-plan.h"
#include "cpis-test-util.h"
#include "cpis-uuid.h"

#define WAIT_LIMIT_SECONDS 60
#define HUGE_BYTES ((guint64) 2 * 1024 * 1024 * 1024)
#define HUGE_CHUNK_BYTES (1024 * 1024)
#define BOMB_BYTES ((gsize) 256 * 1024 * 1024)

/* Answers */

static char *
care_team_bundle (const char *nhs_number,
                  const char *base_url)
{
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *bundle_id = cpis_uuid_new ();
  CpisPlanType lac = cpis_plan_type_from_short_code ("LAC");

  g_ptr_array_add (plans, g_object_new (CPIS_TYPE_PLAN,
                                        "id", "fake-plan-1",
                                        "plan-type", lac,
                                        "plan-code", cpis_plan_type_to_snomed (lac),
                                        "nhs-number", nhs_number,
                                        "subject-name", "Robin TESTER",
                                        "la-name", CPIS_FAKE_LA_NAME,
                                        "phone-office", "020 7946 0001",
                                        "phone-emergency", CPIS_FAKE_EMERGENCY,
                                        "start-date", "2026-01-05",
                                        NULL));
  return cpis_fhir_encode_care_team_bundle (plans, base_url, base_url, bundle_id);
}

static char *
empty_bundle (const char *base_url)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *bundle_id = cpis_uuid_new ();

  return cpis_fhir_encode_care_team_bundle (none, base_url, base_url, bundle_id);
}

static char *
audit_event_bundle (const char *base_url)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *bundle_id = cpis_uuid_new ();

  return cpis_fhir_encode_audit_event_bundle (events, base_url, base_url, bundle_id);
}

static char *
patient (const char *nhs_number)
{
  return g_strdup_printf ("{\"resourceType\":\"Patient\",\"id\":\"%s\","
                          "\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\","
                          "\"value\":\"%s\"}],"
                          "\"meta\":{\"versionId\":\"1\",\"security\":[{\"system\":"
                          "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\","
                          "\"code\":\"U\",\"display\":\"unrestricted\"}]},"
                          "\"name\":[{\"use\":\"usual\",\"family\":\"TESTER\",\"given\":[\"Robin\"]}],"
                          "\"gender\":\"female\",\"birthDate\":\"2016-04-01\","
                          "\"address\":[{\"use\":\"home\",\"postalCode\":\"ZZ99 3VZ\"}]}",
                          nhs_number, nhs_number);
}

static char *
repeated_entry (const char *nhs_number)
{
  return g_strdup_printf ("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
                          "{\"resource\":{\"resourceType\":\"CareTeam\",\"subject\":"
                          "{\"identifier\":{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\","
                          "\"value\":\"%s\"}},\"name\":\"" CPIS_FAKE_LA_NAME "\"},"
                          "\"search\":{\"mode\":\"match\"}}],\"entry\":[]}",
                          nhs_number);
}

static char *
include_only (const char *nhs_number)
{
  return g_strdup_printf ("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
                          "{\"resource\":{\"resourceType\":\"CareTeam\",\"subject\":"
                          "{\"identifier\":{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\","
                          "\"value\":\"%s\"}},\"name\":\"" CPIS_FAKE_LA_NAME "\"},"
                          "\"search\":{\"mode\":\"include\"}}]}",
                          nhs_number);
}

static char *
many_plans (const char *nhs_number)
{
  GString *text = g_string_new ("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":10000,"
                                "\"entry\":[");

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (text, "%s{\"resource\":{\"resourceType\":\"CareTeam\",\"subject\":"
                            "{\"identifier\":{\"value\":\"%s\"}}},\"search\":{\"mode\":\"match\"}}",
                            i > 0 ? "," : "", nhs_number);
  g_string_append (text, "]}");

  return g_string_free (text, FALSE);
}

static void
respond_outcome (SoupServerMessage *msg,
                 guint              status,
                 const char        *code,
                 const char        *details_code)
{
  cpis_fake_hub_respond_outcome (msg, status, code, details_code, "diagnostics");
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body,
         gsize              length)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, length);
}

/* Dripping: the answer a byte at a time */

typedef struct
{
  CpisFakeHub       *fake;
  SoupServerMessage *msg;
  char              *body;
  gsize              sent;
  guint              source;
} Drip;

static void
drip_free (Drip *drip)
{
  g_clear_handle_id (&drip->source, g_source_remove);
  g_clear_object (&drip->msg);
  g_free (drip->body);
  g_free (drip);
}

static gboolean
drip_cb (gpointer user_data)
{
  Drip *drip = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (drip->msg);

  soup_message_body_append (body, SOUP_MEMORY_COPY, drip->body + drip->sent, 1);
  drip->sent++;
  if (drip->body[drip->sent] == '\0')
    {
      soup_message_body_complete (body);
      drip->fake->drips_finished++;
      drip->source = 0;
      soup_server_message_unpause (drip->msg);
      return G_SOURCE_REMOVE;
    }

  soup_server_message_unpause (drip->msg);
  return G_SOURCE_CONTINUE;
}

static void
drip_finished_cb (SoupServerMessage *msg,
                  Drip              *drip)
{
  g_clear_handle_id (&drip->source, g_source_remove);
}

static void
respond_drip (CpisFakeHub       *fake,
              SoupServerMessage *msg,
              char              *good)
{
  Drip *drip = g_new0 (Drip, 1);

  drip->fake = fake;
  drip->msg = g_object_ref (msg);
  drip->body = good;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/fhir+json", NULL);
  drip->source = g_timeout_add (fake->drip_interval_ms > 0 ? fake->drip_interval_ms : 200,
                                drip_cb, drip);
  g_signal_connect (msg, "finished", G_CALLBACK (drip_finished_cb), drip);
  g_signal_connect (msg, "disconnected", G_CALLBACK (drip_finished_cb), drip);
  g_object_set_data_full (G_OBJECT (msg), "cpis-fake-drip", drip, (GDestroyNotify) drip_free);
}

/* Streaming 2 GB */

static void
huge_chunk_written_cb (SoupServerMessage *msg,
                       CpisFakeHub       *fake)
{
  static char chunk[HUGE_CHUNK_BYTES];
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  guint64 *sent = g_object_get_data (G_OBJECT (msg), "cpis-fake-sent");

  if (chunk[0] == '\0')
    {
      memset (chunk, ' ', sizeof chunk);
      chunk[0] = '[';
    }

  if (*sent >= HUGE_BYTES)
    {
      soup_message_body_complete (body);
      return;
    }

  soup_message_body_append (body, SOUP_MEMORY_STATIC, chunk, sizeof chunk);
  *sent += sizeof chunk;
  fake->bytes_streamed += sizeof chunk;
}

static void
respond_huge (CpisFakeHub       *fake,
              SoupServerMessage *msg)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/fhir+json", NULL);
  g_object_set_data_full (G_OBJECT (msg), "cpis-fake-sent", g_new0 (guint64, 1), g_free);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (huge_chunk_written_cb), fake);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (huge_chunk_written_cb), fake);
}

/* 256 MB of spaces, gzipped once per process */
static GBytes *
gzip_bomb (void)
{
  static GBytes *bomb;

  if (bomb == NULL)
    {
      g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
      g_autoptr(GByteArray) out = g_byte_array_new ();
      g_autofree char *spaces = g_malloc (HUGE_CHUNK_BYTES);
      char buffer[65536];
      gsize fed = 0;

      memset (spaces, ' ', HUGE_CHUNK_BYTES);
      spaces[0] = '{';
      for (;;)
        {
          gsize chunk = MIN ((gsize) HUGE_CHUNK_BYTES, BOMB_BYTES - fed);
          GConverterFlags flags = chunk == 0 ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS;
          gsize read = 0, written = 0;
          GConverterResult result;
          g_autoptr(GError) error = NULL;

          result = g_converter_convert (G_CONVERTER (compressor), spaces, chunk, buffer,
                                        sizeof buffer, flags, &read, &written, &error);
          g_assert_no_error (error);
          g_byte_array_append (out, (guint8 *) buffer, written);
          fed += read;
          if (result == G_CONVERTER_FINISHED)
            break;
        }
      bomb = g_byte_array_free_to_bytes (g_steal_pointer (&out));
    }

  return bomb;
}

static void
respond_gzip_bomb (SoupServerMessage *msg)
{
  GBytes *bomb = gzip_bomb ();
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Encoding", "gzip");
  soup_server_message_set_response (msg, "application/fhir+json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bomb, NULL), g_bytes_get_size (bomb));
}

/* Answers @msg as @mode says; @good is the body of a good answer (taken) */
static void
answer (CpisFakeHub       *fake,
        SoupServerMessage *msg,
        CpisFakeMode       mode,
        char              *good,
        const char        *nhs_number)
{
  g_autofree char *body = good;
  g_autofree char *text = NULL;

  switch (mode)
    {
    case CPIS_FAKE_OK:
      respond (msg, SOUP_STATUS_OK, "application/fhir+json", body, strlen (body));
      break;

    case CPIS_FAKE_NO_RECORD:
      text = empty_bundle (fake->base_url);
      respond (msg, SOUP_STATUS_OK, "application/fhir+json", text, strlen (text));
      break;

    case CPIS_FAKE_500:
      respond (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/plain", "Internal error", 14);
      break;

    case CPIS_FAKE_503:
      respond_outcome (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "transient", "SERVICE_UNAVAILABLE");
      break;

    case CPIS_FAKE_HTML:
      text = g_strdup ("<html><body>Proxy sign-in</body></html>");
      respond (msg, SOUP_STATUS_OK, "text/html", text, strlen (text));
      break;

    case CPIS_FAKE_TRUNCATED:
      respond (msg, SOUP_STATUS_OK, "application/fhir+json", body, strlen (body) / 2);
      break;

    case CPIS_FAKE_NOT_FHIR:
      text = g_strdup ("{\"resourceType\":\"Practitioner\",\"id\":\"x\"}");
      respond (msg, SOUP_STATUS_OK, "application/fhir+json", text, strlen (text));
      break;

    case CPIS_FAKE_EMPTY:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      break;

    case CPIS_FAKE_400:
      respond_outcome (msg, SOUP_STATUS_BAD_REQUEST, "invalid", "INVALID_SEARCH_DATA");
      break;

    case CPIS_FAKE_401:
      respond_outcome (msg, SOUP_STATUS_UNAUTHORIZED, "login", "UNAUTHORISED");
      break;

    case CPIS_FAKE_403:
      respond_outcome (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "ACCESS_DENIED");
      break;

    case CPIS_FAKE_404:
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      break;

    case CPIS_FAKE_NOT_FOUND:
      respond_outcome (msg, SOUP_STATUS_NOT_FOUND, "not-found", "RESOURCE_NOT_FOUND");
      break;

    case CPIS_FAKE_SILENT:
      soup_server_message_pause (msg);
      g_object_set_data_full (G_OBJECT (msg), "cpis-fake-nhs-number", g_strdup (nhs_number),
                              g_free);
      g_object_set_data_full (G_OBJECT (msg), "cpis-fake-path",
                              g_strdup (g_uri_get_path (soup_server_message_get_uri (msg))),
                              g_free);
      g_ptr_array_add (fake->paused, g_object_ref (msg));
      break;

    case CPIS_FAKE_OTHER_CHILD:
      text = care_team_bundle ("9999999999", fake->base_url);
      respond (msg, SOUP_STATUS_OK, "application/fhir+json", text, strlen (text));
      break;

    case CPIS_FAKE_REDIRECT:
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, fake->redirect_to);
      break;

    case CPIS_FAKE_REPEATED_ENTRY:
      text = repeated_entry (nhs_number);
      respond (msg, SOUP_STATUS_OK, "application/fhir+json", text, strlen (text));
      break;

    case CPIS_FAKE_INCLUDE_ONLY:
      text = include_only (nhs_number);
      respond (msg, SOUP_STATUS_OK, "application/fhir+json", text, strlen (text));
      break;

    case CPIS_FAKE_NO_RECORD_HTML:
      text = empty_bundle (fake->base_url);
      respond (msg, SOUP_STATUS_OK, "text/html", text, strlen (text));
      break;

    case CPIS_FAKE_DRIP:
      respond_drip (fake, msg, g_steal_pointer (&body));
      break;

    case CPIS_FAKE_HUGE:
      respond_huge (fake, msg);
      break;

    case CPIS_FAKE_HUGE_LENGTH:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_length (soup_server_message_get_response_headers (msg),
                                               (goffset) HUGE_BYTES);
      soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                             "application/fhir+json", NULL);
      break;

    case CPIS_FAKE_GZIP_BOMB:
      respond_gzip_bomb (msg);
      break;

    case CPIS_FAKE_MANY_PLANS:
      text = many_plans (nhs_number);
      respond (msg, SOUP_STATUS_OK, "application/fhir+json", text, strlen (text));
      break;

    default:
      g_assert_not_reached ();
    }
}

/* The NHS number a search or read asks about */
static char *
asked_number (const char *path,
              const char *query)
{
  g_autoptr(GHashTable) params = NULL;
  const char *identifier;
  const char *bar;

  if (g_str_has_prefix (path, "/personal-demographics/FHIR/R4/Patient/"))
    return g_strdup (path + strlen ("/personal-demographics/FHIR/R4/Patient/"));

  params = query != NULL ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
  identifier = params != NULL ? g_hash_table_lookup (params, "patient:identifier") : NULL;
  bar = identifier != NULL ? strchr (identifier, '|') : NULL;

  return g_strdup (bar != NULL ? bar + 1 : "");
}

static void
request_free (CpisFakeRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_free (request->body);
  soup_message_headers_unref (request->headers);
  g_free (request);
}

static void
answer_path (CpisFakeHub       *fake,
             SoupServerMessage *msg,
             const char        *path,
             const char        *nhs_number,
             CpisFakeMode       mode_override,
             gboolean           overridden)
{
  if (g_str_equal (path, "/oauth2/token"))
    answer (fake, msg, overridden ? mode_override : fake->token_mode,
            g_strdup ("{\"access_token\":\"fake-token\",\"token_type\":\"Bearer\","
                      "\"expires_in\":3600}"), nhs_number);
  else if (g_str_equal (path, "/oauth2/userinfo"))
    answer (fake, msg, overridden ? mode_override : fake->userinfo_mode,
            g_strdup ("{\"sub\":\"pr-1\",\"preferred_username\":\"fake\","
                      "\"name\":\"Fake Nurse\",\"cpis_role\":\"clinician\","
                      "\"organisation\":{\"ods_code\":\"RX001\",\"name\":\"" CPIS_FAKE_ED_NAME "\","
                      "\"kind\":\"unscheduled-care\"}}"), nhs_number);
  else if (g_str_equal (path, "/oauth2/revoke"))
    answer (fake, msg, CPIS_FAKE_OK, g_strdup ("{}"), nhs_number);
  else if (g_str_equal (path, "/cpis/FHIR/R4/CareTeam"))
    answer (fake, msg, overridden ? mode_override : fake->care_team_mode,
            care_team_bundle (nhs_number, fake->base_url), nhs_number);
  else if (g_str_equal (path, "/cpis/FHIR/R4/AuditEvent"))
    answer (fake, msg, overridden ? mode_override : fake->audit_event_mode,
            audit_event_bundle (fake->base_url), nhs_number);
  else if (g_str_has_prefix (path, "/personal-demographics/FHIR/R4/Patient/"))
    answer (fake, msg, overridden ? mode_override : fake->patient_mode, patient (nhs_number),
            nhs_number);
  else if (g_str_equal (path, "/cpis/FHIR/R4/Task") || g_str_has_prefix (path, "/cpis/FHIR/R4/Task/") ||
           g_str_has_prefix (path, "/cpis/FHIR/R4/Subscription") || g_str_has_prefix (path, "/cpis/FHIR/R4/Measure"))
    {
      CpisFakeMode mode = overridden ? mode_override : fake->task_mode;

      if (mode == CPIS_FAKE_OK && fake->task_func != NULL)
        fake->task_func (fake, msg, g_ptr_array_index (fake->requests, fake->requests->len - 1),
                         fake->task_data);
      else if (mode == CPIS_FAKE_OK)
        answer (fake, msg, CPIS_FAKE_404, NULL, nhs_number);
      else
        answer (fake, msg, mode,
                g_strdup ("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}"),
                nhs_number);
    }
  else
    answer (fake, msg, CPIS_FAKE_404, NULL, nhs_number);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  CpisFakeHub *fake = user_data;
  CpisFakeRequest *request = g_new0 (CpisFakeRequest, 1);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autofree char *nhs_number = asked_number (path, raw_query);

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->query = g_strdup (raw_query);
  request->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  request->headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  g_ptr_array_add (fake->requests, request);

  answer_path (fake, msg, path, nhs_number, CPIS_FAKE_OK, FALSE);
}

/* Public API */

void
cpis_fake_hub_respond (SoupServerMessage *msg,
                       guint              status,
                       const char        *content_type,
                       const char        *body,
                       const char        *etag)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
  if (etag != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
}

void
cpis_fake_hub_respond_outcome (SoupServerMessage *msg,
                               guint              status,
                               const char        *code,
                               const char        *details_code,
                               const char        *diagnostics)
{
  g_autoptr(CpisOperationOutcome) outcome =
    cpis_operation_outcome_new ("error", code, details_code, NULL, diagnostics);
  char *json = cpis_fhir_encode_operation_outcome (outcome, "fake-outcome");

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/fhir+json", SOUP_MEMORY_TAKE,
                                    json, strlen (json));
}

CpisFakeHub *
cpis_fake_hub_new (void)
{
  CpisFakeHub *fake = g_new0 (CpisFakeHub, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  fake->paused = g_ptr_array_new_with_free_func (g_object_unref);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, handler, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fake->server);
  g_assert_nonnull (uris);
  fake->origin = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  fake->base_url = g_strconcat (fake->origin, "/cpis/FHIR/R4", NULL);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return fake;
}

void
cpis_fake_hub_free (CpisFakeHub *fake)
{
  for (guint i = 0; i < fake->paused->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (fake->paused, i);

      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (msg);
    }
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_ptr_array_unref (fake->paused);
  g_ptr_array_unref (fake->requests);
  g_free (fake->origin);
  g_free (fake->base_url);
  g_free (fake->redirect_to);
  g_free (fake);
}

static gboolean
wait_limit_cb (gpointer data)
{
  g_error ("Waited more than %d seconds for the fake hub", WAIT_LIMIT_SECONDS);
  return G_SOURCE_REMOVE;
}

CpisHubClient *
cpis_fake_hub_sign_in (CpisFakeHub *fake)
{
  return cpis_test_client_signed_in (fake->base_url, "fake", "fake-password");
}

void
cpis_fake_hub_wait_for_paused (CpisFakeHub *fake,
                               guint        n)
{
  guint limit = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_cb, NULL);

  while (fake->paused->len < n)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (limit);
}

void
cpis_fake_hub_release (CpisFakeHub  *fake,
                       CpisFakeMode  mode)
{
  g_autoptr(GPtrArray) held = g_steal_pointer (&fake->paused);

  fake->paused = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < held->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (held, i);

      answer_path (fake, msg, g_object_get_data (G_OBJECT (msg), "cpis-fake-path"),
                   g_object_get_data (G_OBJECT (msg), "cpis-fake-nhs-number"), mode, TRUE);
      soup_server_message_unpause (msg);
    }
}

GPtrArray *
cpis_fake_hub_requests_under (CpisFakeHub *fake,
                              const char  *prefix)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < fake->requests->len; i++)
    {
      CpisFakeRequest *request = g_ptr_array_index (fake->requests, i);

      if (g_str_has_prefix (request->path, prefix))
        g_ptr_array_add (found, request);
    }

  return found;
}
