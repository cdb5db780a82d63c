/* test-hub-cli.c: the real cpis-hub program, run as a user would run it
 *
 * Every command of `cpis-hub` is run as a subprocess (the binary named by
 * CPIS_HUB_BIN) on SQLite files in a temporary folder; what the commands
 * wrote is checked through the store API once the process has exited, and
 * `serve` is checked over real HTTP (and HTTPS) with libsoup.
 *
 * Nothing here depends on wall-clock timing: waits iterate the main context
 * until the awaited thing happens, with a generous limit that only turns a
 * hang into a failure.
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "cpis-hub-auth.h"
#include "cpis-hub-seed.h"
#include "cpis-hub-server.h"
#include "cpis-hub-store.h"
#include "cpis-nhs-number.h"
#include "cpis-test-hub.h"

/* A hang becomes a failure after this long */
#define WAIT_LIMIT_SECONDS 120

/* Synthetic NHS numbers (999 range, valid check digits) */
#define CHILD_A       "9994120018"
#define CHILD_B       "9994120026"
#define MOTHER_C      "9994120034"
#define NOT_IN_DEMOGRAPHICS "9994120042"
#define BAD_CHECK_DIGIT     "9994120019"

#define PASSWORD "tidal-lantern-oak-41"

#define BASE_URL_PATTERN_HTTP  "^http://127\\.0\\.0\\.1:[0-9]+/cpis/FHIR/R4$"
#define BASE_URL_PATTERN_HTTPS "^https://127\\.0\\.0\\.1:[0-9]+/cpis/FHIR/R4$"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("cpis-test-hub-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "hub.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_true (cpis_test_remove_tree (fixture->dir));
  g_free (fixture->dir);
  g_free (fixture->db);
}

static char *
fixture_path (Fixture    *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static char *
fixture_write (Fixture    *fixture,
               const char *name,
               const char *contents)
{
  char *path = fixture_path (fixture, name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Waiting without depending on timing */

static gboolean
limit_reached_cb (gpointer user_data)
{
  gboolean *reached = user_data;

  *reached = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the thread-default main context until *@done; fails the test if
 * that takes longer than WAIT_LIMIT_SECONDS */
static void
iterate_until (gboolean   *done,
               const char *what)
{
  GMainContext *context = g_main_context_get_thread_default ();
  g_autoptr(GSource) limit = g_timeout_source_new_seconds (WAIT_LIMIT_SECONDS);
  gboolean reached = FALSE;

  g_source_set_callback (limit, limit_reached_cb, &reached, NULL);
  g_source_attach (limit, context);

  while (!*done && !reached)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (limit);
  if (!*done)
    g_error ("Gave up waiting for %s after %d s", what, WAIT_LIMIT_SECONDS);
}

/* Running cpis-hub to completion */

/* LC_ALL for the next run_hub() calls; NULL: as the test runs */
static const char *run_locale;

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} Communication;

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Communication *communication = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &communication->out,
                                        &communication->err, &communication->error);
  communication->done = TRUE;
}

static const char *
hub_bin (void)
{
  const char *bin = g_getenv ("CPIS_HUB_BIN");

  g_assert_nonnull (bin);
  g_assert_true (g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE));
  return bin;
}

static GPtrArray *
hub_argv (const char *first,
          va_list     args)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  const char *arg;

  g_ptr_array_add (argv, g_strdup (hub_bin ()));
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  g_ptr_array_add (argv, NULL);

  return argv;
}

/* Runs cpis-hub with the arguments (ended by NULL), @input on its standard
 * input (NULL: none), and returns its exit status; @out and @err (optional)
 * get what it wrote. */
static int
run_hub (const char  *input,
         char       **out,
         char       **err,
         const char  *first,
         ...) G_GNUC_NULL_TERMINATED;

static int
run_hub (const char  *input,
         char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  Communication communication = { 0, };
  va_list args;

  va_start (args, first);
  argv = hub_argv (first, args);
  va_end (args);

  command = g_strjoinv (" ", (char **) argv->pdata);
  g_test_message ("running: %s", command);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (run_locale != NULL)
    g_subprocess_launcher_setenv (launcher, "LC_ALL", run_locale, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* The input first, on its own: the hub may exit before it reads it (it
   * refuses its arguments first), and a pipe it closed is not the test's
   * failure. (g_subprocess_communicate() gives up on the broken pipe, and
   * its output with it.) The inputs are a line or two, well under a pipe's
   * buffer, so this never waits on the hub. */
  if (input != NULL && *input != '\0')
    {
      g_autoptr(GError) write_error = NULL;

      if (!g_output_stream_write_all (g_subprocess_get_stdin_pipe (process), input, strlen (input),
                                      NULL, NULL, &write_error) &&
          !g_error_matches (write_error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        g_assert_no_error (write_error);
    }
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &communication);
  iterate_until (&communication.done, command);
  g_assert_no_error (communication.error);

  if (communication.err != NULL && *communication.err != '\0')
    g_test_message ("stderr: %s", communication.err);

  g_assert_true (g_subprocess_get_if_exited (process));

  if (out != NULL)
    *out = g_steal_pointer (&communication.out);
  if (err != NULL)
    *err = g_steal_pointer (&communication.err);
  g_free (communication.out);
  g_free (communication.err);

  return g_subprocess_get_exit_status (process);
}

static gboolean
matches (const char *pattern,
         const char *text)
{
  return g_regex_match_simple (pattern, text, G_REGEX_MULTILINE, 0);
}

static gchar **
lines_of (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  /* the text ends with a line break: drop the empty piece after it */
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpstr (lines[n - 1], ==, "");
  g_free (lines[n - 1]);
  lines[n - 1] = NULL;

  return g_steal_pointer (&lines);
}

/* The store, opened on a file a finished process wrote */

static void
add_org (Fixture    *fixture,
         const char *ods,
         const char *name,
         const char *kind)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (run_hub (NULL, &out, NULL, "org", "add", "--db", fixture->db, "--ods", ods,
                            "--name", name, "--kind", kind,
                            "--phone-office", "020 7946 0018",
                            "--phone-emergency", "07700 900461",
                            "--area", "North Riverside", NULL), ==, 0);
}

static void
add_user (Fixture    *fixture,
          const char *username,
          const char *role,
          const char *org)
{
  g_autofree char *input = g_strconcat (PASSWORD, "\n", NULL);

  g_assert_cmpint (run_hub (input, NULL, NULL, "user", "add", "--db", fixture->db,
                            "--username", username, "--role", role, "--org", org,
                            "--name", "Robin Example", "--job-role", "158992006|Midwifery sister",
                            NULL), ==, 0);
}

/* Help, version, usage errors */

static void
test_help (Fixture       *fixture,
           gconstpointer  data)
{
  const char * const forms[] = { "--help", "-h", "help" };
  const char * const expected[] = {
    "serve", "seed", "org add", "user add", "notifications",
    "--db", "--listen", "--tls-cert", "--tls-key",
    "--children", "--seed", "--today",
    "--ods", "--name", "--kind", "--phone-office", "--phone-emergency", "--area",
    "local-authority", "unscheduled-care", "scheduled-care",
    "--username", "--role", "--org", "--job-role",
    "clinician", "social-worker", "partnership-officer", "administrator",
    "--la",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_hub (NULL, &out, &err, forms[i], NULL), ==, 0);
      g_assert_cmpstr (err, ==, "");

      for (guint j = 0; j < G_N_ELEMENTS (expected); j++)
        {
          if (strstr (out, expected[j]) == NULL)
            g_error ("“cpis-hub %s” does not mention “%s”:\n%s", forms[i], expected[j], out);
        }

      /* the two imports, each on a line of its own */
      g_assert_true (matches ("^ *import [^\n]*patients [^\n]*\\.csv", out));
      g_assert_true (matches ("^ *import [^\n]*plans [^\n]*\\.csv", out));
    }

  /* no command at all: the usage, as an error */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_hub (NULL, &out, &err, NULL, NULL), ==, 2);
    g_assert_cmpstr (out, ==, "");
    g_assert_nonnull (strstr (err, "serve"));
  }
}

static void
test_version (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;

  g_assert_cmpint (run_hub (NULL, &out, &err, "--version", NULL), ==, 0);
  g_assert_true (matches ("\\Acpis-hub [0-9]+(\\.[0-9]+)*\n\\z", out));
  g_assert_cmpstr (err, ==, "");

  g_assert_cmpint (run_hub (NULL, &out2, NULL, "version", NULL), ==, 0);
  g_assert_cmpstr (out2, ==, out);
}

static void
test_usage_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *db = fixture->db;
  const struct
  {
    const char *args[6];
    const char *message;   /* a piece of what stderr says */
  } cases[] = {
    { { "frobnicate", "--db", db }, "frobnicate" },
    { { "org" }, "add" },
    { { "org", "remove", "--db", db }, "add" },
    { { "user", "list", "--db", db }, "add" },
    { { "seed" }, "--db" },
    { { "seed", "--db", db, "--bogus-option" }, "--bogus-option" },
    { { "serve", "--db", db }, "--listen" },
    { { "import", "--db", db, "people", "x.csv" }, "people" },
    { { "import", "--db", db, "plans" }, "plans" },
    { { "notifications" }, "--db" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char * const *a = cases[i].args;

      g_assert_cmpint (run_hub (NULL, &out, &err, a[0], a[1], a[2], a[3], a[4], a[5], NULL), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, cases[i].message));
      g_assert_true (g_str_has_prefix (err, "cpis-hub: "));
    }

  /* the database file named in a refused command line is not created */
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));
}

/* In a UTF-8 locale the hub's messages keep their typographic quotes and
 * ellipses (GLib converts g_print() output to the locale's character set,
 * which stays ASCII until the program calls setlocale()). */
static void
test_utf8_messages (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  run_locale = "C.UTF-8";
  g_assert_cmpint (run_hub (NULL, NULL, &err, "frobnicate", NULL), ==, 2);
  g_assert_cmpint (run_hub (NULL, &out, NULL, "--help", NULL), ==, 0);
  run_locale = NULL;

  g_assert_nonnull (strstr (err, "unknown command"));
  g_assert_nonnull (strstr (err, "“frobnicate”"));
  g_assert_nonnull (strstr (out, "[OPTION…]"));
}

/* org add */

static void
test_org_add (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_hub (NULL, &out, NULL, "org", "add", "--db", fixture->db,
                            "--ods", "LA901", "--name", "Riverside City Council",
                            "--kind", "local-authority",
                            "--phone-office", "020 7946 0123",
                            "--phone-emergency", "07700 900123",
                            "--area", "North Riverside", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "LA901"));

  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (fixture->db);
    g_autoptr(CpisHubOrganisation) org = NULL;
    g_autoptr(GError) error = NULL;

    org = cpis_hub_store_find_organisation (store, "LA901", &error);
    g_assert_no_error (error);
    g_assert_nonnull (org);
    g_assert_cmpstr (org->ods_code, ==, "LA901");
    g_assert_cmpstr (org->name, ==, "Riverside City Council");
    g_assert_cmpint (org->kind, ==, CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY);
    g_assert_cmpstr (org->phone_office, ==, "020 7946 0123");
    g_assert_cmpstr (org->phone_emergency, ==, "07700 900123");
    g_assert_cmpstr (org->area, ==, "North Riverside");
    cpis_hub_store_close (store);
  }

  /* the same ODS code again: an update, not a second organisation */
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "org", "add", "--db", fixture->db,
                            "--ods", "LA901", "--name", "Riverside Borough Council",
                            "--kind", "local-authority",
                            "--phone-emergency", "07700 900999", NULL), ==, 0);
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "org", "add", "--db", fixture->db,
                            "--ods", "ED901", "--name", "Riverside Royal Infirmary ED",
                            "--kind", "unscheduled-care", "--setting-kind", "emergency-department",
                            NULL), ==, 0);
  /* a kind of setting that is none, or for a setting that is not unscheduled: refused */
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "org", "add", "--db", fixture->db,
                            "--ods", "ED902", "--name", "Riverside Walk-in", "--kind", "unscheduled-care",
                            "--setting-kind", "hospital", NULL), ==, 2);
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "org", "add", "--db", fixture->db,
                            "--ods", "GP902", "--name", "Meadow Lane Surgery", "--kind", "scheduled-care",
                            "--setting-kind", "maternity", NULL), ==, 2);
  /* an update that does not name the kind keeps it */
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "org", "add", "--db", fixture->db,
                            "--ods", "ED901", "--name", "Riverside Royal Infirmary Emergency Department",
                            "--kind", "unscheduled-care", NULL), ==, 0);
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "org", "add", "--db", fixture->db,
                            "--ods", "GP901", "--name", "Meadow Lane Surgery",
                            "--kind", "scheduled-care", "--care-settings", "both", NULL), ==, 0);
  /* settings of both kinds are for care organisations; one or both, nothing else */
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "org", "add", "--db", fixture->db,
                            "--ods", "LA901", "--name", "Riverside Borough Council", "--kind", "local-authority",
                            "--care-settings", "both", NULL), ==, 2);
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "org", "add", "--db", fixture->db,
                            "--ods", "GP901", "--name", "Meadow Lane Surgery", "--kind", "scheduled-care",
                            "--care-settings", "several", NULL), ==, 2);

  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (fixture->db);
    g_autoptr(CpisHubOrganisation) org = NULL;
    g_autoptr(CpisHubOrganisation) ed = NULL;
    g_autoptr(CpisHubOrganisation) gp = NULL;
    g_autoptr(GPtrArray) all = NULL;
    g_autoptr(GError) error = NULL;

    org = cpis_hub_store_find_organisation (store, "LA901", &error);
    g_assert_no_error (error);
    g_assert_nonnull (org);
    g_assert_cmpstr (org->name, ==, "Riverside Borough Council");
    g_assert_cmpstr (org->phone_emergency, ==, "07700 900999");
    /* what the update did not mention is kept */
    g_assert_cmpstr (org->phone_office, ==, "020 7946 0123");
    g_assert_cmpstr (org->area, ==, "North Riverside");

    ed = cpis_hub_store_find_organisation (store, "ED901", &error);
    g_assert_no_error (error);
    g_assert_nonnull (ed);
    g_assert_cmpint (ed->kind, ==, CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE);
    g_assert_cmpstr (ed->setting_kind, ==, "emergency-department");
    g_assert_null (ed->phone_office);

    gp = cpis_hub_store_find_organisation (store, "GP901", &error);
    g_assert_no_error (error);
    g_assert_nonnull (gp);
    g_assert_cmpint (gp->kind, ==, CPIS_HUB_ORG_KIND_SCHEDULED_CARE);
    g_assert_true (gp->both_care_settings);
    g_assert_false (ed->both_care_settings);
    g_assert_false (org->both_care_settings);

    all = cpis_hub_store_list_organisations (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 3);
    cpis_hub_store_close (store);
  }

  /* a bad --kind: a usage error, and nothing changes */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_hub (NULL, &out, &err, "org", "add", "--db", fixture->db,
                            "--ods", "LA901", "--name", "Renamed", "--kind", "hospital",
                            NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--kind"));
  g_assert_nonnull (strstr (err, "local-authority"));

  /* empty code or name */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub (NULL, NULL, &err, "org", "add", "--db", fixture->db,
                            "--ods", " ", "--name", "Nobody", "--kind", "scheduled-care",
                            NULL), ==, 2);
  g_assert_cmpstr (err, !=, "");

  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (fixture->db);
    g_autoptr(CpisHubOrganisation) org = NULL;
    g_autoptr(GPtrArray) all = NULL;
    g_autoptr(GError) error = NULL;

    org = cpis_hub_store_find_organisation (store, "LA901", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (org->name, ==, "Riverside Borough Council");
    all = cpis_hub_store_list_organisations (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 3);
    cpis_hub_store_close (store);
  }
}

/* HTTP answers (cpis_test_http_request, from the test's own main context) */

static JsonObject *
response_object (CpisTestResponse *response,
                 JsonParser       *parser)
{
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  g_assert_no_error (response->error);
  g_assert_nonnull (response->body);
  data = g_bytes_get_data (response->body, &length);
  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_get_object (json_parser_get_root (parser));
}

/* "http://127.0.0.1:1234" from "http://127.0.0.1:1234/cpis/FHIR/R4" */
static char *
origin_of (const char *base_url)
{
  g_assert_true (g_str_has_suffix (base_url, CPIS_HUB_BASE_PATH));
  return g_strndup (base_url, strlen (base_url) - strlen (CPIS_HUB_BASE_PATH));
}

/* user add */

static void
test_user_add (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *input = g_strconcat (PASSWORD, "\n", NULL);

  add_org (fixture, "ED902", "Northgate General ED", "unscheduled-care");

  g_assert_cmpint (run_hub (input, &out, &err, "user", "add", "--db", fixture->db,
                            "--username", "r.example", "--role", "clinician", "--org", "ED902",
                            "--name", "Robin Example",
                            "--job-role", "158992006|Midwifery sister", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "r.example"));
  /* the password is never echoed */
  g_assert_null (strstr (out, PASSWORD));
  g_assert_null (strstr (err, PASSWORD));

  /* a password line ended by CRLF, and the last line without a line break */
  g_assert_cmpint (run_hub ("crlf password\r\n", NULL, NULL, "user", "add", "--db", fixture->db,
                            "--username", "crlf", "--role", "social-worker", "--org", "ED902",
                            "--name", "Casey Crlf", NULL), ==, 0);
  g_assert_cmpint (run_hub ("no line break", NULL, NULL, "user", "add", "--db", fixture->db,
                            "--username", "nobreak", "--role", "partnership-officer",
                            "--org", "ED902", "--name", "Nico Break", NULL), ==, 0);

  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (fixture->db);
    g_autoptr(CpisHubUser) user = NULL;
    g_autoptr(CpisHubUser) crlf = NULL;
    g_autoptr(CpisHubUser) nobreak = NULL;
    g_autofree char *hash = NULL;
    g_autofree char *crlf_hash = NULL;
    g_autofree char *nobreak_hash = NULL;
    g_autoptr(GError) error = NULL;

    user = cpis_hub_store_find_user (store, "r.example", &hash, &error);
    g_assert_no_error (error);
    g_assert_nonnull (user);
    g_assert_cmpint (user->role, ==, CPIS_ROLE_CLINICIAN);
    g_assert_cmpstr (user->full_name, ==, "Robin Example");
    g_assert_cmpstr (user->job_role_code, ==, "158992006");
    g_assert_cmpstr (user->job_role_display, ==, "Midwifery sister");
    g_assert_cmpstr (user->organisation->ods_code, ==, "ED902");
    /* stored hashed, not as written */
    g_assert_null (strstr (hash, PASSWORD));
    g_assert_true (cpis_hub_auth_check_password (PASSWORD, hash));
    g_assert_false (cpis_hub_auth_check_password (input, hash));

    crlf = cpis_hub_store_find_user (store, "crlf", &crlf_hash, &error);
    g_assert_no_error (error);
    g_assert_nonnull (crlf);
    g_assert_cmpint (crlf->role, ==, CPIS_ROLE_SOCIAL_WORKER);
    g_assert_true (cpis_hub_auth_check_password ("crlf password", crlf_hash));

    nobreak = cpis_hub_store_find_user (store, "nobreak", &nobreak_hash, &error);
    g_assert_no_error (error);
    g_assert_nonnull (nobreak);
    g_assert_cmpint (nobreak->role, ==, CPIS_ROLE_PARTNERSHIP_OFFICER);
    g_assert_true (cpis_hub_auth_check_password ("no line break", nobreak_hash));
    cpis_hub_store_close (store);
  }

  /* sign in over HTTP, against a hub served in this thread on that file */
  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (fixture->db);
    g_autoptr(CpisHubServer) server = cpis_hub_server_new (store);
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(CpisTestResponse) userinfo = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *token = NULL;
    g_autofree char *wrong = NULL;
    g_autofree char *url = NULL;
    g_autofree char *authorization = NULL;
    JsonObject *claims, *job_role, *organisation;

    g_assert_true (cpis_hub_server_listen (server, "127.0.0.1", 0, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (matches (BASE_URL_PATTERN_HTTP, cpis_hub_server_get_base_url (server)));

    token = cpis_test_http_sign_in (session, cpis_hub_server_get_origin (server), "r.example",
                                    PASSWORD);
    g_assert_nonnull (token);
    wrong = cpis_test_http_sign_in (session, cpis_hub_server_get_origin (server), "r.example",
                                    "not it");
    g_assert_null (wrong);

    url = g_strconcat (cpis_hub_server_get_origin (server), "/oauth2/userinfo", NULL);
    userinfo = cpis_test_http_request (session, "GET", url, token, NULL, NULL);
    g_assert_no_error (userinfo->error);
    g_assert_cmpuint (userinfo->status, ==, 200);
    claims = response_object (userinfo, parser);
    g_assert_cmpstr (json_object_get_string_member (claims, "preferred_username"), ==, "r.example");
    g_assert_cmpstr (json_object_get_string_member (claims, "name"), ==, "Robin Example");
    g_assert_cmpstr (json_object_get_string_member (claims, "cpis_role"), ==, "clinician");
    job_role = json_object_get_object_member (claims, "job_role");
    g_assert_cmpstr (json_object_get_string_member (job_role, "code"), ==, "158992006");
    organisation = json_object_get_object_member (claims, "organisation");
    g_assert_cmpstr (json_object_get_string_member (organisation, "ods_code"), ==, "ED902");
    g_assert_cmpstr (json_object_get_string_member (organisation, "kind"), ==, "unscheduled-care");

    cpis_hub_server_disconnect (server);
    g_clear_object (&session);
    g_clear_object (&server);
    /* let the closing connections finish in this context */
    while (g_main_context_iteration (NULL, FALSE))
      ;
    cpis_hub_store_close (store);
  }

  /* the same username again */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub ("other password\n", NULL, &err, "user", "add", "--db", fixture->db,
                            "--username", "r.example", "--role", "administrator",
                            "--org", "ED902", "--name", "Someone Else", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "r.example"));

  /* an unknown organisation */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub (input, NULL, &err, "user", "add", "--db", fixture->db,
                            "--username", "orphan", "--role", "clinician", "--org", "XX999",
                            "--name", "Orphan User", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "XX999"));
  g_assert_true (g_str_has_prefix (err, "cpis-hub: "));

  /* no password: an empty line, and nothing at all */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub ("\n", NULL, &err, "user", "add", "--db", fixture->db,
                            "--username", "empty", "--role", "clinician", "--org", "ED902",
                            "--name", "Empty Password", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "password"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub (NULL, NULL, &err, "user", "add", "--db", fixture->db,
                            "--username", "empty", "--role", "clinician", "--org", "ED902",
                            "--name", "Empty Password", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "password"));

  /* a bad role, a bad job role: refused before the password is read, so no
   * input (the program may exit before a write to its standard input, which
   * then fails with a broken pipe) */
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "user", "add", "--db", fixture->db,
                            "--username", "badrole", "--role", "surgeon", "--org", "ED902",
                            "--name", "Bad Role", NULL), ==, 2);
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "user", "add", "--db", fixture->db,
                            "--username", "badjob", "--role", "clinician", "--org", "ED902",
                            "--name", "Bad Job", "--job-role", "158992006", NULL), ==, 2);

  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (fixture->db);
    g_autoptr(CpisHubUser) same = NULL;
    const char * const refused[] = { "orphan", "empty", "badrole", "badjob" };
    g_autoptr(GError) error = NULL;

    same = cpis_hub_store_find_user (store, "r.example", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (same->role, ==, CPIS_ROLE_CLINICIAN);
    g_assert_cmpstr (same->full_name, ==, "Robin Example");

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autoptr(CpisHubUser) user = cpis_hub_store_find_user (store, refused[i], NULL, &error);

        g_assert_no_error (error);
        g_assert_null (user);
      }
    cpis_hub_store_close (store);
  }
}

/* import */

static const char patients_csv[] =
  "nhs_number,family_name,given_name,date_of_birth,gender,postcode\n"
  CHILD_A ",Example,Alex,2016-04-01,female,ZZ99 3AA\n"
  CHILD_B ",Sample,Bobby,2019-11-30,male,ZZ99 3AB\n"
  MOTHER_C ",Tester,Carol,1996-02-29,female,ZZ99 3AC\n";

static void
set_up_import (Fixture *fixture)
{
  g_autofree char *patients = fixture_write (fixture, "patients.csv", patients_csv);
  g_autofree char *out = NULL;

  add_org (fixture, "LA903", "Riverside City Council", "local-authority");
  add_org (fixture, "ED903", "Riverside Royal Infirmary ED", "unscheduled-care");

  g_assert_cmpint (run_hub (NULL, &out, NULL, "import", "--db", fixture->db, "patients", patients,
                            NULL), ==, 0);
  g_assert_nonnull (strstr (out, "3"));
}

static gint64
count_plans (CpisHubStore *store,
             const char   *nhs_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = cpis_hub_store_list_plans (store, nhs_number, &error);

  g_assert_no_error (error);
  return plans->len;
}

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *plans = NULL;
  g_autofree char *mixed = NULL;
  g_autofree char *bad_patients = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  set_up_import (fixture);

  plans = fixture_write (fixture, "plans.csv",
                         "nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,"
                         "end_date,due_date,la_ods_code\n"
                         CHILD_A ",Example,Alex,2016-04-01,CPP,2024-01-15,,,LA903\n"
                         CHILD_B ",Sample,Bobby,2019-11-30,LAC,2023-05-02,2025-03-01,,LA903\n"
                         MOTHER_C ",Tester,Carol,1996-02-29,UCPP,2025-01-20,,2025-07-01,LA903\n");
  g_assert_cmpint (run_hub (NULL, &out, NULL, "import", "--db", fixture->db, "plans", plans,
                            NULL), ==, 0);
  lines = lines_of (out);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, CHILD_A " CPR06");
  g_assert_cmpstr (lines[1], ==, CHILD_B " CPR06");
  g_assert_cmpstr (lines[2], ==, MOTHER_C " CPR06");
  g_assert_cmpstr (lines[3], ==, "CPF02");

  /* a file with bad records: CPF03 and exit status 1; the bad ones change nothing */
  mixed = fixture_write (fixture, "mixed.csv",
                         "nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,"
                         "end_date,due_date,la_ods_code\n"
                         NOT_IN_DEMOGRAPHICS ",Nobody,Nemo,2015-01-01,CPP,2024-01-15,,,LA903\n"
                         CHILD_A ",Example,Alex,2016-04-01,LAC,2024-09-09,,,LA903\n"
                         BAD_CHECK_DIGIT ",Example,Alex,2016-04-01,CPP,2024-01-15,,,LA903\n"
                         CHILD_B ",Wrong,Bobby,2019-11-30,CPP,2024-01-15,,,LA903\n"
                         CHILD_B ",Sample,Bobby,2019-11-30,CPP,2024-01-15,,,ED903\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&lines, g_strfreev);
  g_assert_cmpint (run_hub (NULL, &out, NULL, "import", "--db", fixture->db, "plans", mixed,
                            NULL), ==, 1);
  lines = lines_of (out);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_true (g_str_has_prefix (lines[0], NOT_IN_DEMOGRAPHICS " CPR01"));
  g_assert_cmpstr (lines[1], ==, CHILD_A " CPR06");
  g_assert_true (g_str_has_prefix (lines[2], BAD_CHECK_DIGIT " CPR03"));
  g_assert_true (g_str_has_prefix (lines[3], CHILD_B " CPR07 "));
  g_assert_true (g_str_has_prefix (lines[4], CHILD_B " CPR07 "));
  g_assert_true (g_str_has_prefix (lines[5], "CPF03"));
  /* record lines name no patient data beyond the number */
  g_assert_null (strstr (out, "Wrong"));

  /* nothing uploaded: CPF04, exit status 1 */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&lines, g_strfreev);
  g_assert_cmpint (run_hub (NULL, &out, NULL, "import", "--db", fixture->db, "plans", mixed,
                            NULL), ==, 1);
  g_assert_true (matches ("^CPF03", out));
  {
    g_autofree char *none = fixture_write (fixture, "none.csv",
                                           "nhs_number,family_name,given_name,date_of_birth,"
                                           "plan_type,start_date,end_date,due_date,la_ods_code\n"
                                           NOT_IN_DEMOGRAPHICS ",Nobody,Nemo,2015-01-01,CPP,"
                                           "2024-01-15,,,LA903\n");
    g_autofree char *wrong_header = fixture_write (fixture, "header.csv",
                                                   "nhs,plan\n" CHILD_A ",CPP\n");

    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_hub (NULL, &out, NULL, "import", "--db", fixture->db, "plans", none,
                              NULL), ==, 1);
    lines = lines_of (out);
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    g_assert_true (g_str_has_prefix (lines[1], "CPF04"));

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&lines, g_strfreev);
    g_assert_cmpint (run_hub (NULL, &out, NULL, "import", "--db", fixture->db, "plans",
                              wrong_header, NULL), ==, 1);
    lines = lines_of (out);
    g_assert_cmpuint (g_strv_length (lines), ==, 1);
    g_assert_true (g_str_has_prefix (lines[0], "CPF01"));
  }

  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (fixture->db);

    g_assert_cmpint (count_plans (store, CHILD_A), ==, 2);
    g_assert_cmpint (count_plans (store, CHILD_B), ==, 1);
    g_assert_cmpint (count_plans (store, MOTHER_C), ==, 1);
    g_assert_cmpint (count_plans (store, NOT_IN_DEMOGRAPHICS), ==, 0);
    cpis_hub_store_close (store);
  }

  /* demographics: a bad row fails the whole file */
  bad_patients = fixture_write (fixture, "bad-patients.csv",
                                "nhs_number,family_name,given_name,date_of_birth,gender,postcode\n"
                                NOT_IN_DEMOGRAPHICS ",Nobody,Nemo,2015-01-01,male,ZZ99 3AD\n"
                                BAD_CHECK_DIGIT ",Broken,Check,2015-01-01,male,ZZ99 3AE\n");
  g_assert_cmpint (run_hub (NULL, NULL, &err, "import", "--db", fixture->db, "patients",
                            bad_patients, NULL), ==, 1);
  g_assert_cmpstr (err, !=, "");
  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (fixture->db);
    g_autoptr(CpisHubPatient) patient = NULL;
    g_autoptr(CpisHubPatient) known = NULL;
    g_autoptr(GError) error = NULL;

    patient = cpis_hub_store_find_patient (store, NOT_IN_DEMOGRAPHICS, &error);
    g_assert_no_error (error);
    g_assert_null (patient);
    known = cpis_hub_store_find_patient (store, MOTHER_C, &error);
    g_assert_no_error (error);
    g_assert_nonnull (known);
    g_assert_cmpstr (known->date_of_birth, ==, "1996-02-29");
    cpis_hub_store_close (store);
  }

  /* a file that is not there */
  {
    g_autofree char *missing = fixture_path (fixture, "missing.csv");

    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_hub (NULL, NULL, &err, "import", "--db", fixture->db, "plans", missing,
                              NULL), ==, 1);
    g_assert_cmpstr (err, !=, "");
  }
}

/* seed */

typedef struct
{
  char *username;
  char *password;
  char *role;
} Account;

static void
account_free (Account *account)
{
  g_free (account->username);
  g_free (account->password);
  g_free (account->role);
  g_free (account);
}

/* The accounts `cpis-hub seed` printed, in order */
static GPtrArray *
parse_accounts (const char *out)
{
  g_autoptr(GRegex) regex = g_regex_new ("^  (\\S+) +(\\S+) +(\\S+) +\\S.*$", G_REGEX_MULTILINE,
                                         0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) account_free);

  g_regex_match (regex, out, 0, &match);
  while (g_match_info_matches (match))
    {
      Account *account = g_new0 (Account, 1);

      account->username = g_match_info_fetch (match, 1);
      account->password = g_match_info_fetch (match, 2);
      account->role = g_match_info_fetch (match, 3);
      g_ptr_array_add (accounts, account);
      g_match_info_next (match, NULL);
    }

  return accounts;
}

static const Account *
find_account (GPtrArray  *accounts,
              const char *username)
{
  for (guint i = 0; i < accounts->len; i++)
    {
      const Account *account = g_ptr_array_index (accounts, i);

      if (g_str_equal (account->username, username))
        return account;
    }

  return NULL;
}

static void
test_seed (Fixture       *fixture,
           gconstpointer  data)
{
  const struct { const char *username, *role; } demo[] = {
    { "nurse", "clinician" },
    { "gp", "clinician" },
    { "socialworker", "social-worker" },
    { "partnership", "partnership-officer" },
    { "admin", "administrator" },
  };
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *second_db = fixture_path (fixture, "second.db");
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) accounts2 = NULL;
  g_autoptr(GHashTable) passwords = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpint (run_hub (NULL, &out, NULL, "seed", "--db", fixture->db, "--children", "30",
                            "--seed", "5", "--today", "2026-11-25", NULL), ==, 0);
  accounts = parse_accounts (out);
  g_assert_cmpuint (accounts->len, ==, G_N_ELEMENTS (demo));

  for (guint i = 0; i < G_N_ELEMENTS (demo); i++)
    {
      const Account *account = find_account (accounts, demo[i].username);

      g_assert_nonnull (account);
      g_assert_cmpstr (account->role, ==, demo[i].role);
      g_assert_cmpuint (strlen (account->password), >=, 8);
      g_assert_true (g_hash_table_add (passwords, account->password));
    }

  /* the printed passwords are the accounts' passwords; the children are there */
  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (fixture->db);
    g_autoptr(GPtrArray) numbers = cpis_hub_seed_nhs_numbers (30, 5);
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < accounts->len; i++)
      {
        const Account *account = g_ptr_array_index (accounts, i);
        g_autoptr(CpisHubUser) user = NULL;
        g_autofree char *hash = NULL;

        user = cpis_hub_store_find_user (store, account->username, &hash, &error);
        g_assert_no_error (error);
        g_assert_nonnull (user);
        g_assert_cmpstr (cpis_role_to_string (user->role), ==, account->role);
        g_assert_true (cpis_hub_auth_check_password (account->password, hash));
      }

    g_assert_cmpuint (numbers->len, ==, 30);
    for (guint i = 0; i < numbers->len; i++)
      {
        const char *number = g_ptr_array_index (numbers, i);
        g_autoptr(CpisHubPatient) patient = cpis_hub_store_find_patient (store, number, &error);

        g_assert_no_error (error);
        g_assert_nonnull (patient);
        g_assert_true (g_str_has_prefix (number, "999"));
        g_assert_true (cpis_nhs_number_is_valid (number));
      }

    /* the demographics to try, printed as the store holds them */
    {
      g_autoptr(GRegex) regex = g_regex_new ("restricted \\(address withheld\\), with a plan: "
                                             "(999[0-9]{7})\n.*superseded: (999[0-9]{7}), now "
                                             "(999[0-9]{7}), with a plan\n.*plan uploaded under "
                                             "another name: (999[0-9]{7})\n",
                                             G_REGEX_DOTALL, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *restricted = NULL;
      g_autofree char *superseded = NULL;
      g_autofree char *current = NULL;
      g_autofree char *name_differs = NULL;
      g_autoptr(CpisHubPatient) restricted_patient = NULL;
      g_autoptr(CpisHubPatient) old = NULL;

      g_assert_true (g_regex_match (regex, out, 0, &match));
      restricted = g_match_info_fetch (match, 1);
      superseded = g_match_info_fetch (match, 2);
      current = g_match_info_fetch (match, 3);
      name_differs = g_match_info_fetch (match, 4);

      restricted_patient = cpis_hub_store_find_patient (store, restricted, &error);
      g_assert_no_error (error);
      g_assert_true (restricted_patient->restricted);
      old = cpis_hub_store_find_patient (store, superseded, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (old->superseded_by, ==, current);
      g_assert_true (cpis_nhs_number_is_valid (name_differs));
      g_assert_true (cpis_nhs_number_is_valid (superseded));
    }
    cpis_hub_store_close (store);
  }

  /* the same arguments on a new file: the same passwords */
  g_assert_cmpint (run_hub (NULL, &out2, NULL, "seed", "--db", second_db, "--children", "30",
                            "--seed", "5", "--today", "2026-11-25", NULL), ==, 0);
  accounts2 = parse_accounts (out2);
  g_assert_cmpuint (accounts2->len, ==, accounts->len);
  for (guint i = 0; i < accounts->len; i++)
    {
      const Account *first = g_ptr_array_index (accounts, i);
      const Account *again = find_account (accounts2, first->username);

      g_assert_nonnull (again);
      g_assert_cmpstr (again->password, ==, first->password);
      g_assert_cmpstr (again->role, ==, first->role);
    }
  g_assert_cmpstr (out2, ==, out);

  /* usage errors */
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "seed", "--db", second_db, "--today", "2026-02-30",
                            NULL), ==, 2);
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "seed", "--db", second_db, "--children", "-1",
                            NULL), ==, 2);
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "seed", "--db", second_db, "--seed", "-5",
                            NULL), ==, 2);
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "seed", "--db", second_db, "--scale", "huge", NULL), ==, 2);
  /* the national seed writes a new file only: the demo hub's is refused, untouched */
  {
    g_autofree char *err = NULL;
    g_autoptr(CpisHubStore) store = NULL;
    g_autoptr(GPtrArray) organisations = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (run_hub (NULL, NULL, &err, "seed", "--db", second_db, "--scale", "national", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "already exists"));
    store = cpis_test_store_open (second_db);
    organisations = cpis_hub_store_list_organisations (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (organisations->len, <, 152);
    cpis_hub_store_close (store);
  }
}

/* notifications */

static void
test_notifications (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *empty_db = fixture_path (fixture, "empty.db");
  g_autoptr(GError) error = NULL;
  gint64 expected;

  g_assert_cmpint (run_hub (NULL, NULL, NULL, "seed", "--db", fixture->db, "--children", "30",
                            "--seed", "5", "--today", "2026-11-25", NULL), ==, 0);

  g_assert_cmpint (run_hub (NULL, &out, NULL, "notifications", "--db", fixture->db, NULL), ==, 0);
  g_assert_true (matches ("\\A[0-9]+\n\\z", out));

  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (fixture->db);

    expected = cpis_test_store_count_notifications (store, NULL);
    cpis_hub_store_close (store);
  }
  g_assert_cmpint (g_ascii_strtoll (out, NULL, 10), ==, expected);

  /* one LA's, and an LA with none */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_hub (NULL, &out, NULL, "notifications", "--db", fixture->db,
                            "--la", "NONE99", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "0\n");

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_hub (NULL, &out, NULL, "notifications", "--db", empty_db, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "0\n");
}

/* serve */

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *lines;
  char             *base_url;
  char             *origin;
} Server;

static void
server_free (Server *server)
{
  if (server->process != NULL && g_subprocess_get_identifier (server->process) != NULL)
    g_subprocess_force_exit (server->process);
  g_clear_object (&server->lines);
  g_clear_object (&server->process);
  g_free (server->base_url);
  g_free (server->origin);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

typedef struct
{
  gboolean  done;
  char     *line;
  GError   *error;
} LineRead;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, &read->error);
  read->done = TRUE;
}

/* Starts `cpis-hub serve --db DB` with more arguments (ended by NULL) and
 * reads the first line of its output: the base URL (NULL if it printed none) */
static Server *
server_start (Fixture    *fixture,
              const char *first,
              ...) G_GNUC_NULL_TERMINATED;

static Server *
server_start (Fixture    *fixture,
              const char *first,
              ...)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  LineRead read = { 0, };
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_strdup (hub_bin ()));
  g_ptr_array_add (argv, g_strdup ("serve"));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (fixture->db));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  command = g_strjoinv (" ", (char **) argv->pdata);
  g_test_message ("starting: %s", command);

  /* stderr is inherited: the hub's log goes to the test's log */
  server->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  server->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));

  g_data_input_stream_read_line_async (server->lines, G_PRIORITY_DEFAULT, NULL, line_read_cb, &read);
  iterate_until (&read.done, "the first line of cpis-hub serve");
  g_assert_no_error (read.error);

  server->base_url = read.line;
  if (server->base_url != NULL)
    {
      g_test_message ("serving at %s", server->base_url);
      if (g_str_has_suffix (server->base_url, CPIS_HUB_BASE_PATH))
        server->origin = origin_of (server->base_url);
    }

  return server;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Wait;

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &wait->error);
  wait->done = TRUE;
}

/* Waits for the hub to exit (failing the test if it does not) */
static void
server_wait (Server *server)
{
  Wait wait = { 0, };

  g_subprocess_wait_async (server->process, NULL, waited_cb, &wait);
  iterate_until (&wait.done, "cpis-hub serve to exit");
  g_assert_no_error (wait.error);
}

static void
assert_unauthorised_care_team (SoupSession *session,
                               const char  *base_url)
{
  g_autofree char *url = g_strconcat (base_url, "/CareTeam?patient:identifier="
                                      "https://fhir.nhs.uk/Id/nhs-number%7C" CHILD_A, NULL);
  g_autoptr(CpisTestResponse) response = cpis_test_http_request (session, "GET", url, NULL, NULL,
                                                                 NULL);

  cpis_test_assert_outcome (response, 401, "UNAUTHORISED");
  g_assert_nonnull (soup_message_headers_get_one (response->headers, "Date"));
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Cache-Control"), ==,
                   "no-store");
}

static void
test_serve_stops_on_signal (Fixture       *fixture,
                            gconstpointer  data)
{
  int signum = GPOINTER_TO_INT (data);
  g_autoptr(Server) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *rest = NULL;

  /* a database that does not exist yet is created */
  server = server_start (fixture, "--listen", "127.0.0.1:0", NULL);
  g_assert_nonnull (server->base_url);
  g_assert_true (matches (BASE_URL_PATTERN_HTTP, server->base_url));
  g_assert_true (g_file_test (fixture->db, G_FILE_TEST_EXISTS));

  assert_unauthorised_care_team (session, server->base_url);

  g_subprocess_send_signal (server->process, signum);
  server_wait (server);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);

  /* nothing more was printed after the base URL */
  rest = g_data_input_stream_read_upto (server->lines, "", 1, NULL, NULL, NULL);
  g_assert_true (rest == NULL || *rest == '\0');

  /* and the file it leaves opens */
  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (fixture->db);

    cpis_hub_store_close (store);
  }
}

static void
test_serve_refuses_plain_http_off_loopback (Fixture       *fixture,
                                            gconstpointer  data)
{
  const char * const hosts[] = { "0.0.0.0:0", "[::]:0" };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_hub (NULL, &out, &err, "serve", "--db", fixture->db,
                                "--listen", hosts[i], NULL), ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, "loopback"));
    }

  /* malformed --listen, and a certificate without its key */
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "serve", "--db", fixture->db,
                            "--listen", "127.0.0.1", NULL), ==, 2);
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "serve", "--db", fixture->db,
                            "--listen", "127.0.0.1:70000", NULL), ==, 2);
  g_assert_cmpint (run_hub (NULL, NULL, NULL, "serve", "--db", fixture->db,
                            "--listen", "127.0.0.1:0", "--tls-cert", fixture->db, NULL), ==, 1);
}

static void
test_serve_tls (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr(Server) server = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupSession) untrusting = soup_session_new ();
  g_autoptr(GError) error = NULL;

  if (!cpis_test_make_certificate (fixture->dir, "server", &cert, &key))
    return;

  server = server_start (fixture, "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key,
                         NULL);
  g_assert_nonnull (server->base_url);
  g_assert_true (matches (BASE_URL_PATTERN_HTTPS, server->base_url));

  database = g_tls_file_database_new (cert, &error);
  g_assert_no_error (error);
  soup_session_set_tls_database (session, database);
  assert_unauthorised_care_team (session, server->base_url);

  /* a client that trusts only another certificate gets no answer */
  {
    g_autofree char *url = g_strconcat (server->base_url, "/CareTeam", NULL);
    g_autofree char *other_cert = NULL;
    g_autofree char *other_key = NULL;
    g_autoptr(GTlsDatabase) other = NULL;
    g_autoptr(CpisTestResponse) response = NULL;

    if (!cpis_test_make_certificate (fixture->dir, "other", &other_cert, &other_key))
      return;
    other = g_tls_file_database_new (other_cert, &error);
    g_assert_no_error (error);
    soup_session_set_tls_database (untrusting, other);
    response = cpis_test_http_request (untrusting, "GET", url, NULL, NULL, NULL);
    g_assert_error (response->error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  }

  g_subprocess_send_signal (server->process, SIGTERM);
  server_wait (server);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
}

/* Every answered unscheduled check is on disk, even after SIGKILL */
static void
test_serve_durable_after_kill (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *plans = NULL;
  g_autofree char *out = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *trace_id = g_uuid_string_random ();
  g_autoptr(Server) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();

  set_up_import (fixture);
  add_user (fixture, "triage", "clinician", "ED903");
  plans = fixture_write (fixture, "plans.csv",
                         "nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,"
                         "end_date,due_date,la_ods_code\n"
                         CHILD_A ",Example,Alex,2016-04-01,CPP,2024-01-15,,,LA903\n");
  g_assert_cmpint (run_hub (NULL, &out, NULL, "import", "--db", fixture->db, "plans", plans,
                            NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_hub (NULL, &out, NULL, "notifications", "--db", fixture->db, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "0\n");

  server = server_start (fixture, "--listen", "127.0.0.1:0", NULL);
  g_assert_nonnull (server->origin);
  token = cpis_test_http_sign_in (session, server->origin, "triage", PASSWORD);
  g_assert_nonnull (token);

  url = g_strconcat (server->base_url, "/CareTeam?patient:identifier="
                     "https://fhir.nhs.uk/Id/nhs-number%7C" CHILD_A, NULL);

  /* a scheduled (silent) read first: it writes nothing */
  {
    g_autoptr(CpisTestResponse) response =
      cpis_test_http_request (session, "GET", url, token, NULL,
                              "IsUnscheduledAccessEvent", "false", NULL);
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_no_error (response->error);
    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (response_object (response, parser), "total"), ==, 1);
  }

  /* the unscheduled check */
  {
    g_autoptr(CpisTestResponse) response =
      cpis_test_http_request (session, "GET", url, token, NULL,
                              "IsUnscheduledAccessEvent", "true",
                              "TraceID", trace_id, NULL);
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *bundle;

    g_assert_no_error (response->error);
    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                     "application/fhir+json");
    g_assert_cmpstr (soup_message_headers_get_one (response->headers, "TraceID"), ==, trace_id);
    bundle = response_object (response, parser);
    g_assert_cmpstr (json_object_get_string_member (bundle, "resourceType"), ==, "Bundle");
    g_assert_cmpint (json_object_get_int_member (bundle, "total"), ==, 1);
  }

  /* no chance to tidy up */
  g_subprocess_force_exit (server->process);
  server_wait (server);
  g_assert_true (g_subprocess_get_if_signaled (server->process));
  g_assert_cmpint (g_subprocess_get_term_sig (server->process), ==, SIGKILL);

  {
    g_autoptr(CpisHubStore) store = cpis_test_store_open (fixture->db);
    g_autoptr(GPtrArray) accesses = NULL;
    g_autoptr(GError) error = NULL;
    CpisHubAccess *access;

    g_assert_cmpint (cpis_test_store_count_accesses (store, CHILD_A), ==, 1);
    g_assert_cmpint (cpis_test_store_count_notifications (store, "LA903"), ==, 1);
    g_assert_cmpint (cpis_test_store_count_notifications (store, NULL), ==, 1);

    accesses = cpis_hub_store_list_accesses (store, CHILD_A, 25, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (accesses->len, ==, 1);
    access = g_ptr_array_index (accesses, 0);
    g_assert_cmpstr (access->nhs_number, ==, CHILD_A);
    g_assert_cmpstr (access->viewer_name, ==, "Robin Example");
    g_assert_cmpstr (access->org_ods_code, ==, "ED903");
    cpis_hub_store_close (store);
  }

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_hub (NULL, &out, NULL, "notifications", "--db", fixture->db,
                            "--la", "LA903", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "1\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* a hub that exits before reading its input closes the pipe: that is an
   * error to look at (above), not a signal that kills the test */
  signal (SIGPIPE, SIG_IGN);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_DATA(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/hub/cli/help", test_help);
  ADD ("/hub/cli/version", test_version);
  ADD ("/hub/cli/usage-errors", test_usage_errors);
  ADD ("/hub/cli/org-add", test_org_add);
  ADD ("/hub/cli/user-add", test_user_add);
  ADD ("/hub/cli/import", test_import);
  ADD ("/hub/cli/seed", test_seed);
  ADD ("/hub/cli/notifications", test_notifications);
  ADD_DATA ("/hub/cli/serve/sigterm", GINT_TO_POINTER (SIGTERM), test_serve_stops_on_signal);
  ADD_DATA ("/hub/cli/serve/sigint", GINT_TO_POINTER (SIGINT), test_serve_stops_on_signal);
  ADD ("/hub/cli/serve/loopback-only", test_serve_refuses_plain_http_off_loopback);
  ADD ("/hub/cli/serve/tls", test_serve_tls);
  ADD ("/hub/cli/serve/durable-after-kill", test_serve_durable_after_kill);
  /* last: it fails until cpis-hub calls setlocale(), and a failure ends the run */
  ADD ("/hub/cli/locale/utf8-messages", test_utf8_messages);

#undef ADD
#undef ADD_DATA

  return g_test_run ();
}
