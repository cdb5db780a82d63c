/* cpis-hub-push.c: live push of notifications to social workers
 * (cpis-hub-push.h; docs/api.md, "Subscriptions and the websocket")
 *
 * The websocket is served by the hub's own SoupServer, at
 * CPIS_HUB_WEBSOCKET_PATH, with libsoup's handshake and
 * SoupWebsocketConnection. The hub makes the upgrade itself (as
 * soup_server_add_websocket_handler does inside) so that what the client
 * sends is read through a byte budget (cpis-hub-ws-stream.h says why).
 *
 * A connection carries nothing until the client sends
 * "bind-with-token TOKEN" with a binding token from $get-ws-binding-token
 * (CPIS_HUB_BIND_DEADLINE_SECONDS to do so). The token binds once; it
 * stands for the sign-in (bearer token) that asked for it, which is checked
 * again: still valid, a social worker's, whose Subscriptions these still
 * are. Each Subscription bound gets a handshake saying how many events it
 * has raised so far; from then on the connection gets every event numbered
 * above that, in order, and a heartbeat every heartbeat period. The
 * connection is closed, with a close code and a sentence, when its sign-in
 * is revoked (at once) or expires (within a second, by the hub's clock),
 * when its last Subscription is deleted or ends, or when the client sends
 * anything but a binding token.
 *
 * Threads: the websockets live on a thread of their own, the push thread,
 * with its main context: a main loop walks every source it has at every
 * turn, and a thousand sockets there would slow every clinician's check
 * if they shared the HTTP server's. The server's thread upgrades a request
 * and hands the connection over; it issues binding tokens (their table is
 * under a lock) and tells the push thread of a revoked sign-in or a
 * deleted Subscription. The store's writer calls events_committed_cb once
 * a batch is committed: it queues the events and wakes the push thread.
 * Everything else here runs on the push thread.
 *
 * Nothing about a child is logged: a notification carries the Task's id
 * (and, with full-resource, the Task) to the bound social worker only.
 */
#include "cpis-hub-push.h"
#include "cpis-hub-push-private.h"

#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "cpis-hub-auth.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server-private.h"
#include "cpis-hub-store-subscriptions.h"
#include "cpis-hub-subscription-json.h"
#include "cpis-hub-task-json.h"
#include "cpis-hub-ws-stream.h"

/* A client sends binding tokens ("bind-with-token " and 43 characters):
 * one frame never needs more than this */
#define MAX_INCOMING_FRAME_BYTES 4096
/* What a client may send in all: a burst, and a trickle after it */
#define CLIENT_BURST_BYTES       (16 * 1024)
#define CLIENT_BYTES_PER_SECOND  64
#define MAX_CONNECTIONS          4096
#define MAX_UNBOUND_CONNECTIONS  256
/* Live binding tokens one user may hold; a new one drops the oldest */
#define MAX_BINDING_TOKENS_PER_USER 16
/* How much the push thread yields to the server's and the writer's */
#define PUSH_THREAD_NICE         5
/* How often a bound connection's sign-in is read again from the store
 * (a revocation this hub serves closes it at once) */
#define RECHECK_SECONDS          10

typedef struct _Connection Connection;

typedef struct
{
  Connection          *connection;   /* not a reference: it owns this */
  CpisHubSubscription *subscription;
  gint64               events_count; /* the last event number it was told of */
  GSource             *heartbeat;
} Binding;

struct _Connection
{
  CpisHubPush             *push;
  SoupWebsocketConnection *ws;
  char                    *base_url;       /* the FHIR base the client addressed */
  gint64                   user_id;        /* 0 until bound */
  char                    *bearer_hash;    /* the sign-in behind it, once bound */
  gint64                   bearer_expires_usec;
  GPtrArray               *bindings;       /* Binding, owned */
  gint64                   bind_deadline;  /* monotonic; 0 once bound */
  gint64                   next_check;     /* monotonic: read the sign-in again */
  gboolean                 closing;
};

typedef struct
{
  gint64   user_id;
  char    *bearer_hash;
  GStrv    subscription_ids;
  gint64   expires_usec;  /* the hub's clock */
  guint64  serial;        /* issue order */
} BindingToken;

struct _CpisHubPush
{
  GObject        parent_instance;

  CpisHubServer *server;             /* not a reference */
  CpisHubStore  *store;
  GMainContext  *context;            /* the push thread's */
  GMainLoop     *loop;
  GThread       *thread;
  guint          watch_id;
  GSource       *tick;

  /* the push thread's */
  GHashTable    *connections;        /* Connection → itself, owned */
  GHashTable    *bindings;           /* Subscription id → GPtrArray of Binding (borrowed) */

  GMutex         tokens_mutex;       /* the two below: issued on the server's thread */
  GHashTable    *binding_tokens;     /* token hash → BindingToken */
  guint64        next_serial;

  gint           n_connections;      /* atomic: written on the push thread, read by upgrades */
  gint           n_unbound;          /* atomic */
  gint           shut_down;          /* atomic */
  gint           refusing;           /* atomic: tests (cpis-hub-push-private.h) */
  gint           muted;              /* atomic: tests */

  GMutex         queue_mutex;        /* the two below: the writer thread adds */
  GQueue         committed;          /* GPtrArray of CpisHubSubscriptionEvent */
  GSource       *dispatch;           /* pending, or NULL */
};

G_DEFINE_FINAL_TYPE (CpisHubPush, cpis_hub_push, G_TYPE_OBJECT)

static void binding_token_free (BindingToken *token);

/* ------------------------------------------------------------------------ */
/* Bindings and connections */

static gint64
now_usec (CpisHubPush *self)
{
  return _cpis_hub_server_now_usec (self->server);
}

static void
send_text (Connection *connection,
           char       *text)
{
  if (!connection->closing && !g_atomic_int_get (&connection->push->muted) &&
      soup_websocket_connection_get_state (connection->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (connection->ws, text);
  g_free (text);
}

static char *
encode_status_only (Binding                 *binding,
                    CpisHubNotificationType  type)
{
  CpisHubNotification notification = {
    .subscription = binding->subscription,
    .type = type,
    .status = "active",
    .events_count = binding->events_count,
    .payload = binding->subscription->payload,
    .base_url = binding->connection->base_url,
    .now_usec = now_usec (binding->connection->push),
  };

  return cpis_hub_notification_encode (&notification);
}

/* A heartbeat says the Subscription's count as the store has it, which
 * may be ahead of what this connection was sent: events raised by another
 * process on the same database (cpis-hub patient retire), which push
 * nothing, or an event about to come down. The connection's own count is
 * left as it is, so that nothing queued is skipped. */
static gboolean
heartbeat_cb (gpointer user_data)
{
  Binding *binding = user_data;
  Connection *connection = binding->connection;
  g_autoptr(CpisHubSubscription) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 told = binding->events_count;

  stored = cpis_hub_store_find_subscription (connection->push->store, connection->user_id,
                                             binding->subscription->id, &error);
  if (error != NULL)
    g_warning ("Could not read a Subscription's count: %s", error->message);
  else if (stored != NULL)
    binding->events_count = MAX (told, stored->events_count);

  send_text (connection, encode_status_only (binding, CPIS_HUB_NOTIFICATION_HEARTBEAT));
  binding->events_count = told;
  return G_SOURCE_CONTINUE;
}

static void
binding_free (Binding *binding)
{
  if (binding->heartbeat != NULL)
    {
      g_source_destroy (binding->heartbeat);
      g_source_unref (binding->heartbeat);
    }
  cpis_hub_subscription_free (binding->subscription);
  g_free (binding);
}

/* Takes @binding out of the table of its Subscription's bindings */
static void
forget_binding (CpisHubPush *self,
                Binding     *binding)
{
  GPtrArray *bound = g_hash_table_lookup (self->bindings, binding->subscription->id);

  if (bound == NULL)
    return;

  g_ptr_array_remove (bound, binding);
  if (bound->len == 0)
    g_hash_table_remove (self->bindings, binding->subscription->id);
}

static Binding *
find_binding (Connection *connection,
              const char *subscription_id)
{
  for (guint i = 0; i < connection->bindings->len; i++)
    {
      Binding *binding = g_ptr_array_index (connection->bindings, i);

      if (g_str_equal (binding->subscription->id, subscription_id))
        return binding;
    }

  return NULL;
}

static void
unbind_all (Connection *connection)
{
  for (guint i = 0; i < connection->bindings->len; i++)
    forget_binding (connection->push, g_ptr_array_index (connection->bindings, i));
  g_ptr_array_set_size (connection->bindings, 0);
}

/* Closes @connection with @code and @reason; it carries nothing more. It is
 * freed when libsoup says it is closed. */
static void
close_connection (Connection *connection,
                  gushort     code,
                  const char *reason)
{
  if (connection->closing)
    return;

  connection->closing = TRUE;
  if (connection->bind_deadline != 0)
    {
      connection->bind_deadline = 0;
      g_atomic_int_add (&connection->push->n_unbound, -1);
    }
  unbind_all (connection);

  if (soup_websocket_connection_get_state (connection->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection->ws, code, reason);
}

static void
connection_free (Connection *connection)
{
  g_signal_handlers_disconnect_by_data (connection->ws, connection);
  g_clear_object (&connection->ws);
  g_clear_pointer (&connection->bindings, g_ptr_array_unref);
  g_free (connection->base_url);
  g_free (connection->bearer_hash);
  g_free (connection);
}

static void
closed_cb (SoupWebsocketConnection *ws,
           gpointer                 user_data)
{
  Connection *connection = user_data;
  CpisHubPush *self = connection->push;

  if (!connection->closing)
    {
      /* the client (or the budget) closed it */
      connection->closing = TRUE;
      if (connection->bind_deadline != 0)
        {
          connection->bind_deadline = 0;
          g_atomic_int_add (&self->n_unbound, -1);
        }
      unbind_all (connection);
    }

  g_hash_table_remove (self->connections, connection);
  g_atomic_int_add (&self->n_connections, -1);
}

/* ------------------------------------------------------------------------ */
/* bind-with-token */

static void
refuse_binding (Connection *connection,
                gushort     code,
                const char *reason)
{
  close_connection (connection, code, reason);
}

static void
bind_subscription (Connection          *connection,
                   CpisHubSubscription *subscription)
{
  CpisHubPush *self = connection->push;
  Binding *binding = find_binding (connection, subscription->id);
  GPtrArray *bound;

  if (binding == NULL)
    {
      binding = g_new0 (Binding, 1);
      binding->connection = connection;
      binding->subscription = subscription;
      /* every event above this number comes down this connection */
      binding->events_count = subscription->events_count;
      g_ptr_array_add (connection->bindings, binding);

      bound = g_hash_table_lookup (self->bindings, subscription->id);
      if (bound == NULL)
        {
          bound = g_ptr_array_new ();
          g_hash_table_insert (self->bindings, g_strdup (subscription->id), bound);
        }
      g_ptr_array_add (bound, binding);

      if (subscription->heartbeat_seconds > 0)
        {
          binding->heartbeat = g_timeout_source_new_seconds (subscription->heartbeat_seconds);
          if (subscription->heartbeat_seconds < 10)
            {
              /* short periods (tests) to the millisecond */
              g_source_unref (binding->heartbeat);
              binding->heartbeat = g_timeout_source_new (subscription->heartbeat_seconds * 1000);
            }
          g_source_set_callback (binding->heartbeat, heartbeat_cb, binding, NULL);
          g_source_attach (binding->heartbeat, self->context);
        }
    }
  else
    cpis_hub_subscription_free (subscription);

  send_text (connection, encode_status_only (binding, CPIS_HUB_NOTIFICATION_HANDSHAKE));
}

static void
bind_with_token (Connection *connection,
                 const char *token)
{
  CpisHubPush *self = connection->push;
  g_autofree char *token_hash = cpis_hub_auth_hash_token (token);
  g_autofree char *stored_hash = NULL;
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(GPtrArray) subscriptions = NULL;
  g_autoptr(GError) error = NULL;
  BindingToken *binding_token = NULL;
  gint64 expires_usec = 0;
  gint64 now = now_usec (self);

  /* Binds once: whatever follows, it is spent */
  g_mutex_lock (&self->tokens_mutex);
  if (g_hash_table_steal_extended (self->binding_tokens, token_hash, (gpointer *) &stored_hash,
                                   (gpointer *) &binding_token) &&
      binding_token->expires_usec <= now)
    g_clear_pointer (&binding_token, binding_token_free);
  g_mutex_unlock (&self->tokens_mutex);

  if (binding_token == NULL)
    {
      refuse_binding (connection, CPIS_HUB_WS_CLOSE_UNAUTHORISED,
                      "The binding token is unknown, expired or already used: ask for another "
                      "with $get-ws-binding-token.");
      return;
    }

  if (connection->bearer_hash != NULL &&
      !g_str_equal (connection->bearer_hash, binding_token->bearer_hash))
    {
      binding_token_free (binding_token);
      refuse_binding (connection, CPIS_HUB_WS_CLOSE_UNAUTHORISED,
                      "One connection carries the Subscriptions of one sign-in: open another "
                      "connection for this one.");
      return;
    }

  user = cpis_hub_store_find_token_user (self->store, binding_token->bearer_hash, now, &error);
  if (user != NULL &&
      cpis_hub_store_get_token_state (self->store, binding_token->bearer_hash, NULL,
                                      &expires_usec, NULL, &error) != 1)
    g_clear_pointer (&user, cpis_hub_user_free);

  if (error != NULL)
    {
      g_warning ("Could not check a binding token's sign-in: %s", error->message);
      binding_token_free (binding_token);
      close_connection (connection, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR,
                        "The hub could not check the sign-in: try again.");
      return;
    }

  if (user == NULL || user->id != binding_token->user_id)
    {
      binding_token_free (binding_token);
      refuse_binding (connection, CPIS_HUB_WS_CLOSE_UNAUTHORISED,
                      "The sign-in behind this binding token has ended or expired: sign in "
                      "again.");
      return;
    }

  if (user->role != CPIS_ROLE_SOCIAL_WORKER || user->organisation == NULL)
    {
      binding_token_free (binding_token);
      refuse_binding (connection, CPIS_HUB_WS_CLOSE_FORBIDDEN,
                      "Only social workers may be sent their authority's notifications.");
      return;
    }

  /* Still theirs, and still of their LA: read them now, for their counts */
  subscriptions = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_hub_subscription_free);
  for (guint i = 0; binding_token->subscription_ids[i] != NULL; i++)
    {
      CpisHubSubscription *subscription =
        cpis_hub_store_find_subscription (self->store, user->id,
                                          binding_token->subscription_ids[i], &error);

      if (error != NULL)
        {
          g_warning ("Could not read a Subscription to bind: %s", error->message);
          binding_token_free (binding_token);
          close_connection (connection, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR,
                            "The hub could not read the Subscriptions: try again.");
          return;
        }

      if (subscription == NULL ||
          g_strcmp0 (subscription->la_ods_code, user->organisation->ods_code) != 0)
        {
          cpis_hub_subscription_free (subscription);
          binding_token_free (binding_token);
          refuse_binding (connection, CPIS_HUB_WS_CLOSE_NOT_FOUND,
                          "A Subscription of this binding token no longer exists.");
          return;
        }

      if (g_str_equal (cpis_hub_subscription_status (subscription, now), "off"))
        {
          cpis_hub_subscription_free (subscription);
          binding_token_free (binding_token);
          refuse_binding (connection, CPIS_HUB_WS_CLOSE_ENDED,
                          "A Subscription of this binding token has ended.");
          return;
        }

      g_ptr_array_add (subscriptions, subscription);
    }

  if (connection->bearer_hash == NULL)
    {
      connection->user_id = user->id;
      connection->bearer_hash = g_strdup (binding_token->bearer_hash);
      connection->next_check = g_get_monotonic_time () + RECHECK_SECONDS * G_USEC_PER_SEC;
    }
  connection->bearer_expires_usec = expires_usec;
  if (connection->bind_deadline != 0)
    {
      connection->bind_deadline = 0;
      g_atomic_int_add (&self->n_unbound, -1);
    }
  binding_token_free (binding_token);

  for (guint i = 0; i < subscriptions->len; i++)
    bind_subscription (connection, g_steal_pointer (&subscriptions->pdata[i]));
}

static void
message_cb (SoupWebsocketConnection *ws,
            SoupWebsocketDataType    type,
            GBytes                  *message,
            gpointer                 user_data)
{
  Connection *connection = user_data;
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  g_autofree char *text = NULL;

  if (connection->closing)
    return;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      close_connection (connection, SOUP_WEBSOCKET_CLOSE_UNSUPPORTED_DATA,
                        "The hub reads text messages only: bind-with-token TOKEN.");
      return;
    }

  /* libsoup has checked it is UTF-8; a NUL inside is not a token */
  text = g_strndup (data, length);
  if (strlen (text) == length && g_str_has_prefix (text, "bind-with-token "))
    {
      char *token = g_strstrip (text + strlen ("bind-with-token "));

      if (*token != '\0' && strchr (token, ' ') == NULL)
        {
          bind_with_token (connection, token);
          return;
        }
    }

  close_connection (connection, CPIS_HUB_WS_CLOSE_BAD_MESSAGE,
                    "The hub understands one message: bind-with-token TOKEN.");
}

/* ------------------------------------------------------------------------ */
/* The upgrade */

/* A connection the server's thread upgraded, on its way to the push thread */
typedef struct
{
  CpisHubPush *push;      /* not a reference: the push thread stops before it goes */
  GIOStream   *stream;
  GUri        *uri;
  char        *origin;
  char        *base_url;
} Handover;

static void
handover_free (gpointer data)
{
  Handover *handover = data;

  /* never taken: the hub stopped first */
  if (handover->stream != NULL)
    g_io_stream_close (handover->stream, NULL, NULL);
  g_clear_object (&handover->stream);
  g_clear_pointer (&handover->uri, g_uri_unref);
  g_free (handover->origin);
  g_free (handover->base_url);
  g_free (handover);
}

/* On the push thread: the connection becomes a websocket of this thread */
static gboolean
adopt_connection_cb (gpointer user_data)
{
  Handover *handover = user_data;
  CpisHubPush *self = handover->push;
  g_autoptr(GIOStream) stream = g_steal_pointer (&handover->stream);
  g_autoptr(GIOStream) budgeted = NULL;
  Connection *connection;

  if (g_atomic_int_get (&self->shut_down))
    {
      g_io_stream_close (stream, NULL, NULL);
      g_atomic_int_add (&self->n_connections, -1);
      g_atomic_int_add (&self->n_unbound, -1);
      return G_SOURCE_REMOVE;
    }

  budgeted = cpis_hub_ws_stream_new (stream, CLIENT_BURST_BYTES, CLIENT_BYTES_PER_SECOND);

  connection = g_new0 (Connection, 1);
  connection->push = self;
  connection->base_url = g_steal_pointer (&handover->base_url);
  connection->bindings = g_ptr_array_new_with_free_func ((GDestroyNotify) binding_free);
  connection->bind_deadline = g_get_monotonic_time () + CPIS_HUB_BIND_DEADLINE_SECONDS * G_USEC_PER_SEC;
  /* its sources go to this thread's context, the thread-default here */
  connection->ws = soup_websocket_connection_new (budgeted, handover->uri,
                                                  SOUP_WEBSOCKET_CONNECTION_SERVER,
                                                  handover->origin, NULL, NULL);
  soup_websocket_connection_set_max_incoming_payload_size (connection->ws,
                                                           MAX_INCOMING_FRAME_BYTES);
  g_signal_connect (connection->ws, "message", G_CALLBACK (message_cb), connection);
  g_signal_connect (connection->ws, "closed", G_CALLBACK (closed_cb), connection);

  g_hash_table_add (self->connections, connection);
  return G_SOURCE_REMOVE;
}

/* On the server's thread: the request ended before its 101 was written */
static void
upgrade_finished_cb (SoupServerMessage *msg,
                     gpointer           user_data)
{
  Handover *handover = user_data;

  g_signal_handlers_disconnect_by_data (msg, handover);
  g_atomic_int_add (&handover->push->n_connections, -1);
  g_atomic_int_add (&handover->push->n_unbound, -1);
  handover_free (handover);
}

/* On the server's thread: the 101 is written, the connection is ours */
static void
wrote_informational_cb (SoupServerMessage *msg,
                        gpointer           user_data)
{
  Handover *handover = user_data;
  GSocket *socket;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    return;

  g_signal_handlers_disconnect_by_data (msg, handover);

  /* a peer gone without a word is noticed by TCP, with no timer of ours */
  socket = soup_server_message_get_socket (msg);
  if (socket != NULL)
    g_socket_set_keepalive (socket, TRUE);

  handover->stream = soup_server_message_steal_connection (msg);
  if (handover->stream == NULL)
    {
      g_atomic_int_add (&handover->push->n_connections, -1);
      g_atomic_int_add (&handover->push->n_unbound, -1);
      handover_free (handover);
      return;
    }

  g_main_context_invoke_full (handover->push->context, G_PRIORITY_DEFAULT, adopt_connection_cb,
                              handover, handover_free);
}

char *
cpis_hub_push_websocket_url (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GUri) url = NULL;
  gboolean secure = g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0;

  url = g_uri_build (G_URI_FLAGS_NONE, secure ? "wss" : "ws", NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), CPIS_HUB_WEBSOCKET_PATH, NULL, NULL);
  return g_uri_to_string (url);
}

void
_cpis_hub_push_upgrade (CpisHubServer     *server,
                        SoupServerMessage *msg)
{
  CpisHubPush *self = _cpis_hub_server_get_push (server);
  g_autoptr(GError) error = NULL;
  Handover *handover;

  if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, &error))
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_INVALID_REQUEST,
                              "Open a websocket here (GET with Upgrade: websocket), then send "
                              "bind-with-token and a token from $get-ws-binding-token.");
      return;
    }

  if (self == NULL || g_atomic_int_get (&self->shut_down) ||
      g_atomic_int_get (&self->refusing) ||
      g_atomic_int_get (&self->n_connections) >= MAX_CONNECTIONS ||
      g_atomic_int_get (&self->n_unbound) >= MAX_UNBOUND_CONNECTIONS)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "transient",
                              CPIS_HUB_SERVICE_UNAVAILABLE,
                              "The hub has too many websockets open: try again in a minute.");
      return;
    }

  /* The handshake was checked: this answers 101 */
  soup_websocket_server_process_handshake (msg, NULL, NULL, NULL, NULL);

  /* counted from now, so that a burst of upgrades meets the caps */
  g_atomic_int_inc (&self->n_connections);
  g_atomic_int_inc (&self->n_unbound);

  handover = g_new0 (Handover, 1);
  handover->push = self;
  handover->uri = g_uri_ref (soup_server_message_get_uri (msg));
  handover->origin = g_strdup (soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "Origin"));
  handover->base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_BASE_PATH);
  g_signal_connect (msg, "wrote-informational", G_CALLBACK (wrote_informational_cb), handover);
  /* never written (the client went): the counts go back */
  g_signal_connect (msg, "finished", G_CALLBACK (upgrade_finished_cb), handover);
}

/* ------------------------------------------------------------------------ */
/* Events */

static char *
task_key (const CpisHubSubscriptionEvent *event)
{
  return g_strdup_printf ("%s/%" G_GINT64_FORMAT, event->notification_id, event->version);
}

/* The Task of @event at its version as JSON, read and written once per
 * dispatch; NULL if it cannot be read (the notification then carries its
 * id alone) */
static const char *
event_task (CpisHubPush                    *self,
            GHashTable                     *tasks,
            const CpisHubSubscriptionEvent *event)
{
  g_autofree char *key = task_key (event);
  g_autoptr(CpisHubTask) task = NULL;
  g_autoptr(GError) error = NULL;
  char *json;

  if (g_hash_table_lookup_extended (tasks, key, NULL, (gpointer *) &json))
    return json;

  task = cpis_hub_store_find_task (self->store, event->la_ods_code, event->notification_id,
                                   event->version, &error);
  if (task == NULL && error != NULL)
    g_warning ("Could not read a notification to push: %s", error->message);
  json = task != NULL ? cpis_hub_task_encode (task) : NULL;

  g_hash_table_insert (tasks, g_steal_pointer (&key), json);
  return json;
}

static void
deliver (CpisHubPush                    *self,
         GHashTable                     *tasks,
         const CpisHubSubscriptionEvent *event)
{
  GPtrArray *bound = g_hash_table_lookup (self->bindings, event->subscription_id);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) task_nodes = NULL;
  gint64 now;

  if (bound == NULL)
    return;

  now = now_usec (self);
  events = g_ptr_array_new ();
  g_ptr_array_add (events, (gpointer) event);

  for (guint i = 0; i < bound->len; i++)
    {
      Binding *binding = g_ptr_array_index (bound, i);
      CpisHubNotification notification = {
        .subscription = binding->subscription,
        .type = CPIS_HUB_NOTIFICATION_EVENT,
        .status = "active",
        .events_count = event->event_number,
        .payload = binding->subscription->payload,
        .events = events,
        .base_url = binding->connection->base_url,
        .now_usec = now,
      };

      /* told of at its handshake already */
      if (event->event_number <= binding->events_count)
        continue;

      if (binding->subscription->payload == CPIS_HUB_PAYLOAD_FULL_RESOURCE)
        {
          if (task_nodes == NULL)
            {
              task_nodes = g_ptr_array_new ();
              g_ptr_array_add (task_nodes, (gpointer) event_task (self, tasks, event));
            }
          notification.tasks = task_nodes;
        }

      binding->events_count = event->event_number;
      send_text (binding->connection, cpis_hub_notification_encode (&notification));
    }
}

static gboolean
dispatch_cb (gpointer user_data)
{
  CpisHubPush *self = user_data;
  g_autoptr(GHashTable) tasks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GQueue committed = G_QUEUE_INIT;
  GPtrArray *events;

  g_mutex_lock (&self->queue_mutex);
  committed = self->committed;
  g_queue_init (&self->committed);
  g_clear_pointer (&self->dispatch, g_source_unref);
  g_mutex_unlock (&self->queue_mutex);

  /* In commit order, each event to every connection bound to its Subscription */
  while ((events = g_queue_pop_head (&committed)) != NULL)
    {
      for (guint i = 0; i < events->len; i++)
        deliver (self, tasks, g_ptr_array_index (events, i));
      g_ptr_array_unref (events);
    }

  return G_SOURCE_REMOVE;
}

/* On the store's writer thread, once a batch is committed */
static void
events_committed_cb (GPtrArray *events,
                     gpointer   user_data)
{
  CpisHubPush *self = user_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->queue_mutex);

  g_queue_push_tail (&self->committed, g_ptr_array_ref (events));
  if (self->dispatch == NULL)
    {
      /* one pending dispatch takes everything queued, in order */
      self->dispatch = g_idle_source_new ();
      g_source_set_priority (self->dispatch, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->dispatch, dispatch_cb, self, NULL);
      g_source_attach (self->dispatch, self->context);
    }
}

/* ------------------------------------------------------------------------ */
/* Once a second: deadlines, expiry, revocation */

static void
binding_token_free (BindingToken *token)
{
  g_free (token->bearer_hash);
  g_strfreev (token->subscription_ids);
  g_free (token);
}

static gboolean
binding_token_expired_cb (gpointer key,
                          gpointer value,
                          gpointer user_data)
{
  BindingToken *token = value;
  gint64 *now = user_data;

  return token->expires_usec <= *now;
}

/* What to do with @connection now: close it (with a code and reason), or not */
static gboolean
connection_due (CpisHubPush  *self,
                Connection   *connection,
                gint64        now,
                gint64        monotonic,
                gushort      *code,
                const char  **reason)
{
  gboolean revoked = FALSE;
  gint64 expires_usec = 0;
  g_autoptr(GError) error = NULL;
  int found;

  if (connection->closing)
    return FALSE;

  if (connection->bind_deadline != 0)
    {
      *code = CPIS_HUB_WS_CLOSE_TIMEOUT;
      *reason = "No binding token came in time: send bind-with-token TOKEN once connected.";
      return monotonic >= connection->bind_deadline;
    }

  if (connection->bearer_hash == NULL)
    return FALSE;

  *code = CPIS_HUB_WS_CLOSE_UNAUTHORISED;
  *reason = "The sign-in behind this connection has expired: sign in again.";
  if (now >= connection->bearer_expires_usec)
    return TRUE;

  if (monotonic < connection->next_check)
    return FALSE;

  connection->next_check = monotonic + RECHECK_SECONDS * G_USEC_PER_SEC;
  found = cpis_hub_store_get_token_state (self->store, connection->bearer_hash, NULL,
                                          &expires_usec, &revoked, &error);
  if (found < 0)
    {
      g_warning ("Could not check a websocket's sign-in: %s", error->message);
      return FALSE;
    }

  *reason = "The sign-in behind this connection was ended: sign in again.";
  return found == 0 || revoked;
}

/* The bindings of @connection whose Subscription has ended; TRUE if none
 * is left */
static gboolean
drop_ended (CpisHubPush *self,
            Connection  *connection,
            gint64       now)
{
  guint n_before = connection->bindings->len;

  if (connection->closing || n_before == 0)
    return FALSE;

  for (guint i = connection->bindings->len; i > 0; i--)
    {
      Binding *binding = g_ptr_array_index (connection->bindings, i - 1);

      if (g_str_equal (cpis_hub_subscription_status (binding->subscription, now), "off"))
        {
          forget_binding (self, binding);
          g_ptr_array_remove_index (connection->bindings, i - 1);
        }
    }

  return connection->bindings->len == 0;
}

static gboolean
tick_cb (gpointer user_data)
{
  CpisHubPush *self = user_data;
  g_autoptr(GPtrArray) due = g_ptr_array_new ();
  g_autoptr(GArray) codes = g_array_new (FALSE, FALSE, sizeof (gushort));
  g_autoptr(GPtrArray) reasons = g_ptr_array_new ();
  gint64 now = now_usec (self);
  gint64 monotonic = g_get_monotonic_time ();
  GHashTableIter iter;
  Connection *connection;

  g_mutex_lock (&self->tokens_mutex);
  g_hash_table_foreach_remove (self->binding_tokens, binding_token_expired_cb, &now);
  g_mutex_unlock (&self->tokens_mutex);

  /* decided first, closed after: closing changes no table we walk */
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *) &connection, NULL))
    {
      gushort code = 0;
      const char *reason = NULL;

      if (connection_due (self, connection, now, monotonic, &code, &reason))
        ;
      else if (drop_ended (self, connection, now))
        {
          code = CPIS_HUB_WS_CLOSE_ENDED;
          reason = "The Subscription has ended.";
        }
      else
        continue;

      g_ptr_array_add (due, connection);
      g_array_append_val (codes, code);
      g_ptr_array_add (reasons, (gpointer) reason);
    }

  for (guint i = 0; i < due->len; i++)
    close_connection (g_ptr_array_index (due, i), g_array_index (codes, gushort, i),
                      g_ptr_array_index (reasons, i));

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------ */
/* The push thread */

/* On the push thread, as it stops: every connection closed (1001) and let go */
static void
close_all (CpisHubPush *self)
{
  GHashTableIter iter;
  Connection *connection;

  if (self->tick != NULL)
    {
      g_source_destroy (self->tick);
      g_clear_pointer (&self->tick, g_source_unref);
    }

  /* libsoup finishes each close on its own, on this context */
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *) &connection, NULL))
    {
      close_connection (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                        "The hub is shutting down.");
      g_hash_table_iter_remove (&iter);
    }
}

static gpointer
push_thread (gpointer data)
{
  CpisHubPush *self = data;

#ifdef __linux__
  /* On a busy hub a clinician's check comes first: this thread yields the
   * cores to the server's and the writer's (a thread's own nice value) */
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), PUSH_THREAD_NICE);
#endif

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);

  close_all (self);
  /* let the closes go out */
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  CpisHubPush *push;   /* not a reference: the push thread stops before it goes */
  char        *key;    /* a bearer token's hash, or a Subscription id */
} Notice;

static void
notice_free (gpointer data)
{
  Notice *notice = data;

  g_free (notice->key);
  g_free (notice);
}

static void
notify_push_thread (CpisHubPush *self,
                    GSourceFunc  func,
                    const char  *key)
{
  Notice *notice = g_new0 (Notice, 1);

  notice->push = self;
  notice->key = g_strdup (key);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, func, notice, notice_free);
}

/* ------------------------------------------------------------------------ */
/* What the tests do (cpis-hub-push-private.h) */

static gboolean
drop_all_cb (gpointer data)
{
  Notice *notice = data;
  GHashTableIter iter;
  Connection *connection;

  g_hash_table_iter_init (&iter, notice->push->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *) &connection, NULL))
    if (!connection->closing)
      g_io_stream_close (soup_websocket_connection_get_io_stream (connection->ws), NULL, NULL);

  return G_SOURCE_REMOVE;
}

void
_cpis_hub_push_drop_all (CpisHubPush *self)
{
  g_return_if_fail (CPIS_HUB_IS_PUSH (self));

  notify_push_thread (self, drop_all_cb, NULL);
}

void
_cpis_hub_push_set_refusing (CpisHubPush *self,
                             gboolean     refusing)
{
  g_return_if_fail (CPIS_HUB_IS_PUSH (self));

  g_atomic_int_set (&self->refusing, refusing ? 1 : 0);
}

void
_cpis_hub_push_set_muted (CpisHubPush *self,
                          gboolean     muted)
{
  g_return_if_fail (CPIS_HUB_IS_PUSH (self));

  g_atomic_int_set (&self->muted, muted ? 1 : 0);
}

static gboolean
send_to_all_cb (gpointer data)
{
  Notice *notice = data;
  GHashTableIter iter;
  Connection *connection;

  g_hash_table_iter_init (&iter, notice->push->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *) &connection, NULL))
    if (connection->user_id != 0)
      send_text (connection, g_strdup (notice->key));

  return G_SOURCE_REMOVE;
}

void
_cpis_hub_push_send_to_all (CpisHubPush *self,
                            const char  *text)
{
  g_return_if_fail (CPIS_HUB_IS_PUSH (self));
  g_return_if_fail (text != NULL);

  notify_push_thread (self, send_to_all_cb, text);
}

guint
_cpis_hub_push_count_connections (CpisHubPush *self)
{
  g_return_val_if_fail (CPIS_HUB_IS_PUSH (self), 0);

  return (guint) MAX (g_atomic_int_get (&self->n_connections), 0);
}

/* ------------------------------------------------------------------------ */
/* The object */

void
cpis_hub_push_shutdown (CpisHubPush *self)
{
  g_return_if_fail (CPIS_HUB_IS_PUSH (self));

  if (g_atomic_int_get (&self->shut_down))
    return;
  g_atomic_int_set (&self->shut_down, TRUE);

  /* no more events come in */
  if (self->watch_id != 0)
    {
      cpis_hub_store_remove_events_watch (self->store, self->watch_id);
      self->watch_id = 0;
    }

  g_mutex_lock (&self->queue_mutex);
  if (self->dispatch != NULL)
    {
      g_source_destroy (self->dispatch);
      g_clear_pointer (&self->dispatch, g_source_unref);
    }
  g_queue_clear_full (&self->committed, (GDestroyNotify) g_ptr_array_unref);
  g_mutex_unlock (&self->queue_mutex);

  /* the push thread closes every connection and stops */
  if (self->thread != NULL)
    {
      g_main_context_invoke (self->context, quit_cb, self->loop);
      g_thread_join (g_steal_pointer (&self->thread));
    }

  g_mutex_lock (&self->tokens_mutex);
  g_hash_table_remove_all (self->binding_tokens);
  g_mutex_unlock (&self->tokens_mutex);
}

static void
cpis_hub_push_dispose (GObject *object)
{
  CpisHubPush *self = CPIS_HUB_PUSH (object);

  if (self->store != NULL)
    cpis_hub_push_shutdown (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cpis_hub_push_parent_class)->dispose (object);
}

static void
cpis_hub_push_finalize (GObject *object)
{
  CpisHubPush *self = CPIS_HUB_PUSH (object);

  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->bindings, g_hash_table_unref);
  g_clear_pointer (&self->binding_tokens, g_hash_table_unref);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  /* what was handed to a thread that had stopped is let go here */
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->queue_mutex);
  g_mutex_clear (&self->tokens_mutex);

  G_OBJECT_CLASS (cpis_hub_push_parent_class)->finalize (object);
}

static void
cpis_hub_push_class_init (CpisHubPushClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cpis_hub_push_dispose;
  object_class->finalize = cpis_hub_push_finalize;
}

static void
cpis_hub_push_init (CpisHubPush *self)
{
  g_mutex_init (&self->queue_mutex);
  g_mutex_init (&self->tokens_mutex);
  g_queue_init (&self->committed);
  self->connections = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) connection_free, NULL);
  self->bindings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  self->binding_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) binding_token_free);
}

CpisHubPush *
cpis_hub_push_new (CpisHubServer *server)
{
  CpisHubPush *self;

  g_return_val_if_fail (CPIS_HUB_IS_SERVER (server), NULL);

  self = g_object_new (CPIS_HUB_TYPE_PUSH, NULL);
  self->server = server;
  self->store = g_object_ref (_cpis_hub_server_get_store (server));
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  self->tick = g_timeout_source_new (1000);
  g_source_set_callback (self->tick, tick_cb, self, NULL);
  g_source_attach (self->tick, self->context);

  self->thread = g_thread_new ("cpis-hub-push", push_thread, self);
  self->watch_id = cpis_hub_store_add_events_watch (self->store, events_committed_cb, self);

  return self;
}

char *
cpis_hub_push_issue_binding_token (CpisHubPush        *self,
                                   gint64              user_id,
                                   const char         *bearer_hash,
                                   gint64              bearer_expires_usec,
                                   const char * const *subscription_ids,
                                   gint64             *expires_usec)
{
  g_autofree char *token = cpis_hub_auth_new_token ();
  g_autoptr(GMutexLocker) locker = NULL;
  BindingToken *binding_token, *oldest = NULL;
  char *oldest_hash = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint held = 0;
  gint64 now;

  g_return_val_if_fail (CPIS_HUB_IS_PUSH (self), NULL);
  g_return_val_if_fail (bearer_hash != NULL && subscription_ids != NULL, NULL);

  now = now_usec (self);
  locker = g_mutex_locker_new (&self->tokens_mutex);
  g_hash_table_foreach_remove (self->binding_tokens, binding_token_expired_cb, &now);

  g_hash_table_iter_init (&iter, self->binding_tokens);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BindingToken *held_token = value;

      if (held_token->user_id != user_id)
        continue;
      held++;
      if (oldest == NULL || held_token->serial < oldest->serial)
        {
          oldest = held_token;
          oldest_hash = key;
        }
    }
  if (held >= MAX_BINDING_TOKENS_PER_USER && oldest_hash != NULL)
    g_hash_table_remove (self->binding_tokens, oldest_hash);

  binding_token = g_new0 (BindingToken, 1);
  binding_token->user_id = user_id;
  binding_token->bearer_hash = g_strdup (bearer_hash);
  binding_token->subscription_ids = g_strdupv ((char **) subscription_ids);
  binding_token->expires_usec = MIN (now + CPIS_HUB_BINDING_TOKEN_SECONDS * G_USEC_PER_SEC,
                                     bearer_expires_usec);
  binding_token->serial = ++self->next_serial;
  g_hash_table_insert (self->binding_tokens, cpis_hub_auth_hash_token (token), binding_token);

  if (expires_usec != NULL)
    *expires_usec = binding_token->expires_usec;
  return g_steal_pointer (&token);
}

static gboolean
binding_token_of_bearer_cb (gpointer key,
                            gpointer value,
                            gpointer user_data)
{
  BindingToken *token = value;

  return g_str_equal (token->bearer_hash, user_data);
}

/* On the push thread */
static gboolean
token_revoked_cb (gpointer user_data)
{
  Notice *notice = user_data;
  CpisHubPush *self = notice->push;
  g_autoptr(GPtrArray) due = g_ptr_array_new ();
  GHashTableIter iter;
  Connection *connection;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *) &connection, NULL))
    if (g_strcmp0 (connection->bearer_hash, notice->key) == 0)
      g_ptr_array_add (due, connection);

  for (guint i = 0; i < due->len; i++)
    close_connection (g_ptr_array_index (due, i), CPIS_HUB_WS_CLOSE_UNAUTHORISED,
                      "The sign-in behind this connection was ended: sign in again.");

  return G_SOURCE_REMOVE;
}

void
cpis_hub_push_token_revoked (CpisHubPush *self,
                             const char  *token_hash)
{
  g_return_if_fail (CPIS_HUB_IS_PUSH (self));
  g_return_if_fail (token_hash != NULL);

  g_mutex_lock (&self->tokens_mutex);
  g_hash_table_foreach_remove (self->binding_tokens, binding_token_of_bearer_cb,
                               (gpointer) token_hash);
  g_mutex_unlock (&self->tokens_mutex);

  if (!g_atomic_int_get (&self->shut_down))
    notify_push_thread (self, token_revoked_cb, token_hash);
}

/* On the push thread */
static gboolean
subscription_deleted_cb (gpointer user_data)
{
  Notice *notice = user_data;
  CpisHubPush *self = notice->push;
  g_autoptr(GPtrArray) bound = NULL;
  g_autoptr(GPtrArray) emptied = g_ptr_array_new ();
  g_autofree char *key = NULL;

  if (!g_hash_table_steal_extended (self->bindings, notice->key, (gpointer *) &key,
                                    (gpointer *) &bound))
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < bound->len; i++)
    {
      Binding *binding = g_ptr_array_index (bound, i);
      Connection *connection = binding->connection;

      g_ptr_array_remove (connection->bindings, binding);
      if (connection->bindings->len == 0)
        g_ptr_array_add (emptied, connection);
    }

  for (guint i = 0; i < emptied->len; i++)
    close_connection (g_ptr_array_index (emptied, i), CPIS_HUB_WS_CLOSE_NOT_FOUND,
                      "The Subscription was deleted.");

  return G_SOURCE_REMOVE;
}

void
cpis_hub_push_subscription_deleted (CpisHubPush *self,
                                    const char  *id)
{
  g_return_if_fail (CPIS_HUB_IS_PUSH (self));
  g_return_if_fail (id != NULL);

  if (!g_atomic_int_get (&self->shut_down))
    notify_push_thread (self, subscription_deleted_cb, id);
}
