/* cpis-hub-client.c: talking to a CP-IS hub over libsoup 3
 *
 * One SoupSession per client. Every request runs with a cancellable of its
 * own, cancelled by the caller's cancellable, by dispose, or by its deadline.
 * Transport errors and HTTP statuses become CPIS_HUB_CLIENT_ERRORs whose
 * messages a triage nurse can read; none of them, and nothing logged here,
 * carries an NHS number, a name or a response body.
 *
 * A hub, or whatever stands between it and us, may be broken or hostile, and
 * "no record" must only ever come from a hub that said so. So every request:
 * follows no redirect (a 3xx is not an answer: the NHS number and the access
 * headers would go to another address, and its answer would be taken for this
 * child's); has one deadline for the whole answer, not only for silences
 * between bytes; reads at most MAX_ANSWER_BYTES, counted after decompression,
 * and stops reading there; is believed only as JSON (Content-Type
 * application/fhir+json or application/json); and is decoded off the main
 * thread, so that no answer can freeze the window.
 *
 * The check of a child (cpis-hub-client-check.c) and the demographics
 * service's calls (cpis-hub-client-demographics.c) are built on the same
 * sending functions (cpis-hub-client-private.h).
 */

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cpis-certificate-details.h"
#include "cpis-fhir-codec.h"
#include "cpis-hub-client-private.h"
#include "cpis-nhs-number.h"
#include "cpis-uuid.h"

#define USER_AGENT "cpis-desktop/" PACKAGE_VERSION

/* A child's CP-IS answer is a few kilobytes, the access history a few
 * hundred: an answer bigger than this is not one, and is not read further */
#define MAX_ANSWER_BYTES (4 * 1024 * 1024)
#define READ_CHUNK_BYTES 16384

/* Where the demographics service lives on a hub's origin, as nationally */
#define DEMOGRAPHICS_PATH "/personal-demographics/FHIR/R4"

struct _CpisHubClient
{
  GObject          parent_instance;

  SoupSession     *session;
  char            *base_url;     /* no trailing slash */
  char            *origin;       /* scheme://host[:port] */
  char            *demographics_base_url; /* no trailing slash */
  char            *host;         /* for messages */
  guint            timeout;
  CpisCareSetting  care_setting;
  char            *token;
  CpisUserInfo    *user_info;
  GHashTable      *in_flight;    /* GCancellable of each request in flight (not owned) */
};

typedef struct
{
  SoupMessage   *msg;
  GCancellable  *cancellable;        /* the request's own */
  GCancellable  *caller_cancellable;
  gulong         cancelled_id;
  GSource       *deadline;
  gboolean       timed_out;
  GInputStream  *stream;
  GByteArray    *body;
} Request;

typedef struct
{
  char *username;
  char *password;
  char *token;
} SignIn;

G_DEFINE_FINAL_TYPE (CpisHubClient, cpis_hub_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (cpis-hub-client-error-quark, cpis_hub_client_error)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_DEMOGRAPHICS_BASE_URL,
  PROP_TIMEOUT,
  PROP_CARE_SETTING,
  PROP_USER_INFO,
  PROP_SIGNED_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
request_free (Request *request)
{
  if (request->caller_cancellable != NULL && request->cancelled_id != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->cancelled_id);
  if (request->deadline != NULL)
    g_source_destroy (request->deadline);
  g_clear_pointer (&request->deadline, g_source_unref);
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_object (&request->msg);
  g_free (request);
}

static void
wipe_string (char *text)
{
  if (text != NULL)
    {
      memset (text, 0, strlen (text));
      g_free (text);
    }
}

static void
sign_in_free (SignIn *sign_in)
{
  g_free (sign_in->username);
  wipe_string (sign_in->password);
  wipe_string (sign_in->token);
  g_free (sign_in);
}

static void
set_token (CpisHubClient *self,
           char          *token)
{
  gboolean was_signed_in = self->token != NULL;

  wipe_string (self->token);
  self->token = token;

  if (was_signed_in != (self->token != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

static void
set_user_info (CpisHubClient *self,
               CpisUserInfo  *user_info)
{
  if (g_set_object (&self->user_info, user_info))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_INFO]);
}

static const char *
certificate_problem (GTlsCertificateFlags flags)
{
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _("it was not issued by an authority this computer trusts");
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("it does not belong to the hub’s address");
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return _("it has expired");
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("it is not valid yet");
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return _("it has been revoked");
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return _("it uses insecure cryptography");

  return _("it could not be verified");
}

/* A transport failure as a CPIS_HUB_CLIENT_ERROR (cancellation passes through) */
static GError *
transport_error (CpisHubClient *self,
                 SoupMessage   *msg,
                 const GError  *error)
{
  GTlsCertificateFlags flags = soup_message_get_tls_peer_certificate_errors (msg);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR || flags != 0)
    {
      if (flags != 0 || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
        {
          GTlsCertificate *certificate = soup_message_get_tls_peer_certificate (msg);
          g_autofree char *details =
            certificate != NULL ? cpis_certificate_details_describe (certificate) : NULL;

          /* what was presented, for whoever must decide whether it is the
           * hub's: never accepted here, whatever it is */
          if (details != NULL && *details != '\0')
            return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TLS,
                                /* Translators: the problem, then the certificate's details */
                                _("The CP-IS hub’s security certificate is not trusted: %s. "
                                  "The connection was stopped to keep patient data safe. "
                                  "The certificate presented: %s"),
                                certificate_problem (flags), details);

          return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TLS,
                              _("The CP-IS hub’s security certificate is not trusted: %s. "
                                "The connection was stopped to keep patient data safe."),
                              certificate_problem (flags));
        }

      return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TLS,
                          _("A secure connection to the CP-IS hub could not be made (%s)."),
                          error->message);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TIMEOUT,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "The CP-IS hub did not answer within %u second.",
                                     "The CP-IS hub did not answer within %u seconds.",
                                     self->timeout),
                        self->timeout);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREACHABLE,
                        _("The CP-IS hub at %s refused the connection: it may be stopped, "
                          "or the hub address may be wrong."),
                        self->host);

  if (error->domain == G_RESOLVER_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREACHABLE,
                        _("The CP-IS hub’s address (%s) could not be found. Check the hub "
                          "address and the network connection."),
                        self->host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREACHABLE,
                        _("There is no network route to the CP-IS hub at %s. Check the "
                          "network connection."),
                        self->host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
      error->domain == SOUP_SESSION_ERROR)
    return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                                _("The CP-IS hub’s answer was cut short or could not be read."));

  return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREACHABLE,
                      _("The CP-IS hub at %s could not be reached (%s)."),
                      self->host, error->message);
}

/* The details code of an OperationOutcome body, or the "error" of an OAuth
 * error body; NULL when there is neither */
char *
_cpis_hub_client_error_code_from_body (GBytes *body)
{
  g_autoptr(CpisOperationOutcome) outcome = NULL;
  g_autoptr(JsonParser) parser = NULL;
  const char *data;
  gsize length;
  JsonNode *root;
  JsonNode *member;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &length);
  if (data == NULL || length == 0)
    return NULL;

  outcome = cpis_fhir_decode_operation_outcome (data, length, NULL);
  if (outcome != NULL && cpis_operation_outcome_get_details_code (outcome) != NULL)
    return g_strdup (cpis_operation_outcome_get_details_code (outcome));

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  member = json_object_get_member (json_node_get_object (root), "error");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;

  return g_ascii_strup (json_node_get_string (member), -1);
}

/* NULL for a 2xx status; otherwise the error it means. @token_request: the
 * answer to a sign-in, where 400/401 mean a wrong user name or password. */
GError *
_cpis_hub_client_status_error (SoupMessage *msg,
                               GBytes      *body,
                               gboolean     token_request)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *code = NULL;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return NULL;

  /* Never followed: the NHS number and the access headers would go on to
   * another address, and its answer be taken for this child's */
  if (SOUP_STATUS_IS_REDIRECTION (status))
    return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_REDIRECTED,
                        _("The CP-IS hub sent the request on to another address (HTTP %u). "
                          "It was not followed, so there is no answer from the hub."),
                        status);

  code = _cpis_hub_client_error_code_from_body (body);

  if (token_request &&
      (status == SOUP_STATUS_UNAUTHORIZED ||
       (status == SOUP_STATUS_BAD_REQUEST && g_strcmp0 (code, "INVALID_GRANT") == 0)))
    return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_CREDENTIALS,
                                _("The user name or password is not correct."));

  /* the hub slowing password guessing down: how long to wait, never "wrong password" */
  if (status == 429)
    {
      const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
      guint64 seconds = 0;

      if (retry != NULL && g_ascii_string_to_unsigned (retry, 10, 1, 24 * 3600, &seconds, NULL))
        return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_THROTTLED,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Too many failed sign-ins: the CP-IS hub will take the next one in %u second.",
                                         "Too many failed sign-ins: the CP-IS hub will take the next one in %u seconds.",
                                         (gulong) seconds),
                            (guint) seconds);
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_THROTTLED,
                                  _("Too many requests: the CP-IS hub asks you to wait before trying again."));
    }

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED,
                                  _("Your CP-IS session has ended. Sign in again to continue."));

    case SOUP_STATUS_FORBIDDEN:
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED,
                                  _("The CP-IS hub refused access: your account may not make "
                                    "this check."));

    case SOUP_STATUS_BAD_REQUEST:
      if (g_strcmp0 (code, "INVALID_SEARCH_DATA") == 0)
        return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                                    _("The CP-IS hub did not accept the NHS number."));
      return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                          _("The CP-IS hub did not accept the request (%s)."),
                          code != NULL ? code : "HTTP 400");

    default:
      break;
    }

  if (SOUP_STATUS_IS_SERVER_ERROR (status))
    return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_SERVER,
                        _("The CP-IS hub has a problem and could not answer (HTTP %u). "
                          "Try again shortly."),
                        status);

  if (SOUP_STATUS_IS_CLIENT_ERROR (status))
    return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_SERVER,
                        _("The CP-IS hub could not handle the request (HTTP %u). Check the "
                          "hub address."),
                        status);

  return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                      _("The CP-IS hub gave an answer that could not be understood (HTTP %u)."),
                      status);
}

GError *
_cpis_hub_client_unreadable_error (void)
{
  return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                              _("The CP-IS hub’s answer could not be read."));
}

static char *
endpoint_url (CpisHubClient *self,
              const char    *path)
{
  return g_strconcat (self->origin, path, NULL);
}

static void
set_bearer (SoupMessage *msg,
            const char  *token)
{
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);

  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Authorization", authorization);
  memset (authorization, 0, strlen (authorization));
}

/* Sending: one request, transport errors mapped */

static GError *
too_large_error (void)
{
  return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                      _("The CP-IS hub’s answer was larger than %u MB, far more than a CP-IS "
                        "answer can be, so it was not read."),
                      (guint) (MAX_ANSWER_BYTES / (1024 * 1024)));
}

static GError *
timed_out_error (CpisHubClient *self)
{
  return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TIMEOUT,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "The CP-IS hub did not answer within %u second.",
                                   "The CP-IS hub did not answer within %u seconds.",
                                   self->timeout),
                      self->timeout);
}

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/* The whole answer, not only each silence, has to come within the timeout: a
 * hub that drips a byte a second would otherwise hold "Checking…" on screen */
static gboolean
deadline_reached_cb (gpointer user_data)
{
  Request *request = user_data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);

  return G_SOURCE_REMOVE;
}

static void
fail_request (GTask        *task,
              const GError *error)
{
  CpisHubClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  g_hash_table_remove (self->in_flight, request->cancellable);
  g_debug ("Request to the hub failed: %s %d", g_quark_to_string (error->domain), error->code);

  if (request->timed_out)
    g_task_return_error (task, timed_out_error (self));
  else
    g_task_return_error (task, transport_error (self, request->msg, error));
}

static void read_next_chunk (GTask *task);

static void
chunk_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CpisHubClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      fail_request (task, error);
      return;
    }

  size = g_bytes_get_size (chunk);
  if (size == 0)
    {
      /* the end: closing lets the connection be used again */
      g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_hash_table_remove (self->in_flight, request->cancellable);
      g_debug ("The hub answered %u (TraceID %s)", soup_message_get_status (request->msg),
               soup_message_headers_get_one (soup_message_get_request_headers (request->msg),
                                             "TraceID"));
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->body)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  /* counted as it comes, after any decompression: a small gzip body can
   * unpack to gigabytes */
  if (request->body->len + size > MAX_ANSWER_BYTES)
    {
      g_autoptr(GError) too_large = too_large_error ();

      g_cancellable_cancel (request->cancellable);
      g_hash_table_remove (self->in_flight, request->cancellable);
      g_task_return_error (task, g_steal_pointer (&too_large));
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), size);
  read_next_chunk (g_steal_pointer (&task));
}

static void
read_next_chunk (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK_BYTES, G_PRIORITY_DEFAULT,
                                   request->cancellable, chunk_read_cb, task);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CpisHubClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  g_autoptr(GError) error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      fail_request (task, error);
      return;
    }

  /* refused before a byte of the body is read */
  headers = soup_message_get_response_headers (request->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MAX_ANSWER_BYTES)
    {
      g_autoptr(GError) too_large = too_large_error ();

      g_cancellable_cancel (request->cancellable);
      g_hash_table_remove (self->in_flight, request->cancellable);
      g_task_return_error (task, g_steal_pointer (&too_large));
      return;
    }

  request->body = g_byte_array_new ();
  read_next_chunk (g_steal_pointer (&task));
}

void
_cpis_hub_client_send_async (CpisHubClient       *self,
                             SoupMessage         *msg,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, _cpis_hub_client_send_async);
  /* cancellation is reported through the answer, after the request's own
   * clean-up, not by GTask on its own */
  g_task_set_check_cancellable (task, FALSE);
  request->msg = g_object_ref (msg);
  request->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                     request->cancellable, NULL);
    }

  request->deadline = g_timeout_source_new_seconds (self->timeout);
  g_source_set_callback (request->deadline, deadline_reached_cb, request, NULL);
  g_source_set_static_name (request->deadline, "[cpis] hub answer deadline");
  g_source_attach (request->deadline, g_main_context_get_thread_default ());

  g_hash_table_add (self->in_flight, request->cancellable);
  soup_session_send_async (self->session, msg, G_PRIORITY_DEFAULT, request->cancellable,
                           sent_cb, task);
}

GBytes *
_cpis_hub_client_send_finish (CpisHubClient  *self,
                              GAsyncResult   *result,
                              SoupMessage   **msg,
                              GError        **error)
{
  Request *request;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (msg != NULL)
    *msg = g_object_ref (request->msg);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_cpis_hub_client_check_json_answer (SoupMessage  *msg,
                                    GBytes       *body,
                                    GError      **error)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                            NULL);

  /* a no-record Bundle served as a web page is not an answer from the hub */
  if (type == NULL ||
      (g_ascii_strcasecmp (type, "application/fhir+json") != 0 &&
       g_ascii_strcasecmp (type, "application/json") != 0))
    {
      g_set_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                   _("The CP-IS hub answered with %s, not FHIR JSON, so its answer was not "
                     "used."),
                   type != NULL ? type : _("no content type"));
      return FALSE;
    }

  if (body == NULL || g_bytes_get_size (body) == 0)
    {
      g_propagate_error (error, _cpis_hub_client_unreadable_error ());
      return FALSE;
    }

  return TRUE;
}

/* Decoding off the main thread: a huge or deep answer must not freeze the
 * window while it is read */

typedef struct
{
  GBytes                  *body;
  CpisHubClientDecodeFunc  decode;
  GDestroyNotify           free_decoded;
} Decode;

static void
decode_free (Decode *decode)
{
  g_bytes_unref (decode->body);
  g_free (decode);
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Decode *decode = task_data;
  GError *error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (decode->body, &length);
  gpointer decoded = decode->decode (data, length, &error);

  if (decoded == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, decoded, decode->free_decoded);
}

void
_cpis_hub_client_decode_async (CpisHubClient           *self,
                               GBytes                  *body,
                               CpisHubClientDecodeFunc  decode_func,
                               GDestroyNotify           free_decoded,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Decode *decode = g_new0 (Decode, 1);

  g_task_set_source_tag (task, _cpis_hub_client_decode_async);
  decode->body = g_bytes_ref (body);
  decode->decode = decode_func;
  decode->free_decoded = free_decoded;
  g_task_set_task_data (task, decode, (GDestroyNotify) decode_free);
  g_task_run_in_thread (task, decode_thread);
}

gpointer
_cpis_hub_client_decode_finish (CpisHubClient  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Overrides */

static void
cpis_hub_client_dispose (GObject *object)
{
  CpisHubClient *self = (CpisHubClient *) object;
  GHashTableIter iter;
  gpointer cancellable;

  /* Their callbacks still run, with G_IO_ERROR_CANCELLED */
  g_hash_table_iter_init (&iter, self->in_flight);
  while (g_hash_table_iter_next (&iter, &cancellable, NULL))
    g_cancellable_cancel (cancellable);

  G_OBJECT_CLASS (cpis_hub_client_parent_class)->dispose (object);
}

static void
cpis_hub_client_finalize (GObject *object)
{
  CpisHubClient *self = (CpisHubClient *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->demographics_base_url, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->token, wipe_string);
  g_clear_object (&self->user_info);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);

  G_OBJECT_CLASS (cpis_hub_client_parent_class)->finalize (object);
}

static void
cpis_hub_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_DEMOGRAPHICS_BASE_URL:
      g_value_set_string (value, self->demographics_base_url);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_CARE_SETTING:
      g_value_set_enum (value, self->care_setting);
      break;

    case PROP_USER_INFO:
      g_value_set_object (value, self->user_info);
      break;

    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->token != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_hub_client_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      cpis_hub_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_CARE_SETTING:
      cpis_hub_client_set_care_setting (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_hub_client_class_init (CpisHubClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cpis_hub_client_dispose;
  object_class->finalize = cpis_hub_client_finalize;
  object_class->get_property = cpis_hub_client_get_property;
  object_class->set_property = cpis_hub_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", "Base URL", "The FHIR base URL of the hub",
                         NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMOGRAPHICS_BASE_URL] =
    g_param_spec_string ("demographics-base-url", "Demographics base URL",
                         "The FHIR base URL of the demographics service (PDS)",
                         NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", "Timeout", "Seconds to wait for the hub",
                       1, G_MAXUINT, CPIS_DEFAULT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CARE_SETTING] =
    g_param_spec_enum ("care-setting", "Care setting",
                       "Unscheduled (recorded, LA notified) or scheduled (silent read)",
                       CPIS_TYPE_CARE_SETTING, CPIS_CARE_SETTING_UNSCHEDULED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_INFO] =
    g_param_spec_object ("user-info", "User info", "The signed-in user",
                         CPIS_TYPE_USER_INFO, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", "Signed in", "Whether the client holds a token",
                          FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_hub_client_init (CpisHubClient *self)
{
  self->timeout = CPIS_DEFAULT_TIMEOUT_SECONDS;
  self->care_setting = CPIS_CARE_SETTING_UNSCHEDULED;
  self->in_flight = g_hash_table_new (NULL, NULL);
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", self->timeout,
                                                 "user-agent", USER_AGENT,
                                                 NULL);
}

/* Public API */

/* Plain http is for a hub on this computer only: anywhere else the token,
 * the NHS numbers and the answers would cross the network readable */
static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The parsed @base_url, or NULL with an error if it is not an https URL with
 * a host (or an http one to this computer) */
static GUri *
parse_base_url (const char  *base_url,
                GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      host == NULL || *host == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The hub address must be a web address starting with https:// "
                             "(or http:// for a hub on this computer)."));
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !is_loopback_host (host))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The hub at %s must be reached with https://: plain http:// would send "
                     "patient details across the network unprotected, and is only for a hub "
                     "on this computer."),
                   host);
      return NULL;
    }

  return g_steal_pointer (&uri);
}

gboolean
cpis_hub_client_check_base_url (const char  *base_url,
                                GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (base_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  uri = parse_base_url (base_url, error);
  return uri != NULL;
}

CpisHubClient *
cpis_hub_client_new (const char  *base_url,
                     GError     **error)
{
  g_autoptr(CpisHubClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  const char *host;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = parse_base_url (base_url, error);
  if (uri == NULL)
    return NULL;
  host = g_uri_get_host (uri);

  self = g_object_new (CPIS_TYPE_HUB_CLIENT, NULL);

  self->origin = g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, host,
                             g_uri_get_port (uri), "", NULL, NULL);
  path = g_strdup (g_uri_get_path (uri));
  while (*path != '\0' && g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';
  self->base_url = g_strconcat (self->origin, path, NULL);
  self->demographics_base_url = g_strconcat (self->origin, DEMOGRAPHICS_PATH, NULL);
  self->host = g_uri_get_port (uri) > 0
               ? g_strdup_printf (strchr (host, ':') != NULL ? "[%s]:%d" : "%s:%d",
                                  host, g_uri_get_port (uri))
               : g_strdup (host);

  return g_steal_pointer (&self);
}

const char *
cpis_hub_client_get_base_url (CpisHubClient *self)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);

  return self->base_url;
}

gboolean
cpis_hub_client_set_demographics_base_url (CpisHubClient  *self,
                                           const char     *base_url,
                                           GError        **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (base_url == NULL || *base_url == '\0')
    url = g_strconcat (self->origin, DEMOGRAPHICS_PATH, NULL);
  else
    {
      uri = parse_base_url (base_url, error);
      if (uri == NULL)
        return FALSE;
      url = g_uri_to_string (uri);
      while (g_str_has_suffix (url, "/"))
        url[strlen (url) - 1] = '\0';
    }

  if (g_strcmp0 (url, self->demographics_base_url) != 0)
    {
      g_free (self->demographics_base_url);
      self->demographics_base_url = g_steal_pointer (&url);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMOGRAPHICS_BASE_URL]);
    }

  return TRUE;
}

const char *
cpis_hub_client_get_demographics_base_url (CpisHubClient *self)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);

  return self->demographics_base_url;
}

void
cpis_hub_client_set_timeout (CpisHubClient *self,
                             guint          seconds)
{
  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  soup_session_set_timeout (self->session, seconds);
  soup_session_set_idle_timeout (self->session, seconds);
  /* Connections keep the timeout they were made with: close the idle ones
   * (abort closes them, and has nothing else to cancel when none is in flight) */
  if (g_hash_table_size (self->in_flight) == 0)
    soup_session_abort (self->session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

void
cpis_hub_client_set_tls_database (CpisHubClient *self,
                                  GTlsDatabase  *database)
{
  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  soup_session_set_tls_database (self->session, database);
}

void
cpis_hub_client_set_care_setting (CpisHubClient   *self,
                                  CpisCareSetting  setting)
{
  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (setting == CPIS_CARE_SETTING_UNSCHEDULED ||
                    setting == CPIS_CARE_SETTING_SCHEDULED);

  if (self->care_setting == setting)
    return;

  self->care_setting = setting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARE_SETTING]);
}

CpisCareSetting
cpis_hub_client_get_care_setting (CpisHubClient *self)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), CPIS_CARE_SETTING_UNSCHEDULED);

  return self->care_setting;
}

CpisUserInfo *
cpis_hub_client_get_user_info (CpisHubClient *self)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);

  return self->user_info;
}

gboolean
cpis_hub_client_is_signed_in (CpisHubClient *self)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), FALSE);

  return self->token != NULL;
}

/* Sign-in */

/* POST /oauth2/revoke for @token (taken, and wiped once encoded) */
static void
send_revoke (CpisHubClient       *self,
             char                *token,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = endpoint_url (self, "/oauth2/revoke");
  char *form;

  form = soup_form_encode ("token", token, NULL);
  wipe_string (token);
  msg = soup_message_new_from_encoded_form (SOUP_METHOD_POST, url, g_strdup (form));
  wipe_string (form);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");

  _cpis_hub_client_send_async (self, msg, cancellable, callback, user_data);
}

static void
stray_token_revoked_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GBytes) body = _cpis_hub_client_send_finish (CPIS_HUB_CLIENT (source), result,
                                                         NULL, NULL);
}

/* The hub issued a token but the sign-in did not complete (the user info
 * failed, or the sign-in was cancelled): end it at the hub, not leave it live */
static void
revoke_stray_token (CpisHubClient *self,
                    SignIn        *sign_in)
{
  if (sign_in->token != NULL)
    send_revoke (self, g_steal_pointer (&sign_in->token), NULL, stray_token_revoked_cb, NULL);
}

static void
userinfo_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(CpisUserInfo) user_info = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;

  body = _cpis_hub_client_send_finish (self, result, &msg, &error);
  if (body == NULL)
    {
      revoke_stray_token (self, sign_in);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  error = _cpis_hub_client_status_error (msg, body, FALSE);
  if (error != NULL)
    {
      revoke_stray_token (self, sign_in);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_bytes_get_data (body, &length);
  user_info = data != NULL ? cpis_user_info_new_from_json (data, length, NULL) : NULL;
  if (user_info == NULL)
    {
      revoke_stray_token (self, sign_in);
      g_task_return_error (task, _cpis_hub_client_unreadable_error ());
      return;
    }

  set_token (self, g_steal_pointer (&sign_in->token));
  set_user_info (self, user_info);
  cpis_hub_client_set_care_setting (self, cpis_user_info_get_care_setting (user_info));

  g_task_return_pointer (task, g_steal_pointer (&user_info), g_object_unref);
}

/* The access_token of a token response, or NULL */
static char *
read_access_token (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *root, *member;
  const char *data;
  const char *token_type;
  gsize length;

  data = g_bytes_get_data (body, &length);
  if (data == NULL || !json_parser_load_from_data (parser, data, length, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);

  member = json_object_get_member (object, "token_type");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_STRING)
    {
      token_type = json_node_get_string (member);
      if (g_ascii_strcasecmp (token_type, "Bearer") != 0)
        return NULL;
    }

  member = json_object_get_member (object, "access_token");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING ||
      *json_node_get_string (member) == '\0')
    return NULL;

  return g_strdup (json_node_get_string (member));
}

static void
token_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) answered = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;

  body = _cpis_hub_client_send_finish (self, result, &answered, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  error = _cpis_hub_client_status_error (answered, body, TRUE);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sign_in->token = read_access_token (body);
  if (sign_in->token == NULL)
    {
      g_task_return_error (task, _cpis_hub_client_unreadable_error ());
      return;
    }

  url = endpoint_url (self, "/oauth2/userinfo");
  msg = soup_message_new (SOUP_METHOD_GET, url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  set_bearer (msg, sign_in->token);

  _cpis_hub_client_send_async (self, msg, g_task_get_cancellable (task), userinfo_cb,
                               g_object_ref (task));
}

void
cpis_hub_client_sign_in_async (CpisHubClient       *self,
                               const char          *username,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  char *form;
  SignIn *sign_in;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_hub_client_sign_in_async);

  sign_in = g_new0 (SignIn, 1);
  sign_in->username = g_strdup (username);
  g_task_set_task_data (task, sign_in, (GDestroyNotify) sign_in_free);

  if (*username == '\0' || *password == '\0')
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR,
                               CPIS_HUB_CLIENT_ERROR_INVALID_CREDENTIALS,
                               _("Enter your user name and password."));
      return;
    }

  url = endpoint_url (self, "/oauth2/token");
  form = soup_form_encode ("grant_type", "password",
                           "username", username,
                           "password", password,
                           NULL);
  /* takes @form; the body keeps its own copy, so wipe ours first */
  msg = soup_message_new_from_encoded_form (SOUP_METHOD_POST, url, g_strdup (form));
  wipe_string (form);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");

  _cpis_hub_client_send_async (self, msg, cancellable, token_cb, g_steal_pointer (&task));
}

/**
 * cpis_hub_client_sign_in_finish:
 *
 * Returns: (transfer full): the signed-in user
 */
CpisUserInfo *
cpis_hub_client_sign_in_finish (CpisHubClient  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sign-out */

static void
revoked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = _cpis_hub_client_send_finish (self, result, &msg, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  error = _cpis_hub_client_status_error (msg, body, FALSE);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
cpis_hub_client_sign_out_async (CpisHubClient       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char *token;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_hub_client_sign_out_async);

  /* Forgotten now, whatever the hub answers */
  token = g_steal_pointer (&self->token);
  if (token != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
  set_user_info (self, NULL);

  if (token == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  send_revoke (self, token, cancellable, revoked_cb, g_steal_pointer (&task));
}

gboolean
cpis_hub_client_sign_out_finish (CpisHubClient  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* FHIR searches */

typedef enum
{
  SEARCH_CARE_TEAM,
  SEARCH_AUDIT_EVENT,
} SearchKind;

typedef struct
{
  SearchKind  kind;
  char       *nhs_number;  /* the ten digits searched for */
} Search;

static void
search_free (Search *search)
{
  g_free (search->nhs_number);
  g_free (search);
}

static gpointer
decode_care_teams (const char  *data,
                   gsize        length,
                   GError     **error)
{
  return cpis_fhir_decode_care_team_bundle (data, length, NULL, error);
}

static gpointer
decode_audit_events (const char  *data,
                     gsize        length,
                     GError     **error)
{
  return cpis_fhir_decode_audit_event_bundle (data, length, NULL, error);
}

static void
search_decoded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  Search *search = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = _cpis_hub_client_decode_finish (self, result, &error);
  if (items == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      /* the codec's message may quote the body: log only where it failed */
      g_debug ("Could not decode the hub's answer: %s %d",
               g_quark_to_string (error->domain), error->code);
      g_task_return_error (task, _cpis_hub_client_unreadable_error ());
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  /* An answer about another child is worse than none: never show it */
  for (guint i = 0; i < items->len; i++)
    {
      const char *about = search->kind == SEARCH_CARE_TEAM
                          ? cpis_plan_get_nhs_number (items->pdata[i])
                          : cpis_access_event_get_nhs_number (items->pdata[i]);

      if (about != NULL && g_strcmp0 (about, search->nhs_number) != 0)
        {
          g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                                   _("The CP-IS hub answered about a different NHS number, so "
                                     "its answer was not shown."));
          return;
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
}

static void
searched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  Search *search = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = _cpis_hub_client_send_finish (self, result, &msg, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  error = _cpis_hub_client_status_error (msg, body, FALSE);
  if (error != NULL || !_cpis_hub_client_check_json_answer (msg, body, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _cpis_hub_client_decode_async (self, body,
                                 search->kind == SEARCH_CARE_TEAM ? decode_care_teams
                                                                  : decode_audit_events,
                                 (GDestroyNotify) g_ptr_array_unref,
                                 cancellable, search_decoded_cb, g_steal_pointer (&task));
}

static void
search_async (CpisHubClient       *self,
              SearchKind           kind,
              const char          *nhs_number,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *url = NULL;
  Search *search;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  digits = cpis_nhs_number_parse (nhs_number, &error);
  if (digits == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  search = g_new0 (Search, 1);
  search->kind = kind;
  search->nhs_number = g_strdup (digits);
  g_task_set_task_data (task, search, (GDestroyNotify) search_free);

  if (self->token == NULL)
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED,
                               _("You are not signed in to CP-IS. Sign in to continue."));
      return;
    }

  url = g_strdup_printf ("%s/%s?patient:identifier=%s%%7C%s", self->base_url,
                         kind == SEARCH_CARE_TEAM ? "CareTeam" : "AuditEvent",
                         CPIS_NHS_NUMBER_SYSTEM, digits);
  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                               _("The request to the CP-IS hub could not be made."));
      return;
    }

  _cpis_hub_client_set_fhir_headers (self, msg);
  /* Always sent: a hub reads a missing header as unscheduled */
  soup_message_headers_replace (soup_message_get_request_headers (msg), "IsUnscheduledAccessEvent",
                                self->care_setting == CPIS_CARE_SETTING_SCHEDULED
                                  ? "false"
                                  : "true");

  _cpis_hub_client_send_async (self, msg, cancellable, searched_cb, g_steal_pointer (&task));
}

void
cpis_hub_client_search_plans_async (CpisHubClient       *self,
                                    const char          *nhs_number,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (nhs_number != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  search_async (self, SEARCH_CARE_TEAM, nhs_number, cancellable, callback, user_data,
                cpis_hub_client_search_plans_async);
}

/**
 * cpis_hub_client_search_plans_finish:
 *
 * Returns: (transfer container) (element-type CpisPlan): the plans, maybe none
 */
GPtrArray *
cpis_hub_client_search_plans_finish (CpisHubClient  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_search_access_history_async (CpisHubClient       *self,
                                             const char          *nhs_number,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (nhs_number != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  search_async (self, SEARCH_AUDIT_EVENT, nhs_number, cancellable, callback, user_data,
                cpis_hub_client_search_access_history_async);
}

/**
 * cpis_hub_client_search_access_history_finish:
 *
 * Returns: (transfer container) (element-type CpisAccessEvent): newest first
 */
GPtrArray *
cpis_hub_client_search_access_history_finish (CpisHubClient  *self,
                                              GAsyncResult   *result,
                                              GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Private API */

const char *
_cpis_hub_client_get_token (CpisHubClient *self)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);

  return self->token;
}

void
_cpis_hub_client_set_bearer (CpisHubClient *self,
                             SoupMessage   *msg)
{
  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (self->token != NULL);

  set_bearer (msg, self->token);
}

const char *
_cpis_hub_client_get_origin (CpisHubClient *self)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);

  return self->origin;
}

SoupSession *
_cpis_hub_client_get_session (CpisHubClient *self)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);

  return self->session;
}

void
_cpis_hub_client_set_fhir_headers (CpisHubClient *self,
                                   SoupMessage   *msg)
{
  g_autofree char *trace_id = cpis_uuid_new ();
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Accept", CPIS_FHIR_CONTENT_TYPE);
  soup_message_headers_replace (headers, "TraceID", trace_id);
  _cpis_hub_client_set_bearer (self, msg);
}

void
_cpis_hub_client_send_fhir (CpisHubClient       *self,
                            GTask               *task,
                            SoupMessage         *msg,
                            GAsyncReadyCallback  answered)
{
  g_autoptr(SoupMessage) owned = msg;

  if (!cpis_hub_client_is_signed_in (self))
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED,
                               _("You are not signed in to CP-IS. Sign in to continue."));
      g_object_unref (task);
      return;
    }

  if (msg == NULL)
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                               _("The request to the CP-IS hub could not be made."));
      g_object_unref (task);
      return;
    }

  _cpis_hub_client_set_fhir_headers (self, msg);
  _cpis_hub_client_send_async (self, msg, g_task_get_cancellable (task), answered, task);
}
