/* test-charts.c: the partnership view's charts (CpisBarChart, CpisLineChart)
 * and their figures (CpisChartData)
 *
 * Runs under Xvfb. Each chart is shown in a window with figures small enough
 * to check by reading; what is checked is what was drawn: the bars' and the
 * points' places against their values (heights in proportion, on the axis,
 * stacked segments on one another), the pixels of the rendered chart (the
 * series' colour inside a bar, not above it), a withheld count drawn as
 * neither a bar nor 0, the figures in words as a screen reader gets them,
 * the keyboard moving along the categories, and the palette in the dark
 * style.
 */
#include <adwaita.h>
#include <gtk/gtk.h>

#include "cpis-chart-private.h"
#include "cpis-csv.h"
#include "cpis-test-ui.h"

#define TOLERANCE 0.6

static GtkWidget *
show (GtkWidget *chart)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 360);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  cpis_test_ui_iterate_until (cpis_test_ui_widget_mapped, chart);
  gtk_test_widget_wait_for_draw (chart);
  return window;
}

/* Attendances at four kinds of setting: 10, 20, none, and a withheld count */
static CpisChartData *
by_kind (void)
{
  CpisChartData *data = cpis_chart_data_new ("Attendances by setting kind", "attendance", "attendances");
  guint series = cpis_chart_data_add_series (data, "Attendances");
  const char *kinds[] = { "Emergency department", "Urgent treatment centre", "Out of hours GP", "Maternity" };
  const gint64 values[] = { 10, 20, 0, CPIS_CHART_VALUE_SUPPRESSED };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    cpis_chart_data_set_value (data, series, cpis_chart_data_add_category (data, kinds[i]), values[i]);
  return data;
}

/* The colour of the pixel at (@x, @y) of @texture */
static void
pixel_at (GdkTexture *texture,
          int         x,
          int         y,
          GdkRGBA    *color)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc (width * height * 4);
  guint32 argb;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, width);
  g_assert_cmpint (y, <, height);
  gdk_texture_download (texture, pixels, width * 4);
  argb = *(guint32 *) (pixels + y * width * 4 + x * 4);
  color->alpha = ((argb >> 24) & 0xff) / 255.0f;
  color->red = ((argb >> 16) & 0xff) / 255.0f / MAX (color->alpha, 1e-6f);
  color->green = ((argb >> 8) & 0xff) / 255.0f / MAX (color->alpha, 1e-6f);
  color->blue = (argb & 0xff) / 255.0f / MAX (color->alpha, 1e-6f);
}

static gboolean
close_colours (const GdkRGBA *a,
               const GdkRGBA *b)
{
  return fabsf (a->red - b->red) < 0.04f && fabsf (a->green - b->green) < 0.04f &&
         fabsf (a->blue - b->blue) < 0.04f;
}

/* The figures in words, a withheld count as such, the axis's room for it */
static void
test_data (void)
{
  g_autoptr(CpisChartData) data = by_kind ();
  g_autoptr(CpisChartData) empty = cpis_chart_data_new ("Plans by type", "plan", "plans");
  g_autoptr(CpisChartData) two = cpis_chart_data_new ("Plans by type", "plan", "plans");
  g_autofree char *all = cpis_chart_data_describe (data);
  g_autofree char *first = cpis_chart_data_describe_category (data, 0);
  g_autofree char *withheld = cpis_chart_data_describe_category (data, 3);
  g_autofree char *none = cpis_chart_data_describe (empty);
  g_autofree char *both = NULL;
  guint la;

  g_assert_cmpstr (first, ==, "Emergency department: 10 attendances");
  g_assert_cmpstr (withheld, ==, "Maternity: fewer than 5");
  g_assert_cmpstr (all, ==, "Attendances by setting kind. Emergency department: 10 attendances; "
                            "Urgent treatment centre: 20 attendances; Out of hours GP: 0 attendances; "
                            "Maternity: fewer than 5.");
  g_assert_cmpstr (none, ==, "Plans by type. No figures for this period.");
  g_assert_cmpint (cpis_chart_data_get_max (data, FALSE), ==, 20);

  /* two series: each named; stacked, the axis reaches the sum (a withheld one as 4) */
  cpis_chart_data_add_series (two, "Child protection");
  cpis_chart_data_add_series (two, "Looked after");
  la = cpis_chart_data_add_category (two, "Northgate");
  cpis_chart_data_set_value (two, 0, la, 1 + 6);
  cpis_chart_data_set_value (two, 1, la, CPIS_CHART_VALUE_SUPPRESSED);
  both = cpis_chart_data_describe_category (two, la);
  g_assert_cmpstr (both, ==, "Northgate: Child protection 7 plans, Looked after fewer than 5");
  g_assert_cmpint (cpis_chart_data_get_max (two, FALSE), ==, 7);
  g_assert_cmpint (cpis_chart_data_get_max (two, TRUE), ==, 11);
}

/* Bars in proportion to their values, standing on the axis, in order; none
 * for 0; a withheld count no bar; the series' colour inside a bar and not
 * above it */
static void
test_bars (void)
{
  g_autoptr(CpisChartData) data = by_kind ();
  GtkWidget *chart = cpis_bar_chart_new ();
  GtkWidget *window;
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t ten, twenty, none;
  GdkRGBA inside, above, series;
  CpisChartFrame frame;
  float axis;

  cpis_chart_set_data (CPIS_CHART (chart), data);
  window = show (chart);
  _cpis_chart_get_frame (CPIS_CHART (chart), &frame);
  axis = _cpis_chart_y_of (&frame, 0);

  g_assert_true (_cpis_bar_chart_get_bar (CPIS_BAR_CHART (chart), 0, 0, &ten));
  g_assert_true (_cpis_bar_chart_get_bar (CPIS_BAR_CHART (chart), 0, 1, &twenty));
  g_assert_false (_cpis_bar_chart_get_bar (CPIS_BAR_CHART (chart), 0, 2, &none));
  g_assert_false (_cpis_bar_chart_get_bar (CPIS_BAR_CHART (chart), 0, 3, &none));

  g_assert_cmpfloat_with_epsilon (twenty.size.height, 2 * ten.size.height, TOLERANCE);
  g_assert_cmpfloat_with_epsilon (ten.origin.y + ten.size.height, axis, TOLERANCE);
  g_assert_cmpfloat_with_epsilon (twenty.origin.y + twenty.size.height, axis, TOLERANCE);
  g_assert_cmpfloat (ten.origin.x + ten.size.width, <, twenty.origin.x);
  g_assert_true (graphene_rect_contains_rect (&frame.plot, &twenty));
  /* the axis's top is a round number at or above the largest: 20 */
  g_assert_cmpint (frame.axis_max, ==, 20);
  g_assert_cmpfloat_with_epsilon (twenty.origin.y, frame.plot.origin.y, TOLERANCE);

  texture = cpis_test_ui_render (chart);
  _cpis_chart_series_color (0, &series);
  pixel_at (texture, ten.origin.x + ten.size.width / 2, ten.origin.y + ten.size.height / 2, &inside);
  pixel_at (texture, ten.origin.x + ten.size.width / 2, ten.origin.y - 8, &above);
  g_assert_true (close_colours (&inside, &series));
  g_assert_false (close_colours (&above, &series));

  cpis_test_ui_save_screenshot (chart, "chart-bars");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Stacked: each authority's plans one bar, a segment per type on the one before */
static void
test_stacked (void)
{
  g_autoptr(CpisChartData) data = cpis_chart_data_new ("Plans by type", "plan", "plans");
  GtkWidget *chart = cpis_bar_chart_new_stacked ();
  GtkWidget *window;
  graphene_rect_t cpp, lac, other_cpp;
  CpisChartFrame frame;
  guint north, south;

  cpis_chart_data_add_series (data, "Child protection");
  cpis_chart_data_add_series (data, "Looked after");
  north = cpis_chart_data_add_category (data, "Northgate");
  south = cpis_chart_data_add_category (data, "Southmoor");
  cpis_chart_data_set_value (data, 0, north, 30);
  cpis_chart_data_set_value (data, 1, north, 10);
  cpis_chart_data_set_value (data, 0, south, 15);
  cpis_chart_data_set_value (data, 1, south, CPIS_CHART_VALUE_SUPPRESSED);
  cpis_chart_set_data (CPIS_CHART (chart), data);
  window = show (chart);
  _cpis_chart_get_frame (CPIS_CHART (chart), &frame);

  g_assert_true (cpis_bar_chart_get_stacked (CPIS_BAR_CHART (chart)));
  g_assert_cmpint (frame.axis_max, >=, 40);
  g_assert_true (_cpis_bar_chart_get_bar (CPIS_BAR_CHART (chart), 0, north, &cpp));
  g_assert_true (_cpis_bar_chart_get_bar (CPIS_BAR_CHART (chart), 1, north, &lac));
  g_assert_cmpfloat_with_epsilon (lac.origin.y + lac.size.height, cpp.origin.y, TOLERANCE);
  g_assert_cmpfloat_with_epsilon (cpp.size.height, 3 * lac.size.height, TOLERANCE);
  g_assert_cmpfloat_with_epsilon (lac.origin.y, _cpis_chart_y_of (&frame, 40), TOLERANCE);
  g_assert_cmpfloat_with_epsilon (cpp.origin.x, lac.origin.x, TOLERANCE);
  g_assert_true (_cpis_bar_chart_get_bar (CPIS_BAR_CHART (chart), 0, south, &other_cpp));
  g_assert_false (_cpis_bar_chart_get_bar (CPIS_BAR_CHART (chart), 1, south, &lac));
  g_assert_cmpfloat_with_epsilon (other_cpp.size.height * 2, cpp.size.height, TOLERANCE);

  cpis_test_ui_save_screenshot (chart, "chart-stacked");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A count hidden with a withheld one (perhaps 5 or more): no bar and no
 * height, said as "hidden" and never as "fewer than 5"; those above it in
 * a stack start where it would */
static void
test_hidden (void)
{
  g_autoptr(CpisChartData) data = cpis_chart_data_new ("Plans by type", "plan", "plans");
  GtkWidget *chart = cpis_bar_chart_new_stacked ();
  GtkWidget *window;
  g_autofree char *said = NULL;
  g_autofree char *csv = NULL;
  graphene_rect_t cpp, ucpp;
  CpisChartFrame frame;
  guint start;

  cpis_chart_data_add_series (data, "Child protection");
  cpis_chart_data_add_series (data, "Looked after");
  cpis_chart_data_add_series (data, "Unborn");
  start = cpis_chart_data_add_category (data, "Period start");
  cpis_chart_data_set_value (data, 0, start, 54);
  cpis_chart_data_set_value (data, 1, start, CPIS_CHART_VALUE_HIDDEN);
  cpis_chart_data_set_value (data, 2, start, CPIS_CHART_VALUE_SUPPRESSED);
  cpis_chart_set_data (CPIS_CHART (chart), data);
  window = show (chart);
  _cpis_chart_get_frame (CPIS_CHART (chart), &frame);

  said = cpis_chart_data_describe_category (data, start);
  g_assert_cmpstr (said, ==, "Period start: Child protection 54 plans, Looked after hidden, Unborn fewer than 5");
  /* the axis: the known 54 and the withheld one's most, nothing for the hidden */
  g_assert_cmpint (cpis_chart_data_get_max (data, TRUE), ==, 58);
  g_assert_true (_cpis_bar_chart_get_bar (CPIS_BAR_CHART (chart), 0, start, &cpp));
  g_assert_false (_cpis_bar_chart_get_bar (CPIS_BAR_CHART (chart), 1, start, &ucpp));
  g_assert_false (_cpis_bar_chart_get_bar (CPIS_BAR_CHART (chart), 2, start, &ucpp));
  g_assert_cmpfloat_with_epsilon (cpp.origin.y, _cpis_chart_y_of (&frame, 54), TOLERANCE);
  csv = cpis_chart_data_to_csv (data, "Period");
  g_assert_nonnull (strstr (csv, "\"54\",\"hidden\",\"<5\""));
  cpis_test_ui_save_screenshot (chart, "chart-hidden");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A line of weeks: points at their values, left to right; a withheld week
 * no point of its own */
static void
test_line (void)
{
  g_autoptr(CpisChartData) data = cpis_chart_data_new ("Attendances per week", "attendance", "attendances");
  GtkWidget *chart = cpis_line_chart_new ();
  GtkWidget *window;
  const gint64 weeks[] = { 12, 8, CPIS_CHART_VALUE_SUPPRESSED, 16, 0 };
  graphene_point_t points[G_N_ELEMENTS (weeks)];
  CpisChartFrame frame;

  cpis_chart_data_add_series (data, "Attendances");
  for (guint i = 0; i < G_N_ELEMENTS (weeks); i++)
    {
      g_autofree char *week = g_strdup_printf ("%u Nov", 2 + 7 * i);

      cpis_chart_data_set_value (data, 0, cpis_chart_data_add_category (data, week), weeks[i]);
    }
  cpis_chart_set_data (CPIS_CHART (chart), data);
  window = show (chart);
  _cpis_chart_get_frame (CPIS_CHART (chart), &frame);

  for (guint i = 0; i < G_N_ELEMENTS (weeks); i++)
    {
      gboolean drawn = _cpis_line_chart_get_point (CPIS_LINE_CHART (chart), 0, i, &points[i]);

      g_assert_cmpint (drawn, ==, weeks[i] != CPIS_CHART_VALUE_SUPPRESSED);
      if (drawn)
        g_assert_cmpfloat_with_epsilon (points[i].y, _cpis_chart_y_of (&frame, weeks[i]), TOLERANCE);
      if (i > 0)
        g_assert_cmpfloat (points[i].x, >, points[i - 1].x);
    }
  /* 16 is twice 8's height above the axis */
  g_assert_cmpfloat_with_epsilon (_cpis_chart_y_of (&frame, 0) - points[3].y,
                                  2 * (_cpis_chart_y_of (&frame, 0) - points[1].y), TOLERANCE);
  g_assert_cmpfloat_with_epsilon (points[4].y, _cpis_chart_y_of (&frame, 0), TOLERANCE);

  cpis_test_ui_save_screenshot (chart, "chart-line");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Left, Right, Home and End move along the categories; the one the pointer
 * is over is taken; a new set of figures starts with none */
static void
test_keyboard (void)
{
  g_autoptr(CpisChartData) data = by_kind ();
  g_autoptr(CpisChartData) other = by_kind ();
  GtkWidget *chart = cpis_bar_chart_new ();
  GtkWidget *window;

  cpis_chart_set_data (CPIS_CHART (chart), data);
  window = show (chart);
  g_assert_true (gtk_widget_get_focusable (chart));
  g_assert_cmpint (cpis_chart_get_selected (CPIS_CHART (chart)), ==, -1);

  g_assert_true (cpis_test_ui_press_key (chart, "cpis-chart-keys", GDK_KEY_Right, 0));
  g_assert_cmpint (cpis_chart_get_selected (CPIS_CHART (chart)), ==, 0);
  g_assert_true (cpis_test_ui_press_key (chart, "cpis-chart-keys", GDK_KEY_Right, 0));
  g_assert_cmpint (cpis_chart_get_selected (CPIS_CHART (chart)), ==, 1);
  g_assert_true (cpis_test_ui_press_key (chart, "cpis-chart-keys", GDK_KEY_End, 0));
  g_assert_cmpint (cpis_chart_get_selected (CPIS_CHART (chart)), ==, 3);
  g_assert_true (cpis_test_ui_press_key (chart, "cpis-chart-keys", GDK_KEY_Right, 0));
  g_assert_cmpint (cpis_chart_get_selected (CPIS_CHART (chart)), ==, 3);
  g_assert_true (cpis_test_ui_press_key (chart, "cpis-chart-keys", GDK_KEY_Left, 0));
  g_assert_cmpint (cpis_chart_get_selected (CPIS_CHART (chart)), ==, 2);
  g_assert_true (cpis_test_ui_press_key (chart, "cpis-chart-keys", GDK_KEY_Home, 0));
  g_assert_cmpint (cpis_chart_get_selected (CPIS_CHART (chart)), ==, 0);
  /* other keys are not the chart's (Tab moves on) */
  g_assert_false (cpis_test_ui_press_key (chart, "cpis-chart-keys", GDK_KEY_Tab, 0));

  cpis_chart_set_data (CPIS_CHART (chart), other);
  g_assert_cmpint (cpis_chart_get_selected (CPIS_CHART (chart)), ==, -1);
  cpis_chart_set_data (CPIS_CHART (chart), NULL);
  g_assert_false (cpis_test_ui_press_key (chart, "cpis-chart-keys", GDK_KEY_Right, 0));
  gtk_test_widget_wait_for_draw (chart);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The dark style: each series lighter than in the light one, and the series
 * still told apart */
static void
test_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GdkRGBA light[3], dark[3];

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  for (guint i = 0; i < 3; i++)
    _cpis_chart_series_color (i, &light[i]);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  for (guint i = 0; i < 3; i++)
    _cpis_chart_series_color (i, &dark[i]);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  for (guint i = 0; i < 3; i++)
    {
      g_assert_false (close_colours (&light[i], &light[(i + 1) % 3]));
      g_assert_false (close_colours (&dark[i], &dark[(i + 1) % 3]));
    }
  /* the first series: the light style's blue, the dark style's sky blue */
  g_assert_cmpfloat (dark[0].red + dark[0].green + dark[0].blue, >, light[0].red + light[0].green + light[0].blue);
}

/* The CSV export reads back as the figures: a row per category, a column
 * per series, "<5" for a withheld count, a hostile name inert */
static void
test_csv (void)
{
  g_autoptr(CpisChartData) data = cpis_chart_data_new ("Plans by type", "plan", "plans");
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char *header[] = { "Local authority", "Child protection", "Looked after" };
  CpisCsvRow *row;
  guint la;

  cpis_chart_data_add_series (data, "Child protection");
  cpis_chart_data_add_series (data, "Looked after");
  la = cpis_chart_data_add_category (data, "Northgate, \"North\"");
  cpis_chart_data_set_value (data, 0, la, 30);
  cpis_chart_data_set_value (data, 1, la, CPIS_CHART_VALUE_SUPPRESSED);
  la = cpis_chart_data_add_category (data, "=HYPERLINK(\"http://example.invalid\")");
  cpis_chart_data_set_value (data, 0, la, 0);
  cpis_chart_data_set_value (data, 1, la, 12);

  csv = cpis_chart_data_to_csv (data, "Local authority");
  rows = cpis_csv_read (csv, -1, header, G_N_ELEMENTS (header), NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  row = rows->pdata[0];
  g_assert_cmpstr (row->fields->pdata[0], ==, "Northgate, \"North\"");
  g_assert_cmpstr (row->fields->pdata[1], ==, "30");
  g_assert_cmpstr (row->fields->pdata[2], ==, "<5");
  row = rows->pdata[1];
  /* a spreadsheet shows it as text, never runs it */
  g_assert_cmpstr (row->fields->pdata[0], ==, "'=HYPERLINK(\"http://example.invalid\")");
  g_assert_cmpstr (row->fields->pdata[1], ==, "0");
  g_assert_cmpstr (row->fields->pdata[2], ==, "12");
}

/* A week's figures from the hub's report: a category a stratum, the
 * weeks labelled by their Mondays, a withheld week still withheld */
static void
test_from_report (void)
{
  g_autoptr(CpisMeasureGroup) group = cpis_measure_group_new ("attendances", "Attendances");
  CpisMeasureStratifier *weeks = cpis_measure_stratifier_new ("week", "Week");
  CpisMeasureStratifier *kinds = cpis_measure_stratifier_new ("setting-kind", NULL);
  g_autoptr(CpisChartData) by_week = NULL;
  g_autoptr(CpisChartData) by_kind = NULL;
  g_autofree char *described = NULL;

  cpis_measure_stratifier_add (weeks, "2026-11-02", NULL, 21);
  cpis_measure_stratifier_add (weeks, "2026-11-09", NULL, CPIS_MEASURE_SUPPRESSED);
  cpis_measure_stratifier_add (weeks, "2026-11-16", NULL, 0);
  cpis_measure_stratifier_add (kinds, "emergency-department", "Emergency department", 50);
  cpis_measure_stratifier_add (kinds, "maternity", NULL, 7);
  g_ptr_array_add (group->stratifiers, weeks);
  g_ptr_array_add (group->stratifiers, kinds);

  by_week = cpis_chart_data_new_from_stratifier (group, "week", "Attendances per week", "attendance",
                                                 "attendances");
  g_assert_nonnull (by_week);
  g_assert_cmpuint (cpis_chart_data_get_n_series (by_week), ==, 1);
  g_assert_cmpuint (cpis_chart_data_get_n_categories (by_week), ==, 3);
  g_assert_cmpstr (cpis_chart_data_get_category (by_week, 0), ==, "2 Nov");
  g_assert_cmpint (cpis_chart_data_get_value (by_week, 0, 0), ==, 21);
  g_assert_cmpint (cpis_chart_data_get_value (by_week, 0, 1), ==, CPIS_CHART_VALUE_SUPPRESSED);
  g_assert_cmpint (cpis_chart_data_get_value (by_week, 0, 2), ==, 0);
  described = cpis_chart_data_describe (by_week);
  g_assert_cmpstr (described, ==, "Attendances per week. 2 Nov: 21 attendances; 9 Nov: fewer than 5; "
                                  "16 Nov: 0 attendances.");

  by_kind = cpis_chart_data_new_from_stratifier (group, "setting-kind", "Attendances by setting kind",
                                                 "attendance", "attendances");
  g_assert_cmpstr (cpis_chart_data_get_category (by_kind, 0), ==, "Emergency department");
  g_assert_cmpstr (cpis_chart_data_get_category (by_kind, 1), ==, "maternity");
  g_assert_null (cpis_chart_data_new_from_stratifier (group, "la", "", "", ""));
}

int
main (int argc, char **argv)
{
  /* (month names in English, whatever the machine's locale) */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  cpis_test_ui_init (&argc, &argv);

  g_test_add_func ("/charts/data", test_data);
  g_test_add_func ("/charts/bars", test_bars);
  g_test_add_func ("/charts/stacked", test_stacked);
  g_test_add_func ("/charts/hidden", test_hidden);
  g_test_add_func ("/charts/line", test_line);
  g_test_add_func ("/charts/keyboard", test_keyboard);
  g_test_add_func ("/charts/dark", test_dark);
  g_test_add_func ("/charts/csv", test_csv);
  g_test_add_func ("/charts/from-report", test_from_report);

  return g_test_run ();
}
