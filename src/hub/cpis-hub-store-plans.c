/* cpis-hub-store-plans.c: the plans local authorities upload
 *
 * A plan is keyed on its NHS number, plan type, local authority and start
 * date: uploading the same again updates it and keeps its id.
 */
#include "cpis-hub-store-private.h"

#include "cpis-plan-type.h"
#include "cpis-uuid.h"

/* The columns of list_plans: the plan's, then ORG_COLUMNS (its LA) */
static gpointer
plan_from_row (sqlite3_stmt *stmt,
               gpointer      user_data)
{
  CpisHubPlan *plan = g_new0 (CpisHubPlan, 1);
  const char *plan_type = (const char *) sqlite3_column_text (stmt, 2);

  plan->id = _cpis_hub_store_column_dup (stmt, 0);
  plan->nhs_number = _cpis_hub_store_column_dup (stmt, 1);
  plan->plan_type = cpis_plan_type_from_short_code (plan_type);
  plan->start_date = _cpis_hub_store_column_dup (stmt, 3);
  plan->end_date = _cpis_hub_store_column_dup (stmt, 4);
  plan->due_date = _cpis_hub_store_column_dup (stmt, 5);
  plan->subject_name = _cpis_hub_store_column_dup (stmt, 6);
  plan->date_of_birth = _cpis_hub_store_column_dup (stmt, 7);
  plan->la = _cpis_hub_store_organisation_from_columns (stmt, 8);

  return plan;
}

typedef struct
{
  const CpisHubPlan *plan;
  const char        *new_id;
} PutPlanData;

static gboolean
put_plan_run (StoreConn  *conn,
              StoreJob   *job,
              GError    **error)
{
  const PutPlanData *data = job->data;
  const CpisHubPlan *plan = data->plan;
  const char *plan_type = cpis_plan_type_to_short_code (plan->plan_type);
  gint64 la_id = 0;
  int found;

  found = _cpis_hub_store_lookup_organisation_id (conn, plan->la->ods_code, &la_id, error);
  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                   "There is no local authority with ODS code “%s”", plan->la->ods_code);
      return FALSE;
    }

  /* In the transaction that writes it: a number retired meanwhile is refused */
  found = _cpis_hub_store_conn_int64 (conn, "check the NHS number is in use",
                                      "SELECT 1 FROM retired_nhs_numbers WHERE nhs_number = ?1",
                                      STORE_PARAMS (STORE_TEXT (plan->nhs_number)), NULL, error);
  if (found < 0)
    return FALSE;
  if (found == 1)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_RETIRED,
                           "The NHS number is no longer in use (retired)");
      return FALSE;
    }

  job->out_id = la_id;
  return _cpis_hub_store_conn_first (conn, "store the plan",
                                     "INSERT INTO plans"
                                     " (id, nhs_number, plan_type, start_date, end_date, due_date,"
                                     "  subject_name, date_of_birth, la_id)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                                     " ON CONFLICT (nhs_number, plan_type, la_id, start_date)"
                                     " DO UPDATE SET"
                                     "  end_date = excluded.end_date,"
                                     "  due_date = excluded.due_date,"
                                     "  subject_name = excluded.subject_name,"
                                     "  date_of_birth = excluded.date_of_birth"
                                     " RETURNING id",
                                     STORE_PARAMS (STORE_TEXT (data->new_id),
                                                   STORE_TEXT (plan->nhs_number),
                                                   STORE_TEXT (plan_type),
                                                   STORE_TEXT (plan->start_date),
                                                   STORE_TEXT (plan->end_date),
                                                   STORE_TEXT (plan->due_date),
                                                   STORE_TEXT (plan->subject_name),
                                                   STORE_TEXT (plan->date_of_birth),
                                                   STORE_INT64 (la_id)),
                                     _cpis_hub_store_text_from_row, NULL,
                                     (gpointer *) &job->out_text, error) == 1;
}

gboolean
cpis_hub_store_put_plan (CpisHubStore  *self,
                         CpisHubPlan   *plan,
                         GError       **error)
{
  g_autofree char *new_id = NULL;
  PutPlanData data = { .plan = plan };
  StoreJob job = { .run = put_plan_run, .table = "plans", .data = &data };

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (plan->nhs_number == NULL)
    return _cpis_hub_store_missing_field (error, "the NHS number");
  if (plan->start_date == NULL)
    return _cpis_hub_store_missing_field (error, "the plan start date");
  if (plan->la == NULL || plan->la->ods_code == NULL)
    return _cpis_hub_store_missing_field (error, "the responsible local authority");
  if (cpis_plan_type_to_short_code (plan->plan_type) == NULL)
    return _cpis_hub_store_missing_field (error, "a recognised plan type");

  /* Used only if the plan is new; an update keeps the stored id */
  new_id = plan->id != NULL ? g_strdup (plan->id) : cpis_uuid_new ();
  data.new_id = new_id;

  if (!_cpis_hub_store_run_sync (self, &job, error))
    return FALSE;

  g_free (plan->id);
  plan->id = g_steal_pointer (&job.out_text);
  plan->la->id = job.out_id;
  return TRUE;
}

GPtrArray *
cpis_hub_store_list_plans (CpisHubStore  *self,
                           const char    *nhs_number,
                           GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (nhs_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_all (self, "list the plans",
                                   "SELECT p.id, p.nhs_number, p.plan_type, p.start_date,"
                                   " p.end_date, p.due_date, p.subject_name, p.date_of_birth, "
                                   ORG_COLUMNS
                                   " FROM plans p JOIN organisations o ON o.id = p.la_id"
                                   " WHERE p.nhs_number = ?1"
                                   " ORDER BY p.start_date, p.id",
                                   STORE_PARAMS (STORE_TEXT (nhs_number)),
                                   plan_from_row, (GDestroyNotify) cpis_hub_plan_free, error);
}
