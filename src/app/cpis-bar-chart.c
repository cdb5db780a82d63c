/* cpis-bar-chart.c: figures as bars */

#include <glib/gi18n.h>

#include "cpis-chart-private.h"

struct _CpisBarChart
{
  CpisChart parent_instance;
};

G_DEFINE_FINAL_TYPE (CpisBarChart, cpis_bar_chart, CPIS_TYPE_CHART)

/* the share of a category's width its bars take: the rest keeps them apart */
#define GROUP_SHARE 0.7f

/* Where the bar of (@series, @category) is; for a withheld count, where its
 * outline is (as high as 4) and @suppressed TRUE; for a hidden one, a bar of
 * no height where it would start, and @hidden TRUE */
static gboolean
bar_rect (CpisBarChart         *self,
          const CpisChartFrame *frame,
          guint                 series,
          guint                 category,
          graphene_rect_t      *bar,
          gboolean             *suppressed,
          gboolean             *hidden)
{
  CpisChartData *data = cpis_chart_get_data (CPIS_CHART (self));
  guint n_series = cpis_chart_data_get_n_series (data);
  float width = _cpis_chart_category_width (frame, data);
  float group = width * GROUP_SHARE;
  float left = _cpis_chart_x_of (frame, data, category) - group / 2;
  gint64 value = cpis_chart_data_get_value (data, series, category);
  double below = 0, height;

  *suppressed = value == CPIS_CHART_VALUE_SUPPRESSED;
  *hidden = value == CPIS_CHART_VALUE_HIDDEN;
  height = *suppressed ? 4 : *hidden ? 0
                                     : (double) value;
  if (_cpis_chart_get_stacked (CPIS_CHART (self)))
    {
      /* on top of the series before it (a withheld one counted as its
       * most; a hidden one, whose height is not known, as none) */
      for (guint s = 0; s < series; s++)
        {
          gint64 under = cpis_chart_data_get_value (data, s, category);

          below += under == CPIS_CHART_VALUE_SUPPRESSED ? 4 : under == CPIS_CHART_VALUE_HIDDEN ? 0
                                                                                               : (double) under;
        }
    }
  else
    {
      group /= MAX (n_series, 1);
      left += series * group;
    }

  if (*hidden)
    {
      graphene_rect_init (bar, left, _cpis_chart_y_of (frame, below), MAX (group - 1, 1), 0);
      return TRUE;
    }
  if (height <= 0)
    return FALSE;

  graphene_rect_init (bar, left, _cpis_chart_y_of (frame, below + height), MAX (group - 1, 1),
                      _cpis_chart_y_of (frame, below) - _cpis_chart_y_of (frame, below + height));
  return TRUE;
}

static void
outline (GtkSnapshot           *snapshot,
         const graphene_rect_t *rect,
         const GdkRGBA         *color)
{
  GskRoundedRect box;
  const float widths[4] = { 1.5f, 1.5f, 1.5f, 1.5f };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&box, rect, 0);
  gtk_snapshot_append_border (snapshot, &box, widths, colors);
}

static void
cpis_bar_chart_snapshot_figures (CpisChart            *chart,
                                 GtkSnapshot          *snapshot,
                                 const CpisChartFrame *frame,
                                 int                   selected)
{
  CpisBarChart *self = CPIS_BAR_CHART (chart);
  CpisChartData *data = cpis_chart_get_data (chart);
  guint n_categories = cpis_chart_data_get_n_categories (data);
  guint n_series = cpis_chart_data_get_n_series (data);

  for (guint c = 0; c < n_categories; c++)
    for (guint s = 0; s < n_series; s++)
      {
        graphene_rect_t bar;
        gboolean suppressed, hidden;
        GdkRGBA color;

        if (!bar_rect (self, frame, s, c, &bar, &suppressed, &hidden))
          continue;

        _cpis_chart_color_of_series (chart, s, &color);
        if (hidden)
          /* its height is not known: no bar, and "hidden" where it would be */
          _cpis_chart_draw_text (GTK_WIDGET (self), snapshot, _("hidden"), bar.origin.x + bar.size.width / 2,
                                 bar.origin.y - 18, 0.5f, &color);
        else if (suppressed)
          {
            /* withheld: an outline no higher than it could be, and "<5" over it */
            outline (snapshot, &bar, &color);
            _cpis_chart_draw_text (GTK_WIDGET (self), snapshot, "<5", bar.origin.x + bar.size.width / 2,
                                   bar.origin.y - 18, 0.5f, &color);
          }
        else
          gtk_snapshot_append_color (snapshot, &color, &bar);
      }
}

static void
cpis_bar_chart_class_init (CpisBarChartClass *klass)
{
  CpisChartClass *chart_class = CPIS_CHART_CLASS (klass);

  chart_class->snapshot_figures = cpis_bar_chart_snapshot_figures;
}

static void
cpis_bar_chart_init (CpisBarChart *self)
{
}

GtkWidget *
cpis_bar_chart_new (void)
{
  return g_object_new (CPIS_TYPE_BAR_CHART, NULL);
}

GtkWidget *
cpis_bar_chart_new_stacked (void)
{
  CpisBarChart *self = g_object_new (CPIS_TYPE_BAR_CHART, NULL);

  _cpis_chart_set_stacked (CPIS_CHART (self), TRUE);
  return GTK_WIDGET (self);
}

gboolean
cpis_bar_chart_get_stacked (CpisBarChart *self)
{
  g_return_val_if_fail (CPIS_IS_BAR_CHART (self), FALSE);

  return _cpis_chart_get_stacked (CPIS_CHART (self));
}

gboolean
_cpis_bar_chart_get_bar (CpisBarChart    *self,
                         guint            series,
                         guint            category,
                         graphene_rect_t *bar)
{
  CpisChartData *data = cpis_chart_get_data (CPIS_CHART (self));
  CpisChartFrame frame;
  gboolean suppressed, hidden;

  if (data == NULL || series >= cpis_chart_data_get_n_series (data) ||
      category >= cpis_chart_data_get_n_categories (data))
    return FALSE;

  _cpis_chart_get_frame (CPIS_CHART (self), &frame);
  return bar_rect (self, &frame, series, category, bar, &suppressed, &hidden) && !suppressed && !hidden;
}
