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
  gint64             now_usec;
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
  if (_cpis_hub_store_conn_first (conn, "store the plan",
                                  "INSERT INTO plans"
                                  " (id, nhs_number, plan_type, start_date, end_date, due_date,"
                                  "  subject_name, date_of_birth, la_id, uploaded_usec)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                                  " ON CONFLICT (nhs_number, plan_type, la_id, start_date)"
                                  " DO UPDATE SET"
                                  "  end_date = excluded.end_date,"
                                  "  due_date = excluded.due_date,"
                                  "  subject_name = excluded.subject_name,"
                                  "  date_of_birth = excluded.date_of_birth,"
                                  "  uploaded_usec = excluded.uploaded_usec"
                                  " RETURNING id",
                                  STORE_PARAMS (STORE_TEXT (data->new_id),
                                                STORE_TEXT (plan->nhs_number),
                                                STORE_TEXT (plan_type),
                                                STORE_TEXT (plan->start_date),
                                                STORE_TEXT (plan->end_date),
                                                STORE_TEXT (plan->due_date),
                                                STORE_TEXT (plan->subject_name),
                                                STORE_TEXT (plan->date_of_birth),
                                                STORE_INT64 (la_id),
                                                STORE_INT64 (data->now_usec)),
                                  _cpis_hub_store_text_from_row, NULL,
                                  (gpointer *) &job->out_text, error) != 1)
    return FALSE;

  /* The record is in: the LA's exceptions on the number are worked through */
  return _cpis_hub_store_conn_exec (conn, "resolve the upload exceptions",
                                    "UPDATE plan_exceptions SET resolved_usec = ?3,"
                                    " resolution = 'uploaded'"
                                    " WHERE la_id = ?1 AND nhs_number = ?2"
                                    " AND resolved_usec IS NULL",
                                    STORE_PARAMS (STORE_INT64 (la_id),
                                                  STORE_TEXT (plan->nhs_number),
                                                  STORE_INT64 (data->now_usec)),
                                    error);
}

gboolean
cpis_hub_store_put_plan (CpisHubStore  *self,
                         CpisHubPlan   *plan,
                         GError       **error)
{
  return cpis_hub_store_put_plan_full (self, plan, g_get_real_time (), NULL, error);
}

gboolean
cpis_hub_store_put_plan_full (CpisHubStore  *self,
                              CpisHubPlan   *plan,
                              gint64         now_usec,
                              gboolean      *created,
                              GError       **error)
{
  g_autofree char *new_id = NULL;
  PutPlanData data = { .plan = plan, .now_usec = now_usec };
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

  if (created != NULL)
    *created = g_strcmp0 (job.out_text, new_id) == 0;
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

/* ------------------------------------------------------------------------ */
/* The LA's plans */

#define LA_PLAN_WHERE \
  " FROM plans p JOIN organisations o ON o.id = p.la_id" \
  " WHERE o.ods_code = ?1" \
  " AND (?2 < 0 OR (?2 = 0) = (p.end_date IS NULL OR p.end_date > ?3))" \
  " AND (?4 IS NULL OR p.plan_type = ?4)"

GPtrArray *
cpis_hub_store_search_la_plans (CpisHubStore             *self,
                                const CpisHubPlanSearch  *search,
                                guint                    *total,
                                GError                  **error)
{
  const char *plan_type;
  g_autoptr(GPtrArray) plans = NULL;
  gint64 count;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (search != NULL && search->la_ods_code != NULL, NULL);
  g_return_val_if_fail (search->ended < 0 || search->today != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plan_type = search->plan_type == CPIS_PLAN_TYPE_UNRECOGNISED
              ? NULL
              : cpis_plan_type_to_short_code (search->plan_type);

  count = _cpis_hub_store_read_int64 (self, "count the authority's plans",
                                      "SELECT count(*)" LA_PLAN_WHERE,
                                      STORE_PARAMS (STORE_TEXT (search->la_ods_code),
                                                    STORE_INT64 (search->ended),
                                                    STORE_TEXT (search->today),
                                                    STORE_TEXT (plan_type)),
                                      error);
  if (count < 0)
    return NULL;

  plans = _cpis_hub_store_read_all (self, "list the authority's plans",
                                    "SELECT p.id, p.nhs_number, p.plan_type, p.start_date,"
                                    " p.end_date, p.due_date, p.subject_name, p.date_of_birth, "
                                    ORG_COLUMNS LA_PLAN_WHERE
                                    " ORDER BY p.nhs_number, p.start_date, p.id"
                                    " LIMIT ?5 OFFSET ?6",
                                    STORE_PARAMS (STORE_TEXT (search->la_ods_code),
                                                  STORE_INT64 (search->ended),
                                                  STORE_TEXT (search->today),
                                                  STORE_TEXT (plan_type),
                                                  STORE_INT64 (search->count),
                                                  STORE_INT64 (search->offset)),
                                    plan_from_row, (GDestroyNotify) cpis_hub_plan_free, error);
  if (plans == NULL)
    return NULL;

  if (total != NULL)
    *total = (guint) MIN (count, G_MAXUINT);
  return g_steal_pointer (&plans);
}

/* ------------------------------------------------------------------------ */
/* Upload exceptions */

#define EXCEPTION_COLUMNS \
  "x.id, o.ods_code, o.name, x.nhs_number, x.family_name, x.given_name, x.date_of_birth," \
  " x.plan_type, x.start_date, x.code, x.detail, x.recorded_usec," \
  " coalesce (x.resolved_usec, 0), x.resolution"

static gpointer
exception_from_row (sqlite3_stmt *stmt,
                    gpointer      user_data)
{
  CpisHubPlanException *exception = g_new0 (CpisHubPlanException, 1);

  exception->id = _cpis_hub_store_column_dup (stmt, 0);
  exception->la_ods_code = _cpis_hub_store_column_dup (stmt, 1);
  exception->la_name = _cpis_hub_store_column_dup (stmt, 2);
  exception->nhs_number = _cpis_hub_store_column_dup (stmt, 3);
  exception->family_name = _cpis_hub_store_column_dup (stmt, 4);
  exception->given_name = _cpis_hub_store_column_dup (stmt, 5);
  exception->date_of_birth = _cpis_hub_store_column_dup (stmt, 6);
  exception->plan_type = _cpis_hub_store_column_dup (stmt, 7);
  exception->start_date = _cpis_hub_store_column_dup (stmt, 8);
  exception->code = _cpis_hub_store_column_dup (stmt, 9);
  exception->detail = _cpis_hub_store_column_dup (stmt, 10);
  exception->recorded_usec = sqlite3_column_int64 (stmt, 11);
  exception->resolved_usec = sqlite3_column_int64 (stmt, 12);
  exception->resolution = _cpis_hub_store_column_dup (stmt, 13);

  return exception;
}

typedef struct
{
  const CpisHubPlanException *exception;
  const char                 *new_id;
} PutExceptionData;

static const char *
empty_if_null (const char *text)
{
  return text != NULL ? text : "";
}

static gboolean
put_exception_run (StoreConn  *conn,
                   StoreJob   *job,
                   GError    **error)
{
  const PutExceptionData *data = job->data;
  const CpisHubPlanException *exception = data->exception;
  gint64 la_id = 0;
  int found;

  found = _cpis_hub_store_lookup_organisation_id (conn, exception->la_ods_code, &la_id, error);
  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                   "There is no local authority with ODS code “%s”", exception->la_ods_code);
      return FALSE;
    }

  return _cpis_hub_store_conn_first (conn, "keep the upload exception",
                                     "INSERT INTO plan_exceptions"
                                     " (id, la_id, nhs_number, family_name, given_name,"
                                     "  date_of_birth, plan_type, start_date, code, detail,"
                                     "  recorded_usec)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                                     " ON CONFLICT (la_id, nhs_number, plan_type, start_date)"
                                     " WHERE resolved_usec IS NULL"
                                     " DO UPDATE SET"
                                     "  family_name = excluded.family_name,"
                                     "  given_name = excluded.given_name,"
                                     "  date_of_birth = excluded.date_of_birth,"
                                     "  code = excluded.code,"
                                     "  detail = excluded.detail,"
                                     "  recorded_usec = excluded.recorded_usec"
                                     " RETURNING id",
                                     STORE_PARAMS (STORE_TEXT (data->new_id),
                                                   STORE_INT64 (la_id),
                                                   STORE_TEXT (empty_if_null (exception->nhs_number)),
                                                   STORE_TEXT (empty_if_null (exception->family_name)),
                                                   STORE_TEXT (empty_if_null (exception->given_name)),
                                                   STORE_TEXT (empty_if_null (exception->date_of_birth)),
                                                   STORE_TEXT (empty_if_null (exception->plan_type)),
                                                   STORE_TEXT (empty_if_null (exception->start_date)),
                                                   STORE_TEXT (exception->code),
                                                   STORE_TEXT (empty_if_null (exception->detail)),
                                                   STORE_INT64 (exception->recorded_usec)),
                                     _cpis_hub_store_text_from_row, NULL,
                                     (gpointer *) &job->out_text, error) == 1;
}

gboolean
cpis_hub_store_put_plan_exception (CpisHubStore          *self,
                                   CpisHubPlanException  *exception,
                                   GError               **error)
{
  g_autofree char *new_id = cpis_uuid_new ();
  PutExceptionData data = { .exception = exception, .new_id = new_id };
  StoreJob job = { .run = put_exception_run, .table = "plan_exceptions", .data = &data };

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (exception != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (exception->la_ods_code == NULL)
    return _cpis_hub_store_missing_field (error, "the local authority");
  if (exception->code == NULL)
    return _cpis_hub_store_missing_field (error, "the record code");

  if (!_cpis_hub_store_run_sync (self, &job, error))
    return FALSE;

  g_free (exception->id);
  exception->id = g_steal_pointer (&job.out_text);
  return TRUE;
}

GPtrArray *
cpis_hub_store_list_plan_exceptions (CpisHubStore  *self,
                                     const char    *la_ods_code,
                                     guint          offset,
                                     guint          count,
                                     guint         *total,
                                     GError       **error)
{
  g_autoptr(GPtrArray) exceptions = NULL;
  gint64 n;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (la_ods_code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = _cpis_hub_store_read_int64 (self, "count the upload exceptions",
                                  "SELECT count(*) FROM plan_exceptions x"
                                  " JOIN organisations o ON o.id = x.la_id"
                                  " WHERE o.ods_code = ?1 AND x.resolved_usec IS NULL",
                                  STORE_PARAMS (STORE_TEXT (la_ods_code)), error);
  if (n < 0)
    return NULL;

  exceptions = _cpis_hub_store_read_all (self, "list the upload exceptions",
                                         "SELECT " EXCEPTION_COLUMNS
                                         " FROM plan_exceptions x"
                                         " JOIN organisations o ON o.id = x.la_id"
                                         " WHERE o.ods_code = ?1 AND x.resolved_usec IS NULL"
                                         " ORDER BY x.recorded_usec DESC, x.seq DESC"
                                         " LIMIT ?2 OFFSET ?3",
                                         STORE_PARAMS (STORE_TEXT (la_ods_code),
                                                       STORE_INT64 (count),
                                                       STORE_INT64 (offset)),
                                         exception_from_row,
                                         (GDestroyNotify) cpis_hub_plan_exception_free, error);
  if (exceptions == NULL)
    return NULL;

  if (total != NULL)
    *total = (guint) MIN (n, G_MAXUINT);
  return g_steal_pointer (&exceptions);
}

CpisHubPlanException *
cpis_hub_store_find_plan_exception (CpisHubStore  *self,
                                    const char    *la_ods_code,
                                    const char    *id,
                                    GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (la_ods_code != NULL && id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_first (self, "find the upload exception",
                                     "SELECT " EXCEPTION_COLUMNS
                                     " FROM plan_exceptions x"
                                     " JOIN organisations o ON o.id = x.la_id"
                                     " WHERE o.ods_code = ?1 AND x.id = ?2",
                                     STORE_PARAMS (STORE_TEXT (la_ods_code), STORE_TEXT (id)),
                                     exception_from_row, NULL, error);
}

typedef struct
{
  const char *la_ods_code;
  const char *id;
  gint64      user_id;
  gint64      now_usec;
} DismissData;

static gboolean
dismiss_run (StoreConn  *conn,
             StoreJob   *job,
             GError    **error)
{
  const DismissData *data = job->data;
  gint64 open = 0;
  int found;

  found = _cpis_hub_store_conn_int64 (conn, "find the upload exception",
                                      "SELECT x.resolved_usec IS NULL FROM plan_exceptions x"
                                      " JOIN organisations o ON o.id = x.la_id"
                                      " WHERE o.ods_code = ?1 AND x.id = ?2",
                                      STORE_PARAMS (STORE_TEXT (data->la_ods_code),
                                                    STORE_TEXT (data->id)),
                                      &open, error);
  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                           "The authority has no such upload exception");
      return FALSE;
    }
  if (!open)
    return TRUE;

  return _cpis_hub_store_conn_exec (conn, "dismiss the upload exception",
                                    "UPDATE plan_exceptions SET resolved_usec = ?2,"
                                    " resolution = 'dismissed', resolved_by_user_id = ?3"
                                    " WHERE id = ?1",
                                    STORE_PARAMS (STORE_TEXT (data->id),
                                                  STORE_INT64 (data->now_usec),
                                                  STORE_INT64 (data->user_id)),
                                    error);
}

gboolean
cpis_hub_store_dismiss_plan_exception (CpisHubStore  *self,
                                       const char    *la_ods_code,
                                       const char    *id,
                                       gint64         user_id,
                                       gint64         now_usec,
                                       GError       **error)
{
  DismissData data = { la_ods_code, id, user_id, now_usec };
  StoreJob job = { .run = dismiss_run, .table = "plan_exceptions", .data = &data };

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (la_ods_code != NULL && id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _cpis_hub_store_run_sync (self, &job, error);
}
