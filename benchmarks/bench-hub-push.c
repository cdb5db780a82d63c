/* bench-hub-push.c: a clinician's check to the social worker's websocket
 * message, with many social workers connected
 *
 * Starts the real hub in-process on loopback (threads of its own), connects
 * W social workers, each with a Subscription to new notifications of their
 * LA bound on a websocket of its own (id-only), then makes N unscheduled
 * checks one after another, each of a child of one LA, and times each from
 * the check sent to every bound social worker of that LA receiving its
 * event-notification. Two spreads: the social workers over L local
 * authorities (a check reaches W / L of them), and all of them in one (a
 * check reaches every one). Prints p50 and p99 of the clinician's answer,
 * and of the first, every and the last social worker's message.
 *
 * The social workers' websockets run on a thread of their own, as W
 * machines would be elsewhere: on the clinician's thread, a main loop that
 * walks W sockets at every turn would slow the clinician's client, not the
 * hub. Client and hub still share the machine's cores: the clients'
 * receiving is in the figures. A program that prints figures, never a test
 * that fails on a slow machine.
 *
 *   bench-hub-push [N] [W] [L]     (defaults 200 500 50)
 */
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "cpis-hub-auth.h"
#include "cpis-hub-subscription-json.h"
#include "cpis-test-hub.h"
#include "cpis-test-util.h"

#define PASSWORD        "benchmark password"
#define WARM_UP_CHECKS  10
#define CHECK_TIMEOUT_S 10

typedef struct _Bench Bench;

typedef struct
{
  Bench                   *bench;
  char                    *url;        /* the websocket's */
  char                    *binding;    /* a binding token */
  guint                    la;
  SoupWebsocketConnection *ws;         /* the clients' thread's */
  gboolean                 handshaken;
} Worker;

struct _Bench
{
  CpisTestHub  *hub;
  SoupSession  *session;      /* the clinician's, and setting up */
  char         *nurse;
  GPtrArray    *workers;      /* Worker */
  GPtrArray    *children;     /* an NHS number per LA */
  guint         n_las;

  /* the clients' thread */
  GThread      *clients;
  GMainContext *clients_context;
  GMainLoop    *clients_loop;
  SoupSession  *clients_session;
  guint         next_to_connect;  /* the clients' thread's */
  GMainContext *main_context; /* woken when the last message of a check is in */
  GMutex        mutex;
  GCond         cond;
  guint         n_handshaken; /* under @mutex */

  /* the check in flight: @started written by the main thread before the
   * check goes out, the rest under @mutex */
  gint64        started;
  guint         expected;
  guint         arrived;
  gint64        first;
  gint64        last;
  GArray       *every;        /* gint64 µs, every delivery */
};

/* ------------------------------------------------------------------------ */
/* HTTP, on the main thread */

static guint
post (Bench       *bench,
      const char  *path,
      const char  *token,
      const char  *body,
      JsonNode   **root)
{
  g_autofree char *url = g_strconcat (cpis_test_hub_get_origin (bench->hub), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/fhir+json", bytes);
    }

  soup_session_send_and_read_async (bench->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  answer = soup_session_send_and_read_finish (bench->session, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);

  if (root != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length;
      const char *data = g_bytes_get_data (answer, &length);

      g_assert_true (json_parser_load_from_data (parser, data, length, NULL));
      *root = json_node_copy (json_parser_get_root (parser));
    }

  return soup_message_get_status (msg);
}

static const char *
parameter_string (JsonNode   *root,
                  const char *name,
                  const char *member)
{
  JsonArray *parameters = json_object_get_array_member (json_node_get_object (root), "parameter");

  for (guint i = 0; i < json_array_get_length (parameters); i++)
    {
      JsonObject *parameter = json_array_get_object_element (parameters, i);

      if (g_str_equal (json_object_get_string_member (parameter, "name"), name))
        return json_object_get_string_member (parameter, member);
    }

  return NULL;
}

/* A social worker of LA @la: signed in (a token minted in the store, as a
 * sign-in would), subscribed, a binding token in hand */
static void
add_worker (Bench      *bench,
            guint       index,
            guint       la,
            const char *password_hash)
{
  CpisHubStore *store = cpis_test_hub_get_store (bench->hub);
  g_autoptr(CpisHubUser) user = g_new0 (CpisHubUser, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = cpis_hub_auth_new_token ();
  g_autofree char *token_hash = cpis_hub_auth_hash_token (token);
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) subscription = NULL;
  g_autoptr(JsonNode) binding = NULL;
  GAsyncResult *result = NULL;
  Worker *worker;

  user->username = g_strdup_printf ("sw%04u", index);
  user->role = CPIS_ROLE_SOCIAL_WORKER;
  user->full_name = g_strdup_printf ("Social Worker %u", index);
  user->organisation = g_new0 (CpisHubOrganisation, 1);
  user->organisation->ods_code = g_strdup_printf ("L%03u", la);
  g_assert_true (cpis_hub_store_add_user (store, user, password_hash, &error));
  g_assert_no_error (error);

  cpis_hub_store_add_token_async (store, token_hash, user->id,
                                  g_get_real_time () + G_GINT64_CONSTANT (8) * 3600 * G_USEC_PER_SEC,
                                  NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  g_assert_true (cpis_hub_store_add_token_finish (store, result, &error));
  g_clear_object (&result);

  body = g_strdup_printf (
    "{\"resourceType\": \"Subscription\", \"status\": \"requested\","
    " \"reason\": \"bench\", \"criteria\": \"%s\","
    " \"channel\": {\"type\": \"websocket\", \"payload\": \"application/fhir+json\","
    "   \"_payload\": {\"extension\": [{\"url\": \"" CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL "\","
    "     \"valueCode\": \"id-only\"}]}}}",
    cpis_hub_topic_canonical (CPIS_HUB_TOPIC_NEW_NOTIFICATION));
  g_assert_cmpuint (post (bench, "/cpis/FHIR/R4/Subscription", token, body, &subscription), ==, 201);

  path = g_strdup_printf ("/cpis/FHIR/R4/Subscription/%s/$get-ws-binding-token",
                          json_object_get_string_member (json_node_get_object (subscription), "id"));
  g_assert_cmpuint (post (bench, path, token, NULL, &binding), ==, 200);

  worker = g_new0 (Worker, 1);
  worker->bench = bench;
  worker->la = la;
  worker->url = g_strdup (parameter_string (binding, "websocket-url", "valueUrl"));
  worker->binding = g_strdup (parameter_string (binding, "token", "valueString"));
  g_ptr_array_add (bench->workers, worker);
}

/* ------------------------------------------------------------------------ */
/* The social workers' websockets, on the clients' thread */

static void connect_next (Bench *bench);

static void
worker_message_cb (SoupWebsocketConnection *ws,
                   SoupWebsocketDataType    type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  Worker *worker = user_data;
  Bench *bench = worker->bench;
  gint64 now = g_get_monotonic_time ();
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&bench->mutex);
  gint64 latency;

  if (!worker->handshaken)
    {
      worker->handshaken = TRUE;
      bench->n_handshaken++;
      g_cond_signal (&bench->cond);
      g_clear_pointer (&locker, g_mutex_locker_free);
      /* a few in flight at once: the hub takes 256 unbound websockets at most */
      connect_next (bench);
      return;
    }

  /* heartbeats (none here) are not what is timed */
  if (g_strstr_len (data, length, "\"event-notification\"") == NULL || bench->started == 0)
    return;

  latency = now - bench->started;
  if (bench->arrived == 0)
    bench->first = latency;
  bench->last = latency;
  bench->arrived++;
  if (bench->every != NULL)
    g_array_append_val (bench->every, latency);
  if (bench->arrived == bench->expected)
    g_main_context_wakeup (bench->main_context);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Worker *worker = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *bind = g_strdup_printf ("bind-with-token %s", worker->binding);

  worker->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_signal_connect (worker->ws, "message", G_CALLBACK (worker_message_cb), worker);
  soup_websocket_connection_send_text (worker->ws, bind);
}

static void
connect_next (Bench *bench)
{
  Worker *worker;
  g_autoptr(SoupMessage) msg = NULL;

  if (bench->next_to_connect >= bench->workers->len)
    return;

  worker = g_ptr_array_index (bench->workers, bench->next_to_connect++);
  msg = soup_message_new ("GET", worker->url);
  soup_session_websocket_connect_async (bench->clients_session, msg, NULL, NULL,
                                        G_PRIORITY_DEFAULT, NULL, connected_cb, worker);
}

static gpointer
clients_thread (gpointer data)
{
  Bench *bench = data;

  g_main_context_push_thread_default (bench->clients_context);
  bench->clients_session = soup_session_new_with_options ("max-conns", 4096,
                                                          "max-conns-per-host", 4096, NULL);

  for (guint i = 0; i < 64; i++)
    connect_next (bench);

  g_main_loop_run (bench->clients_loop);

  for (guint i = 0; i < bench->workers->len; i++)
    {
      Worker *worker = g_ptr_array_index (bench->workers, i);

      if (worker->ws == NULL)
        continue;
      g_signal_handlers_disconnect_by_data (worker->ws, worker);
      soup_websocket_connection_close (worker->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&worker->ws);
    }
  g_clear_object (&bench->clients_session);
  while (g_main_context_iteration (bench->clients_context, FALSE))
    ;

  g_main_context_pop_thread_default (bench->clients_context);
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
worker_free (gpointer data)
{
  Worker *worker = data;

  g_free (worker->url);
  g_free (worker->binding);
  g_free (worker);
}

/* ------------------------------------------------------------------------ */
/* Measuring, on the main thread */

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            guint   percent)
{
  if (values->len == 0)
    return 0;

  g_array_sort (values, compare_gint64);
  return g_array_index (values, gint64, MIN (values->len - 1, (values->len * percent) / 100)) /
         1000.0;
}

static void
print_line (const char *label,
            GArray     *values)
{
  g_print ("  %-30s p50 %7.2f ms   p99 %7.2f ms   (%u)\n", label, percentile (values, 50),
           percentile (values, 99), values->len);
}

typedef struct
{
  Bench    *bench;
  gint64    answered;   /* µs after the check was sent */
  gboolean  done;
} Check;

static void
check_answered_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Check *check = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  if (body == NULL || soup_message_get_status (msg) != 200)
    g_printerr ("a check failed: HTTP %u\n", soup_message_get_status (msg));
  check->answered = g_get_monotonic_time () - check->bench->started;
  check->done = TRUE;
}

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
all_arrived (Bench *bench)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&bench->mutex);

  return bench->arrived >= bench->expected;
}

/* One check of LA @la's child, timed; FALSE if a message never came */
static gboolean
one_check (Bench  *bench,
           guint   la,
           GArray *answers,
           GArray *firsts,
           GArray *lasts)
{
  g_autofree char *url = g_strdup_printf ("%s/CareTeam?patient:identifier="
                                          "https://fhir.nhs.uk/Id/nhs-number%%7C%s",
                                          cpis_test_hub_get_base_url (bench->hub),
                                          (const char *) g_ptr_array_index (bench->children, la));
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", bench->nurse);
  g_autofree char *trace_id = g_uuid_string_random ();
  Check check = { bench };
  gboolean timed_out = FALSE;
  gboolean complete;
  guint expected = 0;
  guint timeout;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "IsUnscheduledAccessEvent", "true");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "TraceID", trace_id);

  for (guint i = 0; i < bench->workers->len; i++)
    if (((Worker *) g_ptr_array_index (bench->workers, i))->la == la)
      expected++;

  g_mutex_lock (&bench->mutex);
  bench->expected = expected;
  bench->arrived = 0;
  bench->first = bench->last = 0;
  bench->started = g_get_monotonic_time ();
  g_mutex_unlock (&bench->mutex);

  timeout = g_timeout_add_seconds (CHECK_TIMEOUT_S, timed_out_cb, &timed_out);
  soup_session_send_and_read_async (bench->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    check_answered_cb, &check);
  while ((!check.done || !all_arrived (bench)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);

  g_mutex_lock (&bench->mutex);
  bench->started = 0;
  complete = bench->arrived == bench->expected;
  if (answers != NULL)
    {
      g_array_append_val (answers, check.answered);
      if (bench->arrived > 0)
        {
          g_array_append_val (firsts, bench->first);
          g_array_append_val (lasts, bench->last);
        }
    }
  g_mutex_unlock (&bench->mutex);

  return complete;
}

static void
scenario (guint n_checks,
          guint n_workers,
          guint n_las)
{
  Bench bench = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *password_hash = cpis_hub_auth_hash_password (PASSWORD, &error);
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) firsts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) lasts = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint lost = 0;
  gint64 set_up;

  g_assert_no_error (error);
  bench.hub = cpis_test_hub_new ();
  bench.n_las = n_las;
  bench.session = soup_session_new ();
  bench.workers = g_ptr_array_new_with_free_func (worker_free);
  bench.children = g_ptr_array_new_with_free_func (g_free);
  bench.main_context = g_main_context_default ();
  g_mutex_init (&bench.mutex);
  g_cond_init (&bench.cond);

  cpis_test_hub_add_org (bench.hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (bench.hub, "nurse", PASSWORD, "clinician", "ED1");
  for (guint la = 0; la < n_las; la++)
    {
      g_autofree char *code = g_strdup_printf ("L%03u", la);
      g_autofree char *name = g_strdup_printf ("Council %u", la);
      char *child = cpis_test_nhs_number (1000 + la * 37);

      cpis_test_hub_add_org (bench.hub, code, name, "local-authority", "North");
      cpis_test_hub_add_plan (bench.hub, child, "CPP", "2025-01-02", NULL, NULL, code);
      g_ptr_array_add (bench.children, child);
    }
  bench.nurse = cpis_test_hub_sign_in (bench.hub, "nurse", PASSWORD);

  set_up = g_get_monotonic_time ();
  for (guint i = 0; i < n_workers; i++)
    add_worker (&bench, i, i % n_las, password_hash);

  /* every social worker connected and bound, on the clients' thread */
  bench.clients_context = g_main_context_new ();
  bench.clients_loop = g_main_loop_new (bench.clients_context, FALSE);
  bench.clients = g_thread_new ("social-workers", clients_thread, &bench);
  g_mutex_lock (&bench.mutex);
  while (bench.n_handshaken < n_workers)
    g_cond_wait (&bench.cond, &bench.mutex);
  g_mutex_unlock (&bench.mutex);
  set_up = g_get_monotonic_time () - set_up;

  g_print ("%u social workers bound, each on a websocket of its own, over %u local "
           "authorit%s: a check reaches %u (set up in %.1f s)\n",
           n_workers, n_las, n_las == 1 ? "y" : "ies", n_workers / n_las, set_up / 1e6);

  for (guint i = 0; i < WARM_UP_CHECKS; i++)
    one_check (&bench, i % n_las, NULL, NULL, NULL);

  bench.every = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < n_checks; i++)
    if (!one_check (&bench, i % n_las, answers, firsts, lasts))
      lost++;

  print_line ("check: the clinician's answer", answers);
  print_line ("check: first social worker", firsts);
  print_line ("check: every social worker", bench.every);
  print_line ("check: last social worker", lasts);
  g_print ("  messages lost: %u   target: p99 <= 50 ms\n\n", lost);

  g_main_context_invoke (bench.clients_context, quit_cb, bench.clients_loop);
  g_thread_join (bench.clients);
  g_main_loop_unref (bench.clients_loop);
  g_main_context_unref (bench.clients_context);

  g_ptr_array_unref (bench.workers);
  g_ptr_array_unref (bench.children);
  g_array_unref (bench.every);
  g_free (bench.nurse);
  g_object_unref (bench.session);
  cpis_test_hub_free (bench.hub);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_mutex_clear (&bench.mutex);
  g_cond_clear (&bench.cond);
}

int
main (int    argc,
      char **argv)
{
  guint n_checks = argc > 1 ? (guint) atoi (argv[1]) : 200;
  guint n_workers = argc > 2 ? (guint) atoi (argv[2]) : 500;
  guint n_las = argc > 3 ? (guint) atoi (argv[3]) : 50;

  if (n_checks == 0 || n_workers == 0 || n_las == 0 || n_las > n_workers)
    {
      g_printerr ("usage: bench-hub-push [N] [SOCIAL_WORKERS] [LOCAL_AUTHORITIES]\n");
      return 2;
    }

  g_print ("check -> social worker's websocket message, %u checks one after another, client and "
           "hub in one process on loopback\n\n", n_checks);
  scenario (n_checks, n_workers, n_las);
  scenario (n_checks, n_workers, 1);
  return 0;
}
