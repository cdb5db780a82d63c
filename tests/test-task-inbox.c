/* test-task-inbox.c: the social worker's inbox model (CpisTaskInbox) on
 * 100,000 synthetic notifications: after every change of filter, order,
 * time, "me", and as new notifications and new versions arrive, what it
 * shows and counts is what a brute-force computation over all of them
 * gives
 *
 * The brute force is written apart from the inbox: it folds every text
 * (GLib's casefold and NFKD) where the inbox takes shortcuts for ASCII, it
 * computes "today" and "this week" from the clock each time, and it sorts
 * with its own comparison by the documented order. Synthetic data only.
 */

#include <string.h>

#include "cpis-collation-ranks.h"
#include "cpis-date.h"
#include "cpis-task-inbox.h"
#include "cpis-test-tasks.h"

#define N_TASKS 100000
#define SEED 20261202
#define NOW "2026-12-02T10:30:00+00:00"   /* a Wednesday */

typedef struct
{
  gint64 day_start, day_end;
  gint64 week_start, week_end;
} Bounds;

typedef struct
{
  CpisTaskInboxView    view;
  CpisTaskInboxScope   scope;
  const char          *text;
  const char          *me;
  GDateTime           *now;
  CpisTaskInboxColumn  column;     /* N_COLUMNS: the default order */
  GtkSortType          order;
} Settings;

typedef struct
{
  CpisTaskInbox *inbox;
  GPtrArray     *mirror;   /* the list as a view sees it, from "items-changed" alone */
  GPtrArray     *held;     /* CpisTask: what the inbox should hold, by id */
  GHashTable    *by_id;    /* id → index in held */
  Settings       settings;
  guint          checks;
} Fixture;

/* The brute force -------------------------------------------------------- */

static char *
oracle_fold (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
}

static gboolean
oracle_text (CpisTask   *task,
             const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *needle = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean number_like = TRUE;
  const char *fields[] = {
    cpis_task_get_child_name (task),
    cpis_task_get_setting_name (task),
    cpis_task_get_setting_code (task),
    cpis_task_get_viewer_name (task),
    cpis_task_get_nhs_number (task),
  };

  if (*trimmed == '\0')
    return TRUE;

  needle = oracle_fold (trimmed);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *haystack = fields[i] != NULL ? oracle_fold (fields[i]) : NULL;

      if (haystack != NULL && strstr (haystack, needle) != NULL)
        return TRUE;
    }

  /* an NHS number typed in part, with spaces or dashes */
  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-')
        number_like = FALSE;
    }
  return (number_like && digits->len > 0 && cpis_task_get_nhs_number (task) != NULL &&
          strstr (cpis_task_get_nhs_number (task), digits->str) != NULL);
}

/* [start, end) of the UK day and week of @now */
static void
oracle_bounds (GDateTime *now,
               gint64    *day_start,
               gint64    *day_end,
               gint64    *week_start,
               gint64    *week_end)
{
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, london);
  g_autoptr(GDateTime) midnight = g_date_time_new (london, g_date_time_get_year (local),
                                                   g_date_time_get_month (local),
                                                   g_date_time_get_day_of_month (local), 0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);
  g_autoptr(GDateTime) monday = g_date_time_add_days (midnight, -(g_date_time_get_day_of_week (local) - 1));
  g_autoptr(GDateTime) next_monday = g_date_time_add_days (monday, 7);

  *day_start = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
  *day_end = g_date_time_to_unix (tomorrow) * G_USEC_PER_SEC;
  *week_start = g_date_time_to_unix (monday) * G_USEC_PER_SEC;
  *week_end = g_date_time_to_unix (next_monday) * G_USEC_PER_SEC;
}

static gboolean
oracle_view (CpisTaskInboxView  view,
             CpisTask          *task)
{
  CpisTaskStatus status = cpis_task_get_status (task);

  switch (view)
    {
    case CPIS_TASK_INBOX_VIEW_OPEN:
      return status == CPIS_TASK_STATUS_REQUESTED || status == CPIS_TASK_STATUS_ACCEPTED;
    case CPIS_TASK_INBOX_VIEW_IN_PROGRESS:
      return status == CPIS_TASK_STATUS_IN_PROGRESS;
    case CPIS_TASK_INBOX_VIEW_DONE:
      return status == CPIS_TASK_STATUS_COMPLETED || status == CPIS_TASK_STATUS_CANCELLED;
    default:
      return TRUE;
    }
}

static gboolean
oracle_scope (const Settings     *settings,
              const Bounds       *bounds,
              CpisTaskInboxScope  scope,
              CpisTask           *task)
{
  gint64 authored = cpis_task_get_authored_on (task);

  if ((scope & CPIS_TASK_INBOX_SCOPE_TODAY) &&
      !(authored >= bounds->day_start && authored < bounds->day_end))
    return FALSE;
  if ((scope & CPIS_TASK_INBOX_SCOPE_THIS_WEEK) &&
      !(authored >= bounds->week_start && authored < bounds->week_end))
    return FALSE;
  if ((scope & CPIS_TASK_INBOX_SCOPE_OUT_OF_AREA) && !cpis_task_get_out_of_area (task))
    return FALSE;
  if ((scope & CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME) &&
      !(settings->me != NULL && cpis_task_get_owner_kind (task) == CPIS_TASK_OWNER_WORKER &&
        g_strcmp0 (cpis_task_get_owner_id (task), settings->me) == 0))
    return FALSE;
  if ((scope & CPIS_TASK_INBOX_SCOPE_INACTIVE_NUMBER) &&
      cpis_task_get_kind (task) != CPIS_TASK_KIND_INACTIVE_NHS_NUMBER)
    return FALSE;

  return TRUE;
}

/* "Given FAMILY" as lists sort it: "FAMILY Given" */
static char *
oracle_family_first (const char *name)
{
  g_auto(GStrv) words = NULL;
  guint n;
  g_autoptr(GString) text = NULL;

  if (name == NULL)
    return NULL;
  words = g_strsplit (name, " ", -1);
  n = g_strv_length (words);
  text = g_string_new (words[n - 1]);
  for (guint i = 0; i + 1 < n; i++)
    g_string_append_printf (text, " %s", words[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The documented order of names: the locale's collation of the case fold,
 * then as written, none first */
static int
oracle_compare_text (const char *a,
                     const char *b)
{
  g_autofree char *fold_a = NULL;
  g_autofree char *fold_b = NULL;
  g_autofree char *key_a = NULL;
  g_autofree char *key_b = NULL;
  int order;

  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);

  fold_a = g_utf8_casefold (a, -1);
  fold_b = g_utf8_casefold (b, -1);
  key_a = g_utf8_collate_key (fold_a, -1);
  key_b = g_utf8_collate_key (fold_b, -1);
  order = strcmp (key_a, key_b);
  return order != 0 ? order : strcmp (a, b);
}

static int
sign (gint64 value)
{
  return (value > 0) - (value < 0);
}

static int
oracle_compare_column (CpisTask            *a,
                       CpisTask            *b,
                       CpisTaskInboxColumn  column)
{
  switch (column)
    {
    case CPIS_TASK_INBOX_COLUMN_AUTHORED_ON:
      return sign (cpis_task_get_authored_on (a) - cpis_task_get_authored_on (b));
    case CPIS_TASK_INBOX_COLUMN_LAST_MODIFIED:
      return sign (cpis_task_get_last_modified (a) - cpis_task_get_last_modified (b));
    case CPIS_TASK_INBOX_COLUMN_STATUS:
      return sign ((gint64) cpis_task_get_status (a) - cpis_task_get_status (b));
    case CPIS_TASK_INBOX_COLUMN_CHILD_NAME:
      {
        /* by family name (the last word) first */
        g_autofree char *name_a = oracle_family_first (cpis_task_get_child_name (a));
        g_autofree char *name_b = oracle_family_first (cpis_task_get_child_name (b));

        return oracle_compare_text (name_a, name_b);
      }
    case CPIS_TASK_INBOX_COLUMN_NHS_NUMBER:
      return g_strcmp0 (cpis_task_get_nhs_number (a), cpis_task_get_nhs_number (b));
    case CPIS_TASK_INBOX_COLUMN_KIND:
      return sign ((gint64) cpis_task_get_kind (a) - cpis_task_get_kind (b));
    case CPIS_TASK_INBOX_COLUMN_SETTING:
      return oracle_compare_text (cpis_task_get_setting_name (a), cpis_task_get_setting_name (b));
    case CPIS_TASK_INBOX_COLUMN_VIEWER:
      return oracle_compare_text (cpis_task_get_viewer_name (a), cpis_task_get_viewer_name (b));
    case CPIS_TASK_INBOX_COLUMN_OWNER:
      return oracle_compare_text (cpis_task_get_owner_display (a), cpis_task_get_owner_display (b));
    case CPIS_TASK_INBOX_COLUMN_OUT_OF_AREA:
      return sign ((gint64) cpis_task_get_out_of_area (a) - cpis_task_get_out_of_area (b));
    case CPIS_TASK_INBOX_COLUMN_OUTCOME:
      return sign ((gint64) cpis_task_get_outcome (a) - cpis_task_get_outcome (b));
    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  CpisTask *task;
  char     *key;    /* for a text column: the collation key of its case fold */
  char     *text;   /* what it sorts by */
} Row;

static char *
oracle_column_text (CpisTask            *task,
                    CpisTaskInboxColumn  column)
{
  switch (column)
    {
    case CPIS_TASK_INBOX_COLUMN_CHILD_NAME:
      return oracle_family_first (cpis_task_get_child_name (task));
    case CPIS_TASK_INBOX_COLUMN_SETTING:
      return g_strdup (cpis_task_get_setting_name (task));
    case CPIS_TASK_INBOX_COLUMN_VIEWER:
      return g_strdup (cpis_task_get_viewer_name (task));
    case CPIS_TASK_INBOX_COLUMN_OWNER:
      return g_strdup (cpis_task_get_owner_display (task));
    default:
      return NULL;
    }
}

static gboolean
oracle_is_text (CpisTaskInboxColumn column)
{
  return (column == CPIS_TASK_INBOX_COLUMN_CHILD_NAME || column == CPIS_TASK_INBOX_COLUMN_SETTING ||
          column == CPIS_TASK_INBOX_COLUMN_VIEWER || column == CPIS_TASK_INBOX_COLUMN_OWNER);
}

/* The column its way round, then newest first, then by id */
static int
oracle_compare (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const Settings *settings = user_data;
  const Row *first = a;
  const Row *second = b;
  int order = 0;

  if (settings->column != CPIS_TASK_INBOX_N_COLUMNS)
    {
      if (oracle_is_text (settings->column))
        {
          if (first->key == NULL || second->key == NULL)
            order = (first->key != NULL) - (second->key != NULL);
          else if ((order = strcmp (first->key, second->key)) == 0)
            order = strcmp (first->text, second->text);
        }
      else
        order = oracle_compare_column (first->task, second->task, settings->column);
      if (settings->order == GTK_SORT_DESCENDING)
        order = -order;
    }
  if (order == 0)
    order = oracle_compare_column (second->task, first->task, CPIS_TASK_INBOX_COLUMN_AUTHORED_ON);
  if (order == 0)
    order = strcmp (cpis_task_get_id (first->task), cpis_task_get_id (second->task));

  return order;
}

/* What the inbox should show now */
static GPtrArray *
oracle_shown (Fixture      *fixture,
              const Bounds *bounds)
{
  const Settings *settings = &fixture->settings;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  GPtrArray *shown;

  for (guint i = 0; i < fixture->held->len; i++)
    {
      CpisTask *task = g_ptr_array_index (fixture->held, i);

      if (oracle_view (settings->view, task) &&
          oracle_scope (settings, bounds, settings->scope, task) &&
          (settings->text == NULL || oracle_text (task, settings->text)))
        {
          Row row = { task, NULL, NULL };

          if (settings->column != CPIS_TASK_INBOX_N_COLUMNS && oracle_is_text (settings->column))
            {
              row.text = oracle_column_text (task, settings->column);
              if (row.text != NULL)
                {
                  g_autofree char *folded = g_utf8_casefold (row.text, -1);

                  row.key = g_utf8_collate_key (folded, -1);
                }
            }
          g_array_append_val (rows, row);
        }
    }

  g_array_sort_with_data (rows, oracle_compare, (gpointer) settings);

  shown = g_ptr_array_new_full (rows->len, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      g_ptr_array_add (shown, g_array_index (rows, Row, i).task);
      g_free (g_array_index (rows, Row, i).key);
      g_free (g_array_index (rows, Row, i).text);
    }
  return shown;
}

/* Checking --------------------------------------------------------------- */

static void
check (Fixture    *fixture,
       const char *what)
{
  g_autoptr(GPtrArray) expected = NULL;
  GListModel *model = G_LIST_MODEL (fixture->inbox);
  const CpisTaskInboxScope scopes[] = {
    CPIS_TASK_INBOX_SCOPE_TODAY, CPIS_TASK_INBOX_SCOPE_THIS_WEEK,
    CPIS_TASK_INBOX_SCOPE_OUT_OF_AREA, CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME,
    CPIS_TASK_INBOX_SCOPE_INACTIVE_NUMBER,
  };

  Bounds bounds;

  oracle_bounds (fixture->settings.now, &bounds.day_start, &bounds.day_end,
                 &bounds.week_start, &bounds.week_end);
  expected = oracle_shown (fixture, &bounds);

  fixture->checks++;
  g_test_message ("%s: %u shown of %u", what, expected->len, fixture->held->len);
  g_assert_cmpuint (cpis_task_inbox_get_n_tasks (fixture->inbox), ==, fixture->held->len);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(CpisTask) task = g_list_model_get_item (model, i);

      if (task != g_ptr_array_index (expected, i))
        g_error ("%s: row %u is %s, expected %s", what, i, cpis_task_get_id (task),
                 cpis_task_get_id (g_ptr_array_index (expected, i)));
    }
  g_assert_null (g_list_model_get_item (model, expected->len));

  /* and every change was told: a view has the same rows */
  g_assert_cmpuint (fixture->mirror->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_true (fixture->mirror->pdata[i] == expected->pdata[i]);

  /* the sidebar's counts: each filter alone, over all held */
  for (guint view = 0; view < CPIS_TASK_INBOX_N_VIEWS; view++)
    {
      guint count = 0;

      for (guint i = 0; i < fixture->held->len; i++)
        count += oracle_view (view, g_ptr_array_index (fixture->held, i));
      g_assert_cmpuint (cpis_task_inbox_get_view_count (fixture->inbox, view), ==, count);
    }
  for (guint s = 0; s < G_N_ELEMENTS (scopes); s++)
    {
      guint count = 0;

      /* of the view's: what checking the scope would show (without the search) */
      for (guint i = 0; i < fixture->held->len; i++)
        count += oracle_view (fixture->settings.view, g_ptr_array_index (fixture->held, i)) &&
                 oracle_scope (&fixture->settings, &bounds, scopes[s],
                               g_ptr_array_index (fixture->held, i));
      g_assert_cmpuint (cpis_task_inbox_get_scope_count (fixture->inbox, scopes[s]), ==, count);
    }
}

/* What a view does with "items-changed": the rows it was told of */
static void
mirror_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GPtrArray  *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(CpisTask) task = g_list_model_get_item (model, position + i);

      g_assert_nonnull (task);
      g_ptr_array_insert (mirror, position + i, task);
    }
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (model));
}

/* Applies @settings to the inbox (and the brute force) and checks */
static void
apply (Fixture        *fixture,
       const Settings *settings,
       const char     *what)
{
  fixture->settings = *settings;
  cpis_task_inbox_set_view (fixture->inbox, settings->view);
  cpis_task_inbox_set_scope (fixture->inbox, settings->scope);
  cpis_task_inbox_set_search_text (fixture->inbox, settings->text);
  cpis_task_inbox_set_me (fixture->inbox, settings->me);
  if (settings->column == CPIS_TASK_INBOX_N_COLUMNS)
    cpis_task_inbox_set_sorter (fixture->inbox, NULL);
  else
    cpis_task_inbox_sort_by (fixture->inbox, settings->column, settings->order);
  check (fixture, what);
}

static void
hold (Fixture  *fixture,
      CpisTask *task)
{
  gpointer index;

  if (g_hash_table_lookup_extended (fixture->by_id, cpis_task_get_id (task), NULL, &index))
    {
      CpisTask *held = g_ptr_array_index (fixture->held, GPOINTER_TO_UINT (index));

      if (g_ascii_strtoull (cpis_task_get_version (task), NULL, 10) <=
          g_ascii_strtoull (cpis_task_get_version (held), NULL, 10))
        return;
      g_hash_table_replace (fixture->by_id, (gpointer) cpis_task_get_id (task), index);
      g_object_unref (held);
      fixture->held->pdata[GPOINTER_TO_UINT (index)] = g_object_ref (task);
      return;
    }

  g_hash_table_insert (fixture->by_id, (gpointer) cpis_task_get_id (task),
                       GUINT_TO_POINTER (fixture->held->len));
  g_ptr_array_add (fixture->held, g_object_ref (task));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) tasks = NULL;

  fixture->settings = (Settings) {
    .view = CPIS_TASK_INBOX_VIEW_OPEN,
    .column = CPIS_TASK_INBOX_N_COLUMNS,
    .now = g_date_time_new_from_iso8601 (NOW, NULL),
  };
  fixture->held = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  fixture->inbox = cpis_task_inbox_new ();
  fixture->mirror = g_ptr_array_new ();
  g_signal_connect (fixture->inbox, "items-changed", G_CALLBACK (mirror_items_changed_cb),
                    fixture->mirror);
  cpis_task_inbox_set_now (fixture->inbox, fixture->settings.now);

  /* as pages of a search arrive */
  tasks = cpis_test_tasks_generate (N_TASKS, 0, SEED, fixture->settings.now);
  for (guint start = 0; start < tasks->len; start += 500)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new ();

      for (guint i = start; i < MIN (start + 500, tasks->len); i++)
        {
          g_ptr_array_add (page, g_ptr_array_index (tasks, i));
          hold (fixture, g_ptr_array_index (tasks, i));
        }
      cpis_task_inbox_add_all (fixture->inbox, page);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->inbox);
  g_clear_pointer (&fixture->mirror, g_ptr_array_unref);
  g_clear_pointer (&fixture->by_id, g_hash_table_unref);
  g_clear_pointer (&fixture->held, g_ptr_array_unref);
  g_clear_pointer (&fixture->settings.now, g_date_time_unref);
}

/* Tests ------------------------------------------------------------------ */

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  const CpisTaskInboxScope scopes[] = {
    CPIS_TASK_INBOX_SCOPE_NONE,
    CPIS_TASK_INBOX_SCOPE_TODAY,
    CPIS_TASK_INBOX_SCOPE_THIS_WEEK,
    CPIS_TASK_INBOX_SCOPE_OUT_OF_AREA,
    CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME,
    CPIS_TASK_INBOX_SCOPE_THIS_WEEK | CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME,
    CPIS_TASK_INBOX_SCOPE_TODAY | CPIS_TASK_INBOX_SCOPE_OUT_OF_AREA,
    CPIS_TASK_INBOX_SCOPE_INACTIVE_NUMBER,
    CPIS_TASK_INBOX_SCOPE_INACTIVE_NUMBER | CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME,
    CPIS_TASK_INBOX_SCOPE_NONE,
  };
  Settings settings = fixture->settings;

  check (fixture, "as built");

  settings.me = CPIS_TEST_TASKS_ME;
  for (guint view = 0; view < CPIS_TASK_INBOX_N_VIEWS; view++)
    for (guint s = 0; s < G_N_ELEMENTS (scopes); s++)
      {
        g_autofree char *what = g_strdup_printf ("view %u, scope %x", view, scopes[s]);

        settings.view = view;
        settings.scope = scopes[s];
        apply (fixture, &settings, what);
      }
}

/* Typed a letter at a time, rubbed out, and others */
static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  const char *typed[] = {
    "t", "te", "tes", "test", "tester", "tes", "t", NULL,
    "ZOË", "zoe", "Zoë", "ł", "lukasz", "müller", "MULLER", "åberg",
    "riverside", "RIVERSIDE ROYAL", "élise", "elise", "zzb20",
    "9", "999", "999 0", "999-00", "9990", "999 001 ", "  ", "x-1", "1-2",
    "o'test", "staff", "nobody at all", NULL,
  };
  Settings settings = fixture->settings;

  settings.view = CPIS_TASK_INBOX_VIEW_ALL;
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autofree char *what = g_strdup_printf ("search “%s”", typed[i] != NULL ? typed[i] : "(none)");

      settings.text = typed[i];
      apply (fixture, &settings, what);
    }

  /* with a view and a scope */
  settings.view = CPIS_TASK_INBOX_VIEW_OPEN;
  settings.scope = CPIS_TASK_INBOX_SCOPE_THIS_WEEK;
  settings.text = "sam";
  apply (fixture, &settings, "open this week, “sam”");
}

static void
test_sorts (Fixture       *fixture,
            gconstpointer  data)
{
  Settings settings = fixture->settings;

  settings.view = CPIS_TASK_INBOX_VIEW_ALL;
  for (guint column = 0; column < CPIS_TASK_INBOX_N_COLUMNS; column++)
    for (guint order = 0; order < 2; order++)
      {
        g_autofree char *what = g_strdup_printf ("sorted by column %u %s", column,
                                                 order == 0 ? "ascending" : "descending");

        settings.column = column;
        settings.order = order == 0 ? GTK_SORT_ASCENDING : GTK_SORT_DESCENDING;
        apply (fixture, &settings, what);
      }

  /* a sort, then filters over it, then the order back to newest first */
  settings.column = CPIS_TASK_INBOX_COLUMN_CHILD_NAME;
  settings.order = GTK_SORT_ASCENDING;
  settings.view = CPIS_TASK_INBOX_VIEW_OPEN;
  settings.text = "sam";
  apply (fixture, &settings, "by name, open, “sam”");
  settings.column = CPIS_TASK_INBOX_N_COLUMNS;
  apply (fixture, &settings, "newest first again");
}

/* (the inbox's probe rows have nothing but an id: a sorter must take them) */
static gint64
nhs_key (CpisTask *task)
{
  const char *nhs_number = cpis_task_get_nhs_number (task);

  return nhs_number != NULL ? (gint64) g_ascii_strtoull (nhs_number, NULL, 10) : -1;
}

/* As a GtkColumnView's sorter does for a column sorted descending: the
 * column's sorter, turned round */
#define TEST_TYPE_TURNED_SORTER (test_turned_sorter_get_type ())
G_DECLARE_FINAL_TYPE (TestTurnedSorter, test_turned_sorter, TEST, TURNED_SORTER, GtkSorter)

struct _TestTurnedSorter
{
  GtkSorter  parent_instance;
  GtkSorter *inner;
};

G_DEFINE_FINAL_TYPE (TestTurnedSorter, test_turned_sorter, GTK_TYPE_SORTER)

static GtkOrdering
test_turned_sorter_compare (GtkSorter *sorter,
                            gpointer   a,
                            gpointer   b)
{
  return -gtk_sorter_compare (TEST_TURNED_SORTER (sorter)->inner, a, b);
}

static GtkSorterOrder
test_turned_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
test_turned_sorter_finalize (GObject *object)
{
  g_clear_object (&TEST_TURNED_SORTER (object)->inner);
  G_OBJECT_CLASS (test_turned_sorter_parent_class)->finalize (object);
}

static void
test_turned_sorter_class_init (TestTurnedSorterClass *klass)
{
  GTK_SORTER_CLASS (klass)->compare = test_turned_sorter_compare;
  GTK_SORTER_CLASS (klass)->get_order = test_turned_sorter_get_order;
  G_OBJECT_CLASS (klass)->finalize = test_turned_sorter_finalize;
}

static void
test_turned_sorter_init (TestTurnedSorter *self)
{
}

/* A GtkColumnView's own sorter, turned round by its view */
static void
test_column_view_sorter (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GtkSorter) sorter = cpis_task_inbox_create_sorter (CPIS_TASK_INBOX_COLUMN_SETTING,
                                                               GTK_SORT_ASCENDING);
  Settings settings = fixture->settings;

  /* (a GtkColumnView cannot be made without a display: its sorter stands
   * in, a GtkMultiSorter whose column says nothing for ties) */
  g_autoptr(GtkMultiSorter) view_sorter = gtk_multi_sorter_new ();

  gtk_multi_sorter_append (view_sorter, g_object_ref (sorter));
  settings.view = CPIS_TASK_INBOX_VIEW_ALL;
  settings.column = CPIS_TASK_INBOX_COLUMN_SETTING;
  settings.order = GTK_SORT_ASCENDING;
  fixture->settings = settings;
  cpis_task_inbox_set_view (fixture->inbox, settings.view);
  cpis_task_inbox_set_sorter (fixture->inbox, GTK_SORTER (view_sorter));
  g_assert_true (cpis_task_inbox_get_sorter (fixture->inbox) == GTK_SORTER (view_sorter));
  check (fixture, "the view's sorter");

  /* the view's sorter changes (a click on another column) */
  gtk_multi_sorter_remove (view_sorter, 0);
  gtk_multi_sorter_append (view_sorter, cpis_task_inbox_create_sorter (CPIS_TASK_INBOX_COLUMN_LAST_MODIFIED,
                                                                       GTK_SORT_DESCENDING));
  fixture->settings.column = CPIS_TASK_INBOX_COLUMN_LAST_MODIFIED;
  fixture->settings.order = GTK_SORT_DESCENDING;
  check (fixture, "the view's sorter, changed");

  /* a column the view sorts the other way round */
  {
    TestTurnedSorter *turned = g_object_new (TEST_TYPE_TURNED_SORTER, NULL);

    turned->inner = cpis_task_inbox_create_sorter (CPIS_TASK_INBOX_COLUMN_CHILD_NAME, GTK_SORT_ASCENDING);
    gtk_multi_sorter_remove (view_sorter, 0);
    gtk_multi_sorter_append (view_sorter, GTK_SORTER (turned));
    fixture->settings.column = CPIS_TASK_INBOX_COLUMN_CHILD_NAME;
    fixture->settings.order = GTK_SORT_DESCENDING;
    check (fixture, "the view's sorter, turned round");
  }

  /* nothing sorted: newest first */
  gtk_multi_sorter_remove (view_sorter, 0);
  fixture->settings.column = CPIS_TASK_INBOX_N_COLUMNS;
  check (fixture, "the view's sorter, empty");

  /* a sorter that is none of the inbox's is sorted with as it is */
  {
    g_autoptr(GtkSorter) by_nhs = GTK_SORTER (gtk_numeric_sorter_new (
      gtk_cclosure_expression_new (G_TYPE_INT64, NULL, 0, NULL, G_CALLBACK (nhs_key), NULL, NULL)));

    gtk_multi_sorter_append (view_sorter, g_object_ref (by_nhs));
    fixture->settings.column = CPIS_TASK_INBOX_COLUMN_NHS_NUMBER;
    fixture->settings.order = GTK_SORT_ASCENDING;
    check (fixture, "another sorter");

    /* arrivals and new versions, merged by that sorter */
    {
      g_autoptr(GPtrArray) arrivals = cpis_test_tasks_generate (300, N_TASKS, SEED + 5,
                                                                fixture->settings.now);
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < arrivals->len; i++)
        g_ptr_array_add (page, g_object_ref (arrivals->pdata[i]));
      for (guint i = 0; i < 100; i++)
        {
          CpisTask *held = g_ptr_array_index (fixture->held, i * 37);
          guint version = (guint) g_ascii_strtoull (cpis_task_get_version (held), NULL, 10);

          g_ptr_array_add (page, cpis_test_tasks_new_version (held, cpis_task_get_status (held), version + 1,
                                                              cpis_task_get_last_modified (held) + 1));
        }
      cpis_task_inbox_add_all (fixture->inbox, page);
      for (guint i = 0; i < page->len; i++)
        hold (fixture, page->pdata[i]);
      check (fixture, "another sorter, a page in");
    }
  }
}

typedef struct
{
  guint items_changed;
  guint counts_changed;
} Signals;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Signals    *signals)
{
  signals->items_changed++;
}

static void
counts_changed_cb (CpisTaskInbox *inbox,
                   Signals       *signals)
{
  signals->counts_changed++;
}

/* New arrivals and new versions, one at a time, as the inbox is shown */
static void
test_live (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) arrivals = cpis_test_tasks_generate (2000, N_TASKS, SEED + 1, fixture->settings.now);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED + 2);
  g_autoptr(GDateTime) now = g_date_time_ref (fixture->settings.now);
  Settings settings = fixture->settings;
  Signals signals = { 0, 0 };
  const struct
  {
    CpisTaskInboxView    view;
    CpisTaskInboxScope   scope;
    const char          *text;
    CpisTaskInboxColumn  column;
  } rounds[] = {
    { CPIS_TASK_INBOX_VIEW_OPEN, CPIS_TASK_INBOX_SCOPE_NONE, NULL, CPIS_TASK_INBOX_N_COLUMNS },
    { CPIS_TASK_INBOX_VIEW_ALL, CPIS_TASK_INBOX_SCOPE_TODAY, NULL, CPIS_TASK_INBOX_COLUMN_STATUS },
    { CPIS_TASK_INBOX_VIEW_IN_PROGRESS, CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME, NULL,
      CPIS_TASK_INBOX_COLUMN_CHILD_NAME },
    { CPIS_TASK_INBOX_VIEW_ALL, CPIS_TASK_INBOX_SCOPE_NONE, "zoë", CPIS_TASK_INBOX_COLUMN_VIEWER },
    { CPIS_TASK_INBOX_VIEW_DONE, CPIS_TASK_INBOX_SCOPE_THIS_WEEK, "999", CPIS_TASK_INBOX_COLUMN_OUTCOME },
  };

  settings.me = CPIS_TEST_TASKS_ME;
  g_signal_connect (fixture->inbox, "items-changed", G_CALLBACK (items_changed_cb), &signals);
  g_signal_connect (fixture->inbox, "counts-changed", G_CALLBACK (counts_changed_cb), &signals);

  for (guint r = 0; r < G_N_ELEMENTS (rounds); r++)
    {
      g_autofree char *what = g_strdup_printf ("round %u", r);

      settings.view = rounds[r].view;
      settings.scope = rounds[r].scope;
      settings.text = rounds[r].text;
      settings.column = rounds[r].column;
      settings.order = GTK_SORT_ASCENDING;
      apply (fixture, &settings, what);

      for (guint i = 0; i < 400; i++)
        {
          g_autoptr(CpisTask) task = NULL;
          gboolean expected_change;
          guint held_before = fixture->held->len;
          int roll = g_rand_int_range (rand, 0, 10);

          if (roll < 5)
            {
              /* a new notification, raised now */
              CpisTask *arrival = g_ptr_array_index (arrivals, r * 400 + i);

              task = cpis_test_tasks_new_version (arrival, cpis_task_get_status (arrival), 1,
                                                  g_date_time_to_unix (now) * G_USEC_PER_SEC);
              expected_change = TRUE;
            }
          else
            {
              /* a change to one held (newer), or a late answer (older) */
              CpisTask *held = g_ptr_array_index (fixture->held,
                                                  g_rand_int_range (rand, 0, fixture->held->len));
              guint version = (guint) g_ascii_strtoull (cpis_task_get_version (held), NULL, 10);
              CpisTaskStatus next[CPIS_TASK_N_STATUSES];
              guint n = cpis_task_get_next_statuses (held, next);
              CpisTaskStatus status = n > 0 ? next[g_rand_int_range (rand, 0, n)]
                                            : cpis_task_get_status (held);
              gboolean late = roll == 9;

              task = cpis_test_tasks_new_version (held, status, late ? version : version + 1,
                                                  cpis_task_get_last_modified (held) + G_USEC_PER_SEC);
              expected_change = !late;
            }

          g_assert_cmpint (cpis_task_inbox_add (fixture->inbox, task), ==, expected_change);
          hold (fixture, task);
          g_assert_cmpuint (fixture->held->len, >=, held_before);
          if (i % 100 == 99)
            check (fixture, what);
        }
    }

  g_assert_cmpuint (signals.items_changed, >, 0);
  g_assert_cmpuint (signals.counts_changed, >, 0);
  g_assert_cmpuint (fixture->held->len, >, N_TASKS);
  /* lookups find the newest version held */
  for (guint i = 0; i < fixture->held->len; i += 997)
    {
      CpisTask *task = g_ptr_array_index (fixture->held, i);

      g_assert_true (cpis_task_inbox_lookup (fixture->inbox, cpis_task_get_id (task)) == task);
    }
  g_assert_null (cpis_task_inbox_lookup (fixture->inbox, "task-none"));
}

/* Midnight, a week on, another user */
static void
test_time_and_me (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDateTime) next_day = g_date_time_new_from_iso8601 ("2026-12-03T00:00:00+00:00", NULL);
  g_autoptr(GDateTime) late_evening = g_date_time_new_from_iso8601 ("2026-12-02T23:59:59.999999+00:00", NULL);
  g_autoptr(GDateTime) summer = g_date_time_new_from_iso8601 ("2026-07-01T23:30:00+00:00", NULL);
  Settings settings = fixture->settings;
  guint before;

  settings.view = CPIS_TASK_INBOX_VIEW_ALL;
  settings.scope = CPIS_TASK_INBOX_SCOPE_TODAY;
  settings.me = CPIS_TEST_TASKS_ME;
  apply (fixture, &settings, "today");
  before = cpis_task_inbox_get_scope_count (fixture->inbox, CPIS_TASK_INBOX_SCOPE_TODAY);
  g_assert_cmpuint (before, >, 0);

  g_date_time_unref (fixture->settings.now);
  fixture->settings.now = g_date_time_ref (late_evening);
  cpis_task_inbox_set_now (fixture->inbox, late_evening);
  check (fixture, "a moment before midnight");

  g_date_time_unref (fixture->settings.now);
  fixture->settings.now = g_date_time_ref (next_day);
  cpis_task_inbox_set_now (fixture->inbox, next_day);
  check (fixture, "midnight");
  /* nothing was raised after the generator's now */
  g_assert_cmpuint (cpis_task_inbox_get_scope_count (fixture->inbox, CPIS_TASK_INBOX_SCOPE_TODAY), ==, 0);

  /* British Summer Time: 23:30 UTC is already the next day in the UK */
  g_date_time_unref (fixture->settings.now);
  fixture->settings.now = g_date_time_ref (summer);
  cpis_task_inbox_set_now (fixture->inbox, summer);
  fixture->settings.scope = CPIS_TASK_INBOX_SCOPE_THIS_WEEK;
  cpis_task_inbox_set_scope (fixture->inbox, fixture->settings.scope);
  check (fixture, "summer");

  settings = fixture->settings;
  settings.scope = CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME;
  settings.me = "pr-07";
  apply (fixture, &settings, "another social worker");
  settings.me = NULL;
  apply (fixture, &settings, "nobody signed in");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->inbox)), ==, 0);
}

static void
test_remove_all (Fixture       *fixture,
                 gconstpointer  data)
{
  cpis_task_inbox_remove_all (fixture->inbox);
  g_ptr_array_set_size (fixture->held, 0);
  g_hash_table_remove_all (fixture->by_id);
  check (fixture, "emptied");
  g_assert_cmpuint (cpis_task_inbox_get_view_count (fixture->inbox, CPIS_TASK_INBOX_VIEW_ALL), ==, 0);
  g_assert_null (cpis_task_inbox_lookup (fixture->inbox, "00000001-6a51-4c1b-9a7e-2d9e8f1b0c11"));
}

/* Ranks: in collation order, case aside, and renumbered when a gap runs out */
static void
test_collation_ranks (void)
{
  g_autoptr(CpisCollationRanks) ranks = cpis_collation_ranks_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  const char *first[] = { "b", "A", "a", NULL, "c", "b" };
  gboolean renumbered = FALSE;

  g_assert_false (cpis_collation_ranks_add (ranks, first, G_N_ELEMENTS (first)));
  g_assert_cmpuint (cpis_collation_ranks_get_size (ranks), ==, 4);
  g_assert_cmpint (cpis_collation_ranks_get (ranks, NULL), ==, CPIS_COLLATION_RANK_NONE);
  /* "A" and "a" fold alike: then as written */
  g_assert_cmpint (cpis_collation_ranks_get (ranks, "A"), <, cpis_collation_ranks_get (ranks, "a"));
  g_assert_cmpint (cpis_collation_ranks_get (ranks, "a"), <, cpis_collation_ranks_get (ranks, "b"));
  g_assert_cmpint (cpis_collation_ranks_get (ranks, "b"), <, cpis_collation_ranks_get (ranks, "c"));
  g_assert_cmpint (cpis_collation_ranks_get (ranks, NULL), <, cpis_collation_ranks_get (ranks, "A"));

  /* "az", "azz", … each just after the last, before "b": the gap halves each time */
  g_ptr_array_add (texts, g_strdup ("a"));
  for (guint i = 1; i <= 100; i++)
    {
      char *text = g_strnfill (i + 1, 'z');
      const char *one[1];

      text[0] = 'a';
      one[0] = text;
      g_ptr_array_add (texts, text);
      renumbered |= cpis_collation_ranks_add (ranks, one, 1);

      for (guint j = 1; j < texts->len; j++)
        g_assert_cmpint (cpis_collation_ranks_get (ranks, texts->pdata[j - 1]), <,
                         cpis_collation_ranks_get (ranks, texts->pdata[j]));
      g_assert_cmpint (cpis_collation_ranks_get (ranks, texts->pdata[texts->len - 1]), <,
                       cpis_collation_ranks_get (ranks, "b"));
    }
  g_assert_true (renumbered);

  /* many at once, among them */
  {
    const char *batch[] = { "bb", "B", "aaa", "zz", "0", "azzzzq", "Ärger", "ärger" };
    const char *order[] = { "0", "a", "aaa", "azzzzq", "b", "B", "bb", "c", "zz" };

    cpis_collation_ranks_add (ranks, batch, G_N_ELEMENTS (batch));
    for (guint j = 1; j < G_N_ELEMENTS (order); j++)
      {
        g_autofree char *fold_a = g_utf8_casefold (order[j - 1], -1);
        g_autofree char *fold_b = g_utf8_casefold (order[j], -1);
        g_autofree char *key_a = g_utf8_collate_key (fold_a, -1);
        g_autofree char *key_b = g_utf8_collate_key (fold_b, -1);
        int expected = strcmp (key_a, key_b) != 0 ? strcmp (key_a, key_b) : strcmp (order[j - 1], order[j]);

        g_assert_cmpint ((cpis_collation_ranks_get (ranks, order[j - 1]) < cpis_collation_ranks_get (ranks, order[j])),
                         ==, expected < 0);
      }
  }

  cpis_collation_ranks_clear (ranks);
  g_assert_cmpuint (cpis_collation_ranks_get_size (ranks), ==, 0);
}

/* Sorted by name while names arrive that use up the room between two: the
 * ranks are renumbered, and the rows keyed again */
static void
test_renumbered_while_sorted (Fixture       *fixture,
                              gconstpointer  data)
{
  Settings settings = fixture->settings;
  CpisTask *model = g_ptr_array_index (fixture->held, 0);

  settings.view = CPIS_TASK_INBOX_VIEW_ALL;
  settings.column = CPIS_TASK_INBOX_COLUMN_CHILD_NAME;
  settings.order = GTK_SORT_ASCENDING;
  apply (fixture, &settings, "by name");

  for (guint i = 1; i <= 80; i++)
    {
      g_autofree char *id = g_strdup_printf ("task-renumber-%02u", i);
      g_autofree char *name = g_strnfill (i + 4, 'z');
      g_autoptr(CpisTask) task = NULL;

      /* "Alex" "Alexz", "Alexzz", …: each just after the last */
      memcpy (name, "Alex", 4);
      task = g_object_new (CPIS_TYPE_TASK,
                           "id", id, "version", "1",
                           "status", CPIS_TASK_STATUS_REQUESTED,
                           "nhs-number", cpis_task_get_nhs_number (model),
                           "child-name", name,
                           "authored-on", cpis_task_get_authored_on (model),
                           "owner-id", "ZZL01",
                           NULL);
      g_assert_true (cpis_task_inbox_add (fixture->inbox, task));
      hold (fixture, task);
      if (i % 20 == 0)
        check (fixture, "names arriving");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/task-inbox/filters", test_filters);
  ADD ("/task-inbox/search", test_search);
  ADD ("/task-inbox/sorts", test_sorts);
  ADD ("/task-inbox/column-view-sorter", test_column_view_sorter);
  ADD ("/task-inbox/live", test_live);
  ADD ("/task-inbox/time-and-me", test_time_and_me);
  ADD ("/task-inbox/remove-all", test_remove_all);
  ADD ("/task-inbox/renumbered-while-sorted", test_renumbered_while_sorted);
  g_test_add_func ("/collation-ranks", test_collation_ranks);

#undef ADD

  return g_test_run ();
}
