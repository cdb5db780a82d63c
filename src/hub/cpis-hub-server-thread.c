/* cpis-hub-server-thread.c: the hub's server in a thread of its own */
#include "cpis-hub-server-thread.h"

struct _CpisHubServerThread
{
  CpisHubStore     *store;
  CpisHubClockFunc  clock;
  gpointer          clock_data;
  guint16           port;

  /* the server lives in @thread, on @context */
  GThread          *thread;
  GMainContext     *context;
  GMainLoop        *loop;

  GMutex            mutex;
  GCond             cond;
  gboolean          ready;        /* under @mutex, as are the three below */
  GError           *listen_error;
  char             *base_url;
  char             *origin;
  CpisHubServer    *server;       /* set before ready; the thread's */
};

static gpointer
server_thread (gpointer data)
{
  CpisHubServerThread *self = data;
  g_autoptr(CpisHubServer) server = NULL;
  GError *error = NULL;

  g_main_context_push_thread_default (self->context);

  server = cpis_hub_server_new (self->store);
  if (self->clock != NULL)
    cpis_hub_server_set_clock (server, self->clock, self->clock_data);
  cpis_hub_server_listen (server, "127.0.0.1", self->port, NULL, NULL, &error);

  g_mutex_lock (&self->mutex);
  self->listen_error = error;
  if (error == NULL)
    {
      self->base_url = g_strdup (cpis_hub_server_get_base_url (server));
      self->origin = g_strdup (cpis_hub_server_get_origin (server));
      self->server = server;
    }
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (error == NULL)
    g_main_loop_run (self->loop);

  cpis_hub_server_disconnect (server);
  g_clear_object (&server);
  /* let closing connections finish in this context */
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

CpisHubServerThread *
cpis_hub_server_thread_start (CpisHubStore      *store,
                              const char        *name,
                              CpisHubClockFunc   clock,
                              gpointer           clock_data,
                              GError           **error)
{
  return cpis_hub_server_thread_start_on_port (store, name, 0, clock, clock_data, error);
}

CpisHubServerThread *
cpis_hub_server_thread_start_on_port (CpisHubStore      *store,
                                      const char        *name,
                                      guint16            port,
                                      CpisHubClockFunc   clock,
                                      gpointer           clock_data,
                                      GError           **error)
{
  g_autoptr(CpisHubServerThread) self = NULL;
  GError *listen_error;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (CpisHubServerThread, 1);
  self->store = g_object_ref (store);
  self->clock = clock;
  self->clock_data = clock_data;
  self->port = port;
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new (name, server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->mutex);
  listen_error = g_steal_pointer (&self->listen_error);
  g_mutex_unlock (&self->mutex);

  if (listen_error != NULL)
    {
      g_propagate_error (error, listen_error);
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
cpis_hub_server_thread_get_base_url (CpisHubServerThread *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->base_url;
}

CpisHubServer *
cpis_hub_server_thread_get_server (CpisHubServerThread *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->server;
}

const char *
cpis_hub_server_thread_get_origin (CpisHubServerThread *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->origin;
}

void
cpis_hub_server_thread_stop (CpisHubServerThread *self)
{
  g_return_if_fail (self != NULL);

  /* the thread quits at once after a failed listen */
  g_main_context_invoke (self->context, quit_loop_cb, self->loop);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_clear_error (&self->listen_error);
  g_clear_object (&self->store);
  g_free (self->base_url);
  g_free (self->origin);
  g_free (self);
}
