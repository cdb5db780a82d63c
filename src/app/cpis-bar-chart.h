/* cpis-bar-chart.h: figures as bars, a group of them (or a stack) for each
 * category
 *
 * Attendances by setting kind; plans by type for each local authority
 * (stacked: each authority's bar is its plans, one segment per type). A
 * count the hub withheld ("fewer than 5") is drawn as an outline no higher
 * than 4 could be, marked "<5", never as a bar of 0 or of a guessed height.
 */
#pragma once

#include "cpis-chart.h"

G_BEGIN_DECLS

#define CPIS_TYPE_BAR_CHART (cpis_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (CpisBarChart, cpis_bar_chart, CPIS, BAR_CHART, CpisChart)

GtkWidget *cpis_bar_chart_new         (void);
/* The series of a category stacked (their sum its height), or side by side */
GtkWidget *cpis_bar_chart_new_stacked (void);
gboolean   cpis_bar_chart_get_stacked (CpisBarChart *self);

G_END_DECLS
