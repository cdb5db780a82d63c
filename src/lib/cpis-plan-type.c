/* cpis-plan-type.c: the three kinds of CP-IS plan and their SNOMED CT codes
 *
 * Codes and displays from the England-ChildProtectionPlan value set.
 */
#include <glib/gi18n-lib.h>

#include "cpis-plan-type.h"

G_DEFINE_ENUM_TYPE (CpisPlanType, cpis_plan_type,
                    G_DEFINE_ENUM_VALUE (CPIS_PLAN_TYPE_UNRECOGNISED, "unrecognised"),
                    G_DEFINE_ENUM_VALUE (CPIS_PLAN_TYPE_CPP, "cpp"),
                    G_DEFINE_ENUM_VALUE (CPIS_PLAN_TYPE_LAC, "lac"),
                    G_DEFINE_ENUM_VALUE (CPIS_PLAN_TYPE_UCPP, "ucpp"))

typedef struct
{
  CpisPlanType  type;
  const char   *short_code;
  const char   *snomed;
  const char   *snomed_display;
  const char   *label;  /* untranslated: the application translates it */
} PlanTypeInfo;

static const PlanTypeInfo plan_types[] = {
  { CPIS_PLAN_TYPE_CPP, "CPP", "342191000000101",
    "Subject to child protection plan", N_("Child protection plan") },
  { CPIS_PLAN_TYPE_LAC, "LAC", "764841000000100",
    "Looked after child", N_("Looked after child") },
  { CPIS_PLAN_TYPE_UCPP, "UCPP", "818901000000100",
    "Unborn child subject to child protection plan", N_("Unborn child protection plan") },
};

static const PlanTypeInfo *
lookup (CpisPlanType type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (plan_types); i++)
    if (plan_types[i].type == type)
      return &plan_types[i];

  return NULL;
}

CpisPlanType
cpis_plan_type_from_snomed (const char *code)
{
  if (code == NULL)
    return CPIS_PLAN_TYPE_UNRECOGNISED;

  for (gsize i = 0; i < G_N_ELEMENTS (plan_types); i++)
    if (g_str_equal (plan_types[i].snomed, code))
      return plan_types[i].type;

  return CPIS_PLAN_TYPE_UNRECOGNISED;
}

CpisPlanType
cpis_plan_type_from_short_code (const char *code)
{
  if (code == NULL)
    return CPIS_PLAN_TYPE_UNRECOGNISED;

  for (gsize i = 0; i < G_N_ELEMENTS (plan_types); i++)
    if (g_ascii_strcasecmp (plan_types[i].short_code, code) == 0)
      return plan_types[i].type;

  return CPIS_PLAN_TYPE_UNRECOGNISED;
}

const char *
cpis_plan_type_to_snomed (CpisPlanType type)
{
  const PlanTypeInfo *info = lookup (type);

  return info != NULL ? info->snomed : NULL;
}

/* NULL for UNRECOGNISED, like the SNOMED code */
const char *
cpis_plan_type_to_short_code (CpisPlanType type)
{
  const PlanTypeInfo *info = lookup (type);

  return info != NULL ? info->short_code : NULL;
}

/* NULL for UNRECOGNISED: there is no SNOMED display to give */
const char *
cpis_plan_type_to_snomed_display (CpisPlanType type)
{
  const PlanTypeInfo *info = lookup (type);

  return info != NULL ? info->snomed_display : NULL;
}

const char *
cpis_plan_type_to_label (CpisPlanType type)
{
  const PlanTypeInfo *info = lookup (type);

  return info != NULL ? info->label : N_("Unrecognised plan");
}
