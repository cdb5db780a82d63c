/* cpis-check-result.c: the outcome of checking one child, as the session holds it */

#include "cpis-access-event.h"
#include "cpis-check-result.h"
#include "cpis-plan.h"

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
  GError           *history_error;
};

G_DEFINE_FINAL_TYPE (CpisCheckResult, cpis_check_result, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CpisCheckOutcome, cpis_check_outcome,
  G_DEFINE_ENUM_VALUE (CPIS_CHECK_OUTCOME_PLANS_FOUND, "plans-found"),
  G_DEFINE_ENUM_VALUE (CPIS_CHECK_OUTCOME_NO_RECORD, "no-record"),
  G_DEFINE_ENUM_VALUE (CPIS_CHECK_OUTCOME_FAILED, "failed"))

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
  PROP_HISTORY_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fill_store (GListStore *store,
            GPtrArray  *items)
{
  if (items == NULL || items->len == 0)
    return;

  g_list_store_splice (store, 0, 0, items->pdata, items->len);
}

static void
cpis_check_result_constructed (GObject *object)
{
  CpisCheckResult *self = (CpisCheckResult *)object;

  G_OBJECT_CLASS (cpis_check_result_parent_class)->constructed (object);

  if (self->checked_at == NULL)
    self->checked_at = g_date_time_new_now_utc ();
}

static void
cpis_check_result_finalize (GObject *object)
{
  CpisCheckResult *self = (CpisCheckResult *)object;

  g_clear_pointer (&self->nhs_number, g_free);
  g_clear_pointer (&self->checked_at, g_date_time_unref);
  g_clear_object (&self->plans);
  g_clear_object (&self->access_history);
  g_clear_pointer (&self->subject_name, g_free);
  g_clear_error (&self->error);
  g_clear_error (&self->history_error);

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

    case PROP_HISTORY_ERROR:
      g_value_set_boxed (value, self->history_error);
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
  properties[PROP_HISTORY_ERROR] =
    g_param_spec_boxed ("history-error", "History error",
                        "Why the access history could not be fetched",
                        G_TYPE_ERROR, construct);

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

  /* The lists are read-only views once built; filled before anyone can see them */
  if (outcome == CPIS_CHECK_OUTCOME_PLANS_FOUND)
    fill_store (self->plans, plans);
  fill_store (self->access_history, access_history);

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
