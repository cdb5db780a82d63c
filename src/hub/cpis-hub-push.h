/* cpis-hub-push.h: live push of notifications to social workers, over a
 * websocket (docs/api.md, "Subscriptions and the websocket")
 *
 * One CpisHubPush per CpisHubServer, on the server's main context. It holds
 * the short-lived binding tokens that $get-ws-binding-token hands out, the
 * websocket connections served at CPIS_HUB_WEBSOCKET_PATH, which
 * Subscriptions each is bound to, and their heartbeats; it hears of events
 * from the store once they are committed (an events watch, on the writer
 * thread) and sends each to every connection bound to its Subscription, in
 * order. It closes a connection whose sign-in is revoked or expires.
 */
#pragma once

#include <libsoup/soup.h>

#include "cpis-hub-server.h"

G_BEGIN_DECLS

/* The websocket, at the hub's origin */
#define CPIS_HUB_WEBSOCKET_PATH "/cpis/websocket"

/* How long a binding token lives, and how long a new connection has to use one */
#define CPIS_HUB_BINDING_TOKEN_SECONDS 60
#define CPIS_HUB_BIND_DEADLINE_SECONDS 30

/* Close codes of the hub's own (docs/api.md) */
#define CPIS_HUB_WS_CLOSE_BAD_MESSAGE   4400 /* not a bind-with-token */
#define CPIS_HUB_WS_CLOSE_UNAUTHORISED  4401 /* binding token refused; sign-in ended or expired */
#define CPIS_HUB_WS_CLOSE_FORBIDDEN     4403 /* not a social worker */
#define CPIS_HUB_WS_CLOSE_NOT_FOUND     4404 /* a Subscription is not (or no longer) there */
#define CPIS_HUB_WS_CLOSE_TIMEOUT       4408 /* no binding token in time */
#define CPIS_HUB_WS_CLOSE_ENDED         4410 /* the Subscription's end passed */

#define CPIS_HUB_TYPE_PUSH (cpis_hub_push_get_type ())

G_DECLARE_FINAL_TYPE (CpisHubPush, cpis_hub_push, CPIS_HUB, PUSH, GObject)

/* For @server (not a reference: the server owns the push), on the
 * thread-default main context */
CpisHubPush *cpis_hub_push_new                  (CpisHubServer      *server);
/* Closes every connection (1001, the hub is going away) and hears of no
 * more events; also done on dispose */
void         cpis_hub_push_shutdown             (CpisHubPush        *self);

/* A new binding token for @subscription_ids (the user's own, checked by the
 * caller), standing for the bearer token whose hash is @bearer_hash, which
 * expires at @bearer_expires_usec: it lives CPIS_HUB_BINDING_TOKEN_SECONDS
 * by the hub's clock, never past the bearer token, and binds once.
 * *@expires_usec gets when it expires. */
char        *cpis_hub_push_issue_binding_token  (CpisHubPush        *self,
                                                 gint64              user_id,
                                                 const char         *bearer_hash,
                                                 gint64              bearer_expires_usec,
                                                 const char * const *subscription_ids,
                                                 gint64             *expires_usec);
/* The bearer token whose hash is @token_hash was revoked: its connections
 * are closed, its binding tokens forgotten */
void         cpis_hub_push_token_revoked        (CpisHubPush        *self,
                                                 const char         *token_hash);
/* The Subscription @id was deleted: it is unbound everywhere, and a
 * connection left with no Subscription is closed */
void         cpis_hub_push_subscription_deleted (CpisHubPush        *self,
                                                 const char         *id);
/* The ws:// or wss:// URL of the websocket, as the client addressed the hub */
char        *cpis_hub_push_websocket_url        (SoupServerMessage  *msg);

G_END_DECLS
