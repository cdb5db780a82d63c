/* cpis-role.h: what a user does in CP-IS, the one vocabulary for it
 *
 * The hub stores it, the userinfo claim carries it ("cpis_role"), the
 * application picks the view by it and says it in words.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CPIS_ROLE_UNKNOWN,
  CPIS_ROLE_CLINICIAN,
  CPIS_ROLE_SOCIAL_WORKER,
  CPIS_ROLE_PARTNERSHIP_OFFICER,
  CPIS_ROLE_ADMINISTRATOR,
} CpisRole;

GType       cpis_role_get_type    (void) G_GNUC_CONST;
#define CPIS_TYPE_ROLE (cpis_role_get_type ())

/* The wire names: "clinician", "social-worker", "partnership-officer",
 * "administrator". FALSE for anything else (and NULL), when @role is left
 * alone. */
gboolean    cpis_role_from_string (const char *text,
                                   CpisRole   *role);
/* The wire name, or NULL for CPIS_ROLE_UNKNOWN */
const char *cpis_role_to_string   (CpisRole    role);
/* The role in words for a person, translated: "Clinician", "Social worker" … */
const char *cpis_role_to_words    (CpisRole    role);

G_END_DECLS
