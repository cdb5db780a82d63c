/* cpis-test-clinician.c: the clinician view in a real window, for the GUI tests */

#include "cpis-test-clinician.h"

#include "cpis-session-private.h"

#include "cpis-test-ui.h"

static void
session_state_changed_cb (CpisSession       *session,
                          GParamSpec        *pspec,
                          CpisTestClinician *fixture)
{
  if (cpis_session_get_state (session) == CPIS_SESSION_EXPIRED)
    fixture->n_expired++;
}

static void
open_view (CpisTestClinician *fixture,
           int                width,
           int                height)
{
  fixture->client = g_object_ref (cpis_session_get_client (fixture->session));
  fixture->store = g_object_ref (cpis_session_get_store (fixture->session));
  g_signal_connect (fixture->session, "notify::state", G_CALLBACK (session_state_changed_cb), fixture);
  fixture->view = cpis_clinician_view_new ();
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, width, height);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  cpis_clinician_view_set_session (fixture->view, fixture->session);
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  fixture->entry = GTK_ENTRY (cpis_test_ui_find_widget_of_type (GTK_WIDGET (fixture->view),
                                                                 GTK_TYPE_ENTRY));
  g_assert_nonnull (fixture->entry);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture->view), ==, "ready");
}

void
cpis_test_clinician_open (CpisTestClinician *fixture,
                          CpisHubClient     *client,
                          int                width,
                          int                height)
{
  fixture->session = cpis_session_new ();
  _cpis_session_start_with_client (fixture->session, client, NULL);
  g_object_unref (client);
  open_view (fixture, width, height);
}

void
cpis_test_clinician_open_signed_in (CpisTestClinician *fixture,
                                    CpisTestHub       *hub,
                                    const char        *username,
                                    const char        *password,
                                    int                width,
                                    int                height)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  fixture->session = cpis_session_new ();
  cpis_session_sign_in_async (fixture->session, cpis_test_hub_get_base_url (hub), username,
                              password, CPIS_PASSWORD_LEAVE, NULL,
                              cpis_test_ui_store_result_cb, &result);
  cpis_test_ui_iterate_until (cpis_test_ui_pointer_set, &result);
  user = cpis_session_sign_in_finish (fixture->session, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  open_view (fixture, width, height);
}

void
cpis_test_clinician_close (CpisTestClinician *fixture)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
  cpis_test_clinician_settle ();
}

void
cpis_test_clinician_settle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

gboolean
cpis_test_clinician_check_done (gpointer data)
{
  CpisTestClinician *fixture = data;
  CpisCheckResult *result = _cpis_clinician_view_get_result (fixture->view);

  if (g_str_equal (_cpis_clinician_view_get_state (fixture->view), "checking"))
    return FALSE;

  return result == NULL ||
         (cpis_check_result_get_history_state (result) != CPIS_FETCH_PENDING &&
          cpis_check_result_get_demographics_state (result) != CPIS_FETCH_PENDING);
}

void
cpis_test_clinician_type_and_enter (CpisTestClinician *fixture,
                                    const char        *text)
{
  gtk_editable_set_text (GTK_EDITABLE (fixture->entry), text);
  g_signal_emit_by_name (fixture->entry, "activate");
}

void
cpis_test_clinician_check (CpisTestClinician *fixture,
                           const char        *text)
{
  cpis_test_clinician_type_and_enter (fixture, text);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture->view), ==, "checking");
  cpis_test_ui_iterate_until (cpis_test_clinician_check_done, fixture);
}
