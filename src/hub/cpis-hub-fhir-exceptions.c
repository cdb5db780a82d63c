/* cpis-hub-fhir-exceptions.c: the records of an LA's uploads that the hub
 * refused, as FHIR Basic resources, for its social workers to work through
 * (docs/api.md, "Upload exceptions: Basic")
 *
 *   GET  [base]/Basic[?_count=&_offset=]  the LA's open exceptions, newest first
 *   GET  [base]/Basic/{id}                one, open or resolved
 *   POST [base]/Basic/{id}/$dismiss       resolves it: nothing more to do
 *
 * An exception is resolved too when a plan is stored for the LA on its NHS
 * number (the record corrected and uploaded again). Order of checks: path
 * and method (404, 405); the token (401); the role, social workers only
 * (403); the id is the LA's (404, the same for another LA's and for none);
 * the query (400). Never recorded as an access.
 */
#include <string.h>

#include "cpis-date.h"
#include "cpis-fhir-codec.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-hub-capability.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server-private.h"
#include "cpis-hub-task-json.h"
#include "cpis-uuid.h"

#define EXCEPTION_DEFAULT_COUNT 50
#define EXCEPTION_MAX_COUNT     500

typedef enum
{
  PARAM_COUNT,
  PARAM_OFFSET,
  N_PARAMS,
} ExceptionParam;

static const CpisHubSearchParam params[] = {
  [PARAM_COUNT] = { "_count", NULL, NULL, NULL, "the page size (default 50, at most 500)" },
  [PARAM_OFFSET] = { "_offset", NULL, NULL, NULL,
                     "where the page starts (follow the next and previous links)" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (params) == N_PARAMS);

typedef struct
{
  guint count;
  guint offset;
} ExceptionQuery;

static CpisHubUser *
authenticate_social_worker (CpisHubServer     *self,
                            SoupServerMessage *msg)
{
  return _cpis_hub_server_authenticate_social_worker (
    self, msg, "Only social workers may work through their authority's upload exceptions.");
}

static void
respond_no_such_exception (SoupServerMessage *msg)
{
  cpis_hub_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", CPIS_HUB_NOT_FOUND,
                          "There is no such upload exception for your local authority.");
}

/* ------------------------------------------------------------------------ */
/* The resource */

static void
add_extension (JsonBuilder *builder,
               const char  *url,
               const char  *type_member,
               const char  *value)
{
  if (value == NULL || *value == '\0')
    return;

  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "url", url);
  _cpis_fhir_add_string_member (builder, type_member, value);
  json_builder_end_object (builder);
}

static const char *
non_empty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* The submitted demographics, as a contained Patient the subject refers to */
static void
add_submitted_patient (JsonBuilder                *builder,
                       const CpisHubPlanException *exception)
{
  const char *birth_date = non_empty (exception->date_of_birth);

  json_builder_set_member_name (builder, "contained");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "Patient");
  _cpis_fhir_add_string_member (builder, "id", "submitted");

  /* a date of birth that is no date is kept as written, in an extension */
  if (birth_date != NULL && !cpis_date_is_valid (birth_date))
    {
      json_builder_set_member_name (builder, "extension");
      json_builder_begin_array (builder);
      add_extension (builder, CPIS_EXCEPTION_BIRTH_DATE_EXTENSION_URL, "valueString", birth_date);
      json_builder_end_array (builder);
    }

  if (non_empty (exception->nhs_number) != NULL)
    {
      json_builder_set_member_name (builder, "identifier");
      json_builder_begin_array (builder);
      _cpis_fhir_add_identifier (builder, CPIS_NHS_NUMBER_SYSTEM, exception->nhs_number);
      json_builder_end_array (builder);
    }

  if (non_empty (exception->family_name) != NULL || non_empty (exception->given_name) != NULL)
    {
      json_builder_set_member_name (builder, "name");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "family", non_empty (exception->family_name));
      if (non_empty (exception->given_name) != NULL)
        {
          json_builder_set_member_name (builder, "given");
          json_builder_begin_array (builder);
          json_builder_add_string_value (builder, exception->given_name);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  if (birth_date != NULL && cpis_date_is_valid (birth_date))
    _cpis_fhir_add_string_member (builder, "birthDate", birth_date);

  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

/* "open", "dismissed" or "uploaded" */
static const char *
exception_status (const CpisHubPlanException *exception)
{
  return exception->resolution != NULL ? exception->resolution : "open";
}

/* The UK day of @usec */
static char *
uk_date (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, cpis_date_uk_time_zone ())
                                           : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d") : NULL;
}

static void
add_basic (JsonBuilder                *builder,
           const CpisHubPlanException *exception)
{
  g_autofree char *recorded = cpis_hub_task_format_instant (exception->recorded_usec);
  g_autofree char *updated = cpis_hub_task_format_instant (
    MAX (exception->recorded_usec, exception->resolved_usec));
  g_autofree char *created = uk_date (exception->recorded_usec);
  g_autofree char *display = NULL;
  g_autofree char *family_upper = NULL;

  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "lastUpdated", updated);
  json_builder_end_object (builder);

  add_submitted_patient (builder, exception);

  json_builder_set_member_name (builder, "extension");
  json_builder_begin_array (builder);
  add_extension (builder, CPIS_EXCEPTION_STATUS_EXTENSION_URL, "valueCode",
                 exception_status (exception));
  add_extension (builder, CPIS_EXCEPTION_RECORDED_EXTENSION_URL, "valueDateTime", recorded);
  add_extension (builder, CPIS_EXCEPTION_PLAN_TYPE_EXTENSION_URL, "valueString",
                 exception->plan_type);
  add_extension (builder, CPIS_EXCEPTION_START_DATE_EXTENSION_URL, "valueString",
                 exception->start_date);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "code");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  _cpis_fhir_add_coding (builder, CPIS_UPLOAD_CODE_SYSTEM, exception->code,
                         cpis_fhir_upload_code_display (exception->code));
  json_builder_end_array (builder);
  _cpis_fhir_add_string_member (builder, "text", non_empty (exception->detail));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "subject");
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "reference", "#submitted");
  if (non_empty (exception->nhs_number) != NULL)
    {
      json_builder_set_member_name (builder, "identifier");
      _cpis_fhir_add_identifier (builder, CPIS_NHS_NUMBER_SYSTEM, exception->nhs_number);
    }
  family_upper = g_utf8_strup (exception->family_name != NULL ? exception->family_name : "", -1);
  display = g_strstrip (g_strdup_printf ("%s %s",
                                         exception->given_name != NULL ? exception->given_name
                                                                       : "",
                                         family_upper));
  _cpis_fhir_add_string_member (builder, "display", non_empty (display));
  json_builder_end_object (builder);

  _cpis_fhir_add_string_member (builder, "created", created);

  json_builder_set_member_name (builder, "author");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identifier");
  _cpis_fhir_add_identifier (builder, CPIS_ODS_CODE_SYSTEM, exception->la_ods_code);
  _cpis_fhir_add_string_member (builder, "display", exception->la_name);
  json_builder_end_object (builder);
}

static char *
encode_basic (const CpisHubPlanException *exception)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "Basic");
  _cpis_fhir_add_string_member (builder, "id", exception->id);
  add_basic (builder, exception);
  json_builder_end_object (builder);
  return _cpis_fhir_builder_to_string (builder);
}

static void
add_link (JsonBuilder *builder,
          const char  *relation,
          const char  *url)
{
  if (url == NULL)
    return;

  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "relation", relation);
  _cpis_fhir_add_string_member (builder, "url", url);
  json_builder_end_object (builder);
}

static char *
encode_searchset (GPtrArray  *exceptions,
                  guint       total,
                  const char *base_url,
                  const char *self_url,
                  const char *next_url,
                  const char *previous_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = cpis_uuid_new ();

  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "Bundle");
  _cpis_fhir_add_string_member (builder, "id", id);
  _cpis_fhir_add_string_member (builder, "type", "searchset");
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);
  json_builder_set_member_name (builder, "link");
  json_builder_begin_array (builder);
  add_link (builder, "self", self_url);
  add_link (builder, "next", next_url);
  add_link (builder, "previous", previous_url);
  json_builder_end_array (builder);

  if (exceptions->len > 0)
    {
      json_builder_set_member_name (builder, "entry");
      json_builder_begin_array (builder);
    }
  for (guint i = 0; i < exceptions->len; i++)
    {
      const CpisHubPlanException *exception = g_ptr_array_index (exceptions, i);

      _cpis_fhir_begin_entry (builder, base_url, "Basic", exception->id);
      add_basic (builder, exception);
      _cpis_fhir_end_entry (builder, "match");
    }
  if (exceptions->len > 0)
    json_builder_end_array (builder);

  json_builder_end_object (builder);
  return _cpis_fhir_builder_to_string (builder);
}

/* ------------------------------------------------------------------------ */
/* The search */

static gboolean
read_param (SoupServerMessage *msg,
            guint              param,
            const char        *value,
            gpointer           user_data)
{
  ExceptionQuery *query = user_data;
  guint64 number;

  if (param == PARAM_COUNT)
    {
      if (!_cpis_hub_read_whole_number (value, EXCEPTION_MAX_COUNT, &number))
        {
          cpis_hub_respond_invalid_search (msg,
                                           "_count takes a whole number (at most 500 are answered).");
          return FALSE;
        }
      query->count = (guint) number;
    }
  else
    {
      if (!_cpis_hub_read_whole_number (value, G_MAXINT32, &number))
        {
          cpis_hub_respond_invalid_search (msg, "_offset takes a whole number.");
          return FALSE;
        }
      query->offset = (guint) number;
    }

  return TRUE;
}

void
_cpis_hub_fhir_exception_search (CpisHubServer     *self,
                                 SoupServerMessage *msg)
{
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(GPtrArray) exceptions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *self_url = NULL;
  g_autofree char *next_url = NULL;
  g_autofree char *previous_url = NULL;
  ExceptionQuery query = { EXCEPTION_DEFAULT_COUNT, 0 };
  guint total = 0;

  user = authenticate_social_worker (self, msg);
  if (user == NULL)
    return;

  if (!_cpis_hub_read_search_query (msg, params, N_PARAMS, read_param, &query))
    return;

  exceptions = cpis_hub_store_list_plan_exceptions (_cpis_hub_server_get_store (self),
                                                    user->organisation->ods_code, query.offset,
                                                    query.count, &total, &error);
  if (exceptions == NULL)
    {
      g_warning ("Could not list upload exceptions: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not read the upload exceptions.");
      return;
    }

  base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_BASE_PATH);
  self_url = g_uri_to_string (soup_server_message_get_uri (msg));
  if (query.count > 0)
    {
      if ((guint64) query.offset + query.count < total)
        next_url = _cpis_hub_page_url (msg, base_url, "Basic", query.offset + query.count);
      if (query.offset > 0)
        previous_url = _cpis_hub_page_url (msg, base_url, "Basic",
                                           query.offset > query.count
                                             ? query.offset - query.count
                                             : 0);
    }

  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         encode_searchset (exceptions, total, base_url, self_url, next_url,
                                           previous_url));
}

/* ------------------------------------------------------------------------ */
/* One, and $dismiss */

static void
respond_exception (CpisHubServer     *self,
                   SoupServerMessage *msg,
                   const CpisHubUser *user,
                   const char        *id)
{
  g_autoptr(CpisHubPlanException) exception = NULL;
  g_autoptr(GError) error = NULL;

  exception = cpis_hub_store_find_plan_exception (_cpis_hub_server_get_store (self),
                                                  user->organisation->ods_code, id, &error);
  if (error != NULL)
    {
      g_warning ("Could not read an upload exception: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not read the upload exception.");
      return;
    }
  if (exception == NULL)
    {
      respond_no_such_exception (msg);
      return;
    }

  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE, encode_basic (exception));
}

static void
dismiss (CpisHubServer     *self,
         SoupServerMessage *msg,
         const CpisHubUser *user,
         const char        *id)
{
  g_autoptr(GError) error = NULL;

  if (!cpis_hub_store_dismiss_plan_exception (_cpis_hub_server_get_store (self),
                                              user->organisation->ods_code, id, user->id,
                                              _cpis_hub_server_now_usec (self), &error))
    {
      if (g_error_matches (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND))
        respond_no_such_exception (msg);
      else
        {
          g_warning ("Could not dismiss an upload exception: %s", error->message);
          cpis_hub_respond_server_error (msg, "The hub could not store the dismissal; try again.");
        }
      return;
    }

  respond_exception (self, msg, user, id);
}

void
_cpis_hub_fhir_exception_subpath (CpisHubServer     *self,
                                  SoupServerMessage *msg,
                                  const char        *subpath)
{
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *trimmed = g_strdup (subpath);
  g_auto(GStrv) segments = NULL;
  g_autoptr(CpisHubUser) user = NULL;
  g_autofree char *id = NULL;
  gsize length = strlen (trimmed);
  gboolean operation;
  guint n;

  if (length > 0 && trimmed[length - 1] == '/')
    trimmed[length - 1] = '\0';
  segments = g_strsplit (trimmed, "/", -1);
  n = g_strv_length (segments);

  /* {id} or {id}/$dismiss; every id is a UUID */
  if (n < 1 || n > 2 || !g_uuid_string_is_valid (segments[0]) ||
      (n == 2 && !g_str_equal (segments[1], "$dismiss")))
    {
      cpis_hub_respond_no_such_endpoint (msg);
      return;
    }
  operation = n == 2;

  if (!g_str_equal (method, operation ? "POST" : "GET"))
    {
      cpis_hub_respond_method_not_allowed (msg, operation ? "POST" : "GET");
      return;
    }

  user = authenticate_social_worker (self, msg);
  if (user == NULL)
    return;

  id = g_ascii_strdown (segments[0], -1);
  if (operation)
    dismiss (self, msg, user, id);
  else
    respond_exception (self, msg, user, id);
}
