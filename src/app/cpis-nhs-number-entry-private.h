/* cpis-nhs-number-entry-private.h: what the tests control in the entry */
#pragma once

#include "cpis-nhs-number-entry.h"

G_BEGIN_DECLS

/* Monotonic microseconds, as g_get_monotonic_time() gives them */
typedef gint64 (*CpisNhsNumberEntryClock) (void);

/* The clock a scan's speed is measured by (NULL: the real one), so that a
 * test can type at a scanner's speed, or a person's, whatever the machine */
void _cpis_nhs_number_entry_set_clock (CpisNhsNumberEntry      *self,
                                       CpisNhsNumberEntryClock  clock);

/* Whether the next character typed will replace the whole text */
gboolean _cpis_nhs_number_entry_get_replaces_input (CpisNhsNumberEntry *self);

G_END_DECLS
