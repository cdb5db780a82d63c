/* cpis-hub-oauth.c: sign-in, OAuth 2.0 style (password grant), at the hub's origin
 *
 * POST /oauth2/token     grant_type=password&username=…&password=…
 * GET  /oauth2/userinfo  the signed-in user, as OpenID Connect style claims
 * POST /oauth2/revoke    token=…  (RFC 7009: succeeds for unknown tokens too)
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "cpis-hub-auth.h"
#include "cpis-hub-form.h"
#include "cpis-hub-push.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server-private.h"

typedef struct
{
  CpisHubServer     *server;
  SoupServerMessage *msg;
  CpisHubUser       *user;          /* NULL when the user name is unknown */
  char              *username;      /* as given, for the throttle */
  char              *address;       /* the client's, for the throttle */
  char              *password;
  char              *password_hash;
  char              *token;
} TokenRequest;

static void
token_request_free (TokenRequest *request)
{
  g_clear_object (&request->server);
  g_clear_object (&request->msg);
  g_clear_pointer (&request->user, cpis_hub_user_free);
  g_clear_pointer (&request->username, g_free);
  g_clear_pointer (&request->address, g_free);
  if (request->password != NULL)
    memset (request->password, 0, strlen (request->password));
  g_clear_pointer (&request->password, g_free);
  g_clear_pointer (&request->password_hash, g_free);
  g_clear_pointer (&request->token, g_free);
  g_free (request);
}

/* The form in a request body, or NULL after answering the error */
static GHashTable *
read_form (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *form;
  gsize length;
  const char *data;

  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") != 0)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "invalid",
                              CPIS_HUB_UNSUPPORTED_MEDIA,
                              "Send the form as application/x-www-form-urlencoded.");
      return NULL;
    }

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &length);
  form = cpis_hub_form_parse (data, length, &error);
  if (form == NULL)
    cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_INVALID_REQUEST, error->message);

  return form;
}

static void
token_stored_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TokenRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (!cpis_hub_store_add_token_finish (CPIS_HUB_STORE (source), result, &error))
    {
      g_warning ("Could not store a token: %s", error->message);
      cpis_hub_respond_error (request->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "exception",
                              CPIS_HUB_SERVER_ERROR, "The hub could not complete the sign-in.");
    }
  else
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "access_token");
      json_builder_add_string_value (builder, request->token);
      json_builder_set_member_name (builder, "token_type");
      json_builder_add_string_value (builder, "Bearer");
      json_builder_set_member_name (builder, "expires_in");
      json_builder_add_int_value (builder, _cpis_hub_server_get_token_lifetime (request->server));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);

      cpis_hub_respond_json (request->msg, "application/json", json_to_string (root, FALSE));
    }

  cpis_hub_message_release (request->msg);
  token_request_free (request);
}

static void
check_password_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  TokenRequest *request = task_data;
  /* an unknown user (no hash) or one who cannot sign in ("*") costs the
   * same yescrypt as a wrong password (cpis_hub_auth_check_password) */
  gboolean matches = cpis_hub_auth_check_password (request->password, request->password_hash);

  /* a disabled account is refused as a wrong password is, after the same
   * work: nothing tells that the account exists */
  g_task_return_boolean (task, matches && request->user != NULL && !request->user->disabled);
}

static void
password_checked_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  TokenRequest *request = user_data;
  CpisHubServer *server = request->server;
  g_autofree char *token_hash = NULL;
  gboolean signed_in = g_task_propagate_boolean (G_TASK (result), NULL);
  gint64 expires;

  cpis_hub_throttle_end (_cpis_hub_server_get_throttle (server), request->username, request->address,
                         signed_in ? CPIS_HUB_THROTTLE_SIGNED_IN : CPIS_HUB_THROTTLE_REFUSED,
                         _cpis_hub_server_now_usec (server));
  if (!signed_in)
    {
      cpis_hub_respond_error (request->msg, SOUP_STATUS_BAD_REQUEST, "login",
                              CPIS_HUB_INVALID_GRANT, "The user name or password is not correct.");
      cpis_hub_message_release (request->msg);
      token_request_free (request);
      return;
    }

  request->token = cpis_hub_auth_new_token ();
  token_hash = cpis_hub_auth_hash_token (request->token);
  expires = _cpis_hub_server_now_usec (server) +
            (gint64) _cpis_hub_server_get_token_lifetime (server) * G_USEC_PER_SEC;

  cpis_hub_store_add_token_async (_cpis_hub_server_get_store (server), token_hash,
                                  request->user->id, expires, NULL, token_stored_cb, request);
}

void
_cpis_hub_oauth_token (CpisHubServer     *self,
                       SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const char *grant_type, *username, *password, *address;
  TokenRequest *request;
  guint wait;

  form = read_form (msg);
  if (form == NULL)
    return;

  grant_type = g_hash_table_lookup (form, "grant_type");
  username = g_hash_table_lookup (form, "username");
  password = g_hash_table_lookup (form, "password");

  if (grant_type == NULL || !g_str_equal (grant_type, "password"))
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_INVALID_REQUEST,
                              "grant_type must be “password”.");
      return;
    }

  if (username == NULL || *username == '\0' || password == NULL || *password == '\0')
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_INVALID_REQUEST,
                              "Give a user name and a password.");
      return;
    }

  /* guessing slowed: checked only when this pair and address may try now */
  address = soup_server_message_get_remote_host (msg);
  if (address == NULL)
    address = "";
  wait = cpis_hub_throttle_begin (_cpis_hub_server_get_throttle (self), username, address,
                                  _cpis_hub_server_now_usec (self));
  if (wait > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", wait);
      g_autofree char *why = g_strdup_printf ("Too many failed sign-ins: try again in %u seconds.", wait);

      cpis_hub_respond_error (msg, CPIS_HUB_STATUS_TOO_MANY_REQUESTS, "throttled", CPIS_HUB_TOO_MANY_REQUESTS, why);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
      return;
    }

  request = g_new0 (TokenRequest, 1);
  request->server = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->username = g_strdup (username);
  request->address = g_strdup (address);
  request->password = g_strdup (password);
  request->user = cpis_hub_store_find_user (_cpis_hub_server_get_store (self), username,
                                            &request->password_hash, &error);
  if (error != NULL)
    {
      g_warning ("Could not look up a user: %s", error->message);
      cpis_hub_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "exception",
                              CPIS_HUB_SERVER_ERROR, "The hub could not complete the sign-in.");
      /* the hub's own fault: not a failed guess, and no reason to forget
       * the pair's earlier ones either */
      cpis_hub_throttle_end (_cpis_hub_server_get_throttle (self), username, address,
                             CPIS_HUB_THROTTLE_UNDECIDED, _cpis_hub_server_now_usec (self));
      token_request_free (request);
      return;
    }

  /* yescrypt is slow on purpose: keep it off the main loop */
  cpis_hub_message_hold (msg);
  task = g_task_new (NULL, NULL, password_checked_cb, request);
  g_task_set_task_data (task, request, NULL);
  g_task_run_in_thread (task, check_password_thread);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
_cpis_hub_oauth_userinfo (CpisHubServer     *self,
                          SoupServerMessage *msg)
{
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  CpisHubOrganisation *org;

  user = _cpis_hub_server_authenticate (self, msg);
  if (user == NULL)
    return;

  org = user->organisation;

  json_builder_begin_object (builder);
  add_string_member (builder, "sub", user->practitioner_role_id);
  add_string_member (builder, "preferred_username", user->username);
  add_string_member (builder, "name", user->full_name);
  add_string_member (builder, "cpis_role", cpis_role_to_string (user->role));
  add_string_member (builder, "role_profile_id", user->role_profile_id);
  if (user->job_role_code != NULL || user->job_role_display != NULL)
    {
      json_builder_set_member_name (builder, "job_role");
      json_builder_begin_object (builder);
      add_string_member (builder, "system", user->job_role_code != NULL ? "http://snomed.info/sct" : NULL);
      add_string_member (builder, "code", user->job_role_code);
      add_string_member (builder, "display", user->job_role_display);
      json_builder_end_object (builder);
    }
  if (org != NULL)
    {
      json_builder_set_member_name (builder, "organisation");
      json_builder_begin_object (builder);
      add_string_member (builder, "ods_code", org->ods_code);
      add_string_member (builder, "name", org->name);
      add_string_member (builder, "kind", cpis_hub_org_kind_to_string (org->kind));
      add_string_member (builder, "area", org->area);
      /* the kinds of care setting its workstations may be: its own kind
       * first (where they start), then the other where it has both */
      if (org->kind != CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY)
        {
          json_builder_set_member_name (builder, "care_settings");
          json_builder_begin_array (builder);
          json_builder_add_string_value (builder, cpis_hub_org_kind_to_string (org->kind));
          if (org->both_care_settings)
            json_builder_add_string_value (builder, org->kind == CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE
                                                      ? cpis_hub_org_kind_to_string (CPIS_HUB_ORG_KIND_SCHEDULED_CARE)
                                                      : cpis_hub_org_kind_to_string (CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE));
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  cpis_hub_respond_json (msg, "application/json", json_to_string (root, FALSE));
}

typedef struct
{
  CpisHubServer     *server;
  SoupServerMessage *msg;
  char              *token_hash;
} RevokeRequest;

static void
token_revoked_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RevokeRequest *request = user_data;
  g_autoptr(GError) error = NULL;

  if (!cpis_hub_store_revoke_token_finish (CPIS_HUB_STORE (source), result, &error))
    {
      g_warning ("Could not revoke a token: %s", error->message);
      cpis_hub_respond_error (request->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "exception",
                              CPIS_HUB_SERVER_ERROR, "The hub could not end the session.");
    }
  else
    {
      CpisHubPush *push = _cpis_hub_server_get_push (request->server);

      /* its websockets close now, not at their next check */
      if (push != NULL)
        cpis_hub_push_token_revoked (push, request->token_hash);
      cpis_hub_respond_json (request->msg, "application/json", g_strdup ("{}"));
    }

  cpis_hub_message_release (request->msg);
  g_object_unref (request->server);
  g_object_unref (request->msg);
  g_free (request->token_hash);
  g_free (request);
}

void
_cpis_hub_oauth_revoke (CpisHubServer     *self,
                        SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = NULL;
  RevokeRequest *request;
  const char *token;

  form = read_form (msg);
  if (form == NULL)
    return;

  token = g_hash_table_lookup (form, "token");
  if (token == NULL || *token == '\0')
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_INVALID_REQUEST,
                              "Give the token to revoke.");
      return;
    }

  request = g_new0 (RevokeRequest, 1);
  request->server = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->token_hash = cpis_hub_auth_hash_token (token);
  cpis_hub_message_hold (msg);
  cpis_hub_store_revoke_token_async (_cpis_hub_server_get_store (self), request->token_hash, NULL,
                                     token_revoked_cb, request);
}
