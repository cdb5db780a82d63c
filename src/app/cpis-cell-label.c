/* cpis-cell-label.c: the label of a table's cell */

#include "cpis-cell-label.h"

static gboolean
query_tooltip_cb (GtkLabel   *label,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = gtk_label_get_text (label);

  if (text == NULL || *text == '\0' ||
      !pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

GtkWidget *
cpis_cell_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  return label;
}

/* "999 999 9999" in the default font at the default size: 88 px */
#define REFERENCE_TEXT  "999 999 9999"
#define REFERENCE_WIDTH 88.0

double
cpis_cell_label_text_scale (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, REFERENCE_TEXT);
  int width = 0;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return MAX (1.0, width / REFERENCE_WIDTH);
}
