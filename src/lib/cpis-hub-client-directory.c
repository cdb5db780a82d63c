/* cpis-hub-client-directory.c: whom a social worker can assign a
 * notification to — their authority's social workers and teams
 * (docs/api.md, "The LA's teams and social workers")
 *
 *   GET [base]/PractitionerRole  → array of CpisPractitionerRole
 *   GET [base]/Organization      → array of CpisTeam
 *
 * No parameter is sent: the hub answers the signed-in social worker's own
 * authority, and no other. Sent through _cpis_hub_client_send_async() like
 * every request (no redirect, one deadline, a bounded answer, JSON only),
 * decoded off the main thread by the codec (cpis-fhir-directory.c). The
 * errors name no one.
 */

#include <glib/gi18n-lib.h>

#include "cpis-fhir-codec.h"
#include "cpis-hub-client-private.h"

typedef enum
{
  DIRECTORY_SOCIAL_WORKERS,
  DIRECTORY_TEAMS,
} DirectoryList;

/* The directory's own answers, as a social worker can read them */
static GError *
directory_status_error (SoupMessage *msg,
                        GBytes      *body)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *code = NULL;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return NULL;

  switch (status)
    {
    case SOUP_STATUS_FORBIDDEN:
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED,
                                  _("The hub refused access: only social workers may see their "
                                    "authority’s teams and social workers."));

    case SOUP_STATUS_NOT_FOUND:
      /* a hub that does not list them (an older one, or not this API) */
      return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_SERVER,
                          _("This hub does not list teams and social workers (HTTP %u)."),
                          status);

    case SOUP_STATUS_BAD_REQUEST:
      code = _cpis_hub_client_error_code_from_body (body);
      return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                          _("The hub did not accept the request for teams and social workers "
                            "(%s)."),
                          code != NULL ? code : "HTTP 400");

    default:
      return _cpis_hub_client_status_error (msg, body, FALSE);
    }
}

static gpointer
decode_social_workers (const char  *data,
                       gsize        length,
                       GError     **error)
{
  return cpis_fhir_decode_practitioner_role_bundle (data, length, NULL, error);
}

static gpointer
decode_teams (const char  *data,
              gsize        length,
              GError     **error)
{
  return cpis_fhir_decode_team_bundle (data, length, NULL, error);
}

static void
directory_decoded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *decoded;

  decoded = _cpis_hub_client_decode_finish (self, result, &error);
  if (decoded == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      /* the codec's message may quote the body: log only where it failed */
      g_debug ("Could not decode the hub's teams or social workers: %s %d",
               g_quark_to_string (error->domain), error->code);
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                               _("The hub’s list of teams and social workers could not be "
                                 "read."));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_ptr_array_unref (decoded);
      return;
    }

  g_task_return_pointer (task, decoded, (GDestroyNotify) g_ptr_array_unref);
}

static void
directory_answered_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  DirectoryList list = GPOINTER_TO_INT (g_task_get_task_data (task));
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = _cpis_hub_client_send_finish (self, result, &msg, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  error = directory_status_error (msg, body);
  if (error != NULL || !_cpis_hub_client_check_json_answer (msg, body, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _cpis_hub_client_decode_async (self, body,
                                 list == DIRECTORY_TEAMS ? decode_teams : decode_social_workers,
                                 (GDestroyNotify) g_ptr_array_unref, cancellable,
                                 directory_decoded_cb, g_steal_pointer (&task));
}

static void
list_async (CpisHubClient       *self,
            DirectoryList        list,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, GINT_TO_POINTER (list), NULL);

  url = g_strconcat (cpis_hub_client_get_base_url (self),
                     list == DIRECTORY_TEAMS ? "/Organization" : "/PractitionerRole", NULL);
  _cpis_hub_client_send_fhir (self, g_steal_pointer (&task), soup_message_new (SOUP_METHOD_GET, url),
                              directory_answered_cb);
}

/* Public API ------------------------------------------------------------- */

void
cpis_hub_client_list_social_workers_async (CpisHubClient       *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  list_async (self, DIRECTORY_SOCIAL_WORKERS, cancellable, callback, user_data,
              cpis_hub_client_list_social_workers_async);
}

/**
 * cpis_hub_client_list_social_workers_finish:
 *
 * Returns: (transfer container) (element-type CpisPractitionerRole): the
 *   authority's social workers, in the hub's order (by name)
 */
GPtrArray *
cpis_hub_client_list_social_workers_finish (CpisHubClient  *self,
                                            GAsyncResult   *result,
                                            GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cpis_hub_client_list_social_workers_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_hub_client_list_teams_async (CpisHubClient       *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  list_async (self, DIRECTORY_TEAMS, cancellable, callback, user_data,
              cpis_hub_client_list_teams_async);
}

/**
 * cpis_hub_client_list_teams_finish:
 *
 * Returns: (transfer container) (element-type CpisTeam): the authority's
 *   teams, in the hub's order
 */
GPtrArray *
cpis_hub_client_list_teams_finish (CpisHubClient  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cpis_hub_client_list_teams_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
