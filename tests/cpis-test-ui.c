/* cpis-test-ui.c */
#include "cpis-test-ui.h"

#include "cpis-cell-text.h"

#include <string.h>

#include <adwaita.h>

/* Main context */

static gboolean
timed_out_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
cpis_test_ui_iterate_until_timeout (CpisTestUiCondition condition,
                                    gpointer            data,
                                    guint               timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint id;

  g_return_if_fail (condition != NULL);

  id = g_timeout_add_seconds (timeout_seconds, timed_out_cb, &timed_out);
  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

void
cpis_test_ui_iterate_until (CpisTestUiCondition condition,
                            gpointer            data)
{
  cpis_test_ui_iterate_until_timeout (condition, data, CPIS_TEST_UI_TIMEOUT_SECONDS);
}

gboolean
cpis_test_ui_widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
painted_cb (GdkFrameClock *clock,
            gpointer      *painted)
{
  *painted = clock;
}

void
cpis_test_ui_wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gpointer painted = NULL;
  gulong handler;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  clock = gtk_widget_get_frame_clock (widget);
  g_return_if_fail (clock != NULL);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (widget);
  cpis_test_ui_iterate_until (cpis_test_ui_pointer_set, &painted);
  g_signal_handler_disconnect (clock, handler);
}

gboolean
cpis_test_ui_pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

void
cpis_test_ui_store_result_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Windows */

GtkWidget *
cpis_test_ui_show_in_window (GtkWidget *child,
                             int        width)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, -1);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  return window;
}

/* Widget tree */

gpointer
cpis_test_ui_template_child (gpointer    widget,
                             GType       template_type,
                             const char *name)
{
  GObject *object;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  object = gtk_widget_get_template_child (GTK_WIDGET (widget), template_type, name);
  g_assert_nonnull (object);
  return object;
}

GtkWidget *
cpis_test_ui_find_widget_of_type (GtkWidget *root,
                                  GType      type)
{
  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = cpis_test_ui_find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
cpis_test_ui_find_mapped_widget_of_type (GtkWidget *root,
                                         GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  cpis_test_ui_collect_widgets_of_type (root, type, found);
  return found->len > 0 ? found->pdata[0] : NULL;
}

void
cpis_test_ui_collect_widgets_of_type (GtkWidget *root,
                                      GType      type,
                                      GPtrArray *out)
{
  g_return_if_fail (GTK_IS_WIDGET (root));
  g_return_if_fail (out != NULL);

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    g_ptr_array_add (out, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    cpis_test_ui_collect_widgets_of_type (child, type, out);
}

/* The text a label or a table's cell shows, or NULL for another widget */
static const char *
shown_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (CPIS_IS_CELL_TEXT (widget))
    return cpis_cell_text_get_text (CPIS_CELL_TEXT (widget));
  return NULL;
}

/* The labels and cells under @root that are on screen, in order */
static void
collect_texts (GtkWidget *root,
               GPtrArray *out)
{
  if (shown_text (root) != NULL && gtk_widget_get_mapped (root))
    g_ptr_array_add (out, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, out);
}

void
cpis_test_ui_collect_label_texts (GtkWidget *root,
                                  GPtrArray *texts)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  g_return_if_fail (GTK_IS_WIDGET (root));
  g_return_if_fail (texts != NULL);

  collect_texts (root, widgets);
  for (guint i = 0; i < widgets->len; i++)
    g_ptr_array_add (texts, g_strdup (shown_text (widgets->pdata[i])));
}

GtkLabel *
cpis_test_ui_find_label (GtkWidget  *root,
                         const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  cpis_test_ui_collect_widgets_of_type (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *label = gtk_label_get_text (labels->pdata[i]);

      if (label != NULL && strstr (label, text) != NULL)
        return labels->pdata[i];
    }

  return NULL;
}

GtkWidget *
cpis_test_ui_find_text (GtkWidget  *root,
                        const char *text)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  collect_texts (root, widgets);
  for (guint i = 0; i < widgets->len; i++)
    if (strstr (shown_text (widgets->pdata[i]), text) != NULL)
      return widgets->pdata[i];

  return NULL;
}

void
cpis_test_ui_assert_shows (GtkWidget  *root,
                           const char *text)
{
  if (cpis_test_ui_find_text (root, text) == NULL)
    g_error ("No label on screen says “%s”", text);
}

void
cpis_test_ui_assert_does_not_show (GtkWidget  *root,
                                   const char *text)
{
  if (cpis_test_ui_find_text (root, text) != NULL)
    g_error ("A label on screen says “%s”", text);
}

GtkButton *
cpis_test_ui_find_button_with_tooltip (GtkWidget  *root,
                                       const char *tooltip)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  cpis_test_ui_collect_widgets_of_type (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (buttons->pdata[i]), tooltip) == 0)
      return buttons->pdata[i];

  return NULL;
}

/* Screenshots */

GdkTexture *
cpis_test_ui_render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  int width, height;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  gtk_test_widget_wait_for_draw (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

void
cpis_test_ui_save_screenshot (GtkWidget  *widget,
                              const char *name)
{
  const char *dir = g_getenv ("CPIS_SCREENSHOT_DIR");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);

  if (dir == NULL)
    return;

  texture = cpis_test_ui_render (widget);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

gboolean
cpis_test_ui_press_key (GtkWidget       *widget,
                        const char      *controller_name,
                        guint            keyval,
                        GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          g_strcmp0 (gtk_event_controller_get_name (controller), controller_name) == 0)
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
          return handled;
        }
    }

  g_error ("%s has no key controller named %s", G_OBJECT_TYPE_NAME (widget), controller_name);
}

void
cpis_test_ui_init (int    *argc,
                   char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
}
