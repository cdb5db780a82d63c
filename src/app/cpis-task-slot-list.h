/* cpis-task-slot-list.h: a list of notifications as places that keep their
 * rows, for a table on GTK 4.8
 *
 * A GListModel of CpisTaskSlot over a GListModel of CpisTask (an inbox):
 * item i is the place i, and its "task" is the model's item i. When the
 * model changes (position, removed, added), the places both before and after
 * the change keep their slots: the first min(removed, added) places changed
 * keep theirs and are given their new notifications ("notify::task", after
 * the list is told), and only the rest is told as removed or added. A
 * filter or sort change of 100,000 rows (all removed, all added) becomes
 * "the rows on screen show other notifications" and, at most, "the end of
 * the list went" or "came": GTK keeps every row widget it has.
 *
 * Slots are made when asked for and live while something holds them (the
 * rows on screen, the selection): the list keeps none itself.
 *
 * A GtkSingleSelection over this list selects a place, not a notification:
 * a table keeps its selection on the notification itself (CpisInboxTable).
 */
#pragma once

#include <gio/gio.h>

#include "cpis-task-slot.h"

G_BEGIN_DECLS

#define CPIS_TYPE_TASK_SLOT_LIST (cpis_task_slot_list_get_type ())

G_DECLARE_FINAL_TYPE (CpisTaskSlotList, cpis_task_slot_list, CPIS, TASK_SLOT_LIST, GObject)

/* @model: a list of CpisTask, or NULL for none */
CpisTaskSlotList *cpis_task_slot_list_new       (GListModel       *model);
void              cpis_task_slot_list_set_model (CpisTaskSlotList *self,
                                                 GListModel       *model);
GListModel       *cpis_task_slot_list_get_model (CpisTaskSlotList *self);

G_END_DECLS
