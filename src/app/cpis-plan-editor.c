/* cpis-plan-editor.c: add, change or end one of the authority's plans */

#include <glib/gi18n.h>
#include <string.h>

#include "cpis-plan-editor.h"

#include "cpis-date.h"
#include "cpis-hub-client.h"
#include "cpis-nhs-number.h"
#include "cpis-plan-upload.h"

/* The longest name the form sends: well past any real one */
#define MAX_NAME_LENGTH 100

static const CpisPlanType plan_types[] = {
  CPIS_PLAN_TYPE_CPP,
  CPIS_PLAN_TYPE_LAC,
  CPIS_PLAN_TYPE_UCPP,
};

struct _CpisPlanEditor
{
  AdwWindow       parent_instance;

  CpisSession    *session;
  CpisPlan       *plan;          /* the one changed, or NULL */
  GCancellable   *cancellable;   /* while uploading */

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget      *cancel_button;
  GtkWidget      *save_button;
  GtkLabel       *message_label;
  AdwEntryRow    *nhs_number_row;
  AdwEntryRow    *family_row;
  AdwEntryRow    *given_row;
  AdwEntryRow    *birth_row;
  AdwComboRow    *type_row;
  AdwEntryRow    *start_row;
  AdwEntryRow    *due_row;
  AdwEntryRow    *end_row;
  GtkLabel       *problem_label;
  GtkWidget      *end_today_button;
};

G_DEFINE_FINAL_TYPE (CpisPlanEditor, cpis_plan_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Checking as typed ---------------------------------------------------------- */

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static CpisPlanType
chosen_type (CpisPlanEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->type_row);

  return selected < G_N_ELEMENTS (plan_types) ? plan_types[selected] : CPIS_PLAN_TYPE_CPP;
}

/* Marks @row as wrong, or not */
static void
mark (AdwEntryRow *row,
      gboolean     wrong)
{
  if (wrong)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                               wrong ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* A date field: what is wrong with it, or NULL. @date is set when it reads. */
static char *
check_date (AdwEntryRow *row,
            const char  *what,
            gboolean     required,
            GDate       *date)
{
  const char *text = text_of (row);

  g_date_clear (date, 1);
  if (is_blank (text))
    {
      mark (row, FALSE);
      /* Translators: %s is a field, e.g. "the start date" */
      return required ? g_strdup_printf (_("Give %s."), what) : NULL;
    }
  if (!cpis_date_parse_typed (text, date))
    {
      g_autofree char *first = g_utf8_substring (what, 0, 1);
      g_autofree char *upper = g_utf8_strup (first, -1);
      g_auto(GStrv) parts = g_regex_split_simple ("[/.\\- ]+", g_strstrip (g_strdup (text)), 0, 0);
      guint64 day = 0, month = 0, year = 0;
      gboolean numbers = g_strv_length (parts) == 3 &&
                         g_ascii_string_to_unsigned (parts[0], 10, 0, 99, &day, NULL) &&
                         g_ascii_string_to_unsigned (parts[1], 10, 0, 99, &month, NULL) &&
                         g_ascii_string_to_unsigned (parts[2], 10, 0, 9999, &year, NULL);

      mark (row, TRUE);
      /* day, month and year given, but the year short: say so, rather than
       * guess the century of a child's birth */
      if (numbers && strlen (parts[2]) <= 2)
        /* Translators: "%s%s" is a field with its first letter in capitals */
        return g_strdup_printf (_("%s%s: write the year in full, for example 2016 rather than "
                                  "16."),
                                upper, g_utf8_offset_to_pointer (what, 1));
      if (numbers && strlen (parts[2]) == 4)
        return g_strdup_printf (_("%s%s is not a date that exists: check the day and the month "
                                  "(day first, for example 1/4/2016 for 1 April 2016)."),
                                upper, g_utf8_offset_to_pointer (what, 1));
      /* Translators: "%s%s" is a field with its first letter in capitals, e.g. "The start date" */
      return g_strdup_printf (_("%s%s is not a whole date: give the day, month and year, for "
                                "example 1/4/2016."),
                              upper, g_utf8_offset_to_pointer (what, 1));
    }
  mark (row, FALSE);
  return NULL;
}

/* Everything the form holds checked, in the order of the fields; returns the
 * first problem, or NULL when the record can be sent */
static char *
check_form (CpisPlanEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *problem = NULL;
  guint n_problems = 0;
  CpisPlanType type = chosen_type (self);
  GDate today, birth, start, due, end;

  cpis_date_today_uk (&today);

  /* the first problem in words; the others counted (each field is marked) */
#define FIRST(expr) \
  G_STMT_START \
  { \
    char *found_ = (expr); \
    if (found_ != NULL) \
      n_problems++; \
    if (problem == NULL) \
      problem = found_; \
    else \
      g_free (found_); \
  } \
  G_STMT_END

  /* the NHS number */
  if (is_blank (text_of (self->nhs_number_row)))
    {
      mark (self->nhs_number_row, FALSE);
      FIRST (g_strdup (_("Give the child’s NHS number.")));
    }
  else if ((digits = cpis_nhs_number_parse (text_of (self->nhs_number_row), &error)) == NULL)
    {
      mark (self->nhs_number_row, TRUE);
      FIRST (g_strdup (error->message));
    }
  else
    mark (self->nhs_number_row, FALSE);

  /* the names */
  mark (self->family_row, g_utf8_strlen (text_of (self->family_row), -1) > MAX_NAME_LENGTH);
  if (is_blank (text_of (self->family_row)))
    FIRST (g_strdup (_("Give the family name, as the demographics service records it.")));
  else if (g_utf8_strlen (text_of (self->family_row), -1) > MAX_NAME_LENGTH)
    FIRST (g_strdup_printf (_("The family name is longer than %d characters."), MAX_NAME_LENGTH));
  mark (self->given_row, g_utf8_strlen (text_of (self->given_row), -1) > MAX_NAME_LENGTH);
  if (is_blank (text_of (self->given_row)))
    FIRST (g_strdup (_("Give the given name, as the demographics service records it.")));
  else if (g_utf8_strlen (text_of (self->given_row), -1) > MAX_NAME_LENGTH)
    FIRST (g_strdup_printf (_("The given name is longer than %d characters."), MAX_NAME_LENGTH));

  /* the dates */
  FIRST (check_date (self->birth_row, type == CPIS_PLAN_TYPE_UCPP ? _("the mother’s date of birth") : _("the date of birth"),
                     TRUE, &birth));
  if (g_date_valid (&birth) && g_date_compare (&birth, &today) > 0)
    {
      mark (self->birth_row, TRUE);
      FIRST (g_strdup (_("The date of birth is in the future.")));
    }

  FIRST (check_date (self->start_row, _("the start date"), TRUE, &start));
  if (g_date_valid (&start) && g_date_compare (&start, &today) > 0)
    {
      mark (self->start_row, TRUE);
      FIRST (g_strdup (_("The start date is in the future: upload a plan once it has started.")));
    }
  else if (g_date_valid (&start) && g_date_valid (&birth) && g_date_compare (&start, &birth) < 0)
    {
      mark (self->start_row, TRUE);
      FIRST (g_strdup (_("The plan starts before the date of birth.")));
    }

  if (type == CPIS_PLAN_TYPE_UCPP)
    FIRST (check_date (self->due_row, _("the expected date of delivery"), TRUE, &due));

  FIRST (check_date (self->end_row, _("the end date"), FALSE, &end));
  if (g_date_valid (&end) && g_date_compare (&end, &today) > 0)
    {
      mark (self->end_row, TRUE);
      FIRST (g_strdup (_("The end date is in the future: end the plan on the day it ends.")));
    }
  else if (g_date_valid (&end) && g_date_valid (&start) && g_date_compare (&end, &start) < 0)
    {
      mark (self->end_row, TRUE);
      FIRST (g_strdup (_("The plan ends before it starts.")));
    }
#undef FIRST

  /* not one problem at a time: how many more there are, marked where they are */
  if (n_problems > 1)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("One more field needs correcting: it is marked.",
                                                         "%u more fields need correcting: they are marked.",
                                                         n_problems - 1),
                                               n_problems - 1);
      char *both = g_strdup_printf ("%s %s", problem, more);

      g_free (problem);
      problem = both;
    }

  return g_steal_pointer (&problem);
}

static void
field_changed_cb (CpisPlanEditor *self)
{
  g_autofree char *problem = NULL;
  gboolean unborn = chosen_type (self) == CPIS_PLAN_TYPE_UCPP;

  /* an expected date of delivery belongs to an unborn child's plan only */
  gtk_widget_set_visible (GTK_WIDGET (self->due_row), unborn);

  problem = check_form (self);
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  gtk_widget_set_sensitive (self->save_button, problem == NULL && self->cancellable == NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->save_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  problem != NULL ? problem : "", -1);
}

/* Sending -------------------------------------------------------------------- */

static void
show_message (CpisPlanEditor *self,
              const char     *message,
              const char     *style)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "warning");
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), style);
}

static void
set_busy (CpisPlanEditor *self,
          gboolean        busy)
{
  AdwEntryRow *rows[] = { self->nhs_number_row, self->family_row, self->given_row,
                          self->birth_row, self->start_row, self->due_row, self->end_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_sensitive (GTK_WIDGET (rows[i]), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_row), !busy && self->plan == NULL);
  gtk_widget_set_sensitive (self->end_today_button, !busy);
  if (!busy)
    g_clear_object (&self->cancellable);
  field_changed_cb (self);
}

/* The typed date as FHIR writes it, or NULL when empty */
static char *
date_of (AdwEntryRow *row)
{
  GDate date;

  if (!cpis_date_parse_typed (text_of (row), &date))
    return NULL;
  return cpis_date_to_string (&date);
}

static CpisPlanRecord *
record_from_form (CpisPlanEditor *self)
{
  CpisUserInfo *user = cpis_session_get_user (self->session);
  g_autofree char *nhs_number = cpis_nhs_number_parse (text_of (self->nhs_number_row), NULL);
  g_autofree char *family = g_strstrip (g_strdup (text_of (self->family_row)));
  g_autofree char *given = g_strstrip (g_strdup (text_of (self->given_row)));
  g_autofree char *birth = date_of (self->birth_row);
  g_autofree char *start = date_of (self->start_row);
  g_autofree char *end = date_of (self->end_row);
  g_autofree char *due = chosen_type (self) == CPIS_PLAN_TYPE_UCPP ? date_of (self->due_row) : NULL;

  return g_object_new (CPIS_TYPE_PLAN_RECORD,
                       "line", 1,
                       "nhs-number", nhs_number,
                       "family-name", family,
                       "given-name", given,
                       "birth-date", birth,
                       "plan-type", cpis_plan_type_to_short_code (chosen_type (self)),
                       "start-date", start,
                       "end-date", end,
                       "due-date", due,
                       "la-ods-code",
                       user != NULL ? cpis_user_info_get_organisation_code (user) : NULL,
                       NULL);
}

static void
uploaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CpisPlanEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisPlanUploadReport) report = NULL;
  g_autofree char *text = NULL;

  report = cpis_hub_client_upload_plans_finish (CPIS_HUB_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->session == NULL)
    return;
  set_busy (self, FALSE);

  if (error != NULL)
    {
      if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED))
        {
          /* the sign-in is asked for in the main window: this one must not block it */
          gtk_window_set_modal (GTK_WINDOW (self), FALSE);
          show_message (self, _("Your session has ended: sign in again in the main window, then "
                                "upload. What you typed is kept."),
                        "warning");
          cpis_session_expire (self->session);
          return;
        }
      /* Translators: %s says why, e.g. "The hub cannot be reached." */
      text = g_strdup_printf (_("The plan was not uploaded: %s Nothing was changed; what you "
                                "typed is kept."),
                              error->message);
      show_message (self, text, "error");
      return;
    }

  switch (cpis_plan_upload_report_get_n_rows (report) == 1
            ? cpis_plan_upload_report_get_state (report, 0)
            : CPIS_PLAN_UPLOAD_ROW_UNKNOWN)
    {
    case CPIS_PLAN_UPLOAD_ROW_UPLOADED:
      g_signal_emit (self, signals[SAVED], 0);
      gtk_window_destroy (GTK_WINDOW (self));
      return;

    case CPIS_PLAN_UPLOAD_ROW_REJECTED:
      /* Translators: the hub refused the record: "(CPR01): No person has this NHS number…" */
      text = g_strdup_printf (_("The hub did not accept the plan (%s): %s What you typed is kept."),
                              cpis_plan_upload_report_get_code (report, 0),
                              cpis_plan_upload_report_get_detail (report, 0));
      break;

    case CPIS_PLAN_UPLOAD_ROW_UNKNOWN:
    case CPIS_PLAN_UPLOAD_ROW_NOT_SENT:
    default:
      {
        const GError *stop = cpis_plan_upload_report_get_stop_error (report);

        /* it may have been stored: the list says, before anything is sent again */
        text = g_strdup_printf (_("No answer came for the plan, so it may or may not have been "
                                  "stored: %s Check the authority's plans before uploading it "
                                  "again. What you typed is kept."),
                                stop != NULL ? stop->message : "");
        g_signal_emit (self, signals[SAVED], 0);
      }
      break;
    }
  show_message (self, text, "error");
}

static void
save_clicked_cb (CpisPlanEditor *self)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *problem = check_form (self);

  if (problem != NULL || self->cancellable != NULL || !cpis_session_is_signed_in (self->session))
    return;

  records = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (records, record_from_form (self));
  self->cancellable = g_cancellable_new ();
  show_message (self, NULL, NULL);
  set_busy (self, TRUE);
  cpis_hub_client_upload_plans_async (cpis_session_get_client (self->session), records, NULL, NULL,
                                      NULL, self->cancellable, uploaded_cb, g_object_ref (self));
}

static void
cancel_clicked_cb (CpisPlanEditor *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
end_today_clicked_cb (CpisPlanEditor *self)
{
  GDate today;
  g_autofree char *text = NULL;

  cpis_date_today_uk (&today);
  text = g_strdup_printf ("%u/%u/%u", (guint) g_date_get_day (&today),
                          (guint) g_date_get_month (&today), (guint) g_date_get_year (&today));
  gtk_editable_set_text (GTK_EDITABLE (self->end_row), text);
  gtk_widget_grab_focus (self->save_button);
}

static void
session_state_changed_cb (CpisPlanEditor *self)
{
  /* signed out or locked: a child's details go with the sign-in */
  if (cpis_session_get_state (self->session) == CPIS_SESSION_SIGNED_OUT)
    gtk_window_destroy (GTK_WINDOW (self));
}

/* Filling in a plan to change ---------------------------------------------- */

static void
set_typed_date (AdwEntryRow *row,
                const char  *date)
{
  GDate parsed;
  g_autofree char *text = NULL;

  if (date == NULL || !cpis_date_parse (date, &parsed))
    return;
  text = g_strdup_printf ("%u/%u/%u", (guint) g_date_get_day (&parsed),
                          (guint) g_date_get_month (&parsed), (guint) g_date_get_year (&parsed));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* The fields of @plan, under @nhs_number */
static void
fill_fields (CpisPlanEditor *self,
             CpisPlan       *plan,
             const char     *nhs_number)
{
  g_autofree char *number = cpis_nhs_number_format (nhs_number);
  const char *name = cpis_plan_get_subject_name (plan);
  const char *space = name != NULL ? strrchr (name, ' ') : NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->nhs_number_row), number);
  /* "Alex TESTER": the hub writes the family name last, in capitals */
  if (space != NULL)
    {
      g_autofree char *given = g_strndup (name, space - name);

      gtk_editable_set_text (GTK_EDITABLE (self->given_row), given);
      gtk_editable_set_text (GTK_EDITABLE (self->family_row), space + 1);
    }
  set_typed_date (self->birth_row, cpis_plan_get_subject_birth_date (plan));
  for (guint i = 0; i < G_N_ELEMENTS (plan_types); i++)
    if (plan_types[i] == cpis_plan_get_plan_type (plan))
      adw_combo_row_set_selected (self->type_row, i);
  set_typed_date (self->start_row, cpis_plan_get_start_date (plan));
  set_typed_date (self->due_row, cpis_plan_get_due_date (plan));
  set_typed_date (self->end_row, cpis_plan_get_end_date (plan));
}

static void
fill_from_plan (CpisPlanEditor *self,
                CpisPlan       *plan)
{
  g_autofree char *number = cpis_nhs_number_format (cpis_plan_get_nhs_number (plan));

  fill_fields (self, plan, cpis_plan_get_nhs_number (plan));

  /* which plan it is: the number, the type and the start */
  gtk_editable_set_editable (GTK_EDITABLE (self->nhs_number_row), FALSE);
  gtk_editable_set_editable (GTK_EDITABLE (self->start_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_row), FALSE);
  gtk_widget_set_visible (self->end_today_button, cpis_plan_get_end_date (plan) == NULL);

  adw_window_title_set_title (self->window_title, _("Change a Plan"));
  adw_window_title_set_subtitle (self->window_title, number);
  gtk_window_set_title (GTK_WINDOW (self), _("Change a Plan"));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->end_row));
}

/* The widget --------------------------------------------------------------- */

static void
cpis_plan_editor_dispose (GObject *object)
{
  CpisPlanEditor *self = CPIS_PLAN_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->plan);

  G_OBJECT_CLASS (cpis_plan_editor_parent_class)->dispose (object);
}

static void
cpis_plan_editor_class_init (CpisPlanEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_plan_editor_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-plan-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CpisPlanEditor, name)
  BIND (window_title);
  BIND (cancel_button);
  BIND (save_button);
  BIND (message_label);
  BIND (nhs_number_row);
  BIND (family_row);
  BIND (given_row);
  BIND (birth_row);
  BIND (type_row);
  BIND (start_row);
  BIND (due_row);
  BIND (end_row);
  BIND (problem_label);
  BIND (end_today_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, end_today_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cpis_plan_editor_init (CpisPlanEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  adw_window_title_set_title (self->window_title, _("Add a Plan"));
  gtk_window_set_title (GTK_WINDOW (self), _("Add a Plan"));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->nhs_number_row));
}

CpisPlanEditor *
cpis_plan_editor_new (CpisSession *session,
                      CpisPlan    *plan)
{
  CpisPlanEditor *self;

  g_return_val_if_fail (CPIS_IS_SESSION (session), NULL);
  g_return_val_if_fail (plan == NULL || CPIS_IS_PLAN (plan), NULL);

  self = g_object_new (CPIS_TYPE_PLAN_EDITOR, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (plan != NULL)
    {
      self->plan = g_object_ref (plan);
      fill_from_plan (self, plan);
    }
  field_changed_cb (self);
  return self;
}

gboolean
cpis_plan_editor_get_busy (CpisPlanEditor *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_EDITOR (self), FALSE);

  return self->cancellable != NULL;
}

void
cpis_plan_editor_prefill (CpisPlanEditor *self,
                          const char     *nhs_number,
                          const char     *family_name,
                          const char     *given_name,
                          const char     *birth_date,
                          const char     *plan_type,
                          const char     *start_date,
                          const char     *end_date,
                          const char     *due_date)
{
  CpisPlanType type = cpis_plan_type_from_short_code (plan_type);

  g_return_if_fail (CPIS_IS_PLAN_EDITOR (self));
  g_return_if_fail (self->plan == NULL);

  if (nhs_number != NULL)
    {
      g_autofree char *number = cpis_nhs_number_format (nhs_number);

      gtk_editable_set_text (GTK_EDITABLE (self->nhs_number_row), number);
    }
  if (family_name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->family_row), family_name);
  if (given_name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->given_row), given_name);
  set_typed_date (self->birth_row, birth_date);
  for (guint i = 0; i < G_N_ELEMENTS (plan_types); i++)
    if (plan_types[i] == type)
      adw_combo_row_set_selected (self->type_row, i);
  set_typed_date (self->start_row, start_date);
  set_typed_date (self->end_row, end_date);
  set_typed_date (self->due_row, due_date);
  field_changed_cb (self);
}

void
cpis_plan_editor_prefill_from_plan (CpisPlanEditor *self,
                                    CpisPlan       *plan,
                                    const char     *nhs_number)
{
  g_return_if_fail (CPIS_IS_PLAN_EDITOR (self));
  g_return_if_fail (CPIS_IS_PLAN (plan));
  g_return_if_fail (nhs_number != NULL);
  g_return_if_fail (self->plan == NULL);

  fill_fields (self, plan, nhs_number);
  field_changed_cb (self);
}

void
cpis_plan_editor_set_notice (CpisPlanEditor *self,
                             const char     *notice)
{
  g_return_if_fail (CPIS_IS_PLAN_EDITOR (self));

  show_message (self, notice, notice != NULL ? "warning" : NULL);
}
