/* cpis-hub-store.c: the hub's database (SQLite)
 *
 * The store is one object in a few files (the list is at the top of
 * cpis-hub-store-private.h): this one opens and closes it; the schema and
 * its migrations, the writer thread, and the queries of each resource have
 * files of their own, each with its rules at the top.
 *
 * Connections and threads:
 *
 *  - The read connection serves every find/list/count call, from any
 *    thread, one at a time under read_mutex. WAL lets it read the last
 *    committed state while the writer is busy. It is query_only.
 *
 *  - The write connection belongs to the writer thread; no other thread
 *    touches it once the store is open. Every write is a job on the
 *    writer's queue, committed in groups (cpis-hub-store-writer.c), and
 *    answered only after its COMMIT. The main loop never waits for the
 *    disk.
 *
 * Error messages name what failed, never the patient: no names, no dates of
 * birth, no NHS numbers.
 */
#include "cpis-hub-store-private.h"

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

/* ------------------------------------------------------------------------ */
/* Errors */

void
_cpis_hub_store_set_closed_error (GError **error)
{
  g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_CLOSED,
                       "The hub store is closed");
}

gboolean
_cpis_hub_store_missing_field (GError     **error,
                               const char  *what)
{
  g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
               "Could not store the record: %s is missing", what);
  return FALSE;
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

  /* The writer's first: it migrates before anyone reads */
  self->write_conn = _cpis_hub_store_open_write_conn (self->path, &version, error);
  if (self->write_conn == NULL)
    return FALSE;
  self->schema_version = version;

  self->read_conn = _cpis_hub_store_open_read_conn (self->path, error);
  if (self->read_conn == NULL)
    return FALSE;

  return _cpis_hub_store_writer_start (self, error);
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
  g_clear_pointer (&self->fail_next_write, g_free);
  g_mutex_clear (&self->read_mutex);
  g_mutex_clear (&self->queue_mutex);
  g_mutex_clear (&self->close_mutex);
  g_mutex_clear (&self->events_mutex);
  g_slist_free_full (g_steal_pointer (&self->events_watches), g_free);
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
  g_mutex_init (&self->events_mutex);
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
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (CPIS_HUB_IS_STORE (self));

  locker = g_mutex_locker_new (&self->close_mutex);

  _cpis_hub_store_writer_stop (self);

  {
    g_autoptr(GMutexLocker) read_locker = g_mutex_locker_new (&self->read_mutex);

    g_clear_pointer (&self->read_conn, _cpis_hub_store_conn_free);
  }

  /* Closed last: the last connection checkpoints the WAL into the file */
  g_clear_pointer (&self->write_conn, _cpis_hub_store_conn_free);
}

int
cpis_hub_store_get_schema_version (CpisHubStore *self)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), 0);

  return self->schema_version;
}
