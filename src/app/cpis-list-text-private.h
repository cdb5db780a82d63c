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

/* A person's name as lists sort it: "Alex TESTER" → "TESTER Alex", the
 * family name (which the hub writes last, in capitals) first; a name of one
 * word as it is. NULL for NULL. */
char *_cpis_name_family_first (const char *name);

G_END_DECLS
