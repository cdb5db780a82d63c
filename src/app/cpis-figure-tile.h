/* cpis-figure-tile.h: one headline figure of an area ("Settings live: 5 of
 * 6"), its number large, what it counts beneath
 *
 * A withheld count reads "fewer than 5", never 0; a figure the hub did not
 * give reads "not given". The accessible label says both lines.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CPIS_TYPE_FIGURE_TILE (cpis_figure_tile_get_type ())

G_DECLARE_FINAL_TYPE (CpisFigureTile, cpis_figure_tile, CPIS, FIGURE_TILE, GtkWidget)

GtkWidget  *cpis_figure_tile_new       (const char     *caption);
/* @value: "5 of 6", "fewer than 5"; @detail (may be NULL): "Target 95%" */
void        cpis_figure_tile_set_value (CpisFigureTile *self,
                                        const char     *value,
                                        const char     *detail);
const char *cpis_figure_tile_get_value (CpisFigureTile *self);

G_END_DECLS
