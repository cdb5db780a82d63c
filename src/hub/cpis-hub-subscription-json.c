/* cpis-hub-subscription-json.c: Subscriptions and their notifications as
 * FHIR R4 JSON (cpis-hub-subscription-json.h)
 *
 * Member order follows docs/api.md's examples. Instants are in UTC with
 * +00:00, as everywhere in the hub. A notification names the Task it is
 * about and, with full-resource, carries it; it never puts anything about a
 * child anywhere else.
 */
#include "cpis-hub-subscription-json.h"

#include "cpis-fhir-codec.h"
#include "cpis-hub-task-json.h"
#include "cpis-hub-url.h"
#include "cpis-uuid.h"

static const char * const topic_canonicals[] = {
  [CPIS_HUB_TOPIC_NEW_NOTIFICATION] = CPIS_HUB_TOPIC_URL_PREFIX "new-notification",
  [CPIS_HUB_TOPIC_NOTIFICATION_CHANGED] = CPIS_HUB_TOPIC_URL_PREFIX "notification-changed",
};

const char *
cpis_hub_topic_canonical (CpisHubTopic topic)
{
  return (guint) topic < G_N_ELEMENTS (topic_canonicals) ? topic_canonicals[topic] : NULL;
}

gboolean
cpis_hub_topic_from_canonical (const char   *url,
                               CpisHubTopic *topic)
{
  for (guint i = 0; url != NULL && i < G_N_ELEMENTS (topic_canonicals); i++)
    if (g_str_equal (url, topic_canonicals[i]))
      {
        *topic = i;
        return TRUE;
      }

  return FALSE;
}

const char *
cpis_hub_subscription_status (const CpisHubSubscription *subscription,
                              gint64                     now_usec)
{
  g_return_val_if_fail (subscription != NULL, NULL);

  if (subscription->end_usec != 0 && subscription->end_usec <= now_usec)
    return "off";

  return "active";
}

/* ------------------------------------------------------------------------ */
/* Pieces */

static void
add_string_member (JsonBuilder *builder,
                   const char  *member,
                   const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_instant_member (JsonBuilder *builder,
                    const char  *member,
                    gint64       usec)
{
  g_autofree char *instant = cpis_hub_task_format_instant (usec);

  add_string_member (builder, member, instant);
}

static void
add_int_member (JsonBuilder *builder,
                const char  *member,
                gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_profile (JsonBuilder *builder,
             const char  *profile)
{
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "profile");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, profile);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* {"url": @url, "@value_member": @value} */
static void
add_uint_extension (JsonBuilder *builder,
                    const char  *url,
                    const char  *value_member,
                    guint        value)
{
  json_builder_begin_object (builder);
  add_string_member (builder, "url", url);
  add_int_member (builder, value_member, value);
  json_builder_end_object (builder);
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
add_subscription (JsonBuilder               *builder,
                  const CpisHubSubscription *subscription,
                  gint64                     now_usec)
{
  json_builder_begin_object (builder);
  add_string_member (builder, "resourceType", "Subscription");
  add_string_member (builder, "id", subscription->id);

  /* A Subscription does not change: always version 1 */
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  add_string_member (builder, "versionId", "1");
  add_instant_member (builder, "lastUpdated", subscription->created_usec);
  json_builder_set_member_name (builder, "profile");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, CPIS_HUB_BACKPORT_SUBSCRIPTION_PROFILE);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  /* whose events it carries: the hub's, whatever was asked */
  json_builder_set_member_name (builder, "extension");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string_member (builder, "url", CPIS_HUB_SUBSCRIPTION_LA_URL);
  json_builder_set_member_name (builder, "valueIdentifier");
  json_builder_begin_object (builder);
  add_string_member (builder, "system", CPIS_ODS_CODE_SYSTEM);
  add_string_member (builder, "value", subscription->la_ods_code);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  add_string_member (builder, "status", cpis_hub_subscription_status (subscription, now_usec));
  if (subscription->end_usec != 0)
    add_instant_member (builder, "end", subscription->end_usec);
  add_string_member (builder, "reason", subscription->reason);
  add_string_member (builder, "criteria", cpis_hub_topic_canonical (subscription->topic));

  json_builder_set_member_name (builder, "channel");
  json_builder_begin_object (builder);
  if (subscription->heartbeat_seconds != 0 || subscription->timeout_seconds != 0 ||
      subscription->max_count != 0)
    {
      json_builder_set_member_name (builder, "extension");
      json_builder_begin_array (builder);
      if (subscription->heartbeat_seconds != 0)
        add_uint_extension (builder, CPIS_HUB_BACKPORT_HEARTBEAT_PERIOD_URL, "valueUnsignedInt",
                            subscription->heartbeat_seconds);
      if (subscription->timeout_seconds != 0)
        add_uint_extension (builder, CPIS_HUB_BACKPORT_TIMEOUT_URL, "valueUnsignedInt",
                            subscription->timeout_seconds);
      if (subscription->max_count != 0)
        add_uint_extension (builder, CPIS_HUB_BACKPORT_MAX_COUNT_URL, "valuePositiveInt",
                            subscription->max_count);
      json_builder_end_array (builder);
    }
  add_string_member (builder, "type", "websocket");
  add_string_member (builder, "payload", "application/fhir+json");
  json_builder_set_member_name (builder, "_payload");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "extension");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string_member (builder, "url", CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL);
  add_string_member (builder, "valueCode", cpis_hub_payload_to_string (subscription->payload));
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}

static void
add_parameter_string (JsonBuilder *builder,
                      const char  *name,
                      const char  *value_member,
                      const char  *value)
{
  json_builder_begin_object (builder);
  add_string_member (builder, "name", name);
  add_string_member (builder, value_member, value);
  json_builder_end_object (builder);
}

static void
add_parameter_reference (JsonBuilder *builder,
                         const char  *name,
                         const char  *reference)
{
  json_builder_begin_object (builder);
  add_string_member (builder, "name", name);
  json_builder_set_member_name (builder, "valueReference");
  json_builder_begin_object (builder);
  add_string_member (builder, "reference", reference);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static const char *
notification_type_code (CpisHubNotificationType type)
{
  switch (type)
    {
    case CPIS_HUB_NOTIFICATION_HANDSHAKE:
      return "handshake";
    case CPIS_HUB_NOTIFICATION_HEARTBEAT:
      return "heartbeat";
    case CPIS_HUB_NOTIFICATION_EVENT:
      return "event-notification";
    case CPIS_HUB_NOTIFICATION_QUERY_EVENT:
      return "query-event";
    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  const char                *base;          /* the FHIR base, without a trailing slash */
  const CpisHubSubscription *subscription;
  const char                *type;          /* a notification type code */
  const char                *status;
  gint64                     events_count;
  CpisHubPayload             payload;
  GPtrArray                 *events;        /* may be NULL */
} StatusParameters;

/* The entry's resource: a backport-subscription-status-r4 Parameters */
static void
add_status_parameters (JsonBuilder            *builder,
                       const char             *id,
                       const StatusParameters *status)
{
  g_autofree char *subscription_url = g_strdup_printf ("%s/Subscription/%s", status->base,
                                                       status->subscription->id);
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, status->events_count);

  json_builder_begin_object (builder);
  add_string_member (builder, "resourceType", "Parameters");
  add_string_member (builder, "id", id);
  add_profile (builder, CPIS_HUB_BACKPORT_STATUS_PROFILE);

  json_builder_set_member_name (builder, "parameter");
  json_builder_begin_array (builder);
  add_parameter_reference (builder, "subscription", subscription_url);
  /* not with an empty payload: it says nothing but that something happened */
  if (status->payload != CPIS_HUB_PAYLOAD_EMPTY)
    add_parameter_string (builder, "topic", "valueCanonical",
                          cpis_hub_topic_canonical (status->subscription->topic));
  add_parameter_string (builder, "status", "valueCode", status->status);
  add_parameter_string (builder, "type", "valueCode", status->type);
  add_parameter_string (builder, "events-since-subscription-start", "valueString", count);

  for (guint i = 0; status->events != NULL && i < status->events->len; i++)
    {
      const CpisHubSubscriptionEvent *event = g_ptr_array_index (status->events, i);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, event->event_number);
      g_autofree char *timestamp = cpis_hub_task_format_instant (event->raised_usec);

      json_builder_begin_object (builder);
      add_string_member (builder, "name", "notification-event");
      json_builder_set_member_name (builder, "part");
      json_builder_begin_array (builder);
      add_parameter_string (builder, "event-number", "valueString", number);
      add_parameter_string (builder, "timestamp", "valueInstant", timestamp);
      if (status->payload != CPIS_HUB_PAYLOAD_EMPTY)
        {
          g_autofree char *focus = g_strdup_printf ("%s/Task/%s", status->base,
                                                    event->notification_id);

          add_parameter_reference (builder, "focus", focus);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* ------------------------------------------------------------------------ */
/* Public API */

char *
cpis_hub_subscription_encode (const CpisHubSubscription *subscription,
                              gint64                     now_usec)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (subscription != NULL, NULL);

  add_subscription (builder, subscription, now_usec);
  return builder_to_string (builder);
}

static void
begin_searchset (JsonBuilder *builder,
                 guint        total,
                 const char  *self_url)
{
  g_autofree char *bundle_id = cpis_uuid_new ();

  json_builder_begin_object (builder);
  add_string_member (builder, "resourceType", "Bundle");
  add_string_member (builder, "id", bundle_id);
  add_string_member (builder, "type", "searchset");
  add_int_member (builder, "total", total);
  json_builder_set_member_name (builder, "link");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string_member (builder, "relation", "self");
  add_string_member (builder, "url", self_url);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

static void
add_search_mode (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "search");
  json_builder_begin_object (builder);
  add_string_member (builder, "mode", "match");
  json_builder_end_object (builder);
}

char *
cpis_hub_subscription_encode_searchset (GPtrArray  *subscriptions,
                                        const char *base_url,
                                        const char *self_url,
                                        gint64      now_usec)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *base = NULL;

  g_return_val_if_fail (subscriptions != NULL, NULL);
  g_return_val_if_fail (base_url != NULL && self_url != NULL, NULL);

  base = cpis_hub_url_normalise (base_url);
  begin_searchset (builder, subscriptions->len, self_url);

  if (subscriptions->len > 0)
    {
      json_builder_set_member_name (builder, "entry");
      json_builder_begin_array (builder);
      for (guint i = 0; i < subscriptions->len; i++)
        {
          const CpisHubSubscription *subscription = g_ptr_array_index (subscriptions, i);
          g_autofree char *full_url = g_strdup_printf ("%s/Subscription/%s", base,
                                                       subscription->id);

          json_builder_begin_object (builder);
          add_string_member (builder, "fullUrl", full_url);
          json_builder_set_member_name (builder, "resource");
          add_subscription (builder, subscription, now_usec);
          add_search_mode (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  return builder_to_string (builder);
}

char *
cpis_hub_subscription_encode_status (GPtrArray  *subscriptions,
                                     const char *base_url,
                                     const char *self_url,
                                     gint64      now_usec)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *base = NULL;

  g_return_val_if_fail (subscriptions != NULL, NULL);
  g_return_val_if_fail (base_url != NULL && self_url != NULL, NULL);

  base = cpis_hub_url_normalise (base_url);
  begin_searchset (builder, subscriptions->len, self_url);

  if (subscriptions->len > 0)
    {
      json_builder_set_member_name (builder, "entry");
      json_builder_begin_array (builder);
      for (guint i = 0; i < subscriptions->len; i++)
        {
          const CpisHubSubscription *subscription = g_ptr_array_index (subscriptions, i);
          g_autofree char *id = cpis_uuid_new ();
          g_autofree char *full_url = g_strconcat ("urn:uuid:", id, NULL);
          StatusParameters status = {
            .base = base,
            .subscription = subscription,
            .type = "query-status",
            .status = cpis_hub_subscription_status (subscription, now_usec),
            .events_count = subscription->events_count,
            .payload = subscription->payload,
          };

          json_builder_begin_object (builder);
          add_string_member (builder, "fullUrl", full_url);
          json_builder_set_member_name (builder, "resource");
          add_status_parameters (builder, id, &status);
          add_search_mode (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  return builder_to_string (builder);
}

/* @text as a JSON string, quotes included; in one piece when nothing in it
 * needs escaping (ids, URLs, codes: nearly always) */
static void
append_json_string (GString    *out,
                    const char *text)
{
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    if (*p == '"' || *p == '\\' || (guchar) *p < 0x20)
      break;

  if (*p == '\0')
    g_string_append_len (out, text, p - text);
  else
    for (p = text; *p != '\0'; p++)
      {
        guchar c = (guchar) *p;

        if (c == '"' || c == '\\')
          {
            g_string_append_c (out, '\\');
            g_string_append_c (out, c);
          }
        else if (c < 0x20)
          g_string_append_printf (out, "\\u%04x", c);
        else
          g_string_append_c (out, c);
      }
  g_string_append_c (out, '"');
}

/* ,{"name":"@name","@member":@value} (@value escaped); @name and @member
 * are the file's own words */
static void
append_parameter (GString    *out,
                  const char *name,
                  const char *member,
                  const char *value)
{
  g_string_append (out, ",{\"name\":\"");
  g_string_append (out, name);
  g_string_append (out, "\",\"");
  g_string_append (out, member);
  g_string_append (out, "\":");
  append_json_string (out, value);
  g_string_append_c (out, '}');
}

/* The decimal digits of @value */
static void
append_int (GString *out,
            gint64   value)
{
  char digits[24];

  g_string_append_len (out, digits, g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, value));
}

char *
cpis_hub_notification_encode (const CpisHubNotification *notification)
{
  g_autoptr(GString) out = g_string_sized_new (1536);
  g_autofree char *base = NULL;
  g_autofree char *bundle_id = cpis_uuid_new ();
  g_autofree char *status_id = cpis_uuid_new ();
  g_autofree char *timestamp = NULL;
  g_autofree char *subscription_url = NULL;
  g_autofree char *count = NULL;
  const CpisHubSubscription *subscription;
  gboolean empty;

  g_return_val_if_fail (notification != NULL && notification->subscription != NULL, NULL);
  g_return_val_if_fail (notification->base_url != NULL, NULL);
  g_return_val_if_fail (notification->tasks == NULL || notification->events == NULL ||
                        notification->tasks->len == notification->events->len, NULL);

  subscription = notification->subscription;
  empty = notification->payload == CPIS_HUB_PAYLOAD_EMPTY;
  base = cpis_hub_url_normalise (notification->base_url);
  timestamp = cpis_hub_task_format_instant (notification->now_usec);
  subscription_url = g_strconcat (base, "/Subscription/", subscription->id, NULL);
  count = g_strdup_printf ("%" G_GINT64_FORMAT, notification->events_count);

  /* The Bundle and its first entry, the SubscriptionStatus, as the other
   * encoders of this file would write them (ids, numbers and instants need
   * no escaping; URLs and codes are escaped) */
  g_string_append (out, "{\"resourceType\":\"Bundle\",\"id\":\"");
  g_string_append (out, bundle_id);
  g_string_append (out, "\",\"meta\":{\"profile\":[\"" CPIS_HUB_BACKPORT_NOTIFICATION_PROFILE "\"]},"
                        "\"type\":\"history\",\"timestamp\":\"");
  g_string_append (out, timestamp);
  g_string_append (out, "\",\"entry\":[{\"fullUrl\":\"urn:uuid:");
  g_string_append (out, status_id);
  g_string_append (out, "\",\"resource\":{\"resourceType\":\"Parameters\",\"id\":\"");
  g_string_append (out, status_id);
  g_string_append (out, "\",\"meta\":{\"profile\":[\"" CPIS_HUB_BACKPORT_STATUS_PROFILE "\"]},"
                        "\"parameter\":[{\"name\":\"subscription\",\"valueReference\":"
                        "{\"reference\":");
  append_json_string (out, subscription_url);
  g_string_append (out, "}}");
  /* not with an empty payload: it says nothing but that something happened */
  if (!empty)
    append_parameter (out, "topic", "valueCanonical", cpis_hub_topic_canonical (subscription->topic));
  append_parameter (out, "status", "valueCode", notification->status);
  append_parameter (out, "type", "valueCode", notification_type_code (notification->type));
  append_parameter (out, "events-since-subscription-start", "valueString", count);

  for (guint i = 0; notification->events != NULL && i < notification->events->len; i++)
    {
      const CpisHubSubscriptionEvent *event = g_ptr_array_index (notification->events, i);
      g_autofree char *event_timestamp = cpis_hub_task_format_instant (event->raised_usec);

      g_string_append (out, ",{\"name\":\"notification-event\",\"part\":["
                            "{\"name\":\"event-number\",\"valueString\":\"");
      append_int (out, event->event_number);
      g_string_append (out, "\"},{\"name\":\"timestamp\",\"valueInstant\":\"");
      g_string_append (out, event_timestamp);
      g_string_append (out, "\"}");
      if (!empty)
        {
          g_autofree char *focus = g_strconcat (base, "/Task/", event->notification_id, NULL);

          g_string_append (out, ",{\"name\":\"focus\",\"valueReference\":{\"reference\":");
          append_json_string (out, focus);
          g_string_append (out, "}}");
        }
      g_string_append (out, "]}");
    }

  g_string_append (out, "]},\"request\":{\"method\":\"GET\",\"url\":");
  {
    g_autofree char *status_url = g_strconcat (subscription_url, "/$status", NULL);

    append_json_string (out, status_url);
  }
  g_string_append (out, "},\"response\":{\"status\":\"200\"}}");

  /* full-resource: each Task at its event's version, as a history entry has it */
  if (notification->payload == CPIS_HUB_PAYLOAD_FULL_RESOURCE && notification->tasks != NULL)
    {
      for (guint i = 0; i < notification->tasks->len; i++)
        {
          const char *task = g_ptr_array_index (notification->tasks, i);
          const CpisHubSubscriptionEvent *event = g_ptr_array_index (notification->events, i);
          g_autofree char *full_url = NULL;

          if (task == NULL)
            continue;

          full_url = g_strconcat (base, "/Task/", event->notification_id, NULL);
          g_string_append (out, ",{\"fullUrl\":");
          append_json_string (out, full_url);
          g_string_append (out, ",\"resource\":");
          g_string_append (out, task);
          if (event->version == 1)
            g_string_append (out, ",\"request\":{\"method\":\"POST\",\"url\":\"Task\"},"
                                  "\"response\":{\"status\":\"201 Created\",\"etag\":\"W/\\\"1\\\"\"}}");
          else
            {
              g_string_append (out, ",\"request\":{\"method\":\"PUT\",\"url\":\"Task/");
              g_string_append (out, event->notification_id);
              g_string_append (out, "\"},\"response\":{\"status\":\"200 OK\",\"etag\":\"W/\\\"");
              append_int (out, event->version);
              g_string_append (out, "\\\"\"}}");
            }
        }
    }

  g_string_append (out, "]}");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
cpis_hub_binding_token_encode (const char         *token,
                               gint64              expires_usec,
                               const char * const *subscription_ids,
                               const char         *websocket_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *expiration = cpis_hub_task_format_instant (expires_usec);

  g_return_val_if_fail (token != NULL && websocket_url != NULL, NULL);

  json_builder_begin_object (builder);
  add_string_member (builder, "resourceType", "Parameters");
  json_builder_set_member_name (builder, "parameter");
  json_builder_begin_array (builder);
  add_parameter_string (builder, "token", "valueString", token);
  add_parameter_string (builder, "expiration", "valueDateTime", expiration);
  for (guint i = 0; subscription_ids != NULL && subscription_ids[i] != NULL; i++)
    add_parameter_string (builder, "subscription", "valueString", subscription_ids[i]);
  add_parameter_string (builder, "websocket-url", "valueUrl", websocket_url);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return builder_to_string (builder);
}
