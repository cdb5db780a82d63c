/* cpis-hub-store-writer.c: the writer thread and group commit
 *
 * The write connection belongs to the writer thread; no other thread
 * touches it once the store is open. EVERY write goes through the writer's
 * queue: the _async calls queue a job with a GTask, and the synchronous
 * writers (put_organisation, add_user, put_patient, put_plan,
 * record_access) queue the same kind of job without a task and wait on
 * done_cond until the writer has committed it. So there is no second lock
 * on the write connection, and the synchronous writers join the same group
 * commits as everyone else.
 *
 * Group commit: the writer sleeps until a job is queued, then takes it and
 * whatever else is waiting (up to BATCH_MAX), and runs them all in one
 * BEGIN IMMEDIATE … COMMIT, each job inside its own SAVEPOINT so that a job
 * that fails rolls back only itself. Only after COMMIT has returned (and
 * so, with synchronous=FULL, after the fsync) does it complete the jobs:
 * g_task_return_*() delivers the callback on the GMainContext where the
 * task was created, and synchronous callers are woken. If BEGIN or COMMIT
 * fails, every job of the batch fails. The main loop never waits for the
 * disk.
 */
#include "cpis-hub-store-private.h"

#define BATCH_MAX 512

/* Queued by close: the writer stops when it reaches it */
static char stop_sentinel;

static void
store_job_free (StoreJob *job)
{
  if (job->data_free != NULL)
    g_clear_pointer (&job->data, job->data_free);
  g_clear_error (&job->error);
  g_clear_pointer (&job->out_text, g_free);
  g_clear_pointer (&job->out_events, g_ptr_array_unref);
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
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->queue_mutex);

      job->done = TRUE;
      g_cond_broadcast (&self->done_cond);
    }
}

static gboolean
exec_cached (StoreConn   *conn,
             const char  *sql,
             const char  *what,
             GError     **error)
{
  return _cpis_hub_store_conn_exec (conn, what, sql, STORE_NO_PARAMS, error);
}

/* _cpis_hub_store_fail_next_write: @job has run, its rows are written
 * inside its savepoint, and it now fails as a failing statement would. */
static gboolean
injected_failure (CpisHubStore *self,
                  StoreJob     *job)
{
  if (G_LIKELY (self->fail_next_write == NULL) ||
      g_strcmp0 (self->fail_next_write, job->table) != 0)
    return FALSE;

  g_clear_pointer (&self->fail_next_write, g_free);
  g_set_error (&job->error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
               "Could not write to %s: a test made the write fail", job->table);
  return TRUE;
}

/* Runs @job in its own savepoint; FALSE (with @batch_error set) when the
 * whole batch has to fail */
static gboolean
store_run_job (CpisHubStore  *self,
               StoreJob      *job,
               GError       **batch_error)
{
  StoreConn *conn = self->write_conn;
  GCancellable *cancellable = job->task != NULL ? g_task_get_cancellable (job->task) : NULL;

  /* Cancelled while queued: never run. Once run and committed, a job
   * reports success even if cancelled meanwhile (see
   * g_task_set_check_cancellable in _cpis_hub_store_run_async): it did
   * happen. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &job->error))
    return TRUE;

  if (!exec_cached (conn, "SAVEPOINT job", "start a savepoint", batch_error))
    return FALSE;

  if (job->run (conn, job, &job->error) && !injected_failure (self, job))
    return exec_cached (conn, "RELEASE job", "release a savepoint", batch_error);

  /* A job that fails says why; one that does not still fails */
  if (job->error == NULL)
    g_set_error_literal (&job->error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                         "Could not write to the hub database");
  g_clear_pointer (&job->out_text, g_free);
  /* rolled back: nothing was raised */
  g_clear_pointer (&job->out_events, g_ptr_array_unref);

  /* Some failures (disk full, I/O) roll back the whole transaction,
   * and with it the jobs before this one. */
  if (sqlite3_get_autocommit (conn->db))
    {
      g_set_error_literal (batch_error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                           "The database rolled back the transaction");
      return FALSE;
    }

  return exec_cached (conn, "ROLLBACK TO job", "roll back a savepoint", batch_error) &&
         exec_cached (conn, "RELEASE job", "release a savepoint", batch_error);
}

static void
store_run_batch (CpisHubStore  *self,
                 StoreJob     **jobs,
                 guint          n_jobs)
{
  StoreConn *conn = self->write_conn;
  g_autoptr(GError) batch_error = NULL;
  g_autoptr(GPtrArray) events = NULL;

  self->n_batches++;

  if (exec_cached (conn, "BEGIN IMMEDIATE", "start a transaction", &batch_error))
    {
      for (guint i = 0; i < n_jobs; i++)
        {
          if (!store_run_job (self, jobs[i], &batch_error))
            break;
        }

      if (batch_error == NULL)
        exec_cached (conn, "COMMIT", "commit a transaction", &batch_error);

      if (batch_error != NULL)
        _cpis_hub_store_conn_rollback_if_open (conn);
    }

  /* on disk: now, and only now, may anyone hear of what it raised; the
   * events are taken from the jobs first (a synchronous caller owns its
   * job once it is completed), and told once the jobs' answers are on
   * their way (a clinician's check before the push it raised) */
  if (batch_error == NULL)
    events = _cpis_hub_store_take_events (jobs, n_jobs);

  for (guint i = 0; i < n_jobs; i++)
    {
      if (batch_error != NULL)
        {
          if (jobs[i]->error == NULL)
            jobs[i]->error = g_error_copy (batch_error);
          g_clear_pointer (&jobs[i]->out_text, g_free);
          g_clear_pointer (&jobs[i]->out_events, g_ptr_array_unref);
        }

      store_job_complete (self, jobs[i]);
    }

  if (events != NULL)
    _cpis_hub_store_deliver_events (self, events);
}

/* Waits for jobs and takes up to BATCH_MAX of them into @jobs; sets @stop
 * when it reaches the stop sentinel */
static guint
store_take_jobs (CpisHubStore  *self,
                 StoreJob     **jobs,
                 gboolean      *stop)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->queue_mutex);
  guint n_jobs = 0;

  /* Held (for tests): wait, but let close() through */
  while (g_queue_is_empty (&self->queue) || (self->writes_held && !self->closing))
    g_cond_wait (&self->queue_cond, &self->queue_mutex);

  while (n_jobs < BATCH_MAX && !g_queue_is_empty (&self->queue))
    {
      gpointer job = g_queue_pop_head (&self->queue);

      if (job == &stop_sentinel)
        {
          /* close() queues it last, after setting closing */
          *stop = TRUE;
          break;
        }
      jobs[n_jobs++] = job;
    }

  return n_jobs;
}

static gpointer
store_writer_thread (gpointer data)
{
  CpisHubStore *self = data;   /* close() joins this thread before finalize */
  gboolean stop = FALSE;
  StoreJob **jobs = g_new (StoreJob *, BATCH_MAX);

  while (!stop)
    {
      guint n_jobs = store_take_jobs (self, jobs, &stop);

      if (n_jobs > 0)
        store_run_batch (self, jobs, n_jobs);
    }

  g_debug ("Hub store writer: %" G_GUINT64_FORMAT " group commits", self->n_batches);
  g_free (jobs);
  return NULL;
}

gboolean
_cpis_hub_store_writer_start (CpisHubStore  *self,
                              GError       **error)
{
  self->writer = g_thread_try_new ("cpis-hub-writer", store_writer_thread, self, error);
  return self->writer != NULL;
}

void
_cpis_hub_store_writer_stop (CpisHubStore *self)
{
  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->queue_mutex);

    self->closing = TRUE;
    if (self->writer != NULL)
      {
        /* Last in the queue: every job before it still runs and completes */
        g_queue_push_tail (&self->queue, &stop_sentinel);
        g_cond_signal (&self->queue_cond);
      }
  }

  if (self->writer != NULL)
    {
      g_thread_join (self->writer);   /* also drops the thread's reference */
      self->writer = NULL;
    }
}

/* ------------------------------------------------------------------------ */
/* Queueing */

static gboolean
store_enqueue (CpisHubStore  *self,
               StoreJob      *job,
               GError       **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->queue_mutex);

  if (self->closing || self->writer == NULL)
    {
      _cpis_hub_store_set_closed_error (error);
      return FALSE;
    }

  g_queue_push_tail (&self->queue, job);
  g_cond_signal (&self->queue_cond);
  return TRUE;
}

StoreJob *
_cpis_hub_store_job_new (StoreJobFunc    run,
                         const char     *table,
                         gpointer        data,
                         GDestroyNotify  data_free)
{
  StoreJob *job = g_new0 (StoreJob, 1);

  job->run = run;
  job->table = table;
  job->data = data;
  job->data_free = data_free;
  return job;
}

gboolean
_cpis_hub_store_run_sync (CpisHubStore  *self,
                          StoreJob      *job,
                          GError       **error)
{
  if (!store_enqueue (self, job, error))
    return FALSE;

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->queue_mutex);

    while (!job->done)
      g_cond_wait (&self->done_cond, &self->queue_mutex);
  }

  if (job->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->error));
      g_clear_pointer (&job->out_text, g_free);
      return FALSE;
    }

  return TRUE;
}

void
_cpis_hub_store_run_async (CpisHubStore        *self,
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
/* Fault injection, for tests */

typedef struct
{
  CpisHubStore *store;
  const char   *table;
} FailNextWrite;

/* On the writer thread, in queue order: the jobs queued after this one see it */
static gboolean
fail_next_write_run (StoreConn  *conn,
                     StoreJob   *job,
                     GError    **error)
{
  FailNextWrite *data = job->data;

  g_free (data->store->fail_next_write);
  data->store->fail_next_write = g_strdup (data->table);
  return TRUE;
}

void
_cpis_hub_store_fail_next_write (CpisHubStore *self,
                                 const char   *table)
{
  FailNextWrite data = { .store = self, .table = table };
  StoreJob job = { .run = fail_next_write_run, .data = &data };
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CPIS_HUB_IS_STORE (self));
  g_return_if_fail (table != NULL);

  if (!_cpis_hub_store_run_sync (self, &job, &error))
    g_critical ("Could not arm the write failure: %s", error->message);
}

void
_cpis_hub_store_hold_writes (CpisHubStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (CPIS_HUB_IS_STORE (self));

  locker = g_mutex_locker_new (&self->queue_mutex);
  self->writes_held = TRUE;
}

void
_cpis_hub_store_release_writes (CpisHubStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (CPIS_HUB_IS_STORE (self));

  locker = g_mutex_locker_new (&self->queue_mutex);
  self->writes_held = FALSE;
  g_cond_signal (&self->queue_cond);
}
