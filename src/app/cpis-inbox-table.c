/* cpis-inbox-table.c: a social worker's notifications as a table */

#include <glib/gi18n.h>

#include "cpis-inbox-table.h"

#include "cpis-cell-text.h"
#include "cpis-nhs-number.h"
#include "cpis-task-text-private.h"

struct _CpisInboxTable
{
  GtkWidget           parent_instance;

  CpisTaskInbox      *inbox;
  GtkSingleSelection *selection;
  gint64              now_usec;

  GtkWidget          *scroller;
  GtkColumnView      *column_view;
};

G_DEFINE_FINAL_TYPE (CpisInboxTable, cpis_inbox_table, GTK_TYPE_WIDGET)

enum {
  TASK_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A column of the table: what it shows, what it sorts by */
typedef enum
{
  CELL_RAISED,
  CELL_KIND,
  CELL_CHILD,
  CELL_NHS_NUMBER,
  CELL_SETTING,
  CELL_VIEWER,
  CELL_STATUS,
  CELL_OWNER,
} Cell;

typedef struct
{
  Cell                 cell;
  CpisTaskInboxColumn  sort_column;
  const char          *title;
  gboolean             expand;
  int                  fixed_width; /* -1: as wide as the texts */
} ColumnSpec;

/* Fixed widths: a column view measures every row otherwise, and the widest
 * text of 100,000 would decide; the child and the setting take what is left */
static const ColumnSpec column_specs[] = {
  { CELL_RAISED, CPIS_TASK_INBOX_COLUMN_AUTHORED_ON, N_("Raised"), FALSE, 165 },
  { CELL_CHILD, CPIS_TASK_INBOX_COLUMN_CHILD_NAME, N_("Child"), TRUE, 150 },
  { CELL_NHS_NUMBER, CPIS_TASK_INBOX_COLUMN_NHS_NUMBER, N_("NHS Number"), FALSE, 120 },
  { CELL_SETTING, CPIS_TASK_INBOX_COLUMN_SETTING, N_("Seen At"), TRUE, 180 },
  { CELL_STATUS, CPIS_TASK_INBOX_COLUMN_STATUS, N_("Status"), FALSE, 100 },
  { CELL_KIND, CPIS_TASK_INBOX_COLUMN_KIND, N_("Notification"), FALSE, 105 },
  { CELL_VIEWER, CPIS_TASK_INBOX_COLUMN_VIEWER, N_("Seen By"), FALSE, 180 },
  { CELL_OWNER, CPIS_TASK_INBOX_COLUMN_OWNER, N_("Assigned To"), FALSE, 180 },
};

static gint64
now_usec (CpisInboxTable *self)
{
  return self->now_usec != 0 ? self->now_usec : g_get_real_time ();
}

static char *
cell_text (CpisInboxTable *self,
           CpisTask       *task,
           Cell            cell)
{
  const char *text = NULL;

  switch (cell)
    {
    case CELL_RAISED:
      return _cpis_task_format_moment (cpis_task_get_authored_on (task), now_usec (self));
    case CELL_KIND:
      return g_strdup (_cpis_task_kind_in_words (task));
    case CELL_CHILD:
      text = cpis_task_get_child_name (task);
      return g_strdup (text != NULL ? text : _("Name not given"));
    case CELL_NHS_NUMBER:
      return cpis_nhs_number_format (cpis_task_get_nhs_number (task));
    case CELL_SETTING:
      text = cpis_task_get_setting_name (task);
      if (text == NULL)
        return g_strdup (cpis_task_get_kind (task) == CPIS_TASK_KIND_ACCESS_TO_SERVICE
                           ? _("Setting not given")
                           : "");
      if (cpis_task_get_out_of_area (task))
        /* Translators: a care setting outside the LA's area; first, so
         * that a narrow column never cuts it off */
        return g_strdup_printf (_("Out of area: %s"), text);
      return g_strdup (text);
    case CELL_VIEWER:
      {
        CpisAccessEvent *event = cpis_task_get_access_event (task);
        const char *role = event != NULL ? cpis_access_event_get_job_role_display (event) : NULL;

        text = cpis_task_get_viewer_name (task);
        if (text != NULL && role != NULL)
          /* Translators: who viewed the record, and in what role: "Jane Nurse, Staff Nurse" */
          return g_strdup_printf (_("%s, %s"), text, role);
        return g_strdup (text != NULL ? text : "");
      }
    case CELL_STATUS:
      return g_strdup (_cpis_task_status_in_words (cpis_task_get_status (task)));
    case CELL_OWNER:
      return _cpis_task_owner_in_words (task);
    default:
      g_assert_not_reached ();
    }
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (item, cpis_cell_text_new ());
}

/* The row a cell's label is in (GTK 4.8: label → its cell → the row), or NULL */
static GtkWidget *
row_of (GtkWidget *label)
{
  GtkWidget *cell = gtk_widget_get_parent (label);
  GtkWidget *row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;

  if (row == NULL || !g_str_equal (G_OBJECT_TYPE_NAME (row), "GtkListItemWidget"))
    return NULL;
  return row;
}

/* The row's accessible name, a sentence of its cells: a screen reader says
 * the row, not "GtkListItemWidget" (GTK 4.8 gives a column view's rows none) */
static void
name_row (CpisInboxTable *self,
          GtkWidget      *label,
          CpisTask       *task)
{
  GtkWidget *row = row_of (label);
  g_autofree char *child = NULL;
  g_autofree char *number = NULL;
  g_autofree char *status = NULL;
  g_autofree char *raised = NULL;
  g_autofree char *setting = NULL;
  g_autofree char *name = NULL;

  if (row == NULL)
    return;
  child = cell_text (self, task, CELL_CHILD);
  number = cell_text (self, task, CELL_NHS_NUMBER);
  status = cell_text (self, task, CELL_STATUS);
  raised = cell_text (self, task, CELL_RAISED);
  setting = cell_text (self, task, CELL_SETTING);
  /* Translators: an inbox row read out: "Alex TESTER, 999 100 0003, New, Today 14:02, Riverside ED" */
  name = g_strdup_printf (_("%s, %s, %s, %s, %s"), child, number, status, raised, setting);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              const ColumnSpec         *spec)
{
  CpisInboxTable *self = g_object_get_data (G_OBJECT (factory), "cpis-inbox-table");
  CpisTask *task = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = cell_text (self, task, spec->cell);

  cpis_cell_text_set_text (CPIS_CELL_TEXT (label), text);
  if (spec->cell == CELL_CHILD)
    name_row (self, label, task);

  /* new: nobody has taken it on yet; weight, not colour alone */
  if (cpis_task_get_status (task) == CPIS_TASK_STATUS_REQUESTED)
    gtk_widget_add_css_class (label, "unread");
  else
    gtk_widget_remove_css_class (label, "unread");
}

static void
activate_cb (CpisInboxTable *self,
             guint           position)
{
  g_autoptr(CpisTask) task = NULL;

  if (self->inbox == NULL)
    return;

  task = g_list_model_get_item (G_LIST_MODEL (self->inbox), position);
  if (task != NULL)
    g_signal_emit (self, signals[TASK_ACTIVATED], 0, task);
}

static void
cpis_inbox_table_dispose (GObject *object)
{
  CpisInboxTable *self = CPIS_INBOX_TABLE (object);

  if (self->inbox != NULL)
    cpis_task_inbox_set_sorter (self->inbox, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CPIS_TYPE_INBOX_TABLE);
  g_clear_object (&self->selection);
  g_clear_object (&self->inbox);

  G_OBJECT_CLASS (cpis_inbox_table_parent_class)->dispose (object);
}

static void
cpis_inbox_table_class_init (CpisInboxTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_inbox_table_dispose;

  signals[TASK_ACTIVATED] = g_signal_new ("task-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          CPIS_TYPE_TASK);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/CpisDesktop/cpis-inbox-table.ui");
  gtk_widget_class_bind_template_child (widget_class, CpisInboxTable, scroller);
  gtk_widget_class_bind_template_child (widget_class, CpisInboxTable, column_view);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cpis_inbox_table_init (CpisInboxTable *self)
{
  double scale;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  scale = cpis_cell_text_scale (GTK_WIDGET (self->column_view));

  for (guint i = 0; i < G_N_ELEMENTS (column_specs); i++)
    {
      const ColumnSpec *spec = &column_specs[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkSorter) sorter = cpis_task_inbox_create_sorter (spec->sort_column,
                                                                   GTK_SORT_ASCENDING);
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "cpis-inbox-table", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) spec);
      column = gtk_column_view_column_new (_(spec->title), factory);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, spec->expand);
      gtk_column_view_column_set_fixed_width (
        column, spec->fixed_width > 0 ? (int) (spec->fixed_width * scale) : -1);
      gtk_column_view_append_column (self->column_view, column);
    }
}

GtkWidget *
cpis_inbox_table_new (void)
{
  return g_object_new (CPIS_TYPE_INBOX_TABLE, NULL);
}

void
cpis_inbox_table_set_inbox (CpisInboxTable *self,
                            CpisTaskInbox  *inbox)
{
  g_return_if_fail (CPIS_IS_INBOX_TABLE (self));
  g_return_if_fail (inbox == NULL || CPIS_IS_TASK_INBOX (inbox));

  if (inbox == self->inbox)
    return;

  if (self->inbox != NULL)
    cpis_task_inbox_set_sorter (self->inbox, NULL);
  g_set_object (&self->inbox, inbox);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (inbox));
  /* the headers sort the inbox, which sorts with keys of its own */
  if (inbox != NULL)
    cpis_task_inbox_set_sorter (inbox, gtk_column_view_get_sorter (self->column_view));
}

CpisTaskInbox *
cpis_inbox_table_get_inbox (CpisInboxTable *self)
{
  g_return_val_if_fail (CPIS_IS_INBOX_TABLE (self), NULL);

  return self->inbox;
}

void
cpis_inbox_table_set_now (CpisInboxTable *self,
                          gint64          now)
{
  g_return_if_fail (CPIS_IS_INBOX_TABLE (self));

  self->now_usec = now;
}

GtkColumnView *
cpis_inbox_table_get_column_view (CpisInboxTable *self)
{
  g_return_val_if_fail (CPIS_IS_INBOX_TABLE (self), NULL);

  return self->column_view;
}

void
cpis_inbox_table_select (CpisInboxTable *self,
                         CpisTask       *task)
{
  GListModel *model;
  guint n;

  g_return_if_fail (CPIS_IS_INBOX_TABLE (self));

  if (self->inbox == NULL || task == NULL)
    return;

  model = G_LIST_MODEL (self->inbox);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CpisTask) shown = g_list_model_get_item (model, i);

      if (g_strcmp0 (cpis_task_get_id (shown), cpis_task_get_id (task)) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}
