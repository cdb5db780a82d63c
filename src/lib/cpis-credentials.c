/* cpis-credentials.c: remembered sign-ins (stub, being written) */

#include "cpis-credentials.h"

const SecretSchema *
cpis_credentials_get_schema (void)
{
  static const SecretSchema schema = {
    "org.gnome.CpisDesktop.Password", SECRET_SCHEMA_NONE,
    {
      { "hub", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
not_yet (GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not yet");
}

void
cpis_credentials_probe_async (GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  not_yet (cancellable, callback, user_data);
}

gboolean
cpis_credentials_probe_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cpis_credentials_store_async (const char          *hub_url,
                              const char          *username,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  not_yet (cancellable, callback, user_data);
}

gboolean
cpis_credentials_store_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cpis_credentials_lookup_async (const char          *hub_url,
                               const char          *username,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  not_yet (cancellable, callback, user_data);
}

char *
cpis_credentials_lookup_finish (GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_credentials_forget_async (const char          *hub_url,
                               const char          *username,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  not_yet (cancellable, callback, user_data);
}

gboolean
cpis_credentials_forget_finish (GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
