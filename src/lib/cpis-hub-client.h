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
#include "cpis-measure-report.h"
#include "cpis-patient.h"
#include "cpis-plan-page.h"
#include "cpis-plan-type.h"
#include "cpis-plan-upload.h"
#include "cpis-subscription.h"
#include "cpis-task.h"
#include "cpis-task-page.h"
#include "cpis-task-query.h"
#include "cpis-team.h"
#include "cpis-upload-exception.h"
#include "cpis-upload-exception-page.h"
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
  CPIS_HUB_CLIENT_ERROR_UNREADABLE,          /* an answer that could not be understood, or
                                              one that cannot be trusted (wrong content
                                              type, too large, contradicting itself) */
  CPIS_HUB_CLIENT_ERROR_REDIRECTED,          /* a 3xx: never followed */
  CPIS_HUB_CLIENT_ERROR_NOT_FOUND,           /* demographics: no record for that NHS number;
                                              notifications: none of the LA's has that id */
  CPIS_HUB_CLIENT_ERROR_TOO_MANY_MATCHES,    /* demographics search: too many to list */
  CPIS_HUB_CLIENT_ERROR_CHANGED,             /* a notification changed by someone else since
                                              it was read (412): read it again */
  CPIS_HUB_CLIENT_ERROR_REFUSED,             /* a change the hub's rules refuse (422), with
                                              the hub's reason */
  CPIS_HUB_CLIENT_ERROR_THROTTLED,           /* 429: too many failed sign-ins; wait as the
                                              message says */
} CpisHubClientError;

GQuark cpis_hub_client_error_quark (void);

#define CPIS_DEFAULT_TIMEOUT_SECONDS 10

#define CPIS_TYPE_HUB_CLIENT (cpis_hub_client_get_type ())

G_DECLARE_FINAL_TYPE (CpisHubClient, cpis_hub_client, CPIS, HUB_CLIENT, GObject)

/* Properties (notified when they change, for binding in the UI):
 *   "base-url"      string           read-only
 *   "demographics-base-url" string   read-only: the demographics service (PDS),
 *                                    by default [origin]/personal-demographics/FHIR/R4
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
 * sign-in endpoints and the demographics service are at its origin. NULL
 * with an error if it is not an https URL, or an http one on this computer
 * (loopback). Every request the client makes follows no redirect, must give
 * its whole answer within the timeout, and is read to a few megabytes at
 * most; only JSON answers are believed. */
CpisHubClient   *cpis_hub_client_new                        (const char       *base_url,
                                                             GError          **error);
/* Whether @base_url is one cpis_hub_client_new() accepts, without making a
 * client */
gboolean         cpis_hub_client_check_base_url             (const char       *base_url,
                                                             GError          **error);
const char      *cpis_hub_client_get_base_url               (CpisHubClient    *self);
/* Another demographics service than the hub's own; NULL or "" goes back to
 * [origin]/personal-demographics/FHIR/R4. FALSE, with an error, if the
 * address is not one cpis_hub_client_new() would accept. */
gboolean         cpis_hub_client_set_demographics_base_url  (CpisHubClient    *self,
                                                             const char       *base_url,
                                                             GError          **error);
const char      *cpis_hub_client_get_demographics_base_url  (CpisHubClient    *self);
/* Seconds for the whole of each answer */
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

/* Checks a child. The task completes as soon as the CP-IS answer (CareTeam)
 * is in: the plans are never held back for anything else. Hub failures do
 * not fail the task: they come back as a result with outcome FAILED and its
 * error. The task fails only when cancelled (G_IO_ERROR_CANCELLED) or when
 * @nhs_number is not a valid NHS number (CPIS_NHS_NUMBER_ERROR, nothing
 * sent).
 *
 * Then, on the result, while @cancellable is not cancelled:
 * - the access history is asked for once the CareTeam answer is in (so that
 *   it holds the access just recorded), when plans were found:
 *   "history-state" PENDING, then DONE or FAILED; "history-partial" is set
 *   (before DONE) when the hub answered CPIS_FHIR_ACCESS_HISTORY_LIMIT
 *   accesses or more, so older ones may have been left out;
 * - the demographics (who this NHS number is), asked for at once, in
 *   parallel with the CareTeam: "demographics-state" PENDING, then DONE,
 *   NOT_FOUND or FAILED. They never delay the CP-IS answer. */
void             cpis_hub_client_check_child_async          (CpisHubClient    *self,
                                                             const char       *nhs_number,
                                                             GCancellable     *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer          user_data);
CpisCheckResult *cpis_hub_client_check_child_finish         (CpisHubClient    *self,
                                                             GAsyncResult     *result,
                                                             GError          **error);

/* The demographics service (the PDS FHIR API's shape), never recorded as a
 * CP-IS access. GET [pds-base]/Patient/{nhs-number} → CpisPatient; a number
 * that was superseded answers with the current record (its NHS number
 * differs). No record: CPIS_HUB_CLIENT_ERROR_NOT_FOUND. */
void             cpis_hub_client_read_patient_async         (CpisHubClient    *self,
                                                             const char       *nhs_number,
                                                             GCancellable     *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer          user_data);
CpisPatient     *cpis_hub_client_read_patient_finish        (CpisHubClient    *self,
                                                             GAsyncResult     *result,
                                                             GError          **error);
/* GET [pds-base]/Patient?family=&birthdate=eq…&gender=&given=&address-postalcode=
 * → array of CpisPatient, best match first (maybe none). @family and
 * @birth_date ("YYYY-MM-DD", a whole date) are required; @gender ("male",
 * "female", "other", "unknown" — each a recorded value, "unknown" is not
 * "any"), @given and @postcode may be NULL: a NULL gender searches every
 * gender, as PDS allows. Names match whole (the hub has no wildcards or fuzzy
 * matching): partial names ("Smi*") and partial dates are refused before
 * anything is sent (CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST); more matches than
 * the service lists: CPIS_HUB_CLIENT_ERROR_TOO_MANY_MATCHES. */
void             cpis_hub_client_search_patients_async      (CpisHubClient    *self,
                                                             const char       *family,
                                                             const char       *given,
                                                             const char       *gender,
                                                             const char       *birth_date,
                                                             const char       *postcode,
                                                             GCancellable     *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer          user_data);
GPtrArray       *cpis_hub_client_search_patients_finish     (CpisHubClient    *self,
                                                             GAsyncResult     *result,
                                                             GError          **error);

/* Notifications (social workers; docs/api.md, "Notifications: Task"). Never
 * recorded as an access. Ids are FHIR ids: any other is refused before
 * anything is sent (CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST).
 *
 * GET [base]/Task?… → the first page (CpisTaskPage) of the LA's
 * notifications that @query matches. An NHS number in @query that is not
 * valid fails with CPIS_NHS_NUMBER_ERROR, nothing sent. */
void             cpis_hub_client_search_tasks_async         (CpisHubClient       *self,
                                                             const CpisTaskQuery *query,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
CpisTaskPage    *cpis_hub_client_search_tasks_finish        (CpisHubClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* Another page of the same search, by a link of a page (next_url,
 * previous_url). A link that is not this hub's Task search (another host,
 * port, scheme or path) is not followed: CPIS_HUB_CLIENT_ERROR_UNREADABLE,
 * nothing sent, the token never leaves for another address. */
void             cpis_hub_client_fetch_task_page_async      (CpisHubClient       *self,
                                                             const char          *url,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
CpisTaskPage    *cpis_hub_client_fetch_task_page_finish     (CpisHubClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* GET [base]/Task/{id} → the current version. An answer about another id,
 * or whose ETag is not its version, is not believed (UNREADABLE). */
void             cpis_hub_client_get_task_async             (CpisHubClient       *self,
                                                             const char          *id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
CpisTask        *cpis_hub_client_get_task_finish            (CpisHubClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* PUT [base]/Task/{id} with If-Match: W/"{version read}": @task as read
 * with @update's changes → the new version (or the same one, if nothing
 * changed). An update cpis_task_update_check() refuses fails with its
 * CPIS_TASK_ERROR, nothing sent. CHANGED (412): someone changed it since it
 * was read; REFUSED (422) and INVALID_REQUEST (400, 428) carry the hub's
 * reason. */
void             cpis_hub_client_update_task_async          (CpisHubClient        *self,
                                                             CpisTask             *task,
                                                             const CpisTaskUpdate *update,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
CpisTask        *cpis_hub_client_update_task_finish         (CpisHubClient        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
/* GET [base]/Task/{id}/_history → array of CpisTask, every version, newest first */
void             cpis_hub_client_get_task_history_async     (CpisHubClient       *self,
                                                             const char          *id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GPtrArray       *cpis_hub_client_get_task_history_finish    (CpisHubClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Whom a notification can be assigned to (social workers; docs/api.md,
 * "The LA's teams and social workers"): the signed-in social worker's own
 * authority's, never another's. Never recorded.
 *
 * GET [base]/PractitionerRole → array of CpisPractitionerRole, the
 * authority's social workers who are not disabled (themselves included),
 * by name: a Task's owner is "PractitionerRole/" and the role's id. */
void             cpis_hub_client_list_social_workers_async  (CpisHubClient       *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GPtrArray       *cpis_hub_client_list_social_workers_finish (CpisHubClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* GET [base]/Organization → array of CpisTeam, the authority's teams: a
 * Task's owner is the team's id in CPIS_TEAM_SYSTEM */
void             cpis_hub_client_list_teams_async           (CpisHubClient       *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GPtrArray       *cpis_hub_client_list_teams_finish          (CpisHubClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* The live push (social workers; docs/api.md, "Subscriptions and the
 * websocket"): CpisTaskFeed uses these. Never recorded as an access. A
 * Subscription that is not (or no longer) the user's: NOT_FOUND; a sign-in
 * that ended: UNAUTHORISED.
 *
 * POST [base]/Subscription: a websocket Subscription to @topic (one of
 * CPIS_SUBSCRIPTION_TOPIC_*), @reason (1 to 1000 characters), a heartbeat
 * every @heartbeat_period seconds (0: none), notifications carrying
 * @payload → the CpisSubscription made (REFUSED, with the hub's reason, if
 * the hub would not make it) */
void              cpis_hub_client_create_subscription_async  (CpisHubClient           *self,
                                                              const char              *topic,
                                                              const char              *reason,
                                                              guint                    heartbeat_period,
                                                              CpisSubscriptionPayload  payload,
                                                              GCancellable            *cancellable,
                                                              GAsyncReadyCallback      callback,
                                                              gpointer                 user_data);
CpisSubscription *cpis_hub_client_create_subscription_finish (CpisHubClient           *self,
                                                              GAsyncResult            *result,
                                                              GError                 **error);
/* POST [base]/Subscription/$get-ws-binding-token?id=… for @ids (NULL
 * ended, at least one) → CpisBindingToken, a single-use token for the
 * websocket and its address. An address at another host or port than the
 * hub's, or ws:// for an https hub, is not believed (UNREADABLE). */
void              cpis_hub_client_get_binding_token_async    (CpisHubClient           *self,
                                                              const char * const      *ids,
                                                              GCancellable            *cancellable,
                                                              GAsyncReadyCallback      callback,
                                                              gpointer                 user_data);
CpisBindingToken *cpis_hub_client_get_binding_token_finish   (CpisHubClient           *self,
                                                              GAsyncResult            *result,
                                                              GError                 **error);
/* GET [base]/Subscription/{id}/$events?eventsSinceNumber=@since_number
 * &content=full-resource → CpisNotification (query-event): the events from
 * @since_number (at least 1) on, oldest first, CPIS_SUBSCRIPTION_EVENTS_PAGE
 * at most, each with its Task; events_since_start is the Subscription's
 * count now. An answer about another Subscription is not believed. */
void              cpis_hub_client_get_subscription_events_async  (CpisHubClient       *self,
                                                                  const char          *id,
                                                                  guint64              since_number,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
CpisNotification *cpis_hub_client_get_subscription_events_finish (CpisHubClient       *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
/* DELETE [base]/Subscription/{id}: its events go with it (the
 * notifications stay) */
void              cpis_hub_client_delete_subscription_async  (CpisHubClient           *self,
                                                              const char              *id,
                                                              GCancellable            *cancellable,
                                                              GAsyncReadyCallback      callback,
                                                              gpointer                 user_data);
gboolean          cpis_hub_client_delete_subscription_finish (CpisHubClient           *self,
                                                              GAsyncResult            *result,
                                                              GError                 **error);

/* An LA's plans (social workers; docs/api.md, "Plan uploads", "The LA's
 * plans", "Upload exceptions"). Never recorded as an access.
 *
 * Called after each chunk is answered: @n_done rows of @n_total have their
 * answer (uploaded or rejected) */
typedef void (*CpisPlanUploadProgressFunc) (guint    n_done,
                                            guint    n_total,
                                            gpointer user_data);

/* POST [base], in chunks of CPIS_FHIR_UPLOAD_CHUNK records (CpisPlanRecord,
 * as cpis_plan_upload_read_csv() reads them; a row with an error is
 * rejected CPR07 without being sent), one after the other. @progress (may
 * be NULL) is called after each chunk; @cancellable stops the upload
 * between chunks (a chunk sent is waited for: its answer says what was
 * stored). The report says of every row what became of it. Once a chunk
 * has been sent the upload always finishes with a report (one cut short,
 * cancelled or failed, is not complete: see its stop error, and its rows
 * unknown or not sent); it fails only when nothing was sent (not signed in,
 * cancelled before the first chunk). */
void                  cpis_hub_client_upload_plans_async      (CpisHubClient              *self,
                                                               GPtrArray                  *records,
                                                               CpisPlanUploadProgressFunc  progress,
                                                               gpointer                    progress_data,
                                                               GDestroyNotify              progress_destroy,
                                                               GCancellable               *cancellable,
                                                               GAsyncReadyCallback         callback,
                                                               gpointer                    user_data);
CpisPlanUploadReport *cpis_hub_client_upload_plans_finish     (CpisHubClient              *self,
                                                               GAsyncResult               *result,
                                                               GError                    **error);
/* GET [base]/CareTeam without a patient → the first page of the LA's plans:
 * @status "active", "inactive" or NULL (any), @plan_type or
 * CPIS_PLAN_TYPE_UNRECOGNISED (any), @count a page (0: the hub's default) */
void                  cpis_hub_client_list_plans_async        (CpisHubClient              *self,
                                                               const char                 *status,
                                                               CpisPlanType                plan_type,
                                                               guint                       count,
                                                               GCancellable               *cancellable,
                                                               GAsyncReadyCallback         callback,
                                                               gpointer                    user_data);
CpisPlanPage         *cpis_hub_client_list_plans_finish       (CpisHubClient              *self,
                                                               GAsyncResult               *result,
                                                               GError                    **error);
/* Another page, by a page's next_url or previous_url; a link that is not
 * this hub's CareTeam search is not followed (UNREADABLE, nothing sent) */
void                  cpis_hub_client_fetch_plan_page_async   (CpisHubClient              *self,
                                                               const char                 *url,
                                                               GCancellable               *cancellable,
                                                               GAsyncReadyCallback         callback,
                                                               gpointer                    user_data);
CpisPlanPage         *cpis_hub_client_fetch_plan_page_finish  (CpisHubClient              *self,
                                                               GAsyncResult               *result,
                                                               GError                    **error);
/* GET [base]/Basic → the first page of the LA's open upload exceptions,
 * newest first (@count: 0 for the hub's default) */
void                  cpis_hub_client_list_exceptions_async   (CpisHubClient              *self,
                                                               guint                       count,
                                                               GCancellable               *cancellable,
                                                               GAsyncReadyCallback         callback,
                                                               gpointer                    user_data);
CpisUploadExceptionPage *cpis_hub_client_list_exceptions_finish (CpisHubClient            *self,
                                                                 GAsyncResult             *result,
                                                                 GError                  **error);
/* Another page of them, by a link; as fetch_plan_page for Basic */
void                  cpis_hub_client_fetch_exception_page_async (CpisHubClient           *self,
                                                                  const char              *url,
                                                                  GCancellable            *cancellable,
                                                                  GAsyncReadyCallback      callback,
                                                                  gpointer                 user_data);
CpisUploadExceptionPage *cpis_hub_client_fetch_exception_page_finish (CpisHubClient       *self,
                                                                      GAsyncResult        *result,
                                                                      GError             **error);
/* POST [base]/Basic/{id}/$dismiss → the exception, now dismissed. An id
 * that is not a FHIR id is refused, nothing sent (INVALID_REQUEST); one the
 * LA has not: NOT_FOUND. */
void                  cpis_hub_client_dismiss_exception_async (CpisHubClient              *self,
                                                               const char                 *id,
                                                               GCancellable               *cancellable,
                                                               GAsyncReadyCallback         callback,
                                                               gpointer                    user_data);
CpisUploadException  *cpis_hub_client_dismiss_exception_finish (CpisHubClient             *self,
                                                                GAsyncResult              *result,
                                                                GError                   **error);

/* GET [base]/Measure/area-figures/$evaluate-measure: a partnership
 * officer's area's figures from @first to @last (both included), of one LA
 * (its ODS code) or, NULL, all the area's. 401: UNAUTHORISED; 403:
 * ACCESS_DENIED; 400: INVALID_REQUEST with the hub's reason. */
void                  cpis_hub_client_evaluate_area_figures_async  (CpisHubClient         *self,
                                                                    const GDate           *first,
                                                                    const GDate           *last,
                                                                    const char            *la_ods_code,
                                                                    GCancellable          *cancellable,
                                                                    GAsyncReadyCallback    callback,
                                                                    gpointer               user_data);
CpisMeasureReport    *cpis_hub_client_evaluate_area_figures_finish (CpisHubClient         *self,
                                                                    GAsyncResult          *result,
                                                                    GError               **error);

G_END_DECLS
