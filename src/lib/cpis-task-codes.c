/* cpis-task-codes.c: the vocabularies of a notification (a FHIR Task) */

#include "cpis-task-codes.h"

G_DEFINE_ENUM_TYPE (CpisTaskStatus, cpis_task_status,
  G_DEFINE_ENUM_VALUE (CPIS_TASK_STATUS_REQUESTED, "requested"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_STATUS_ACCEPTED, "accepted"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_STATUS_IN_PROGRESS, "in-progress"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_STATUS_COMPLETED, "completed"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_STATUS_CANCELLED, "cancelled"))

G_DEFINE_ENUM_TYPE (CpisTaskOutcome, cpis_task_outcome,
  G_DEFINE_ENUM_VALUE (CPIS_TASK_OUTCOME_NONE, "none"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_OUTCOME_UNRECOGNISED, "unrecognised"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_OUTCOME_CONTACTED_FAMILY, "contacted-family"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_OUTCOME_CONTACTED_HEALTH_PROFESSIONAL, "contacted-health-professional"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_OUTCOME_ADDED_TO_CASE_RECORD, "added-to-case-record"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_OUTCOME_REFERRED, "referred"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_OUTCOME_NO_FURTHER_ACTION, "no-further-action"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_OUTCOME_NOT_OUR_CHILD, "not-our-child"))

G_DEFINE_ENUM_TYPE (CpisTaskKind, cpis_task_kind,
  G_DEFINE_ENUM_VALUE (CPIS_TASK_KIND_UNRECOGNISED, "unrecognised"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_KIND_ACCESS_TO_SERVICE, "access-to-service"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_KIND_INACTIVE_NHS_NUMBER, "inactive-nhs-number"))

G_DEFINE_ENUM_TYPE (CpisTaskOwnerKind, cpis_task_owner_kind,
  G_DEFINE_ENUM_VALUE (CPIS_TASK_OWNER_LOCAL_AUTHORITY, "local-authority"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_OWNER_TEAM, "team"),
  G_DEFINE_ENUM_VALUE (CPIS_TASK_OWNER_WORKER, "worker"))

static const char * const status_names[CPIS_TASK_N_STATUSES] = {
  [CPIS_TASK_STATUS_REQUESTED] = "requested",
  [CPIS_TASK_STATUS_ACCEPTED] = "accepted",
  [CPIS_TASK_STATUS_IN_PROGRESS] = "in-progress",
  [CPIS_TASK_STATUS_COMPLETED] = "completed",
  [CPIS_TASK_STATUS_CANCELLED] = "cancelled",
};

/* The contract's transitions: the statuses each one can become */
static const guint transitions[CPIS_TASK_N_STATUSES] = {
  [CPIS_TASK_STATUS_REQUESTED] = (CPIS_TASK_STATUS_BIT (CPIS_TASK_STATUS_ACCEPTED) |
                                  CPIS_TASK_STATUS_BIT (CPIS_TASK_STATUS_IN_PROGRESS) |
                                  CPIS_TASK_STATUS_BIT (CPIS_TASK_STATUS_CANCELLED)),
  [CPIS_TASK_STATUS_ACCEPTED] = (CPIS_TASK_STATUS_BIT (CPIS_TASK_STATUS_IN_PROGRESS) |
                                 CPIS_TASK_STATUS_BIT (CPIS_TASK_STATUS_COMPLETED) |
                                 CPIS_TASK_STATUS_BIT (CPIS_TASK_STATUS_CANCELLED)),
  [CPIS_TASK_STATUS_IN_PROGRESS] = (CPIS_TASK_STATUS_BIT (CPIS_TASK_STATUS_COMPLETED) |
                                    CPIS_TASK_STATUS_BIT (CPIS_TASK_STATUS_CANCELLED)),
  [CPIS_TASK_STATUS_COMPLETED] = 0,
  [CPIS_TASK_STATUS_CANCELLED] = 0,
};

static const struct
{
  CpisTaskOutcome  outcome;
  const char      *code;
  const char      *display;
} outcomes[] = {
  { CPIS_TASK_OUTCOME_CONTACTED_FAMILY, "contacted-family", "Contacted the family" },
  { CPIS_TASK_OUTCOME_CONTACTED_HEALTH_PROFESSIONAL, "contacted-health-professional",
    "Contacted the health professional" },
  { CPIS_TASK_OUTCOME_ADDED_TO_CASE_RECORD, "added-to-case-record", "Added to the case record" },
  { CPIS_TASK_OUTCOME_REFERRED, "referred", "Referred for assessment" },
  { CPIS_TASK_OUTCOME_NO_FURTHER_ACTION, "no-further-action", "No further action" },
  { CPIS_TASK_OUTCOME_NOT_OUR_CHILD, "not-our-child", "Not this authority's child" },
};

static const struct
{
  CpisTaskKind  kind;
  const char   *code;
  const char   *display;
} kinds[] = {
  { CPIS_TASK_KIND_ACCESS_TO_SERVICE, "access-to-service", "Access to Service Notification" },
  { CPIS_TASK_KIND_INACTIVE_NHS_NUMBER, "inactive-nhs-number", "Inactive NHS Number Notification" },
};

static gboolean
status_is_valid (CpisTaskStatus status)
{
  return (guint) status < CPIS_TASK_N_STATUSES;
}

gboolean
cpis_task_status_from_string (const char     *text,
                              CpisTaskStatus *status)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < CPIS_TASK_N_STATUSES; i++)
    if (g_str_equal (text, status_names[i]))
      {
        if (status != NULL)
          *status = (CpisTaskStatus) i;
        return TRUE;
      }

  return FALSE;
}

const char *
cpis_task_status_to_string (CpisTaskStatus status)
{
  g_return_val_if_fail (status_is_valid (status), NULL);

  return status_names[status];
}

gboolean
cpis_task_status_is_final (CpisTaskStatus status)
{
  g_return_val_if_fail (status_is_valid (status), TRUE);

  return transitions[status] == 0;
}

gboolean
cpis_task_status_can_become (CpisTaskStatus from,
                             CpisTaskStatus to)
{
  g_return_val_if_fail (status_is_valid (from), FALSE);
  g_return_val_if_fail (status_is_valid (to), FALSE);

  return (transitions[from] & CPIS_TASK_STATUS_BIT (to)) != 0;
}

guint
cpis_task_status_get_next (CpisTaskStatus from,
                           CpisTaskStatus next[CPIS_TASK_N_STATUSES])
{
  guint n = 0;

  g_return_val_if_fail (status_is_valid (from), 0);
  g_return_val_if_fail (next != NULL, 0);

  for (guint to = 0; to < CPIS_TASK_N_STATUSES; to++)
    if (transitions[from] & CPIS_TASK_STATUS_BIT (to))
      next[n++] = (CpisTaskStatus) to;

  return n;
}

gboolean
cpis_task_outcome_from_code (const char      *code,
                             CpisTaskOutcome *outcome)
{
  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    if (g_str_equal (code, outcomes[i].code))
      {
        if (outcome != NULL)
          *outcome = outcomes[i].outcome;
        return TRUE;
      }

  return FALSE;
}

const char *
cpis_task_outcome_to_code (CpisTaskOutcome outcome)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    if (outcomes[i].outcome == outcome)
      return outcomes[i].code;

  return NULL;
}

const char *
cpis_task_outcome_to_display (CpisTaskOutcome outcome)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    if (outcomes[i].outcome == outcome)
      return outcomes[i].display;

  return NULL;
}

gboolean
cpis_task_outcome_is_known (CpisTaskOutcome outcome)
{
  return cpis_task_outcome_to_code (outcome) != NULL;
}

gboolean
cpis_task_kind_from_code (const char   *code,
                          CpisTaskKind *kind)
{
  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (code, kinds[i].code))
      {
        if (kind != NULL)
          *kind = kinds[i].kind;
        return TRUE;
      }

  return FALSE;
}

const char *
cpis_task_kind_to_code (CpisTaskKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].code;

  return NULL;
}

const char *
cpis_task_kind_to_display (CpisTaskKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].display;

  return NULL;
}
