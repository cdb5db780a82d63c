/* cpis-task-page.h: one page of a search for notifications (a searchset
 * Bundle of Tasks)
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  GPtrArray *tasks;         /* CpisTask, in the hub's order; never NULL */
  guint      total;         /* every match of the search, on all its pages */
  char      *self_url;      /* the links the hub gave; NULL when absent */
  char      *next_url;
  char      *previous_url;
} CpisTaskPage;

GType         cpis_task_page_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_TASK_PAGE (cpis_task_page_get_type ())

/* Takes @tasks (may be NULL: none) */
CpisTaskPage *cpis_task_page_new      (GPtrArray          *tasks);
CpisTaskPage *cpis_task_page_copy     (const CpisTaskPage *page);
void          cpis_task_page_free     (CpisTaskPage       *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisTaskPage, cpis_task_page_free)

G_END_DECLS
