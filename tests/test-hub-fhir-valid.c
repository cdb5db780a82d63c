/* test-hub-fhir-valid.c: what the hub answers, through validators that owe
 * nothing to this project
 *
 * A seeded hub in-process (cpis-test-hub.h), asked over real HTTP for every
 * kind of answer it gives — both CapabilityStatements, CareTeams of every
 * kind of plan and none, access histories with their PractitionerRoles,
 * notifications (searches with _include and paging, reads, versions,
 * histories, a change, an Inactive NHS Number Task), the demo LA's social
 * workers and teams (PractitionerRole, Organization), its plan uploads
 * (batch-response), its plans (CareTeam pages) and upload exceptions (Basic:
 * listed, read, dismissed), Subscriptions (made,
 * read, listed, $status, $events, a binding token) and the notification
 * Bundles their websocket carries (handshake, heartbeat, event-notification
 * with each payload content), demographics (read, restricted, superseded,
 * search, too many matches) and OperationOutcomes of every status — and
 * each body is validated by
 * tests/fhir-validation/validate.js: HL7's FHIR R4 JSON schema with ajv,
 * FHIR.js's StructureDefinition validator, and FHIR's JSON rules. Any error
 * fails the test, naming the answer and the element.
 *
 * The validators are npm packages pinned by tests/fhir-validation/
 * package-lock.json and installed by build-aux/install-deps.sh; without
 * them (or Node.js) the test fails, saying so: it never passes unvalidated.
 *
 * NHS numbers are synthetic (999 range, valid check digits).
 */
#include <string.h>

#include "cpis-date.h"
#include "cpis-demo-account.h"
#include "cpis-hub-seed.h"
#include "cpis-hub-subscription-json.h"
#include "cpis-test-hub.h"
#include "cpis-test-util.h"

#define TODAY      "2026-03-01"
#define N_CHILDREN 60
#define SEED       1

#define BASE "/cpis/FHIR/R4"
#define PDS  "/personal-demographics/FHIR/R4"
#define REQUEST_ID "7c5d3e0a-1b2c-4d5e-8f90-a1b2c3d4e5f6"

typedef struct
{
  CpisTestHub      *hub;
  GSubprocess      *validator;
  GOutputStream    *to_validator;
  GDataInputStream *from_validator;
  GPtrArray        *accounts;     /* CpisDemoAccount */
  char             *nurse;        /* tokens */
  char             *social_worker;
  char             *officer;
  char             *partnership;
  guint             n_validated;
  guint             n_warnings;
} Context;

static Context ctx;

/* ------------------------------------------------------------------------ */
/* The validator */

static gboolean
start_validator (void)
{
  const char *node = g_getenv ("CPIS_NODE");
  const char *script = g_getenv ("CPIS_FHIR_VALIDATOR");
  g_autofree char *modules = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;

  if (node == NULL || *node == '\0' || script == NULL)
    {
      g_test_message ("Node.js was not found when the build was set up: run "
                      "build-aux/install-deps.sh, then meson setup --reconfigure");
      return FALSE;
    }

  dir = g_path_get_dirname (script);
  modules = g_build_filename (dir, "node_modules", "fhir", NULL);
  if (!g_file_test (modules, G_FILE_TEST_IS_DIR))
    {
      g_test_message ("The FHIR validators are not installed (%s): run build-aux/install-deps.sh "
                      "(npm ci in tests/fhir-validation)", modules);
      return FALSE;
    }

  ctx.validator = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                    &error, node, script, "--stdin", NULL);
  g_assert_no_error (error);
  ctx.to_validator = g_subprocess_get_stdin_pipe (ctx.validator);
  ctx.from_validator = g_data_input_stream_new (g_subprocess_get_stdout_pipe (ctx.validator));
  return TRUE;
}

static void
stop_validator (void)
{
  g_autoptr(GError) error = NULL;

  if (ctx.validator == NULL)
    return;

  g_output_stream_close (ctx.to_validator, NULL, NULL);
  g_subprocess_wait_check (ctx.validator, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&ctx.from_validator);
  g_clear_object (&ctx.validator);
}

/* The validator's verdict on @json; TRUE when it found no error (each one
 * is a test message, and fails the test) */
static gboolean
validate_text (const char *label,
               const char *json,
               gsize       length)
{
  g_autofree char *header = NULL;
  g_autofree char *line = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *verdict;
  JsonArray *errors, *warnings;

  g_assert_nonnull (ctx.validator);
  g_assert_null (strchr (label, '\n'));

  header = g_strdup_printf ("%s %" G_GSIZE_FORMAT "\n", label, length);
  g_output_stream_write_all (ctx.to_validator, header, strlen (header), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (ctx.to_validator, json, length, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_flush (ctx.to_validator, NULL, &error);
  g_assert_no_error (error);

  line = g_data_input_stream_read_line_utf8 (ctx.from_validator, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);

  verdict = json_node_get_object (json_parser_get_root (parser));
  errors = json_object_get_array_member (verdict, "errors");
  warnings = json_object_get_array_member (verdict, "warnings");
  for (guint i = 0; warnings != NULL && i < json_array_get_length (warnings); i++)
    g_test_message ("%s: warning: %s", label, json_array_get_string_element (warnings, i));
  ctx.n_warnings += warnings != NULL ? json_array_get_length (warnings) : 0;
  for (guint i = 0; i < json_array_get_length (errors); i++)
    g_test_message ("%s: %s", label, json_array_get_string_element (errors, i));

  ctx.n_validated++;
  return json_array_get_length (errors) == 0;
}

/* Validates what @response holds (a FHIR resource: asserted by its type) */
static void
validate (const char       *label,
          CpisTestResponse *response)
{
  const char *content_type = soup_message_headers_get_content_type (response->headers, NULL);
  gsize length;
  const char *data = g_bytes_get_data (response->body, &length);

  g_test_message ("%s: %u", label, response->status);
  g_assert_cmpstr (content_type, ==, "application/fhir+json");
  if (!validate_text (label, data, length))
    g_test_fail ();
}

/* GET @path (from the origin) with @token, validated; the response */
static CpisTestResponse *
get_valid (const char *label,
           const char *path,
           const char *token,
           guint       status)
{
  CpisTestResponse *response = cpis_test_hub_request (ctx.hub, "GET", path, token, NULL, NULL,
                                                      "X-Request-ID", REQUEST_ID, NULL);

  g_assert_cmpuint (response->status, ==, status);
  validate (label, response);
  return response;
}

static JsonObject *
object_of (CpisTestResponse  *response,
           JsonNode         **root)
{
  *root = cpis_test_response_json (response);
  return json_node_get_object (*root);
}

/* ------------------------------------------------------------------------ */
/* Set-up */

static char *
sign_in_as (const char *username)
{
  for (guint i = 0; i < ctx.accounts->len; i++)
    {
      CpisDemoAccount *account = g_ptr_array_index (ctx.accounts, i);

      if (g_str_equal (account->username, username))
        return cpis_test_hub_sign_in (ctx.hub, account->username, account->password);
    }

  g_assert_not_reached ();
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  GDate today;

  ctx.hub = cpis_test_hub_new ();
  g_assert_true (cpis_date_parse (TODAY, &today));
  ctx.accounts = cpis_hub_seed (cpis_test_hub_get_store (ctx.hub), N_CHILDREN, SEED, &today,
                                &error);
  g_assert_no_error (error);
  cpis_test_hub_set_today (ctx.hub, TODAY);

  ctx.nurse = sign_in_as ("nurse");
  ctx.social_worker = sign_in_as ("socialworker");
  ctx.officer = sign_in_as ("partnership");
  ctx.partnership = sign_in_as ("partnership");
}

static void
tear_down (void)
{
  stop_validator ();
  g_free (ctx.nurse);
  g_free (ctx.social_worker);
  g_free (ctx.officer);
  g_free (ctx.partnership);
  g_clear_pointer (&ctx.accounts, g_ptr_array_unref);
  g_clear_pointer (&ctx.hub, cpis_test_hub_free);
}

/* Skips the rest of a test whose validator could not start (the first
 * test has said why, and failed) */
#define NEED_VALIDATOR() \
  G_STMT_START \
  { \
    if (ctx.validator == NULL) \
      { \
        g_test_fail (); \
        return; \
      } \
  } \
  G_STMT_END

/* ------------------------------------------------------------------------ */
/* Tests */

/* The validator refuses what it should, through this very path: a test
 * that cannot fail proves nothing */
static void
test_validator (void)
{
  static const char * const refused[] = {
    "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"colour\":1}",
    "{\"resourceType\":\"Task\",\"intent\":\"order\"}",
    "{\"resourceType\":\"OperationOutcome\",\"issue\":[]}",
    "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
    "{\"resourceType\":\"AuditEvent\",\"recorded\":\"yesterday\"}}]}",
    "not json",
  };

  if (!start_validator ())
    {
      g_test_fail ();
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *label = g_strdup_printf ("refused-%u", i);

      g_assert_false (validate_text (label, refused[i], strlen (refused[i])));
    }
  {
    static const char valid[] = "{\"resourceType\":\"Task\",\"status\":\"requested\","
                                "\"intent\":\"order\"}";

    g_assert_true (validate_text ("accepted", valid, strlen (valid)));
  }
}

static void
test_metadata (void)
{
  g_autoptr(CpisTestResponse) cpis = NULL;
  g_autoptr(CpisTestResponse) pds = NULL;

  NEED_VALIDATOR ();
  cpis = get_valid ("metadata", BASE "/metadata", NULL, 200);
  pds = get_valid ("pds-metadata", PDS "/metadata", NULL, 200);
}

static void
test_care_team (void)
{
  g_auto(GStrv) kinds = NULL;
  g_auto(GStrv) children = NULL;
  g_auto(GStrv) no_record = NULL;
  GDate today;

  NEED_VALIDATOR ();
  g_assert_true (cpis_date_parse (TODAY, &today));
  children = cpis_hub_seed_demo_children (cpis_test_hub_get_store (ctx.hub), N_CHILDREN, SEED,
                                          &today, &kinds);
  g_assert_cmpuint (g_strv_length (children), >=, 5);

  for (guint i = 0; children[i] != NULL; i++)
    {
      g_autofree char *label = g_strdup_printf ("CareTeam-%s", kinds[i]);
      g_autofree char *history = g_strdup_printf ("AuditEvent-%s", kinds[i]);
      g_autoptr(CpisTestResponse) plans =
        cpis_test_hub_search (ctx.hub, ctx.nurse, "CareTeam", children[i], "true");
      g_autoptr(CpisTestResponse) accesses =
        cpis_test_hub_search (ctx.hub, ctx.nurse, "AuditEvent", children[i], NULL);

      g_assert_cmpuint (plans->status, ==, 200);
      validate (label, plans);
      g_assert_cmpuint (accesses->status, ==, 200);
      validate (history, accesses);
    }

  no_record = cpis_hub_seed_examples (cpis_test_hub_get_store (ctx.hub), N_CHILDREN, SEED, &today,
                                      FALSE, 1);
  g_assert_nonnull (no_record[0]);
  {
    g_autoptr(CpisTestResponse) none =
      cpis_test_hub_search (ctx.hub, ctx.nurse, "CareTeam", no_record[0], "false");
    g_autoptr(CpisTestResponse) no_history =
      cpis_test_hub_search (ctx.hub, ctx.nurse, "AuditEvent", no_record[0], NULL);

    validate ("CareTeam-no-record", none);
    validate ("AuditEvent-no-record", no_history);
  }
}

static void
test_demographics (void)
{
  g_autoptr(CpisHubSeedDemographicsExamples) examples = NULL;
  g_autoptr(CpisHubPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GDate today;

  NEED_VALIDATOR ();
  g_assert_true (cpis_date_parse (TODAY, &today));
  examples = cpis_hub_seed_demographics_examples (cpis_test_hub_get_store (ctx.hub), N_CHILDREN,
                                                  SEED, &today);
  g_assert_nonnull (examples->restricted);
  g_assert_nonnull (examples->superseded);

  {
    g_autofree char *restricted = g_strconcat (PDS "/Patient/", examples->restricted, NULL);
    g_autofree char *superseded = g_strconcat (PDS "/Patient/", examples->superseded, NULL);
    g_autofree char *current = g_strconcat (PDS "/Patient/", examples->current, NULL);
    g_autoptr(CpisTestResponse) a = get_valid ("Patient-restricted", restricted, ctx.nurse, 200);
    g_autoptr(CpisTestResponse) b = get_valid ("Patient-superseded", superseded, ctx.nurse, 200);
    g_autoptr(CpisTestResponse) c = get_valid ("Patient-current", current, ctx.social_worker, 200);
  }

  /* a search that finds the current child, and one that finds nobody */
  patient = cpis_hub_store_find_patient (cpis_test_hub_get_store (ctx.hub), examples->current,
                                         &error);
  g_assert_no_error (error);
  g_assert_nonnull (patient);
  path = g_strdup_printf (PDS "/Patient?family=%s&birthdate=eq%s", patient->family_name,
                          patient->date_of_birth);
  {
    g_autoptr(CpisTestResponse) found = get_valid ("Patient-search", path, ctx.nurse, 200);
    g_autoptr(CpisTestResponse) none =
      get_valid ("Patient-search-none", PDS "/Patient?family=Nobody&birthdate=1901-01-01",
                 ctx.nurse, 200);
  }

  /* too many: two of a name and a date of birth, and _max-results=1 */
  {
    g_autofree char *ada = cpis_test_nhs_number (4242000);
    g_autofree char *bea = cpis_test_nhs_number (4242100);

    cpis_test_hub_add_patient (ctx.hub, ada, "Twin", "Ada", "2019-05-05", "female", NULL, FALSE,
                               NULL);
    cpis_test_hub_add_patient (ctx.hub, bea, "Twin", "Bea", "2019-05-05", "female", NULL, FALSE,
                               NULL);
  }
  {
    g_autoptr(CpisTestResponse) many =
      get_valid ("Patient-too-many", PDS "/Patient?family=Twin&birthdate=2019-05-05&_max-results=1",
                 ctx.nurse, 200);
  }
}

/* Retires two of the social worker's LA's children, one with a
 * replacement: Inactive NHS Number Notifications among the Tasks */
static void
retire_two (void)
{
  CpisHubStore *store = cpis_test_hub_get_store (ctx.hub);
  g_autoptr(GPtrArray) numbers = cpis_hub_seed_nhs_numbers (N_CHILDREN, SEED);
  g_autofree char *replacement = cpis_test_nhs_number (4244000);
  guint n_retired = 0;

  for (guint i = 0; i < numbers->len && n_retired < 2; i++)
    {
      const char *number = g_ptr_array_index (numbers, i);
      g_autoptr(GPtrArray) plans = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ours = FALSE;
      guint n_raised = 0;

      plans = cpis_hub_store_list_plans (store, number, &error);
      g_assert_no_error (error);
      for (guint p = 0; p < plans->len && !ours; p++)
        ours = g_str_equal (((CpisHubPlan *) g_ptr_array_index (plans, p))->la->ods_code, "9A1");
      if (!ours)
        continue;

      g_assert_true (cpis_hub_store_retire_nhs_number (store, number,
                                                       n_retired == 0 ? replacement : NULL,
                                                       g_get_real_time (), &n_raised, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n_raised, >=, 1);
      n_retired++;
    }

  g_assert_cmpuint (n_retired, ==, 2);
}

static void
test_tasks (void)
{
  g_autoptr(CpisTestResponse) page = NULL;
  g_autoptr(CpisTestResponse) all = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *entries;
  guint n_tasks = 0;

  NEED_VALIDATOR ();
  retire_two ();
  {
    g_autoptr(CpisTestResponse) inactive =
      get_valid ("Task-search-inactive", BASE "/Task?code=inactive-nhs-number&_include=Task:focus",
                 ctx.social_worker, 200);
    g_autoptr(JsonNode) found = NULL;

    g_assert_cmpint (json_object_get_int_member (object_of (inactive, &found), "total"), >=, 2);
  }
  all = get_valid ("Task-search-include", BASE "/Task?_include=Task:focus&_count=500",
                   ctx.social_worker, 200);
  page = get_valid ("Task-search-page", BASE "/Task?_count=2&_offset=2&status=requested,accepted,"
                                        "in-progress,completed,cancelled",
                    ctx.social_worker, 200);
  {
    g_autoptr(CpisTestResponse) total =
      get_valid ("Task-search-total", BASE "/Task?_count=0", ctx.social_worker, 200);
  }

  /* every Task of the demo LA: read, its history, its first version */
  entries = json_object_get_array_member (object_of (all, &root), "entry");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *resource = json_object_get_object_member (json_array_get_object_element (entries, i),
                                                            "resource");
      const char *id = json_object_get_string_member (resource, "id");
      g_autofree char *read = NULL, *history = NULL, *first = NULL, *label = NULL;
      g_autoptr(CpisTestResponse) a = NULL, b = NULL, c = NULL;

      if (!g_str_equal (json_object_get_string_member (resource, "resourceType"), "Task"))
        continue;

      read = g_strconcat (BASE "/Task/", id, NULL);
      history = g_strconcat (read, "/_history", NULL);
      first = g_strconcat (history, "/1", NULL);
      label = g_strdup_printf ("Task-%u", n_tasks);
      a = get_valid (label, read, ctx.social_worker, 200);
      g_free (label);
      label = g_strdup_printf ("Task-%u-history", n_tasks);
      b = get_valid (label, history, ctx.social_worker, 200);
      g_free (label);
      label = g_strdup_printf ("Task-%u-version-1", n_tasks);
      c = get_valid (label, first, ctx.social_worker, 200);
      n_tasks++;
    }

  /* the seed's worked-on ones and those the CareTeam checks raised */
  g_assert_cmpuint (n_tasks, >=, 10);
}

/* A requested Task taken on: the new version, and the refusals */
static void
test_task_change (void)
{
  g_autoptr(CpisTestResponse) search = NULL;
  g_autoptr(CpisTestResponse) read = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) task = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *bad_transition = NULL;
  JsonObject *object;
  const char *id;

  NEED_VALIDATOR ();
  search = cpis_test_hub_request (ctx.hub, "GET", BASE "/Task?status=requested&_count=1",
                                  ctx.social_worker, NULL, NULL, NULL);
  g_assert_cmpuint (search->status, ==, 200);
  id = json_object_get_string_member (
    json_object_get_object_member (
      json_array_get_object_element (json_object_get_array_member (object_of (search, &root),
                                                                   "entry"), 0),
      "resource"),
    "id");
  path = g_strconcat (BASE "/Task/", id, NULL);
  read = cpis_test_hub_request (ctx.hub, "GET", path, ctx.social_worker, NULL, NULL, NULL);
  g_assert_cmpuint (read->status, ==, 200);

  /* accepted, with a note */
  task = cpis_test_response_json (read);
  object = json_node_get_object (task);
  json_object_set_string_member (object, "status", "accepted");
  {
    JsonArray *notes = json_array_new ();
    JsonObject *note = json_object_new ();

    json_object_set_string_member (note, "text", "Phoned the family; GP informed.");
    json_array_add_object_element (notes, note);
    json_object_set_array_member (object, "note", notes);
  }
  body = json_to_string (task, FALSE);

  {
    g_autoptr(CpisTestResponse) changed =
      cpis_test_hub_request (ctx.hub, "PUT", path, ctx.social_worker, "application/fhir+json",
                             body, "If-Match", "W/\"1\"", NULL);
    g_autoptr(CpisTestResponse) stale =
      cpis_test_hub_request (ctx.hub, "PUT", path, ctx.social_worker, "application/fhir+json",
                             body, "If-Match", "W/\"1\"", NULL);
    g_autoptr(CpisTestResponse) no_version =
      cpis_test_hub_request (ctx.hub, "PUT", path, ctx.social_worker, "application/fhir+json",
                             body, NULL);
    g_autoptr(CpisTestResponse) not_json =
      cpis_test_hub_request (ctx.hub, "PUT", path, ctx.social_worker, "application/fhir+json",
                             "{", "If-Match", "W/\"2\"", NULL);
    g_autoptr(CpisTestResponse) wrong_type =
      cpis_test_hub_request (ctx.hub, "PUT", path, ctx.social_worker, "text/plain", body,
                             "If-Match", "W/\"2\"", NULL);
    g_autoptr(CpisTestResponse) history = NULL;

    g_assert_cmpuint (changed->status, ==, 200);
    validate ("Task-changed", changed);
    cpis_test_assert_outcome (stale, 412, "VERSION_CONFLICT");
    validate ("OperationOutcome-412", stale);
    cpis_test_assert_outcome (no_version, 428, "PRECONDITION_REQUIRED");
    validate ("OperationOutcome-428", no_version);
    cpis_test_assert_outcome (not_json, 400, "INVALID_RESOURCE");
    validate ("OperationOutcome-400-resource", not_json);
    cpis_test_assert_outcome (wrong_type, 415, "UNSUPPORTED_MEDIA_TYPE");
    validate ("OperationOutcome-415", wrong_type);

    /* back to requested: not a transition */
    json_object_set_string_member (object, "status", "requested");
    json_object_remove_member (object, "note");
    bad_transition = json_to_string (task, FALSE);
    {
      g_autoptr(CpisTestResponse) refused =
        cpis_test_hub_request (ctx.hub, "PUT", path, ctx.social_worker, "application/fhir+json",
                               bad_transition, "If-Match", "W/\"2\"", NULL);

      cpis_test_assert_outcome (refused, 422, "BUSINESS_RULE");
      validate ("OperationOutcome-422", refused);
    }

    {
      g_autofree char *history_path = g_strconcat (path, "/_history", NULL);

      history = get_valid ("Task-changed-history", history_path, ctx.social_worker, 200);
    }
  }
}

static void
test_outcomes (void)
{
  static const struct
  {
    const char *label;
    const char *method;
    const char *path;
    int         who;          /* 0 none, 1 nurse, 2 social worker, 3 partnership, 4 a bad token */
    const char *content_type;
    const char *body;
    guint       status;
  } cases[] = {
    { "401-no-token", "GET", BASE "/CareTeam?patient:identifier=9990821283", 0, NULL, NULL, 401 },
    { "401-bad-token", "GET", BASE "/AuditEvent?patient:identifier=9990821283", 4, NULL, NULL, 401 },
    { "403-role", "GET", BASE "/CareTeam?patient:identifier=9990821283", 3, NULL, NULL, 403 },
    { "403-task-role", "GET", BASE "/Task", 1, NULL, NULL, 403 },
    { "404-path", "GET", BASE "/Patient", 1, NULL, NULL, 404 },
    { "404-task", "GET", BASE "/Task/1b4e28ba-2fa1-11d2-883f-0016d3cca427", 2, NULL, NULL, 404 },
    { "405", "DELETE", BASE "/CareTeam", 1, NULL, NULL, 405 },
    { "400-search", "GET", BASE "/CareTeam?patient:identifier=9990821284", 1, NULL, NULL, 400 },
    { "400-task-search", "GET", BASE "/Task?colour=red", 2, NULL, NULL, 400 },
    { "403-directory-role", "GET", BASE "/PractitionerRole", 1, NULL, NULL, 403 },
    { "400-directory-search", "GET", BASE "/Organization?active=true", 2, NULL, NULL, 400 },
    { "405-directory", "POST", BASE "/Organization", 2, "application/fhir+json", "{}", 405 },
    { "400-grant", "POST", "/oauth2/token", 0, "application/x-www-form-urlencoded",
      "grant_type=password&username=nurse&password=wrong", 400 },
    { "415-token", "POST", "/oauth2/token", 0, "text/plain", "x", 415 },
    { "401-userinfo", "GET", "/oauth2/userinfo", 0, NULL, NULL, 401 },
    { "pds-400-id", "GET", PDS "/Patient/123", 1, NULL, NULL, 400 },
    { "pds-404", "GET", NULL, 1, NULL, NULL, 404 },   /* a number with no record */
    { "pds-400-missing", "GET", PDS "/Patient?family=Twin", 1, NULL, NULL, 400 },
    { "pds-400-value", "GET", PDS "/Patient?family=Twin&birthdate=2019-05-05&gender=x", 1, NULL,
      NULL, 400 },
    { "pds-403", "GET", PDS "/Patient/9990821283", 3, NULL, NULL, 403 },
  };

  NEED_VALIDATOR ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *tokens[] = { NULL, ctx.nurse, ctx.social_worker, ctx.partnership,
                               "not-a-token-the-hub-issued" };
      g_autofree char *label = g_strconcat ("OperationOutcome-", cases[i].label, NULL);
      g_autofree char *nobody = cpis_test_nhs_number (4243000);
      g_autofree char *nobody_path = g_strconcat (PDS "/Patient/", nobody, NULL);
      g_autoptr(CpisTestResponse) response =
        cpis_test_hub_request (ctx.hub, cases[i].method,
                               cases[i].path != NULL ? cases[i].path : nobody_path,
                               tokens[cases[i].who],
                               cases[i].content_type, cases[i].body,
                               "X-Request-ID", REQUEST_ID, NULL);

      g_assert_cmpuint (response->status, ==, cases[i].status);
      validate (label, response);
    }

  /* PDS without X-Request-ID */
  {
    g_autoptr(CpisTestResponse) response =
      cpis_test_hub_request (ctx.hub, "GET", PDS "/Patient/9990821283", ctx.nurse, NULL, NULL,
                             NULL);

    g_assert_cmpuint (response->status, ==, 400);
    validate ("OperationOutcome-pds-no-request-id", response);
  }

  /* 413, written before the body is read: its body from the raw answer */
  {
    static const char request[] = "POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                  "Content-Type: application/x-www-form-urlencoded\r\n"
                                  "Content-Length: 2000000\r\n\r\n";
    g_autofree char *answer = cpis_test_hub_raw_request (ctx.hub, request, strlen (request));
    const char *body = strstr (answer, "\r\n\r\n");

    g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413"));
    g_assert_nonnull (body);
    if (!validate_text ("OperationOutcome-413", body + 4, strlen (body + 4)))
      g_test_fail ();
  }
}

/* ------------------------------------------------------------------------ */
/* The demo LA's teams and social workers (whom a notification can be
 * assigned to) */

static void
test_directory (void)
{
  static const struct
  {
    const char *label;
    const char *path;
    guint       n_entries;
  } cases[] = {
    { "PractitionerRole-searchset", BASE "/PractitionerRole", 2 },
    { "PractitionerRole-own-la", BASE "/PractitionerRole?organization=Organization/9A1", 2 },
    { "PractitionerRole-other-la", BASE "/PractitionerRole?organization:identifier="
                                   "https://fhir.nhs.uk/Id/ods-organization-code%7C9B2",
      0 },
    { "Organization-teams", BASE "/Organization", 2 },
    { "Organization-other-la", BASE "/Organization?partof=Organization/9B2", 0 },
  };

  NEED_VALIDATOR ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CpisTestResponse) response = get_valid (cases[i].label, cases[i].path,
                                                        ctx.social_worker, 200);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *bundle = object_of (response, &root);

      g_assert_cmpint (json_object_get_int_member (bundle, "total"), ==, cases[i].n_entries);
    }
}

/* ------------------------------------------------------------------------ */
/* The area figures: the Measure and its reports */

static void
test_area_figures (void)
{
  static const struct
  {
    const char *label;
    const char *path;
  } cases[] = {
    { "Measure-searchset", BASE "/Measure" },
    { "Measure", BASE "/Measure/area-figures" },
    { "MeasureReport-year", BASE "/Measure/area-figures/$evaluate-measure?periodStart=2025-03-02&periodEnd=" TODAY },
    { "MeasureReport-one-la", BASE "/Measure/area-figures/$evaluate-measure?periodStart=2026-02-02&periodEnd=" TODAY
                              "&la=9A2" },
  };

  NEED_VALIDATOR ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CpisTestResponse) response = get_valid (cases[i].label, cases[i].path, ctx.officer, 200);

      g_assert_nonnull (response);
    }
}

/* ------------------------------------------------------------------------ */
/* Subscriptions and what their websocket carries */

static char *
subscription_body (const char *topic,
                   const char *payload,
                   gboolean    heartbeat)
{
  return g_strdup_printf (
    "{\"resourceType\": \"Subscription\","
    " \"meta\": {\"profile\": [\"" CPIS_HUB_BACKPORT_SUBSCRIPTION_PROFILE "\"]},"
    " \"status\": \"requested\", \"reason\": \"The duty desk\", \"criteria\": \"%s\","
    " \"channel\": {%s \"type\": \"websocket\", \"payload\": \"application/fhir+json\","
    "   \"_payload\": {\"extension\": [{\"url\": \"" CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL "\","
    "     \"valueCode\": \"%s\"}]}}}",
    topic,
    heartbeat ? "\"extension\": [{\"url\": \"" CPIS_HUB_BACKPORT_HEARTBEAT_PERIOD_URL "\","
                " \"valueUnsignedInt\": 1}],"
              : "",
    payload);
}

/* POSTed, validated: the new id */
static char *
subscribe (const char *label,
           const char *body)
{
  g_autoptr(CpisTestResponse) response =
    cpis_test_hub_request (ctx.hub, "POST", BASE "/Subscription", ctx.social_worker,
                           "application/fhir+json", body, NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (response->status, ==, 201);
  validate (label, response);
  return g_strdup (json_object_get_string_member (object_of (response, &root), "id"));
}

static void websocket_message_cb (SoupWebsocketConnection *ws,
                                  SoupWebsocketDataType    type,
                                  GBytes                  *message,
                                  gpointer                 user_data);

/* A websocket bound to @id, through this thread's main context, its
 * messages queued in @messages from the first */
static SoupWebsocketConnection *
bind_websocket (SoupSession *session,
                const char  *id,
                GQueue      *messages)
{
  g_autofree char *path = g_strdup_printf (BASE "/Subscription/%s/$get-ws-binding-token", id);
  g_autoptr(CpisTestResponse) binding =
    cpis_test_hub_request (ctx.hub, "POST", path, ctx.social_worker, NULL, NULL, NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bind = NULL;
  JsonArray *parameters;
  const char *token = NULL, *url = NULL;
  GAsyncResult *result = NULL;
  SoupWebsocketConnection *ws;

  g_assert_cmpuint (binding->status, ==, 200);
  validate ("Parameters-get-ws-binding-token", binding);
  parameters = json_object_get_array_member (object_of (binding, &root), "parameter");
  for (guint i = 0; i < json_array_get_length (parameters); i++)
    {
      JsonObject *parameter = json_array_get_object_element (parameters, i);
      const char *name = json_object_get_string_member (parameter, "name");

      if (g_str_equal (name, "token"))
        token = json_object_get_string_member (parameter, "valueString");
      else if (g_str_equal (name, "websocket-url"))
        url = json_object_get_string_member (parameter, "valueUrl");
    }

  msg = soup_message_new ("GET", url);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  ws = soup_session_websocket_connect_finish (session, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);

  g_signal_connect (ws, "message", G_CALLBACK (websocket_message_cb), messages);
  bind = g_strdup_printf ("bind-with-token %s", token);
  soup_websocket_connection_send_text (ws, bind);
  return ws;
}

static void
websocket_message_cb (SoupWebsocketConnection *ws,
                      SoupWebsocketDataType    type,
                      GBytes                  *message,
                      gpointer                 user_data)
{
  g_queue_push_tail (user_data, g_bytes_ref (message));
}

/* The next message whose type is @type, validated as @label */
static void
validate_next (GQueue     *messages,
               const char *type,
               const char *label)
{
  g_autofree char *marker = g_strdup_printf ("\"valueCode\":\"%s\"", type);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GBytes) message = NULL;
      gsize length;
      const char *data;

      while (g_queue_is_empty (messages) && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      message = g_queue_pop_head (messages);
      if (message == NULL)
        break;

      data = g_bytes_get_data (message, &length);
      if (g_strstr_len (data, length, marker) == NULL)
        continue;

      g_test_message ("%s: a websocket message", label);
      if (!validate_text (label, data, length))
        g_test_fail ();
      return;
    }

  g_test_message ("%s: no %s message came", label, type);
  g_test_fail ();
}

/* A child with a plan of the demo LA (9A1) to show, and not retired */
static char *
child_of_demo_la (void)
{
  CpisHubStore *store = cpis_test_hub_get_store (ctx.hub);
  g_autoptr(GPtrArray) numbers = cpis_hub_seed_nhs_numbers (N_CHILDREN, SEED);

  for (guint i = 0; i < numbers->len; i++)
    {
      const char *number = g_ptr_array_index (numbers, i);
      g_autoptr(GPtrArray) plans = NULL;
      g_autoptr(GError) error = NULL;
      gboolean retired = TRUE;

      plans = cpis_hub_store_list_plans (store, number, &error);
      g_assert_no_error (error);
      g_assert_true (cpis_hub_store_is_retired (store, number, &retired, NULL, &error));
      for (guint p = 0; p < plans->len && !retired; p++)
        {
          CpisHubPlan *plan = g_ptr_array_index (plans, p);

          if (plan->end_date == NULL && g_str_equal (plan->la->ods_code, "9A1"))
            return g_strdup (number);
        }
    }

  g_assert_not_reached ();
}

static void
test_subscriptions (void)
{
  g_autofree char *id_only_body = subscription_body (CPIS_HUB_TOPIC_URL_PREFIX "new-notification",
                                                     "id-only", TRUE);
  g_autofree char *full_body = subscription_body (CPIS_HUB_TOPIC_URL_PREFIX "new-notification",
                                                  "full-resource", FALSE);
  g_autofree char *empty_body = subscription_body (CPIS_HUB_TOPIC_URL_PREFIX "notification-changed",
                                                   "empty", FALSE);
  g_autofree char *id_only = NULL;
  g_autofree char *full = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *child = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupWebsocketConnection) ws_id_only = NULL;
  g_autoptr(SoupWebsocketConnection) ws_full = NULL;
  GQueue id_only_messages = G_QUEUE_INIT;
  GQueue full_messages = G_QUEUE_INIT;

  NEED_VALIDATOR ();
  id_only = subscribe ("Subscription-id-only", id_only_body);
  full = subscribe ("Subscription-full-resource", full_body);
  empty = subscribe ("Subscription-empty-changed", empty_body);

  {
    g_autofree char *path = g_strdup_printf (BASE "/Subscription/%s", id_only);
    g_autofree char *status = g_strdup_printf (BASE "/Subscription/%s/$status", id_only);
    g_autoptr(CpisTestResponse) one = get_valid ("Subscription-read", path, ctx.social_worker, 200);
    g_autoptr(CpisTestResponse) all = get_valid ("Bundle-Subscription-searchset",
                                                 BASE "/Subscription", ctx.social_worker, 200);
    g_autoptr(CpisTestResponse) statuses = get_valid ("Bundle-Subscription-status",
                                                      BASE "/Subscription/$status",
                                                      ctx.social_worker, 200);
    g_autoptr(CpisTestResponse) one_status = get_valid ("Bundle-Subscription-status-one", status,
                                                        ctx.social_worker, 200);
  }

  ws_id_only = bind_websocket (session, id_only, &id_only_messages);
  ws_full = bind_websocket (session, full, &full_messages);
  validate_next (&id_only_messages, "handshake", "Bundle-notification-handshake");
  validate_next (&full_messages, "handshake", "Bundle-notification-handshake-full");
  validate_next (&id_only_messages, "heartbeat", "Bundle-notification-heartbeat");

  /* a check of a child of the LA: one event each */
  child = child_of_demo_la ();
  {
    g_autoptr(CpisTestResponse) check =
      cpis_test_hub_search (ctx.hub, ctx.nurse, "CareTeam", child, "true");

    g_assert_cmpuint (check->status, ==, 200);
  }
  validate_next (&id_only_messages, "event-notification", "Bundle-notification-id-only");
  validate_next (&full_messages, "event-notification", "Bundle-notification-full-resource");

  /* what was raised, from the store, in each content */
  {
    static const char * const contents[] = { "empty", "id-only", "full-resource" };

    for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
      {
        g_autofree char *path = g_strdup_printf (BASE "/Subscription/%s/$events?eventsSinceNumber=1"
                                                 "&content=%s", full, contents[i]);
        g_autofree char *label = g_strdup_printf ("Bundle-notification-events-%s", contents[i]);
        g_autoptr(CpisTestResponse) events = get_valid (label, path, ctx.social_worker, 200);
      }
  }

  /* refusals */
  {
    g_autoptr(CpisTestResponse) unreadable =
      cpis_test_hub_request (ctx.hub, "POST", BASE "/Subscription", ctx.social_worker,
                             "application/fhir+json", "{\"resourceType\": \"Subscription\"}",
                             NULL);
    g_autoptr(CpisTestResponse) refused =
      cpis_test_hub_request (ctx.hub, "POST", BASE "/Subscription", ctx.social_worker,
                             "application/fhir+json",
                             "{\"resourceType\": \"Subscription\", \"status\": \"requested\","
                             " \"reason\": \"r\", \"criteria\": \"Task?\", \"channel\":"
                             " {\"type\": \"websocket\"}}", NULL);
    g_autoptr(CpisTestResponse) not_websocket =
      cpis_test_hub_request (ctx.hub, "GET", "/cpis/websocket", NULL, NULL, NULL, NULL);

    g_assert_cmpuint (unreadable->status, ==, 400);
    validate ("OperationOutcome-400-subscription", unreadable);
    g_assert_cmpuint (refused->status, ==, 422);
    validate ("OperationOutcome-422-subscription", refused);
    g_assert_cmpuint (not_websocket->status, ==, 400);
    validate ("OperationOutcome-400-websocket", not_websocket);
  }

  g_signal_handlers_disconnect_by_data (ws_id_only, &id_only_messages);
  g_signal_handlers_disconnect_by_data (ws_full, &full_messages);
  soup_websocket_connection_close (ws_id_only, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  soup_websocket_connection_close (ws_full, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_queue_clear_full (&id_only_messages, (GDestroyNotify) g_bytes_unref);
  g_queue_clear_full (&full_messages, (GDestroyNotify) g_bytes_unref);
}

static void
test_counts (void)
{
  NEED_VALIDATOR ();
  g_test_message ("%u answers validated, %u warnings", ctx.n_validated, ctx.n_warnings);
  g_assert_cmpuint (ctx.n_validated, >=, 60);
}

/* ------------------------------------------------------------------------ */
/* Plan uploads, the LA's plans, its exceptions */

static char *
upload_entry (const char *nhs_number,
              const char *family,
              const char *given,
              const char *birth_date)
{
  return g_strdup_printf (
    "{\"resource\": {\"resourceType\": \"CareTeam\","
    " \"contained\": [{\"resourceType\": \"Patient\", \"id\": \"subject\","
    "  \"name\": [{\"family\": \"%s\", \"given\": [\"%s\"]}], \"birthDate\": \"%s\"}],"
    " \"category\": [{\"coding\": [{\"system\": \"http://snomed.info/sct\","
    "  \"code\": \"342191000000101\"}]}],"
    " \"subject\": {\"reference\": \"#subject\", \"identifier\": {\"system\":"
    "  \"https://fhir.nhs.uk/Id/nhs-number\", \"value\": \"%s\"}},"
    " \"period\": {\"start\": \"2026-01-05\"},"
    " \"managingOrganization\": [{\"identifier\": {\"system\":"
    "  \"https://fhir.nhs.uk/Id/ods-organization-code\", \"value\": \"9A1\"}}]},"
    " \"request\": {\"method\": \"POST\", \"url\": \"CareTeam\"}}",
    family, given, birth_date, nhs_number);
}

static void
test_uploads (void)
{
  g_autoptr(CpisTestResponse) list = NULL;
  g_autoptr(CpisTestResponse) uploaded = NULL;
  g_autoptr(CpisTestResponse) exceptions = NULL;
  g_autoptr(CpisTestResponse) exception = NULL;
  g_autoptr(CpisTestResponse) dismissed = NULL;
  g_autoptr(CpisTestResponse) refused = NULL;
  g_autoptr(CpisHubPatient) patient = NULL;
  g_autoptr(JsonNode) list_root = NULL;
  g_autoptr(JsonNode) exceptions_root = NULL;
  g_autofree char *good = NULL;
  g_autofree char *mismatched = NULL;
  g_autofree char *invalid = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dismiss_path = NULL;
  JsonObject *care_team, *basic;
  const char *nhs_number;

  NEED_VALIDATOR ();

  /* the LA's plans, a page with its next link, and the ended ones */
  list = get_valid ("CareTeam-la-plans", BASE "/CareTeam?_count=5", ctx.social_worker, 200);
  {
    g_autoptr(CpisTestResponse) ended = get_valid ("CareTeam-la-plans-ended",
                                                   BASE "/CareTeam?status=inactive",
                                                   ctx.social_worker, 200);
    g_autoptr(CpisTestResponse) second = get_valid ("CareTeam-la-plans-page-2",
                                                    BASE "/CareTeam?_count=5&_offset=5",
                                                    ctx.social_worker, 200);
  }

  /* a record of the LA's own child, the same with the wrong name, and a
   * number that is none */
  care_team = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (object_of (list, &list_root),
                                                                 "entry"), 0),
    "resource");
  nhs_number = json_object_get_string_member (
    json_object_get_object_member (json_object_get_object_member (care_team, "subject"),
                                   "identifier"),
    "value");
  patient = cpis_hub_store_find_patient (cpis_test_hub_get_store (ctx.hub), nhs_number, NULL);
  g_assert_nonnull (patient);
  good = upload_entry (patient->nhs_number, patient->family_name, patient->given_name,
                       patient->date_of_birth);
  mismatched = upload_entry (patient->nhs_number, "Zzyzx", patient->given_name,
                             patient->date_of_birth);
  invalid = upload_entry ("12345", "Sample", "Jo", "2016-07-08");
  body = g_strdup_printf ("{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": "
                          "[%s, %s, %s]}", good, mismatched, invalid);

  uploaded = cpis_test_hub_request (ctx.hub, "POST", BASE, ctx.social_worker,
                                    "application/fhir+json", body, NULL);
  g_assert_cmpuint (uploaded->status, ==, 200);
  validate ("Bundle-batch-response", uploaded);

  refused = cpis_test_hub_request (ctx.hub, "POST", BASE, ctx.social_worker,
                                   "application/fhir+json",
                                   "{\"resourceType\": \"Bundle\", \"type\": \"transaction\"}",
                                   NULL);
  g_assert_cmpuint (refused->status, ==, 400);
  validate ("OperationOutcome-batch-refused", refused);

  /* the exceptions: listed, one read, one dismissed */
  exceptions = get_valid ("Basic-exceptions", BASE "/Basic", ctx.social_worker, 200);
  basic = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (object_of (exceptions,
                                                                            &exceptions_root),
                                                                 "entry"), 0),
    "resource");
  path = g_strconcat (BASE "/Basic/", json_object_get_string_member (basic, "id"), NULL);
  exception = get_valid ("Basic-exception", path, ctx.social_worker, 200);
  dismiss_path = g_strconcat (path, "/$dismiss", NULL);
  dismissed = cpis_test_hub_request (ctx.hub, "POST", dismiss_path, ctx.social_worker, NULL, NULL,
                                     NULL);
  g_assert_cmpuint (dismissed->status, ==, 200);
  validate ("Basic-dismissed", dismissed);
  {
    g_autoptr(CpisTestResponse) paged = get_valid ("Basic-exceptions-paged", BASE "/Basic?_count=1",
                                                   ctx.social_worker, 200);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fhir-valid/validator", test_validator);
  g_test_add_func ("/fhir-valid/metadata", test_metadata);
  g_test_add_func ("/fhir-valid/care-team-and-audit-event", test_care_team);
  g_test_add_func ("/fhir-valid/demographics", test_demographics);
  g_test_add_func ("/fhir-valid/tasks", test_tasks);
  g_test_add_func ("/fhir-valid/task-change", test_task_change);
  g_test_add_func ("/fhir-valid/directory", test_directory);
  g_test_add_func ("/fhir-valid/area-figures", test_area_figures);
  g_test_add_func ("/fhir-valid/uploads", test_uploads);
  g_test_add_func ("/fhir-valid/subscriptions", test_subscriptions);
  g_test_add_func ("/fhir-valid/outcomes", test_outcomes);
  g_test_add_func ("/fhir-valid/counts", test_counts);

  set_up ();
  status = g_test_run ();
  tear_down ();

  return status;
}
