/* cpis-uuid.h: random version 4 UUIDs (TraceID, resource ids) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lower-case "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" (unique, not secret) */
char     *cpis_uuid_new       (void);
gboolean  cpis_uuid_is_valid  (const char *text);

G_END_DECLS
