/* cpis-hub-store-sql.c: the store's connections, statements and query helpers
 *
 * Every value reaches SQLite through a bound parameter of a statement that
 * is prepared once per connection (the cache in StoreConn). The only SQL
 * text not written out literally is the user_version pragma of a
 * migration, which is formatted from the migration's own number.
 *
 * Every find, list and count goes through one loop (conn_query): prepare
 * from the cache, bind, step, hand each row to a callback, reset. The
 * helpers in cpis-hub-store-private.h wrap it for the read connection
 * (under its lock) and for the connection a writer's job holds.
 *
 * Each connection has two SQL functions of the store's own, for the
 * demographics search: cpis_name_key() and cpis_postcode_key() (see
 * register_key_functions). The schema never depends on them (no index or
 * view uses them), so the file stays usable from the sqlite3 shell.
 */
#include "cpis-hub-store-private.h"

#include <string.h>

#define BUSY_TIMEOUT_MSEC 10000

/* ------------------------------------------------------------------------ */
/* Connections */

void
_cpis_hub_store_set_sqlite_error (GError     **error,
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

void
_cpis_hub_store_conn_free (StoreConn *conn)
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

StoreConn *
_cpis_hub_store_conn_open (const char  *path,
                           GError     **error)
{
  StoreConn *conn = g_new0 (StoreConn, 1);
  int rc;

  conn->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);

  /* NOMUTEX: each connection is used by one thread at a time (see
   * cpis-hub-store.c) */
  rc = sqlite3_open_v2 (path, &conn->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _cpis_hub_store_set_sqlite_error (error, conn->db, rc, "open the hub database");
      _cpis_hub_store_conn_free (conn);
      return NULL;
    }

  sqlite3_extended_result_codes (conn->db, 1);
  sqlite3_busy_timeout (conn->db, BUSY_TIMEOUT_MSEC);

  rc = register_key_functions (conn->db);
  if (rc != SQLITE_OK)
    {
      _cpis_hub_store_set_sqlite_error (error, conn->db, rc, "set up the database connection");
      _cpis_hub_store_conn_free (conn);
      return NULL;
    }

  return conn;
}

void
_cpis_hub_store_conn_rollback_if_open (StoreConn *conn)
{
  if (!sqlite3_get_autocommit (conn->db))
    {
      g_autoptr(GError) local_error = NULL;

      if (!_cpis_hub_store_conn_exec (conn, "roll back", "ROLLBACK", STORE_NO_PARAMS,
                                      &local_error))
        g_warning ("%s", local_error->message);
    }
}

/* ------------------------------------------------------------------------ */
/* Statements */

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
      _cpis_hub_store_set_sqlite_error (error, conn->db, rc, "prepare a database statement");
      return NULL;
    }

  /* The key is the caller's static string */
  g_hash_table_insert (conn->statements, (gpointer) sql, stmt);
  return stmt;
}

static gboolean
bind_params (StoreConn         *conn,
             sqlite3_stmt      *stmt,
             const StoreValue  *params,
             guint              n_params,
             const char        *what,
             GError           **error)
{
  for (guint i = 0; i < n_params; i++)
    {
      const StoreValue *param = &params[i];
      int index = (int) i + 1;
      int rc;

      if (param->type == STORE_VALUE_INT64)
        rc = sqlite3_bind_int64 (stmt, index, param->int64);
      else if (param->text == NULL)
        rc = sqlite3_bind_null (stmt, index);
      else
        rc = sqlite3_bind_text (stmt, index, param->text, -1, SQLITE_TRANSIENT);

      if (rc != SQLITE_OK)
        {
          _cpis_hub_store_set_sqlite_error (error, conn->db, rc, what);
          return FALSE;
        }
    }

  return TRUE;
}

/* The loop every query shares. Prepares @sql (cached), binds @params,
 * steps, and hands each row to @row_func until it returns FALSE; a NULL
 * @row_func expects no rows. Returns the number of rows handed over, or -1
 * with @error set. Leaving resets the statement. */
static int
conn_query (StoreConn         *conn,
            const char        *what,
            const char        *sql,
            const StoreValue  *params,
            guint              n_params,
            StoreRowFunc       row_func,
            gpointer           user_data,
            GError           **error)
{
  g_autoptr(StoreStmt) stmt = store_conn_statement (conn, sql, error);
  int n_rows = 0;
  int rc;

  if (stmt == NULL || !bind_params (conn, stmt, params, n_params, what, error))
    return -1;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (row_func == NULL)
        {
          g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                       "Could not %s: the database returned an unexpected row", what);
          return -1;
        }

      n_rows++;
      if (!row_func (stmt, user_data))
        return n_rows;
    }

  if (rc != SQLITE_DONE)
    {
      _cpis_hub_store_set_sqlite_error (error, conn->db, rc, what);
      return -1;
    }

  return n_rows;
}

/* ------------------------------------------------------------------------ */
/* Row callbacks */

typedef struct
{
  StoreRowMapper  map;
  gpointer        map_data;
  GPtrArray      *records;   /* take_all */
  gpointer        record;    /* take_first */
} Mapping;

static gboolean
take_all (sqlite3_stmt *stmt,
          gpointer      user_data)
{
  Mapping *mapping = user_data;

  g_ptr_array_add (mapping->records, mapping->map (stmt, mapping->map_data));
  return TRUE;
}

static gboolean
take_first (sqlite3_stmt *stmt,
            gpointer      user_data)
{
  Mapping *mapping = user_data;

  mapping->record = mapping->map (stmt, mapping->map_data);
  return FALSE;
}

static gboolean
take_first_int64 (sqlite3_stmt *stmt,
                  gpointer      user_data)
{
  gint64 *value = user_data;

  if (value != NULL)
    *value = sqlite3_column_int64 (stmt, 0);
  return FALSE;
}

char *
_cpis_hub_store_column_dup (sqlite3_stmt *stmt,
                            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gpointer
_cpis_hub_store_text_from_row (sqlite3_stmt *stmt,
                               gpointer      user_data)
{
  return _cpis_hub_store_column_dup (stmt, 0);
}

/* ------------------------------------------------------------------------ */
/* On a connection the caller holds */

gboolean
_cpis_hub_store_conn_exec (StoreConn         *conn,
                           const char        *what,
                           const char        *sql,
                           const StoreValue  *params,
                           guint              n_params,
                           GError           **error)
{
  return conn_query (conn, what, sql, params, n_params, NULL, NULL, error) >= 0;
}

int
_cpis_hub_store_conn_int64 (StoreConn         *conn,
                            const char        *what,
                            const char        *sql,
                            const StoreValue  *params,
                            guint              n_params,
                            gint64            *value,
                            GError           **error)
{
  return conn_query (conn, what, sql, params, n_params, take_first_int64, value, error);
}

int
_cpis_hub_store_conn_first (StoreConn         *conn,
                            const char        *what,
                            const char        *sql,
                            const StoreValue  *params,
                            guint              n_params,
                            StoreRowMapper     map,
                            gpointer           map_data,
                            gpointer          *record,
                            GError           **error)
{
  Mapping mapping = { .map = map, .map_data = map_data };
  int found = conn_query (conn, what, sql, params, n_params, take_first, &mapping, error);

  *record = mapping.record;
  return found;
}

int
_cpis_hub_store_conn_all (StoreConn         *conn,
                          const char        *what,
                          const char        *sql,
                          const StoreValue  *params,
                          guint              n_params,
                          StoreRowMapper     map,
                          gpointer           map_data,
                          GPtrArray         *records,
                          GError           **error)
{
  Mapping mapping = { .map = map, .map_data = map_data, .records = records };

  return conn_query (conn, what, sql, params, n_params, take_all, &mapping, error);
}

/* ------------------------------------------------------------------------ */
/* On the read connection */

/* The read connection, which @self->read_mutex must be held for; NULL with
 * CLOSED once the store is closed */
static StoreConn *
read_conn (CpisHubStore  *self,
           GError       **error)
{
  if (self->read_conn == NULL)
    _cpis_hub_store_set_closed_error (error);
  return self->read_conn;
}

GPtrArray *
_cpis_hub_store_read_all (CpisHubStore      *self,
                          const char        *what,
                          const char        *sql,
                          const StoreValue  *params,
                          guint              n_params,
                          StoreRowMapper     map,
                          GDestroyNotify     free_record,
                          GError           **error)
{
  return _cpis_hub_store_read_all_with (self, what, sql, params, n_params, map, NULL,
                                        free_record, error);
}

GPtrArray *
_cpis_hub_store_read_all_with (CpisHubStore      *self,
                               const char        *what,
                               const char        *sql,
                               const StoreValue  *params,
                               guint              n_params,
                               StoreRowMapper     map,
                               gpointer           map_data,
                               GDestroyNotify     free_record,
                               GError           **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->read_mutex);
  g_autoptr(GPtrArray) records = NULL;
  StoreConn *conn = read_conn (self, error);
  Mapping mapping = { .map = map, .map_data = map_data };

  if (conn == NULL)
    return NULL;

  records = g_ptr_array_new_with_free_func (free_record);
  mapping.records = records;
  if (conn_query (conn, what, sql, params, n_params, take_all, &mapping, error) < 0)
    return NULL;

  return g_steal_pointer (&records);
}

int
_cpis_hub_store_read_each (CpisHubStore      *self,
                           const char        *what,
                           const char        *sql,
                           const StoreValue  *params,
                           guint              n_params,
                           StoreRowFunc       row_func,
                           gpointer           user_data,
                           GError           **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->read_mutex);
  StoreConn *conn = read_conn (self, error);

  if (conn == NULL)
    return -1;
  return conn_query (conn, what, sql, params, n_params, row_func, user_data, error);
}

gpointer
_cpis_hub_store_read_first (CpisHubStore      *self,
                            const char        *what,
                            const char        *sql,
                            const StoreValue  *params,
                            guint              n_params,
                            StoreRowMapper     map,
                            gpointer           map_data,
                            GError           **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->read_mutex);
  StoreConn *conn = read_conn (self, error);
  gpointer record = NULL;

  if (conn == NULL)
    return NULL;

  _cpis_hub_store_conn_first (conn, what, sql, params, n_params, map, map_data, &record, error);
  return record;
}

gint64
_cpis_hub_store_read_int64 (CpisHubStore      *self,
                            const char        *what,
                            const char        *sql,
                            const StoreValue  *params,
                            guint              n_params,
                            GError           **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->read_mutex);
  StoreConn *conn = read_conn (self, error);
  gint64 value = -1;
  int found;

  if (conn == NULL)
    return -1;

  found = _cpis_hub_store_conn_int64 (conn, what, sql, params, n_params, &value, error);
  if (found == 0)
    g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                 "Could not %s: the database returned no row", what);

  return found == 1 ? value : -1;
}
