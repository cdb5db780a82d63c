/* test-hub-api.c: the hub's HTTP API over real loopback HTTP
 *
 * Every endpoint and every error, the role matrix, the date rules at their
 * boundaries, the access history limit and order, the silent read, and
 * concurrent lookups recording exactly one access and one notification each.
 */
#include <string.h>

#include "cpis-date.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server.h"
#include "cpis-hub-store-private.h"
#include "cpis-test-hub.h"

/* Synthetic NHS numbers (999 range, valid check digits) */
#define CHILD_CPP     "9997654323"
#define CHILD_NONE    "9998887771"
#define CHILD_OTHER   "9999999999"
#define CHILD_UCPP    "9990000050"

#define PASSWORD "correct horse battery"

typedef struct
{
  CpisTestHub *hub;
  char        *nurse;  /* tokens */
  char        *gp;
  char        *social_worker;
  char        *partnership;
  char        *admin;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->hub = cpis_test_hub_new ();

  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "LA2", "Southmoor Council", "local-authority", "South");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_org (fixture->hub, "GP1", "Riverside Surgery", "scheduled-care", "North");

  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_user (fixture->hub, "gp", PASSWORD, "clinician", "GP1");
  cpis_test_hub_add_user (fixture->hub, "sw", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "officer", PASSWORD, "partnership-officer", "LA1");
  cpis_test_hub_add_user (fixture->hub, "admin", PASSWORD, "administrator", "LA1");

  cpis_test_hub_set_today (fixture->hub, "2025-06-15");

  fixture->nurse = cpis_test_hub_sign_in (fixture->hub, "nurse", PASSWORD);
  fixture->gp = cpis_test_hub_sign_in (fixture->hub, "gp", PASSWORD);
  fixture->social_worker = cpis_test_hub_sign_in (fixture->hub, "sw", PASSWORD);
  fixture->partnership = cpis_test_hub_sign_in (fixture->hub, "officer", PASSWORD);
  fixture->admin = cpis_test_hub_sign_in (fixture->hub, "admin", PASSWORD);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->nurse);
  g_free (fixture->gp);
  g_free (fixture->social_worker);
  g_free (fixture->partnership);
  g_free (fixture->admin);
  cpis_test_hub_free (fixture->hub);
}

/* The date @days after @date, as "YYYY-MM-DD" */
static char *
date_plus (const char *date,
           int         days)
{
  GDate d;

  g_assert_true (cpis_date_parse (date, &d));
  if (days >= 0)
    g_date_add_days (&d, days);
  else
    g_date_subtract_days (&d, -days);
  return cpis_date_to_string (&d);
}

static JsonObject *
entry_resource (JsonObject *bundle,
                guint       index)
{
  JsonArray *entries = json_object_get_array_member (bundle, "entry");
  JsonObject *entry = json_array_get_object_element (entries, index);

  return json_object_get_object_member (entry, "resource");
}

static gint64
bundle_total (CpisTestResponse *response)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *bundle;

  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);
  bundle = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (bundle, "resourceType"), ==, "Bundle");
  g_assert_cmpstr (json_object_get_string_member (bundle, "type"), ==, "searchset");
  return json_object_get_int_member (bundle, "total");
}

/* Care teams */

static void
test_care_team_found (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *bundle, *care_team, *subject, *coding, *period, *entry;
  JsonArray *telecom;
  g_autofree char *expected_full_url = NULL;

  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "CPP", "2025-01-02", NULL, NULL, "LA1");

  response = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD_CPP, "true");
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/fhir+json");
  g_assert_nonnull (soup_message_headers_get_one (response->headers, "Date"));

  root = cpis_test_response_json (response);
  bundle = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (bundle, "type"), ==, "searchset");
  g_assert_cmpint (json_object_get_int_member (bundle, "total"), ==, 1);
  g_assert_true (json_object_has_member (bundle, "link"));

  entry = json_array_get_object_element (json_object_get_array_member (bundle, "entry"), 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "search"),
                                                  "mode"), ==, "match");
  care_team = json_object_get_object_member (entry, "resource");
  expected_full_url = g_strdup_printf ("%s/CareTeam/%s", cpis_test_hub_get_base_url (fixture->hub),
                                       json_object_get_string_member (care_team, "id"));
  g_assert_cmpstr (json_object_get_string_member (entry, "fullUrl"), ==, expected_full_url);

  g_assert_cmpstr (json_object_get_string_member (care_team, "resourceType"), ==, "CareTeam");
  g_assert_cmpstr (json_object_get_string_member (care_team, "name"), ==, "Northgate Council");
  coding = json_array_get_object_element (
    json_object_get_array_member (
      json_array_get_object_element (json_object_get_array_member (care_team, "category"), 0),
      "coding"),
    0);
  g_assert_cmpstr (json_object_get_string_member (coding, "system"), ==, "http://snomed.info/sct");
  g_assert_cmpstr (json_object_get_string_member (coding, "code"), ==, "342191000000101");
  g_assert_cmpstr (json_object_get_string_member (coding, "display"), ==,
                   "Subject to child protection plan");

  subject = json_object_get_object_member (care_team, "subject");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (subject, "identifier"),
                                                  "system"), ==, "https://fhir.nhs.uk/Id/nhs-number");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (subject, "identifier"),
                                                  "value"), ==, CHILD_CPP);
  g_assert_cmpstr (json_object_get_string_member (subject, "display"), ==, "Alex TESTER");

  telecom = json_object_get_array_member (care_team, "telecom");
  g_assert_cmpuint (json_array_get_length (telecom), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (telecom, 0), "use"),
                   ==, "work");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (telecom, 1), "use"),
                   ==, "mobile");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (telecom, 1), "system"),
                   ==, "phone");

  period = json_object_get_object_member (care_team, "period");
  g_assert_cmpstr (json_object_get_string_member (period, "start"), ==, "2025-01-02");
  g_assert_false (json_object_has_member (period, "end"));

  /* recorded and notified, once */
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_CPP), ==, 1);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA1"), ==, 1);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA2"), ==, 0);
}

static void
test_care_team_not_found (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;

  response = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD_NONE, "true");
  g_assert_cmpint (bundle_total (response), ==, 0);
  root = cpis_test_response_json (response);
  g_assert_false (json_object_has_member (json_node_get_object (root), "entry"));
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_NONE), ==, 0);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, NULL), ==, 0);
}

static void
test_care_team_header_absent_is_unscheduled (Fixture       *fixture,
                                             gconstpointer  data)
{
  g_autoptr(CpisTestResponse) response = NULL;

  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "LAC", "2024-01-02", NULL, NULL, "LA1");
  response = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD_CPP, NULL);
  g_assert_cmpint (bundle_total (response), ==, 1);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_CPP), ==, 1);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA1"), ==, 1);
}

static void
test_care_team_scheduled_is_silent (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(CpisTestResponse) upper = NULL;

  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "CPP", "2025-01-02", NULL, NULL, "LA1");
  response = cpis_test_hub_search (fixture->hub, fixture->gp, "CareTeam", CHILD_CPP, "false");
  g_assert_cmpint (bundle_total (response), ==, 1);
  upper = cpis_test_hub_search (fixture->hub, fixture->gp, "CareTeam", CHILD_CPP, " FALSE ");
  g_assert_cmpint (bundle_total (upper), ==, 1);

  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_CPP), ==, 0);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, NULL), ==, 0);
}

static void
test_care_team_two_authorities (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(CpisTestResponse) response = NULL;

  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "CPP", "2025-01-02", NULL, NULL, "LA1");
  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "LAC", "2024-05-02", NULL, NULL, "LA2");
  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "LAC", "2022-05-02", "2023-01-01", NULL, "LA2");

  response = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD_CPP, "true");
  g_assert_cmpint (bundle_total (response), ==, 2);
  /* one access; one notification for each responsible LA */
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_CPP), ==, 1);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA1"), ==, 1);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA2"), ==, 1);
}

static void
test_unborn_plan_carries_due_date (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *care_team, *coding;
  g_autofree char *json = NULL;

  cpis_test_hub_add_plan (fixture->hub, CHILD_UCPP, "UCPP", "2025-03-01", NULL, "2025-08-20", "LA1");
  response = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD_UCPP, "true");
  g_assert_cmpint (bundle_total (response), ==, 1);
  root = cpis_test_response_json (response);
  care_team = entry_resource (json_node_get_object (root), 0);
  coding = json_array_get_object_element (
    json_object_get_array_member (
      json_array_get_object_element (json_object_get_array_member (care_team, "category"), 0),
      "coding"),
    0);
  g_assert_cmpstr (json_object_get_string_member (coding, "code"), ==, "818901000000100");
  json = cpis_test_response_text (response);
  g_assert_nonnull (strstr (json, "2025-08-20"));
}

/* The date rules at their boundaries */

static gint64
total_on (Fixture    *fixture,
          const char *date,
          const char *nhs_number)
{
  g_autoptr(CpisTestResponse) response = NULL;

  cpis_test_hub_set_today (fixture->hub, date);
  response = cpis_test_hub_search (fixture->hub, fixture->gp, "CareTeam", nhs_number, "false");
  return bundle_total (response);
}

static void
test_rule_365_days_after_end (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *end = "2024-02-20"; /* across 29 February */
  g_autofree char *last_shown = date_plus (end, 365);
  g_autofree char *first_hidden = date_plus (end, 366);
  g_autofree char *day_before_end = date_plus (end, -1);

  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "CPP", "2023-01-01", end, NULL, "LA1");

  g_assert_cmpint (total_on (fixture, day_before_end, CHILD_CPP), ==, 1);
  g_assert_cmpint (total_on (fixture, end, CHILD_CPP), ==, 1);
  g_assert_cmpint (total_on (fixture, last_shown, CHILD_CPP), ==, 1);
  g_assert_cmpint (total_on (fixture, first_hidden, CHILD_CPP), ==, 0);
}

static void
test_rule_28_days_after_due_date (Fixture       *fixture,
                                  gconstpointer  data)
{
  const char *due = "2025-03-10";
  g_autofree char *last_shown = date_plus (due, 28);
  g_autofree char *first_hidden = date_plus (due, 29);

  cpis_test_hub_add_plan (fixture->hub, CHILD_UCPP, "UCPP", "2024-11-01", NULL, due, "LA1");

  g_assert_cmpint (total_on (fixture, due, CHILD_UCPP), ==, 1);
  g_assert_cmpint (total_on (fixture, last_shown, CHILD_UCPP), ==, 1);
  g_assert_cmpint (total_on (fixture, first_hidden, CHILD_UCPP), ==, 0);
}

static void
test_hidden_plan_is_not_recorded (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(CpisTestResponse) care_team = NULL;
  g_autoptr(CpisTestResponse) history = NULL;

  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "CPP", "2020-01-01", "2021-01-01", NULL, "LA1");
  care_team = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD_CPP, "true");
  g_assert_cmpint (bundle_total (care_team), ==, 0);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_CPP), ==, 0);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, NULL), ==, 0);

  history = cpis_test_hub_search (fixture->hub, fixture->nurse, "AuditEvent", CHILD_CPP, "true");
  g_assert_cmpint (bundle_total (history), ==, 0);
}

/* Access history */

static void
test_audit_event_limit_and_order (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *nurse2 = NULL;
  JsonObject *bundle;
  JsonArray *entries;
  guint n_matches = 0, n_includes = 0;

  cpis_test_hub_add_org (fixture->hub, "UTC1", "Eastfield Urgent Treatment Centre",
                         "unscheduled-care", "North");
  cpis_test_hub_add_user (fixture->hub, "nurse2", PASSWORD, "clinician", "UTC1");
  nurse2 = cpis_test_hub_sign_in (fixture->hub, "nurse2", PASSWORD);
  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "CPP", "2025-01-02", NULL, NULL, "LA1");

  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(CpisTestResponse) check = NULL;

      cpis_test_hub_advance (fixture->hub, 60);
      check = cpis_test_hub_search (fixture->hub, i % 2 ? nurse2 : fixture->nurse, "CareTeam",
                                    CHILD_CPP, "true");
      g_assert_cmpuint (check->status, ==, 200);
    }
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_CPP), ==, 30);

  response = cpis_test_hub_search (fixture->hub, fixture->nurse, "AuditEvent", CHILD_CPP, "true");
  g_assert_cmpint (bundle_total (response), ==, 25);
  /* reading the history records nothing */
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_CPP), ==, 30);

  root = cpis_test_response_json (response);
  bundle = json_node_get_object (root);
  entries = json_object_get_array_member (bundle, "entry");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      JsonObject *resource = json_object_get_object_member (entry, "resource");
      const char *mode = json_object_get_string_member (json_object_get_object_member (entry, "search"),
                                                        "mode");
      const char *type = json_object_get_string_member (resource, "resourceType");

      if (g_str_equal (type, "AuditEvent"))
        {
          const char *recorded = json_object_get_string_member (resource, "recorded");
          g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (recorded, NULL);

          g_assert_nonnull (when);
          g_assert_cmpstr (mode, ==, "match");
          g_assert_cmpuint (n_includes, ==, 0); /* matches come first */
          if (previous != NULL)
            {
              g_autoptr(GDateTime) before = g_date_time_new_from_iso8601 (previous, NULL);

              /* newest first, one minute apart */
              g_assert_cmpint (g_date_time_difference (before, when), ==, 60 * G_USEC_PER_SEC);
            }
          g_free (previous);
          previous = g_strdup (recorded);
          n_matches++;
        }
      else
        {
          g_assert_cmpstr (type, ==, "PractitionerRole");
          g_assert_cmpstr (mode, ==, "include");
          n_includes++;
        }
    }

  g_assert_cmpuint (n_matches, ==, 25);
  g_assert_cmpuint (n_includes, ==, 2); /* each viewer once */
}

static void
test_audit_event_viewer (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CpisTestResponse) check = NULL;
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "CPP", "2025-01-02", NULL, NULL, "LA1");
  check = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD_CPP, "true");
  g_assert_cmpuint (check->status, ==, 200);

  response = cpis_test_hub_search (fixture->hub, fixture->nurse, "AuditEvent", CHILD_CPP, NULL);
  g_assert_cmpint (bundle_total (response), ==, 1);
  text = cpis_test_response_text (response);
  g_assert_nonnull (strstr (text, "Test nurse"));
  g_assert_nonnull (strstr (text, "Northgate General ED"));
  g_assert_nonnull (strstr (text, "\"ED1\""));
  g_assert_nonnull (strstr (text, "158992006"));
  g_assert_nonnull (strstr (text, "\"PAT\""));
  g_assert_nonnull (strstr (text, "\"ASSIGNED\""));
  g_assert_nonnull (strstr (text, CHILD_CPP));
}

/* Roles */

static void
test_role_social_worker (Fixture       *fixture,
                         gconstpointer  data)
{
  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "CPP", "2025-01-02", NULL, NULL, "LA1");
  cpis_test_hub_add_plan (fixture->hub, CHILD_OTHER, "CPP", "2025-01-02", NULL, NULL, "LA2");

  for (guint i = 0; i < 2; i++)
    {
      const char *resource = i == 0 ? "CareTeam" : "AuditEvent";
      g_autoptr(CpisTestResponse) own = NULL;
      g_autoptr(CpisTestResponse) other = NULL;
      g_autoptr(CpisTestResponse) unknown = NULL;

      own = cpis_test_hub_search (fixture->hub, fixture->social_worker, resource, CHILD_CPP, "true");
      g_assert_cmpuint (own->status, ==, 200);
      other = cpis_test_hub_search (fixture->hub, fixture->social_worker, resource, CHILD_OTHER, "true");
      cpis_test_assert_outcome (other, 403, "ACCESS_DENIED");
      unknown = cpis_test_hub_search (fixture->hub, fixture->social_worker, resource, CHILD_NONE, "true");
      cpis_test_assert_outcome (unknown, 403, "ACCESS_DENIED");
    }

  /* a social worker's reads are never recorded */
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_CPP), ==, 0);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, NULL), ==, 0);
}

static void
test_role_partnership_and_admin_denied (Fixture       *fixture,
                                        gconstpointer  data)
{
  const char *tokens[] = { fixture->partnership, fixture->admin };

  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "CPP", "2025-01-02", NULL, NULL, "LA1");

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(CpisTestResponse) care_team = NULL;
      g_autoptr(CpisTestResponse) history = NULL;

      care_team = cpis_test_hub_search (fixture->hub, tokens[i], "CareTeam", CHILD_CPP, "true");
      cpis_test_assert_outcome (care_team, 403, "ACCESS_DENIED");
      history = cpis_test_hub_search (fixture->hub, tokens[i], "AuditEvent", CHILD_CPP, "true");
      cpis_test_assert_outcome (history, 403, "ACCESS_DENIED");
    }

  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_CPP), ==, 0);
}

/* Search errors */

static void
test_invalid_nhs_numbers (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *bad[] = { "9997654324", "999765432", "99976543231", "99976A4323", "9991234567", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(CpisTestResponse) response = NULL;

      response = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", bad[i], "true");
      cpis_test_assert_outcome (response, 400, "INVALID_SEARCH_DATA");
    }
}

static void
test_malformed_queries (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *paths[] = {
    "/cpis/FHIR/R4/CareTeam",
    "/cpis/FHIR/R4/CareTeam?patient:identifier=%C3%28",
    "/cpis/FHIR/R4/CareTeam?patient=9997654323",
    "/cpis/FHIR/R4/CareTeam?patient:identifier=https://example.org/id%7C9997654323",
    "/cpis/FHIR/R4/CareTeam?patient:identifier=9997654323&patient:identifier=9997654323",
    "/cpis/FHIR/R4/AuditEvent?patient:identifier=%00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(CpisTestResponse) response = NULL;

      response = cpis_test_hub_request (fixture->hub, "GET", paths[i], fixture->nurse, NULL, NULL, NULL);
      cpis_test_assert_outcome (response, 400, "INVALID_SEARCH_DATA");
    }
}

static void
test_tolerated_queries (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *paths[] = {
    /* bare number, no system; http: system; the guide's invalid _include */
    "/cpis/FHIR/R4/CareTeam?patient:identifier=9997654323",
    "/cpis/FHIR/R4/CareTeam?patient:identifier=http://fhir.nhs.uk/Id/nhs-number|9997654323",
    "/cpis/FHIR/R4/AuditEvent?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C9997654323"
    "&_include=AuditEvent:entity.what:PractitionerRole",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(CpisTestResponse) response = NULL;

      response = cpis_test_hub_request (fixture->hub, "GET", paths[i], fixture->gp, NULL, NULL,
                                        "IsUnscheduledAccessEvent", "false", NULL);
      g_assert_cmpuint (response->status, ==, 200);
    }
}

static void
test_bad_headers (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *path = "/cpis/FHIR/R4/CareTeam?patient:identifier=9997654323";
  g_autoptr(CpisTestResponse) flag = NULL;
  g_autoptr(CpisTestResponse) trace = NULL;
  g_autoptr(CpisTestResponse) echoed = NULL;
  const char *trace_id = "0b9f2a5e-6f35-4bd4-8d4b-8f1e3c2a9d10";

  flag = cpis_test_hub_request (fixture->hub, "GET", path, fixture->nurse, NULL, NULL,
                                "IsUnscheduledAccessEvent", "maybe", NULL);
  cpis_test_assert_outcome (flag, 400, "PRECONDITION_FAILED");
  trace = cpis_test_hub_request (fixture->hub, "GET", path, fixture->nurse, NULL, NULL,
                                 "TraceID", "not-a-uuid", NULL);
  cpis_test_assert_outcome (trace, 400, "PRECONDITION_FAILED");

  echoed = cpis_test_hub_request (fixture->hub, "GET", path, fixture->nurse, NULL, NULL,
                                  "TraceID", trace_id, NULL);
  g_assert_cmpuint (echoed->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (echoed->headers, "TraceID"), ==, trace_id);
}

/* Sign-in */

static void
test_sign_in_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *forms[][2] = {
    { "grant_type=password&username=nurse&password=wrong", "INVALID_GRANT" },
    { "grant_type=password&username=nobody&password=" PASSWORD, "INVALID_GRANT" },
    { "grant_type=client_credentials&username=nurse&password=x", "INVALID_REQUEST" },
    { "grant_type=password&username=nurse", "INVALID_REQUEST" },
    { "", "INVALID_REQUEST" },
  };
  g_autoptr(CpisTestResponse) json_body = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(CpisTestResponse) response = NULL;

      response = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/token", NULL,
                                        "application/x-www-form-urlencoded", forms[i][0], NULL);
      cpis_test_assert_outcome (response, 400, forms[i][1]);
    }

  json_body = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/token", NULL,
                                     "application/json", "{\"username\": \"nurse\"}", NULL);
  cpis_test_assert_outcome (json_body, 415, "UNSUPPORTED_MEDIA_TYPE");
}

/* @organisation's care_settings are @first, then @second (NULL: only @first) */
static void
assert_care_settings (JsonObject *organisation,
                      const char *first,
                      const char *second)
{
  JsonArray *settings = json_object_get_array_member (organisation, "care_settings");

  g_assert_nonnull (settings);
  g_assert_cmpuint (json_array_get_length (settings), ==, second != NULL ? 2 : 1);
  g_assert_cmpstr (json_array_get_string_element (settings, 0), ==, first);
  if (second != NULL)
    g_assert_cmpstr (json_array_get_string_element (settings, 1), ==, second);
}

static void
test_userinfo (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *claims, *organisation;

  response = cpis_test_hub_request (fixture->hub, "GET", "/oauth2/userinfo", fixture->nurse,
                                    NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);
  claims = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (claims, "preferred_username"), ==, "nurse");
  g_assert_cmpstr (json_object_get_string_member (claims, "name"), ==, "Test nurse");
  g_assert_cmpstr (json_object_get_string_member (claims, "cpis_role"), ==, "clinician");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (claims, "job_role"),
                                                  "display"), ==, "Midwifery sister");
  organisation = json_object_get_object_member (claims, "organisation");
  g_assert_cmpstr (json_object_get_string_member (organisation, "ods_code"), ==, "ED1");
  g_assert_cmpstr (json_object_get_string_member (organisation, "name"), ==, "Northgate General ED");
  g_assert_cmpstr (json_object_get_string_member (organisation, "kind"), ==, "unscheduled-care");
  assert_care_settings (organisation, "unscheduled-care", NULL);
}

/* The kinds of setting a user's organisation's workstations may be: its
 * own, then the other where it has both; none for a local authority */
static void
test_userinfo_care_settings (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CpisTestResponse) gp = NULL;
  g_autoptr(CpisTestResponse) social_worker = NULL;
  g_autoptr(CpisTestResponse) both = NULL;
  g_autoptr(JsonNode) gp_root = NULL;
  g_autoptr(JsonNode) social_worker_root = NULL;
  g_autoptr(JsonNode) both_root = NULL;

  gp = cpis_test_hub_request (fixture->hub, "GET", "/oauth2/userinfo", fixture->gp, NULL, NULL, NULL);
  g_assert_cmpuint (gp->status, ==, 200);
  gp_root = cpis_test_response_json (gp);
  assert_care_settings (json_object_get_object_member (json_node_get_object (gp_root), "organisation"),
                        "scheduled-care", NULL);

  social_worker = cpis_test_hub_request (fixture->hub, "GET", "/oauth2/userinfo", fixture->social_worker,
                                         NULL, NULL, NULL);
  g_assert_cmpuint (social_worker->status, ==, 200);
  social_worker_root = cpis_test_response_json (social_worker);
  g_assert_false (json_object_has_member (json_object_get_object_member (json_node_get_object (social_worker_root),
                                                                         "organisation"),
                                          "care_settings"));

  /* the practice gets an out-of-hours service: the same token now says both */
  cpis_test_hub_give_both_care_settings (fixture->hub, "GP1");
  both = cpis_test_hub_request (fixture->hub, "GET", "/oauth2/userinfo", fixture->gp, NULL, NULL, NULL);
  g_assert_cmpuint (both->status, ==, 200);
  both_root = cpis_test_response_json (both);
  assert_care_settings (json_object_get_object_member (json_node_get_object (both_root), "organisation"),
                        "scheduled-care", "unscheduled-care");
}

static void
test_unauthenticated (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CpisTestResponse) none = NULL;
  g_autoptr(CpisTestResponse) unknown = NULL;
  g_autoptr(CpisTestResponse) basic = NULL;
  g_autoptr(CpisTestResponse) userinfo = NULL;

  none = cpis_test_hub_search (fixture->hub, NULL, "CareTeam", CHILD_CPP, "true");
  cpis_test_assert_outcome (none, 401, "UNAUTHORISED");
  g_assert_nonnull (soup_message_headers_get_one (none->headers, "WWW-Authenticate"));
  unknown = cpis_test_hub_search (fixture->hub, "made-up-token", "AuditEvent", CHILD_CPP, "true");
  cpis_test_assert_outcome (unknown, 401, "UNAUTHORISED");
  basic = cpis_test_hub_request (fixture->hub, "GET", "/oauth2/userinfo", NULL, NULL, NULL,
                                 "Authorization", "Basic bnVyc2U6eA==", NULL);
  cpis_test_assert_outcome (basic, 401, "UNAUTHORISED");
  userinfo = cpis_test_hub_request (fixture->hub, "GET", "/oauth2/userinfo", NULL, NULL, NULL, NULL);
  cpis_test_assert_outcome (userinfo, 401, "UNAUTHORISED");
}

static void
test_token_expires (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CpisTestResponse) before = NULL;
  g_autoptr(CpisTestResponse) after = NULL;

  cpis_test_hub_advance (fixture->hub, CPIS_HUB_DEFAULT_TOKEN_LIFETIME_SECONDS - 1);
  before = cpis_test_hub_request (fixture->hub, "GET", "/oauth2/userinfo", fixture->nurse,
                                  NULL, NULL, NULL);
  g_assert_cmpuint (before->status, ==, 200);

  cpis_test_hub_advance (fixture->hub, 2);
  after = cpis_test_hub_request (fixture->hub, "GET", "/oauth2/userinfo", fixture->nurse,
                                 NULL, NULL, NULL);
  cpis_test_assert_outcome (after, 401, "UNAUTHORISED");
}

static void
test_token_revoked (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *form = soup_form_encode ("token", fixture->nurse, NULL);
  g_autoptr(CpisTestResponse) revoke = NULL;
  g_autoptr(CpisTestResponse) again = NULL;
  g_autoptr(CpisTestResponse) unknown = NULL;
  g_autoptr(CpisTestResponse) after = NULL;
  g_autoptr(CpisTestResponse) other = NULL;

  revoke = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/revoke", NULL,
                                  "application/x-www-form-urlencoded", form, NULL);
  g_assert_cmpuint (revoke->status, ==, 200);
  after = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD_CPP, "true");
  cpis_test_assert_outcome (after, 401, "UNAUTHORISED");

  /* revoking twice, or a token never issued, succeeds (RFC 7009) */
  again = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/revoke", NULL,
                                 "application/x-www-form-urlencoded", form, NULL);
  g_assert_cmpuint (again->status, ==, 200);
  unknown = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/revoke", NULL,
                                   "application/x-www-form-urlencoded", "token=never-issued", NULL);
  g_assert_cmpuint (unknown->status, ==, 200);

  /* other sessions are untouched */
  other = cpis_test_hub_search (fixture->hub, fixture->gp, "CareTeam", CHILD_CPP, "false");
  g_assert_cmpuint (other->status, ==, 200);
}

/* Protocol errors */

static void
test_unknown_path (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *paths[] = { "/", "/cpis/FHIR/R4/Patient", "/cpis/FHIR/R4/CareTeamX", "/index.html",
                          "/cpis/FHIR/R4/CareTeam/extra" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(CpisTestResponse) response = NULL;

      response = cpis_test_hub_request (fixture->hub, "GET", paths[i], fixture->nurse, NULL, NULL, NULL);
      cpis_test_assert_outcome (response, 404, "NOT_FOUND");
    }
}

static void
test_wrong_method (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *requests[][2] = {
    { "POST", "/cpis/FHIR/R4/CareTeam?patient:identifier=9997654323" },
    { "DELETE", "/cpis/FHIR/R4/AuditEvent" },
    { "GET", "/oauth2/token" },
    { "PUT", "/oauth2/revoke" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(CpisTestResponse) response = NULL;

      response = cpis_test_hub_request (fixture->hub, requests[i][0], requests[i][1], fixture->nurse,
                                        NULL, NULL, NULL);
      cpis_test_assert_outcome (response, 405, "METHOD_NOT_ALLOWED");
      g_assert_nonnull (soup_message_headers_get_one (response->headers, "Allow"));
    }
}

static void
test_body_too_large (Fixture       *fixture,
                     gconstpointer  data)
{
  gsize size = CPIS_HUB_MAX_BODY_BYTES + 1;
  g_autofree char *body = g_malloc (size + 1);
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(CpisTestResponse) after = NULL;

  memset (body, 'a', size);
  body[size] = '\0';
  /* the hub answers before reading the body and closes: a client that
   * expects 100-continue hears the answer instead of a broken pipe */
  response = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/token", NULL,
                                    "application/x-www-form-urlencoded", body,
                                    "Expect", "100-continue", NULL);
  cpis_test_assert_outcome (response, 413, "PAYLOAD_TOO_LARGE");

  /* the hub still answers */
  after = cpis_test_hub_request (fixture->hub, "GET", "/oauth2/userinfo", fixture->nurse,
                                 NULL, NULL, NULL);
  g_assert_cmpuint (after->status, ==, 200);
}

static void
test_hostile_requests (Fixture       *fixture,
                       gconstpointer  data)
{
  /* Requests no HTTP library would send. libsoup itself refuses those it
   * cannot parse as HTTP (bare 400); the hub must answer or close, never
   * crash, and keep serving. */
  const char *requests[] = {
    "GET /cpis/FHIR/R4/CareTeam?patient:identifier=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "GARBAGE\r\n\r\n",
    "POST /oauth2/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    "POST /oauth2/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 99999999999\r\n\r\n",
    "GET /cpis/FHIR/R4/CareTeam?patient:identifier=9997654323 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    "Authorization: Bearer \r\n\r\n",
    "GET /oauth2/userinfo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer \xff\xfe" "abc\r\n\r\n",
  };
  g_autofree char *nines = g_strnfill (8 * 1024, '9');
  g_autofree char *huge_line = NULL;
  g_autofree char *huge_reply = NULL;
  g_autofree char *long_query = NULL;
  g_autoptr(CpisTestResponse) long_response = NULL;
  g_autoptr(CpisTestResponse) after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autofree char *reply = cpis_test_hub_raw_request (fixture->hub, requests[i],
                                                          strlen (requests[i]));

      if (i >= 2)
        {
          /* the hub's own answers: an OperationOutcome */
          g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 4"));
          g_assert_nonnull (strstr (reply, "OperationOutcome"));
        }
    }

  long_query = g_strconcat ("/cpis/FHIR/R4/CareTeam?patient:identifier=", nines, NULL);
  long_response = cpis_test_hub_request (fixture->hub, "GET", long_query, fixture->nurse,
                                         NULL, NULL, NULL);
  cpis_test_assert_outcome (long_response, 400, "INVALID_SEARCH_DATA");

  /* past the hub's header limit: 431, answered (libsoup alone would close
   * the connection without a word) */
  huge_line = g_strdup_printf ("GET /oauth2/userinfo?%s%s%s%s%s%s%s%s HTTP/1.1\r\nHost: x\r\n"
                               "Connection: close\r\n\r\n",
                               nines, nines, nines, nines, nines, nines, nines, nines);
  huge_reply = cpis_test_hub_raw_request (fixture->hub, huge_line, strlen (huge_line));
  g_assert_true (g_str_has_prefix (huge_reply, "HTTP/1.1 431 "));
  g_assert_nonnull (strstr (huge_reply, "REQUEST_HEADER_FIELDS_TOO_LARGE"));

  after = cpis_test_hub_request (fixture->hub, "GET", "/oauth2/userinfo", fixture->nurse,
                                 NULL, NULL, NULL);
  g_assert_cmpuint (after->status, ==, 200);
}

/* Concurrency */

typedef struct
{
  guint  pending;
  guint  ok;
} Batch;

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Batch *batch = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  if (body != NULL && soup_message_get_status (msg) == 200)
    batch->ok++;
  batch->pending--;
}

static void
test_concurrent_lookups (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  Batch batch = { 0, };
  const guint n = 200;

  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "CPP", "2025-01-02", NULL, NULL, "LA1");

  session = soup_session_new_with_options ("max-conns", 256, "max-conns-per-host", 256,
                                           "timeout", 60, NULL);
  url = g_strdup_printf ("%s/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%%7C%s",
                         cpis_test_hub_get_base_url (fixture->hub), CHILD_CPP);
  authorization = g_strdup_printf ("Bearer %s", fixture->nurse);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autofree char *trace_id = g_uuid_string_random ();

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "TraceID", trace_id);
      batch.pending++;
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, lookup_done_cb,
                                        &batch);
    }

  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (batch.ok, ==, n);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_CPP), ==, n);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA1"), ==, n);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, NULL), ==, n);
}

/* Waits (on the real clock: the hub runs in a thread of its own) until the
 * hub holds @held messages, @gone of them with their client gone */
static void
wait_for_held (guint held,
               guint gone)
{
  guint n_gone = 0;

  for (guint i = 0; i < 2000; i++)
    {
      if (cpis_hub_message_get_n_held (&n_gone) == held && n_gone == gone)
        return;
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }
  g_error ("the hub holds %u messages (%u gone), not %u (%u gone)",
           cpis_hub_message_get_n_held (&n_gone), n_gone, held, gone);
}

/* Clients that hang up while the hub holds their requests (signing in,
 * recording the access, revoking a token): the hub finishes the work, has
 * no one to answer, and goes on serving. The store's writer is held
 * meanwhile, so that the requests wait until their clients are gone. */
static void
test_client_gone_while_held (Fixture       *fixture,
                             gconstpointer  data)
{
  CpisHubStore *store = cpis_test_hub_get_store (fixture->hub);
  g_autofree char *other = cpis_test_hub_sign_in (fixture->hub, "nurse", PASSWORD);
  g_autofree char *form = soup_form_encode ("grant_type", "password", "username", "nurse",
                                            "password", PASSWORD, NULL);
  g_autofree char *revoke_form = soup_form_encode ("token", other, NULL);
  const char *form_type = "Content-Type: application/x-www-form-urlencoded\r\n";
  char *requests[] = {
    g_strdup_printf ("POST /oauth2/token HTTP/1.1\r\nHost: hub\r\n%sContent-Length: %zu\r\n\r\n%s",
                     form_type, strlen (form), form),
    g_strdup_printf ("GET /cpis/FHIR/R4/CareTeam?patient:identifier="
                     "https://fhir.nhs.uk/Id/nhs-number%%7C%s HTTP/1.1\r\n"
                     "Host: hub\r\nAuthorization: Bearer %s\r\n"
                     "TraceID: 9d2f3c1e-1111-4c3b-9a55-0d1e2f3a4b5c\r\n"
                     "IsUnscheduledAccessEvent: true\r\n\r\n", CHILD_CPP, fixture->nurse),
    g_strdup_printf ("POST /oauth2/revoke HTTP/1.1\r\nHost: hub\r\n%sContent-Length: %zu\r\n\r\n%s",
                     form_type, strlen (revoke_form), revoke_form),
  };
  GSocketConnection *connections[G_N_ELEMENTS (requests)];
  gint64 before;
  g_autoptr(CpisTestResponse) after = NULL;
  g_autoptr(CpisTestResponse) revoked = NULL;

  cpis_test_hub_add_plan (fixture->hub, CHILD_CPP, "CPP", "2025-01-02", NULL, NULL, "LA1");
  before = cpis_test_hub_count_accesses (fixture->hub, CHILD_CPP);

  _cpis_hub_store_hold_writes (store);
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    connections[i] = cpis_test_hub_send_raw (fixture->hub, requests[i]);
  wait_for_held (G_N_ELEMENTS (requests), 0);

  for (guint i = 0; i < G_N_ELEMENTS (connections); i++)
    {
      g_io_stream_close (G_IO_STREAM (connections[i]), NULL, NULL);
      g_object_unref (connections[i]);
      g_free (requests[i]);
    }

  /* the work is done even so, and nothing answered */
  _cpis_hub_store_release_writes (store);
  wait_for_held (0, 0);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_CPP), ==, before + 1);
  revoked = cpis_test_hub_search (fixture->hub, other, "CareTeam", CHILD_CPP, "false");
  g_assert_cmpuint (revoked->status, ==, 401);

  /* and the hub still answers */
  after = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD_CPP, "true");
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD_CPP), ==, before + 2);
}

/* A held message's connection closed by the server itself (as when the
 * embedded hub stops while the application closes): releasing it sends
 * nothing. Unpausing it was a critical, fatal under G_DEBUG, seen when a
 * session revoked its token as the application closed. */
static void
hold_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  SoupServerMessage **held = user_data;

  cpis_hub_respond_json (msg, "application/json", g_strdup ("{}"));
  cpis_hub_message_hold (msg);
  *held = g_object_ref (msg);
}

static gboolean
held_gone (guint expected)
{
  guint n_gone = 0;

  cpis_hub_message_get_n_held (&n_gone);
  return n_gone == expected;
}

static void
test_held_message_server_gone (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  const char *request = "GET / HTTP/1.1\r\nHost: hub\r\n\r\n";
  SoupServerMessage *held = NULL;
  GSList *uris;
  guint port;

  soup_server_add_handler (server, NULL, hold_cb, &held, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);

  while (held == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (cpis_hub_message_get_n_held (NULL), ==, 1);
  g_assert_true (held_gone (0));

  soup_server_disconnect (server);
  while (!held_gone (1))
    g_main_context_iteration (NULL, TRUE);

  cpis_hub_message_release (held);
  g_assert_cmpuint (cpis_hub_message_get_n_held (NULL), ==, 0);
  g_assert_true (held_gone (0));
  g_object_unref (held);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/hub-api/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("care-team/found", test_care_team_found);
  ADD ("care-team/not-found", test_care_team_not_found);
  ADD ("care-team/header-absent-is-unscheduled", test_care_team_header_absent_is_unscheduled);
  ADD ("care-team/scheduled-is-silent", test_care_team_scheduled_is_silent);
  ADD ("care-team/two-authorities", test_care_team_two_authorities);
  ADD ("care-team/unborn-due-date", test_unborn_plan_carries_due_date);
  ADD ("rules/365-days-after-end", test_rule_365_days_after_end);
  ADD ("rules/28-days-after-due-date", test_rule_28_days_after_due_date);
  ADD ("rules/hidden-plan-not-recorded", test_hidden_plan_is_not_recorded);
  ADD ("audit-event/limit-and-order", test_audit_event_limit_and_order);
  ADD ("audit-event/viewer", test_audit_event_viewer);
  ADD ("roles/social-worker", test_role_social_worker);
  ADD ("roles/partnership-and-admin-denied", test_role_partnership_and_admin_denied);
  ADD ("errors/invalid-nhs-numbers", test_invalid_nhs_numbers);
  ADD ("errors/malformed-queries", test_malformed_queries);
  ADD ("errors/bad-headers", test_bad_headers);
  ADD ("errors/unknown-path", test_unknown_path);
  ADD ("errors/wrong-method", test_wrong_method);
  ADD ("errors/body-too-large", test_body_too_large);
  ADD ("errors/hostile-requests", test_hostile_requests);
  ADD ("search/tolerated-queries", test_tolerated_queries);
  ADD ("oauth/sign-in-errors", test_sign_in_errors);
  ADD ("oauth/userinfo", test_userinfo);
  ADD ("oauth/userinfo/care-settings", test_userinfo_care_settings);
  ADD ("oauth/unauthenticated", test_unauthenticated);
  ADD ("oauth/token-expires", test_token_expires);
  ADD ("oauth/token-revoked", test_token_revoked);
  ADD ("concurrency/200-lookups", test_concurrent_lookups);
  ADD ("concurrency/client-gone-while-held", test_client_gone_while_held);
  g_test_add_func ("/hub-api/concurrency/server-gone-while-held", test_held_message_server_gone);

  return g_test_run ();
}
