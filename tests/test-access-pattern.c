/* test-access-pattern.c: spotting repeated attendance in an access history */
#include "cpis-access-event.h"
#include "cpis-access-pattern.h"
#include "cpis-practitioner-role.h"

#define CHILD_NHS_NUMBER "9990000026"  /* synthetic, valid Modulus 11 */

static GDateTime *
test_now (void)
{
  /* A fixed "now" so that nothing depends on the wall clock */
  return g_date_time_new_utc (2026, 11, 25, 14, 2, 0);
}

/* An access @seconds_ago before now, from @organisation (an ODS code, or
 * a name if @by_name), or without a role when @organisation is NULL */
static CpisAccessEvent *
access_at (GDateTime  *now,
           gint64      seconds_ago,
           const char *organisation,
           gboolean    by_name)
{
  static guint counter;
  g_autoptr(GDateTime) recorded = g_date_time_add_seconds (now, (gdouble) -seconds_ago);
  g_autoptr(CpisPractitionerRole) role = NULL;
  g_autofree char *id = g_strdup_printf ("audit-%u", ++counter);
  g_autofree char *role_id = g_strdup_printf ("role-%u", counter);

  if (organisation != NULL)
    role = g_object_new (CPIS_TYPE_PRACTITIONER_ROLE,
                         "id", role_id,
                         "practitioner-name", "Ms Test VIEWER",
                         by_name ? "organisation-name" : "organisation-code", organisation,
                         "job-role-display", "Staff nurse",
                         NULL);

  return g_object_new (CPIS_TYPE_ACCESS_EVENT,
                       "id", id,
                       "recorded", recorded,
                       "nhs-number", CHILD_NHS_NUMBER,
                       "practitioner-role-id", role_id,
                       "practitioner-role", role,
                       NULL);
}

#define DAY ((gint64) 24 * 60 * 60)

static void
add (GListStore *store,
     GDateTime  *now,
     gint64      seconds_ago,
     const char *organisation)
{
  g_autoptr(CpisAccessEvent) event = access_at (now, seconds_ago, organisation, FALSE);

  g_list_store_append (store, event);
}

static void
add_named (GListStore *store,
           GDateTime  *now,
           gint64      seconds_ago,
           const char *organisation_name)
{
  g_autoptr(CpisAccessEvent) event = access_at (now, seconds_ago, organisation_name, TRUE);

  g_list_store_append (store, event);
}

static char *
describe (GListStore *store,
          GDateTime  *now)
{
  return cpis_access_pattern_describe (G_LIST_MODEL (store), now);
}

static void
test_empty (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *text = describe (store, now);

  g_assert_null (text);
}

static void
test_visits_threshold (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *two = NULL;
  g_autofree char *three = NULL;
  g_autofree char *four = NULL;

  /* One organisation: only the visits rule can fire */
  add (store, now, 0, "RAA01");              /* exactly now counts */
  add (store, now, 10 * DAY, "RAA01");
  two = describe (store, now);
  g_assert_null (two);                        /* 2 in 30 days: below */

  add (store, now, 30 * DAY, "RAA01");      /* exactly 30 days ago counts */
  three = describe (store, now);
  g_assert_cmpstr (three, ==, "Repeated attendance: 3 accesses in the last 30 days.");

  add (store, now, 29 * DAY, "raa01");      /* the same code, another case */
  four = describe (store, now);
  g_assert_cmpstr (four, ==, "Repeated attendance: 4 accesses in the last 30 days.");
}

static void
test_visits_window_edges (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *outside = NULL;
  g_autofree char *inside = NULL;

  add (store, now, 1 * DAY, "RAA01");
  add (store, now, 2 * DAY, "RAA01");
  add (store, now, 30 * DAY + 1, "RAA01");  /* a second too old */
  add (store, now, -60, "RAA01");           /* a minute after now */
  add (store, now, 45 * DAY, "RAA01");
  add (store, now, 200 * DAY, "RAA01");
  outside = describe (store, now);
  g_assert_null (outside);

  add (store, now, 30 * DAY - 1, "RAA01");
  inside = describe (store, now);
  g_assert_cmpstr (inside, ==, "Repeated attendance: 3 accesses in the last 30 days.");
}

static void
test_organisations_threshold (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *two = NULL;
  g_autofree char *three = NULL;

  /* Spread out so that the visits rule never fires on its own */
  add (store, now, 5 * DAY, "RAA01");
  add (store, now, 40 * DAY, "RBB02");
  add (store, now, 70 * DAY, "RBB02");
  add (store, now, 91 * DAY, "RCC03");      /* outside the 90 days */
  add (store, now, -DAY, "RDD04");          /* after now */
  two = describe (store, now);
  g_assert_null (two);

  add (store, now, 90 * DAY, "RCC03");      /* exactly 90 days ago counts */
  three = describe (store, now);
  g_assert_cmpstr (three, ==,
                   "Repeated attendance: 4 accesses at 3 different organisations in the last 90 days.");
}

static void
test_organisations_by_name (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *two = NULL;
  g_autofree char *three = NULL;

  /* Without codes, names tell organisations apart */
  add_named (store, now, 50 * DAY, "Northgate General ED");
  add_named (store, now, 60 * DAY, "NORTHGATE GENERAL ED");
  add_named (store, now, 80 * DAY, "Southfield Walk-in Centre");
  two = describe (store, now);
  g_assert_null (two);

  add_named (store, now, 85 * DAY, "Eastbrook Minor Injuries Unit");
  three = describe (store, now);
  g_assert_cmpstr (three, ==,
                   "Repeated attendance: 4 accesses at 3 different organisations in the last 90 days.");
}

static void
test_both_rules (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *same = NULL;
  g_autofree char *wider = NULL;

  add (store, now, 1 * DAY, "RAA01");
  add (store, now, 3 * DAY, "RBB02");
  add (store, now, 8 * DAY, "RCC03");
  add (store, now, 20 * DAY, "RCC03");
  same = describe (store, now);
  g_assert_cmpstr (same, ==,
                   "Repeated attendance: 4 accesses in the last 30 days at 3 different organisations.");

  add (store, now, 60 * DAY, "RDD04");
  wider = describe (store, now);
  g_assert_cmpstr (wider, ==,
                   "Repeated attendance: 4 accesses in the last 30 days; "
                   "4 different organisations in the last 90 days.");
}

static void
test_visits_at_two_organisations (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *text = NULL;

  add (store, now, 1 * DAY, "RAA01");
  add (store, now, 2 * DAY, "RBB02");
  add (store, now, 3 * DAY, "RAA01");
  text = describe (store, now);
  g_assert_cmpstr (text, ==,
                   "Repeated attendance: 3 accesses in the last 30 days at 2 different organisations.");
}

static void
test_without_roles (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *visits = NULL;
  g_autofree char *organisations = NULL;
  g_autoptr(GListStore) other = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);

  /* Unknown organisations still count as accesses … */
  add (store, now, 1 * DAY, NULL);
  add (store, now, 2 * DAY, NULL);
  add (store, now, 3 * DAY, NULL);
  visits = describe (store, now);
  g_assert_cmpstr (visits, ==, "Repeated attendance: 3 accesses in the last 30 days.");

  /* … but never as organisations */
  add (other, now, 40 * DAY, NULL);
  add (other, now, 50 * DAY, NULL);
  add (other, now, 60 * DAY, "RAA01");
  add (other, now, 70 * DAY, "RBB02");
  add_named (other, now, 80 * DAY, "   ");   /* a blank name is no organisation */
  organisations = describe (other, now);
  g_assert_null (organisations);
}

static void
test_time_zones (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GTimeZone) bst = g_time_zone_new_offset (3600);
  g_autoptr(GDateTime) now_bst = g_date_time_to_timezone (now, bst);
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *text = NULL;

  /* The same instants, whatever offset "now" carries */
  add (store, now, 0, "RAA01");
  add (store, now, 1 * DAY, "RAA01");
  add (store, now, 30 * DAY, "RAA01");
  text = describe (store, now_bst);
  g_assert_cmpstr (text, ==, "Repeated attendance: 3 accesses in the last 30 days.");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/access-pattern/empty", test_empty);
  g_test_add_func ("/access-pattern/visits/threshold", test_visits_threshold);
  g_test_add_func ("/access-pattern/visits/window-edges", test_visits_window_edges);
  g_test_add_func ("/access-pattern/visits/two-organisations", test_visits_at_two_organisations);
  g_test_add_func ("/access-pattern/organisations/threshold", test_organisations_threshold);
  g_test_add_func ("/access-pattern/organisations/by-name", test_organisations_by_name);
  g_test_add_func ("/access-pattern/both-rules", test_both_rules);
  g_test_add_func ("/access-pattern/without-roles", test_without_roles);
  g_test_add_func ("/access-pattern/time-zones", test_time_zones);

  return g_test_run ();
}
