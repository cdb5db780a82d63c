/* cpis-window-private.h: for tests */
#pragma once

#include "cpis-session.h"
#include "cpis-window.h"

G_BEGIN_DECLS

/* The window's session */
CpisSession      *_cpis_window_get_session       (CpisWindow *self);
/* The store of the session in progress, or NULL when signed out or locked */
CpisSessionStore *_cpis_window_get_session_store (CpisWindow *self);
/* The signed-in client, or NULL */
CpisHubClient    *_cpis_window_get_client        (CpisWindow *self);
/* The help page (help/C/PAGE.page) of the view shown, which F1 opens */
const char       *_cpis_window_get_help_page     (CpisWindow *self);
/* As if the last key or pointer activity had been @seconds earlier: the idle
 * lock fires when it then would (at once if the idle period is over) */
void              _cpis_window_backdate_activity (CpisWindow *self,
                                                  guint       seconds);
/* What "Session Expired" says when signing in again failed with @error */
char             *_cpis_window_describe_reauth_error (const GError *error);

G_END_DECLS
