/* cpis-task-detail.c: one notification opened */

#include <glib/gi18n.h>

#include "cpis-task-detail.h"

#include "cpis-access-history-list.h"
#include "cpis-access-timeline.h"
#include "cpis-alert-card.h"
#include "cpis-check-result.h"
#include "cpis-date.h"
#include "cpis-hub-client.h"
#include "cpis-nhs-number.h"
#include "cpis-patient-banner.h"
#include "cpis-task-text-private.h"

/* Someone the notification may be given to */
typedef struct
{
  CpisTaskOwnerKind  kind;
  char              *id;
  char              *display;
} Assignee;

static void
assignee_free (Assignee *assignee)
{
  g_free (assignee->id);
  g_free (assignee->display);
  g_free (assignee);
}

/* The outcomes offered, in the order of the outcome row (after "None") */
static const CpisTaskOutcome offered_outcomes[] = {
  CPIS_TASK_OUTCOME_CONTACTED_FAMILY,
  CPIS_TASK_OUTCOME_CONTACTED_HEALTH_PROFESSIONAL,
  CPIS_TASK_OUTCOME_ADDED_TO_CASE_RECORD,
  CPIS_TASK_OUTCOME_REFERRED,
  CPIS_TASK_OUTCOME_NO_FURTHER_ACTION,
  CPIS_TASK_OUTCOME_NOT_OUR_CHILD,
};

struct _CpisTaskDetail
{
  GtkWidget           parent_instance;

  CpisSession        *session;
  CpisTask           *task;
  GPtrArray          *assignees;         /* Assignee: teams and colleagues */
  GCancellable       *child_cancellable; /* reading the child */
  GCancellable       *update_cancellable;
  CpisCheckResult    *result;            /* the child, as read */
  gboolean            busy;
  gboolean            setting_outcome;   /* the row follows the task, not the user */
  gboolean            outcome_touched;   /* the user chose an outcome not saved yet */

  /* Template widgets */
  GtkWidget          *page_box;  /* the message above the scrolled page */
  GtkScrolledWindow  *scroller;
  GtkWidget          *message_box;
  GtkImage           *message_icon;
  GtkLabel           *message_label;
  GtkLabel           *title_label;
  GtkLabel           *summary_label;
  GtkLabel           *status_label;
  GtkLabel           *owner_label;
  GtkWidget          *actions_box;
  GtkWidget          *accept_button;
  GtkWidget          *start_button;
  GtkWidget          *assign_button;
  GtkButton          *replace_button;
  GtkListBox         *assign_list;
  GtkWidget          *cancel_button;
  GtkPopover         *cancel_popover;
  GtkEntry           *cancel_reason_entry;
  GtkWidget          *cancel_confirm_button;
  GtkWidget          *record_group;
  AdwComboRow        *outcome_row;
  GtkStringList      *outcome_list;
  GtkWidget          *note_heading;
  GtkWidget          *note_frame;
  GtkTextView        *note_view;
  GtkWidget          *record_buttons;
  GtkWidget          *save_button;
  GtkWidget          *complete_button;
  GtkWidget          *notes_heading;
  GtkListBox         *notes_list;
  CpisPatientBanner  *banner;
  GtkWidget          *child_state_box;
  GtkSpinner         *child_spinner;
  GtkLabel           *child_state_label;
  GtkWidget          *child_retry_button;
  GtkBox             *alerts_box;
  GtkWidget          *history_box;
  GtkLabel           *history_caption;
  CpisAccessTimeline *timeline;
  CpisAccessHistoryList *history_list;
};

G_DEFINE_FINAL_TYPE (CpisTaskDetail, cpis_task_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TASK,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TASK_CHANGED,
  REPLACE_PLAN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_task (CpisTaskDetail *self);

static CpisHubClient *
client_of (CpisTaskDetail *self)
{
  if (self->session == NULL || !cpis_session_is_signed_in (self->session))
    return NULL;
  return cpis_session_get_client (self->session);
}

static CpisUserInfo *
user_of (CpisTaskDetail *self)
{
  return self->session != NULL ? cpis_session_get_user (self->session) : NULL;
}

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_BOX (parent))
        gtk_box_remove (GTK_BOX (parent), child);
      else
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
    }
}

/* Messages ----------------------------------------------------------------- */

typedef enum
{
  MESSAGE_INFO,
  MESSAGE_WARNING,
  MESSAGE_ERROR,
} MessageKind;

static void
show_message (CpisTaskDetail *self,
              MessageKind     kind,
              const char     *text)
{
  static const char *icons[] = { "object-select-symbolic", "dialog-warning-symbolic",
                                 "dialog-error-symbolic" };
  static const char *classes[] = { "success", "warning", "error" };

  if (text == NULL)
    {
      gtk_widget_set_visible (self->message_box, FALSE);
      gtk_label_set_text (self->message_label, "");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (self->message_box, classes[i]);
  gtk_widget_add_css_class (self->message_box, classes[kind]);
  gtk_image_set_from_icon_name (self->message_icon, icons[kind]);
  gtk_label_set_text (self->message_label, text);
  gtk_widget_set_visible (self->message_box, TRUE);

  /* an alert: said at once to a screen reader, as a sighted user sees it */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_box),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* The notification ---------------------------------------------------------- */

static char *
note_title (CpisTaskNote *note,
            gint64        now)
{
  g_autofree char *when = _cpis_task_format_moment (cpis_task_note_get_time (note), now);
  const char *author = cpis_task_note_get_author_display (note);

  /* Translators: who wrote a note, and when: "Sam Patel, Today 09:20" */
  return g_strdup_printf (_("%s, %s"), author != NULL ? author : _("Author not given"), when);
}

static void
show_notes (CpisTaskDetail *self)
{
  GPtrArray *notes = cpis_task_get_notes (self->task);
  gint64 now = g_get_real_time ();

  remove_children (GTK_WIDGET (self->notes_list));
  gtk_widget_set_visible (self->notes_heading, notes->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_list), notes->len > 0);

  /* newest first, as a case record reads */
  for (guint i = notes->len; i > 0; i--)
    {
      CpisTaskNote *note = g_ptr_array_index (notes, i - 1);
      g_autofree char *title = note_title (note, now);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *heading = gtk_label_new (title);
      GtkWidget *text = gtk_label_new (cpis_task_note_get_text (note));
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_widget_add_css_class (heading, "caption-heading");
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_selectable (GTK_LABEL (text), TRUE);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_box_append (GTK_BOX (box), heading);
      gtk_box_append (GTK_BOX (box), text);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      -1);
      gtk_list_box_append (self->notes_list, row);
    }
}

static char *
describe_seen (CpisTask *task)
{
  g_autofree char *when = _cpis_task_format_moment (cpis_task_get_authored_on (task),
                                                    g_get_real_time ());
  CpisAccessEvent *event = cpis_task_get_access_event (task);
  const char *setting = cpis_task_get_setting_name (task);
  const char *viewer = cpis_task_get_viewer_name (task);
  const char *role = event != NULL ? cpis_access_event_get_job_role_display (event) : NULL;
  GString *text = g_string_new (NULL);

  if (cpis_task_get_kind (task) == CPIS_TASK_KIND_INACTIVE_NHS_NUMBER)
    {
      g_autofree char *replaced = cpis_task_get_replaced_by (task) != NULL
                                  ? cpis_nhs_number_format (cpis_task_get_replaced_by (task))
                                  : NULL;

      if (replaced != NULL)
        g_string_append_printf (text,
                                _("This NHS number was retired and replaced by %s (for example "
                                  "after an adoption). Upload the plan again under the new "
                                  "number: uploads under the old one are refused."),
                                replaced);
      else
        g_string_append (text, _("This NHS number was retired, and no replacement was given. "
                                 "Find the child's current NHS number on the demographics "
                                 "service, then upload the plan again under it."));
      g_string_append_printf (text, " %s", when);
      return g_string_free (text, FALSE);
    }

  if (setting != NULL && viewer != NULL && role != NULL)
    /* Translators: "Seen at Riverside ED by Jane Nurse (Staff Nurse), Today 14:02." */
    g_string_append_printf (text, _("Seen at %s by %s (%s), %s."), setting, viewer, role, when);
  else if (setting != NULL && viewer != NULL)
    g_string_append_printf (text, _("Seen at %s by %s, %s."), setting, viewer, when);
  else if (setting != NULL)
    g_string_append_printf (text, _("Seen at %s, %s."), setting, when);
  else
    g_string_append_printf (text, _("Raised %s."), when);

  if (cpis_task_get_out_of_area (task))
    g_string_append_printf (text, " %s",
                            _("The setting is outside the authority's area: the child crossed a "
                              "boundary."));

  return g_string_free (text, FALSE);
}

static guint
outcome_position (CpisTaskOutcome outcome)
{
  for (guint i = 0; i < G_N_ELEMENTS (offered_outcomes); i++)
    if (offered_outcomes[i] == outcome)
      return i + 1;
  return 0;
}

static CpisTaskOutcome
chosen_outcome (CpisTaskDetail *self)
{
  guint position = adw_combo_row_get_selected (self->outcome_row);

  if (position == 0 || position > G_N_ELEMENTS (offered_outcomes))
    return CPIS_TASK_OUTCOME_NONE;
  return offered_outcomes[position - 1];
}

static char *
typed_note (CpisTaskDetail *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
update_sensitivity (CpisTaskDetail *self)
{
  gboolean open = self->task != NULL && cpis_task_is_open (self->task);
  gboolean can_act = open && !self->busy && client_of (self) != NULL;
  CpisTaskStatus next[CPIS_TASK_N_STATUSES];
  gboolean to_accepted = FALSE, to_in_progress = FALSE, to_completed = FALSE;
  guint n = self->task != NULL ? cpis_task_get_next_statuses (self->task, next) : 0;

  for (guint i = 0; i < n; i++)
    {
      to_accepted |= next[i] == CPIS_TASK_STATUS_ACCEPTED;
      to_in_progress |= next[i] == CPIS_TASK_STATUS_IN_PROGRESS;
      to_completed |= next[i] == CPIS_TASK_STATUS_COMPLETED;
    }

  gtk_widget_set_visible (self->accept_button, to_accepted);
  gtk_widget_set_visible (self->start_button, to_in_progress);
  gtk_widget_set_visible (self->actions_box, open);
  gtk_widget_set_visible (self->record_group, open);
  gtk_widget_set_visible (self->note_heading, open);
  gtk_widget_set_visible (self->note_frame, open);
  gtk_widget_set_visible (self->record_buttons, open);
  gtk_widget_set_visible (self->complete_button, to_completed);

  gtk_widget_set_sensitive (self->actions_box, can_act);
  gtk_widget_set_sensitive (self->save_button, can_act);
  gtk_widget_set_sensitive (self->complete_button, can_act);
  /* what is typed stays editable while a change is on its way */
}

static void
show_task (CpisTaskDetail *self)
{
  CpisTask *task = self->task;
  g_autofree char *title = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *owner_text = NULL;
  g_autofree char *number = NULL;
  const char *outcome;

  if (task == NULL)
    return;

  number = cpis_nhs_number_format (cpis_task_get_nhs_number (task));
  /* Translators: "Attendance: Alex TESTER, 999 082 1283" */
  title = g_strdup_printf (_("%s: %s, %s"), _cpis_task_kind_in_words (task),
                           cpis_task_get_child_name (task) != NULL
                             ? cpis_task_get_child_name (task)
                             : _("name not given"),
                           number != NULL ? number : cpis_task_get_nhs_number (task));
  gtk_label_set_text (self->title_label, title);

  seen = describe_seen (task);
  gtk_label_set_text (self->summary_label, seen);

  gtk_label_set_text (self->status_label, _cpis_task_status_in_words (cpis_task_get_status (task)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->status_label), -1);
  outcome = _cpis_task_outcome_in_words (task);
  if (cpis_task_get_owner_kind (task) == CPIS_TASK_OWNER_LOCAL_AUTHORITY)
    owner = g_strdup (_("Nobody has been assigned yet"));
  else
    {
      g_autofree char *name = _cpis_task_owner_in_words (task);

      owner = g_strdup_printf (_("Assigned to %s"), name);
    }
  if (cpis_task_get_status (task) == CPIS_TASK_STATUS_CANCELLED &&
      cpis_task_get_status_reason (task) != NULL)
    /* Translators: who holds it, then why it was cancelled */
    owner_text = g_strdup_printf (_("%s. Cancelled: %s"), owner, cpis_task_get_status_reason (task));
  else if (outcome != NULL)
    owner_text = g_strdup_printf (_("%s. Outcome: %s."), owner, outcome);
  else
    owner_text = g_strdup_printf (_("%s."), owner);
  gtk_label_set_text (self->owner_label, owner_text);

  /* the outcome row shows what is saved, unless the user chose another */
  if (!self->outcome_touched)
    {
      self->setting_outcome = TRUE;
      adw_combo_row_set_selected (self->outcome_row,
                                  outcome_position (cpis_task_get_outcome (task)));
      self->setting_outcome = FALSE;
    }

  show_notes (self);
  update_sensitivity (self);
}

/* The child ------------------------------------------------------------------ */

static void
clear_child (CpisTaskDetail *self)
{
  g_cancellable_cancel (self->child_cancellable);
  g_clear_object (&self->child_cancellable);
  if (self->result != NULL)
    g_signal_handlers_disconnect_by_data (self->result, self);
  g_clear_object (&self->result);
  cpis_patient_banner_set_result (self->banner, NULL);
  remove_children (GTK_WIDGET (self->alerts_box));
  cpis_access_timeline_set_model (self->timeline, NULL);
  cpis_access_history_list_set_model (self->history_list, NULL);
  gtk_widget_set_visible (self->history_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->banner), FALSE);
  gtk_widget_set_visible (self->child_retry_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->replace_button), FALSE);
  gtk_spinner_set_spinning (self->child_spinner, FALSE);
  gtk_label_set_text (self->child_state_label, "");
}

static void
set_child_state (CpisTaskDetail *self,
                 const char     *text,
                 gboolean        loading,
                 gboolean        can_retry)
{
  gtk_widget_set_visible (self->child_state_box, text != NULL);
  gtk_label_set_text (self->child_state_label, text != NULL ? text : "");
  gtk_spinner_set_spinning (self->child_spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->child_spinner), loading);
  gtk_widget_set_visible (self->child_retry_button, can_retry);
}

static void
show_child_history (CpisTaskDetail *self)
{
  CpisCheckResult *result = self->result;
  CpisFetchState state = cpis_check_result_get_history_state (result);
  GListModel *history = cpis_check_result_get_access_history (result);
  guint n = g_list_model_get_n_items (history);
  g_autofree char *caption = NULL;

  gtk_widget_set_visible (self->history_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->timeline), state == CPIS_FETCH_DONE && n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->history_list), state == CPIS_FETCH_DONE && n > 0);

  if (state == CPIS_FETCH_FAILED)
    {
      const GError *error = cpis_check_result_get_history_error (result);

      caption = g_strdup_printf (_("The access history could not be fetched. %s"),
                                 error != NULL ? error->message : "");
    }
  else if (state != CPIS_FETCH_DONE)
    caption = g_strdup (_("Fetching the access history…"));
  else if (n == 0)
    caption = g_strdup (_("No accesses from unscheduled care settings are recorded for this child."));
  else if (cpis_check_result_get_history_partial (result))
    caption = g_strdup_printf (ngettext ("The newest access from unscheduled care settings in England, in UK time. Older ones are not shown.",
                                         "The %u newest accesses from unscheduled care settings in England, in UK time. Older ones are not shown.",
                                         n),
                               n);
  else
    caption = g_strdup_printf (ngettext ("Every access from unscheduled care settings in England: %u, in UK time.",
                                         "Every access from unscheduled care settings in England: %u, in UK time.",
                                         n),
                               n);
  gtk_label_set_text (self->history_caption, caption);

  if (state == CPIS_FETCH_DONE)
    {
      cpis_access_timeline_set_model (self->timeline, history);
      cpis_access_history_list_set_model (self->history_list, history);
    }
}

static void
history_state_cb (CpisTaskDetail  *self,
                  GParamSpec      *pspec,
                  CpisCheckResult *result)
{
  if (result == self->result)
    show_child_history (self);
}

/* The plan under the old number, to upload under the new one */
static CpisPlan *
plan_to_replace (CpisTaskDetail *self)
{
  GListModel *plans = self->result != NULL ? cpis_check_result_get_plans (self->result) : NULL;
  CpisPlan *found = NULL;

  for (guint i = 0; plans != NULL && i < g_list_model_get_n_items (plans); i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (plans, i);

      /* an active one first: the one to carry on */
      if (found == NULL || (cpis_plan_is_active (plan) && !cpis_plan_is_active (found)))
        found = plan;
    }
  return found;
}

/* An inactive NHS number with its replacement, and open: the plan can be
 * uploaded under the new number from here */
static void
offer_replacement (CpisTaskDetail *self)
{
  const char *replaced_by = self->task != NULL ? cpis_task_get_replaced_by (self->task) : NULL;
  gboolean offered = replaced_by != NULL &&
                     cpis_task_get_kind (self->task) == CPIS_TASK_KIND_INACTIVE_NHS_NUMBER &&
                     !cpis_task_status_is_final (cpis_task_get_status (self->task)) &&
                     plan_to_replace (self) != NULL;

  if (offered)
    {
      g_autofree char *number = cpis_nhs_number_format (replaced_by);
      /* Translators: %s is the new NHS number */
      g_autofree char *label = g_strdup_printf (_("Upload the Plan Under %s…"), number);

      gtk_button_set_label (self->replace_button, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->replace_button), offered);
  /* one suggested action: putting the number right, when it can be */
  if (offered)
    gtk_widget_remove_css_class (self->accept_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->accept_button, "suggested-action");
}

static void
replace_clicked_cb (CpisTaskDetail *self)
{
  CpisPlan *plan = plan_to_replace (self);

  if (plan != NULL && self->task != NULL && cpis_task_get_replaced_by (self->task) != NULL)
    g_signal_emit (self, signals[REPLACE_PLAN], 0, plan, cpis_task_get_replaced_by (self->task));
}

static void
show_child (CpisTaskDetail *self)
{
  CpisCheckResult *result = self->result;
  GListModel *plans = cpis_check_result_get_plans (result);
  const GError *error = cpis_check_result_get_error (result);
  GDate today;

  gtk_widget_set_visible (GTK_WIDGET (self->banner), TRUE);
  cpis_patient_banner_set_result (self->banner, result);
  remove_children (GTK_WIDGET (self->alerts_box));

  switch (cpis_check_result_get_outcome (result))
    {
    case CPIS_CHECK_OUTCOME_FAILED:
      {
        g_autofree char *text =
          g_strdup_printf (_("The child's plans and access history could not be fetched: %s The "
                             "notification above is still correct."),
                           error != NULL ? error->message : "");

        set_child_state (self, text, FALSE, TRUE);
        gtk_widget_set_visible (self->history_box, FALSE);
        return;
      }

    case CPIS_CHECK_OUTCOME_NO_RECORD:
      set_child_state (self,
                       _("No plan of this child is shown by CP-IS now: every plan ended more "
                         "than a year ago, or was ended after the notification was raised."),
                       FALSE, FALSE);
      show_child_history (self);
      return;

    case CPIS_CHECK_OUTCOME_PLANS_FOUND:
    default:
      break;
    }

  set_child_state (self, NULL, FALSE, FALSE);
  cpis_date_today_uk (&today);
  for (guint i = 0; i < g_list_model_get_n_items (plans); i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (plans, i);
      GtkWidget *card = cpis_alert_card_new (plan, &today);

      gtk_box_append (self->alerts_box, card);
    }
  offer_replacement (self);
  show_child_history (self);
}

static void
child_read_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(CpisTaskDetail) self = user_data;
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const GError *failure;

  result = cpis_hub_client_check_child_finish (CPIS_HUB_CLIENT (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* an answer about another child than the one now shown is never drawn */
  if (self->task == NULL || result == NULL ||
      g_strcmp0 (cpis_check_result_get_nhs_number (result), cpis_task_get_nhs_number (self->task)) != 0)
    {
      if (result == NULL && self->task != NULL)
        set_child_state (self, error->message, FALSE, TRUE);
      return;
    }

  g_clear_object (&self->child_cancellable);
  g_set_object (&self->result, result);
  g_signal_connect_object (result, "notify::history-state", G_CALLBACK (history_state_cb), self,
                           G_CONNECT_SWAPPED);
  show_child (self);

  failure = cpis_check_result_get_error (result);
  if (g_error_matches (failure, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED) &&
      self->session != NULL)
    cpis_session_expire (self->session);
}

static void
read_child (CpisTaskDetail *self)
{
  CpisHubClient *client = client_of (self);

  clear_child (self);
  if (self->task == NULL || client == NULL)
    return;

  set_child_state (self, _("Fetching the child's plans and access history…"), TRUE, FALSE);
  self->child_cancellable = g_cancellable_new ();
  /* a social worker's read is never recorded: the hub records only
   * clinicians' checks */
  cpis_hub_client_check_child_async (client, cpis_task_get_nhs_number (self->task),
                                     self->child_cancellable, child_read_cb,
                                     g_object_ref (self));
}

static void
child_retry_clicked_cb (CpisTaskDetail *self)
{
  read_child (self);
}

/* Changes ---------------------------------------------------------------- */

typedef struct
{
  CpisTaskDetail *self;
  char           *note;      /* the note sent, to clear once saved */
  char           *done;      /* what to say once saved */
} Change;

static void
change_free (Change *change)
{
  g_object_unref (change->self);
  g_free (change->note);
  g_free (change->done);
  g_free (change);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Change, change_free)

/* After a change the button pressed may be gone (Accept, once accepted)
 * or may not yet be back: the focus goes to the first action there is
 * now, else to the note, so that the keyboard carries on from here (Escape,
 * Tab) rather than from nowhere. A focus elsewhere (the sidebar, the
 * search) is left where it is. */
static void
keep_focus (CpisTaskDetail *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (root == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (focus != NULL && gtk_widget_get_mapped (focus) && gtk_widget_is_sensitive (focus))
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (self->actions_box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *action = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (action != NULL && gtk_widget_get_mapped (action) && gtk_widget_is_sensitive (action) &&
          gtk_widget_grab_focus (action))
        return;
    }
  if (gtk_widget_get_mapped (GTK_WIDGET (self->note_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->note_view));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
set_busy (CpisTaskDetail *self,
          gboolean        busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  if (!busy)
    keep_focus (self);
}

/* Takes a version of the notification shown from the hub: shows it and
 * tells the view */
static void
take_version (CpisTaskDetail *self,
              CpisTask       *task)
{
  /* the hub's answer to a change carries no access: the one shown stays */
  if (self->task != NULL && g_strcmp0 (cpis_task_get_id (self->task), cpis_task_get_id (task)) == 0)
    cpis_task_adopt_access_event (task, cpis_task_get_access_event (self->task));
  g_set_object (&self->task, task);
  show_task (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
  g_signal_emit (self, signals[TASK_CHANGED], 0, task);
  keep_focus (self);
}

static void
reread_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(CpisTaskDetail) self = user_data;
  g_autoptr(CpisTask) task = NULL;
  g_autoptr(GError) error = NULL;

  task = cpis_hub_client_get_task_finish (CPIS_HUB_CLIENT (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (task != NULL && self->task != NULL &&
      g_strcmp0 (cpis_task_get_id (task), cpis_task_get_id (self->task)) == 0)
    take_version (self, task);
}

static void
update_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(Change) change = user_data;
  CpisTaskDetail *self = change->self;
  g_autoptr(CpisTask) task = NULL;
  g_autoptr(GError) error = NULL;

  task = cpis_hub_client_update_task_finish (CPIS_HUB_CLIENT (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (task != NULL)
    {
      set_busy (self, FALSE);
      /* the note is in the record now: cleared, so it is not sent twice */
      if (change->note != NULL)
        {
          g_autofree char *still = typed_note (self);

          if (g_strcmp0 (still, change->note) == 0)
            gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), "", -1);
        }
      self->outcome_touched = FALSE;
      take_version (self, task);
      show_message (self, MESSAGE_INFO, change->done);
      return;
    }

  if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_CHANGED))
    {
      /* someone else's change is never overwritten: theirs is shown, what
       * was typed stays, and the user decides again */
      show_message (self, MESSAGE_WARNING,
                    _("Someone else changed this notification after you opened it, so your "
                      "change was not saved. Their change is shown now; what you typed is kept. "
                      "Check it, then try again."));
      cpis_hub_client_get_task_async (CPIS_HUB_CLIENT (source), cpis_task_get_id (self->task),
                                      self->update_cancellable, reread_cb, g_object_ref (self));
      return;
    }

  set_busy (self, FALSE);
  if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED))
    {
      show_message (self, MESSAGE_ERROR,
                    _("Not saved: your session has ended. Sign in again, then save again; what "
                      "you typed is kept."));
      if (self->session != NULL)
        cpis_session_expire (self->session);
      return;
    }

  {
    g_autofree char *text = g_strdup_printf (_("Not saved: %s What you typed is kept."),
                                             error->message);

    show_message (self, MESSAGE_ERROR, text);
  }
}

/* Sends @update (made on the version shown); @note is the note it adds */
static void
send_update (CpisTaskDetail *self,
             CpisTaskUpdate *update,
             const char     *done)
{
  CpisHubClient *client = client_of (self);
  g_autoptr(GError) error = NULL;
  Change *change;

  if (self->task == NULL || self->busy)
    return;

  if (client == NULL)
    {
      show_message (self, MESSAGE_ERROR, _("Not saved: you are not signed in."));
      return;
    }

  if (!cpis_task_update_changes (update, self->task))
    {
      show_message (self, MESSAGE_INFO, _("Nothing to save: nothing was changed."));
      return;
    }

  if (!cpis_task_update_check (update, self->task, &error))
    {
      show_message (self, MESSAGE_ERROR, error->message);
      return;
    }

  change = g_new0 (Change, 1);
  change->self = g_object_ref (self);
  change->note = g_strdup (update->note_text);
  change->done = g_strdup (done);

  show_message (self, MESSAGE_INFO, NULL);
  set_busy (self, TRUE);
  g_clear_object (&self->update_cancellable);
  self->update_cancellable = g_cancellable_new ();
  cpis_hub_client_update_task_async (client, self->task, update, self->update_cancellable,
                                     update_cb, change);
}

static void
change_status (CpisTaskDetail *self,
               CpisTaskStatus  status,
               const char     *done)
{
  CpisTaskUpdate update;

  if (self->task == NULL)
    return;

  cpis_task_update_init (&update, self->task);
  update.status = status;
  send_update (self, &update, done);
}

static void
accept_clicked_cb (CpisTaskDetail *self)
{
  change_status (self, CPIS_TASK_STATUS_ACCEPTED, _("Accepted."));
}

static void
start_clicked_cb (CpisTaskDetail *self)
{
  change_status (self, CPIS_TASK_STATUS_IN_PROGRESS, _("Work started."));
}

static void
record (CpisTaskDetail *self,
        gboolean        complete)
{
  g_autofree char *note = typed_note (self);
  CpisTaskUpdate update;

  if (self->task == NULL)
    return;

  /* the outcome as read (one this version does not know is sent back as it
   * came), unless the social worker chose one */
  cpis_task_update_init (&update, self->task);
  if (self->outcome_touched)
    update.outcome = chosen_outcome (self);
  update.note_text = note;
  if (complete)
    update.status = CPIS_TASK_STATUS_COMPLETED;

  send_update (self, &update, complete ? _("Completed.") : _("Saved."));
}

static void
save_clicked_cb (CpisTaskDetail *self)
{
  record (self, FALSE);
}

static void
complete_clicked_cb (CpisTaskDetail *self)
{
  record (self, TRUE);
}

static void
cancel_confirm_cb (CpisTaskDetail *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->cancel_reason_entry))));
  CpisTaskUpdate update;

  if (self->task == NULL)
    return;
  /* a cancellation says why: asked for here, where the reason is typed */
  if (*reason == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->cancel_reason_entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->cancel_reason_entry));
      return;
    }

  gtk_popover_popdown (self->cancel_popover);
  cpis_task_update_init (&update, self->task);
  update.status = CPIS_TASK_STATUS_CANCELLED;
  update.status_reason = *reason != '\0' ? reason : NULL;
  send_update (self, &update, _("Cancelled."));
  if (update.status_reason != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->cancel_reason_entry), "");
}

static void
cancel_reason_changed_cb (CpisTaskDetail *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->cancel_reason_entry))));

  gtk_widget_set_sensitive (self->cancel_confirm_button, *reason != '\0');
  if (*reason != '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self->cancel_reason_entry), "error");
}

static void
outcome_selected_cb (CpisTaskDetail *self)
{
  if (!self->setting_outcome)
    self->outcome_touched = TRUE;
}

/* Assigning ---------------------------------------------------------------- */

static void
add_assign_row (CpisTaskDetail    *self,
                CpisTaskOwnerKind  kind,
                const char        *id,
                const char        *display,
                const char        *label)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *text = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_widget_set_margin_start (text, 8);
  gtk_widget_set_margin_end (text, 8);
  gtk_widget_set_margin_top (text, 6);
  gtk_widget_set_margin_bottom (text, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (row), "owner-kind", GINT_TO_POINTER (kind));
  g_object_set_data_full (G_OBJECT (row), "owner-id", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (row), "owner-display", g_strdup (display), g_free);
  gtk_list_box_append (self->assign_list, row);
}

/* The people and teams to assign to, without the one who holds it now */
static void
fill_assign_list (CpisTaskDetail *self)
{
  CpisUserInfo *user = user_of (self);
  const char *me = user != NULL ? cpis_user_info_get_practitioner_role_id (user) : NULL;
  const char *owner_id = self->task != NULL ? cpis_task_get_owner_id (self->task) : NULL;
  CpisTaskOwnerKind owner_kind = self->task != NULL ? cpis_task_get_owner_kind (self->task)
                                                    : CPIS_TASK_OWNER_LOCAL_AUTHORITY;

  remove_children (GTK_WIDGET (self->assign_list));
  if (user == NULL)
    return;

  if (me != NULL && !(owner_kind == CPIS_TASK_OWNER_WORKER && g_strcmp0 (owner_id, me) == 0))
    {
      const char *name = cpis_user_info_get_full_name (user);
      g_autofree char *label = g_strdup_printf (_("Me (%s)"), name != NULL ? name : "");

      add_assign_row (self, CPIS_TASK_OWNER_WORKER, me, name, label);
    }

  for (guint i = 0; i < self->assignees->len; i++)
    {
      Assignee *assignee = g_ptr_array_index (self->assignees, i);

      if (assignee->kind == owner_kind && g_strcmp0 (assignee->id, owner_id) == 0)
        continue;
      if (assignee->kind == CPIS_TASK_OWNER_WORKER && g_strcmp0 (assignee->id, me) == 0)
        continue;
      add_assign_row (self, assignee->kind, assignee->id, assignee->display, assignee->display);
    }

  if (owner_kind != CPIS_TASK_OWNER_LOCAL_AUTHORITY &&
      cpis_user_info_get_organisation_code (user) != NULL)
    {
      const char *la = cpis_user_info_get_organisation_name (user);
      g_autofree char *label = g_strdup_printf (_("Nobody: back to %s"),
                                                la != NULL ? la : _("the authority"));

      add_assign_row (self, CPIS_TASK_OWNER_LOCAL_AUTHORITY,
                      cpis_user_info_get_organisation_code (user), la, label);
    }
}

static void
assign_row_activated_cb (CpisTaskDetail *self,
                         GtkListBoxRow  *row)
{
  CpisTaskOwnerKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "owner-kind"));
  const char *id = g_object_get_data (G_OBJECT (row), "owner-id");
  const char *display = g_object_get_data (G_OBJECT (row), "owner-display");
  g_autofree char *done = NULL;
  CpisTaskUpdate update;

  if (self->task == NULL)
    return;

  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->assign_button));
  cpis_task_update_init (&update, self->task);
  update.owner_kind = kind;
  update.owner_id = id;
  update.owner_display = display;
  done = g_strdup_printf (_("Assigned to %s."), display != NULL ? display : id);
  send_update (self, &update, done);
}

static void
assign_popover_shown_cb (CpisTaskDetail *self)
{
  fill_assign_list (self);
}

/* The widget ---------------------------------------------------------------- */

static void
cpis_task_detail_dispose (GObject *object)
{
  CpisTaskDetail *self = CPIS_TASK_DETAIL (object);

  g_cancellable_cancel (self->update_cancellable);
  g_clear_object (&self->update_cancellable);
  if (self->banner != NULL)
    clear_child (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CPIS_TYPE_TASK_DETAIL);
  g_clear_object (&self->task);
  g_clear_object (&self->session);
  g_clear_pointer (&self->assignees, g_ptr_array_unref);

  G_OBJECT_CLASS (cpis_task_detail_parent_class)->dispose (object);
}

static void
cpis_task_detail_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CpisTaskDetail *self = CPIS_TASK_DETAIL (object);

  switch (prop_id)
    {
    case PROP_TASK:
      g_value_set_object (value, self->task);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_task_detail_class_init (CpisTaskDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_task_detail_dispose;
  object_class->get_property = cpis_task_detail_get_property;

  properties[PROP_TASK] = g_param_spec_object ("task", NULL, NULL, CPIS_TYPE_TASK,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TASK_CHANGED] = g_signal_new ("task-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        CPIS_TYPE_TASK);
  signals[REPLACE_PLAN] = g_signal_new ("replace-plan", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                        CPIS_TYPE_PLAN, G_TYPE_STRING);

  g_type_ensure (CPIS_TYPE_PATIENT_BANNER);
  g_type_ensure (CPIS_TYPE_ACCESS_TIMELINE);
  g_type_ensure (CPIS_TYPE_ACCESS_HISTORY_LIST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-task-detail.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CpisTaskDetail, name)
  BIND (page_box);
  BIND (scroller);
  BIND (message_box);
  BIND (message_icon);
  BIND (message_label);
  BIND (title_label);
  BIND (summary_label);
  BIND (status_label);
  BIND (owner_label);
  BIND (actions_box);
  BIND (accept_button);
  BIND (replace_button);
  BIND (start_button);
  BIND (assign_button);
  BIND (assign_list);
  BIND (cancel_button);
  BIND (cancel_popover);
  BIND (cancel_reason_entry);
  BIND (cancel_confirm_button);
  BIND (record_group);
  BIND (outcome_row);
  BIND (outcome_list);
  BIND (note_heading);
  BIND (note_frame);
  BIND (note_view);
  BIND (record_buttons);
  BIND (save_button);
  BIND (complete_button);
  BIND (notes_heading);
  BIND (notes_list);
  BIND (banner);
  BIND (child_state_box);
  BIND (child_spinner);
  BIND (child_state_label);
  BIND (child_retry_button);
  BIND (alerts_box);
  BIND (history_box);
  BIND (history_caption);
  BIND (timeline);
  BIND (history_list);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, accept_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, replace_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, assign_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_confirm_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_reason_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, complete_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, child_retry_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cpis_task_detail_init (CpisTaskDetail *self)
{
  GtkWidget *popover;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* the buttons take the focus, not the flow box's cells around them (one
   * Tab stop each, not two) */
  for (GtkWidget *child = gtk_widget_get_first_child (self->actions_box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  self->assignees = g_ptr_array_new_with_free_func ((GDestroyNotify) assignee_free);

  gtk_string_list_append (self->outcome_list, _("None yet"));
  for (guint i = 0; i < G_N_ELEMENTS (offered_outcomes); i++)
    gtk_string_list_append (self->outcome_list, _cpis_task_outcome_words (offered_outcomes[i]));
  g_signal_connect_swapped (self->outcome_row, "notify::selected",
                            G_CALLBACK (outcome_selected_cb), self);

  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->assign_button)));
  g_signal_connect_swapped (popover, "show", G_CALLBACK (assign_popover_shown_cb), self);

  gtk_widget_set_visible (self->message_box, FALSE);
  clear_child (self);
  update_sensitivity (self);
}

GtkWidget *
cpis_task_detail_new (void)
{
  return g_object_new (CPIS_TYPE_TASK_DETAIL, NULL);
}

void
cpis_task_detail_set_session (CpisTaskDetail *self,
                              CpisSession    *session)
{
  g_return_if_fail (CPIS_IS_TASK_DETAIL (self));
  g_return_if_fail (session == NULL || CPIS_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    cpis_task_detail_reset (self);
}

void
cpis_task_detail_show (CpisTaskDetail *self,
                       CpisTask       *task)
{
  gboolean same;

  g_return_if_fail (CPIS_IS_TASK_DETAIL (self));
  g_return_if_fail (task == NULL || CPIS_IS_TASK (task));

  if (task == NULL)
    {
      cpis_task_detail_reset (self);
      return;
    }

  same = self->task != NULL && g_strcmp0 (cpis_task_get_id (self->task), cpis_task_get_id (task)) == 0;
  if (same)
    {
      g_autofree char *text = NULL;
      CpisUserInfo *user = user_of (self);
      const char *me = user != NULL ? cpis_user_info_get_practitioner_role_id (user) : NULL;
      const char *by = cpis_task_get_modified_by_display (task);

      /* an answer that arrives late does not undo a change */
      if (cpis_task_get_last_modified (task) < cpis_task_get_last_modified (self->task) ||
          g_strcmp0 (cpis_task_get_version (task), cpis_task_get_version (self->task)) == 0)
        return;

      g_set_object (&self->task, task);
      show_task (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
      if (g_strcmp0 (cpis_task_get_modified_by_id (task), me) != 0 && !self->busy)
        {
          text = g_strdup_printf (_("%s changed this notification just now: what is shown is "
                                    "their version. What you typed is kept."),
                                  by != NULL ? by : _("Someone else"));
          show_message (self, MESSAGE_WARNING, text);
        }
      return;
    }

  /* another notification: nothing typed for the last one carries over */
  g_cancellable_cancel (self->update_cancellable);
  g_clear_object (&self->update_cancellable);
  self->busy = FALSE;
  self->outcome_touched = FALSE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->cancel_reason_entry), "");
  show_message (self, MESSAGE_INFO, NULL);

  g_set_object (&self->task, task);
  show_task (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  read_child (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

CpisTask *
cpis_task_detail_get_task (CpisTaskDetail *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_DETAIL (self), NULL);

  return self->task;
}

gboolean
cpis_task_detail_get_busy (CpisTaskDetail *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_DETAIL (self), FALSE);

  return self->busy;
}

void
cpis_task_detail_clear_assignees (CpisTaskDetail *self)
{
  g_return_if_fail (CPIS_IS_TASK_DETAIL (self));

  g_ptr_array_set_size (self->assignees, 0);
}

void
cpis_task_detail_add_assignee (CpisTaskDetail    *self,
                               CpisTaskOwnerKind  kind,
                               const char        *id,
                               const char        *display)
{
  Assignee *assignee;

  g_return_if_fail (CPIS_IS_TASK_DETAIL (self));
  g_return_if_fail (id != NULL);

  assignee = g_new0 (Assignee, 1);
  assignee->kind = kind;
  assignee->id = g_strdup (id);
  assignee->display = g_strdup (display != NULL ? display : id);
  g_ptr_array_add (self->assignees, assignee);
}

void
cpis_task_detail_reset (CpisTaskDetail *self)
{
  g_return_if_fail (CPIS_IS_TASK_DETAIL (self));

  g_cancellable_cancel (self->update_cancellable);
  g_clear_object (&self->update_cancellable);
  clear_child (self);
  g_clear_object (&self->task);
  self->busy = FALSE;
  self->outcome_touched = FALSE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->cancel_reason_entry), "");
  show_message (self, MESSAGE_INFO, NULL);
  gtk_label_set_text (self->title_label, "");
  gtk_label_set_text (self->summary_label, "");
  gtk_label_set_text (self->status_label, "");
  gtk_label_set_text (self->owner_label, "");
  remove_children (GTK_WIDGET (self->notes_list));
  remove_children (GTK_WIDGET (self->assign_list));
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
}

void
cpis_task_detail_focus (CpisTaskDetail *self)
{
  g_return_if_fail (CPIS_IS_TASK_DETAIL (self));

  if (gtk_widget_get_visible (self->accept_button) && gtk_widget_is_sensitive (self->accept_button))
    gtk_widget_grab_focus (self->accept_button);
  else if (gtk_widget_get_visible (self->note_frame))
    gtk_widget_grab_focus (GTK_WIDGET (self->note_view));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->title_label));
}
