/* cpis-inbox-table.h: a social worker's notifications as a table
 *
 * A GtkColumnView over a CpisTaskInbox: when raised, the kind, the child,
 * the NHS number, where the child was seen and by whom, the status and who
 * holds it; new ones (nobody has taken them on) in bold. A click on a
 * header sorts the inbox by that column; a click on a row, or Enter, opens
 * it ("task-activated"). Every cell is a label, so each row reaches the
 * accessibility tree as text.
 */
#pragma once

#include <gtk/gtk.h>

#include "cpis-task-inbox.h"

G_BEGIN_DECLS

#define CPIS_TYPE_INBOX_TABLE (cpis_inbox_table_get_type ())

G_DECLARE_FINAL_TYPE (CpisInboxTable, cpis_inbox_table, CPIS, INBOX_TABLE, GtkWidget)

/* Signals:
 *   "task-activated" (CpisTask *task): the social worker opened @task
 */
GtkWidget     *cpis_inbox_table_new        (void);
/* The inbox shown (and sorted by the headers); NULL shows nothing */
void           cpis_inbox_table_set_inbox  (CpisInboxTable *self,
                                            CpisTaskInbox  *inbox);
CpisTaskInbox *cpis_inbox_table_get_inbox  (CpisInboxTable *self);
/* The moment "today" and "yesterday" are counted from (tests; 0: the clock) */
void           cpis_inbox_table_set_now    (CpisInboxTable *self,
                                            gint64          now_usec);
/* (transfer none): sorting without the headers, which take no keyboard
 * focus on GTK 4.8: the actions ("by": "none" or a column's id, "order":
 * "ascending" or "descending"; their states follow the headers too), to be
 * inserted as "sort" on a widget above the menu's button, and the menu */
GActionGroup  *cpis_inbox_table_get_sort_actions (CpisInboxTable *self);
GMenuModel    *cpis_inbox_table_get_sort_menu    (CpisInboxTable *self);
/* (transfer none): the column view, for tests and the benchmark */
GtkColumnView *cpis_inbox_table_get_column_view (CpisInboxTable *self);
/* Selects the row of @task and scrolls to it, if it is shown */
void           cpis_inbox_table_select     (CpisInboxTable *self,
                                            CpisTask       *task);

G_END_DECLS
