/* cpis-area-report.c: an area's figures as a PDF report
 *
 * Drawn twice: once to count the pages (thrown away), once for the file,
 * so that each page's foot can say "page 2 of 5".
 */
#include <glib/gi18n.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "cpis-area-report.h"

#include "cpis-area-figures-text.h"
#include "cpis-chart.h"
#include "cpis-date.h"
#include "cpis-period.h"

G_DEFINE_QUARK (cpis-area-report-error-quark, cpis_area_report_error)

/* A4, in points */
#define PAGE_WIDTH    595.28
#define PAGE_HEIGHT   841.89
#define MARGIN        48.0
#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define FOOT_Y        (PAGE_HEIGHT - 40.0)
#define BOTTOM        (FOOT_Y - 16.0)
#define CHART_HEIGHT  250.0
/* charts are drawn at screen size and scaled, for text of print size */
#define CHART_SCALE   0.75

#define FONT_BODY    "Sans 9.5"
#define FONT_BOLD    "Sans Bold 9.5"
#define FONT_SMALL   "Sans 7.5"
#define FONT_TABLE   "Sans 8"
#define FONT_TABLE_BOLD "Sans Bold 8"
#define FONT_TITLE   "Sans Bold 20"
#define FONT_AREA    "Sans 15"
#define FONT_HEADING "Sans Bold 12.5"
#define FONT_FIGURE  "Sans Bold 12"

typedef struct
{
  CpisMeasureReport *report;
  const char        *area;
  const char        *period;
  const char        *la_name;
  const char        *produced;
  cairo_t           *cr;
  PangoContext      *context;  /* at 72 dpi: a font's points are the page's */
  double             y;
  guint              page;     /* 1-based */
  guint              n_pages;  /* 0 on the counting pass */
} Paper;

static PangoLayout *
layout_new (Paper      *paper,
            const char *text,
            const char *font,
            double      width)
{
  PangoLayout *layout = pango_layout_new (paper->context);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static void
draw_layout (Paper       *paper,
             PangoLayout *layout,
             double       x,
             double       y,
             double       grey)
{
  cairo_set_source_rgb (paper->cr, grey, grey, grey);
  cairo_move_to (paper->cr, x, y);
  pango_cairo_show_layout (paper->cr, layout);
}

static void
draw_foot (Paper *paper)
{
  g_autofree char *left = g_strdup_printf (_("CP-IS area figures · %s · %s"), paper->area, paper->period);
  g_autofree char *right = paper->n_pages > 0 ? g_strdup_printf (_("Page %u of %u"), paper->page, paper->n_pages)
                                              : g_strdup_printf (_("Page %u"), paper->page);
  g_autoptr(PangoLayout) left_layout = layout_new (paper, left, FONT_SMALL, CONTENT_WIDTH - 70);
  g_autoptr(PangoLayout) right_layout = layout_new (paper, right, FONT_SMALL, 70);

  pango_layout_set_ellipsize (left_layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (right_layout, PANGO_ALIGN_RIGHT);
  cairo_set_source_rgb (paper->cr, 0.6, 0.6, 0.6);
  cairo_rectangle (paper->cr, MARGIN, FOOT_Y - 6, CONTENT_WIDTH, 0.5);
  cairo_fill (paper->cr);
  draw_layout (paper, left_layout, MARGIN, FOOT_Y, 0.35);
  draw_layout (paper, right_layout, MARGIN + CONTENT_WIDTH - 70, FOOT_Y, 0.35);
}

static void
next_page (Paper *paper)
{
  draw_foot (paper);
  cairo_show_page (paper->cr);
  paper->page++;
  paper->y = MARGIN;
}

/* A new page unless @height fits on this one below what is there */
static void
make_room (Paper  *paper,
           double  height)
{
  if (paper->y + height > BOTTOM && paper->y > MARGIN)
    next_page (paper);
}

static void
paragraph (Paper      *paper,
           const char *text,
           const char *font,
           double      grey,
           double      space_after)
{
  g_autoptr(PangoLayout) layout = layout_new (paper, text, font, CONTENT_WIDTH);
  double height = layout_height (layout);

  make_room (paper, height);
  draw_layout (paper, layout, MARGIN, paper->y, grey);
  paper->y += height + space_after;
}

/* A heading kept with @keep_with points of what follows it */
static void
heading (Paper      *paper,
         const char *text,
         double      keep_with)
{
  g_autoptr(PangoLayout) layout = layout_new (paper, text, FONT_HEADING, CONTENT_WIDTH);
  double height = layout_height (layout);

  make_room (paper, height + 8 + keep_with);
  draw_layout (paper, layout, MARGIN, paper->y, 0.1);
  paper->y += height + 8;
}

/* One row of a table: @cells in columns of @widths (fractions of the
 * page's width), the first in bold, a rule beneath */
static void
table_row (Paper              *paper,
           const char * const *cells,
           const double       *widths,
           guint               n_cells,
           const char         *font,
           const char         *first_font)
{
  PangoLayout *layouts[8];
  double height = 0;
  double x = MARGIN;

  g_assert (n_cells <= G_N_ELEMENTS (layouts));
  for (guint i = 0; i < n_cells; i++)
    {
      layouts[i] = layout_new (paper, cells[i] != NULL ? cells[i] : "", i == 0 ? first_font : font,
                               widths[i] * CONTENT_WIDTH - 8);
      height = MAX (height, layout_height (layouts[i]));
    }

  make_room (paper, height + 8);
  for (guint i = 0; i < n_cells; i++)
    {
      draw_layout (paper, layouts[i], x, paper->y + 3, 0.1);
      x += widths[i] * CONTENT_WIDTH;
      g_object_unref (layouts[i]);
    }
  paper->y += height + 6;
  cairo_set_source_rgb (paper->cr, 0.82, 0.82, 0.82);
  cairo_rectangle (paper->cr, MARGIN, paper->y, CONTENT_WIDTH, 0.5);
  cairo_fill (paper->cr);
  paper->y += 2;
}

static void
title_block (Paper *paper)
{
  g_autofree char *la = g_strdup_printf (_("Local authorities: %s"),
                                         paper->la_name != NULL ? paper->la_name : _("all in the area"));

  paragraph (paper, _("CP-IS area figures"), FONT_TITLE, 0.1, 4);
  paragraph (paper, paper->area, FONT_AREA, 0.1, 10);
  paragraph (paper, paper->period, FONT_BOLD, 0.1, 2);
  paragraph (paper, la, FONT_BODY, 0.1, 2);
  paragraph (paper, paper->produced, FONT_BODY, 0.1, 2);
  paragraph (paper, _("Aggregate figures only: no child is named, numbered or dated in this report."), FONT_BODY,
             0.1, 18);
}

static void
headlines_block (Paper *paper)
{
  g_autoptr(GPtrArray) headlines = cpis_area_headlines (paper->report);
  const double widths[] = { 0.36, 0.22, 0.42 };

  heading (paper, _("Headline figures"), 30);
  for (guint i = 0; i < headlines->len; i++)
    {
      const CpisAreaHeadline *headline = g_ptr_array_index (headlines, i);
      const char *cells[] = { headline->caption, headline->value, headline->detail };

      table_row (paper, cells, widths, G_N_ELEMENTS (cells), FONT_BODY, FONT_BOLD);
    }
  paper->y += 14;
}

static void
note_block (Paper *paper)
{
  g_autoptr(PangoLayout) layout = layout_new (paper, cpis_area_suppression_note (), FONT_BODY, CONTENT_WIDTH - 20);
  double height = layout_height (layout);

  make_room (paper, height + 20);
  cairo_set_source_rgb (paper->cr, 0.94, 0.94, 0.94);
  cairo_rectangle (paper->cr, MARGIN, paper->y, CONTENT_WIDTH, height + 20);
  cairo_fill (paper->cr);
  draw_layout (paper, layout, MARGIN + 10, paper->y + 10, 0.1);
  paper->y += height + 20 + 18;
}

static void
charts_block (Paper *paper)
{
  /* the charts on pages of their own, two to a page */
  next_page (paper);
  for (guint i = 0; i < CPIS_AREA_N_CHARTS; i++)
    {
      g_autoptr(GtkWidget) chart = g_object_ref_sink (cpis_area_chart_new (i));
      g_autoptr(CpisChartData) data = cpis_area_chart_data (paper->report, i);

      heading (paper, cpis_area_chart_title (i), CHART_HEIGHT);
      cpis_chart_set_data (CPIS_CHART (chart), data);
      cairo_save (paper->cr);
      cairo_translate (paper->cr, MARGIN, paper->y);
      cairo_scale (paper->cr, CHART_SCALE, CHART_SCALE);
      cpis_chart_draw_on_paper (CPIS_CHART (chart), paper->cr, (int) (CONTENT_WIDTH / CHART_SCALE),
                                (int) (CHART_HEIGHT / CHART_SCALE));
      cairo_restore (paper->cr);
      paper->y += CHART_HEIGHT + 24;
    }
}

static void
rows_block (Paper        *paper,
            const char   *title,
            GPtrArray    *rows,
            const double *widths,
            guint         n_cells,
            const char   *none)
{
  heading (paper, title, 30);
  if (rows->len == 0)
    paragraph (paper, none, FONT_BODY, 0.35, 14);
  for (guint i = 0; i < rows->len; i++)
    table_row (paper, g_ptr_array_index (rows, i), widths, n_cells, FONT_TABLE, FONT_TABLE_BOLD);
  paper->y += 18;
}

static void
draw_report (Paper *paper)
{
  g_autoptr(GPtrArray) match_rows = cpis_area_match_rate_rows (paper->report);
  g_autoptr(GPtrArray) setting_rows = cpis_area_setting_rows (paper->report);
  const double match_widths[CPIS_AREA_MATCH_RATE_CELLS] = { 0.32, 0.16, 0.16, 0.36 };
  const double setting_widths[CPIS_AREA_SETTING_CELLS] = { 0.25, 0.22, 0.09, 0.12, 0.32 };

  paper->page = 1;
  paper->y = MARGIN;
  title_block (paper);
  headlines_block (paper);
  if (paper->la_name != NULL)
    paragraph (paper, _("One local authority: the settings' figures are still the whole area's."), FONT_BODY, 0.1,
               10);
  note_block (paper);
  charts_block (paper);
  next_page (paper);
  rows_block (paper, _("Upload match rate by local authority"), match_rows, match_widths, CPIS_AREA_MATCH_RATE_CELLS,
              _("No local authority's uploads were given."));
  rows_block (paper, _("The area's settings"), setting_rows, setting_widths, CPIS_AREA_SETTING_CELLS,
              _("No settings were given."));
  draw_foot (paper);
  cairo_show_page (paper->cr);
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  if (closure != NULL)
    g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Draws the report on a PDF going to @out (NULL: nowhere); its pages */
static guint
draw_pdf (Paper       *paper,
          GByteArray  *out,
          GError     **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_cb, out, PAGE_WIDTH, PAGE_HEIGHT);
  g_autofree char *title = g_strdup_printf (_("CP-IS area figures: %s, %s"), paper->area, paper->period);
  cairo_status_t status;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "CP-IS Desktop");
  paper->cr = cairo_create (surface);
  paper->context = pango_cairo_create_context (paper->cr);
  pango_cairo_context_set_resolution (paper->context, 72);
  draw_report (paper);
  g_clear_object (&paper->context);
  status = cairo_status (paper->cr);
  cairo_destroy (paper->cr);
  paper->cr = NULL;
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CPIS_AREA_REPORT_ERROR, CPIS_AREA_REPORT_ERROR_FAILED,
                   _("The report could not be drawn: %s"), cairo_status_to_string (status));
      return 0;
    }
  return paper->page;
}

GBytes *
cpis_area_report_to_pdf (CpisMeasureReport  *report,
                         const GDate        *first,
                         const GDate        *last,
                         const char         *la_name,
                         GDateTime          *produced,
                         const char         *produced_by,
                         GError            **error)
{
  g_autofree char *period = NULL;
  g_autofree char *when = NULL;
  g_autofree char *produced_text = NULL;
  g_autoptr(GByteArray) out = NULL;
  const char *area;
  Paper paper = { 0 };
  guint n_pages;

  g_return_val_if_fail (CPIS_IS_MEASURE_REPORT (report), NULL);
  g_return_val_if_fail (first != NULL && g_date_valid (first), NULL);
  g_return_val_if_fail (last != NULL && g_date_valid (last), NULL);
  g_return_val_if_fail (produced != NULL, NULL);
  g_return_val_if_fail (produced_by != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  area = cpis_measure_report_get_reporter (report);
  period = cpis_period_format (first, last);
  when = cpis_date_time_format_uk (produced);
  /* Translators: "Produced Thu 3 Dec 2026, 09:14 by Pat Officer (officer)" */
  produced_text = g_strdup_printf (_("Produced %s by %s"), when, produced_by);

  paper.report = report;
  paper.area = area != NULL ? area : _("The area");
  paper.period = period;
  paper.la_name = la_name;
  paper.produced = produced_text;

  n_pages = draw_pdf (&paper, NULL, error);
  if (n_pages == 0)
    return NULL;
  paper.n_pages = n_pages;
  out = g_byte_array_new ();
  if (draw_pdf (&paper, out, error) == 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
