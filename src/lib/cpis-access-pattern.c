/* cpis-access-pattern.c: spotting repeated attendance in an access history
 *
 * Four rules. Two look at recent weeks:
 *  - CPIS_PATTERN_VISITS or more accesses in the last CPIS_PATTERN_VISITS_DAYS days;
 *  - CPIS_PATTERN_ORGANISATIONS or more different organisations in the last
 *    CPIS_PATTERN_ORGANISATIONS_DAYS days.
 * A window is [now - days, now]: both ends count, accesses after @now do not.
 * Two look at the whole history shown (the most recent accesses, however
 * long ago), for patterns too spread out or too quick for the windows:
 *  - the same day at different settings: CPIS_PATTERN_SAME_DAY_ORGANISATIONS or
 *    more different organisations on one calendar day in UK time
 *    (Europe/London, so British Summer Time counts), or at most
 *    CPIS_PATTERN_SAME_DAY_NIGHT_HOURS hours apart across midnight (one
 *    evening and night). The most recent such day is described;
 *  - frequent attendance: CPIS_PATTERN_FREQUENT or more accesses in all, with
 *    the time from the first to the last in words. Left out when a recent
 *    window already counts every access.
 * An access without its practitioner role counts as an access but not as an
 * organisation (we cannot tell where it was).
 *
 * Each rule that fires gives one whole sentence; they follow one another.
 */
#include <glib/gi18n-lib.h>

#include "cpis-access-pattern.h"

#include "cpis-access-event.h"
#include "cpis-date.h"

typedef struct
{
  guint       accesses;
  GHashTable *organisations;  /* casefolded key → NULL */
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

static void
window_add (Window          *window,
            CpisAccessEvent *event)
{
  char *key = organisation_key (event);

  window->accesses++;
  if (key != NULL)
    g_hash_table_add (window->organisations, key);
}

/* The two rules of recent weeks. Sets @counts_every_access when a rule
 * that fired counted every access of @events up to @now. */
static char *
describe_recent_windows (GListModel *events,
                         GDateTime  *now,
                         guint       n_accesses,
                         gboolean   *counts_every_access)
{
  g_autoptr(GDateTime) visits_start = NULL;
  g_autoptr(GDateTime) organisations_start = NULL;
  g_autoptr(GHashTable) visits_organisations = NULL;
  g_autoptr(GHashTable) window_organisations = NULL;
  Window visits = { 0, NULL };
  Window organisations = { 0, NULL };
  gboolean visits_rule, organisations_rule;
  guint n_items;
  guint n_visit_organisations, n_organisations;
  g_autofree char *visits_text = NULL;
  g_autofree char *organisations_text = NULL;

  visits_start = g_date_time_add_days (now, -CPIS_PATTERN_VISITS_DAYS);
  organisations_start = g_date_time_add_days (now, -CPIS_PATTERN_ORGANISATIONS_DAYS);
  visits_organisations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  window_organisations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  visits.organisations = visits_organisations;
  organisations.organisations = window_organisations;

  n_items = g_list_model_get_n_items (events);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CpisAccessEvent) event = g_list_model_get_item (events, i);
      GDateTime *recorded;

      if (!CPIS_IS_ACCESS_EVENT (event))
        continue;

      recorded = cpis_access_event_get_recorded (event);
      if (recorded == NULL || g_date_time_compare (recorded, now) > 0)
        continue;

      if (g_date_time_compare (recorded, visits_start) >= 0)
        window_add (&visits, event);
      if (g_date_time_compare (recorded, organisations_start) >= 0)
        window_add (&organisations, event);
    }

  n_visit_organisations = g_hash_table_size (visits.organisations);
  n_organisations = g_hash_table_size (organisations.organisations);
  visits_rule = visits.accesses >= CPIS_PATTERN_VISITS;
  organisations_rule = n_organisations >= CPIS_PATTERN_ORGANISATIONS;

  if (!visits_rule && !organisations_rule)
    return NULL;

  *counts_every_access = (visits_rule && visits.accesses == n_accesses) ||
                         (organisations_rule && organisations.accesses == n_accesses);

  if (visits_rule)
    {
      /* "4 accesses in the last 30 days" */
      visits_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u access in the last %d days",
                                                  "%u accesses in the last %d days",
                                                  visits.accesses),
                                     visits.accesses, CPIS_PATTERN_VISITS_DAYS);
    }

  if (visits_rule && (!organisations_rule || n_visit_organisations == n_organisations))
    {
      /* Every organisation of the longer window is in the shorter one too */
      if (n_visit_organisations >= 2)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Repeated attendance: %s at %u different organisation.",
                                             "Repeated attendance: %s at %u different organisations.",
                                             n_visit_organisations),
                                visits_text, n_visit_organisations);

      return g_strdup_printf (_("Repeated attendance: %s."), visits_text);
    }

  /* "3 different organisations in the last 90 days" */
  organisations_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u different organisation in the last %d days",
                                                     "%u different organisations in the last %d days",
                                                     n_organisations),
                                        n_organisations, CPIS_PATTERN_ORGANISATIONS_DAYS);

  if (visits_rule)
    return g_strdup_printf (_("Repeated attendance: %s; %s."), visits_text, organisations_text);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Repeated attendance: %u access at %s.",
                                       "Repeated attendance: %u accesses at %s.",
                                       organisations.accesses),
                          organisations.accesses, organisations_text);
}

/* The whole history */

typedef struct
{
  GDateTime *recorded;      /* not owned: the event's */
  char      *organisation;  /* casefolded key, or NULL */
  GDate      uk_date;
} Access;

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

      /* Translators: a length of time, for "Frequent attendance: 12 accesses over %s." */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n), n);
    }
  if (days < 9 * 7)
    {
      guint n = (guint) days / 7;

      /* Translators: a length of time, for "Frequent attendance: 12 accesses over %s." */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u week", "%u weeks", n), n);
    }

  months = months_between (from, to);
  if (months < 24)
    {
      /* Translators: a length of time, for "Frequent attendance: 12 accesses over %s." */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month", "%u months", months),
                              months);
    }

  /* Translators: a length of time, for "Frequent attendance: 12 accesses over %s." */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u year", "%u years", months / 12),
                          months / 12);
}

static char *
describe_frequent (GArray *accesses)
{
  g_autofree char *span = NULL;

  if (accesses->len < CPIS_PATTERN_FREQUENT)
    return NULL;

  span = describe_span (&g_array_index (accesses, Access, 0).uk_date,
                        &g_array_index (accesses, Access, accesses->len - 1).uk_date);

  /* Translators: %s is a length of time, e.g. "14 months" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Frequent attendance: %u access over %s.",
                                       "Frequent attendance: %u accesses over %s.",
                                       accesses->len),
                          accesses->len, span);
}

/* Public API */

char *
cpis_access_pattern_describe (GListModel *events,
                              GDateTime  *now)
{
  g_autoptr(GArray) accesses = NULL;
  g_autofree char *recent = NULL;
  g_autofree char *same = NULL;
  g_autofree char *frequent = NULL;
  gboolean counts_every_access = FALSE;
  const char *sentences[4];
  guint n_sentences = 0;

  g_return_val_if_fail (G_IS_LIST_MODEL (events), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  accesses = collect_accesses (events, now);
  recent = describe_recent_windows (events, now, accesses->len, &counts_every_access);
  same = describe_same_day (accesses);
  if (!counts_every_access)
    frequent = describe_frequent (accesses);

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
