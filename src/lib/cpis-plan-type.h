/* cpis-plan-type.h: the three kinds of CP-IS plan and their SNOMED CT codes */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CPIS_SNOMED_SYSTEM "http://snomed.info/sct"

typedef enum
{
  CPIS_PLAN_TYPE_UNRECOGNISED, /* a code this version does not know: shown, never dropped */
  CPIS_PLAN_TYPE_CPP,          /* Child Protection Plan, 342191000000101 */
  CPIS_PLAN_TYPE_LAC,          /* Looked After Child, 764841000000100 */
  CPIS_PLAN_TYPE_UCPP,         /* Unborn Child Protection Plan, 818901000000100 */
} CpisPlanType;

GType         cpis_plan_type_get_type          (void) G_GNUC_CONST;
#define CPIS_TYPE_PLAN_TYPE (cpis_plan_type_get_type ())

/* "342191000000101" → CPIS_PLAN_TYPE_CPP; unknown or NULL → UNRECOGNISED */
CpisPlanType  cpis_plan_type_from_snomed       (const char   *code);
/* "CPP", "LAC", "UCPP" (case-insensitive) → the type; anything else → UNRECOGNISED */
CpisPlanType  cpis_plan_type_from_short_code   (const char   *code);
/* NULL for UNRECOGNISED */
const char   *cpis_plan_type_to_snomed         (CpisPlanType  type);
const char   *cpis_plan_type_to_short_code     (CpisPlanType  type);
/* The SNOMED display, e.g. "Subject to child protection plan" */
const char   *cpis_plan_type_to_snomed_display (CpisPlanType  type);
/* Words for people, e.g. "Child protection plan", "Looked after child",
 * "Unborn child protection plan", "Unrecognised plan": untranslated (marked
 * with N_()), for the application to pass through _() */
const char   *cpis_plan_type_to_label          (CpisPlanType  type);

G_END_DECLS
