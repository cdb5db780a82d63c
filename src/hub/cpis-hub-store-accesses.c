/* cpis-hub-store-accesses.c: the access history and the Access to Service
 * Notifications sent with it
 *
 * An unscheduled access and its notifications (one per responsible LA) are
 * one job, so one transaction: all of them or none.
 */
#include "cpis-hub-store-private.h"

#include "cpis-uuid.h"

/* The columns of list_accesses */
static gpointer
access_from_row (sqlite3_stmt *stmt,
                 gpointer      user_data)
{
  CpisHubAccess *access = g_new0 (CpisHubAccess, 1);

  access->id = _cpis_hub_store_column_dup (stmt, 0);
  access->nhs_number = _cpis_hub_store_column_dup (stmt, 1);
  access->recorded_usec = sqlite3_column_int64 (stmt, 2);
  access->practitioner_role_id = _cpis_hub_store_column_dup (stmt, 3);
  access->viewer_name = _cpis_hub_store_column_dup (stmt, 4);
  access->job_role_code = _cpis_hub_store_column_dup (stmt, 5);
  access->job_role_display = _cpis_hub_store_column_dup (stmt, 6);
  access->role_profile_id = _cpis_hub_store_column_dup (stmt, 7);
  access->org_ods_code = _cpis_hub_store_column_dup (stmt, 8);
  access->org_name = _cpis_hub_store_column_dup (stmt, 9);

  return access;
}

typedef struct
{
  char   *nhs_number;
  gint64  user_id;
  gint64  recorded_usec;
  gint64 *la_ids;      /* distinct */
  guint   n_la_ids;
} AccessData;

static void
access_data_free (gpointer data)
{
  AccessData *access = data;

  g_free (access->nhs_number);
  g_free (access->la_ids);
  g_free (access);
}

static AccessData *
access_data_new (const char   *nhs_number,
                 gint64        user_id,
                 gint64        recorded_usec,
                 const gint64 *la_ids,
                 guint         n_la_ids)
{
  AccessData *data = g_new0 (AccessData, 1);

  data->nhs_number = g_strdup (nhs_number);
  data->user_id = user_id;
  data->recorded_usec = recorded_usec;
  data->la_ids = g_new (gint64, MAX (n_la_ids, 1));

  /* One notification per LA, however many of its plans matched */
  for (guint i = 0; i < n_la_ids; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < data->n_la_ids && !seen; j++)
        seen = data->la_ids[j] == la_ids[i];
      if (!seen)
        data->la_ids[data->n_la_ids++] = la_ids[i];
    }

  return data;
}

/* Every LA first, so that an unknown one writes nothing at all */
static gboolean
check_las_exist (StoreConn         *conn,
                 const AccessData  *data,
                 GError           **error)
{
  for (guint i = 0; i < data->n_la_ids; i++)
    {
      int found = _cpis_hub_store_conn_int64 (conn, "look up the local authority",
                                              "SELECT 1 FROM organisations WHERE id = ?1",
                                              STORE_PARAMS (STORE_INT64 (data->la_ids[i])),
                                              NULL, error);

      if (found < 0)
        return FALSE;
      if (found == 0)
        {
          g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                       "There is no local authority with id %" G_GINT64_FORMAT,
                       data->la_ids[i]);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
record_access_run (StoreConn  *conn,
                   StoreJob   *job,
                   GError    **error)
{
  const AccessData *data = job->data;
  g_autofree char *access_id = cpis_uuid_new ();

  if (data->nhs_number == NULL)
    return _cpis_hub_store_missing_field (error, "the NHS number");

  if (!check_las_exist (conn, data, error))
    return FALSE;

  /* The viewer's snapshot comes from their rows as they are now, in this
   * transaction; no row (unknown user) inserts nothing. */
  if (!_cpis_hub_store_conn_exec (conn, "record the access",
                                  "INSERT INTO accesses"
                                  " (id, nhs_number, recorded_usec, user_id, practitioner_role_id,"
                                  "  viewer_name, job_role_code, job_role_display, role_profile_id,"
                                  "  org_ods_code, org_name)"
                                  " SELECT ?1, ?2, ?3, u.id, u.practitioner_role_id, u.full_name,"
                                  "  u.job_role_code, u.job_role_display, u.role_profile_id,"
                                  "  o.ods_code, o.name"
                                  " FROM users u JOIN organisations o ON o.id = u.organisation_id"
                                  " WHERE u.id = ?4",
                                  STORE_PARAMS (STORE_TEXT (access_id),
                                                STORE_TEXT (data->nhs_number),
                                                STORE_INT64 (data->recorded_usec),
                                                STORE_INT64 (data->user_id)),
                                  error))
    return FALSE;

  if (sqlite3_changes (conn->db) != 1)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                   "There is no user with id %" G_GINT64_FORMAT, data->user_id);
      return FALSE;
    }

  /* Each notification is a Task at version 1, owned by its LA, raised when
   * the access was recorded; what it is raised with (the child, the name on
   * the LA's newest plan, the setting, whether the setting is outside the
   * LA's area) is fixed now and never changes. */
  for (guint i = 0; i < data->n_la_ids; i++)
    {
      g_autofree char *notification_id = cpis_uuid_new ();

      if (!_cpis_hub_store_conn_exec (conn, "record the notification",
                                      "INSERT INTO notifications"
                                      " (id, code, la_id, access_id, nhs_number, subject_name,"
                                      "  requester_ods_code, requester_name, out_of_area,"
                                      "  authored_usec, version, status, owner_kind,"
                                      "  last_modified_usec)"
                                      " SELECT ?1, 'access-to-service', la.id, a.id, a.nhs_number,"
                                      "  (SELECT p.subject_name FROM plans p"
                                      "   WHERE p.nhs_number = a.nhs_number AND p.la_id = la.id"
                                      "   ORDER BY p.start_date DESC LIMIT 1),"
                                      "  a.org_ods_code, a.org_name,"
                                      "  (SELECT s.area FROM organisations s"
                                      "   WHERE s.ods_code = a.org_ods_code) IS NOT la.area,"
                                      "  a.recorded_usec, 1, 'requested', 'la', a.recorded_usec"
                                      " FROM accesses a, organisations la"
                                      " WHERE a.id = ?2 AND la.id = ?3",
                                      STORE_PARAMS (STORE_TEXT (notification_id),
                                                    STORE_TEXT (access_id),
                                                    STORE_INT64 (data->la_ids[i])),
                                      error) ||
          !_cpis_hub_store_conn_exec (conn, "record the notification's first version",
                                      "INSERT INTO notification_versions"
                                      " (notification_seq, version, status, owner_kind,"
                                      "  modified_usec)"
                                      " SELECT seq, 1, 'requested', 'la', authored_usec"
                                      " FROM notifications WHERE id = ?1",
                                      STORE_PARAMS (STORE_TEXT (notification_id)),
                                      error))
        return FALSE;

      if (sqlite3_changes (conn->db) != 1)
        {
          g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                               "Could not record the notification");
          return FALSE;
        }

      /* The LA's social workers' Subscriptions hear of it once this commits */
      if (!_cpis_hub_store_raise_events (conn, job, notification_id, 1, data->recorded_usec,
                                         error))
        return FALSE;
    }

  job->out_text = g_steal_pointer (&access_id);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Public API */

GPtrArray *
cpis_hub_store_list_accesses (CpisHubStore  *self,
                              const char    *nhs_number,
                              guint          limit,
                              GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (nhs_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Served by accesses_nhs_number read backwards: no sort */
  return _cpis_hub_store_read_all (self, "list the accesses",
                                   "SELECT id, nhs_number, recorded_usec, practitioner_role_id,"
                                   " viewer_name, job_role_code, job_role_display, role_profile_id,"
                                   " org_ods_code, org_name"
                                   " FROM accesses WHERE nhs_number = ?1"
                                   " ORDER BY recorded_usec DESC, seq DESC LIMIT ?2",
                                   STORE_PARAMS (STORE_TEXT (nhs_number), STORE_INT64 (limit)),
                                   access_from_row, (GDestroyNotify) cpis_hub_access_free, error);
}

CpisHubAccess *
cpis_hub_store_find_access (CpisHubStore  *self,
                            const char    *id,
                            GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_first (self, "find the access",
                                     "SELECT id, nhs_number, recorded_usec, practitioner_role_id,"
                                     " viewer_name, job_role_code, job_role_display, role_profile_id,"
                                     " org_ods_code, org_name"
                                     " FROM accesses WHERE id = ?1",
                                     STORE_PARAMS (STORE_TEXT (id)), access_from_row, NULL, error);
}

void
cpis_hub_store_record_access_async (CpisHubStore        *self,
                                    const char          *nhs_number,
                                    gint64               user_id,
                                    gint64               recorded_usec,
                                    const gint64        *la_org_ids,
                                    guint                n_la_org_ids,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  StoreJob *job;

  g_return_if_fail (CPIS_HUB_IS_STORE (self));
  g_return_if_fail (nhs_number != NULL);
  g_return_if_fail (la_org_ids != NULL || n_la_org_ids == 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = _cpis_hub_store_job_new (record_access_run, "accesses",
                                 access_data_new (nhs_number, user_id, recorded_usec,
                                                  la_org_ids, n_la_org_ids),
                                 access_data_free);
  job->returns_text = TRUE;

  _cpis_hub_store_run_async (self, job, cpis_hub_store_record_access_async,
                             cancellable, callback, user_data);
}

char *
cpis_hub_store_record_access_finish (CpisHubStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cpis_hub_store_record_access_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The same job as the async form, committed by the writer thread while the
 * caller waits; the result is the same transaction. */
char *
cpis_hub_store_record_access (CpisHubStore  *self,
                              const char    *nhs_number,
                              gint64         user_id,
                              gint64         recorded_usec,
                              const gint64  *la_org_ids,
                              guint          n_la_org_ids,
                              GError       **error)
{
  AccessData *data;
  StoreJob job = { .run = record_access_run, .table = "accesses", .returns_text = TRUE };
  gboolean ok;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (nhs_number != NULL, NULL);
  g_return_val_if_fail (la_org_ids != NULL || n_la_org_ids == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = access_data_new (nhs_number, user_id, recorded_usec, la_org_ids, n_la_org_ids);
  job.data = data;
  ok = _cpis_hub_store_run_sync (self, &job, error);
  access_data_free (data);

  return ok ? g_steal_pointer (&job.out_text) : NULL;
}

/* @nhs_number may be NULL: every access */
gint64
cpis_hub_store_count_accesses (CpisHubStore  *self,
                               const char    *nhs_number,
                               GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (nhs_number == NULL)
    return _cpis_hub_store_read_int64 (self, "count the accesses",
                                       "SELECT count(*) FROM accesses", STORE_NO_PARAMS, error);

  return _cpis_hub_store_read_int64 (self, "count the accesses",
                                     "SELECT count(*) FROM accesses WHERE nhs_number = ?1",
                                     STORE_PARAMS (STORE_TEXT (nhs_number)), error);
}

gint64
cpis_hub_store_count_notifications (CpisHubStore  *self,
                                    const char    *la_ods_code,
                                    GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (la_ods_code == NULL)
    return _cpis_hub_store_read_int64 (self, "count the notifications",
                                       "SELECT count(*) FROM notifications", STORE_NO_PARAMS,
                                       error);

  return _cpis_hub_store_read_int64 (self, "count the notifications",
                                     "SELECT count(*) FROM notifications n"
                                     " JOIN organisations o ON o.id = n.la_id"
                                     " WHERE o.ods_code = ?1",
                                     STORE_PARAMS (STORE_TEXT (la_ods_code)), error);
}
