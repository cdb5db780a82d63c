/* cpis-cell-text.h: the text of a table's cell
 *
 * One line, ellipsized at the end, and its whole text as a tooltip when (and
 * only when) it does not fit; its accessible name is the text (role label),
 * so that a cell reads as a label does.
 *
 * For a column of a fixed width (every table here has them: otherwise a
 * column view measures every row to find the widest): the cell is as wide
 * as its column and one line of its font high, whatever the text, so a new
 * text is drawn, never measured, and the table is not laid out again for
 * it. Only the cells drawn shape their text; GTK 4.8's list views keep
 * about 200 rows bound, a screenful of them on screen.
 *
 * A widget of its own that draws one PangoLayout, not a GtkLabel: a column
 * view on GTK 4.8 makes new cells for every row that comes into view (it
 * keeps none to reuse), eight for each row of an inbox, so what a cell costs
 * to make, lay out and draw is what scrolling and filtering 100,000 rows
 * cost. A GtkLabel carries what a cell never needs (selection, links,
 * mnemonics, wrapping, markup, its own Pango context), its event
 * controllers, and measures its text for every change.
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
/* Drawn in bold (a new notification's row): in the cell's own layout, not
 * by a CSS class, whose change would have every cell's style worked out
 * again (a filter or sort changes 1,600 of them) */
void        cpis_cell_text_set_bold (CpisCellText *self,
                                     gboolean      bold);
gboolean    cpis_cell_text_get_bold (CpisCellText *self);
/* The text, never NULL ("" when none) */
const char *cpis_cell_text_get_text (CpisCellText *self);
/* Whether the text is cut short (ellipsized) at the width it has */
gboolean    cpis_cell_text_is_cut   (CpisCellText *self);

/* Names the table row the cell is in, for screen readers (GTK 4.8 gives a
 * column view's rows no name of their own: one was read as
 * "GtkListItemWidget"): a sentence of the row's cells. Nothing outside a
 * column view. */
void        cpis_cell_text_name_row (CpisCellText *self,
                                     const char   *name);

/* How much larger than the default @widget's text is drawn (1 or more:
 * large text, a larger font): a table's fixed column widths are multiplied
 * by it, so that an NHS number still fits its column */
double      cpis_cell_text_scale    (GtkWidget    *widget);

G_END_DECLS
