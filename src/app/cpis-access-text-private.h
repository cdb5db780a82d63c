/* cpis-access-text-private.h: an access in words, shared by the history list and timeline */
#pragma once

#include <glib/gi18n.h>

#include "cpis-access-event.h"

G_BEGIN_DECLS

static inline const char *
_cpis_nonempty (const char *text)
{
  return (text != NULL && *text != '\0') ? text : NULL;
}

/* Words for what an access does not say; the access itself is read through
 * cpis_access_event_get_organisation_display() and its neighbours (core) */
#define _CPIS_UNKNOWN_ORGANISATION _("Organisation not given")
#define _CPIS_UNKNOWN_VIEWER _("Name not given")
#define _CPIS_UNKNOWN_ROLE _("Role not given")
#define _CPIS_UNKNOWN_TIME _("Time not given")

G_END_DECLS
