/* cpis-line-chart.c: figures over time, a line for each series */

#include <glib/gi18n.h>

#include "cpis-chart-private.h"

struct _CpisLineChart
{
  CpisChart parent_instance;
};

G_DEFINE_FINAL_TYPE (CpisLineChart, cpis_line_chart, CPIS_TYPE_CHART)

#define POINT_RADIUS 3.5

/* Where the point of (@series, @category) is; FALSE for a withheld count */
static gboolean
point_at (CpisLineChart        *self,
          const CpisChartFrame *frame,
          guint                 series,
          guint                 category,
          graphene_point_t     *point)
{
  CpisChartData *data = cpis_chart_get_data (CPIS_CHART (self));
  gint64 value = cpis_chart_data_get_value (data, series, category);

  point->x = _cpis_chart_x_of (frame, data, category);
  if (value == CPIS_CHART_VALUE_SUPPRESSED || value == CPIS_CHART_VALUE_HIDDEN)
    {
      point->y = _cpis_chart_y_of (frame, 0);
      return FALSE;
    }
  point->y = _cpis_chart_y_of (frame, (double) value);
  return TRUE;
}

static void
cpis_line_chart_snapshot_figures (CpisChart            *chart,
                                  GtkSnapshot          *snapshot,
                                  const CpisChartFrame *frame,
                                  int                   selected)
{
  CpisLineChart *self = CPIS_LINE_CHART (chart);
  CpisChartData *data = cpis_chart_get_data (chart);
  guint n_categories = cpis_chart_data_get_n_categories (data);
  guint n_series = cpis_chart_data_get_n_series (data);
  int width, height;
  cairo_t *cr;

  _cpis_chart_get_size (chart, &width, &height);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (guint s = 0; s < n_series; s++)
    {
      GdkRGBA color;
      gboolean drawing = FALSE;

      _cpis_chart_color_of_series (chart, s, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, 2.0);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

      /* the line, broken at each withheld count */
      for (guint c = 0; c < n_categories; c++)
        {
          graphene_point_t point;

          if (!point_at (self, frame, s, c, &point))
            {
              if (drawing)
                cairo_stroke (cr);
              drawing = FALSE;
              continue;
            }
          if (drawing)
            cairo_line_to (cr, point.x, point.y);
          else
            cairo_move_to (cr, point.x, point.y);
          drawing = TRUE;
        }
      if (drawing)
        cairo_stroke (cr);

      /* the points: full, or hollow at the foot for a withheld count */
      for (guint c = 0; c < n_categories; c++)
        {
          graphene_point_t point;
          gboolean shown = point_at (self, frame, s, c, &point);
          double radius = (int) c == selected ? POINT_RADIUS + 1.5 : POINT_RADIUS;

          /* a hidden count: no point at all (its height is not known) */
          if (!shown && cpis_chart_data_get_value (data, s, c) == CPIS_CHART_VALUE_HIDDEN)
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, point.x, point.y, radius, 0, 2 * G_PI);
          if (shown)
            cairo_fill (cr);
          else
            {
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }
        }
    }
  cairo_destroy (cr);

  /* "<5" over each withheld point */
  for (guint s = 0; s < n_series; s++)
    for (guint c = 0; c < n_categories; c++)
      {
        graphene_point_t point;
        GdkRGBA color;

        if (point_at (self, frame, s, c, &point))
          continue;
        _cpis_chart_color_of_series (chart, s, &color);
        _cpis_chart_draw_text (GTK_WIDGET (self), snapshot,
                               cpis_chart_data_get_value (data, s, c) == CPIS_CHART_VALUE_HIDDEN ? _("hidden") : "<5",
                               point.x, point.y - 22, 0.5f, &color);
      }
}

static void
cpis_line_chart_class_init (CpisLineChartClass *klass)
{
  CpisChartClass *chart_class = CPIS_CHART_CLASS (klass);

  chart_class->snapshot_figures = cpis_line_chart_snapshot_figures;
}

static void
cpis_line_chart_init (CpisLineChart *self)
{
}

GtkWidget *
cpis_line_chart_new (void)
{
  return g_object_new (CPIS_TYPE_LINE_CHART, NULL);
}

gboolean
_cpis_line_chart_get_point (CpisLineChart    *self,
                            guint             series,
                            guint             category,
                            graphene_point_t *point)
{
  CpisChartData *data = cpis_chart_get_data (CPIS_CHART (self));
  CpisChartFrame frame;

  if (data == NULL || series >= cpis_chart_data_get_n_series (data) ||
      category >= cpis_chart_data_get_n_categories (data))
    return FALSE;

  _cpis_chart_get_frame (CPIS_CHART (self), &frame);
  return point_at (self, &frame, series, category, point);
}
