/* test-hub-client.c: the hub client against the real hub (in-process, on
 * loopback), a fake hub (a SoupServer in this test that answers what a broken
 * hub or proxy would), a silent socket and a TLS hub with a self-signed
 * certificate */

#include <string.h>

#include "cpis-access-event.h"
#include "cpis-fhir-codec.h"
#include "cpis-hub-client-private.h"
#include "cpis-hub-client.h"
#include "cpis-hub-rules.h"
#include "cpis-nhs-number.h"
#include "cpis-plan.h"
#include "cpis-practitioner-role.h"
#include "cpis-test-fake-hub.h"
#include "cpis-test-hub.h"
#include "cpis-user-info.h"
#include "cpis-uuid.h"

#define TODAY "2026-11-25"
#define NURSE_PASSWORD "nurse-password-1"
#define GP_PASSWORD "gp-password-1"
#define OFFICER_PASSWORD "officer-password-1"
#define LA_NAME "Testshire County Council"
#define ED_NAME "Testshire General Hospital ED"
#define WAIT_LIMIT_SECONDS 60

/* The client reads a full answer as a cut history by the national limit;
 * the hub must answer by the same */
G_STATIC_ASSERT (CPIS_HUB_ACCESS_HISTORY_LIMIT == CPIS_FHIR_ACCESS_HISTORY_LIMIT);

/* Helpers: NHS numbers, waiting */

/* The same digits with the check digit changed to a wrong one */
static char *
break_check_digit (const char *digits)
{
  char *broken = g_strdup (digits);

  broken[9] = broken[9] == '9' ? '0' : broken[9] + 1;
  if (cpis_nhs_number_is_valid (broken))
    broken[9] = broken[9] == '9' ? '0' : broken[9] + 1;
  g_assert_false (cpis_nhs_number_is_valid (broken));

  return broken;
}

static gboolean
wait_limit_cb (gpointer data)
{
  g_error ("Waited more than %d seconds for an answer", WAIT_LIMIT_SECONDS);
  return G_SOURCE_REMOVE;
}

static gboolean
sign_out (CpisHubClient  *client,
          GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_sign_out_async (client, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_client_sign_out_finish (client, result, error);
}

/* Iterates until the history and the demographics of @result are in (or failed) */
static void
wait_settled (CpisCheckResult *result)
{
  guint limit = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_cb, NULL);

  while (cpis_check_result_get_history_state (result) == CPIS_FETCH_PENDING ||
         cpis_check_result_get_demographics_state (result) == CPIS_FETCH_PENDING)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (limit);
}

/* The CP-IS answer as it arrives (the history and demographics may follow) */
static CpisCheckResult *
check_child_answer (CpisHubClient  *client,
                    const char     *nhs_number,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_check_child_async (client, nhs_number, cancellable, cpis_test_store_result_cb,
                                     &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_client_check_child_finish (client, result, error);
}

/* The result once all that follows the CP-IS answer is in */
static CpisCheckResult *
check_child (CpisHubClient  *client,
             const char     *nhs_number,
             GCancellable   *cancellable,
             GError        **error)
{
  CpisCheckResult *result = check_child_answer (client, nhs_number, cancellable, error);

  if (result != NULL)
    wait_settled (result);
  return result;
}

static GPtrArray *
search_history (CpisHubClient  *client,
                const char     *nhs_number,
                GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_search_access_history_async (client, nhs_number, NULL, cpis_test_store_result_cb,
                                               &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_client_search_access_history_finish (client, result, error);
}

static GPtrArray *
search_plans (CpisHubClient  *client,
              const char     *nhs_number,
              GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_search_plans_async (client, nhs_number, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_client_search_plans_finish (client, result, error);
}

static CpisHubClient *
new_client (const char *base_url)
{
  g_autoptr(GError) error = NULL;
  CpisHubClient *client = cpis_hub_client_new (base_url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (client);
  return client;
}

/* A failed check: FAILED with this error, and nothing of the child in the message */
static void
assert_failed (CpisCheckResult *result,
               int              code,
               const char      *nhs_number)
{
  const GError *error;

  g_assert_nonnull (result);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_FAILED);
  error = cpis_check_result_get_error (result);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, code);
  g_test_message ("Could not be checked: %s", error->message);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_null (strstr (error->message, nhs_number));
  g_assert_null (strstr (error->message, "TESTER"));
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_plans (result)), ==, 0);
  g_assert_null (cpis_check_result_get_subject_name (result));
}

/* The real hub, with an LA, an emergency department, a GP surgery and a
 * child with a plan */

typedef struct
{
  CpisTestHub *hub;
  char        *with_plan;
  char        *without_plan;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->hub = cpis_test_hub_new ();
  cpis_test_hub_set_today (fixture->hub, TODAY);

  cpis_test_hub_add_org (fixture->hub, "LA001", LA_NAME, "local-authority", "Testshire");
  cpis_test_hub_add_org (fixture->hub, "RX001", ED_NAME, "unscheduled-care", "Testshire");
  cpis_test_hub_add_org (fixture->hub, "GP001", "Test Lane Surgery", "scheduled-care", "Testshire");
  cpis_test_hub_add_user (fixture->hub, "nurse", NURSE_PASSWORD, "clinician", "RX001");
  cpis_test_hub_add_user (fixture->hub, "gp", GP_PASSWORD, "clinician", "GP001");
  cpis_test_hub_add_user (fixture->hub, "officer", OFFICER_PASSWORD, "partnership-officer", "LA001");

  fixture->with_plan = cpis_test_nhs_number (123450);
  fixture->without_plan = cpis_test_nhs_number (543210);
  cpis_test_hub_add_plan (fixture->hub, fixture->with_plan, "CPP", "2026-03-01", NULL, NULL,
                          "LA001");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->hub, cpis_test_hub_free);
  g_clear_pointer (&fixture->with_plan, g_free);
  g_clear_pointer (&fixture->without_plan, g_free);
}

/* A port nothing listens on: bound, read back, closed */
static guint
closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, &error);
  g_assert_no_error (error);

  return port;
}

/* The fake hub: cpis-test-fake-hub.h */

/* Tests: construction and user info */

static void
test_new (void)
{
  const char *bad[] = { "", "not a url", "ftp://hub.example/cpis", "http://", "file:///etc/passwd",
                        "hub.example/cpis/FHIR/R4" };
  g_autoptr(CpisHubClient) client = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisHubClient) bad_client = cpis_hub_client_new (bad[i], &error);

      g_assert_null (bad_client);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }

  client = new_client ("https://hub.example:8443/cpis/FHIR/R4/");
  g_assert_cmpstr (cpis_hub_client_get_base_url (client), ==, "https://hub.example:8443/cpis/FHIR/R4");
  g_assert_false (cpis_hub_client_is_signed_in (client));
  g_assert_null (cpis_hub_client_get_user_info (client));
  g_assert_cmpint (cpis_hub_client_get_care_setting (client), ==, CPIS_CARE_SETTING_UNSCHEDULED);

  cpis_hub_client_set_care_setting (client, CPIS_CARE_SETTING_SCHEDULED);
  g_assert_cmpint (cpis_hub_client_get_care_setting (client), ==, CPIS_CARE_SETTING_SCHEDULED);
}

static void
test_user_info_json (void)
{
  const char *json =
    "{\"sub\":\"pr-1\",\"preferred_username\":\"gp\",\"name\":\"Dr Test GP\","
    "\"cpis_role\":\"clinician\",\"something_new\":[1,2,3],"
    "\"job_role\":{\"system\":\"http://snomed.info/sct\",\"code\":\"62247001\",\"display\":\"General practitioner\"},"
    "\"organisation\":{\"ods_code\":\"GP001\",\"name\":\"Test Lane Surgery\","
    "\"kind\":\"scheduled-care\",\"area\":\"Testshire\"}}";
  const char *bad[] = { "", "not json", "[1,2]", "{\"name\":\"No User Name\"}",
                        "{\"preferred_username\":42}" };
  g_autoptr(CpisUserInfo) info = NULL;
  g_autoptr(CpisUserInfo) minimal = NULL;
  g_autoptr(GError) error = NULL;
  CpisRole role;

  info = cpis_user_info_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cpis_user_info_get_username (info), ==, "gp");
  g_assert_cmpstr (cpis_user_info_get_full_name (info), ==, "Dr Test GP");
  g_assert_cmpint (cpis_user_info_get_role (info), ==, CPIS_ROLE_CLINICIAN);
  g_assert_cmpstr (cpis_user_info_get_job_role (info), ==, "General practitioner");
  g_assert_cmpstr (cpis_user_info_get_organisation_code (info), ==, "GP001");
  g_assert_cmpstr (cpis_user_info_get_organisation_name (info), ==, "Test Lane Surgery");
  g_assert_cmpstr (cpis_user_info_get_organisation_kind (info), ==, "scheduled-care");
  g_assert_cmpstr (cpis_user_info_get_area (info), ==, "Testshire");
  g_assert_cmpstr (cpis_user_info_get_practitioner_role_id (info), ==, "pr-1");
  g_assert_cmpint (cpis_user_info_get_care_setting (info), ==, CPIS_CARE_SETTING_SCHEDULED);
  g_object_get (info, "role", &role, NULL);
  g_assert_cmpint (role, ==, CPIS_ROLE_CLINICIAN);

  minimal = cpis_user_info_new_from_json ("{\"preferred_username\":\"sw\",\"cpis_role\":\"social-worker\"}",
                                          -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_user_info_get_role (minimal), ==, CPIS_ROLE_SOCIAL_WORKER);
  g_assert_null (cpis_user_info_get_job_role (minimal));
  g_assert_null (cpis_user_info_get_organisation_kind (minimal));
  g_assert_null (cpis_user_info_get_practitioner_role_id (minimal));
  g_assert_cmpint (cpis_user_info_get_care_setting (minimal), ==, CPIS_CARE_SETTING_UNSCHEDULED);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) bad_error = NULL;
      g_autoptr(CpisUserInfo) bad_info = cpis_user_info_new_from_json (bad[i], -1, &bad_error);

      g_assert_null (bad_info);
      g_assert_nonnull (bad_error);
    }
}

/* Tests: the real hub */

static void
test_sign_in (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CpisHubClient) client = new_client (cpis_test_hub_get_base_url (fixture->hub));
  g_autoptr(CpisUserInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = cpis_test_client_sign_in (client, "nurse", NURSE_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cpis_hub_client_is_signed_in (client));
  g_assert_true (cpis_hub_client_get_user_info (client) == info);
  g_assert_cmpstr (cpis_user_info_get_username (info), ==, "nurse");
  g_assert_cmpstr (cpis_user_info_get_full_name (info), ==, "Test nurse");
  g_assert_cmpint (cpis_user_info_get_role (info), ==, CPIS_ROLE_CLINICIAN);
  g_assert_cmpstr (cpis_user_info_get_job_role (info), ==, "Midwifery sister");
  g_assert_cmpstr (cpis_user_info_get_organisation_code (info), ==, "RX001");
  g_assert_cmpstr (cpis_user_info_get_organisation_name (info), ==, ED_NAME);
  g_assert_cmpstr (cpis_user_info_get_organisation_kind (info), ==, "unscheduled-care");
  g_assert_cmpint (cpis_hub_client_get_care_setting (client), ==, CPIS_CARE_SETTING_UNSCHEDULED);
}

static void
test_found (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(CpisHubClient) client = cpis_test_hub_sign_in_client (fixture->hub, "nurse",
                                                                  NURSE_PASSWORD);
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(CpisCheckResult) again = NULL;
  g_autoptr(CpisPlan) plan = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = cpis_nhs_number_format (fixture->with_plan);
  CpisAccessEvent *event;
  CpisPractitionerRole *role;

  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, NULL), ==, 0);

  /* typed as a nurse would, with spaces */
  g_assert_nonnull (strchr (typed, ' '));
  result = check_child (client, typed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_assert_cmpstr (cpis_check_result_get_nhs_number (result), ==, fixture->with_plan);
  g_assert_null (cpis_check_result_get_error (result));
  g_assert_null (cpis_check_result_get_history_error (result));
  g_assert_false (cpis_check_result_get_history_partial (result));
  g_assert_cmpstr (cpis_check_result_get_subject_name (result), ==, "Alex TESTER");
  g_assert_cmpint (cpis_check_result_get_care_setting (result), ==, CPIS_CARE_SETTING_UNSCHEDULED);
  g_assert_nonnull (cpis_check_result_get_checked_at (result));

  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_plans (result)), ==, 1);
  plan = g_list_model_get_item (cpis_check_result_get_plans (result), 0);
  g_assert_cmpint (cpis_plan_get_plan_type (plan), ==, CPIS_PLAN_TYPE_CPP);
  g_assert_cmpstr (cpis_plan_get_nhs_number (plan), ==, fixture->with_plan);
  g_assert_cmpstr (cpis_plan_get_la_name (plan), ==, LA_NAME);
  g_assert_cmpstr (cpis_plan_get_start_date (plan), ==, "2026-03-01");
  g_assert_null (cpis_plan_get_end_date (plan));
  g_assert_nonnull (cpis_plan_get_phone_emergency (plan));
  g_assert_nonnull (cpis_plan_get_phone_office (plan));

  /* the unscheduled check was recorded and the LA notified */
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, fixture->with_plan), ==, 1);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA001"), ==, 1);

  /* a second check sees the first in the access history */
  again = check_child (client, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (again), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_access_history (again)), >=, 1);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, fixture->with_plan), ==, 2);

  /* the history alone: both accesses, decoded with who and where */
  history = search_history (client, fixture->with_plan, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, fixture->with_plan), ==, 2);
  for (guint i = 0; i < history->len; i++)
    {
      event = g_ptr_array_index (history, i);
      g_assert_nonnull (cpis_access_event_get_recorded (event));
      g_assert_cmpstr (cpis_access_event_get_nhs_number (event), ==, fixture->with_plan);
      role = cpis_access_event_get_practitioner_role (event);
      g_assert_nonnull (role);
      g_assert_cmpstr (cpis_practitioner_role_get_practitioner_name (role), ==, "Test nurse");
      g_assert_nonnull (strstr (cpis_practitioner_role_get_organisation_name (role), ED_NAME));
      g_assert_cmpstr (cpis_practitioner_role_get_job_role_display (role), ==, "Midwifery sister");
      if (i > 0)
        g_assert_cmpint (g_date_time_compare (cpis_access_event_get_recorded (g_ptr_array_index (history, i - 1)),
                                              cpis_access_event_get_recorded (event)), >=, 0);
    }
}

/* "history-partial", read when "history-state" turns DONE, as the view does */
static void
history_state_notified_cb (CpisCheckResult *result,
                           GParamSpec      *pspec,
                           gboolean        *partial_when_done)
{
  if (cpis_check_result_get_history_state (result) == CPIS_FETCH_DONE)
    *partial_when_done = cpis_check_result_get_history_partial (result);
}

/* The hub answers the newest CPIS_FHIR_ACCESS_HISTORY_LIMIT accesses and a
 * total of those only: a history that long may have been cut */
static void
test_history_partial (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CpisHubClient) client = cpis_test_hub_sign_in_client (fixture->hub, "nurse",
                                                                  NURSE_PASSWORD);
  g_autoptr(CpisCheckResult) below = NULL;
  g_autoptr(CpisCheckResult) full = NULL;
  g_autoptr(CpisCheckResult) more = NULL;
  g_autoptr(GError) error = NULL;
  gboolean partial_when_done = FALSE;

  /* earlier accesses, a day apart from 28 May 2026, before the hub's
   * today: with this check's own, one fewer than the limit */
  for (guint i = 0; i < CPIS_FHIR_ACCESS_HISTORY_LIMIT - 2; i++)
    cpis_test_hub_add_access (fixture->hub, fixture->with_plan, "nurse",
                              (gint64) (1780000000 + i * 86400) * G_USEC_PER_SEC);

  below = check_child (client, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_history_state (below), ==, CPIS_FETCH_DONE);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_access_history (below)), ==,
                    CPIS_FHIR_ACCESS_HISTORY_LIMIT - 1);
  g_assert_false (cpis_check_result_get_history_partial (below));

  /* the next check fills the answer: older ones may be missing, and it says
   * so by the time the history is DONE */
  full = check_child_answer (client, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (cpis_check_result_get_history_partial (full));
  g_signal_connect (full, "notify::history-state", G_CALLBACK (history_state_notified_cb),
                    &partial_when_done);
  wait_settled (full);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_access_history (full)), ==,
                    CPIS_FHIR_ACCESS_HISTORY_LIMIT);
  g_assert_true (cpis_check_result_get_history_partial (full));
  g_assert_true (partial_when_done);

  /* and with more than the hub answers */
  more = check_child (client, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, fixture->with_plan), ==,
                   CPIS_FHIR_ACCESS_HISTORY_LIMIT + 1);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_access_history (more)), ==,
                    CPIS_FHIR_ACCESS_HISTORY_LIMIT);
  g_assert_true (cpis_check_result_get_history_partial (more));
}

/* A social worker of the child's LA is answered the whole history (to
 * CPIS_FHIR_LA_ACCESS_HISTORY_LIMIT): more than a clinician's 25 is not
 * "older ones may be missing", and reading it records nothing */
static void
test_history_whole_for_social_worker (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(CpisHubClient) client = NULL;
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n_accesses = CPIS_FHIR_ACCESS_HISTORY_LIMIT + 15;

  cpis_test_hub_add_user (fixture->hub, "sw", "Sw-Passw0rd!", "social-worker", "LA001");
  client = cpis_test_hub_sign_in_client (fixture->hub, "sw", "Sw-Passw0rd!");
  for (guint i = 0; i < n_accesses; i++)
    cpis_test_hub_add_access (fixture->hub, fixture->with_plan, "nurse",
                              (gint64) (1780000000 + i * 3600) * G_USEC_PER_SEC);

  result = check_child (client, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_assert_cmpint (cpis_check_result_get_history_state (result), ==, CPIS_FETCH_DONE);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_access_history (result)), ==,
                    n_accesses);
  g_assert_false (cpis_check_result_get_history_partial (result));
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, fixture->with_plan), ==,
                   n_accesses);
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CpisHubClient) client = cpis_test_hub_sign_in_client (fixture->hub, "nurse",
                                                                  NURSE_PASSWORD);
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;

  result = check_child (client, fixture->without_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_NO_RECORD);
  g_assert_null (cpis_check_result_get_error (result));
  g_assert_null (cpis_check_result_get_history_error (result));
  g_assert_null (cpis_check_result_get_subject_name (result));
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_plans (result)), ==, 0);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, NULL), ==, 0);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA001"), ==, 0);

  plans = search_plans (client, fixture->without_plan, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 0);
}

static void
test_invalid_number (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CpisHubClient) client = cpis_test_hub_sign_in_client (fixture->hub, "nurse",
                                                                  NURSE_PASSWORD);
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) fake_client = cpis_fake_hub_sign_in (fake);
  g_autofree char *broken = break_check_digit (fixture->with_plan);
  const char *invalid[] = { broken, "999 123", "99912345678", "999-ABC-1234", "   " };
  guint sent = fake->requests->len;

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) fake_error = NULL;
      g_autoptr(GError) search_error = NULL;
      g_autoptr(CpisCheckResult) result = NULL;
      g_autoptr(CpisCheckResult) fake_result = NULL;
      g_autoptr(GPtrArray) plans = NULL;

      result = check_child (client, invalid[i], NULL, &error);
      g_assert_null (result);
      g_assert_nonnull (error);
      g_assert_true (error->domain == CPIS_NHS_NUMBER_ERROR);

      fake_result = check_child (fake_client, invalid[i], NULL, &fake_error);
      g_assert_null (fake_result);
      g_assert_true (fake_error->domain == CPIS_NHS_NUMBER_ERROR);

      plans = search_plans (fake_client, invalid[i], &search_error);
      g_assert_null (plans);
      g_assert_true (search_error->domain == CPIS_NHS_NUMBER_ERROR);
    }

  /* nothing was sent: the fake hub saw no request, the real hub recorded nothing */
  g_assert_cmpuint (fake->requests->len, ==, sent);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, NULL), ==, 0);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA001"), ==, 0);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CpisHubClient) client = new_client (cpis_test_hub_get_base_url (fixture->hub));
  const char *attempts[][2] = {
    { "nurse", "not-the-password" },
    { "nobody", NURSE_PASSWORD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_autoptr(CpisUserInfo) info = NULL;
      g_autoptr(GError) error = NULL;

      info = cpis_test_client_sign_in (client, attempts[i][0], attempts[i][1], NULL, &error);
      g_assert_null (info);
      g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_CREDENTIALS);
      g_assert_null (strstr (error->message, attempts[i][1]));
      g_assert_false (cpis_hub_client_is_signed_in (client));
      g_assert_null (cpis_hub_client_get_user_info (client));
    }

  /* and the right one still works on the same client */
  {
    g_autoptr(CpisUserInfo) info = NULL;
    g_autoptr(GError) error = NULL;

    info = cpis_test_client_sign_in (client, "nurse", NURSE_PASSWORD, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (cpis_hub_client_is_signed_in (client));
  }
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/cpis/FHIR/R4", closed_port ());
  g_autoptr(CpisHubClient) nowhere = new_client (url);
  g_autoptr(CpisHubClient) client = cpis_test_hub_sign_in_client (fixture->hub, "nurse",
                                                                  NURSE_PASSWORD);
  g_autoptr(CpisUserInfo) info = NULL;
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* a closed port */
  info = cpis_test_client_sign_in (nowhere, "nurse", NURSE_PASSWORD, NULL, &error);
  g_assert_null (info);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREACHABLE);
  g_assert_false (cpis_hub_client_is_signed_in (nowhere));
  g_clear_error (&error);

  /* the hub stopped mid-session: "could not be checked", never "no record" */
  g_clear_pointer (&fixture->hub, cpis_test_hub_free);
  result = check_child (client, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  assert_failed (result, CPIS_HUB_CLIENT_ERROR_UNREACHABLE, fixture->with_plan);
  g_clear_object (&result);

  result = check_child (client, fixture->without_plan, NULL, &error);
  g_assert_no_error (error);
  assert_failed (result, CPIS_HUB_CLIENT_ERROR_UNREACHABLE, fixture->without_plan);

  /* signing out forgets the token even though the hub cannot hear it */
  g_assert_false (sign_out (client, &error));
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREACHABLE);
  g_assert_false (cpis_hub_client_is_signed_in (client));
  g_assert_null (cpis_hub_client_get_user_info (client));
}

static void
test_access_denied (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CpisHubClient) client = cpis_test_hub_sign_in_client (fixture->hub, "officer",
                                                                  OFFICER_PASSWORD);
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (cpis_user_info_get_role (cpis_hub_client_get_user_info (client)), ==,
                   CPIS_ROLE_PARTNERSHIP_OFFICER);

  result = check_child (client, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  assert_failed (result, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED, fixture->with_plan);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, NULL), ==, 0);
}

static void
test_reauthenticate (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CpisHubClient) client = cpis_test_hub_sign_in_client (fixture->hub, "nurse",
                                                                  NURSE_PASSWORD);
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(CpisUserInfo) info = NULL;
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_strdup (_cpis_hub_client_get_token (client));
  g_autofree char *form = soup_form_encode ("token", token, NULL);

  result = check_child (client, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_clear_object (&result);

  /* the session is ended behind the client's back */
  response = cpis_test_hub_request (fixture->hub, "POST", "/oauth2/revoke", NULL,
                                    "application/x-www-form-urlencoded", form, NULL);
  g_assert_cmpuint (response->status, ==, 200);

  result = check_child (client, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  assert_failed (result, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED, fixture->with_plan);
  g_clear_object (&result);
  /* who was signed in is kept, for the re-authentication prompt */
  g_assert_nonnull (cpis_hub_client_get_user_info (client));

  info = cpis_test_client_sign_in (client, "nurse", NURSE_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_cpis_hub_client_get_token (client), !=, token);
  result = check_child (client, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_clear_object (&result);
  g_clear_object (&info);

  /* the session expires: nine hours later (tokens last eight) */
  cpis_test_hub_advance (fixture->hub, 9 * 60 * 60);
  result = check_child (client, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  assert_failed (result, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED, fixture->with_plan);
  g_clear_object (&result);

  info = cpis_test_client_sign_in (client, "nurse", NURSE_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  result = check_child (client, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
}

static void
test_scheduled_care (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CpisHubClient) gp = cpis_test_hub_sign_in_client (fixture->hub, "gp", GP_PASSWORD);
  g_autoptr(CpisHubClient) nurse = cpis_test_hub_sign_in_client (fixture->hub, "nurse",
                                                                 NURSE_PASSWORD);
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* the care setting follows the user's organisation */
  g_assert_cmpint (cpis_user_info_get_care_setting (cpis_hub_client_get_user_info (gp)), ==,
                   CPIS_CARE_SETTING_SCHEDULED);
  g_assert_cmpint (cpis_hub_client_get_care_setting (gp), ==, CPIS_CARE_SETTING_SCHEDULED);
  g_assert_cmpint (cpis_hub_client_get_care_setting (nurse), ==, CPIS_CARE_SETTING_UNSCHEDULED);

  /* a silent read: the plan shows, nothing is recorded, nobody is notified */
  result = check_child (gp, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_assert_cmpint (cpis_check_result_get_care_setting (result), ==, CPIS_CARE_SETTING_SCHEDULED);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, fixture->with_plan), ==, 0);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA001"), ==, 0);
  g_clear_object (&result);

  /* unscheduled care: recorded, the LA notified */
  result = check_child (nurse, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_care_setting (result), ==, CPIS_CARE_SETTING_UNSCHEDULED);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, fixture->with_plan), ==, 1);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA001"), ==, 1);
  g_clear_object (&result);

  /* the header is sent explicitly both ways: the setting can be changed */
  cpis_hub_client_set_care_setting (nurse, CPIS_CARE_SETTING_SCHEDULED);
  result = check_child (nurse, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_care_setting (result), ==, CPIS_CARE_SETTING_SCHEDULED);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, fixture->with_plan), ==, 1);
  g_clear_object (&result);

  cpis_hub_client_set_care_setting (gp, CPIS_CARE_SETTING_UNSCHEDULED);
  result = check_child (gp, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, fixture->with_plan), ==, 2);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA001"), ==, 2);
}

static void
test_sign_out (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(CpisHubClient) client = cpis_test_hub_sign_in_client (fixture->hub, "nurse",
                                                                  NURSE_PASSWORD);
  g_autoptr(CpisTestResponse) before = NULL;
  g_autoptr(CpisTestResponse) after = NULL;
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_strdup (_cpis_hub_client_get_token (client));

  g_assert_nonnull (token);
  before = cpis_test_hub_search (fixture->hub, token, "CareTeam", fixture->with_plan, "false");
  g_assert_cmpuint (before->status, ==, 200);

  g_assert_true (sign_out (client, &error));
  g_assert_no_error (error);
  g_assert_false (cpis_hub_client_is_signed_in (client));
  g_assert_null (cpis_hub_client_get_user_info (client));
  g_assert_null (_cpis_hub_client_get_token (client));

  /* the hub no longer accepts the token */
  after = cpis_test_hub_search (fixture->hub, token, "CareTeam", fixture->with_plan, "false");
  g_assert_cmpuint (after->status, ==, 401);

  /* a check without a session fails as unauthorised, never as "no record" */
  result = check_child (client, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  assert_failed (result, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED, fixture->with_plan);

  /* signing out twice is harmless */
  g_assert_true (sign_out (client, &error));
  g_assert_no_error (error);
}

/* Tests: the fake hub */

typedef struct
{
  CpisFakeMode    mode;
  int         code;
  const char *what;
} FakeCase;

static void
test_bad_answers (void)
{
  const FakeCase cases[] = {
    { CPIS_FAKE_500, CPIS_HUB_CLIENT_ERROR_SERVER, "500" },
    { CPIS_FAKE_503, CPIS_HUB_CLIENT_ERROR_SERVER, "503 with an OperationOutcome" },
    { CPIS_FAKE_HTML, CPIS_HUB_CLIENT_ERROR_UNREADABLE, "an HTML page" },
    { CPIS_FAKE_TRUNCATED, CPIS_HUB_CLIENT_ERROR_UNREADABLE, "truncated JSON" },
    { CPIS_FAKE_NOT_FHIR, CPIS_HUB_CLIENT_ERROR_UNREADABLE, "a resource of the wrong type" },
    { CPIS_FAKE_EMPTY, CPIS_HUB_CLIENT_ERROR_UNREADABLE, "an empty body" },
    { CPIS_FAKE_400, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST, "400 INVALID_SEARCH_DATA" },
    { CPIS_FAKE_401, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED, "401" },
    { CPIS_FAKE_403, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED, "403" },
    { CPIS_FAKE_404, CPIS_HUB_CLIENT_ERROR_SERVER, "404" },
  };
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  g_autofree char *number = cpis_test_nhs_number (222333);
  g_autoptr(CpisCheckResult) good = NULL;
  g_autoptr(GError) error = NULL;

  good = check_child (client, number, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (good), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_assert_cmpstr (cpis_check_result_get_subject_name (good), ==, "Robin TESTER");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CpisCheckResult) result = NULL;
      g_autoptr(CpisCheckResult) partial = NULL;

      g_test_message ("The CareTeam search answers %s", cases[i].what);

      /* the plans could not be fetched: FAILED, even though the history came */
      fake->care_team_mode = cases[i].mode;
      fake->audit_event_mode = CPIS_FAKE_OK;
      result = check_child (client, number, NULL, &error);
      g_assert_no_error (error);
      assert_failed (result, cases[i].code, number);
      g_assert_null (cpis_check_result_get_history_error (result));

      /* the plans came but the history did not: the plans are shown */
      fake->care_team_mode = CPIS_FAKE_OK;
      fake->audit_event_mode = cases[i].mode;
      partial = check_child (client, number, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (cpis_check_result_get_outcome (partial), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
      g_assert_null (cpis_check_result_get_error (partial));
      g_assert_error (cpis_check_result_get_history_error (partial), CPIS_HUB_CLIENT_ERROR,
                      cases[i].code);
      g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_plans (partial)), ==, 1);
    }
}

/* A hub that answers about a different child: the answer is never shown */
static void
test_answer_about_another_child (void)
{
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  g_autofree char *number = cpis_test_nhs_number (222333);
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (number, !=, "9999999999");
  fake->care_team_mode = CPIS_FAKE_OTHER_CHILD;
  fake->audit_event_mode = CPIS_FAKE_OK;
  result = check_child (client, number, NULL, &error);
  g_assert_no_error (error);
  assert_failed (result, CPIS_HUB_CLIENT_ERROR_UNREADABLE, number);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_plans (result)), ==, 0);
  g_assert_null (cpis_check_result_get_subject_name (result));
}

static void
test_bad_sign_in_answers (void)
{
  const FakeCase token_cases[] = {
    { CPIS_FAKE_HTML, CPIS_HUB_CLIENT_ERROR_UNREADABLE, "token: an HTML page" },
    { CPIS_FAKE_500, CPIS_HUB_CLIENT_ERROR_SERVER, "token: 500" },
    { CPIS_FAKE_401, CPIS_HUB_CLIENT_ERROR_INVALID_CREDENTIALS, "token: 401" },
  };
  const FakeCase userinfo_cases[] = {
    { CPIS_FAKE_HTML, CPIS_HUB_CLIENT_ERROR_UNREADABLE, "userinfo: an HTML page" },
    { CPIS_FAKE_TRUNCATED, CPIS_HUB_CLIENT_ERROR_UNREADABLE, "userinfo: truncated" },
    { CPIS_FAKE_503, CPIS_HUB_CLIENT_ERROR_SERVER, "userinfo: 503" },
    { CPIS_FAKE_401, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED, "userinfo: 401" },
  };
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = new_client (fake->base_url);

  for (guint i = 0; i < G_N_ELEMENTS (token_cases) + G_N_ELEMENTS (userinfo_cases); i++)
    {
      const FakeCase *c = i < G_N_ELEMENTS (token_cases)
                          ? &token_cases[i] : &userinfo_cases[i - G_N_ELEMENTS (token_cases)];
      g_autoptr(CpisUserInfo) info = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", c->what);
      fake->token_mode = i < G_N_ELEMENTS (token_cases) ? c->mode : CPIS_FAKE_OK;
      fake->userinfo_mode = i < G_N_ELEMENTS (token_cases) ? CPIS_FAKE_OK : c->mode;

      info = cpis_test_client_sign_in (client, "fake", "fake-password", NULL, &error);
      g_assert_null (info);
      g_assert_error (error, CPIS_HUB_CLIENT_ERROR, c->code);
      g_assert_false (cpis_hub_client_is_signed_in (client));
      g_assert_null (cpis_hub_client_get_user_info (client));
    }
}

/* The hub issued a token but the user info failed: the token is revoked, not
 * left live at the hub */
static gboolean
revoke_seen (gpointer data)
{
  CpisFakeHub *fake = data;

  for (guint i = 0; i < fake->requests->len; i++)
    {
      CpisFakeRequest *captured = g_ptr_array_index (fake->requests, i);

      if (g_str_equal (captured->path, "/oauth2/revoke") &&
          g_strcmp0 (captured->body, "token=fake-token") == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_stray_token_revoked (void)
{
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = new_client (fake->base_url);
  g_autoptr(CpisUserInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  fake->userinfo_mode = CPIS_FAKE_500;
  info = cpis_test_client_sign_in (client, "fake", "fake-password", NULL, &error);
  g_assert_null (info);
  g_assert_false (cpis_hub_client_is_signed_in (client));

  while (!revoke_seen (fake) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (revoke_seen (fake));
}

static void
test_request_headers (void)
{
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  g_autofree char *number = cpis_test_nhs_number (314159);
  g_autoptr(GHashTable) trace_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) searches = NULL;
  g_autofree char *expected_identifier = g_strdup_printf ("%s|%s", CPIS_NHS_NUMBER_SYSTEM, number);
  CpisFakeRequest *token_request, *userinfo_request;
  g_autoptr(GHashTable) form = NULL;

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(CpisCheckResult) result = NULL;
      g_autoptr(GError) error = NULL;

      if (round == 2)
        cpis_hub_client_set_care_setting (client, CPIS_CARE_SETTING_SCHEDULED);
      result = check_child (client, number, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
    }

  /* the sign-in: a form POST, then userinfo with the token */
  g_assert_cmpuint (fake->requests->len, >=, 2);
  token_request = g_ptr_array_index (fake->requests, 0);
  g_assert_cmpstr (token_request->method, ==, "POST");
  g_assert_cmpstr (token_request->path, ==, "/oauth2/token");
  g_assert_cmpstr (soup_message_headers_get_content_type (token_request->headers, NULL), ==,
                   "application/x-www-form-urlencoded");
  form = soup_form_decode (token_request->body);
  g_assert_cmpstr (g_hash_table_lookup (form, "grant_type"), ==, "password");
  g_assert_cmpstr (g_hash_table_lookup (form, "username"), ==, "fake");
  g_assert_cmpstr (g_hash_table_lookup (form, "password"), ==, "fake-password");
  userinfo_request = g_ptr_array_index (fake->requests, 1);
  g_assert_cmpstr (userinfo_request->path, ==, "/oauth2/userinfo");
  g_assert_cmpstr (soup_message_headers_get_one (userinfo_request->headers, "Authorization"), ==,
                   "Bearer fake-token");

  /* three checks, two searches each */
  searches = cpis_fake_hub_requests_under (fake, "/cpis/FHIR/R4/");
  g_assert_cmpuint (searches->len, ==, 6);
  for (guint i = 0; i < searches->len; i++)
    {
      CpisFakeRequest *search = g_ptr_array_index (searches, i);
      SoupMessageHeaders *headers = search->headers;
      const char *trace_id = soup_message_headers_get_one (headers, "TraceID");
      const char *user_agent = soup_message_headers_get_one (headers, "User-Agent");
      g_autoptr(GHashTable) params = NULL;

      g_assert_cmpstr (search->method, ==, "GET");
      g_assert_true (g_str_equal (search->path, "/cpis/FHIR/R4/CareTeam") ||
                     g_str_equal (search->path, "/cpis/FHIR/R4/AuditEvent"));

      /* the identifier, with its '|' percent-encoded */
      g_assert_nonnull (strstr (search->query, "%7C"));
      g_assert_null (strchr (search->query, '|'));
      params = g_uri_parse_params (search->query, -1, "&", G_URI_PARAMS_NONE, NULL);
      g_assert_nonnull (params);
      g_assert_cmpstr (g_hash_table_lookup (params, "patient:identifier"), ==, expected_identifier);

      g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==, "Bearer fake-token");
      g_assert_nonnull (strstr (soup_message_headers_get_one (headers, "Accept"), "application/fhir+json"));
      g_assert_nonnull (user_agent);
      g_assert_true (g_str_has_prefix (user_agent, "cpis-desktop/" PACKAGE_VERSION));

      /* a fresh TraceID each time */
      g_assert_true (cpis_uuid_is_valid (trace_id));
      g_assert_false (g_hash_table_contains (trace_ids, trace_id));
      g_hash_table_add (trace_ids, (gpointer) trace_id);

      /* always sent explicitly, as the care setting says */
      g_assert_cmpstr (soup_message_headers_get_one (headers, "IsUnscheduledAccessEvent"), ==,
                       i < 4 ? "true" : "false");
    }
  g_assert_cmpuint (g_hash_table_size (trace_ids), ==, 6);
}

/* A socket that accepts connections and never answers */

typedef struct
{
  GSocketListener *listener;
  GPtrArray       *connections;
  GCancellable    *cancellable;
  guint16          port;
} SilentSocket;

static void
silent_accepted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SilentSocket *silent = user_data;
  GSocketConnection *connection;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);
  if (connection == NULL)
    return;

  g_ptr_array_add (silent->connections, connection);
  g_socket_listener_accept_async (silent->listener, silent->cancellable, silent_accepted_cb, silent);
}

static SilentSocket *
silent_socket_new (void)
{
  SilentSocket *silent = g_new0 (SilentSocket, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  silent->listener = g_socket_listener_new ();
  silent->connections = g_ptr_array_new_with_free_func (g_object_unref);
  silent->cancellable = g_cancellable_new ();
  g_socket_listener_add_address (silent->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  silent->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_socket_listener_accept_async (silent->listener, silent->cancellable, silent_accepted_cb, silent);

  return silent;
}

static void
silent_socket_free (SilentSocket *silent)
{
  g_cancellable_cancel (silent->cancellable);
  g_socket_listener_close (silent->listener);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_ptr_array_unref (silent->connections);
  g_object_unref (silent->listener);
  g_object_unref (silent->cancellable);
  g_free (silent);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SilentSocket, silent_socket_free)

static void
test_timeout (void)
{
  g_autoptr(SilentSocket) silent = silent_socket_new ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/cpis/FHIR/R4", silent->port);
  g_autoptr(CpisHubClient) client = new_client (url);
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) fake_client = new_client (fake->base_url);
  g_autoptr(CpisUserInfo) info = NULL;
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = cpis_test_nhs_number (271828);

  /* a hub that accepts the connection and never answers */
  cpis_hub_client_set_timeout (client, 1);
  info = cpis_test_client_sign_in (client, "nurse", NURSE_PASSWORD, NULL, &error);
  g_assert_null (info);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "1 second"));
  g_assert_cmpuint (silent->connections->len, >=, 1);
  g_clear_error (&error);

  /* a hub that signs in, then never answers a search; the timeout is
   * changed after the sign-in connection was made */
  info = cpis_test_client_sign_in (fake_client, "fake", "fake-password", NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&info);
  cpis_hub_client_set_timeout (fake_client, 1);
  fake->care_team_mode = CPIS_FAKE_SILENT;
  fake->audit_event_mode = CPIS_FAKE_SILENT;
  result = check_child (fake_client, number, NULL, &error);
  g_assert_no_error (error);
  assert_failed (result, CPIS_HUB_CLIENT_ERROR_TIMEOUT, number);
  g_assert_cmpuint (fake->paused->len, >=, 1);
}

static void
test_cancel (void)
{
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  g_autofree char *number = cpis_test_nhs_number (161803);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);

  /* cancelled before it starts */
  {
    g_autoptr(CpisCheckResult) result = NULL;
    g_autoptr(CpisUserInfo) info = NULL;
    g_autoptr(GError) error = NULL;

    result = check_child (client, number, cancelled, &error);
    g_assert_null (result);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);

    info = cpis_test_client_sign_in (client, "fake", "fake-password", cancelled, &error);
    g_assert_null (info);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    /* a cancelled sign-in leaves the session as it was */
    g_assert_true (cpis_hub_client_is_signed_in (client));
  }

  /* cancelled while the hub is thinking */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(CpisCheckResult) check = NULL;
    g_autoptr(GError) error = NULL;

    fake->care_team_mode = CPIS_FAKE_SILENT;
    fake->audit_event_mode = CPIS_FAKE_SILENT;
    cpis_hub_client_check_child_async (client, number, cancellable, cpis_test_store_result_cb,
                                       &result);
    cpis_fake_hub_wait_for_paused (fake, 1);
    g_assert_null (result);
    g_cancellable_cancel (cancellable);
    cpis_test_wait_for_pointer ((gpointer *) &result);
    check = cpis_hub_client_check_child_finish (client, result, &error);
    g_assert_null (check);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

static void
test_dispose_cancels (void)
{
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  g_autofree char *number = cpis_test_nhs_number (141421);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CpisCheckResult) check = NULL;
  g_autoptr(GError) error = NULL;

  fake->care_team_mode = CPIS_FAKE_SILENT;
  fake->audit_event_mode = CPIS_FAKE_SILENT;
  cpis_hub_client_check_child_async (client, number, NULL, cpis_test_store_result_cb, &result);
  cpis_fake_hub_wait_for_paused (fake, 1);

  g_object_run_dispose (G_OBJECT (client));
  cpis_test_wait_for_pointer ((gpointer *) &result);
  check = cpis_hub_client_check_child_finish (client, result, &error);
  g_assert_null (check);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* TLS: the real hub code, serving https with a self-signed certificate */

static gint64
tls_clock (gpointer user_data)
{
  g_autoptr(GDateTime) noon = cpis_test_uk_time (2026, 11, 25, 12, 0, 0);

  return g_date_time_to_unix (noon) * G_USEC_PER_SEC;
}

static void
test_tls (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr(CpisHubServer) server = NULL;
  g_autoptr(CpisHubClient) untrusted = NULL;
  g_autoptr(CpisHubClient) trusted = NULL;
  g_autoptr(CpisHubClient) plain = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(CpisUserInfo) info = NULL;
  g_autoptr(CpisCheckResult) result = NULL;

  dir = g_dir_make_tmp ("cpis-test-tls-XXXXXX", &error);
  g_assert_no_error (error);
  if (!cpis_test_make_certificate (dir, "hub", &cert, &key))
    {
      g_assert_true (cpis_test_remove_tree (dir));
      return;
    }

  /* on this thread's main context, on the fixture's store */
  server = cpis_hub_server_new (cpis_test_hub_get_store (fixture->hub));
  cpis_hub_server_set_clock (server, tls_clock, NULL);
  g_assert_true (cpis_hub_server_listen (server, "127.0.0.1", 0, cert, key, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cpis_hub_server_get_base_url (server), "https://"));

  /* not trusted: refused, said as a certificate problem */
  untrusted = new_client (cpis_hub_server_get_base_url (server));
  info = cpis_test_client_sign_in (untrusted, "nurse", NURSE_PASSWORD, NULL, &error);
  g_assert_null (info);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TLS);
  g_test_message ("Untrusted: %s", error->message);
  g_assert_nonnull (strstr (error->message, "certificate"));
  /* with what was presented, for whoever must decide whether it is the hub's */
  {
    g_autofree char *fingerprint = cpis_test_certificate_fingerprint (cert);
    g_autofree char *said = g_strdup_printf ("SHA-256 fingerprint: %s.", fingerprint);

    g_assert_cmpuint (strlen (fingerprint), ==, 32 * 3 - 1);
    g_assert_nonnull (strstr (error->message, said));
    g_assert_nonnull (strstr (error->message, "Issued to CN=127.0.0.1 by CN=127.0.0.1."));
    g_assert_nonnull (strstr (error->message, "Valid from "));
  }
  g_assert_false (cpis_hub_client_is_signed_in (untrusted));
  g_clear_error (&error);

  /* trusted through a database holding the certificate */
  database = g_tls_file_database_new (cert, &error);
  g_assert_no_error (error);
  trusted = new_client (cpis_hub_server_get_base_url (server));
  cpis_hub_client_set_tls_database (trusted, database);
  info = cpis_test_client_sign_in (trusted, "nurse", NURSE_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cpis_user_info_get_username (info), ==, "nurse");
  result = check_child (trusted, fixture->with_plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_clear_object (&info);

  /* plain http to a TLS port is not mistaken for an answer */
  {
    g_autofree char *http_url = g_strconcat ("http://", cpis_hub_server_get_base_url (server) + strlen ("https://"), NULL);

    plain = new_client (http_url);
    cpis_hub_client_set_timeout (plain, 5);
    info = cpis_test_client_sign_in (plain, "nurse", NURSE_PASSWORD, NULL, &error);
    g_assert_null (info);
    g_assert_true (error->domain == CPIS_HUB_CLIENT_ERROR);
    g_test_message ("Plain HTTP to a TLS port: %s", error->message);
    g_assert_false (cpis_hub_client_is_signed_in (plain));
  }

  g_clear_object (&trusted);
  g_clear_object (&untrusted);
  g_clear_object (&plain);
  cpis_hub_server_disconnect (server);
  g_clear_object (&server);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_true (cpis_test_remove_tree (dir));
}

/* Tests: a broken or hostile hub never produces "no record" */

/* The highest resident memory of this process so far, in bytes */
static guint64
peak_resident_bytes (void)
{
  g_autofree char *status = NULL;
  const char *line;
  guint64 kib = 0;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  kib = g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);

  return kib * 1024;
}

/* Records the longest the main loop went without running a 20 ms ticker */
typedef struct
{
  gint64 last;
  gint64 longest;
  guint  source;
} Ticker;

static gboolean
tick_cb (gpointer data)
{
  Ticker *ticker = data;
  gint64 now = g_get_monotonic_time ();

  ticker->longest = MAX (ticker->longest, now - ticker->last);
  ticker->last = now;
  return G_SOURCE_CONTINUE;
}

static void
ticker_start (Ticker *ticker)
{
  ticker->last = g_get_monotonic_time ();
  ticker->longest = 0;
  ticker->source = g_timeout_add (20, tick_cb, ticker);
}

static gint64
ticker_stop (Ticker *ticker)
{
  tick_cb (ticker);
  g_clear_handle_id (&ticker->source, g_source_remove);
  return ticker->longest;
}

/* A 3xx is never followed: neither to another origin (which would get the
 * NHS number and the access headers, and whose "no record" would be shown as
 * this child's) nor to the same hub's search for another child */
static void
test_hostile_redirect (void)
{
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisFakeHub) elsewhere = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  g_autofree char *number = cpis_test_nhs_number (300001);
  g_autofree char *other = cpis_test_nhs_number (300002);
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GError) error = NULL;

  elsewhere->care_team_mode = CPIS_FAKE_NO_RECORD;
  fake->care_team_mode = CPIS_FAKE_REDIRECT;
  fake->redirect_to = g_strdup_printf ("%s/CareTeam?patient:identifier=%s%%7C%s",
                                       elsewhere->base_url, CPIS_NHS_NUMBER_SYSTEM, number);
  result = check_child (client, number, NULL, &error);
  g_assert_no_error (error);
  assert_failed (result, CPIS_HUB_CLIENT_ERROR_REDIRECTED, number);
  g_assert_cmpuint (elsewhere->requests->len, ==, 0);
  g_clear_object (&result);

  /* the same hub, another child: one CareTeam request only, not followed */
  g_free (fake->redirect_to);
  fake->redirect_to = g_strdup_printf ("%s/CareTeam?patient:identifier=%s%%7C%s",
                                       fake->base_url, CPIS_NHS_NUMBER_SYSTEM, other);
  fake->care_team_mode = CPIS_FAKE_REDIRECT;
  searches = cpis_fake_hub_requests_under (fake, "/cpis/FHIR/R4/CareTeam");
  g_assert_cmpuint (searches->len, ==, 1);
  g_clear_pointer (&searches, g_ptr_array_unref);
  result = check_child (client, number, NULL, &error);
  g_assert_no_error (error);
  assert_failed (result, CPIS_HUB_CLIENT_ERROR_REDIRECTED, number);
  searches = cpis_fake_hub_requests_under (fake, "/cpis/FHIR/R4/CareTeam");
  g_assert_cmpuint (searches->len, ==, 2);
  g_clear_object (&result);
  g_clear_pointer (&searches, g_ptr_array_unref);

  /* nor the access history's search */
  fake->care_team_mode = CPIS_FAKE_OK;
  fake->audit_event_mode = CPIS_FAKE_REDIRECT;
  result = check_child (client, number, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_assert_cmpint (cpis_check_result_get_history_state (result), ==, CPIS_FETCH_FAILED);
  g_assert_error (cpis_check_result_get_history_error (result), CPIS_HUB_CLIENT_ERROR,
                  CPIS_HUB_CLIENT_ERROR_REDIRECTED);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_access_history (result)), ==, 0);
}

/* Answers that would read as "no record" if believed */
static void
test_hostile_not_no_record (void)
{
  const struct { CpisFakeMode mode; const char *what; } cases[] = {
    { CPIS_FAKE_REPEATED_ENTRY, "\"entry\" twice, the plan then []" },
    { CPIS_FAKE_INCLUDE_ONLY, "the plan marked \"include\", no total" },
    { CPIS_FAKE_NO_RECORD_HTML, "a no-record Bundle served as text/html" },
  };
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  g_autofree char *number = cpis_test_nhs_number (300011);
  g_autoptr(GError) error = NULL;

  /* the control: a real no-record answer is believed */
  {
    g_autoptr(CpisCheckResult) result = NULL;

    fake->care_team_mode = CPIS_FAKE_NO_RECORD;
    result = check_child (client, number, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_NO_RECORD);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CpisCheckResult) result = NULL;

      g_test_message ("The CareTeam search answers %s", cases[i].what);
      fake->care_team_mode = cases[i].mode;
      result = check_child (client, number, NULL, &error);
      g_assert_no_error (error);
      assert_failed (result, CPIS_HUB_CLIENT_ERROR_UNREADABLE, number);
    }
}

/* The timeout is for the whole answer: a hub that drips a byte at a time
 * cannot keep "Checking CP-IS…" on screen */
static void
test_hostile_drip (void)
{
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  g_autofree char *number = cpis_test_nhs_number (300021);
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* a byte every 200 ms: each silence is well inside the timeout, the whole
   * answer (a couple of kilobytes) is minutes */
  cpis_hub_client_set_timeout (client, 2);
  fake->care_team_mode = CPIS_FAKE_DRIP;
  result = check_child (client, number, NULL, &error);
  g_assert_no_error (error);
  assert_failed (result, CPIS_HUB_CLIENT_ERROR_TIMEOUT, number);
  g_assert_nonnull (strstr (cpis_check_result_get_error (result)->message, "2 seconds"));
  g_assert_cmpuint (fake->drips_finished, ==, 0);
}

/* A dripping access history does not hold back the plans: the alert is
 * answered while the history is still coming, which then fails on its own */
static void
test_hostile_drip_history (void)
{
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  g_autofree char *number = cpis_test_nhs_number (300031);
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cpis_hub_client_set_timeout (client, 2);
  fake->audit_event_mode = CPIS_FAKE_DRIP;
  result = check_child_answer (client, number, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_plans (result)), ==, 1);
  g_assert_cmpint (cpis_check_result_get_history_state (result), ==, CPIS_FETCH_PENDING);
  g_assert_cmpuint (fake->drips_finished, ==, 0);

  wait_settled (result);
  g_assert_cmpint (cpis_check_result_get_history_state (result), ==, CPIS_FETCH_FAILED);
  g_assert_error (cpis_check_result_get_history_error (result), CPIS_HUB_CLIENT_ERROR,
                  CPIS_HUB_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
}

/* Answers far larger than any CP-IS answer: read no further than the cap
 * (also after decompression), memory bounded, the main loop never blocked */
static void
test_hostile_huge (void)
{
  const struct { CpisFakeMode mode; const char *what; } cases[] = {
    { CPIS_FAKE_HUGE, "2 GB, streamed" },
    { CPIS_FAKE_HUGE_LENGTH, "Content-Length: 2 GB" },
    { CPIS_FAKE_GZIP_BOMB, "256 MB gzipped to a few hundred kilobytes" },
  };
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  g_autofree char *number = cpis_test_nhs_number (300041);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CpisCheckResult) warm = NULL;
      g_autoptr(CpisCheckResult) result = NULL;
      guint64 before;
      gint64 longest;
      Ticker ticker;

      g_test_message ("The CareTeam search answers %s", cases[i].what);
      fake->care_team_mode = cases[i].mode;
      /* once first, so that the fake's own buffers (the bomb) are made */
      warm = check_child (client, number, NULL, &error);
      g_assert_no_error (error);

      before = peak_resident_bytes ();
      fake->bytes_streamed = 0;
      ticker_start (&ticker);
      result = check_child (client, number, NULL, &error);
      longest = ticker_stop (&ticker);
      g_assert_no_error (error);
      assert_failed (result, CPIS_HUB_CLIENT_ERROR_UNREADABLE, number);

      g_test_message ("peak memory grew by %" G_GUINT64_FORMAT " kB; the main loop waited "
                      "at most %" G_GINT64_FORMAT " ms; %" G_GUINT64_FORMAT " MB streamed",
                      (peak_resident_bytes () - before) / 1024, longest / 1000,
                      fake->bytes_streamed / (1024 * 1024));
      g_assert_cmpuint (peak_resident_bytes () - before, <, 64 * 1024 * 1024);
      g_assert_cmpuint (fake->bytes_streamed, <, 256 * 1024 * 1024);
      g_assert_cmpint (longest, <, 1500 * G_TIME_SPAN_MILLISECOND);
    }
}

/* Ten thousand plans: not ten thousand cards, and not a frozen window */
static void
test_hostile_many_plans (void)
{
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  g_autofree char *number = cpis_test_nhs_number (300051);
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 longest;
  Ticker ticker;

  fake->care_team_mode = CPIS_FAKE_MANY_PLANS;
  ticker_start (&ticker);
  result = check_child (client, number, NULL, &error);
  longest = ticker_stop (&ticker);
  g_assert_no_error (error);
  assert_failed (result, CPIS_HUB_CLIENT_ERROR_UNREADABLE, number);
  g_assert_cmpint (longest, <, 1500 * G_TIME_SPAN_MILLISECOND);
}

/* Plain http only to this computer */
static void
test_https_only (void)
{
  const char *refused[] = { "http://10.0.0.5:8080/cpis/FHIR/R4", "http://hub.example/cpis/FHIR/R4",
                            "HTTP://192.168.1.20/cpis/FHIR/R4" };
  const char *accepted[] = { "https://hub.example/cpis/FHIR/R4", "http://127.0.0.1:8443/cpis/FHIR/R4",
                             "http://127.0.0.53/cpis/FHIR/R4", "http://[::1]:8443/cpis/FHIR/R4",
                             "http://localhost:8443/cpis/FHIR/R4" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisHubClient) client = cpis_hub_client_new (refused[i], &error);

      g_assert_null (client);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "https://"));
      g_assert_false (cpis_hub_client_check_base_url (refused[i], NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisHubClient) client = cpis_hub_client_new (accepted[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (client);
    }
}

/* The demographics read: never recorded, its own request id, its own errors,
 * and never a substitute for the CP-IS answer */
static CpisPatient *
read_patient (CpisHubClient  *client,
              const char     *nhs_number,
              GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_read_patient_async (client, nhs_number, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_client_read_patient_finish (client, result, error);
}

static void
test_demographics_fake (void)
{
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  g_autofree char *number = cpis_test_nhs_number (300061);
  g_autofree char *own_demographics = g_strconcat (fake->origin, "/personal-demographics/FHIR/R4", NULL);
  g_autoptr(CpisPatient) patient = NULL;
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GError) error = NULL;
  CpisFakeRequest *read;

  g_assert_cmpstr (cpis_hub_client_get_demographics_base_url (client), ==, own_demographics);

  patient = read_patient (client, number, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cpis_patient_get_nhs_number (patient), ==, number);
  g_assert_cmpstr (cpis_patient_get_family_name (patient), ==, "TESTER");
  g_assert_cmpstr (cpis_patient_get_birth_date (patient), ==, "2016-04-01");
  g_assert_cmpstr (cpis_patient_get_postcode (patient), ==, "ZZ99 3VZ");
  g_clear_object (&patient);

  reads = cpis_fake_hub_requests_under (fake, "/personal-demographics/");
  g_assert_cmpuint (reads->len, ==, 1);
  read = g_ptr_array_index (reads, 0);
  g_assert_true (cpis_uuid_is_valid (soup_message_headers_get_one (read->headers, "X-Request-ID")));
  g_assert_null (soup_message_headers_get_one (read->headers, "IsUnscheduledAccessEvent"));
  g_assert_cmpstr (soup_message_headers_get_one (read->headers, "Authorization"), ==,
                   "Bearer fake-token");

  /* another demographics service than the hub's, when one is set */
  {
    g_autoptr(CpisFakeHub) other = cpis_fake_hub_new ();
    g_autofree char *other_base = g_strconcat (other->origin, "/personal-demographics/FHIR/R4", NULL);
    g_autoptr(GPtrArray) other_reads = NULL;

    g_assert_false (cpis_hub_client_set_demographics_base_url (client, "http://10.0.0.5/pds", &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_true (cpis_hub_client_set_demographics_base_url (client, other_base, &error));
    g_assert_no_error (error);
    patient = read_patient (client, number, &error);
    g_assert_no_error (error);
    g_clear_object (&patient);
    other_reads = cpis_fake_hub_requests_under (other, "/personal-demographics/");
    g_assert_cmpuint (other_reads->len, ==, 1);
    /* empty: back to the hub's own */
    g_assert_true (cpis_hub_client_set_demographics_base_url (client, "", &error));
    g_assert_cmpstr (cpis_hub_client_get_demographics_base_url (client), ==, own_demographics);
  }

  /* no record: its own error, which says to check the number */
  fake->patient_mode = CPIS_FAKE_NOT_FOUND;
  patient = read_patient (client, number, &error);
  g_assert_null (patient);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* a hub without the service */
  fake->patient_mode = CPIS_FAKE_404;
  patient = read_patient (client, number, &error);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "no demographics service"));
  g_clear_error (&error);

  /* a redirect is refused here too */
  fake->patient_mode = CPIS_FAKE_REDIRECT;
  fake->redirect_to = g_strdup ("http://127.0.0.1:1/elsewhere");
  patient = read_patient (client, number, &error);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_REDIRECTED);
  g_clear_error (&error);

  /* a check whose demographics fail is still the CP-IS answer, in full */
  fake->patient_mode = CPIS_FAKE_500;
  result = check_child (client, number, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_assert_cmpint (cpis_check_result_get_demographics_state (result), ==, CPIS_FETCH_FAILED);
  g_assert_error (cpis_check_result_get_demographics_error (result), CPIS_HUB_CLIENT_ERROR,
                  CPIS_HUB_CLIENT_ERROR_SERVER);
  g_assert_null (cpis_check_result_get_patient (result));
  g_clear_object (&result);

  /* ... and a held demographics read never delays it */
  fake->patient_mode = CPIS_FAKE_SILENT;
  result = check_child_answer (client, number, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_assert_cmpint (cpis_check_result_get_demographics_state (result), ==, CPIS_FETCH_PENDING);
  cpis_fake_hub_release (fake, CPIS_FAKE_OK);
  wait_settled (result);
  g_assert_cmpint (cpis_check_result_get_demographics_state (result), ==, CPIS_FETCH_DONE);
  g_assert_cmpstr (cpis_patient_get_family_name (cpis_check_result_get_patient (result)), ==,
                   "TESTER");
}

static GPtrArray *
search_patients (CpisHubClient  *client,
                 const char     *family,
                 const char     *given,
                 const char     *gender,
                 const char     *birth_date,
                 const char     *postcode,
                 GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_search_patients_async (client, family, given, gender, birth_date, postcode,
                                         NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_client_search_patients_finish (client, result, error);
}

/* Searches that cannot be exact are refused before anything is sent */
static void
test_demographics_search_refused (void)
{
  const struct { const char *family, *given, *gender, *birth_date; } refused[] = {
    { "", NULL, "female", "2016-04-01" },
    { "Smi*", NULL, "female", "2016-04-01" },
    { "Smith", "Al?", "female", "2016-04-01" },
    { "Smith", NULL, "female", "2016-04" },
    { "Smith", NULL, "female", "2016" },
    { "Smith", NULL, "female", "2016-02-30" },
    { "Smith", NULL, "woman", "2016-04-01" },
    { "Smith", NULL, "", "2016-04-01" },
  };
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);
  guint sent = fake->requests->len;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) found = search_patients (client, refused[i].family, refused[i].given,
                                                    refused[i].gender, refused[i].birth_date,
                                                    NULL, &error);

      g_assert_null (found);
      g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST);
    }
  g_assert_cmpuint (fake->requests->len, ==, sent);
}

/* The gender is left out of the query when not known: every recorded gender
 * matches, as PDS allows; "unknown" would match only records saying so */
static void
test_demographics_search_query (void)
{
  const struct { const char *gender; const char *expected; } searches[] = {
    { NULL, NULL },
    { "female", "gender=female" },
    { "unknown", "gender=unknown" },
  };
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  g_autoptr(CpisHubClient) client = cpis_fake_hub_sign_in (fake);

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GPtrArray) asked = NULL;
      g_auto(GStrv) params = NULL;
      CpisFakeRequest *request;

      found = search_patients (client, " Fletcher ", "Rosa Mae", searches[i].gender,
                               "2016-04-01", NULL, &error);
      g_clear_pointer (&found, g_ptr_array_unref);
      asked = cpis_fake_hub_requests_under (fake, "/personal-demographics/FHIR/R4/Patient");
      g_assert_cmpuint (asked->len, ==, i + 1);
      request = g_ptr_array_index (asked, i);
      params = g_strsplit (request->query, "&", -1);
      g_assert_true (g_strv_contains ((const char * const *) params, "family=Fletcher"));
      g_assert_true (g_strv_contains ((const char * const *) params, "birthdate=eq2016-04-01"));
      g_assert_true (g_strv_contains ((const char * const *) params, "given=Rosa+Mae"));
      if (searches[i].expected != NULL)
        g_assert_true (g_strv_contains ((const char * const *) params, searches[i].expected));
      else
        g_assert_null (strstr (request->query, "gender"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hub-client/new", test_new);
  g_test_add_func ("/hub-client/user-info-json", test_user_info_json);
  g_test_add ("/hub-client/sign-in", Fixture, NULL, fixture_set_up, test_sign_in, fixture_tear_down);
  g_test_add ("/hub-client/found", Fixture, NULL, fixture_set_up, test_found, fixture_tear_down);
  g_test_add ("/hub-client/not-found", Fixture, NULL, fixture_set_up, test_not_found, fixture_tear_down);
  g_test_add ("/hub-client/history-partial", Fixture, NULL, fixture_set_up, test_history_partial,
              fixture_tear_down);
  g_test_add ("/hub-client/history-whole-for-social-worker", Fixture, NULL, fixture_set_up,
              test_history_whole_for_social_worker, fixture_tear_down);
  g_test_add ("/hub-client/invalid-number", Fixture, NULL, fixture_set_up, test_invalid_number,
              fixture_tear_down);
  g_test_add ("/hub-client/wrong-password", Fixture, NULL, fixture_set_up, test_wrong_password,
              fixture_tear_down);
  g_test_add ("/hub-client/unreachable", Fixture, NULL, fixture_set_up, test_unreachable,
              fixture_tear_down);
  g_test_add ("/hub-client/access-denied", Fixture, NULL, fixture_set_up, test_access_denied,
              fixture_tear_down);
  g_test_add ("/hub-client/reauthenticate", Fixture, NULL, fixture_set_up, test_reauthenticate,
              fixture_tear_down);
  g_test_add ("/hub-client/scheduled-care", Fixture, NULL, fixture_set_up, test_scheduled_care,
              fixture_tear_down);
  g_test_add ("/hub-client/sign-out", Fixture, NULL, fixture_set_up, test_sign_out,
              fixture_tear_down);
  g_test_add_func ("/hub-client/answer-about-another-child", test_answer_about_another_child);
  g_test_add_func ("/hub-client/bad-answers", test_bad_answers);
  g_test_add_func ("/hub-client/bad-sign-in-answers", test_bad_sign_in_answers);
  g_test_add_func ("/hub-client/request-headers", test_request_headers);
  g_test_add_func ("/hub-client/stray-token-revoked", test_stray_token_revoked);
  g_test_add_func ("/hub-client/timeout", test_timeout);
  g_test_add_func ("/hub-client/cancel", test_cancel);
  g_test_add_func ("/hub-client/dispose-cancels", test_dispose_cancels);
  g_test_add ("/hub-client/tls", Fixture, NULL, fixture_set_up, test_tls, fixture_tear_down);
  g_test_add_func ("/hub-client/https-only", test_https_only);
  g_test_add_func ("/hub-client/hostile/redirect", test_hostile_redirect);
  g_test_add_func ("/hub-client/hostile/not-no-record", test_hostile_not_no_record);
  g_test_add_func ("/hub-client/hostile/drip", test_hostile_drip);
  g_test_add_func ("/hub-client/hostile/drip-history", test_hostile_drip_history);
  g_test_add_func ("/hub-client/hostile/huge", test_hostile_huge);
  g_test_add_func ("/hub-client/hostile/many-plans", test_hostile_many_plans);
  g_test_add_func ("/hub-client/demographics/fake", test_demographics_fake);
  g_test_add_func ("/hub-client/demographics/search-refused", test_demographics_search_refused);
  g_test_add_func ("/hub-client/demographics/search-query", test_demographics_search_query);

  return g_test_run ();
}
