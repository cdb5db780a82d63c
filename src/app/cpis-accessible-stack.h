/* cpis-accessible-stack.h: stacks whose hidden pages stay out of the
 * accessibility tree */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows the page @name of @stack and marks every other page hidden to
 * assistive technologies: GTK 4.8 does not tell them which page is on
 * screen, so a screen reader would read all of them. */
void cpis_accessible_stack_show (GtkStack   *stack,
                                 const char *name);

G_END_DECLS
