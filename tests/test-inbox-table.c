/* test-inbox-table.c: the inbox's table shows, in every row, the notification
 * at that place, through every change (hazard 28)
 *
 * Runs under Xvfb. The table's rows are bound to places that keep their
 * widgets when a filter, a sort, an arrival or a newer version puts another
 * notification there (CpisTaskSlotList): a row that kept showing the child
 * that was there before would put one child's attendance under another's
 * name. After every change, and the frame after it, every cell bound is
 * checked against the inbox itself: the notification at its row's place,
 * the text the table shows for it, bold when new; and the selection is on
 * the notification selected, wherever that went, and nowhere while it is not
 * shown.
 */
#include <adwaita.h>
#include <gtk/gtk.h>

#include "cpis-inbox-table-private.h"
#include "cpis-task-inbox.h"
#include "cpis-test-tasks.h"
#include "cpis-test-ui.h"

#define N_TASKS 3000

/* inactive NHS number notifications checked in their Seen At cell, in all */
static guint n_inactive_seen;
#define NOW "2026-12-02T10:30:00+00:00"

typedef struct
{
  GtkWidget     *window;
  CpisInboxTable *table;
  CpisTaskInbox *inbox;
  GPtrArray     *tasks;
  GDateTime     *now;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->now = g_date_time_new_from_iso8601 (NOW, NULL);
  fixture->tasks = cpis_test_tasks_generate (N_TASKS, 0, 20261202, fixture->now);
  fixture->inbox = cpis_task_inbox_new ();
  cpis_task_inbox_set_now (fixture->inbox, fixture->now);
  cpis_task_inbox_set_me (fixture->inbox, CPIS_TEST_TASKS_ME);
  cpis_task_inbox_add_all (fixture->inbox, fixture->tasks);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  fixture->table = CPIS_INBOX_TABLE (cpis_inbox_table_new ());
  cpis_inbox_table_set_now (fixture->table, g_date_time_to_unix (fixture->now) * G_USEC_PER_SEC);
  cpis_inbox_table_set_inbox (fixture->table, fixture->inbox);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->table));
  gtk_window_present (GTK_WINDOW (fixture->window));
  cpis_test_ui_iterate_until (cpis_test_ui_widget_mapped, fixture->table);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->inbox);
  g_clear_pointer (&fixture->tasks, g_ptr_array_unref);
  g_clear_pointer (&fixture->now, g_date_time_unref);
}

/* Every cell bound shows the inbox's notification at its row's place; the
 * row of @selected (or none) is the one selected. Returns how many rows are
 * bound. */
static guint
check_cells (Fixture    *fixture,
             CpisTask   *selected,
             const char *after)
{
  g_autoptr(GArray) cells = _cpis_inbox_table_get_cells (fixture->table);
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);
  GListModel *shown = G_LIST_MODEL (fixture->inbox);
  guint n_shown = g_list_model_get_n_items (shown);
  CpisTask *held = selected != NULL ? cpis_task_inbox_lookup (fixture->inbox, cpis_task_get_id (selected)) : NULL;
  guint selected_at = held != NULL ? cpis_task_inbox_find_position (fixture->inbox, held)
                                   : GTK_INVALID_LIST_POSITION;

  g_test_message ("after %s: %u cells bound, %u shown", after, cells->len, n_shown);
  /* (rows on screen whenever there is something to show: the checks below
   * are of something) */
  if (n_shown > 0)
    g_assert_cmpuint (cells->len, >, 0);

  for (guint i = 0; i < cells->len; i++)
    {
      CpisInboxTableCell *cell = &g_array_index (cells, CpisInboxTableCell, i);
      g_autoptr(CpisTask) there = NULL;

      g_assert_cmpuint (cell->position, <, n_shown);
      there = g_list_model_get_item (shown, cell->position);
      if (there != cell->task)
        g_error ("after %s: the row at %u shows %s, the inbox has %s there", after,
                 cell->position, cpis_task_get_id (cell->task), cpis_task_get_id (there));
      g_assert_cmpstr (cell->text, ==, cell->expected);
      /* a notification of another kind says what it is where an attendance
       * says where the child was seen (the fourth column, Seen At) */
      if (cell->column == 3 && cpis_task_get_kind (there) == CPIS_TASK_KIND_INACTIVE_NHS_NUMBER)
        {
          g_assert_cmpstr (cell->text, ==, "NHS number inactive");
          n_inactive_seen++;
        }
      g_assert_cmpint (cell->bold, ==, cpis_task_get_status (there) == CPIS_TASK_STATUS_REQUESTED);
      if (cell->selected != (cell->position == selected_at))
        g_error ("after %s: the row at %u is %sselected; the one selected is at %u", after,
                 cell->position, cell->selected ? "" : "not ", selected_at);
      g_hash_table_add (rows, GUINT_TO_POINTER (cell->position));
    }

  return g_hash_table_size (rows);
}

static GtkColumnViewColumn *
column_titled (Fixture    *fixture,
               const char *title)
{
  GListModel *columns = gtk_column_view_get_columns (cpis_inbox_table_get_column_view (fixture->table));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  g_assert_not_reached ();
}

/* Filters, searches and sorts, one after another: each row shows what is in
 * its place, and the selection stays on the one the social worker selected */
static void
test_changes (Fixture       *fixture,
              gconstpointer  data)
{
  GtkColumnView *view = cpis_inbox_table_get_column_view (fixture->table);
  g_autoptr(CpisTask) selected = NULL;
  const struct { const char *what; CpisTaskInboxView view; CpisTaskInboxScope scope; const char *text; } filters[] = {
    { "all", CPIS_TASK_INBOX_VIEW_ALL, 0, NULL },
    { "done", CPIS_TASK_INBOX_VIEW_DONE, 0, NULL },
    { "in progress", CPIS_TASK_INBOX_VIEW_IN_PROGRESS, 0, NULL },
    { "open", CPIS_TASK_INBOX_VIEW_OPEN, 0, NULL },
    { "open, out of area", CPIS_TASK_INBOX_VIEW_OPEN, CPIS_TASK_INBOX_SCOPE_OUT_OF_AREA, NULL },
    { "open, mine", CPIS_TASK_INBOX_VIEW_OPEN, CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME, NULL },
    { "all, 'sa'", CPIS_TASK_INBOX_VIEW_ALL, 0, "sa" },
    { "all, '999 1'", CPIS_TASK_INBOX_VIEW_ALL, 0, "999 1" },
    { "all, nothing found", CPIS_TASK_INBOX_VIEW_ALL, 0, "no such child zzz" },
    { "all again", CPIS_TASK_INBOX_VIEW_ALL, 0, NULL },
  };
  const char *titles[] = { "Child", "NHS Number", "Seen At", "Status", "Raised", "Assigned To" };
  guint rows;

  cpis_test_ui_wait_for_paint (fixture->window);
  check_cells (fixture, NULL, "shown");

  /* the social worker opens the fifth */
  selected = g_list_model_get_item (G_LIST_MODEL (fixture->inbox), 4);
  cpis_inbox_table_select (fixture->table, selected);
  cpis_test_ui_wait_for_paint (fixture->window);
  rows = check_cells (fixture, selected, "selected");
  g_assert_cmpuint (rows, >=, 10);

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      cpis_task_inbox_set_view (fixture->inbox, filters[i].view);
      cpis_task_inbox_set_scope (fixture->inbox, filters[i].scope);
      cpis_task_inbox_set_search_text (fixture->inbox, filters[i].text);
      /* at once (nothing drawn yet), and drawn */
      check_cells (fixture, selected, filters[i].what);
      cpis_test_ui_wait_for_paint (fixture->window);
      check_cells (fixture, selected, filters[i].what);
    }

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    for (guint order = 0; order < 2; order++)
      {
        g_autofree char *what = g_strdup_printf ("sorted by %s %s", titles[i], order ? "descending" : "ascending");

        gtk_column_view_sort_by_column (view, column_titled (fixture, titles[i]),
                                        order ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
        check_cells (fixture, selected, what);
        cpis_test_ui_wait_for_paint (fixture->window);
        check_cells (fixture, selected, what);
      }

  g_assert_cmpuint (n_inactive_seen, >, 0);

  /* scrolled half way down, then a sort: the rows there too */
  {
    GtkScrollable *scrollable = GTK_SCROLLABLE (view);
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (scrollable);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2);
    cpis_test_ui_wait_for_paint (fixture->window);
    check_cells (fixture, selected, "scrolled");
    gtk_column_view_sort_by_column (view, column_titled (fixture, "Child"), GTK_SORT_DESCENDING);
    cpis_test_ui_wait_for_paint (fixture->window);
    check_cells (fixture, selected, "scrolled, sorted");
  }
}

/* A newer version in a row's place (taken on: no longer bold), arrivals
 * above it, and the one selected filtered out and back */
static void
test_versions_and_arrivals (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) arrivals = cpis_test_tasks_generate (30, N_TASKS, 99, fixture->now);
  g_autoptr(CpisTask) selected = NULL;
  g_autoptr(CpisTask) taken_on = NULL;
  CpisTask *first_new = NULL;
  guint version;

  cpis_task_inbox_set_view (fixture->inbox, CPIS_TASK_INBOX_VIEW_ALL);
  cpis_test_ui_wait_for_paint (fixture->window);

  /* a new one on screen, selected */
  for (guint i = 0; i < 20 && first_new == NULL; i++)
    {
      g_autoptr(CpisTask) task = g_list_model_get_item (G_LIST_MODEL (fixture->inbox), i);

      if (cpis_task_get_status (task) == CPIS_TASK_STATUS_REQUESTED)
        first_new = task;
    }
  g_assert_nonnull (first_new);
  selected = g_object_ref (first_new);
  cpis_inbox_table_select (fixture->table, selected);
  cpis_test_ui_wait_for_paint (fixture->window);
  check_cells (fixture, selected, "selected");

  /* taken on by a colleague: its row says so, still selected */
  version = (guint) g_ascii_strtoull (cpis_task_get_version (selected), NULL, 10);
  taken_on = cpis_test_tasks_new_version (selected, CPIS_TASK_STATUS_ACCEPTED, version + 1,
                                          cpis_task_get_last_modified (selected) + G_USEC_PER_SEC);
  g_assert_true (cpis_task_inbox_add (fixture->inbox, taken_on));
  check_cells (fixture, selected, "a newer version");
  cpis_test_ui_wait_for_paint (fixture->window);
  check_cells (fixture, selected, "a newer version");
  g_assert_cmpuint (cpis_task_inbox_find_position (fixture->inbox, taken_on), !=,
                    GTK_INVALID_LIST_POSITION);

  /* arrivals, one by one, above it */
  for (guint i = 0; i < arrivals->len; i++)
    {
      g_assert_true (cpis_task_inbox_add (fixture->inbox, arrivals->pdata[i]));
      check_cells (fixture, selected, "an arrival");
    }
  cpis_test_ui_wait_for_paint (fixture->window);
  check_cells (fixture, selected, "arrivals");

  /* out of the view chosen: selected nowhere; back in: selected again */
  cpis_task_inbox_set_view (fixture->inbox, CPIS_TASK_INBOX_VIEW_DONE);
  cpis_test_ui_wait_for_paint (fixture->window);
  check_cells (fixture, selected, "filtered out");
  g_assert_cmpuint (gtk_single_selection_get_selected (
                      GTK_SINGLE_SELECTION (gtk_column_view_get_model (cpis_inbox_table_get_column_view (fixture->table)))),
                    ==, GTK_INVALID_LIST_POSITION);
  cpis_task_inbox_set_view (fixture->inbox, CPIS_TASK_INBOX_VIEW_OPEN);
  cpis_test_ui_wait_for_paint (fixture->window);
  check_cells (fixture, selected, "back in view");
  g_assert_cmpuint (gtk_single_selection_get_selected (
                      GTK_SINGLE_SELECTION (gtk_column_view_get_model (cpis_inbox_table_get_column_view (fixture->table)))),
                    ==, cpis_task_inbox_find_position (fixture->inbox, taken_on));

  /* and all forgotten (signed out): nothing bound, nothing selected */
  cpis_task_inbox_remove_all (fixture->inbox);
  cpis_test_ui_wait_for_paint (fixture->window);
  g_assert_cmpuint (check_cells (fixture, selected, "forgotten"), ==, 0);
}

static char *
action_state (GActionGroup *actions,
              const char   *name)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (actions, name);

  return g_variant_dup_string (state, NULL);
}

/* Sorting from the keyboard: the menu's actions sort as the headers do, and
 * say what the headers sorted by */
static void
test_sort_menu (Fixture       *fixture,
                gconstpointer  data)
{
  GActionGroup *actions = cpis_inbox_table_get_sort_actions (fixture->table);
  GMenuModel *menu = cpis_inbox_table_get_sort_menu (fixture->table);
  GtkSortType order;
  g_autofree char *by = NULL;
  g_autofree char *way = NULL;

  /* the columns, and newest first, then the two ways round */
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  g_assert_cmpint (g_menu_model_get_n_items (g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION)), ==, 8);
  by = action_state (actions, "by");
  g_assert_cmpstr (by, ==, "none");

  g_action_group_activate_action (actions, "by", g_variant_new_string ("child"));
  g_assert_cmpint (cpis_task_inbox_get_sort_column (fixture->inbox, &order), ==, CPIS_TASK_INBOX_COLUMN_CHILD_NAME);
  g_assert_cmpint (order, ==, GTK_SORT_ASCENDING);
  cpis_test_ui_wait_for_paint (fixture->window);
  check_cells (fixture, NULL, "the menu's Child");

  g_action_group_activate_action (actions, "order", g_variant_new_string ("descending"));
  g_assert_cmpint (cpis_task_inbox_get_sort_column (fixture->inbox, &order), ==, CPIS_TASK_INBOX_COLUMN_CHILD_NAME);
  g_assert_cmpint (order, ==, GTK_SORT_DESCENDING);
  cpis_test_ui_wait_for_paint (fixture->window);
  check_cells (fixture, NULL, "the menu's Descending");

  /* a header click: the menu says so */
  gtk_column_view_sort_by_column (cpis_inbox_table_get_column_view (fixture->table),
                                  column_titled (fixture, "NHS Number"), GTK_SORT_ASCENDING);
  g_clear_pointer (&by, g_free);
  by = action_state (actions, "by");
  way = action_state (actions, "order");
  g_assert_cmpstr (by, ==, "nhs-number");
  g_assert_cmpstr (way, ==, "ascending");

  g_action_group_activate_action (actions, "by", g_variant_new_string ("none"));
  g_assert_cmpint (cpis_task_inbox_get_sort_column (fixture->inbox, NULL), ==, CPIS_TASK_INBOX_N_COLUMNS);
  g_clear_pointer (&by, g_free);
  by = action_state (actions, "by");
  g_assert_cmpstr (by, ==, "none");
  cpis_test_ui_wait_for_paint (fixture->window);
  check_cells (fixture, NULL, "the menu's Newest First");
}

int
main (int argc, char **argv)
{
  cpis_test_ui_init (&argc, &argv);

  g_test_add ("/inbox-table/changes", Fixture, NULL, fixture_set_up, test_changes, fixture_tear_down);
  g_test_add ("/inbox-table/versions-and-arrivals", Fixture, NULL, fixture_set_up,
              test_versions_and_arrivals, fixture_tear_down);
  g_test_add ("/inbox-table/sort-menu", Fixture, NULL, fixture_set_up, test_sort_menu, fixture_tear_down);

  return g_test_run ();
}
