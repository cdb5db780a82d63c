/* cpis-hub-metadata.c: GET [base]/metadata and GET [pds]/metadata, the
 * hub's CapabilityStatements (FHIR R4)
 *
 * Built from the router's own table (cpis-hub-server.c): every path the
 * router serves under a FHIR base is a resource type of that base's
 * CapabilityStatement, described below; a description the router has no
 * path for is left out (so Subscription is listed once the router serves
 * it, and not before). The websocket, which is under no FHIR base, is
 * given by rest's capabilitystatement-websocket extension. Search
 * parameters come from each search handler's
 * own table (cpis-hub-capability.h): what is listed is what is read. The
 * sign-in endpoints are the router's paths under /oauth2/.
 *
 * Open: no token is needed, as FHIR servers answer metadata. Nothing about
 * a patient or a user is in it. tests/test-hub-metadata.c checks it against
 * what the router answers, interaction by interaction.
 */
#include <string.h>

#include <json-glib/json-glib.h>

#include "cpis-fhir-codec.h"
#include "cpis-hub-capability.h"
#include "cpis-hub-push.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server-private.h"
#include "cpis-hub-task-json.h"

#define FHIR_VERSION "4.0.1"
#define TITLE                "CP-IS reference hub"
#define DEMOGRAPHICS_TITLE   "CP-IS reference hub: demographics (PDS-shaped)"
#define SERVICE              "The hub's CP-IS service"
#define DEMOGRAPHICS_SERVICE "The hub's demographics service"
#define OAUTH_PATH   "/oauth2/"
#define WEBSOCKET_EXTENSION "http://hl7.org/fhir/StructureDefinition/capabilitystatement-websocket"
#define OAUTH_URIS_EXTENSION \
  "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"
#define BACKPORT_IG \
  "http://hl7.org/fhir/uv/subscriptions-backport/ImplementationGuide/hl7.fhir.uv.subscriptions-backport"

typedef struct
{
  const char *code;           /* a TypeRestfulInteraction code; NULL ends a list */
  const char *documentation;
} Interaction;

typedef struct
{
  const char *name;           /* without the $; NULL ends a list */
  const char *definition;     /* the OperationDefinition's canonical */
  const char *documentation;
} Operation;

typedef struct
{
  const char              *base_path;
  const char              *type;
  const char              *documentation;
  const Interaction       *interactions;
  const char              *versioning;   /* no-version, versioned, versioned-update */
  gboolean                 read_history;
  const char              *search_include; /* may be NULL */
  CpisHubSearchParamsFunc  search_params;  /* may be NULL */
  const Operation         *operations;     /* may be NULL */
  const char              *implementation_guide; /* declared when this type is served */
} ResourceDescription;

static const Interaction care_team_interactions[] = {
  { "search-type",
    "The child's plans to show, one CareTeam each. IsUnscheduledAccessEvent: true (or absent) "
    "records the access and notifies each responsible local authority before the answer; false "
    "is a silent read. Clinicians; social workers for their own authority's children. "
    "Without patient:identifier, a social worker's list of every plan their authority "
    "uploaded (status, category), paged by next links, never recorded." },
  { NULL }
};

static const Interaction audit_event_interactions[] = {
  { "search-type",
    "The child's access history: the 25 newest recorded accesses, newest first, each viewer's "
    "PractitionerRole included. Never recorded itself. Clinicians (alongside a plan to show); "
    "social workers for their own authority's children." },
  { NULL }
};

static const Interaction task_interactions[] = {
  { "read", "The current version, with its ETag." },
  { "vread", "One version, as it was." },
  { "update",
    "With If-Match: W/\"{versionId}\" (required: 428 without, 412 when stale). Status, "
    "businessStatus, statusReason, owner and new notes may change; nothing else." },
  { "history-instance", "Every version, newest first." },
  { "search-type", "The authority's notifications, paged (next and previous links)." },
  { NULL }
};

static const Interaction practitioner_role_interactions[] = {
  { "search-type",
    "The social workers of the social worker's own authority whom a notification can be "
    "assigned to (a Task's owner PractitionerRole/{id}), by name; disabled accounts are left "
    "out. Never recorded." },
  { NULL }
};

static const Interaction organization_interactions[] = {
  { "search-type",
    "The teams of the social worker's own authority, whom a notification can be assigned to "
    "(a Task's owner:identifier, by the team identifier). Never recorded." },
  { NULL }
};

static const Interaction basic_interactions[] = {
  { "read", "One upload exception of the social worker's authority, open or resolved." },
  { "search-type",
    "The authority's open upload exceptions, newest first, paged (_count, _offset; next and "
    "previous links)." },
  { NULL }
};

static const Operation basic_operations[] = {
  { "dismiss", "https://cpis-desktop.gnome.example/fhir/OperationDefinition/Basic-dismiss",
    "POST Basic/{id}/$dismiss: the exception is resolved, nothing more to do (uploading the "
    "record corrected resolves it too). Answers the Basic; one already resolved stays as it "
    "was." },
  { NULL }
};

static const Interaction measure_interactions[] = {
  { "read", "GET Measure/area-figures: what each group of the area figures counts." },
  { "search-type", "The one Measure, area-figures; no parameters." },
  { NULL }
};

static const Operation measure_operations[] = {
  { "evaluate-measure", "http://hl7.org/fhir/OperationDefinition/Measure-evaluate-measure",
    "GET Measure/area-figures/$evaluate-measure?periodStart=&periodEnd=[&la=][&reportType=summary]: "
    "the officer's area's figures for the period (UK days, at most 731, not after today) as a "
    "summary MeasureReport, of one of its LAs with la. Counts only; 1 to 4 suppressed. "
    "Partnership officers only; never recorded as an access." },
  { NULL }
};

static const Interaction patient_interactions[] = {
  { "read",
    "GET Patient/{NHS number}: ten digits with a valid check digit. A superseded number is "
    "answered with the current record, whose id differs; a restricted record without its "
    "address." },
  { "search-type",
    "Exact matches only; more than _max-results is a 200 OperationOutcome (TOO_MANY_MATCHES)." },
  { NULL }
};

/* Listed once the router serves [base]/Subscription (docs/api.md,
 * "Subscriptions and the websocket") */
static const Interaction subscription_interactions[] = {
  { "create",
    "A Subscription (backport-subscription) to one of the hub's topics, status requested, on a "
    "websocket channel, with its payload content; answered active. It carries the events of "
    "the social worker's own authority, whatever is asked; filter criteria are refused." },
  { "read", "The Subscription, with its status (active, or off once its end has passed)." },
  { "delete", "The Subscription and its events; a websocket bound to it alone is closed." },
  { "search-type", "Every Subscription of the social worker's, oldest first; no parameters." },
  { NULL }
};

static const Operation subscription_operations[] = {
  { "get-ws-binding-token",
    "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/"
    "backport-subscription-get-ws-binding-token",
    "A single-use token, for 60 seconds, to bind a websocket to Subscriptions of the social "
    "worker's (bind-with-token TOKEN), and the websocket's URL." },
  { "status",
    "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/"
    "backport-subscription-status",
    "How many events each Subscription has raised since it was made." },
  { "events",
    "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/"
    "backport-subscription-events",
    "The events numbered eventsSinceNumber to eventsUntilNumber, from the store (100 at most), "
    "empty, id-only or full-resource." },
  { NULL }
};

static const ResourceDescription descriptions[] = {
  { CPIS_HUB_BASE_PATH, "CareTeam",
    "A child protection plan (CPP, LAC or UCPP) as the national CP-IS API answers it.",
    care_team_interactions, "no-version", FALSE, NULL, _cpis_hub_fhir_la_plan_search_params },
  { CPIS_HUB_BASE_PATH, "AuditEvent",
    "An unscheduled access to a child's CP-IS record.",
    audit_event_interactions, "no-version", FALSE, NULL, _cpis_hub_fhir_search_params },
  { CPIS_HUB_BASE_PATH, "Task",
    "A notification to a local authority (Access to Service, Inactive NHS Number), which its "
    "social workers work through. Social workers only, and only their own authority's: any "
    "other id answers 404. Every change is a new version; nothing is ever deleted.",
    task_interactions, "versioned-update", TRUE, "Task:focus",
    _cpis_hub_fhir_task_search_params },
  { CPIS_HUB_BASE_PATH, "Subscription",
    "A social worker's Subscription to new or changed notifications of their own authority, "
    "pushed over a websocket (Subscriptions R5 Backport). Social workers only, and only their "
    "own: any other id answers 404. A Subscription does not change: delete it and make another.",
    subscription_interactions, "versioned", FALSE, NULL, NULL, subscription_operations,
    BACKPORT_IG },
  { CPIS_HUB_BASE_PATH, "PractitionerRole",
    "A social worker of a local authority, as the access history's PractitionerRoles are: id "
    "(what a Task's owner refers to), practitioner.display, organization (the ODS code) and the "
    "job role. Social workers only, and only their own authority's.",
    practitioner_role_interactions, "no-version", FALSE, NULL,
    _cpis_hub_fhir_directory_search_params },
  { CPIS_HUB_BASE_PATH, "Organization",
    "A team of a local authority (type team, partOf the authority by its ODS code), known by "
    "its identifier (" CPIS_HUB_TEAM_SYSTEM "). Social workers only, and only their own "
    "authority's teams; no other organisation is served here.",
    organization_interactions, "no-version", FALSE, NULL,
    _cpis_hub_fhir_directory_search_params },
  { CPIS_HUB_BASE_PATH, "Basic",
    "An upload exception: a record of the authority's plan upload that the hub refused. code is "
    "its CP-IS record code (" CPIS_UPLOAD_CODE_SYSTEM "), code.text why; the subject a "
    "contained Patient with the NHS number, names and date of birth as submitted; created and "
    "the recorded extension when. Social workers only, and only their own authority's: any "
    "other id answers 404.",
    basic_interactions, "no-version", FALSE, NULL, NULL, basic_operations },
  { CPIS_HUB_BASE_PATH, "Measure",
    "The area figures a safeguarding partnership officer reads (rollout, plans, attendances, out "
    "of area, repeat attendance, follow-up), evaluated for their own area by $evaluate-measure. "
    "Partnership officers only.",
    measure_interactions, "no-version", FALSE, NULL, NULL, measure_operations },
  { CPIS_HUB_PDS_BASE_PATH, "Patient",
    "Demographics in the shape of NHS England's PDS FHIR API. X-Request-ID (a UUID) is "
    "required; clinicians and social workers; never recorded.",
    patient_interactions, "versioned", FALSE, NULL, _cpis_hub_pds_search_params },
};

static const ResourceDescription *
find_description (const char *base_path,
                  const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (descriptions); i++)
    if (g_str_equal (descriptions[i].base_path, base_path) &&
        g_str_equal (descriptions[i].type, type))
      return &descriptions[i];

  return NULL;
}

/* The resource type of a route under @base_path ("CareTeam" for
 * [base]/CareTeam), or NULL for a route elsewhere or for metadata itself */
static char *
route_type (const char *path,
            const char *base_path)
{
  gsize length = strlen (base_path);

  if (strncmp (path, base_path, length) != 0 || path[length] != '/' ||
      path[length + 1] == '\0' || strchr (path + length + 1, '/') != NULL ||
      g_str_equal (path + length + 1, "metadata"))
    return NULL;

  return g_strdup (path + length + 1);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_boolean (JsonBuilder *builder,
             const char  *member,
             gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

/* security: OAuth, with the router's sign-in endpoints */
static void
add_security (JsonBuilder *builder,
              const char  *origin)
{
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *listed = NULL;
  g_autofree char *description = NULL;
  guint n_routes = _cpis_hub_server_get_n_routes ();

  json_builder_set_member_name (builder, "security");
  json_builder_begin_object (builder);

  /* SMART's oauth-uris names token and revoke; userinfo is only described */
  json_builder_set_member_name (builder, "extension");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "url", OAUTH_URIS_EXTENSION);
  json_builder_set_member_name (builder, "extension");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_routes; i++)
    {
      const char *methods = NULL;
      const char *path = _cpis_hub_server_get_route (i, &methods);
      const char *name;
      g_autofree char *uri = NULL;

      if (!g_str_has_prefix (path, OAUTH_PATH))
        continue;

      name = path + strlen (OAUTH_PATH);
      uri = g_strconcat (origin, path, NULL);
      g_ptr_array_add (endpoints, g_strdup_printf ("%s %s", methods, uri));
      if (!g_str_equal (name, "token") && !g_str_equal (name, "revoke"))
        continue;

      json_builder_begin_object (builder);
      add_string (builder, "url", name);
      add_string (builder, "valueUri", uri);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  add_boolean (builder, "cors", FALSE);

  json_builder_set_member_name (builder, "service");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "system", "http://terminology.hl7.org/CodeSystem/restful-security-service");
  add_string (builder, "code", "OAuth");
  add_string (builder, "display", "OAuth");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  add_string (builder, "text", "OAuth 2.0 bearer tokens");
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  g_ptr_array_add (endpoints, NULL);
  listed = g_strjoinv ("; ", (char **) endpoints->pdata);
  description = g_strdup_printf (
    "Every interaction but this CapabilityStatement needs Authorization: Bearer {token}, a token "
    "from the hub's own OAuth 2.0 style sign-in (grant_type=password, for the hub's own accounts; "
    "nationally the token comes from CIS2). Sign-in endpoints: %s.", listed);
  add_string (builder, "description", description);
  json_builder_end_object (builder);
}

/* The resource's documentation, with what its search takes besides its
 * search parameters (result parameters, other spellings) */
static char *
resource_documentation (const ResourceDescription *description)
{
  g_autoptr(GString) text = g_string_new (description->documentation);
  g_autoptr(GPtrArray) specs = NULL;
  gboolean first = TRUE;

  if (description->search_params == NULL)
    return g_string_free (g_steal_pointer (&text), FALSE);

  specs = description->search_params (description->type);
  for (guint i = 0; i < specs->len; i++)
    {
      const CpisHubSearchParam *spec = g_ptr_array_index (specs, i);

      if (spec->listed_as != NULL || spec->documentation == NULL)
        continue;
      g_string_append_printf (text, "%s %s: %s", first ? " The search also takes" : ";",
                              spec->name, spec->documentation);
      first = FALSE;
    }
  if (!first)
    g_string_append_c (text, '.');

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_search_params (JsonBuilder               *builder,
                   const ResourceDescription *description)
{
  g_autoptr(GPtrArray) specs = description->search_params (description->type);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);

  json_builder_set_member_name (builder, "searchParam");
  json_builder_begin_array (builder);
  for (guint i = 0; i < specs->len; i++)
    {
      const CpisHubSearchParam *spec = g_ptr_array_index (specs, i);

      /* a result parameter or a spelling is in the documentation; a
       * parameter read with several modifiers is listed once */
      if (spec->listed_as == NULL || !g_hash_table_add (listed, (gpointer) spec->listed_as))
        continue;

      json_builder_begin_object (builder);
      add_string (builder, "name", spec->listed_as);
      add_string (builder, "definition", spec->definition);
      add_string (builder, "type", spec->type);
      add_string (builder, "documentation", spec->documentation);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_resource (JsonBuilder               *builder,
              const char                *type,
              const ResourceDescription *description)
{
  g_autofree char *documentation = NULL;

  json_builder_begin_object (builder);
  add_string (builder, "type", type);

  if (description == NULL)
    {
      /* Served but not described: listed with no interaction, which
       * tests/test-hub-metadata.c refuses */
      g_debug ("The router serves %s, which the CapabilityStatement does not describe", type);
      json_builder_end_object (builder);
      return;
    }

  documentation = resource_documentation (description);
  add_string (builder, "documentation", documentation);

  json_builder_set_member_name (builder, "interaction");
  json_builder_begin_array (builder);
  for (const Interaction *interaction = description->interactions; interaction->code != NULL;
       interaction++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "code", interaction->code);
      add_string (builder, "documentation", interaction->documentation);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_string (builder, "versioning", description->versioning);
  add_boolean (builder, "readHistory", description->read_history);
  add_boolean (builder, "updateCreate", FALSE);
  add_boolean (builder, "conditionalCreate", FALSE);
  add_string (builder, "conditionalRead", "not-supported");
  add_boolean (builder, "conditionalUpdate", FALSE);
  add_string (builder, "conditionalDelete", "not-supported");

  if (description->search_include != NULL)
    {
      json_builder_set_member_name (builder, "searchInclude");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, description->search_include);
      json_builder_end_array (builder);
    }

  if (description->search_params != NULL)
    add_search_params (builder, description);

  if (description->operations != NULL)
    {
      json_builder_set_member_name (builder, "operation");
      json_builder_begin_array (builder);
      for (const Operation *operation = description->operations; operation->name != NULL;
           operation++)
        {
          json_builder_begin_object (builder);
          add_string (builder, "name", operation->name);
          add_string (builder, "definition", operation->definition);
          add_string (builder, "documentation", operation->documentation);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
}

static char *
encode_capability_statement (CpisHubServer     *self,
                             SoupServerMessage *msg,
                             const char        *base_path,
                             gboolean           demographics)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *origin = _cpis_hub_request_base_url (msg, "");
  g_autofree char *base_url = _cpis_hub_request_base_url (msg, base_path);
  g_autofree char *date = cpis_hub_task_format_instant (_cpis_hub_server_get_started_usec (self));
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) served = g_ptr_array_new ();
  g_autoptr(GPtrArray) guides = g_ptr_array_new ();
  guint n_routes = _cpis_hub_server_get_n_routes ();

  /* The router's paths under this base, in its order */
  for (guint i = 0; i < n_routes; i++)
    {
      char *type = route_type (_cpis_hub_server_get_route (i, NULL), base_path);
      const ResourceDescription *description;

      if (type == NULL)
        continue;

      description = find_description (base_path, type);
      g_ptr_array_add (types, type);
      g_ptr_array_add (served, (gpointer) description);
      if (description != NULL && description->implementation_guide != NULL)
        g_ptr_array_add (guides, (gpointer) description->implementation_guide);
    }

  /* "http://host:port/" → "http://host:port" */
  if (g_str_has_suffix (origin, "/"))
    origin[strlen (origin) - 1] = '\0';

  json_builder_begin_object (builder);
  add_string (builder, "resourceType", "CapabilityStatement");
  add_string (builder, "id", demographics ? "cpis-hub-demographics" : "cpis-hub");
  add_string (builder, "version", PACKAGE_VERSION);
  add_string (builder, "name", demographics ? "CpisHubDemographics" : "CpisHub");
  add_string (builder, "title", demographics ? DEMOGRAPHICS_TITLE : TITLE);
  add_string (builder, "status", "active");
  /* a reference hub for training, demonstration and tests: synthetic data only */
  add_boolean (builder, "experimental", TRUE);
  add_string (builder, "date", date);
  add_string (builder, "publisher", "CP-IS Desktop");
  add_string (builder, "description",
              demographics
                ? "Demographics in the shape of NHS England's Personal Demographics Service (PDS) "
                  "FHIR API, answered from the hub's own, so that a client can confirm who a child "
                  "is before it checks CP-IS. Synthetic data only."
                : "The CP-IS FHIR R4 consumer API (CareTeam, AuditEvent) as NHS England publishes "
                  "it, with the CP-IS rules applied, and the local authorities' notifications as "
                  "Tasks. Synthetic data only.");
  add_string (builder, "kind", "instance");

  json_builder_set_member_name (builder, "software");
  json_builder_begin_object (builder);
  add_string (builder, "name", "cpis-hub");
  add_string (builder, "version", PACKAGE_VERSION);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "implementation");
  json_builder_begin_object (builder);
  add_string (builder, "description", demographics ? DEMOGRAPHICS_SERVICE : SERVICE);
  add_string (builder, "url", base_url);
  json_builder_end_object (builder);

  add_string (builder, "fhirVersion", FHIR_VERSION);

  json_builder_set_member_name (builder, "format");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "json");
  json_builder_end_array (builder);

  if (guides->len > 0)
    {
      json_builder_set_member_name (builder, "implementationGuide");
      json_builder_begin_array (builder);
      for (guint i = 0; i < guides->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (guides, i));
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "rest");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);

  /* where the websocket of the Subscriptions is, when the router serves it */
  for (guint i = 0; i < n_routes && !demographics; i++)
    if (g_str_equal (_cpis_hub_server_get_route (i, NULL), CPIS_HUB_WEBSOCKET_PATH))
      {
        g_autofree char *websocket_url = cpis_hub_push_websocket_url (msg);

        json_builder_set_member_name (builder, "extension");
        json_builder_begin_array (builder);
        json_builder_begin_object (builder);
        add_string (builder, "url", WEBSOCKET_EXTENSION);
        add_string (builder, "valueUri", websocket_url);
        json_builder_end_object (builder);
        json_builder_end_array (builder);
      }

  add_string (builder, "mode", "server");

  /* POST [base], when the router serves it: an LA's plan upload */
  for (guint i = 0; i < n_routes && !demographics; i++)
    if (g_str_equal (_cpis_hub_server_get_route (i, NULL), base_path))
      {
        json_builder_set_member_name (builder, "interaction");
        json_builder_begin_array (builder);
        json_builder_begin_object (builder);
        add_string (builder, "code", "batch");
        add_string (builder, "documentation",
                    "An LA's plan upload: a batch of up to 1000 CareTeam entries (POST or PUT "
                    "CareTeam, or PUT CareTeam/{id}), each checked by the CP-IS upload rules and stored "
                    "whole or not at all. The batch-response gives each record's code (CPR01-"
                    "CPR07) in response.outcome and the file's (CPF02-CPF04) in Bundle.meta.tag. "
                    "Social workers only, their own authority's records only.");
        json_builder_end_object (builder);
        json_builder_end_array (builder);
      }

  add_string (builder, "documentation",
              "Answers are application/fhir+json; every error is an OperationOutcome. Each path "
              "also takes one trailing slash; any other path answers 404.");
  add_security (builder, origin);

  json_builder_set_member_name (builder, "resource");
  json_builder_begin_array (builder);
  for (guint i = 0; i < types->len; i++)
    add_resource (builder, g_ptr_array_index (types, i), g_ptr_array_index (served, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

void
_cpis_hub_metadata (CpisHubServer     *self,
                    SoupServerMessage *msg)
{
  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         encode_capability_statement (self, msg, CPIS_HUB_BASE_PATH, FALSE));
}

void
_cpis_hub_pds_metadata (CpisHubServer     *self,
                        SoupServerMessage *msg)
{
  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         encode_capability_statement (self, msg, CPIS_HUB_PDS_BASE_PATH, TRUE));
}
