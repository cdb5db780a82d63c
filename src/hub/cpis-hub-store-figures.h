/* cpis-hub-store-figures.h: what the area figures are counted from
 * (docs/api.md, "Area figures")
 *
 * Reads only, on the store's read connection; each searches an index
 * (schema versions 8 and 9) over the one LA or setting and the period,
 * never every access or notification. Times are microseconds since 1970
 * UTC, a period [@from, @to). Rows are handed over as they are read, kept
 * by no one: a year of an area's notifications is 100,000s of rows.
 */
#pragma once

#include "cpis-hub-store.h"

G_BEGIN_DECLS

/* The area's local authorities and unscheduled care settings, by name */
GPtrArray *cpis_hub_store_list_area_organisations (CpisHubStore  *self,
                                                   const char    *area,
                                                   GError       **error);

/* FALSE stops the reading (not an error) */
typedef gboolean (*CpisHubStoreTimeFunc) (gint64   usec,
                                          gpointer user_data);

/* The checks recorded at the setting @ods_code in the period, oldest first;
 * in @last_usec (may be NULL) the newest check before @to, in the period or
 * before it, 0 for none */
gboolean   cpis_hub_store_each_setting_check      (CpisHubStore         *self,
                                                   const char           *ods_code,
                                                   gint64                from,
                                                   gint64                to,
                                                   CpisHubStoreTimeFunc  func,
                                                   gpointer              user_data,
                                                   gint64               *last_usec,
                                                   GError              **error);

/* The LA's plans current on @date ("YYYY-MM-DD": started by then, not
 * ended by then), by type: @counts[CPIS_PLAN_TYPE_CPP … UCPP] */
gboolean   cpis_hub_store_count_current_plans     (CpisHubStore  *self,
                                                   gint64         la_id,
                                                   const char    *date,
                                                   gint64        *counts,
                                                   GError       **error);
/* The LA's plans last uploaded in the period; -1 with @error */
gint64     cpis_hub_store_count_plans_uploaded    (CpisHubStore  *self,
                                                   gint64         la_id,
                                                   gint64         from,
                                                   gint64         to,
                                                   GError       **error);
/* The LA's upload records refused (exceptions) in the period; -1 with @error */
gint64     cpis_hub_store_count_upload_exceptions (CpisHubStore  *self,
                                                   gint64         la_id,
                                                   gint64         from,
                                                   gint64         to,
                                                   GError       **error);

/* An Access to Service notification of an LA, as the figures need it; the
 * strings are the store's, for the call only */
typedef struct
{
  gint64      authored_usec;
  gint64      first_action_usec;  /* the LA's first action (its second version); 0: none yet */
  gboolean    out_of_area;        /* the setting is outside the LA's area */
  const char *nhs_number;
  const char *access_id;          /* out of area only; else NULL */
} CpisHubNotificationFigure;

typedef gboolean (*CpisHubStoreNotificationFunc) (const CpisHubNotificationFigure *notification,
                                                  gpointer                         user_data);

/* The LA's Access to Service notifications raised in the period, oldest
 * first (notification_figures, one covering index range) */
gboolean   cpis_hub_store_each_la_notification    (CpisHubStore                 *self,
                                                   gint64                        la_id,
                                                   gint64                        from,
                                                   gint64                        to,
                                                   CpisHubStoreNotificationFunc  func,
                                                   gpointer                      user_data,
                                                   GError                      **error);
/* The checks at the setting @ods_code in the period of children whose LA is
 * in another area (distinct accesses); -1 with @error */
gint64     cpis_hub_store_count_visiting_checks   (CpisHubStore  *self,
                                                   const char    *ods_code,
                                                   gint64         from,
                                                   gint64         to,
                                                   GError       **error);

G_END_DECLS
