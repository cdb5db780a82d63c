/* cpis-demo-account.h: an account of a demo hub, offered on the sign-in page
 *
 * Synthetic: the embedded demo hub makes one per role, with a password the
 * page fills in with one click. Never an account of a real hub.
 */
#pragma once

#include <glib.h>

#include "cpis-role.h"

G_BEGIN_DECLS

typedef struct
{
  char     *username;
  char     *password;
  CpisRole  role;
  char     *description; /* e.g. "Triage nurse, Northgate General Hospital ED (unscheduled care)" */
} CpisDemoAccount;

CpisDemoAccount *cpis_demo_account_new  (const char      *username,
                                         const char      *password,
                                         CpisRole         role,
                                         const char      *description);
void             cpis_demo_account_free (CpisDemoAccount *account);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisDemoAccount, cpis_demo_account_free)

G_END_DECLS
