/* cpis-hub-server-private.h: what the request handlers share with the server */
#pragma once

#include <libsoup/soup.h>

#include "cpis-hub-server.h"

G_BEGIN_DECLS

CpisHubStore *_cpis_hub_server_get_store          (CpisHubServer     *self);
gint64        _cpis_hub_server_now_usec           (CpisHubServer     *self);
/* Today's date in the UK, by the server's clock */
void          _cpis_hub_server_today              (CpisHubServer     *self,
                                                   GDate             *today);
guint         _cpis_hub_server_get_token_lifetime (CpisHubServer     *self);
/* The user of the request's bearer token, or NULL after answering 401 */
CpisHubUser  *_cpis_hub_server_authenticate       (CpisHubServer     *self,
                                                   SoupServerMessage *msg);

/* Request handlers (cpis-hub-oauth.c, cpis-hub-fhir-search.c) */
void          _cpis_hub_oauth_token               (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
void          _cpis_hub_oauth_userinfo            (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
void          _cpis_hub_oauth_revoke              (CpisHubServer     *self,
                                                   SoupServerMessage *msg);
void          _cpis_hub_fhir_search               (CpisHubServer     *self,
                                                   SoupServerMessage *msg,
                                                   const char        *resource_type);

G_END_DECLS
