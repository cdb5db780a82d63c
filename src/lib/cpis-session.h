/* cpis-session.h: one signed-in session, whatever the view
 *
 * A session owns the hub client, who signed in, this session's checks (in
 * memory only) and the keyring, and runs sign-in, signing in again after the
 * hub ended the session, sign-out and lock. Every view gets the session and
 * nothing else; the window and the sign-in page only present it.
 *
 *   SIGNED_OUT --sign_in--> SIGNED_IN --expire--> EXPIRED
 *        ^                   |    ^                 |
 *        |                   |    +---sign_in_again-+
 *        +-------end---------+--------------end-----+
 *
 * Ending it (sign-out or lock) empties the store, revokes the token and
 * forgets the client; "ended" then says who it was.
 */
#pragma once

#include <gio/gio.h>

#include "cpis-hub-client.h"
#include "cpis-session-store.h"
#include "cpis-user-info.h"

G_BEGIN_DECLS

typedef enum
{
  CPIS_SESSION_SIGNED_OUT,
  CPIS_SESSION_SIGNED_IN,
  CPIS_SESSION_EXPIRED,     /* the hub ended it: sign in again to carry on */
} CpisSessionState;

GType cpis_session_state_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_SESSION_STATE (cpis_session_state_get_type ())

/* Why a session ended */
typedef enum
{
  CPIS_SESSION_END_SIGNED_OUT,
  CPIS_SESSION_END_LOCKED,
  CPIS_SESSION_END_CLOSED,  /* the window closed, or the role has no view */
} CpisSessionEnd;

GType cpis_session_end_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_SESSION_END (cpis_session_end_get_type ())

/* What signing in does with the password in the keyring */
typedef enum
{
  CPIS_PASSWORD_LEAVE,      /* nothing */
  CPIS_PASSWORD_REMEMBER,   /* store it (a failure to store only warns) */
  CPIS_PASSWORD_FORGET,     /* forget the one stored for this hub and user */
} CpisPasswordChoice;

#define CPIS_TYPE_SESSION (cpis_session_get_type ())

G_DECLARE_FINAL_TYPE (CpisSession, cpis_session, CPIS, SESSION, GObject)

/* Properties (read-only unless said):
 *   "state"            CpisSessionState
 *   "client"           CpisHubClient     NULL when signed out
 *   "user"             CpisUserInfo      NULL when signed out
 *   "store"            CpisSessionStore  NULL when signed out
 *   "hub-url"          string            normalised; NULL when signed out
 *   "demographics-url" string (read-write) another demographics service for
 *                      the next sign-in; NULL or "" for the hub's own
 *   "workstation-care" CpisWorkstationCare (read-write) what this workstation
 *                      says it is; heard where the organisation has both kinds
 *   "care-setting"     CpisCareSetting   how checks are made now: the
 *                      workstation's where heard, else the organisation's
 * Signals:
 *   "started" (): signed in; client, user and a new, empty store are set
 *   "ended" (CpisSessionEnd why, CpisUserInfo *user, const char *hub_url):
 *           after the store emptied and the token was revoked
 */

CpisSession      *cpis_session_new                    (void);
CpisSessionState  cpis_session_get_state              (CpisSession         *self);
gboolean          cpis_session_is_signed_in           (CpisSession         *self);
CpisHubClient    *cpis_session_get_client             (CpisSession         *self);
CpisUserInfo     *cpis_session_get_user               (CpisSession         *self);
CpisSessionStore *cpis_session_get_store              (CpisSession         *self);
const char       *cpis_session_get_hub_url            (CpisSession         *self);
/* A PEM file of the certificate authority the hub is signed by, when it is
 * not one the system trusts (NULL or "": the system's); used from the next
 * sign-in. A file that cannot be read makes the sign-in fail, saying so. */
void              cpis_session_set_trusted_certificate (CpisSession        *self,
                                                        const char         *path);
void              cpis_session_set_demographics_url   (CpisSession         *self,
                                                       const char          *url);
/* Applied at once, to the checks that start from then on */
void              cpis_session_set_workstation_care   (CpisSession         *self,
                                                       CpisWorkstationCare  workstation);
CpisWorkstationCare cpis_session_get_workstation_care (CpisSession         *self);
CpisCareSetting   cpis_session_get_care_setting       (CpisSession         *self);

/* Signs in to the hub at @hub_url (normalised first; check it with
 * cpis_hub_client_check_base_url() to say why it cannot be used). Ends a
 * session in progress first. Fails with CPIS_HUB_CLIENT_ERROR as the client
 * does, leaving the session signed out. */
void              cpis_session_sign_in_async          (CpisSession         *self,
                                                       const char          *hub_url,
                                                       const char          *username,
                                                       const char          *password,
                                                       CpisPasswordChoice   choice,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
CpisUserInfo     *cpis_session_sign_in_finish         (CpisSession         *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* The hub ended the session (a request met 401): the state goes to
 * EXPIRED, keeping the client, the user and the store */
void              cpis_session_expire                 (CpisSession         *self);
/* Signs the same user in again with the same client: back to SIGNED_IN.
 * If the session ends meanwhile, the new token is revoked and the call
 * fails with G_IO_ERROR_CANCELLED. */
void              cpis_session_sign_in_again_async    (CpisSession         *self,
                                                       const char          *password,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          cpis_session_sign_in_again_finish   (CpisSession         *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Ends the session: empties the store, revokes the token (without waiting),
 * signed out; emits "ended". Nothing when already signed out. */
void              cpis_session_end                    (CpisSession         *self,
                                                       CpisSessionEnd       why);

/* The keyring, for the sign-in page and the sign-out question
 * (cpis-credentials.h says how each fails) */
void              cpis_session_probe_keyring_async    (CpisSession         *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          cpis_session_probe_keyring_finish   (CpisSession         *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void              cpis_session_lookup_password_async  (CpisSession         *self,
                                                       const char          *hub_url,
                                                       const char          *username,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* NULL without error when nothing is stored */
char             *cpis_session_lookup_password_finish (CpisSession         *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void              cpis_session_forget_password_async  (CpisSession         *self,
                                                       const char          *hub_url,
                                                       const char          *username,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          cpis_session_forget_password_finish (CpisSession         *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
