/* cpis-hub-store-tasks.c: notifications as FHIR Tasks, and the teams of a
 * local authority that own them
 *
 * A notification row holds what it was raised with (never changed: the
 * schema's triggers refuse it) and a copy of its current version's state,
 * for searching. Every version's state is in notification_versions, with
 * who made it and when; notes are rows of notification_notes, each tagged
 * with the version that added it, so version N has the notes of versions
 * 1…N. Nothing is ever updated there or deleted (triggers again).
 *
 * Every read is by LA: another LA's notification is simply not found.
 * A change is one writer job: it checks that the notification is still at
 * the version the change was made on (optimistic locking: CONFLICT if not),
 * resolves the owner within the LA, and writes the version, the notes and
 * the row's copy, in one savepoint of one transaction.
 */
#include "cpis-hub-store-private.h"

#include "cpis-hub-rules.h"

/* ------------------------------------------------------------------------ */
/* Rows → records */

/* Of a notification at the version joined as v */
#define TASK_COLUMNS \
  "SELECT n.seq, n.id, n.code, la.ods_code, la.name, n.access_id, n.nhs_number," \
  " n.subject_name, n.requester_ods_code, n.requester_name, n.out_of_area, n.replaced_by," \
  " n.authored_usec, v.version, v.status, v.status_reason, v.business_status, v.owner_kind," \
  " CASE v.owner_kind WHEN 'team' THEN t.code" \
  "  WHEN 'social-worker' THEN u.practitioner_role_id ELSE la.ods_code END," \
  " CASE v.owner_kind WHEN 'team' THEN t.name" \
  "  WHEN 'social-worker' THEN u.full_name ELSE la.name END," \
  " v.modified_usec, v.modified_by_role_id, v.modified_by_name"
#define N_TASK_COLUMNS 23

#define TASK_FROM \
  " FROM notifications n" \
  " JOIN organisations la ON la.id = n.la_id" \
  " JOIN notification_versions v ON v.notification_seq = n.seq" \
  " LEFT JOIN teams t ON t.id = v.owner_team_id" \
  " LEFT JOIN users u ON u.id = v.owner_user_id"

/* The search's filters: ?1 the LA's ODS code, ?2 a bit per status (0: any),
 * ?3 code, ?4 NHS number, ?5 owner kind and ?6 its reference (NULL: any),
 * ?7–?8 raised in [from, before), ?9–?10 changed in [from, before), ?11
 * out of area (-1: any). The owner is compared as the record shows it. */
/* @authored and @modified: "n." for a range the index may be used for, "+n."
 * for one it may not. The ranges are always bound (to everything when not
 * asked for), so SQLite would take the one index it thinks narrower, and
 * sort every notification of the authority for each page: each search
 * walks the index of the order it is sorted by instead, and stops at the
 * page (EXPLAIN QUERY PLAN: "TEMP B-TREE FOR RIGHT PART OF ORDER BY") */
#define TASK_SEARCH_WHERE_BY(authored, modified) \
  " WHERE v.version = n.version AND la.ods_code = ?1" \
  " AND (?2 = 0 OR ((?2 >> (CASE n.status WHEN 'requested' THEN 0 WHEN 'accepted' THEN 1" \
  "  WHEN 'in-progress' THEN 2 WHEN 'completed' THEN 3 ELSE 4 END)) & 1) = 1)" \
  " AND (?3 IS NULL OR n.code = ?3)" \
  " AND (?4 IS NULL OR n.nhs_number = ?4)" \
  " AND (?5 IS NULL OR (n.owner_kind = ?5 AND" \
  "  (CASE n.owner_kind WHEN 'team' THEN t.code" \
  "   WHEN 'social-worker' THEN u.practitioner_role_id ELSE la.ods_code END) = ?6))" \
  " AND " authored "authored_usec >= ?7 AND " authored "authored_usec < ?8" \
  " AND " modified "last_modified_usec >= ?9 AND " modified "last_modified_usec < ?10" \
  " AND (?11 < 0 OR n.out_of_area = ?11)"
#define TASK_SEARCH_WHERE TASK_SEARCH_WHERE_BY ("n.", "n.")
#define N_TASK_SEARCH_PARAMS 11

#define STATUS_RANK \
  "CASE n.status WHEN 'requested' THEN 0 WHEN 'accepted' THEN 1" \
  " WHEN 'in-progress' THEN 2 WHEN 'completed' THEN 3 ELSE 4 END"

/* One literal per order (the statement cache is keyed by the SQL text);
 * ties by id, ascending, so that pages never overlap */
#define TASK_SEARCH_SQL(order, authored, modified) \
  TASK_COLUMNS TASK_FROM TASK_SEARCH_WHERE_BY (authored, modified) " ORDER BY " order ", n.id ASC LIMIT ?12 OFFSET ?13"

/* The total of a search without an owner: the notifications alone, whose
 * status and owner kind are kept on them, with no join per row (a count
 * over the page's joins, or a window over them, cost a big authority's
 * every page a pass over all its notifications and their versions) */
#define TASK_COUNT_SQL \
  "SELECT count(*) FROM notifications n" \
  " WHERE n.la_id = (SELECT id FROM organisations WHERE ods_code = ?1)" \
  " AND (?2 = 0 OR ((?2 >> (CASE n.status WHEN 'requested' THEN 0 WHEN 'accepted' THEN 1" \
  "  WHEN 'in-progress' THEN 2 WHEN 'completed' THEN 3 ELSE 4 END)) & 1) = 1)" \
  " AND (?3 IS NULL OR n.code = ?3)" \
  " AND (?4 IS NULL OR n.nhs_number = ?4)" \
  " AND n.authored_usec >= ?7 AND n.authored_usec < ?8" \
  " AND n.last_modified_usec >= ?9 AND n.last_modified_usec < ?10" \
  " AND (?11 < 0 OR n.out_of_area = ?11)"
/* ?5 and ?6, the owner, unused there: bound all the same, as one array */

static const char * const task_search_sql[] = {
  [CPIS_HUB_TASK_SORT_AUTHORED] = TASK_SEARCH_SQL ("n.authored_usec ASC", "n.", "+n."),
  [CPIS_HUB_TASK_SORT_AUTHORED_DESC] = TASK_SEARCH_SQL ("n.authored_usec DESC", "n.", "+n."),
  [CPIS_HUB_TASK_SORT_LAST_UPDATED] = TASK_SEARCH_SQL ("n.last_modified_usec ASC", "+n.", "n."),
  [CPIS_HUB_TASK_SORT_LAST_UPDATED_DESC] = TASK_SEARCH_SQL ("n.last_modified_usec DESC", "+n.", "n."),
  [CPIS_HUB_TASK_SORT_STATUS] = TASK_SEARCH_SQL (STATUS_RANK " ASC", "n.", "n."),
  [CPIS_HUB_TASK_SORT_STATUS_DESC] = TASK_SEARCH_SQL (STATUS_RANK " DESC", "n.", "n."),
};

/* TASK_COLUMNS; the notes are read separately */
static gpointer
task_from_row (sqlite3_stmt *stmt,
               gpointer      user_data)
{
  CpisHubTask *task = g_new0 (CpisHubTask, 1);
  const char *status = (const char *) sqlite3_column_text (stmt, 14);
  const char *owner_kind = (const char *) sqlite3_column_text (stmt, 17);

  task->seq = sqlite3_column_int64 (stmt, 0);
  task->id = _cpis_hub_store_column_dup (stmt, 1);
  task->code = _cpis_hub_store_column_dup (stmt, 2);
  task->la_ods_code = _cpis_hub_store_column_dup (stmt, 3);
  task->la_name = _cpis_hub_store_column_dup (stmt, 4);
  task->access_id = _cpis_hub_store_column_dup (stmt, 5);
  task->nhs_number = _cpis_hub_store_column_dup (stmt, 6);
  task->subject_name = _cpis_hub_store_column_dup (stmt, 7);
  task->requester_ods_code = _cpis_hub_store_column_dup (stmt, 8);
  task->requester_name = _cpis_hub_store_column_dup (stmt, 9);
  task->out_of_area = sqlite3_column_int64 (stmt, 10) != 0;
  task->replaced_by = _cpis_hub_store_column_dup (stmt, 11);
  task->authored_usec = sqlite3_column_int64 (stmt, 12);
  task->version = sqlite3_column_int64 (stmt, 13);
  if (!cpis_hub_task_status_from_string (status, &task->status))
    {
      /* The schema's CHECK makes this unreachable */
      g_warning ("Notification %" G_GINT64_FORMAT " has an unknown status", task->seq);
      task->status = CPIS_HUB_TASK_STATUS_REQUESTED;
    }
  task->status_reason = _cpis_hub_store_column_dup (stmt, 15);
  task->business_status = _cpis_hub_store_column_dup (stmt, 16);
  if (!cpis_hub_task_owner_kind_from_string (owner_kind, &task->owner_kind))
    {
      g_warning ("Notification %" G_GINT64_FORMAT " has an unknown owner", task->seq);
      task->owner_kind = CPIS_HUB_TASK_OWNER_LA;
    }
  task->owner_ref = _cpis_hub_store_column_dup (stmt, 18);
  task->owner_display = _cpis_hub_store_column_dup (stmt, 19);
  task->last_modified_usec = sqlite3_column_int64 (stmt, 20);
  task->modified_by_role_id = _cpis_hub_store_column_dup (stmt, 21);
  task->modified_by_name = _cpis_hub_store_column_dup (stmt, 22);
  task->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_hub_task_note_free);

  return task;
}

static gpointer
note_from_row (sqlite3_stmt *stmt,
               gpointer      user_data)
{
  CpisHubTaskNote *note = g_new0 (CpisHubTaskNote, 1);

  note->author_role_id = _cpis_hub_store_column_dup (stmt, 0);
  note->author_name = _cpis_hub_store_column_dup (stmt, 1);
  note->time_usec = sqlite3_column_int64 (stmt, 2);
  note->text = _cpis_hub_store_column_dup (stmt, 3);
  note->version = sqlite3_column_int64 (stmt, 4);

  return note;
}

static gpointer
team_from_row (sqlite3_stmt *stmt,
               gpointer      user_data)
{
  CpisHubTeam *team = g_new0 (CpisHubTeam, 1);

  team->id = sqlite3_column_int64 (stmt, 0);
  team->code = _cpis_hub_store_column_dup (stmt, 1);
  team->name = _cpis_hub_store_column_dup (stmt, 2);
  team->la_ods_code = _cpis_hub_store_column_dup (stmt, 3);

  return team;
}

/* The notes @task has at its version (a version has the notes of every
 * version up to it) */
static gboolean
read_notes (CpisHubStore  *self,
            CpisHubTask   *task,
            GError       **error)
{
  g_autoptr(GPtrArray) notes = NULL;

  notes = _cpis_hub_store_read_all (self, "read the notes",
                                    "SELECT author_role_id, author_name, time_usec, text, version"
                                    " FROM notification_notes"
                                    " WHERE notification_seq = ?1 AND version <= ?2"
                                    " ORDER BY position",
                                    STORE_PARAMS (STORE_INT64 (task->seq),
                                                  STORE_INT64 (task->version)),
                                    note_from_row, (GDestroyNotify) cpis_hub_task_note_free,
                                    error);
  if (notes == NULL)
    return FALSE;

  g_ptr_array_unref (task->notes);
  task->notes = g_steal_pointer (&notes);
  return TRUE;
}

static gboolean
read_notes_of_all (CpisHubStore  *self,
                   GPtrArray     *tasks,
                   GError       **error)
{
  for (guint i = 0; i < tasks->len; i++)
    if (!read_notes (self, g_ptr_array_index (tasks, i), error))
      return FALSE;

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Jobs */

static StoreValue
text_or_null (const char *text)
{
  return (StoreValue) { .type = STORE_VALUE_TEXT, .text = text };
}

/* An id, or SQL NULL for 0 */
static StoreValue
id_or_null (gint64 id)
{
  if (id == 0)
    return text_or_null (NULL);

  return (StoreValue) { .type = STORE_VALUE_INT64, .int64 = id };
}

typedef struct
{
  char *la_ods_code;
  char *code;
  char *name;
} TeamData;

static void
team_data_free (gpointer data)
{
  TeamData *team = data;

  g_free (team->la_ods_code);
  g_free (team->code);
  g_free (team->name);
  g_free (team);
}

static gboolean
put_team_run (StoreConn  *conn,
              StoreJob   *job,
              GError    **error)
{
  const TeamData *data = job->data;
  gint64 la_id = 0;
  gint64 owner_la_id = 0;
  int found;

  found = _cpis_hub_store_conn_int64 (conn, "look up the local authority",
                                      "SELECT id FROM organisations"
                                      " WHERE ods_code = ?1 AND kind = 'local-authority'",
                                      STORE_PARAMS (STORE_TEXT (data->la_ods_code)),
                                      &la_id, error);
  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                           "There is no local authority with that ODS code");
      return FALSE;
    }

  found = _cpis_hub_store_conn_int64 (conn, "look up the team",
                                      "SELECT la_id FROM teams WHERE code = ?1",
                                      STORE_PARAMS (STORE_TEXT (data->code)),
                                      &owner_la_id, error);
  if (found < 0)
    return FALSE;
  if (found == 1 && owner_la_id != la_id)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_EXISTS,
                           "Another local authority has a team with that id");
      return FALSE;
    }

  if (found == 1)
    return _cpis_hub_store_conn_exec (conn, "rename the team",
                                      "UPDATE teams SET name = ?2 WHERE code = ?1",
                                      STORE_PARAMS (STORE_TEXT (data->code),
                                                    STORE_TEXT (data->name)),
                                      error);

  if (!_cpis_hub_store_conn_exec (conn, "add the team",
                                  "INSERT INTO teams (la_id, code, name) VALUES (?1, ?2, ?3)",
                                  STORE_PARAMS (STORE_INT64 (la_id), STORE_TEXT (data->code),
                                                STORE_TEXT (data->name)),
                                  error))
    return FALSE;

  job->out_id = sqlite3_last_insert_rowid (conn->db);
  return TRUE;
}

typedef struct
{
  char                 *task_id;
  char                 *la_ods_code;
  gint64                base_version;
  gint64                user_id;
  gint64                modified_usec;
  CpisHubTaskStatus     status;
  char                 *status_reason;
  char                 *business_status;
  CpisHubTaskOwnerKind  owner_kind;
  char                 *owner_ref;
  GStrv                 new_notes;
} UpdateData;

static void
update_data_free (gpointer data)
{
  UpdateData *update = data;

  g_free (update->task_id);
  g_free (update->la_ods_code);
  g_free (update->status_reason);
  g_free (update->business_status);
  g_free (update->owner_ref);
  g_strfreev (update->new_notes);
  g_free (update);
}

static UpdateData *
update_data_new (const CpisHubTaskUpdate *update)
{
  UpdateData *data = g_new0 (UpdateData, 1);

  data->task_id = g_strdup (update->task_id);
  data->la_ods_code = g_strdup (update->la_ods_code);
  data->base_version = update->base_version;
  data->user_id = update->user_id;
  data->modified_usec = update->modified_usec;
  data->status = update->status;
  data->status_reason = g_strdup (update->status_reason);
  data->business_status = g_strdup (update->business_status);
  data->owner_kind = update->owner_kind;
  data->owner_ref = g_strdup (update->owner_ref);
  data->new_notes = g_strdupv ((GStrv) update->new_notes);

  return data;
}

/* The owner's team or user id within the LA (both 0 for the LA itself);
 * FALSE with NOT_FOUND if there is no such team or social worker there */
static gboolean
resolve_owner (StoreConn         *conn,
               const UpdateData  *data,
               gint64            *team_id,
               gint64            *user_id,
               GError           **error)
{
  int found = 1;

  *team_id = 0;
  *user_id = 0;

  switch (data->owner_kind)
    {
    case CPIS_HUB_TASK_OWNER_LA:
      if (g_strcmp0 (data->owner_ref, data->la_ods_code) != 0)
        found = 0;
      break;

    case CPIS_HUB_TASK_OWNER_TEAM:
      found = _cpis_hub_store_conn_int64 (conn, "look up the team",
                                          "SELECT t.id FROM teams t"
                                          " JOIN organisations la ON la.id = t.la_id"
                                          " WHERE t.code = ?1 AND la.ods_code = ?2",
                                          STORE_PARAMS (text_or_null (data->owner_ref),
                                                        STORE_TEXT (data->la_ods_code)),
                                          team_id, error);
      break;

    case CPIS_HUB_TASK_OWNER_SOCIAL_WORKER:
      found = _cpis_hub_store_conn_int64 (conn, "look up the social worker",
                                          "SELECT u.id FROM users u"
                                          " JOIN organisations o ON o.id = u.organisation_id"
                                          " WHERE u.practitioner_role_id = ?1"
                                          " AND o.ods_code = ?2 AND u.role = 'social-worker'",
                                          STORE_PARAMS (text_or_null (data->owner_ref),
                                                        STORE_TEXT (data->la_ods_code)),
                                          user_id, error);
      break;

    default:
      found = 0;
      break;
    }

  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                           "The owner is not the local authority, nor one of its teams or social workers");
      return FALSE;
    }

  return TRUE;
}

static gboolean
update_task_run (StoreConn  *conn,
                 StoreJob   *job,
                 GError    **error)
{
  const UpdateData *data = job->data;
  g_autofree char *current = NULL;
  gint64 seq = 0, version, team_id, user_id;
  CpisHubTaskStatus from;
  const char *status = cpis_hub_task_status_to_string (data->status);
  const char *owner_kind = cpis_hub_task_owner_kind_to_string (data->owner_kind);
  int found;

  if (data->task_id == NULL || data->la_ods_code == NULL || status == NULL || owner_kind == NULL)
    return _cpis_hub_store_missing_field (error, "the notification, its status or its owner");

  found = _cpis_hub_store_conn_int64 (conn, "look up the notification",
                                      "SELECT n.seq FROM notifications n"
                                      " JOIN organisations la ON la.id = n.la_id"
                                      " WHERE n.id = ?1 AND la.ods_code = ?2",
                                      STORE_PARAMS (STORE_TEXT (data->task_id),
                                                    STORE_TEXT (data->la_ods_code)),
                                      &seq, error);
  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                           "There is no such notification for this local authority");
      return FALSE;
    }

  if (_cpis_hub_store_conn_first (conn, "read the notification's status",
                                  "SELECT status FROM notifications WHERE seq = ?1",
                                  STORE_PARAMS (STORE_INT64 (seq)),
                                  _cpis_hub_store_text_from_row, NULL, (gpointer *) &current,
                                  error) != 1 ||
      _cpis_hub_store_conn_int64 (conn, "read the notification's version",
                                  "SELECT version FROM notifications WHERE seq = ?1",
                                  STORE_PARAMS (STORE_INT64 (seq)), &version, error) != 1)
    return FALSE;

  /* Someone else changed it since it was read */
  if (version != data->base_version)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_CONFLICT,
                   "The notification is at version %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT,
                   version, data->base_version);
      return FALSE;
    }

  /* The lifecycle, kept here too (the handler says why in words) */
  if (!cpis_hub_task_status_from_string (current, &from) ||
      (from != data->status && !cpis_hub_task_status_can_become (from, data->status)))
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                   "Could not update the notification: it cannot go from %s to %s",
                   current, status);
      return FALSE;
    }

  if (!resolve_owner (conn, data, &team_id, &user_id, error))
    return FALSE;

  version++;

  /* Who made it, as they are now */
  if (!_cpis_hub_store_conn_exec (conn, "record the version",
                                  "INSERT INTO notification_versions"
                                  " (notification_seq, version, status, status_reason,"
                                  "  business_status, owner_kind, owner_team_id, owner_user_id,"
                                  "  modified_usec, modified_by_user_id, modified_by_role_id,"
                                  "  modified_by_name)"
                                  " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, u.id,"
                                  "  u.practitioner_role_id, u.full_name"
                                  " FROM users u WHERE u.id = ?10",
                                  STORE_PARAMS (STORE_INT64 (seq), STORE_INT64 (version),
                                                STORE_TEXT (status),
                                                text_or_null (data->status_reason),
                                                text_or_null (data->business_status),
                                                STORE_TEXT (owner_kind), id_or_null (team_id),
                                                id_or_null (user_id),
                                                STORE_INT64 (data->modified_usec),
                                                STORE_INT64 (data->user_id)),
                                  error))
    return FALSE;

  if (sqlite3_changes (conn->db) != 1)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                   "There is no user with id %" G_GINT64_FORMAT, data->user_id);
      return FALSE;
    }

  for (guint i = 0; data->new_notes != NULL && data->new_notes[i] != NULL; i++)
    {
      if (!_cpis_hub_store_conn_exec (conn, "add the note",
                                      "INSERT INTO notification_notes"
                                      " (notification_seq, position, version, author_user_id,"
                                      "  author_role_id, author_name, time_usec, text)"
                                      " SELECT ?1, (SELECT count(*) + 1 FROM notification_notes"
                                      "             WHERE notification_seq = ?1),"
                                      "  ?2, u.id, u.practitioner_role_id, u.full_name, ?3, ?4"
                                      " FROM users u WHERE u.id = ?5",
                                      STORE_PARAMS (STORE_INT64 (seq), STORE_INT64 (version),
                                                    STORE_INT64 (data->modified_usec),
                                                    STORE_TEXT (data->new_notes[i]),
                                                    STORE_INT64 (data->user_id)),
                                      error))
        return FALSE;
    }

  /* The row's copy of the current version; a final one refuses (trigger) */
  if (!_cpis_hub_store_conn_exec (conn, "update the notification",
                                  "UPDATE notifications SET version = ?2, status = ?3,"
                                  " status_reason = ?4, business_status = ?5, owner_kind = ?6,"
                                  " owner_team_id = ?7, owner_user_id = ?8,"
                                  " last_modified_usec = ?9"
                                  " WHERE seq = ?1",
                                  STORE_PARAMS (STORE_INT64 (seq), STORE_INT64 (version),
                                                STORE_TEXT (status),
                                                text_or_null (data->status_reason),
                                                text_or_null (data->business_status),
                                                STORE_TEXT (owner_kind), id_or_null (team_id),
                                                id_or_null (user_id),
                                                STORE_INT64 (data->modified_usec)),
                                  error))
    return FALSE;

  /* "notification-changed" Subscriptions of the LA hear of it once this commits */
  if (!_cpis_hub_store_raise_events (conn, job, data->task_id, version, data->modified_usec,
                                     error))
    return FALSE;

  job->out_id = version;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Public API: teams */

gboolean
cpis_hub_store_put_team (CpisHubStore  *self,
                         const char    *la_ods_code,
                         const char    *code,
                         const char    *name,
                         GError       **error)
{
  TeamData *data;
  StoreJob job = { .run = put_team_run, .table = "teams" };
  gboolean ok;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (la_ods_code != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_new0 (TeamData, 1);
  data->la_ods_code = g_strdup (la_ods_code);
  data->code = g_strdup (code);
  data->name = g_strdup (name);
  job.data = data;
  ok = _cpis_hub_store_run_sync (self, &job, error);
  team_data_free (data);

  return ok;
}

GPtrArray *
cpis_hub_store_list_teams (CpisHubStore  *self,
                           const char    *la_ods_code,
                           GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_all (self, "list the teams",
                                   "SELECT t.id, t.code, t.name, la.ods_code FROM teams t"
                                   " JOIN organisations la ON la.id = t.la_id"
                                   " WHERE ?1 IS NULL OR la.ods_code = ?1"
                                   " ORDER BY la.ods_code, t.code",
                                   STORE_PARAMS (text_or_null (la_ods_code)),
                                   team_from_row, (GDestroyNotify) cpis_hub_team_free, error);
}

CpisHubTeam *
cpis_hub_store_find_team (CpisHubStore  *self,
                          const char    *code,
                          GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_first (self, "find the team",
                                     "SELECT t.id, t.code, t.name, la.ods_code FROM teams t"
                                     " JOIN organisations la ON la.id = t.la_id"
                                     " WHERE t.code = ?1",
                                     STORE_PARAMS (STORE_TEXT (code)), team_from_row, NULL,
                                     error);
}

/* ------------------------------------------------------------------------ */
/* Public API: notifications */

GPtrArray *
cpis_hub_store_search_tasks (CpisHubStore             *self,
                             const CpisHubTaskSearch  *search,
                             guint                    *total,
                             GError                  **error)
{
  g_autoptr(GPtrArray) tasks = NULL;
  const char *owner_kind = NULL;
  gint64 count = 0;
  StoreValue params[N_TASK_SEARCH_PARAMS + 2];

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (search != NULL && search->la_ods_code != NULL, NULL);
  g_return_val_if_fail ((guint) search->sort < G_N_ELEMENTS (task_search_sql), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (search->has_owner)
    owner_kind = cpis_hub_task_owner_kind_to_string (search->owner_kind);

  params[0] = (StoreValue) STORE_TEXT (search->la_ods_code);
  params[1] = (StoreValue) STORE_INT64 (search->statuses);
  params[2] = text_or_null (search->code);
  params[3] = text_or_null (search->nhs_number);
  params[4] = text_or_null (owner_kind);
  params[5] = text_or_null (search->has_owner ? search->owner_ref : NULL);
  params[6] = (StoreValue) STORE_INT64 (search->authored_from_usec);
  params[7] = (StoreValue) STORE_INT64 (search->authored_before_usec);
  params[8] = (StoreValue) STORE_INT64 (search->updated_from_usec);
  params[9] = (StoreValue) STORE_INT64 (search->updated_before_usec);
  params[10] = (StoreValue) STORE_INT64 (search->out_of_area < 0 ? -1 : search->out_of_area != 0);
  params[11] = (StoreValue) STORE_INT64 (search->count);
  params[12] = (StoreValue) STORE_INT64 (search->offset);

  tasks = _cpis_hub_store_read_all_with (self, "search the notifications",
                                         task_search_sql[search->sort], params,
                                         G_N_ELEMENTS (params), task_from_row, NULL,
                                         (GDestroyNotify) cpis_hub_task_free, error);
  if (tasks == NULL)
    return NULL;

  /* the total: of the notifications alone unless the owner is asked for,
   * which only the joins tell */
  count = _cpis_hub_store_read_int64 (self, "count the notifications",
                                      search->has_owner ? "SELECT count(*)" TASK_FROM TASK_SEARCH_WHERE
                                                        : TASK_COUNT_SQL,
                                      params, N_TASK_SEARCH_PARAMS, error);
  if (count < 0)
    return NULL;

  if (!read_notes_of_all (self, tasks, error))
    return NULL;

  if (total != NULL)
    *total = (guint) MIN (count, G_MAXUINT);
  return g_steal_pointer (&tasks);
}

CpisHubTask *
cpis_hub_store_find_task (CpisHubStore  *self,
                          const char    *la_ods_code,
                          const char    *id,
                          gint64         version,
                          GError       **error)
{
  g_autoptr(CpisHubTask) task = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (la_ods_code != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  task = _cpis_hub_store_read_first (self, "find the notification",
                                     TASK_COLUMNS TASK_FROM
                                     " WHERE n.id = ?1 AND la.ods_code = ?2"
                                     " AND v.version = CASE WHEN ?3 > 0 THEN ?3 ELSE n.version END",
                                     STORE_PARAMS (STORE_TEXT (id), STORE_TEXT (la_ods_code),
                                                   STORE_INT64 (version)),
                                     task_from_row, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (task != NULL && !read_notes (self, task, error))
    return NULL;

  return g_steal_pointer (&task);
}

GPtrArray *
cpis_hub_store_list_task_versions (CpisHubStore  *self,
                                   const char    *la_ods_code,
                                   const char    *id,
                                   GError       **error)
{
  g_autoptr(GPtrArray) tasks = NULL;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (la_ods_code != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tasks = _cpis_hub_store_read_all (self, "list the notification's versions",
                                    TASK_COLUMNS TASK_FROM
                                    " WHERE n.id = ?1 AND la.ods_code = ?2"
                                    " ORDER BY v.version DESC",
                                    STORE_PARAMS (STORE_TEXT (id), STORE_TEXT (la_ods_code)),
                                    task_from_row, (GDestroyNotify) cpis_hub_task_free, error);
  if (tasks == NULL || !read_notes_of_all (self, tasks, error))
    return NULL;

  return g_steal_pointer (&tasks);
}

void
cpis_hub_store_update_task_async (CpisHubStore             *self,
                                  const CpisHubTaskUpdate  *update,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data)
{
  StoreJob *job;

  g_return_if_fail (CPIS_HUB_IS_STORE (self));
  g_return_if_fail (update != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = _cpis_hub_store_job_new (update_task_run, "notifications", update_data_new (update),
                                 update_data_free);
  _cpis_hub_store_run_async (self, job, cpis_hub_store_update_task_async, cancellable,
                             callback, user_data);
}

gboolean
cpis_hub_store_update_task_finish (CpisHubStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cpis_hub_store_update_task_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cpis_hub_store_update_task (CpisHubStore             *self,
                            const CpisHubTaskUpdate  *update,
                            GError                  **error)
{
  UpdateData *data;
  StoreJob job = { .run = update_task_run, .table = "notifications" };
  gboolean ok;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (update != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = update_data_new (update);
  job.data = data;
  ok = _cpis_hub_store_run_sync (self, &job, error);
  update_data_free (data);

  return ok;
}
