/* test-ui-clinician.c: the clinician view against the real hub, under Xvfb
 *
 * A hub in-process on loopback, a CpisHubClient signed in over HTTP, and a
 * CpisClinicianView in a window: a child with a plan, a child without, an
 * invalid number, the hub stopped mid-session, a scheduled-care user (silent
 * read), the recent checks, the copy buttons and an expired session.
 */
#include <string.h>

#include <adwaita.h>

#include "cpis-access-history-list.h"
#include "cpis-alert-card.h"
#include "cpis-clinician-strings-private.h"
#include "cpis-clinician-view-private.h"
#include "cpis-hub-client.h"
#include "cpis-nhs-number.h"
#include "cpis-session-store.h"
#include "cpis-test-clinician.h"
#include "cpis-test-hub.h"
#include "cpis-test-ui.h"

/* Synthetic NHS numbers (999 range, valid check digits) */
#define CHILD_CPP        "9991000003"
#define CHILD_CPP_TYPED  "999 100 0003"
#define CHILD_NONE       "9991000011"
#define CHILD_NONE_TYPED "999-100-0011"
#define CHILD_TWO_PLANS  "9991000038"
#define CHILD_BAD_CHECK  "999 100 0004"

#define PASSWORD "correct horse battery"

/* The copy buttons say which council's number they copy */
#define COPY_OFFICE_LA1    "Copy Northgate Council’s office hours number"
#define COPY_EMERGENCY_LA1 "Copy Northgate Council’s emergency number"

/* Helpers */

static CpisTestHub *
new_hub (void)
{
  CpisTestHub *hub = cpis_test_hub_new ();

  cpis_test_hub_add_org (hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (hub, "LA2", "Southmoor Council", "local-authority", "South");
  cpis_test_hub_add_org (hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_org (hub, "GP1", "Riverside Surgery", "scheduled-care", "North");
  cpis_test_hub_add_user (hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_user (hub, "gp", PASSWORD, "clinician", "GP1");
  cpis_test_hub_add_plan (hub, CHILD_CPP, "CPP", "2025-01-02", NULL, NULL, "LA1");
  cpis_test_hub_add_plan (hub, CHILD_TWO_PLANS, "CPP", "2025-03-04", NULL, NULL, "LA1");
  cpis_test_hub_add_plan (hub, CHILD_TWO_PLANS, "LAC", "2024-05-06", NULL, NULL, "LA2");

  return hub;
}

static CpisHubOrganisation *
find_org (CpisTestHub *hub,
          const char  *ods_code)
{
  g_autoptr(GError) error = NULL;
  CpisHubOrganisation *org = cpis_hub_store_find_organisation (cpis_test_hub_get_store (hub),
                                                                ods_code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (org);
  return org;
}

/* The view in a window (cpis-test-clinician.h) */

typedef CpisTestClinician Fixture;

static void
fixture_open (Fixture     *fixture,
              CpisTestHub *hub,
              const char  *username)
{
  cpis_test_clinician_open_signed_in (fixture, hub, username, PASSWORD, 1200, 900);
}

#define fixture_close(fixture) cpis_test_clinician_close (fixture)
#define check(fixture, text) cpis_test_clinician_check (fixture, text)
#define type_and_enter(fixture, text) cpis_test_clinician_type_and_enter (fixture, text)
#define check_done cpis_test_clinician_check_done

static void
maybe_screenshot (Fixture    *fixture,
                  const char *name)
{
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture->window), name);
}

/* Tests */

/* The alert card on its own */

static CpisPlan *
new_plan (const char *code,
          const char *start,
          const char *end,
          const char *due)
{
  CpisPlanType type = cpis_plan_type_from_snomed (code);

  return g_object_new (CPIS_TYPE_PLAN,
                       "id", "plan-1",
                       "plan-type", type,
                       "plan-code", code,
                       "plan-display", type == CPIS_PLAN_TYPE_UNRECOGNISED ? "Some future plan" : NULL,
                       "nhs-number", CHILD_CPP,
                       "subject-name", "Alex TESTER",
                       "la-name", "Northgate Council",
                       "phone-office", "020 7946 0001",
                       "phone-emergency", "07700 900002",
                       "start-date", start,
                       "end-date", end,
                       "due-date", due,
                       NULL);
}

static GtkWidget *
show_card (CpisPlan    *plan,
           const GDate *today,
           GtkWindow  **window)
{
  GtkWidget *card = cpis_alert_card_new (plan, today);

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, 700, -1);
  gtk_window_set_child (*window, card);
  gtk_window_present (*window);

  return card;
}

static void
test_card_ended (void)
{
  g_autoptr(CpisPlan) plan = new_plan ("342191000000101", "2023-01-02", "2025-03-12", NULL);
  g_autoptr(GDate) today = g_date_new_dmy (21, G_DATE_APRIL, 2025);
  GtkWindow *window;
  GtkWidget *card = show_card (plan, today, &window);
  GtkWidget *toggle = cpis_test_ui_template_child (card, CPIS_TYPE_ALERT_CARD, "ended_button");
  const char *summary = "Ended 12 March 2025 — 40 days ago: Child protection plan, Northgate Council";

  /* one muted line: the dates and numbers are not on show, and it is not
   * styled as an alert */
  gtk_test_widget_wait_for_draw (card);
  g_assert_true (cpis_alert_card_get_ended (CPIS_ALERT_CARD (card)));
  g_assert_false (cpis_alert_card_get_expanded (CPIS_ALERT_CARD (card)));
  g_assert_true (gtk_widget_has_css_class (card, "ended"));
  g_assert_false (gtk_widget_has_css_class (card, "active"));
  cpis_test_ui_assert_shows (card, summary);
  cpis_test_ui_assert_does_not_show (card, "Started 2 January 2023");
  cpis_test_ui_assert_does_not_show (card, "07700 900002");
  cpis_test_ui_assert_does_not_show (card, "CP-IS alert");
  gtk_test_accessible_assert_property (card, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Ended CP-IS plan: Child protection plan");
  gtk_test_accessible_assert_property (toggle, GTK_ACCESSIBLE_PROPERTY_LABEL, summary);
  gtk_test_accessible_assert_state (toggle, GTK_ACCESSIBLE_STATE_EXPANDED, FALSE);

  /* it opens on demand, with everything an active card says */
  g_signal_emit_by_name (toggle, "clicked");
  cpis_test_ui_iterate_until (cpis_test_ui_widget_mapped,
                              cpis_test_ui_template_child (card, CPIS_TYPE_ALERT_CARD, "start_label"));
  g_assert_true (cpis_alert_card_get_expanded (CPIS_ALERT_CARD (card)));
  gtk_test_accessible_assert_state (toggle, GTK_ACCESSIBLE_STATE_EXPANDED, TRUE);
  cpis_test_ui_assert_shows (card, "Started 2 January 2023");
  cpis_test_ui_assert_shows (card, "07700 900002");
  cpis_test_ui_assert_does_not_show (card, "Unborn child");
  g_assert_true (gtk_widget_has_css_class (card, "cpp"));
  gtk_test_accessible_assert_property (card, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Child protection plan. Ended 12 March 2025 — 40 days ago. "
                                       "Started 2 January 2023. "
                                       "Responsible local authority: Northgate Council. "
                                       "Office hours: 020 7946 0001. "
                                       "Emergency duty team, out of hours: 07700 900002.");
  cpis_test_ui_save_screenshot (GTK_WIDGET (window), "card-ended");

  gtk_window_destroy (window);
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
deadline_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

/* Copying both numbers, then the card going away (a new check) before the
 * "copied" feedback fades: no timer may outlive the card */
static void
test_card_copy_then_destroy (void)
{
  g_autoptr(CpisPlan) plan = new_plan ("342191000000101", "2023-01-02", NULL, NULL);
  g_autoptr(GDate) today = g_date_new_dmy (21, G_DATE_APRIL, 2025);
  GtkWindow *window;
  GtkWidget *card = show_card (plan, today, &window);
  GtkButton *office = cpis_test_ui_find_button_with_tooltip (card, COPY_OFFICE_LA1);
  GtkButton *emergency = cpis_test_ui_find_button_with_tooltip (card, COPY_EMERGENCY_LA1);
  gint64 deadline;
  guint tick;

  g_assert_nonnull (office);
  g_assert_nonnull (emergency);
  g_signal_emit_by_name (office, "clicked");
  g_signal_emit_by_name (emergency, "clicked");
  gtk_window_destroy (window);

  /* past the feedback's lifetime (4 s): a stray timer would touch the
   * finalized card here (fatal under G_DEBUG=fatal-criticals, or ASan) */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  tick = g_timeout_add (100, tick_cb, NULL);
  cpis_test_ui_iterate_until (deadline_passed, &deadline);
  g_source_remove (tick);
}

static void
test_card_ucpp (void)
{
  g_autoptr(CpisPlan) plan = new_plan ("818901000000100", "2025-03-01", NULL, "2025-08-20");
  g_autoptr(GDate) today = g_date_new_dmy (21, G_DATE_APRIL, 2025);
  GtkWindow *window;
  GtkWidget *card = show_card (plan, today, &window);

  cpis_test_ui_assert_shows (card, "Unborn child protection plan");
  cpis_test_ui_assert_shows (card, CPIS_TEXT_UNBORN_CHILD);
  cpis_test_ui_assert_shows (card, "Due date 20 August 2025");
  cpis_test_ui_assert_shows (card, CPIS_TEXT_PLAN_ACTIVE);
  g_assert_true (gtk_widget_has_css_class (card, "ucpp"));
  gtk_test_accessible_assert_property (card, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "CP-IS alert: Unborn child protection plan");
  cpis_test_ui_save_screenshot (GTK_WIDGET (window), "card-ucpp");

  gtk_window_destroy (window);
}

static void
test_card_unrecognised (void)
{
  g_autoptr(CpisPlan) plan = new_plan ("123456000000109", "2025-03-01", NULL, NULL);
  g_autoptr(GDate) today = g_date_new_dmy (21, G_DATE_APRIL, 2025);
  GtkWindow *window;
  GtkWidget *card = show_card (plan, today, &window);

  cpis_test_ui_assert_shows (card, "Unrecognised plan (code 123456000000109)");
  cpis_test_ui_assert_shows (card, "Some future plan");
  cpis_test_ui_assert_shows (card, "07700 900002");
  g_assert_true (gtk_widget_has_css_class (card, "unrecognised"));
  cpis_test_ui_save_screenshot (GTK_WIDGET (window), "card-unrecognised");

  gtk_window_destroy (window);
}

static void
test_card_no_numbers (void)
{
  CpisPlan *plan = g_object_new (CPIS_TYPE_PLAN,
                                 "id", "plan-2",
                                 "plan-type", CPIS_PLAN_TYPE_LAC,
                                 "plan-code", "764841000000100",
                                 "nhs-number", CHILD_CPP,
                                 "la-name", "Northgate Council",
                                 "phone-emergency", "07700 900002",
                                 "start-date", "2024-01-01",
                                 NULL);
  GtkWindow *window;
  GtkWidget *card = show_card (plan, NULL, &window);
  GtkButton *office = cpis_test_ui_find_button_with_tooltip (card, COPY_OFFICE_LA1);

  cpis_test_ui_assert_shows (card, "Looked after child");
  cpis_test_ui_assert_shows (card, "Not given");
  g_assert_nonnull (office);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (office)));

  gtk_window_destroy (window);
  g_object_unref (plan);
}


static void
test_plan_found (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  g_autoptr(CpisHubOrganisation) la = find_org (hub, "LA1");
  g_autofree char *recorded = g_strdup_printf (CPIS_TEXT_RECORDED_ONE_FMT, "Northgate Council");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  CpisAccessHistoryList *history;
  GtkWidget *card;
  gint64 accesses, notifications;

  /* three earlier attendances, checked through the hub at noon on each of
   * the three days before today (its clock set back): a pattern to point
   * out. Checks minutes apart would be one attendance. */
  for (int days_ago = 3; days_ago > 0; days_ago--)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (now, -days_ago);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
      g_autofree char *token = NULL;
      g_autoptr(CpisTestResponse) response = NULL;

      cpis_test_hub_set_today (hub, date);
      token = cpis_test_hub_sign_in (hub, "nurse", PASSWORD);
      response = cpis_test_hub_search (hub, token, "CareTeam", CHILD_CPP, "true");
      g_assert_cmpuint (response->status, ==, 200);
    }
  cpis_test_hub_set_today (hub, NULL);

  fixture_open (&fixture, hub, "nurse");
  accesses = cpis_test_hub_count_accesses (hub, CHILD_CPP);
  notifications = cpis_test_hub_count_notifications (hub, "LA1");
  g_assert_cmpint (accesses, ==, 3);

  check (&fixture, CHILD_CPP_TYPED);

  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  /* who, large: the name as the hub gives it and the number formatted */
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Alex TESTER");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "999\u00a0100\u00a00003");
  /* the alert, in words */
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Child protection plan");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Started 2 January 2025");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), CPIS_TEXT_PLAN_ACTIVE);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Northgate Council");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), la->phone_office);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), la->phone_emergency);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), recorded);
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), CPIS_TEXT_SILENT_READ);
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), CPIS_TEXT_COULD_NOT_BE_CHECKED);

  card = cpis_test_ui_find_widget_of_type (GTK_WIDGET (fixture.view), CPIS_TYPE_ALERT_CARD);
  g_assert_nonnull (card);
  gtk_test_accessible_assert_property (card, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "CP-IS alert: Child protection plan");
  gtk_test_accessible_assert_role (card, GTK_ACCESSIBLE_ROLE_GROUP);

  /* the access history: the three earlier ones at least (the new one may
   * or may not have been written before the history was read) */
  history = CPIS_ACCESS_HISTORY_LIST (cpis_test_ui_find_widget_of_type (GTK_WIDGET (fixture.view),
                                                           CPIS_TYPE_ACCESS_HISTORY_LIST));
  g_assert_nonnull (history);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (history)));
  g_assert_nonnull (cpis_access_history_list_get_model (history));
  g_assert_cmpuint (g_list_model_get_n_items (cpis_access_history_list_get_model (history)), >=, 3);
  cpis_test_ui_assert_shows (GTK_WIDGET (history), "Northgate General ED");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view),
                             "Repeated attendance: 4 attendances in the last 30 days.");

  /* the hub recorded exactly this access and notified the LA once */
  g_assert_cmpint (cpis_test_hub_count_accesses (hub, CHILD_CPP), ==, accesses + 1);
  g_assert_cmpint (cpis_test_hub_count_notifications (hub, "LA1"), ==, notifications + 1);
  maybe_screenshot (&fixture, "found");

  /* the check is in this session's store */
  g_assert_cmpuint (g_list_model_get_n_items (cpis_session_store_get_checks (fixture.store)), ==, 1);

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

static void
test_two_plans (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  g_autofree char *recorded = g_strdup_printf (CPIS_TEXT_RECORDED_TWO_FMT,
                                               "Northgate Council", "Southmoor Council");
  g_autofree char *recorded_other = g_strdup_printf (CPIS_TEXT_RECORDED_TWO_FMT,
                                                     "Southmoor Council", "Northgate Council");
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  gint64 la1 = cpis_test_hub_count_notifications (hub, "LA1");
  gint64 la2 = cpis_test_hub_count_notifications (hub, "LA2");

  fixture_open (&fixture, hub, "nurse");
  check (&fixture, CHILD_TWO_PLANS);

  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  cpis_test_ui_collect_widgets_of_type (GTK_WIDGET (fixture.view), CPIS_TYPE_ALERT_CARD, cards);
  g_assert_cmpuint (cards->len, ==, 2);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Child protection plan");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Looked after child");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Southmoor Council");
  /* both local authorities were notified, in whichever order the plans came */
  g_assert_true (cpis_test_ui_find_label (GTK_WIDGET (fixture.view), recorded) != NULL ||
                 cpis_test_ui_find_label (GTK_WIDGET (fixture.view), recorded_other) != NULL);
  /* no earlier accesses: no pattern */
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), "Repeated attendance");
  g_assert_cmpint (cpis_test_hub_count_notifications (hub, "LA1"), ==, la1 + 1);
  g_assert_cmpint (cpis_test_hub_count_notifications (hub, "LA2"), ==, la2 + 1);
  maybe_screenshot (&fixture, "two-plans");

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

static void
test_no_record (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  g_autofree char *title = g_strdup_printf (CPIS_TEXT_NO_RECORD_TITLE_FMT, "999\u00a0100\u00a00011");
  gint64 notifications = cpis_test_hub_count_notifications (hub, NULL);

  fixture_open (&fixture, hub, "nurse");
  check (&fixture, CHILD_NONE_TYPED);

  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "no-record");
  maybe_screenshot (&fixture, "no-record");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), title);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view),
                             "This does not mean there are no safeguarding concerns");
  /* calm, and nothing like the failure page */
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), CPIS_TEXT_COULD_NOT_BE_CHECKED);
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), CPIS_TEXT_NOT_THE_SAME_AS_NO_RECORD);
  g_assert_null (cpis_test_ui_find_button_with_tooltip (GTK_WIDGET (fixture.view), COPY_OFFICE_LA1));
  g_assert_cmpint (cpis_test_hub_count_notifications (hub, NULL), ==, notifications);
  maybe_screenshot (&fixture, "no-record");

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

static GtkButton *
find_button_named (GtkWidget  *root,
                   const char *prefix)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  cpis_test_ui_collect_widgets_of_type (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_str_has_prefix (gtk_widget_get_tooltip_text (buttons->pdata[i]) ?: "", prefix))
      return buttons->pdata[i];

  return NULL;
}

static void
test_demo_examples (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  const char *with_plan[] = { CHILD_CPP, NULL };
  const char *without_plan[] = { CHILD_NONE, NULL };
  GtkButton *button;

  fixture_open (&fixture, hub, "nurse");

  /* no examples outside a demo */
  g_assert_null (find_button_named (GTK_WIDGET (fixture.view), "Check NHS number"));

  cpis_clinician_view_set_examples (fixture.view, with_plan, without_plan);
  maybe_screenshot (&fixture, "ready-examples");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "With a plan to show");
  button = find_button_named (GTK_WIDGET (fixture.view),
                              "Check NHS number 999\u00a0100\u00a00011, demo: a child with no record");
  g_assert_nonnull (button);
  button = find_button_named (GTK_WIDGET (fixture.view),
                              "Check NHS number 999\u00a0100\u00a00003, demo: a child with a plan");
  g_assert_nonnull (button);

  /* one click checks that child, as typing the number would */
  g_signal_emit_by_name (button, "clicked");
  cpis_test_ui_iterate_until (check_done, &fixture);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  g_assert_cmpstr (cpis_nhs_number_entry_get_nhs_number (_cpis_clinician_view_get_entry (fixture.view)),
                   ==, CHILD_CPP);
  g_assert_cmpint (cpis_test_hub_count_accesses (hub, CHILD_CPP), ==, 1);

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

static void
count_submitted_cb (CpisNhsNumberEntry *entry,
                    const char         *nhs_number,
                    GPtrArray          *out)
{
  g_ptr_array_add (out, g_strdup (nhs_number));
}

static void
test_invalid_number (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  CpisNhsNumberEntry *entry;
  g_autoptr(GPtrArray) submitted = g_ptr_array_new_with_free_func (g_free);
  gint64 accesses;

  fixture_open (&fixture, hub, "nurse");
  entry = _cpis_clinician_view_get_entry (fixture.view);
  gtk_test_accessible_assert_property (fixture.entry, GTK_ACCESSIBLE_PROPERTY_LABEL, "NHS number");
  accesses = cpis_test_hub_count_accesses (hub, CHILD_CPP);

  /* while typing: a neutral count, no error */
  gtk_editable_set_text (GTK_EDITABLE (fixture.entry), "999 100");
  g_assert_cmpstr (cpis_nhs_number_entry_get_message (entry), ==, "6 of 10 digits");
  g_assert_null (cpis_nhs_number_entry_get_nhs_number (entry));
  gtk_test_accessible_assert_property (fixture.entry, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "6 of 10 digits");
  gtk_test_accessible_assert_state (fixture.entry, GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_FALSE);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (fixture.entry), "error"));

  /* a letter: the error at once */
  gtk_editable_set_text (GTK_EDITABLE (fixture.entry), "999 10a");
  g_assert_nonnull (strstr (cpis_nhs_number_entry_get_message (entry), "“a”"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture.entry), "error"));
  gtk_test_accessible_assert_state (fixture.entry, GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_TRUE);

  /* ten digits with the wrong check digit: the reason shown, nothing sent */
  g_signal_connect (entry, "submitted", G_CALLBACK (count_submitted_cb), submitted);
  type_and_enter (&fixture, CHILD_BAD_CHECK);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "ready");
  g_assert_nonnull (strstr (cpis_nhs_number_entry_get_message (entry), "check digit"));
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "check digit does not match");
  maybe_screenshot (&fixture, "invalid-number");
  gtk_test_accessible_assert_property (fixture.entry, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       cpis_nhs_number_entry_get_message (entry));

  /* too short on Enter: the reason, as an error */
  type_and_enter (&fixture, "999100");
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "ready");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture.entry), "error"));
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "this has 6");

  /* the hub saw nothing */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (cpis_test_hub_count_accesses (hub, CHILD_CPP), ==, accesses);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_session_store_get_checks (fixture.store)), ==, 0);

  /* after a result, an invalid number takes it off screen: the answer shown
   * would no longer be the answer for what is in the field */
  check (&fixture, CHILD_CPP);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  type_and_enter (&fixture, CHILD_BAD_CHECK);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "ready");
  g_assert_null (_cpis_clinician_view_get_result (fixture.view));
  g_assert_null (cpis_test_ui_find_mapped_widget_of_type (GTK_WIDGET (fixture.view),
                                                          CPIS_TYPE_ALERT_CARD));
  g_assert_cmpint (cpis_test_hub_count_accesses (hub, CHILD_CPP), ==, accesses + 1);

  /* pasted with dashes and spaces: valid, and says so */
  gtk_editable_set_text (GTK_EDITABLE (fixture.entry), " 999-100-0003 ");
  g_assert_cmpstr (cpis_nhs_number_entry_get_nhs_number (entry), ==, CHILD_CPP);
  g_assert_null (cpis_nhs_number_entry_get_message (entry));
  gtk_test_accessible_assert_property (fixture.entry, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       CPIS_TEXT_NHS_NUMBER_VALID);
  /* only the one valid number was ever submitted */
  g_assert_cmpuint (submitted->len, ==, 1);
  g_assert_cmpstr (submitted->pdata[0], ==, CHILD_CPP);

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

static void
test_entry_submitted (void)
{
  GtkWidget *widget = cpis_nhs_number_entry_new ();
  CpisNhsNumberEntry *entry = CPIS_NHS_NUMBER_ENTRY (g_object_ref_sink (widget));
  g_autoptr(GPtrArray) submitted = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *inner = cpis_test_ui_find_widget_of_type (widget, GTK_TYPE_ENTRY);

  g_signal_connect (entry, "submitted", G_CALLBACK (count_submitted_cb), submitted);

  /* a scanner: digits then Enter */
  cpis_nhs_number_entry_set_text (entry, "9991000003");
  g_signal_emit_by_name (inner, "activate");
  g_assert_cmpuint (submitted->len, ==, 1);
  g_assert_cmpstr (submitted->pdata[0], ==, CHILD_CPP);

  /* invalid: nothing */
  cpis_nhs_number_entry_set_text (entry, "9991000004");
  g_signal_emit_by_name (inner, "activate");
  g_assert_cmpuint (submitted->len, ==, 1);
  g_assert_nonnull (cpis_nhs_number_entry_get_message (entry));

  cpis_nhs_number_entry_clear (entry);
  g_assert_cmpstr (cpis_nhs_number_entry_get_text (entry), ==, "");
  g_assert_null (cpis_nhs_number_entry_get_nhs_number (entry));
  g_assert_cmpint (gtk_entry_get_input_purpose (GTK_ENTRY (inner)), ==, GTK_INPUT_PURPOSE_DIGITS);

  g_object_unref (entry);
}

static void
test_hub_stopped (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  GtkButton *retry = NULL;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  fixture_open (&fixture, hub, "nurse");
  check (&fixture, CHILD_CPP);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");

  /* the hub goes away mid-session */
  cpis_test_hub_free (hub);

  check (&fixture, CHILD_NONE);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "failed");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), CPIS_TEXT_COULD_NOT_BE_CHECKED);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), CPIS_TEXT_NOT_THE_SAME_AS_NO_RECORD);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "999\u00a0100\u00a00011");
  /* never the no-record page */
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), "No CP-IS record");
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view),
                                     "This does not mean there are no safeguarding concerns");
  g_assert_cmpint (cpis_check_result_get_outcome (_cpis_clinician_view_get_result (fixture.view)),
                   ==, CPIS_CHECK_OUTCOME_FAILED);

  /* a "Try again" button, named for assistive technologies */
  cpis_test_ui_collect_widgets_of_type (GTK_WIDGET (fixture.view), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), CPIS_TEXT_TRY_AGAIN) == 0)
      retry = buttons->pdata[i];
  g_assert_nonnull (retry);
  gtk_test_accessible_assert_property (retry, GTK_ACCESSIBLE_PROPERTY_LABEL, CPIS_TEXT_TRY_AGAIN);

  /* trying again with the hub still down fails again, loudly */
  g_signal_emit_by_name (retry, "clicked");
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "checking");
  cpis_test_ui_iterate_until (check_done, &fixture);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "failed");
  maybe_screenshot (&fixture, "could-not-be-checked");

  /* the failures are in the recent checks too, as failures */
  g_assert_cmpuint (g_list_model_get_n_items (cpis_session_store_get_checks (fixture.store)), ==, 3);

  fixture_close (&fixture);
}

static void
test_scheduled_care (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  g_autofree char *recorded = g_strdup_printf (CPIS_TEXT_RECORDED_ONE_FMT, "Northgate Council");
  gint64 accesses = cpis_test_hub_count_accesses (hub, CHILD_CPP);
  gint64 notifications = cpis_test_hub_count_notifications (hub, NULL);

  fixture_open (&fixture, hub, "gp");
  check (&fixture, CHILD_CPP_TYPED);

  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Child protection plan");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), CPIS_TEXT_SILENT_READ);
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), recorded);
  g_assert_cmpint (cpis_test_hub_count_accesses (hub, CHILD_CPP), ==, accesses);
  maybe_screenshot (&fixture, "silent-read");
  g_assert_cmpint (cpis_test_hub_count_notifications (hub, NULL), ==, notifications);

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

static void
test_recent_checks (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  GtkListBox *list;
  GListModel *checks;
  gint64 accesses;

  fixture_open (&fixture, hub, "nurse");
  list = _cpis_clinician_view_get_recent_list (fixture.view);
  gtk_test_accessible_assert_property (list, GTK_ACCESSIBLE_PROPERTY_LABEL, CPIS_TEXT_RECENT_CHECKS);

  check (&fixture, CHILD_CPP);
  check (&fixture, CHILD_NONE);

  checks = cpis_session_store_get_checks (fixture.store);
  g_assert_cmpuint (g_list_model_get_n_items (checks), ==, 2);
  cpis_test_ui_assert_shows (GTK_WIDGET (list), "999\u00a0100\u00a00003");
  cpis_test_ui_assert_shows (GTK_WIDGET (list), "999\u00a0100\u00a00011");
  cpis_test_ui_assert_shows (GTK_WIDGET (list), "No record");
  cpis_test_ui_assert_shows (GTK_WIDGET (list), "Child protection plan");
  /* each row says itself whole to a screen reader */
  gtk_test_accessible_assert_role (gtk_list_box_get_row_at_index (list, 0),
                                   GTK_ACCESSIBLE_ROLE_LIST_ITEM);

  /* activating the older one shows it again, from memory */
  accesses = cpis_test_hub_count_accesses (hub, CHILD_CPP);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "no-record");
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 1));
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Alex TESTER");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (cpis_test_hub_count_accesses (hub, CHILD_CPP), ==, accesses);
  g_assert_cmpuint (g_list_model_get_n_items (checks), ==, 2);

  /* the end of the session empties it and forgets what was shown */
  cpis_clinician_view_reset (fixture.view);
  g_assert_null (gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "ready");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture.entry)), ==, "");
  g_assert_null (_cpis_clinician_view_get_result (fixture.view));
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), "999\u00a0100\u00a00003");
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), "Alex TESTER");

  /* a store emptied on lock empties the list too */
  cpis_clinician_view_set_session (fixture.view, NULL);
  cpis_clinician_view_set_session (fixture.view, fixture.session);
  check (&fixture, CHILD_CPP);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  cpis_session_store_clear (fixture.store);
  g_assert_null (gtk_list_box_get_row_at_index (list, 0));

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, read_text_cb, &text);
  cpis_test_ui_iterate_until (cpis_test_ui_pointer_set, &text);

  return text;
}

static void
test_copy_numbers (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  g_autoptr(CpisHubOrganisation) la = find_org (hub, "LA1");
  g_autofree char *office = NULL;
  g_autofree char *emergency = NULL;
  GtkButton *button;

  fixture_open (&fixture, hub, "nurse");
  check (&fixture, CHILD_CPP);

  button = cpis_test_ui_find_button_with_tooltip (GTK_WIDGET (fixture.view), COPY_EMERGENCY_LA1);
  g_assert_nonnull (button);
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, COPY_EMERGENCY_LA1);
  g_signal_emit_by_name (button, "clicked");
  emergency = read_clipboard (GTK_WIDGET (button));
  g_assert_cmpstr (emergency, ==, la->phone_emergency);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Emergency duty number");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "copied");

  button = cpis_test_ui_find_button_with_tooltip (GTK_WIDGET (fixture.view), COPY_OFFICE_LA1);
  g_assert_nonnull (button);
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, COPY_OFFICE_LA1);
  g_signal_emit_by_name (button, "clicked");
  office = read_clipboard (GTK_WIDGET (button));
  g_assert_cmpstr (office, ==, la->phone_office);
  g_assert_cmpstr (office, !=, emergency);

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

static void
test_session_expired (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CpisUserInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  cpis_test_hub_set_today (hub, today);
  fixture_open (&fixture, hub, "nurse");

  /* a day later the token has expired */
  cpis_test_hub_advance (hub, 24 * 60 * 60);
  check (&fixture, CHILD_CPP_TYPED);
  g_assert_cmpuint (fixture.n_expired, ==, 1);
  /* what was typed is kept, and it is never "no record" */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture.entry)), ==, CHILD_CPP_TYPED);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), !=, "no-record");
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), !=, "found");

  /* the session signs in again; the view repeats the check by itself */
  g_assert_cmpint (cpis_session_get_state (fixture.session), ==, CPIS_SESSION_EXPIRED);
  cpis_session_sign_in_again_async (fixture.session, PASSWORD, NULL,
                                    cpis_test_ui_store_result_cb, &result);
  cpis_test_ui_iterate_until (cpis_test_ui_pointer_set, &result);
  g_assert_true (cpis_session_sign_in_again_finish (fixture.session, result, &error));
  g_assert_no_error (error);
  cpis_test_ui_iterate_until (check_done, &fixture);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "Child protection plan");
  g_assert_cmpuint (fixture.n_expired, ==, 1);

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

static void
test_focus_search (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  GtkButton *button;

  fixture_open (&fixture, hub, "nurse");
  check (&fixture, CHILD_CPP);

  button = cpis_test_ui_find_button_with_tooltip (GTK_WIDGET (fixture.view), COPY_OFFICE_LA1);
  gtk_widget_grab_focus (GTK_WIDGET (button));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (button)));

  cpis_clinician_view_focus_search (fixture.view);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (fixture.entry)) ||
                 gtk_widget_has_focus (gtk_window_get_focus (fixture.window)));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (fixture.window),
                                         GTK_WIDGET (fixture.entry)));

  fixture_close (&fixture);
  cpis_test_hub_free (hub);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/cpisdesktop/CpisDesktop/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/alert-card/ended", test_card_ended);
  g_test_add_func ("/alert-card/copy-then-destroy", test_card_copy_then_destroy);
  g_test_add_func ("/clinician/demo-examples", test_demo_examples);
  g_test_add_func ("/alert-card/ucpp", test_card_ucpp);
  g_test_add_func ("/alert-card/unrecognised", test_card_unrecognised);
  g_test_add_func ("/alert-card/no-office-number", test_card_no_numbers);
  g_test_add_func ("/clinician/entry-submitted", test_entry_submitted);
  g_test_add_func ("/clinician/plan-found", test_plan_found);
  g_test_add_func ("/clinician/two-plans", test_two_plans);
  g_test_add_func ("/clinician/no-record", test_no_record);
  g_test_add_func ("/clinician/invalid-number", test_invalid_number);
  g_test_add_func ("/clinician/hub-stopped", test_hub_stopped);
  g_test_add_func ("/clinician/scheduled-care", test_scheduled_care);
  g_test_add_func ("/clinician/recent-checks", test_recent_checks);
  g_test_add_func ("/clinician/copy-numbers", test_copy_numbers);
  g_test_add_func ("/clinician/session-expired", test_session_expired);
  g_test_add_func ("/clinician/focus-search", test_focus_search);

  return g_test_run ();
}
