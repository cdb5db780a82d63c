/* cpis-hub-client-task.c: a local authority's notifications (FHIR Task), for
 * its social workers
 *
 * Search (paged, by the hub's links), read, update with If-Match, history:
 * docs/api.md, "Notifications: Task". Sent through
 * _cpis_hub_client_send_async() like every request: no redirect, one
 * deadline, a bounded answer, JSON only, decoded off the main thread.
 *
 * What is not sent at all: a Task id that is not a FHIR id (it goes into the
 * path), a link to a page that is not this hub's Task search (the bearer
 * token would go with it), an update the contract refuses (the client
 * knows the transitions). What is not believed: an answer about another
 * notification than the one asked for, an ETag that is not the version of
 * the Task it comes with. None of the errors carries a child's NHS number
 * or name; the hub's reasons (its "diagnostics", which the contract keeps
 * free of patient data) are quoted, cut to one short line.
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cpis-fhir-codec.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-hub-client-private.h"

#define MAX_REASON_CHARS 300

typedef enum
{
  TASK_CALL_SEARCH,
  TASK_CALL_READ,
  TASK_CALL_UPDATE,
  TASK_CALL_HISTORY,
} TaskCall;

typedef struct
{
  TaskCall  call;
  char     *id;       /* the Task asked about (not for a search) */
} TaskRequest;

static void
task_request_free (TaskRequest *request)
{
  g_free (request->id);
  g_free (request);
}

/* Helpers ---------------------------------------------------------------- */

/* The hub's reason (OperationOutcome diagnostics) as one short line, or NULL */
static char *
hub_reason (GBytes *body)
{
  g_autoptr(CpisOperationOutcome) outcome = NULL;
  g_autoptr(GString) line = NULL;
  const char *diagnostics;
  const char *data;
  const char *p;
  gsize length;
  guint chars = 0;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &length);
  if (data == NULL || length == 0)
    return NULL;

  outcome = cpis_fhir_decode_operation_outcome (data, length, NULL);
  diagnostics = outcome != NULL ? cpis_operation_outcome_get_diagnostics (outcome) : NULL;
  if (diagnostics == NULL)
    return NULL;

  /* (the codec has checked that it is UTF-8) */
  line = g_string_new (NULL);
  for (p = diagnostics; *p != '\0' && chars < MAX_REASON_CHARS; p = g_utf8_next_char (p), chars++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (line, ' ');
      else
        g_string_append_unichar (line, c);
    }
  if (*p != '\0')
    g_string_append (line, "…");

  g_strstrip (line->str);
  if (line->str[0] == '\0')
    return NULL;

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* The Task endpoints' own answers, as a social worker can read them */
static GError *
task_status_error (SoupMessage *msg,
                   GBytes      *body,
                   TaskCall     call)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *code = NULL;
  g_autofree char *reason = NULL;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return NULL;

  code = _cpis_hub_client_error_code_from_body (body);
  reason = hub_reason (body);

  switch (status)
    {
    case SOUP_STATUS_NOT_FOUND:
      /* a bare 404 (no OperationOutcome) is a hub without notifications */
      if (code == NULL)
        return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_SERVER,
                            _("This hub does not serve notifications (HTTP %u)."), status);
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_NOT_FOUND,
                                  _("The notification was not found: it may not be one of "
                                    "your authority’s."));

    case SOUP_STATUS_PRECONDITION_FAILED:
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_CHANGED,
                                  _("Someone else changed this notification since you opened "
                                    "it. Open it again to see their change, then make yours."));

    case 428: /* Precondition Required */
      if (reason != NULL)
        return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                            _("The hub needs to know which version of the notification is "
                              "being changed: %s"), reason);
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                                  _("The hub needs to know which version of the notification "
                                    "is being changed."));

    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      if (reason != NULL)
        return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_REFUSED,
                            _("The hub refused the change: %s"), reason);
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_REFUSED,
                                  _("The hub refused the change."));

    case SOUP_STATUS_BAD_REQUEST:
      if (call == TASK_CALL_UPDATE)
        {
          if (reason != NULL)
            return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                                _("The hub could not read the change: %s"), reason);
          return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                                      _("The hub could not read the change."));
        }
      if (reason != NULL)
        return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                            _("The hub did not accept the search for notifications: %s"),
                            reason);
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                                  _("The hub did not accept the search for notifications."));

    case SOUP_STATUS_FORBIDDEN:
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED,
                                  _("The hub refused access: only social workers may see their "
                                    "authority’s notifications."));

    default:
      return _cpis_hub_client_status_error (msg, body, FALSE);
    }
}

/* The version an ETag (W/"3", "3") names, or NULL */
static char *
etag_version (const char *etag)
{
  g_autofree char *trimmed = NULL;
  gsize length;

  if (etag == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (etag));
  if (g_str_has_prefix (trimmed, "W/") || g_str_has_prefix (trimmed, "w/"))
    memmove (trimmed, trimmed + 2, strlen (trimmed + 2) + 1);

  length = strlen (trimmed);
  if (length < 2 || trimmed[0] != '"' || trimmed[length - 1] != '"')
    return NULL;

  return g_strndup (trimmed + 1, length - 2);
}

static GError *
answer_not_believed (void)
{
  return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                              _("The hub’s answer did not match the notification asked for, "
                                "so it was not used."));
}

/* Answers ---------------------------------------------------------------- */

static gpointer
decode_page (const char  *data,
             gsize        length,
             GError     **error)
{
  return cpis_fhir_decode_task_bundle (data, length, error);
}

static gpointer
decode_one (const char  *data,
            gsize        length,
            GError     **error)
{
  return cpis_fhir_decode_task (data, length, error);
}

static gpointer
decode_history (const char  *data,
                gsize        length,
                GError     **error)
{
  return cpis_fhir_decode_task_history (data, length, error);
}

/* Whether what was decoded answers what was asked */
static GError *
check_decoded (TaskRequest *request,
               gpointer     decoded,
               const char  *etag)
{
  g_autofree char *etag_names = NULL;
  CpisTask *task;

  switch (request->call)
    {
    case TASK_CALL_SEARCH:
      return NULL;

    case TASK_CALL_HISTORY:
      {
        GPtrArray *versions = decoded;

        /* (the codec has checked that they are all of one Task) */
        if (g_strcmp0 (cpis_task_get_id (g_ptr_array_index (versions, 0)), request->id) != 0)
          return answer_not_believed ();
        return NULL;
      }

    case TASK_CALL_READ:
    case TASK_CALL_UPDATE:
    default:
      task = decoded;
      if (g_strcmp0 (cpis_task_get_id (task), request->id) != 0)
        return answer_not_believed ();

      etag_names = etag_version (etag);
      if (etag != NULL && g_strcmp0 (etag_names, cpis_task_get_version (task)) != 0)
        return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                                    _("The hub’s answer contradicts itself (its version and "
                                      "its ETag differ), so it was not used."));
      return NULL;
    }
}

static void
task_decoded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  TaskRequest *request = g_task_get_task_data (task);
  const char *etag = g_object_get_data (G_OBJECT (task), "cpis-etag");
  g_autoptr(GError) error = NULL;
  gpointer decoded;
  GDestroyNotify free_decoded;

  free_decoded = request->call == TASK_CALL_SEARCH  ? (GDestroyNotify) cpis_task_page_free
               : request->call == TASK_CALL_HISTORY ? (GDestroyNotify) g_ptr_array_unref
                                                    : g_object_unref;

  decoded = _cpis_hub_client_decode_finish (self, result, &error);
  if (decoded == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      /* the codec's message may quote the body: log only where it failed */
      g_debug ("Could not decode the hub's notifications: %s %d",
               g_quark_to_string (error->domain), error->code);
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                               _("The hub’s notifications could not be read."));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      free_decoded (decoded);
      return;
    }

  error = check_decoded (request, decoded, etag);
  if (error != NULL)
    {
      free_decoded (decoded);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, decoded, free_decoded);
}

static void
task_answered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  TaskRequest *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  CpisHubClientDecodeFunc decode;
  GDestroyNotify free_decoded;
  const char *etag;

  body = _cpis_hub_client_send_finish (self, result, &msg, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  error = task_status_error (msg, body, request->call);
  if (error != NULL || !_cpis_hub_client_check_json_answer (msg, body, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  etag = soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag");
  g_object_set_data_full (G_OBJECT (task), "cpis-etag", g_strdup (etag), g_free);

  switch (request->call)
    {
    case TASK_CALL_SEARCH:
      decode = decode_page;
      free_decoded = (GDestroyNotify) cpis_task_page_free;
      break;

    case TASK_CALL_HISTORY:
      decode = decode_history;
      free_decoded = (GDestroyNotify) g_ptr_array_unref;
      break;

    case TASK_CALL_READ:
    case TASK_CALL_UPDATE:
    default:
      decode = decode_one;
      free_decoded = g_object_unref;
      break;
    }

  _cpis_hub_client_decode_async (self, body, decode, free_decoded, cancellable,
                                 task_decoded_cb, g_steal_pointer (&task));
}

/* Sending ---------------------------------------------------------------- */

static GTask *
task_new (CpisHubClient       *self,
          TaskCall             call,
          const char          *id,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  TaskRequest *request = g_new0 (TaskRequest, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  request->call = call;
  request->id = g_strdup (id);
  g_task_set_task_data (task, request, (GDestroyNotify) task_request_free);

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
                           _("That is not the id of a notification."));
  g_object_unref (task);
  return FALSE;
}

/* Whether @url is this hub's Task search: the base URL's scheme, host and
 * port, and its path with "/Task" */
static gboolean
is_task_search_url (CpisHubClient *self,
                    const char    *url)
{
  g_autoptr(GUri) base = g_uri_parse (cpis_hub_client_get_base_url (self), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) link = url != NULL ? g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL) : NULL;
  g_autofree char *search_path = NULL;
  const char *path;

  if (base == NULL || link == NULL ||
      g_uri_get_userinfo (link) != NULL || g_uri_get_fragment (link) != NULL)
    return FALSE;

  search_path = g_strconcat (g_uri_get_path (base), "/Task", NULL);
  path = g_uri_get_path (link);

  return (g_ascii_strcasecmp (g_uri_get_scheme (base), g_uri_get_scheme (link)) == 0 &&
          g_ascii_strcasecmp (g_uri_get_host (base), g_uri_get_host (link) != NULL
                                                       ? g_uri_get_host (link)
                                                       : "") == 0 &&
          g_uri_get_port (base) == g_uri_get_port (link) &&
          (g_str_equal (path, search_path) ||
           (g_str_has_prefix (path, search_path) && g_str_equal (path + strlen (search_path), "/"))));
}

/* Public API ------------------------------------------------------------- */

void
cpis_hub_client_search_tasks_async (CpisHubClient       *self,
                                    const CpisTaskQuery *query,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  g_autoptr(GError) error = NULL;
  g_autofree char *parameters = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = task_new (self, TASK_CALL_SEARCH, NULL, cancellable, callback, user_data,
                   cpis_hub_client_search_tasks_async);

  parameters = cpis_task_query_to_string (query, &error);
  if (parameters == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  url = g_strdup_printf ("%s/Task?%s", cpis_hub_client_get_base_url (self), parameters);
  _cpis_hub_client_send_fhir (self, task, soup_message_new (SOUP_METHOD_GET, url), task_answered_cb);
}

/**
 * cpis_hub_client_search_tasks_finish:
 *
 * Returns: (transfer full): the first page
 */
CpisTaskPage *
cpis_hub_client_search_tasks_finish (CpisHubClient  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_fetch_task_page_async (CpisHubClient       *self,
                                       const char          *url,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = task_new (self, TASK_CALL_SEARCH, NULL, cancellable, callback, user_data,
                   cpis_hub_client_fetch_task_page_async);

  if (!is_task_search_url (self, url))
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                               _("The hub’s link to another page of notifications points "
                                 "elsewhere, so it was not followed."));
      g_object_unref (task);
      return;
    }

  _cpis_hub_client_send_fhir (self, task, soup_message_new (SOUP_METHOD_GET, url), task_answered_cb);
}

/**
 * cpis_hub_client_fetch_task_page_finish:
 *
 * Returns: (transfer full): the page
 */
CpisTaskPage *
cpis_hub_client_fetch_task_page_finish (CpisHubClient  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_get_task_async (CpisHubClient       *self,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  g_autofree char *url = NULL;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = task_new (self, TASK_CALL_READ, id, cancellable, callback, user_data,
                   cpis_hub_client_get_task_async);
  if (!check_id (task, id))
    return;

  url = g_strdup_printf ("%s/Task/%s", cpis_hub_client_get_base_url (self), id);
  _cpis_hub_client_send_fhir (self, task, soup_message_new (SOUP_METHOD_GET, url), task_answered_cb);
}

/**
 * cpis_hub_client_get_task_finish:
 *
 * Returns: (transfer full): the current version
 */
CpisTask *
cpis_hub_client_get_task_finish (CpisHubClient  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_update_task_async (CpisHubClient        *self,
                                   CpisTask             *task_read,
                                   const CpisTaskUpdate *update,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  GTask *task;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  g_autofree char *if_match = NULL;
  char *json;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (CPIS_IS_TASK (task_read));
  g_return_if_fail (update != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = task_new (self, TASK_CALL_UPDATE, cpis_task_get_id (task_read), cancellable, callback,
                   user_data, cpis_hub_client_update_task_async);
  if (!check_id (task, cpis_task_get_id (task_read)))
    return;

  if (!cpis_task_update_check (update, task_read, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (cpis_task_get_version (task_read) == NULL)
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                               _("This notification was read without its version, so it "
                                 "cannot be changed. Open it again."));
      g_object_unref (task);
      return;
    }

  url = g_strdup_printf ("%s/Task/%s", cpis_hub_client_get_base_url (self),
                         cpis_task_get_id (task_read));
  msg = soup_message_new (SOUP_METHOD_PUT, url);
  if (msg != NULL)
    {
      json = cpis_fhir_encode_task (task_read, update);
      body = g_bytes_new_take (json, strlen (json));
      soup_message_set_request_body_from_bytes (msg, CPIS_FHIR_CONTENT_TYPE, body);
      /* (the codec has checked that the version may stand in a header) */
      if_match = g_strdup_printf ("W/\"%s\"", cpis_task_get_version (task_read));
      soup_message_headers_replace (soup_message_get_request_headers (msg), "If-Match", if_match);
    }

  _cpis_hub_client_send_fhir (self, task, g_steal_pointer (&msg), task_answered_cb);
}

/**
 * cpis_hub_client_update_task_finish:
 *
 * Returns: (transfer full): the version the hub made (or kept)
 */
CpisTask *
cpis_hub_client_update_task_finish (CpisHubClient  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_get_task_history_async (CpisHubClient       *self,
                                        const char          *id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;
  g_autofree char *url = NULL;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = task_new (self, TASK_CALL_HISTORY, id, cancellable, callback, user_data,
                   cpis_hub_client_get_task_history_async);
  if (!check_id (task, id))
    return;

  url = g_strdup_printf ("%s/Task/%s/_history", cpis_hub_client_get_base_url (self), id);
  _cpis_hub_client_send_fhir (self, task, soup_message_new (SOUP_METHOD_GET, url), task_answered_cb);
}

/**
 * cpis_hub_client_get_task_history_finish:
 *
 * Returns: (transfer container) (element-type CpisTask): newest first
 */
GPtrArray *
cpis_hub_client_get_task_history_finish (CpisHubClient  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
