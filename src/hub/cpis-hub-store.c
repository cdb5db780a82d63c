/* cpis-hub-store.c: the hub's database (SQLite)
 *
 * Files: one database in WAL mode, synchronous=FULL, foreign keys on. The
 * schema version lives in PRAGMA user_version; migrations[] below brings an
 * older file up to date, one transaction per step, and a file newer than
 * this program is refused (CPIS_HUB_STORE_ERROR_TOO_NEW) before anything in
 * it is touched.
 *
 * Connections and threads:
 *
 *  - The read connection serves every find/list/count call, from any
 *    thread, one at a time under read_mutex. WAL lets it read the last
 *    committed state while the writer is busy. It is query_only.
 *
 *  - The write connection belongs to the writer thread; no other thread
 *    touches it once the store is open. EVERY write goes through the
 *    writer's queue: the _async calls queue a job with a GTask, and the
 *    synchronous writers (put_organisation, add_user, put_patient,
 *    put_plan, record_access) queue the same kind of job without a task and
 *    wait on done_cond until the writer has committed it. So there is no
 *    second lock on the write connection, and the synchronous writers join
 *    the same group commits as everyone else.
 *
 *  - Group commit: the writer sleeps until a job is queued, then takes it
 *    and whatever else is waiting (up to BATCH_MAX), and runs them all in
 *    one BEGIN IMMEDIATE … COMMIT, each job inside its own SAVEPOINT so
 *    that a job that fails rolls back only itself. Only after COMMIT has
 *    returned (and so, with synchronous=FULL, after the fsync) does it
 *    complete the jobs: g_task_return_*() delivers the callback on the
 *    GMainContext where the task was created, and synchronous callers are
 *    woken. If BEGIN or COMMIT fails, every job of the batch fails. The
 *    main loop never waits for the disk.
 *
 * Every value reaches SQLite through a bound parameter of a statement that
 * is prepared once per connection (the cache in StoreConn). The only SQL
 * text not written out literally is the user_version pragma of a
 * migration, which is formatted from the migration's own number.
 *
 * Each connection has two SQL functions of the store's own, for the
 * demographics search: cpis_name_key() and cpis_postcode_key() (see
 * register_key_functions). The schema never depends on them (no index or
 * view uses them), so the file stays usable from the sqlite3 shell.
 *
 * Error messages name what failed, never the patient: no names, no dates of
 * birth, no NHS numbers.
 */
#include "cpis-hub-store.h"

#include <sqlite3.h>
#include <string.h>

#include "cpis-plan-type.h"
#include "cpis-uuid.h"

#define BATCH_MAX         512
#define BUSY_TIMEOUT_MSEC 10000

typedef struct
{
  sqlite3    *db;
  GHashTable *statements;   /* SQL text → sqlite3_stmt (prepared once) */
} StoreConn;

typedef struct _StoreJob StoreJob;

/* Runs on the writer thread, inside the job's SAVEPOINT. Writes its results
 * into @job (out_id, out_text); never into the caller's structures, which
 * are only updated once the batch is committed. */
typedef gboolean (*StoreJobFunc) (StoreConn  *conn,
                                  StoreJob   *job,
                                  GError    **error);

struct _StoreJob
{
  StoreJobFunc    run;
  gpointer        data;
  GDestroyNotify  data_free;
  gboolean        returns_text;  /* the GTask returns out_text, else a boolean */

  GTask          *task;          /* async jobs; NULL for synchronous ones */
  gboolean        done;          /* synchronous jobs: set under queue_mutex */

  GError         *error;
  gint64          out_id;
  gint64          out_id2;
  char           *out_text;
};

struct _CpisHubStore
{
  GObject     parent_instance;

  char       *path;
  int         schema_version;

  GMutex      read_mutex;
  StoreConn  *read_conn;        /* under read_mutex; NULL once closed */

  StoreConn  *write_conn;       /* the writer thread's (opener's before it starts) */
  GThread    *writer;

  GMutex      queue_mutex;
  GCond       queue_cond;       /* a job was queued */
  GCond       done_cond;        /* a synchronous job was completed */
  GQueue      queue;
  gboolean    closing;          /* no more jobs accepted */

  GMutex      close_mutex;
  guint64     n_batches;        /* writer thread only; for debugging output */
};

static void cpis_hub_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_TYPE_WITH_CODE (CpisHubStore, cpis_hub_store, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                cpis_hub_store_initable_iface_init))

G_DEFINE_QUARK (cpis-hub-store-error-quark, cpis_hub_store_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_SCHEMA_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Queued by close: the writer stops when it reaches it */
static char stop_sentinel;

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

#define ORG_COLUMNS \
  "o.id, o.ods_code, o.name, o.kind, o.phone_office, o.phone_emergency, o.area"
#define N_ORG_COLUMNS 7

#define PATIENT_COLUMNS \
  "p.nhs_number, p.family_name, p.given_name, p.date_of_birth, p.gender, p.postcode, " \
  "p.restricted, p.superseded_by, p.version"

/* How many superseded numbers in a row a read follows to the current one */
#define MAX_SUPERSEDED_HOPS 8

#define USER_COLUMNS \
  "u.id, u.username, u.role, u.full_name, u.job_role_code, u.job_role_display, " \
  "u.practitioner_role_id, u.role_profile_id, " ORG_COLUMNS
#define N_USER_COLUMNS (8 + N_ORG_COLUMNS)

/* ------------------------------------------------------------------------ */
/* Statements */

static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  int          rc,
                  const char  *what)
{
  CpisHubStoreError code = CPIS_HUB_STORE_ERROR_FAILED;

  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    code = CPIS_HUB_STORE_ERROR_EXISTS;
  else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    code = CPIS_HUB_STORE_ERROR_NOT_FOUND;

  /* SQLite's messages name tables, columns and constraints, never values */
  g_set_error (error, CPIS_HUB_STORE_ERROR, code,
               "Could not %s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
store_conn_free (StoreConn *conn)
{
  if (conn == NULL)
    return;

  /* Statements first: a connection with live statements cannot close */
  g_clear_pointer (&conn->statements, g_hash_table_unref);
  if (conn->db != NULL)
    {
      int rc = sqlite3_close (conn->db);

      if (rc != SQLITE_OK)
        g_warning ("Could not close the hub database: %s", sqlite3_errstr (rc));
    }
  g_free (conn);
}

/* Trimmed, NFC-normalised and case-folded: "  O'BRIEN " and "o'brien" have
 * the same key (SQLite's own lower() and NOCASE know only ASCII) */
static char *
name_key (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *normalised = g_utf8_normalize (trimmed, -1, G_NORMALIZE_DEFAULT_COMPOSE);

  if (normalised == NULL)
    return NULL;  /* not UTF-8: matches nothing */
  return g_utf8_casefold (normalised, -1);
}

/* A name key without any white space: "ln1 2ab" and "LN12AB" match */
static char *
postcode_key (const char *text)
{
  g_autofree char *key = name_key (text);
  GString *compact;

  if (key == NULL)
    return NULL;

  compact = g_string_sized_new (strlen (key));
  for (const char *p = key; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (compact, c);
    }
  return g_string_free (compact, FALSE);
}

/* Sets the result of an SQL key function: @make_key of its one argument, or
 * NULL (which equals nothing) for a NULL or a value that is not text */
static void
result_key (sqlite3_context  *context,
            sqlite3_value    *arg,
            char           *(*make_key) (const char *text))
{
  const char *text = NULL;
  char *key = NULL;

  if (sqlite3_value_type (arg) == SQLITE_TEXT)
    text = (const char *) sqlite3_value_text (arg);
  if (text != NULL)
    key = make_key (text);

  if (key == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, key, -1, g_free);
}

static void
sql_name_key (sqlite3_context  *context,
              int               n_args,
              sqlite3_value   **args)
{
  result_key (context, args[0], name_key);
}

static void
sql_postcode_key (sqlite3_context  *context,
                  int               n_args,
                  sqlite3_value   **args)
{
  result_key (context, args[0], postcode_key);
}

static int
register_key_functions (sqlite3 *db)
{
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc;

  rc = sqlite3_create_function_v2 (db, "cpis_name_key", 1, flags, NULL,
                                   sql_name_key, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (db, "cpis_postcode_key", 1, flags, NULL,
                                     sql_postcode_key, NULL, NULL, NULL);
  return rc;
}

static StoreConn *
store_conn_open (const char  *path,
                 GError     **error)
{
  StoreConn *conn = g_new0 (StoreConn, 1);
  int rc;

  conn->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);

  /* NOMUTEX: each connection is used by one thread at a time (see the top) */
  rc = sqlite3_open_v2 (path, &conn->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, conn->db, rc, "open the hub database");
      store_conn_free (conn);
      return NULL;
    }

  sqlite3_extended_result_codes (conn->db, 1);
  sqlite3_busy_timeout (conn->db, BUSY_TIMEOUT_MSEC);

  rc = register_key_functions (conn->db);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, conn->db, rc, "set up the database connection");
      store_conn_free (conn);
      return NULL;
    }

  return conn;
}

/* A statement from the connection's cache. Declare it g_autoptr(StoreStmt):
 * leaving the scope resets it and clears its bindings (it stays prepared),
 * which also ends the read transaction it may hold. */
typedef sqlite3_stmt StoreStmt;

static void
store_stmt_release (StoreStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreStmt, store_stmt_release)

static StoreStmt *
store_conn_statement (StoreConn   *conn,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, conn->db, rc, "prepare a database statement");
      return NULL;
    }

  /* The key is the caller's static string */
  g_hash_table_insert (conn->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Binders: each does nothing once *rc holds an error, so a run of binds
 * needs one check at the end (bind_check). */
static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text,
           int          *rc)
{
  if (*rc != SQLITE_OK)
    return;

  if (text == NULL)
    *rc = sqlite3_bind_null (stmt, index);
  else
    *rc = sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static void
bind_int64 (sqlite3_stmt *stmt,
            int           index,
            gint64        value,
            int          *rc)
{
  if (*rc == SQLITE_OK)
    *rc = sqlite3_bind_int64 (stmt, index, value);
}

static gboolean
bind_check (StoreConn   *conn,
            int          rc,
            const char  *what,
            GError     **error)
{
  if (rc == SQLITE_OK)
    return TRUE;

  set_sqlite_error (error, conn->db, rc, what);
  return FALSE;
}

/* Steps a statement that returns no rows */
static gboolean
step_done (StoreConn     *conn,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;

  if (rc == SQLITE_ROW)
    g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                 "Could not %s: the database returned an unexpected row", what);
  else
    set_sqlite_error (error, conn->db, rc, what);
  return FALSE;
}

/* 1: a row is ready; 0: no more rows; -1: @error is set */
static int
step_row (StoreConn     *conn,
          sqlite3_stmt  *stmt,
          const char    *what,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;

  set_sqlite_error (error, conn->db, rc, what);
  return -1;
}

/* Runs a cached statement that takes no parameters and returns no rows */
static gboolean
exec_cached (StoreConn   *conn,
             const char  *sql,
             const char  *what,
             GError     **error)
{
  g_autoptr(StoreStmt) stmt = store_conn_statement (conn, sql, error);

  return stmt != NULL && step_done (conn, stmt, what, error);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* ------------------------------------------------------------------------ */
/* Rows → records */

static CpisHubOrganisation *
organisation_from_row (sqlite3_stmt *stmt,
                       int           first)
{
  CpisHubOrganisation *org = g_new0 (CpisHubOrganisation, 1);
  const char *kind = (const char *) sqlite3_column_text (stmt, first + 3);

  org->id = sqlite3_column_int64 (stmt, first);
  org->ods_code = column_dup (stmt, first + 1);
  org->name = column_dup (stmt, first + 2);
  if (!cpis_hub_org_kind_from_string (kind, &org->kind))
    {
      /* The schema's CHECK makes this unreachable; fail towards silence */
      g_warning ("Organisation %" G_GINT64_FORMAT " has an unknown kind", org->id);
      org->kind = CPIS_HUB_ORG_KIND_SCHEDULED_CARE;
    }
  org->phone_office = column_dup (stmt, first + 4);
  org->phone_emergency = column_dup (stmt, first + 5);
  org->area = column_dup (stmt, first + 6);

  return org;
}

/* PATIENT_COLUMNS from @first */
static CpisHubPatient *
patient_from_row (sqlite3_stmt *stmt,
                  int           first)
{
  CpisHubPatient *patient = g_new0 (CpisHubPatient, 1);

  patient->nhs_number = column_dup (stmt, first);
  patient->family_name = column_dup (stmt, first + 1);
  patient->given_name = column_dup (stmt, first + 2);
  patient->date_of_birth = column_dup (stmt, first + 3);
  patient->gender = column_dup (stmt, first + 4);
  patient->postcode = column_dup (stmt, first + 5);
  patient->restricted = sqlite3_column_int (stmt, first + 6) != 0;
  patient->superseded_by = column_dup (stmt, first + 7);
  patient->version = sqlite3_column_int64 (stmt, first + 8);

  return patient;
}

static CpisHubUser *
user_from_row (sqlite3_stmt *stmt)
{
  CpisHubUser *user = g_new0 (CpisHubUser, 1);
  const char *role = (const char *) sqlite3_column_text (stmt, 2);

  user->id = sqlite3_column_int64 (stmt, 0);
  user->username = column_dup (stmt, 1);
  if (!cpis_hub_role_from_string (role, &user->role))
    {
      /* Unreachable through the CHECK; fail towards the least privilege */
      g_warning ("User %" G_GINT64_FORMAT " has an unknown role", user->id);
      user->role = CPIS_HUB_ROLE_CLINICIAN;
    }
  user->full_name = column_dup (stmt, 3);
  user->job_role_code = column_dup (stmt, 4);
  user->job_role_display = column_dup (stmt, 5);
  user->practitioner_role_id = column_dup (stmt, 6);
  user->role_profile_id = column_dup (stmt, 7);
  user->organisation = organisation_from_row (stmt, 8);

  return user;
}

/* ------------------------------------------------------------------------ */
/* Opening and migrating */

static gboolean
read_user_version (StoreConn  *conn,
                   int        *version,
                   GError    **error)
{
  g_autoptr(StoreStmt) stmt = store_conn_statement (conn, "PRAGMA user_version", error);

  if (stmt == NULL)
    return FALSE;

  if (step_row (conn, stmt, "read the schema version", error) != 1)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                             "Could not read the schema version");
      return FALSE;
    }

  *version = sqlite3_column_int (stmt, 0);
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

static void
rollback_if_open (StoreConn *conn)
{
  if (!sqlite3_get_autocommit (conn->db))
    {
      g_autoptr(GError) local_error = NULL;

      if (!exec_cached (conn, "ROLLBACK", "roll back", &local_error))
        g_warning ("%s", local_error->message);
    }
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

  if (!exec_cached (conn, "BEGIN IMMEDIATE", "start a schema upgrade", error))
    return FALSE;

  /* Another process may have migrated while we waited for the lock */
  if (!read_user_version (conn, &current, error) || !check_not_too_new (current, error))
    goto fail;

  if (current < migration->version)
    {
      rc = sqlite3_exec (conn->db, migration->sql, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (error, conn->db, rc, "upgrade the database schema");
          goto fail;
        }

      /* A pragma takes no parameters: formatted from our own constant */
      set_version = g_strdup_printf ("PRAGMA user_version = %d", migration->version);
      rc = sqlite3_exec (conn->db, set_version, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (error, conn->db, rc, "record the schema version");
          goto fail;
        }
      current = migration->version;
    }

  if (!exec_cached (conn, "COMMIT", "commit a schema upgrade", error))
    goto fail;

  *version = current;
  return TRUE;

fail:
  rollback_if_open (conn);
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

static gboolean
set_journal_mode_wal (StoreConn  *conn,
                      GError    **error)
{
  g_autoptr(StoreStmt) stmt = store_conn_statement (conn, "PRAGMA journal_mode = WAL", error);
  const char *mode;

  if (stmt == NULL)
    return FALSE;

  if (step_row (conn, stmt, "switch to write-ahead logging", error) != 1)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                             "Could not switch to write-ahead logging");
      return FALSE;
    }

  mode = (const char *) sqlite3_column_text (stmt, 0);
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

  set_sqlite_error (error, conn->db, rc, "set up the database connection");
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* The writer thread */

static void
store_job_free (StoreJob *job)
{
  if (job->data_free != NULL)
    g_clear_pointer (&job->data, job->data_free);
  g_clear_error (&job->error);
  g_clear_pointer (&job->out_text, g_free);
  g_clear_object (&job->task);
  g_free (job);
}

static void
store_job_complete (CpisHubStore *self,
                    StoreJob     *job)
{
  if (job->task != NULL)
    {
      GTask *task = g_steal_pointer (&job->task);

      if (job->error != NULL)
        g_task_return_error (task, g_steal_pointer (&job->error));
      else if (job->returns_text)
        g_task_return_pointer (task, g_steal_pointer (&job->out_text), g_free);
      else
        g_task_return_boolean (task, TRUE);

      /* Not the last reference: GTask keeps one until its callback has run
       * on the task's own context, so the store is never finalized here. */
      g_object_unref (task);
      store_job_free (job);
    }
  else
    {
      /* The waiting caller owns the job: touch nothing after this */
      g_mutex_lock (&self->queue_mutex);
      job->done = TRUE;
      g_cond_broadcast (&self->done_cond);
      g_mutex_unlock (&self->queue_mutex);
    }
}

static void
store_run_batch (CpisHubStore  *self,
                 StoreJob     **jobs,
                 guint          n_jobs)
{
  StoreConn *conn = self->write_conn;
  g_autoptr(GError) batch_error = NULL;

  self->n_batches++;

  if (exec_cached (conn, "BEGIN IMMEDIATE", "start a transaction", &batch_error))
    {
      for (guint i = 0; i < n_jobs && batch_error == NULL; i++)
        {
          StoreJob *job = jobs[i];
          GCancellable *cancellable = job->task != NULL ? g_task_get_cancellable (job->task) : NULL;

          /* Cancelled while queued: never run. Once run and committed, a
           * job reports success even if cancelled meanwhile (see
           * g_task_set_check_cancellable below): it did happen. */
          if (g_cancellable_set_error_if_cancelled (cancellable, &job->error))
            continue;

          if (!exec_cached (conn, "SAVEPOINT job", "start a savepoint", &batch_error))
            break;

          if (job->run (conn, job, &job->error))
            {
              exec_cached (conn, "RELEASE job", "release a savepoint", &batch_error);
              continue;
            }

          g_clear_pointer (&job->out_text, g_free);

          /* Some failures (disk full, I/O) roll back the whole transaction,
           * and with it the jobs before this one. */
          if (sqlite3_get_autocommit (conn->db))
            {
              g_set_error_literal (&batch_error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                                   "The database rolled back the transaction");
              break;
            }

          if (exec_cached (conn, "ROLLBACK TO job", "roll back a savepoint", &batch_error))
            exec_cached (conn, "RELEASE job", "release a savepoint", &batch_error);
        }

      if (batch_error == NULL)
        exec_cached (conn, "COMMIT", "commit a transaction", &batch_error);

      if (batch_error != NULL)
        rollback_if_open (conn);
    }

  for (guint i = 0; i < n_jobs; i++)
    {
      if (batch_error != NULL)
        {
          if (jobs[i]->error == NULL)
            jobs[i]->error = g_error_copy (batch_error);
          g_clear_pointer (&jobs[i]->out_text, g_free);
        }

      store_job_complete (self, jobs[i]);
    }
}

static gpointer
store_writer_thread (gpointer data)
{
  CpisHubStore *self = data;   /* close() joins this thread before finalize */
  gboolean stop = FALSE;
  StoreJob **jobs = g_new (StoreJob *, BATCH_MAX);

  while (!stop)
    {
      guint n_jobs = 0;

      g_mutex_lock (&self->queue_mutex);
      while (g_queue_is_empty (&self->queue))
        g_cond_wait (&self->queue_cond, &self->queue_mutex);

      while (n_jobs < BATCH_MAX && !g_queue_is_empty (&self->queue))
        {
          gpointer job = g_queue_pop_head (&self->queue);

          if (job == &stop_sentinel)
            {
              /* close() queues it last, after setting closing */
              stop = TRUE;
              break;
            }
          jobs[n_jobs++] = job;
        }
      g_mutex_unlock (&self->queue_mutex);

      if (n_jobs > 0)
        store_run_batch (self, jobs, n_jobs);
    }

  g_debug ("Hub store writer: %" G_GUINT64_FORMAT " group commits", self->n_batches);
  g_free (jobs);
  return NULL;
}

static void
set_closed_error (GError **error)
{
  g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_CLOSED,
                       "The hub store is closed");
}

static gboolean
store_enqueue (CpisHubStore  *self,
               StoreJob      *job,
               GError       **error)
{
  g_mutex_lock (&self->queue_mutex);
  if (self->closing || self->writer == NULL)
    {
      g_mutex_unlock (&self->queue_mutex);
      set_closed_error (error);
      return FALSE;
    }

  g_queue_push_tail (&self->queue, job);
  g_cond_signal (&self->queue_cond);
  g_mutex_unlock (&self->queue_mutex);
  return TRUE;
}

/* Queues @job (the caller's, usually on its stack) and waits until its
 * batch is committed or has failed. */
static gboolean
store_run_sync (CpisHubStore  *self,
                StoreJob      *job,
                GError       **error)
{
  if (!store_enqueue (self, job, error))
    return FALSE;

  g_mutex_lock (&self->queue_mutex);
  while (!job->done)
    g_cond_wait (&self->done_cond, &self->queue_mutex);
  g_mutex_unlock (&self->queue_mutex);

  if (job->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->error));
      g_clear_pointer (&job->out_text, g_free);
      return FALSE;
    }

  return TRUE;
}

/* Takes @job (heap-allocated, with data it owns) */
static void
store_run_async (CpisHubStore        *self,
                 StoreJob            *job,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GError *error = NULL;

  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  g_task_set_check_cancellable (job->task, FALSE);

  if (!store_enqueue (self, job, &error))
    {
      g_task_return_error (job->task, error);
      store_job_free (job);
    }
}

/* ------------------------------------------------------------------------ */
/* Jobs */

static gboolean
missing_field (GError     **error,
               const char  *what)
{
  g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
               "Could not store the record: %s is missing", what);
  return FALSE;
}

/* 1 and the id if found, 0 if not, -1 on error */
static int
lookup_organisation_id (StoreConn   *conn,
                        const char  *ods_code,
                        gint64      *id,
                        GError     **error)
{
  g_autoptr(StoreStmt) stmt = NULL;
  int rc = SQLITE_OK;
  int found;

  stmt = store_conn_statement (conn, "SELECT id FROM organisations WHERE ods_code = ?1", error);
  if (stmt == NULL)
    return -1;

  bind_text (stmt, 1, ods_code, &rc);
  if (!bind_check (conn, rc, "look up an organisation", error))
    return -1;

  found = step_row (conn, stmt, "look up an organisation", error);
  if (found == 1)
    *id = sqlite3_column_int64 (stmt, 0);
  return found;
}

static gboolean
put_organisation_run (StoreConn  *conn,
                      StoreJob   *job,
                      GError    **error)
{
  const CpisHubOrganisation *org = job->data;
  const char *kind = cpis_hub_org_kind_to_string (org->kind);
  g_autoptr(StoreStmt) stmt = NULL;
  int rc = SQLITE_OK;

  if (kind == NULL)
    return missing_field (error, "a known organisation kind");

  stmt = store_conn_statement (conn,
                               "INSERT INTO organisations"
                               " (ods_code, name, kind, phone_office, phone_emergency, area)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                               " ON CONFLICT (ods_code) DO UPDATE SET"
                               "  name = excluded.name, kind = excluded.kind,"
                               "  phone_office = excluded.phone_office,"
                               "  phone_emergency = excluded.phone_emergency,"
                               "  area = excluded.area"
                               " RETURNING id",
                               error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, org->ods_code, &rc);
  bind_text (stmt, 2, org->name, &rc);
  bind_text (stmt, 3, kind, &rc);
  bind_text (stmt, 4, org->phone_office, &rc);
  bind_text (stmt, 5, org->phone_emergency, &rc);
  bind_text (stmt, 6, org->area, &rc);
  if (!bind_check (conn, rc, "store the organisation", error))
    return FALSE;

  if (step_row (conn, stmt, "store the organisation", error) != 1)
    return FALSE;
  job->out_id = sqlite3_column_int64 (stmt, 0);

  return step_done (conn, stmt, "store the organisation", error);
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
  const char *role = cpis_hub_role_to_string (user->role);
  g_autoptr(StoreStmt) taken = NULL;
  g_autoptr(StoreStmt) insert = NULL;
  gint64 org_id = 0;
  int rc = SQLITE_OK;
  int found;

  if (role == NULL)
    return missing_field (error, "a known role");

  found = lookup_organisation_id (conn, user->organisation->ods_code, &org_id, error);
  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                   "There is no organisation with ODS code “%s”",
                   user->organisation->ods_code);
      return FALSE;
    }

  taken = store_conn_statement (conn, "SELECT 1 FROM users WHERE username = ?1", error);
  if (taken == NULL)
    return FALSE;
  bind_text (taken, 1, user->username, &rc);
  if (!bind_check (conn, rc, "look up the username", error))
    return FALSE;
  found = step_row (conn, taken, "look up the username", error);
  if (found < 0)
    return FALSE;
  if (found == 1)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_EXISTS,
                   "The username “%s” is already taken", user->username);
      return FALSE;
    }

  insert = store_conn_statement (conn,
                                 "INSERT INTO users"
                                 " (username, password_hash, role, organisation_id, full_name,"
                                 "  job_role_code, job_role_display, practitioner_role_id,"
                                 "  role_profile_id)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                                 " RETURNING id",
                                 error);
  if (insert == NULL)
    return FALSE;

  bind_text (insert, 1, user->username, &rc);
  bind_text (insert, 2, data->password_hash, &rc);
  bind_text (insert, 3, role, &rc);
  bind_int64 (insert, 4, org_id, &rc);
  bind_text (insert, 5, user->full_name, &rc);
  bind_text (insert, 6, user->job_role_code, &rc);
  bind_text (insert, 7, user->job_role_display, &rc);
  bind_text (insert, 8, data->practitioner_role_id, &rc);
  bind_text (insert, 9, data->role_profile_id, &rc);
  if (!bind_check (conn, rc, "add the user", error))
    return FALSE;

  if (step_row (conn, insert, "add the user", error) != 1)
    return FALSE;
  job->out_id = sqlite3_column_int64 (insert, 0);
  job->out_id2 = org_id;

  return step_done (conn, insert, "add the user", error);
}

typedef struct
{
  char   *token_hash;
  gint64  user_id;
  gint64  expires_usec;
} TokenData;

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
  g_autoptr(StoreStmt) user = NULL;
  g_autoptr(StoreStmt) insert = NULL;
  int rc = SQLITE_OK;
  int found;

  user = store_conn_statement (conn, "SELECT 1 FROM users WHERE id = ?1", error);
  if (user == NULL)
    return FALSE;
  bind_int64 (user, 1, data->user_id, &rc);
  if (!bind_check (conn, rc, "look up the user", error))
    return FALSE;
  found = step_row (conn, user, "look up the user", error);
  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                   "There is no user with id %" G_GINT64_FORMAT, data->user_id);
      return FALSE;
    }

  insert = store_conn_statement (conn,
                                 "INSERT INTO tokens (token_hash, user_id, expires_usec, revoked)"
                                 " VALUES (?1, ?2, ?3, 0)",
                                 error);
  if (insert == NULL)
    return FALSE;

  bind_text (insert, 1, data->token_hash, &rc);
  bind_int64 (insert, 2, data->user_id, &rc);
  bind_int64 (insert, 3, data->expires_usec, &rc);
  if (!bind_check (conn, rc, "store the token", error))
    return FALSE;

  return step_done (conn, insert, "store the token", error);
}

static gboolean
revoke_token_run (StoreConn  *conn,
                  StoreJob   *job,
                  GError    **error)
{
  const TokenData *data = job->data;
  g_autoptr(StoreStmt) stmt = NULL;
  int rc = SQLITE_OK;

  stmt = store_conn_statement (conn, "UPDATE tokens SET revoked = 1 WHERE token_hash = ?1", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, data->token_hash, &rc);
  if (!bind_check (conn, rc, "revoke the token", error))
    return FALSE;

  return step_done (conn, stmt, "revoke the token", error);
}

static gboolean
put_patient_run (StoreConn  *conn,
                 StoreJob   *job,
                 GError    **error)
{
  const CpisHubPatient *patient = job->data;
  g_autoptr(StoreStmt) stmt = NULL;
  int rc = SQLITE_OK;

  /* SET reads the row as it was: the version moves only when something changed */
  stmt = store_conn_statement (conn,
                               "INSERT INTO patients"
                               " (nhs_number, family_name, given_name, date_of_birth, gender,"
                               "  postcode, restricted, superseded_by)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                               " ON CONFLICT (nhs_number) DO UPDATE SET"
                               "  family_name = excluded.family_name,"
                               "  given_name = excluded.given_name,"
                               "  date_of_birth = excluded.date_of_birth,"
                               "  gender = excluded.gender,"
                               "  postcode = excluded.postcode,"
                               "  restricted = excluded.restricted,"
                               "  superseded_by = excluded.superseded_by,"
                               "  version = version + (family_name IS NOT excluded.family_name"
                               "   OR given_name IS NOT excluded.given_name"
                               "   OR date_of_birth IS NOT excluded.date_of_birth"
                               "   OR gender IS NOT excluded.gender"
                               "   OR postcode IS NOT excluded.postcode"
                               "   OR restricted IS NOT excluded.restricted"
                               "   OR superseded_by IS NOT excluded.superseded_by)",
                               error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, patient->nhs_number, &rc);
  bind_text (stmt, 2, patient->family_name, &rc);
  bind_text (stmt, 3, patient->given_name, &rc);
  bind_text (stmt, 4, patient->date_of_birth, &rc);
  bind_text (stmt, 5, patient->gender, &rc);
  bind_text (stmt, 6, patient->postcode, &rc);
  bind_int64 (stmt, 7, patient->restricted ? 1 : 0, &rc);
  bind_text (stmt, 8, patient->superseded_by, &rc);
  if (!bind_check (conn, rc, "store the patient", error))
    return FALSE;

  return step_done (conn, stmt, "store the patient", error);
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
  g_autoptr(StoreStmt) stmt = NULL;
  gint64 la_id = 0;
  int rc = SQLITE_OK;
  int found;

  found = lookup_organisation_id (conn, plan->la->ods_code, &la_id, error);
  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                   "There is no local authority with ODS code “%s”", plan->la->ods_code);
      return FALSE;
    }

  stmt = store_conn_statement (conn,
                               "INSERT INTO plans"
                               " (id, nhs_number, plan_type, start_date, end_date, due_date,"
                               "  subject_name, date_of_birth, la_id)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                               " ON CONFLICT (nhs_number, plan_type, la_id, start_date) DO UPDATE SET"
                               "  end_date = excluded.end_date,"
                               "  due_date = excluded.due_date,"
                               "  subject_name = excluded.subject_name,"
                               "  date_of_birth = excluded.date_of_birth"
                               " RETURNING id",
                               error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, data->new_id, &rc);
  bind_text (stmt, 2, plan->nhs_number, &rc);
  bind_text (stmt, 3, cpis_plan_type_to_short_code (plan->plan_type), &rc);
  bind_text (stmt, 4, plan->start_date, &rc);
  bind_text (stmt, 5, plan->end_date, &rc);
  bind_text (stmt, 6, plan->due_date, &rc);
  bind_text (stmt, 7, plan->subject_name, &rc);
  bind_text (stmt, 8, plan->date_of_birth, &rc);
  bind_int64 (stmt, 9, la_id, &rc);
  if (!bind_check (conn, rc, "store the plan", error))
    return FALSE;

  if (step_row (conn, stmt, "store the plan", error) != 1)
    return FALSE;
  job->out_text = column_dup (stmt, 0);
  job->out_id = la_id;

  return step_done (conn, stmt, "store the plan", error);
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

static gboolean
record_access_run (StoreConn  *conn,
                   StoreJob   *job,
                   GError    **error)
{
  const AccessData *data = job->data;
  g_autoptr(StoreStmt) insert = NULL;
  g_autofree char *access_id = cpis_uuid_new ();
  gint64 now_usec = g_get_real_time ();
  int rc = SQLITE_OK;

  if (data->nhs_number == NULL)
    return missing_field (error, "the NHS number");

  /* Every LA first, so that an unknown one writes nothing at all */
  for (guint i = 0; i < data->n_la_ids; i++)
    {
      g_autoptr(StoreStmt) la = NULL;
      int found;

      la = store_conn_statement (conn, "SELECT 1 FROM organisations WHERE id = ?1", error);
      if (la == NULL)
        return FALSE;
      bind_int64 (la, 1, data->la_ids[i], &rc);
      if (!bind_check (conn, rc, "look up the local authority", error))
        return FALSE;
      found = step_row (conn, la, "look up the local authority", error);
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

  /* The viewer's snapshot comes from their rows as they are now, in this
   * transaction; no row (unknown user) inserts nothing. */
  insert = store_conn_statement (conn,
                                 "INSERT INTO accesses"
                                 " (id, nhs_number, recorded_usec, user_id, practitioner_role_id,"
                                 "  viewer_name, job_role_code, job_role_display, role_profile_id,"
                                 "  org_ods_code, org_name)"
                                 " SELECT ?1, ?2, ?3, u.id, u.practitioner_role_id, u.full_name,"
                                 "  u.job_role_code, u.job_role_display, u.role_profile_id,"
                                 "  o.ods_code, o.name"
                                 " FROM users u JOIN organisations o ON o.id = u.organisation_id"
                                 " WHERE u.id = ?4",
                                 error);
  if (insert == NULL)
    return FALSE;

  bind_text (insert, 1, access_id, &rc);
  bind_text (insert, 2, data->nhs_number, &rc);
  bind_int64 (insert, 3, data->recorded_usec, &rc);
  bind_int64 (insert, 4, data->user_id, &rc);
  if (!bind_check (conn, rc, "record the access", error))
    return FALSE;
  if (!step_done (conn, insert, "record the access", error))
    return FALSE;

  if (sqlite3_changes (conn->db) != 1)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                   "There is no user with id %" G_GINT64_FORMAT, data->user_id);
      return FALSE;
    }

  for (guint i = 0; i < data->n_la_ids; i++)
    {
      g_autoptr(StoreStmt) notify = NULL;
      g_autofree char *notification_id = cpis_uuid_new ();

      notify = store_conn_statement (conn,
                                     "INSERT INTO notifications"
                                     " (id, access_id, la_id, status, created_usec)"
                                     " VALUES (?1, ?2, ?3, 'requested', ?4)",
                                     error);
      if (notify == NULL)
        return FALSE;

      bind_text (notify, 1, notification_id, &rc);
      bind_text (notify, 2, access_id, &rc);
      bind_int64 (notify, 3, data->la_ids[i], &rc);
      bind_int64 (notify, 4, now_usec, &rc);
      if (!bind_check (conn, rc, "record the notification", error))
        return FALSE;
      if (!step_done (conn, notify, "record the notification", error))
        return FALSE;
    }

  job->out_text = g_steal_pointer (&access_id);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Reads */

/* Locks the read connection; NULL with CLOSED once the store is closed.
 * Unlock with g_mutex_unlock (&self->read_mutex) when it is not NULL. */
static StoreConn *
read_conn_lock (CpisHubStore  *self,
                GError       **error)
{
  g_mutex_lock (&self->read_mutex);
  if (self->read_conn == NULL)
    {
      g_mutex_unlock (&self->read_mutex);
      set_closed_error (error);
      return NULL;
    }

  return self->read_conn;
}

static gint64
read_count (CpisHubStore  *self,
            const char    *sql,
            const char    *text,
            const char    *what,
            GError       **error)
{
  StoreConn *conn = read_conn_lock (self, error);
  gint64 count = -1;

  if (conn == NULL)
    return -1;

  {
    g_autoptr(StoreStmt) stmt = store_conn_statement (conn, sql, error);
    int rc = SQLITE_OK;

    if (stmt != NULL)
      {
        if (text != NULL)
          bind_text (stmt, 1, text, &rc);
        if (bind_check (conn, rc, what, error) &&
            step_row (conn, stmt, what, error) == 1)
          count = sqlite3_column_int64 (stmt, 0);
      }
  }

  g_mutex_unlock (&self->read_mutex);
  return count;
}

/* ------------------------------------------------------------------------ */
/* GObject */

static gboolean
cpis_hub_store_initable_init (GInitable     *initable,
                              GCancellable  *cancellable,
                              GError       **error)
{
  CpisHubStore *self = CPIS_HUB_STORE (initable);
  int version = 0;

  if (self->path == NULL)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                           "No path was given for the hub database");
      return FALSE;
    }

  if (sqlite3_threadsafe () == 0)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                           "This SQLite library was built without thread support");
      return FALSE;
    }

  self->write_conn = store_conn_open (self->path, error);
  if (self->write_conn == NULL)
    return FALSE;

  /* Refuse a newer file before changing anything in it (even its journal mode) */
  if (!read_user_version (self->write_conn, &version, error) ||
      !check_not_too_new (version, error))
    return FALSE;

  if (!set_journal_mode_wal (self->write_conn, error) ||
      !exec_pragma (self->write_conn, "PRAGMA synchronous = FULL", error) ||
      !exec_pragma (self->write_conn, "PRAGMA foreign_keys = ON", error))
    return FALSE;

  if (!migrate (self->write_conn, &version, error))
    return FALSE;
  self->schema_version = version;

  self->read_conn = store_conn_open (self->path, error);
  if (self->read_conn == NULL)
    return FALSE;

  if (!exec_pragma (self->read_conn, "PRAGMA query_only = ON", error) ||
      !exec_pragma (self->read_conn, "PRAGMA foreign_keys = ON", error))
    return FALSE;

  self->writer = g_thread_try_new ("cpis-hub-writer", store_writer_thread, self, error);
  if (self->writer == NULL)
    return FALSE;

  return TRUE;
}

static void
cpis_hub_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = cpis_hub_store_initable_init;
}

static void
cpis_hub_store_finalize (GObject *object)
{
  CpisHubStore *self = (CpisHubStore *) object;

  cpis_hub_store_close (self);

  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->read_mutex);
  g_mutex_clear (&self->queue_mutex);
  g_mutex_clear (&self->close_mutex);
  g_cond_clear (&self->queue_cond);
  g_cond_clear (&self->done_cond);

  G_OBJECT_CLASS (cpis_hub_store_parent_class)->finalize (object);
}

static void
cpis_hub_store_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CpisHubStore *self = CPIS_HUB_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_SCHEMA_VERSION:
      g_value_set_int (value, self->schema_version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_hub_store_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CpisHubStore *self = CPIS_HUB_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_hub_store_class_init (CpisHubStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_hub_store_finalize;
  object_class->get_property = cpis_hub_store_get_property;
  object_class->set_property = cpis_hub_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SCHEMA_VERSION] =
    g_param_spec_int ("schema-version", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_hub_store_init (CpisHubStore *self)
{
  g_mutex_init (&self->read_mutex);
  g_mutex_init (&self->queue_mutex);
  g_mutex_init (&self->close_mutex);
  g_cond_init (&self->queue_cond);
  g_cond_init (&self->done_cond);
  g_queue_init (&self->queue);
}

/* ------------------------------------------------------------------------ */
/* Public API */

CpisHubStore *
cpis_hub_store_open (const char  *path,
                     GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (CPIS_HUB_TYPE_STORE, NULL, error, "path", path, NULL);
}

void
cpis_hub_store_close (CpisHubStore *self)
{
  g_return_if_fail (CPIS_HUB_IS_STORE (self));

  g_mutex_lock (&self->close_mutex);

  g_mutex_lock (&self->queue_mutex);
  self->closing = TRUE;
  if (self->writer != NULL)
    {
      /* Last in the queue: every job before it still runs and completes */
      g_queue_push_tail (&self->queue, &stop_sentinel);
      g_cond_signal (&self->queue_cond);
    }
  g_mutex_unlock (&self->queue_mutex);

  if (self->writer != NULL)
    {
      g_thread_join (self->writer);   /* also drops the thread's reference */
      self->writer = NULL;
    }

  g_mutex_lock (&self->read_mutex);
  g_clear_pointer (&self->read_conn, store_conn_free);
  g_mutex_unlock (&self->read_mutex);

  /* Closed last: the last connection checkpoints the WAL into the file */
  g_clear_pointer (&self->write_conn, store_conn_free);

  g_mutex_unlock (&self->close_mutex);
}

int
cpis_hub_store_get_schema_version (CpisHubStore *self)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), 0);

  return self->schema_version;
}

gboolean
cpis_hub_store_put_organisation (CpisHubStore         *self,
                                 CpisHubOrganisation  *org,
                                 GError              **error)
{
  StoreJob job = { .run = put_organisation_run, .data = org };

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (org != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (org->ods_code == NULL)
    return missing_field (error, "the ODS code");
  if (org->name == NULL)
    return missing_field (error, "the organisation name");

  if (!store_run_sync (self, &job, error))
    return FALSE;

  org->id = job.out_id;
  return TRUE;
}

CpisHubOrganisation *
cpis_hub_store_find_organisation (CpisHubStore  *self,
                                  const char    *ods_code,
                                  GError       **error)
{
  CpisHubOrganisation *org = NULL;
  StoreConn *conn;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (ods_code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = read_conn_lock (self, error);
  if (conn == NULL)
    return NULL;

  {
    g_autoptr(StoreStmt) stmt = NULL;
    int rc = SQLITE_OK;

    stmt = store_conn_statement (conn,
                                 "SELECT " ORG_COLUMNS " FROM organisations o WHERE o.ods_code = ?1",
                                 error);
    if (stmt != NULL)
      {
        bind_text (stmt, 1, ods_code, &rc);
        if (bind_check (conn, rc, "find the organisation", error) &&
            step_row (conn, stmt, "find the organisation", error) == 1)
          org = organisation_from_row (stmt, 0);
      }
  }

  g_mutex_unlock (&self->read_mutex);
  return org;
}

GPtrArray *
cpis_hub_store_list_organisations (CpisHubStore  *self,
                                   GError       **error)
{
  g_autoptr(GPtrArray) orgs = NULL;
  StoreConn *conn;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = read_conn_lock (self, error);
  if (conn == NULL)
    return NULL;

  {
    g_autoptr(StoreStmt) stmt = NULL;
    int found = -1;

    stmt = store_conn_statement (conn,
                                 "SELECT " ORG_COLUMNS " FROM organisations o ORDER BY o.ods_code",
                                 error);
    if (stmt != NULL)
      {
        orgs = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_hub_organisation_free);
        while ((found = step_row (conn, stmt, "list the organisations", error)) == 1)
          g_ptr_array_add (orgs, organisation_from_row (stmt, 0));
        if (found < 0)
          g_clear_pointer (&orgs, g_ptr_array_unref);
      }
  }

  g_mutex_unlock (&self->read_mutex);
  return g_steal_pointer (&orgs);
}

gboolean
cpis_hub_store_add_user (CpisHubStore  *self,
                         CpisHubUser   *user,
                         const char    *password_hash,
                         GError       **error)
{
  AddUserData data = { .user = user, .password_hash = password_hash };
  StoreJob job = { .run = add_user_run, .data = &data };
  g_autofree char *practitioner_role_id = NULL;
  g_autofree char *role_profile_id = NULL;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (password_hash != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (user->username == NULL)
    return missing_field (error, "the username");
  if (user->full_name == NULL)
    return missing_field (error, "the user’s full name");
  if (user->organisation == NULL || user->organisation->ods_code == NULL)
    return missing_field (error, "the user’s organisation");

  if (user->practitioner_role_id == NULL)
    practitioner_role_id = cpis_uuid_new ();

  if (user->role_profile_id == NULL)
    {
      /* Twelve digits, like an SDS role profile id; not a secret */
      GString *digits = g_string_sized_new (12);

      g_string_append_c (digits, (char) ('1' + g_random_int_range (0, 9)));
      for (guint i = 1; i < 12; i++)
        g_string_append_c (digits, (char) ('0' + g_random_int_range (0, 10)));
      role_profile_id = g_string_free (digits, FALSE);
    }

  data.practitioner_role_id = practitioner_role_id != NULL ? practitioner_role_id
                                                           : user->practitioner_role_id;
  data.role_profile_id = role_profile_id != NULL ? role_profile_id : user->role_profile_id;

  if (!store_run_sync (self, &job, error))
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
  CpisHubUser *user = NULL;
  StoreConn *conn;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (password_hash != NULL)
    *password_hash = NULL;

  conn = read_conn_lock (self, error);
  if (conn == NULL)
    return NULL;

  {
    g_autoptr(StoreStmt) stmt = NULL;
    int rc = SQLITE_OK;

    stmt = store_conn_statement (conn,
                                 "SELECT " USER_COLUMNS ", u.password_hash"
                                 " FROM users u JOIN organisations o ON o.id = u.organisation_id"
                                 " WHERE u.username = ?1",
                                 error);
    if (stmt != NULL)
      {
        bind_text (stmt, 1, username, &rc);
        if (bind_check (conn, rc, "find the user", error) &&
            step_row (conn, stmt, "find the user", error) == 1)
          {
            user = user_from_row (stmt);
            if (password_hash != NULL)
              *password_hash = column_dup (stmt, N_USER_COLUMNS);
          }
      }
  }

  g_mutex_unlock (&self->read_mutex);
  return user;
}

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
  TokenData *data;

  g_return_if_fail (CPIS_HUB_IS_STORE (self));
  g_return_if_fail (token_hash != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (TokenData, 1);
  data->token_hash = g_strdup (token_hash);
  data->user_id = user_id;
  data->expires_usec = expires_usec;

  job = g_new0 (StoreJob, 1);
  job->run = add_token_run;
  job->data = data;
  job->data_free = token_data_free;

  store_run_async (self, job, cpis_hub_store_add_token_async, cancellable, callback, user_data);
}

gboolean
cpis_hub_store_add_token_finish (CpisHubStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cpis_hub_store_add_token_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

CpisHubUser *
cpis_hub_store_find_token_user (CpisHubStore  *self,
                                const char    *token_hash,
                                gint64         now_usec,
                                GError       **error)
{
  CpisHubUser *user = NULL;
  StoreConn *conn;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = read_conn_lock (self, error);
  if (conn == NULL)
    return NULL;

  {
    g_autoptr(StoreStmt) stmt = NULL;
    int rc = SQLITE_OK;

    stmt = store_conn_statement (conn,
                                 "SELECT " USER_COLUMNS
                                 " FROM tokens t"
                                 " JOIN users u ON u.id = t.user_id"
                                 " JOIN organisations o ON o.id = u.organisation_id"
                                 " WHERE t.token_hash = ?1 AND t.revoked = 0 AND t.expires_usec > ?2",
                                 error);
    if (stmt != NULL)
      {
        bind_text (stmt, 1, token_hash, &rc);
        bind_int64 (stmt, 2, now_usec, &rc);
        if (bind_check (conn, rc, "look up the token", error) &&
            step_row (conn, stmt, "look up the token", error) == 1)
          user = user_from_row (stmt);
      }
  }

  g_mutex_unlock (&self->read_mutex);
  return user;
}

void
cpis_hub_store_revoke_token_async (CpisHubStore        *self,
                                   const char          *token_hash,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  StoreJob *job;
  TokenData *data;

  g_return_if_fail (CPIS_HUB_IS_STORE (self));
  g_return_if_fail (token_hash != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (TokenData, 1);
  data->token_hash = g_strdup (token_hash);

  job = g_new0 (StoreJob, 1);
  job->run = revoke_token_run;
  job->data = data;
  job->data_free = token_data_free;

  store_run_async (self, job, cpis_hub_store_revoke_token_async, cancellable, callback, user_data);
}

gboolean
cpis_hub_store_revoke_token_finish (CpisHubStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cpis_hub_store_revoke_token_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cpis_hub_store_put_patient (CpisHubStore          *self,
                            const CpisHubPatient  *patient,
                            GError               **error)
{
  StoreJob job = { .run = put_patient_run, .data = (gpointer) patient };

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (patient != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (patient->nhs_number == NULL)
    return missing_field (error, "the NHS number");

  return store_run_sync (self, &job, error);
}

CpisHubPatient *
cpis_hub_store_find_patient (CpisHubStore  *self,
                             const char    *nhs_number,
                             GError       **error)
{
  CpisHubPatient *patient = NULL;
  StoreConn *conn;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (nhs_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = read_conn_lock (self, error);
  if (conn == NULL)
    return NULL;

  {
    g_autoptr(StoreStmt) stmt = NULL;
    int rc = SQLITE_OK;

    stmt = store_conn_statement (conn,
                                 "SELECT " PATIENT_COLUMNS
                                 " FROM patients p WHERE p.nhs_number = ?1",
                                 error);
    if (stmt != NULL)
      {
        bind_text (stmt, 1, nhs_number, &rc);
        if (bind_check (conn, rc, "find the patient", error) &&
            step_row (conn, stmt, "find the patient", error) == 1)
          patient = patient_from_row (stmt, 0);
      }
  }

  g_mutex_unlock (&self->read_mutex);
  return patient;
}

CpisHubPatient *
cpis_hub_store_find_current_patient (CpisHubStore  *self,
                                     const char    *nhs_number,
                                     GError       **error)
{
  g_autoptr(CpisHubPatient) patient = NULL;
  StoreConn *conn;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (nhs_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = read_conn_lock (self, error);
  if (conn == NULL)
    return NULL;

  {
    g_autoptr(StoreStmt) stmt = NULL;
    int rc = SQLITE_OK;

    /* The chain of numbers from the one asked for; the last one that has a
     * row is the answer if it is current */
    stmt = store_conn_statement (conn,
                                 "WITH RECURSIVE chain (nhs_number, hops) AS ("
                                 "  SELECT ?1, 0"
                                 "  UNION ALL"
                                 "  SELECT p.superseded_by, c.hops + 1"
                                 "  FROM chain c JOIN patients p ON p.nhs_number = c.nhs_number"
                                 "  WHERE p.superseded_by IS NOT NULL AND c.hops < ?2)"
                                 " SELECT " PATIENT_COLUMNS
                                 " FROM chain c JOIN patients p ON p.nhs_number = c.nhs_number"
                                 " ORDER BY c.hops DESC LIMIT 1",
                                 error);
    if (stmt != NULL)
      {
        bind_text (stmt, 1, nhs_number, &rc);
        bind_int64 (stmt, 2, MAX_SUPERSEDED_HOPS, &rc);
        if (bind_check (conn, rc, "find the current patient", error) &&
            step_row (conn, stmt, "find the current patient", error) == 1)
          patient = patient_from_row (stmt, 0);
      }
  }

  g_mutex_unlock (&self->read_mutex);

  /* A number superseded by one with no row, or a loop: no current record.
   * Said, for whoever keeps the data, but not a failure of the hub. */
  if (patient != NULL && patient->superseded_by != NULL)
    {
      g_message ("A superseded NHS number leads to no current demographics record");
      g_clear_pointer (&patient, cpis_hub_patient_free);
    }

  return g_steal_pointer (&patient);
}

GPtrArray *
cpis_hub_store_search_patients (CpisHubStore                *self,
                                const CpisHubPatientSearch  *search,
                                guint                        limit,
                                GError                     **error)
{
  g_autoptr(GPtrArray) patients = NULL;
  StoreConn *conn;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (search != NULL, NULL);
  g_return_val_if_fail (search->family_name != NULL, NULL);
  g_return_val_if_fail (search->date_of_birth != NULL, NULL);
  g_return_val_if_fail (limit < G_MAXUINT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = read_conn_lock (self, error);
  if (conn == NULL)
    return NULL;

  {
    g_autoptr(StoreStmt) stmt = NULL;
    int rc = SQLITE_OK;
    int found = -1;

    /* patients_birth finds the few rows of that birth date (and gender,
     * when given: NULL is any); the keys are compared on those only. A superseded number is never a
     * match (its current record is); a postcode never finds a restricted
     * patient, as PDS has it, so a search cannot confirm where they live. */
    stmt = store_conn_statement (conn,
                                 "SELECT " PATIENT_COLUMNS " FROM patients p"
                                 " WHERE p.date_of_birth = ?1 AND (?2 IS NULL OR p.gender = ?2)"
                                 "  AND p.superseded_by IS NULL"
                                 "  AND cpis_name_key (p.family_name) = cpis_name_key (?3)"
                                 "  AND (?4 IS NULL OR"
                                 "       cpis_name_key (p.given_name) = cpis_name_key (?4))"
                                 "  AND (?5 IS NULL OR (p.restricted = 0 AND"
                                 "       cpis_postcode_key (p.postcode) = cpis_postcode_key (?5)))"
                                 " ORDER BY p.nhs_number LIMIT ?6",
                                 error);
    if (stmt != NULL)
      {
        bind_text (stmt, 1, search->date_of_birth, &rc);
        bind_text (stmt, 2, search->gender, &rc);
        bind_text (stmt, 3, search->family_name, &rc);
        bind_text (stmt, 4, search->given_name, &rc);
        bind_text (stmt, 5, search->postcode, &rc);
        bind_int64 (stmt, 6, (gint64) limit + 1, &rc);
        if (bind_check (conn, rc, "search the demographics", error))
          {
            patients = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_hub_patient_free);
            while ((found = step_row (conn, stmt, "search the demographics", error)) == 1)
              g_ptr_array_add (patients, patient_from_row (stmt, 0));
            if (found < 0)
              g_clear_pointer (&patients, g_ptr_array_unref);
          }
      }
  }

  g_mutex_unlock (&self->read_mutex);
  return g_steal_pointer (&patients);
}

gboolean
cpis_hub_store_put_plan (CpisHubStore  *self,
                         CpisHubPlan   *plan,
                         GError       **error)
{
  g_autofree char *new_id = NULL;
  PutPlanData data = { .plan = plan };
  StoreJob job = { .run = put_plan_run, .data = &data };

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (plan->nhs_number == NULL)
    return missing_field (error, "the NHS number");
  if (plan->start_date == NULL)
    return missing_field (error, "the plan start date");
  if (plan->la == NULL || plan->la->ods_code == NULL)
    return missing_field (error, "the responsible local authority");
  if (cpis_plan_type_to_short_code (plan->plan_type) == NULL)
    return missing_field (error, "a recognised plan type");

  /* Used only if the plan is new; an update keeps the stored id */
  new_id = plan->id != NULL ? g_strdup (plan->id) : cpis_uuid_new ();
  data.new_id = new_id;

  if (!store_run_sync (self, &job, error))
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
  g_autoptr(GPtrArray) plans = NULL;
  StoreConn *conn;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (nhs_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = read_conn_lock (self, error);
  if (conn == NULL)
    return NULL;

  {
    g_autoptr(StoreStmt) stmt = NULL;
    int rc = SQLITE_OK;
    int found = -1;

    stmt = store_conn_statement (conn,
                                 "SELECT p.id, p.nhs_number, p.plan_type, p.start_date, p.end_date,"
                                 " p.due_date, p.subject_name, p.date_of_birth, " ORG_COLUMNS
                                 " FROM plans p JOIN organisations o ON o.id = p.la_id"
                                 " WHERE p.nhs_number = ?1"
                                 " ORDER BY p.start_date, p.id",
                                 error);
    if (stmt != NULL)
      {
        bind_text (stmt, 1, nhs_number, &rc);
        if (bind_check (conn, rc, "list the plans", error))
          {
            plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_hub_plan_free);
            while ((found = step_row (conn, stmt, "list the plans", error)) == 1)
              {
                CpisHubPlan *plan = g_new0 (CpisHubPlan, 1);

                plan->id = column_dup (stmt, 0);
                plan->nhs_number = column_dup (stmt, 1);
                plan->plan_type = cpis_plan_type_from_short_code ((const char *) sqlite3_column_text (stmt, 2));
                plan->start_date = column_dup (stmt, 3);
                plan->end_date = column_dup (stmt, 4);
                plan->due_date = column_dup (stmt, 5);
                plan->subject_name = column_dup (stmt, 6);
                plan->date_of_birth = column_dup (stmt, 7);
                plan->la = organisation_from_row (stmt, 8);
                g_ptr_array_add (plans, plan);
              }
            if (found < 0)
              g_clear_pointer (&plans, g_ptr_array_unref);
          }
      }
  }

  g_mutex_unlock (&self->read_mutex);
  return g_steal_pointer (&plans);
}

GPtrArray *
cpis_hub_store_list_accesses (CpisHubStore  *self,
                              const char    *nhs_number,
                              guint          limit,
                              GError       **error)
{
  g_autoptr(GPtrArray) accesses = NULL;
  StoreConn *conn;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (nhs_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = read_conn_lock (self, error);
  if (conn == NULL)
    return NULL;

  {
    g_autoptr(StoreStmt) stmt = NULL;
    int rc = SQLITE_OK;
    int found = -1;

    /* Served by accesses_nhs_number read backwards: no sort */
    stmt = store_conn_statement (conn,
                                 "SELECT id, nhs_number, recorded_usec, practitioner_role_id,"
                                 " viewer_name, job_role_code, job_role_display, role_profile_id,"
                                 " org_ods_code, org_name"
                                 " FROM accesses WHERE nhs_number = ?1"
                                 " ORDER BY recorded_usec DESC, seq DESC LIMIT ?2",
                                 error);
    if (stmt != NULL)
      {
        bind_text (stmt, 1, nhs_number, &rc);
        bind_int64 (stmt, 2, limit, &rc);
        if (bind_check (conn, rc, "list the accesses", error))
          {
            accesses = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_hub_access_free);
            while ((found = step_row (conn, stmt, "list the accesses", error)) == 1)
              {
                CpisHubAccess *access = g_new0 (CpisHubAccess, 1);

                access->id = column_dup (stmt, 0);
                access->nhs_number = column_dup (stmt, 1);
                access->recorded_usec = sqlite3_column_int64 (stmt, 2);
                access->practitioner_role_id = column_dup (stmt, 3);
                access->viewer_name = column_dup (stmt, 4);
                access->job_role_code = column_dup (stmt, 5);
                access->job_role_display = column_dup (stmt, 6);
                access->role_profile_id = column_dup (stmt, 7);
                access->org_ods_code = column_dup (stmt, 8);
                access->org_name = column_dup (stmt, 9);
                g_ptr_array_add (accesses, access);
              }
            if (found < 0)
              g_clear_pointer (&accesses, g_ptr_array_unref);
          }
      }
  }

  g_mutex_unlock (&self->read_mutex);
  return g_steal_pointer (&accesses);
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

  job = g_new0 (StoreJob, 1);
  job->run = record_access_run;
  job->data = access_data_new (nhs_number, user_id, recorded_usec, la_org_ids, n_la_org_ids);
  job->data_free = access_data_free;
  job->returns_text = TRUE;

  store_run_async (self, job, cpis_hub_store_record_access_async, cancellable, callback, user_data);
}

char *
cpis_hub_store_record_access_finish (CpisHubStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cpis_hub_store_record_access_async, NULL);

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
  StoreJob job = { .run = record_access_run, .returns_text = TRUE };
  gboolean ok;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (nhs_number != NULL, NULL);
  g_return_val_if_fail (la_org_ids != NULL || n_la_org_ids == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = access_data_new (nhs_number, user_id, recorded_usec, la_org_ids, n_la_org_ids);
  job.data = data;
  ok = store_run_sync (self, &job, error);
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
    return read_count (self, "SELECT count(*) FROM accesses", NULL,
                       "count the accesses", error);

  return read_count (self, "SELECT count(*) FROM accesses WHERE nhs_number = ?1", nhs_number,
                     "count the accesses", error);
}

gint64
cpis_hub_store_count_notifications (CpisHubStore  *self,
                                    const char    *la_ods_code,
                                    GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (la_ods_code == NULL)
    return read_count (self, "SELECT count(*) FROM notifications", NULL,
                       "count the notifications", error);

  return read_count (self,
                     "SELECT count(*) FROM notifications n"
                     " JOIN organisations o ON o.id = n.la_id WHERE o.ods_code = ?1",
                     la_ods_code, "count the notifications", error);
}
