/* test-access-pattern-text.c: a repeated-attendance pattern in the words the
 * clinician reads
 *
 * The core's description (what test-access-pattern.c finds for each history)
 * said by the application: one whole sentence per rule that fired, as the
 * view shows it. Every sentence reads as it did when the core wrote it.
 */
#include "cpis-access-event.h"
#include "cpis-access-pattern-text-private.h"
#include "cpis-date.h"
#include "cpis-practitioner-role.h"
#include "cpis-test-util.h"

#define VISITS        CPIS_ACCESS_PATTERN_RULE_VISITS
#define ORGANISATIONS CPIS_ACCESS_PATTERN_RULE_ORGANISATIONS
#define SAME_DAY      CPIS_ACCESS_PATTERN_RULE_SAME_DAY
#define FREQUENT      CPIS_ACCESS_PATTERN_RULE_FREQUENT

static void
set_window (CpisAccessPatternWindow *window,
            int                      days,
            guint                    attendances,
            guint                    organisations,
            gboolean                 at_least)
{
  window->days = days;
  window->attendances = attendances;
  window->organisations = organisations;
  window->at_least = at_least;
}

/* A description with nothing counted yet */
static CpisAccessPattern *
pattern_new (CpisAccessPatternRules rules)
{
  CpisAccessPattern *pattern = g_new0 (CpisAccessPattern, 1);

  pattern->rules = rules;
  set_window (&pattern->visits, CPIS_PATTERN_VISITS_DAYS, 0, 0, FALSE);
  set_window (&pattern->organisations, CPIS_PATTERN_ORGANISATIONS_DAYS, 0, 0, FALSE);
  g_date_clear (&pattern->frequent.first, 1);
  g_date_clear (&pattern->frequent.last, 1);
  return pattern;
}

static void
set_same_day (CpisAccessPattern *pattern,
              guint              organisations,
              GDateTime         *first,
              GDateTime         *last)
{
  pattern->same_day.organisations = organisations;
  pattern->same_day.first = g_date_time_ref (first);
  pattern->same_day.last = g_date_time_ref (last);
}

static void
set_frequent (CpisAccessPattern *pattern,
              guint              attendances,
              const char        *first,
              const char        *last,
              gboolean           at_least)
{
  pattern->frequent.attendances = attendances;
  g_assert_true (cpis_date_parse (first, &pattern->frequent.first));
  g_assert_true (cpis_date_parse (last, &pattern->frequent.last));
  pattern->frequent.at_least = at_least;
}

static void
assert_text (const CpisAccessPattern *pattern,
             const char              *expected)
{
  g_autofree char *text = _cpis_access_pattern_to_text (pattern);

  g_assert_cmpstr (text, ==, expected);
}

/* The two recent windows: each case as the core counts it for a history in
 * test-access-pattern.c */
static void
test_recent_windows (void)
{
  const struct
  {
    CpisAccessPatternRules rules;
    guint                  visits[3];         /* attendances, organisations, at least */
    guint                  organisations[3];
    const char            *expected;
  } cases[] = {
    { VISITS, { 3, 1, FALSE }, { 3, 1, FALSE },
      "Repeated attendance: 3 attendances in the last 30 days." },
    { VISITS, { 4, 1, FALSE }, { 4, 1, FALSE },
      "Repeated attendance: 4 attendances in the last 30 days." },
    /* no organisation known */
    { VISITS, { 3, 0, FALSE }, { 3, 0, FALSE },
      "Repeated attendance: 3 attendances in the last 30 days." },
    { VISITS, { 10, 1, FALSE }, { 10, 1, FALSE },
      "Repeated attendance: 10 attendances in the last 30 days." },
    { VISITS, { 3, 2, FALSE }, { 3, 2, FALSE },
      "Repeated attendance: 3 attendances in the last 30 days at 2 different organisations." },
    { VISITS, { 13, 2, FALSE }, { 13, 2, FALSE },
      "Repeated attendance: 13 attendances in the last 30 days at 2 different organisations." },
    { VISITS, { 13, 2, TRUE }, { 13, 2, TRUE },
      "Repeated attendance: at least 13 attendances in the last 30 days "
      "at 2 or more different organisations." },
    { VISITS, { 3, 1, TRUE }, { 3, 1, TRUE },
      "Repeated attendance: at least 3 attendances in the last 30 days." },
    { VISITS, { 12, 1, TRUE }, { 12, 1, TRUE },
      "Repeated attendance: at least 12 attendances in the last 30 days." },
    { VISITS, { 3, 1, FALSE }, { 4, 1, TRUE },
      "Repeated attendance: 3 attendances in the last 30 days." },
    { ORGANISATIONS, { 1, 1, FALSE }, { 4, 3, FALSE },
      "Repeated attendance: 4 attendances at 3 different organisations in the last 90 days." },
    { ORGANISATIONS, { 1, 1, FALSE }, { 3, 3, FALSE },
      "Repeated attendance: 3 attendances at 3 different organisations in the last 90 days." },
    { ORGANISATIONS, { 0, 0, FALSE }, { 3, 3, TRUE },
      "Repeated attendance: at least 3 attendances at "
      "3 or more different organisations in the last 90 days." },
    /* both, the same organisations: said once */
    { VISITS | ORGANISATIONS, { 4, 3, FALSE }, { 4, 3, FALSE },
      "Repeated attendance: 4 attendances in the last 30 days at 3 different organisations." },
    { VISITS | ORGANISATIONS, { 13, 3, TRUE }, { 13, 3, TRUE },
      "Repeated attendance: at least 13 attendances in the last 30 days "
      "at 3 or more different organisations." },
    /* both, more organisations in the wider window */
    { VISITS | ORGANISATIONS, { 4, 3, FALSE }, { 5, 4, FALSE },
      "Repeated attendance: 4 attendances in the last 30 days; "
      "4 different organisations in the last 90 days." },
    { VISITS | ORGANISATIONS, { 3, 1, FALSE }, { 5, 3, TRUE },
      "Repeated attendance: 3 attendances in the last 30 days; "
      "3 or more different organisations in the last 90 days." },
    { VISITS | ORGANISATIONS, { 20, 2, TRUE }, { 20, 3, TRUE },
      "Repeated attendance: at least 20 attendances in the last 30 days; "
      "3 or more different organisations in the last 90 days." },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CpisAccessPattern) pattern = pattern_new (cases[i].rules);

      set_window (&pattern->visits, CPIS_PATTERN_VISITS_DAYS,
                  cases[i].visits[0], cases[i].visits[1], cases[i].visits[2]);
      set_window (&pattern->organisations, CPIS_PATTERN_ORGANISATIONS_DAYS,
                  cases[i].organisations[0], cases[i].organisations[1],
                  cases[i].organisations[2]);
      assert_text (pattern, cases[i].expected);
    }
}

static void
assert_same_day (guint       organisations,
                 GDateTime  *first,
                 GDateTime  *last,
                 const char *expected)
{
  g_autoptr(CpisAccessPattern) pattern = pattern_new (SAME_DAY);

  set_same_day (pattern, organisations, first, last);
  assert_text (pattern, expected);
}

/* The moments in UK time, whatever offset they carry */
static void
test_same_day (void)
{
  g_autoptr(GDateTime) evening = cpis_test_uk_time (2026, 7, 14, 19, 30, 0);
  g_autoptr(GDateTime) late = cpis_test_uk_time (2026, 7, 14, 22, 45, 0);
  g_autoptr(GDateTime) evening_utc = g_date_time_new_utc (2026, 7, 14, 18, 30, 0);
  g_autoptr(GDateTime) late_utc = g_date_time_new_utc (2026, 7, 14, 21, 46, 0);
  g_autoptr(GDateTime) morning = cpis_test_uk_time (2026, 4, 1, 9, 0, 0);
  g_autoptr(GDateTime) night = cpis_test_uk_time (2026, 4, 1, 20, 0, 0);
  g_autoptr(GDateTime) friday = cpis_test_uk_time (2026, 7, 10, 21, 0, 0);
  g_autoptr(GDateTime) saturday = cpis_test_uk_time (2026, 7, 11, 3, 0, 0);
  g_autoptr(GDateTime) clocks_back_first = cpis_test_uk_time (2026, 10, 25, 0, 10, 0);
  g_autoptr(GDateTime) clocks_back_last = cpis_test_uk_time (2026, 10, 25, 23, 50, 0);
  g_autoptr(GDateTime) last_second = cpis_test_uk_time (2026, 7, 14, 23, 59, 59);

  assert_same_day (2, evening, late,
                   "Same-day attendance at different settings: 2 organisations between "
                   "Tue 14 Jul 2026, 19:30 and Tue 14 Jul 2026, 22:45.");
  assert_same_day (2, evening_utc, late_utc,
                   "Same-day attendance at different settings: 2 organisations between "
                   "Tue 14 Jul 2026, 19:30 and Tue 14 Jul 2026, 22:46.");
  assert_same_day (3, morning, night,
                   "Same-day attendance at different settings: 3 organisations between "
                   "Wed 1 Apr 2026, 09:00 and Wed 1 Apr 2026, 20:00.");
  assert_same_day (2, friday, saturday,
                   "Same-day attendance at different settings: 2 organisations between "
                   "Fri 10 Jul 2026, 21:00 and Sat 11 Jul 2026, 03:00.");
  assert_same_day (2, clocks_back_first, clocks_back_last,
                   "Same-day attendance at different settings: 2 organisations between "
                   "Sun 25 Oct 2026, 00:10 and Sun 25 Oct 2026, 23:50.");
  assert_same_day (2, late, last_second,
                   "Same-day attendance at different settings: 2 organisations between "
                   "Tue 14 Jul 2026, 22:45 and Tue 14 Jul 2026, 23:59.");
}

static void
assert_frequent (guint       attendances,
                 const char *first,
                 const char *last,
                 gboolean    at_least,
                 const char *expected)
{
  g_autoptr(CpisAccessPattern) pattern = pattern_new (FREQUENT);

  set_frequent (pattern, attendances, first, last, at_least);
  assert_text (pattern, expected);
}

static void
test_frequent (void)
{
  assert_frequent (10, "2026-01-04", "2026-11-24", FALSE,
                   "Frequent attendance: 10 attendances over 10 months.");
  assert_frequent (25, "2025-09-08", "2026-11-14", FALSE,
                   "Frequent attendance: 25 attendances over 14 months.");
  /* the history may be cut: since the oldest access given */
  assert_frequent (25, "2025-09-08", "2026-11-14", TRUE,
                   "Frequent attendance: at least 25 attendances since 8 September 2025.");
}

/* The span in words, rounded down, at each unit's edge */
static void
test_frequent_span_in_words (void)
{
  const struct
  {
    const char *last;
    const char *span;
  } cases[] = {
    { "2025-01-31", "1 day" },
    { "2025-02-01", "1 day" },
    { "2025-02-13", "13 days" },
    { "2025-02-14", "2 weeks" },
    { "2025-04-03", "8 weeks" },
    { "2025-04-04", "2 months" },
    /* 31 January 2025 to 30 January 2027 is not yet two years; to the 31st it is */
    { "2027-01-30", "23 months" },
    { "2027-01-31", "2 years" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expected = g_strdup_printf ("Frequent attendance: 10 attendances over %s.",
                                                   cases[i].span);

      assert_frequent (10, "2025-01-31", cases[i].last, FALSE, expected);
    }

  /* counted on the dates given, the UK dates of the accesses */
  assert_frequent (10, "2025-08-01", "2025-08-14", FALSE,
                   "Frequent attendance: 10 attendances over 13 days.");
}

/* Several rules: one whole sentence each, one after another */
static void
test_sentences_follow (void)
{
  g_autoptr(GDateTime) evening = cpis_test_uk_time (2026, 7, 14, 19, 30, 0);
  g_autoptr(GDateTime) late = cpis_test_uk_time (2026, 7, 14, 22, 45, 0);
  g_autoptr(GDateTime) morning = cpis_test_uk_time (2026, 11, 20, 9, 0, 0);
  g_autoptr(GDateTime) later = cpis_test_uk_time (2026, 11, 20, 9, 10, 0);
  g_autoptr(CpisAccessPattern) visits_same_day = pattern_new (VISITS | SAME_DAY);
  g_autoptr(CpisAccessPattern) three = pattern_new (VISITS | ORGANISATIONS | SAME_DAY);
  g_autoptr(CpisAccessPattern) visits_frequent = pattern_new (VISITS | FREQUENT);

  set_window (&visits_same_day->visits, CPIS_PATTERN_VISITS_DAYS, 3, 2, FALSE);
  set_window (&visits_same_day->organisations, CPIS_PATTERN_ORGANISATIONS_DAYS, 3, 2, FALSE);
  set_same_day (visits_same_day, 2, evening, late);
  assert_text (visits_same_day,
               "Repeated attendance: 3 attendances in the last 30 days at 2 different organisations. "
               "Same-day attendance at different settings: 2 organisations between "
               "Tue 14 Jul 2026, 19:30 and Tue 14 Jul 2026, 22:45.");

  set_window (&three->visits, CPIS_PATTERN_VISITS_DAYS, 3, 3, FALSE);
  set_window (&three->organisations, CPIS_PATTERN_ORGANISATIONS_DAYS, 3, 3, FALSE);
  set_same_day (three, 2, morning, later);
  assert_text (three,
               "Repeated attendance: 3 attendances in the last 30 days at 3 different organisations. "
               "Same-day attendance at different settings: 2 organisations between "
               "Fri 20 Nov 2026, 09:00 and Fri 20 Nov 2026, 09:10.");

  set_window (&visits_frequent->visits, CPIS_PATTERN_VISITS_DAYS, 10, 1, FALSE);
  set_window (&visits_frequent->organisations, CPIS_PATTERN_ORGANISATIONS_DAYS, 10, 1, FALSE);
  set_frequent (visits_frequent, 11, "2026-01-29", "2026-11-25", FALSE);
  assert_text (visits_frequent,
               "Repeated attendance: 10 attendances in the last 30 days. "
               "Frequent attendance: 11 attendances over 9 months.");
}

/* An access at @recorded from the organisation with ODS code @code */
static void
add_access (GListStore *store,
            GDateTime  *recorded,
            const char *code)
{
  static guint counter;
  g_autofree char *id = g_strdup_printf ("audit-%u", ++counter);
  g_autofree char *role_id = g_strdup_printf ("role-%u", counter);
  g_autoptr(CpisPractitionerRole) role = g_object_new (CPIS_TYPE_PRACTITIONER_ROLE,
                                                       "id", role_id,
                                                       "organisation-code", code,
                                                       NULL);
  g_autoptr(CpisAccessEvent) event = g_object_new (CPIS_TYPE_ACCESS_EVENT,
                                                   "id", id,
                                                   "recorded", recorded,
                                                   "nhs-number", "9990000026",
                                                   "practitioner-role", role,
                                                   NULL);

  g_list_store_append (store, event);
}

/* From a history, through the core, as the clinician view does */
static void
test_from_history (void)
{
  g_autoptr(GDateTime) now = cpis_test_uk_time (2026, 7, 20, 10, 0, 0);
  g_autoptr(GDateTime) first = cpis_test_uk_time (2026, 7, 2, 10, 0, 0);
  g_autoptr(GDateTime) evening = cpis_test_uk_time (2026, 7, 14, 19, 30, 0);
  g_autoptr(GDateTime) late = cpis_test_uk_time (2026, 7, 14, 22, 45, 0);
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
  g_autoptr(CpisAccessPattern) pattern = NULL;

  add_access (store, first, "RED01");
  add_access (store, evening, "RED01");
  add_access (store, late, "RED02");
  pattern = cpis_access_pattern_describe (G_LIST_MODEL (store), now, FALSE);
  g_assert_nonnull (pattern);
  assert_text (pattern,
               "Repeated attendance: 3 attendances in the last 30 days at 2 different organisations. "
               "Same-day attendance at different settings: 2 organisations between "
               "Tue 14 Jul 2026, 19:30 and Tue 14 Jul 2026, 22:45.");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/access-pattern-text/recent-windows", test_recent_windows);
  g_test_add_func ("/access-pattern-text/same-day", test_same_day);
  g_test_add_func ("/access-pattern-text/frequent", test_frequent);
  g_test_add_func ("/access-pattern-text/frequent/span-in-words", test_frequent_span_in_words);
  g_test_add_func ("/access-pattern-text/sentences-follow", test_sentences_follow);
  g_test_add_func ("/access-pattern-text/from-history", test_from_history);

  return g_test_run ();
}
