/* cpis-hub-ws-stream.c: a websocket client's bytes, read through a budget
 * (cpis-hub-ws-stream.h says why)
 *
 * Two types: CpisHubWsStream, the GIOStream libsoup is given, and the
 * pollable filter input stream inside it that keeps the budget. Bytes are
 * charged after they are read (a read never asks for more than libsoup's
 * buffer, 1 KiB); the read that takes the balance below zero fails, and so
 * does every read after it.
 */
#include "cpis-hub-ws-stream.h"

/* ------------------------------------------------------------------------ */
/* The budget input stream */

#define CPIS_HUB_TYPE_WS_BUDGET_STREAM (cpis_hub_ws_budget_stream_get_type ())

G_DECLARE_FINAL_TYPE (CpisHubWsBudgetStream, cpis_hub_ws_budget_stream, CPIS_HUB, WS_BUDGET_STREAM,
                      GFilterInputStream)

struct _CpisHubWsBudgetStream
{
  GFilterInputStream parent_instance;

  double             burst;
  double             rate;         /* bytes per second */
  double             balance;
  gint64             refilled_usec; /* monotonic */
  gboolean           overspent;
};

static void cpis_hub_ws_budget_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CpisHubWsBudgetStream, cpis_hub_ws_budget_stream, G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      cpis_hub_ws_budget_stream_pollable_init))

/* Charges @n bytes just read; -1 with @error once the budget is spent */
static gssize
charge (CpisHubWsBudgetStream  *self,
        gssize                  n,
        GError                **error)
{
  gint64 now = g_get_monotonic_time ();

  if (n < 0)
    return n;

  self->balance = MIN (self->burst,
                       self->balance + self->rate * (now - self->refilled_usec) / G_USEC_PER_SEC);
  self->refilled_usec = now;
  self->balance -= n;

  if (self->balance < 0)
    self->overspent = TRUE;

  if (self->overspent)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                           "The client sent more than the hub reads from a websocket client");
      return -1;
    }

  return n;
}

static GInputStream *
base_of (CpisHubWsBudgetStream *self)
{
  return g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
}

static gssize
cpis_hub_ws_budget_stream_read (GInputStream  *stream,
                                void          *buffer,
                                gsize          count,
                                GCancellable  *cancellable,
                                GError       **error)
{
  CpisHubWsBudgetStream *self = (CpisHubWsBudgetStream *) stream;

  if (self->overspent)
    return charge (self, 0, error);

  return charge (self, g_input_stream_read (base_of (self), buffer, count, cancellable, error),
                 error);
}

static gboolean
cpis_hub_ws_budget_stream_can_poll (GPollableInputStream *stream)
{
  return g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (base_of ((CpisHubWsBudgetStream *) stream)));
}

static gboolean
cpis_hub_ws_budget_stream_is_readable (GPollableInputStream *stream)
{
  return g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (base_of ((CpisHubWsBudgetStream *) stream)));
}

/* The base stream's own source: wrapping it in another would put one more
 * source per connection on the main context, for nothing. (Its callback is
 * given the base stream; libsoup, the one caller, does not look at it.) */
static GSource *
cpis_hub_ws_budget_stream_create_source (GPollableInputStream *stream,
                                         GCancellable         *cancellable)
{
  GPollableInputStream *base = G_POLLABLE_INPUT_STREAM (base_of ((CpisHubWsBudgetStream *) stream));

  return g_pollable_input_stream_create_source (base, cancellable);
}

static gssize
cpis_hub_ws_budget_stream_read_nonblocking (GPollableInputStream  *stream,
                                            void                  *buffer,
                                            gsize                  count,
                                            GError               **error)
{
  CpisHubWsBudgetStream *self = (CpisHubWsBudgetStream *) stream;
  GPollableInputStream *base = G_POLLABLE_INPUT_STREAM (base_of (self));

  if (self->overspent)
    return charge (self, 0, error);

  return charge (self, g_pollable_input_stream_read_nonblocking (base, buffer, count, NULL, error),
                 error);
}

static void
cpis_hub_ws_budget_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = cpis_hub_ws_budget_stream_can_poll;
  iface->is_readable = cpis_hub_ws_budget_stream_is_readable;
  iface->create_source = cpis_hub_ws_budget_stream_create_source;
  iface->read_nonblocking = cpis_hub_ws_budget_stream_read_nonblocking;
}

static void
cpis_hub_ws_budget_stream_class_init (CpisHubWsBudgetStreamClass *klass)
{
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  input_class->read_fn = cpis_hub_ws_budget_stream_read;
}

static void
cpis_hub_ws_budget_stream_init (CpisHubWsBudgetStream *self)
{
}

/* ------------------------------------------------------------------------ */
/* The I/O stream */

struct _CpisHubWsStream
{
  GIOStream          parent_instance;

  GIOStream         *base;
  CpisHubWsBudgetStream *input;
};

G_DEFINE_FINAL_TYPE (CpisHubWsStream, cpis_hub_ws_stream, G_TYPE_IO_STREAM)

static GInputStream *
cpis_hub_ws_stream_get_input_stream (GIOStream *stream)
{
  return G_INPUT_STREAM (CPIS_HUB_WS_STREAM (stream)->input);
}

static GOutputStream *
cpis_hub_ws_stream_get_output_stream (GIOStream *stream)
{
  return g_io_stream_get_output_stream (CPIS_HUB_WS_STREAM (stream)->base);
}

static gboolean
cpis_hub_ws_stream_close (GIOStream     *stream,
                          GCancellable  *cancellable,
                          GError       **error)
{
  return g_io_stream_close (CPIS_HUB_WS_STREAM (stream)->base, cancellable, error);
}

static void
base_closed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_io_stream_close_finish (G_IO_STREAM (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
cpis_hub_ws_stream_close_async (GIOStream           *stream,
                                int                  io_priority,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_io_stream_close_async (CPIS_HUB_WS_STREAM (stream)->base, io_priority, cancellable,
                           base_closed_cb, task);
}

static gboolean
cpis_hub_ws_stream_close_finish (GIOStream     *stream,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
cpis_hub_ws_stream_finalize (GObject *object)
{
  CpisHubWsStream *self = CPIS_HUB_WS_STREAM (object);

  g_clear_object (&self->input);
  g_clear_object (&self->base);

  G_OBJECT_CLASS (cpis_hub_ws_stream_parent_class)->finalize (object);
}

static void
cpis_hub_ws_stream_class_init (CpisHubWsStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->finalize = cpis_hub_ws_stream_finalize;
  stream_class->get_input_stream = cpis_hub_ws_stream_get_input_stream;
  stream_class->get_output_stream = cpis_hub_ws_stream_get_output_stream;
  stream_class->close_fn = cpis_hub_ws_stream_close;
  stream_class->close_async = cpis_hub_ws_stream_close_async;
  stream_class->close_finish = cpis_hub_ws_stream_close_finish;
}

static void
cpis_hub_ws_stream_init (CpisHubWsStream *self)
{
}

GIOStream *
cpis_hub_ws_stream_new (GIOStream *base,
                        gsize      burst_bytes,
                        gsize      bytes_per_second)
{
  CpisHubWsStream *self;

  g_return_val_if_fail (G_IS_IO_STREAM (base), NULL);
  g_return_val_if_fail (G_IS_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (base)), NULL);
  g_return_val_if_fail (burst_bytes > 0, NULL);

  self = g_object_new (CPIS_HUB_TYPE_WS_STREAM, NULL);
  self->base = g_object_ref (base);
  self->input = g_object_new (CPIS_HUB_TYPE_WS_BUDGET_STREAM,
                              "base-stream", g_io_stream_get_input_stream (base),
                              "close-base-stream", FALSE,
                              NULL);
  self->input->burst = burst_bytes;
  self->input->balance = burst_bytes;
  self->input->rate = bytes_per_second;
  self->input->refilled_usec = g_get_monotonic_time ();

  return G_IO_STREAM (self);
}

gboolean
cpis_hub_ws_stream_overspent (CpisHubWsStream *self)
{
  g_return_val_if_fail (CPIS_HUB_IS_WS_STREAM (self), FALSE);

  return self->input->overspent;
}
