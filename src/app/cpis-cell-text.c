/* cpis-cell-text.c: the text of a table's cell */

#include "cpis-cell-text.h"

struct _CpisCellText
{
  GtkWidget    parent_instance;

  char        *text;
  /* on the widget's own Pango context, which GTK keeps to the CSS font: the
   * layout sees a change of font (bold for new notifications, large text)
   * by itself; NULL until first measured */
  PangoLayout *layout;
  /* the text's size on one line, unbounded, and the context's serial it was
   * measured at: a column view measures its cells again and again, and
   * unbounding the layout for each would lay it out again for each */
  int          natural_width;
  int          line_height;
  int          baseline;
  guint        measured_serial;  /* 0: not measured */
};

G_DEFINE_FINAL_TYPE (CpisCellText, cpis_cell_text, GTK_TYPE_WIDGET)

static PangoLayout *
ensure_layout (CpisCellText *self)
{
  if (self->layout == NULL)
    {
      self->layout = pango_layout_new (gtk_widget_get_pango_context (GTK_WIDGET (self)));
      pango_layout_set_text (self->layout, self->text, -1);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
    }
  return self->layout;
}

/* The text's size unbounded, measured again only when the text or the font changed */
static void
ensure_measured (CpisCellText *self)
{
  PangoLayout *layout = ensure_layout (self);
  guint serial = pango_context_get_serial (pango_layout_get_context (layout));
  PangoRectangle logical;
  int width;

  if (self->measured_serial == serial)
    return;

  width = pango_layout_get_width (layout);
  pango_layout_set_width (layout, -1);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  self->natural_width = logical.width;
  self->line_height = logical.height;
  self->baseline = pango_layout_get_baseline (layout) / PANGO_SCALE;
  pango_layout_set_width (layout, width);
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

  ensure_measured (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* as wide as the text, and as narrow as needed: it is ellipsized */
      *minimum = 0;
      *natural = self->natural_width;
      return;
    }

  /* one line, whatever the width */
  *minimum = *natural = self->line_height;
  *minimum_baseline = *natural_baseline = self->baseline;
}

static void
cpis_cell_text_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  CpisCellText *self = CPIS_CELL_TEXT (widget);

  ensure_measured (self);
  /* unbounded when it fits: nothing to ellipsize, nothing laid out again */
  pango_layout_set_width (ensure_layout (self),
                          width >= self->natural_width ? -1 : width * PANGO_SCALE);
}

static void
cpis_cell_text_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CpisCellText *self = CPIS_CELL_TEXT (widget);
  PangoLayout *layout = ensure_layout (self);
  GdkRGBA color;

  if (*self->text == '\0')
    return;

  ensure_measured (self);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (0, (gtk_widget_get_height (widget) - self->line_height) / 2));
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
  widget_class->size_allocate = cpis_cell_text_size_allocate;
  widget_class->snapshot = cpis_cell_text_snapshot;
  widget_class->query_tooltip = cpis_cell_text_query_tooltip;

  /* styled as a label is: the theme's colours, the table's .unread */
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
  self->measured_serial = 0;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->text, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
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

  return *self->text != '\0' && pango_layout_is_ellipsized (ensure_layout (self));
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
