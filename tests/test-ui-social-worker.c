/* test-ui-social-worker.c: the social worker view against the real hub,
 * under Xvfb
 *
 * A hub in-process on loopback, a session signed in over HTTP as a social
 * worker of the child's LA, and a CpisSocialWorkerView in a window: the
 * authority's notifications loaded page by page, filtered and searched, one
 * opened with its child (never recorded), accepted, noted and completed; a
 * change someone else made first never overwritten; an expired session.
 */
#include <string.h>

#include <adwaita.h>

#include "cpis-alert-card.h"
#include "cpis-hub-client.h"
#include "cpis-hub-push-private.h"
#include "cpis-hub-store.h"
#include "cpis-nhs-number.h"
#include "cpis-plan-editor.h"
#include "cpis-social-worker-view-private.h"
#include "cpis-test-hub.h"
#include "cpis-test-notifications.h"
#include "cpis-test-ui.h"

/* Synthetic NHS numbers (999 range, valid check digits) */
#define CHILD_CPP       "9991000003"
#define CHILD_CPP_SHOWN "999 100 0003"
#define CHILD_LAC       "9991000038"
#define CHILD_OTHER_LA  "9991000011"
#define CHILD_NEW_NUMBER "9991000062" /* CHILD_CPP's, once that is retired */

#define PASSWORD "correct horse battery"

static CpisTestHub *
new_hub (void)
{
  CpisTestHub *hub = cpis_test_hub_new ();

  cpis_test_hub_add_org (hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (hub, "LA2", "Southmoor Council", "local-authority", "South");
  cpis_test_hub_add_org (hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_org (hub, "ED2", "Southmoor Walk-in Centre", "unscheduled-care", "South");
  cpis_test_hub_add_user (hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_user (hub, "nurse2", PASSWORD, "clinician", "ED2");
  cpis_test_hub_add_user (hub, "sw", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (hub, "sw2", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (hub, "sw-south", PASSWORD, "social-worker", "LA2");
  cpis_test_hub_add_named_plan (hub, CHILD_CPP, "CPP", "2025-01-02", NULL, NULL, "LA1",
                                "Alex TESTER", "2016-04-01");
  cpis_test_hub_add_named_plan (hub, CHILD_LAC, "LAC", "2024-05-06", NULL, NULL, "LA1",
                                "Sam SAMPLE", "2012-09-09");
  cpis_test_hub_add_plan (hub, CHILD_OTHER_LA, "CPP", "2025-03-04", NULL, NULL, "LA2");

  return hub;
}

/* A clinician's unscheduled check: recorded, and the LA notified */
static void
clinician_checks (CpisTestHub *hub,
                  const char  *username,
                  const char  *nhs_number)
{
  g_autofree char *token = cpis_test_hub_sign_in (hub, username, PASSWORD);
  g_autoptr(CpisTestResponse) response = cpis_test_hub_search (hub, token, "CareTeam", nhs_number,
                                                               "true");

  g_assert_cmpuint (response->status, ==, 200);
}

/* The one Task of @nhs_number as @username reads it: its id and version */
static void
read_task (CpisTestHub *hub,
           const char  *username,
           const char  *nhs_number,
           char       **id,
           char       **version,
           char       **status)
{
  g_autofree char *token = cpis_test_hub_sign_in (hub, username, PASSWORD);
  g_autofree char *path = g_strdup_printf ("/cpis/FHIR/R4/Task?patient:identifier="
                                           "https://fhir.nhs.uk/Id/nhs-number%%7C%s",
                                           nhs_number);
  g_autoptr(CpisTestResponse) response = cpis_test_hub_request (hub, "GET", path, token, NULL,
                                                                NULL, NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *task;

  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total"), ==, 1);
  task = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (root),
                                                                 "entry"),
                                   0),
    "resource");
  *id = g_strdup (json_object_get_string_member (task, "id"));
  *version = g_strdup (json_object_get_string_member (json_object_get_object_member (task, "meta"),
                                                      "versionId"));
  if (status != NULL)
    *status = g_strdup (json_object_get_string_member (task, "status"));
}

/* Another social worker of the LA takes @nhs_number's notification on */
static void
colleague_accepts (CpisTestHub *hub,
                   const char  *nhs_number)
{
  g_autofree char *token = cpis_test_hub_sign_in (hub, "sw2", PASSWORD);
  g_autofree char *id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *path = NULL;
  g_autofree char *if_match = NULL;
  g_autofree char *body = NULL;
  g_autoptr(CpisTestResponse) response = NULL;

  read_task (hub, "sw2", nhs_number, &id, &version, NULL);
  path = g_strdup_printf ("/cpis/FHIR/R4/Task/%s", id);
  if_match = g_strdup_printf ("W/\"%s\"", version);
  body = g_strdup_printf ("{\"resourceType\":\"Task\",\"id\":\"%s\",\"status\":\"accepted\","
                          "\"intent\":\"order\",\"owner\":{\"identifier\":{\"system\":"
                          "\"https://fhir.nhs.uk/Id/ods-organization-code\",\"value\":\"LA1\"}}}",
                          id);
  response = cpis_test_hub_request (hub, "PUT", path, token, "application/fhir+json", body,
                                    "If-Match", if_match, NULL);
  g_assert_cmpuint (response->status, ==, 200);
}

typedef struct
{
  GtkApplication       *app;     /* set before fixture_open for desktop notifications */
  CpisSession          *session;
  GtkWindow            *window;
  CpisSocialWorkerView *view;
  CpisTaskInbox        *inbox;
  CpisTaskDetail       *detail;
  guint                 n_expired;
} Fixture;

static void
session_state_changed_cb (CpisSession *session,
                          GParamSpec  *pspec,
                          Fixture     *fixture)
{
  if (cpis_session_get_state (session) == CPIS_SESSION_EXPIRED)
    fixture->n_expired++;
}

static gboolean
loaded (gpointer data)
{
  Fixture *fixture = data;

  return _cpis_social_worker_view_is_loaded (fixture->view);
}

static void
fixture_open (Fixture     *fixture,
              CpisTestHub *hub,
              const char  *username)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  fixture->session = cpis_session_new ();
  cpis_session_sign_in_async (fixture->session, cpis_test_hub_get_base_url (hub), username,
                              PASSWORD, CPIS_PASSWORD_LEAVE, NULL, cpis_test_ui_store_result_cb,
                              &result);
  cpis_test_ui_iterate_until (cpis_test_ui_pointer_set, &result);
  user = cpis_session_sign_in_finish (fixture->session, result, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->session, "notify::state", G_CALLBACK (session_state_changed_cb),
                    fixture);

  fixture->view = cpis_social_worker_view_new ();
  fixture->inbox = _cpis_social_worker_view_get_inbox (fixture->view);
  fixture->detail = _cpis_social_worker_view_get_detail (fixture->view);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  if (fixture->app != NULL)
    gtk_window_set_application (fixture->window, fixture->app);
  gtk_window_set_default_size (fixture->window, 1100, 800);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  cpis_social_worker_view_set_session (fixture->view, fixture->session);
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  cpis_test_ui_iterate_until (loaded, fixture);
}

static void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->session);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The inbox row of @nhs_number, opened as a click would */
static CpisTask *
open_task_of (Fixture    *fixture,
              const char *nhs_number)
{
  GListModel *shown = G_LIST_MODEL (fixture->inbox);
  GtkColumnView *view = cpis_inbox_table_get_column_view (
    _cpis_social_worker_view_get_table (fixture->view));

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(CpisTask) task = g_list_model_get_item (shown, i);

      if (g_strcmp0 (cpis_task_get_nhs_number (task), nhs_number) == 0)
        {
          g_signal_emit_by_name (view, "activate", i);
          g_assert_cmpstr (_cpis_social_worker_view_get_page (fixture->view), ==, "notification");
          return cpis_task_detail_get_task (fixture->detail);
        }
    }

  g_assert_not_reached ();
}

static gboolean
child_shown (gpointer data)
{
  Fixture *fixture = data;

  return cpis_test_ui_find_mapped_widget_of_type (GTK_WIDGET (fixture->detail),
                                                  CPIS_TYPE_ALERT_CARD) != NULL;
}

static gboolean
not_busy (gpointer data)
{
  Fixture *fixture = data;

  return !cpis_task_detail_get_busy (fixture->detail);
}

static GtkWidget *
detail_child (Fixture    *fixture,
              const char *name)
{
  return cpis_test_ui_template_child (fixture->detail, CPIS_TYPE_TASK_DETAIL, name);
}

static void
click (Fixture    *fixture,
       const char *button)
{
  GtkWidget *widget = detail_child (fixture, button);

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_is_sensitive (widget));
  g_signal_emit_by_name (widget, "clicked");
  cpis_test_ui_iterate_until (not_busy, fixture);
}

static void
type_note (Fixture    *fixture,
           const char *text)
{
  GtkTextView *note = GTK_TEXT_VIEW (detail_child (fixture, "note_view"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (note), text, -1);
}

static char *
note_typed (Fixture *fixture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (detail_child (fixture,
                                                                                "note_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Tests */

static void
test_inbox (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  GtkSearchEntry *search;
  GtkListBox *records;
  GtkListBox *views;

  clinician_checks (hub, "nurse", CHILD_CPP);
  clinician_checks (hub, "nurse2", CHILD_LAC);
  clinician_checks (hub, "nurse", CHILD_OTHER_LA);
  fixture_open (&fixture, hub, "sw");

  /* the authority's two, not the other authority's */
  g_assert_cmpuint (cpis_task_inbox_get_n_tasks (fixture.inbox), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.inbox)), ==, 2);
  g_assert_cmpuint (cpis_task_inbox_get_view_count (fixture.inbox, CPIS_TASK_INBOX_VIEW_OPEN), ==, 2);
  g_assert_cmpuint (cpis_task_inbox_get_scope_count (fixture.inbox, CPIS_TASK_INBOX_SCOPE_OUT_OF_AREA),
                    ==, 1);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), CHILD_CPP_SHOWN);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Alex TESTER");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Out of area: Southmoor Walk-in Centre");
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), "999 100 0011");

  /* the search, as typed with spaces */
  search = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_SOCIAL_WORKER_VIEW, "search_entry");
  gtk_editable_set_text (GTK_EDITABLE (search), CHILD_CPP_SHOWN);
  cpis_task_inbox_set_search_text (fixture.inbox, CHILD_CPP_SHOWN);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.inbox)), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "no such child");
  cpis_task_inbox_set_search_text (fixture.inbox, "no such child");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.inbox)), ==, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "No Matching Notifications");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  cpis_task_inbox_set_search_text (fixture.inbox, NULL);

  /* the authority's plans and exceptions, from the sidebar, and back */
  records = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_SOCIAL_WORKER_VIEW, "records_list");
  views = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_SOCIAL_WORKER_VIEW, "views_list");
  g_signal_emit_by_name (records, "row-activated", gtk_list_box_get_row_at_index (records, 0));
  g_assert_cmpstr (_cpis_social_worker_view_get_page (fixture.view), ==, "plans");
  g_assert_true (gtk_list_box_get_selected_row (records) == gtk_list_box_get_row_at_index (records, 0));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Import from CSV");
  /* Ctrl+F there: the plans' search */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "inbox.search", NULL));
  g_assert_cmpstr (_cpis_social_worker_view_get_page (fixture.view), ==, "plans");
  g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture.window)),
                                          GTK_WIDGET (search)));
  g_assert_true (GTK_IS_TEXT (gtk_root_get_focus (GTK_ROOT (fixture.window))));
  /* the view already selected, activated: back to the inbox */
  g_signal_emit_by_name (views, "row-activated", gtk_list_box_get_selected_row (views));
  g_assert_cmpstr (_cpis_social_worker_view_get_page (fixture.view), ==, "inbox");
  g_assert_null (gtk_list_box_get_selected_row (records));

  /* a notification open, and the focus passing through the sidebar (which
   * selects the rows it passes): the notification stays */
  open_task_of (&fixture, CHILD_CPP);
  gtk_list_box_select_row (records, gtk_list_box_get_row_at_index (records, 1));
  g_assert_cmpstr (_cpis_social_worker_view_get_page (fixture.view), ==, "notification");
  g_assert_null (gtk_list_box_get_selected_row (records));
  gtk_list_box_select_row (views, gtk_list_box_get_row_at_index (views, 3));
  g_assert_cmpstr (_cpis_social_worker_view_get_page (fixture.view), ==, "notification");
  g_signal_emit_by_name (cpis_test_ui_template_child (fixture.view, CPIS_TYPE_SOCIAL_WORKER_VIEW,
                                                      "back_button"),
                         "clicked");

  /* Ctrl+F: back to the search from a notification */
  open_task_of (&fixture, CHILD_CPP);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "inbox.search", NULL));
  g_assert_cmpstr (_cpis_social_worker_view_get_page (fixture.view), ==, "inbox");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture.window)),
                                         GTK_WIDGET (search)));

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

static void
test_open_accept_complete (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  CpisTask *task;
  g_autofree char *id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *status = NULL;
  g_autofree char *typed = NULL;
  AdwComboRow *outcome;
  GtkWidget *focus;

  clinician_checks (hub, "nurse", CHILD_CPP);
  fixture_open (&fixture, hub, "sw");

  task = open_task_of (&fixture, CHILD_CPP);
  g_assert_cmpint (cpis_task_get_status (task), ==, CPIS_TASK_STATUS_REQUESTED);
  cpis_test_ui_iterate_until (child_shown, &fixture);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.detail), "Alex TESTER");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.detail), "Northgate General ED");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.detail), "Child protection plan");
  /* reading the child here is not an access: still only the nurse's one */
  g_assert_cmpint (cpis_test_hub_count_accesses (hub, CHILD_CPP), ==, 1);

  gtk_widget_grab_focus (detail_child (&fixture, "accept_button"));
  click (&fixture, "accept_button");
  read_task (hub, "sw2", CHILD_CPP, &id, &version, &status);
  g_assert_cmpstr (status, ==, "accepted");
  /* Accept is gone: the focus is on what can be done now, not nowhere */
  g_assert_false (gtk_widget_get_mapped (detail_child (&fixture, "accept_button")));
  focus = gtk_root_get_focus (GTK_ROOT (fixture.window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (fixture.detail)));
  g_assert_true (gtk_widget_get_mapped (focus));
  g_assert_cmpstr (version, ==, "2");
  /* the inbox holds the new version */
  task = cpis_task_inbox_lookup (fixture.inbox, id);
  g_assert_cmpint (cpis_task_get_status (task), ==, CPIS_TASK_STATUS_ACCEPTED);
  g_assert_true (cpis_task_detail_get_task (fixture.detail) == task ||
                 g_strcmp0 (cpis_task_get_version (cpis_task_detail_get_task (fixture.detail)),
                            "2") == 0);

  /* an outcome and a note, then completed */
  outcome = ADW_COMBO_ROW (detail_child (&fixture, "outcome_row"));
  adw_combo_row_set_selected (outcome, 1); /* contacted the family */
  type_note (&fixture, "Phoned the mother; GP informed.");
  click (&fixture, "complete_button");
  g_clear_pointer (&version, g_free);
  g_clear_pointer (&status, g_free);
  g_clear_pointer (&id, g_free);
  read_task (hub, "sw2", CHILD_CPP, &id, &version, &status);
  g_assert_cmpstr (status, ==, "completed");
  g_assert_cmpstr (version, ==, "3");
  typed = note_typed (&fixture);
  g_assert_cmpstr (typed, ==, "");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.detail), "Phoned the mother; GP informed.");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.detail), "Contacted the family");
  /* nothing more to do: no action is offered on a completed one */
  g_assert_false (gtk_widget_get_mapped (detail_child (&fixture, "accept_button")));
  g_assert_false (gtk_widget_get_mapped (detail_child (&fixture, "note_view")));
  g_assert_cmpuint (cpis_task_inbox_get_view_count (fixture.inbox, CPIS_TASK_INBOX_VIEW_DONE), ==, 1);

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

static gboolean
assignees_listed (gpointer data)
{
  Fixture *fixture = data;

  return _cpis_social_worker_view_has_assignees (fixture->view);
}

static gboolean
assign_list_filled (gpointer data)
{
  Fixture *fixture = data;

  return gtk_widget_get_first_child (detail_child (fixture, "assign_list")) != NULL;
}

/* The row of the assign list that reads @label */
static GtkListBoxRow *
assign_row (Fixture    *fixture,
            const char *label)
{
  GtkWidget *list = detail_child (fixture, "assign_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *text = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

      if (GTK_IS_LABEL (text) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (text)), label) == 0)
        return GTK_LIST_BOX_ROW (row);
    }
  return NULL;
}

/* Assigned to a team, then handed back to the authority: each a version on
 * the hub, the owner shown */
static void
test_assign (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  g_autoptr(GError) error = NULL;
  GtkMenuButton *assign;
  GtkListBoxRow *row;
  CpisTask *task;
  g_autofree char *id = NULL;
  g_autofree char *version = NULL;

  g_assert_true (cpis_hub_store_put_team (cpis_test_hub_get_store (hub), "LA1", "LA1-duty",
                                          "Duty team", &error));
  g_assert_no_error (error);
  clinician_checks (hub, "nurse", CHILD_CPP);
  fixture_open (&fixture, hub, "sw");
  cpis_test_ui_iterate_until (assignees_listed, &fixture);
  open_task_of (&fixture, CHILD_CPP);
  cpis_test_ui_iterate_until (child_shown, &fixture);

  assign = GTK_MENU_BUTTON (detail_child (&fixture, "assign_button"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (assign)));
  gtk_menu_button_popup (assign);
  cpis_test_ui_iterate_until (assign_list_filled, &fixture);
  /* nobody holds it yet: no way "back to the authority" is offered */
  g_assert_null (assign_row (&fixture, "Nobody: back to Northgate Council"));
  row = assign_row (&fixture, "Duty team");
  g_assert_nonnull (row);
  g_signal_emit_by_name (detail_child (&fixture, "assign_list"), "row-activated", row);
  cpis_test_ui_iterate_until (not_busy, &fixture);

  read_task (hub, "sw2", CHILD_CPP, &id, &version, NULL);
  g_assert_cmpstr (version, ==, "2");
  task = cpis_task_inbox_lookup (fixture.inbox, id);
  g_assert_cmpint (cpis_task_get_owner_kind (task), ==, CPIS_TASK_OWNER_TEAM);
  g_assert_cmpstr (cpis_task_get_owner_id (task), ==, "LA1-duty");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.detail), "Assigned to Duty team.");

  /* the team holds it now: it is not offered again, the authority is */
  gtk_menu_button_popup (assign);
  cpis_test_ui_iterate_until (assign_list_filled, &fixture);
  g_assert_null (assign_row (&fixture, "Duty team"));
  row = assign_row (&fixture, "Nobody: back to Northgate Council");
  g_assert_nonnull (row);
  g_signal_emit_by_name (detail_child (&fixture, "assign_list"), "row-activated", row);
  cpis_test_ui_iterate_until (not_busy, &fixture);
  g_clear_pointer (&version, g_free);
  g_clear_pointer (&id, g_free);
  read_task (hub, "sw2", CHILD_CPP, &id, &version, NULL);
  g_assert_cmpstr (version, ==, "3");
  task = cpis_task_inbox_lookup (fixture.inbox, id);
  g_assert_cmpint (cpis_task_get_owner_kind (task), ==, CPIS_TASK_OWNER_LOCAL_AUTHORITY);

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

static gboolean
feed_live (gpointer data)
{
  Fixture *fixture = data;
  CpisTaskFeed *feed = _cpis_social_worker_view_get_feed (fixture->view);

  return feed != NULL && cpis_task_feed_get_state (feed) == CPIS_TASK_FEED_STATE_LIVE;
}

static gboolean
one_held (gpointer data)
{
  Fixture *fixture = data;

  return cpis_task_inbox_get_n_tasks (fixture->inbox) == 1;
}

static gboolean
window_inactive (gpointer data)
{
  Fixture *fixture = data;

  return !gtk_window_is_active (fixture->window);
}

static gboolean
one_desktop_notification (gpointer data)
{
  return cpis_test_notifications_get_all (data)->len >= 1;
}

/* A clinician's check while the social worker works elsewhere: the row
 * arrives without a click, with who saw the child, and a desktop
 * notification that names no child */
static void
test_live_arrival (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  CpisTestNotifications *server = cpis_test_notifications_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *other;
  CpisTask *task;
  CpisTestNotification *shown;

  fixture.app = gtk_application_new ("io.github.cpisdesktop.CpisDesktop.Test.LiveArrival",
                                     G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (fixture.app), NULL, &error));
  g_assert_no_error (error);
  fixture_open (&fixture, hub, "sw");
  g_assert_cmpuint (cpis_task_inbox_get_n_tasks (fixture.inbox), ==, 0);
  cpis_test_ui_iterate_until (feed_live, &fixture);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Live");

  /* the social worker is in another window */
  other = gtk_window_new ();
  gtk_window_set_application (GTK_WINDOW (other), fixture.app);
  gtk_window_present (GTK_WINDOW (other));
  cpis_test_ui_iterate_until (window_inactive, &fixture);

  clinician_checks (hub, "nurse2", CHILD_CPP);
  cpis_test_ui_iterate_until_timeout (one_held, &fixture, 5);
  task = g_list_model_get_item (G_LIST_MODEL (fixture.inbox), 0);
  g_assert_cmpstr (cpis_task_get_nhs_number (task), ==, CHILD_CPP);
  /* with its access: who saw the child, in what role */
  g_assert_nonnull (cpis_task_get_access_event (task));
  g_assert_nonnull (cpis_task_get_viewer_name (task));
  g_object_unref (task);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), CHILD_CPP_SHOWN);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Out of area: Southmoor Walk-in Centre");

  /* the desktop notification, with nothing of the child in it */
  cpis_test_ui_iterate_until_timeout (one_desktop_notification, server, 5);
  shown = g_ptr_array_index (cpis_test_notifications_get_all (server), 0);
  g_assert_cmpstr (shown->summary, ==, "New CP-IS attendance notification");
  g_assert_null (strstr (shown->body, "Alex"));
  g_assert_null (strstr (shown->body, "TESTER"));
  g_assert_null (strstr (shown->body, "999"));
  g_assert_null (strstr (shown->body, "Southmoor"));
  g_assert_cmpuint (_cpis_social_worker_view_get_n_alerts (fixture.view), ==, 1);

  gtk_window_destroy (GTK_WINDOW (other));
  fixture_close (&fixture);
  g_clear_object (&fixture.app);
  cpis_test_notifications_free (server);
  cpis_test_hub_free (hub);
}

static gboolean
feed_not_live (gpointer data)
{
  Fixture *fixture = data;
  CpisTaskFeed *feed = _cpis_social_worker_view_get_feed (fixture->view);

  return feed != NULL && cpis_task_feed_get_state (feed) != CPIS_TASK_FEED_STATE_LIVE &&
         cpis_task_feed_get_state (feed) != CPIS_TASK_FEED_STATE_CONNECTING;
}

static gboolean
feed_down (gpointer data)
{
  Fixture *fixture = data;

  return cpis_task_feed_get_state (_cpis_social_worker_view_get_feed (fixture->view)) ==
         CPIS_TASK_FEED_STATE_DOWN;
}

static gboolean
two_held (gpointer data)
{
  Fixture *fixture = data;

  return cpis_task_inbox_get_n_tasks (fixture->inbox) == 2;
}

static const char *
live_text (Fixture *fixture)
{
  GtkWidget *box = cpis_test_ui_template_child (fixture->view, CPIS_TYPE_SOCIAL_WORKER_VIEW,
                                                "live_box");
  GtkLabel *label = cpis_test_ui_template_child (fixture->view, CPIS_TYPE_SOCIAL_WORKER_VIEW,
                                                 "live_label");

  g_assert_true (gtk_widget_get_visible (box));
  return gtk_label_get_text (label);
}

/* The push channel interrupted, then the hub away: the header says so each
 * time, polling delivers meanwhile, and once back it is live again with
 * nothing lost or shown twice */
static void
test_channel_interrupted (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  CpisHubPush *push = cpis_test_hub_get_push (hub); /* the first server's */
  CpisTaskFeed *feed;

  fixture_open (&fixture, hub, "sw");
  cpis_test_ui_iterate_until (feed_live, &fixture);
  g_assert_cmpstr (live_text (&fixture), ==, "Live");
  feed = _cpis_social_worker_view_get_feed (fixture.view);
  cpis_task_feed_set_poll_interval (feed, 200);
  cpis_task_feed_set_reconnect_min_delay (feed, 100);
  cpis_task_feed_set_reconnect_max_delay (feed, 400);

  /* the network drops the websocket, and the hub takes no new one */
  _cpis_hub_push_set_refusing (push, TRUE);
  _cpis_hub_push_drop_all (push);
  cpis_test_ui_iterate_until (feed_not_live, &fixture);
  g_assert_nonnull (strstr (live_text (&fixture), "Live updates interrupted"));
  g_assert_nonnull (strstr (live_text (&fixture), "checking for new notifications"));
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "social-worker-interrupted");

  /* a check meanwhile arrives by polling */
  clinician_checks (hub, "nurse", CHILD_CPP);
  cpis_test_ui_iterate_until (one_held, &fixture);

  /* the hub goes away altogether, and comes back */
  cpis_test_hub_stop_server (hub);
  cpis_test_ui_iterate_until (feed_down, &fixture);
  g_assert_nonnull (strstr (live_text (&fixture), "The hub cannot be reached"));
  cpis_test_hub_record_check (hub, CHILD_LAC, "nurse2", "LA1");
  cpis_test_hub_restart_server (hub); /* a new server, taking websockets again */
  cpis_test_ui_iterate_until (feed_live, &fixture);
  g_assert_cmpstr (live_text (&fixture), ==, "Live");
  cpis_test_ui_iterate_until (two_held, &fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.inbox)), ==, 2);

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

static gboolean
editor_gone (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (CPIS_IS_PLAN_EDITOR (window))
        return FALSE;
    }
  return TRUE;
}

static gboolean
replace_offered (gpointer data)
{
  return gtk_widget_get_visible (detail_child (data, "replace_button"));
}

/* A child's NHS number retired and replaced: the notification says so, and
 * the plan is uploaded under the new number from it */
static void
test_inactive_number (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  g_autoptr(GError) error = NULL;
  GListModel *toplevels;
  CpisPlanEditor *editor = NULL;
  guint n_raised = 0;
  g_autoptr(GPtrArray) plans = NULL;

  cpis_test_hub_add_patient (hub, CHILD_CPP, "TESTER", "Alex", "2016-04-01", "female", NULL,
                             FALSE, NULL);
  cpis_test_hub_add_patient (hub, CHILD_NEW_NUMBER, "TESTER", "Alex", "2016-04-01", "female",
                             NULL, FALSE, NULL);
  g_assert_true (cpis_hub_store_retire_nhs_number (cpis_test_hub_get_store (hub), CHILD_CPP,
                                                   CHILD_NEW_NUMBER, g_get_real_time (),
                                                   &n_raised, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_raised, ==, 1);
  fixture_open (&fixture, hub, "sw");
  g_assert_cmpuint (cpis_task_inbox_get_scope_count (fixture.inbox,
                                                     CPIS_TASK_INBOX_SCOPE_INACTIVE_NUMBER),
                    ==, 1);

  open_task_of (&fixture, CHILD_CPP);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.detail), "replaced by 999 100 0062");
  cpis_test_ui_iterate_until (replace_offered, &fixture);
  g_signal_emit_by_name (detail_child (&fixture, "replace_button"), "clicked");

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (CPIS_IS_PLAN_EDITOR (window))
        editor = CPIS_PLAN_EDITOR (window);
    }
  g_assert_nonnull (editor);
  g_assert_cmpstr (gtk_editable_get_text (cpis_test_ui_template_child (editor,
                                                                       CPIS_TYPE_PLAN_EDITOR,
                                                                       "nhs_number_row")),
                   ==, "999 100 0062");
  g_assert_cmpstr (gtk_editable_get_text (cpis_test_ui_template_child (editor,
                                                                       CPIS_TYPE_PLAN_EDITOR,
                                                                       "start_row")),
                   ==, "2/1/2025");
  g_signal_emit_by_name (cpis_test_ui_template_child (editor, CPIS_TYPE_PLAN_EDITOR,
                                                      "save_button"),
                         "clicked");
  cpis_test_ui_iterate_until (editor_gone, NULL);

  /* the hub holds the plan under the new number */
  plans = cpis_hub_store_list_plans (cpis_test_hub_get_store (hub), CHILD_NEW_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

/* Large text: the table's columns widen with it, so an NHS number still fits */
static void
test_large_text (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  int dpi = 0;
  GtkWidget *normal, *large;
  GListModel *columns;
  GtkColumnViewColumn *column;
  int normal_width, large_width;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  normal = g_object_ref_sink (cpis_inbox_table_new ());
  g_object_set (settings, "gtk-xft-dpi", (int) ((dpi > 0 ? dpi : 96 * 1024) * 1.5), NULL);
  large = g_object_ref_sink (cpis_inbox_table_new ());
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);

  /* the NHS number's column, the third */
  columns = gtk_column_view_get_columns (cpis_inbox_table_get_column_view (CPIS_INBOX_TABLE (normal)));
  column = g_list_model_get_item (columns, 2);
  normal_width = gtk_column_view_column_get_fixed_width (column);
  g_object_unref (column);
  columns = gtk_column_view_get_columns (cpis_inbox_table_get_column_view (CPIS_INBOX_TABLE (large)));
  column = g_list_model_get_item (columns, 2);
  large_width = gtk_column_view_column_get_fixed_width (column);
  g_object_unref (column);
  g_assert_cmpint (large_width, >=, normal_width * 14 / 10);

  g_object_unref (normal);
  g_object_unref (large);
}

/* A cancellation needs its reason: none typed, nothing sent, said where
 * the reason goes */
static void
test_cancel_needs_reason (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  GtkWidget *confirm;
  GtkEditable *reason;
  g_autofree char *id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *status = NULL;

  clinician_checks (hub, "nurse", CHILD_CPP);
  fixture_open (&fixture, hub, "sw");
  open_task_of (&fixture, CHILD_CPP);
  confirm = detail_child (&fixture, "cancel_confirm_button");
  reason = GTK_EDITABLE (detail_child (&fixture, "cancel_reason_entry"));
  g_assert_false (gtk_widget_get_sensitive (confirm));
  g_signal_emit_by_name (reason, "activate");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (reason), "error"));
  read_task (hub, "sw2", CHILD_CPP, &id, &version, &status);
  g_assert_cmpstr (status, ==, "requested");

  gtk_editable_set_text (reason, "A duplicate of another notification");
  g_assert_true (gtk_widget_get_sensitive (confirm));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (reason), "error"));
  g_signal_emit_by_name (confirm, "clicked");
  cpis_test_ui_iterate_until (not_busy, &fixture);
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&version, g_free);
  g_clear_pointer (&status, g_free);
  read_task (hub, "sw2", CHILD_CPP, &id, &version, &status);
  g_assert_cmpstr (status, ==, "cancelled");

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

/* Two social workers at once: the second change, made on the version both
 * read, is refused, shown as such, and what was typed is kept */
static void
test_changed_by_someone_else (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  CpisTask *task;
  g_autofree char *typed = NULL;
  g_autofree char *id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *status = NULL;
  GtkLabel *message;

  clinician_checks (hub, "nurse", CHILD_CPP);
  fixture_open (&fixture, hub, "sw");
  task = open_task_of (&fixture, CHILD_CPP);
  g_assert_cmpstr (cpis_task_get_version (task), ==, "1");

  colleague_accepts (hub, CHILD_CPP);
  type_note (&fixture, "Called the school nurse.");
  /* scrolled down to the note and its Save, as after typing it */
  {
    GtkAdjustment *page = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (detail_child (&fixture, "scroller")));

    gtk_adjustment_set_value (page, gtk_adjustment_get_upper (page));
  }
  click (&fixture, "save_button");

  message = GTK_LABEL (detail_child (&fixture, "message_label"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (message)));
  /* in sight, wherever the page was scrolled to: above it, not in it */
  {
    graphene_rect_t bounds;

    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (message), GTK_WIDGET (fixture.detail), &bounds));
    g_assert_cmpfloat (bounds.origin.y, >=, 0);
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                       gtk_widget_get_height (GTK_WIDGET (fixture.detail)));
    g_assert_null (gtk_widget_get_ancestor (GTK_WIDGET (message), GTK_TYPE_SCROLLED_WINDOW));
  }
  g_assert_nonnull (strstr (gtk_label_get_text (message), "Someone else changed this notification"));
  typed = note_typed (&fixture);
  g_assert_cmpstr (typed, ==, "Called the school nurse.");
  /* their change is shown, and nothing of ours was written */
  task = cpis_task_detail_get_task (fixture.detail);
  g_assert_cmpstr (cpis_task_get_version (task), ==, "2");
  g_assert_cmpint (cpis_task_get_status (task), ==, CPIS_TASK_STATUS_ACCEPTED);
  g_assert_cmpuint (cpis_task_get_notes (task)->len, ==, 0);
  read_task (hub, "sw2", CHILD_CPP, &id, &version, &status);
  g_assert_cmpstr (version, ==, "2");
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "social-worker-changed");

  /* saved again, on their version, it is kept */
  click (&fixture, "save_button");
  task = cpis_task_detail_get_task (fixture.detail);
  g_assert_cmpstr (cpis_task_get_version (task), ==, "3");
  g_assert_cmpuint (cpis_task_get_notes (task)->len, ==, 1);

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

/* More than a page: the first shows at once, the rest arrive behind it */
static void
test_pages (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  g_autofree char *token = NULL;
  guint n = 260;

  token = cpis_test_hub_sign_in (hub, "nurse", PASSWORD);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CpisTestResponse) response = cpis_test_hub_search (hub, token, "CareTeam",
                                                                   i % 2 ? CHILD_CPP : CHILD_LAC,
                                                                   "true");

      g_assert_cmpuint (response->status, ==, 200);
    }

  fixture_open (&fixture, hub, "sw");
  g_assert_cmpuint (cpis_task_inbox_get_n_tasks (fixture.inbox), ==, n);
  g_assert_cmpuint (cpis_task_inbox_get_view_count (fixture.inbox, CPIS_TASK_INBOX_VIEW_ALL), ==, n);
  g_assert_false (gtk_widget_get_visible (
    cpis_test_ui_template_child (fixture.view, CPIS_TYPE_SOCIAL_WORKER_VIEW, "loading_box")));

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

/* A 401 while saving: the session expires, nothing is lost */
static void
test_session_expired (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *typed = NULL;
  GtkLabel *message;

  cpis_test_hub_set_today (hub, today);
  clinician_checks (hub, "nurse", CHILD_CPP);
  fixture_open (&fixture, hub, "sw");
  open_task_of (&fixture, CHILD_CPP);
  cpis_test_ui_iterate_until (child_shown, &fixture);

  cpis_test_hub_advance (hub, 24 * 60 * 60);
  type_note (&fixture, "Visited at home.");
  click (&fixture, "save_button");
  g_assert_cmpuint (fixture.n_expired, ==, 1);
  message = GTK_LABEL (detail_child (&fixture, "message_label"));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "your session has ended"));
  typed = note_typed (&fixture);
  g_assert_cmpstr (typed, ==, "Visited at home.");

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

/* Signed out, nothing of the authority's notifications stays */
static void
test_signed_out_forgets (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();

  clinician_checks (hub, "nurse", CHILD_CPP);
  fixture_open (&fixture, hub, "sw");
  open_task_of (&fixture, CHILD_CPP);
  cpis_test_ui_iterate_until (child_shown, &fixture);

  cpis_session_end (fixture.session, CPIS_SESSION_END_SIGNED_OUT);
  g_assert_cmpuint (cpis_task_inbox_get_n_tasks (fixture.inbox), ==, 0);
  g_assert_null (cpis_task_detail_get_task (fixture.detail));
  g_assert_cmpstr (_cpis_social_worker_view_get_page (fixture.view), ==, "inbox");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), "Alex TESTER");
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), CHILD_CPP_SHOWN);

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

int
main (int    argc,
      char **argv)
{
  cpis_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/social-worker/inbox", test_inbox);
  g_test_add_func ("/ui/social-worker/open-accept-complete", test_open_accept_complete);
  g_test_add_func ("/ui/social-worker/assign", test_assign);
  g_test_add_func ("/ui/social-worker/live-arrival", test_live_arrival);
  g_test_add_func ("/ui/social-worker/channel-interrupted", test_channel_interrupted);
  g_test_add_func ("/ui/social-worker/inactive-number", test_inactive_number);
  g_test_add_func ("/ui/social-worker/large-text", test_large_text);
  g_test_add_func ("/ui/social-worker/cancel-needs-reason", test_cancel_needs_reason);
  g_test_add_func ("/ui/social-worker/changed-by-someone-else", test_changed_by_someone_else);
  g_test_add_func ("/ui/social-worker/pages", test_pages);
  g_test_add_func ("/ui/social-worker/session-expired", test_session_expired);
  g_test_add_func ("/ui/social-worker/signed-out-forgets", test_signed_out_forgets);

  return g_test_run ();
}
