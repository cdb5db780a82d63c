/* cpis-clinician-view.c: check a child by NHS number and see the alert,
 * the local authority's numbers and the access history
 *
 * A stack of states under the NHS number entry: ready, checking, found, no
 * record (calm) and could not be checked (alarming, never the no-record
 * page). A side list holds this session's checks; activating one shows it
 * again without asking the hub.
 */
#include "cpis-clinician-view.h"
#include "cpis-clinician-view-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cpis-access-history-list.h"
#include "cpis-access-pattern.h"
#include "cpis-access-timeline.h"
#include "cpis-alert-card.h"
#include "cpis-accessible-stack.h"
#include "cpis-clinician-strings-private.h"
#include "cpis-date.h"
#include "cpis-nhs-number.h"
#include "cpis-nhs-number-entry.h"
#include "cpis-plan.h"

struct _CpisClinicianView
{
  GtkWidget           parent_instance;

  CpisHubClient      *client;
  CpisSessionStore   *store;
  GCancellable       *cancellable;
  CpisCheckResult    *result;       /* shown */
  char               *last_nhs_number;

  /* template */
  GtkWidget          *sidebar;
  GtkStack           *recent_stack;
  GtkListView        *recent_list;
  CpisNhsNumberEntry *entry;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkLabel           *checking_label;
  GtkLabel           *checking_number_label;
  GtkScrolledWindow  *found_scroller;
  GtkLabel           *found_name_label;
  GtkLabel           *found_number_label;
  GtkLabel           *found_checked_label;
  GtkBox             *alerts_box;
  GtkImage           *access_icon;
  GtkLabel           *access_label;
  GtkLabel           *history_caption;
  GtkWidget          *pattern_box;
  GtkLabel           *pattern_label;
  GtkWidget          *history_error_box;
  GtkLabel           *history_error_label;
  CpisAccessTimeline *timeline;
  CpisAccessHistoryList *history_list;
  AdwStatusPage      *no_record_page;
  GtkLabel           *no_record_checked_label;
  GtkWidget          *failed_box;
  GtkLabel           *failed_title_label;
  GtkLabel           *failed_number_label;
  GtkLabel           *failed_reason_label;
  GtkLabel           *failed_advice_label;
  GtkButton          *retry_button;
  GtkWidget          *examples_box;
  GtkFlowBox         *examples_with_plan;
  GtkFlowBox         *examples_without_plan;
};

G_DEFINE_FINAL_TYPE (CpisClinicianView, cpis_clinician_view, GTK_TYPE_WIDGET)

enum {
  SESSION_EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_result (CpisClinicianView *self,
                         CpisCheckResult   *result);

/* "14:02" in UK time */
static char *
format_time_uk (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");

  local = g_date_time_to_timezone (time, cpis_date_uk_time_zone ());

  return g_date_time_format (local, "%H:%M");
}

/* The plan types of a result in words, e.g. "Child protection plan, Looked after child" */
static char *
describe_plans (CpisCheckResult *result)
{
  GListModel *plans = cpis_check_result_get_plans (result);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = g_list_model_get_n_items (plans);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (plans, i);
      const char *label = _(cpis_plan_type_to_label (cpis_plan_get_plan_type (plan)));

      if (strstr (text->str, label) != NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, label);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The responsible local authorities, once each: "A", "A and B", "A, B and C" */
static char *
join_la_names (GListModel *plans,
               guint      *n_names)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = g_list_model_get_n_items (plans);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (plans, i);
      const char *name = cpis_plan_get_la_name (plan);
      gboolean seen = FALSE;

      if (name == NULL || *name == '\0')
        continue;
      for (guint j = 0; j < names->len; j++)
        seen = seen || g_str_equal (names->pdata[j], name);
      if (!seen)
        g_ptr_array_add (names, (gpointer) name);
    }

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0 && i == names->len - 1)
        g_string_append (text, _(" and "));
      else if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, names->pdata[i]);
    }

  *n_names = names->len;
  if (names->len == 0)
    return g_strdup (_("the responsible local authority"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Recent checks rows */

static void
recent_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_widget_add_css_class (number, "heading");
  gtk_widget_add_css_class (number, "cpis-tabular");
  gtk_widget_add_css_class (detail, "caption");

  gtk_box_append (GTK_BOX (texts), number);
  gtk_box_append (GTK_BOX (texts), detail);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_list_item_set_child (item, row);
}

static void
recent_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  CpisCheckResult *result = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (row);
  GtkWidget *texts = gtk_widget_get_next_sibling (icon);
  GtkWidget *number = gtk_widget_get_first_child (texts);
  GtkWidget *detail = gtk_widget_get_next_sibling (number);
  g_autofree char *formatted = cpis_nhs_number_format (cpis_check_result_get_nhs_number (result));
  g_autofree char *time = format_time_uk (cpis_check_result_get_checked_at (result));
  g_autofree char *outcome = NULL;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;
  const char *icon_name;

  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_remove_css_class (icon, "dim-label");

  switch (cpis_check_result_get_outcome (result))
    {
    case CPIS_CHECK_OUTCOME_PLANS_FOUND:
      outcome = describe_plans (result);
      icon_name = "dialog-warning-symbolic";
      gtk_widget_add_css_class (icon, "cpis-recent-found");
      break;

    case CPIS_CHECK_OUTCOME_NO_RECORD:
      outcome = g_strdup (_("No record"));
      icon_name = "system-search-symbolic";
      gtk_widget_add_css_class (icon, "dim-label");
      break;

    case CPIS_CHECK_OUTCOME_FAILED:
    default:
      outcome = g_strdup (_("Could not be checked"));
      icon_name = "dialog-error-symbolic";
      gtk_widget_add_css_class (icon, "error");
      break;
    }

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_label_set_text (GTK_LABEL (number), formatted);
  text = g_strdup_printf ("%s · %s", time, outcome);
  gtk_label_set_text (GTK_LABEL (detail), text);

  accessible = g_strdup_printf (_("%s, checked at %s: %s"), formatted, time, outcome);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, outcome,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
recent_items_changed_cb (CpisClinicianView *self)
{
  GtkSelectionModel *model = gtk_list_view_get_model (self->recent_list);
  guint n = model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;

  cpis_accessible_stack_show (self->recent_stack, n > 0 ? "list" : "empty");
}

static void
set_recent_model (CpisClinicianView *self,
                  GListModel        *checks)
{
  GtkSelectionModel *old = gtk_list_view_get_model (self->recent_list);
  g_autoptr(GtkNoSelection) selection = NULL;

  if (old != NULL)
    g_signal_handlers_disconnect_by_func (old, recent_items_changed_cb, self);

  if (checks != NULL)
    {
      selection = gtk_no_selection_new (g_object_ref (checks));
      g_signal_connect_object (selection, "items-changed",
                               G_CALLBACK (recent_items_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  gtk_list_view_set_model (self->recent_list, GTK_SELECTION_MODEL (selection));
  recent_items_changed_cb (self);
}

/* States */

static void
set_state (CpisClinicianView *self,
           const char        *name)
{
  gtk_spinner_set_spinning (self->spinner, g_str_equal (name, "checking"));
  cpis_accessible_stack_show (self->stack, name);
}

static void
clear_alerts (CpisClinicianView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->alerts_box))) != NULL)
    gtk_box_remove (self->alerts_box, child);
}

static void
show_found (CpisClinicianView *self,
            CpisCheckResult   *result)
{
  GListModel *plans = cpis_check_result_get_plans (result);
  GListModel *history = cpis_check_result_get_access_history (result);
  const GError *history_error = cpis_check_result_get_history_error (result);
  GDateTime *checked_at = cpis_check_result_get_checked_at (result);
  const char *name = cpis_check_result_get_subject_name (result);
  g_autofree char *formatted = cpis_nhs_number_format (cpis_check_result_get_nhs_number (result));
  g_autofree char *number_text = g_strdup_printf (_("NHS number %s"), formatted);
  g_autofree char *when = checked_at != NULL ? cpis_date_time_format_uk (checked_at) : NULL;
  g_autofree char *checked_text = NULL;
  g_autofree char *pattern = NULL;
  guint n_history = history != NULL ? g_list_model_get_n_items (history) : 0;
  GDate today;

  gtk_label_set_text (self->found_name_label,
                      name != NULL && *name != '\0' ? name : _("Name not given"));
  gtk_label_set_text (self->found_number_label, number_text);
  checked_text = g_strdup_printf (_("Checked %s. Confirm this is the right child."),
                                  when != NULL ? when : "");
  gtk_label_set_text (self->found_checked_label, checked_text);

  /* the alerts: one card per plan */
  clear_alerts (self);
  cpis_date_today_uk (&today);
  for (guint i = 0; i < g_list_model_get_n_items (plans); i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (plans, i);

      gtk_box_append (self->alerts_box, cpis_alert_card_new (plan, &today));
    }

  /* was the access recorded? */
  if (cpis_check_result_get_care_setting (result) == CPIS_CARE_SETTING_SCHEDULED)
    {
      gtk_label_set_text (self->access_label, _(CPIS_TEXT_SILENT_READ));
      gtk_image_set_from_icon_name (self->access_icon, "view-reveal-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->access_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Silent read"), -1);
    }
  else
    {
      guint n_names = 0;
      g_autofree char *names = join_la_names (plans, &n_names);
      g_autofree char *text = g_strdup_printf (n_names > 1 ? _(CPIS_TEXT_RECORDED_MANY_FMT)
                                                           : _(CPIS_TEXT_RECORDED_ONE_FMT),
                                               names);

      gtk_label_set_text (self->access_label, text);
      gtk_image_set_from_icon_name (self->access_icon, "mail-send-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->access_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recorded"), -1);
    }

  /* the access history */
  if (history_error != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s %s", _(CPIS_TEXT_HISTORY_FAILED),
                                               history_error->message);

      gtk_label_set_text (self->history_error_label, text);
      gtk_widget_set_visible (self->history_error_box, TRUE);
      gtk_widget_set_visible (self->pattern_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->history_caption), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->timeline), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->history_list), FALSE);
      cpis_access_timeline_set_model (self->timeline, NULL);
      cpis_access_history_list_set_model (self->history_list, NULL);
    }
  else
    {
      g_autofree char *caption = NULL;

      gtk_widget_set_visible (self->history_error_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->history_caption), TRUE);

      if (n_history == 0)
        caption = g_strdup (_("No accesses from unscheduled care settings are recorded for this child."));
      else
        caption = g_strdup_printf (ngettext ("The most recent access from unscheduled care settings in England, in UK time.",
                                             "The %u most recent accesses from unscheduled care settings in England, in UK time.",
                                             n_history),
                                   n_history);
      gtk_label_set_text (self->history_caption, caption);

      pattern = n_history > 0 ? cpis_access_pattern_describe (history, checked_at) : NULL;
      gtk_label_set_text (self->pattern_label, pattern != NULL ? pattern : "");
      gtk_widget_set_visible (self->pattern_box, pattern != NULL);

      if (checked_at != NULL)
        cpis_access_timeline_set_now (self->timeline, checked_at);
      cpis_access_timeline_set_model (self->timeline, history);
      cpis_access_history_list_set_model (self->history_list, history);
      gtk_widget_set_visible (GTK_WIDGET (self->timeline), n_history > 0);
      gtk_widget_set_visible (GTK_WIDGET (self->history_list), n_history > 0);
    }

  /* the page's name says the outcome in one line */
  {
    g_autofree char *plans_text = describe_plans (result);
    g_autofree char *summary = g_strdup_printf (_("CP-IS alert for %s, NHS number %s: %s"),
                                                name != NULL ? name : _("this child"),
                                                formatted, plans_text);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->found_scroller),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                    -1);
  }

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->found_scroller), 0);
  set_state (self, "found");
}

static void
show_no_record (CpisClinicianView *self,
                CpisCheckResult   *result)
{
  g_autofree char *formatted = cpis_nhs_number_format (cpis_check_result_get_nhs_number (result));
  g_autofree char *title = g_strdup_printf (_(CPIS_TEXT_NO_RECORD_TITLE_FMT), formatted);
  GDateTime *checked_at = cpis_check_result_get_checked_at (result);
  g_autofree char *when = checked_at != NULL ? cpis_date_time_format_uk (checked_at) : NULL;
  g_autofree char *checked = g_strdup_printf (_("Checked %s."), when != NULL ? when : "");

  adw_status_page_set_title (self->no_record_page, title);
  adw_status_page_set_description (self->no_record_page, _(CPIS_TEXT_NO_RECORD_DESCRIPTION));
  gtk_label_set_text (self->no_record_checked_label, checked);
  set_state (self, "no-record");
}

static void
show_failed (CpisClinicianView *self,
             const char        *nhs_number,
             const char        *reason)
{
  g_autofree char *formatted = cpis_nhs_number_format (nhs_number);
  g_autofree char *number_text = g_strdup_printf (_("NHS number %s"), formatted);

  gtk_label_set_text (self->failed_title_label, _(CPIS_TEXT_COULD_NOT_BE_CHECKED));
  gtk_label_set_text (self->failed_number_label, number_text);
  gtk_label_set_text (self->failed_reason_label,
                      reason != NULL ? reason : _("The reason is not known."));
  gtk_label_set_text (self->failed_advice_label, _(CPIS_TEXT_NOT_THE_SAME_AS_NO_RECORD));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->failed_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(CPIS_TEXT_COULD_NOT_BE_CHECKED),
                                  -1);
  set_state (self, "failed");
}

static void
show_result (CpisClinicianView *self,
             CpisCheckResult   *result)
{
  const GError *error;

  g_set_object (&self->result, result);

  switch (cpis_check_result_get_outcome (result))
    {
    case CPIS_CHECK_OUTCOME_PLANS_FOUND:
      show_found (self, result);
      break;

    case CPIS_CHECK_OUTCOME_NO_RECORD:
      show_no_record (self, result);
      break;

    case CPIS_CHECK_OUTCOME_FAILED:
    default:
      error = cpis_check_result_get_error (result);
      show_failed (self, cpis_check_result_get_nhs_number (result),
                   error != NULL ? error->message : NULL);
      break;
    }
}

/* Checking */

typedef struct
{
  CpisClinicianView *self;
  GCancellable      *cancellable;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CheckData, check_data_free)

static void
check_child_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(CheckData) data = user_data;
  CpisClinicianView *self = data->self;
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const GError *check_error;

  result = cpis_hub_client_check_child_finish (CPIS_HUB_CLIENT (source), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* a newer check, or the end of the session, has taken over */
  if (data->cancellable != self->cancellable || g_cancellable_is_cancelled (data->cancellable))
    return;

  g_clear_object (&self->cancellable);

  if (error != NULL)
    {
      /* only an invalid number fails the task, and the entry never sends one */
      show_failed (self, self->last_nhs_number, error->message);
      return;
    }

  check_error = cpis_check_result_get_error (result);
  if (g_error_matches (check_error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED))
    {
      /* keep what was typed; the window signs in again and calls retry () */
      g_clear_object (&self->result);
      show_failed (self, cpis_check_result_get_nhs_number (result), _(CPIS_TEXT_SESSION_EXPIRED));
      g_signal_emit (self, signals[SESSION_EXPIRED], 0);
      return;
    }

  if (self->store != NULL)
    cpis_session_store_add (self->store, result);

  show_result (self, result);
}

static void
cancel_check (CpisClinicianView *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
start_check (CpisClinicianView *self,
             const char        *nhs_number)
{
  g_autofree char *formatted = cpis_nhs_number_format (nhs_number);
  g_autofree char *number_text = g_strdup_printf (_("NHS number %s"), formatted);
  CheckData *data;

  cancel_check (self);

  if (self->last_nhs_number != nhs_number)
    {
      g_free (self->last_nhs_number);
      self->last_nhs_number = g_strdup (nhs_number);
    }

  g_clear_object (&self->result);

  if (self->client == NULL)
    {
      show_failed (self, nhs_number, _("You are not signed in to a CP-IS hub."));
      return;
    }

  gtk_label_set_text (self->checking_label, _(CPIS_TEXT_CHECKING));
  gtk_label_set_text (self->checking_number_label, number_text);
  set_state (self, "checking");

  self->cancellable = g_cancellable_new ();
  data = g_new0 (CheckData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  cpis_hub_client_check_child_async (self->client, nhs_number, self->cancellable,
                                     check_child_cb, data);
}

/* Signal callbacks */

static void
entry_submitted_cb (CpisClinicianView *self,
                    const char        *nhs_number)
{
  start_check (self, nhs_number);
}

static void
retry_clicked_cb (CpisClinicianView *self)
{
  /* the button goes away with its page: keep the focus where typing works */
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  cpis_clinician_view_retry (self);
}

static void
recent_activated_cb (CpisClinicianView *self,
                     guint              position)
{
  GtkSelectionModel *model = gtk_list_view_get_model (self->recent_list);
  g_autoptr(CpisCheckResult) result = NULL;
  g_autofree char *formatted = NULL;

  if (model == NULL)
    return;

  result = g_list_model_get_item (G_LIST_MODEL (model), position);
  if (result == NULL)
    return;

  /* shown again from memory: no new request, nothing recorded */
  cancel_check (self);
  formatted = cpis_nhs_number_format (cpis_check_result_get_nhs_number (result));
  cpis_nhs_number_entry_set_text (self->entry, formatted);
  g_free (self->last_nhs_number);
  self->last_nhs_number = g_strdup (cpis_check_result_get_nhs_number (result));
  show_result (self, result);
}

static void
example_clicked_cb (GtkButton         *button,
                    CpisClinicianView *self)
{
  const char *nhs_number = g_object_get_data (G_OBJECT (button), "nhs-number");
  g_autofree char *formatted = cpis_nhs_number_format (nhs_number);

  cpis_nhs_number_entry_set_text (self->entry, formatted);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  start_check (self, nhs_number);
}

static void
fill_examples (CpisClinicianView  *self,
               GtkFlowBox         *box,
               const char * const *numbers,
               const char         *kind)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);

  for (guint i = 0; numbers != NULL && numbers[i] != NULL; i++)
    {
      g_autofree char *formatted = cpis_nhs_number_format (numbers[i]);
      /* Translators: "Check NHS number 999 082 1283, demo child with a plan" */
      g_autofree char *name = g_strdup_printf (_("Check NHS number %s, demo child %s"),
                                               formatted, kind);
      GtkWidget *button = gtk_button_new_with_label (formatted);

      g_object_set_data_full (G_OBJECT (button), "nhs-number", g_strdup (numbers[i]), g_free);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
      gtk_widget_set_tooltip_text (button, name);
      g_signal_connect_object (button, "clicked", G_CALLBACK (example_clicked_cb), self, 0);
      gtk_flow_box_append (box, button);
    }
}

/* Overrides */

static gboolean
cpis_clinician_view_grab_focus (GtkWidget *widget)
{
  CpisClinicianView *self = CPIS_CLINICIAN_VIEW (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
cpis_clinician_view_dispose (GObject *object)
{
  CpisClinicianView *self = CPIS_CLINICIAN_VIEW (object);
  GtkWidget *child;

  cancel_check (self);
  if (self->recent_list != NULL)
    set_recent_model (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), CPIS_TYPE_CLINICIAN_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->result);
  g_clear_pointer (&self->last_nhs_number, g_free);

  G_OBJECT_CLASS (cpis_clinician_view_parent_class)->dispose (object);
}

static void
cpis_clinician_view_class_init (CpisClinicianViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_clinician_view_dispose;

  widget_class->grab_focus = cpis_clinician_view_grab_focus;

  signals[SESSION_EXPIRED] =
    g_signal_new ("session-expired",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (CPIS_TYPE_NHS_NUMBER_ENTRY);
  g_type_ensure (CPIS_TYPE_ACCESS_TIMELINE);
  g_type_ensure (CPIS_TYPE_ACCESS_HISTORY_LIST);

  gtk_widget_class_set_css_name (widget_class, "cpis-clinician-view");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/CpisDesktop/cpis-clinician-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, recent_stack);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, recent_list);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, entry);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, stack);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, examples_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, examples_with_plan);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, examples_without_plan);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, checking_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, checking_number_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, found_scroller);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, found_name_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, found_number_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, found_checked_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, alerts_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, access_icon);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, access_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, history_caption);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, pattern_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, pattern_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, history_error_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, history_error_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, timeline);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, history_list);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, no_record_page);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, no_record_checked_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, failed_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, failed_title_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, failed_number_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, failed_reason_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, failed_advice_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_submitted_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_activated_cb);
}

static void
cpis_clinician_view_init (CpisClinicianView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (recent_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (recent_bind_cb), NULL);
  gtk_list_view_set_factory (self->recent_list, factory);
  set_recent_model (self, NULL);

  gtk_button_set_label (self->retry_button, _(CPIS_TEXT_TRY_AGAIN));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->retry_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(CPIS_TEXT_TRY_AGAIN),
                                  -1);
  set_state (self, "ready");
}

/* Public API */

CpisClinicianView *
cpis_clinician_view_new (void)
{
  return g_object_new (CPIS_TYPE_CLINICIAN_VIEW, NULL);
}

void
cpis_clinician_view_set_session (CpisClinicianView *self,
                                 CpisHubClient     *client,
                                 CpisSessionStore  *store)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));
  g_return_if_fail (client == NULL || CPIS_IS_HUB_CLIENT (client));
  g_return_if_fail (store == NULL || CPIS_IS_SESSION_STORE (store));

  /* the same session again (after signing in again): keep what is shown */
  if (client == self->client && store == self->store)
    return;

  cancel_check (self);
  g_set_object (&self->client, client);

  if (store != self->store)
    {
      /* another session's checks are never shown in this one */
      g_set_object (&self->store, store);
      set_recent_model (self, store != NULL ? cpis_session_store_get_checks (store) : NULL);
      g_clear_object (&self->result);
      clear_alerts (self);
      set_state (self, "ready");
    }
  else if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "checking"))
    {
      set_state (self, "ready");
    }
}

void
cpis_clinician_view_reset (CpisClinicianView *self)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));

  cancel_check (self);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->result);
  g_clear_pointer (&self->last_nhs_number, g_free);
  set_recent_model (self, NULL);

  cpis_nhs_number_entry_clear (self->entry);
  clear_alerts (self);
  cpis_access_timeline_set_model (self->timeline, NULL);
  cpis_access_history_list_set_model (self->history_list, NULL);
  gtk_label_set_text (self->found_name_label, "");
  gtk_label_set_text (self->found_number_label, "");
  gtk_label_set_text (self->found_checked_label, "");
  gtk_label_set_text (self->access_label, "");
  gtk_label_set_text (self->pattern_label, "");
  gtk_label_set_text (self->history_error_label, "");
  gtk_label_set_text (self->checking_number_label, "");
  gtk_label_set_text (self->failed_number_label, "");
  gtk_label_set_text (self->failed_reason_label, "");
  gtk_label_set_text (self->no_record_checked_label, "");
  adw_status_page_set_title (self->no_record_page, "");
  set_state (self, "ready");
}

void
cpis_clinician_view_focus_search (CpisClinicianView *self)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));

  /* the entry selects what is there, so the next number replaces it */
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

void
cpis_clinician_view_retry (CpisClinicianView *self)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));

  if (self->last_nhs_number == NULL)
    return;

  start_check (self, self->last_nhs_number);
}

/* Private API for the tests */

const char *
_cpis_clinician_view_get_state (CpisClinicianView *self)
{
  g_return_val_if_fail (CPIS_IS_CLINICIAN_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

CpisNhsNumberEntry *
_cpis_clinician_view_get_entry (CpisClinicianView *self)
{
  g_return_val_if_fail (CPIS_IS_CLINICIAN_VIEW (self), NULL);

  return self->entry;
}

GtkListView *
_cpis_clinician_view_get_recent_list (CpisClinicianView *self)
{
  g_return_val_if_fail (CPIS_IS_CLINICIAN_VIEW (self), NULL);

  return self->recent_list;
}

CpisCheckResult *
_cpis_clinician_view_get_result (CpisClinicianView *self)
{
  g_return_val_if_fail (CPIS_IS_CLINICIAN_VIEW (self), NULL);

  return self->result;
}

void
cpis_clinician_view_set_examples (CpisClinicianView  *self,
                                  const char * const *with_plan,
                                  const char * const *without_plan)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));

  fill_examples (self, self->examples_with_plan, with_plan, _("with a plan"));
  fill_examples (self, self->examples_without_plan, without_plan, _("with no record"));
  gtk_widget_set_visible (self->examples_box,
                          (with_plan != NULL && with_plan[0] != NULL) ||
                          (without_plan != NULL && without_plan[0] != NULL));
}
