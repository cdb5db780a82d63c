/* cpis-cell-text.c: the text of a table's cell */

#include "cpis-cell-text.h"

struct _CpisCellText
{
  GtkWidget    parent_instance;

  char        *text;
  gboolean     bold;
  /* on the widget's own Pango context, which GTK keeps to the CSS font: the
   * layout sees a change of font (bold for new notifications, large text)
   * by itself; NULL until first needed */
  PangoLayout *layout;
  /* one line's height and baseline in the font, and the context's serial
   * they were measured at (0: not yet) */
  int          line_height;
  int          baseline;
  guint        measured_serial;
};

G_DEFINE_FINAL_TYPE (CpisCellText, cpis_cell_text, GTK_TYPE_WIDGET)

static void
set_weight (PangoLayout *layout,
            gboolean     bold)
{
  g_autoptr(PangoAttrList) attributes = NULL;

  if (bold)
    {
      attributes = pango_attr_list_new ();
      pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
    }
  pango_layout_set_attributes (layout, attributes);
}

static PangoLayout *
ensure_layout (CpisCellText *self)
{
  if (self->layout == NULL)
    {
      self->layout = pango_layout_new (gtk_widget_get_pango_context (GTK_WIDGET (self)));
      pango_layout_set_text (self->layout, self->text, -1);
      set_weight (self->layout, self->bold);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
    }
  return self->layout;
}

/* The layout at the width the cell has: ellipsized if it does not fit */
static PangoLayout *
ensure_layout_at_width (CpisCellText *self)
{
  PangoLayout *layout = ensure_layout (self);

  pango_layout_set_width (layout, MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1) * PANGO_SCALE);
  return layout;
}

/* One line of the font, measured again only when the font changed: the
 * height of a line is the font's, not the text's */
static void
ensure_line_measured (CpisCellText *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  guint serial = pango_context_get_serial (context);
  g_autoptr(PangoLayout) line = NULL;
  PangoRectangle logical;

  if (self->measured_serial == serial)
    return;

  line = pango_layout_new (context);
  pango_layout_get_pixel_extents (line, NULL, &logical);
  self->line_height = logical.height;
  self->baseline = pango_layout_get_baseline (line) / PANGO_SCALE;
  self->measured_serial = serial;
}

static void
cpis_cell_text_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  CpisCellText *self = CPIS_CELL_TEXT (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* as wide as its column, which the table fixes: the text is
       * ellipsized, never measured (see the header) */
      *minimum = *natural = 0;
      return;
    }

  ensure_line_measured (self);
  *minimum = *natural = self->line_height;
  *minimum_baseline = *natural_baseline = self->baseline;
}

static void
cpis_cell_text_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CpisCellText *self = CPIS_CELL_TEXT (widget);
  PangoLayout *layout;
  PangoRectangle logical;
  GdkRGBA color;

  if (*self->text == '\0')
    return;

  layout = ensure_layout_at_width (self);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (0, (gtk_widget_get_height (widget) - logical.height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static gboolean
cpis_cell_text_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_tooltip,
                              GtkTooltip *tooltip)
{
  CpisCellText *self = CPIS_CELL_TEXT (widget);

  if (!cpis_cell_text_is_cut (self))
    return FALSE;

  gtk_tooltip_set_text (tooltip, self->text);
  return TRUE;
}

static void
cpis_cell_text_finalize (GObject *object)
{
  CpisCellText *self = CPIS_CELL_TEXT (object);

  g_clear_object (&self->layout);
  g_free (self->text);

  G_OBJECT_CLASS (cpis_cell_text_parent_class)->finalize (object);
}

static void
cpis_cell_text_class_init (CpisCellTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cpis_cell_text_finalize;
  widget_class->measure = cpis_cell_text_measure;
  widget_class->snapshot = cpis_cell_text_snapshot;
  widget_class->query_tooltip = cpis_cell_text_query_tooltip;

  /* styled as a label is: the theme's colours, dim-label, error */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
cpis_cell_text_init (CpisCellText *self)
{
  self->text = g_strdup ("");
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
cpis_cell_text_new (void)
{
  return g_object_new (CPIS_TYPE_CELL_TEXT, NULL);
}

void
cpis_cell_text_set_text (CpisCellText *self,
                         const char   *text)
{
  g_return_if_fail (CPIS_IS_CELL_TEXT (self));

  if (text == NULL)
    text = "";
  if (g_str_equal (text, self->text))
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, self->text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->text, -1);
  /* drawn again, not laid out again: its size is not the text's */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cpis_cell_text_set_bold (CpisCellText *self,
                         gboolean      bold)
{
  g_return_if_fail (CPIS_IS_CELL_TEXT (self));

  bold = !!bold;
  if (bold == self->bold)
    return;

  self->bold = bold;
  if (self->layout != NULL)
    set_weight (self->layout, bold);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
cpis_cell_text_get_bold (CpisCellText *self)
{
  g_return_val_if_fail (CPIS_IS_CELL_TEXT (self), FALSE);

  return self->bold;
}

const char *
cpis_cell_text_get_text (CpisCellText *self)
{
  g_return_val_if_fail (CPIS_IS_CELL_TEXT (self), NULL);

  return self->text;
}

gboolean
cpis_cell_text_is_cut (CpisCellText *self)
{
  g_return_val_if_fail (CPIS_IS_CELL_TEXT (self), FALSE);

  return *self->text != '\0' && pango_layout_is_ellipsized (ensure_layout_at_width (self));
}

/* "999 999 9999" in the default font at the default size: 88 px */
#define REFERENCE_TEXT  "999 999 9999"
#define REFERENCE_WIDTH 88.0

double
cpis_cell_text_scale (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, REFERENCE_TEXT);
  int width = 0;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return MAX (1.0, width / REFERENCE_WIDTH);
}

/* The row a cell is in (GTK 4.8: the cell's text → its cell → the row), or NULL */
static GtkWidget *
row_of (CpisCellText *self)
{
  GtkWidget *cell = gtk_widget_get_parent (GTK_WIDGET (self));
  GtkWidget *row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;

  if (row == NULL || !g_str_equal (G_OBJECT_TYPE_NAME (row), "GtkListItemWidget"))
    return NULL;
  return row;
}

void
cpis_cell_text_name_row (CpisCellText *self,
                         const char   *name)
{
  GtkWidget *row;

  g_return_if_fail (CPIS_IS_CELL_TEXT (self));

  row = row_of (self);
  if (row != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}
