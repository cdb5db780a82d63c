/* cpis-fhir-task.c: notifications (FHIR Task) ↔ CpisTask
 *
 * docs/api.md, "Notifications: Task", is the contract. Read as tolerantly
 * as the other CP-IS resources (cpis-fhir-codec.c: trimmed strings, "http:"
 * systems, string booleans, a single object for an array), but a Task is
 * also written back (PUT): so nothing read is dropped. What this version
 * does not model (members it does not know, other extensions, a focus that
 * is not an access, input) is kept as it came ("extra") and written back
 * with the rest; the never-changing instants are written back exactly as
 * read.
 *
 * What is refused, and why (each a CPIS_FHIR_ERROR whose message names the
 * Task by its id, never by the child):
 *   - a Task without an id, or one that cannot stand in an address (a FHIR
 *     id: letters, digits, "-" and ".", at most 64);
 *   - without meta.versionId (it could never be updated);
 *   - a status that is missing or not one of the five a notification has
 *     (an unknown status cannot be put in any list: open or done);
 *   - without a kind (code), without the child's NHS number (for), or
 *     without authoredOn, or with an instant that is not one;
 *   - an owner that is missing or is not the LA, a team or a social worker
 *     ("assigned to me" is decided by it);
 *   - an out-of-area extension that is not true or false;
 *   - a note that is not an object or has no text (it would be sent back
 *     edited), and more than CPIS_FHIR_MAX_TASK_NOTES notes.
 * An outcome or kind this version does not know is kept as received
 * (UNRECOGNISED), shown and never dropped: it decides nothing here.
 *
 * A searchset (GET [base]/Task) holds at most CPIS_FHIR_MAX_TASKS_PER_PAGE
 * Tasks, each a match, with their accesses (AuditEvent) and viewers
 * (PractitionerRole) included; its total counts every match (so it is
 * required, and never fewer than the page holds); a Task twice is refused,
 * and so is an included access about another NHS number than its Task's. A
 * history Bundle holds the versions of one Task.
 */

#include "cpis-fhir-codec.h"

#include <string.h>

#include "cpis-date.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-json-private.h"

/* A page's Tasks, their accesses and viewers, and a few outcome entries */
#define MAX_PAGE_ENTRIES (3 * CPIS_FHIR_MAX_TASKS_PER_PAGE + 16)
#define MAX_ID_LENGTH 64

/* The members a Task is read into; any other is kept in "extra" */
static const char * const modelled_members[] = {
  "resourceType", "id", "meta", "extension", "status", "statusReason", "businessStatus",
  "intent", "priority", "code", "focus", "for", "authoredOn", "lastModified", "requester",
  "owner", "note", NULL,
};

typedef struct
{
  int           value;   /* the outcome or kind it names */
  char         *system;
  char         *code;
  char         *display;
} Coding;

static void
coding_clear (Coding *coding)
{
  g_clear_pointer (&coding->system, g_free);
  g_clear_pointer (&coding->code, g_free);
  g_clear_pointer (&coding->display, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Coding, coding_clear)

typedef struct
{
  CpisTaskOwnerKind  kind;
  char              *id;
  char              *display;
} Owner;

static void
owner_clear (Owner *owner)
{
  g_clear_pointer (&owner->id, g_free);
  g_clear_pointer (&owner->display, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Owner, owner_clear)

/* Reading ---------------------------------------------------------------- */

static const char *
or_no_id (const char *id)
{
  return id != NULL ? id : "(no id)";
}

/* The instant in @object's @member as microseconds, and its text when the
 * codec would write that instant otherwise. Absent: 0, and an error only
 * when @required. */
static gboolean
read_instant (JsonObject  *object,
              const char  *member,
              const char  *what,
              const char  *id,
              gboolean     required,
              gint64      *usec,
              char       **verbatim,
              GError     **error)
{
  g_autofree char *text = _cpis_json_object_dup_trimmed (object, member);
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) in_utc = NULL;
  g_autofree char *canonical = NULL;

  *usec = 0;
  if (verbatim != NULL)
    *verbatim = NULL;

  if (text == NULL)
    {
      if (required)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "Task %s has no %s", or_no_id (id), what);
          return FALSE;
        }
      return TRUE;
    }

  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "Task %s: the %s is not a date and time", or_no_id (id), what);
      return FALSE;
    }

  *usec = cpis_date_time_to_usec (time);

  in_utc = g_date_time_to_utc (time);
  canonical = _cpis_fhir_format_instant (in_utc);
  if (verbatim != NULL && g_strcmp0 (canonical, text) != 0)
    *verbatim = g_steal_pointer (&text);

  return TRUE;
}

/* Whether @code is one this version knows, and which (*@value) */
typedef gboolean (*KnownCode) (const char *code,
                               int        *value);

/* The first coding of @concept in @system (or no system) with a code whose
 * kind @known gives; else the first with a code, unrecognised. FALSE if
 * no coding has a code (the display of one without, or the concept's text,
 * is still read). */
static gboolean
read_coding (JsonObject *concept,
             const char *system,
             KnownCode   known,
             Coding     *coding)
{
  g_autoptr(GPtrArray) codings = _cpis_fhir_member_objects (concept, "coding");
  JsonObject *first_coded = NULL;

  coding->value = 0;

  for (guint i = 0; i < codings->len; i++)
    {
      JsonObject *candidate = g_ptr_array_index (codings, i);
      g_autofree char *code = _cpis_json_object_dup_trimmed (candidate, "code");
      g_autofree char *found_system = _cpis_json_object_dup_trimmed (candidate, "system");
      int value;

      if (code == NULL)
        continue;
      if (first_coded == NULL)
        first_coded = candidate;

      if ((found_system == NULL || _cpis_json_system_equal (found_system, system)) &&
          known (code, &value))
        {
          coding->value = value;
          coding->system = g_steal_pointer (&found_system);
          coding->code = g_steal_pointer (&code);
          coding->display = _cpis_json_object_dup_trimmed (candidate, "display");
          return TRUE;
        }
    }

  if (first_coded != NULL)
    {
      coding->system = _cpis_json_object_dup_trimmed (first_coded, "system");
      coding->code = _cpis_json_object_dup_trimmed (first_coded, "code");
      coding->display = _cpis_json_object_dup_trimmed (first_coded, "display");
      return TRUE;
    }

  /* no code at all: what it says, for people */
  for (guint i = 0; i < codings->len && coding->display == NULL; i++)
    coding->display = _cpis_json_object_dup_trimmed (g_ptr_array_index (codings, i), "display");
  if (coding->display == NULL)
    coding->display = _cpis_json_object_dup_trimmed (concept, "text");

  return FALSE;
}

static gboolean
known_outcome (const char *code,
               int        *value)
{
  CpisTaskOutcome outcome;

  if (!cpis_task_outcome_from_code (code, &outcome))
    return FALSE;
  *value = outcome;
  return TRUE;
}

static gboolean
known_kind (const char *code,
            int        *value)
{
  CpisTaskKind kind;

  if (!cpis_task_kind_from_code (code, &kind))
    return FALSE;
  *value = kind;
  return TRUE;
}

static gboolean
read_owner (JsonObject  *task,
            const char  *id,
            Owner       *owner,
            GError     **error)
{
  JsonObject *reference = _cpis_json_object_get_object (task, "owner");
  g_autofree char *target = _cpis_json_object_dup_trimmed (reference, "reference");
  g_autoptr(GPtrArray) identifiers = _cpis_fhir_member_objects (reference, "identifier");

  if (reference == NULL)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "Task %s has no owner", or_no_id (id));
      return FALSE;
    }

  owner->display = _cpis_json_object_dup_trimmed (reference, "display");

  if (target != NULL)
    {
      owner->kind = CPIS_TASK_OWNER_WORKER;
      owner->id = _cpis_fhir_id_from_reference (target, "PractitionerRole");
    }
  else
    {
      for (guint i = 0; i < identifiers->len && owner->id == NULL; i++)
        {
          JsonObject *identifier = g_ptr_array_index (identifiers, i);
          const char *system = _cpis_json_object_get_string (identifier, "system");

          if (_cpis_json_system_equal (system, CPIS_ODS_CODE_SYSTEM))
            owner->kind = CPIS_TASK_OWNER_LOCAL_AUTHORITY;
          else if (_cpis_json_system_equal (system, CPIS_TEAM_SYSTEM))
            owner->kind = CPIS_TASK_OWNER_TEAM;
          else
            continue;

          owner->id = _cpis_json_object_dup_trimmed (identifier, "value");
        }
    }

  if (owner->id == NULL)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "Task %s: its owner is not the local authority, one of its teams or one "
                   "of its social workers", or_no_id (id));
      return FALSE;
    }

  return TRUE;
}

/* The notes, oldest first, as the hub keeps them */
static GPtrArray *
read_notes (JsonObject  *task,
            const char  *id,
            GError     **error)
{
  JsonNode *member = json_object_get_member (task, "note");
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) objects = NULL;

  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return g_steal_pointer (&notes);

  if (JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);

      if (json_array_get_length (array) > CPIS_FHIR_MAX_TASK_NOTES)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "Task %s has more than %u notes", or_no_id (id), CPIS_FHIR_MAX_TASK_NOTES);
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (_cpis_json_array_get_object (array, i) == NULL)
          {
            g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                         "Task %s: note %u is not an object", or_no_id (id), i);
            return NULL;
          }
    }
  else if (!JSON_NODE_HOLDS_OBJECT (member))
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "Task %s: its notes are not a list", or_no_id (id));
      return NULL;
    }

  objects = _cpis_fhir_member_objects (task, "note");
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *note = g_ptr_array_index (objects, i);
      JsonObject *author = _cpis_json_object_get_object (note, "authorReference");
      const char *text = _cpis_json_object_get_string (note, "text");
      g_autofree char *author_reference = _cpis_json_object_dup_trimmed (author, "reference");
      g_autofree char *author_display = _cpis_json_object_dup_trimmed (author, "display");
      g_autofree char *time_text = NULL;
      g_autofree char *what = g_strdup_printf ("time of note %u", i);
      gint64 time;

      if (text == NULL)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "Task %s: note %u has no text", or_no_id (id), i);
          return NULL;
        }

      if (author_display == NULL)
        author_display = _cpis_json_object_dup_trimmed (note, "authorString");

      if (!read_instant (note, "time", what, id, FALSE, &time, &time_text, error))
        return NULL;

      /* the text exactly as written: a note is sent back unchanged */
      g_ptr_array_add (notes, g_object_new (CPIS_TYPE_TASK_NOTE,
                                            "author-reference", author_reference,
                                            "author-display", author_display,
                                            "time", time,
                                            "time-text", time_text,
                                            "text", text,
                                            NULL));
    }

  return g_steal_pointer (&notes);
}

/* The number that replaced an inactive one, from input[] */
static char *
read_replaced_by (JsonObject *task)
{
  g_autoptr(GPtrArray) inputs = _cpis_fhir_member_objects (task, "input");

  for (guint i = 0; i < inputs->len; i++)
    {
      JsonObject *input = g_ptr_array_index (inputs, i);
      g_autofree char *type = _cpis_json_object_dup_trimmed (_cpis_json_object_get_object (input, "type"),
                                                             "text");
      JsonObject *identifier = _cpis_json_object_get_object (input, "valueIdentifier");
      g_autofree char *value = NULL;

      if (type == NULL || g_ascii_strcasecmp (type, "replaced-by") != 0 ||
          !_cpis_json_system_equal (_cpis_json_object_get_string (identifier, "system"),
                                    CPIS_NHS_NUMBER_SYSTEM))
        continue;

      value = _cpis_json_object_dup_trimmed (identifier, "value");
      return _cpis_fhir_normalise_nhs_number (value);
    }

  return NULL;
}

/* "AuditEvent/{id}" → the id; NULL for any other focus. *@verbatim: the
 * focus is not exactly {"reference": "AuditEvent/{id}"}, so it is kept as it
 * came (in extra) */
static char *
read_access_id (JsonObject *task,
                gboolean   *verbatim)
{
  JsonObject *focus = _cpis_json_object_get_object (task, "focus");
  const char *reference = _cpis_json_object_get_string (focus, "reference");
  g_autofree char *id = _cpis_fhir_id_from_reference (reference, "AuditEvent");
  g_autofree char *canonical = id != NULL ? g_strconcat ("AuditEvent/", id, NULL) : NULL;

  *verbatim = (json_object_has_member (task, "focus") &&
               (focus == NULL || json_object_get_size (focus) != 1 ||
                g_strcmp0 (reference, canonical) != 0));

  return g_steal_pointer (&id);
}

/* A version goes into an If-Match header: printable, no quotes */
static gboolean
is_version (const char *version)
{
  gsize length = 0;

  for (const char *p = version; *p != '\0'; p++, length++)
    if (*p < 0x21 || *p > 0x7e || *p == '"' || *p == '\\')
      return FALSE;

  return length > 0 && length <= MAX_ID_LENGTH;
}

typedef struct
{
  gboolean  out_of_area;
  gboolean  out_of_area_stated;
  char     *modified_by_id;
  char     *modified_by_display;
} Extensions;

static void
extensions_clear (Extensions *extensions)
{
  g_clear_pointer (&extensions->modified_by_id, g_free);
  g_clear_pointer (&extensions->modified_by_display, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Extensions, extensions_clear)

/* The two extensions of the contract; any other goes to @others */
static gboolean
read_extensions (JsonObject  *task,
                 const char  *id,
                 Extensions  *extensions,
                 JsonArray   *others,
                 GError     **error)
{
  JsonNode *member = json_object_get_member (task, "extension");
  g_autoptr(GPtrArray) objects = _cpis_fhir_member_objects (task, "extension");

  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);

      /* what is not an object is not ours to read, but is kept */
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (_cpis_json_array_get_object (array, i) == NULL)
          json_array_add_element (others, json_node_copy (json_array_get_element (array, i)));
    }

  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *extension = g_ptr_array_index (objects, i);
      const char *url = _cpis_json_object_get_string (extension, "url");

      if (_cpis_json_system_equal (url, CPIS_TASK_OUT_OF_AREA_EXTENSION_URL) &&
          !extensions->out_of_area_stated)
        {
          if (!_cpis_json_object_get_boolean (extension, "valueBoolean", &extensions->out_of_area))
            {
              g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "Task %s: out-of-area is not true or false", or_no_id (id));
              return FALSE;
            }
          extensions->out_of_area_stated = TRUE;
        }
      else if (_cpis_json_system_equal (url, CPIS_TASK_MODIFIED_BY_EXTENSION_URL) &&
               extensions->modified_by_id == NULL && extensions->modified_by_display == NULL)
        {
          JsonObject *who = _cpis_json_object_get_object (extension, "valueReference");
          g_autofree char *reference = _cpis_json_object_dup_trimmed (who, "reference");

          extensions->modified_by_id = _cpis_fhir_id_from_reference (reference, "PractitionerRole");
          extensions->modified_by_display = _cpis_json_object_dup_trimmed (who, "display");
        }
      else
        {
          JsonNode *node = json_node_new (JSON_NODE_OBJECT);

          json_node_set_object (node, extension);
          json_array_add_element (others, node);
        }
    }

  return TRUE;
}

static gboolean
is_modelled (const char *member)
{
  return g_strv_contains (modelled_members, member);
}

/* What the model does not hold, as a JSON object: unknown members, other
 * extensions, a focus that is not an access. NULL when there is none. */
static char *
read_extra (JsonObject *task,
            JsonArray  *other_extensions,
            gboolean    keep_focus)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, task);
  while (json_object_iter_next (&iter, &name, &node))
    if (!is_modelled (name) || (keep_focus && g_str_equal (name, "focus")))
      json_object_set_member (extra, name, json_node_copy (node));

  if (json_array_get_length (other_extensions) > 0)
    json_object_set_array_member (extra, "extension", json_array_ref (other_extensions));

  if (json_object_get_size (extra) == 0)
    return NULL;

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (root, extra);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* The version: a string (or, tolerated, a whole number) */
static char *
read_version (JsonObject *meta)
{
  guint number;

  if (_cpis_json_object_get_uint (meta, "versionId", &number) &&
      _cpis_json_object_get_string (meta, "versionId") == NULL)
    return g_strdup_printf ("%u", number);

  return _cpis_json_object_dup_trimmed (meta, "versionId");
}

/* @events: "AuditEvent/{id}" → CpisAccessEvent, or NULL */
static CpisTask *
decode_task (JsonObject  *task,
             const char  *full_url,
             GHashTable  *events,
             GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *status_reason = NULL;
  g_autofree char *intent = NULL;
  g_autofree char *priority = NULL;
  g_autofree char *access_id = NULL;
  g_autofree char *raw_nhs_number = NULL;
  g_autofree char *nhs_number = NULL;
  g_autofree char *child_name = NULL;
  g_autofree char *authored_on_text = NULL;
  g_autofree char *setting_code = NULL;
  g_autofree char *setting_name = NULL;
  g_autofree char *replaced_by = NULL;
  g_autofree char *extra = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  gboolean focus_verbatim;
  g_autoptr(JsonArray) other_extensions = json_array_new ();
  g_auto(Coding) outcome = { 0 };
  g_auto(Coding) kind = { 0 };
  g_auto(Owner) owner = { 0 };
  g_auto(Extensions) extensions = { 0 };
  CpisAccessEvent *event = NULL;
  CpisTaskStatus status;
  JsonObject *meta;
  JsonObject *subject;
  JsonObject *requester;
  JsonObject *business_status;
  gint64 last_updated, authored_on, last_modified;

  id = _cpis_fhir_resource_id (task, full_url, "Task");
  if (!_cpis_fhir_is_id (id))
    {
      if (id == NULL)
        g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID, "A Task has no id");
      else
        g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                             "A Task's id is not a FHIR id (letters, digits, - and ., at most 64)");
      return NULL;
    }

  meta = _cpis_json_object_get_object (task, "meta");
  version = read_version (meta);
  if (version == NULL || !is_version (version))
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "Task %s %s", id,
                   version == NULL ? "has no version (meta.versionId)"
                                   : "has a version that is not one (meta.versionId)");
      return NULL;
    }
  if (!read_instant (meta, "lastUpdated", "meta.lastUpdated", id, FALSE, &last_updated, NULL, error))
    return NULL;

  status_text = _cpis_json_object_dup_trimmed (task, "status");
  if (status_text != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (status_text, -1);

      g_free (status_text);
      status_text = g_steal_pointer (&lower);
    }
  if (!cpis_task_status_from_string (status_text, &status))
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "Task %s: %s", id,
                   status_text != NULL ? "its status is not one a notification can have"
                                       : "it has no status");
      return NULL;
    }
  status_reason = _cpis_json_object_dup_trimmed (_cpis_json_object_get_object (task, "statusReason"),
                                                 "text");

  business_status = _cpis_json_object_get_object (task, "businessStatus");
  if (business_status != NULL)
    {
      if (!read_coding (business_status, CPIS_TASK_OUTCOME_SYSTEM, known_outcome, &outcome) ||
          outcome.value == 0)
        outcome.value = CPIS_TASK_OUTCOME_UNRECOGNISED;
    }
  else
    outcome.value = CPIS_TASK_OUTCOME_NONE;

  if (!read_coding (_cpis_json_object_get_object (task, "code"), CPIS_TASK_KIND_SYSTEM,
                    known_kind, &kind))
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "Task %s does not say what kind of notification it is (code)", id);
      return NULL;
    }

  intent = _cpis_json_object_dup_trimmed (task, "intent");
  priority = _cpis_json_object_dup_trimmed (task, "priority");
  access_id = read_access_id (task, &focus_verbatim);

  subject = _cpis_json_object_get_object (task, "for");
  raw_nhs_number = _cpis_fhir_identifier_value (subject, "identifier", CPIS_NHS_NUMBER_SYSTEM);
  nhs_number = _cpis_fhir_normalise_nhs_number (raw_nhs_number);
  if (nhs_number == NULL)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "Task %s: %s", id,
                   raw_nhs_number != NULL ? "the child's NHS number is not ten digits"
                                          : "it does not give the child's NHS number");
      return NULL;
    }
  child_name = _cpis_json_object_dup_trimmed (subject, "display");

  if (!read_instant (task, "authoredOn", "authoredOn", id, TRUE, &authored_on, &authored_on_text,
                     error) ||
      !read_instant (task, "lastModified", "lastModified", id, FALSE, &last_modified, NULL, error))
    return NULL;

  requester = _cpis_json_object_get_object (task, "requester");
  setting_code = _cpis_fhir_identifier_value (requester, "identifier", CPIS_ODS_CODE_SYSTEM);
  setting_name = _cpis_json_object_dup_trimmed (requester, "display");

  if (!read_owner (task, id, &owner, error) ||
      !read_extensions (task, id, &extensions, other_extensions, error))
    return NULL;

  notes = read_notes (task, id, error);
  if (notes == NULL)
    return NULL;

  replaced_by = read_replaced_by (task);
  extra = read_extra (task, other_extensions, focus_verbatim);

  if (events != NULL && access_id != NULL)
    {
      g_autofree char *key = g_strconcat ("AuditEvent/", access_id, NULL);
      const char *about;

      event = g_hash_table_lookup (events, key);
      about = event != NULL ? cpis_access_event_get_nhs_number (event) : NULL;
      if (about != NULL && g_strcmp0 (about, nhs_number) != 0)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "Task %s: the access included for it is about another NHS number", id);
          return NULL;
        }
    }

  return g_object_new (CPIS_TYPE_TASK,
                       "id", id,
                       "version", version,
                       "last-updated", last_updated,
                       "status", status,
                       "status-reason", status_reason,
                       "outcome", outcome.value,
                       "outcome-system", outcome.system,
                       "outcome-code", outcome.code,
                       "outcome-display", outcome.display,
                       "kind", kind.value,
                       "kind-system", kind.system,
                       "kind-code", kind.code,
                       "kind-display", kind.display,
                       "intent", intent,
                       "priority", priority,
                       "access-id", access_id,
                       "nhs-number", nhs_number,
                       "child-name", child_name,
                       "authored-on", authored_on,
                       "authored-on-text", authored_on_text,
                       "last-modified", last_modified,
                       "setting-code", setting_code,
                       "setting-name", setting_name,
                       "out-of-area", extensions.out_of_area,
                       "out-of-area-stated", extensions.out_of_area_stated,
                       "owner-kind", owner.kind,
                       "owner-id", owner.id,
                       "owner-display", owner.display,
                       "modified-by-id", extensions.modified_by_id,
                       "modified-by-display", extensions.modified_by_display,
                       "replaced-by", replaced_by,
                       "notes", notes,
                       "extra", extra,
                       "access-event", event,
                       NULL);
}

/* The searchset's links */
static void
read_links (JsonObject   *bundle,
            CpisTaskPage *page)
{
  g_autoptr(GPtrArray) links = _cpis_fhir_member_objects (bundle, "link");

  for (guint i = 0; i < links->len; i++)
    {
      JsonObject *link = g_ptr_array_index (links, i);
      g_autofree char *relation = _cpis_json_object_dup_trimmed (link, "relation");
      char **slot = NULL;

      if (relation == NULL)
        continue;
      if (g_ascii_strcasecmp (relation, "self") == 0)
        slot = &page->self_url;
      else if (g_ascii_strcasecmp (relation, "next") == 0)
        slot = &page->next_url;
      else if (g_ascii_strcasecmp (relation, "previous") == 0 ||
               g_ascii_strcasecmp (relation, "prev") == 0)
        slot = &page->previous_url;

      if (slot != NULL && *slot == NULL)
        *slot = _cpis_json_object_dup_trimmed (link, "url");
    }
}

static void
index_event (GHashTable      *events,
             CpisAccessEvent *event,
             const char      *full_url)
{
  g_autofree char *url_id = _cpis_fhir_id_from_reference (full_url, "AuditEvent");
  const char *ids[] = { cpis_access_event_get_id (event), url_id };

  /* the first access given for an id wins */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      char *key;

      if (ids[i] == NULL)
        continue;
      key = g_strconcat ("AuditEvent/", ids[i], NULL);
      if (!g_hash_table_contains (events, key))
        g_hash_table_insert (events, key, g_object_ref (event));
      else
        g_free (key);
    }
}

/* Decoding: for the codec's other files ------------------------------------ */

CpisTask *
_cpis_fhir_decode_task_object (JsonObject  *task,
                               const char  *full_url,
                               GError     **error)
{
  g_return_val_if_fail (task != NULL, NULL);

  return decode_task (task, full_url, NULL, error);
}

/* Decoding: public API --------------------------------------------------- */

CpisTask *
cpis_fhir_decode_task (const char  *json,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *task;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = _cpis_fhir_parse_resource (json, length, "Task", &task, error);
  if (parser == NULL)
    return NULL;

  return decode_task (task, NULL, NULL, error);
}

CpisTaskPage *
cpis_fhir_decode_task_bundle (const char  *json,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) role_objects = NULL;
  g_autoptr(GHashTable) roles = NULL;
  g_autoptr(GHashTable) events = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(CpisTaskPage) page = NULL;
  JsonArray *entries;
  gboolean has_total;
  guint total;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = _cpis_fhir_parse_searchset (json, length, &entries, &has_total, &total, error);
  if (parser == NULL || !_cpis_fhir_check_outcome_entries (entries, error))
    return NULL;

  if (_cpis_json_array_get_length (entries) > MAX_PAGE_ENTRIES)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "The Bundle has %u entries, more than a page of %u notifications with "
                   "their accesses can hold",
                   _cpis_json_array_get_length (entries), CPIS_FHIR_MAX_TASKS_PER_PAGE);
      return NULL;
    }

  role_objects = g_ptr_array_new_with_free_func (g_object_unref);
  roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  page = cpis_task_page_new (NULL);

  /* First the viewers, then the accesses that refer to them, then the Tasks
   * that refer to those, wherever each is in the Bundle */
  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < _cpis_json_array_get_length (entries); i++)
      {
        JsonObject *entry = _cpis_json_array_get_object (entries, i);
        JsonObject *resource = _cpis_json_object_get_object (entry, "resource");
        const char *resource_type = _cpis_json_object_get_string (resource, "resourceType");
        const char *full_url = _cpis_json_object_get_string (entry, "fullUrl");
        EntryMode mode = _cpis_fhir_entry_get_mode (entry);
        CpisTask *task;

        if (mode == ENTRY_MODE_OUTCOME)
          continue;

        if (resource == NULL)
          {
            if (mode == ENTRY_MODE_INCLUDE)
              continue;
            g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                         "Bundle entry %u has no resource", i);
            return NULL;
          }

        if (g_strcmp0 (resource_type, "Task") == 0)
          {
            if (mode != ENTRY_MODE_MATCH)
              {
                /* a notification the total would leave out */
                g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                             "Bundle entry %u is a Task not marked as a match", i);
                return NULL;
              }
            if (pass != 2)
              continue;

            if (page->tasks->len == CPIS_FHIR_MAX_TASKS_PER_PAGE)
              {
                g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                             "The Bundle carries more than %u notifications, more than a "
                             "page holds", CPIS_FHIR_MAX_TASKS_PER_PAGE);
                return NULL;
              }

            task = decode_task (resource, full_url, events, error);
            if (task == NULL)
              return NULL;
            g_ptr_array_add (page->tasks, task);

            if (!g_hash_table_add (ids, (gpointer) cpis_task_get_id (task)))
              {
                g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                             "The Bundle gives notification %s twice", cpis_task_get_id (task));
                return NULL;
              }
          }
        else if (mode == ENTRY_MODE_MATCH)
          {
            g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE,
                         "Bundle entry %u is a %s, not a Task",
                         i, resource_type != NULL ? resource_type : "resource of no type");
            return NULL;
          }
        else if (pass == 0 && g_strcmp0 (resource_type, "PractitionerRole") == 0)
          {
            CpisPractitionerRole *role = _cpis_fhir_decode_practitioner_role (resource, full_url);

            if (role != NULL)
              {
                g_ptr_array_add (role_objects, role);
                _cpis_fhir_index_role (roles, role, full_url);
              }
          }
        else if (pass == 1 && g_strcmp0 (resource_type, "AuditEvent") == 0)
          {
            g_autoptr(CpisAccessEvent) event = NULL;

            event = _cpis_fhir_decode_audit_event (resource, full_url, roles, error);
            if (event == NULL)
              return NULL;
            index_event (events, event, full_url);
          }
      }

  if (!has_total)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The Bundle does not say how many notifications match (total)");
      return NULL;
    }
  if (total < page->tasks->len)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "The Bundle reports %u matches but carries %u", total, page->tasks->len);
      return NULL;
    }
  page->total = total;

  read_links (json_node_get_object (json_parser_get_root (parser)), page);

  return g_steal_pointer (&page);
}

/* Newest version first: by version number when every version is one */
static int
compare_versions_newest_first (gconstpointer a,
                               gconstpointer b)
{
  CpisTask *first = *(CpisTask **) a;
  CpisTask *second = *(CpisTask **) b;
  guint64 first_version = g_ascii_strtoull (cpis_task_get_version (first), NULL, 10);
  guint64 second_version = g_ascii_strtoull (cpis_task_get_version (second), NULL, 10);

  return (second_version > first_version) - (second_version < first_version);
}

static gboolean
is_number (const char *text)
{
  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, NULL, NULL);
}

GPtrArray *
cpis_fhir_decode_task_history (const char  *json,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *type = NULL;
  JsonObject *bundle;
  JsonNode *entry_node;
  JsonArray *entries;
  gboolean numbered = TRUE;
  guint total;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = _cpis_fhir_parse_resource (json, length, "Bundle", &bundle, error);
  if (parser == NULL)
    return NULL;

  type = _cpis_json_object_dup_trimmed (bundle, "type");
  if (type == NULL || g_ascii_strcasecmp (type, "history") != 0)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE,
                   "Expected a history Bundle, got a Bundle of type %s",
                   type != NULL ? type : "(none)");
      return NULL;
    }

  entry_node = json_object_get_member (bundle, "entry");
  if (entry_node == NULL || !JSON_NODE_HOLDS_ARRAY (entry_node) ||
      json_array_get_length (json_node_get_array (entry_node)) == 0)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The history has no versions: a notification has at least one");
      return NULL;
    }

  entries = json_node_get_array (entry_node);
  if (json_array_get_length (entries) > CPIS_FHIR_MAX_TASK_VERSIONS)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "The history has more than %u versions", CPIS_FHIR_MAX_TASK_VERSIONS);
      return NULL;
    }

  versions = g_ptr_array_new_with_free_func (g_object_unref);
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = _cpis_json_array_get_object (entries, i);
      JsonObject *resource = _cpis_json_object_get_object (entry, "resource");
      CpisTask *task;

      if (resource == NULL ||
          g_strcmp0 (_cpis_json_object_get_string (resource, "resourceType"), "Task") != 0)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "History entry %u is not a version of a Task", i);
          return NULL;
        }

      task = decode_task (resource, _cpis_json_object_get_string (entry, "fullUrl"), NULL, error);
      if (task == NULL)
        return NULL;
      g_ptr_array_add (versions, task);

      if (g_strcmp0 (cpis_task_get_id (task),
                     cpis_task_get_id (g_ptr_array_index (versions, 0))) != 0)
        {
          g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                               "The history mixes the versions of two notifications");
          return NULL;
        }
      if (!g_hash_table_add (seen, (gpointer) cpis_task_get_version (task)))
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "The history gives version %s twice", cpis_task_get_version (task));
          return NULL;
        }
      numbered = numbered && is_number (cpis_task_get_version (task));
    }

  if (_cpis_json_object_get_uint (bundle, "total", &total) && total != versions->len)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "The history reports %u versions but carries %u", total, versions->len);
      return NULL;
    }

  /* as the hub sends them (newest first) unless the numbers say otherwise */
  if (numbered)
    g_ptr_array_sort (versions, compare_versions_newest_first);

  return g_steal_pointer (&versions);
}
