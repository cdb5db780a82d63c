/* test-fhir-subscription.c: the codec of the hub's push
 * (src/lib/cpis-fhir-subscription.c)
 *
 * The Subscription written and read, the binding token, and notification
 * Bundles in the shapes docs/api.md gives (handshake, heartbeat, an
 * id-only and a full-resource event, $events); and what a hostile or
 * broken hub could send, each refused with an error, never a crash.
 */
#include <string.h>

#include <json-glib/json-glib.h>

#include "cpis-fhir-codec.h"

#define BASE "http://127.0.0.1:46031/cpis/FHIR/R4"
#define SUB_ID "897a60f7-9b52-4a7a-a50d-c2d538ab6f90"
#define TASK_ID "3d4fdf1a-0d0e-402c-9ba8-0adad067336d"

/* A notification Bundle: @type, @count, then @events_json (the
 * notification-event parameters, may be ""), then @more_entries (may be "") */
static char *
notification (const char *type,
              const char *count,
              const char *events_json,
              const char *more_entries)
{
  return g_strdup_printf (
    "{\"resourceType\": \"Bundle\", \"id\": \"851ee4bd-fe15-4b4a-b10c-d7482735d07c\","
    " \"type\": \"history\", \"timestamp\": \"2026-12-02T07:06:30.889597+00:00\","
    " \"entry\": [{\"fullUrl\": \"urn:uuid:2e479e7e-ff29-4ee6-ab39-64ed4544f98c\","
    "  \"resource\": {\"resourceType\": \"Parameters\", \"parameter\": ["
    "   {\"name\": \"subscription\", \"valueReference\": {\"reference\": \"" BASE
    "/Subscription/" SUB_ID "\"}},"
    "   {\"name\": \"topic\", \"valueCanonical\": \"" CPIS_SUBSCRIPTION_TOPIC_NEW_NOTIFICATION "\"},"
    "   {\"name\": \"status\", \"valueCode\": \"active\"},"
    "   {\"name\": \"type\", \"valueCode\": \"%s\"},"
    "   {\"name\": \"events-since-subscription-start\", \"valueString\": \"%s\"}%s]},"
    "  \"request\": {\"method\": \"GET\", \"url\": \"" BASE "/Subscription/" SUB_ID "/$status\"},"
    "  \"response\": {\"status\": \"200\"}}%s]}",
    type, count, events_json, more_entries);
}

static char *
event_json (const char *number,
            const char *task_id)
{
  return g_strdup_printf (
    ", {\"name\": \"notification-event\", \"part\": ["
    "{\"name\": \"event-number\", \"valueString\": \"%s\"},"
    "{\"name\": \"timestamp\", \"valueInstant\": \"2026-12-02T07:06:30.887746+00:00\"},"
    "{\"name\": \"focus\", \"valueReference\": {\"reference\": \"" BASE "/Task/%s\"}}]}",
    number, task_id);
}

static const char task_entry[] =
  ", {\"fullUrl\": \"" BASE "/Task/" TASK_ID "\", \"resource\": {"
  "\"resourceType\": \"Task\", \"id\": \"" TASK_ID "\","
  "\"meta\": {\"versionId\": \"1\", \"lastUpdated\": \"2026-12-02T07:06:30.887746+00:00\"},"
  "\"status\": \"requested\", \"intent\": \"order\","
  "\"code\": {\"coding\": [{\"system\": \"https://fhir.nhs.uk/CodeSystem/cpis-task-code\","
  " \"code\": \"access-to-service\"}]},"
  "\"for\": {\"identifier\": {\"system\": \"https://fhir.nhs.uk/Id/nhs-number\","
  " \"value\": \"9997654323\"}},"
  "\"focus\": {\"reference\": \"AuditEvent/5b4c6a7e-1d2f-4e3a-9b8c-7d6e5f4a3b2c\"},"
  "\"authoredOn\": \"2026-12-02T07:06:30.887746+00:00\","
  "\"owner\": {\"identifier\": {\"system\": \"https://fhir.nhs.uk/Id/ods-organization-code\","
  " \"value\": \"LA1\"}}},"
  "\"request\": {\"method\": \"POST\", \"url\": \"Task\"},"
  "\"response\": {\"status\": \"201 Created\", \"etag\": \"W/\\\"1\\\"\"}}";

static void
test_subscription_round_trip (void)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CpisSubscription) subscription = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;

  json = cpis_fhir_encode_subscription (CPIS_SUBSCRIPTION_TOPIC_NOTIFICATION_CHANGED, "A reason",
                                        20, CPIS_SUBSCRIPTION_PAYLOAD_FULL_RESOURCE);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "status"), ==, "requested");
  g_assert_cmpstr (json_object_get_string_member (root, "criteria"), ==,
                   CPIS_SUBSCRIPTION_TOPIC_NOTIFICATION_CHANGED);

  /* as the hub answers it: with its id, active */
  json_object_set_string_member (root, "id", SUB_ID);
  json_object_set_string_member (root, "status", "active");
  node = json_node_copy (json_parser_get_root (parser));
  g_free (g_steal_pointer (&json));
  json = json_to_string (node, FALSE);

  subscription = cpis_fhir_decode_subscription (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (subscription->id, ==, SUB_ID);
  g_assert_cmpstr (subscription->status, ==, "active");
  g_assert_cmpstr (subscription->topic, ==, CPIS_SUBSCRIPTION_TOPIC_NOTIFICATION_CHANGED);
  g_assert_cmpint (subscription->payload, ==, CPIS_SUBSCRIPTION_PAYLOAD_FULL_RESOURCE);
  g_assert_cmpuint (subscription->heartbeat_period, ==, 20);
}

static void
test_binding_token (void)
{
  static const char good[] =
    "{\"resourceType\": \"Parameters\", \"parameter\": ["
    "{\"name\": \"token\", \"valueString\": \"QVUoCy7p8p7QT6MXE0yaVKb1OFedu4ebl0b6-r-WDcg\"},"
    "{\"name\": \"expiration\", \"valueDateTime\": \"2026-12-02T07:07:30.605566+00:00\"},"
    "{\"name\": \"subscription\", \"valueString\": \"" SUB_ID "\"},"
    "{\"name\": \"websocket-url\", \"valueUrl\": \"ws://127.0.0.1:46031/cpis/websocket\"}]}";
  static const char * const bad[] = {
    "{\"resourceType\": \"Parameters\", \"parameter\": ["
    "{\"name\": \"websocket-url\", \"valueUrl\": \"ws://127.0.0.1:1/cpis/websocket\"}]}",
    "{\"resourceType\": \"Parameters\", \"parameter\": [{\"name\": \"token\", \"valueString\": "
    "\"two words\"}, {\"name\": \"websocket-url\", \"valueUrl\": \"ws://h/cpis/websocket\"}]}",
    "{\"resourceType\": \"Parameters\", \"parameter\": [{\"name\": \"token\", \"valueString\": "
    "\"abc\"}, {\"name\": \"websocket-url\", \"valueUrl\": \"https://h/cpis/websocket\"}]}",
    "{\"resourceType\": \"Parameters\", \"parameter\": [{\"name\": \"token\", \"valueString\": "
    "\"abc\"}, {\"name\": \"websocket-url\", \"valueUrl\": \"ws://h/\"},"
    " {\"name\": \"subscription\", \"valueString\": \"../../etc\"}]}",
    "{\"resourceType\": \"Parameters\", \"parameter\": 12}",
    "{\"resourceType\": \"Bundle\"}",
    "not json",
  };
  g_autoptr(CpisBindingToken) token = NULL;
  g_autoptr(GError) error = NULL;

  token = cpis_fhir_decode_binding_token (good, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token->token, ==, "QVUoCy7p8p7QT6MXE0yaVKb1OFedu4ebl0b6-r-WDcg");
  g_assert_cmpstr (token->websocket_url, ==, "ws://127.0.0.1:46031/cpis/websocket");
  g_assert_cmpuint (g_strv_length (token->subscription_ids), ==, 1);
  g_assert_cmpstr (token->subscription_ids[0], ==, SUB_ID);
  g_assert_cmpint (token->expires_usec, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(CpisBindingToken) refused = cpis_fhir_decode_binding_token (bad[i], -1, &error);

      g_assert_null (refused);
      g_assert_error (error, CPIS_FHIR_ERROR, error->code);
      g_clear_error (&error);
    }
}

static void
test_notifications (void)
{
  g_autofree char *handshake = notification ("handshake", "4", "", "");
  g_autofree char *event = event_json ("5", TASK_ID);
  g_autofree char *id_only = notification ("event-notification", "5", event, "");
  g_autofree char *full = notification ("event-notification", "5", event, task_entry);
  g_autoptr(CpisNotification) decoded = NULL;
  g_autoptr(GError) error = NULL;
  CpisNotificationEvent *first;

  decoded = cpis_fhir_decode_notification (handshake, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (decoded->type, ==, CPIS_NOTIFICATION_HANDSHAKE);
  g_assert_cmpstr (decoded->subscription_id, ==, SUB_ID);
  g_assert_cmpuint (decoded->events_since_start, ==, 4);
  g_assert_cmpuint (decoded->events->len, ==, 0);
  g_clear_pointer (&decoded, cpis_notification_unref);

  decoded = cpis_fhir_decode_notification (id_only, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (decoded->type, ==, CPIS_NOTIFICATION_EVENT);
  g_assert_cmpuint (decoded->events->len, ==, 1);
  first = g_ptr_array_index (decoded->events, 0);
  g_assert_cmpuint (first->number, ==, 5);
  g_assert_cmpstr (first->focus_id, ==, TASK_ID);
  g_assert_null (first->task);
  g_clear_pointer (&decoded, cpis_notification_unref);

  decoded = cpis_fhir_decode_notification (full, -1, &error);
  g_assert_no_error (error);
  first = g_ptr_array_index (decoded->events, 0);
  g_assert_nonnull (first->task);
  g_assert_cmpstr (cpis_task_get_id (first->task), ==, TASK_ID);
  g_assert_cmpstr (cpis_task_get_version (first->task), ==, "1");
  g_assert_cmpstr (cpis_task_get_nhs_number (first->task), ==, "9997654323");
  g_assert_cmpint (first->timestamp_usec, >, 0);
}

/* A hostile or broken hub: each refused with an error */
static void
test_hostile_notifications (void)
{
  g_autofree char *e1 = event_json ("1", TASK_ID);
  g_autofree char *e2 = event_json ("2", TASK_ID);
  g_autofree char *e_bad = event_json ("-3", TASK_ID);
  g_autofree char *e_word = event_json ("three", TASK_ID);
  g_autofree char *e_zero = event_json ("0", TASK_ID);
  g_autofree char *falling = g_strconcat (e2, e1, NULL);
  g_autofree char *twice = g_strconcat (e1, e1, NULL);
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *broken_task = NULL;

  for (guint i = 1; i <= CPIS_FHIR_MAX_NOTIFICATION_EVENTS + 1; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);
      g_autofree char *one = event_json (number, TASK_ID);

      g_string_append (many, one);
    }

  g_ptr_array_add (cases, g_strdup (""));
  g_ptr_array_add (cases, g_strdup ("not JSON {"));
  g_ptr_array_add (cases, g_strdup ("[]"));
  g_ptr_array_add (cases, g_strdup ("{\"resourceType\": \"Bundle\", \"type\": \"searchset\"}"));
  g_ptr_array_add (cases, g_strdup ("{\"resourceType\": \"Bundle\", \"type\": \"history\"}"));
  g_ptr_array_add (cases, g_strdup ("{\"resourceType\": \"Bundle\", \"type\": \"history\","
                                    " \"entry\": [{\"resource\": {\"resourceType\": \"Task\"}}]}"));
  g_ptr_array_add (cases, g_strdup ("{\"resourceType\": \"Bundle\", \"type\": \"history\","
                                    " \"entry\": [{\"resource\": {\"resourceType\": "
                                    "\"Parameters\", \"parameter\": \"x\"}}]}"));
  g_ptr_array_add (cases, g_strdup ("{\"resourceType\": \"Bundle\", \"type\": 7, \"entry\": 7}"));
  g_ptr_array_add (cases, notification ("no-such-type", "1", "", ""));
  g_ptr_array_add (cases, notification ("handshake", "many", "", ""));
  g_ptr_array_add (cases, notification ("handshake", "-1", "", ""));
  g_ptr_array_add (cases, notification ("handshake", "99999999999999999999999", "", ""));
  g_ptr_array_add (cases, notification ("event-notification", "1", "", ""));
  g_ptr_array_add (cases, notification ("event-notification", "3", e_bad, ""));
  g_ptr_array_add (cases, notification ("event-notification", "3", e_word, ""));
  g_ptr_array_add (cases, notification ("event-notification", "3", e_zero, ""));
  g_ptr_array_add (cases, notification ("query-event", "2", falling, ""));
  g_ptr_array_add (cases, notification ("query-event", "2", twice, ""));
  g_ptr_array_add (cases, notification ("query-event", "2000", many->str, ""));
  /* a Task that cannot be read */
  broken_task = g_strdup_printf (", {\"resource\": {\"resourceType\": \"Task\", \"id\": \"%s\"}}",
                                 TASK_ID);
  g_ptr_array_add (cases, notification ("event-notification", "1", e1, broken_task));
  /* a status that names no Subscription */
  g_ptr_array_add (cases, g_strdup ("{\"resourceType\": \"Bundle\", \"type\": \"history\","
                                    " \"entry\": [{\"resource\": {\"resourceType\": \"Parameters\","
                                    " \"parameter\": [{\"name\": \"type\", \"valueCode\": "
                                    "\"heartbeat\"}, {\"name\": \"events-since-subscription-start\","
                                    " \"valueString\": \"1\"}]}}]}"));
  /* nested far too deep */
  {
    GString *deep = g_string_new (NULL);

    for (guint i = 0; i < 10000; i++)
      g_string_append_c (deep, '[');
    g_ptr_array_add (cases, g_string_free (deep, FALSE));
  }

  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisNotification) decoded = NULL;
      const char *json = g_ptr_array_index (cases, i);

      decoded = cpis_fhir_decode_notification (json, -1, &error);
      if (decoded != NULL)
        g_error ("case %u was not refused", i);
      g_assert_nonnull (error);
      g_assert_true (error->domain == CPIS_FHIR_ERROR);
      g_assert_nonnull (error->message);
      /* what was wrong is said, never what a Task says about a child */
      g_assert_null (strstr (error->message, "9997654323"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fhir-subscription/subscription", test_subscription_round_trip);
  g_test_add_func ("/fhir-subscription/binding-token", test_binding_token);
  g_test_add_func ("/fhir-subscription/notifications", test_notifications);
  g_test_add_func ("/fhir-subscription/hostile", test_hostile_notifications);

  return g_test_run ();
}
