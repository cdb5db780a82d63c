/* cpis-session.c: one signed-in session, whatever the view
 *
 * A sign-in makes its own client; only when the hub has said yes (and the
 * password is stored or forgotten as asked) does it become the session's,
 * so a failed sign-in leaves nothing half set. Every async call holds the
 * client it started with: an answer for a client that is no longer the
 * session's (ended meanwhile) is not taken, and a token it brought is
 * revoked at once.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "cpis-credentials.h"
#include "cpis-hub-url.h"
#include "cpis-session.h"
#include "cpis-trusted-certificate.h"
#include "cpis-session-private.h"

struct _CpisSession
{
  GObject           parent_instance;

  CpisSessionState  state;
  CpisHubClient    *client;
  CpisUserInfo     *user;
  CpisSessionStore *store;
  char             *hub_url;
  char             *demographics_url;
  char             *trusted_certificate;  /* a PEM file of the hub's authority, or NULL: the system's */
  CpisWorkstationCare workstation_care;
};

G_DEFINE_FINAL_TYPE (CpisSession, cpis_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CpisSessionState, cpis_session_state,
  G_DEFINE_ENUM_VALUE (CPIS_SESSION_SIGNED_OUT, "signed-out"),
  G_DEFINE_ENUM_VALUE (CPIS_SESSION_SIGNED_IN, "signed-in"),
  G_DEFINE_ENUM_VALUE (CPIS_SESSION_EXPIRED, "expired"))

G_DEFINE_ENUM_TYPE (CpisSessionEnd, cpis_session_end,
  G_DEFINE_ENUM_VALUE (CPIS_SESSION_END_SIGNED_OUT, "signed-out"),
  G_DEFINE_ENUM_VALUE (CPIS_SESSION_END_LOCKED, "locked"),
  G_DEFINE_ENUM_VALUE (CPIS_SESSION_END_CLOSED, "closed"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_CLIENT,
  PROP_USER,
  PROP_STORE,
  PROP_HUB_URL,
  PROP_DEMOGRAPHICS_URL,
  PROP_TRUSTED_CERTIFICATE,
  PROP_WORKSTATION_CARE,
  PROP_CARE_SETTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  STARTED,
  ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      memset (*secret, 0, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

static void
set_state (CpisSession      *self,
           CpisSessionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
revoked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The client forgets its token either way; nothing more to do */
  if (!cpis_hub_client_sign_out_finish (CPIS_HUB_CLIENT (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Sign-out did not reach the hub: %s", error->message);
}

/* Revokes @client's token without waiting (the client keeps itself alive
 * for the request) */
static void
revoke_token (CpisHubClient *client)
{
  if (client != NULL && cpis_hub_client_is_signed_in (client))
    cpis_hub_client_sign_out_async (client, NULL, revoked_cb, NULL);
}

/* Signing in */

typedef struct
{
  CpisHubClient      *client;
  CpisUserInfo       *user;
  char               *hub_url;
  char               *username;
  char               *password;
  CpisPasswordChoice  choice;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_clear_object (&sign_in->client);
  g_clear_object (&sign_in->user);
  g_free (sign_in->hub_url);
  g_free (sign_in->username);
  clear_secret (&sign_in->password);
  g_free (sign_in);
}

/* The client checks as this workstation and the user's organisation say
 * (signing in sets it from the organisation alone) */
static void
apply_care_setting (CpisSession *self)
{
  if (self->client != NULL && self->user != NULL)
    cpis_hub_client_set_care_setting (self->client, cpis_session_get_care_setting (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARE_SETTING]);
}

/* A client signed in as @user: this is the session now, with a new store */
static void
start (CpisSession   *self,
       CpisHubClient *client,
       CpisUserInfo  *user,
       const char    *hub_url)
{
  g_set_object (&self->client, client);
  g_set_object (&self->user, user);
  g_clear_object (&self->store);
  self->store = cpis_session_store_new ();
  g_free (self->hub_url);
  self->hub_url = g_strdup (hub_url);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HUB_URL]);
  apply_care_setting (self);
  set_state (self, CPIS_SESSION_SIGNED_IN);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[STARTED], 0);
}

/* The hub said yes, and the keyring did as asked */
static void
take_sign_in (GTask *task)
{
  CpisSession *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);

  start (self, sign_in->client, sign_in->user, sign_in->hub_url);
  g_task_return_pointer (task, g_object_ref (sign_in->user), g_object_unref);
}

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cpis_credentials_store_finish (result, &error))
    {
      /* given up meanwhile: no session, and no token left at the hub */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          revoke_token (sign_in->client);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* Signing in worked; only remembering did not */
      g_warning ("The password could not be saved: %s", error->message);
    }

  take_sign_in (task);
}

static void
password_forgotten_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!cpis_credentials_forget_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The saved password could not be forgotten: %s", error->message);
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  const char *username;

  sign_in->user = cpis_hub_client_sign_in_finish (CPIS_HUB_CLIENT (source), result, &error);
  if (sign_in->user == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* the name the hub knows the user by, for the keyring */
  username = cpis_user_info_get_username (sign_in->user);
  if (username == NULL || *username == '\0')
    username = sign_in->username;

  switch (sign_in->choice)
    {
    case CPIS_PASSWORD_REMEMBER:
      cancellable = g_task_get_cancellable (task);
      cpis_credentials_store_async (sign_in->hub_url, username, sign_in->password,
                                    cancellable, password_stored_cb, g_steal_pointer (&task));
      clear_secret (&sign_in->password);
      return;

    case CPIS_PASSWORD_FORGET:
      cpis_credentials_forget_async (sign_in->hub_url, username, NULL,
                                     password_forgotten_cb, NULL);
      break;

    case CPIS_PASSWORD_LEAVE:
    default:
      break;
    }

  clear_secret (&sign_in->password);
  take_sign_in (task);
}

/* Signing in again */

static void
signed_in_again_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CpisSession *self = g_task_get_source_object (task);
  CpisHubClient *client = CPIS_HUB_CLIENT (source);
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  user = cpis_hub_client_sign_in_finish (client, result, &error);

  /* Ended meanwhile: the new token must not outlive the session */
  if (self->client != client)
    {
      if (user != NULL)
        revoke_token (client);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The session ended while signing in again."));
      return;
    }

  if (user == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  apply_care_setting (self);
  set_state (self, CPIS_SESSION_SIGNED_IN);
  g_task_return_boolean (task, TRUE);
}

/* GObject */

static void
cpis_session_dispose (GObject *object)
{
  CpisSession *self = CPIS_SESSION (object);

  /* a session never outlives its owner with a live token */
  if (self->store != NULL)
    cpis_session_store_clear (self->store);
  revoke_token (self->client);
  g_clear_object (&self->client);
  g_clear_object (&self->user);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cpis_session_parent_class)->dispose (object);
}

static void
cpis_session_finalize (GObject *object)
{
  CpisSession *self = CPIS_SESSION (object);

  g_free (self->hub_url);
  g_free (self->demographics_url);
  g_free (self->trusted_certificate);

  G_OBJECT_CLASS (cpis_session_parent_class)->finalize (object);
}

static void
cpis_session_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CpisSession *self = CPIS_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_USER:
      g_value_set_object (value, self->user);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_HUB_URL:
      g_value_set_string (value, self->hub_url);
      break;
    case PROP_DEMOGRAPHICS_URL:
      g_value_set_string (value, self->demographics_url);
      break;
    case PROP_TRUSTED_CERTIFICATE:
      g_value_set_string (value, self->trusted_certificate);
      break;
    case PROP_WORKSTATION_CARE:
      g_value_set_enum (value, self->workstation_care);
      break;
    case PROP_CARE_SETTING:
      g_value_set_enum (value, cpis_session_get_care_setting (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_session_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CpisSession *self = CPIS_SESSION (object);

  switch (prop_id)
    {
    case PROP_DEMOGRAPHICS_URL:
      cpis_session_set_demographics_url (self, g_value_get_string (value));
      break;
    case PROP_TRUSTED_CERTIFICATE:
      cpis_session_set_trusted_certificate (self, g_value_get_string (value));
      break;
    case PROP_WORKSTATION_CARE:
      cpis_session_set_workstation_care (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_session_class_init (CpisSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cpis_session_dispose;
  object_class->finalize = cpis_session_finalize;
  object_class->get_property = cpis_session_get_property;
  object_class->set_property = cpis_session_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CPIS_TYPE_SESSION_STATE, CPIS_SESSION_SIGNED_OUT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CPIS_TYPE_HUB_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_object ("user", NULL, NULL, CPIS_TYPE_USER_INFO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CPIS_TYPE_SESSION_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HUB_URL] =
    g_param_spec_string ("hub-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMOGRAPHICS_URL] =
    g_param_spec_string ("demographics-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRUSTED_CERTIFICATE] =
    g_param_spec_string ("trusted-certificate", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKSTATION_CARE] =
    g_param_spec_enum ("workstation-care", NULL, NULL, CPIS_TYPE_WORKSTATION_CARE,
                       CPIS_WORKSTATION_CARE_ORGANISATION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CARE_SETTING] =
    g_param_spec_enum ("care-setting", NULL, NULL, CPIS_TYPE_CARE_SETTING, CPIS_CARE_SETTING_UNSCHEDULED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  CPIS_TYPE_SESSION_END, CPIS_TYPE_USER_INFO, G_TYPE_STRING);
}

static void
cpis_session_init (CpisSession *self)
{
  self->state = CPIS_SESSION_SIGNED_OUT;
}

/* Public API */

CpisSession *
cpis_session_new (void)
{
  return g_object_new (CPIS_TYPE_SESSION, NULL);
}

CpisSessionState
cpis_session_get_state (CpisSession *self)
{
  g_return_val_if_fail (CPIS_IS_SESSION (self), CPIS_SESSION_SIGNED_OUT);

  return self->state;
}

gboolean
cpis_session_is_signed_in (CpisSession *self)
{
  g_return_val_if_fail (CPIS_IS_SESSION (self), FALSE);

  return self->state != CPIS_SESSION_SIGNED_OUT;
}

CpisHubClient *
cpis_session_get_client (CpisSession *self)
{
  g_return_val_if_fail (CPIS_IS_SESSION (self), NULL);

  return self->client;
}

CpisUserInfo *
cpis_session_get_user (CpisSession *self)
{
  g_return_val_if_fail (CPIS_IS_SESSION (self), NULL);

  return self->user;
}

CpisSessionStore *
cpis_session_get_store (CpisSession *self)
{
  g_return_val_if_fail (CPIS_IS_SESSION (self), NULL);

  return self->store;
}

const char *
cpis_session_get_hub_url (CpisSession *self)
{
  g_return_val_if_fail (CPIS_IS_SESSION (self), NULL);

  return self->hub_url;
}

void
cpis_session_set_workstation_care (CpisSession         *self,
                                   CpisWorkstationCare  workstation)
{
  g_return_if_fail (CPIS_IS_SESSION (self));

  if (self->workstation_care == workstation)
    return;

  self->workstation_care = workstation;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSTATION_CARE]);
  apply_care_setting (self);
}

CpisWorkstationCare
cpis_session_get_workstation_care (CpisSession *self)
{
  g_return_val_if_fail (CPIS_IS_SESSION (self), CPIS_WORKSTATION_CARE_ORGANISATION);

  return self->workstation_care;
}

CpisCareSetting
cpis_session_get_care_setting (CpisSession *self)
{
  g_return_val_if_fail (CPIS_IS_SESSION (self), CPIS_CARE_SETTING_UNSCHEDULED);

  /* signed out: no check can be made; unscheduled is the kind that records */
  if (self->user == NULL)
    return CPIS_CARE_SETTING_UNSCHEDULED;

  return cpis_user_info_get_care_setting_at (self->user, self->workstation_care);
}

void
cpis_session_set_trusted_certificate (CpisSession *self,
                                      const char  *path)
{
  g_return_if_fail (CPIS_IS_SESSION (self));

  if (path != NULL && *path == '\0')
    path = NULL;
  if (g_strcmp0 (self->trusted_certificate, path) == 0)
    return;

  g_free (self->trusted_certificate);
  self->trusted_certificate = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED_CERTIFICATE]);
}

void
cpis_session_set_demographics_url (CpisSession *self,
                                   const char  *url)
{
  g_return_if_fail (CPIS_IS_SESSION (self));

  if (url != NULL && *url == '\0')
    url = NULL;
  if (g_strcmp0 (self->demographics_url, url) == 0)
    return;

  g_free (self->demographics_url);
  g_free (self->trusted_certificate);
  self->demographics_url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMOGRAPHICS_URL]);
}

void
cpis_session_sign_in_async (CpisSession         *self,
                            const char          *hub_url,
                            const char          *username,
                            const char          *password,
                            CpisPasswordChoice   choice,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SignIn *sign_in;

  g_return_if_fail (CPIS_IS_SESSION (self));
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_session_sign_in_async);

  /* one session at a time */
  cpis_session_end (self, CPIS_SESSION_END_SIGNED_OUT);

  sign_in = g_new0 (SignIn, 1);
  sign_in->hub_url = cpis_hub_url_normalise (hub_url);
  sign_in->username = g_strdup (username);
  sign_in->password = g_strdup (password);
  sign_in->choice = choice;
  g_task_set_task_data (task, sign_in, (GDestroyNotify) sign_in_free);

  sign_in->client = cpis_hub_client_new (sign_in->hub_url, &error);
  if (sign_in->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* the organisation's own certificate authority, when one is set: the hub
   * must be signed by it, and a file that cannot be read stops the sign-in
   * (never a quiet fall back to the system's) */
  if (self->trusted_certificate != NULL)
    {
      g_autoptr(GTlsDatabase) database = cpis_trusted_certificate_new_database (self->trusted_certificate, &error);

      if (database == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      cpis_hub_client_set_tls_database (sign_in->client, database);
    }

  /* another demographics service than the hub's own, when one is set */
  if (!cpis_hub_client_set_demographics_base_url (sign_in->client, self->demographics_url, &error))
    {
      g_warning ("The demographics-url setting is not used: %s", error->message);
      g_clear_error (&error);
    }

  cpis_hub_client_sign_in_async (sign_in->client, username, password, cancellable,
                                 signed_in_cb, g_steal_pointer (&task));
}

CpisUserInfo *
cpis_session_sign_in_finish (CpisSession   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (CPIS_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cpis_session_expire (CpisSession *self)
{
  g_return_if_fail (CPIS_IS_SESSION (self));

  if (self->state == CPIS_SESSION_SIGNED_IN)
    set_state (self, CPIS_SESSION_EXPIRED);
}

void
cpis_session_sign_in_again_async (CpisSession         *self,
                                  const char          *password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CPIS_IS_SESSION (self));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_session_sign_in_again_async);

  if (self->client == NULL || self->user == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("There is no session to sign in to again."));
      return;
    }

  cpis_hub_client_sign_in_async (self->client, cpis_user_info_get_username (self->user), password,
                                 cancellable, signed_in_again_cb, g_steal_pointer (&task));
}

gboolean
cpis_session_sign_in_again_finish (CpisSession   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (CPIS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cpis_session_end (CpisSession    *self,
                  CpisSessionEnd  why)
{
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(CpisSessionStore) store = NULL;
  g_autoptr(CpisHubClient) client = NULL;
  g_autofree char *hub_url = NULL;

  g_return_if_fail (CPIS_IS_SESSION (self));

  if (self->state == CPIS_SESSION_SIGNED_OUT)
    return;

  user = g_steal_pointer (&self->user);
  store = g_steal_pointer (&self->store);
  client = g_steal_pointer (&self->client);
  hub_url = g_steal_pointer (&self->hub_url);

  /* nothing of it is left in memory, nor a live token at the hub */
  if (store != NULL)
    cpis_session_store_clear (store);
  revoke_token (client);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HUB_URL]);
  set_state (self, CPIS_SESSION_SIGNED_OUT);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[ENDED], 0, why, user, hub_url);
}

/* The keyring: the credentials' own calls, answered as the session's (the
 * result's source is the session), so that no view or page reads the
 * keyring but through it */

static void
probed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (cpis_credentials_probe_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
cpis_session_probe_keyring_async (CpisSession         *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CPIS_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_session_probe_keyring_async);
  cpis_credentials_probe_async (cancellable, probed_cb, task);
}

gboolean
cpis_session_probe_keyring_finish (CpisSession   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (CPIS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password = cpis_credentials_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, password, g_free);
}

void
cpis_session_lookup_password_async (CpisSession         *self,
                                    const char          *hub_url,
                                    const char          *username,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CPIS_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_session_lookup_password_async);
  cpis_credentials_lookup_async (hub_url, username, cancellable, looked_up_cb, task);
}

char *
cpis_session_lookup_password_finish (CpisSession   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (CPIS_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
forgotten_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (cpis_credentials_forget_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
cpis_session_forget_password_async (CpisSession         *self,
                                    const char          *hub_url,
                                    const char          *username,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CPIS_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_session_forget_password_async);
  cpis_credentials_forget_async (hub_url, username, cancellable, forgotten_cb, task);
}

gboolean
cpis_session_forget_password_finish (CpisSession   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (CPIS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_cpis_session_start_with_client (CpisSession   *self,
                                 CpisHubClient *client,
                                 CpisUserInfo  *user)
{
  g_return_if_fail (CPIS_IS_SESSION (self));
  g_return_if_fail (CPIS_IS_HUB_CLIENT (client));

  cpis_session_end (self, CPIS_SESSION_END_SIGNED_OUT);
  start (self, client, user, cpis_hub_client_get_base_url (client));
}
