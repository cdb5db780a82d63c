/* test-hub-client-task.c: the hub client's calls for notifications (Task)
 * against a fake hub on loopback that answers as docs/api.md's contract
 * says (tests/fixtures/task/), until the hub serves Task: the requests it
 * sends, the answers it believes, the errors a social worker reads, and
 * what it never sends
 *
 * Synthetic NHS numbers only.
 */

#include <string.h>

#include <json-glib/json-glib.h>

#include "cpis-fhir-codec.h"
#include "cpis-hub-client.h"
#include "cpis-nhs-number.h"
#include "cpis-test-fake-hub.h"

#define TASK_ID "5f0c3e52-6a51-4c1b-9a7e-2d9e8f1b0c11"
#define CHILD "9990821283"
#define FIXTURE_BASE "http://127.0.0.1:8443/cpis/FHIR/R4"
#define WAIT_LIMIT_SECONDS 60

typedef struct
{
  CpisFakeHub   *fake;
  CpisHubClient *client;
  /* what the fake's Task endpoints answer */
  guint          status;
  char          *body;
  char          *etag;
  const char    *diagnostics;
  const char    *details_code;
} Fixture;

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

/* A fixture with its links on the fake hub */
static char *
load_on (Fixture    *fixture,
         const char *name)
{
  g_autofree char *contents = load_fixture (name);
  g_auto(GStrv) parts = g_strsplit (contents, FIXTURE_BASE, -1);

  return g_strjoinv (fixture->fake->base_url, parts);
}

static void
answer_task_cb (CpisFakeHub       *fake,
                SoupServerMessage *msg,
                CpisFakeRequest   *request,
                gpointer           user_data)
{
  Fixture *fixture = user_data;

  if (fixture->details_code != NULL)
    cpis_fake_hub_respond_outcome (msg, fixture->status, "processing", fixture->details_code,
                                   fixture->diagnostics);
  else
    cpis_fake_hub_respond (msg, fixture->status, "application/fhir+json", fixture->body,
                           fixture->etag);
}

static void
serve (Fixture    *fixture,
       guint       status,
       const char *body,
       const char *etag)
{
  g_free (fixture->body);
  g_free (fixture->etag);
  fixture->status = status;
  fixture->body = g_strdup (body);
  fixture->etag = g_strdup (etag);
  fixture->details_code = NULL;
  fixture->diagnostics = NULL;
}

static void
serve_outcome (Fixture    *fixture,
               guint       status,
               const char *details_code,
               const char *diagnostics)
{
  serve (fixture, status, NULL, NULL);
  fixture->details_code = details_code;
  fixture->diagnostics = diagnostics;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->fake = cpis_fake_hub_new ();
  fixture->fake->task_func = answer_task_cb;
  fixture->fake->task_data = fixture;
  fixture->client = cpis_fake_hub_sign_in (fixture->fake);
  serve (fixture, SOUP_STATUS_NOT_FOUND, NULL, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->fake, cpis_fake_hub_free);
  g_free (fixture->body);
  g_free (fixture->etag);
}

static gboolean
wait_limit_cb (gpointer data)
{
  g_error ("Waited more than %d seconds for an answer", WAIT_LIMIT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  guint limit = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_cb, NULL);

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (limit);

  return *slot;
}

static CpisTaskPage *
search (CpisHubClient        *client,
        const CpisTaskQuery  *query,
        GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_search_tasks_async (client, query, NULL, got_result_cb, &result);
  return cpis_hub_client_search_tasks_finish (client, wait_for_result (&result), error);
}

static CpisTaskPage *
fetch_page (CpisHubClient  *client,
            const char     *url,
            GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_fetch_task_page_async (client, url, NULL, got_result_cb, &result);
  return cpis_hub_client_fetch_task_page_finish (client, wait_for_result (&result), error);
}

static CpisTask *
get_task (CpisHubClient  *client,
          const char     *id,
          GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_get_task_async (client, id, NULL, got_result_cb, &result);
  return cpis_hub_client_get_task_finish (client, wait_for_result (&result), error);
}

static CpisTask *
update_task (CpisHubClient         *client,
             CpisTask              *task,
             const CpisTaskUpdate  *update,
             GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_update_task_async (client, task, update, NULL, got_result_cb, &result);
  return cpis_hub_client_update_task_finish (client, wait_for_result (&result), error);
}

static GPtrArray *
get_history (CpisHubClient  *client,
             const char     *id,
             GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_get_task_history_async (client, id, NULL, got_result_cb, &result);
  return cpis_hub_client_get_task_history_finish (client, wait_for_result (&result), error);
}

/* The requests the fake has had for notifications (not owned) */
static GPtrArray *
task_requests (Fixture *fixture)
{
  return cpis_fake_hub_requests_under (fixture->fake, "/cpis/FHIR/R4/Task");
}

static CpisFakeRequest *
last_task_request (Fixture *fixture)
{
  g_autoptr(GPtrArray) requests = task_requests (fixture);

  g_assert_cmpuint (requests->len, >, 0);
  return g_ptr_array_index (requests, requests->len - 1);
}

static guint
n_task_requests (Fixture *fixture)
{
  g_autoptr(GPtrArray) requests = task_requests (fixture);

  return requests->len;
}

static CpisTask *
read_fixture_task (void)
{
  g_autofree char *json = load_fixture ("task.json");
  g_autoptr(GError) error = NULL;
  CpisTask *task = cpis_fhir_decode_task (json, -1, &error);

  g_assert_no_error (error);
  return task;
}

/* No error of these calls names the child */
static void
assert_no_patient_data (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, CHILD));
  g_assert_null (strstr (error->message, "TESTER"));
}

/* Searching -------------------------------------------------------------- */

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *bundle = load_on (fixture, "task-searchset.json");
  g_autoptr(GDateTime) since = g_date_time_new_from_iso8601 ("2026-12-02T09:00:00Z", NULL);
  g_autoptr(CpisTaskPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_query = NULL;
  CpisFakeRequest *request;
  const char *trace_id;
  CpisTaskQuery query;

  serve (fixture, SOUP_STATUS_OK, bundle, NULL);
  cpis_task_query_init (&query);
  query.statuses = CPIS_TASK_STATUS_BIT (CPIS_TASK_STATUS_REQUESTED);
  query.nhs_number = "999-082-1283";
  query.updated_since = since;
  query.count = 3;
  query.include_access = TRUE;
  page = search (fixture->client, &query, &error);
  g_assert_no_error (error);

  request = last_task_request (fixture);
  expected_query = cpis_task_query_to_string (&query, NULL);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->path, ==, "/cpis/FHIR/R4/Task");
  g_assert_cmpstr (request->query, ==, expected_query);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                   "Bearer fake-token");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Accept"), ==,
                   "application/fhir+json");
  trace_id = soup_message_headers_get_one (request->headers, "TraceID");
  g_assert_true (g_uuid_string_is_valid (trace_id));
  /* reading notifications is not an access to a child's record */
  g_assert_null (soup_message_headers_get_one (request->headers, "IsUnscheduledAccessEvent"));

  g_assert_cmpuint (page->tasks->len, ==, 3);
  g_assert_cmpuint (page->total, ==, 120);
  g_assert_cmpstr (cpis_task_get_viewer_name (g_ptr_array_index (page->tasks, 0)), ==, "Ella Okafor");
  g_assert_true (g_str_has_prefix (page->next_url, fixture->fake->base_url));
}

static void
test_next_page (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *bundle = load_on (fixture, "task-searchset.json");
  g_autoptr(CpisTaskPage) first = NULL;
  g_autoptr(CpisTaskPage) next = NULL;
  g_autoptr(GError) error = NULL;
  CpisFakeRequest *request;
  CpisTaskQuery query;

  serve (fixture, SOUP_STATUS_OK, bundle, NULL);
  cpis_task_query_init (&query);
  first = search (fixture->client, &query, &error);
  g_assert_no_error (error);

  next = fetch_page (fixture->client, first->next_url, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (next->tasks->len, ==, 3);

  /* the link, exactly as the hub gave it */
  request = last_task_request (fixture);
  g_assert_cmpstr (request->path, ==, "/cpis/FHIR/R4/Task");
  g_assert_cmpstr (request->query, ==, "_sort=-authored-on&_count=3&_include=Task:focus&_offset=6");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                   "Bearer fake-token");
}

/* A link elsewhere is never followed: the token would go with it */
static void
test_next_page_elsewhere (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *other_port = NULL;
  g_autofree char *other_path = NULL;
  g_autofree char *prefix_path = NULL;
  g_autofree char *with_user = NULL;
  g_autofree char *with_fragment = NULL;
  g_autofree char *https = NULL;
  const char *base = fixture->fake->base_url;
  guint port = (guint) g_ascii_strtoull (strrchr (fixture->fake->origin, ':') + 1, NULL, 10);
  const char *links[8];
  guint before;

  other_port = g_strdup_printf ("http://127.0.0.1:%u/cpis/FHIR/R4/Task?_offset=50", port + 1);
  other_path = g_strconcat (base, "/CareTeam?patient:identifier=" CHILD, NULL);
  prefix_path = g_strconcat (base, "/TaskX?_offset=50", NULL);
  with_user = g_strdup_printf ("http://someone@127.0.0.1:%u/cpis/FHIR/R4/Task?_offset=50", port);
  with_fragment = g_strconcat (base, "/Task?_offset=50#x", NULL);
  https = g_strdup_printf ("https://127.0.0.1:%u/cpis/FHIR/R4/Task?_offset=50", port);
  links[0] = other_port;
  links[1] = other_path;
  links[2] = prefix_path;
  links[3] = with_user;
  links[4] = with_fragment;
  links[5] = https;
  links[6] = "http://hub.example/cpis/FHIR/R4/Task?_offset=50";
  links[7] = "/cpis/FHIR/R4/Task?_offset=50";

  before = n_task_requests (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisTaskPage) page = fetch_page (fixture->client, links[i], &error);

      g_test_message ("%s", links[i]);
      g_assert_null (page);
      g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CpisTaskPage) page = fetch_page (fixture->client, NULL, &error);

    g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE);
  }
  g_assert_cmpuint (n_task_requests (fixture), ==, before);
  g_assert_cmpuint (fixture->fake->requests->len, ==, 2); /* the sign-in only */
}

static void
test_search_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CpisTaskPage) page = NULL;
  g_autoptr(GError) error = NULL;
  CpisTaskQuery query;

  /* an NHS number that is not one: nothing sent */
  cpis_task_query_init (&query);
  query.nhs_number = "999 082 1284";
  page = search (fixture->client, &query, &error);
  g_assert_null (page);
  g_assert_true (error->domain == CPIS_NHS_NUMBER_ERROR);
  g_assert_cmpuint (n_task_requests (fixture), ==, 0);
  g_clear_error (&error);

  /* a parameter the hub does not know: its reason, not "the NHS number" */
  serve_outcome (fixture, SOUP_STATUS_BAD_REQUEST, "INVALID_SEARCH_DATA",
                 "Unknown search parameter: colour.");
  cpis_task_query_init (&query);
  page = search (fixture->client, &query, &error);
  g_assert_null (page);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "Unknown search parameter: colour."));
  g_assert_null (strstr (error->message, "NHS number"));
  g_clear_error (&error);

  serve_outcome (fixture, SOUP_STATUS_FORBIDDEN, "ACCESS_DENIED", "Only social workers.");
  page = search (fixture->client, &query, &error);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED);
  g_clear_error (&error);

  serve_outcome (fixture, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORISED", NULL);
  page = search (fixture->client, &query, &error);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED);
  g_clear_error (&error);

  /* a hub that does not serve Task at all (today's) */
  serve (fixture, SOUP_STATUS_NOT_FOUND, NULL, NULL);
  page = search (fixture->client, &query, &error);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_SERVER);
  g_clear_error (&error);
}

/* Whatever a broken hub or proxy answers is an error, never an empty inbox */
static void
test_bad_answers (Fixture       *fixture,
                  gconstpointer  data)
{
  const struct { CpisFakeMode mode; int code; } cases[] = {
    { CPIS_FAKE_HTML, CPIS_HUB_CLIENT_ERROR_UNREADABLE },
    { CPIS_FAKE_NO_RECORD_HTML, CPIS_HUB_CLIENT_ERROR_UNREADABLE },
    { CPIS_FAKE_TRUNCATED, CPIS_HUB_CLIENT_ERROR_UNREADABLE },
    { CPIS_FAKE_NOT_FHIR, CPIS_HUB_CLIENT_ERROR_UNREADABLE },
    { CPIS_FAKE_EMPTY, CPIS_HUB_CLIENT_ERROR_UNREADABLE },
    { CPIS_FAKE_REPEATED_ENTRY, CPIS_HUB_CLIENT_ERROR_UNREADABLE },
    { CPIS_FAKE_500, CPIS_HUB_CLIENT_ERROR_SERVER },
    { CPIS_FAKE_503, CPIS_HUB_CLIENT_ERROR_SERVER },
    { CPIS_FAKE_REDIRECT, CPIS_HUB_CLIENT_ERROR_REDIRECTED },
    { CPIS_FAKE_HUGE_LENGTH, CPIS_HUB_CLIENT_ERROR_UNREADABLE },
  };
  CpisTaskQuery query;

  g_free (fixture->fake->redirect_to);
  fixture->fake->redirect_to = g_strdup ("http://127.0.0.1:9/elsewhere");
  cpis_task_query_init (&query);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) search_error = NULL;
      g_autoptr(GError) read_error = NULL;
      g_autoptr(GError) history_error = NULL;
      g_autoptr(CpisTaskPage) page = NULL;
      g_autoptr(CpisTask) task = NULL;
      g_autoptr(GPtrArray) history = NULL;

      g_test_message ("mode %d", cases[i].mode);
      fixture->fake->task_mode = cases[i].mode;
      page = search (fixture->client, &query, &search_error);
      g_assert_null (page);
      g_assert_error (search_error, CPIS_HUB_CLIENT_ERROR, cases[i].code);

      task = get_task (fixture->client, TASK_ID, &read_error);
      g_assert_null (task);
      g_assert_error (read_error, CPIS_HUB_CLIENT_ERROR, cases[i].code);

      history = get_history (fixture->client, TASK_ID, &history_error);
      g_assert_null (history);
      g_assert_error (history_error, CPIS_HUB_CLIENT_ERROR, cases[i].code);
    }
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CpisTaskPage) page = NULL;
  g_autoptr(GError) error = NULL;
  CpisTaskQuery query;

  fixture->fake->task_mode = CPIS_FAKE_SILENT;
  cpis_task_query_init (&query);
  cpis_hub_client_search_tasks_async (fixture->client, &query, cancellable, got_result_cb, &result);
  cpis_fake_hub_wait_for_paused (fixture->fake, 1);
  g_cancellable_cancel (cancellable);
  page = cpis_hub_client_search_tasks_finish (fixture->client, wait_for_result (&result), &error);
  g_assert_null (page);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_not_signed_in (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CpisHubClient) client = cpis_hub_client_new (fixture->fake->base_url, NULL);
  g_autoptr(CpisTask) read = read_fixture_task ();
  g_autoptr(CpisTaskPage) page = NULL;
  g_autoptr(CpisTask) task = NULL;
  g_autoptr(GError) error = NULL;
  CpisTaskUpdate update;
  CpisTaskQuery query;

  cpis_task_query_init (&query);
  page = search (client, &query, &error);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED);
  g_clear_error (&error);

  cpis_task_update_init (&update, read);
  update.note_text = "A note.";
  task = update_task (client, read, &update, &error);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED);
  g_assert_cmpuint (n_task_requests (fixture), ==, 0);
}

/* Reading one ------------------------------------------------------------ */

static void
test_get (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *json = load_fixture ("task.json");
  const char *bad_ids[] = { "", "../Patient/9990821283", "a/b", "a b", "x%2F..", "é",
                            "0123456789012345678901234567890123456789012345678901234567890123456789" };

  /* the current version, its ETag agreeing */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CpisTask) task = NULL;
    CpisFakeRequest *request;

    serve (fixture, SOUP_STATUS_OK, json, "W/\"3\"");
    task = get_task (fixture->client, TASK_ID, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cpis_task_get_version (task), ==, "3");
    request = last_task_request (fixture);
    g_assert_cmpstr (request->method, ==, "GET");
    g_assert_cmpstr (request->path, ==, "/cpis/FHIR/R4/Task/" TASK_ID);
  }

  /* a strong ETag, or none, is fine */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CpisTask) task = NULL;

    serve (fixture, SOUP_STATUS_OK, json, "\"3\"");
    task = get_task (fixture->client, TASK_ID, &error);
    g_assert_no_error (error);
    g_clear_object (&task);

    serve (fixture, SOUP_STATUS_OK, json, NULL);
    task = get_task (fixture->client, TASK_ID, &error);
    g_assert_no_error (error);
  }

  /* an ETag that is not its version, an answer about another Task: not believed */
  {
    const char *etags[] = { "W/\"4\"", "W/3", "garbage" };

    for (guint i = 0; i < G_N_ELEMENTS (etags); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(CpisTask) task = NULL;

        serve (fixture, SOUP_STATUS_OK, json, etags[i]);
        task = get_task (fixture->client, TASK_ID, &error);
        g_assert_null (task);
        g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE);
      }
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CpisTask) task = NULL;

    serve (fixture, SOUP_STATUS_OK, json, "W/\"3\"");
    task = get_task (fixture->client, "a3e1b2c4-5d6f-4a7b-8c9d-0e1f2a3b4c5d", &error);
    g_assert_null (task);
    g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE);
  }

  /* not found: none of the LA's */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CpisTask) task = NULL;

    serve_outcome (fixture, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "There is nothing at this address.");
    task = get_task (fixture->client, TASK_ID, &error);
    g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_NOT_FOUND);
  }

  /* ids that are not FHIR ids go into no address */
  for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisTask) task = NULL;
      g_autoptr(GPtrArray) history = NULL;
      guint before = n_task_requests (fixture);

      task = get_task (fixture->client, bad_ids[i], &error);
      g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST);
      g_clear_error (&error);
      history = get_history (fixture->client, bad_ids[i], &error);
      g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST);
      g_assert_cmpuint (n_task_requests (fixture), ==, before);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CpisTask) task = get_task (fixture->client, NULL, &error);

    g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST);
  }
}

static void
test_history (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *json = load_fixture ("task-history.json");
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  serve (fixture, SOUP_STATUS_OK, json, NULL);
  versions = get_history (fixture->client, TASK_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 3);
  g_assert_cmpstr (last_task_request (fixture)->path, ==, "/cpis/FHIR/R4/Task/" TASK_ID "/_history");
  g_clear_pointer (&versions, g_ptr_array_unref);

  /* the history of another notification */
  versions = get_history (fixture->client, "a3e1b2c4-5d6f-4a7b-8c9d-0e1f2a3b4c5d", &error);
  g_assert_null (versions);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE);
}

/* Updating --------------------------------------------------------------- */

static void
test_update (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CpisTask) read = read_fixture_task ();
  g_autoptr(CpisTask) sent = NULL;
  g_autoptr(CpisTask) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer_json = NULL;
  CpisFakeRequest *request;
  CpisTaskUpdate update;
  CpisTaskNote *note;

  /* what the hub answers: the next version, as it would make it */
  cpis_task_update_init (&update, read);
  update.status = CPIS_TASK_STATUS_COMPLETED;
  update.outcome = CPIS_TASK_OUTCOME_ADDED_TO_CASE_RECORD;
  update.note_text = "Added to the case record; no further contact needed.";
  answer_json = cpis_fhir_encode_task (read, &update);
  {
    g_auto(GStrv) parts = g_strsplit (answer_json, "\"versionId\":\"3\"", 2);

    g_free (answer_json);
    answer_json = g_strjoinv ("\"versionId\":\"4\"", parts);
  }
  serve (fixture, SOUP_STATUS_OK, answer_json, "W/\"4\"");

  written = update_task (fixture->client, read, &update, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cpis_task_get_version (written), ==, "4");
  g_assert_cmpint (cpis_task_get_status (written), ==, CPIS_TASK_STATUS_COMPLETED);

  request = last_task_request (fixture);
  g_assert_cmpstr (request->method, ==, "PUT");
  g_assert_cmpstr (request->path, ==, "/cpis/FHIR/R4/Task/" TASK_ID);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "If-Match"), ==, "W/\"3\"");
  g_assert_cmpstr (soup_message_headers_get_content_type (request->headers, NULL), ==,
                   "application/fhir+json");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                   "Bearer fake-token");

  /* the body: the Task as read, with the changes */
  sent = cpis_fhir_decode_task (request->body, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cpis_task_get_version (sent), ==, "3");
  g_assert_cmpint (cpis_task_get_status (sent), ==, CPIS_TASK_STATUS_COMPLETED);
  g_assert_cmpint (cpis_task_get_outcome (sent), ==, CPIS_TASK_OUTCOME_ADDED_TO_CASE_RECORD);
  g_assert_cmpstr (cpis_task_get_owner_id (sent), ==, cpis_task_get_owner_id (read));
  g_assert_cmpuint (cpis_task_get_notes (sent)->len, ==, 2);
  note = g_ptr_array_index (cpis_task_get_notes (sent), 1);
  g_assert_cmpstr (cpis_task_note_get_text (note), ==, update.note_text);
  /* the hub sets a new note's author and time */
  g_assert_null (cpis_task_note_get_author_reference (note));
  g_assert_cmpint (cpis_task_note_get_time (note), ==, 0);

  /* an answer about another Task is not taken for the new version */
  {
    g_autoptr(GError) other_error = NULL;
    g_autoptr(CpisTask) other = NULL;
    g_auto(GStrv) parts = g_strsplit (answer_json, TASK_ID, -1);
    g_autofree char *other_json = g_strjoinv ("a3e1b2c4-5d6f-4a7b-8c9d-0e1f2a3b4c5d", parts);

    serve (fixture, SOUP_STATUS_OK, other_json, "W/\"4\"");
    other = update_task (fixture->client, read, &update, &other_error);
    g_assert_null (other);
    g_assert_error (other_error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE);
  }
}

static void
test_update_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CpisTask) read = read_fixture_task ();
  g_autofree char *long_reason = NULL;
  const struct
  {
    guint       status;
    const char *details_code;
    const char *diagnostics;
    int         code;
    const char *quoted;    /* what of the hub's reason the message must hold */
  } cases[] = {
    { SOUP_STATUS_PRECONDITION_FAILED, "VERSION_CONFLICT", "Version 3 is not the current version (4).",
      CPIS_HUB_CLIENT_ERROR_CHANGED, NULL },
    { 428, "PRECONDITION_REQUIRED", "Send If-Match with the version you read.",
      CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST, "Send If-Match with the version you read." },
    { SOUP_STATUS_UNPROCESSABLE_ENTITY, "BUSINESS_RULE", "A completed notification needs an outcome.",
      CPIS_HUB_CLIENT_ERROR_REFUSED, "A completed notification needs an outcome." },
    { SOUP_STATUS_UNPROCESSABLE_ENTITY, "BUSINESS_RULE", NULL, CPIS_HUB_CLIENT_ERROR_REFUSED, NULL },
    { SOUP_STATUS_UNPROCESSABLE_ENTITY, "BUSINESS_RULE", "The owner is not of\nthis authority.\r\n",
      CPIS_HUB_CLIENT_ERROR_REFUSED, "The owner is not of this authority." },
    { SOUP_STATUS_BAD_REQUEST, "INVALID_RESOURCE", "The body is not a Task.",
      CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST, "The body is not a Task." },
    { SOUP_STATUS_NOT_FOUND, "NOT_FOUND", NULL, CPIS_HUB_CLIENT_ERROR_NOT_FOUND, NULL },
    { SOUP_STATUS_FORBIDDEN, "ACCESS_DENIED", NULL, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED, NULL },
    { SOUP_STATUS_UNAUTHORIZED, "UNAUTHORISED", NULL, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED, NULL },
    { SOUP_STATUS_INTERNAL_SERVER_ERROR, "INTERNAL_SERVER_ERROR", NULL, CPIS_HUB_CLIENT_ERROR_SERVER, NULL },
  };
  CpisTaskUpdate update;

  cpis_task_update_init (&update, read);
  update.status = CPIS_TASK_STATUS_COMPLETED;
  update.outcome = CPIS_TASK_OUTCOME_REFERRED;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisTask) task = NULL;

      serve_outcome (fixture, cases[i].status, cases[i].details_code, cases[i].diagnostics);
      task = update_task (fixture->client, read, &update, &error);
      g_test_message ("HTTP %u: %s", cases[i].status, error != NULL ? error->message : "(none)");
      g_assert_null (task);
      g_assert_error (error, CPIS_HUB_CLIENT_ERROR, cases[i].code);
      if (cases[i].quoted != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].quoted));
      g_assert_null (strchr (error->message, '\n'));
      assert_no_patient_data (error);
    }

  /* a reason of any length comes as one short line */
  long_reason = g_strnfill (5000, 'x');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CpisTask) task = NULL;

    serve_outcome (fixture, SOUP_STATUS_UNPROCESSABLE_ENTITY, "BUSINESS_RULE", long_reason);
    task = update_task (fixture->client, read, &update, &error);
    g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_REFUSED);
    g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 400);
    g_assert_true (g_str_has_suffix (error->message, "…"));
  }
}

/* What the contract refuses is never sent */
static void
test_update_refused_before_sending (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(CpisTask) read = read_fixture_task ();
  g_autoptr(CpisTask) completed = NULL;
  g_autoptr(CpisTask) unversioned = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisTask) task = NULL;
  CpisTaskUpdate update;

  /* in-progress cannot go back to requested */
  cpis_task_update_init (&update, read);
  update.status = CPIS_TASK_STATUS_REQUESTED;
  task = update_task (fixture->client, read, &update, &error);
  g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_TRANSITION);
  g_clear_error (&error);

  /* cancelled without a reason */
  update.status = CPIS_TASK_STATUS_CANCELLED;
  task = update_task (fixture->client, read, &update, &error);
  g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_REASON_REQUIRED);
  g_clear_error (&error);

  /* a final Task takes no note */
  completed = g_object_new (CPIS_TYPE_TASK, "id", TASK_ID, "version", "5",
                            "status", CPIS_TASK_STATUS_COMPLETED,
                            "outcome", CPIS_TASK_OUTCOME_REFERRED,
                            "owner-id", "ZZL01", NULL);
  cpis_task_update_init (&update, completed);
  update.note_text = "Afterthought.";
  task = update_task (fixture->client, completed, &update, &error);
  g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_FINAL);
  g_clear_error (&error);

  /* a Task without its version could never be matched */
  unversioned = g_object_new (CPIS_TYPE_TASK, "id", TASK_ID, "owner-id", "ZZL01", NULL);
  cpis_task_update_init (&update, unversioned);
  update.note_text = "A note.";
  task = update_task (fixture->client, unversioned, &update, &error);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST);

  g_assert_cmpuint (n_task_requests (fixture), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/hub-client-task/search", test_search);
  ADD ("/hub-client-task/next-page", test_next_page);
  ADD ("/hub-client-task/next-page-elsewhere", test_next_page_elsewhere);
  ADD ("/hub-client-task/search-refused", test_search_refused);
  ADD ("/hub-client-task/bad-answers", test_bad_answers);
  ADD ("/hub-client-task/cancel", test_cancel);
  ADD ("/hub-client-task/not-signed-in", test_not_signed_in);
  ADD ("/hub-client-task/get", test_get);
  ADD ("/hub-client-task/history", test_history);
  ADD ("/hub-client-task/update", test_update);
  ADD ("/hub-client-task/update-errors", test_update_errors);
  ADD ("/hub-client-task/update-refused-before-sending", test_update_refused_before_sending);

#undef ADD

  return g_test_run ();
}
