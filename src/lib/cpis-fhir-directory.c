/* cpis-fhir-directory.c: who a notification can be assigned to, in FHIR —
 * the codec's part of docs/api.md, "The LA's teams and social workers"
 *
 *   GET [base]/PractitionerRole  a searchset of the LA's social workers,
 *                                each as the access history's PractitionerRoles
 *   GET [base]/Organization      a searchset of the LA's teams, each an
 *                                Organization of type "team", partOf the LA
 *
 * The hub encodes both with these functions and the client decodes them
 * with these, as for every other answer. A team is known by its identifier
 * (the id a Task's owner:identifier gives); its Organization.id is made
 * from it (a name-based UUID), as a team id may hold a '_' that a FHIR id
 * may not.
 */

#include <string.h>

#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-codec.h"
#include "cpis-fhir-json-private.h"
#include "cpis-hub-url.h"

#define ORGANIZATION_TYPE_SYSTEM "http://terminology.hl7.org/CodeSystem/organization-type"

/* RFC 4122's namespace for URLs: a team's name is its identifier's
 * system|value */
static const guint8 url_namespace[16] = {
  0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
  0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
};

/* Helpers ---------------------------------------------------------------- */

/* A name-based (version 5) UUID of the team's identifier: the same team
 * always has the same Organization.id */
static char *
team_resource_id (const char *team_id)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *name = g_strconcat (CPIS_TEAM_SYSTEM "|", team_id, NULL);
  guint8 digest[20];
  gsize length = sizeof digest;

  g_checksum_update (checksum, url_namespace, sizeof url_namespace);
  g_checksum_update (checksum, (const guchar *) name, strlen (name));
  g_checksum_get_digest (checksum, digest, &length);

  digest[6] = (digest[6] & 0x0f) | 0x50;  /* version 5 */
  digest[8] = (digest[8] & 0x3f) | 0x80;  /* RFC 4122 variant */

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

/* The match entries' resources of a searchset of @resource_type (array of
 * JsonObject, with each entry's fullUrl in @full_urls), at most
 * CPIS_FHIR_MAX_DIRECTORY_ENTRIES; included resources are passed over */
static GPtrArray *
match_resources (JsonArray   *entries,
                 const char  *resource_type,
                 GPtrArray  **full_urls,
                 GError     **error)
{
  g_autoptr(GPtrArray) resources = g_ptr_array_new ();
  g_autoptr(GPtrArray) urls = g_ptr_array_new ();

  for (guint i = 0; i < _cpis_json_array_get_length (entries); i++)
    {
      JsonObject *entry = _cpis_json_array_get_object (entries, i);
      JsonObject *resource = _cpis_json_object_get_object (entry, "resource");
      const char *type = _cpis_json_object_get_string (resource, "resourceType");

      if (_cpis_fhir_entry_get_mode (entry) != ENTRY_MODE_MATCH)
        continue;

      if (resource == NULL)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "Bundle entry %u has no resource", i);
          return NULL;
        }

      if (g_strcmp0 (type, resource_type) != 0)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE,
                       "Bundle entry %u is a %s, not a %s", i,
                       type != NULL ? type : "resource of no type", resource_type);
          return NULL;
        }

      if (resources->len == CPIS_FHIR_MAX_DIRECTORY_ENTRIES)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "The Bundle carries more than %u %ss", CPIS_FHIR_MAX_DIRECTORY_ENTRIES,
                       resource_type);
          return NULL;
        }

      g_ptr_array_add (resources, resource);
      g_ptr_array_add (urls, (gpointer) _cpis_json_object_get_string (entry, "fullUrl"));
    }

  *full_urls = g_steal_pointer (&urls);
  return g_steal_pointer (&resources);
}

/* Decoding: public API --------------------------------------------------- */

GPtrArray *
cpis_fhir_decode_practitioner_role_bundle (const char  *json,
                                           gssize       length,
                                           guint       *total,
                                           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) resources = NULL;
  g_autoptr(GPtrArray) full_urls = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  JsonArray *entries;
  gboolean has_total;
  guint bundle_total;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = _cpis_fhir_parse_searchset (json, length, &entries, &has_total, &bundle_total, error);
  if (parser == NULL || !_cpis_fhir_check_outcome_entries (entries, error))
    return NULL;

  resources = match_resources (entries, "PractitionerRole", &full_urls, error);
  if (resources == NULL)
    return NULL;

  roles = g_ptr_array_new_full (resources->len, g_object_unref);
  for (guint i = 0; i < resources->len; i++)
    {
      CpisPractitionerRole *role =
        _cpis_fhir_decode_practitioner_role (g_ptr_array_index (resources, i),
                                             g_ptr_array_index (full_urls, i));

      /* its id is what a Task's owner names: a role without one is no owner */
      if (role == NULL)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "PractitionerRole %u has no id", i);
          return NULL;
        }
      g_ptr_array_add (roles, role);
    }

  if (!_cpis_fhir_settle_total (has_total, bundle_total, roles->len, total, error))
    return NULL;

  return g_steal_pointer (&roles);
}

GPtrArray *
cpis_fhir_decode_team_bundle (const char  *json,
                              gssize       length,
                              guint       *total,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) resources = NULL;
  g_autoptr(GPtrArray) full_urls = NULL;
  g_autoptr(GPtrArray) teams = NULL;
  JsonArray *entries;
  gboolean has_total;
  guint bundle_total;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = _cpis_fhir_parse_searchset (json, length, &entries, &has_total, &bundle_total, error);
  if (parser == NULL || !_cpis_fhir_check_outcome_entries (entries, error))
    return NULL;

  resources = match_resources (entries, "Organization", &full_urls, error);
  if (resources == NULL)
    return NULL;

  teams = g_ptr_array_new_full (resources->len, g_object_unref);
  for (guint i = 0; i < resources->len; i++)
    {
      JsonObject *organization = g_ptr_array_index (resources, i);
      g_autofree char *id = _cpis_fhir_identifier_value (organization, "identifier",
                                                         CPIS_TEAM_SYSTEM);
      g_autofree char *name = _cpis_json_object_dup_trimmed (organization, "name");

      /* the team's identifier is what a Task's owner names */
      if (id == NULL)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "Organization %u has no team identifier", i);
          return NULL;
        }
      g_ptr_array_add (teams, cpis_team_new (id, name));
    }

  if (!_cpis_fhir_settle_total (has_total, bundle_total, teams->len, total, error))
    return NULL;

  return g_steal_pointer (&teams);
}

/* Encoding: public API --------------------------------------------------- */

char *
cpis_fhir_encode_practitioner_role_bundle (GPtrArray  *roles,
                                           const char *base_url,
                                           const char *self_url,
                                           const char *bundle_id)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (roles != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  base = cpis_hub_url_normalise (base_url);
  builder = json_builder_new ();

  _cpis_fhir_begin_searchset (builder, bundle_id, roles->len, self_url);
  for (guint i = 0; i < roles->len; i++)
    {
      CpisPractitionerRole *role = g_ptr_array_index (roles, i);

      g_return_val_if_fail (CPIS_IS_PRACTITIONER_ROLE (role), NULL);
      _cpis_fhir_add_practitioner_role_entry (builder, base, role, "match");
    }
  _cpis_fhir_end_searchset (builder, roles->len);

  return _cpis_fhir_builder_to_string (builder);
}

char *
cpis_fhir_encode_team_bundle (GPtrArray  *teams,
                              const char *la_ods_code,
                              const char *la_name,
                              const char *base_url,
                              const char *self_url,
                              const char *bundle_id)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (teams != NULL, NULL);
  g_return_val_if_fail (la_ods_code != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  base = cpis_hub_url_normalise (base_url);
  builder = json_builder_new ();

  _cpis_fhir_begin_searchset (builder, bundle_id, teams->len, self_url);
  for (guint i = 0; i < teams->len; i++)
    {
      CpisTeam *team = g_ptr_array_index (teams, i);
      g_autofree char *id = NULL;

      g_return_val_if_fail (CPIS_IS_TEAM (team), NULL);

      id = team_resource_id (cpis_team_get_id (team));
      _cpis_fhir_begin_entry (builder, base, "Organization", id);

      json_builder_set_member_name (builder, "identifier");
      json_builder_begin_array (builder);
      _cpis_fhir_add_identifier (builder, CPIS_TEAM_SYSTEM, cpis_team_get_id (team));
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "active");
      json_builder_add_boolean_value (builder, TRUE);

      json_builder_set_member_name (builder, "type");
      json_builder_begin_array (builder);
      _cpis_fhir_add_codeable_concept (builder, NULL, ORGANIZATION_TYPE_SYSTEM, "team",
                                       "Organizational team");
      json_builder_end_array (builder);

      _cpis_fhir_add_string_member (builder, "name", cpis_team_get_name (team));

      json_builder_set_member_name (builder, "partOf");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "identifier");
      _cpis_fhir_add_identifier (builder, CPIS_ODS_CODE_SYSTEM, la_ods_code);
      _cpis_fhir_add_string_member (builder, "display", la_name);
      json_builder_end_object (builder);

      _cpis_fhir_end_entry (builder, "match");
    }
  _cpis_fhir_end_searchset (builder, teams->len);

  return _cpis_fhir_builder_to_string (builder);
}
