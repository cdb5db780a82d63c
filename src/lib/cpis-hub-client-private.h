/* cpis-hub-client-private.h: for tests only */
#pragma once

#include "cpis-hub-client.h"

G_BEGIN_DECLS

/* The bearer token held, or NULL (tests revoke it behind the client's back) */
const char *_cpis_hub_client_get_token (CpisHubClient *self);

G_END_DECLS
