/* cpis-hub-ws-stream.h: what a websocket client may send the hub, bounded
 *
 * libsoup 3.2's SoupWebsocketConnection limits the size of one frame
 * (max-incoming-payload-size) but not of a message sent as many fragments:
 * it appends every continuation frame to the message it is assembling,
 * without end (the max-total-message-size that bounds it came in libsoup
 * 3.6.5, CVE-2025-32049). A websocket client of the hub has nothing to send
 * but a binding token now and then, so the hub reads what the client sends
 * through a byte budget: a burst, refilled at a slow rate. A client that
 * spends more finds its reads failing, and libsoup drops the connection.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CPIS_HUB_TYPE_WS_STREAM (cpis_hub_ws_stream_get_type ())

G_DECLARE_FINAL_TYPE (CpisHubWsStream, cpis_hub_ws_stream, CPIS_HUB, WS_STREAM, GIOStream)

/* @base (pollable both ways, as a connection libsoup hands over is) read
 * through a budget of @burst_bytes, refilled at @bytes_per_second;
 * written as it is. Closing it closes @base. */
GIOStream *cpis_hub_ws_stream_new          (GIOStream       *base,
                                            gsize            burst_bytes,
                                            gsize            bytes_per_second);
/* TRUE once a read went over the budget */
gboolean   cpis_hub_ws_stream_overspent    (CpisHubWsStream *self);

G_END_DECLS
