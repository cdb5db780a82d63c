/* test-task-feed.c: CpisTaskFeed, the live feed of an LA's notifications
 *
 * Against the real hub in-process (cpis-test-hub.h), over real HTTP and a
 * real websocket on loopback: a clinician's check arrives within a second,
 * a colleague's change as the Task's next version; nothing is emitted
 * twice across a forced reconnection; events raised while the websocket
 * was down are fetched at the handshake (a gap); polling delivers while no
 * websocket can be bound; the hub stopped and started again (DOWN, then
 * LIVE, nothing lost); a revoked sign-in ("unauthorised", no more
 * reconnections); what the hub should never send (not JSON, the wrong
 * Bundle) makes the feed reconnect; and after a stop, nothing. Hooks into
 * the hub: cpis-hub-push-private.h.
 *
 * Timings are short (a heartbeat of a second, reconnections within a
 * fraction of one); every wait is for a condition, with a deadline that
 * turns a hang into a failure. NHS numbers are synthetic (999 range, valid
 * check digits).
 */
#include <string.h>

#include "cpis-hub-client-private.h"
#include "cpis-hub-push-private.h"
#include "cpis-hub-server-private.h"
#include "cpis-task-feed.h"
#include "cpis-trusted-certificate.h"
#include "cpis-test-fake-hub.h"
#include "cpis-test-hub.h"
#include "cpis-test-util.h"

#define PASSWORD "correct horse battery"
#define N_CHILDREN 6

/* A failure, not a measurement: generous for a loaded machine */
#define DEADLINE_SECONDS 10.0
/* How long a test waits to be sure that nothing comes */
#define QUIET_SECONDS    1.0

typedef struct
{
  CpisTestHub   *hub;
  SoupSession   *session;    /* the test's own HTTP */
  char          *nurse;      /* the clinician's bearer token */
  char          *children[N_CHILDREN];
  CpisHubClient *client;     /* the social worker's */
  CpisHubClient *colleague;  /* another social worker of the same LA */
  CpisTaskFeed  *feed;

  GPtrArray     *emitted;    /* CpisTask, as emitted */
  GArray        *states;     /* CpisTaskFeedState, each one it went to */
  guint          n_unauthorised;
  guint          n_resync;
  gboolean       emitted_while_live_only; /* FALSE once one came while not LIVE */
} Fixture;

/* ------------------------------------------------------------------------ */
/* Waiting */

typedef gboolean (*Condition) (Fixture *fixture,
                               gconstpointer data);

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @condition holds, at most @seconds */
static gboolean
wait_for (Fixture       *fixture,
          Condition      condition,
          gconstpointer  data,
          double         seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint wake = g_timeout_add (10, wake_cb, NULL);
  gboolean held;

  while (!(held = condition (fixture, data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake);
  return held;
}

/* Iterates the main context for @seconds (to be sure nothing comes) */
static gboolean
never (Fixture       *fixture,
       gconstpointer  data)
{
  return FALSE;
}

static void
stay_quiet (Fixture *fixture,
            double   seconds)
{
  wait_for (fixture, never, NULL, seconds);
}

static gboolean
in_state (Fixture       *fixture,
          gconstpointer  data)
{
  return cpis_task_feed_get_state (fixture->feed) == (CpisTaskFeedState) GPOINTER_TO_INT (data);
}

static gboolean
went_through (Fixture       *fixture,
              gconstpointer  data)
{
  for (guint i = 0; i < fixture->states->len; i++)
    if (g_array_index (fixture->states, CpisTaskFeedState, i) ==
        (CpisTaskFeedState) GPOINTER_TO_INT (data))
      return TRUE;
  return FALSE;
}

static gboolean
n_emitted_at_least (Fixture       *fixture,
                    gconstpointer  data)
{
  return fixture->emitted->len >= GPOINTER_TO_UINT (data);
}

static gboolean
unauthorised (Fixture       *fixture,
              gconstpointer  data)
{
  return fixture->n_unauthorised > 0;
}

static gboolean
resync_needed (Fixture       *fixture,
               gconstpointer  data)
{
  return fixture->n_resync > 0;
}

static void
wait_state (Fixture           *fixture,
            CpisTaskFeedState  state)
{
  g_assert_true (wait_for (fixture, in_state, GINT_TO_POINTER (state), DEADLINE_SECONDS));
}

static void
wait_emitted (Fixture *fixture,
              guint    n)
{
  g_assert_true (wait_for (fixture, n_emitted_at_least, GUINT_TO_POINTER (n), DEADLINE_SECONDS));
}

static void
forget_states (Fixture *fixture)
{
  g_array_set_size (fixture->states, 0);
}

/* ------------------------------------------------------------------------ */
/* The hub */

/* An unscheduled check by the nurse of child @index: recorded, and
 * notified to the LA; returns once the nurse has the answer */
static void
check (Fixture *fixture,
       guint    index)
{
  g_autofree char *url = NULL;
  g_autoptr(CpisTestResponse) response = NULL;

  url = g_strdup_printf ("%s/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%%7C%s",
                         cpis_test_hub_get_base_url (fixture->hub), fixture->children[index]);
  response = cpis_test_http_request (fixture->session, "GET", url, fixture->nurse, NULL,
                                     "IsUnscheduledAccessEvent", "true", NULL);
  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
}

/* The colleague accepts @task: its next version */
static CpisTask *
accept_as_colleague (Fixture  *fixture,
                     CpisTask *task)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisTask) current = NULL;
  CpisTaskUpdate update;
  CpisTask *accepted;

  cpis_hub_client_get_task_async (fixture->colleague, cpis_task_get_id (task), NULL,
                                  cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  current = cpis_hub_client_get_task_finish (fixture->colleague, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  cpis_task_update_init (&update, current);
  update.status = CPIS_TASK_STATUS_ACCEPTED;
  cpis_hub_client_update_task_async (fixture->colleague, current, &update, NULL,
                                     cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  accepted = cpis_hub_client_update_task_finish (fixture->colleague, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  return accepted;
}

/* How many Subscriptions the social worker has on the hub */
static guint
count_subscriptions (Fixture *fixture)
{
  g_autofree char *url = g_strdup_printf ("%s/Subscription",
                                          cpis_test_hub_get_base_url (fixture->hub));
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;

  response = cpis_test_http_request (fixture->session, "GET", url,
                                     _cpis_hub_client_get_token (fixture->client), NULL, NULL);
  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);

  return (guint) json_object_get_int_member (json_node_get_object (root), "total");
}

/* The id of the social worker's Subscription to @topic on the hub */
static char *
subscription_to (Fixture    *fixture,
                 const char *topic)
{
  g_autofree char *url = g_strdup_printf ("%s/Subscription",
                                          cpis_test_hub_get_base_url (fixture->hub));
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *entries;

  response = cpis_test_http_request (fixture->session, "GET", url,
                                     _cpis_hub_client_get_token (fixture->client), NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);
  entries = json_object_get_array_member (json_node_get_object (root), "entry");

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *resource = json_object_get_object_member (
        json_array_get_object_element (entries, i), "resource");

      if (g_strcmp0 (json_object_get_string_member (resource, "criteria"), topic) == 0)
        return g_strdup (json_object_get_string_member (resource, "id"));
    }

  g_assert_not_reached ();
}

static gboolean
no_subscriptions (Fixture       *fixture,
                  gconstpointer  data)
{
  return count_subscriptions (fixture) == 0;
}

static gboolean
n_connections (Fixture       *fixture,
               gconstpointer  data)
{
  return _cpis_hub_push_count_connections (cpis_test_hub_get_push (fixture->hub)) ==
         GPOINTER_TO_UINT (data);
}

/* ------------------------------------------------------------------------ */
/* The feed */

static void
task_changed_cb (CpisTaskFeed *feed,
                 CpisTask     *task,
                 Fixture      *fixture)
{
  g_assert_true (CPIS_IS_TASK (task));
  g_ptr_array_add (fixture->emitted, g_object_ref (task));
  if (cpis_task_feed_get_state (feed) != CPIS_TASK_FEED_STATE_LIVE)
    fixture->emitted_while_live_only = FALSE;
}

static void
unauthorised_cb (CpisTaskFeed *feed,
                 Fixture      *fixture)
{
  fixture->n_unauthorised++;
}

static void
resync_needed_cb (CpisTaskFeed *feed,
                  Fixture      *fixture)
{
  g_assert_cmpint (cpis_task_feed_get_state (feed), ==, CPIS_TASK_FEED_STATE_LIVE);
  fixture->n_resync++;
}

static void
state_changed_cb (CpisTaskFeed *feed,
                  GParamSpec   *pspec,
                  Fixture      *fixture)
{
  CpisTaskFeedState state = cpis_task_feed_get_state (feed);

  g_array_append_val (fixture->states, state);
}

/* Asserts that no Task version was emitted twice */
static void
assert_each_once (Fixture *fixture)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < fixture->emitted->len; i++)
    {
      CpisTask *task = g_ptr_array_index (fixture->emitted, i);
      char *key = g_strdup_printf ("%s/%s", cpis_task_get_id (task), cpis_task_get_version (task));

      g_assert_true (g_hash_table_add (seen, key));
    }
}

static void
start_live (Fixture *fixture)
{
  cpis_task_feed_start (fixture->feed);
  wait_state (fixture, CPIS_TASK_FEED_STATE_LIVE);
}

/* ------------------------------------------------------------------------ */
/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->hub = cpis_test_hub_new ();

  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (fixture->hub, "sw", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "sw2", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");

  for (guint i = 0; i < N_CHILDREN; i++)
    {
      fixture->children[i] = cpis_test_nhs_number (7100 + 37 * i);
      cpis_test_hub_add_plan (fixture->hub, fixture->children[i], "CPP", "2025-01-02", NULL, NULL,
                              "LA1");
    }

  fixture->session = soup_session_new_with_options ("timeout", 60, NULL);
  fixture->nurse = cpis_test_hub_sign_in (fixture->hub, "nurse", PASSWORD);
  fixture->client = cpis_test_hub_sign_in_client (fixture->hub, "sw", PASSWORD);
  fixture->colleague = cpis_test_hub_sign_in_client (fixture->hub, "sw2", PASSWORD);

  fixture->emitted = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->states = g_array_new (FALSE, FALSE, sizeof (CpisTaskFeedState));
  fixture->emitted_while_live_only = TRUE;

  fixture->feed = cpis_task_feed_new (fixture->client);
  g_object_set (fixture->feed,
                "heartbeat-period", 1,
                "poll-interval", 60000, /* no polling unless a test wants it */
                "reconnect-min-delay", 20,
                "reconnect-max-delay", 200,
                NULL);
  g_signal_connect (fixture->feed, "task-changed", G_CALLBACK (task_changed_cb), fixture);
  g_signal_connect (fixture->feed, "unauthorised", G_CALLBACK (unauthorised_cb), fixture);
  g_signal_connect (fixture->feed, "resync-needed", G_CALLBACK (resync_needed_cb), fixture);
  g_signal_connect (fixture->feed, "notify::state", G_CALLBACK (state_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->feed);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->colleague);
  g_clear_object (&fixture->session);
  g_free (fixture->nurse);
  for (guint i = 0; i < N_CHILDREN; i++)
    g_free (fixture->children[i]);
  g_ptr_array_unref (fixture->emitted);
  g_array_unref (fixture->states);

  cpis_test_hub_free (fixture->hub);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ------------------------------------------------------------------------ */
/* Tests */

/* A clinician's check reaches the social worker's feed within a second */
static void
test_check_arrives (Fixture       *fixture,
                    gconstpointer  data)
{
  CpisTask *task;
  gint64 answered;

  g_assert_cmpint (cpis_task_feed_get_state (fixture->feed), ==, CPIS_TASK_FEED_STATE_STOPPED);
  start_live (fixture);
  g_assert_null (cpis_task_feed_get_last_error (fixture->feed));
  g_assert_cmpuint (fixture->emitted->len, ==, 0);

  check (fixture, 0);
  answered = g_get_monotonic_time ();
  g_assert_true (wait_for (fixture, n_emitted_at_least, GUINT_TO_POINTER (1), 1.0));
  g_test_message ("check answered → task-changed: %.1f ms",
                  (g_get_monotonic_time () - answered) / 1000.0);

  g_assert_cmpuint (fixture->emitted->len, ==, 1);
  task = g_ptr_array_index (fixture->emitted, 0);
  g_assert_cmpstr (cpis_task_get_nhs_number (task), ==, fixture->children[0]);
  g_assert_cmpstr (cpis_task_get_version (task), ==, "1");
  g_assert_cmpint (cpis_task_get_status (task), ==, CPIS_TASK_STATUS_REQUESTED);
  g_assert_true (fixture->emitted_while_live_only);
  g_assert_cmpint (cpis_task_feed_get_state (fixture->feed), ==, CPIS_TASK_FEED_STATE_LIVE);
}

/* A colleague's change arrives as the Task's next version, once */
static void
test_colleague_update (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CpisTask) accepted = NULL;
  CpisTask *task;

  start_live (fixture);
  check (fixture, 0);
  wait_emitted (fixture, 1);

  accepted = accept_as_colleague (fixture, g_ptr_array_index (fixture->emitted, 0));
  g_assert_cmpstr (cpis_task_get_version (accepted), ==, "2");
  wait_emitted (fixture, 2);

  task = g_ptr_array_index (fixture->emitted, 1);
  g_assert_cmpstr (cpis_task_get_id (task), ==, cpis_task_get_id (accepted));
  g_assert_cmpstr (cpis_task_get_version (task), ==, "2");
  g_assert_cmpint (cpis_task_get_status (task), ==, CPIS_TASK_STATUS_ACCEPTED);
  g_assert_cmpstr (cpis_task_get_modified_by_display (task), ==,
                   cpis_task_get_modified_by_display (accepted));

  stay_quiet (fixture, QUIET_SECONDS);
  g_assert_cmpuint (fixture->emitted->len, ==, 2);
  assert_each_once (fixture);
}

/* Every websocket dropped: the feed reconnects, and emits nothing twice */
static void
test_reconnect_no_duplicates (Fixture       *fixture,
                              gconstpointer  data)
{
  start_live (fixture);
  check (fixture, 0);
  check (fixture, 1);
  wait_emitted (fixture, 2);

  for (guint round = 0; round < 3; round++)
    {
      forget_states (fixture);
      _cpis_hub_push_drop_all (cpis_test_hub_get_push (fixture->hub));
      g_assert_true (wait_for (fixture, went_through,
                               GINT_TO_POINTER (CPIS_TASK_FEED_STATE_RECONNECTING),
                               DEADLINE_SECONDS));
      wait_state (fixture, CPIS_TASK_FEED_STATE_LIVE);
    }

  check (fixture, 2);
  wait_emitted (fixture, 3);
  stay_quiet (fixture, QUIET_SECONDS);

  g_assert_cmpuint (fixture->emitted->len, ==, 3);
  assert_each_once (fixture);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (cpis_task_get_nhs_number (g_ptr_array_index (fixture->emitted, i)), ==,
                     fixture->children[i]);
}

/* Events raised while the websocket was down (and nothing polled) are
 * fetched when the handshake shows the gap, in order, before newer ones.
 * The heartbeat is long here, so that it is the handshake's count, not a
 * heartbeat's, that shows the gap. */
static void
test_gap_after_reconnect (Fixture       *fixture,
                          gconstpointer  data)
{
  CpisHubPush *push = cpis_test_hub_get_push (fixture->hub);

  cpis_task_feed_set_heartbeat_period (fixture->feed, 30);
  start_live (fixture);
  check (fixture, 0);
  wait_emitted (fixture, 1);

  _cpis_hub_push_set_refusing (push, TRUE);
  _cpis_hub_push_drop_all (push);
  wait_state (fixture, CPIS_TASK_FEED_STATE_RECONNECTING);

  check (fixture, 1);
  check (fixture, 2);
  /* no websocket, no poll (a minute away): nothing can have come */
  g_assert_cmpuint (fixture->emitted->len, ==, 1);

  _cpis_hub_push_set_refusing (push, FALSE);
  wait_state (fixture, CPIS_TASK_FEED_STATE_LIVE);
  /* well before the first heartbeat (30 s) */
  g_assert_true (wait_for (fixture, n_emitted_at_least, GUINT_TO_POINTER (3), 5.0));
  check (fixture, 3);
  wait_emitted (fixture, 4);

  g_assert_cmpuint (fixture->emitted->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (cpis_task_get_nhs_number (g_ptr_array_index (fixture->emitted, i)), ==,
                     fixture->children[i]);
  assert_each_once (fixture);
}

/* A websocket that stays open but says nothing (no heartbeat for two
 * periods) is taken as dropped: the feed reconnects, and what was raised
 * meanwhile comes once it hears again */
static void
test_silent_socket (Fixture       *fixture,
                    gconstpointer  data)
{
  CpisHubPush *push = cpis_test_hub_get_push (fixture->hub);

  start_live (fixture);
  check (fixture, 0);
  wait_emitted (fixture, 1);

  forget_states (fixture);
  _cpis_hub_push_set_muted (push, TRUE);
  check (fixture, 1);
  /* two heartbeat periods (2 s) without a word */
  g_assert_true (wait_for (fixture, in_state,
                           GINT_TO_POINTER (CPIS_TASK_FEED_STATE_RECONNECTING), DEADLINE_SECONDS));
  g_assert_true (g_error_matches (cpis_task_feed_get_last_error (fixture->feed),
                                  CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TIMEOUT));
  g_assert_cmpuint (fixture->emitted->len, ==, 1);

  _cpis_hub_push_set_muted (push, FALSE);
  wait_state (fixture, CPIS_TASK_FEED_STATE_LIVE);
  wait_emitted (fixture, 2);
  g_assert_cmpstr (cpis_task_get_nhs_number (g_ptr_array_index (fixture->emitted, 1)), ==,
                   fixture->children[1]);
  assert_each_once (fixture);
}

/* A Subscription deleted behind the feed's back (the websocket stays open,
 * bound to the other): its heartbeat stops, the feed reconnects, finds it
 * gone (404), makes another, and says that the inbox should be re-read */
static void
test_subscription_deleted (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *url = NULL;
  g_autofree char *replaced = NULL;
  g_autoptr(CpisTestResponse) deleted = NULL;

  start_live (fixture);
  id = subscription_to (fixture, CPIS_SUBSCRIPTION_TOPIC_NEW_NOTIFICATION);
  url = g_strdup_printf ("%s/Subscription/%s", cpis_test_hub_get_base_url (fixture->hub), id);
  deleted = cpis_test_http_request (fixture->session, "DELETE", url,
                                    _cpis_hub_client_get_token (fixture->client), NULL, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);

  g_assert_true (wait_for (fixture, resync_needed, NULL, DEADLINE_SECONDS));
  g_assert_cmpuint (fixture->n_resync, ==, 1);
  g_assert_cmpint (cpis_task_feed_get_state (fixture->feed), ==, CPIS_TASK_FEED_STATE_LIVE);
  g_assert_cmpuint (count_subscriptions (fixture), ==, 2);
  replaced = subscription_to (fixture, CPIS_SUBSCRIPTION_TOPIC_NEW_NOTIFICATION);
  g_assert_cmpstr (replaced, !=, id);

  check (fixture, 0);
  wait_emitted (fixture, 1);
  g_assert_cmpstr (cpis_task_get_nhs_number (g_ptr_array_index (fixture->emitted, 0)), ==,
                   fixture->children[0]);
}

/* No websocket can be bound: polling $events delivers meanwhile */
static void
test_polling_while_unbound (Fixture       *fixture,
                            gconstpointer  data)
{
  CpisHubPush *push = cpis_test_hub_get_push (fixture->hub);

  cpis_task_feed_set_poll_interval (fixture->feed, 100);
  _cpis_hub_push_set_refusing (push, TRUE);
  cpis_task_feed_start (fixture->feed);
  wait_state (fixture, CPIS_TASK_FEED_STATE_RECONNECTING);
  g_assert_nonnull (cpis_task_feed_get_last_error (fixture->feed));

  check (fixture, 0);
  wait_emitted (fixture, 1);
  check (fixture, 1);
  wait_emitted (fixture, 2);

  g_assert_false (went_through (fixture, GINT_TO_POINTER (CPIS_TASK_FEED_STATE_LIVE)));
  g_assert_false (fixture->emitted_while_live_only);
  g_assert_cmpstr (cpis_task_get_nhs_number (g_ptr_array_index (fixture->emitted, 0)), ==,
                   fixture->children[0]);
  g_assert_cmpstr (cpis_task_get_nhs_number (g_ptr_array_index (fixture->emitted, 1)), ==,
                   fixture->children[1]);

  /* and once it can bind, it is live, and emits nothing again */
  _cpis_hub_push_set_refusing (push, FALSE);
  wait_state (fixture, CPIS_TASK_FEED_STATE_LIVE);
  stay_quiet (fixture, QUIET_SECONDS);
  g_assert_cmpuint (fixture->emitted->len, ==, 2);
  assert_each_once (fixture);
}

/* The hub goes away: DOWN (still retrying); back on the same port: LIVE
 * again, with what was raised meanwhile */
static void
test_hub_down_and_back (Fixture       *fixture,
                        gconstpointer  data)
{
  cpis_task_feed_set_poll_interval (fixture->feed, 200);
  start_live (fixture);
  check (fixture, 0);
  wait_emitted (fixture, 1);

  cpis_test_hub_stop_server (fixture->hub);
  wait_state (fixture, CPIS_TASK_FEED_STATE_DOWN);
  g_assert_nonnull (cpis_task_feed_get_last_error (fixture->feed));
  g_assert_true (g_error_matches (cpis_task_feed_get_last_error (fixture->feed),
                                  CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREACHABLE));

  /* raised while the hub is away (as by another hub process on its database) */
  cpis_test_hub_record_check (fixture->hub, fixture->children[1], "nurse", "LA1");
  stay_quiet (fixture, 0.3);
  g_assert_cmpint (cpis_task_feed_get_state (fixture->feed), ==, CPIS_TASK_FEED_STATE_DOWN);
  g_assert_cmpuint (fixture->emitted->len, ==, 1);

  cpis_test_hub_restart_server (fixture->hub);
  wait_state (fixture, CPIS_TASK_FEED_STATE_LIVE);
  g_assert_null (cpis_task_feed_get_last_error (fixture->feed));
  wait_emitted (fixture, 2);
  g_assert_cmpstr (cpis_task_get_nhs_number (g_ptr_array_index (fixture->emitted, 1)), ==,
                   fixture->children[1]);

  check (fixture, 2);
  wait_emitted (fixture, 3);
  g_assert_cmpstr (cpis_task_get_nhs_number (g_ptr_array_index (fixture->emitted, 2)), ==,
                   fixture->children[2]);
  assert_each_once (fixture);
}

/* The sign-in revoked: "unauthorised", STOPPED, and no more reconnections;
 * signed in again, started again, it goes on from where it was */
static void
test_unauthorised (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("%s/oauth2/revoke",
                                          cpis_test_hub_get_origin (fixture->hub));
  g_autofree char *form = soup_form_encode ("token", _cpis_hub_client_get_token (fixture->client),
                                            NULL);
  g_autoptr(CpisTestResponse) revoked = NULL;
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  cpis_task_feed_set_poll_interval (fixture->feed, 100);
  start_live (fixture);
  check (fixture, 0);
  wait_emitted (fixture, 1);

  revoked = cpis_test_http_request (fixture->session, "POST", url, NULL, form, NULL);
  g_assert_no_error (revoked->error);
  g_assert_cmpuint (revoked->status, ==, 200);

  g_assert_true (wait_for (fixture, unauthorised, NULL, DEADLINE_SECONDS));
  g_assert_cmpint (cpis_task_feed_get_state (fixture->feed), ==, CPIS_TASK_FEED_STATE_STOPPED);
  g_assert_true (g_error_matches (cpis_task_feed_get_last_error (fixture->feed),
                                  CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED));

  /* many back-off delays and polls: nothing tries again */
  check (fixture, 1);
  stay_quiet (fixture, QUIET_SECONDS);
  g_assert_cmpuint (fixture->n_unauthorised, ==, 1);
  g_assert_cmpint (cpis_task_feed_get_state (fixture->feed), ==, CPIS_TASK_FEED_STATE_STOPPED);
  g_assert_cmpuint (_cpis_hub_push_count_connections (cpis_test_hub_get_push (fixture->hub)), ==,
                    0);
  g_assert_cmpuint (fixture->emitted->len, ==, 1);

  /* signed in again: the same Subscriptions, from the last event seen */
  user = cpis_test_client_sign_in (fixture->client, "sw", PASSWORD, NULL, &error);
  g_assert_no_error (error);
  start_live (fixture);
  wait_emitted (fixture, 2);
  g_assert_cmpstr (cpis_task_get_nhs_number (g_ptr_array_index (fixture->emitted, 1)), ==,
                   fixture->children[1]);
  assert_each_once (fixture);
}

/* What the hub should never send: the feed drops the websocket and
 * reconnects, and goes on */
static void
test_malformed_messages (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const hostile[] = {
    "not JSON at all {",
    "{\"resourceType\": \"Bundle\", \"type\": \"searchset\", \"entry\": []}",
    "{\"resourceType\": \"Bundle\", \"type\": \"history\", \"entry\": [{\"resource\": "
    "{\"resourceType\": \"Parameters\", \"parameter\": [{\"name\": \"type\", \"valueCode\": "
    "\"event-notification\"}]}}]}",
    "{\"resourceType\": \"Bundle\", \"type\": \"history\", \"entry\": 7}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]",
  };
  CpisHubPush *push = cpis_test_hub_get_push (fixture->hub);

  start_live (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      forget_states (fixture);
      _cpis_hub_push_send_to_all (push, hostile[i]);
      g_assert_true (wait_for (fixture, went_through,
                               GINT_TO_POINTER (CPIS_TASK_FEED_STATE_RECONNECTING),
                               DEADLINE_SECONDS));
      wait_state (fixture, CPIS_TASK_FEED_STATE_LIVE);
    }

  check (fixture, 0);
  wait_emitted (fixture, 1);
  g_assert_cmpstr (cpis_task_get_nhs_number (g_ptr_array_index (fixture->emitted, 0)), ==,
                   fixture->children[0]);
  /* the old websockets are gone: one is left */
  g_assert_true (wait_for (fixture, n_connections, GUINT_TO_POINTER (1), DEADLINE_SECONDS));
}

/* Stopped: no signal any more, the websocket closed, the Subscriptions deleted */
static void
test_stop (Fixture       *fixture,
           gconstpointer  data)
{
  start_live (fixture);
  g_assert_cmpuint (count_subscriptions (fixture), ==, 2);
  check (fixture, 0);
  wait_emitted (fixture, 1);

  forget_states (fixture);
  cpis_task_feed_stop (fixture->feed);
  g_assert_cmpint (cpis_task_feed_get_state (fixture->feed), ==, CPIS_TASK_FEED_STATE_STOPPED);

  check (fixture, 1);
  stay_quiet (fixture, QUIET_SECONDS);
  g_assert_cmpuint (fixture->emitted->len, ==, 1);
  g_assert_cmpuint (fixture->states->len, ==, 1);
  g_assert_true (wait_for (fixture, n_connections, GUINT_TO_POINTER (0), DEADLINE_SECONDS));
  g_assert_true (wait_for (fixture, no_subscriptions, NULL, DEADLINE_SECONDS));
}

/* ------------------------------------------------------------------------ */
/* A hostile hub (the fake one): what the client does not believe */

#define FAKE_SUB_ID "897a60f7-9b52-4a7a-a50d-c2d538ab6f90"
#define OTHER_SUB_ID "00000000-9b52-4a7a-a50d-c2d538ab6f90"

typedef struct
{
  char  *websocket_url;  /* the binding token's address */
  guint  events_status;  /* $events answers this status */
  char  *events_about;   /* $events answers about this Subscription */
} Hostile;

static void
hostile_cb (CpisFakeHub       *fake,
            SoupServerMessage *msg,
            CpisFakeRequest   *request,
            gpointer           user_data)
{
  Hostile *hostile = user_data;
  g_autofree char *body = NULL;

  if (g_str_has_suffix (request->path, "/$get-ws-binding-token"))
    {
      body = g_strdup_printf (
        "{\"resourceType\": \"Parameters\", \"parameter\": ["
        "{\"name\": \"token\", \"valueString\": \"QVUoCy7p8p7QT6MXE0yaVKb1OFedu4ebl0b6-r-WDcg\"},"
        "{\"name\": \"subscription\", \"valueString\": \"" FAKE_SUB_ID "\"},"
        "{\"name\": \"websocket-url\", \"valueUrl\": \"%s\"}]}",
        hostile->websocket_url);
      cpis_fake_hub_respond (msg, 200, "application/fhir+json", body, NULL);
    }
  else if (g_str_has_suffix (request->path, "/$events"))
    {
      if (hostile->events_status != 200)
        {
          cpis_fake_hub_respond_outcome (msg, hostile->events_status, "not-found", "NOT_FOUND",
                                         NULL);
          return;
        }
      body = g_strdup_printf (
        "{\"resourceType\": \"Bundle\", \"type\": \"history\", \"entry\": [{\"resource\": {"
        "\"resourceType\": \"Parameters\", \"parameter\": ["
        "{\"name\": \"subscription\", \"valueReference\": {\"reference\": \"%s/Subscription/%s\"}},"
        "{\"name\": \"type\", \"valueCode\": \"query-event\"},"
        "{\"name\": \"events-since-subscription-start\", \"valueString\": \"0\"}]}}]}",
        fake->base_url, hostile->events_about);
      cpis_fake_hub_respond (msg, 200, "application/fhir+json", body, NULL);
    }
  else if (g_str_equal (request->method, "POST"))
    {
      body = g_strdup_printf (
        "{\"resourceType\": \"Subscription\", \"id\": \"" FAKE_SUB_ID "\", \"status\": \"active\","
        " \"criteria\": \"" CPIS_SUBSCRIPTION_TOPIC_NEW_NOTIFICATION "\","
        " \"channel\": {\"type\": \"websocket\", \"payload\": \"application/fhir+json\","
        " \"_payload\": {\"extension\": [{\"url\": \"" CPIS_BACKPORT_PAYLOAD_CONTENT_URL "\","
        " \"valueCode\": \"full-resource\"}]}}}");
      cpis_fake_hub_respond (msg, 201, "application/fhir+json", body, NULL);
    }
  else
    cpis_fake_hub_respond (msg, 204, NULL, NULL, NULL);
}

static gpointer
call_finish (CpisHubClient  *client,
             GAsyncResult   *result,
             gpointer        source_tag,
             GError        **error)
{
  if (source_tag == cpis_hub_client_get_binding_token_async)
    return cpis_hub_client_get_binding_token_finish (client, result, error);
  return cpis_hub_client_get_subscription_events_finish (client, result, error);
}

/* Calls $get-ws-binding-token or $events on @client; the error it fails with */
static GError *
call_failing (CpisHubClient *client,
              gpointer       source_tag)
{
  static const char * const ids[] = { FAKE_SUB_ID, NULL };
  GAsyncResult *result = NULL;
  GError *error = NULL;
  gpointer answer;

  if (source_tag == cpis_hub_client_get_binding_token_async)
    cpis_hub_client_get_binding_token_async (client, ids, NULL, cpis_test_store_result_cb, &result);
  else
    cpis_hub_client_get_subscription_events_async (client, FAKE_SUB_ID, 1, NULL,
                                                   cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  answer = call_finish (client, result, source_tag, &error);
  g_object_unref (result);
  g_assert_null (answer);
  g_assert_nonnull (error);

  return error;
}

static void
test_client_untrusted (void)
{
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = NULL;
  g_autoptr(GUri) origin = g_uri_parse (fake->origin, G_URI_FLAGS_NONE, NULL);
  Hostile hostile = { 0 };
  g_autofree char *same_port = NULL;
  const char *elsewhere[3];

  hostile.events_status = 200;
  hostile.events_about = g_strdup (OTHER_SUB_ID);
  fake->task_func = hostile_cb;
  fake->task_data = &hostile;
  client = cpis_fake_hub_sign_in (fake);

  /* the binding token goes only to the hub's own host and port, ws:// for http */
  same_port = g_strdup_printf ("wss://127.0.0.1:%d/cpis/websocket", g_uri_get_port (origin));
  elsewhere[0] = "ws://127.0.0.1:1/cpis/websocket";
  elsewhere[1] = "ws://192.0.2.1/cpis/websocket";
  elsewhere[2] = same_port;
  for (guint i = 0; i < G_N_ELEMENTS (elsewhere); i++)
    {
      g_autoptr(GError) error = NULL;

      g_free (hostile.websocket_url);
      hostile.websocket_url = g_strdup (elsewhere[i]);
      error = call_failing (client, cpis_hub_client_get_binding_token_async);
      g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE);
    }

  /* $events about another Subscription, and the hub's refusals */
  {
    g_autoptr(GError) error = call_failing (client, cpis_hub_client_get_subscription_events_async);

    g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE);
  }
  hostile.events_status = 404;
  {
    g_autoptr(GError) error = call_failing (client, cpis_hub_client_get_subscription_events_async);

    g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_NOT_FOUND);
  }
  hostile.events_status = 401;
  {
    g_autoptr(GError) error = call_failing (client, cpis_hub_client_get_subscription_events_async);

    g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED);
  }

  /* and the feed never opens a websocket elsewhere: it keeps trying, not LIVE */
  {
    g_autoptr(CpisTaskFeed) feed = cpis_task_feed_new (client);
    Fixture fixture = { .feed = feed };
    GPtrArray *asked;

    g_free (hostile.websocket_url);
    hostile.websocket_url = g_strdup (elsewhere[0]);
    hostile.events_status = 200;
    cpis_task_feed_set_reconnect_min_delay (feed, 20);
    cpis_task_feed_set_reconnect_max_delay (feed, 50);
    cpis_task_feed_start (feed);
    g_assert_true (wait_for (&fixture, in_state,
                             GINT_TO_POINTER (CPIS_TASK_FEED_STATE_RECONNECTING), DEADLINE_SECONDS));
    g_assert_error ((GError *) cpis_task_feed_get_last_error (feed), CPIS_HUB_CLIENT_ERROR,
                    CPIS_HUB_CLIENT_ERROR_UNREADABLE);
    asked = cpis_fake_hub_requests_under (fake, "/cpis/FHIR/R4/Subscription");
    g_assert_cmpuint (asked->len, >, 0);
    cpis_task_feed_stop (feed);
  }

  g_free (hostile.websocket_url);
  g_free (hostile.events_about);
}

/* TLS: the organisation's own authority, trusted as Preferences' trusted
 * certificate trusts it, holds for the websocket as for the API. The hub
 * serves https (and wss) with a self-signed certificate, which nothing else
 * on this computer trusts: the feed can be LIVE only if its websocket
 * trusted it too. */
static void
test_tls (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *url = NULL;
  g_autoptr(CpisHubServer) server = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(CpisHubClient) client = NULL;
  g_autoptr(CpisUserInfo) info = NULL;
  g_autoptr(SoupSession) nurse_session = NULL;
  g_autoptr(CpisTestResponse) response = NULL;
  g_autofree char *nurse = NULL;
  CpisTaskFeed *feed;

  dir = g_dir_make_tmp ("cpis-test-tls-XXXXXX", &error);
  g_assert_no_error (error);
  if (!cpis_test_make_certificate (dir, "hub", &cert, &key))
    {
      g_assert_true (cpis_test_remove_tree (dir));
      return;
    }

  /* on this thread's main context, on the fixture's store, with its own push */
  server = cpis_hub_server_new (cpis_test_hub_get_store (fixture->hub));
  g_assert_true (cpis_hub_server_listen (server, "127.0.0.1", 0, cert, key, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cpis_hub_server_get_base_url (server), "https://"));

  database = cpis_trusted_certificate_new_database (cert, &error);
  g_assert_no_error (error);
  client = cpis_hub_client_new (cpis_hub_server_get_base_url (server), NULL);
  cpis_hub_client_set_tls_database (client, database);
  info = cpis_test_client_sign_in (client, "sw", PASSWORD, NULL, &error);
  g_assert_no_error (error);

  g_clear_object (&fixture->feed);
  fixture->feed = feed = cpis_task_feed_new (client);
  g_object_set (feed, "heartbeat-period", 1, "poll-interval", 60000, NULL);
  g_signal_connect (feed, "task-changed", G_CALLBACK (task_changed_cb), fixture);
  cpis_task_feed_start (feed);
  wait_state (fixture, CPIS_TASK_FEED_STATE_LIVE);
  g_assert_null (cpis_task_feed_get_last_error (feed));
  g_assert_cmpuint (_cpis_hub_push_count_connections (_cpis_hub_server_get_push (server)), ==, 1);

  /* a clinician's check, through the same hub over https, reaches it */
  nurse_session = soup_session_new_with_options ("tls-database", database, NULL);
  nurse = cpis_test_http_sign_in (nurse_session, cpis_hub_server_get_origin (server), "nurse",
                                  PASSWORD);
  url = g_strdup_printf ("%s/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%%7C%s",
                         cpis_hub_server_get_base_url (server), fixture->children[0]);
  response = cpis_test_http_request (nurse_session, "GET", url, nurse, NULL,
                                     "IsUnscheduledAccessEvent", "true", NULL);
  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
  wait_emitted (fixture, 1);
  g_assert_cmpstr (cpis_task_get_nhs_number (g_ptr_array_index (fixture->emitted, 0)), ==,
                   fixture->children[0]);

  cpis_task_feed_stop (feed);
  g_clear_object (&fixture->feed);
  g_clear_object (&client);
  cpis_hub_server_disconnect (server);
  g_clear_object (&server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (cpis_test_remove_tree (dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/task-feed/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("check-arrives", test_check_arrives);
  ADD ("colleague-update", test_colleague_update);
  ADD ("reconnect-no-duplicates", test_reconnect_no_duplicates);
  ADD ("gap-after-reconnect", test_gap_after_reconnect);
  ADD ("silent-socket", test_silent_socket);
  ADD ("subscription-deleted", test_subscription_deleted);
  ADD ("polling-while-unbound", test_polling_while_unbound);
  ADD ("hub-down-and-back", test_hub_down_and_back);
  ADD ("unauthorised", test_unauthorised);
  ADD ("malformed-messages", test_malformed_messages);
  ADD ("stop", test_stop);
  ADD ("tls", test_tls);
  g_test_add_func ("/task-feed/client/untrusted", test_client_untrusted);

#undef ADD

  return g_test_run ();
}
