/* cpis-line-chart.h: figures over time, a line for each series
 *
 * Attendances per week. A point the hub withheld ("fewer than 5") is drawn
 * hollow at the foot of the plot and marked "<5", and the line breaks
 * around it: neither a dip to 0 nor a guessed value.
 */
#pragma once

#include "cpis-chart.h"

G_BEGIN_DECLS

#define CPIS_TYPE_LINE_CHART (cpis_line_chart_get_type ())

G_DECLARE_FINAL_TYPE (CpisLineChart, cpis_line_chart, CPIS, LINE_CHART, CpisChart)

GtkWidget *cpis_line_chart_new (void);

G_END_DECLS
