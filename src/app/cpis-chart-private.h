/* cpis-chart-private.h: what the charts share with their kinds, and what the
 * tests read of them */
#pragma once

#include "cpis-bar-chart.h"
#include "cpis-chart.h"
#include "cpis-line-chart.h"

G_BEGIN_DECLS

/* Where a chart's figures go in its widget, and its value axis */
struct _CpisChartFrame
{
  graphene_rect_t plot;      /* the bars or lines, between the axes */
  gint64          axis_max;  /* the value at the top of the plot */
  gint64          step;      /* between the value axis's ticks */
};

/* A category's series added up (stacked bars): the value axis reaches their sum */
void     _cpis_chart_set_stacked   (CpisChart            *self,
                                    gboolean              stacked);
gboolean _cpis_chart_get_stacked   (CpisChart            *self);
/* The frame at the widget's size now (for the tests, and the pointer) */
void     _cpis_chart_get_frame     (CpisChart            *self,
                                    CpisChartFrame       *frame);
/* The y of @value in the plot (its bottom at 0, its top at axis_max) */
float    _cpis_chart_y_of          (const CpisChartFrame *frame,
                                    double                value);
/* The x of a category's middle, and a category's width */
float    _cpis_chart_x_of          (const CpisChartFrame *frame,
                                    CpisChartData        *data,
                                    guint                 category);
float    _cpis_chart_category_width (const CpisChartFrame *frame,
                                     CpisChartData        *data);
/* A series' colour: the Okabe–Ito palette, lighter in the dark style */
void     _cpis_chart_series_color  (guint                 series,
                                    GdkRGBA              *color);
/* A series' colour in @self as it is drawn now: on paper, the light style's */
void     _cpis_chart_color_of_series (CpisChart          *self,
                                      guint               series,
                                      GdkRGBA            *color);
/* The size drawn at: the widget's, or the paper's */
void     _cpis_chart_get_size      (CpisChart            *self,
                                    int                  *width,
                                    int                  *height);
/* Text in the widget's font, @align 0 (left of @x) … 1 (right of @x), its
 * top at @y; its width */
int      _cpis_chart_draw_text     (GtkWidget            *widget,
                                    GtkSnapshot          *snapshot,
                                    const char           *text,
                                    float                 x,
                                    float                 y,
                                    float                 align,
                                    const GdkRGBA        *color);

/* Tests: where a bar or a point is drawn at the widget's size now; FALSE
 * for none (a suppressed count has its marker, not a bar or a point) */
gboolean _cpis_bar_chart_get_bar    (CpisBarChart     *self,
                                     guint             series,
                                     guint             category,
                                     graphene_rect_t  *bar);
gboolean _cpis_line_chart_get_point (CpisLineChart    *self,
                                     guint             series,
                                     guint             category,
                                     graphene_point_t *point);

G_END_DECLS
