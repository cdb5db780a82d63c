/* cpis-hub-request-headers.c: what the hub refuses in a request's headers */
#include "cpis-hub-request-headers.h"

#include "cpis-hub-response.h"

/* The headers the hub acts on: each may be given once. (The PDS request ids
 * are echoed back; TraceID is echoed and logged.) */
static const char * const single_headers[] = {
  "Authorization",
  "Content-Length",
  "Content-Type",
  "If-Match",
  "IsUnscheduledAccessEvent",
  "TraceID",
  "Transfer-Encoding",
  "X-Correlation-ID",
  "X-Request-ID",
};

/* Its place in single_headers */
#define CONTENT_LENGTH_INDEX 1

/* More than a body can be: 18 digits stay well inside goffset */
#define MAX_LENGTH_DIGITS 18

typedef struct
{
  guint       counts[G_N_ELEMENTS (single_headers)];
  const char *repeated;            /* the first one seen twice */
  const char *content_length;      /* its only value, as sent */
} HeaderScan;

static void
scan_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  HeaderScan *scan = user_data;

  for (guint i = 0; i < G_N_ELEMENTS (single_headers); i++)
    if (g_ascii_strcasecmp (name, single_headers[i]) == 0)
      {
        if (++scan->counts[i] == 2 && scan->repeated == NULL)
          scan->repeated = single_headers[i];
        if (i == CONTENT_LENGTH_INDEX)
          scan->content_length = value;
        return;
      }
}

static gboolean
refuse (CpisHubRefusal *refusal,
        guint           status,
        const char     *issue_code,
        const char     *details_code,
        const char     *diagnostics)
{
  refusal->status = status;
  refusal->issue_code = issue_code;
  refusal->details_code = details_code;
  refusal->diagnostics = diagnostics;
  return FALSE;
}

static const char *
repeated_diagnostics (const char *name)
{
  if (g_str_equal (name, "Authorization"))
    return "The request gives Authorization more than once: send one.";
  if (g_str_equal (name, "IsUnscheduledAccessEvent"))
    return "The request gives IsUnscheduledAccessEvent more than once: send one, true or false.";
  if (g_str_equal (name, "Content-Length"))
    return "The request gives Content-Length more than once: send one.";
  return "The request repeats a header the hub reads (Content-Type, If-Match, TraceID, "
         "Transfer-Encoding, X-Request-ID or X-Correlation-ID): send each once.";
}

gboolean
cpis_hub_request_headers_check (SoupMessageHeaders *headers,
                                goffset             max_body,
                                CpisHubRefusal     *refusal)
{
  HeaderScan scan = { { 0, }, NULL, NULL };

  g_return_val_if_fail (headers != NULL, FALSE);
  g_return_val_if_fail (refusal != NULL, FALSE);

  soup_message_headers_foreach (headers, scan_header, &scan);

  if (scan.repeated != NULL)
    return refuse (refusal, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_PRECONDITION_FAILED,
                   repeated_diagnostics (scan.repeated));

  if (soup_message_headers_get_one (headers, "Transfer-Encoding") != NULL)
    return refuse (refusal, SOUP_STATUS_LENGTH_REQUIRED, "invalid", CPIS_HUB_LENGTH_REQUIRED,
                   "Send the request body with a Content-Length header.");

  if (scan.content_length != NULL)
    {
      const char *p = scan.content_length;
      goffset length = 0;
      guint digits = 0;

      /* digits only: no sign, no spaces inside, no hex, no list */
      for (; g_ascii_isdigit (*p); p++, digits++)
        if (digits < MAX_LENGTH_DIGITS)
          length = length * 10 + (*p - '0');
      if (*p != '\0' || digits == 0)
        return refuse (refusal, SOUP_STATUS_BAD_REQUEST, "invalid", CPIS_HUB_INVALID_REQUEST,
                       "Content-Length must be one plain decimal number of bytes.");
      if (digits > MAX_LENGTH_DIGITS || length > max_body)
        return refuse (refusal, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-long", CPIS_HUB_PAYLOAD_TOO_LARGE,
                       "The request body is larger than 1 MiB.");
    }

  return TRUE;
}
