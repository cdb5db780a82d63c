/* test-fhir-task.c: notifications (FHIR Task) in the codec, against JSON
 * written exactly as docs/api.md's contract has it (tests/fixtures/task/,
 * synthetic), until the hub serves Task: reading, writing back as read,
 * writing changes, and what is refused
 *
 * Mutations of the fixtures (mutate()) give the hostile cases: a member
 * set to other JSON, or removed, by a path like "entry/1/resource/status".
 */

#include <string.h>

#include <json-glib/json-glib.h>

#include "cpis-date.h"
#include "cpis-fhir-codec.h"

#define TASK_ID "5f0c3e52-6a51-4c1b-9a7e-2d9e8f1b0c11"
#define WORKER_ID "1b2c7a10-3f4e-4d5c-8b9a-0c1d2e3f4a5b"
#define CHILD "9990821283"

/* Helpers ---------------------------------------------------------------- */

static char *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "task", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
to_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* @json with the member at @path set to @value (JSON text), or removed
 * when @value is NULL */
static char *
mutate (const char *json,
        const char *path,
        const char *value)
{
  g_autoptr(JsonNode) root = parse (json);
  g_auto(GStrv) steps = g_strsplit (path, "/", -1);
  guint n = g_strv_length (steps);
  JsonNode *node = root;

  for (guint i = 0; i + 1 < n; i++)
    {
      guint64 index;

      if (JSON_NODE_HOLDS_ARRAY (node) &&
          g_ascii_string_to_unsigned (steps[i], 10, 0, G_MAXUINT, &index, NULL))
        node = json_array_get_element (json_node_get_array (node), (guint) index);
      else
        node = json_object_get_member (json_node_get_object (node), steps[i]);
      g_assert_nonnull (node);
    }

  if (value == NULL)
    json_object_remove_member (json_node_get_object (node), steps[n - 1]);
  else
    json_object_set_member (json_node_get_object (node), steps[n - 1], parse (value));

  return to_json (root);
}

/* Whether @a and @b are the same JSON (members in any order) */
static void
assert_same_json (const char *a,
                  const char *b)
{
  g_autoptr(JsonNode) first = parse (a);
  g_autoptr(JsonNode) second = parse (b);

  if (!json_node_equal (first, second))
    {
      g_test_message ("expected: %s", a);
      g_test_message ("written:  %s", b);
    }
  g_assert_true (json_node_equal (first, second));
}

static void
assert_usec (gint64      usec,
             const char *iso8601)
{
  g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (expected);
  g_assert_cmpint (usec, ==, cpis_date_time_to_usec (expected));
}

/* The resource of entry @index of a Bundle, as JSON text */
static char *
entry_resource (const char *bundle,
                guint       index)
{
  g_autoptr(JsonNode) root = parse (bundle);
  JsonArray *entries = json_object_get_array_member (json_node_get_object (root), "entry");
  JsonObject *entry = json_array_get_object_element (entries, index);

  return to_json (json_object_get_member (entry, "resource"));
}

/* Reading ---------------------------------------------------------------- */

static void
test_read (void)
{
  g_autofree char *json = load_fixture ("task.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisTask) task = cpis_fhir_decode_task (json, -1, &error);
  CpisTaskNote *note;

  g_assert_no_error (error);
  g_assert_cmpstr (cpis_task_get_id (task), ==, TASK_ID);
  g_assert_cmpstr (cpis_task_get_version (task), ==, "3");
  assert_usec (cpis_task_get_last_updated (task), "2026-12-02T09:20:11.250000+00:00");
  g_assert_cmpint (cpis_task_get_status (task), ==, CPIS_TASK_STATUS_IN_PROGRESS);
  g_assert_null (cpis_task_get_status_reason (task));
  g_assert_cmpint (cpis_task_get_outcome (task), ==, CPIS_TASK_OUTCOME_CONTACTED_FAMILY);
  g_assert_cmpint (cpis_task_get_kind (task), ==, CPIS_TASK_KIND_ACCESS_TO_SERVICE);
  g_assert_cmpstr (cpis_task_get_kind_display (task), ==, "Access to Service Notification");
  g_assert_cmpstr (cpis_task_get_intent (task), ==, "order");
  g_assert_cmpstr (cpis_task_get_priority (task), ==, "routine");
  g_assert_cmpstr (cpis_task_get_access_id (task), ==, "69d194e6-2081-466a-a07b-56c94baecf88");
  g_assert_cmpstr (cpis_task_get_nhs_number (task), ==, CHILD);
  g_assert_cmpstr (cpis_task_get_child_name (task), ==, "Alex TESTER");
  assert_usec (cpis_task_get_authored_on (task), "2026-12-02T09:15:02.123456+00:00");
  /* written as the codec would write it: nothing kept beside */
  g_assert_null (cpis_task_get_authored_on_text (task));
  assert_usec (cpis_task_get_last_modified (task), "2026-12-02T09:20:11.25Z");
  g_assert_cmpstr (cpis_task_get_setting_code (task), ==, "ZZA10");
  g_assert_cmpstr (cpis_task_get_setting_name (task), ==, "Riverside Royal Infirmary Emergency Department");
  g_assert_true (cpis_task_get_out_of_area (task));
  g_assert_true (cpis_task_get_out_of_area_stated (task));
  g_assert_cmpint (cpis_task_get_owner_kind (task), ==, CPIS_TASK_OWNER_WORKER);
  g_assert_cmpstr (cpis_task_get_owner_id (task), ==, WORKER_ID);
  g_assert_cmpstr (cpis_task_get_owner_display (task), ==, "Sam Patel");
  g_assert_true (cpis_task_is_assigned_to (task, WORKER_ID));
  g_assert_cmpstr (cpis_task_get_modified_by_id (task), ==, WORKER_ID);
  g_assert_cmpstr (cpis_task_get_modified_by_display (task), ==, "Sam Patel");
  g_assert_null (cpis_task_get_replaced_by (task));
  g_assert_null (cpis_task_get_extra (task));
  g_assert_null (cpis_task_get_access_event (task));

  g_assert_cmpuint (cpis_task_get_notes (task)->len, ==, 1);
  note = g_ptr_array_index (cpis_task_get_notes (task), 0);
  g_assert_cmpstr (cpis_task_note_get_text (note), ==, "Phoned the mother; GP informed.");
  g_assert_cmpstr (cpis_task_note_get_author_display (note), ==, "Sam Patel");
  g_assert_cmpstr (cpis_task_note_get_author_reference (note), ==, "PractitionerRole/" WORKER_ID);
  assert_usec (cpis_task_note_get_time (note), "2026-12-02T09:20:11.250000+00:00");
  g_assert_null (cpis_task_note_get_time_text (note));
}

/* Read tolerantly, as the other CP-IS resources are */
static void
test_read_tolerant (void)
{
  g_autofree char *json = load_fixture ("task.json");
  const struct { const char *path; const char *value; } cases[] = {
    { "status", "\" In-Progress \"" },
    { "meta/versionId", "3" },
    { "note", "{\"text\": \"Phoned the mother; GP informed.\"}" },
    { "extension", "{\"url\": \"https://cpis-desktop.gnome.example/fhir/StructureDefinition/out-of-area\", \"valueBoolean\": \"true\"}" },
    { "for/identifier", "{\"system\": \"http://FHIR.nhs.uk/Id/nhs-number\", \"value\": \"999 082 1283\"}" },
    { "owner", "{\"identifier\": {\"system\": \"http://fhir.nhs.uk/Id/ods-organization-code\", \"value\": \"ZZL01\"}}" },
    { "businessStatus", "{\"coding\": [{\"code\": \"referred\"}]}" },
    { "something-new", "[1, 2, 3]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *changed = mutate (json, cases[i].path, cases[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisTask) task = cpis_fhir_decode_task (changed, -1, &error);

      g_test_message ("%s = %s", cases[i].path, cases[i].value);
      g_assert_no_error (error);
      g_assert_cmpstr (cpis_task_get_id (task), ==, TASK_ID);
      g_assert_cmpstr (cpis_task_get_version (task), ==, "3");
      g_assert_cmpint (cpis_task_get_status (task), ==, CPIS_TASK_STATUS_IN_PROGRESS);
      g_assert_cmpstr (cpis_task_get_nhs_number (task), ==, CHILD);
      g_assert_true (cpis_task_get_out_of_area (task));
      g_assert_cmpuint (cpis_task_get_notes (task)->len, ==, 1);
    }

  {
    g_autofree char *changed = mutate (json, "businessStatus",
                                       "{\"coding\": [{\"system\": \"https://example.org/other\", "
                                       "\"code\": \"phoned-police\", \"display\": \"Phoned the police\"}]}");
    g_autoptr(GError) error = NULL;
    g_autoptr(CpisTask) task = cpis_fhir_decode_task (changed, -1, &error);

    /* an outcome this version does not know: kept, never dropped */
    g_assert_no_error (error);
    g_assert_cmpint (cpis_task_get_outcome (task), ==, CPIS_TASK_OUTCOME_UNRECOGNISED);
    g_assert_cmpstr (cpis_task_get_outcome_code (task), ==, "phoned-police");
    g_assert_cmpstr (cpis_task_get_outcome_display (task), ==, "Phoned the police");
  }

  {
    g_autofree char *changed = mutate (json, "code",
                                       "{\"coding\": [{\"system\": \"https://cpis-desktop.gnome.example/fhir/CodeSystem/notification-type\", "
                                       "\"code\": \"plan-ended\", \"display\": \"Plan Ended Notification\"}]}");
    g_autoptr(GError) error = NULL;
    g_autoptr(CpisTask) task = cpis_fhir_decode_task (changed, -1, &error);

    g_assert_no_error (error);
    g_assert_cmpint (cpis_task_get_kind (task), ==, CPIS_TASK_KIND_UNRECOGNISED);
    g_assert_cmpstr (cpis_task_get_kind_code (task), ==, "plan-ended");
  }
}

/* Writing back ----------------------------------------------------------- */

static void
assert_round_trip (const char *resource)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisTask) task = cpis_fhir_decode_task (resource, -1, &error);
  g_autofree char *written = NULL;

  g_assert_no_error (error);
  written = cpis_fhir_encode_task (task, NULL);
  assert_same_json (resource, written);
}

/* PUT sends the Task as read: every Task of the fixtures comes back as it
 * went in */
static void
test_write_as_read (void)
{
  g_autofree char *task = load_fixture ("task.json");
  g_autofree char *bundle = load_fixture ("task-searchset.json");
  g_autofree char *history = load_fixture ("task-history.json");

  assert_round_trip (task);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *resource = entry_resource (bundle, i);
      g_autofree char *version = entry_resource (history, i);

      assert_round_trip (resource);
      assert_round_trip (version);
    }
}

/* What this version does not model is kept and written back as it came */
static void
test_write_keeps_the_unknown (void)
{
  g_autofree char *json = load_fixture ("task.json");
  const struct { const char *path; const char *value; } cases[] = {
    { "identifier", "[{\"system\": \"https://example.org/tasks\", \"value\": \"T-1\"}]" },
    { "text", "{\"status\": \"generated\", \"div\": \"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">x</div>\"}" },
    { "extension", "[{\"url\": \"https://cpis-desktop.gnome.example/fhir/StructureDefinition/out-of-area\", \"valueBoolean\": false},"
                   " {\"url\": \"https://example.org/fhir/StructureDefinition/new-thing\", \"valueString\": \"kept\"}]" },
    { "focus", "{\"reference\": \"Encounter/e-1\"}" },
    { "focus", "{\"reference\": \"AuditEvent/69d194e6-2081-466a-a07b-56c94baecf88\", \"display\": \"Access\"}" },
    { "authoredOn", "\"2026-12-02T09:15:02Z\"" },
    { "authoredOn", "\"2026-12-02T10:15:02.12+01:00\"" },
    { "note", "[{\"authorString\": \"Duty desk\", \"time\": \"2026-12-02T09:20:11.25Z\", \"text\": \"Rang back. \"}]" },
    { "statusReason", "{\"text\": \"Waiting on the GP\"}" },
    { "input", "[{\"type\": {\"text\": \"replaced-by\"}, \"valueIdentifier\": {\"system\": \"https://fhir.nhs.uk/Id/nhs-number\", \"value\": \"9990010021\"}}]" },
    { "businessStatus", "{\"coding\": [{\"system\": \"https://example.org/other\", \"code\": \"phoned-police\"}]}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *changed = mutate (json, cases[i].path, cases[i].value);

      g_test_message ("%s = %s", cases[i].path, cases[i].value);
      assert_round_trip (changed);
    }

  /* without an out-of-area extension, none is added */
  {
    g_autofree char *changed = mutate (json, "extension", "[]");
    g_autofree char *without = mutate (changed, "extension", NULL);

    assert_round_trip (without);
  }
}

/* A PUT's changes, and nothing else */
static void
test_write_update (void)
{
  g_autofree char *json = load_fixture ("task.json");
  g_autoptr(CpisTask) task = cpis_fhir_decode_task (json, -1, NULL);
  g_autoptr(JsonNode) expected = parse (json);
  g_autoptr(JsonNode) written_node = NULL;
  g_autofree char *written = NULL;
  g_autofree char *expected_text = NULL;
  JsonObject *object = json_node_get_object (expected);
  JsonObject *note;
  CpisTaskUpdate update;

  cpis_task_update_init (&update, task);
  update.status = CPIS_TASK_STATUS_COMPLETED;
  update.outcome = CPIS_TASK_OUTCOME_REFERRED;
  update.owner_kind = CPIS_TASK_OWNER_TEAM;
  update.owner_id = "front-door";
  update.owner_display = "Front Door Team";
  update.note_text = "Referred to the front door team for assessment.";
  g_assert_true (cpis_task_update_check (&update, task, NULL));
  written = cpis_fhir_encode_task (task, &update);
  {
    g_autoptr(JsonNode) original = parse (json);
    g_autoptr(JsonNode) changed = parse (written);

    /* (the comparison sees a change) */
    g_assert_false (json_node_equal (original, changed));
  }

  /* the fixture, changed by hand as the contract says */
  json_object_set_string_member (object, "status", "completed");
  json_object_set_member (object, "businessStatus",
                          parse ("{\"coding\": [{\"system\": \"https://cpis-desktop.gnome.example/fhir/CodeSystem/notification-outcome\","
                                 " \"code\": \"referred\", \"display\": \"Referred for assessment\"}]}"));
  json_object_set_member (object, "owner",
                          parse ("{\"identifier\": {\"system\": \"https://cpis-desktop.gnome.example/Id/team\","
                                 " \"value\": \"front-door\"}, \"display\": \"Front Door Team\"}"));
  note = json_object_new ();
  json_object_set_string_member (note, "text", update.note_text);
  json_array_add_object_element (json_object_get_array_member (object, "note"), note);
  expected_text = to_json (expected);
  assert_same_json (expected_text, written);

  /* cancelled, with its reason; back to the LA */
  cpis_task_update_init (&update, task);
  update.status = CPIS_TASK_STATUS_CANCELLED;
  update.status_reason = "Raised twice for one attendance";
  update.owner_kind = CPIS_TASK_OWNER_LOCAL_AUTHORITY;
  update.owner_id = "ZZL01";
  update.owner_display = "Testshire County Council";
  g_clear_pointer (&written, g_free);
  written = cpis_fhir_encode_task (task, &update);
  written_node = parse (written);
  object = json_node_get_object (written_node);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "cancelled");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "statusReason"), "text"),
                   ==, "Raised twice for one attendance");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (object, "owner"),
                                                                                 "identifier"), "system"),
                   ==, "https://fhir.nhs.uk/Id/ods-organization-code");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "note")), ==, 1);
  /* the outcome as read stays */
  g_assert_true (json_object_has_member (object, "businessStatus"));
}

/* Searches and history --------------------------------------------------- */

static void
test_searchset (void)
{
  g_autofree char *json = load_fixture ("task-searchset.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisTaskPage) page = cpis_fhir_decode_task_bundle (json, -1, &error);
  CpisTask *first, *second, *third;
  CpisAccessEvent *event;

  g_assert_no_error (error);
  g_assert_cmpuint (page->tasks->len, ==, 3);
  g_assert_cmpuint (page->total, ==, 120);
  g_assert_cmpstr (page->self_url, ==, "http://127.0.0.1:8443/cpis/FHIR/R4/Task?_sort=-authored-on&_count=3&_include=Task:focus");
  g_assert_true (g_str_has_suffix (page->next_url, "&_offset=6"));
  g_assert_true (g_str_has_suffix (page->previous_url, "&_offset=0"));

  /* in the hub's order */
  first = g_ptr_array_index (page->tasks, 0);
  second = g_ptr_array_index (page->tasks, 1);
  third = g_ptr_array_index (page->tasks, 2);
  g_assert_cmpstr (cpis_task_get_id (first), ==, TASK_ID);

  /* each linked to its access, with its viewer */
  event = cpis_task_get_access_event (first);
  g_assert_nonnull (event);
  g_assert_cmpstr (cpis_access_event_get_id (event), ==, "69d194e6-2081-466a-a07b-56c94baecf88");
  g_assert_cmpstr (cpis_task_get_viewer_name (first), ==, "Ella Okafor");
  g_assert_cmpstr (cpis_access_event_get_job_role_display (event), ==, "Triage nurse");
  g_assert_cmpstr (cpis_task_get_viewer_name (second), ==, "Dr Morgan Reid");
  g_assert_cmpint (cpis_task_get_status (second), ==, CPIS_TASK_STATUS_REQUESTED);
  g_assert_cmpint (cpis_task_get_owner_kind (second), ==, CPIS_TASK_OWNER_LOCAL_AUTHORITY);
  g_assert_cmpstr (cpis_task_get_owner_id (second), ==, "ZZL01");
  g_assert_false (cpis_task_get_out_of_area (second));
  g_assert_true (cpis_task_get_out_of_area_stated (second));
  g_assert_null (cpis_task_get_modified_by_id (second));

  /* an inactive NHS number: no access, no setting; a team owns it */
  g_assert_cmpint (cpis_task_get_kind (third), ==, CPIS_TASK_KIND_INACTIVE_NHS_NUMBER);
  g_assert_null (cpis_task_get_access_id (third));
  g_assert_null (cpis_task_get_access_event (third));
  g_assert_null (cpis_task_get_setting_code (third));
  g_assert_cmpstr (cpis_task_get_replaced_by (third), ==, "9990010021");
  g_assert_cmpint (cpis_task_get_owner_kind (third), ==, CPIS_TASK_OWNER_TEAM);
  g_assert_cmpstr (cpis_task_get_owner_id (third), ==, "front-door");
  g_assert_false (cpis_task_get_out_of_area_stated (third));
  g_assert_nonnull (cpis_task_get_extra (third));

  /* the values they share are kept once */
  g_assert_true (cpis_task_get_intent (first) == cpis_task_get_intent (third));
}

static void
test_searchset_empty (void)
{
  const char *json = "{\"resourceType\": \"Bundle\", \"type\": \"searchset\", \"total\": 0,"
                     " \"link\": [{\"relation\": \"self\", \"url\": \"http://127.0.0.1/cpis/FHIR/R4/Task\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisTaskPage) page = cpis_fhir_decode_task_bundle (json, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (page->tasks->len, ==, 0);
  g_assert_cmpuint (page->total, ==, 0);
  g_assert_null (page->next_url);
}

static void
test_history (void)
{
  g_autofree char *json = load_fixture ("task-history.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = cpis_fhir_decode_task_history (json, -1, &error);
  g_autoptr(JsonNode) shuffled = NULL;
  g_autoptr(GPtrArray) resorted = NULL;
  g_autofree char *shuffled_text = NULL;
  JsonArray *entries;
  JsonNode *newest;

  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 3);
  g_assert_cmpstr (cpis_task_get_version (g_ptr_array_index (versions, 0)), ==, "3");
  g_assert_cmpstr (cpis_task_get_version (g_ptr_array_index (versions, 2)), ==, "1");
  g_assert_cmpint (cpis_task_get_status (g_ptr_array_index (versions, 2)), ==, CPIS_TASK_STATUS_REQUESTED);
  g_assert_null (cpis_task_get_modified_by_id (g_ptr_array_index (versions, 2)));

  /* newest first, whatever order they came in */
  shuffled = parse (json);
  entries = json_object_get_array_member (json_node_get_object (shuffled), "entry");
  newest = json_node_copy (json_array_get_element (entries, 0));
  json_array_remove_element (entries, 0);
  json_array_add_element (entries, newest);
  shuffled_text = to_json (shuffled);
  resorted = cpis_fhir_decode_task_history (shuffled_text, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (cpis_task_get_version (g_ptr_array_index (resorted, i)), ==,
                     cpis_task_get_version (g_ptr_array_index (versions, i)));
}

/* Refused ---------------------------------------------------------------- */

typedef struct
{
  const char *path;
  const char *value;     /* NULL: removed */
  int         code;
} Mutation;

static void
assert_refused (const char *json,
                GQuark      domain,
                int         code,
                gboolean    bundle)
{
  g_autoptr(GError) error = NULL;

  if (bundle)
    {
      g_autoptr(CpisTaskPage) page = cpis_fhir_decode_task_bundle (json, -1, &error);

      g_assert_null (page);
    }
  else
    {
      g_autoptr(CpisTask) task = cpis_fhir_decode_task (json, -1, &error);

      g_assert_null (task);
    }
  g_assert_error (error, domain, code);
  /* the messages name the Task by its id, never the child */
  g_assert_null (strstr (error->message, CHILD));
  g_assert_null (strstr (error->message, "TESTER"));
}

static void
test_refused_task (void)
{
  g_autofree char *json = load_fixture ("task.json");
  g_autofree char *many_notes = NULL;
  const Mutation cases[] = {
    { "status", NULL, CPIS_FHIR_ERROR_INVALID },
    { "status", "\"draft\"", CPIS_FHIR_ERROR_INVALID },
    { "status", "\"on-hold\"", CPIS_FHIR_ERROR_INVALID },
    { "status", "42", CPIS_FHIR_ERROR_INVALID },
    { "status", "[\"completed\"]", CPIS_FHIR_ERROR_INVALID },
    { "id", NULL, CPIS_FHIR_ERROR_INVALID },
    { "id", "\"../../Patient/1\"", CPIS_FHIR_ERROR_INVALID },
    { "id", "\"a b\"", CPIS_FHIR_ERROR_INVALID },
    { "id", "7", CPIS_FHIR_ERROR_INVALID },
    { "meta", NULL, CPIS_FHIR_ERROR_INVALID },
    { "meta/versionId", "\"3\\\"\\r\\nX-Injected: 1\"", CPIS_FHIR_ERROR_INVALID },
    { "meta/versionId", "true", CPIS_FHIR_ERROR_INVALID },
    { "meta/lastUpdated", "\"last tuesday\"", CPIS_FHIR_ERROR_INVALID },
    { "code", NULL, CPIS_FHIR_ERROR_INVALID },
    { "code", "{\"text\": \"a notification\"}", CPIS_FHIR_ERROR_INVALID },
    { "for", NULL, CPIS_FHIR_ERROR_INVALID },
    { "for/identifier", "{\"system\": \"https://fhir.nhs.uk/Id/nhs-number\", \"value\": \"12345\"}", CPIS_FHIR_ERROR_INVALID },
    { "for/identifier", "{\"system\": \"https://example.org/other\", \"value\": \"9990821283\"}", CPIS_FHIR_ERROR_INVALID },
    { "for/identifier", "\"9990821283\"", CPIS_FHIR_ERROR_INVALID },
    { "authoredOn", NULL, CPIS_FHIR_ERROR_INVALID },
    { "authoredOn", "\"yesterday\"", CPIS_FHIR_ERROR_INVALID },
    { "authoredOn", "1796202902", CPIS_FHIR_ERROR_INVALID },
    { "lastModified", "\"2026-13-40T99:00:00Z\"", CPIS_FHIR_ERROR_INVALID },
    { "owner", NULL, CPIS_FHIR_ERROR_INVALID },
    { "owner", "\"Sam Patel\"", CPIS_FHIR_ERROR_INVALID },
    { "owner", "{\"reference\": \"Organization/ZZL01\"}", CPIS_FHIR_ERROR_INVALID },
    { "owner", "{\"identifier\": {\"system\": \"https://example.org/other\", \"value\": \"x\"}}", CPIS_FHIR_ERROR_INVALID },
    { "owner", "{\"display\": \"Sam Patel\"}", CPIS_FHIR_ERROR_INVALID },
    { "extension/0/valueBoolean", "\"maybe\"", CPIS_FHIR_ERROR_INVALID },
    { "extension/0/valueBoolean", NULL, CPIS_FHIR_ERROR_INVALID },
    { "note", "[\"Phoned the mother\"]", CPIS_FHIR_ERROR_INVALID },
    { "note", "[{\"time\": \"2026-12-02T09:20:11Z\"}]", CPIS_FHIR_ERROR_INVALID },
    { "note", "[{\"text\": 42}]", CPIS_FHIR_ERROR_INVALID },
    { "note", "[{\"text\": \"x\", \"time\": \"soon\"}]", CPIS_FHIR_ERROR_INVALID },
    { "note", "42", CPIS_FHIR_ERROR_INVALID },
    { "resourceType", "\"Patient\"", CPIS_FHIR_ERROR_WRONG_RESOURCE },
    { "resourceType", NULL, CPIS_FHIR_ERROR_WRONG_RESOURCE },
  };
  GString *notes = g_string_new ("[");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *changed = mutate (json, cases[i].path, cases[i].value);

      g_test_message ("%s = %s", cases[i].path, cases[i].value != NULL ? cases[i].value : "(removed)");
      assert_refused (changed, CPIS_FHIR_ERROR, cases[i].code, FALSE);
    }

  /* huge arrays */
  for (guint i = 0; i <= CPIS_FHIR_MAX_TASK_NOTES; i++)
    g_string_append_printf (notes, "%s{\"text\": \"note %u\"}", i > 0 ? "," : "", i);
  g_string_append_c (notes, ']');
  many_notes = mutate (json, "note", notes->str);
  g_string_free (notes, TRUE);
  assert_refused (many_notes, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID, FALSE);

  /* not JSON, not a resource, a member twice */
  assert_refused ("", CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON, FALSE);
  assert_refused ("{\"resourceType\": \"Task\",", CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON, FALSE);
  assert_refused ("[{\"resourceType\": \"Task\"}]", CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE, FALSE);
  {
    g_autofree char *twice = g_strdup (json);
    char *status = strstr (twice, "\"status\": \"in-progress\"");

    /* "status": "in-progress" → "status": "completed", and again in-progress after */
    g_assert_nonnull (status);
    g_autofree char *doubled = g_strdup_printf ("%.*s\"status\": \"completed\", %s",
                                                (int) (status - twice), twice, status);
    assert_refused (doubled, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID, FALSE);
  }
}

static void
test_refused_searchset (void)
{
  g_autofree char *json = load_fixture ("task-searchset.json");
  g_autofree char *task = load_fixture ("task.json");
  const Mutation cases[] = {
    { "type", "\"history\"", CPIS_FHIR_ERROR_WRONG_RESOURCE },
    { "type", NULL, CPIS_FHIR_ERROR_WRONG_RESOURCE },
    { "resourceType", "\"OperationOutcome\"", CPIS_FHIR_ERROR_WRONG_RESOURCE },
    { "total", NULL, CPIS_FHIR_ERROR_INVALID },
    { "total", "2", CPIS_FHIR_ERROR_INVALID },
    { "total", "\"lots\"", CPIS_FHIR_ERROR_INVALID },
    { "entry", "{}", CPIS_FHIR_ERROR_INVALID },
    { "entry", "[42]", CPIS_FHIR_ERROR_INVALID },
    /* a notification the total would leave out */
    { "entry/1/search/mode", "\"include\"", CPIS_FHIR_ERROR_INVALID },
    /* something else among the matches */
    { "entry/1/resource/resourceType", "\"Observation\"", CPIS_FHIR_ERROR_WRONG_RESOURCE },
    { "entry/1/resource", NULL, CPIS_FHIR_ERROR_INVALID },
    /* one bad Task among good ones loses the page, never the Task */
    { "entry/2/resource/status", "\"entered-in-error\"", CPIS_FHIR_ERROR_INVALID },
    { "entry/2/resource/owner", NULL, CPIS_FHIR_ERROR_INVALID },
    /* the same Task twice */
    { "entry/1/resource/id", "\"" TASK_ID "\"", CPIS_FHIR_ERROR_INVALID },
    /* an access included for a Task that is about another child */
    { "entry/3/resource/agent/0/who/identifier/value", "\"9990010013\"", CPIS_FHIR_ERROR_INVALID },
    { "entry/3/resource/recorded", "\"not a time\"", CPIS_FHIR_ERROR_INVALID },
    /* the search did not complete */
    { "entry/6", NULL, CPIS_FHIR_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *changed = NULL;

      g_test_message ("%s = %s", cases[i].path, cases[i].value != NULL ? cases[i].value : "(removed)");
      if (g_str_equal (cases[i].path, "entry/6"))
        {
          /* an outcome entry that reports an error */
          g_autoptr(JsonNode) root = parse (json);
          JsonArray *entries = json_object_get_array_member (json_node_get_object (root), "entry");

          json_array_add_element (entries,
                                  parse ("{\"resource\": {\"resourceType\": \"OperationOutcome\", \"issue\": "
                                         "[{\"severity\": \"error\", \"code\": \"exception\"}]}, "
                                         "\"search\": {\"mode\": \"outcome\"}}"));
          changed = to_json (root);
        }
      else
        changed = mutate (json, cases[i].path, cases[i].value);
      assert_refused (changed, CPIS_FHIR_ERROR, cases[i].code, TRUE);
    }

  /* more Tasks than a page holds, more entries than a page can have */
  for (guint extra = 0; extra < 2; extra++)
    {
      guint n = extra == 0 ? CPIS_FHIR_MAX_TASKS_PER_PAGE + 1 : 3 * CPIS_FHIR_MAX_TASKS_PER_PAGE + 100;
      GString *bundle = g_string_new (NULL);
      g_autoptr(JsonNode) resource = parse (task);

      g_string_append_printf (bundle, "{\"resourceType\": \"Bundle\", \"type\": \"searchset\", "
                                      "\"total\": %u, \"entry\": [", n);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *id = g_strdup_printf ("task-%05u", i);
          g_autofree char *text = NULL;

          json_object_set_string_member (json_node_get_object (resource), "id", id);
          text = to_json (resource);
          g_string_append_printf (bundle, "%s{\"resource\": %s, \"search\": {\"mode\": \"%s\"}}",
                                  i > 0 ? "," : "", text,
                                  extra == 0 || i < 10 ? "match" : "include");
        }
      g_string_append (bundle, "]}");
      assert_refused (bundle->str, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID, TRUE);
      g_string_free (bundle, TRUE);
    }
}

static void
test_refused_history (void)
{
  g_autofree char *json = load_fixture ("task-history.json");
  const Mutation cases[] = {
    { "type", "\"searchset\"", CPIS_FHIR_ERROR_WRONG_RESOURCE },
    { "entry", "[]", CPIS_FHIR_ERROR_INVALID },
    { "entry", NULL, CPIS_FHIR_ERROR_INVALID },
    { "entry/1/resource", NULL, CPIS_FHIR_ERROR_INVALID },
    { "entry/1/resource/resourceType", "\"Patient\"", CPIS_FHIR_ERROR_INVALID },
    { "entry/1/resource/id", "\"a3e1b2c4-5d6f-4a7b-8c9d-0e1f2a3b4c5d\"", CPIS_FHIR_ERROR_INVALID },
    { "entry/1/resource/meta/versionId", "\"3\"", CPIS_FHIR_ERROR_INVALID },
    { "entry/2/resource/status", "\"draft\"", CPIS_FHIR_ERROR_INVALID },
    { "total", "5", CPIS_FHIR_ERROR_INVALID },
  };
  GQuark domain = CPIS_FHIR_ERROR;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *changed = mutate (json, cases[i].path, cases[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) versions = NULL;

      g_test_message ("%s = %s", cases[i].path, cases[i].value != NULL ? cases[i].value : "(removed)");
      versions = cpis_fhir_decode_task_history (changed, -1, &error);
      g_assert_null (versions);
      g_assert_error (error, domain, cases[i].code);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fhir-task/read", test_read);
  g_test_add_func ("/fhir-task/read-tolerant", test_read_tolerant);
  g_test_add_func ("/fhir-task/write-as-read", test_write_as_read);
  g_test_add_func ("/fhir-task/write-keeps-the-unknown", test_write_keeps_the_unknown);
  g_test_add_func ("/fhir-task/write-update", test_write_update);
  g_test_add_func ("/fhir-task/searchset", test_searchset);
  g_test_add_func ("/fhir-task/searchset-empty", test_searchset_empty);
  g_test_add_func ("/fhir-task/history", test_history);
  g_test_add_func ("/fhir-task/refused/task", test_refused_task);
  g_test_add_func ("/fhir-task/refused/searchset", test_refused_searchset);
  g_test_add_func ("/fhir-task/refused/history", test_refused_history);

  return g_test_run ();
}
