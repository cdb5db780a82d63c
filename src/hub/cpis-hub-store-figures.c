/* cpis-hub-store-figures.c: what the area figures are counted from */
#include "cpis-hub-store-figures.h"

#include "cpis-hub-store-private.h"
#include "cpis-plan-type.h"

GPtrArray *
cpis_hub_store_list_area_organisations (CpisHubStore  *self,
                                        const char    *area,
                                        GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (area != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_all (self, "list the area's organisations",
                                   "SELECT " ORG_COLUMNS " FROM organisations o"
                                   " WHERE o.area = ?1 AND o.kind IN ('local-authority', 'unscheduled-care')"
                                   " ORDER BY o.name COLLATE NOCASE, o.ods_code",
                                   STORE_PARAMS (STORE_TEXT (area)),
                                   _cpis_hub_store_organisation_from_row,
                                   (GDestroyNotify) cpis_hub_organisation_free, error);
}

typedef struct
{
  CpisHubStoreTimeFunc func;
  gpointer             user_data;
} TimeRows;

static gboolean
time_row (sqlite3_stmt *stmt,
          gpointer      user_data)
{
  TimeRows *rows = user_data;

  return rows->func (sqlite3_column_int64 (stmt, 0), rows->user_data);
}

gboolean
cpis_hub_store_each_setting_check (CpisHubStore          *self,
                                   const char            *ods_code,
                                   gint64                 from,
                                   gint64                 to,
                                   CpisHubStoreTimeFunc   func,
                                   gpointer               user_data,
                                   gint64                *last_usec,
                                   GError               **error)
{
  TimeRows rows = { func, user_data };
  gint64 last;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (ods_code != NULL && func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* accesses_org_recorded (org_ods_code, recorded_usec) */
  if (_cpis_hub_store_read_each (self, "read the setting's checks",
                                 "SELECT recorded_usec FROM accesses"
                                 " WHERE org_ods_code = ?1 AND recorded_usec >= ?2 AND recorded_usec < ?3"
                                 " ORDER BY recorded_usec",
                                 STORE_PARAMS (STORE_TEXT (ods_code), STORE_INT64 (from), STORE_INT64 (to)),
                                 time_row, &rows, error) < 0)
    return FALSE;

  if (last_usec == NULL)
    return TRUE;
  last = _cpis_hub_store_read_int64 (self, "read the setting's last check",
                                     "SELECT coalesce (max (recorded_usec), 0) FROM accesses"
                                     " WHERE org_ods_code = ?1 AND recorded_usec < ?2",
                                     STORE_PARAMS (STORE_TEXT (ods_code), STORE_INT64 (to)), error);
  if (last < 0)
    return FALSE;
  *last_usec = last;
  return TRUE;
}

static gboolean
plan_type_count_row (sqlite3_stmt *stmt,
                     gpointer      user_data)
{
  gint64 *counts = user_data;
  CpisPlanType type = cpis_plan_type_from_short_code ((const char *) sqlite3_column_text (stmt, 0));

  counts[type] += sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

gboolean
cpis_hub_store_count_current_plans (CpisHubStore  *self,
                                    gint64         la_id,
                                    const char    *date,
                                    gint64        *counts,
                                    GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (date != NULL && counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i <= CPIS_PLAN_TYPE_UCPP; i++)
    counts[i] = 0;

  /* plans_la_current (la_id, plan_type, start_date, end_date): an LA's plans,
   * never all, counted from the index alone */
  return _cpis_hub_store_read_each (self, "count the LA's current plans",
                                    "SELECT plan_type, count (*) FROM plans"
                                    " WHERE la_id = ?1 AND start_date <= ?2"
                                    " AND (end_date IS NULL OR end_date > ?2)"
                                    " GROUP BY plan_type",
                                    STORE_PARAMS (STORE_INT64 (la_id), STORE_TEXT (date)),
                                    plan_type_count_row, counts, error) >= 0;
}

gint64
cpis_hub_store_count_plans_uploaded (CpisHubStore  *self,
                                     gint64         la_id,
                                     gint64         from,
                                     gint64         to,
                                     GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), -1);

  return _cpis_hub_store_read_int64 (self, "count the LA's uploaded plans",
                                     "SELECT count (*) FROM plans"
                                     " WHERE la_id = ?1 AND uploaded_usec >= ?2 AND uploaded_usec < ?3",
                                     STORE_PARAMS (STORE_INT64 (la_id), STORE_INT64 (from), STORE_INT64 (to)),
                                     error);
}

gint64
cpis_hub_store_count_upload_exceptions (CpisHubStore  *self,
                                        gint64         la_id,
                                        gint64         from,
                                        gint64         to,
                                        GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), -1);

  return _cpis_hub_store_read_int64 (self, "count the LA's refused upload records",
                                     "SELECT count (*) FROM plan_exceptions"
                                     " WHERE la_id = ?1 AND recorded_usec >= ?2 AND recorded_usec < ?3",
                                     STORE_PARAMS (STORE_INT64 (la_id), STORE_INT64 (from), STORE_INT64 (to)),
                                     error);
}

typedef struct
{
  CpisHubStoreNotificationFunc func;
  gpointer                     user_data;
} NotificationRows;

static gboolean
notification_row (sqlite3_stmt *stmt,
                  gpointer      user_data)
{
  NotificationRows *rows = user_data;
  CpisHubNotificationFigure notification = {
    .authored_usec = sqlite3_column_int64 (stmt, 0),
    .first_action_usec = sqlite3_column_int64 (stmt, 1),
    .out_of_area = sqlite3_column_int (stmt, 2) != 0,
    .nhs_number = (const char *) sqlite3_column_text (stmt, 3),
  };

  /* only an out-of-area check's is needed: a text read for every row is not free */
  if (notification.out_of_area)
    notification.access_id = (const char *) sqlite3_column_text (stmt, 4);

  return rows->func (&notification, rows->user_data);
}

gboolean
cpis_hub_store_each_la_notification (CpisHubStore                  *self,
                                     gint64                         la_id,
                                     gint64                         from,
                                     gint64                         to,
                                     CpisHubStoreNotificationFunc   func,
                                     gpointer                       user_data,
                                     GError                       **error)
{
  NotificationRows rows = { func, user_data };

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* notification_figures_la covers every column: no row of the table is read */
  return _cpis_hub_store_read_each (self, "read the LA's notifications",
                                    "SELECT authored_usec, coalesce (first_action_usec, 0), out_of_area,"
                                    " nhs_number, access_id"
                                    " FROM notification_figures"
                                    " WHERE la_id = ?1 AND authored_usec >= ?2 AND authored_usec < ?3"
                                    " ORDER BY authored_usec",
                                    STORE_PARAMS (STORE_INT64 (la_id), STORE_INT64 (from), STORE_INT64 (to)),
                                    notification_row, &rows, error) >= 0;
}

gint64
cpis_hub_store_count_visiting_checks (CpisHubStore  *self,
                                      const char    *ods_code,
                                      gint64         from,
                                      gint64         to,
                                      GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), -1);
  g_return_val_if_fail (ods_code != NULL, -1);

  /* out_of_area is the setting's area against the LA's; the setting is in
   * this area, so the child's LA is in another. One access notifies each
   * LA with a plan: counted once. (notifications_requester_figures) */
  return _cpis_hub_store_read_int64 (self, "count the checks of other areas' children",
                                     "SELECT count (DISTINCT access_id) FROM notifications"
                                     " WHERE requester_ods_code = ?1"
                                     " AND authored_usec >= ?2 AND authored_usec < ?3"
                                     " AND out_of_area = 1",
                                     STORE_PARAMS (STORE_TEXT (ods_code), STORE_INT64 (from), STORE_INT64 (to)),
                                     error);
}
