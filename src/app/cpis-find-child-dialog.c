/* cpis-find-child-dialog.c: find a child without their NHS number
 *
 * The search is exact: a partial name or date is refused with the reason,
 * before anything is sent. A search in flight is cancelled when the dialog
 * closes or a new search starts; an answer to an old search is never shown.
 */
#include "cpis-find-child-dialog.h"

#include <glib/gi18n.h>

#include "cpis-date.h"
#include "cpis-nhs-number.h"
#include "cpis-patient-banner.h"

struct _CpisFindChildDialog
{
  AdwWindow      parent_instance;

  CpisHubClient *client;
  GCancellable  *cancellable;
  char          *match_nhs_number;

  /* template */
  AdwEntryRow   *family_row;
  AdwEntryRow   *given_row;
  AdwEntryRow   *birth_row;
  AdwComboRow   *gender_row;
  AdwEntryRow   *postcode_row;
  GtkButton     *search_button;
  GtkLabel      *message_label;
  GtkWidget     *match_box;
  GtkLabel      *match_name_label;
  GtkLabel      *match_details_label;
  GtkLabel      *match_number_label;
  GtkButton     *check_button;
};

G_DEFINE_FINAL_TYPE (CpisFindChildDialog, cpis_find_child_dialog, ADW_TYPE_WINDOW)

enum {
  CHILD_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of the gender row's list */
static const char * const genders[] = { "female", "male", "other", "unknown" };

/* Helpers */

static void
show_message (CpisFindChildDialog *self,
              const char          *message,
              gboolean             is_error)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static void
show_match (CpisFindChildDialog *self,
            CpisPatient         *patient)
{
  g_autofree char *name = NULL;
  g_autofree char *born = NULL;
  g_autofree char *age = NULL;
  g_autofree char *details = NULL;
  g_autofree char *formatted = NULL;
  g_autofree char *number = NULL;
  g_autofree char *accessible = NULL;
  const char *postcode;
  GDate today;

  g_clear_pointer (&self->match_nhs_number, g_free);
  gtk_widget_set_visible (self->match_box, patient != NULL);
  if (patient == NULL)
    return;

  cpis_date_today_uk (&today);
  self->match_nhs_number = g_strdup (cpis_patient_get_nhs_number (patient));
  name = cpis_patient_dup_display_name (patient);
  born = cpis_date_format_uk (cpis_patient_get_birth_date (patient));
  age = cpis_patient_banner_format_age (cpis_patient_get_birth_date (patient), &today);
  postcode = cpis_patient_is_restricted (patient) ? _("address withheld (restricted record)")
                                                  : cpis_patient_get_postcode (patient);
  /* Translators: "Born 1 April 2016 (10 years), postcode ZZ99 3VZ" */
  details = g_strdup_printf (_("Born %s (%s), postcode %s"), born != NULL ? born : "?",
                             age != NULL ? age : "?", postcode != NULL ? postcode : _("not given"));
  formatted = cpis_nhs_number_format (self->match_nhs_number);
  number = g_strdup_printf (_("NHS number %s"), formatted);

  gtk_label_set_text (self->match_name_label, name != NULL ? name : _("Name not known"));
  gtk_label_set_text (self->match_details_label, details);
  gtk_label_set_text (self->match_number_label, number);

  accessible = g_strdup_printf (_("One match: %s. %s. %s."), name != NULL ? name : "", details,
                                number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->match_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

gboolean
cpis_find_child_dialog_parse_date (const char *text,
                                   GDate      *date)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *trimmed = NULL;
  guint64 day, month, year;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (text == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (text));
  if (cpis_date_is_valid (trimmed))
    return cpis_date_parse (trimmed, date);

  g_strdelimit (trimmed, "/-. ", '/');
  parts = g_strsplit (trimmed, "/", -1);
  if (g_strv_length (parts) != 3 || strlen (parts[2]) != 4 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 31, &day, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1850, 9999, &year, NULL) ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/* Signal callbacks */

static void
searched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CpisFindChildDialog) self = user_data;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GError) error = NULL;

  patients = cpis_hub_client_search_patients_finish (CPIS_HUB_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), TRUE);

  if (patients == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }

  if (patients->len == 0)
    {
      show_message (self, _("No one matches. Check the spelling and the date of birth, or use "
                            "the NHS number."), FALSE);
      return;
    }

  if (patients->len > 1)
    {
      g_autofree char *message =
        g_strdup_printf (ngettext ("%u person matches. Add the given name or the postcode to find "
                                   "the one child.",
                                   "%u people match. Add the given name or the postcode to find "
                                   "the one child.",
                                   patients->len),
                         patients->len);

      show_message (self, message, FALSE);
      return;
    }

  show_message (self, _("One match. Check that it is this child (name, date of birth, "
                        "postcode) before checking CP-IS."), FALSE);
  show_match (self, g_ptr_array_index (patients, 0));
  gtk_widget_grab_focus (GTK_WIDGET (self->check_button));
}

static void
search_activated_cb (CpisFindChildDialog *self)
{
  const char *family = gtk_editable_get_text (GTK_EDITABLE (self->family_row));
  const char *given = gtk_editable_get_text (GTK_EDITABLE (self->given_row));
  const char *postcode = gtk_editable_get_text (GTK_EDITABLE (self->postcode_row));
  guint gender = adw_combo_row_get_selected (self->gender_row);
  g_autofree char *birth_date = NULL;
  GDate date;

  show_match (self, NULL);

  if (!cpis_find_child_dialog_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->birth_row)),
                                          &date))
    {
      show_message (self, _("Give the whole date of birth as day, month and year, e.g. 1/4/2016."),
                    TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->birth_row));
      return;
    }

  if (gender >= G_N_ELEMENTS (genders))
    gender = G_N_ELEMENTS (genders) - 1;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  birth_date = cpis_date_to_string (&date);
  show_message (self, _("Searching…"), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), FALSE);
  cpis_hub_client_search_patients_async (self->client, family, given, genders[gender], birth_date,
                                         postcode, self->cancellable, searched_cb,
                                         g_object_ref (self));
}

static void
check_clicked_cb (CpisFindChildDialog *self)
{
  g_autofree char *number = g_strdup (self->match_nhs_number);

  if (number == NULL)
    return;

  g_signal_emit (self, signals[CHILD_CHOSEN], 0, number);
  gtk_window_close (GTK_WINDOW (self));
}

/* Overrides */

static void
cpis_find_child_dialog_dispose (GObject *object)
{
  CpisFindChildDialog *self = CPIS_FIND_CHILD_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->match_nhs_number, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (object), CPIS_TYPE_FIND_CHILD_DIALOG);

  G_OBJECT_CLASS (cpis_find_child_dialog_parent_class)->dispose (object);
}

static void
cpis_find_child_dialog_class_init (CpisFindChildDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_find_child_dialog_dispose;

  signals[CHILD_CHOSEN] =
    g_signal_new ("child-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/CpisDesktop/cpis-find-child-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, family_row);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, given_row);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, birth_row);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, gender_row);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, postcode_row);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, search_button);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, match_box);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, match_name_label);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, match_details_label);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, match_number_label);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, check_button);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
}

static void
cpis_find_child_dialog_init (CpisFindChildDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

CpisFindChildDialog *
cpis_find_child_dialog_new (CpisHubClient *client)
{
  CpisFindChildDialog *self;

  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (client), NULL);

  self = g_object_new (CPIS_TYPE_FIND_CHILD_DIALOG, NULL);
  self->client = g_object_ref (client);

  return self;
}
