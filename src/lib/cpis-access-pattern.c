/* cpis-access-pattern.c: spotting repeated attendance in an access history
 *
 * The history is of accesses, and the hub records every check: the nurse's
 * check a moment ago, every scan repeated, the doctor's after the triage
 * nurse's. Counted as they are, one visit would read as three. So accesses
 * are first gathered into attendances: an access from an organisation within
 * CPIS_PATTERN_SAME_ATTENDANCE_HOURS hours of the one before it from that
 * organisation (both ends count) joins that attendance, chained, so the
 * checks along one long stay are one attendance. Accesses from other
 * organisations are other attendances, however close in time. An access
 * without its practitioner role (we cannot tell where it was) is an
 * attendance on its own, and is not an organisation.
 *
 * Four rules, on attendances. Two look at recent weeks:
 *  - CPIS_PATTERN_VISITS or more attendances in the last CPIS_PATTERN_VISITS_DAYS days;
 *  - CPIS_PATTERN_ORGANISATIONS or more different organisations in the last
 *    CPIS_PATTERN_ORGANISATIONS_DAYS days.
 * A window is [now - days, now]: both ends count, accesses after @now do not;
 * an attendance is in a window when one of its accesses is.
 * Two look at the whole history shown (the most recent accesses, however
 * long ago), for patterns too spread out or too quick for the windows:
 *  - the same day at different settings: CPIS_PATTERN_SAME_DAY_ORGANISATIONS or
 *    more different organisations on one calendar day in UK time
 *    (Europe/London, so British Summer Time counts), or at most
 *    CPIS_PATTERN_SAME_DAY_NIGHT_HOURS hours apart across midnight (one
 *    evening and night). The most recent such day is described. Counting
 *    organisations, attendances change nothing here (checks by one
 *    organisation never add another), so this rule reads the accesses
 *    themselves, and says the times of the first and the last;
 *  - frequent attendance: CPIS_PATTERN_FREQUENT or more attendances in all,
 *    with the time from the first access to the last in words. Left out when
 *    a recent window already counts every attendance.
 *
 * The hub answers only the newest accesses (CPIS_FHIR_ACCESS_HISTORY_LIMIT),
 * and every check pushes an older one out. When the caller says the history
 * may be cut there, a count that reaches back past the oldest access given
 * is a lower bound and is marked so (at_least), for the words to say "at
 * least 12 attendances since 3 March 2025", "at least 4 attendances in the
 * last 30 days", "3 or more different organisations", never "12 attendances
 * over 9 months" as if that were all.
 *
 * This file finds and counts; the application says it in words
 * (src/app/cpis-access-pattern-text.c), one whole sentence per rule.
 */
#include "cpis-access-pattern.h"

#include "cpis-access-event.h"
#include "cpis-date.h"

typedef struct
{
  GDateTime *recorded;      /* not owned: the event's */
  char      *organisation;  /* casefolded key, or NULL */
  GDate      uk_date;
} Access;

typedef struct
{
  GDateTime  *first;         /* not owned: its first access's */
  GDateTime  *last;          /* not owned: its last access's */
  const char *organisation;  /* not owned: its accesses' key, or NULL */
} Attendance;

/* The organisation an access was made from: its ODS code, or else its name.
 * Returns a newly allocated casefolded key, or NULL if unknown. */
static char *
organisation_key (CpisAccessEvent *event)
{
  CpisPractitionerRole *role = cpis_access_event_get_practitioner_role (event);
  const char *code;
  const char *name;
  g_autofree char *stripped = NULL;

  if (role == NULL)
    return NULL;

  code = cpis_practitioner_role_get_organisation_code (role);
  name = cpis_practitioner_role_get_organisation_name (role);

  if (code != NULL && *code != '\0')
    stripped = g_strstrip (g_strdup (code));
  else if (name != NULL && *name != '\0')
    stripped = g_strstrip (g_strdup (name));

  if (stripped == NULL || *stripped == '\0')
    return NULL;

  return g_utf8_casefold (stripped, -1);
}

/* Accesses and attendances */

static void
access_clear (Access *access)
{
  g_clear_pointer (&access->organisation, g_free);
}

static int
access_compare_by_time (gconstpointer a,
                        gconstpointer b)
{
  return g_date_time_compare (((const Access *) a)->recorded, ((const Access *) b)->recorded);
}

/* The accesses of @events up to @now (the events stay in @events), oldest
 * first */
static GArray *
collect_accesses (GListModel *events,
                  GDateTime  *now)
{
  GArray *accesses = g_array_new (FALSE, TRUE, sizeof (Access));
  guint n_items = g_list_model_get_n_items (events);

  g_array_set_clear_func (accesses, (GDestroyNotify) access_clear);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CpisAccessEvent) event = g_list_model_get_item (events, i);
      g_autoptr(GDateTime) uk = NULL;
      GDateTime *recorded;
      Access access = { NULL, NULL, { 0, } };

      if (!CPIS_IS_ACCESS_EVENT (event))
        continue;

      recorded = cpis_access_event_get_recorded (event);
      if (recorded == NULL || g_date_time_compare (recorded, now) > 0)
        continue;

      uk = g_date_time_to_timezone (recorded, cpis_date_uk_time_zone ());
      if (uk == NULL)
        continue;

      access.recorded = recorded;
      access.organisation = organisation_key (event);
      g_date_clear (&access.uk_date, 1);
      g_date_set_dmy (&access.uk_date,
                      (GDateDay) g_date_time_get_day_of_month (uk),
                      (GDateMonth) g_date_time_get_month (uk),
                      (GDateYear) g_date_time_get_year (uk));
      g_array_append_val (accesses, access);
    }

  g_array_sort (accesses, access_compare_by_time);
  return accesses;
}

/* @accesses (oldest first) gathered into attendances, in the order they
 * began. The attendances point into @accesses. */
static GArray *
collect_attendances (GArray *accesses)
{
  GArray *attendances = g_array_new (FALSE, TRUE, sizeof (Attendance));
  g_autoptr(GHashTable) latest = NULL;  /* organisation → index + 1 of its latest attendance */
  const GTimeSpan span = (GTimeSpan) CPIS_PATTERN_SAME_ATTENDANCE_HOURS * G_TIME_SPAN_HOUR;

  latest = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < accesses->len; i++)
    {
      const Access *access = &g_array_index (accesses, Access, i);
      Attendance attendance = { access->recorded, access->recorded, access->organisation };

      if (access->organisation != NULL)
        {
          guint index = GPOINTER_TO_UINT (g_hash_table_lookup (latest, access->organisation));

          if (index > 0)
            {
              Attendance *current = &g_array_index (attendances, Attendance, index - 1);

              /* chained: within the span of the previous access from there */
              if (g_date_time_difference (access->recorded, current->last) <= span)
                {
                  current->last = access->recorded;
                  continue;
                }
            }
        }

      g_array_append_val (attendances, attendance);
      if (access->organisation != NULL)
        g_hash_table_insert (latest, (gpointer) access->organisation,
                             GUINT_TO_POINTER (attendances->len));
    }

  return attendances;
}

/* Whether a count reaching back to @start may miss accesses the history
 * holds: the history is cut, and its oldest access given is not before @start */
static gboolean
reaches_past_history (GArray    *accesses,
                      GDateTime *start,
                      gboolean   history_is_partial)
{
  return history_is_partial && accesses->len > 0 &&
         g_date_time_compare (g_array_index (accesses, Access, 0).recorded, start) >= 0;
}

/* The two rules of recent weeks */

/* Counts into @window (its days set) the attendances of [@now - days, @now] */
static void
count_window (CpisAccessPatternWindow *window,
              GArray                  *accesses,
              GArray                  *attendances,
              GDateTime               *now,
              gboolean                 history_is_partial)
{
  g_autoptr(GDateTime) start = g_date_time_add_days (now, -window->days);
  g_autoptr(GHashTable) organisations = NULL;  /* casefolded key (not owned) → NULL */

  organisations = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < attendances->len; i++)
    {
      const Attendance *attendance = &g_array_index (attendances, Attendance, i);

      /* its accesses run up to its last, which is not after now */
      if (g_date_time_compare (attendance->last, start) < 0)
        continue;

      window->attendances++;
      if (attendance->organisation != NULL)
        g_hash_table_add (organisations, (gpointer) attendance->organisation);
    }

  window->organisations = g_hash_table_size (organisations);
  window->at_least = reaches_past_history (accesses, start, history_is_partial);
}

/* Returns TRUE when a rule that fired counted every attendance up to @now */
static gboolean
find_recent_windows (CpisAccessPattern *pattern,
                     GArray            *accesses,
                     GArray            *attendances,
                     GDateTime         *now,
                     gboolean           history_is_partial)
{
  gboolean every_attendance = FALSE;

  pattern->visits.days = CPIS_PATTERN_VISITS_DAYS;
  pattern->organisations.days = CPIS_PATTERN_ORGANISATIONS_DAYS;
  count_window (&pattern->visits, accesses, attendances, now, history_is_partial);
  count_window (&pattern->organisations, accesses, attendances, now, history_is_partial);

  if (pattern->visits.attendances >= CPIS_PATTERN_VISITS)
    {
      pattern->rules |= CPIS_ACCESS_PATTERN_RULE_VISITS;
      every_attendance = every_attendance || pattern->visits.attendances == attendances->len;
    }
  if (pattern->organisations.organisations >= CPIS_PATTERN_ORGANISATIONS)
    {
      pattern->rules |= CPIS_ACCESS_PATTERN_RULE_ORGANISATIONS;
      every_attendance = every_attendance ||
                         pattern->organisations.attendances == attendances->len;
    }

  return every_attendance;
}

/* The whole history */

/* Whether @earlier and @later (not before it) were on the same day: the
 * same UK calendar day, or one evening and night across midnight */
static gboolean
same_day (const Access *earlier,
          const Access *later)
{
  GTimeSpan apart = g_date_time_difference (later->recorded, earlier->recorded);

  return g_date_compare (&earlier->uk_date, &later->uk_date) == 0 ||
         apart <= (GTimeSpan) CPIS_PATTERN_SAME_DAY_NIGHT_HOURS * G_TIME_SPAN_HOUR;
}

/* The most recent day with accesses from several organisations: the latest
 * access with an earlier one from another organisation on the same day, and
 * every access of that day before it */
static void
find_same_day (CpisAccessPattern *pattern,
               GArray            *accesses)
{
  for (guint i = accesses->len; i-- > 0;)
    {
      const Access *last = &g_array_index (accesses, Access, i);
      g_autoptr(GHashTable) organisations = NULL;
      guint first = i;
      guint n_organisations;

      if (last->organisation == NULL)
        continue;

      organisations = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_add (organisations, last->organisation);

      /* Sorted oldest first: once an earlier access is not on the same
       * day, none before it is */
      for (guint j = i; j-- > 0;)
        {
          const Access *earlier = &g_array_index (accesses, Access, j);

          if (!same_day (earlier, last))
            break;
          if (earlier->organisation == NULL)
            continue;
          g_hash_table_add (organisations, earlier->organisation);
          first = j;
        }

      n_organisations = g_hash_table_size (organisations);
      if (n_organisations < CPIS_PATTERN_SAME_DAY_ORGANISATIONS)
        continue;

      pattern->rules |= CPIS_ACCESS_PATTERN_RULE_SAME_DAY;
      pattern->same_day.organisations = n_organisations;
      pattern->same_day.first = g_date_time_ref (g_array_index (accesses, Access, first).recorded);
      pattern->same_day.last = g_date_time_ref (last->recorded);
      return;
    }
}

static void
find_frequent (CpisAccessPattern *pattern,
               GArray            *accesses,
               GArray            *attendances,
               gboolean           history_is_partial)
{
  if (attendances->len < CPIS_PATTERN_FREQUENT)
    return;

  pattern->rules |= CPIS_ACCESS_PATTERN_RULE_FREQUENT;
  pattern->frequent.attendances = attendances->len;
  pattern->frequent.first = g_array_index (accesses, Access, 0).uk_date;
  pattern->frequent.last = g_array_index (accesses, Access, accesses->len - 1).uk_date;
  pattern->frequent.at_least = history_is_partial;
}

/* Public API */

G_DEFINE_BOXED_TYPE (CpisAccessPattern, cpis_access_pattern,
                     cpis_access_pattern_copy, cpis_access_pattern_free)

CpisAccessPattern *
cpis_access_pattern_describe (GListModel *events,
                              GDateTime  *now,
                              gboolean    history_is_partial)
{
  g_autoptr(GArray) accesses = NULL;
  g_autoptr(GArray) attendances = NULL;
  g_autoptr(CpisAccessPattern) pattern = NULL;
  gboolean counts_every_attendance;

  g_return_val_if_fail (G_IS_LIST_MODEL (events), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  accesses = collect_accesses (events, now);
  attendances = collect_attendances (accesses);

  pattern = g_new0 (CpisAccessPattern, 1);
  g_date_clear (&pattern->frequent.first, 1);
  g_date_clear (&pattern->frequent.last, 1);

  counts_every_attendance = find_recent_windows (pattern, accesses, attendances, now,
                                                 history_is_partial);
  find_same_day (pattern, accesses);
  if (!counts_every_attendance)
    find_frequent (pattern, accesses, attendances, history_is_partial);

  if (pattern->rules == 0)
    return NULL;

  return g_steal_pointer (&pattern);
}

CpisAccessPattern *
cpis_access_pattern_copy (const CpisAccessPattern *pattern)
{
  CpisAccessPattern *copy;

  g_return_val_if_fail (pattern != NULL, NULL);

  copy = g_memdup2 (pattern, sizeof *pattern);
  if (copy->same_day.first != NULL)
    g_date_time_ref (copy->same_day.first);
  if (copy->same_day.last != NULL)
    g_date_time_ref (copy->same_day.last);

  return copy;
}

void
cpis_access_pattern_free (CpisAccessPattern *pattern)
{
  if (pattern == NULL)
    return;

  g_clear_pointer (&pattern->same_day.first, g_date_time_unref);
  g_clear_pointer (&pattern->same_day.last, g_date_time_unref);
  g_free (pattern);
}
