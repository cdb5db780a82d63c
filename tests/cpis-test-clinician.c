/* cpis-test-clinician.c: the clinician view in a real window, for the GUI tests */

#include "cpis-test-clinician.h"

#include "cpis-test-ui.h"

CpisHubClient *
cpis_test_clinician_sign_in (CpisTestHub *hub,
                             const char  *username,
                             const char  *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubClient) client = cpis_hub_client_new (cpis_test_hub_get_base_url (hub), &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CpisUserInfo) info = NULL;

  g_assert_no_error (error);
  cpis_hub_client_sign_in_async (client, username, password, NULL,
                                 cpis_test_ui_store_result_cb, &result);
  cpis_test_ui_iterate_until (cpis_test_ui_pointer_set, &result);
  info = cpis_hub_client_sign_in_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_true (cpis_hub_client_is_signed_in (client));

  return g_steal_pointer (&client);
}

static void
session_expired_cb (CpisClinicianView *view,
                    CpisTestClinician *fixture)
{
  fixture->n_expired++;
}

void
cpis_test_clinician_open (CpisTestClinician *fixture,
                          CpisHubClient     *client,
                          int                width,
                          int                height)
{
  fixture->client = client;
  fixture->store = cpis_session_store_new ();
  fixture->view = cpis_clinician_view_new ();
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, width, height);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  g_signal_connect (fixture->view, "session-expired", G_CALLBACK (session_expired_cb), fixture);
  cpis_clinician_view_set_session (fixture->view, fixture->client, fixture->store);
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  fixture->entry = GTK_ENTRY (cpis_test_ui_find_widget_of_type (GTK_WIDGET (fixture->view),
                                                                 GTK_TYPE_ENTRY));
  g_assert_nonnull (fixture->entry);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture->view), ==, "ready");
}

void
cpis_test_clinician_close (CpisTestClinician *fixture)
{
  gtk_window_destroy (fixture->window);
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
