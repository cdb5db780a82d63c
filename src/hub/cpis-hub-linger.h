/* cpis-hub-linger.h: closing a connection whose request is still arriving
 *
 * A refused request (a body too large, headers the hub will not act on) is
 * answered before its body is read. Closing the socket then, with the
 * client still sending, makes the kernel reset the connection, and the
 * client may lose the answer it had not read yet ("connection reset by
 * peer" instead of the 413). So, as nginx's "lingering close": the answer
 * is written, the sending side shut down, and what the client still sends
 * read and dropped until it stops, for at most CPIS_HUB_LINGER_SECONDS and
 * CPIS_HUB_LINGER_MAX_BYTES; at most CPIS_HUB_LINGER_MAX_CONNECTIONS linger
 * at once (more are closed at once).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CPIS_HUB_LINGER_SECONDS 5
#define CPIS_HUB_LINGER_MAX_BYTES (16 * 1024 * 1024)
#define CPIS_HUB_LINGER_MAX_CONNECTIONS 256

/* Writes @reply on @stream (a connection taken from libsoup), then closes it
 * gracefully, in the thread-default main context */
void cpis_hub_linger_close (GIOStream  *stream,
                            const char *reply,
                            gsize       length);

G_END_DECLS
