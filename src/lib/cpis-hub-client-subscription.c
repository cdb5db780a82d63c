/* cpis-hub-client-subscription.c: a social worker's Subscriptions to the
 * hub's push (docs/api.md, "Subscriptions and the websocket")
 *
 * Make one, get a binding token for the websocket, read the events missed
 * ($events), delete one. Sent through _cpis_hub_client_send_async() like
 * every request: no redirect, one deadline, a bounded answer, JSON only,
 * decoded off the main thread. CpisTaskFeed opens the websocket itself.
 *
 * What is not believed: a websocket address at another host or port than
 * the hub's (the binding token would go there), ws:// for an https hub, an
 * $events answer about another Subscription. None of the errors carries a
 * child's NHS number or name.
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cpis-fhir-codec.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-hub-client-private.h"

typedef enum
{
  SUBSCRIPTION_CALL_CREATE,
  SUBSCRIPTION_CALL_BINDING_TOKEN,
  SUBSCRIPTION_CALL_EVENTS,
  SUBSCRIPTION_CALL_DELETE,
} SubscriptionCall;

typedef struct
{
  SubscriptionCall  call;
  char             *id; /* the Subscription asked about ($events, delete) */
} SubscriptionRequest;

static void
subscription_request_free (SubscriptionRequest *request)
{
  g_free (request->id);
  g_free (request);
}

/* Helpers ---------------------------------------------------------------- */

static GError *
subscription_status_error (SoupMessage *msg,
                           GBytes      *body)
{
  guint status = soup_message_get_status (msg);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return NULL;

  switch (status)
    {
    case SOUP_STATUS_NOT_FOUND:
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_NOT_FOUND,
                                  _("The live feed of notifications is no longer on the hub."));

    case SOUP_STATUS_FORBIDDEN:
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED,
                                  _("The hub refused access: only social workers may be sent "
                                    "their authority’s notifications."));

    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_REFUSED,
                                  _("The hub refused to send notifications live."));

    default:
      return _cpis_hub_client_status_error (msg, body, FALSE);
    }
}

/* Whether @websocket_url is at the hub: ws:// for http, wss:// for https,
 * the same host and port */
static gboolean
is_hub_websocket_url (CpisHubClient *self,
                      const char    *websocket_url)
{
  g_autoptr(GUri) base = g_uri_parse (cpis_hub_client_get_base_url (self), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) ws = g_uri_parse (websocket_url, G_URI_FLAGS_ENCODED, NULL);
  const char *expected;

  if (base == NULL || ws == NULL || g_uri_get_userinfo (ws) != NULL ||
      g_uri_get_fragment (ws) != NULL || g_uri_get_host (ws) == NULL)
    return FALSE;

  expected = g_ascii_strcasecmp (g_uri_get_scheme (base), "https") == 0 ? "wss" : "ws";

  return (g_ascii_strcasecmp (g_uri_get_scheme (ws), expected) == 0 &&
          g_ascii_strcasecmp (g_uri_get_host (base), g_uri_get_host (ws)) == 0 &&
          g_uri_get_port (base) == g_uri_get_port (ws));
}

/* Answers ---------------------------------------------------------------- */

static gpointer
decode_subscription (const char  *data,
                     gsize        length,
                     GError     **error)
{
  return cpis_fhir_decode_subscription (data, length, error);
}

static gpointer
decode_binding_token (const char  *data,
                      gsize        length,
                      GError     **error)
{
  return cpis_fhir_decode_binding_token (data, length, error);
}

static gpointer
decode_events (const char  *data,
               gsize        length,
               GError     **error)
{
  return cpis_fhir_decode_notification (data, length, error);
}

static GDestroyNotify
free_func_of (SubscriptionCall call)
{
  switch (call)
    {
    case SUBSCRIPTION_CALL_CREATE:
      return (GDestroyNotify) cpis_subscription_free;
    case SUBSCRIPTION_CALL_BINDING_TOKEN:
      return (GDestroyNotify) cpis_binding_token_free;
    case SUBSCRIPTION_CALL_EVENTS:
    case SUBSCRIPTION_CALL_DELETE:
    default:
      return (GDestroyNotify) cpis_notification_unref;
    }
}

static GError *
not_believed (void)
{
  return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                              _("The hub’s answer about the live feed of notifications could "
                                "not be trusted, so it was not used."));
}

static GError *
check_decoded (CpisHubClient       *self,
               SubscriptionRequest *request,
               gpointer             decoded)
{
  switch (request->call)
    {
    case SUBSCRIPTION_CALL_BINDING_TOKEN:
      {
        CpisBindingToken *token = decoded;

        if (!is_hub_websocket_url (self, token->websocket_url))
          return not_believed ();
        return NULL;
      }

    case SUBSCRIPTION_CALL_EVENTS:
      {
        CpisNotification *notification = decoded;

        if (notification->type != CPIS_NOTIFICATION_QUERY_EVENT ||
            g_ascii_strcasecmp (notification->subscription_id, request->id) != 0)
          return not_believed ();
        return NULL;
      }

    case SUBSCRIPTION_CALL_CREATE:
    case SUBSCRIPTION_CALL_DELETE:
    default:
      return NULL;
    }
}

static void
subscription_decoded_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  SubscriptionRequest *request = g_task_get_task_data (task);
  GDestroyNotify free_decoded = free_func_of (request->call);
  g_autoptr(GError) error = NULL;
  gpointer decoded;

  decoded = _cpis_hub_client_decode_finish (self, result, &error);
  if (decoded == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      /* the codec's message names what was wrong, never a child: still, only the code */
      g_debug ("Could not decode the hub's answer about a Subscription: %s %d",
               g_quark_to_string (error->domain), error->code);
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                               _("The hub’s answer about the live feed of notifications could "
                                 "not be read."));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      free_decoded (decoded);
      return;
    }

  error = check_decoded (self, request, decoded);
  if (error != NULL)
    {
      free_decoded (decoded);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, decoded, free_decoded);
}

static void
subscription_answered_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  SubscriptionRequest *request = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  CpisHubClientDecodeFunc decode;
  GCancellable *cancellable;

  body = _cpis_hub_client_send_finish (self, result, &msg, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  error = subscription_status_error (msg, body);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (request->call == SUBSCRIPTION_CALL_DELETE)
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!_cpis_hub_client_check_json_answer (msg, body, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  switch (request->call)
    {
    case SUBSCRIPTION_CALL_CREATE:
      decode = decode_subscription;
      break;
    case SUBSCRIPTION_CALL_BINDING_TOKEN:
      decode = decode_binding_token;
      break;
    case SUBSCRIPTION_CALL_EVENTS:
    case SUBSCRIPTION_CALL_DELETE:
    default:
      decode = decode_events;
      break;
    }

  cancellable = g_task_get_cancellable (task);
  _cpis_hub_client_decode_async (self, body, decode, free_func_of (request->call), cancellable,
                                 subscription_decoded_cb, g_steal_pointer (&task));
}

/* Sending ---------------------------------------------------------------- */

static GTask *
subscription_task_new (CpisHubClient       *self,
                       SubscriptionCall     call,
                       const char          *id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data,
                       gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SubscriptionRequest *request = g_new0 (SubscriptionRequest, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  request->call = call;
  request->id = g_strdup (id);
  g_task_set_task_data (task, request, (GDestroyNotify) subscription_request_free);

  return task;
}

/* Fails @task (taken) unless @id is a FHIR id */
static gboolean
check_id (GTask      *task,
          const char *id)
{
  if (_cpis_fhir_is_id (id))
    return TRUE;

  g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                           _("That is not the id of a Subscription."));
  g_object_unref (task);
  return FALSE;
}

/* Public API ------------------------------------------------------------- */

void
cpis_hub_client_create_subscription_async (CpisHubClient           *self,
                                           const char              *topic,
                                           const char              *reason,
                                           guint                    heartbeat_period,
                                           CpisSubscriptionPayload  payload,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data)
{
  GTask *task;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (topic != NULL);
  g_return_if_fail (reason != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = subscription_task_new (self, SUBSCRIPTION_CALL_CREATE, NULL, cancellable, callback,
                                user_data, cpis_hub_client_create_subscription_async);

  url = g_strdup_printf ("%s/Subscription", cpis_hub_client_get_base_url (self));
  msg = soup_message_new (SOUP_METHOD_POST, url);
  if (msg != NULL)
    {
      char *json = cpis_fhir_encode_subscription (topic, reason, heartbeat_period, payload);
      g_autoptr(GBytes) body = g_bytes_new_take (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, CPIS_FHIR_CONTENT_TYPE, body);
    }

  _cpis_hub_client_send_fhir (self, task, g_steal_pointer (&msg), subscription_answered_cb);
}

/**
 * cpis_hub_client_create_subscription_finish:
 *
 * Returns: (transfer full): the Subscription made
 */
CpisSubscription *
cpis_hub_client_create_subscription_finish (CpisHubClient  *self,
                                            GAsyncResult   *result,
                                            GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_get_binding_token_async (CpisHubClient       *self,
                                         const char * const  *ids,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task;
  g_autofree char *list = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (ids != NULL && ids[0] != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = subscription_task_new (self, SUBSCRIPTION_CALL_BINDING_TOKEN, NULL, cancellable,
                                callback, user_data, cpis_hub_client_get_binding_token_async);
  for (guint i = 0; ids[i] != NULL; i++)
    if (!check_id (task, ids[i]))
      return;

  list = g_strjoinv (",", (GStrv) ids);
  url = g_strdup_printf ("%s/Subscription/$get-ws-binding-token?id=%s",
                         cpis_hub_client_get_base_url (self), list);
  _cpis_hub_client_send_fhir (self, task, soup_message_new (SOUP_METHOD_POST, url), subscription_answered_cb);
}

/**
 * cpis_hub_client_get_binding_token_finish:
 *
 * Returns: (transfer full): the binding token and the websocket's address
 */
CpisBindingToken *
cpis_hub_client_get_binding_token_finish (CpisHubClient  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_get_subscription_events_async (CpisHubClient       *self,
                                               const char          *id,
                                               guint64              since_number,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  GTask *task;
  g_autofree char *url = NULL;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = subscription_task_new (self, SUBSCRIPTION_CALL_EVENTS, id, cancellable, callback,
                                user_data, cpis_hub_client_get_subscription_events_async);
  if (!check_id (task, id))
    return;

  url = g_strdup_printf ("%s/Subscription/%s/$events?eventsSinceNumber=%" G_GUINT64_FORMAT
                         "&content=full-resource",
                         cpis_hub_client_get_base_url (self), id, MAX (since_number, 1));
  _cpis_hub_client_send_fhir (self, task, soup_message_new (SOUP_METHOD_GET, url), subscription_answered_cb);
}

/**
 * cpis_hub_client_get_subscription_events_finish:
 *
 * Returns: (transfer full): the events, with their Tasks
 */
CpisNotification *
cpis_hub_client_get_subscription_events_finish (CpisHubClient  *self,
                                                GAsyncResult   *result,
                                                GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_delete_subscription_async (CpisHubClient       *self,
                                           const char          *id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;
  g_autofree char *url = NULL;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = subscription_task_new (self, SUBSCRIPTION_CALL_DELETE, id, cancellable, callback,
                                user_data, cpis_hub_client_delete_subscription_async);
  if (!check_id (task, id))
    return;

  url = g_strdup_printf ("%s/Subscription/%s", cpis_hub_client_get_base_url (self), id);
  _cpis_hub_client_send_fhir (self, task, soup_message_new (SOUP_METHOD_DELETE, url), subscription_answered_cb);
}

gboolean
cpis_hub_client_delete_subscription_finish (CpisHubClient  *self,
                                            GAsyncResult   *result,
                                            GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
