/* cpis-task-text.c: a notification in words */

#include <glib/gi18n.h>

#include "cpis-date.h"
#include "cpis-task-text-private.h"

const char *
_cpis_task_status_in_words (CpisTaskStatus status)
{
  switch (status)
    {
    case CPIS_TASK_STATUS_REQUESTED:
      /* Translators: a notification nobody has taken on yet */
      return _("New");
    case CPIS_TASK_STATUS_ACCEPTED:
      return _("Accepted");
    case CPIS_TASK_STATUS_IN_PROGRESS:
      return _("In progress");
    case CPIS_TASK_STATUS_COMPLETED:
      return _("Completed");
    case CPIS_TASK_STATUS_CANCELLED:
      return _("Cancelled");
    default:
      return _("Unknown status");
    }
}

const char *
_cpis_task_outcome_words (CpisTaskOutcome outcome)
{
  switch (outcome)
    {
    case CPIS_TASK_OUTCOME_CONTACTED_FAMILY:
      return _("Contacted the family");
    case CPIS_TASK_OUTCOME_CONTACTED_HEALTH_PROFESSIONAL:
      return _("Contacted the health professional");
    case CPIS_TASK_OUTCOME_ADDED_TO_CASE_RECORD:
      return _("Added to the case record");
    case CPIS_TASK_OUTCOME_REFERRED:
      return _("Referred for assessment");
    case CPIS_TASK_OUTCOME_NO_FURTHER_ACTION:
      return _("No further action");
    case CPIS_TASK_OUTCOME_NOT_OUR_CHILD:
      return _("Not this authority's child");
    case CPIS_TASK_OUTCOME_UNRECOGNISED:
      return _("Unrecognised outcome");
    case CPIS_TASK_OUTCOME_NONE:
    default:
      return NULL;
    }
}

const char *
_cpis_task_outcome_in_words (CpisTask *task)
{
  CpisTaskOutcome outcome = cpis_task_get_outcome (task);

  /* an outcome this version does not know is shown as the hub has it,
   * never dropped */
  if (outcome == CPIS_TASK_OUTCOME_UNRECOGNISED)
    {
      if (cpis_task_get_outcome_display (task) != NULL)
        return cpis_task_get_outcome_display (task);
      if (cpis_task_get_outcome_code (task) != NULL)
        return cpis_task_get_outcome_code (task);
    }

  return _cpis_task_outcome_words (outcome);
}

const char *
_cpis_task_kind_in_words (CpisTask *task)
{
  switch (cpis_task_get_kind (task))
    {
    case CPIS_TASK_KIND_ACCESS_TO_SERVICE:
      /* Translators: an Access to Service Notification: the child attended
       * an unscheduled care setting */
      return _("Attendance");
    case CPIS_TASK_KIND_INACTIVE_NHS_NUMBER:
      return _("NHS number inactive");
    case CPIS_TASK_KIND_UNRECOGNISED:
    default:
      if (cpis_task_get_kind_display (task) != NULL)
        return cpis_task_get_kind_display (task);
      return _("Unrecognised notification");
    }
}

char *
_cpis_task_owner_in_words (CpisTask *task)
{
  const char *display = cpis_task_get_owner_display (task);

  if (cpis_task_get_owner_kind (task) == CPIS_TASK_OWNER_LOCAL_AUTHORITY)
    {
      /* Translators: %s is the local authority, e.g. "Northgate Council" */
      return display != NULL ? g_strdup_printf (_("Unassigned (%s)"), display)
                             : g_strdup (_("Unassigned"));
    }

  if (display != NULL)
    return g_strdup (display);

  return g_strdup (cpis_task_get_owner_kind (task) == CPIS_TASK_OWNER_TEAM
                     ? _("A team (name not given)")
                     : _("A social worker (name not given)"));
}

char *
_cpis_task_format_moment (gint64 usec,
                          gint64 now_usec)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now_utc = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  GDate day, today;
  gint days;

  if (usec == 0)
    return g_strdup ("");

  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  now_utc = g_date_time_new_from_unix_utc (now_usec / G_USEC_PER_SEC);
  if (utc == NULL || now_utc == NULL)
    return g_strdup ("");

  local = g_date_time_to_timezone (utc, cpis_date_uk_time_zone ());
  now = g_date_time_to_timezone (now_utc, cpis_date_uk_time_zone ());
  g_date_clear (&day, 1);
  g_date_clear (&today, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  days = g_date_days_between (&day, &today);
  time = g_date_time_format (local, "%H:%M");

  if (days == 0)
    /* Translators: %s is a time, "14:02" */
    return g_strdup_printf (_("Today %s"), time);
  if (days == 1)
    return g_strdup_printf (_("Yesterday %s"), time);
  if (days > 1 && days < 7)
    /* Translators: a day of this week and a time, as g_date_time_format has
     * them: "Mon 30 Nov 18:40" */
    return g_date_time_format (local, _("%a %-d %b %H:%M"));

  /* Translators: a date with its year and a time: "12 Oct 2025 08:00" */
  return g_date_time_format (local, _("%-d %b %Y %H:%M"));
}
