/* cpis-fhir-subscription.c: the hub's push, as FHIR R4 and the Subscriptions
 * R5 Backport IG have it (docs/api.md, "Subscriptions and the websocket")
 *
 * Writes the Subscription a social worker's client asks for; reads the
 * Subscription answered, $get-ws-binding-token's Parameters and the
 * notification Bundles (a websocket message, $status, $events), with the
 * Task of each event of a full-resource notification decoded as a Task
 * read is.
 *
 * What a websocket brings is not trusted any more than an HTTP answer:
 * the JSON is size-, depth- and UTF-8-checked by the codec's parser, every
 * member is read through the null-safe getters, and what is refused is:
 * a Bundle that is not a history, no status entry first, a status with no
 * Subscription reference, type, or count (events-since-subscription-start),
 * an event without its number, event numbers that do not rise, more events
 * than CPIS_FHIR_MAX_NOTIFICATION_EVENTS, a Task that cannot be read. The
 * errors name what was wrong, never what a Task says about a child.
 */
#include "cpis-fhir-codec.h"

#include <string.h>

#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-json-private.h"

#define MAX_TOKEN_LENGTH 256
#define MAX_SUBSCRIPTION_IDS 64

/* Helpers ---------------------------------------------------------------- */

/* A whole number from digits (FHIR's string form of a 64-bit integer), or
 * from a JSON number, at @member of @object */
static gboolean
read_count (JsonObject *object,
            const char *member,
            guint64    *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  g_autofree char *text = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 number = json_node_get_int (node);

      if (number < 0)
        return FALSE;
      *value = (guint64) number;
      return TRUE;
    }

  text = _cpis_json_object_dup_trimmed (object, member);
  if (text == NULL)
    return FALSE;

  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, value, NULL);
}

/* The first of the value[x] members that holds a count */
static gboolean
read_parameter_count (JsonObject *parameter,
                      guint64    *value)
{
  static const char * const members[] = {
    "valueString", "valueUnsignedInt", "valuePositiveInt", "valueInteger", "valueInteger64",
    "valueDecimal",
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (json_object_has_member (parameter, members[i]))
      return read_count (parameter, members[i], value);

  return FALSE;
}

static gint64
read_instant_usec (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return 0;

  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    return 0;
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/* FHIR's id: letters, digits, "-" and ".", 1 to 64 of them */
static gboolean
is_fhir_id (const char *id)
{
  gsize length = 0;

  if (id == NULL)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++, length++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;

  return length > 0 && length <= 64;
}

static gboolean
is_token (const char *token)
{
  gsize length = 0;

  if (token == NULL)
    return FALSE;

  for (const char *p = token; *p != '\0'; p++, length++)
    if (!g_ascii_isgraph (*p))
      return FALSE;

  return length > 0 && length <= MAX_TOKEN_LENGTH;
}

/* The valueCode of the extension of @url among @object's "extension", or NULL */
static JsonObject *
find_extension (JsonObject *object,
                const char *url)
{
  g_autoptr(GPtrArray) extensions = _cpis_fhir_member_objects (object, "extension");

  for (guint i = 0; i < extensions->len; i++)
    {
      JsonObject *extension = g_ptr_array_index (extensions, i);

      if (g_strcmp0 (_cpis_json_object_get_string (extension, "url"), url) == 0)
        return extension;
    }

  return NULL;
}

static gboolean
payload_from_string (const char              *text,
                     CpisSubscriptionPayload *payload)
{
  if (g_strcmp0 (text, "empty") == 0)
    *payload = CPIS_SUBSCRIPTION_PAYLOAD_EMPTY;
  else if (g_strcmp0 (text, "id-only") == 0)
    *payload = CPIS_SUBSCRIPTION_PAYLOAD_ID_ONLY;
  else if (g_strcmp0 (text, "full-resource") == 0)
    *payload = CPIS_SUBSCRIPTION_PAYLOAD_FULL_RESOURCE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
type_from_string (const char           *text,
                  CpisNotificationType *type)
{
  static const struct
  {
    const char           *code;
    CpisNotificationType  type;
  } types[] = {
    { "handshake", CPIS_NOTIFICATION_HANDSHAKE },
    { "heartbeat", CPIS_NOTIFICATION_HEARTBEAT },
    { "event-notification", CPIS_NOTIFICATION_EVENT },
    { "query-status", CPIS_NOTIFICATION_QUERY_STATUS },
    { "query-event", CPIS_NOTIFICATION_QUERY_EVENT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (text, types[i].code) == 0)
      {
        *type = types[i].type;
        return TRUE;
      }

  return FALSE;
}

static void
unref_task (gpointer task)
{
  if (task != NULL)
    g_object_unref (task);
}

/* Writing ---------------------------------------------------------------- */

char *
cpis_fhir_encode_subscription (const char              *topic,
                               const char              *reason,
                               guint                    heartbeat_period,
                               CpisSubscriptionPayload  payload)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (topic != NULL, NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "Subscription");
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "profile");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, CPIS_BACKPORT_SUBSCRIPTION_PROFILE);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _cpis_fhir_add_string_member (builder, "status", "requested");
  _cpis_fhir_add_string_member (builder, "reason", reason);
  _cpis_fhir_add_string_member (builder, "criteria", topic);

  json_builder_set_member_name (builder, "channel");
  json_builder_begin_object (builder);
  if (heartbeat_period > 0)
    {
      json_builder_set_member_name (builder, "extension");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "url", CPIS_BACKPORT_HEARTBEAT_PERIOD_URL);
      json_builder_set_member_name (builder, "valueUnsignedInt");
      json_builder_add_int_value (builder, MIN (heartbeat_period,
                                                CPIS_SUBSCRIPTION_MAX_HEARTBEAT_PERIOD));
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  _cpis_fhir_add_string_member (builder, "type", "websocket");
  _cpis_fhir_add_string_member (builder, "payload", "application/fhir+json");
  json_builder_set_member_name (builder, "_payload");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "extension");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "url", CPIS_BACKPORT_PAYLOAD_CONTENT_URL);
  _cpis_fhir_add_string_member (builder, "valueCode",
                                cpis_subscription_payload_to_string (payload));
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  return _cpis_fhir_builder_to_string (builder);
}

/* Reading ---------------------------------------------------------------- */

CpisSubscription *
cpis_fhir_decode_subscription (const char  *json,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(CpisSubscription) subscription = NULL;
  JsonObject *root;
  JsonObject *channel;
  JsonObject *extension;
  guint64 heartbeat = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = _cpis_fhir_parse_resource (json, length, "Subscription", &root, error);
  if (parser == NULL)
    return NULL;

  subscription = g_new0 (CpisSubscription, 1);
  subscription->id = _cpis_json_object_dup_trimmed (root, "id");
  if (!is_fhir_id (subscription->id))
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The Subscription has no id, or one that is not a FHIR id");
      return NULL;
    }

  subscription->topic = _cpis_json_object_dup_trimmed (root, "criteria");
  subscription->status = _cpis_json_object_dup_trimmed (root, "status");
  if (subscription->topic == NULL || subscription->status == NULL)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The Subscription has no criteria or no status");
      return NULL;
    }

  channel = _cpis_json_object_get_object (root, "channel");
  if (g_strcmp0 (_cpis_json_object_get_string (channel, "type"), "websocket") != 0)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The Subscription's channel is not a websocket");
      return NULL;
    }

  extension = find_extension (_cpis_json_object_get_object (channel, "_payload"),
                              CPIS_BACKPORT_PAYLOAD_CONTENT_URL);
  if (!payload_from_string (_cpis_json_object_get_string (extension, "valueCode"),
                            &subscription->payload))
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The Subscription does not say what its notifications carry");
      return NULL;
    }

  extension = find_extension (channel, CPIS_BACKPORT_HEARTBEAT_PERIOD_URL);
  if (extension != NULL &&
      (!read_count (extension, "valueUnsignedInt", &heartbeat) ||
       heartbeat > CPIS_SUBSCRIPTION_MAX_HEARTBEAT_PERIOD))
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The Subscription's heartbeat period cannot be read");
      return NULL;
    }
  subscription->heartbeat_period = (guint) heartbeat;

  return g_steal_pointer (&subscription);
}

CpisBindingToken *
cpis_fhir_decode_binding_token (const char  *json,
                                gssize       length,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(CpisBindingToken) token = NULL;
  g_autoptr(GPtrArray) parameters = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  guint n_ids = 0;
  JsonObject *root;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = _cpis_fhir_parse_resource (json, length, "Parameters", &root, error);
  if (parser == NULL)
    return NULL;

  token = g_new0 (CpisBindingToken, 1);
  parameters = _cpis_fhir_member_objects (root, "parameter");

  for (guint i = 0; i < parameters->len; i++)
    {
      JsonObject *parameter = g_ptr_array_index (parameters, i);
      const char *name = _cpis_json_object_get_string (parameter, "name");

      if (g_strcmp0 (name, "token") == 0 && token->token == NULL)
        token->token = _cpis_json_object_dup_trimmed (parameter, "valueString");
      else if (g_strcmp0 (name, "websocket-url") == 0 && token->websocket_url == NULL)
        {
          token->websocket_url = _cpis_json_object_dup_trimmed (parameter, "valueUrl");
          if (token->websocket_url == NULL)
            token->websocket_url = _cpis_json_object_dup_trimmed (parameter, "valueString");
        }
      else if (g_strcmp0 (name, "expiration") == 0)
        token->expires_usec =
          read_instant_usec (_cpis_json_object_get_string (parameter, "valueDateTime"));
      else if (g_strcmp0 (name, "subscription") == 0)
        {
          g_autofree char *id = _cpis_json_object_dup_trimmed (parameter, "valueString");

          if (!is_fhir_id (id) || ++n_ids > MAX_SUBSCRIPTION_IDS)
            {
              g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                                   "The binding token names a Subscription that cannot be read");
              return NULL;
            }
          g_strv_builder_add (ids, id);
        }
    }

  if (!is_token (token->token))
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The answer has no binding token, or one that cannot be sent");
      return NULL;
    }
  if (token->websocket_url == NULL ||
      (!g_str_has_prefix (token->websocket_url, "ws://") &&
       !g_str_has_prefix (token->websocket_url, "wss://")))
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The answer has no websocket address (ws:// or wss://)");
      return NULL;
    }

  token->subscription_ids = g_strv_builder_end (ids);
  return g_steal_pointer (&token);
}

/* The status entry's notification-event, one event */
static CpisNotificationEvent *
decode_event (JsonObject  *parameter,
              GError     **error)
{
  g_autoptr(GPtrArray) parts = _cpis_fhir_member_objects (parameter, "part");
  CpisNotificationEvent *event = g_new0 (CpisNotificationEvent, 1);
  gboolean numbered = FALSE;

  for (guint i = 0; i < parts->len; i++)
    {
      JsonObject *part = g_ptr_array_index (parts, i);
      const char *name = _cpis_json_object_get_string (part, "name");

      if (g_strcmp0 (name, "event-number") == 0 && !numbered)
        numbered = read_parameter_count (part, &event->number) && event->number > 0;
      else if (g_strcmp0 (name, "timestamp") == 0)
        event->timestamp_usec =
          read_instant_usec (_cpis_json_object_get_string (part, "valueInstant"));
      else if (g_strcmp0 (name, "focus") == 0 && event->focus_id == NULL)
        event->focus_id = _cpis_fhir_id_from_reference (
          _cpis_json_object_get_string (_cpis_json_object_get_object (part, "valueReference"),
                                        "reference"),
          "Task");
    }

  if (!numbered)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "A notification event has no event number");
      g_free (event->focus_id);
      g_free (event);
      return NULL;
    }
  if (event->focus_id != NULL && !is_fhir_id (event->focus_id))
    g_clear_pointer (&event->focus_id, g_free);

  return event;
}

/* The first entry's Parameters (backport-subscription-status-r4) */
static gboolean
decode_status (JsonObject        *status,
               CpisNotification  *notification,
               GError           **error)
{
  g_autoptr(GPtrArray) parameters = _cpis_fhir_member_objects (status, "parameter");
  gboolean typed = FALSE;
  gboolean counted = FALSE;

  for (guint i = 0; i < parameters->len; i++)
    {
      JsonObject *parameter = g_ptr_array_index (parameters, i);
      const char *name = _cpis_json_object_get_string (parameter, "name");

      if (g_strcmp0 (name, "subscription") == 0 && notification->subscription_id == NULL)
        notification->subscription_id = _cpis_fhir_id_from_reference (
          _cpis_json_object_get_string (_cpis_json_object_get_object (parameter, "valueReference"),
                                        "reference"),
          "Subscription");
      else if (g_strcmp0 (name, "topic") == 0 && notification->topic == NULL)
        notification->topic = _cpis_json_object_dup_trimmed (parameter, "valueCanonical");
      else if (g_strcmp0 (name, "status") == 0 && notification->status == NULL)
        notification->status = _cpis_json_object_dup_trimmed (parameter, "valueCode");
      else if (g_strcmp0 (name, "type") == 0 && !typed)
        typed = type_from_string (_cpis_json_object_get_string (parameter, "valueCode"),
                                  &notification->type);
      else if (g_strcmp0 (name, "events-since-subscription-start") == 0 && !counted)
        counted = read_parameter_count (parameter, &notification->events_since_start);
      else if (g_strcmp0 (name, "notification-event") == 0)
        {
          CpisNotificationEvent *event;
          CpisNotificationEvent *previous;

          if (notification->events->len == CPIS_FHIR_MAX_NOTIFICATION_EVENTS)
            {
              g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The notification carries more than %u events",
                           CPIS_FHIR_MAX_NOTIFICATION_EVENTS);
              return FALSE;
            }

          event = decode_event (parameter, error);
          if (event == NULL)
            return FALSE;
          previous = notification->events->len > 0
                     ? g_ptr_array_index (notification->events, notification->events->len - 1)
                     : NULL;
          g_ptr_array_add (notification->events, event);
          if (previous != NULL && event->number <= previous->number)
            {
              g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                                   "The notification's event numbers do not rise");
              return FALSE;
            }
        }
    }

  if (!is_fhir_id (notification->subscription_id))
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The notification does not name its Subscription");
      return FALSE;
    }
  if (!typed)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The notification has no type it could be read as");
      return FALSE;
    }
  if (!counted)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The notification does not say how many events its Subscription "
                           "has raised");
      return FALSE;
    }
  if (notification->type == CPIS_NOTIFICATION_EVENT && notification->events->len == 0)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "An event notification carries no event");
      return FALSE;
    }

  return TRUE;
}

CpisNotification *
cpis_fhir_decode_notification (const char  *json,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(CpisNotification) notification = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autofree char *type = NULL;
  JsonObject *bundle;
  JsonArray *entries;
  JsonObject *status;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = _cpis_fhir_parse_resource (json, length, "Bundle", &bundle, error);
  if (parser == NULL)
    return NULL;

  type = _cpis_json_object_dup_trimmed (bundle, "type");
  if (g_strcmp0 (type, "history") != 0)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE,
                           "A notification is a history Bundle");
      return NULL;
    }

  entries = _cpis_json_object_get_array (bundle, "entry");
  if (_cpis_json_array_get_length (entries) > CPIS_FHIR_MAX_NOTIFICATION_EVENTS + 1)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The notification has more entries than it has events");
      return NULL;
    }

  status = _cpis_json_object_get_object (_cpis_json_array_get_object (entries, 0), "resource");
  if (g_strcmp0 (_cpis_json_object_get_string (status, "resourceType"), "Parameters") != 0)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE,
                           "A notification's first entry is its status (Parameters)");
      return NULL;
    }

  notification = _cpis_notification_new ();
  if (!decode_status (status, notification, error))
    return NULL;

  /* The Tasks of a full-resource notification, in the events' order */
  tasks = g_ptr_array_new_with_free_func (unref_task);
  for (guint i = 1; i < _cpis_json_array_get_length (entries); i++)
    {
      JsonObject *entry = _cpis_json_array_get_object (entries, i);
      JsonObject *resource = _cpis_json_object_get_object (entry, "resource");
      CpisTask *task;

      if (g_strcmp0 (_cpis_json_object_get_string (resource, "resourceType"), "Task") != 0)
        continue;

      task = _cpis_fhir_decode_task_object (resource,
                                            _cpis_json_object_get_string (entry, "fullUrl"),
                                            error);
      if (task == NULL)
        return NULL;
      g_ptr_array_add (tasks, task);
    }

  /* each event takes the first Task not yet taken that is its focus */
  for (guint i = 0; i < notification->events->len; i++)
    {
      CpisNotificationEvent *event = g_ptr_array_index (notification->events, i);

      if (event->focus_id == NULL)
        continue;

      for (guint j = 0; j < tasks->len; j++)
        {
          CpisTask *task = g_ptr_array_index (tasks, j);

          if (task != NULL && g_strcmp0 (cpis_task_get_id (task), event->focus_id) == 0)
            {
              event->task = g_steal_pointer (&tasks->pdata[j]);
              break;
            }
        }
    }

  return g_steal_pointer (&notification);
}
