/* test-access-widgets.c: the access history list and the access timeline
 *
 * Runs under Xvfb. Builds synthetic accesses in code, shows both widgets in a
 * window and checks what a sighted user and a screen-reader user each get.
 * With CPIS_SCREENSHOT_DIR set, saves PNGs of the widgets there.
 */
#include <adwaita.h>
#include <gtk/gtk.h>

#include "cpis-access-event.h"
#include "cpis-access-history-list.h"
#include "cpis-access-timeline.h"
#include "cpis-test-access-history.h"
#include "cpis-test-ui.h"

#define HISTORY_SUMMARY \
  "7 accesses from 3 organisations between 1 Sep and 25 Nov 2026: " \
  "4 at Northgate General ED, 2 at Southfield Walk-in Centre and 1 at Eastbrook Minor Injuries Unit."

/* 25 accesses from 25 organisations, one every four days back from now */
static GListStore *
make_many_store (GDateTime *now)
{
  GListStore *store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);

  for (guint i = 0; i < 25; i++)
    {
      g_autoptr(GDateTime) when = g_date_time_add_hours (now, -(int) (i * 4 * 24 + 5));
      g_autofree char *iso = g_date_time_format_iso8601 (when);
      g_autofree char *organisation = g_strdup_printf ("Synthetic Urgent Treatment Centre %02u", i + 1);
      g_autofree char *code = g_strdup_printf ("RZ%03u", i + 1);
      g_autofree char *viewer = g_strdup_printf ("Test Viewer %02u", i + 1);
      CpisTestAccessSpec spec = { iso, organisation, code, viewer, "Staff nurse", NULL };
      g_autoptr(CpisAccessEvent) event = cpis_test_access_event_new (&spec, i);

      g_list_store_append (store, event);
    }

  return store;
}

/* Texts on screen, as cpis_test_ui_collect_label_texts() gives them */

static int
find_text (GPtrArray  *texts,
           const char *text)
{
  int found = -1;

  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      {
        g_assert_cmpint (found, ==, -1);  /* exactly once */
        found = (int) i;
      }

  return found;
}

static guint
count_text (GPtrArray  *texts,
            const char *text)
{
  guint count = 0;

  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      count++;

  return count;
}

/* The history list */

static void
test_list_rows (void)
{
  g_autoptr(GListStore) store = cpis_test_access_store_new (cpis_test_access_history, CPIS_TEST_ACCESS_HISTORY_LENGTH);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *list = cpis_access_history_list_new ();
  GtkWidget *window;
  GtkWidget *column_view;
  GListModel *shown;
  int previous = -1;

  cpis_access_history_list_set_model (CPIS_ACCESS_HISTORY_LIST (list), G_LIST_MODEL (store));
  g_assert_true (cpis_access_history_list_get_model (CPIS_ACCESS_HISTORY_LIST (list)) == G_LIST_MODEL (store));
  window = cpis_test_ui_show_in_window (list, 900);

  column_view = cpis_test_ui_find_widget_of_type (list, GTK_TYPE_COLUMN_VIEW);
  g_assert_nonnull (column_view);
  g_assert_true (gtk_widget_get_mapped (column_view));
  gtk_test_accessible_assert_property (column_view, GTK_ACCESSIBLE_PROPERTY_LABEL, "Access history");

  /* The column view shows the model as given, one row per access */
  shown = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view)));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, CPIS_TEST_ACCESS_HISTORY_LENGTH);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view))), ==, 4);

  cpis_test_ui_collect_label_texts (list, texts);
  g_assert_cmpint (find_text (texts, "Date and time"), >=, 0);
  g_assert_cmpint (find_text (texts, "Organisation"), >=, 0);
  g_assert_cmpint (find_text (texts, "Viewer"), >=, 0);
  g_assert_cmpint (find_text (texts, "Role"), >=, 0);
  g_assert_cmpint (find_text (texts, "No earlier accesses recorded"), ==, -1);

  /* Every row on screen, newest first, in UK time, with its organisation, viewer and role */
  for (guint i = 0; i < CPIS_TEST_ACCESS_HISTORY_LENGTH; i++)
    {
      int at = find_text (texts, cpis_test_access_history[i].shown_time);

      g_assert_cmpint (at, >, previous);
      g_assert_cmpstr (g_ptr_array_index (texts, at + 1), ==, cpis_test_access_history[i].organisation);
      g_assert_cmpstr (g_ptr_array_index (texts, at + 2), ==, cpis_test_access_history[i].viewer);
      g_assert_cmpstr (g_ptr_array_index (texts, at + 3), ==, cpis_test_access_history[i].role);
      previous = at;
    }
  g_assert_cmpuint (count_text (texts, "Northgate General ED"), ==, 4);
  g_assert_cmpuint (count_text (texts, "Southfield Walk-in Centre"), ==, 2);

  /* Each row's text is in the accessibility tree: labels name themselves */
  {
    GtkWidget *label = NULL;

    for (GtkWidget *w = gtk_widget_get_first_child (column_view); w != NULL && label == NULL;
         w = gtk_widget_get_next_sibling (w))
      label = cpis_test_ui_find_widget_of_type (w, GTK_TYPE_LABEL);
    g_assert_nonnull (label);
    g_assert_true (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (label)) == GTK_ACCESSIBLE_ROLE_LABEL);
  }

  cpis_test_ui_save_screenshot (list, "access-history-list");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_list_empty (void)
{
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CpisAccessEvent) event = cpis_test_access_event_new (&cpis_test_access_history[0], 0);
  GtkWidget *list = cpis_access_history_list_new ();
  GtkWidget *window;
  GtkWidget *column_view;

  cpis_access_history_list_set_model (CPIS_ACCESS_HISTORY_LIST (list), G_LIST_MODEL (store));
  window = cpis_test_ui_show_in_window (list, 600);

  column_view = cpis_test_ui_find_widget_of_type (list, GTK_TYPE_COLUMN_VIEW);
  g_assert_false (gtk_widget_get_mapped (column_view));
  cpis_test_ui_collect_label_texts (list, texts);
  g_assert_cmpuint (texts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (texts, 0), ==, "No earlier accesses recorded");
  cpis_test_ui_save_screenshot (list, "access-history-list-empty");

  /* An access arrives: the list replaces the empty state */
  g_list_store_append (store, event);
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (gtk_widget_get_mapped (column_view));
  cpis_test_ui_collect_label_texts (list, after);
  g_assert_cmpint (find_text (after, "No earlier accesses recorded"), ==, -1);
  g_assert_cmpint (find_text (after, cpis_test_access_history[0].shown_time), >=, 0);

  /* No model at all is the empty state too */
  cpis_access_history_list_set_model (CPIS_ACCESS_HISTORY_LIST (list), NULL);
  gtk_test_widget_wait_for_draw (window);
  g_assert_false (gtk_widget_get_mapped (column_view));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_list_without_role (void)
{
  static const CpisTestAccessSpec no_role[] = {
    { "2026-07-04T08:00:00Z", NULL, NULL, NULL, NULL, "Sat 4 Jul 2026, 09:00" },
  };
  g_autoptr(GListStore) store = cpis_test_access_store_new (no_role, G_N_ELEMENTS (no_role));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *list = cpis_access_history_list_new ();
  GtkWidget *window;
  int at;

  g_object_set (list, "model", store, NULL);
  window = cpis_test_ui_show_in_window (list, 600);

  cpis_test_ui_collect_label_texts (list, texts);
  at = find_text (texts, no_role[0].shown_time);
  g_assert_cmpint (at, >=, 0);
  g_assert_cmpstr (g_ptr_array_index (texts, at + 1), ==, "Organisation not given");
  g_assert_cmpstr (g_ptr_array_index (texts, at + 2), ==, "Name not given");
  g_assert_cmpstr (g_ptr_array_index (texts, at + 3), ==, "Role not given");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The timeline */

static void
assert_description (GtkWidget  *timeline,
                    const char *summary,
                    const char *selected)
{
  g_autofree char *expected = NULL;

  if (selected != NULL)
    expected = g_strdup_printf ("%s Selected: %s.", summary, selected);
  else
    expected = g_strdup (summary);

  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
}

static void
activate (GtkWidget  *timeline,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (timeline, action, NULL));
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_timeline_keyboard (void)
{
  g_autoptr(GListStore) store = cpis_test_access_store_new (cpis_test_access_history, CPIS_TEST_ACCESS_HISTORY_LENGTH);
  GtkWidget *timeline = cpis_test_access_timeline_new (store);
  CpisAccessTimeline *self = CPIS_ACCESS_TIMELINE (timeline);
  GtkWidget *window;
  guint notified = 0;

  g_assert_true (cpis_access_timeline_get_model (self) == G_LIST_MODEL (store));

  /* What it is, and the whole picture in words */
  g_assert_true (gtk_widget_get_focusable (timeline));
  g_assert_true (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (timeline)) == GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_LABEL, "Access timeline");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, -1);
  assert_description (timeline, HISTORY_SUMMARY, NULL);

  /* Alone in its window it takes the focus, which selects the newest access
   * (tested below); start from no selection */
  window = cpis_test_ui_show_in_window (timeline, 800);
  cpis_access_timeline_set_selected (self, -1);
  assert_description (timeline, HISTORY_SUMMARY, NULL);
  gtk_test_widget_wait_for_draw (window);
  cpis_test_ui_save_screenshot (timeline, "access-timeline-unselected");
  g_signal_connect (timeline, "notify::selected", G_CALLBACK (notify_count_cb), &notified);

  /* End: the newest access (model index 0) */
  activate (timeline, "timeline.select-last");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 0);
  g_assert_cmpuint (notified, ==, 1);
  assert_description (timeline, HISTORY_SUMMARY,
                      "Wed 25 Nov 2026, 14:02, Northgate General ED, Paula Palmer, Staff nurse");

  /* Right at the newest stays there */
  activate (timeline, "timeline.select-next");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 0);
  g_assert_cmpuint (notified, ==, 1);

  /* Left: one step back in time each */
  activate (timeline, "timeline.select-previous");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 1);
  assert_description (timeline, HISTORY_SUMMARY,
                      "Fri 20 Nov 2026, 03:15, Southfield Walk-in Centre, Omar Shah, Advanced nurse practitioner");
  activate (timeline, "timeline.select-previous");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 2);

  /* Up/Down: the nearest access on the neighbouring row (rows: Northgate,
   * Southfield, Eastbrook — the most recently seen first) */
  activate (timeline, "timeline.select-row-down");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 1);
  activate (timeline, "timeline.select-row-down");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 3);
  assert_description (timeline, HISTORY_SUMMARY,
                      "Sat 24 Oct 2026, 19:05, Eastbrook Minor Injuries Unit, Sam Okafor, "
                      "Emergency nurse practitioner");
  activate (timeline, "timeline.select-row-down");  /* no row below */
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 3);
  activate (timeline, "timeline.select-row-up");
  activate (timeline, "timeline.select-row-up");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 4);

  /* Home: the oldest; Left there stays */
  activate (timeline, "timeline.select-first");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 6);
  assert_description (timeline, HISTORY_SUMMARY,
                      "Tue 1 Sep 2026, 13:00, Northgate General ED, Jo Reid, Emergency medicine consultant");
  activate (timeline, "timeline.select-previous");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 6);

  /* Right: forward across the BST date change */
  activate (timeline, "timeline.select-next");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 5);
  assert_description (timeline, HISTORY_SUMMARY,
                      "Thu 1 Oct 2026, 00:30, Southfield Walk-in Centre, Lee Hart, Paramedic");

  /* Focus ring drawn with the selection */
  gtk_widget_grab_focus (timeline);
  g_assert_true (gtk_widget_has_focus (timeline));
  gtk_widget_queue_draw (timeline);
  gtk_test_widget_wait_for_draw (window);
  cpis_test_ui_save_screenshot (timeline, "access-timeline-selected");

  /* The property, and out-of-range values */
  g_object_set (timeline, "selected", 3, NULL);
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 3);
  cpis_access_timeline_set_selected (self, 99);
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, -1);
  assert_description (timeline, HISTORY_SUMMARY, NULL);

  /* Focus arriving with nothing selected starts at the newest */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  g_assert_false (gtk_widget_has_focus (timeline));
  gtk_widget_grab_focus (timeline);
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_timeline_model_changes (void)
{
  g_autoptr(GListStore) store = cpis_test_access_store_new (cpis_test_access_history, CPIS_TEST_ACCESS_HISTORY_LENGTH);
  g_autoptr(GListStore) other = cpis_test_access_store_new (cpis_test_access_history, 2);
  GtkWidget *timeline = cpis_test_access_timeline_new (store);
  CpisAccessTimeline *self = CPIS_ACCESS_TIMELINE (timeline);
  GtkWidget *window = cpis_test_ui_show_in_window (timeline, 700);

  activate (timeline, "timeline.select-first");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 6);

  /* The selected access goes away */
  g_list_store_remove (store, 6);
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, -1);
  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "6 accesses from 3 organisations between 1 Oct and 25 Nov 2026: "
                                       "3 at Northgate General ED, 2 at Southfield Walk-in Centre "
                                       "and 1 at Eastbrook Minor Injuries Unit.");

  /* Another child's history: nothing selected in it */
  activate (timeline, "timeline.select-last");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 0);
  cpis_access_timeline_set_model (self, G_LIST_MODEL (other));
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, -1);
  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "2 accesses from 2 organisations between 20 Nov and 25 Nov 2026: "
                                       "one each at Northgate General ED and Southfield Walk-in Centre.");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_timeline_empty (void)
{
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  GtkWidget *timeline = cpis_test_access_timeline_new (store);
  CpisAccessTimeline *self = CPIS_ACCESS_TIMELINE (timeline);
  GtkWidget *window;
  int minimum, natural;

  window = cpis_test_ui_show_in_window (timeline, 600);
  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "No accesses recorded.");

  /* Nothing to move to */
  activate (timeline, "timeline.select-last");
  activate (timeline, "timeline.select-next");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, -1);
  gtk_widget_grab_focus (timeline);
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, -1);

  /* One empty row and the axis */
  gtk_widget_measure (timeline, GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, minimum);
  g_assert_cmpint (natural, >=, 28 + 28);
  g_assert_cmpint (natural, <, 2 * 28 + 28 + 28);
  gtk_widget_measure (timeline, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, >=, 480);

  cpis_test_ui_save_screenshot (timeline, "access-timeline-empty");

  /* A model with no model */
  cpis_access_timeline_set_model (self, NULL);
  g_assert_null (cpis_access_timeline_get_model (self));
  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "No accesses recorded.");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_timeline_one (void)
{
  g_autoptr(GListStore) store = cpis_test_access_store_new (cpis_test_access_history, 1);
  GtkWidget *timeline = cpis_test_access_timeline_new (store);
  GtkWidget *window;

  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "1 access from 1 organisation on 25 Nov 2026: Northgate General ED.");
  window = cpis_test_ui_show_in_window (timeline, 600);
  cpis_access_timeline_set_selected (CPIS_ACCESS_TIMELINE (timeline), -1);

  activate (timeline, "timeline.select-previous");
  g_assert_cmpint (cpis_access_timeline_get_selected (CPIS_ACCESS_TIMELINE (timeline)), ==, 0);
  activate (timeline, "timeline.select-previous");
  g_assert_cmpint (cpis_access_timeline_get_selected (CPIS_ACCESS_TIMELINE (timeline)), ==, 0);
  assert_description (timeline,
                      "1 access from 1 organisation on 25 Nov 2026: Northgate General ED.",
                      "Wed 25 Nov 2026, 14:02, Northgate General ED, Paula Palmer, Staff nurse");

  cpis_test_ui_save_screenshot (timeline, "access-timeline-one");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_timeline_many (void)
{
  g_autoptr(GDateTime) now = cpis_test_access_now ();
  g_autoptr(GListStore) store = make_many_store (now);
  GtkWidget *timeline = cpis_test_access_timeline_new (store);
  CpisAccessTimeline *self = CPIS_ACCESS_TIMELINE (timeline);
  GtkWidget *window;
  GtkAccessible *accessible = GTK_ACCESSIBLE (timeline);
  int minimum, natural, rows_height;

  /* A row per organisation: 25 rows of 28 pixels, plus the axis */
  gtk_widget_measure (timeline, GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);
  rows_height = 25 * 28;
  g_assert_cmpint (minimum, >=, rows_height + 28);
  g_assert_cmpint (natural, <, rows_height + 4 * 28);

  window = cpis_test_ui_show_in_window (timeline, 900);
  g_assert_cmpint (gtk_widget_get_height (timeline), >=, minimum);
  cpis_access_timeline_set_selected (self, -1);

  /* 25 accesses 4 days apart: the oldest is 96 days back, before the 90-day mark */
  g_assert_true (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  {
    g_autoptr(GString) expected = g_string_new ("25 accesses from 25 organisations between 21 Aug and 25 Nov 2026: ");

    for (guint i = 0; i < 25; i++)
      g_string_append_printf (expected, "%sSynthetic Urgent Treatment Centre %02u",
                              i == 0 ? "one each at " : i == 24 ? " and " : ", ", i + 1);
    g_string_append_c (expected, '.');
    gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected->str);
  }

  /* Walk the whole timeline with Left from the newest: every access once, oldest last */
  activate (timeline, "timeline.select-last");
  for (int i = 0; i < 25; i++)
    {
      g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, i);
      activate (timeline, "timeline.select-previous");
    }
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 24);

  activate (timeline, "timeline.select-row-up");
  g_assert_cmpint (cpis_access_timeline_get_selected (self), ==, 23);

  gtk_widget_grab_focus (timeline);
  gtk_test_widget_wait_for_draw (window);
  cpis_test_ui_save_screenshot (timeline, "access-timeline-many");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Long organisation names in a narrow window: shortened on screen, whole in words */
static void
test_narrow (void)
{
  static const CpisTestAccessSpec long_names[] = {
    { "2026-11-24T10:00:00Z", "THE NORTHGATE AND SOUTHFIELD HOSPITALS NHS FOUNDATION TRUST (RX101)", "RX101",
      "Mrs Paula PALMER", "Staff nurse", "Tue 24 Nov 2026, 10:00" },
    { "2026-06-15T16:45:00Z", "EASTBROOK COMMUNITY URGENT TREATMENT CENTRE AND MINOR INJURIES UNIT (RX303)", "RX303",
      "Dr Samuel OKAFOR-WILLIAMSON", "Specialty registrar in emergency medicine", "Mon 15 Jun 2026, 17:45" },
  };
  g_autoptr(GListStore) store = cpis_test_access_store_new (long_names, G_N_ELEMENTS (long_names));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *timeline = cpis_test_access_timeline_new (store);
  GtkWidget *list = cpis_access_history_list_new ();
  GtkWidget *window;

  cpis_access_history_list_set_model (CPIS_ACCESS_HISTORY_LIST (list), G_LIST_MODEL (store));
  gtk_box_append (GTK_BOX (box), timeline);
  gtk_box_append (GTK_BOX (box), list);
  window = cpis_test_ui_show_in_window (box, 360);

  g_assert_cmpint (gtk_widget_get_width (timeline), >=, 320);
  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "2 accesses from 2 organisations between 15 Jun and 24 Nov 2026: one each at "
                                       "THE NORTHGATE AND SOUTHFIELD HOSPITALS NHS FOUNDATION TRUST (RX101) and "
                                       "EASTBROOK COMMUNITY URGENT TREATMENT CENTRE AND MINOR INJURIES UNIT (RX303). "
                                       "Selected: Tue 24 Nov 2026, 10:00, THE NORTHGATE AND SOUTHFIELD HOSPITALS NHS "
                                       "FOUNDATION TRUST (RX101), Mrs Paula PALMER, Staff nurse.");

  cpis_test_ui_collect_label_texts (list, texts);
  g_assert_cmpint (find_text (texts, long_names[1].organisation), >=, 0);
  g_assert_cmpint (find_text (texts, long_names[1].role), >=, 0);

  cpis_test_ui_save_screenshot (window, "access-widgets-narrow");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/access-widgets/list/rows", test_list_rows);
  g_test_add_func ("/access-widgets/list/empty", test_list_empty);
  g_test_add_func ("/access-widgets/list/without-role", test_list_without_role);
  g_test_add_func ("/access-widgets/timeline/keyboard", test_timeline_keyboard);
  g_test_add_func ("/access-widgets/timeline/model-changes", test_timeline_model_changes);
  g_test_add_func ("/access-widgets/timeline/empty", test_timeline_empty);
  g_test_add_func ("/access-widgets/timeline/one", test_timeline_one);
  g_test_add_func ("/access-widgets/timeline/many", test_timeline_many);
  g_test_add_func ("/access-widgets/narrow", test_narrow);

  return g_test_run ();
}
