/* cpis-cell-label.h: the label of a table's cell
 *
 * One line, ellipsized at the end, and its whole text as a tooltip when (and
 * only when) it does not fit. The tooltip is asked for on hover rather than
 * set when the cell is bound: setting one makes GTK ask the X server where
 * the pointer is, a round trip per cell, which made the first page of an
 * inbox (250 rows) take most of a second to bind.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *cpis_cell_label_new        (void);
/* How much larger than the default @widget's text is drawn (1 or more:
 * large text, a larger font): a table's fixed column widths are multiplied
 * by it, so that an NHS number still fits its column */
double     cpis_cell_label_text_scale (GtkWidget *widget);

G_END_DECLS
