/* cpis-check-command.h: `cpis-desktop --check NHSNUMBER`, a check without a
 * window, for scripts and for clinical systems that shell out
 *
 * Signs in with the password remembered in the keyring or one read from
 * standard input (never from an argument: other users can read a process's
 * arguments), checks the child exactly as the window does (an unscheduled
 * check is recorded and the LA notified; --scheduled reads silently), prints
 * the answer as text or JSON, signs out, and exits with:
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CPIS_CHECK_EXIT_PLANS_FOUND = 0,    /* a record with plans (active or ended: the output says which) */
  CPIS_CHECK_EXIT_NO_RECORD = 1,      /* the hub answered: no record */
  CPIS_CHECK_EXIT_NOT_CHECKED = 2,    /* CP-IS could not be checked: the reason on standard error */
} CpisCheckExit;

typedef struct
{
  const char *nhs_number;  /* as typed */
  const char *hub_url;     /* NULL: the "hub-url" setting */
  const char *username;    /* NULL: the "username" setting (the last to sign in) */
  gboolean    scheduled;   /* a silent read, not recorded */
  gboolean    json;
} CpisCheckCommand;

/* @settings: the application's, or NULL when its schema is not installed */
CpisCheckExit cpis_check_command_run (const CpisCheckCommand *command,
                                      GSettings              *settings);

G_END_DECLS
