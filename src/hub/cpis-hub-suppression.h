/* cpis-hub-suppression.h: small counts hidden in area figures, as official
 * statistics hide them (docs/api.md, "Suppression")
 *
 * A pure function, so that every measure applies the same rule and the
 * rule is tested on its own.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The smallest count shown; 1 to this minus one is suppressed */
#define CPIS_HUB_SUPPRESSION_MIN_SHOWN 5

/* Decides which of one stratifier's @counts (its strata, whose sum is the
 * total the report also gives) are suppressed, in @suppressed (n_counts
 * booleans, written):
 *
 * - primary: a count from 1 to 4 is suppressed (0 is shown: no one);
 * - secondary: if exactly one count is suppressed, the smallest other
 *   count above 0 (the first of equals) is suppressed too, so that no
 *   cell can be worked back from the total by subtraction.
 *
 * Returns TRUE if the total must be suppressed as well: it is itself from
 * 1 to 4, or one count is suppressed and no other count could hide it. */
gboolean cpis_hub_suppress_counts (const gint64 *counts,
                                   guint         n_counts,
                                   gboolean     *suppressed);

/* Whether a count on its own (a total, a headline figure) is suppressed */
gboolean cpis_hub_count_is_suppressed (gint64 count);

G_END_DECLS
