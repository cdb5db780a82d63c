/* cpis-access-pattern-text.c: a repeated-attendance pattern in words
 *
 * The core finds the pattern (cpis_access_pattern_describe: the rules that
 * fired and what they counted); this says it for the clinician, one whole
 * sentence per rule. A sentence with one count is one message, its plural
 * chosen by that count. A sentence with two counts (attendances and
 * organisations, attendances over a length of time) cannot be: gettext
 * chooses a plural by one number only. There the second count is a phrase
 * of its own, with its own plural ("3 different organisations", "14
 * months"), given to a whole-sentence message as a placeholder the
 * translator can move; the translator comments say what it holds.
 */
#include <glib/gi18n.h>

#include "cpis-access-pattern-text-private.h"

#include "cpis-date.h"

/* The two recent windows */

/* "3 different organisations", "3 or more different organisations" */
static char *
organisations_phrase (guint    organisations,
                      gboolean at_least)
{
  if (at_least)
    /* Translators: a count, for "Repeated attendance: at least 13 attendances in
     * the last 30 days at %s." */
    return g_strdup_printf (ngettext ("%u or more different organisation",
                                      "%u or more different organisations", organisations),
                            organisations);

  /* Translators: a count, for "Repeated attendance: 3 attendances in the last 30
   * days at %s." */
  return g_strdup_printf (ngettext ("%u different organisation",
                                    "%u different organisations", organisations),
                          organisations);
}

/* The visits rule, when the wider window adds no organisation: "Repeated
 * attendance: 4 attendances in the last 30 days at 3 different
 * organisations." */
static char *
visits_sentence (const CpisAccessPatternWindow *visits)
{
  guint n = visits->attendances;
  g_autofree char *organisations = NULL;

  if (visits->organisations < 2)
    {
      if (visits->at_least)
        return g_strdup_printf (ngettext ("Repeated attendance: at least %u attendance in the last %d days.",
                                          "Repeated attendance: at least %u attendances in the last %d days.",
                                          n),
                                n, visits->days);

      return g_strdup_printf (ngettext ("Repeated attendance: %u attendance in the last %d days.",
                                        "Repeated attendance: %u attendances in the last %d days.",
                                        n),
                              n, visits->days);
    }

  organisations = organisations_phrase (visits->organisations, visits->at_least);
  if (visits->at_least)
    /* Translators: the last %s is a count of organisations, e.g. "2 or more
     * different organisations" */
    return g_strdup_printf (ngettext ("Repeated attendance: at least %u attendance in the last %d days at %s.",
                                      "Repeated attendance: at least %u attendances in the last %d days at %s.",
                                      n),
                            n, visits->days, organisations);

  /* Translators: the last %s is a count of organisations, e.g. "3 different
   * organisations" */
  return g_strdup_printf (ngettext ("Repeated attendance: %u attendance in the last %d days at %s.",
                                    "Repeated attendance: %u attendances in the last %d days at %s.",
                                    n),
                          n, visits->days, organisations);
}

/* Both rules, the wider window with more organisations: "Repeated
 * attendance: 4 attendances in the last 30 days; 4 different organisations
 * in the last 90 days." */
static char *
both_windows_sentence (const CpisAccessPatternWindow *visits,
                       const CpisAccessPatternWindow *organisations)
{
  g_autofree char *wider = NULL;

  if (organisations->at_least)
    /* Translators: a count, for "Repeated attendance: 4 attendances in the last 30
     * days; %s." */
    wider = g_strdup_printf (ngettext ("%u or more different organisation in the last %d days",
                                       "%u or more different organisations in the last %d days",
                                       organisations->organisations),
                             organisations->organisations, organisations->days);
  else
    /* Translators: a count, for "Repeated attendance: 4 attendances in the last 30
     * days; %s." */
    wider = g_strdup_printf (ngettext ("%u different organisation in the last %d days",
                                       "%u different organisations in the last %d days",
                                       organisations->organisations),
                             organisations->organisations, organisations->days);

  if (visits->at_least)
    /* Translators: the last %s is a count of organisations over a longer time,
     * e.g. "3 or more different organisations in the last 90 days" */
    return g_strdup_printf (ngettext ("Repeated attendance: at least %u attendance in the last %d days; %s.",
                                      "Repeated attendance: at least %u attendances in the last %d days; %s.",
                                      visits->attendances),
                            visits->attendances, visits->days, wider);

  /* Translators: the last %s is a count of organisations over a longer time,
   * e.g. "4 different organisations in the last 90 days" */
  return g_strdup_printf (ngettext ("Repeated attendance: %u attendance in the last %d days; %s.",
                                    "Repeated attendance: %u attendances in the last %d days; %s.",
                                    visits->attendances),
                          visits->attendances, visits->days, wider);
}

/* The organisations rule alone: "Repeated attendance: 4 attendances at 3
 * different organisations in the last 90 days." */
static char *
organisations_sentence (const CpisAccessPatternWindow *window)
{
  guint n = window->attendances;
  g_autofree char *organisations = NULL;

  if (window->at_least)
    {
      /* Translators: a count, for "Repeated attendance: at least 3 attendances
       * at %s." */
      organisations = g_strdup_printf (ngettext ("%u or more different organisation in the last %d days",
                                                 "%u or more different organisations in the last %d days",
                                                 window->organisations),
                                       window->organisations, window->days);
      /* Translators: %s is a count of organisations, e.g. "3 or more different
       * organisations in the last 90 days" */
      return g_strdup_printf (ngettext ("Repeated attendance: at least %u attendance at %s.",
                                        "Repeated attendance: at least %u attendances at %s.",
                                        n),
                              n, organisations);
    }

  /* Translators: a count, for "Repeated attendance: 4 attendances at %s." */
  organisations = g_strdup_printf (ngettext ("%u different organisation in the last %d days",
                                             "%u different organisations in the last %d days",
                                             window->organisations),
                                   window->organisations, window->days);
  /* Translators: %s is a count of organisations, e.g. "3 different
   * organisations in the last 90 days" */
  return g_strdup_printf (ngettext ("Repeated attendance: %u attendance at %s.",
                                    "Repeated attendance: %u attendances at %s.",
                                    n),
                          n, organisations);
}

static char *
recent_sentence (const CpisAccessPattern *pattern)
{
  gboolean visits = (pattern->rules & CPIS_ACCESS_PATTERN_RULE_VISITS) != 0;
  gboolean organisations = (pattern->rules & CPIS_ACCESS_PATTERN_RULE_ORGANISATIONS) != 0;

  /* Every organisation of the longer window is in the shorter one too: said once */
  if (visits && (!organisations ||
                 pattern->visits.organisations == pattern->organisations.organisations))
    return visits_sentence (&pattern->visits);
  if (visits)
    return both_windows_sentence (&pattern->visits, &pattern->organisations);
  if (organisations)
    return organisations_sentence (&pattern->organisations);

  return NULL;
}

/* The whole history */

static char *
same_day_sentence (const CpisAccessPatternSameDay *same_day)
{
  g_autofree char *from = cpis_date_time_format_uk (same_day->first);
  g_autofree char *to = cpis_date_time_format_uk (same_day->last);

  /* Translators: the moments are in UK time, e.g. "Tue 14 Jul 2026, 19:30" */
  return g_strdup_printf (ngettext ("Same-day attendance at different settings: %u organisation "
                                    "between %s and %s.",
                                    "Same-day attendance at different settings: %u organisations "
                                    "between %s and %s.",
                                    same_day->organisations),
                          same_day->organisations, from, to);
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
span_phrase (const GDate *from,
             const GDate *to)
{
  int days = cpis_date_days_between (from, to);
  guint months;

  if (days < 14)
    {
      guint n = (guint) MAX (days, 1);

      /* Translators: a length of time, for "Frequent attendance: 12 attendances over %s." */
      return g_strdup_printf (ngettext ("%u day", "%u days", n), n);
    }
  if (days < 9 * 7)
    {
      guint n = (guint) days / 7;

      /* Translators: a length of time, for "Frequent attendance: 12 attendances over %s." */
      return g_strdup_printf (ngettext ("%u week", "%u weeks", n), n);
    }

  months = months_between (from, to);
  if (months < 24)
    /* Translators: a length of time, for "Frequent attendance: 12 attendances over %s." */
    return g_strdup_printf (ngettext ("%u month", "%u months", months), months);

  /* Translators: a length of time, for "Frequent attendance: 12 attendances over %s." */
  return g_strdup_printf (ngettext ("%u year", "%u years", months / 12), months / 12);
}

static char *
frequent_sentence (const CpisAccessPatternFrequent *frequent)
{
  guint n = frequent->attendances;
  g_autofree char *span = NULL;

  if (frequent->at_least)
    {
      g_autofree char *iso = cpis_date_to_string (&frequent->first);
      g_autofree char *since = cpis_date_format_uk (iso);

      /* Translators: %s is a date, e.g. "3 March 2025": the oldest access the
       * hub still answers; older ones may have been left out */
      return g_strdup_printf (ngettext ("Frequent attendance: at least %u attendance since %s.",
                                        "Frequent attendance: at least %u attendances since %s.",
                                        n),
                              n, since);
    }

  span = span_phrase (&frequent->first, &frequent->last);

  /* Translators: %s is a length of time, e.g. "14 months" */
  return g_strdup_printf (ngettext ("Frequent attendance: %u attendance over %s.",
                                    "Frequent attendance: %u attendances over %s.",
                                    n),
                          n, span);
}

char *
_cpis_access_pattern_to_text (const CpisAccessPattern *pattern)
{
  g_autofree char *recent = NULL;
  g_autofree char *same_day = NULL;
  g_autofree char *frequent = NULL;
  const char *sentences[4];
  guint n_sentences = 0;

  g_return_val_if_fail (pattern != NULL, NULL);

  recent = recent_sentence (pattern);
  if (pattern->rules & CPIS_ACCESS_PATTERN_RULE_SAME_DAY)
    same_day = same_day_sentence (&pattern->same_day);
  if (pattern->rules & CPIS_ACCESS_PATTERN_RULE_FREQUENT)
    frequent = frequent_sentence (&pattern->frequent);

  if (recent != NULL)
    sentences[n_sentences++] = recent;
  if (same_day != NULL)
    sentences[n_sentences++] = same_day;
  if (frequent != NULL)
    sentences[n_sentences++] = frequent;
  sentences[n_sentences] = NULL;

  /* Whole sentences, one after another */
  return g_strjoinv (" ", (char **) sentences);
}
