/* test-cell-text.c: a table cell's text (CpisCellText)
 *
 * Runs under Xvfb: each cell is shown in a window of a set width and laid
 * out, and what a sighted user gets (the text, cut short or not, the tooltip
 * only when cut) and its size are checked. The cell is never laid out again
 * for a new text, only drawn: that what it draws and cuts follows the text
 * and the font all the same is what these tests are for.
 */
#include <adwaita.h>
#include <gtk/gtk.h>

#include "cpis-cell-text.h"
#include "cpis-test-ui.h"

#define LONG_TEXT "Out of area: Northgate General Hospital Emergency Department"

typedef struct
{
  GtkWidget *window;
  GtkWidget *cell;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  int width = GPOINTER_TO_INT (data);

  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  /* the cell as wide as its column, as in a table */
  fixture->window = gtk_window_new ();
  fixture->cell = cpis_cell_text_new ();
  gtk_widget_set_hexpand (fixture->cell, TRUE);
  gtk_widget_set_size_request (column, width, -1);
  gtk_widget_set_halign (column, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (column), fixture->cell);
  gtk_window_set_child (GTK_WINDOW (fixture->window), column);
  gtk_window_present (GTK_WINDOW (fixture->window));
  cpis_test_ui_iterate_until (cpis_test_ui_widget_mapped, fixture->cell);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

static int
height_of (GtkWidget *cell)
{
  int natural = 0;

  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* What the tooltip would say on hover, or NULL for none */
static char *
tooltip_text (GtkWidget *cell)
{
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_signal_emit_by_name (cell, "query-tooltip", 2, 2, FALSE, tooltip, &shown);
  if (!shown)
    return NULL;
  /* (GtkTooltip keeps its text in a label of its window, not to be read: the
   * cell's own text is what it sets) */
  return g_strdup (cpis_cell_text_get_text (CPIS_CELL_TEXT (cell)));
}

/* A long text in a narrow cell: cut short, the whole of it on hover; the
 * cell asks for no width of its own (its column has one) */
static void
test_cut (Fixture       *fixture,
          gconstpointer  data)
{
  CpisCellText *cell = CPIS_CELL_TEXT (fixture->cell);
  g_autofree char *tooltip = NULL;
  int minimum = -1, natural = -1;

  cpis_cell_text_set_text (cell, LONG_TEXT);
  cpis_test_ui_wait_for_paint (fixture->window);

  g_assert_cmpstr (cpis_cell_text_get_text (cell), ==, LONG_TEXT);
  g_assert_cmpint (gtk_widget_get_width (fixture->cell), ==, 80);
  g_assert_true (cpis_cell_text_is_cut (cell));
  tooltip = tooltip_text (fixture->cell);
  g_assert_cmpstr (tooltip, ==, LONG_TEXT);

  gtk_widget_measure (fixture->cell, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, ==, 0);
  g_assert_cmpint (natural, ==, 0);
}

/* A text that fits: not cut, and no tooltip repeating it */
static void
test_fits (Fixture       *fixture,
           gconstpointer  data)
{
  CpisCellText *cell = CPIS_CELL_TEXT (fixture->cell);
  g_autofree char *tooltip = NULL;

  cpis_cell_text_set_text (cell, "999 100 0003");
  cpis_test_ui_wait_for_paint (fixture->window);

  g_assert_false (cpis_cell_text_is_cut (cell));
  tooltip = tooltip_text (fixture->cell);
  g_assert_null (tooltip);
}

/* No text (NULL or empty): "" back, not cut, no tooltip, and a line high
 * still: a row does not shrink because one of its cells is empty */
static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  CpisCellText *cell = CPIS_CELL_TEXT (fixture->cell);
  g_autofree char *tooltip = NULL;
  int height;

  cpis_cell_text_set_text (cell, "Riverside ED");
  cpis_test_ui_wait_for_paint (fixture->window);
  height = height_of (fixture->cell);
  g_assert_cmpint (height, >, 0);
  cpis_cell_text_set_text (cell, NULL);
  cpis_test_ui_wait_for_paint (fixture->window);

  g_assert_cmpstr (cpis_cell_text_get_text (cell), ==, "");
  g_assert_false (cpis_cell_text_is_cut (cell));
  tooltip = tooltip_text (fixture->cell);
  g_assert_null (tooltip);
  g_assert_cmpint (height_of (fixture->cell), ==, height);
}

/* A new text is what is drawn and cut: a cell bound to another row does not
 * keep the last one's (nor its cut), though it is not laid out again */
static void
test_text_changed (Fixture       *fixture,
                   gconstpointer  data)
{
  CpisCellText *cell = CPIS_CELL_TEXT (fixture->cell);
  g_autofree char *tooltip = NULL;

  cpis_cell_text_set_text (cell, "ED");
  cpis_test_ui_wait_for_paint (fixture->window);
  g_assert_false (cpis_cell_text_is_cut (cell));

  cpis_cell_text_set_text (cell, LONG_TEXT);
  cpis_test_ui_wait_for_paint (fixture->window);
  g_assert_true (cpis_cell_text_is_cut (cell));
  tooltip = tooltip_text (fixture->cell);
  g_assert_cmpstr (tooltip, ==, LONG_TEXT);

  cpis_cell_text_set_text (cell, "ED");
  cpis_test_ui_wait_for_paint (fixture->window);
  g_assert_false (cpis_cell_text_is_cut (cell));
  g_clear_pointer (&tooltip, g_free);
  tooltip = tooltip_text (fixture->cell);
  g_assert_null (tooltip);
}

/* A change of font (bold, as a new notification's row is; large text) is
 * seen though the text is the same: the line's height, and whether it fits */
static void
test_font_changed (Fixture       *fixture,
                   gconstpointer  data)
{
  CpisCellText *cell = CPIS_CELL_TEXT (fixture->cell);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  int plain;

  gtk_css_provider_load_from_data (css, "label.test-large { font-size: 250%; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  cpis_cell_text_set_text (cell, "Alex TESTER");
  cpis_test_ui_wait_for_paint (fixture->window);
  plain = height_of (fixture->cell);
  g_assert_false (cpis_cell_text_is_cut (cell));

  gtk_widget_add_css_class (fixture->cell, "test-large");
  cpis_test_ui_wait_for_paint (fixture->window);
  g_assert_cmpint (height_of (fixture->cell), >=, plain * 2);
  g_assert_true (cpis_cell_text_is_cut (cell));

  gtk_widget_remove_css_class (fixture->cell, "test-large");
  cpis_test_ui_wait_for_paint (fixture->window);
  g_assert_cmpint (height_of (fixture->cell), ==, plain);
  g_assert_false (cpis_cell_text_is_cut (cell));

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
}

/* Column widths grow with the text size, never shrink below the design */
static void
test_scale (void)
{
  g_autoptr(GtkWidget) cell = g_object_ref_sink (cpis_cell_text_new ());

  g_assert_cmpfloat (cpis_cell_text_scale (cell), >=, 1.0);
}

int
main (int argc, char **argv)
{
  cpis_test_ui_init (&argc, &argv);

  g_test_add ("/cell-text/cut", Fixture, GINT_TO_POINTER (80), fixture_set_up, test_cut,
              fixture_tear_down);
  g_test_add ("/cell-text/fits", Fixture, GINT_TO_POINTER (400), fixture_set_up, test_fits,
              fixture_tear_down);
  g_test_add ("/cell-text/empty", Fixture, GINT_TO_POINTER (200), fixture_set_up, test_empty,
              fixture_tear_down);
  g_test_add ("/cell-text/text-changed", Fixture, GINT_TO_POINTER (120), fixture_set_up,
              test_text_changed, fixture_tear_down);
  g_test_add ("/cell-text/font-changed", Fixture, GINT_TO_POINTER (130), fixture_set_up,
              test_font_changed, fixture_tear_down);
  g_test_add_func ("/cell-text/scale", test_scale);

  return g_test_run ();
}
