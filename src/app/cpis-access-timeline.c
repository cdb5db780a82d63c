/* cpis-access-timeline.c: accesses drawn on a time axis, a row per organisation */
#include "cpis-access-timeline.h"

struct _CpisAccessTimeline
{
  GtkWidget   parent_instance;

  GListModel *model;
  GDateTime  *now;
  int         selected;
};

G_DEFINE_FINAL_TYPE (CpisAccessTimeline, cpis_access_timeline, GTK_TYPE_WIDGET)

static void
cpis_access_timeline_dispose (GObject *object)
{
  CpisAccessTimeline *self = (CpisAccessTimeline *)object;

  g_clear_object (&self->model);
  g_clear_pointer (&self->now, g_date_time_unref);

  G_OBJECT_CLASS (cpis_access_timeline_parent_class)->dispose (object);
}

static void
cpis_access_timeline_class_init (CpisAccessTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cpis_access_timeline_dispose;
}

static void
cpis_access_timeline_init (CpisAccessTimeline *self)
{
  self->selected = -1;
}

GtkWidget *
cpis_access_timeline_new (void)
{
  return g_object_new (CPIS_TYPE_ACCESS_TIMELINE, NULL);
}

void
cpis_access_timeline_set_model (CpisAccessTimeline *self,
                                GListModel         *events)
{
  g_return_if_fail (CPIS_IS_ACCESS_TIMELINE (self));
  g_return_if_fail (events == NULL || G_IS_LIST_MODEL (events));

  g_set_object (&self->model, events);
}

GListModel *
cpis_access_timeline_get_model (CpisAccessTimeline *self)
{
  g_return_val_if_fail (CPIS_IS_ACCESS_TIMELINE (self), NULL);

  return self->model;
}

void
cpis_access_timeline_set_now (CpisAccessTimeline *self,
                              GDateTime          *now)
{
  g_return_if_fail (CPIS_IS_ACCESS_TIMELINE (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
}

int
cpis_access_timeline_get_selected (CpisAccessTimeline *self)
{
  g_return_val_if_fail (CPIS_IS_ACCESS_TIMELINE (self), -1);

  return self->selected;
}

void
cpis_access_timeline_set_selected (CpisAccessTimeline *self,
                                   int                 index)
{
  g_return_if_fail (CPIS_IS_ACCESS_TIMELINE (self));

  self->selected = index;
}
