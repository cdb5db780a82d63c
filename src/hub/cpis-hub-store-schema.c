/* cpis-hub-store-schema.c: the hub database's schema, its migrations, and
 * how each connection is set up
 *
 * Files: one database in WAL mode, synchronous=FULL, foreign keys on. The
 * schema version lives in PRAGMA user_version; migrations[] below brings an
 * older file up to date, one transaction per step, and a file newer than
 * this program is refused (CPIS_HUB_STORE_ERROR_TOO_NEW) before anything in
 * it is touched.
 */
#include "cpis-hub-store-private.h"

/* ------------------------------------------------------------------------ */
/* Schema */

typedef struct
{
  int         version;
  const char *sql;
} StoreMigration;

/* Ordered; version N is at index N - 1. Never edit a released step: add one. */
static const StoreMigration migrations[] = {
  { 1,
    "CREATE TABLE organisations ("
    "  id              INTEGER PRIMARY KEY,"
    "  ods_code        TEXT NOT NULL UNIQUE,"
    "  name            TEXT NOT NULL,"
    "  kind            TEXT NOT NULL"
    "                  CHECK (kind IN ('local-authority', 'unscheduled-care', 'scheduled-care')),"
    "  phone_office    TEXT,"
    "  phone_emergency TEXT,"
    "  area            TEXT"
    ");"
    "CREATE TABLE users ("
    "  id                   INTEGER PRIMARY KEY,"
    "  username             TEXT NOT NULL UNIQUE,"
    "  password_hash        TEXT NOT NULL,"
    "  role                 TEXT NOT NULL"
    "                       CHECK (role IN ('clinician', 'social-worker', 'partnership-officer', 'administrator')),"
    "  organisation_id      INTEGER NOT NULL REFERENCES organisations (id),"
    "  full_name            TEXT NOT NULL,"
    "  job_role_code        TEXT,"
    "  job_role_display     TEXT,"
    "  practitioner_role_id TEXT NOT NULL UNIQUE,"
    "  role_profile_id      TEXT NOT NULL"
    ");"
    "CREATE INDEX users_organisation ON users (organisation_id);"
    "CREATE TABLE tokens ("
    "  token_hash   TEXT PRIMARY KEY,"
    "  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
    "  expires_usec INTEGER NOT NULL,"
    "  revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))"
    ") WITHOUT ROWID;"
    "CREATE INDEX tokens_user ON tokens (user_id);"
    "CREATE TABLE patients ("
    "  nhs_number    TEXT PRIMARY KEY,"
    "  family_name   TEXT,"
    "  given_name    TEXT,"
    "  date_of_birth TEXT,"
    "  gender        TEXT,"
    "  postcode      TEXT"
    ") WITHOUT ROWID;"
    "CREATE TABLE plans ("
    "  id            TEXT PRIMARY KEY,"
    "  nhs_number    TEXT NOT NULL,"
    "  plan_type     TEXT NOT NULL CHECK (plan_type IN ('CPP', 'LAC', 'UCPP')),"
    "  start_date    TEXT NOT NULL,"
    "  end_date      TEXT,"
    "  due_date      TEXT,"
    "  subject_name  TEXT,"
    "  date_of_birth TEXT,"
    "  la_id         INTEGER NOT NULL REFERENCES organisations (id),"
    "  UNIQUE (nhs_number, plan_type, la_id, start_date)"
    ");"
    /* The child's plans, oldest start first, without a sort */
    "CREATE INDEX plans_nhs_number ON plans (nhs_number, start_date);"
    "CREATE INDEX plans_la ON plans (la_id);"
    /* seq is the insertion order: it breaks ties between accesses recorded
     * in the same microsecond, and (unlike a bare rowid) survives VACUUM. */
    "CREATE TABLE accesses ("
    "  seq                  INTEGER PRIMARY KEY,"
    "  id                   TEXT NOT NULL UNIQUE,"
    "  nhs_number           TEXT NOT NULL,"
    "  recorded_usec        INTEGER NOT NULL,"
    "  user_id              INTEGER NOT NULL REFERENCES users (id),"
    "  practitioner_role_id TEXT NOT NULL,"
    "  viewer_name          TEXT NOT NULL,"
    "  job_role_code        TEXT,"
    "  job_role_display     TEXT,"
    "  role_profile_id      TEXT,"
    "  org_ods_code         TEXT NOT NULL,"
    "  org_name             TEXT NOT NULL"
    ");"
    /* Ascending, read backwards: the entries of one child come out as
     * (recorded_usec DESC, seq DESC), the history's order, with no sort
     * (a DESC column here would need a sort for the seq tie-break). */
    "CREATE INDEX accesses_nhs_number ON accesses (nhs_number, recorded_usec);"
    "CREATE INDEX accesses_user ON accesses (user_id);"
    "CREATE TABLE notifications ("
    "  id           TEXT PRIMARY KEY,"
    "  access_id    TEXT NOT NULL REFERENCES accesses (id),"
    "  la_id        INTEGER NOT NULL REFERENCES organisations (id),"
    "  status       TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested')),"
    "  created_usec INTEGER NOT NULL"
    ");"
    "CREATE INDEX notifications_la ON notifications (la_id, status);"
    "CREATE INDEX notifications_access ON notifications (access_id);" },
  /* Demographics in the shape of PDS: a restricted (sensitive) flag, the
   * current number of a superseded one, and a version for meta.versionId.
   * No foreign key for superseded_by: an import checks it, and a row can
   * then be written before the row it points to. */
  { 2,
    "ALTER TABLE patients ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0"
    "  CHECK (restricted IN (0, 1));"
    "ALTER TABLE patients ADD COLUMN superseded_by TEXT"
    "  CHECK (superseded_by IS NULL OR superseded_by <> nhs_number);"
    "ALTER TABLE patients ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
    /* A search names a date of birth and a gender: a handful of rows each */
    "CREATE INDEX patients_birth ON patients (date_of_birth, gender);" },
};

#define LATEST_SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

/* ------------------------------------------------------------------------ */
/* Migrating */

static gboolean
read_user_version (StoreConn  *conn,
                   int        *version,
                   GError    **error)
{
  gint64 value = 0;
  int found = _cpis_hub_store_conn_int64 (conn, "read the schema version", "PRAGMA user_version",
                                          STORE_NO_PARAMS, &value, error);

  if (found == 0)
    g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                         "Could not read the schema version");
  if (found != 1)
    return FALSE;

  *version = (int) value;
  return TRUE;
}

static gboolean
check_not_too_new (int       version,
                   GError  **error)
{
  if (version <= LATEST_SCHEMA_VERSION)
    return TRUE;

  g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_TOO_NEW,
               "The hub database has schema version %d, but this program knows "
               "only versions up to %d; use a newer cpis-hub",
               version, LATEST_SCHEMA_VERSION);
  return FALSE;
}

static gboolean
apply_migration (StoreConn             *conn,
                 const StoreMigration  *migration,
                 int                   *version,
                 GError               **error)
{
  g_autofree char *set_version = NULL;
  int current;
  int rc;

  if (!_cpis_hub_store_conn_exec (conn, "start a schema upgrade", "BEGIN IMMEDIATE",
                                  STORE_NO_PARAMS, error))
    return FALSE;

  /* Another process may have migrated while we waited for the lock */
  if (!read_user_version (conn, &current, error) || !check_not_too_new (current, error))
    goto fail;

  if (current < migration->version)
    {
      rc = sqlite3_exec (conn->db, migration->sql, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          _cpis_hub_store_set_sqlite_error (error, conn->db, rc, "upgrade the database schema");
          goto fail;
        }

      /* A pragma takes no parameters: formatted from our own constant */
      set_version = g_strdup_printf ("PRAGMA user_version = %d", migration->version);
      rc = sqlite3_exec (conn->db, set_version, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          _cpis_hub_store_set_sqlite_error (error, conn->db, rc, "record the schema version");
          goto fail;
        }
      current = migration->version;
    }

  if (!_cpis_hub_store_conn_exec (conn, "commit a schema upgrade", "COMMIT", STORE_NO_PARAMS,
                                  error))
    goto fail;

  *version = current;
  return TRUE;

fail:
  _cpis_hub_store_conn_rollback_if_open (conn);
  return FALSE;
}

static gboolean
migrate (StoreConn  *conn,
         int        *version,
         GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      g_assert (migrations[i].version == (int) i + 1);

      if (migrations[i].version <= *version)
        continue;

      if (!apply_migration (conn, &migrations[i], version, error))
        return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Connections */

static gboolean
set_journal_mode_wal (StoreConn  *conn,
                      GError    **error)
{
  g_autofree char *mode = NULL;
  int found = _cpis_hub_store_conn_first (conn, "switch to write-ahead logging",
                                          "PRAGMA journal_mode = WAL", STORE_NO_PARAMS,
                                          _cpis_hub_store_text_from_row, NULL,
                                          (gpointer *) &mode, error);

  if (found == 0)
    g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                         "Could not switch to write-ahead logging");
  if (found != 1)
    return FALSE;

  if (mode == NULL || g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                           "The hub database cannot use write-ahead logging "
                           "(is it on a network file system?)");
      return FALSE;
    }

  return TRUE;
}

static gboolean
exec_pragma (StoreConn   *conn,
             const char  *sql,
             GError     **error)
{
  int rc = sqlite3_exec (conn->db, sql, NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    return TRUE;

  _cpis_hub_store_set_sqlite_error (error, conn->db, rc, "set up the database connection");
  return FALSE;
}

StoreConn *
_cpis_hub_store_open_write_conn (const char  *path,
                                 int         *version,
                                 GError     **error)
{
  StoreConn *conn = _cpis_hub_store_conn_open (path, error);

  *version = 0;
  if (conn == NULL)
    return NULL;

  /* Refuse a newer file before changing anything in it (even its journal mode) */
  if (!read_user_version (conn, version, error) ||
      !check_not_too_new (*version, error) ||
      !set_journal_mode_wal (conn, error) ||
      !exec_pragma (conn, "PRAGMA synchronous = FULL", error) ||
      !exec_pragma (conn, "PRAGMA foreign_keys = ON", error) ||
      !migrate (conn, version, error))
    {
      _cpis_hub_store_conn_free (conn);
      return NULL;
    }

  return conn;
}

StoreConn *
_cpis_hub_store_open_read_conn (const char  *path,
                                GError     **error)
{
  StoreConn *conn = _cpis_hub_store_conn_open (path, error);

  if (conn == NULL)
    return NULL;

  if (!exec_pragma (conn, "PRAGMA query_only = ON", error) ||
      !exec_pragma (conn, "PRAGMA foreign_keys = ON", error))
    {
      _cpis_hub_store_conn_free (conn);
      return NULL;
    }

  return conn;
}
