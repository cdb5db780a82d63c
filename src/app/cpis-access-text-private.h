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

/* The organisation as displayed: its name, or else its ODS code; NULL if unknown */
static inline const char *
_cpis_access_event_organisation (CpisAccessEvent *event)
{
  CpisPractitionerRole *role = cpis_access_event_get_practitioner_role (event);
  const char *name;

  if (role == NULL)
    return NULL;

  name = _cpis_nonempty (cpis_practitioner_role_get_organisation_name (role));
  if (name != NULL)
    return name;

  return _cpis_nonempty (cpis_practitioner_role_get_organisation_code (role));
}

/* The viewer's name; NULL if unknown */
static inline const char *
_cpis_access_event_viewer (CpisAccessEvent *event)
{
  CpisPractitionerRole *role = cpis_access_event_get_practitioner_role (event);

  if (role == NULL)
    return NULL;

  return _cpis_nonempty (cpis_practitioner_role_get_practitioner_name (role));
}

/* The viewer's job role in words; NULL if unknown */
static inline const char *
_cpis_access_event_role (CpisAccessEvent *event)
{
  CpisPractitionerRole *role = cpis_access_event_get_practitioner_role (event);

  if (role == NULL)
    return NULL;

  return _cpis_nonempty (cpis_practitioner_role_get_job_role_display (role));
}

#define _CPIS_UNKNOWN_ORGANISATION _("Organisation not given")
#define _CPIS_UNKNOWN_VIEWER _("Name not given")
#define _CPIS_UNKNOWN_ROLE _("Role not given")
#define _CPIS_UNKNOWN_TIME _("Time not given")

G_END_DECLS
