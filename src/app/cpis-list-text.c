/* cpis-list-text.c: several names in one sentence
 *
 * Not ", " and _(" and ") glued together: each join is a pattern with both
 * sides as placeholders, so that a translator can put the conjunction where
 * the language wants it, or change the first or the last join alone.
 */
#include <glib/gi18n.h>

#include "cpis-list-text-private.h"

#include <string.h>

char *
_cpis_list_in_words (const char * const *items,
                     guint               n_items)
{
  g_autofree char *tail = NULL;

  g_return_val_if_fail (items != NULL && n_items > 0, NULL);

  if (n_items == 1)
    return g_strdup (items[0]);

  if (n_items == 2)
    /* Translators: a list of two names, e.g. "Northgate Council and
     * Southmoor Council" */
    return g_strdup_printf (C_("list of two", "%s and %s"), items[0], items[1]);

  /* Translators: the last two names of a list of three or more, e.g. the
   * "B and C" of "A, B and C" */
  tail = g_strdup_printf (C_("list, the last two", "%s and %s"),
                          items[n_items - 2], items[n_items - 1]);

  for (guint i = n_items - 2; i-- > 1;)
    {
      char *longer;

      /* Translators: a name in the middle of a list of four or more, then the
       * rest of the list, e.g. the "B, C and D" of "A, B, C and D" */
      longer = g_strdup_printf (C_("list, in the middle", "%s, %s"), items[i], tail);
      g_free (tail);
      tail = longer;
    }

  /* Translators: the first name of a list of three or more, then the rest of
   * the list, e.g. "A, B and C" */
  return g_strdup_printf (C_("list, the first", "%s, %s"), items[0], tail);
}

char *
_cpis_name_family_first (const char *name)
{
  g_autofree char *trimmed = NULL;
  const char *space;

  if (name == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (name));
  space = strrchr (trimmed, ' ');
  if (space == NULL)
    return g_steal_pointer (&trimmed);
  return g_strdup_printf ("%s %.*s", space + 1, (int) (space - trimmed), trimmed);
}
