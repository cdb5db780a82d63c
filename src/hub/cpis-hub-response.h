/* cpis-hub-response.h: how the hub answers, errors included
 *
 * Every error the hub sends is an OperationOutcome (never an HTML page or an
 * empty body); docs/api.md lists the codes.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define CPIS_HUB_FHIR_CONTENT_TYPE "application/fhir+json"

/* Spine error codes the national API uses, and the hub's own additions */
#define CPIS_HUB_INVALID_SEARCH_DATA "INVALID_SEARCH_DATA"
#define CPIS_HUB_PRECONDITION_FAILED "PRECONDITION_FAILED"
#define CPIS_HUB_ACCESS_DENIED       "ACCESS_DENIED"
#define CPIS_HUB_UNAUTHORISED        "UNAUTHORISED"
#define CPIS_HUB_INVALID_GRANT       "INVALID_GRANT"
#define CPIS_HUB_INVALID_REQUEST     "INVALID_REQUEST"
#define CPIS_HUB_NOT_FOUND           "NOT_FOUND"
#define CPIS_HUB_METHOD_NOT_ALLOWED  "METHOD_NOT_ALLOWED"
#define CPIS_HUB_PAYLOAD_TOO_LARGE   "PAYLOAD_TOO_LARGE"
#define CPIS_HUB_LENGTH_REQUIRED     "LENGTH_REQUIRED"
#define CPIS_HUB_UNSUPPORTED_MEDIA   "UNSUPPORTED_MEDIA_TYPE"
#define CPIS_HUB_SERVER_ERROR        "INTERNAL_SERVER_ERROR"
/* Changing a Task (docs/api.md, "Updating") */
#define CPIS_HUB_PRECONDITION_REQUIRED "PRECONDITION_REQUIRED"
#define CPIS_HUB_VERSION_CONFLICT      "VERSION_CONFLICT"
#define CPIS_HUB_BUSINESS_RULE         "BUSINESS_RULE"
#define CPIS_HUB_INVALID_RESOURCE      "INVALID_RESOURCE"
/* Too many websockets open (docs/api.md, "Subscriptions and the websocket") */
#define CPIS_HUB_SERVICE_UNAVAILABLE   "SERVICE_UNAVAILABLE"
#define CPIS_HUB_TOO_MANY_REQUESTS     "TOO_MANY_REQUESTS"
#define CPIS_HUB_STATUS_TOO_MANY_REQUESTS 429

/* The PDS FHIR API's codes, in its own system (NHS England's PDS examples);
 * it also answers INVALID_SEARCH_DATA, PRECONDITION_FAILED and ACCESS_DENIED */
#define CPIS_HUB_PDS_ERROR_SYSTEM \
  "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode"
#define CPIS_HUB_PDS_INVALID_RESOURCE_ID "INVALID_RESOURCE_ID"
#define CPIS_HUB_PDS_RESOURCE_NOT_FOUND  "RESOURCE_NOT_FOUND"
#define CPIS_HUB_PDS_TOO_MANY_MATCHES    "TOO_MANY_MATCHES"
#define CPIS_HUB_PDS_MISSING_VALUE       "MISSING_VALUE"
#define CPIS_HUB_PDS_INVALID_VALUE       "INVALID_VALUE"

/* Answers @status with an OperationOutcome: @issue_code is the FHIR issue
 * type ("invalid", "forbidden", "login", …), @details_code one of the above,
 * @diagnostics a sentence for people (no patient data). */
void cpis_hub_respond_error (SoupServerMessage *msg,
                             guint              status,
                             const char        *issue_code,
                             const char        *details_code,
                             const char        *diagnostics);
/* The answers every FHIR endpoint shares */
/* 404 NOT_FOUND: no such endpoint */
void cpis_hub_respond_no_such_endpoint  (SoupServerMessage *msg);
/* 405 METHOD_NOT_ALLOWED, with @allow ("GET, POST") as the Allow header */
void cpis_hub_respond_method_not_allowed (SoupServerMessage *msg,
                                          const char        *allow);
/* 500 INTERNAL_SERVER_ERROR */
void cpis_hub_respond_server_error      (SoupServerMessage *msg,
                                         const char        *diagnostics);
/* 400 INVALID_SEARCH_DATA */
void cpis_hub_respond_invalid_search    (SoupServerMessage *msg,
                                         const char        *diagnostics);
/* The same for the demographics (PDS) endpoints: @details_code is one of
 * the PDS codes, in CPIS_HUB_PDS_ERROR_SYSTEM with PDS's display. The
 * severity is PDS's: "information" for RESOURCE_NOT_FOUND and
 * TOO_MANY_MATCHES (which PDS answers with 200), "error" otherwise. */
void cpis_hub_respond_pds_outcome (SoupServerMessage *msg,
                                   guint              status,
                                   const char        *issue_code,
                                   const char        *details_code,
                                   const char        *diagnostics);
/* Answers 200 with @json (taken) as @content_type */
void cpis_hub_respond_json  (SoupServerMessage *msg,
                             const char        *content_type,
                             char              *json);

/* Holds @msg while the store works on it (soup_server_message_pause), and
 * notes if its client goes away meanwhile */
void cpis_hub_message_hold    (SoupServerMessage *msg);
/* Sends the answer of a held @msg, unless its client has gone: then no one
 * is there to answer, and libsoup has already let the message go (unpausing
 * it would be a critical). The caller holds a reference to @msg. */
void cpis_hub_message_release (SoupServerMessage *msg);
/* For tests: how many messages are held now, in this process, and
 * (@n_gone_out, may be NULL) how many of them have lost their client */
guint cpis_hub_message_get_n_held (guint *n_gone_out);

G_END_DECLS
