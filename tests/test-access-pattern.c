/* test-access-pattern.c: spotting repeated attendance in an access history
 *
 * What the core finds: the rules that fire and what they count. The words
 * the clinician reads are tested in test-access-pattern-text.c.
 */
#include "cpis-access-event.h"
#include "cpis-access-pattern.h"
#include "cpis-date.h"
#include "cpis-practitioner-role.h"
#include "cpis-test-util.h"

#define VISITS        CPIS_ACCESS_PATTERN_RULE_VISITS
#define ORGANISATIONS CPIS_ACCESS_PATTERN_RULE_ORGANISATIONS
#define SAME_DAY      CPIS_ACCESS_PATTERN_RULE_SAME_DAY
#define FREQUENT      CPIS_ACCESS_PATTERN_RULE_FREQUENT

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

/* The whole history */
static CpisAccessPattern *
describe (GListStore *store,
          GDateTime  *now)
{
  return cpis_access_pattern_describe (G_LIST_MODEL (store), now, FALSE);
}

/* Only its newest part: the hub left older accesses out */
static CpisAccessPattern *
describe_partial (GListStore *store,
                  GDateTime  *now)
{
  return cpis_access_pattern_describe (G_LIST_MODEL (store), now, TRUE);
}

/* Exactly @rules fired */
static void
assert_rules (const CpisAccessPattern *pattern,
              CpisAccessPatternRules   rules)
{
  g_assert_nonnull (pattern);
  g_assert_cmpint (pattern->rules, ==, rules);
}

/* What a recent window counted */
static void
assert_window (const CpisAccessPatternWindow *window,
               guint                          attendances,
               guint                          organisations,
               gboolean                       at_least)
{
  g_assert_cmpuint (window->attendances, ==, attendances);
  g_assert_cmpuint (window->organisations, ==, organisations);
  g_assert_cmpint (window->at_least, ==, at_least);
}

/* The day with several organisations: how many, and its first and last
 * access in UK time as the clinician reads it ("Tue 14 Jul 2026, 19:30") */
static void
assert_same_day (const CpisAccessPattern *pattern,
                 guint                    organisations,
                 const char              *first,
                 const char              *last)
{
  g_autofree char *first_uk = NULL;
  g_autofree char *last_uk = NULL;

  g_assert_cmpuint (pattern->same_day.organisations, ==, organisations);
  g_assert_nonnull (pattern->same_day.first);
  g_assert_nonnull (pattern->same_day.last);
  first_uk = cpis_date_time_format_uk (pattern->same_day.first);
  last_uk = cpis_date_time_format_uk (pattern->same_day.last);
  g_assert_cmpstr (first_uk, ==, first);
  g_assert_cmpstr (last_uk, ==, last);
}

/* The whole history: its attendances, the UK dates of its oldest and newest
 * access ("2026-01-04"), and whether it may be cut */
static void
assert_frequent (const CpisAccessPattern *pattern,
                 guint                    attendances,
                 const char              *first,
                 const char              *last,
                 gboolean                 at_least)
{
  g_autofree char *first_text = cpis_date_to_string (&pattern->frequent.first);
  g_autofree char *last_text = cpis_date_to_string (&pattern->frequent.last);

  g_assert_cmpuint (pattern->frequent.attendances, ==, attendances);
  g_assert_cmpstr (first_text, ==, first);
  g_assert_cmpstr (last_text, ==, last);
  g_assert_cmpint (pattern->frequent.at_least, ==, at_least);
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
  g_autoptr(GDateTime) recorded = cpis_test_uk_time (year, month, day, hour, minute, seconds);
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
  g_autoptr(CpisAccessPattern) pattern = describe (store, now);

  g_assert_null (pattern);
}

static void
test_visits_threshold (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) two = NULL;
  g_autoptr(CpisAccessPattern) three = NULL;
  g_autoptr(CpisAccessPattern) four = NULL;

  /* One organisation: only the visits rule can fire */
  add (store, now, 0, "RAA01");              /* exactly now counts */
  add (store, now, 10 * DAY, "RAA01");
  two = describe (store, now);
  g_assert_null (two);                        /* 2 in 30 days: below */

  add (store, now, 30 * DAY, "RAA01");      /* exactly 30 days ago counts */
  three = describe (store, now);
  assert_rules (three, VISITS);
  assert_window (&three->visits, 3, 1, FALSE);

  add (store, now, 29 * DAY, "raa01");      /* the same code, another case */
  four = describe (store, now);
  assert_rules (four, VISITS);
  assert_window (&four->visits, 4, 1, FALSE);
}

static void
test_visits_window_edges (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) outside = NULL;
  g_autoptr(CpisAccessPattern) inside = NULL;

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
  assert_rules (inside, VISITS);
  assert_window (&inside->visits, 3, 1, FALSE);
}

static void
test_organisations_threshold (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) two = NULL;
  g_autoptr(CpisAccessPattern) three = NULL;

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
  assert_rules (three, ORGANISATIONS);
  assert_window (&three->organisations, 4, 3, FALSE);
}

static void
test_organisations_by_name (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) two = NULL;
  g_autoptr(CpisAccessPattern) three = NULL;

  /* Without codes, names tell organisations apart */
  add_named (store, now, 50 * DAY, "Northgate General ED");
  add_named (store, now, 60 * DAY, "NORTHGATE GENERAL ED");
  add_named (store, now, 80 * DAY, "Southfield Walk-in Centre");
  two = describe (store, now);
  g_assert_null (two);

  add_named (store, now, 85 * DAY, "Eastbrook Minor Injuries Unit");
  three = describe (store, now);
  assert_rules (three, ORGANISATIONS);
  assert_window (&three->organisations, 4, 3, FALSE);
}

static void
test_both_rules (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) same = NULL;
  g_autoptr(CpisAccessPattern) wider = NULL;

  add (store, now, 1 * DAY, "RAA01");
  add (store, now, 3 * DAY, "RBB02");
  add (store, now, 8 * DAY, "RCC03");
  add (store, now, 20 * DAY, "RCC03");
  same = describe (store, now);
  /* the same organisations in both windows */
  assert_rules (same, VISITS | ORGANISATIONS);
  assert_window (&same->visits, 4, 3, FALSE);
  assert_window (&same->organisations, 4, 3, FALSE);

  add (store, now, 60 * DAY, "RDD04");
  wider = describe (store, now);
  /* one more in the wider window */
  assert_rules (wider, VISITS | ORGANISATIONS);
  assert_window (&wider->visits, 4, 3, FALSE);
  assert_window (&wider->organisations, 5, 4, FALSE);
}

static void
test_visits_at_two_organisations (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) pattern = NULL;

  add (store, now, 1 * DAY, "RAA01");
  add (store, now, 2 * DAY, "RBB02");
  add (store, now, 3 * DAY, "RAA01");
  pattern = describe (store, now);
  assert_rules (pattern, VISITS);
  assert_window (&pattern->visits, 3, 2, FALSE);
}

static void
test_without_roles (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) visits = NULL;
  g_autoptr(CpisAccessPattern) organisations = NULL;
  g_autoptr(GListStore) other = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);

  /* Unknown organisations still count as accesses … */
  add (store, now, 1 * DAY, NULL);
  add (store, now, 2 * DAY, NULL);
  add (store, now, 3 * DAY, NULL);
  visits = describe (store, now);
  assert_rules (visits, VISITS);
  assert_window (&visits->visits, 3, 0, FALSE);

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
  g_autoptr(CpisAccessPattern) pattern = NULL;

  /* The same instants, whatever offset "now" carries */
  add (store, now, 0, "RAA01");
  add (store, now, 1 * DAY, "RAA01");
  add (store, now, 30 * DAY, "RAA01");
  pattern = describe (store, now_bst);
  assert_rules (pattern, VISITS);
  assert_window (&pattern->visits, 3, 1, FALSE);
}

/* The same day at different settings */

#define HOUR ((gint64) 60 * 60)

/* A summer "now", in British Summer Time */
static GDateTime *
summer_now (void)
{
  return cpis_test_uk_time (2026, 7, 20, 10, 0, 0);
}

static void
test_same_day_two_eds_one_evening (void)
{
  g_autoptr(GDateTime) now = summer_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) one = NULL;
  g_autoptr(CpisAccessPattern) two = NULL;

  add_uk (store, 2026, 7, 14, 19, 30, 0, "RED01");
  one = describe (store, now);
  g_assert_null (one);

  /* A second emergency department the same evening: under every recent
   * window's threshold, but a pattern of its own. The times are BST. */
  add_uk (store, 2026, 7, 14, 22, 45, 0, "RED02");
  two = describe (store, now);
  assert_rules (two, SAME_DAY);
  assert_same_day (two, 2, "Tue 14 Jul 2026, 19:30", "Tue 14 Jul 2026, 22:45");
}

static void
test_same_day_threshold (void)
{
  g_autoptr(GDateTime) now = summer_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) one_organisation = NULL;
  g_autoptr(CpisAccessPattern) unknown = NULL;
  g_autoptr(CpisAccessPattern) two = NULL;
  g_autoptr(CpisAccessPattern) three = NULL;

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
  assert_rules (two, SAME_DAY);
  assert_same_day (two, 2, "Wed 1 Apr 2026, 09:00", "Wed 1 Apr 2026, 17:00");

  add_uk (store, 2026, 4, 1, 20, 0, 0, "RMIU4");
  three = describe (store, now);
  assert_rules (three, SAME_DAY);
  assert_same_day (three, 3, "Wed 1 Apr 2026, 09:00", "Wed 1 Apr 2026, 20:00");
}

/* One UK calendar day, in BST: 00:05 and 23:55 are on different days in UTC */
static void
test_same_day_calendar_day_bst (void)
{
  g_autoptr(GDateTime) now = summer_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) next_day = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) same = NULL;
  g_autoptr(CpisAccessPattern) apart = NULL;

  add_uk (store, 2026, 7, 14, 0, 0, 0, "RED01");
  add_uk (store, 2026, 7, 14, 23, 59, 59, "RED02");
  same = describe (store, now);
  assert_rules (same, SAME_DAY);
  assert_same_day (same, 2, "Tue 14 Jul 2026, 00:00", "Tue 14 Jul 2026, 23:59");

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
  g_autoptr(GDateTime) evening = cpis_test_uk_time (2026, 7, 10, 21, 0, 0);
  g_autoptr(GListStore) under = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) at = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) over_six_hours = NULL;
  g_autoptr(CpisAccessPattern) six_hours = NULL;

  add_after (under, evening, 0, "RED01");
  add_after (under, evening, 6 * HOUR + 1, "RED02");
  over_six_hours = describe (under, now);
  g_assert_null (over_six_hours);

  add_after (at, evening, 0, "RED01");
  add_after (at, evening, 6 * HOUR, "RED02");
  six_hours = describe (at, now);
  assert_rules (six_hours, SAME_DAY);
  assert_same_day (six_hours, 2, "Fri 10 Jul 2026, 21:00", "Sat 11 Jul 2026, 03:00");
}

/* The clocks go back on Sunday 25 October 2026: that UK day lasts 25 hours,
 * so 00:10 BST and 23:50 GMT are 24 h 40 min apart, and still one day */
static void
test_same_day_clocks_back (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GDateTime) first = cpis_test_uk_time (2026, 10, 25, 0, 10, 0);
  g_autoptr(GDateTime) last = cpis_test_uk_time (2026, 10, 25, 23, 50, 0);
  g_autoptr(CpisAccessPattern) pattern = NULL;

  g_assert_cmpint (g_date_time_difference (last, first), ==,
                   (24 * HOUR + 40 * 60) * G_TIME_SPAN_SECOND);
  add_uk (store, 2026, 10, 25, 0, 10, 0, "RED01");
  add_uk (store, 2026, 10, 25, 23, 50, 0, "RED02");
  pattern = describe (store, now);
  assert_rules (pattern, SAME_DAY);
  assert_same_day (pattern, 2, "Sun 25 Oct 2026, 00:10", "Sun 25 Oct 2026, 23:50");
}

/* The clocks go forward on Sunday 29 March 2026 (01:00 GMT becomes 02:00
 * BST): six hours across that midnight are six real hours, though the clock
 * moves seven */
static void
test_same_day_clocks_forward (void)
{
  g_autoptr(GDateTime) now = cpis_test_uk_time (2026, 4, 2, 12, 0, 0);
  g_autoptr(GListStore) six_hours = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) over = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) at = NULL;
  g_autoptr(CpisAccessPattern) apart = NULL;

  add_uk (six_hours, 2026, 3, 28, 21, 0, 0, "RED01");   /* GMT */
  add_uk (six_hours, 2026, 3, 29, 4, 0, 0, "RED02");    /* BST */
  at = describe (six_hours, now);
  assert_rules (at, SAME_DAY);
  assert_same_day (at, 2, "Sat 28 Mar 2026, 21:00", "Sun 29 Mar 2026, 04:00");

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
  g_autoptr(CpisAccessPattern) pattern = NULL;

  add_uk (store, 2025, 12, 24, 10, 0, 0, "RED01");   /* GMT */
  add_uk (store, 2025, 12, 24, 11, 0, 0, "RED02");
  add_uk (store, 2026, 6, 2, 8, 15, 0, "RWK03");     /* BST */
  add_uk (store, 2026, 6, 2, 13, 40, 0, "RED01");
  add_uk (store, 2026, 7, 19, 9, 0, 0, "RED01");     /* one alone since */
  pattern = describe (store, now);
  assert_rules (pattern, SAME_DAY);
  assert_same_day (pattern, 2, "Tue 2 Jun 2026, 08:15", "Tue 2 Jun 2026, 13:40");
}

/* With a recent window's sentence: one whole sentence each */
static void
test_same_day_with_recent_window (void)
{
  g_autoptr(GDateTime) now = summer_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) pattern = NULL;

  add_uk (store, 2026, 7, 2, 10, 0, 0, "RED01");
  add_uk (store, 2026, 7, 14, 19, 30, 0, "RED01");
  add_uk (store, 2026, 7, 14, 22, 45, 0, "RED02");
  pattern = describe (store, now);
  assert_rules (pattern, VISITS | SAME_DAY);
  assert_window (&pattern->visits, 3, 2, FALSE);
  assert_same_day (pattern, 2, "Tue 14 Jul 2026, 19:30", "Tue 14 Jul 2026, 22:45");
}

/* Attendances, not accesses: the hub records every check */

#define MINUTE ((gint64) 60)

/* The nurse scans the child three times in a minute (and the hub records
 * each): one attendance, not a pattern */
static void
test_attendance_rechecks (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) reuben = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) three_scans = NULL;
  g_autoptr(CpisAccessPattern) one_earlier = NULL;
  g_autoptr(CpisAccessPattern) rechecked = NULL;

  add (store, now, 0, "RAA01");
  add (store, now, 20, "RAA01");
  add (store, now, 55, "RAA01");
  three_scans = describe (store, now);
  g_assert_null (three_scans);

  /* A child seen once elsewhere ten days ago: no hint before this check,
   * and none after the nurse checks him three times */
  add (reuben, now, 10 * DAY, "RBB02");
  add (reuben, now, 0, "RAA01");
  one_earlier = describe (reuben, now);
  g_assert_null (one_earlier);
  add (reuben, now, 30, "RAA01");
  add (reuben, now, 60, "raa01");             /* the same code, another case */
  rechecked = describe (reuben, now);
  g_assert_null (rechecked);
}

/* The same three checks on three days are three attendances */
static void
test_attendance_over_days (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) reuben = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) pattern = NULL;
  g_autoptr(CpisAccessPattern) two_organisations = NULL;

  add (store, now, 0, "RAA01");
  add (store, now, 2 * DAY, "RAA01");
  add (store, now, 5 * DAY, "RAA01");
  pattern = describe (store, now);
  assert_rules (pattern, VISITS);
  assert_window (&pattern->visits, 3, 1, FALSE);

  add (reuben, now, 10 * DAY, "RBB02");
  add (reuben, now, 3 * DAY, "RAA01");
  add (reuben, now, 0, "RAA01");
  add (reuben, now, 30, "RAA01");           /* re-checked: still three */
  two_organisations = describe (reuben, now);
  assert_rules (two_organisations, VISITS);
  assert_window (&two_organisations->visits, 3, 2, FALSE);
}

/* CPIS_PATTERN_SAME_ATTENDANCE_HOURS apart is still one attendance, a second
 * more is two; chained, each access measured from the one before it */
static void
test_attendance_span_boundary (void)
{
  g_autoptr(GDateTime) base = cpis_test_uk_time (2026, 11, 20, 8, 0, 0);
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) at_span = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) over_span = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) long_stay = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  const gint64 span = CPIS_PATTERN_SAME_ATTENDANCE_HOURS * HOUR;
  g_autoptr(CpisAccessPattern) one = NULL;
  g_autoptr(CpisAccessPattern) three = NULL;
  g_autoptr(CpisAccessPattern) stay = NULL;

  g_assert_cmpint (CPIS_PATTERN_SAME_ATTENDANCE_HOURS, ==, 4);

  /* 08:00, 12:00, 16:00: each exactly four hours after the one before, the
   * last eight hours after the first; one attendance */
  add_after (at_span, base, 0, "RAA01");
  add_after (at_span, base, span, "RAA01");
  add_after (at_span, base, 2 * span, "RAA01");
  one = describe (at_span, now);
  g_assert_null (one);

  /* a second more each time: three */
  add_after (over_span, base, 0, "RAA01");
  add_after (over_span, base, span + 1, "RAA01");
  add_after (over_span, base, 2 * (span + 1), "RAA01");
  three = describe (over_span, now);
  assert_rules (three, VISITS);
  assert_window (&three->visits, 3, 1, FALSE);

  /* a two-day stay on a ward, checked every three hours: one attendance */
  for (gint64 t = 0; t <= 48 * HOUR; t += 3 * HOUR)
    add_after (long_stay, base, t, "RAA01");
  stay = describe (long_stay, now);
  g_assert_null (stay);
}

/* Only accesses from the same organisation are one attendance: another
 * organisation's check in between neither joins it nor breaks it */
static void
test_attendance_other_organisation (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GDateTime) base = cpis_test_uk_time (2026, 11, 20, 9, 0, 0);
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) pattern = NULL;

  add_after (store, base, 0, "RAA01");
  add_after (store, base, 5 * MINUTE, "RBB02");
  add_after (store, base, 10 * MINUTE, "RAA01");
  add_after (store, base, 3 * DAY, "RCC03");
  pattern = describe (store, now);
  /* three attendances: RAA01 (twice checked), RBB02, RCC03 */
  assert_rules (pattern, VISITS | ORGANISATIONS | SAME_DAY);
  assert_window (&pattern->visits, 3, 3, FALSE);
  assert_window (&pattern->organisations, 3, 3, FALSE);
  assert_same_day (pattern, 2, "Fri 20 Nov 2026, 09:00", "Fri 20 Nov 2026, 09:10");
}

/* Two emergency departments one evening, each checking again and again:
 * still the same-day pattern, and still not three attendances */
static void
test_attendance_same_day_rechecked (void)
{
  g_autoptr(GDateTime) now = summer_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) pattern = NULL;

  add_uk (store, 2026, 7, 14, 19, 30, 0, "RED01");
  add_uk (store, 2026, 7, 14, 19, 31, 0, "RED01");
  add_uk (store, 2026, 7, 14, 19, 33, 0, "RED01");
  add_uk (store, 2026, 7, 14, 22, 45, 0, "RED02");
  add_uk (store, 2026, 7, 14, 22, 46, 0, "RED02");
  pattern = describe (store, now);
  assert_rules (pattern, SAME_DAY);
  assert_same_day (pattern, 2, "Tue 14 Jul 2026, 19:30", "Tue 14 Jul 2026, 22:46");
}

/* An access without an organisation cannot be told to be part of another:
 * it is an attendance of its own, and never an organisation */
static void
test_attendance_without_organisation (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) unknown = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) mixed = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) three = NULL;
  g_autoptr(CpisAccessPattern) two = NULL;

  add (unknown, now, 0, NULL);
  add (unknown, now, 30, NULL);
  add (unknown, now, 60, NULL);
  three = describe (unknown, now);
  assert_rules (three, VISITS);
  assert_window (&three->visits, 3, 0, FALSE);

  /* nor does it break an organisation's attendance: RAA01 twice is one, with
   * the unknown access two */
  add (mixed, now, 0, "RAA01");
  add (mixed, now, 60, NULL);
  add (mixed, now, 120, "RAA01");
  two = describe (mixed, now);
  g_assert_null (two);
}

/* An attendance that began before a window and went on into it is in it */
static void
test_attendance_across_window_start (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) inside = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) outside = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) in = NULL;
  g_autoptr(CpisAccessPattern) out = NULL;

  add (inside, now, 1 * DAY, "RAA01");
  add (inside, now, 2 * DAY, "RAA01");
  add (inside, now, 30 * DAY + 2 * HOUR, "RBB02");   /* before the window … */
  add (inside, now, 30 * DAY - HOUR, "RBB02");       /* … and three hours later, in it */
  in = describe (inside, now);
  assert_rules (in, VISITS);
  assert_window (&in->visits, 3, 2, FALSE);

  add (outside, now, 1 * DAY, "RAA01");
  add (outside, now, 2 * DAY, "RAA01");
  add (outside, now, 30 * DAY + 2 * HOUR, "RBB02");
  add (outside, now, 30 * DAY + 1, "RBB02");
  out = describe (outside, now);
  g_assert_null (out);
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
  g_autoptr(CpisAccessPattern) nine = NULL;
  g_autoptr(CpisAccessPattern) ten = NULL;

  /* 19 October back to 4 January 2026, every 36 days */
  add_spread (store, now, 9, 36, 37, "RAA01");
  nine = describe (store, now);
  g_assert_null (nine);

  add (store, now, 1 * DAY, "RAA01");
  ten = describe (store, now);
  /* 4 January to 24 November 2026 */
  assert_rules (ten, FREQUENT);
  assert_frequent (ten, 10, "2026-01-04", "2026-11-24", FALSE);
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
  g_autoptr(CpisAccessPattern) pattern = NULL;
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

  pattern = describe (store, now);
  /* over 14 months */
  assert_rules (pattern, FREQUENT);
  assert_frequent (pattern, 25, "2025-09-08", "2026-11-14", FALSE);
}

/* When a recent window counts every access, saying it again adds nothing */
static void
test_frequent_all_recent (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) with_older = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) recent = NULL;
  g_autoptr(CpisAccessPattern) both = NULL;

  add_spread (store, now, 10, 2, 0, "RAA01");
  recent = describe (store, now);
  /* no FREQUENT: the window counts every attendance */
  assert_rules (recent, VISITS);
  assert_window (&recent->visits, 10, 1, FALSE);

  /* One older access: the whole history says more than the window */
  add_spread (with_older, now, 10, 2, 0, "RAA01");
  add (with_older, now, 300 * DAY, "RAA01");
  both = describe (with_older, now);
  assert_rules (both, VISITS | FREQUENT);
  assert_window (&both->visits, 10, 1, FALSE);
  assert_frequent (both, 11, "2026-01-29", "2026-11-25", FALSE);
}

/* Checking again does not make a child a frequent attender */
static void
test_frequent_rechecks (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) before = NULL;
  g_autoptr(CpisAccessPattern) after = NULL;
  g_autoptr(CpisAccessPattern) nine = NULL;
  g_autoptr(GListStore) nine_rechecked = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);

  add_spread (store, now, 9, 36, 37, "RAA01");
  add (store, now, 1 * DAY, "RAA01");
  before = describe (store, now);
  assert_rules (before, FREQUENT);
  assert_frequent (before, 10, "2026-01-04", "2026-11-24", FALSE);

  /* every attendance checked twice more, minutes later */
  for (guint i = 0; i < 9; i++)
    {
      gint64 seconds_ago = (gint64) (37 + i * 36) * DAY;

      add (store, now, seconds_ago - 2 * MINUTE, "RAA01");
      add (store, now, seconds_ago - 3 * HOUR, "RAA01");
    }
  add (store, now, 1 * DAY - MINUTE, "RAA01");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 29);
  after = describe (store, now);
  assert_rules (after, FREQUENT);
  assert_frequent (after, 10, "2026-01-04", "2026-11-24", FALSE);

  /* nine attendances checked thrice each are still nine: no hint */
  for (guint i = 0; i < 9; i++)
    {
      gint64 seconds_ago = (gint64) (37 + i * 36) * DAY;

      add (nine_rechecked, now, seconds_ago, "RAA01");
      add (nine_rechecked, now, seconds_ago - MINUTE, "RAA01");
      add (nine_rechecked, now, seconds_ago - 2 * MINUTE, "RAA01");
    }
  nine = describe (nine_rechecked, now);
  g_assert_null (nine);
}

/* Only the newest part of the history */

/* The 25 the hub answers, 443 days back: at least that many, since then */
static void
test_partial_frequent (void)
{
  const char *sites[] = { "RED01", "RED02", "RWK03", "RMIU4", "RGP05", "R1116", "RAMB7" };
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) whole = NULL;
  g_autoptr(CpisAccessPattern) partial = NULL;
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

  whole = describe (store, now);
  assert_rules (whole, FREQUENT);
  assert_frequent (whole, 25, "2025-09-08", "2026-11-14", FALSE);
  /* the oldest given: 8 September 2025, 15:02 BST */
  partial = describe_partial (store, now);
  assert_rules (partial, FREQUENT);
  assert_frequent (partial, 25, "2025-09-08", "2026-11-14", TRUE);
}

/* The recent windows say "at least" only where they reach back past the
 * oldest access given */
static void
test_partial_recent_windows (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) recent = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) weeks = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) months = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) all_recent = NULL;
  g_autoptr(CpisAccessPattern) all_recent_whole = NULL;
  g_autoptr(CpisAccessPattern) within_90 = NULL;
  g_autoptr(CpisAccessPattern) before_both = NULL;

  /* 25 accesses in the last 20 days at two organisations, checked twice
   * each time except the last: 13 attendances, the oldest 20 days ago */
  for (guint i = 0; i < 12; i++)
    {
      add (recent, now, (gint64) (20 - i) * DAY, i % 2 == 0 ? "RAA01" : "RBB02");
      add (recent, now, (gint64) (20 - i) * DAY - MINUTE, i % 2 == 0 ? "RAA01" : "RBB02");
    }
  add (recent, now, 0, "RAA01");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (recent)), ==, 25);
  all_recent_whole = describe (recent, now);
  assert_rules (all_recent_whole, VISITS);
  assert_window (&all_recent_whole->visits, 13, 2, FALSE);
  all_recent = describe_partial (recent, now);
  assert_rules (all_recent, VISITS);
  assert_window (&all_recent->visits, 13, 2, TRUE);

  /* The oldest 45 days ago: the 30 days are whole, the 90 are not */
  add (weeks, now, 45 * DAY, "RCC03");
  add (weeks, now, 40 * DAY, "RDD04");
  add (weeks, now, 3 * DAY, "RAA01");
  add (weeks, now, 2 * DAY, "RAA01");
  add (weeks, now, 1 * DAY, "RAA01");
  within_90 = describe_partial (weeks, now);
  assert_rules (within_90, VISITS | ORGANISATIONS);
  assert_window (&within_90->visits, 3, 1, FALSE);
  assert_window (&within_90->organisations, 5, 3, TRUE);

  /* The oldest before both windows: nothing in them is missing */
  add (months, now, 200 * DAY, "RAA01");
  add (months, now, 60 * DAY, "RCC03");
  add (months, now, 50 * DAY, "RDD04");
  add (months, now, 5 * DAY, "RAA01");
  before_both = describe_partial (months, now);
  assert_rules (before_both, ORGANISATIONS);
  assert_window (&before_both->organisations, 3, 3, FALSE);
}

/* "At least" from the oldest access given exactly at a window's start, not
 * from one a second before it */
static void
test_partial_window_boundary (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) at_start = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) before_start = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(GListStore) organisations = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) at = NULL;
  g_autoptr(CpisAccessPattern) before = NULL;
  g_autoptr(CpisAccessPattern) at_90 = NULL;

  add (at_start, now, 30 * DAY, "RAA01");
  add (at_start, now, 10 * DAY, "RAA01");
  add (at_start, now, 0, "RAA01");
  at = describe_partial (at_start, now);
  assert_rules (at, VISITS);
  assert_window (&at->visits, 3, 1, TRUE);

  add (before_start, now, 30 * DAY + 1, "RAA01");
  add (before_start, now, 20 * DAY, "RAA01");
  add (before_start, now, 10 * DAY, "RAA01");
  add (before_start, now, 0, "RAA01");
  before = describe_partial (before_start, now);
  assert_rules (before, VISITS);
  assert_window (&before->visits, 3, 1, FALSE);

  add (organisations, now, 90 * DAY, "RAA01");
  add (organisations, now, 60 * DAY, "RBB02");
  add (organisations, now, 40 * DAY, "RCC03");
  at_90 = describe_partial (organisations, now);
  assert_rules (at_90, ORGANISATIONS);
  assert_window (&at_90->organisations, 3, 3, TRUE);
}

/* A partial history whose windows say it all: no "frequent" after them */
static void
test_partial_all_recent (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) pattern = NULL;

  add_spread (store, now, 12, 2, 0, "RAA01");
  pattern = describe_partial (store, now);
  /* no FREQUENT after it */
  assert_rules (pattern, VISITS);
  assert_window (&pattern->visits, 12, 1, TRUE);
}

/* The whole history's dates are UK dates: ten attendances, nine at @first
 * and one at @last. Those at @first are accesses a second apart without an
 * organisation: each is an attendance of its own (nothing says they were
 * one), and none is a setting, so there are not several settings on one
 * day. */
static void
assert_span (GDateTime  *first,
             GDateTime  *last,
             const char *first_date,
             const char *last_date)
{
  g_autoptr(GDateTime) now = g_date_time_add_days (last, 200);
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) pattern = NULL;

  for (guint i = 0; i < 9; i++)
    add_after (store, first, i, NULL);
  add_after (store, last, 0, "RAA01");

  pattern = describe (store, now);
  assert_rules (pattern, FREQUENT);
  assert_frequent (pattern, 10, first_date, last_date, FALSE);
}

static void
test_frequent_uk_dates (void)
{
  g_autoptr(GDateTime) winter = cpis_test_uk_time (2025, 1, 31, 12, 0, 0);
  g_autoptr(GDateTime) two_years = g_date_time_add_days (winter, 730);
  g_autoptr(GDateTime) after_midnight_bst = cpis_test_uk_time (2025, 8, 1, 0, 30, 0);
  g_autoptr(GDateTime) late_evening_bst = cpis_test_uk_time (2025, 8, 14, 23, 30, 0);

  assert_span (winter, winter, "2025-01-31", "2025-01-31");
  assert_span (winter, two_years, "2025-01-31", "2027-01-31");

  /* 00:30 BST on 1 August is still 31 July in UTC, and 23:30 BST on 14
   * August is 22:30 UTC: the dates are 1 and 14 August (13 days, not 14) */
  assert_span (after_midnight_bst, late_evening_bst, "2025-08-01", "2025-08-14");
}

/* Both windows are counted whichever rules fire, each with its length */
static void
test_windows (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) pattern = NULL;

  add (store, now, 1 * DAY, "RAA01");
  add (store, now, 2 * DAY, "RAA01");
  add (store, now, 3 * DAY, "RAA01");
  add (store, now, 40 * DAY, "RBB02");
  pattern = describe (store, now);
  assert_rules (pattern, VISITS);
  g_assert_cmpint (pattern->visits.days, ==, CPIS_PATTERN_VISITS_DAYS);
  g_assert_cmpint (pattern->organisations.days, ==, CPIS_PATTERN_ORGANISATIONS_DAYS);
  assert_window (&pattern->visits, 3, 1, FALSE);
  assert_window (&pattern->organisations, 4, 2, FALSE);
  /* the rules that did not fire leave theirs empty */
  g_assert_cmpuint (pattern->same_day.organisations, ==, 0);
  g_assert_null (pattern->same_day.first);
  g_assert_cmpuint (pattern->frequent.attendances, ==, 0);
  g_assert_false (g_date_valid (&pattern->frequent.first));
}

/* A copy holds its own references to the day's moments */
static void
test_copy (void)
{
  g_autoptr(GDateTime) now = summer_now ();
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) pattern = NULL;
  g_autoptr(CpisAccessPattern) copy = NULL;

  add_uk (store, 2026, 7, 14, 19, 30, 0, "RED01");
  add_uk (store, 2026, 7, 14, 22, 45, 0, "RED02");
  pattern = describe (store, now);
  g_list_store_remove_all (store);

  copy = cpis_access_pattern_copy (pattern);
  g_clear_pointer (&pattern, cpis_access_pattern_free);
  assert_rules (copy, SAME_DAY);
  assert_same_day (copy, 2, "Tue 14 Jul 2026, 19:30", "Tue 14 Jul 2026, 22:45");
  g_assert_true (G_TYPE_IS_BOXED (CPIS_TYPE_ACCESS_PATTERN));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/access-pattern/empty", test_empty);
  g_test_add_func ("/access-pattern/windows", test_windows);
  g_test_add_func ("/access-pattern/copy", test_copy);
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
  g_test_add_func ("/access-pattern/frequent/uk-dates", test_frequent_uk_dates);
  g_test_add_func ("/access-pattern/frequent/rechecks", test_frequent_rechecks);
  g_test_add_func ("/access-pattern/attendance/rechecks", test_attendance_rechecks);
  g_test_add_func ("/access-pattern/attendance/over-days", test_attendance_over_days);
  g_test_add_func ("/access-pattern/attendance/span-boundary", test_attendance_span_boundary);
  g_test_add_func ("/access-pattern/attendance/other-organisation", test_attendance_other_organisation);
  g_test_add_func ("/access-pattern/attendance/same-day-rechecked", test_attendance_same_day_rechecked);
  g_test_add_func ("/access-pattern/attendance/without-organisation",
                   test_attendance_without_organisation);
  g_test_add_func ("/access-pattern/attendance/across-window-start",
                   test_attendance_across_window_start);
  g_test_add_func ("/access-pattern/partial/frequent", test_partial_frequent);
  g_test_add_func ("/access-pattern/partial/recent-windows", test_partial_recent_windows);
  g_test_add_func ("/access-pattern/partial/window-boundary", test_partial_window_boundary);
  g_test_add_func ("/access-pattern/partial/all-recent", test_partial_all_recent);

  return g_test_run ();
}
