/* cpis-hub-server.c: listening, routing, and what every request shares */
#include "cpis-hub-server.h"

#include <string.h>

#include "cpis-date.h"
#include "cpis-hub-auth.h"
#include "cpis-hub-linger.h"
#include "cpis-hub-listener.h"
#include "cpis-hub-push.h"
#include "cpis-hub-request-headers.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server-private.h"

struct _CpisHubServer
{
  GObject           parent_instance;

  CpisHubStore     *store;
  SoupServer       *soup_server;
  CpisHubPush      *push;
  char             *origin;
  char             *base_url;
  CpisHubClockFunc  clock;
  gpointer          clock_data;
  guint             token_lifetime;
  gint64            started_usec;
  CpisHubThrottle  *throttle;       /* failed sign-ins, in memory */
  CpisHubListenerLimits limits;
  CpisHubListener  *listener;       /* accepts, with the limits */
};

G_DEFINE_FINAL_TYPE (CpisHubServer, cpis_hub_server, G_TYPE_OBJECT)

#define CPIS_HUB_LISTEN_BACKLOG 1024

typedef void (*RouteHandler) (CpisHubServer     *self,
                              SoupServerMessage *msg);
/* GET path/{id}: @id is the last segment, not empty */
typedef void (*ItemHandler)  (CpisHubServer     *self,
                              SoupServerMessage *msg,
                              const char        *id);

/* path/@subpath, for anything under path: answers 404 and 405 itself */
typedef void (*SubpathHandler) (CpisHubServer     *self,
                                SoupServerMessage *msg,
                                const char        *subpath);

typedef struct
{
  const char     *path;
  const char     *allowed_methods; /* for the Allow header, on path and path/{id} */
  RouteHandler    get;
  RouteHandler    post;
  ItemHandler     get_item;        /* NULL: path/{id} is not served */
  SubpathHandler  subpath;         /* NULL: nothing under path but get_item's */
} Route;

static void handle_care_team_search   (CpisHubServer *self, SoupServerMessage *msg);
static void handle_audit_event_search (CpisHubServer *self, SoupServerMessage *msg);

static const Route routes[] = {
  { "/oauth2/token", "POST", NULL, _cpis_hub_oauth_token },
  { "/oauth2/userinfo", "GET, POST", _cpis_hub_oauth_userinfo, _cpis_hub_oauth_userinfo },
  { "/oauth2/revoke", "POST", NULL, _cpis_hub_oauth_revoke },
  { CPIS_HUB_BASE_PATH "/metadata", "GET", _cpis_hub_metadata, NULL },
  { CPIS_HUB_PDS_BASE_PATH "/metadata", "GET", _cpis_hub_pds_metadata, NULL },
  { CPIS_HUB_BASE_PATH "/CareTeam", "GET", handle_care_team_search, NULL },
  { CPIS_HUB_BASE_PATH "/AuditEvent", "GET", handle_audit_event_search, NULL },
  { CPIS_HUB_PDS_BASE_PATH "/Patient", "GET", _cpis_hub_pds_search, NULL, _cpis_hub_pds_read },
  { CPIS_HUB_BASE_PATH "/Task", "GET", _cpis_hub_fhir_task_search, NULL, NULL,
    _cpis_hub_fhir_task_subpath },
  { CPIS_HUB_BASE_PATH "/Subscription", "GET, POST", _cpis_hub_fhir_subscription_search,
    _cpis_hub_fhir_subscription_create, NULL, _cpis_hub_fhir_subscription_subpath },
  { CPIS_HUB_BASE_PATH "/PractitionerRole", "GET", _cpis_hub_fhir_practitioner_role_search, NULL },
  { CPIS_HUB_BASE_PATH "/Organization", "GET", _cpis_hub_fhir_organization_search, NULL },
  { CPIS_HUB_BASE_PATH "/Basic", "GET", _cpis_hub_fhir_exception_search, NULL, NULL,
    _cpis_hub_fhir_exception_subpath },
  { CPIS_HUB_BASE_PATH "/Measure", "GET", _cpis_hub_fhir_measure_search, NULL, NULL,
    _cpis_hub_fhir_measure_subpath },
  { CPIS_HUB_WEBSOCKET_PATH, "GET", _cpis_hub_push_upgrade, NULL },
  /* last: the base itself, once every path under it has been tried */
  { CPIS_HUB_BASE_PATH, "POST", NULL, _cpis_hub_fhir_batch },
};

guint
_cpis_hub_server_get_n_routes (void)
{
  return G_N_ELEMENTS (routes);
}

const char *
_cpis_hub_server_get_route (guint        index,
                            const char **allowed_methods)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (routes), NULL);

  if (allowed_methods != NULL)
    *allowed_methods = routes[index].allowed_methods;
  return routes[index].path;
}

static void
handle_care_team_search (CpisHubServer     *self,
                         SoupServerMessage *msg)
{
  /* without patient:identifier, a social worker's list of the LA's plans */
  if (_cpis_hub_fhir_la_plan_search (self, msg))
    return;

  _cpis_hub_fhir_search (self, msg, "CareTeam");
}

static void
handle_audit_event_search (CpisHubServer     *self,
                           SoupServerMessage *msg)
{
  _cpis_hub_fhir_search (self, msg, "AuditEvent");
}

/* The route for @path, and in @id (owned by the caller) the {id} of
 * path/{id} for a route with items, or in @subpath what follows "path/"
 * for a route with a subpath handler; NULL for none */
static const Route *
find_route (const char  *path,
            char       **id,
            char       **subpath)
{
  *id = NULL;
  *subpath = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      gsize len = strlen (routes[i].path);
      const char *rest = path + len;
      const char *slash;

      if (strncmp (path, routes[i].path, len) != 0)
        continue;

      /* a trailing slash names the same resource */
      if (rest[0] == '\0' || (rest[0] == '/' && rest[1] == '\0'))
        return &routes[i];

      if (routes[i].subpath != NULL && rest[0] == '/')
        {
          *subpath = g_strdup (rest + 1);
          return &routes[i];
        }

      if (routes[i].get_item == NULL || rest[0] != '/')
        continue;

      /* path/{id} or path/{id}/; an empty id ("path//") is no item */
      slash = strchr (rest + 1, '/');
      if (slash != rest + 1 && (slash == NULL || slash[1] == '\0'))
        {
          *id = slash != NULL ? g_strndup (rest + 1, slash - (rest + 1)) : g_strdup (rest + 1);
          return &routes[i];
        }
    }

  return NULL;
}

static void
add_common_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *trace_id = soup_message_headers_get_one (request_headers, "TraceID");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);

  soup_message_headers_replace (headers, "Date", date);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  if (trace_id != NULL && g_uuid_string_is_valid (trace_id))
    soup_message_headers_replace (headers, "TraceID", trace_id);
}

/* Answers @msg with @status and an OperationOutcome, then closes the
 * connection without keeping the request body: libsoup would otherwise read
 * (and keep) the whole body before sending any answer. The close lingers,
 * so that a client still sending the body reads the answer rather than a
 * reset (cpis-hub-linger.h). */
static void
refuse_body (SoupServerMessage *msg,
             guint              status,
             const char        *issue_code,
             const char        *details_code,
             const char        *diagnostics)
{
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GString) reply = g_string_new (NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  gsize length;
  const char *data;

  cpis_hub_respond_error (msg, status, issue_code, details_code, diagnostics);
  body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  data = g_bytes_get_data (body, &length);

  g_string_append_printf (reply,
                          "HTTP/1.1 %u %s\r\n"
                          "Date: %s\r\n"
                          "Content-Type: " CPIS_HUB_FHIR_CONTENT_TYPE "\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Cache-Control: no-store\r\n"
                          "Connection: close\r\n\r\n",
                          status, soup_status_get_phrase (status), date, length);
  g_string_append_len (reply, data, length);

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;

  cpis_hub_linger_close (stream, reply->str, reply->len);
}

/* Runs after the headers and before the body: refuses bodies the hub will
 * not read, so a hostile client cannot make it buffer them. */
static void
early_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  CpisHubRefusal refusal;

  if (!cpis_hub_request_headers_check (headers, CPIS_HUB_MAX_BODY_BYTES, &refusal))
    refuse_body (msg, refusal.status, refusal.issue_code, refusal.details_code, refusal.diagnostics);
  else if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    refuse_body (msg, SOUP_STATUS_LENGTH_REQUIRED, "invalid", CPIS_HUB_LENGTH_REQUIRED,
                 "Send the request body with a Content-Length header.");
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  CpisHubServer *self = CPIS_HUB_SERVER (user_data);
  const char *method = soup_server_message_get_method (msg);
  const Route *route;
  RouteHandler handler = NULL;
  g_autofree char *id = NULL;
  g_autofree char *subpath = NULL;

  add_common_headers (msg);
  if (g_str_equal (path, CPIS_HUB_PDS_BASE_PATH) ||
      g_str_has_prefix (path, CPIS_HUB_PDS_BASE_PATH "/"))
    _cpis_hub_pds_echo_headers (msg);

  route = find_route (path, &id, &subpath);
  if (route == NULL)
    {
      cpis_hub_respond_no_such_endpoint (msg);
      return;
    }

  if (subpath != NULL)
    {
      route->subpath (self, msg, subpath);
      return;
    }

  if (id != NULL)
    {
      if (g_str_equal (method, "GET"))
        {
          route->get_item (self, msg, id);
          return;
        }
    }
  else if (g_str_equal (method, "GET"))
    handler = route->get;
  else if (g_str_equal (method, "POST"))
    handler = route->post;

  if (handler == NULL)
    {
      cpis_hub_respond_method_not_allowed (msg, route->allowed_methods);
      return;
    }

  handler (self, msg);
}

static void
cpis_hub_server_dispose (GObject *object)
{
  CpisHubServer *self = CPIS_HUB_SERVER (object);

  if (self->push != NULL)
    cpis_hub_push_shutdown (self->push);
  g_clear_pointer (&self->listener, cpis_hub_listener_free);
  if (self->soup_server != NULL)
    soup_server_disconnect (self->soup_server);
  g_clear_object (&self->push);
  g_clear_object (&self->soup_server);
  g_clear_object (&self->store);
  g_clear_pointer (&self->throttle, cpis_hub_throttle_free);

  G_OBJECT_CLASS (cpis_hub_server_parent_class)->dispose (object);
}

static void
cpis_hub_server_finalize (GObject *object)
{
  CpisHubServer *self = CPIS_HUB_SERVER (object);

  g_free (self->origin);
  g_free (self->base_url);

  G_OBJECT_CLASS (cpis_hub_server_parent_class)->finalize (object);
}

static void
cpis_hub_server_class_init (CpisHubServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cpis_hub_server_dispose;
  object_class->finalize = cpis_hub_server_finalize;
}

static void
cpis_hub_server_init (CpisHubServer *self)
{
  self->token_lifetime = CPIS_HUB_DEFAULT_TOKEN_LIFETIME_SECONDS;
  cpis_hub_listener_limits_init (&self->limits);
}

CpisHubServer *
cpis_hub_server_new (CpisHubStore *store)
{
  CpisHubServer *self;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (store), NULL);

  self = g_object_new (CPIS_HUB_TYPE_SERVER, NULL);
  self->store = g_object_ref (store);

  return self;
}

static GInetAddress *
parse_host (const char  *host,
            GError     **error)
{
  g_autofree char *bare = NULL;
  GInetAddress *address;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  /* "[::1]" as in a URL */
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    bare = g_strndup (host + 1, strlen (host) - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);
  if (address == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "“%s” is not an IP address (give one, or “localhost”)", host);

  return address;
}

gboolean
cpis_hub_server_listen (CpisHubServer  *self,
                        const char     *host,
                        guint           port,
                        const char     *tls_cert_file,
                        const char     *tls_key_file,
                        GError        **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) listen_socket = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  SoupServerListenOptions options = 0;
  GSList *uris;
  GUri *uri;
  g_autofree char *uri_host = NULL;

  g_return_val_if_fail (CPIS_HUB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (self->soup_server == NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  if ((tls_cert_file == NULL) != (tls_key_file == NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "A TLS certificate needs its key, and a key its certificate");
      return FALSE;
    }

  address = parse_host (host, error);
  if (address == NULL)
    return FALSE;

  if (tls_cert_file == NULL && !g_inet_address_get_is_loopback (address))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Plain HTTP is only served on loopback addresses; give --tls-cert and "
                   "--tls-key to listen on %s", host);
      return FALSE;
    }

  if (tls_cert_file != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert_file, tls_key_file, error);
      if (certificate == NULL)
        return FALSE;
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  self->soup_server = soup_server_new ("server-header", "cpis-hub/" PACKAGE_VERSION " ", NULL);
  if (certificate != NULL)
    soup_server_set_tls_certificate (self->soup_server, certificate);
  soup_server_add_early_handler (self->soup_server, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup_server, NULL, handler_cb, self, NULL);

  socket_address = g_inet_socket_address_new (address, port);
  listen_socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                                G_SOCKET_PROTOCOL_TCP, error);
  if (listen_socket == NULL)
    {
      g_clear_object (&self->soup_server);
      return FALSE;
    }
  /* GSocketListener's default backlog of 10 drops connections under a burst
   * of clients, which then wait a second to retry */
  g_socket_set_listen_backlog (listen_socket, CPIS_HUB_LISTEN_BACKLOG);
  if (!g_socket_bind (listen_socket, socket_address, TRUE, error) ||
      !g_socket_listen (listen_socket, error) ||
      !soup_server_listen_socket (self->soup_server, listen_socket, options, error))
    {
      g_clear_object (&self->soup_server);
      return FALSE;
    }
  /* the hub accepts from the socket itself (libsoup keeps it, so that it
   * keeps connections alive, but would stop at the first failed accept) */
  self->listener = cpis_hub_listener_new (self->soup_server, listen_socket, certificate, &self->limits);

  uris = soup_server_get_uris (self->soup_server);
  g_return_val_if_fail (uris != NULL, FALSE);
  uri = uris->data;

  if (strchr (g_uri_get_host (uri), ':') != NULL)
    uri_host = g_strdup_printf ("[%s]", g_uri_get_host (uri));
  else
    uri_host = g_strdup (g_uri_get_host (uri));

  g_free (self->origin);
  g_free (self->base_url);
  self->origin = g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), uri_host,
                                  g_uri_get_port (uri));
  self->base_url = g_strconcat (self->origin, CPIS_HUB_BASE_PATH, NULL);

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  self->started_usec = _cpis_hub_server_now_usec (self);

  /* Live push, on this thread's main context, as the server */
  self->push = cpis_hub_push_new (self);

  return TRUE;
}

void
cpis_hub_server_disconnect (CpisHubServer *self)
{
  g_return_if_fail (CPIS_HUB_IS_SERVER (self));

  /* websockets first: they say why they close */
  if (self->push != NULL)
    cpis_hub_push_shutdown (self->push);
  g_clear_pointer (&self->listener, cpis_hub_listener_free);
  if (self->soup_server != NULL)
    soup_server_disconnect (self->soup_server);
}

const char *
cpis_hub_server_get_base_url (CpisHubServer *self)
{
  g_return_val_if_fail (CPIS_HUB_IS_SERVER (self), NULL);

  return self->base_url;
}

const char *
cpis_hub_server_get_origin (CpisHubServer *self)
{
  g_return_val_if_fail (CPIS_HUB_IS_SERVER (self), NULL);

  return self->origin;
}

void
cpis_hub_server_set_clock (CpisHubServer    *self,
                           CpisHubClockFunc  clock,
                           gpointer          user_data)
{
  g_return_if_fail (CPIS_HUB_IS_SERVER (self));

  self->clock = clock;
  self->clock_data = user_data;
}

void
cpis_hub_server_set_token_lifetime (CpisHubServer *self,
                                    guint          seconds)
{
  g_return_if_fail (CPIS_HUB_IS_SERVER (self));
  g_return_if_fail (seconds > 0);

  self->token_lifetime = seconds;
}

char *
_cpis_hub_request_base_url (SoupServerMessage *msg,
                            const char        *base_path)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GUri) base = NULL;

  base = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                      g_uri_get_port (uri), base_path, NULL, NULL);
  return g_uri_to_string (base);
}

CpisHubStore *
_cpis_hub_server_get_store (CpisHubServer *self)
{
  return self->store;
}

SoupServer *
_cpis_hub_server_get_soup_server (CpisHubServer *self)
{
  return self->soup_server;
}

CpisHubPush *
_cpis_hub_server_get_push (CpisHubServer *self)
{
  return self->push;
}

void
cpis_hub_server_set_limits (CpisHubServer               *self,
                            const CpisHubListenerLimits *limits)
{
  g_return_if_fail (CPIS_HUB_IS_SERVER (self));
  g_return_if_fail (limits != NULL);
  g_return_if_fail (self->listener == NULL);

  self->limits = *limits;
}

CpisHubThrottle *
_cpis_hub_server_get_throttle (CpisHubServer *self)
{
  if (self->throttle == NULL)
    self->throttle = cpis_hub_throttle_new ();

  return self->throttle;
}

gint64
_cpis_hub_server_now_usec (CpisHubServer *self)
{
  if (self->clock != NULL)
    return self->clock (self->clock_data);

  return g_get_real_time ();
}

void
_cpis_hub_server_today (CpisHubServer *self,
                        GDate         *today)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  utc = g_date_time_new_from_unix_utc (_cpis_hub_server_now_usec (self) / G_USEC_PER_SEC);
  local = g_date_time_to_timezone (utc, cpis_date_uk_time_zone ());

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
}

gint64
_cpis_hub_server_get_started_usec (CpisHubServer *self)
{
  return self->started_usec;
}

guint
_cpis_hub_server_get_token_lifetime (CpisHubServer *self)
{
  return self->token_lifetime;
}

CpisHubUser *
_cpis_hub_server_authenticate (CpisHubServer     *self,
                               SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autoptr(GError) error = NULL;
  CpisHubUser *user;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "login", CPIS_HUB_UNAUTHORISED,
                              "Sign in: this request needs a bearer token.");
      return NULL;
    }

  token = g_strstrip (g_strdup (authorization + 7));
  token_hash = cpis_hub_auth_hash_token (token);
  user = cpis_hub_store_find_token_user (self->store, token_hash,
                                         _cpis_hub_server_now_usec (self), &error);
  if (error != NULL)
    {
      g_warning ("Could not look up a token: %s", error->message);
      cpis_hub_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "exception",
                              CPIS_HUB_SERVER_ERROR, "The hub could not check the sign-in.");
      return NULL;
    }

  if (user == NULL)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "login", CPIS_HUB_UNAUTHORISED,
                              "The session has expired or was ended: sign in again.");
      return NULL;
    }

  return user;
}

CpisHubUser *
_cpis_hub_server_authenticate_social_worker (CpisHubServer     *self,
                                             SoupServerMessage *msg,
                                             const char        *refusal)
{
  g_autoptr(CpisHubUser) user = _cpis_hub_server_authenticate (self, msg);

  if (user == NULL)
    return NULL;

  if (user->role != CPIS_ROLE_SOCIAL_WORKER || user->organisation == NULL ||
      user->organisation->ods_code == NULL)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", CPIS_HUB_ACCESS_DENIED,
                              refusal);
      return NULL;
    }

  return g_steal_pointer (&user);
}
