/* cpis-task-inbox.h: a social worker's notifications as a list to show: a
 * GListModel of CpisTask, filtered and sorted, for a GtkColumnView
 *
 * It holds every notification it is given (a page of a search, a new
 * arrival, a newer version of one it holds), and shows those that the
 * current filter lets through, in the current order:
 *
 *   view       which statuses: open (requested, accepted), in progress,
 *              done (completed, cancelled), or all
 *   scope      any of: raised today, raised this week (from Monday), out of
 *              area, assigned to me; each one set narrows the list
 *   search     text found in the child's name, the NHS number (typed with
 *              or without spaces), the care setting (name or ODS code) or
 *              the viewer's name; case aside, and a letter with an accent
 *              found by its plain letter too ("zoe" finds "Zoë")
 *
 * "Today" and "this week" are UK dates (Europe/London); they move on at
 * midnight by themselves unless a time is pinned (cpis_task_inbox_set_now).
 * For the sidebar, each view and each scope has a count: the notifications
 * held that it alone lets through (whatever else is set), kept up to date
 * as notifications arrive ("counts-changed").
 *
 * The order is a column, either way round (texts in the locale's collation,
 * case aside; none first), then newest first, then by id; newest first when
 * no column is chosen. For a GtkColumnView, give each column the inbox's
 * sorter for it (cpis_task_inbox_create_sorter) and the view's sorter to the
 * inbox (cpis_task_inbox_set_sorter): the inbox follows the column the view
 * sorts by, and sorts with keys of its own, many times faster on 100,000
 * rows than the view's sorter, which compares rows pair by pair.
 *
 * Nothing here is written anywhere: it lives in memory, and
 * cpis_task_inbox_remove_all() forgets it (at the end of the session).
 */
#pragma once

#include <gtk/gtk.h>

#include "cpis-task.h"

G_BEGIN_DECLS

typedef enum
{
  CPIS_TASK_INBOX_VIEW_OPEN,         /* requested, accepted */
  CPIS_TASK_INBOX_VIEW_IN_PROGRESS,  /* in-progress */
  CPIS_TASK_INBOX_VIEW_DONE,         /* completed, cancelled */
  CPIS_TASK_INBOX_VIEW_ALL,
} CpisTaskInboxView;

#define CPIS_TASK_INBOX_N_VIEWS 4

GType cpis_task_inbox_view_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_TASK_INBOX_VIEW (cpis_task_inbox_view_get_type ())

typedef enum /*< flags >*/
{
  CPIS_TASK_INBOX_SCOPE_NONE           = 0,
  CPIS_TASK_INBOX_SCOPE_TODAY          = 1 << 0, /* raised today (UK) */
  CPIS_TASK_INBOX_SCOPE_THIS_WEEK      = 1 << 1, /* raised since Monday (UK) */
  CPIS_TASK_INBOX_SCOPE_OUT_OF_AREA    = 1 << 2, /* seen outside the LA's area */
  CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME = 1 << 3, /* owned by the signed-in social worker */
  CPIS_TASK_INBOX_SCOPE_INACTIVE_NUMBER = 1 << 4, /* a child's NHS number retired */
} CpisTaskInboxScope;

#define CPIS_TASK_INBOX_N_SCOPES 5

GType cpis_task_inbox_scope_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_TASK_INBOX_SCOPE (cpis_task_inbox_scope_get_type ())

/* What a column shows, and sorts by */
typedef enum
{
  CPIS_TASK_INBOX_COLUMN_AUTHORED_ON,    /* when raised */
  CPIS_TASK_INBOX_COLUMN_LAST_MODIFIED,  /* when last changed */
  CPIS_TASK_INBOX_COLUMN_STATUS,         /* in the order of the work: requested … cancelled */
  CPIS_TASK_INBOX_COLUMN_CHILD_NAME,
  CPIS_TASK_INBOX_COLUMN_NHS_NUMBER,
  CPIS_TASK_INBOX_COLUMN_KIND,
  CPIS_TASK_INBOX_COLUMN_SETTING,        /* the care setting's name */
  CPIS_TASK_INBOX_COLUMN_VIEWER,
  CPIS_TASK_INBOX_COLUMN_OWNER,          /* the owner's name */
  CPIS_TASK_INBOX_COLUMN_OUT_OF_AREA,    /* in area first */
  CPIS_TASK_INBOX_COLUMN_OUTCOME,
} CpisTaskInboxColumn;

#define CPIS_TASK_INBOX_N_COLUMNS 11

GType cpis_task_inbox_column_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_TASK_INBOX_COLUMN (cpis_task_inbox_column_get_type ())

#define CPIS_TYPE_TASK_INBOX (cpis_task_inbox_get_type ())

G_DECLARE_FINAL_TYPE (CpisTaskInbox, cpis_task_inbox, CPIS, TASK_INBOX, GObject)

/* Properties:
 *   "view"         CpisTaskInboxView   (default: open)
 *   "scope"        CpisTaskInboxScope  (default: none)
 *   "search-text"  string              (default: none)
 *   "me"           string  the signed-in social worker's PractitionerRole id
 *                          (cpis_user_info_get_practitioner_role_id), for
 *                          "assigned to me"; NULL: nobody is
 *   "sorter"       GtkSorter  the order asked for: a GtkColumnView's sorter
 *                          (followed, see above), or any other (sorted with as
 *                          it is, then newest first); NULL: the column set by
 *                          cpis_task_inbox_sort_by, or newest first
 *   "n-tasks"      guint   how many are held (shown or not)
 * Signals:
 *   "counts-changed"  the counts of the views and scopes may have changed
 */

CpisTaskInbox    *cpis_task_inbox_new               (void);

/* Holds @task: a notification not held yet is added; a newer version of one
 * held replaces it where it is; an older or the same version is ignored
 * (an answer that arrives late does not undo a change). Returns whether
 * anything changed. */
gboolean          cpis_task_inbox_add               (CpisTaskInbox      *self,
                                                     CpisTask           *task);
/* The same for each of @tasks (a page), with one change of the list */
void              cpis_task_inbox_add_all           (CpisTaskInbox      *self,
                                                     GPtrArray          *tasks);
void              cpis_task_inbox_remove_all        (CpisTaskInbox      *self);
/* (transfer none): the notification held with @id, or NULL */
CpisTask         *cpis_task_inbox_lookup            (CpisTaskInbox      *self,
                                                     const char         *id);
/* Where @task (this very version, as held) is shown, or
 * GTK_INVALID_LIST_POSITION when it is not */
guint             cpis_task_inbox_find_position     (CpisTaskInbox      *self,
                                                     CpisTask           *task);
guint             cpis_task_inbox_get_n_tasks       (CpisTaskInbox      *self);

void              cpis_task_inbox_set_view          (CpisTaskInbox      *self,
                                                     CpisTaskInboxView   view);
CpisTaskInboxView cpis_task_inbox_get_view          (CpisTaskInbox      *self);
void              cpis_task_inbox_set_scope         (CpisTaskInbox      *self,
                                                     CpisTaskInboxScope  scope);
CpisTaskInboxScope cpis_task_inbox_get_scope        (CpisTaskInbox      *self);
void              cpis_task_inbox_set_search_text   (CpisTaskInbox      *self,
                                                     const char         *text);
const char       *cpis_task_inbox_get_search_text   (CpisTaskInbox      *self);
void              cpis_task_inbox_set_me            (CpisTaskInbox      *self,
                                                     const char         *practitioner_role_id);
const char       *cpis_task_inbox_get_me            (CpisTaskInbox      *self);
/* Pins "now" for today and this week (tests; NULL: the clock) */
void              cpis_task_inbox_set_now           (CpisTaskInbox      *self,
                                                     GDateTime          *now);

void              cpis_task_inbox_set_sorter        (CpisTaskInbox      *self,
                                                     GtkSorter          *sorter);
GtkSorter        *cpis_task_inbox_get_sorter        (CpisTaskInbox      *self);
/* The column sorted by, and which way round (@order may be NULL); N_COLUMNS
 * when none is (newest first) or a sorter of another kind orders it */
CpisTaskInboxColumn cpis_task_inbox_get_sort_column (CpisTaskInbox *self,
                                                     GtkSortType   *order);
/* Sorts by one column (and forgets the sorter set) */
void              cpis_task_inbox_sort_by           (CpisTaskInbox      *self,
                                                     CpisTaskInboxColumn column,
                                                     GtkSortType         order);
/* (transfer full): a sorter of CpisTasks by @column, @order, then newest
 * first, then by id: for a GtkColumnViewColumn ("sorter"), whose view turns
 * it round. It compares rows pair by pair; an inbox following a view's
 * sorter sorts by its keys instead. (It takes the inbox's probe rows too:
 * tasks with nothing but an id; so must any sorter given to the inbox.) */
GtkSorter        *cpis_task_inbox_create_sorter     (CpisTaskInboxColumn column,
                                                     GtkSortType         order);

/* How many held notifications @view lets through; how many of those of the
 * current view have @scope (one flag; NONE: the current view's all), as a
 * sidebar's "Show Only" counts say what checking the scope would show */
guint             cpis_task_inbox_get_view_count    (CpisTaskInbox      *self,
                                                     CpisTaskInboxView   view);
guint             cpis_task_inbox_get_scope_count   (CpisTaskInbox      *self,
                                                     CpisTaskInboxScope  scope);

/* Whether @task is in @view, has @scope, matches @text: the rules the
 * inbox filters by, for one notification (the current time and "me" of
 * @self decide today, this week and assigned to me) */
gboolean          cpis_task_inbox_view_contains     (CpisTaskInboxView   view,
                                                     CpisTask           *task);
gboolean          cpis_task_inbox_has_scope         (CpisTaskInbox      *self,
                                                     CpisTask           *task,
                                                     CpisTaskInboxScope  scope);

G_END_DECLS
