/* cpis-hub-client-check.c: checking a child
 *
 * The CP-IS answer (CareTeam) comes first and alone decides what the nurse
 * is told; the task completes the moment it is in. The access history is
 * asked for only then, so that it holds the access the CareTeam search has
 * just recorded (asked at the same time, whether it did was down to which
 * answer the hub wrote first). The demographics read runs alongside the
 * CareTeam search and never delays it. Both arrive on the result afterwards.
 * The hub answers only the newest accesses, and says how many it answered,
 * not how many it holds: a history as long as the national limit is marked
 * partial ("history-partial"), so that no count is read as the whole.
 */

#include <glib/gi18n-lib.h>

#include "cpis-check-result-private.h"
#include "cpis-fhir-codec.h"
#include "cpis-hub-client-private.h"
#include "cpis-nhs-number.h"

typedef struct
{
  gatomicrefcount  ref_count;
  CpisHubClient   *client;
  GCancellable    *cancellable;        /* the caller's; may be NULL */
  char            *nhs_number;
  CpisCareSetting  care_setting;
  guint            history_limit;   /* as many as the hub answers this user at most */
  GTask           *task;               /* until the CP-IS answer is in */
  CpisCheckResult *result;             /* from then on */

  /* demographics that came before the result */
  CpisFetchState   demographics_state;
  CpisPatient     *patient;
  GError          *demographics_error;
} Check;

static Check *
check_ref (Check *check)
{
  g_atomic_ref_count_inc (&check->ref_count);
  return check;
}

static void
check_unref (Check *check)
{
  if (!g_atomic_ref_count_dec (&check->ref_count))
    return;

  g_clear_object (&check->client);
  g_clear_object (&check->cancellable);
  g_free (check->nhs_number);
  g_clear_object (&check->task);
  g_clear_object (&check->result);
  g_clear_object (&check->patient);
  g_clear_error (&check->demographics_error);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Check, check_unref)

static GError *
not_fetched_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                              _("It was not fetched: the check was stopped."));
}

static void
apply_demographics (Check *check)
{
  switch (check->demographics_state)
    {
    case CPIS_FETCH_DONE:
      _cpis_check_result_set_patient (check->result, check->patient);
      break;

    case CPIS_FETCH_NOT_FOUND:
    case CPIS_FETCH_FAILED:
      _cpis_check_result_set_demographics_error (check->result, check->demographics_state,
                                                 check->demographics_error);
      break;

    case CPIS_FETCH_PENDING:
    case CPIS_FETCH_NOT_ASKED:
    default:
      _cpis_check_result_set_demographics_pending (check->result);
      break;
    }
}

/* How many accesses the hub answers @user at most: a full answer may have
 * left older ones out */
static guint
history_limit_for (CpisUserInfo *user)
{
  if (user != NULL && cpis_user_info_get_role (user) == CPIS_ROLE_SOCIAL_WORKER)
    return CPIS_FHIR_LA_ACCESS_HISTORY_LIMIT;
  return CPIS_FHIR_ACCESS_HISTORY_LIMIT;
}

static void
history_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  history = cpis_hub_client_search_access_history_finish (CPIS_HUB_CLIENT (source), res, &error);
  /* Bundle.total counts only the accesses answered, so a full answer is the
   * one sign that older accesses may have been left out */
  if (history != NULL)
    _cpis_check_result_set_history (check->result, history, history->len >= check->history_limit);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autoptr(GError) stopped = not_fetched_error ();

      /* a newer check took over: the result may be shown again from memory,
       * and must not say "loading" for ever */
      _cpis_check_result_set_history_error (check->result, stopped);
    }
  else
    _cpis_check_result_set_history_error (check->result, error);
}

static void
patient_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  g_autoptr(CpisPatient) patient = NULL;
  g_autoptr(GError) error = NULL;

  patient = cpis_hub_client_read_patient_finish (CPIS_HUB_CLIENT (source), res, &error);

  if (patient != NULL)
    {
      check->demographics_state = CPIS_FETCH_DONE;
      check->patient = g_steal_pointer (&patient);
    }
  else
    {
      check->demographics_state =
        g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_NOT_FOUND)
        ? CPIS_FETCH_NOT_FOUND : CPIS_FETCH_FAILED;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        check->demographics_error = not_fetched_error ();
      else
        check->demographics_error = g_steal_pointer (&error);
    }

  /* the CP-IS answer is in already: the banner catches up */
  if (check->result != NULL)
    apply_demographics (check);
}

static void
plans_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&check->task);
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  CpisCheckOutcome outcome;

  plans = cpis_hub_client_search_plans_finish (CPIS_HUB_CLIENT (source), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The check was cancelled."));
      return;
    }

  if (error != NULL)
    outcome = CPIS_CHECK_OUTCOME_FAILED;
  else if (plans->len > 0)
    outcome = CPIS_CHECK_OUTCOME_PLANS_FOUND;
  else
    outcome = CPIS_CHECK_OUTCOME_NO_RECORD;

  check->result = cpis_check_result_new (check->nhs_number, outcome, plans, NULL,
                                         check->care_setting, error, NULL);
  apply_demographics (check);

  /* the history only where an alert shows it; asked for now, after the
   * access was recorded */
  if (outcome == CPIS_CHECK_OUTCOME_PLANS_FOUND)
    {
      _cpis_check_result_set_history_pending (check->result);
      cpis_hub_client_search_access_history_async (check->client, check->nhs_number,
                                                   check->cancellable, history_cb,
                                                   check_ref (check));
    }

  g_task_return_pointer (task, g_object_ref (check->result), g_object_unref);
}

void
cpis_hub_client_check_child_async (CpisHubClient       *self,
                                   const char          *nhs_number,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Check *check;
  char *digits;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (nhs_number != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_hub_client_check_child_async);
  g_task_set_check_cancellable (task, FALSE);

  /* Nothing is sent for a number that cannot be right */
  digits = cpis_nhs_number_parse (nhs_number, &error);
  if (digits == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  check = g_new0 (Check, 1);
  g_atomic_ref_count_init (&check->ref_count);
  check->client = g_object_ref (self);
  check->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  check->nhs_number = digits;
  check->care_setting = cpis_hub_client_get_care_setting (self);
  check->history_limit = history_limit_for (cpis_hub_client_get_user_info (self));
  check->demographics_state = CPIS_FETCH_PENDING;
  check->task = g_object_ref (task);

  cpis_hub_client_search_plans_async (self, digits, cancellable, plans_cb, check_ref (check));
  cpis_hub_client_read_patient_async (self, digits, cancellable, patient_cb, check);
}

/**
 * cpis_hub_client_check_child_finish:
 *
 * Returns: (transfer full): the result, FAILED when the hub could not answer
 */
CpisCheckResult *
cpis_hub_client_check_child_finish (CpisHubClient  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
