/* cpis-hub-store-retired.c: NHS numbers no longer in use, and the Inactive
 * NHS Number Notifications their retirement raises
 *
 * A retired number takes no more plans (cpis-hub-store-plans.c checks it
 * in the transaction that would write one); each LA holding a plan on it is
 * sent a Task (code inactive-nhs-number) in the transaction that retires
 * it, with the replacement when one is known.
 */
#include "cpis-hub-store-private.h"

#include "cpis-uuid.h"

typedef struct
{
  char   *nhs_number;
  char   *replaced_by;
  gint64  now_usec;
} RetireData;

/* One Task for each LA with a plan on the number, in order of LA id */
static gboolean
raise_notifications (StoreConn         *conn,
                     StoreJob          *job,
                     const RetireData  *data,
                     gint64            *n_raised,
                     GError           **error)
{
  gint64 la_id = 0;

  *n_raised = 0;
  for (;;)
    {
      g_autofree char *id = NULL;
      int found = _cpis_hub_store_conn_int64 (conn, "find the local authorities holding a plan",
                                              "SELECT min(la_id) FROM plans"
                                              " WHERE nhs_number = ?1 AND la_id > ?2"
                                              " HAVING count(*) > 0",
                                              STORE_PARAMS (STORE_TEXT (data->nhs_number),
                                                            STORE_INT64 (la_id)),
                                              &la_id, error);

      if (found < 0)
        return FALSE;
      if (found == 0)
        return TRUE;

      id = cpis_uuid_new ();
      /* Raised unassigned (owned by the LA), with the name on the LA's
       * newest plan for the number; no access, no care setting */
      if (!_cpis_hub_store_conn_exec (conn, "raise the Inactive NHS Number Notification",
                                      "INSERT INTO notifications"
                                      " (id, code, la_id, access_id, nhs_number, subject_name,"
                                      "  requester_ods_code, requester_name, out_of_area,"
                                      "  replaced_by, authored_usec, version, status, owner_kind,"
                                      "  last_modified_usec)"
                                      " VALUES (?1, 'inactive-nhs-number', ?2, NULL, ?3,"
                                      "  (SELECT p.subject_name FROM plans p"
                                      "   WHERE p.nhs_number = ?3 AND p.la_id = ?2"
                                      "   ORDER BY p.start_date DESC LIMIT 1),"
                                      "  NULL, NULL, 0, ?4, ?5, 1, 'requested', 'la', ?5)",
                                      STORE_PARAMS (STORE_TEXT (id), STORE_INT64 (la_id),
                                                    STORE_TEXT (data->nhs_number),
                                                    STORE_TEXT (data->replaced_by),
                                                    STORE_INT64 (data->now_usec)),
                                      error) ||
          !_cpis_hub_store_conn_exec (conn, "record the notification's first version",
                                      "INSERT INTO notification_versions"
                                      " (notification_seq, version, status, owner_kind,"
                                      "  modified_usec)"
                                      " SELECT seq, 1, 'requested', 'la', authored_usec"
                                      " FROM notifications WHERE id = ?1",
                                      STORE_PARAMS (STORE_TEXT (id)), error) ||
          /* the LA's social workers' Subscriptions hear of it once this commits */
          !_cpis_hub_store_raise_events (conn, job, id, 1, data->now_usec, error))
        return FALSE;

      (*n_raised)++;
    }
}

static gboolean
retire_run (StoreConn  *conn,
            StoreJob   *job,
            GError    **error)
{
  const RetireData *data = job->data;
  g_autofree char *stored = NULL;
  int found;

  if (data->replaced_by != NULL)
    {
      found = _cpis_hub_store_conn_int64 (conn, "check the replacement is in use",
                                          "SELECT 1 FROM retired_nhs_numbers WHERE nhs_number = ?1",
                                          STORE_PARAMS (STORE_TEXT (data->replaced_by)), NULL,
                                          error);
      if (found < 0)
        return FALSE;
      if (found == 1)
        {
          g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_RETIRED,
                               "The replacement NHS number is itself retired: give the one in use");
          return FALSE;
        }
    }

  /* '' for a number retired without a replacement */
  found = _cpis_hub_store_conn_first (conn, "look up the retirement",
                                      "SELECT coalesce (replaced_by, '') FROM retired_nhs_numbers"
                                      " WHERE nhs_number = ?1",
                                      STORE_PARAMS (STORE_TEXT (data->nhs_number)),
                                      _cpis_hub_store_text_from_row, NULL, (gpointer *) &stored,
                                      error);
  if (found < 0)
    return FALSE;

  if (found == 0)
    {
      if (!_cpis_hub_store_conn_exec (conn, "retire the NHS number",
                                      "INSERT INTO retired_nhs_numbers"
                                      " (nhs_number, replaced_by, retired_usec, replaced_usec)"
                                      " VALUES (?1, ?2, ?3, CASE WHEN ?2 IS NULL THEN NULL ELSE ?3 END)",
                                      STORE_PARAMS (STORE_TEXT (data->nhs_number),
                                                    STORE_TEXT (data->replaced_by),
                                                    STORE_INT64 (data->now_usec)),
                                      error))
        return FALSE;
    }
  else if (*stored == '\0' && data->replaced_by != NULL)
    {
      /* The replacement, given now: the LAs are told again, with it */
      if (!_cpis_hub_store_conn_exec (conn, "record the replacement",
                                      "UPDATE retired_nhs_numbers SET replaced_by = ?2,"
                                      " replaced_usec = ?3 WHERE nhs_number = ?1",
                                      STORE_PARAMS (STORE_TEXT (data->nhs_number),
                                                    STORE_TEXT (data->replaced_by),
                                                    STORE_INT64 (data->now_usec)),
                                      error))
        return FALSE;
    }
  else if (data->replaced_by == NULL || g_str_equal (stored, data->replaced_by))
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_EXISTS,
                           *stored == '\0' ? "The NHS number is retired already"
                                           : "The NHS number is retired already, with this replacement");
      return FALSE;
    }
  else
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_CONFLICT,
                           "The NHS number was retired with another replacement, which never "
                           "changes");
      return FALSE;
    }

  return raise_notifications (conn, job, data, &job->out_id, error);
}

gboolean
cpis_hub_store_retire_nhs_number (CpisHubStore  *self,
                                  const char    *nhs_number,
                                  const char    *replaced_by,
                                  gint64         now_usec,
                                  guint         *n_raised,
                                  GError       **error)
{
  RetireData data = {
    .nhs_number = (char *) nhs_number,
    .replaced_by = (char *) replaced_by,
    .now_usec = now_usec,
  };
  StoreJob job = { .run = retire_run, .table = "retired_nhs_numbers", .data = &data };

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (nhs_number != NULL, FALSE);
  g_return_val_if_fail (g_strcmp0 (nhs_number, replaced_by) != 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_cpis_hub_store_run_sync (self, &job, error))
    return FALSE;

  if (n_raised != NULL)
    *n_raised = (guint) job.out_id;
  return TRUE;
}

gboolean
cpis_hub_store_is_retired (CpisHubStore  *self,
                           const char    *nhs_number,
                           gboolean      *retired,
                           char         **replaced_by,
                           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stored = NULL;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (nhs_number != NULL, FALSE);
  g_return_val_if_fail (retired != NULL, FALSE);

  stored = _cpis_hub_store_read_first (self, "look up the retirement",
                                       "SELECT coalesce (replaced_by, '') FROM retired_nhs_numbers"
                                       " WHERE nhs_number = ?1",
                                       STORE_PARAMS (STORE_TEXT (nhs_number)),
                                       _cpis_hub_store_text_from_row, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *retired = stored != NULL;
  if (replaced_by != NULL)
    *replaced_by = stored != NULL && *stored != '\0' ? g_strdup (stored) : NULL;
  return TRUE;
}
