/* cpis-collation-ranks.h: a number for each text, in the order people sort
 * names (the locale's collation, case aside), so that a list of many
 * thousands sorts by name as fast as by a number
 *
 * GtkSortListModel sorts fastest by keys it computes once per row
 * (GtkNumericSorter); comparing texts pair by pair is several times slower
 * on 100,000 rows. Every text is given a rank with room around it, so that
 * a text met later slots in between its neighbours without moving them;
 * only when there is no room left are all renumbered (and the caller sorts
 * again). Each text's search form is kept beside it, made once.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CpisCollationRanks CpisCollationRanks;

/* What NULL ranks as: before every text (and, negated, after every one) */
#define CPIS_COLLATION_RANK_NONE (-(G_GINT64_CONSTANT (1) << 62) - 1)

CpisCollationRanks *cpis_collation_ranks_new   (void);
void                cpis_collation_ranks_free  (CpisCollationRanks *self);
/* Ranks each of @texts not ranked yet (NULLs and repeats are fine).
 * Returns TRUE if ranks given before changed: keys made from them are stale. */
gboolean            cpis_collation_ranks_add   (CpisCollationRanks *self,
                                                const char * const *texts,
                                                guint               n_texts);
/* The rank of @text: ordered as g_utf8_collate_key() of its case fold,
 * then as written. A text not added yet is added (the caller should have:
 * its ranks are only consistent when renumbering finds no keys in use). */
gint64              cpis_collation_ranks_get   (CpisCollationRanks *self,
                                                const char         *text);
/* (transfer none): where the rank of @text is kept (added if it was not):
 * the same place until cleared, its number renumbered in place, so that a
 * key read through it is never stale; for NULL, CPIS_COLLATION_RANK_NONE's */
const gint64       *cpis_collation_ranks_lookup_rank (CpisCollationRanks *self,
                                                      const char         *text);
/* @text as a search matches it: case folded, compatibility-decomposed
 * (NFKD); made once per text. NULL for NULL. */
const char         *cpis_collation_ranks_get_folded (CpisCollationRanks *self,
                                                     const char         *text);
guint               cpis_collation_ranks_get_size (CpisCollationRanks *self);
void                cpis_collation_ranks_clear (CpisCollationRanks *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisCollationRanks, cpis_collation_ranks_free)

G_END_DECLS
