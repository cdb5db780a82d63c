/* cpis-hub-client-private.h: what the client's files share, and what the
 * tests look at
 *
 * cpis-hub-client.c sends requests and signs in; cpis-hub-client-check.c
 * checks a child; cpis-hub-client-demographics.c asks the demographics
 * service. All of them send through _cpis_hub_client_send_async(), which
 * follows no redirect, keeps one deadline for the whole answer and reads at
 * most a few megabytes of it.
 */
#pragma once

#include <libsoup/soup.h>

#include "cpis-hub-client.h"

G_BEGIN_DECLS

#define CPIS_FHIR_CONTENT_TYPE "application/fhir+json"

/* Decodes @length bytes at @data (on a worker thread): a new object or array,
 * or NULL with an error */
typedef gpointer (*CpisHubClientDecodeFunc) (const char  *data,
                                             gsize        length,
                                             GError     **error);

/* Sends @msg. The task's value is the body (2xx or not: the caller checks
 * the status); *@msg (if not NULL) gets the message, for its status and
 * headers. Transport failures come back as CPIS_HUB_CLIENT_ERRORs,
 * cancellation as G_IO_ERROR_CANCELLED. */
void          _cpis_hub_client_send_async        (CpisHubClient            *self,
                                                  SoupMessage              *msg,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data);
/* A request of the hub's FHIR API: Accept FHIR JSON, a TraceID of its own,
 * the bearer token */
void          _cpis_hub_client_set_fhir_headers  (CpisHubClient            *self,
                                                  SoupMessage              *msg);
/* Sends @msg (taken; NULL: its address could not be made) for @task
 * (taken), with the FHIR headers, to @answered with @task as its data;
 * fails @task instead when not signed in, or when @msg is NULL. The task's
 * cancellable cancels it. */
void          _cpis_hub_client_send_fhir         (CpisHubClient            *self,
                                                  GTask                    *task,
                                                  SoupMessage              *msg,
                                                  GAsyncReadyCallback       answered);
GBytes       *_cpis_hub_client_send_finish       (CpisHubClient            *self,
                                                  GAsyncResult             *result,
                                                  SoupMessage             **msg,
                                                  GError                  **error);
/* NULL for a 2xx status; otherwise the error it means (a 3xx: REDIRECTED).
 * @token_request: the answer to a sign-in, where 400/401 mean a wrong user
 * name or password. */
GError       *_cpis_hub_client_status_error      (SoupMessage              *msg,
                                                  GBytes                   *body,
                                                  gboolean                  token_request);
/* The details code of an OperationOutcome body, or the "error" of an OAuth
 * error body, upper-cased; NULL when there is neither */
char         *_cpis_hub_client_error_code_from_body (GBytes                *body);
/* FALSE, with an UNREADABLE error, unless the answer says it is JSON (FHIR
 * or plain) and has a body */
gboolean      _cpis_hub_client_check_json_answer (SoupMessage              *msg,
                                                  GBytes                   *body,
                                                  GError                  **error);
GError       *_cpis_hub_client_unreadable_error  (void);
/* Runs @decode_func on @body in a worker thread; @free_decoded frees its
 * result if nobody takes it */
void          _cpis_hub_client_decode_async      (CpisHubClient            *self,
                                                  GBytes                   *body,
                                                  CpisHubClientDecodeFunc   decode_func,
                                                  GDestroyNotify            free_decoded,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data);
gpointer      _cpis_hub_client_decode_finish     (CpisHubClient            *self,
                                                  GAsyncResult             *result,
                                                  GError                  **error);
/* Authorization: Bearer with the token held (the client must be signed in) */
void          _cpis_hub_client_set_bearer        (CpisHubClient            *self,
                                                  SoupMessage              *msg);
const char   *_cpis_hub_client_get_origin        (CpisHubClient            *self);
/* The client's session (its TLS database, for another session to the same hub) */
SoupSession  *_cpis_hub_client_get_session       (CpisHubClient            *self);

/* The bearer token held, or NULL (tests revoke it behind the client's back) */
const char   *_cpis_hub_client_get_token         (CpisHubClient            *self);

G_END_DECLS
