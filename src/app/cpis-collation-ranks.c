/* cpis-collation-ranks.c: a number for each text, in the order people sort names */

#include "cpis-collation-ranks.h"

#include <string.h>

/* Ranks live in [-2^62, 2^62 - 1], so that no gap overflows; CPIS_COLLATION_RANK_NONE
 * is below them all */
#define LOWEST  (-(G_GINT64_CONSTANT (1) << 62))
#define HIGHEST ((G_GINT64_CONSTANT (1) << 62) - 1)

typedef struct
{
  char   *text;
  char   *key;     /* collation key of the case fold */
  char   *folded;  /* the search form, once asked for */
  gint64  rank;
} Entry;

struct _CpisCollationRanks
{
  GHashTable *by_text;   /* text (the entry's) → Entry */
  GPtrArray  *sorted;    /* Entry, in order */
};

static void
entry_free (Entry *entry)
{
  g_free (entry->text);
  g_free (entry->key);
  g_free (entry->folded);
  g_free (entry);
}

static Entry *
entry_new (const char *text)
{
  Entry *entry = g_new0 (Entry, 1);
  g_autofree char *folded = g_utf8_casefold (text, -1);

  entry->text = g_strdup (text);
  entry->key = g_utf8_collate_key (folded, -1);
  return entry;
}

static int
compare_entries (const Entry *a,
                 const Entry *b)
{
  int order = strcmp (a->key, b->key);

  return order != 0 ? order : strcmp (a->text, b->text);
}

static int
compare_entry_pointers (gconstpointer a,
                        gconstpointer b)
{
  return compare_entries (*(const Entry **) a, *(const Entry **) b);
}

/* Every rank spread evenly again */
static void
renumber (CpisCollationRanks *self)
{
  guint n = self->sorted->len;
  gint64 step = (HIGHEST / (n + 1)) * 2;

  for (guint i = 0; i < n; i++)
    ((Entry *) g_ptr_array_index (self->sorted, i))->rank = LOWEST + (gint64) (i + 1) * step;
}

/* Ranks for the @n new entries from @first in @merged, between their
 * neighbours; FALSE if there is no room */
static gboolean
rank_between (GPtrArray *merged,
              guint      first,
              guint      n)
{
  gint64 low = first > 0 ? ((Entry *) g_ptr_array_index (merged, first - 1))->rank : LOWEST;
  gint64 high = first + n < merged->len ? ((Entry *) g_ptr_array_index (merged, first + n))->rank
                                        : HIGHEST;
  gint64 step = (high - low) / (gint64) (n + 1);

  if (step < 1)
    return FALSE;

  for (guint i = 0; i < n; i++)
    ((Entry *) g_ptr_array_index (merged, first + i))->rank = low + (gint64) (i + 1) * step;

  return TRUE;
}

CpisCollationRanks *
cpis_collation_ranks_new (void)
{
  CpisCollationRanks *self = g_new0 (CpisCollationRanks, 1);

  self->by_text = g_hash_table_new (g_str_hash, g_str_equal);
  self->sorted = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  return self;
}

void
cpis_collation_ranks_free (CpisCollationRanks *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->by_text);
  g_ptr_array_unref (self->sorted);
  g_free (self);
}

void
cpis_collation_ranks_clear (CpisCollationRanks *self)
{
  g_return_if_fail (self != NULL);

  g_hash_table_remove_all (self->by_text);
  g_ptr_array_set_size (self->sorted, 0);
}

guint
cpis_collation_ranks_get_size (CpisCollationRanks *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->sorted->len;
}

gboolean
cpis_collation_ranks_add (CpisCollationRanks *self,
                          const char * const *texts,
                          guint               n_texts)
{
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  g_autoptr(GArray) runs = NULL;   /* (first, length) of each run of new entries */
  gboolean roomy = TRUE;
  guint i = 0, j = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (n_texts == 0 || texts != NULL, FALSE);

  added = g_ptr_array_new ();
  for (guint k = 0; k < n_texts; k++)
    {
      Entry *entry;

      if (texts[k] == NULL || g_hash_table_contains (self->by_text, texts[k]))
        continue;

      entry = entry_new (texts[k]);
      g_hash_table_insert (self->by_text, entry->text, entry);
      g_ptr_array_add (added, entry);
    }

  if (added->len == 0)
    return FALSE;

  g_ptr_array_sort (added, compare_entry_pointers);

  /* merge the new among the old, noting where each run of new ones goes */
  merged = g_ptr_array_new_full (self->sorted->len + added->len, (GDestroyNotify) entry_free);
  runs = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  while (i < self->sorted->len || j < added->len)
    {
      gboolean take_new = (j < added->len &&
                           (i == self->sorted->len ||
                            compare_entries (g_ptr_array_index (added, j),
                                             g_ptr_array_index (self->sorted, i)) < 0));

      if (take_new)
        {
          guint run[2] = { merged->len, 0 };

          while (j < added->len &&
                 (i == self->sorted->len ||
                  compare_entries (g_ptr_array_index (added, j),
                                   g_ptr_array_index (self->sorted, i)) < 0))
            {
              g_ptr_array_add (merged, g_ptr_array_index (added, j++));
              run[1]++;
            }
          g_array_append_val (runs, run);
        }
      else
        g_ptr_array_add (merged, g_ptr_array_index (self->sorted, i++));
    }

  /* the old entries now belong to @merged */
  g_ptr_array_set_free_func (self->sorted, NULL);
  g_ptr_array_unref (self->sorted);
  self->sorted = g_steal_pointer (&merged);

  for (guint r = 0; r < runs->len && roomy; r++)
    {
      guint *run = &g_array_index (runs, guint, r * 2);

      roomy = rank_between (self->sorted, run[0], run[1]);
    }

  if (roomy)
    return FALSE;

  renumber (self);
  /* (nothing was ranked before: nobody holds a stale key) */
  return self->sorted->len != added->len;
}

static Entry *
lookup (CpisCollationRanks *self,
        const char         *text)
{
  Entry *entry = g_hash_table_lookup (self->by_text, text);

  if (entry == NULL)
    {
      const char *texts[] = { text };

      cpis_collation_ranks_add (self, texts, 1);
      entry = g_hash_table_lookup (self->by_text, text);
    }

  return entry;
}

const char *
cpis_collation_ranks_get_folded (CpisCollationRanks *self,
                                 const char         *text)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, NULL);

  if (text == NULL)
    return NULL;

  entry = lookup (self, text);
  if (entry->folded == NULL)
    {
      g_autofree char *folded = g_utf8_casefold (text, -1);

      entry->folded = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
    }

  return entry->folded;
}

gint64
cpis_collation_ranks_get (CpisCollationRanks *self,
                          const char         *text)
{

  g_return_val_if_fail (self != NULL, CPIS_COLLATION_RANK_NONE);

  if (text == NULL)
    return CPIS_COLLATION_RANK_NONE;

  return lookup (self, text)->rank;
}

const gint64 *
cpis_collation_ranks_lookup_rank (CpisCollationRanks *self,
                                  const char         *text)
{
  static const gint64 none = CPIS_COLLATION_RANK_NONE;

  g_return_val_if_fail (self != NULL, &none);

  if (text == NULL)
    return &none;

  return &lookup (self, text)->rank;
}
