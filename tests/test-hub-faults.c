/* test-hub-faults.c: the real hub killed mid-burst loses nothing it answered
 *
 * `cpis-hub seed` makes a database of synthetic children; `cpis-hub serve`
 * serves it. A clinician's checks of the LA's children raise notifications;
 * then, all at once over many connections, more unscheduled checks, the
 * social worker's acceptance of each notification (PUT Task with If-Match)
 * and plan uploads (POST [base], batches of records) are sent, and the hub
 * is killed with SIGKILL while many are still in flight — no chance to
 * tidy up. Then, reading the database as the next hub will:
 *
 * - every check that was answered is there, with its notification: no
 *   access without its notification, whether answered or not;
 * - every answered Task change is there, and every notification's version
 *   has its history row (no change half-written);
 * - every answered upload's records are there, as plans or as exceptions;
 * - `PRAGMA integrity_check` passes;
 *
 * and a hub started again on it serves, answering the accepted Tasks as
 * accepted. Run a few rounds, killed at a different point in each.
 */
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>

#include "cpis-test-hub.h"

#define N_NOTIFIED 24      /* children checked before the burst: Tasks to accept */
#define N_CHECKS 160       /* unscheduled checks in the burst */
#define N_UPLOADS 8        /* uploads in the burst … */
#define RECORDS_PER_UPLOAD 4 /* … of this many records each */
#define ROUNDS 3

typedef struct
{
  char        *dir;
  char        *db;
  GSubprocess *hub;
  char        *origin;
  char        *base_url;
  char        *nurse_password;
  char        *sw_password;
  SoupSession *session;
} Fixture;

/* ------------------------------------------------------------------------ */
/* The hub, as a process of its own */

static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
run_hub (const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}

static void
start_hub (Fixture *fixture)
{
  const char *argv[] = { g_getenv ("CPIS_HUB_BIN"), "serve", "--db", fixture->db,
                         "--listen", "127.0.0.1:0", NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  fixture->hub = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->hub));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "http://127.0.0.1:"));
  g_free (fixture->base_url);
  g_free (fixture->origin);
  fixture->base_url = g_strdup (line);
  fixture->origin = g_strndup (line, strstr (line, "/cpis/") - line);
}

static void
kill_hub (Fixture *fixture)
{
  g_subprocess_force_exit (fixture->hub);
  g_subprocess_wait (fixture->hub, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (fixture->hub));
  g_assert_cmpint (g_subprocess_get_term_sig (fixture->hub), ==, SIGKILL);
  g_clear_object (&fixture->hub);
}

/* The password `seed` printed for @username ("  nurse   PASSWORD   role …") */
static char *
password_of (const char *seed_output,
             const char *username)
{
  g_auto(GStrv) lines = g_strsplit (seed_output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) kept = g_ptr_array_new ();

      for (guint j = 0; words[j] != NULL; j++)
        if (*words[j] != '\0')
          g_ptr_array_add (kept, words[j]);
      if (kept->len >= 2 && g_str_equal (g_ptr_array_index (kept, 0), username))
        return g_strdup (g_ptr_array_index (kept, 1));
    }
  g_assert_not_reached ();
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  fixture->dir = g_dir_make_tmp ("cpis-hub-faults-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "hub.db", NULL);
  {
    const char *argv[] = { g_getenv ("CPIS_HUB_BIN"), "seed", "--db", fixture->db,
                           "--children", "3000", "--seed", "11", NULL };

    out = run_hub (argv);
  }
  fixture->nurse_password = password_of (out, "nurse");
  fixture->sw_password = password_of (out, "socialworker");
  fixture->session = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 64,
                                                    "timeout", 60, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->hub != NULL)
    kill_hub (fixture);
  g_clear_object (&fixture->session);
  cpis_test_remove_tree (fixture->dir);
  g_free (fixture->db);
  g_free (fixture->dir);
  g_free (fixture->origin);
  g_free (fixture->base_url);
  g_free (fixture->nurse_password);
  g_free (fixture->sw_password);
}

/* ------------------------------------------------------------------------ */
/* The database, read as the next hub would */

static sqlite3 *
open_db (Fixture *fixture)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->db, &db, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* Each row of @sql's first column, as text; @param bound to ?1 if not NULL */
static GPtrArray *
column (sqlite3    *db,
        const char *sql,
        const char *param)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return values;
}

static gint64
count (sqlite3    *db,
       const char *sql,
       const char *param)
{
  g_autoptr(GPtrArray) values = column (db, sql, param);

  g_assert_cmpuint (values->len, ==, 1);
  return g_ascii_strtoll (g_ptr_array_index (values, 0), NULL, 10);
}

/* ------------------------------------------------------------------------ */
/* The burst */

typedef enum
{
  KIND_CHECK,
  KIND_TASK,
  KIND_UPLOAD,
} Kind;

typedef struct _Burst Burst;

typedef struct
{
  Burst      *burst;
  Kind        kind;
  char       *subject;   /* the child checked, the Task, the upload's first NHS number */
  GPtrArray  *records;   /* an upload's NHS numbers */
  guint       status;    /* 0 until answered (or failed) */
  GBytes     *body;
} Request;

struct _Burst
{
  GPtrArray *requests;
  guint      n_answered; /* with a 2xx */
  guint      n_done;
};

/* Answered in all rounds, by kind: each kind must have been proved */
static guint n_answered_of_kind[3];

static void
request_free (Request *request)
{
  g_free (request->subject);
  g_clear_pointer (&request->records, g_ptr_array_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  request->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  if (request->body != NULL)
    request->status = soup_message_get_status (msg);
  if (request->status >= 200 && request->status < 300)
    request->burst->n_answered++;
  request->burst->n_done++;
}

static void
send_request (Fixture    *fixture,
              Request    *request,
              const char *method,
              const char *url,
              const char *token,
              const char *body,
              const char *if_match)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);

  soup_message_headers_replace (headers, "Authorization", authorization);
  if (request->kind == KIND_CHECK)
    soup_message_headers_replace (headers, "IsUnscheduledAccessEvent", "true");
  if (if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", if_match);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/fhir+json", bytes);
    }
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb,
                                    request);
}

static Request *
new_request (Burst *burst,
             Kind   kind)
{
  Request *request = g_new0 (Request, 1);

  request->burst = burst;
  request->kind = kind;
  g_ptr_array_add (burst->requests, request);
  return request;
}

/* A synchronous GET, answered 200: its JSON */
static JsonNode *
get_json (Fixture    *fixture,
          const char *url,
          const char *token)
{
  g_autoptr(CpisTestResponse) response = cpis_test_http_request (fixture->session, "GET", url,
                                                                 token, NULL, NULL);

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
  return cpis_test_response_json (response);
}

static char *
check_url (Fixture    *fixture,
           const char *nhs_number)
{
  return g_strdup_printf ("%s/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%%7C%s",
                          fixture->base_url, nhs_number);
}

/* A batch Bundle of a plan for each patient of @patients (NHS number,
 * family, given, birth date, four by four), as the LA @la uploads it */
static char *
upload_bundle (GPtrArray  *patients,
               guint       first,
               guint       n,
               const char *la)
{
  GString *body = g_string_new ("{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [");

  for (guint i = first; i < first + n; i++)
    {
      const char * const *p = (const char * const *) g_ptr_array_index (patients, i);

      g_string_append_printf (
        body,
        "%s{\"request\": {\"method\": \"POST\", \"url\": \"CareTeam\"}, \"resource\": "
        "{\"resourceType\": \"CareTeam\", \"contained\": [{\"resourceType\": \"Patient\", \"id\": "
        "\"p\", \"name\": [{\"family\": \"%s\", \"given\": [\"%s\"]}], \"birthDate\": \"%s\"}], "
        "\"subject\": {\"reference\": \"#p\", \"identifier\": {\"system\": "
        "\"https://fhir.nhs.uk/Id/nhs-number\", \"value\": \"%s\"}}, \"category\": [{\"coding\": "
        "[{\"system\": \"http://snomed.info/sct\", \"code\": \"1164931000000108\"}]}], "
        "\"period\": {\"start\": \"2026-01-05\"}, \"managingOrganization\": [{\"identifier\": "
        "{\"system\": \"https://fhir.nhs.uk/Id/ods-organization-code\", \"value\": \"%s\"}}]}}",
        i > first ? ", " : "", p[1], p[2], p[3], p[0], la);
    }
  g_string_append (body, "]}");
  return g_string_free (body, FALSE);
}

/* Patients with no plan: NHS number, family, given, birth date */
static GPtrArray *
patients_without_plans (Fixture *fixture)
{
  sqlite3 *db = open_db (fixture);
  GPtrArray *patients = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT nhs_number, family_name, given_name, "
                                           "date_of_birth FROM patients WHERE restricted = 0 AND "
                                           "superseded_by IS NULL AND family_name IS NOT NULL AND "
                                           "given_name IS NOT NULL AND date_of_birth IS NOT NULL "
                                           "AND nhs_number NOT IN (SELECT nhs_number FROM plans) "
                                           "ORDER BY nhs_number",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char **p = g_new0 (char *, 5);

      for (int c = 0; c < 4; c++)
        p[c] = g_strdup ((const char *) sqlite3_column_text (stmt, c));
      g_ptr_array_add (patients, p);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return patients;
}

/* One round: notified children, then the burst, killed when @kill_after
 * requests have been answered */
static void
run_round (Fixture *fixture,
           guint    round,
           guint    kill_after)
{
  g_autofree char *nurse = NULL;
  g_autofree char *sw = NULL;
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(JsonNode) tasks = NULL;
  g_autofree char *la = NULL;
  JsonArray *entries;
  Burst burst = { g_ptr_array_new_with_free_func ((GDestroyNotify) request_free) };
  guint n_in_flight_at_kill;

  start_hub (fixture);
  nurse = cpis_test_http_sign_in (fixture->session, fixture->origin, "nurse",
                                  fixture->nurse_password);
  sw = cpis_test_http_sign_in (fixture->session, fixture->origin, "socialworker",
                               fixture->sw_password);
  g_assert_nonnull (nurse);
  g_assert_nonnull (sw);

  {
    sqlite3 *db = open_db (fixture);
    g_autoptr(GPtrArray) las = column (db, "SELECT o.ods_code FROM users u JOIN organisations o "
                                           "ON o.id = u.organisation_id WHERE u.username = "
                                           "'socialworker'",
                                       NULL);

    la = g_strdup (g_ptr_array_index (las, 0));
    /* the LA's children with a plan current (no end), one LA only */
    children = column (db, "SELECT p.nhs_number FROM plans p JOIN organisations o ON o.id = "
                           "p.la_id WHERE o.ods_code = ?1 AND p.end_date IS NULL AND "
                           "p.plan_type <> 'UCPP' AND p.nhs_number NOT IN (SELECT nhs_number "
                           "FROM plans q WHERE q.la_id <> p.la_id) AND p.nhs_number IN (SELECT "
                           "nhs_number FROM patients WHERE superseded_by IS NULL) GROUP BY "
                           "p.nhs_number ORDER BY p.nhs_number",
                       la);
    sqlite3_close (db);
  }
  g_assert_cmpuint (children->len, >=, N_NOTIFIED);
  patients = patients_without_plans (fixture);
  g_assert_cmpuint (patients->len, >=, (round + 1) * N_UPLOADS * RECORDS_PER_UPLOAD);

  /* before the burst: notifications for the social worker to accept */
  for (guint i = 0; i < N_NOTIFIED; i++)
    {
      g_autofree char *url = check_url (fixture, g_ptr_array_index (children, (i + round * N_NOTIFIED) % children->len));
      g_autoptr(CpisTestResponse) response =
        cpis_test_http_request (fixture->session, "GET", url, nurse, NULL,
                                "IsUnscheduledAccessEvent", "true", NULL);

      g_assert_cmpuint (response->status, ==, 200);
    }
  {
    g_autofree char *url = g_strdup_printf ("%s/Task?status=requested&_count=%u",
                                            fixture->base_url, N_NOTIFIED);

    tasks = get_json (fixture, url, sw);
  }
  entries = json_object_get_array_member (json_node_get_object (tasks), "entry");
  g_assert_cmpuint (json_array_get_length (entries), ==, N_NOTIFIED);

  /* the burst, all at once */
  for (guint i = 0; i < N_CHECKS; i++)
    {
      Request *request = new_request (&burst, KIND_CHECK);
      g_autofree char *url = NULL;

      request->subject = g_strdup (g_ptr_array_index (children, i % children->len));
      url = check_url (fixture, request->subject);
      send_request (fixture, request, "GET", url, nurse, NULL, NULL);

      if (i < N_NOTIFIED)
        {
          JsonObject *task = json_object_get_object_member (
            json_array_get_object_element (entries, i), "resource");
          g_autoptr(JsonNode) changed = json_node_new (JSON_NODE_OBJECT);
          g_autoptr(JsonObject) copy = json_object_new ();
          g_autofree char *body = NULL;
          g_autofree char *task_url = NULL;
          Request *update = new_request (&burst, KIND_TASK);

          json_node_set_object (changed, task);
          body = json_to_string (changed, FALSE);
          {
            GString *text = g_string_new (body);

            g_assert_cmpuint (g_string_replace (text, "\"status\":\"requested\"",
                                                "\"status\":\"accepted\"", 1), ==, 1);
            g_free (body);
            body = g_string_free (text, FALSE);
          }
          update->subject = g_strdup (json_object_get_string_member (task, "id"));
          task_url = g_strdup_printf ("%s/Task/%s", fixture->base_url, update->subject);
          send_request (fixture, update, "PUT", task_url, sw, body, "W/\"1\"");
        }

      if (i % (N_CHECKS / N_UPLOADS) == 0)
        {
          guint first = (round * N_UPLOADS + i / (N_CHECKS / N_UPLOADS)) * RECORDS_PER_UPLOAD;
          Request *upload = new_request (&burst, KIND_UPLOAD);
          g_autofree char *body = upload_bundle (patients, first, RECORDS_PER_UPLOAD, la);

          upload->records = g_ptr_array_new_with_free_func (g_free);
          for (guint r = first; r < first + RECORDS_PER_UPLOAD; r++)
            g_ptr_array_add (upload->records,
                             g_strdup (((char **) g_ptr_array_index (patients, r))[0]));
          send_request (fixture, upload, "POST", fixture->base_url, sw, body, NULL);
        }
    }

  /* killed while requests are in flight: no chance to tidy up */
  while (burst.n_answered < kill_after && burst.n_done < burst.requests->len)
    g_main_context_iteration (NULL, TRUE);
  n_in_flight_at_kill = burst.requests->len - burst.n_done;
  kill_hub (fixture);
  while (burst.n_done < burst.requests->len)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("round %u: %u requests, %u answered, %u in flight at the kill", round,
                  burst.requests->len, burst.n_answered, n_in_flight_at_kill);
  g_assert_cmpuint (n_in_flight_at_kill, >, 0);

  /* what the next hub reads */
  {
    sqlite3 *db = open_db (fixture);
    g_autoptr(GPtrArray) integrity = column (db, "PRAGMA integrity_check", NULL);
    g_autoptr(GHashTable) answered_checks = g_hash_table_new (g_str_hash, g_str_equal);

    g_assert_cmpstr (g_ptr_array_index (integrity, 0), ==, "ok");
    g_assert_cmpuint (integrity->len, ==, 1);

    /* no access without its notification; no notification without its version */
    g_assert_cmpint (count (db, "SELECT count(*) FROM accesses a WHERE NOT EXISTS (SELECT 1 FROM "
                                "notifications n WHERE n.access_id = a.id)",
                            NULL), ==, 0);
    g_assert_cmpint (count (db, "SELECT count(*) FROM notifications n WHERE NOT EXISTS (SELECT 1 "
                                "FROM notification_versions v WHERE v.notification_seq = n.seq "
                                "AND v.version = n.version)",
                            NULL), ==, 0);

    for (guint i = 0; i < burst.requests->len; i++)
      {
        Request *request = g_ptr_array_index (burst.requests, i);

        if (request->status < 200 || request->status >= 300)
          continue;
        n_answered_of_kind[request->kind]++;

        switch (request->kind)
          {
          case KIND_CHECK:
            g_hash_table_insert (answered_checks, request->subject,
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (answered_checks, request->subject)) + 1));
            break;
          case KIND_TASK:
            g_assert_cmpint (count (db, "SELECT count(*) FROM notifications WHERE id = ?1 AND "
                                        "version >= 2 AND status <> 'requested'",
                                    request->subject), ==, 1);
            g_assert_cmpint (count (db, "SELECT count(*) FROM notification_versions v JOIN "
                                        "notifications n ON n.seq = v.notification_seq WHERE "
                                        "n.id = ?1 AND v.version = 2 AND v.status = 'accepted'",
                                    request->subject), ==, 1);
            break;
          case KIND_UPLOAD:
            for (guint r = 0; r < request->records->len; r++)
              g_assert_cmpint (count (db, "SELECT (SELECT count(*) FROM plans WHERE nhs_number = "
                                          "?1) + (SELECT count(*) FROM plan_exceptions WHERE "
                                          "nhs_number = ?1)",
                                      g_ptr_array_index (request->records, r)), >=, 1);
            break;
          default:
            g_assert_not_reached ();
          }
      }

    /* every answered check is there (the earlier rounds' and the checks
     * before the burst too: at least as many as answered) */
    {
      GHashTableIter iter;
      gpointer child, n;

      g_hash_table_iter_init (&iter, answered_checks);
      while (g_hash_table_iter_next (&iter, &child, &n))
        g_assert_cmpint (count (db, "SELECT count(*) FROM accesses WHERE nhs_number = ?1", child),
                         >=, GPOINTER_TO_UINT (n));
    }
    sqlite3_close (db);
  }

  /* the next hub serves, and says the accepted Tasks are accepted */
  start_hub (fixture);
  {
    g_autofree char *sw_again = cpis_test_http_sign_in (fixture->session, fixture->origin,
                                                        "socialworker", fixture->sw_password);

    for (guint i = 0; i < burst.requests->len; i++)
      {
        Request *request = g_ptr_array_index (burst.requests, i);
        g_autofree char *url = NULL;
        g_autoptr(JsonNode) task = NULL;

        if (request->kind != KIND_TASK || request->status != 200)
          continue;
        url = g_strdup_printf ("%s/Task/%s", fixture->base_url, request->subject);
        task = get_json (fixture, url, sw_again);
        g_assert_cmpstr (json_object_get_string_member (json_node_get_object (task), "status"), ==,
                         "accepted");
      }
  }
  kill_hub (fixture);
  g_ptr_array_unref (burst.requests);
}

static void
test_killed_mid_burst (Fixture       *fixture,
                       gconstpointer  data)
{
  /* killed early, midway and late in the burst */
  const guint kill_after[ROUNDS] = { 10, 60, 140 };

  for (guint round = 0; round < ROUNDS; round++)
    run_round (fixture, round, kill_after[round]);

  g_test_message ("answered before a kill: %u checks, %u Task changes, %u uploads",
                  n_answered_of_kind[KIND_CHECK], n_answered_of_kind[KIND_TASK],
                  n_answered_of_kind[KIND_UPLOAD]);
  g_assert_cmpuint (n_answered_of_kind[KIND_CHECK], >, 0);
  g_assert_cmpuint (n_answered_of_kind[KIND_TASK], >, 0);
  g_assert_cmpuint (n_answered_of_kind[KIND_UPLOAD], >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);

  g_test_add ("/hub-faults/killed-mid-burst", Fixture, NULL, fixture_set_up, test_killed_mid_burst,
              fixture_tear_down);

  return g_test_run ();
}
