/* test-hub-metadata.c: [base]/metadata and [pds]/metadata against what the
 * router really serves
 *
 * The real hub in-process (cpis-test-hub.h), over real loopback HTTP:
 * - the CapabilityStatements are open (no token) and say what FHIR R4 asks
 *   of one (status, date, kind, software, implementation, fhirVersion,
 *   format, rest with its security and the sign-in endpoints);
 * - every path the router serves under a FHIR base is listed, and nothing
 *   else is;
 * - every RESTful interaction of every listed type is tried, as a signed-in
 *   social worker (Task, Subscription, PractitionerRole, Organization),
 *   partnership officer (Measure) or clinician (the others): a listed one answers
 *   something other than 404 or 405, one not listed answers 404 or 405;
 *   the system-level ones (none listed) too, and types not listed;
 * - every search parameter and include listed is taken by its search.
 *
 * A type, interaction, parameter or operation someone adds to the router
 * without a probe here fails the test, saying which.
 *
 * NHS numbers are synthetic (999 range, valid check digits).
 */
#include <string.h>

#include "cpis-hub-push.h"
#include "cpis-hub-server-private.h"
#include "cpis-hub-subscription-json.h"
#include "cpis-test-hub.h"
#include "cpis-test-util.h"

#define CHILD    "9997654323"   /* a plan of LA1, with demographics */
#define PASSWORD "correct horse battery"
#define TODAY    "2025-06-15"

#define BASE "/cpis/FHIR/R4"
#define PDS  "/personal-demographics/FHIR/R4"
#define REQUEST_ID "7c5d3e0a-1b2c-4d5e-8f90-a1b2c3d4e5f6"

typedef struct
{
  CpisTestHub *hub;
  char        *sw;           /* tokens */
  char        *nurse;
  char        *officer;
  char        *task_id;      /* a Task of LA1, raised by the nurse's check */
  char        *task_json;    /* as read */
  char        *care_team_id; /* the child's plan */
  char        *audit_event_id;
  char        *subscription_id; /* the social worker's */
  char        *exception_id; /* an upload exception of LA1 */
} Fixture;

/* A Subscription to new notifications, as a client sends it */
#define SUBSCRIPTION_BODY \
  "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"probe\"," \
  " \"criteria\": \"" CPIS_HUB_TOPIC_URL_PREFIX "new-notification\"," \
  " \"channel\": {\"type\": \"websocket\", \"payload\": \"application/fhir+json\"," \
  "  \"_payload\": {\"extension\": [{\"url\": \"" CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL "\"," \
  "   \"valueCode\": \"id-only\"}]}}}"

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static const char *
first_entry_id (JsonNode *bundle)
{
  JsonArray *entries = json_object_get_array_member (object_of (bundle), "entry");
  JsonObject *resource;

  g_assert_nonnull (entries);
  g_assert_cmpuint (json_array_get_length (entries), >=, 1);
  resource = json_object_get_object_member (json_array_get_object_element (entries, 0),
                                            "resource");
  return json_object_get_string_member (resource, "id");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;

  fixture->hub = cpis_test_hub_new ();
  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (fixture->hub, "sw", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_user (fixture->hub, "officer", PASSWORD, "partnership-officer", "LA1");
  cpis_test_hub_add_patient (fixture->hub, CHILD, "Tester", "Alex", "2015-06-01", "female",
                             "QN1 2AB", FALSE, NULL);
  cpis_test_hub_add_named_plan (fixture->hub, CHILD, "CPP", "2025-01-02", NULL, NULL, "LA1",
                                "Alex TESTER", "2015-06-01");
  cpis_test_hub_set_today (fixture->hub, TODAY);

  fixture->sw = cpis_test_hub_sign_in (fixture->hub, "sw", PASSWORD);
  fixture->nurse = cpis_test_hub_sign_in (fixture->hub, "nurse", PASSWORD);
  fixture->officer = cpis_test_hub_sign_in (fixture->hub, "officer", PASSWORD);

  /* An unscheduled check: a plan, an access, a Task for LA1 */
  response = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD, "true");
  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);
  fixture->care_team_id = g_strdup (first_entry_id (root));
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&response, cpis_test_response_free);

  response = cpis_test_hub_search (fixture->hub, fixture->nurse, "AuditEvent", CHILD, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);
  fixture->audit_event_id = g_strdup (first_entry_id (root));
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&response, cpis_test_response_free);

  response = cpis_test_hub_request (fixture->hub, "GET", BASE "/Task", fixture->sw, NULL, NULL,
                                    NULL);
  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);
  fixture->task_id = g_strdup (first_entry_id (root));
  g_clear_pointer (&response, cpis_test_response_free);

  path = g_strconcat (BASE "/Task/", fixture->task_id, NULL);
  response = cpis_test_hub_request (fixture->hub, "GET", path, fixture->sw, NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  fixture->task_json = cpis_test_response_text (response);
  g_clear_pointer (&response, cpis_test_response_free);
  g_clear_pointer (&root, json_node_unref);

  response = cpis_test_hub_request (fixture->hub, "POST", BASE "/Subscription", fixture->sw,
                                    "application/fhir+json", SUBSCRIPTION_BODY, NULL);
  g_assert_cmpuint (response->status, ==, 201);
  root = cpis_test_response_json (response);
  fixture->subscription_id = g_strdup (json_object_get_string_member (object_of (root), "id"));

  {
    CpisHubPlanException exception = {
      .la_ods_code = (char *) "LA1",
      .nhs_number = (char *) "9998762324",
      .family_name = (char *) "Sample",
      .given_name = (char *) "Jo",
      .date_of_birth = (char *) "2016-07-08",
      .plan_type = (char *) "CPP",
      .start_date = (char *) "2025-01-02",
      .code = (char *) "CPR01",
      .detail = (char *) "No demographics record has this NHS number",
      .recorded_usec = g_get_real_time (),
    };
    g_autoptr(GError) error = NULL;

    g_assert_true (cpis_hub_store_put_plan_exception (cpis_test_hub_get_store (fixture->hub),
                                                      &exception, &error));
    g_assert_no_error (error);
    fixture->exception_id = exception.id;
  }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->sw);
  g_free (fixture->nurse);
  g_free (fixture->officer);
  g_free (fixture->task_id);
  g_free (fixture->task_json);
  g_free (fixture->care_team_id);
  g_free (fixture->audit_event_id);
  g_free (fixture->subscription_id);
  g_free (fixture->exception_id);
  cpis_test_hub_free (fixture->hub);
}

/* GET @path's CapabilityStatement, without a token */
static JsonNode *
get_metadata (Fixture    *fixture,
              const char *path)
{
  g_autoptr(CpisTestResponse) response =
    cpis_test_hub_request (fixture->hub, "GET", path, NULL, NULL, NULL, NULL);
  const char *content_type = soup_message_headers_get_content_type (response->headers, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (content_type, ==, "application/fhir+json");
  return cpis_test_response_json (response);
}

static JsonObject *
rest_of (JsonNode *statement)
{
  JsonArray *rest = json_object_get_array_member (object_of (statement), "rest");

  g_assert_nonnull (rest);
  g_assert_cmpuint (json_array_get_length (rest), ==, 1);
  return json_array_get_object_element (rest, 0);
}

static JsonArray *
resources_of (JsonNode *statement)
{
  JsonArray *resources = json_object_get_array_member (rest_of (statement), "resource");

  g_assert_nonnull (resources);
  return resources;
}

static JsonObject *
find_resource (JsonNode   *statement,
               const char *type)
{
  JsonArray *resources = resources_of (statement);

  for (guint i = 0; i < json_array_get_length (resources); i++)
    {
      JsonObject *resource = json_array_get_object_element (resources, i);

      if (g_str_equal (json_object_get_string_member (resource, "type"), type))
        return resource;
    }

  return NULL;
}

static gboolean
lists_interaction (JsonObject *resource,
                   const char *code)
{
  JsonArray *interactions;

  if (resource == NULL || !json_object_has_member (resource, "interaction"))
    return FALSE;

  interactions = json_object_get_array_member (resource, "interaction");
  for (guint i = 0; i < json_array_get_length (interactions); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (interactions, i),
                                                    "code"), code))
      return TRUE;

  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* What a CapabilityStatement must say */

static void
assert_statement (Fixture    *fixture,
                  JsonNode   *statement,
                  const char *base_path)
{
  JsonObject *object = object_of (statement);
  JsonObject *rest = rest_of (statement);
  JsonObject *security, *extension, *software, *implementation;
  JsonArray *format, *uris;
  g_autofree char *base_url = g_strconcat (cpis_test_hub_get_origin (fixture->hub), base_path,
                                           NULL);
  g_autofree char *token_uri = g_strconcat (cpis_test_hub_get_origin (fixture->hub),
                                            "/oauth2/token", NULL);
  g_autofree char *revoke_uri = g_strconcat (cpis_test_hub_get_origin (fixture->hub),
                                             "/oauth2/revoke", NULL);
  gboolean token_seen = FALSE, revoke_seen = FALSE;

  g_assert_cmpstr (json_object_get_string_member (object, "resourceType"), ==,
                   "CapabilityStatement");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "instance");
  g_assert_cmpstr (json_object_get_string_member (object, "fhirVersion"), ==, "4.0.1");
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+00:00$",
                                       json_object_get_string_member (object, "date"), 0, 0));

  software = json_object_get_object_member (object, "software");
  g_assert_cmpstr (json_object_get_string_member (software, "name"), ==, "cpis-hub");
  g_assert_cmpstr (json_object_get_string_member (software, "version"), ==, PACKAGE_VERSION);

  implementation = json_object_get_object_member (object, "implementation");
  g_assert_cmpstr (json_object_get_string_member (implementation, "url"), ==, base_url);

  format = json_object_get_array_member (object, "format");
  g_assert_cmpuint (json_array_get_length (format), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (format, 0), ==, "json");

  g_assert_cmpstr (json_object_get_string_member (rest, "mode"), ==, "server");
  /* the one system-level interaction served is batch (an LA's plan
   * upload); transaction, search-system and history-system are not:
   * test_interactions checks they answer 404 or 405 */
  if (g_str_equal (base_path, BASE))
    {
      JsonArray *interactions = json_object_get_array_member (rest, "interaction");

      g_assert_cmpuint (json_array_get_length (interactions), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (interactions, 0),
                                                      "code"), ==, "batch");
    }
  else
    g_assert_false (json_object_has_member (rest, "interaction"));
  g_assert_false (json_object_has_member (rest, "operation"));

  security = json_object_get_object_member (rest, "security");
  g_assert_nonnull (security);
  g_assert_nonnull (strstr (json_object_get_string_member (security, "description"),
                            "/oauth2/userinfo"));
  g_assert_cmpstr (json_object_get_string_member (
    json_array_get_object_element (
      json_object_get_array_member (
        json_array_get_object_element (
          json_object_get_array_member (security, "service"), 0), "coding"), 0),
    "code"), ==, "OAuth");
  extension = json_array_get_object_element (json_object_get_array_member (security, "extension"),
                                             0);
  g_assert_cmpstr (json_object_get_string_member (extension, "url"), ==,
                   "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
  uris = json_object_get_array_member (extension, "extension");
  for (guint i = 0; i < json_array_get_length (uris); i++)
    {
      JsonObject *uri = json_array_get_object_element (uris, i);
      const char *name = json_object_get_string_member (uri, "url");
      const char *value = json_object_get_string_member (uri, "valueUri");

      if (g_str_equal (name, "token"))
        token_seen = g_str_equal (value, token_uri);
      else if (g_str_equal (name, "revoke"))
        revoke_seen = g_str_equal (value, revoke_uri);
      else
        g_assert_not_reached ();
    }
  g_assert_true (token_seen);
  g_assert_true (revoke_seen);

  /* and they are sign-in endpoints: a form without a grant is refused, not 404 */
  {
    g_autoptr(CpisTestResponse) response =
      cpis_test_hub_request (fixture->hub, "POST", "/oauth2/token", NULL,
                             "application/x-www-form-urlencoded", "grant_type=x", NULL);

    cpis_test_assert_outcome (response, 400, "INVALID_REQUEST");
  }
}

static void
test_open (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonNode) cpis = get_metadata (fixture, BASE "/metadata");
  g_autoptr(JsonNode) pds = get_metadata (fixture, PDS "/metadata");
  g_autoptr(JsonNode) slash = get_metadata (fixture, BASE "/metadata/");
  g_autoptr(CpisTestResponse) post = NULL;
  g_autoptr(CpisTestResponse) with_token = NULL;
  g_autoptr(CpisTestResponse) pds_echo = NULL;

  assert_statement (fixture, cpis, BASE);
  assert_statement (fixture, pds, PDS);
  assert_statement (fixture, slash, BASE);
  g_assert_cmpstr (json_object_get_string_member (object_of (cpis), "id"), ==, "cpis-hub");
  g_assert_cmpstr (json_object_get_string_member (object_of (pds), "id"), ==,
                   "cpis-hub-demographics");

  /* each base lists its own resources only */
  g_assert_nonnull (find_resource (cpis, "CareTeam"));
  g_assert_null (find_resource (cpis, "Patient"));
  g_assert_nonnull (find_resource (pds, "Patient"));
  g_assert_null (find_resource (pds, "Task"));

  /* a token changes nothing; only GET is taken */
  with_token = cpis_test_hub_request (fixture->hub, "GET", BASE "/metadata", fixture->nurse,
                                      NULL, NULL, NULL);
  g_assert_cmpuint (with_token->status, ==, 200);
  post = cpis_test_hub_request (fixture->hub, "POST", BASE "/metadata", NULL,
                                "application/fhir+json", "{}", NULL);
  cpis_test_assert_outcome (post, 405, "METHOD_NOT_ALLOWED");
  g_assert_cmpstr (soup_message_headers_get_one (post->headers, "Allow"), ==, "GET");

  /* under [pds], the request ids are echoed as on every path there */
  pds_echo = cpis_test_hub_request (fixture->hub, "GET", PDS "/metadata", NULL, NULL, NULL,
                                    "X-Request-ID", REQUEST_ID, NULL);
  g_assert_cmpuint (pds_echo->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (pds_echo->headers, "X-Request-ID"), ==,
                   REQUEST_ID);

  /* nothing about a child or a user is in it */
  {
    g_autofree char *text = json_to_string (cpis, FALSE);

    g_assert_null (strstr (text, CHILD));
    g_assert_null (strstr (text, "Tester"));
  }
}

/* ------------------------------------------------------------------------ */
/* Listed = served */

static const char *
base_of_route (const char *path)
{
  if (g_str_has_prefix (path, BASE "/"))
    return BASE;
  if (g_str_has_prefix (path, PDS "/"))
    return PDS;
  return NULL;
}

static void
test_router (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonNode) cpis = get_metadata (fixture, BASE "/metadata");
  g_autoptr(JsonNode) pds = get_metadata (fixture, PDS "/metadata");
  guint n_listed = 0, n_served = 0;

  /* every route of the router: a sign-in endpoint, metadata, or a listed type */
  for (guint i = 0; i < _cpis_hub_server_get_n_routes (); i++)
    {
      const char *path = _cpis_hub_server_get_route (i, NULL);
      const char *base = base_of_route (path);
      const char *type;
      JsonObject *resource;

      if (g_str_has_prefix (path, "/oauth2/"))
        continue;
      /* under no FHIR base: rest's capabilitystatement-websocket gives it */
      if (g_str_equal (path, CPIS_HUB_WEBSOCKET_PATH))
        {
          JsonObject *rest = json_array_get_object_element (
            json_object_get_array_member (object_of (cpis), "rest"), 0);
          JsonObject *extension = json_array_get_object_element (
            json_object_get_array_member (rest, "extension"), 0);
          g_autofree char *url = g_strdup_printf ("ws://%s" CPIS_HUB_WEBSOCKET_PATH,
                                                  cpis_test_hub_get_origin (fixture->hub) +
                                                    strlen ("http://"));

          g_assert_cmpstr (json_object_get_string_member (extension, "url"), ==,
                           "http://hl7.org/fhir/StructureDefinition/capabilitystatement-websocket");
          g_assert_cmpstr (json_object_get_string_member (extension, "valueUri"), ==, url);
          continue;
        }
      /* the base itself: batch, the one system-level interaction */
      if (g_str_equal (path, BASE))
        {
          JsonObject *rest = json_array_get_object_element (
            json_object_get_array_member (object_of (cpis), "rest"), 0);
          JsonArray *interactions = json_object_get_array_member (rest, "interaction");

          g_assert_nonnull (interactions);
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (interactions, 0),
                                                          "code"), ==, "batch");
          continue;
        }
      if (base == NULL)
        {
          g_test_message ("The router serves %s, under neither FHIR base", path);
          g_test_fail ();
          continue;
        }

      type = path + strlen (base) + 1;
      if (g_str_equal (type, "metadata"))
        continue;

      resource = find_resource (g_str_equal (base, BASE) ? cpis : pds, type);
      if (resource == NULL || !json_object_has_member (resource, "interaction"))
        {
          g_test_message ("The router serves %s, which %s/metadata does not describe "
                          "(src/hub/cpis-hub-metadata.c)", path, base);
          g_test_fail ();
          continue;
        }
      n_served++;
    }

  /* and nothing else is listed */
  for (guint b = 0; b < 2; b++)
    {
      JsonArray *resources = resources_of (b == 0 ? cpis : pds);

      for (guint i = 0; i < json_array_get_length (resources); i++)
        {
          const char *type = json_object_get_string_member (json_array_get_object_element (resources, i),
                                                            "type");
          g_autofree char *path = g_strdup_printf ("%s/%s", b == 0 ? BASE : PDS, type);
          gboolean routed = FALSE;

          for (guint r = 0; r < _cpis_hub_server_get_n_routes () && !routed; r++)
            routed = g_str_equal (_cpis_hub_server_get_route (r, NULL), path);
          g_assert_true (routed);
          n_listed++;
        }
    }

  g_assert_cmpuint (n_listed, ==, n_served);
  g_assert_cmpuint (n_served, >=, 4);   /* CareTeam, AuditEvent, Task, Patient */
}

/* ------------------------------------------------------------------------ */
/* Every interaction tried */

/* The FHIR R4 interactions of a type or an instance (TypeRestfulInteraction) */
static const char * const type_interactions[] = {
  "read", "vread", "update", "patch", "delete", "history-instance", "history-type", "create",
  "search-type",
};

typedef struct
{
  const char *token;
  const char *id;
  const char *version;     /* for vread */
  const char *query;       /* a search that finds something */
  const char *body;        /* for update: the resource as read */
} Probe;

/* What to send for @type; FALSE for a type this test has no probe for */
static gboolean
probe_for (Fixture    *fixture,
           const char *type,
           Probe      *probe)
{
  static char query[128];

  memset (probe, 0, sizeof (Probe));
  probe->version = "1";
  probe->body = "{}";

  if (g_str_equal (type, "CareTeam"))
    {
      probe->token = fixture->nurse;
      probe->id = fixture->care_team_id;
      probe->query = "patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C" CHILD;
    }
  else if (g_str_equal (type, "AuditEvent"))
    {
      probe->token = fixture->nurse;
      probe->id = fixture->audit_event_id;
      probe->query = "patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C" CHILD;
    }
  else if (g_str_equal (type, "Task"))
    {
      probe->token = fixture->sw;
      probe->id = fixture->task_id;
      probe->query = "status=requested";
      probe->body = fixture->task_json;
    }
  else if (g_str_equal (type, "Subscription"))
    {
      probe->token = fixture->sw;
      probe->id = fixture->subscription_id;
      probe->query = "";
      probe->body = SUBSCRIPTION_BODY;
    }
  else if (g_str_equal (type, "PractitionerRole") || g_str_equal (type, "Organization"))
    {
      /* the LA's social workers and teams: search only */
      probe->token = fixture->sw;
      probe->id = fixture->task_id;
      probe->query = "";
    }
  else if (g_str_equal (type, "Basic"))
    {
      /* the LA's upload exceptions: read, search and $dismiss */
      probe->token = fixture->sw;
      probe->id = fixture->exception_id;
      probe->query = "";
    }
  else if (g_str_equal (type, "Measure"))
    {
      /* the area figures: a partnership officer's */
      probe->token = fixture->officer;
      probe->id = "area-figures";
      probe->query = "";
    }
  else if (g_str_equal (type, "Patient"))
    {
      probe->token = fixture->nurse;
      probe->id = CHILD;
      g_snprintf (query, sizeof query, "family=Tester&birthdate=eq2015-06-01");
      probe->query = query;
    }
  else
    return FALSE;

  return TRUE;
}

/* The request for @interaction on @type at @base_path */
static CpisTestResponse *
try_interaction (Fixture     *fixture,
                 const char  *base_path,
                 const char  *type,
                 const char  *interaction,
                 const Probe *probe)
{
  g_autofree char *path = NULL;
  const char *method = "GET";
  const char *content_type = NULL;
  const char *body = NULL;

  if (g_str_equal (interaction, "read") || g_str_equal (interaction, "delete") ||
      g_str_equal (interaction, "update") || g_str_equal (interaction, "patch"))
    path = g_strdup_printf ("%s/%s/%s", base_path, type, probe->id);
  else if (g_str_equal (interaction, "vread"))
    path = g_strdup_printf ("%s/%s/%s/_history/%s", base_path, type, probe->id, probe->version);
  else if (g_str_equal (interaction, "history-instance"))
    path = g_strdup_printf ("%s/%s/%s/_history", base_path, type, probe->id);
  else if (g_str_equal (interaction, "history-type"))
    path = g_strdup_printf ("%s/%s/_history", base_path, type);
  else if (g_str_equal (interaction, "create"))
    path = g_strdup_printf ("%s/%s", base_path, type);
  else if (g_str_equal (interaction, "search-type"))
    path = g_strdup_printf ("%s/%s?%s", base_path, type, probe->query);
  else
    g_assert_not_reached ();

  if (g_str_equal (interaction, "delete"))
    method = "DELETE";
  else if (g_str_equal (interaction, "update"))
    method = "PUT";
  else if (g_str_equal (interaction, "patch"))
    method = "PATCH";
  else if (g_str_equal (interaction, "create"))
    method = "POST";

  if (!g_str_equal (method, "GET") && !g_str_equal (method, "DELETE"))
    {
      content_type = g_str_equal (method, "PATCH") ? "application/json-patch+json"
                                                   : "application/fhir+json";
      body = g_str_equal (method, "PATCH") ? "[]" : probe->body;
    }

  return cpis_test_hub_request (fixture->hub, method, path, probe->token, content_type, body,
                                "If-Match", "W/\"1\"",
                                "IsUnscheduledAccessEvent", "false",
                                "X-Request-ID", REQUEST_ID,
                                NULL);
}

/* [pds]/Patient/_history is read as Patient/{id}, and refused as PDS
 * refuses an id that is no NHS number (400 INVALID_RESOURCE_ID): as much
 * "not served" as a 404 */
static gboolean
is_id_refused (CpisTestResponse *response)
{
  g_autofree char *text = NULL;

  if (response->status != 400)
    return FALSE;

  text = cpis_test_response_text (response);
  return strstr (text, "\"OperationOutcome\"") != NULL &&
         strstr (text, "\"INVALID_RESOURCE_ID\"") != NULL;
}

static void
check_type (Fixture    *fixture,
            JsonNode   *statement,
            const char *base_path,
            const char *type)
{
  JsonObject *resource = find_resource (statement, type);
  Probe probe;

  if (!probe_for (fixture, type, &probe))
    {
      g_test_message ("%s/metadata lists %s, which this test cannot try yet: add a probe "
                      "(probe_for)", base_path, type);
      g_test_fail ();
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (type_interactions); i++)
    {
      const char *interaction = type_interactions[i];
      g_autoptr(CpisTestResponse) response =
        try_interaction (fixture, base_path, type, interaction, &probe);
      gboolean listed = lists_interaction (resource, interaction);
      gboolean answered = response->status != 404 && response->status != 405 &&
                          !is_id_refused (response);

      g_test_message ("%s %s: %s, answered %u", type, interaction,
                      listed ? "listed" : "not listed", response->status);
      if (listed)
        {
          g_assert_cmpuint (response->status, <, 500);
          g_assert_true (answered);
        }
      else
        g_assert_false (answered);
    }
}

static void
test_interactions (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const unlisted_types[] = {
    "Patient", "Observation", "Subscription", "PractitionerRole", "Organization", "Group",
    "Bundle", "metadata2",
  };
  static const char * const bases[] = { BASE, PDS };

  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    {
      g_autofree char *metadata = g_strconcat (bases[b], "/metadata", NULL);
      g_autoptr(JsonNode) statement = get_metadata (fixture, metadata);
      JsonArray *resources = resources_of (statement);

      for (guint i = 0; i < json_array_get_length (resources); i++)
        check_type (fixture, statement, bases[b],
                    json_object_get_string_member (json_array_get_object_element (resources, i),
                                                   "type"));

      /* types not listed answer nothing, whatever is tried */
      for (guint t = 0; t < G_N_ELEMENTS (unlisted_types); t++)
        {
          Probe probe = { fixture->nurse, CHILD, "1", "_id=x", "{}" };

          if (find_resource (statement, unlisted_types[t]) != NULL)
            continue;
          for (guint i = 0; i < G_N_ELEMENTS (type_interactions); i++)
            {
              g_autoptr(CpisTestResponse) response =
                try_interaction (fixture, bases[b], unlisted_types[t], type_interactions[i],
                                 &probe);

              g_assert_true (response->status == 404 || response->status == 405);
            }
        }

      /* nor the system-level interactions but batch (at [base] only), which
       * refuses a Bundle that is not one (400) */
      {
        static const struct { const char *method; const char *path; } system[] = {
          { "POST", "" },             /* transaction, batch */
          { "POST", "/" },
          { "GET", "" },
          { "GET", "?_id=x" },        /* search-system */
          { "GET", "/?_type=Task" },
          { "GET", "/_history" },     /* history-system */
          { "GET", "/_search" },
        };

        for (guint i = 0; i < G_N_ELEMENTS (system); i++)
          {
            g_autofree char *path = g_strconcat (bases[b], system[i].path, NULL);
            g_autoptr(CpisTestResponse) response =
              cpis_test_hub_request (fixture->hub, system[i].method, path, fixture->sw,
                                     g_str_equal (system[i].method, "POST") ? "application/fhir+json" : NULL,
                                     g_str_equal (system[i].method, "POST") ? "{\"resourceType\":\"Bundle\"}" : NULL,
                                     NULL);

            if (b == 0 && g_str_equal (system[i].method, "POST"))
              cpis_test_assert_outcome (response, 400, "INVALID_RESOURCE");
            else
              g_assert_true (response->status == 404 || response->status == 405);
          }
      }
    }
}

/* ------------------------------------------------------------------------ */
/* Every search parameter and include listed is taken */

/* A value for each parameter listed; NULL for one this test does not know */
static const char *
sample_query (const char *type,
              const char *name)
{
  static const struct { const char *type, *name, *query; } samples[] = {
    { "CareTeam", "patient", "patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C" CHILD },
    /* a social worker's list of the LA's plans (sample_token) */
    { "CareTeam", "status", "status=active" },
    { "CareTeam", "category", "category=http://snomed.info/sct%7C342191000000101" },
    { "AuditEvent", "patient", "patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C" CHILD },
    { "Task", "status", "status=requested,accepted" },
    { "Task", "code", "code=inactive-nhs-number" },
    { "Task", "patient", "patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C" CHILD },
    { "Task", "owner", "owner:identifier=https://fhir.nhs.uk/Id/ods-organization-code%7CLA1" },
    { "Task", "authored-on", "authored-on=ge2025-06-01&authored-on=lt2025-07-01" },
    { "Task", "_lastUpdated", "_lastUpdated=gt2025-06-01T00:00:00Z" },
    { "Task", "out-of-area", "out-of-area=false" },
    { "PractitionerRole", "organization",
      "organization:identifier=https://fhir.nhs.uk/Id/ods-organization-code%7CLA1" },
    { "Organization", "partof", "partof=Organization/LA1" },
    { "Patient", "family", "family=Tester&birthdate=2015-06-01" },
    { "Patient", "given", "family=Tester&birthdate=2015-06-01&given=Alex" },
    { "Patient", "gender", "family=Tester&birthdate=2015-06-01&gender=female" },
    { "Patient", "birthdate", "family=Tester&birthdate=eq2015-06-01" },
    { "Patient", "address-postalcode", "family=Tester&birthdate=2015-06-01&address-postalcode=qn12ab" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    if (g_str_equal (samples[i].type, type) && g_str_equal (samples[i].name, name))
      return samples[i].query;

  return NULL;
}

static void
test_search_params (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const bases[] = { BASE, PDS };
  guint n_tried = 0;

  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    {
      g_autofree char *metadata = g_strconcat (bases[b], "/metadata", NULL);
      g_autoptr(JsonNode) statement = get_metadata (fixture, metadata);
      JsonArray *resources = resources_of (statement);

      for (guint i = 0; i < json_array_get_length (resources); i++)
        {
          JsonObject *resource = json_array_get_object_element (resources, i);
          const char *type = json_object_get_string_member (resource, "type");
          JsonArray *params = json_object_has_member (resource, "searchParam")
                              ? json_object_get_array_member (resource, "searchParam")
                              : NULL;
          JsonArray *includes = json_object_has_member (resource, "searchInclude")
                                ? json_object_get_array_member (resource, "searchInclude")
                                : NULL;
          Probe probe;

          if (!probe_for (fixture, type, &probe))
            continue;   /* test_interactions says so */

          for (guint p = 0; params != NULL && p < json_array_get_length (params); p++)
            {
              JsonObject *param = json_array_get_object_element (params, p);
              const char *name = json_object_get_string_member (param, "name");
              const char *definition = json_object_get_string_member (param, "definition");
              const char *query = sample_query (type, name);
              g_autofree char *path = NULL;
              g_autoptr(CpisTestResponse) response = NULL;

              /* FHIR's own parameters by their canonical; the hub's own by its */
              g_assert_nonnull (definition);
              g_assert_true (g_str_has_prefix (definition, "http://hl7.org/fhir/SearchParameter/") ||
                             g_str_has_prefix (definition,
                                               "https://cpis-desktop.gnome.example/fhir/SearchParameter/"));
              g_assert_true (g_str_has_suffix (definition, name + (name[0] == '_')));
              g_assert_nonnull (json_object_get_string_member (param, "type"));

              if (query == NULL)
                {
                  g_test_message ("%s lists the search parameter %s, which this test cannot try "
                                  "yet: add a sample (sample_query)", type, name);
                  g_test_fail ();
                  continue;
                }

              path = g_strdup_printf ("%s/%s?%s", bases[b], type, query);
              /* CareTeam's own parameters list the LA's plans: a social worker's */
              response = cpis_test_hub_request (fixture->hub, "GET", path,
                                                g_str_equal (type, "CareTeam") &&
                                                    !g_str_equal (name, "patient")
                                                  ? fixture->sw
                                                  : probe.token,
                                                NULL, NULL,
                                                "IsUnscheduledAccessEvent", "false",
                                                "X-Request-ID", REQUEST_ID, NULL);
              g_test_message ("%s ?%s: %u", type, query, response->status);
              g_assert_cmpuint (response->status, ==, 200);
              n_tried++;
            }

          for (guint p = 0; includes != NULL && p < json_array_get_length (includes); p++)
            {
              g_autofree char *path = g_strdup_printf ("%s/%s?%s&_include=%s", bases[b], type,
                                                       probe.query,
                                                       json_array_get_string_element (includes, p));
              g_autoptr(CpisTestResponse) response =
                cpis_test_hub_request (fixture->hub, "GET", path, probe.token, NULL, NULL,
                                       "X-Request-ID", REQUEST_ID, NULL);
              g_autoptr(JsonNode) root = NULL;
              JsonArray *entries;
              gboolean included = FALSE;

              g_assert_cmpuint (response->status, ==, 200);
              root = cpis_test_response_json (response);
              entries = json_object_get_array_member (object_of (root), "entry");
              for (guint e = 0; e < json_array_get_length (entries); e++)
                included |= g_str_equal (json_object_get_string_member (
                  json_object_get_object_member (
                    json_array_get_object_element (entries, e), "search"),
                  "mode"), "include");
              g_assert_true (included);
              n_tried++;
            }

          /* each operation listed, tried on the probe's instance */
          if (json_object_has_member (resource, "operation"))
            {
              JsonArray *operations = json_object_get_array_member (resource, "operation");

              for (guint o = 0; o < json_array_get_length (operations); o++)
                {
                  const char *name = json_object_get_string_member (
                    json_array_get_object_element (operations, o), "name");
                  g_autofree char *path = g_strdup_printf (
                    "%s/%s/%s/$%s%s", bases[b], type, probe.id, name,
                    g_str_equal (name, "evaluate-measure") ? "?periodStart=2025-06-01&periodEnd=" TODAY : "");
                  g_autoptr(CpisTestResponse) response = NULL;

                  if (!(g_str_equal (type, "Subscription") &&
                        (g_str_equal (name, "get-ws-binding-token") ||
                         g_str_equal (name, "status") || g_str_equal (name, "events"))) &&
                      !(g_str_equal (type, "Basic") && g_str_equal (name, "dismiss")) &&
                      !(g_str_equal (type, "Measure") && g_str_equal (name, "evaluate-measure")))
                    {
                      g_test_message ("%s lists the operation %s, which this test cannot try "
                                      "yet", type, name);
                      g_test_fail ();
                      continue;
                    }

                  response = cpis_test_hub_request (fixture->hub,
                                                    g_str_equal (name, "get-ws-binding-token") ||
                                                        g_str_equal (name, "dismiss")
                                                      ? "POST"
                                                      : "GET",
                                                    path, probe.token, NULL, NULL, NULL);
                  g_test_message ("%s $%s: %u", type, name, response->status);
                  g_assert_cmpuint (response->status, ==, 200);
                  n_tried++;
                }
            }
        }
    }

  /* CareTeam, AuditEvent, seven of Task's and its include, PractitionerRole's and
   * Organization's, five of Patient's */
  g_assert_cmpuint (n_tried, >=, 17);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/hub-metadata/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("open", test_open);
  ADD ("router", test_router);
  ADD ("interactions", test_interactions);
  ADD ("search-params", test_search_params);

#undef ADD

  return g_test_run ();
}
