/* cpis-hub-server.h: the hub's HTTP face
 *
 * A SoupServer serving the OAuth 2.0 style sign-in endpoints at the origin,
 * the CP-IS FHIR R4 API under /cpis/FHIR/R4, and the demographics it holds
 * in the shape of the PDS FHIR API under /personal-demographics/FHIR/R4
 * (docs/api.md). It runs on the thread-default main context of the thread
 * that calls _listen().
 */
#pragma once

#include <gio/gio.h>

#include "cpis-hub-listener.h"
#include "cpis-hub-store.h"

G_BEGIN_DECLS

#define CPIS_HUB_BASE_PATH "/cpis/FHIR/R4"
#define CPIS_HUB_PDS_BASE_PATH "/personal-demographics/FHIR/R4"
#define CPIS_HUB_MAX_BODY_BYTES (1024 * 1024)
#define CPIS_HUB_DEFAULT_TOKEN_LIFETIME_SECONDS (8 * 60 * 60)

#define CPIS_HUB_TYPE_SERVER (cpis_hub_server_get_type ())

G_DECLARE_FINAL_TYPE (CpisHubServer, cpis_hub_server, CPIS_HUB, SERVER, GObject)

/* Returns the current time in microseconds since the epoch (UTC). Tests
 * replace it to stand on the boundaries of the date rules. */
typedef gint64 (*CpisHubClockFunc) (gpointer user_data);

CpisHubServer *cpis_hub_server_new                (CpisHubStore     *store);
/* @host: an IP address or "localhost"; @port 0 picks a free one. Without a
 * certificate only loopback addresses are allowed. @tls_cert_file and
 * @tls_key_file are PEM files, both or neither. */
gboolean       cpis_hub_server_listen             (CpisHubServer    *self,
                                                   const char       *host,
                                                   guint             port,
                                                   const char       *tls_cert_file,
                                                   const char       *tls_key_file,
                                                   GError          **error);
void           cpis_hub_server_disconnect         (CpisHubServer    *self);
/* "http://127.0.0.1:40123/cpis/FHIR/R4", once listening */
const char    *cpis_hub_server_get_base_url       (CpisHubServer    *self);
/* "http://127.0.0.1:40123", once listening */
const char    *cpis_hub_server_get_origin         (CpisHubServer    *self);
void           cpis_hub_server_set_clock          (CpisHubServer    *self,
                                                   CpisHubClockFunc  clock,
                                                   gpointer          user_data);
/* Time-outs and connection caps (cpis-hub-listener.h), before listening */
void           cpis_hub_server_set_limits         (CpisHubServer               *self,
                                                   const CpisHubListenerLimits *limits);
void           cpis_hub_server_set_token_lifetime (CpisHubServer    *self,
                                                   guint             seconds);

G_END_DECLS
