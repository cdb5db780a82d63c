/* cpis-hub-fhir-la-plans.c: a local authority's own plans, for its social
 * workers (docs/api.md, "The LA's plans: GET [base]/CareTeam")
 *
 *   GET [base]/CareTeam[?status=&category=&_count=&_offset=]
 *
 * The CareTeam search without patient:identifier: every plan the social
 * worker's LA uploaded, whatever its state, by NHS number, start date and id
 * (a stable order, so that paging neither skips nor repeats a plan), each a
 * CareTeam as the national search answers it, with its status (active, or
 * inactive once ended). Never recorded as an access, and no other LA's plan
 * is ever answered. Order of checks: the token (401); the role: social
 * workers only (403; a clinician is answered as the national search answers
 * a search without an NHS number, 400); the query (400).
 */
#include <string.h>

#include "cpis-date.h"
#include "cpis-fhir-codec.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-json-private.h"
#include "cpis-hub-capability.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server-private.h"
#include "cpis-uuid.h"

#define PLAN_DEFAULT_COUNT 50
#define PLAN_MAX_COUNT     500

typedef enum
{
  PARAM_STATUS,
  PARAM_CATEGORY,
  PARAM_COUNT,
  PARAM_OFFSET,
  N_PARAMS,
} PlanParam;

/* Read by read_param, and listed by [base]/metadata (after the national
 * search's patient:identifier) */
static const CpisHubSearchParam params[] = {
  [PARAM_STATUS] = { "status", "status", "token",
                     "http://hl7.org/fhir/SearchParameter/CareTeam-status",
                     "Without patient:identifier, a social worker's list of their authority's "
                     "plans: active (no end date, or one still to come) or inactive (ended)." },
  [PARAM_CATEGORY] = { "category", "category", "token",
                       "http://hl7.org/fhir/SearchParameter/CareTeam-category",
                       "Without patient:identifier: the plan type, a SNOMED CT code "
                       "(http://snomed.info/sct|{code} or the code alone)." },
  [PARAM_COUNT] = { "_count", NULL, NULL, NULL,
                    "Without patient:identifier: the page size (default 50, at most 500)" },
  [PARAM_OFFSET] = { "_offset", NULL, NULL, NULL,
                     "Without patient:identifier: where the page starts (follow the next link)" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (params) == N_PARAMS);

typedef struct
{
  CpisHubPlanSearch search;
} PlanQuery;

static gboolean
read_category (const char   *value,
               CpisPlanType *type)
{
  const char *bar = strchr (value, '|');
  const char *code = bar != NULL ? bar + 1 : value;

  if (bar != NULL && bar != value)
    {
      g_autofree char *system = g_strndup (value, bar - value);

      if (!_cpis_json_system_equal (system, "http://snomed.info/sct"))
        return FALSE;
    }

  *type = cpis_plan_type_from_snomed (code);
  return *type != CPIS_PLAN_TYPE_UNRECOGNISED;
}

static gboolean
read_param (SoupServerMessage *msg,
            guint              param,
            const char        *value,
            gpointer           user_data)
{
  PlanQuery *query = user_data;
  guint64 number;

  switch ((PlanParam) param)
    {
    case PARAM_STATUS:
      if (g_str_equal (value, "active"))
        query->search.ended = 0;
      else if (g_str_equal (value, "inactive") || g_str_equal (value, "ended"))
        query->search.ended = 1;
      else
        {
          cpis_hub_respond_invalid_search (msg, "status takes active or inactive.");
          return FALSE;
        }
      break;

    case PARAM_CATEGORY:
      if (!read_category (value, &query->search.plan_type))
        {
          cpis_hub_respond_invalid_search (msg,
                                           "category takes the SNOMED CT code of a plan type: "
                                           "342191000000101 (CPP), 764841000000100 (LAC) or "
                                           "818901000000100 (UCPP).");
          return FALSE;
        }
      break;

    case PARAM_COUNT:
      if (!_cpis_hub_read_whole_number (value, PLAN_MAX_COUNT, &number))
        {
          cpis_hub_respond_invalid_search (msg,
                                           "_count takes a whole number (at most 500 are answered).");
          return FALSE;
        }
      query->search.count = (guint) number;
      break;

    case PARAM_OFFSET:
      if (!_cpis_hub_read_whole_number (value, G_MAXINT32, &number))
        {
          cpis_hub_respond_invalid_search (msg, "_offset takes a whole number.");
          return FALSE;
        }
      query->search.offset = (guint) number;
      break;

    case N_PARAMS:
    default:
      g_assert_not_reached ();
    }

  return TRUE;
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
encode_page (GPtrArray  *records,
             guint       total,
             const char *today,
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

  if (records->len > 0)
    {
      json_builder_set_member_name (builder, "entry");
      json_builder_begin_array (builder);
    }
  for (guint i = 0; i < records->len; i++)
    {
      const CpisHubPlan *record = g_ptr_array_index (records, i);
      g_autoptr(CpisPlan) plan = plan_from_record (record);
      gboolean ended = record->end_date != NULL && strcmp (record->end_date, today) <= 0;

      _cpis_fhir_begin_entry (builder, base_url, "CareTeam", record->id);
      _cpis_fhir_add_string_member (builder, "status", ended ? "inactive" : "active");
      _cpis_fhir_add_care_team (builder, plan);
      _cpis_fhir_end_entry (builder, "match");
    }
  if (records->len > 0)
    json_builder_end_array (builder);

  json_builder_end_object (builder);
  return _cpis_fhir_builder_to_string (builder);
}

/* TRUE if the query names a patient: the national search's, not this one */
static gboolean
names_patient (SoupServerMessage *msg)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_auto(GStrv) parts = g_strsplit (query != NULL ? query : "", "&", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *name = g_uri_unescape_string (parts[i], NULL);

      if (name != NULL && g_str_has_prefix (name, "patient"))
        return TRUE;
    }

  return FALSE;
}

gboolean
_cpis_hub_fhir_la_plan_search (CpisHubServer     *self,
                               SoupServerMessage *msg)
{
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *self_url = NULL;
  g_autofree char *next_url = NULL;
  g_autofree char *previous_url = NULL;
  g_autofree char *today_text = NULL;
  PlanQuery query = { { 0 } };
  GDate today;
  guint total = 0;

  if (names_patient (msg))
    return FALSE;

  user = _cpis_hub_server_authenticate (self, msg);
  if (user == NULL)
    return TRUE;
  /* a clinician: the national search, which asks for the NHS number */
  if (user->role == CPIS_ROLE_CLINICIAN)
    return FALSE;
  if (user->role != CPIS_ROLE_SOCIAL_WORKER || user->organisation == NULL ||
      user->organisation->ods_code == NULL)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", CPIS_HUB_ACCESS_DENIED,
                              "Only social workers may list their authority's plans.");
      return TRUE;
    }

  _cpis_hub_server_today (self, &today);
  today_text = cpis_date_to_string (&today);
  query.search.la_ods_code = user->organisation->ods_code;
  query.search.ended = -1;
  query.search.today = today_text;
  query.search.plan_type = CPIS_PLAN_TYPE_UNRECOGNISED;
  query.search.count = PLAN_DEFAULT_COUNT;
  if (!_cpis_hub_read_search_query (msg, params, N_PARAMS, read_param, &query))
    return TRUE;

  plans = cpis_hub_store_search_la_plans (_cpis_hub_server_get_store (self), &query.search,
                                          &total, &error);
  if (plans == NULL)
    {
      g_warning ("Could not list an authority's plans: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not read the plans.");
      return TRUE;
    }

  base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_BASE_PATH);
  self_url = g_uri_to_string (soup_server_message_get_uri (msg));
  if (query.search.count > 0)
    {
      guint offset = query.search.offset;
      guint count = query.search.count;

      if ((guint64) offset + count < total)
        next_url = _cpis_hub_page_url (msg, base_url, "CareTeam", offset + count);
      if (offset > 0)
        previous_url = _cpis_hub_page_url (msg, base_url, "CareTeam",
                                           offset > count ? offset - count : 0);
    }

  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         encode_page (plans, total, today_text, base_url, self_url, next_url,
                                      previous_url));
  return TRUE;
}

GPtrArray *
_cpis_hub_fhir_la_plan_search_params (const char *resource_type)
{
  GPtrArray *specs = _cpis_hub_fhir_search_params (resource_type);

  for (guint i = 0; i < N_PARAMS; i++)
    g_ptr_array_add (specs, (gpointer) &params[i]);

  return specs;
}
