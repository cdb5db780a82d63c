/* cpis-hub-store-private.h: what the store's own files share
 *
 * CpisHubStore is one object in several files, one concern each:
 *
 *   cpis-hub-store.c           the object: open, close, the design (read that first)
 *   cpis-hub-store-sql.c       connections, cached statements, and the query helpers
 *                              below, which every find, list and count goes through
 *   cpis-hub-store-schema.c    the schema, its migrations, each connection's pragmas
 *   cpis-hub-store-writer.c    the writer thread and group commit
 *   cpis-hub-store-users.c     organisations, users, tokens
 *   cpis-hub-store-patients.c  demographics
 *   cpis-hub-store-plans.c     plans, an LA's own plans, its upload exceptions
 *   cpis-hub-store-accesses.c  accesses and their notifications
 *   cpis-hub-store-tasks.c     notifications as Tasks (versions, notes), teams
 *   cpis-hub-store-subscriptions.c  Subscriptions and their events
 *
 * Nothing outside these files includes this header, but the store's tests
 * (for _cpis_hub_store_fail_next_write and _cpis_hub_store_hold_writes). The public cpis-hub-store.h names no
 * SQLite type.
 */
#pragma once

#include <sqlite3.h>

#include "cpis-hub-store.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/* Connections and jobs */

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
  const char     *table;         /* the table it is for (_cpis_hub_store_fail_next_write) */
  gpointer        data;
  GDestroyNotify  data_free;
  gboolean        returns_text;  /* the GTask returns out_text, else a boolean */

  GTask          *task;          /* async jobs; NULL for synchronous ones */
  gboolean        done;          /* synchronous jobs: set under queue_mutex */

  GError         *error;
  gint64          out_id;
  gint64          out_id2;
  char           *out_text;
  /* CpisHubSubscriptionEvent raised by the job (_cpis_hub_store_raise_events);
   * handed to the events watches once the batch is committed, dropped if the
   * job or its batch fails. NULL until the first. */
  GPtrArray      *out_events;
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
  gboolean    writes_held;      /* _cpis_hub_store_hold_writes, for tests */

  GMutex      close_mutex;
  guint64     n_batches;        /* writer thread only; for debugging output */
  char       *fail_next_write;  /* writer thread only; a table, for tests */

  GMutex      events_mutex;     /* the watches below, and calling them */
  GSList     *events_watches;   /* StoreEventsWatch (cpis-hub-store-subscriptions.c) */
  guint       next_watch_id;
};

/* ------------------------------------------------------------------------ */
/* Errors (cpis-hub-store.c) */

void                 _cpis_hub_store_set_closed_error       (GError             **error);
/* Always FALSE, for `return _cpis_hub_store_missing_field (…)` */
gboolean             _cpis_hub_store_missing_field          (GError             **error,
                                                             const char          *what);

/* ------------------------------------------------------------------------ */
/* Connections and statements (cpis-hub-store-sql.c) */

/* "Could not @what: " and SQLite's message, which names tables, columns and
 * constraints, never values. A unique key is EXISTS, a foreign key NOT_FOUND. */
void                 _cpis_hub_store_set_sqlite_error       (GError             **error,
                                                             sqlite3             *db,
                                                             int                  rc,
                                                             const char          *what);
StoreConn           *_cpis_hub_store_conn_open              (const char          *path,
                                                             GError             **error);
void                 _cpis_hub_store_conn_free              (StoreConn           *conn);
/* Rolls back the transaction @conn has open, if any (a warning if it cannot) */
void                 _cpis_hub_store_conn_rollback_if_open  (StoreConn           *conn);

/* ------------------------------------------------------------------------ */
/* The query helpers (cpis-hub-store-sql.c)
 *
 * Each prepares its SQL once per connection (the text is the cache's key: a
 * string literal), binds @params to ?1, ?2, … in order, steps, and resets
 * the statement before it returns. @what says what the query is for, in
 * the error: "Could not list the plans: …". */

typedef enum
{
  STORE_VALUE_TEXT,     /* NULL binds SQL NULL */
  STORE_VALUE_INT64,
} StoreValueType;

typedef struct
{
  StoreValueType type;
  union
  {
    const char *text;
    gint64      int64;
  };
} StoreValue;

#define STORE_TEXT(value)  { .type = STORE_VALUE_TEXT, .text = (value) }
#define STORE_INT64(value) { .type = STORE_VALUE_INT64, .int64 = (value) }

/* The @params, n_params pair of a helper:
 * STORE_PARAMS (STORE_TEXT (nhs_number), STORE_INT64 (limit)) */
#define STORE_PARAMS(...) \
  ((const StoreValue[]) { __VA_ARGS__ }), \
  G_N_ELEMENTS (((const StoreValue[]) { __VA_ARGS__ }))
#define STORE_NO_PARAMS NULL, 0

/* The row-mapper: makes one record of the statement's current row */
typedef gpointer (*StoreRowMapper) (sqlite3_stmt *stmt,
                                    gpointer      user_data);

/* On the read connection, under its lock; CLOSED once the store is closed.
 *
 * Every row mapped, in the query's order, into an array that frees its
 * records with @free_record; NULL with @error set on failure. */
GPtrArray           *_cpis_hub_store_read_all               (CpisHubStore        *self,
                                                             const char          *what,
                                                             const char          *sql,
                                                             const StoreValue    *params,
                                                             guint                n_params,
                                                             StoreRowMapper       map,
                                                             GDestroyNotify       free_record,
                                                             GError             **error);
/* The same, @map getting @map_data (a page's total read from its rows, say) */
GPtrArray           *_cpis_hub_store_read_all_with          (CpisHubStore        *self,
                                                             const char          *what,
                                                             const char          *sql,
                                                             const StoreValue    *params,
                                                             guint                n_params,
                                                             StoreRowMapper       map,
                                                             gpointer             map_data,
                                                             GDestroyNotify       free_record,
                                                             GError             **error);
/* Takes one row; FALSE stops the query there */
typedef gboolean (*StoreRowFunc) (sqlite3_stmt *stmt,
                                  gpointer      user_data);

/* Each row handed to @row_func, in the query's order, with nothing kept
 * (figures counted over many rows); the number of rows, or -1 with @error */
int                  _cpis_hub_store_read_each              (CpisHubStore        *self,
                                                             const char          *what,
                                                             const char          *sql,
                                                             const StoreValue    *params,
                                                             guint                n_params,
                                                             StoreRowFunc         row_func,
                                                             gpointer             user_data,
                                                             GError             **error);
/* The first row mapped (@map gets @map_data); NULL without error if there is none */
gpointer             _cpis_hub_store_read_first             (CpisHubStore        *self,
                                                             const char          *what,
                                                             const char          *sql,
                                                             const StoreValue    *params,
                                                             guint                n_params,
                                                             StoreRowMapper       map,
                                                             gpointer             map_data,
                                                             GError             **error);
/* The first column of the first row (a count); -1 with @error set */
gint64               _cpis_hub_store_read_int64             (CpisHubStore        *self,
                                                             const char          *what,
                                                             const char          *sql,
                                                             const StoreValue    *params,
                                                             guint                n_params,
                                                             GError             **error);

/* On a connection the caller holds: a job's (the writer thread's), or the
 * opener's while it migrates.
 *
 * A statement that returns no rows (a row is an error). */
gboolean             _cpis_hub_store_conn_exec              (StoreConn           *conn,
                                                             const char          *what,
                                                             const char          *sql,
                                                             const StoreValue    *params,
                                                             guint                n_params,
                                                             GError             **error);
/* 1 and the first column of the first row in @value (may be NULL: only
 * whether there is a row); 0 if there is no row; -1 with @error set. */
int                  _cpis_hub_store_conn_int64             (StoreConn           *conn,
                                                             const char          *what,
                                                             const char          *sql,
                                                             const StoreValue    *params,
                                                             guint                n_params,
                                                             gint64              *value,
                                                             GError             **error);
/* 1 and the first row mapped into @record; 0 if there is no row; -1 with @error set */
int                  _cpis_hub_store_conn_first             (StoreConn           *conn,
                                                             const char          *what,
                                                             const char          *sql,
                                                             const StoreValue    *params,
                                                             guint                n_params,
                                                             StoreRowMapper       map,
                                                             gpointer             map_data,
                                                             gpointer            *record,
                                                             GError             **error);

/* A copy of a text column; NULL for SQL NULL */
char                *_cpis_hub_store_column_dup             (sqlite3_stmt        *stmt,
                                                             int                  column);
/* Every row mapped, in the query's order, into @records (which frees its
 * own); the number of rows, or -1 with @error set */
int                  _cpis_hub_store_conn_all               (StoreConn           *conn,
                                                             const char          *what,
                                                             const char          *sql,
                                                             const StoreValue    *params,
                                                             guint                n_params,
                                                             StoreRowMapper       map,
                                                             gpointer             map_data,
                                                             GPtrArray           *records,
                                                             GError             **error);

/* A row-mapper: the first column as text (g_free) */
gpointer             _cpis_hub_store_text_from_row          (sqlite3_stmt        *stmt,
                                                             gpointer             user_data);

/* ------------------------------------------------------------------------ */
/* Schema and connection set-up (cpis-hub-store-schema.c) */

/* Opens the write connection: refuses a file newer than this program before
 * touching it, then WAL, synchronous=FULL, foreign keys, and migrates it to
 * the latest schema (its version in @version). */
StoreConn           *_cpis_hub_store_open_write_conn        (const char          *path,
                                                             int                 *version,
                                                             GError             **error);
/* Opens the read connection: query_only, foreign keys */
StoreConn           *_cpis_hub_store_open_read_conn         (const char          *path,
                                                             GError             **error);
/* For tests only: creates the file at @path (or migrates an older one) up to
 * schema @version and no further, and closes it: a database as an older hub
 * made it, to open with cpis_hub_store_open() and see it migrated. */
gboolean             _cpis_hub_store_create_at_version      (const char          *path,
                                                             int                  version,
                                                             GError             **error);

/* ------------------------------------------------------------------------ */
/* The writer thread (cpis-hub-store-writer.c) */

gboolean             _cpis_hub_store_writer_start           (CpisHubStore        *self,
                                                             GError             **error);
/* Refuses new jobs, lets the queued ones commit, joins the thread */
void                 _cpis_hub_store_writer_stop            (CpisHubStore        *self);

/* A heap job for _cpis_hub_store_run_async, owning @data */
StoreJob            *_cpis_hub_store_job_new                (StoreJobFunc         run,
                                                             const char          *table,
                                                             gpointer             data,
                                                             GDestroyNotify       data_free);
/* Queues @job (the caller's, usually on its stack) and waits until its
 * batch is committed or has failed. */
gboolean             _cpis_hub_store_run_sync               (CpisHubStore        *self,
                                                             StoreJob            *job,
                                                             GError             **error);
/* Takes @job (from _cpis_hub_store_job_new) */
void                 _cpis_hub_store_run_async              (CpisHubStore        *self,
                                                             StoreJob            *job,
                                                             gpointer             source_tag,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);

/* For tests only. The next write job for @table ("plans", "patients", …:
 * StoreJob.table) queued after this call runs, writing its rows inside its
 * savepoint, and then fails as a failing statement would: the savepoint is
 * rolled back, so nothing of it stays, and its caller gets a
 * CPIS_HUB_STORE_ERROR_FAILED. Once; the jobs around it are untouched. */
void                 _cpis_hub_store_fail_next_write        (CpisHubStore        *self,
                                                             const char          *table);
/* For tests only. The writer takes no job until
 * _cpis_hub_store_release_writes: jobs queue up, their callers wait (a
 * request that writes stays held), reads go on. Closing the store is not
 * held. */
void                 _cpis_hub_store_hold_writes            (CpisHubStore        *self);
void                 _cpis_hub_store_release_writes         (CpisHubStore        *self);

/* ------------------------------------------------------------------------ */
/* Subscriptions (cpis-hub-store-subscriptions.c) */

/* In a job that has just written version @version of the notification
 * @notification_id: one event for each Subscription to @topic ("new-
 * notification" for version 1, "notification-changed" for later ones) of a
 * social worker of the notification's LA, numbered on from the
 * Subscription's last, written in the job's transaction and kept in
 * @job->out_events for the watches. */
gboolean             _cpis_hub_store_raise_events           (StoreConn           *conn,
                                                             StoreJob            *job,
                                                             const char          *notification_id,
                                                             gint64               version,
                                                             gint64               raised_usec,
                                                             GError             **error);
/* The writer, once a batch is committed: the events of @jobs, in order,
 * taken from them (NULL if there are none) … */
GPtrArray           *_cpis_hub_store_take_events            (StoreJob           **jobs,
                                                             guint                n_jobs);
/* … and handed to the watches */
void                 _cpis_hub_store_deliver_events         (CpisHubStore        *self,
                                                             GPtrArray           *events);

/* ------------------------------------------------------------------------ */
/* Organisations (cpis-hub-store-users.c), read with users and plans */

#define ORG_COLUMNS \
  "o.id, o.ods_code, o.name, o.kind, o.phone_office, o.phone_emergency, o.area, o.setting_kind," \
  " o.both_care_settings"
#define N_ORG_COLUMNS 9

/* A row-mapper: ORG_COLUMNS from the first column */
gpointer             _cpis_hub_store_organisation_from_row     (sqlite3_stmt  *stmt,
                                                                gpointer       user_data);
/* ORG_COLUMNS from @first */
CpisHubOrganisation *_cpis_hub_store_organisation_from_columns (sqlite3_stmt  *stmt,
                                                                int            first);
/* In a job: 1 and the id of the organisation with @ods_code, 0 if there is
 * none, -1 on error */
int                  _cpis_hub_store_lookup_organisation_id    (StoreConn     *conn,
                                                                const char    *ods_code,
                                                                gint64        *id,
                                                                GError       **error);

G_END_DECLS
