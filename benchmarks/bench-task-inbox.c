/* bench-task-inbox.c: the social worker's inbox on 100,000 notifications,
 * beside a bare GtkListView over a GListStore of 100,000 six-string objects
 *
 * Each round runs four processes of this program one after the other, so
 * that each one's memory is its own. The reference: its rows made, shown in
 * a GtkListView (GtkSingleSelection over a GtkFilterListModel), filtered six
 * times (to a third, all, a half, ...) as GTK's own models do it, and its
 * memory. Then the inbox four times: the model alone (no window), in a
 * GtkListView (one label a row), in a GtkColumnView of six columns of
 * GtkLabels, and in the application's own table (CpisInboxTable, eight
 * columns, the application's style, one notification selected):
 *
 *   created      100,000 CpisTasks made, each with its access and viewer
 *                (as the codec makes them)
 *   into model   handed to a CpisTaskInbox in pages of 500, as a search's
 *                pages arrive
 *   shown        the view (GtkSingleSelection; with BENCH_NO_SELECTION=1 a
 *                GtkNoSelection) presented, to the first frame painted
 *   filter ...   a sidebar click or a search typed: the model changed (the
 *                call returns with the rows filtered, the view told), and to
 *                the next frame painted
 *   sort ...     a click on a column header (gtk_column_view_sort_by_column)
 *                in the column view, cpis_task_inbox_sort_by otherwise: the
 *                model sorted, and to the next frame painted
 *   scroll       a third of a page scrolled (300 times: median and 95th
 *                percentile): "to frame", to the frame painted, which
 *                includes waiting for the frame clock's next tick (GDK paces
 *                frames at the display's rate: about 16.7 ms here); "frame
 *                work", the main loop's own work for it (the scroll call,
 *                then the frame from its first phase to painted), the time
 *                a frame must fit in to keep up with the display
 *   arrival      one new notification added live (median of 200)
 *   encoded and decoded
 *                (no view) the 100,000 written as 200 searchset pages of JSON
 *                and read back by the codec (the client reads off the main
 *                thread)
 *   VmRSS at each step, VmHWM (from /proc/self/status)
 *
 * and prints the median of the rounds (min-max beside it). A program that
 * prints figures, never a test: the machines are shared and noisy. Run on a
 * display, as the tests do:
 *
 *   GSK_RENDERER=cairo tests/run-xvfb.sh build/benchmarks/bench-task-inbox [ROUNDS]
 *
 * Targets (issue 8): built and filterable <= 1 s, a filter or sort change
 * <= 100 ms, the whole process <= 150 MB.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include <adwaita.h>

#include "cpis-fhir-codec.h"
#include "cpis-inbox-table.h"
#include "cpis-task-inbox.h"
#include "cpis-test-tasks.h"

#define N_ROWS 100000
#define PAGE 500
#define NOW "2026-12-02T10:30:00+00:00"
#define WAIT_LIMIT_USEC (20 * G_USEC_PER_SEC)
#define N_SCROLL_FRAMES 300

/* Figures: "name<TAB>value" lines from the children */

static void
report (const char *name,
        double      value)
{
  g_print ("%s\t%.3f\n", name, value);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* kB of a /proc/self/status line ("VmRSS:", "VmHWM:"), as MB */
static double
status_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  line = strstr (status, field);
  if (line == NULL)
    return -1;

  return g_ascii_strtod (line + strlen (field), NULL) / 1024.0;
}

/* Painting */

typedef struct
{
  GtkWindow *window;
  gboolean   waiting;
  gint64     began;    /* the frame's first phase (before-paint) */
  gint64     painted;  /* its last (after-paint) */
} Frames;

static void
before_paint_cb (GdkFrameClock *clock,
                 Frames        *frames)
{
  if (frames->waiting)
    frames->began = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  if (frames->waiting)
    {
      frames->painted = g_get_monotonic_time ();
      frames->waiting = FALSE;
    }
}

static void
watch_frames (Frames *frames)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (frames->window));

  g_signal_connect (gdk_surface_get_frame_clock (surface), "before-paint",
                    G_CALLBACK (before_paint_cb), frames);
  g_signal_connect (gdk_surface_get_frame_clock (surface), "after-paint",
                    G_CALLBACK (after_paint_cb), frames);
}

/* Iterates until the next frame is painted (the caller changed something
 * and asked for a redraw); its time, or -1 */
static gint64
wait_for_frame (Frames *frames)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_USEC;

  frames->waiting = TRUE;
  frames->began = 0;
  gtk_widget_queue_draw (GTK_WIDGET (frames->window));
  while (frames->waiting && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  return frames->waiting ? -1 : frames->painted;
}

static void
present_and_wait (Frames *frames)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_USEC;

  gtk_window_present (frames->window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (frames->window)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  watch_frames (frames);
  wait_for_frame (frames);
}

static void
drain (void)
{
  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

/* The reference: six strings an object ------------------------------------ */

#define BENCH_TYPE_ROW (bench_row_get_type ())
G_DECLARE_FINAL_TYPE (BenchRow, bench_row, BENCH, ROW, GObject)

struct _BenchRow
{
  GObject  parent_instance;
  char    *strings[6];
};

G_DEFINE_FINAL_TYPE (BenchRow, bench_row, G_TYPE_OBJECT)

enum { ROW_PROP_0, ROW_PROP_A, ROW_PROP_B, ROW_PROP_C, ROW_PROP_D, ROW_PROP_E, ROW_PROP_F, ROW_N_PROPS };

static void
bench_row_finalize (GObject *object)
{
  BenchRow *self = BENCH_ROW (object);

  for (guint i = 0; i < 6; i++)
    g_free (self->strings[i]);
  G_OBJECT_CLASS (bench_row_parent_class)->finalize (object);
}

static void
bench_row_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  g_value_set_string (value, BENCH_ROW (object)->strings[prop_id - 1]);
}

static void
bench_row_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  BenchRow *self = BENCH_ROW (object);

  g_free (self->strings[prop_id - 1]);
  self->strings[prop_id - 1] = g_value_dup_string (value);
}

static void
bench_row_class_init (BenchRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const char *names[] = { "a", "b", "c", "d", "e", "f" };

  object_class->finalize = bench_row_finalize;
  object_class->get_property = bench_row_get_property;
  object_class->set_property = bench_row_set_property;
  for (guint i = 0; i < 6; i++)
    g_object_class_install_property (object_class, i + 1,
                                     g_param_spec_string (names[i], NULL, NULL, NULL,
                                                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                            G_PARAM_STATIC_STRINGS));
}

static void
bench_row_init (BenchRow *self)
{
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  data)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  BenchRow *row = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), row->strings[1]);
}

static gboolean
every_nth_cb (gpointer item,
              gpointer user_data)
{
  BenchRow *row = item;
  guint n = GPOINTER_TO_UINT (user_data);

  /* the id starts with the row's number, in hex */
  return n <= 1 || g_ascii_strtoull (row->strings[0], NULL, 16) % n == 0;
}

static GtkWindow *
new_window (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 1000, 700);
  return window;
}

static int
run_reference (void)
{
  g_autoptr(GListStore) store = g_list_store_new (BENCH_TYPE_ROW);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  Frames frames = { 0 };
  GtkListItemFactory *factory;
  GtkFilterListModel *filtered;
  GtkCustomFilter *filter;
  GtkWidget *scrolled, *view;
  gint64 start;

  frames.window = new_window ();
  present_and_wait (&frames);
  drain ();
  report ("base VmRSS MB", status_mb ("VmRSS:"));

  /* the same lengths as a notification's: id, name, NHS number, setting, viewer, owner */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autofree char *id = g_strdup_printf ("%08x-6a51-4c1b-9a7e-2d9e8f1b0c11", i);
      g_autofree char *name = g_strdup_printf ("Child %06u TESTER", i);
      g_autofree char *number = g_strdup_printf ("999%07u", i);

      g_ptr_array_add (rows, g_object_new (BENCH_TYPE_ROW,
                                           "a", id, "b", name, "c", number,
                                           "d", "Riverside Royal Infirmary Emergency Department",
                                           "e", "Ella Okafor", "f", "Sam Patel", NULL));
    }
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
  report ("rows created ms", ms_since (start));

  start = g_get_monotonic_time ();
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  filter = gtk_custom_filter_new (every_nth_cb, GUINT_TO_POINTER (1), NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (store)),
                                        g_object_ref (GTK_FILTER (filter)));
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (filtered))),
                            factory);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (frames.window, scrolled);
  wait_for_frame (&frames);
  report ("shown ms", ms_since (start));
  drain ();

  report ("VmRSS shown MB", status_mb ("VmRSS:"));

  /* the same kind of changes as the inbox's filters: a third, a half, all */
  for (guint i = 0; i < 6; i++)
    {
      guint n = (guint[]) { 3, 1, 2, 1, 7, 1 }[i];
      g_autofree char *name = g_strdup_printf ("filter to 1 in %u ms", n);

      start = g_get_monotonic_time ();
      gtk_custom_filter_set_filter_func (filter, every_nth_cb, GUINT_TO_POINTER (n), NULL);
      report (name, ms_since (start));
      wait_for_frame (&frames);
      drain ();
    }
  report ("VmRSS filtered MB", status_mb ("VmRSS:"));
  report ("VmHWM MB", status_mb ("VmHWM:"));

  g_object_unref (filter);
  gtk_window_destroy (frames.window);
  return 0;
}

/* The inbox ---------------------------------------------------------------- */

typedef struct
{
  const char          *title;
  CpisTaskInboxColumn  column;
} Column;

static const Column columns[] = {
  { "Raised", CPIS_TASK_INBOX_COLUMN_AUTHORED_ON },
  { "Child", CPIS_TASK_INBOX_COLUMN_CHILD_NAME },
  { "NHS number", CPIS_TASK_INBOX_COLUMN_NHS_NUMBER },
  { "Status", CPIS_TASK_INBOX_COLUMN_STATUS },
  { "Setting", CPIS_TASK_INBOX_COLUMN_SETTING },
  { "Viewer", CPIS_TASK_INBOX_COLUMN_VIEWER },
};

static void
bind_task_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  const Column *column = data;
  CpisTask *task = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  switch (column->column)
    {
    case CPIS_TASK_INBOX_COLUMN_AUTHORED_ON:
      {
        g_autoptr(GDateTime) time = cpis_task_dup_authored_on (task);

        text = time != NULL ? g_date_time_format (time, "%d %b %Y %H:%M") : g_strdup ("");
      }
      break;
    case CPIS_TASK_INBOX_COLUMN_CHILD_NAME:
      text = g_strdup (cpis_task_get_child_name (task));
      break;
    case CPIS_TASK_INBOX_COLUMN_NHS_NUMBER:
      text = g_strdup (cpis_task_get_nhs_number (task));
      break;
    case CPIS_TASK_INBOX_COLUMN_STATUS:
      text = g_strdup (cpis_task_status_to_string (cpis_task_get_status (task)));
      break;
    case CPIS_TASK_INBOX_COLUMN_SETTING:
      text = g_strdup (cpis_task_get_setting_name (task));
      break;
    default:
      text = g_strdup (cpis_task_get_viewer_name (task));
      break;
    }

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

/* A change: the model's time, then to the next frame */
static void
measure (Frames     *frames,
         const char *name,
         gint64      start)
{
  g_autofree char *model = g_strconcat (name, " ms", NULL);
  g_autofree char *frame = g_strconcat (name, " to frame ms", NULL);
  gint64 painted;

  report (model, ms_since (start));
  if (frames->window == NULL)
    return;
  painted = wait_for_frame (frames);
  report (frame, painted > 0 ? (painted - start) / 1000.0 : -1);
  drain ();
}

/* A searchset page of @tasks as JSON (the hub's own encoder is not written
 * yet: the Tasks are the codec's, the Bundle around them by hand) */
static char *
page_json (GPtrArray *tasks,
           guint      first,
           guint      n)
{
  GString *json = g_string_new (NULL);

  g_string_append_printf (json, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":%u,"
                                "\"entry\":[", N_ROWS);
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *task = cpis_fhir_encode_task (g_ptr_array_index (tasks, i), NULL);

      g_string_append_printf (json, "%s{\"resource\":%s,\"search\":{\"mode\":\"match\"}}",
                              i > first ? "," : "", task);
    }
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

static int
compare_int64s (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

typedef enum
{
  SHOW_NONE,     /* the model alone, no window */
  SHOW_LIST,     /* a GtkListView, one label a row */
  SHOW_COLUMNS,  /* a GtkColumnView of six columns of GtkLabels, sorted by header clicks */
  SHOW_TABLE,    /* the application's own: a CpisInboxTable (eight columns), with the
                  * application's style, a notification selected (one opened) */
} Show;

/* By @by (a header click in a column view, whose column is @column), or
 * with @by N_COLUMNS by none */
static void
sort_by (CpisTaskInbox       *inbox,
         Frames              *frames,
         GtkWidget           *view,
         GtkColumnViewColumn *column,
         CpisTaskInboxColumn  by,
         GtkSortType          order,
         const char          *name)
{
  gint64 start = g_get_monotonic_time ();

  if (view != NULL && GTK_IS_COLUMN_VIEW (view))
    gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (view), column, order);
  else if (by < CPIS_TASK_INBOX_N_COLUMNS)
    cpis_task_inbox_sort_by (inbox, by, order);
  else
    cpis_task_inbox_set_sorter (inbox, NULL);
  measure (frames, name, start);
}

static int
run_inbox (Show show)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(CpisTaskInbox) inbox = NULL;
  g_autoptr(GPtrArray) arrivals = NULL;
  g_autoptr(GArray) arrival_usec = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkColumnViewColumn *view_columns[8] = { NULL, };
  GtkSelectionModel *selection;
  Frames frames = { 0 };
  GtkWidget *scrolled = NULL, *view = NULL;
  gint64 start, built;
  const struct { const char *name; CpisTaskInboxView view; CpisTaskInboxScope scope; const char *text; } filters[] = {
    { "filter open -> all", CPIS_TASK_INBOX_VIEW_ALL, 0, NULL },
    { "filter all -> done", CPIS_TASK_INBOX_VIEW_DONE, 0, NULL },
    { "filter done -> in progress", CPIS_TASK_INBOX_VIEW_IN_PROGRESS, 0, NULL },
    { "filter -> open", CPIS_TASK_INBOX_VIEW_OPEN, 0, NULL },
    { "filter + today", CPIS_TASK_INBOX_VIEW_OPEN, CPIS_TASK_INBOX_SCOPE_TODAY, NULL },
    { "filter + this week", CPIS_TASK_INBOX_VIEW_OPEN, CPIS_TASK_INBOX_SCOPE_THIS_WEEK, NULL },
    { "filter + out of area", CPIS_TASK_INBOX_VIEW_OPEN, CPIS_TASK_INBOX_SCOPE_OUT_OF_AREA, NULL },
    { "filter + assigned to me", CPIS_TASK_INBOX_VIEW_OPEN, CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME, NULL },
    { "filter -> all, no scope", CPIS_TASK_INBOX_VIEW_ALL, 0, NULL },
    { "search 's'", CPIS_TASK_INBOX_VIEW_ALL, 0, "s" },
    { "search 'sa'", CPIS_TASK_INBOX_VIEW_ALL, 0, "sa" },
    { "search 'sam'", CPIS_TASK_INBOX_VIEW_ALL, 0, "sam" },
    { "search '999 01'", CPIS_TASK_INBOX_VIEW_ALL, 0, "999 01" },
    { "search 'zo\u00eb'", CPIS_TASK_INBOX_VIEW_ALL, 0, "zo\u00eb" },
    { "search cleared", CPIS_TASK_INBOX_VIEW_ALL, 0, NULL },
  };

  if (show != SHOW_NONE)
    {
      frames.window = new_window ();
      present_and_wait (&frames);
      drain ();
    }
  report ("base VmRSS MB", status_mb ("VmRSS:"));
  report ("base RssAnon MB", status_mb ("RssAnon:"));
  report ("base RssFile MB", status_mb ("RssFile:"));
  report ("base RssShmem MB", status_mb ("RssShmem:"));
  report ("base heap in use MB", mallinfo2 ().uordblks / 1048576.0);

  start = g_get_monotonic_time ();
  tasks = cpis_test_tasks_generate (N_ROWS, 0, 20261202, now);
  report ("created ms", ms_since (start));
  report ("VmRSS created MB", status_mb ("VmRSS:"));
  report ("heap in use created MB", mallinfo2 ().uordblks / 1048576.0);

  /* as a search's pages arrive */
  start = g_get_monotonic_time ();
  inbox = cpis_task_inbox_new ();
  cpis_task_inbox_set_now (inbox, now);
  cpis_task_inbox_set_me (inbox, CPIS_TEST_TASKS_ME);
  for (guint first = 0; first < tasks->len; first += PAGE)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new ();

      for (guint i = first; i < MIN (first + PAGE, tasks->len); i++)
        g_ptr_array_add (page, g_ptr_array_index (tasks, i));
      cpis_task_inbox_add_all (inbox, page);
    }
  report ("into model ms", ms_since (start));
  report ("VmRSS in model MB", status_mb ("VmRSS:"));
  report ("heap in use in model MB", mallinfo2 ().uordblks / 1048576.0);
  built = start;

  if (show != SHOW_NONE)
    {
      start = g_get_monotonic_time ();
      if (g_getenv ("BENCH_NO_SELECTION") != NULL)
        selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (inbox))));
      else
        selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (inbox))));

      if (show == SHOW_TABLE)
        {
          GtkWidget *table = cpis_inbox_table_new ();
          GListModel *table_columns;

          g_object_unref (selection);
          cpis_inbox_table_set_inbox (CPIS_INBOX_TABLE (table), inbox);
          cpis_inbox_table_set_now (CPIS_INBOX_TABLE (table), g_date_time_to_unix (now) * G_USEC_PER_SEC);
          view = GTK_WIDGET (cpis_inbox_table_get_column_view (CPIS_INBOX_TABLE (table)));
          table_columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (view));
          for (guint c = 0; c < g_list_model_get_n_items (table_columns) && c < G_N_ELEMENTS (view_columns); c++)
            {
              g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (table_columns, c);

              view_columns[c] = column;
            }
          gtk_window_set_child (frames.window, table);
          scrolled = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
        }
      else if (show == SHOW_COLUMNS)
        {
          view = gtk_column_view_new (selection);
          for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
            {
              GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
              g_autoptr(GtkSorter) sorter = cpis_task_inbox_create_sorter (columns[c].column,
                                                                           GTK_SORT_ASCENDING);

              g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
              g_signal_connect (factory, "bind", G_CALLBACK (bind_task_cb), (gpointer) &columns[c]);
              view_columns[c] = gtk_column_view_column_new (columns[c].title, factory);
              gtk_column_view_column_set_sorter (view_columns[c], sorter);
              gtk_column_view_append_column (GTK_COLUMN_VIEW (view), view_columns[c]);
            }
          cpis_task_inbox_set_sorter (inbox, gtk_column_view_get_sorter (GTK_COLUMN_VIEW (view)));
        }
      else
        {
          GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

          g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
          g_signal_connect (factory, "bind", G_CALLBACK (bind_task_cb), (gpointer) &columns[1]);
          view = gtk_list_view_new (selection, factory);
        }

      if (show != SHOW_TABLE)
        {
          scrolled = gtk_scrolled_window_new ();
          gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
          gtk_window_set_child (frames.window, scrolled);
        }
      wait_for_frame (&frames);
      report ("shown ms", ms_since (start));
      report ("built and shown ms", ms_since (built));
      drain ();
      report ("VmRSS shown MB", status_mb ("VmRSS:"));
      report ("heap in use shown MB", mallinfo2 ().uordblks / 1048576.0);

      /* a social worker has one open: the selection follows it through
       * every change below */
      if (show == SHOW_TABLE)
        {
          g_autoptr(CpisTask) opened = g_list_model_get_item (G_LIST_MODEL (inbox), 0);

          cpis_inbox_table_select (CPIS_INBOX_TABLE (gtk_window_get_child (frames.window)), opened);
          wait_for_frame (&frames);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      start = g_get_monotonic_time ();
      cpis_task_inbox_set_view (inbox, filters[i].view);
      cpis_task_inbox_set_scope (inbox, filters[i].scope);
      cpis_task_inbox_set_search_text (inbox, filters[i].text);
      measure (&frames, filters[i].name, start);
    }
  report ("VmRSS filtered MB", status_mb ("VmRSS:"));

  /* by each column both ways, in the view showing all (header clicks in
   * a column view) */
  for (guint c = 0; c < G_N_ELEMENTS (view_columns); c++)
    for (guint order = 0; order < 2; order++)
      {
        const char *title = show == SHOW_TABLE
                            ? (view_columns[c] != NULL ? gtk_column_view_column_get_title (view_columns[c]) : NULL)
                            : (c < G_N_ELEMENTS (columns) ? columns[c].title : NULL);
        g_autofree char *name = NULL;

        if (title == NULL)
          continue;
        name = g_strdup_printf ("sort %s %s", title, order == 0 ? "ascending" : "descending");
        sort_by (inbox, &frames, view, view_columns[c],
                 c < G_N_ELEMENTS (columns) ? columns[c].column : CPIS_TASK_INBOX_N_COLUMNS,
                 order == 0 ? GTK_SORT_ASCENDING : GTK_SORT_DESCENDING, name);
      }
  sort_by (inbox, &frames, view, NULL, CPIS_TASK_INBOX_N_COLUMNS, GTK_SORT_ASCENDING,
           "sort none (newest first)");
  report ("VmRSS sorted MB", status_mb ("VmRSS:"));

  /* scrolling through it: a step of a third of a page each frame, as a
   * wheel or a held arrow key does, each to its frame painted */
  if (show != SHOW_NONE)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
        GTK_SCROLLED_WINDOW (scrolled));
      g_autoptr(GArray) frame_usec = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) work_usec = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; i < N_SCROLL_FRAMES; i++)
        {
          gint64 painted, scrolled_usec;

          start = g_get_monotonic_time ();
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                                  gtk_adjustment_get_page_size (adjustment) / 3);
          scrolled_usec = g_get_monotonic_time () - start;
          painted = wait_for_frame (&frames);
          if (painted > 0)
            {
              gint64 usec = painted - start;
              gint64 work = scrolled_usec + (frames.began > 0 ? painted - frames.began : usec);

              g_array_append_val (frame_usec, usec);
              g_array_append_val (work_usec, work);
            }
        }
      g_array_sort (frame_usec, compare_int64s);
      g_array_sort (work_usec, compare_int64s);
      if (frame_usec->len > 0)
        {
          report ("scroll to frame median ms",
                  g_array_index (frame_usec, gint64, frame_usec->len / 2) / 1000.0);
          report ("scroll to frame p95 ms",
                  g_array_index (frame_usec, gint64, frame_usec->len * 95 / 100) / 1000.0);
          report ("scroll frame work median ms",
                  g_array_index (work_usec, gint64, work_usec->len / 2) / 1000.0);
          report ("scroll frame work p95 ms",
                  g_array_index (work_usec, gint64, work_usec->len * 95 / 100) / 1000.0);
        }
    }

  /* live arrivals, shown as they come */
  arrivals = cpis_test_tasks_generate (200, N_ROWS, 7, now);
  for (guint i = 0; i < arrivals->len; i++)
    {
      gint64 usec;

      start = g_get_monotonic_time ();
      cpis_task_inbox_add (inbox, g_ptr_array_index (arrivals, i));
      usec = g_get_monotonic_time () - start;
      g_array_append_val (arrival_usec, usec);
    }
  g_array_sort (arrival_usec, compare_int64s);
  report ("arrival ms", g_array_index (arrival_usec, gint64, arrival_usec->len / 2) / 1000.0);
  drain ();

  report ("VmRSS end MB", status_mb ("VmRSS:"));
  report ("VmHWM MB", status_mb ("VmHWM:"));
  report ("RssAnon end MB", status_mb ("RssAnon:"));
  report ("RssFile end MB", status_mb ("RssFile:"));
  report ("RssShmem end MB", status_mb ("RssShmem:"));
  {
    /* the heap: what is in use, and what is free but kept by malloc */
    struct mallinfo2 heap = mallinfo2 ();

    report ("heap in use MB", heap.uordblks / 1048576.0);
    report ("heap free, kept MB", heap.fordblks / 1048576.0);
  }

  /* the codec's share, off the main thread in the application */
  if (show == SHOW_NONE)
    {
      g_autofree char *json = NULL;
      guint n = 0;

      start = g_get_monotonic_time ();
      for (guint first = 0; first < N_ROWS; first += PAGE)
        {
          g_autoptr(CpisTaskPage) page = NULL;

          g_free (json);
          json = page_json (tasks, first, PAGE);
          page = cpis_fhir_decode_task_bundle (json, -1, NULL);
          n += page != NULL ? page->tasks->len : 0;
        }
      report ("encoded and decoded ms", ms_since (start));
      report ("decoded tasks", n);
    }

  if (frames.window != NULL)
    gtk_window_destroy (frames.window);
  return 0;
}

/* The rounds ---------------------------------------------------------------- */

typedef struct
{
  char   *name;
  GArray *values;  /* double */
} Figure;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Runs this program as @mode; adds its figures to @figures (in order) */
static gboolean
run_child (const char *self,
           const char *mode,
           GPtrArray  *figures,
           const char *prefix)
{
  const char *argv[] = { self, mode, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s failed: %s\n%s", mode, error->message, err != NULL ? err : "");
      return FALSE;
    }

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], "\t", 2);
      g_autofree char *name = NULL;
      Figure *figure = NULL;
      double value;

      if (g_strv_length (parts) != 2)
        continue;
      name = g_strconcat (prefix, parts[0], NULL);
      value = g_ascii_strtod (parts[1], NULL);
      for (guint f = 0; f < figures->len && figure == NULL; f++)
        if (g_str_equal (((Figure *) figures->pdata[f])->name, name))
          figure = figures->pdata[f];
      if (figure == NULL)
        {
          figure = g_new0 (Figure, 1);
          figure->name = g_steal_pointer (&name);
          figure->values = g_array_new (FALSE, FALSE, sizeof (double));
          g_ptr_array_add (figures, figure);
        }
      g_array_append_val (figure->values, value);
    }

  return TRUE;
}

static void
figure_free (Figure *figure)
{
  g_free (figure->name);
  g_array_unref (figure->values);
  g_free (figure);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func ((GDestroyNotify) figure_free);
  guint rounds = 3;

  if (argc > 1 && g_str_equal (argv[1], "--reference"))
    {
      gtk_init ();
      return run_reference ();
    }
  if (argc > 1 && g_str_equal (argv[1], "--inbox"))
    {
      gtk_init ();
      return run_inbox (SHOW_COLUMNS);
    }
  if (argc > 1 && g_str_equal (argv[1], "--inbox-table"))
    {
      g_autoptr(GtkCssProvider) style = gtk_css_provider_new ();

      adw_init ();
      gtk_css_provider_load_from_resource (style, "/io/github/cpisdesktop/CpisDesktop/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (style),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      return run_inbox (SHOW_TABLE);
    }
  if (argc > 1 && g_str_equal (argv[1], "--inbox-list"))
    {
      gtk_init ();
      return run_inbox (SHOW_LIST);
    }
  if (argc > 1 && g_str_equal (argv[1], "--inbox-model"))
    return run_inbox (SHOW_NONE);
  if (argc > 1)
    rounds = (guint) MAX (atoi (argv[1]), 1);

  for (guint r = 0; r < rounds; r++)
    if (!run_child (argv[0], "--reference", figures, "reference: ") ||
        !run_child (argv[0], "--inbox-model", figures, "inbox, no view: ") ||
        !run_child (argv[0], "--inbox-list", figures, "inbox in a list view: ") ||
        !run_child (argv[0], "--inbox", figures, "inbox in a column view: ") ||
        !run_child (argv[0], "--inbox-table", figures, "inbox in its table: "))
      return 1;

  g_print ("%u rounds, %d rows; median (min-max)\n", rounds, N_ROWS);
  for (guint f = 0; f < figures->len; f++)
    {
      Figure *figure = figures->pdata[f];
      GArray *values = figure->values;

      g_array_sort (values, compare_doubles);
      g_print ("  %-44s %9.1f  (%.1f-%.1f)\n", figure->name,
               g_array_index (values, double, values->len / 2),
               g_array_index (values, double, 0),
               g_array_index (values, double, values->len - 1));
    }

  return 0;
}
