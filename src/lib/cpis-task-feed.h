/* cpis-task-feed.h: a live feed of a local authority's notifications, for
 * its social workers
 *
 * Two Subscriptions (new notifications and changed ones, full-resource,
 * with a heartbeat) bound on one websocket (docs/api.md, "Subscriptions and
 * the websocket"); each Task version arrives once as "task-changed", in the
 * order of its Subscription's events. When the websocket drops or falls
 * silent, the feed polls $events meanwhile and reconnects with back-off; at
 * each handshake it fetches the events it missed before any newer one.
 * docs/clinical-safety.md, hazard 25.
 */
#pragma once

#include <gio/gio.h>

#include "cpis-hub-client.h"
#include "cpis-task.h"

G_BEGIN_DECLS

typedef enum
{
  CPIS_TASK_FEED_STATE_STOPPED,      /* not started, stopped, or signed out (unauthorised) */
  CPIS_TASK_FEED_STATE_CONNECTING,   /* started: making the Subscriptions, the websocket */
  CPIS_TASK_FEED_STATE_LIVE,         /* the websocket is bound: events come as they happen */
  CPIS_TASK_FEED_STATE_RECONNECTING, /* the websocket dropped or fell silent: polling and
                                        reconnecting */
  CPIS_TASK_FEED_STATE_DOWN,         /* the hub cannot be reached: still retrying and polling */
} CpisTaskFeedState;

#define CPIS_TYPE_TASK_FEED_STATE (cpis_task_feed_state_get_type ())
GType cpis_task_feed_state_get_type (void) G_GNUC_CONST;

#define CPIS_TASK_FEED_DEFAULT_HEARTBEAT_PERIOD     20    /* seconds */
#define CPIS_TASK_FEED_DEFAULT_POLL_INTERVAL        30000 /* milliseconds */
#define CPIS_TASK_FEED_DEFAULT_RECONNECT_MIN_DELAY  1000 /* milliseconds */
#define CPIS_TASK_FEED_DEFAULT_RECONNECT_MAX_DELAY  60000

#define CPIS_TYPE_TASK_FEED (cpis_task_feed_get_type ())

G_DECLARE_FINAL_TYPE (CpisTaskFeed, cpis_task_feed, CPIS, TASK_FEED, GObject)

/* Properties (notified when they change):
 *   "client"               CpisHubClient  construct-only: signed in as a social worker
 *   "state"                CpisTaskFeedState read-only
 *   "last-error"           GError (boxed)  read-only: why the feed is not LIVE (a
 *                                          CPIS_HUB_CLIENT_ERROR with a sentence a
 *                                          social worker can read), NULL when LIVE
 *   "heartbeat-period"     guint  seconds the hub is asked to send a heartbeat every
 *                                 (1 to 86400); a websocket silent for two of them is
 *                                 taken as dropped. Applies from the next Subscription.
 *   "poll-interval"        guint  milliseconds between $events polls while not LIVE
 *   "reconnect-min-delay"  guint  milliseconds: the first reconnection's delay, doubled
 *   "reconnect-max-delay"  guint  up to this (each with a random part, so that many
 *                                 clients do not come back at once)
 *
 * Signals:
 *   "task-changed" (CpisTask *task): a Task version the feed had not emitted, once
 *       each (by id and version: never one older than a version already emitted for
 *       that Task), events of one Subscription in order. Not across a stop and start
 *       of new Subscriptions: reload the inbox then.
 *   "unauthorised": the hub ended the sign-in (401); the feed is STOPPED and keeps
 *       its Subscriptions: sign in again, then cpis_task_feed_start() goes on from
 *       the last event seen.
 *   "resync-needed": a Subscription was gone from the hub (deleted, ended) and was
 *       made again, now LIVE: what the old one would have carried meanwhile cannot
 *       be fetched, so re-read the inbox (a search).
 *
 * Nothing is logged about a child: g_debug() gives Subscription ids, event
 * numbers and states only. */
CpisTaskFeed      *cpis_task_feed_new                     (CpisHubClient *client);
CpisHubClient     *cpis_task_feed_get_client              (CpisTaskFeed  *self);
/* Starts (or, after "unauthorised" or a stop, starts again); nothing if
 * already started */
void               cpis_task_feed_start                   (CpisTaskFeed  *self);
/* Cancels what is in flight, closes the websocket and (best effort)
 * deletes the Subscriptions; no signal is emitted after it. Also done on
 * dispose. */
void               cpis_task_feed_stop                    (CpisTaskFeed  *self);
CpisTaskFeedState  cpis_task_feed_get_state               (CpisTaskFeed  *self);
/* (transfer none), NULL when none */
const GError      *cpis_task_feed_get_last_error          (CpisTaskFeed  *self);
guint              cpis_task_feed_get_heartbeat_period    (CpisTaskFeed  *self);
void               cpis_task_feed_set_heartbeat_period    (CpisTaskFeed  *self,
                                                           guint          seconds);
guint              cpis_task_feed_get_poll_interval       (CpisTaskFeed  *self);
void               cpis_task_feed_set_poll_interval       (CpisTaskFeed  *self,
                                                           guint          milliseconds);
guint              cpis_task_feed_get_reconnect_min_delay (CpisTaskFeed  *self);
void               cpis_task_feed_set_reconnect_min_delay (CpisTaskFeed  *self,
                                                           guint          milliseconds);
guint              cpis_task_feed_get_reconnect_max_delay (CpisTaskFeed  *self);
void               cpis_task_feed_set_reconnect_max_delay (CpisTaskFeed  *self,
                                                           guint          milliseconds);

G_END_DECLS
