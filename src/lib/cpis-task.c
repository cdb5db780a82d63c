/* cpis-task.c: one notification to a local authority (a FHIR Task) */

#include <glib/gi18n-lib.h>

#include "cpis-task.h"

#include <string.h>

#include "cpis-date.h"
#include "cpis-model-private.h"

/* What thousands of notifications have alike (the codings as received,
 * the care setting, who made the version): one copy for all that have the
 * same, counted by reference. Its strings are interned GRefStrings, so two
 * are the same when their pointers are. */
enum {
  COMMON_OUTCOME_SYSTEM,
  COMMON_OUTCOME_CODE,
  COMMON_OUTCOME_DISPLAY,
  COMMON_KIND_SYSTEM,
  COMMON_KIND_CODE,
  COMMON_KIND_DISPLAY,
  COMMON_INTENT,
  COMMON_PRIORITY,
  COMMON_SETTING_CODE,
  COMMON_SETTING_NAME,
  COMMON_MODIFIED_BY_ID,
  COMMON_MODIFIED_BY_DISPLAY,
  N_COMMON
};

typedef struct
{
  char  *strings[N_COMMON];
  guint  refs;                 /* under common_lock */
} Common;

struct _CpisTask
{
  GObject            parent_instance;

  char              *id;
  Common            *common;             /* shared with the Tasks that have the same (until
                                            constructed: its own, being set) */
  char              *version;            /* shared */
  gint64             last_updated;
  char              *status_reason;
  char              *access_id;
  char              *nhs_number;
  char              *child_name;
  gint64             authored_on;
  char              *authored_on_text;
  gint64             last_modified;
  char              *owner_id;           /* shared */
  char              *owner_display;      /* shared */
  char              *replaced_by;
  char              *extra;              /* shared */
  GPtrArray         *notes;              /* NULL when there are none */
  CpisAccessEvent   *access_event;
  /* the enums in a byte each (every one is below 16): an inbox holds many thousands */
  guint8             status;             /* CpisTaskStatus */
  guint8             outcome;            /* CpisTaskOutcome */
  guint8             kind;               /* CpisTaskKind */
  guint8             owner_kind;         /* CpisTaskOwnerKind */
  guint              out_of_area : 1;
  guint              out_of_area_stated : 1;
};

G_DEFINE_FINAL_TYPE (CpisTask, cpis_task, G_TYPE_OBJECT)

G_DEFINE_QUARK (cpis-task-error-quark, cpis_task_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_VERSION,
  PROP_LAST_UPDATED,
  PROP_STATUS,
  PROP_STATUS_REASON,
  PROP_OUTCOME,
  PROP_OUTCOME_SYSTEM,
  PROP_OUTCOME_CODE,
  PROP_OUTCOME_DISPLAY,
  PROP_KIND,
  PROP_KIND_SYSTEM,
  PROP_KIND_CODE,
  PROP_KIND_DISPLAY,
  PROP_INTENT,
  PROP_PRIORITY,
  PROP_ACCESS_ID,
  PROP_NHS_NUMBER,
  PROP_CHILD_NAME,
  PROP_AUTHORED_ON,
  PROP_AUTHORED_ON_TEXT,
  PROP_LAST_MODIFIED,
  PROP_SETTING_CODE,
  PROP_SETTING_NAME,
  PROP_OUT_OF_AREA,
  PROP_OUT_OF_AREA_STATED,
  PROP_OWNER_KIND,
  PROP_OWNER_ID,
  PROP_OWNER_DISPLAY,
  PROP_MODIFIED_BY_ID,
  PROP_MODIFIED_BY_DISPLAY,
  PROP_REPLACED_BY,
  PROP_NOTES,
  PROP_EXTRA,
  PROP_ACCESS_EVENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Common ------------------------------------------------------------------ */

G_LOCK_DEFINE_STATIC (common_lock);
static GHashTable *commons;   /* Common → itself, under common_lock */

static GQuark
common_index_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("cpis-task-common-index");
  return quark;
}

static GParamSpec *
common_param (const char *name,
              const char *nick,
              const char *blurb,
              guint       index)
{
  GParamSpec *pspec = g_param_spec_string (name, nick, blurb, NULL,
                                           (G_PARAM_READWRITE |
                                            G_PARAM_CONSTRUCT_ONLY |
                                            G_PARAM_STATIC_STRINGS));

  /* index + 1: 0 is "not a common string" */
  g_param_spec_set_qdata (pspec, common_index_quark (), GUINT_TO_POINTER (index + 1));
  return pspec;
}

/* The index of @pspec in Common, or -1 */
static int
common_index (GParamSpec *pspec)
{
  return (int) GPOINTER_TO_UINT (g_param_spec_get_qdata (pspec, common_index_quark ())) - 1;
}

static guint
common_hash (gconstpointer key)
{
  const Common *common = key;
  guint hash = 5381;

  for (guint i = 0; i < N_COMMON; i++)
    hash = hash * 33 + g_direct_hash (common->strings[i]);
  return hash;
}

static gboolean
common_equal (gconstpointer a,
              gconstpointer b)
{
  /* interned: the same text is the same pointer */
  return memcmp (((const Common *) a)->strings, ((const Common *) b)->strings,
                 sizeof ((const Common *) a)->strings) == 0;
}

static void
common_free (Common *common)
{
  for (guint i = 0; i < N_COMMON; i++)
    g_clear_pointer (&common->strings[i], g_ref_string_release);
  g_free (common);
}

/* The one Common like @building (taken) */
static Common *
common_intern (Common *building)
{
  Common *common;

  G_LOCK (common_lock);
  if (commons == NULL)
    commons = g_hash_table_new (common_hash, common_equal);

  common = g_hash_table_lookup (commons, building);
  if (common == NULL)
    {
      common = building;
      g_hash_table_add (commons, common);
    }
  common->refs++;
  G_UNLOCK (common_lock);

  if (common != building)
    common_free (building);

  return common;
}

static void
common_release (Common *common)
{
  gboolean last;

  G_LOCK (common_lock);
  last = --common->refs == 0;
  if (last)
    g_hash_table_remove (commons, common);
  G_UNLOCK (common_lock);

  if (last)
    common_free (common);
}

/* Returned for a Task without notes, so that none keeps an array of its own */
static GPtrArray *
no_notes (void)
{
  static GPtrArray *empty;

  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, g_ptr_array_new ());

  return empty;
}

static void
cpis_task_constructed (GObject *object)
{
  CpisTask *self = (CpisTask *) object;

  G_OBJECT_CLASS (cpis_task_parent_class)->constructed (object);

  self->common = common_intern (self->common != NULL ? self->common : g_new0 (Common, 1));

  /* the access's id is the access event's own when it is there (not kept
   * twice: an inbox holds many thousands of these) */
  if (self->access_event != NULL &&
      g_strcmp0 (self->access_id, cpis_access_event_get_id (self->access_event)) == 0)
    g_clear_pointer (&self->access_id, g_free);
}

static void
cpis_task_finalize (GObject *object)
{
  CpisTask *self = (CpisTask *) object;

  _cpis_model_clear_strings (object, properties, N_PROPS);
  g_clear_pointer (&self->common, common_release);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_object (&self->access_event);

  G_OBJECT_CLASS (cpis_task_parent_class)->finalize (object);
}

static void
cpis_task_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CpisTask *self = CPIS_TASK (object);

  switch (prop_id)
    {
    case PROP_LAST_UPDATED:
      g_value_set_int64 (value, self->last_updated);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_AUTHORED_ON:
      g_value_set_int64 (value, self->authored_on);
      break;

    case PROP_LAST_MODIFIED:
      g_value_set_int64 (value, self->last_modified);
      break;

    case PROP_OUT_OF_AREA:
      g_value_set_boolean (value, self->out_of_area);
      break;

    case PROP_OUT_OF_AREA_STATED:
      g_value_set_boolean (value, self->out_of_area_stated);
      break;

    case PROP_OWNER_KIND:
      g_value_set_enum (value, self->owner_kind);
      break;

    case PROP_NOTES:
      g_value_set_boxed (value, cpis_task_get_notes (self));
      break;

    case PROP_ACCESS_ID:
      g_value_set_string (value, cpis_task_get_access_id (self));
      break;

    case PROP_ACCESS_EVENT:
      g_value_set_object (value, self->access_event);
      break;

    default:
      if (common_index (pspec) >= 0)
        g_value_set_string (value, self->common->strings[common_index (pspec)]);
      else if (!_cpis_model_get_string (object, pspec, value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_task_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CpisTask *self = CPIS_TASK (object);
  GPtrArray *notes;

  switch (prop_id)
    {
    case PROP_LAST_UPDATED:
      self->last_updated = g_value_get_int64 (value);
      break;

    case PROP_STATUS:
      self->status = g_value_get_enum (value);
      break;

    case PROP_OUTCOME:
      self->outcome = g_value_get_enum (value);
      break;

    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_AUTHORED_ON:
      self->authored_on = g_value_get_int64 (value);
      break;

    case PROP_LAST_MODIFIED:
      self->last_modified = g_value_get_int64 (value);
      break;

    case PROP_OUT_OF_AREA:
      self->out_of_area = g_value_get_boolean (value);
      break;

    case PROP_OUT_OF_AREA_STATED:
      self->out_of_area_stated = g_value_get_boolean (value);
      break;

    case PROP_OWNER_KIND:
      self->owner_kind = g_value_get_enum (value);
      break;

    case PROP_NOTES:
      g_clear_pointer (&self->notes, g_ptr_array_unref);
      notes = g_value_get_boxed (value);
      if (notes != NULL && notes->len > 0)
        {
          for (guint i = 0; i < notes->len; i++)
            g_return_if_fail (CPIS_IS_TASK_NOTE (g_ptr_array_index (notes, i)));
          self->notes = g_ptr_array_ref (notes);
        }
      break;

    case PROP_ACCESS_EVENT:
      g_set_object (&self->access_event, g_value_get_object (value));
      break;

    default:
      if (common_index (pspec) >= 0)
        {
          const char *text = g_value_get_string (value);
          char **slot;

          /* (construct-only: set before constructed() interns them) */
          if (self->common == NULL)
            self->common = g_new0 (Common, 1);
          slot = &self->common->strings[common_index (pspec)];
          g_clear_pointer (slot, g_ref_string_release);
          *slot = text != NULL ? g_ref_string_new_intern (text) : NULL;
        }
      else if (!_cpis_model_set_string (object, pspec, value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
enum_param (const char *name,
            const char *nick,
            const char *blurb,
            GType       type,
            int         default_value)
{
  return g_param_spec_enum (name, nick, blurb, type, default_value,
                            (G_PARAM_READWRITE |
                             G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
usec_param (const char *name,
            const char *nick,
            const char *blurb)
{
  return g_param_spec_int64 (name, nick, blurb, G_MININT64, G_MAXINT64, 0,
                             (G_PARAM_READWRITE |
                              G_PARAM_CONSTRUCT_ONLY |
                              G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
boolean_param (const char *name,
               const char *nick,
               const char *blurb)
{
  return g_param_spec_boolean (name, nick, blurb, FALSE,
                               (G_PARAM_READWRITE |
                                G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS));
}

#define STRING(name, nick, blurb, field) \
  _cpis_model_string_param (name, nick, blurb, G_STRUCT_OFFSET (CpisTask, field))
#define SHARED(name, nick, blurb, field) \
  _cpis_model_shared_string_param (name, nick, blurb, G_STRUCT_OFFSET (CpisTask, field))
#define COMMON(name, nick, blurb, index) common_param (name, nick, blurb, index)

static void
cpis_task_class_init (CpisTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cpis_task_constructed;
  object_class->finalize = cpis_task_finalize;
  object_class->get_property = cpis_task_get_property;
  object_class->set_property = cpis_task_set_property;

  properties[PROP_ID] = STRING ("id", "Id", "The notification's id", id);
  properties[PROP_VERSION] = SHARED ("version", "Version", "meta.versionId", version);
  properties[PROP_LAST_UPDATED] = usec_param ("last-updated", "Last updated", "meta.lastUpdated");
  properties[PROP_STATUS] =
    enum_param ("status", "Status", "The Task's status",
                CPIS_TYPE_TASK_STATUS, CPIS_TASK_STATUS_REQUESTED);
  properties[PROP_STATUS_REASON] =
    STRING ("status-reason", "Status reason", "Why it was cancelled", status_reason);
  properties[PROP_OUTCOME] =
    enum_param ("outcome", "Outcome", "businessStatus",
                CPIS_TYPE_TASK_OUTCOME, CPIS_TASK_OUTCOME_NONE);
  properties[PROP_OUTCOME_SYSTEM] =
    COMMON ("outcome-system", "Outcome system", "businessStatus's system as received", COMMON_OUTCOME_SYSTEM);
  properties[PROP_OUTCOME_CODE] =
    COMMON ("outcome-code", "Outcome code", "businessStatus's code as received", COMMON_OUTCOME_CODE);
  properties[PROP_OUTCOME_DISPLAY] =
    COMMON ("outcome-display", "Outcome display", "businessStatus's display as received", COMMON_OUTCOME_DISPLAY);
  properties[PROP_KIND] =
    enum_param ("kind", "Kind", "The kind of notification",
                CPIS_TYPE_TASK_KIND, CPIS_TASK_KIND_UNRECOGNISED);
  properties[PROP_KIND_SYSTEM] =
    COMMON ("kind-system", "Kind system", "code's system as received", COMMON_KIND_SYSTEM);
  properties[PROP_KIND_CODE] =
    COMMON ("kind-code", "Kind code", "code's code as received", COMMON_KIND_CODE);
  properties[PROP_KIND_DISPLAY] =
    COMMON ("kind-display", "Kind display", "code's display as received", COMMON_KIND_DISPLAY);
  properties[PROP_INTENT] = COMMON ("intent", "Intent", "intent as received", COMMON_INTENT);
  properties[PROP_PRIORITY] = COMMON ("priority", "Priority", "priority as received", COMMON_PRIORITY);
  properties[PROP_ACCESS_ID] =
    STRING ("access-id", "Access id", "The AuditEvent id of the access notified", access_id);
  properties[PROP_NHS_NUMBER] =
    STRING ("nhs-number", "NHS number", "The child's (or mother's) NHS number", nhs_number);
  properties[PROP_CHILD_NAME] =
    STRING ("child-name", "Child name", "The name on the plan", child_name);
  properties[PROP_AUTHORED_ON] =
    usec_param ("authored-on", "Authored on", "When the notification was raised");
  properties[PROP_AUTHORED_ON_TEXT] =
    STRING ("authored-on-text", "Authored on text",
            "authoredOn as received, when not as the codec writes it", authored_on_text);
  properties[PROP_LAST_MODIFIED] =
    usec_param ("last-modified", "Last modified", "When this version was made");
  properties[PROP_SETTING_CODE] =
    COMMON ("setting-code", "Setting code", "The care setting's ODS code", COMMON_SETTING_CODE);
  properties[PROP_SETTING_NAME] =
    COMMON ("setting-name", "Setting name", "The care setting's name", COMMON_SETTING_NAME);
  properties[PROP_OUT_OF_AREA] =
    boolean_param ("out-of-area", "Out of area", "The care setting is outside the LA's area");
  properties[PROP_OUT_OF_AREA_STATED] =
    boolean_param ("out-of-area-stated", "Out of area stated", "Whether the hub said");
  properties[PROP_OWNER_KIND] =
    enum_param ("owner-kind", "Owner kind", "The LA, a team or a social worker",
                CPIS_TYPE_TASK_OWNER_KIND, CPIS_TASK_OWNER_LOCAL_AUTHORITY);
  properties[PROP_OWNER_ID] = SHARED ("owner-id", "Owner id", "Who owns it", owner_id);
  properties[PROP_OWNER_DISPLAY] =
    SHARED ("owner-display", "Owner display", "The owner's name", owner_display);
  properties[PROP_MODIFIED_BY_ID] =
    COMMON ("modified-by-id", "Modified by id", "Who made this version", COMMON_MODIFIED_BY_ID);
  properties[PROP_MODIFIED_BY_DISPLAY] =
    COMMON ("modified-by-display", "Modified by display", "Their name", COMMON_MODIFIED_BY_DISPLAY);
  properties[PROP_REPLACED_BY] =
    STRING ("replaced-by", "Replaced by", "The NHS number that replaced an inactive one",
            replaced_by);
  properties[PROP_NOTES] =
    g_param_spec_boxed ("notes", "Notes", "CpisTaskNotes, oldest first",
                        G_TYPE_PTR_ARRAY,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS));
  properties[PROP_EXTRA] =
    SHARED ("extra", "Extra", "Members not modelled, as a JSON object", extra);
  properties[PROP_ACCESS_EVENT] =
    g_param_spec_object ("access-event", "Access event",
                         "The access of focus, when the search included it",
                         CPIS_TYPE_ACCESS_EVENT,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

#undef STRING
#undef SHARED
#undef COMMON

static void
cpis_task_init (CpisTask *self)
{
  self->status = CPIS_TASK_STATUS_REQUESTED;
  self->outcome = CPIS_TASK_OUTCOME_NONE;
  self->kind = CPIS_TASK_KIND_UNRECOGNISED;
  self->owner_kind = CPIS_TASK_OWNER_LOCAL_AUTHORITY;
}

/* Getters ---------------------------------------------------------------- */

/* clang-format off */
#define GETTER(type, name, field, fallback)                \
  type                                                     \
  cpis_task_get_##name (CpisTask *self)                    \
  {                                                        \
    g_return_val_if_fail (CPIS_IS_TASK (self), fallback);  \
                                                           \
    return self->field;                                    \
  }

#define COMMON_GETTER(name, index)                         \
  const char *                                             \
  cpis_task_get_##name (CpisTask *self)                    \
  {                                                        \
    g_return_val_if_fail (CPIS_IS_TASK (self), NULL);      \
                                                           \
    return self->common->strings[index];                   \
  }
/* clang-format on */

GETTER (const char *, id, id, NULL)
GETTER (const char *, version, version, NULL)
GETTER (gint64, last_updated, last_updated, 0)
GETTER (CpisTaskStatus, status, status, CPIS_TASK_STATUS_REQUESTED)
GETTER (const char *, status_reason, status_reason, NULL)
GETTER (CpisTaskOutcome, outcome, outcome, CPIS_TASK_OUTCOME_NONE)
COMMON_GETTER (outcome_system, COMMON_OUTCOME_SYSTEM)
COMMON_GETTER (outcome_code, COMMON_OUTCOME_CODE)
COMMON_GETTER (outcome_display, COMMON_OUTCOME_DISPLAY)
GETTER (CpisTaskKind, kind, kind, CPIS_TASK_KIND_UNRECOGNISED)
COMMON_GETTER (kind_system, COMMON_KIND_SYSTEM)
COMMON_GETTER (kind_code, COMMON_KIND_CODE)
COMMON_GETTER (kind_display, COMMON_KIND_DISPLAY)
COMMON_GETTER (intent, COMMON_INTENT)
COMMON_GETTER (priority, COMMON_PRIORITY)
GETTER (const char *, nhs_number, nhs_number, NULL)
GETTER (const char *, child_name, child_name, NULL)
GETTER (gint64, authored_on, authored_on, 0)
GETTER (const char *, authored_on_text, authored_on_text, NULL)
GETTER (gint64, last_modified, last_modified, 0)
COMMON_GETTER (setting_code, COMMON_SETTING_CODE)
COMMON_GETTER (setting_name, COMMON_SETTING_NAME)
GETTER (gboolean, out_of_area, out_of_area, FALSE)
GETTER (gboolean, out_of_area_stated, out_of_area_stated, FALSE)
GETTER (CpisTaskOwnerKind, owner_kind, owner_kind, CPIS_TASK_OWNER_LOCAL_AUTHORITY)
GETTER (const char *, owner_id, owner_id, NULL)
GETTER (const char *, owner_display, owner_display, NULL)
COMMON_GETTER (modified_by_id, COMMON_MODIFIED_BY_ID)
COMMON_GETTER (modified_by_display, COMMON_MODIFIED_BY_DISPLAY)
GETTER (const char *, replaced_by, replaced_by, NULL)
GETTER (const char *, extra, extra, NULL)
GETTER (CpisAccessEvent *, access_event, access_event, NULL)

#undef GETTER
#undef COMMON_GETTER

const char *
cpis_task_get_access_id (CpisTask *self)
{
  g_return_val_if_fail (CPIS_IS_TASK (self), NULL);

  if (self->access_id == NULL && self->access_event != NULL)
    return cpis_access_event_get_id (self->access_event);

  return self->access_id;
}

GPtrArray *
cpis_task_get_notes (CpisTask *self)
{
  g_return_val_if_fail (CPIS_IS_TASK (self), NULL);

  return self->notes != NULL ? self->notes : no_notes ();
}

GDateTime *
cpis_task_dup_authored_on (CpisTask *self)
{
  g_return_val_if_fail (CPIS_IS_TASK (self), NULL);

  return self->authored_on != 0 ? cpis_date_time_new_utc_usec (self->authored_on) : NULL;
}

GDateTime *
cpis_task_dup_last_modified (CpisTask *self)
{
  g_return_val_if_fail (CPIS_IS_TASK (self), NULL);

  return self->last_modified != 0 ? cpis_date_time_new_utc_usec (self->last_modified) : NULL;
}

const char *
cpis_task_get_viewer_name (CpisTask *self)
{
  g_return_val_if_fail (CPIS_IS_TASK (self), NULL);

  return self->access_event != NULL ? cpis_access_event_get_viewer_name (self->access_event)
                                    : NULL;
}

gboolean
cpis_task_is_open (CpisTask *self)
{
  g_return_val_if_fail (CPIS_IS_TASK (self), FALSE);

  return !cpis_task_status_is_final (self->status);
}

guint
cpis_task_get_next_statuses (CpisTask       *self,
                             CpisTaskStatus  next[CPIS_TASK_N_STATUSES])
{
  g_return_val_if_fail (CPIS_IS_TASK (self), 0);

  return cpis_task_status_get_next (self->status, next);
}

gboolean
cpis_task_is_assigned_to (CpisTask   *self,
                          const char *role_id)
{
  g_return_val_if_fail (CPIS_IS_TASK (self), FALSE);

  return (role_id != NULL && self->owner_kind == CPIS_TASK_OWNER_WORKER &&
          g_strcmp0 (self->owner_id, role_id) == 0);
}

/* Changes ---------------------------------------------------------------- */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

void
cpis_task_update_init (CpisTaskUpdate *update,
                       CpisTask       *task)
{
  g_return_if_fail (update != NULL);
  g_return_if_fail (CPIS_IS_TASK (task));

  update->status = task->status;
  update->status_reason = task->status_reason;
  update->outcome = task->outcome;
  update->owner_kind = task->owner_kind;
  update->owner_id = task->owner_id;
  update->owner_display = task->owner_display;
  update->note_text = NULL;
}

gboolean
cpis_task_update_changes (const CpisTaskUpdate *update,
                          CpisTask             *task)
{
  g_return_val_if_fail (update != NULL, FALSE);
  g_return_val_if_fail (CPIS_IS_TASK (task), FALSE);

  return (update->status != task->status ||
          g_strcmp0 (update->status_reason, task->status_reason) != 0 ||
          update->outcome != task->outcome ||
          update->owner_kind != task->owner_kind ||
          g_strcmp0 (update->owner_id, task->owner_id) != 0 ||
          g_strcmp0 (update->owner_display, task->owner_display) != 0 ||
          update->note_text != NULL);
}

gboolean
cpis_task_update_check (const CpisTaskUpdate  *update,
                        CpisTask              *task,
                        GError               **error)
{
  g_return_val_if_fail (update != NULL, FALSE);
  g_return_val_if_fail (CPIS_IS_TASK (task), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((guint) update->status >= CPIS_TASK_N_STATUSES ||
      (guint) update->outcome > CPIS_TASK_OUTCOME_NOT_OUR_CHILD ||
      (guint) update->owner_kind > CPIS_TASK_OWNER_WORKER)
    {
      g_set_error_literal (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_INVALID,
                           _("This change cannot be made: it is not a change the hub knows."));
      return FALSE;
    }

  if (!cpis_task_update_changes (update, task))
    return TRUE;

  if (cpis_task_status_is_final (task->status))
    {
      g_set_error_literal (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_FINAL,
                           _("This notification is closed: nothing of it can change any more."));
      return FALSE;
    }

  if (update->status != task->status && !cpis_task_status_can_become (task->status, update->status))
    {
      g_set_error_literal (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_TRANSITION,
                           _("A notification cannot be moved to that status from the one it "
                             "has now."));
      return FALSE;
    }

  if (update->status == CPIS_TASK_STATUS_CANCELLED && is_blank (update->status_reason))
    {
      g_set_error_literal (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_REASON_REQUIRED,
                           _("Say why the notification is cancelled."));
      return FALSE;
    }

  if (update->status == CPIS_TASK_STATUS_COMPLETED && !cpis_task_outcome_is_known (update->outcome))
    {
      g_set_error_literal (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_OUTCOME_REQUIRED,
                           _("Choose the outcome before completing the notification."));
      return FALSE;
    }

  /* an outcome this version does not know can only be kept, never chosen */
  if (update->outcome == CPIS_TASK_OUTCOME_UNRECOGNISED && task->outcome != update->outcome)
    {
      g_set_error_literal (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_INVALID,
                           _("Choose one of the outcomes listed."));
      return FALSE;
    }

  if (is_blank (update->owner_id))
    {
      g_set_error_literal (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_INVALID,
                           _("Choose who the notification is assigned to."));
      return FALSE;
    }

  if (update->note_text != NULL && is_blank (update->note_text))
    {
      g_set_error_literal (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_INVALID,
                           _("The note is empty: write what was done."));
      return FALSE;
    }

  return TRUE;
}

gboolean
cpis_task_adopt_access_event (CpisTask        *self,
                              CpisAccessEvent *event)
{
  g_return_val_if_fail (CPIS_IS_TASK (self), FALSE);
  g_return_val_if_fail (event == NULL || CPIS_IS_ACCESS_EVENT (event), FALSE);

  if (event == NULL || self->access_event != NULL || self->access_id == NULL ||
      g_strcmp0 (self->access_id, cpis_access_event_get_id (event)) != 0)
    return FALSE;

  self->access_event = g_object_ref (event);
  g_clear_pointer (&self->access_id, g_free); /* the event's own, as when constructed with it */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS_EVENT]);
  return TRUE;
}
