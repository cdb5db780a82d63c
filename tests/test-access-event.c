/* test-access-event.c: what an access says about who made it */
#include "cpis-access-event.h"
#include "cpis-practitioner-role.h"

static CpisAccessEvent *
access_with_role (const char *organisation_name,
                  const char *organisation_code,
                  const char *viewer,
                  const char *job_role)
{
  g_autoptr(CpisPractitionerRole) role = g_object_new (CPIS_TYPE_PRACTITIONER_ROLE,
                                                       "id", "role-1",
                                                       "organisation-name", organisation_name,
                                                       "organisation-code", organisation_code,
                                                       "practitioner-name", viewer,
                                                       "job-role-display", job_role,
                                                       NULL);

  return g_object_new (CPIS_TYPE_ACCESS_EVENT,
                       "id", "audit-1",
                       "nhs-number", "9990000026",
                       "practitioner-role", role,
                       NULL);
}

static void
test_display (void)
{
  g_autoptr(CpisAccessEvent) named = access_with_role ("Northgate General ED", "RAA01",
                                                       "Paula Palmer", "Staff nurse");
  g_autoptr(CpisAccessEvent) code_only = access_with_role ("", "RAA01", NULL, "");
  g_autoptr(CpisAccessEvent) nothing = access_with_role (NULL, NULL, "", NULL);

  g_assert_cmpstr (cpis_access_event_get_organisation_display (named), ==, "Northgate General ED");
  g_assert_cmpstr (cpis_access_event_get_viewer_name (named), ==, "Paula Palmer");
  g_assert_cmpstr (cpis_access_event_get_job_role_display (named), ==, "Staff nurse");

  /* the code when there is no name; empty values are not values */
  g_assert_cmpstr (cpis_access_event_get_organisation_display (code_only), ==, "RAA01");
  g_assert_null (cpis_access_event_get_viewer_name (code_only));
  g_assert_null (cpis_access_event_get_job_role_display (code_only));

  g_assert_null (cpis_access_event_get_organisation_display (nothing));
  g_assert_null (cpis_access_event_get_viewer_name (nothing));
}

static void
test_without_role (void)
{
  g_autoptr(CpisAccessEvent) event = g_object_new (CPIS_TYPE_ACCESS_EVENT,
                                                   "id", "audit-2",
                                                   "practitioner-role-id", "role-2",
                                                   NULL);

  g_assert_null (cpis_access_event_get_organisation_display (event));
  g_assert_null (cpis_access_event_get_viewer_name (event));
  g_assert_null (cpis_access_event_get_job_role_display (event));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/access-event/display", test_display);
  g_test_add_func ("/access-event/without-role", test_without_role);

  return g_test_run ();
}
