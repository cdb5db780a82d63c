/* cpis-task-slot-private.h: what CpisTaskSlotList does with its slots */
#pragma once

#include "cpis-task-slot.h"

G_BEGIN_DECLS

CpisTaskSlot *_cpis_task_slot_new          (CpisTask     *task,
                                            guint         position);
/* Puts @task in the place (notified if it is another one) */
void          _cpis_task_slot_set_task     (CpisTaskSlot *self,
                                            CpisTask     *task);
guint         _cpis_task_slot_get_position (CpisTaskSlot *self);
void          _cpis_task_slot_set_position (CpisTaskSlot *self,
                                            guint         position);

G_END_DECLS
