/* cpis-task-feed.c: a live feed of a local authority's notifications
 * (cpis-task-feed.h; docs/api.md, "Subscriptions and the websocket")
 *
 * A run (from cpis_task_feed_start() to a stop, or "unauthorised") goes:
 * make the two Subscriptions (kept across reconnections), get one binding
 * token for both, open the websocket, send "bind-with-token", wait for a
 * handshake for each: LIVE. Each connection attempt has a serial and a
 * cancellable of its own; what an attempt given up on answers later is not
 * acted on.
 *
 * Per Subscription the feed keeps the last event number it has dealt with
 * (last) and the highest count the hub has told of (known). An event
 * numbered last + 1 that carries its Task is emitted at once; one further
 * on, or any while a fetch is out, waits (pending) while $events fetches
 * from last + 1; a handshake or heartbeat telling of more than last fetches
 * too. So events go out in their Subscription's order, each once, and a gap
 * (missed while the socket was down) is filled before anything newer.
 * Task versions are deduplicated by id: a version at or below one already
 * emitted for that Task is not emitted again, whichever Subscription or
 * fetch brings it.
 *
 * When the websocket closes, errs, sends what cannot be read, or is silent
 * for two heartbeat periods, the feed goes RECONNECTING (DOWN when the hub
 * cannot be reached at all), polls $events every poll interval, and
 * reconnects after an exponential back-off with jitter. A 401 ends the run
 * ("unauthorised"), keeping the Subscriptions and numbers for the next
 * start; a 404 (or close 4404/4410) makes new Subscriptions.
 *
 * Callbacks: every asynchronous call is given a Step naming the feed (not a
 * reference), the attempt and the Subscription; stop and dispose cancel
 * the run's cancellable, and a cancelled callback touches nothing. Nothing
 * about a child is logged: Subscription ids, event numbers, states.
 */
#include "cpis-task-feed.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "cpis-fhir-codec.h"
#include "cpis-hub-client-private.h"

#define N_SUBSCRIPTIONS 2
/* A websocket message larger than this is not a notification of one Task */
#define MAX_MESSAGE_BYTES (4 * 1024 * 1024)
/* How long a connection attempt may take before it is given up on */
#define CONNECT_TIMEOUT_SECONDS 15

typedef struct
{
  guint64   number;
  CpisTask *task;
} Pending;

typedef struct
{
  const char *topic;
  const char *reason;
  char       *id;           /* NULL until made */
  guint64     last;         /* the last event number dealt with */
  guint64     known;        /* the highest count the hub told of */
  gboolean    handshaken;   /* on the current websocket */
  gboolean    fetching;     /* an $events request is out */
  guint64     known_asked;  /* known when it was sent */
  gboolean    fetch_wanted; /* one failed, or fell short: the next poll asks again */
  gint64      heard_usec;   /* monotonic: its last handshake, heartbeat or event */
  GArray     *pending;      /* Pending, by number: events held until the gap is filled */
} Subscription;

struct _CpisTaskFeed
{
  GObject                  parent_instance;

  CpisHubClient           *client;
  SoupSession             *ws_session;  /* the websocket's own: no I/O timeout */

  GCancellable            *cancellable; /* the run's; NULL when stopped */
  GCancellable            *attempt_cancellable;
  guint                    attempt_serial;
  gboolean                 attempting;  /* a connection attempt is out */
  gint64                   attempt_started_usec;
  guint                    n_failures;  /* since the last LIVE: the back-off's exponent */

  SoupWebsocketConnection *ws;
  gint64                   last_message_usec;

  Subscription             subscriptions[N_SUBSCRIPTIONS];
  gboolean                 resync_wanted; /* one was remade: events may have been missed */
  GHashTable              *emitted;     /* Task id → the newest version emitted (guint64 *) */

  CpisTaskFeedState        state;
  GError                  *last_error;
  guint                    heartbeat_period;
  guint                    poll_interval;
  guint                    reconnect_min_delay;
  guint                    reconnect_max_delay;

  GMainContext            *context;      /* the thread-default one at start */
  GSource                 *reconnect;
  GSource                 *poll;
  GSource                 *watchdog;
};

/* What an asynchronous call was made for */
typedef struct
{
  CpisTaskFeed *feed;      /* not a reference: the run's cancellable guards it */
  guint         serial;    /* the attempt's */
  guint         index;     /* the Subscription's */
  char         *id;        /* the Subscription's id when asked */
  char         *bind;      /* the websocket's first message: "bind-with-token …" */
} Step;

G_DEFINE_FINAL_TYPE (CpisTaskFeed, cpis_task_feed, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CpisTaskFeedState, cpis_task_feed_state,
                    G_DEFINE_ENUM_VALUE (CPIS_TASK_FEED_STATE_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (CPIS_TASK_FEED_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (CPIS_TASK_FEED_STATE_LIVE, "live"),
                    G_DEFINE_ENUM_VALUE (CPIS_TASK_FEED_STATE_RECONNECTING, "reconnecting"),
                    G_DEFINE_ENUM_VALUE (CPIS_TASK_FEED_STATE_DOWN, "down"))

enum
{
  PROP_0,
  PROP_CLIENT,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_HEARTBEAT_PERIOD,
  PROP_POLL_INTERVAL,
  PROP_RECONNECT_MIN_DELAY,
  PROP_RECONNECT_MAX_DELAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_TASK_CHANGED,
  SIGNAL_UNAUTHORISED,
  SIGNAL_RESYNC_NEEDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void connect_now       (CpisTaskFeed *self);
static void lose_connection   (CpisTaskFeed *self,
                               GError       *error);
static void lose_connection_full (CpisTaskFeed *self,
                                  GError       *error,
                                  gboolean      unreachable);
static void fetch_events      (CpisTaskFeed *self,
                               guint         index);

/* ------------------------------------------------------------------------ */
/* Helpers */

static Step *
step_new (CpisTaskFeed *self,
          guint         index)
{
  Step *step = g_new0 (Step, 1);

  step->feed = self;
  step->serial = self->attempt_serial;
  step->index = index;
  step->id = g_strdup (self->subscriptions[index].id);
  return step;
}

static void
step_free (Step *step)
{
  g_free (step->id);
  g_free (step->bind);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Step, step_free)

static const char *
state_name (CpisTaskFeedState state)
{
  GEnumClass *klass = g_type_class_peek (CPIS_TYPE_TASK_FEED_STATE);
  GEnumValue *value = klass != NULL ? g_enum_get_value (klass, state) : NULL;

  return value != NULL ? value->value_nick : "?";
}

static void
set_state (CpisTaskFeed      *self,
           CpisTaskFeedState  state)
{
  if (self->state == state)
    return;

  g_debug ("Task feed: %s → %s", state_name (self->state), state_name (state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (CpisTaskFeed *self,
                const GError *error)
{
  if (self->last_error == NULL && error == NULL)
    return;

  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
destroy_source (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

/* A timeout on the feed's context (the thread-default one it was started
 * on), as the client's own deadlines are */
static GSource *
add_timeout (CpisTaskFeed *self,
             guint         milliseconds,
             GSourceFunc   func,
             const char   *name)
{
  GSource *source = g_timeout_source_new (milliseconds);

  g_source_set_callback (source, func, self, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, self->context);
  return source;
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Whether @error means that the hub could not be reached at all */
static gboolean
is_unreachable (const GError *error)
{
  if (error == NULL)
    return FALSE;

  if (error->domain == CPIS_HUB_CLIENT_ERROR)
    return (error->code == CPIS_HUB_CLIENT_ERROR_UNREACHABLE ||
            error->code == CPIS_HUB_CLIENT_ERROR_TIMEOUT ||
            error->code == CPIS_HUB_CLIENT_ERROR_TLS);

  return error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR ||
         error->domain == G_TLS_ERROR;
}

static void
clear_pending (Subscription *subscription)
{
  for (guint i = 0; i < subscription->pending->len; i++)
    g_clear_object (&g_array_index (subscription->pending, Pending, i).task);
  g_array_set_size (subscription->pending, 0);
}

/* The Subscription is gone from the hub (or was never made): the next
 * attempt makes a new one, whose events are numbered from 1 */
static void
forget_subscription (Subscription *subscription)
{
  g_clear_pointer (&subscription->id, g_free);
  subscription->last = 0;
  subscription->known = 0;
  subscription->handshaken = FALSE;
  subscription->fetching = FALSE;
  subscription->fetch_wanted = FALSE;
  clear_pending (subscription);
}

/* The hub no longer has Subscription @index (404, close 4404 or 4410): a
 * new one is made, and what the old one would have carried meanwhile may
 * be missed, which "resync-needed" says once live again */
static void
subscription_gone (CpisTaskFeed *self,
                   guint         index)
{
  Subscription *subscription = &self->subscriptions[index];

  if (subscription->id == NULL)
    return;

  g_debug ("Task feed: Subscription %s is gone from the hub", subscription->id);
  forget_subscription (subscription);
  self->resync_wanted = TRUE;
}

static int
find_subscription (CpisTaskFeed *self,
                   const char   *id)
{
  for (guint i = 0; i < N_SUBSCRIPTIONS; i++)
    if (self->subscriptions[i].id != NULL && id != NULL &&
        g_ascii_strcasecmp (self->subscriptions[i].id, id) == 0)
      return (int) i;

  return -1;
}

static gboolean
is_running (CpisTaskFeed *self)
{
  return self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable);
}

/* ------------------------------------------------------------------------ */
/* Emitting */

/* Emits @task unless a version of it as new was emitted already. FALSE if
 * the feed stopped meanwhile (a handler may stop it). */
static gboolean
emit_task (CpisTaskFeed *self,
           CpisTask     *task)
{
  const char *id = cpis_task_get_id (task);
  const char *version_text = cpis_task_get_version (task);
  guint64 version = 0;
  guint64 *emitted;

  if (id == NULL)
    return is_running (self);

  if (version_text != NULL)
    g_ascii_string_to_unsigned (version_text, 10, 0, G_MAXUINT64, &version, NULL);

  emitted = g_hash_table_lookup (self->emitted, id);
  if (emitted != NULL && *emitted >= version)
    return is_running (self);

  if (emitted == NULL)
    {
      emitted = g_new (guint64, 1);
      g_hash_table_insert (self->emitted, g_strdup (id), emitted);
    }
  *emitted = version;

  g_signal_emit (self, signals[SIGNAL_TASK_CHANGED], 0, task);
  return is_running (self);
}

/* Deals with event @number (and @task, may be NULL) of @index in order.
 * FALSE if the feed stopped meanwhile. */
static gboolean
deal_with (CpisTaskFeed *self,
           guint         index,
           guint64       number,
           CpisTask     *task)
{
  Subscription *subscription = &self->subscriptions[index];

  if (number <= subscription->last)
    return TRUE;

  subscription->last = number;
  subscription->known = MAX (subscription->known, number);
  if (task == NULL)
    {
      /* $events with full-resource gives every Task: not this hub */
      g_debug ("Task feed: event %" G_GUINT64_FORMAT " of %s came without its Task",
               number, subscription->id);
      return TRUE;
    }

  return emit_task (self, task);
}

/* Emits what was held that now follows on. FALSE if the feed stopped. */
static gboolean
drain_pending (CpisTaskFeed *self,
               guint         index)
{
  Subscription *subscription = &self->subscriptions[index];

  while (subscription->pending->len > 0)
    {
      Pending first = g_array_index (subscription->pending, Pending, 0);

      if (first.number > subscription->last + 1)
        break;

      g_array_remove_index (subscription->pending, 0);
      if (!deal_with (self, index, first.number, first.task))
        {
          g_clear_object (&first.task);
          return FALSE;
        }
      g_clear_object (&first.task);
    }

  return TRUE;
}

static void
hold (Subscription *subscription,
      guint64       number,
      CpisTask     *task)
{
  Pending pending = { number, g_object_ref (task) };
  guint i;

  for (i = 0; i < subscription->pending->len; i++)
    {
      Pending *held = &g_array_index (subscription->pending, Pending, i);

      if (held->number == number)
        {
          g_object_unref (pending.task);
          return;
        }
      if (held->number > number)
        break;
    }

  g_array_insert_val (subscription->pending, i, pending);
}

/* ------------------------------------------------------------------------ */
/* $events */

static void
events_fetched_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  g_autoptr(CpisNotification) notification = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisTaskFeed) self = NULL;
  Subscription *subscription;
  guint64 last_before;

  notification = cpis_hub_client_get_subscription_events_finish (CPIS_HUB_CLIENT (source), result,
                                                                 &error);
  if (is_cancelled (error))
    return;

  self = g_object_ref (step->feed);
  subscription = &self->subscriptions[step->index];
  if (g_strcmp0 (subscription->id, step->id) != 0)
    return; /* a Subscription given up on since */
  subscription->fetching = FALSE;

  if (notification == NULL)
    {
      g_debug ("Task feed: $events of %s failed: %s %d", step->id,
               g_quark_to_string (error->domain), error->code);
      subscription->fetch_wanted = TRUE;

      if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED))
        lose_connection (self, error);
      else if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_NOT_FOUND))
        {
          subscription_gone (self, step->index);
          lose_connection (self, error);
        }
      else if (self->state != CPIS_TASK_FEED_STATE_LIVE)
        {
          set_last_error (self, error);
          if (is_unreachable (error))
            set_state (self, CPIS_TASK_FEED_STATE_DOWN);
        }
      return;
    }

  if (self->state == CPIS_TASK_FEED_STATE_DOWN)
    set_state (self, CPIS_TASK_FEED_STATE_RECONNECTING);

  last_before = subscription->last;
  subscription->known = MAX (subscription->known, notification->events_since_start);
  g_debug ("Task feed: $events of %s from %" G_GUINT64_FORMAT ": %u events, count %" G_GUINT64_FORMAT,
           step->id, last_before + 1, notification->events->len, notification->events_since_start);

  for (guint i = 0; i < notification->events->len; i++)
    {
      CpisNotificationEvent *event = g_ptr_array_index (notification->events, i);

      if (!deal_with (self, step->index, event->number, event->task))
        return;
    }
  if (!drain_pending (self, step->index))
    return;

  subscription->fetch_wanted = FALSE;
  if (subscription->last < subscription->known)
    {
      /* more to come; or the hub told of more since this was asked */
      if (subscription->last > last_before || subscription->known > subscription->known_asked)
        fetch_events (self, step->index);
      else
        subscription->fetch_wanted = TRUE; /* the hub told of more than it gave: ask again later */
    }
}

static void
fetch_events (CpisTaskFeed *self,
              guint         index)
{
  Subscription *subscription = &self->subscriptions[index];

  if (!is_running (self) || subscription->id == NULL || subscription->fetching)
    return;

  subscription->fetching = TRUE;
  subscription->known_asked = subscription->known;
  cpis_hub_client_get_subscription_events_async (self->client, subscription->id,
                                                 subscription->last + 1, self->cancellable,
                                                 events_fetched_cb, step_new (self, index));
}

/* ------------------------------------------------------------------------ */
/* The websocket */

static gboolean
unref_idle_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
drop_websocket (CpisTaskFeed *self)
{
  SoupWebsocketConnection *ws = g_steal_pointer (&self->ws);

  if (ws == NULL)
    return;

  g_signal_handlers_disconnect_by_data (ws, self);
  if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  /* not from inside one of its own signals: let go once they are over */
  {
    g_autoptr(GSource) idle = g_idle_source_new ();

    g_source_set_callback (idle, unref_idle_cb, ws, NULL);
    g_source_set_static_name (idle, "[cpis] task feed websocket let go");
    g_source_attach (idle, self->context);
  }
}

static void
notification_received (CpisTaskFeed     *self,
                       CpisNotification *notification)
{
  int index = find_subscription (self, notification->subscription_id);
  Subscription *subscription;
  gboolean all_handshaken = TRUE;

  if (index < 0)
    {
      g_debug ("Task feed: a notification for a Subscription not of this feed");
      return;
    }
  subscription = &self->subscriptions[index];
  subscription->heard_usec = g_get_monotonic_time ();

  switch (notification->type)
    {
    case CPIS_NOTIFICATION_HANDSHAKE:
      g_debug ("Task feed: handshake for %s, count %" G_GUINT64_FORMAT ", last %" G_GUINT64_FORMAT,
               subscription->id, notification->events_since_start, subscription->last);
      subscription->handshaken = TRUE;
      subscription->known = MAX (subscription->known, notification->events_since_start);
      if (subscription->known > subscription->last)
        fetch_events (self, index);

      for (guint i = 0; i < N_SUBSCRIPTIONS; i++)
        all_handshaken = all_handshaken && self->subscriptions[i].handshaken;
      if (all_handshaken)
        {
          self->n_failures = 0;
          set_last_error (self, NULL);
          set_state (self, CPIS_TASK_FEED_STATE_LIVE);
          if (self->resync_wanted && is_running (self))
            {
              self->resync_wanted = FALSE;
              g_signal_emit (self, signals[SIGNAL_RESYNC_NEEDED], 0);
            }
        }
      break;

    case CPIS_NOTIFICATION_HEARTBEAT:
    case CPIS_NOTIFICATION_QUERY_STATUS:
      subscription->known = MAX (subscription->known, notification->events_since_start);
      if (subscription->known > subscription->last || subscription->fetch_wanted)
        fetch_events (self, index);
      break;

    case CPIS_NOTIFICATION_EVENT:
    case CPIS_NOTIFICATION_QUERY_EVENT:
    default:
      for (guint i = 0; i < notification->events->len; i++)
        {
          CpisNotificationEvent *event = g_ptr_array_index (notification->events, i);

          subscription->known = MAX (subscription->known, event->number);
          if (event->number <= subscription->last)
            continue;

          if (event->number == subscription->last + 1 && !subscription->fetching &&
              event->task != NULL)
            {
              if (!deal_with (self, index, event->number, event->task) ||
                  !drain_pending (self, index))
                return;
              continue;
            }

          /* a gap, or a fetch out: held, in order, until the fetch fills it */
          if (event->task != NULL)
            hold (subscription, event->number, event->task);
          fetch_events (self, index);
        }
      break;
    }
}

static void
message_cb (SoupWebsocketConnection *ws,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  g_autoptr(CpisTaskFeed) self = g_object_ref (user_data);
  g_autoptr(CpisNotification) notification = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (message, &length);

  self->last_message_usec = g_get_monotonic_time ();

  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    notification = cpis_fhir_decode_notification (data, length, &error);

  if (notification == NULL)
    {
      g_debug ("Task feed: a websocket message that is not a notification (%s)",
               error != NULL ? g_quark_to_string (error->domain) : "binary");
      g_clear_error (&error);
      error = g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                                   _("The hub sent something on the live feed that could not "
                                     "be read. Reconnecting."));
      lose_connection (self, error);
      return;
    }

  notification_received (self, notification);
}

static void
closed_cb (SoupWebsocketConnection *ws,
           gpointer                 user_data)
{
  g_autoptr(CpisTaskFeed) self = g_object_ref (user_data);
  gushort code = soup_websocket_connection_get_close_code (ws);
  g_autoptr(GError) error = NULL;

  g_debug ("Task feed: the websocket closed (%u)", code);

  switch (code)
    {
    case CPIS_WEBSOCKET_CLOSE_NOT_FOUND:
    case CPIS_WEBSOCKET_CLOSE_ENDED:
      /* the last one bound: the others went unseen before it */
      for (guint i = 0; i < N_SUBSCRIPTIONS; i++)
        subscription_gone (self, i);
      error = g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_NOT_FOUND,
                                   _("The live feed of notifications ended on the hub. "
                                     "Reconnecting."));
      break;

    case CPIS_WEBSOCKET_CLOSE_FORBIDDEN:
      error = g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED,
                                   _("The hub stopped sending notifications: only social "
                                     "workers may be sent their authority’s notifications."));
      break;

    case CPIS_WEBSOCKET_CLOSE_UNAUTHORISED:
      /* a new binding token is asked for at once; if the sign-in itself
       * ended, that answers 401 */
    default:
      error = g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_SERVER,
                                   _("The live feed of notifications was interrupted. "
                                     "Reconnecting."));
      break;
    }

  lose_connection (self, error);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  CpisTaskFeed *self = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  gboolean unreachable = TRUE;

  gint64 silence = 2 * (gint64) self->heartbeat_period * G_USEC_PER_SEC;
  gboolean silent = self->ws != NULL && now - self->last_message_usec > silence;

  /* each Subscription has its own heartbeat: one unbound behind the
   * feed's back (deleted, say) falls silent while the other speaks */
  for (guint i = 0; i < N_SUBSCRIPTIONS && self->ws != NULL; i++)
    silent = silent || (self->subscriptions[i].handshaken &&
                        now - self->subscriptions[i].heard_usec > silence);

  if (silent)
    {
      g_debug ("Task feed: no message for two heartbeat periods");
      error = g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TIMEOUT,
                                   _("The hub’s live feed of notifications fell silent. "
                                     "Reconnecting."));
      /* it was reached: the socket hangs (or the hub does) */
      unreachable = FALSE;
    }
  else if (self->ws == NULL && self->attempting &&
           now - self->attempt_started_usec > CONNECT_TIMEOUT_SECONDS * G_USEC_PER_SEC)
    {
      error = g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TIMEOUT,
                           _("The CP-IS hub did not answer within %u seconds."),
                           CONNECT_TIMEOUT_SECONDS);
    }

  if (error != NULL)
    {
      g_object_ref (self);
      lose_connection_full (self, error, unreachable);
      g_object_unref (self);
    }

  return G_SOURCE_CONTINUE;
}

static void
websocket_connected_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisTaskFeed) self = NULL;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (is_cancelled (error))
    return;

  self = g_object_ref (step->feed);
  if (step->serial != self->attempt_serial)
    return;

  if (ws == NULL)
    {
      g_autoptr(GError) unreachable = NULL;

      g_debug ("Task feed: the websocket could not be opened: %s %d",
               g_quark_to_string (error->domain), error->code);
      unreachable = g_error_new_literal (CPIS_HUB_CLIENT_ERROR,
                                         error->domain == G_IO_ERROR
                                           ? CPIS_HUB_CLIENT_ERROR_UNREACHABLE
                                           : CPIS_HUB_CLIENT_ERROR_SERVER,
                                         _("The hub’s live feed of notifications could not be "
                                           "opened. Retrying."));
      lose_connection (self, unreachable);
      return;
    }

  self->attempting = FALSE;
  self->ws = g_steal_pointer (&ws);
  self->last_message_usec = g_get_monotonic_time ();
  soup_websocket_connection_set_max_incoming_payload_size (self->ws, MAX_MESSAGE_BYTES);
  soup_websocket_connection_set_keepalive_interval (self->ws, 0);
  g_signal_connect (self->ws, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (self->ws, "closed", G_CALLBACK (closed_cb), self);

  soup_websocket_connection_send_text (self->ws, step->bind);
}

static void
binding_token_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  g_autoptr(CpisBindingToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(CpisTaskFeed) self = NULL;

  token = cpis_hub_client_get_binding_token_finish (CPIS_HUB_CLIENT (source), result, &error);
  if (is_cancelled (error))
    return;

  self = g_object_ref (step->feed);
  if (step->serial != self->attempt_serial)
    return;

  if (token == NULL)
    {
      lose_connection (self, error);
      /* which one is gone: $events answers 404 for it, and it is remade */
      if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_NOT_FOUND))
        for (guint i = 0; i < N_SUBSCRIPTIONS; i++)
          fetch_events (self, i);
      return;
    }

  msg = soup_message_new (SOUP_METHOD_GET, token->websocket_url);
  if (msg == NULL)
    {
      g_autoptr(GError) unreadable = _cpis_hub_client_unreadable_error ();

      lose_connection (self, unreadable);
      return;
    }

  g_clear_pointer (&step->bind, g_free);
  step->bind = g_strconcat ("bind-with-token ", token->token, NULL);
  soup_session_websocket_connect_async (self->ws_session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->attempt_cancellable, websocket_connected_cb,
                                        g_steal_pointer (&step));
}

static void
subscription_created_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  g_autoptr(CpisSubscription) made = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisTaskFeed) self = NULL;
  Subscription *subscription;

  made = cpis_hub_client_create_subscription_finish (CPIS_HUB_CLIENT (source), result, &error);
  if (is_cancelled (error))
    return;

  self = g_object_ref (step->feed);
  subscription = &self->subscriptions[step->index];

  if (made != NULL && subscription->id == NULL)
    {
      g_debug ("Task feed: made Subscription %s", made->id);
      forget_subscription (subscription);
      subscription->id = g_strdup (made->id);
    }

  if (step->serial != self->attempt_serial)
    return;

  if (made == NULL)
    {
      lose_connection (self, error);
      return;
    }

  connect_now (self);
}

/* One step on of the attempt: make what Subscription is missing, or get
 * the binding token for both */
static void
connect_now (CpisTaskFeed *self)
{
  const char *ids[N_SUBSCRIPTIONS + 1] = { NULL, };

  if (!is_running (self) || self->ws != NULL)
    return;

  if (!self->attempting)
    {
      self->attempting = TRUE;
      self->attempt_serial++;
      self->attempt_started_usec = g_get_monotonic_time ();
      g_clear_object (&self->attempt_cancellable);
      self->attempt_cancellable = g_cancellable_new ();
    }

  for (guint i = 0; i < N_SUBSCRIPTIONS; i++)
    {
      Subscription *subscription = &self->subscriptions[i];

      if (subscription->id == NULL)
        {
          cpis_hub_client_create_subscription_async (self->client, subscription->topic,
                                                     subscription->reason,
                                                     self->heartbeat_period,
                                                     CPIS_SUBSCRIPTION_PAYLOAD_FULL_RESOURCE,
                                                     self->cancellable, subscription_created_cb,
                                                     step_new (self, i));
          return;
        }
      ids[i] = subscription->id;
    }

  cpis_hub_client_get_binding_token_async (self->client, ids, self->attempt_cancellable,
                                           binding_token_cb, step_new (self, 0));
}

/* ------------------------------------------------------------------------ */
/* Losing the connection, and coming back */

static gboolean
reconnect_cb (gpointer user_data)
{
  CpisTaskFeed *self = user_data;

  g_clear_pointer (&self->reconnect, destroy_source);
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static gboolean
poll_cb (gpointer user_data)
{
  CpisTaskFeed *self = user_data;

  for (guint i = 0; i < N_SUBSCRIPTIONS; i++)
    if (self->state != CPIS_TASK_FEED_STATE_LIVE || self->subscriptions[i].fetch_wanted)
      fetch_events (self, i);

  return G_SOURCE_CONTINUE;
}

/* Milliseconds before the next attempt: min · 2^failures, up to max, of
 * which a random half */
static guint
back_off_delay (CpisTaskFeed *self)
{
  guint64 delay = MAX (self->reconnect_min_delay, 1);

  for (guint i = 1; i < self->n_failures && delay < self->reconnect_max_delay; i++)
    delay *= 2;
  delay = MIN (delay, MAX (self->reconnect_max_delay, self->reconnect_min_delay));

  return (guint) (delay / 2 + g_random_int_range (0, (gint32) MIN (delay / 2 + 1, G_MAXINT32)));
}

static void
end_run (CpisTaskFeed *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->attempt_cancellable != NULL)
    g_cancellable_cancel (self->attempt_cancellable);
  g_clear_object (&self->attempt_cancellable);
  self->attempting = FALSE;
  self->attempt_serial++;

  g_clear_pointer (&self->reconnect, destroy_source);
  g_clear_pointer (&self->poll, destroy_source);
  g_clear_pointer (&self->watchdog, destroy_source);
  drop_websocket (self);

  for (guint i = 0; i < N_SUBSCRIPTIONS; i++)
    {
      self->subscriptions[i].handshaken = FALSE;
      self->subscriptions[i].fetching = FALSE;
    }
}

/* The websocket (or the attempt at one) is gone, for @error; DOWN when
 * @unreachable, RECONNECTING otherwise */
static void
lose_connection_full (CpisTaskFeed *self,
                      GError       *error,
                      gboolean      unreachable)
{
  if (!is_running (self))
    return;

  if (self->attempt_cancellable != NULL)
    g_cancellable_cancel (self->attempt_cancellable);
  g_clear_object (&self->attempt_cancellable);
  self->attempting = FALSE;
  self->attempt_serial++;
  drop_websocket (self);
  for (guint i = 0; i < N_SUBSCRIPTIONS; i++)
    self->subscriptions[i].handshaken = FALSE;

  if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED))
    {
      g_debug ("Task feed: the hub ended the sign-in");
      end_run (self);
      set_last_error (self, error);
      set_state (self, CPIS_TASK_FEED_STATE_STOPPED);
      g_signal_emit (self, signals[SIGNAL_UNAUTHORISED], 0);
      return;
    }

  set_last_error (self, error);
  set_state (self, unreachable ? CPIS_TASK_FEED_STATE_DOWN : CPIS_TASK_FEED_STATE_RECONNECTING);

  self->n_failures++;
  g_clear_pointer (&self->reconnect, destroy_source);
  self->reconnect = add_timeout (self, back_off_delay (self), reconnect_cb,
                                 "[cpis] task feed reconnect");
}

static void
lose_connection (CpisTaskFeed *self,
                 GError       *error)
{
  lose_connection_full (self, error, is_unreachable (error));
}

/* ------------------------------------------------------------------------ */
/* The object */

static void
cpis_task_feed_dispose (GObject *object)
{
  CpisTaskFeed *self = CPIS_TASK_FEED (object);

  if (self->client != NULL)
    cpis_task_feed_stop (self);
  g_clear_object (&self->ws_session);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (cpis_task_feed_parent_class)->dispose (object);
}

static void
cpis_task_feed_finalize (GObject *object)
{
  CpisTaskFeed *self = CPIS_TASK_FEED (object);

  for (guint i = 0; i < N_SUBSCRIPTIONS; i++)
    {
      forget_subscription (&self->subscriptions[i]);
      g_array_unref (self->subscriptions[i].pending);
    }
  g_hash_table_unref (self->emitted);
  g_clear_error (&self->last_error);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (cpis_task_feed_parent_class)->finalize (object);
}

static void
cpis_task_feed_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CpisTaskFeed *self = CPIS_TASK_FEED (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_boxed (value, self->last_error);
      break;
    case PROP_HEARTBEAT_PERIOD:
      g_value_set_uint (value, self->heartbeat_period);
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval);
      break;
    case PROP_RECONNECT_MIN_DELAY:
      g_value_set_uint (value, self->reconnect_min_delay);
      break;
    case PROP_RECONNECT_MAX_DELAY:
      g_value_set_uint (value, self->reconnect_max_delay);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_task_feed_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CpisTaskFeed *self = CPIS_TASK_FEED (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_HEARTBEAT_PERIOD:
      cpis_task_feed_set_heartbeat_period (self, g_value_get_uint (value));
      break;
    case PROP_POLL_INTERVAL:
      cpis_task_feed_set_poll_interval (self, g_value_get_uint (value));
      break;
    case PROP_RECONNECT_MIN_DELAY:
      cpis_task_feed_set_reconnect_min_delay (self, g_value_get_uint (value));
      break;
    case PROP_RECONNECT_MAX_DELAY:
      cpis_task_feed_set_reconnect_max_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_task_feed_class_init (CpisTaskFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cpis_task_feed_dispose;
  object_class->finalize = cpis_task_feed_finalize;
  object_class->get_property = cpis_task_feed_get_property;
  object_class->set_property = cpis_task_feed_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CPIS_TYPE_HUB_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CPIS_TYPE_TASK_FEED_STATE,
                       CPIS_TASK_FEED_STATE_STOPPED, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_boxed ("last-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEARTBEAT_PERIOD] =
    g_param_spec_uint ("heartbeat-period", NULL, NULL, 1, CPIS_SUBSCRIPTION_MAX_HEARTBEAT_PERIOD,
                       CPIS_TASK_FEED_DEFAULT_HEARTBEAT_PERIOD,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL, 10, G_MAXINT32,
                       CPIS_TASK_FEED_DEFAULT_POLL_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECONNECT_MIN_DELAY] =
    g_param_spec_uint ("reconnect-min-delay", NULL, NULL, 1, G_MAXINT32,
                       CPIS_TASK_FEED_DEFAULT_RECONNECT_MIN_DELAY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECONNECT_MAX_DELAY] =
    g_param_spec_uint ("reconnect-max-delay", NULL, NULL, 1, G_MAXINT32,
                       CPIS_TASK_FEED_DEFAULT_RECONNECT_MAX_DELAY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TASK_CHANGED] =
    g_signal_new ("task-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, CPIS_TYPE_TASK);
  signals[SIGNAL_UNAUTHORISED] =
    g_signal_new ("unauthorised", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_RESYNC_NEEDED] =
    g_signal_new ("resync-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
cpis_task_feed_init (CpisTaskFeed *self)
{
  static const char * const topics[N_SUBSCRIPTIONS] = {
    CPIS_SUBSCRIPTION_TOPIC_NEW_NOTIFICATION,
    CPIS_SUBSCRIPTION_TOPIC_NOTIFICATION_CHANGED,
  };

  self->state = CPIS_TASK_FEED_STATE_STOPPED;
  self->heartbeat_period = CPIS_TASK_FEED_DEFAULT_HEARTBEAT_PERIOD;
  self->poll_interval = CPIS_TASK_FEED_DEFAULT_POLL_INTERVAL;
  self->reconnect_min_delay = CPIS_TASK_FEED_DEFAULT_RECONNECT_MIN_DELAY;
  self->reconnect_max_delay = CPIS_TASK_FEED_DEFAULT_RECONNECT_MAX_DELAY;
  self->emitted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < N_SUBSCRIPTIONS; i++)
    {
      self->subscriptions[i].topic = topics[i];
      self->subscriptions[i].reason = i == 0 ? "CP-IS Desktop: new notifications, live"
                                             : "CP-IS Desktop: notifications changed, live";
      self->subscriptions[i].pending = g_array_new (FALSE, FALSE, sizeof (Pending));
    }
}

/* ------------------------------------------------------------------------ */
/* Public API */

CpisTaskFeed *
cpis_task_feed_new (CpisHubClient *client)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (client), NULL);

  return g_object_new (CPIS_TYPE_TASK_FEED, "client", client, NULL);
}

CpisHubClient *
cpis_task_feed_get_client (CpisTaskFeed *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_FEED (self), NULL);

  return self->client;
}

void
cpis_task_feed_start (CpisTaskFeed *self)
{
  SoupSession *client_session;

  g_return_if_fail (CPIS_IS_TASK_FEED (self));

  if (self->cancellable != NULL)
    return;

  if (self->ws_session == NULL)
    {
      client_session = _cpis_hub_client_get_session (self->client);
      /* no I/O timeout: a websocket is quiet between heartbeats, which the
       * watchdog counts instead */
      self->ws_session = soup_session_new_with_options ("timeout", 0,
                                                        "idle-timeout", 0,
                                                        "user-agent",
                                                        soup_session_get_user_agent (client_session),
                                                        "tls-database",
                                                        soup_session_get_tls_database (client_session),
                                                        NULL);
    }

  self->cancellable = g_cancellable_new ();
  self->n_failures = 0;
  set_last_error (self, NULL);
  set_state (self, CPIS_TASK_FEED_STATE_CONNECTING);

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->poll = add_timeout (self, self->poll_interval, poll_cb, "[cpis] task feed poll");
  self->watchdog = add_timeout (self, MAX (self->heartbeat_period * 1000 / 4, 50), watchdog_cb,
                                "[cpis] task feed watchdog");

  connect_now (self);
}

void
cpis_task_feed_stop (CpisTaskFeed *self)
{
  g_return_if_fail (CPIS_IS_TASK_FEED (self));

  end_run (self);

  /* best effort: the hub keeps at most 20 a user; nothing waits for it */
  for (guint i = 0; i < N_SUBSCRIPTIONS; i++)
    {
      Subscription *subscription = &self->subscriptions[i];

      if (subscription->id != NULL && cpis_hub_client_is_signed_in (self->client))
        cpis_hub_client_delete_subscription_async (self->client, subscription->id, NULL, NULL,
                                                   NULL);
      forget_subscription (subscription);
    }

  set_state (self, CPIS_TASK_FEED_STATE_STOPPED);
}

CpisTaskFeedState
cpis_task_feed_get_state (CpisTaskFeed *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_FEED (self), CPIS_TASK_FEED_STATE_STOPPED);

  return self->state;
}

const GError *
cpis_task_feed_get_last_error (CpisTaskFeed *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_FEED (self), NULL);

  return self->last_error;
}

guint
cpis_task_feed_get_heartbeat_period (CpisTaskFeed *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_FEED (self), 0);

  return self->heartbeat_period;
}

void
cpis_task_feed_set_heartbeat_period (CpisTaskFeed *self,
                                     guint         seconds)
{
  g_return_if_fail (CPIS_IS_TASK_FEED (self));

  seconds = CLAMP (seconds, 1, CPIS_SUBSCRIPTION_MAX_HEARTBEAT_PERIOD);
  if (self->heartbeat_period == seconds)
    return;

  self->heartbeat_period = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEARTBEAT_PERIOD]);
}

guint
cpis_task_feed_get_poll_interval (CpisTaskFeed *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_FEED (self), 0);

  return self->poll_interval;
}

void
cpis_task_feed_set_poll_interval (CpisTaskFeed *self,
                                  guint         milliseconds)
{
  g_return_if_fail (CPIS_IS_TASK_FEED (self));

  milliseconds = MAX (milliseconds, 10);
  if (self->poll_interval == milliseconds)
    return;

  self->poll_interval = milliseconds;
  if (self->poll != NULL)
    {
      g_clear_pointer (&self->poll, destroy_source);
      self->poll = add_timeout (self, self->poll_interval, poll_cb, "[cpis] task feed poll");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

guint
cpis_task_feed_get_reconnect_min_delay (CpisTaskFeed *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_FEED (self), 0);

  return self->reconnect_min_delay;
}

void
cpis_task_feed_set_reconnect_min_delay (CpisTaskFeed *self,
                                        guint         milliseconds)
{
  g_return_if_fail (CPIS_IS_TASK_FEED (self));

  milliseconds = MAX (milliseconds, 1);
  if (self->reconnect_min_delay == milliseconds)
    return;

  self->reconnect_min_delay = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_MIN_DELAY]);
}

guint
cpis_task_feed_get_reconnect_max_delay (CpisTaskFeed *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_FEED (self), 0);

  return self->reconnect_max_delay;
}

void
cpis_task_feed_set_reconnect_max_delay (CpisTaskFeed *self,
                                        guint         milliseconds)
{
  g_return_if_fail (CPIS_IS_TASK_FEED (self));

  milliseconds = MAX (milliseconds, 1);
  if (self->reconnect_max_delay == milliseconds)
    return;

  self->reconnect_max_delay = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_MAX_DELAY]);
}
