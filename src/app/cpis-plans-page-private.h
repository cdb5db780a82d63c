/* cpis-plans-page-private.h: what the tests look at */
#pragma once

#include "cpis-plans-page.h"

G_BEGIN_DECLS

/* The plans as shown: filtered and sorted */
GListModel *_cpis_plans_page_get_shown (CpisPlansPage *self);
/* Whether every page of the authority's plans is in */
gboolean    _cpis_plans_page_is_loaded (CpisPlansPage *self);

G_END_DECLS
