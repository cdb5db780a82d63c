/* cpis-task-slot.h: one place of a table of notifications, and the
 * notification in it now
 *
 * The item of a CpisTaskSlotList. A table's row is bound to a slot; when a
 * filter, a sort or a newer version puts another notification in that place,
 * the slot's "task" changes (and is notified) and the row shows the new one,
 * without its widgets being made again: GTK 4.8's list views make new
 * widgets for every new item they are given, which made a filter or sort
 * change of a 100,000-row inbox remake every row on screen.
 *
 * A row bound to a slot must show its "task" at all times, and follow
 * "notify::task": showing one child under another's row is the hazard this
 * exists not to add (docs/clinical-safety.md, hazard 28).
 */
#pragma once

#include <glib-object.h>

#include "cpis-task.h"

G_BEGIN_DECLS

#define CPIS_TYPE_TASK_SLOT (cpis_task_slot_get_type ())

G_DECLARE_FINAL_TYPE (CpisTaskSlot, cpis_task_slot, CPIS, TASK_SLOT, GObject)

/* Properties:
 *   "task"  CpisTask  (read-only) the notification in this place now; never NULL
 */

/* (transfer none) */
CpisTask *cpis_task_slot_get_task (CpisTaskSlot *self);

G_END_DECLS
