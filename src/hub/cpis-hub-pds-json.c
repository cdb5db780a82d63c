/* cpis-hub-pds-json.c: the hub's demographics as PDS FHIR API JSON */
#include "cpis-hub-pds-json.h"

#include <json-glib/json-glib.h>

#include "cpis-fhir-codec.h"

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
add_meta (JsonBuilder          *builder,
          const CpisHubPatient *patient)
{
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (patient->version, 1));

  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  add_string_member (builder, "versionId", version);
  json_builder_set_member_name (builder, "security");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string_member (builder, "system", CPIS_HUB_V3_CONFIDENTIALITY_SYSTEM);
  add_string_member (builder, "code", patient->restricted ? "R" : "U");
  add_string_member (builder, "display", patient->restricted ? "restricted" : "unrestricted");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_name (JsonBuilder          *builder,
          const CpisHubPatient *patient)
{
  if (patient->family_name == NULL && patient->given_name == NULL)
    return;

  json_builder_set_member_name (builder, "name");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string_member (builder, "use", "usual");
  if (patient->given_name != NULL)
    {
      /* One element: "John Paul" may be one compound given name */
      json_builder_set_member_name (builder, "given");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, patient->given_name);
      json_builder_end_array (builder);
    }
  add_string_member (builder, "family", patient->family_name);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

/* Never for a restricted patient: where they live is what is withheld */
static void
add_address (JsonBuilder          *builder,
             const CpisHubPatient *patient)
{
  if (patient->restricted || patient->postcode == NULL)
    return;

  json_builder_set_member_name (builder, "address");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string_member (builder, "use", "home");
  add_string_member (builder, "postalCode", patient->postcode);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

static void
add_patient (JsonBuilder          *builder,
             const CpisHubPatient *patient)
{
  json_builder_begin_object (builder);
  add_string_member (builder, "resourceType", "Patient");
  add_string_member (builder, "id", patient->nhs_number);

  json_builder_set_member_name (builder, "identifier");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string_member (builder, "system", CPIS_NHS_NUMBER_SYSTEM);
  add_string_member (builder, "value", patient->nhs_number);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  add_meta (builder, patient);
  add_name (builder, patient);
  add_string_member (builder, "gender", patient->gender);
  add_string_member (builder, "birthDate", patient->date_of_birth);
  add_address (builder, patient);
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

char *
cpis_hub_pds_encode_patient (const CpisHubPatient *patient)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (patient != NULL && patient->nhs_number != NULL, NULL);

  builder = json_builder_new ();
  add_patient (builder, patient);
  return builder_to_string (builder);
}

char *
cpis_hub_pds_encode_searchset (GPtrArray  *patients,
                               const char *pds_base_url,
                               GDateTime  *timestamp)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (patients != NULL, NULL);
  g_return_val_if_fail (pds_base_url != NULL, NULL);
  g_return_val_if_fail (timestamp != NULL, NULL);

  when = g_date_time_format (timestamp, "%Y-%m-%dT%H:%M:%S%:z");

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string_member (builder, "resourceType", "Bundle");
  add_string_member (builder, "type", "searchset");
  add_string_member (builder, "timestamp", when);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, patients->len);

  /* No match: no entry member at all, as PDS and the CP-IS searches answer */
  if (patients->len > 0)
    {
      json_builder_set_member_name (builder, "entry");
      json_builder_begin_array (builder);
      for (guint i = 0; i < patients->len; i++)
        {
          const CpisHubPatient *patient = g_ptr_array_index (patients, i);
          g_autofree char *full_url = g_strdup_printf ("%s/Patient/%s", pds_base_url,
                                                       patient->nhs_number);

          json_builder_begin_object (builder);
          add_string_member (builder, "fullUrl", full_url);
          json_builder_set_member_name (builder, "resource");
          add_patient (builder, patient);
          json_builder_set_member_name (builder, "search");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "score");
          json_builder_add_int_value (builder, 1);
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  return builder_to_string (builder);
}
