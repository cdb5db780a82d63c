/* cpis-social-worker-view.c: a local authority's notifications, arriving
 * live, and acted on */

#include <glib/gi18n.h>

#include "cpis-social-worker-view-private.h"

#include "cpis-accessible-stack.h"
#include "cpis-exceptions-page.h"
#include "cpis-hub-client.h"
#include "cpis-plan-editor.h"
#include "cpis-plans-page.h"
#include "cpis-task-feed.h"
#include "cpis-task-query.h"
#include "cpis-team.h"
#include "cpis-task-text-private.h"

/* The first page is a screenful, on screen at once (each notification
 * costs the hub and the codec about 0.4 ms); the pages after it, loaded
 * behind it, are bigger: fewer requests for a big authority
 * (benchmarks/bench-inbox-load.c) */
#define FIRST_PAGE_SIZE 50
#define PAGE_SIZE       250

/* The desktop notification's id: one, replaced as more arrive */
#define ALERT_ID "cpis-new-notification"

struct _CpisSocialWorkerView
{
  GtkWidget         parent_instance;

  CpisSession      *session;
  CpisSessionState  session_state;
  CpisTaskInbox    *inbox;

  /* loading every page of the authority's notifications */
  GCancellable     *load_cancellable;
  char             *resume_url;      /* the page to fetch next (NULL: the first) */
  guint             n_loaded;
  guint             total;
  gboolean          loaded;          /* every page is in */
  gboolean          load_failed;

  /* who a notification may be assigned to */
  GCancellable     *directory_cancellable;
  GPtrArray        *teams;           /* CpisTeam */
  GPtrArray        *colleagues;      /* CpisPractitionerRole */

  /* the live feed: started before the first page is asked for, so that
   * nothing raised meanwhile falls between the two */
  CpisTaskFeed     *feed;
  gboolean          waiting_for_feed;
  GCancellable     *arrivals_cancellable; /* reading new ones' accesses */

  /* desktop notifications */
  guint             n_unseen_arrivals; /* since the window was last active */
  guint             n_alerts;

  GtkWidget        *view_rows[CPIS_TASK_INBOX_N_VIEWS];
  GtkLabel         *view_counts[CPIS_TASK_INBOX_N_VIEWS];
  GtkCheckButton   *scope_checks[CPIS_TASK_INBOX_N_SCOPES];
  GtkLabel         *scope_counts[CPIS_TASK_INBOX_N_SCOPES];
  gulong            window_active_handler;
  GtkWindow        *window;

  /* Template widgets */
  AdwLeaflet       *leaflet;
  GtkListBox       *views_list;
  GtkBox           *scopes_box;
  GtkListBox       *records_list;
  GtkWidget        *plans_row;
  GtkWidget        *exceptions_row;
  GtkLabel         *exceptions_count;
  CpisPlansPage    *plans_page;
  CpisExceptionsPage *exceptions_page;
  GtkWidget        *plans_sidebar_button;
  GtkWidget        *exceptions_sidebar_button;
  GtkStack         *content_stack;
  GtkWidget        *sidebar_button;
  GtkSearchEntry   *search_entry;
  GtkWidget        *live_box;
  GtkMenuButton    *sort_button;
  GtkImage         *live_icon;
  GtkLabel         *live_label;
  GtkWidget        *loading_box;
  GtkProgressBar   *loading_bar;
  GtkLabel         *loading_label;
  GtkWidget        *loading_retry_button;
  GtkStack         *inbox_stack;
  CpisInboxTable   *table;
  GtkSpinner       *first_page_spinner;
  AdwStatusPage    *empty_page;
  AdwStatusPage    *failed_page;
  GtkWidget        *back_button;
  CpisTaskDetail   *detail;
};

G_DEFINE_FINAL_TYPE (CpisSocialWorkerView, cpis_social_worker_view, GTK_TYPE_WIDGET)

static void load_next_page (CpisSocialWorkerView *self);
static void show_page      (CpisSocialWorkerView *self,
                            const char           *name);
static void sync_records_selection (CpisSocialWorkerView *self);

static const struct
{
  CpisTaskInboxView  view;
  const char        *name;
} views[] = {
  { CPIS_TASK_INBOX_VIEW_OPEN, N_("Open") },
  { CPIS_TASK_INBOX_VIEW_IN_PROGRESS, N_("In Progress") },
  { CPIS_TASK_INBOX_VIEW_DONE, N_("Done") },
  { CPIS_TASK_INBOX_VIEW_ALL, N_("All") },
};

static const struct
{
  CpisTaskInboxScope  scope;
  const char         *name;
} scopes[] = {
  { CPIS_TASK_INBOX_SCOPE_TODAY, N_("Today") },
  { CPIS_TASK_INBOX_SCOPE_THIS_WEEK, N_("This Week") },
  { CPIS_TASK_INBOX_SCOPE_OUT_OF_AREA, N_("Out of Area") },
  { CPIS_TASK_INBOX_SCOPE_ASSIGNED_TO_ME, N_("Assigned to Me") },
  { CPIS_TASK_INBOX_SCOPE_INACTIVE_NUMBER, N_("Inactive NHS Numbers") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (views) == CPIS_TASK_INBOX_N_VIEWS);
G_STATIC_ASSERT (G_N_ELEMENTS (scopes) == CPIS_TASK_INBOX_N_SCOPES);

static CpisHubClient *
client_of (CpisSocialWorkerView *self)
{
  if (self->session == NULL || !cpis_session_is_signed_in (self->session))
    return NULL;
  return cpis_session_get_client (self->session);
}

/* The sidebar -------------------------------------------------------------- */

static void
update_counts (CpisSocialWorkerView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      guint n = cpis_task_inbox_get_view_count (self->inbox, views[i].view);
      g_autofree char *count = g_strdup_printf ("%u", n);
      /* Translators: a view of the inbox and how many it holds: "Open, 12" */
      g_autofree char *name = g_strdup_printf (_("%s, %u"), _(views[i].name), n);

      gtk_label_set_text (self->view_counts[i], count);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->view_rows[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    {
      guint n = cpis_task_inbox_get_scope_count (self->inbox, scopes[i].scope);
      g_autofree char *count = g_strdup_printf ("%u", n);
      g_autofree char *name = g_strdup_printf (_("%s, %u"), _(scopes[i].name), n);

      gtk_label_set_text (self->scope_counts[i], count);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->scope_checks[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
}

static GtkWidget *
count_label (void)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "label", "0", "accessible-role",
                                   GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "cpis-tabular");
  return label;
}

/* A row of "Your Authority": the page it shows, and its count if it has one */
static GtkWidget *
records_row (CpisSocialWorkerView  *self,
             const char            *title,
             const char            *page,
             GtkLabel             **count)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (box), name);
  if (count != NULL)
    {
      GtkWidget *label = count_label ();

      gtk_label_set_text (GTK_LABEL (label), "");
      gtk_box_append (GTK_BOX (box), label);
      *count = GTK_LABEL (label);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data (G_OBJECT (row), "page", (gpointer) page);
  gtk_list_box_append (self->records_list, row);
  return row;
}

static void
build_sidebar (CpisSocialWorkerView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *name = gtk_label_new (_(views[i].name));
      GtkWidget *count = count_label ();

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), count);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data (G_OBJECT (row), "inbox-view", GINT_TO_POINTER (views[i].view));
      gtk_list_box_append (self->views_list, row);
      self->view_rows[i] = row;
      self->view_counts[i] = GTK_LABEL (count);
    }

  self->plans_row = records_row (self, _("Plans"), "plans", NULL);
  self->exceptions_row = records_row (self, _("Upload Exceptions"), "exceptions",
                                      &self->exceptions_count);

  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *check = gtk_check_button_new_with_label (_(scopes[i].name));
      GtkWidget *count = count_label ();

      gtk_widget_set_hexpand (check, TRUE);
      gtk_widget_set_margin_end (count, 8);
      gtk_box_append (GTK_BOX (box), check);
      gtk_box_append (GTK_BOX (box), count);
      gtk_box_append (self->scopes_box, box);
      self->scope_checks[i] = GTK_CHECK_BUTTON (check);
      self->scope_counts[i] = GTK_LABEL (count);
    }
}

static void update_inbox_page (CpisSocialWorkerView *self);

/* The sidebar's rows show their page when activated (a click, Enter), not
 * when selected: moving the focus through the sidebar with Tab selects the
 * rows it passes, and must not take the social worker out of the
 * notification they are working on. A view row's selection narrows the
 * inbox (only that). */
static void
view_row_selected_cb (CpisSocialWorkerView *self,
                      GtkListBoxRow        *row)
{
  if (row == NULL)
    return;

  cpis_task_inbox_set_view (self->inbox,
                            GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "inbox-view")));
  update_inbox_page (self);
}

static void
go_forward_if_folded (CpisSocialWorkerView *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Even the row already selected: at a narrow width the sidebar is all there
 * is on screen, and its selected row is the way back to the inbox */
static void
view_row_activated_cb (CpisSocialWorkerView *self,
                       GtkListBoxRow        *row)
{
  gtk_list_box_select_row (self->views_list, row);
  show_page (self, "inbox");
  go_forward_if_folded (self);
}

/* Which "Your Authority" row is selected follows the page shown */
static void
sync_records_selection (CpisSocialWorkerView *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);
  GtkWidget *row = g_strcmp0 (page, "plans") == 0      ? self->plans_row
                 : g_strcmp0 (page, "exceptions") == 0 ? self->exceptions_row
                                                       : NULL;

  if (row == NULL)
    gtk_list_box_unselect_all (self->records_list);
  else if (gtk_list_box_get_selected_row (self->records_list) != GTK_LIST_BOX_ROW (row))
    gtk_list_box_select_row (self->records_list, GTK_LIST_BOX_ROW (row));
}

static void
records_row_selected_cb (CpisSocialWorkerView *self,
                         GtkListBoxRow        *row)
{
  /* a row the focus passed: the selection goes back to the page shown */
  if (row != NULL && !g_str_equal (g_object_get_data (G_OBJECT (row), "page"),
                                   gtk_stack_get_visible_child_name (self->content_stack)))
    sync_records_selection (self);
}

static void
records_row_activated_cb (CpisSocialWorkerView *self,
                          GtkListBoxRow        *row)
{
  show_page (self, g_object_get_data (G_OBJECT (row), "page"));
  go_forward_if_folded (self);
}

static void
exceptions_count_changed_cb (CpisSocialWorkerView *self)
{
  guint n = cpis_exceptions_page_get_n_open (self->exceptions_page);
  g_autofree char *count = n > 0 ? g_strdup_printf ("%u", n) : g_strdup ("");
  g_autofree char *name = g_strdup_printf (_("%s, %u"), _("Upload Exceptions"), n);

  gtk_label_set_text (self->exceptions_count, count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->exceptions_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
plans_changed_cb (CpisSocialWorkerView *self)
{
  cpis_plans_page_reload (self->plans_page);
}

static void
scope_toggled_cb (CpisSocialWorkerView *self)
{
  CpisTaskInboxScope scope = CPIS_TASK_INBOX_SCOPE_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    if (gtk_check_button_get_active (self->scope_checks[i]))
      scope |= scopes[i].scope;

  cpis_task_inbox_set_scope (self->inbox, scope);
  update_inbox_page (self);
}

static void
search_changed_cb (CpisSocialWorkerView *self)
{
  cpis_task_inbox_set_search_text (self->inbox,
                                   gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_inbox_page (self);
}

static void
sidebar_clicked_cb (CpisSocialWorkerView *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
folded_changed_cb (CpisSocialWorkerView *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  gtk_widget_set_visible (self->sidebar_button, folded);
  gtk_widget_set_visible (self->plans_sidebar_button, folded);
  gtk_widget_set_visible (self->exceptions_sidebar_button, folded);
}

/* The inbox ------------------------------------------------------------------- */

/* The table, or why there is nothing in it */
static void
update_inbox_page (CpisSocialWorkerView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->inbox));
  guint held = cpis_task_inbox_get_n_tasks (self->inbox);

  if (shown > 0)
    {
      cpis_accessible_stack_show (self->inbox_stack, "table");
      gtk_spinner_set_spinning (self->first_page_spinner, FALSE);
      return;
    }

  if (held == 0 && self->load_failed)
    {
      cpis_accessible_stack_show (self->inbox_stack, "failed");
      return;
    }

  if (held == 0 && !self->loaded && (self->load_cancellable != NULL || self->waiting_for_feed))
    {
      gtk_spinner_set_spinning (self->first_page_spinner, TRUE);
      cpis_accessible_stack_show (self->inbox_stack, "loading");
      return;
    }

  gtk_spinner_set_spinning (self->first_page_spinner, FALSE);
  if (held == 0)
    {
      adw_status_page_set_title (self->empty_page, _("No Notifications"));
      adw_status_page_set_description (self->empty_page,
                                       _("When a health setting checks one of your authority's "
                                         "children, the notification appears here at once."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Matching Notifications"));
      adw_status_page_set_description (self->empty_page,
                                       _("None of the notifications held matches this view, "
                                         "the filters chosen and the search. Try “All”, or "
                                         "clear the search and the filters."));
    }
  cpis_accessible_stack_show (self->inbox_stack, "empty");
}

static void
inbox_items_changed_cb (CpisSocialWorkerView *self)
{
  update_inbox_page (self);
}

static void
show_loading (CpisSocialWorkerView *self,
              const GError         *error)
{
  g_autofree char *text = NULL;

  if (error != NULL)
    {
      text = g_strdup_printf (_("Only %u of the %u notifications could be loaded: %s"),
                              self->n_loaded, self->total, error->message);
      gtk_label_set_text (self->loading_label, text);
      gtk_widget_set_visible (self->loading_retry_button, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->loading_bar), FALSE);
      gtk_widget_set_visible (self->loading_box, TRUE);
      return;
    }

  gtk_widget_set_visible (self->loading_retry_button, FALSE);
  if (self->loaded || self->total == 0 || self->n_loaded == 0)
    {
      gtk_widget_set_visible (self->loading_box, FALSE);
      return;
    }

  text = g_strdup_printf (_("Loading older notifications: %u of %u"), self->n_loaded,
                          self->total);
  gtk_label_set_text (self->loading_label, text);
  gtk_progress_bar_set_fraction (self->loading_bar, (double) self->n_loaded / self->total);
  gtk_widget_set_visible (GTK_WIDGET (self->loading_bar), TRUE);
  gtk_widget_set_visible (self->loading_box, TRUE);
}

static void
page_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(CpisSocialWorkerView) self = user_data;
  g_autoptr(CpisTaskPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gboolean first = self->resume_url == NULL;

  page = first ? cpis_hub_client_search_tasks_finish (CPIS_HUB_CLIENT (source), res, &error)
               : cpis_hub_client_fetch_task_page_finish (CPIS_HUB_CLIENT (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);

  if (page == NULL)
    {
      if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED))
        {
          /* signed in again, the view carries on from this page */
          cpis_session_expire (self->session);
          return;
        }

      self->load_failed = TRUE;
      if (self->n_loaded == 0)
        adw_status_page_set_description (self->failed_page, error->message);
      show_loading (self, error);
      update_inbox_page (self);
      return;
    }

  self->load_failed = FALSE;
  self->total = page->total;
  self->n_loaded += page->tasks->len;
  cpis_task_inbox_add_all (self->inbox, page->tasks);

  g_free (self->resume_url);
  /* after the first (small) page, the second is searched for with the
   * bigger size, and its links followed */
  self->resume_url = first && self->n_loaded == page->tasks->len ? NULL
                                                                 : g_strdup (page->next_url);
  self->loaded = page->next_url == NULL || page->tasks->len == 0;
  show_loading (self, NULL);
  update_inbox_page (self);

  if (!self->loaded)
    load_next_page (self);
}

static void
load_next_page (CpisSocialWorkerView *self)
{
  CpisHubClient *client = client_of (self);

  if (client == NULL || self->loaded || self->load_cancellable != NULL)
    return;

  self->load_cancellable = g_cancellable_new ();
  if (self->resume_url == NULL)
    {
      CpisTaskQuery query;

      /* the first page, or the second from where the first ended: then the links */
      cpis_task_query_init (&query);
      query.count = self->n_loaded == 0 ? FIRST_PAGE_SIZE : PAGE_SIZE;
      query.offset = self->n_loaded;
      query.include_access = TRUE;
      query.sort = CPIS_TASK_SORT_AUTHORED_ON;
      cpis_hub_client_search_tasks_async (client, &query, self->load_cancellable, page_cb,
                                          g_object_ref (self));
    }
  else
    cpis_hub_client_fetch_task_page_async (client, self->resume_url, self->load_cancellable,
                                           page_cb, g_object_ref (self));
  update_inbox_page (self);
}

static void
loading_retry_clicked_cb (CpisSocialWorkerView *self)
{
  self->load_failed = FALSE;
  show_loading (self, NULL);
  load_next_page (self);
}

static void
stop_loading (CpisSocialWorkerView *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
}

/* Arrivals ------------------------------------------------------------------- */

static void
window_active_cb (CpisSocialWorkerView *self)
{
  if (self->window != NULL && gtk_window_is_active (self->window))
    {
      GApplication *app = G_APPLICATION (gtk_window_get_application (self->window));

      /* seen: the desktop notification has done its work */
      self->n_unseen_arrivals = 0;
      if (app != NULL)
        g_application_withdraw_notification (app, ALERT_ID);
    }
}

static void
follow_window (CpisSocialWorkerView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  if (window == self->window)
    return;
  if (self->window != NULL)
    g_clear_signal_handler (&self->window_active_handler, self->window);
  /* weak: the window may go before the view's last reference does */
  g_set_weak_pointer (&self->window, window);
  if (window != NULL)
    self->window_active_handler = g_signal_connect_swapped (window, "notify::is-active",
                                                            G_CALLBACK (window_active_cb), self);
}

/* A desktop notification for a new one, when the window is not in front. It
 * names no child, no number, no setting: the shell shows it on the lock
 * screen and keeps it in its list. */
static void
alert_desktop (CpisSocialWorkerView *self)
{
  GApplication *app;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;

  follow_window (self);
  if (self->window == NULL || gtk_window_is_active (self->window))
    return;
  app = G_APPLICATION (gtk_window_get_application (self->window));
  if (app == NULL)
    return;

  self->n_unseen_arrivals++;
  self->n_alerts++;
  notification = g_notification_new (self->n_unseen_arrivals == 1
                                       ? _("New CP-IS attendance notification")
                                       : _("New CP-IS attendance notifications"));
  body = self->n_unseen_arrivals == 1
         ? g_strdup (_("Open CP-IS Desktop to see it."))
         : g_strdup_printf (ngettext ("%u new notification. Open CP-IS Desktop to see them.",
                                      "%u new notifications. Open CP-IS Desktop to see them.",
                                      self->n_unseen_arrivals),
                            self->n_unseen_arrivals);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_application_send_notification (app, ALERT_ID, notification);
}

/* A notification from the live channel: new, or a newer version */
static void
take_arrival (CpisSocialWorkerView *self,
              CpisTask             *task)
{
  gboolean is_new = cpis_task_inbox_lookup (self->inbox, cpis_task_get_id (task)) == NULL;
  CpisTask *shown = cpis_task_detail_get_task (self->detail);

  if (!cpis_task_inbox_add (self->inbox, task))
    return;

  if (shown != NULL && g_strcmp0 (cpis_task_get_id (shown), cpis_task_get_id (task)) == 0)
    cpis_task_detail_show (self->detail, task);

  if (is_new && cpis_task_get_status (task) == CPIS_TASK_STATUS_REQUESTED)
    alert_desktop (self);
}

/* The live feed ----------------------------------------------------------------- */

static void
show_feed_state (CpisSocialWorkerView *self)
{
  CpisTaskFeedState state = self->feed != NULL ? cpis_task_feed_get_state (self->feed)
                                               : CPIS_TASK_FEED_STATE_STOPPED;
  const char *icon = "network-transmit-receive-symbolic";
  const char *text = NULL;
  const char *tooltip = NULL;
  const char *style = NULL;
  g_autofree char *polling = NULL;

  switch (state)
    {
    case CPIS_TASK_FEED_STATE_LIVE:
      text = _("Live");
      tooltip = _("New notifications appear here as they are raised.");
      style = "success";
      break;
    case CPIS_TASK_FEED_STATE_CONNECTING:
      text = _("Connecting to live updates…");
      break;
    case CPIS_TASK_FEED_STATE_RECONNECTING:
      icon = "network-offline-symbolic";
      polling = g_strdup_printf (
        ngettext ("Live updates interrupted: reconnecting, and checking for new notifications "
                  "every %u second meanwhile.",
                  "Live updates interrupted: reconnecting, and checking for new notifications "
                  "every %u seconds meanwhile.",
                  MAX (1, cpis_task_feed_get_poll_interval (self->feed) / 1000)),
        MAX (1, cpis_task_feed_get_poll_interval (self->feed) / 1000));
      text = polling;
      style = "warning";
      break;
    case CPIS_TASK_FEED_STATE_DOWN:
      icon = "network-offline-symbolic";
      text = _("The hub cannot be reached: new notifications may be missing here until it is "
               "back. Retrying.");
      style = "error";
      break;
    case CPIS_TASK_FEED_STATE_STOPPED:
    default:
      break;
    }

  gtk_widget_set_visible (self->live_box, text != NULL);
  if (text == NULL)
    return;
  gtk_image_set_from_icon_name (self->live_icon, icon);
  gtk_label_set_text (self->live_label, text);
  gtk_widget_set_tooltip_text (self->live_box, tooltip);
  gtk_widget_remove_css_class (self->live_box, "success");
  gtk_widget_remove_css_class (self->live_box, "warning");
  gtk_widget_remove_css_class (self->live_box, "error");
  if (style != NULL)
    gtk_widget_add_css_class (self->live_box, style);
}

static void
feed_state_changed_cb (CpisSocialWorkerView *self)
{
  show_feed_state (self);

  /* the feed's Subscriptions are made (or cannot be): now the first page */
  if (self->waiting_for_feed && cpis_task_feed_get_state (self->feed) != CPIS_TASK_FEED_STATE_CONNECTING)
    {
      self->waiting_for_feed = FALSE;
      load_next_page (self);
    }
}

/* A new notification pushed without its access (who saw the child, in what
 * role): read with it, then shown. Shown without it if it cannot be read,
 * never held back. */
typedef struct
{
  CpisSocialWorkerView *self;
  CpisTask             *task;
} Arrival;

static void
arrival_free (Arrival *arrival)
{
  g_object_unref (arrival->self);
  g_object_unref (arrival->task);
  g_free (arrival);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Arrival, arrival_free)

static void
arrival_access_cb (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  g_autoptr(Arrival) arrival = user_data;
  g_autoptr(CpisTaskPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = cpis_hub_client_search_tasks_finish (CPIS_HUB_CLIENT (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (page != NULL)
    for (guint i = 0; i < page->tasks->len; i++)
      {
        CpisTask *read = g_ptr_array_index (page->tasks, i);

        if (g_strcmp0 (cpis_task_get_id (read), cpis_task_get_id (arrival->task)) == 0)
          cpis_task_adopt_access_event (arrival->task, cpis_task_get_access_event (read));
      }
  else
    g_debug ("A new notification's access could not be read: %s", error->message);

  take_arrival (arrival->self, arrival->task);
}

static void
feed_task_changed_cb (CpisSocialWorkerView *self,
                      CpisTask             *task)
{
  CpisHubClient *client = client_of (self);
  g_autoptr(GDateTime) authored = cpis_task_dup_authored_on (task);
  g_autoptr(GDateTime) after = NULL;
  Arrival *arrival;
  CpisTaskQuery query;

  /* a newer version of one held keeps the access held (cpis_task_inbox_add) */
  if (cpis_task_get_access_event (task) != NULL || cpis_task_get_access_id (task) == NULL ||
      cpis_task_inbox_lookup (self->inbox, cpis_task_get_id (task)) != NULL || authored == NULL ||
      client == NULL)
    {
      take_arrival (self, task);
      return;
    }

  /* the Task search has no id: the child's, raised in that second */
  after = g_date_time_add_seconds (authored, 1);
  cpis_task_query_init (&query);
  query.nhs_number = cpis_task_get_nhs_number (task);
  query.authored_from = authored;
  query.authored_before = after;
  query.include_access = TRUE;
  query.count = 20;
  if (self->arrivals_cancellable == NULL)
    self->arrivals_cancellable = g_cancellable_new ();
  arrival = g_new0 (Arrival, 1);
  arrival->self = g_object_ref (self);
  arrival->task = g_object_ref (task);
  cpis_hub_client_search_tasks_async (client, &query, self->arrivals_cancellable,
                                      arrival_access_cb, arrival);
}

/* A Subscription had to be made again: what the old one would have carried
 * meanwhile cannot be fetched, so the inbox is searched again (what is held
 * stays; the search only adds, or replaces with newer versions) */
static void
feed_resync_needed_cb (CpisSocialWorkerView *self)
{
  stop_loading (self);
  g_clear_pointer (&self->resume_url, g_free);
  self->loaded = FALSE;
  self->load_failed = FALSE;
  self->n_loaded = 0;
  load_next_page (self);
}

static void
feed_unauthorised_cb (CpisSocialWorkerView *self)
{
  if (self->session != NULL && cpis_session_is_signed_in (self->session))
    cpis_session_expire (self->session);
}

static void
start_feed (CpisSocialWorkerView *self)
{
  CpisHubClient *client = client_of (self);

  if (client == NULL)
    return;
  if (self->feed == NULL)
    {
      self->feed = cpis_task_feed_new (client);
      g_signal_connect_swapped (self->feed, "notify::state", G_CALLBACK (feed_state_changed_cb),
                                self);
      g_signal_connect_swapped (self->feed, "task-changed", G_CALLBACK (feed_task_changed_cb),
                                self);
      g_signal_connect_swapped (self->feed, "unauthorised", G_CALLBACK (feed_unauthorised_cb),
                                self);
      g_signal_connect_swapped (self->feed, "resync-needed", G_CALLBACK (feed_resync_needed_cb),
                                self);
    }
  cpis_task_feed_start (self->feed);
  show_feed_state (self);
}

static void
stop_feed (CpisSocialWorkerView *self)
{
  if (self->feed == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->feed, self);
  cpis_task_feed_stop (self->feed);
  g_cancellable_cancel (self->arrivals_cancellable);
  g_clear_object (&self->arrivals_cancellable);
  g_clear_object (&self->feed);
  self->waiting_for_feed = FALSE;
  show_feed_state (self);
}

/* Who to assign to ------------------------------------------------------------ */

static void
give_assignees (CpisSocialWorkerView *self)
{
  cpis_task_detail_clear_assignees (self->detail);
  for (guint i = 0; self->teams != NULL && i < self->teams->len; i++)
    {
      CpisTeam *team = g_ptr_array_index (self->teams, i);

      cpis_task_detail_add_assignee (self->detail, CPIS_TASK_OWNER_TEAM, cpis_team_get_id (team),
                                     cpis_team_get_name (team));
    }
  for (guint i = 0; self->colleagues != NULL && i < self->colleagues->len; i++)
    {
      CpisPractitionerRole *colleague = g_ptr_array_index (self->colleagues, i);

      cpis_task_detail_add_assignee (self->detail, CPIS_TASK_OWNER_WORKER,
                                     cpis_practitioner_role_get_id (colleague),
                                     cpis_practitioner_role_get_practitioner_name (colleague));
    }
}

static void
teams_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  g_autoptr(CpisSocialWorkerView) self = user_data;
  g_autoptr(GPtrArray) teams = NULL;
  g_autoptr(GError) error = NULL;

  teams = cpis_hub_client_list_teams_finish (CPIS_HUB_CLIENT (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* without the list, a notification can still be taken on, or given back
   * to the authority: nothing else depends on it */
  if (teams == NULL)
    g_debug ("The authority's teams could not be listed: %s", error->message);
  g_clear_pointer (&self->teams, g_ptr_array_unref);
  self->teams = g_steal_pointer (&teams);
  give_assignees (self);
}

static void
colleagues_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(CpisSocialWorkerView) self = user_data;
  g_autoptr(GPtrArray) colleagues = NULL;
  g_autoptr(GError) error = NULL;

  colleagues = cpis_hub_client_list_social_workers_finish (CPIS_HUB_CLIENT (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (colleagues == NULL)
    g_debug ("The authority's social workers could not be listed: %s", error->message);
  g_clear_pointer (&self->colleagues, g_ptr_array_unref);
  self->colleagues = g_steal_pointer (&colleagues);
  give_assignees (self);
}

static void
list_assignees (CpisSocialWorkerView *self)
{
  CpisHubClient *client = client_of (self);

  if (client == NULL)
    return;
  g_cancellable_cancel (self->directory_cancellable);
  g_clear_object (&self->directory_cancellable);
  self->directory_cancellable = g_cancellable_new ();
  cpis_hub_client_list_teams_async (client, self->directory_cancellable, teams_cb,
                                    g_object_ref (self));
  cpis_hub_client_list_social_workers_async (client, self->directory_cancellable, colleagues_cb,
                                             g_object_ref (self));
}

static void
forget_assignees (CpisSocialWorkerView *self)
{
  g_cancellable_cancel (self->directory_cancellable);
  g_clear_object (&self->directory_cancellable);
  g_clear_pointer (&self->teams, g_ptr_array_unref);
  g_clear_pointer (&self->colleagues, g_ptr_array_unref);
  cpis_task_detail_clear_assignees (self->detail);
}

/* Opening one ----------------------------------------------------------------- */

static void
show_page (CpisSocialWorkerView *self,
           const char           *name)
{
  cpis_accessible_stack_show (self->content_stack, name);
  sync_records_selection (self);
}

static void
task_activated_cb (CpisSocialWorkerView *self,
                   CpisTask             *task)
{
  cpis_task_detail_show (self->detail, task);
  show_page (self, "notification");
  cpis_task_detail_focus (self->detail);
}

static void
back_clicked_cb (CpisSocialWorkerView *self)
{
  CpisTask *task = cpis_task_detail_get_task (self->detail);

  show_page (self, "inbox");
  if (task != NULL)
    cpis_inbox_table_select (self->table, task);
  gtk_widget_grab_focus (GTK_WIDGET (cpis_inbox_table_get_column_view (self->table)));
}

static void
detail_task_changed_cb (CpisSocialWorkerView *self,
                        CpisTask             *task)
{
  cpis_task_inbox_add (self->inbox, task);
}

/* Ctrl+F: the search of the list shown (the plans', on the plans page) */
static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CpisSocialWorkerView *self = CPIS_SOCIAL_WORKER_VIEW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "plans") == 0)
    cpis_plans_page_focus_search (self->plans_page);
  else
    cpis_social_worker_view_focus_search (self);
}

/* An inactive NHS number put right: the child's plan uploaded under the
 * number that replaced it, through the plan form filled in */
static void
detail_replace_plan_cb (CpisSocialWorkerView *self,
                        CpisPlan             *plan,
                        const char           *nhs_number)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  CpisPlanEditor *editor;

  if (client_of (self) == NULL)
    return;
  editor = cpis_plan_editor_new (self->session, NULL);
  cpis_plan_editor_prefill_from_plan (editor, plan, nhs_number);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  g_signal_connect_object (editor, "saved", G_CALLBACK (plans_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static gboolean
go_back_cb (GtkWidget *widget,
            GVariant  *args,
            gpointer   user_data)
{
  CpisSocialWorkerView *self = CPIS_SOCIAL_WORKER_VIEW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "notification") == 0)
    {
      /* a notification opened: back to the list, one step at a time */
      back_clicked_cb (self);
      return TRUE;
    }
  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child_name (self->leaflet) != NULL &&
      g_str_equal (adw_leaflet_get_visible_child_name (self->leaflet), "content"))
    {
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
      return TRUE;
    }
  return FALSE;
}

/* The session ---------------------------------------------------------------- */

static gboolean
is_social_worker (CpisSession *session)
{
  CpisUserInfo *user = cpis_session_get_user (session);

  return cpis_session_is_signed_in (session) && user != NULL &&
         cpis_user_info_get_role (user) == CPIS_ROLE_SOCIAL_WORKER;
}

static void
start (CpisSocialWorkerView *self)
{
  CpisUserInfo *user = cpis_session_get_user (self->session);

  cpis_task_inbox_set_me (self->inbox, cpis_user_info_get_practitioner_role_id (user));
  cpis_task_detail_set_session (self->detail, self->session);
  start_feed (self);
  self->waiting_for_feed = cpis_task_feed_get_state (self->feed) == CPIS_TASK_FEED_STATE_CONNECTING;
  if (!self->waiting_for_feed)
    load_next_page (self);
  update_inbox_page (self);
  list_assignees (self);
  /* the exceptions' count in the sidebar from the start, not once visited */
  cpis_exceptions_page_reload (self->exceptions_page);
  follow_window (self);
}

static void
session_state_changed_cb (CpisSocialWorkerView *self)
{
  CpisSessionState before = self->session_state;

  self->session_state = cpis_session_get_state (self->session);
  switch (self->session_state)
    {
    case CPIS_SESSION_SIGNED_IN:
      if (!is_social_worker (self->session))
        cpis_social_worker_view_reset (self);
      else if (before == CPIS_SESSION_EXPIRED)
        {
          /* carries on where the 401 stopped it, and from the last event seen */
          start_feed (self);
          if (!self->waiting_for_feed)
            load_next_page (self);
        }
      else
        {
          cpis_social_worker_view_reset (self);
          start (self);
        }
      break;

    case CPIS_SESSION_SIGNED_OUT:
      cpis_social_worker_view_reset (self);
      break;

    case CPIS_SESSION_EXPIRED:
    default:
      break;
    }
}

/* The widget ------------------------------------------------------------------ */

static void
cpis_social_worker_view_dispose (GObject *object)
{
  CpisSocialWorkerView *self = CPIS_SOCIAL_WORKER_VIEW (object);

  stop_feed (self);
  stop_loading (self);
  g_cancellable_cancel (self->directory_cancellable);
  g_clear_object (&self->directory_cancellable);
  g_clear_pointer (&self->teams, g_ptr_array_unref);
  g_clear_pointer (&self->colleagues, g_ptr_array_unref);
  if (self->window != NULL)
    g_clear_signal_handler (&self->window_active_handler, self->window);
  g_clear_weak_pointer (&self->window);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CPIS_TYPE_SOCIAL_WORKER_VIEW);
  g_clear_object (&self->session);
  if (self->inbox != NULL)
    g_signal_handlers_disconnect_by_data (self->inbox, self);
  g_clear_object (&self->inbox);
  g_clear_pointer (&self->resume_url, g_free);

  G_OBJECT_CLASS (cpis_social_worker_view_parent_class)->dispose (object);
}

static void
cpis_social_worker_view_class_init (CpisSocialWorkerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_social_worker_view_dispose;

  g_type_ensure (CPIS_TYPE_INBOX_TABLE);
  g_type_ensure (CPIS_TYPE_TASK_DETAIL);
  g_type_ensure (CPIS_TYPE_PLANS_PAGE);
  g_type_ensure (CPIS_TYPE_EXCEPTIONS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-social-worker-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CpisSocialWorkerView, name)
  BIND (leaflet);
  BIND (views_list);
  BIND (scopes_box);
  BIND (records_list);
  BIND (plans_page);
  BIND (exceptions_page);
  BIND (plans_sidebar_button);
  BIND (exceptions_sidebar_button);
  BIND (content_stack);
  BIND (sidebar_button);
  BIND (search_entry);
  BIND (live_box);
  BIND (sort_button);
  BIND (live_icon);
  BIND (live_label);
  BIND (loading_box);
  BIND (loading_bar);
  BIND (loading_label);
  BIND (loading_retry_button);
  BIND (inbox_stack);
  BIND (table);
  BIND (first_page_spinner);
  BIND (empty_page);
  BIND (failed_page);
  BIND (back_button);
  BIND (detail);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, view_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, records_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, records_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, loading_retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, task_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, detail_task_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, detail_replace_plan_cb);

  gtk_widget_class_install_action (widget_class, "inbox.search", NULL, search_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "inbox.search",
                                       NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, go_back_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, go_back_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Back, 0, go_back_cb, NULL);
}

static void
cpis_social_worker_view_init (CpisSocialWorkerView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->inbox = cpis_task_inbox_new ();
  g_signal_connect_swapped (self->inbox, "counts-changed", G_CALLBACK (update_counts), self);
  g_signal_connect_swapped (self->inbox, "items-changed", G_CALLBACK (inbox_items_changed_cb),
                            self);
  cpis_inbox_table_set_inbox (self->table, self->inbox);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sort",
                                  cpis_inbox_table_get_sort_actions (self->table));
  gtk_menu_button_set_menu_model (self->sort_button, cpis_inbox_table_get_sort_menu (self->table));

  build_sidebar (self);
  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    g_signal_connect_swapped (self->scope_checks[i], "toggled", G_CALLBACK (scope_toggled_cb),
                              self);
  gtk_list_box_select_row (self->views_list, GTK_LIST_BOX_ROW (self->view_rows[0]));
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (folded_changed_cb), self);
  folded_changed_cb (self);
  g_signal_connect_swapped (self->exceptions_page, "n-open-changed",
                            G_CALLBACK (exceptions_count_changed_cb), self);
  g_signal_connect_swapped (self->exceptions_page, "plans-changed", G_CALLBACK (plans_changed_cb),
                            self);

  gtk_widget_set_visible (self->live_box, FALSE);
  update_counts (self);
  update_inbox_page (self);
  show_page (self, "inbox");
}

CpisSocialWorkerView *
cpis_social_worker_view_new (void)
{
  return g_object_new (CPIS_TYPE_SOCIAL_WORKER_VIEW, NULL);
}

void
cpis_social_worker_view_set_session (CpisSocialWorkerView *self,
                                     CpisSession          *session)
{
  g_return_if_fail (CPIS_IS_SOCIAL_WORKER_VIEW (self));
  g_return_if_fail (session == NULL || CPIS_IS_SESSION (session));

  if (session == self->session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  cpis_social_worker_view_reset (self);
  g_set_object (&self->session, session);
  cpis_plans_page_set_session (self->plans_page, session);
  cpis_exceptions_page_set_session (self->exceptions_page, session);
  if (session == NULL)
    return;

  g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->session_state = cpis_session_get_state (session);
  if (is_social_worker (session))
    start (self);
}

void
cpis_social_worker_view_reset (CpisSocialWorkerView *self)
{
  g_return_if_fail (CPIS_IS_SOCIAL_WORKER_VIEW (self));

  stop_feed (self);
  stop_loading (self);
  g_clear_pointer (&self->resume_url, g_free);
  self->n_loaded = 0;
  self->total = 0;
  self->loaded = FALSE;
  self->load_failed = FALSE;
  self->n_unseen_arrivals = 0;
  cpis_task_detail_reset (self->detail);
  forget_assignees (self);
  cpis_task_inbox_remove_all (self->inbox);
  cpis_task_inbox_set_me (self->inbox, NULL);
  cpis_plans_page_reset (self->plans_page);
  cpis_exceptions_page_reset (self->exceptions_page);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  show_loading (self, NULL);
  show_page (self, "inbox");
  update_inbox_page (self);
}

void
cpis_social_worker_view_focus_search (CpisSocialWorkerView *self)
{
  g_return_if_fail (CPIS_IS_SOCIAL_WORKER_VIEW (self));

  show_page (self, "inbox");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

CpisTaskInbox *
_cpis_social_worker_view_get_inbox (CpisSocialWorkerView *self)
{
  return self->inbox;
}

CpisInboxTable *
_cpis_social_worker_view_get_table (CpisSocialWorkerView *self)
{
  return self->table;
}

CpisTaskDetail *
_cpis_social_worker_view_get_detail (CpisSocialWorkerView *self)
{
  return self->detail;
}

const char *
_cpis_social_worker_view_get_page (CpisSocialWorkerView *self)
{
  return gtk_stack_get_visible_child_name (self->content_stack);
}

gboolean
_cpis_social_worker_view_is_loaded (CpisSocialWorkerView *self)
{
  return self->loaded;
}

guint
_cpis_social_worker_view_get_n_alerts (CpisSocialWorkerView *self)
{
  return self->n_alerts;
}

gboolean
_cpis_social_worker_view_has_assignees (CpisSocialWorkerView *self)
{
  return self->teams != NULL && self->colleagues != NULL;
}

CpisTaskFeed *
_cpis_social_worker_view_get_feed (CpisSocialWorkerView *self)
{
  return self->feed;
}
