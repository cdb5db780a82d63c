/* cpis-hub-client-plans.c: an LA's plans uploaded, listed, and its upload
 * exceptions worked through, for its social workers (docs/api.md, "Plan
 * uploads", "The LA's plans", "Upload exceptions")
 *
 * An upload goes in chunks of CPIS_FHIR_UPLOAD_CHUNK records, one batch
 * each, one after the other; between two chunks the upload reports its
 * progress and stops if cancelled. Whatever happens, once a chunk has gone
 * the caller gets a report that says of every row what is known: uploaded
 * or rejected (with the hub's code), unknown (sent, and no answer came: it
 * may be stored, and must not be taken for either), or not sent. A row read
 * wrongly from the file is rejected (CPR07) without being sent. An answer
 * that does not say, entry for entry, what became of each record sent is
 * not believed: the chunk's rows stay unknown.
 *
 * Sent through _cpis_hub_client_send_async() like every request: no
 * redirect, one deadline, a bounded answer, JSON only, decoded off the
 * main thread. A page link that is not this hub's search is not followed.
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cpis-fhir-codec.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-hub-client-private.h"
#include "cpis-plan-upload-private.h"

typedef enum
{
  PLANS_CALL_LIST,
  PLANS_CALL_EXCEPTIONS,
  PLANS_CALL_DISMISS,
} PlansCall;

/* Helpers ---------------------------------------------------------------- */

static GError *
not_signed_in (void)
{
  return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED,
                              _("You are not signed in to CP-IS. Sign in to continue."));
}

static SoupMessage *
new_request (CpisHubClient *self,
             const char    *method,
             const char    *url)
{
  SoupMessage *msg = soup_message_new (method, url);

  if (msg != NULL)
    _cpis_hub_client_set_fhir_headers (self, msg);
  return msg;
}

/* The plan and exception endpoints' answers, as a social worker can read them */
static GError *
status_error (SoupMessage *msg,
              GBytes      *body,
              PlansCall    call)
{
  guint status = soup_message_get_status (msg);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return NULL;

  switch (status)
    {
    case SOUP_STATUS_FORBIDDEN:
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED,
                                  _("The hub refused access: only social workers may upload "
                                    "and see their authority’s plans."));
    case SOUP_STATUS_NOT_FOUND:
      if (call == PLANS_CALL_DISMISS)
        return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_NOT_FOUND,
                                    _("The upload exception was not found: it may not be one of "
                                      "your authority’s."));
      return _cpis_hub_client_status_error (msg, body, FALSE);
    default:
      return _cpis_hub_client_status_error (msg, body, FALSE);
    }
}

/* Whether @url is this hub's @resource_type search: the base URL's scheme,
 * host and port, and its path with "/@resource_type" */
static gboolean
is_search_url (CpisHubClient *self,
               const char    *url,
               const char    *resource_type)
{
  g_autoptr(GUri) base = g_uri_parse (cpis_hub_client_get_base_url (self), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) link = url != NULL ? g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL) : NULL;
  g_autofree char *search_path = NULL;

  if (base == NULL || link == NULL ||
      g_uri_get_userinfo (link) != NULL || g_uri_get_fragment (link) != NULL)
    return FALSE;

  search_path = g_strconcat (g_uri_get_path (base), "/", resource_type, NULL);

  return (g_ascii_strcasecmp (g_uri_get_scheme (base), g_uri_get_scheme (link)) == 0 &&
          g_ascii_strcasecmp (g_uri_get_host (base), g_uri_get_host (link) != NULL
                                                       ? g_uri_get_host (link)
                                                       : "") == 0 &&
          g_uri_get_port (base) == g_uri_get_port (link) &&
          g_str_equal (g_uri_get_path (link), search_path));
}

/* ------------------------------------------------------------------------ */
/* Reads: the LA's plans, its exceptions, a dismissal */

static gpointer
decode_plan_page (const char  *data,
                  gsize        length,
                  GError     **error)
{
  return cpis_fhir_decode_plan_page (data, length, error);
}

static gpointer
decode_exception_page (const char  *data,
                       gsize        length,
                       GError     **error)
{
  return cpis_fhir_decode_upload_exception_page (data, length, error);
}

static gpointer
decode_exception (const char  *data,
                  gsize        length,
                  GError     **error)
{
  return cpis_fhir_decode_upload_exception (data, length, error);
}

static GDestroyNotify
free_func_of (PlansCall call)
{
  switch (call)
    {
    case PLANS_CALL_LIST:
      return (GDestroyNotify) cpis_plan_page_free;
    case PLANS_CALL_EXCEPTIONS:
      return (GDestroyNotify) cpis_upload_exception_page_free;
    case PLANS_CALL_DISMISS:
    default:
      return g_object_unref;
    }
}

static void
read_decoded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  PlansCall call = GPOINTER_TO_INT (g_task_get_task_data (task));
  const char *id = g_object_get_data (G_OBJECT (task), "cpis-id");
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

      /* the codec's message may quote the body: log only where it failed */
      g_debug ("Could not decode the hub's plans or exceptions: %s %d",
               g_quark_to_string (error->domain), error->code);
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                               _("The hub’s answer about the authority’s plans could not be "
                                 "read."));
      return;
    }

  if (call == PLANS_CALL_DISMISS &&
      g_strcmp0 (cpis_upload_exception_get_id (decoded), id) != 0)
    {
      g_object_unref (decoded);
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                               _("The hub’s answer did not match the upload exception asked "
                                 "for, so it was not used."));
      return;
    }

  g_task_return_pointer (task, decoded, free_func_of (call));
}

static void
read_answered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  PlansCall call = GPOINTER_TO_INT (g_task_get_task_data (task));
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  CpisHubClientDecodeFunc decode;

  body = _cpis_hub_client_send_finish (self, result, &msg, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  error = status_error (msg, body, call);
  if (error != NULL || !_cpis_hub_client_check_json_answer (msg, body, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  decode = call == PLANS_CALL_LIST       ? decode_plan_page
         : call == PLANS_CALL_EXCEPTIONS ? decode_exception_page
                                         : decode_exception;
  _cpis_hub_client_decode_async (self, body, decode, free_func_of (call), cancellable,
                                 read_decoded_cb, g_steal_pointer (&task));
}

static GTask *
read_task_new (CpisHubClient       *self,
               PlansCall            call,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, GINT_TO_POINTER (call), NULL);
  return task;
}

/* Sends @method @url for @task (taken); a failure to make the request, or
 * not being signed in, fails it */
static void
send_read (CpisHubClient *self,
           GTask         *task,
           const char    *method,
           const char    *url)
{
  _cpis_hub_client_send_fhir (self, task, url != NULL ? soup_message_new (method, url) : NULL,
                              read_answered_cb);
}

/* Follows @url, a page link of this hub's @resource_type search, for @task */
static void
fetch_page (CpisHubClient *self,
            GTask         *task,
            const char    *url,
            const char    *resource_type)
{
  if (!is_search_url (self, url, resource_type))
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                               _("The hub’s link to another page points elsewhere, so it was "
                                 "not followed."));
      g_object_unref (task);
      return;
    }

  send_read (self, task, SOUP_METHOD_GET, url);
}

/* ------------------------------------------------------------------------ */
/* The upload */

typedef struct
{
  CpisPlanUploadReport       *report;
  guint                       n_records;
  guint                       position;   /* the next record to consider */
  GArray                     *chunk;      /* guint: the rows of the chunk in flight */
  guint                       n_answered; /* rows with an answer: uploaded or rejected */
  gboolean                    sent_any;
  gboolean                    reported;   /* progress has been told n_answered */
  guint                       n_reported;
  CpisPlanUploadProgressFunc  progress;
  gpointer                    progress_data;
  GDestroyNotify              progress_destroy;
} UploadState;

static void
upload_state_free (UploadState *state)
{
  g_clear_object (&state->report);
  g_clear_pointer (&state->chunk, g_array_unref);
  if (state->progress_destroy != NULL)
    state->progress_destroy (state->progress_data);
  g_free (state);
}

static void send_next_chunk (GTask *task);

/* Ends @task (taken) with its report, stopped by @stop_error (taken; NULL:
 * complete); or, when nothing was sent at all, with the error */
static void
upload_end (GTask  *task,
            GError *stop_error)
{
  UploadState *state = g_task_get_task_data (task);

  if (stop_error != NULL && !state->sent_any)
    {
      g_task_return_error (task, stop_error);
      g_object_unref (task);
      return;
    }

  _cpis_plan_upload_report_finish (state->report, stop_error);
  g_task_return_pointer (task, g_object_ref (state->report), g_object_unref);
  g_object_unref (task);
}

/* Tells the progress callback, once for each count of rows answered */
static void
report_progress (UploadState *state)
{
  if (state->reported && state->n_reported == state->n_answered)
    return;

  state->reported = TRUE;
  state->n_reported = state->n_answered;
  if (state->progress != NULL)
    state->progress (state->n_answered, state->n_records, state->progress_data);
}

/* The chunk's rows are left as @state says: unknown once sent */
static void
mark_chunk (UploadState            *state,
            CpisPlanUploadRowState  row_state,
            const char             *detail)
{
  for (guint i = 0; i < state->chunk->len; i++)
    _cpis_plan_upload_report_set_row (state->report, g_array_index (state->chunk, guint, i),
                                      row_state, NULL, detail, NULL);
}

static void
chunk_decoded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  GTask *task = user_data;
  UploadState *state = g_task_get_task_data (task);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = _cpis_hub_client_decode_finish (self, result, &error);
  if (entries == NULL || entries->len != state->chunk->len)
    {
      g_debug ("Could not read an upload's answer: %s",
               error != NULL ? g_quark_to_string (error->domain) : "wrong number of entries");
      mark_chunk (state, CPIS_PLAN_UPLOAD_ROW_UNKNOWN,
                  _("The hub’s answer could not be read: this record may or may not have been "
                    "uploaded. List the authority’s plans to see."));
      upload_end (task, g_error_new_literal (CPIS_HUB_CLIENT_ERROR,
                                             CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                                             _("The hub’s answer to the upload could not be read, "
                                               "so the upload stopped.")));
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const CpisFhirUploadEntry *entry = g_ptr_array_index (entries, i);
      gboolean uploaded = g_str_equal (entry->code, "CPR06");

      _cpis_plan_upload_report_set_row (state->report, g_array_index (state->chunk, guint, i),
                                        uploaded ? CPIS_PLAN_UPLOAD_ROW_UPLOADED
                                                 : CPIS_PLAN_UPLOAD_ROW_REJECTED,
                                        entry->code, entry->detail, entry->plan_id);
    }
  state->n_answered += entries->len;
  g_array_set_size (state->chunk, 0);
  report_progress (state);

  send_next_chunk (task);
}

static gpointer
decode_upload_response (const char  *data,
                        gsize        length,
                        GError     **error)
{
  return cpis_fhir_decode_upload_response (data, length, NULL, error);
}

static void
chunk_answered_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  GTask *task = user_data;
  UploadState *state = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = _cpis_hub_client_send_finish (self, result, &msg, &error);
  if (body == NULL)
    {
      /* sent, perhaps taken: nothing can be said of the chunk's rows */
      mark_chunk (state, CPIS_PLAN_UPLOAD_ROW_UNKNOWN,
                  _("No answer came from the hub: this record may or may not have been "
                    "uploaded. List the authority’s plans to see."));
      upload_end (task, error);
      return;
    }

  error = status_error (msg, body, PLANS_CALL_LIST);
  if (error != NULL)
    {
      guint status = soup_message_get_status (msg);

      /* a 4xx is the hub refusing the batch whole: nothing of it was written;
       * a 5xx may have come after some of it was */
      mark_chunk (state,
                  status >= 400 && status < 500 ? CPIS_PLAN_UPLOAD_ROW_NOT_SENT
                                                : CPIS_PLAN_UPLOAD_ROW_UNKNOWN,
                  status >= 400 && status < 500
                    ? _("The hub refused the batch holding this record: it was not uploaded.")
                    : _("The hub failed while this record was being uploaded: it may or may not "
                        "have been. List the authority’s plans to see."));
      upload_end (task, error);
      return;
    }

  if (!_cpis_hub_client_check_json_answer (msg, body, &error))
    {
      mark_chunk (state, CPIS_PLAN_UPLOAD_ROW_UNKNOWN,
                  _("The hub’s answer could not be read: this record may or may not have been "
                    "uploaded. List the authority’s plans to see."));
      upload_end (task, error);
      return;
    }

  /* decoded even if cancelled meanwhile: the answer says what was stored */
  _cpis_hub_client_decode_async (self, body, decode_upload_response,
                                 (GDestroyNotify) g_ptr_array_unref, NULL, chunk_decoded_cb, task);
}

static void
send_next_chunk (GTask *task)
{
  CpisHubClient *self = g_task_get_source_object (task);
  UploadState *state = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *json = NULL;
  g_autofree char *url = NULL;
  gsize length;

  /* the rows read wrongly were answered already (rejected, never sent) */
  while (state->position < state->n_records && state->chunk->len < CPIS_FHIR_UPLOAD_CHUNK)
    {
      guint index = state->position++;
      CpisPlanRecord *record = cpis_plan_upload_report_get_record (state->report, index);

      if (cpis_plan_upload_report_get_state (state->report, index) !=
          CPIS_PLAN_UPLOAD_ROW_NOT_SENT)
        {
          state->n_answered++;
          continue;
        }
      g_array_append_val (state->chunk, index);
      g_ptr_array_add (records, record);
    }

  if (state->chunk->len == 0)
    {
      report_progress (state);
      upload_end (task, NULL);
      return;
    }

  /* between two chunks: the rows not sent stay so */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_array_set_size (state->chunk, 0);
      upload_end (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The upload was cancelled.")));
      return;
    }

  if (!cpis_hub_client_is_signed_in (self))
    {
      g_array_set_size (state->chunk, 0);
      upload_end (task, not_signed_in ());
      return;
    }

  json = cpis_fhir_encode_plan_batch (records);
  url = g_strdup (cpis_hub_client_get_base_url (self));
  msg = new_request (self, SOUP_METHOD_POST, url);
  if (msg == NULL)
    {
      g_array_set_size (state->chunk, 0);
      upload_end (task, g_error_new_literal (CPIS_HUB_CLIENT_ERROR,
                                             CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                                             _("The request to the CP-IS hub could not be made.")));
      return;
    }

  length = strlen (json);
  body = g_bytes_new_take (g_steal_pointer (&json), length);
  soup_message_set_request_body_from_bytes (msg, CPIS_FHIR_CONTENT_TYPE, body);
  state->sent_any = TRUE;

  /* a chunk once sent is answered: cancelling stops the next, not this one */
  _cpis_hub_client_send_async (self, msg, NULL, chunk_answered_cb, task);
}

/* ------------------------------------------------------------------------ */
/* Public API */

void
cpis_hub_client_upload_plans_async (CpisHubClient              *self,
                                    GPtrArray                  *records,
                                    CpisPlanUploadProgressFunc  progress,
                                    gpointer                    progress_data,
                                    GDestroyNotify              progress_destroy,
                                    GCancellable               *cancellable,
                                    GAsyncReadyCallback         callback,
                                    gpointer                    user_data)
{
  GTask *task;
  UploadState *state;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (records != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_hub_client_upload_plans_async);
  g_task_set_check_cancellable (task, FALSE);

  state = g_new0 (UploadState, 1);
  state->report = _cpis_plan_upload_report_new (records);
  state->n_records = records->len;
  state->chunk = g_array_new (FALSE, FALSE, sizeof (guint));
  state->progress = progress;
  state->progress_data = progress_data;
  state->progress_destroy = progress_destroy;
  g_task_set_task_data (task, state, (GDestroyNotify) upload_state_free);

  if (!cpis_hub_client_is_signed_in (self))
    {
      upload_end (task, not_signed_in ());
      return;
    }

  send_next_chunk (task);
}

CpisPlanUploadReport *
cpis_hub_client_upload_plans_finish (CpisHubClient  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_list_plans_async (CpisHubClient       *self,
                                  const char          *status,
                                  CpisPlanType         plan_type,
                                  guint                count,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  g_autoptr(GString) url = NULL;
  const char *separator = "?";

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (status == NULL || g_str_equal (status, "active") ||
                    g_str_equal (status, "inactive"));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = read_task_new (self, PLANS_CALL_LIST, cancellable, callback, user_data,
                        cpis_hub_client_list_plans_async);

  url = g_string_new (cpis_hub_client_get_base_url (self));
  g_string_append (url, "/CareTeam");
  if (status != NULL)
    {
      g_string_append_printf (url, "%sstatus=%s", separator, status);
      separator = "&";
    }
  if (plan_type != CPIS_PLAN_TYPE_UNRECOGNISED)
    {
      g_string_append_printf (url, "%scategory=%s", separator, cpis_plan_type_to_snomed (plan_type));
      separator = "&";
    }
  if (count > 0)
    g_string_append_printf (url, "%s_count=%u", separator, count);

  send_read (self, task, SOUP_METHOD_GET, url->str);
}

CpisPlanPage *
cpis_hub_client_list_plans_finish (CpisHubClient  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_fetch_plan_page_async (CpisHubClient       *self,
                                       const char          *url,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  fetch_page (self,
              read_task_new (self, PLANS_CALL_LIST, cancellable, callback, user_data,
                             cpis_hub_client_fetch_plan_page_async),
              url, "CareTeam");
}

CpisPlanPage *
cpis_hub_client_fetch_plan_page_finish (CpisHubClient  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_list_exceptions_async (CpisHubClient       *self,
                                       guint                count,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;
  g_autofree char *url = NULL;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = read_task_new (self, PLANS_CALL_EXCEPTIONS, cancellable, callback, user_data,
                        cpis_hub_client_list_exceptions_async);
  url = count > 0 ? g_strdup_printf ("%s/Basic?_count=%u", cpis_hub_client_get_base_url (self),
                                     count)
                  : g_strdup_printf ("%s/Basic", cpis_hub_client_get_base_url (self));
  send_read (self, task, SOUP_METHOD_GET, url);
}

CpisUploadExceptionPage *
cpis_hub_client_list_exceptions_finish (CpisHubClient  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_fetch_exception_page_async (CpisHubClient       *self,
                                            const char          *url,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  fetch_page (self,
              read_task_new (self, PLANS_CALL_EXCEPTIONS, cancellable, callback, user_data,
                             cpis_hub_client_fetch_exception_page_async),
              url, "Basic");
}

CpisUploadExceptionPage *
cpis_hub_client_fetch_exception_page_finish (CpisHubClient  *self,
                                             GAsyncResult   *result,
                                             GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_dismiss_exception_async (CpisHubClient       *self,
                                         const char          *id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task;
  g_autofree char *url = NULL;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = read_task_new (self, PLANS_CALL_DISMISS, cancellable, callback, user_data,
                        cpis_hub_client_dismiss_exception_async);
  if (!_cpis_fhir_is_id (id))
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                               _("That is not the id of an upload exception."));
      g_object_unref (task);
      return;
    }

  g_object_set_data_full (G_OBJECT (task), "cpis-id", g_strdup (id), g_free);
  url = g_strdup_printf ("%s/Basic/%s/$dismiss", cpis_hub_client_get_base_url (self), id);
  send_read (self, task, SOUP_METHOD_POST, url);
}

CpisUploadException *
cpis_hub_client_dismiss_exception_finish (CpisHubClient  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
