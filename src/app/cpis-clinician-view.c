/* cpis-clinician-view.c: check a child by NHS number and see the alert,
 * the local authority's numbers and the access history
 *
 * Under the NHS number entry, the patient banner (who this is) and a stack of
 * states: ready, checking, found, no record (calm) and could not be checked
 * (alarming, never the no-record page). A side list holds this session's
 * checks; activating one shows it again without asking the hub. On a narrow
 * window the list folds away behind a "Recent checks" button.
 *
 * What is shown always belongs to the number in the field: the moment the
 * field holds another number (a second scan, typing), the answer is taken off
 * screen and a check in flight is cancelled, so one child's answer is never
 * read under another's number. After each answer the field's text is
 * selected, so that the next scan replaces it.
 */
#include "cpis-clinician-view.h"
#include "cpis-clinician-view-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cpis-access-history-list.h"
#include "cpis-access-pattern-text-private.h"
#include "cpis-access-timeline.h"
#include "cpis-accessible-stack.h"
#include "cpis-alert-card.h"
#include "cpis-clinician-strings-private.h"
#include "cpis-date.h"
#include "cpis-find-child-dialog.h"
#include "cpis-list-text-private.h"
#include "cpis-nhs-number.h"
#include "cpis-nhs-number-entry.h"
#include "cpis-patient-banner.h"
#include "cpis-plan.h"

struct _CpisClinicianView
{
  GtkWidget           parent_instance;

  CpisSession        *session;
  CpisSessionState    session_state;  /* as last seen, to tell signing in again */
  CpisHubClient      *client;         /* the session's, while signed in */
  CpisSessionStore   *store;
  GCancellable       *cancellable;
  CpisCheckResult    *result;         /* shown */
  char               *shown_number;   /* digits whose answer, or check, is on screen */
  char               *last_nhs_number;
  gboolean            setting_text;   /* the view itself is writing the field */
  GStrv               examples[2];      /* demo children: [0] with a plan, [1] without */
  GStrv               descriptions[2];  /* what each of them shows */

  /* template */
  AdwLeaflet         *leaflet;
  GtkWidget          *sidebar;
  GtkButton          *back_button;
  GtkStack           *recent_stack;
  GtkListBox         *recent_list;
  GListModel         *recent_model;   /* the store's checks, bound to the list */
  GtkButton          *recent_button;
  GtkLabel           *recent_button_label;
  GtkWidget          *main_box;
  CpisNhsNumberEntry *entry;
  GtkWidget          *earlier_clamp;
  GtkWidget          *care_setting_clamp;
  GtkLabel           *care_setting_label;
  GtkLabel           *earlier_label;
  GtkWidget          *banner_clamp;
  CpisPatientBanner  *banner;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkLabel           *checking_label;
  GtkLabel           *checking_number_label;
  GtkScrolledWindow  *found_scroller;
  GtkBox             *alerts_box;
  GtkWidget          *access_box;
  GtkWidget          *ended_box;
  GtkLabel           *ended_heading;
  GtkLabel           *ended_caption;
  GtkBox             *ended_cards_box;
  GtkImage           *access_icon;
  GtkLabel           *access_label;
  GtkLabel           *history_caption;
  GtkWidget          *pattern_box;
  GtkLabel           *pattern_label;
  GtkWidget          *history_error_box;
  GtkLabel           *history_error_label;
  CpisAccessTimeline *timeline;
  CpisAccessHistoryList *history_list;
  AdwStatusPage      *ready_page;
  AdwStatusPage      *no_record_page;
  GtkScrolledWindow  *failed_scroller;
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


static void show_result (CpisClinicianView *self,
                         CpisCheckResult   *result);
static void start_check (CpisClinicianView *self,
                         const char        *nhs_number);

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

/* The plan types of a result in words, active ones first, e.g. "Looked after
 * child, Child protection plan (ended)" */
static char *
describe_plans (CpisCheckResult *result)
{
  GListModel *plans = cpis_check_result_get_plans (result);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = g_list_model_get_n_items (plans);
  GDate today;

  cpis_date_today_uk (&today);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (plans, i);
      const char *label = _(cpis_plan_type_to_label (cpis_plan_get_plan_type (plan)));
      g_autofree char *item = cpis_plan_has_ended (plan, &today)
                              /* Translators: a plan in the recent checks, e.g. "Child protection plan (ended)" */
                              ? g_strdup_printf (_("%s (ended)"), label)
                              : g_strdup (label);

      if (strstr (text->str, item) != NULL)
        continue;
      if (text->len > 0)
        {
          /* Translators: joins the plans of a recent check, e.g. "Looked after
           * child, Child protection plan (ended)" */
          g_autofree char *longer = g_strdup_printf (C_("list of plans", "%s, %s"), text->str, item);

          g_string_assign (text, longer);
        }
      else
        g_string_assign (text, item);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The responsible local authorities, once each */
static GPtrArray *
la_names (GListModel *plans)
{
  GPtrArray *names = g_ptr_array_new ();
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

  return names;
}

/* "This access was recorded and Northgate Council was notified." as a whole
 * sentence for one, two or more councils (all named, in a list the
 * translator orders) */
static char *
describe_recorded (GListModel *plans)
{
  g_autoptr(GPtrArray) names = la_names (plans);

  switch (names->len)
    {
    case 0:
      return g_strdup (_("This access was recorded and the responsible local authority was notified."));
    case 1:
      return g_strdup_printf (_(CPIS_TEXT_RECORDED_ONE_FMT), (char *) names->pdata[0]);
    case 2:
      return g_strdup_printf (_(CPIS_TEXT_RECORDED_TWO_FMT),
                              (char *) names->pdata[0], (char *) names->pdata[1]);
    default:
      {
        g_autofree char *all = _cpis_list_in_words ((const char * const *) names->pdata,
                                                    names->len);

        return g_strdup_printf (_(CPIS_TEXT_RECORDED_MANY_FMT), all);
      }
    }
}

static void
select_field (CpisClinicianView *self)
{
  /* the next scan replaces the number instead of being added to it */
  cpis_nhs_number_entry_select_all (self->entry);
}

static void
set_field_text (CpisClinicianView *self,
                const char        *nhs_number)
{
  g_autofree char *formatted = cpis_nhs_number_format (nhs_number);

  self->setting_text = TRUE;
  cpis_nhs_number_entry_set_text (self->entry, formatted);
  self->setting_text = FALSE;
}

/* Recent checks rows: a list box, which Tab enters and leaves (GTK 4.8's
 * list view keeps Tab out); a session holds tens of checks, not thousands */

/* Whether any plan of @result is active today */
static gboolean
has_active_plan (CpisCheckResult *result)
{
  GListModel *plans = cpis_check_result_get_plans (result);
  GDate today;

  cpis_date_today_uk (&today);
  for (guint i = 0; i < g_list_model_get_n_items (plans); i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (plans, i);

      if (!cpis_plan_has_ended (plan, &today))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_superseded (CpisCheckResult *result)
{
  return cpis_check_result_get_patient (result) != NULL &&
         (cpis_check_result_get_identity_differences (result) & CPIS_IDENTITY_NHS_NUMBER_SUPERSEDED);
}

/* A row's icon and words for its check; again when the demographics, which
 * may say the number was replaced, arrive after the row */
static void
update_recent_row (GtkWidget       *row,
                   GParamSpec      *pspec,
                   CpisCheckResult *result)
{
  static const char * const icon_classes[] = { "cpis-recent-found", "dim-label", "error", "warning" };
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "icon");
  GtkLabel *number = g_object_get_data (G_OBJECT (row), "number");
  GtkLabel *detail = g_object_get_data (G_OBJECT (row), "detail");
  g_autofree char *time = format_time_uk (cpis_check_result_get_checked_at (result));
  g_autofree char *outcome = NULL;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;
  const char *icon_class = NULL;
  const char *icon_name;

  for (guint i = 0; i < G_N_ELEMENTS (icon_classes); i++)
    gtk_widget_remove_css_class (icon, icon_classes[i]);

  switch (cpis_check_result_get_outcome (result))
    {
    case CPIS_CHECK_OUTCOME_PLANS_FOUND:
      outcome = describe_plans (result);
      icon_name = "dialog-warning-symbolic";
      /* red for a plan in force; muted when every plan has ended */
      icon_class = has_active_plan (result) ? "cpis-recent-found" : "dim-label";
      break;

    case CPIS_CHECK_OUTCOME_NO_RECORD:
      if (is_superseded (result))
        {
          g_autofree char *current =
            cpis_nhs_number_format_unbroken (cpis_patient_get_nhs_number (cpis_check_result_get_patient (result)));

          /* Translators: a recent check of a replaced NHS number */
          outcome = g_strdup_printf (_("No record under this number: replaced by %s"), current);
          icon_name = "dialog-warning-symbolic";
          icon_class = "warning";
        }
      else
        {
          outcome = g_strdup (_("No record"));
          icon_name = "system-search-symbolic";
          icon_class = "dim-label";
        }
      break;

    case CPIS_CHECK_OUTCOME_FAILED:
    default:
      if (g_error_matches (cpis_check_result_get_error (result), G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          outcome = g_strdup (_("Stopped before the answer"));
          icon_name = "process-stop-symbolic";
          icon_class = "warning";
        }
      else
        {
          outcome = g_strdup (_("Could not be checked"));
          icon_name = "dialog-error-symbolic";
          icon_class = "error";
        }
      break;
    }

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_widget_add_css_class (icon, icon_class);
  text = g_strdup_printf ("%s · %s", time, outcome);
  gtk_label_set_text (detail, text);

  accessible = g_strdup_printf (_("%s, checked at %s: %s"), gtk_label_get_text (number), time, outcome);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, outcome,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static GtkWidget *
create_recent_row (gpointer item,
                   gpointer user_data)
{
  CpisCheckResult *result = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  g_autofree char *formatted = cpis_nhs_number_format_unbroken (cpis_check_result_get_nhs_number (result));

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (detail), 28);
  gtk_widget_add_css_class (number, "heading");
  gtk_widget_add_css_class (number, "cpis-tabular");
  gtk_widget_add_css_class (detail, "caption");
  gtk_label_set_text (GTK_LABEL (number), formatted);

  gtk_box_append (GTK_BOX (texts), number);
  gtk_box_append (GTK_BOX (texts), detail);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data (G_OBJECT (row), "icon", icon);
  g_object_set_data (G_OBJECT (row), "number", number);
  g_object_set_data (G_OBJECT (row), "detail", detail);
  update_recent_row (row, NULL, result);
  g_signal_connect_object (result, "notify::demographics-state", G_CALLBACK (update_recent_row),
                           row, G_CONNECT_SWAPPED);

  return row;
}

static void
recent_items_changed_cb (CpisClinicianView *self)
{
  guint n = self->store != NULL
            ? g_list_model_get_n_items (cpis_session_store_get_checks (self->store)) : 0;
  g_autofree char *label = n > 0
                           /* Translators: the button to the recent checks on a narrow window */
                           ? g_strdup_printf (ngettext ("Recent checks (%u)", "Recent checks (%u)", n), n)
                           : g_strdup (_(CPIS_TEXT_RECENT_CHECKS));

  cpis_accessible_stack_show (self->recent_stack, n > 0 ? "list" : "empty");
  gtk_label_set_text (self->recent_button_label, label);
}

static void
set_recent_model (CpisClinicianView *self,
                  GListModel        *checks)
{
  if (self->recent_model != NULL)
    g_signal_handlers_disconnect_by_func (self->recent_model, recent_items_changed_cb, self);
  g_set_object (&self->recent_model, checks);

  if (checks != NULL)
    g_signal_connect_object (checks, "items-changed", G_CALLBACK (recent_items_changed_cb), self,
                             G_CONNECT_SWAPPED);

  gtk_list_box_bind_model (self->recent_list, checks, create_recent_row, NULL, NULL);
  recent_items_changed_cb (self);
}

/* States */

static void
set_state (CpisClinicianView *self,
           const char        *name)
{
  gboolean answer = g_str_equal (name, "found") || g_str_equal (name, "no-record") ||
                    g_str_equal (name, "failed");

  gtk_spinner_set_spinning (self->spinner, g_str_equal (name, "checking"));
  gtk_widget_set_visible (self->banner_clamp, answer);
  cpis_accessible_stack_show (self->stack, name);
}

static void
remove_children (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
clear_alerts (CpisClinicianView *self)
{
  remove_children (self->alerts_box);
  remove_children (self->ended_cards_box);
  gtk_widget_set_visible (self->ended_box, FALSE);
}

/* The access history part of the found page, as far as it has arrived */
static void
show_history (CpisClinicianView *self)
{
  CpisCheckResult *result = self->result;
  GListModel *history = cpis_check_result_get_access_history (result);
  const GError *history_error = cpis_check_result_get_history_error (result);
  GDateTime *checked_at = cpis_check_result_get_checked_at (result);
  CpisFetchState state = cpis_check_result_get_history_state (result);
  guint n_history = g_list_model_get_n_items (history);
  g_autoptr(CpisAccessPattern) pattern = NULL;
  g_autofree char *pattern_text = NULL;
  g_autofree char *caption = NULL;
  gboolean done = state == CPIS_FETCH_DONE;

  gtk_widget_set_visible (self->history_error_box, state == CPIS_FETCH_FAILED);
  gtk_widget_set_visible (GTK_WIDGET (self->history_caption), state != CPIS_FETCH_FAILED);
  gtk_widget_set_visible (GTK_WIDGET (self->timeline), done && n_history > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->history_list), done && n_history > 0);

  if (state == CPIS_FETCH_FAILED)
    {
      g_autofree char *text = g_strdup_printf ("%s %s", _(CPIS_TEXT_HISTORY_FAILED),
                                               history_error != NULL ? history_error->message : "");

      gtk_label_set_text (self->history_error_label, text);
      gtk_widget_set_visible (self->pattern_box, FALSE);
      cpis_access_timeline_set_model (self->timeline, NULL);
      cpis_access_history_list_set_model (self->history_list, NULL);
      return;
    }

  if (!done)
    {
      gtk_label_set_text (self->history_caption, _(CPIS_TEXT_HISTORY_PENDING));
      gtk_widget_set_visible (self->pattern_box, FALSE);
      cpis_access_timeline_set_model (self->timeline, NULL);
      cpis_access_history_list_set_model (self->history_list, NULL);
      return;
    }

  if (n_history == 0)
    caption = g_strdup (_("No accesses from unscheduled care settings are recorded for this child."));
  else
    caption = g_strdup_printf (ngettext ("The most recent access from unscheduled care settings in England, in UK time.",
                                         "The %u most recent accesses from unscheduled care settings in England, in UK time.",
                                         n_history),
                               n_history);
  gtk_label_set_text (self->history_caption, caption);

  /* computed on the list shown, which holds this check's own access */
  pattern = n_history > 0
            ? cpis_access_pattern_describe (history, checked_at,
                                            cpis_check_result_get_history_partial (result))
            : NULL;
  pattern_text = pattern != NULL ? _cpis_access_pattern_to_text (pattern) : NULL;
  gtk_label_set_text (self->pattern_label, pattern_text != NULL ? pattern_text : "");
  gtk_widget_set_visible (self->pattern_box, pattern_text != NULL);

  if (checked_at != NULL)
    cpis_access_timeline_set_now (self->timeline, checked_at);
  cpis_access_timeline_set_model (self->timeline, history);
  cpis_access_history_list_set_model (self->history_list, history);
}

static void
history_state_changed_cb (CpisClinicianView *self,
                          GParamSpec        *pspec,
                          CpisCheckResult   *result)
{
  if (result == self->result &&
      cpis_check_result_get_outcome (result) == CPIS_CHECK_OUTCOME_PLANS_FOUND)
    show_history (self);
}

/* Ended plans under active ones are a footnote, folded. With no active plan
 * they are the answer: first, said in a heading, unfolded with the
 * council's numbers (CP-IS shows a plan for a year after it ends because it
 * still matters) */
static void
show_ended_heading (CpisClinicianView *self,
                    gboolean           any_active)
{
  GtkWidget *parent = gtk_widget_get_parent (self->ended_box);

  if (any_active)
    {
      gtk_label_set_text (self->ended_heading, _("Ended plans"));
      gtk_label_set_text (self->ended_caption,
                          _("Shown for a year after they end. Call the council of an active plan above."));
      gtk_widget_add_css_class (GTK_WIDGET (self->ended_heading), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->ended_heading), "title-3");
      gtk_box_reorder_child_after (GTK_BOX (parent), self->ended_box, self->access_box);
      return;
    }

  gtk_label_set_text (self->ended_heading, _(CPIS_TEXT_NO_ACTIVE_PLAN));
  gtk_label_set_text (self->ended_caption, _(CPIS_TEXT_ENDED_ONLY));
  gtk_widget_remove_css_class (GTK_WIDGET (self->ended_heading), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->ended_heading), "title-3");
  gtk_box_reorder_child_after (GTK_BOX (parent), self->ended_box, GTK_WIDGET (self->alerts_box));
  for (GtkWidget *card = gtk_widget_get_first_child (GTK_WIDGET (self->ended_cards_box));
       card != NULL; card = gtk_widget_get_next_sibling (card))
    cpis_alert_card_set_expanded (CPIS_ALERT_CARD (card), TRUE);
}

static void
show_found (CpisClinicianView *self,
            CpisCheckResult   *result)
{
  GListModel *plans = cpis_check_result_get_plans (result);
  GDateTime *checked_at = cpis_check_result_get_checked_at (result);
  const char *name = cpis_check_result_get_subject_name (result);
  g_autofree char *formatted = cpis_nhs_number_format_unbroken (cpis_check_result_get_nhs_number (result));
  g_autofree char *time = format_time_uk (checked_at);
  g_autofree char *plans_text = NULL;
  g_autofree char *summary = NULL;
  gboolean any_ended = FALSE;
  gboolean any_active = FALSE;
  GDate today;

  /* the alerts: one card per plan, active ones first (the result keeps them
   * in that order); ended ones below, collapsed */
  clear_alerts (self);
  cpis_date_today_uk (&today);
  for (guint i = 0; i < g_list_model_get_n_items (plans); i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (plans, i);
      GtkWidget *card = cpis_alert_card_new (plan, &today);

      if (cpis_alert_card_get_ended (CPIS_ALERT_CARD (card)))
        {
          gtk_box_append (self->ended_cards_box, card);
          any_ended = TRUE;
        }
      else
        {
          gtk_box_append (self->alerts_box, card);
          any_active = TRUE;
        }
    }
  gtk_widget_set_visible (self->ended_box, any_ended);
  show_ended_heading (self, any_active);

  /* was the access recorded? */
  if (cpis_check_result_get_care_setting (result) == CPIS_CARE_SETTING_SCHEDULED)
    {
      g_autofree char *text = g_strdup_printf (_("Checked at %s. %s"), time,
                                               _(CPIS_TEXT_SILENT_READ));

      gtk_label_set_text (self->access_label, text);
      gtk_image_set_from_icon_name (self->access_icon, "view-reveal-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->access_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Silent read"), -1);
    }
  else
    {
      g_autofree char *recorded = describe_recorded (plans);
      g_autofree char *text = g_strdup_printf (_("Checked at %s. %s"), time, recorded);

      gtk_label_set_text (self->access_label, text);
      gtk_image_set_from_icon_name (self->access_icon, "mail-send-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->access_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recorded"), -1);
    }

  show_history (self);

  /* the page's name says the outcome in one line */
  plans_text = describe_plans (result);
  summary = g_strdup_printf (_("CP-IS alert for %s, NHS number %s: %s"),
                             name != NULL ? name : _("this child"), formatted, plans_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->found_scroller),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                  -1);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->found_scroller), 0);
  set_state (self, "found");
}

/* The no-record page's words: calm, unless the demographics say the number
 * was replaced, when "no record" under the old number is no answer at all */
static void
describe_no_record (CpisClinicianView *self,
                    CpisCheckResult   *result)
{
  CpisPatient *patient = cpis_check_result_get_patient (result);
  g_autofree char *formatted = cpis_nhs_number_format_unbroken (cpis_check_result_get_nhs_number (result));
  g_autofree char *title = NULL;

  if (is_superseded (result))
    {
      g_autofree char *current = cpis_nhs_number_format_unbroken (cpis_patient_get_nhs_number (patient));
      g_autofree char *text = g_strdup_printf (_(CPIS_TEXT_NO_RECORD_SUPERSEDED_FMT), formatted, current);

      /* the headline is what to do, not "no record" */
      title = g_strdup_printf (_(CPIS_TEXT_NUMBER_REPLACED_TITLE_FMT), current);
      adw_status_page_set_title (self->no_record_page, title);
      adw_status_page_set_icon_name (self->no_record_page, "dialog-warning-symbolic");
      adw_status_page_set_description (self->no_record_page, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->no_record_page), "cpis-no-record-superseded");
      return;
    }

  title = g_strdup_printf (_(CPIS_TEXT_NO_RECORD_TITLE_FMT), formatted);
  adw_status_page_set_title (self->no_record_page, title);
  adw_status_page_set_icon_name (self->no_record_page, "system-search-symbolic");
  adw_status_page_set_description (self->no_record_page, _(CPIS_TEXT_NO_RECORD_DESCRIPTION));
  gtk_widget_remove_css_class (GTK_WIDGET (self->no_record_page), "cpis-no-record-superseded");
}

static void
demographics_state_changed_cb (CpisClinicianView *self,
                               GParamSpec        *pspec,
                               CpisCheckResult   *result)
{
  if (result == self->result &&
      cpis_check_result_get_outcome (result) == CPIS_CHECK_OUTCOME_NO_RECORD)
    describe_no_record (self, result);
}

static void
show_no_record (CpisClinicianView *self,
                CpisCheckResult   *result)
{
  GDateTime *checked_at = cpis_check_result_get_checked_at (result);
  g_autofree char *when = checked_at != NULL ? cpis_date_time_format_uk (checked_at) : NULL;
  g_autofree char *checked = g_strdup_printf (_("Checked %s."), when != NULL ? when : "");

  describe_no_record (self, result);
  gtk_label_set_text (self->no_record_checked_label, checked);
  set_state (self, "no-record");
}

static void
show_failed (CpisClinicianView *self,
             const char        *nhs_number,
             const char        *reason)
{
  g_autofree char *formatted = cpis_nhs_number_format_unbroken (nhs_number);
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

/* Over an answer shown again from this session's checks: when it was
 * asked, and that CP-IS was not asked again (NULL hides it) */
static void
show_earlier_note (CpisClinicianView *self,
                   CpisCheckResult   *result)
{
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->earlier_clamp, result != NULL);
  if (result == NULL)
    return;

  time = format_time_uk (cpis_check_result_get_checked_at (result));
  text = g_strdup_printf (_(CPIS_TEXT_EARLIER_ANSWER_FMT), time);
  gtk_label_set_text (self->earlier_label, text);
}

static void
forget_shown (CpisClinicianView *self)
{
  show_earlier_note (self, NULL);
  if (self->result != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->result, history_state_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->result, demographics_state_changed_cb, self);
    }
  g_clear_object (&self->result);
  g_clear_pointer (&self->shown_number, g_free);
  cpis_patient_banner_set_result (self->banner, NULL);
}

static void
show_result (CpisClinicianView *self,
             CpisCheckResult   *result)
{
  const GError *error;

  forget_shown (self);
  self->result = g_object_ref (result);
  self->shown_number = g_strdup (cpis_check_result_get_nhs_number (result));
  g_signal_connect_object (result, "notify::history-state",
                           G_CALLBACK (history_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (result, "notify::demographics-state",
                           G_CALLBACK (demographics_state_changed_cb), self, G_CONNECT_SWAPPED);
  cpis_patient_banner_set_result (self->banner, result);

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

  /* the field reads as the banner does; the next scan replaces it */
  select_field (self);
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

  /* a newer check, another number in the field, or the end of the session
   * has taken over: this answer is never shown */
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
      forget_shown (self);
      self->shown_number = g_strdup (cpis_check_result_get_nhs_number (result));
      show_failed (self, cpis_check_result_get_nhs_number (result), _(CPIS_TEXT_SESSION_EXPIRED));
      if (self->session != NULL)
        cpis_session_expire (self->session);
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

/* The field no longer holds the number whose answer (or check) is on screen:
 * nothing of it may stay there */
/* A check given up before its answer (the number in the field changed) is
 * kept in the recent checks as that: the hub may have recorded it and told
 * the council, and the nurse never saw what it said */
static void
remember_stopped_check (CpisClinicianView *self)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisCheckResult) stopped = NULL;

  if (self->cancellable == NULL || self->store == NULL || self->shown_number == NULL)
    return;

  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _(CPIS_TEXT_CHECK_STOPPED));
  stopped = cpis_check_result_new (self->shown_number, CPIS_CHECK_OUTCOME_FAILED, none, none,
                                   CPIS_CARE_SETTING_UNSCHEDULED, error, NULL);
  cpis_session_store_add (self->store, stopped);
}

static void
take_answer_off_screen (CpisClinicianView *self)
{
  remember_stopped_check (self);
  cancel_check (self);
  forget_shown (self);
  clear_alerts (self);
  cpis_access_timeline_set_model (self->timeline, NULL);
  cpis_access_history_list_set_model (self->history_list, NULL);
  set_state (self, "ready");
}

static void
start_check (CpisClinicianView *self,
             const char        *nhs_number)
{
  g_autofree char *formatted = cpis_nhs_number_format_unbroken (nhs_number);
  g_autofree char *number_text = g_strdup_printf (_("NHS number %s"), formatted);
  CheckData *data;

  cancel_check (self);

  if (self->last_nhs_number != nhs_number)
    {
      g_free (self->last_nhs_number);
      self->last_nhs_number = g_strdup (nhs_number);
    }

  forget_shown (self);
  self->shown_number = g_strdup (nhs_number);

  if (self->client == NULL)
    {
      show_failed (self, nhs_number, _("You are not signed in to a CP-IS hub."));
      return;
    }

  gtk_label_set_text (self->checking_label, _(CPIS_TEXT_CHECKING));
  gtk_label_set_text (self->checking_number_label, number_text);
  set_state (self, "checking");
  /* the field reads as the banner will; a scan while waiting replaces the
   * number (and so stops this check) */
  set_field_text (self, nhs_number);
  cpis_nhs_number_entry_replace_on_input (self->entry);

  self->cancellable = g_cancellable_new ();
  data = g_new0 (CheckData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  cpis_hub_client_check_child_async (self->client, nhs_number, self->cancellable,
                                     check_child_cb, data);
}

/* Checks @nhs_number as if it had been typed in the field */
static void
check_number (CpisClinicianView *self,
              const char        *nhs_number)
{
  set_field_text (self, nhs_number);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  start_check (self, nhs_number);
}

/* Signal callbacks */

static void
entry_submitted_cb (CpisClinicianView *self,
                    const char        *nhs_number)
{
  start_check (self, nhs_number);
}

static void
entry_text_changed_cb (CpisClinicianView *self)
{
  g_autofree char *digits = NULL;

  if (self->setting_text || self->shown_number == NULL)
    return;

  digits = cpis_nhs_number_parse (cpis_nhs_number_entry_get_text (self->entry), NULL);
  if (g_strcmp0 (digits, self->shown_number) != 0)
    take_answer_off_screen (self);
}

static void
retry_clicked_cb (CpisClinicianView *self)
{
  /* the button goes away with its page: keep the focus where typing works */
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  cpis_clinician_view_retry (self);
}

static void
check_again_clicked_cb (CpisClinicianView *self)
{
  g_autofree char *nhs_number = g_strdup (self->shown_number);

  /* the button goes with the note: the focus goes where typing works */
  if (nhs_number != NULL)
    check_number (self, nhs_number);
}

static void
banner_check_number_cb (CpisClinicianView *self,
                        const char        *nhs_number)
{
  check_number (self, nhs_number);
}

static void
recent_activated_cb (CpisClinicianView *self,
                     GtkListBoxRow     *row)
{
  g_autoptr(CpisCheckResult) result = NULL;

  if (self->recent_model == NULL)
    return;

  result = g_list_model_get_item (self->recent_model, (guint) gtk_list_box_row_get_index (row));
  if (result == NULL)
    return;

  /* shown again from memory: no new request, nothing recorded */
  cancel_check (self);
  set_field_text (self, cpis_check_result_get_nhs_number (result));
  g_free (self->last_nhs_number);
  self->last_nhs_number = g_strdup (cpis_check_result_get_nhs_number (result));
  show_result (self, result);
  show_earlier_note (self, result);

  if (adw_leaflet_get_folded (self->leaflet))
    {
      adw_leaflet_set_visible_child_name (self->leaflet, "main");
      gtk_widget_grab_focus (GTK_WIDGET (self->entry));
    }
}

/* The recent checks are one Tab stop, as a sidebar is: arrows move between
 * the rows, and Tab or Shift+Tab leaves the list from whichever row has the
 * focus (GtkListBox would stop on every row). The focus is put on the last
 * (or first) row, and the window's own Tab handling then leaves from there. */
static gboolean
recent_key_pressed_cb (CpisClinicianView *self,
                       guint              keyval,
                       guint              keycode,
                       GdkModifierType    state)
{
  GtkWidget *list = GTK_WIDGET (self->recent_list);
  GtkWidget *edge = NULL;
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  if ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab) && mods == 0)
    edge = gtk_widget_get_last_child (list);
  else if (keyval == GDK_KEY_ISO_Left_Tab ||
           ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab) && mods == GDK_SHIFT_MASK))
    edge = gtk_widget_get_first_child (list);

  if (GTK_IS_LIST_BOX_ROW (edge))
    gtk_widget_grab_focus (edge);

  return GDK_EVENT_PROPAGATE;
}

static gboolean
key_pressed_cb (CpisClinicianView *self,
                guint              keyval,
                guint              keycode,
                GdkModifierType    state)
{
  return cpis_clinician_view_take_typed_key (self, keyval, state);
}

static void
folded_changed_cb (CpisClinicianView *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  gtk_widget_set_visible (GTK_WIDGET (self->recent_button), folded);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), folded);
  if (folded)
    adw_leaflet_set_visible_child_name (self->leaflet, "main");
}

static void
recent_clicked_cb (CpisClinicianView *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
  gtk_widget_grab_focus (GTK_WIDGET (self->recent_list));
}

static void
back_clicked_cb (CpisClinicianView *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "main");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
example_clicked_cb (GtkButton         *button,
                    CpisClinicianView *self)
{
  check_number (self, g_object_get_data (G_OBJECT (button), "nhs-number"));
}

static void
child_chosen_cb (CpisClinicianView *self,
                 const char        *nhs_number)
{
  check_number (self, nhs_number);
}

static void
find_child_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CpisClinicianView *self = CPIS_CLINICIAN_VIEW (widget);
  CpisFindChildDialog *dialog;
  GtkRoot *root;

  if (self->client == NULL)
    return;

  root = gtk_widget_get_root (widget);
  dialog = cpis_find_child_dialog_new (self->client);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "child-chosen", G_CALLBACK (child_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fill_examples (CpisClinicianView  *self,
               GtkFlowBox         *box,
               const char * const *numbers,
               const char * const *descriptions,
               const char         *kind)
{
  GtkWidget *child;
  guint n_descriptions;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);

  n_descriptions = descriptions != NULL ? g_strv_length ((char **) descriptions) : 0;
  for (guint i = 0; numbers != NULL && numbers[i] != NULL; i++)
    {
      g_autofree char *formatted = cpis_nhs_number_format_unbroken (numbers[i]);
      const char *what = i < n_descriptions ? descriptions[i] : kind;
      /* Translators: "Check NHS number 999 082 1283, demo: a looked-after child" */
      g_autofree char *name = g_strdup_printf (_("Check NHS number %s, demo: %s"),
                                               formatted, what);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *number_label = gtk_label_new (formatted);
      GtkWidget *what_label = gtk_label_new (what);

      /* what each demo child shows, on the button as well as in its name */
      gtk_widget_add_css_class (number_label, "heading");
      gtk_widget_add_css_class (number_label, "cpis-tabular");
      gtk_widget_add_css_class (what_label, "caption");
      gtk_label_set_wrap (GTK_LABEL (what_label), TRUE);
      gtk_label_set_justify (GTK_LABEL (what_label), GTK_JUSTIFY_CENTER);
      gtk_label_set_max_width_chars (GTK_LABEL (what_label), 22);
      gtk_box_append (GTK_BOX (texts), number_label);
      gtk_box_append (GTK_BOX (texts), what_label);
      gtk_button_set_child (GTK_BUTTON (button), texts);

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

/* Tab and Shift+Tab move through the view's widgets and out of it; the
 * default would call grab_focus() above and keep the focus in the entry */
static gboolean
cpis_clinician_view_focus (GtkWidget        *widget,
                           GtkDirectionType  direction)
{
  CpisClinicianView *self = CPIS_CLINICIAN_VIEW (widget);

  return gtk_widget_child_focus (GTK_WIDGET (self->leaflet), direction);
}

static void
cpis_clinician_view_dispose (GObject *object)
{
  CpisClinicianView *self = CPIS_CLINICIAN_VIEW (object);

  cancel_check (self);
  if (self->recent_list != NULL)
    set_recent_model (self, NULL);
  g_clear_object (&self->recent_model);
  if (self->banner != NULL)
    forget_shown (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), CPIS_TYPE_CLINICIAN_VIEW);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->result);
  g_clear_pointer (&self->shown_number, g_free);
  g_clear_pointer (&self->last_nhs_number, g_free);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&self->examples[i], g_strfreev);
      g_clear_pointer (&self->descriptions[i], g_strfreev);
    }

  G_OBJECT_CLASS (cpis_clinician_view_parent_class)->dispose (object);
}

static void
cpis_clinician_view_class_init (CpisClinicianViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_clinician_view_dispose;

  widget_class->grab_focus = cpis_clinician_view_grab_focus;
  widget_class->focus = cpis_clinician_view_focus;


  g_type_ensure (CPIS_TYPE_NHS_NUMBER_ENTRY);
  g_type_ensure (CPIS_TYPE_PATIENT_BANNER);
  g_type_ensure (CPIS_TYPE_ACCESS_TIMELINE);
  g_type_ensure (CPIS_TYPE_ACCESS_HISTORY_LIST);

  gtk_widget_class_install_action (widget_class, "clinician.find-child", NULL,
                                   find_child_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "clinician.find-child", NULL);

  gtk_widget_class_set_css_name (widget_class, "cpis-clinician-view");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-clinician-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, back_button);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, recent_stack);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, recent_list);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, recent_button);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, recent_button_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, main_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, entry);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, earlier_clamp);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, care_setting_clamp);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, care_setting_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, earlier_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, banner_clamp);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, banner);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, stack);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, examples_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, examples_with_plan);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, examples_without_plan);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, checking_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, checking_number_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, found_scroller);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, alerts_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, access_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, ended_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, ended_heading);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, ended_caption);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, ended_cards_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, access_icon);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, access_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, history_caption);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, pattern_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, pattern_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, history_error_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, history_error_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, timeline);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, history_list);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, ready_page);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, no_record_page);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, failed_scroller);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, no_record_checked_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, failed_box);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, failed_title_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, failed_number_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, failed_reason_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, failed_advice_label);
  gtk_widget_class_bind_template_child (widget_class, CpisClinicianView, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_submitted_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_again_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_check_number_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
}

/* A scrolled window that took the focus would be an invisible stop on the
 * way round with Tab: only what it holds may take it. One that holds
 * nothing to focus (the no-record page) is left out of the way altogether:
 * GTK 4.8's scrolled window otherwise claims a Tab it cannot take. */
static void
keep_focus_off_scroller (GtkWidget *widget,
                         gboolean   holds_controls)
{
  GtkWidget *scroller = GTK_IS_SCROLLED_WINDOW (widget) ? widget
                        : gtk_widget_get_first_child (widget);

  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (scroller));
  gtk_widget_set_focusable (scroller, FALSE);
  if (!holds_controls)
    gtk_widget_set_can_focus (scroller, FALSE);
}

static void
cpis_clinician_view_init (CpisClinicianView *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  set_recent_model (self, NULL);
  keep_focus_off_scroller (GTK_WIDGET (self->ready_page), TRUE);
  keep_focus_off_scroller (GTK_WIDGET (self->no_record_page), FALSE);
  keep_focus_off_scroller (GTK_WIDGET (self->found_scroller), TRUE);
  keep_focus_off_scroller (GTK_WIDGET (self->failed_scroller), TRUE);

  gtk_button_set_label (self->retry_button, _(CPIS_TEXT_TRY_AGAIN));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->retry_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(CPIS_TEXT_TRY_AGAIN),
                                  -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clinician.find-child", FALSE);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (controller, "cpis-recent-tab");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (recent_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->recent_list), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (controller, "cpis-typed-anywhere");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  /* folded or not, the check is what shows first */
  adw_leaflet_set_visible_child_name (self->leaflet, "main");
  folded_changed_cb (self);
  set_state (self, "ready");
}

/* Public API */

CpisClinicianView *
cpis_clinician_view_new (void)
{
  return g_object_new (CPIS_TYPE_CLINICIAN_VIEW, NULL);
}

/* The session's client and store, once it is signed in */
static void
follow_client_and_store (CpisClinicianView *self,
                         CpisHubClient     *client,
                         CpisSessionStore  *store)
{
  cancel_check (self);
  g_set_object (&self->client, client);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clinician.find-child", client != NULL);

  if (store != self->store)
    {
      /* another session's checks are never shown in this one */
      g_set_object (&self->store, store);
      set_recent_model (self, store != NULL ? cpis_session_store_get_checks (store) : NULL);
      forget_shown (self);
      clear_alerts (self);
      set_state (self, "ready");
    }
}

/* Where the organisation has care settings of both kinds, which this
 * workstation is, always in sight: a nurse can tell before checking whether
 * the check will be recorded (elsewhere the organisation decides, and the
 * answer says so) */
static void
update_care_setting (CpisClinicianView *self)
{
  CpisUserInfo *user = self->session != NULL ? cpis_session_get_user (self->session) : NULL;
  gboolean shown = user != NULL && cpis_user_info_has_both_care_settings (user);

  gtk_widget_set_visible (self->care_setting_clamp, shown);
  if (shown)
    gtk_label_set_label (self->care_setting_label,
                         cpis_session_get_care_setting (self->session) == CPIS_CARE_SETTING_SCHEDULED
                           ? _(CPIS_TEXT_WORKSTATION_SCHEDULED)
                           : _(CPIS_TEXT_WORKSTATION_UNSCHEDULED));
}

/* The view follows its session: signed in, it checks with the session's
 * client into its store; signed in again after the hub ended it, it repeats
 * the check that met 401; signed out, nothing of the session stays */
static void
session_state_changed_cb (CpisClinicianView *self)
{
  CpisSessionState before = self->session_state;

  self->session_state = cpis_session_get_state (self->session);
  switch (self->session_state)
    {
    case CPIS_SESSION_SIGNED_IN:
      if (before == CPIS_SESSION_EXPIRED && self->client == cpis_session_get_client (self->session))
        cpis_clinician_view_retry (self);
      else
        follow_client_and_store (self, cpis_session_get_client (self->session),
                                 cpis_session_get_store (self->session));
      break;

    case CPIS_SESSION_SIGNED_OUT:
      cpis_clinician_view_reset (self);
      break;

    case CPIS_SESSION_EXPIRED:
    default:
      break;
    }
}

void
cpis_clinician_view_set_session (CpisClinicianView *self,
                                 CpisSession       *session)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));
  g_return_if_fail (session == NULL || CPIS_IS_SESSION (session));

  if (session == self->session)
    return;

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->session, session_state_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->session, update_care_setting, self);
    }
  cpis_clinician_view_reset (self);
  g_set_object (&self->session, session);
  update_care_setting (self);
  if (session == NULL)
    return;

  g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::care-setting", G_CALLBACK (update_care_setting), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::user", G_CALLBACK (update_care_setting), self,
                           G_CONNECT_SWAPPED);
  self->session_state = cpis_session_get_state (session);
  if (cpis_session_is_signed_in (session))
    follow_client_and_store (self, cpis_session_get_client (session),
                             cpis_session_get_store (session));
}

void
cpis_clinician_view_reset (CpisClinicianView *self)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));

  cancel_check (self);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  forget_shown (self);
  g_clear_pointer (&self->last_nhs_number, g_free);
  set_recent_model (self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clinician.find-child", FALSE);

  self->setting_text = TRUE;
  cpis_nhs_number_entry_clear (self->entry);
  self->setting_text = FALSE;
  clear_alerts (self);
  cpis_access_timeline_set_model (self->timeline, NULL);
  cpis_access_history_list_set_model (self->history_list, NULL);
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

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "main");
  /* the entry selects what is there, so the next number replaces it */
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  select_field (self);
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

GtkListBox *
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

CpisPatientBanner *
_cpis_clinician_view_get_banner (CpisClinicianView *self)
{
  g_return_val_if_fail (CPIS_IS_CLINICIAN_VIEW (self), NULL);

  return self->banner;
}

AdwLeaflet *
_cpis_clinician_view_get_leaflet (CpisClinicianView *self)
{
  g_return_val_if_fail (CPIS_IS_CLINICIAN_VIEW (self), NULL);

  return self->leaflet;
}

char *
_cpis_clinician_view_describe_recorded (GListModel *plans)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (plans), NULL);

  return describe_recorded (plans);
}

static void
show_examples (CpisClinicianView *self)
{
  fill_examples (self, self->examples_with_plan, (const char * const *) self->examples[0],
                 (const char * const *) self->descriptions[0], _("a child with a plan"));
  fill_examples (self, self->examples_without_plan, (const char * const *) self->examples[1],
                 (const char * const *) self->descriptions[1], _("a child with no record"));
  gtk_widget_set_visible (self->examples_box,
                          (self->examples[0] != NULL && self->examples[0][0] != NULL) ||
                          (self->examples[1] != NULL && self->examples[1][0] != NULL));
}

void
cpis_clinician_view_set_examples (CpisClinicianView  *self,
                                  const char * const *with_plan,
                                  const char * const *without_plan)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));

  g_clear_pointer (&self->examples[0], g_strfreev);
  g_clear_pointer (&self->examples[1], g_strfreev);
  self->examples[0] = g_strdupv ((char **) with_plan);
  self->examples[1] = g_strdupv ((char **) without_plan);
  show_examples (self);
}

void
cpis_clinician_view_set_example_descriptions (CpisClinicianView  *self,
                                              const char * const *with_plan,
                                              const char * const *without_plan)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));

  g_clear_pointer (&self->descriptions[0], g_strfreev);
  g_clear_pointer (&self->descriptions[1], g_strfreev);
  self->descriptions[0] = g_strdupv ((char **) with_plan);
  self->descriptions[1] = g_strdupv ((char **) without_plan);
  show_examples (self);
}

void
cpis_clinician_view_set_settings (CpisClinicianView *self,
                                  GSettings         *settings)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_settings_bind (settings, "scanner-ends-with-tab", self->entry, "submit-on-scanned-tab",
                   G_SETTINGS_BIND_GET);
}

/* A scan, or typing, that begins while the focus is elsewhere in the view (a
 * recent check clicked, a number copied, a plan unfolded) or in the window
 * around it: without this the digits go nowhere, Enter presses whatever has
 * the focus, and the last child's answer stays on screen under the next
 * child in front of the nurse */
gboolean
cpis_clinician_view_take_typed_key (CpisClinicianView *self,
                                    guint              keyval,
                                    GdkModifierType    state)
{
  gunichar c = gdk_keyval_to_unicode (keyval);
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (CPIS_IS_CLINICIAN_VIEW (self), FALSE);

  if (c < '0' || c > '9' || (state & gtk_accelerator_get_default_mod_mask () & ~GDK_SHIFT_MASK) != 0)
    return FALSE;
  if (self->client == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;

  /* typing in a field (this one, or any other) is left to it */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus != NULL && (GTK_IS_EDITABLE (focus) || gtk_widget_get_ancestor (focus, GTK_TYPE_EDITABLE)))
    return FALSE;

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "main");
  cpis_nhs_number_entry_restart_with (self->entry, c);
  return TRUE;
}
