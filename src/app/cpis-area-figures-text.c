/* cpis-area-figures-text.c: an area's figures in words */

#include <glib/gi18n.h>

#include "cpis-area-figures-text.h"

#include "cpis-bar-chart.h"
#include "cpis-date.h"
#include "cpis-line-chart.h"

char *
cpis_area_count_text (gint64 count)
{
  if (count == CPIS_MEASURE_SUPPRESSED)
    return g_strdup (_("fewer than 5"));
  if (count == CPIS_MEASURE_HIDDEN)
    /* Translators: a count withheld with one fewer than 5, which it could give away */
    return g_strdup (_("hidden"));
  if (count < 0)
    return g_strdup (_("not given"));
  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

/* "5 of 6" */
static char *
count_of_text (const CpisMeasureGroup *group)
{
  g_autofree char *count = NULL;
  g_autofree char *denominator = NULL;

  if (group == NULL)
    return g_strdup (_("not given"));
  count = cpis_area_count_text (group->count);
  denominator = cpis_area_count_text (group->denominator);
  /* Translators: a figure out of a total, "5 of 6" */
  return g_strdup_printf (_("%s of %s"), count, denominator);
}

/* "1 h 37 min", "2 days 3 h", "14 min" */
static char *
minutes_text (gint64 minutes)
{
  int days = (int) MIN (minutes / (24 * 60), G_MAXINT);

  if (minutes == CPIS_MEASURE_SUPPRESSED)
    return g_strdup (_("not shown: fewer than 5 acted on"));
  if (minutes < 0)
    return g_strdup (_("not given"));
  if (minutes < 60)
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (minutes < 24 * 60)
    return g_strdup_printf (_("%d h %d min"), (int) (minutes / 60), (int) (minutes % 60));
  return g_strdup_printf (g_dngettext (NULL, "%d day %d h", "%d days %d h", days), days,
                          (int) ((minutes % (24 * 60)) / 60));
}

static const struct
{
  const char *code;
  const char *words;
} setting_kinds[] = {
  { "emergency-department", N_("Emergency department") },
  { "urgent-treatment-centre", N_("Urgent treatment centre") },
  { "minor-injury-unit", N_("Minor injury unit") },
  { "walk-in-centre", N_("Walk-in centre") },
  { "gp-out-of-hours", N_("GP out of hours") },
  { "nhs-111", N_("NHS 111") },
  { "ambulance", N_("Ambulance service") },
  { "maternity", N_("Maternity unit") },
  { "paediatric-ward", N_("Paediatric ward") },
  { "other", N_("Other unscheduled care") },
};

static const char *
setting_kind_words (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (setting_kinds); i++)
    if (g_strcmp0 (code, setting_kinds[i].code) == 0)
      return _(setting_kinds[i].words);
  return code != NULL ? code : _("Unscheduled care");
}

static const CpisMeasureGroup *
group_of (CpisMeasureReport *report,
          const char        *code)
{
  return report != NULL ? cpis_measure_report_lookup_group (report, code) : NULL;
}

static const CpisMeasureStratifier *
stratifier_of (const CpisMeasureGroup *group,
               const char             *code)
{
  return group != NULL ? cpis_measure_group_lookup_stratifier (group, code) : NULL;
}

static gint64
count_of (const CpisMeasureGroup *group)
{
  return group != NULL ? group->count : CPIS_MEASURE_NO_COUNT;
}

/* Headlines ----------------------------------------------------------------- */

static const char *const headline_captions[CPIS_AREA_N_HEADLINES] = {
  N_("Local authorities live"),
  N_("Settings live"),
  N_("Plans uploaded"),
  N_("Attendances this period"),
  N_("Children on plans now"),
  N_("The area's children seen elsewhere"),
  N_("Repeat attendance"),
  N_("Median time to first action"),
  N_("Not acted on within 2 working days"),
};

const char *
cpis_area_headline_caption (guint index)
{
  g_return_val_if_fail (index < CPIS_AREA_N_HEADLINES, NULL);

  return _(headline_captions[index]);
}

static void
headline_free (gpointer data)
{
  CpisAreaHeadline *headline = data;

  g_free (headline->value);
  g_free (headline->detail);
  g_free (headline);
}

static void
add_headline (GPtrArray *headlines,
              char      *value,
              char      *detail)
{
  CpisAreaHeadline *headline = g_new0 (CpisAreaHeadline, 1);

  headline->caption = cpis_area_headline_caption (headlines->len);
  headline->value = value;
  headline->detail = detail;
  g_ptr_array_add (headlines, headline);
}

GPtrArray *
cpis_area_headlines (CpisMeasureReport *report)
{
  GPtrArray *headlines = g_ptr_array_new_with_free_func (headline_free);
  const CpisMeasureGroup *median = group_of (report, "follow-up-median");
  const CpisMeasureGroup *p90 = group_of (report, "follow-up-p90");
  g_autofree char *at_start = cpis_area_count_text (count_of (group_of (report, "plans-at-start")));
  g_autofree char *visiting = cpis_area_count_text (count_of (group_of (report, "out-of-area-visiting")));
  g_autofree char *p90_text = minutes_text (p90 != NULL ? p90->score : CPIS_MEASURE_NO_COUNT);

  add_headline (headlines, count_of_text (group_of (report, "las-live")),
                g_strdup (_("holding plans at the period's end")));
  add_headline (headlines, count_of_text (group_of (report, "settings-live")),
                g_strdup (_("made a CP-IS check in the period")));
  add_headline (headlines, cpis_area_count_text (count_of (group_of (report, "plans-uploaded"))), NULL);
  add_headline (headlines, cpis_area_count_text (count_of (group_of (report, "attendances"))),
                g_strdup (_("unscheduled checks at the area's settings")));
  add_headline (headlines, cpis_area_count_text (count_of (group_of (report, "plans-now"))),
                g_strdup_printf (_("%s at the period's start"), at_start));
  add_headline (headlines, cpis_area_count_text (count_of (group_of (report, "out-of-area-away"))),
                g_strdup_printf (_("%s other areas' children seen here"), visiting));
  add_headline (headlines, count_of_text (group_of (report, "repeat-attendance")),
                g_strdup (_("children who attended, with 3 or more attendances in 30 days")));
  add_headline (headlines, minutes_text (median != NULL ? median->score : CPIS_MEASURE_NO_COUNT),
                g_strdup_printf (_("90%% within %s"), p90_text));
  add_headline (headlines, count_of_text (group_of (report, "open-after-2-working-days")),
                g_strdup (_("notifications due in the period, bank holidays counted")));
  g_assert (headlines->len == CPIS_AREA_N_HEADLINES);
  return headlines;
}

/* Charts -------------------------------------------------------------------- */

const char *
cpis_area_chart_title (CpisAreaChart chart)
{
  switch (chart)
    {
    case CPIS_AREA_CHART_WEEKS:
      return _("Attendances per week");
    case CPIS_AREA_CHART_KINDS:
      return _("Attendances by kind of setting");
    case CPIS_AREA_CHART_PLANS:
      return _("Children on plans, by plan type");
    case CPIS_AREA_CHART_FOLLOW_UP:
      return _("Time to the LA's first action");
    case CPIS_AREA_N_CHARTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

GtkWidget *
cpis_area_chart_new (CpisAreaChart chart)
{
  switch (chart)
    {
    case CPIS_AREA_CHART_WEEKS:
      return cpis_line_chart_new ();
    case CPIS_AREA_CHART_PLANS:
      return cpis_bar_chart_new_stacked ();
    case CPIS_AREA_CHART_KINDS:
    case CPIS_AREA_CHART_FOLLOW_UP:
      return cpis_bar_chart_new ();
    case CPIS_AREA_N_CHARTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Plans at the period's start and end, by type, stacked */
static CpisChartData *
plans_data (CpisMeasureReport *report)
{
  const CpisMeasureStratifier *now = stratifier_of (group_of (report, "plans-now"), "plan-type");
  const CpisMeasureStratifier *start = stratifier_of (group_of (report, "plans-at-start"), "plan-type");
  CpisChartData *data;
  guint at_start, at_end;

  if (now == NULL || start == NULL)
    return NULL;
  data = cpis_chart_data_new (cpis_area_chart_title (CPIS_AREA_CHART_PLANS), _("child"), _("children"));
  at_start = cpis_chart_data_add_category (data, _("Period start"));
  at_end = cpis_chart_data_add_category (data, _("Period end"));
  for (guint i = 0; i < now->strata->len; i++)
    {
      const CpisMeasureStratum *stratum = g_ptr_array_index (now->strata, i);
      guint series = cpis_chart_data_add_series (data, stratum->text != NULL ? stratum->text : stratum->value);

      cpis_chart_data_set_value (data, series, at_end, stratum->count);
      for (guint j = 0; j < start->strata->len; j++)
        {
          const CpisMeasureStratum *before = g_ptr_array_index (start->strata, j);

          if (g_strcmp0 (before->value, stratum->value) == 0)
            cpis_chart_data_set_value (data, series, at_start, before->count);
        }
    }
  return data;
}

/* The figures of @group's stratifier @code, or NULL when the hub gave none */
static CpisChartData *
stratifier_data (CpisMeasureReport *report,
                 const char        *group_code,
                 const char        *stratifier_code,
                 CpisAreaChart      chart,
                 const char        *unit_one,
                 const char        *unit_many)
{
  const CpisMeasureGroup *group = group_of (report, group_code);

  if (group == NULL)
    return NULL;
  return cpis_chart_data_new_from_stratifier (group, stratifier_code, cpis_area_chart_title (chart), unit_one,
                                              unit_many);
}

CpisChartData *
cpis_area_chart_data (CpisMeasureReport *report,
                      CpisAreaChart      chart)
{
  switch (chart)
    {
    case CPIS_AREA_CHART_WEEKS:
      return stratifier_data (report, "attendances", "week", chart, _("attendance"), _("attendances"));
    case CPIS_AREA_CHART_KINDS:
      return stratifier_data (report, "attendances", "setting-kind", chart, _("attendance"), _("attendances"));
    case CPIS_AREA_CHART_PLANS:
      return plans_data (report);
    case CPIS_AREA_CHART_FOLLOW_UP:
      return stratifier_data (report, "follow-up", "time-to-first-action", chart, _("notification"),
                              _("notifications"));
    case CPIS_AREA_N_CHARTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Tables -------------------------------------------------------------------- */

static const CpisMeasureStratum *
stratum_of (const CpisMeasureStratifier *stratifier,
            const char                  *value)
{
  for (guint i = 0; i < stratifier->strata->len; i++)
    {
      const CpisMeasureStratum *stratum = g_ptr_array_index (stratifier->strata, i);

      if (g_strcmp0 (stratum->value, value) == 0)
        return stratum;
    }
  return NULL;
}

GPtrArray *
cpis_area_match_rate_rows (CpisMeasureReport *report)
{
  const CpisMeasureStratifier *uploaded = stratifier_of (group_of (report, "plans-uploaded"), "la");
  const CpisMeasureStratifier *refused = stratifier_of (group_of (report, "uploads-refused"), "la");
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (uploaded == NULL || refused == NULL)
    return rows;

  for (guint i = 0; i < uploaded->strata->len; i++)
    {
      const CpisMeasureStratum *up = g_ptr_array_index (uploaded->strata, i);
      const CpisMeasureStratum *off = stratum_of (refused, up->value);
      g_autofree char *up_text = cpis_area_count_text (up->count);
      g_autofree char *off_text = cpis_area_count_text (off != NULL ? off->count : CPIS_MEASURE_NO_COUNT);
      char **cells = g_new0 (char *, CPIS_AREA_MATCH_RATE_CELLS + 1);

      cells[0] = g_strdup (up->text != NULL ? up->text : up->value);
      cells[1] = g_strdup_printf (_("%s uploaded"), up_text);
      cells[2] = g_strdup_printf (_("%s refused"), off_text);
      if (off == NULL || up->count < 0 || off->count < 0)
        cells[3] = g_strdup (_("Match rate not shown: small numbers"));
      else if (up->count + off->count == 0)
        cells[3] = g_strdup (_("No uploads in the period"));
      else
        {
          double percent = 100.0 * (double) up->count / (double) (up->count + off->count);

          cells[3] = g_strdup_printf (percent >= 95.0 ? _("%.1f%% matched: meets the 95%% target")
                                                      : _("%.1f%% matched: below the 95%% target"),
                                      percent);
        }
      g_ptr_array_add (rows, cells);
    }
  return rows;
}

GPtrArray *
cpis_area_setting_rows (CpisMeasureReport *report)
{
  const CpisMeasureStratifier *settings = stratifier_of (group_of (report, "settings"), "setting");
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (settings == NULL)
    return rows;

  for (guint i = 0; i < settings->strata->len; i++)
    {
      const CpisMeasureStratum *stratum = g_ptr_array_index (settings->strata, i);
      g_autoptr(GDateTime) last = stratum->last_check != NULL
                                  ? g_date_time_new_from_iso8601 (stratum->last_check, NULL)
                                  : NULL;
      g_autofree char *last_text = last != NULL ? cpis_date_time_format_uk (last) : g_strdup (_("Never"));
      g_autofree char *count = cpis_area_count_text (stratum->count);
      char **cells = g_new0 (char *, CPIS_AREA_SETTING_CELLS + 1);

      cells[0] = g_strdup (stratum->text != NULL ? stratum->text : stratum->value);
      cells[1] = g_strdup (setting_kind_words (stratum->kind));
      /* a withheld count is from 1 to 4: a check was made */
      cells[2] = g_strdup (stratum->count != 0 ? _("Live") : _("Not live"));
      cells[3] = g_strdup_printf (_("%s checks"), count);
      cells[4] = g_strdup_printf (_("Last check: %s"), last_text);
      g_ptr_array_add (rows, cells);
    }
  return rows;
}

const char *
cpis_area_suppression_note (void)
{
  return _("Counts from 1 to 4 are shown as “fewer than 5”. Where a total would give one away, another "
           "count is withheld with it and shown as “hidden” (it may be 5 or more), as official statistics "
           "do. Times to first action are elapsed time; weeks run Monday to Sunday, UK time.");
}
