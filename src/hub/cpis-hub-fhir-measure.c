/* cpis-hub-fhir-measure.c: an area's figures for its safeguarding
 * partnership, as FHIR Measure and MeasureReport (docs/api.md, "Area
 * figures")
 *
 *   GET [base]/Measure                     the one Measure, in a searchset
 *   GET [base]/Measure/area-figures        the Measure: what each group counts
 *   GET [base]/Measure/area-figures/$evaluate-measure?periodStart=&periodEnd=[&la=]
 *                                          the officer's area's MeasureReport
 *
 * Partnership officers only: counts of their own area, small ones
 * suppressed (cpis-hub-area-figures.c), never a child's NHS number, name or
 * date of birth. Order of checks: path and method (404, 405); the token
 * (401); the role (403); the query (400); the LA asked for is the area's
 * (403). Never recorded as an access.
 */
#include <string.h>

#include "cpis-date.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-hub-area-figures.h"
#include "cpis-hub-capability.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server-private.h"
#include "cpis-hub-store-figures.h"
#include "cpis-hub-task-json.h"
#include "cpis-period.h"
#include "cpis-uuid.h"

#define MEASURE_ID "area-figures"
#define FIGURE_SYSTEM "https://fhir.cpis.example/CodeSystem/area-figure"
#define STRATIFIER_SYSTEM "https://fhir.cpis.example/CodeSystem/area-stratifier"
#define POPULATION_SYSTEM "http://terminology.hl7.org/CodeSystem/measure-population"
#define SUPPRESSED_EXTENSION_URL "https://fhir.cpis.example/StructureDefinition/count-suppressed"
#define SETTING_KIND_EXTENSION_URL "https://fhir.cpis.example/StructureDefinition/setting-kind"
#define LAST_CHECK_EXTENSION_URL "https://fhir.cpis.example/StructureDefinition/last-check"

/* What each group counts, in the report's order, for the Measure and docs/api.md */
static const struct
{
  const char *code;
  const char *description;
} measure_groups[] = {
  { "las-live", "Local authorities of the area holding a plan current at the period's end, of all in the area." },
  { "plans-uploaded", "Plans uploaded (stored) in the period by the area's local authorities, by LA." },
  { "uploads-refused", "Upload records the hub refused in the period (upload exceptions), by LA." },
  { "plans-now", "Plans current at the period's end, by plan type and by LA." },
  { "plans-at-start", "Plans current on the period's first day, by plan type." },
  { "settings-live", "Unscheduled care settings of the area that made a CP-IS check in the period, of all in the area; by kind." },
  { "settings-known", "The area's unscheduled care settings, by kind." },
  { "settings", "Checks made at each of the area's settings in the period, with its kind and last check." },
  { "attendances", "Unscheduled attendances (recorded checks) at the area's settings, by week (Monday to Sunday, UK time) and by kind of setting." },
  { "out-of-area-visiting", "Other areas' children seen at the area's settings (checks)." },
  { "out-of-area-away", "The area's children seen at settings outside the area (checks), by LA." },
  { "repeat-attendance", "The area's children with 3 or more attendances within 30 days, the third in the period, of those who attended in the period." },
  { "follow-up", "Notifications raised to the area's local authorities in the period, by the time to the LA's first action." },
  { "follow-up-median", "The median time from a notification to its LA's first action, whole minutes (measureScore)." },
  { "follow-up-p90", "The 90th percentile of the same, whole minutes (measureScore)." },
  { "open-after-2-working-days", "Notifications not acted on within 2 working days of being raised (England's bank holidays counted), of those whose 2 working days have passed or that were acted on in time; by LA." },
};

typedef enum
{
  PARAM_PERIOD_START,
  PARAM_PERIOD_END,
  PARAM_LA,
  PARAM_REPORT_TYPE,
  N_PARAMS,
} EvaluateParam;

static const CpisHubSearchParam params[] = {
  [PARAM_PERIOD_START] = { "periodStart", NULL, "date", NULL, "the period's first day (UK), YYYY-MM-DD" },
  [PARAM_PERIOD_END] = { "periodEnd", NULL, "date", NULL,
                         "the period's last day (UK), YYYY-MM-DD; not after today, at most 731 days" },
  [PARAM_LA] = { "la", NULL, "token", NULL, "the ODS code of one LA of the area: its LA-based figures only" },
  [PARAM_REPORT_TYPE] = { "reportType", NULL, "code", NULL, "summary (the only kind an officer may have)" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (params) == N_PARAMS);

typedef struct
{
  GDate  first;
  GDate  last;
  char  *la;
} EvaluateQuery;

static CpisHubUser *
authenticate_officer (CpisHubServer     *self,
                      SoupServerMessage *msg)
{
  g_autoptr(CpisHubUser) user = _cpis_hub_server_authenticate (self, msg);

  if (user == NULL)
    return NULL;

  if (user->role != CPIS_ROLE_PARTNERSHIP_OFFICER || user->organisation == NULL)
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", CPIS_HUB_ACCESS_DENIED,
                              "Only safeguarding partnership officers may read an area's figures.");
      return NULL;
    }
  if (user->organisation->area == NULL || *user->organisation->area == '\0')
    {
      cpis_hub_respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", CPIS_HUB_ACCESS_DENIED,
                              "Your organisation belongs to no safeguarding partnership area.");
      return NULL;
    }
  return g_steal_pointer (&user);
}

/* ------------------------------------------------------------------------ */
/* The Measure */

static void
add_measure (JsonBuilder *builder,
             const char  *url)
{
  _cpis_fhir_add_string_member (builder, "resourceType", "Measure");
  _cpis_fhir_add_string_member (builder, "id", MEASURE_ID);
  _cpis_fhir_add_string_member (builder, "url", url);
  _cpis_fhir_add_string_member (builder, "name", "AreaFigures");
  _cpis_fhir_add_string_member (builder, "title", "CP-IS figures of a safeguarding partnership area");
  _cpis_fhir_add_string_member (builder, "status", "active");
  _cpis_fhir_add_string_member (builder, "description",
                                "How CP-IS is used across an area: rollout, plans, unscheduled "
                                "attendances, out-of-area attendances, repeat attendance and the "
                                "local authorities' follow-up. Counts only; any count from 1 to 4 is "
                                "suppressed, with another where a total would give it away.");
  _cpis_fhir_add_codeable_concept (builder, "scoring", "http://terminology.hl7.org/CodeSystem/measure-scoring",
                                   "cohort", "Cohort");
  json_builder_set_member_name (builder, "group");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (measure_groups); i++)
    {
      json_builder_begin_object (builder);
      _cpis_fhir_add_codeable_concept (builder, "code", FIGURE_SYSTEM, measure_groups[i].code, NULL);
      _cpis_fhir_add_string_member (builder, "description", measure_groups[i].description);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
measure_url (SoupServerMessage *msg)
{
  g_autofree char *base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_BASE_PATH);

  return g_strconcat (base_url, "/Measure/" MEASURE_ID, NULL);
}

void
_cpis_hub_fhir_measure_search (CpisHubServer     *self,
                               SoupServerMessage *msg)
{
  g_autoptr(CpisHubUser) user = authenticate_officer (self, msg);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  g_autofree char *self_url = NULL;

  if (user == NULL)
    return;
  if (!_cpis_hub_read_search_query (msg, NULL, 0, NULL, NULL))
    return;

  base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_BASE_PATH);
  url = measure_url (msg);
  id = cpis_uuid_new ();
  self_url = g_uri_to_string (soup_server_message_get_uri (msg));

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "Bundle");
  _cpis_fhir_add_string_member (builder, "id", id);
  _cpis_fhir_add_string_member (builder, "type", "searchset");
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "link");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "relation", "self");
  _cpis_fhir_add_string_member (builder, "url", self_url);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "entry");
  json_builder_begin_array (builder);
  _cpis_fhir_begin_entry (builder, base_url, "Measure", MEASURE_ID);
  add_measure (builder, url);
  _cpis_fhir_end_entry (builder, "match");
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE, _cpis_fhir_builder_to_string (builder));
}

static void
respond_measure (SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *url = measure_url (msg);

  json_builder_begin_object (builder);
  add_measure (builder, url);
  json_builder_end_object (builder);
  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE, _cpis_fhir_builder_to_string (builder));
}

/* ------------------------------------------------------------------------ */
/* The MeasureReport */

/* Withheld: "fewer than 5", or (@hidden) "hidden": withheld with a count
 * fewer than 5, which it could give away, and itself perhaps 5 or more */
static void
add_suppressed_extension (JsonBuilder *builder,
                          gboolean     hidden)
{
  json_builder_set_member_name (builder, "extension");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "url", SUPPRESSED_EXTENSION_URL);
  _cpis_fhir_add_string_member (builder, "valueString", hidden ? "hidden" : "fewer than 5");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

static void
add_population (JsonBuilder *builder,
                const char  *kind,
                gint64       count)
{
  json_builder_begin_object (builder);
  if (count == CPIS_HUB_FIGURE_SUPPRESSED || count == CPIS_HUB_FIGURE_HIDDEN)
    add_suppressed_extension (builder, count == CPIS_HUB_FIGURE_HIDDEN);
  _cpis_fhir_add_codeable_concept (builder, "code", POPULATION_SYSTEM, kind, NULL);
  if (count >= 0)
    {
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, count);
    }
  json_builder_end_object (builder);
}

static void
add_stratum (JsonBuilder                *builder,
             const CpisHubFigureStratum *stratum)
{
  json_builder_begin_object (builder);
  if (stratum->kind != NULL)
    {
      g_autofree char *last_check = stratum->last_check_usec > 0
                                    ? cpis_hub_task_format_instant (stratum->last_check_usec)
                                    : NULL;

      json_builder_set_member_name (builder, "extension");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "url", SETTING_KIND_EXTENSION_URL);
      _cpis_fhir_add_string_member (builder, "valueCode", stratum->kind);
      json_builder_end_object (builder);
      if (last_check != NULL)
        {
          json_builder_begin_object (builder);
          _cpis_fhir_add_string_member (builder, "url", LAST_CHECK_EXTENSION_URL);
          _cpis_fhir_add_string_member (builder, "valueDateTime", last_check);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "value");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  _cpis_fhir_add_coding (builder, NULL, stratum->value, NULL);
  json_builder_end_array (builder);
  _cpis_fhir_add_string_member (builder, "text", stratum->text);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "population");
  json_builder_begin_array (builder);
  add_population (builder, "initial-population", stratum->count);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_group (JsonBuilder              *builder,
           const CpisHubFigureGroup *group)
{
  gboolean ratio = group->denominator != CPIS_HUB_FIGURE_NONE;

  json_builder_begin_object (builder);
  if (group->score == CPIS_HUB_FIGURE_SUPPRESSED)
    add_suppressed_extension (builder, FALSE);
  _cpis_fhir_add_codeable_concept (builder, "code", FIGURE_SYSTEM, group->code, group->display);

  if (group->count != CPIS_HUB_FIGURE_NONE)
    {
      json_builder_set_member_name (builder, "population");
      json_builder_begin_array (builder);
      add_population (builder, ratio ? "numerator" : "initial-population", group->count);
      if (ratio)
        add_population (builder, "denominator", group->denominator);
      json_builder_end_array (builder);
    }

  if (group->score >= 0)
    {
      json_builder_set_member_name (builder, "measureScore");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "value");
      json_builder_add_int_value (builder, group->score);
      _cpis_fhir_add_string_member (builder, "unit", "min");
      _cpis_fhir_add_string_member (builder, "system", "http://unitsofmeasure.org");
      _cpis_fhir_add_string_member (builder, "code", "min");
      json_builder_end_object (builder);
    }

  if (group->stratifiers->len > 0)
    {
      json_builder_set_member_name (builder, "stratifier");
      json_builder_begin_array (builder);
      for (guint i = 0; i < group->stratifiers->len; i++)
        {
          const CpisHubFigureStratifier *stratifier = g_ptr_array_index (group->stratifiers, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "code");
          json_builder_begin_array (builder);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "coding");
          json_builder_begin_array (builder);
          _cpis_fhir_add_coding (builder, STRATIFIER_SYSTEM, stratifier->code, stratifier->display);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "stratum");
          json_builder_begin_array (builder);
          for (guint j = 0; j < stratifier->strata->len; j++)
            add_stratum (builder, g_ptr_array_index (stratifier->strata, j));
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

static char *
encode_report (SoupServerMessage        *msg,
               const CpisHubAreaFigures *figures,
               gint64                    now_usec)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = cpis_uuid_new ();
  g_autofree char *url = measure_url (msg);
  g_autofree char *date = cpis_hub_task_format_instant (now_usec);
  g_autofree char *start = cpis_date_to_string (&figures->first);
  g_autofree char *end = cpis_date_to_string (&figures->last);

  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "MeasureReport");
  _cpis_fhir_add_string_member (builder, "id", id);
  _cpis_fhir_add_string_member (builder, "status", "complete");
  _cpis_fhir_add_string_member (builder, "type", "summary");
  _cpis_fhir_add_string_member (builder, "measure", url);
  _cpis_fhir_add_string_member (builder, "date", date);
  json_builder_set_member_name (builder, "reporter");
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "display", figures->area);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "period");
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "start", start);
  _cpis_fhir_add_string_member (builder, "end", end);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "group");
  json_builder_begin_array (builder);
  for (guint i = 0; i < figures->groups->len; i++)
    add_group (builder, g_ptr_array_index (figures->groups, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return _cpis_fhir_builder_to_string (builder);
}

static gboolean
read_param (SoupServerMessage *msg,
            guint              param,
            const char        *value,
            gpointer           user_data)
{
  EvaluateQuery *query = user_data;

  switch ((EvaluateParam) param)
    {
    case PARAM_PERIOD_START:
    case PARAM_PERIOD_END:
      if (!cpis_date_is_valid (value) ||
          !cpis_date_parse (value, param == PARAM_PERIOD_START ? &query->first : &query->last))
        {
          cpis_hub_respond_invalid_search (msg, param == PARAM_PERIOD_START
                                                  ? "periodStart takes a date, YYYY-MM-DD."
                                                  : "periodEnd takes a date, YYYY-MM-DD.");
          return FALSE;
        }
      return TRUE;
    case PARAM_LA:
      g_free (query->la);
      query->la = g_strdup (value);
      return TRUE;
    case PARAM_REPORT_TYPE:
      if (!g_str_equal (value, "summary"))
        {
          cpis_hub_respond_invalid_search (msg, "An area's figures are a summary: reportType "
                                                "is summary, never a list of children.");
          return FALSE;
        }
      return TRUE;
    case N_PARAMS:
    default:
      g_assert_not_reached ();
    }
}

static void
evaluate (CpisHubServer     *self,
          SoupServerMessage *msg)
{
  g_autoptr(CpisHubUser) user = authenticate_officer (self, msg);
  g_autoptr(CpisHubAreaFigures) figures = NULL;
  g_autoptr(GError) error = NULL;
  EvaluateQuery query = { 0 };
  g_autofree char *la = NULL;
  gint64 la_id = 0;
  GDate today;

  if (user == NULL)
    return;

  g_date_clear (&query.first, 1);
  g_date_clear (&query.last, 1);
  if (!_cpis_hub_read_search_query (msg, params, N_PARAMS, read_param, &query))
    {
      g_free (query.la);
      return;
    }
  la = query.la;

  if (!g_date_valid (&query.first) || !g_date_valid (&query.last))
    {
      cpis_hub_respond_invalid_search (msg, "Give the period: periodStart and periodEnd, YYYY-MM-DD.");
      return;
    }
  _cpis_hub_server_today (self, &today);
  if (!cpis_period_check (&query.first, &query.last, &today, &error))
    {
      cpis_hub_respond_invalid_search (msg, error->message);
      return;
    }

  if (la != NULL)
    {
      g_autoptr(CpisHubOrganisation) org =
        cpis_hub_store_find_organisation (_cpis_hub_server_get_store (self), la, &error);

      if (error != NULL)
        {
          g_warning ("Could not read an organisation: %s", error->message);
          cpis_hub_respond_server_error (msg, "The hub could not read the area's figures.");
          return;
        }
      /* the same answer for another area's LA and for none: nothing of another area */
      if (org == NULL || org->kind != CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY ||
          g_strcmp0 (org->area, user->organisation->area) != 0)
        {
          cpis_hub_respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", CPIS_HUB_ACCESS_DENIED,
                                  "That is not a local authority of your area.");
          return;
        }
      la_id = org->id;
    }

  figures = cpis_hub_area_figures_compute (_cpis_hub_server_get_store (self), user->organisation->area,
                                           la_id, &query.first, &query.last,
                                           _cpis_hub_server_now_usec (self), &error);
  if (figures == NULL)
    {
      g_warning ("Could not count the area's figures: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not read the area's figures.");
      return;
    }
  cpis_hub_area_figures_suppress (figures);

  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         encode_report (msg, figures, _cpis_hub_server_now_usec (self)));
}

void
_cpis_hub_fhir_measure_subpath (CpisHubServer     *self,
                                SoupServerMessage *msg,
                                const char        *subpath)
{
  g_autofree char *trimmed = g_strdup (subpath);
  gsize length = strlen (trimmed);
  g_autoptr(CpisHubUser) user = NULL;
  gboolean operation;

  if (length > 0 && trimmed[length - 1] == '/')
    trimmed[length - 1] = '\0';

  if (g_str_equal (trimmed, MEASURE_ID))
    operation = FALSE;
  else if (g_str_equal (trimmed, MEASURE_ID "/$evaluate-measure"))
    operation = TRUE;
  else
    {
      cpis_hub_respond_no_such_endpoint (msg);
      return;
    }

  if (!g_str_equal (soup_server_message_get_method (msg), "GET"))
    {
      cpis_hub_respond_method_not_allowed (msg, "GET");
      return;
    }

  if (operation)
    {
      evaluate (self, msg);
      return;
    }

  user = authenticate_officer (self, msg);
  if (user == NULL)
    return;
  if (!_cpis_hub_read_search_query (msg, NULL, 0, NULL, NULL))
    return;
  respond_measure (msg);
}
