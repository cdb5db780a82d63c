/* test-session.c: one signed-in session, against the real hub and keyring
 *
 * The hub runs in-process on loopback (a thread of its own); the keyring is
 * a private gnome-keyring on a private D-Bus session (tests/run-keyring.sh).
 * Sign-in, a failed sign-in leaving nothing set, the hub ending the session
 * and signing in again, sign-out and lock emptying the store and revoking the
 * token at the hub, the password remembered or forgotten as asked, and
 * checks made as this workstation says where the organisation has both kinds
 * of care setting.
 */
#include <string.h>

#include "cpis-check-result.h"
#include "cpis-hub-client-private.h"
#include "cpis-session.h"
#include "cpis-test-hub.h"

#define PASSWORD "correct horse battery"
#define WAIT_LIMIT_SECONDS 30

typedef struct
{
  CpisTestHub *hub;
  CpisSession *session;
  guint        n_started;
  guint        n_ended;
  CpisSessionEnd ended_why;
  char        *ended_username;
  char        *ended_hub_url;
} Fixture;

static void
started_cb (CpisSession *session,
            Fixture     *fixture)
{
  fixture->n_started++;
  g_assert_cmpint (cpis_session_get_state (session), ==, CPIS_SESSION_SIGNED_IN);
  g_assert_nonnull (cpis_session_get_client (session));
  g_assert_nonnull (cpis_session_get_store (session));
}

static void
ended_cb (CpisSession    *session,
          CpisSessionEnd  why,
          CpisUserInfo   *user,
          const char     *hub_url,
          Fixture        *fixture)
{
  fixture->n_ended++;
  fixture->ended_why = why;
  g_free (fixture->ended_username);
  fixture->ended_username = g_strdup (user != NULL ? cpis_user_info_get_username (user) : NULL);
  g_free (fixture->ended_hub_url);
  fixture->ended_hub_url = g_strdup (hub_url);
  /* by then nothing of the session is left */
  g_assert_cmpint (cpis_session_get_state (session), ==, CPIS_SESSION_SIGNED_OUT);
  g_assert_null (cpis_session_get_client (session));
  g_assert_null (cpis_session_get_store (session));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->hub = cpis_test_hub_new ();
  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");

  fixture->session = cpis_session_new ();
  g_signal_connect (fixture->session, "started", G_CALLBACK (started_cb), fixture);
  g_signal_connect (fixture->session, "ended", G_CALLBACK (ended_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  cpis_test_hub_free (fixture->hub);
  g_free (fixture->ended_username);
  g_free (fixture->ended_hub_url);
}

static gboolean
wait_limit_cb (gpointer data)
{
  g_error ("Waited more than %d seconds", WAIT_LIMIT_SECONDS);
  return G_SOURCE_REMOVE;
}

static CpisUserInfo *
sign_in (Fixture            *fixture,
         const char         *hub_url,
         const char         *username,
         const char         *password,
         CpisPasswordChoice  choice,
         GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_session_sign_in_async (fixture->session, hub_url, username, password, choice, NULL,
                              cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_session_sign_in_finish (fixture->session, result, error);
}

static gboolean
sign_in_again (Fixture     *fixture,
               const char  *password,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_session_sign_in_again_async (fixture->session, password, NULL, cpis_test_store_result_cb,
                                    &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_session_sign_in_again_finish (fixture->session, result, error);
}

static char *
lookup_password (Fixture    *fixture,
                 const char *username)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  cpis_session_lookup_password_async (fixture->session, cpis_test_hub_get_base_url (fixture->hub),
                                      username, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  password = cpis_session_lookup_password_finish (fixture->session, result, &error);
  g_assert_no_error (error);
  return password;
}

/* Whether the hub still takes @token */
static gboolean
hub_takes_token (Fixture    *fixture,
                 const char *token)
{
  g_autoptr(CpisTestResponse) response =
    cpis_test_hub_request (fixture->hub, "GET", "/oauth2/userinfo", token, NULL, NULL, NULL);

  return response->status == 200;
}

/* Iterates until @client has let its token go and the hub no longer takes
 * @token (the revoke request is sent without waiting for its answer) */
static void
wait_until_revoked (Fixture       *fixture,
                    CpisHubClient *client,
                    const char    *token)
{
  guint limit = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_cb, NULL);

  while (cpis_hub_client_is_signed_in (client) || (token != NULL && hub_takes_token (fixture, token)))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (limit);
}

static CpisCheckResult *
some_result (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  return cpis_check_result_new ("9991000011", CPIS_CHECK_OUTCOME_NO_RECORD, none, none,
                                CPIS_CARE_SETTING_UNSCHEDULED, NULL, NULL);
}

/* A check of @nhs_number through the session's client, as the views make it */
static void
check (Fixture    *fixture,
       const char *nhs_number)
{
  CpisHubClient *client = cpis_session_get_client (fixture->session);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CpisCheckResult) check_result = NULL;
  g_autoptr(GError) error = NULL;

  cpis_hub_client_check_child_async (client, nhs_number, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  check_result = cpis_hub_client_check_child_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_check_result_get_outcome (check_result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* Tests */

static void
test_sign_in (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *typed = g_strdup_printf ("  %s/  ", cpis_test_hub_get_base_url (fixture->hub));
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (cpis_session_is_signed_in (fixture->session));
  user = sign_in (fixture, typed, "nurse", PASSWORD, CPIS_PASSWORD_LEAVE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);

  g_assert_cmpuint (fixture->n_started, ==, 1);
  g_assert_cmpint (cpis_session_get_state (fixture->session), ==, CPIS_SESSION_SIGNED_IN);
  g_assert_true (cpis_session_get_user (fixture->session) == user);
  g_assert_cmpint (cpis_user_info_get_role (user), ==, CPIS_ROLE_CLINICIAN);
  g_assert_true (cpis_hub_client_is_signed_in (cpis_session_get_client (fixture->session)));
  g_assert_cmpuint (g_list_model_get_n_items (cpis_session_store_get_checks (cpis_session_get_store (fixture->session))), ==, 0);
  /* the address as typed, written one way */
  g_assert_cmpstr (cpis_session_get_hub_url (fixture->session), ==,
                   cpis_test_hub_get_base_url (fixture->hub));
}

/* A wrong password, an unreachable hub, an address that cannot be used:
 * the error as the client gives it, and nothing set */
static void
test_sign_in_fails (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *base_url = cpis_test_hub_get_base_url (fixture->hub);
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  user = sign_in (fixture, base_url, "nurse", "wrong", CPIS_PASSWORD_REMEMBER, &error);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_CREDENTIALS);
  g_assert_null (user);
  g_clear_error (&error);

  /* port 9 on loopback: nothing listens */
  user = sign_in (fixture, "http://127.0.0.1:9/cpis/FHIR/R4", "nurse", PASSWORD,
                  CPIS_PASSWORD_LEAVE, &error);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREACHABLE);
  g_clear_error (&error);

  user = sign_in (fixture, "http://hub.example/cpis/FHIR/R4", "nurse", PASSWORD,
                  CPIS_PASSWORD_LEAVE, &error);
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpuint (fixture->n_started, ==, 0);
  g_assert_cmpint (cpis_session_get_state (fixture->session), ==, CPIS_SESSION_SIGNED_OUT);
  g_assert_null (cpis_session_get_client (fixture->session));
  g_assert_null (cpis_session_get_user (fixture->session));
  g_assert_null (cpis_session_get_store (fixture->session));
  /* a failed sign-in stores no password */
  g_assert_null (lookup_password (fixture, "nurse"));
}

/* The hub ends the session: EXPIRED keeps what the session holds; a wrong
 * password keeps it EXPIRED; the right one brings back the same client,
 * store and checks */
static void
test_expire_and_sign_in_again (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(CpisCheckResult) result = some_result ();
  g_autoptr(GError) error = NULL;
  CpisHubClient *client;
  CpisSessionStore *store;

  user = sign_in (fixture, cpis_test_hub_get_base_url (fixture->hub), "nurse", PASSWORD,
                  CPIS_PASSWORD_LEAVE, &error);
  g_assert_no_error (error);
  client = cpis_session_get_client (fixture->session);
  store = cpis_session_get_store (fixture->session);
  cpis_session_store_add (store, result);

  cpis_session_expire (fixture->session);
  g_assert_cmpint (cpis_session_get_state (fixture->session), ==, CPIS_SESSION_EXPIRED);
  g_assert_true (cpis_session_is_signed_in (fixture->session));
  g_assert_true (cpis_session_get_store (fixture->session) == store);

  g_assert_false (sign_in_again (fixture, "wrong", &error));
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_CREDENTIALS);
  g_clear_error (&error);
  g_assert_cmpint (cpis_session_get_state (fixture->session), ==, CPIS_SESSION_EXPIRED);

  g_assert_true (sign_in_again (fixture, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cpis_session_get_state (fixture->session), ==, CPIS_SESSION_SIGNED_IN);
  g_assert_true (cpis_session_get_client (fixture->session) == client);
  g_assert_true (cpis_session_get_store (fixture->session) == store);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_session_store_get_checks (store)), ==, 1);
  g_assert_cmpuint (fixture->n_started, ==, 1);
  g_assert_cmpuint (fixture->n_ended, ==, 0);
}

/* Ended while signing in again (the user signed out meanwhile): the token
 * the hub then gives is revoked at once, and the call says it was cancelled */
static void
test_sign_in_again_after_end (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubClient) client = NULL;
  g_autofree char *token = NULL;

  user = sign_in (fixture, cpis_test_hub_get_base_url (fixture->hub), "nurse", PASSWORD,
                  CPIS_PASSWORD_LEAVE, &error);
  g_assert_no_error (error);
  client = g_object_ref (cpis_session_get_client (fixture->session));
  cpis_session_expire (fixture->session);

  cpis_session_sign_in_again_async (fixture->session, PASSWORD, NULL, cpis_test_store_result_cb,
                                    &result);
  cpis_session_end (fixture->session, CPIS_SESSION_END_SIGNED_OUT);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  g_assert_false (cpis_session_sign_in_again_finish (fixture->session, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* the new token, if the hub gave one, went straight back */
  wait_until_revoked (fixture, client, NULL);
  token = g_strdup (_cpis_hub_client_get_token (client));
  g_assert_null (token);
  g_assert_cmpint (cpis_session_get_state (fixture->session), ==, CPIS_SESSION_SIGNED_OUT);
}

/* Lock and sign-out: the store empties, the hub no longer takes the token,
 * "ended" says why and who */
static void
test_end (Fixture       *fixture,
          gconstpointer  data)
{
  const CpisSessionEnd whys[] = { CPIS_SESSION_END_LOCKED, CPIS_SESSION_END_SIGNED_OUT };

  for (guint i = 0; i < G_N_ELEMENTS (whys); i++)
    {
      g_autoptr(CpisUserInfo) user = NULL;
      g_autoptr(CpisCheckResult) result = some_result ();
      g_autoptr(CpisSessionStore) store = NULL;
      g_autoptr(CpisHubClient) client = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *token = NULL;

      user = sign_in (fixture, cpis_test_hub_get_base_url (fixture->hub), "nurse", PASSWORD,
                      CPIS_PASSWORD_LEAVE, &error);
      g_assert_no_error (error);
      store = g_object_ref (cpis_session_get_store (fixture->session));
      client = g_object_ref (cpis_session_get_client (fixture->session));
      token = g_strdup (_cpis_hub_client_get_token (client));
      cpis_session_store_add (store, result);
      g_assert_true (hub_takes_token (fixture, token));

      cpis_session_end (fixture->session, whys[i]);
      g_assert_cmpuint (fixture->n_ended, ==, i + 1);
      g_assert_cmpint (fixture->ended_why, ==, whys[i]);
      g_assert_cmpstr (fixture->ended_username, ==, "nurse");
      g_assert_cmpstr (fixture->ended_hub_url, ==, cpis_test_hub_get_base_url (fixture->hub));
      g_assert_cmpuint (g_list_model_get_n_items (cpis_session_store_get_checks (store)), ==, 0);

      wait_until_revoked (fixture, client, token);
      g_assert_false (hub_takes_token (fixture, token));

      /* ending it again does nothing */
      cpis_session_end (fixture->session, whys[i]);
      g_assert_cmpuint (fixture->n_ended, ==, i + 1);
    }
}

/* Signing in while signed in ends the first session first */
static void
test_sign_in_twice (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CpisUserInfo) first = NULL;
  g_autoptr(CpisUserInfo) second = NULL;
  g_autoptr(CpisHubClient) first_client = NULL;
  g_autoptr(GError) error = NULL;

  first = sign_in (fixture, cpis_test_hub_get_base_url (fixture->hub), "nurse", PASSWORD,
                   CPIS_PASSWORD_LEAVE, &error);
  g_assert_no_error (error);
  first_client = g_object_ref (cpis_session_get_client (fixture->session));

  second = sign_in (fixture, cpis_test_hub_get_base_url (fixture->hub), "nurse", PASSWORD,
                    CPIS_PASSWORD_LEAVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_ended, ==, 1);
  g_assert_cmpuint (fixture->n_started, ==, 2);
  g_assert_true (cpis_session_get_client (fixture->session) != first_client);
  wait_until_revoked (fixture, first_client, NULL);
}

/* Remember stores the password for this hub and user; forget removes it */
static void
test_password_choice (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) probed = NULL;
  g_autofree char *remembered = NULL;
  g_autofree char *gone = NULL;

  cpis_session_probe_keyring_async (fixture->session, NULL, cpis_test_store_result_cb, &probed);
  cpis_test_wait_for_pointer ((gpointer *) &probed);
  g_assert_true (cpis_session_probe_keyring_finish (fixture->session, probed, &error));
  g_assert_no_error (error);

  user = sign_in (fixture, cpis_test_hub_get_base_url (fixture->hub), "nurse", PASSWORD,
                  CPIS_PASSWORD_REMEMBER, &error);
  g_assert_no_error (error);
  remembered = lookup_password (fixture, "nurse");
  g_assert_cmpstr (remembered, ==, PASSWORD);
  g_clear_object (&user);

  user = sign_in (fixture, cpis_test_hub_get_base_url (fixture->hub), "nurse", PASSWORD,
                  CPIS_PASSWORD_FORGET, &error);
  g_assert_no_error (error);
  /* the forgetting is not waited for: ask until it is done */
  for (guint i = 0; i < 100; i++)
    {
      g_clear_pointer (&gone, g_free);
      gone = lookup_password (fixture, "nurse");
      if (gone == NULL)
        break;
      g_usleep (20 * G_TIME_SPAN_MILLISECOND);
    }
  g_assert_null (gone);
}

/* A session let go while signed in leaves no live token at the hub */
static void
test_dispose_revokes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(CpisHubClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  user = sign_in (fixture, cpis_test_hub_get_base_url (fixture->hub), "nurse", PASSWORD,
                  CPIS_PASSWORD_LEAVE, &error);
  g_assert_no_error (error);
  client = g_object_ref (cpis_session_get_client (fixture->session));
  token = g_strdup (_cpis_hub_client_get_token (client));

  g_clear_object (&fixture->session);
  wait_until_revoked (fixture, client, token);
  g_assert_false (hub_takes_token (fixture, token));
}

/* Too many wrong passwords: the hub's 429 is said as a wait, never as a
 * wrong password, and nothing is signed in */
static void
test_sign_in_throttled (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *base_url = cpis_test_hub_get_base_url (fixture->hub);
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  /* the hub's clock stopped: the wait cannot run out between attempts */
  cpis_test_hub_set_today (fixture->hub, "2026-12-04");
  for (guint i = 0; i < 5; i++)
    {
      user = sign_in (fixture, base_url, "nurse", "wrong", CPIS_PASSWORD_LEAVE, &error);
      g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_CREDENTIALS);
      g_clear_error (&error);
    }

  user = sign_in (fixture, base_url, "nurse", PASSWORD, CPIS_PASSWORD_LEAVE, &error);
  g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_THROTTLED);
  g_assert_nonnull (strstr (error->message, "Too many failed sign-ins"));
  g_assert_nonnull (strstr (error->message, "1 second"));
  g_assert_null (user);
  g_assert_cmpint (cpis_session_get_state (fixture->session), ==, CPIS_SESSION_SIGNED_OUT);
}

/* A practice with an out-of-hours service (both kinds): its kind until the
 * workstation says otherwise, then as it says, at once and after signing
 * in again; an emergency department (one kind) is never made silent */
static void
test_workstation_care (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *child = "9990000018";
  const char *base_url = cpis_test_hub_get_base_url (fixture->hub);
  g_autoptr(CpisUserInfo) gp = NULL;
  g_autoptr(CpisUserInfo) nurse = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  cpis_test_hub_add_org (fixture->hub, "GP1", "Riverside Surgery", "scheduled-care", "North");
  cpis_test_hub_give_both_care_settings (fixture->hub, "GP1");
  cpis_test_hub_add_user (fixture->hub, "gp", PASSWORD, "clinician", "GP1");
  cpis_test_hub_add_plan (fixture->hub, child, "CPP", "2024-01-15", NULL, NULL, "LA1");
  g_signal_connect (fixture->session, "notify::care-setting", G_CALLBACK (count_notify_cb), &notified);

  gp = sign_in (fixture, base_url, "gp", PASSWORD, CPIS_PASSWORD_LEAVE, &error);
  g_assert_no_error (error);
  g_assert_true (cpis_user_info_has_both_care_settings (gp));
  g_assert_cmpint (cpis_session_get_care_setting (fixture->session), ==, CPIS_CARE_SETTING_SCHEDULED);
  check (fixture, child);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, child), ==, 0);

  /* out-of-hours: recorded and the LA told, from the next check */
  notified = 0;
  cpis_session_set_workstation_care (fixture->session, CPIS_WORKSTATION_CARE_UNSCHEDULED);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (cpis_session_get_care_setting (fixture->session), ==, CPIS_CARE_SETTING_UNSCHEDULED);
  g_assert_cmpint (cpis_hub_client_get_care_setting (cpis_session_get_client (fixture->session)), ==,
                   CPIS_CARE_SETTING_UNSCHEDULED);
  check (fixture, child);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, child), ==, 1);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, "LA1"), ==, 1);

  /* signing in again (which sets the organisation's kind) keeps the workstation's */
  cpis_session_expire (fixture->session);
  g_assert_true (sign_in_again (fixture, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cpis_hub_client_get_care_setting (cpis_session_get_client (fixture->session)), ==,
                   CPIS_CARE_SETTING_UNSCHEDULED);
  check (fixture, child);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, child), ==, 2);

  /* back to in-hours: silent again */
  cpis_session_set_workstation_care (fixture->session, CPIS_WORKSTATION_CARE_SCHEDULED);
  check (fixture, child);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, child), ==, 2);

  /* an emergency department has one kind: a workstation set to scheduled
   * care is not heard there */
  nurse = sign_in (fixture, base_url, "nurse", PASSWORD, CPIS_PASSWORD_LEAVE, &error);
  g_assert_no_error (error);
  g_assert_false (cpis_user_info_has_both_care_settings (nurse));
  g_assert_cmpint (cpis_session_get_workstation_care (fixture->session), ==, CPIS_WORKSTATION_CARE_SCHEDULED);
  g_assert_cmpint (cpis_session_get_care_setting (fixture->session), ==, CPIS_CARE_SETTING_UNSCHEDULED);
  check (fixture, child);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, child), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)

  ADD ("/session/sign-in", test_sign_in);
  ADD ("/session/sign-in-fails", test_sign_in_fails);
  ADD ("/session/expire-and-sign-in-again", test_expire_and_sign_in_again);
  ADD ("/session/sign-in-again-after-end", test_sign_in_again_after_end);
  ADD ("/session/end", test_end);
  ADD ("/session/sign-in-twice", test_sign_in_twice);
  ADD ("/session/password-choice", test_password_choice);
  ADD ("/session/dispose-revokes", test_dispose_revokes);
  ADD ("/session/workstation-care", test_workstation_care);
  ADD ("/session/sign-in-throttled", test_sign_in_throttled);

  return g_test_run ();
}
