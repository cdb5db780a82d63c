/* test-hub-directory.c: whom a social worker can assign a notification to —
 * their LA's social workers (GET [base]/PractitionerRole) and teams
 * (GET [base]/Organization), docs/api.md, "The LA's teams and social
 * workers"
 *
 * The real hub in-process (cpis-test-hub.h), over real loopback HTTP, with
 * two LAs: each social worker sees their own LA's, never the other's; a
 * disabled account is left out (and cannot sign in, nor be given a
 * notification); the other roles are refused, and so are requests without a
 * token and parameters the hub does not know. Then the client core's calls
 * against the same hub, a listed owner given a notification through the
 * client, and the demo seed's LA with its two teams and two social workers.
 *
 * NHS numbers are synthetic (999 range, valid check digits).
 */
#include <string.h>
#include <sys/wait.h>

#include "cpis-date.h"
#include "cpis-demo-account.h"
#include "cpis-fhir-codec.h"
#include "cpis-hub-client.h"
#include "cpis-hub-seed.h"
#include "cpis-test-hub.h"
#include "cpis-test-util.h"

#define CHILD_LA1 "9997654323"   /* a plan of LA1 */
#define PASSWORD  "correct horse battery"
#define TODAY     "2025-06-15"

#define BASE "/cpis/FHIR/R4"
#define ODS  "https://fhir.nhs.uk/Id/ods-organization-code"

typedef struct
{
  CpisTestHub *hub;
  char        *sw;          /* tokens: a social worker of LA1 … */
  char        *sw_la2;      /* … one of LA2 … */
  char        *nurse;       /* … and the other roles */
  char        *officer;
  char        *admin;
} Fixture;

/* ------------------------------------------------------------------------ */
/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  CpisHubStore *store;
  g_autoptr(GError) error = NULL;

  fixture->hub = cpis_test_hub_new ();
  store = cpis_test_hub_get_store (fixture->hub);

  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "LA2", "Southmoor Council", "local-authority", "South");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");

  /* added out of their names' order: the answer is by name */
  cpis_test_hub_add_user (fixture->hub, "sw2", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "sw", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "sw-gone", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "sw-la2", PASSWORD, "social-worker", "LA2");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_user (fixture->hub, "officer", PASSWORD, "partnership-officer", "LA1");
  cpis_test_hub_add_user (fixture->hub, "admin", PASSWORD, "administrator", "LA1");

  g_assert_true (cpis_hub_store_put_team (store, "LA1", "LA1-duty", "Duty team", &error));
  g_assert_no_error (error);
  /* a team id may hold a '_', which a FHIR id may not */
  g_assert_true (cpis_hub_store_put_team (store, "LA1", "LA1_cin", "Children in need team",
                                          &error));
  g_assert_no_error (error);
  g_assert_true (cpis_hub_store_put_team (store, "LA2", "LA2-duty", "Southmoor duty team", &error));
  g_assert_no_error (error);

  cpis_test_hub_add_named_plan (fixture->hub, CHILD_LA1, "CPP", "2025-01-02", NULL, NULL, "LA1",
                                "Alex TESTER", "2015-06-01");
  cpis_test_hub_set_today (fixture->hub, TODAY);

  fixture->sw = cpis_test_hub_sign_in (fixture->hub, "sw", PASSWORD);
  fixture->sw_la2 = cpis_test_hub_sign_in (fixture->hub, "sw-la2", PASSWORD);
  fixture->nurse = cpis_test_hub_sign_in (fixture->hub, "nurse", PASSWORD);
  fixture->officer = cpis_test_hub_sign_in (fixture->hub, "officer", PASSWORD);
  fixture->admin = cpis_test_hub_sign_in (fixture->hub, "admin", PASSWORD);

  /* someone who left */
  g_assert_true (cpis_hub_store_set_user_disabled (store, "sw-gone", TRUE, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->sw);
  g_free (fixture->sw_la2);
  g_free (fixture->nurse);
  g_free (fixture->officer);
  g_free (fixture->admin);
  cpis_test_hub_free (fixture->hub);
}

/* ------------------------------------------------------------------------ */
/* Helpers */

static char *
role_id (Fixture    *fixture,
         const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubUser) user = cpis_hub_store_find_user (cpis_test_hub_get_store (fixture->hub),
                                                          username, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  return g_strdup (user->practitioner_role_id);
}

static CpisTestResponse *
get (Fixture    *fixture,
     const char *path,
     const char *token)
{
  return cpis_test_hub_request (fixture->hub, "GET", path, token, NULL, NULL, NULL);
}

/* The entries' resources of a 200 searchset, asserting its shape: total
 * as many as its entries, each a match of @type with its fullUrl */
static GPtrArray *
searchset_resources (CpisTestResponse  *response,
                     const char        *type,
                     JsonNode         **root)
{
  GPtrArray *resources = g_ptr_array_new ();
  JsonObject *bundle;
  JsonArray *entries;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/fhir+json");
  *root = cpis_test_response_json (response);
  bundle = json_node_get_object (*root);
  g_assert_cmpstr (json_object_get_string_member (bundle, "resourceType"), ==, "Bundle");
  g_assert_cmpstr (json_object_get_string_member (bundle, "type"), ==, "searchset");

  entries = json_object_has_member (bundle, "entry")
            ? json_object_get_array_member (bundle, "entry")
            : NULL;
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      JsonObject *resource = json_object_get_object_member (entry, "resource");
      g_autofree char *suffix = g_strdup_printf ("/%s/%s", type,
                                                 json_object_get_string_member (resource, "id"));

      g_assert_cmpstr (json_object_get_string_member (resource, "resourceType"), ==, type);
      g_assert_true (g_str_has_suffix (json_object_get_string_member (entry, "fullUrl"), suffix));
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry,
                                                                                     "search"),
                                                      "mode"), ==, "match");
      g_ptr_array_add (resources, resource);
    }

  g_assert_cmpint (json_object_get_int_member (bundle, "total"), ==, resources->len);
  return resources;
}

static const char *
practitioner_name (JsonObject *role)
{
  return json_object_get_string_member (json_object_get_object_member (role, "practitioner"),
                                        "display");
}

static const char *
organisation_code (JsonObject *resource,
                   const char *member)
{
  JsonObject *reference = json_object_get_object_member (resource, member);
  JsonObject *identifier = json_object_get_object_member (reference, "identifier");

  g_assert_cmpstr (json_object_get_string_member (identifier, "system"), ==, ODS);
  return json_object_get_string_member (identifier, "value");
}

static const char *
team_identifier (JsonObject *organization)
{
  JsonObject *identifier =
    json_array_get_object_element (json_object_get_array_member (organization, "identifier"), 0);

  g_assert_cmpstr (json_object_get_string_member (identifier, "system"), ==,
                   CPIS_TEAM_SYSTEM);
  return json_object_get_string_member (identifier, "value");
}

/* ------------------------------------------------------------------------ */
/* The hub */

static void
test_social_workers (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CpisTestResponse) la1 = get (fixture, BASE "/PractitionerRole", fixture->sw);
  g_autoptr(CpisTestResponse) la2 = get (fixture, BASE "/PractitionerRole/", fixture->sw_la2);
  g_autoptr(JsonNode) la1_root = NULL;
  g_autoptr(JsonNode) la2_root = NULL;
  g_autoptr(GPtrArray) la1_roles = searchset_resources (la1, "PractitionerRole", &la1_root);
  g_autoptr(GPtrArray) la2_roles = searchset_resources (la2, "PractitionerRole", &la2_root);
  g_autofree char *sw_id = role_id (fixture, "sw");
  g_autofree char *sw2_id = role_id (fixture, "sw2");
  g_autofree char *la2_id = role_id (fixture, "sw-la2");
  JsonObject *role;
  JsonObject *code;

  /* LA1's, by name, themselves included; not the disabled one, not LA2's,
   * and not the officer or administrator of LA1 (not social workers) */
  g_assert_cmpuint (la1_roles->len, ==, 2);
  role = g_ptr_array_index (la1_roles, 0);
  g_assert_cmpstr (json_object_get_string_member (role, "id"), ==, sw_id);
  g_assert_cmpstr (practitioner_name (role), ==, "Test sw");
  g_assert_cmpstr (organisation_code (role, "organization"), ==, "LA1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (role,
                                                                                 "organization"),
                                                  "display"), ==, "Northgate Council");
  code = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (
                                    json_object_get_array_member (role, "code"), 0),
                                  "coding"),
    0);
  g_assert_cmpstr (json_object_get_string_member (code, "system"), ==, "http://snomed.info/sct");
  g_assert_cmpstr (json_object_get_string_member (code, "code"), ==, "158992006");

  role = g_ptr_array_index (la1_roles, 1);
  g_assert_cmpstr (json_object_get_string_member (role, "id"), ==, sw2_id);
  g_assert_cmpstr (practitioner_name (role), ==, "Test sw2");

  /* LA2's social worker sees LA2's alone */
  g_assert_cmpuint (la2_roles->len, ==, 1);
  role = g_ptr_array_index (la2_roles, 0);
  g_assert_cmpstr (json_object_get_string_member (role, "id"), ==, la2_id);
  g_assert_cmpstr (organisation_code (role, "organization"), ==, "LA2");

  /* nothing of the disabled account */
  {
    g_autofree char *text = cpis_test_response_text (la1);
    g_autofree char *gone_id = role_id (fixture, "sw-gone");

    g_assert_null (strstr (text, "sw-gone"));
    g_assert_null (strstr (text, gone_id));
  }
}

static void
test_teams (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(CpisTestResponse) la1 = get (fixture, BASE "/Organization", fixture->sw);
  g_autoptr(CpisTestResponse) again = get (fixture, BASE "/Organization", fixture->sw);
  g_autoptr(CpisTestResponse) la2 = get (fixture, BASE "/Organization", fixture->sw_la2);
  g_autoptr(JsonNode) la1_root = NULL;
  g_autoptr(JsonNode) again_root = NULL;
  g_autoptr(JsonNode) la2_root = NULL;
  g_autoptr(GPtrArray) la1_teams = searchset_resources (la1, "Organization", &la1_root);
  g_autoptr(GPtrArray) again_teams = searchset_resources (again, "Organization", &again_root);
  g_autoptr(GPtrArray) la2_teams = searchset_resources (la2, "Organization", &la2_root);
  JsonObject *team;
  JsonObject *type;

  /* LA1's two, by id; each a team, part of LA1 */
  g_assert_cmpuint (la1_teams->len, ==, 2);
  team = g_ptr_array_index (la1_teams, 0);
  g_assert_cmpstr (team_identifier (team), ==, "LA1-duty");
  g_assert_cmpstr (json_object_get_string_member (team, "name"), ==, "Duty team");
  g_assert_true (json_object_get_boolean_member (team, "active"));
  g_assert_cmpstr (organisation_code (team, "partOf"), ==, "LA1");
  type = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (
                                    json_object_get_array_member (team, "type"), 0),
                                  "coding"),
    0);
  g_assert_cmpstr (json_object_get_string_member (type, "system"), ==,
                   "http://terminology.hl7.org/CodeSystem/organization-type");
  g_assert_cmpstr (json_object_get_string_member (type, "code"), ==, "team");

  team = g_ptr_array_index (la1_teams, 1);
  g_assert_cmpstr (team_identifier (team), ==, "LA1_cin");
  /* its Organization.id is a FHIR id (no '_'), the same on every answer */
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (team, "id")));
  g_assert_cmpstr (json_object_get_string_member (team, "id"), ==,
                   json_object_get_string_member (g_ptr_array_index (again_teams, 1), "id"));
  g_assert_cmpstr (json_object_get_string_member (team, "id"), !=,
                   json_object_get_string_member (g_ptr_array_index (la1_teams, 0), "id"));

  g_assert_cmpuint (la2_teams->len, ==, 1);
  team = g_ptr_array_index (la2_teams, 0);
  g_assert_cmpstr (team_identifier (team), ==, "LA2-duty");
  g_assert_cmpstr (organisation_code (team, "partOf"), ==, "LA2");
}

/* The organisation asked about: one's own, in any spelling, answers as
 * none given; another answers nothing */
static void
test_parameters (Fixture       *fixture,
                 gconstpointer  data)
{
  static const struct
  {
    const char *query;
    guint       n_la1;   /* what LA1's social worker is answered */
  } cases[] = {
    { "/PractitionerRole?organization=Organization/LA1", 2 },
    { "/PractitionerRole?organization=la1", 2 },
    { "/PractitionerRole?organization:identifier=" ODS "%7CLA1", 2 },
    { "/PractitionerRole?organization:identifier=http://FHIR.nhs.uk/Id/ods-organization-code%7Cla1", 2 },
    { "/PractitionerRole?organization=Organization/LA2", 0 },
    { "/PractitionerRole?organization:identifier=" ODS "%7CED1", 0 },
    { "/PractitionerRole?organization=Organization/NOSUCH", 0 },
    { "/Organization?partof=Organization/LA1", 2 },
    { "/Organization?partof:identifier=" ODS "%7CLA1", 2 },
    { "/Organization?partof=LA2", 0 },
    { "/Organization?partof:identifier=" ODS "%7CLA2", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat (BASE, cases[i].query, NULL);
      g_autoptr(CpisTestResponse) response = get (fixture, path, fixture->sw);
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GPtrArray) resources = NULL;

      g_test_message ("%s", cases[i].query);
      resources = searchset_resources (response,
                                       g_str_has_prefix (cases[i].query, "/PractitionerRole")
                                         ? "PractitionerRole"
                                         : "Organization",
                                       &root);
      g_assert_cmpuint (resources->len, ==, cases[i].n_la1);
    }
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  static const char * const paths[] = { BASE "/PractitionerRole", BASE "/Organization" };
  static const char * const bad_queries[] = {
    "?active=true",               /* a parameter the hub does not know */
    "?_count=10",
    "?name=Test",
    "?organization=Organization/LA1&organization=Organization/LA1",  /* twice */
    "?partof=Organization/LA1&partof:identifier=" ODS "%7CLA1",
    "?organization=",             /* empty */
    "?partof=",
    "?organization=Practitioner/LA1",   /* not an organisation */
    "?partof=Organization/",
    "?organization:identifier=LA1",     /* no system */
    "?partof:identifier=https://example.org/other%7CLA1",
    "?organization=%FF",          /* not UTF-8 */
  };

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      g_autoptr(CpisTestResponse) none = get (fixture, paths[p], NULL);
      g_autoptr(CpisTestResponse) bad_token = get (fixture, paths[p], "not-a-token");
      g_autoptr(CpisTestResponse) nurse = get (fixture, paths[p], fixture->nurse);
      g_autoptr(CpisTestResponse) officer = get (fixture, paths[p], fixture->officer);
      g_autoptr(CpisTestResponse) admin = get (fixture, paths[p], fixture->admin);
      g_autoptr(CpisTestResponse) post = NULL;
      g_autofree char *item = g_strconcat (paths[p], "/LA1-duty", NULL);
      g_autoptr(CpisTestResponse) read = get (fixture, item, fixture->sw);

      cpis_test_assert_outcome (none, 401, "UNAUTHORISED");
      cpis_test_assert_outcome (bad_token, 401, "UNAUTHORISED");
      cpis_test_assert_outcome (nurse, 403, "ACCESS_DENIED");
      cpis_test_assert_outcome (officer, 403, "ACCESS_DENIED");
      cpis_test_assert_outcome (admin, 403, "ACCESS_DENIED");

      /* a search only: no read, no create */
      cpis_test_assert_outcome (read, 404, "NOT_FOUND");
      post = cpis_test_hub_request (fixture->hub, "POST", paths[p], fixture->sw,
                                    "application/fhir+json", "{}", NULL);
      cpis_test_assert_outcome (post, 405, "METHOD_NOT_ALLOWED");
      g_assert_cmpstr (soup_message_headers_get_one (post->headers, "Allow"), ==, "GET");

      /* the role before the query: a clinician learns nothing of the parameters */
      {
        g_autofree char *path = g_strconcat (paths[p], "?colour=red", NULL);
        g_autoptr(CpisTestResponse) response = get (fixture, path, fixture->nurse);

        cpis_test_assert_outcome (response, 403, "ACCESS_DENIED");
      }

      for (guint q = 0; q < G_N_ELEMENTS (bad_queries); q++)
        {
          const char *query = bad_queries[q];
          g_autofree char *path = NULL;
          g_autoptr(CpisTestResponse) response = NULL;

          /* each endpoint's own parameters, the other's refused as unknown */
          if (p == 1 && strstr (query, "organization") != NULL)
            continue;
          if (p == 0 && strstr (query, "partof") != NULL)
            continue;

          path = g_strconcat (paths[p], query, NULL);
          response = get (fixture, path, fixture->sw);
          g_test_message ("%s", path);
          cpis_test_assert_outcome (response, 400, "INVALID_SEARCH_DATA");
        }

      /* and the other endpoint's parameter is no parameter here */
      {
        g_autofree char *path = g_strconcat (paths[p],
                                             p == 0 ? "?partof=Organization/LA1"
                                                    : "?organization=Organization/LA1",
                                             NULL);
        g_autoptr(CpisTestResponse) response = get (fixture, path, fixture->sw);

        cpis_test_assert_outcome (response, 400, "INVALID_SEARCH_DATA");
      }
    }
}

/* A disabled account: not listed, cannot sign in, its sessions end, and
 * no notification can be given to it; enabled again, it is all back */
static void
test_disabled (Fixture       *fixture,
               gconstpointer  data)
{
  CpisHubStore *store = cpis_test_hub_get_store (fixture->hub);
  g_autoptr(GError) error = NULL;
  g_autofree char *sw2_token = cpis_test_hub_sign_in (fixture->hub, "sw2", PASSWORD);
  g_autofree char *sw2_id = role_id (fixture, "sw2");
  g_autofree char *task_path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) roles = NULL;

  /* a notification to LA1: a nurse's unscheduled check */
  response = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD_LA1, "true");
  g_assert_cmpuint (response->status, ==, 200);
  g_clear_pointer (&response, cpis_test_response_free);
  response = get (fixture, BASE "/Task", fixture->sw);
  roles = searchset_resources (response, "Task", &root);
  g_assert_cmpuint (roles->len, ==, 1);
  task_path = g_strconcat (BASE "/Task/",
                           json_object_get_string_member (g_ptr_array_index (roles, 0), "id"),
                           NULL);
  g_clear_pointer (&roles, g_ptr_array_unref);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&response, cpis_test_response_free);

  g_assert_true (cpis_hub_store_set_user_disabled (store, "sw2", TRUE, &error));
  g_assert_no_error (error);

  /* no longer listed */
  response = get (fixture, BASE "/PractitionerRole", fixture->sw);
  roles = searchset_resources (response, "PractitionerRole", &root);
  g_assert_cmpuint (roles->len, ==, 1);
  g_clear_pointer (&roles, g_ptr_array_unref);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&response, cpis_test_response_free);

  /* the session ends at once; signing in is refused as a wrong password is */
  response = get (fixture, BASE "/Task", sw2_token);
  cpis_test_assert_outcome (response, 401, "UNAUTHORISED");
  g_clear_pointer (&response, cpis_test_response_free);
  response = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/token", NULL,
                                    "application/x-www-form-urlencoded",
                                    "grant_type=password&username=sw2&password=correct+horse+battery",
                                    NULL);
  cpis_test_assert_outcome (response, 400, "INVALID_GRANT");
  g_clear_pointer (&response, cpis_test_response_free);

  /* and nothing new is given to them */
  response = get (fixture, task_path, fixture->sw);
  g_assert_cmpuint (response->status, ==, 200);
  {
    g_autofree char *task = cpis_test_response_text (response);
    g_autofree char *owner = g_strdup_printf ("\"owner\":{\"reference\":\"PractitionerRole/%s\"}",
                                              sw2_id);
    g_autoptr(GRegex) regex = g_regex_new ("\"owner\":\\{[^}]*\\}[^}]*\\}", 0, 0, NULL);

    body = g_regex_replace_literal (regex, task, -1, 0, owner, 0, NULL);
    g_assert_nonnull (strstr (body, owner));
  }
  g_clear_pointer (&response, cpis_test_response_free);
  response = cpis_test_hub_request (fixture->hub, "PUT", task_path, fixture->sw,
                                    "application/fhir+json", body, "If-Match", "W/\"1\"", NULL);
  cpis_test_assert_outcome (response, 422, "BUSINESS_RULE");
  g_clear_pointer (&response, cpis_test_response_free);

  /* enabled again */
  g_assert_true (cpis_hub_store_set_user_disabled (store, "sw2", FALSE, &error));
  g_assert_no_error (error);
  response = cpis_test_hub_request (fixture->hub, "PUT", task_path, fixture->sw,
                                    "application/fhir+json", body, "If-Match", "W/\"1\"", NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_clear_pointer (&response, cpis_test_response_free);
  response = get (fixture, BASE "/PractitionerRole", fixture->sw);
  roles = searchset_resources (response, "PractitionerRole", &root);
  g_assert_cmpuint (roles->len, ==, 2);

  /* an unknown account */
  g_assert_false (cpis_hub_store_set_user_disabled (store, "nobody", TRUE, &error));
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND);
}

/* cpis-hub user disable / enable, on a file */
static void
test_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-hub-directory-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "hub.db", NULL);
  const char *bin = g_getenv ("CPIS_HUB_BIN");
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_no_error (error);
  g_assert_nonnull (bin);

  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (path);
    g_autoptr(CpisHubUser) user = g_new0 (CpisHubUser, 1);

    user->username = g_strdup ("sw");
    user->role = CPIS_ROLE_SOCIAL_WORKER;
    user->full_name = g_strdup ("Sam Social");
    user->organisation = g_new0 (CpisHubOrganisation, 1);
    user->organisation->ods_code = g_strdup ("LA1");
    {
      g_autoptr(CpisHubOrganisation) la = g_new0 (CpisHubOrganisation, 1);

      la->ods_code = g_strdup ("LA1");
      la->name = g_strdup ("Northgate Council");
      la->kind = CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY;
      g_assert_true (cpis_hub_store_put_organisation (store, la, &error));
      g_assert_no_error (error);
    }
    g_assert_true (cpis_hub_store_add_user (store, user, "*", &error));
    g_assert_no_error (error);
    cpis_hub_store_close (store);
  }

  {
    const char *argv[] = { bin, "user", "disable", "--db", path, "--username", "sw", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpstr (out, ==, "sw disabled\n");
  }
  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (path);
    g_autoptr(GPtrArray) workers = cpis_hub_store_list_social_workers (store, "LA1", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (workers->len, ==, 0);
    cpis_hub_store_close (store);
  }

  {
    const char *argv[] = { bin, "user", "enable", "--db", path, "--username", "sw", NULL };

    g_clear_pointer (&out, g_free);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (path);
    g_autoptr(GPtrArray) workers = cpis_hub_store_list_social_workers (store, "LA1", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (workers->len, ==, 1);
    cpis_hub_store_close (store);
  }

  /* an unknown user fails (1), a missing option is a usage error (2) */
  {
    const char *unknown[] = { bin, "user", "disable", "--db", path, "--username", "nobody", NULL };
    const char *missing[] = { bin, "user", "disable", "--db", path, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) unknown, NULL,
                                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (WEXITSTATUS (status), ==, 1);
    g_assert_true (g_spawn_sync (NULL, (char **) missing, NULL,
                                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  }

  g_assert_true (cpis_test_remove_tree (dir));
}

/* ------------------------------------------------------------------------ */
/* The client core, against the same hub */

static GPtrArray *
list_social_workers (CpisHubClient  *client,
                     GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_list_social_workers_async (client, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_client_list_social_workers_finish (client, result, error);
}

static GPtrArray *
list_teams (CpisHubClient  *client,
            GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_list_teams_async (client, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_client_list_teams_finish (client, result, error);
}

static void
test_client_lists (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CpisHubClient) client = cpis_test_hub_sign_in_client (fixture->hub, "sw", PASSWORD);
  g_autoptr(CpisHubClient) la2_client = cpis_test_hub_sign_in_client (fixture->hub, "sw-la2",
                                                                      PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) workers = list_social_workers (client, &error);
  g_autoptr(GPtrArray) teams = NULL;
  g_autoptr(GPtrArray) la2_workers = NULL;
  g_autoptr(GPtrArray) la2_teams = NULL;
  g_autofree char *sw_id = role_id (fixture, "sw");
  g_autofree char *sw2_id = role_id (fixture, "sw2");
  CpisPractitionerRole *role;
  CpisTeam *team;

  g_assert_no_error (error);
  g_assert_cmpuint (workers->len, ==, 2);
  role = g_ptr_array_index (workers, 0);
  g_assert_cmpstr (cpis_practitioner_role_get_id (role), ==, sw_id);
  g_assert_cmpstr (cpis_practitioner_role_get_practitioner_name (role), ==, "Test sw");
  g_assert_cmpstr (cpis_practitioner_role_get_organisation_code (role), ==, "LA1");
  g_assert_cmpstr (cpis_practitioner_role_get_organisation_name (role), ==, "Northgate Council");
  g_assert_cmpstr (cpis_practitioner_role_get_job_role_code (role), ==, "158992006");
  g_assert_cmpstr (cpis_practitioner_role_get_job_role_display (role), ==, "Midwifery sister");
  role = g_ptr_array_index (workers, 1);
  g_assert_cmpstr (cpis_practitioner_role_get_id (role), ==, sw2_id);

  teams = list_teams (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (teams->len, ==, 2);
  team = g_ptr_array_index (teams, 0);
  g_assert_cmpstr (cpis_team_get_id (team), ==, "LA1-duty");
  g_assert_cmpstr (cpis_team_get_name (team), ==, "Duty team");
  team = g_ptr_array_index (teams, 1);
  g_assert_cmpstr (cpis_team_get_id (team), ==, "LA1_cin");
  g_assert_cmpstr (cpis_team_get_name (team), ==, "Children in need team");

  /* LA2's social worker: LA2's alone */
  la2_workers = list_social_workers (la2_client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (la2_workers->len, ==, 1);
  g_assert_cmpstr (cpis_practitioner_role_get_organisation_code (g_ptr_array_index (la2_workers,
                                                                                    0)),
                   ==, "LA2");
  la2_teams = list_teams (la2_client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (la2_teams->len, ==, 1);
  g_assert_cmpstr (cpis_team_get_id (g_ptr_array_index (la2_teams, 0)), ==, "LA2-duty");
}

static void
test_client_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CpisHubClient) nurse = cpis_test_hub_sign_in_client (fixture->hub, "nurse", PASSWORD);
  g_autoptr(CpisHubClient) officer = cpis_test_hub_sign_in_client (fixture->hub, "officer",
                                                                   PASSWORD);
  g_autoptr(CpisHubClient) sw = cpis_test_hub_sign_in_client (fixture->hub, "sw", PASSWORD);
  g_autoptr(CpisHubClient) signed_out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;

  /* another role: ACCESS_DENIED */
  none = list_social_workers (nurse, &error);
  g_assert_null (none);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED);
  g_clear_error (&error);
  none = list_teams (officer, &error);
  g_assert_null (none);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED);
  g_clear_error (&error);

  /* not signed in: nothing sent */
  signed_out = cpis_hub_client_new (cpis_test_hub_get_base_url (fixture->hub), &error);
  g_assert_no_error (error);
  none = list_teams (signed_out, &error);
  g_assert_null (none);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED);
  g_clear_error (&error);

  /* the session ended behind the client's back (the account disabled):
   * a 401, UNAUTHORISED */
  g_assert_true (cpis_hub_store_set_user_disabled (cpis_test_hub_get_store (fixture->hub), "sw",
                                                   TRUE, &error));
  g_assert_no_error (error);
  none = list_social_workers (sw, &error);
  g_assert_null (none);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED);
  g_clear_error (&error);
  none = list_teams (sw, &error);
  g_assert_null (none);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED);
}

static CpisTask *
first_task (CpisHubClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CpisTaskPage) page = NULL;
  g_autoptr(GError) error = NULL;
  CpisTaskQuery query;

  cpis_task_query_init (&query);
  cpis_hub_client_search_tasks_async (client, &query, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  page = cpis_hub_client_search_tasks_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->tasks->len, ==, 1);
  return g_object_ref (g_ptr_array_index (page->tasks, 0));
}

static CpisTask *
assign (CpisHubClient      *client,
        CpisTask           *task,
        CpisTaskOwnerKind   kind,
        const char         *id,
        GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  CpisTaskUpdate update;

  cpis_task_update_init (&update, task);
  update.owner_kind = kind;
  update.owner_id = id;
  update.owner_display = NULL;
  cpis_hub_client_update_task_async (client, task, &update, NULL, cpis_test_store_result_cb,
                                     &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_client_update_task_finish (client, result, error);
}

/* What the lists give is what a Task's owner takes */
static void
test_client_assign (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CpisHubClient) client = cpis_test_hub_sign_in_client (fixture->hub, "sw", PASSWORD);
  g_autoptr(CpisTestResponse) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) workers = NULL;
  g_autoptr(GPtrArray) teams = NULL;
  g_autoptr(CpisTask) task = NULL;
  g_autoptr(CpisTask) to_team = NULL;
  g_autoptr(CpisTask) to_worker = NULL;
  CpisPractitionerRole *colleague;
  CpisTeam *team;

  check = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD_LA1, "true");
  g_assert_cmpuint (check->status, ==, 200);
  task = first_task (client);

  teams = list_teams (client, &error);
  g_assert_no_error (error);
  team = g_ptr_array_index (teams, 1);
  to_team = assign (client, task, CPIS_TASK_OWNER_TEAM, cpis_team_get_id (team), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_task_get_owner_kind (to_team), ==, CPIS_TASK_OWNER_TEAM);
  g_assert_cmpstr (cpis_task_get_owner_id (to_team), ==, cpis_team_get_id (team));
  g_assert_cmpstr (cpis_task_get_owner_display (to_team), ==, cpis_team_get_name (team));

  workers = list_social_workers (client, &error);
  g_assert_no_error (error);
  colleague = g_ptr_array_index (workers, 1);
  to_worker = assign (client, to_team, CPIS_TASK_OWNER_WORKER,
                      cpis_practitioner_role_get_id (colleague), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_task_get_owner_kind (to_worker), ==, CPIS_TASK_OWNER_WORKER);
  g_assert_cmpstr (cpis_task_get_owner_id (to_worker), ==,
                   cpis_practitioner_role_get_id (colleague));
  g_assert_cmpstr (cpis_task_get_owner_display (to_worker), ==,
                   cpis_practitioner_role_get_practitioner_name (colleague));
}

/* ------------------------------------------------------------------------ */
/* The demo */

static void
test_seed (void)
{
  CpisTestHub *hub = cpis_test_hub_new ();
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) workers = NULL;
  g_autoptr(GPtrArray) teams = NULL;
  g_autoptr(CpisHubClient) client = NULL;
  g_autoptr(GError) error = NULL;
  const char *password = NULL;
  GDate today;

  g_assert_true (cpis_date_parse (TODAY, &today));
  accounts = cpis_hub_seed (cpis_test_hub_get_store (hub), 30, 1, &today, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < accounts->len; i++)
    {
      CpisDemoAccount *account = g_ptr_array_index (accounts, i);

      if (g_str_equal (account->username, "socialworker"))
        password = account->password;
    }
  g_assert_nonnull (password);

  client = cpis_test_hub_sign_in_client (hub, "socialworker", password);
  workers = list_social_workers (client, &error);
  g_assert_no_error (error);
  teams = list_teams (client, &error);
  g_assert_no_error (error);

  /* the demo LA's two social workers (the demo account and the colleague
   * who cannot sign in here) and its two teams */
  g_assert_cmpuint (workers->len, ==, 2);
  for (guint i = 0; i < workers->len; i++)
    g_assert_cmpstr (cpis_practitioner_role_get_organisation_code (g_ptr_array_index (workers, i)),
                     ==, "9A1");
  g_assert_cmpuint (teams->len, ==, 2);
  g_assert_cmpstr (cpis_team_get_id (g_ptr_array_index (teams, 0)), ==, "9A1-cin");
  g_assert_cmpstr (cpis_team_get_id (g_ptr_array_index (teams, 1)), ==, "9A1-duty");

  g_clear_object (&client);
  cpis_test_hub_free (hub);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/hub-directory/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("social-workers", test_social_workers);
  ADD ("teams", test_teams);
  ADD ("parameters", test_parameters);
  ADD ("refused", test_refused);
  ADD ("disabled", test_disabled);
  g_test_add_func ("/hub-directory/cli", test_cli);
  ADD ("client/lists", test_client_lists);
  ADD ("client/errors", test_client_errors);
  ADD ("client/assign", test_client_assign);
  g_test_add_func ("/hub-directory/seed", test_seed);

#undef ADD

  return g_test_run ();
}
