/* cpis-hub-task-json.c: the hub's notifications as FHIR R4 Task JSON
 *
 * Member order follows docs/api.md's example. The AuditEvents and
 * PractitionerRoles a search includes are written by the core's codec
 * (_cpis_fhir_add_*_entry), so they are exactly what an access history
 * holds.
 */
#include "cpis-hub-task-json.h"

#include <json-glib/json-glib.h>

#include "cpis-fhir-codec.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-hub-url.h"
#include "cpis-uuid.h"

static const struct
{
  const char *code;
  const char *display;
} task_codes[] = {
  { CPIS_HUB_TASK_CODE_ACCESS_TO_SERVICE, "Access to Service Notification" },
  { CPIS_HUB_TASK_CODE_INACTIVE_NHS_NUMBER, "Inactive NHS Number Notification" },
};

static const struct
{
  const char *code;
  const char *display;
} outcomes[] = {
  { "contacted-family", "Contacted the family" },
  { "contacted-health-professional", "Contacted the health professional" },
  { "added-to-case-record", "Added to the case record" },
  { "referred", "Referred for assessment" },
  { "no-further-action", "No further action" },
  { "not-our-child", "Not this authority's child" },
};

const char *
cpis_hub_task_code_display (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (task_codes); i++)
    if (g_str_equal (code, task_codes[i].code))
      return task_codes[i].display;

  return NULL;
}

const char *
cpis_hub_task_outcome_display (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (outcomes); i++)
    if (g_str_equal (code, outcomes[i].code))
      return outcomes[i].display;

  return NULL;
}

char *
cpis_hub_task_format_instant (gint64 usec)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) instant = NULL;

  if (seconds == NULL)
    return NULL;

  instant = g_date_time_add (seconds, usec % G_USEC_PER_SEC);
  if (g_date_time_get_microsecond (instant) != 0)
    return g_date_time_format (instant, "%Y-%m-%dT%H:%M:%S.%f%:z");

  return g_date_time_format (instant, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
cpis_hub_task_etag (gint64 version)
{
  return g_strdup_printf ("W/\"%" G_GINT64_FORMAT "\"", version);
}

/* ------------------------------------------------------------------------ */
/* Pieces */

static void
add_string_member (JsonBuilder *builder,
                   const char  *member,
                   const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_instant_member (JsonBuilder *builder,
                    const char  *member,
                    gint64       usec)
{
  g_autofree char *instant = cpis_hub_task_format_instant (usec);

  add_string_member (builder, member, instant);
}

/* "@member": {"coding": [{system, code, display}]} */
static void
add_codeable_concept (JsonBuilder *builder,
                      const char  *member,
                      const char  *system,
                      const char  *code,
                      const char  *display)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string_member (builder, "system", system);
  add_string_member (builder, "code", code);
  add_string_member (builder, "display", display);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* "@member": {"identifier": {system, value}, "display"} */
static void
add_identifier_reference (JsonBuilder *builder,
                          const char  *member,
                          const char  *system,
                          const char  *value,
                          const char  *display)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identifier");
  json_builder_begin_object (builder);
  add_string_member (builder, "system", system);
  add_string_member (builder, "value", value);
  json_builder_end_object (builder);
  add_string_member (builder, "display", display);
  json_builder_end_object (builder);
}

/* "@member": {"reference": "PractitionerRole/{id}", "display"} */
static void
add_role_reference (JsonBuilder *builder,
                    const char  *member,
                    const char  *role_id,
                    const char  *display)
{
  g_autofree char *reference = g_strconcat ("PractitionerRole/", role_id, NULL);

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  add_string_member (builder, "reference", reference);
  add_string_member (builder, "display", display);
  json_builder_end_object (builder);
}

static void
add_extensions (JsonBuilder       *builder,
                const CpisHubTask *task)
{
  json_builder_set_member_name (builder, "extension");
  json_builder_begin_array (builder);

  json_builder_begin_object (builder);
  add_string_member (builder, "url", CPIS_HUB_TASK_OUT_OF_AREA_URL);
  json_builder_set_member_name (builder, "valueBoolean");
  json_builder_add_boolean_value (builder, task->out_of_area);
  json_builder_end_object (builder);

  if (task->modified_by_role_id != NULL)
    {
      json_builder_begin_object (builder);
      add_string_member (builder, "url", CPIS_HUB_TASK_MODIFIED_BY_URL);
      add_role_reference (builder, "valueReference", task->modified_by_role_id,
                          task->modified_by_name);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
}

static void
add_owner (JsonBuilder       *builder,
           const CpisHubTask *task)
{
  switch (task->owner_kind)
    {
    case CPIS_HUB_TASK_OWNER_SOCIAL_WORKER:
      add_role_reference (builder, "owner", task->owner_ref, task->owner_display);
      break;
    case CPIS_HUB_TASK_OWNER_TEAM:
      add_identifier_reference (builder, "owner", CPIS_HUB_TEAM_SYSTEM, task->owner_ref,
                                task->owner_display);
      break;
    case CPIS_HUB_TASK_OWNER_LA:
    default:
      add_identifier_reference (builder, "owner", CPIS_ODS_CODE_SYSTEM, task->owner_ref,
                                task->owner_display);
      break;
    }
}

static void
add_notes (JsonBuilder       *builder,
           const CpisHubTask *task)
{
  if (task->notes == NULL || task->notes->len == 0)
    return;

  json_builder_set_member_name (builder, "note");
  json_builder_begin_array (builder);
  for (guint i = 0; i < task->notes->len; i++)
    {
      const CpisHubTaskNote *note = g_ptr_array_index (task->notes, i);

      json_builder_begin_object (builder);
      add_role_reference (builder, "authorReference", note->author_role_id, note->author_name);
      add_instant_member (builder, "time", note->time_usec);
      add_string_member (builder, "text", note->text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* The members of the Task resource after resourceType */
static void
add_task_members (JsonBuilder       *builder,
                  const CpisHubTask *task)
{
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, task->version);

  add_string_member (builder, "id", task->id);

  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  add_string_member (builder, "versionId", version);
  add_instant_member (builder, "lastUpdated", task->last_modified_usec);
  json_builder_end_object (builder);

  add_extensions (builder, task);

  add_string_member (builder, "status", cpis_hub_task_status_to_string (task->status));

  if (task->status_reason != NULL)
    {
      json_builder_set_member_name (builder, "statusReason");
      json_builder_begin_object (builder);
      add_string_member (builder, "text", task->status_reason);
      json_builder_end_object (builder);
    }

  if (task->business_status != NULL)
    add_codeable_concept (builder, "businessStatus", CPIS_HUB_TASK_OUTCOME_SYSTEM,
                          task->business_status,
                          cpis_hub_task_outcome_display (task->business_status));

  add_string_member (builder, "intent", "order");
  add_string_member (builder, "priority", "routine");
  add_codeable_concept (builder, "code", CPIS_HUB_TASK_TYPE_SYSTEM, task->code,
                        cpis_hub_task_code_display (task->code));

  if (task->access_id != NULL)
    {
      g_autofree char *focus = g_strconcat ("AuditEvent/", task->access_id, NULL);

      json_builder_set_member_name (builder, "focus");
      json_builder_begin_object (builder);
      add_string_member (builder, "reference", focus);
      json_builder_end_object (builder);
    }

  add_identifier_reference (builder, "for", CPIS_NHS_NUMBER_SYSTEM, task->nhs_number,
                            task->subject_name);
  add_instant_member (builder, "authoredOn", task->authored_usec);
  add_instant_member (builder, "lastModified", task->last_modified_usec);

  if (task->requester_ods_code != NULL)
    add_identifier_reference (builder, "requester", CPIS_ODS_CODE_SYSTEM,
                              task->requester_ods_code, task->requester_name);

  add_owner (builder, task);
  add_notes (builder, task);

  if (task->replaced_by != NULL)
    {
      json_builder_set_member_name (builder, "input");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_begin_object (builder);
      add_string_member (builder, "text", "replaced-by");
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "valueIdentifier");
      json_builder_begin_object (builder);
      add_string_member (builder, "system", CPIS_NHS_NUMBER_SYSTEM);
      add_string_member (builder, "value", task->replaced_by);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
}

static void
add_task (JsonBuilder       *builder,
          const CpisHubTask *task)
{
  json_builder_begin_object (builder);
  add_string_member (builder, "resourceType", "Task");
  add_task_members (builder, task);
  json_builder_end_object (builder);
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
add_link (JsonBuilder *builder,
          const char  *relation,
          const char  *url)
{
  if (url == NULL)
    return;

  json_builder_begin_object (builder);
  add_string_member (builder, "relation", relation);
  add_string_member (builder, "url", url);
  json_builder_end_object (builder);
}

static void
begin_bundle (JsonBuilder            *builder,
              const char             *type,
              guint                   total,
              const CpisHubTaskLinks *links)
{
  g_autofree char *bundle_id = cpis_uuid_new ();

  json_builder_begin_object (builder);
  add_string_member (builder, "resourceType", "Bundle");
  add_string_member (builder, "id", bundle_id);
  add_string_member (builder, "type", type);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);

  json_builder_set_member_name (builder, "link");
  json_builder_begin_array (builder);
  add_link (builder, "self", links->self);
  add_link (builder, "next", links->next);
  add_link (builder, "previous", links->previous);
  json_builder_end_array (builder);
}

/* ------------------------------------------------------------------------ */
/* Public API */

char *
cpis_hub_task_encode (const CpisHubTask *task)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (task != NULL, NULL);

  add_task (builder, task);
  return builder_to_string (builder);
}

char *
cpis_hub_task_encode_searchset (GPtrArray              *tasks,
                                guint                   total,
                                GPtrArray              *events,
                                const CpisHubTaskLinks *links,
                                const char             *base_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) included = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *base = NULL;
  guint n_events = events != NULL ? events->len : 0;

  g_return_val_if_fail (tasks != NULL, NULL);
  g_return_val_if_fail (links != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  base = cpis_hub_url_normalise (base_url);
  begin_bundle (builder, "searchset", total, links);

  if (tasks->len + n_events > 0)
    {
      json_builder_set_member_name (builder, "entry");
      json_builder_begin_array (builder);
    }

  for (guint i = 0; i < tasks->len; i++)
    {
      const CpisHubTask *task = g_ptr_array_index (tasks, i);
      g_autofree char *full_url = g_strdup_printf ("%s/Task/%s", base, task->id);

      json_builder_begin_object (builder);
      add_string_member (builder, "fullUrl", full_url);
      json_builder_set_member_name (builder, "resource");
      add_task (builder, task);
      json_builder_set_member_name (builder, "search");
      json_builder_begin_object (builder);
      add_string_member (builder, "mode", "match");
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  for (guint i = 0; i < n_events; i++)
    _cpis_fhir_add_audit_event_entry (builder, base, g_ptr_array_index (events, i), "include");

  /* Each distinct viewer once, in the order first referred to */
  for (guint i = 0; i < n_events; i++)
    {
      CpisPractitionerRole *role =
        cpis_access_event_get_practitioner_role (g_ptr_array_index (events, i));
      const char *id = role != NULL ? cpis_practitioner_role_get_id (role) : NULL;

      if (id == NULL || g_hash_table_contains (included, id))
        continue;

      g_hash_table_add (included, (gpointer) id);
      _cpis_fhir_add_practitioner_role_entry (builder, base, role, "include");
    }

  if (tasks->len + n_events > 0)
    json_builder_end_array (builder);
  json_builder_end_object (builder);

  return builder_to_string (builder);
}

char *
cpis_hub_task_encode_history (GPtrArray  *versions,
                              const char *base_url,
                              const char *self_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *base = NULL;
  CpisHubTaskLinks links = { .self = self_url };

  g_return_val_if_fail (versions != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  base = cpis_hub_url_normalise (base_url);
  begin_bundle (builder, "history", versions->len, &links);

  if (versions->len > 0)
    {
      json_builder_set_member_name (builder, "entry");
      json_builder_begin_array (builder);
    }

  /* A history entry says how the version came to be: raised (version 1,
   * the hub's POST) or changed (a PUT) */
  for (guint i = 0; i < versions->len; i++)
    {
      const CpisHubTask *task = g_ptr_array_index (versions, i);
      g_autofree char *full_url = g_strdup_printf ("%s/Task/%s", base, task->id);
      g_autofree char *item_url = g_strdup_printf ("Task/%s", task->id);
      g_autofree char *etag = cpis_hub_task_etag (task->version);
      gboolean raised = task->version == 1;

      json_builder_begin_object (builder);
      add_string_member (builder, "fullUrl", full_url);
      json_builder_set_member_name (builder, "resource");
      add_task (builder, task);

      json_builder_set_member_name (builder, "request");
      json_builder_begin_object (builder);
      add_string_member (builder, "method", raised ? "POST" : "PUT");
      add_string_member (builder, "url", raised ? "Task" : item_url);
      json_builder_end_object (builder);

      json_builder_set_member_name (builder, "response");
      json_builder_begin_object (builder);
      add_string_member (builder, "status", raised ? "201 Created" : "200 OK");
      add_string_member (builder, "etag", etag);
      add_instant_member (builder, "lastModified", task->last_modified_usec);
      json_builder_end_object (builder);

      json_builder_end_object (builder);
    }

  if (versions->len > 0)
    json_builder_end_array (builder);
  json_builder_end_object (builder);

  return builder_to_string (builder);
}
