/* cpis-hub-cli.c: the cpis-hub command line
 *
 * Exit status: 0 success, 1 the command failed, 2 the command line is wrong.
 */
#include "cpis-hub-cli.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "cpis-date.h"
#include "cpis-hub-auth.h"
#include "cpis-hub-import.h"
#include "cpis-hub-seed.h"
#include "cpis-hub-seed-national.h"
#include "cpis-hub-server.h"
#include "cpis-hub-setting-kind.h"
#include "cpis-nhs-number.h"
#include "cpis-hub-store.h"

#define EXIT_USAGE 2

static const char usage_text[] =
  "Usage: cpis-hub COMMAND [OPTION…]\n"
  "\n"
  "The reference CP-IS hub: the national CP-IS FHIR R4 API, and demographics\n"
  "in the shape of the PDS FHIR API, served from SQLite.\n"
  "\n"
  "Commands:\n"
  "  serve --db FILE --listen HOST:PORT [--tls-cert FILE --tls-key FILE]\n"
  "        [--token-lifetime SECONDS] [--header-timeout SECONDS]\n"
  "        [--idle-timeout SECONDS] [--min-body-rate BYTES]\n"
  "        [--max-connections N] [--max-connections-per-peer N]\n"
  "      Serve the API. Port 0 picks a free port. The first line of standard\n"
  "      output is the base URL, printed once connections are accepted. Plain\n"
  "      HTTP is served on loopback addresses only. Stops on SIGTERM or SIGINT.\n"
  "      A client must send a request's headers within --header-timeout (10),\n"
  "      the next request's within --idle-timeout (30) of the last answer, and a\n"
  "      body at --min-body-rate bytes a second (4096) or faster; at most\n"
  "      --max-connections connections (0, the default: as many as the\n"
  "      descriptor limit allows) and --max-connections-per-peer from one\n"
  "      address (1024). Past a cap, or out of descriptors, 503.\n"
  "  seed --db FILE [--children N] [--seed S] [--today YYYY-MM-DD]\n"
  "  seed --db NEW-FILE --scale national [--seed S] [--today YYYY-MM-DD]\n"
  "      Add deterministic synthetic data and one demo account per role, and\n"
  "      print the demo accounts with their passwords.\n"
  "  org add --db FILE --ods CODE --name NAME --kind KIND [--phone-office TEL]\n"
  "          [--phone-emergency TEL] [--area AREA] [--setting-kind SETTING]\n"
  "          [--care-settings one|both]\n"
  "      Add or update an organisation. KIND: local-authority, unscheduled-care,\n"
  "      scheduled-care. SETTING (unscheduled care): emergency-department,\n"
  "      urgent-treatment-centre, minor-injury-unit, walk-in-centre,\n"
  "      gp-out-of-hours, nhs-111, ambulance, maternity, paediatric-ward.\n"
  "      --care-settings both: a care organisation with settings of both kinds\n"
  "      (an emergency department and outpatient clinics): each of its\n"
  "      workstations says which it is, starting as KIND says.\n"
  "  user add --db FILE --username U --role ROLE --org CODE --name \"FULL NAME\"\n"
  "           [--job-role \"SNOMEDCODE|Display\"]\n"
  "      Add a user; the password is read from standard input (one line).\n"
  "      ROLE: clinician, social-worker, partnership-officer, administrator.\n"
  "  user disable --db FILE --username U\n"
  "  user enable --db FILE --username U\n"
  "      Disable an account (someone who left), or enable it again: a disabled\n"
  "      user cannot sign in, their sessions end, and they are no longer offered\n"
  "      as a social worker to assign notifications to. What they did stays.\n"
  "  team add --db FILE --la CODE --id ID --name NAME\n"
  "      Add a team to a local authority (or rename it): notifications can be\n"
  "      assigned to it. ID: letters, digits, '.', '-' and '_' (at most 64), unique.\n"
  "  team list --db FILE [--la CODE]\n"
  "      Print the teams (of one local authority): LA, id, name.\n"
  "  import --db FILE patients FILE.csv\n"
  "      Import demographics (nhs_number,family_name,given_name,date_of_birth,\n"
  "      gender,postcode, then optionally restricted and superseded_by). All\n"
  "      rows or none.\n"
  "  import --db FILE plans FILE.csv\n"
  "      Import plans as an LA uploads them (nhs_number,family_name,given_name,\n"
  "      date_of_birth,plan_type,start_date,end_date,due_date,la_ods_code).\n"
  "      Prints a CP-IS record code per record and the file code last; exits 0\n"
  "      only when every record was uploaded (CPF02).\n"
  "  patient retire --db FILE --nhs NUMBER [--replaced-by NUMBER]\n"
  "      Mark an NHS number as no longer in use: later plan uploads on it are\n"
  "      refused (CPR05), and each local authority holding a plan on it gets\n"
  "      an Inactive NHS Number Notification (with the replacement, if given).\n"
  "      A number retired without a replacement may be given one later.\n"
  "  notifications --db FILE [--la CODE]\n"
  "      Print how many Access to Service Notifications there are (for one LA).\n"
  "  help, --help     Show this help.\n"
  "  version, --version\n";

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("cpis-hub: %s\nTry “cpis-hub --help”.\n", message);
  return EXIT_USAGE;
}

static int
failure (const char *what,
         GError     *error)
{
  g_printerr ("cpis-hub: %s: %s\n", what, error != NULL ? error->message : "failed");
  return EXIT_FAILURE;
}

/* Parses @options out of @argv (a copy: GOptionContext rearranges it).
 * Returns -1 on success, or the exit status after reporting a usage error. */
static int
parse_options (int           *argc,
               char        ***argv,
               GOptionEntry  *options)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    return usage_error ("%s", error->message);

  return -1;
}

static CpisHubStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  CpisHubStore *store = cpis_hub_store_open (path, &error);

  if (store == NULL)
    failure ("cannot open the database", error);

  return store;
}

/* serve */

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* "127.0.0.1:8443", "[::1]:0", "localhost:0" */
static gboolean
split_listen (const char  *listen,
              char       **host,
              guint       *port)
{
  const char *colon = strrchr (listen, ':');
  guint64 value;

  if (colon == NULL || colon == listen)
    return FALSE;
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXUINT16, &value, NULL))
    return FALSE;

  *host = g_strndup (listen, colon - listen);
  *port = (guint) value;
  return TRUE;
}

static int
run_serve (int    argc,
           char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *host = NULL;
  int token_lifetime = CPIS_HUB_DEFAULT_TOKEN_LIFETIME_SECONDS;
  int header_timeout = CPIS_HUB_LISTENER_HEADER_SECONDS;
  int idle_timeout = CPIS_HUB_LISTENER_IDLE_SECONDS;
  int min_body_rate = CPIS_HUB_LISTENER_MIN_BODY_RATE;
  int max_connections = 0;
  int max_per_peer = CPIS_HUB_LISTENER_MAX_PER_PEER;
  CpisHubListenerLimits limits;
  GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, NULL, NULL },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, NULL, NULL },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, NULL, NULL },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, NULL, NULL },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &token_lifetime, NULL, NULL },
    { "header-timeout", 0, 0, G_OPTION_ARG_INT, &header_timeout, NULL, NULL },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle_timeout, NULL, NULL },
    { "min-body-rate", 0, 0, G_OPTION_ARG_INT, &min_body_rate, NULL, NULL },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections, NULL, NULL },
    { "max-connections-per-peer", 0, 0, G_OPTION_ARG_INT, &max_per_peer, NULL, NULL },
    { NULL }
  };
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(CpisHubServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  guint port = 0;
  guint sigterm_id, sigint_id;
  int status;

  if ((status = parse_options (&argc, &argv, options)) >= 0)
    return status;
  if (argc > 1)
    return usage_error ("serve: unexpected argument “%s”", argv[1]);
  if (db == NULL || listen == NULL)
    return usage_error ("serve needs --db FILE and --listen HOST:PORT");
  if (!split_listen (listen, &host, &port))
    return usage_error ("--listen takes HOST:PORT, e.g. 127.0.0.1:8443 (port 0 picks one)");
  if (token_lifetime <= 0)
    return usage_error ("--token-lifetime takes a positive number of seconds");
  if (header_timeout <= 0 || idle_timeout <= 0 || min_body_rate <= 0)
    return usage_error ("--header-timeout, --idle-timeout and --min-body-rate take positive numbers");
  if (max_connections < 0 || max_per_peer <= 0)
    return usage_error ("--max-connections takes a number (0: as the descriptor limit allows), "
                        "--max-connections-per-peer a positive one");

  store = open_store (db);
  if (store == NULL)
    return EXIT_FAILURE;

  server = cpis_hub_server_new (store);
  cpis_hub_server_set_token_lifetime (server, token_lifetime);
  cpis_hub_listener_limits_init (&limits);
  limits.header_seconds = (guint) header_timeout;
  limits.idle_seconds = (guint) idle_timeout;
  limits.min_body_bytes_per_second = (guint) min_body_rate;
  limits.max_connections = (guint) max_connections;
  limits.max_connections_per_peer = (guint) max_per_peer;
  cpis_hub_server_set_limits (server, &limits);
  if (!cpis_hub_server_listen (server, host, port, tls_cert, tls_key, &error))
    return failure ("cannot listen", error);

  loop = g_main_loop_new (NULL, FALSE);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);

  g_print ("%s\n", cpis_hub_server_get_base_url (server));
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);
  cpis_hub_server_disconnect (server);
  /* lets queued writes commit before the files close */
  cpis_hub_store_close (store);

  return EXIT_SUCCESS;
}

/* seed */

/* England's volume, in a new file: the area figures' benchmark */
static int
run_seed_national (const char  *db,
                   guint32      seed,
                   const GDate *today)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  CpisHubNationalScale scale;
  CpisHubNationalSummary summary = { 0 };
  gint64 started = g_get_monotonic_time ();

  cpis_hub_national_scale_init (&scale);
  g_print ("Seeding at national scale: %u LAs in %u areas, %u settings, %u children on plans, %u accesses "
           "over %u days…\n",
           scale.n_las, scale.n_areas, scale.n_settings, scale.n_children, scale.n_accesses, scale.n_days);
  accounts = cpis_hub_seed_national (db, &scale, seed, today, &summary, &error);
  if (accounts == NULL)
    return failure ("seeding failed", error);

  g_print ("Seeded %u organisations, %u plans, %u accesses and %u notifications in %.0f s (seed %u).\n",
           summary.n_organisations, summary.n_plans, summary.n_accesses, summary.n_notifications,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC, seed);
  g_print ("The area of 10 LAs: %s\n", summary.big_area);
  g_print ("Demo accounts (synthetic data only):\n");
  for (guint i = 0; i < accounts->len; i++)
    {
      CpisDemoAccount *account = g_ptr_array_index (accounts, i);

      g_print ("  %-14s %-26s %-20s %s\n", account->username, account->password,
               cpis_role_to_string (account->role), account->description);
    }
  cpis_hub_national_summary_clear (&summary);
  return EXIT_SUCCESS;
}

static int
run_seed (int    argc,
          char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *scale = NULL;
  int children = 200;
  gint64 seed = 1;
  GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, NULL, NULL },
    { "children", 0, 0, G_OPTION_ARG_INT, &children, NULL, NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, NULL, NULL },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, NULL, NULL },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale, NULL, NULL },
    { NULL }
  };
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;
  int status;

  if ((status = parse_options (&argc, &argv, options)) >= 0)
    return status;
  if (argc > 1)
    return usage_error ("seed: unexpected argument “%s”", argv[1]);
  if (db == NULL)
    return usage_error ("seed needs --db FILE");
  if (children < 0 || children > 1000000)
    return usage_error ("--children takes a number from 0 to 1000000");
  if (seed < 0 || seed > G_MAXUINT32)
    return usage_error ("--seed takes a whole number from 0 to %u", G_MAXUINT32);

  if (today_text != NULL)
    {
      if (!cpis_date_parse (today_text, &today) || !cpis_date_is_valid (today_text))
        return usage_error ("--today takes a date, YYYY-MM-DD");
    }
  else
    cpis_date_today_uk (&today);

  if (scale != NULL && !g_str_equal (scale, "demo"))
    {
      if (!g_str_equal (scale, "national"))
        return usage_error ("--scale takes demo or national");
      return run_seed_national (db, (guint32) seed, &today);
    }

  store = open_store (db);
  if (store == NULL)
    return EXIT_FAILURE;

  accounts = cpis_hub_seed (store, children, (guint32) seed, &today, &error);
  if (accounts == NULL)
    return failure ("seeding failed", error);

  g_print ("Seeded %d children (seed %" G_GINT64_FORMAT ").\n", children, seed);
  g_print ("Demo accounts (synthetic data only):\n");
  for (guint i = 0; i < accounts->len; i++)
    {
      CpisDemoAccount *account = g_ptr_array_index (accounts, i);

      g_print ("  %-14s %-26s %-20s %s\n", account->username, account->password,
               cpis_role_to_string (account->role), account->description);
    }

  {
    g_auto(GStrv) with_plan = cpis_hub_seed_examples (store, children, (guint32) seed, &today,
                                                      TRUE, 5);
    g_auto(GStrv) without_plan = cpis_hub_seed_examples (store, children, (guint32) seed, &today,
                                                         FALSE, 5);
    g_autofree char *with_text = g_strjoinv (" ", with_plan);
    g_autofree char *without_text = g_strjoinv (" ", without_plan);

    g_autoptr(CpisHubSeedDemographicsExamples) demographics =
      cpis_hub_seed_demographics_examples (store, children, (guint32) seed, &today);

    g_print ("NHS numbers to try: with a plan to show: %s\n", with_text);
    g_print ("                    with no record: %s\n", without_text);
    if (demographics->restricted != NULL)
      g_print ("                    restricted (address withheld), with a plan: %s\n",
               demographics->restricted);
    if (demographics->superseded != NULL)
      g_print ("                    superseded: %s, now %s, with a plan\n",
               demographics->superseded, demographics->current);
    if (demographics->name_differs != NULL)
      g_print ("                    plan uploaded under another name: %s\n",
               demographics->name_differs);
  }

  cpis_hub_store_close (store);
  return EXIT_SUCCESS;
}

/* org add */

static int
run_org_add (int    argc,
             char **argv)
{
  g_autofree char *db = NULL, *ods = NULL, *name = NULL, *kind_text = NULL;
  g_autofree char *phone_office = NULL, *phone_emergency = NULL, *area = NULL;
  g_autofree char *setting_kind = NULL, *care_settings = NULL;
  GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, NULL, NULL },
    { "ods", 0, 0, G_OPTION_ARG_STRING, &ods, NULL, NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, NULL, NULL },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, NULL, NULL },
    { "phone-office", 0, 0, G_OPTION_ARG_STRING, &phone_office, NULL, NULL },
    { "phone-emergency", 0, 0, G_OPTION_ARG_STRING, &phone_emergency, NULL, NULL },
    { "area", 0, 0, G_OPTION_ARG_STRING, &area, NULL, NULL },
    { "setting-kind", 0, 0, G_OPTION_ARG_STRING, &setting_kind, NULL, NULL },
    { "care-settings", 0, 0, G_OPTION_ARG_STRING, &care_settings, NULL, NULL },
    { NULL }
  };
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(CpisHubOrganisation) org = NULL;
  g_autoptr(GError) error = NULL;
  CpisHubOrgKind kind;
  int status;

  if ((status = parse_options (&argc, &argv, options)) >= 0)
    return status;
  if (argc > 1)
    return usage_error ("org add: unexpected argument “%s”", argv[1]);
  if (db == NULL || ods == NULL || name == NULL || kind_text == NULL)
    return usage_error ("org add needs --db, --ods, --name and --kind");
  if (!cpis_hub_org_kind_from_string (kind_text, &kind))
    return usage_error ("--kind is one of local-authority, unscheduled-care, scheduled-care");
  if (*g_strstrip (ods) == '\0' || *g_strstrip (name) == '\0')
    return usage_error ("--ods and --name cannot be empty");
  if (setting_kind != NULL && !cpis_hub_setting_kind_is_known (setting_kind))
    return usage_error ("--setting-kind is not a known kind of setting (see --help)");
  if (setting_kind != NULL && kind != CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE)
    return usage_error ("--setting-kind is for unscheduled-care settings only");
  if (care_settings != NULL && !g_str_equal (care_settings, "one") && !g_str_equal (care_settings, "both"))
    return usage_error ("--care-settings is one or both");
  if (care_settings != NULL && g_str_equal (care_settings, "both") && kind == CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY)
    return usage_error ("--care-settings both is for care organisations, not local authorities");

  store = open_store (db);
  if (store == NULL)
    return EXIT_FAILURE;

  /* an update keeps what the command line does not mention */
  org = cpis_hub_store_find_organisation (store, ods, &error);
  if (error != NULL)
    return failure ("cannot read organisations", error);
  if (org == NULL)
    org = g_new0 (CpisHubOrganisation, 1);

  g_free (org->ods_code);
  org->ods_code = g_strdup (ods);
  g_free (org->name);
  org->name = g_strdup (name);
  org->kind = kind;
  if (phone_office != NULL)
    {
      g_free (org->phone_office);
      org->phone_office = g_strdup (phone_office);
    }
  if (phone_emergency != NULL)
    {
      g_free (org->phone_emergency);
      org->phone_emergency = g_strdup (phone_emergency);
    }
  if (area != NULL)
    {
      g_free (org->area);
      org->area = g_strdup (area);
    }
  if (setting_kind != NULL)
    {
      g_free (org->setting_kind);
      org->setting_kind = g_strdup (setting_kind);
    }
  else if (kind != CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE)
    g_clear_pointer (&org->setting_kind, g_free);
  if (care_settings != NULL)
    org->both_care_settings = g_str_equal (care_settings, "both");
  if (kind == CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY)
    org->both_care_settings = FALSE;

  if (!cpis_hub_store_put_organisation (store, org, &error))
    return failure ("cannot store the organisation", error);

  g_print ("%s %s (%s)\n", org->ods_code, org->name, cpis_hub_org_kind_to_string (org->kind));
  cpis_hub_store_close (store);
  return EXIT_SUCCESS;
}

/* user add */

static char *
read_password_line (void)
{
  g_autoptr(GString) line = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static int
run_user_add (int    argc,
              char **argv)
{
  g_autofree char *db = NULL, *username = NULL, *role_text = NULL, *org_code = NULL;
  g_autofree char *full_name = NULL, *job_role = NULL, *password = NULL, *hash = NULL;
  GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, NULL, NULL },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, NULL, NULL },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, NULL, NULL },
    { "org", 0, 0, G_OPTION_ARG_STRING, &org_code, NULL, NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &full_name, NULL, NULL },
    { "job-role", 0, 0, G_OPTION_ARG_STRING, &job_role, NULL, NULL },
    { NULL }
  };
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(GError) error = NULL;
  CpisRole    role;
  int status;

  if ((status = parse_options (&argc, &argv, options)) >= 0)
    return status;
  if (argc > 1)
    return usage_error ("user add: unexpected argument “%s”", argv[1]);
  if (db == NULL || username == NULL || role_text == NULL || org_code == NULL || full_name == NULL)
    return usage_error ("user add needs --db, --username, --role, --org and --name");
  if (!cpis_role_from_string (role_text, &role))
    return usage_error ("--role is one of clinician, social-worker, partnership-officer, administrator");
  if (*g_strstrip (username) == '\0')
    return usage_error ("--username cannot be empty");
  if (job_role != NULL && strchr (job_role, '|') == NULL)
    return usage_error ("--job-role takes \"SNOMEDCODE|Display\"");

  password = read_password_line ();
  if (*password == '\0')
    return usage_error ("give the password on standard input (one line)");

  store = open_store (db);
  if (store == NULL)
    return EXIT_FAILURE;

  hash = cpis_hub_auth_hash_password (password, &error);
  memset (password, 0, strlen (password));
  if (hash == NULL)
    return failure ("cannot hash the password", error);

  user = g_new0 (CpisHubUser, 1);
  user->username = g_strdup (username);
  user->role = role;
  user->full_name = g_strdup (full_name);
  user->organisation = g_new0 (CpisHubOrganisation, 1);
  user->organisation->ods_code = g_strdup (org_code);
  if (job_role != NULL)
    {
      const char *bar = strchr (job_role, '|');

      user->job_role_code = g_strstrip (g_strndup (job_role, bar - job_role));
      user->job_role_display = g_strstrip (g_strdup (bar + 1));
    }

  if (!cpis_hub_store_add_user (store, user, hash, &error))
    return failure ("cannot add the user", error);

  g_print ("%s (%s) at %s\n", user->username, cpis_role_to_string (user->role), org_code);
  cpis_hub_store_close (store);
  return EXIT_SUCCESS;
}

/* user disable, user enable */

static int
run_user_set_disabled (int        argc,
                       char     **argv,
                       gboolean   disabled)
{
  g_autofree char *db = NULL, *username = NULL;
  GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, NULL, NULL },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, NULL, NULL },
    { NULL }
  };
  const char *command = disabled ? "user disable" : "user enable";
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options (&argc, &argv, options)) >= 0)
    return status;
  if (argc > 1)
    return usage_error ("%s: unexpected argument “%s”", command, argv[1]);
  if (db == NULL || username == NULL)
    return usage_error ("%s needs --db and --username", command);

  store = open_store (db);
  if (store == NULL)
    return EXIT_FAILURE;

  if (!cpis_hub_store_set_user_disabled (store, username, disabled, &error))
    return failure (disabled ? "cannot disable the user" : "cannot enable the user", error);

  g_print ("%s %s\n", username, disabled ? "disabled" : "enabled");
  cpis_hub_store_close (store);
  return EXIT_SUCCESS;
}

/* team add, team list */

/* Letters, digits, '.', '-' and '_': no '|', which ends a token search's system */
static gboolean
is_team_id (const char *id)
{
  gsize length = strlen (id);

  if (length == 0 || length > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-_", *p) == NULL)
      return FALSE;

  return TRUE;
}

static int
run_team_add (int    argc,
              char **argv)
{
  g_autofree char *db = NULL, *la = NULL, *id = NULL, *name = NULL;
  GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, NULL, NULL },
    { "la", 0, 0, G_OPTION_ARG_STRING, &la, NULL, NULL },
    { "id", 0, 0, G_OPTION_ARG_STRING, &id, NULL, NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, NULL, NULL },
    { NULL }
  };
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options (&argc, &argv, options)) >= 0)
    return status;
  if (argc > 1)
    return usage_error ("team add: unexpected argument “%s”", argv[1]);
  if (db == NULL || la == NULL || id == NULL || name == NULL)
    return usage_error ("team add needs --db, --la, --id and --name");
  if (!is_team_id (g_strstrip (id)))
    return usage_error ("--id takes letters, digits, “.”, “-” and “_” (at most 64)");
  if (*g_strstrip (la) == '\0' || *g_strstrip (name) == '\0')
    return usage_error ("--la and --name cannot be empty");

  store = open_store (db);
  if (store == NULL)
    return EXIT_FAILURE;

  if (!cpis_hub_store_put_team (store, la, id, name, &error))
    return failure ("cannot store the team", error);

  g_print ("%s %s (%s)\n", id, name, la);
  cpis_hub_store_close (store);
  return EXIT_SUCCESS;
}

static int
run_team_list (int    argc,
               char **argv)
{
  g_autofree char *db = NULL, *la = NULL;
  GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, NULL, NULL },
    { "la", 0, 0, G_OPTION_ARG_STRING, &la, NULL, NULL },
    { NULL }
  };
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(GPtrArray) teams = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options (&argc, &argv, options)) >= 0)
    return status;
  if (argc > 1)
    return usage_error ("team list: unexpected argument “%s”", argv[1]);
  if (db == NULL)
    return usage_error ("team list needs --db FILE [--la CODE]");

  store = open_store (db);
  if (store == NULL)
    return EXIT_FAILURE;

  teams = cpis_hub_store_list_teams (store, la, &error);
  if (teams == NULL)
    return failure ("cannot read the teams", error);

  for (guint i = 0; i < teams->len; i++)
    {
      CpisHubTeam *team = g_ptr_array_index (teams, i);

      g_print ("%s %s %s\n", team->la_ods_code, team->code, team->name);
    }

  cpis_hub_store_close (store);
  return EXIT_SUCCESS;
}

/* import */

static int
run_import (int    argc,
            char **argv)
{
  g_autofree char *db = NULL;
  GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, NULL, NULL },
    { NULL }
  };
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *what, *path;
  gsize length;
  int status;

  if ((status = parse_options (&argc, &argv, options)) >= 0)
    return status;
  if (db == NULL || argc != 3)
    return usage_error ("import needs --db FILE, then patients FILE.csv or plans FILE.csv");

  what = argv[1];
  path = argv[2];
  if (!g_str_equal (what, "patients") && !g_str_equal (what, "plans"))
    return usage_error ("import what? “patients” or “plans”, not “%s”", what);

  if (!g_file_get_contents (path, &contents, &length, &error))
    return failure ("cannot read the file", error);

  store = open_store (db);
  if (store == NULL)
    return EXIT_FAILURE;

  if (g_str_equal (what, "patients"))
    {
      gint64 count = cpis_hub_import_patients (store, contents, length, &error);

      if (count < 0)
        return failure ("nothing imported", error);
      g_print ("Imported %" G_GINT64_FORMAT " patients.\n", count);
      status = EXIT_SUCCESS;
    }
  else
    {
      g_autoptr(CpisHubImportReport) report = cpis_hub_import_plans (store, contents, length);

      for (guint i = 0; i < report->records->len; i++)
        {
          CpisHubImportRecordResult *record = g_ptr_array_index (report->records, i);

          g_print ("%s %s%s%s\n", record->nhs_number != NULL ? record->nhs_number : "-",
                   record->code, record->detail != NULL ? " " : "",
                   record->detail != NULL ? record->detail : "");
        }
      g_print ("%s%s%s\n", report->file_code, report->file_detail != NULL ? " " : "",
               report->file_detail != NULL ? report->file_detail : "");
      status = g_str_equal (report->file_code, "CPF02") ? EXIT_SUCCESS : EXIT_FAILURE;
    }

  cpis_hub_store_close (store);
  return status;
}

/* patient retire */

static int
run_patient_retire (int    argc,
                    char **argv)
{
  g_autofree char *db = NULL, *nhs = NULL, *replaced_by = NULL;
  g_autofree char *number = NULL, *replacement = NULL;
  GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, NULL, NULL },
    { "nhs", 0, 0, G_OPTION_ARG_STRING, &nhs, NULL, NULL },
    { "replaced-by", 0, 0, G_OPTION_ARG_STRING, &replaced_by, NULL, NULL },
    { NULL }
  };
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint n_raised = 0;
  int status;

  if ((status = parse_options (&argc, &argv, options)) >= 0)
    return status;
  if (argc > 1)
    return usage_error ("patient retire: unexpected argument “%s”", argv[1]);
  if (db == NULL || nhs == NULL)
    return usage_error ("patient retire needs --db FILE and --nhs NUMBER");

  number = cpis_nhs_number_parse (nhs, &error);
  if (number == NULL)
    return usage_error ("--nhs: %s", error->message);
  if (replaced_by != NULL)
    {
      replacement = cpis_nhs_number_parse (replaced_by, &error);
      if (replacement == NULL)
        return usage_error ("--replaced-by: %s", error->message);
      if (g_str_equal (number, replacement))
        return usage_error ("an NHS number cannot be replaced by itself");
    }

  store = open_store (db);
  if (store == NULL)
    return EXIT_FAILURE;

  if (!cpis_hub_store_retire_nhs_number (store, number, replacement, g_get_real_time (),
                                         &n_raised, &error))
    {
      if (g_error_matches (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_EXISTS))
        {
          g_print ("%s was retired already: nothing changed.\n", number);
          cpis_hub_store_close (store);
          return EXIT_SUCCESS;
        }
      return failure ("cannot retire the NHS number", error);
    }

  if (replacement != NULL)
    g_print ("Retired %s, replaced by %s.\n", number, replacement);
  else
    g_print ("Retired %s (no replacement given).\n", number);
  g_print ("%u Inactive NHS Number Notification%s raised.\n", n_raised, n_raised == 1 ? "" : "s");

  cpis_hub_store_close (store);
  return EXIT_SUCCESS;
}

/* notifications */

static int
run_notifications (int    argc,
                   char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *la = NULL;
  GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, NULL, NULL },
    { "la", 0, 0, G_OPTION_ARG_STRING, &la, NULL, NULL },
    { NULL }
  };
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count;
  int status;

  if ((status = parse_options (&argc, &argv, options)) >= 0)
    return status;
  if (db == NULL || argc > 1)
    return usage_error ("notifications needs --db FILE [--la CODE]");

  store = open_store (db);
  if (store == NULL)
    return EXIT_FAILURE;

  count = cpis_hub_store_count_notifications (store, la, &error);
  if (count < 0)
    return failure ("cannot count notifications", error);

  g_print ("%" G_GINT64_FORMAT "\n", count);
  cpis_hub_store_close (store);
  return EXIT_SUCCESS;
}

int
cpis_hub_cli_run (int    argc,
                  char **argv)
{
  g_auto(GStrv) args = NULL;
  int n_args;
  const char *command;

  g_return_val_if_fail (argc >= 1 && argv != NULL, EXIT_USAGE);

  if (argc < 2)
    {
      g_printerr ("%s", usage_text);
      return EXIT_USAGE;
    }

  command = argv[1];
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") ||
      g_str_equal (command, "help"))
    {
      g_print ("%s", usage_text);
      return EXIT_SUCCESS;
    }
  if (g_str_equal (command, "--version") || g_str_equal (command, "version"))
    {
      g_print ("cpis-hub %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  /* Two-word commands ("org add", "user add", "user disable", "team add",
   * "team list") take both words off. */
  if (g_str_equal (command, "org"))
    {
      if (argc < 3 || !g_str_equal (argv[2], "add"))
        return usage_error ("“%s” takes “add”", command);
      args = g_strdupv (argv + 2);
    }
  else if (g_str_equal (command, "user"))
    {
      if (argc < 3 || (!g_str_equal (argv[2], "add") && !g_str_equal (argv[2], "disable") &&
                       !g_str_equal (argv[2], "enable")))
        return usage_error ("“user” takes “add”, “disable” or “enable”");
      args = g_strdupv (argv + 2);
    }
  else if (g_str_equal (command, "patient"))
    {
      if (argc < 3 || !g_str_equal (argv[2], "retire"))
        return usage_error ("“patient” takes “retire”");
      args = g_strdupv (argv + 2);
    }
  else if (g_str_equal (command, "team"))
    {
      if (argc < 3 || (!g_str_equal (argv[2], "add") && !g_str_equal (argv[2], "list")))
        return usage_error ("“team” takes “add” or “list”");
      args = g_strdupv (argv + 2);
    }
  else
    args = g_strdupv (argv + 1);

  /* args[0] stands where GOption expects the program name */
  n_args = g_strv_length (args);
  {
    char **view = g_memdup2 (args, sizeof (char *) * (n_args + 1));
    int status;

    /* GOptionContext rearranges and frees entries of the array it is given:
     * hand it a view, and free the strings from @args */
    if (g_str_equal (command, "serve"))
      status = run_serve (n_args, view);
    else if (g_str_equal (command, "seed"))
      status = run_seed (n_args, view);
    else if (g_str_equal (command, "org"))
      status = run_org_add (n_args, view);
    else if (g_str_equal (command, "user"))
      status = g_str_equal (args[0], "add") ? run_user_add (n_args, view)
                                            : run_user_set_disabled (n_args, view,
                                                                     g_str_equal (args[0], "disable"));
    else if (g_str_equal (command, "team"))
      status = g_str_equal (args[0], "add") ? run_team_add (n_args, view)
                                            : run_team_list (n_args, view);
    else if (g_str_equal (command, "import"))
      status = run_import (n_args, view);
    else if (g_str_equal (command, "patient"))
      status = run_patient_retire (n_args, view);
    else if (g_str_equal (command, "notifications"))
      status = run_notifications (n_args, view);
    else
      status = usage_error ("unknown command “%s”", command);

    g_free (view);
    return status;
  }
}
