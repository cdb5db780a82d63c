/* cpis-hub-seed-national.h: synthetic data at national volume, for the
 * area figures' performance (cpis-hub seed --scale national)
 *
 * England's shape: 152 local authorities in about 40 partnership areas (one
 * of 10 LAs, the size the dashboard's target is set for), 1,300 unscheduled
 * care settings of every kind, 150,000 children on plans (LAs of very
 * different sizes), and 5,000,000 recorded accesses over two years with a
 * realistic skew — a few children attend often — each notified to the
 * child's LA and most acted on, with upload exceptions. Written straight
 * into a new file in one transaction (a bulk path, not the store's one
 * record at a time), built beside it and moved into place when complete.
 * Deterministic: the same seed and day give the same data. Synthetic only:
 * NHS numbers in the 999 range; children have no names.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint n_las;        /* 152 */
  guint n_areas;      /* 40: the first has 10 LAs */
  guint n_settings;   /* 1,300 */
  guint n_children;   /* 150,000 on plans on the day, and ended plans besides */
  guint n_accesses;   /* 5,000,000 */
  guint n_days;       /* 730: two years up to the day */
} CpisHubNationalScale;

/* England's volume, as above */
void       cpis_hub_national_scale_init (CpisHubNationalScale       *scale);

typedef struct
{
  guint  n_organisations;
  guint  n_plans;
  guint  n_accesses;
  guint  n_notifications;
  char  *big_area;        /* the area of 10 LAs */
} CpisHubNationalSummary;

void       cpis_hub_national_summary_clear (CpisHubNationalSummary *summary);

/* Writes @scale's data for @seed up to @today into a new hub database at
 * @path (which must not exist), with three demo accounts (a partnership
 * officer of the 10-LA area, one of its LAs' social workers, a nurse at one
 * of its emergency departments): CpisDemoAccount, their passwords. NULL with
 * an error, and nothing left at @path, if it cannot. */
GPtrArray *cpis_hub_seed_national       (const char                 *path,
                                         const CpisHubNationalScale *scale,
                                         guint32                     seed,
                                         const GDate                *today,
                                         CpisHubNationalSummary     *summary,
                                         GError                    **error);

G_END_DECLS
