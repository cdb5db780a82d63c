/* test-hub-hostile.c: every endpoint of the hub against what an attacker
 * sends, over real HTTP to the real hub on a real SQLite database
 *
 * Requests are written byte by byte (no HTTP library would send most of
 * them): no token, a forged one, a revoked one, Basic credentials; the
 * wrong role (an officer asking for a child, a clinician for Tasks); another
 * LA's Task, Subscription, exception and child; SQL metacharacters, path
 * traversal, NUL, CR and LF, invalid UTF-8 and overlong values in every
 * parameter and path id; bodies truncated, of the wrong content type,
 * nested ten thousand deep, not UTF-8, or carrying SQL; header injection.
 * Each must get its documented error (docs/api.md), the hub must keep
 * answering, `PRAGMA integrity_check` must pass, and no table may gain or
 * lose a row. NHS numbers are synthetic (999 range, valid check digits).
 */
#include <sqlite3.h>
#include <string.h>

#include "cpis-subscription.h"
#include "cpis-test-hub.h"

#define PASSWORD "correct horse battery"

#define CHILD_LA1 "9990000018" /* a plan of LA1 */
#define CHILD_LA2 "9991000003" /* a plan of LA2 */

#define NHS "https://fhir.nhs.uk/Id/nhs-number%7C"
#define BASE "/cpis/FHIR/R4"
#define PDS "/personal-demographics/FHIR/R4"

typedef struct
{
  CpisTestHub *hub;
  GHashTable  *tokens;  /* who → bearer token ("forged", "revoked" included) */
  char        *task;    /* an LA1 Task's id */
  char        *task2;   /* an LA2 Task's id */
  char        *sub;     /* the LA1 social worker's Subscription */
  char        *sub2;    /* the LA2 social worker's */
  char        *exc;     /* an LA1 upload exception */
  char        *exc2;    /* an LA2 one */
  guint        n_cases;
  GString     *failures; /* each answer that was not the documented one */
} Fixture;

/* ------------------------------------------------------------------------ */
/* Raw HTTP */

/* The hub's answer to @request, read to the end (the request asks for the
 * connection to close), as a response */
static CpisTestResponse *
exchange (Fixture    *fixture,
          const char *request)
{
  g_autofree char *reply = cpis_test_hub_raw_request (fixture->hub, request, strlen (request));
  CpisTestResponse *response = g_new0 (CpisTestResponse, 1);
  const char *end = strstr (reply, "\r\n\r\n");
  SoupHTTPVersion version;

  response->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  if (end == NULL ||
      !soup_headers_parse_response (reply, (int) (end - reply) + 2, response->headers, &version,
                                    &response->status, NULL))
    g_error ("the hub answered %s\nwith %s", request, reply);
  response->body = g_bytes_new (end + 4, strlen (end + 4));
  return response;
}

/* "Authorization: Bearer …\r\n" for @who, or nothing for "none" */
static char *
authorization (Fixture    *fixture,
               const char *who)
{
  if (g_str_equal (who, "none"))
    return g_strdup ("");
  if (g_str_equal (who, "basic"))
    return g_strdup ("Authorization: Basic c3c6Y29ycmVjdCBob3JzZSBiYXR0ZXJ5\r\n");
  return g_strdup_printf ("Authorization: Bearer %s\r\n",
                          (const char *) g_hash_table_lookup (fixture->tokens, who));
}

/* @text with the fixture's ids put in for {task}, {task2}, {sub}, {sub2}, {exc}, {exc2} */
static char *
with_ids (Fixture    *fixture,
          const char *text)
{
  GString *out = g_string_new (text);

  g_string_replace (out, "{task2}", fixture->task2, 0);
  g_string_replace (out, "{task}", fixture->task, 0);
  g_string_replace (out, "{sub2}", fixture->sub2, 0);
  g_string_replace (out, "{sub}", fixture->sub, 0);
  g_string_replace (out, "{exc2}", fixture->exc2, 0);
  g_string_replace (out, "{exc}", fixture->exc, 0);
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *method;
  const char *target;        /* the request target, as sent: {ids} put in */
  const char *who;           /* whose token: nurse, sw, sw2, officer, admin, forged, revoked, basic, none */
  const char *content_type;  /* NULL: none */
  const char *body;          /* NULL: none */
  const char *headers;       /* more header lines, each ending "\r\n" */
  guint       status;
  const char *code;          /* the OperationOutcome's details code */
} Case;

/* Whether @response is an OperationOutcome whose details code is @code */
static gboolean
has_code (CpisTestResponse *response,
          const char       *code)
{
  g_autofree char *text = cpis_test_response_text (response);
  g_autofree char *wanted = g_strdup_printf ("\"code\":\"%s\"", code);

  if (*code == '\0')
    return g_bytes_get_size (response->body) == 0;
  return text != NULL && strstr (text, "\"OperationOutcome\"") != NULL &&
         strstr (text, wanted) != NULL;
}

/* Sends @c and checks its documented answer (a failure is kept, to be said
 * with the others at the end); never a 5xx */
static void
send_case (Fixture    *fixture,
           const Case *c)
{
  g_autofree char *target = with_ids (fixture, c->target);
  g_autofree char *auth = authorization (fixture, c->who);
  g_autofree char *body = c->body != NULL ? with_ids (fixture, c->body) : NULL;
  g_autofree char *content_type = c->content_type != NULL
                                  ? g_strdup_printf ("Content-Type: %s\r\n", c->content_type)
                                  : g_strdup ("");
  g_autofree char *length = body != NULL ? g_strdup_printf ("Content-Length: %zu\r\n",
                                                            strlen (body))
                                         : g_strdup ("");
  g_autofree char *request =
    g_strdup_printf ("%s %s HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n%s%s%s%s\r\n%s",
                     c->method, target, auth, content_type, length,
                     c->headers != NULL ? c->headers : "", body != NULL ? body : "");
  g_autoptr(CpisTestResponse) response = exchange (fixture, request);
  g_autofree char *shown = g_strndup (target, 120);

  g_test_message ("%s %s as %s%s → %u", c->method, shown, c->who,
                  c->body != NULL ? " (with a body)" : "", response->status);
  if (response->status != c->status || (c->code != NULL && !has_code (response, c->code)))
    {
      g_autofree char *text = cpis_test_response_text (response);

      g_string_append_printf (fixture->failures, "%s %s as %s: %u, not %u %s: %.300s\n",
                              c->method, shown, c->who, response->status, c->status,
                              c->code != NULL ? c->code : "", text != NULL ? text : "(no body)");
    }
  else if (c->code != NULL && *c->code != '\0')
    cpis_test_assert_outcome (response, c->status, c->code);
  g_assert_cmpuint (response->status, <, 500);
  g_assert_null (soup_message_headers_get_one (response->headers, "X-Injected"));
  fixture->n_cases++;
}

/* ------------------------------------------------------------------------ */
/* The database: nothing added, nothing lost, nothing broken */

static sqlite3 *
open_db (Fixture *fixture)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (cpis_test_hub_get_db_path (fixture->hub), &db,
                                    SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* "table=rows" for every table, in order */
static char *
count_rows (Fixture *fixture)
{
  sqlite3 *db = open_db (fixture);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  GString *counts = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "ORDER BY name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (tables->len, >, 5);

  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"",
                                              (char *) g_ptr_array_index (tables, i));

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_string_append_printf (counts, "%s=%lld ", (char *) g_ptr_array_index (tables, i),
                              (long long) sqlite3_column_int64 (stmt, 0));
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (counts, FALSE);
}

static void
assert_integrity (Fixture *fixture)
{
  sqlite3 *db = open_db (fixture);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* ------------------------------------------------------------------------ */
/* What the hub holds before the attack */

/* The id of the first entry's resource in @response's searchset */
static char *
first_id (CpisTestResponse *response)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *entries;

  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);
  entries = json_object_get_array_member (json_node_get_object (root), "entry");
  g_assert_cmpuint (json_array_get_length (entries), >, 0);
  return g_strdup (json_object_get_string_member (
    json_object_get_object_member (json_array_get_object_element (entries, 0), "resource"), "id"));
}

static char *
subscribe (Fixture    *fixture,
           const char *who)
{
  const char *body =
    "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"inbox\","
    " \"criteria\": \"" CPIS_SUBSCRIPTION_TOPIC_NEW_NOTIFICATION "\","
    " \"channel\": {\"type\": \"websocket\", \"payload\": \"application/fhir+json\","
    " \"_payload\": {\"extension\": [{\"url\": \"" CPIS_BACKPORT_PAYLOAD_CONTENT_URL "\","
    " \"valueCode\": \"id-only\"}]}}}";
  g_autoptr(CpisTestResponse) response =
    cpis_test_hub_request (fixture->hub, "POST", BASE "/Subscription",
                           g_hash_table_lookup (fixture->tokens, who), "application/fhir+json",
                           body, NULL);
  g_autoptr(JsonNode) root = NULL;

  if (response->status != 201)
    {
      g_autofree char *text = cpis_test_response_text (response);

      g_error ("subscribing: %u %s", response->status, text);
    }
  root = cpis_test_response_json (response);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "id"));
}

/* An upload by @who of one record the rules refuse (another LA's): an
 * exception of @who's LA, its id */
static char *
make_exception (Fixture    *fixture,
                const char *who,
                const char *other_la)
{
  g_autofree char *body = g_strdup_printf (
    "{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [{\"request\": {\"method\":"
    " \"POST\", \"url\": \"CareTeam\"}, \"resource\": {\"resourceType\": \"CareTeam\", \"subject\":"
    " {\"identifier\": {\"system\": \"https://fhir.nhs.uk/Id/nhs-number\", \"value\":"
    " \"9991000011\"}}, \"category\": [{\"coding\": [{\"system\": \"http://snomed.info/sct\","
    " \"code\": \"1164931000000108\"}]}], \"period\": {\"start\": \"2025-01-02\"},"
    " \"managingOrganization\": [{\"identifier\": {\"value\": \"%s\"}}]}}]}",
    other_la);
  g_autoptr(CpisTestResponse) upload =
    cpis_test_hub_request (fixture->hub, "POST", BASE, g_hash_table_lookup (fixture->tokens, who),
                           "application/fhir+json", body, NULL);
  g_autoptr(CpisTestResponse) listed = NULL;

  g_assert_cmpuint (upload->status, ==, 200);
  listed = cpis_test_hub_request (fixture->hub, "GET", BASE "/Basic",
                                  g_hash_table_lookup (fixture->tokens, who), NULL, NULL, NULL);
  return first_id (listed);
}

static void
fixture_set_up (Fixture *fixture)
{
  const char *users[][3] = {
    { "nurse", "clinician", "ED1" },
    { "sw", "social-worker", "LA1" },
    { "sw2", "social-worker", "LA2" },
    { "officer", "partnership-officer", "LA1" },
    { "admin", "administrator", "LA1" },
  };
  g_autoptr(CpisTestResponse) tasks = NULL;
  g_autoptr(CpisTestResponse) tasks2 = NULL;
  g_autoptr(CpisTestResponse) revoked = NULL;
  g_autofree char *revoke_form = NULL;
  char *old;

  fixture->failures = g_string_new (NULL);
  fixture->hub = cpis_test_hub_new ();
  fixture->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "LA2", "Southmoor Council", "local-authority", "South");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      cpis_test_hub_add_user (fixture->hub, users[i][0], PASSWORD, users[i][1], users[i][2]);
      g_hash_table_insert (fixture->tokens, (gpointer) users[i][0],
                           cpis_test_hub_sign_in (fixture->hub, users[i][0], PASSWORD));
    }
  cpis_test_hub_add_plan (fixture->hub, CHILD_LA1, "CPP", "2025-01-02", NULL, NULL, "LA1");
  cpis_test_hub_add_plan (fixture->hub, CHILD_LA2, "CPP", "2025-01-02", NULL, NULL, "LA2");
  cpis_test_hub_record_check (fixture->hub, CHILD_LA1, "nurse", "LA1");
  cpis_test_hub_record_check (fixture->hub, CHILD_LA2, "nurse", "LA2");

  /* a token of 43 characters, as the hub's are, never issued; and a real
   * one, revoked */
  g_hash_table_insert (fixture->tokens, "forged",
                       g_strdup ("QVUoCy7p8p7QT6MXE0yaVKb1OFedu4ebl0b6-r-WDcg"));
  old = cpis_test_hub_sign_in (fixture->hub, "sw", PASSWORD);
  revoke_form = g_strdup_printf ("token=%s", old);
  revoked = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/revoke", NULL,
                                   "application/x-www-form-urlencoded", revoke_form, NULL);
  g_assert_cmpuint (revoked->status, ==, 200);
  g_hash_table_insert (fixture->tokens, "revoked", old);

  tasks = cpis_test_hub_request (fixture->hub, "GET", BASE "/Task",
                                 g_hash_table_lookup (fixture->tokens, "sw"), NULL, NULL, NULL);
  fixture->task = first_id (tasks);
  tasks2 = cpis_test_hub_request (fixture->hub, "GET", BASE "/Task",
                                  g_hash_table_lookup (fixture->tokens, "sw2"), NULL, NULL, NULL);
  fixture->task2 = first_id (tasks2);
  fixture->sub = subscribe (fixture, "sw");
  fixture->sub2 = subscribe (fixture, "sw2");
  fixture->exc = make_exception (fixture, "sw", "LA2");
  fixture->exc2 = make_exception (fixture, "sw2", "LA1");
}

static void
fixture_tear_down (Fixture *fixture)
{
  g_string_free (fixture->failures, TRUE);
  g_hash_table_unref (fixture->tokens);
  g_free (fixture->task);
  g_free (fixture->task2);
  g_free (fixture->sub);
  g_free (fixture->sub2);
  g_free (fixture->exc);
  g_free (fixture->exc2);
  cpis_test_hub_free (fixture->hub);
}

/* ------------------------------------------------------------------------ */
/* The attack */

/* Every endpoint, each with a role that may use it */
static const Case endpoints[] = {
  { "GET", BASE "/CareTeam?patient:identifier=" NHS CHILD_LA1, "nurse" },
  { "GET", BASE "/AuditEvent?patient:identifier=" NHS CHILD_LA1, "nurse" },
  { "GET", BASE "/CareTeam", "sw" },
  { "GET", PDS "/Patient/" CHILD_LA1, "nurse" },
  { "GET", PDS "/Patient?family=TESTER&birthdate=eq2016-04-01", "nurse" },
  { "GET", BASE "/Task", "sw" },
  { "GET", BASE "/Task/{task}", "sw" },
  { "GET", BASE "/Task/{task}/_history", "sw" },
  { "GET", BASE "/Task/{task}/_history/1", "sw" },
  { "PUT", BASE "/Task/{task}", "sw" },
  { "GET", BASE "/PractitionerRole", "sw" },
  { "GET", BASE "/Organization", "sw" },
  { "GET", BASE "/Subscription", "sw" },
  { "POST", BASE "/Subscription", "sw" },
  { "GET", BASE "/Subscription/{sub}", "sw" },
  { "DELETE", BASE "/Subscription/{sub}", "sw" },
  { "GET", BASE "/Subscription/{sub}/$status", "sw" },
  { "GET", BASE "/Subscription/{sub}/$events", "sw" },
  { "GET", BASE "/Subscription/$get-ws-binding-token", "sw" },
  { "POST", BASE, "sw" },
  { "GET", BASE "/Basic", "sw" },
  { "GET", BASE "/Basic/{exc}", "sw" },
  { "POST", BASE "/Basic/{exc}/$dismiss", "sw" },
  { "GET", BASE "/Measure", "officer" },
  { "GET", BASE "/Measure/area-figures/$evaluate-measure", "officer" },
  { "GET", "/oauth2/userinfo", "nurse" },
};

/* No token, a forged one, a revoked one, Basic credentials: 401 everywhere */
static void
test_tokens (void)
{
  const char *kinds[] = { "none", "forged", "revoked", "basic" };
  Fixture fixture = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fixture_set_up (&fixture);
  before = count_rows (&fixture);
  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        Case c = endpoints[i];

        c.who = kinds[k];
        c.status = 401;
        c.code = "UNAUTHORISED";
        send_case (&fixture, &c);
      }
  after = count_rows (&fixture);
  if (fixture.failures->len > 0)
    g_error ("answers that are not the documented ones:\n%s", fixture.failures->str);
  g_assert_cmpstr (after, ==, before);
  assert_integrity (&fixture);
  g_test_message ("%u requests", fixture.n_cases);
  fixture_tear_down (&fixture);
}

/* The wrong role, and another LA's records */
static void
test_roles_and_other_las (void)
{
  const Case cases[] = {
    /* an officer, and an administrator, asking for a child */
    { "GET", BASE "/CareTeam?patient:identifier=" NHS CHILD_LA1, "officer", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", BASE "/AuditEvent?patient:identifier=" NHS CHILD_LA1, "officer", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", PDS "/Patient/" CHILD_LA1, "officer", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", PDS "/Patient?family=TESTER&birthdate=eq2016-04-01", "officer", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", BASE "/Task", "officer", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", BASE "/Task/{task}", "officer", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", BASE "/CareTeam", "officer", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", BASE "/CareTeam?patient:identifier=" NHS CHILD_LA1, "admin", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", PDS "/Patient/" CHILD_LA1, "admin", .status = 403, .code = "ACCESS_DENIED" },
    /* a clinician asking for what is the LA's */
    { "GET", BASE "/Task", "nurse", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", BASE "/Task/{task}/_history", "nurse", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", BASE "/Subscription", "nurse", .status = 403, .code = "ACCESS_DENIED" },
    { "POST", BASE, "nurse", "application/fhir+json", "{\"resourceType\": \"Bundle\", \"type\": \"batch\"}", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", BASE "/Basic", "nurse", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", BASE "/PractitionerRole", "nurse", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", BASE "/Measure/area-figures/$evaluate-measure", "nurse", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", BASE "/Measure/area-figures/$evaluate-measure", "sw", .status = 403, .code = "ACCESS_DENIED" },
    /* another LA's Task, Subscription, exception: as if there were none */
    { "GET", BASE "/Task/{task2}", "sw", .status = 404, .code = "NOT_FOUND" },
    { "GET", BASE "/Task/{task2}/_history", "sw", .status = 404, .code = "NOT_FOUND" },
    { "GET", BASE "/Task/{task2}/_history/1", "sw", .status = 404, .code = "NOT_FOUND" },
    { "PUT", BASE "/Task/{task2}", "sw", "application/fhir+json", "{\"resourceType\": \"Task\", \"id\": \"{task2}\", \"status\": \"accepted\"}", "If-Match: W/\"1\"\r\n", 404, "NOT_FOUND" },
    { "GET", BASE "/Subscription/{sub2}", "sw", .status = 404, .code = "NOT_FOUND" },
    { "DELETE", BASE "/Subscription/{sub2}", "sw", .status = 404, .code = "NOT_FOUND" },
    { "GET", BASE "/Subscription/{sub2}/$events", "sw", .status = 404, .code = "NOT_FOUND" },
    { "GET", BASE "/Basic/{exc2}", "sw", .status = 404, .code = "NOT_FOUND" },
    { "POST", BASE "/Basic/{exc2}/$dismiss", "sw", .status = 404, .code = "NOT_FOUND" },
    /* another LA's child */
    { "GET", BASE "/CareTeam?patient:identifier=" NHS CHILD_LA2, "sw", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", BASE "/AuditEvent?patient:identifier=" NHS CHILD_LA2, "sw", .status = 403, .code = "ACCESS_DENIED" },
    { "GET", BASE "/Task?patient:identifier=" NHS CHILD_LA2, "sw", .status = 200 },
  };
  Fixture fixture = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fixture_set_up (&fixture);
  before = count_rows (&fixture);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    send_case (&fixture, &cases[i]);
  after = count_rows (&fixture);
  if (fixture.failures->len > 0)
    g_error ("answers that are not the documented ones:\n%s", fixture.failures->str);
  g_assert_cmpstr (after, ==, before);
  assert_integrity (&fixture);
  fixture_tear_down (&fixture);
}

/* What is put into a parameter or a path id. @decodable: whether it decodes
 * to UTF-8 text without a NUL (the hub refuses a query that does not, 400
 * INVALID_SEARCH_DATA, whatever the endpoint). @bare_in_path,
 * @bare_in_query: a request target that is not a valid URI there, which
 * libsoup refuses before the hub sees it, with a bare 400 (docs/api.md,
 * "Requests that are not HTTP") */
static const struct
{
  const char *value;
  gboolean    decodable;
  gboolean    bare_in_path;
  gboolean    bare_in_query;
} hostile_values[] = {
  { "%27%20OR%20%271%27%3D%271%27%20--", TRUE, FALSE, FALSE },       /* ' OR '1'='1' -- */
  { "1%3B%20DROP%20TABLE%20plans%3B%20--", TRUE, FALSE, FALSE },     /* 1; DROP TABLE plans; -- */
  { "%22%29%3B%20DELETE%20FROM%20tokens%3B--", TRUE, FALSE, FALSE }, /* "); DELETE FROM tokens;-- */
  { "..%2F..%2F..%2F..%2Fetc%2Fpasswd", TRUE, TRUE, FALSE },         /* ../../../../etc/passwd */
  { "%2e%2e%2f%2e%2e%2fhub.db", TRUE, TRUE, FALSE },
  { "9990000018%0d%0aX-Injected:%201", TRUE, FALSE, FALSE },         /* CR LF */
  { "*", TRUE, FALSE, FALSE },
  { "999%0010%000018", FALSE, TRUE, FALSE },                         /* NUL */
  { "%ff%fe%fd", FALSE, FALSE, FALSE },                              /* not UTF-8 */
  { "%c0%af", FALSE, FALSE, FALSE },                                 /* an overlong "/" */
  { "%", FALSE, TRUE, TRUE },                                        /* a broken escape */
};

/* The code a Case gives for libsoup's bare 400: no body at all */
#define BARE ""

/* A request for each hostile value put between @before and @after, and one
 * overlong: answered @status @code, or, where the endpoint ignores what it
 * does not take (@ignored_status not 0), that for a value that decodes */
static void
add_hostile_value_cases (GArray     *cases,
                         const char *method,
                         const char *before,
                         const char *after,
                         const char *who,
                         guint       status,
                         const char *code,
                         guint       ignored_status)
{
  gboolean in_query = strchr (before, '?') != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (hostile_values); i++)
    {
      Case c = { method, NULL, who, .status = status, .code = code };

      if (in_query ? hostile_values[i].bare_in_query : hostile_values[i].bare_in_path)
        {
          c.status = 400;
          c.code = BARE;
        }
      else if (ignored_status != 0 && hostile_values[i].decodable)
        {
          c.status = ignored_status;
          c.code = NULL;
        }
      c.target = g_strconcat (before, hostile_values[i].value, after, NULL);
      if (g_str_has_prefix (before, PDS))
        c.headers = "X-Request-ID: 60E0B220-8136-4CA5-AE46-1D97EF59D068\r\n";
      g_array_append_val (cases, c);
    }
  {
    g_autofree char *long_value = g_strnfill (5000, '9');
    Case c = { method, NULL, who, .status = ignored_status != 0 ? ignored_status : status,
               .code = ignored_status != 0 ? NULL : code };

    c.target = g_strconcat (before, long_value, after, NULL);
    if (g_str_has_prefix (before, PDS))
      c.headers = "X-Request-ID: 60E0B220-8136-4CA5-AE46-1D97EF59D068\r\n";
    g_array_append_val (cases, c);
  }
}

/* SQL, traversal, NUL, CR LF, bad UTF-8 and overlong values in every
 * parameter and path id */
static void
test_hostile_values (void)
{
  g_autoptr(GArray) cases = g_array_new (FALSE, FALSE, sizeof (Case));
  Fixture fixture = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_hostile_value_cases (cases, "GET", BASE "/CareTeam?patient:identifier=" NHS, "", "nurse", 400, "INVALID_SEARCH_DATA", 0);
  add_hostile_value_cases (cases, "GET", BASE "/CareTeam?patient:identifier=", "", "nurse", 400, "INVALID_SEARCH_DATA", 0);
  add_hostile_value_cases (cases, "GET", BASE "/AuditEvent?patient:identifier=" NHS, "", "nurse", 400, "INVALID_SEARCH_DATA", 0);
  /* (a parameter the search does not take is ignored, as the national one does) */
  add_hostile_value_cases (cases, "GET", BASE "/AuditEvent?patient:identifier=" NHS CHILD_LA1 "&", "=1", "nurse", 400, "INVALID_SEARCH_DATA", 200);
  add_hostile_value_cases (cases, "GET", BASE "/CareTeam?", "=1", "sw", 400, "INVALID_SEARCH_DATA", 0);
  add_hostile_value_cases (cases, "GET", PDS "/Patient/", "", "nurse", 400, "INVALID_RESOURCE_ID", 0);
  add_hostile_value_cases (cases, "GET", BASE "/Task?patient:identifier=" NHS, "", "sw", 400, "INVALID_SEARCH_DATA", 0);
  add_hostile_value_cases (cases, "GET", BASE "/Task?status=", "", "sw", 400, "INVALID_SEARCH_DATA", 0);
  add_hostile_value_cases (cases, "GET", BASE "/Task?", "=1", "sw", 400, "INVALID_SEARCH_DATA", 0);
  add_hostile_value_cases (cases, "GET", BASE "/Task/", "", "sw", 404, "NOT_FOUND", 0);
  add_hostile_value_cases (cases, "GET", BASE "/Task/{task}/_history/", "", "sw", 404, "NOT_FOUND", 0);
  add_hostile_value_cases (cases, "GET", BASE "/Subscription/", "", "sw", 404, "NOT_FOUND", 0);
  add_hostile_value_cases (cases, "GET", BASE "/Subscription/{sub}/$events?eventsSinceNumber=", "", "sw", 400, "INVALID_SEARCH_DATA", 0);
  add_hostile_value_cases (cases, "GET", BASE "/Subscription?", "=1", "sw", 400, "INVALID_SEARCH_DATA", 0);
  add_hostile_value_cases (cases, "GET", BASE "/Basic/", "", "sw", 404, "NOT_FOUND", 0);
  add_hostile_value_cases (cases, "GET", BASE "/Basic?", "=1", "sw", 400, "INVALID_SEARCH_DATA", 0);
  add_hostile_value_cases (cases, "GET", BASE "/PractitionerRole?", "=1", "sw", 400, "INVALID_SEARCH_DATA", 0);
  add_hostile_value_cases (cases, "GET", BASE "/Organization?", "=1", "sw", 400, "INVALID_SEARCH_DATA", 0);
  add_hostile_value_cases (cases, "GET", BASE "/Measure/area-figures/$evaluate-measure?periodStart=", "", "officer", 400, "INVALID_SEARCH_DATA", 0);
  add_hostile_value_cases (cases, "GET", BASE "/Measure/area-figures/$evaluate-measure?subject=", "", "officer", 400, "INVALID_SEARCH_DATA", 0);

  fixture_set_up (&fixture);
  before = count_rows (&fixture);
  for (guint i = 0; i < cases->len; i++)
    {
      Case *c = &g_array_index (cases, Case, i);

      send_case (&fixture, c);
      g_free ((char *) c->target);
    }
  after = count_rows (&fixture);
  if (fixture.failures->len > 0)
    g_error ("answers that are not the documented ones:\n%s", fixture.failures->str);
  g_assert_cmpstr (after, ==, before);
  assert_integrity (&fixture);
  g_test_message ("%u requests", fixture.n_cases);
  fixture_tear_down (&fixture);
}

/* Bodies: truncated, the wrong content type, nested deep, not UTF-8, SQL */
static void
test_hostile_bodies (void)
{
  g_autofree char *deep = NULL;
  g_autofree char *deep_task = NULL;
  const char *task_target = BASE "/Task/{task}";
  const char *if_match = "If-Match: W/\"1\"\r\n";
  const char *fhir = "application/fhir+json";
  GString *nesting = g_string_new ("{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": ");
  Fixture fixture = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (nesting, '[');
  deep = g_string_free (nesting, FALSE);
  deep_task = g_strconcat ("{\"resourceType\": \"Task\", \"note\": ", deep + strlen ("{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": "), NULL);

  {
    const Case cases[] = {
      /* a Task's update */
      { "PUT", task_target, "sw", fhir, "{\"resourceType\": \"Task\", \"id\": \"{task}\", \"status\": ", if_match, 400, "INVALID_RESOURCE" },
      { "PUT", task_target, "sw", "text/plain", "{\"resourceType\": \"Task\", \"id\": \"{task}\", \"status\": \"accepted\"}", if_match, 415, "UNSUPPORTED_MEDIA_TYPE" },
      { "PUT", task_target, "sw", "application/xml", "<Task/>", if_match, 415, "UNSUPPORTED_MEDIA_TYPE" },
      { "PUT", task_target, "sw", fhir, deep_task, if_match, 400, "INVALID_RESOURCE" },
      { "PUT", task_target, "sw", fhir, "{\"resourceType\": \"Task\", \"id\": \"{task}\", \"status\": \"accepted\", \"note\": [{\"text\": \"\xff\xfe\"}]}", if_match, 400, "INVALID_RESOURCE" },
      { "PUT", task_target, "sw", fhir, "{\"resourceType\": \"Task\", \"id\": \"{task}\", \"status\": \"accepted'; DROP TABLE tasks; --\"}", if_match, 422, "BUSINESS_RULE" },
      { "PUT", task_target, "sw", fhir, "{\"resourceType\": \"Task\", \"id\": \"{task}\", \"status\": \"accepted\"}", "If-Match: W/\"1' OR '1'='1\"\r\n", 428, "PRECONDITION_REQUIRED" },
      { "PUT", task_target, "sw", fhir, "[]", if_match, 400, "INVALID_RESOURCE" },
      { "PUT", task_target, "sw", fhir, "", if_match, 400, "INVALID_RESOURCE" },
      /* a Subscription */
      { "POST", BASE "/Subscription", "sw", fhir, "{\"resourceType\": \"Subscription\", \"status\": ", NULL, 400, "INVALID_RESOURCE" },
      { "POST", BASE "/Subscription", "sw", "text/plain", "{}", NULL, 415, "UNSUPPORTED_MEDIA_TYPE" },
      { "POST", BASE "/Subscription", "sw", fhir, deep_task, NULL, 400, "INVALID_RESOURCE" },
      { "POST", BASE "/Subscription", "sw", fhir, "{\"resourceType\": \"Subscription\", \"reason\": \"\xc0\xaf\"}", NULL, 400, "INVALID_RESOURCE" },
      { "POST", BASE "/Subscription", "sw", fhir, "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"x\", \"criteria\": \"'; DROP TABLE subscriptions; --\", \"channel\": {\"type\": \"websocket\"}}", NULL, 422, "BUSINESS_RULE" },
      /* a binding token asked for with a body */
      { "POST", BASE "/Subscription/$get-ws-binding-token", "sw", fhir, "{\"resourceType\": \"Parameters\", \"parameter\": [", NULL, 400, "INVALID_RESOURCE" },
      { "POST", BASE "/Subscription/$get-ws-binding-token", "sw", "text/plain", "id={sub}", NULL, 415, "UNSUPPORTED_MEDIA_TYPE" },
      { "POST", BASE "/Subscription/$get-ws-binding-token", "sw", fhir, "{\"resourceType\": \"Parameters\", \"parameter\": [{\"name\": \"id\", \"valueString\": \"{sub2}\"}]}", NULL, 404, "NOT_FOUND" },
      /* an upload */
      { "POST", BASE, "sw", fhir, "{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [", NULL, 400, "INVALID_RESOURCE" },
      { "POST", BASE, "sw", "text/csv", "nhs_number\n9991000011\n", NULL, 415, "UNSUPPORTED_MEDIA_TYPE" },
      { "POST", BASE, "sw", fhir, deep, NULL, 400, "INVALID_RESOURCE" },
      { "POST", BASE, "sw", fhir, "{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"id\": \"\xff\"}", NULL, 400, "INVALID_RESOURCE" },
      { "POST", BASE, "sw", fhir, "{\"resourceType\": \"Bundle\", \"type\": \"transaction\", \"entry\": []}", NULL, 400, "INVALID_RESOURCE" },
      { "POST", BASE, "sw", fhir, "{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [{\"request\": {\"method\": \"DELETE\", \"url\": \"CareTeam/1' OR '1'='1\"}, \"resource\": {\"resourceType\": \"CareTeam\"}}]}", NULL, 400, "INVALID_RESOURCE" },
      { "POST", BASE, "sw", fhir, "{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"type\": \"batch\"}", NULL, 400, "INVALID_RESOURCE" },
      /* a sign-in */
      { "POST", "/oauth2/token", "none", "application/x-www-form-urlencoded", "grant_type=password&username=%27%20OR%20%271%27%3D%271&password=x", NULL, 400, "INVALID_GRANT" },
      { "POST", "/oauth2/token", "none", "application/json", "{\"grant_type\": \"password\"}", NULL, 415, "UNSUPPORTED_MEDIA_TYPE" },
    };

    fixture_set_up (&fixture);
    before = count_rows (&fixture);
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      send_case (&fixture, &cases[i]);
  }
  after = count_rows (&fixture);
  if (fixture.failures->len > 0)
    g_error ("answers that are not the documented ones:\n%s", fixture.failures->str);
  g_assert_cmpstr (after, ==, before);
  assert_integrity (&fixture);
  fixture_tear_down (&fixture);
}

/* Header injection: CR or LF inside a header, a header the hub echoes
 * carrying CR LF in words, a NUL: refused, never split into two headers */
static void
test_header_injection (void)
{
  /* {auth}: the nurse's Authorization line, so that each reaches the hub's
   * own checks (the PDS endpoints echo X-Request-ID and X-Correlation-ID) */
  const char *requests[] = {
    "GET " BASE "/CareTeam?patient:identifier=" NHS CHILD_LA1 " HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n{auth}IsUnscheduledAccessEvent: false\r\nTraceID: a\rX-Injected: 1\r\n\r\n",
    "GET " PDS "/Patient/" CHILD_LA1 " HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n{auth}X-Request-ID: a\nX-Injected: 1\r\n\r\n",
    "GET " PDS "/Patient/" CHILD_LA1 " HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n{auth}X-Request-ID: 60E0B220-8136-4CA5-AE46-1D97EF59D068%0d%0aX-Injected: 1\r\n\r\n",
    "GET " PDS "/Patient/" CHILD_LA1 " HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n{auth}X-Request-ID: 60E0B220-8136-4CA5-AE46-1D97EF59D068\r\nX-Correlation-ID: \x01\x02\rX-Injected: 1\r\n\r\n",
    "GET /oauth2/userinfo HTTP/1.1\r\nHost: hub\r\nConnection: close\r\nAuthorization: Bearer a\r\n b\r\n\r\n",
  };
  Fixture fixture = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fixture_set_up (&fixture);
  before = count_rows (&fixture);
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autofree char *auth = authorization (&fixture, "nurse");
      g_autoptr(GString) request = g_string_new (requests[i]);
      g_autofree char *reply = NULL;

      g_string_replace (request, "{auth}", auth, 0);
      reply = cpis_test_hub_raw_request (fixture.hub, request->str, request->len);
      const char *end = strstr (reply, "\r\n\r\n");
      g_autofree char *head = end != NULL ? g_strndup (reply, end - reply) : g_strdup (reply);

      g_test_message ("%s", head);
      g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 "));
      /* no header of the attacker's making, in any case */
      g_assert_null (strstr (head, "\nX-Injected"));
      g_assert_null (strstr (head, "\rX-Injected"));
    }
  after = count_rows (&fixture);
  if (fixture.failures->len > 0)
    g_error ("answers that are not the documented ones:\n%s", fixture.failures->str);
  g_assert_cmpstr (after, ==, before);
  assert_integrity (&fixture);
  fixture_tear_down (&fixture);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hub-hostile/tokens", test_tokens);
  g_test_add_func ("/hub-hostile/roles-and-other-las", test_roles_and_other_las);
  g_test_add_func ("/hub-hostile/values", test_hostile_values);
  g_test_add_func ("/hub-hostile/bodies", test_hostile_bodies);
  g_test_add_func ("/hub-hostile/header-injection", test_header_injection);

  return g_test_run ();
}
