/* cpis-hub-subscription-read.c: reading a POST [base]/Subscription body
 * (cpis-hub-subscription-read.h says what is refused, and how)
 *
 * What the hub writes is not read from the body: the id, meta and the
 * local-authority extension are the hub's. A diagnostic names a member the
 * hub does not keep only when the name is short plain ASCII.
 */
#include "cpis-hub-subscription-read.h"

#include <string.h>

#include "cpis-fhir-codec.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-json-private.h"
#include "cpis-hub-subscription-json.h"

typedef struct
{
  guint  status;
  char  *diagnostics;
} Refusal;

static gboolean refuse (Refusal    *refusal,
                        guint       status,
                        const char *format,
                        ...) G_GNUC_PRINTF (3, 4);

/* Always FALSE, for `return refuse (…)`; the first refusal stays */
static gboolean
refuse (Refusal    *refusal,
        guint       status,
        const char *format,
        ...)
{
  va_list args;

  if (refusal->diagnostics != NULL)
    return FALSE;

  va_start (args, format);
  refusal->status = status;
  refusal->diagnostics = g_strdup_vprintf (format, args);
  va_end (args);

  return FALSE;
}

#define UNREADABLE(refusal, ...)  refuse ((refusal), 400, __VA_ARGS__)
#define NOT_ALLOWED(refusal, ...) refuse ((refusal), 422, __VA_ARGS__)

/* @name when it is safe to repeat in a diagnostic, else a stand-in */
static const char *
printable_name (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > 64)
    return "(a member)";

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isprint (name[i]) || name[i] == '"')
      return "(a member)";

  return name;
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

/* The node of @member if it holds @type (a string, for JSON_NODE_VALUE);
 * FALSE (400) if it holds another; TRUE with NULL when absent */
static gboolean
member_of_type (JsonObject    *object,
                const char    *where,
                const char    *member,
                JsonNodeType   type,
                JsonNode     **node,
                Refusal       *refusal)
{
  static const char * const kinds[] = {
    [JSON_NODE_OBJECT] = "an object",
    [JSON_NODE_ARRAY] = "an array",
    [JSON_NODE_VALUE] = "a string",
    [JSON_NODE_NULL] = "null",
  };

  *node = object != NULL ? json_object_get_member (object, member) : NULL;
  if (*node == NULL)
    return TRUE;

  if (JSON_NODE_TYPE (*node) != type || (type == JSON_NODE_VALUE && !is_string (*node)))
    {
      *node = NULL;
      return UNREADABLE (refusal, "The %s’s “%s” must be %s.", where, member, kinds[type]);
    }

  return TRUE;
}

/* Every member of @object is one of @known (NULL-terminated); else 422 */
static gboolean
check_members (JsonObject         *object,
               const char         *where,
               const char * const *known,
               Refusal            *refusal)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (known, l->data))
        return NOT_ALLOWED (refusal, "The hub keeps no “%s” on a %s.",
                            printable_name (l->data), where);
    }

  return TRUE;
}

/* An instant with its offset ("Z" or ±hh:mm), in microseconds */
static gboolean
parse_instant (const char *text,
               gint64     *usec)
{
  g_autoptr(GDateTime) instant = NULL;
  gsize length;

  if (text == NULL || strchr (text, 'T') == NULL)
    return FALSE;

  length = strlen (text);
  if (!(length > 0 && (text[length - 1] == 'Z' ||
                       (length > 6 && (text[length - 6] == '+' || text[length - 6] == '-') &&
                        text[length - 3] == ':'))))
    return FALSE;

  instant = g_date_time_new_from_iso8601 (text, NULL);
  if (instant == NULL)
    return FALSE;

  *usec = g_date_time_to_unix (instant) * G_USEC_PER_SEC + g_date_time_get_microsecond (instant);
  return TRUE;
}

/* A whole number from @node: a JSON integer, within [@min, @max] */
static gboolean
read_number (JsonNode *node,
             gint64    min,
             gint64    max,
             guint    *value)
{
  gint64 number;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  number = json_node_get_int (node);
  if (number < min || number > max)
    return FALSE;

  *value = (guint) number;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The channel */

/* The channel's extensions: heartbeat period, timeout, max count */
static gboolean
read_channel_extensions (JsonObject          *channel,
                         CpisHubSubscription *subscription,
                         Refusal             *refusal)
{
  JsonNode *node;
  JsonArray *extensions;
  gboolean seen_heartbeat = FALSE, seen_timeout = FALSE, seen_max_count = FALSE;

  if (!member_of_type (channel, "channel", "extension", JSON_NODE_ARRAY, &node, refusal))
    return FALSE;
  if (node == NULL)
    return TRUE;

  extensions = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (extensions); i++)
    {
      JsonObject *extension = _cpis_json_array_get_object (extensions, i);
      const char *url = _cpis_json_object_get_string (extension, "url");

      if (extension == NULL || url == NULL)
        return UNREADABLE (refusal, "Each of the channel’s extensions must be an object with a "
                                    "“url”.");

      if (g_str_equal (url, CPIS_HUB_BACKPORT_HEARTBEAT_PERIOD_URL))
        {
          if (seen_heartbeat ||
              !read_number (json_object_get_member (extension, "valueUnsignedInt"), 1,
                            CPIS_HUB_SUBSCRIPTION_MAX_HEARTBEAT, &subscription->heartbeat_seconds))
            return NOT_ALLOWED (refusal, "Give the heartbeat period once, as a valueUnsignedInt "
                                         "of 1 to %u seconds.", CPIS_HUB_SUBSCRIPTION_MAX_HEARTBEAT);
          seen_heartbeat = TRUE;
        }
      else if (g_str_equal (url, CPIS_HUB_BACKPORT_TIMEOUT_URL))
        {
          if (seen_timeout ||
              !read_number (json_object_get_member (extension, "valueUnsignedInt"), 0,
                            CPIS_HUB_SUBSCRIPTION_MAX_HEARTBEAT, &subscription->timeout_seconds))
            return NOT_ALLOWED (refusal, "Give the timeout once, as a valueUnsignedInt of 0 to "
                                         "%u seconds.", CPIS_HUB_SUBSCRIPTION_MAX_HEARTBEAT);
          seen_timeout = TRUE;
        }
      else if (g_str_equal (url, CPIS_HUB_BACKPORT_MAX_COUNT_URL))
        {
          if (seen_max_count ||
              !read_number (json_object_get_member (extension, "valuePositiveInt"), 1,
                            G_MAXINT32, &subscription->max_count))
            return NOT_ALLOWED (refusal, "Give the max count once, as a valuePositiveInt.");
          seen_max_count = TRUE;
        }
      else
        return NOT_ALLOWED (refusal, "The hub keeps no other extension on the channel than the "
                                     "heartbeat period, the timeout and the max count.");
    }

  return TRUE;
}

/* channel.payload and its content: "_payload": {"extension": [content]} */
static gboolean
read_payload (JsonObject          *channel,
              CpisHubSubscription *subscription,
              Refusal             *refusal)
{
  JsonNode *payload_node, *extra_node, *node;
  JsonObject *extra;
  JsonArray *extensions;
  gboolean seen = FALSE;
  g_autofree char *media = NULL;
  const char *type;
  const char *semicolon;

  if (!member_of_type (channel, "channel", "payload", JSON_NODE_VALUE, &payload_node, refusal) ||
      !member_of_type (channel, "channel", "_payload", JSON_NODE_OBJECT, &extra_node, refusal))
    return FALSE;

  if (payload_node == NULL)
    return NOT_ALLOWED (refusal, "Give the channel’s payload: application/fhir+json, with its "
                                 "content (backport-payload-content).");

  /* parameters (; fhirVersion=4.0) are allowed */
  type = json_node_get_string (payload_node);
  semicolon = strchr (type, ';');
  media = g_strstrip (g_strndup (type, semicolon != NULL ? (gsize) (semicolon - type)
                                                         : strlen (type)));
  if (g_ascii_strcasecmp (media, "application/fhir+json") != 0)
    return NOT_ALLOWED (refusal, "The hub sends notifications as application/fhir+json only.");

  extra = extra_node != NULL ? json_node_get_object (extra_node) : NULL;
  if (extra != NULL)
    {
      static const char * const known[] = { "extension", NULL };

      if (!check_members (extra, "channel payload", known, refusal) ||
          !member_of_type (extra, "channel payload", "extension", JSON_NODE_ARRAY, &node, refusal))
        return FALSE;

      extensions = node != NULL ? json_node_get_array (node) : NULL;
      for (guint i = 0; i < _cpis_json_array_get_length (extensions); i++)
        {
          JsonObject *extension = _cpis_json_array_get_object (extensions, i);
          const char *url = _cpis_json_object_get_string (extension, "url");
          const char *code = _cpis_json_object_get_string (extension, "valueCode");

          if (extension == NULL || url == NULL)
            return UNREADABLE (refusal, "Each of the payload’s extensions must be an object with "
                                        "a “url”.");
          if (!g_str_equal (url, CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL))
            return NOT_ALLOWED (refusal, "The hub keeps no other extension on the payload than "
                                         "its content (backport-payload-content).");
          if (seen || !cpis_hub_payload_from_string (code, &subscription->payload))
            return NOT_ALLOWED (refusal, "Give the payload content once, as a valueCode: "
                                         "“empty”, “id-only” or “full-resource”.");
          seen = TRUE;
        }
    }

  if (!seen)
    return NOT_ALLOWED (refusal, "Say how much of each notification to send: the payload's "
                                 "backport-payload-content extension, “empty”, “id-only” or "
                                 "“full-resource”.");

  return TRUE;
}

static gboolean
read_channel (JsonObject          *root,
              CpisHubSubscription *subscription,
              Refusal             *refusal)
{
  static const char * const known[] = {
    "type", "_type", "payload", "_payload", "extension", "endpoint", "header", NULL,
  };
  JsonNode *node, *type_node;
  JsonObject *channel;

  if (!member_of_type (root, "Subscription", "channel", JSON_NODE_OBJECT, &node, refusal))
    return FALSE;
  if (node == NULL)
    return UNREADABLE (refusal, "The Subscription has no channel.");

  channel = json_node_get_object (node);
  if (!member_of_type (channel, "channel", "type", JSON_NODE_VALUE, &type_node, refusal) ||
      !check_members (channel, "Subscription channel", known, refusal))
    return FALSE;

  if (type_node == NULL)
    return UNREADABLE (refusal, "The Subscription’s channel has no type.");
  if (!g_str_equal (json_node_get_string (type_node), "websocket") ||
      json_object_has_member (channel, "_type"))
    return NOT_ALLOWED (refusal, "The hub pushes notifications over a websocket only: the "
                                 "channel type must be “websocket”.");
  if (json_object_has_member (channel, "endpoint") || json_object_has_member (channel, "header"))
    return NOT_ALLOWED (refusal, "A websocket channel has no endpoint or headers: "
                                 "$get-ws-binding-token gives the websocket's address.");

  return read_channel_extensions (channel, subscription, refusal) &&
         read_payload (channel, subscription, refusal);
}

/* ------------------------------------------------------------------------ */
/* The rest */

static gboolean
read_criteria (JsonObject          *root,
               CpisHubSubscription *subscription,
               Refusal             *refusal)
{
  JsonNode *node, *extra;

  if (!member_of_type (root, "Subscription", "criteria", JSON_NODE_VALUE, &node, refusal) ||
      !member_of_type (root, "Subscription", "_criteria", JSON_NODE_OBJECT, &extra, refusal))
    return FALSE;

  if (node == NULL)
    return UNREADABLE (refusal, "The Subscription has no criteria: give the canonical URL of "
                                "one of the hub's topics.");

  if (!cpis_hub_topic_from_canonical (json_node_get_string (node), &subscription->topic))
    return NOT_ALLOWED (refusal, "The hub has no such topic: the criteria must be %s or %s.",
                        cpis_hub_topic_canonical (CPIS_HUB_TOPIC_NEW_NOTIFICATION),
                        cpis_hub_topic_canonical (CPIS_HUB_TOPIC_NOTIFICATION_CHANGED));

  /* Filters could only narrow the LA's events, which the hub sends whatever
   * is asked: say so rather than ignore them */
  if (extra != NULL)
    return NOT_ALLOWED (refusal, "The hub's topics take no filter criteria: a Subscription "
                                 "carries the events of your own local authority, and only "
                                 "those.");

  return TRUE;
}

static gboolean
read_status (JsonObject *root,
             Refusal    *refusal)
{
  JsonNode *node;
  const char *status;

  if (!member_of_type (root, "Subscription", "status", JSON_NODE_VALUE, &node, refusal))
    return FALSE;
  if (node == NULL)
    return UNREADABLE (refusal, "The Subscription has no status: send “requested”.");

  status = json_node_get_string (node);
  if (!g_str_equal (status, "requested") && !g_str_equal (status, "active"))
    return NOT_ALLOWED (refusal, "A new Subscription is “requested” (the hub makes it "
                                 "“active”).");

  return TRUE;
}

static gboolean
read_reason (JsonObject          *root,
             CpisHubSubscription *subscription,
             Refusal             *refusal)
{
  JsonNode *node;
  g_autofree char *reason = NULL;

  if (!member_of_type (root, "Subscription", "reason", JSON_NODE_VALUE, &node, refusal))
    return FALSE;
  if (node == NULL)
    return UNREADABLE (refusal, "The Subscription has no reason.");

  reason = _cpis_json_strdup_trimmed (json_node_get_string (node));
  if (reason == NULL)
    return NOT_ALLOWED (refusal, "Say why in the reason (white space alone is none).");
  if (g_utf8_strlen (reason, -1) > CPIS_HUB_SUBSCRIPTION_MAX_REASON)
    return NOT_ALLOWED (refusal, "The reason is longer than %d characters.",
                        CPIS_HUB_SUBSCRIPTION_MAX_REASON);

  subscription->reason = g_steal_pointer (&reason);
  return TRUE;
}

static gboolean
read_end (JsonObject          *root,
          gint64               now_usec,
          CpisHubSubscription *subscription,
          Refusal             *refusal)
{
  JsonNode *node;

  if (!member_of_type (root, "Subscription", "end", JSON_NODE_VALUE, &node, refusal))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!parse_instant (json_node_get_string (node), &subscription->end_usec) ||
      subscription->end_usec == 0)
    return NOT_ALLOWED (refusal, "The end must be an instant with its offset "
                                 "(2026-12-31T17:00:00Z).");
  if (subscription->end_usec <= now_usec)
    return NOT_ALLOWED (refusal, "The end has passed: a Subscription must end in the future.");

  return TRUE;
}

/* The members a Subscription cannot be read without, and the JSON type of
 * every member the hub reads: a 400 before any 422 */
static gboolean
check_readable (JsonObject *root,
                Refusal    *refusal)
{
  static const struct
  {
    const char   *member;
    JsonNodeType  type;
    const char   *missing;
  } members[] = {
    { "status", JSON_NODE_VALUE, "The Subscription has no status: send “requested”." },
    { "reason", JSON_NODE_VALUE, "The Subscription has no reason." },
    { "criteria", JSON_NODE_VALUE, "The Subscription has no criteria: give the canonical URL "
                                   "of one of the hub's topics." },
    { "channel", JSON_NODE_OBJECT, "The Subscription has no channel." },
    { "_criteria", JSON_NODE_OBJECT, NULL },
    { "end", JSON_NODE_VALUE, NULL },
    { "meta", JSON_NODE_OBJECT, NULL },
  };
  JsonNode *node;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      if (!member_of_type (root, "Subscription", members[i].member, members[i].type, &node,
                           refusal))
        return FALSE;
      if (node == NULL && members[i].missing != NULL)
        return UNREADABLE (refusal, "%s", members[i].missing);
    }

  node = json_object_get_member (root, "channel");
  if (!member_of_type (json_node_get_object (node), "channel", "type", JSON_NODE_VALUE, &node,
                       refusal))
    return FALSE;
  if (node == NULL)
    return UNREADABLE (refusal, "The Subscription’s channel has no type.");

  return TRUE;
}

CpisHubSubscription *
cpis_hub_subscription_read (GBytes  *body,
                            gint64   now_usec,
                            guint   *status,
                            char   **diagnostics)
{
  /* id and meta are the hub's, and not read */
  static const char * const known[] = {
    "resourceType", "id", "meta", "status", "end", "reason", "criteria", "_criteria", "channel",
    NULL,
  };
  g_autoptr(CpisHubSubscription) subscription = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  Refusal refusal = { 0 };
  JsonObject *root = NULL;
  const char *data;
  gsize size = 0;

  g_return_val_if_fail (status != NULL && diagnostics != NULL, NULL);

  *status = 0;
  *diagnostics = NULL;
  data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (size == 0)
    UNREADABLE (&refusal, "The request has no body: send the Subscription.");
  else if (!g_utf8_validate_len (data, size, NULL))
    UNREADABLE (&refusal, "The body is not UTF-8 text, or holds a NUL byte.");
  /* json-glib would cut a string at an escaped NUL */
  else if (g_strstr_len (data, size, "\\u0000") != NULL)
    UNREADABLE (&refusal, "The body holds a NUL character.");
  else if ((parser = _cpis_fhir_parse_resource (data, size, "Subscription", &root, &error)) == NULL)
    {
      if (g_error_matches (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE))
        UNREADABLE (&refusal, "The body is not a Subscription resource.");
      else if (g_error_matches (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID))
        UNREADABLE (&refusal, "The body gives a member twice in one object.");
      else
        UNREADABLE (&refusal, "The body is not JSON, or is nested more than 64 levels deep.");
    }

  if (refusal.diagnostics != NULL)
    goto refused;

  subscription = g_new0 (CpisHubSubscription, 1);

  /* What cannot be read first (400), then what may not be (422) */
  if (check_readable (root, &refusal) &&
      read_status (root, &refusal) &&
      read_reason (root, subscription, &refusal) &&
      read_criteria (root, subscription, &refusal) &&
      read_channel (root, subscription, &refusal) &&
      read_end (root, now_usec, subscription, &refusal) &&
      check_members (root, "Subscription", known, &refusal))
    return g_steal_pointer (&subscription);

refused:
  *status = refusal.status;
  *diagnostics = refusal.diagnostics;
  return NULL;
}
