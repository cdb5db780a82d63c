/* cpis-hub-store-subscriptions.h: the store's Subscriptions and their events
 *
 * The part of the store's interface that live push needs (docs/api.md,
 * "Subscriptions and the websocket"), in a header of its own beside
 * cpis-hub-store.h; like it, it names no SQLite type.
 *
 * A Subscription belongs to one social worker and carries the events of
 * one topic of their local authority. Its events are raised by the writer,
 * in the transaction that writes the notification's version they are about
 * (a new notification: version 1; a change: every version after), numbered
 * 1, 2, 3… per Subscription, and kept: a client that was away asks for
 * what it missed by number. Once the batch holding them is committed (and
 * only then), the events are handed to the store's events watches, on the
 * writer thread, in commit order.
 */
#pragma once

#include "cpis-hub-store.h"

G_BEGIN_DECLS

/* The hub's topics (SubscriptionTopic canonical URLs in
 * cpis-hub-subscription-json.h) */
typedef enum
{
  CPIS_HUB_TOPIC_NEW_NOTIFICATION,     /* a notification (Task) raised for the LA */
  CPIS_HUB_TOPIC_NOTIFICATION_CHANGED, /* a new version of one of the LA's Tasks */
} CpisHubTopic;

/* "new-notification", "notification-changed" (the store's words) */
gboolean    cpis_hub_topic_from_string   (const char      *text,
                                          CpisHubTopic    *topic);
const char *cpis_hub_topic_to_string     (CpisHubTopic     topic);

/* How much of the Task a notification carries (backport-payload-content) */
typedef enum
{
  CPIS_HUB_PAYLOAD_EMPTY,
  CPIS_HUB_PAYLOAD_ID_ONLY,
  CPIS_HUB_PAYLOAD_FULL_RESOURCE,
} CpisHubPayload;

/* "empty", "id-only", "full-resource" */
gboolean    cpis_hub_payload_from_string (const char      *text,
                                          CpisHubPayload  *payload);
const char *cpis_hub_payload_to_string   (CpisHubPayload   payload);

typedef struct
{
  gint64          seq;               /* store's key */
  char           *id;                /* UUID, the Subscription id */
  gint64          user_id;           /* the social worker it belongs to */
  char           *la_ods_code;       /* the LA whose events it carries */
  CpisHubTopic    topic;
  CpisHubPayload  payload;
  char           *reason;
  guint           heartbeat_seconds; /* 0: no heartbeat */
  guint           timeout_seconds;   /* 0: not given */
  guint           max_count;         /* 0: not given */
  gint64          end_usec;          /* 0: no end */
  gint64          created_usec;
  gint64          events_count;      /* events raised since it was created */
} CpisHubSubscription;

/* One event of one Subscription */
typedef struct
{
  char         *subscription_id;
  gint64        event_number;      /* 1, 2, 3… per Subscription */
  CpisHubTopic  topic;
  char         *la_ods_code;       /* the LA of the notification */
  char         *notification_id;   /* the Task */
  gint64        version;           /* the Task's version it is about */
  gint64        raised_usec;
} CpisHubSubscriptionEvent;

CpisHubSubscription      *cpis_hub_subscription_copy       (const CpisHubSubscription      *subscription);
void                      cpis_hub_subscription_free       (CpisHubSubscription            *subscription);
CpisHubSubscriptionEvent *cpis_hub_subscription_event_copy (const CpisHubSubscriptionEvent *event);
void                      cpis_hub_subscription_event_free (CpisHubSubscriptionEvent       *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubSubscription, cpis_hub_subscription_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubSubscriptionEvent, cpis_hub_subscription_event_free)

/* Stores @subscription (id, seq and events_count are the store's: a new
 * UUID, 0) for @subscription->user_id, whose LA it must be (NOT_FOUND
 * otherwise: no such social worker of that LA). Completes after the commit;
 * _finish returns the new id. */
void                 cpis_hub_store_add_subscription_async    (CpisHubStore               *self,
                                                               const CpisHubSubscription  *subscription,
                                                               GCancellable               *cancellable,
                                                               GAsyncReadyCallback         callback,
                                                               gpointer                    user_data);
char                *cpis_hub_store_add_subscription_finish   (CpisHubStore               *self,
                                                               GAsyncResult               *result,
                                                               GError                    **error);
/* The user's Subscriptions, oldest first. Array of CpisHubSubscription. */
GPtrArray           *cpis_hub_store_list_subscriptions        (CpisHubStore               *self,
                                                               gint64                      user_id,
                                                               GError                    **error);
/* The Subscription @id if it is @user_id's; NULL without error otherwise */
CpisHubSubscription *cpis_hub_store_find_subscription         (CpisHubStore               *self,
                                                               gint64                      user_id,
                                                               const char                 *id,
                                                               GError                    **error);
/* Deletes @user_id's Subscription @id and its events (NOT_FOUND if it is
 * not theirs, or gone); completes after the commit */
void                 cpis_hub_store_delete_subscription_async (CpisHubStore               *self,
                                                               gint64                      user_id,
                                                               const char                 *id,
                                                               GCancellable               *cancellable,
                                                               GAsyncReadyCallback         callback,
                                                               gpointer                    user_data);
gboolean             cpis_hub_store_delete_subscription_finish (CpisHubStore              *self,
                                                                GAsyncResult              *result,
                                                                GError                   **error);
/* The events of @user_id's Subscription @id numbered @since to @until
 * (inclusive), oldest first, at most @limit. Array of
 * CpisHubSubscriptionEvent; empty if the Subscription is not theirs. */
GPtrArray           *cpis_hub_store_list_subscription_events  (CpisHubStore               *self,
                                                               gint64                      user_id,
                                                               const char                 *id,
                                                               gint64                      since,
                                                               gint64                      until,
                                                               guint                       limit,
                                                               GError                    **error);

/* The state of a bearer token, by its hash: 1 and its user, expiry and
 * whether it was revoked; 0 for an unknown token; -1 with @error set */
int                  cpis_hub_store_get_token_state           (CpisHubStore               *self,
                                                               const char                 *token_hash,
                                                               gint64                     *user_id,
                                                               gint64                     *expires_usec,
                                                               gboolean                   *revoked,
                                                               GError                    **error);

/* Called on the store's writer thread once a batch is committed, with the
 * events it raised (CpisHubSubscriptionEvent, in order; the array is
 * borrowed: ref it to keep it). Keep it short: hand them to your own
 * thread. */
typedef void (*CpisHubStoreEventsFunc) (GPtrArray *events,
                                        gpointer   user_data);

/* Returns an id for _remove_events_watch, never 0 */
guint                cpis_hub_store_add_events_watch          (CpisHubStore               *self,
                                                               CpisHubStoreEventsFunc      func,
                                                               gpointer                    user_data);
/* Once it returns, @func is not running and is never called again */
void                 cpis_hub_store_remove_events_watch       (CpisHubStore               *self,
                                                               guint                       id);

G_END_DECLS
