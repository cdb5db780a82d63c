/* cpis-hub-store-users.c: organisations, users and their tokens
 *
 * Only a hash of a token is ever stored.
 */
#include "cpis-hub-store-private.h"

#include "cpis-uuid.h"

#define USER_COLUMNS \
  "u.id, u.username, u.role, u.full_name, u.job_role_code, u.job_role_display, " \
  "u.practitioner_role_id, u.role_profile_id, " ORG_COLUMNS ", u.disabled"
#define N_USER_COLUMNS (9 + N_ORG_COLUMNS)

/* ------------------------------------------------------------------------ */
/* Rows → records */

CpisHubOrganisation *
_cpis_hub_store_organisation_from_columns (sqlite3_stmt *stmt,
                                           int           first)
{
  CpisHubOrganisation *org = g_new0 (CpisHubOrganisation, 1);
  const char *kind = (const char *) sqlite3_column_text (stmt, first + 3);

  org->id = sqlite3_column_int64 (stmt, first);
  org->ods_code = _cpis_hub_store_column_dup (stmt, first + 1);
  org->name = _cpis_hub_store_column_dup (stmt, first + 2);
  if (!cpis_hub_org_kind_from_string (kind, &org->kind))
    {
      /* The schema's CHECK makes this unreachable; fail towards silence */
      g_warning ("Organisation %" G_GINT64_FORMAT " has an unknown kind", org->id);
      org->kind = CPIS_HUB_ORG_KIND_SCHEDULED_CARE;
    }
  org->phone_office = _cpis_hub_store_column_dup (stmt, first + 4);
  org->phone_emergency = _cpis_hub_store_column_dup (stmt, first + 5);
  org->area = _cpis_hub_store_column_dup (stmt, first + 6);
  org->setting_kind = _cpis_hub_store_column_dup (stmt, first + 7);
  org->both_care_settings = sqlite3_column_int (stmt, first + 8) != 0;

  return org;
}

/* ORG_COLUMNS */
gpointer
_cpis_hub_store_organisation_from_row (sqlite3_stmt *stmt,
                                       gpointer      user_data)
{
  return _cpis_hub_store_organisation_from_columns (stmt, 0);
}

/* USER_COLUMNS */
static gpointer
user_from_row (sqlite3_stmt *stmt,
               gpointer      user_data)
{
  CpisHubUser *user = g_new0 (CpisHubUser, 1);
  const char *role = (const char *) sqlite3_column_text (stmt, 2);

  user->id = sqlite3_column_int64 (stmt, 0);
  user->username = _cpis_hub_store_column_dup (stmt, 1);
  if (!cpis_role_from_string (role, &user->role))
    {
      /* Unreachable through the CHECK; an unknown role may do nothing */
      g_warning ("User %" G_GINT64_FORMAT " has an unknown role", user->id);
      user->role = CPIS_ROLE_UNKNOWN;
    }
  user->full_name = _cpis_hub_store_column_dup (stmt, 3);
  user->job_role_code = _cpis_hub_store_column_dup (stmt, 4);
  user->job_role_display = _cpis_hub_store_column_dup (stmt, 5);
  user->practitioner_role_id = _cpis_hub_store_column_dup (stmt, 6);
  user->role_profile_id = _cpis_hub_store_column_dup (stmt, 7);
  user->organisation = _cpis_hub_store_organisation_from_columns (stmt, 8);
  user->disabled = sqlite3_column_int (stmt, 8 + N_ORG_COLUMNS) != 0;

  return user;
}

/* USER_COLUMNS, then the password hash, into @user_data (char **) unless NULL */
static gpointer
user_and_hash_from_row (sqlite3_stmt *stmt,
                        gpointer      user_data)
{
  char **password_hash = user_data;

  if (password_hash != NULL)
    *password_hash = _cpis_hub_store_column_dup (stmt, N_USER_COLUMNS);
  return user_from_row (stmt, NULL);
}

/* ------------------------------------------------------------------------ */
/* Jobs */

int
_cpis_hub_store_lookup_organisation_id (StoreConn   *conn,
                                        const char  *ods_code,
                                        gint64      *id,
                                        GError     **error)
{
  return _cpis_hub_store_conn_int64 (conn, "look up an organisation",
                                     "SELECT id FROM organisations WHERE ods_code = ?1",
                                     STORE_PARAMS (STORE_TEXT (ods_code)), id, error);
}

static gboolean
put_organisation_run (StoreConn  *conn,
                      StoreJob   *job,
                      GError    **error)
{
  const CpisHubOrganisation *org = job->data;
  const char *kind = cpis_hub_org_kind_to_string (org->kind);

  if (kind == NULL)
    return _cpis_hub_store_missing_field (error, "a known organisation kind");

  return _cpis_hub_store_conn_int64 (conn, "store the organisation",
                                     "INSERT INTO organisations"
                                     " (ods_code, name, kind, phone_office, phone_emergency, area, setting_kind,"
                                     "  both_care_settings)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                                     " ON CONFLICT (ods_code) DO UPDATE SET"
                                     "  name = excluded.name, kind = excluded.kind,"
                                     "  phone_office = excluded.phone_office,"
                                     "  phone_emergency = excluded.phone_emergency,"
                                     "  area = excluded.area, setting_kind = excluded.setting_kind,"
                                     "  both_care_settings = excluded.both_care_settings"
                                     " RETURNING id",
                                     STORE_PARAMS (STORE_TEXT (org->ods_code),
                                                   STORE_TEXT (org->name),
                                                   STORE_TEXT (kind),
                                                   STORE_TEXT (org->phone_office),
                                                   STORE_TEXT (org->phone_emergency),
                                                   STORE_TEXT (org->area),
                                                   STORE_TEXT (org->setting_kind),
                                                   STORE_INT64 (org->both_care_settings ? 1 : 0)),
                                     &job->out_id, error) == 1;
}

typedef struct
{
  const CpisHubUser *user;
  const char        *password_hash;
  const char        *practitioner_role_id;
  const char        *role_profile_id;
} AddUserData;

static gboolean
add_user_run (StoreConn  *conn,
              StoreJob   *job,
              GError    **error)
{
  const AddUserData *data = job->data;
  const CpisHubUser *user = data->user;
  const char *role = cpis_role_to_string (user->role);
  gint64 org_id = 0;
  int found;

  if (role == NULL)
    return _cpis_hub_store_missing_field (error, "a known role");

  found = _cpis_hub_store_lookup_organisation_id (conn, user->organisation->ods_code, &org_id,
                                                  error);
  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                   "There is no organisation with ODS code “%s”",
                   user->organisation->ods_code);
      return FALSE;
    }

  found = _cpis_hub_store_conn_int64 (conn, "look up the username",
                                      "SELECT 1 FROM users WHERE username = ?1",
                                      STORE_PARAMS (STORE_TEXT (user->username)), NULL, error);
  if (found < 0)
    return FALSE;
  if (found == 1)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_EXISTS,
                   "The username “%s” is already taken", user->username);
      return FALSE;
    }

  job->out_id2 = org_id;
  return _cpis_hub_store_conn_int64 (conn, "add the user",
                                     "INSERT INTO users"
                                     " (username, password_hash, role, organisation_id, full_name,"
                                     "  job_role_code, job_role_display, practitioner_role_id,"
                                     "  role_profile_id)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                                     " RETURNING id",
                                     STORE_PARAMS (STORE_TEXT (user->username),
                                                   STORE_TEXT (data->password_hash),
                                                   STORE_TEXT (role),
                                                   STORE_INT64 (org_id),
                                                   STORE_TEXT (user->full_name),
                                                   STORE_TEXT (user->job_role_code),
                                                   STORE_TEXT (user->job_role_display),
                                                   STORE_TEXT (data->practitioner_role_id),
                                                   STORE_TEXT (data->role_profile_id)),
                                     &job->out_id, error) == 1;
}

typedef struct
{
  const char *username;
  gboolean    disabled;
} DisableUserData;

static gboolean
set_user_disabled_run (StoreConn  *conn,
                       StoreJob   *job,
                       GError    **error)
{
  const DisableUserData *data = job->data;
  int found;

  found = _cpis_hub_store_conn_int64 (conn, "disable the user",
                                      "UPDATE users SET disabled = ?2 WHERE username = ?1"
                                      " RETURNING id",
                                      STORE_PARAMS (STORE_TEXT (data->username),
                                                    STORE_INT64 (data->disabled ? 1 : 0)),
                                      &job->out_id, error);
  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                   "There is no user “%s”", data->username);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  char   *token_hash;
  gint64  user_id;
  gint64  expires_usec;
} TokenData;

static TokenData *
token_data_new (const char *token_hash,
                gint64      user_id,
                gint64      expires_usec)
{
  TokenData *data = g_new0 (TokenData, 1);

  data->token_hash = g_strdup (token_hash);
  data->user_id = user_id;
  data->expires_usec = expires_usec;
  return data;
}

static void
token_data_free (gpointer data)
{
  TokenData *token = data;

  g_free (token->token_hash);
  g_free (token);
}

static gboolean
add_token_run (StoreConn  *conn,
               StoreJob   *job,
               GError    **error)
{
  const TokenData *data = job->data;
  int found;

  found = _cpis_hub_store_conn_int64 (conn, "look up the user",
                                      "SELECT 1 FROM users WHERE id = ?1",
                                      STORE_PARAMS (STORE_INT64 (data->user_id)), NULL, error);
  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                   "There is no user with id %" G_GINT64_FORMAT, data->user_id);
      return FALSE;
    }

  return _cpis_hub_store_conn_exec (conn, "store the token",
                                    "INSERT INTO tokens"
                                    " (token_hash, user_id, expires_usec, revoked)"
                                    " VALUES (?1, ?2, ?3, 0)",
                                    STORE_PARAMS (STORE_TEXT (data->token_hash),
                                                  STORE_INT64 (data->user_id),
                                                  STORE_INT64 (data->expires_usec)),
                                    error);
}

static gboolean
revoke_token_run (StoreConn  *conn,
                  StoreJob   *job,
                  GError    **error)
{
  const TokenData *data = job->data;

  return _cpis_hub_store_conn_exec (conn, "revoke the token",
                                    "UPDATE tokens SET revoked = 1 WHERE token_hash = ?1",
                                    STORE_PARAMS (STORE_TEXT (data->token_hash)), error);
}

/* ------------------------------------------------------------------------ */
/* Organisations */

gboolean
cpis_hub_store_put_organisation (CpisHubStore         *self,
                                 CpisHubOrganisation  *org,
                                 GError              **error)
{
  StoreJob job = { .run = put_organisation_run, .table = "organisations", .data = org };

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (org != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (org->ods_code == NULL)
    return _cpis_hub_store_missing_field (error, "the ODS code");
  if (org->name == NULL)
    return _cpis_hub_store_missing_field (error, "the organisation name");

  if (!_cpis_hub_store_run_sync (self, &job, error))
    return FALSE;

  org->id = job.out_id;
  return TRUE;
}

CpisHubOrganisation *
cpis_hub_store_find_organisation (CpisHubStore  *self,
                                  const char    *ods_code,
                                  GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (ods_code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_first (self, "find the organisation",
                                     "SELECT " ORG_COLUMNS " FROM organisations o"
                                     " WHERE o.ods_code = ?1",
                                     STORE_PARAMS (STORE_TEXT (ods_code)),
                                     _cpis_hub_store_organisation_from_row, NULL, error);
}

GPtrArray *
cpis_hub_store_list_organisations (CpisHubStore  *self,
                                   GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_all (self, "list the organisations",
                                   "SELECT " ORG_COLUMNS " FROM organisations o"
                                   " ORDER BY o.ods_code",
                                   STORE_NO_PARAMS,
                                   _cpis_hub_store_organisation_from_row,
                                   (GDestroyNotify) cpis_hub_organisation_free, error);
}

/* ------------------------------------------------------------------------ */
/* Users */

/* Twelve digits, like an SDS role profile id; not a secret */
static char *
new_role_profile_id (void)
{
  GString *digits = g_string_sized_new (12);

  g_string_append_c (digits, (char) ('1' + g_random_int_range (0, 9)));
  for (guint i = 1; i < 12; i++)
    g_string_append_c (digits, (char) ('0' + g_random_int_range (0, 10)));
  return g_string_free (digits, FALSE);
}

gboolean
cpis_hub_store_add_user (CpisHubStore  *self,
                         CpisHubUser   *user,
                         const char    *password_hash,
                         GError       **error)
{
  AddUserData data = { .user = user, .password_hash = password_hash };
  StoreJob job = { .run = add_user_run, .table = "users", .data = &data };
  g_autofree char *practitioner_role_id = NULL;
  g_autofree char *role_profile_id = NULL;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (password_hash != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (user->username == NULL)
    return _cpis_hub_store_missing_field (error, "the username");
  if (user->full_name == NULL)
    return _cpis_hub_store_missing_field (error, "the user’s full name");
  if (user->organisation == NULL || user->organisation->ods_code == NULL)
    return _cpis_hub_store_missing_field (error, "the user’s organisation");

  if (user->practitioner_role_id == NULL)
    practitioner_role_id = cpis_uuid_new ();
  if (user->role_profile_id == NULL)
    role_profile_id = new_role_profile_id ();

  data.practitioner_role_id = practitioner_role_id != NULL ? practitioner_role_id
                                                           : user->practitioner_role_id;
  data.role_profile_id = role_profile_id != NULL ? role_profile_id : user->role_profile_id;

  if (!_cpis_hub_store_run_sync (self, &job, error))
    return FALSE;

  user->id = job.out_id;
  user->organisation->id = job.out_id2;
  if (practitioner_role_id != NULL)
    user->practitioner_role_id = g_steal_pointer (&practitioner_role_id);
  if (role_profile_id != NULL)
    user->role_profile_id = g_steal_pointer (&role_profile_id);

  return TRUE;
}

CpisHubUser *
cpis_hub_store_find_user (CpisHubStore  *self,
                          const char    *username,
                          char         **password_hash,
                          GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (password_hash != NULL)
    *password_hash = NULL;

  return _cpis_hub_store_read_first (self, "find the user",
                                     "SELECT " USER_COLUMNS ", u.password_hash"
                                     " FROM users u"
                                     " JOIN organisations o ON o.id = u.organisation_id"
                                     " WHERE u.username = ?1",
                                     STORE_PARAMS (STORE_TEXT (username)),
                                     user_and_hash_from_row, password_hash, error);
}

CpisHubUser *
cpis_hub_store_find_user_by_role_id (CpisHubStore  *self,
                                     const char    *practitioner_role_id,
                                     GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (practitioner_role_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_first (self, "find the user",
                                     "SELECT " USER_COLUMNS
                                     " FROM users u"
                                     " JOIN organisations o ON o.id = u.organisation_id"
                                     " WHERE u.practitioner_role_id = ?1",
                                     STORE_PARAMS (STORE_TEXT (practitioner_role_id)),
                                     user_from_row, NULL, error);
}

gboolean
cpis_hub_store_set_user_disabled (CpisHubStore  *self,
                                  const char    *username,
                                  gboolean       disabled,
                                  GError       **error)
{
  DisableUserData data = { .username = username, .disabled = disabled };
  StoreJob job = { .run = set_user_disabled_run, .table = "users", .data = &data };

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _cpis_hub_store_run_sync (self, &job, error);
}

GPtrArray *
cpis_hub_store_list_social_workers (CpisHubStore  *self,
                                    const char    *la_ods_code,
                                    GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (la_ods_code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_all (self, "list the social workers",
                                   "SELECT " USER_COLUMNS
                                   " FROM users u"
                                   " JOIN organisations o ON o.id = u.organisation_id"
                                   " WHERE o.ods_code = ?1 AND o.kind = 'local-authority'"
                                   " AND u.role = 'social-worker' AND u.disabled = 0"
                                   " ORDER BY u.full_name, u.practitioner_role_id",
                                   STORE_PARAMS (STORE_TEXT (la_ods_code)),
                                   user_from_row, (GDestroyNotify) cpis_hub_user_free, error);
}

/* ------------------------------------------------------------------------ */
/* Tokens */

void
cpis_hub_store_add_token_async (CpisHubStore        *self,
                                const char          *token_hash,
                                gint64               user_id,
                                gint64               expires_usec,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  StoreJob *job;

  g_return_if_fail (CPIS_HUB_IS_STORE (self));
  g_return_if_fail (token_hash != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = _cpis_hub_store_job_new (add_token_run, "tokens",
                                 token_data_new (token_hash, user_id, expires_usec),
                                 token_data_free);
  _cpis_hub_store_run_async (self, job, cpis_hub_store_add_token_async,
                             cancellable, callback, user_data);
}

gboolean
cpis_hub_store_add_token_finish (CpisHubStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cpis_hub_store_add_token_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

CpisHubUser *
cpis_hub_store_find_token_user (CpisHubStore  *self,
                                const char    *token_hash,
                                gint64         now_usec,
                                GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_first (self, "look up the token",
                                     "SELECT " USER_COLUMNS
                                     " FROM tokens t"
                                     " JOIN users u ON u.id = t.user_id"
                                     " JOIN organisations o ON o.id = u.organisation_id"
                                     " WHERE t.token_hash = ?1 AND t.revoked = 0"
                                     " AND t.expires_usec > ?2 AND u.disabled = 0",
                                     STORE_PARAMS (STORE_TEXT (token_hash), STORE_INT64 (now_usec)),
                                     user_from_row, NULL, error);
}

void
cpis_hub_store_revoke_token_async (CpisHubStore        *self,
                                   const char          *token_hash,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  StoreJob *job;

  g_return_if_fail (CPIS_HUB_IS_STORE (self));
  g_return_if_fail (token_hash != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = _cpis_hub_store_job_new (revoke_token_run, "tokens",
                                 token_data_new (token_hash, 0, 0), token_data_free);
  _cpis_hub_store_run_async (self, job, cpis_hub_store_revoke_token_async,
                             cancellable, callback, user_data);
}

gboolean
cpis_hub_store_revoke_token_finish (CpisHubStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cpis_hub_store_revoke_token_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
