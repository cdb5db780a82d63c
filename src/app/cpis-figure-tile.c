/* cpis-figure-tile.c: one headline figure of an area */
#include "cpis-figure-tile.h"

struct _CpisFigureTile
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkLabel  *value;
  GtkLabel  *caption;
  GtkLabel  *detail;
};

G_DEFINE_FINAL_TYPE (CpisFigureTile, cpis_figure_tile, GTK_TYPE_WIDGET)

static void
update_accessible (CpisFigureTile *self)
{
  const char *detail = gtk_label_get_text (self->detail);
  g_autofree char *label = g_strdup_printf ("%s: %s%s%s", gtk_label_get_text (self->caption),
                                            gtk_label_get_text (self->value),
                                            *detail != '\0' ? ". " : "", detail);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
cpis_figure_tile_dispose (GObject *object)
{
  CpisFigureTile *self = CPIS_FIGURE_TILE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (cpis_figure_tile_parent_class)->dispose (object);
}

static void
cpis_figure_tile_class_init (CpisFigureTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_figure_tile_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "figuretile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cpis_figure_tile_init (CpisFigureTile *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_add_css_class (self->box, "card");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->value = GTK_LABEL (gtk_label_new ("…"));
  gtk_widget_add_css_class (GTK_WIDGET (self->value), "title-1");
  gtk_label_set_xalign (self->value, 0);
  self->caption = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->caption, 0);
  gtk_label_set_wrap (self->caption, TRUE);
  gtk_label_set_max_width_chars (self->caption, 22);
  gtk_widget_add_css_class (GTK_WIDGET (self->caption), "heading");
  self->detail = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->detail, 0);
  gtk_label_set_wrap (self->detail, TRUE);
  gtk_label_set_max_width_chars (self->detail, 22);
  gtk_widget_add_css_class (GTK_WIDGET (self->detail), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->detail), FALSE);

  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->value));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->caption));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->detail));
  gtk_widget_set_margin_top (GTK_WIDGET (self->value), 12);
  for (GtkWidget *child = gtk_widget_get_first_child (self->box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gtk_widget_set_margin_start (child, 12);
      gtk_widget_set_margin_end (child, 12);
    }
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->detail), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->caption), 12);
  gtk_widget_set_size_request (self->box, 180, -1);
}

GtkWidget *
cpis_figure_tile_new (const char *caption)
{
  CpisFigureTile *self = g_object_new (CPIS_TYPE_FIGURE_TILE, NULL);

  gtk_label_set_text (self->caption, caption);
  update_accessible (self);
  return GTK_WIDGET (self);
}

void
cpis_figure_tile_set_value (CpisFigureTile *self,
                            const char     *value,
                            const char     *detail)
{
  g_return_if_fail (CPIS_IS_FIGURE_TILE (self));

  gtk_label_set_text (self->value, value);
  gtk_label_set_text (self->detail, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail), detail != NULL);
  /* the caption keeps the card's bottom margin only when nothing is under it */
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->caption), detail != NULL ? 0 : 12);
  update_accessible (self);
}

const char *
cpis_figure_tile_get_value (CpisFigureTile *self)
{
  g_return_val_if_fail (CPIS_IS_FIGURE_TILE (self), NULL);

  return gtk_label_get_text (self->value);
}
