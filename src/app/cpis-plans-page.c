/* cpis-plans-page.c: the local authority's children on plans */

#include <glib/gi18n.h>
#include <string.h>

#include "cpis-plans-page-private.h"

#include "cpis-accessible-stack.h"
#include "cpis-cell-text.h"
#include "cpis-date.h"
#include "cpis-hub-client.h"
#include "cpis-list-text-private.h"
#include "cpis-nhs-number.h"
#include "cpis-plan-page.h"
#include "cpis-plan-editor.h"
#include "cpis-plan-import-dialog.h"

/* Plans a page of the load asks for */
#define PAGE_SIZE 250

struct _CpisPlansPage
{
  GtkWidget            parent_instance;

  CpisSession         *session;
  GListStore          *plans;       /* CpisPlan, as the hub listed them */
  GtkFilterListModel  *shown;
  GtkCustomFilter     *filter;
  GtkSortListModel    *sorted;
  GtkSingleSelection  *selection;
  GCancellable        *cancellable;
  gboolean             loaded;
  gboolean             load_failed;
  GDate                today;

  /* Template widgets */
  GtkSearchEntry      *search_entry;
  GtkDropDown         *type_dropdown;
  GtkDropDown         *state_dropdown;
  GtkWidget           *add_button;
  GtkWidget           *import_button;
  GtkLabel            *count_label;
  GtkStack            *stack;
  GtkSpinner          *spinner;
  GtkColumnView       *column_view;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *failed_page;
};

G_DEFINE_FINAL_TYPE (CpisPlansPage, cpis_plans_page, GTK_TYPE_WIDGET)

static void load_page (CpisPlansPage *self,
                       const char    *next_url);

/* The columns ------------------------------------------------------------ */

typedef enum
{
  CELL_CHILD,
  CELL_NHS_NUMBER,
  CELL_BORN,
  CELL_PLAN,
  CELL_STARTED,
  CELL_ENDED,
} Cell;

static const struct
{
  Cell        cell;
  const char *title;
  gboolean    expand;
  int         fixed_width;
} columns[] = {
  /* fixed widths that fit a 1100 px window beside the sidebar; dates in full */
  { CELL_CHILD, N_("Child"), TRUE, 160 },
  { CELL_NHS_NUMBER, N_("NHS Number"), FALSE, 115 },
  { CELL_BORN, N_("Born"), FALSE, 170 },
  { CELL_PLAN, N_("Plan"), TRUE, 170 },
  { CELL_STARTED, N_("Started"), FALSE, 140 },
  { CELL_ENDED, N_("Ended"), FALSE, 130 },
};

static char *
format_date (const char *date)
{
  char *text = date != NULL ? cpis_date_format_uk (date) : NULL;

  return text != NULL ? text : g_strdup (date != NULL ? date : "");
}

static char *
cell_text (CpisPlansPage *self,
           CpisPlan      *plan,
           Cell           cell)
{
  const char *text;

  switch (cell)
    {
    case CELL_CHILD:
      text = cpis_plan_get_subject_name (plan);
      if (text == NULL)
        text = _("Name not given");
      /* an unborn child's plan is held on the mother's record: her name
       * (first, as the list is sorted and read), said to be hers */
      if (cpis_plan_get_plan_type (plan) == CPIS_PLAN_TYPE_UCPP)
        /* Translators: the row of an unborn child's plan, named by the mother it is held on */
        return g_strdup_printf (_("%s (mother)"), text);
      return g_strdup (text);
    case CELL_NHS_NUMBER:
      return cpis_nhs_number_format (cpis_plan_get_nhs_number (plan));
    case CELL_BORN:
      /* (the mother's date of birth is not the child's: the due date instead) */
      if (cpis_plan_get_plan_type (plan) == CPIS_PLAN_TYPE_UCPP)
        {
          g_autofree char *due = NULL;

          if (cpis_plan_get_due_date (plan) == NULL)
            return g_strdup (_("Not born yet"));
          due = format_date (cpis_plan_get_due_date (plan));
          /* Translators: an unborn child's expected date of delivery, in the Born column */
          return g_strdup_printf (_("Due %s"), due);
        }
      return format_date (cpis_plan_get_subject_birth_date (plan));
    case CELL_PLAN:
      if (cpis_plan_get_plan_type (plan) == CPIS_PLAN_TYPE_UNRECOGNISED)
        return g_strdup (cpis_plan_get_plan_display (plan) != NULL
                           ? cpis_plan_get_plan_display (plan)
                           : _(cpis_plan_type_to_label (CPIS_PLAN_TYPE_UNRECOGNISED)));
      return g_strdup (_(cpis_plan_type_to_label (cpis_plan_get_plan_type (plan))));
    case CELL_STARTED:
      return format_date (cpis_plan_get_start_date (plan));
    case CELL_ENDED:
      if (cpis_plan_get_end_date (plan) == NULL)
        return g_strdup (_("Active"));
      if (!cpis_plan_has_ended (plan, &self->today))
        {
          g_autofree char *date = format_date (cpis_plan_get_end_date (plan));

          /* Translators: a plan that ends on a date still to come */
          return g_strdup_printf (_("Ends %s"), date);
        }
      return format_date (cpis_plan_get_end_date (plan));
    default:
      g_assert_not_reached ();
    }
}

/* The row read out as a sentence of its cells: "Alex TESTER, 999 100 0003,
 * Child Protection Plan, started 1 Apr 2026, Active" */
static void
name_row (CpisPlansPage *self,
          CpisCellText  *label,
          CpisPlan      *plan)
{
  g_autofree char *child = cell_text (self, plan, CELL_CHILD);
  g_autofree char *number = cell_text (self, plan, CELL_NHS_NUMBER);
  g_autofree char *type = cell_text (self, plan, CELL_PLAN);
  g_autofree char *started = cell_text (self, plan, CELL_STARTED);
  g_autofree char *ended = cell_text (self, plan, CELL_ENDED);
  g_autofree char *name = NULL;

  /* Translators: a plan's row read out: child, NHS number, plan, its start, "Active" or its end */
  name = g_strdup_printf (_("%s, %s, %s, started %s, %s"), child, number, type, started, ended);
  cpis_cell_text_name_row (label, name);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (item, cpis_cell_text_new ());
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  CpisPlansPage *self = g_object_get_data (G_OBJECT (factory), "cpis-plans-page");
  Cell cell = GPOINTER_TO_INT (user_data);
  CpisPlan *plan = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = cell_text (self, plan, cell);

  cpis_cell_text_set_text (CPIS_CELL_TEXT (label), text);
  if (cell == CELL_CHILD)
    name_row (self, CPIS_CELL_TEXT (label), plan);
  /* an ended plan is not to be read as one in force: dimmed, and its column says when */
  if (cpis_plan_has_ended (plan, &self->today))
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_remove_css_class (label, "dim-label");
}

/* Sorted by the column's own order: names and plans as text, dates as dates
 * ("YYYY-MM-DD" sorts as text), absent last */
static int
compare_text (const char *a,
              const char *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);
  return g_utf8_collate (a, b);
}

static int
compare_plans_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  CpisPlan *x = (CpisPlan *) a;
  CpisPlan *y = (CpisPlan *) b;
  int order = 0;

  switch ((Cell) GPOINTER_TO_INT (user_data))
    {
    case CELL_CHILD:
      {
        /* by family name first, as lists of children are read */
        g_autofree char *name_x = _cpis_name_family_first (cpis_plan_get_subject_name (x));
        g_autofree char *name_y = _cpis_name_family_first (cpis_plan_get_subject_name (y));

        order = compare_text (name_x, name_y);
      }
      break;
    case CELL_NHS_NUMBER:
      order = g_strcmp0 (cpis_plan_get_nhs_number (x), cpis_plan_get_nhs_number (y));
      break;
    case CELL_BORN:
      order = compare_text (cpis_plan_get_subject_birth_date (x),
                            cpis_plan_get_subject_birth_date (y));
      break;
    case CELL_PLAN:
      order = (int) cpis_plan_get_plan_type (x) - (int) cpis_plan_get_plan_type (y);
      break;
    case CELL_STARTED:
      order = compare_text (cpis_plan_get_start_date (x), cpis_plan_get_start_date (y));
      break;
    case CELL_ENDED:
      /* active ones (no end) last in ascending order, as "not yet" */
      order = compare_text (cpis_plan_get_end_date (x), cpis_plan_get_end_date (y));
      break;
    default:
      g_assert_not_reached ();
    }

  /* ties: by NHS number then id, so the order never depends on the load's */
  if (order == 0)
    order = g_strcmp0 (cpis_plan_get_nhs_number (x), cpis_plan_get_nhs_number (y));
  if (order == 0)
    order = g_strcmp0 (cpis_plan_get_id (x), cpis_plan_get_id (y));
  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER
                                                      : GTK_ORDERING_EQUAL;
}

/* Filtering -------------------------------------------------------------- */

static const CpisPlanType type_choices[] = {
  CPIS_PLAN_TYPE_UNRECOGNISED, /* all */
  CPIS_PLAN_TYPE_CPP,
  CPIS_PLAN_TYPE_LAC,
  CPIS_PLAN_TYPE_UCPP,
};

static gboolean
matches_search (CpisPlan   *plan,
                const char *search)
{
  g_autofree char *digits = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *name = NULL;
  const char *subject = cpis_plan_get_subject_name (plan);

  if (search == NULL || *search == '\0')
    return TRUE;

  /* an NHS number as typed, in part, with spaces or dashes */
  digits = cpis_nhs_number_partial_digits (search);
  if (digits != NULL)
    return strstr (cpis_plan_get_nhs_number (plan), digits) != NULL;

  if (subject == NULL)
    return FALSE;
  folded = g_utf8_casefold (search, -1);
  name = g_utf8_casefold (subject, -1);
  return strstr (name, g_strstrip (folded)) != NULL;
}

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  CpisPlansPage *self = user_data;
  CpisPlan *plan = item;
  guint type = gtk_drop_down_get_selected (self->type_dropdown);
  guint state = gtk_drop_down_get_selected (self->state_dropdown);
  gboolean ended = cpis_plan_has_ended (plan, &self->today);

  if (type > 0 && type < G_N_ELEMENTS (type_choices) &&
      cpis_plan_get_plan_type (plan) != type_choices[type])
    return FALSE;
  if (state == CPIS_PLANS_PAGE_STATE_ACTIVE && ended)
    return FALSE;
  if (state == CPIS_PLANS_PAGE_STATE_ENDED && !ended)
    return FALSE;
  return matches_search (plan, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
update_page (CpisPlansPage *self)
{
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (self->plans));
  g_autofree char *count = NULL;

  gtk_widget_set_sensitive (self->add_button, self->session != NULL);
  gtk_widget_set_sensitive (self->import_button, self->session != NULL);

  if (self->load_failed && n_all == 0)
    {
      gtk_spinner_stop (self->spinner);
      cpis_accessible_stack_show (self->stack, "failed");
      gtk_label_set_text (self->count_label, "");
      return;
    }
  if (!self->loaded && n_all == 0)
    {
      gtk_spinner_start (self->spinner);
      cpis_accessible_stack_show (self->stack, "loading");
      gtk_label_set_text (self->count_label, "");
      return;
    }

  gtk_spinner_stop (self->spinner);
  if (n_shown == n_all)
    count = g_strdup_printf (ngettext ("%u plan", "%u plans", n_all), n_all);
  else
    /* Translators: "12 of 340 plans" */
    count = g_strdup_printf (ngettext ("%u of %u plan", "%u of %u plans", n_all), n_shown, n_all);
  if (!self->loaded)
    {
      g_autofree char *partial = g_steal_pointer (&count);

      /* Translators: a count while the rest are still loading */
      count = g_strdup_printf (_("%s so far: still loading"), partial);
    }
  gtk_label_set_text (self->count_label, count);

  if (n_shown == 0)
    {
      adw_status_page_set_title (self->empty_page, n_all == 0 ? _("No Plans Yet")
                                                              : _("No Matching Plans"));
      adw_status_page_set_description (
        self->empty_page, n_all == 0 ? _("Add a plan, or import your authority's plans from a CSV "
                                         "file.")
                                     : _("Change the search or the filters to see more."));
      cpis_accessible_stack_show (self->stack, "empty");
    }
  else
    cpis_accessible_stack_show (self->stack, "table");
}

static void
refilter_cb (CpisPlansPage *self)
{
  cpis_date_today_uk (&self->today);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_page (self);
}

/* Loading ---------------------------------------------------------------- */

static CpisHubClient *
client_of (CpisPlansPage *self)
{
  if (self->session == NULL || !cpis_session_is_signed_in (self->session))
    return NULL;
  return cpis_session_get_client (self->session);
}

static void
page_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CpisPlansPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisPlanPage) page = NULL;

  /* disposed meanwhile (an answer that came before the cancel) */
  if (self->plans == NULL)
    return;
  /* the first page's answer, or a later one's */
  page = g_list_model_get_n_items (G_LIST_MODEL (self->plans)) == 0
         ? cpis_hub_client_list_plans_finish (CPIS_HUB_CLIENT (source), result, &error)
         : cpis_hub_client_fetch_plan_page_finish (CPIS_HUB_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      g_clear_object (&self->cancellable);
      if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED))
        {
          cpis_session_expire (self->session);
          return;
        }
      self->load_failed = TRUE;
      adw_status_page_set_description (self->failed_page, error->message);
      update_page (self);
      return;
    }

  g_list_store_splice (self->plans, g_list_model_get_n_items (G_LIST_MODEL (self->plans)), 0,
                       page->plans->pdata, page->plans->len);
  if (page->next_url != NULL && page->plans->len > 0)
    {
      load_page (self, page->next_url);
      update_page (self);
      return;
    }

  g_clear_object (&self->cancellable);
  self->loaded = TRUE;
  update_page (self);
}

static void
load_page (CpisPlansPage *self,
           const char    *next_url)
{
  CpisHubClient *client = client_of (self);

  if (client == NULL)
    return;
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();

  if (next_url != NULL)
    cpis_hub_client_fetch_plan_page_async (client, next_url, self->cancellable, page_cb,
                                           g_object_ref (self));
  else
    cpis_hub_client_list_plans_async (client, NULL, CPIS_PLAN_TYPE_UNRECOGNISED, PAGE_SIZE,
                                      self->cancellable, page_cb, g_object_ref (self));
}

static void
stop_loading (CpisPlansPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* Actions ---------------------------------------------------------------- */

static void
plan_saved_cb (CpisPlansPage *self)
{
  cpis_plans_page_reload (self);
}

static void
open_editor (CpisPlansPage *self,
             CpisPlan      *plan)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  CpisPlanEditor *editor;

  if (client_of (self) == NULL)
    return;
  editor = cpis_plan_editor_new (self->session, plan);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  g_signal_connect_object (editor, "saved", G_CALLBACK (plan_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
add_clicked_cb (CpisPlansPage *self)
{
  open_editor (self, NULL);
}

static void
import_clicked_cb (CpisPlansPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  CpisPlanImportDialog *dialog;

  if (client_of (self) == NULL)
    return;
  dialog = cpis_plan_import_dialog_new (self->session);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "uploaded", G_CALLBACK (plan_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
activate_cb (CpisPlansPage *self,
             guint          position)
{
  g_autoptr(CpisPlan) plan = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (plan != NULL)
    open_editor (self, plan);
}

static void
retry_clicked_cb (CpisPlansPage *self)
{
  cpis_plans_page_reload (self);
}

static void
map_cb (CpisPlansPage *self)
{
  /* loaded when first shown: a social worker working the inbox never waits for it */
  if (!self->loaded && self->cancellable == NULL && !self->load_failed)
    load_page (self, NULL);
}

static void
session_state_changed_cb (CpisPlansPage *self)
{
  switch (cpis_session_get_state (self->session))
    {
    case CPIS_SESSION_SIGNED_IN:
      /* after a 401 and the password again: start over, as a page may have moved */
      if (!self->loaded && gtk_widget_get_mapped (GTK_WIDGET (self)))
        cpis_plans_page_reload (self);
      break;
    case CPIS_SESSION_SIGNED_OUT:
      cpis_plans_page_reset (self);
      break;
    case CPIS_SESSION_EXPIRED:
    default:
      break;
    }
  update_page (self);
}

/* The widget ------------------------------------------------------------- */

static void
cpis_plans_page_dispose (GObject *object)
{
  CpisPlansPage *self = CPIS_PLANS_PAGE (object);
  GtkWidget *child;

  stop_loading (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), CPIS_TYPE_PLANS_PAGE);
  /* the template's rows that no field holds */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->plans);

  G_OBJECT_CLASS (cpis_plans_page_parent_class)->dispose (object);
}

static void
cpis_plans_page_class_init (CpisPlansPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_plans_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-plans-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CpisPlansPage, name)
  BIND (search_entry);
  BIND (type_dropdown);
  BIND (state_dropdown);
  BIND (add_button);
  BIND (import_button);
  BIND (count_label);
  BIND (stack);
  BIND (spinner);
  BIND (column_view);
  BIND (empty_page);
  BIND (failed_page);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, refilter_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

static void
cpis_plans_page_init (CpisPlansPage *self)
{
  GtkSorter *sorter;
  double scale;

  gtk_widget_init_template (GTK_WIDGET (self));
  cpis_date_today_uk (&self->today);

  self->plans = g_list_store_new (CPIS_TYPE_PLAN);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->shown = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->plans)),
                                           GTK_FILTER (self->filter));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->shown), NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  scale = cpis_cell_text_scale (GTK_WIDGET (self->column_view));

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "cpis-plans-page", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb),
                        GINT_TO_POINTER (columns[i].cell));
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_sorter (
        column, GTK_SORTER (gtk_custom_sorter_new (compare_plans_cb,
                                                   GINT_TO_POINTER (columns[i].cell), NULL)));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_fixed_width (
        column, columns[i].fixed_width > 0 ? (int) (columns[i].fixed_width * scale) : -1);
      gtk_column_view_append_column (self->column_view, column);
      if (i == 0)
        gtk_column_view_sort_by_column (self->column_view, column, GTK_SORT_ASCENDING);
      g_object_unref (column);
    }
  sorter = gtk_column_view_get_sorter (self->column_view);
  gtk_sort_list_model_set_sorter (self->sorted, sorter);

  g_signal_connect_swapped (self, "map", G_CALLBACK (map_cb), self);
  g_signal_connect_swapped (self->shown, "items-changed", G_CALLBACK (update_page), self);
  update_page (self);
}

GtkWidget *
cpis_plans_page_new (void)
{
  return g_object_new (CPIS_TYPE_PLANS_PAGE, NULL);
}

void
cpis_plans_page_set_session (CpisPlansPage *self,
                             CpisSession   *session)
{
  g_return_if_fail (CPIS_IS_PLANS_PAGE (self));
  g_return_if_fail (session == NULL || CPIS_IS_SESSION (session));

  if (session == self->session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  cpis_plans_page_reset (self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed_cb),
                             self, G_CONNECT_SWAPPED);
  update_page (self);
}

void
cpis_plans_page_reload (CpisPlansPage *self)
{
  g_return_if_fail (CPIS_IS_PLANS_PAGE (self));

  stop_loading (self);
  g_list_store_remove_all (self->plans);
  self->loaded = FALSE;
  self->load_failed = FALSE;
  update_page (self);
  load_page (self, NULL);
}

void
cpis_plans_page_reset (CpisPlansPage *self)
{
  g_return_if_fail (CPIS_IS_PLANS_PAGE (self));

  stop_loading (self);
  g_list_store_remove_all (self->plans);
  self->loaded = FALSE;
  self->load_failed = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  update_page (self);
}

void
cpis_plans_page_focus_search (CpisPlansPage *self)
{
  g_return_if_fail (CPIS_IS_PLANS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GListModel *
_cpis_plans_page_get_shown (CpisPlansPage *self)
{
  return G_LIST_MODEL (self->selection);
}

gboolean
_cpis_plans_page_is_loaded (CpisPlansPage *self)
{
  return self->loaded;
}
