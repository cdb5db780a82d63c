/* cpis-area-figures-text.h: an area's figures in words, as the partnership
 * view shows them and its PDF report prints them
 *
 * One place for both, so that the report a board reads says what the
 * screen said: the headline figures, the charts' figures, each LA's upload
 * match rate, the area's settings. A count the hub withheld reads "fewer
 * than 5" and a figure it did not give "not given", never 0.
 */
#pragma once

#include <gtk/gtk.h>

#include "cpis-chart-data.h"
#include "cpis-measure-report.h"

G_BEGIN_DECLS

/* (transfer full) "12", "fewer than 5", "not given" */
char       *cpis_area_count_text           (gint64             count);

/* One headline figure: "Settings live", "5 of 6", "made a CP-IS check in the
 * period" (@detail may be NULL) */
typedef struct
{
  const char *caption;
  char       *value;
  char       *detail;
} CpisAreaHeadline;

#define CPIS_AREA_N_HEADLINES 9

/* The caption of headline @index, before there are figures */
const char *cpis_area_headline_caption     (guint              index);
/* The headline figures of @report, in order: CPIS_AREA_N_HEADLINES
 * CpisAreaHeadline, the array's to free */
GPtrArray  *cpis_area_headlines            (CpisMeasureReport *report);

typedef enum
{
  CPIS_AREA_CHART_WEEKS,      /* attendances per week: a line */
  CPIS_AREA_CHART_KINDS,      /* attendances by kind of setting: bars */
  CPIS_AREA_CHART_PLANS,      /* plans by type at the period's start and end: stacked bars */
  CPIS_AREA_CHART_FOLLOW_UP,  /* time to the LA's first action: bars */
  CPIS_AREA_N_CHARTS,
} CpisAreaChart;

const char    *cpis_area_chart_title       (CpisAreaChart      chart);
/* (transfer floating) the kind of chart @chart is drawn in, with no figures */
GtkWidget     *cpis_area_chart_new         (CpisAreaChart      chart);
/* (transfer full) @chart's figures in @report, or NULL when the hub gave none */
CpisChartData *cpis_area_chart_data        (CpisMeasureReport *report,
                                            CpisAreaChart      chart);

/* Each LA's row: its name, "N uploaded", "N refused", the match rate against
 * the 95% target (GStrv each, 4 cells) */
#define CPIS_AREA_MATCH_RATE_CELLS 4
GPtrArray  *cpis_area_match_rate_rows      (CpisMeasureReport *report);
/* Each setting's row: its name, its kind, live or not, "N checks", its
 * last check (GStrv each, 5 cells) */
#define CPIS_AREA_SETTING_CELLS 5
GPtrArray  *cpis_area_setting_rows         (CpisMeasureReport *report);

/* What the figures withhold and how they count */
const char *cpis_area_suppression_note     (void);

G_END_DECLS
