/* cpis-chart.c: a chart of an area's figures, drawn with GTK */

#include <glib/gi18n.h>

#include <adwaita.h>

#include "cpis-chart-private.h"

typedef struct
{
  CpisChartData *data;
  gulong         changed_id;
  int            selected;  /* -1: none */
  gboolean       stacked;
  /* drawn for a report: at this size, dark on white, nothing highlighted */
  gboolean       on_paper;
  int            paper_width;
  int            paper_height;
} CpisChartPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CpisChart, cpis_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATA,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PADDING      8.0f
#define TICK_GAP     6.0f
#define LINE_GAP     4.0f
/* up to this many categories, each is labelled (cut short if it must be) */
#define MAX_LABELLED 12

/* Colours --------------------------------------------------------------- */

static void
palette_color (guint     series,
               gboolean  is_dark,
               GdkRGBA  *color)
{
  /* Okabe and Ito's palette, in an order that keeps neighbours apart; on a
   * dark background its lighter members first (each at least 3:1 against
   * its background, as WCAG asks of the parts of a graphic) */
  static const char *light[] = { "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9" };
  static const char *dark[] = { "#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#D55E00" };

  gdk_rgba_parse (color, (is_dark ? dark : light)[series % G_N_ELEMENTS (light)]);
}

void
_cpis_chart_series_color (guint    series,
                          GdkRGBA *color)
{
  palette_color (series, adw_style_manager_get_dark (adw_style_manager_get_default ()), color);
}

void
_cpis_chart_color_of_series (CpisChart *self,
                             guint      series,
                             GdkRGBA   *color)
{
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);

  if (priv->on_paper)
    palette_color (series, FALSE, color);
  else
    _cpis_chart_series_color (series, color);
}

static void
text_color (GtkWidget *widget,
            GdkRGBA   *color)
{
  CpisChartPrivate *priv = cpis_chart_get_instance_private (CPIS_CHART (widget));

  if (priv->on_paper)
    gdk_rgba_parse (color, "#1e1e1e");
  else
    gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
}

void
_cpis_chart_get_size (CpisChart *self,
                      int       *width,
                      int       *height)
{
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);

  *width = priv->on_paper ? priv->paper_width : gtk_widget_get_width (GTK_WIDGET (self));
  *height = priv->on_paper ? priv->paper_height : gtk_widget_get_height (GTK_WIDGET (self));
}

/* Text ------------------------------------------------------------------- */

static PangoLayout *
text_layout (GtkWidget  *widget,
             const char *text)
{
  PangoLayout *layout = pango_layout_new (gtk_widget_get_pango_context (widget));

  pango_layout_set_text (layout, text, -1);
  return layout;
}

int
_cpis_chart_draw_text (GtkWidget     *widget,
                       GtkSnapshot   *snapshot,
                       const char    *text,
                       float          x,
                       float          y,
                       float          align,
                       const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = text_layout (widget, text);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x - align * width, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
  return width;
}

/* A label centred on @x, ellipsized to @width */
static void
draw_label_within (GtkWidget     *widget,
                   GtkSnapshot   *snapshot,
                   const char    *text,
                   float          x,
                   float          y,
                   float          width,
                   const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = text_layout (widget, text);
  int shown;

  pango_layout_set_width (layout, MAX (width, 1) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &shown, NULL);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x - shown / 2.0f, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static int
text_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = text_layout (widget, "0");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static int
text_width (GtkWidget  *widget,
            const char *text)
{
  g_autoptr(PangoLayout) layout = text_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* The frame --------------------------------------------------------------- */

/* A step of 1, 2 or 5 times a power of ten, giving at most five ticks */
static gint64
nice_step (gint64 max)
{
  gint64 power = 1;

  while (TRUE)
    {
      static const gint64 multiples[] = { 1, 2, 5 };

      for (guint i = 0; i < G_N_ELEMENTS (multiples); i++)
        if (max <= multiples[i] * power * 5)
          return multiples[i] * power;
      power *= 10;
    }
}

void
_cpis_chart_get_frame (CpisChart      *self,
                       CpisChartFrame *frame)
{
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean stacked = priv->stacked;
  gint64 max = priv->data != NULL ? cpis_chart_data_get_max (priv->data, stacked) : 0;
  int line = text_height (widget);
  g_autofree char *top = NULL;
  float left, top_margin, bottom;
  int width, height;

  _cpis_chart_get_size (self, &width, &height);
  frame->step = nice_step (MAX (max, 1));
  frame->axis_max = MAX ((max + frame->step - 1) / frame->step, 1) * frame->step;

  top = g_strdup_printf ("%" G_GINT64_FORMAT, frame->axis_max);
  left = PADDING + text_width (widget, top) + TICK_GAP;
  /* the read-out's line, and the legend's when there is more than one series */
  top_margin = PADDING + line + LINE_GAP;
  if (priv->data != NULL && cpis_chart_data_get_n_series (priv->data) > 1)
    top_margin += line + LINE_GAP;
  top_margin += line / 2.0f;  /* the top tick's label */
  bottom = line + TICK_GAP + PADDING;

  graphene_rect_init (&frame->plot, left, top_margin,
                      MAX (width - left - PADDING, 1), MAX (height - top_margin - bottom, 1));
}

float
_cpis_chart_y_of (const CpisChartFrame *frame,
                  double                value)
{
  return frame->plot.origin.y + frame->plot.size.height * (1.0 - value / (double) frame->axis_max);
}

float
_cpis_chart_category_width (const CpisChartFrame *frame,
                            CpisChartData        *data)
{
  guint n = cpis_chart_data_get_n_categories (data);

  return frame->plot.size.width / MAX (n, 1);
}

float
_cpis_chart_x_of (const CpisChartFrame *frame,
                  CpisChartData        *data,
                  guint                 category)
{
  return frame->plot.origin.x + (category + 0.5f) * _cpis_chart_category_width (frame, data);
}

static int
category_at (CpisChart *self,
             double     x)
{
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);
  CpisChartFrame frame;
  guint n;
  int category;

  if (priv->data == NULL || (n = cpis_chart_data_get_n_categories (priv->data)) == 0)
    return -1;

  _cpis_chart_get_frame (self, &frame);
  if (x < frame.plot.origin.x || x >= frame.plot.origin.x + frame.plot.size.width)
    return -1;
  category = (int) ((x - frame.plot.origin.x) / _cpis_chart_category_width (&frame, priv->data));
  return CLAMP (category, 0, (int) n - 1);
}

static void
rgba_with_alpha (GdkRGBA *color,
                 float    alpha)
{
  color->alpha *= alpha;
}

static void
snapshot_frame (CpisChart            *self,
                GtkSnapshot          *snapshot,
                const CpisChartFrame *frame)
{
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);
  GtkWidget *widget = GTK_WIDGET (self);
  CpisChartData *data = priv->data;
  guint n_categories = cpis_chart_data_get_n_categories (data);
  guint n_series = cpis_chart_data_get_n_series (data);
  int line = text_height (widget);
  GdkRGBA text, grid;
  float bottom = frame->plot.origin.y + frame->plot.size.height;
  float y = PADDING;
  guint every = 1;
  float widest = 0;

  text_color (widget, &text);
  grid = text;
  rgba_with_alpha (&grid, 0.15f);

  /* the read-out of the category highlighted, or the title */
  if (priv->selected >= 0 && (guint) priv->selected < n_categories)
    {
      g_autofree char *readout = cpis_chart_data_describe_category (data, priv->selected);

      _cpis_chart_draw_text (widget, snapshot, readout, frame->plot.origin.x, y, 0, &text);
    }
  y += line + LINE_GAP;

  /* the legend: a swatch and a name for each series */
  if (n_series > 1)
    {
      float x = frame->plot.origin.x;

      for (guint s = 0; s < n_series; s++)
        {
          GdkRGBA color;

          _cpis_chart_color_of_series (self, s, &color);
          gtk_snapshot_append_color (snapshot, &color,
                                     &GRAPHENE_RECT_INIT (x, y + line / 4.0f, line / 2.0f, line / 2.0f));
          x += line / 2.0f + 4;
          x += _cpis_chart_draw_text (widget, snapshot, cpis_chart_data_get_series_name (data, s), x, y, 0,
                                      &text) +
               12;
        }
    }

  /* the value axis: a line of the grid and its number at each tick */
  for (gint64 tick = 0; tick <= frame->axis_max; tick += frame->step)
    {
      g_autofree char *label = g_strdup_printf ("%" G_GINT64_FORMAT, tick);
      float ty = _cpis_chart_y_of (frame, tick);

      gtk_snapshot_append_color (snapshot, tick == 0 ? &text : &grid,
                                 &GRAPHENE_RECT_INIT (frame->plot.origin.x, ty, frame->plot.size.width, 1));
      _cpis_chart_draw_text (widget, snapshot, label, frame->plot.origin.x - TICK_GAP, ty - line / 2.0f, 1,
                             &text);
    }

  /* the highlighted category's band */
  if (priv->selected >= 0 && (guint) priv->selected < n_categories)
    {
      float width = _cpis_chart_category_width (frame, data);
      GdkRGBA band = text;

      rgba_with_alpha (&band, 0.08f);
      gtk_snapshot_append_color (snapshot, &band,
                                 &GRAPHENE_RECT_INIT (frame->plot.origin.x + priv->selected * width,
                                                      frame->plot.origin.y, width, frame->plot.size.height));
    }

  /* the categories' labels: a few (setting kinds, authorities) each cut to
   * its width, never left out; many (weeks) every one that fits, evenly
   * spaced. The tooltip and the read-out give each in full. */
  if (n_categories <= MAX_LABELLED)
    {
      float width = _cpis_chart_category_width (frame, data);

      for (guint c = 0; c < n_categories; c++)
        draw_label_within (widget, snapshot, cpis_chart_data_get_category (data, c),
                           _cpis_chart_x_of (frame, data, c), bottom + TICK_GAP, width - 6, &text);
      return;
    }
  for (guint c = 0; c < n_categories; c++)
    widest = MAX (widest, text_width (widget, cpis_chart_data_get_category (data, c)));
  while (every < n_categories && (widest + 8) * n_categories / every > frame->plot.size.width)
    every++;
  for (guint c = 0; c < n_categories; c += every)
    _cpis_chart_draw_text (widget, snapshot, cpis_chart_data_get_category (data, c),
                           _cpis_chart_x_of (frame, data, c), bottom + TICK_GAP, 0.5f, &text);
}

/* Reading ------------------------------------------------------------------ */

static void
update_accessible (CpisChart *self)
{
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);
  g_autofree char *all = NULL;
  g_autofree char *description = NULL;

  if (priv->data == NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("No figures."), -1);
      return;
    }

  all = cpis_chart_data_describe (priv->data);
  if (priv->selected >= 0 && (guint) priv->selected < cpis_chart_data_get_n_categories (priv->data))
    {
      g_autofree char *selected = cpis_chart_data_describe_category (priv->data, priv->selected);

      /* Translators: a chart's description: the category highlighted, then every figure */
      description = g_strdup_printf (_("Selected: %s. %s"), selected, all);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, cpis_chart_data_get_title (priv->data),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description != NULL ? description : all,
                                  -1);
}

static void
data_changed_cb (CpisChartData *data,
                 CpisChart     *self)
{
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);

  if (priv->selected >= (int) cpis_chart_data_get_n_categories (data))
    priv->selected = -1;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CpisChart             *self)
{
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);
  int n = priv->data != NULL ? (int) cpis_chart_data_get_n_categories (priv->data) : 0;
  int selected = priv->selected;

  if (n == 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      selected = selected < 0 ? n - 1 : MAX (selected - 1, 0);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      selected = selected < 0 ? 0 : MIN (selected + 1, n - 1);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      selected = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      selected = n - 1;
      break;
    default:
      return FALSE;
    }

  cpis_chart_set_selected (self, selected);
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           CpisChart                *self)
{
  int category = category_at (self, x);

  if (category >= 0)
    cpis_chart_set_selected (self, category);
}

static gboolean
cpis_chart_query_tooltip (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard_tooltip,
                          GtkTooltip *tooltip)
{
  CpisChart *self = CPIS_CHART (widget);
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);
  int category = keyboard_tooltip ? priv->selected : category_at (self, x);
  g_autofree char *text = NULL;

  if (category < 0 || priv->data == NULL)
    return FALSE;

  text = cpis_chart_data_describe_category (priv->data, category);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Overrides -------------------------------------------------------------- */

static void
cpis_chart_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  int line = text_height (widget);

  /* room for the read-out, a legend, a few ticks and the labels, as the text grows */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 12 * line;
      *natural = 30 * line;
    }
  else
    {
      *minimum = 10 * line;
      *natural = 14 * line;
    }
}

static void
cpis_chart_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  CpisChart *self = CPIS_CHART (widget);
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);
  CpisChartFrame frame;

  if (priv->data == NULL || cpis_chart_data_get_n_categories (priv->data) == 0 ||
      cpis_chart_data_get_n_series (priv->data) == 0)
    {
      GdkRGBA text;
      int width, height;

      _cpis_chart_get_size (self, &width, &height);
      text_color (widget, &text);
      rgba_with_alpha (&text, 0.55f);
      _cpis_chart_draw_text (widget, snapshot, _("No figures for this period"), width / 2.0f,
                             height / 2.0f - text_height (widget) / 2.0f, 0.5f, &text);
      return;
    }

  _cpis_chart_get_frame (self, &frame);
  snapshot_frame (self, snapshot, &frame);
  CPIS_CHART_GET_CLASS (self)->snapshot_figures (self, snapshot, &frame, priv->selected);
}

static void
cpis_chart_dispose (GObject *object)
{
  cpis_chart_set_data (CPIS_CHART (object), NULL);

  G_OBJECT_CLASS (cpis_chart_parent_class)->dispose (object);
}

static void
cpis_chart_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CpisChart *self = CPIS_CHART (object);
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_DATA:
      g_value_set_object (value, priv->data);
      break;
    case PROP_SELECTED:
      g_value_set_int (value, priv->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_chart_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CpisChart *self = CPIS_CHART (object);

  switch (prop_id)
    {
    case PROP_DATA:
      cpis_chart_set_data (self, g_value_get_object (value));
      break;
    case PROP_SELECTED:
      cpis_chart_set_selected (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_chart_class_init (CpisChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_chart_dispose;
  object_class->get_property = cpis_chart_get_property;
  object_class->set_property = cpis_chart_set_property;
  widget_class->measure = cpis_chart_measure;
  widget_class->snapshot = cpis_chart_snapshot;
  widget_class->query_tooltip = cpis_chart_query_tooltip;

  properties[PROP_DATA] = g_param_spec_object ("data", NULL, NULL, CPIS_TYPE_CHART_DATA,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                 G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] = g_param_spec_int ("selected", NULL, NULL, -1, G_MAXINT, -1,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  /* a picture of figures, with the figures as its description */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cpis_chart_init (CpisChart *self)
{
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  priv->selected = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_event_controller_set_name (key, "cpis-chart-keys");
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  update_accessible (self);
}

/* Public API --------------------------------------------------------------- */

void
cpis_chart_set_data (CpisChart     *self,
                     CpisChartData *data)
{
  CpisChartPrivate *priv;

  g_return_if_fail (CPIS_IS_CHART (self));
  g_return_if_fail (data == NULL || CPIS_IS_CHART_DATA (data));

  priv = cpis_chart_get_instance_private (self);
  if (data == priv->data)
    return;

  if (priv->data != NULL)
    g_clear_signal_handler (&priv->changed_id, priv->data);
  g_set_object (&priv->data, data);
  if (data != NULL)
    priv->changed_id = g_signal_connect (data, "changed", G_CALLBACK (data_changed_cb), self);
  priv->selected = -1;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA]);
}

CpisChartData *
cpis_chart_get_data (CpisChart *self)
{
  CpisChartPrivate *priv;

  g_return_val_if_fail (CPIS_IS_CHART (self), NULL);

  priv = cpis_chart_get_instance_private (self);
  return priv->data;
}

int
cpis_chart_get_selected (CpisChart *self)
{
  CpisChartPrivate *priv;

  g_return_val_if_fail (CPIS_IS_CHART (self), -1);

  priv = cpis_chart_get_instance_private (self);
  return priv->selected;
}

void
cpis_chart_set_selected (CpisChart *self,
                         int        category)
{
  CpisChartPrivate *priv;
  int n;

  g_return_if_fail (CPIS_IS_CHART (self));

  priv = cpis_chart_get_instance_private (self);
  n = priv->data != NULL ? (int) cpis_chart_data_get_n_categories (priv->data) : 0;
  if (category < -1 || category >= n)
    category = -1;
  if (category == priv->selected)
    return;

  priv->selected = category;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
cpis_chart_draw_on_paper (CpisChart *self,
                          cairo_t   *cr,
                          int        width,
                          int        height)
{
  CpisChartPrivate *priv;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  int selected;

  g_return_if_fail (CPIS_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  priv = cpis_chart_get_instance_private (self);
  selected = priv->selected;
  priv->on_paper = TRUE;
  priv->paper_width = MAX (width, 1);
  priv->paper_height = MAX (height, 1);
  priv->selected = -1;

  snapshot = gtk_snapshot_new ();
  cpis_chart_snapshot (GTK_WIDGET (self), snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  /* a cairo drawing of the nodes: lines and text stay lines and text */
  if (node != NULL)
    gsk_render_node_draw (node, cr);

  priv->on_paper = FALSE;
  priv->selected = selected;
}

void
_cpis_chart_set_stacked (CpisChart *self,
                         gboolean   stacked)
{
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);

  priv->stacked = stacked;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
_cpis_chart_get_stacked (CpisChart *self)
{
  CpisChartPrivate *priv = cpis_chart_get_instance_private (self);

  return priv->stacked;
}
