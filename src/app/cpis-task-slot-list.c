/* cpis-task-slot-list.c: a list of notifications as places that keep their rows */

#include "cpis-task-slot-list.h"

#include "cpis-task-slot-private.h"

struct _CpisTaskSlotList
{
  GObject     parent_instance;

  GListModel *model;
  guint       n_items;
  /* position → the slot alive there (not referenced: a weak reference
   * removes it when it goes) */
  GHashTable *live;
};

static void cpis_task_slot_list_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CpisTaskSlotList, cpis_task_slot_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cpis_task_slot_list_list_model_init))

static void
slot_gone_cb (gpointer  data,
              GObject  *where_the_slot_was)
{
  CpisTaskSlotList *self = data;
  CpisTaskSlot *slot = (CpisTaskSlot *) where_the_slot_was;
  gpointer key = GUINT_TO_POINTER (_cpis_task_slot_get_position (slot));

  /* (a slot whose place went is no longer in the table) */
  if (g_hash_table_lookup (self->live, key) == slot)
    g_hash_table_remove (self->live, key);
}

static void
forget_slot (CpisTaskSlotList *self,
             CpisTaskSlot     *slot)
{
  g_object_weak_unref (G_OBJECT (slot), slot_gone_cb, self);
}

static void
forget_all (CpisTaskSlotList *self)
{
  GHashTableIter iter;
  gpointer slot;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &slot))
    forget_slot (self, slot);
  g_hash_table_remove_all (self->live);
}

/* The model changed: the places kept are moved and given what is there now,
 * the rest is told */
static void
items_changed_cb (GListModel       *model,
                  guint             position,
                  guint             removed,
                  guint             added,
                  CpisTaskSlotList *self)
{
  guint kept = MIN (removed, added);
  g_autoptr(GHashTable) moved = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) refilled = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      CpisTaskSlot *slot = value;
      guint at = GPOINTER_TO_UINT (key);

      if (at >= position + removed)
        at = at - removed + added;
      else if (at >= position + kept)
        {
          /* its place went: whoever holds it is told so below */
          forget_slot (self, slot);
          continue;
        }
      else if (at >= position)
        {
          g_autoptr(CpisTask) task = g_list_model_get_item (model, at);

          /* given its new notification now, told of it once the list is
           * consistent again */
          g_object_freeze_notify (G_OBJECT (slot));
          _cpis_task_slot_set_task (slot, task);
          g_ptr_array_add (refilled, g_object_ref (slot));
        }
      _cpis_task_slot_set_position (slot, at);
      g_hash_table_insert (moved, GUINT_TO_POINTER (at), slot);
    }
  g_hash_table_steal_all (self->live);
  g_hash_table_iter_init (&iter, moved);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->live, key, value);

  self->n_items = self->n_items - removed + added;
  if (removed != added)
    g_list_model_items_changed (G_LIST_MODEL (self), position + kept, removed - kept,
                                added - kept);

  for (guint i = 0; i < refilled->len; i++)
    g_object_thaw_notify (refilled->pdata[i]);
}

/* GListModel -------------------------------------------------------------- */

static GType
cpis_task_slot_list_get_item_type (GListModel *model)
{
  return CPIS_TYPE_TASK_SLOT;
}

static guint
cpis_task_slot_list_get_n_items (GListModel *model)
{
  return CPIS_TASK_SLOT_LIST (model)->n_items;
}

static gpointer
cpis_task_slot_list_get_item (GListModel *model,
                              guint       position)
{
  CpisTaskSlotList *self = CPIS_TASK_SLOT_LIST (model);
  g_autoptr(CpisTask) task = NULL;
  CpisTaskSlot *slot;

  if (position >= self->n_items)
    return NULL;

  slot = g_hash_table_lookup (self->live, GUINT_TO_POINTER (position));
  if (slot != NULL)
    return g_object_ref (slot);

  task = g_list_model_get_item (self->model, position);
  if (task == NULL)
    return NULL;
  slot = _cpis_task_slot_new (task, position);
  g_object_weak_ref (G_OBJECT (slot), slot_gone_cb, self);
  g_hash_table_insert (self->live, GUINT_TO_POINTER (position), slot);
  return slot;
}

static void
cpis_task_slot_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cpis_task_slot_list_get_item_type;
  iface->get_n_items = cpis_task_slot_list_get_n_items;
  iface->get_item = cpis_task_slot_list_get_item;
}

/* Object ------------------------------------------------------------------ */

static void
cpis_task_slot_list_dispose (GObject *object)
{
  cpis_task_slot_list_set_model (CPIS_TASK_SLOT_LIST (object), NULL);

  G_OBJECT_CLASS (cpis_task_slot_list_parent_class)->dispose (object);
}

static void
cpis_task_slot_list_finalize (GObject *object)
{
  CpisTaskSlotList *self = CPIS_TASK_SLOT_LIST (object);

  forget_all (self);
  g_hash_table_unref (self->live);

  G_OBJECT_CLASS (cpis_task_slot_list_parent_class)->finalize (object);
}

static void
cpis_task_slot_list_class_init (CpisTaskSlotListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cpis_task_slot_list_dispose;
  object_class->finalize = cpis_task_slot_list_finalize;
}

static void
cpis_task_slot_list_init (CpisTaskSlotList *self)
{
  self->live = g_hash_table_new (NULL, NULL);
}

CpisTaskSlotList *
cpis_task_slot_list_new (GListModel *model)
{
  CpisTaskSlotList *self = g_object_new (CPIS_TYPE_TASK_SLOT_LIST, NULL);

  cpis_task_slot_list_set_model (self, model);
  return self;
}

void
cpis_task_slot_list_set_model (CpisTaskSlotList *self,
                               GListModel       *model)
{
  guint removed;

  g_return_if_fail (CPIS_IS_TASK_SLOT_LIST (self));
  g_return_if_fail (model == NULL || g_type_is_a (g_list_model_get_item_type (model), CPIS_TYPE_TASK));

  if (model == self->model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), self);

  /* another list: no place is kept */
  forget_all (self);
  removed = self->n_items;
  self->n_items = model != NULL ? g_list_model_get_n_items (model) : 0;
  if (removed > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_items);
}

GListModel *
cpis_task_slot_list_get_model (CpisTaskSlotList *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_SLOT_LIST (self), NULL);

  return self->model;
}
