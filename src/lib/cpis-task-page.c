/* cpis-task-page.c: one page of a search for notifications */

#include "cpis-task-page.h"

G_DEFINE_BOXED_TYPE (CpisTaskPage, cpis_task_page, cpis_task_page_copy, cpis_task_page_free)

CpisTaskPage *
cpis_task_page_new (GPtrArray *tasks)
{
  CpisTaskPage *page = g_new0 (CpisTaskPage, 1);

  page->tasks = tasks != NULL ? tasks : g_ptr_array_new_with_free_func (g_object_unref);
  return page;
}

CpisTaskPage *
cpis_task_page_copy (const CpisTaskPage *page)
{
  CpisTaskPage *copy;

  g_return_val_if_fail (page != NULL, NULL);

  copy = g_new0 (CpisTaskPage, 1);
  copy->tasks = g_ptr_array_ref (page->tasks);
  copy->total = page->total;
  copy->self_url = g_strdup (page->self_url);
  copy->next_url = g_strdup (page->next_url);
  copy->previous_url = g_strdup (page->previous_url);
  return copy;
}

void
cpis_task_page_free (CpisTaskPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->tasks, g_ptr_array_unref);
  g_free (page->self_url);
  g_free (page->next_url);
  g_free (page->previous_url);
  g_free (page);
}
