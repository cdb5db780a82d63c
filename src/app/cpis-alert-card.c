/* cpis-alert-card.c: one plan, unmistakable (colour and icon, never colour alone)
 *
 * An active plan: a coloured frame and header with an icon and the plan type
 * in words, then the responsible local authority's numbers with copy buttons
 * (what the nurse acts on comes first), then the dates. An ended plan (shown
 * for 365 days after its end) is muted and collapsed to one line, "Ended 3
 * March 2026: Child protection plan, Northgate Council", that expands: it
 * must never look like the plan to act on. The card's accessible label and
 * description say the whole alert in words.
 */
#include "cpis-alert-card.h"

#include <glib/gi18n.h>

#include "cpis-clinician-strings-private.h"
#include "cpis-date.h"

#define COPY_FEEDBACK_SECONDS 4

struct _CpisAlertCard
{
  GtkWidget  parent_instance;

  CpisPlan  *plan;
  GDate      today;
  guint      feedback_id;

  gboolean   ended;

  GtkWidget *header;
  GtkToggleButton *ended_button;
  GtkImage  *ended_arrow;
  GtkLabel  *ended_summary_label;
  GtkRevealer *revealer;
  GtkWidget *past_due_box;
  GtkLabel  *past_due_label;
  GtkImage  *icon;
  GtkLabel  *title_label;
  GtkLabel  *badge_label;
  GtkWidget *body;
  GtkLabel  *status_label;
  GtkLabel  *start_label;
  GtkLabel  *unborn_label;
  GtkLabel  *due_label;
  GtkLabel  *display_label;
  GtkLabel  *la_label;
  GtkLabel  *office_label;
  GtkLabel  *emergency_label;
  GtkButton *copy_office_button;
  GtkButton *copy_emergency_button;
  GtkLabel  *copy_feedback_label;
};

G_DEFINE_FINAL_TYPE (CpisAlertCard, cpis_alert_card, GTK_TYPE_WIDGET)

/* "2 January 2025", or the text as received when it is not a date */
static char *
format_date (const char *text)
{
  char *formatted = cpis_date_format_uk (text);

  return formatted != NULL ? formatted : g_strdup (text);
}

static char *
plan_title (CpisPlan *plan)
{
  CpisPlanType type = cpis_plan_get_plan_type (plan);

  if (type == CPIS_PLAN_TYPE_UNRECOGNISED)
    {
      const char *code = cpis_plan_get_plan_code (plan);

      return g_strdup_printf (_(CPIS_TEXT_UNRECOGNISED_PLAN_FMT),
                              code != NULL && *code != '\0' ? code : _("none given"));
    }

  return g_strdup (_(cpis_plan_type_to_label (type)));
}

/* "Active", "Active — ends 3 April 2026", "Ended 12 March 2025 — 40 days ago" */
static char *
plan_status (CpisPlan    *plan,
             const GDate *today,
             gboolean    *ended)
{
  const char *end_text = cpis_plan_get_end_date (plan);
  g_autofree char *end = NULL;
  GDate end_date;
  int days;

  *ended = FALSE;

  if (end_text == NULL || *end_text == '\0')
    return g_strdup (_(CPIS_TEXT_PLAN_ACTIVE));

  end = format_date (end_text);

  if (!cpis_date_parse (end_text, &end_date) || !g_date_valid (today))
    {
      *ended = TRUE;
      return g_strdup_printf (_("Ended %s"), end);
    }

  days = cpis_date_days_between (&end_date, today);

  if (days < 0)
    return g_strdup_printf (_("Active — ends %s"), end);

  *ended = TRUE;

  if (days == 0)
    return g_strdup_printf (_("Ended %s — today"), end);

  if (days == 1)
    return g_strdup_printf (_("Ended %s — yesterday"), end);

  return g_strdup_printf (ngettext ("Ended %s — %d day ago",
                                    "Ended %s — %d days ago", days),
                          end, days);
}

static const char *
type_css_class (CpisPlanType type)
{
  switch (type)
    {
    case CPIS_PLAN_TYPE_CPP:
      return "cpp";
    case CPIS_PLAN_TYPE_LAC:
      return "lac";
    case CPIS_PLAN_TYPE_UCPP:
      return "ucpp";
    case CPIS_PLAN_TYPE_UNRECOGNISED:
    default:
      return "unrecognised";
    }
}

static const char *
type_icon_name (CpisPlanType type)
{
  switch (type)
    {
    case CPIS_PLAN_TYPE_LAC:
      return "security-high-symbolic";
    case CPIS_PLAN_TYPE_CPP:
    case CPIS_PLAN_TYPE_UCPP:
    case CPIS_PLAN_TYPE_UNRECOGNISED:
    default:
      return "dialog-warning-symbolic";
    }
}

static void
set_number (GtkLabel   *label,
            GtkButton  *button,
            const char *number)
{
  gboolean known = number != NULL && *number != '\0';

  gtk_label_set_text (label, known ? number : _("Not given"));
  gtk_label_set_selectable (label, known);
  gtk_widget_set_sensitive (GTK_WIDGET (button), known);
  if (known)
    gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
}

static void
reset_feedback (CpisAlertCard *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->copy_feedback_label), FALSE);
  gtk_button_set_icon_name (self->copy_office_button, "edit-copy-symbolic");
  gtk_button_set_icon_name (self->copy_emergency_button, "edit-copy-symbolic");
}

static gboolean
hide_feedback_cb (gpointer user_data)
{
  CpisAlertCard *self = user_data;

  self->feedback_id = 0;
  reset_feedback (self);

  return G_SOURCE_REMOVE;
}

static void
copy_number (CpisAlertCard *self,
             GtkButton     *button,
             const char    *number,
             const char    *feedback)
{
  if (number == NULL || *number == '\0')
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), number);

  /* one timer at a time: a second copy restarts it (dispose removes it) */
  g_clear_handle_id (&self->feedback_id, g_source_remove);
  reset_feedback (self);
  gtk_button_set_icon_name (button, "object-select-symbolic");
  gtk_label_set_text (self->copy_feedback_label, feedback);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_feedback_label), TRUE);

  self->feedback_id = g_timeout_add_seconds (COPY_FEEDBACK_SECONDS, hide_feedback_cb, self);
}

static void
copy_office_clicked_cb (CpisAlertCard *self)
{
  g_autofree char *feedback =
    g_strdup_printf (_("Office hours number %s copied."),
                     cpis_plan_get_phone_office (self->plan));

  copy_number (self, self->copy_office_button,
               cpis_plan_get_phone_office (self->plan), feedback);
}

static void
copy_emergency_clicked_cb (CpisAlertCard *self)
{
  g_autofree char *feedback =
    g_strdup_printf (_("Emergency duty number %s copied."),
                     cpis_plan_get_phone_emergency (self->plan));

  copy_number (self, self->copy_emergency_button,
               cpis_plan_get_phone_emergency (self->plan), feedback);
}

/* "Copy Northgate Council's emergency number": which council, in the name */
static void
name_copy_buttons (CpisAlertCard *self,
                   const char    *la_name)
{
  g_autofree char *office = NULL;
  g_autofree char *emergency = NULL;

  if (la_name != NULL && *la_name != '\0')
    {
      /* Translators: %s is a council, e.g. "Copy Northgate Council’s office hours number" */
      office = g_strdup_printf (_("Copy %s’s office hours number"), la_name);
      /* Translators: %s is a council, e.g. "Copy Northgate Council’s emergency number" */
      emergency = g_strdup_printf (_("Copy %s’s emergency number"), la_name);
    }
  else
    {
      office = g_strdup (_(CPIS_TEXT_COPY_OFFICE));
      emergency = g_strdup (_(CPIS_TEXT_COPY_EMERGENCY));
    }

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_office_button), office);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_office_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, office, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_emergency_button), emergency);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_emergency_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, emergency, -1);
}

static void
set_expanded (CpisAlertCard *self,
              gboolean       expanded)
{
  gtk_revealer_set_reveal_child (self->revealer, expanded);
  gtk_image_set_from_icon_name (self->ended_arrow,
                                expanded ? "pan-down-symbolic" : "pan-end-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->ended_button),
                               GTK_ACCESSIBLE_STATE_EXPANDED, expanded,
                               -1);
}

static void
ended_toggled_cb (CpisAlertCard *self)
{
  set_expanded (self, gtk_toggle_button_get_active (self->ended_button));
}

static void
populate (CpisAlertCard *self)
{
  CpisPlan *plan = self->plan;
  CpisPlanType type = cpis_plan_get_plan_type (plan);
  const char *la_name = cpis_plan_get_la_name (plan);
  const char *office = cpis_plan_get_phone_office (plan);
  const char *emergency = cpis_plan_get_phone_emergency (plan);
  g_autofree char *title = plan_title (plan);
  g_autofree char *status = NULL;
  g_autofree char *start = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  gboolean ended = FALSE;

  gtk_widget_add_css_class (GTK_WIDGET (self), type_css_class (type));
  gtk_image_set_from_icon_name (self->icon, type_icon_name (type));
  gtk_label_set_text (self->title_label, title);
  g_string_append_printf (description, "%s. ", title);

  status = plan_status (plan, &self->today, &ended);
  self->ended = ended;
  gtk_label_set_text (self->status_label, status);
  /* a plain "Active" is already in the header's badge */
  gtk_widget_set_visible (GTK_WIDGET (self->status_label),
                          g_strcmp0 (status, _(CPIS_TEXT_PLAN_ACTIVE)) != 0);
  gtk_label_set_text (self->badge_label, ended ? _("Ended") : _("Active"));
  gtk_widget_add_css_class (GTK_WIDGET (self), ended ? "ended" : "active");
  g_string_append_printf (description, "%s. ", status);

  if (cpis_plan_get_start_date (plan) != NULL)
    {
      g_autofree char *date = format_date (cpis_plan_get_start_date (plan));

      start = g_strdup_printf (_("Started %s"), date);
    }
  else
    {
      start = g_strdup (_("Start date not given"));
    }
  gtk_label_set_text (self->start_label, start);
  g_string_append_printf (description, "%s. ", start);

  if (type == CPIS_PLAN_TYPE_UCPP)
    {
      gtk_label_set_text (self->unborn_label, _(CPIS_TEXT_UNBORN_CHILD));
      gtk_widget_set_visible (GTK_WIDGET (self->unborn_label), TRUE);
      g_string_append_printf (description, "%s. ", _(CPIS_TEXT_UNBORN_CHILD));

      if (cpis_plan_get_due_date (plan) != NULL)
        {
          g_autofree char *date = format_date (cpis_plan_get_due_date (plan));
          g_autofree char *due = g_strdup_printf (_("Due date %s"), date);

          gtk_label_set_text (self->due_label, due);
          gtk_widget_set_visible (GTK_WIDGET (self->due_label), TRUE);
          g_string_append_printf (description, "%s. ", due);

          /* shown until due + 28 days: by then the baby may have been born,
           * and is checked under their own NHS number */
          if (g_date_valid (&self->today) && cpis_plan_is_past_due (plan, &self->today))
            {
              g_autofree char *past_due = g_strdup_printf (_(CPIS_TEXT_PAST_DUE_FMT), date);

              gtk_label_set_text (self->past_due_label, past_due);
              gtk_widget_set_visible (self->past_due_box, TRUE);
              g_string_append_printf (description, "%s ", past_due);
            }
        }
    }

  if (type == CPIS_PLAN_TYPE_UNRECOGNISED && cpis_plan_get_plan_display (plan) != NULL)
    {
      g_autofree char *display =
        g_strdup_printf (_("The hub describes it as “%s”. Contact the local authority to understand it."),
                         cpis_plan_get_plan_display (plan));

      gtk_label_set_text (self->display_label, display);
      gtk_widget_set_visible (GTK_WIDGET (self->display_label), TRUE);
      g_string_append_printf (description, "%s ", display);
    }

  gtk_label_set_text (self->la_label, la_name != NULL ? la_name : _("Not given"));
  set_number (self->office_label, self->copy_office_button, office);
  set_number (self->emergency_label, self->copy_emergency_button, emergency);
  name_copy_buttons (self, la_name);

  /* an ended plan: one muted line that expands, never the first thing to act on */
  if (ended)
    {
      g_autofree char *summary = NULL;

      /* Translators: "Ended 3 March 2026 — 40 days ago: Child protection plan, Northgate Council" */
      summary = g_strdup_printf (_("%s: %s, %s"), status, title,
                                 la_name != NULL ? la_name : _("local authority not given"));
      gtk_label_set_text (self->ended_summary_label, summary);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->ended_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("An ended plan. Press to show its details."),
                                      -1);
      gtk_widget_set_visible (self->header, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->ended_button), TRUE);
      set_expanded (self, FALSE);
    }

  g_string_append_printf (description, _("Responsible local authority: %s. "),
                          la_name != NULL ? la_name : _("not given"));
  g_string_append_printf (description, _("Office hours: %s. "),
                          office != NULL ? office : _("not given"));
  g_string_append_printf (description, _("Emergency duty team, out of hours: %s."),
                          emergency != NULL ? emergency : _("not given"));

  label = ended ? g_strdup_printf (_("Ended CP-IS plan: %s"), title)
                : g_strdup_printf (_("CP-IS alert: %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}

static void
cpis_alert_card_dispose (GObject *object)
{
  CpisAlertCard *self = CPIS_ALERT_CARD (object);

  g_clear_handle_id (&self->feedback_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), CPIS_TYPE_ALERT_CARD);
  g_clear_object (&self->plan);

  G_OBJECT_CLASS (cpis_alert_card_parent_class)->dispose (object);
}

static void
cpis_alert_card_class_init (CpisAlertCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_alert_card_dispose;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "cpis-alert-card");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-alert-card.ui");
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, header);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, ended_button);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, ended_arrow);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, ended_summary_label);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, revealer);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, past_due_box);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, past_due_label);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, icon);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, badge_label);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, body);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, start_label);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, unborn_label);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, due_label);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, display_label);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, la_label);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, office_label);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, emergency_label);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, copy_office_button);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, copy_emergency_button);
  gtk_widget_class_bind_template_child (widget_class, CpisAlertCard, copy_feedback_label);
  gtk_widget_class_bind_template_callback (widget_class, copy_office_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_emergency_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ended_toggled_cb);
}

static void
cpis_alert_card_init (CpisAlertCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_date_clear (&self->today, 1);
}

GtkWidget *
cpis_alert_card_new (CpisPlan    *plan,
                     const GDate *today)
{
  CpisAlertCard *self;

  g_return_val_if_fail (CPIS_IS_PLAN (plan), NULL);
  g_return_val_if_fail (today == NULL || g_date_valid (today), NULL);

  self = g_object_new (CPIS_TYPE_ALERT_CARD, NULL);
  self->plan = g_object_ref (plan);
  if (today != NULL)
    self->today = *today;
  else
    cpis_date_today_uk (&self->today);

  populate (self);

  return GTK_WIDGET (self);
}

gboolean
cpis_alert_card_get_ended (CpisAlertCard *self)
{
  g_return_val_if_fail (CPIS_IS_ALERT_CARD (self), FALSE);

  return self->ended;
}

gboolean
cpis_alert_card_get_expanded (CpisAlertCard *self)
{
  g_return_val_if_fail (CPIS_IS_ALERT_CARD (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

void
cpis_alert_card_set_expanded (CpisAlertCard *self,
                              gboolean       expanded)
{
  g_return_if_fail (CPIS_IS_ALERT_CARD (self));

  /* an active plan is always open */
  if (!self->ended)
    return;

  gtk_toggle_button_set_active (self->ended_button, expanded);
}
