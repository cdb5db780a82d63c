/* cpis-hub-fhir-task.c: the LA's notifications as FHIR Tasks, for its
 * social workers (docs/api.md, "Notifications: Task")
 *
 *   GET [base]/Task?…                    a searchset of the LA's Tasks, paged
 *   GET [base]/Task/{id}                 the current version, with its ETag
 *   PUT [base]/Task/{id}                 a new version (If-Match required)
 *   GET [base]/Task/{id}/_history        every version, newest first
 *   GET [base]/Task/{id}/_history/{vid}  one version
 *
 * Order of checks: path and method (404, 405); the token (401); the role,
 * social workers only (403); for an id, the Task is the user's LA's (404,
 * the same whether another LA's or none, so nothing is learnt of other
 * LAs); then the request itself. Reading a Task is never recorded as an
 * access. A change is written by the store's writer and answered only once
 * it is committed.
 */
#include <string.h>

#include "cpis-date.h"
#include "cpis-fhir-json-private.h"
#include "cpis-hub-capability.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server-private.h"
#include "cpis-hub-task-json.h"
#include "cpis-hub-task-update.h"

#define TASK_DEFAULT_COUNT 50
#define TASK_MAX_COUNT     500

typedef enum
{
  TASK_PATH_ITEM,      /* {id} */
  TASK_PATH_HISTORY,   /* {id}/_history */
  TASK_PATH_VERSION,   /* {id}/_history/{vid} */
} TaskPath;

/* The same answer for another LA's Task and for none */
static void
respond_no_such_task (SoupServerMessage *msg)
{
  cpis_hub_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", CPIS_HUB_NOT_FOUND,
                          "There is no such notification for your local authority.");
}

/* The user of the token if a social worker; NULL after answering 401 or 403 */
static CpisHubUser *
authenticate_social_worker (CpisHubServer     *self,
                            SoupServerMessage *msg)
{
  const char *refusal = "Only social workers may read and change their authority's "
                        "notifications.";

  return _cpis_hub_server_authenticate_social_worker (self, msg, refusal);
}

static void
respond_task (SoupServerMessage *msg,
              const CpisHubTask *task)
{
  g_autofree char *etag = cpis_hub_task_etag (task->version);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE, cpis_hub_task_encode (task));
}

/* ------------------------------------------------------------------------ */
/* The search */

typedef struct
{
  CpisHubTaskSearch  search;
  char              *nhs_number;   /* what the search borrows */
  char              *code;
  char              *owner_ref;
  gboolean           include_focus;
} TaskQuery;

static void
task_query_clear (TaskQuery *query)
{
  g_clear_pointer (&query->nhs_number, g_free);
  g_clear_pointer (&query->code, g_free);
  g_clear_pointer (&query->owner_ref, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TaskQuery, task_query_clear)

/* The parameters a Task search takes; any other is refused */
typedef enum
{
  PARAM_STATUS,
  PARAM_CODE,
  PARAM_PATIENT,
  PARAM_OWNER,
  PARAM_OWNER_IDENTIFIER,
  PARAM_AUTHORED_ON,
  PARAM_LAST_UPDATED,
  PARAM_OUT_OF_AREA,
  PARAM_SORT,
  PARAM_COUNT,
  PARAM_OFFSET,
  PARAM_INCLUDE,
  N_PARAMS,
} TaskParam;

#define TASK_PARAM(name) "http://hl7.org/fhir/SearchParameter/Task-" name

/* Read by read_query, and listed by [base]/metadata */
static const CpisHubSearchParam params[] = {
  [PARAM_STATUS] = { "status", "status", "token", TASK_PARAM ("status"),
                     "Any of the statuses listed, comma-separated." },
  [PARAM_CODE] = { "code", "code", "token", TASK_PARAM ("code"),
                   "access-to-service or inactive-nhs-number; system|code and |code are taken." },
  [PARAM_PATIENT] = { "patient:identifier", "patient", "reference", TASK_PARAM ("patient"),
                      "With the :identifier modifier only: "
                      "https://fhir.nhs.uk/Id/nhs-number|{NHS number}." },
  [PARAM_OWNER] = { "owner", "owner", "reference", TASK_PARAM ("owner"),
                    "PractitionerRole/{id} (a social worker of the LA); or, with :identifier, "
                    "a team (" CPIS_HUB_TEAM_SYSTEM "|{team}) or the LA itself, unassigned "
                    "(https://fhir.nhs.uk/Id/ods-organization-code|{ODS code})." },
  [PARAM_OWNER_IDENTIFIER] = { "owner:identifier" },
  [PARAM_AUTHORED_ON] = { "authored-on", "authored-on", "date", TASK_PARAM ("authored-on"),
                          "ge, gt, le or lt, then a date (a day in the UK) or an instant with its "
                          "offset; may be given more than once.",
                          TRUE },
  [PARAM_LAST_UPDATED] = { "_lastUpdated", "_lastUpdated", "date",
                           "http://hl7.org/fhir/SearchParameter/Resource-lastUpdated",
                           "As authored-on: changed or raised within the bounds.", TRUE },
  [PARAM_OUT_OF_AREA] = { "out-of-area", "out-of-area", "token",
                          CPIS_HUB_SEARCH_PARAMETER_BASE "Task-out-of-area",
                          "The hub's own: true when the care setting is outside the LA's "
                          "partnership area, false when inside." },
  [PARAM_SORT] = { "_sort", NULL, NULL, NULL,
                   "authored-on, _lastUpdated or status, each with - for descending "
                   "(default -authored-on)" },
  [PARAM_COUNT] = { "_count", NULL, NULL, NULL, "the page size (default 50, at most 500)" },
  [PARAM_OFFSET] = { "_offset", NULL, NULL, NULL,
                     "where the page starts (follow the next and previous links)" },
  [PARAM_INCLUDE] = { "_include", NULL, NULL, NULL,
                      "Task:focus (the AuditEvents and their viewers' PractitionerRoles)" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (params) == N_PARAMS);

static const struct
{
  const char      *value;
  CpisHubTaskSort  sort;
} sorts[] = {
  { "authored-on", CPIS_HUB_TASK_SORT_AUTHORED },
  { "-authored-on", CPIS_HUB_TASK_SORT_AUTHORED_DESC },
  { "_lastUpdated", CPIS_HUB_TASK_SORT_LAST_UPDATED },
  { "-_lastUpdated", CPIS_HUB_TASK_SORT_LAST_UPDATED_DESC },
  { "status", CPIS_HUB_TASK_SORT_STATUS },
  { "-status", CPIS_HUB_TASK_SORT_STATUS_DESC },
};

static gboolean
read_statuses (const char *value,
               guint      *statuses)
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);

  *statuses = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      CpisHubTaskStatus status;

      if (!cpis_hub_task_status_from_string (g_strstrip (parts[i]), &status))
        return FALSE;
      *statuses |= 1u << status;
    }

  return *statuses != 0;
}

/* "[system|]code" of a notification type (the system tolerated as
 * identifier systems are: http: for https:, any case) */
static char *
read_code (const char *value)
{
  const char *bar = strchr (value, '|');
  const char *code = bar != NULL ? bar + 1 : value;

  if (bar != NULL && bar != value)
    {
      g_autofree char *system = g_strndup (value, bar - value);

      if (!_cpis_json_system_equal (system, CPIS_HUB_TASK_TYPE_SYSTEM))
        return NULL;
    }

  if (cpis_hub_task_code_display (code) == NULL)
    return NULL;

  return g_strdup (code);
}

/* The start of @date (YYYY-MM-DD) in the UK, in microseconds */
static gboolean
uk_day_start (const GDate *date,
              gint64      *usec)
{
  g_autoptr(GDateTime) start = g_date_time_new (cpis_date_uk_time_zone (),
                                                g_date_get_year (date),
                                                g_date_get_month (date),
                                                g_date_get_day (date), 0, 0, 0);

  if (start == NULL)
    return FALSE;

  *usec = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  return TRUE;
}

/* "ge2026-12-01", "lt2026-12-02T09:00:00Z": narrows [*from, *before). A
 * date is the UK day, an instant a point in time; a space stands for the
 * '+' of an offset that was not percent-encoded. */
static gboolean
read_time_bound (const char *value,
                 gint64     *from,
                 gint64     *before)
{
  g_autofree char *text = NULL;
  const char *prefix = value;
  gint64 start, end;

  if (strlen (value) < 3)
    return FALSE;

  text = g_strdup (value + 2);
  g_strdelimit (text, " ", '+');

  if (cpis_date_is_valid (text))
    {
      GDate day, next;

      if (!cpis_date_parse (text, &day))
        return FALSE;
      next = day;
      g_date_add_days (&next, 1);
      if (!uk_day_start (&day, &start) || !uk_day_start (&next, &end))
        return FALSE;
    }
  else
    {
      g_autoptr(GDateTime) instant = NULL;

      if (strchr (text, 'T') == NULL ||
          (instant = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
        return FALSE;

      start = g_date_time_to_unix (instant) * G_USEC_PER_SEC +
              g_date_time_get_microsecond (instant);
      end = start + 1;
    }

  if (g_str_has_prefix (prefix, "ge"))
    *from = MAX (*from, start);
  else if (g_str_has_prefix (prefix, "gt"))
    *from = MAX (*from, end);
  else if (g_str_has_prefix (prefix, "le"))
    *before = MIN (*before, end);
  else if (g_str_has_prefix (prefix, "lt"))
    *before = MIN (*before, start);
  else
    return FALSE;

  return TRUE;
}

/* Digits only; more than @max is taken as @max */
static gboolean
read_whole_number (const char *value,
                   guint64     max,
                   guint64    *number)
{
  gsize length = strlen (value);

  if (length == 0 || strspn (value, "0123456789") != length)
    return FALSE;

  *number = length > 18 ? max : MIN (g_ascii_strtoull (value, NULL, 10), max);
  return TRUE;
}

/* owner=PractitionerRole/{id} */
static gboolean
read_owner (TaskQuery  *query,
            const char *value)
{
  const char *id;

  if (!g_str_has_prefix (value, "PractitionerRole/"))
    return FALSE;

  id = value + strlen ("PractitionerRole/");
  if (*id == '\0' || strchr (id, '/') != NULL)
    return FALSE;

  query->search.has_owner = TRUE;
  query->search.owner_kind = CPIS_HUB_TASK_OWNER_SOCIAL_WORKER;
  query->owner_ref = g_strdup (id);
  return TRUE;
}

/* owner:identifier={system}|{value}: the LA by ODS code, or a team */
static gboolean
read_owner_identifier (TaskQuery  *query,
                       const char *value)
{
  const char *bar = strchr (value, '|');
  g_autofree char *system = NULL;

  if (bar == NULL || bar[1] == '\0')
    return FALSE;

  system = g_strndup (value, bar - value);
  if (_cpis_json_system_equal (system, "https://fhir.nhs.uk/Id/ods-organization-code"))
    query->search.owner_kind = CPIS_HUB_TASK_OWNER_LA;
  else if (_cpis_json_system_equal (system, CPIS_HUB_TEAM_SYSTEM))
    query->search.owner_kind = CPIS_HUB_TASK_OWNER_TEAM;
  else
    return FALSE;

  query->search.has_owner = TRUE;
  /* ODS codes in any case, as a PUT takes them */
  if (query->search.owner_kind == CPIS_HUB_TASK_OWNER_LA &&
      g_ascii_strcasecmp (bar + 1, query->search.la_ods_code) == 0)
    query->owner_ref = g_strdup (query->search.la_ods_code);
  else
    query->owner_ref = g_strdup (bar + 1);
  return TRUE;
}

/* One parameter into @query; FALSE after answering 400 */
static gboolean
read_param (SoupServerMessage *msg,
            TaskQuery         *query,
            TaskParam          param,
            const char        *value)
{
  g_autoptr(GError) error = NULL;
  guint64 number;

  switch (param)
    {
    case PARAM_STATUS:
      if (!read_statuses (value, &query->search.statuses))
        {
          cpis_hub_respond_invalid_search (msg,
                                           "status takes requested, accepted, in-progress, completed "
                                           "or cancelled, separated by commas.");
          return FALSE;
        }
      break;

    case PARAM_CODE:
      query->code = read_code (value);
      if (query->code == NULL)
        {
          cpis_hub_respond_invalid_search (msg,
                                           "code takes access-to-service or inactive-nhs-number.");
          return FALSE;
        }
      query->search.code = query->code;
      break;

    case PARAM_PATIENT:
      query->nhs_number = _cpis_hub_parse_patient_identifier (value, &error);
      if (query->nhs_number == NULL)
        {
          cpis_hub_respond_invalid_search (msg, error->message);
          return FALSE;
        }
      query->search.nhs_number = query->nhs_number;
      break;

    case PARAM_OWNER:
    case PARAM_OWNER_IDENTIFIER:
      if (query->search.has_owner)
        {
          cpis_hub_respond_invalid_search (msg, "Give owner or owner:identifier, not both.");
          return FALSE;
        }
      if (param == PARAM_OWNER ? !read_owner (query, value) : !read_owner_identifier (query, value))
        {
          cpis_hub_respond_invalid_search (msg,
                                           "owner takes PractitionerRole/{id}; owner:identifier takes "
                                           "https://fhir.nhs.uk/Id/ods-organization-code|{ODS code} or "
                                           CPIS_HUB_TEAM_SYSTEM "|{team}.");
          return FALSE;
        }
      query->search.owner_ref = query->owner_ref;
      break;

    case PARAM_AUTHORED_ON:
    case PARAM_LAST_UPDATED:
      if (!read_time_bound (value,
                            param == PARAM_AUTHORED_ON ? &query->search.authored_from_usec
                                                       : &query->search.updated_from_usec,
                            param == PARAM_AUTHORED_ON ? &query->search.authored_before_usec
                                                       : &query->search.updated_before_usec))
        {
          cpis_hub_respond_invalid_search (msg,
                                           "authored-on and _lastUpdated take ge, gt, le or lt and a "
                                           "date (YYYY-MM-DD) or an instant with its offset.");
          return FALSE;
        }
      break;

    case PARAM_OUT_OF_AREA:
      if (g_ascii_strcasecmp (value, "true") == 0)
        query->search.out_of_area = 1;
      else if (g_ascii_strcasecmp (value, "false") == 0)
        query->search.out_of_area = 0;
      else
        {
          cpis_hub_respond_invalid_search (msg, "out-of-area takes true or false.");
          return FALSE;
        }
      break;

    case PARAM_SORT:
      {
        gboolean known = FALSE;

        for (guint i = 0; i < G_N_ELEMENTS (sorts) && !known; i++)
          if (g_str_equal (value, sorts[i].value))
            {
              query->search.sort = sorts[i].sort;
              known = TRUE;
            }

        if (!known)
          {
            cpis_hub_respond_invalid_search (msg,
                                             "_sort takes authored-on, _lastUpdated or status, each "
                                             "with - before it for descending.");
            return FALSE;
          }
      }
      break;

    case PARAM_COUNT:
      if (!read_whole_number (value, TASK_MAX_COUNT, &number))
        {
          cpis_hub_respond_invalid_search (msg,
                                           "_count takes a whole number (at most 500 are answered).");
          return FALSE;
        }
      query->search.count = (guint) number;
      break;

    case PARAM_OFFSET:
      if (!read_whole_number (value, G_MAXINT32, &number))
        {
          cpis_hub_respond_invalid_search (msg, "_offset takes a whole number.");
          return FALSE;
        }
      query->search.offset = (guint) number;
      break;

    case PARAM_INCLUDE:
      if (!g_str_equal (value, "Task:focus") && !g_str_equal (value, "Task:focus:AuditEvent"))
        {
          cpis_hub_respond_invalid_search (msg, "_include takes Task:focus only.");
          return FALSE;
        }
      query->include_focus = TRUE;
      break;

    case N_PARAMS:
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static gboolean
read_task_param (SoupServerMessage *msg,
                 guint              param,
                 const char        *value,
                 gpointer           user_data)
{
  return read_param (msg, user_data, (TaskParam) param, value);
}

/* The query into @query; FALSE after answering 400 INVALID_SEARCH_DATA */
static gboolean
read_query (SoupServerMessage *msg,
            TaskQuery         *query)
{
  return _cpis_hub_read_search_query (msg, params, N_PARAMS, read_task_param, query);
}

/* [base]/Task? and the query as given, with _offset=@offset in place of
 * any _offset it had */
static char *
page_url (SoupServerMessage *msg,
          const char        *base_url,
          guint              offset)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_auto(GStrv) parts = g_strsplit (query != NULL ? query : "", "&", -1);
  g_autoptr(GString) url = g_string_new (base_url);

  g_string_append (url, "/Task?");
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *equals = strchr (parts[i], '=');
      g_autofree char *raw_name = equals != NULL ? g_strndup (parts[i], equals - parts[i])
                                                 : g_strdup (parts[i]);
      g_autofree char *name = g_uri_unescape_string (raw_name, NULL);

      if (*parts[i] == '\0' || g_strcmp0 (name, "_offset") == 0)
        continue;

      g_string_append (url, parts[i]);
      g_string_append_c (url, '&');
    }
  g_string_append_printf (url, "_offset=%u", offset);

  return g_string_free (g_steal_pointer (&url), FALSE);
}

/* The AuditEvent (and so the viewer) of each Task, once each */
static GPtrArray *
included_events (CpisHubStore  *store,
                 GPtrArray     *tasks,
                 GError       **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < tasks->len; i++)
    {
      const CpisHubTask *task = g_ptr_array_index (tasks, i);
      g_autoptr(CpisHubAccess) access = NULL;
      GError *local_error = NULL;

      if (task->access_id == NULL || g_hash_table_contains (seen, task->access_id))
        continue;
      g_hash_table_add (seen, task->access_id);

      access = cpis_hub_store_find_access (store, task->access_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (access != NULL)
        g_ptr_array_add (events, _cpis_hub_access_event_from_record (access));
    }

  return g_steal_pointer (&events);
}

void
_cpis_hub_fhir_task_search (CpisHubServer     *self,
                            SoupServerMessage *msg)
{
  CpisHubStore *store = _cpis_hub_server_get_store (self);
  g_autoptr(CpisHubUser) user = NULL;
  g_auto(TaskQuery) query = { 0 };
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *self_url = NULL;
  g_autofree char *next_url = NULL;
  g_autofree char *previous_url = NULL;
  CpisHubTaskLinks links = { NULL, };
  guint total = 0;

  user = authenticate_social_worker (self, msg);
  if (user == NULL)
    return;

  cpis_hub_task_search_init (&query.search, user->organisation->ods_code);
  query.search.count = TASK_DEFAULT_COUNT;
  if (!read_query (msg, &query))
    return;

  tasks = cpis_hub_store_search_tasks (store, &query.search, &total, &error);
  if (tasks == NULL)
    {
      g_warning ("Could not search notifications: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not read the notifications.");
      return;
    }

  if (query.include_focus)
    {
      events = included_events (store, tasks, &error);
      if (events == NULL)
        {
          g_warning ("Could not read a notification's access: %s", error->message);
          cpis_hub_respond_server_error (msg,
                                         "The hub could not read the notifications' accesses.");
          return;
        }
    }

  base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_BASE_PATH);
  self_url = g_uri_to_string (soup_server_message_get_uri (msg));
  links.self = self_url;
  if (query.search.count > 0)
    {
      guint offset = query.search.offset;
      guint count = query.search.count;

      if ((guint64) offset + count < total)
        links.next = next_url = page_url (msg, base_url, offset + count);
      if (offset > 0)
        links.previous = previous_url = page_url (msg, base_url,
                                                  offset > count ? offset - count : 0);
    }

  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         cpis_hub_task_encode_searchset (tasks, total, events, &links, base_url));
}

/* ------------------------------------------------------------------------ */
/* Reads */

static void
read_task (CpisHubServer     *self,
           SoupServerMessage *msg,
           CpisHubUser       *user,
           const char        *id,
           gint64             version)
{
  g_autoptr(CpisHubTask) task = NULL;
  g_autoptr(GError) error = NULL;

  task = cpis_hub_store_find_task (_cpis_hub_server_get_store (self),
                                   user->organisation->ods_code, id, version, &error);
  if (error != NULL)
    {
      g_warning ("Could not read a notification: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not read the notification.");
      return;
    }

  if (task == NULL)
    {
      respond_no_such_task (msg);
      return;
    }

  respond_task (msg, task);
}

static void
read_history (CpisHubServer     *self,
              SoupServerMessage *msg,
              CpisHubUser       *user,
              const char        *id)
{
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *self_url = NULL;

  versions = cpis_hub_store_list_task_versions (_cpis_hub_server_get_store (self),
                                                user->organisation->ods_code, id, &error);
  if (versions == NULL)
    {
      g_warning ("Could not read a notification's versions: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not read the notification's history.");
      return;
    }

  if (versions->len == 0)
    {
      respond_no_such_task (msg);
      return;
    }

  base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_BASE_PATH);
  self_url = g_uri_to_string (soup_server_message_get_uri (msg));
  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         cpis_hub_task_encode_history (versions, base_url, self_url));
}

/* ------------------------------------------------------------------------ */
/* Changes */

typedef struct
{
  CpisHubServer     *server;
  SoupServerMessage *msg;
  char              *la_ods_code;
  char              *id;
} PutRequest;

static void
put_request_free (PutRequest *request)
{
  g_clear_object (&request->server);
  g_clear_object (&request->msg);
  g_free (request->la_ods_code);
  g_free (request->id);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PutRequest, put_request_free)

/* W/"3", "3" or 3: the version; 0 if it cannot be read */
static gint64
read_if_match (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "If-Match");
  g_autofree char *text = NULL;
  char *version;
  gsize length;
  guint64 number;

  if (value == NULL)
    return 0;

  text = g_strstrip (g_strdup (value));
  version = text;
  if (g_str_has_prefix (version, "W/"))
    version += 2;

  length = strlen (version);
  if (length >= 2 && version[0] == '"' && version[length - 1] == '"')
    {
      version[length - 1] = '\0';
      version++;
    }

  if (!read_whole_number (version, G_MAXINT64, &number) || number == 0)
    return 0;

  return (gint64) number;
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

static void
task_updated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PutRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubTask) task = NULL;

  if (!cpis_hub_store_update_task_finish (CPIS_HUB_STORE (source), result, &error))
    {
      if (g_error_matches (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_CONFLICT))
        cpis_hub_respond_error (request->msg, SOUP_STATUS_PRECONDITION_FAILED, "conflict",
                                CPIS_HUB_VERSION_CONFLICT,
                                "Someone changed this notification meanwhile: read it again.");
      else if (g_error_matches (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND))
        cpis_hub_respond_error (request->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "business-rule",
                                CPIS_HUB_BUSINESS_RULE,
                                "The owner must be this local authority, one of its teams or one "
                                "of its social workers.");
      else
        {
          g_warning ("Could not change a notification: %s", error->message);
          cpis_hub_respond_server_error (request->msg,
                                         "The hub could not store the change; try again.");
        }
      cpis_hub_message_release (request->msg);
      return;
    }

  task = cpis_hub_store_find_task (CPIS_HUB_STORE (source), request->la_ods_code, request->id, 0,
                                   &error);
  if (task == NULL)
    {
      g_warning ("Could not read a changed notification: %s",
                 error != NULL ? error->message : "it is gone");
      cpis_hub_respond_server_error (request->msg,
                                     "The change was stored, but the hub could not read it "
                                     "back: read the notification again.");
    }
  else
    respond_task (request->msg, task);

  cpis_hub_message_release (request->msg);
}

static void
change_task (CpisHubServer     *self,
             SoupServerMessage *msg,
             CpisHubUser       *user,
             const char        *id)
{
  CpisHubStore *store = _cpis_hub_server_get_store (self);
  g_autoptr(CpisHubTask) current = NULL;
  g_autoptr(CpisHubTaskChange) change = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *diagnostics = NULL;
  PutRequest *request;
  CpisHubTaskUpdate update;
  gint64 if_match;
  guint status;

  current = cpis_hub_store_find_task (store, user->organisation->ods_code, id, 0, &error);
  if (error != NULL)
    {
      g_warning ("Could not read a notification: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not read the notification.");
      return;
    }
  if (current == NULL)
    {
      respond_no_such_task (msg);
      return;
    }

  if_match = read_if_match (msg);
  if (if_match == 0)
    {
      cpis_hub_respond_error (msg, 428, "required", CPIS_HUB_PRECONDITION_REQUIRED,
                              "Say which version this changes: If-Match: W/\"{versionId}\", as "
                              "the ETag of the read.");
      return;
    }

  if (!is_json_content_type (msg))
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "invalid",
                              CPIS_HUB_UNSUPPORTED_MEDIA,
                              "Send the Task as application/fhir+json.");
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  change = cpis_hub_task_change_read (store, current, id, body, &status, &diagnostics);
  if (change == NULL && status == SOUP_STATUS_BAD_REQUEST)
    {
      cpis_hub_respond_error (msg, status, "invalid", CPIS_HUB_INVALID_RESOURCE, diagnostics);
      return;
    }

  /* A change made on another version than the current one is not judged
   * against this one: read it again */
  if (if_match != current->version)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_PRECONDITION_FAILED, "conflict",
                              CPIS_HUB_VERSION_CONFLICT,
                              "This notification has changed since that version: read it again.");
      return;
    }

  if (change == NULL)
    {
      if (status == SOUP_STATUS_UNPROCESSABLE_ENTITY)
        cpis_hub_respond_error (msg, status, "business-rule", CPIS_HUB_BUSINESS_RULE, diagnostics);
      else
        cpis_hub_respond_server_error (msg, diagnostics);
      return;
    }

  if (!change->changed)
    {
      respond_task (msg, current);
      return;
    }

  cpis_hub_task_change_to_update (change, current, user->id, _cpis_hub_server_now_usec (self),
                                  &update);

  request = g_new0 (PutRequest, 1);
  request->server = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->la_ods_code = g_strdup (user->organisation->ods_code);
  request->id = g_strdup (id);

  cpis_hub_message_hold (msg);
  cpis_hub_store_update_task_async (store, &update, NULL, task_updated_cb, request);
}

/* ------------------------------------------------------------------------ */
/* Routing under [base]/Task/ */

/* "{id}", "{id}/_history", "{id}/_history/{vid}", each with one trailing
 * slash allowed; FALSE for anything else */
static gboolean
parse_subpath (const char  *subpath,
               TaskPath    *path,
               char       **id,
               gint64      *version)
{
  g_autofree char *trimmed = g_strdup (subpath);
  g_auto(GStrv) segments = NULL;
  gsize length = strlen (trimmed);
  guint n;
  guint64 number;

  if (length > 0 && trimmed[length - 1] == '/')
    trimmed[length - 1] = '\0';

  segments = g_strsplit (trimmed, "/", -1);
  n = g_strv_length (segments);

  /* Every Task id is a UUID: nothing else is looked up */
  if (n < 1 || n > 3 || !g_uuid_string_is_valid (segments[0]))
    return FALSE;

  *id = g_ascii_strdown (segments[0], -1);
  *version = 0;

  if (n == 1)
    *path = TASK_PATH_ITEM;
  else if (!g_str_equal (segments[1], "_history"))
    return FALSE;
  else if (n == 2)
    *path = TASK_PATH_HISTORY;
  else if (read_whole_number (segments[2], G_MAXINT64, &number) && number > 0)
    {
      *path = TASK_PATH_VERSION;
      *version = (gint64) number;
    }
  else
    return FALSE;

  return TRUE;
}

void
_cpis_hub_fhir_task_subpath (CpisHubServer     *self,
                             SoupServerMessage *msg,
                             const char        *subpath)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(CpisHubUser) user = NULL;
  g_autofree char *id = NULL;
  gboolean get = g_str_equal (method, "GET");
  gboolean put = g_str_equal (method, "PUT");
  TaskPath path;
  gint64 version;

  if (!parse_subpath (subpath, &path, &id, &version))
    {
      g_clear_pointer (&id, g_free);
      cpis_hub_respond_no_such_endpoint (msg);
      return;
    }

  if (!get && !(put && path == TASK_PATH_ITEM))
    {
      cpis_hub_respond_method_not_allowed (msg, path == TASK_PATH_ITEM ? "GET, PUT" : "GET");
      return;
    }

  user = authenticate_social_worker (self, msg);
  if (user == NULL)
    return;

  switch (path)
    {
    case TASK_PATH_ITEM:
      if (put)
        change_task (self, msg, user, id);
      else
        read_task (self, msg, user, id, 0);
      break;
    case TASK_PATH_HISTORY:
      read_history (self, msg, user, id);
      break;
    case TASK_PATH_VERSION:
      read_task (self, msg, user, id, version);
      break;
    default:
      g_assert_not_reached ();
    }
}

GPtrArray *
_cpis_hub_fhir_task_search_params (const char *resource_type)
{
  GPtrArray *specs = g_ptr_array_new ();

  for (guint i = 0; i < N_PARAMS; i++)
    g_ptr_array_add (specs, (gpointer) &params[i]);

  return specs;
}
