/* cpis-plan-page.h: one page of an LA's own plans (a searchset of CareTeams,
 * GET [base]/CareTeam without a patient) */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  GPtrArray *plans;      /* CpisPlan, in the hub's order; never NULL */
  guint      total;       /* every match, on all the pages */
  char      *self_url;    /* the links the hub gave; NULL when absent */
  char      *next_url;
  char      *previous_url;
} CpisPlanPage;

GType         cpis_plan_page_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_PLAN_PAGE (cpis_plan_page_get_type ())

/* Takes @plans (may be NULL: none) */
CpisPlanPage *cpis_plan_page_new  (GPtrArray        *plans);
CpisPlanPage *cpis_plan_page_copy (const CpisPlanPage *page);
void        cpis_plan_page_free (CpisPlanPage       *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisPlanPage, cpis_plan_page_free)

G_END_DECLS
