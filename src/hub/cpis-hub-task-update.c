/* cpis-hub-task-update.c: reading a PUT Task body against the version it
 * changes
 *
 * Two kinds of refusal, as docs/api.md has them:
 *
 * 400 INVALID_RESOURCE, the body cannot be read as this Task: no body, not
 *   UTF-8, a NUL character, not JSON, nested deeper than the codec reads
 *   (64 levels), a member given twice, not a Task, no id or another id than
 *   the address's, a member of the wrong JSON type, no status.
 * 422 BUSINESS_RULE, it can be read but the change is not allowed: a member
 *   the hub does not keep on a Task; a field that never changes given with
 *   another value (left out, it is kept as it is); anything changed on a
 *   completed or cancelled Task; a transition the lifecycle does not have;
 *   cancelled without a reason, a reason on another status; completed
 *   without a known outcome, an unknown outcome; an owner that is not the
 *   LA, one of its teams or one of its social workers; a note removed or
 *   edited; a new note that is empty or too long.
 *
 * meta, lastModified and the modified-by extension are the hub's: whatever
 * the body says of them is not read. A new note's author and time are set
 * by the hub, whatever the body says.
 */
#include "cpis-hub-task-update.h"

#include <string.h>

#include "cpis-fhir-codec.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-json-private.h"
#include "cpis-hub-rules.h"
#include "cpis-hub-task-json.h"

/* The members a Task has here; any other is refused, not ignored */
static const char * const known_members[] = {
  "resourceType", "id", "meta", "extension", "status", "statusReason", "businessStatus",
  "intent", "priority", "code", "focus", "for", "authoredOn", "lastModified", "requester",
  "owner", "note", "input",
};

typedef struct
{
  guint  status;
  char  *diagnostics;
} Refusal;

void
cpis_hub_task_change_free (CpisHubTaskChange *change)
{
  if (change == NULL)
    return;

  g_free (change->status_reason);
  g_free (change->business_status);
  g_free (change->owner_ref);
  g_clear_pointer (&change->new_notes, g_ptr_array_unref);
  g_free (change);
}

/* Always FALSE, for `return refuse (…)` */
static gboolean
refuse (Refusal    *refusal,
        guint       status,
        const char *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (Refusal    *refusal,
        guint       status,
        const char *format,
        ...)
{
  va_list args;

  if (refusal->diagnostics != NULL)
    return FALSE;

  va_start (args, format);
  refusal->status = status;
  refusal->diagnostics = g_strdup_vprintf (format, args);
  va_end (args);

  return FALSE;
}

#define UNREADABLE(refusal, ...) refuse ((refusal), 400, __VA_ARGS__)
#define NOT_ALLOWED(refusal, ...) refuse ((refusal), 422, __VA_ARGS__)

static gboolean
refuse_never_changes (Refusal    *refusal,
                      const char *member)
{
  return NOT_ALLOWED (refusal, "“%s” never changes: send it as it was read, or leave it out.",
                      member);
}

/* An instant with its offset, in microseconds */
static gboolean
parse_instant (const char *text,
               gint64     *usec)
{
  g_autoptr(GDateTime) instant = NULL;

  if (text == NULL || strchr (text, 'T') == NULL)
    return FALSE;

  instant = g_date_time_new_from_iso8601 (text, NULL);
  if (instant == NULL)
    return FALSE;

  *usec = g_date_time_to_unix (instant) * G_USEC_PER_SEC + g_date_time_get_microsecond (instant);
  return TRUE;
}

/* "Type/id", or a URL ending in "/Type/id": the id, or NULL */
static const char *
reference_id (const char *reference,
              const char *type)
{
  g_autofree char *prefix = g_strconcat (type, "/", NULL);
  g_autofree char *infix = g_strconcat ("/", type, "/", NULL);
  const char *id = NULL;

  if (reference == NULL)
    return NULL;

  if (g_str_has_prefix (reference, prefix))
    id = reference + strlen (prefix);
  else if (g_strrstr (reference, infix) != NULL)
    id = g_strrstr (reference, infix) + strlen (infix);

  if (id == NULL || *id == '\0' || strchr (id, '/') != NULL)
    return NULL;

  return id;
}

/* The node of @member if it holds @type; FALSE (400) if it holds another */
static gboolean
member_of_type (JsonObject  *object,
                const char  *member,
                JsonNodeType type,
                JsonNode   **node,
                Refusal     *refusal)
{
  *node = json_object_get_member (object, member);
  if (*node == NULL)
    return TRUE;

  if (JSON_NODE_TYPE (*node) != type ||
      (type == JSON_NODE_VALUE && json_node_get_value_type (*node) != G_TYPE_STRING))
    {
      static const char * const kinds[] = {
        [JSON_NODE_OBJECT] = "an object", [JSON_NODE_ARRAY] = "an array",
        [JSON_NODE_VALUE] = "a string", [JSON_NODE_NULL] = "null",
      };

      *node = NULL;
      return UNREADABLE (refusal, "The Task's “%s” must be %s.", member, kinds[type]);
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* What never changes */

static gboolean
check_code (JsonObject        *root,
            const CpisHubTask *current,
            Refusal           *refusal)
{
  JsonNode *node;
  JsonArray *codings;

  if (!member_of_type (root, "code", JSON_NODE_OBJECT, &node, refusal))
    return FALSE;
  if (node == NULL)
    return TRUE;

  codings = _cpis_json_object_get_array (json_node_get_object (node), "coding");
  for (guint i = 0; i < _cpis_json_array_get_length (codings); i++)
    {
      JsonObject *coding = _cpis_json_array_get_object (codings, i);
      const char *system = _cpis_json_object_get_string (coding, "system");

      if (g_strcmp0 (_cpis_json_object_get_string (coding, "code"), current->code) == 0 &&
          (system == NULL || _cpis_json_system_equal (system, CPIS_HUB_TASK_TYPE_SYSTEM)))
        return TRUE;
    }

  return refuse_never_changes (refusal, "code");
}

static gboolean
check_focus (JsonObject        *root,
             const CpisHubTask *current,
             Refusal           *refusal)
{
  JsonNode *node;
  const char *id;

  if (!member_of_type (root, "focus", JSON_NODE_OBJECT, &node, refusal))
    return FALSE;
  if (node == NULL)
    return TRUE;

  id = reference_id (_cpis_json_object_get_string (json_node_get_object (node), "reference"),
                     "AuditEvent");
  if (current->access_id == NULL || g_strcmp0 (id, current->access_id) != 0)
    return refuse_never_changes (refusal, "focus");

  return TRUE;
}

/* @member: {"identifier": {"system": @system, "value": @value}} */
static gboolean
check_identifier_reference (JsonObject  *root,
                            const char  *member,
                            const char  *system,
                            const char  *value,
                            gboolean     nhs_number,
                            Refusal     *refusal)
{
  JsonNode *node;
  JsonObject *identifier;
  const char *given_system;
  g_autofree char *given = NULL;

  if (!member_of_type (root, member, JSON_NODE_OBJECT, &node, refusal))
    return FALSE;
  if (node == NULL)
    return TRUE;

  identifier = _cpis_json_object_get_object (json_node_get_object (node), "identifier");
  given_system = _cpis_json_object_get_string (identifier, "system");
  given = nhs_number
    ? _cpis_fhir_normalise_nhs_number (_cpis_json_object_get_string (identifier, "value"))
    : _cpis_json_object_dup_trimmed (identifier, "value");

  if (value == NULL || g_strcmp0 (given, value) != 0 ||
      (given_system != NULL && !_cpis_json_system_equal (given_system, system)))
    return refuse_never_changes (refusal, member);

  return TRUE;
}

static gboolean
check_fixed_string (JsonObject *root,
                    const char *member,
                    const char *value,
                    Refusal    *refusal)
{
  JsonNode *node;

  if (!member_of_type (root, member, JSON_NODE_VALUE, &node, refusal))
    return FALSE;
  if (node != NULL && g_strcmp0 (json_node_get_string (node), value) != 0)
    return refuse_never_changes (refusal, member);

  return TRUE;
}

static gboolean
check_authored_on (JsonObject        *root,
                   const CpisHubTask *current,
                   Refusal           *refusal)
{
  JsonNode *node;
  gint64 usec;

  if (!member_of_type (root, "authoredOn", JSON_NODE_VALUE, &node, refusal))
    return FALSE;
  if (node != NULL &&
      (!parse_instant (json_node_get_string (node), &usec) || usec != current->authored_usec))
    return refuse_never_changes (refusal, "authoredOn");

  return TRUE;
}

static gboolean
check_input (JsonObject        *root,
             const CpisHubTask *current,
             Refusal           *refusal)
{
  JsonNode *node;
  JsonArray *inputs;
  JsonObject *identifier;
  g_autofree char *value = NULL;

  if (!member_of_type (root, "input", JSON_NODE_ARRAY, &node, refusal))
    return FALSE;
  if (node == NULL)
    return TRUE;

  inputs = json_node_get_array (node);
  if (current->replaced_by == NULL)
    {
      if (json_array_get_length (inputs) > 0)
        return refuse_never_changes (refusal, "input");
      return TRUE;
    }

  identifier = _cpis_json_object_get_object (_cpis_json_array_get_object (inputs, 0),
                                             "valueIdentifier");
  value = _cpis_fhir_normalise_nhs_number (_cpis_json_object_get_string (identifier, "value"));
  if (json_array_get_length (inputs) != 1 || g_strcmp0 (value, current->replaced_by) != 0)
    return refuse_never_changes (refusal, "input");

  return TRUE;
}

static gboolean
check_extensions (JsonObject        *root,
                  const CpisHubTask *current,
                  Refusal           *refusal)
{
  JsonNode *node;
  JsonArray *extensions;

  if (!member_of_type (root, "extension", JSON_NODE_ARRAY, &node, refusal))
    return FALSE;
  if (node == NULL)
    return TRUE;

  extensions = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (extensions); i++)
    {
      JsonObject *extension = _cpis_json_array_get_object (extensions, i);
      const char *url = _cpis_json_object_get_string (extension, "url");
      JsonNode *value;

      if (extension == NULL || url == NULL)
        return UNREADABLE (refusal, "Each extension must be an object with a url.");

      /* the hub's own: who made a version */
      if (g_str_equal (url, CPIS_HUB_TASK_MODIFIED_BY_URL))
        continue;

      if (!g_str_equal (url, CPIS_HUB_TASK_OUT_OF_AREA_URL))
        return NOT_ALLOWED (refusal, "The hub keeps no extension on a Task but out-of-area and "
                                     "modified-by.");

      value = json_object_get_member (extension, "valueBoolean");
      if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
          json_node_get_value_type (value) != G_TYPE_BOOLEAN ||
          json_node_get_boolean (value) != current->out_of_area)
        return refuse_never_changes (refusal, "out-of-area");
    }

  return TRUE;
}

/* A member name safe to repeat in a sentence: short, plain ASCII */
static gboolean
is_plain_name (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > 40)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_-.", *p) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
check_members (JsonObject *root,
               Refusal    *refusal)
{
  g_autoptr(GList) members = json_object_get_members (root);

  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (known_members) && !known; i++)
        known = g_str_equal (l->data, known_members[i]);

      if (!known && is_plain_name (l->data))
        return NOT_ALLOWED (refusal, "A Task here has no member “%s”: send the Task as it was "
                                     "read, with the changes.", (const char *) l->data);
      if (!known)
        return NOT_ALLOWED (refusal, "The body has a member a Task here does not have: send the "
                                     "Task as it was read, with the changes.");
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* What may change */

static gboolean
read_status (JsonObject        *root,
             CpisHubTaskChange *change,
             Refusal           *refusal)
{
  JsonNode *node;

  if (!member_of_type (root, "status", JSON_NODE_VALUE, &node, refusal))
    return FALSE;
  if (node == NULL)
    return UNREADABLE (refusal, "A Task needs a status.");

  if (!cpis_hub_task_status_from_string (json_node_get_string (node), &change->status))
    return NOT_ALLOWED (refusal, "The status must be requested, accepted, in-progress, completed "
                                 "or cancelled.");

  return TRUE;
}

static gboolean
read_status_reason (JsonObject        *root,
                    CpisHubTaskChange *change,
                    Refusal           *refusal)
{
  JsonNode *node;

  if (!member_of_type (root, "statusReason", JSON_NODE_OBJECT, &node, refusal))
    return FALSE;
  if (node == NULL)
    return TRUE;

  change->status_reason = _cpis_json_object_dup_trimmed (json_node_get_object (node), "text");
  if (change->status_reason == NULL)
    return NOT_ALLOWED (refusal, "A statusReason needs a text: why the notification was "
                                 "cancelled.");
  if (g_utf8_strlen (change->status_reason, -1) > CPIS_HUB_TASK_REASON_MAX_CHARS)
    return NOT_ALLOWED (refusal, "A statusReason may hold at most %d characters.",
                        CPIS_HUB_TASK_REASON_MAX_CHARS);

  return TRUE;
}

static gboolean
read_business_status (JsonObject        *root,
                      CpisHubTaskChange *change,
                      Refusal           *refusal)
{
  JsonNode *node;
  JsonArray *codings;

  if (!member_of_type (root, "businessStatus", JSON_NODE_OBJECT, &node, refusal))
    return FALSE;
  if (node == NULL)
    return TRUE;

  codings = _cpis_json_object_get_array (json_node_get_object (node), "coding");
  for (guint i = 0; i < _cpis_json_array_get_length (codings); i++)
    {
      JsonObject *coding = _cpis_json_array_get_object (codings, i);
      const char *system = _cpis_json_object_get_string (coding, "system");
      const char *code = _cpis_json_object_get_string (coding, "code");

      if (code != NULL && (system == NULL ||
                           _cpis_json_system_equal (system, CPIS_HUB_TASK_OUTCOME_SYSTEM)) &&
          cpis_hub_task_outcome_display (code) != NULL)
        {
          change->business_status = g_strdup (code);
          return TRUE;
        }
    }

  return NOT_ALLOWED (refusal, "The businessStatus must be one of the outcomes: contacted-family, "
                               "contacted-health-professional, added-to-case-record, referred, "
                               "no-further-action, not-our-child.");
}

static gboolean
refuse_owner (Refusal *refusal)
{
  return NOT_ALLOWED (refusal, "The owner must be this local authority, one of its teams or one "
                               "of its social workers.");
}

static gboolean
read_owner (CpisHubStore      *store,
            JsonObject        *root,
            const CpisHubTask *current,
            CpisHubTaskChange *change,
            Refusal           *refusal)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  JsonObject *owner;
  JsonObject *identifier;
  const char *reference;

  if (!member_of_type (root, "owner", JSON_NODE_OBJECT, &node, refusal))
    return FALSE;
  if (node == NULL)
    return NOT_ALLOWED (refusal, "A notification always has an owner: the local authority, one "
                                 "of its teams or one of its social workers.");

  owner = json_node_get_object (node);
  reference = _cpis_json_object_get_string (owner, "reference");
  identifier = _cpis_json_object_get_object (owner, "identifier");

  if ((reference != NULL) == (identifier != NULL))
    return NOT_ALLOWED (refusal, "The owner needs a reference (a social worker) or an identifier "
                                 "(the local authority or a team), not both.");

  if (reference != NULL)
    {
      const char *role_id = reference_id (reference, "PractitionerRole");
      g_autoptr(CpisHubUser) user = NULL;

      if (role_id == NULL)
        return refuse_owner (refusal);

      change->owner_kind = CPIS_HUB_TASK_OWNER_SOCIAL_WORKER;
      change->owner_ref = g_strdup (role_id);
      if (current->owner_kind == change->owner_kind &&
          g_strcmp0 (current->owner_ref, role_id) == 0)
        return TRUE;

      user = cpis_hub_store_find_user_by_role_id (store, role_id, &error);
      if (error != NULL)
        {
          g_warning ("Could not look up an owner: %s", error->message);
          return refuse (refusal, 500, "The hub could not check the owner.");
        }
      /* a disabled social worker keeps what they own until it is
       * reassigned, but is given nothing new */
      if (user == NULL || user->role != CPIS_ROLE_SOCIAL_WORKER || user->disabled ||
          g_strcmp0 (user->organisation->ods_code, current->la_ods_code) != 0)
        return refuse_owner (refusal);

      return TRUE;
    }
  else
    {
      const char *system = _cpis_json_object_get_string (identifier, "system");
      g_autofree char *value = _cpis_json_object_dup_trimmed (identifier, "value");
      g_autoptr(CpisHubTeam) team = NULL;

      if (system == NULL || value == NULL)
        return refuse_owner (refusal);

      if (_cpis_json_system_equal (system, CPIS_ODS_CODE_SYSTEM))
        {
          if (g_ascii_strcasecmp (value, current->la_ods_code) != 0)
            return refuse_owner (refusal);

          change->owner_kind = CPIS_HUB_TASK_OWNER_LA;
          change->owner_ref = g_strdup (current->la_ods_code);
          return TRUE;
        }

      if (!_cpis_json_system_equal (system, CPIS_HUB_TEAM_SYSTEM))
        return refuse_owner (refusal);

      change->owner_kind = CPIS_HUB_TASK_OWNER_TEAM;
      change->owner_ref = g_steal_pointer (&value);
      if (current->owner_kind == change->owner_kind &&
          g_strcmp0 (current->owner_ref, change->owner_ref) == 0)
        return TRUE;

      team = cpis_hub_store_find_team (store, change->owner_ref, &error);
      if (error != NULL)
        {
          g_warning ("Could not look up a team: %s", error->message);
          return refuse (refusal, 500, "The hub could not check the owner.");
        }
      if (team == NULL || g_strcmp0 (team->la_ods_code, current->la_ods_code) != 0)
        return refuse_owner (refusal);

      return TRUE;
    }
}

/* The notes as read first, unchanged, then the new ones */
static gboolean
read_notes (JsonObject        *root,
            const CpisHubTask *current,
            CpisHubTaskChange *change,
            Refusal           *refusal)
{
  JsonNode *node;
  JsonArray *notes = NULL;
  guint n_current = current->notes != NULL ? current->notes->len : 0;
  guint n_given;

  if (!member_of_type (root, "note", JSON_NODE_ARRAY, &node, refusal))
    return FALSE;
  if (node != NULL)
    notes = json_node_get_array (node);

  n_given = notes != NULL ? json_array_get_length (notes) : 0;
  for (guint i = 0; i < n_given; i++)
    if (_cpis_json_array_get_object (notes, i) == NULL)
      return UNREADABLE (refusal, "Each note must be an object.");

  if (n_given < n_current)
    return NOT_ALLOWED (refusal, "A note is never removed: send every note as it was read, and "
                                 "new ones after them.");

  for (guint i = 0; i < n_current; i++)
    {
      const CpisHubTaskNote *note = g_ptr_array_index (current->notes, i);
      JsonObject *given = _cpis_json_array_get_object (notes, i);
      JsonObject *author = _cpis_json_object_get_object (given, "authorReference");
      const char *author_reference = _cpis_json_object_get_string (author, "reference");
      const char *time = _cpis_json_object_get_string (given, "time");
      gint64 usec;

      if (g_strcmp0 (_cpis_json_object_get_string (given, "text"), note->text) != 0 ||
          (author_reference != NULL &&
           g_strcmp0 (reference_id (author_reference, "PractitionerRole"),
                      note->author_role_id) != 0) ||
          (time != NULL && (!parse_instant (time, &usec) || usec != note->time_usec)))
        return NOT_ALLOWED (refusal, "A note is never edited: send every note as it was read, "
                                     "and new ones after them.");
    }

  for (guint i = n_current; i < n_given; i++)
    {
      JsonObject *given = _cpis_json_array_get_object (notes, i);
      g_autofree char *text = _cpis_json_object_dup_trimmed (given, "text");

      if (text == NULL)
        return NOT_ALLOWED (refusal, "A new note needs a text.");
      if (g_utf8_strlen (text, -1) > CPIS_HUB_TASK_NOTE_MAX_CHARS)
        return NOT_ALLOWED (refusal, "A note may hold at most %d characters.",
                            CPIS_HUB_TASK_NOTE_MAX_CHARS);

      g_ptr_array_insert (change->new_notes, change->new_notes->len - 1,
                          g_steal_pointer (&text));
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The rules */

static gboolean
check_rules (const CpisHubTask *current,
             CpisHubTaskChange *change,
             Refusal           *refusal)
{
  const char *from = cpis_hub_task_status_to_string (current->status);
  const char *to = cpis_hub_task_status_to_string (change->status);

  change->changed = change->status != current->status ||
                    g_strcmp0 (change->status_reason, current->status_reason) != 0 ||
                    g_strcmp0 (change->business_status, current->business_status) != 0 ||
                    change->owner_kind != current->owner_kind ||
                    g_strcmp0 (change->owner_ref, current->owner_ref) != 0 ||
                    change->new_notes->len > 1;

  if (!change->changed)
    return TRUE;

  if (cpis_hub_task_status_is_final (current->status))
    return NOT_ALLOWED (refusal, "A %s notification never changes any more, not even by a note.",
                        from);

  if (change->status != current->status &&
      !cpis_hub_task_status_can_become (current->status, change->status))
    return NOT_ALLOWED (refusal, "A notification cannot go from %s to %s.", from, to);

  if (change->status == CPIS_HUB_TASK_STATUS_CANCELLED && change->status_reason == NULL)
    return NOT_ALLOWED (refusal, "Say why in statusReason.text to cancel a notification.");
  if (change->status != CPIS_HUB_TASK_STATUS_CANCELLED && change->status_reason != NULL)
    return NOT_ALLOWED (refusal, "A statusReason is kept for a cancelled notification only.");

  if (change->status == CPIS_HUB_TASK_STATUS_COMPLETED && change->business_status == NULL)
    return NOT_ALLOWED (refusal, "Give the outcome in businessStatus to complete a notification.");

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Public API */

CpisHubTaskChange *
cpis_hub_task_change_read (CpisHubStore       *store,
                           const CpisHubTask  *current,
                           const char         *url_id,
                           GBytes             *body,
                           guint              *status,
                           char              **diagnostics)
{
  g_autoptr(CpisHubTaskChange) change = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  Refusal refusal = { 0 };
  JsonObject *root = NULL;
  JsonNode *meta;
  const char *data;
  gsize size = 0;
  gboolean ok;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (store), NULL);
  g_return_val_if_fail (current != NULL, NULL);
  g_return_val_if_fail (url_id != NULL, NULL);
  g_return_val_if_fail (status != NULL && diagnostics != NULL, NULL);

  *status = 0;
  *diagnostics = NULL;
  data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (size == 0)
    UNREADABLE (&refusal, "The request has no body: send the Task as it was read, with the "
                          "changes.");
  else if (!g_utf8_validate_len (data, size, NULL))
    UNREADABLE (&refusal, "The body is not UTF-8 text, or holds a NUL byte.");
  /* json-glib would cut a string at an escaped NUL */
  else if (g_strstr_len (data, size, "\\u0000") != NULL)
    UNREADABLE (&refusal, "The body holds a NUL character.");
  else if ((parser = _cpis_fhir_parse_resource (data, size, "Task", &root, &error)) == NULL)
    {
      if (g_error_matches (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE))
        UNREADABLE (&refusal, "The body is not a Task resource.");
      else if (g_error_matches (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID))
        UNREADABLE (&refusal, "The body gives a member twice in one object.");
      else
        UNREADABLE (&refusal, "The body is not JSON, or is nested more than 64 levels deep.");
    }
  else if (g_strcmp0 (_cpis_json_object_get_string (root, "id"), url_id) != 0)
    UNREADABLE (&refusal, "The Task's id must be the id in its address.");

  if (refusal.diagnostics != NULL)
    goto refused;

  change = g_new0 (CpisHubTaskChange, 1);
  change->new_notes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (change->new_notes, NULL);

  /* What the body says, read first (a 400 before any 422), then the rules */
  ok = read_status (root, change, &refusal) &&
       read_status_reason (root, change, &refusal) &&
       read_business_status (root, change, &refusal) &&
       member_of_type (root, "meta", JSON_NODE_OBJECT, &meta, &refusal) &&
       check_members (root, &refusal) &&
       check_extensions (root, current, &refusal) &&
       check_fixed_string (root, "intent", "order", &refusal) &&
       check_fixed_string (root, "priority", "routine", &refusal) &&
       check_code (root, current, &refusal) &&
       check_focus (root, current, &refusal) &&
       check_identifier_reference (root, "for", CPIS_NHS_NUMBER_SYSTEM, current->nhs_number,
                                   TRUE, &refusal) &&
       check_authored_on (root, current, &refusal) &&
       check_identifier_reference (root, "requester", CPIS_ODS_CODE_SYSTEM,
                                   current->requester_ods_code, FALSE, &refusal) &&
       check_input (root, current, &refusal) &&
       read_notes (root, current, change, &refusal) &&
       read_owner (store, root, current, change, &refusal) &&
       check_rules (current, change, &refusal);

  if (ok)
    return g_steal_pointer (&change);

refused:
  *status = refusal.status;
  *diagnostics = refusal.diagnostics;
  return NULL;
}

void
cpis_hub_task_change_to_update (const CpisHubTaskChange *change,
                                const CpisHubTask       *current,
                                gint64                   user_id,
                                gint64                   now_usec,
                                CpisHubTaskUpdate       *update)
{
  g_return_if_fail (change != NULL && current != NULL && update != NULL);

  *update = (CpisHubTaskUpdate) {
    .task_id = current->id,
    .la_ods_code = current->la_ods_code,
    .base_version = current->version,
    .user_id = user_id,
    .modified_usec = now_usec,
    .status = change->status,
    .status_reason = change->status_reason,
    .business_status = change->business_status,
    .owner_kind = change->owner_kind,
    .owner_ref = change->owner_ref,
    .new_notes = (const char * const *) change->new_notes->pdata,
  };
}
