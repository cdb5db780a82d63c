/* test-hub-push.c: live push of new notifications to social workers
 *
 * The real hub in-process (cpis-test-hub.h), real HTTP and real websockets
 * over loopback, as docs/api.md's "Subscriptions and the websocket" has it:
 * Subscriptions (who may make, read and delete which, bodies refused), the
 * binding token and the websocket (handshake, heartbeat, an event within a
 * second of a clinician's check, to the right LA only), event numbers that
 * persist (a missed event seen as a jump, and fetched with $events after a
 * reconnect), a socket closed when its sign-in is revoked or expires, bad
 * binding tokens refused, and hostile clients (huge frames, a message in
 * endless fragments, garbage) that do not hurt the hub.
 *
 * NHS numbers are synthetic (999 range, valid check digits).
 */
#include <string.h>

#include <sqlite3.h>

#include "cpis-hub-push.h"
#include "cpis-hub-store-private.h"
#include "cpis-hub-subscription-json.h"
#include "cpis-test-hub.h"
#include "cpis-test-util.h"

#define CHILD_LA1   "9997654323"   /* a plan of LA1 */
#define CHILD_LA2   "9990000050"   /* a plan of LA2 */
#define CHILD_BOTH  "9998887771"   /* plans of both */

#define PASSWORD "correct horse battery"
#define TODAY    "2025-06-15"

#define BASE "/cpis/FHIR/R4"
#define NEW_TOPIC     CPIS_HUB_TOPIC_URL_PREFIX "new-notification"
#define CHANGED_TOPIC CPIS_HUB_TOPIC_URL_PREFIX "notification-changed"

/* A push arrives well within this; a failure, not a measurement */
#define PUSH_DEADLINE_SECONDS 5
/* How long a test waits to be sure nothing comes */
#define QUIET_SECONDS         1.0

typedef struct
{
  CpisTestHub *hub;
  SoupSession *session;  /* the test's own: HTTP and websockets on this thread */
  char        *sw;       /* tokens: a social worker of LA1, a colleague, one of LA2 */
  char        *sw2;
  char        *sw_la2;
  char        *nurse;
  char        *officer;
  char        *admin;
} Fixture;

/* ------------------------------------------------------------------------ */
/* HTTP */

static CpisTestResponse *
request (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *token,
         const char *content_type,
         const char *body)
{
  g_autofree char *url = g_strconcat (cpis_test_hub_get_origin (fixture->hub), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  CpisTestResponse *response;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  /* asynchronously, iterating this thread's context: the websockets go on */
  response = g_new0 (CpisTestResponse, 1);
  {
    GAsyncResult *result = NULL;

    soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL,
                                      cpis_test_store_result_cb, &result);
    cpis_test_wait_for_pointer ((gpointer *) &result);
    response->body = soup_session_send_and_read_finish (fixture->session, result,
                                                        &response->error);
    g_object_unref (result);
  }
  g_assert_no_error (response->error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return response;
}

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

/* An unscheduled check by the nurse: recorded, and notified to its LAs */
static void
check (Fixture    *fixture,
       const char *nhs_number)
{
  g_autofree char *url = g_strdup_printf ("%s" BASE "/CareTeam?patient:identifier="
                                          "https://fhir.nhs.uk/Id/nhs-number%%7C%s",
                                          cpis_test_hub_get_origin (fixture->hub), nhs_number);
  g_autoptr(CpisTestResponse) response = NULL;

  response = cpis_test_http_request (fixture->session, "GET", url, fixture->nurse, NULL,
                                     "IsUnscheduledAccessEvent", "true", NULL);
  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
}

static char *
subscription_body (const char *topic,
                   const char *payload,
                   guint       heartbeat)
{
  g_autofree char *heartbeat_extension = NULL;

  if (heartbeat > 0)
    heartbeat_extension = g_strdup_printf (
      "\"extension\": [{\"url\": \"" CPIS_HUB_BACKPORT_HEARTBEAT_PERIOD_URL "\","
      " \"valueUnsignedInt\": %u}],", heartbeat);

  return g_strdup_printf (
    "{\"resourceType\": \"Subscription\","
    " \"meta\": {\"profile\": [\"" CPIS_HUB_BACKPORT_SUBSCRIPTION_PROFILE "\"]},"
    " \"status\": \"requested\","
    " \"reason\": \"New notifications for the duty desk\","
    " \"criteria\": \"%s\","
    " \"channel\": {%s \"type\": \"websocket\", \"payload\": \"application/fhir+json\","
    "   \"_payload\": {\"extension\": [{\"url\": \"" CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL "\","
    "     \"valueCode\": \"%s\"}]}}}",
    topic, heartbeat_extension != NULL ? heartbeat_extension : "", payload);
}

/* POST [base]/Subscription as @token; the new id (asserts 201) */
static char *
subscribe (Fixture    *fixture,
           const char *token,
           const char *topic,
           const char *payload,
           guint       heartbeat)
{
  g_autofree char *body = subscription_body (topic, payload, heartbeat);
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *subscription;
  g_autofree char *location = NULL;

  response = request (fixture, "POST", BASE "/Subscription", token, "application/fhir+json", body);
  g_assert_cmpuint (response->status, ==, 201);
  root = cpis_test_response_json (response);
  subscription = object_of (root);
  g_assert_cmpstr (json_object_get_string_member (subscription, "resourceType"), ==, "Subscription");
  g_assert_cmpstr (json_object_get_string_member (subscription, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (subscription, "criteria"), ==, topic);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (subscription, "id")));

  location = g_strdup_printf ("%s/Subscription/%s", cpis_test_hub_get_base_url (fixture->hub),
                              json_object_get_string_member (subscription, "id"));
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Location"), ==, location);

  return g_strdup (json_object_get_string_member (subscription, "id"));
}

/* $get-ws-binding-token for @id as @token: the token, and in @url the
 * websocket's address */
static char *
binding_token (Fixture     *fixture,
               const char  *token,
               const char  *id,
               char       **url)
{
  g_autofree char *path = g_strdup_printf (BASE "/Subscription/%s/$get-ws-binding-token", id);
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *parameters;
  char *binding = NULL;

  response = request (fixture, "POST", path, token, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);
  g_assert_cmpstr (json_object_get_string_member (object_of (root), "resourceType"), ==,
                   "Parameters");
  parameters = json_object_get_array_member (object_of (root), "parameter");

  for (guint i = 0; i < json_array_get_length (parameters); i++)
    {
      JsonObject *parameter = json_array_get_object_element (parameters, i);
      const char *name = json_object_get_string_member (parameter, "name");

      if (g_str_equal (name, "token"))
        binding = g_strdup (json_object_get_string_member (parameter, "valueString"));
      else if (g_str_equal (name, "websocket-url") && url != NULL)
        *url = g_strdup (json_object_get_string_member (parameter, "valueUrl"));
      else if (g_str_equal (name, "subscription"))
        g_assert_cmpstr (json_object_get_string_member (parameter, "valueString"), ==, id);
    }

  g_assert_nonnull (binding);
  /* not the bearer token, and never in the URL */
  g_assert_cmpstr (binding, !=, token);
  return binding;
}

/* ------------------------------------------------------------------------ */
/* A websocket client */

typedef struct
{
  SoupWebsocketConnection *ws;
  GQueue                   messages;    /* JsonNode */
  gboolean                 closed;
  gushort                  close_code;
  char                    *close_reason;
  gint64                   last_message_usec;
} Client;

static void
client_message_cb (SoupWebsocketConnection *ws,
                   SoupWebsocketDataType    type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  Client *client = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (message, &length);

  client->last_message_usec = g_get_monotonic_time ();
  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  g_queue_push_tail (&client->messages, json_node_copy (json_parser_get_root (parser)));
}

static void
client_closed_cb (SoupWebsocketConnection *ws,
                  gpointer                 user_data)
{
  Client *client = user_data;

  client->closed = TRUE;
  client->close_code = soup_websocket_connection_get_close_code (ws);
  client->close_reason = g_strdup (soup_websocket_connection_get_close_data (ws));
}

static Client *
client_connect (Fixture    *fixture,
                const char *url)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  Client *client = g_new0 (Client, 1);

  g_assert_nonnull (msg);
  g_queue_init (&client->messages);
  soup_session_websocket_connect_async (fixture->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  client->ws = soup_session_websocket_connect_finish (fixture->session, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);

  g_signal_connect (client->ws, "message", G_CALLBACK (client_message_cb), client);
  g_signal_connect (client->ws, "closed", G_CALLBACK (client_closed_cb), client);
  return client;
}

static void
client_free (Client *client)
{
  g_signal_handlers_disconnect_by_data (client->ws, client);
  if (soup_websocket_connection_get_state (client->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&client->ws);
  g_queue_clear_full (&client->messages, (GDestroyNotify) json_node_unref);
  g_free (client->close_reason);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static void
client_send (Client     *client,
             const char *text)
{
  soup_websocket_connection_send_text (client->ws, text);
}

static void
client_bind (Client     *client,
             const char *token)
{
  g_autofree char *text = g_strdup_printf ("bind-with-token %s", token);

  client_send (client, text);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The next message, or NULL if none came within @seconds (or the socket closed) */
static JsonNode *
client_next (Client *client,
             double  seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add ((guint) (seconds * 1000), timeout_cb, &timed_out);

  while (g_queue_is_empty (&client->messages) && !timed_out && !client->closed)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return g_queue_pop_head (&client->messages);
}

/* Waits for the socket to close; FALSE if it did not within @seconds */
static gboolean
client_wait_closed (Client *client,
                    double  seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add ((guint) (seconds * 1000), timeout_cb, &timed_out);

  while (!client->closed && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return client->closed;
}

/* ------------------------------------------------------------------------ */
/* Reading notifications */

/* The Parameters of a notification Bundle (its first entry) */
static JsonObject *
status_of (JsonNode *bundle)
{
  JsonObject *object = object_of (bundle);
  JsonArray *entries;
  JsonObject *first, *resource;

  g_assert_cmpstr (json_object_get_string_member (object, "resourceType"), ==, "Bundle");
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "history");
  entries = json_object_get_array_member (object, "entry");
  g_assert_cmpuint (json_array_get_length (entries), >=, 1);
  first = json_array_get_object_element (entries, 0);
  resource = json_object_get_object_member (first, "resource");
  g_assert_cmpstr (json_object_get_string_member (resource, "resourceType"), ==, "Parameters");
  g_assert_true (json_object_has_member (first, "request"));
  g_assert_true (json_object_has_member (first, "response"));

  return resource;
}

/* The parameter @name of @status (the first), or NULL */
static JsonObject *
parameter (JsonObject *status,
           const char *name,
           guint       nth)
{
  JsonArray *parameters = json_object_get_array_member (status, "parameter");

  for (guint i = 0; i < json_array_get_length (parameters); i++)
    {
      JsonObject *item = json_array_get_object_element (parameters, i);

      if (g_str_equal (json_object_get_string_member (item, "name"), name) && nth-- == 0)
        return item;
    }

  return NULL;
}

static const char *
notification_type (JsonNode *bundle)
{
  return json_object_get_string_member (parameter (status_of (bundle), "type", 0), "valueCode");
}

static gint64
events_since_start (JsonNode *bundle)
{
  JsonObject *count = parameter (status_of (bundle), "events-since-subscription-start", 0);

  g_assert_nonnull (count);
  return g_ascii_strtoll (json_object_get_string_member (count, "valueString"), NULL, 10);
}

static const char *
subscription_reference (JsonNode *bundle)
{
  JsonObject *subscription = parameter (status_of (bundle), "subscription", 0);

  return json_object_get_string_member (json_object_get_object_member (subscription,
                                                                       "valueReference"),
                                        "reference");
}

/* The @nth notification-event's part @name, or NULL */
static JsonObject *
event_part (JsonNode   *bundle,
            guint       nth,
            const char *name)
{
  JsonObject *event = parameter (status_of (bundle), "notification-event", nth);
  JsonArray *parts;

  if (event == NULL)
    return NULL;

  parts = json_object_get_array_member (event, "part");
  for (guint i = 0; i < json_array_get_length (parts); i++)
    {
      JsonObject *part = json_array_get_object_element (parts, i);

      if (g_str_equal (json_object_get_string_member (part, "name"), name))
        return part;
    }

  return NULL;
}

static gint64
event_number (JsonNode *bundle,
              guint     nth)
{
  JsonObject *part = event_part (bundle, nth, "event-number");

  g_assert_nonnull (part);
  return g_ascii_strtoll (json_object_get_string_member (part, "valueString"), NULL, 10);
}

/* The Task id the @nth event is about */
static char *
event_task_id (JsonNode *bundle,
               guint     nth)
{
  JsonObject *focus = event_part (bundle, nth, "focus");
  const char *reference;

  g_assert_nonnull (focus);
  reference = json_object_get_string_member (json_object_get_object_member (focus,
                                                                            "valueReference"),
                                             "reference");
  g_assert_nonnull (strstr (reference, "/Task/"));
  return g_strdup (strstr (reference, "/Task/") + strlen ("/Task/"));
}

/* Waits for the handshake of a Subscription: its count of events so far */
static gint64
expect_handshake (Client     *client,
                  const char *subscription_id)
{
  g_autoptr(JsonNode) handshake = client_next (client, PUSH_DEADLINE_SECONDS);

  g_assert_nonnull (handshake);
  g_assert_cmpstr (notification_type (handshake), ==, "handshake");
  g_assert_true (g_str_has_suffix (subscription_reference (handshake), subscription_id));
  g_assert_null (parameter (status_of (handshake), "notification-event", 0));
  return events_since_start (handshake);
}

/* A client bound to @id as @token, its handshake read */
static Client *
bound_client (Fixture    *fixture,
              const char *token,
              const char *id,
              gint64     *count)
{
  g_autofree char *url = NULL;
  g_autofree char *binding = binding_token (fixture, token, id, &url);
  Client *client = client_connect (fixture, url);
  gint64 events;

  client_bind (client, binding);
  events = expect_handshake (client, id);
  if (count != NULL)
    *count = events;
  return client;
}

/* Waits for an event-notification: the next message that is one */
static JsonNode *
expect_event (Client *client)
{
  gint64 deadline = g_get_monotonic_time () + PUSH_DEADLINE_SECONDS * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(JsonNode) message = client_next (client, PUSH_DEADLINE_SECONDS);

      g_assert_nonnull (message);
      if (g_str_equal (notification_type (message), "event-notification"))
        return g_steal_pointer (&message);
      /* heartbeats may come between */
      g_assert_cmpstr (notification_type (message), ==, "heartbeat");
    }

  g_assert_not_reached ();
}

/* Nothing but heartbeats for QUIET_SECONDS */
static void
expect_quiet (Client *client)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (QUIET_SECONDS * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(JsonNode) message =
        client_next (client, (deadline - g_get_monotonic_time ()) / (double) G_USEC_PER_SEC);

      if (message != NULL)
        g_assert_cmpstr (notification_type (message), ==, "heartbeat");
    }

  g_assert_false (client->closed);
}

/* ------------------------------------------------------------------------ */
/* Logging */

static gint n_injected_failures_logged;

/* The warning the hub logs for a write a test made fail
 * (_cpis_hub_store_fail_next_write) is expected: counted, not fatal.
 * Debug messages are dropped. Everything else goes to the default writer,
 * fatal as the test's. */
static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  /* libsoup's debug messages, a line a frame: thousands in the floods below */
  if (log_level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;

  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "cpis-hub") == 0 &&
      message != NULL && strstr (message, "a test made the write fail") != NULL)
    {
      g_atomic_int_inc (&n_injected_failures_logged);
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
ignore_log (const char     *domain,
            GLogLevelFlags  level,
            const char     *message,
            gpointer        user_data)
{
}

/* ------------------------------------------------------------------------ */
/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->hub = cpis_test_hub_new ();

  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "LA2", "Southmoor Council", "local-authority", "South");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");

  cpis_test_hub_add_user (fixture->hub, "sw", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "sw2", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "sw-la2", PASSWORD, "social-worker", "LA2");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_user (fixture->hub, "officer", PASSWORD, "partnership-officer", "LA1");
  cpis_test_hub_add_user (fixture->hub, "admin", PASSWORD, "administrator", "LA1");

  cpis_test_hub_add_plan (fixture->hub, CHILD_LA1, "CPP", "2025-01-02", NULL, NULL, "LA1");
  cpis_test_hub_add_plan (fixture->hub, CHILD_LA2, "LAC", "2024-03-04", NULL, NULL, "LA2");
  cpis_test_hub_add_plan (fixture->hub, CHILD_BOTH, "CPP", "2024-05-06", NULL, NULL, "LA1");
  cpis_test_hub_add_plan (fixture->hub, CHILD_BOTH, "LAC", "2025-02-03", NULL, NULL, "LA2");

  /* the hub's clock, which a test moves on to expire a sign-in */
  cpis_test_hub_set_today (fixture->hub, TODAY);

  fixture->session = soup_session_new_with_options ("timeout", 60, NULL);
  fixture->sw = cpis_test_hub_sign_in (fixture->hub, "sw", PASSWORD);
  fixture->sw2 = cpis_test_hub_sign_in (fixture->hub, "sw2", PASSWORD);
  fixture->sw_la2 = cpis_test_hub_sign_in (fixture->hub, "sw-la2", PASSWORD);
  fixture->nurse = cpis_test_hub_sign_in (fixture->hub, "nurse", PASSWORD);
  fixture->officer = cpis_test_hub_sign_in (fixture->hub, "officer", PASSWORD);
  fixture->admin = cpis_test_hub_sign_in (fixture->hub, "admin", PASSWORD);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->sw);
  g_free (fixture->sw2);
  g_free (fixture->sw_la2);
  g_free (fixture->nurse);
  g_free (fixture->officer);
  g_free (fixture->admin);
  g_clear_object (&fixture->session);
  /* closes what is left of its websockets, and stops */
  cpis_test_hub_free (fixture->hub);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ------------------------------------------------------------------------ */
/* Tests */

/* A clinician's check reaches the LA's bound social worker within a second */
static void
test_push_after_check (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *id = subscribe (fixture, fixture->sw, NEW_TOPIC, "id-only", 0);
  g_autoptr(Client) client = NULL;
  g_autoptr(JsonNode) event = NULL;
  g_autoptr(CpisTestResponse) task = NULL;
  g_autofree char *task_id = NULL;
  g_autofree char *task_path = NULL;
  gint64 count, started, latency;

  client = bound_client (fixture, fixture->sw, id, &count);
  g_assert_cmpint (count, ==, 0);

  started = g_get_monotonic_time ();
  check (fixture, CHILD_LA1);
  event = expect_event (client);
  latency = client->last_message_usec - started;
  g_test_message ("push latency: check -> websocket message %.1f ms (the clinician's answer included)",
                  latency / 1000.0);
  /* generous: a loaded machine, not a benchmark */
  g_assert_cmpint (latency, <, PUSH_DEADLINE_SECONDS * G_USEC_PER_SEC);

  g_assert_cmpint (events_since_start (event), ==, 1);
  g_assert_cmpint (event_number (event, 0), ==, 1);
  g_assert_true (g_str_has_suffix (subscription_reference (event), id));
  g_assert_cmpstr (json_object_get_string_member (parameter (status_of (event), "topic", 0),
                                                  "valueCanonical"), ==, NEW_TOPIC);
  g_assert_nonnull (event_part (event, 0, "timestamp"));
  /* id-only: the focus, no Task in the Bundle */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (event),
                                                                         "entry")), ==, 1);

  /* The Task it names is on disk, and the social worker's to read */
  task_id = event_task_id (event, 0);
  task_path = g_strdup_printf (BASE "/Task/%s", task_id);
  task = request (fixture, "GET", task_path, fixture->sw, NULL, NULL);
  g_assert_cmpuint (task->status, ==, 200);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA1"), ==, 1);
}

/* A check sent without waiting for its answer: its message, to wait on */
static SoupMessage *
check_async (Fixture       *fixture,
             const char    *nhs_number,
             GAsyncResult **result)
{
  g_autofree char *url = g_strdup_printf ("%s" BASE "/CareTeam?patient:identifier="
                                          "https://fhir.nhs.uk/Id/nhs-number%%7C%s",
                                          cpis_test_hub_get_origin (fixture->hub), nhs_number);
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", fixture->nurse);
  SoupMessage *msg = soup_message_new ("GET", url);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "IsUnscheduledAccessEvent", "true");
  *result = NULL;
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    cpis_test_store_result_cb, result);
  return msg;
}

static gint64
db_count (Fixture    *fixture,
          const char *sql,
          const char *text)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (cpis_test_hub_get_db_path (fixture->hub), &db,
                                    SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* Pushed only once committed: a write that fails pushes nothing and spends
 * no event number; a held write holds its push too; what is pushed is in
 * the file, for anyone who opens it */
static void
test_only_after_commit (Fixture       *fixture,
                        gconstpointer  data)
{
  CpisHubStore *store = cpis_test_hub_get_store (fixture->hub);
  g_autofree char *id = subscribe (fixture, fixture->sw, NEW_TOPIC, "id-only", 0);
  g_autoptr(Client) client = bound_client (fixture, fixture->sw, id, NULL);
  g_autoptr(JsonNode) event = NULL;
  g_autoptr(SoupMessage) held = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *task_id = NULL;
  GAsyncResult *result = NULL;
  gint before = g_atomic_int_get (&n_injected_failures_logged);

  /* the access and its notification are one job: it fails, all of it */
  _cpis_hub_store_fail_next_write (store, "accesses");
  {
    g_autofree char *url = g_strdup_printf ("%s" BASE "/CareTeam?patient:identifier="
                                            "https://fhir.nhs.uk/Id/nhs-number%%7C%s",
                                            cpis_test_hub_get_origin (fixture->hub), CHILD_LA1);
    g_autoptr(CpisTestResponse) failed = NULL;

    failed = cpis_test_http_request (fixture->session, "GET", url, fixture->nurse, NULL,
                                     "IsUnscheduledAccessEvent", "true", NULL);
    cpis_test_assert_outcome (failed, 500, "INTERNAL_SERVER_ERROR");
  }
  g_assert_cmpint (g_atomic_int_get (&n_injected_failures_logged), ==, before + 1);
  expect_quiet (client);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA1"), ==, 0);

  /* held: neither the clinician's answer nor the push goes out */
  _cpis_hub_store_hold_writes (store);
  held = check_async (fixture, CHILD_LA1, &result);
  expect_quiet (client);
  g_assert_null (result);

  _cpis_hub_store_release_writes (store);
  event = expect_event (client);
  /* the failed write spent no number */
  g_assert_cmpint (event_number (event, 0), ==, 1);
  task_id = event_task_id (event, 0);
  g_assert_cmpint (db_count (fixture, "SELECT count(*) FROM notifications WHERE id = ?1", task_id),
                   ==, 1);
  g_assert_cmpint (db_count (fixture, "SELECT count(*) FROM subscription_events e"
                                      " JOIN subscriptions s ON s.seq = e.subscription_seq"
                                      " WHERE s.id = ?1", id), ==, 1);

  cpis_test_wait_for_pointer ((gpointer *) &result);
  answer = soup_session_send_and_read_finish (fixture->session, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (held), ==, 200);
}

/* A burst of checks at once: every event, numbered on without a gap or a
 * repeat, in order */
static void
test_burst_in_order (Fixture       *fixture,
                     gconstpointer  data)
{
  enum { N_CHECKS = 24 };
  g_autofree char *id = subscribe (fixture, fixture->sw, NEW_TOPIC, "id-only", 0);
  g_autoptr(Client) client = bound_client (fixture, fixture->sw, id, NULL);
  SoupMessage *messages[N_CHECKS];
  GAsyncResult *results[N_CHECKS];
  g_autoptr(GHashTable) tasks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < N_CHECKS; i++)
    messages[i] = check_async (fixture, i % 2 == 0 ? CHILD_LA1 : CHILD_BOTH, &results[i]);

  for (gint64 expected = 1; expected <= N_CHECKS; expected++)
    {
      g_autoptr(JsonNode) event = expect_event (client);

      g_assert_cmpint (event_number (event, 0), ==, expected);
      g_assert_cmpint (events_since_start (event), ==, expected);
      g_assert_true (g_hash_table_add (tasks, event_task_id (event, 0)));
    }
  expect_quiet (client);

  for (guint i = 0; i < N_CHECKS; i++)
    {
      g_autoptr(GBytes) body = NULL;

      cpis_test_wait_for_pointer ((gpointer *) &results[i]);
      body = soup_session_send_and_read_finish (fixture->session, results[i], NULL);
      g_object_unref (results[i]);
      g_assert_cmpuint (soup_message_get_status (messages[i]), ==, 200);
      g_object_unref (messages[i]);
    }
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA1"), ==, N_CHECKS);
}

/* Each LA's social workers hear of their LA's notifications, and only those */
static void
test_right_la_only (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *la1 = subscribe (fixture, fixture->sw, NEW_TOPIC, "id-only", 0);
  g_autofree char *la2 = subscribe (fixture, fixture->sw_la2, NEW_TOPIC, "id-only", 0);
  g_autoptr(Client) client1 = bound_client (fixture, fixture->sw, la1, NULL);
  g_autoptr(Client) client2 = bound_client (fixture, fixture->sw_la2, la2, NULL);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) both1 = NULL;
  g_autoptr(JsonNode) both2 = NULL;
  g_autofree char *task1 = NULL;
  g_autofree char *task2 = NULL;

  check (fixture, CHILD_LA1);
  first = expect_event (client1);
  g_assert_cmpint (event_number (first, 0), ==, 1);
  expect_quiet (client2);

  check (fixture, CHILD_LA2);
  second = expect_event (client2);
  g_assert_cmpint (event_number (second, 0), ==, 1);
  expect_quiet (client1);

  /* a child of both: one notification each, each LA its own */
  check (fixture, CHILD_BOTH);
  both1 = expect_event (client1);
  both2 = expect_event (client2);
  g_assert_cmpint (event_number (both1, 0), ==, 2);
  g_assert_cmpint (event_number (both2, 0), ==, 2);
  task1 = event_task_id (both1, 0);
  task2 = event_task_id (both2, 0);
  g_assert_cmpstr (task1, !=, task2);

  /* and the other LA's Task is not theirs to read */
  {
    g_autofree char *path = g_strdup_printf (BASE "/Task/%s", task2);
    g_autoptr(CpisTestResponse) response = request (fixture, "GET", path, fixture->sw, NULL, NULL);

    cpis_test_assert_outcome (response, 404, "NOT_FOUND");
  }
}

/* Event numbers persist: a reconnect learns it missed some (the handshake
 * count, then a jump), and $events answers them from the store */
static void
test_missed_and_recovered (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *id = subscribe (fixture, fixture->sw, NEW_TOPIC, "id-only", 0);
  g_autoptr(Client) first = bound_client (fixture, fixture->sw, id, NULL);
  g_autoptr(Client) again = NULL;
  g_autoptr(JsonNode) event = NULL;
  g_autoptr(JsonNode) next = NULL;
  g_autoptr(CpisTestResponse) missed = NULL;
  g_autoptr(CpisTestResponse) status = NULL;
  g_autoptr(JsonNode) missed_root = NULL;
  g_autoptr(JsonNode) status_root = NULL;
  g_autofree char *events_path = NULL;
  g_autofree char *status_path = NULL;
  gint64 last_seen, count;

  check (fixture, CHILD_LA1);
  event = expect_event (first);
  last_seen = event_number (event, 0);
  g_assert_cmpint (last_seen, ==, 1);

  /* the client is away while two more are raised */
  soup_websocket_connection_close (first->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_assert_true (client_wait_closed (first, PUSH_DEADLINE_SECONDS));
  check (fixture, CHILD_LA1);
  check (fixture, CHILD_BOTH);

  /* back, bound to the same Subscription: it has raised 3 */
  again = bound_client (fixture, fixture->sw, id, &count);
  g_assert_cmpint (count, ==, 3);

  /* the next event continues the numbering: a jump from the last seen */
  check (fixture, CHILD_LA1);
  next = expect_event (again);
  g_assert_cmpint (event_number (next, 0), ==, 4);
  g_assert_cmpint (event_number (next, 0) - last_seen, ==, 3);

  /* what was missed, from the store */
  events_path = g_strdup_printf (BASE "/Subscription/%s/$events?eventsSinceNumber=%" G_GINT64_FORMAT
                                 "&eventsUntilNumber=%" G_GINT64_FORMAT,
                                 id, last_seen + 1,
                                 count);
  missed = request (fixture, "GET", events_path, fixture->sw, NULL, NULL);
  g_assert_cmpuint (missed->status, ==, 200);
  missed_root = cpis_test_response_json (missed);
  g_assert_cmpstr (json_object_get_string_member (parameter (status_of (missed_root), "type", 0),
                                                  "valueCode"), ==, "query-event");
  g_assert_cmpint (events_since_start (missed_root), ==, 4);
  g_assert_cmpint (event_number (missed_root, 0), ==, 2);
  g_assert_cmpint (event_number (missed_root, 1), ==, 3);
  g_assert_null (event_part (missed_root, 2, "event-number"));

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *task_id = event_task_id (missed_root, i);
      g_autofree char *path = g_strdup_printf (BASE "/Task/%s", task_id);
      g_autoptr(CpisTestResponse) task = request (fixture, "GET", path, fixture->sw, NULL, NULL);

      g_assert_cmpuint (task->status, ==, 200);
    }

  /* full-resource on request: the Tasks themselves, as raised */
  {
    g_autofree char *path = g_strdup_printf ("%s&content=full-resource", events_path);
    g_autoptr(CpisTestResponse) full = request (fixture, "GET", path, fixture->sw, NULL, NULL);
    g_autoptr(JsonNode) root = cpis_test_response_json (full);
    JsonArray *entries = json_object_get_array_member (object_of (root), "entry");

    g_assert_cmpuint (json_array_get_length (entries), ==, 3);
    for (guint i = 1; i < 3; i++)
      {
        JsonObject *entry = json_array_get_object_element (entries, i);
        JsonObject *resource = json_object_get_object_member (entry, "resource");
        g_autofree char *task_id = event_task_id (root, i - 1);

        g_assert_cmpstr (json_object_get_string_member (resource, "resourceType"), ==, "Task");
        g_assert_cmpstr (json_object_get_string_member (resource, "id"), ==, task_id);
      }
  }

  /* $status says so too */
  status_path = g_strdup_printf (BASE "/Subscription/%s/$status", id);
  status = request (fixture, "GET", status_path, fixture->sw, NULL, NULL);
  g_assert_cmpuint (status->status, ==, 200);
  status_root = cpis_test_response_json (status);
  {
    JsonObject *bundle = object_of (status_root);
    JsonObject *entry = json_array_get_object_element (json_object_get_array_member (bundle,
                                                                                     "entry"), 0);
    JsonObject *parameters = json_object_get_object_member (entry, "resource");

    g_assert_cmpstr (json_object_get_string_member (bundle, "type"), ==, "searchset");
    g_assert_cmpstr (json_object_get_string_member (parameter (parameters, "type", 0),
                                                    "valueCode"), ==, "query-status");
    g_assert_cmpstr (json_object_get_string_member (parameter (parameters,
                                                               "events-since-subscription-start",
                                                               0), "valueString"), ==, "4");
  }
}

/* A social worker's sign-in revoked: their socket closes at once, saying why */
static void
test_revoked_closes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = subscribe (fixture, fixture->sw, NEW_TOPIC, "id-only", 0);
  g_autoptr(Client) client = bound_client (fixture, fixture->sw, id, NULL);
  g_autoptr(Client) colleague = NULL;
  g_autofree char *colleague_id = subscribe (fixture, fixture->sw2, NEW_TOPIC, "id-only", 0);
  g_autofree char *form = soup_form_encode ("token", fixture->sw, NULL);
  g_autoptr(CpisTestResponse) revoked = NULL;

  colleague = bound_client (fixture, fixture->sw2, colleague_id, NULL);

  revoked = request (fixture, "POST", "/oauth2/revoke", NULL, "application/x-www-form-urlencoded",
                     form);
  g_assert_cmpuint (revoked->status, ==, 200);

  g_assert_true (client_wait_closed (client, 2));
  g_assert_cmpuint (client->close_code, ==, CPIS_HUB_WS_CLOSE_UNAUTHORISED);
  g_assert_nonnull (strstr (client->close_reason, "was ended"));

  /* a colleague's stays, and still hears */
  check (fixture, CHILD_LA1);
  {
    g_autoptr(JsonNode) event = expect_event (colleague);

    g_assert_cmpint (event_number (event, 0), ==, 1);
  }
}

/* A sign-in that expires (the hub's clock moved past it): closed within a
 * second or two, saying why; and no binding token outlives it */
static void
test_expired_closes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = subscribe (fixture, fixture->sw, NEW_TOPIC, "id-only", 0);
  g_autoptr(Client) client = bound_client (fixture, fixture->sw, id, NULL);
  g_autofree char *url = NULL;
  g_autofree char *spare = binding_token (fixture, fixture->sw, id, &url);
  g_autoptr(Client) late = NULL;

  cpis_test_hub_advance (fixture->hub, CPIS_HUB_DEFAULT_TOKEN_LIFETIME_SECONDS + 1);

  g_assert_true (client_wait_closed (client, 3));
  g_assert_cmpuint (client->close_code, ==, CPIS_HUB_WS_CLOSE_UNAUTHORISED);
  g_assert_nonnull (strstr (client->close_reason, "expired"));

  /* the spare binding token expired with it */
  late = client_connect (fixture, url);
  client_bind (late, spare);
  g_assert_true (client_wait_closed (late, PUSH_DEADLINE_SECONDS));
  g_assert_cmpuint (late->close_code, ==, CPIS_HUB_WS_CLOSE_UNAUTHORISED);
}

/* Bad binding tokens: unknown, used, expired, empty, garbage; and the
 * websocket address refuses what is not a websocket */
static void
test_bad_binding_tokens (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *id = subscribe (fixture, fixture->sw, NEW_TOPIC, "id-only", 0);
  g_autofree char *url = NULL;
  g_autofree char *used = binding_token (fixture, fixture->sw, id, &url);
  g_autofree char *stale = binding_token (fixture, fixture->sw, id, NULL);
  static const struct
  {
    const char *message;
    gushort     code;
  } refused[] = {
    { "bind-with-token AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", CPIS_HUB_WS_CLOSE_UNAUTHORISED },
    { "bind-with-token ", CPIS_HUB_WS_CLOSE_BAD_MESSAGE },
    { "bind-with-token", CPIS_HUB_WS_CLOSE_BAD_MESSAGE },
    { "hello", CPIS_HUB_WS_CLOSE_BAD_MESSAGE },
    { "{\"resourceType\": \"Parameters\"}", CPIS_HUB_WS_CLOSE_BAD_MESSAGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(Client) client = client_connect (fixture, url);

      client_send (client, refused[i].message);
      g_assert_true (client_wait_closed (client, PUSH_DEADLINE_SECONDS));
      g_assert_cmpuint (client->close_code, ==, refused[i].code);
      g_assert_null (g_queue_peek_head (&client->messages));
    }

  /* once used, a binding token binds nothing more */
  {
    g_autoptr(Client) first = client_connect (fixture, url);
    g_autoptr(Client) second = client_connect (fixture, url);

    client_bind (first, used);
    expect_handshake (first, id);
    client_bind (second, used);
    g_assert_true (client_wait_closed (second, PUSH_DEADLINE_SECONDS));
    g_assert_cmpuint (second->close_code, ==, CPIS_HUB_WS_CLOSE_UNAUTHORISED);
    g_assert_false (first->closed);
  }

  /* the bearer token itself is no binding token */
  {
    g_autoptr(Client) client = client_connect (fixture, url);

    client_bind (client, fixture->sw);
    g_assert_true (client_wait_closed (client, PUSH_DEADLINE_SECONDS));
    g_assert_cmpuint (client->close_code, ==, CPIS_HUB_WS_CLOSE_UNAUTHORISED);
  }

  /* expired: a minute by the hub's clock */
  cpis_test_hub_advance (fixture->hub, CPIS_HUB_BINDING_TOKEN_SECONDS + 1);
  {
    g_autoptr(Client) client = client_connect (fixture, url);

    client_bind (client, stale);
    g_assert_true (client_wait_closed (client, PUSH_DEADLINE_SECONDS));
    g_assert_cmpuint (client->close_code, ==, CPIS_HUB_WS_CLOSE_UNAUTHORISED);
  }

  /* another's Subscription: no binding token for it */
  {
    g_autofree char *path = g_strdup_printf (BASE "/Subscription/%s/$get-ws-binding-token", id);
    g_autoptr(CpisTestResponse) other = request (fixture, "POST", path, fixture->sw2, NULL, NULL);
    g_autoptr(CpisTestResponse) other_la = request (fixture, "POST", path, fixture->sw_la2, NULL,
                                                    NULL);
    g_autoptr(CpisTestResponse) nurse = request (fixture, "POST", path, fixture->nurse, NULL, NULL);

    cpis_test_assert_outcome (other, 404, "NOT_FOUND");
    cpis_test_assert_outcome (other_la, 404, "NOT_FOUND");
    cpis_test_assert_outcome (nurse, 403, "ACCESS_DENIED");
  }

  /* the address is a websocket's only */
  {
    g_autoptr(CpisTestResponse) plain = request (fixture, "GET", CPIS_HUB_WEBSOCKET_PATH, NULL,
                                                 NULL, NULL);

    cpis_test_assert_outcome (plain, 400, "INVALID_REQUEST");
  }
}

/* Subscriptions: who may make, read and delete which */
static void
test_roles (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *body = subscription_body (NEW_TOPIC, "id-only", 0);
  g_autofree char *id = subscribe (fixture, fixture->sw, NEW_TOPIC, "full-resource", 0);
  g_autofree char *path = g_strdup_printf (BASE "/Subscription/%s", id);
  const char *others[] = { fixture->nurse, fixture->officer, fixture->admin };

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(CpisTestResponse) create = request (fixture, "POST", BASE "/Subscription",
                                                    others[i], "application/fhir+json", body);
      g_autoptr(CpisTestResponse) list = request (fixture, "GET", BASE "/Subscription", others[i],
                                                  NULL, NULL);
      g_autoptr(CpisTestResponse) read = request (fixture, "GET", path, others[i], NULL, NULL);

      cpis_test_assert_outcome (create, 403, "ACCESS_DENIED");
      cpis_test_assert_outcome (list, 403, "ACCESS_DENIED");
      cpis_test_assert_outcome (read, 403, "ACCESS_DENIED");
    }

  {
    g_autoptr(CpisTestResponse) anonymous = request (fixture, "POST", BASE "/Subscription", NULL,
                                                     "application/fhir+json", body);

    cpis_test_assert_outcome (anonymous, 401, "UNAUTHORISED");
  }

  /* the owner reads it: the LA's, whatever was asked */
  {
    g_autoptr(CpisTestResponse) read = request (fixture, "GET", path, fixture->sw, NULL, NULL);
    g_autoptr(JsonNode) root = cpis_test_response_json (read);
    JsonObject *subscription = object_of (root);
    JsonObject *la = json_array_get_object_element (json_object_get_array_member (subscription,
                                                                                  "extension"), 0);
    JsonObject *channel = json_object_get_object_member (subscription, "channel");

    g_assert_cmpuint (read->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (read->headers, "ETag"), ==, "W/\"1\"");
    g_assert_cmpstr (json_object_get_string_member (la, "url"), ==, CPIS_HUB_SUBSCRIPTION_LA_URL);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (la,
                                                                                   "valueIdentifier"),
                                                    "value"), ==, "LA1");
    g_assert_cmpstr (json_object_get_string_member (channel, "type"), ==, "websocket");
  }

  /* a colleague's and another LA's social worker: not found, as for none */
  {
    g_autoptr(CpisTestResponse) colleague = request (fixture, "GET", path, fixture->sw2, NULL, NULL);
    g_autoptr(CpisTestResponse) other_la = request (fixture, "GET", path, fixture->sw_la2, NULL,
                                                    NULL);
    g_autoptr(CpisTestResponse) delete = request (fixture, "DELETE", path, fixture->sw_la2, NULL,
                                                  NULL);
    g_autoptr(CpisTestResponse) events = NULL;
    g_autofree char *events_path = g_strdup_printf ("%s/$events", path);
    g_autoptr(CpisTestResponse) list = request (fixture, "GET", BASE "/Subscription",
                                                fixture->sw_la2, NULL, NULL);
    g_autoptr(JsonNode) list_root = cpis_test_response_json (list);

    events = request (fixture, "GET", events_path, fixture->sw_la2, NULL, NULL);
    cpis_test_assert_outcome (colleague, 404, "NOT_FOUND");
    cpis_test_assert_outcome (other_la, 404, "NOT_FOUND");
    cpis_test_assert_outcome (delete, 404, "NOT_FOUND");
    cpis_test_assert_outcome (events, 404, "NOT_FOUND");
    g_assert_cmpint (json_object_get_int_member (object_of (list_root), "total"), ==, 0);
  }

  /* the owner's list, then deleted: a bound socket is told, and it is gone */
  {
    g_autoptr(CpisTestResponse) list = request (fixture, "GET", BASE "/Subscription", fixture->sw,
                                                NULL, NULL);
    g_autoptr(JsonNode) list_root = cpis_test_response_json (list);
    g_autoptr(Client) client = bound_client (fixture, fixture->sw, id, NULL);
    g_autoptr(CpisTestResponse) delete = NULL;
    g_autoptr(CpisTestResponse) gone = NULL;

    g_assert_cmpint (json_object_get_int_member (object_of (list_root), "total"), ==, 1);

    delete = request (fixture, "DELETE", path, fixture->sw, NULL, NULL);
    g_assert_cmpuint (delete->status, ==, 204);
    g_assert_true (client_wait_closed (client, PUSH_DEADLINE_SECONDS));
    g_assert_cmpuint (client->close_code, ==, CPIS_HUB_WS_CLOSE_NOT_FOUND);

    gone = request (fixture, "GET", path, fixture->sw, NULL, NULL);
    cpis_test_assert_outcome (gone, 404, "NOT_FOUND");
  }
}

/* What a Subscription body may not be */
static void
test_refused_bodies (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct
  {
    const char *body;
    guint       status;
  } cases[] = {
    { "", 400 },
    { "not json", 400 },
    { "{\"resourceType\": \"Task\"}", 400 },
    { "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"status\": \"active\"}", 400 },
    /* no reason, no criteria, no channel; a channel that is not an object */
    { "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"criteria\": \"" NEW_TOPIC "\","
      " \"channel\": {\"type\": \"websocket\"}}",
      400 },
    { "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"r\","
      " \"channel\": {\"type\": \"websocket\"}}",
      400 },
    { "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"r\","
      " \"criteria\": \"" NEW_TOPIC "\", \"channel\": []}",
      400 },
    /* an unknown topic; an R4 query as criteria */
    { "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"r\","
      " \"criteria\": \"Task?owner=LA2\", \"channel\": {\"type\": \"websocket\","
      " \"payload\": \"application/fhir+json\", \"_payload\": {\"extension\": [{\"url\": \""
      CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL "\", \"valueCode\": \"id-only\"}]}}}",
      422 },
    /* filters: another LA's, or any */
    { "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"r\","
      " \"criteria\": \"" NEW_TOPIC "\", \"_criteria\": {\"extension\": [{\"url\": \""
      CPIS_HUB_BACKPORT_SD "backport-filter-criteria\", \"valueString\": \"Task?owner:identifier="
      "https://fhir.nhs.uk/Id/ods-organization-code|LA2\"}]}, \"channel\": {\"type\": \"websocket\","
      " \"payload\": \"application/fhir+json\", \"_payload\": {\"extension\": [{\"url\": \""
      CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL "\", \"valueCode\": \"id-only\"}]}}}",
      422 },
    /* a rest-hook, with an endpoint */
    { "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"r\","
      " \"criteria\": \"" NEW_TOPIC "\", \"channel\": {\"type\": \"rest-hook\", \"endpoint\":"
      " \"https://example.org/hook\", \"payload\": \"application/fhir+json\"}}",
      422 },
    /* no payload content; an unknown one */
    { "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"r\","
      " \"criteria\": \"" NEW_TOPIC "\", \"channel\": {\"type\": \"websocket\","
      " \"payload\": \"application/fhir+json\"}}",
      422 },
    { "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"r\","
      " \"criteria\": \"" NEW_TOPIC "\", \"channel\": {\"type\": \"websocket\","
      " \"payload\": \"application/fhir+json\", \"_payload\": {\"extension\": [{\"url\": \""
      CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL "\", \"valueCode\": \"everything\"}]}}}",
      422 },
    /* a heartbeat of 0; an end that has passed; a status that is not new */
    { "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"r\","
      " \"criteria\": \"" NEW_TOPIC "\", \"channel\": {\"extension\": [{\"url\": \""
      CPIS_HUB_BACKPORT_HEARTBEAT_PERIOD_URL "\", \"valueUnsignedInt\": 0}], \"type\": \"websocket\","
      " \"payload\": \"application/fhir+json\", \"_payload\": {\"extension\": [{\"url\": \""
      CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL "\", \"valueCode\": \"id-only\"}]}}}",
      422 },
    { "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"r\","
      " \"end\": \"2020-01-01T00:00:00Z\", \"criteria\": \"" NEW_TOPIC "\", \"channel\":"
      " {\"type\": \"websocket\", \"payload\": \"application/fhir+json\", \"_payload\":"
      " {\"extension\": [{\"url\": \"" CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL "\", \"valueCode\":"
      " \"id-only\"}]}}}",
      422 },
    { "{\"resourceType\": \"Subscription\", \"status\": \"error\", \"reason\": \"r\","
      " \"criteria\": \"" NEW_TOPIC "\", \"channel\": {\"type\": \"websocket\","
      " \"payload\": \"application/fhir+json\", \"_payload\": {\"extension\": [{\"url\": \""
      CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL "\", \"valueCode\": \"id-only\"}]}}}",
      422 },
    /* a member the hub does not keep */
    { "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"r\","
      " \"contact\": [], \"criteria\": \"" NEW_TOPIC "\", \"channel\": {\"type\": \"websocket\","
      " \"payload\": \"application/fhir+json\", \"_payload\": {\"extension\": [{\"url\": \""
      CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL "\", \"valueCode\": \"id-only\"}]}}}",
      422 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CpisTestResponse) response = request (fixture, "POST", BASE "/Subscription",
                                                      fixture->sw, "application/fhir+json",
                                                      cases[i].body);

      cpis_test_assert_outcome (response, cases[i].status,
                                cases[i].status == 400 ? "INVALID_RESOURCE" : "BUSINESS_RULE");
    }

  {
    g_autoptr(CpisTestResponse) list = request (fixture, "GET", BASE "/Subscription", fixture->sw,
                                                NULL, NULL);
    g_autoptr(JsonNode) root = cpis_test_response_json (list);

    g_assert_cmpint (json_object_get_int_member (object_of (root), "total"), ==, 0);
  }
}

/* Heartbeats at the period asked for; full-resource carries the Task; a
 * change to a Task reaches "notification-changed" */
static void
test_heartbeat_payloads_and_changes (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *full = subscribe (fixture, fixture->sw, NEW_TOPIC, "full-resource", 1);
  g_autofree char *changed = subscribe (fixture, fixture->sw2, CHANGED_TOPIC, "full-resource", 0);
  g_autoptr(Client) client = bound_client (fixture, fixture->sw, full, NULL);
  g_autoptr(Client) watcher = bound_client (fixture, fixture->sw2, changed, NULL);
  g_autoptr(JsonNode) heartbeat = NULL;
  g_autoptr(JsonNode) event = NULL;
  g_autoptr(JsonNode) change = NULL;
  g_autofree char *task_id = NULL;

  heartbeat = client_next (client, 3);
  g_assert_nonnull (heartbeat);
  g_assert_cmpstr (notification_type (heartbeat), ==, "heartbeat");
  g_assert_cmpint (events_since_start (heartbeat), ==, 0);

  check (fixture, CHILD_LA1);
  event = expect_event (client);
  task_id = event_task_id (event, 0);
  {
    JsonArray *entries = json_object_get_array_member (object_of (event), "entry");
    JsonObject *entry = json_array_get_object_element (entries, 1);
    JsonObject *task = json_object_get_object_member (entry, "resource");

    JsonObject *entry_request = json_object_get_object_member (entry, "request");
    JsonObject *entry_response = json_object_get_object_member (entry, "response");
    g_autofree char *full_url = g_strdup_printf ("%s/Task/%s",
                                                 cpis_test_hub_get_base_url (fixture->hub),
                                                 task_id);

    g_assert_cmpuint (json_array_get_length (entries), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (entry, "fullUrl"), ==, full_url);
    g_assert_cmpstr (json_object_get_string_member (task, "resourceType"), ==, "Task");
    g_assert_cmpstr (json_object_get_string_member (task, "id"), ==, task_id);
    g_assert_cmpstr (json_object_get_string_member (task, "status"), ==, "requested");
    g_assert_cmpstr (json_object_get_string_member (entry_request, "method"), ==, "POST");
    g_assert_cmpstr (json_object_get_string_member (entry_request, "url"), ==, "Task");
    g_assert_cmpstr (json_object_get_string_member (entry_response, "status"), ==, "201 Created");
    g_assert_cmpstr (json_object_get_string_member (entry_response, "etag"), ==, "W/\"1\"");
  }
  /* a new notification is no change */
  expect_quiet (watcher);

  /* taken on by a colleague: a new version, which the watcher hears of */
  {
    g_autofree char *path = g_strdup_printf (BASE "/Task/%s", task_id);
    g_autoptr(CpisTestResponse) read = request (fixture, "GET", path, fixture->sw2, NULL, NULL);
    g_autoptr(JsonNode) root = cpis_test_response_json (read);
    g_autoptr(CpisTestResponse) put = NULL;
    g_autoptr(SoupMessage) msg = NULL;
    g_autofree char *body = NULL;
    g_autofree char *url = g_strconcat (cpis_test_hub_get_origin (fixture->hub), path, NULL);
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autofree char *authorization = g_strdup_printf ("Bearer %s", fixture->sw2);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GBytes) answer = NULL;
    g_autoptr(GError) error = NULL;
    GAsyncResult *result = NULL;

    json_object_set_string_member (object_of (root), "status", "accepted");
    json_generator_set_root (generator, root);
    body = json_generator_to_data (generator, NULL);
    bytes = g_bytes_new (body, strlen (body));
    msg = soup_message_new ("PUT", url);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  authorization);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-Match", "W/\"1\"");
    soup_message_set_request_body_from_bytes (msg, "application/fhir+json", bytes);
    soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL,
                                      cpis_test_store_result_cb, &result);
    cpis_test_wait_for_pointer ((gpointer *) &result);
    answer = soup_session_send_and_read_finish (fixture->session, result, &error);
    g_object_unref (result);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }

  change = expect_event (watcher);
  g_assert_cmpint (event_number (change, 0), ==, 1);
  {
    g_autofree char *changed_id = event_task_id (change, 0);

    g_assert_cmpstr (changed_id, ==, task_id);
  }
  g_assert_cmpstr (json_object_get_string_member (parameter (status_of (change), "topic", 0),
                                                  "valueCanonical"), ==, CHANGED_TOPIC);
  /* full-resource: the Task as changed, version 2, from a PUT */
  {
    JsonArray *entries = json_object_get_array_member (object_of (change), "entry");
    JsonObject *entry = json_array_get_object_element (entries, 1);
    JsonObject *task = json_object_get_object_member (entry, "resource");
    JsonObject *entry_request = json_object_get_object_member (entry, "request");
    JsonObject *entry_response = json_object_get_object_member (entry, "response");
    g_autofree char *item_url = g_strdup_printf ("Task/%s", task_id);

    g_assert_cmpstr (json_object_get_string_member (task, "status"), ==, "accepted");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (task, "meta"),
                                                    "versionId"), ==, "2");
    g_assert_cmpstr (json_object_get_string_member (entry_request, "method"), ==, "PUT");
    g_assert_cmpstr (json_object_get_string_member (entry_request, "url"), ==, item_url);
    g_assert_cmpstr (json_object_get_string_member (entry_response, "status"), ==, "200 OK");
    g_assert_cmpstr (json_object_get_string_member (entry_response, "etag"), ==, "W/\"2\"");
  }
}

/* ------------------------------------------------------------------------ */
/* Hostile clients, on a raw socket */

/* Sends a websocket handshake on a new connection: the connection, and
 * in @status_line the answer's first line */
static GSocketConnection *
raw_handshake (Fixture  *fixture,
               char    **status_line)
{
  g_autoptr(GUri) origin = g_uri_parse (cpis_test_hub_get_origin (fixture->hub), G_URI_FLAGS_NONE,
                                        NULL);
  g_autofree char *request_text = g_strdup_printf (
    "GET " CPIS_HUB_WEBSOCKET_PATH " HTTP/1.1\r\n"
    "Host: %s:%d\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n\r\n",
    g_uri_get_host (origin), g_uri_get_port (origin));
  GSocketConnection *connection = cpis_test_hub_send_raw (fixture->hub, request_text);
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GString) head = g_string_new (NULL);
  char byte;

  /* the 101's head, byte by byte up to the blank line */
  while (!g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      g_assert_cmpint (g_input_stream_read (input, &byte, 1, NULL, NULL), ==, 1);
      g_string_append_c (head, byte);
    }
  *status_line = g_strndup (head->str, strcspn (head->str, "\r"));

  return connection;
}

/* An upgraded connection (asserts the 101) */
static GSocketConnection *
raw_upgrade (Fixture *fixture)
{
  g_autofree char *status_line = NULL;
  GSocketConnection *connection = raw_handshake (fixture, &status_line);

  g_assert_cmpstr (status_line, ==, "HTTP/1.1 101 Switching Protocols");
  return connection;
}

/* A masked client frame's head (and its mask, which is zero: the payload
 * goes as it is) */
static GBytes *
frame_head (gboolean fin,
            guint8   opcode,
            guint64  length)
{
  GByteArray *head = g_byte_array_new ();
  guint8 first = (fin ? 0x80 : 0) | opcode;
  guint8 mask[4] = { 0, 0, 0, 0 };

  g_byte_array_append (head, &first, 1);
  if (length < 126)
    {
      guint8 second = 0x80 | (guint8) length;

      g_byte_array_append (head, &second, 1);
    }
  else if (length < 65536)
    {
      guint8 bytes[3] = { 0x80 | 126, (length >> 8) & 0xff, length & 0xff };

      g_byte_array_append (head, bytes, 3);
    }
  else
    {
      guint8 bytes[9] = { 0x80 | 127 };

      for (int i = 0; i < 8; i++)
        bytes[8 - i] = (length >> (8 * i)) & 0xff;
      g_byte_array_append (head, bytes, 9);
    }
  g_byte_array_append (head, mask, 4);

  return g_byte_array_free_to_bytes (head);
}

/* Writes a frame; FALSE once the hub has hung up */
static gboolean
raw_frame (GSocketConnection *connection,
           gboolean           fin,
           guint8             opcode,
           const void        *payload,
           gsize              length)
{
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GBytes) head = frame_head (fin, opcode, length);
  gsize head_length;
  const void *head_data = g_bytes_get_data (head, &head_length);

  return g_output_stream_write_all (output, head_data, head_length, NULL, NULL, NULL) &&
         g_output_stream_write_all (output, payload, length, NULL, NULL, NULL);
}

/* TRUE once the hub has closed the connection, or sent a close frame (it
 * then waits a while for the client's before it hangs up), reading what it
 * sends; FALSE if it still holds it open after @seconds */
static gboolean
raw_wait_hung_up (GSocketConnection *connection,
                  guint              seconds)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  char buffer[4096];

  while (g_get_monotonic_time () < deadline)
    {
      gssize n;

      if (!g_socket_condition_timed_wait (socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                          deadline - g_get_monotonic_time (), NULL, NULL))
        return FALSE;
      n = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL);
      if (n <= 0 || (guint8) buffer[0] == 0x88)
        return TRUE;
    }

  return FALSE;
}

/* Huge frames, a message in endless fragments, garbage and binary: each
 * client is dropped, and the hub goes on serving everyone else */
static void
test_hostile_clients (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *id = subscribe (fixture, fixture->sw, NEW_TOPIC, "id-only", 0);
  g_autoptr(Client) good = bound_client (fixture, fixture->sw, id, NULL);
  g_autofree char *chunk = g_malloc0 (64 * 1024);
  g_autoptr(JsonNode) event = NULL;

  /* a frame that says it is 100 MiB */
  {
    g_autoptr(GSocketConnection) raw = raw_upgrade (fixture);
    g_autoptr(GBytes) head = frame_head (TRUE, 0x1, 100 * 1024 * 1024);
    GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (raw));
    gsize length;
    const void *bytes = g_bytes_get_data (head, &length);

    g_output_stream_write_all (output, bytes, length, NULL, NULL, NULL);
    for (guint i = 0; i < 16; i++)
      if (!g_output_stream_write_all (output, chunk, 64 * 1024, NULL, NULL, NULL))
        break;
    g_assert_true (raw_wait_hung_up (raw, PUSH_DEADLINE_SECONDS));
  }

  /* one message in 1 KiB fragments, never ending: libsoup 3.2 would keep
   * them all; the hub's budget drops the client well before 8 MiB */
  {
    g_autoptr(GSocketConnection) raw = raw_upgrade (fixture);
    gsize sent = 0;
    gboolean hung_up = FALSE;

    if (raw_frame (raw, FALSE, 0x1, chunk, 1024))
      {
        for (sent = 1024; sent < 8 * 1024 * 1024; sent += 1024)
          if (!raw_frame (raw, FALSE, 0x0, chunk, 1024))
            {
              hung_up = TRUE;
              break;
            }
      }
    if (!hung_up)
      hung_up = raw_wait_hung_up (raw, PUSH_DEADLINE_SECONDS);
    g_test_message ("a fragmented message: dropped after %" G_GSIZE_FORMAT " bytes sent", sent);
    g_assert_true (hung_up);
  }

  /* garbage: not a bind, not UTF-8, binary, a ping flood */
  {
    static const guint8 not_utf8[] = { 0xff, 0xfe, 0xc3, 0x28 };
    static const struct
    {
      guint8        opcode;
      const guint8 *payload;
      gsize         length;
    } garbage[] = {
      { 0x1, (const guint8 *) "GET / HTTP/1.1", 14 },
      { 0x1, not_utf8, sizeof not_utf8 },
      { 0x2, (const guint8 *) "\x00\x01\x02\x03", 4 },
      { 0x7, (const guint8 *) "??", 2 },   /* a reserved opcode */
    };

    for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
      {
        g_autoptr(GSocketConnection) raw = raw_upgrade (fixture);

        raw_frame (raw, TRUE, garbage[i].opcode, garbage[i].payload, garbage[i].length);
        g_assert_true (raw_wait_hung_up (raw, PUSH_DEADLINE_SECONDS));
      }

    /* pings do not make the hub buffer anything, but they are not free */
    {
      g_autoptr(GSocketConnection) raw = raw_upgrade (fixture);
      gboolean hung_up = FALSE;

      for (guint i = 0; i < 100000 && !hung_up; i++)
        hung_up = !raw_frame (raw, TRUE, 0x9, "ping", 4);
      if (!hung_up)
        hung_up = raw_wait_hung_up (raw, PUSH_DEADLINE_SECONDS);
      g_assert_true (hung_up);
    }
  }

  /* sockets opened and never bound: 256 at most, then 503 until some go */
  {
    g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
    g_autofree char *refused = NULL;
    g_autofree char *again = NULL;
    GSocketConnection *extra;
    gint64 deadline;

    for (guint i = 0; i < 256; i++)
      g_ptr_array_add (idle, raw_upgrade (fixture));
    extra = raw_handshake (fixture, &refused);
    g_object_unref (extra);
    g_assert_cmpstr (refused, ==, "HTTP/1.1 503 Service Unavailable");

    g_ptr_array_set_size (idle, 0);
    deadline = g_get_monotonic_time () + PUSH_DEADLINE_SECONDS * G_USEC_PER_SEC;
    do
      {
        g_clear_pointer (&again, g_free);
        g_usleep (50 * 1000);
        extra = raw_handshake (fixture, &again);
        g_object_unref (extra);
      }
    while (!g_str_has_prefix (again, "HTTP/1.1 101") && g_get_monotonic_time () < deadline);
    g_assert_cmpstr (again, ==, "HTTP/1.1 101 Switching Protocols");
  }

  /* the hub is well: HTTP answers, and the good client still hears */
  check (fixture, CHILD_LA1);
  event = expect_event (good);
  g_assert_cmpint (event_number (event, 0), ==, 1);
  g_assert_false (good->closed);
}

/* Many binding tokens asked for, many sockets at once: one social worker
 * bound twice hears each event twice, once on each */
static void
test_two_sockets (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *id = subscribe (fixture, fixture->sw, NEW_TOPIC, "id-only", 0);
  g_autoptr(Client) one = bound_client (fixture, fixture->sw, id, NULL);
  g_autoptr(Client) two = bound_client (fixture, fixture->sw, id, NULL);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;

  for (guint i = 0; i < 40; i++)
    g_free (binding_token (fixture, fixture->sw, id, NULL));

  check (fixture, CHILD_LA1);
  first = expect_event (one);
  second = expect_event (two);
  g_assert_cmpint (event_number (first, 0), ==, 1);
  g_assert_cmpint (event_number (second, 0), ==, 1);
}

/* A Subscription that ends: its socket is closed (4410) within a second or
 * two of its end by the hub's clock, $status says "off", and it can no
 * longer be bound; one deleted after its binding token was issued cannot
 * be bound either (4404) */
static void
test_ends_and_deleted (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *plain = subscription_body (NEW_TOPIC, "id-only", 0);
  g_autofree char *end = g_strdup_printf ("\"end\": \"%sT12:00:00Z\", \"reason\"", TODAY);
  g_autoptr(GString) ending = g_string_new (plain);
  g_autofree char *ending_id = NULL;
  g_autofree char *deleted_id = NULL;
  g_autofree char *url = NULL;
  g_autofree char *for_deleted = NULL;
  g_autoptr(Client) client = NULL;
  g_autoptr(Client) late = NULL;

  /* ends an hour after the hub's clock (noon UK time, TODAY: 11:00 UTC) */
  g_string_replace (ending, "\"reason\"", end, 1);
  {
    g_autoptr(CpisTestResponse) response = request (fixture, "POST", BASE "/Subscription",
                                                    fixture->sw, "application/fhir+json",
                                                    ending->str);
    g_autoptr(JsonNode) root = cpis_test_response_json (response);

    g_assert_cmpuint (response->status, ==, 201);
    ending_id = g_strdup (json_object_get_string_member (object_of (root), "id"));
    g_assert_cmpstr (json_object_get_string_member (object_of (root), "end"), ==,
                     TODAY "T12:00:00+00:00");
  }

  client = bound_client (fixture, fixture->sw, ending_id, NULL);
  cpis_test_hub_advance (fixture->hub, 2 * 3600);
  g_assert_true (client_wait_closed (client, 3));
  g_assert_cmpuint (client->close_code, ==, CPIS_HUB_WS_CLOSE_ENDED);

  {
    g_autofree char *path = g_strdup_printf (BASE "/Subscription/%s", ending_id);
    g_autofree char *token_path = g_strdup_printf ("%s/$get-ws-binding-token", path);
    g_autoptr(CpisTestResponse) read = request (fixture, "GET", path, fixture->sw, NULL, NULL);
    g_autoptr(JsonNode) root = cpis_test_response_json (read);
    g_autoptr(CpisTestResponse) refused = request (fixture, "POST", token_path, fixture->sw, NULL,
                                                   NULL);

    g_assert_cmpstr (json_object_get_string_member (object_of (root), "status"), ==, "off");
    cpis_test_assert_outcome (refused, 422, "BUSINESS_RULE");
  }

  /* ended: it raises nothing more */
  check (fixture, CHILD_LA1);
  {
    g_autofree char *path = g_strdup_printf (BASE "/Subscription/%s/$status", ending_id);
    g_autoptr(CpisTestResponse) status = request (fixture, "GET", path, fixture->sw, NULL, NULL);
    g_autoptr(JsonNode) root = cpis_test_response_json (status);
    JsonObject *entry = json_array_get_object_element (
      json_object_get_array_member (object_of (root), "entry"), 0);
    JsonObject *parameters = json_object_get_object_member (entry, "resource");

    g_assert_cmpstr (json_object_get_string_member (parameter (parameters, "status", 0),
                                                    "valueCode"), ==, "off");
    g_assert_cmpstr (json_object_get_string_member (parameter (parameters,
                                                               "events-since-subscription-start",
                                                               0), "valueString"), ==, "0");
  }

  /* deleted after its binding token was issued: the token binds nothing */
  deleted_id = subscribe (fixture, fixture->sw, NEW_TOPIC, "empty", 0);
  for_deleted = binding_token (fixture, fixture->sw, deleted_id, &url);
  {
    g_autofree char *path = g_strdup_printf (BASE "/Subscription/%s", deleted_id);
    g_autoptr(CpisTestResponse) deleted = request (fixture, "DELETE", path, fixture->sw, NULL,
                                                   NULL);

    g_assert_cmpuint (deleted->status, ==, 204);
  }
  late = client_connect (fixture, url);
  client_bind (late, for_deleted);
  g_assert_true (client_wait_closed (late, PUSH_DEADLINE_SECONDS));
  g_assert_cmpuint (late->close_code, ==, CPIS_HUB_WS_CLOSE_NOT_FOUND);
}

/* Type-level operations name several Subscriptions; a social worker has
 * at most 20; the search takes no parameters */
static void
test_type_level_and_limits (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *first = subscribe (fixture, fixture->sw, NEW_TOPIC, "id-only", 0);
  g_autofree char *second = subscribe (fixture, fixture->sw, CHANGED_TOPIC, "empty", 0);
  g_autofree char *body = subscription_body (NEW_TOPIC, "id-only", 0);
  g_autoptr(Client) client = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;

  /* one binding token for both (no id: all of them), two handshakes */
  {
    g_autoptr(CpisTestResponse) response = request (fixture, "POST",
                                                    BASE "/Subscription/$get-ws-binding-token",
                                                    fixture->sw, NULL, NULL);
    JsonArray *parameters;
    guint n_subscriptions = 0;

    g_assert_cmpuint (response->status, ==, 200);
    root = cpis_test_response_json (response);
    parameters = json_object_get_array_member (object_of (root), "parameter");
    for (guint i = 0; i < json_array_get_length (parameters); i++)
      {
        JsonObject *item = json_array_get_object_element (parameters, i);
        const char *name = json_object_get_string_member (item, "name");

        if (g_str_equal (name, "token"))
          token = g_strdup (json_object_get_string_member (item, "valueString"));
        else if (g_str_equal (name, "websocket-url"))
          url = g_strdup (json_object_get_string_member (item, "valueUrl"));
        else if (g_str_equal (name, "subscription"))
          n_subscriptions++;
      }
    g_assert_cmpuint (n_subscriptions, ==, 2);
  }
  client = client_connect (fixture, url);
  client_bind (client, token);
  expect_handshake (client, first);
  expect_handshake (client, second);

  /* by ids, in the query or in a Parameters body */
  {
    g_autofree char *path = g_strdup_printf (BASE "/Subscription/$status?id=%s", second);
    g_autofree char *both = g_strdup_printf (BASE "/Subscription/$status?id=%s,%s", first, second);
    g_autofree char *parameters = g_strdup_printf (
      "{\"resourceType\": \"Parameters\", \"parameter\": [{\"name\": \"id\", \"valueId\": \"%s\"}]}",
      first);
    g_autoptr(CpisTestResponse) one = request (fixture, "GET", path, fixture->sw, NULL, NULL);
    g_autoptr(CpisTestResponse) two = request (fixture, "GET", both, fixture->sw, NULL, NULL);
    g_autoptr(CpisTestResponse) posted = request (fixture, "POST",
                                                  BASE "/Subscription/$get-ws-binding-token",
                                                  fixture->sw, "application/fhir+json",
                                                  parameters);
    g_autoptr(JsonNode) one_root = cpis_test_response_json (one);
    g_autoptr(JsonNode) two_root = cpis_test_response_json (two);
    g_autoptr(JsonNode) posted_root = cpis_test_response_json (posted);

    g_assert_cmpint (json_object_get_int_member (object_of (one_root), "total"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (object_of (two_root), "total"), ==, 2);
    g_assert_cmpuint (posted->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (posted_root),
                                                                           "parameter")), ==, 4);
  }

  /* another's id among them: not found */
  {
    g_autofree char *other = subscribe (fixture, fixture->sw2, NEW_TOPIC, "id-only", 0);
    g_autofree char *path = g_strdup_printf (BASE "/Subscription/$get-ws-binding-token?id=%s&id=%s",
                                             first, other);
    g_autoptr(CpisTestResponse) response = request (fixture, "POST", path, fixture->sw, NULL, NULL);

    cpis_test_assert_outcome (response, 404, "NOT_FOUND");
  }

  /* the search takes nothing; ids are UUIDs; $events its own parameters only */
  {
    g_autofree char *events = g_strdup_printf (BASE "/Subscription/%s/$events?_count=3", first);
    g_autofree char *since = g_strdup_printf (BASE "/Subscription/%s/$events?eventsSinceNumber=0",
                                              first);
    g_autoptr(CpisTestResponse) search = request (fixture, "GET", BASE "/Subscription?status=active",
                                                  fixture->sw, NULL, NULL);
    g_autoptr(CpisTestResponse) bad_id = request (fixture, "GET", BASE "/Subscription/$status?id=x",
                                                  fixture->sw, NULL, NULL);
    g_autoptr(CpisTestResponse) not_uuid = request (fixture, "GET", BASE "/Subscription/x",
                                                    fixture->sw, NULL, NULL);
    g_autoptr(CpisTestResponse) type_events = request (fixture, "GET",
                                                       BASE "/Subscription/$events", fixture->sw,
                                                       NULL, NULL);
    g_autoptr(CpisTestResponse) count = request (fixture, "GET", events, fixture->sw, NULL, NULL);
    g_autoptr(CpisTestResponse) zero = request (fixture, "GET", since, fixture->sw, NULL, NULL);
    g_autoptr(CpisTestResponse) put = request (fixture, "PUT", BASE "/Subscription", fixture->sw,
                                               "application/fhir+json", body);

    cpis_test_assert_outcome (search, 400, "INVALID_SEARCH_DATA");
    cpis_test_assert_outcome (bad_id, 400, "INVALID_SEARCH_DATA");
    cpis_test_assert_outcome (not_uuid, 404, "NOT_FOUND");
    cpis_test_assert_outcome (type_events, 404, "NOT_FOUND");
    cpis_test_assert_outcome (count, 400, "INVALID_SEARCH_DATA");
    cpis_test_assert_outcome (zero, 400, "INVALID_SEARCH_DATA");
    cpis_test_assert_outcome (put, 405, "METHOD_NOT_ALLOWED");
    g_assert_cmpstr (soup_message_headers_get_one (put->headers, "Allow"), ==, "GET, POST");
  }

  /* twenty at most */
  for (guint i = 2; i < 20; i++)
    g_free (subscribe (fixture, fixture->sw, NEW_TOPIC, "id-only", 0));
  {
    g_autoptr(CpisTestResponse) more = request (fixture, "POST", BASE "/Subscription", fixture->sw,
                                                "application/fhir+json", body);

    cpis_test_assert_outcome (more, 422, "BUSINESS_RULE");
  }
}

/* An Inactive NHS Number Notification is a new notification too: raised by
 * retiring a number (here through the hub's own store, as the hub process
 * would), it is pushed to the LA's bound social worker */
static void
test_inactive_number_pushed (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *id = subscribe (fixture, fixture->sw, NEW_TOPIC, "full-resource", 0);
  g_autofree char *other = subscribe (fixture, fixture->sw_la2, NEW_TOPIC, "id-only", 0);
  g_autoptr(Client) client = bound_client (fixture, fixture->sw, id, NULL);
  g_autoptr(Client) other_client = bound_client (fixture, fixture->sw_la2, other, NULL);
  g_autoptr(JsonNode) event = NULL;
  g_autoptr(GError) error = NULL;
  guint n_raised = 0;

  g_assert_true (cpis_hub_store_retire_nhs_number (cpis_test_hub_get_store (fixture->hub),
                                                   CHILD_LA1, NULL, g_get_real_time (),
                                                   &n_raised, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_raised, ==, 1);

  event = expect_event (client);
  g_assert_cmpint (event_number (event, 0), ==, 1);
  {
    JsonObject *entry = json_array_get_object_element (
      json_object_get_array_member (object_of (event), "entry"), 1);
    JsonObject *task = json_object_get_object_member (entry, "resource");
    JsonObject *coding = json_array_get_object_element (
      json_object_get_array_member (json_object_get_object_member (task, "code"), "coding"), 0);

    g_assert_cmpstr (json_object_get_string_member (coding, "code"), ==, "inactive-nhs-number");
  }
  /* the other LA held no plan on the number */
  expect_quiet (other_client);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  /* libsoup logs the old way, through the test framework's handler */
  g_log_set_handler ("libsoup", G_LOG_LEVEL_DEBUG, ignore_log, NULL);

#define ADD(path, func) \
  g_test_add ("/hub-push/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("push-after-check", test_push_after_check);
  ADD ("only-after-commit", test_only_after_commit);
  ADD ("burst-in-order", test_burst_in_order);
  ADD ("right-la-only", test_right_la_only);
  ADD ("missed-and-recovered", test_missed_and_recovered);
  ADD ("revoked-closes", test_revoked_closes);
  ADD ("expired-closes", test_expired_closes);
  ADD ("bad-binding-tokens", test_bad_binding_tokens);
  ADD ("roles", test_roles);
  ADD ("refused-bodies", test_refused_bodies);
  ADD ("heartbeat-payloads-and-changes", test_heartbeat_payloads_and_changes);
  ADD ("hostile-clients", test_hostile_clients);
  ADD ("two-sockets", test_two_sockets);
  ADD ("ends-and-deleted", test_ends_and_deleted);
  ADD ("type-level-and-limits", test_type_level_and_limits);
  ADD ("inactive-number-pushed", test_inactive_number_pushed);

#undef ADD

  return g_test_run ();
}
