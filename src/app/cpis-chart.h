/* cpis-chart.h: a chart of an area's figures, drawn with GTK
 *
 * The base of CpisBarChart and CpisLineChart: the figures (CpisChartData),
 * their frame (a value axis with its grid and ticks, the categories' labels,
 * a legend when there is more than one series), and what every chart does
 * for its reader: the category under the pointer, or moved to with Left,
 * Right, Home and End, is highlighted and read out above the plot; its
 * tooltip gives its figures; the accessible name is the chart's title and
 * its description every figure in words, the selected category first.
 * Counts the hub withheld ("fewer than 5") are drawn as such, never as 0.
 * Colours are a palette people with colour-blindness tell apart, lighter in
 * the dark style; text and axes are in the theme's colours.
 */
#pragma once

#include <gtk/gtk.h>

#include "cpis-chart-data.h"

G_BEGIN_DECLS

#define CPIS_TYPE_CHART (cpis_chart_get_type ())

G_DECLARE_DERIVABLE_TYPE (CpisChart, cpis_chart, CPIS, CHART, GtkWidget)

typedef struct _CpisChartFrame CpisChartFrame;

struct _CpisChartClass
{
  GtkWidgetClass parent_class;

  /* the figures, in @frame's plot; @selected the highlighted category or -1 */
  void (*snapshot_figures) (CpisChart            *self,
                            GtkSnapshot          *snapshot,
                            const CpisChartFrame *frame,
                            int                   selected);
};

/* Properties:
 *   "data"      CpisChartData  the figures (NULL: none)
 *   "selected"  int            the category highlighted, or -1
 */
void           cpis_chart_set_data     (CpisChart     *self,
                                        CpisChartData *data);
CpisChartData *cpis_chart_get_data     (CpisChart     *self);
int            cpis_chart_get_selected (CpisChart     *self);
void           cpis_chart_set_selected (CpisChart     *self,
                                        int            category);
/* Draws the chart on @cr at @width × @height, for a report: dark text and
 * the light style's colours on white, whatever the style on screen, and
 * nothing highlighted. The widget need not be shown. */
void           cpis_chart_draw_on_paper (CpisChart    *self,
                                         cairo_t      *cr,
                                         int           width,
                                         int           height);

G_END_DECLS
