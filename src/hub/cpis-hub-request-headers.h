/* cpis-hub-request-headers.h: what the hub refuses in a request's headers
 * before it reads a byte of the body
 *
 * A Content-Length that is not one plain decimal number no larger than the
 * limit (libsoup reads "-1" and 2^64 as lengths it then buffers), a body
 * without one (chunked), and a repeated copy of any header the hub acts on
 * (with two IsUnscheduledAccessEvent headers the last one won: a silent
 * read, nothing recorded).
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Why a request is refused, as cpis_hub_respond_error() takes it */
typedef struct
{
  guint       status;
  const char *issue_code;
  const char *details_code;
  const char *diagnostics;
} CpisHubRefusal;

/* TRUE if a request with @headers may be read, with a body of at most
 * @max_body bytes; FALSE with @refusal filled in (static strings) */
gboolean cpis_hub_request_headers_check (SoupMessageHeaders *headers,
                                         goffset             max_body,
                                         CpisHubRefusal     *refusal);

G_END_DECLS
