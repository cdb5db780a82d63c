/* cpis-fhir-task-write.c: a notification (CpisTask) → a FHIR Task for PUT
 *
 * The Task as read (cpis-fhir-task.c keeps all of it), with the changes of
 * a CpisTaskUpdate: status, statusReason, businessStatus, owner, and a new
 * note's text (the hub sets its author and time). What never changes is
 * written back exactly as it was read: the codings as received, the
 * instants as the hub wrote them, the members this version does not model.
 */

#include "cpis-fhir-codec.h"

#include "cpis-date.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-json-private.h"

static void
add_instant (JsonBuilder *builder,
             const char  *member,
             gint64       usec,
             const char  *verbatim)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (verbatim != NULL)
    {
      _cpis_fhir_add_string_member (builder, member, verbatim);
      return;
    }
  if (usec == 0)
    return;

  time = cpis_date_time_new_utc_usec (usec);
  text = _cpis_fhir_format_instant (time);
  _cpis_fhir_add_string_member (builder, member, text);
}

/* "PractitionerRole/{id}" with its display */
static void
add_role_reference (JsonBuilder *builder,
                    const char  *member,
                    const char  *id,
                    const char  *display)
{
  g_autofree char *reference = id != NULL ? g_strconcat ("PractitionerRole/", id, NULL) : NULL;

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "reference", reference);
  _cpis_fhir_add_string_member (builder, "display", display);
  json_builder_end_object (builder);
}

static void
add_owner (JsonBuilder       *builder,
           CpisTaskOwnerKind  kind,
           const char        *id,
           const char        *display)
{
  if (kind == CPIS_TASK_OWNER_WORKER)
    {
      add_role_reference (builder, "owner", id, display);
      return;
    }

  json_builder_set_member_name (builder, "owner");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identifier");
  _cpis_fhir_add_identifier (builder,
                             kind == CPIS_TASK_OWNER_TEAM ? CPIS_TEAM_SYSTEM : CPIS_ODS_CODE_SYSTEM,
                             id);
  _cpis_fhir_add_string_member (builder, "display", display);
  json_builder_end_object (builder);
}

/* The extra JSON object of @task, or NULL (an unreadable one is left out) */
static JsonParser *
parse_extra (CpisTask    *task,
             JsonObject **extra)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  *extra = NULL;
  if (cpis_task_get_extra (task) == NULL)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, cpis_task_get_extra (task), -1, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  *extra = json_node_get_object (root);
  return g_steal_pointer (&parser);
}

static void
add_extensions (JsonBuilder *builder,
                CpisTask    *task,
                JsonArray   *others)
{
  gboolean modified_by = (cpis_task_get_modified_by_id (task) != NULL ||
                          cpis_task_get_modified_by_display (task) != NULL);

  if (!cpis_task_get_out_of_area_stated (task) && !modified_by &&
      _cpis_json_array_get_length (others) == 0)
    return;

  json_builder_set_member_name (builder, "extension");
  json_builder_begin_array (builder);

  if (cpis_task_get_out_of_area_stated (task))
    {
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "url", CPIS_TASK_OUT_OF_AREA_EXTENSION_URL);
      json_builder_set_member_name (builder, "valueBoolean");
      json_builder_add_boolean_value (builder, cpis_task_get_out_of_area (task));
      json_builder_end_object (builder);
    }

  if (modified_by)
    {
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "url", CPIS_TASK_MODIFIED_BY_EXTENSION_URL);
      add_role_reference (builder, "valueReference", cpis_task_get_modified_by_id (task),
                          cpis_task_get_modified_by_display (task));
      json_builder_end_object (builder);
    }

  for (guint i = 0; i < _cpis_json_array_get_length (others); i++)
    json_builder_add_value (builder, json_node_copy (json_array_get_element (others, i)));

  json_builder_end_array (builder);
}

static void
add_coding_concept (JsonBuilder *builder,
                    const char  *member,
                    const char  *system,
                    const char  *code,
                    const char  *display)
{
  if (code == NULL && display == NULL)
    return;

  _cpis_fhir_add_codeable_concept (builder, member, system, code, display);
}

static void
add_notes (JsonBuilder *builder,
           CpisTask    *task,
           const char  *new_note)
{
  GPtrArray *notes = cpis_task_get_notes (task);

  if (notes->len == 0 && new_note == NULL)
    return;

  json_builder_set_member_name (builder, "note");
  json_builder_begin_array (builder);

  for (guint i = 0; i < notes->len; i++)
    {
      CpisTaskNote *note = g_ptr_array_index (notes, i);
      const char *reference = cpis_task_note_get_author_reference (note);
      const char *author = cpis_task_note_get_author_display (note);

      json_builder_begin_object (builder);
      if (reference != NULL)
        {
          json_builder_set_member_name (builder, "authorReference");
          json_builder_begin_object (builder);
          _cpis_fhir_add_string_member (builder, "reference", reference);
          _cpis_fhir_add_string_member (builder, "display", author);
          json_builder_end_object (builder);
        }
      else
        _cpis_fhir_add_string_member (builder, "authorString", author);
      add_instant (builder, "time", cpis_task_note_get_time (note),
                   cpis_task_note_get_time_text (note));
      _cpis_fhir_add_string_member (builder, "text", cpis_task_note_get_text (note));
      json_builder_end_object (builder);
    }

  /* the hub sets its author and time */
  if (new_note != NULL)
    {
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "text", new_note);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
}

char *
cpis_fhir_encode_task (CpisTask             *task,
                       const CpisTaskUpdate *update)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonParser) extra_parser = NULL;
  CpisTaskUpdate as_read;
  JsonObject *extra;
  JsonArray *other_extensions;
  const char *nhs_number;
  const char *child_name;
  const char *setting_code;
  const char *setting_name;
  const char *kind_code;

  g_return_val_if_fail (CPIS_IS_TASK (task), NULL);

  if (update == NULL)
    {
      cpis_task_update_init (&as_read, task);
      update = &as_read;
    }

  extra_parser = parse_extra (task, &extra);
  other_extensions = _cpis_json_object_get_array (extra, "extension");

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "Task");
  _cpis_fhir_add_string_member (builder, "id", cpis_task_get_id (task));

  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "versionId", cpis_task_get_version (task));
  add_instant (builder, "lastUpdated", cpis_task_get_last_updated (task), NULL);
  json_builder_end_object (builder);

  add_extensions (builder, task, other_extensions);

  _cpis_fhir_add_string_member (builder, "status", cpis_task_status_to_string (update->status));
  if (update->status_reason != NULL)
    {
      json_builder_set_member_name (builder, "statusReason");
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "text", update->status_reason);
      json_builder_end_object (builder);
    }

  /* an outcome kept is written as read; one chosen, as the contract has it */
  if (update->outcome == cpis_task_get_outcome (task))
    add_coding_concept (builder, "businessStatus", cpis_task_get_outcome_system (task),
                        cpis_task_get_outcome_code (task), cpis_task_get_outcome_display (task));
  else if (cpis_task_outcome_is_known (update->outcome))
    add_coding_concept (builder, "businessStatus", CPIS_TASK_OUTCOME_SYSTEM,
                        cpis_task_outcome_to_code (update->outcome),
                        cpis_task_outcome_to_display (update->outcome));

  _cpis_fhir_add_string_member (builder, "intent", cpis_task_get_intent (task));
  _cpis_fhir_add_string_member (builder, "priority", cpis_task_get_priority (task));

  kind_code = cpis_task_get_kind_code (task);
  if (kind_code == NULL)
    kind_code = cpis_task_kind_to_code (cpis_task_get_kind (task));
  add_coding_concept (builder, "code", cpis_task_get_kind_system (task), kind_code,
                      cpis_task_get_kind_display (task));

  /* (a focus kept as it came is written with the rest of extra) */
  if (cpis_task_get_access_id (task) != NULL &&
      (extra == NULL || !json_object_has_member (extra, "focus")))
    {
      g_autofree char *focus = g_strconcat ("AuditEvent/", cpis_task_get_access_id (task), NULL);

      json_builder_set_member_name (builder, "focus");
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "reference", focus);
      json_builder_end_object (builder);
    }

  nhs_number = cpis_task_get_nhs_number (task);
  child_name = cpis_task_get_child_name (task);
  if (nhs_number != NULL || child_name != NULL)
    {
      json_builder_set_member_name (builder, "for");
      json_builder_begin_object (builder);
      if (nhs_number != NULL)
        {
          json_builder_set_member_name (builder, "identifier");
          _cpis_fhir_add_identifier (builder, CPIS_NHS_NUMBER_SYSTEM, nhs_number);
        }
      _cpis_fhir_add_string_member (builder, "display", child_name);
      json_builder_end_object (builder);
    }

  add_instant (builder, "authoredOn", cpis_task_get_authored_on (task),
               cpis_task_get_authored_on_text (task));
  add_instant (builder, "lastModified", cpis_task_get_last_modified (task), NULL);

  setting_code = cpis_task_get_setting_code (task);
  setting_name = cpis_task_get_setting_name (task);
  if (setting_code != NULL || setting_name != NULL)
    {
      json_builder_set_member_name (builder, "requester");
      json_builder_begin_object (builder);
      if (setting_code != NULL)
        {
          json_builder_set_member_name (builder, "identifier");
          _cpis_fhir_add_identifier (builder, CPIS_ODS_CODE_SYSTEM, setting_code);
        }
      _cpis_fhir_add_string_member (builder, "display", setting_name);
      json_builder_end_object (builder);
    }

  add_owner (builder, update->owner_kind, update->owner_id, update->owner_display);
  add_notes (builder, task, update->note_text);

  /* what this version does not model, as it came */
  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_iter_init (&iter, extra);
      while (json_object_iter_next (&iter, &name, &node))
        {
          if (g_str_equal (name, "extension"))
            continue;
          json_builder_set_member_name (builder, name);
          json_builder_add_value (builder, json_node_copy (node));
        }
    }

  json_builder_end_object (builder);

  return _cpis_fhir_builder_to_string (builder);
}
