/* cpis-task-note.h: one note on a notification (a Task's annotation): what
 * was done, by whom, when
 *
 * Immutable: notes are only ever added, never edited or removed.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CPIS_TYPE_TASK_NOTE (cpis_task_note_get_type ())

G_DECLARE_FINAL_TYPE (CpisTaskNote, cpis_task_note, CPIS, TASK_NOTE, GObject)

/* Properties (construct-only, readable):
 *   "author-reference" string  as the hub wrote it, e.g. "PractitionerRole/{id}"; may be NULL
 *   "author-display"   string  the author's name; may be NULL
 *   "time"             gint64  when it was written: microseconds since 1970 (UTC);
 *                              0 when the hub did not say
 *   "time-text"        string  the time exactly as the hub wrote it, when that differs
 *                              from how the codec writes the same instant (NULL
 *                              otherwise): a note is sent back exactly as read
 *   "text"             string  what was done
 */

const char *cpis_task_note_get_author_reference (CpisTaskNote *self);
const char *cpis_task_note_get_author_display   (CpisTaskNote *self);
gint64      cpis_task_note_get_time             (CpisTaskNote *self);
const char *cpis_task_note_get_time_text        (CpisTaskNote *self);
/* The time in UTC, or NULL when the hub did not give one */
GDateTime  *cpis_task_note_dup_time             (CpisTaskNote *self);
const char *cpis_task_note_get_text             (CpisTaskNote *self);

G_END_DECLS
