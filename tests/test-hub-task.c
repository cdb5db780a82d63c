/* test-hub-task.c: notifications as FHIR Tasks, for social workers
 *
 * The real hub in-process (cpis-test-hub.h), over real loopback HTTP, as
 * docs/api.md's "Notifications: Task" has it: who may see and change which
 * Task, every transition, versions and If-Match, notes, owners, every
 * search parameter and order, paging, _include, _history, bodies that are
 * broken or hostile (each refused with its OperationOutcome and nothing
 * written), durability, the migration from the schema before Tasks, the
 * demo seed and the team commands.
 *
 * NHS numbers are synthetic (999 range, valid check digits).
 */
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cpis-hub-response.h"
#include "cpis-hub-rules.h"
#include "cpis-hub-seed.h"
#include "cpis-hub-store-private.h"
#include "cpis-hub-task-json.h"
#include "cpis-hub-task-update.h"
#include "cpis-test-hub.h"
#include "cpis-test-util.h"

#define CHILD_LA1   "9997654323"   /* a plan of LA1 */
#define CHILD_LA2   "9990000050"   /* a plan of LA2 */
#define CHILD_BOTH  "9998887771"   /* plans of both */

#define PASSWORD "correct horse battery"
#define TODAY    "2025-06-15"      /* the hub's clock: noon UK time, 11:00 UTC */

#define BASE "/cpis/FHIR/R4"

typedef struct
{
  CpisTestHub *hub;
  char        *sw;          /* tokens: a social worker of LA1 … */
  char        *sw2;         /* … a colleague of theirs … */
  char        *sw_la2;      /* … one of LA2 … */
  char        *nurse;       /* … and the other roles */
  char        *officer;
  char        *admin;
  gint64       la1_id;      /* store ids */
  gint64       la2_id;
  gint64       nurse_id;
  gint64       nurse2_id;
  gint64       next_usec;   /* when the next raised notification is recorded */
} Fixture;

/* ------------------------------------------------------------------------ */
/* Logging */

static gint n_injected_failures_logged;

/* The warning the hub logs for a write a test made fail
 * (_cpis_hub_store_fail_next_write) is expected: counted, not fatal.
 * (g_test_expect_message does not see structured logging in this GLib.)
 * Everything else goes to the default writer, fatal as the test's. */
static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "cpis-hub") == 0 &&
      message != NULL && strstr (message, "a test made the write fail") != NULL)
    {
      g_atomic_int_inc (&n_injected_failures_logged);
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* ------------------------------------------------------------------------ */
/* Fixture */

static gint64
user_id (Fixture    *fixture,
         const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubUser) user = cpis_hub_store_find_user (cpis_test_hub_get_store (fixture->hub),
                                                          username, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user->id;
}

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

static gint64
org_id (Fixture    *fixture,
        const char *ods_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubOrganisation) org =
    cpis_hub_store_find_organisation (cpis_test_hub_get_store (fixture->hub), ods_code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (org);
  return org->id;
}

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
  cpis_test_hub_add_org (fixture->hub, "ED2", "Southmoor Infirmary ED", "unscheduled-care", "South");

  cpis_test_hub_add_user (fixture->hub, "sw", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "sw2", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "sw-la2", PASSWORD, "social-worker", "LA2");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_user (fixture->hub, "nurse2", PASSWORD, "clinician", "ED2");
  cpis_test_hub_add_user (fixture->hub, "officer", PASSWORD, "partnership-officer", "LA1");
  cpis_test_hub_add_user (fixture->hub, "admin", PASSWORD, "administrator", "LA1");

  g_assert_true (cpis_hub_store_put_team (store, "LA1", "LA1-duty", "Duty team", &error));
  g_assert_no_error (error);
  g_assert_true (cpis_hub_store_put_team (store, "LA2", "LA2-duty", "Southmoor duty team", &error));
  g_assert_no_error (error);

  cpis_test_hub_add_named_plan (fixture->hub, CHILD_LA1, "CPP", "2025-01-02", NULL, NULL, "LA1",
                                "Alex TESTER", "2015-06-01");
  cpis_test_hub_add_named_plan (fixture->hub, CHILD_LA2, "LAC", "2024-03-04", NULL, NULL, "LA2",
                                "Sam EXAMPLE", "2012-02-02");
  cpis_test_hub_add_named_plan (fixture->hub, CHILD_BOTH, "CPP", "2024-05-06", NULL, NULL, "LA1",
                                "Jo SAMPLE", "2016-07-08");
  cpis_test_hub_add_named_plan (fixture->hub, CHILD_BOTH, "LAC", "2025-02-03", NULL, NULL, "LA2",
                                "Jo SAMPLE", "2016-07-08");

  cpis_test_hub_set_today (fixture->hub, TODAY);

  fixture->sw = cpis_test_hub_sign_in (fixture->hub, "sw", PASSWORD);
  fixture->sw2 = cpis_test_hub_sign_in (fixture->hub, "sw2", PASSWORD);
  fixture->sw_la2 = cpis_test_hub_sign_in (fixture->hub, "sw-la2", PASSWORD);
  fixture->nurse = cpis_test_hub_sign_in (fixture->hub, "nurse", PASSWORD);
  fixture->officer = cpis_test_hub_sign_in (fixture->hub, "officer", PASSWORD);
  fixture->admin = cpis_test_hub_sign_in (fixture->hub, "admin", PASSWORD);

  fixture->la1_id = org_id (fixture, "LA1");
  fixture->la2_id = org_id (fixture, "LA2");
  fixture->nurse_id = user_id (fixture, "nurse");
  fixture->nurse2_id = user_id (fixture, "nurse2");
  /* 2025-06-01 08:00 UTC, then a minute apart */
  fixture->next_usec = G_GINT64_CONSTANT (1748764800) * G_USEC_PER_SEC;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->sw);
  g_free (fixture->sw2);
  g_free (fixture->sw_la2);
  g_free (fixture->nurse);
  g_free (fixture->officer);
  g_free (fixture->admin);
  cpis_test_hub_free (fixture->hub);
}

/* ------------------------------------------------------------------------ */
/* Reading the file behind the hub's back */

static sqlite3 *
open_db (Fixture *fixture)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (cpis_test_hub_get_db_path (fixture->hub), &db,
                                    SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
db_int64 (Fixture    *fixture,
          const char *sql,
          const char *text)
{
  sqlite3 *db = open_db (fixture);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* Every row of the Task tables: unchanged means nothing was written */
static char *
written (Fixture *fixture)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                          "/%" G_GINT64_FORMAT,
                          db_int64 (fixture, "SELECT count(*) FROM notification_versions", NULL),
                          db_int64 (fixture, "SELECT count(*) FROM notification_notes", NULL),
                          db_int64 (fixture, "SELECT total(version) FROM notifications", NULL),
                          db_int64 (fixture, "SELECT total(last_modified_usec) % 1000000007"
                                             " FROM notifications", NULL));
}

/* ------------------------------------------------------------------------ */
/* Raising notifications */

/* An unscheduled access by @viewer_id to @nhs_number, notifying @la_id;
 * the id of the Task raised */
static char *
raise_at (Fixture    *fixture,
          const char *nhs_number,
          gint64      viewer_id,
          gint64      la_id,
          gint64      recorded_usec)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *access_id = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  char *id;

  access_id = cpis_hub_store_record_access (cpis_test_hub_get_store (fixture->hub), nhs_number,
                                            viewer_id, recorded_usec, &la_id, 1, &error);
  g_assert_no_error (error);

  db = open_db (fixture);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM notifications WHERE access_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, access_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return id;
}

/* One more LA1 notification, a minute after the one before */
static char *
raise_la1 (Fixture *fixture)
{
  fixture->next_usec += 60 * G_USEC_PER_SEC;
  return raise_at (fixture, CHILD_LA1, fixture->nurse_id, fixture->la1_id, fixture->next_usec);
}

typedef struct
{
  guint pending;
} Batch;

static void
raised_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Batch *batch = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = cpis_hub_store_record_access_finish (CPIS_HUB_STORE (source), result,
                                                             &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  batch->pending--;
}

/* @n notifications of LA1 at once (group-committed), a second apart */
static void
raise_many (Fixture *fixture,
            guint    n)
{
  Batch batch = { 0 };

  for (guint i = 0; i < n; i++)
    {
      fixture->next_usec += G_USEC_PER_SEC;
      batch.pending++;
      cpis_hub_store_record_access_async (cpis_test_hub_get_store (fixture->hub), CHILD_LA1,
                                          fixture->nurse_id, fixture->next_usec,
                                          &fixture->la1_id, 1, NULL, raised_cb, &batch);
    }

  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

/* ------------------------------------------------------------------------ */
/* HTTP */

static CpisTestResponse *
get (Fixture    *fixture,
     const char *token,
     const char *path)
{
  g_autofree char *full = g_strconcat (BASE, path, NULL);

  return cpis_test_hub_request (fixture->hub, "GET", full, token, NULL, NULL, NULL);
}

static JsonNode *
get_json (Fixture    *fixture,
          const char *token,
          const char *path)
{
  g_autoptr(CpisTestResponse) response = get (fixture, token, path);

  if (response->status != 200)
    {
      g_autofree char *text = cpis_test_response_text (response);

      g_error ("GET %s: %u %s", path, response->status, text);
    }
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/fhir+json");
  return cpis_test_response_json (response);
}

static JsonNode *
read_task (Fixture    *fixture,
           const char *token,
           const char *id)
{
  g_autofree char *path = g_strdup_printf ("/Task/%s", id);

  return get_json (fixture, token, path);
}

static gint64
version_of (JsonNode *task)
{
  JsonObject *meta = json_object_get_object_member (json_node_get_object (task), "meta");

  return g_ascii_strtoll (json_object_get_string_member (meta, "versionId"), NULL, 10);
}

static const char *
member_string (JsonNode   *node,
               const char *member)
{
  return json_object_get_string_member (json_node_get_object (node), member);
}

static CpisTestResponse *
put_text (Fixture    *fixture,
          const char *token,
          const char *id,
          const char *if_match,
          const char *body)
{
  g_autofree char *path = g_strdup_printf (BASE "/Task/%s", id);

  if (if_match == NULL)
    return cpis_test_hub_request (fixture->hub, "PUT", path, token, "application/fhir+json",
                                  body, NULL);

  return cpis_test_hub_request (fixture->hub, "PUT", path, token, "application/fhir+json", body,
                                "If-Match", if_match, NULL);
}

/* PUT @task with If-Match its own version */
static CpisTestResponse *
put_task (Fixture    *fixture,
          const char *token,
          JsonNode   *task)
{
  g_autofree char *body = json_to_string (task, FALSE);
  g_autofree char *if_match = g_strdup_printf ("W/\"%" G_GINT64_FORMAT "\"", version_of (task));

  return put_text (fixture, token, member_string (task, "id"), if_match, body);
}

static void
assert_status (CpisTestResponse *response,
               guint             status)
{
  if (response->status != status)
    {
      g_autofree char *text = cpis_test_response_text (response);

      g_error ("expected %u, got %u: %s", status, response->status, text);
    }
}

/* PUT @task, expecting 200; the answer */
static JsonNode *
put_ok (Fixture    *fixture,
        const char *token,
        JsonNode   *task)
{
  g_autoptr(CpisTestResponse) response = put_task (fixture, token, task);

  assert_status (response, 200);
  return cpis_test_response_json (response);
}

/* PUT @task and expect it refused with @status and @code, nothing written */
static void
put_refused (Fixture    *fixture,
             const char *token,
             JsonNode   *task,
             guint       status,
             const char *code)
{
  g_autofree char *before = written (fixture);
  g_autoptr(CpisTestResponse) response = put_task (fixture, token, task);
  g_autofree char *after = NULL;

  assert_status (response, status);
  cpis_test_assert_outcome (response, status, code);
  after = written (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* Changing the JSON of a Task */

static JsonObject *
object_of (JsonNode *task)
{
  return json_node_get_object (task);
}

static void
set_status (JsonNode   *task,
            const char *status)
{
  json_object_set_string_member (object_of (task), "status", status);
}

static void
set_reason (JsonNode   *task,
            const char *text)
{
  JsonObject *reason = json_object_new ();

  json_object_set_string_member (reason, "text", text);
  json_object_set_object_member (object_of (task), "statusReason", reason);
}

static void
set_outcome (JsonNode   *task,
             const char *code)
{
  JsonObject *concept = json_object_new ();
  JsonArray *codings = json_array_new ();
  JsonObject *coding = json_object_new ();

  json_object_set_string_member (coding, "system", CPIS_HUB_TASK_OUTCOME_SYSTEM);
  json_object_set_string_member (coding, "code", code);
  json_array_add_object_element (codings, coding);
  json_object_set_array_member (concept, "coding", codings);
  json_object_set_object_member (object_of (task), "businessStatus", concept);
}

static JsonObject *
add_note (JsonNode   *task,
          const char *text)
{
  JsonObject *note = json_object_new ();

  if (!json_object_has_member (object_of (task), "note"))
    json_object_set_array_member (object_of (task), "note", json_array_new ());
  json_object_set_string_member (note, "text", text);
  json_array_add_object_element (json_object_get_array_member (object_of (task), "note"), note);
  return note;
}

/* owner: {"identifier": {system, value}} */
static void
set_owner_identifier (JsonNode   *task,
                      const char *system,
                      const char *value)
{
  JsonObject *owner = json_object_new ();
  JsonObject *identifier = json_object_new ();

  json_object_set_string_member (identifier, "system", system);
  json_object_set_string_member (identifier, "value", value);
  json_object_set_object_member (owner, "identifier", identifier);
  json_object_set_object_member (object_of (task), "owner", owner);
}

static void
set_owner_reference (JsonNode   *task,
                     const char *reference)
{
  JsonObject *owner = json_object_new ();

  json_object_set_string_member (owner, "reference", reference);
  json_object_set_object_member (object_of (task), "owner", owner);
}

/* Moves @id along @statuses (NULL-terminated), each with what it needs */
static JsonNode *
move (Fixture    *fixture,
      const char *id,
      ...)
{
  JsonNode *task = read_task (fixture, fixture->sw, id);
  const char *status;
  va_list args;

  va_start (args, id);
  while ((status = va_arg (args, const char *)) != NULL)
    {
      JsonNode *next;

      set_status (task, status);
      if (g_str_equal (status, "cancelled"))
        set_reason (task, "Raised in error.");
      if (g_str_equal (status, "completed"))
        set_outcome (task, "no-further-action");
      next = put_ok (fixture, fixture->sw, task);
      json_node_unref (task);
      task = next;
    }
  va_end (args);

  return task;
}

/* Bundles */

static JsonArray *
entries_of (JsonNode *bundle)
{
  JsonObject *object = json_node_get_object (bundle);

  if (!json_object_has_member (object, "entry"))
    return NULL;
  return json_object_get_array_member (object, "entry");
}

static gint64
total_of (JsonNode *bundle)
{
  return json_object_get_int_member (json_node_get_object (bundle), "total");
}

/* The ids of the bundle's Task matches, in order */
static GPtrArray *
match_ids (JsonNode *bundle)
{
  JsonArray *entries = entries_of (bundle);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      JsonObject *resource = json_object_get_object_member (entry, "resource");
      JsonObject *search = json_object_get_object_member (entry, "search");

      if (!g_str_equal (json_object_get_string_member (search, "mode"), "match"))
        continue;
      g_assert_cmpstr (json_object_get_string_member (resource, "resourceType"), ==, "Task");
      g_ptr_array_add (ids, g_strdup (json_object_get_string_member (resource, "id")));
    }

  return ids;
}

/* The url of the link @relation, or NULL */
static const char *
link_of (JsonNode   *bundle,
         const char *relation)
{
  JsonArray *links = json_object_get_array_member (json_node_get_object (bundle), "link");

  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonObject *link = json_array_get_object_element (links, i);

      if (g_str_equal (json_object_get_string_member (link, "relation"), relation))
        return json_object_get_string_member (link, "url");
    }

  return NULL;
}

/* The path of @url under the base, for get() */
static const char *
under_base (Fixture    *fixture,
            const char *url)
{
  const char *base = cpis_test_hub_get_base_url (fixture->hub);

  g_assert_true (g_str_has_prefix (url, base));
  return url + strlen (base);
}

static gint64
search_total (Fixture    *fixture,
              const char *token,
              const char *query)
{
  g_autofree char *path = g_strconcat ("/Task?", query, NULL);
  g_autoptr(JsonNode) bundle = get_json (fixture, token, path);

  return total_of (bundle);
}

static void
assert_search_refused (Fixture    *fixture,
                       const char *query)
{
  g_autofree char *path = g_strconcat ("/Task?", query, NULL);
  g_autoptr(CpisTestResponse) response = get (fixture, fixture->sw, path);

  cpis_test_assert_outcome (response, 400, CPIS_HUB_INVALID_SEARCH_DATA);
}

/* ------------------------------------------------------------------------ */
/* Raised */

/* A clinician's unscheduled check raises a Task per LA, version 1, with
 * everything it never changes; reading it records nothing */
static void
test_raised (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CpisTestResponse) check = NULL;
  g_autoptr(JsonNode) bundle = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) task = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(CpisTestResponse) read = NULL;
  JsonObject *object, *owner, *requester, *subject, *focus, *coding;
  JsonArray *extensions;
  const char *access_id;
  gint64 accesses;

  check = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD_BOTH, "true");
  g_assert_cmpuint (check->status, ==, 200);

  /* one for each LA, each seeing its own only */
  bundle = get_json (fixture, fixture->sw, "/Task");
  g_assert_cmpint (total_of (bundle), ==, 1);
  ids = match_ids (bundle);
  g_assert_cmpint (search_total (fixture, fixture->sw_la2, ""), ==, 1);

  history = get_json (fixture, fixture->sw, "/AuditEvent?patient:identifier=" CHILD_BOTH);
  access_id = json_object_get_string_member (
    json_object_get_object_member (json_array_get_object_element (entries_of (history), 0),
                                   "resource"), "id");

  accesses = cpis_hub_store_count_accesses (cpis_test_hub_get_store (fixture->hub), NULL, NULL);
  read = get (fixture, fixture->sw, "/Task/" "00000000-0000-0000-0000-000000000000");
  task = read_task (fixture, fixture->sw, ids->pdata[0]);
  object = object_of (task);

  g_assert_cmpstr (json_object_get_string_member (object, "resourceType"), ==, "Task");
  g_assert_cmpint (version_of (task), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "requested");
  g_assert_cmpstr (json_object_get_string_member (object, "intent"), ==, "order");
  g_assert_cmpstr (json_object_get_string_member (object, "priority"), ==, "routine");
  g_assert_false (json_object_has_member (object, "statusReason"));
  g_assert_false (json_object_has_member (object, "businessStatus"));
  g_assert_false (json_object_has_member (object, "note"));

  coding = json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (object, "code"), "coding"), 0);
  g_assert_cmpstr (json_object_get_string_member (coding, "system"), ==, CPIS_HUB_TASK_TYPE_SYSTEM);
  g_assert_cmpstr (json_object_get_string_member (coding, "code"), ==, "access-to-service");
  g_assert_cmpstr (json_object_get_string_member (coding, "display"), ==,
                   "Access to Service Notification");

  focus = json_object_get_object_member (object, "focus");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (focus, "reference"), access_id));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (focus, "reference"), "AuditEvent/"));

  subject = json_object_get_object_member (object, "for");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (subject, "identifier"),
                                                  "value"), ==, CHILD_BOTH);
  g_assert_cmpstr (json_object_get_string_member (subject, "display"), ==, "Jo SAMPLE");

  /* the hub's clock: noon in the UK (BST) */
  g_assert_cmpstr (json_object_get_string_member (object, "authoredOn"), ==,
                   "2025-06-15T11:00:00+00:00");
  g_assert_cmpstr (json_object_get_string_member (object, "lastModified"), ==,
                   "2025-06-15T11:00:00+00:00");

  requester = json_object_get_object_member (object, "requester");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (requester, "identifier"),
                                                  "value"), ==, "ED1");
  g_assert_cmpstr (json_object_get_string_member (requester, "display"), ==, "Northgate General ED");

  owner = json_object_get_object_member (object, "owner");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (owner, "identifier"),
                                                  "system"), ==,
                   "https://fhir.nhs.uk/Id/ods-organization-code");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (owner, "identifier"),
                                                  "value"), ==, "LA1");
  g_assert_cmpstr (json_object_get_string_member (owner, "display"), ==, "Northgate Council");

  /* ED1 is in LA1's area; no modified-by on the version the hub raised */
  extensions = json_object_get_array_member (object, "extension");
  g_assert_cmpuint (json_array_get_length (extensions), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (extensions, 0), "url"),
                   ==, CPIS_HUB_TASK_OUT_OF_AREA_URL);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (extensions, 0),
                                                  "valueBoolean"));

  /* reading Tasks is never recorded */
  g_assert_cmpint (cpis_hub_store_count_accesses (cpis_test_hub_get_store (fixture->hub), NULL, NULL),
                   ==, accesses);
  cpis_test_assert_outcome (read, 404, CPIS_HUB_NOT_FOUND);
}

/* The setting outside the LA's area: out-of-area, for ever */
static void
test_out_of_area (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *inside = raise_la1 (fixture);
  g_autofree char *outside = raise_at (fixture, CHILD_LA1, fixture->nurse2_id, fixture->la1_id,
                                       fixture->next_usec + 1);
  g_autoptr(JsonNode) task = read_task (fixture, fixture->sw, outside);
  JsonObject *extension = json_array_get_object_element (
    json_object_get_array_member (object_of (task), "extension"), 0);
  g_autoptr(JsonNode) only_out = get_json (fixture, fixture->sw, "/Task?out-of-area=true");
  g_autoptr(JsonNode) only_in = get_json (fixture, fixture->sw, "/Task?out-of-area=FALSE");
  g_autoptr(GPtrArray) out_ids = match_ids (only_out);
  g_autoptr(GPtrArray) in_ids = match_ids (only_in);

  g_assert_true (json_object_get_boolean_member (extension, "valueBoolean"));
  g_assert_cmpuint (out_ids->len, ==, 1);
  g_assert_cmpstr (out_ids->pdata[0], ==, outside);
  g_assert_cmpuint (in_ids->len, ==, 1);
  g_assert_cmpstr (in_ids->pdata[0], ==, inside);
  assert_search_refused (fixture, "out-of-area=maybe");
}

/* ------------------------------------------------------------------------ */
/* Roles */

static void
test_roles (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *la1_task = raise_la1 (fixture);
  g_autofree char *la2_task = raise_at (fixture, CHILD_LA2, fixture->nurse_id, fixture->la2_id,
                                        fixture->next_usec + 1);
  g_autoptr(JsonNode) la1_json = read_task (fixture, fixture->sw, la1_task);
  g_autofree char *la1_body = json_to_string (la1_json, FALSE);
  const char *others[] = { fixture->nurse, fixture->officer, fixture->admin };
  const char *paths[] = { "/Task", "/Task/%s", "/Task/%s/_history", "/Task/%s/_history/1" };
  g_autofree char *before = written (fixture);
  g_autofree char *after = NULL;

  /* other roles: 403 everywhere, whatever the Task */
  for (guint r = 0; r < G_N_ELEMENTS (others); r++)
    {
      g_autoptr(CpisTestResponse) put = put_text (fixture, others[r], la1_task, "W/\"1\"", la1_body);

      for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
        {
          g_autofree char *path = g_strdup_printf (paths[p], la1_task);
          g_autoptr(CpisTestResponse) response = get (fixture, others[r], path);

          cpis_test_assert_outcome (response, 403, CPIS_HUB_ACCESS_DENIED);
        }
      cpis_test_assert_outcome (put, 403, CPIS_HUB_ACCESS_DENIED);
    }

  /* no token, or a bad one: 401 */
  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      g_autofree char *path = g_strdup_printf (paths[p], la1_task);
      g_autoptr(CpisTestResponse) none = get (fixture, NULL, path);
      g_autoptr(CpisTestResponse) bad = get (fixture, "not-a-token", path);

      cpis_test_assert_outcome (none, 401, CPIS_HUB_UNAUTHORISED);
      cpis_test_assert_outcome (bad, 401, CPIS_HUB_UNAUTHORISED);
    }

  /* a social worker of the other LA: 404, as for an id that does not exist */
  for (guint p = 1; p < G_N_ELEMENTS (paths); p++)
    {
      g_autofree char *path = g_strdup_printf (paths[p], la1_task);
      g_autofree char *none_path = g_strdup_printf (paths[p], "5f0c3e52-6a51-4c1b-9a7e-2d9e8f1b0c11");
      g_autoptr(CpisTestResponse) other = get (fixture, fixture->sw_la2, path);
      g_autoptr(CpisTestResponse) none = get (fixture, fixture->sw, none_path);
      g_autofree char *other_text = cpis_test_response_text (other);
      g_autofree char *none_text = cpis_test_response_text (none);

      cpis_test_assert_outcome (other, 404, CPIS_HUB_NOT_FOUND);
      cpis_test_assert_outcome (none, 404, CPIS_HUB_NOT_FOUND);
      /* the same sentence: nothing is learnt (the OperationOutcome ids differ) */
      g_assert_nonnull (strstr (other_text, "There is no such notification for your local authority."));
      g_assert_nonnull (strstr (none_text, "There is no such notification for your local authority."));
    }
  {
    g_autoptr(CpisTestResponse) put = put_text (fixture, fixture->sw_la2, la1_task, "W/\"1\"",
                                                la1_body);

    cpis_test_assert_outcome (put, 404, CPIS_HUB_NOT_FOUND);
  }

  /* each LA's social workers see their own, all of them */
  {
    g_autoptr(JsonNode) own = get_json (fixture, fixture->sw2, "/Task");
    g_autoptr(JsonNode) other = get_json (fixture, fixture->sw_la2, "/Task");
    g_autoptr(GPtrArray) own_ids = match_ids (own);
    g_autoptr(GPtrArray) other_ids = match_ids (other);

    g_assert_cmpuint (own_ids->len, ==, 1);
    g_assert_cmpstr (own_ids->pdata[0], ==, la1_task);
    g_assert_cmpuint (other_ids->len, ==, 1);
    g_assert_cmpstr (other_ids->pdata[0], ==, la2_task);
  }

  after = written (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* ------------------------------------------------------------------------ */
/* Transitions */

/* How to bring a fresh Task to each status */
static const char * const *
path_to (CpisHubTaskStatus status)
{
  static const char * const requested[] = { NULL };
  static const char * const accepted[] = { "accepted", NULL };
  static const char * const in_progress[] = { "in-progress", NULL };
  static const char * const completed[] = { "accepted", "completed", NULL };
  static const char * const cancelled[] = { "cancelled", NULL };
  static const char * const * const paths[] = { requested, accepted, in_progress, completed,
                                                cancelled };

  return paths[status];
}

static JsonNode *
task_in (Fixture           *fixture,
         CpisHubTaskStatus  status)
{
  g_autofree char *id = raise_la1 (fixture);
  const char * const *steps = path_to (status);
  JsonNode *task;

  switch (g_strv_length ((char **) steps))
    {
    case 0:
      task = move (fixture, id, NULL);
      break;
    case 1:
      task = move (fixture, id, steps[0], NULL);
      break;
    default:
      task = move (fixture, id, steps[0], steps[1], NULL);
      break;
    }

  g_assert_cmpstr (member_string (task, "status"), ==, cpis_hub_task_status_to_string (status));
  return task;
}

/* Every pair of statuses: the lifecycle's transitions go through, the
 * others are refused, and a final Task changes no more */
static void
test_transitions (Fixture       *fixture,
                  gconstpointer  data)
{
  static const gboolean allowed[CPIS_HUB_N_TASK_STATUSES][CPIS_HUB_N_TASK_STATUSES] = {
    /*                 requested accepted in-progress completed cancelled */
    /* requested */   { FALSE,    TRUE,    TRUE,       FALSE,    TRUE },
    /* accepted */    { FALSE,    FALSE,   TRUE,       TRUE,     TRUE },
    /* in-progress */ { FALSE,    FALSE,   FALSE,      TRUE,     TRUE },
    /* completed */   { FALSE,    FALSE,   FALSE,      FALSE,    FALSE },
    /* cancelled */   { FALSE,    FALSE,   FALSE,      FALSE,    FALSE },
  };

  for (guint from = 0; from < CPIS_HUB_N_TASK_STATUSES; from++)
    for (guint to = 0; to < CPIS_HUB_N_TASK_STATUSES; to++)
      {
        g_autoptr(JsonNode) task = task_in (fixture, from);
        gint64 version = version_of (task);
        const char *to_text = cpis_hub_task_status_to_string (to);

        g_assert_cmpint (cpis_hub_task_status_can_become (from, to), ==, allowed[from][to]);

        if (from == to)
          {
            /* the same status, as read: no change, no new version */
            g_autoptr(JsonNode) same = put_ok (fixture, fixture->sw, task);

            g_assert_cmpint (version_of (same), ==, version);
            continue;
          }

        set_status (task, to_text);
        if (to == CPIS_HUB_TASK_STATUS_CANCELLED)
          set_reason (task, "Duplicate of another notification.");
        if (to == CPIS_HUB_TASK_STATUS_COMPLETED)
          set_outcome (task, "contacted-family");

        if (allowed[from][to])
          {
            g_autoptr(JsonNode) next = put_ok (fixture, fixture->sw, task);

            g_assert_cmpint (version_of (next), ==, version + 1);
            g_assert_cmpstr (member_string (next, "status"), ==, to_text);
          }
        else
          put_refused (fixture, fixture->sw, task, 422, CPIS_HUB_BUSINESS_RULE);
      }
}

/* What cancelling and completing need, and what only they may carry */
static void
test_reason_and_outcome (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) task = task_in (fixture, CPIS_HUB_TASK_STATUS_IN_PROGRESS);
  g_autoptr(JsonNode) completed = NULL;
  g_autoptr(JsonNode) cancelled = NULL;
  g_autoptr(JsonNode) other = task_in (fixture, CPIS_HUB_TASK_STATUS_ACCEPTED);
  g_autoptr(JsonNode) with_outcome = NULL;
  JsonObject *coding;
  char *long_reason = g_strnfill (CPIS_HUB_TASK_REASON_MAX_CHARS + 1, 'x');

  /* cancelled without a reason, or with an empty one */
  set_status (task, "cancelled");
  put_refused (fixture, fixture->sw, task, 422, CPIS_HUB_BUSINESS_RULE);
  set_reason (task, "   ");
  put_refused (fixture, fixture->sw, task, 422, CPIS_HUB_BUSINESS_RULE);
  set_reason (task, long_reason);
  g_free (long_reason);
  put_refused (fixture, fixture->sw, task, 422, CPIS_HUB_BUSINESS_RULE);

  /* a reason on another status */
  set_status (task, "in-progress");
  set_reason (task, "Why not.");
  put_refused (fixture, fixture->sw, task, 422, CPIS_HUB_BUSINESS_RULE);
  json_object_remove_member (object_of (task), "statusReason");

  /* completed without an outcome, or with one that is not on the list */
  set_status (task, "completed");
  put_refused (fixture, fixture->sw, task, 422, CPIS_HUB_BUSINESS_RULE);
  set_outcome (task, "sorted");
  put_refused (fixture, fixture->sw, task, 422, CPIS_HUB_BUSINESS_RULE);

  /* an outcome may be given before completing, and kept */
  set_status (other, "in-progress");
  set_outcome (other, "contacted-health-professional");
  with_outcome = put_ok (fixture, fixture->sw, other);
  coding = json_array_get_object_element (json_object_get_array_member (
    json_object_get_object_member (object_of (with_outcome), "businessStatus"), "coding"), 0);
  g_assert_cmpstr (json_object_get_string_member (coding, "display"), ==,
                   "Contacted the health professional");

  /* and with a known one it completes; the outcome is shown with its display */
  set_outcome (task, "referred");
  completed = put_ok (fixture, fixture->sw, task);
  coding = json_array_get_object_element (json_object_get_array_member (
    json_object_get_object_member (object_of (completed), "businessStatus"), "coding"), 0);
  g_assert_cmpstr (json_object_get_string_member (coding, "code"), ==, "referred");
  g_assert_cmpstr (json_object_get_string_member (coding, "display"), ==, "Referred for assessment");

  /* a final Task: not a note, not an owner, not an outcome */
  add_note (completed, "Afterthought.");
  put_refused (fixture, fixture->sw, completed, 422, CPIS_HUB_BUSINESS_RULE);
  json_object_remove_member (object_of (completed), "note");
  set_owner_identifier (completed, CPIS_HUB_TEAM_SYSTEM, "LA1-duty");
  put_refused (fixture, fixture->sw, completed, 422, CPIS_HUB_BUSINESS_RULE);

  cancelled = task_in (fixture, CPIS_HUB_TASK_STATUS_CANCELLED);
  g_assert_cmpstr (json_object_get_string_member (
    json_object_get_object_member (object_of (cancelled), "statusReason"), "text"), ==,
                   "Raised in error.");
  set_reason (cancelled, "Another reason.");
  put_refused (fixture, fixture->sw, cancelled, 422, CPIS_HUB_BUSINESS_RULE);
}

/* ------------------------------------------------------------------------ */
/* Versions */

static void
test_if_match (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *id = raise_la1 (fixture);
  g_autofree char *path = g_strdup_printf ("/Task/%s", id);
  g_autoptr(CpisTestResponse) read = get (fixture, fixture->sw, path);
  g_autoptr(JsonNode) task = cpis_test_response_json (read);
  g_autofree char *body = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *bad_if_match[] = { "W/\"0\"", "*", "W/\"x\"", "", "W/\"-1\"" };

  g_assert_cmpstr (soup_message_headers_get_one (read->headers, "ETag"), ==, "W/\"1\"");

  set_status (task, "accepted");
  body = json_to_string (task, FALSE);
  before = written (fixture);

  /* missing or unreadable: 428 */
  {
    g_autoptr(CpisTestResponse) missing = put_text (fixture, fixture->sw, id, NULL, body);

    cpis_test_assert_outcome (missing, 428, CPIS_HUB_PRECONDITION_REQUIRED);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad_if_match); i++)
    {
      g_autoptr(CpisTestResponse) bad = put_text (fixture, fixture->sw, id, bad_if_match[i], body);

      cpis_test_assert_outcome (bad, 428, CPIS_HUB_PRECONDITION_REQUIRED);
    }

  /* a version that is not the current one: 412 */
  {
    g_autoptr(CpisTestResponse) ahead = put_text (fixture, fixture->sw, id, "W/\"2\"", body);

    cpis_test_assert_outcome (ahead, 412, CPIS_HUB_VERSION_CONFLICT);
  }
  after = written (fixture);
  g_assert_cmpstr (after, ==, before);

  /* the current one, in any of its spellings */
  {
    g_autoptr(CpisTestResponse) ok = put_text (fixture, fixture->sw, id, "\"1\"", body);
    g_autoptr(JsonNode) answer = NULL;

    assert_status (ok, 200);
    g_assert_cmpstr (soup_message_headers_get_one (ok->headers, "ETag"), ==, "W/\"2\"");
    answer = cpis_test_response_json (ok);
    g_assert_cmpint (version_of (answer), ==, 2);
  }

  /* the first read is now stale, even for a change that would be allowed */
  set_status (task, "in-progress");
  g_clear_pointer (&body, g_free);
  body = json_to_string (task, FALSE);
  {
    g_autoptr(CpisTestResponse) stale = put_text (fixture, fixture->sw, id, "W/\"1\"", body);
    g_autoptr(CpisTestResponse) current = put_text (fixture, fixture->sw, id, "2", body);

    cpis_test_assert_outcome (stale, 412, CPIS_HUB_VERSION_CONFLICT);
    assert_status (current, 200);
    g_assert_cmpstr (soup_message_headers_get_one (current->headers, "ETag"), ==, "W/\"3\"");
  }

  g_assert_cmpint (db_int64 (fixture, "SELECT count(*) FROM notification_versions v"
                                      " JOIN notifications n ON n.seq = v.notification_seq"
                                      " WHERE n.id = ?1", id), ==, 3);
}

/* Two social workers change the same version: one wins, the other is told
 * to read it again */
static void
test_concurrent_changes (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *id = raise_la1 (fixture);
  g_autoptr(JsonNode) first = read_task (fixture, fixture->sw, id);
  g_autoptr(JsonNode) second = read_task (fixture, fixture->sw2, id);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) now = NULL;

  set_status (first, "accepted");
  answer = put_ok (fixture, fixture->sw, first);
  add_note (second, "I will take this one.");
  put_refused (fixture, fixture->sw2, second, 412, CPIS_HUB_VERSION_CONFLICT);

  now = read_task (fixture, fixture->sw2, id);
  g_assert_cmpint (version_of (now), ==, 2);
  g_assert_false (json_object_has_member (object_of (now), "note"));
}

/* ------------------------------------------------------------------------ */
/* Notes */

static void
test_notes (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *id = raise_la1 (fixture);
  g_autofree char *sw_role = role_id (fixture, "sw");
  g_autofree char *sw2_role = role_id (fixture, "sw2");
  g_autofree char *sw_reference = g_strconcat ("PractitionerRole/", sw_role, NULL);
  g_autoptr(JsonNode) task = read_task (fixture, fixture->sw, id);
  g_autoptr(JsonNode) one = NULL;
  g_autoptr(JsonNode) two = NULL;
  g_autoptr(JsonNode) version2 = NULL;
  g_autofree char *version2_path = NULL;
  JsonObject *note, *author, *extension;
  JsonArray *notes;
  char *long_text = g_strnfill (10001, 'n');

  /* the client's author and time are not taken: the hub sets them */
  note = add_note (task, "  Phoned the mother; GP informed.  ");
  json_object_set_string_member (note, "time", "2001-01-01T00:00:00Z");
  author = json_object_new ();
  json_object_set_string_member (author, "reference", "PractitionerRole/someone-else");
  json_object_set_object_member (note, "authorReference", author);
  one = put_ok (fixture, fixture->sw, task);

  notes = json_object_get_array_member (object_of (one), "note");
  g_assert_cmpuint (json_array_get_length (notes), ==, 1);
  note = json_array_get_object_element (notes, 0);
  g_assert_cmpstr (json_object_get_string_member (note, "text"), ==, "Phoned the mother; GP informed.");
  g_assert_cmpstr (json_object_get_string_member (note, "time"), ==, "2025-06-15T11:00:00+00:00");
  author = json_object_get_object_member (note, "authorReference");
  g_assert_cmpstr (json_object_get_string_member (author, "reference"), ==, sw_reference);
  g_assert_cmpstr (json_object_get_string_member (author, "display"), ==, "Test sw");

  /* who made the version */
  extension = json_array_get_object_element (json_object_get_array_member (object_of (one),
                                                                           "extension"), 1);
  g_assert_cmpstr (json_object_get_string_member (extension, "url"), ==,
                   CPIS_HUB_TASK_MODIFIED_BY_URL);
  g_assert_cmpstr (json_object_get_string_member (
    json_object_get_object_member (extension, "valueReference"), "reference"), ==, sw_reference);

  /* a note alone is a new version, by its own author, later */
  cpis_test_hub_advance (fixture->hub, 90);
  add_note (one, "Health visitor to call on Monday.");
  two = put_ok (fixture, fixture->sw2, one);
  g_assert_cmpint (version_of (two), ==, 3);
  g_assert_cmpstr (member_string (two, "status"), ==, "requested");
  notes = json_object_get_array_member (object_of (two), "note");
  g_assert_cmpuint (json_array_get_length (notes), ==, 2);
  note = json_array_get_object_element (notes, 1);
  g_assert_cmpstr (json_object_get_string_member (note, "time"), ==, "2025-06-15T11:01:30+00:00");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (
    json_object_get_object_member (note, "authorReference"), "reference"), sw2_role));

  /* edited, removed, re-timed, re-authored, empty, too long: refused */
  note = json_array_get_object_element (json_object_get_array_member (object_of (two), "note"), 0);
  json_object_set_string_member (note, "text", "Phoned the father.");
  put_refused (fixture, fixture->sw, two, 422, CPIS_HUB_BUSINESS_RULE);
  json_object_set_string_member (note, "text", "Phoned the mother; GP informed.");
  json_object_set_string_member (note, "time", "2025-06-15T11:00:01+00:00");
  put_refused (fixture, fixture->sw, two, 422, CPIS_HUB_BUSINESS_RULE);
  json_object_set_string_member (note, "time", "2025-06-15T12:00:00+01:00");   /* the same instant */
  json_object_set_string_member (json_object_get_object_member (note, "authorReference"),
                                 "reference", "PractitionerRole/someone-else");
  put_refused (fixture, fixture->sw, two, 422, CPIS_HUB_BUSINESS_RULE);
  json_object_set_string_member (json_object_get_object_member (note, "authorReference"),
                                 "reference", sw_reference);
  json_array_remove_element (json_object_get_array_member (object_of (two), "note"), 1);
  put_refused (fixture, fixture->sw, two, 422, CPIS_HUB_BUSINESS_RULE);
  json_object_remove_member (object_of (two), "note");
  put_refused (fixture, fixture->sw, two, 422, CPIS_HUB_BUSINESS_RULE);

  g_clear_pointer (&two, json_node_unref);
  two = read_task (fixture, fixture->sw, id);
  add_note (two, " \n\t ");
  put_refused (fixture, fixture->sw, two, 422, CPIS_HUB_BUSINESS_RULE);
  json_array_remove_element (json_object_get_array_member (object_of (two), "note"), 2);
  add_note (two, long_text);
  g_free (long_text);
  put_refused (fixture, fixture->sw, two, 422, CPIS_HUB_BUSINESS_RULE);

  /* the re-spelt instant of a note as read is the same note */
  json_array_remove_element (json_object_get_array_member (object_of (two), "note"), 2);
  note = json_array_get_object_element (json_object_get_array_member (object_of (two), "note"), 0);
  json_object_set_string_member (note, "time", "2025-06-15T12:00:00.000000+01:00");
  {
    g_autoptr(JsonNode) same = put_ok (fixture, fixture->sw, two);

    g_assert_cmpint (version_of (same), ==, 3);
  }

  /* version 2 still has its one note */
  version2_path = g_strdup_printf ("/Task/%s/_history/2", id);
  version2 = get_json (fixture, fixture->sw, version2_path);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (version2),
                                                                         "note")), ==, 1);

  /* and the database keeps them whatever asks: the triggers */
  {
    sqlite3 *db = NULL;
    char *message = NULL;

    g_assert_cmpint (sqlite3_open (cpis_test_hub_get_db_path (fixture->hub), &db), ==, SQLITE_OK);
    sqlite3_busy_timeout (db, 5000);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE notification_notes SET text = 'x'", NULL, NULL,
                                   &message), ==, SQLITE_CONSTRAINT);
    sqlite3_free (message);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM notification_notes", NULL, NULL, &message),
                     ==, SQLITE_CONSTRAINT);
    sqlite3_free (message);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM notification_versions", NULL, NULL, &message),
                     ==, SQLITE_CONSTRAINT);
    sqlite3_free (message);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM notifications", NULL, NULL, &message), ==,
                     SQLITE_CONSTRAINT);
    sqlite3_free (message);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE notifications SET nhs_number = '9990000000'", NULL,
                                   NULL, &message), ==, SQLITE_CONSTRAINT);
    sqlite3_free (message);
    sqlite3_close (db);
  }
}

/* ------------------------------------------------------------------------ */
/* Owners */

static void
test_owner (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *id = raise_la1 (fixture);
  g_autofree char *sw2_role = role_id (fixture, "sw2");
  g_autofree char *la2_role = role_id (fixture, "sw-la2");
  g_autofree char *nurse_role = role_id (fixture, "nurse");
  g_autofree char *sw2_reference = g_strconcat ("PractitionerRole/", sw2_role, NULL);
  g_autofree char *la2_reference = g_strconcat ("PractitionerRole/", la2_role, NULL);
  g_autofree char *nurse_reference = g_strconcat ("PractitionerRole/", nurse_role, NULL);
  g_autoptr(JsonNode) task = read_task (fixture, fixture->sw, id);
  g_autoptr(JsonNode) team = NULL;
  g_autoptr(JsonNode) person = NULL;
  g_autoptr(JsonNode) back = NULL;
  JsonObject *owner;

  /* a team of the LA */
  set_owner_identifier (task, CPIS_HUB_TEAM_SYSTEM, "LA1-duty");
  team = put_ok (fixture, fixture->sw, task);
  owner = json_object_get_object_member (object_of (team), "owner");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (owner, "identifier"),
                                                  "system"), ==, CPIS_HUB_TEAM_SYSTEM);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (owner, "identifier"),
                                                  "value"), ==, "LA1-duty");
  g_assert_cmpstr (json_object_get_string_member (owner, "display"), ==, "Duty team");

  /* one of its social workers (a full URL is taken too) */
  {
    g_autofree char *url = g_strdup_printf ("%s/%s", cpis_test_hub_get_base_url (fixture->hub),
                                            sw2_reference);

    set_owner_reference (team, url);
  }
  person = put_ok (fixture, fixture->sw, team);
  owner = json_object_get_object_member (object_of (person), "owner");
  g_assert_cmpstr (json_object_get_string_member (owner, "reference"), ==, sw2_reference);
  g_assert_cmpstr (json_object_get_string_member (owner, "display"), ==, "Test sw2");
  g_assert_cmpint (version_of (person), ==, 3);

  /* refused: outside the LA, not a social worker, no one, unknown kinds */
  set_owner_identifier (person, CPIS_HUB_TEAM_SYSTEM, "LA2-duty");
  put_refused (fixture, fixture->sw, person, 422, CPIS_HUB_BUSINESS_RULE);
  set_owner_identifier (person, CPIS_HUB_TEAM_SYSTEM, "no-such-team");
  put_refused (fixture, fixture->sw, person, 422, CPIS_HUB_BUSINESS_RULE);
  set_owner_identifier (person, "https://fhir.nhs.uk/Id/ods-organization-code", "LA2");
  put_refused (fixture, fixture->sw, person, 422, CPIS_HUB_BUSINESS_RULE);
  set_owner_identifier (person, "https://example.org/people", "LA1");
  put_refused (fixture, fixture->sw, person, 422, CPIS_HUB_BUSINESS_RULE);
  set_owner_reference (person, la2_reference);
  put_refused (fixture, fixture->sw, person, 422, CPIS_HUB_BUSINESS_RULE);
  set_owner_reference (person, nurse_reference);
  put_refused (fixture, fixture->sw, person, 422, CPIS_HUB_BUSINESS_RULE);
  set_owner_reference (person, "PractitionerRole/5f0c3e52-6a51-4c1b-9a7e-2d9e8f1b0c11");
  put_refused (fixture, fixture->sw, person, 422, CPIS_HUB_BUSINESS_RULE);
  set_owner_reference (person, "Organization/LA1");
  put_refused (fixture, fixture->sw, person, 422, CPIS_HUB_BUSINESS_RULE);
  set_owner_identifier (person, CPIS_HUB_TEAM_SYSTEM, "LA1-duty");
  json_object_set_string_member (json_object_get_object_member (object_of (person), "owner"),
                                 "reference", sw2_reference);
  put_refused (fixture, fixture->sw, person, 422, CPIS_HUB_BUSINESS_RULE);
  json_object_remove_member (object_of (person), "owner");
  put_refused (fixture, fixture->sw, person, 422, CPIS_HUB_BUSINESS_RULE);

  /* back to the LA: unassigned (the ODS code in any case) */
  set_owner_identifier (person, "http://FHIR.nhs.uk/Id/ods-organization-code", "la1");
  back = put_ok (fixture, fixture->sw, person);
  owner = json_object_get_object_member (object_of (back), "owner");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (owner, "identifier"),
                                                  "value"), ==, "LA1");
  g_assert_cmpstr (json_object_get_string_member (owner, "display"), ==, "Northgate Council");
}

/* ------------------------------------------------------------------------ */
/* What never changes */

static void
test_never_changes (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = raise_la1 (fixture);
  g_autoptr(JsonNode) task = read_task (fixture, fixture->sw, id);
  g_autofree char *original = json_to_string (task, FALSE);
  static const char * const edits[] = {
    "{\"code\": {\"coding\": [{\"system\": \"" CPIS_HUB_TASK_TYPE_SYSTEM "\", \"code\": \"inactive-nhs-number\"}]}}",
    "{\"focus\": {\"reference\": \"AuditEvent/5f0c3e52-6a51-4c1b-9a7e-2d9e8f1b0c11\"}}",
    "{\"for\": {\"identifier\": {\"system\": \"https://fhir.nhs.uk/Id/nhs-number\", \"value\": \"9990000050\"}}}",
    "{\"authoredOn\": \"2025-06-15T11:00:01+00:00\"}",
    "{\"requester\": {\"identifier\": {\"system\": \"https://fhir.nhs.uk/Id/ods-organization-code\", \"value\": \"ED2\"}}}",
    "{\"intent\": \"plan\"}",
    "{\"priority\": \"urgent\"}",
    "{\"input\": [{\"type\": {\"text\": \"replaced-by\"}, \"valueIdentifier\": {\"value\": \"9990000050\"}}]}",
    "{\"extension\": [{\"url\": \"" CPIS_HUB_TASK_OUT_OF_AREA_URL "\", \"valueBoolean\": true}]}",
    "{\"extension\": [{\"url\": \"https://example.org/flag\", \"valueBoolean\": true}]}",
    "{\"description\": \"Something the hub does not keep\"}",
    "{\"text\": {\"status\": \"generated\", \"div\": \"<div/>\"}}",
    "{\"status\": \"on-hold\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(JsonNode) copy = json_from_string (original, NULL);
      g_autoptr(JsonNode) edit = json_from_string (edits[i], NULL);
      JsonObject *changes = json_node_get_object (edit);
      g_autoptr(GList) members = json_object_get_members (changes);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (object_of (copy), l->data,
                                json_node_copy (json_object_get_member (changes, l->data)));
      put_refused (fixture, fixture->sw, copy, 422, CPIS_HUB_BUSINESS_RULE);
    }

  /* the same values spelt otherwise, and the hub's own members changed, are
   * no change at all */
  {
    g_autoptr(JsonNode) copy = json_from_string (original, NULL);
    g_autoptr(JsonNode) same = NULL;
    JsonObject *subject = json_object_get_object_member (object_of (copy), "for");

    json_object_set_string_member (json_object_get_object_member (subject, "identifier"), "value",
                                   "999 765 4323");
    json_object_set_string_member (json_object_get_object_member (subject, "identifier"), "system",
                                   "http://fhir.nhs.uk/Id/NHS-number");
    json_object_set_string_member (subject, "display", "Someone Else");
    json_object_set_string_member (object_of (copy), "authoredOn", "2025-06-01T09:01:00.000+01:00");
    json_object_set_string_member (object_of (copy), "lastModified", "2030-01-01T00:00:00Z");
    json_object_set_object_member (object_of (copy), "meta", json_object_new ());
    {
      g_autofree char *body = json_to_string (copy, FALSE);
      g_autoptr(CpisTestResponse) response = put_text (fixture, fixture->sw, id, "W/\"1\"", body);

      assert_status (response, 200);
      same = cpis_test_response_json (response);
    }
    g_assert_cmpint (version_of (same), ==, 1);
  }

  /* what never changes may be left out: the hub keeps it */
  {
    g_autofree char *body = g_strdup_printf (
      "{\"resourceType\": \"Task\", \"id\": \"%s\", \"status\": \"accepted\","
      " \"owner\": {\"identifier\": {\"system\": \"https://fhir.nhs.uk/Id/ods-organization-code\","
      " \"value\": \"LA1\"}}}", id);
    g_autoptr(CpisTestResponse) response = put_text (fixture, fixture->sw, id, "W/\"1\"", body);
    g_autoptr(JsonNode) now = NULL;

    assert_status (response, 200);
    now = read_task (fixture, fixture->sw, id);
    g_assert_cmpint (version_of (now), ==, 2);
    g_assert_cmpstr (member_string (now, "status"), ==, "accepted");
    g_assert_cmpstr (member_string (now, "authoredOn"), ==, "2025-06-01T08:01:00+00:00");
    g_assert_true (json_object_has_member (object_of (now), "focus"));
    g_assert_true (json_object_has_member (object_of (now), "requester"));
  }
}

/* ------------------------------------------------------------------------ */
/* Hostile bodies */

static void
test_hostile_bodies (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = raise_la1 (fixture);
  g_autoptr(JsonNode) task = read_task (fixture, fixture->sw, id);
  g_autofree char *good = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GString) nested = g_string_new (NULL);
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *other_id = NULL;
  g_autofree char *no_id = NULL;
  g_autofree char *duplicate = NULL;
  g_autofree char *nul = NULL;
  g_autofree char *not_utf8 = NULL;
  g_autofree char *wrong_types = NULL;
  g_autofree char *no_status = NULL;
  const char *plain[] = {
    "not json at all",
    "{\"resourceType\": \"Task\", \"id\": ",
    "[]",
    "\"Task\"",
    "{\"resourceType\": \"Patient\", \"id\": \"x\"}",
    "{\"id\": \"x\"}",
  };

  set_status (task, "accepted");
  good = json_to_string (task, FALSE);
  before = written (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_autoptr(CpisTestResponse) response = put_text (fixture, fixture->sw, id, "W/\"1\"", plain[i]);

      cpis_test_assert_outcome (response, 400, CPIS_HUB_INVALID_RESOURCE);
    }

  /* the id of another Task, or none */
  other_id = g_strdup (good);
  memcpy (strstr (other_id, id), "00000000", 8);
  no_id = g_strdup_printf ("{\"resourceType\": \"Task\", \"status\": \"accepted\"}");
  /* a member given twice: json-glib would keep the second */
  duplicate = g_strdup_printf ("{\"resourceType\": \"Task\", \"id\": \"%s\", \"status\": \"accepted\","
                               " \"status\": \"requested\"}", id);
  /* an escaped NUL, and bytes that are not UTF-8 */
  nul = g_strdup_printf ("{\"resourceType\": \"Task\", \"id\": \"%s\", \"status\": \"accepted\","
                         " \"note\": [{\"text\": \"a\\u0000b\"}]}", id);
  not_utf8 = g_strdup_printf ("{\"resourceType\": \"Task\", \"id\": \"%s\", \"status\": \"accepted\","
                              " \"note\": [{\"text\": \"\xff\xfe\xc3\"}]}", id);
  wrong_types = g_strdup_printf ("{\"resourceType\": \"Task\", \"id\": \"%s\", \"status\": 3}", id);
  no_status = g_strdup_printf ("{\"resourceType\": \"Task\", \"id\": \"%s\"}", id);

  /* nested 200 deep inside a note */
  g_string_append_printf (nested, "{\"resourceType\": \"Task\", \"id\": \"%s\", \"status\": "
                                  "\"accepted\", \"note\": [{\"text\": \"x\", \"extension\": ", id);
  for (guint i = 0; i < 200; i++)
    g_string_append_c (nested, '[');
  for (guint i = 0; i < 200; i++)
    g_string_append_c (nested, ']');
  g_string_append (nested, "}]}");

  {
    const char *bodies[] = { other_id, no_id, duplicate, nul, not_utf8, wrong_types, no_status,
                             nested->str };

    for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
      {
        g_autoptr(CpisTestResponse) response = put_text (fixture, fixture->sw, id, "W/\"1\"",
                                                         bodies[i]);

        cpis_test_assert_outcome (response, 400, CPIS_HUB_INVALID_RESOURCE);
      }
  }

  /* no body at all */
  {
    g_autofree char *path = g_strdup_printf (BASE "/Task/%s", id);
    g_autoptr(CpisTestResponse) response = cpis_test_hub_request (fixture->hub, "PUT", path,
                                                                  fixture->sw, NULL, NULL,
                                                                  "If-Match", "W/\"1\"",
                                                                  "Content-Type", "application/fhir+json",
                                                                  NULL);

    cpis_test_assert_outcome (response, 400, CPIS_HUB_INVALID_RESOURCE);
  }

  /* another media type */
  {
    g_autofree char *path = g_strdup_printf (BASE "/Task/%s", id);
    g_autoptr(CpisTestResponse) response = cpis_test_hub_request (fixture->hub, "PUT", path,
                                                                  fixture->sw, "text/plain", good,
                                                                  "If-Match", "W/\"1\"", NULL);

    cpis_test_assert_outcome (response, 415, CPIS_HUB_UNSUPPORTED_MEDIA);
  }

  /* 2 MB: refused before it is read */
  g_string_append_printf (huge, "{\"resourceType\": \"Task\", \"id\": \"%s\", \"status\": "
                                "\"accepted\", \"note\": [{\"text\": \"", id);
  while (huge->len < 2 * 1024 * 1024)
    g_string_append (huge, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (huge, "\"}]}");
  {
    g_autofree char *path = g_strdup_printf (BASE "/Task/%s", id);
    /* the hub answers before it reads the body, and closes: a client that
     * waits for 100-continue hears the answer rather than a broken pipe */
    g_autoptr(CpisTestResponse) response = cpis_test_hub_request (fixture->hub, "PUT", path,
                                                                  fixture->sw,
                                                                  "application/fhir+json",
                                                                  huge->str,
                                                                  "If-Match", "W/\"1\"",
                                                                  "Expect", "100-continue", NULL);

    cpis_test_assert_outcome (response, 413, CPIS_HUB_PAYLOAD_TOO_LARGE);
  }

  after = written (fixture);
  g_assert_cmpstr (after, ==, before);

  /* and the hub still takes the good one */
  {
    g_autoptr(CpisTestResponse) response = put_text (fixture, fixture->sw, id, "W/\"1\"", good);

    assert_status (response, 200);
  }
}

/* ------------------------------------------------------------------------ */
/* Search: paging */

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) none = NULL;
  g_autoptr(JsonNode) capped = NULL;
  g_autoptr(JsonNode) past = NULL;
  g_autoptr(GPtrArray) capped_ids = NULL;
  guint expected[] = { 50, 50, 20 };
  guint n_pages = 0;

  raise_many (fixture, 120);

  page = get_json (fixture, fixture->sw, "/Task?status=requested");
  while (TRUE)
    {
      g_autoptr(GPtrArray) ids = match_ids (page);
      const char *next = link_of (page, "next");
      const char *previous = link_of (page, "previous");
      JsonNode *following;

      g_assert_cmpint (total_of (page), ==, 120);
      g_assert_cmpuint (n_pages, <, G_N_ELEMENTS (expected));
      g_assert_cmpuint (ids->len, ==, expected[n_pages]);
      g_assert_true ((previous != NULL) == (n_pages > 0));
      g_assert_true ((next != NULL) == (n_pages < 2));
      if (previous != NULL)
        g_assert_nonnull (strstr (previous, "status=requested"));

      for (guint i = 0; i < ids->len; i++)
        g_assert_true (g_hash_table_add (seen, g_strdup (ids->pdata[i])));
      n_pages++;

      if (next == NULL)
        break;
      g_assert_nonnull (strstr (next, "status=requested"));
      following = get_json (fixture, fixture->sw, under_base (fixture, next));
      json_node_unref (page);
      page = following;
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 120);

  /* previous from the last page is the middle one */
  {
    g_autoptr(JsonNode) middle = get_json (fixture, fixture->sw,
                                           under_base (fixture, link_of (page, "previous")));
    g_autoptr(GPtrArray) ids = match_ids (middle);

    g_assert_cmpuint (ids->len, ==, 50);
    g_assert_nonnull (strstr (link_of (middle, "previous"), "_offset=0"));
  }

  /* _count=0: the total alone; past the end: no entries, the total still */
  none = get_json (fixture, fixture->sw, "/Task?_count=0");
  g_assert_cmpint (total_of (none), ==, 120);
  g_assert_null (entries_of (none));
  g_assert_null (link_of (none, "next"));
  past = get_json (fixture, fixture->sw, "/Task?_offset=500");
  g_assert_cmpint (total_of (past), ==, 120);
  g_assert_null (entries_of (past));
  g_assert_null (link_of (past, "next"));
  g_assert_nonnull (link_of (past, "previous"));

  /* more than 500 asked: 500 answered */
  raise_many (fixture, 400);
  capped = get_json (fixture, fixture->sw, "/Task?_count=100000");
  capped_ids = match_ids (capped);
  g_assert_cmpint (total_of (capped), ==, 520);
  g_assert_cmpuint (capped_ids->len, ==, 500);
  g_assert_nonnull (strstr (link_of (capped, "next"), "_offset=500"));
  {
    g_autoptr(JsonNode) huge = get_json (fixture, fixture->sw, "/Task?_count=99999999999999999999999");
    g_autoptr(GPtrArray) ids = match_ids (huge);

    g_assert_cmpuint (ids->len, ==, 500);
  }

  assert_search_refused (fixture, "_count=-1");
  assert_search_refused (fixture, "_count=ten");
  assert_search_refused (fixture, "_count=1&_count=2");
  assert_search_refused (fixture, "_offset=-5");
  assert_search_refused (fixture, "_offset=");
}

/* ------------------------------------------------------------------------ */
/* Search: filters and order */

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *sw2_role = role_id (fixture, "sw2");
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
  g_autoptr(JsonNode) ta = NULL, tb = NULL, tc = NULL, td = NULL;
  g_autofree char *query = NULL;
  /* 2025-06-10, 11, 12, 13 and 14 at 09:00 UTC (10:00 in the UK) */
  gint64 day = G_GINT64_CONSTANT (1749546000) * G_USEC_PER_SEC;
  gint64 one_day = G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC;

  a = raise_at (fixture, CHILD_LA1, fixture->nurse_id, fixture->la1_id, day);
  b = raise_at (fixture, CHILD_LA1, fixture->nurse_id, fixture->la1_id, day + one_day);
  c = raise_at (fixture, CHILD_BOTH, fixture->nurse_id, fixture->la1_id, day + 2 * one_day);
  d = raise_at (fixture, CHILD_BOTH, fixture->nurse2_id, fixture->la1_id, day + 3 * one_day);
  e = raise_at (fixture, CHILD_LA2, fixture->nurse_id, fixture->la2_id, day + 4 * one_day);

  /* b accepted by the team, c in progress with sw2, d cancelled; at later times */
  {
    JsonNode *node = read_task (fixture, fixture->sw, b);

    set_status (node, "accepted");
    set_owner_identifier (node, CPIS_HUB_TEAM_SYSTEM, "LA1-duty");
    tb = put_ok (fixture, fixture->sw, node);
    json_node_unref (node);
  }
  cpis_test_hub_advance (fixture->hub, 3600);
  {
    JsonNode *node = read_task (fixture, fixture->sw, c);
    g_autofree char *reference = g_strconcat ("PractitionerRole/", sw2_role, NULL);

    set_status (node, "in-progress");
    set_owner_reference (node, reference);
    tc = put_ok (fixture, fixture->sw, node);
    json_node_unref (node);
  }
  cpis_test_hub_advance (fixture->hub, 3600);
  td = move (fixture, d, "cancelled", NULL);
  ta = read_task (fixture, fixture->sw, a);

  /* status */
  g_assert_cmpint (search_total (fixture, fixture->sw, "status=requested"), ==, 1);
  g_assert_cmpint (search_total (fixture, fixture->sw, "status=requested,accepted"), ==, 2);
  g_assert_cmpint (search_total (fixture, fixture->sw, "status=cancelled,in-progress,completed"), ==, 2);
  g_assert_cmpint (search_total (fixture, fixture->sw, ""), ==, 4);
  assert_search_refused (fixture, "status=done");
  assert_search_refused (fixture, "status=requested,");
  assert_search_refused (fixture, "status=requested&status=accepted");

  /* code */
  g_assert_cmpint (search_total (fixture, fixture->sw, "code=access-to-service"), ==, 4);
  g_assert_cmpint (search_total (fixture, fixture->sw, "code=inactive-nhs-number"), ==, 0);
  g_assert_cmpint (search_total (fixture, fixture->sw,
                                 "code=" CPIS_HUB_TASK_TYPE_SYSTEM "%7Caccess-to-service"), ==, 4);
  g_assert_cmpint (search_total (fixture, fixture->sw, "code=%7Caccess-to-service"), ==, 4);
  g_assert_cmpint (search_total (fixture, fixture->sw, "code=http://CPIS-desktop.gnome.example/fhir/"
                                 "CodeSystem/notification-type%7Caccess-to-service"), ==, 4);
  assert_search_refused (fixture, "code=https://example.org/x%7Caccess-to-service");
  assert_search_refused (fixture, "code=something");

  /* patient:identifier, tolerated as the CareTeam search tolerates it */
  g_assert_cmpint (search_total (fixture, fixture->sw, "patient:identifier="
                                 "https://fhir.nhs.uk/Id/nhs-number%7C" CHILD_BOTH), ==, 2);
  g_assert_cmpint (search_total (fixture, fixture->sw, "patient:identifier="
                                 "http://FHIR.nhs.uk/Id/NHS-number|999+765+4323"), ==, 2);
  g_assert_cmpint (search_total (fixture, fixture->sw, "patient:identifier=" CHILD_LA2), ==, 0);
  assert_search_refused (fixture, "patient:identifier=9997654324");
  assert_search_refused (fixture, "patient:identifier=https://example.org%7C" CHILD_LA1);
  assert_search_refused (fixture, "patient=" CHILD_LA1);

  /* owner */
  query = g_strdup_printf ("owner=PractitionerRole/%s", sw2_role);
  g_assert_cmpint (search_total (fixture, fixture->sw, query), ==, 1);
  g_assert_cmpint (search_total (fixture, fixture->sw,
                                 "owner=PractitionerRole/5f0c3e52-6a51-4c1b-9a7e-2d9e8f1b0c11"), ==, 0);
  g_assert_cmpint (search_total (fixture, fixture->sw,
                                 "owner:identifier=" CPIS_HUB_TEAM_SYSTEM "%7CLA1-duty"), ==, 1);
  g_assert_cmpint (search_total (fixture, fixture->sw,
                                 "owner:identifier=" CPIS_HUB_TEAM_SYSTEM "%7CLA2-duty"), ==, 0);
  g_assert_cmpint (search_total (fixture, fixture->sw, "owner:identifier="
                                 "https://fhir.nhs.uk/Id/ods-organization-code%7CLA1"), ==, 2);
  g_assert_cmpint (search_total (fixture, fixture->sw, "owner:identifier="
                                 "https://fhir.nhs.uk/Id/ods-organization-code%7CLA2"), ==, 0);
  g_assert_cmpint (search_total (fixture, fixture->sw, "owner:identifier="
                                 "http://fhir.nhs.uk/Id/ODS-organization-code|la1"), ==, 2);
  assert_search_refused (fixture, "owner=Practitioner/x");
  assert_search_refused (fixture, "owner:identifier=LA1");
  assert_search_refused (fixture, "owner:identifier=https://example.org%7CLA1");
  assert_search_refused (fixture, "owner=PractitionerRole/x&owner:identifier="
                                  CPIS_HUB_TEAM_SYSTEM "%7CLA1-duty");

  /* authored-on: dates are UK days, instants points in time, two make a range */
  g_assert_cmpint (search_total (fixture, fixture->sw, "authored-on=ge2025-06-11"), ==, 3);
  g_assert_cmpint (search_total (fixture, fixture->sw, "authored-on=gt2025-06-11"), ==, 2);
  g_assert_cmpint (search_total (fixture, fixture->sw, "authored-on=le2025-06-11"), ==, 2);
  g_assert_cmpint (search_total (fixture, fixture->sw, "authored-on=lt2025-06-11"), ==, 1);
  g_assert_cmpint (search_total (fixture, fixture->sw,
                                 "authored-on=ge2025-06-11&authored-on=le2025-06-12"), ==, 2);
  g_assert_cmpint (search_total (fixture, fixture->sw,
                                 "authored-on=ge2025-06-12T09:00:00Z"), ==, 2);
  g_assert_cmpint (search_total (fixture, fixture->sw,
                                 "authored-on=gt2025-06-12T09:00:00Z"), ==, 1);
  g_assert_cmpint (search_total (fixture, fixture->sw,
                                 "authored-on=le2025-06-12T10:00:00%2B01:00"), ==, 3);
  /* an offset's '+' sent unencoded reads as a space: taken as the '+' */
  g_assert_cmpint (search_total (fixture, fixture->sw,
                                 "authored-on=lt2025-06-12T10:00:00+01:00"), ==, 2);
  assert_search_refused (fixture, "authored-on=2025-06-11");
  assert_search_refused (fixture, "authored-on=eq2025-06-11");
  assert_search_refused (fixture, "authored-on=ge2025-06");
  assert_search_refused (fixture, "authored-on=ge2025-06-11T09:00:00");
  assert_search_refused (fixture, "authored-on=geyesterday");

  /* _lastUpdated: how a client catches up */
  {
    g_autofree char *after_b = g_strdup_printf ("_lastUpdated=gt%s", member_string (tb, "lastModified"));
    g_autoptr(JsonNode) bundle = NULL;
    g_autoptr(GPtrArray) ids = NULL;

    g_strdelimit (after_b, "+", ' ');
    g_autofree char *sorted = g_strconcat ("/Task?", after_b, "&_sort=_lastUpdated", NULL);

    bundle = get_json (fixture, fixture->sw, sorted);
    ids = match_ids (bundle);
    g_assert_cmpuint (ids->len, ==, 2);
    g_assert_cmpstr (ids->pdata[0], ==, c);
    g_assert_cmpstr (ids->pdata[1], ==, d);
  }
  g_assert_cmpint (search_total (fixture, fixture->sw, "_lastUpdated=ge2025-06-15"), ==, 3);
  g_assert_cmpint (search_total (fixture, fixture->sw, "_lastUpdated=lt2025-06-15"), ==, 1);

  /* unknown parameters are refused, not ignored */
  assert_search_refused (fixture, "foo=bar");
  assert_search_refused (fixture, "_format=json");
  assert_search_refused (fixture, "status:not=requested");
  assert_search_refused (fixture, "%C3%28=1");
  assert_search_refused (fixture, "status=");

  (void) e;
  (void) ta;
  (void) td;
}

static void
assert_order (Fixture     *fixture,
              const char  *sort,
              const char **expected)
{
  g_autofree char *path = g_strconcat ("/Task?_sort=", sort, NULL);
  g_autoptr(JsonNode) bundle = get_json (fixture, fixture->sw, path);
  g_autoptr(GPtrArray) ids = match_ids (bundle);

  g_assert_cmpuint (ids->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpstr (ids->pdata[i], ==, expected[i]);
}

static void
test_sort (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *a = raise_la1 (fixture);
  g_autofree char *b = raise_la1 (fixture);
  g_autofree char *c = raise_la1 (fixture);
  g_autofree char *d1 = NULL, *d2 = NULL;
  g_autoptr(JsonNode) ta = NULL, tb = NULL, td = NULL;

  /* c in progress first, then a completed */
  tb = move (fixture, c, "in-progress", NULL);
  cpis_test_hub_advance (fixture->hub, 60);
  ta = move (fixture, a, "accepted", "completed", NULL);

  {
    const char *newest_first[] = { c, b, a, NULL };
    const char *oldest_first[] = { a, b, c, NULL };
    /* b never changed: its lastModified is its authoredOn */
    const char *updated[] = { b, c, a, NULL };
    const char *updated_desc[] = { a, c, b, NULL };
    const char *by_status[] = { b, c, a, NULL };
    const char *by_status_desc[] = { a, c, b, NULL };

    assert_order (fixture, "-authored-on", newest_first);
    assert_order (fixture, "authored-on", oldest_first);
    assert_order (fixture, "_lastUpdated", updated);
    assert_order (fixture, "-_lastUpdated", updated_desc);
    assert_order (fixture, "status", by_status);
    assert_order (fixture, "-status", by_status_desc);

    /* the default is newest raised first */
    {
      g_autoptr(JsonNode) bundle = get_json (fixture, fixture->sw, "/Task");
      g_autoptr(GPtrArray) ids = match_ids (bundle);

      g_assert_cmpstr (ids->pdata[0], ==, c);
      g_assert_cmpstr (ids->pdata[2], ==, a);
    }
  }

  /* ties by id, ascending, whichever way the order goes */
  d1 = raise_at (fixture, CHILD_LA1, fixture->nurse_id, fixture->la1_id, fixture->next_usec + 3600000000);
  d2 = raise_at (fixture, CHILD_LA1, fixture->nurse_id, fixture->la1_id, fixture->next_usec + 3600000000);
  {
    g_autoptr(JsonNode) bundle = get_json (fixture, fixture->sw, "/Task?_sort=-authored-on&_count=2");
    g_autoptr(GPtrArray) ids = match_ids (bundle);

    g_assert_cmpint (strcmp (ids->pdata[0], ids->pdata[1]), <, 0);
    g_assert_true ((g_str_equal (ids->pdata[0], d1) && g_str_equal (ids->pdata[1], d2)) ||
                   (g_str_equal (ids->pdata[0], d2) && g_str_equal (ids->pdata[1], d1)));
  }

  assert_search_refused (fixture, "_sort=priority");
  assert_search_refused (fixture, "_sort=status,-authored-on");
  assert_search_refused (fixture, "_sort=-status&_sort=status");
  (void) td;
}

/* ------------------------------------------------------------------------ */
/* _include */

static void
test_include (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *a = raise_la1 (fixture);
  g_autofree char *b = raise_at (fixture, CHILD_BOTH, fixture->nurse_id, fixture->la1_id,
                                 fixture->next_usec + 1);
  g_autofree char *c = raise_at (fixture, CHILD_BOTH, fixture->nurse2_id, fixture->la1_id,
                                 fixture->next_usec + 2);
  g_autofree char *nurse_role = role_id (fixture, "nurse");
  g_autofree char *nurse2_role = role_id (fixture, "nurse2");
  g_autoptr(JsonNode) bundle = get_json (fixture, fixture->sw, "/Task?_include=Task:focus");
  g_autoptr(JsonNode) without = get_json (fixture, fixture->sw, "/Task");
  g_autoptr(GHashTable) focuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *entries = entries_of (bundle);
  guint n_tasks = 0, n_events = 0, n_roles = 0;

  g_assert_cmpint (total_of (bundle), ==, 3);
  g_assert_cmpuint (json_array_get_length (entries_of (without)), ==, 3);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      JsonObject *resource = json_object_get_object_member (entry, "resource");
      const char *type = json_object_get_string_member (resource, "resourceType");
      const char *mode = json_object_get_string_member (json_object_get_object_member (entry, "search"),
                                                        "mode");
      const char *full_url = json_object_get_string_member (entry, "fullUrl");

      g_assert_true (g_str_has_prefix (full_url, cpis_test_hub_get_base_url (fixture->hub)));
      if (g_str_equal (type, "Task"))
        {
          /* matches first */
          g_assert_cmpuint (n_events + n_roles, ==, 0);
          g_assert_cmpstr (mode, ==, "match");
          g_hash_table_add (focuses, g_strdup (json_object_get_string_member (
            json_object_get_object_member (resource, "focus"), "reference")));
          n_tasks++;
        }
      else if (g_str_equal (type, "AuditEvent"))
        {
          g_autofree char *reference = g_strconcat ("AuditEvent/",
                                                    json_object_get_string_member (resource, "id"),
                                                    NULL);

          g_assert_cmpuint (n_roles, ==, 0);
          g_assert_cmpstr (mode, ==, "include");
          g_assert_true (g_hash_table_contains (focuses, reference));
          g_assert_cmpstr (json_object_get_string_member (resource, "recorded"), !=, NULL);
          n_events++;
        }
      else
        {
          const char *id = json_object_get_string_member (resource, "id");

          g_assert_cmpstr (type, ==, "PractitionerRole");
          g_assert_cmpstr (mode, ==, "include");
          g_assert_true (g_str_equal (id, nurse_role) || g_str_equal (id, nurse2_role));
          n_roles++;
        }
    }

  g_assert_cmpuint (n_tasks, ==, 3);
  g_assert_cmpuint (n_events, ==, 3);
  g_assert_cmpuint (n_roles, ==, 2);  /* each viewer once */

  assert_search_refused (fixture, "_include=Task:owner");
  assert_search_refused (fixture, "_include=*");
  (void) a;
  (void) b;
  (void) c;
}

/* ------------------------------------------------------------------------ */
/* _history */

static void
test_history (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *id = raise_la1 (fixture);
  g_autoptr(JsonNode) last = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(CpisTestResponse) vread = NULL;
  g_autofree char *history_path = NULL;
  g_autofree char *first_path = NULL;
  g_autofree char *vread_path = NULL;
  JsonArray *entries;
  const char *bad[] = { "0", "4", "x", "-1", "1.0", "99999999999999999999" };

  cpis_test_hub_advance (fixture->hub, 60);
  {
    JsonNode *task = read_task (fixture, fixture->sw, id);

    set_status (task, "accepted");
    add_note (task, "Taken on.");
    json_node_unref (put_ok (fixture, fixture->sw, task));
    json_node_unref (task);
  }
  cpis_test_hub_advance (fixture->hub, 60);
  last = move (fixture, id, "completed", NULL);

  history_path = g_strdup_printf ("/Task/%s/_history", id);
  history = get_json (fixture, fixture->sw, history_path);
  g_assert_cmpstr (member_string (history, "type"), ==, "history");
  g_assert_cmpint (total_of (history), ==, 3);
  entries = entries_of (history);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      JsonObject *resource = json_object_get_object_member (entry, "resource");
      JsonObject *request = json_object_get_object_member (entry, "request");
      JsonObject *response = json_object_get_object_member (entry, "response");
      g_autofree char *etag = g_strdup_printf ("W/\"%u\"", 3 - i);
      g_autofree char *version = g_strdup_printf ("%u", 3 - i);
      JsonArray *notes = json_object_has_member (resource, "note")
        ? json_object_get_array_member (resource, "note") : NULL;

      /* newest first */
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (resource, "meta"),
                                                      "versionId"), ==, version);
      g_assert_cmpstr (json_object_get_string_member (response, "etag"), ==, etag);
      g_assert_cmpstr (json_object_get_string_member (request, "method"), ==, i == 2 ? "POST" : "PUT");
      g_assert_cmpuint (notes != NULL ? json_array_get_length (notes) : 0, ==, i == 2 ? 0 : 1);
    }

  first_path = g_strdup_printf ("/Task/%s/_history/1", id);
  first = get_json (fixture, fixture->sw, first_path);
  g_assert_cmpint (version_of (first), ==, 1);
  g_assert_cmpstr (member_string (first, "status"), ==, "requested");
  g_assert_false (json_object_has_member (object_of (first), "note"));
  g_assert_cmpstr (member_string (first, "lastModified"), ==, "2025-06-01T08:01:00+00:00");

  vread_path = g_strdup_printf ("/Task/%s/_history/2/", id);
  vread = get (fixture, fixture->sw, vread_path);
  assert_status (vread, 200);
  g_assert_cmpstr (soup_message_headers_get_one (vread->headers, "ETag"), ==, "W/\"2\"");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Task/%s/_history/%s", id, bad[i]);
      g_autoptr(CpisTestResponse) response = get (fixture, fixture->sw, path);

      cpis_test_assert_outcome (response, 404, CPIS_HUB_NOT_FOUND);
    }
  (void) last;
}

/* ------------------------------------------------------------------------ */
/* Paths and methods */

static void
test_paths (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *id = raise_la1 (fixture);
  static const struct
  {
    const char *method;
    const char *path;     /* %s: the Task's id */
    guint       status;
    const char *allow;
  } cases[] = {
    { "POST", "/Task", 405, "GET" },
    { "PUT", "/Task", 405, "GET" },
    { "DELETE", "/Task/%s", 405, "GET, PUT" },
    { "POST", "/Task/%s", 405, "GET, PUT" },
    { "HEAD", "/Task/%s", 405, "GET, PUT" },
    { "PUT", "/Task/%s/_history", 405, "GET" },
    { "DELETE", "/Task/%s/_history/1", 405, "GET" },
    { "GET", "/Task/%s/more", 404, NULL },
    { "GET", "/Task/%s/_history/1/more", 404, NULL },
    { "GET", "/Task/%s//", 404, NULL },
    { "GET", "/Task//", 404, NULL },
    { "GET", "/Task/not-a-uuid", 404, NULL },
    { "PUT", "/Task/not-a-uuid", 404, NULL },
    { "GET", "/Tasks", 404, NULL },
    { "GET", "/Task/%s/", 200, NULL },
    { "GET", "/Task/", 200, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf (cases[i].path, id);
      g_autofree char *full = g_strconcat (BASE, path, NULL);
      /* paths and methods are answered before the token is looked at */
      g_autoptr(CpisTestResponse) response =
        cpis_test_hub_request (fixture->hub, cases[i].method, full,
                               cases[i].status == 200 ? fixture->sw : NULL, NULL, NULL, NULL);

      g_assert_cmpuint (response->status, ==, cases[i].status);
      if (cases[i].allow != NULL)
        g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Allow"), ==,
                         cases[i].allow);
      if (cases[i].status == 404)
        cpis_test_assert_outcome (response, 404, CPIS_HUB_NOT_FOUND);
    }
}

/* ------------------------------------------------------------------------ */
/* Durability */

/* Answered only once on disk: a connection of its own reads the version
 * the moment the answer comes; a write that fails is a 500, and nothing
 * of it stays */
static void
test_durable (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *id = raise_la1 (fixture);
  g_autoptr(JsonNode) task = read_task (fixture, fixture->sw, id);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  set_status (task, "accepted");
  answer = put_ok (fixture, fixture->sw, task);
  g_assert_cmpint (db_int64 (fixture, "SELECT version FROM notifications WHERE id = ?1", id), ==, 2);

  before = written (fixture);
  _cpis_hub_store_fail_next_write (cpis_test_hub_get_store (fixture->hub), "notifications");
  add_note (answer, "This one will not be kept.");
  {
    g_autoptr(CpisTestResponse) failed = NULL;

    /* the hub's thread logs the failure before it answers */
    g_atomic_int_set (&n_injected_failures_logged, 0);
    failed = put_task (fixture, fixture->sw, answer);
    cpis_test_assert_outcome (failed, 500, CPIS_HUB_SERVER_ERROR);
    g_assert_cmpint (g_atomic_int_get (&n_injected_failures_logged), ==, 1);
  }
  after = written (fixture);
  g_assert_cmpstr (after, ==, before);

  /* and the same change goes through next time */
  {
    g_autoptr(JsonNode) kept = put_ok (fixture, fixture->sw, answer);

    g_assert_cmpint (version_of (kept), ==, 3);
  }
}

/* ------------------------------------------------------------------------ */
/* Migration */

/* A database made by the schema before Tasks (version 2): its notifications
 * become version-1 Tasks, owned by their LA, with what they were raised
 * with; and they can be worked on */
static void
test_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-hub-task-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "version-2.db", NULL);
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(CpisHubTask) task = NULL;
  g_autoptr(CpisHubTask) outside = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  sqlite3 *db = NULL;
  CpisHubTaskUpdate update;
  const char *old_rows =
    "INSERT INTO organisations (id, ods_code, name, kind, area) VALUES"
    " (1, 'LA1', 'Northgate Council', 'local-authority', 'North'),"
    " (2, 'ED1', 'Northgate General ED', 'unscheduled-care', 'North'),"
    " (3, 'ED2', 'Southmoor Infirmary ED', 'unscheduled-care', 'South');"
    "INSERT INTO users (id, username, password_hash, role, organisation_id, full_name,"
    " practitioner_role_id, role_profile_id) VALUES"
    " (1, 'nurse', '*', 'clinician', 2, 'Ella Okafor', 'e350c384-a82f-4436-bd55-b5092ea5a875', '1'),"
    " (2, 'sw', '*', 'social-worker', 1, 'Sam Patel', '1b2c0000-a82f-4436-bd55-b5092ea5a875', '2');"
    "INSERT INTO plans (id, nhs_number, plan_type, start_date, subject_name, la_id) VALUES"
    " ('p1', '" CHILD_LA1 "', 'CPP', '2020-01-01', 'Alex OLDNAME', 1),"
    " ('p2', '" CHILD_LA1 "', 'LAC', '2024-01-01', 'Alex TESTER', 1);"
    "INSERT INTO accesses (id, nhs_number, recorded_usec, user_id, practitioner_role_id,"
    " viewer_name, org_ods_code, org_name) VALUES"
    " ('a1', '" CHILD_LA1 "', 1700000000000000, 1, 'e350c384-a82f-4436-bd55-b5092ea5a875',"
    "  'Ella Okafor', 'ED1', 'Northgate General ED'),"
    " ('a2', '" CHILD_LA1 "', 1700000600000000, 1, 'e350c384-a82f-4436-bd55-b5092ea5a875',"
    "  'Ella Okafor', 'ED2', 'Southmoor Infirmary ED');"
    "INSERT INTO notifications (id, access_id, la_id, status, created_usec) VALUES"
    " ('11111111-1111-4111-8111-111111111111', 'a1', 1, 'requested', 1700000000500000),"
    " ('22222222-2222-4222-8222-222222222222', 'a2', 1, 'requested', 1700000600500000);";

  g_assert_no_error (error);
  g_assert_true (_cpis_hub_store_create_at_version (path, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, old_rows, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = cpis_hub_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_hub_store_get_schema_version (store), >=, 3);
  g_assert_cmpint (cpis_hub_store_count_notifications (store, "LA1", NULL), ==, 2);

  task = cpis_hub_store_find_task (store, "LA1", "11111111-1111-4111-8111-111111111111", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (task);
  g_assert_cmpint (task->version, ==, 1);
  g_assert_cmpint (task->status, ==, CPIS_HUB_TASK_STATUS_REQUESTED);
  g_assert_cmpstr (task->code, ==, "access-to-service");
  g_assert_cmpint (task->owner_kind, ==, CPIS_HUB_TASK_OWNER_LA);
  g_assert_cmpstr (task->owner_ref, ==, "LA1");
  g_assert_cmpstr (task->access_id, ==, "a1");
  g_assert_cmpstr (task->nhs_number, ==, CHILD_LA1);
  g_assert_cmpstr (task->subject_name, ==, "Alex TESTER");   /* the newest plan's */
  g_assert_cmpstr (task->requester_ods_code, ==, "ED1");
  g_assert_cmpstr (task->requester_name, ==, "Northgate General ED");
  g_assert_false (task->out_of_area);
  g_assert_cmpint (task->authored_usec, ==, G_GINT64_CONSTANT (1700000000000000));
  g_assert_cmpint (task->last_modified_usec, ==, task->authored_usec);
  g_assert_null (task->modified_by_role_id);
  g_assert_cmpuint (task->notes->len, ==, 0);

  outside = cpis_hub_store_find_task (store, "LA1", "22222222-2222-4222-8222-222222222222", 0, &error);
  g_assert_no_error (error);
  g_assert_true (outside->out_of_area);

  versions = cpis_hub_store_list_task_versions (store, "LA1", task->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 1);

  /* and worked on as any other */
  update = (CpisHubTaskUpdate) {
    .task_id = "11111111-1111-4111-8111-111111111111", .la_ods_code = "LA1", .base_version = 1,
    .user_id = 2,
    .modified_usec = task->authored_usec + 1, .status = CPIS_HUB_TASK_STATUS_ACCEPTED,
    .owner_kind = CPIS_HUB_TASK_OWNER_SOCIAL_WORKER,
    .owner_ref = "1b2c0000-a82f-4436-bd55-b5092ea5a875",
  };
  g_assert_true (cpis_hub_store_update_task (store, &update, &error));
  g_assert_no_error (error);
  g_clear_pointer (&task, cpis_hub_task_free);
  task = cpis_hub_store_find_task (store, "LA1", "11111111-1111-4111-8111-111111111111", 0, &error);
  g_assert_cmpint (task->version, ==, 2);
  g_assert_cmpstr (task->owner_display, ==, "Sam Patel");
  g_assert_cmpstr (task->modified_by_name, ==, "Sam Patel");

  /* a stale version is a conflict, in the store too */
  g_assert_false (cpis_hub_store_update_task (store, &update, &error));
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_CONFLICT);

  cpis_hub_store_close (store);
  g_clear_object (&store);
  g_assert_true (cpis_test_remove_tree (dir));
}

/* A notification whose access is gone (possible only with foreign keys
 * off) stops the migration: the file stays at version 2, nothing lost */
static void
test_migration_refuses_to_lose_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-hub-task-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "broken.db", NULL);
  g_autoptr(CpisHubStore) store = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_true (_cpis_hub_store_create_at_version (path, 2, &error));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA foreign_keys = OFF;"
                                 "INSERT INTO organisations (id, ods_code, name, kind)"
                                 " VALUES (1, 'LA1', 'Northgate Council', 'local-authority');"
                                 "INSERT INTO notifications (id, access_id, la_id, created_usec)"
                                 " VALUES ('33333333-3333-4333-8333-333333333333', 'gone', 1, 1);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = cpis_hub_store_open (path, &error);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED);
  g_assert_null (store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT user_version FROM pragma_user_version),"
                                       " (SELECT count(*) FROM notifications)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_true (cpis_test_remove_tree (dir));
}

/* ------------------------------------------------------------------------ */
/* The demo seed and the team commands */

static void
test_seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-hub-task-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "seed.db", NULL);
  g_autoptr(CpisHubStore) store = cpis_hub_store_open (path, &error);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) teams = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  CpisHubTaskSearch search;
  guint seen[CPIS_HUB_N_TASK_STATUSES] = { 0, };
  guint n_notes = 0, n_team = 0, n_person = 0;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 15, G_DATE_JUNE, 2025);
  accounts = cpis_hub_seed (store, 60, 1, &today, &error);
  g_assert_no_error (error);
  g_assert_nonnull (accounts);

  teams = cpis_hub_store_list_teams (store, "9A1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (teams->len, ==, 2);

  cpis_hub_task_search_init (&search, "9A1");
  search.count = 500;
  tasks = cpis_hub_store_search_tasks (store, &search, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, >=, 9);

  for (guint i = 0; i < tasks->len; i++)
    {
      CpisHubTask *task = g_ptr_array_index (tasks, i);
      g_autoptr(GPtrArray) versions = cpis_hub_store_list_task_versions (store, "9A1", task->id,
                                                                         &error);

      g_assert_no_error (error);
      seen[task->status]++;
      n_notes += task->notes->len;
      n_team += task->owner_kind == CPIS_HUB_TASK_OWNER_TEAM;
      n_person += task->owner_kind == CPIS_HUB_TASK_OWNER_SOCIAL_WORKER;
      g_assert_cmpuint (versions->len, ==, task->version);

      /* each version a step of the lifecycle, later than the one before */
      for (guint v = 1; v < versions->len; v++)
        {
          CpisHubTask *newer = g_ptr_array_index (versions, v - 1);
          CpisHubTask *older = g_ptr_array_index (versions, v);

          g_assert_true (newer->status == older->status ||
                         cpis_hub_task_status_can_become (older->status, newer->status));
          g_assert_cmpint (newer->last_modified_usec, >, older->last_modified_usec);
          g_assert_nonnull (newer->modified_by_role_id);
        }
      if (task->status == CPIS_HUB_TASK_STATUS_COMPLETED)
        g_assert_nonnull (task->business_status);
      if (task->status == CPIS_HUB_TASK_STATUS_CANCELLED)
        g_assert_nonnull (task->status_reason);
    }

  /* the three newest are new; every state is there, with notes and owners */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (((CpisHubTask *) tasks->pdata[i])->status, ==, CPIS_HUB_TASK_STATUS_REQUESTED);
  for (guint s = 0; s < CPIS_HUB_N_TASK_STATUSES; s++)
    g_assert_cmpuint (seen[s], >, 0);
  g_assert_cmpuint (n_notes, >=, 5);
  g_assert_cmpuint (n_team, >, 0);
  g_assert_cmpuint (n_person, >, 0);

  cpis_hub_store_close (store);
  g_clear_object (&store);
  g_assert_true (cpis_test_remove_tree (dir));
}

static int
run_hub (const char  *args,
         char       **out,
         char       **err)
{
  const char *bin = g_getenv ("CPIS_HUB_BIN");
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_nonnull (bin);
  command = g_strdup_printf ("%s %s", bin, args);
  g_assert_true (g_spawn_command_line_sync (command, out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_team_commands (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-hub-task-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "teams.db", NULL);
  g_autofree char *args = NULL;
  char *out = NULL, *err = NULL;

#define RUN(expected, ...) G_STMT_START {                                     \
    g_free (args); g_free (out); g_free (err);                                \
    args = g_strdup_printf (__VA_ARGS__);                                     \
    g_assert_cmpint (run_hub (args, &out, &err), ==, (expected));             \
  } G_STMT_END

  RUN (0, "org add --db %s --ods LA1 --name Northgate --kind local-authority", path);
  RUN (0, "org add --db %s --ods LA2 --name Southmoor --kind local-authority", path);
  RUN (0, "org add --db %s --ods ED1 --name Ward --kind unscheduled-care", path);
  RUN (0, "team add --db %s --la LA1 --id LA1-duty --name Duty", path);
  g_assert_cmpstr (out, ==, "LA1-duty Duty (LA1)\n");
  RUN (0, "team add --db %s --la LA1 --id LA1-duty --name 'Duty and assessment'", path);
  RUN (0, "team add --db %s --la LA2 --id LA2.cin --name 'Children in need'", path);
  /* another LA's id, an organisation that is no LA, one that does not exist */
  RUN (1, "team add --db %s --la LA2 --id LA1-duty --name Theirs", path);
  RUN (1, "team add --db %s --la ED1 --id ED1-team --name Ward", path);
  RUN (1, "team add --db %s --la LA9 --id LA9-team --name Nowhere", path);
  /* ids that a token search could not name, missing options */
  RUN (2, "team add --db %s --la LA1 --id 'a|b' --name Bar", path);
  RUN (2, "team add --db %s --la LA1 --id 'a b' --name Space", path);
  RUN (2, "team add --db %s --la LA1 --name NoId", path);
  RUN (2, "team remove --db %s", path);

  RUN (0, "team list --db %s", path);
  g_assert_cmpstr (out, ==, "LA1 LA1-duty Duty and assessment\nLA2 LA2.cin Children in need\n");
  RUN (0, "team list --db %s --la LA2", path);
  g_assert_cmpstr (out, ==, "LA2 LA2.cin Children in need\n");
  RUN (0, "--help");
  g_assert_nonnull (strstr (out, "team add --db FILE --la CODE --id ID --name NAME"));
  g_free (out);
  g_free (err);

#undef RUN

  g_assert_true (cpis_test_remove_tree (dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);

#define ADD(path, func) \
  g_test_add ("/hub-task/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("raised", test_raised);
  ADD ("out-of-area", test_out_of_area);
  ADD ("roles", test_roles);
  ADD ("transitions", test_transitions);
  ADD ("reason-and-outcome", test_reason_and_outcome);
  ADD ("if-match", test_if_match);
  ADD ("concurrent-changes", test_concurrent_changes);
  ADD ("notes", test_notes);
  ADD ("owner", test_owner);
  ADD ("never-changes", test_never_changes);
  ADD ("hostile-bodies", test_hostile_bodies);
  ADD ("search/paging", test_paging);
  ADD ("search/filters", test_filters);
  ADD ("search/sort", test_sort);
  ADD ("search/include", test_include);
  ADD ("history", test_history);
  ADD ("paths", test_paths);
  ADD ("durable", test_durable);
  g_test_add_func ("/hub-task/migration/from-version-2", test_migration);
  g_test_add_func ("/hub-task/migration/refuses-to-lose-rows", test_migration_refuses_to_lose_rows);
  g_test_add_func ("/hub-task/seed", test_seed);
  g_test_add_func ("/hub-task/team-commands", test_team_commands);

#undef ADD

  return g_test_run ();
}
