/* cpis-hub-suppression.c: small counts hidden in area figures */
#include "cpis-hub-suppression.h"

gboolean
cpis_hub_count_is_suppressed (gint64 count)
{
  return count >= 1 && count < CPIS_HUB_SUPPRESSION_MIN_SHOWN;
}

gboolean
cpis_hub_suppress_counts (const gint64 *counts,
                          guint         n_counts,
                          gboolean     *suppressed)
{
  gint64 total = 0;
  guint n_suppressed = 0;
  guint secondary = G_MAXUINT;

  g_return_val_if_fail (n_counts == 0 || (counts != NULL && suppressed != NULL), FALSE);

  for (guint i = 0; i < n_counts; i++)
    {
      total += counts[i];
      suppressed[i] = cpis_hub_count_is_suppressed (counts[i]);
      if (suppressed[i])
        n_suppressed++;
    }

  if (n_suppressed != 1)
    return cpis_hub_count_is_suppressed (total);

  /* one hidden cell is the total less the others: hide the next smallest */
  for (guint i = 0; i < n_counts; i++)
    {
      if (suppressed[i] || counts[i] == 0)
        continue;
      if (secondary == G_MAXUINT || counts[i] < counts[secondary])
        secondary = i;
    }

  if (secondary == G_MAXUINT)
    return TRUE;

  suppressed[secondary] = TRUE;
  return cpis_hub_count_is_suppressed (total);
}
