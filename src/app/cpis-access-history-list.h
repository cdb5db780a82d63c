/* cpis-access-history-list.h: the access history as a list (newest first) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CPIS_TYPE_ACCESS_HISTORY_LIST (cpis_access_history_list_get_type ())

G_DECLARE_FINAL_TYPE (CpisAccessHistoryList, cpis_access_history_list, CPIS, ACCESS_HISTORY_LIST, GtkWidget)

/* Properties: "model" GListModel of CpisAccessEvent */

GtkWidget  *cpis_access_history_list_new       (void);
void        cpis_access_history_list_set_model (CpisAccessHistoryList *self,
                                                GListModel            *events);
GListModel *cpis_access_history_list_get_model (CpisAccessHistoryList *self);

G_END_DECLS
