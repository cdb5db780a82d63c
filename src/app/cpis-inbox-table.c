/* cpis-inbox-table.c: a social worker's notifications as a table */

#include <glib/gi18n.h>

#include "cpis-inbox-table-private.h"

#include "cpis-cell-text.h"
#include "cpis-nhs-number.h"
#include "cpis-task-slot-list.h"
#include "cpis-task-text-private.h"

struct _CpisInboxTable
{
  GtkWidget           parent_instance;

  CpisTaskInbox      *inbox;
  /* the rows are bound to places (CpisTaskSlot), which keep their widgets
   * through a filter or sort change; the selection is of a place, kept on
   * the notification selected by the table itself */
  CpisTaskSlotList   *slots;
  GtkSingleSelection *selection;
  CpisTask           *selected_task;  /* the version held, or NULL */
  gboolean            reselecting;
  GHashTable         *bound;          /* GtkListItem → its ColumnSpec, bound now */
  /* sorting from the keyboard: the headers take no focus in GTK 4.8 */
  GSimpleActionGroup *sort_actions;   /* "by" (a column's id, or "none"), "order" */
  GMenu              *sort_menu;
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
  const char          *id;          /* for the sort actions */
  const char          *title;
  gboolean             expand;
  int                  fixed_width; /* -1: as wide as the texts */
} ColumnSpec;

/* Fixed widths: a column view measures every row otherwise, and the widest
 * text of 100,000 would decide; the child and the setting take what is left */
static const ColumnSpec column_specs[] = {
  { CELL_RAISED, CPIS_TASK_INBOX_COLUMN_AUTHORED_ON, "raised", N_("Raised"), FALSE, 165 },
  { CELL_CHILD, CPIS_TASK_INBOX_COLUMN_CHILD_NAME, "child", N_("Child"), TRUE, 150 },
  { CELL_NHS_NUMBER, CPIS_TASK_INBOX_COLUMN_NHS_NUMBER, "nhs-number", N_("NHS Number"), FALSE, 120 },
  { CELL_SETTING, CPIS_TASK_INBOX_COLUMN_SETTING, "setting", N_("Seen At"), TRUE, 180 },
  { CELL_STATUS, CPIS_TASK_INBOX_COLUMN_STATUS, "status", N_("Status"), FALSE, 100 },
  { CELL_VIEWER, CPIS_TASK_INBOX_COLUMN_VIEWER, "viewer", N_("Seen By"), FALSE, 180 },
  { CELL_OWNER, CPIS_TASK_INBOX_COLUMN_OWNER, "owner", N_("Assigned To"), FALSE, 180 },
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
    case CELL_CHILD:
      text = cpis_task_get_child_name (task);
      return g_strdup (text != NULL ? text : _("Name not given"));
    case CELL_NHS_NUMBER:
      return cpis_nhs_number_format (cpis_task_get_nhs_number (task));
    case CELL_SETTING:
      /* what a notification of another kind is about, where an attendance
       * says where the child was seen ("NHS number inactive"): a column of
       * its own would say "Attendance" on nearly every row */
      if (cpis_task_get_kind (task) != CPIS_TASK_KIND_ACCESS_TO_SERVICE)
        return g_strdup (_cpis_task_kind_in_words (task));
      text = cpis_task_get_setting_name (task);
      if (text == NULL)
        return g_strdup (_("Setting not given"));
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

/* The row's accessible name, a sentence of its cells: a screen reader says
 * the row, not "GtkListItemWidget" (GTK 4.8 gives a column view's rows none) */
static void
name_row (CpisInboxTable *self,
          GtkWidget      *label,
          CpisTask       *task)
{
  g_autofree char *child = NULL;
  g_autofree char *number = NULL;
  g_autofree char *status = NULL;
  g_autofree char *raised = NULL;
  g_autofree char *setting = NULL;
  g_autofree char *name = NULL;

  child = cell_text (self, task, CELL_CHILD);
  number = cell_text (self, task, CELL_NHS_NUMBER);
  status = cell_text (self, task, CELL_STATUS);
  raised = cell_text (self, task, CELL_RAISED);
  setting = cell_text (self, task, CELL_SETTING);
  /* Translators: an inbox row read out: "Alex TESTER, 999 100 0003, New, Today 14:02, Riverside ED" */
  name = g_strdup_printf (_("%s, %s, %s, %s, %s"), child, number, status, raised, setting);
  cpis_cell_text_name_row (CPIS_CELL_TEXT (label), name);
}

/* The cell of @item shows the notification now in its place */
static void
show_cell (CpisInboxTable   *self,
           GtkListItem      *item,
           const ColumnSpec *spec)
{
  CpisTask *task = cpis_task_slot_get_task (gtk_list_item_get_item (item));
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = cell_text (self, task, spec->cell);

  cpis_cell_text_set_text (CPIS_CELL_TEXT (label), text);
  if (spec->cell == CELL_CHILD)
    name_row (self, label, task);

  /* new: nobody has taken it on yet; weight, not colour alone */
  cpis_cell_text_set_bold (CPIS_CELL_TEXT (label),
                           cpis_task_get_status (task) == CPIS_TASK_STATUS_REQUESTED);
}

/* Another notification in the place of @item's row (a filter, a sort, a
 * newer version): the cell follows at once, before anything is drawn */
static void
slot_task_changed_cb (CpisTaskSlot *slot,
                      GParamSpec   *pspec,
                      GtkListItem  *item)
{
  CpisInboxTable *self = g_object_get_data (G_OBJECT (item), "cpis-inbox-table");

  show_cell (self, item, g_hash_table_lookup (self->bound, item));
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              const ColumnSpec         *spec)
{
  CpisInboxTable *self = g_object_get_data (G_OBJECT (factory), "cpis-inbox-table");

  g_object_set_data (G_OBJECT (item), "cpis-inbox-table", self);
  g_hash_table_insert (self->bound, item, (gpointer) spec);
  g_signal_connect (gtk_list_item_get_item (item), "notify::task",
                    G_CALLBACK (slot_task_changed_cb), item);
  show_cell (self, item, spec);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                const ColumnSpec         *spec)
{
  CpisInboxTable *self = g_object_get_data (G_OBJECT (factory), "cpis-inbox-table");

  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), slot_task_changed_cb, item);
  g_hash_table_remove (self->bound, item);
}

/* The selection, a place, follows the notification selected: after the
 * inbox changed (and the places with it), to wherever it is shown now
 * (its newer version, if one came), or none while it is not */
static void
inbox_changed_cb (CpisTaskInbox  *inbox,
                  guint           position,
                  guint           removed,
                  guint           added,
                  CpisInboxTable *self)
{
  CpisTask *held;
  guint now;

  if (self->selected_task == NULL)
    return;

  held = cpis_task_inbox_lookup (inbox, cpis_task_get_id (self->selected_task));
  if (held != NULL)
    g_set_object (&self->selected_task, held);
  now = cpis_task_inbox_find_position (inbox, held);
  if (gtk_single_selection_get_selected (self->selection) == now)
    return;

  self->reselecting = TRUE;
  gtk_single_selection_set_selected (self->selection, now);
  self->reselecting = FALSE;
}

/* The social worker selected a row (or none): the notification in it */
static void
selected_cb (GtkSingleSelection *selection,
             GParamSpec         *pspec,
             CpisInboxTable     *self)
{
  CpisTaskSlot *slot;
  CpisTask *task;

  if (self->reselecting)
    return;

  slot = gtk_single_selection_get_selected_item (selection);
  task = slot != NULL ? cpis_task_slot_get_task (slot) : NULL;
  g_set_object (&self->selected_task, task);
}

/* Sorting from the keyboard ------------------------------------------------- */

static GtkColumnViewColumn *
column_of_spec (CpisInboxTable   *self,
                const ColumnSpec *spec)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, (guint) (spec - column_specs));

  return column;  /* (the view holds it) */
}

static const ColumnSpec *
spec_of_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (column_specs); i++)
    if (g_strcmp0 (column_specs[i].id, id) == 0)
      return &column_specs[i];
  return NULL;
}

static GtkSortType
chosen_order (CpisInboxTable *self)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (self->sort_actions), "order");

  return g_str_equal (g_variant_get_string (state, NULL), "descending") ? GTK_SORT_DESCENDING
                                                                        : GTK_SORT_ASCENDING;
}

/* What the inbox is sorted by, in the actions' states: the headers and the
 * menu say the same */
static void
sorted_cb (GtkSorter       *sorter,
           GtkSorterChange  change,
           CpisInboxTable  *self)
{
  const char *id = "none";
  GtkSortType order = chosen_order (self);
  CpisTaskInboxColumn column;

  if (self->inbox == NULL)
    return;

  column = cpis_task_inbox_get_sort_column (self->inbox, &order);
  for (guint i = 0; i < G_N_ELEMENTS (column_specs); i++)
    if (column_specs[i].sort_column == column)
      id = column_specs[i].id;

  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->sort_actions), "by")),
                             g_variant_new_string (id));
  if (column != CPIS_TASK_INBOX_N_COLUMNS)
    g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->sort_actions), "order")),
                               g_variant_new_string (order == GTK_SORT_DESCENDING ? "descending" : "ascending"));
}

/* As a click on the column's header does (none: newest first) */
static void
sort_by_activated_cb (GSimpleAction  *action,
                      GVariant       *parameter,
                      CpisInboxTable *self)
{
  const ColumnSpec *spec = spec_of_id (g_variant_get_string (parameter, NULL));

  gtk_column_view_sort_by_column (self->column_view, spec != NULL ? column_of_spec (self, spec) : NULL,
                                  chosen_order (self));
}

static void
sort_order_activated_cb (GSimpleAction  *action,
                         GVariant       *parameter,
                         CpisInboxTable *self)
{
  g_autoptr(GVariant) by = g_action_group_get_action_state (G_ACTION_GROUP (self->sort_actions), "by");
  const ColumnSpec *spec = spec_of_id (g_variant_get_string (by, NULL));

  g_simple_action_set_state (action, parameter);
  if (spec != NULL)
    gtk_column_view_sort_by_column (self->column_view, column_of_spec (self, spec), chosen_order (self));
}

static void
make_sort_menu (CpisInboxTable *self)
{
  const GActionEntry entries[] = {
    { "by", NULL, "s", "'none'", NULL },
    { "order", NULL, "s", "'ascending'", NULL },
  };
  g_autoptr(GMenu) columns = g_menu_new ();
  g_autoptr(GMenu) orders = g_menu_new ();

  self->sort_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->sort_actions), entries, G_N_ELEMENTS (entries), self);
  g_signal_connect (g_action_map_lookup_action (G_ACTION_MAP (self->sort_actions), "by"), "activate",
                    G_CALLBACK (sort_by_activated_cb), self);
  g_signal_connect (g_action_map_lookup_action (G_ACTION_MAP (self->sort_actions), "order"), "activate",
                    G_CALLBACK (sort_order_activated_cb), self);

  /* Translators: the inbox's order when no column is chosen */
  g_menu_append (columns, _("Newest First"), "sort.by::none");
  for (guint i = 0; i < G_N_ELEMENTS (column_specs); i++)
    {
      g_autofree char *action = g_strdup_printf ("sort.by::%s", column_specs[i].id);

      g_menu_append (columns, _(column_specs[i].title), action);
    }
  g_menu_append (orders, _("Ascending"), "sort.order::ascending");
  g_menu_append (orders, _("Descending"), "sort.order::descending");

  self->sort_menu = g_menu_new ();
  /* Translators: a heading in the inbox's Sort menu */
  g_menu_append_section (self->sort_menu, _("Sort By"), G_MENU_MODEL (columns));
  g_menu_append_section (self->sort_menu, NULL, G_MENU_MODEL (orders));

  /* after the inbox has followed the headers' sorter */
  g_signal_connect_after (gtk_column_view_get_sorter (self->column_view), "changed",
                          G_CALLBACK (sorted_cb), self);
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
    {
      cpis_task_inbox_set_sorter (self->inbox, NULL);
      g_signal_handlers_disconnect_by_func (self->inbox, inbox_changed_cb, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CPIS_TYPE_INBOX_TABLE);
  g_clear_object (&self->selection);
  g_clear_object (&self->slots);
  g_clear_object (&self->selected_task);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_object (&self->sort_actions);
  g_clear_object (&self->sort_menu);
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
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-inbox-table.ui");
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

  self->bound = g_hash_table_new (NULL, NULL);
  self->slots = cpis_task_slot_list_new (NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->slots)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (selected_cb), self);
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
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), (gpointer) spec);
      column = gtk_column_view_column_new (_(spec->title), factory);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, spec->expand);
      gtk_column_view_column_set_fixed_width (
        column, spec->fixed_width > 0 ? (int) (spec->fixed_width * scale) : -1);
      gtk_column_view_append_column (self->column_view, column);
    }

  make_sort_menu (self);
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
    {
      cpis_task_inbox_set_sorter (self->inbox, NULL);
      g_signal_handlers_disconnect_by_func (self->inbox, inbox_changed_cb, self);
    }
  g_clear_object (&self->selected_task);
  g_set_object (&self->inbox, inbox);
  cpis_task_slot_list_set_model (self->slots, G_LIST_MODEL (inbox));
  if (inbox != NULL)
    {
      /* after the places have changed with it */
      g_signal_connect_after (inbox, "items-changed", G_CALLBACK (inbox_changed_cb), self);
      /* the headers sort the inbox, which sorts with keys of its own */
      cpis_task_inbox_set_sorter (inbox, gtk_column_view_get_sorter (self->column_view));
    }
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

GActionGroup *
cpis_inbox_table_get_sort_actions (CpisInboxTable *self)
{
  g_return_val_if_fail (CPIS_IS_INBOX_TABLE (self), NULL);

  return G_ACTION_GROUP (self->sort_actions);
}

GMenuModel *
cpis_inbox_table_get_sort_menu (CpisInboxTable *self)
{
  g_return_val_if_fail (CPIS_IS_INBOX_TABLE (self), NULL);

  return G_MENU_MODEL (self->sort_menu);
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
  CpisTask *held;
  guint position;

  g_return_if_fail (CPIS_IS_INBOX_TABLE (self));

  if (self->inbox == NULL || task == NULL)
    return;

  held = cpis_task_inbox_lookup (self->inbox, cpis_task_get_id (task));
  position = cpis_task_inbox_find_position (self->inbox, held);
  if (position == GTK_INVALID_LIST_POSITION)
    return;

  gtk_single_selection_set_selected (self->selection, position);
}

static void
cell_clear (CpisInboxTableCell *cell)
{
  g_clear_object (&cell->task);
  g_clear_pointer (&cell->expected, g_free);
}

GArray *
_cpis_inbox_table_get_cells (CpisInboxTable *self)
{
  GArray *cells = g_array_new (FALSE, TRUE, sizeof (CpisInboxTableCell));
  GHashTableIter iter;
  gpointer key, value;

  g_array_set_clear_func (cells, (GDestroyNotify) cell_clear);
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GtkListItem *item = key;
      const ColumnSpec *spec = value;
      CpisTask *task = cpis_task_slot_get_task (gtk_list_item_get_item (item));
      CpisInboxTableCell cell = {
        .position = gtk_list_item_get_position (item),
        .column = (guint) (spec - column_specs),
        .task = g_object_ref (task),
        .text = cpis_cell_text_get_text (CPIS_CELL_TEXT (gtk_list_item_get_child (item))),
        .expected = cell_text (self, task, spec->cell),
        .bold = cpis_cell_text_get_bold (CPIS_CELL_TEXT (gtk_list_item_get_child (item))),
        .selected = gtk_list_item_get_selected (item),
      };

      g_array_append_val (cells, cell);
    }
  return cells;
}
