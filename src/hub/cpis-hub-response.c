/* cpis-hub-response.c */
#include "cpis-hub-response.h"

#include "cpis-fhir-codec.h"
#include "cpis-uuid.h"

static const char *
details_display (const char *details_code)
{
  static const struct { const char *code; const char *display; } displays[] = {
    { CPIS_HUB_INVALID_SEARCH_DATA, "Invalid search data provided" },
    { CPIS_HUB_PRECONDITION_FAILED, "Required condition was not fulfilled" },
    { CPIS_HUB_ACCESS_DENIED, "Access has been denied to process this request" },
    { CPIS_HUB_UNAUTHORISED, "The request was not authenticated" },
    { CPIS_HUB_INVALID_GRANT, "The user name or password is not correct" },
    { CPIS_HUB_INVALID_REQUEST, "The request is missing something it needs" },
    { CPIS_HUB_NOT_FOUND, "There is nothing at this address" },
    { CPIS_HUB_METHOD_NOT_ALLOWED, "This method is not allowed here" },
    { CPIS_HUB_PAYLOAD_TOO_LARGE, "The request body is too large" },
    { CPIS_HUB_LENGTH_REQUIRED, "The request body must have a Content-Length" },
    { CPIS_HUB_UNSUPPORTED_MEDIA, "The request body is not of a supported type" },
    { CPIS_HUB_SERVER_ERROR, "The hub could not complete the request" },
    { CPIS_HUB_PRECONDITION_REQUIRED, "The request must say which version it changes" },
    { CPIS_HUB_VERSION_CONFLICT, "The resource has changed since that version" },
    { CPIS_HUB_BUSINESS_RULE, "The change is not allowed" },
    { CPIS_HUB_INVALID_RESOURCE, "The resource in the request cannot be read" },
    { CPIS_HUB_SERVICE_UNAVAILABLE, "The hub cannot take this request now" },
    { CPIS_HUB_TOO_MANY_REQUESTS, "Too many attempts: wait before trying again" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (displays); i++)
    if (g_str_equal (displays[i].code, details_code))
      return displays[i].display;

  return NULL;
}

/* PDS's own displays, which differ from CP-IS's for the codes they share */
static const char *
pds_details_display (const char *details_code)
{
  static const struct { const char *code; const char *display; } displays[] = {
    { CPIS_HUB_PDS_INVALID_RESOURCE_ID, "Resource Id is invalid" },
    { CPIS_HUB_PDS_RESOURCE_NOT_FOUND, "Resource not found" },
    { CPIS_HUB_PDS_TOO_MANY_MATCHES, "Too Many Matches" },
    { CPIS_HUB_PDS_MISSING_VALUE, "Required value is missing" },
    { CPIS_HUB_PDS_INVALID_VALUE, "Provided value is invalid" },
    { CPIS_HUB_INVALID_SEARCH_DATA, "Search data is invalid" },
    { CPIS_HUB_PRECONDITION_FAILED, "Required condition was not fulfilled" },
    { CPIS_HUB_ACCESS_DENIED, "Access has been denied to process this request" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (displays); i++)
    if (g_str_equal (displays[i].code, details_code))
      return displays[i].display;

  return NULL;
}

static void
respond_outcome (SoupServerMessage    *msg,
                 guint                 status,
                 CpisOperationOutcome *outcome)
{
  g_autofree char *id = cpis_uuid_new ();
  char *json = cpis_fhir_encode_operation_outcome (outcome, id);

  /* libsoup 3.2 knows neither phrase (RFC 6585) */
  soup_server_message_set_status (msg, status,
                                  status == 428   ? "Precondition Required"
                                  : status == 429 ? "Too Many Requests"
                                                  : NULL);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer realm=\"cpis-hub\"");
  soup_server_message_set_response (msg, CPIS_HUB_FHIR_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    json, strlen (json));
}

void
cpis_hub_respond_error (SoupServerMessage *msg,
                        guint              status,
                        const char        *issue_code,
                        const char        *details_code,
                        const char        *diagnostics)
{
  g_autoptr(CpisOperationOutcome) outcome = NULL;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  outcome = cpis_operation_outcome_new ("error", issue_code, details_code,
                                        details_display (details_code), diagnostics);
  respond_outcome (msg, status, outcome);
}

void
cpis_hub_respond_pds_outcome (SoupServerMessage *msg,
                              guint              status,
                              const char        *issue_code,
                              const char        *details_code,
                              const char        *diagnostics)
{
  g_autoptr(CpisOperationOutcome) outcome = NULL;
  gboolean informational;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (details_code != NULL);

  informational = g_str_equal (details_code, CPIS_HUB_PDS_RESOURCE_NOT_FOUND) ||
                  g_str_equal (details_code, CPIS_HUB_PDS_TOO_MANY_MATCHES);
  outcome = g_object_new (CPIS_TYPE_OPERATION_OUTCOME,
                          "severity", informational ? "information" : "error",
                          "code", issue_code,
                          "details-system", CPIS_HUB_PDS_ERROR_SYSTEM,
                          "details-code", details_code,
                          "details-display", pds_details_display (details_code),
                          "diagnostics", diagnostics,
                          NULL);
  respond_outcome (msg, status, outcome);
}

void
cpis_hub_respond_json (SoupServerMessage *msg,
                       const char        *content_type,
                       char              *json)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (json != NULL);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, json, strlen (json));
}

/* The answers every FHIR endpoint shares */

void
cpis_hub_respond_no_such_endpoint (SoupServerMessage *msg)
{
  cpis_hub_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", CPIS_HUB_NOT_FOUND,
                          "There is no such endpoint on this hub.");
}

void
cpis_hub_respond_method_not_allowed (SoupServerMessage *msg,
                                     const char        *allow)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  cpis_hub_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "not-supported",
                          CPIS_HUB_METHOD_NOT_ALLOWED, "This endpoint does not accept that method.");
}

void
cpis_hub_respond_server_error (SoupServerMessage *msg,
                               const char        *diagnostics)
{
  cpis_hub_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "exception",
                          CPIS_HUB_SERVER_ERROR, diagnostics);
}

void
cpis_hub_respond_invalid_search (SoupServerMessage *msg,
                                 const char        *diagnostics)
{
  cpis_hub_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_INVALID_SEARCH_DATA,
                          diagnostics);
}

/* Held messages */

#define GONE_KEY "cpis-hub-client-gone"

static gint n_held;
static gint n_gone;

static void
held_message_disconnected_cb (SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), GONE_KEY, GINT_TO_POINTER (TRUE));
  g_atomic_int_inc (&n_gone);
}

void
cpis_hub_message_hold (SoupServerMessage *msg)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  g_signal_connect (msg, "disconnected", G_CALLBACK (held_message_disconnected_cb), NULL);
  soup_server_message_pause (msg);
  g_atomic_int_inc (&n_held);
}

void
cpis_hub_message_release (SoupServerMessage *msg)
{
  gboolean gone;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  g_signal_handlers_disconnect_by_func (msg, held_message_disconnected_cb, NULL);
  gone = g_object_get_data (G_OBJECT (msg), GONE_KEY) != NULL;
  if (!gone)
    soup_server_message_unpause (msg);

  g_atomic_int_add (&n_held, -1);
  if (gone)
    g_atomic_int_add (&n_gone, -1);
}

guint
cpis_hub_message_get_n_held (guint *n_gone_out)
{
  if (n_gone_out != NULL)
    *n_gone_out = (guint) g_atomic_int_get (&n_gone);
  return (guint) g_atomic_int_get (&n_held);
}
