/* cpis-window-private.h: for tests */
#pragma once

#include "cpis-hub-client.h"
#include "cpis-session-store.h"
#include "cpis-window.h"

G_BEGIN_DECLS

/* The store of the session in progress, or NULL when signed out or locked */
CpisSessionStore *_cpis_window_get_session_store (CpisWindow *self);
/* The signed-in client, or NULL */
CpisHubClient    *_cpis_window_get_client        (CpisWindow *self);

G_END_DECLS
