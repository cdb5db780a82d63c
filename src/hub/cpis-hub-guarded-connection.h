/* cpis-hub-guarded-connection.h: a client's connection, its input guarded
 *
 * The GIOStream the listener gives libsoup (under TLS when the hub serves
 * HTTPS): a GSocketConnection whose input passes through a
 * CpisHubGuardInputStream, so that the listener sees every byte libsoup
 * reads. Closing it closes the connection.
 */
#pragma once

#include "cpis-hub-guard-input-stream.h"

G_BEGIN_DECLS

#define CPIS_HUB_TYPE_GUARDED_CONNECTION (cpis_hub_guarded_connection_get_type ())
G_DECLARE_FINAL_TYPE (CpisHubGuardedConnection, cpis_hub_guarded_connection, CPIS_HUB,
                      GUARDED_CONNECTION, GIOStream)

GIOStream               *cpis_hub_guarded_connection_new       (GSocketConnection        *base,
                                                                CpisHubGuardFunc          func,
                                                                gpointer                  user_data);
CpisHubGuardInputStream *cpis_hub_guarded_connection_get_guard (CpisHubGuardedConnection *self);

/* The socket under @stream: a GSocketConnection's, a guarded connection's,
 * or NULL (TLS, which is shut down by its own close) */
GSocket                 *cpis_hub_connection_get_socket        (GIOStream                *stream);

G_END_DECLS
