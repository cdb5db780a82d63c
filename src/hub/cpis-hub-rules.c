/* cpis-hub-rules.c: which plans a clinician sees, and until when; how a
 * notification moves through its lifecycle */
#include "cpis-hub-rules.h"

#include "cpis-date.h"

/* TRUE if @today is on or before @date_text + @days. An unreadable date keeps
 * the plan visible: hiding a protection plan is the dangerous mistake. */
static gboolean
within_days_after (const char  *date_text,
                   guint        days,
                   const GDate *today)
{
  GDate last_day;

  if (!cpis_date_parse (date_text, &last_day))
    return TRUE;

  g_date_add_days (&last_day, days);
  return g_date_compare (today, &last_day) <= 0;
}

gboolean
cpis_hub_plan_is_shown (const CpisHubPlan *plan,
                        const GDate       *today)
{
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (plan->end_date != NULL && *plan->end_date != '\0' &&
      !within_days_after (plan->end_date, CPIS_HUB_DAYS_SHOWN_AFTER_END, today))
    return FALSE;

  if (plan->plan_type == CPIS_PLAN_TYPE_UCPP && plan->due_date != NULL && *plan->due_date != '\0' &&
      !within_days_after (plan->due_date, CPIS_HUB_DAYS_SHOWN_AFTER_DUE, today))
    return FALSE;

  return TRUE;
}

GPtrArray *
cpis_hub_plans_to_show (GPtrArray   *plans,
                        const GDate *today)
{
  GPtrArray *shown;

  g_return_val_if_fail (plans != NULL, NULL);

  shown = g_ptr_array_new ();
  for (guint i = 0; i < plans->len; i++)
    {
      CpisHubPlan *plan = g_ptr_array_index (plans, i);

      if (cpis_hub_plan_is_shown (plan, today))
        g_ptr_array_add (shown, plan);
    }

  return shown;
}

gboolean
cpis_hub_task_status_is_final (CpisHubTaskStatus status)
{
  return status == CPIS_HUB_TASK_STATUS_COMPLETED || status == CPIS_HUB_TASK_STATUS_CANCELLED;
}

gboolean
cpis_hub_task_status_can_become (CpisHubTaskStatus from,
                                 CpisHubTaskStatus to)
{
  switch (from)
    {
    case CPIS_HUB_TASK_STATUS_REQUESTED:
      return to == CPIS_HUB_TASK_STATUS_ACCEPTED || to == CPIS_HUB_TASK_STATUS_IN_PROGRESS ||
             to == CPIS_HUB_TASK_STATUS_CANCELLED;
    case CPIS_HUB_TASK_STATUS_ACCEPTED:
      return to == CPIS_HUB_TASK_STATUS_IN_PROGRESS || to == CPIS_HUB_TASK_STATUS_COMPLETED ||
             to == CPIS_HUB_TASK_STATUS_CANCELLED;
    case CPIS_HUB_TASK_STATUS_IN_PROGRESS:
      return to == CPIS_HUB_TASK_STATUS_COMPLETED || to == CPIS_HUB_TASK_STATUS_CANCELLED;
    case CPIS_HUB_TASK_STATUS_COMPLETED:
    case CPIS_HUB_TASK_STATUS_CANCELLED:
    default:
      return FALSE;
    }
}
