/* cpis-hub-listener.c: the hub's own accept loop, with limits and time-outs */
#include "cpis-hub-listener.h"

#include "cpis-hub-guarded-connection.h"
#include "cpis-hub-linger.h"
#include "cpis-operation-outcome.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* a dispatch accepts at most this many, so that a flood does not starve
 * the connections already open */
#define ACCEPTS_PER_DISPATCH 64
/* descriptors kept back for the store, the websockets' wake-ups, lingering */
#define SPARE_DESCRIPTORS 64
#define MAX_CONNECTIONS_CEILING 16384
/* when even the reserve cannot be taken back: accepting pauses this long */
#define PAUSE_MS 100

/* A whole answer with an OperationOutcome, for a connection libsoup is not
 * answering on (its Content-Length counted here, never by hand) */
static char *
outcome_answer (const char *status_line,
                const char *issue_code,
                const char *details_code,
                const char *display,
                const char *diagnostics,
                gboolean    retry,
                gsize      *length)
{
  g_autofree char *body = g_strdup_printf (
    "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"%s\","
    "\"details\":{\"coding\":[{\"system\":\"" CPIS_SPINE_ERROR_SYSTEM "\","
    "\"code\":\"%s\",\"display\":\"%s\"}]},\"diagnostics\":\"%s\"}]}",
    issue_code, details_code, display, diagnostics);
  char *answer = g_strdup_printf ("HTTP/1.1 %s\r\n"
                                  "Content-Type: application/fhir+json\r\n"
                                  "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                  "%s"
                                  "Cache-Control: no-store\r\n"
                                  "Connection: close\r\n\r\n%s",
                                  status_line, strlen (body), retry ? "Retry-After: 1\r\n" : "",
                                  body);

  *length = strlen (answer);
  return answer;
}

typedef enum
{
  CONN_WAITING,      /* for a request's headers (a deadline) */
  CONN_BODY,         /* reading a body (a deadline) */
  CONN_HANDLING,     /* the hub's own work: no deadline */
  CONN_HANDED_OVER,  /* a websocket: the push code's */
} ConnState;

typedef struct _Shared Shared;

typedef struct
{
  Shared         *shared;   /* a reference */
  GSocket        *socket;
  GSocketAddress *remote;   /* the key: libsoup gives it back with each message */
  char           *peer;
  ConnState       state;
  GSource        *deadline;
  CpisHubGuardInputStream *guard; /* what libsoup reads through */
  SoupServerMessage *current;    /* the request being read (a weak pointer) */
  gsize           header_bytes;  /* of this request's headers, read so far */
  gboolean        headers_read;  /* their end seen: nothing more counts until the next request */
  guint8          last[3];       /* the bytes before the next, for the end of the headers */
  guint           refusal;       /* the idle that answers 431 */
} Conn;

/* What outlives the listener: connections, and messages' handlers */
struct _Shared
{
  GMutex                mutex;
  GMainContext         *context;
  CpisHubListenerLimits limits;
  GHashTable           *conns;     /* GSocketAddress * → Conn * */
  GHashTable           *per_peer;  /* address text → count */
  guint                 n_connections;
  guint                 n_refused;
};

struct _CpisHubListener
{
  Shared     *shared;
  SoupServer *server;
  GSocket    *socket;
  GTlsCertificate *certificate;
  GSource    *source;
  GSource    *pause;
  int         reserve_fd;
  gulong      started_id, finished_id, aborted_id;
};

static void
shared_clear (Shared *shared)
{
  g_hash_table_unref (shared->conns);
  g_hash_table_unref (shared->per_peer);
  g_main_context_unref (shared->context);
  g_mutex_clear (&shared->mutex);
}

static Shared *
shared_ref (Shared *shared)
{
  return g_atomic_rc_box_acquire (shared);
}

static void
shared_unref (gpointer shared)
{
  g_atomic_rc_box_release_full (shared, (GDestroyNotify) shared_clear);
}

void
cpis_hub_listener_limits_init (CpisHubListenerLimits *limits)
{
  limits->header_seconds = CPIS_HUB_LISTENER_HEADER_SECONDS;
  limits->idle_seconds = CPIS_HUB_LISTENER_IDLE_SECONDS;
  limits->min_body_bytes_per_second = CPIS_HUB_LISTENER_MIN_BODY_RATE;
  limits->max_connections = 0;
  limits->max_connections_per_peer = CPIS_HUB_LISTENER_MAX_PER_PEER;
}

/* As many as the descriptor limit leaves room for */
static guint
default_max_connections (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return MAX_CONNECTIONS_CEILING;
  if (limit.rlim_cur <= 2 * SPARE_DESCRIPTORS)
    return 16;
  return (guint) MIN (limit.rlim_cur - SPARE_DESCRIPTORS, MAX_CONNECTIONS_CEILING);
}

/* Deadlines (the listener's thread) */

static gboolean
deadline_cb (gpointer data)
{
  Conn *conn = data;

  /* too slow: libsoup sees the end of the stream and lets the connection go */
  g_clear_pointer (&conn->deadline, g_source_unref);
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
set_deadline (Conn  *conn,
              guint  seconds)
{
  if (conn->deadline != NULL)
    {
      g_source_destroy (conn->deadline);
      g_clear_pointer (&conn->deadline, g_source_unref);
    }
  if (seconds == 0)
    return;

  conn->deadline = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (conn->deadline, deadline_cb, conn, NULL);
  g_source_attach (conn->deadline, conn->shared->context);
}

/* Connections */

/* The room take_room() counted for @peer goes back (under the mutex) */
static void
give_back_room (Shared     *shared,
                const char *peer)
{
  guint *count = g_hash_table_lookup (shared->per_peer, peer);

  if (count != NULL && --*count == 0)
    g_hash_table_remove (shared->per_peer, peer);
  shared->n_connections--;
}

static void
conn_gone (gpointer  data,
           GObject  *stream)
{
  Conn *conn = data;
  Shared *shared = conn->shared;

  /* never called again with @conn */
  cpis_hub_guard_input_stream_release (conn->guard);
  g_object_unref (conn->guard);
  if (conn->current != NULL)
    g_object_remove_weak_pointer (G_OBJECT (conn->current), (gpointer *) &conn->current);
  g_clear_handle_id (&conn->refusal, g_source_remove);

  g_mutex_lock (&shared->mutex);
  g_hash_table_remove (shared->conns, conn->remote);
  give_back_room (shared, conn->peer);
  if (conn->deadline != NULL)
    {
      g_source_destroy (conn->deadline);
      g_source_unref (conn->deadline);
    }
  g_mutex_unlock (&shared->mutex);

  g_object_unref (conn->socket);
  g_object_unref (conn->remote);
  g_free (conn->peer);
  g_free (conn);
  shared_unref (shared);
}

/* The connection @msg came on, or NULL (never one of ours) */
static Conn *
conn_of (Shared            *shared,
         SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  Conn *conn;

  g_mutex_lock (&shared->mutex);
  conn = remote != NULL ? g_hash_table_lookup (shared->conns, remote) : NULL;
  g_mutex_unlock (&shared->mutex);
  return conn;
}

static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           data)
{
  Shared *shared = data;
  Conn *conn = conn_of (shared, msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length;

  if (conn == NULL || conn->state == CONN_HANDED_OVER)
    return;

  /* a body at the minimum rate, or no deadline while the hub works */
  length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
           ? soup_message_headers_get_content_length (headers)
           : 0;
  if (length > 0)
    {
      conn->state = CONN_BODY;
      set_deadline (conn, shared->limits.header_seconds +
                            (guint) MIN (length / MAX (1, shared->limits.min_body_bytes_per_second), G_MAXUINT / 2));
    }
  else
    {
      conn->state = CONN_HANDLING;
      set_deadline (conn, 0);
    }
}

static void
got_body_cb (SoupServerMessage *msg,
             gpointer           data)
{
  Conn *conn = conn_of (data, msg);

  if (conn == NULL || conn->state == CONN_HANDED_OVER)
    return;
  conn->state = CONN_HANDLING;
  set_deadline (conn, 0);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           data)
{
  Shared *shared = data;
  Conn *conn = conn_of (shared, msg);

  if (conn != NULL)
    {
      if (conn->current != NULL)
        g_object_remove_weak_pointer (G_OBJECT (conn->current), (gpointer *) &conn->current);
      conn->current = msg;
      g_object_add_weak_pointer (G_OBJECT (msg), (gpointer *) &conn->current);
    }

  g_signal_connect_data (msg, "got-headers", G_CALLBACK (got_headers_cb), shared_ref (shared),
                         (GClosureNotify) (void (*) (void)) shared_unref, 0);
  g_signal_connect_data (msg, "got-body", G_CALLBACK (got_body_cb), shared_ref (shared),
                         (GClosureNotify) (void (*) (void)) shared_unref, 0);
}

static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     gpointer           data)
{
  Shared *shared = data;
  Conn *conn = conn_of (shared, msg);

  if (conn == NULL || conn->state == CONN_HANDED_OVER)
    return;

  /* a websocket now: the push code keeps it */
  if (soup_server_message_get_status (msg) == SOUP_STATUS_SWITCHING_PROTOCOLS)
    {
      conn->state = CONN_HANDED_OVER;
      set_deadline (conn, 0);
      return;
    }

  /* the next request's headers within the idle time */
  conn->state = CONN_WAITING;
  conn->header_bytes = 0;
  conn->headers_read = FALSE;
  memset (conn->last, 0, sizeof conn->last);
  set_deadline (conn, shared->limits.idle_seconds);
}

static void
request_aborted_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           data)
{
  Conn *conn = conn_of (data, msg);

  if (conn != NULL && conn->state != CONN_HANDED_OVER)
    set_deadline (conn, 0);
}

/* Headers too large: 431, with an OperationOutcome */

/* The connection libsoup was reading the headers on is taken from it,
 * answered and closed lingering (the client may still be sending) */
static gboolean
refuse_headers_cb (gpointer data)
{
  Conn *conn = data;
  CpisHubGuardInputStream *guard = conn->guard;
  g_autoptr(GIOStream) stream = NULL;
  g_autofree char *answer = NULL;
  gsize length;

  conn->refusal = 0;
  if (conn->current != NULL)
    stream = soup_server_message_steal_connection (conn->current);
  if (stream == NULL)
    {
      /* nothing to take it from: libsoup lets it go without a word */
      cpis_hub_guard_input_stream_fail (guard);
      return G_SOURCE_REMOVE;
    }

  conn->state = CONN_HANDED_OVER;
  set_deadline (conn, 0);
  cpis_hub_guard_input_stream_release (guard);
  answer = outcome_answer ("431 Request Header Fields Too Large", "too-long",
                           "REQUEST_HEADER_FIELDS_TOO_LARGE",
                           "The request's headers are too large",
                           "The request line and headers together may be at most " G_STRINGIFY (CPIS_HUB_LISTENER_MAX_HEADER_BYTES) " bytes.",
                           FALSE, &length);
  cpis_hub_linger_close (stream, answer, length);
  return G_SOURCE_REMOVE;
}

/* Whether @byte, after conn->last, ends a request's headers ("\r\n\r\n",
 * or "\n\n", which libsoup takes too) */
static gboolean
ends_headers (Conn   *conn,
              guint8  byte)
{
  gboolean end = byte == '\n' &&
                 (conn->last[2] == '\n' ||
                  (conn->last[2] == '\r' && conn->last[1] == '\n' && conn->last[0] == '\r'));

  conn->last[0] = conn->last[1];
  conn->last[1] = conn->last[2];
  conn->last[2] = byte;
  return end;
}

/* Each read libsoup makes: while it waits for a request's headers, what
 * they take of it is counted (up to their end: libsoup reads ahead); too
 * many, and the request is refused before libsoup's own limit (where it
 * would close the connection without an answer). What libsoup read ahead
 * of the next request on the connection (at most one of its reads, 8 KiB)
 * is not counted: that request's limit is that much larger. */
static gboolean
guard_cb (const guint8 *data,
          gsize         n,
          gpointer      user_data)
{
  Conn *conn = user_data;
  gsize counted = 0;

  if (conn->state != CONN_WAITING || conn->headers_read)
    return TRUE;

  while (counted < n && !conn->headers_read)
    conn->headers_read = ends_headers (conn, data[counted++]);
  conn->header_bytes += counted;
  if (conn->header_bytes <= CPIS_HUB_LISTENER_MAX_HEADER_BYTES)
    return TRUE;

  if (conn->refusal == 0)
    {
      GSource *idle = g_idle_source_new ();

      g_source_set_callback (idle, refuse_headers_cb, conn, NULL);
      conn->refusal = g_source_attach (idle, conn->shared->context);
      g_source_unref (idle);
    }
  return FALSE;
}

/* Accepting */

static void
refuse (CpisHubListener *self,
        GSocket         *socket)
{
  /* plain HTTP only: a TLS client could not read it */
  if (self->certificate == NULL)
    {
      gsize length;
      g_autofree char *answer = outcome_answer ("503 Service Unavailable", "transient", "SERVICE_UNAVAILABLE",
                                                "The hub cannot take this request now",
                                                "The hub has too many connections: try again.", TRUE, &length);

      g_socket_send (socket, answer, length, NULL, NULL);
    }
  g_socket_close (socket, NULL);
  g_mutex_lock (&self->shared->mutex);
  self->shared->n_refused++;
  g_mutex_unlock (&self->shared->mutex);
}

static char *
peer_of (GSocketAddress *remote)
{
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  return g_strdup ("");
}

/* TRUE if there is room for one more from @peer (counted if so) */
static gboolean
take_room (Shared     *shared,
           const char *peer)
{
  guint *count;
  gboolean room;

  g_mutex_lock (&shared->mutex);
  count = g_hash_table_lookup (shared->per_peer, peer);
  room = shared->n_connections < shared->limits.max_connections &&
         (count == NULL || *count < shared->limits.max_connections_per_peer);
  if (room)
    {
      if (count == NULL)
        {
          count = g_new0 (guint, 1);
          g_hash_table_insert (shared->per_peer, g_strdup (peer), count);
        }
      (*count)++;
      shared->n_connections++;
    }
  g_mutex_unlock (&shared->mutex);
  return room;
}

static void
hand_over (CpisHubListener *self,
           GSocket         *socket)
{
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (socket, NULL);
  g_autoptr(GIOStream) connection = NULL;
  g_autoptr(GIOStream) guarded = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autofree char *peer = NULL;
  Conn *conn;

  if (local == NULL || remote == NULL)
    {
      g_socket_close (socket, NULL);
      return;
    }

  peer = peer_of (remote);
  if (!take_room (self->shared, peer))
    {
      refuse (self, socket);
      return;
    }

  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  /* a peer gone without a word is noticed by TCP (websockets above all) */
  g_socket_set_keepalive (socket, TRUE);

  conn = g_new0 (Conn, 1);
  connection = G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
  guarded = cpis_hub_guarded_connection_new (G_SOCKET_CONNECTION (connection), guard_cb, conn);
  if (self->certificate != NULL)
    {
      g_autoptr(GError) error = NULL;

      stream = G_IO_STREAM (g_tls_server_connection_new (guarded, self->certificate, &error));
      if (stream == NULL)
        {
          g_warning ("Could not start TLS on a connection: %s", error->message);
          g_io_stream_close (guarded, NULL, NULL);
          g_mutex_lock (&self->shared->mutex);
          give_back_room (self->shared, peer);
          g_mutex_unlock (&self->shared->mutex);
          g_free (conn);
          return;
        }
      g_object_set (stream, "require-close-notify", FALSE, NULL);
    }
  else
    stream = g_object_ref (guarded);

  conn->shared = shared_ref (self->shared);
  conn->socket = g_object_ref (socket);
  conn->remote = g_object_ref (remote);
  conn->peer = g_steal_pointer (&peer);
  conn->state = CONN_WAITING;
  conn->guard = g_object_ref (cpis_hub_guarded_connection_get_guard (
    CPIS_HUB_GUARDED_CONNECTION (guarded)));
  g_mutex_lock (&self->shared->mutex);
  g_hash_table_insert (self->shared->conns, conn->remote, conn);
  g_mutex_unlock (&self->shared->mutex);
  set_deadline (conn, self->shared->limits.header_seconds);
  g_object_weak_ref (G_OBJECT (stream), conn_gone, conn);

  soup_server_accept_iostream (self->server, stream, local, remote, NULL);
}

static gboolean accept_cb (GSocket *socket, GIOCondition condition, gpointer data);

static void
watch (CpisHubListener *self)
{
  self->source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  /* before libsoup's own source on the same socket */
  g_source_set_priority (self->source, G_PRIORITY_DEFAULT - 10);
  g_source_set_callback (self->source, (GSourceFunc) (void (*) (void)) accept_cb, self, NULL);
  g_source_attach (self->source, self->shared->context);
}

static gboolean
resume_cb (gpointer data)
{
  CpisHubListener *self = data;

  g_clear_pointer (&self->pause, g_source_unref);
  if (self->reserve_fd < 0)
    self->reserve_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  watch (self);
  return G_SOURCE_REMOVE;
}

/* Out of descriptors: the reserve makes room to answer one waiting client */
static gboolean
shed_one (CpisHubListener *self)
{
  g_autoptr(GSocket) socket = NULL;

  if (self->reserve_fd < 0)
    return FALSE;

  close (self->reserve_fd);
  self->reserve_fd = -1;
  socket = g_socket_accept (self->socket, NULL, NULL);
  if (socket != NULL)
    refuse (self, socket);
  g_clear_object (&socket);
  self->reserve_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  return self->reserve_fd >= 0;
}

static gboolean
accept_cb (GSocket      *listen_socket,
           GIOCondition  condition,
           gpointer      data)
{
  CpisHubListener *self = data;

  for (guint i = 0; i < ACCEPTS_PER_DISPATCH; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) socket = g_socket_accept (listen_socket, NULL, &error);

      if (socket != NULL)
        {
          hand_over (self, socket);
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES) && shed_one (self))
        continue;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES))
        {
          /* not even the reserve: wait a little rather than spin */
          g_clear_pointer (&self->source, g_source_unref);
          self->pause = g_timeout_source_new (PAUSE_MS);
          g_source_set_callback (self->pause, resume_cb, self, NULL);
          g_source_attach (self->pause, self->shared->context);
          return G_SOURCE_REMOVE;
        }
      /* ECONNABORTED and the like: that client is gone, the next may not be */
    }

  return G_SOURCE_CONTINUE;
}

CpisHubListener *
cpis_hub_listener_new (SoupServer                  *server,
                       GSocket                     *listen_socket,
                       GTlsCertificate             *certificate,
                       const CpisHubListenerLimits *limits)
{
  CpisHubListener *self = g_new0 (CpisHubListener, 1);
  Shared *shared = g_atomic_rc_box_new0 (Shared);

  g_mutex_init (&shared->mutex);
  shared->context = g_main_context_ref_thread_default ();
  shared->limits = *limits;
  if (shared->limits.max_connections == 0)
    shared->limits.max_connections = default_max_connections ();
  if (shared->limits.max_connections_per_peer == 0)
    shared->limits.max_connections_per_peer = shared->limits.max_connections;
  shared->conns = g_hash_table_new (g_direct_hash, g_direct_equal);
  shared->per_peer = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->shared = shared;
  self->server = g_object_ref (server);
  self->socket = g_object_ref (listen_socket);
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  self->reserve_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  g_socket_set_blocking (listen_socket, FALSE);

  self->started_id = g_signal_connect_data (server, "request-started", G_CALLBACK (request_started_cb),
                                            shared_ref (shared), (GClosureNotify) (void (*) (void)) shared_unref, 0);
  self->finished_id = g_signal_connect_data (server, "request-finished", G_CALLBACK (request_finished_cb),
                                             shared_ref (shared), (GClosureNotify) (void (*) (void)) shared_unref, 0);
  self->aborted_id = g_signal_connect_data (server, "request-aborted", G_CALLBACK (request_aborted_cb),
                                            shared_ref (shared), (GClosureNotify) (void (*) (void)) shared_unref, 0);
  watch (self);
  return self;
}

void
cpis_hub_listener_free (CpisHubListener *self)
{
  if (self == NULL)
    return;

  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_source_unref (self->source);
    }
  if (self->pause != NULL)
    {
      g_source_destroy (self->pause);
      g_source_unref (self->pause);
    }
  g_signal_handler_disconnect (self->server, self->started_id);
  g_signal_handler_disconnect (self->server, self->finished_id);
  g_signal_handler_disconnect (self->server, self->aborted_id);
  if (self->reserve_fd >= 0)
    close (self->reserve_fd);
  g_clear_object (&self->certificate);
  g_object_unref (self->socket);
  g_object_unref (self->server);
  shared_unref (self->shared);
  g_free (self);
}

guint
cpis_hub_listener_get_n_connections (CpisHubListener *self)
{
  guint n;

  g_mutex_lock (&self->shared->mutex);
  n = self->shared->n_connections;
  g_mutex_unlock (&self->shared->mutex);
  return n;
}

guint
cpis_hub_listener_get_n_refused (CpisHubListener *self)
{
  guint n;

  g_mutex_lock (&self->shared->mutex);
  n = self->shared->n_refused;
  g_mutex_unlock (&self->shared->mutex);
  return n;
}
