/* test-hub-retire.c: retired NHS numbers, end to end
 *
 * cpis-hub patient retire (the real command, CPIS_HUB_BIN) on the database
 * of a hub running in-process (cpis-test-hub.h), then over real HTTP: each
 * LA holding a plan on the number sees its Inactive NHS Number Notification
 * (GET Task?code=inactive-nhs-number: for the number, input the
 * replacement, no focus, no requester), and only its own; an LA without a
 * plan sees nothing; later plan uploads on the number are refused (CPR05)
 * by cpis-hub import, and one under the replacement is taken. Also the
 * command's refusals, a replacement given later, the store's own guard in
 * the transaction that writes a plan, and the migration.
 *
 * NHS numbers are synthetic (999 range, valid check digits).
 */
#include <string.h>

#include "cpis-hub-store-private.h"
#include "cpis-test-hub.h"
#include "cpis-test-util.h"

#define CHILD    "9997654323"   /* plans of LA1 and LA2 */
#define NEW      "9990000050"   /* CHILD's replacement */
#define OTHER    "9998887771"   /* a plan of LA1: retired without a replacement */
#define PASSWORD "correct horse battery"
#define TODAY    "2025-06-15"

#define BASE "/cpis/FHIR/R4"
#define CODE_SEARCH BASE "/Task?code=inactive-nhs-number"

typedef struct
{
  CpisTestHub *hub;
  char        *sw1;   /* tokens: a social worker of LA1, LA2, LA3 */
  char        *sw2;
  char        *sw3;
  char        *nurse;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->hub = cpis_test_hub_new ();
  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "LA2", "Southmoor Council", "local-authority", "South");
  cpis_test_hub_add_org (fixture->hub, "LA3", "Eastfield Council", "local-authority", "East");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (fixture->hub, "sw1", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "sw2", PASSWORD, "social-worker", "LA2");
  cpis_test_hub_add_user (fixture->hub, "sw3", PASSWORD, "social-worker", "LA3");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");

  cpis_test_hub_add_patient (fixture->hub, CHILD, "Tester", "Alex", "2015-06-01", "female", NULL,
                             FALSE, NULL);
  cpis_test_hub_add_patient (fixture->hub, NEW, "Tester", "Alex", "2015-06-01", "female", NULL,
                             FALSE, NULL);
  cpis_test_hub_add_patient (fixture->hub, OTHER, "Sample", "Jo", "2016-07-08", "male", NULL,
                             FALSE, NULL);
  /* LA1's plan ended long ago: it still holds one */
  cpis_test_hub_add_named_plan (fixture->hub, CHILD, "CPP", "2019-01-02", "2020-01-02", NULL,
                                "LA1", "Alex TESTER", "2015-06-01");
  cpis_test_hub_add_named_plan (fixture->hub, CHILD, "LAC", "2025-02-03", NULL, NULL, "LA2",
                                "Alex TESTER", "2015-06-01");
  cpis_test_hub_add_named_plan (fixture->hub, OTHER, "CPP", "2025-03-04", NULL, NULL, "LA1",
                                "Jo SAMPLE", "2016-07-08");
  cpis_test_hub_set_today (fixture->hub, TODAY);

  fixture->sw1 = cpis_test_hub_sign_in (fixture->hub, "sw1", PASSWORD);
  fixture->sw2 = cpis_test_hub_sign_in (fixture->hub, "sw2", PASSWORD);
  fixture->sw3 = cpis_test_hub_sign_in (fixture->hub, "sw3", PASSWORD);
  fixture->nurse = cpis_test_hub_sign_in (fixture->hub, "nurse", PASSWORD);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->sw1);
  g_free (fixture->sw2);
  g_free (fixture->sw3);
  g_free (fixture->nurse);
  cpis_test_hub_free (fixture->hub);
}

/* Runs cpis-hub with @args (NULL-terminated) and --db the hub's file after
 * the command words: its exit status, and what it printed in @out */
static int
run_hub (Fixture     *fixture,
         char       **out,
         const char  *first,
         ...) G_GNUC_NULL_TERMINATED;

static int
run_hub (Fixture     *fixture,
         char       **out,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *bin = g_getenv ("CPIS_HUB_BIN");
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (bin);
  g_ptr_array_add (argv, (gpointer) bin);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, &err, &wait_status, &error));
  g_assert_no_error (error);
  g_test_message ("%s%s", *out, err);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

static int
retire (Fixture     *fixture,
        const char  *nhs_number,
        const char  *replaced_by,
        char       **out)
{
  const char *db = cpis_test_hub_get_db_path (fixture->hub);

  if (replaced_by != NULL)
    return run_hub (fixture, out, "patient", "retire", "--db", db, "--nhs", nhs_number,
                    "--replaced-by", replaced_by, NULL);
  return run_hub (fixture, out, "patient", "retire", "--db", db, "--nhs", nhs_number, NULL);
}

/* GET @path as @token: the JSON root (asserts 200) */
static JsonNode *
get_json (Fixture    *fixture,
          const char *path,
          const char *token)
{
  g_autoptr(CpisTestResponse) response =
    cpis_test_hub_request (fixture->hub, "GET", path, token, NULL, NULL, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  return cpis_test_response_json (response);
}

static gint64
total_of (JsonNode *bundle)
{
  return json_object_get_int_member (json_node_get_object (bundle), "total");
}

/* The @index'th Task of a searchset */
static JsonObject *
task_of (JsonNode *bundle,
         guint     index)
{
  JsonArray *entries = json_object_get_array_member (json_node_get_object (bundle), "entry");

  return json_object_get_object_member (json_array_get_object_element (entries, index),
                                        "resource");
}

static void
assert_inactive_task (JsonObject *task,
                      const char *nhs_number,
                      const char *replaced_by,
                      const char *la)
{
  JsonObject *code = json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (task, "code"), "coding"), 0);
  JsonObject *subject = json_object_get_object_member (task, "for");
  JsonObject *owner = json_object_get_object_member (task, "owner");

  g_assert_cmpstr (json_object_get_string_member (code, "code"), ==, "inactive-nhs-number");
  g_assert_cmpstr (json_object_get_string_member (code, "display"), ==,
                   "Inactive NHS Number Notification");
  g_assert_cmpstr (json_object_get_string_member (task, "status"), ==, "requested");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (subject,
                                                                                 "identifier"),
                                                  "value"), ==, nhs_number);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (owner,
                                                                                 "identifier"),
                                                  "value"), ==, la);
  g_assert_false (json_object_has_member (task, "focus"));
  g_assert_false (json_object_has_member (task, "requester"));

  if (replaced_by == NULL)
    g_assert_false (json_object_has_member (task, "input"));
  else
    {
      JsonArray *input = json_object_get_array_member (task, "input");
      JsonObject *first = json_array_get_object_element (input, 0);
      JsonObject *identifier = json_object_get_object_member (first, "valueIdentifier");

      g_assert_cmpuint (json_array_get_length (input), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "type"),
                                                      "text"), ==, "replaced-by");
      g_assert_cmpstr (json_object_get_string_member (identifier, "system"), ==,
                       "https://fhir.nhs.uk/Id/nhs-number");
      g_assert_cmpstr (json_object_get_string_member (identifier, "value"), ==, replaced_by);
    }
}

/* ------------------------------------------------------------------------ */

static void
test_notified (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) la1 = NULL;
  g_autoptr(JsonNode) la2 = NULL;
  g_autoptr(JsonNode) la3 = NULL;
  g_autoptr(JsonNode) access = NULL;
  g_autoptr(JsonNode) included = NULL;
  g_autofree char *la1_task = NULL;
  g_autofree char *la2_task = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpint (retire (fixture, CHILD, NEW, &out), ==, 0);
  g_assert_cmpstr (out, ==, "Retired " CHILD ", replaced by " NEW ".\n"
                            "2 Inactive NHS Number Notifications raised.\n");

  /* each LA holding a plan: its own, and only its own */
  la1 = get_json (fixture, CODE_SEARCH, fixture->sw1);
  g_assert_cmpint (total_of (la1), ==, 1);
  assert_inactive_task (task_of (la1, 0), CHILD, NEW, "LA1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (task_of (la1, 0),
                                                                                 "for"),
                                                  "display"), ==, "Alex TESTER");
  la1_task = g_strdup (json_object_get_string_member (task_of (la1, 0), "id"));

  la2 = get_json (fixture, CODE_SEARCH "&patient:identifier=" CHILD, fixture->sw2);
  g_assert_cmpint (total_of (la2), ==, 1);
  assert_inactive_task (task_of (la2, 0), CHILD, NEW, "LA2");
  la2_task = g_strdup (json_object_get_string_member (task_of (la2, 0), "id"));
  g_assert_cmpstr (la1_task, !=, la2_task);

  /* an LA without a plan sees nothing, not even by id */
  la3 = get_json (fixture, BASE "/Task", fixture->sw3);
  g_assert_cmpint (total_of (la3), ==, 0);
  path = g_strconcat (BASE "/Task/", la1_task, NULL);
  {
    g_autoptr(CpisTestResponse) other = cpis_test_hub_request (fixture->hub, "GET", path,
                                                               fixture->sw3, NULL, NULL, NULL);
    g_autoptr(CpisTestResponse) nurse = cpis_test_hub_request (fixture->hub, "GET", CODE_SEARCH,
                                                               fixture->nurse, NULL, NULL, NULL);
    g_autoptr(CpisTestResponse) own = cpis_test_hub_request (fixture->hub, "GET", path,
                                                             fixture->sw1, NULL, NULL, NULL);

    cpis_test_assert_outcome (other, 404, "NOT_FOUND");
    cpis_test_assert_outcome (nurse, 403, "ACCESS_DENIED");
    g_assert_cmpuint (own->status, ==, 200);
  }

  /* not an access: the other code finds none, _include has nothing to add */
  access = get_json (fixture, BASE "/Task?code=access-to-service", fixture->sw1);
  g_assert_cmpint (total_of (access), ==, 0);
  included = get_json (fixture, CODE_SEARCH "&_include=Task:focus", fixture->sw1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (included),
                                                                         "entry")), ==, 1);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, NULL), ==, 0);
}

/* The LA works it as any other; what it was raised with never changes */
static void
test_worked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) search = NULL;
  g_autoptr(JsonNode) task = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  JsonObject *object;

  g_assert_cmpint (retire (fixture, CHILD, NEW, &out), ==, 0);
  search = get_json (fixture, CODE_SEARCH, fixture->sw1);
  path = g_strconcat (BASE "/Task/", json_object_get_string_member (task_of (search, 0), "id"),
                      NULL);
  task = get_json (fixture, path, fixture->sw1);
  object = json_node_get_object (task);

  /* the replacement changed: refused */
  json_object_set_string_member (
    json_object_get_object_member (
      json_array_get_object_element (json_object_get_array_member (object, "input"), 0),
      "valueIdentifier"),
    "value", OTHER);
  body = json_to_string (task, FALSE);
  {
    g_autoptr(CpisTestResponse) refused =
      cpis_test_hub_request (fixture->hub, "PUT", path, fixture->sw1, "application/fhir+json",
                             body, "If-Match", "W/\"1\"", NULL);

    cpis_test_assert_outcome (refused, 422, "BUSINESS_RULE");
  }

  /* accepted, as read otherwise */
  g_clear_pointer (&task, json_node_unref);
  g_clear_pointer (&body, g_free);
  task = get_json (fixture, path, fixture->sw1);
  json_object_set_string_member (json_node_get_object (task), "status", "accepted");
  body = json_to_string (task, FALSE);
  {
    g_autoptr(CpisTestResponse) accepted =
      cpis_test_hub_request (fixture->hub, "PUT", path, fixture->sw1, "application/fhir+json",
                             body, "If-Match", "W/\"1\"", NULL);

    g_assert_cmpuint (accepted->status, ==, 200);
  }
}

static char *
write_plans (const char *dir,
             const char *rows)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "plans.csv", NULL);
  g_autofree char *csv = g_strconcat ("nhs_number,family_name,given_name,date_of_birth,plan_type,"
                                      "start_date,end_date,due_date,la_ods_code\n", rows, NULL);

  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* Uploads on a retired number are refused (CPR05), with or without a
 * replacement; one under the number in use is taken */
static void
test_import_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cpis-test-retire-XXXXXX", &error);
  g_autofree char *out = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  CpisHubStore *store = cpis_test_hub_get_store (fixture->hub);
  const char *db = cpis_test_hub_get_db_path (fixture->hub);

  g_assert_no_error (error);
  g_assert_cmpint (retire (fixture, CHILD, NEW, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (retire (fixture, OTHER, NULL, &out), ==, 0);
  g_assert_cmpstr (out, ==, "Retired " OTHER " (no replacement given).\n"
                            "1 Inactive NHS Number Notification raised.\n");
  g_clear_pointer (&out, g_free);

  before = cpis_hub_store_list_plans (store, CHILD, &error);
  g_assert_no_error (error);

  csv = write_plans (dir, CHILD ",Tester,Alex,2015-06-01,CPP,2025-05-01,,,LA1\n"
                          "999 765 4323,Tester,Alex,2015-06-01,CPP,2025-05-02,,,LA3\n"
                          OTHER ",Sample,Jo,2016-07-08,CPP,2025-05-01,,,LA1\n"
                          NEW ",Tester,Alex,2015-06-01,CPP,2025-05-01,,,LA1\n");
  g_assert_cmpint (run_hub (fixture, &out, "import", "--db", db, "plans", csv, NULL), ==, 1);
  g_assert_cmpstr (out, ==,
                   CHILD " CPR05 This NHS number is no longer in use: it was replaced by another. "
                   "Upload the plan under the NHS number in use\n"
                   "999 765 4323 CPR05 This NHS number is no longer in use: it was replaced by "
                   "another. Upload the plan under the NHS number in use\n"
                   OTHER " CPR05 This NHS number is no longer in use, and no replacement has "
                   "been given yet. Upload the plan under the NHS number in use\n"
                   NEW " CPR06\n"
                   "CPF03 1 of 4 records were uploaded\n");
  /* the LA's file never learns the replacement */
  g_assert_null (strstr (out, NEW " CPR05"));

  after = cpis_hub_store_list_plans (store, CHILD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = cpis_hub_store_list_plans (store, NEW, &error);
  g_assert_cmpuint (after->len, ==, 1);

  /* the store's own guard, in the transaction that writes the plan (a
   * number retired between an import's checks and its write) */
  {
    g_autoptr(CpisHubOrganisation) la = cpis_hub_store_find_organisation (store, "LA1", &error);
    CpisHubPlan plan = {
      .nhs_number = (char *) OTHER,
      .plan_type = CPIS_PLAN_TYPE_LAC,
      .start_date = (char *) "2025-06-01",
      .la = la,
    };

    g_assert_false (cpis_hub_store_put_plan (store, &plan, &error));
    g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_RETIRED);
    g_clear_error (&error);
    g_free (plan.id);
  }

  g_assert_true (cpis_test_remove_tree (dir));
}

/* A replacement given later notifies again; the command's refusals write nothing */
static void
test_command (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  const char *db = cpis_test_hub_get_db_path (fixture->hub);
  gboolean retired = FALSE;
  g_autofree char *replaced_by = NULL;
  g_autoptr(GError) error = NULL;

#define RETIRE(status, nhs, replacement) \
  G_STMT_START \
  { \
    g_clear_pointer (&out, g_free); \
    g_assert_cmpint (retire (fixture, nhs, replacement, &out), ==, status); \
  } \
  G_STMT_END

  RETIRE (0, OTHER, NULL);
  first = get_json (fixture, CODE_SEARCH, fixture->sw1);
  g_assert_cmpint (total_of (first), ==, 1);
  assert_inactive_task (task_of (first, 0), OTHER, NULL, "LA1");

  /* as asked already: nothing changes */
  RETIRE (0, OTHER, NULL);
  g_assert_cmpstr (out, ==, OTHER " was retired already: nothing changed.\n");

  /* the replacement, given later: the LA is told again, with it */
  RETIRE (0, "999 888 7771", NEW);
  g_assert_cmpstr (out, ==, "Retired " OTHER ", replaced by " NEW ".\n"
                            "1 Inactive NHS Number Notification raised.\n");
  second = get_json (fixture, CODE_SEARCH "&_sort=-authored-on", fixture->sw1);
  g_assert_cmpint (total_of (second), ==, 2);
  RETIRE (0, OTHER, NEW);
  g_assert_true (cpis_hub_store_is_retired (cpis_test_hub_get_store (fixture->hub), OTHER,
                                            &retired, &replaced_by, &error));
  g_assert_true (retired);
  g_assert_cmpstr (replaced_by, ==, NEW);

  /* refused: another replacement (it never changes), a retired one, itself,
   * invalid numbers, missing options */
  RETIRE (1, OTHER, CHILD);
  RETIRE (0, CHILD, NULL);
  RETIRE (1, NEW, CHILD);
  RETIRE (2, NEW, NEW);
  RETIRE (2, "9997654324", NULL);
  RETIRE (2, NEW, "12345");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_hub (fixture, &out, "patient", "retire", "--db", db, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_hub (fixture, &out, "patient", "forget", "--db", db, NULL), ==, 2);

  /* OTHER twice (LA1), CHILD once each for LA1 and LA2 */
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, NULL), ==, 4);
  g_assert_true (cpis_hub_store_is_retired (cpis_test_hub_get_store (fixture->hub), NEW,
                                            &retired, NULL, &error));
  g_assert_false (retired);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_hub (fixture, &out, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "patient retire --db FILE --nhs NUMBER [--replaced-by NUMBER]"));

#undef RETIRE
}

/* A file of the schema before retirements takes them once opened */
static void
test_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cpis-test-retire-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "v3.db", NULL);
  g_autoptr(CpisHubStore) store = NULL;
  guint n_raised = 99;

  g_assert_no_error (error);
  g_assert_true (_cpis_hub_store_create_at_version (path, 3, &error));
  g_assert_no_error (error);

  store = cpis_test_store_open (path);
  g_assert_cmpint (cpis_hub_store_get_schema_version (store), >=, 4);
  g_assert_true (cpis_hub_store_retire_nhs_number (store, CHILD, NULL, 1, &n_raised, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_raised, ==, 0);
  cpis_hub_store_close (store);

  g_assert_true (cpis_test_remove_tree (dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/hub-retire/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("notified", test_notified);
  ADD ("worked", test_worked);
  ADD ("import-refused", test_import_refused);
  ADD ("command", test_command);
  g_test_add_func ("/hub-retire/migration", test_migration);

#undef ADD

  return g_test_run ();
}
