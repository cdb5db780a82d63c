/* cpis-check-command.c: a check without a window */

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cpis-check-command.h"

#include "cpis-check-report.h"
#include "cpis-credentials.h"
#include "cpis-hub-client.h"
#include "cpis-hub-url.h"
#include "cpis-nhs-number.h"
#include "cpis-trusted-certificate.h"

/* The longest password read from standard input */
#define MAX_PASSWORD 1024

typedef struct
{
  const CpisCheckCommand *command;
  char                   *nhs_number;  /* the bare ten digits, once read */
} Run;

/* Iterates the main context until *@slot is set */
static void
wait_for (gpointer *slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Says why CP-IS could not be checked: on standard error, and as JSON on
 * standard output when asked for JSON (so a program reading it never takes
 * silence for "no record") */
static CpisCheckExit
not_checked (Run        *run,
             const char *reason)
{
  g_printerr (_("cpis-desktop: CP-IS could not be checked: %s\n"), reason);
  if (run->command->json)
    {
      g_autofree char *json = cpis_check_report_json_failed (run->nhs_number != NULL ? run->nhs_number
                                                                                     : run->command->nhs_number,
                                                             reason);

      g_print ("%s", json);
    }
  return CPIS_CHECK_EXIT_NOT_CHECKED;
}

/* A line of standard input, without its line end; NULL at once at the end
 * of the input. On a terminal, asked for with the typing not shown. */
static char *
read_password (const char *username)
{
  char buffer[MAX_PASSWORD + 2];
  gboolean terminal = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  gboolean echo_off = FALSE;
  char *line;

  if (terminal)
    {
      g_printerr (_("Password for %s: "), username);
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }
  line = fgets (buffer, sizeof buffer, stdin);
  if (echo_off)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }
  if (line == NULL)
    return NULL;
  buffer[strcspn (buffer, "\r\n")] = '\0';
  line = g_strdup (buffer);
  explicit_bzero (buffer, sizeof buffer);
  return line;
}

/* The keyring's password for @username at @hub_url, or NULL (none, or no keyring) */
static char *
remembered_password (const char *hub_url,
                     const char *username)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_credentials_lookup_async (hub_url, username, NULL, store_result_cb, &result);
  wait_for ((gpointer *) &result);
  return cpis_credentials_lookup_finish (result, NULL);
}

static gboolean
history_settled (CpisCheckResult *result)
{
  return cpis_check_result_get_history_state (result) != CPIS_FETCH_PENDING;
}

/* The "workstation-care-setting" setting's word as the session reads it */
static CpisWorkstationCare
workstation_care_of (GSettings *settings)
{
  g_autofree char *word = g_settings_get_string (settings, "workstation-care-setting");
  GEnumClass *enum_class = g_type_class_ref (CPIS_TYPE_WORKSTATION_CARE);
  GEnumValue *value = g_enum_get_value_by_nick (enum_class, word);
  CpisWorkstationCare workstation = value != NULL ? (CpisWorkstationCare) value->value : CPIS_WORKSTATION_CARE_ORGANISATION;

  g_type_class_unref (enum_class);
  return workstation;
}

CpisCheckExit
cpis_check_command_run (const CpisCheckCommand *command,
                        GSettings              *settings)
{
  Run run = { command, NULL };
  g_autofree char *nhs_number = NULL;
  g_autofree char *setting_hub = settings != NULL ? g_settings_get_string (settings, "hub-url") : NULL;
  g_autofree char *setting_user = settings != NULL ? g_settings_get_string (settings, "username") : NULL;
  g_autofree char *demographics = settings != NULL ? g_settings_get_string (settings, "demographics-url") : NULL;
  g_autofree char *trusted = settings != NULL ? g_settings_get_string (settings, "trusted-certificate") : NULL;
  CpisWorkstationCare workstation = settings != NULL ? workstation_care_of (settings) : CPIS_WORKSTATION_CARE_ORGANISATION;
  g_autofree char *hub_url = NULL;
  g_autofree char *password = NULL;
  g_autoptr(CpisHubClient) client = NULL;
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GAsyncResult) async = NULL;
  g_autoptr(GError) error = NULL;
  const char *username;
  CpisCheckExit status;

  nhs_number = cpis_nhs_number_parse (command->nhs_number, &error);
  if (nhs_number == NULL)
    return not_checked (&run, error->message);
  run.nhs_number = nhs_number;

  if (command->hub_url != NULL)
    hub_url = g_strdup (command->hub_url);
  else if (setting_hub != NULL && *setting_hub != '\0')
    hub_url = g_steal_pointer (&setting_hub);
  else
    return not_checked (&run, _("no hub is set: give its address with --hub URL (the window's demo hub is for the "
                                "window only)"));
  if (!cpis_hub_client_check_base_url (hub_url, &error))
    return not_checked (&run, error->message);

  username = command->username != NULL                     ? command->username
           : setting_user != NULL && *setting_user != '\0' ? setting_user
                                                           : NULL;
  if (username == NULL)
    return not_checked (&run, _("no user is set: give the user name with --user NAME"));

  /* piped in, the password given; at a terminal, the remembered one, else asked for */
  {
    g_autofree char *normalised = cpis_hub_url_normalise (hub_url);

    if (!isatty (STDIN_FILENO))
      password = read_password (username);
    if (password == NULL || *password == '\0')
      {
        g_clear_pointer (&password, g_free);
        password = remembered_password (normalised, username);
      }
    if (password == NULL && isatty (STDIN_FILENO))
      password = read_password (username);
  }
  if (password == NULL || *password == '\0')
    return not_checked (&run, _("no password: pass it on standard input (echo PASSWORD | cpis-desktop --check …), "
                                "or sign in once in the window and have it remembered"));

  client = cpis_hub_client_new (hub_url, &error);
  if (client == NULL)
    return not_checked (&run, error->message);
  /* the organisation's own certificate authority, as the window uses it */
  if (trusted != NULL && *trusted != '\0')
    {
      g_autoptr(GTlsDatabase) database = cpis_trusted_certificate_new_database (trusted, &error);

      if (database == NULL)
        return not_checked (&run, error->message);
      cpis_hub_client_set_tls_database (client, database);
    }
  if (demographics != NULL && *demographics != '\0' &&
      !cpis_hub_client_set_demographics_base_url (client, demographics, &error))
    return not_checked (&run, error->message);

  cpis_hub_client_sign_in_async (client, username, password, NULL, store_result_cb, &async);
  explicit_bzero (password, strlen (password));
  wait_for ((gpointer *) &async);
  user = cpis_hub_client_sign_in_finish (client, async, &error);
  g_clear_object (&async);
  if (user == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("could not sign in as %s: %s"), username, error->message);

      return not_checked (&run, reason);
    }
  /* as the window does for this user's organisation and this workstation,
   * unless told it is scheduled care */
  cpis_hub_client_set_care_setting (client, command->scheduled ? CPIS_CARE_SETTING_SCHEDULED
                                                               : cpis_user_info_get_care_setting_at (user, workstation));

  cpis_hub_client_check_child_async (client, nhs_number, NULL, store_result_cb, &async);
  wait_for ((gpointer *) &async);
  result = cpis_hub_client_check_child_finish (client, async, &error);
  g_clear_object (&async);
  if (result == NULL)
    status = not_checked (&run, error->message);
  else if (cpis_check_result_get_outcome (result) == CPIS_CHECK_OUTCOME_FAILED)
    status = not_checked (&run, cpis_check_result_get_error (result)->message);
  else
    {
      g_autofree char *report = NULL;

      /* the access history follows the plans: printed with them */
      while (!history_settled (result))
        g_main_context_iteration (NULL, TRUE);
      report = command->json ? cpis_check_report_json (result) : cpis_check_report_text (result);
      g_print ("%s", report);
      status = cpis_check_result_get_outcome (result) == CPIS_CHECK_OUTCOME_NO_RECORD ? CPIS_CHECK_EXIT_NO_RECORD
                                                                                      : CPIS_CHECK_EXIT_PLANS_FOUND;
    }

  /* the token revoked before leaving */
  cpis_hub_client_sign_out_async (client, NULL, store_result_cb, &async);
  wait_for ((gpointer *) &async);
  cpis_hub_client_sign_out_finish (client, async, NULL);
  return status;
}
