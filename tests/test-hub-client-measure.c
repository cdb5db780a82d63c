/* test-hub-client-measure.c: a partnership officer's area figures asked
 * for (GET [base]/Measure/area-figures/$evaluate-measure), against a fake
 * hub on loopback serving the contract's answers
 * (/work/contract-area-figures.md) until the hub serves them */

#include <string.h>

#include "cpis-hub-client.h"
#include "cpis-test-fake-hub.h"
#include "cpis-test-util.h"

typedef struct
{
  CpisFakeHub   *fake;
  CpisHubClient *client;
  guint          status;
  char          *body;           /* served as FHIR JSON, or … */
  const char    *details_code;   /* … an OperationOutcome */
  const char    *diagnostics;
} Fixture;

static char *
read_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "area-figures",
                                                 "north-riverside.json", NULL);
  g_autoptr(GError) error = NULL;
  char *json = NULL;

  g_file_get_contents (path, &json, NULL, &error);
  g_assert_no_error (error);
  return json;
}

static void
answer_cb (CpisFakeHub       *fake,
           SoupServerMessage *msg,
           CpisFakeRequest   *request,
           gpointer           user_data)
{
  Fixture *fixture = user_data;

  if (fixture->details_code != NULL)
    cpis_fake_hub_respond_outcome (msg, fixture->status, "invalid", fixture->details_code, fixture->diagnostics);
  else
    cpis_fake_hub_respond (msg, fixture->status, "application/fhir+json", fixture->body, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->fake = cpis_fake_hub_new ();
  fixture->fake->task_func = answer_cb;
  fixture->fake->task_data = fixture;
  fixture->client = cpis_fake_hub_sign_in (fixture->fake);
  fixture->status = SOUP_STATUS_OK;
  fixture->body = read_fixture ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->fake, cpis_fake_hub_free);
  g_free (fixture->body);
}

/* Asks for 5 November to 2 December 2026, of @la */
static CpisMeasureReport *
evaluate (Fixture     *fixture,
          const char  *la,
          GError     **error)
{
  g_autoptr(GDate) first = g_date_new_dmy (5, G_DATE_NOVEMBER, 2026);
  g_autoptr(GDate) last = g_date_new_dmy (2, G_DATE_DECEMBER, 2026);
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_evaluate_area_figures_async (fixture->client, first, last, la, NULL,
                                               cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_client_evaluate_area_figures_finish (fixture->client, result, error);
}

/* The contract's URL, the bearer token, the report decoded */
static void
test_request (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisMeasureReport) report = evaluate (fixture, NULL, &error);
  g_autoptr(CpisMeasureReport) one_la = NULL;
  GPtrArray *requests;
  CpisFakeRequest *request;

  g_assert_no_error (error);
  g_assert_cmpstr (cpis_measure_report_get_reporter (report), ==, "North Riverside");
  g_assert_cmpint (cpis_measure_report_lookup_group (report, "follow-up-median")->score, ==, 95);

  requests = cpis_fake_hub_requests_under (fixture->fake, "/cpis/FHIR/R4/");
  g_assert_cmpuint (requests->len, ==, 1);
  request = requests->pdata[0];
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->path, ==, "/cpis/FHIR/R4/Measure/area-figures/$evaluate-measure");
  g_assert_cmpstr (request->query, ==, "periodStart=2026-11-05&periodEnd=2026-12-02");
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (request->headers, "Authorization"), "Bearer "));

  one_la = evaluate (fixture, "9A2", &error);
  g_assert_no_error (error);
  request = cpis_fake_hub_requests_under (fixture->fake, "/cpis/FHIR/R4/")->pdata[1];
  g_assert_cmpstr (request->query, ==, "periodStart=2026-11-05&periodEnd=2026-12-02&la=9A2");
}

/* An LA code that is not one, or a period backwards: nothing sent */
static void
test_refused_before_sending (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisMeasureReport) report = evaluate (fixture, "9A1&la=X", &error);

  g_assert_null (report);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST);
  g_assert_cmpuint (cpis_fake_hub_requests_under (fixture->fake, "/cpis/FHIR/R4/")->len, ==, 0);
}

/* Each refusal as the other calls map it; a 400 with the hub's words */
static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  const struct { guint status; const char *details, *diagnostics, *body; int code; } cases[] = {
    { SOUP_STATUS_UNAUTHORIZED, "NO_RECORD_FOUND", NULL, NULL, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED },
    { SOUP_STATUS_FORBIDDEN, "ACCESS_DENIED", NULL, NULL, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED },
    { SOUP_STATUS_BAD_REQUEST, "INVALID_PARAMETER", "periodEnd is after today", NULL,
      CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST },
    { SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL, NULL, "{}", CPIS_HUB_CLIENT_ERROR_SERVER },
    { SOUP_STATUS_SERVICE_UNAVAILABLE, NULL, NULL, "", CPIS_HUB_CLIENT_ERROR_SERVER },
    { SOUP_STATUS_OK, NULL, NULL, "{\"resourceType\":\"Bundle\"}", CPIS_HUB_CLIENT_ERROR_UNREADABLE },
    { SOUP_STATUS_OK, NULL, NULL, "{\"resourceType\":\"MeasureReport\",\"status\":\"complete\","
                                  "\"type\":\"individual\"}",
      CPIS_HUB_CLIENT_ERROR_UNREADABLE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisMeasureReport) report = NULL;

      g_test_message ("HTTP %u", cases[i].status);
      fixture->status = cases[i].status;
      fixture->details_code = cases[i].details;
      fixture->diagnostics = cases[i].diagnostics;
      g_free (fixture->body);
      fixture->body = g_strdup (cases[i].body);
      report = evaluate (fixture, NULL, &error);
      g_assert_null (report);
      g_assert_error (error, CPIS_HUB_CLIENT_ERROR, cases[i].code);
      if (cases[i].diagnostics != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].diagnostics));
    }
}

/* The hub gone: UNREACHABLE, never a report */
static void
test_hub_down (void)
{
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  g_autoptr(GDate) first = g_date_new_dmy (5, G_DATE_NOVEMBER, 2026);
  g_autoptr(GDate) last = g_date_new_dmy (2, G_DATE_DECEMBER, 2026);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisMeasureReport) report = NULL;

  soup_server_disconnect (fake->server);
  cpis_hub_client_evaluate_area_figures_async (client, first, last, NULL, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  report = cpis_hub_client_evaluate_area_figures_finish (client, result, &error);
  g_assert_null (report);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREACHABLE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/hub-client-measure/request", Fixture, NULL, fixture_set_up, test_request, fixture_tear_down);
  g_test_add ("/hub-client-measure/refused-before-sending", Fixture, NULL, fixture_set_up,
              test_refused_before_sending, fixture_tear_down);
  g_test_add ("/hub-client-measure/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);
  g_test_add_func ("/hub-client-measure/hub-down", test_hub_down);

  return g_test_run ();
}
