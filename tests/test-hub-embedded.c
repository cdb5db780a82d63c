/* test-hub-embedded.c: the demo hub the application starts in process */
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cpis-hub-embedded.h"
#include "cpis-hub-seed.h"
#include "cpis-nhs-number.h"
#include "cpis-test-hub.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static gint64
search_total (SoupSession *session,
              const char  *base_url,
              const char  *token,
              const char  *nhs_number)
{
  g_autofree char *url = g_strdup_printf ("%s/CareTeam?patient:identifier="
                                          "https://fhir.nhs.uk/Id/nhs-number%%7C%s",
                                          base_url, nhs_number);
  g_autoptr(CpisTestResponse) response = cpis_test_http_request (session, "GET", url, token, NULL,
                                                                 NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);
  return json_object_get_int_member (json_node_get_object (root), "total");
}

static void
test_embedded_serves_demo_data (void)
{
  g_autoptr(CpisHubEmbedded) hub = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) base = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *token = NULL;
  g_autofree char *db_path = NULL;
  CpisDemoAccount *nurse = NULL;
  GPtrArray *accounts;
  GStrv with_plan, without_plan;
  GStrv with_kinds, without_kinds;
  const char *wanted_kinds[] = { "cpp", "lac", "ended-and-active", "ended-only", "ucpp-past-due",
                                 "restricted", "name-differs" };

  hub = cpis_hub_embedded_start (60, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hub);

  /* loopback only */
  base = g_uri_parse (cpis_hub_embedded_get_base_url (hub), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_host (base), ==, "127.0.0.1");
  g_assert_cmpstr (g_uri_get_path (base), ==, "/cpis/FHIR/R4");
  db_path = g_strdup (cpis_hub_embedded_get_db_path (hub));
  g_assert_true (g_file_test (db_path, G_FILE_TEST_EXISTS));

  accounts = cpis_hub_embedded_get_demo_accounts (hub);
  g_assert_cmpuint (accounts->len, >=, 4);
  for (guint i = 0; i < accounts->len; i++)
    {
      CpisDemoAccount *account = g_ptr_array_index (accounts, i);

      if (g_str_equal (account->username, "nurse"))
        nurse = account;
    }
  g_assert_nonnull (nurse);

  with_plan = cpis_hub_embedded_get_examples (hub, TRUE);
  without_plan = cpis_hub_embedded_get_examples (hub, FALSE);
  g_assert_cmpuint (g_strv_length (with_plan), >, 0);
  g_assert_cmpuint (g_strv_length (without_plan), >, 0);

  /* one of each kind the clinician view shows differently, each said */
  with_kinds = cpis_hub_embedded_get_example_kinds (hub, TRUE);
  without_kinds = cpis_hub_embedded_get_example_kinds (hub, FALSE);
  g_assert_cmpuint (g_strv_length (with_kinds), ==, g_strv_length (with_plan));
  g_assert_cmpuint (g_strv_length (without_kinds), ==, g_strv_length (without_plan));
  for (guint i = 0; i < G_N_ELEMENTS (wanted_kinds); i++)
    g_assert_true (g_strv_contains ((const char * const *) with_kinds, wanted_kinds[i]));
  g_assert_true (g_strv_contains ((const char * const *) without_kinds, "superseded"));
  g_assert_true (g_strv_contains ((const char * const *) without_kinds, "no-record"));

  origin = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (base));
  token = cpis_test_http_sign_in (session, origin, nurse->username, nurse->password);
  g_assert_nonnull (token);

  for (guint i = 0; with_plan[i] != NULL; i++)
    {
      g_assert_true (cpis_nhs_number_is_test_range (with_plan[i]));
      g_assert_cmpint (search_total (session, cpis_hub_embedded_get_base_url (hub), token,
                                     with_plan[i]), >=, 1);
    }
  for (guint i = 0; without_plan[i] != NULL; i++)
    g_assert_cmpint (search_total (session, cpis_hub_embedded_get_base_url (hub), token,
                                   without_plan[i]), ==, 0);

  /* stopping deletes the database */
  cpis_hub_embedded_stop (hub);
  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));
}

/* A pid that was in use a moment ago and is free now */
static int
dead_pid (void)
{
  pid_t pid = fork ();
  int status;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (0);

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return (int) pid;
}

static char *
make_demo_dir (int pid)
{
  g_autofree char *template = g_build_filename (g_get_tmp_dir (), "cpis-demo-hub-XXXXXX", NULL);
  char *dir = g_mkdtemp (template) != NULL ? g_strdup (template) : NULL;
  g_autofree char *pid_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *pid_text = g_strdup_printf ("%d\n", pid);

  g_assert_nonnull (dir);
  pid_path = g_build_filename (dir, "pid", NULL);
  db_path = g_build_filename (dir, "demo-hub.db", NULL);
  g_assert_true (g_file_set_contents (pid_path, pid_text, -1, NULL));
  g_assert_true (g_file_set_contents (db_path, "synthetic", -1, NULL));

  return dir;
}

static void
remove_demo_dir (const char *dir)
{
  g_autofree char *pid_path = g_build_filename (dir, "pid", NULL);
  g_autofree char *db_path = g_build_filename (dir, "demo-hub.db", NULL);

  g_unlink (pid_path);
  g_unlink (db_path);
  g_rmdir (dir);
}

/* A demo hub killed outright leaves its folder; the next one removes it,
 * and leaves alone the folder of a hub that still runs */
static void
test_embedded_sweeps_stale_folders (void)
{
  g_autofree char *stale = make_demo_dir (dead_pid ());
  g_autofree char *live = make_demo_dir (getpid ());
  g_autoptr(CpisHubEmbedded) hub = NULL;
  g_autoptr(GError) error = NULL;

  hub = cpis_hub_embedded_start (15, &error);
  g_assert_no_error (error);

  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (live, G_FILE_TEST_IS_DIR));

  remove_demo_dir (live);
}

/* Where the exit test's child tells its parent its database path: named by
 * the parent's pid (setenv is not safe once threads run) */
static char *
exit_test_path_file (int parent_pid)
{
  g_autofree char *name = g_strdup_printf ("cpis-test-exit-%d", parent_pid);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

/* GTK calls exit() when it loses the display: the demo data goes too */
static void
test_embedded_removed_at_exit (void)
{
  g_autofree char *path_file = NULL;
  g_autofree char *db_path = NULL;

  if (g_test_subprocess ())
    {
      CpisHubEmbedded *hub = cpis_hub_embedded_start (15, NULL);
      g_autofree char *child_path_file = exit_test_path_file (getppid ());

      g_assert_nonnull (hub);
      g_assert_true (g_file_set_contents (child_path_file, cpis_hub_embedded_get_db_path (hub),
                                          -1, NULL));
      exit (1);
    }

  path_file = exit_test_path_file (getpid ());
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  g_assert_true (g_file_get_contents (path_file, &db_path, NULL, NULL));
  g_assert_true (g_str_has_suffix (db_path, "demo-hub.db"));
  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));

  g_unlink (path_file);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hub-embedded/serves-demo-data", test_embedded_serves_demo_data);
  g_test_add_func ("/hub-embedded/sweeps-stale-folders", test_embedded_sweeps_stale_folders);
  g_test_add_func ("/hub-embedded/removed-at-exit", test_embedded_removed_at_exit);

  return g_test_run ();
}
