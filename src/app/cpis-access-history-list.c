/* cpis-access-history-list.c: the access history as a list (newest first) */
#include "cpis-access-history-list.h"

struct _CpisAccessHistoryList
{
  GtkWidget   parent_instance;

  GListModel *model;
};

G_DEFINE_FINAL_TYPE (CpisAccessHistoryList, cpis_access_history_list, GTK_TYPE_WIDGET)

static void
cpis_access_history_list_dispose (GObject *object)
{
  CpisAccessHistoryList *self = (CpisAccessHistoryList *)object;

  g_clear_object (&self->model);

  G_OBJECT_CLASS (cpis_access_history_list_parent_class)->dispose (object);
}

static void
cpis_access_history_list_class_init (CpisAccessHistoryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cpis_access_history_list_dispose;
}

static void
cpis_access_history_list_init (CpisAccessHistoryList *self)
{
}

GtkWidget *
cpis_access_history_list_new (void)
{
  return g_object_new (CPIS_TYPE_ACCESS_HISTORY_LIST, NULL);
}

void
cpis_access_history_list_set_model (CpisAccessHistoryList *self,
                                    GListModel            *events)
{
  g_return_if_fail (CPIS_IS_ACCESS_HISTORY_LIST (self));
  g_return_if_fail (events == NULL || G_IS_LIST_MODEL (events));

  g_set_object (&self->model, events);
}

GListModel *
cpis_access_history_list_get_model (CpisAccessHistoryList *self)
{
  g_return_val_if_fail (CPIS_IS_ACCESS_HISTORY_LIST (self), NULL);

  return self->model;
}
