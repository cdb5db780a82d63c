/* cpis-measure-report.h: an area's figures for a period, as the hub gives
 * them (a FHIR MeasureReport, type summary)
 *
 * Counts only: a report holds no child's NHS number, name or date of birth,
 * and the codec refuses one that refers to any patient. Each group is a
 * measure's part ("LAs live", "attendances"), with its count and its
 * stratifiers (by week, by setting kind, by local authority), each a list
 * of strata with their counts. A count the hub withheld because it is from
 * 1 to 4 is CPIS_MEASURE_SUPPRESSED, never 0: it is shown as "fewer than 5";
 * one withheld with it, which could give it away, is CPIS_MEASURE_HIDDEN,
 * shown as "hidden" (it may be 5 or more).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* "Fewer than 5": withheld by the hub, to protect children */
#define CPIS_MEASURE_SUPPRESSED ((gint64) -1)
/* No count for the group (a group of strata only) */
#define CPIS_MEASURE_NO_COUNT ((gint64) -2)
/* "Hidden": withheld with a count fewer than 5, which it could give away
 * through a total; itself perhaps 5 or more, so never said to be fewer */
#define CPIS_MEASURE_HIDDEN ((gint64) -3)

typedef struct
{
  char   *value;  /* the stratum: "2026-11-02", "emergency-department", an LA's ODS code */
  char   *text;   /* in words, when the hub gave them ("Northgate Council"); may be NULL */
  gint64  count;  /* or CPIS_MEASURE_SUPPRESSED, CPIS_MEASURE_HIDDEN */
  char   *kind;        /* a setting's kind ("emergency-department"), or NULL */
  char   *last_check;  /* a setting's last check, a FHIR dateTime; NULL: never, or not said */
} CpisMeasureStratum;

typedef struct
{
  char      *code;    /* "week", "setting-kind", "la" */
  char      *text;    /* may be NULL */
  GPtrArray *strata;  /* CpisMeasureStratum, as the hub ordered them */
} CpisMeasureStratifier;

typedef struct
{
  char      *code;         /* the part of the measure: "las-live", "attendances" */
  char      *text;         /* may be NULL */
  gint64     count;        /* or CPIS_MEASURE_SUPPRESSED, CPIS_MEASURE_HIDDEN, CPIS_MEASURE_NO_COUNT */
  gint64     denominator;  /* out of how many ("LAs live of all in the area"), or CPIS_MEASURE_NO_COUNT */
  gint64     score;        /* measureScore, whole ("95" minutes), or CPIS_MEASURE_SUPPRESSED, CPIS_MEASURE_NO_COUNT */
  GPtrArray *stratifiers;  /* CpisMeasureStratifier */
} CpisMeasureGroup;

#define CPIS_TYPE_MEASURE_REPORT (cpis_measure_report_get_type ())

G_DECLARE_FINAL_TYPE (CpisMeasureReport, cpis_measure_report, CPIS, MEASURE_REPORT, GObject)

/* (for the codec) a report of @measure for @period_start … @period_end */
CpisMeasureReport     *cpis_measure_report_new              (const char        *measure,
                                                             const char        *period_start,
                                                             const char        *period_end,
                                                             const char        *reporter);
/* Takes @group */
void                   cpis_measure_report_add_group        (CpisMeasureReport *self,
                                                             CpisMeasureGroup  *group);

/* The Measure's canonical URL, as given */
const char            *cpis_measure_report_get_measure      (CpisMeasureReport *self);
/* The period's first and last days, "YYYY-MM-DD" */
const char            *cpis_measure_report_get_period_start (CpisMeasureReport *self);
const char            *cpis_measure_report_get_period_end   (CpisMeasureReport *self);
/* Whose figures: the area, in words; may be NULL */
const char            *cpis_measure_report_get_reporter     (CpisMeasureReport *self);
guint                  cpis_measure_report_get_n_groups     (CpisMeasureReport *self);
const CpisMeasureGroup *cpis_measure_report_get_group       (CpisMeasureReport *self,
                                                             guint              index);
/* The group of @code, or NULL */
const CpisMeasureGroup *cpis_measure_report_lookup_group    (CpisMeasureReport *self,
                                                             const char        *code);
/* The stratifier of @code in @group, or NULL */
const CpisMeasureStratifier *cpis_measure_group_lookup_stratifier (const CpisMeasureGroup *group,
                                                                   const char             *code);

CpisMeasureGroup      *cpis_measure_group_new               (const char        *code,
                                                             const char        *text);
void                   cpis_measure_group_free              (CpisMeasureGroup  *group);
CpisMeasureStratifier *cpis_measure_stratifier_new          (const char        *code,
                                                             const char        *text);
void                   cpis_measure_stratifier_free         (CpisMeasureStratifier *stratifier);
/* Appends a stratum, and returns it (the stratifier's) */
CpisMeasureStratum    *cpis_measure_stratifier_add          (CpisMeasureStratifier *stratifier,
                                                             const char        *value,
                                                             const char        *text,
                                                             gint64             count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisMeasureGroup, cpis_measure_group_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisMeasureStratifier, cpis_measure_stratifier_free)

G_END_DECLS
