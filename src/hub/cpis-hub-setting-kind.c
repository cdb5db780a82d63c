/* cpis-hub-setting-kind.c: the kinds of unscheduled care setting */
#include "cpis-hub-setting-kind.h"

/* As the schema's CHECK on organisations.setting_kind (migration 9) */
static const char * const codes[] = {
  "emergency-department",
  "urgent-treatment-centre",
  "minor-injury-unit",
  "walk-in-centre",
  "gp-out-of-hours",
  "nhs-111",
  "ambulance",
  "maternity",
  "paediatric-ward",
  CPIS_HUB_SETTING_KIND_OTHER,
  NULL,
};

static const char * const displays[] = {
  "Emergency department",
  "Urgent treatment centre",
  "Minor injury unit",
  "Walk-in centre",
  "GP out of hours",
  "NHS 111",
  "Ambulance service",
  "Maternity unit",
  "Paediatric ward",
  "Other unscheduled care",
};

G_STATIC_ASSERT (G_N_ELEMENTS (codes) == G_N_ELEMENTS (displays) + 1);

const char * const *
cpis_hub_setting_kinds (void)
{
  return codes;
}

guint
cpis_hub_setting_kind_index (const char *code)
{
  for (guint i = 0; code != NULL && codes[i] != NULL; i++)
    if (g_str_equal (code, codes[i]))
      return i;
  return G_N_ELEMENTS (displays) - 1;
}

gboolean
cpis_hub_setting_kind_is_known (const char *code)
{
  return code != NULL && !g_str_equal (code, CPIS_HUB_SETTING_KIND_OTHER) &&
         g_str_equal (codes[cpis_hub_setting_kind_index (code)], code);
}

const char *
cpis_hub_setting_kind_display (const char *code)
{
  return displays[cpis_hub_setting_kind_index (code)];
}
