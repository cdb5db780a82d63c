/* cpis-task-slot.c: one place of a table of notifications */

#include "cpis-task-slot-private.h"

struct _CpisTaskSlot
{
  GObject   parent_instance;

  CpisTask *task;
  guint     position;  /* kept by the slot list */
};

G_DEFINE_FINAL_TYPE (CpisTaskSlot, cpis_task_slot, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TASK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cpis_task_slot_finalize (GObject *object)
{
  CpisTaskSlot *self = CPIS_TASK_SLOT (object);

  g_clear_object (&self->task);

  G_OBJECT_CLASS (cpis_task_slot_parent_class)->finalize (object);
}

static void
cpis_task_slot_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CpisTaskSlot *self = CPIS_TASK_SLOT (object);

  switch (prop_id)
    {
    case PROP_TASK:
      g_value_set_object (value, self->task);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_task_slot_class_init (CpisTaskSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_task_slot_finalize;
  object_class->get_property = cpis_task_slot_get_property;

  properties[PROP_TASK] = g_param_spec_object ("task", NULL, NULL, CPIS_TYPE_TASK,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                 G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_task_slot_init (CpisTaskSlot *self)
{
}

CpisTaskSlot *
_cpis_task_slot_new (CpisTask *task,
                     guint     position)
{
  CpisTaskSlot *self;

  g_return_val_if_fail (CPIS_IS_TASK (task), NULL);

  self = g_object_new (CPIS_TYPE_TASK_SLOT, NULL);
  self->task = g_object_ref (task);
  self->position = position;
  return self;
}

CpisTask *
cpis_task_slot_get_task (CpisTaskSlot *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_SLOT (self), NULL);

  return self->task;
}

void
_cpis_task_slot_set_task (CpisTaskSlot *self,
                          CpisTask     *task)
{
  g_return_if_fail (CPIS_IS_TASK_SLOT (self));
  g_return_if_fail (CPIS_IS_TASK (task));

  if (g_set_object (&self->task, task))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
}

guint
_cpis_task_slot_get_position (CpisTaskSlot *self)
{
  return self->position;
}

void
_cpis_task_slot_set_position (CpisTaskSlot *self,
                              guint         position)
{
  self->position = position;
}
