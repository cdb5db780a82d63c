/* cpis-task-note.c: one note on a notification */

#include "cpis-task-note.h"

#include "cpis-date.h"
#include "cpis-model-private.h"

struct _CpisTaskNote
{
  GObject  parent_instance;

  char    *author_reference;
  char    *author_display;    /* shared: a few people write most notes */
  gint64   time;
  char    *time_text;
  char    *text;
};

G_DEFINE_FINAL_TYPE (CpisTaskNote, cpis_task_note, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_AUTHOR_REFERENCE,
  PROP_AUTHOR_DISPLAY,
  PROP_TIME,
  PROP_TIME_TEXT,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cpis_task_note_finalize (GObject *object)
{
  _cpis_model_clear_strings (object, properties, N_PROPS);

  G_OBJECT_CLASS (cpis_task_note_parent_class)->finalize (object);
}

static void
cpis_task_note_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CpisTaskNote *self = CPIS_TASK_NOTE (object);

  if (prop_id == PROP_TIME)
    g_value_set_int64 (value, self->time);
  else if (!_cpis_model_get_string (object, pspec, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cpis_task_note_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CpisTaskNote *self = CPIS_TASK_NOTE (object);

  if (prop_id == PROP_TIME)
    self->time = g_value_get_int64 (value);
  else if (!_cpis_model_set_string (object, pspec, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cpis_task_note_class_init (CpisTaskNoteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_task_note_finalize;
  object_class->get_property = cpis_task_note_get_property;
  object_class->set_property = cpis_task_note_set_property;

  properties[PROP_AUTHOR_REFERENCE] =
    _cpis_model_shared_string_param ("author-reference", "Author reference",
                                     "Who wrote the note, as the hub refers to them",
                                     G_STRUCT_OFFSET (CpisTaskNote, author_reference));
  properties[PROP_AUTHOR_DISPLAY] =
    _cpis_model_shared_string_param ("author-display", "Author display", "The author's name",
                                     G_STRUCT_OFFSET (CpisTaskNote, author_display));
  properties[PROP_TIME] =
    g_param_spec_int64 ("time", "Time", "When it was written, microseconds since 1970 (UTC)",
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS));
  properties[PROP_TIME_TEXT] =
    _cpis_model_string_param ("time-text", "Time text",
                              "The time as the hub wrote it, when not as the codec would",
                              G_STRUCT_OFFSET (CpisTaskNote, time_text));
  properties[PROP_TEXT] =
    _cpis_model_string_param ("text", "Text", "What was done",
                              G_STRUCT_OFFSET (CpisTaskNote, text));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_task_note_init (CpisTaskNote *self)
{
}

const char *
cpis_task_note_get_author_reference (CpisTaskNote *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_NOTE (self), NULL);

  return self->author_reference;
}

const char *
cpis_task_note_get_author_display (CpisTaskNote *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_NOTE (self), NULL);

  return self->author_display;
}

gint64
cpis_task_note_get_time (CpisTaskNote *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_NOTE (self), 0);

  return self->time;
}

const char *
cpis_task_note_get_time_text (CpisTaskNote *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_NOTE (self), NULL);

  return self->time_text;
}

GDateTime *
cpis_task_note_dup_time (CpisTaskNote *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_NOTE (self), NULL);

  if (self->time == 0)
    return NULL;

  return cpis_date_time_new_utc_usec (self->time);
}

const char *
cpis_task_note_get_text (CpisTaskNote *self)
{
  g_return_val_if_fail (CPIS_IS_TASK_NOTE (self), NULL);

  return self->text;
}
