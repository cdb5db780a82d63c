/* cpis-cell-text.h: the text of a table's cell
 *
 * One line, ellipsized at the end, and its whole text as a tooltip when (and
 * only when) it does not fit; its accessible name is the text (role label),
 * so that a cell reads as a label does.
 *
 * A widget of its own that draws one PangoLayout, not a GtkLabel: a column
 * view on GTK 4.8 makes new cells for every row that comes into view (it
 * keeps none to reuse), eight for each row of an inbox, so what a cell costs
 * to make, measure and draw is what scrolling and filtering 100,000 rows
 * cost. A GtkLabel carries what a cell never needs (selection, links,
 * mnemonics, wrapping, markup, its own Pango context) and its event
 * controllers.
 *
 * The tooltip is asked for on hover rather than set when the cell is bound:
 * setting one makes GTK ask the X server where the pointer is, a round trip
 * per cell, which made the first page of an inbox (250 rows) take most of a
 * second to bind.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CPIS_TYPE_CELL_TEXT (cpis_cell_text_get_type ())

G_DECLARE_FINAL_TYPE (CpisCellText, cpis_cell_text, CPIS, CELL_TEXT, GtkWidget)

GtkWidget  *cpis_cell_text_new      (void);
void        cpis_cell_text_set_text (CpisCellText *self,
                                     const char   *text);
/* The text, never NULL ("" when none) */
const char *cpis_cell_text_get_text (CpisCellText *self);
/* Whether the text is cut short (ellipsized) at the width it has */
gboolean    cpis_cell_text_is_cut   (CpisCellText *self);

/* How much larger than the default @widget's text is drawn (1 or more:
 * large text, a larger font): a table's fixed column widths are multiplied
 * by it, so that an NHS number still fits its column */
double      cpis_cell_text_scale    (GtkWidget    *widget);

G_END_DECLS
