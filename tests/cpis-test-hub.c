/* cpis-test-hub.c */
#include "cpis-test-hub.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cpis-hub-auth.h"
#include "cpis-hub-push-private.h"
#include "cpis-hub-server-private.h"
#include "cpis-hub-server-thread.h"
#include "cpis-nhs-number.h"
#include "cpis-plan-type.h"
#include "cpis-test-util.h"

struct _CpisTestHub
{
  char                *dir;
  char                *db_path;
  CpisHubStore        *store;
  CpisHubServerThread *server;   /* the hub, in a thread of its own; NULL while stopped */
  char                *base_url;
  char                *origin;
  guint16              port;

  GMutex               mutex;
  gint64               now_usec; /* under @mutex; 0 means the real clock */
  GPtrArray           *requests; /* under @mutex: "GET /path", while recorded */
  SoupSession         *session;
};

static gint64
test_clock (gpointer user_data)
{
  CpisTestHub *hub = user_data;
  gint64 now;

  g_mutex_lock (&hub->mutex);
  now = hub->now_usec;
  g_mutex_unlock (&hub->mutex);

  return now != 0 ? now : g_get_real_time ();
}

CpisTestHub *
cpis_test_hub_new (void)
{
  CpisTestHub *hub = g_new0 (CpisTestHub, 1);
  g_autoptr(GError) error = NULL;

  hub->dir = g_dir_make_tmp ("cpis-test-hub-XXXXXX", &error);
  g_assert_no_error (error);
  hub->db_path = g_build_filename (hub->dir, "hub.db", NULL);
  hub->store = cpis_hub_store_open (hub->db_path, &error);
  g_assert_no_error (error);

  g_mutex_init (&hub->mutex);
  hub->server = cpis_hub_server_thread_start (hub->store, "test-hub", test_clock, hub, &error);
  g_assert_no_error (error);
  hub->base_url = g_strdup (cpis_hub_server_thread_get_base_url (hub->server));
  hub->origin = g_strdup (cpis_hub_server_thread_get_origin (hub->server));
  {
    g_autoptr(GUri) uri = g_uri_parse (hub->origin, G_URI_FLAGS_NONE, NULL);

    g_assert_nonnull (uri);
    hub->port = (guint16) g_uri_get_port (uri);
  }

  hub->session = soup_session_new_with_options ("timeout", 60,
                                                "max-conns", 512,
                                                "max-conns-per-host", 512,
                                                NULL);
  return hub;
}

void
cpis_test_hub_free (CpisTestHub *hub)
{
  g_clear_object (&hub->session);

  g_clear_pointer (&hub->server, cpis_hub_server_thread_stop);

  cpis_hub_store_close (hub->store);
  g_clear_object (&hub->store);
  g_mutex_clear (&hub->mutex);
  g_clear_pointer (&hub->requests, g_ptr_array_unref);

  g_assert_true (cpis_test_remove_tree (hub->dir));
  g_free (hub->dir);
  g_free (hub->db_path);
  g_free (hub->base_url);
  g_free (hub->origin);
  g_free (hub);
}

CpisHubStore *
cpis_test_hub_get_store (CpisTestHub *hub)
{
  return hub->store;
}

const char *
cpis_test_hub_get_base_url (CpisTestHub *hub)
{
  return hub->base_url;
}

const char *
cpis_test_hub_get_origin (CpisTestHub *hub)
{
  return hub->origin;
}

CpisHubPush *
cpis_test_hub_get_push (CpisTestHub *hub)
{
  CpisHubPush *push;

  g_assert_nonnull (hub->server);
  push = _cpis_hub_server_get_push (cpis_hub_server_thread_get_server (hub->server));
  g_assert_nonnull (push);
  return push;
}

void
cpis_test_hub_stop_server (CpisTestHub *hub)
{
  g_assert_nonnull (hub->server);
  g_clear_pointer (&hub->server, cpis_hub_server_thread_stop);
}

/* In the server's thread */
static void
request_read_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 CpisTestHub       *hub)
{
  char *line = g_strdup_printf ("%s %s", soup_server_message_get_method (msg),
                                g_uri_get_path (soup_server_message_get_uri (msg)));

  g_mutex_lock (&hub->mutex);
  g_ptr_array_add (hub->requests, line);
  g_mutex_unlock (&hub->mutex);
}

void
cpis_test_hub_record_requests (CpisTestHub *hub)
{
  g_assert_nonnull (hub->server);
  g_mutex_lock (&hub->mutex);
  if (hub->requests == NULL)
    hub->requests = g_ptr_array_new_with_free_func (g_free);
  g_mutex_unlock (&hub->mutex);
  g_signal_connect (_cpis_hub_server_get_soup_server (cpis_hub_server_thread_get_server (hub->server)),
                    "request-read", G_CALLBACK (request_read_cb), hub);
}

GStrv
cpis_test_hub_take_requests (CpisTestHub *hub)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv requests;

  g_mutex_lock (&hub->mutex);
  g_assert_nonnull (hub->requests);
  for (guint i = 0; i < hub->requests->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (hub->requests, i));
  g_ptr_array_set_size (hub->requests, 0);
  g_mutex_unlock (&hub->mutex);
  requests = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return requests;
}

void
cpis_test_hub_restart_server (CpisTestHub *hub)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (hub->server);
  hub->server = cpis_hub_server_thread_start_on_port (hub->store, "test-hub", hub->port,
                                                      test_clock, hub, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cpis_hub_server_thread_get_base_url (hub->server), ==, hub->base_url);
}

void
cpis_test_hub_record_check (CpisTestHub *hub,
                            const char  *nhs_number,
                            const char  *username,
                            const char  *la_ods_code)
{
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(CpisHubOrganisation) la = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  user = cpis_hub_store_find_user (hub->store, username, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  la = cpis_hub_store_find_organisation (hub->store, la_ods_code, &error);
  g_assert_no_error (error);
  g_assert_nonnull (la);

  id = cpis_hub_store_record_access (hub->store, nhs_number, user->id, test_clock (hub), &la->id,
                                     1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
}

const char *
cpis_test_hub_get_db_path (CpisTestHub *hub)
{
  return hub->db_path;
}

void
cpis_test_hub_set_today (CpisTestHub *hub,
                         const char  *date)
{
  g_autoptr(GDateTime) noon = NULL;
  int year, month, day;
  gint64 now = 0;

  if (date != NULL)
    {
      g_assert_cmpint (sscanf (date, "%d-%d-%d", &year, &month, &day), ==, 3);
      noon = cpis_test_uk_time (year, month, day, 12, 0, 0);
      g_assert_nonnull (noon);
      now = g_date_time_to_unix (noon) * G_USEC_PER_SEC;
    }

  g_mutex_lock (&hub->mutex);
  hub->now_usec = now;
  g_mutex_unlock (&hub->mutex);
}

void
cpis_test_hub_advance (CpisTestHub *hub,
                       gint64       seconds)
{
  g_mutex_lock (&hub->mutex);
  g_assert_cmpint (hub->now_usec, !=, 0);
  hub->now_usec += seconds * G_USEC_PER_SEC;
  g_mutex_unlock (&hub->mutex);
}

void
cpis_test_hub_add_org (CpisTestHub *hub,
                       const char  *ods_code,
                       const char  *name,
                       const char  *kind,
                       const char  *area)
{
  CpisHubOrganisation org = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *office = g_strdup_printf ("020 7946 0%03u", g_str_hash (ods_code) % 1000);
  g_autofree char *emergency = g_strdup_printf ("07700 900%03u", g_str_hash (name) % 1000);

  org.ods_code = (char *) ods_code;
  org.name = (char *) name;
  g_assert_true (cpis_hub_org_kind_from_string (kind, &org.kind));
  if (org.kind == CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY)
    {
      org.phone_office = office;
      org.phone_emergency = emergency;
    }
  org.area = (char *) area;

  g_assert_true (cpis_hub_store_put_organisation (hub->store, &org, &error));
  g_assert_no_error (error);
}

void
cpis_test_hub_give_both_care_settings (CpisTestHub *hub,
                                       const char  *ods_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubOrganisation) org = cpis_hub_store_find_organisation (hub->store, ods_code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (org);
  org->both_care_settings = TRUE;
  g_assert_true (cpis_hub_store_put_organisation (hub->store, org, &error));
  g_assert_no_error (error);
}

void
cpis_test_hub_add_user (CpisTestHub *hub,
                        const char  *username,
                        const char  *password,
                        const char  *role,
                        const char  *ods_code)
{
  g_autoptr(CpisHubUser) user = g_new0 (CpisHubUser, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = cpis_hub_auth_hash_password (password, &error);

  g_assert_no_error (error);
  user->username = g_strdup (username);
  g_assert_true (cpis_role_from_string (role, &user->role));
  user->full_name = g_strdup_printf ("Test %s", username);
  user->job_role_code = g_strdup ("158992006");
  user->job_role_display = g_strdup ("Midwifery sister");
  user->organisation = g_new0 (CpisHubOrganisation, 1);
  user->organisation->ods_code = g_strdup (ods_code);

  g_assert_true (cpis_hub_store_add_user (hub->store, user, hash, &error));
  g_assert_no_error (error);
}

void
cpis_test_hub_add_access (CpisTestHub *hub,
                          const char  *nhs_number,
                          const char  *username,
                          gint64       recorded_usec)
{
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  user = cpis_hub_store_find_user (hub->store, username, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);

  id = cpis_hub_store_record_access (hub->store, nhs_number, user->id, recorded_usec, NULL, 0,
                                     &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
}

void
cpis_test_hub_add_named_plan (CpisTestHub *hub,
                              const char  *nhs_number,
                              const char  *plan_type,
                              const char  *start_date,
                              const char  *end_date,
                              const char  *due_date,
                              const char  *la_ods_code,
                              const char  *subject_name,
                              const char  *birth_date)
{
  g_autoptr(CpisHubPlan) plan = g_new0 (CpisHubPlan, 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (cpis_nhs_number_is_valid (nhs_number));
  plan->nhs_number = g_strdup (nhs_number);
  plan->plan_type = cpis_plan_type_from_short_code (plan_type);
  g_assert_cmpint (plan->plan_type, !=, CPIS_PLAN_TYPE_UNRECOGNISED);
  plan->start_date = g_strdup (start_date);
  plan->end_date = g_strdup (end_date);
  plan->due_date = g_strdup (due_date);
  plan->subject_name = g_strdup (subject_name);
  plan->date_of_birth = g_strdup (birth_date);
  plan->la = cpis_hub_store_find_organisation (hub->store, la_ods_code, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan->la);

  g_assert_true (cpis_hub_store_put_plan (hub->store, plan, &error));
  g_assert_no_error (error);
}

void
cpis_test_hub_add_plan (CpisTestHub *hub,
                        const char  *nhs_number,
                        const char  *plan_type,
                        const char  *start_date,
                        const char  *end_date,
                        const char  *due_date,
                        const char  *la_ods_code)
{
  cpis_test_hub_add_named_plan (hub, nhs_number, plan_type, start_date, end_date, due_date,
                                la_ods_code, "Alex TESTER", "2015-06-01");
}

void
cpis_test_hub_add_patient (CpisTestHub *hub,
                           const char  *nhs_number,
                           const char  *family_name,
                           const char  *given_name,
                           const char  *birth_date,
                           const char  *gender,
                           const char  *postcode,
                           gboolean     restricted,
                           const char  *superseded_by)
{
  CpisHubPatient patient = {
    .nhs_number = (char *) nhs_number,
    .family_name = (char *) family_name,
    .given_name = (char *) given_name,
    .date_of_birth = (char *) birth_date,
    .gender = (char *) gender,
    .postcode = (char *) postcode,
    .restricted = restricted,
    .superseded_by = (char *) superseded_by,
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (cpis_nhs_number_is_valid (nhs_number));
  g_assert_true (cpis_hub_store_put_patient (hub->store, &patient, &error));
  g_assert_no_error (error);
}

/* A request for @url; extra request headers in @headers as name, value pairs
 * ended by NULL */
static SoupMessage *
new_message (const char *method,
             const char *url,
             const char *token,
             const char *content_type,
             const char *body,
             va_list     headers)
{
  /* encoded and relaxed, so that tests can send what a hostile client would */
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  SoupMessage *msg;
  SoupMessageHeaders *request_headers;
  const char *name;

  g_assert_nonnull (uri);
  msg = soup_message_new_from_uri (method, uri);
  request_headers = soup_message_get_request_headers (msg);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (request_headers, "Authorization", authorization);
    }

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  while ((name = va_arg (headers, const char *)) != NULL)
    soup_message_headers_replace (request_headers, name, va_arg (headers, const char *));

  return msg;
}

CpisTestResponse *
cpis_test_hub_request (CpisTestHub *hub,
                       const char  *method,
                       const char  *path,
                       const char  *token,
                       const char  *content_type,
                       const char  *body,
                       ...)
{
  g_autofree char *url = g_strconcat (cpis_test_hub_get_origin (hub), path, NULL);
  CpisTestResponse *response = g_new0 (CpisTestResponse, 1);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, body);
  msg = new_message (method, url, token, content_type, body, args);
  va_end (args);

  response->body = soup_session_send_and_read (hub->session, msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return response;
}

typedef struct
{
  CpisTestResponse *response;
  CpisTestResponse *done;       /* set once the answer is in */
} Exchange;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Exchange *exchange = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  exchange->response->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                                &exchange->response->error);
  exchange->response->status = soup_message_get_status (msg);
  exchange->response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  exchange->done = exchange->response;
}

CpisTestResponse *
cpis_test_http_request (SoupSession *session,
                        const char  *method,
                        const char  *url,
                        const char  *token,
                        const char  *form,
                        ...)
{
  g_autoptr(SoupMessage) msg = NULL;
  Exchange exchange = { g_new0 (CpisTestResponse, 1), NULL };
  va_list args;

  va_start (args, form);
  msg = new_message (method, url, token, "application/x-www-form-urlencoded", form, args);
  va_end (args);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &exchange);
  cpis_test_wait_for_pointer ((gpointer *) &exchange.done);

  return exchange.response;
}

/* The bearer token of a 200 answer from /oauth2/token */
static char *
token_of (CpisTestResponse *response)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "token_type"), ==, "Bearer");
  g_assert_cmpint (json_object_get_int_member (object, "expires_in"), >, 0);
  g_assert_nonnull (json_object_get_string_member (object, "access_token"));

  return g_strdup (json_object_get_string_member (object, "access_token"));
}

char *
cpis_test_http_sign_in (SoupSession *session,
                        const char  *origin,
                        const char  *username,
                        const char  *password)
{
  g_autofree char *url = g_strconcat (origin, "/oauth2/token", NULL);
  g_autofree char *form = soup_form_encode ("grant_type", "password", "username", username,
                                            "password", password, NULL);
  g_autoptr(CpisTestResponse) response = NULL;

  response = cpis_test_http_request (session, "POST", url, NULL, form, NULL);
  g_assert_no_error (response->error);
  if (response->status != 200)
    {
      cpis_test_assert_outcome (response, 400, "INVALID_GRANT");
      return NULL;
    }

  return token_of (response);
}

CpisTestResponse *
cpis_test_hub_search (CpisTestHub *hub,
                      const char  *token,
                      const char  *resource,
                      const char  *nhs_number,
                      const char  *unscheduled)
{
  g_autofree char *path = g_strdup_printf ("/cpis/FHIR/R4/%s?patient:identifier="
                                           "https://fhir.nhs.uk/Id/nhs-number%%7C%s",
                                           resource, nhs_number);
  g_autofree char *trace_id = g_uuid_string_random ();

  if (unscheduled != NULL)
    return cpis_test_hub_request (hub, "GET", path, token, NULL, NULL,
                                  "TraceID", trace_id,
                                  "IsUnscheduledAccessEvent", unscheduled, NULL);

  return cpis_test_hub_request (hub, "GET", path, token, NULL, NULL, "TraceID", trace_id, NULL);
}

CpisHubStore *
cpis_test_store_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  CpisHubStore *store = cpis_hub_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

gint64
cpis_test_store_count_accesses (CpisHubStore *store,
                                const char   *nhs_number)
{
  g_autoptr(GError) error = NULL;
  gint64 count = cpis_hub_store_count_accesses (store, nhs_number, &error);

  g_assert_no_error (error);
  return count;
}

gint64
cpis_test_store_count_notifications (CpisHubStore *store,
                                     const char   *la_ods_code)
{
  g_autoptr(GError) error = NULL;
  gint64 count = cpis_hub_store_count_notifications (store, la_ods_code, &error);

  g_assert_no_error (error);
  return count;
}

gint64
cpis_test_hub_count_accesses (CpisTestHub *hub,
                              const char  *nhs_number)
{
  return cpis_test_store_count_accesses (hub->store, nhs_number);
}

gint64
cpis_test_hub_count_notifications (CpisTestHub *hub,
                                   const char  *la_ods_code)
{
  return cpis_test_store_count_notifications (hub->store, la_ods_code);
}

char *
cpis_test_hub_sign_in (CpisTestHub *hub,
                       const char  *username,
                       const char  *password)
{
  g_autofree char *form = soup_form_encode ("grant_type", "password",
                                            "username", username,
                                            "password", password, NULL);
  g_autoptr(CpisTestResponse) response = NULL;

  response = cpis_test_hub_request (hub, "POST", "/oauth2/token", NULL,
                                    "application/x-www-form-urlencoded", form, NULL);
  return token_of (response);
}

CpisHubClient *
cpis_test_hub_sign_in_client (CpisTestHub *hub,
                              const char  *username,
                              const char  *password)
{
  return cpis_test_client_signed_in (cpis_test_hub_get_base_url (hub), username, password);
}

void
cpis_test_response_free (CpisTestResponse *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_error (&response->error);
  g_free (response);
}

char *
cpis_test_response_text (CpisTestResponse *response)
{
  gsize length;
  const char *data = g_bytes_get_data (response->body, &length);

  return g_strndup (data, length);
}

JsonNode *
cpis_test_response_json (CpisTestResponse *response)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (response->body, &length);

  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));

  return json_node_copy (json_parser_get_root (parser));
}

void
cpis_test_assert_outcome (CpisTestResponse *response,
                          guint             status,
                          const char       *details_code)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object, *issue, *coding;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/fhir+json");

  root = cpis_test_response_json (response);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "resourceType"), ==, "OperationOutcome");
  issue = json_array_get_object_element (json_object_get_array_member (object, "issue"), 0);
  g_assert_cmpstr (json_object_get_string_member (issue, "severity"), ==, "error");
  coding = json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (issue, "details"), "coding"), 0);
  g_assert_cmpstr (json_object_get_string_member (coding, "code"), ==, details_code);
}

GSocketConnection *
cpis_test_hub_send_raw (CpisTestHub *hub,
                        const char  *request)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GUri) origin = g_uri_parse (cpis_test_hub_get_origin (hub), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_to_host (client, g_uri_get_host (origin),
                                                g_uri_get_port (origin), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&connection);
}

char *
cpis_test_hub_raw_request (CpisTestHub *hub,
                           const char  *request,
                           gsize        length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GUri) origin = g_uri_parse (cpis_test_hub_get_origin (hub), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  GOutputStream *output;
  GInputStream *input;
  guint8 buffer[4096];
  gssize n;

  g_socket_client_set_timeout (client, 30);
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (origin),
                                                g_uri_get_port (origin), NULL, &error);
  g_assert_no_error (error);

  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  /* the hub may answer and close before it has read everything: that is fine */
  g_output_stream_write_all (output, request, length, NULL, NULL, NULL);
  g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, NULL);

  while ((n = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_byte_array_append (reply, buffer, n);

  g_byte_array_append (reply, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&reply), FALSE);
}
