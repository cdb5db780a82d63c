/* cpis-hub-fhir-directory.c: who a social worker can assign a notification
 * to — their LA's social workers and teams (docs/api.md, "The LA's teams
 * and social workers")
 *
 *   GET [base]/PractitionerRole[?organization…]  the LA's social workers
 *                                                 who are not disabled
 *   GET [base]/Organization[?partof…]             the LA's teams
 *
 * Each answers the signed-in social worker's own LA only: asked about
 * another, it answers an empty searchset, as a Task search for another
 * LA's owner matches nothing, so that nothing is learnt of other LAs.
 * Order of checks: path and method (404, 405, by the router); the token
 * (401); the role, social workers only (403); the query (400). Never
 * recorded. The Bundles are the codec's (cpis-fhir-directory.c), so the
 * client reads them as the hub writes them.
 */
#include <string.h>

#include "cpis-fhir-codec.h"
#include "cpis-fhir-json-private.h"
#include "cpis-hub-capability.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server-private.h"
#include "cpis-uuid.h"

typedef enum
{
  PARAM_ORGANIZATION,
  PARAM_ORGANIZATION_IDENTIFIER,
  N_ROLE_PARAMS,
} RoleParam;

typedef enum
{
  PARAM_PART_OF,
  PARAM_PART_OF_IDENTIFIER,
  N_TEAM_PARAMS,
} TeamParam;

#define LA_VALUES \
  "Organization/{ODS code} (or the ODS code alone); with :identifier, " \
  "https://fhir.nhs.uk/Id/ods-organization-code|{ODS code}. Only the social worker's own " \
  "authority answers anything (any case); another answers none. Without it: their own."

/* Read by read_la_param, and listed by [base]/metadata */
static const CpisHubSearchParam role_params[] = {
  [PARAM_ORGANIZATION] = { "organization", "organization", "reference",
                           "http://hl7.org/fhir/SearchParameter/PractitionerRole-organization",
                           "The local authority: " LA_VALUES },
  [PARAM_ORGANIZATION_IDENTIFIER] = { "organization:identifier" },
};

static const CpisHubSearchParam team_params[] = {
  [PARAM_PART_OF] = { "partof", "partof", "reference",
                      "http://hl7.org/fhir/SearchParameter/Organization-partof",
                      "The local authority the teams are part of: " LA_VALUES },
  [PARAM_PART_OF_IDENTIFIER] = { "partof:identifier" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (role_params) == N_ROLE_PARAMS);
G_STATIC_ASSERT (G_N_ELEMENTS (team_params) == N_TEAM_PARAMS);

typedef struct
{
  const char *own_ods_code;  /* the social worker's LA */
  gboolean    other;         /* the query names another organisation */
} LaQuery;

/* The user of the token if a social worker; NULL after answering 401 or 403 */
static CpisHubUser *
authenticate_social_worker (CpisHubServer     *self,
                            SoupServerMessage *msg)
{
  return _cpis_hub_server_authenticate_social_worker (
    self, msg, "Only social workers may look up their authority's teams and social workers.");
}

/* The ODS code of "Organization/{code}", "{code}" or, with :identifier,
 * "{ODS system}|{code}"; NULL if it is none of those */
static char *
read_ods_code (const char *value,
               gboolean    identifier)
{
  const char *code = value;

  if (identifier)
    {
      const char *bar = strchr (value, '|');
      g_autofree char *system = NULL;

      if (bar == NULL)
        return NULL;
      system = g_strndup (value, bar - value);
      if (!_cpis_json_system_equal (system, CPIS_ODS_CODE_SYSTEM))
        return NULL;
      code = bar + 1;
    }
  else if (g_str_has_prefix (value, "Organization/"))
    code = value + strlen ("Organization/");

  /* an ODS code is letters and digits */
  if (*code == '\0' || strlen (code) > 16)
    return NULL;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return NULL;

  return g_strdup (code);
}

/* organization, organization:identifier, partof, partof:identifier: the
 * even parameters plain, the odd ones with :identifier */
static gboolean
read_la_param (SoupServerMessage *msg,
               guint              param,
               const char        *value,
               gpointer           user_data)
{
  LaQuery *query = user_data;
  g_autofree char *ods_code = read_ods_code (value, param % 2 == 1);

  if (ods_code == NULL)
    {
      cpis_hub_respond_invalid_search (msg,
                                       "Name the local authority as Organization/{ODS code}, or "
                                       "with :identifier as "
                                       "https://fhir.nhs.uk/Id/ods-organization-code|{ODS code}.");
      return FALSE;
    }

  if (g_ascii_strcasecmp (ods_code, query->own_ods_code) != 0)
    query->other = TRUE;
  return TRUE;
}

/* The query of a directory search: 0 for the user's own LA, 1 for another
 * (nothing to answer), -1 after answering 400 */
static int
read_la_query (SoupServerMessage        *msg,
               const CpisHubUser        *user,
               const CpisHubSearchParam *params,
               guint                     n_params)
{
  LaQuery query = { user->organisation->ods_code, FALSE };

  if (!_cpis_hub_read_search_query (msg, params, n_params, read_la_param, &query))
    return -1;

  return query.other ? 1 : 0;
}

static CpisPractitionerRole *
role_from_user (const CpisHubUser *user)
{
  return g_object_new (CPIS_TYPE_PRACTITIONER_ROLE,
                       "id", user->practitioner_role_id,
                       "practitioner-name", user->full_name,
                       "organisation-name", user->organisation->name,
                       "organisation-code", user->organisation->ods_code,
                       "job-role-code", user->job_role_code,
                       "job-role-display", user->job_role_display,
                       "role-profile-id", user->role_profile_id,
                       NULL);
}

void
_cpis_hub_fhir_practitioner_role_search (CpisHubServer     *self,
                                         SoupServerMessage *msg)
{
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *self_url = NULL;
  g_autofree char *bundle_id = NULL;
  int which;

  user = authenticate_social_worker (self, msg);
  if (user == NULL)
    return;

  which = read_la_query (msg, user, role_params, N_ROLE_PARAMS);
  if (which < 0)
    return;

  if (which == 0)
    {
      users = cpis_hub_store_list_social_workers (_cpis_hub_server_get_store (self),
                                                  user->organisation->ods_code, &error);
      if (users == NULL)
        {
          g_warning ("Could not list the social workers: %s", error->message);
          cpis_hub_respond_server_error (msg, "The hub could not read the social workers.");
          return;
        }

      for (guint i = 0; i < users->len; i++)
        g_ptr_array_add (roles, role_from_user (g_ptr_array_index (users, i)));
    }

  base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_BASE_PATH);
  self_url = g_uri_to_string (soup_server_message_get_uri (msg));
  bundle_id = cpis_uuid_new ();
  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         cpis_fhir_encode_practitioner_role_bundle (roles, base_url, self_url,
                                                                    bundle_id));
}

void
_cpis_hub_fhir_organization_search (CpisHubServer     *self,
                                    SoupServerMessage *msg)
{
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) teams = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *self_url = NULL;
  g_autofree char *bundle_id = NULL;
  const CpisHubOrganisation *la;
  int which;

  user = authenticate_social_worker (self, msg);
  if (user == NULL)
    return;

  which = read_la_query (msg, user, team_params, N_TEAM_PARAMS);
  if (which < 0)
    return;

  la = user->organisation;
  if (which == 0)
    {
      records = cpis_hub_store_list_teams (_cpis_hub_server_get_store (self), la->ods_code,
                                           &error);
      if (records == NULL)
        {
          g_warning ("Could not list the teams: %s", error->message);
          cpis_hub_respond_server_error (msg, "The hub could not read the teams.");
          return;
        }

      for (guint i = 0; i < records->len; i++)
        {
          const CpisHubTeam *record = g_ptr_array_index (records, i);

          g_ptr_array_add (teams, cpis_team_new (record->code, record->name));
        }
    }

  base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_BASE_PATH);
  self_url = g_uri_to_string (soup_server_message_get_uri (msg));
  bundle_id = cpis_uuid_new ();
  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         cpis_fhir_encode_team_bundle (teams, la->ods_code, la->name, base_url,
                                                       self_url, bundle_id));
}

GPtrArray *
_cpis_hub_fhir_directory_search_params (const char *resource_type)
{
  gboolean roles = g_strcmp0 (resource_type, "PractitionerRole") == 0;
  const CpisHubSearchParam *params = roles ? role_params : team_params;
  guint n_params = roles ? N_ROLE_PARAMS : N_TEAM_PARAMS;
  GPtrArray *specs = g_ptr_array_new ();

  for (guint i = 0; i < n_params; i++)
    g_ptr_array_add (specs, (gpointer) &params[i]);

  return specs;
}
