/* cpis-plans-page.h: the local authority's children on plans
 *
 * A table of the plans the hub holds for the signed-in social worker's
 * authority (child, NHS number, date of birth, plan, started, ended),
 * narrowed by plan type and state (active, ended, all) and by a search on
 * the name or NHS number. From here a social worker adds a plan, opens one
 * to change or end it, or imports a file of them (CpisPlanEditor,
 * CpisPlanImportDialog). Loaded when first shown, every page of it; kept in
 * memory only, and forgotten on reset.
 */
#pragma once

#include <gtk/gtk.h>

#include "cpis-session.h"

G_BEGIN_DECLS

#define CPIS_TYPE_PLANS_PAGE (cpis_plans_page_get_type ())

G_DECLARE_FINAL_TYPE (CpisPlansPage, cpis_plans_page, CPIS, PLANS_PAGE, GtkWidget)

typedef enum
{
  CPIS_PLANS_PAGE_STATE_ACTIVE,
  CPIS_PLANS_PAGE_STATE_ENDED,
  CPIS_PLANS_PAGE_STATE_ALL,
} CpisPlansPageState;

GtkWidget *cpis_plans_page_new         (void);
void       cpis_plans_page_set_session (CpisPlansPage *self,
                                        CpisSession   *session);
/* Fetches the authority's plans again (first time: when shown) */
void       cpis_plans_page_reload      (CpisPlansPage *self);
/* Forgets every plan and the search */
void       cpis_plans_page_reset       (CpisPlansPage *self);
void       cpis_plans_page_focus_search (CpisPlansPage *self);

G_END_DECLS
