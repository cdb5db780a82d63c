/* cpis-hub-listener.h: the hub's own accept loop, with limits and time-outs
 *
 * libsoup 3.2's listener stops accepting for good the first time accept()
 * fails (EMFILE: out of file descriptors), keeps every connection as long as
 * the client likes, and caps nothing. This one accepts from the same
 * listening socket, before libsoup's own source (a higher priority: libsoup
 * keeps the socket only so that it keeps connections alive), and hands each
 * connection to the SoupServer (soup_server_accept_iostream, TLS wrapped
 * here when the hub serves HTTPS). It:
 *
 * - recovers from EMFILE/ENFILE by itself: a reserve descriptor is given up
 *   to accept the waiting connection, answer it 503 and close it, then
 *   taken again; accepting never stops;
 * - caps connections per client address and in total (more: 503, closed);
 * - closes a connection whose client is too slow: the first request's
 *   headers must arrive within the header time-out, the next request's
 *   within the idle time-out after the last answer, and a body at no less
 *   than the minimum rate (a deadline of the header time-out plus its
 *   Content-Length at that rate). Websockets (after their 101) are the push
 *   code's;
 * - answers a request whose line and headers are larger than
 *   CPIS_HUB_LISTENER_MAX_HEADER_BYTES with 431 and an OperationOutcome,
 *   counting what libsoup reads (CpisHubGuardedConnection), where libsoup
 *   would reset the connection.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  guint header_seconds;        /* the first request's headers, from accept */
  guint idle_seconds;          /* the next request's headers, from the last answer */
  guint min_body_bytes_per_second;
  guint max_connections;       /* in total; 0: from the descriptor limit */
  guint max_connections_per_peer;
} CpisHubListenerLimits;

#define CPIS_HUB_LISTENER_HEADER_SECONDS 10
#define CPIS_HUB_LISTENER_IDLE_SECONDS 30
#define CPIS_HUB_LISTENER_MIN_BODY_RATE 4096
#define CPIS_HUB_LISTENER_MAX_PER_PEER 1024
/* A request's line and headers together, as read (libsoup's own limit,
 * where it closes without an answer, is 64 KiB) */
#define CPIS_HUB_LISTENER_MAX_HEADER_BYTES 32768

typedef struct _CpisHubListener CpisHubListener;

/* The documented defaults */
void             cpis_hub_listener_limits_init   (CpisHubListenerLimits       *limits);
/* Accepts from @listen_socket (bound, listening) for @server, in the
 * thread-default main context; @certificate: TLS, or NULL */
CpisHubListener *cpis_hub_listener_new           (SoupServer                  *server,
                                                  GSocket                     *listen_socket,
                                                  GTlsCertificate             *certificate,
                                                  const CpisHubListenerLimits *limits);
/* Stops accepting; connections already handed over go on */
void             cpis_hub_listener_free          (CpisHubListener             *self);
guint            cpis_hub_listener_get_n_connections (CpisHubListener         *self);
/* Connections refused (503) because of a cap or a lack of descriptors */
guint            cpis_hub_listener_get_n_refused (CpisHubListener             *self);

G_END_DECLS
