/* cpis-credentials.c: remembered sign-ins, in the desktop's secret service
 *
 * Passwords go to the secret service (gnome-keyring, KWallet…) under the
 * schema below, keyed by hub and user name, and nowhere else. Without a
 * secret service every call fails with G_IO_ERROR_NOT_SUPPORTED and a message
 * for the sign-in page; G_IO_ERROR_CANCELLED is passed through untouched so
 * that callers can ignore it.
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cpis-credentials.h"
#include "cpis-hub-url.h"

/* Helpers */

/* TRUE when the error means there is no secret service to talk to (no
 * session bus, or nothing on it that provides org.freedesktop.secrets) */
static gboolean
is_no_service_error (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    return error->code == G_DBUS_ERROR_SERVICE_UNKNOWN ||
           error->code == G_DBUS_ERROR_NAME_HAS_NO_OWNER ||
           error->code == G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND ||
           error->code == G_DBUS_ERROR_SPAWN_SERVICE_INVALID ||
           error->code == G_DBUS_ERROR_SPAWN_EXEC_FAILED ||
           error->code == G_DBUS_ERROR_SPAWN_CHILD_EXITED ||
           error->code == G_DBUS_ERROR_SPAWN_FAILED ||
           error->code == G_DBUS_ERROR_FILE_NOT_FOUND ||
           error->code == G_DBUS_ERROR_NO_SERVER ||
           error->code == G_DBUS_ERROR_DISCONNECTED;

  if (error->domain == G_IO_ERROR)
    return error->code == G_IO_ERROR_NOT_FOUND ||
           error->code == G_IO_ERROR_CONNECTION_REFUSED ||
           error->code == G_IO_ERROR_CLOSED ||
           error->code == G_IO_ERROR_NOT_SUPPORTED ||
           error->code == G_IO_ERROR_DBUS_ERROR ||
           /* "Cannot autolaunch D-Bus without X11 $DISPLAY", and the like */
           error->code == G_IO_ERROR_FAILED;

  return error->message != NULL && strstr (error->message, "org.freedesktop.secrets") != NULL;
}

/* A libsecret or D-Bus error, said for the sign-in page */
static GError *
friendly_error (const GError *error,
                const char   *what_failed)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  g_debug ("Secret service error: %s %d", g_quark_to_string (error->domain), error->code);

  if (is_no_service_error (error))
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                _("No keyring is available on this desktop, so your password "
                                  "cannot be remembered. You can still sign in."));

  return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "%s (%s)", what_failed, error->message);
}

/* Public API */

const SecretSchema *
cpis_credentials_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.cpisdesktop.CpisDesktop.Password", SECRET_SCHEMA_NONE, {
                                                                        { "hub", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                                                        { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                                                        { NULL, 0 },
                                                                      }
  };

  return &schema;
}

static void
service_got_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      g_task_return_error (task, friendly_error (error, _("The keyring could not be opened.")));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
cpis_credentials_probe_async (GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_credentials_probe_async);

  /* Opening a session makes a real call, so a missing service shows here */
  secret_service_get (SECRET_SERVICE_OPEN_SESSION, cancellable, service_got_cb, task);
}

gboolean
cpis_credentials_probe_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cpis_credentials_probe_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_error (task, friendly_error (error,
                                                 _("The password could not be saved in the keyring.")));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
cpis_credentials_store_async (const char          *hub_url,
                              const char          *username,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *hub = NULL;
  g_autofree char *label = NULL;
  GTask *task;

  g_return_if_fail (hub_url != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_credentials_store_async);

  hub = cpis_hub_url_normalise (hub_url);
  /* Translators: the label of a password in the keyring */
  label = g_strdup_printf (_("CP-IS Desktop password for %s at %s"), username, hub);

  secret_password_store (cpis_credentials_get_schema (), SECRET_COLLECTION_DEFAULT,
                         label, password, cancellable, stored_cb, task,
                         "hub", hub,
                         "username", username,
                         NULL);
}

gboolean
cpis_credentials_store_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cpis_credentials_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, friendly_error (error,
                                                 _("The keyring could not be read.")));
      return;
    }

  /* NULL without an error: nothing stored */
  g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

void
cpis_credentials_lookup_async (const char          *hub_url,
                               const char          *username,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *hub = NULL;
  GTask *task;

  g_return_if_fail (hub_url != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_credentials_lookup_async);

  hub = cpis_hub_url_normalise (hub_url);
  secret_password_lookup (cpis_credentials_get_schema (), cancellable, looked_up_cb, task,
                          "hub", hub,
                          "username", username,
                          NULL);
}

/**
 * cpis_credentials_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the password (free it with
 *   secret_password_free(), which wipes it, or g_free()), or NULL
 */
char *
cpis_credentials_lookup_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cpis_credentials_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error when nothing was stored: that is fine too */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, friendly_error (error,
                                                 _("The password could not be removed from the keyring.")));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
cpis_credentials_forget_async (const char          *hub_url,
                               const char          *username,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *hub = NULL;
  GTask *task;

  g_return_if_fail (hub_url != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_credentials_forget_async);

  hub = cpis_hub_url_normalise (hub_url);
  secret_password_clear (cpis_credentials_get_schema (), cancellable, cleared_cb, task,
                         "hub", hub,
                         "username", username,
                         NULL);
}

gboolean
cpis_credentials_forget_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cpis_credentials_forget_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
