/* cpis-hub-push-private.h: what the tests do to the hub's push
 *
 * Safe from any thread: each is handed to the push thread (or is an atomic
 * flag), as a revocation is. For the client's tests (tests/test-task-feed.c):
 * a network that drops every websocket, a hub that cannot take one, a hub
 * that sends what it should not.
 */
#pragma once

#include "cpis-hub-push.h"

G_BEGIN_DECLS

/* Every websocket is dropped, as a network drops it: no close frame */
void  _cpis_hub_push_drop_all          (CpisHubPush *self);
/* While @refusing, every websocket upgrade is answered 503, as a hub
 * with too many is */
void  _cpis_hub_push_set_refusing      (CpisHubPush *self,
                                        gboolean     refusing);
/* While @muted, the hub sends nothing on any websocket (no handshake, no
 * event, no heartbeat), as a connection that hangs without closing */
void  _cpis_hub_push_set_muted         (CpisHubPush *self,
                                        gboolean     muted);
/* Sends @text as it is to every bound websocket */
void  _cpis_hub_push_send_to_all       (CpisHubPush *self,
                                        const char  *text);
/* The websockets open now, bound or not */
guint _cpis_hub_push_count_connections (CpisHubPush *self);

G_END_DECLS
