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

/* An access recorded at @recorded, from @organisation (an ODS code, or a
 * name if @by_name), or without a role when @organisation is NULL */
static CpisAccessEvent *
access_new (GDateTime  *recorded,
            const char *organisation,
            gboolean    by_name)
{
  static guint counter;
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

/* An access @seconds_ago before now */
static CpisAccessEvent *
access_at (GDateTime  *now,
           gint64      seconds_ago,
           const char *organisation,
           gboolean    by_name)
{
  g_autoptr(GDateTime) recorded = g_date_time_add_seconds (now, (gdouble) -seconds_ago);

  return access_new (recorded, organisation, by_name);
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

/* A moment in UK time, as the clinician reads it (BST in summer, GMT in
 * winter) */
static GDateTime *
uk_time (int    year,
         int    month,
         int    day,
         int    hour,
         int    minute,
         double seconds)
{
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");

  g_assert_nonnull (london);
  return g_date_time_new (london, year, month, day, hour, minute, seconds);
}

/* An access at that UK time */
static void
add_uk (GListStore *store,
        int         year,
        int         month,
        int         day,
        int         hour,
        int         minute,
        double      seconds,
        const char *organisation)
{
  g_autoptr(GDateTime) recorded = uk_time (year, month, day, hour, minute, seconds);
  g_autoptr(CpisAccessEvent) event = access_new (recorded, organisation, FALSE);

  g_list_store_append (store, event);
}

/* Same as add_uk(), @seconds after @base */
static void
add_after (GListStore *store,
           GDateTime  *base,
           gint64      seconds,
           const char *organisation)
{
  g_autoptr(GDateTime) recorded = g_date_time_add_seconds (base, (gdouble) seconds);
  g_autoptr(CpisAccessEvent) event = access_new (recorded, organisation, FALSE);

  g_list_store_append (store, event);
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

/* The same day at different settings */

#define HOUR ((gint64) 60 * 60)

/* A summer "now", in British Summer Time */
static GDateTime *
summer_now (void)
{
  return uk_time (2026, 7, 20, 10, 0, 0);
}

static void
test_same_day_two_eds_one_evening (void)
{
  g_autoptr(GDateTime) now = summer_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;

  add_uk (store, 2026, 7, 14, 19, 30, 0, "RED01");
  one = describe (store, now);
  g_assert_null (one);

  /* A second emergency department the same evening: under every recent
   * window's threshold, but a pattern of its own. The times are BST. */
  add_uk (store, 2026, 7, 14, 22, 45, 0, "RED02");
  two = describe (store, now);
  g_assert_cmpstr (two, ==,
                   "Same-day attendance at different settings: 2 organisations between "
                   "Tue 14 Jul 2026, 19:30 and Tue 14 Jul 2026, 22:45.");
}

static void
test_same_day_threshold (void)
{
  g_autoptr(GDateTime) now = summer_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *one_organisation = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *two = NULL;
  g_autofree char *three = NULL;

  /* More than 90 days ago, out of the recent windows. One organisation
   * twice (its code in another case), and an access from nowhere known: one
   * organisation, below the threshold of two */
  add_uk (store, 2026, 4, 1, 9, 0, 0, "RED01");
  add_uk (store, 2026, 4, 1, 15, 0, 0, "red01");
  one_organisation = describe (store, now);
  g_assert_null (one_organisation);
  add_uk (store, 2026, 4, 1, 16, 0, 0, NULL);
  unknown = describe (store, now);
  g_assert_null (unknown);

  add_uk (store, 2026, 4, 1, 17, 0, 0, "RWK03");
  two = describe (store, now);
  g_assert_cmpstr (two, ==,
                   "Same-day attendance at different settings: 2 organisations between "
                   "Wed 1 Apr 2026, 09:00 and Wed 1 Apr 2026, 17:00.");

  add_uk (store, 2026, 4, 1, 20, 0, 0, "RMIU4");
  three = describe (store, now);
  g_assert_cmpstr (three, ==,
                   "Same-day attendance at different settings: 3 organisations between "
                   "Wed 1 Apr 2026, 09:00 and Wed 1 Apr 2026, 20:00.");
}

/* One UK calendar day, in BST: 00:05 and 23:55 are on different days in UTC */
static void
test_same_day_calendar_day_bst (void)
{
  g_autoptr(GDateTime) now = summer_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) next_day = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *same = NULL;
  g_autofree char *apart = NULL;

  add_uk (store, 2026, 7, 14, 0, 0, 0, "RED01");
  add_uk (store, 2026, 7, 14, 23, 59, 59, "RED02");
  same = describe (store, now);
  g_assert_cmpstr (same, ==,
                   "Same-day attendance at different settings: 2 organisations between "
                   "Tue 14 Jul 2026, 00:00 and Tue 14 Jul 2026, 23:59.");

  /* The last second of one day and 06:00 the next: a second more than six
   * hours, on two days */
  add_uk (next_day, 2026, 7, 14, 23, 59, 59, "RED01");
  add_uk (next_day, 2026, 7, 15, 6, 0, 0, "RED02");
  apart = describe (next_day, now);
  g_assert_null (apart);
}

/* Across midnight: at most six hours apart */
static void
test_same_day_across_midnight (void)
{
  g_autoptr(GDateTime) now = summer_now ();
  g_autoptr(GDateTime) evening = uk_time (2026, 7, 10, 21, 0, 0);
  g_autoptr(GListStore) under = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) at = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *over_six_hours = NULL;
  g_autofree char *six_hours = NULL;

  add_after (under, evening, 0, "RED01");
  add_after (under, evening, 6 * HOUR + 1, "RED02");
  over_six_hours = describe (under, now);
  g_assert_null (over_six_hours);

  add_after (at, evening, 0, "RED01");
  add_after (at, evening, 6 * HOUR, "RED02");
  six_hours = describe (at, now);
  g_assert_cmpstr (six_hours, ==,
                   "Same-day attendance at different settings: 2 organisations between "
                   "Fri 10 Jul 2026, 21:00 and Sat 11 Jul 2026, 03:00.");
}

/* The clocks go back on Sunday 25 October 2026: that UK day lasts 25 hours,
 * so 00:10 BST and 23:50 GMT are 24 h 40 min apart, and still one day */
static void
test_same_day_clocks_back (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GDateTime) first = uk_time (2026, 10, 25, 0, 10, 0);
  g_autoptr(GDateTime) last = uk_time (2026, 10, 25, 23, 50, 0);
  g_autofree char *text = NULL;

  g_assert_cmpint (g_date_time_difference (last, first), ==,
                   (24 * HOUR + 40 * 60) * G_TIME_SPAN_SECOND);
  add_uk (store, 2026, 10, 25, 0, 10, 0, "RED01");
  add_uk (store, 2026, 10, 25, 23, 50, 0, "RED02");
  text = describe (store, now);
  g_assert_cmpstr (text, ==,
                   "Same-day attendance at different settings: 2 organisations between "
                   "Sun 25 Oct 2026, 00:10 and Sun 25 Oct 2026, 23:50.");
}

/* The clocks go forward on Sunday 29 March 2026 (01:00 GMT becomes 02:00
 * BST): six hours across that midnight are six real hours, though the clock
 * moves seven */
static void
test_same_day_clocks_forward (void)
{
  g_autoptr(GDateTime) now = uk_time (2026, 4, 2, 12, 0, 0);
  g_autoptr(GListStore) six_hours = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) over = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *at = NULL;
  g_autofree char *apart = NULL;

  add_uk (six_hours, 2026, 3, 28, 21, 0, 0, "RED01");   /* GMT */
  add_uk (six_hours, 2026, 3, 29, 4, 0, 0, "RED02");    /* BST */
  at = describe (six_hours, now);
  g_assert_cmpstr (at, ==,
                   "Same-day attendance at different settings: 2 organisations between "
                   "Sat 28 Mar 2026, 21:00 and Sun 29 Mar 2026, 04:00.");

  add_uk (over, 2026, 3, 28, 21, 0, 0, "RED01");
  add_uk (over, 2026, 3, 29, 4, 0, 1, "RED02");
  apart = describe (over, now);
  g_assert_null (apart);
}

/* Several such days: the most recent is described */
static void
test_same_day_most_recent (void)
{
  g_autoptr(GDateTime) now = summer_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *text = NULL;

  add_uk (store, 2025, 12, 24, 10, 0, 0, "RED01");   /* GMT */
  add_uk (store, 2025, 12, 24, 11, 0, 0, "RED02");
  add_uk (store, 2026, 6, 2, 8, 15, 0, "RWK03");     /* BST */
  add_uk (store, 2026, 6, 2, 13, 40, 0, "RED01");
  add_uk (store, 2026, 7, 19, 9, 0, 0, "RED01");     /* one alone since */
  text = describe (store, now);
  g_assert_cmpstr (text, ==,
                   "Same-day attendance at different settings: 2 organisations between "
                   "Tue 2 Jun 2026, 08:15 and Tue 2 Jun 2026, 13:40.");
}

/* With a recent window's sentence: one whole sentence each */
static void
test_same_day_with_recent_window (void)
{
  g_autoptr(GDateTime) now = summer_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *text = NULL;

  add_uk (store, 2026, 7, 2, 10, 0, 0, "RED01");
  add_uk (store, 2026, 7, 14, 19, 30, 0, "RED01");
  add_uk (store, 2026, 7, 14, 22, 45, 0, "RED02");
  text = describe (store, now);
  g_assert_cmpstr (text, ==,
                   "Repeated attendance: 3 accesses in the last 30 days at 2 different organisations. "
                   "Same-day attendance at different settings: 2 organisations between "
                   "Tue 14 Jul 2026, 19:30 and Tue 14 Jul 2026, 22:45.");
}

/* Frequent attendance over the whole history */

/* @n accesses at one organisation, one every @gap_days days, the last
 * @days_before_now days before now: too spread out for a recent window */
static void
add_spread (GListStore *store,
            GDateTime  *now,
            guint       n,
            guint       gap_days,
            guint       days_before_now,
            const char *organisation)
{
  for (guint i = 0; i < n; i++)
    add (store, now, (gint64) (days_before_now + i * gap_days) * DAY, organisation);
}

static void
test_frequent_threshold (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *nine = NULL;
  g_autofree char *ten = NULL;

  /* 19 October back to 4 January 2026, every 36 days */
  add_spread (store, now, 9, 36, 37, "RAA01");
  nine = describe (store, now);
  g_assert_null (nine);

  add (store, now, 1 * DAY, "RAA01");
  ten = describe (store, now);
  g_assert_cmpstr (ten, ==, "Frequent attendance: 10 accesses over 10 months.");
}

/* 25 visits at 7 sites over 14 months: two visits a day apart every 36
 * days, each site for two such pairs in a row, so that no 30 days hold 3
 * visits and no 90 days 3 sites. None of the recent windows fires. */
static void
test_frequent_long_pattern (void)
{
  const char *sites[] = { "RED01", "RED02", "RWK03", "RMIU4", "RGP05", "R1116", "RAMB7" };
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *text = NULL;
  guint n = 0;

  for (guint pair = 0; pair < 13; pair++)
    {
      const char *site = sites[pair / 2];
      gint64 days_ago = 10 + (gint64) (12 - pair) * 36;

      add (store, now, (days_ago + 1) * DAY, site);
      n++;
      if (n < 25)
        {
          add (store, now, days_ago * DAY, site);
          n++;
        }
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 25);

  text = describe (store, now);
  g_assert_cmpstr (text, ==, "Frequent attendance: 25 accesses over 14 months.");
}

/* When a recent window counts every access, saying it again adds nothing */
static void
test_frequent_all_recent (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) with_older = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *recent = NULL;
  g_autofree char *both = NULL;

  add_spread (store, now, 10, 2, 0, "RAA01");
  recent = describe (store, now);
  g_assert_cmpstr (recent, ==, "Repeated attendance: 10 accesses in the last 30 days.");

  /* One older access: the whole history says more than the window */
  add_spread (with_older, now, 10, 2, 0, "RAA01");
  add (with_older, now, 300 * DAY, "RAA01");
  both = describe (with_older, now);
  g_assert_cmpstr (both, ==,
                   "Repeated attendance: 10 accesses in the last 30 days. "
                   "Frequent attendance: 11 accesses over 9 months.");
}

/* The span in words, rounded down, at each unit's edge: nine accesses at
 * @first (one organisation: not several settings) and one at @last */
static void
assert_span (GDateTime  *first,
             GDateTime  *last,
             const char *expected)
{
  g_autoptr(GDateTime) now = g_date_time_add_days (last, 200);
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autofree char *text = NULL;

  for (guint i = 0; i < 9; i++)
    add_after (store, first, i, "RAA01");
  add_after (store, last, 0, "RAA01");

  text = describe (store, now);
  g_assert_cmpstr (text, ==, expected);
}

static void
assert_span_days (GDateTime  *first,
                  int         days,
                  const char *expected)
{
  g_autoptr(GDateTime) last = g_date_time_add_days (first, days);

  assert_span (first, last, expected);
}

static void
test_frequent_span_in_words (void)
{
  g_autoptr(GDateTime) winter = uk_time (2025, 1, 31, 12, 0, 0);
  g_autoptr(GDateTime) after_midnight_bst = uk_time (2025, 8, 1, 0, 30, 0);
  g_autoptr(GDateTime) late_evening_bst = uk_time (2025, 8, 14, 23, 30, 0);

  assert_span_days (winter, 0, "Frequent attendance: 10 accesses over 1 day.");
  assert_span_days (winter, 1, "Frequent attendance: 10 accesses over 1 day.");
  assert_span_days (winter, 13, "Frequent attendance: 10 accesses over 13 days.");
  assert_span_days (winter, 14, "Frequent attendance: 10 accesses over 2 weeks.");
  assert_span_days (winter, 62, "Frequent attendance: 10 accesses over 8 weeks.");
  assert_span_days (winter, 63, "Frequent attendance: 10 accesses over 2 months.");
  /* 31 January 2025 to 30 January 2027 is not yet two years; to the 31st it is */
  assert_span_days (winter, 729, "Frequent attendance: 10 accesses over 23 months.");
  assert_span_days (winter, 730, "Frequent attendance: 10 accesses over 2 years.");

  /* Days are counted on UK dates: 00:30 BST on 1 August is still 31 July in
   * UTC, so 1 to 14 August is 13 days, not 14 (2 weeks) */
  assert_span (after_midnight_bst, late_evening_bst, "Frequent attendance: 10 accesses over 13 days.");
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
  g_test_add_func ("/access-pattern/same-day/two-eds-one-evening", test_same_day_two_eds_one_evening);
  g_test_add_func ("/access-pattern/same-day/threshold", test_same_day_threshold);
  g_test_add_func ("/access-pattern/same-day/calendar-day-bst", test_same_day_calendar_day_bst);
  g_test_add_func ("/access-pattern/same-day/across-midnight", test_same_day_across_midnight);
  g_test_add_func ("/access-pattern/same-day/clocks-back", test_same_day_clocks_back);
  g_test_add_func ("/access-pattern/same-day/clocks-forward", test_same_day_clocks_forward);
  g_test_add_func ("/access-pattern/same-day/most-recent", test_same_day_most_recent);
  g_test_add_func ("/access-pattern/same-day/with-recent-window", test_same_day_with_recent_window);
  g_test_add_func ("/access-pattern/frequent/threshold", test_frequent_threshold);
  g_test_add_func ("/access-pattern/frequent/long-pattern", test_frequent_long_pattern);
  g_test_add_func ("/access-pattern/frequent/all-recent", test_frequent_all_recent);
  g_test_add_func ("/access-pattern/frequent/span-in-words", test_frequent_span_in_words);

  return g_test_run ();
}
