/* cpis-demo-account.c: an account of a demo hub */
#include <string.h>

#include "cpis-demo-account.h"

CpisDemoAccount *
cpis_demo_account_new (const char *username,
                       const char *password,
                       CpisRole    role,
                       const char *description)
{
  CpisDemoAccount *account = g_new0 (CpisDemoAccount, 1);

  account->username = g_strdup (username);
  account->password = g_strdup (password);
  account->role = role;
  account->description = g_strdup (description);

  return account;
}

void
cpis_demo_account_free (CpisDemoAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->username);
  if (account->password != NULL)
    memset (account->password, 0, strlen (account->password));
  g_free (account->password);
  g_free (account->description);
  g_free (account);
}
