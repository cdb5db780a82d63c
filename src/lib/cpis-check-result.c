/* cpis-check-result.c: the outcome of checking one child, as the session holds it */

#include "cpis-access-event.h"
#include "cpis-check-result.h"
#include "cpis-check-result-private.h"
#include "cpis-date.h"
#include "cpis-plan.h"

#include <string.h>

struct _CpisCheckResult
{
  GObject           parent_instance;

  char             *nhs_number;
  GDateTime        *checked_at;
  CpisCheckOutcome  outcome;
  GListStore       *plans;
  GListStore       *access_history;
  char             *subject_name;
  CpisCareSetting   care_setting;
  GError           *error;
  CpisFetchState    history_state;
  GError           *history_error;
  gboolean          history_partial;
  CpisFetchState    demographics_state;
  CpisPatient      *patient;
  GError           *demographics_error;
};

G_DEFINE_FINAL_TYPE (CpisCheckResult, cpis_check_result, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CpisCheckOutcome, cpis_check_outcome,
  G_DEFINE_ENUM_VALUE (CPIS_CHECK_OUTCOME_PLANS_FOUND, "plans-found"),
  G_DEFINE_ENUM_VALUE (CPIS_CHECK_OUTCOME_NO_RECORD, "no-record"),
  G_DEFINE_ENUM_VALUE (CPIS_CHECK_OUTCOME_FAILED, "failed"))

G_DEFINE_ENUM_TYPE (CpisFetchState, cpis_fetch_state,
  G_DEFINE_ENUM_VALUE (CPIS_FETCH_NOT_ASKED, "not-asked"),
  G_DEFINE_ENUM_VALUE (CPIS_FETCH_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (CPIS_FETCH_DONE, "done"),
  G_DEFINE_ENUM_VALUE (CPIS_FETCH_NOT_FOUND, "not-found"),
  G_DEFINE_ENUM_VALUE (CPIS_FETCH_FAILED, "failed"))

enum {
  PROP_0,
  PROP_NHS_NUMBER,
  PROP_CHECKED_AT,
  PROP_OUTCOME,
  PROP_PLANS,
  PROP_ACCESS_HISTORY,
  PROP_SUBJECT_NAME,
  PROP_CARE_SETTING,
  PROP_ERROR,
  PROP_HISTORY_STATE,
  PROP_HISTORY_ERROR,
  PROP_HISTORY_PARTIAL,
  PROP_DEMOGRAPHICS_STATE,
  PROP_PATIENT,
  PROP_DEMOGRAPHICS_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Active plans first, in the hub's order; then the ended ones, the most
 * recently ended first: an ended plan's council must never be the first
 * number a nurse sees */
static int
compare_active_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  CpisPlan *first = *(CpisPlan **) a;
  CpisPlan *second = *(CpisPlan **) b;
  const GDate *today = user_data;
  gboolean first_ended = cpis_plan_has_ended (first, today);
  gboolean second_ended = cpis_plan_has_ended (second, today);

  if (first_ended != second_ended)
    return first_ended ? 1 : -1;
  if (!first_ended)
    return 0;

  /* "YYYY-MM-DD" strings sort as dates */
  return -g_strcmp0 (cpis_plan_get_end_date (first), cpis_plan_get_end_date (second));
}

static void
fill_store (GListStore *store,
            GPtrArray  *items)
{
  if (items == NULL || items->len == 0)
    return;

  g_list_store_splice (store, 0, 0, items->pdata, items->len);
}

static void
fill_plans (CpisCheckResult *self,
            GPtrArray       *plans)
{
  g_autoptr(GPtrArray) sorted = NULL;
  GDate today;

  if (plans == NULL || plans->len == 0)
    return;

  cpis_date_today_uk (&today);
  sorted = g_ptr_array_copy (plans, NULL, NULL);
  /* the copy would unref what it does not own */
  g_ptr_array_set_free_func (sorted, NULL);
  /* g_ptr_array_sort_with_data is stable: the hub's order holds among equals */
  g_ptr_array_sort_with_data (sorted, compare_active_first, &today);
  fill_store (self->plans, sorted);
}

static void
cpis_check_result_constructed (GObject *object)
{
  CpisCheckResult *self = (CpisCheckResult *) object;

  G_OBJECT_CLASS (cpis_check_result_parent_class)->constructed (object);

  if (self->checked_at == NULL)
    self->checked_at = g_date_time_new_now_utc ();
}

static void
cpis_check_result_finalize (GObject *object)
{
  CpisCheckResult *self = (CpisCheckResult *) object;

  g_clear_pointer (&self->nhs_number, g_free);
  g_clear_pointer (&self->checked_at, g_date_time_unref);
  g_clear_object (&self->plans);
  g_clear_object (&self->access_history);
  g_clear_pointer (&self->subject_name, g_free);
  g_clear_error (&self->error);
  g_clear_error (&self->history_error);
  g_clear_object (&self->patient);
  g_clear_error (&self->demographics_error);

  G_OBJECT_CLASS (cpis_check_result_parent_class)->finalize (object);
}

static void
cpis_check_result_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CpisCheckResult *self = CPIS_CHECK_RESULT (object);

  switch (prop_id)
    {
    case PROP_NHS_NUMBER:
      g_value_set_string (value, self->nhs_number);
      break;

    case PROP_CHECKED_AT:
      g_value_set_boxed (value, self->checked_at);
      break;

    case PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;

    case PROP_PLANS:
      g_value_set_object (value, self->plans);
      break;

    case PROP_ACCESS_HISTORY:
      g_value_set_object (value, self->access_history);
      break;

    case PROP_SUBJECT_NAME:
      g_value_set_string (value, self->subject_name);
      break;

    case PROP_CARE_SETTING:
      g_value_set_enum (value, self->care_setting);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_HISTORY_STATE:
      g_value_set_enum (value, self->history_state);
      break;

    case PROP_HISTORY_ERROR:
      g_value_set_boxed (value, self->history_error);
      break;

    case PROP_HISTORY_PARTIAL:
      g_value_set_boolean (value, self->history_partial);
      break;

    case PROP_DEMOGRAPHICS_STATE:
      g_value_set_enum (value, self->demographics_state);
      break;

    case PROP_PATIENT:
      g_value_set_object (value, self->patient);
      break;

    case PROP_DEMOGRAPHICS_ERROR:
      g_value_set_boxed (value, self->demographics_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_check_result_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CpisCheckResult *self = CPIS_CHECK_RESULT (object);

  switch (prop_id)
    {
    case PROP_NHS_NUMBER:
      g_free (self->nhs_number);
      self->nhs_number = g_value_dup_string (value);
      break;

    case PROP_CHECKED_AT:
      g_clear_pointer (&self->checked_at, g_date_time_unref);
      self->checked_at = g_value_dup_boxed (value);
      break;

    case PROP_OUTCOME:
      self->outcome = g_value_get_enum (value);
      break;

    case PROP_SUBJECT_NAME:
      g_free (self->subject_name);
      self->subject_name = g_value_dup_string (value);
      break;

    case PROP_CARE_SETTING:
      self->care_setting = g_value_get_enum (value);
      break;

    case PROP_ERROR:
      g_clear_error (&self->error);
      self->error = g_value_dup_boxed (value);
      break;

    case PROP_HISTORY_ERROR:
      g_clear_error (&self->history_error);
      self->history_error = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_check_result_class_init (CpisCheckResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = cpis_check_result_constructed;
  object_class->finalize = cpis_check_result_finalize;
  object_class->get_property = cpis_check_result_get_property;
  object_class->set_property = cpis_check_result_set_property;

  properties[PROP_NHS_NUMBER] =
    g_param_spec_string ("nhs-number", "NHS number", "The child's NHS number, ten digits",
                         NULL, construct);
  properties[PROP_CHECKED_AT] =
    g_param_spec_boxed ("checked-at", "Checked at", "When the answer arrived",
                        G_TYPE_DATE_TIME, construct);
  properties[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", "Outcome", "Plans found, no record, or could not be checked",
                       CPIS_TYPE_CHECK_OUTCOME, CPIS_CHECK_OUTCOME_FAILED, construct);
  properties[PROP_PLANS] =
    g_param_spec_object ("plans", "Plans", "The plans found (CpisPlan)",
                         G_TYPE_LIST_MODEL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCESS_HISTORY] =
    g_param_spec_object ("access-history", "Access history",
                         "Earlier accesses (CpisAccessEvent), newest first",
                         G_TYPE_LIST_MODEL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBJECT_NAME] =
    g_param_spec_string ("subject-name", "Subject name", "The child's name from the first plan",
                         NULL, construct);
  properties[PROP_CARE_SETTING] =
    g_param_spec_enum ("care-setting", "Care setting", "How the check was made",
                       CPIS_TYPE_CARE_SETTING, CPIS_CARE_SETTING_UNSCHEDULED, construct);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", "Error", "Why the check failed",
                        G_TYPE_ERROR, construct);
  properties[PROP_HISTORY_STATE] =
    g_param_spec_enum ("history-state", "History state",
                       "Whether the access history is still coming, here, or failed",
                       CPIS_TYPE_FETCH_STATE, CPIS_FETCH_NOT_ASKED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY_ERROR] =
    g_param_spec_boxed ("history-error", "History error",
                        "Why the access history could not be fetched",
                        G_TYPE_ERROR, construct | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HISTORY_PARTIAL] =
    g_param_spec_boolean ("history-partial", "History partial",
                          "Whether the access history may be only its newest part",
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMOGRAPHICS_STATE] =
    g_param_spec_enum ("demographics-state", "Demographics state",
                       "Whether the demographics read is still coming, found, not found, or failed",
                       CPIS_TYPE_FETCH_STATE, CPIS_FETCH_NOT_ASKED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATIENT] =
    g_param_spec_object ("patient", "Patient", "Who the demographics service says this is",
                         CPIS_TYPE_PATIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMOGRAPHICS_ERROR] =
    g_param_spec_boxed ("demographics-error", "Demographics error",
                        "Why the identity could not be confirmed",
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_check_result_init (CpisCheckResult *self)
{
  self->outcome = CPIS_CHECK_OUTCOME_FAILED;
  self->plans = g_list_store_new (CPIS_TYPE_PLAN);
  self->access_history = g_list_store_new (CPIS_TYPE_ACCESS_EVENT);
}

CpisCheckResult *
cpis_check_result_new (const char       *nhs_number,
                       CpisCheckOutcome  outcome,
                       GPtrArray        *plans,
                       GPtrArray        *access_history,
                       CpisCareSetting   care_setting,
                       const GError     *error,
                       const GError     *history_error)
{
  CpisCheckResult *self;

  g_return_val_if_fail (nhs_number != NULL, NULL);
  g_return_val_if_fail (outcome != CPIS_CHECK_OUTCOME_FAILED || error != NULL, NULL);

  self = g_object_new (CPIS_TYPE_CHECK_RESULT,
                       "nhs-number", nhs_number,
                       "outcome", outcome,
                       "care-setting", care_setting,
                       "error", error,
                       "history-error", history_error,
                       NULL);

  /* The plans are a read-only view once built; filled before anyone can see them */
  if (outcome == CPIS_CHECK_OUTCOME_PLANS_FOUND)
    fill_plans (self, plans);
  fill_store (self->access_history, access_history);
  if (outcome != CPIS_CHECK_OUTCOME_FAILED)
    self->history_state = history_error != NULL ? CPIS_FETCH_FAILED : CPIS_FETCH_DONE;

  if (self->subject_name == NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (self->plans)) > 0)
    {
      g_autoptr(CpisPlan) first = g_list_model_get_item (G_LIST_MODEL (self->plans), 0);

      self->subject_name = g_strdup (cpis_plan_get_subject_name (first));
    }

  return self;
}

const char *
cpis_check_result_get_nhs_number (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), NULL);

  return self->nhs_number;
}

GDateTime *
cpis_check_result_get_checked_at (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), NULL);

  return self->checked_at;
}

CpisCheckOutcome
cpis_check_result_get_outcome (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), CPIS_CHECK_OUTCOME_FAILED);

  return self->outcome;
}

GListModel *
cpis_check_result_get_plans (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), NULL);

  return G_LIST_MODEL (self->plans);
}

GListModel *
cpis_check_result_get_access_history (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), NULL);

  return G_LIST_MODEL (self->access_history);
}

const char *
cpis_check_result_get_subject_name (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), NULL);

  return self->subject_name;
}

CpisCareSetting
cpis_check_result_get_care_setting (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), CPIS_CARE_SETTING_UNSCHEDULED);

  return self->care_setting;
}

const GError *
cpis_check_result_get_error (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), NULL);

  return self->error;
}

const GError *
cpis_check_result_get_history_error (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), NULL);

  return self->history_error;
}

CpisFetchState
cpis_check_result_get_history_state (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), CPIS_FETCH_NOT_ASKED);

  return self->history_state;
}

gboolean
cpis_check_result_get_history_partial (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), FALSE);

  return self->history_partial;
}

CpisFetchState
cpis_check_result_get_demographics_state (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), CPIS_FETCH_NOT_ASKED);

  return self->demographics_state;
}

CpisPatient *
cpis_check_result_get_patient (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), NULL);

  return self->patient;
}

const GError *
cpis_check_result_get_demographics_error (CpisCheckResult *self)
{
  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), NULL);

  return self->demographics_error;
}

/* Letters and digits only, case-folded: "O'Brien-Smith" and "OBRIEN SMITH"
 * compare equal */
static char *
name_key (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  GString *key = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (key, c);
      else if (key->len > 0 && key->str[key->len - 1] != ' ')
        g_string_append_c (key, ' ');
    }

  return g_strstrip (g_string_free (key, FALSE));
}

/* Whether the words of @family appear, together, as whole words of @subject */
static gboolean
subject_has_family_name (const char *subject,
                         const char *family)
{
  g_autofree char *subject_key = name_key (subject);
  g_autofree char *family_key = name_key (family);
  g_autofree char *padded_subject = NULL;
  g_autofree char *padded_family = NULL;

  if (*family_key == '\0')
    return TRUE;

  padded_subject = g_strdup_printf (" %s ", subject_key);
  padded_family = g_strdup_printf (" %s ", family_key);

  return strstr (padded_subject, padded_family) != NULL;
}

CpisIdentityDifference
cpis_check_result_get_identity_differences (CpisCheckResult *self)
{
  CpisIdentityDifference differences = CPIS_IDENTITY_SAME;
  const char *family;
  const char *birth_date;
  guint n;

  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), CPIS_IDENTITY_SAME);

  if (self->patient == NULL)
    return CPIS_IDENTITY_SAME;

  if (g_strcmp0 (cpis_patient_get_nhs_number (self->patient), self->nhs_number) != 0)
    differences |= CPIS_IDENTITY_NHS_NUMBER_SUPERSEDED;

  family = cpis_patient_get_family_name (self->patient);
  birth_date = cpis_patient_get_birth_date (self->patient);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->plans));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (G_LIST_MODEL (self->plans), i);
      const char *subject = cpis_plan_get_subject_name (plan);
      const char *plan_birth_date = cpis_plan_get_subject_birth_date (plan);

      if (family != NULL && subject != NULL && !subject_has_family_name (subject, family))
        differences |= CPIS_IDENTITY_FAMILY_NAME_DIFFERS;
      if (birth_date != NULL && plan_birth_date != NULL &&
          g_strcmp0 (birth_date, plan_birth_date) != 0)
        differences |= CPIS_IDENTITY_BIRTH_DATE_DIFFERS;
    }

  return differences;
}

gboolean
cpis_check_result_is_mothers_record (CpisCheckResult *self)
{
  guint n;

  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->plans));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (G_LIST_MODEL (self->plans), i);

      if (cpis_plan_get_plan_type (plan) == CPIS_PLAN_TYPE_UCPP)
        return TRUE;
    }

  return FALSE;
}

/* Private API: the client fills in what arrives after the plans */

static void
set_history_state (CpisCheckResult *self,
                   CpisFetchState   state)
{
  if (self->history_state == state)
    return;

  self->history_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_STATE]);
}

void
_cpis_check_result_set_history_pending (CpisCheckResult *self)
{
  g_return_if_fail (CPIS_IS_CHECK_RESULT (self));

  set_history_state (self, CPIS_FETCH_PENDING);
}

void
_cpis_check_result_set_history (CpisCheckResult *self,
                                GPtrArray       *events,
                                gboolean         partial)
{
  g_return_if_fail (CPIS_IS_CHECK_RESULT (self));
  g_return_if_fail (self->history_state == CPIS_FETCH_PENDING);

  g_list_store_remove_all (self->access_history);
  fill_store (self->access_history, events);
  /* before the state: whoever redraws on DONE reads it */
  partial = !!partial;
  if (self->history_partial != partial)
    {
      self->history_partial = partial;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_PARTIAL]);
    }
  set_history_state (self, CPIS_FETCH_DONE);
}

void
_cpis_check_result_set_history_error (CpisCheckResult *self,
                                      const GError    *error)
{
  g_return_if_fail (CPIS_IS_CHECK_RESULT (self));
  g_return_if_fail (error != NULL);
  g_return_if_fail (self->history_state == CPIS_FETCH_PENDING);

  g_clear_error (&self->history_error);
  self->history_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_ERROR]);
  set_history_state (self, CPIS_FETCH_FAILED);
}

static void
set_demographics_state (CpisCheckResult *self,
                        CpisFetchState   state)
{
  if (self->demographics_state == state)
    return;

  self->demographics_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMOGRAPHICS_STATE]);
}

void
_cpis_check_result_set_demographics_pending (CpisCheckResult *self)
{
  g_return_if_fail (CPIS_IS_CHECK_RESULT (self));

  set_demographics_state (self, CPIS_FETCH_PENDING);
}

void
_cpis_check_result_set_patient (CpisCheckResult *self,
                                CpisPatient     *patient)
{
  g_return_if_fail (CPIS_IS_CHECK_RESULT (self));
  g_return_if_fail (CPIS_IS_PATIENT (patient));

  if (g_set_object (&self->patient, patient))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENT]);
  set_demographics_state (self, CPIS_FETCH_DONE);
}

void
_cpis_check_result_set_demographics_error (CpisCheckResult *self,
                                           CpisFetchState   state,
                                           const GError    *error)
{
  g_return_if_fail (CPIS_IS_CHECK_RESULT (self));
  g_return_if_fail (state == CPIS_FETCH_NOT_FOUND || state == CPIS_FETCH_FAILED);
  g_return_if_fail (error != NULL);

  g_clear_error (&self->demographics_error);
  self->demographics_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMOGRAPHICS_ERROR]);
  set_demographics_state (self, state);
}
