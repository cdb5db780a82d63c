/* cpis-access-history-list.c: the access history as a list (newest first)
 *
 * A GtkColumnView over a GListModel of CpisAccessEvent, in the order given
 * (the hub returns the newest first), with an empty state when the model
 * holds nothing. Every cell is a GtkLabel, so each row's text reaches the
 * accessibility tree.
 */
#include <glib/gi18n.h>

#include "cpis-access-history-list.h"

#include "cpis-access-event.h"
#include "cpis-access-text-private.h"
#include "cpis-date.h"

struct _CpisAccessHistoryList
{
  GtkWidget            parent_instance;

  GListModel          *model;
  GtkNoSelection      *selection;

  /* Template widgets */
  GtkStack            *stack;
  GtkLabel            *empty_label;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *time_column;
  GtkColumnViewColumn *organisation_column;
  GtkColumnViewColumn *viewer_column;
  GtkColumnViewColumn *role_column;
};

G_DEFINE_FINAL_TYPE (CpisAccessHistoryList, cpis_access_history_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  COLUMN_TIME,
  COLUMN_ORGANISATION,
  COLUMN_VIEWER,
  COLUMN_ROLE,
} Column;

static char *
cell_text (CpisAccessEvent *event,
           Column           column)
{
  const char *text = NULL;

  switch (column)
    {
    case COLUMN_TIME:
      if (cpis_access_event_get_recorded (event) != NULL)
        return cpis_date_time_format_uk (cpis_access_event_get_recorded (event));
      return g_strdup (_CPIS_UNKNOWN_TIME);

    case COLUMN_ORGANISATION:
      text = cpis_access_event_get_organisation_display (event);
      return g_strdup (text != NULL ? text : _CPIS_UNKNOWN_ORGANISATION);

    case COLUMN_VIEWER:
      text = cpis_access_event_get_viewer_name (event);
      return g_strdup (text != NULL ? text : _CPIS_UNKNOWN_VIEWER);

    case COLUMN_ROLE:
      text = cpis_access_event_get_job_role_display (event);
      return g_strdup (text != NULL ? text : _CPIS_UNKNOWN_ROLE);

    default:
      g_assert_not_reached ();
    }
}

static void
update_page (CpisAccessHistoryList *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (self->model) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
items_changed_cb (CpisAccessHistoryList *self,
                  guint                  position,
                  guint                  removed,
                  guint                  added,
                  GListModel            *model)
{
  update_page (self);
}

/* The whole text of a shortened cell, asked for only on hover: setting a
 * tooltip on every bind cost a round trip to the display per cell */
static gboolean
query_tooltip_cb (GtkWidget  *label,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  if (text == NULL || *text == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (column == COLUMN_TIME)
    gtk_widget_add_css_class (label, "numeric");
  else
    {
      /* One line per access; a narrow window shortens the text on screen,
       * the tooltip and the accessibility tree keep it whole. (Wrapping
       * labels make the column view over-estimate its rows' height.) */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), column == COLUMN_ORGANISATION ? 18 : 12);
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
    }

  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_list_item_get_child (item);
  CpisAccessEvent *event = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (CPIS_IS_ACCESS_EVENT (event))
    text = cell_text (event, column);

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), "");
}

static void
set_column_factory (GtkColumnViewColumn *column_view_column,
                    Column               column)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), GINT_TO_POINTER (column));
  gtk_column_view_column_set_factory (column_view_column, factory);
}

static void
cpis_access_history_list_dispose (GObject *object)
{
  CpisAccessHistoryList *self = (CpisAccessHistoryList *) object;

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CPIS_TYPE_ACCESS_HISTORY_LIST);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (cpis_access_history_list_parent_class)->dispose (object);
}

static void
cpis_access_history_list_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CpisAccessHistoryList *self = CPIS_ACCESS_HISTORY_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_access_history_list_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  CpisAccessHistoryList *self = CPIS_ACCESS_HISTORY_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      cpis_access_history_list_set_model (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_access_history_list_class_init (CpisAccessHistoryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_access_history_list_dispose;
  object_class->get_property = cpis_access_history_list_get_property;
  object_class->set_property = cpis_access_history_list_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", "Model", "The accesses (CpisAccessEvent), newest first",
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-access-history-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CpisAccessHistoryList, stack);
  gtk_widget_class_bind_template_child (widget_class, CpisAccessHistoryList, empty_label);
  gtk_widget_class_bind_template_child (widget_class, CpisAccessHistoryList, column_view);
  gtk_widget_class_bind_template_child (widget_class, CpisAccessHistoryList, time_column);
  gtk_widget_class_bind_template_child (widget_class, CpisAccessHistoryList, organisation_column);
  gtk_widget_class_bind_template_child (widget_class, CpisAccessHistoryList, viewer_column);
  gtk_widget_class_bind_template_child (widget_class, CpisAccessHistoryList, role_column);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "accesshistorylist");
}

static void
cpis_access_history_list_init (CpisAccessHistoryList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  set_column_factory (self->time_column, COLUMN_TIME);
  set_column_factory (self->organisation_column, COLUMN_ORGANISATION);
  set_column_factory (self->viewer_column, COLUMN_VIEWER);
  set_column_factory (self->role_column, COLUMN_ROLE);

  self->selection = gtk_no_selection_new (NULL);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  update_page (self);
}

GtkWidget *
cpis_access_history_list_new (void)
{
  return g_object_new (CPIS_TYPE_ACCESS_HISTORY_LIST, NULL);
}

void
cpis_access_history_list_set_model (CpisAccessHistoryList *self,
                                    GListModel            *events)
{
  g_return_if_fail (CPIS_IS_ACCESS_HISTORY_LIST (self));
  g_return_if_fail (events == NULL || G_IS_LIST_MODEL (events));

  if (self->model == events)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);

  g_set_object (&self->model, events);

  if (self->model != NULL)
    g_signal_connect_object (self->model, "items-changed",
                             G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_no_selection_set_model (self->selection, self->model);
  update_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
cpis_access_history_list_get_model (CpisAccessHistoryList *self)
{
  g_return_val_if_fail (CPIS_IS_ACCESS_HISTORY_LIST (self), NULL);

  return self->model;
}
