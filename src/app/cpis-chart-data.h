/* cpis-chart-data.h: the figures a chart draws, and says
 *
 * Categories along the chart (weeks, setting kinds, local authorities),
 * and series drawn for each (plan types, setting kinds); a value for each
 * pair: a count, or CPIS_CHART_VALUE_SUPPRESSED where the hub gave none
 * because it is from 1 to 4 ("fewer than 5": a count that small could point
 * to a child). The same figures as text (cpis_chart_data_describe) are what
 * a screen reader is given for the chart, and what a CSV export writes.
 */
#pragma once

#include <glib-object.h>

#include "cpis-measure-report.h"

G_BEGIN_DECLS

/* "Fewer than 5": withheld by the hub, to protect children */
#define CPIS_CHART_VALUE_SUPPRESSED ((gint64) -1)
/* "Hidden": withheld with a count fewer than 5 it could give away; perhaps
 * 5 or more, so neither drawn as a height nor said to be fewer than 5 */
#define CPIS_CHART_VALUE_HIDDEN ((gint64) -3)

#define CPIS_TYPE_CHART_DATA (cpis_chart_data_get_type ())

G_DECLARE_FINAL_TYPE (CpisChartData, cpis_chart_data, CPIS, CHART_DATA, GObject)

/* Signals:
 *   "changed"  a category, a series or a value was added or changed
 */

/* @title: what is counted ("Attendances per week"); @unit: what one is, in
 * the singular and the plural ("attendance", "attendances") */
CpisChartData *cpis_chart_data_new              (const char    *title,
                                                 const char    *unit_one,
                                                 const char    *unit_many);
const char    *cpis_chart_data_get_title        (CpisChartData *self);

guint          cpis_chart_data_add_category     (CpisChartData *self,
                                                 const char    *label);
guint          cpis_chart_data_add_series       (CpisChartData *self,
                                                 const char    *name);
guint          cpis_chart_data_get_n_categories (CpisChartData *self);
guint          cpis_chart_data_get_n_series     (CpisChartData *self);
const char    *cpis_chart_data_get_category     (CpisChartData *self,
                                                 guint          category);
const char    *cpis_chart_data_get_series_name  (CpisChartData *self,
                                                 guint          series);

/* A count (>= 0), CPIS_CHART_VALUE_SUPPRESSED or CPIS_CHART_VALUE_HIDDEN; 0 until set */
void           cpis_chart_data_set_value        (CpisChartData *self,
                                                 guint          series,
                                                 guint          category,
                                                 gint64         value);
gint64         cpis_chart_data_get_value        (CpisChartData *self,
                                                 guint          series,
                                                 guint          category);
/* The largest value (suppressed ones as 4, the most they can be), or, with
 * @stacked, the largest sum over a category's series */
gint64         cpis_chart_data_get_max          (CpisChartData *self,
                                                 gboolean       stacked);

/* (transfer full): one category's figures in words: "Week of 5 Oct 2026:
 * Emergency department 12 attendances, Walk-in centre fewer than 5" */
char          *cpis_chart_data_describe_category (CpisChartData *self,
                                                  guint          category);
/* (transfer full): the whole chart in words, for a screen reader: its
 * title, then each category's figures; "No figures for this period." when
 * there are none */
char          *cpis_chart_data_describe         (CpisChartData *self);

/* (transfer full): one series of @group's figures by @stratifier_code (a
 * category a stratum, in the hub's order), or NULL when the group has no
 * such stratifier. Weeks ("2026-11-02") are labelled "2 Nov"; other strata
 * by their words, else their codes. A withheld count stays withheld. */
CpisChartData *cpis_chart_data_new_from_stratifier (const CpisMeasureGroup *group,
                                                    const char             *stratifier_code,
                                                    const char             *title,
                                                    const char             *unit_one,
                                                    const char             *unit_many);

/* (transfer full): the figures as CSV, a row per category (@category_heading
 * over them) and a column per series; a withheld count as "<5". Cells are
 * quoted and never read as formulas (cpis_csv_append_row). */
char          *cpis_chart_data_to_csv           (CpisChartData *self,
                                                 const char    *category_heading);

G_END_DECLS
