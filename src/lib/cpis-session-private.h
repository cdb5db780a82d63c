/* cpis-session-private.h: for tests */
#pragma once

#include "cpis-session.h"

G_BEGIN_DECLS

/* Starts a session around @client, signed in elsewhere (a test's fake hub),
 * with @user (may be NULL) and a new store, as a sign-in would: "started"
 * is emitted */
void _cpis_session_start_with_client (CpisSession   *self,
                                      CpisHubClient *client,
                                      CpisUserInfo  *user);

G_END_DECLS
