/* test-hub-hardening.c: the hub against requests an attacker would send
 *
 * Each test here failed against the hub before its fix (issue 11):
 * Content-Length values libsoup read as lengths it would then buffer ("-1",
 * 2^63 and 2^64), repeated copies of the headers the hub acts on (two
 * IsUnscheduledAccessEvent headers gave a silent read), sign-in forms read
 * loosely ("nurse%00admin" signed in as nurse; a repeated field took the
 * last value), NHS numbers with CR, LF or TAB in them, and a sign-in refused
 * faster for an account that cannot sign in than for a real one, and about
 * a hundred wrong passwords a second answered for one account. The hub
 * runs in-process on loopback; requests are raw bytes where no HTTP library
 * would send them.
 *
 * NHS numbers are synthetic (999 range, valid check digits).
 */
#include <string.h>

#include "cpis-hub-auth.h"
#include "cpis-hub-form.h"
#include "cpis-hub-throttle.h"
#include "cpis-test-hub.h"

#define PASSWORD "correct horse battery"
#define CHILD "9990000018"
#define READ_TIMEOUT_SECONDS 10

typedef struct
{
  CpisTestHub *hub;
  char        *nurse;   /* a token */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->hub = cpis_test_hub_new ();
  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_user (fixture->hub, "admin", PASSWORD, "administrator", "LA1");
  cpis_test_hub_add_plan (fixture->hub, CHILD, "CPP", "2024-01-15", NULL, NULL, "LA1");
  fixture->nurse = cpis_test_hub_sign_in (fixture->hub, "nurse", PASSWORD);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->nurse);
  cpis_test_hub_free (fixture->hub);
}

/* TRUE once @reply holds a whole answer: its head and Content-Length bytes */
static gboolean
answer_complete (GByteArray *reply)
{
  g_autofree char *text = reply->len > 0 ? g_strndup ((const char *) reply->data, reply->len) : NULL;
  const char *end = text != NULL ? strstr (text, "\r\n\r\n") : NULL;
  const char *length;

  if (end == NULL)
    return FALSE;
  length = strstr (text, "\r\nContent-Length: ");
  if (length == NULL || length > end)
    return TRUE;
  return (gsize) (end + 4 - text) + g_ascii_strtoull (length + 18, NULL, 10) <= reply->len;
}

/* The hub's whole answer on @connection, read until it is complete or the
 * hub closes, for at most READ_TIMEOUT_SECONDS (the connection left open: a
 * hub that lingers waits for the client to go) */
static char *
read_answer (GSocketConnection *connection)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  guint8 buffer[4096];
  gssize n;

  g_socket_set_timeout (g_socket_connection_get_socket (connection), READ_TIMEOUT_SECONDS);
  while (!answer_complete (reply) && (n = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_byte_array_append (reply, buffer, n);
  g_byte_array_append (reply, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&reply), FALSE);
}

/* What the hub answers to @request (headers only: no body follows, and the
 * connection stays open for writing). An answer proves the hub did not wait
 * for a body. */
static char *
answer_without_body (Fixture    *fixture,
                     const char *request)
{
  g_autoptr(GSocketConnection) connection = cpis_test_hub_send_raw (fixture->hub, request);

  return read_answer (connection);
}

/* @reply is the hub's own answer: @status with an OperationOutcome giving @code */
static void
assert_refused (const char *reply,
                guint       status,
                const char *code)
{
  g_autofree char *status_line = g_strdup_printf ("HTTP/1.1 %u ", status);
  g_autofree char *quoted_code = g_strdup_printf ("\"%s\"", code);

  g_test_message ("reply: %.300s", reply);
  g_assert_true (g_str_has_prefix (reply, status_line));
  g_assert_nonnull (strstr (reply, "OperationOutcome"));
  g_assert_nonnull (strstr (reply, quoted_code));
}

/* 1. Content-Length: one plain decimal number no larger than the limit,
 * refused before the body is read (none is sent here) */
static void
test_content_length (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *not_numbers[] = {
    "-1", "+5", "0x10", "1e3", "5 5", "5,5", "١٢",
  };
  const char *too_large[] = {
    "1048577",                 /* 1 MiB and one byte */
    "9223372036854775807",     /* 2^63 - 1 */
    "9223372036854775808",     /* 2^63: negative as a goffset */
    "18446744073709551615",    /* 2^64 - 1: -1 as a goffset */
    "18446744073709551616",    /* 2^64 */
    "99999999999999999999999999999999",
  };
  g_autoptr(CpisTestResponse) after = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (not_numbers); i++)
    {
      g_autofree char *request = g_strdup_printf ("POST /oauth2/token HTTP/1.1\r\nHost: x\r\n"
                                                  "Content-Type: application/x-www-form-urlencoded\r\n"
                                                  "Content-Length: %s\r\n\r\n",
                                                  not_numbers[i]);
      g_autofree char *reply = answer_without_body (fixture, request);

      g_test_message ("Content-Length: %s", not_numbers[i]);
      /* libsoup refuses some itself (a bare 400); the rest are the hub's */
      g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 400 "));
      if (strstr (reply, "OperationOutcome") != NULL)
        assert_refused (reply, 400, "INVALID_REQUEST");
    }

  for (gsize i = 0; i < G_N_ELEMENTS (too_large); i++)
    {
      g_autofree char *request = g_strdup_printf ("POST /cpis/FHIR/R4 HTTP/1.1\r\nHost: x\r\n"
                                                  "Authorization: Bearer %s\r\n"
                                                  "Content-Type: application/fhir+json\r\n"
                                                  "Content-Length: %s\r\n\r\n",
                                                  fixture->nurse, too_large[i]);
      g_autofree char *reply = answer_without_body (fixture, request);

      g_test_message ("Content-Length: %s", too_large[i]);
      assert_refused (reply, 413, "PAYLOAD_TOO_LARGE");
    }

  /* and the hub still serves */
  after = cpis_test_hub_request (fixture->hub, "GET", "/oauth2/userinfo", fixture->nurse, NULL, NULL, NULL);
  g_assert_cmpuint (after->status, ==, 200);
}

/* 8. A request line or headers too large: 431 with an OperationOutcome,
 * read by the client even while it is still sending (never a reset: libsoup
 * alone closes without a word past 64 KiB); a large header under the limit
 * is served; the count starts again with each request on a connection */
static void
test_headers_too_large (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *line_pad = g_strnfill (40 * 1024, '9');
  g_autofree char *header_pad = g_strnfill (40 * 1024, 'x');
  g_autofree char *huge_pad = g_strnfill (200 * 1024, 'x');
  g_autofree char *fits_pad = g_strnfill (30 * 1024, 'x');
  g_autoptr(CpisTestResponse) after = NULL;
  const char *refused[3];
  g_autofree char *long_line = g_strdup_printf ("GET /oauth2/userinfo?%s HTTP/1.1\r\nHost: x\r\n"
                                                "Connection: close\r\n\r\n", line_pad);
  g_autofree char *long_header = g_strdup_printf ("GET /oauth2/userinfo HTTP/1.1\r\nHost: x\r\n"
                                                  "X-Pad: %s\r\nConnection: close\r\n\r\n",
                                                  header_pad);
  /* 200 KiB of one header, sent whole while the hub refuses it */
  g_autofree char *huge_header = g_strdup_printf ("GET /oauth2/userinfo HTTP/1.1\r\nHost: x\r\n"
                                                  "X-Pad: %s\r\nConnection: close\r\n\r\n",
                                                  huge_pad);

  refused[0] = long_line;
  refused[1] = long_header;
  refused[2] = huge_header;
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    for (guint j = 0; j < 5; j++)
      {
        g_autofree char *reply = cpis_test_hub_raw_request (fixture->hub, refused[i],
                                                            strlen (refused[i]));

        assert_refused (reply, 431, "REQUEST_HEADER_FIELDS_TOO_LARGE");
      }

  /* under the limit: served */
  {
    g_autofree char *request = g_strdup_printf ("GET /oauth2/userinfo HTTP/1.1\r\nHost: x\r\n"
                                                "Authorization: Bearer %s\r\nX-Pad: %s\r\n"
                                                "Connection: close\r\n\r\n",
                                                fixture->nurse, fits_pad);
    g_autofree char *reply = cpis_test_hub_raw_request (fixture->hub, request, strlen (request));

    g_test_message ("30 KiB of headers: %.200s", reply);
    g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 200 "));
  }

  /* two requests on one connection, each of 30 KiB of headers: each counted
   * on its own, both served; then a third too large, refused after them */
  {
    g_autofree char *one = g_strdup_printf ("GET /oauth2/userinfo HTTP/1.1\r\nHost: x\r\n"
                                            "Authorization: Bearer %s\r\nX-Pad: %s\r\n\r\n",
                                            fixture->nurse, fits_pad);
    g_autofree char *request = g_strconcat (one, one, long_header, NULL);
    g_autofree char *reply = cpis_test_hub_raw_request (fixture->hub, request, strlen (request));
    const char *second = strstr (reply + 1, "HTTP/1.1 200 ");
    const char *third = second != NULL ? strstr (second + 1, "HTTP/1.1 431 ") : NULL;

    g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 200 "));
    g_assert_nonnull (second);
    g_assert_nonnull (third);
    assert_refused (third, 431, "REQUEST_HEADER_FIELDS_TOO_LARGE");
  }

  /* and the hub still serves */
  after = cpis_test_hub_request (fixture->hub, "GET", "/oauth2/userinfo", fixture->nurse, NULL, NULL, NULL);
  g_assert_cmpuint (after->status, ==, 200);
}

/* 9. A body too large, sent whole while the hub refuses it: the client
 * reads the 413, every time, never a reset (the hub lingers) */
static void
test_refused_body_answered (Fixture       *fixture,
                            gconstpointer  data)
{
  gsize size = 2 * 1024 * 1024;
  g_autofree char *body = g_malloc0 (size);

  memset (body, '{', size);
  for (guint run = 0; run < 5; run++)
    {
      g_autofree char *headers = g_strdup_printf ("POST /cpis/FHIR/R4 HTTP/1.1\r\nHost: x\r\n"
                                                  "Authorization: Bearer %s\r\n"
                                                  "Content-Type: application/fhir+json\r\n"
                                                  "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                                  fixture->nurse, size);
      g_autoptr(GSocketConnection) connection = cpis_test_hub_send_raw (fixture->hub, headers);
      g_autoptr(GError) error = NULL;
      g_autofree char *reply = NULL;

      /* the whole body, as a client that does not read before it has sent */
      g_socket_set_timeout (g_socket_connection_get_socket (connection), READ_TIMEOUT_SECONDS);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), body, size, NULL, NULL,
                                 &error);
      g_assert_no_error (error);
      reply = read_answer (connection);
      g_test_message ("run %u", run);
      assert_refused (reply, 413, "PAYLOAD_TOO_LARGE");
    }
}

/* 6. A header the hub acts on, given twice, in any case: refused, and a
 * check so refused records nothing */
static void
test_repeated_headers (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *twice[][2] = {
    { "IsUnscheduledAccessEvent: true", "IsUnscheduledAccessEvent: false" },
    { "IsUnscheduledAccessEvent: true", "isunscheduledaccessevent: true" },
    { "TraceID: 6ba7b810-9dad-11d1-80b4-00c04fd430c8", "TraceID: 6ba7b811-9dad-11d1-80b4-00c04fd430c8" },
    { "Authorization: Bearer %s", "Authorization: Bearer forged" },
    { "Authorization: Bearer %s", "AUTHORIZATION: Bearer %s" },
  };
  gint64 accesses = cpis_test_hub_count_accesses (fixture->hub, CHILD);
  gint64 notifications = cpis_test_hub_count_notifications (fixture->hub, "LA1");
  g_autoptr(CpisTestResponse) once = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (twice); i++)
    {
      g_autofree char *first = g_strdup_printf (twice[i][0], fixture->nurse);
      g_autofree char *second = g_strdup_printf (twice[i][1], fixture->nurse);
      g_autofree char *bearer = g_strdup_printf ("Authorization: Bearer %s\r\n", fixture->nurse);
      g_autofree char *request = g_strdup_printf ("GET /cpis/FHIR/R4/CareTeam?patient:identifier=" CHILD
                                                  " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%s%s\r\n%s\r\n\r\n",
                                                  g_str_has_prefix (twice[i][0], "Authorization") ? "" : bearer,
                                                  first, second);
      g_autofree char *reply = cpis_test_hub_raw_request (fixture->hub, request, strlen (request));

      g_test_message ("%s, then %s", twice[i][0], twice[i][1]);
      assert_refused (reply, 400, "PRECONDITION_FAILED");
    }
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD), ==, accesses);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA1"), ==, notifications);

  /* once each, the same check is recorded */
  once = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", CHILD, "true");
  g_assert_cmpuint (once->status, ==, 200);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD), ==, accesses + 1);

  /* Content-Length twice: refused too (by libsoup itself, before the hub) */
  {
    const char *request = "POST /oauth2/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                          "Content-Type: application/x-www-form-urlencoded\r\n"
                          "Content-Length: 4\r\nContent-Length: 40\r\n\r\nab=c";
    g_autofree char *reply = cpis_test_hub_raw_request (fixture->hub, request, strlen (request));

    g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 400 "));
  }
}

/* 7. Sign-in forms read strictly */
static void
test_form (Fixture       *fixture,
           gconstpointer  data)
{
  const char *refused[] = {
    "grant_type=password&username=nurse%00admin&password=" PASSWORD,
    "grant_type=password&username=admin&username=nurse&password=" PASSWORD,
    "grant_type=password&grant_type=password&username=nurse&password=" PASSWORD,
    "grant_type=password&username=%ff&password=" PASSWORD,
    "grant_type=password&username=nurse%zz&password=" PASSWORD,
    "grant_type=password&username=nurse&password=" PASSWORD "%4",
    "grant_type=password&username=nurse%0d%0aX-Injected:%20yes&password=" PASSWORD,
    "grant_type=password&=nurse&password=" PASSWORD,
  };
  g_autofree char *plus = NULL;
  g_autoptr(CpisTestResponse) spaced = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(CpisTestResponse) response =
        cpis_test_hub_request (fixture->hub, "POST", "/oauth2/token", NULL, "application/x-www-form-urlencoded",
                               refused[i], NULL);

      g_test_message ("form: %s", refused[i]);
      cpis_test_assert_outcome (response, 400, "INVALID_REQUEST");
    }

  /* "+" and %20 are spaces, as in any form: a password with spaces signs in */
  plus = g_strdelimit (g_strdup ("grant_type=password&username=nurse&password=" PASSWORD), " ", '+');
  spaced = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/token", NULL, "application/x-www-form-urlencoded",
                                  plus, NULL);
  g_assert_cmpuint (spaced->status, ==, 200);
}

/* The parser alone, for what the hub's answers cannot show */
static void
test_form_parse (void)
{
  struct
  {
    const char *text;
    int         error;   /* -1: parsed */
  } cases[] = {
    { "", -1 },
    { "a=1&b=2", -1 },
    { "a=1&&b=2&", -1 },
    { "flag", -1 },
    { "a=%41%42+c", -1 },
    { "a=%e2%80%93", -1 },
    { "a=%", CPIS_HUB_FORM_ERROR_ESCAPE },
    { "a=%4", CPIS_HUB_FORM_ERROR_ESCAPE },
    { "a=%g1", CPIS_HUB_FORM_ERROR_ESCAPE },
    { "a=%00", CPIS_HUB_FORM_ERROR_CONTROL },
    { "a=x%0ay", CPIS_HUB_FORM_ERROR_CONTROL },
    { "a=x\ty", CPIS_HUB_FORM_ERROR_CONTROL },
    { "a=%7f", CPIS_HUB_FORM_ERROR_CONTROL },
    { "a=%ff", CPIS_HUB_FORM_ERROR_NOT_UTF8 },
    { "a=%c3", CPIS_HUB_FORM_ERROR_NOT_UTF8 },
    { "a=1&a=1", CPIS_HUB_FORM_ERROR_REPEATED },
    { "a=1&%61=2", CPIS_HUB_FORM_ERROR_REPEATED },
    { "=1", CPIS_HUB_FORM_ERROR_NO_NAME },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) form = cpis_hub_form_parse (cases[i].text, strlen (cases[i].text), &error);

      g_test_message ("%s", cases[i].text);
      if (cases[i].error < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (form);
        }
      else
        {
          g_assert_error (error, CPIS_HUB_FORM_ERROR, cases[i].error);
          g_assert_null (form);
        }
    }

  {
    g_autoptr(GHashTable) form = cpis_hub_form_parse ("a=%41%42+c&flag&b=%e2%80%93", 27, NULL);

    g_assert_cmpstr (g_hash_table_lookup (form, "a"), ==, "AB c");
    g_assert_cmpstr (g_hash_table_lookup (form, "flag"), ==, "");
    g_assert_cmpstr (g_hash_table_lookup (form, "b"), ==, "–");
  }

  /* bytes after a NUL in the buffer are read, not dropped */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GHashTable) form = cpis_hub_form_parse ("a=b\0c=d", 7, &error);

    g_assert_error (error, CPIS_HUB_FORM_ERROR, CPIS_HUB_FORM_ERROR_CONTROL);
    g_assert_null (form);
  }
}

/* 8. NHS numbers: digits with spaces or dashes; CR, LF, TAB and other
 * controls refused, and nothing recorded */
static void
test_nhs_number_controls (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *numbers[] = {
    "999%0D0000018", "999%0A0000018", "999%090000018", "9990000018%0D%0A", "%0B9990000018", "999%000000018",
  };
  gint64 accesses = cpis_test_hub_count_accesses (fixture->hub, CHILD);
  g_autoptr(CpisTestResponse) spaced = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cpis/FHIR/R4/CareTeam?patient:identifier=%s", numbers[i]);
      g_autoptr(CpisTestResponse) response = cpis_test_hub_request (fixture->hub, "GET", path, fixture->nurse,
                                                                    NULL, NULL, NULL);

      g_test_message ("%s", numbers[i]);
      cpis_test_assert_outcome (response, 400, "INVALID_SEARCH_DATA");
    }
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD), ==, accesses);

  /* spaces and dashes, as documented, still do */
  spaced = cpis_test_hub_request (fixture->hub, "GET", "/cpis/FHIR/R4/CareTeam?patient:identifier=999-000+0018",
                                  fixture->nurse, NULL, NULL, NULL);
  g_assert_cmpuint (spaced->status, ==, 200);
}

/* 5. Every sign-in costs one yescrypt, whatever the account: a wrong
 * password, an unknown user, an account that cannot sign in ("*"), a
 * disabled one, and the right password */
static void
test_sign_in_costs_the_same (Fixture       *fixture,
                             gconstpointer  data)
{
  CpisHubStore *store = cpis_test_hub_get_store (fixture->hub);
  const char *attempts[][2] = {
    { "nurse", "wrong" },
    { "nobody", "wrong" },
    { "staff", "wrong" },
    { "admin", PASSWORD },
    { "nurse", PASSWORD },
  };
  g_autoptr(GError) error = NULL;

  /* an account that appears in histories but has no password (as the seed's staff) */
  {
    CpisHubUser staff = { 0, };
    g_autoptr(CpisHubOrganisation) org = cpis_hub_store_find_organisation (store, "ED1", &error);

    g_assert_no_error (error);
    staff.username = (char *) "staff";
    staff.full_name = (char *) "Staff Member";
    staff.role = CPIS_ROLE_CLINICIAN;
    staff.organisation = org;
    staff.practitioner_role_id = (char *) "staff-role";
    g_assert_true (cpis_hub_store_add_user (store, &staff, "*", &error));
    g_assert_no_error (error);
    /* the store gave it a role profile id */
    g_free (staff.role_profile_id);
  }
  g_assert_true (cpis_hub_store_set_user_disabled (store, "admin", TRUE, &error));
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_autofree char *form = g_strdup_printf ("grant_type=password&username=%s&password=%s", attempts[i][0],
                                               attempts[i][1]);
      guint before = cpis_hub_auth_get_n_hashes_computed ();
      g_autoptr(CpisTestResponse) response =
        cpis_test_hub_request (fixture->hub, "POST", "/oauth2/token", NULL, "application/x-www-form-urlencoded",
                               form, NULL);

      g_test_message ("%s", attempts[i][0]);
      g_assert_cmpuint (cpis_hub_auth_get_n_hashes_computed () - before, ==, 1);
      if (i + 1 < G_N_ELEMENTS (attempts))
        cpis_test_assert_outcome (response, 400, "INVALID_GRANT");
      else
        g_assert_cmpuint (response->status, ==, 200);
    }
}

/* 4. Throttling, on its own clock */

#define SECOND G_USEC_PER_SEC
#define T0 (G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC)

/* One attempt at @now: the wait begin() gives (0: checked, and failed) */
static guint
fail_once (CpisHubThrottle *throttle,
           const char      *username,
           const char      *address,
           gint64           now)
{
  guint wait = cpis_hub_throttle_begin (throttle, username, address, now);

  if (wait == 0)
    cpis_hub_throttle_end (throttle, username, address, CPIS_HUB_THROTTLE_REFUSED, now);
  return wait;
}

static void
test_throttle_pair (void)
{
  g_autoptr(CpisHubThrottle) throttle = cpis_hub_throttle_new ();
  gint64 now = T0;
  guint expected = 1;

  /* a nurse who mistypes: five free */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (fail_once (throttle, "nurse", "10.0.0.7", now), ==, 0);

  /* then a delay that doubles with each failure, up to 5 minutes */
  for (guint i = 0; i < 12; i++)
    {
      g_assert_cmpuint (fail_once (throttle, "nurse", "10.0.0.7", now), ==, expected);
      g_assert_cmpuint (fail_once (throttle, "nurse", "10.0.0.7", now + (gint64) expected * SECOND - 1), ==, 1);
      now += (gint64) expected * SECOND;
      g_assert_cmpuint (fail_once (throttle, "nurse", "10.0.0.7", now), ==, 0);
      expected = MIN (expected * 2, 300);
    }
  g_assert_cmpuint (expected, ==, 300);

  /* the same user from her own ward computer is not blocked by it … */
  g_assert_cmpuint (cpis_hub_throttle_begin (throttle, "nurse", "10.0.0.8", now), ==, 0);
  cpis_hub_throttle_end (throttle, "nurse", "10.0.0.8", CPIS_HUB_THROTTLE_SIGNED_IN, now);

  /* … and a sign-in clears the pair once its wait is over */
  now += 300 * SECOND;
  g_assert_cmpuint (cpis_hub_throttle_begin (throttle, "nurse", "10.0.0.7", now), ==, 0);
  cpis_hub_throttle_end (throttle, "nurse", "10.0.0.7", CPIS_HUB_THROTTLE_SIGNED_IN, now);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (fail_once (throttle, "nurse", "10.0.0.7", now), ==, 0);

  /* the hub failing to look the user up (UNDECIDED) neither counts a
   * failure nor clears the earlier ones */
  g_assert_cmpuint (fail_once (throttle, "nurse", "10.0.0.7", now), ==, 1);
  now += SECOND;
  g_assert_cmpuint (cpis_hub_throttle_begin (throttle, "nurse", "10.0.0.7", now), ==, 0);
  cpis_hub_throttle_end (throttle, "nurse", "10.0.0.7", CPIS_HUB_THROTTLE_UNDECIDED, now);
  g_assert_cmpuint (fail_once (throttle, "nurse", "10.0.0.7", now), ==, 0);
  g_assert_cmpuint (fail_once (throttle, "nurse", "10.0.0.7", now), ==, 2);

  /* an hour without failures forgets them */
  now += G_GINT64_CONSTANT (3601) * SECOND;
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (fail_once (throttle, "nurse", "10.0.0.7", now), ==, 0);
}

/* Guesses sent side by side: one checked at a time for a pair, a few for an address */
static void
test_throttle_in_flight (void)
{
  g_autoptr(CpisHubThrottle) throttle = cpis_hub_throttle_new ();
  char name[32];

  g_assert_cmpuint (cpis_hub_throttle_begin (throttle, "nurse", "10.0.0.7", T0), ==, 0);
  g_assert_cmpuint (cpis_hub_throttle_begin (throttle, "nurse", "10.0.0.7", T0), ==, 1);
  cpis_hub_throttle_end (throttle, "nurse", "10.0.0.7", CPIS_HUB_THROTTLE_REFUSED, T0);
  g_assert_cmpuint (cpis_hub_throttle_begin (throttle, "nurse", "10.0.0.7", T0), ==, 0);
  cpis_hub_throttle_end (throttle, "nurse", "10.0.0.7", CPIS_HUB_THROTTLE_REFUSED, T0);

  for (guint i = 0; i < CPIS_HUB_THROTTLE_MAX_IN_FLIGHT; i++)
    {
      g_snprintf (name, sizeof name, "user%u", i);
      g_assert_cmpuint (cpis_hub_throttle_begin (throttle, name, "10.0.0.9", T0), ==, 0);
    }
  g_assert_cmpuint (cpis_hub_throttle_begin (throttle, "one-more", "10.0.0.9", T0), ==, 1);
  cpis_hub_throttle_end (throttle, "user0", "10.0.0.9", CPIS_HUB_THROTTLE_SIGNED_IN, T0);
  g_assert_cmpuint (cpis_hub_throttle_begin (throttle, "one-more", "10.0.0.9", T0), ==, 0);
}

/* One address guessing many accounts; many addresses guessing one */
static void
test_throttle_address_and_account (void)
{
  g_autoptr(CpisHubThrottle) throttle = cpis_hub_throttle_new ();
  char name[32], address[32];

  /* 100 failures from one address (a trust behind NAT may share one), then waits */
  for (guint i = 0; i < 100; i++)
    {
      g_snprintf (name, sizeof name, "user%u", i);
      g_assert_cmpuint (fail_once (throttle, name, "10.1.1.1", T0), ==, 0);
    }
  g_assert_cmpuint (fail_once (throttle, "someone-else", "10.1.1.1", T0), ==, 1);

  /* 50 addresses, one failure each, at one account: under attack, each
   * address has 2 free failures, not 5 … */
  for (guint i = 0; i < 50; i++)
    {
      g_snprintf (address, sizeof address, "10.2.0.%u", i);
      g_assert_cmpuint (fail_once (throttle, "sister", address, T0), ==, 0);
    }
  g_assert_cmpuint (fail_once (throttle, "sister", "10.3.0.1", T0), ==, 0);
  g_assert_cmpuint (fail_once (throttle, "sister", "10.3.0.1", T0), ==, 0);
  g_assert_cmpuint (fail_once (throttle, "sister", "10.3.0.1", T0), ==, 1);

  /* … but the account itself is never locked: from a clean address the
   * sister still signs in */
  g_assert_cmpuint (cpis_hub_throttle_begin (throttle, "sister", "10.4.0.1", T0), ==, 0);
  cpis_hub_throttle_end (throttle, "sister", "10.4.0.1", CPIS_HUB_THROTTLE_SIGNED_IN, T0);
}

/* A flood of names and addresses: the tables stay bounded */
static void
test_throttle_bounded (void)
{
  g_autoptr(CpisHubThrottle) throttle = cpis_hub_throttle_new ();
  char name[32], address[32];

  for (guint i = 0; i < CPIS_HUB_THROTTLE_MAX_ENTRIES; i++)
    {
      g_snprintf (name, sizeof name, "u%u", i);
      g_snprintf (address, sizeof address, "a%u", i);
      fail_once (throttle, name, address, T0 + (gint64) i * 1000);
      g_assert_cmpuint (cpis_hub_throttle_get_n_entries (throttle), <=, CPIS_HUB_THROTTLE_MAX_ENTRIES + 2);
    }
}

/* The hub answers 429 with Retry-After, computes no hash while it does,
 * and takes the right password once the wait is over */
static void
test_sign_in_throttled (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *wrong = "grant_type=password&username=nurse&password=wrong";
  const char *right = "grant_type=password&username=nurse&password=" PASSWORD;
  g_autoptr(CpisTestResponse) throttled = NULL;
  g_autoptr(CpisTestResponse) early = NULL;
  g_autoptr(CpisTestResponse) later = NULL;
  g_autoptr(CpisTestResponse) admin = NULL;
  guint hashes;

  cpis_test_hub_set_today (fixture->hub, "2026-12-04");
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(CpisTestResponse) response = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/token", NULL,
                                                                    "application/x-www-form-urlencoded", wrong, NULL);

      cpis_test_assert_outcome (response, 400, "INVALID_GRANT");
    }

  hashes = cpis_hub_auth_get_n_hashes_computed ();
  throttled = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/token", NULL, "application/x-www-form-urlencoded",
                                     wrong, NULL);
  cpis_test_assert_outcome (throttled, 429, "TOO_MANY_REQUESTS");
  g_assert_cmpstr (soup_message_headers_get_one (throttled->headers, "Retry-After"), ==, "1");
  early = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/token", NULL, "application/x-www-form-urlencoded",
                                 right, NULL);
  cpis_test_assert_outcome (early, 429, "TOO_MANY_REQUESTS");
  g_assert_cmpuint (cpis_hub_auth_get_n_hashes_computed (), ==, hashes);

  /* another account from the same computer is not held up */
  admin = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/token", NULL, "application/x-www-form-urlencoded",
                                 "grant_type=password&username=admin&password=" PASSWORD, NULL);
  g_assert_cmpuint (admin->status, ==, 200);

  cpis_test_hub_advance (fixture->hub, 1);
  later = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/token", NULL, "application/x-www-form-urlencoded",
                                 right, NULL);
  g_assert_cmpuint (later->status, ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/hub-hardening/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("content-length", test_content_length);
  ADD ("repeated-headers", test_repeated_headers);
  ADD ("refused-body-answered", test_refused_body_answered);
  ADD ("headers-too-large", test_headers_too_large);
  ADD ("form", test_form);
  g_test_add_func ("/hub-hardening/form/parse", test_form_parse);
  ADD ("nhs-number-controls", test_nhs_number_controls);
  ADD ("sign-in-costs-the-same", test_sign_in_costs_the_same);
  ADD ("sign-in-throttled", test_sign_in_throttled);
  g_test_add_func ("/hub-hardening/throttle/pair", test_throttle_pair);
  g_test_add_func ("/hub-hardening/throttle/in-flight", test_throttle_in_flight);
  g_test_add_func ("/hub-hardening/throttle/address-and-account", test_throttle_address_and_account);
  g_test_add_func ("/hub-hardening/throttle/bounded", test_throttle_bounded);

  return g_test_run ();
}
