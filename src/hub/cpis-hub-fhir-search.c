/* cpis-hub-fhir-search.c: GET [base]/CareTeam and [base]/AuditEvent
 *
 * The national consumer API (cpis-fhir-api.md) with the hub's rules:
 * - a plan shows while active and 365 days after its end; an unborn child's
 *   plan until 28 days after the due date (cpis-hub-rules.c);
 * - an unscheduled CareTeam search by a clinician that finds a plan to show is
 *   written to the access history, with an Access to Service Notification for
 *   each responsible LA, in one transaction, committed before the answer;
 * - a social worker may read children of their own LA only, never recorded;
 * - partnership officers and administrators may not search.
 */
#include <string.h>

#include "cpis-date.h"
#include "cpis-fhir-codec.h"
#include "cpis-hub-capability.h"
#include "cpis-hub-response.h"
#include "cpis-hub-rules.h"
#include "cpis-hub-server-private.h"
#include "cpis-nhs-number.h"
#include "cpis-uuid.h"

typedef struct
{
  CpisHubServer     *server;
  SoupServerMessage *msg;
  GPtrArray         *plans;  /* CpisHubPlan: every stored plan of the child */
  GPtrArray         *shown;  /* the ones to show, borrowed from @plans */
} SearchRequest;

static void
search_request_free (SearchRequest *request)
{
  g_clear_object (&request->server);
  g_clear_object (&request->msg);
  g_clear_pointer (&request->shown, g_ptr_array_unref);
  g_clear_pointer (&request->plans, g_ptr_array_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SearchRequest, search_request_free)

/* TRUE for https://fhir.nhs.uk/Id/nhs-number, tolerating http: and case */
static gboolean
is_nhs_number_system (const char *system)
{
  const char *rest;

  if (g_ascii_strncasecmp (system, "https://", 8) == 0)
    rest = system + 8;
  else if (g_ascii_strncasecmp (system, "http://", 7) == 0)
    rest = system + 7;
  else
    return FALSE;

  return g_ascii_strcasecmp (rest, "fhir.nhs.uk/Id/nhs-number") == 0;
}

/* Reads IsUnscheduledAccessEvent (absent means unscheduled) and checks TraceID.
 * FALSE after answering 400 PRECONDITION_FAILED. */
static gboolean
read_headers (SoupServerMessage *msg,
              gboolean          *unscheduled)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "IsUnscheduledAccessEvent");
  const char *trace_id = soup_message_headers_get_one (headers, "TraceID");
  g_autofree char *flag = value != NULL ? g_strstrip (g_strdup (value)) : NULL;

  if (flag == NULL || g_ascii_strcasecmp (flag, "true") == 0)
    *unscheduled = TRUE;
  else if (g_ascii_strcasecmp (flag, "false") == 0)
    *unscheduled = FALSE;
  else
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_PRECONDITION_FAILED,
                              "IsUnscheduledAccessEvent must be “true” or “false”.");
      return FALSE;
    }

  if (trace_id != NULL && !cpis_uuid_is_valid (trace_id))
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_PRECONDITION_FAILED,
                              "TraceID must be a UUID.");
      return FALSE;
    }

  return TRUE;
}

/* The one parameter the national searches read; listed by [base]/metadata */
static const CpisHubSearchParam patient_identifier = {
  "patient:identifier", "patient", "reference", "http://hl7.org/fhir/SearchParameter/clinical-patient",
  "Required, with the :identifier modifier only: https://fhir.nhs.uk/Id/nhs-number|{NHS number} "
  "(the system may be left out; spaces and dashes in the number are taken). Any other parameter "
  "is ignored, as the national API does. Without it, a social worker is answered their "
  "authority's plans (status, category, _count, _offset).",
};

static const CpisHubSearchParam audit_patient_identifier = {
  "patient:identifier", "patient", "reference", "http://hl7.org/fhir/SearchParameter/AuditEvent-patient",
  "Required, as for CareTeam. The viewers' PractitionerRoles are always included; _include and "
  "any other parameter are ignored.",
};

/* The NHS number searched for, or NULL after answering 400 INVALID_SEARCH_DATA */
static char *
read_nhs_number (SoupServerMessage *msg)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autofree char *identifier = NULL;
  g_autoptr(GError) error = NULL;
  GUriParamsIter iter;
  char *name, *value;
  char *nhs_number;

  if (query == NULL)
    query = "";

  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &name, &value, &error))
    {
      gboolean duplicate = FALSE;

      if (g_str_equal (name, patient_identifier.name))
        {
          duplicate = identifier != NULL;
          g_free (identifier);
          identifier = g_steal_pointer (&value);
        }
      /* _include and anything else this hub does not know are ignored, as the
       * guide's own _include is not valid R4 */

      g_free (name);
      g_free (value);

      if (duplicate)
        {
          cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                                  CPIS_HUB_INVALID_SEARCH_DATA,
                                  "Give patient:identifier once.");
          return NULL;
        }
    }

  if (error != NULL)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_INVALID_SEARCH_DATA,
                              "The search query could not be read.");
      return NULL;
    }

  nhs_number = _cpis_hub_parse_patient_identifier (identifier, &error);
  if (nhs_number == NULL)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_INVALID_SEARCH_DATA,
                              error->message);
      return NULL;
    }

  return nhs_number;
}

char *
_cpis_hub_parse_patient_identifier (const char  *identifier,
                                    GError     **error)
{
  const char *number = identifier;
  const char *bar;

  if (identifier == NULL || !g_utf8_validate (identifier, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Search with patient:identifier=https://fhir.nhs.uk/Id/nhs-number|{NHS number}.");
      return NULL;
    }

  bar = strchr (identifier, '|');
  if (bar != NULL)
    {
      g_autofree char *system = g_strndup (identifier, bar - identifier);

      /* "|9991234567" (no system) is allowed by FHIR token search */
      if (*system != '\0' && !is_nhs_number_system (system))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The identifier system must be https://fhir.nhs.uk/Id/nhs-number.");
          return NULL;
        }
      number = bar + 1;
    }

  /* an API takes digits with spaces or dashes (docs/api.md); the client's
   * leniency for what people paste (tabs, line breaks) is not the hub's: a
   * CR or LF in a number is someone testing what reaches a log or a header */
  for (const char *p = number; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || (g_unichar_isspace (c) && c != ' ' && c != 0x00A0 && c != 0x2007 && c != 0x202F))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The NHS number may hold only digits, spaces and dashes.");
          return NULL;
        }
    }

  return cpis_nhs_number_parse (number, error);
}

static gboolean
plans_include_la (GPtrArray  *plans,
                  const char *ods_code)
{
  for (guint i = 0; i < plans->len; i++)
    {
      CpisHubPlan *plan = g_ptr_array_index (plans, i);

      if (plan->la != NULL && g_strcmp0 (plan->la->ods_code, ods_code) == 0)
        return TRUE;
    }

  return FALSE;
}

static CpisPlan *
plan_from_record (const CpisHubPlan *record)
{
  const CpisHubOrganisation *la = record->la;

  return g_object_new (CPIS_TYPE_PLAN,
                       "id", record->id,
                       "plan-type", record->plan_type,
                       "plan-code", cpis_plan_type_to_snomed (record->plan_type),
                       "plan-display", cpis_plan_type_to_snomed_display (record->plan_type),
                       "nhs-number", record->nhs_number,
                       "subject-name", record->subject_name,
                       /* not in the national CareTeam: the hub's own extension, so that a
                        * client can confirm the child by date of birth as well as name */
                       "subject-birth-date", record->date_of_birth,
                       "la-name", la != NULL ? la->name : NULL,
                       "la-ods-code", la != NULL ? la->ods_code : NULL,
                       "phone-office", la != NULL ? la->phone_office : NULL,
                       "phone-emergency", la != NULL ? la->phone_emergency : NULL,
                       "start-date", record->start_date,
                       "end-date", record->end_date,
                       "due-date", record->due_date,
                       NULL);
}

CpisAccessEvent *
_cpis_hub_access_event_from_record (const CpisHubAccess *record)
{
  g_autoptr(CpisPractitionerRole) role = NULL;
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) recorded = NULL;

  role = g_object_new (CPIS_TYPE_PRACTITIONER_ROLE,
                       "id", record->practitioner_role_id,
                       "practitioner-name", record->viewer_name,
                       "organisation-name", record->org_name,
                       "organisation-code", record->org_ods_code,
                       "job-role-code", record->job_role_code,
                       "job-role-display", record->job_role_display,
                       "role-profile-id", record->role_profile_id,
                       NULL);

  seconds = g_date_time_new_from_unix_utc (record->recorded_usec / G_USEC_PER_SEC);
  recorded = g_date_time_add (seconds, record->recorded_usec % G_USEC_PER_SEC);

  return g_object_new (CPIS_TYPE_ACCESS_EVENT,
                       "id", record->id,
                       "recorded", recorded,
                       "nhs-number", record->nhs_number,
                       "practitioner-role-id", record->practitioner_role_id,
                       "practitioner-role", role,
                       NULL);
}

static void
respond_care_teams (SearchRequest *request)
{
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *base_url = _cpis_hub_request_base_url (request->msg, CPIS_HUB_BASE_PATH);
  g_autofree char *self_url = g_uri_to_string (soup_server_message_get_uri (request->msg));
  g_autofree char *bundle_id = cpis_uuid_new ();

  for (guint i = 0; i < request->shown->len; i++)
    g_ptr_array_add (plans, plan_from_record (g_ptr_array_index (request->shown, i)));

  cpis_hub_respond_json (request->msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         cpis_fhir_encode_care_team_bundle (plans, base_url, self_url, bundle_id));
}

static void
access_recorded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SearchRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *access_id = NULL;

  access_id = cpis_hub_store_record_access_finish (CPIS_HUB_STORE (source), result, &error);
  if (access_id == NULL)
    {
      /* The rule is: recorded before returned. Say so rather than show the plan
       * unrecorded; the client shows "could not be checked". */
      g_warning ("Could not record an access: %s", error->message);
      cpis_hub_respond_server_error (request->msg,
                                     "The hub could not record this access; try again.");
    }
  else
    {
      respond_care_teams (request);
    }

  cpis_hub_message_release (request->msg);
}

static void
record_access (SearchRequest *request,
               CpisHubUser   *user,
               const char    *nhs_number)
{
  CpisHubStore *store = _cpis_hub_server_get_store (request->server);
  g_autoptr(GArray) la_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* one notification per responsible LA, however many plans it holds */
  for (guint i = 0; i < request->shown->len; i++)
    {
      CpisHubPlan *plan = g_ptr_array_index (request->shown, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < la_ids->len && !seen; j++)
        seen = g_array_index (la_ids, gint64, j) == plan->la->id;
      if (!seen)
        g_array_append_val (la_ids, plan->la->id);
    }

  cpis_hub_message_hold (request->msg);
  cpis_hub_store_record_access_async (store, nhs_number, user->id,
                                      _cpis_hub_server_now_usec (request->server),
                                      (const gint64 *) (gpointer) la_ids->data, la_ids->len, NULL,
                                      access_recorded_cb, request);
}

static void
respond_audit_events (SearchRequest *request,
                      const char    *nhs_number,
                      gboolean       include_history,
                      guint          limit)
{
  CpisHubStore *store = _cpis_hub_server_get_store (request->server);
  g_autoptr(GPtrArray) accesses = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = _cpis_hub_request_base_url (request->msg, CPIS_HUB_BASE_PATH);
  g_autofree char *self_url = g_uri_to_string (soup_server_message_get_uri (request->msg));
  g_autofree char *bundle_id = cpis_uuid_new ();

  if (include_history)
    {
      accesses = cpis_hub_store_list_accesses (store, nhs_number, limit,
                                               &error);
      if (accesses == NULL)
        {
          g_warning ("Could not read an access history: %s", error->message);
          cpis_hub_respond_server_error (request->msg,
                                         "The hub could not read the access history.");
          return;
        }

      for (guint i = 0; i < accesses->len; i++)
        g_ptr_array_add (events, _cpis_hub_access_event_from_record (g_ptr_array_index (accesses, i)));
    }

  cpis_hub_respond_json (request->msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         cpis_fhir_encode_audit_event_bundle (events, base_url, self_url,
                                                              bundle_id));
}

void
_cpis_hub_fhir_search (CpisHubServer     *self,
                       SoupServerMessage *msg,
                       const char        *resource_type)
{
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(SearchRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nhs_number = NULL;
  gboolean unscheduled = TRUE;
  GDate today;

  user = _cpis_hub_server_authenticate (self, msg);
  if (user == NULL)
    return;

  if (user->role != CPIS_ROLE_CLINICIAN && user->role != CPIS_ROLE_SOCIAL_WORKER)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", CPIS_HUB_ACCESS_DENIED,
                              "This role may not look up children's records.");
      return;
    }

  if (!read_headers (msg, &unscheduled))
    return;

  nhs_number = read_nhs_number (msg);
  if (nhs_number == NULL)
    return;

  request = g_new0 (SearchRequest, 1);
  request->server = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->plans = cpis_hub_store_list_plans (_cpis_hub_server_get_store (self), nhs_number,
                                              &error);
  if (request->plans == NULL)
    {
      g_warning ("Could not read plans: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not read the records.");
      return;
    }

  /* Same answer for "not your LA's child" and "no such child", so that a
   * social worker learns nothing about other LAs' children. */
  if (user->role == CPIS_ROLE_SOCIAL_WORKER &&
      !plans_include_la (request->plans, user->organisation->ods_code))
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", CPIS_HUB_ACCESS_DENIED,
                              "Social workers may read the records of their own authority's children only.");
      return;
    }

  _cpis_hub_server_today (self, &today);
  request->shown = cpis_hub_plans_to_show (request->plans, &today);

  if (g_str_equal (resource_type, "CareTeam"))
    {
      if (user->role == CPIS_ROLE_CLINICIAN && unscheduled && request->shown->len > 0)
        record_access (g_steal_pointer (&request), user, nhs_number);
      else
        respond_care_teams (request);
    }
  else
    {
      gboolean social_worker = user->role == CPIS_ROLE_SOCIAL_WORKER;

      /* A clinician sees the history alongside a plan to show, not for a
       * child with no current alert; a social worker always sees it, and
       * whole (up to a bound), since the LA looks for patterns in it. */
      respond_audit_events (request, nhs_number, social_worker || request->shown->len > 0,
                            social_worker ? CPIS_HUB_LA_ACCESS_HISTORY_LIMIT
                                          : CPIS_HUB_ACCESS_HISTORY_LIMIT);
    }
}

GPtrArray *
_cpis_hub_fhir_search_params (const char *resource_type)
{
  GPtrArray *specs = g_ptr_array_new ();

  g_ptr_array_add (specs, (gpointer) (g_strcmp0 (resource_type, "AuditEvent") == 0
                                        ? &audit_patient_identifier
                                        : &patient_identifier));
  return specs;
}
