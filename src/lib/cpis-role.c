/* cpis-role.c: what a user does in CP-IS */
#include <glib/gi18n-lib.h>

#include "cpis-role.h"

G_DEFINE_ENUM_TYPE (CpisRole, cpis_role,
  G_DEFINE_ENUM_VALUE (CPIS_ROLE_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (CPIS_ROLE_CLINICIAN, "clinician"),
  G_DEFINE_ENUM_VALUE (CPIS_ROLE_SOCIAL_WORKER, "social-worker"),
  G_DEFINE_ENUM_VALUE (CPIS_ROLE_PARTNERSHIP_OFFICER, "partnership-officer"),
  G_DEFINE_ENUM_VALUE (CPIS_ROLE_ADMINISTRATOR, "administrator"))

static const struct
{
  CpisRole    role;
  const char *name;
  const char *words;
} roles[] = {
  { CPIS_ROLE_CLINICIAN, "clinician", N_("Clinician") },
  { CPIS_ROLE_SOCIAL_WORKER, "social-worker", N_("Social worker") },
  { CPIS_ROLE_PARTNERSHIP_OFFICER, "partnership-officer", N_("Partnership officer") },
  { CPIS_ROLE_ADMINISTRATOR, "administrator", N_("Administrator") },
};

gboolean
cpis_role_from_string (const char *text,
                       CpisRole   *role)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_str_equal (text, roles[i].name))
      {
        if (role != NULL)
          *role = roles[i].role;
        return TRUE;
      }

  return FALSE;
}

const char *
cpis_role_to_string (CpisRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i].role == role)
      return roles[i].name;

  return NULL;
}

const char *
cpis_role_to_words (CpisRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i].role == role)
      return _(roles[i].words);

  return _("Unknown role");
}
