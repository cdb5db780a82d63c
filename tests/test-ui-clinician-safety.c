/* test-ui-clinician-safety.c: the hazards a nurse meets at the triage desk,
 * each removed by a control in the clinician view (docs/clinical-safety.md)
 *
 * Real windows under Xvfb, the real hub in-process on loopback (with its
 * demographics service), and a fake hub for answers a real one would not
 * give: held, or with no demographics service. One test per hazard control.
 */
#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "cpis-access-event.h"
#include "cpis-access-timeline.h"
#include "cpis-alert-card.h"
#include "cpis-clinician-strings-private.h"
#include "cpis-date.h"
#include "cpis-find-child-dialog.h"
#include "cpis-nhs-number.h"
#include "cpis-nhs-number-entry-private.h"
#include "cpis-patient-banner.h"
#include "cpis-test-clinician.h"
#include "cpis-test-fake-hub.h"
#include "cpis-test-hub.h"
#include "cpis-test-ui.h"

#define PASSWORD "correct horse battery"
#define LA1 "Northgate Council"
#define LA2 "Southmoor Council"
#define LA1_EMERGENCY_NAME "Copy Northgate Council’s emergency number"

/* Synthetic children, each made with a valid check digit in the 999 range */
typedef struct
{
  char *cpp;            /* an active CPP (LA1); demographics agree */
  char *none;           /* no plan; demographics */
  char *ended_active;   /* a CPP of LA2 ended 100 days ago, an active LAC of LA1 */
  char *mother;         /* a UCPP whose due date was 10 days ago */
  char *name_differs;   /* a CPP uploaded under another family name */
  char *born_differs;   /* a CPP uploaded with another date of birth */
  char *restricted;     /* an LAC; a restricted demographics record */
  char *superseded;     /* a replaced number, no plan of its own… */
  char *current;        /* …and its current one, with a CPP */
  char *unknown;        /* a CPP, and no demographics record at all */
  char *twin_a;         /* two children of the same name, birth date and gender */
  char *twin_b;
  char *ended_only;     /* a CPP of LA2 ended 21 days ago, nothing active */
} Children;

static char *
days_from_today (int days)
{
  GDate date;

  cpis_date_today_uk (&date);
  if (days >= 0)
    g_date_add_days (&date, days);
  else
    g_date_subtract_days (&date, -days);
  return cpis_date_to_string (&date);
}

static void
children_clear (Children *children)
{
  char **all[] = { &children->cpp, &children->none, &children->ended_active, &children->mother,
                   &children->name_differs, &children->born_differs, &children->restricted,
                   &children->superseded, &children->current, &children->unknown,
                   &children->twin_a, &children->twin_b, &children->ended_only };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_clear_pointer (all[i], g_free);
}

static CpisTestHub *
new_hub (Children *children)
{
  CpisTestHub *hub = cpis_test_hub_new ();
  g_autofree char *ended = days_from_today (-100);
  g_autofree char *due = days_from_today (-10);
  g_autofree char *ended_recently = days_from_today (-21);
  guint serial = 710000;

  children->cpp = cpis_test_nhs_number (serial += 10);
  children->none = cpis_test_nhs_number (serial += 10);
  children->ended_active = cpis_test_nhs_number (serial += 10);
  children->mother = cpis_test_nhs_number (serial += 10);
  children->name_differs = cpis_test_nhs_number (serial += 10);
  children->born_differs = cpis_test_nhs_number (serial += 10);
  children->restricted = cpis_test_nhs_number (serial += 10);
  children->superseded = cpis_test_nhs_number (serial += 10);
  children->current = cpis_test_nhs_number (serial += 10);
  children->unknown = cpis_test_nhs_number (serial += 10);
  children->twin_a = cpis_test_nhs_number (serial += 10);
  children->twin_b = cpis_test_nhs_number (serial += 10);
  children->ended_only = cpis_test_nhs_number (serial += 10);

  cpis_test_hub_add_org (hub, "LA1", LA1, "local-authority", "North");
  cpis_test_hub_add_org (hub, "LA2", LA2, "local-authority", "South");
  cpis_test_hub_add_org (hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (hub, "nurse", PASSWORD, "clinician", "ED1");

  cpis_test_hub_add_patient (hub, children->cpp, "TESTER", "Alex", "2015-06-01", "female",
                             "ZZ99 3VZ", FALSE, NULL);
  cpis_test_hub_add_named_plan (hub, children->cpp, "CPP", "2025-01-02", NULL, NULL, "LA1",
                                "Alex TESTER", "2015-06-01");

  cpis_test_hub_add_patient (hub, children->none, "SAMPLE", "Sam", "2017-09-12", "male",
                             "ZZ99 4WX", FALSE, NULL);

  cpis_test_hub_add_patient (hub, children->ended_active, "EXAMPLE", "Jamie", "2014-03-04",
                             "male", "ZZ99 5YZ", FALSE, NULL);
  cpis_test_hub_add_named_plan (hub, children->ended_active, "CPP", "2024-02-01", ended, NULL,
                                "LA2", "Jamie EXAMPLE", "2014-03-04");
  cpis_test_hub_add_named_plan (hub, children->ended_active, "LAC", "2025-05-06", NULL, NULL,
                                "LA1", "Jamie EXAMPLE", "2014-03-04");

  cpis_test_hub_add_patient (hub, children->ended_only, "FORMER", "Robin", "2013-08-09",
                             "female", "ZZ99 8EF", FALSE, NULL);
  cpis_test_hub_add_named_plan (hub, children->ended_only, "CPP", "2024-06-01", ended_recently,
                                NULL, "LA2", "Robin FORMER", "2013-08-09");

  cpis_test_hub_add_patient (hub, children->mother, "MOTHER", "Jo", "1995-02-03", "female",
                             "ZZ99 6AB", FALSE, NULL);
  cpis_test_hub_add_named_plan (hub, children->mother, "UCPP", "2026-05-01", NULL, due, "LA1",
                                "Jo MOTHER", "1995-02-03");

  cpis_test_hub_add_patient (hub, children->name_differs, "NEWNAME", "Casey", "2016-07-08",
                             "female", "ZZ99 7CD", FALSE, NULL);
  cpis_test_hub_add_named_plan (hub, children->name_differs, "CPP", "2025-03-01", NULL, NULL,
                                "LA1", "Casey OLDNAME", "2016-07-08");

  cpis_test_hub_add_patient (hub, children->born_differs, "DATED", "Robin", "2016-07-08",
                             "male", "ZZ99 8EF", FALSE, NULL);
  cpis_test_hub_add_named_plan (hub, children->born_differs, "CPP", "2025-03-01", NULL, NULL,
                                "LA1", "Robin DATED", "2016-08-07");

  cpis_test_hub_add_patient (hub, children->restricted, "HIDDEN", "Kit", "2013-01-02", "other",
                             "ZZ99 9GH", TRUE, NULL);
  cpis_test_hub_add_named_plan (hub, children->restricted, "LAC", "2024-01-01", NULL, NULL, "LA1",
                                "Kit HIDDEN", "2013-01-02");

  cpis_test_hub_add_patient (hub, children->current, "RENAMED", "Lee", "2018-11-12", "female",
                             "ZZ99 1JK", FALSE, NULL);
  cpis_test_hub_add_patient (hub, children->superseded, "RENAMED", "Lee", "2018-11-12", "female",
                             "ZZ99 1JK", FALSE, children->current);
  cpis_test_hub_add_named_plan (hub, children->current, "CPP", "2025-09-01", NULL, NULL, "LA1",
                                "Lee RENAMED", "2018-11-12");

  cpis_test_hub_add_named_plan (hub, children->unknown, "CPP", "2025-09-01", NULL, NULL, "LA1",
                                "Nico NOBODY", "2019-01-01");

  cpis_test_hub_add_patient (hub, children->twin_a, "TWIN", "Ash", "2020-02-02", "male",
                             "ZZ99 2LM", FALSE, NULL);
  cpis_test_hub_add_patient (hub, children->twin_b, "TWIN", "Bo", "2020-02-02", "male",
                             "ZZ99 2LM", FALSE, NULL);

  return hub;
}

static void
open_view (CpisTestClinician *fixture,
           CpisTestHub       *hub,
           int                width,
           int                height)
{
  cpis_test_clinician_open (fixture, cpis_test_hub_sign_in_client (hub, "nurse", PASSWORD),
                            width, height);
}

static GtkWidget *
banner_of (CpisTestClinician *fixture)
{
  return GTK_WIDGET (_cpis_clinician_view_get_banner (fixture->view));
}

/* The cards on screen, in order, in the view's box called @box_name */
static GPtrArray *
cards_in (CpisTestClinician *fixture,
          const char        *box_name)
{
  GtkWidget *box = cpis_test_ui_template_child (fixture->view, CPIS_TYPE_CLINICIAN_VIEW, box_name);
  GPtrArray *cards = g_ptr_array_new ();

  cpis_test_ui_collect_widgets_of_type (box, CPIS_TYPE_ALERT_CARD, cards);
  return cards;
}

static void
assert_no_answer_on_screen (CpisTestClinician *fixture)
{
  GtkWidget *main_box = cpis_test_ui_template_child (fixture->view, CPIS_TYPE_CLINICIAN_VIEW,
                                                     "main_box");

  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture->view), ==, "ready");
  g_assert_null (_cpis_clinician_view_get_result (fixture->view));
  g_assert_null (cpis_test_ui_find_mapped_widget_of_type (main_box, CPIS_TYPE_ALERT_CARD));
  g_assert_false (gtk_widget_get_mapped (banner_of (fixture)));
  cpis_test_ui_assert_does_not_show (main_box, "No CP-IS record");
  cpis_test_ui_assert_does_not_show (main_box, CPIS_TEXT_COULD_NOT_BE_CHECKED);
}

/* Types @text into the field one character at a time where the cursor is,
 * replacing any selection, as a keyboard or scanner does */
static void
type_keys (GtkEntry   *entry,
           const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      int position;

      gtk_editable_delete_selection (GTK_EDITABLE (entry));
      position = gtk_editable_get_position (GTK_EDITABLE (entry));
      gtk_editable_insert_text (GTK_EDITABLE (entry), p, 1, &position);
      gtk_editable_set_position (GTK_EDITABLE (entry), position);
    }
}

/* The next character typed or scanned replaces the whole number. (The
 * field also selects it to show that, but a selection can be lost under
 * X11, so the replacing does not rest on it, and neither does this.) */
static void
assert_next_scan_replaces (CpisTestClinician *fixture)
{
  g_assert_true (_cpis_nhs_number_entry_get_replaces_input (_cpis_clinician_view_get_entry (fixture->view)));
}

/* A key as the entry's own key controller sees it first: TRUE if it
 * stopped there */
static gboolean
press_entry_key (GtkWidget *inner_entry,
                 guint      keyval)
{
  return cpis_test_ui_press_key (inner_entry, "cpis-scanner-tab", keyval, 0);
}

/* Hazard 1: a stale result under a new number */

/* The next child scanned without clearing the field: twenty digits. The first
 * child's alert must leave the screen at the first digit, and nothing is sent */
static void
test_stale_appended_scan (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  gint64 accesses;

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.cpp);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  assert_next_scan_replaces (&fixture);
  accesses = cpis_test_hub_count_accesses (hub, children.cpp);

  /* the nurse pressed End in the field: the scanner's digits land after
   * the old number */
  press_entry_key (GTK_WIDGET (fixture.entry), GDK_KEY_End);
  gtk_editable_set_position (GTK_EDITABLE (fixture.entry), -1);
  type_keys (fixture.entry, "9");
  assert_no_answer_on_screen (&fixture);
  type_keys (fixture.entry, children.none + 1);
  g_signal_emit_by_name (fixture.entry, "activate");
  cpis_test_clinician_settle ();

  /* twenty digits: refused, and still no answer on screen */
  assert_no_answer_on_screen (&fixture);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), "20");
  g_assert_cmpint (cpis_test_hub_count_accesses (hub, children.cpp), ==, accesses);
  g_assert_cmpint (cpis_test_hub_count_accesses (hub, children.none), ==, 0);

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* After an answer the number is selected: the next scan replaces it, the
 * old answer goes at the first digit, and the new child gets their own */
static void
test_stale_replacing_scan (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  g_autofree char *title = NULL;
  g_autofree char *formatted = NULL;

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.cpp);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  assert_next_scan_replaces (&fixture);

  /* even with the selection lost meanwhile, as a late X11 SelectionClear
   * loses it, and the cursor at the end */
  gtk_editable_select_region (GTK_EDITABLE (fixture.entry), -1, -1);
  type_keys (fixture.entry, "9");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture.entry)), ==, "9");
  assert_no_answer_on_screen (&fixture);

  type_keys (fixture.entry, children.none + 1);
  g_signal_emit_by_name (fixture.entry, "activate");
  cpis_test_ui_iterate_until (cpis_test_clinician_check_done, &fixture);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "no-record");
  formatted = cpis_nhs_number_format_unbroken (children.none);
  title = g_strdup_printf (CPIS_TEXT_NO_RECORD_TITLE_FMT, formatted);
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), title);
  g_assert_cmpstr (cpis_check_result_get_nhs_number (_cpis_clinician_view_get_result (fixture.view)),
                   ==, children.none);
  assert_next_scan_replaces (&fixture);

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* Editing the number by hand (one digit deleted) takes the answer away too;
 * spaces and dashes around the same digits do not */
static void
test_stale_edited_by_hand (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  g_autofree char *spaced = NULL;

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.cpp);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");

  /* after the answer the field reads as the banner does */
  spaced = cpis_nhs_number_format (children.cpp);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture.entry)), ==, spaced);

  /* spaces taken out (Delete pressed, as a person does), a dash put in:
   * the same number, the answer stays */
  press_entry_key (GTK_WIDGET (fixture.entry), GDK_KEY_Delete);
  gtk_editable_delete_text (GTK_EDITABLE (fixture.entry), 7, 8);
  gtk_editable_delete_text (GTK_EDITABLE (fixture.entry), 3, 4);
  gtk_editable_set_position (GTK_EDITABLE (fixture.entry), 3);
  type_keys (fixture.entry, "-");
  g_assert_cmpuint (strlen (gtk_editable_get_text (GTK_EDITABLE (fixture.entry))), ==, 11);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");

  /* one digit gone */
  gtk_editable_delete_text (GTK_EDITABLE (fixture.entry), 10, 11);
  assert_no_answer_on_screen (&fixture);

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* A scan that arrives while a check is in flight cancels it: its answer,
 * when it comes, is never shown under the new number, nor kept */
static void
test_stale_scan_during_check (void)
{
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  CpisTestClinician fixture = { 0, };
  g_autofree char *first = cpis_test_nhs_number (720010);
  g_autofree char *second = cpis_test_nhs_number (720020);

  cpis_test_clinician_open (&fixture, cpis_fake_hub_sign_in (fake), 1200, 900);

  fake->care_team_mode = CPIS_FAKE_SILENT;
  cpis_test_clinician_type_and_enter (&fixture, first);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "checking");
  cpis_fake_hub_wait_for_paused (fake, 1);

  /* the next child, scanned over the first mid-check: the scan replaces
   * the number */
  assert_next_scan_replaces (&fixture);
  type_keys (fixture.entry, "9");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture.entry)), ==, "9");
  assert_no_answer_on_screen (&fixture);

  /* the first child's answer arrives now: a plan, which must not appear */
  cpis_fake_hub_release (fake, CPIS_FAKE_OK);
  cpis_test_clinician_settle ();
  assert_no_answer_on_screen (&fixture);

  /* the recent checks keep it as stopped, not as its answer: the hub may
   * have recorded it */
  {
    GListModel *checks = cpis_session_store_get_checks (fixture.store);
    g_autoptr(CpisCheckResult) stopped = g_list_model_get_item (checks, 0);
    GtkWidget *recent = GTK_WIDGET (_cpis_clinician_view_get_recent_list (fixture.view));

    g_assert_cmpuint (g_list_model_get_n_items (checks), ==, 1);
    g_assert_cmpstr (cpis_check_result_get_nhs_number (stopped), ==, first);
    g_assert_cmpint (cpis_check_result_get_outcome (stopped), ==, CPIS_CHECK_OUTCOME_FAILED);
    g_assert_error (cpis_check_result_get_error (stopped), G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_plans (stopped)), ==, 0);
    cpis_test_ui_assert_shows (recent, "Stopped before the answer");
  }

  /* the second child is checked and answered as itself */
  fake->care_team_mode = CPIS_FAKE_NO_RECORD;
  type_keys (fixture.entry, second + 1);
  g_signal_emit_by_name (fixture.entry, "activate");
  cpis_test_ui_iterate_until (cpis_test_clinician_check_done, &fixture);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "no-record");
  g_assert_cmpstr (cpis_check_result_get_nhs_number (_cpis_clinician_view_get_result (fixture.view)),
                   ==, second);
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), CPIS_FAKE_EMERGENCY);

  cpis_test_clinician_close (&fixture);
}

/* Hazard 2: an ended plan that looks active */

static void
test_ended_after_active (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) ended = NULL;
  g_autofree char *end = days_from_today (-100);
  g_autofree char *end_words = cpis_date_format_uk (end);
  g_autofree char *ended_text = g_strdup_printf ("Ended %s", end_words);
  GtkWidget *sidebar;

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.ended_active);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");

  /* the active plan first, in full, with its council's numbers */
  active = cards_in (&fixture, "alerts_box");
  g_assert_cmpuint (active->len, ==, 1);
  g_assert_false (cpis_alert_card_get_ended (active->pdata[0]));
  g_assert_true (gtk_widget_has_css_class (active->pdata[0], "lac"));
  cpis_test_ui_assert_shows (active->pdata[0], LA1);
  g_assert_nonnull (cpis_test_ui_find_button_with_tooltip (active->pdata[0], LA1_EMERGENCY_NAME));

  /* the ended one below, muted, one line, its council's numbers not shown */
  ended = cards_in (&fixture, "ended_cards_box");
  g_assert_cmpuint (ended->len, ==, 1);
  g_assert_true (cpis_alert_card_get_ended (ended->pdata[0]));
  g_assert_false (cpis_alert_card_get_expanded (ended->pdata[0]));
  g_assert_true (gtk_widget_has_css_class (ended->pdata[0], "ended"));
  cpis_test_ui_assert_shows (ended->pdata[0], ended_text);
  cpis_test_ui_assert_shows (ended->pdata[0], LA2);
  cpis_test_ui_assert_does_not_show (ended->pdata[0], "Emergency duty team");

  /* the recent checks say which plan ended */
  sidebar = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW, "sidebar");
  cpis_test_ui_assert_shows (sidebar, "Looked after child, Child protection plan (ended)");
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "clinician-active-over-ended");

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* The active plan's council and emergency number on the first screen */

/* Whether @widget lies wholly inside @viewport (both on screen) */
static gboolean
inside (GtkWidget *widget,
        GtkWidget *viewport,
        GtkWidget *window)
{
  graphene_rect_t bounds, visible;

  if (!gtk_widget_compute_bounds (widget, window, &bounds) ||
      !gtk_widget_compute_bounds (viewport, window, &visible))
    return FALSE;

  g_test_message ("%g,%g %gx%g inside %g,%g %gx%g?", bounds.origin.x, bounds.origin.y,
                  bounds.size.width, bounds.size.height, visible.origin.x, visible.origin.y,
                  visible.size.width, visible.size.height);
  return bounds.size.width > 0 && bounds.size.height > 0 &&
         graphene_rect_contains_rect (&visible, &bounds);
}

/* A condition: the widget @data has been given its place on screen */
static gboolean
laid_out (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0 &&
         gtk_widget_get_height (data) > 0;
}

static void
assert_council_on_first_screen (int         width,
                                int         height,
                                double      text_scale,
                                const char *screenshot)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  GtkSettings *settings = gtk_settings_get_default ();
  g_autoptr(GPtrArray) active = NULL;
  GtkWidget *scroller;
  GtkWidget *emergency;
  GtkWidget *la;
  GtkWidget *copy;
  int dpi = 0;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * text_scale), NULL);

  open_view (&fixture, hub, width, height);
  cpis_test_clinician_check (&fixture, children.ended_active);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));

  scroller = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW, "found_scroller");
  active = cards_in (&fixture, "alerts_box");
  g_assert_cmpuint (active->len, ==, 1);
  la = cpis_test_ui_template_child (active->pdata[0], CPIS_TYPE_ALERT_CARD, "la_label");
  emergency = cpis_test_ui_template_child (active->pdata[0], CPIS_TYPE_ALERT_CARD, "emergency_label");
  copy = cpis_test_ui_template_child (active->pdata[0], CPIS_TYPE_ALERT_CARD, "copy_emergency_button");
  cpis_test_ui_iterate_until (laid_out, scroller);
  cpis_test_ui_iterate_until (laid_out, copy);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));

  /* the scroller at the top, the council, its number and the copy button
   * inside what is on screen */
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller))),
                     ==, 0);
  g_assert_true (inside (la, scroller, GTK_WIDGET (fixture.window)));
  g_assert_true (inside (emergency, scroller, GTK_WIDGET (fixture.window)));
  g_assert_true (inside (copy, scroller, GTK_WIDGET (fixture.window)));
  /* and the banner above it */
  g_assert_true (inside (banner_of (&fixture), GTK_WIDGET (fixture.window),
                         GTK_WIDGET (fixture.window)));
  if (screenshot != NULL)
    cpis_test_ui_save_screenshot (GTK_WIDGET (fixture.window), screenshot);

  cpis_test_clinician_close (&fixture);
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

static void
test_layout_800x600 (void)
{
  assert_council_on_first_screen (800, 600, 1.0, NULL);
}

/* An access to @nhs_number by @username, @days before now */
static void
add_access_days_ago (CpisTestHub *hub,
                     const char  *nhs_number,
                     const char  *username,
                     double       days)
{
  cpis_test_hub_add_access (hub, nhs_number, username,
                            g_get_real_time () - (gint64) (days * G_USEC_PER_SEC * 24 * 60 * 60));
}

/* The repeated-attendance hint on the first screen too, under the alert */
static void
test_layout_pattern_hint (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  GtkWidget *scroller;
  GtkWidget *hint;

  /* attended on each of the three days before: with this check, four */
  for (guint days = 1; days <= 3; days++)
    add_access_days_ago (hub, children.cpp, "nurse", days);

  open_view (&fixture, hub, 800, 600);
  cpis_test_clinician_check (&fixture, children.cpp);
  scroller = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW, "found_scroller");
  hint = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW, "pattern_box");
  cpis_test_ui_iterate_until (laid_out, hint);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));
  cpis_test_ui_assert_shows (hint, "Repeated attendance");
  g_assert_true (inside (hint, scroller, GTK_WIDGET (fixture.window)));
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "clinician-800x600");

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

static void
test_layout_large_text (void)
{
  assert_council_on_first_screen (1100, 760, 1.5, "clinician-large-text");
}

static void
test_layout_large_text_800x600 (void)
{
  assert_council_on_first_screen (800, 600, 1.5, NULL);
}

/* 360 px wide: the recent checks fold away behind a button, and the answer
 * stays readable */
static void
test_layout_narrow (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  AdwLeaflet *leaflet;
  GtkWidget *recent_button;
  int minimum = 0;

  open_view (&fixture, hub, 360, 720);
  leaflet = _cpis_clinician_view_get_leaflet (fixture.view);
  recent_button = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW, "recent_button");

  /* the view fits the width it was given */
  gtk_widget_measure (GTK_WIDGET (fixture.view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "main");
  g_assert_true (gtk_widget_get_mapped (recent_button));

  cpis_test_clinician_check (&fixture, children.cpp);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));
  /* an answer, its history table included, fits the width too */
  gtk_widget_measure (GTK_WIDGET (fixture.view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture.window)), <=, 360);
  {
    g_autoptr(GPtrArray) active = cards_in (&fixture, "alerts_box");
    GtkWidget *scroller = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW,
                                                       "found_scroller");

    g_assert_cmpuint (active->len, ==, 1);
    cpis_test_ui_iterate_until (laid_out, scroller);
    cpis_test_ui_iterate_until (laid_out, cpis_test_ui_template_child (active->pdata[0],
                                                                       CPIS_TYPE_ALERT_CARD,
                                                                       "emergency_label"));
    g_assert_true (inside (cpis_test_ui_template_child (active->pdata[0], CPIS_TYPE_ALERT_CARD,
                                                        "emergency_label"),
                           scroller, GTK_WIDGET (fixture.window)));
  }
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "clinician-narrow");

  /* the recent checks, one button away, and back */
  g_signal_emit_by_name (recent_button, "clicked");
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");
  g_signal_emit_by_name (_cpis_clinician_view_get_recent_list (fixture.view), "row-activated",
                         gtk_list_box_get_row_at_index (_cpis_clinician_view_get_recent_list (fixture.view), 0));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "main");
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");

  /* wide again: the list is back beside the check */
  gtk_window_set_default_size (fixture.window, 1200, 800);
  cpis_test_ui_iterate_until (cpis_test_ui_widget_mapped,
                              cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW,
                                                           "sidebar"));
  g_assert_false (adw_leaflet_get_folded (leaflet));

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* Hazard 3: no way to confirm the child's identity — the banner */

static void
test_banner_confirmed (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  g_autofree char *formatted = NULL;
  g_autofree char *number = NULL;
  GtkWidget *banner;
  GDate today;
  g_autofree char *age = NULL;
  g_autofree char *born = NULL;

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.cpp);
  banner = banner_of (&fixture);
  g_assert_true (gtk_widget_get_mapped (banner));

  cpis_date_today_uk (&today);
  age = cpis_patient_banner_format_age ("2015-06-01", &today);
  born = g_strdup_printf ("Born 1 June 2015 (%s)", age);
  formatted = cpis_nhs_number_format_unbroken (children.cpp);
  number = g_strdup_printf ("NHS number %s", formatted);
  cpis_test_ui_assert_shows (banner, "Alex TESTER");
  cpis_test_ui_assert_shows (banner, born);
  cpis_test_ui_assert_shows (banner, "Female");
  cpis_test_ui_assert_shows (banner, "ZZ99\u00a03VZ");
  cpis_test_ui_assert_shows (banner, number);
  g_assert_false (gtk_widget_get_mapped (cpis_test_ui_template_child (banner, CPIS_TYPE_PATIENT_BANNER,
                                                                      "warning_box")));
  /* all of it in the accessibility tree */
  gtk_test_accessible_assert_role (banner, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (banner, GTK_ACCESSIBLE_PROPERTY_LABEL, "Patient");
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "clinician-banner");

  /* above the no-record page too */
  cpis_test_clinician_check (&fixture, children.none);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "no-record");
  cpis_test_ui_assert_shows (banner, "Sam SAMPLE");
  cpis_test_ui_assert_shows (banner, "Male");
  cpis_test_ui_assert_shows (banner, "ZZ99\u00a04WX");

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

static void
assert_banner_warns (CpisTestClinician *fixture,
                     const char        *text)
{
  GtkWidget *banner = banner_of (fixture);
  GtkWidget *warning = cpis_test_ui_template_child (banner, CPIS_TYPE_PATIENT_BANNER, "warning_box");

  g_assert_true (gtk_widget_get_mapped (warning));
  cpis_test_ui_assert_shows (warning, text);
}

/* CP-IS names the child differently from the demographics: said plainly */
static void
test_banner_differences (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };

  open_view (&fixture, hub, 1200, 900);

  cpis_test_clinician_check (&fixture, children.name_differs);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  cpis_test_ui_assert_shows (banner_of (&fixture), "Casey NEWNAME");
  assert_banner_warns (&fixture, "CP-IS names this person “Casey OLDNAME”, but the demographics "
                                 "service gives the family name NEWNAME.");
  assert_banner_warns (&fixture, CPIS_TEXT_CONFIRM_IDENTITY);
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "clinician-name-differs");

  cpis_test_clinician_check (&fixture, children.born_differs);
  assert_banner_warns (&fixture, "CP-IS gives the date of birth 7 August 2016, but the "
                                 "demographics service gives 8 July 2016.");

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* A restricted record: the address withheld, never "unknown" */
static void
test_banner_restricted (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  GtkWidget *banner;

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.restricted);
  banner = banner_of (&fixture);
  cpis_test_ui_assert_shows (banner, "Kit HIDDEN");
  cpis_test_ui_assert_shows (banner, CPIS_TEXT_ADDRESS_WITHHELD);
  cpis_test_ui_assert_does_not_show (banner, "ZZ99 9GH");
  cpis_test_ui_assert_does_not_show (banner, "No postcode");

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* A superseded number: the banner says so and offers the current one, which
 * holds the plan */
static void
test_banner_superseded (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  g_autofree char *old = NULL;
  g_autofree char *current = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *button_label = NULL;
  GtkWidget *button;

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.superseded);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "no-record");

  old = cpis_nhs_number_format_unbroken (children.superseded);
  current = cpis_nhs_number_format_unbroken (children.current);
  sentence = g_strdup_printf (CPIS_TEXT_SUPERSEDED_FMT, old, current);
  assert_banner_warns (&fixture, sentence);
  button = cpis_test_ui_template_child (banner_of (&fixture), CPIS_TYPE_PATIENT_BANNER,
                                        "check_current_button");
  button_label = g_strdup_printf ("Check NHS number %s", current);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, button_label);
  /* the no-record page does not read as an answer about this child */
  {
    g_autofree char *warning = g_strdup_printf (CPIS_TEXT_NO_RECORD_SUPERSEDED_FMT, old, current);
    g_autofree char *title = g_strdup_printf (CPIS_TEXT_NUMBER_REPLACED_TITLE_FMT, current);
    g_autofree char *row_text = g_strdup_printf ("No record under this number: replaced by %s", current);
    GtkWidget *page = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW,
                                                   "no_record_page");

    g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, title);
    g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), ==, warning);
    cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), "This does not mean there are no");
    cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), "No CP-IS record for");
    /* and the recent checks say so too, not a calm "No record" */
    cpis_test_ui_assert_shows (GTK_WIDGET (_cpis_clinician_view_get_recent_list (fixture.view)), row_text);
  }
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "clinician-superseded");

  /* one press checks the current number, as typing it would */
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (cpis_nhs_number_entry_get_nhs_number (_cpis_clinician_view_get_entry (fixture.view)),
                   ==, children.current);
  cpis_test_ui_iterate_until (cpis_test_clinician_check_done, &fixture);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  g_assert_cmpint (cpis_test_hub_count_accesses (hub, children.current), ==, 1);

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* No demographics record for the number: check the number */
static void
test_banner_no_demographics_record (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  g_autofree char *formatted = NULL;
  g_autofree char *sentence = NULL;

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.unknown);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  formatted = cpis_nhs_number_format_unbroken (children.unknown);
  sentence = g_strdup_printf (CPIS_TEXT_NO_DEMOGRAPHICS_FMT, formatted);
  assert_banner_warns (&fixture, sentence);
  /* the CP-IS name, and that it is not confirmed */
  cpis_test_ui_assert_shows (banner_of (&fixture), "Nico NOBODY");
  cpis_test_ui_assert_shows (banner_of (&fixture), CPIS_TEXT_IDENTITY_NOT_CONFIRMED);
  /* the alert in full all the same */
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.view), LA1);

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* A hub without a demographics service, or one that fails: "could not
 * confirm", above every kind of answer, never in the answer's way */
static void
test_banner_could_not_confirm (void)
{
  const struct { CpisFakeMode patient; CpisFakeMode care_team; const char *state; const char *why; } cases[] = {
    { CPIS_FAKE_404, CPIS_FAKE_OK, "found", "no demographics service" },
    { CPIS_FAKE_500, CPIS_FAKE_OK, "found", "HTTP 500" },
    { CPIS_FAKE_500, CPIS_FAKE_NO_RECORD, "no-record", "HTTP 500" },
    { CPIS_FAKE_404, CPIS_FAKE_503, "failed", "no demographics service" },
  };
  g_autoptr(CpisFakeHub) fake = cpis_fake_hub_new ();
  CpisTestClinician fixture = { 0, };
  g_autofree char *number = cpis_test_nhs_number (730010);

  cpis_test_clinician_open (&fixture, cpis_fake_hub_sign_in (fake), 1200, 900);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("demographics %d, CareTeam %d", cases[i].patient, cases[i].care_team);
      fake->patient_mode = cases[i].patient;
      fake->care_team_mode = cases[i].care_team;
      gtk_editable_set_text (GTK_EDITABLE (fixture.entry), "");
      cpis_test_clinician_check (&fixture, number);
      g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, cases[i].state);
      assert_banner_warns (&fixture, "Who this is could not be confirmed");
      assert_banner_warns (&fixture, cases[i].why);
      cpis_test_ui_assert_shows (banner_of (&fixture), CPIS_TEXT_IDENTITY_NOT_CONFIRMED);
    }
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "clinician-could-not-confirm");

  cpis_test_clinician_close (&fixture);
}

/* Hazard 4: an unborn child's plan past its due date */
static void
test_ucpp_past_due (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  g_autofree char *due = days_from_today (-10);
  g_autofree char *due_words = cpis_date_format_uk (due);
  g_autofree char *past_due = g_strdup_printf (CPIS_TEXT_PAST_DUE_FMT, due_words);
  g_autoptr(GPtrArray) cards = NULL;
  GtkWidget *record;

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.mother);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");

  cards = cards_in (&fixture, "alerts_box");
  g_assert_cmpuint (cards->len, ==, 1);
  g_assert_true (gtk_widget_has_css_class (cards->pdata[0], "ucpp"));
  cpis_test_ui_assert_shows (cards->pdata[0], past_due);

  /* the banner: the mother's record, not "the child" */
  record = cpis_test_ui_template_child (banner_of (&fixture), CPIS_TYPE_PATIENT_BANNER, "record_label");
  g_assert_true (gtk_widget_get_mapped (record));
  cpis_test_ui_assert_shows (banner_of (&fixture), CPIS_TEXT_MOTHERS_RECORD);
  cpis_test_ui_assert_shows (banner_of (&fixture), "Jo MOTHER");
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "clinician-ucpp-past-due");

  /* a child's plan says nothing of the kind */
  cpis_test_clinician_check (&fixture, children.cpp);
  g_assert_false (gtk_widget_get_mapped (cpis_test_ui_template_child (banner_of (&fixture),
                                                                      CPIS_TYPE_PATIENT_BANNER,
                                                                      "record_label")));

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* Hazard 5: the history shown with a check always holds that check */
static void
test_history_holds_this_check (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };

  open_view (&fixture, hub, 1200, 900);

  for (guint i = 1; i <= 50; i++)
    {
      CpisCheckResult *result;
      GListModel *history;
      g_autoptr(CpisAccessEvent) newest = NULL;
      g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) a_second_ago = g_date_time_add_seconds (before, -1);

      gtk_editable_set_text (GTK_EDITABLE (fixture.entry), "");
      cpis_test_clinician_check (&fixture, children.cpp);
      result = _cpis_clinician_view_get_result (fixture.view);
      g_assert_cmpint (cpis_check_result_get_history_state (result), ==, CPIS_FETCH_DONE);
      history = cpis_check_result_get_access_history (result);

      /* as many as were recorded (the hub keeps the newest 25), the newest
       * being this one */
      g_assert_cmpint (cpis_test_hub_count_accesses (hub, children.cpp), ==, i);
      g_assert_cmpuint (g_list_model_get_n_items (history), ==, MIN (i, 25));
      newest = g_list_model_get_item (history, 0);
      g_assert_cmpint (g_date_time_compare (cpis_access_event_get_recorded (newest), a_second_ago),
                       >=, 0);
      cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), "No accesses");
    }

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* The hub records every check, re-checks too: a child scanned again and
 * again by one nurse is one attendance, never a repeated-attendance hint */
static void
test_pattern_rechecks (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  GtkWidget *hint;
  CpisCheckResult *result;

  /* seen once elsewhere ten days ago: no pattern before, nor after the
   * nurse has checked three times */
  cpis_test_hub_add_org (hub, "UTC2", "Southmoor Urgent Treatment Centre", "unscheduled-care",
                         "South");
  cpis_test_hub_add_user (hub, "utc-nurse", PASSWORD, "clinician", "UTC2");
  add_access_days_ago (hub, children.cpp, "utc-nurse", 10);

  open_view (&fixture, hub, 1200, 900);
  hint = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW, "pattern_box");
  for (guint i = 1; i <= 3; i++)
    {
      gtk_editable_set_text (GTK_EDITABLE (fixture.entry), "");
      cpis_test_clinician_check (&fixture, children.cpp);
      result = _cpis_clinician_view_get_result (fixture.view);
      g_assert_cmpint (cpis_check_result_get_history_state (result), ==, CPIS_FETCH_DONE);
      g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_access_history (result)),
                        ==, 1 + i);
      g_assert_false (gtk_widget_get_visible (hint));
      cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), "Repeated attendance");
    }

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* A history longer than the hub answers: the count is "at least", from the
 * oldest access it still answers, never "25 over 7 months" */
static void
test_pattern_partial_history (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  gint64 now_usec = g_get_real_time ();
  g_autoptr(GDateTime) oldest = NULL;
  g_autoptr(GDateTime) oldest_uk = NULL;
  g_autofree char *oldest_iso = NULL;
  g_autofree char *since = NULL;
  g_autofree char *expected = NULL;
  CpisCheckResult *result;
  GtkLabel *label;

  /* 30 earlier attendances, nine days apart: the hub answers the newest 24
   * and this check, the oldest of those 216 days ago */
  for (gint64 i = 1; i <= 30; i++)
    cpis_test_hub_add_access (hub, children.cpp, "nurse", now_usec - i * 9 * G_TIME_SPAN_DAY);
  oldest = g_date_time_new_from_unix_utc ((now_usec - 24 * 9 * G_TIME_SPAN_DAY) / G_USEC_PER_SEC);
  oldest_uk = g_date_time_to_timezone (oldest, cpis_date_uk_time_zone ());
  oldest_iso = g_date_time_format (oldest_uk, "%Y-%m-%d");
  since = cpis_date_format_uk (oldest_iso);
  expected = g_strdup_printf ("Repeated attendance: 4 attendances in the last 30 days. "
                              "Frequent attendance: at least 25 attendances since %s.", since);

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.cpp);
  result = _cpis_clinician_view_get_result (fixture.view);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_access_history (result)),
                    ==, 25);
  g_assert_true (cpis_check_result_get_history_partial (result));

  label = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW, "pattern_label");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
  g_assert_cmpstr (gtk_label_get_text (label), ==, expected);
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), "attendances over");

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* Barcode scanners that end with Tab */

static gint64 fake_now;

static gint64
fake_clock (void)
{
  return fake_now;
}

static gboolean
press_tab (GtkWidget *inner_entry)
{
  return press_entry_key (inner_entry, GDK_KEY_Tab);
}

/* Types @text a character every @gap_ms on the fake clock, then Tab after @tab_ms */
static gboolean
type_then_tab (CpisNhsNumberEntry *entry,
               const char         *text,
               guint               gap_ms,
               guint               tab_ms)
{
  GtkWidget *inner = cpis_test_ui_find_widget_of_type (GTK_WIDGET (entry), GTK_TYPE_ENTRY);

  cpis_nhs_number_entry_clear (entry);
  for (const char *p = text; *p != '\0'; p++)
    {
      int position = -1;

      fake_now += gap_ms * G_TIME_SPAN_MILLISECOND;
      gtk_editable_insert_text (GTK_EDITABLE (inner), p, 1, &position);
    }
  fake_now += tab_ms * G_TIME_SPAN_MILLISECOND;

  return press_tab (inner);
}

static void
count_submitted_cb (CpisNhsNumberEntry *entry,
                    const char         *nhs_number,
                    GPtrArray          *out)
{
  g_ptr_array_add (out, g_strdup (nhs_number));
}

static void
test_scanner_tab (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  CpisNhsNumberEntry *entry = CPIS_NHS_NUMBER_ENTRY (cpis_nhs_number_entry_new ());
  g_autoptr(GPtrArray) submitted = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *number = cpis_test_nhs_number (740010);
  GtkWidget *inner = cpis_test_ui_find_widget_of_type (GTK_WIDGET (entry), GTK_TYPE_ENTRY);
  int position = -1;

  gtk_window_set_child (window, GTK_WIDGET (entry));
  gtk_window_present (window);
  fake_now = G_TIME_SPAN_HOUR;
  _cpis_nhs_number_entry_set_clock (entry, fake_clock);
  g_signal_connect (entry, "submitted", G_CALLBACK (count_submitted_cb), submitted);

  /* off (the default): a Tab never checks, however fast */
  g_assert_false (type_then_tab (entry, number, 5, 5));
  g_assert_cmpuint (submitted->len, ==, 0);

  /* on: a scan ending with Tab checks the number, and the Tab goes no further */
  g_object_set (entry, "submit-on-scanned-tab", TRUE, NULL);
  g_assert_true (type_then_tab (entry, number, 5, 5));
  g_assert_cmpuint (submitted->len, ==, 1);
  g_assert_cmpstr (submitted->pdata[0], ==, number);

  /* a person typing, then Tab to move on: nothing sent, the focus moves */
  g_assert_false (type_then_tab (entry, number, 180, 300));
  /* ... even when fast, then a pause before the Tab */
  g_assert_false (type_then_tab (entry, number, 5, 400));
  /* ... or one slow key in the middle of a fast run */
  cpis_nhs_number_entry_clear (entry);
  for (guint i = 0; number[i] != '\0'; i++)
    {
      position = -1;
      fake_now += (i == 5 ? 300 : 5) * G_TIME_SPAN_MILLISECOND;
      gtk_editable_insert_text (GTK_EDITABLE (inner), number + i, 1, &position);
    }
  fake_now += 5 * G_TIME_SPAN_MILLISECOND;
  g_assert_false (press_tab (inner));
  /* ... or a paste */
  cpis_nhs_number_entry_clear (entry);
  position = -1;
  gtk_editable_insert_text (GTK_EDITABLE (inner), number, -1, &position);
  fake_now += 5 * G_TIME_SPAN_MILLISECOND;
  g_assert_false (press_tab (inner));
  g_assert_cmpuint (submitted->len, ==, 1);

  /* a scanned number that is not valid: Tab stops (as Enter would), nothing sent */
  g_assert_true (type_then_tab (entry, "9991234567", 5, 5));
  g_assert_cmpuint (submitted->len, ==, 1);
  g_assert_nonnull (cpis_nhs_number_entry_get_message (entry));

  gtk_window_destroy (window);
}

/* Keyboard: Shift+Tab leaves the number field, Tab reaches the recent
 * checks, and the focus never lands on something that cannot be seen or used */
static gboolean
is_real_control (GtkWidget *widget)
{
  return GTK_IS_TEXT (widget) || GTK_IS_BUTTON (widget) || GTK_IS_LABEL (widget) ||
         GTK_IS_LIST_BOX_ROW (widget) || GTK_IS_FLOW_BOX_CHILD (widget) || GTK_IS_SWITCH (widget) ||
         gtk_widget_get_ancestor (widget, CPIS_TYPE_ACCESS_TIMELINE) != NULL ||
         gtk_widget_get_ancestor (widget, GTK_TYPE_COLUMN_VIEW) != NULL;
}

/* Tab as the window handles it: the key to the recent checks' own key
 * controller (when the focus is in them), then the focus moved */
static gboolean
press_tab_in_window (CpisTestClinician *fixture,
                     GtkDirectionType   direction)
{
  GtkWidget *recent = GTK_WIDGET (_cpis_clinician_view_get_recent_list (fixture->view));
  GtkWidget *focus = gtk_window_get_focus (fixture->window);

  if (focus != NULL && gtk_widget_is_ancestor (focus, recent) &&
      cpis_test_ui_press_key (recent, "cpis-recent-tab",
                              direction == GTK_DIR_TAB_FORWARD ? GDK_KEY_Tab : GDK_KEY_ISO_Left_Tab,
                              direction == GTK_DIR_TAB_FORWARD ? 0 : GDK_SHIFT_MASK))
    return TRUE;

  return gtk_widget_child_focus (GTK_WIDGET (fixture->window), direction);
}

/* Tab round the window from the NHS number field back to it: every stop is
 * something on screen a person can use. Returns how many stops were in the
 * recent checks (one: the list is one stop, its rows reached by arrows). */
static guint
tab_round (CpisTestClinician *fixture)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *recent = GTK_WIDGET (_cpis_clinician_view_get_recent_list (fixture->view));
  guint in_recent = 0;

  gtk_test_widget_wait_for_draw (window);
  cpis_clinician_view_focus_search (fixture->view);
  for (guint i = 0; i < 100; i++)
    {
      GtkWidget *focus;
      graphene_rect_t bounds;

      g_assert_true (press_tab_in_window (fixture, GTK_DIR_TAB_FORWARD));
      focus = gtk_window_get_focus (fixture->window);
      g_assert_nonnull (focus);
      g_test_message ("focus %u: %s in %s", i, G_OBJECT_TYPE_NAME (focus),
                      G_OBJECT_TYPE_NAME (gtk_widget_get_parent (focus)));
      g_assert_true (gtk_widget_get_mapped (focus));
      g_assert_true (gtk_widget_compute_bounds (focus, window, &bounds));
      g_assert_cmpfloat (bounds.size.width, >, 0);
      g_assert_cmpfloat (bounds.size.height, >, 0);
      g_assert_true (is_real_control (focus));
      if (gtk_widget_is_ancestor (focus, recent))
        in_recent++;
      if (gtk_widget_is_ancestor (focus, GTK_WIDGET (fixture->entry)))
        return in_recent;
    }

  g_assert_not_reached ();
}

static void
test_keyboard (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  GtkWidget *window;

  open_view (&fixture, hub, 1200, 900);
  window = GTK_WIDGET (fixture.window);
  cpis_test_clinician_check (&fixture, children.cpp);
  cpis_test_clinician_check (&fixture, children.none);
  gtk_test_widget_wait_for_draw (window);

  /* Shift+Tab leaves the field (for the recent checks) */
  cpis_clinician_view_focus_search (fixture.view);
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_BACKWARD));
  g_assert_false (gtk_widget_is_ancestor (gtk_window_get_focus (fixture.window),
                                          GTK_WIDGET (fixture.entry)));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (fixture.window),
                                         GTK_WIDGET (_cpis_clinician_view_get_recent_list (fixture.view))));

  /* ... and Shift+Tab again leaves the list, whichever row it entered on */
  g_assert_true (press_tab_in_window (&fixture, GTK_DIR_TAB_BACKWARD));
  g_assert_false (gtk_widget_is_ancestor (gtk_window_get_focus (fixture.window),
                                          GTK_WIDGET (_cpis_clinician_view_get_recent_list (fixture.view))));

  /* round the window with Tab: on the no-record page, then with an alert;
   * the recent checks (two of them) are one stop */
  g_assert_cmpuint (tab_round (&fixture), ==, 1);
  g_signal_emit_by_name (_cpis_clinician_view_get_recent_list (fixture.view), "row-activated",
                         gtk_list_box_get_row_at_index (_cpis_clinician_view_get_recent_list (fixture.view), 1));
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  g_assert_cmpuint (tab_round (&fixture), ==, 1);

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* Finding a child without their NHS number */

static CpisFindChildDialog *
open_find_dialog (CpisTestClinician *fixture)
{
  GListModel *toplevels;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "clinician.find-child", NULL));
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CPIS_IS_FIND_CHILD_DIALOG (window))
        return CPIS_FIND_CHILD_DIALOG (window);
    }

  g_assert_not_reached ();
}

static gpointer
dialog_child (CpisFindChildDialog *dialog,
              const char          *name)
{
  return cpis_test_ui_template_child (dialog, CPIS_TYPE_FIND_CHILD_DIALOG, name);
}

static gboolean
search_finished (gpointer data)
{
  return gtk_widget_get_sensitive (dialog_child (data, "search_button"));
}

static void
search (CpisFindChildDialog *dialog,
        const char          *family,
        const char          *given,
        const char          *birth,
        guint                gender)   /* in the gender row: 1 female, 2 male */
{
  gtk_editable_set_text (dialog_child (dialog, "family_row"), family);
  gtk_editable_set_text (dialog_child (dialog, "given_row"), given);
  gtk_editable_set_text (dialog_child (dialog, "birth_row"), birth);
  adw_combo_row_set_selected (dialog_child (dialog, "gender_row"), gender);
  g_signal_emit_by_name (dialog_child (dialog, "search_button"), "clicked");
  cpis_test_ui_iterate_until (search_finished, dialog);
}

static void
test_find_child (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  CpisFindChildDialog *dialog;
  GtkLabel *message;
  GDate date;

  open_view (&fixture, hub, 1200, 900);
  dialog = open_find_dialog (&fixture);
  message = dialog_child (dialog, "message_label");

  /* dates as people write them; never half a date */
  g_assert_true (cpis_date_parse_typed ("1/6/2015", &date));
  g_assert_cmpint (g_date_get_month (&date), ==, 6);
  g_assert_true (cpis_date_parse_typed (" 01-06-2015 ", &date));
  g_assert_true (cpis_date_parse_typed ("2015-06-01", &date));
  g_assert_false (cpis_date_parse_typed ("6/2015", &date));
  g_assert_false (cpis_date_parse_typed ("1/6/15", &date));
  g_assert_false (cpis_date_parse_typed ("31/2/2015", &date));

  /* a partial name: refused with the reason */
  search (dialog, "Test*", "", "1/6/2015", 1);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (message)));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "whole name"));
  g_assert_false (gtk_widget_get_mapped (dialog_child (dialog, "match_box")));

  /* two who match: said, not guessed between */
  search (dialog, "twin", "", "2/2/2020", 2);
  g_assert_nonnull (strstr (gtk_label_get_text (message), "2 people match"));
  g_assert_false (gtk_widget_get_mapped (dialog_child (dialog, "match_box")));

  /* nobody */
  search (dialog, "Nobody", "", "2/2/2020", 2);
  g_assert_nonnull (strstr (gtk_label_get_text (message), "No one matches"));

  /* one: shown to confirm, then checked as if typed */
  search (dialog, "tester", "", "1/6/2015", 1);
  g_assert_true (gtk_widget_get_mapped (dialog_child (dialog, "match_box")));
  cpis_test_ui_assert_shows (dialog_child (dialog, "match_box"), "Alex TESTER");
  cpis_test_ui_assert_shows (dialog_child (dialog, "match_box"), "ZZ99 3VZ");
  cpis_test_ui_save_screenshot (GTK_WIDGET (dialog), "find-child");
  g_signal_emit_by_name (dialog_child (dialog, "check_button"), "clicked");
  cpis_test_ui_iterate_until (cpis_test_clinician_check_done, &fixture);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  g_assert_cmpstr (cpis_nhs_number_entry_get_nhs_number (_cpis_clinician_view_get_entry (fixture.view)),
                   ==, children.cpp);
  g_assert_cmpint (cpis_test_hub_count_accesses (hub, children.cpp), ==, 1);

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* Hazard 1 again: a scan that begins with the focus away from the field */

/* A key as the window delivers it to the view: TRUE if the view took it */
static gboolean
press_key_in_view (CpisTestClinician *fixture,
                   guint              keyval,
                   GdkModifierType    state)
{
  return cpis_test_ui_press_key (GTK_WIDGET (fixture->view), "cpis-typed-anywhere", keyval, state);
}

static gboolean
focus_in_field (CpisTestClinician *fixture)
{
  GtkWidget *focus = gtk_window_get_focus (fixture->window);

  return focus != NULL && (focus == GTK_WIDGET (fixture->entry) ||
                           gtk_widget_is_ancestor (focus, GTK_WIDGET (fixture->entry)));
}

/* Scans @nhs_number with the focus on @focus: the first digit as a key the
 * view sees, the rest typed where it then lands, then Enter; waits for the
 * answer */
static void
scan_with_focus_on (CpisTestClinician *fixture,
                    GtkWidget         *focus,
                    const char        *nhs_number)
{
  g_assert_true (gtk_widget_grab_focus (focus));
  g_assert_false (focus_in_field (fixture));

  g_assert_true (press_key_in_view (fixture, GDK_KEY_0 + (nhs_number[0] - '0'), 0));
  g_assert_true (focus_in_field (fixture));
  g_assert_cmpuint (strlen (gtk_editable_get_text (GTK_EDITABLE (fixture->entry))), ==, 1);
  /* the last child's answer is gone at the first digit */
  assert_no_answer_on_screen (fixture);

  type_keys (fixture->entry, nhs_number + 1);
  g_signal_emit_by_name (fixture->entry, "activate");
  cpis_test_ui_iterate_until (cpis_test_clinician_check_done, fixture);
  g_assert_cmpstr (cpis_check_result_get_nhs_number (_cpis_clinician_view_get_result (fixture->view)),
                   ==, nhs_number);
}

static GtkWidget *
recent_row_for (CpisTestClinician *fixture,
                const char        *nhs_number)
{
  GtkListBox *list = _cpis_clinician_view_get_recent_list (fixture->view);
  GListModel *checks = cpis_session_store_get_checks (fixture->store);

  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(CpisCheckResult) result = g_list_model_get_item (checks, i);

      if (g_strcmp0 (cpis_check_result_get_nhs_number (result), nhs_number) == 0)
        return GTK_WIDGET (gtk_list_box_get_row_at_index (list, (int) i));
    }

  g_assert_not_reached ();
}

static void
test_stale_scan_with_focus_elsewhere (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  GtkWidget *row;
  GtkWidget *earlier;
  g_autoptr(GPtrArray) cards = NULL;
  GtkButton *copy;

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.cpp);
  cpis_test_clinician_check (&fixture, children.none);

  /* a recent check opened again: said to be an earlier answer, not a check */
  row = recent_row_for (&fixture, children.cpp);
  g_signal_emit_by_name (_cpis_clinician_view_get_recent_list (fixture.view), "row-activated", row);
  cpis_test_clinician_settle ();
  g_assert_cmpstr (cpis_check_result_get_nhs_number (_cpis_clinician_view_get_result (fixture.view)),
                   ==, children.cpp);
  earlier = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW, "earlier_clamp");
  g_assert_true (gtk_widget_get_mapped (earlier));
  cpis_test_ui_assert_shows (earlier, "Earlier answer, checked at");
  cpis_test_ui_assert_shows (earlier, "CP-IS was not asked again.");

  /* the focus on that row, and the next child scanned: the scan reaches the
   * field, the earlier answer goes, the new child is checked */
  scan_with_focus_on (&fixture, row, children.ended_active);
  g_assert_false (gtk_widget_get_mapped (earlier));
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");

  /* a council's number copied, and the next child scanned */
  cards = cards_in (&fixture, "alerts_box");
  copy = cpis_test_ui_find_button_with_tooltip (cards->pdata[0], LA1_EMERGENCY_NAME);
  g_assert_nonnull (copy);
  scan_with_focus_on (&fixture, GTK_WIDGET (copy), children.none);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "no-record");
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), LA1);

  /* what is not a digit, or comes with Ctrl, or is typed in the field, is
   * left alone */
  g_assert_true (gtk_widget_grab_focus (recent_row_for (&fixture, children.cpp)));
  g_assert_false (press_key_in_view (&fixture, GDK_KEY_a, 0));
  g_assert_false (press_key_in_view (&fixture, GDK_KEY_5, GDK_CONTROL_MASK));
  g_assert_false (focus_in_field (&fixture));
  cpis_clinician_view_focus_search (fixture.view);
  g_assert_false (press_key_in_view (&fixture, GDK_KEY_5, 0));
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "no-record");

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* "Check Again" on an earlier answer asks the hub afresh */
static void
test_earlier_answer_check_again (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  GtkWidget *button;
  gint64 before;

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.cpp);
  cpis_test_clinician_check (&fixture, children.none);
  before = cpis_test_hub_count_accesses (hub, children.cpp);

  g_signal_emit_by_name (_cpis_clinician_view_get_recent_list (fixture.view), "row-activated",
                         recent_row_for (&fixture, children.cpp));
  cpis_test_clinician_settle ();
  /* shown from memory: nothing asked, nothing recorded */
  g_assert_cmpint (cpis_test_hub_count_accesses (hub, children.cpp), ==, before);

  button = cpis_test_ui_find_widget_of_type (cpis_test_ui_template_child (fixture.view,
                                                                         CPIS_TYPE_CLINICIAN_VIEW,
                                                                         "earlier_clamp"),
                                             GTK_TYPE_BUTTON);
  g_assert_true (gtk_widget_get_mapped (button));
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Check Again");
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "checking");
  cpis_test_ui_iterate_until (cpis_test_clinician_check_done, &fixture);

  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  g_assert_cmpint (cpis_test_hub_count_accesses (hub, children.cpp), ==, before + 1);
  g_assert_false (gtk_widget_get_mapped (cpis_test_ui_template_child (fixture.view,
                                                                      CPIS_TYPE_CLINICIAN_VIEW,
                                                                      "earlier_clamp")));
  g_assert_true (focus_in_field (&fixture));
  assert_next_scan_replaces (&fixture);

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* Hazard 2 again: a plan that ended three weeks ago, and nothing active. It
 * is the answer: first, headed as such, its council's numbers in view, and
 * no word of "an active plan above" */
static void
test_ended_only (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  g_autoptr(GPtrArray) ended = NULL;
  GtkWidget *ended_box, *access_box, *heading, *caption, *icon;
  graphene_rect_t ended_bounds, access_bounds;

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.ended_only);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  g_assert_cmpuint (cards_in (&fixture, "alerts_box")->len, ==, 0);

  ended_box = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW, "ended_box");
  access_box = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW, "access_box");
  heading = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW, "ended_heading");
  caption = cpis_test_ui_template_child (fixture.view, CPIS_TYPE_CLINICIAN_VIEW, "ended_caption");
  g_assert_true (gtk_widget_get_mapped (ended_box));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (heading)), ==, CPIS_TEXT_NO_ACTIVE_PLAN);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (caption)), ==, CPIS_TEXT_ENDED_ONLY);
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.view), "active plan above");

  /* above the note of what was recorded, not below it */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_true (gtk_widget_compute_bounds (ended_box, GTK_WIDGET (fixture.window), &ended_bounds));
  g_assert_true (gtk_widget_compute_bounds (access_box, GTK_WIDGET (fixture.window), &access_bounds));
  g_assert_cmpfloat (ended_bounds.origin.y, <, access_bounds.origin.y);

  /* unfolded: the council and its numbers on screen */
  ended = cards_in (&fixture, "ended_cards_box");
  g_assert_cmpuint (ended->len, ==, 1);
  g_assert_true (cpis_alert_card_get_expanded (ended->pdata[0]));
  cpis_test_ui_assert_shows (ended->pdata[0], LA2);
  cpis_test_ui_assert_shows (ended->pdata[0], "Emergency duty team");
  g_assert_nonnull (cpis_test_ui_find_mapped_widget_of_type (ended->pdata[0], GTK_TYPE_BUTTON));

  /* the recent checks: muted, not the red of a plan in force */
  icon = cpis_test_ui_find_widget_of_type (recent_row_for (&fixture, children.ended_only), GTK_TYPE_IMAGE);
  g_assert_false (gtk_widget_has_css_class (icon, "cpis-recent-found"));
  cpis_test_ui_assert_shows (recent_row_for (&fixture, children.ended_only),
                             "Child protection plan (ended)");
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "clinician-ended-only");

  /* with an active plan as well, the ended one is a footnote again */
  cpis_test_clinician_check (&fixture, children.ended_active);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (heading)), ==, "Ended plans");
  cpis_test_ui_assert_shows (caption, "active plan above");
  g_clear_pointer (&ended, g_ptr_array_unref);
  ended = cards_in (&fixture, "ended_cards_box");
  g_assert_false (cpis_alert_card_get_expanded (ended->pdata[0]));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_true (gtk_widget_compute_bounds (ended_box, GTK_WIDGET (fixture.window), &ended_bounds));
  g_assert_true (gtk_widget_compute_bounds (access_box, GTK_WIDGET (fixture.window), &access_bounds));
  g_assert_cmpfloat (ended_bounds.origin.y, >, access_bounds.origin.y);
  icon = cpis_test_ui_find_widget_of_type (recent_row_for (&fixture, children.ended_active), GTK_TYPE_IMAGE);
  g_assert_true (gtk_widget_has_css_class (icon, "cpis-recent-found"));

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* The relative luminance of @rgba (WCAG 2) */
static double
luminance (const GdkRGBA *rgba)
{
  double channels[3] = { rgba->red, rgba->green, rgba->blue };

  for (guint i = 0; i < 3; i++)
    channels[i] = channels[i] <= 0.03928 ? channels[i] / 12.92
                                         : pow ((channels[i] + 0.055) / 1.055, 2.4);

  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

static double
contrast (const GdkRGBA *a,
          const GdkRGBA *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* "Mother's record" readable in the light and the dark style (4.5:1
 * against the window's background in each; the banner's tint is faint) */
static void
test_mothers_record_contrast (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GtkCssProvider) dark = gtk_css_provider_new ();
  const GdkRGBA light_background = { 0xfa / 255.0, 0xfa / 255.0, 0xfa / 255.0, 1 };
  const GdkRGBA dark_background = { 0x24 / 255.0, 0x24 / 255.0, 0x24 / 255.0, 1 };
  GtkWidget *record;
  GdkRGBA colour;

  open_view (&fixture, hub, 1200, 900);
  cpis_test_clinician_check (&fixture, children.mother);
  record = cpis_test_ui_template_child (banner_of (&fixture), CPIS_TYPE_PATIENT_BANNER, "record_label");
  g_assert_true (gtk_widget_get_mapped (record));

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (record), &colour);
  g_assert_cmpfloat (contrast (&colour, &light_background), >=, 4.5);

  /* the dark style, with the dark style sheet AdwApplication would add */
  gtk_css_provider_load_from_resource (dark, "/io/github/cpisdesktop/CpisDesktop/style-dark.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (dark),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));
  gtk_style_context_get_color (gtk_widget_get_style_context (record), &colour);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_cmpfloat (contrast (&colour, &dark_background), >=, 4.5);
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "clinician-ucpp-dark");

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (dark));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* no animations: what a test sees is where things end up */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/cpisdesktop/CpisDesktop/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/clinician-safety/stale/appended-scan", test_stale_appended_scan);
  g_test_add_func ("/clinician-safety/stale/replacing-scan", test_stale_replacing_scan);
  g_test_add_func ("/clinician-safety/stale/edited-by-hand", test_stale_edited_by_hand);
  g_test_add_func ("/clinician-safety/stale/scan-during-check", test_stale_scan_during_check);
  g_test_add_func ("/clinician-safety/stale/scan-with-focus-elsewhere", test_stale_scan_with_focus_elsewhere);
  g_test_add_func ("/clinician-safety/earlier-answer/check-again", test_earlier_answer_check_again);
  g_test_add_func ("/clinician-safety/ended-after-active", test_ended_after_active);
  g_test_add_func ("/clinician-safety/ended-only", test_ended_only);
  g_test_add_func ("/clinician-safety/mothers-record-contrast", test_mothers_record_contrast);
  g_test_add_func ("/clinician-safety/layout/800x600", test_layout_800x600);
  g_test_add_func ("/clinician-safety/layout/pattern-hint", test_layout_pattern_hint);
  g_test_add_func ("/clinician-safety/layout/large-text", test_layout_large_text);
  g_test_add_func ("/clinician-safety/layout/large-text-800x600", test_layout_large_text_800x600);
  g_test_add_func ("/clinician-safety/layout/narrow", test_layout_narrow);
  g_test_add_func ("/clinician-safety/banner/confirmed", test_banner_confirmed);
  g_test_add_func ("/clinician-safety/banner/differences", test_banner_differences);
  g_test_add_func ("/clinician-safety/banner/restricted", test_banner_restricted);
  g_test_add_func ("/clinician-safety/banner/superseded", test_banner_superseded);
  g_test_add_func ("/clinician-safety/banner/no-demographics-record", test_banner_no_demographics_record);
  g_test_add_func ("/clinician-safety/banner/could-not-confirm", test_banner_could_not_confirm);
  g_test_add_func ("/clinician-safety/ucpp-past-due", test_ucpp_past_due);
  g_test_add_func ("/clinician-safety/history-holds-this-check", test_history_holds_this_check);
  g_test_add_func ("/clinician-safety/pattern/rechecks", test_pattern_rechecks);
  g_test_add_func ("/clinician-safety/pattern/partial-history", test_pattern_partial_history);
  g_test_add_func ("/clinician-safety/scanner-tab", test_scanner_tab);
  g_test_add_func ("/clinician-safety/keyboard", test_keyboard);
  g_test_add_func ("/clinician-safety/find-child", test_find_child);

  return g_test_run ();
}
