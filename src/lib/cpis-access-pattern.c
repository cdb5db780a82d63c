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
 * is a lower bound and says so: "at least 12 attendances since 3 March
 * 2025", "at least 4 attendances in the last 30 days", "3 or more different
 * organisations", never "12 attendances over 9 months" as if that were all.
 *
 * Each rule that fires gives one whole sentence; they follow one another.
 */
#include <glib/gi18n-lib.h>

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

typedef struct
{
  guint       attendances;
  GHashTable *organisations;  /* casefolded key (not owned) → NULL */
  gboolean    cut;            /* the history may hold more of it than was given */
} Window;

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

static void
window_count (Window    *window,
              GArray    *attendances,
              GDateTime *start)
{
  for (guint i = 0; i < attendances->len; i++)
    {
      const Attendance *attendance = &g_array_index (attendances, Attendance, i);

      /* its accesses run up to its last, which is not after now */
      if (g_date_time_compare (attendance->last, start) < 0)
        continue;

      window->attendances++;
      if (attendance->organisation != NULL)
        g_hash_table_add (window->organisations, (gpointer) attendance->organisation);
    }
}

/* Sets @counts_every_attendance when a rule that fired counted every
 * attendance up to @now */
static char *
describe_recent_windows (GArray    *accesses,
                         GArray    *attendances,
                         GDateTime *now,
                         gboolean   history_is_partial,
                         gboolean  *counts_every_attendance)
{
  g_autoptr(GDateTime) visits_start = NULL;
  g_autoptr(GDateTime) organisations_start = NULL;
  g_autoptr(GHashTable) visits_organisations = NULL;
  g_autoptr(GHashTable) window_organisations = NULL;
  Window visits = { 0, NULL, FALSE };
  Window organisations = { 0, NULL, FALSE };
  gboolean visits_rule, organisations_rule;
  guint n_visit_organisations, n_organisations;
  g_autofree char *visits_text = NULL;
  g_autofree char *organisations_text = NULL;

  visits_start = g_date_time_add_days (now, -CPIS_PATTERN_VISITS_DAYS);
  organisations_start = g_date_time_add_days (now, -CPIS_PATTERN_ORGANISATIONS_DAYS);
  visits_organisations = g_hash_table_new (g_str_hash, g_str_equal);
  window_organisations = g_hash_table_new (g_str_hash, g_str_equal);
  visits.organisations = visits_organisations;
  organisations.organisations = window_organisations;
  visits.cut = reaches_past_history (accesses, visits_start, history_is_partial);
  organisations.cut = reaches_past_history (accesses, organisations_start, history_is_partial);

  window_count (&visits, attendances, visits_start);
  window_count (&organisations, attendances, organisations_start);

  n_visit_organisations = g_hash_table_size (visits.organisations);
  n_organisations = g_hash_table_size (organisations.organisations);
  visits_rule = visits.attendances >= CPIS_PATTERN_VISITS;
  organisations_rule = n_organisations >= CPIS_PATTERN_ORGANISATIONS;

  if (!visits_rule && !organisations_rule)
    return NULL;

  *counts_every_attendance = (visits_rule && visits.attendances == attendances->len) ||
                             (organisations_rule && organisations.attendances == attendances->len);

  if (visits_rule && visits.cut)
    {
      /* "at least 4 attendances in the last 30 days" */
      visits_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "at least %u attendance in the last %d days",
                                                  "at least %u attendances in the last %d days",
                                                  visits.attendances),
                                     visits.attendances, CPIS_PATTERN_VISITS_DAYS);
    }
  else if (visits_rule)
    {
      /* "4 attendances in the last 30 days" */
      visits_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u attendance in the last %d days",
                                                  "%u attendances in the last %d days",
                                                  visits.attendances),
                                     visits.attendances, CPIS_PATTERN_VISITS_DAYS);
    }

  if (visits_rule && (!organisations_rule || n_visit_organisations == n_organisations))
    {
      /* Every organisation of the longer window is in the shorter one too */
      if (n_visit_organisations >= 2 && visits.cut)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Repeated attendance: %s at %u or more different organisation.",
                                             "Repeated attendance: %s at %u or more different organisations.",
                                             n_visit_organisations),
                                visits_text, n_visit_organisations);
      if (n_visit_organisations >= 2)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Repeated attendance: %s at %u different organisation.",
                                             "Repeated attendance: %s at %u different organisations.",
                                             n_visit_organisations),
                                visits_text, n_visit_organisations);

      return g_strdup_printf (_("Repeated attendance: %s."), visits_text);
    }

  if (organisations.cut)
    {
      /* "3 or more different organisations in the last 90 days" */
      organisations_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%u or more different organisation in the last %d days",
                                                         "%u or more different organisations in the last %d days",
                                                         n_organisations),
                                            n_organisations, CPIS_PATTERN_ORGANISATIONS_DAYS);
    }
  else
    {
      /* "3 different organisations in the last 90 days" */
      organisations_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%u different organisation in the last %d days",
                                                         "%u different organisations in the last %d days",
                                                         n_organisations),
                                            n_organisations, CPIS_PATTERN_ORGANISATIONS_DAYS);
    }

  if (visits_rule)
    return g_strdup_printf (_("Repeated attendance: %s; %s."), visits_text, organisations_text);

  if (organisations.cut)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Repeated attendance: at least %u attendance at %s.",
                                         "Repeated attendance: at least %u attendances at %s.",
                                         organisations.attendances),
                            organisations.attendances, organisations_text);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Repeated attendance: %u attendance at %s.",
                                       "Repeated attendance: %u attendances at %s.",
                                       organisations.attendances),
                          organisations.attendances, organisations_text);
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
static char *
describe_same_day (GArray *accesses)
{
  for (guint i = accesses->len; i-- > 0;)
    {
      const Access *last = &g_array_index (accesses, Access, i);
      g_autoptr(GHashTable) organisations = NULL;
      guint first = i;
      guint n_organisations;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

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

      from = cpis_date_time_format_uk (g_array_index (accesses, Access, first).recorded);
      to = cpis_date_time_format_uk (last->recorded);

      /* Translators: the moments are in UK time, e.g. "Tue 14 Jul 2026, 19:30" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Same-day attendance at different settings: %u organisation "
                                           "between %s and %s.",
                                           "Same-day attendance at different settings: %u organisations "
                                           "between %s and %s.",
                                           n_organisations),
                              n_organisations, from, to);
    }

  return NULL;
}

/* Whole months from @from to @to (not before it) */
static guint
months_between (const GDate *from,
                const GDate *to)
{
  int months = ((int) g_date_get_year (to) - (int) g_date_get_year (from)) * 12 +
               ((int) g_date_get_month (to) - (int) g_date_get_month (from));

  if (g_date_get_day (to) < g_date_get_day (from))
    months--;

  return (guint) MAX (months, 0);
}

/* The time from @from to @to in words, rounded down to days (under two
 * weeks), weeks (under nine), months (under two years) or years: "14 months" */
static char *
describe_span (const GDate *from,
               const GDate *to)
{
  int days = cpis_date_days_between (from, to);
  guint months;

  if (days < 14)
    {
      guint n = (guint) MAX (days, 1);

      /* Translators: a length of time, for "Frequent attendance: 12 attendances over %s." */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n), n);
    }
  if (days < 9 * 7)
    {
      guint n = (guint) days / 7;

      /* Translators: a length of time, for "Frequent attendance: 12 attendances over %s." */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u week", "%u weeks", n), n);
    }

  months = months_between (from, to);
  if (months < 24)
    {
      /* Translators: a length of time, for "Frequent attendance: 12 attendances over %s." */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month", "%u months", months),
                              months);
    }

  /* Translators: a length of time, for "Frequent attendance: 12 attendances over %s." */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u year", "%u years", months / 12),
                          months / 12);
}

static char *
describe_frequent (GArray   *accesses,
                   GArray   *attendances,
                   gboolean  history_is_partial)
{
  const GDate *oldest;
  g_autofree char *span = NULL;

  if (attendances->len < CPIS_PATTERN_FREQUENT)
    return NULL;

  oldest = &g_array_index (accesses, Access, 0).uk_date;

  if (history_is_partial)
    {
      g_autofree char *iso = cpis_date_to_string (oldest);
      g_autofree char *since = cpis_date_format_uk (iso);

      /* Translators: %s is a date, e.g. "3 March 2025": the oldest access the
       * hub still answers; older ones may have been left out */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Frequent attendance: at least %u attendance since %s.",
                                           "Frequent attendance: at least %u attendances since %s.",
                                           attendances->len),
                              attendances->len, since);
    }

  span = describe_span (oldest, &g_array_index (accesses, Access, accesses->len - 1).uk_date);

  /* Translators: %s is a length of time, e.g. "14 months" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Frequent attendance: %u attendance over %s.",
                                       "Frequent attendance: %u attendances over %s.",
                                       attendances->len),
                          attendances->len, span);
}

/* Public API */

char *
cpis_access_pattern_describe (GListModel *events,
                              GDateTime  *now,
                              gboolean    history_is_partial)
{
  g_autoptr(GArray) accesses = NULL;
  g_autoptr(GArray) attendances = NULL;
  g_autofree char *recent = NULL;
  g_autofree char *same = NULL;
  g_autofree char *frequent = NULL;
  gboolean counts_every_attendance = FALSE;
  const char *sentences[4];
  guint n_sentences = 0;

  g_return_val_if_fail (G_IS_LIST_MODEL (events), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  accesses = collect_accesses (events, now);
  attendances = collect_attendances (accesses);
  recent = describe_recent_windows (accesses, attendances, now, history_is_partial,
                                    &counts_every_attendance);
  same = describe_same_day (accesses);
  if (!counts_every_attendance)
    frequent = describe_frequent (accesses, attendances, history_is_partial);

  if (recent != NULL)
    sentences[n_sentences++] = recent;
  if (same != NULL)
    sentences[n_sentences++] = same;
  if (frequent != NULL)
    sentences[n_sentences++] = frequent;

  if (n_sentences == 0)
    return NULL;
  if (n_sentences == 1)
    return g_strdup (sentences[0]);

  /* Whole sentences, one after another */
  sentences[n_sentences] = NULL;
  return g_strjoinv (" ", (char **) sentences);
}
