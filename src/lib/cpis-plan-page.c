/* cpis-plan-page.c: one page of an LA's own plans (a searchset of CareTeams,
 * GET [base]/CareTeam without a patient) */

#include "cpis-plan-page.h"

G_DEFINE_BOXED_TYPE (CpisPlanPage, cpis_plan_page, cpis_plan_page_copy, cpis_plan_page_free)

CpisPlanPage *
cpis_plan_page_new (GPtrArray *plans)
{
  CpisPlanPage *page = g_new0 (CpisPlanPage, 1);

  page->plans = plans != NULL ? plans : g_ptr_array_new_with_free_func (g_object_unref);
  return page;
}

CpisPlanPage *
cpis_plan_page_copy (const CpisPlanPage *page)
{
  CpisPlanPage *copy;

  g_return_val_if_fail (page != NULL, NULL);

  copy = g_new0 (CpisPlanPage, 1);
  copy->plans = g_ptr_array_ref (page->plans);
  copy->total = page->total;
  copy->self_url = g_strdup (page->self_url);
  copy->next_url = g_strdup (page->next_url);
  copy->previous_url = g_strdup (page->previous_url);
  return copy;
}

void
cpis_plan_page_free (CpisPlanPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->plans, g_ptr_array_unref);
  g_free (page->self_url);
  g_free (page->next_url);
  g_free (page->previous_url);
  g_free (page);
}
