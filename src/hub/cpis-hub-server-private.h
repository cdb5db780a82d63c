/* cpis-hub-server-private.h: what the request handlers share with the server */
#pragma once

#include <libsoup/soup.h>

#include "cpis-access-event.h"
#include "cpis-hub-server.h"
#include "cpis-hub-throttle.h"

G_BEGIN_DECLS

CpisHubStore *_cpis_hub_server_get_store          (CpisHubServer     *self);
gint64        _cpis_hub_server_now_usec           (CpisHubServer     *self);
/* Today's date in the UK, by the server's clock */
void          _cpis_hub_server_today              (CpisHubServer     *self,
                                                   GDate             *today);
guint         _cpis_hub_server_get_token_lifetime (CpisHubServer     *self);
/* Failed sign-ins, counted to slow guessing down (cpis-hub-throttle.h) */
CpisHubThrottle *_cpis_hub_server_get_throttle    (CpisHubServer     *self);
/* The user of the request's bearer token, or NULL after answering 401 */
CpisHubUser  *_cpis_hub_server_authenticate       (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
/* The same for a social worker of an LA: NULL after answering 401, or 403
 * with @refusal (a sentence saying what only social workers may do) */
CpisHubUser  *_cpis_hub_server_authenticate_social_worker (CpisHubServer     *self,
                                                           SoupServerMessage *msg,
                                                           const char        *refusal);

/* "http://host:port@base_path", with the scheme, host and port the client
 * addressed */
char         *_cpis_hub_request_base_url          (SoupServerMessage *msg,
                                                   const char        *base_path);

/* The NHS number of a patient:identifier search value, tolerated as the
 * CareTeam search tolerates it (docs/api.md, "What the hub tolerates");
 * NULL with a sentence for the OperationOutcome (cpis-hub-fhir-search.c) */
char            *_cpis_hub_parse_patient_identifier (const char          *identifier,
                                                     GError             **error);
/* An access as the codec encodes it, with its viewer's PractitionerRole */
CpisAccessEvent *_cpis_hub_access_event_from_record (const CpisHubAccess *record);

/* Request handlers (cpis-hub-oauth.c, cpis-hub-fhir-search.c, cpis-hub-pds.c,
 * cpis-hub-fhir-task.c) */
void          _cpis_hub_oauth_token               (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
void          _cpis_hub_oauth_userinfo            (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
void          _cpis_hub_oauth_revoke              (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
void          _cpis_hub_fhir_search               (CpisHubServer     *self,
                                                   SoupServerMessage *msg,
                                                   const char        *resource_type);
void          _cpis_hub_pds_read                  (CpisHubServer     *self,
                                                   SoupServerMessage *msg,
                                                   const char        *id);
void          _cpis_hub_pds_search                (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
/* GET [base]/Task (the search) */
void          _cpis_hub_fhir_task_search          (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
/* [base]/Task/@subpath: {id} (GET, PUT), {id}/_history and
 * {id}/_history/{vid} (GET); answers 404 and 405 itself */
void          _cpis_hub_fhir_task_subpath         (CpisHubServer     *self,
                                                   SoupServerMessage *msg,
                                                   const char        *subpath);
/* GET [base]/metadata and [pds]/metadata: the CapabilityStatements,
 * built from the routes below (cpis-hub-metadata.c) */
void          _cpis_hub_metadata                  (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
void          _cpis_hub_pds_metadata              (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
/* The router's table (cpis-hub-server.c): how many paths it serves, and
 * each path with the methods it takes (the Allow header's value) */
guint         _cpis_hub_server_get_n_routes       (void);
const char   *_cpis_hub_server_get_route          (guint              index,
                                                   const char       **allowed_methods);
/* When the server started listening (Unix time, microseconds) */
gint64        _cpis_hub_server_get_started_usec   (CpisHubServer     *self);
/* [base]/Subscription (cpis-hub-fhir-subscription.c): GET the user's,
 * POST a new one; [base]/Subscription/@subpath: {id} (GET, DELETE),
 * {id}/$status, {id}/$events, $status (GET), {id}/$get-ws-binding-token
 * and $get-ws-binding-token (GET, POST); answers 404 and 405 itself */
void          _cpis_hub_fhir_subscription_search  (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
void          _cpis_hub_fhir_subscription_create  (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
void          _cpis_hub_fhir_subscription_subpath (CpisHubServer     *self,
                                                   SoupServerMessage *msg,
                                                   const char        *subpath);
/* GET [base]/PractitionerRole and GET [base]/Organization: the LA's social
 * workers and teams, whom a notification can be assigned to
 * (cpis-hub-fhir-directory.c) */
void          _cpis_hub_fhir_practitioner_role_search (CpisHubServer     *self,
                                                       SoupServerMessage *msg);
void          _cpis_hub_fhir_organization_search  (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
/* GET [base]/CareTeam without patient:identifier: a social worker's list
 * of their LA's plans (cpis-hub-fhir-la-plans.c). FALSE, having answered
 * nothing, for the national search (a patient named, or a clinician) */
gboolean      _cpis_hub_fhir_la_plan_search       (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
/* GET [base]/Basic: the LA's open upload exceptions; [base]/Basic/@subpath:
 * {id} (GET), {id}/$dismiss (POST); answers 404 and 405 itself
 * (cpis-hub-fhir-exceptions.c) */
void          _cpis_hub_fhir_exception_search     (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
void          _cpis_hub_fhir_exception_subpath    (CpisHubServer     *self,
                                                   SoupServerMessage *msg,
                                                   const char        *subpath);
/* GET [base]/Measure: the area figures' Measure; [base]/Measure/@subpath:
 * area-figures (GET) and area-figures/$evaluate-measure (GET), a
 * partnership officer's area's MeasureReport; answers 404 and 405 itself
 * (cpis-hub-fhir-measure.c) */
void          _cpis_hub_fhir_measure_search       (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
void          _cpis_hub_fhir_measure_subpath      (CpisHubServer     *self,
                                                   SoupServerMessage *msg,
                                                   const char        *subpath);
/* POST [base]: an LA's plan records, a batch Bundle of CareTeams
 * (cpis-hub-fhir-upload.c) */
void          _cpis_hub_fhir_batch                (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
/* GET CPIS_HUB_WEBSOCKET_PATH: the websocket upgrade (cpis-hub-push.c) */
void          _cpis_hub_push_upgrade              (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
/* The server's live push, once it listens; NULL before */
struct _CpisHubPush *_cpis_hub_server_get_push    (CpisHubServer     *self);
/* The HTTP server itself (for the tests' record of the requests it read) */
SoupServer   *_cpis_hub_server_get_soup_server    (CpisHubServer     *self);

/* Echoes X-Request-ID and X-Correlation-ID, on every answer under the PDS base */
void          _cpis_hub_pds_echo_headers          (SoupServerMessage *msg);

G_END_DECLS
