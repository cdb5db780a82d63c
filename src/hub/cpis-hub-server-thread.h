/* cpis-hub-server-thread.h: the hub's server in a thread of its own
 *
 * A CpisHubServer on 127.0.0.1 with a free port, run on a main context of its
 * own by a thread of its own, as it would run in a process of its own. The
 * embedded demo hub starts it so, and so do the tests' in-process hub.
 */
#pragma once

#include <gio/gio.h>

#include "cpis-hub-server.h"
#include "cpis-hub-store.h"

G_BEGIN_DECLS

typedef struct _CpisHubServerThread CpisHubServerThread;

/* Starts serving @store in a thread named @name and returns once the server
 * listens, or NULL with @error if it could not. @clock (NULL: the real
 * clock) is called in that thread, with @clock_data. */
CpisHubServerThread *cpis_hub_server_thread_start        (CpisHubStore         *store,
                                                          const char           *name,
                                                          CpisHubClockFunc      clock,
                                                          gpointer              clock_data,
                                                          GError              **error);
/* The same on @port of 127.0.0.1 (0: a free one), e.g. the port of a hub
 * stopped a moment ago */
CpisHubServerThread *cpis_hub_server_thread_start_on_port (CpisHubStore        *store,
                                                           const char          *name,
                                                           guint16              port,
                                                           CpisHubClockFunc     clock,
                                                           gpointer             clock_data,
                                                           GError             **error);
/* The server (it lives in the thread: call only what is safe from another) */
CpisHubServer       *cpis_hub_server_thread_get_server   (CpisHubServerThread  *self);
/* "http://127.0.0.1:40123/cpis/FHIR/R4" */
const char          *cpis_hub_server_thread_get_base_url (CpisHubServerThread  *self);
/* "http://127.0.0.1:40123" */
const char          *cpis_hub_server_thread_get_origin   (CpisHubServerThread  *self);
/* Stops serving, lets closing connections finish, joins the thread and
 * frees @self; the store stays open */
void                 cpis_hub_server_thread_stop         (CpisHubServerThread  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubServerThread, cpis_hub_server_thread_stop)

G_END_DECLS
