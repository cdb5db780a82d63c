/* cpis-patient-banner.c: who this is, above every answer
 *
 * Filled from a CpisCheckResult and kept up to date as its demographics
 * arrive (notify::demographics-state). The banner's accessible label is
 * "Patient", and its description says everything it shows in one sentence,
 * so a screen reader hears who this is with any warning.
 */
#include "cpis-patient-banner.h"

#include <glib/gi18n.h>

#include "cpis-clinician-strings-private.h"
#include "cpis-date.h"
#include "cpis-nhs-number.h"
#include "cpis-plan.h"

struct _CpisPatientBanner
{
  GtkWidget        parent_instance;

  CpisCheckResult *result;
  char            *current_nhs_number; /* of a superseded number */

  GtkLabel        *record_label;
  GtkWidget       *identity_box;
  GtkLabel        *name_label;
  GtkLabel        *number_label;
  GtkLabel        *details_label;
  GtkWidget       *warning_box;
  GtkLabel        *warning_label;
  GtkButton       *check_current_button;
};

G_DEFINE_FINAL_TYPE (CpisPatientBanner, cpis_patient_banner, GTK_TYPE_WIDGET)

enum {
  CHECK_NUMBER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static const char *
gender_in_words (const char *gender)
{
  if (g_strcmp0 (gender, "male") == 0)
    return _("Male");
  if (g_strcmp0 (gender, "female") == 0)
    return _("Female");
  if (g_strcmp0 (gender, "other") == 0)
    return _("Other gender");
  return _("Gender not known");
}

char *
cpis_patient_banner_format_age (const char  *birth_date,
                                const GDate *today)
{
  GDate birth;
  guint years, months, days;

  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  if (birth_date == NULL || !cpis_date_parse (birth_date, &birth) ||
      !cpis_date_age (&birth, today, &years, &months, &days))
    return NULL;

  /* as clinicians count a child's age: years from two, months below, weeks
   * and days for the newborn */
  if (years >= 2)
    return g_strdup_printf (ngettext ("%u year", "%u years", years), years);
  if (years == 1 || months > 0)
    {
      guint total = years * 12 + months;

      return g_strdup_printf (ngettext ("%u month", "%u months", total), total);
    }
  if (days >= 14)
    return g_strdup_printf (ngettext ("%u week", "%u weeks", days / 7), days / 7);

  return g_strdup_printf (ngettext ("%u day", "%u days", days), days);
}

/* The name CP-IS gives (the first plan's subject), or NULL */
static const char *
cpis_name (CpisCheckResult *result)
{
  const char *name = cpis_check_result_get_subject_name (result);

  return name != NULL && *name != '\0' ? name : NULL;
}

/* The first plan's subject date of birth, or NULL */
static char *
cpis_birth_date (CpisCheckResult *result)
{
  GListModel *plans = cpis_check_result_get_plans (result);
  g_autoptr(CpisPlan) first = g_list_model_get_n_items (plans) > 0
                              ? g_list_model_get_item (plans, 0) : NULL;

  return first != NULL ? g_strdup (cpis_plan_get_subject_birth_date (first)) : NULL;
}

static void
show_warning (CpisPatientBanner *self,
              GString           *warnings)
{
  gtk_label_set_text (self->warning_label, warnings->str);
  gtk_widget_set_visible (self->warning_box, warnings->len > 0);
}

static void
append_sentence (GString    *text,
                 const char *sentence)
{
  if (text->len > 0)
    g_string_append (text, "\n");
  g_string_append (text, sentence);
}

/* "Born 1 April 2016 (10 years) · Female · ZZ99 3VZ" */
static char *
describe_patient (CpisPatient *patient,
                  const GDate *today)
{
  const char *birth_date = cpis_patient_get_birth_date (patient);
  const char *postcode = cpis_patient_get_postcode (patient);
  const char *deceased = cpis_patient_get_deceased (patient);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *born = NULL;
  g_autofree char *age = NULL;

  if (birth_date != NULL)
    {
      born = cpis_date_format_uk (birth_date);
      age = cpis_patient_banner_format_age (birth_date, today);
      if (age != NULL && deceased == NULL)
        /* Translators: "Born 1 April 2016 (10 years)" */
        g_ptr_array_add (parts, g_strdup_printf (_("Born %s (%s)"), born, age));
      else
        g_ptr_array_add (parts, g_strdup_printf (_("Born %s"), born));
    }
  else
    g_ptr_array_add (parts, g_strdup (_("Date of birth not known")));

  g_ptr_array_add (parts, g_strdup (gender_in_words (cpis_patient_get_gender (patient))));

  if (cpis_patient_is_restricted (patient))
    g_ptr_array_add (parts, g_strdup (_(CPIS_TEXT_ADDRESS_WITHHELD)));
  else if (postcode != NULL)
    {
      /* never broken across lines */
      g_auto(GStrv) halves = g_strsplit (postcode, " ", -1);

      g_ptr_array_add (parts, g_strjoinv ("\u00a0", halves));
    }
  else
    g_ptr_array_add (parts, g_strdup (_("No postcode given")));

  if (deceased != NULL)
    {
      g_autofree char *when = cpis_date_format_uk (deceased);

      g_ptr_array_add (parts, g_strdup_printf (_("Died %s"), when != NULL ? when : deceased));
    }

  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between a banner's details */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static void
update (CpisPatientBanner *self)
{
  CpisCheckResult *result = self->result;
  g_autoptr(GString) warnings = g_string_new (NULL);
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *formatted = NULL;
  g_autofree char *number_text = NULL;
  g_autofree char *details = NULL;
  g_autofree char *name = NULL;
  const GError *error;
  CpisPatient *patient;
  gboolean mothers;
  GDate today;

  g_clear_pointer (&self->current_nhs_number, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->check_current_button), FALSE);

  if (result == NULL)
    {
      gtk_label_set_text (self->name_label, "");
      gtk_label_set_text (self->number_label, "");
      gtk_label_set_text (self->details_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->record_label), FALSE);
      show_warning (self, warnings);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  cpis_date_today_uk (&today);
  patient = cpis_check_result_get_patient (result);
  error = cpis_check_result_get_demographics_error (result);
  mothers = cpis_check_result_is_mothers_record (result);

  formatted = cpis_nhs_number_format_unbroken (cpis_check_result_get_nhs_number (result));
  number_text = g_strdup_printf (_("NHS number %s"), formatted);
  gtk_label_set_text (self->number_label, number_text);

  gtk_label_set_text (self->record_label, _(CPIS_TEXT_MOTHERS_RECORD));
  gtk_widget_set_visible (GTK_WIDGET (self->record_label), mothers);
  if (mothers)
    append_sentence (description, _(CPIS_TEXT_MOTHERS_RECORD));

  switch (cpis_check_result_get_demographics_state (result))
    {
    case CPIS_FETCH_DONE:
      {
        CpisIdentityDifference differences = cpis_check_result_get_identity_differences (result);

        name = cpis_patient_dup_display_name (patient);
        details = describe_patient (patient, &today);

        if (differences & CPIS_IDENTITY_NHS_NUMBER_SUPERSEDED)
          {
            g_autofree char *current = cpis_nhs_number_format_unbroken (cpis_patient_get_nhs_number (patient));
            g_autofree char *button = g_strdup_printf (_("Check NHS number %s"), current);
            g_autofree char *sentence = g_strdup_printf (_(CPIS_TEXT_SUPERSEDED_FMT),
                                                         formatted, current);

            append_sentence (warnings, sentence);
            self->current_nhs_number = g_strdup (cpis_patient_get_nhs_number (patient));
            gtk_button_set_label (self->check_current_button, button);
            gtk_widget_set_visible (GTK_WIDGET (self->check_current_button), TRUE);
          }
        if (differences & CPIS_IDENTITY_FAMILY_NAME_DIFFERS)
          {
            g_autofree char *sentence =
              g_strdup_printf (_(CPIS_TEXT_NAME_DIFFERS_FMT), cpis_name (result),
                               cpis_patient_get_family_name (patient));

            append_sentence (warnings, sentence);
          }
        if (differences & CPIS_IDENTITY_BIRTH_DATE_DIFFERS)
          {
            g_autofree char *plan_date = cpis_birth_date (result);
            g_autofree char *cpis_date = cpis_date_format_uk (plan_date);
            g_autofree char *pds_date = cpis_date_format_uk (cpis_patient_get_birth_date (patient));
            g_autofree char *sentence =
              g_strdup_printf (_(CPIS_TEXT_BIRTH_DATE_DIFFERS_FMT), cpis_date, pds_date);

            append_sentence (warnings, sentence);
          }
        if (differences & (CPIS_IDENTITY_FAMILY_NAME_DIFFERS | CPIS_IDENTITY_BIRTH_DATE_DIFFERS))
          append_sentence (warnings, _(CPIS_TEXT_CONFIRM_IDENTITY));
      }
      break;

    case CPIS_FETCH_NOT_FOUND:
      {
        g_autofree char *sentence = g_strdup_printf (_(CPIS_TEXT_NO_DEMOGRAPHICS_FMT), formatted);

        name = g_strdup (cpis_name (result));
        details = g_strdup (_(CPIS_TEXT_IDENTITY_NOT_CONFIRMED));
        append_sentence (warnings, sentence);
      }
      break;

    case CPIS_FETCH_FAILED:
      {
        g_autofree char *sentence =
          g_strdup_printf (_(CPIS_TEXT_IDENTITY_FAILED_FMT),
                           error != NULL ? error->message : _("The reason is not known."));

        name = g_strdup (cpis_name (result));
        details = g_strdup (_(CPIS_TEXT_IDENTITY_NOT_CONFIRMED));
        append_sentence (warnings, sentence);
      }
      break;

    case CPIS_FETCH_PENDING:
      name = g_strdup (cpis_name (result));
      details = g_strdup (_(CPIS_TEXT_CONFIRMING_IDENTITY));
      break;

    case CPIS_FETCH_NOT_ASKED:
    default:
      name = g_strdup (cpis_name (result));
      details = g_strdup (_(CPIS_TEXT_IDENTITY_NOT_CONFIRMED));
      break;
    }

  gtk_label_set_text (self->name_label, name != NULL ? name : _("Name not known"));
  gtk_label_set_text (self->details_label, details);
  show_warning (self, warnings);

  g_string_append_printf (description, "%s%s. %s. %s.", description->len > 0 ? " " : "",
                          name != NULL ? name : _("Name not known"), number_text, details);
  if (warnings->len > 0)
    g_string_append_printf (description, " %s", warnings->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}

/* Signal callbacks */

static void
demographics_changed_cb (CpisPatientBanner *self)
{
  update (self);
}

static void
check_current_clicked_cb (CpisPatientBanner *self)
{
  g_autofree char *number = g_strdup (self->current_nhs_number);

  if (number != NULL)
    g_signal_emit (self, signals[CHECK_NUMBER], 0, number);
}

/* Overrides */

static void
cpis_patient_banner_dispose (GObject *object)
{
  CpisPatientBanner *self = CPIS_PATIENT_BANNER (object);

  if (self->result != NULL)
    g_signal_handlers_disconnect_by_data (self->result, self);
  g_clear_object (&self->result);
  gtk_widget_dispose_template (GTK_WIDGET (object), CPIS_TYPE_PATIENT_BANNER);

  G_OBJECT_CLASS (cpis_patient_banner_parent_class)->dispose (object);
}

static void
cpis_patient_banner_finalize (GObject *object)
{
  CpisPatientBanner *self = CPIS_PATIENT_BANNER (object);

  g_clear_pointer (&self->current_nhs_number, g_free);

  G_OBJECT_CLASS (cpis_patient_banner_parent_class)->finalize (object);
}

static void
cpis_patient_banner_class_init (CpisPatientBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_patient_banner_dispose;
  object_class->finalize = cpis_patient_banner_finalize;

  signals[CHECK_NUMBER] =
    g_signal_new ("check-number",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "cpis-patient-banner");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-patient-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, CpisPatientBanner, record_label);
  gtk_widget_class_bind_template_child (widget_class, CpisPatientBanner, identity_box);
  gtk_widget_class_bind_template_child (widget_class, CpisPatientBanner, name_label);
  gtk_widget_class_bind_template_child (widget_class, CpisPatientBanner, number_label);
  gtk_widget_class_bind_template_child (widget_class, CpisPatientBanner, details_label);
  gtk_widget_class_bind_template_child (widget_class, CpisPatientBanner, warning_box);
  gtk_widget_class_bind_template_child (widget_class, CpisPatientBanner, warning_label);
  gtk_widget_class_bind_template_child (widget_class, CpisPatientBanner, check_current_button);
  gtk_widget_class_bind_template_callback (widget_class, check_current_clicked_cb);
}

static void
cpis_patient_banner_init (CpisPatientBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Patient"),
                                  -1);
}

/* Public API */

GtkWidget *
cpis_patient_banner_new (void)
{
  return g_object_new (CPIS_TYPE_PATIENT_BANNER, NULL);
}

void
cpis_patient_banner_set_result (CpisPatientBanner *self,
                                CpisCheckResult   *result)
{
  g_return_if_fail (CPIS_IS_PATIENT_BANNER (self));
  g_return_if_fail (result == NULL || CPIS_IS_CHECK_RESULT (result));

  if (self->result != result)
    {
      if (self->result != NULL)
        g_signal_handlers_disconnect_by_data (self->result, self);
      g_set_object (&self->result, result);
      if (result != NULL)
        g_signal_connect_swapped (result, "notify::demographics-state",
                                  G_CALLBACK (demographics_changed_cb), self);
    }

  update (self);
}

CpisCheckResult *
cpis_patient_banner_get_result (CpisPatientBanner *self)
{
  g_return_val_if_fail (CPIS_IS_PATIENT_BANNER (self), NULL);

  return self->result;
}
