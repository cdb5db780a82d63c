/* cpis-hub-store-subscriptions.c: Subscriptions, their events, and the
 * watches that hear of committed events (cpis-hub-store-subscriptions.h)
 *
 * An event is raised inside the job that writes a notification's version
 * (cpis-hub-store-accesses.c for a new one, cpis-hub-store-tasks.c for a
 * change): the Subscriptions to the topic, of social workers of the
 * notification's LA, each count one more, and an event row with that number
 * is written, in the same transaction. The writer hands the job's events to
 * the watches only once the batch is committed, so an event anyone hears of
 * is on disk, and one whose transaction failed is never heard of.
 */
#include "cpis-hub-store-subscriptions.h"

#include "cpis-hub-store-private.h"
#include "cpis-uuid.h"

typedef struct
{
  guint                  id;
  CpisHubStoreEventsFunc func;
  gpointer               user_data;
} StoreEventsWatch;

static const char * const topic_words[] = {
  [CPIS_HUB_TOPIC_NEW_NOTIFICATION] = "new-notification",
  [CPIS_HUB_TOPIC_NOTIFICATION_CHANGED] = "notification-changed",
};

static const char * const payload_words[] = {
  [CPIS_HUB_PAYLOAD_EMPTY] = "empty",
  [CPIS_HUB_PAYLOAD_ID_ONLY] = "id-only",
  [CPIS_HUB_PAYLOAD_FULL_RESOURCE] = "full-resource",
};

gboolean
cpis_hub_topic_from_string (const char   *text,
                            CpisHubTopic *topic)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (topic_words); i++)
    if (g_str_equal (text, topic_words[i]))
      {
        *topic = i;
        return TRUE;
      }

  return FALSE;
}

const char *
cpis_hub_topic_to_string (CpisHubTopic topic)
{
  return (guint) topic < G_N_ELEMENTS (topic_words) ? topic_words[topic] : NULL;
}

gboolean
cpis_hub_payload_from_string (const char     *text,
                              CpisHubPayload *payload)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (payload_words); i++)
    if (g_str_equal (text, payload_words[i]))
      {
        *payload = i;
        return TRUE;
      }

  return FALSE;
}

const char *
cpis_hub_payload_to_string (CpisHubPayload payload)
{
  return (guint) payload < G_N_ELEMENTS (payload_words) ? payload_words[payload] : NULL;
}

CpisHubSubscription *
cpis_hub_subscription_copy (const CpisHubSubscription *subscription)
{
  CpisHubSubscription *copy;

  if (subscription == NULL)
    return NULL;

  copy = g_memdup2 (subscription, sizeof *subscription);
  copy->id = g_strdup (subscription->id);
  copy->la_ods_code = g_strdup (subscription->la_ods_code);
  copy->reason = g_strdup (subscription->reason);
  return copy;
}

void
cpis_hub_subscription_free (CpisHubSubscription *subscription)
{
  if (subscription == NULL)
    return;

  g_free (subscription->id);
  g_free (subscription->la_ods_code);
  g_free (subscription->reason);
  g_free (subscription);
}

CpisHubSubscriptionEvent *
cpis_hub_subscription_event_copy (const CpisHubSubscriptionEvent *event)
{
  CpisHubSubscriptionEvent *copy;

  if (event == NULL)
    return NULL;

  copy = g_memdup2 (event, sizeof *event);
  copy->subscription_id = g_strdup (event->subscription_id);
  copy->la_ods_code = g_strdup (event->la_ods_code);
  copy->notification_id = g_strdup (event->notification_id);
  return copy;
}

void
cpis_hub_subscription_event_free (CpisHubSubscriptionEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->subscription_id);
  g_free (event->la_ods_code);
  g_free (event->notification_id);
  g_free (event);
}

static StoreValue
int64_or_null (gint64 value)
{
  if (value == 0)
    return (StoreValue) STORE_TEXT (NULL);

  return (StoreValue) STORE_INT64 (value);
}

/* ------------------------------------------------------------------------ */
/* Rows → records */

#define SUBSCRIPTION_COLUMNS \
  "s.seq, s.id, s.user_id, la.ods_code, s.topic, s.payload, s.reason, s.heartbeat_seconds," \
  " s.timeout_seconds, s.max_count, s.end_usec, s.created_usec, s.events_count"
#define SUBSCRIPTION_FROM \
  " FROM subscriptions s JOIN organisations la ON la.id = s.la_id"

static gpointer
subscription_from_row (sqlite3_stmt *stmt,
                       gpointer      user_data)
{
  CpisHubSubscription *subscription = g_new0 (CpisHubSubscription, 1);

  subscription->seq = sqlite3_column_int64 (stmt, 0);
  subscription->id = _cpis_hub_store_column_dup (stmt, 1);
  subscription->user_id = sqlite3_column_int64 (stmt, 2);
  subscription->la_ods_code = _cpis_hub_store_column_dup (stmt, 3);
  /* The schema's CHECKs make the fallbacks unreachable; both are the least */
  if (!cpis_hub_topic_from_string ((const char *) sqlite3_column_text (stmt, 4),
                                   &subscription->topic))
    subscription->topic = CPIS_HUB_TOPIC_NEW_NOTIFICATION;
  if (!cpis_hub_payload_from_string ((const char *) sqlite3_column_text (stmt, 5),
                                     &subscription->payload))
    subscription->payload = CPIS_HUB_PAYLOAD_EMPTY;
  subscription->reason = _cpis_hub_store_column_dup (stmt, 6);
  subscription->heartbeat_seconds = (guint) CLAMP (sqlite3_column_int64 (stmt, 7), 0, G_MAXUINT);
  subscription->timeout_seconds = (guint) CLAMP (sqlite3_column_int64 (stmt, 8), 0, G_MAXUINT);
  subscription->max_count = (guint) CLAMP (sqlite3_column_int64 (stmt, 9), 0, G_MAXUINT);
  subscription->end_usec = sqlite3_column_int64 (stmt, 10);
  subscription->created_usec = sqlite3_column_int64 (stmt, 11);
  subscription->events_count = sqlite3_column_int64 (stmt, 12);

  return subscription;
}

/* s.id, e.event_number, s.topic, la.ods_code, n.id, e.version, e.raised_usec */
static gpointer
event_from_row (sqlite3_stmt *stmt,
                gpointer      user_data)
{
  CpisHubSubscriptionEvent *event = g_new0 (CpisHubSubscriptionEvent, 1);

  event->subscription_id = _cpis_hub_store_column_dup (stmt, 0);
  event->event_number = sqlite3_column_int64 (stmt, 1);
  if (!cpis_hub_topic_from_string ((const char *) sqlite3_column_text (stmt, 2), &event->topic))
    event->topic = CPIS_HUB_TOPIC_NEW_NOTIFICATION;
  event->la_ods_code = _cpis_hub_store_column_dup (stmt, 3);
  event->notification_id = _cpis_hub_store_column_dup (stmt, 4);
  event->version = sqlite3_column_int64 (stmt, 5);
  event->raised_usec = sqlite3_column_int64 (stmt, 6);

  return event;
}

/* ------------------------------------------------------------------------ */
/* Raising events, inside a job */

typedef struct
{
  gint64  seq;
  char   *ods_code;
} NotificationRow;

static gpointer
notification_row_from_row (sqlite3_stmt *stmt,
                           gpointer      user_data)
{
  NotificationRow *row = g_new0 (NotificationRow, 1);

  row->seq = sqlite3_column_int64 (stmt, 0);
  row->ods_code = _cpis_hub_store_column_dup (stmt, 1);
  return row;
}

typedef struct
{
  gint64  seq;
  char   *id;
  gint64  events_count;
} RaisedRow;

static void
raised_row_free (gpointer data)
{
  RaisedRow *row = data;

  g_free (row->id);
  g_free (row);
}

static gpointer
raised_row_from_row (sqlite3_stmt *stmt,
                     gpointer      user_data)
{
  RaisedRow *row = g_new0 (RaisedRow, 1);

  row->seq = sqlite3_column_int64 (stmt, 0);
  row->id = _cpis_hub_store_column_dup (stmt, 1);
  row->events_count = sqlite3_column_int64 (stmt, 2);
  return row;
}

/* The Subscriptions an event of notification ?1 for topic ?2 at ?3 goes to:
 * of its LA, not ended, their owner a social worker there (looked up by
 * the user's key: one look-up a Subscription) */
#define RAISED_SUBSCRIPTIONS \
  " topic = ?2" \
  " AND la_id = (SELECT la_id FROM notifications WHERE seq = ?1)" \
  " AND (end_usec IS NULL OR end_usec > ?3)" \
  " AND EXISTS (SELECT 1 FROM users u WHERE u.id = subscriptions.user_id" \
  "  AND u.organisation_id = subscriptions.la_id AND u.role = 'social-worker')"

gboolean
_cpis_hub_store_raise_events (StoreConn   *conn,
                              StoreJob    *job,
                              const char  *notification_id,
                              gint64       version,
                              gint64       raised_usec,
                              GError     **error)
{
  CpisHubTopic topic = version == 1 ? CPIS_HUB_TOPIC_NEW_NOTIFICATION
                                    : CPIS_HUB_TOPIC_NOTIFICATION_CHANGED;
  g_autoptr(GPtrArray) raised = g_ptr_array_new_with_free_func (raised_row_free);
  NotificationRow *notification = NULL;
  int found;

  found = _cpis_hub_store_conn_first (conn, "look up the notification",
                                      "SELECT n.seq, la.ods_code FROM notifications n"
                                      " JOIN organisations la ON la.id = n.la_id WHERE n.id = ?1",
                                      STORE_PARAMS (STORE_TEXT (notification_id)),
                                      notification_row_from_row, NULL,
                                      (gpointer *) &notification, error);
  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                           "There is no such notification to raise events for");
      return FALSE;
    }

  /* Whatever a Subscription says, it hears of its own LA only, and only
   * while its owner is a social worker there. The two statements below name
   * the same Subscriptions (RAISED_SUBSCRIPTIONS, in one transaction): the
   * first counts one more event for each, the second writes each event with
   * its new number, in one statement however many there are. */
  if (_cpis_hub_store_conn_all (conn, "count the subscriptions' events",
                                "UPDATE subscriptions SET events_count = events_count + 1"
                                " WHERE" RAISED_SUBSCRIPTIONS
                                " RETURNING seq, id, events_count",
                                STORE_PARAMS (STORE_INT64 (notification->seq),
                                              STORE_TEXT (cpis_hub_topic_to_string (topic)),
                                              STORE_INT64 (raised_usec)),
                                raised_row_from_row, NULL, raised, error) < 0)
    goto fail;

  if (raised->len > 0 &&
      !_cpis_hub_store_conn_exec (conn, "record the subscriptions' events",
                                  "INSERT INTO subscription_events"
                                  " (subscription_seq, event_number, notification_seq, version,"
                                  "  raised_usec)"
                                  " SELECT seq, events_count, ?1, ?4, ?3 FROM subscriptions"
                                  " WHERE" RAISED_SUBSCRIPTIONS,
                                  STORE_PARAMS (STORE_INT64 (notification->seq),
                                                STORE_TEXT (cpis_hub_topic_to_string (topic)),
                                                STORE_INT64 (raised_usec),
                                                STORE_INT64 (version)),
                                  error))
    goto fail;

  if (sqlite3_changes (conn->db) != (int) raised->len)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                           "Could not record the subscriptions' events");
      goto fail;
    }

  for (guint i = 0; i < raised->len; i++)
    {
      RaisedRow *row = g_ptr_array_index (raised, i);
      CpisHubSubscriptionEvent *event = g_new0 (CpisHubSubscriptionEvent, 1);

      event->subscription_id = g_strdup (row->id);
      event->event_number = row->events_count;
      event->topic = topic;
      event->la_ods_code = g_strdup (notification->ods_code);
      event->notification_id = g_strdup (notification_id);
      event->version = version;
      event->raised_usec = raised_usec;

      if (job->out_events == NULL)
        job->out_events = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_hub_subscription_event_free);
      g_ptr_array_add (job->out_events, event);
    }

  g_free (notification->ods_code);
  g_free (notification);
  return TRUE;

fail:
  g_free (notification->ods_code);
  g_free (notification);
  return FALSE;
}

GPtrArray *
_cpis_hub_store_take_events (StoreJob **jobs,
                             guint      n_jobs)
{
  g_autoptr(GPtrArray) events = NULL;

  for (guint i = 0; i < n_jobs; i++)
    {
      g_autoptr(GPtrArray) raised = g_steal_pointer (&jobs[i]->out_events);

      if (raised == NULL)
        continue;

      if (events == NULL)
        events = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_hub_subscription_event_free);

      /* moved, not copied: @raised frees nothing */
      g_ptr_array_set_free_func (raised, NULL);
      g_ptr_array_extend_and_steal (events, g_steal_pointer (&raised));
    }

  return g_steal_pointer (&events);
}

void
_cpis_hub_store_deliver_events (CpisHubStore *self,
                                GPtrArray    *events)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->events_mutex);

  for (GSList *l = self->events_watches; l != NULL; l = l->next)
    {
      StoreEventsWatch *watch = l->data;

      watch->func (events, watch->user_data);
    }
}

/* ------------------------------------------------------------------------ */
/* Jobs */

static gboolean
add_subscription_run (StoreConn  *conn,
                      StoreJob   *job,
                      GError    **error)
{
  const CpisHubSubscription *data = job->data;
  g_autofree char *id = cpis_uuid_new ();

  if (data->la_ods_code == NULL || data->reason == NULL)
    return _cpis_hub_store_missing_field (error, "the local authority or the reason");

  if (!_cpis_hub_store_conn_exec (conn, "record the subscription",
                                  "INSERT INTO subscriptions"
                                  " (id, user_id, la_id, topic, payload, reason, heartbeat_seconds,"
                                  "  timeout_seconds, max_count, end_usec, created_usec)"
                                  " SELECT ?1, u.id, u.organisation_id, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                                  "  ?10"
                                  " FROM users u JOIN organisations la ON la.id = u.organisation_id"
                                  " WHERE u.id = ?2 AND la.ods_code = ?11"
                                  " AND u.role = 'social-worker'",
                                  STORE_PARAMS (STORE_TEXT (id), STORE_INT64 (data->user_id),
                                                STORE_TEXT (cpis_hub_topic_to_string (data->topic)),
                                                STORE_TEXT (cpis_hub_payload_to_string (data->payload)),
                                                STORE_TEXT (data->reason),
                                                int64_or_null (data->heartbeat_seconds),
                                                int64_or_null (data->timeout_seconds),
                                                int64_or_null (data->max_count),
                                                int64_or_null (data->end_usec),
                                                STORE_INT64 (data->created_usec),
                                                STORE_TEXT (data->la_ods_code)),
                                  error))
    return FALSE;

  if (sqlite3_changes (conn->db) != 1)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                           "There is no such social worker of that local authority");
      return FALSE;
    }

  job->out_text = g_steal_pointer (&id);
  return TRUE;
}

typedef struct
{
  gint64  user_id;
  char   *id;
} DeleteData;

static void
delete_data_free (gpointer data)
{
  DeleteData *delete = data;

  g_free (delete->id);
  g_free (delete);
}

static gboolean
delete_subscription_run (StoreConn  *conn,
                         StoreJob   *job,
                         GError    **error)
{
  const DeleteData *data = job->data;

  /* Its events go with it (ON DELETE CASCADE) */
  if (!_cpis_hub_store_conn_exec (conn, "delete the subscription",
                                  "DELETE FROM subscriptions WHERE id = ?1 AND user_id = ?2",
                                  STORE_PARAMS (STORE_TEXT (data->id), STORE_INT64 (data->user_id)),
                                  error))
    return FALSE;

  if (sqlite3_changes (conn->db) != 1)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                           "There is no such subscription");
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Public API */

void
cpis_hub_store_add_subscription_async (CpisHubStore              *self,
                                       const CpisHubSubscription *subscription,
                                       GCancellable              *cancellable,
                                       GAsyncReadyCallback        callback,
                                       gpointer                   user_data)
{
  StoreJob *job;

  g_return_if_fail (CPIS_HUB_IS_STORE (self));
  g_return_if_fail (subscription != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = _cpis_hub_store_job_new (add_subscription_run, "subscriptions",
                                 cpis_hub_subscription_copy (subscription),
                                 (GDestroyNotify) cpis_hub_subscription_free);
  job->returns_text = TRUE;
  _cpis_hub_store_run_async (self, job, cpis_hub_store_add_subscription_async, cancellable,
                             callback, user_data);
}

char *
cpis_hub_store_add_subscription_finish (CpisHubStore  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cpis_hub_store_add_subscription_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
cpis_hub_store_list_subscriptions (CpisHubStore  *self,
                                   gint64         user_id,
                                   GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_all (self, "list the subscriptions",
                                   "SELECT " SUBSCRIPTION_COLUMNS SUBSCRIPTION_FROM
                                   " WHERE s.user_id = ?1 ORDER BY s.seq",
                                   STORE_PARAMS (STORE_INT64 (user_id)), subscription_from_row,
                                   (GDestroyNotify) cpis_hub_subscription_free, error);
}

CpisHubSubscription *
cpis_hub_store_find_subscription (CpisHubStore  *self,
                                  gint64         user_id,
                                  const char    *id,
                                  GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_first (self, "find the subscription",
                                     "SELECT " SUBSCRIPTION_COLUMNS SUBSCRIPTION_FROM
                                     " WHERE s.id = ?1 AND s.user_id = ?2",
                                     STORE_PARAMS (STORE_TEXT (id), STORE_INT64 (user_id)),
                                     subscription_from_row, NULL, error);
}

void
cpis_hub_store_delete_subscription_async (CpisHubStore        *self,
                                          gint64               user_id,
                                          const char          *id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  DeleteData *data;
  StoreJob *job;

  g_return_if_fail (CPIS_HUB_IS_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (DeleteData, 1);
  data->user_id = user_id;
  data->id = g_strdup (id);
  job = _cpis_hub_store_job_new (delete_subscription_run, "subscriptions", data,
                                 delete_data_free);
  _cpis_hub_store_run_async (self, job, cpis_hub_store_delete_subscription_async, cancellable,
                             callback, user_data);
}

gboolean
cpis_hub_store_delete_subscription_finish (CpisHubStore  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cpis_hub_store_delete_subscription_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
cpis_hub_store_list_subscription_events (CpisHubStore  *self,
                                         gint64         user_id,
                                         const char    *id,
                                         gint64         since,
                                         gint64         until,
                                         guint          limit,
                                         GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The primary key, read in order: no sort */
  return _cpis_hub_store_read_all (self, "list the subscription's events",
                                   "SELECT s.id, e.event_number, s.topic, la.ods_code, n.id,"
                                   " e.version, e.raised_usec"
                                   " FROM subscriptions s"
                                   " JOIN subscription_events e ON e.subscription_seq = s.seq"
                                   " JOIN notifications n ON n.seq = e.notification_seq"
                                   " JOIN organisations la ON la.id = n.la_id"
                                   " WHERE s.id = ?1 AND s.user_id = ?2"
                                   " AND e.event_number BETWEEN ?3 AND ?4"
                                   " ORDER BY e.event_number LIMIT ?5",
                                   STORE_PARAMS (STORE_TEXT (id), STORE_INT64 (user_id),
                                                 STORE_INT64 (since), STORE_INT64 (until),
                                                 STORE_INT64 (limit)),
                                   event_from_row,
                                   (GDestroyNotify) cpis_hub_subscription_event_free, error);
}

typedef struct
{
  gint64   user_id;
  gint64   expires_usec;
  gboolean revoked;
} TokenState;

static gpointer
token_state_from_row (sqlite3_stmt *stmt,
                      gpointer      user_data)
{
  TokenState *state = user_data;

  state->user_id = sqlite3_column_int64 (stmt, 0);
  state->expires_usec = sqlite3_column_int64 (stmt, 1);
  state->revoked = sqlite3_column_int64 (stmt, 2) != 0;
  return state;
}

int
cpis_hub_store_get_token_state (CpisHubStore  *self,
                                const char    *token_hash,
                                gint64        *user_id,
                                gint64        *expires_usec,
                                gboolean      *revoked,
                                GError       **error)
{
  TokenState state = { 0 };
  g_autoptr(GError) local_error = NULL;
  gpointer found;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), -1);
  g_return_val_if_fail (token_hash != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  found = _cpis_hub_store_read_first (self, "look up the token",
                                      "SELECT user_id, expires_usec, revoked FROM tokens"
                                      " WHERE token_hash = ?1",
                                      STORE_PARAMS (STORE_TEXT (token_hash)),
                                      token_state_from_row, &state, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }
  if (found == NULL)
    return 0;

  if (user_id != NULL)
    *user_id = state.user_id;
  if (expires_usec != NULL)
    *expires_usec = state.expires_usec;
  if (revoked != NULL)
    *revoked = state.revoked;
  return 1;
}

guint
cpis_hub_store_add_events_watch (CpisHubStore           *self,
                                 CpisHubStoreEventsFunc  func,
                                 gpointer                user_data)
{
  g_autoptr(GMutexLocker) locker = NULL;
  StoreEventsWatch *watch;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  locker = g_mutex_locker_new (&self->events_mutex);
  watch = g_new0 (StoreEventsWatch, 1);
  watch->id = ++self->next_watch_id;
  watch->func = func;
  watch->user_data = user_data;
  self->events_watches = g_slist_append (self->events_watches, watch);

  return watch->id;
}

void
cpis_hub_store_remove_events_watch (CpisHubStore *self,
                                    guint         id)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (CPIS_HUB_IS_STORE (self));

  /* The writer calls the watches under this lock: once we hold it, none runs */
  locker = g_mutex_locker_new (&self->events_mutex);
  for (GSList *l = self->events_watches; l != NULL; l = l->next)
    {
      StoreEventsWatch *watch = l->data;

      if (watch->id == id)
        {
          self->events_watches = g_slist_delete_link (self->events_watches, l);
          g_free (watch);
          return;
        }
    }
}
