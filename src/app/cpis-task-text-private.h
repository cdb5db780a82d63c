/* cpis-task-text-private.h: a notification in words, shared by the inbox's
 * table and the notification opened
 *
 * The core gives the wire names (cpis-task-codes.h); these are the words a
 * social worker reads.
 */
#pragma once

#include <glib.h>

#include "cpis-task.h"

G_BEGIN_DECLS

/* "New", "Accepted", "In progress", "Completed", "Cancelled" */
const char *_cpis_task_status_in_words  (CpisTaskStatus   status);
/* "Contacted the family" …; an unrecognised outcome as the hub displayed it
 * (or its code); NULL for none */
const char *_cpis_task_outcome_in_words (CpisTask        *task);
const char *_cpis_task_outcome_words    (CpisTaskOutcome  outcome);
/* "Attendance" or "NHS number inactive" (or the hub's display of a kind
 * this version does not know) */
const char *_cpis_task_kind_in_words    (CpisTask        *task);
/* Who holds it: "Unassigned (Northgate Council)", a team's or a social
 * worker's name (transfer full) */
char       *_cpis_task_owner_in_words   (CpisTask        *task);
/* A moment (microseconds since 1970, UTC) in UK time: "Today 14:02",
 * "Yesterday 09:15", "Mon 30 Nov 18:40", "12 Oct 2025 08:00"; "" for 0
 * (transfer full). @now_usec: the moment to count days from. */
char       *_cpis_task_format_moment    (gint64           usec,
                                         gint64           now_usec);

G_END_DECLS
