/* cpis-test-access-history.c */
#include "cpis-test-access-history.h"

#include "cpis-access-timeline.h"
#include "cpis-practitioner-role.h"

/* September and October are BST */
const CpisTestAccessSpec cpis_test_access_history[CPIS_TEST_ACCESS_HISTORY_LENGTH] = {
  { "2026-11-25T14:02:00Z", "Northgate General ED", "RX101", "Paula Palmer", "Staff nurse",
    "Wed 25 Nov 2026, 14:02" },
  { "2026-11-20T03:15:00Z", "Southfield Walk-in Centre", "RX202", "Omar Shah",
    "Advanced nurse practitioner", "Fri 20 Nov 2026, 03:15" },
  { "2026-11-02T22:40:00Z", "Northgate General ED", "RX101", "Jo Reid",
    "Emergency medicine consultant", "Mon 2 Nov 2026, 22:40" },
  { "2026-10-24T18:05:00Z", "Eastbrook Minor Injuries Unit", "RX303", "Sam Okafor",
    "Emergency nurse practitioner", "Sat 24 Oct 2026, 19:05" },
  { "2026-10-10T09:00:00Z", "Northgate General ED", "RX101", "Paula Palmer", "Staff nurse",
    "Sat 10 Oct 2026, 10:00" },
  { "2026-09-30T23:30:00Z", "Southfield Walk-in Centre", "RX202", "Lee Hart", "Paramedic",
    "Thu 1 Oct 2026, 00:30" },
  { "2026-09-01T12:00:00Z", "Northgate General ED", "RX101", "Jo Reid",
    "Emergency medicine consultant", "Tue 1 Sep 2026, 13:00" },
};

GDateTime *
cpis_test_access_now (void)
{
  return g_date_time_new_utc (2026, 11, 25, 14, 30, 0);
}

CpisAccessEvent *
cpis_test_access_event_new (const CpisTestAccessSpec *spec,
                            guint                     n)
{
  g_autoptr(GDateTime) recorded = g_date_time_new_from_iso8601 (spec->iso8601, NULL);
  g_autoptr(CpisPractitionerRole) role = NULL;
  g_autofree char *id = g_strdup_printf ("audit-%u", n);
  g_autofree char *role_id = g_strdup_printf ("role-%u", n);

  g_assert_nonnull (recorded);

  if (spec->organisation != NULL)
    role = g_object_new (CPIS_TYPE_PRACTITIONER_ROLE,
                         "id", role_id,
                         "practitioner-name", spec->viewer,
                         "organisation-name", spec->organisation,
                         "organisation-code", spec->code,
                         "job-role-display", spec->role,
                         NULL);

  return g_object_new (CPIS_TYPE_ACCESS_EVENT,
                       "id", id,
                       "recorded", recorded,
                       "nhs-number", CPIS_TEST_ACCESS_NHS_NUMBER,
                       "practitioner-role-id", role_id,
                       "practitioner-role", role,
                       NULL);
}

GListStore *
cpis_test_access_store_new (const CpisTestAccessSpec *specs,
                            guint                     n_specs)
{
  GListStore *store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);

  for (guint i = 0; i < n_specs; i++)
    {
      g_autoptr(CpisAccessEvent) event = cpis_test_access_event_new (&specs[i], i);

      g_list_store_append (store, event);
    }

  return store;
}

GtkWidget *
cpis_test_access_timeline_new (GListStore *store)
{
  g_autoptr(GDateTime) now = cpis_test_access_now ();
  GtkWidget *timeline = cpis_access_timeline_new ();

  cpis_access_timeline_set_now (CPIS_ACCESS_TIMELINE (timeline), now);
  cpis_access_timeline_set_model (CPIS_ACCESS_TIMELINE (timeline), G_LIST_MODEL (store));

  return timeline;
}
