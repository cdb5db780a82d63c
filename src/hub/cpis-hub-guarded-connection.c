/* cpis-hub-guarded-connection.c: a client's connection, its input guarded */
#include "cpis-hub-guarded-connection.h"

struct _CpisHubGuardedConnection
{
  GIOStream          parent_instance;

  GSocketConnection *base;
  GInputStream      *input;  /* the guard, over the base's input */
};

G_DEFINE_FINAL_TYPE (CpisHubGuardedConnection, cpis_hub_guarded_connection, G_TYPE_IO_STREAM)

static GInputStream *
get_input_stream (GIOStream *stream)
{
  return CPIS_HUB_GUARDED_CONNECTION (stream)->input;
}

static GOutputStream *
get_output_stream (GIOStream *stream)
{
  return g_io_stream_get_output_stream (G_IO_STREAM (CPIS_HUB_GUARDED_CONNECTION (stream)->base));
}

static gboolean
close_fn (GIOStream     *stream,
          GCancellable  *cancellable,
          GError       **error)
{
  CpisHubGuardedConnection *self = CPIS_HUB_GUARDED_CONNECTION (stream);

  g_input_stream_close (self->input, cancellable, NULL);
  return g_io_stream_close (G_IO_STREAM (self->base), cancellable, error);
}

static void
cpis_hub_guarded_connection_dispose (GObject *object)
{
  CpisHubGuardedConnection *self = CPIS_HUB_GUARDED_CONNECTION (object);

  g_clear_object (&self->input);
  g_clear_object (&self->base);
  G_OBJECT_CLASS (cpis_hub_guarded_connection_parent_class)->dispose (object);
}

static void
cpis_hub_guarded_connection_class_init (CpisHubGuardedConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = cpis_hub_guarded_connection_dispose;
  stream_class->get_input_stream = get_input_stream;
  stream_class->get_output_stream = get_output_stream;
  stream_class->close_fn = close_fn;
}

static void
cpis_hub_guarded_connection_init (CpisHubGuardedConnection *self)
{
}

GIOStream *
cpis_hub_guarded_connection_new (GSocketConnection *base,
                                 CpisHubGuardFunc   func,
                                 gpointer           user_data)
{
  CpisHubGuardedConnection *self;

  g_return_val_if_fail (G_IS_SOCKET_CONNECTION (base), NULL);

  self = g_object_new (CPIS_HUB_TYPE_GUARDED_CONNECTION, NULL);
  self->base = g_object_ref (base);
  self->input = cpis_hub_guard_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (base)),
                                                 func, user_data);
  return G_IO_STREAM (self);
}

CpisHubGuardInputStream *
cpis_hub_guarded_connection_get_guard (CpisHubGuardedConnection *self)
{
  g_return_val_if_fail (CPIS_HUB_IS_GUARDED_CONNECTION (self), NULL);

  return CPIS_HUB_GUARD_INPUT_STREAM (self->input);
}

GSocket *
cpis_hub_connection_get_socket (GIOStream *stream)
{
  if (G_IS_SOCKET_CONNECTION (stream))
    return g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
  if (CPIS_HUB_IS_GUARDED_CONNECTION (stream))
    return g_socket_connection_get_socket (CPIS_HUB_GUARDED_CONNECTION (stream)->base);
  return NULL;
}
