/* test-hub-upload.c: an LA's plans uploaded in FHIR, listed, and its
 * exceptions worked through (docs/api.md, "Plan uploads")
 *
 * The real hub in-process (cpis-test-hub.h), over real HTTP: POST [base]
 * with a batch of CareTeams answers each record's CP-IS code (every reject
 * reason), stores each record whole or not at all, refuses other roles and
 * another LA's records, writes nothing for a malformed or hostile Bundle,
 * and gives the same codes as `cpis-hub import plans` for the same records.
 * Then the LA's plans (GET [base]/CareTeam without a patient), paged, and
 * its exceptions (GET [base]/Basic, POST Basic/{id}/$dismiss).
 *
 * NHS numbers are synthetic (999 range, valid check digits).
 */
#include <string.h>

#include "cpis-hub-import.h"
#include "cpis-hub-store-private.h"   /* _cpis_hub_store_fail_next_write */
#include "cpis-plan-type.h"
#include "cpis-test-hub.h"

#define BASE     "/cpis/FHIR/R4"
#define PASSWORD "correct horse battery"
#define TODAY    "2026-03-01"

#define CHILD    "9993982598"  /* Amara Okafor, 2015-06-01 */
#define MOTHER   "9994833782"  /* Ewa Nowak, 1995-03-03 */
#define RETIRED  "9997654323"  /* Alex Tester, retired */
#define UNKNOWN  "9998762324"  /* valid, not in demographics */
#define BAD      "9993982599"  /* CHILD with the wrong check digit */

typedef struct
{
  CpisTestHub *hub;
  char        *sw1;    /* tokens: social workers of LA1 and LA2, a nurse */
  char        *sw2;
  char        *nurse;
} Fixture;

/* One record, as a CSV row has it (NULL: empty) */
typedef struct
{
  const char *nhs_number;
  const char *family;
  const char *given;
  const char *birth_date;
  const char *plan_type;
  const char *start;
  const char *end;
  const char *due;
  const char *la;
} Record;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->hub = cpis_test_hub_new ();
  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "LA2", "Southmoor Council", "local-authority", "South");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (fixture->hub, "sw1", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "sw2", PASSWORD, "social-worker", "LA2");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_patient (fixture->hub, CHILD, "Okafor", "Amara", "2015-06-01", "female", NULL,
                             FALSE, NULL);
  cpis_test_hub_add_patient (fixture->hub, MOTHER, "Nowak", "Ewa", "1995-03-03", "female", NULL,
                             FALSE, NULL);
  cpis_test_hub_add_patient (fixture->hub, RETIRED, "Tester", "Alex", "2015-06-01", "male", NULL,
                             FALSE, NULL);
  g_assert_true (cpis_hub_store_retire_nhs_number (cpis_test_hub_get_store (fixture->hub), RETIRED,
                                                   NULL, g_get_real_time (), NULL, &error));
  g_assert_no_error (error);
  cpis_test_hub_set_today (fixture->hub, TODAY);

  fixture->sw1 = cpis_test_hub_sign_in (fixture->hub, "sw1", PASSWORD);
  fixture->sw2 = cpis_test_hub_sign_in (fixture->hub, "sw2", PASSWORD);
  fixture->nurse = cpis_test_hub_sign_in (fixture->hub, "nurse", PASSWORD);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->sw1);
  g_free (fixture->sw2);
  g_free (fixture->nurse);
  cpis_test_hub_free (fixture->hub);
}

/* ------------------------------------------------------------------------ */
/* Helpers */

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

/* The CareTeam entry of @record, as the client writes it */
static void
add_entry (JsonBuilder  *builder,
           const Record *record)
{
  CpisPlanType type = cpis_plan_type_from_short_code (record->plan_type);
  const char *snomed = type != CPIS_PLAN_TYPE_UNRECOGNISED ? cpis_plan_type_to_snomed (type)
                                                           : record->plan_type;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "resource");
  json_builder_begin_object (builder);
  add_string (builder, "resourceType", "CareTeam");

  json_builder_set_member_name (builder, "contained");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "resourceType", "Patient");
  add_string (builder, "id", "subject");
  json_builder_set_member_name (builder, "name");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "family", record->family);
  if (record->given != NULL)
    {
      json_builder_set_member_name (builder, "given");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, record->given);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  add_string (builder, "birthDate", record->birth_date);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  if (snomed != NULL)
    {
      json_builder_set_member_name (builder, "category");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "coding");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "system", "http://snomed.info/sct");
      add_string (builder, "code", snomed);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "subject");
  json_builder_begin_object (builder);
  add_string (builder, "reference", "#subject");
  if (record->nhs_number != NULL)
    {
      json_builder_set_member_name (builder, "identifier");
      json_builder_begin_object (builder);
      add_string (builder, "system", "https://fhir.nhs.uk/Id/nhs-number");
      add_string (builder, "value", record->nhs_number);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "period");
  json_builder_begin_object (builder);
  add_string (builder, "start", record->start);
  add_string (builder, "end", record->end);
  json_builder_end_object (builder);

  if (record->la != NULL)
    {
      json_builder_set_member_name (builder, "managingOrganization");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "identifier");
      json_builder_begin_object (builder);
      add_string (builder, "system", "https://fhir.nhs.uk/Id/ods-organization-code");
      add_string (builder, "value", record->la);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  if (record->due != NULL)
    {
      json_builder_set_member_name (builder, "extension");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "url",
                  "https://cpis-desktop.gnome.example/fhir/StructureDefinition/expected-delivery-date");
      add_string (builder, "valueDate", record->due);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "request");
  json_builder_begin_object (builder);
  add_string (builder, "method", "POST");
  add_string (builder, "url", "CareTeam");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static char *
batch_of (const Record *records,
          guint         n_records)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_string (builder, "resourceType", "Bundle");
  add_string (builder, "type", "batch");
  json_builder_set_member_name (builder, "entry");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_records; i++)
    add_entry (builder, &records[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static CpisTestResponse *
post_batch (Fixture    *fixture,
            const char *token,
            const char *body)
{
  return cpis_test_hub_request (fixture->hub, "POST", BASE, token, "application/fhir+json", body,
                                NULL);
}

/* POSTs @records as sw1 and asserts a batch-response of as many entries */
static JsonNode *
upload (Fixture      *fixture,
        const char   *token,
        const Record *records,
        guint         n_records)
{
  g_autofree char *body = batch_of (records, n_records);
  g_autoptr(CpisTestResponse) response = post_batch (fixture, token, body);
  JsonNode *root;
  JsonObject *bundle;

  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);
  bundle = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (bundle, "resourceType"), ==, "Bundle");
  g_assert_cmpstr (json_object_get_string_member (bundle, "type"), ==, "batch-response");
  if (n_records > 0)
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (bundle, "entry")), ==,
                      n_records);
  else
    g_assert_false (json_object_has_member (bundle, "entry"));
  return root;
}

static JsonObject *
entry_response (JsonNode *root,
                guint     index)
{
  JsonArray *entries = json_object_get_array_member (json_node_get_object (root), "entry");

  return json_object_get_object_member (json_array_get_object_element (entries, index),
                                        "response");
}

/* The CPR code of entry @index */
static const char *
entry_code (JsonNode *root,
            guint     index)
{
  JsonObject *outcome = json_object_get_object_member (entry_response (root, index), "outcome");
  JsonObject *issue = json_array_get_object_element (json_object_get_array_member (outcome, "issue"),
                                                     0);
  JsonObject *coding = json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (issue, "details"), "coding"), 0);

  g_assert_cmpstr (json_object_get_string_member (outcome, "resourceType"), ==,
                   "OperationOutcome");
  g_assert_cmpstr (json_object_get_string_member (coding, "system"), ==,
                   "https://cpis-desktop.gnome.example/fhir/CodeSystem/upload-response");
  return json_object_get_string_member (coding, "code");
}

static const char *
entry_diagnostics (JsonNode *root,
                   guint     index)
{
  JsonObject *outcome = json_object_get_object_member (entry_response (root, index), "outcome");
  JsonObject *issue = json_array_get_object_element (json_object_get_array_member (outcome, "issue"),
                                                     0);

  return json_object_has_member (issue, "diagnostics")
         ? json_object_get_string_member (issue, "diagnostics")
         : NULL;
}

static const char *
file_code (JsonNode *root)
{
  JsonObject *meta = json_object_get_object_member (json_node_get_object (root), "meta");
  JsonObject *tag = json_array_get_object_element (json_object_get_array_member (meta, "tag"), 0);

  g_assert_cmpstr (json_object_get_string_member (tag, "system"), ==,
                   "https://cpis-desktop.gnome.example/fhir/CodeSystem/upload-response");
  return json_object_get_string_member (tag, "code");
}

static guint
count_plans (Fixture    *fixture,
             const char *nhs_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = cpis_hub_store_list_plans (cpis_test_hub_get_store (fixture->hub),
                                                          nhs_number, &error);

  g_assert_no_error (error);
  return plans->len;
}

static guint
count_exceptions (Fixture    *fixture,
                  const char *la)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) exceptions = NULL;
  guint total = 0;

  exceptions = cpis_hub_store_list_plan_exceptions (cpis_test_hub_get_store (fixture->hub), la, 0,
                                                    10, &total, &error);
  g_assert_no_error (error);
  return total;
}

static guint
count_all_plans (Fixture *fixture)
{
  return count_plans (fixture, CHILD) + count_plans (fixture, MOTHER) +
         count_plans (fixture, RETIRED) + count_plans (fixture, UNKNOWN);
}

/* ------------------------------------------------------------------------ */
/* Every record code */

static const Record good_child = {
  CHILD, "Okafor", "Amara", "2015-06-01", "CPP", "2025-01-10", NULL, NULL, "LA1"
};
static const Record good_mother = {
  MOTHER, "Nowak", "Ewa", "1995-03-03", "UCPP", "2025-09-01", NULL, "2026-04-20", "LA1"
};

/* Each record that is refused, its code and a word its detail names */
static const struct
{
  Record      record;
  const char *code;
  const char *detail_contains;
} rejects[] = {
  { { UNKNOWN, "Okafor", "Amara", "2015-06-01", "CPP", "2025-01-10", NULL, NULL, "LA1" },
    "CPR01", "demographics" },
  { { BAD, "Okafor", "Amara", "2015-06-01", "CPP", "2025-01-10", NULL, NULL, "LA1" },
    "CPR03", "check digit" },
  { { "99939825AB", "Okafor", "Amara", "2015-06-01", "CPP", "2025-01-10", NULL, NULL, "LA1" },
    "CPR03", NULL },
  { { NULL, "Okafor", "Amara", "2015-06-01", "CPP", "2025-01-10", NULL, NULL, "LA1" },
    "CPR03", NULL },
  { { RETIRED, "Tester", "Alex", "2015-06-01", "CPP", "2025-01-10", NULL, NULL, "LA1" },
    "CPR05", "no longer in use" },
  { { CHILD, "Smithson", "Amara", "2015-06-01", "CPP", "2025-01-10", NULL, NULL, "LA1" },
    "CPR07", "family name" },
  { { CHILD, "Okafor", "Amira", "2015-06-01", "CPP", "2025-01-10", NULL, NULL, "LA1" },
    "CPR07", "given name" },
  { { CHILD, "Okafor", "Amara", "2015-06-02", "CPP", "2025-01-10", NULL, NULL, "LA1" },
    "CPR07", "date of birth" },
  { { CHILD, "Okafor", "Amara", "2015-06-01", "999999", "2025-01-10", NULL, NULL, "LA1" },
    "CPR07", "plan type" },
  { { CHILD, "Okafor", "Amara", "2015-06-01", "CPP", NULL, NULL, NULL, "LA1" },
    "CPR07", "start date" },
  { { CHILD, "Okafor", "Amara", "2015-06-01", "CPP", "2025-01-10", "2024-12-31", NULL, "LA1" },
    "CPR07", "before" },
  { { MOTHER, "Nowak", "Ewa", "1995-03-03", "UCPP", "2025-01-10", NULL, NULL, "LA1" },
    "CPR07", "due date" },
  { { CHILD, "Okafor", "Amara", "2015-06-01", "CPP", "2025-01-10", NULL, "2025-06-01", "LA1" },
    "CPR07", "due date" },
  { { CHILD, "Okafor", "Amara", "2015-06-01", "CPP", "2025-01-10", NULL, NULL, "LA2" },
    "CPR07", "own" },
  { { CHILD, "Okafor", "Amara", "2015-06-01", "CPP", "2025-01-10", NULL, NULL, NULL },
    "CPR07", "own" },
};

static void
test_codes (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) mixed = NULL;
  Record records[G_N_ELEMENTS (rejects) + 1];

  /* success: new, then the same again is an update */
  first = upload (fixture, fixture->sw1, (Record[]) { good_child, good_mother }, 2);
  g_assert_cmpstr (entry_code (first, 0), ==, "CPR06");
  g_assert_cmpstr (entry_code (first, 1), ==, "CPR06");
  g_assert_cmpstr (json_object_get_string_member (entry_response (first, 0), "status"), ==,
                   "201 Created");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (entry_response (first, 0),
                                                                  "location"),
                                   "CareTeam/"));
  g_assert_cmpstr (file_code (first), ==, "CPF02");
  g_assert_cmpuint (count_plans (fixture, CHILD), ==, 1);
  g_assert_cmpuint (count_plans (fixture, MOTHER), ==, 1);

  again = upload (fixture, fixture->sw1, &good_child, 1);
  g_assert_cmpstr (entry_code (again, 0), ==, "CPR06");
  g_assert_cmpstr (json_object_get_string_member (entry_response (again, 0), "status"), ==,
                   "200 OK");
  g_assert_cmpstr (json_object_get_string_member (entry_response (again, 0), "location"), ==,
                   json_object_get_string_member (entry_response (first, 0), "location"));
  g_assert_cmpuint (count_plans (fixture, CHILD), ==, 1);

  /* every reject, among one good record: a partial upload */
  for (guint i = 0; i < G_N_ELEMENTS (rejects); i++)
    records[i] = rejects[i].record;
  records[G_N_ELEMENTS (rejects)] = good_child;
  mixed = upload (fixture, fixture->sw1, records, G_N_ELEMENTS (records));
  for (guint i = 0; i < G_N_ELEMENTS (rejects); i++)
    {
      const char *diagnostics = entry_diagnostics (mixed, i);

      g_test_message ("reject %u", i);
      g_assert_cmpstr (entry_code (mixed, i), ==, rejects[i].code);
      g_assert_cmpstr (json_object_get_string_member (entry_response (mixed, i), "status"), ==,
                       "422 Unprocessable Entity");
      g_assert_false (json_object_has_member (entry_response (mixed, i), "location"));
      g_assert_nonnull (diagnostics);
      if (rejects[i].detail_contains != NULL)
        g_assert_nonnull (strstr (diagnostics, rejects[i].detail_contains));
      /* names are never echoed */
      g_assert_null (strstr (diagnostics, "Smithson"));
      g_assert_null (strstr (diagnostics, "Okafor"));
    }
  g_assert_cmpstr (entry_code (mixed, G_N_ELEMENTS (rejects)), ==, "CPR06");
  g_assert_cmpstr (file_code (mixed), ==, "CPF03");

  /* nothing of a refused record was stored */
  g_assert_cmpuint (count_plans (fixture, CHILD), ==, 1);
  g_assert_cmpuint (count_plans (fixture, MOTHER), ==, 1);
  g_assert_cmpuint (count_plans (fixture, UNKNOWN), ==, 0);
  g_assert_cmpuint (count_plans (fixture, RETIRED), ==, 0);
}

/* Nothing uploaded: CPF04; an empty batch too */
static void
test_nothing_uploaded (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) none = NULL;
  g_autoptr(JsonNode) empty = NULL;

  none = upload (fixture, fixture->sw1, &rejects[0].record, 1);
  g_assert_cmpstr (file_code (none), ==, "CPF04");
  empty = upload (fixture, fixture->sw1, NULL, 0);
  g_assert_cmpstr (file_code (empty), ==, "CPF04");
  g_assert_cmpuint (count_all_plans (fixture), ==, 0);
}

/* A record whose write fails is stored not at all, and the next one is */
static void
test_all_or_nothing (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;

  _cpis_hub_store_fail_next_write (cpis_test_hub_get_store (fixture->hub), "plans");
  root = upload (fixture, fixture->sw1, (Record[]) { good_child, good_mother }, 2);
  g_assert_cmpstr (entry_code (root, 0), ==, "CPR07");
  g_assert_nonnull (strstr (entry_diagnostics (root, 0), "could not be stored"));
  g_assert_cmpstr (entry_code (root, 1), ==, "CPR06");
  g_assert_cmpstr (file_code (root), ==, "CPF03");
  g_assert_cmpuint (count_plans (fixture, CHILD), ==, 0);
  g_assert_cmpuint (count_plans (fixture, MOTHER), ==, 1);
  /* the hub failed, not the record: no exception for the LA to work */
  g_assert_cmpuint (count_exceptions (fixture, "LA1"), ==, 0);
}

/* Other roles, no token, another LA */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *body = batch_of (&good_child, 1);
  g_autoptr(CpisTestResponse) nurse = post_batch (fixture, fixture->nurse, body);
  g_autoptr(CpisTestResponse) anonymous = post_batch (fixture, NULL, body);
  g_autoptr(JsonNode) other = NULL;

  cpis_test_assert_outcome (nurse, 403, "ACCESS_DENIED");
  cpis_test_assert_outcome (anonymous, 401, "UNAUTHORISED");

  /* LA2's social worker uploading LA1's record */
  other = upload (fixture, fixture->sw2, &good_child, 1);
  g_assert_cmpstr (entry_code (other, 0), ==, "CPR07");
  g_assert_cmpstr (file_code (other), ==, "CPF04");
  g_assert_cmpuint (count_all_plans (fixture), ==, 0);
  /* kept as LA2's exception, never LA1's */
  g_assert_cmpuint (count_exceptions (fixture, "LA1"), ==, 0);
  g_assert_cmpuint (count_exceptions (fixture, "LA2"), ==, 1);
}

/* A Bundle that is not one writes nothing */
static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *good = batch_of (&good_child, 1);
  g_autofree char *long_name = g_strnfill (300, 'a');
  g_autofree char *deep = NULL;
  g_autoptr(GString) many = g_string_new ("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[");
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *long_record = NULL;
  Record with_long_name = good_child;
  const char *bodies[] = {
    "",
    "not json",
    "[]",
    "{\"resourceType\":\"Patient\"}",
    "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[]}",
    "{\"resourceType\":\"Bundle\",\"entry\":[]}",
    "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":{}}",
    "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[1]}",
    "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":"
    "{\"resourceType\":\"Patient\"},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}",
    "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":"
    "{\"resourceType\":\"CareTeam\"},\"request\":{\"method\":\"DELETE\",\"url\":\"CareTeam/1\"}}]}",
    "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":"
    "{\"resourceType\":\"CareTeam\"}}]}",
    "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"type\":\"batch\",\"entry\":[]}",
    "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[]",
    "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[\"\xff\xfe\"]}",
    NULL,   /* deep */
    NULL,   /* long_record */
  };

  /* nested deeper than any parser should follow */
  {
    g_autoptr(GString) text = g_string_new ("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"x\":");

    for (guint i = 0; i < 5000; i++)
      g_string_append_c (text, '[');
    for (guint i = 0; i < 5000; i++)
      g_string_append_c (text, ']');
    g_string_append_c (text, '}');
    deep = g_string_free (g_steal_pointer (&text), FALSE);
  }
  with_long_name.family = long_name;
  long_record = batch_of (&with_long_name, 1);
  bodies[G_N_ELEMENTS (bodies) - 2] = deep;
  bodies[G_N_ELEMENTS (bodies) - 1] = long_record;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(CpisTestResponse) response = post_batch (fixture, fixture->sw1, bodies[i]);

      g_test_message ("body %u", i);
      cpis_test_assert_outcome (response, 400, "INVALID_RESOURCE");
    }

  /* more entries than a batch takes, within the size limit */
  for (guint i = 0; i < 1001; i++)
    g_string_append_printf (many, "%s{}", i > 0 ? "," : "");
  g_string_append (many, "]}");
  {
    g_autoptr(CpisTestResponse) response = post_batch (fixture, fixture->sw1, many->str);

    cpis_test_assert_outcome (response, 413, "PAYLOAD_TOO_LARGE");
  }

  /* more than 1 MiB: refused before it is read */
  g_string_append (huge, good);
  while (huge->len <= 1024 * 1024)
    g_string_insert_c (huge, huge->len - 1, ' ');
  {
    g_autoptr(CpisTestResponse) response =
      cpis_test_hub_request (fixture->hub, "POST", BASE, fixture->sw1, "application/fhir+json",
                             huge->str, "Expect", "100-continue", NULL);

    cpis_test_assert_outcome (response, 413, "PAYLOAD_TOO_LARGE");
  }

  /* not JSON's media type */
  {
    g_autoptr(CpisTestResponse) response =
      cpis_test_hub_request (fixture->hub, "POST", BASE, fixture->sw1, "text/csv", good, NULL);

    cpis_test_assert_outcome (response, 415, "UNSUPPORTED_MEDIA_TYPE");
  }

  g_assert_cmpuint (count_all_plans (fixture), ==, 0);
  g_assert_cmpuint (count_exceptions (fixture, "LA1"), ==, 0);

  /* and the hub still takes a good one */
  {
    g_autoptr(JsonNode) root = upload (fixture, fixture->sw1, &good_child, 1);

    g_assert_cmpstr (entry_code (root, 0), ==, "CPR06");
  }
}

/* The import and the upload answer the same codes for the same records */
static void
test_same_as_import (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("nhs_number,family_name,given_name,date_of_birth,"
                                         "plan_type,start_date,end_date,due_date,la_ods_code\n");
  g_autoptr(CpisHubImportReport) report = NULL;
  g_autoptr(JsonNode) root = NULL;
  Record records[G_N_ELEMENTS (rejects) + 2];
  guint n = 0;

  /* the CLI takes any LA's: the records naming another LA are left out */
  for (guint i = 0; i < G_N_ELEMENTS (rejects); i++)
    if (g_strcmp0 (rejects[i].record.la, "LA1") == 0)
      records[n++] = rejects[i].record;
  records[n++] = good_child;
  records[n++] = good_mother;

  for (guint i = 0; i < n; i++)
    {
      const Record *r = &records[i];

#define F(x) ((x) != NULL ? (x) : "")
      g_string_append_printf (csv, "%s,%s,%s,%s,%s,%s,%s,%s,%s\n", F (r->nhs_number),
                              F (r->family), F (r->given), F (r->birth_date), F (r->plan_type),
                              F (r->start), F (r->end), F (r->due), F (r->la));
#undef F
    }

  report = cpis_hub_import_plans (cpis_test_hub_get_store (fixture->hub), csv->str, csv->len);
  root = upload (fixture, fixture->sw1, records, n);
  g_assert_cmpuint (report->records->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      CpisHubImportRecordResult *result = g_ptr_array_index (report->records, i);

      g_test_message ("record %u", i);
      g_assert_cmpstr (result->code, ==, entry_code (root, i));
      g_assert_cmpstr (result->detail, ==, entry_diagnostics (root, i));
    }
  g_assert_cmpstr (report->file_code, ==, file_code (root));
}

/* A refused record is kept as the LA's exception, once; the record
 * corrected and uploaded again resolves it */
static void
test_exceptions_kept (Fixture       *fixture,
                      gconstpointer  data)
{
  Record wrong_name = good_child;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) fixed = NULL;

  wrong_name.family = "Smithson";
  first = upload (fixture, fixture->sw1, (Record[]) { wrong_name, rejects[0].record }, 2);
  g_assert_cmpuint (count_exceptions (fixture, "LA1"), ==, 2);
  second = upload (fixture, fixture->sw1, &wrong_name, 1);
  g_assert_cmpuint (count_exceptions (fixture, "LA1"), ==, 2);

  fixed = upload (fixture, fixture->sw1, &good_child, 1);
  g_assert_cmpstr (entry_code (fixed, 0), ==, "CPR06");
  g_assert_cmpuint (count_exceptions (fixture, "LA1"), ==, 1);
  g_assert_cmpuint (count_exceptions (fixture, "LA2"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/hub-upload/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("codes", test_codes);
  ADD ("nothing-uploaded", test_nothing_uploaded);
  ADD ("all-or-nothing", test_all_or_nothing);
  ADD ("refused", test_refused);
  ADD ("hostile", test_hostile);
  ADD ("same-as-import", test_same_as_import);
  ADD ("exceptions-kept", test_exceptions_kept);

#undef ADD

  return g_test_run ();
}
