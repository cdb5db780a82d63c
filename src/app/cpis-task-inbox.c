/* cpis-task-inbox.c: a social worker's notifications, filtered and sorted
 *
 * Every notification held is a row of @rows, in the order shown, with its
 * sort key and whether the filter lets it through; @shown is those that it
 * does, in order: the list the inbox is, as a GListModel. So:
 *
 * - a change of filter looks at each row once (or, when it only narrows or
 *   widens, only at those shown or hidden) and never sorts;
 * - a change of order computes each row's key once (a number: a moment, a
 *   status, a text's rank in the locale's collation, CpisCollationRanks)
 *   and sorts the rows by their keys, next to each other in memory, without
 *   asking the filter again;
 * - a page of new arrivals is keyed, sorted and merged into the rows, and
 *   only its own rows are filtered;
 * - the list's change is told as one "items-changed", from the first row
 *   that differs to the last.
 *
 * GTK's GtkFilterListModel over a GtkSortListModel (or the other way round)
 * did the same work several times over on 100,000 rows (GTK 4.8): a filter
 * change keyed every row again; finding a filtered row by position costs a
 * search of a bitset; its sorters are given each row's key through
 * GtkExpressions and GValues. The inbox was built on them first; the
 * figures of both are in benchmarks/bench-task-inbox.c's commit.
 *
 * A GtkColumnView's sorter compares rows pair by pair: the inbox follows it
 * instead of sorting with it. Its columns' sorters are the inbox's
 * (cpis_task_inbox_create_sorter); when the view's sorter changes, one
 * comparison of two probe rows tells which of them it asks first, and
 * which way round, and the inbox sorts by that column with its own keys.
 *
 * In the filter, moments are compared as integers, "today" and "this week"
 * are two bounds computed once, the search text is folded once, texts in
 * plain ASCII (nearly all) are matched without folding them, and others are
 * folded once each (kept with their ranks).
 */

#include "cpis-task-inbox.h"

#include <string.h>

#include "cpis-collation-ranks.h"
#include "cpis-date.h"
#include "cpis-list-text-private.h"
#include "cpis-nhs-number.h"

/* One notification held */
/* One notification held. What the views and the commonest sort read is
 * kept in the row itself: a pass over 100,000 rows that reads only the
 * array does not wait on 100,000 objects scattered in memory. */
typedef struct
{
  gint64        key;         /* by the column sorted by, its way round; 0 if none */
  gint64        tie;         /* newest first: the time raised, negated */
  CpisTask     *task;        /* owned */
  const char   *viewer;      /* the task's viewer's name (the task holds it) */
  const gint64 *child_rank;  /* the rank of the child's name, family name first
                              * (where the ranks keep it: renumbered in place) */
  guint8        status;      /* the task's CpisTaskStatus */
  guint8        matched;     /* the filter lets it through */
} Row;

struct _CpisTaskInbox
{
  GObject             parent_instance;

  GArray             *rows;          /* Row, in order */
  GPtrArray          *shown;         /* CpisTask of the rows matched, in order (not owned) */
  GPtrArray          *spare;         /* the one before (update_shown) */
  GPtrArray          *by_id;         /* CpisTask held, by id (not owned) */
  CpisCollationRanks *ranks;         /* of every text searched or sorted by */

  GtkSorter          *sorter;        /* the one asked for (followed); NULL: none */
  CpisTaskInboxColumn sort_column;   /* N_COLUMNS: none, newest first */
  GtkSortType         sort_order;
  gboolean            sort_by_sorter; /* @sorter is not one to follow: sort with it */

  CpisTaskInboxView   view;
  CpisTaskInboxScope  scope;
  char               *search_text;
  char               *needle;        /* folded; NULL: no search */
  char               *needle_digits; /* the digits of a search that looks like a number */
  gsize               needle_length;
  gboolean            needle_ascii;
  char               *me;

  GDateTime          *pinned_now;
  gint64              today_start, today_end;
  gint64              week_start, week_end;
  guint               midnight_source;

  /* what each filter alone lets through: by status, and each scope (by its
   * bit) by status, so that a scope's count can be the view's */
  guint               status_counts[CPIS_TASK_N_STATUSES];
  guint               scope_counts[CPIS_TASK_INBOX_N_SCOPES][CPIS_TASK_N_STATUSES];
};

static void cpis_task_inbox_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CpisTaskInbox, cpis_task_inbox, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cpis_task_inbox_list_model_init))

G_DEFINE_ENUM_TYPE (CpisTaskInboxView, cpis_task_inbox_view,
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_VIEW_OPEN, "open"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_VIEW_IN_PROGRESS, "in-progress"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_VIEW_DONE, "done"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_VIEW_ALL, "all"))

G_DEFINE_FLAGS_TYPE (CpisTaskInboxScope, cpis_task_inbox_scope,
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_SCOPE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_SCOPE_TODAY, "today"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_SCOPE_THIS_WEEK, "this-week"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_SCOPE_OUT_OF_AREA, "out-of-area"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME, "assigned-to-me"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_SCOPE_INACTIVE_NUMBER, "inactive-number"))

G_DEFINE_ENUM_TYPE (CpisTaskInboxColumn, cpis_task_inbox_column,
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_COLUMN_AUTHORED_ON, "authored-on"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_COLUMN_LAST_MODIFIED, "last-modified"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_COLUMN_STATUS, "status"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_COLUMN_CHILD_NAME, "child-name"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_COLUMN_NHS_NUMBER, "nhs-number"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_COLUMN_KIND, "kind"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_COLUMN_SETTING, "setting"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_COLUMN_VIEWER, "viewer"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_COLUMN_OWNER, "owner"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_COLUMN_OUT_OF_AREA, "out-of-area"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_INBOX_COLUMN_OUTCOME, "outcome"))

enum {
  PROP_0,
  PROP_VIEW,
  PROP_SCOPE,
  PROP_SEARCH_TEXT,
  PROP_ME,
  PROP_SORTER,
  PROP_N_TASKS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  COUNTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A column's comparison, one way round */
typedef struct
{
  CpisTaskInboxColumn column;
  GtkSortType         order;
} SortSpec;

/* clang-format off */
#define SPEC(column) { { column, GTK_SORT_ASCENDING }, { column, GTK_SORT_DESCENDING } }
/* clang-format on */

static const SortSpec sort_specs[CPIS_TASK_INBOX_N_COLUMNS][2] = {
  SPEC (CPIS_TASK_INBOX_COLUMN_AUTHORED_ON),
  SPEC (CPIS_TASK_INBOX_COLUMN_LAST_MODIFIED),
  SPEC (CPIS_TASK_INBOX_COLUMN_STATUS),
  SPEC (CPIS_TASK_INBOX_COLUMN_CHILD_NAME),
  SPEC (CPIS_TASK_INBOX_COLUMN_NHS_NUMBER),
  SPEC (CPIS_TASK_INBOX_COLUMN_KIND),
  SPEC (CPIS_TASK_INBOX_COLUMN_SETTING),
  SPEC (CPIS_TASK_INBOX_COLUMN_VIEWER),
  SPEC (CPIS_TASK_INBOX_COLUMN_OWNER),
  SPEC (CPIS_TASK_INBOX_COLUMN_OUT_OF_AREA),
  SPEC (CPIS_TASK_INBOX_COLUMN_OUTCOME),
};

#undef SPEC

/* Text ------------------------------------------------------------------- */

static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;

  return TRUE;
}

/* Text as it is searched: compatibility-decomposed, case folded */
static char *
fold (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
}

/* Whether @haystack holds @needle (folded, @length bytes), case and accents
 * aside. Texts outside ASCII are folded once each, and kept with their
 * ranks; those in ASCII (nearly all) are read once, as they are. */
static gboolean
text_contains (CpisTaskInbox *self,
               const char    *haystack,
               const char    *needle,
               gsize          length,
               gboolean       needle_ascii)
{
  const char *folded;
  /* (the needle is folded: its first letter in lower case; compared with
   * both cases here, not through a call for each letter of 100,000 rows) */
  char first = needle[0];
  char first_upper = g_ascii_toupper (first);

  if (haystack == NULL)
    return FALSE;

  for (const char *p = haystack; *p != '\0'; p++)
    {
      /* an ASCII text folds to itself in lower case: a match in its ASCII
       * part is one in the folded text */
      if ((guchar) *p >= 0x80)
        goto folded;
      if (needle_ascii && (*p == first || *p == first_upper) && g_ascii_strncasecmp (p, needle, length) == 0)
        return TRUE;
    }
  return FALSE;

folded:
  folded = cpis_collation_ranks_get_folded (self->ranks, haystack);
  return folded != NULL && strstr (folded, needle) != NULL;
}

/* Filtering -------------------------------------------------------------- */

static gboolean
view_contains (CpisTaskInboxView view,
               CpisTaskStatus    status)
{
  switch (view)
    {
    case CPIS_TASK_INBOX_VIEW_OPEN:
      return status == CPIS_TASK_STATUS_REQUESTED || status == CPIS_TASK_STATUS_ACCEPTED;
    case CPIS_TASK_INBOX_VIEW_IN_PROGRESS:
      return status == CPIS_TASK_STATUS_IN_PROGRESS;
    case CPIS_TASK_INBOX_VIEW_DONE:
      return status == CPIS_TASK_STATUS_COMPLETED || status == CPIS_TASK_STATUS_CANCELLED;
    case CPIS_TASK_INBOX_VIEW_ALL:
    default:
      return TRUE;
    }
}

/* Whether @task has every scope in @scope */
static gboolean
has_scope (CpisTaskInbox      *self,
           CpisTask           *task,
           CpisTaskInboxScope  scope)
{
  gint64 authored;

  if (scope & (CPIS_TASK_INBOX_SCOPE_TODAY | CPIS_TASK_INBOX_SCOPE_THIS_WEEK))
    {
      authored = cpis_task_get_authored_on (task);
      if ((scope & CPIS_TASK_INBOX_SCOPE_TODAY) &&
          (authored < self->today_start || authored >= self->today_end))
        return FALSE;
      if ((scope & CPIS_TASK_INBOX_SCOPE_THIS_WEEK) &&
          (authored < self->week_start || authored >= self->week_end))
        return FALSE;
    }

  if ((scope & CPIS_TASK_INBOX_SCOPE_OUT_OF_AREA) && !cpis_task_get_out_of_area (task))
    return FALSE;

  if ((scope & CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME) && !cpis_task_is_assigned_to (task, self->me))
    return FALSE;

  if ((scope & CPIS_TASK_INBOX_SCOPE_INACTIVE_NUMBER) &&
      cpis_task_get_kind (task) != CPIS_TASK_KIND_INACTIVE_NHS_NUMBER)
    return FALSE;

  return TRUE;
}

/* @viewer: the task's viewer's name (kept with its row: it is found through
 * the access event, one object more to read a row) */
static gboolean
matches_search (CpisTaskInbox *self,
                CpisTask      *task,
                const char    *viewer)
{
  const char *nhs_number = cpis_task_get_nhs_number (task);
  const char *fields[] = {
    cpis_task_get_child_name (task),
    nhs_number,
    cpis_task_get_setting_name (task),
    cpis_task_get_setting_code (task),
    viewer,
  };

  if (self->needle_digits != NULL && nhs_number != NULL && strstr (nhs_number, self->needle_digits) != NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (text_contains (self, fields[i], self->needle, self->needle_length, self->needle_ascii))
      return TRUE;

  return FALSE;
}

static gboolean
matches (CpisTaskInbox *self,
         const Row     *row)
{
  return (view_contains (self->view, row->status) &&
          (self->scope == CPIS_TASK_INBOX_SCOPE_NONE || has_scope (self, row->task, self->scope)) &&
          (self->needle == NULL || matches_search (self, row->task, row->viewer)));
}

/* The list shown ----------------------------------------------------------- */

/* @shown made again from the rows' marks, and the change told. The list
 * before is kept in @spare, for the next time: no new array each time. */
static void
update_shown (CpisTaskInbox *self)
{
  GPtrArray *old = self->shown;
  guint n_old = old->len;
  guint prefix = 0, suffix = 0;
  guint n_new;

  self->shown = self->spare;
  self->spare = old;
  g_ptr_array_set_size (self->shown, 0);
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);

      if (row->matched)
        g_ptr_array_add (self->shown, row->task);
    }
  n_new = self->shown->len;

  while (prefix < n_old && prefix < n_new && old->pdata[prefix] == self->shown->pdata[prefix])
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         old->pdata[n_old - 1 - suffix] == self->shown->pdata[n_new - 1 - suffix])
    suffix++;

  /* (a view told of the change may ask for rows: only @shown is read) */
  if (prefix == n_old && prefix == n_new)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), prefix, n_old - prefix - suffix,
                              n_new - prefix - suffix);
}

static inline void
prefetch (const void *address)
{
#if defined(__GNUC__)
  if (address != NULL)
    __builtin_prefetch (address);
#endif
}

/* The filter changed: @change says which rows can have changed */
static void
refilter (CpisTaskInbox   *self,
          GtkFilterChange  change)
{
  guint n = self->rows->len;
  /* (the view alone is read from the rows: nothing to ask ahead for) */
  gboolean reads_tasks = self->needle != NULL || self->scope != CPIS_TASK_INBOX_SCOPE_NONE;

  for (guint i = 0; i < n; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);

      /* the notifications a little ahead asked of memory now, and the texts
       * a search reads of them: 100,000 objects scattered in memory are
       * otherwise waited for one by one */
      if (reads_tasks)
        {
          if (i + 16 < n)
            prefetch (g_array_index (self->rows, Row, i + 16).task);
          if (self->needle != NULL && i + 8 < n)
            {
              CpisTask *ahead = g_array_index (self->rows, Row, i + 8).task;

              prefetch (cpis_task_get_child_name (ahead));
              prefetch (cpis_task_get_nhs_number (ahead));
            }
        }

      /* narrowing cannot let in what was out, widening not put out what was in */
      if ((change == GTK_FILTER_CHANGE_MORE_STRICT && !row->matched) ||
          (change == GTK_FILTER_CHANGE_LESS_STRICT && row->matched))
        continue;
      row->matched = matches (self, row);
    }

  update_shown (self);
}

/* Sorting ---------------------------------------------------------------- */

/* The text a column sorts by, or NULL for a column of numbers */
static const char *
column_text (CpisTask            *task,
             CpisTaskInboxColumn  column)
{
  switch (column)
    {
    case CPIS_TASK_INBOX_COLUMN_CHILD_NAME:
      return cpis_task_get_child_name (task);
    case CPIS_TASK_INBOX_COLUMN_SETTING:
      return cpis_task_get_setting_name (task);
    case CPIS_TASK_INBOX_COLUMN_VIEWER:
      return cpis_task_get_viewer_name (task);
    case CPIS_TASK_INBOX_COLUMN_OWNER:
      return cpis_task_get_owner_display (task);
    default:
      return NULL;
    }
}

/* The child's name as it sorts (owned): family name first, as lists of
 * children are read */
static char *
child_sort_name (CpisTask *task)
{
  return _cpis_name_family_first (cpis_task_get_child_name (task));
}

static gboolean
is_text_column (CpisTaskInboxColumn column)
{
  return (column == CPIS_TASK_INBOX_COLUMN_CHILD_NAME ||
          column == CPIS_TASK_INBOX_COLUMN_SETTING ||
          column == CPIS_TASK_INBOX_COLUMN_VIEWER ||
          column == CPIS_TASK_INBOX_COLUMN_OWNER);
}

/* A column's value as a number (for a text column: NULL first) */
static gint64
column_number (CpisTask            *task,
               CpisTaskInboxColumn  column)
{
  const char *nhs_number;

  switch (column)
    {
    case CPIS_TASK_INBOX_COLUMN_AUTHORED_ON:
      return cpis_task_get_authored_on (task);
    case CPIS_TASK_INBOX_COLUMN_LAST_MODIFIED:
      return cpis_task_get_last_modified (task);
    case CPIS_TASK_INBOX_COLUMN_STATUS:
      return cpis_task_get_status (task);
    case CPIS_TASK_INBOX_COLUMN_NHS_NUMBER:
      /* ten digits: in the order of the text; none first */
      nhs_number = cpis_task_get_nhs_number (task);
      return nhs_number != NULL ? (gint64) g_ascii_strtoull (nhs_number, NULL, 10) : -1;
    case CPIS_TASK_INBOX_COLUMN_KIND:
      return cpis_task_get_kind (task);
    case CPIS_TASK_INBOX_COLUMN_OUT_OF_AREA:
      return cpis_task_get_out_of_area (task);
    case CPIS_TASK_INBOX_COLUMN_OUTCOME:
      return cpis_task_get_outcome (task);
    default:
      return 0;
    }
}

static int
compare_int64 (gint64 a,
               gint64 b)
{
  return (a > b) - (a < b);
}

/* Texts as CpisCollationRanks orders them: the collation key of the case
 * fold, then as written, none first (made here for each pair: this is the
 * slow way, for sorters used outside an inbox) */
static int
compare_collated (const char *a,
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

/* The order of the inbox: the column its way round, then newest first, then
 * by id (the hub's tie-break: one order, whatever came first) */
static int
compare_tasks (CpisTask            *a,
               CpisTask            *b,
               CpisTaskInboxColumn  column,
               GtkSortType          order)
{
  int result = 0;

  if ((guint) column < CPIS_TASK_INBOX_N_COLUMNS)
    {
      if (is_text_column (column))
        {
          g_autofree char *child_a = NULL;
          g_autofree char *child_b = NULL;

          if (column == CPIS_TASK_INBOX_COLUMN_CHILD_NAME)
            result = compare_collated (child_a = child_sort_name (a), child_b = child_sort_name (b));
          else
            result = compare_collated (column_text (a, column), column_text (b, column));
        }
      else
        result = compare_int64 (column_number (a, column), column_number (b, column));
      if (order == GTK_SORT_DESCENDING)
        result = -result;
    }
  if (result == 0)
    result = compare_int64 (cpis_task_get_authored_on (b), cpis_task_get_authored_on (a));
  if (result == 0)
    result = g_strcmp0 (cpis_task_get_id (a), cpis_task_get_id (b));

  return result;
}

static GtkOrdering
to_ordering (int result)
{
  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER
                                                        : GTK_ORDERING_EQUAL;
}

/* Two rows that exist only to be compared (see above); made once */
static CpisTask *
probe_task (guint which)
{
  static CpisTask *probes[2];

  g_assert (which < 2);
  if (probes[which] == NULL)
    probes[which] = g_object_new (CPIS_TYPE_TASK, "id", which == 0 ? "probe-0" : "probe-1", NULL);

  return probes[which];
}

/* Which column sorter the last probe reached (main thread only) */
static const SortSpec *probed;

/* A column's sorter (cpis_task_inbox_create_sorter) */
static int
column_sort_cb (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const SortSpec *spec = user_data;

  if (a == probe_task (0) || a == probe_task (1))
    {
      probed = spec;
      return a == probe_task (0) ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
    }

  return to_ordering (compare_tasks ((CpisTask *) a, (CpisTask *) b, spec->column, spec->order));
}

/* Ordering --------------------------------------------------------------- */

/* A row's key for the column sorted by, its way round */
static gint64
row_key (CpisTaskInbox *self,
         const Row     *row)
{
  gint64 key;

  if ((guint) self->sort_column >= CPIS_TASK_INBOX_N_COLUMNS || self->sort_by_sorter)
    return 0;

  if (self->sort_column == CPIS_TASK_INBOX_COLUMN_CHILD_NAME)
    key = *row->child_rank;
  else if (self->sort_column == CPIS_TASK_INBOX_COLUMN_VIEWER)
    key = cpis_collation_ranks_get (self->ranks, row->viewer);
  else if (is_text_column (self->sort_column))
    key = cpis_collation_ranks_get (self->ranks, column_text (row->task, self->sort_column));
  else
    key = column_number (row->task, self->sort_column);

  /* (every key is within ±2^62: turning it round cannot overflow) */
  return self->sort_order == GTK_SORT_DESCENDING ? -key : key;
}

static Row
make_row (CpisTaskInbox *self,
          CpisTask      *task)
{
  g_autofree char *child = child_sort_name (task);
  Row row;

  row.tie = -cpis_task_get_authored_on (task);
  row.task = g_object_ref (task);
  row.viewer = cpis_task_get_viewer_name (task);
  row.child_rank = cpis_collation_ranks_lookup_rank (self->ranks, child);
  row.status = cpis_task_get_status (task);
  row.key = row_key (self, &row);
  row.matched = matches (self, &row);
  return row;
}

/* The inbox's order of two rows */
static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  CpisTaskInbox *self = user_data;
  const Row *first = a;
  const Row *second = b;
  int result;

  if (self->sort_by_sorter)
    {
      result = gtk_sorter_compare (self->sorter, first->task, second->task);
      if (result != 0)
        return result;
    }
  else if (first->key != second->key)
    return first->key < second->key ? -1 : 1;

  if (first->tie != second->tie)
    return first->tie < second->tie ? -1 : 1;

  /* ties by id, as the hub orders them: one order, whatever came first */
  return g_strcmp0 (cpis_task_get_id (first->task), cpis_task_get_id (second->task));
}

/* Every row keyed and sorted again (the filter is not asked) */
static void
resort (CpisTaskInbox *self)
{
  guint n = self->rows->len;
  /* the child's key is in the row; any other is read from the notification
   * (asked of memory a little ahead, as refilter does) */
  gboolean reads_tasks = self->sort_column != CPIS_TASK_INBOX_COLUMN_CHILD_NAME &&
                         self->sort_column != CPIS_TASK_INBOX_COLUMN_VIEWER &&
                         (guint) self->sort_column < CPIS_TASK_INBOX_N_COLUMNS &&
                         !self->sort_by_sorter;

  for (guint i = 0; i < n; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);

      if (self->sort_column == CPIS_TASK_INBOX_COLUMN_VIEWER && i + 8 < n)
        prefetch (g_array_index (self->rows, Row, i + 8).viewer);
      if (reads_tasks && i + 16 < n)
        prefetch (g_array_index (self->rows, Row, i + 16).task);
      if (reads_tasks && i + 8 < n)
        {
          CpisTask *ahead = g_array_index (self->rows, Row, i + 8).task;

          if (self->sort_column == CPIS_TASK_INBOX_COLUMN_NHS_NUMBER)
            prefetch (cpis_task_get_nhs_number (ahead));
          else if (is_text_column (self->sort_column))
            prefetch (column_text (ahead, self->sort_column));
        }
      row->key = row_key (self, row);
    }

  g_array_sort_with_data (self->rows, compare_rows, self);
  update_shown (self);
}

/* What @self->sorter asks first: one of the inbox's column sorters (and
 * which way round), nothing (a view with no column sorted), or something
 * else, to sort with as it is. (A sorter that asks another first and one of
 * the inbox's after is taken for the inbox's: give every column the inbox's.) */
static void
follow_sorter (CpisTaskInbox *self)
{
  GtkOrdering result;

  self->sort_column = CPIS_TASK_INBOX_N_COLUMNS;
  self->sort_order = GTK_SORT_ASCENDING;
  self->sort_by_sorter = FALSE;

  if (self->sorter == NULL)
    return;

  probed = NULL;
  result = gtk_sorter_compare (self->sorter, probe_task (0), probe_task (1));

  if (probed != NULL)
    {
      self->sort_column = probed->column;
      /* the probe said "smaller" for its way round: turned round if not */
      self->sort_order = (result == GTK_ORDERING_SMALLER) == (probed->order == GTK_SORT_ASCENDING)
                         ? GTK_SORT_ASCENDING
                         : GTK_SORT_DESCENDING;
    }
  else
    self->sort_by_sorter = gtk_sorter_get_order (self->sorter) != GTK_SORTER_ORDER_NONE;
  probed = NULL;
}

static void
sorter_changed_cb (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   CpisTaskInbox   *self)
{
  follow_sorter (self);
  resort (self);
}

/* Ranks the texts of @tasks before their rows are keyed or searched. Ranks
 * renumbered keep their order: the rows' keys are made again, in place. */
static void
rank_texts (CpisTaskInbox  *self,
            CpisTask      **tasks,
            guint           n_tasks)
{
  static const CpisTaskInboxColumn columns[] = {
    CPIS_TASK_INBOX_COLUMN_CHILD_NAME, CPIS_TASK_INBOX_COLUMN_SETTING,
    CPIS_TASK_INBOX_COLUMN_VIEWER, CPIS_TASK_INBOX_COLUMN_OWNER,
  };
  g_autofree const char **texts = g_new (const char *, (G_N_ELEMENTS (columns) + 1) * n_tasks);
  g_autoptr(GPtrArray) sort_names = g_ptr_array_new_full (n_tasks, g_free);
  guint n = 0;
  gboolean renumbered;

  for (guint i = 0; i < n_tasks; i++)
    {
      /* the child by family name first, as sorted; as written, as searched */
      g_ptr_array_add (sort_names, child_sort_name (tasks[i]));
      texts[n++] = g_ptr_array_index (sort_names, i);
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        texts[n++] = column_text (tasks[i], columns[c]);
    }

  renumbered = cpis_collation_ranks_add (self->ranks, texts, n);
  if (renumbered && is_text_column (self->sort_column) && !self->sort_by_sorter)
    for (guint i = 0; i < self->rows->len; i++)
      {
        Row *row = &g_array_index (self->rows, Row, i);

        row->key = row_key (self, row);
      }
}

/* Counts ----------------------------------------------------------------- */

static void
count_task (CpisTaskInbox *self,
            CpisTask      *task,
            int            sign)
{
  CpisTaskStatus status = cpis_task_get_status (task);

  self->status_counts[status] += sign;
  for (guint bit = 0; bit < CPIS_TASK_INBOX_N_SCOPES; bit++)
    if (has_scope (self, task, 1u << bit))
      self->scope_counts[bit][status] += sign;
}

static void
recount (CpisTaskInbox *self)
{
  memset (self->status_counts, 0, sizeof self->status_counts);
  memset (self->scope_counts, 0, sizeof self->scope_counts);

  for (guint i = 0; i < self->rows->len; i++)
    count_task (self, g_array_index (self->rows, Row, i).task, 1);

  g_signal_emit (self, signals[COUNTS_CHANGED], 0);
}

/* Time ------------------------------------------------------------------- */

static void schedule_midnight (CpisTaskInbox *self);

/* Today's and this week's bounds, in the UK */
static void
compute_bounds (CpisTaskInbox *self)
{
  g_autoptr(GDateTime) now = self->pinned_now != NULL ? g_date_time_ref (self->pinned_now)
                                                      : g_date_time_new_now_utc ();
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, cpis_date_uk_time_zone ());
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GDateTime) monday = NULL;
  g_autoptr(GDateTime) next_monday = NULL;
  int y, m, d;

  g_date_time_get_ymd (local, &y, &m, &d);
  midnight = g_date_time_new (cpis_date_uk_time_zone (), y, m, d, 0, 0, 0);
  tomorrow = g_date_time_add_days (midnight, 1);
  monday = g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (local));
  next_monday = g_date_time_add_days (monday, 7);

  self->today_start = cpis_date_time_to_usec (midnight);
  self->today_end = cpis_date_time_to_usec (tomorrow);
  self->week_start = cpis_date_time_to_usec (monday);
  self->week_end = cpis_date_time_to_usec (next_monday);
}

static void
time_changed (CpisTaskInbox *self)
{
  compute_bounds (self);
  if (self->scope & (CPIS_TASK_INBOX_SCOPE_TODAY | CPIS_TASK_INBOX_SCOPE_THIS_WEEK))
    refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
  recount (self);
  schedule_midnight (self);
}

static gboolean
midnight_cb (gpointer user_data)
{
  CpisTaskInbox *self = user_data;

  self->midnight_source = 0;
  time_changed (self);

  return G_SOURCE_REMOVE;
}

/* At the next UK midnight (a second after), today moves on */
static void
schedule_midnight (CpisTaskInbox *self)
{
  gint64 wait;

  g_clear_handle_id (&self->midnight_source, g_source_remove);
  if (self->pinned_now != NULL)
    return;

  wait = (self->today_end - g_get_real_time ()) / G_USEC_PER_SEC + 1;
  self->midnight_source = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT,
                                                      (guint) CLAMP (wait, 1, 25 * 3600),
                                                      midnight_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->midnight_source),
                            "[cpis] inbox midnight");
}

/* Holding ---------------------------------------------------------------- */

/* Whether @candidate is a newer version than @held */
static gboolean
is_newer (CpisTask *candidate,
          CpisTask *held)
{
  const char *new_version = cpis_task_get_version (candidate);
  const char *old_version = cpis_task_get_version (held);
  guint64 new_number, old_number;

  if (new_version != NULL && old_version != NULL &&
      g_ascii_string_to_unsigned (new_version, 10, 0, G_MAXUINT64, &new_number, NULL) &&
      g_ascii_string_to_unsigned (old_version, 10, 0, G_MAXUINT64, &old_number, NULL))
    return new_number > old_number;

  return cpis_task_get_last_modified (candidate) > cpis_task_get_last_modified (held);
}

/* The index of @task's row */
static guint
find_row (CpisTaskInbox *self,
          CpisTask      *task)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (g_array_index (self->rows, Row, i).task == task)
      return i;

  g_assert_not_reached ();
}

/* Where @row goes among the rows (after any equal) */
static guint
insertion_point (CpisTaskInbox *self,
                 const Row     *row)
{
  guint low = 0, high = self->rows->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_rows (&g_array_index (self->rows, Row, middle), row, self) <= 0)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

/* Where @id is, or would go, among the first @n of @ids (sorted by id) */
static guint
search_ids (GPtrArray  *ids,
            guint       n,
            const char *id)
{
  guint low = 0, high = n;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (strcmp (cpis_task_get_id (ids->pdata[middle]), id) < 0)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

/* The task held with @id, or NULL; *@index: where it is or would go in @by_id */
static CpisTask *
lookup (CpisTaskInbox *self,
        const char    *id,
        guint         *index)
{
  guint at = search_ids (self->by_id, self->by_id->len, id);

  if (index != NULL)
    *index = at;
  if (at < self->by_id->len && strcmp (cpis_task_get_id (self->by_id->pdata[at]), id) == 0)
    return self->by_id->pdata[at];

  return NULL;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (cpis_task_get_id (*(CpisTask **) a), cpis_task_get_id (*(CpisTask **) b));
}

/* Takes in @tasks: new ones merged into the rows, newer versions in place of
 * the old, older or same versions ignored. Returns whether anything changed. */
static gboolean
take (CpisTaskInbox  *self,
      CpisTask      **tasks,
      guint           n_tasks)
{
  g_autoptr(GHashTable) batch = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GPtrArray) new_ids = g_ptr_array_new ();
  g_autoptr(GArray) added = NULL;
  guint replaced = 0;
  guint i, j;

  /* the newest of each id in the batch, if newer than the one held */
  for (guint k = 0; k < n_tasks; k++)
    {
      CpisTask *task = tasks[k];
      const char *id = cpis_task_get_id (task);
      CpisTask *queued = g_hash_table_lookup (batch, id);
      CpisTask *held = lookup (self, id, NULL);

      if (queued != NULL)
        {
          if (!is_newer (task, queued))
            continue;
          g_ptr_array_remove_fast (fresh, queued);
        }
      else if (held != NULL && !is_newer (task, held))
        continue;

      /* a newer version read without its access keeps the one held */
      if (held != NULL)
        cpis_task_adopt_access_event (task, cpis_task_get_access_event (held));

      g_hash_table_insert (batch, (gpointer) id, task);
      g_ptr_array_add (fresh, task);
    }

  if (fresh->len == 0)
    return FALSE;

  rank_texts (self, (CpisTask **) fresh->pdata, fresh->len);

  for (guint k = 0; k < fresh->len; k++)
    {
      CpisTask *task = fresh->pdata[k];
      guint index;
      CpisTask *held = lookup (self, cpis_task_get_id (task), &index);

      if (held != NULL)
        {
          count_task (self, held, -1);
          self->by_id->pdata[index] = task;
          g_array_index (self->rows, Row, find_row (self, held)).task = NULL;
          g_object_unref (held);
          replaced++;
        }
      else
        g_ptr_array_add (new_ids, task);
      count_task (self, task, 1);
    }

  /* the new ids into their places, in place from the end: each found by
   * a search among the ids before it, the run after it moved whole */
  if (new_ids->len > 0)
    {
      guint end = self->by_id->len;
      guint total = end + new_ids->len;

      g_ptr_array_sort (new_ids, compare_ids);
      g_ptr_array_set_size (self->by_id, total);
      for (j = new_ids->len; j-- > 0;)
        {
          guint at = search_ids (self->by_id, end, cpis_task_get_id (new_ids->pdata[j]));

          memmove (self->by_id->pdata + at + j + 1, self->by_id->pdata + at,
                   (end - at) * sizeof (gpointer));
          self->by_id->pdata[at + j] = new_ids->pdata[j];
          end = at;
        }
    }

  /* the rows of the versions replaced go, in one pass */
  if (replaced > 0)
    {
      guint kept = 0;

      for (guint k = 0; k < self->rows->len; k++)
        if (g_array_index (self->rows, Row, k).task != NULL)
          g_array_index (self->rows, Row, kept++) = g_array_index (self->rows, Row, k);
      g_array_set_size (self->rows, kept);
    }

  /* one row: in its place; more: sorted, and merged */
  if (fresh->len == 1)
    {
      Row row = make_row (self, fresh->pdata[0]);

      g_array_insert_val (self->rows, insertion_point (self, &row), row);
      return TRUE;
    }

  added = g_array_sized_new (FALSE, FALSE, sizeof (Row), fresh->len);
  for (guint k = 0; k < fresh->len; k++)
    {
      Row row = make_row (self, fresh->pdata[k]);

      g_array_append_val (added, row);
    }
  g_array_sort_with_data (added, compare_rows, self);

  /* merged in place, from the end */
  i = self->rows->len;
  j = added->len;
  g_array_set_size (self->rows, i + j);
  while (j > 0)
    {
      Row *to = &g_array_index (self->rows, Row, i + j - 1);

      if (i > 0 &&
          compare_rows (&g_array_index (self->rows, Row, i - 1), &g_array_index (added, Row, j - 1), self) > 0)
        *to = g_array_index (self->rows, Row, --i);
      else
        *to = g_array_index (added, Row, --j);
    }

  return TRUE;
}

/* GListModel ------------------------------------------------------------- */

static GType
cpis_task_inbox_get_item_type (GListModel *model)
{
  return CPIS_TYPE_TASK;
}

static guint
cpis_task_inbox_get_n_items (GListModel *model)
{
  return CPIS_TASK_INBOX (model)->shown->len;
}

static gpointer
cpis_task_inbox_get_item (GListModel *model,
                          guint       position)
{
  CpisTaskInbox *self = CPIS_TASK_INBOX (model);

  if (position >= self->shown->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->shown, position));
}

static void
cpis_task_inbox_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cpis_task_inbox_get_item_type;
  iface->get_n_items = cpis_task_inbox_get_n_items;
  iface->get_item = cpis_task_inbox_get_item;
}

/* Overrides -------------------------------------------------------------- */

static void
cpis_task_inbox_dispose (GObject *object)
{
  CpisTaskInbox *self = (CpisTaskInbox *) object;

  g_clear_handle_id (&self->midnight_source, g_source_remove);
  if (self->sorter != NULL)
    g_signal_handlers_disconnect_by_data (self->sorter, self);
  g_clear_object (&self->sorter);

  G_OBJECT_CLASS (cpis_task_inbox_parent_class)->dispose (object);
}

static void
cpis_task_inbox_finalize (GObject *object)
{
  CpisTaskInbox *self = (CpisTaskInbox *) object;

  g_free (self->search_text);
  g_free (self->needle);
  g_free (self->needle_digits);
  g_free (self->me);
  g_clear_pointer (&self->pinned_now, g_date_time_unref);
  for (guint i = 0; i < self->rows->len; i++)
    g_object_unref (g_array_index (self->rows, Row, i).task);
  g_array_unref (self->rows);
  g_ptr_array_unref (self->shown);
  g_ptr_array_unref (self->spare);
  g_ptr_array_unref (self->by_id);
  g_clear_pointer (&self->ranks, cpis_collation_ranks_free);

  G_OBJECT_CLASS (cpis_task_inbox_parent_class)->finalize (object);
}

static void
cpis_task_inbox_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CpisTaskInbox *self = CPIS_TASK_INBOX (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_enum (value, self->view);
      break;

    case PROP_SCOPE:
      g_value_set_flags (value, self->scope);
      break;

    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;

    case PROP_ME:
      g_value_set_string (value, self->me);
      break;

    case PROP_SORTER:
      g_value_set_object (value, self->sorter);
      break;

    case PROP_N_TASKS:
      g_value_set_uint (value, cpis_task_inbox_get_n_tasks (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_task_inbox_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CpisTaskInbox *self = CPIS_TASK_INBOX (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      cpis_task_inbox_set_view (self, g_value_get_enum (value));
      break;

    case PROP_SCOPE:
      cpis_task_inbox_set_scope (self, g_value_get_flags (value));
      break;

    case PROP_SEARCH_TEXT:
      cpis_task_inbox_set_search_text (self, g_value_get_string (value));
      break;

    case PROP_ME:
      cpis_task_inbox_set_me (self, g_value_get_string (value));
      break;

    case PROP_SORTER:
      cpis_task_inbox_set_sorter (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_task_inbox_class_init (CpisTaskInboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cpis_task_inbox_dispose;
  object_class->finalize = cpis_task_inbox_finalize;
  object_class->get_property = cpis_task_inbox_get_property;
  object_class->set_property = cpis_task_inbox_set_property;

  properties[PROP_VIEW] =
    g_param_spec_enum ("view", "View", "Which statuses are shown",
                       CPIS_TYPE_TASK_INBOX_VIEW, CPIS_TASK_INBOX_VIEW_OPEN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCOPE] =
    g_param_spec_flags ("scope", "Scope", "What else a notification shown must be",
                        CPIS_TYPE_TASK_INBOX_SCOPE, CPIS_TASK_INBOX_SCOPE_NONE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", "Search text", "Text a notification shown holds",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ME] =
    g_param_spec_string ("me", "Me", "The signed-in social worker's PractitionerRole id",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORTER] =
    g_param_spec_object ("sorter", "Sorter", "The order asked for",
                         GTK_TYPE_SORTER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TASKS] =
    g_param_spec_uint ("n-tasks", "Number of tasks", "How many are held",
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[COUNTS_CHANGED] =
    g_signal_new ("counts-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cpis_task_inbox_init (CpisTaskInbox *self)
{
  self->view = CPIS_TASK_INBOX_VIEW_OPEN;
  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  self->shown = g_ptr_array_new ();
  self->spare = g_ptr_array_new ();
  self->by_id = g_ptr_array_new ();
  self->ranks = cpis_collation_ranks_new ();
  self->sort_column = CPIS_TASK_INBOX_N_COLUMNS;
  self->sort_order = GTK_SORT_ASCENDING;

  compute_bounds (self);
  schedule_midnight (self);
}

/* Public API ------------------------------------------------------------- */

CpisTaskInbox *
cpis_task_inbox_new (void)
{
  return g_object_new (CPIS_TYPE_TASK_INBOX, NULL);
}

/* After rows changed: the list shown, the count held, the counts */
static void
held_changed (CpisTaskInbox *self,
              guint          n_before)
{
  update_shown (self);
  if (self->rows->len != n_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TASKS]);
  g_signal_emit (self, signals[COUNTS_CHANGED], 0);
}

gboolean
cpis_task_inbox_add (CpisTaskInbox *self,
                     CpisTask      *task)
{
  guint n_before;

  g_return_val_if_fail (CPIS_IS_TASK_INBOX (self), FALSE);
  g_return_val_if_fail (CPIS_IS_TASK (task), FALSE);
  g_return_val_if_fail (cpis_task_get_id (task) != NULL, FALSE);

  n_before = self->rows->len;
  if (!take (self, &task, 1))
    return FALSE;

  held_changed (self, n_before);
  return TRUE;
}

void
cpis_task_inbox_add_all (CpisTaskInbox *self,
                         GPtrArray     *tasks)
{
  guint n_before;

  g_return_if_fail (CPIS_IS_TASK_INBOX (self));
  g_return_if_fail (tasks != NULL);

  for (guint i = 0; i < tasks->len; i++)
    {
      g_return_if_fail (CPIS_IS_TASK (tasks->pdata[i]));
      g_return_if_fail (cpis_task_get_id (tasks->pdata[i]) != NULL);
    }

  n_before = self->rows->len;
  if (take (self, (CpisTask **) tasks->pdata, tasks->len))
    held_changed (self, n_before);
}

void
cpis_task_inbox_remove_all (CpisTaskInbox *self)
{
  guint n_before;

  g_return_if_fail (CPIS_IS_TASK_INBOX (self));

  n_before = self->rows->len;
  g_ptr_array_set_size (self->by_id, 0);
  for (guint i = 0; i < self->rows->len; i++)
    g_object_unref (g_array_index (self->rows, Row, i).task);
  g_array_set_size (self->rows, 0);
  cpis_collation_ranks_clear (self->ranks);

  update_shown (self);
  if (n_before != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TASKS]);
  recount (self);
}

CpisTask *
cpis_task_inbox_lookup (CpisTaskInbox *self,
                        const char    *id)
{
  g_return_val_if_fail (CPIS_IS_TASK_INBOX (self), NULL);

  return id != NULL ? lookup (self, id, NULL) : NULL;
}

guint
cpis_task_inbox_find_position (CpisTaskInbox *self,
                               CpisTask      *task)
{
  g_return_val_if_fail (CPIS_IS_TASK_INBOX (self), GTK_INVALID_LIST_POSITION);

  /* pointers compared, nothing else: 100,000 in a fraction of a millisecond */
  for (guint i = 0; task != NULL && i < self->shown->len; i++)
    if (self->shown->pdata[i] == (gpointer) task)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

guint
cpis_task_inbox_get_n_tasks (CpisTaskInbox *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_INBOX (self), 0);

  return self->rows->len;
}

void
cpis_task_inbox_set_view (CpisTaskInbox     *self,
                          CpisTaskInboxView  view)
{
  CpisTaskInboxView old;

  g_return_if_fail (CPIS_IS_TASK_INBOX (self));
  g_return_if_fail ((guint) view < CPIS_TASK_INBOX_N_VIEWS);

  if (self->view == view)
    return;

  old = self->view;
  self->view = view;
  /* from one group of statuses to all only widens; back only narrows */
  refilter (self, view == CPIS_TASK_INBOX_VIEW_ALL  ? GTK_FILTER_CHANGE_LESS_STRICT
                  : old == CPIS_TASK_INBOX_VIEW_ALL ? GTK_FILTER_CHANGE_MORE_STRICT
                                                    : GTK_FILTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
  /* the scopes' counts are of the view's notifications */
  g_signal_emit (self, signals[COUNTS_CHANGED], 0);
}

CpisTaskInboxView
cpis_task_inbox_get_view (CpisTaskInbox *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_INBOX (self), CPIS_TASK_INBOX_VIEW_OPEN);

  return self->view;
}

void
cpis_task_inbox_set_scope (CpisTaskInbox      *self,
                           CpisTaskInboxScope  scope)
{
  CpisTaskInboxScope old;

  g_return_if_fail (CPIS_IS_TASK_INBOX (self));
  g_return_if_fail ((scope & ~((1u << CPIS_TASK_INBOX_N_SCOPES) - 1)) == 0);

  if (self->scope == scope)
    return;

  old = self->scope;
  self->scope = scope;
  /* every scope narrows: more of them only narrows, fewer only widens */
  refilter (self, (scope & old) == old     ? GTK_FILTER_CHANGE_MORE_STRICT
                  : (scope & old) == scope ? GTK_FILTER_CHANGE_LESS_STRICT
                                           : GTK_FILTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCOPE]);
}

CpisTaskInboxScope
cpis_task_inbox_get_scope (CpisTaskInbox *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_INBOX (self), CPIS_TASK_INBOX_SCOPE_NONE);

  return self->scope;
}

void
cpis_task_inbox_set_search_text (CpisTaskInbox *self,
                                 const char    *text)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *old_needle = NULL;
  g_autofree char *old_digits = NULL;
  GtkFilterChange change;

  g_return_if_fail (CPIS_IS_TASK_INBOX (self));
  g_return_if_fail (text == NULL || g_utf8_validate (text, -1, NULL));

  if (g_strcmp0 (self->search_text, text) == 0)
    return;

  g_free (self->search_text);
  self->search_text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);

  old_needle = g_steal_pointer (&self->needle);
  old_digits = g_steal_pointer (&self->needle_digits);
  trimmed = text != NULL ? g_strstrip (g_strdup (text)) : NULL;
  if (trimmed != NULL && *trimmed != '\0')
    {
      self->needle = fold (trimmed);
      self->needle_length = strlen (self->needle);
      self->needle_ascii = is_ascii (self->needle);
      self->needle_digits = cpis_nhs_number_partial_digits (trimmed);
    }

  if (g_strcmp0 (old_needle, self->needle) == 0 && g_strcmp0 (old_digits, self->needle_digits) == 0)
    return;

  /* a longer search within the last only narrows, a shorter one only widens */
  if (old_needle == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->needle == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if (strstr (self->needle, old_needle) != NULL &&
           (old_digits == NULL ? self->needle_digits == NULL
                               : self->needle_digits != NULL &&
                                   strstr (self->needle_digits, old_digits) != NULL))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (old_needle, self->needle) != NULL &&
           (self->needle_digits == NULL ? old_digits == NULL
                                        : old_digits != NULL &&
                                            strstr (old_digits, self->needle_digits) != NULL))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  refilter (self, change);
}

const char *
cpis_task_inbox_get_search_text (CpisTaskInbox *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_INBOX (self), NULL);

  return self->search_text;
}

void
cpis_task_inbox_set_me (CpisTaskInbox *self,
                        const char    *practitioner_role_id)
{
  g_return_if_fail (CPIS_IS_TASK_INBOX (self));

  if (g_strcmp0 (self->me, practitioner_role_id) == 0)
    return;

  g_free (self->me);
  self->me = g_strdup (practitioner_role_id);
  if (self->scope & CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME)
    refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
  recount (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ME]);
}

const char *
cpis_task_inbox_get_me (CpisTaskInbox *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_INBOX (self), NULL);

  return self->me;
}

void
cpis_task_inbox_set_now (CpisTaskInbox *self,
                         GDateTime     *now)
{
  g_return_if_fail (CPIS_IS_TASK_INBOX (self));

  g_clear_pointer (&self->pinned_now, g_date_time_unref);
  if (now != NULL)
    self->pinned_now = g_date_time_ref (now);
  time_changed (self);
}

/* Lets go of the sorter followed; FALSE if there was none */
static gboolean
drop_sorter (CpisTaskInbox *self)
{
  if (self->sorter == NULL)
    return FALSE;

  g_signal_handlers_disconnect_by_data (self->sorter, self);
  g_clear_object (&self->sorter);
  return TRUE;
}

void
cpis_task_inbox_set_sorter (CpisTaskInbox *self,
                            GtkSorter     *sorter)
{
  g_return_if_fail (CPIS_IS_TASK_INBOX (self));
  g_return_if_fail (sorter == NULL || GTK_IS_SORTER (sorter));

  if (self->sorter == sorter &&
      (sorter != NULL || (guint) self->sort_column >= CPIS_TASK_INBOX_N_COLUMNS))
    return;

  drop_sorter (self);
  if (sorter != NULL)
    {
      self->sorter = g_object_ref (sorter);
      g_signal_connect (sorter, "changed", G_CALLBACK (sorter_changed_cb), self);
    }

  follow_sorter (self);
  resort (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORTER]);
}

GtkSorter *
cpis_task_inbox_get_sorter (CpisTaskInbox *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_INBOX (self), NULL);

  return self->sorter;
}

CpisTaskInboxColumn
cpis_task_inbox_get_sort_column (CpisTaskInbox *self,
                                 GtkSortType   *order)
{
  g_return_val_if_fail (CPIS_IS_TASK_INBOX (self), CPIS_TASK_INBOX_N_COLUMNS);

  if (order != NULL)
    *order = self->sort_order;
  return self->sort_by_sorter ? CPIS_TASK_INBOX_N_COLUMNS : self->sort_column;
}

void
cpis_task_inbox_sort_by (CpisTaskInbox       *self,
                         CpisTaskInboxColumn  column,
                         GtkSortType          order)
{
  g_return_if_fail (CPIS_IS_TASK_INBOX (self));
  g_return_if_fail ((guint) column < CPIS_TASK_INBOX_N_COLUMNS);

  if (drop_sorter (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORTER]);
  self->sort_by_sorter = FALSE;
  self->sort_column = column;
  self->sort_order = order;
  resort (self);
}

GtkSorter *
cpis_task_inbox_create_sorter (CpisTaskInboxColumn column,
                               GtkSortType         order)
{
  g_return_val_if_fail ((guint) column < CPIS_TASK_INBOX_N_COLUMNS, NULL);

  return GTK_SORTER (gtk_custom_sorter_new (column_sort_cb,
                                            (gpointer) &sort_specs[column][order == GTK_SORT_DESCENDING],
                                            NULL));
}

guint
cpis_task_inbox_get_view_count (CpisTaskInbox     *self,
                                CpisTaskInboxView  view)
{
  guint count = 0;

  g_return_val_if_fail (CPIS_IS_TASK_INBOX (self), 0);
  g_return_val_if_fail ((guint) view < CPIS_TASK_INBOX_N_VIEWS, 0);

  for (guint status = 0; status < CPIS_TASK_N_STATUSES; status++)
    if (view_contains (view, status))
      count += self->status_counts[status];

  return count;
}

guint
cpis_task_inbox_get_scope_count (CpisTaskInbox      *self,
                                 CpisTaskInboxScope  scope)
{
  guint count = 0;
  int bit;

  g_return_val_if_fail (CPIS_IS_TASK_INBOX (self), 0);

  if (scope == CPIS_TASK_INBOX_SCOPE_NONE)
    return cpis_task_inbox_get_view_count (self, self->view);

  bit = g_bit_nth_lsf (scope, -1);
  g_return_val_if_fail (bit >= 0 && bit < CPIS_TASK_INBOX_N_SCOPES && scope == (1u << bit), 0);

  for (guint status = 0; status < CPIS_TASK_N_STATUSES; status++)
    if (view_contains (self->view, status))
      count += self->scope_counts[bit][status];
  return count;
}

gboolean
cpis_task_inbox_view_contains (CpisTaskInboxView  view,
                               CpisTask          *task)
{
  g_return_val_if_fail (CPIS_IS_TASK (task), FALSE);

  return view_contains (view, cpis_task_get_status (task));
}

gboolean
cpis_task_inbox_has_scope (CpisTaskInbox      *self,
                           CpisTask           *task,
                           CpisTaskInboxScope  scope)
{
  g_return_val_if_fail (CPIS_IS_TASK_INBOX (self), FALSE);
  g_return_val_if_fail (CPIS_IS_TASK (task), FALSE);

  return has_scope (self, task, scope);
}
