/* cpis-task-list.h: a GListModel of CpisTask over an array: the inbox's
 * store
 *
 * GListStore finds an item by position in a balanced tree; the models
 * stacked on a store of 100,000 (sorting, filtering) ask for items by
 * position all over it, where an array answers at once. Only what the
 * inbox needs: append, replace in place, empty.
 */
#pragma once

#include <gio/gio.h>

#include "cpis-task.h"

G_BEGIN_DECLS

#define CPIS_TYPE_TASK_LIST (cpis_task_list_get_type ())

G_DECLARE_FINAL_TYPE (CpisTaskList, cpis_task_list, CPIS, TASK_LIST, GObject)

CpisTaskList *cpis_task_list_new         (void);
/* Appends @n_tasks, with one "items-changed" */
void          cpis_task_list_append      (CpisTaskList  *self,
                                          CpisTask     **tasks,
                                          guint          n_tasks);
/* Puts @task at @position instead of what was there */
void          cpis_task_list_replace     (CpisTaskList  *self,
                                          guint          position,
                                          CpisTask      *task);
void          cpis_task_list_remove_all  (CpisTaskList  *self);
/* (transfer none) */
CpisTask     *cpis_task_list_peek        (CpisTaskList  *self,
                                          guint          position);
guint         cpis_task_list_get_length  (CpisTaskList  *self);

G_END_DECLS
