/* cpis-hub-client.c: talking to a CP-IS hub over libsoup 3 (stub, being written) */

#include "cpis-hub-client.h"

struct _CpisHubClient
{
  GObject          parent_instance;

  char            *base_url;
  CpisCareSetting  care_setting;
  CpisUserInfo    *user_info;
};

G_DEFINE_FINAL_TYPE (CpisHubClient, cpis_hub_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (cpis-hub-client-error-quark, cpis_hub_client_error)

static void
cpis_hub_client_finalize (GObject *object)
{
  CpisHubClient *self = (CpisHubClient *)object;

  g_clear_pointer (&self->base_url, g_free);
  g_clear_object (&self->user_info);

  G_OBJECT_CLASS (cpis_hub_client_parent_class)->finalize (object);
}

static void
cpis_hub_client_class_init (CpisHubClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cpis_hub_client_finalize;
}

static void
cpis_hub_client_init (CpisHubClient *self)
{
}

CpisHubClient *
cpis_hub_client_new (const char  *base_url,
                     GError     **error)
{
  CpisHubClient *self = g_object_new (CPIS_TYPE_HUB_CLIENT, NULL);

  self->base_url = g_strdup (base_url);
  return self;
}

const char *
cpis_hub_client_get_base_url (CpisHubClient *self)
{
  return self->base_url;
}

void
cpis_hub_client_set_timeout (CpisHubClient *self,
                             guint          seconds)
{
}

void
cpis_hub_client_set_tls_database (CpisHubClient *self,
                                  GTlsDatabase  *database)
{
}

void
cpis_hub_client_set_care_setting (CpisHubClient   *self,
                                  CpisCareSetting  setting)
{
  self->care_setting = setting;
}

CpisCareSetting
cpis_hub_client_get_care_setting (CpisHubClient *self)
{
  return self->care_setting;
}

CpisUserInfo *
cpis_hub_client_get_user_info (CpisHubClient *self)
{
  return self->user_info;
}

gboolean
cpis_hub_client_is_signed_in (CpisHubClient *self)
{
  return FALSE;
}

static void
not_yet (gpointer             self,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not yet");
}

void
cpis_hub_client_sign_in_async (CpisHubClient       *self,
                               const char          *username,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  not_yet (self, cancellable, callback, user_data);
}

CpisUserInfo *
cpis_hub_client_sign_in_finish (CpisHubClient  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_sign_out_async (CpisHubClient       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  not_yet (self, cancellable, callback, user_data);
}

gboolean
cpis_hub_client_sign_out_finish (CpisHubClient  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cpis_hub_client_search_plans_async (CpisHubClient       *self,
                                    const char          *nhs_number,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  not_yet (self, cancellable, callback, user_data);
}

GPtrArray *
cpis_hub_client_search_plans_finish (CpisHubClient  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_search_access_history_async (CpisHubClient       *self,
                                             const char          *nhs_number,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  not_yet (self, cancellable, callback, user_data);
}

GPtrArray *
cpis_hub_client_search_access_history_finish (CpisHubClient  *self,
                                              GAsyncResult   *result,
                                              GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_check_child_async (CpisHubClient       *self,
                                   const char          *nhs_number,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  not_yet (self, cancellable, callback, user_data);
}

CpisCheckResult *
cpis_hub_client_check_child_finish (CpisHubClient  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
