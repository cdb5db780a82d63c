/* cpis-hub-task-update.h: reading a PUT Task body against the version it
 * changes
 *
 * docs/api.md, "Updating": the body is the Task as read, with the changes.
 * What may change is the status (along the lifecycle, with a reason to
 * cancel and an outcome to complete), the outcome, the owner (within the
 * LA) and new notes at the end; nothing else, and nothing at all of a
 * completed or cancelled Task.
 */
#pragma once

#include <glib.h>

#include "cpis-hub-records.h"
#include "cpis-hub-store.h"

G_BEGIN_DECLS

/* What a body asks to change; every string owned */
typedef struct
{
  CpisHubTaskStatus     status;
  char                 *status_reason;
  char                 *business_status;
  CpisHubTaskOwnerKind  owner_kind;
  char                 *owner_ref;
  GPtrArray            *new_notes;    /* char *, in order, NULL-terminated */
  gboolean              changed;      /* FALSE: the body is the version as it is */
} CpisHubTaskChange;

void               cpis_hub_task_change_free (CpisHubTaskChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubTaskChange, cpis_hub_task_change_free)

/* The most a new note may hold, in characters */
#define CPIS_HUB_TASK_NOTE_MAX_CHARS 10000
/* The most a cancellation's reason may hold, in characters */
#define CPIS_HUB_TASK_REASON_MAX_CHARS 1000

/* Reads @body (a PUT to Task/@url_id) against @current, the version it is
 * made on, for a social worker of @current's LA; @store resolves owners.
 * Returns the change, or NULL with the answer to give: *@status 400
 * (INVALID_RESOURCE: the body cannot be read as this Task), 422
 * (BUSINESS_RULE: it can, but the change is not allowed) or 500 (the store
 * failed), and a sentence in *@diagnostics (no patient data). */
CpisHubTaskChange *cpis_hub_task_change_read (CpisHubStore       *store,
                                              const CpisHubTask  *current,
                                              const char         *url_id,
                                              GBytes             *body,
                                              guint              *status,
                                              char              **diagnostics);

/* The update that writes @change over @current, by @user_id at @now_usec
 * (borrows both) */
void               cpis_hub_task_change_to_update (const CpisHubTaskChange *change,
                                                   const CpisHubTask       *current,
                                                   gint64                   user_id,
                                                   gint64                   now_usec,
                                                   CpisHubTaskUpdate       *update);

G_END_DECLS
