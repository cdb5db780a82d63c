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
#include <unistd.h>

#include <glib/gstdio.h>

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

  /* PUT, to the type or an id, is taken as POST is: the key is the plan's */
  {
    g_autofree char *body = batch_of (&good_child, 1);
    g_autofree char *put = NULL;
    g_autofree char *put_id = NULL;
    g_autoptr(GString) text = g_string_new (body);

    g_string_replace (text, "\"POST\"", "\"PUT\"", 0);
    put = g_strdup (text->str);
    g_string_replace (text, "\"CareTeam\"}", "\"CareTeam/some-id\"}", 0);
    put_id = g_strdup (text->str);
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(CpisTestResponse) response = post_batch (fixture, fixture->sw1,
                                                           i == 0 ? put : put_id);
        g_autoptr(JsonNode) root = NULL;

        g_assert_cmpuint (response->status, ==, 200);
        root = cpis_test_response_json (response);
        g_assert_cmpstr (entry_code (root, 0), ==, "CPR06");
        g_assert_cmpstr (json_object_get_string_member (entry_response (root, 0), "status"), ==,
                         "200 OK");
      }
    g_assert_cmpuint (count_plans (fixture, CHILD), ==, 1);
  }

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

  /* and the command itself (CPIS_HUB_BIN) on the hub's database: one line a
   * record, "NHS-number CODE detail", then the file code */
  {
    const char *bin = g_getenv ("CPIS_HUB_BIN");
    g_autofree char *csv_path = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GError) error = NULL;
    int fd, wait_status = 0;

    g_assert_nonnull (bin);
    fd = g_file_open_tmp ("cpis-test-upload-XXXXXX.csv", &csv_path, &error);
    g_assert_no_error (error);
    close (fd);
    g_assert_true (g_file_set_contents (csv_path, csv->str, csv->len, &error));
    g_assert_true (g_spawn_sync (NULL,
                                 (char *[]) { (char *) bin, (char *) "import", (char *) "--db",
                                              (char *) cpis_test_hub_get_db_path (fixture->hub),
                                              (char *) "plans", csv_path, NULL },
                                 NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status,
                                 &error));
    g_assert_no_error (error);
    g_unlink (csv_path);
    g_test_message ("%s%s", out, err);

    lines = g_strsplit (out, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), >=, n + 1);
    for (guint i = 0; i < n; i++)
      {
        g_auto(GStrv) words = g_strsplit (lines[i], " ", 3);

        g_assert_cmpuint (g_strv_length (words), >=, 2);
        g_assert_cmpstr (words[1], ==, entry_code (root, i));
        g_assert_cmpstr (words[2], ==, entry_diagnostics (root, i));
      }
    g_assert_true (g_str_has_prefix (lines[n], file_code (root)));
  }
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

/* ------------------------------------------------------------------------ */
/* The LA's plans */

/* A synthetic NHS number 999 000 00nn with its check digit (NULL when
 * @n has none) */
static char *
synthetic_nhs_number (guint n)
{
  char digits[11];
  guint sum = 0, check;

  g_snprintf (digits, sizeof digits, "9990000%02u", n % 100);
  for (guint i = 0; i < 9; i++)
    sum += (digits[i] - '0') * (10 - i);
  check = 11 - sum % 11;
  if (check == 11)
    check = 0;
  if (check == 10)
    return NULL;
  digits[9] = '0' + check;
  digits[10] = '\0';
  return g_strdup (digits);
}

static JsonNode *
get_json (Fixture    *fixture,
          const char *token,
          const char *path_or_url,
          guint       status)
{
  const char *path = path_or_url;
  g_autoptr(CpisTestResponse) response = NULL;

  /* a next link is a whole URL at the hub's origin */
  if (g_str_has_prefix (path_or_url, cpis_test_hub_get_origin (fixture->hub)))
    path = path_or_url + strlen (cpis_test_hub_get_origin (fixture->hub));

  response = cpis_test_hub_request (fixture->hub, "GET", path, token, NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, status);
  return cpis_test_response_json (response);
}

static const char *
link_of (JsonNode   *root,
         const char *relation)
{
  JsonArray *links = json_object_get_array_member (json_node_get_object (root), "link");

  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonObject *link = json_array_get_object_element (links, i);

      if (g_str_equal (json_object_get_string_member (link, "relation"), relation))
        return json_object_get_string_member (link, "url");
    }

  return NULL;
}

static guint
n_entries (JsonNode *root)
{
  JsonObject *bundle = json_node_get_object (root);

  return json_object_has_member (bundle, "entry")
         ? json_array_get_length (json_object_get_array_member (bundle, "entry"))
         : 0;
}

static JsonObject *
resource_at (JsonNode *root,
             guint     index)
{
  JsonArray *entries = json_object_get_array_member (json_node_get_object (root), "entry");

  return json_object_get_object_member (json_array_get_object_element (entries, index),
                                        "resource");
}

/* Follows next links from @path, @count a page; the resources' ids in order */
static GPtrArray *
walk_pages (Fixture    *fixture,
            const char *token,
            const char *path,
            guint      *total,
            guint      *n_pages)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *url = g_strdup (path);

  *n_pages = 0;
  while (url != NULL)
    {
      g_autoptr(JsonNode) root = get_json (fixture, token, url, 200);
      const char *next = link_of (root, "next");

      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "type"), ==,
                       "searchset");
      *total = json_object_get_int_member (json_node_get_object (root), "total");
      for (guint i = 0; i < n_entries (root); i++)
        g_ptr_array_add (ids, g_strdup (json_object_get_string_member (resource_at (root, i),
                                                                       "id")));
      (*n_pages)++;
      g_free (url);
      url = g_strdup (next);
      g_assert_cmpuint (*n_pages, <, 100);
    }

  return ids;
}

static void
test_list_plans (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) active = NULL;
  g_autoptr(JsonNode) ended = NULL;
  g_autoptr(JsonNode) lac = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  const char *previous = NULL;
  guint total = 0, n_pages = 0, n_active = 0;

  cpis_test_hub_add_user (fixture->hub, "officer", PASSWORD, "partnership-officer", "LA1");

  for (guint n = 1; numbers->len < 9; n++)
    {
      char *nhs_number = synthetic_nhs_number (n);

      if (nhs_number != NULL)
        g_ptr_array_add (numbers, nhs_number);
    }
  /* seven of LA1 (two ended, two LAC), two of LA2 */
  for (guint i = 0; i < 7; i++)
    {
      gboolean has_ended = i % 3 == 0 && i > 0;

      cpis_test_hub_add_plan (fixture->hub, g_ptr_array_index (numbers, i), i < 2 ? "LAC" : "CPP",
                              "2025-01-0" "1", has_ended ? "2026-01-01" : NULL, NULL, "LA1");
      n_active += !has_ended;
    }
  /* an end still to come is active */
  cpis_test_hub_add_plan (fixture->hub, g_ptr_array_index (numbers, 0), "CPP", "2025-02-01",
                          "2026-12-31", NULL, "LA1");
  n_active++;
  cpis_test_hub_add_plan (fixture->hub, g_ptr_array_index (numbers, 7), "CPP", "2025-01-01", NULL,
                          NULL, "LA2");
  cpis_test_hub_add_plan (fixture->hub, g_ptr_array_index (numbers, 8), "CPP", "2025-01-01", NULL,
                          NULL, "LA2");

  /* every page followed: each of LA1's eight once, none of LA2's, in order */
  ids = walk_pages (fixture, fixture->sw1, BASE "/CareTeam?_count=3", &total, &n_pages);
  g_assert_cmpuint (total, ==, 8);
  g_assert_cmpuint (ids->len, ==, 8);
  g_assert_cmpuint (n_pages, ==, 3);
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (g_hash_table_add (seen, g_ptr_array_index (ids, i)));

  first = get_json (fixture, fixture->sw1, BASE "/CareTeam", 200);
  g_assert_cmpuint (n_entries (first), ==, 8);
  g_assert_null (link_of (first, "next"));
  for (guint i = 0; i < n_entries (first); i++)
    {
      JsonObject *care_team = resource_at (first, i);
      JsonObject *subject = json_object_get_object_member (care_team, "subject");
      const char *nhs_number = json_object_get_string_member (
        json_object_get_object_member (subject, "identifier"), "value");

      g_assert_cmpstr (json_object_get_string_member (care_team, "id"), ==,
                       g_ptr_array_index (ids, i));
      g_assert_cmpstr (json_object_get_string_member (care_team, "name"), ==, "Northgate Council");
      if (previous != NULL)
        g_assert_cmpstr (previous, <=, nhs_number);
      previous = nhs_number;
    }

  active = get_json (fixture, fixture->sw1, BASE "/CareTeam?status=active", 200);
  ended = get_json (fixture, fixture->sw1, BASE "/CareTeam?status=inactive", 200);
  g_assert_cmpuint (n_entries (active), ==, n_active);
  g_assert_cmpuint (n_entries (ended), ==, 8 - n_active);
  for (guint i = 0; i < n_entries (ended); i++)
    g_assert_cmpstr (json_object_get_string_member (resource_at (ended, i), "status"), ==,
                     "inactive");
  lac = get_json (fixture, fixture->sw1, BASE "/CareTeam?category=764841000000100", 200);
  g_assert_cmpuint (n_entries (lac), ==, 2);

  /* LA2 sees its own two */
  {
    g_autoptr(JsonNode) other = get_json (fixture, fixture->sw2, BASE "/CareTeam", 200);

    g_assert_cmpuint (n_entries (other), ==, 2);
  }

  /* what is refused */
  {
    static const char * const bad[] = {
      BASE "/CareTeam?status=sleeping", BASE "/CareTeam?category=123",
      BASE "/CareTeam?_count=many", BASE "/CareTeam?_offset=-1", BASE "/CareTeam?colour=red",
      BASE "/CareTeam?status=active&status=active",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(CpisTestResponse) response =
          cpis_test_hub_request (fixture->hub, "GET", bad[i], fixture->sw1, NULL, NULL, NULL);

        cpis_test_assert_outcome (response, 400, "INVALID_SEARCH_DATA");
      }
  }
  {
    g_autofree char *officer = cpis_test_hub_sign_in (fixture->hub, "officer", PASSWORD);
    g_autoptr(CpisTestResponse) refused =
      cpis_test_hub_request (fixture->hub, "GET", BASE "/CareTeam", officer, NULL, NULL, NULL);
    /* a clinician is asked for the child, as the national search asks */
    g_autoptr(CpisTestResponse) nurse =
      cpis_test_hub_request (fixture->hub, "GET", BASE "/CareTeam", fixture->nurse, NULL, NULL,
                             NULL);

    cpis_test_assert_outcome (refused, 403, "ACCESS_DENIED");
    g_assert_cmpuint (nurse->status, ==, 400);
  }

  /* listing records no access */
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, NULL), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* The exceptions */

static const char *
basic_code (JsonObject *basic)
{
  JsonObject *code = json_object_get_object_member (basic, "code");

  return json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (code, "coding"), 0), "code");
}

static const char *
basic_status (JsonObject *basic)
{
  JsonArray *extensions = json_object_get_array_member (basic, "extension");

  for (guint i = 0; i < json_array_get_length (extensions); i++)
    {
      JsonObject *extension = json_array_get_object_element (extensions, i);

      if (g_str_has_suffix (json_object_get_string_member (extension, "url"),
                            "/upload-exception-status"))
        return json_object_get_string_member (extension, "valueCode");
    }

  return NULL;
}

static void
test_exceptions (Fixture       *fixture,
                 gconstpointer  data)
{
  Record wrong_name = good_child;
  g_autoptr(JsonNode) uploaded = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *dismissed_id = NULL;
  g_autofree char *name_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dismiss_path = NULL;
  guint total = 0, n_pages = 0;
  Record records[] = { rejects[0].record, rejects[1].record, rejects[4].record, good_child };

  wrong_name.family = "Smithson";
  records[3] = wrong_name;
  uploaded = upload (fixture, fixture->sw1, records, G_N_ELEMENTS (records));

  /* listed, newest first, paged one at a time */
  ids = walk_pages (fixture, fixture->sw1, BASE "/Basic?_count=1", &total, &n_pages);
  g_assert_cmpuint (total, ==, 4);
  g_assert_cmpuint (ids->len, ==, 4);
  g_assert_cmpuint (n_pages, ==, 4);

  listed = get_json (fixture, fixture->sw1, BASE "/Basic", 200);
  g_assert_cmpuint (n_entries (listed), ==, 4);
  for (guint i = 0; i < n_entries (listed); i++)
    {
      JsonObject *basic = resource_at (listed, i);
      JsonObject *subject = json_object_get_object_member (basic, "subject");
      JsonObject *patient = json_array_get_object_element (
        json_object_get_array_member (basic, "contained"), 0);

      g_assert_cmpstr (json_object_get_string_member (basic, "resourceType"), ==, "Basic");
      g_assert_cmpstr (basic_status (basic), ==, "open");
      g_assert_cmpstr (json_object_get_string_member (subject, "reference"), ==, "#submitted");
      g_assert_cmpstr (json_object_get_string_member (patient, "resourceType"), ==, "Patient");
      g_assert_true (json_object_has_member (basic, "created"));
      if (g_str_equal (basic_code (basic), "CPR07"))
        {
          JsonObject *name = json_array_get_object_element (
            json_object_get_array_member (patient, "name"), 0);

          /* the demographics as submitted */
          g_assert_cmpstr (json_object_get_string_member (name, "family"), ==, "Smithson");
          g_assert_cmpstr (json_object_get_string_member (patient, "birthDate"), ==, "2015-06-01");
          name_id = g_strdup (json_object_get_string_member (basic, "id"));
        }
      else if (g_str_equal (basic_code (basic), "CPR01"))
        dismissed_id = g_strdup (json_object_get_string_member (basic, "id"));
    }
  g_assert_nonnull (name_id);
  g_assert_nonnull (dismissed_id);

  /* another LA's, other roles: nothing */
  path = g_strconcat (BASE "/Basic/", dismissed_id, NULL);
  dismiss_path = g_strconcat (path, "/$dismiss", NULL);
  {
    g_autoptr(JsonNode) other = get_json (fixture, fixture->sw2, BASE "/Basic", 200);
    g_autoptr(CpisTestResponse) read = cpis_test_hub_request (fixture->hub, "GET", path,
                                                              fixture->sw2, NULL, NULL, NULL);
    g_autoptr(CpisTestResponse) dismiss = cpis_test_hub_request (fixture->hub, "POST",
                                                                 dismiss_path, fixture->sw2,
                                                                 NULL, NULL, NULL);
    g_autoptr(CpisTestResponse) nurse = cpis_test_hub_request (fixture->hub, "GET", BASE "/Basic",
                                                               fixture->nurse, NULL, NULL, NULL);
    g_autoptr(CpisTestResponse) get_dismiss =
      cpis_test_hub_request (fixture->hub, "GET", dismiss_path, fixture->sw1, NULL, NULL, NULL);
    g_autoptr(CpisTestResponse) not_uuid =
      cpis_test_hub_request (fixture->hub, "GET", BASE "/Basic/42", fixture->sw1, NULL, NULL,
                             NULL);

    g_assert_cmpuint (n_entries (other), ==, 0);
    cpis_test_assert_outcome (read, 404, "NOT_FOUND");
    cpis_test_assert_outcome (dismiss, 404, "NOT_FOUND");
    cpis_test_assert_outcome (nurse, 403, "ACCESS_DENIED");
    cpis_test_assert_outcome (get_dismiss, 405, "METHOD_NOT_ALLOWED");
    cpis_test_assert_outcome (not_uuid, 404, "NOT_FOUND");
  }

  /* dismissed: no longer listed, read as dismissed; dismissing again changes nothing */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CpisTestResponse) response = cpis_test_hub_request (fixture->hub, "POST",
                                                                    dismiss_path, fixture->sw1,
                                                                    NULL, NULL, NULL);
      g_autoptr(JsonNode) root = NULL;

      g_assert_cmpuint (response->status, ==, 200);
      root = cpis_test_response_json (response);
      g_assert_cmpstr (basic_status (json_node_get_object (root)), ==, "dismissed");
    }
  {
    g_autoptr(JsonNode) after = get_json (fixture, fixture->sw1, BASE "/Basic", 200);

    g_assert_cmpuint (n_entries (after), ==, 3);
  }

  /* the record corrected and uploaded again: resolved as uploaded */
  {
    g_autoptr(JsonNode) fixed = upload (fixture, fixture->sw1, &good_child, 1);
    g_autofree char *name_path = g_strconcat (BASE "/Basic/", name_id, NULL);
    g_autoptr(JsonNode) read = get_json (fixture, fixture->sw1, name_path, 200);
    g_autoptr(JsonNode) after = get_json (fixture, fixture->sw1, BASE "/Basic", 200);

    g_assert_cmpstr (entry_code (fixed, 0), ==, "CPR06");
    g_assert_cmpstr (basic_status (json_node_get_object (read)), ==, "uploaded");
    g_assert_cmpuint (n_entries (after), ==, 2);
  }

  /* a bad page */
  {
    g_autoptr(CpisTestResponse) response =
      cpis_test_hub_request (fixture->hub, "GET", BASE "/Basic?_count=x", fixture->sw1, NULL,
                             NULL, NULL);

    cpis_test_assert_outcome (response, 400, "INVALID_SEARCH_DATA");
  }
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
  ADD ("list-plans", test_list_plans);
  ADD ("exceptions", test_exceptions);

#undef ADD

  return g_test_run ();
}
