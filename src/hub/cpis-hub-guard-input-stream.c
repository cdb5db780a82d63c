/* cpis-hub-guard-input-stream.c: a connection's input, counted as it is read */
#include "cpis-hub-guard-input-stream.h"

typedef enum
{
  GUARD_PASSING,
  GUARD_STALLED,
  GUARD_FAILED,
} GuardState;

struct _CpisHubGuardInputStream
{
  GFilterInputStream parent_instance;

  CpisHubGuardFunc   func;       /* NULL once released */
  gpointer           user_data;
  GuardState         state;
  GSList            *stalled;    /* GSource *: sources made while stalled, woken when that ends */
};

static void pollable_iface_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CpisHubGuardInputStream, cpis_hub_guard_input_stream,
                               G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      pollable_iface_init))

static GInputStream *
base_of (CpisHubGuardInputStream *self)
{
  return g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
}

/* What a read may give the reader, once @n bytes were read from the base */
static gssize
offer (CpisHubGuardInputStream  *self,
       const void               *buffer,
       gssize                    n,
       GError                  **error)
{
  if (n <= 0 || self->func == NULL || self->state != GUARD_PASSING)
    return n;

  if (!self->func (buffer, (gsize) n, self->user_data))
    {
      /* what was read is dropped: the request is refused whole */
      self->state = GUARD_STALLED;
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                           "The request is being refused");
      return -1;
    }
  return n;
}

/* FALSE (with @error) if a read may not go to the base now */
static gboolean
may_read (CpisHubGuardInputStream  *self,
          GError                  **error)
{
  switch (self->state)
    {
    case GUARD_STALLED:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                           "The request is being refused");
      return FALSE;
    case GUARD_FAILED:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                           "The request was refused");
      return FALSE;
    case GUARD_PASSING:
    default:
      return TRUE;
    }
}

static gssize
guard_read (GInputStream  *stream,
            void          *buffer,
            gsize          count,
            GCancellable  *cancellable,
            GError       **error)
{
  CpisHubGuardInputStream *self = CPIS_HUB_GUARD_INPUT_STREAM (stream);

  if (!may_read (self, error))
    return -1;
  return offer (self, buffer,
                g_input_stream_read (base_of (self), buffer, count, cancellable, error), error);
}

static gboolean
guard_can_poll (GPollableInputStream *stream)
{
  GInputStream *base = base_of (CPIS_HUB_GUARD_INPUT_STREAM (stream));

  return G_IS_POLLABLE_INPUT_STREAM (base) &&
         g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (base));
}

static gboolean
guard_is_readable (GPollableInputStream *stream)
{
  CpisHubGuardInputStream *self = CPIS_HUB_GUARD_INPUT_STREAM (stream);

  if (self->state == GUARD_STALLED)
    return FALSE;
  if (self->state == GUARD_FAILED)
    return TRUE;
  return g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (base_of (self)));
}

static GSource *
guard_create_source (GPollableInputStream *stream,
                     GCancellable         *cancellable)
{
  CpisHubGuardInputStream *self = CPIS_HUB_GUARD_INPUT_STREAM (stream);
  GSource *base_source;
  GSource *source;

  if (self->state != GUARD_STALLED)
    {
      base_source = g_pollable_input_stream_create_source (
        G_POLLABLE_INPUT_STREAM (base_of (self)), NULL);
      source = g_pollable_source_new_full (self, base_source, cancellable);
      g_source_unref (base_source);
      return source;
    }

  /* fires only when the stall ends (wake_stalled) */
  source = g_pollable_source_new_full (self, NULL, cancellable);
  self->stalled = g_slist_prepend (self->stalled, g_source_ref (source));
  return source;
}

static gssize
guard_read_nonblocking (GPollableInputStream  *stream,
                        void                  *buffer,
                        gsize                  count,
                        GError               **error)
{
  CpisHubGuardInputStream *self = CPIS_HUB_GUARD_INPUT_STREAM (stream);

  if (!may_read (self, error))
    return -1;
  return offer (self, buffer,
                g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (base_of (self)),
                                                          buffer, count, NULL, error),
                error);
}

static void
pollable_iface_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = guard_can_poll;
  iface->is_readable = guard_is_readable;
  iface->create_source = guard_create_source;
  iface->read_nonblocking = guard_read_nonblocking;
}

/* The sources made while stalled fire, so that whoever waits reads again */
static void
wake_stalled (CpisHubGuardInputStream *self)
{
  for (GSList *l = self->stalled; l != NULL; l = l->next)
    {
      GSource *source = l->data;

      if (!g_source_is_destroyed (source))
        g_source_set_ready_time (source, 0);
      g_source_unref (source);
    }
  g_clear_pointer (&self->stalled, g_slist_free);
}

static void
cpis_hub_guard_input_stream_dispose (GObject *object)
{
  CpisHubGuardInputStream *self = CPIS_HUB_GUARD_INPUT_STREAM (object);

  g_slist_free_full (g_steal_pointer (&self->stalled), (GDestroyNotify) g_source_unref);
  G_OBJECT_CLASS (cpis_hub_guard_input_stream_parent_class)->dispose (object);
}

static void
cpis_hub_guard_input_stream_class_init (CpisHubGuardInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  object_class->dispose = cpis_hub_guard_input_stream_dispose;
  input_class->read_fn = guard_read;
}

static void
cpis_hub_guard_input_stream_init (CpisHubGuardInputStream *self)
{
}

GInputStream *
cpis_hub_guard_input_stream_new (GInputStream     *base,
                                 CpisHubGuardFunc  func,
                                 gpointer          user_data)
{
  CpisHubGuardInputStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);

  /* the connection closes the base itself */
  self = g_object_new (CPIS_HUB_TYPE_GUARD_INPUT_STREAM, "base-stream", base,
                       "close-base-stream", FALSE, NULL);
  self->func = func;
  self->user_data = user_data;
  return G_INPUT_STREAM (self);
}

void
cpis_hub_guard_input_stream_release (CpisHubGuardInputStream *self)
{
  g_return_if_fail (CPIS_HUB_IS_GUARD_INPUT_STREAM (self));

  self->func = NULL;
  self->user_data = NULL;
  if (self->state == GUARD_STALLED)
    self->state = GUARD_PASSING;
  wake_stalled (self);
}

void
cpis_hub_guard_input_stream_fail (CpisHubGuardInputStream *self)
{
  g_return_if_fail (CPIS_HUB_IS_GUARD_INPUT_STREAM (self));

  self->func = NULL;
  self->user_data = NULL;
  self->state = GUARD_FAILED;
  wake_stalled (self);
}
