/* cpis-hub-client.h: talking to a CP-IS hub (the reference hub, or the national
 * API's shape) over libsoup 3
 *
 * One SoupSession per client, with timeouts and a user agent. Every FHIR
 * request carries a fresh TraceID and IsUnscheduledAccessEvent from the care
 * setting. Calls are _async/_finish pairs with cancellables; disposing the
 * client cancels what is in flight.
 */
#pragma once

#include <gio/gio.h>

#include "cpis-check-result.h"
#include "cpis-user-info.h"

G_BEGIN_DECLS

#define CPIS_HUB_CLIENT_ERROR (cpis_hub_client_error_quark ())

/* Each has a message a clinician can read, e.g. "The CP-IS hub did not
 * answer within 10 seconds." */
typedef enum
{
  CPIS_HUB_CLIENT_ERROR_UNREACHABLE,         /* refused, no route, name not found */
  CPIS_HUB_CLIENT_ERROR_TIMEOUT,             /* no answer in time */
  CPIS_HUB_CLIENT_ERROR_TLS,                 /* certificate not trusted, or TLS failed */
  CPIS_HUB_CLIENT_ERROR_INVALID_CREDENTIALS, /* wrong user name or password */
  CPIS_HUB_CLIENT_ERROR_UNAUTHORISED,        /* 401: the session expired or was ended */
  CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED,       /* 403 */
  CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,     /* 400, e.g. INVALID_SEARCH_DATA */
  CPIS_HUB_CLIENT_ERROR_SERVER,              /* 5xx */
  CPIS_HUB_CLIENT_ERROR_UNREADABLE,          /* an answer that could not be understood */
} CpisHubClientError;

GQuark cpis_hub_client_error_quark (void);

#define CPIS_DEFAULT_TIMEOUT_SECONDS 10

#define CPIS_TYPE_HUB_CLIENT (cpis_hub_client_get_type ())

G_DECLARE_FINAL_TYPE (CpisHubClient, cpis_hub_client, CPIS, HUB_CLIENT, GObject)

/* Properties (notified when they change, for binding in the UI):
 *   "base-url"      string           read-only
 *   "timeout"       guint            seconds (a new timeout applies to new connections;
 *                                    idle ones are closed when nothing is in flight)
 *   "care-setting"  CpisCareSetting
 *   "user-info"     CpisUserInfo     read-only; NULL before sign-in and after sign-out
 *                                    (kept after UNAUTHORISED, for re-authentication)
 *   "signed-in"     gboolean         read-only; whether a token is held
 *
 * _finish functions return (transfer full) objects and (transfer container)
 * arrays; cpis_hub_client_get_user_info() is (transfer none).
 * Disposing the client (g_object_run_dispose()) cancels every call in flight;
 * their callbacks still run, with G_IO_ERROR_CANCELLED.
 */

/* @base_url: the FHIR base, e.g. "https://hub.example/cpis/FHIR/R4"; the
 * sign-in endpoints are at its origin. NULL with an error if it is not an
 * http(s) URL. */
CpisHubClient   *cpis_hub_client_new                        (const char       *base_url,
                                                             GError          **error);
/* Whether @base_url is one cpis_hub_client_new() accepts (an http(s) URL
 * with a host), without making a client */
gboolean         cpis_hub_client_check_base_url             (const char       *base_url,
                                                             GError          **error);
const char      *cpis_hub_client_get_base_url               (CpisHubClient    *self);
void             cpis_hub_client_set_timeout                (CpisHubClient    *self,
                                                             guint             seconds);
/* Trust these certificate authorities (tests, private hubs) */
void             cpis_hub_client_set_tls_database           (CpisHubClient    *self,
                                                             GTlsDatabase     *database);
void             cpis_hub_client_set_care_setting           (CpisHubClient    *self,
                                                             CpisCareSetting   setting);
CpisCareSetting  cpis_hub_client_get_care_setting           (CpisHubClient    *self);
/* The signed-in user, or NULL */
CpisUserInfo    *cpis_hub_client_get_user_info              (CpisHubClient    *self);
gboolean         cpis_hub_client_is_signed_in               (CpisHubClient    *self);

/* POST /oauth2/token, then GET /oauth2/userinfo. On success the client holds
 * the token, and the care setting follows the user's organisation. Signing in
 * again (after UNAUTHORISED) replaces the token. */
void             cpis_hub_client_sign_in_async              (CpisHubClient    *self,
                                                             const char       *username,
                                                             const char       *password,
                                                             GCancellable     *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer          user_data);
CpisUserInfo    *cpis_hub_client_sign_in_finish             (CpisHubClient    *self,
                                                             GAsyncResult     *result,
                                                             GError          **error);
/* POST /oauth2/revoke; forgets the token even if the hub cannot be reached */
void             cpis_hub_client_sign_out_async             (CpisHubClient    *self,
                                                             GCancellable     *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer          user_data);
gboolean         cpis_hub_client_sign_out_finish            (CpisHubClient    *self,
                                                             GAsyncResult     *result,
                                                             GError          **error);

/* GET [base]/CareTeam → array of CpisPlan */
void             cpis_hub_client_search_plans_async         (CpisHubClient    *self,
                                                             const char       *nhs_number,
                                                             GCancellable     *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer          user_data);
GPtrArray       *cpis_hub_client_search_plans_finish        (CpisHubClient    *self,
                                                             GAsyncResult     *result,
                                                             GError          **error);
/* GET [base]/AuditEvent → array of CpisAccessEvent, newest first */
void             cpis_hub_client_search_access_history_async  (CpisHubClient    *self,
                                                               const char       *nhs_number,
                                                               GCancellable     *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer          user_data);
GPtrArray       *cpis_hub_client_search_access_history_finish (CpisHubClient    *self,
                                                               GAsyncResult     *result,
                                                               GError          **error);

/* Both searches at once. Hub failures do not fail the task: they come back as
 * a result with outcome FAILED and its error. The task fails only when
 * cancelled (G_IO_ERROR_CANCELLED) or when @nhs_number is not a valid NHS
 * number (CPIS_NHS_NUMBER_ERROR, nothing sent). */
void             cpis_hub_client_check_child_async          (CpisHubClient    *self,
                                                             const char       *nhs_number,
                                                             GCancellable     *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer          user_data);
CpisCheckResult *cpis_hub_client_check_child_finish         (CpisHubClient    *self,
                                                             GAsyncResult     *result,
                                                             GError          **error);

G_END_DECLS
