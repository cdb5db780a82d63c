/* cpis-hub-fhir-subscription.c: social workers' Subscriptions, the
 * Subscriptions R5 Backport IG's way (docs/api.md, "Subscriptions and the
 * websocket")
 *
 *   GET    [base]/Subscription                          the user's, a searchset
 *   POST   [base]/Subscription                          a new one (201)
 *   GET    [base]/Subscription/{id}                     one
 *   DELETE [base]/Subscription/{id}                     gone, with its events (204)
 *   GET    [base]/Subscription/$status                  every one's status (?id=…)
 *   GET    [base]/Subscription/{id}/$status             one's status
 *   GET    [base]/Subscription/{id}/$events             its events, by number
 *   GET|POST [base]/Subscription/$get-ws-binding-token  a binding token (?id=…)
 *   GET|POST [base]/Subscription/{id}/$get-ws-binding-token
 *
 * Order of checks, as for Tasks: path and method (404, 405); the token
 * (401); the role, social workers only (403); for an id, the Subscription
 * is the user's own (404, the same for another's and for none); then the
 * request itself. A Subscription carries the events of its owner's LA and
 * no other, whatever the body asks (filters are refused, not ignored).
 */
#include <string.h>

#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-json-private.h"
#include "cpis-hub-auth.h"
#include "cpis-hub-push.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server-private.h"
#include "cpis-hub-store-subscriptions.h"
#include "cpis-hub-subscription-json.h"
#include "cpis-hub-subscription-read.h"
#include "cpis-hub-task-json.h"

/* A user's Subscriptions, at most */
#define MAX_SUBSCRIPTIONS_PER_USER 20
/* Events answered by one $events, at most */
#define MAX_EVENTS_ANSWERED        100

typedef enum
{
  SUBSCRIPTION_PATH_ITEM,            /* {id} */
  SUBSCRIPTION_PATH_STATUS,          /* {id}/$status, $status */
  SUBSCRIPTION_PATH_EVENTS,          /* {id}/$events */
  SUBSCRIPTION_PATH_BINDING_TOKEN,   /* {id}/$get-ws-binding-token, $get-ws-binding-token */
} SubscriptionPath;

/* The same answer for another user's Subscription and for none */
static void
respond_no_such_subscription (SoupServerMessage *msg)
{
  cpis_hub_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", CPIS_HUB_NOT_FOUND,
                          "There is no such Subscription of yours.");
}

/* The user of the token if a social worker; NULL after answering 401 or 403 */
static CpisHubUser *
authenticate_social_worker (CpisHubServer     *self,
                            SoupServerMessage *msg)
{
  return _cpis_hub_server_authenticate_social_worker (
    self, msg, "Only social workers may subscribe to their authority's notifications.");
}

/* The user's Subscription @id; NULL after answering 404 or 500 */
static CpisHubSubscription *
find_own (CpisHubServer     *self,
          SoupServerMessage *msg,
          CpisHubUser       *user,
          const char        *id)
{
  g_autoptr(GError) error = NULL;
  CpisHubSubscription *subscription;

  subscription = cpis_hub_store_find_subscription (_cpis_hub_server_get_store (self), user->id,
                                                   id, &error);
  if (error != NULL)
    {
      g_warning ("Could not read a Subscription: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not read the Subscription.");
      return NULL;
    }

  /* another LA's, another social worker's, or none: the same answer */
  if (subscription == NULL ||
      g_strcmp0 (subscription->la_ods_code, user->organisation->ods_code) != 0)
    {
      cpis_hub_subscription_free (subscription);
      respond_no_such_subscription (msg);
      return NULL;
    }

  return subscription;
}

static GPtrArray *
list_own (CpisHubServer     *self,
          SoupServerMessage *msg,
          CpisHubUser       *user)
{
  g_autoptr(GPtrArray) subscriptions = NULL;
  g_autoptr(GError) error = NULL;

  subscriptions = cpis_hub_store_list_subscriptions (_cpis_hub_server_get_store (self), user->id,
                                                     &error);
  if (subscriptions == NULL)
    {
      g_warning ("Could not list the Subscriptions: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not read the Subscriptions.");
      return NULL;
    }

  /* of the LA the user is with now */
  for (guint i = subscriptions->len; i > 0; i--)
    {
      CpisHubSubscription *subscription = g_ptr_array_index (subscriptions, i - 1);

      if (g_strcmp0 (subscription->la_ods_code, user->organisation->ods_code) != 0)
        g_ptr_array_remove_index (subscriptions, i - 1);
    }

  return g_steal_pointer (&subscriptions);
}

/* Each query parameter of @msg as name → value; NULL after answering 400
 * when one cannot be decoded, is not one of @known, or is given twice but
 * @repeatable (its values then joined with commas) */
static GHashTable *
read_query (SoupServerMessage  *msg,
            const char * const *known,
            const char         *repeatable)
{
  const char *text = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  GUriParamsIter iter;
  char *name, *value;

  g_uri_params_iter_init (&iter, text != NULL ? text : "", -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &name, &value, &error))
    {
      g_autofree char *owned_name = name;
      g_autofree char *owned_value = value;
      const char *before;

      if (known == NULL || !g_strv_contains (known, owned_name))
        {
          cpis_hub_respond_invalid_search (msg, "This endpoint takes no such parameter.");
          return NULL;
        }

      before = g_hash_table_lookup (params, owned_name);
      if (before != NULL && g_strcmp0 (owned_name, repeatable) != 0)
        {
          cpis_hub_respond_invalid_search (msg, "Give each parameter once.");
          return NULL;
        }
      if (before != NULL)
        g_hash_table_insert (params, g_steal_pointer (&owned_name),
                             g_strconcat (before, ",", owned_value, NULL));
      else
        g_hash_table_insert (params, g_steal_pointer (&owned_name), g_steal_pointer (&owned_value));
    }

  if (error != NULL)
    {
      cpis_hub_respond_invalid_search (msg, "The query could not be read.");
      return NULL;
    }

  return g_steal_pointer (&params);
}

/* "a,b,c": the ids, each a UUID (lower case), without repeats; NULL after
 * answering 400 */
static GPtrArray *
read_ids (SoupServerMessage *msg,
          const char        *list)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) items = g_strsplit (list, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *id = g_ascii_strdown (g_strstrip (items[i]), -1);

      if (!g_uuid_string_is_valid (id))
        {
          cpis_hub_respond_invalid_search (msg, "Each id is a Subscription id (a UUID).");
          return NULL;
        }
      if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_ptr_array_add (ids, g_steal_pointer (&id));
    }

  return g_steal_pointer (&ids);
}

/* ------------------------------------------------------------------------ */
/* The search and the read */

void
_cpis_hub_fhir_subscription_search (CpisHubServer     *self,
                                    SoupServerMessage *msg)
{
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(GPtrArray) subscriptions = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *self_url = NULL;

  user = authenticate_social_worker (self, msg);
  if (user == NULL)
    return;

  /* Every Subscription of the user's is answered: there is nothing to narrow */
  params = read_query (msg, NULL, NULL);
  if (params == NULL)
    return;

  subscriptions = list_own (self, msg, user);
  if (subscriptions == NULL)
    return;

  base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_BASE_PATH);
  self_url = g_uri_to_string (soup_server_message_get_uri (msg));
  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         cpis_hub_subscription_encode_searchset (subscriptions, base_url, self_url,
                                                                 _cpis_hub_server_now_usec (self)));
}

static void
respond_subscription (CpisHubServer             *self,
                      SoupServerMessage         *msg,
                      const CpisHubSubscription *subscription)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", "W/\"1\"");
  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         cpis_hub_subscription_encode (subscription,
                                                       _cpis_hub_server_now_usec (self)));
}

/* ------------------------------------------------------------------------ */
/* Create */

typedef struct
{
  CpisHubServer     *server;
  SoupServerMessage *msg;
  gint64             user_id;
} WriteRequest;

static void
write_request_free (WriteRequest *request)
{
  g_clear_object (&request->server);
  g_clear_object (&request->msg);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WriteRequest, write_request_free)

static WriteRequest *
write_request_new (CpisHubServer     *self,
                   SoupServerMessage *msg,
                   CpisHubUser       *user)
{
  WriteRequest *request = g_new0 (WriteRequest, 1);

  request->server = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->user_id = user->id;
  return request;
}

static void
subscription_added_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(WriteRequest) request = user_data;
  g_autoptr(CpisHubSubscription) subscription = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = cpis_hub_store_add_subscription_finish (CPIS_HUB_STORE (source), result, &error);
  if (id != NULL)
    subscription = cpis_hub_store_find_subscription (CPIS_HUB_STORE (source), request->user_id,
                                                     id, &error);

  if (subscription == NULL)
    {
      g_warning ("Could not store a Subscription: %s",
                 error != NULL ? error->message : "it is gone");
      cpis_hub_respond_server_error (request->msg,
                                     "The hub could not store the Subscription; try again.");
    }
  else
    {
      g_autofree char *base_url = _cpis_hub_request_base_url (request->msg, CPIS_HUB_BASE_PATH);
      g_autofree char *location = g_strdup_printf ("%s/Subscription/%s", base_url, id);

      respond_subscription (request->server, request->msg, subscription);
      soup_server_message_set_status (request->msg, SOUP_STATUS_CREATED, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Location", location);
    }

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
_cpis_hub_fhir_subscription_create (CpisHubServer     *self,
                                    SoupServerMessage *msg)
{
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(CpisHubSubscription) subscription = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *diagnostics = NULL;
  guint status;

  user = authenticate_social_worker (self, msg);
  if (user == NULL)
    return;

  if (!is_json_content_type (msg))
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "invalid",
                              CPIS_HUB_UNSUPPORTED_MEDIA,
                              "Send the Subscription as application/fhir+json.");
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  subscription = cpis_hub_subscription_read (body, _cpis_hub_server_now_usec (self), &status,
                                             &diagnostics);
  if (subscription == NULL)
    {
      gboolean unreadable = status == SOUP_STATUS_BAD_REQUEST;

      cpis_hub_respond_error (msg, status, unreadable ? "invalid" : "business-rule",
                              unreadable ? CPIS_HUB_INVALID_RESOURCE : CPIS_HUB_BUSINESS_RULE,
                              diagnostics);
      return;
    }

  existing = list_own (self, msg, user);
  if (existing == NULL)
    return;
  if (existing->len >= MAX_SUBSCRIPTIONS_PER_USER)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "business-rule",
                              CPIS_HUB_BUSINESS_RULE,
                              "You have 20 Subscriptions already: delete one first.");
      return;
    }

  /* Whose it is, and whose events it carries: the hub's to say */
  subscription->user_id = user->id;
  subscription->la_ods_code = g_strdup (user->organisation->ods_code);
  subscription->created_usec = _cpis_hub_server_now_usec (self);

  cpis_hub_message_hold (msg);
  cpis_hub_store_add_subscription_async (_cpis_hub_server_get_store (self), subscription, NULL,
                                         subscription_added_cb, write_request_new (self, msg, user));
}

/* ------------------------------------------------------------------------ */
/* Delete */

typedef struct
{
  WriteRequest *request;
  char         *id;
} DeleteRequest;

static void
subscription_deleted_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  DeleteRequest *delete = user_data;
  g_autoptr(WriteRequest) request = delete->request;
  g_autofree char *id = delete->id;
  g_autoptr(GError) error = NULL;

  g_free (delete);

  if (cpis_hub_store_delete_subscription_finish (CPIS_HUB_STORE (source), result, &error))
    {
      CpisHubPush *push = _cpis_hub_server_get_push (request->server);

      if (push != NULL)
        cpis_hub_push_subscription_deleted (push, id);
      soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (g_error_matches (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND))
    respond_no_such_subscription (request->msg);
  else
    {
      g_warning ("Could not delete a Subscription: %s", error->message);
      cpis_hub_respond_server_error (request->msg,
                                     "The hub could not delete the Subscription; try again.");
    }

  cpis_hub_message_release (request->msg);
}

static void
delete_subscription (CpisHubServer     *self,
                     SoupServerMessage *msg,
                     CpisHubUser       *user,
                     const char        *id)
{
  g_autoptr(CpisHubSubscription) subscription = find_own (self, msg, user, id);
  DeleteRequest *delete;

  if (subscription == NULL)
    return;

  delete = g_new0 (DeleteRequest, 1);
  delete->request = write_request_new (self, msg, user);
  delete->id = g_strdup (id);

  cpis_hub_message_hold (msg);
  cpis_hub_store_delete_subscription_async (_cpis_hub_server_get_store (self), user->id, id, NULL,
                                            subscription_deleted_cb, delete);
}

/* ------------------------------------------------------------------------ */
/* $status */

static void
respond_status (CpisHubServer     *self,
                SoupServerMessage *msg,
                GPtrArray         *subscriptions)
{
  g_autofree char *base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_BASE_PATH);
  g_autofree char *self_url = g_uri_to_string (soup_server_message_get_uri (msg));

  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         cpis_hub_subscription_encode_status (subscriptions, base_url, self_url,
                                                              _cpis_hub_server_now_usec (self)));
}

static void
status_of_one (CpisHubServer     *self,
               SoupServerMessage *msg,
               CpisHubUser       *user,
               const char        *id)
{
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GHashTable) params = read_query (msg, NULL, NULL);
  CpisHubSubscription *subscription;

  if (params == NULL)
    return;

  subscription = find_own (self, msg, user, id);
  if (subscription == NULL)
    return;

  one = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_hub_subscription_free);
  g_ptr_array_add (one, subscription);
  respond_status (self, msg, one);
}

/* The user's Subscriptions named by @ids (all of them for NULL); NULL after
 * answering 404 for one that is not theirs */
static GPtrArray *
own_subscriptions (CpisHubServer     *self,
                   SoupServerMessage *msg,
                   CpisHubUser       *user,
                   GPtrArray         *ids)
{
  g_autoptr(GPtrArray) subscriptions = NULL;

  if (ids == NULL)
    return list_own (self, msg, user);

  subscriptions = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_hub_subscription_free);
  for (guint i = 0; i < ids->len; i++)
    {
      CpisHubSubscription *subscription = find_own (self, msg, user, g_ptr_array_index (ids, i));

      if (subscription == NULL)
        return NULL;
      g_ptr_array_add (subscriptions, subscription);
    }

  return g_steal_pointer (&subscriptions);
}

static void
status_of_many (CpisHubServer     *self,
                SoupServerMessage *msg,
                CpisHubUser       *user)
{
  static const char * const known[] = { "id", NULL };
  g_autoptr(GHashTable) params = read_query (msg, known, "id");
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) subscriptions = NULL;
  const char *list;

  if (params == NULL)
    return;

  list = g_hash_table_lookup (params, "id");
  if (list != NULL && (ids = read_ids (msg, list)) == NULL)
    return;

  subscriptions = own_subscriptions (self, msg, user, ids);
  if (subscriptions != NULL)
    respond_status (self, msg, subscriptions);
}

/* ------------------------------------------------------------------------ */
/* $events */

/* An event number: a whole number from 1, in digits; FALSE for anything else */
static gboolean
read_event_number (const char *text,
                   gint64     *number)
{
  gsize length = text != NULL ? strlen (text) : 0;

  if (length == 0 || length > 18 || strspn (text, "0123456789") != length)
    return FALSE;

  *number = g_ascii_strtoll (text, NULL, 10);
  return *number >= 1;
}

static void
events_of (CpisHubServer     *self,
           SoupServerMessage *msg,
           CpisHubUser       *user,
           const char        *id)
{
  static const char * const known[] = {
    "eventsSinceNumber", "eventsUntilNumber", "content", NULL,
  };
  CpisHubStore *store = _cpis_hub_server_get_store (self);
  g_autoptr(GHashTable) params = read_query (msg, known, NULL);
  g_autoptr(CpisHubSubscription) subscription = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  CpisHubNotification notification;
  CpisHubPayload payload;
  const char *since_text, *until_text, *content;
  gint64 since = 1, until;

  if (params == NULL)
    return;

  since_text = g_hash_table_lookup (params, "eventsSinceNumber");
  until_text = g_hash_table_lookup (params, "eventsUntilNumber");
  content = g_hash_table_lookup (params, "content");

  if ((since_text != NULL && !read_event_number (since_text, &since)) ||
      (until_text != NULL && !read_event_number (until_text, &until)))
    {
      cpis_hub_respond_invalid_search (msg,
                                       "eventsSinceNumber and eventsUntilNumber are event numbers, "
                                       "whole numbers from 1.");
      return;
    }
  if (content != NULL && !cpis_hub_payload_from_string (content, &payload))
    {
      cpis_hub_respond_invalid_search (msg, "content is “empty”, “id-only” or “full-resource”.");
      return;
    }

  subscription = find_own (self, msg, user, id);
  if (subscription == NULL)
    return;

  if (content == NULL)
    payload = subscription->payload;
  if (until_text == NULL)
    until = subscription->events_count;

  events = cpis_hub_store_list_subscription_events (store, user->id, id, since, until,
                                                    MAX_EVENTS_ANSWERED, &error);
  if (events == NULL)
    {
      g_warning ("Could not read a Subscription's events: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not read the events.");
      return;
    }

  if (payload == CPIS_HUB_PAYLOAD_FULL_RESOURCE)
    {
      tasks = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < events->len; i++)
        {
          const CpisHubSubscriptionEvent *event = g_ptr_array_index (events, i);
          g_autoptr(CpisHubTask) task = NULL;

          task = cpis_hub_store_find_task (store, event->la_ods_code, event->notification_id,
                                           event->version, &error);
          if (error != NULL)
            {
              g_warning ("Could not read a notification: %s", error->message);
              cpis_hub_respond_server_error (msg, "The hub could not read the notifications.");
              return;
            }
          g_ptr_array_add (tasks, task != NULL ? cpis_hub_task_encode (task) : NULL);
        }
    }

  base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_BASE_PATH);
  notification = (CpisHubNotification) {
    .subscription = subscription,
    .type = CPIS_HUB_NOTIFICATION_QUERY_EVENT,
    .status = cpis_hub_subscription_status (subscription, _cpis_hub_server_now_usec (self)),
    .events_count = subscription->events_count,
    .payload = payload,
    .events = events,
    .tasks = tasks,
    .base_url = base_url,
    .now_usec = _cpis_hub_server_now_usec (self),
  };
  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         cpis_hub_notification_encode (&notification));
}

/* ------------------------------------------------------------------------ */
/* $get-ws-binding-token */

/* The ids a POST's Parameters body names ("id", valueId or valueString),
 * joined with commas; "" for none; NULL after answering */
static char *
read_binding_body (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *root = NULL;
  JsonArray *parameters;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  if (size == 0)
    return g_strdup ("");

  if (!is_json_content_type (msg))
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "invalid",
                              CPIS_HUB_UNSUPPORTED_MEDIA,
                              "Send the Parameters as application/fhir+json, or no body.");
      return NULL;
    }

  if (!g_utf8_validate_len (data, size, NULL) ||
      g_strstr_len (data, size, "\\u0000") != NULL ||
      (parser = _cpis_fhir_parse_resource (data, size, "Parameters", &root, &error)) == NULL)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_INVALID_RESOURCE,
                              "The body is not a Parameters resource.");
      return NULL;
    }

  parameters = _cpis_json_object_get_array (root, "parameter");
  for (guint i = 0; i < _cpis_json_array_get_length (parameters); i++)
    {
      JsonObject *parameter = _cpis_json_array_get_object (parameters, i);
      const char *name = _cpis_json_object_get_string (parameter, "name");
      const char *value = _cpis_json_object_get_string (parameter, "valueId");

      if (value == NULL)
        value = _cpis_json_object_get_string (parameter, "valueString");

      if (g_strcmp0 (name, "id") != 0 || value == NULL || strchr (value, ',') != NULL)
        {
          cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                                  CPIS_HUB_INVALID_RESOURCE,
                                  "$get-ws-binding-token takes “id” parameters (valueId) only.");
          return NULL;
        }

      if (ids->len > 0)
        g_string_append_c (ids, ',');
      g_string_append (ids, value);
    }

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* The hash of the request's bearer token (it was authenticated) */
static char *
bearer_hash (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *token = g_strstrip (g_strdup (authorization + strlen ("Bearer ")));

  return cpis_hub_auth_hash_token (token);
}

static void
binding_token (CpisHubServer     *self,
               SoupServerMessage *msg,
               CpisHubUser       *user,
               const char        *id)
{
  static const char * const known[] = { "id", NULL };
  CpisHubPush *push = _cpis_hub_server_get_push (self);
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) subscriptions = NULL;
  g_autoptr(GPtrArray) subscription_ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from_body = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token = NULL;
  g_autofree char *websocket_url = NULL;
  g_autofree char *list = NULL;
  gint64 bearer_expires_usec = 0, expires_usec = 0;
  const char *from_query;

  /* At the instance level the query and body name nothing: the address does */
  params = read_query (msg, id == NULL ? known : NULL, "id");
  if (params == NULL)
    return;

  if (id != NULL)
    {
      ids = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (ids, g_strdup (id));
    }
  else
    {
      from_query = g_hash_table_lookup (params, "id");
      if (g_str_equal (soup_server_message_get_method (msg), "POST"))
        {
          from_body = read_binding_body (msg);
          if (from_body == NULL)
            return;
        }

      if (from_query != NULL && from_body != NULL && *from_body != '\0')
        list = g_strconcat (from_query, ",", from_body, NULL);
      else if (from_query != NULL)
        list = g_strdup (from_query);
      else if (from_body != NULL && *from_body != '\0')
        list = g_strdup (from_body);

      if (list != NULL && (ids = read_ids (msg, list)) == NULL)
        return;
    }

  subscriptions = own_subscriptions (self, msg, user, ids);
  if (subscriptions == NULL)
    return;

  subscription_ids = g_ptr_array_new ();
  for (guint i = 0; i < subscriptions->len; i++)
    {
      CpisHubSubscription *subscription = g_ptr_array_index (subscriptions, i);

      if (g_str_equal (cpis_hub_subscription_status (subscription,
                                                     _cpis_hub_server_now_usec (self)), "off"))
        {
          cpis_hub_respond_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "business-rule",
                                  CPIS_HUB_BUSINESS_RULE,
                                  "That Subscription has ended: make a new one.");
          return;
        }
      g_ptr_array_add (subscription_ids, subscription->id);
    }
  g_ptr_array_add (subscription_ids, NULL);

  if (subscriptions->len == 0)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "business-rule",
                              CPIS_HUB_BUSINESS_RULE,
                              "You have no Subscription to bind: make one first.");
      return;
    }

  hash = bearer_hash (msg);
  if (push == NULL ||
      cpis_hub_store_get_token_state (_cpis_hub_server_get_store (self), hash, NULL,
                                      &bearer_expires_usec, NULL, &error) != 1)
    {
      if (error != NULL)
        g_warning ("Could not read a token's expiry: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not issue a binding token; try again.");
      return;
    }

  token = cpis_hub_push_issue_binding_token (push, user->id, hash, bearer_expires_usec,
                                             (const char * const *) subscription_ids->pdata,
                                             &expires_usec);
  websocket_url = cpis_hub_push_websocket_url (msg);
  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         cpis_hub_binding_token_encode (token, expires_usec,
                                                        (const char * const *) subscription_ids->pdata,
                                                        websocket_url));
}

/* ------------------------------------------------------------------------ */
/* Routing under [base]/Subscription/ */

/* "{id}", "{id}/$op", "$op" (with one trailing slash allowed): the path and
 * the id (NULL for the type-level operations); FALSE for anything else */
static gboolean
parse_subpath (const char        *subpath,
               SubscriptionPath  *path,
               char             **id)
{
  static const struct
  {
    const char       *name;
    SubscriptionPath  path;
    gboolean          type_level;
  } operations[] = {
    { "$status", SUBSCRIPTION_PATH_STATUS, TRUE },
    { "$events", SUBSCRIPTION_PATH_EVENTS, FALSE },
    { "$get-ws-binding-token", SUBSCRIPTION_PATH_BINDING_TOKEN, TRUE },
  };
  g_autofree char *trimmed = g_strdup (subpath);
  g_auto(GStrv) segments = NULL;
  gsize length = strlen (trimmed);
  const char *operation;
  guint n;

  if (length > 0 && trimmed[length - 1] == '/')
    trimmed[length - 1] = '\0';

  segments = g_strsplit (trimmed, "/", -1);
  n = g_strv_length (segments);
  *id = NULL;

  if (n == 1 && g_uuid_string_is_valid (segments[0]))
    {
      *id = g_ascii_strdown (segments[0], -1);
      *path = SUBSCRIPTION_PATH_ITEM;
      return TRUE;
    }

  if (n == 2 && !g_uuid_string_is_valid (segments[0]))
    return FALSE;
  if (n < 1 || n > 2)
    return FALSE;

  operation = segments[n - 1];
  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    {
      if (!g_str_equal (operation, operations[i].name))
        continue;
      if (n == 1 && !operations[i].type_level)
        return FALSE;

      *path = operations[i].path;
      if (n == 2)
        *id = g_ascii_strdown (segments[0], -1);
      return TRUE;
    }

  return FALSE;
}

void
_cpis_hub_fhir_subscription_subpath (CpisHubServer     *self,
                                     SoupServerMessage *msg,
                                     const char        *subpath)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(CpisHubUser) user = NULL;
  g_autofree char *id = NULL;
  gboolean get = g_str_equal (method, "GET");
  SubscriptionPath path;
  const char *allow;

  if (!parse_subpath (subpath, &path, &id))
    {
      cpis_hub_respond_no_such_endpoint (msg);
      return;
    }

  switch (path)
    {
    case SUBSCRIPTION_PATH_ITEM:
      allow = "GET, DELETE";
      break;
    case SUBSCRIPTION_PATH_BINDING_TOKEN:
      allow = "GET, POST";
      break;
    default:
      allow = "GET";
      break;
    }

  if (!get && !(g_str_equal (method, "DELETE") && path == SUBSCRIPTION_PATH_ITEM) &&
      !(g_str_equal (method, "POST") && path == SUBSCRIPTION_PATH_BINDING_TOKEN))
    {
      cpis_hub_respond_method_not_allowed (msg, allow);
      return;
    }

  user = authenticate_social_worker (self, msg);
  if (user == NULL)
    return;

  switch (path)
    {
    case SUBSCRIPTION_PATH_ITEM:
      if (get)
        {
          g_autoptr(GHashTable) params = read_query (msg, NULL, NULL);
          g_autoptr(CpisHubSubscription) subscription = NULL;

          if (params != NULL && (subscription = find_own (self, msg, user, id)) != NULL)
            respond_subscription (self, msg, subscription);
        }
      else
        delete_subscription (self, msg, user, id);
      break;
    case SUBSCRIPTION_PATH_STATUS:
      if (id != NULL)
        status_of_one (self, msg, user, id);
      else
        status_of_many (self, msg, user);
      break;
    case SUBSCRIPTION_PATH_EVENTS:
      events_of (self, msg, user, id);
      break;
    case SUBSCRIPTION_PATH_BINDING_TOKEN:
      binding_token (self, msg, user, id);
      break;
    default:
      g_assert_not_reached ();
    }
}
