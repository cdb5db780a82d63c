/* cpis-hub-area-figures.c: an area's figures for a period
 *
 * Periods are UK days: from midnight (Europe/London) on the first day to
 * midnight after the last, so a day around a clock change is 23 or 25
 * hours and weeks start on Monday at midnight UK time. Each figure comes
 * from one pass over an index range of one LA or one setting (see
 * cpis-hub-store-figures.h); nothing about a child leaves this file but
 * counts.
 */
#include "cpis-hub-area-figures.h"

#include <stdlib.h>

#include "cpis-date.h"
#include "cpis-hub-setting-kind.h"
#include "cpis-hub-store-figures.h"
#include "cpis-hub-suppression.h"
#include "cpis-plan-type.h"
#include "cpis-working-days.h"

#define MINUTE_USEC  (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))
#define HOUR_USEC    (MINUTE_USEC * 60)
#define DAY_USEC     (HOUR_USEC * 24)
/* Repeat attendance: 3 attendances within 30 days */
#define REPEAT_ATTENDANCES 3
#define REPEAT_WINDOW_DAYS 30
#define FOLLOW_UP_WORKING_DAYS 2

/* ------------------------------------------------------------------------ */
/* Records */

static void
stratum_free (CpisHubFigureStratum *stratum)
{
  g_free (stratum->value);
  g_free (stratum->text);
  g_free (stratum->kind);
  g_free (stratum);
}

static void
stratifier_free (CpisHubFigureStratifier *stratifier)
{
  g_ptr_array_unref (stratifier->strata);
  g_free (stratifier);
}

static void
group_free (CpisHubFigureGroup *group)
{
  g_ptr_array_unref (group->stratifiers);
  g_free (group);
}

void
cpis_hub_area_figures_free (CpisHubAreaFigures *figures)
{
  if (figures == NULL)
    return;
  g_free (figures->area);
  g_ptr_array_unref (figures->groups);
  g_free (figures);
}

static CpisHubFigureGroup *
add_group (CpisHubAreaFigures *figures,
           const char         *code,
           const char         *display,
           gboolean            of_children)
{
  CpisHubFigureGroup *group = g_new0 (CpisHubFigureGroup, 1);

  group->code = code;
  group->display = display;
  group->count = CPIS_HUB_FIGURE_NONE;
  group->denominator = CPIS_HUB_FIGURE_NONE;
  group->score = CPIS_HUB_FIGURE_NONE;
  group->of_children = of_children;
  group->stratifiers = g_ptr_array_new_with_free_func ((GDestroyNotify) stratifier_free);
  g_ptr_array_add (figures->groups, group);
  return group;
}

static CpisHubFigureStratifier *
add_stratifier (CpisHubFigureGroup *group,
                const char         *code,
                const char         *display)
{
  CpisHubFigureStratifier *stratifier = g_new0 (CpisHubFigureStratifier, 1);

  stratifier->code = code;
  stratifier->display = display;
  stratifier->strata = g_ptr_array_new_with_free_func ((GDestroyNotify) stratum_free);
  g_ptr_array_add (group->stratifiers, stratifier);
  return stratifier;
}

static CpisHubFigureStratum *
add_stratum (CpisHubFigureStratifier *stratifier,
             const char              *value,
             const char              *text,
             gint64                   count)
{
  CpisHubFigureStratum *stratum = g_new0 (CpisHubFigureStratum, 1);

  stratum->value = g_strdup (value);
  stratum->text = g_strdup (text);
  stratum->count = count;
  g_ptr_array_add (stratifier->strata, stratum);
  return stratum;
}

const CpisHubFigureGroup *
cpis_hub_area_figures_lookup_group (const CpisHubAreaFigures *figures,
                                    const char               *code)
{
  for (guint i = 0; i < figures->groups->len; i++)
    {
      const CpisHubFigureGroup *group = g_ptr_array_index (figures->groups, i);

      if (g_str_equal (group->code, code))
        return group;
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Suppression */

static void
suppress_count (gint64 *count)
{
  if (*count >= 0 && cpis_hub_count_is_suppressed (*count))
    *count = CPIS_HUB_FIGURE_SUPPRESSED;
}

static void
suppress_group (CpisHubFigureGroup *group)
{
  gboolean total_hidden = group->count >= 0 && cpis_hub_count_is_suppressed (group->count);

  for (guint i = 0; i < group->stratifiers->len; i++)
    {
      CpisHubFigureStratifier *stratifier = g_ptr_array_index (group->stratifiers, i);
      guint n = stratifier->strata->len;
      g_autofree gint64 *counts = g_new0 (gint64, MAX (n, 1));
      g_autofree gboolean *hidden = g_new0 (gboolean, MAX (n, 1));

      for (guint j = 0; j < n; j++)
        counts[j] = MAX (((CpisHubFigureStratum *) g_ptr_array_index (stratifier->strata, j))->count, 0);
      if (cpis_hub_suppress_counts (counts, n, hidden))
        total_hidden = TRUE;
      /* a small count is said to be fewer than 5; one hidden with it only hidden */
      for (guint j = 0; j < n; j++)
        if (hidden[j])
          ((CpisHubFigureStratum *) g_ptr_array_index (stratifier->strata, j))->count =
            cpis_hub_count_is_suppressed (counts[j]) ? CPIS_HUB_FIGURE_SUPPRESSED : CPIS_HUB_FIGURE_HIDDEN;
    }

  if (total_hidden && group->count >= 0)
    group->count = cpis_hub_count_is_suppressed (group->count) ? CPIS_HUB_FIGURE_SUPPRESSED
                                                               : CPIS_HUB_FIGURE_HIDDEN;
  suppress_count (&group->denominator);
}

void
cpis_hub_area_figures_suppress (CpisHubAreaFigures *figures)
{
  for (guint i = 0; i < figures->groups->len; i++)
    {
      CpisHubFigureGroup *group = g_ptr_array_index (figures->groups, i);

      if (group->of_children)
        suppress_group (group);
    }
}

/* ------------------------------------------------------------------------ */
/* UK days */

static gint64
uk_midnight_usec (const GDate *day)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (cpis_date_uk_time_zone (), g_date_get_year (day),
                                                   g_date_get_month (day), g_date_get_day (day), 0, 0, 0);

  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

/* The boundaries of consecutive UK days from @first: @n_days + 1 midnights */
typedef struct
{
  GDate   first;
  guint   n_days;
  gint64 *midnights;
} DayTable;

static void
day_table_init (DayTable    *table,
                const GDate *first,
                guint        n_days)
{
  GDate day = *first;

  table->first = *first;
  table->n_days = n_days;
  table->midnights = g_new (gint64, n_days + 1);
  for (guint i = 0; i <= n_days; i++)
    {
      table->midnights[i] = uk_midnight_usec (&day);
      g_date_add_days (&day, 1);
    }
}

static void
day_table_clear (DayTable *table)
{
  g_clear_pointer (&table->midnights, g_free);
}

/* The day @usec falls on, or -1 outside the table */
static int
day_table_find (const DayTable *table,
                gint64          usec)
{
  guint low = 0, high = table->n_days;

  if (usec < table->midnights[0] || usec >= table->midnights[table->n_days])
    return -1;
  while (high - low > 1)
    {
      guint middle = (low + high) / 2;

      if (table->midnights[middle] <= usec)
        low = middle;
      else
        high = middle;
    }
  return (int) low;
}

/* ------------------------------------------------------------------------ */
/* Computing */

typedef struct
{
  CpisHubStore       *store;
  CpisHubAreaFigures *figures;
  gint64              from;       /* the period, [from, to) */
  gint64              to;
  gint64              now_usec;
  GPtrArray          *las;        /* CpisHubOrganisation: the LAs figures are of */
  GPtrArray          *settings;   /* the area's unscheduled settings */
  guint               n_weeks;
  gint64             *week_starts; /* midnight UK of each Monday (a week is not always 7 × 24 h) */
} Computation;

static char *
date_text (const GDate *date)
{
  return cpis_date_to_string (date);
}

/* "2 November 2026" */
static char *
date_in_words (const GDate *date)
{
  char text[64];

  if (g_date_strftime (text, sizeof text, "%-d %B %Y", date) == 0)
    return cpis_date_to_string (date);
  return g_strdup (text);
}

static gboolean
compute_plans (Computation  *c,
               GError      **error)
{
  static const struct { CpisPlanType type; const char *code; const char *display; } types[] = {
    { CPIS_PLAN_TYPE_CPP, "CPP", "Child protection plan" },
    { CPIS_PLAN_TYPE_LAC, "LAC", "Looked after child" },
    { CPIS_PLAN_TYPE_UCPP, "UCPP", "Unborn child protection plan" },
  };
  CpisHubAreaFigures *figures = c->figures;
  g_autofree char *end = date_text (&figures->last);
  g_autofree char *start = date_text (&figures->first);
  CpisHubFigureGroup *las_live = add_group (figures, "las-live", "Local authorities live", FALSE);
  CpisHubFigureGroup *uploaded = add_group (figures, "plans-uploaded", "Plans uploaded", TRUE);
  CpisHubFigureGroup *refused = add_group (figures, "uploads-refused", "Upload records refused", TRUE);
  CpisHubFigureGroup *now = add_group (figures, "plans-now", "Children on plans at the period's end", TRUE);
  CpisHubFigureGroup *at_start = add_group (figures, "plans-at-start",
                                            "Children on plans at the period's start", TRUE);
  CpisHubFigureStratifier *uploaded_by_la = add_stratifier (uploaded, "la", "Local authority");
  CpisHubFigureStratifier *refused_by_la = add_stratifier (refused, "la", "Local authority");
  CpisHubFigureStratifier *now_by_type = add_stratifier (now, "plan-type", "Plan type");
  CpisHubFigureStratifier *now_by_la = add_stratifier (now, "la", "Local authority");
  CpisHubFigureStratifier *start_by_type = add_stratifier (at_start, "plan-type", "Plan type");
  gint64 now_by_type_counts[G_N_ELEMENTS (types)] = { 0 };
  gint64 start_by_type_counts[G_N_ELEMENTS (types)] = { 0 };
  gint64 live = 0;

  las_live->count = 0;
  uploaded->count = refused->count = now->count = at_start->count = 0;

  for (guint i = 0; i < c->las->len; i++)
    {
      CpisHubOrganisation *la = g_ptr_array_index (c->las, i);
      gint64 counts[CPIS_PLAN_TYPE_UCPP + 1];
      gint64 la_total = 0;
      gint64 n_uploaded, n_refused;

      if (!cpis_hub_store_count_current_plans (c->store, la->id, end, counts, error))
        return FALSE;
      for (guint t = 0; t < G_N_ELEMENTS (types); t++)
        {
          now_by_type_counts[t] += counts[types[t].type];
          la_total += counts[types[t].type];
        }
      if (la_total > 0)
        live++;
      add_stratum (now_by_la, la->ods_code, la->name, la_total);
      now->count += la_total;

      if (!cpis_hub_store_count_current_plans (c->store, la->id, start, counts, error))
        return FALSE;
      for (guint t = 0; t < G_N_ELEMENTS (types); t++)
        {
          start_by_type_counts[t] += counts[types[t].type];
          at_start->count += counts[types[t].type];
        }

      n_uploaded = cpis_hub_store_count_plans_uploaded (c->store, la->id, c->from, c->to, error);
      if (n_uploaded < 0)
        return FALSE;
      n_refused = cpis_hub_store_count_upload_exceptions (c->store, la->id, c->from, c->to, error);
      if (n_refused < 0)
        return FALSE;
      add_stratum (uploaded_by_la, la->ods_code, la->name, n_uploaded);
      add_stratum (refused_by_la, la->ods_code, la->name, n_refused);
      uploaded->count += n_uploaded;
      refused->count += n_refused;
    }

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      add_stratum (now_by_type, types[t].code, types[t].display, now_by_type_counts[t]);
      add_stratum (start_by_type, types[t].code, types[t].display, start_by_type_counts[t]);
    }

  las_live->count = live;
  las_live->denominator = c->las->len;
  return TRUE;
}

typedef struct
{
  Computation *c;
  gint64       n;
  gint64      *by_week;
} SettingChecks;

static gboolean
count_setting_check (gint64   usec,
                     gpointer user_data)
{
  SettingChecks *checks = user_data;
  Computation *c = checks->c;
  guint low = 0, high = c->n_weeks;

  checks->n++;
  /* the last week start at or before the check */
  while (high - low > 1)
    {
      guint middle = (low + high) / 2;

      if (c->week_starts[middle] <= usec)
        low = middle;
      else
        high = middle;
    }
  checks->by_week[low]++;
  return TRUE;
}

static gboolean
compute_settings (Computation  *c,
                  GError      **error)
{
  const char * const *kinds = cpis_hub_setting_kinds ();
  guint n_kinds = g_strv_length ((GStrv) kinds);
  CpisHubAreaFigures *figures = c->figures;
  CpisHubFigureGroup *live = add_group (figures, "settings-live", "Settings live", FALSE);
  CpisHubFigureGroup *known = add_group (figures, "settings-known", "Settings in the area", FALSE);
  CpisHubFigureGroup *settings = add_group (figures, "settings", "Checks at each setting", TRUE);
  CpisHubFigureGroup *attendances = add_group (figures, "attendances", "Unscheduled attendances", TRUE);
  CpisHubFigureGroup *visiting = add_group (figures, "out-of-area-visiting",
                                            "Other areas' children seen at the area's settings", TRUE);
  CpisHubFigureStratifier *live_by_kind = add_stratifier (live, "setting-kind", "Kind of setting");
  CpisHubFigureStratifier *known_by_kind = add_stratifier (known, "setting-kind", "Kind of setting");
  CpisHubFigureStratifier *by_setting = add_stratifier (settings, "setting", "Setting");
  CpisHubFigureStratifier *by_week = add_stratifier (attendances, "week", "Week beginning");
  CpisHubFigureStratifier *by_kind = add_stratifier (attendances, "setting-kind", "Kind of setting");
  g_autofree gint64 *week_counts = g_new0 (gint64, c->n_weeks);
  g_autofree gint64 *kind_counts = g_new0 (gint64, n_kinds);
  g_autofree gint64 *kind_live = g_new0 (gint64, n_kinds);
  g_autofree gint64 *kind_known = g_new0 (gint64, n_kinds);
  g_autofree gboolean *kind_present = g_new0 (gboolean, n_kinds);
  GDate monday;

  live->count = 0;
  live->denominator = c->settings->len;
  known->count = c->settings->len;
  settings->count = attendances->count = visiting->count = 0;

  for (guint i = 0; i < c->settings->len; i++)
    {
      CpisHubOrganisation *setting = g_ptr_array_index (c->settings, i);
      guint kind = cpis_hub_setting_kind_index (setting->setting_kind);
      SettingChecks checks = { c, 0, week_counts };
      CpisHubFigureStratum *stratum;
      gint64 last = 0, n_visiting;

      if (!cpis_hub_store_each_setting_check (c->store, setting->ods_code, c->from, c->to,
                                              count_setting_check, &checks, &last, error))
        return FALSE;
      n_visiting = cpis_hub_store_count_visiting_checks (c->store, setting->ods_code, c->from, c->to, error);
      if (n_visiting < 0)
        return FALSE;

      stratum = add_stratum (by_setting, setting->ods_code, setting->name, checks.n);
      stratum->kind = g_strdup (kinds[kind]);
      stratum->last_check_usec = last;
      settings->count += checks.n;
      attendances->count += checks.n;
      visiting->count += n_visiting;
      kind_counts[kind] += checks.n;
      kind_known[kind]++;
      kind_present[kind] = TRUE;
      if (checks.n > 0)
        {
          live->count++;
          kind_live[kind]++;
        }
    }

  for (guint k = 0; k < n_kinds; k++)
    if (kind_present[k])
      {
        add_stratum (live_by_kind, kinds[k], cpis_hub_setting_kind_display (kinds[k]), kind_live[k]);
        add_stratum (known_by_kind, kinds[k], cpis_hub_setting_kind_display (kinds[k]), kind_known[k]);
        add_stratum (by_kind, kinds[k], cpis_hub_setting_kind_display (kinds[k]), kind_counts[k]);
      }

  monday = figures->first;
  g_date_subtract_days (&monday, g_date_get_weekday (&monday) - G_DATE_MONDAY);
  for (guint w = 0; w < c->n_weeks; w++)
    {
      g_autofree char *value = date_text (&monday);
      g_autofree char *text = date_in_words (&monday);

      add_stratum (by_week, value, text, week_counts[w]);
      g_date_add_days (&monday, 7);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The area's notifications: out of area, repeat attendance, follow-up
 *
 * One pass over each LA's notifications (an index range of
 * notification_figures), from 30 days before the period so that a third
 * attendance early in it counts. */

typedef enum
{
  WITHIN_1_HOUR,
  WITHIN_4_HOURS,
  WITHIN_24_HOURS,
  WITHIN_2_DAYS,
  WITHIN_7_DAYS,
  OVER_7_DAYS,
  NOT_YET,
  N_FOLLOW_UP_BANDS,
} FollowUpBand;

static const struct
{
  const char *code;
  const char *display;
  gint64      below;  /* the band holds times below this */
} bands[N_FOLLOW_UP_BANDS] = {
  [WITHIN_1_HOUR] = { "within-1-hour", "Within an hour", HOUR_USEC },
  [WITHIN_4_HOURS] = { "1-to-4-hours", "1 to 4 hours", 4 * HOUR_USEC },
  [WITHIN_24_HOURS] = { "4-to-24-hours", "4 to 24 hours", DAY_USEC },
  [WITHIN_2_DAYS] = { "1-to-2-days", "1 to 2 days", 2 * DAY_USEC },
  [WITHIN_7_DAYS] = { "2-to-7-days", "2 to 7 days", 7 * DAY_USEC },
  [OVER_7_DAYS] = { "over-7-days", "Over 7 days", G_MAXINT64 },
  [NOT_YET] = { "not-yet", "Not yet acted on", G_MAXINT64 },
};

typedef struct
{
  Computation *c;
  GHashTable  *times;          /* NHS number (as a number) → GArray of gint64, the child's attendances */
  GHashTable  *away_accesses;  /* access ids, out of area, in the period */
  DayTable    *days;           /* the period's days */
  gint64      *deadlines;      /* for each day: midnight after its second working day after */
  GArray      *elapsed;        /* gint64, of those acted on */
  gint64       band_counts[N_FOLLOW_UP_BANDS];
  gint64       raised;
  gint64       late;
  gint64       decided;
  gint64       la_away;        /* the LA's, for its strata */
  gint64       la_late;
} NotificationRows;

static void
take_follow_up (NotificationRows                *rows,
                const CpisHubNotificationFigure *notification)
{
  int day = day_table_find (rows->days, notification->authored_usec);
  gint64 deadline = day >= 0 ? rows->deadlines[day] : G_MAXINT64;
  gint64 acted_usec = notification->first_action_usec;

  rows->raised++;
  if (acted_usec > 0)
    {
      gint64 elapsed = MAX (acted_usec - notification->authored_usec, 0);
      guint band = 0;

      while (elapsed >= bands[band].below)
        band++;
      rows->band_counts[band]++;
      g_array_append_val (rows->elapsed, elapsed);
    }
  else
    rows->band_counts[NOT_YET]++;

  /* decided once acted on in time, or once the time has passed */
  if (acted_usec > 0 && acted_usec <= deadline)
    rows->decided++;
  else if (deadline <= rows->c->now_usec)
    {
      rows->decided++;
      rows->late++;
      rows->la_late++;
    }
}

static gboolean
take_notification (const CpisHubNotificationFigure *notification,
                   gpointer                         user_data)
{
  NotificationRows *rows = user_data;
  gint64 key;
  GArray *times;

  /* ten digits as a number: hashed and compared faster than the text */
  if (notification->nhs_number == NULL ||
      !g_ascii_string_to_signed (notification->nhs_number, 10, 0, G_MAXINT64, &key, NULL))
    return TRUE;

  times = g_hash_table_lookup (rows->times, &key);
  if (times == NULL)
    {
      gint64 *owned = g_new (gint64, 1);

      *owned = key;
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (rows->times, owned, times);
    }
  g_array_append_val (times, notification->authored_usec);

  if (notification->authored_usec < rows->c->from)
    return TRUE;  /* only for repeat attendance */

  if (notification->out_of_area && notification->access_id != NULL)
    {
      rows->la_away++;
      g_hash_table_add (rows->away_accesses, g_strdup (notification->access_id));
    }
  take_follow_up (rows, notification);
  return TRUE;
}

static int
compare_usec (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The area's children with 3 attendances within 30 days, the third in the
 * period, into @repeat (of those who attended in it) */
static void
count_repeat_attendance (Computation        *c,
                         GHashTable         *times,
                         CpisHubFigureGroup *repeat)
{
  gint64 window = REPEAT_WINDOW_DAYS * DAY_USEC;
  GHashTableIter iter;
  gpointer value;

  repeat->count = 0;
  repeat->denominator = 0;
  g_hash_table_iter_init (&iter, times);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GArray *child = value;
      gint64 *t = (gint64 *) (gpointer) child->data;
      guint n = 0;
      gboolean attended = FALSE, repeated = FALSE;

      /* each LA's come oldest first: only a child of two LAs needs sorting */
      for (guint j = 1; j < child->len; j++)
        if (t[j] < t[j - 1])
          {
            g_array_sort (child, compare_usec);
            break;
          }
      /* one check notifies each of the child's LAs: the same moment once */
      for (guint j = 0; j < child->len; j++)
        if (n == 0 || t[j] != t[n - 1])
          t[n++] = t[j];

      for (guint j = 0; j < n; j++)
        {
          if (t[j] < c->from)
            continue;
          attended = TRUE;
          if (j + 1 >= REPEAT_ATTENDANCES && t[j] - t[j + 1 - REPEAT_ATTENDANCES] <= window)
            repeated = TRUE;
        }
      if (attended)
        repeat->denominator++;
      if (repeated)
        repeat->count++;
    }
}

/* The nearest-rank percentile @p (0–100) of sorted @values, in whole minutes */
static gint64
percentile_minutes (GArray *values,
                    guint   p)
{
  guint64 rank = ((guint64) values->len * p + 99) / 100;
  gint64 usec = g_array_index (values, gint64, MAX (rank, 1) - 1);

  return (usec + MINUTE_USEC / 2) / MINUTE_USEC;
}

static gboolean
compute_notifications (Computation  *c,
                       const GDate  *first,
                       guint         n_days,
                       GError      **error)
{
  CpisHubAreaFigures *figures = c->figures;
  CpisHubFigureGroup *away = add_group (figures, "out-of-area-away",
                                        "The area's children seen at settings outside it", TRUE);
  CpisHubFigureGroup *repeat = add_group (figures, "repeat-attendance",
                                          "Children with 3 or more attendances within 30 days", TRUE);
  CpisHubFigureGroup *follow_up = add_group (figures, "follow-up", "Notifications raised", TRUE);
  CpisHubFigureGroup *median = add_group (figures, "follow-up-median",
                                          "Median time to the LA's first action", TRUE);
  CpisHubFigureGroup *p90 = add_group (figures, "follow-up-p90",
                                       "90th percentile of the time to the LA's first action", TRUE);
  CpisHubFigureGroup *open = add_group (figures, "open-after-2-working-days",
                                        "Not acted on within 2 working days", TRUE);
  CpisHubFigureStratifier *away_by_la = add_stratifier (away, "la", "Local authority");
  CpisHubFigureStratifier *by_band = add_stratifier (follow_up, "time-to-first-action",
                                                     "Time to the LA's first action");
  CpisHubFigureStratifier *open_by_la = add_stratifier (open, "la", "Local authority");
  g_autoptr(GHashTable) times = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) away_accesses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) elapsed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree gint64 *deadlines = g_new (gint64, n_days);
  DayTable days;
  NotificationRows rows = {
    .c = c,
    .times = times,
    .away_accesses = away_accesses,
    .days = &days,
    .deadlines = deadlines,
    .elapsed = elapsed,
  };
  GDate day = *first;
  gboolean ok = TRUE;

  day_table_init (&days, first, n_days);
  for (guint i = 0; i < n_days; i++)
    {
      GDate due;

      cpis_working_days_after (&day, FOLLOW_UP_WORKING_DAYS, &due);
      g_date_add_days (&due, 1);
      deadlines[i] = uk_midnight_usec (&due);
      g_date_add_days (&day, 1);
    }

  for (guint i = 0; i < c->las->len && ok; i++)
    {
      CpisHubOrganisation *la = g_ptr_array_index (c->las, i);

      rows.la_away = rows.la_late = 0;
      ok = cpis_hub_store_each_la_notification (c->store, la->id, c->from - REPEAT_WINDOW_DAYS * DAY_USEC,
                                                c->to, take_notification, &rows, error);
      add_stratum (away_by_la, la->ods_code, la->name, rows.la_away);
      add_stratum (open_by_la, la->ods_code, la->name, rows.la_late);
    }
  day_table_clear (&days);
  if (!ok)
    return FALSE;

  away->count = g_hash_table_size (away_accesses);
  count_repeat_attendance (c, times, repeat);

  follow_up->count = rows.raised;
  for (guint b = 0; b < N_FOLLOW_UP_BANDS; b++)
    add_stratum (by_band, bands[b].code, bands[b].display, rows.band_counts[b]);
  open->count = rows.late;
  open->denominator = rows.decided;

  /* a time of fewer than 5 notifications is not given: it would be theirs */
  if (elapsed->len >= CPIS_HUB_SUPPRESSION_MIN_SHOWN)
    {
      g_array_sort (elapsed, compare_usec);
      median->score = percentile_minutes (elapsed, 50);
      p90->score = percentile_minutes (elapsed, 90);
    }
  else if (elapsed->len > 0)
    median->score = p90->score = CPIS_HUB_FIGURE_SUPPRESSED;
  return TRUE;
}

/* ------------------------------------------------------------------------ */

CpisHubAreaFigures *
cpis_hub_area_figures_compute (CpisHubStore  *store,
                               const char    *area,
                               gint64         la_id,
                               const GDate   *first,
                               const GDate   *last,
                               gint64         now_usec,
                               GError       **error)
{
  g_autoptr(CpisHubAreaFigures) figures = g_new0 (CpisHubAreaFigures, 1);
  g_autoptr(GPtrArray) organisations = NULL;
  g_autoptr(GPtrArray) las = g_ptr_array_new ();
  g_autoptr(GPtrArray) settings = g_ptr_array_new ();
  g_autofree gint64 *week_starts = NULL;
  Computation c = { 0 };
  guint n_days;
  GDate monday, after;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (store), NULL);
  g_return_val_if_fail (area != NULL && first != NULL && last != NULL, NULL);
  g_return_val_if_fail (g_date_compare (first, last) <= 0, NULL);

  figures->area = g_strdup (area);
  figures->first = *first;
  figures->last = *last;
  figures->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);

  organisations = cpis_hub_store_list_area_organisations (store, area, error);
  if (organisations == NULL)
    return NULL;
  for (guint i = 0; i < organisations->len; i++)
    {
      CpisHubOrganisation *org = g_ptr_array_index (organisations, i);

      if (org->kind == CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY)
        {
          if (la_id == 0 || org->id == la_id)
            g_ptr_array_add (las, org);
        }
      else
        g_ptr_array_add (settings, org);
    }

  after = *last;
  g_date_add_days (&after, 1);
  n_days = (guint) g_date_days_between (first, &after);
  monday = *first;
  g_date_subtract_days (&monday, g_date_get_weekday (&monday) - G_DATE_MONDAY);

  c.store = store;
  c.figures = figures;
  c.from = uk_midnight_usec (first);
  c.to = uk_midnight_usec (&after);
  c.now_usec = now_usec;
  c.las = las;
  c.settings = settings;
  c.n_weeks = (guint) (g_date_days_between (&monday, &after) + 6) / 7;
  week_starts = g_new (gint64, c.n_weeks);
  for (guint w = 0; w < c.n_weeks; w++)
    {
      week_starts[w] = uk_midnight_usec (&monday);
      g_date_add_days (&monday, 7);
    }
  c.week_starts = week_starts;

  if (!compute_plans (&c, error) || !compute_settings (&c, error) ||
      !compute_notifications (&c, first, n_days, error))
    return NULL;

  return g_steal_pointer (&figures);
}
