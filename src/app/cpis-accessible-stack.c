/* cpis-accessible-stack.c */
#include "cpis-accessible-stack.h"

void
cpis_accessible_stack_show (GtkStack   *stack,
                            const char *name)
{
  g_autoptr(GListModel) pages = NULL;

  g_return_if_fail (GTK_IS_STACK (stack));
  g_return_if_fail (name != NULL);

  gtk_stack_set_visible_child_name (stack, name);

  pages = G_LIST_MODEL (gtk_stack_get_pages (stack));
  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (pages, i);
      GtkStackPage *page = GTK_STACK_PAGE (item);

      gtk_accessible_update_state (GTK_ACCESSIBLE (gtk_stack_page_get_child (page)),
                                   GTK_ACCESSIBLE_STATE_HIDDEN,
                                   g_strcmp0 (gtk_stack_page_get_name (page), name) != 0,
                                   -1);
    }
}
