/* cpis-access-timeline.h: accesses drawn on a time axis, a row per organisation
 *
 * Keyboard and screen-reader accessible: each access is focusable in turn with
 * the arrow keys, and has an accessible description (when, where, who).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CPIS_TYPE_ACCESS_TIMELINE (cpis_access_timeline_get_type ())

G_DECLARE_FINAL_TYPE (CpisAccessTimeline, cpis_access_timeline, CPIS, ACCESS_TIMELINE, GtkWidget)

/* Properties:
 *   "model"     GListModel of CpisAccessEvent
 *   "now"       GDateTime  the right-hand end of the axis (default: now)
 *   "selected"  int        index of the focused access, -1 for none
 */

GtkWidget  *cpis_access_timeline_new          (void);
void        cpis_access_timeline_set_model    (CpisAccessTimeline *self,
                                               GListModel         *events);
GListModel *cpis_access_timeline_get_model    (CpisAccessTimeline *self);
void        cpis_access_timeline_set_now      (CpisAccessTimeline *self,
                                               GDateTime          *now);
int         cpis_access_timeline_get_selected (CpisAccessTimeline *self);
void        cpis_access_timeline_set_selected (CpisAccessTimeline *self,
                                               int                 index);

G_END_DECLS
