/* cpis-list-text-private.h: several names in one sentence */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @items (@n_items, at least one) as a list in words, in the order given:
 * "A", "A and B", "A, B and C", built from patterns the translator orders
 * (the list of two, and the first, middle and last joins of a longer one,
 * as CLDR's list patterns are). */
char *_cpis_list_in_words (const char * const *items,
                           guint               n_items);

G_END_DECLS
