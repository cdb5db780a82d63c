/* cpis-task-list.c: a GListModel of CpisTask over an array */

#include "cpis-task-list.h"

struct _CpisTaskList
{
  GObject    parent_instance;

  GPtrArray *tasks;
};

static void cpis_task_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CpisTaskList, cpis_task_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, cpis_task_list_model_init))

static GType
cpis_task_list_get_item_type (GListModel *model)
{
  return CPIS_TYPE_TASK;
}

static guint
cpis_task_list_get_n_items (GListModel *model)
{
  return CPIS_TASK_LIST (model)->tasks->len;
}

static gpointer
cpis_task_list_get_item (GListModel *model,
                         guint       position)
{
  CpisTaskList *self = CPIS_TASK_LIST (model);

  if (position >= self->tasks->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->tasks, position));
}

static void
cpis_task_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cpis_task_list_get_item_type;
  iface->get_n_items = cpis_task_list_get_n_items;
  iface->get_item = cpis_task_list_get_item;
}

static void
cpis_task_list_finalize (GObject *object)
{
  CpisTaskList *self = (CpisTaskList *)object;

  g_clear_pointer (&self->tasks, g_ptr_array_unref);

  G_OBJECT_CLASS (cpis_task_list_parent_class)->finalize (object);
}

static void
cpis_task_list_class_init (CpisTaskListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cpis_task_list_finalize;
}

static void
cpis_task_list_init (CpisTaskList *self)
{
  self->tasks = g_ptr_array_new_with_free_func (g_object_unref);
}

CpisTaskList *
cpis_task_list_new (void)
{
  return g_object_new (CPIS_TYPE_TASK_LIST, NULL);
}

void
cpis_task_list_append (CpisTaskList  *self,
                       CpisTask     **tasks,
                       guint          n_tasks)
{
  guint position;

  g_return_if_fail (CPIS_IS_TASK_LIST (self));
  g_return_if_fail (n_tasks == 0 || tasks != NULL);

  if (n_tasks == 0)
    return;

  position = self->tasks->len;
  for (guint i = 0; i < n_tasks; i++)
    {
      g_return_if_fail (CPIS_IS_TASK (tasks[i]));
      g_ptr_array_add (self->tasks, g_object_ref (tasks[i]));
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n_tasks);
}

void
cpis_task_list_replace (CpisTaskList *self,
                        guint         position,
                        CpisTask     *task)
{
  CpisTask *old;

  g_return_if_fail (CPIS_IS_TASK_LIST (self));
  g_return_if_fail (position < self->tasks->len);
  g_return_if_fail (CPIS_IS_TASK (task));

  old = g_ptr_array_index (self->tasks, position);
  self->tasks->pdata[position] = g_object_ref (task);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  g_object_unref (old);
}

void
cpis_task_list_remove_all (CpisTaskList *self)
{
  guint n;

  g_return_if_fail (CPIS_IS_TASK_LIST (self));

  n = self->tasks->len;
  if (n == 0)
    return;

  g_ptr_array_set_size (self->tasks, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

CpisTask *
cpis_task_list_peek (CpisTaskList *self,
                     guint         position)
{
  g_return_val_if_fail (CPIS_IS_TASK_LIST (self), NULL);
  g_return_val_if_fail (position < self->tasks->len, NULL);

  return g_ptr_array_index (self->tasks, position);
}

guint
cpis_task_list_get_length (CpisTaskList *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_LIST (self), 0);

  return self->tasks->len;
}
