/* test-check-command.c: `cpis-desktop --check`, the real program against
 * the real hub in-process, with no display and no keyring
 *
 * Every exit code (0 a record with plans, 1 no record, 2 could not check)
 * in both formats; an unscheduled check recorded and notified as the
 * window's is, a scheduled one read silently; a hub that has stopped, a
 * wrong password, an invalid number and no password each "could not
 * check", with the reason on standard error (and as JSON when JSON was
 * asked for); a password on the command line refused, saying how to pass
 * it, before anything is sent.
 *
 * NHS numbers are synthetic (999 range, valid check digits).
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "cpis-date.h"
#include "cpis-test-hub.h"
#include "cpis-test-util.h"

#define PASSWORD "correct horse battery"

typedef struct
{
  CpisTestHub *hub;
  char        *active;    /* a child with an active plan */
  char        *ended;     /* a child whose only plan has ended */
  char        *no_record;
  char        *ended_on;  /* "2026-11-03": a month ago, so still shown */
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->hub = cpis_test_hub_new ();
  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");
  fixture->active = cpis_test_nhs_number (11);
  fixture->ended = cpis_test_nhs_number (12);
  fixture->no_record = cpis_test_nhs_number (13);
  cpis_test_hub_add_plan (fixture->hub, fixture->active, "CPP", "2025-01-02", NULL, NULL, "LA1");
  {
    g_autoptr(GDateTime) now = g_date_time_new_now (cpis_date_uk_time_zone ());
    g_autoptr(GDateTime) month_ago = g_date_time_add_days (now, -30);

    fixture->ended_on = g_date_time_format (month_ago, "%Y-%m-%d");
  }
  cpis_test_hub_add_plan (fixture->hub, fixture->ended, "LAC", "2024-01-02", fixture->ended_on, NULL, "LA1");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cpis_test_hub_free (fixture->hub);
  g_free (fixture->active);
  g_free (fixture->ended);
  g_free (fixture->no_record);
  g_free (fixture->ended_on);
}

/* cpis-desktop with @args (NULL-terminated), @input on its standard input,
 * no display and no session bus (so no keyring), and the settings' defaults
 * but for @workstation_care ("workstation-care-setting"), unless NULL */
static void
run_check_at (Run                *run,
              const char         *input,
              const char * const *args,
              const char         *workstation_care)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  g_autofree char *config = NULL;

  if (workstation_care != NULL)
    {
      /* settings the program reads as it would a workstation's own */
      g_autofree char *group = g_strdelimit (g_strdup (APPLICATION_ID), ".", '/');
      g_autofree char *folder = NULL;
      g_autofree char *keyfile = NULL;
      g_autofree char *text = g_strdup_printf ("[%s]\nworkstation-care-setting='%s'\n", group, workstation_care);

      config = g_dir_make_tmp ("cpis-check-config-XXXXXX", &error);
      g_assert_no_error (error);
      folder = g_build_filename (config, "glib-2.0", "settings", NULL);
      g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
      keyfile = g_build_filename (folder, "keyfile", NULL);
      g_assert_true (g_file_set_contents (keyfile, text, -1, &error));
      g_assert_no_error (error);
      g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
    }
  else
    g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANG", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_ptr_array_add (argv, (char *) g_getenv ("CPIS_DESKTOP_BIN"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("exit %d\nout: %s\nerr: %s", run->status, run->out, run->err);
  if (config != NULL)
    cpis_test_remove_tree (config);
}

static void
run_check (Run                *run,
           const char         *input,
           const char * const *args)
{
  run_check_at (run, input, args, NULL);
}

static JsonObject *
parse_object (const char *text,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_active_plan (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *args[] = { "--check", fixture->active, "--hub", cpis_test_hub_get_base_url (fixture->hub),
                         "--user", "nurse", NULL };
  g_auto(Run) run = { 0 };
  gint64 accesses = cpis_test_hub_count_accesses (fixture->hub, NULL);
  gint64 notifications = cpis_test_hub_count_notifications (fixture->hub, NULL);

  run_check (&run, PASSWORD "\n", args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "ACTIVE PLAN: Child protection plan"));
  g_assert_nonnull (strstr (run.out, "Plan: Child protection plan, active, from 2 January 2025"));
  g_assert_nonnull (strstr (run.out, "Local authority: Northgate Council (LA1)"));
  g_assert_nonnull (strstr (run.out, "(unscheduled care: recorded, and the local authority told)"));
  /* the check itself, as the history now has it */
  g_assert_nonnull (strstr (run.out, "Access history (1):"));
  g_assert_nonnull (strstr (run.out, "Northgate General ED"));
  g_assert_cmpstr (run.err, ==, "");
  /* recorded and notified, as the window's check is */
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, NULL), ==, accesses + 1);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, NULL), ==, notifications + 1);
}

static void
test_active_plan_json (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *args[] = { "--check", fixture->active, "--hub", cpis_test_hub_get_base_url (fixture->hub),
                         "--user", "nurse", "--json", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *answer, *plan;

  run_check (&run, PASSWORD "\n", args);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_object (run.out, parser);
  g_assert_cmpstr (json_object_get_string_member (answer, "nhsNumber"), ==, fixture->active);
  g_assert_cmpstr (json_object_get_string_member (answer, "outcome"), ==, "plans-found");
  g_assert_true (json_object_get_boolean_member (answer, "activePlan"));
  g_assert_cmpstr (json_object_get_string_member (answer, "careSetting"), ==, "unscheduled");
  plan = json_array_get_object_element (json_object_get_array_member (answer, "plans"), 0);
  g_assert_cmpstr (json_object_get_string_member (plan, "type"), ==, "CPP");
  g_assert_true (json_object_get_boolean_member (plan, "active"));
  g_assert_cmpstr (json_object_get_string_member (plan, "start"), ==, "2025-01-02");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (plan, "localAuthority"), "odsCode"),
                   ==, "LA1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "accessHistory")), ==, 1);
  g_assert_true (json_object_get_boolean_member (answer, "accessHistoryComplete"));
}

/* an ended plan is a record (0), said as no active plan */
static void
test_ended_only (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *args[] = { "--check", fixture->ended, "--hub", cpis_test_hub_get_base_url (fixture->hub),
                         "--user", "nurse", NULL };
  g_auto(Run) run = { 0 };
  g_autofree char *ended = cpis_date_format_uk (fixture->ended_on);
  g_autofree char *line = g_strdup_printf ("Plan: Looked after child, ENDED %s (from 2 January 2024)", ended);

  run_check (&run, PASSWORD "\n", args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "NO ACTIVE PLAN: ended plans only"));
  g_assert_nonnull (strstr (run.out, line));
}

static void
test_no_record (Fixture       *fixture,
                gconstpointer  data)
{
  const char *args[] = { "--check", fixture->no_record, "--hub", cpis_test_hub_get_base_url (fixture->hub),
                         "--user", "nurse", NULL };
  const char *json_args[] = { "--check", fixture->no_record, "--hub", cpis_test_hub_get_base_url (fixture->hub),
                              "--user", "nurse", "--json", NULL };
  g_auto(Run) run = { 0 };
  g_auto(Run) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *number = g_strdup_printf ("NO RECORD: CP-IS has no plan for NHS number %.3s %.3s %.4s",
                                             fixture->no_record, fixture->no_record + 3, fixture->no_record + 6);

  run_check (&run, PASSWORD "\n", args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.out, number));

  run_check (&json, PASSWORD "\n", json_args);
  g_assert_cmpint (json.status, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (parse_object (json.out, parser), "outcome"), ==, "no-record");
}

/* scheduled care reads silently: nothing recorded, nobody told */
static void
test_scheduled (Fixture       *fixture,
                gconstpointer  data)
{
  const char *args[] = { "--check", fixture->active, "--hub", cpis_test_hub_get_base_url (fixture->hub),
                         "--user", "nurse", "--scheduled", NULL };
  g_auto(Run) run = { 0 };
  gint64 accesses = cpis_test_hub_count_accesses (fixture->hub, NULL);

  run_check (&run, PASSWORD "\n", args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "(scheduled care: not recorded)"));
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, NULL), ==, accesses);
}

/* A practice with an out-of-hours service (both kinds): silent as its kind
 * says, recorded and notified on a workstation set to unscheduled care, and
 * silent again with --scheduled whatever the workstation says */
static void
test_workstation_care (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *base = cpis_test_hub_get_base_url (fixture->hub);
  const char *args[] = { "--check", fixture->active, "--hub", base, "--user", "gp", NULL };
  const char *scheduled[] = { "--check", fixture->active, "--hub", base, "--user", "gp", "--scheduled", NULL };
  g_auto(Run) as_organisation = { 0 };
  g_auto(Run) out_of_hours = { 0 };
  g_auto(Run) told_scheduled = { 0 };

  cpis_test_hub_add_org (fixture->hub, "GP1", "Riverside Surgery", "scheduled-care", "North");
  cpis_test_hub_give_both_care_settings (fixture->hub, "GP1");
  cpis_test_hub_add_user (fixture->hub, "gp", PASSWORD, "clinician", "GP1");

  run_check (&as_organisation, PASSWORD "\n", args);
  g_assert_cmpint (as_organisation.status, ==, 0);
  g_assert_nonnull (strstr (as_organisation.out, "(scheduled care: not recorded)"));
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, fixture->active), ==, 0);

  run_check_at (&out_of_hours, PASSWORD "\n", args, "unscheduled");
  g_assert_cmpint (out_of_hours.status, ==, 0);
  g_assert_nonnull (strstr (out_of_hours.out, "(unscheduled care: recorded, and the local authority told)"));
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, fixture->active), ==, 1);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA1"), ==, 1);

  run_check_at (&told_scheduled, PASSWORD "\n", scheduled, "unscheduled");
  g_assert_cmpint (told_scheduled.status, ==, 0);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, fixture->active), ==, 1);
}

/* Could not check: never silence, never "no record" */
static void
test_not_checked (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *base = cpis_test_hub_get_base_url (fixture->hub);
  const char *args[] = { "--check", fixture->active, "--hub", base, "--user", "nurse", NULL };
  const char *json_args[] = { "--check", fixture->active, "--hub", base, "--user", "nurse", "--json", NULL };
  const char *invalid[] = { "--check", "9990000019", "--hub", base, "--user", "nurse", NULL };
  g_auto(Run) wrong = { 0 };
  g_auto(Run) none = { 0 };
  g_auto(Run) bad_number = { 0 };
  g_auto(Run) stopped = { 0 };
  g_auto(Run) stopped_json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *answer;

  run_check (&wrong, "not the password\n", args);
  g_assert_cmpint (wrong.status, ==, 2);
  g_assert_cmpstr (wrong.out, ==, "");
  g_assert_nonnull (strstr (wrong.err, "CP-IS could not be checked: could not sign in as nurse"));

  /* nothing on standard input, and no keyring to remember one */
  run_check (&none, "", args);
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "no password: pass it on standard input"));

  run_check (&bad_number, PASSWORD "\n", invalid);
  g_assert_cmpint (bad_number.status, ==, 2);
  g_assert_nonnull (strstr (bad_number.err, "CP-IS could not be checked:"));

  cpis_test_hub_stop_server (fixture->hub);
  run_check (&stopped, PASSWORD "\n", args);
  g_assert_cmpint (stopped.status, ==, 2);
  g_assert_cmpstr (stopped.out, ==, "");
  g_assert_nonnull (strstr (stopped.err, "CP-IS could not be checked:"));
  run_check (&stopped_json, PASSWORD "\n", json_args);
  g_assert_cmpint (stopped_json.status, ==, 2);
  answer = parse_object (stopped_json.out, parser);
  g_assert_cmpstr (json_object_get_string_member (answer, "outcome"), ==, "could-not-check");
  g_assert_nonnull (json_object_get_string_member (answer, "reason"));
  cpis_test_hub_restart_server (fixture->hub);
}

/* A password as an argument: refused before anything is sent, saying how */
static void
test_password_argument (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *args[] = { "--check", fixture->active, "--hub", cpis_test_hub_get_base_url (fixture->hub),
                         "--user", "nurse", "--password", PASSWORD, NULL };
  const char *stray[] = { "--user", "nurse", NULL };
  g_auto(Run) run = { 0 };
  g_auto(Run) stray_run = { 0 };
  gint64 accesses = cpis_test_hub_count_accesses (fixture->hub, NULL);

  cpis_test_hub_record_requests (fixture->hub);
  run_check (&run, "", args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "a password is never taken from the command line"));
  g_assert_nonnull (strstr (run.err, "pass it on standard input (echo PASSWORD | cpis-desktop --check"));
  {
    g_auto(GStrv) requests = cpis_test_hub_take_requests (fixture->hub);

    g_assert_cmpuint (g_strv_length (requests), ==, 0);
  }
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, NULL), ==, accesses);

  run_check (&stray_run, "", stray);
  g_assert_cmpint (stray_run.status, ==, 1);
  g_assert_nonnull (strstr (stray_run.err, "go with --check"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/check-command/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("active-plan", test_active_plan);
  ADD ("active-plan-json", test_active_plan_json);
  ADD ("ended-only", test_ended_only);
  ADD ("no-record", test_no_record);
  ADD ("scheduled", test_scheduled);
  ADD ("workstation-care", test_workstation_care);
  ADD ("not-checked", test_not_checked);
  ADD ("password-argument", test_password_argument);

#undef ADD

  return g_test_run ();
}
