/* cpis-task-detail.h: one notification opened: what happened, what the
 * authority did about it, and the child
 *
 * Above: the notification (where the child was seen, by whom, when), its
 * status and who holds it, the changes it may make now (accept, start
 * work, assign, cancel with a reason), the outcome and a note, and the notes
 * so far. Each change is sent with the version it was made on: a change
 * someone else made meanwhile is never overwritten; the view says so, shows
 * theirs, and keeps what was typed.
 *
 * Below: the child, as the clinician view shows them (the patient banner,
 * the plans, the whole access history as a timeline and a list), read as a
 * social worker reads: never recorded as an access, never notified.
 */
#pragma once

#include <adwaita.h>

#include "cpis-session.h"
#include "cpis-task.h"

G_BEGIN_DECLS

#define CPIS_TYPE_TASK_DETAIL (cpis_task_detail_get_type ())

G_DECLARE_FINAL_TYPE (CpisTaskDetail, cpis_task_detail, CPIS, TASK_DETAIL, GtkWidget)

/* Signals:
 *   "task-changed" (CpisTask *task): a newer version of the notification
 *                  shown, made here or found here (someone else's change)
 *   "replace-plan" (CpisPlan *plan, const char *nhs_number): an inactive NHS
 *                  number's notification: upload @plan under @nhs_number, the
 *                  one that replaced it
 * Properties:
 *   "task"  CpisTask  the version shown (read-only: cpis_task_detail_show)
 *   "busy"  gboolean  a change is on its way to the hub
 */
GtkWidget *cpis_task_detail_new             (void);
/* The session whose client reads and changes notifications; a 401 expires it */
void       cpis_task_detail_set_session     (CpisTaskDetail    *self,
                                             CpisSession       *session);
/* Shows @task. Another notification than the one shown: what was typed is
 * cleared and its child is read. A newer version of the same one (a live
 * update): shown, what was typed kept, and a version made by someone else
 * is said. An older version than the one shown is ignored. NULL clears. */
void       cpis_task_detail_show            (CpisTaskDetail    *self,
                                             CpisTask          *task);
CpisTask  *cpis_task_detail_get_task        (CpisTaskDetail    *self);
gboolean   cpis_task_detail_get_busy        (CpisTaskDetail    *self);
/* Who a notification may be assigned to, besides the signed-in social worker
 * and the authority itself (unassigned): the authority's teams and its
 * other social workers */
void       cpis_task_detail_clear_assignees (CpisTaskDetail    *self);
void       cpis_task_detail_add_assignee    (CpisTaskDetail    *self,
                                             CpisTaskOwnerKind  kind,
                                             const char        *id,
                                             const char        *display);
/* Forgets everything shown and typed (the end of a session) */
void       cpis_task_detail_reset           (CpisTaskDetail    *self);
/* Moves the focus to the first thing to do */
void       cpis_task_detail_focus           (CpisTaskDetail    *self);

G_END_DECLS
