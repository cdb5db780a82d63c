/* test-hub-connections.c: the hub's connections, as an attacker holds them
 *
 * The real program (`cpis-hub serve`) with its limits shortened on the
 * command line: a client that sends its headers too slowly, stays idle
 * after an answer, or sends a body too slowly is closed (slowloris); a
 * client address past its cap is answered 503; and a hub that runs out of
 * file descriptors answers 503 to the excess and, once they are gone,
 * serves again (libsoup's own listener stopped accepting for good). Each
 * failed against the hub before its own accept loop (issue 11).
 */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "cpis-test-hub.h"

#define START_TIMEOUT_SECONDS 30
#define CLOSE_WAIT_SECONDS 8
#define CLOSE_WAIT_MS (CLOSE_WAIT_SECONDS * 1000)

typedef struct
{
  char        *dir;
  char        *db;
  GSubprocess *hub;
  guint16      port;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("cpis-hub-connections-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "hub.db", NULL);
  g_object_unref (cpis_test_store_open (fixture->db));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->hub != NULL)
    {
      g_subprocess_send_signal (fixture->hub, SIGTERM);
      g_subprocess_wait (fixture->hub, NULL, NULL);
      g_object_unref (fixture->hub);
    }
  cpis_test_remove_tree (fixture->dir);
  g_free (fixture->db);
  g_free (fixture->dir);
}

/* In the hub's process before it runs: it dies with the test (a failed
 * assertion skips the tear-down), with at most @data descriptors (0: as
 * inherited) */
static void
child_setup (gpointer data)
{
  struct rlimit limit = { GPOINTER_TO_UINT (data), GPOINTER_TO_UINT (data) };

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (limit.rlim_cur > 0)
    setrlimit (RLIMIT_NOFILE, &limit);
}

/* `cpis-hub serve` with @options (NULL-terminated), and at most
 * @descriptors open files (0: as inherited) */
static void
start_hub (Fixture            *fixture,
           const char * const *options,
           guint               descriptors)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *line = NULL;

  g_subprocess_launcher_set_child_setup (launcher, child_setup, GUINT_TO_POINTER (descriptors), NULL);
  g_ptr_array_add (argv, (char *) g_getenv ("CPIS_HUB_BIN"));
  g_ptr_array_add (argv, (char *) "serve");
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, fixture->db);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, (char *) "127.0.0.1:0");
  for (guint i = 0; options[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) options[i]);
  g_ptr_array_add (argv, NULL);

  fixture->hub = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->hub));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  uri = g_uri_parse (line, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  fixture->port = (guint16) g_uri_get_port (uri);
}

static GSocketConnection *
connect_to_hub (Fixture *fixture)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  g_socket_client_set_timeout (client, START_TIMEOUT_SECONDS);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", fixture->port, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

static void
send_text (GSocketConnection *connection,
           const char        *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), text, strlen (text), NULL,
                             NULL, &error);
  g_assert_no_error (error);
}

/* Reads until the hub closes (or resets) @connection, for at most @ms
 * milliseconds: how many seconds that took, or -1 if it did not close. What
 * was read goes to @received (may be NULL). */
static double
seconds_until_closed (GSocketConnection *connection,
                      guint              ms,
                      GString           *received)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) ms * 1000;
  char buffer[4096];

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      if (!g_socket_condition_timed_wait (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, end - g_get_monotonic_time (), NULL,
                                          NULL))
        return -1;
      n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
      if (n <= 0)
        return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      if (received != NULL)
        g_string_append_len (received, buffer, n);
    }
  return -1;
}

/* One request on a connection of its own: the status line of the answer */
static char *
status_of (Fixture    *fixture,
           const char *request)
{
  g_autoptr(GSocketConnection) connection = connect_to_hub (fixture);
  g_autoptr(GString) received = g_string_new (NULL);
  const char *end;

  send_text (connection, request);
  seconds_until_closed (connection, CLOSE_WAIT_MS, received);
  end = strstr (received->str, "\r\n");
  return end != NULL ? g_strndup (received->str, end - received->str) : g_strdup (received->str);
}

#define METADATA_REQUEST "GET /cpis/FHIR/R4/metadata HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"

/* The hub serves again within CLOSE_WAIT_SECONDS, once what held it has gone */
static void
assert_served_again (Fixture *fixture)
{
  g_autofree char *served = NULL;
  gint64 deadline = g_get_monotonic_time () + CLOSE_WAIT_SECONDS * G_USEC_PER_SEC;

  do
    {
      g_clear_pointer (&served, g_free);
      g_usleep (50 * 1000);
      served = status_of (fixture, METADATA_REQUEST);
    }
  while (!g_str_equal (served, "HTTP/1.1 200 OK") && g_get_monotonic_time () < deadline);
  g_assert_cmpstr (served, ==, "HTTP/1.1 200 OK");
}

/* 3. Headers: half sent, or none at all, within the header time-out */
static void
test_header_timeout (Fixture       *fixture,
                     gconstpointer  data)
{
  const char * const options[] = { "--header-timeout", "1", NULL };
  g_autoptr(GSocketConnection) half = NULL;
  g_autoptr(GSocketConnection) silent = NULL;
  g_autofree char *status = NULL;
  double half_closed, silent_closed;

  start_hub (fixture, options, 0);
  half = connect_to_hub (fixture);
  silent = connect_to_hub (fixture);
  send_text (half, "GET /cpis/FHIR/R4/metadata HTTP/1.1\r\nHost: x\r\nX-Slow: ");

  half_closed = seconds_until_closed (half, CLOSE_WAIT_MS, NULL);
  silent_closed = seconds_until_closed (silent, CLOSE_WAIT_MS, NULL);
  g_test_message ("half-sent headers closed after %.2f s, none after %.2f s", half_closed, silent_closed);
  g_assert_cmpfloat (half_closed, >=, 0.5);
  g_assert_cmpfloat (silent_closed, >=, 0);

  /* a client that sends its request at once is served */
  status = status_of (fixture, METADATA_REQUEST);
  g_assert_cmpstr (status, ==, "HTTP/1.1 200 OK");
}

/* 3. Idle: a kept-alive connection is closed the idle time-out after its answer */
static void
test_idle_timeout (Fixture       *fixture,
                   gconstpointer  data)
{
  const char * const options[] = { "--idle-timeout", "1", NULL };
  g_autoptr(GSocketConnection) kept = NULL;
  g_autoptr(GString) received = g_string_new (NULL);
  double closed;

  start_hub (fixture, options, 0);
  kept = connect_to_hub (fixture);
  send_text (kept, "GET /cpis/FHIR/R4/metadata HTTP/1.1\r\nHost: x\r\n\r\n");
  closed = seconds_until_closed (kept, CLOSE_WAIT_MS, received);
  g_test_message ("idle connection closed %.2f s after the request", closed);
  g_assert_true (g_str_has_prefix (received->str, "HTTP/1.1 200 OK"));
  g_assert_cmpfloat (closed, >=, 0.5);
}

/* 3. A body at less than the minimum rate */
static void
test_slow_body (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const options[] = { "--header-timeout", "1", "--min-body-rate", "1000000", NULL };
  g_autoptr(GSocketConnection) slow = NULL;
  double closed;

  start_hub (fixture, options, 0);
  slow = connect_to_hub (fixture);
  send_text (slow, "POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                   "Content-Length: 500\r\n\r\ngrant_type");
  closed = seconds_until_closed (slow, CLOSE_WAIT_MS, NULL);
  g_test_message ("slow body closed after %.2f s", closed);
  g_assert_cmpfloat (closed, >=, 0.5);
}

/* 2. A cap per client address: the excess is answered 503, and room comes
 * back as connections close */
static void
test_per_peer_cap (Fixture       *fixture,
                   gconstpointer  data)
{
  const char * const options[] = { "--max-connections-per-peer", "3", NULL };
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *refused = NULL;

  start_hub (fixture, options, 0);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (held, connect_to_hub (fixture));
  /* held: they are the hub's before the next one comes */
  g_usleep (200 * 1000);
  refused = status_of (fixture, METADATA_REQUEST);
  g_assert_cmpstr (refused, ==, "HTTP/1.1 503 Service Unavailable");
  /* the whole answer: an OperationOutcome, as long as its Content-Length says */
  {
    g_autoptr(GSocketConnection) connection = connect_to_hub (fixture);
    g_autoptr(GString) received = g_string_new (NULL);
    const char *body, *length;

    seconds_until_closed (connection, CLOSE_WAIT_MS, received);
    body = strstr (received->str, "\r\n\r\n");
    length = strstr (received->str, "\r\nContent-Length: ");
    g_assert_nonnull (body);
    g_assert_nonnull (length);
    g_assert_cmpuint (g_ascii_strtoull (length + 18, NULL, 10), ==, strlen (body + 4));
    g_assert_nonnull (strstr (body, "\"SERVICE_UNAVAILABLE\""));
  }

  g_ptr_array_set_size (held, 0);
  assert_served_again (fixture);
}

/* 2. Out of file descriptors: the excess answered 503, and the hub accepts
 * again once they are gone */
static void
test_out_of_descriptors (Fixture       *fixture,
                         gconstpointer  data)
{
  const char * const options[] = { "--max-connections", "1000", NULL };
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  guint refused = 0;

  start_hub (fixture, options, 64);
  for (guint i = 0; i < 100; i++)
    {
      GSocketConnection *connection = connect_to_hub (fixture);
      g_autoptr(GString) received = g_string_new (NULL);

      g_ptr_array_add (held, connection);
      /* a refused one is answered at once, an accepted one not at all */
      if (seconds_until_closed (connection, 200, received) >= 0 && g_str_has_prefix (received->str, "HTTP/1.1 503"))
        refused++;
    }
  g_test_message ("%u of 100 connections refused for want of descriptors", refused);
  g_assert_cmpuint (refused, >, 0);

  g_ptr_array_set_size (held, 0);
  assert_served_again (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/hub-connections/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("header-timeout", test_header_timeout);
  ADD ("idle-timeout", test_idle_timeout);
  ADD ("slow-body", test_slow_body);
  ADD ("per-peer-cap", test_per_peer_cap);
  ADD ("out-of-descriptors", test_out_of_descriptors);

  return g_test_run ();
}
