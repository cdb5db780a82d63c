/* cpis-hub-linger.c: closing a connection whose request is still arriving */
#include "cpis-hub-linger.h"

#include "cpis-hub-guarded-connection.h"

#define DRAIN_CHUNK 16384

static gint n_lingering;

typedef struct
{
  GIOStream    *stream;
  GCancellable *cancellable;   /* cancelled when the time is up */
  GSource      *timeout;       /* in the thread-default context, as the reads */
  gsize         drained;
  guint8        buffer[DRAIN_CHUNK];
} Linger;

static void
linger_finish (Linger *linger)
{
  g_source_destroy (linger->timeout);
  g_source_unref (linger->timeout);
  g_io_stream_close (linger->stream, NULL, NULL);
  g_object_unref (linger->stream);
  g_object_unref (linger->cancellable);
  g_free (linger);
  g_atomic_int_add (&n_lingering, -1);
}

static gboolean
linger_timeout_cb (gpointer data)
{
  Linger *linger = data;

  /* the pending read ends cancelled, and finishes */
  g_cancellable_cancel (linger->cancellable);
  return G_SOURCE_REMOVE;
}

static void
drained_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Linger *linger = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  /* the client has stopped (end of stream), erred, or sent too much; or time is up */
  if (n <= 0 || g_cancellable_is_cancelled (linger->cancellable))
    {
      linger_finish (linger);
      return;
    }

  linger->drained += (gsize) n;
  if (linger->drained >= CPIS_HUB_LINGER_MAX_BYTES)
    {
      linger_finish (linger);
      return;
    }

  g_input_stream_read_async (G_INPUT_STREAM (source), linger->buffer, sizeof linger->buffer, G_PRIORITY_LOW,
                             linger->cancellable, drained_cb, linger);
}

void
cpis_hub_linger_close (GIOStream  *stream,
                       const char *reply,
                       gsize       length)
{
  Linger *linger;

  g_return_if_fail (G_IS_IO_STREAM (stream));

  /* a few hundred bytes: the socket buffer takes them at once */
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), reply, length, NULL, NULL, NULL);
  g_output_stream_flush (g_io_stream_get_output_stream (stream), NULL, NULL);

  if (g_atomic_int_add (&n_lingering, 1) >= CPIS_HUB_LINGER_MAX_CONNECTIONS)
    {
      g_atomic_int_add (&n_lingering, -1);
      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  /* end of the answer for the client (plain sockets; TLS keeps its own
   * framing, and is only drained) */
  if (cpis_hub_connection_get_socket (stream) != NULL)
    g_socket_shutdown (cpis_hub_connection_get_socket (stream), FALSE, TRUE, NULL);

  linger = g_new0 (Linger, 1);
  linger->stream = g_object_ref (stream);
  linger->cancellable = g_cancellable_new ();
  linger->timeout = g_timeout_source_new_seconds (CPIS_HUB_LINGER_SECONDS);
  g_source_set_callback (linger->timeout, linger_timeout_cb, linger, NULL);
  g_source_attach (linger->timeout, g_main_context_get_thread_default ());
  g_input_stream_read_async (g_io_stream_get_input_stream (stream), linger->buffer, sizeof linger->buffer,
                             G_PRIORITY_LOW, linger->cancellable, drained_cb, linger);
}
