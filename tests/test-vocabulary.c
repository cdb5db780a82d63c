/* test-vocabulary.c: the core's small vocabularies: roles (wire names and words)
 * and hub addresses written one way */
#include <glib.h>

#include "cpis-hub-url.h"
#include "cpis-role.h"

static void
test_round_trip (void)
{
  const CpisRole all[] = { CPIS_ROLE_CLINICIAN, CPIS_ROLE_SOCIAL_WORKER,
                           CPIS_ROLE_PARTNERSHIP_OFFICER, CPIS_ROLE_ADMINISTRATOR };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      const char *name = cpis_role_to_string (all[i]);
      CpisRole back = CPIS_ROLE_UNKNOWN;

      g_assert_nonnull (name);
      g_assert_true (cpis_role_from_string (name, &back));
      g_assert_cmpint (back, ==, all[i]);
      g_assert_cmpstr (cpis_role_to_words (all[i]), !=, cpis_role_to_words (CPIS_ROLE_UNKNOWN));
    }

  g_assert_cmpstr (cpis_role_to_string (CPIS_ROLE_CLINICIAN), ==, "clinician");
  g_assert_cmpstr (cpis_role_to_string (CPIS_ROLE_SOCIAL_WORKER), ==, "social-worker");
  g_assert_cmpstr (cpis_role_to_string (CPIS_ROLE_PARTNERSHIP_OFFICER), ==, "partnership-officer");
  g_assert_cmpstr (cpis_role_to_string (CPIS_ROLE_ADMINISTRATOR), ==, "administrator");
  g_assert_cmpstr (cpis_role_to_words (CPIS_ROLE_SOCIAL_WORKER), ==, "Social worker");
}

/* Nothing else is a role: no aliases, no case folding, no NULL */
static void
test_unknown (void)
{
  const char *not_roles[] = { "", "Clinician", "social_worker", "admin", "nurse", " clinician" };
  CpisRole role = CPIS_ROLE_CLINICIAN;

  for (guint i = 0; i < G_N_ELEMENTS (not_roles); i++)
    {
      g_assert_false (cpis_role_from_string (not_roles[i], &role));
      g_assert_cmpint (role, ==, CPIS_ROLE_CLINICIAN);
    }
  g_assert_false (cpis_role_from_string (NULL, &role));
  g_assert_null (cpis_role_to_string (CPIS_ROLE_UNKNOWN));
  g_assert_cmpstr (cpis_role_to_words (CPIS_ROLE_UNKNOWN), ==, "Unknown role");
}

/* The same hub typed several ways is one address */
static void
test_hub_url_normalise (void)
{
  const struct { const char *text; const char *expected; } cases[] = {
    { "https://hub.example/cpis/FHIR/R4", "https://hub.example/cpis/FHIR/R4" },
    { "https://hub.example/cpis/FHIR/R4/", "https://hub.example/cpis/FHIR/R4" },
    { "  https://hub.example/cpis/FHIR/R4///  ", "https://hub.example/cpis/FHIR/R4" },
    { "/", "" },
    { "", "" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = cpis_hub_url_normalise (cases[i].text);

      g_assert_cmpstr (url, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/role/round-trip", test_round_trip);
  g_test_add_func ("/role/unknown", test_unknown);
  g_test_add_func ("/hub-url/normalise", test_hub_url_normalise);

  return g_test_run ();
}
