/* bench-hub-checks.c: how fast the hub answers checks, recorded and silent
 *
 * Starts the real hub in-process on loopback (a thread of its own) and sends
 * N CareTeam searches with C in flight at once, first unscheduled (each one a
 * durable access + notification, group-committed) then scheduled (silent
 * reads), and prints throughput and latency side by side. A program that
 * prints figures, never a test that fails on a slow machine.
 *
 *   bench-hub-checks [N] [CONCURRENCY]
 */
#include <libsoup/soup.h>
#include <stdlib.h>

#include "cpis-test-hub.h"

#define CHILD "9997654323"

typedef struct
{
  SoupSession *session;
  char        *url;
  char        *authorization;
  const char  *unscheduled;
  guint        to_send;
  guint        in_flight;
  guint        failed;
  GArray      *latencies; /* gint64 µs */
} Run;

static void send_one (Run *run);

typedef struct
{
  Run    *run;
  gint64  started;
} Request;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  Run *run = request->run;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  gint64 latency = g_get_monotonic_time () - request->started;

  if (body == NULL || soup_message_get_status (msg) != 200)
    run->failed++;
  g_array_append_val (run->latencies, latency);
  run->in_flight--;
  g_free (request);

  if (run->to_send > 0)
    send_one (run);
}

static void
send_one (Run *run)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", run->url);
  Request *request = g_new0 (Request, 1);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autofree char *trace_id = g_uuid_string_random ();

  soup_message_headers_replace (headers, "Authorization", run->authorization);
  soup_message_headers_replace (headers, "IsUnscheduledAccessEvent", run->unscheduled);
  soup_message_headers_replace (headers, "TraceID", trace_id);

  request->run = run;
  request->started = g_get_monotonic_time ();
  run->to_send--;
  run->in_flight++;
  soup_session_send_and_read_async (run->session, msg, G_PRIORITY_DEFAULT, NULL, done_cb, request);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
measure (CpisTestHub *hub,
         const char  *token,
         const char  *label,
         const char  *unscheduled,
         guint        n,
         guint        concurrency)
{
  g_autoptr(SoupSession) session = NULL;
  Run run = { 0, };
  gint64 started, elapsed;

  session = soup_session_new_with_options ("max-conns", concurrency * 2,
                                           "max-conns-per-host", concurrency * 2,
                                           "timeout", 60, NULL);
  run.session = session;
  run.url = g_strdup_printf ("%s/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%%7C%s",
                             cpis_test_hub_get_base_url (hub), CHILD);
  run.authorization = g_strdup_printf ("Bearer %s", token);
  run.unscheduled = unscheduled;
  run.to_send = n;
  run.latencies = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  started = g_get_monotonic_time ();
  for (guint i = 0; i < concurrency && run.to_send > 0; i++)
    send_one (&run);
  while (run.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - started;

  g_array_sort (run.latencies, compare_gint64);
  g_print ("%-34s %7u checks  %8.0f checks/s  median %6.2f ms  p99 %6.2f ms  failed %u\n",
           label, n, n / (elapsed / 1e6),
           g_array_index (run.latencies, gint64, n / 2) / 1000.0,
           g_array_index (run.latencies, gint64, (n * 99) / 100) / 1000.0,
           run.failed);

  g_array_unref (run.latencies);
  g_free (run.url);
  g_free (run.authorization);
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 5000;
  guint concurrency = argc > 2 ? (guint) atoi (argv[2]) : 64;
  g_autofree char *nurse = NULL;
  g_autofree char *gp = NULL;
  g_autoptr(GError) error = NULL;
  CpisTestHub *hub;
  gint64 accesses;

  if (n == 0 || concurrency == 0)
    {
      g_printerr ("usage: bench-hub-checks [N] [CONCURRENCY]\n");
      return 2;
    }

  hub = cpis_test_hub_new ();
  cpis_test_hub_add_org (hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_org (hub, "GP1", "Riverside Surgery", "scheduled-care", "North");
  cpis_test_hub_add_user (hub, "nurse", "benchmark password", "clinician", "ED1");
  cpis_test_hub_add_user (hub, "gp", "benchmark password", "clinician", "GP1");
  cpis_test_hub_add_plan (hub, CHILD, "CPP", "2025-01-02", NULL, NULL, "LA1");
  nurse = cpis_test_hub_sign_in (hub, "nurse", "benchmark password");
  gp = cpis_test_hub_sign_in (hub, "gp", "benchmark password");

  g_print ("hub checks, %u in flight, client and hub in one process on loopback\n", concurrency);
  measure (hub, nurse, "unscheduled (recorded + notified)", "true", n, concurrency);
  measure (hub, gp, "scheduled (silent read)", "false", n, concurrency);

  accesses = cpis_hub_store_count_accesses (cpis_test_hub_get_store (hub), CHILD, &error);
  g_print ("accesses recorded: %" G_GINT64_FORMAT " (expected %u)\n", accesses, n);

  cpis_test_hub_free (hub);
  return 0;
}
