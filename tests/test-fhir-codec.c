/* test-fhir-codec.c: the FHIR R4 codec against NHS England's published
 * examples, round trips, tolerance and rejection
 *
 * The published examples are read in place from $CPIS_NHS_EXAMPLES_DIR; a
 * missing folder or file fails the tests. Inline JSON is written with single
 * quotes (turned into double quotes by json()) and uses synthetic NHS numbers
 * from the 999 range with valid check digits.
 */

#include <string.h>

#include <json-glib/json-glib.h>

#include "cpis.h"
#include "cpis-fhir-json-private.h"
#include "cpis-test-util.h"

/* Synthetic NHS numbers (999 range, Modulus 11 check digit valid) */
#define CHILD_A  "9990010005"
#define CHILD_B  "9990010013"
#define MOTHER_C "9990010021"
#define CHILD_D  "9990010048"

#define BASE_URL "http://127.0.0.1:8443/cpis/FHIR/R4"
#define EMPTY_SEARCHSET "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}"

static const char * const example_files[] = {
  "careteam-searchset-bundle-success.json",
  "auditevent-searchset-bundle-with-practitionerrole-include.json",
  "no-record-found-empty-searchset-bundle.json",
  "operationoutcome-access-denied.json",
  "capabilitystatement-cpis-fhir-api-consumer.json",
  "capabilitystatement-cpis-fhir-api-producer.json",
};

/* Helpers ---------------------------------------------------------------- */

/* Inline test JSON is written with ' for " */
static char *
json (const char *text)
{
  return g_strdelimit (g_strdup (text), "'", '"');
}

static GDateTime *
instant (const char *text)
{
  GDateTime *date_time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (date_time);
  return date_time;
}

static void
assert_instant (GDateTime  *date_time,
                const char *expected)
{
  g_autoptr(GDateTime) wanted = instant (expected);

  g_assert_nonnull (date_time);
  g_assert_true (g_date_time_equal (date_time, wanted));
  g_assert_cmpint (g_date_time_get_utc_offset (date_time), ==, g_date_time_get_utc_offset (wanted));
  g_assert_cmpint (g_date_time_get_microsecond (date_time), ==, g_date_time_get_microsecond (wanted));
}

static CpisPlan *
make_plan (const char   *id,
           CpisPlanType  type,
           const char   *nhs_number,
           const char   *name,
           const char   *la_name,
           const char   *la_ods_code,
           const char   *office,
           const char   *emergency,
           const char   *start,
           const char   *end,
           const char   *due)
{
  return g_object_new (CPIS_TYPE_PLAN,
                       "id", id,
                       "plan-type", type,
                       "plan-code", cpis_plan_type_to_snomed (type),
                       "plan-display", cpis_plan_type_to_snomed_display (type),
                       "nhs-number", nhs_number,
                       "subject-name", name,
                       "la-name", la_name,
                       "la-ods-code", la_ods_code,
                       "phone-office", office,
                       "phone-emergency", emergency,
                       "start-date", start,
                       "end-date", end,
                       "due-date", due,
                       NULL);
}

static void
assert_plans_equal (CpisPlan *a,
                    CpisPlan *b)
{
  g_assert_cmpstr (cpis_plan_get_id (a), ==, cpis_plan_get_id (b));
  g_assert_cmpint (cpis_plan_get_plan_type (a), ==, cpis_plan_get_plan_type (b));
  g_assert_cmpstr (cpis_plan_get_plan_code (a), ==, cpis_plan_get_plan_code (b));
  g_assert_cmpstr (cpis_plan_get_plan_display (a), ==, cpis_plan_get_plan_display (b));
  g_assert_cmpstr (cpis_plan_get_nhs_number (a), ==, cpis_plan_get_nhs_number (b));
  g_assert_cmpstr (cpis_plan_get_subject_name (a), ==, cpis_plan_get_subject_name (b));
  g_assert_cmpstr (cpis_plan_get_la_name (a), ==, cpis_plan_get_la_name (b));
  g_assert_cmpstr (cpis_plan_get_la_ods_code (a), ==, cpis_plan_get_la_ods_code (b));
  g_assert_cmpstr (cpis_plan_get_phone_office (a), ==, cpis_plan_get_phone_office (b));
  g_assert_cmpstr (cpis_plan_get_phone_emergency (a), ==, cpis_plan_get_phone_emergency (b));
  g_assert_cmpstr (cpis_plan_get_start_date (a), ==, cpis_plan_get_start_date (b));
  g_assert_cmpstr (cpis_plan_get_end_date (a), ==, cpis_plan_get_end_date (b));
  g_assert_cmpstr (cpis_plan_get_due_date (a), ==, cpis_plan_get_due_date (b));
  g_assert_cmpint (cpis_plan_is_active (a), ==, cpis_plan_is_active (b));
}

static CpisPractitionerRole *
make_role (const char *id,
           const char *name,
           const char *organisation,
           const char *organisation_code,
           const char *job_code,
           const char *job_display,
           const char *profile)
{
  return g_object_new (CPIS_TYPE_PRACTITIONER_ROLE,
                       "id", id,
                       "practitioner-name", name,
                       "organisation-name", organisation,
                       "organisation-code", organisation_code,
                       "job-role-code", job_code,
                       "job-role-display", job_display,
                       "role-profile-id", profile,
                       NULL);
}

static void
assert_roles_equal (CpisPractitionerRole *a,
                    CpisPractitionerRole *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (cpis_practitioner_role_get_id (a), ==, cpis_practitioner_role_get_id (b));
  g_assert_cmpstr (cpis_practitioner_role_get_practitioner_name (a), ==,
                   cpis_practitioner_role_get_practitioner_name (b));
  g_assert_cmpstr (cpis_practitioner_role_get_organisation_name (a), ==,
                   cpis_practitioner_role_get_organisation_name (b));
  g_assert_cmpstr (cpis_practitioner_role_get_organisation_code (a), ==,
                   cpis_practitioner_role_get_organisation_code (b));
  g_assert_cmpstr (cpis_practitioner_role_get_job_role_code (a), ==,
                   cpis_practitioner_role_get_job_role_code (b));
  g_assert_cmpstr (cpis_practitioner_role_get_job_role_display (a), ==,
                   cpis_practitioner_role_get_job_role_display (b));
  g_assert_cmpstr (cpis_practitioner_role_get_role_profile_id (a), ==,
                   cpis_practitioner_role_get_role_profile_id (b));
}

static CpisAccessEvent *
make_event (const char           *id,
            const char           *recorded,
            const char           *nhs_number,
            CpisPractitionerRole *role)
{
  g_autoptr(GDateTime) date_time = instant (recorded);

  return g_object_new (CPIS_TYPE_ACCESS_EVENT,
                       "id", id,
                       "recorded", date_time,
                       "nhs-number", nhs_number,
                       "practitioner-role", role,
                       NULL);
}

/* The plans of a CareTeam bundle written inline; asserts success */
static GPtrArray *
decode_plans_ok (const char *text,
                 guint       expected_total)
{
  g_autofree char *body = json (text);
  g_autoptr(GError) error = NULL;
  GPtrArray *plans;
  guint total = G_MAXUINT;

  plans = cpis_fhir_decode_care_team_bundle (body, -1, &total, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plans);
  g_assert_cmpuint (total, ==, expected_total);

  return plans;
}

static void
assert_plans_error (const char *text,
                    int         code)
{
  g_autofree char *body = json (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  guint total = 12345;

  plans = cpis_fhir_decode_care_team_bundle (body, -1, &total, &error);
  g_assert_error (error, CPIS_FHIR_ERROR, code);
  g_assert_null (plans);
}

static GPtrArray *
decode_events_ok (const char *text,
                  guint       expected_total)
{
  g_autofree char *body = json (text);
  g_autoptr(GError) error = NULL;
  GPtrArray *events;
  guint total = G_MAXUINT;

  events = cpis_fhir_decode_audit_event_bundle (body, -1, &total, &error);
  g_assert_no_error (error);
  g_assert_nonnull (events);
  g_assert_cmpuint (total, ==, expected_total);

  return events;
}

static void
assert_events_error (const char *text,
                     int         code)
{
  g_autofree char *body = json (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;

  events = cpis_fhir_decode_audit_event_bundle (body, -1, NULL, &error);
  g_assert_error (error, CPIS_FHIR_ERROR, code);
  g_assert_null (events);
}

/* The member names of @object, in order, joined by commas */
static char *
member_names (JsonObject *object)
{
  g_autoptr(GString) names = g_string_new (NULL);
  GList *members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (names->len > 0)
        g_string_append_c (names, ',');
      g_string_append (names, l->data);
    }
  g_list_free (members);

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
assert_members (JsonObject *object,
                const char *expected)
{
  g_autofree char *names = NULL;

  g_assert_nonnull (object);
  names = member_names (object);
  g_assert_cmpstr (names, ==, expected);
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static JsonArray *
array_member (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

static JsonObject *
array_object (JsonArray *array,
              guint      index)
{
  JsonNode *node;

  g_assert_cmpuint (index, <, json_array_get_length (array));
  node = json_array_get_element (array, index);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_STRING);
  return json_node_get_string (node);
}

static void
assert_coding (JsonObject *coding,
               const char *system,
               const char *code,
               const char *display)
{
  assert_members (coding, "system,code,display");
  g_assert_cmpstr (string_member (coding, "system"), ==, system);
  g_assert_cmpstr (string_member (coding, "code"), ==, code);
  g_assert_cmpstr (string_member (coding, "display"), ==, display);
}

static void
assert_identifier (JsonObject *identifier,
                   const char *system,
                   const char *value)
{
  assert_members (identifier, "system,value");
  g_assert_cmpstr (string_member (identifier, "system"), ==, system);
  g_assert_cmpstr (string_member (identifier, "value"), ==, value);
}

static JsonParser *
parse_output (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (text);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return g_steal_pointer (&parser);
}

/* NHS England's published examples --------------------------------------- */

static void
test_example_care_team (void)
{
  g_autofree char *body = cpis_test_read_example ("CPIS_NHS_EXAMPLES_DIR",
                                                  "careteam-searchset-bundle-success.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  CpisPlan *plan;
  guint total = 0;

  g_assert_nonnull (strstr (body, "\r\n"));  /* published with Windows line endings */

  plans = cpis_fhir_decode_care_team_bundle (body, (gssize) strlen (body), &total, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plans);
  g_assert_cmpuint (total, ==, 1);
  g_assert_cmpuint (plans->len, ==, 1);

  plan = g_ptr_array_index (plans, 0);
  g_assert_cmpstr (cpis_plan_get_id (plan), ==, "b3982299-c9cc-4502-a8d5-16d984de735f");
  g_assert_cmpint (cpis_plan_get_plan_type (plan), ==, CPIS_PLAN_TYPE_CPP);
  g_assert_cmpstr (cpis_plan_get_plan_code (plan), ==, "342191000000101");
  g_assert_cmpstr (cpis_plan_get_plan_display (plan), ==, "Subject to child protection plan");
  g_assert_cmpstr (cpis_plan_get_nhs_number (plan), ==, "9912003890");
  g_assert_cmpstr (cpis_plan_get_subject_name (plan), ==, "Melanie JONES");
  g_assert_cmpstr (cpis_plan_get_la_name (plan), ==, "Islington Local Authority");
  g_assert_null (cpis_plan_get_la_ods_code (plan));
  g_assert_cmpstr (cpis_plan_get_phone_office (plan), ==, "0207527200");
  g_assert_cmpstr (cpis_plan_get_phone_emergency (plan), ==, "0734577777");
  g_assert_cmpstr (cpis_plan_get_start_date (plan), ==, "2022-09-26");
  g_assert_cmpstr (cpis_plan_get_end_date (plan), ==, "2023-09-26");
  g_assert_null (cpis_plan_get_due_date (plan));
  g_assert_false (cpis_plan_is_active (plan));
}

static void
test_example_audit_event (void)
{
  g_autofree char *body = cpis_test_read_example ("CPIS_NHS_EXAMPLES_DIR",
                                                  "auditevent-searchset-bundle-with-practitionerrole-include.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  CpisAccessEvent *event;
  CpisPractitionerRole *role;
  guint total = 0;

  events = cpis_fhir_decode_audit_event_bundle (body, -1, &total, &error);
  g_assert_no_error (error);
  g_assert_nonnull (events);
  g_assert_cmpuint (total, ==, 1);
  g_assert_cmpuint (events->len, ==, 1);

  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (cpis_access_event_get_id (event), ==, "a4e5b771-f32b-4ca2-a40e-84abec9792cd");
  assert_instant (cpis_access_event_get_recorded (event), "2023-09-07T17:36:41+00:00");
  g_assert_cmpint (g_date_time_get_hour (cpis_access_event_get_recorded (event)), ==, 17);
  g_assert_cmpstr (cpis_access_event_get_nhs_number (event), ==, "9912003890");
  g_assert_cmpstr (cpis_access_event_get_practitioner_role_id (event), ==,
                   "42f72e9a-ab20-43b9-a19a-9ba9a608f732");

  role = cpis_access_event_get_practitioner_role (event);
  g_assert_nonnull (role);
  g_assert_cmpstr (cpis_practitioner_role_get_id (role), ==, "42f72e9a-ab20-43b9-a19a-9ba9a608f732");
  g_assert_cmpstr (cpis_practitioner_role_get_practitioner_name (role), ==, "Mrs Paula PALMER");
  g_assert_cmpstr (cpis_practitioner_role_get_organisation_name (role), ==,
                   "THE WHITTINGTON HOSPITAL NHS TRUST - COMM. PAED. MEDICAL TEAM (RKEAA)");
  g_assert_cmpstr (cpis_practitioner_role_get_organisation_code (role), ==, "RKEAA");
  g_assert_cmpstr (cpis_practitioner_role_get_job_role_code (role), ==, "158992006");
  g_assert_cmpstr (cpis_practitioner_role_get_job_role_display (role), ==, "Midwifery sister");
  g_assert_cmpstr (cpis_practitioner_role_get_role_profile_id (role), ==, "110694889738");
}

static void
test_example_empty_bundle (void)
{
  g_autofree char *body = cpis_test_read_example ("CPIS_NHS_EXAMPLES_DIR",
                                                  "no-record-found-empty-searchset-bundle.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) events = NULL;
  guint total = G_MAXUINT;

  plans = cpis_fhir_decode_care_team_bundle (body, -1, &total, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plans);
  g_assert_cmpuint (plans->len, ==, 0);
  g_assert_cmpuint (total, ==, 0);

  /* Its self link names the CareTeam search: ignored when read as an access history */
  total = G_MAXUINT;
  events = cpis_fhir_decode_audit_event_bundle (body, -1, &total, &error);
  g_assert_no_error (error);
  g_assert_nonnull (events);
  g_assert_cmpuint (events->len, ==, 0);
  g_assert_cmpuint (total, ==, 0);
}

static void
test_example_operation_outcome (void)
{
  g_autofree char *body = cpis_test_read_example ("CPIS_NHS_EXAMPLES_DIR",
                                                  "operationoutcome-access-denied.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisOperationOutcome) outcome = NULL;
  g_autoptr(GPtrArray) plans = NULL;

  outcome = cpis_fhir_decode_operation_outcome (body, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (outcome);
  g_assert_cmpstr (cpis_operation_outcome_get_severity (outcome), ==, "error");
  g_assert_cmpstr (cpis_operation_outcome_get_code (outcome), ==, "forbidden");
  g_assert_cmpstr (cpis_operation_outcome_get_details_code (outcome), ==, "ACCESS_DENIED");
  g_assert_cmpstr (cpis_operation_outcome_get_details_display (outcome), ==,
                   "Access has been denied to process this request");
  g_assert_null (cpis_operation_outcome_get_diagnostics (outcome));

  /* An OperationOutcome where a Bundle was expected */
  plans = cpis_fhir_decode_care_team_bundle (body, -1, NULL, &error);
  g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE);
  g_assert_null (plans);
}

static void
test_example_capability_statements (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (example_files); i++)
    {
      g_autofree char *body = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) plans = NULL;
      g_autoptr(GPtrArray) events = NULL;
      g_autoptr(CpisOperationOutcome) outcome = NULL;

      if (!g_str_has_prefix (example_files[i], "capabilitystatement-"))
        continue;

      body = cpis_test_read_example ("CPIS_NHS_EXAMPLES_DIR", example_files[i]);

      /* Valid JSON, but none of the responses a search gives */
      plans = cpis_fhir_decode_care_team_bundle (body, -1, NULL, &error);
      g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE);
      g_assert_null (plans);
      g_clear_error (&error);

      events = cpis_fhir_decode_audit_event_bundle (body, -1, NULL, &error);
      g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE);
      g_assert_null (events);
      g_clear_error (&error);

      outcome = cpis_fhir_decode_operation_outcome (body, -1, &error);
      g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE);
      g_assert_null (outcome);
    }
}

/* Every JSON file in the folder is one this test reads (a new one fails here
 * until a test covers it), and every one it reads is there. */
static void
test_example_all_files_known (void)
{
  const char *dir = g_getenv ("CPIS_NHS_EXAMPLES_DIR");
  g_autoptr(GDir) folder = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint seen = 0;

  g_assert_nonnull (dir);
  folder = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      gboolean known = FALSE;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (example_files); i++)
        known = known || g_str_equal (name, example_files[i]);

      if (!known)
        g_test_message ("Example %s is not read by any test", name);
      g_assert_true (known);
      seen++;
    }

  g_assert_cmpuint (seen, ==, G_N_ELEMENTS (example_files));
}

/* Round trips ------------------------------------------------------------ */

static GPtrArray *
sample_plans (void)
{
  GPtrArray *plans = g_ptr_array_new_with_free_func (g_object_unref);

  /* Ended CPP with both numbers and an LA ODS code */
  g_ptr_array_add (plans, make_plan ("6f1a7f52-6c33-4b8e-9d0a-3a5d2f0c1e01", CPIS_PLAN_TYPE_CPP,
                                     CHILD_A, "Amelia TESTER", "Camden Local Authority", "E09000007",
                                     "02079744444", "02079744000", "2023-01-05", "2024-01-05", NULL));
  /* Active LAC with no office-hours number */
  g_ptr_array_add (plans, make_plan ("6f1a7f52-6c33-4b8e-9d0a-3a5d2f0c1e02", CPIS_PLAN_TYPE_LAC,
                                     CHILD_B, "Ben TESTER", "Hackney Local Authority", NULL,
                                     NULL, "02083565000", "2024-02-29", NULL, NULL));
  /* UCPP held against the mother, with the due date */
  g_ptr_array_add (plans, make_plan ("6f1a7f52-6c33-4b8e-9d0a-3a5d2f0c1e03", CPIS_PLAN_TYPE_UCPP,
                                     MOTHER_C, "Chloe TESTER", "Islington Local Authority", "E09000019",
                                     "02075272000", "02075277777", "2024-03-01", NULL, "2024-06-15"));
  /* A plan type this version does not know: kept with its code */
  g_ptr_array_add (plans, g_object_new (CPIS_TYPE_PLAN,
                                        "id", "6f1a7f52-6c33-4b8e-9d0a-3a5d2f0c1e04",
                                        "plan-type", CPIS_PLAN_TYPE_UNRECOGNISED,
                                        "plan-code", "999999999000000101",
                                        "plan-display", "Some future plan",
                                        "nhs-number", CHILD_D,
                                        "subject-name", "Dan TESTER",
                                        "la-name", "Leeds Local Authority",
                                        "phone-emergency", "01132401909",
                                        "start-date", "2024-04-01",
                                        NULL));

  return plans;
}

static void
test_round_trip_care_team (void)
{
  g_autoptr(GPtrArray) plans = sample_plans ();
  g_autoptr(GPtrArray) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  guint total = 0;

  body = cpis_fhir_encode_care_team_bundle (plans, BASE_URL,
                                            BASE_URL "/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" CHILD_A,
                                            "0b8d7a0e-8e0e-4d0b-9e4b-6f3f2a1b2c3d");
  g_assert_nonnull (body);
  g_assert_true (g_utf8_validate (body, -1, NULL));

  decoded = cpis_fhir_decode_care_team_bundle (body, -1, &total, &error);
  g_assert_no_error (error);
  g_assert_nonnull (decoded);
  g_assert_cmpuint (total, ==, plans->len);
  g_assert_cmpuint (decoded->len, ==, plans->len);

  for (guint i = 0; i < plans->len; i++)
    assert_plans_equal (g_ptr_array_index (plans, i), g_ptr_array_index (decoded, i));

  /* Spot checks that the comparison compares something */
  g_assert_cmpint (cpis_plan_get_plan_type (g_ptr_array_index (decoded, 2)), ==, CPIS_PLAN_TYPE_UCPP);
  g_assert_cmpstr (cpis_plan_get_due_date (g_ptr_array_index (decoded, 2)), ==, "2024-06-15");
  g_assert_null (cpis_plan_get_phone_office (g_ptr_array_index (decoded, 1)));
  g_assert_true (cpis_plan_is_active (g_ptr_array_index (decoded, 1)));
  g_assert_false (cpis_plan_is_active (g_ptr_array_index (decoded, 0)));
  g_assert_cmpint (cpis_plan_get_plan_type (g_ptr_array_index (decoded, 3)), ==, CPIS_PLAN_TYPE_UNRECOGNISED);
  g_assert_cmpstr (cpis_plan_get_plan_code (g_ptr_array_index (decoded, 3)), ==, "999999999000000101");
}

static void
test_round_trip_care_team_empty (void)
{
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) decoded = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  JsonObject *bundle;
  guint total = G_MAXUINT;

  body = cpis_fhir_encode_care_team_bundle (plans, BASE_URL "/", BASE_URL "/CareTeam", "b-1");

  parser = parse_output (body);
  bundle = json_node_get_object (json_parser_get_root (parser));
  assert_members (bundle, "resourceType,id,type,total,link");
  g_assert_cmpint (json_object_get_int_member (bundle, "total"), ==, 0);
  g_assert_false (json_object_has_member (bundle, "entry"));

  decoded = cpis_fhir_decode_care_team_bundle (body, -1, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->len, ==, 0);
  g_assert_cmpuint (total, ==, 0);
}

static void
test_round_trip_audit_events (void)
{
  g_autoptr(CpisPractitionerRole) nurse = NULL;
  g_autoptr(CpisPractitionerRole) doctor = NULL;
  g_autoptr(CpisPractitionerRole) paramedic = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) decoded = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GDateTime) unknown_recorded = instant ("2023-01-01T00:00:00+00:00");
  const char *expected_order[] = { "ev-newest", "ev-tie-first", "ev-tie-second", "ev-middle",
                                   "ev-early-march", "ev-unknown-viewer", "ev-paramedic" };
  JsonArray *entries;
  guint includes = 0;
  guint total = 0;

  nurse = make_role ("role-nurse", "Ms Nora NURSE", "TEST HOSPITAL NHS TRUST (RXX01)", "RXX01",
                     "158992006", "Midwifery sister", "555000000001");
  doctor = make_role ("role-doctor", "Dr Dev DOCTOR", "TEST URGENT CARE CENTRE", "RYY02",
                      "309369000", "Hospital registrar", NULL);
  paramedic = make_role ("role-paramedic", "Mr Pat PARAMEDIC", NULL, NULL, NULL, NULL, NULL);

  /* Given out of order; the nurse's role is shared by three events, the doctor's by two */
  g_ptr_array_add (events, make_event ("ev-middle", "2024-03-02T09:30:00+00:00", CHILD_A, doctor));
  g_ptr_array_add (events, make_event ("ev-early-march", "2024-03-01T08:00:00.250000+00:00", CHILD_A, nurse));
  /* The same instant in two offsets: equal, so the bundle's order is kept */
  g_ptr_array_add (events, make_event ("ev-tie-first", "2024-06-01T11:00:00+01:00", CHILD_A, nurse));
  g_ptr_array_add (events, make_event ("ev-tie-second", "2024-06-01T10:00:00+00:00", CHILD_A, doctor));
  g_ptr_array_add (events, make_event ("ev-newest", "2024-06-02T23:15:59+01:00", CHILD_A, nurse));
  g_ptr_array_add (events, make_event ("ev-paramedic", "2020-01-01T00:00:00-05:00", CHILD_A, paramedic));
  /* A viewer known only by id, whose role is not included */
  g_ptr_array_add (events, g_object_new (CPIS_TYPE_ACCESS_EVENT,
                                         "id", "ev-unknown-viewer",
                                         "recorded", unknown_recorded,
                                         "nhs-number", CHILD_A,
                                         "practitioner-role-id", "role-gone",
                                         NULL));

  body = cpis_fhir_encode_audit_event_bundle (events, BASE_URL, BASE_URL "/AuditEvent", "bundle-2");
  g_assert_nonnull (body);

  /* Three distinct roles, each included once, after the seven events */
  parser = parse_output (body);
  entries = array_member (json_node_get_object (json_parser_get_root (parser)), "entry");
  g_assert_cmpuint (json_array_get_length (entries), ==, 10);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = array_object (entries, i);
      const char *mode = string_member (object_member (entry, "search"), "mode");
      const char *type = string_member (object_member (entry, "resource"), "resourceType");

      if (i < 7)
        {
          g_assert_cmpstr (mode, ==, "match");
          g_assert_cmpstr (type, ==, "AuditEvent");
        }
      else
        {
          g_assert_cmpstr (mode, ==, "include");
          g_assert_cmpstr (type, ==, "PractitionerRole");
          includes++;
        }
    }
  g_assert_cmpuint (includes, ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "total"), ==, 7);

  decoded = cpis_fhir_decode_audit_event_bundle (body, -1, &total, &error);
  g_assert_no_error (error);
  g_assert_nonnull (decoded);
  g_assert_cmpuint (total, ==, 7);
  g_assert_cmpuint (decoded->len, ==, G_N_ELEMENTS (expected_order));

  for (guint i = 0; i < G_N_ELEMENTS (expected_order); i++)
    g_assert_cmpstr (cpis_access_event_get_id (g_ptr_array_index (decoded, i)), ==, expected_order[i]);

  for (guint i = 0; i < decoded->len; i++)
    {
      CpisAccessEvent *got = g_ptr_array_index (decoded, i);
      CpisAccessEvent *sent = NULL;

      for (guint j = 0; j < events->len; j++)
        {
          if (g_str_equal (cpis_access_event_get_id (g_ptr_array_index (events, j)),
                           cpis_access_event_get_id (got)))
            sent = g_ptr_array_index (events, j);
        }
      g_assert_nonnull (sent);

      g_assert_cmpstr (cpis_access_event_get_nhs_number (got), ==, CHILD_A);
      g_assert_cmpstr (cpis_access_event_get_practitioner_role_id (got), ==,
                       cpis_access_event_get_practitioner_role_id (sent));
      if (cpis_access_event_get_practitioner_role (sent) != NULL)
        assert_roles_equal (cpis_access_event_get_practitioner_role (got),
                            cpis_access_event_get_practitioner_role (sent));
      else
        g_assert_null (cpis_access_event_get_practitioner_role (got));

      /* Same instant, same offset, same microseconds */
      g_assert_true (g_date_time_equal (cpis_access_event_get_recorded (got),
                                        cpis_access_event_get_recorded (sent)));
      g_assert_cmpint (g_date_time_get_utc_offset (cpis_access_event_get_recorded (got)), ==,
                       g_date_time_get_utc_offset (cpis_access_event_get_recorded (sent)));
      g_assert_cmpint (g_date_time_get_microsecond (cpis_access_event_get_recorded (got)), ==,
                       g_date_time_get_microsecond (cpis_access_event_get_recorded (sent)));
    }

  /* Events sharing a role share one decoded object */
  g_assert_true (cpis_access_event_get_practitioner_role (g_ptr_array_index (decoded, 0)) ==
                 cpis_access_event_get_practitioner_role (g_ptr_array_index (decoded, 1)));
  g_assert_cmpstr (cpis_practitioner_role_get_id (cpis_access_event_get_practitioner_role (g_ptr_array_index (decoded, 3))), ==,
                   "role-doctor");
}

static void
test_round_trip_operation_outcome (void)
{
  g_autoptr(CpisOperationOutcome) outcome = NULL;
  g_autoptr(CpisOperationOutcome) decoded = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  JsonObject *root;
  JsonObject *issue;

  outcome = cpis_operation_outcome_new ("error", "invalid", "INVALID_SEARCH_DATA",
                                        "Invalid search data", "The NHS number fails its check digit");
  body = cpis_fhir_encode_operation_outcome (outcome, "oo-1");

  parser = parse_output (body);
  root = json_node_get_object (json_parser_get_root (parser));
  assert_members (root, "resourceType,id,issue");
  g_assert_cmpstr (string_member (root, "resourceType"), ==, "OperationOutcome");
  g_assert_cmpstr (string_member (root, "id"), ==, "oo-1");
  issue = array_object (array_member (root, "issue"), 0);
  assert_members (issue, "severity,code,details,diagnostics");
  g_assert_cmpstr (string_member (issue, "severity"), ==, "error");
  g_assert_cmpstr (string_member (issue, "code"), ==, "invalid");
  assert_coding (array_object (array_member (object_member (issue, "details"), "coding"), 0),
                 CPIS_SPINE_ERROR_SYSTEM, "INVALID_SEARCH_DATA", "Invalid search data");

  decoded = cpis_fhir_decode_operation_outcome (body, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cpis_operation_outcome_get_severity (decoded), ==, "error");
  g_assert_cmpstr (cpis_operation_outcome_get_code (decoded), ==, "invalid");
  g_assert_cmpstr (cpis_operation_outcome_get_details_code (decoded), ==, "INVALID_SEARCH_DATA");
  g_assert_cmpstr (cpis_operation_outcome_get_details_display (decoded), ==, "Invalid search data");
  g_assert_cmpstr (cpis_operation_outcome_get_diagnostics (decoded), ==,
                   "The NHS number fails its check digit");
}

/* Encoded shapes, read back with json-glib -------------------------------- */

static void
test_encode_care_team_shape (void)
{
  g_autoptr(GPtrArray) plans = sample_plans ();
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *body = NULL;
  JsonObject *bundle;
  JsonObject *link;
  JsonObject *entry;
  JsonObject *care_team;
  JsonObject *subject;
  JsonObject *organisation;
  JsonObject *extension;
  JsonArray *telecom;

  body = cpis_fhir_encode_care_team_bundle (plans, BASE_URL "/", BASE_URL "/CareTeam?x=1", "bundle-id-1");
  parser = parse_output (body);
  bundle = json_node_get_object (json_parser_get_root (parser));

  assert_members (bundle, "resourceType,id,type,total,link,entry");
  g_assert_cmpstr (string_member (bundle, "resourceType"), ==, "Bundle");
  g_assert_cmpstr (string_member (bundle, "id"), ==, "bundle-id-1");
  g_assert_cmpstr (string_member (bundle, "type"), ==, "searchset");
  g_assert_true (json_node_get_value_type (json_object_get_member (bundle, "total")) == G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (bundle, "total"), ==, 4);
  link = array_object (array_member (bundle, "link"), 0);
  assert_members (link, "relation,url");
  g_assert_cmpstr (string_member (link, "relation"), ==, "self");
  g_assert_cmpstr (string_member (link, "url"), ==, BASE_URL "/CareTeam?x=1");
  g_assert_cmpuint (json_array_get_length (array_member (bundle, "entry")), ==, 4);

  /* The UCPP: every optional element present */
  entry = array_object (array_member (bundle, "entry"), 2);
  assert_members (entry, "fullUrl,resource,search");
  g_assert_cmpstr (string_member (entry, "fullUrl"), ==, BASE_URL "/CareTeam/6f1a7f52-6c33-4b8e-9d0a-3a5d2f0c1e03");
  assert_members (object_member (entry, "search"), "mode");
  g_assert_cmpstr (string_member (object_member (entry, "search"), "mode"), ==, "match");

  care_team = object_member (entry, "resource");
  assert_members (care_team,
                  "resourceType,id,category,name,subject,telecom,period,managingOrganization,extension");
  g_assert_cmpstr (string_member (care_team, "resourceType"), ==, "CareTeam");
  g_assert_cmpstr (string_member (care_team, "id"), ==, "6f1a7f52-6c33-4b8e-9d0a-3a5d2f0c1e03");
  assert_members (array_object (array_member (care_team, "category"), 0), "coding");
  assert_coding (array_object (array_member (array_object (array_member (care_team, "category"), 0), "coding"), 0),
                 "http://snomed.info/sct", "818901000000100",
                 "Unborn child subject to child protection plan");
  g_assert_cmpstr (string_member (care_team, "name"), ==, "Islington Local Authority");

  subject = object_member (care_team, "subject");
  assert_members (subject, "identifier,display");
  assert_identifier (object_member (subject, "identifier"), "https://fhir.nhs.uk/Id/nhs-number", MOTHER_C);
  g_assert_cmpstr (string_member (subject, "display"), ==, "Chloe TESTER");

  telecom = array_member (care_team, "telecom");
  g_assert_cmpuint (json_array_get_length (telecom), ==, 2);
  assert_members (array_object (telecom, 0), "system,value,use");
  g_assert_cmpstr (string_member (array_object (telecom, 0), "system"), ==, "phone");
  g_assert_cmpstr (string_member (array_object (telecom, 0), "value"), ==, "02075272000");
  g_assert_cmpstr (string_member (array_object (telecom, 0), "use"), ==, "work");
  g_assert_cmpstr (string_member (array_object (telecom, 1), "system"), ==, "phone");
  g_assert_cmpstr (string_member (array_object (telecom, 1), "value"), ==, "02075277777");
  g_assert_cmpstr (string_member (array_object (telecom, 1), "use"), ==, "mobile");

  assert_members (object_member (care_team, "period"), "start");
  g_assert_cmpstr (string_member (object_member (care_team, "period"), "start"), ==, "2024-03-01");

  organisation = array_object (array_member (care_team, "managingOrganization"), 0);
  assert_members (organisation, "identifier,display");
  assert_identifier (object_member (organisation, "identifier"),
                     "https://fhir.nhs.uk/Id/ods-organization-code", "E09000019");
  g_assert_cmpstr (string_member (organisation, "display"), ==, "Islington Local Authority");

  extension = array_object (array_member (care_team, "extension"), 0);
  assert_members (extension, "url,valueDate");
  g_assert_cmpstr (string_member (extension, "url"), ==, CPIS_DUE_DATE_EXTENSION_URL);
  g_assert_cmpstr (string_member (extension, "valueDate"), ==, "2024-06-15");

  /* The LAC: no ODS code, no due date, no office number, no end */
  care_team = object_member (array_object (array_member (bundle, "entry"), 1), "resource");
  assert_members (care_team, "resourceType,id,category,name,subject,telecom,period");
  telecom = array_member (care_team, "telecom");
  g_assert_cmpuint (json_array_get_length (telecom), ==, 1);
  g_assert_cmpstr (string_member (array_object (telecom, 0), "use"), ==, "mobile");

  /* The ended CPP has both dates */
  care_team = object_member (array_object (array_member (bundle, "entry"), 0), "resource");
  assert_members (object_member (care_team, "period"), "start,end");
  g_assert_cmpstr (string_member (object_member (care_team, "period"), "end"), ==, "2024-01-05");
}

static void
test_encode_audit_event_shape (void)
{
  g_autoptr(CpisPractitionerRole) role = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *body = NULL;
  JsonObject *bundle;
  JsonObject *entry;
  JsonObject *audit_event;
  JsonObject *type;
  JsonObject *agent;
  JsonObject *practitioner_role;
  JsonObject *organisation;
  JsonNode *requestor;
  JsonArray *agents;

  role = make_role ("role-1", "Mrs Tess TESTER", "TEST HOSPITAL NHS TRUST (RXX01)", "RXX01",
                    "158992006", "Midwifery sister", "555000000001");
  g_ptr_array_add (events, make_event ("event-1", "2023-09-07T17:36:41+00:00", CHILD_B, role));
  g_ptr_array_add (events, make_event ("event-2", "2023-09-08T10:00:00+01:00", CHILD_B, role));

  body = cpis_fhir_encode_audit_event_bundle (events, BASE_URL, BASE_URL "/AuditEvent?patient:identifier=x", "b-2");
  parser = parse_output (body);
  bundle = json_node_get_object (json_parser_get_root (parser));
  assert_members (bundle, "resourceType,id,type,total,link,entry");
  g_assert_cmpint (json_object_get_int_member (bundle, "total"), ==, 2);
  g_assert_cmpuint (json_array_get_length (array_member (bundle, "entry")), ==, 3);

  entry = array_object (array_member (bundle, "entry"), 0);
  assert_members (entry, "fullUrl,resource,search");
  g_assert_cmpstr (string_member (entry, "fullUrl"), ==, BASE_URL "/AuditEvent/event-1");
  g_assert_cmpstr (string_member (object_member (entry, "search"), "mode"), ==, "match");

  audit_event = object_member (entry, "resource");
  assert_members (audit_event, "resourceType,id,type,recorded,agent,source");
  g_assert_cmpstr (string_member (audit_event, "resourceType"), ==, "AuditEvent");
  g_assert_cmpstr (string_member (audit_event, "id"), ==, "event-1");
  type = object_member (audit_event, "type");
  assert_coding (type, "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle",
                 "access", "Access/View Record Lifecycle Event");
  g_assert_cmpstr (string_member (audit_event, "recorded"), ==, "2023-09-07T17:36:41+00:00");

  agents = array_member (audit_event, "agent");
  g_assert_cmpuint (json_array_get_length (agents), ==, 2);

  agent = array_object (agents, 0);
  assert_members (agent, "type,who,requestor");
  assert_coding (array_object (array_member (object_member (agent, "type"), "coding"), 0),
                 "http://terminology.hl7.org/CodeSystem/v3-RoleClass", "PAT", "patient");
  assert_members (object_member (agent, "who"), "identifier");
  assert_identifier (object_member (object_member (agent, "who"), "identifier"),
                     "https://fhir.nhs.uk/Id/nhs-number", CHILD_B);
  requestor = json_object_get_member (agent, "requestor");
  g_assert_true (json_node_get_value_type (requestor) == G_TYPE_BOOLEAN);
  g_assert_false (json_node_get_boolean (requestor));

  agent = array_object (agents, 1);
  assert_members (agent, "type,who,requestor");
  assert_coding (array_object (array_member (object_member (agent, "type"), "coding"), 0),
                 "http://terminology.hl7.org/CodeSystem/v3-RoleClass", "ASSIGNED", "assigned entity");
  assert_members (object_member (agent, "who"), "reference");
  g_assert_cmpstr (string_member (object_member (agent, "who"), "reference"), ==, "PractitionerRole/role-1");
  requestor = json_object_get_member (agent, "requestor");
  g_assert_true (json_node_get_value_type (requestor) == G_TYPE_BOOLEAN);
  g_assert_true (json_node_get_boolean (requestor));

  assert_members (object_member (audit_event, "source"), "observer");
  assert_members (object_member (object_member (audit_event, "source"), "observer"), "reference");
  g_assert_cmpstr (string_member (object_member (object_member (audit_event, "source"), "observer"), "reference"), ==,
                   "PractitionerRole/role-1");

  /* The second event keeps its own offset */
  audit_event = object_member (array_object (array_member (bundle, "entry"), 1), "resource");
  g_assert_cmpstr (string_member (audit_event, "recorded"), ==, "2023-09-08T10:00:00+01:00");

  /* The role, once */
  entry = array_object (array_member (bundle, "entry"), 2);
  assert_members (entry, "fullUrl,resource,search");
  g_assert_cmpstr (string_member (entry, "fullUrl"), ==, BASE_URL "/PractitionerRole/role-1");
  g_assert_cmpstr (string_member (object_member (entry, "search"), "mode"), ==, "include");
  practitioner_role = object_member (entry, "resource");
  assert_members (practitioner_role, "resourceType,id,identifier,practitioner,organization,code");
  g_assert_cmpstr (string_member (practitioner_role, "resourceType"), ==, "PractitionerRole");
  g_assert_cmpstr (string_member (practitioner_role, "id"), ==, "role-1");
  assert_identifier (array_object (array_member (practitioner_role, "identifier"), 0),
                     "https://fhir.nhs.uk/Id/sds-role-profile-id", "555000000001");
  assert_members (object_member (practitioner_role, "practitioner"), "display");
  g_assert_cmpstr (string_member (object_member (practitioner_role, "practitioner"), "display"), ==, "Mrs Tess TESTER");
  organisation = object_member (practitioner_role, "organization");
  assert_members (organisation, "identifier,display");
  assert_identifier (object_member (organisation, "identifier"),
                     "https://fhir.nhs.uk/Id/ods-organization-code", "RXX01");
  g_assert_cmpstr (string_member (organisation, "display"), ==, "TEST HOSPITAL NHS TRUST (RXX01)");
  assert_coding (array_object (array_member (array_object (array_member (practitioner_role, "code"), 0), "coding"), 0),
                 "http://snomed.info/sct", "158992006", "Midwifery sister");
}

/* Tolerance -------------------------------------------------------------- */

/* A CareTeam bundle around one resource written inline */
#define CARE_TEAM_BUNDLE(resource) \
  "{'resourceType':'Bundle','id':'b','type':'searchset','total':1," \
  "'link':[{'relation':'self','url':'https://example.org/AuditEvent?x'}]," \
  "'entry':[{'fullUrl':'https://example.org/CareTeam/ct-1','resource':" resource ",'search':{'mode':'match'}}]}"

static void
test_tolerate_care_team_variants (void)
{
  g_autoptr(GPtrArray) plans = NULL;
  CpisPlan *plan;

  /* http: and upper-case systems, unknown elements, trailing spaces, a
   * telecom without "system", a dateTime period, a coding with no system */
  plans = decode_plans_ok (CARE_TEAM_BUNDLE (
    "{'resourceType':'CareTeam','id':'ct-1','meta':{'versionId':'3'},'status':'active',"
    "'text':{'status':'generated','div':'<div/>'},"
    "'category':[{'coding':[{'code':'764841000000100','display':'Looked after child  '}]}],"
    "'name':'  Hackney Local Authority ',"
    "'subject':{'identifier':{'system':'HTTP://FHIR.NHS.UK/Id/NHS-Number','value':' 999 001 0013 '},"
    "           'display':'Ben TESTER ','reference':'Patient/xyz'},"
    "'participant':[{'role':[{'text':'social worker'}]}],"
    "'telecom':[{'value':'02083565000','use':'mobile'},{'system':'email','value':'x@example.org','use':'work'},"
    "           {'system':'Phone','value':' 02083560000 ','use':'WORK','rank':1}],"
    "'period':{'start':'2024-02-29T09:00:00Z'},"
    "'managingOrganization':[{'identifier':{'system':'http://fhir.nhs.uk/id/ODS-ORGANIZATION-CODE','value':'E09000012'},"
    "                         'display':'Hackney'}],"
    "'futureElement':{'nested':[1,2,{'deep':true}]}}"), 1);
  g_assert_cmpuint (plans->len, ==, 1);
  plan = g_ptr_array_index (plans, 0);
  g_assert_cmpint (cpis_plan_get_plan_type (plan), ==, CPIS_PLAN_TYPE_LAC);
  g_assert_cmpstr (cpis_plan_get_plan_code (plan), ==, "764841000000100");
  g_assert_cmpstr (cpis_plan_get_plan_display (plan), ==, "Looked after child");
  g_assert_cmpstr (cpis_plan_get_la_name (plan), ==, "Hackney Local Authority");
  g_assert_cmpstr (cpis_plan_get_nhs_number (plan), ==, CHILD_B);
  g_assert_cmpstr (cpis_plan_get_subject_name (plan), ==, "Ben TESTER");
  g_assert_cmpstr (cpis_plan_get_phone_emergency (plan), ==, "02083565000");
  g_assert_cmpstr (cpis_plan_get_phone_office (plan), ==, "02083560000");
  g_assert_cmpstr (cpis_plan_get_start_date (plan), ==, "2024-02-29");
  g_assert_null (cpis_plan_get_end_date (plan));
  g_assert_true (cpis_plan_is_active (plan));
  g_assert_cmpstr (cpis_plan_get_la_ods_code (plan), ==, "E09000012");
  g_clear_pointer (&plans, g_ptr_array_unref);

  /* A category coding with a display but no code, read by its display;
   * string total; entry without a search element */
  plans = decode_plans_ok (
    "{'resourceType':'Bundle','type':'searchset','total':'1','entry':[{'resource':"
    "{'resourceType':'CareTeam','id':'ct-2','category':[{'coding':[{'system':'http://snomed.info/sct',"
    "'display':'Unborn child subject to child protection plan'}]}],"
    "'subject':{'identifier':{'value':'" MOTHER_C "'}},"
    "'telecom':[{'system':'phone','value':'01132401909','use':'mobile'}],"
    "'period':{'start':'2024-03-01'},"
    "'extension':[{'url':'https://example.org/other','valueString':'x'},"
    "             {'url':'" CPIS_DUE_DATE_EXTENSION_URL "','valueDate':'2024-09-30'}]}}]}", 1);
  plan = g_ptr_array_index (plans, 0);
  g_assert_cmpint (cpis_plan_get_plan_type (plan), ==, CPIS_PLAN_TYPE_UCPP);
  g_assert_cmpstr (cpis_plan_get_plan_display (plan), ==, "Unborn child subject to child protection plan");
  g_assert_cmpstr (cpis_plan_get_due_date (plan), ==, "2024-09-30");
  g_assert_cmpstr (cpis_plan_get_nhs_number (plan), ==, MOTHER_C);
  g_assert_null (cpis_plan_get_la_name (plan));
  g_assert_null (cpis_plan_get_phone_office (plan));
  g_clear_pointer (&plans, g_ptr_array_unref);

  /* An unknown plan code: unrecognised, never dropped, its code kept */
  plans = decode_plans_ok (CARE_TEAM_BUNDLE (
    "{'resourceType':'CareTeam','id':'ct-3',"
    "'category':[{'coding':[{'system':'http://snomed.info/sct','code':'1234567000000109 ','display':'New plan '}]}],"
    "'name':'Leeds Local Authority',"
    "'subject':{'identifier':{'system':'https://fhir.nhs.uk/Id/nhs-number','value':'" CHILD_D "'}}}"), 1);
  g_assert_cmpuint (plans->len, ==, 1);
  plan = g_ptr_array_index (plans, 0);
  g_assert_cmpint (cpis_plan_get_plan_type (plan), ==, CPIS_PLAN_TYPE_UNRECOGNISED);
  g_assert_cmpstr (cpis_plan_get_plan_code (plan), ==, "1234567000000109");
  g_assert_cmpstr (cpis_plan_get_plan_display (plan), ==, "New plan");
  g_clear_pointer (&plans, g_ptr_array_unref);

  /* No category at all: still a plan, shown as unrecognised */
  plans = decode_plans_ok (CARE_TEAM_BUNDLE (
    "{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_D "'}}}"), 1);
  plan = g_ptr_array_index (plans, 0);
  g_assert_cmpint (cpis_plan_get_plan_type (plan), ==, CPIS_PLAN_TYPE_UNRECOGNISED);
  g_assert_null (cpis_plan_get_plan_code (plan));
  /* No id: taken from the fullUrl */
  g_assert_cmpstr (cpis_plan_get_id (plan), ==, "ct-1");
  g_clear_pointer (&plans, g_ptr_array_unref);

  /* Wrong types for optional fields are ignored, not fatal */
  plans = decode_plans_ok (CARE_TEAM_BUNDLE (
    "{'resourceType':'CareTeam','id':42,'category':'CPP','name':['x'],'telecom':'0207',"
    "'period':[],'extension':{'url':7},'managingOrganization':null,"
    "'subject':{'identifier':[{'system':'https://example.org/local','value':'L1'},"
    "                         {'system':'https://fhir.nhs.uk/Id/nhs-number','value':'" CHILD_A "'}],'display':5}}"), 1);
  plan = g_ptr_array_index (plans, 0);
  g_assert_cmpstr (cpis_plan_get_nhs_number (plan), ==, CHILD_A);
  g_assert_cmpstr (cpis_plan_get_id (plan), ==, "ct-1");
  g_assert_null (cpis_plan_get_la_name (plan));
  g_assert_null (cpis_plan_get_subject_name (plan));
  g_assert_null (cpis_plan_get_phone_emergency (plan));
  g_assert_null (cpis_plan_get_start_date (plan));
  g_assert_cmpint (cpis_plan_get_plan_type (plan), ==, CPIS_PLAN_TYPE_UNRECOGNISED);
}

static void
test_tolerate_total (void)
{
  g_autoptr(GPtrArray) plans = NULL;

  /* "total": "abc" is ignored when there are matches: they are counted */
  plans = decode_plans_ok (
    "{'resourceType':'Bundle','type':'searchset','total':'abc','entry':["
    "{'resource':{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_A "'}}},'search':{'mode':'match'}},"
    "{'resource':{'resourceType':'OperationOutcome','issue':[]},'search':{'mode':'outcome'}},"
    "{'resource':{'resourceType':'Patient','id':'p'},'search':{'mode':'include'}},"
    "{'resource':{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_B "'}}}}]}", 2);
  g_assert_cmpuint (plans->len, ==, 2);
  g_clear_pointer (&plans, g_ptr_array_unref);

  /* No match and a total of 0 (as a whole number): "no record" */
  plans = decode_plans_ok ("{'resourceType':'Bundle','type':'searchset','total':0}", 0);
  g_assert_cmpuint (plans->len, ==, 0);
  g_clear_pointer (&plans, g_ptr_array_unref);
  plans = decode_plans_ok ("{'resourceType':'Bundle','type':'searchset','total':'0','entry':[]}", 0);
  g_assert_cmpuint (plans->len, ==, 0);
}

/* "No record" is believed only from an answer that says it: a total of 0 and
 * no match. Anything less, or a total that disagrees with the matches, is
 * unreadable, never an empty result (hazard: a broken or hostile hub). */
static void
test_no_record_only_when_said (void)
{
  /* no total, no match: the bundle does not say nothing was found */
  assert_plans_error ("{'resourceType':'Bundle','type':'searchset'}", CPIS_FHIR_ERROR_INVALID);
  assert_plans_error ("{'resourceType':'Bundle','type':'searchset','entry':[]}",
                      CPIS_FHIR_ERROR_INVALID);
  /* a total that is not a whole number says nothing either */
  assert_plans_error ("{'resourceType':'Bundle','type':'searchset','total':-3,'entry':null}",
                      CPIS_FHIR_ERROR_INVALID);
  assert_plans_error ("{'resourceType':'Bundle','type':'searchset','total':1.5,'entry':[]}",
                      CPIS_FHIR_ERROR_INVALID);
  assert_plans_error ("{'resourceType':'Bundle','type':'searchset','total':true}",
                      CPIS_FHIR_ERROR_INVALID);

  /* the plans marked "include", no total: read as nothing, so refused */
  assert_plans_error (
    "{'resourceType':'Bundle','type':'searchset','entry':["
    "{'resource':{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_A "'}}},'search':{'mode':'include'}}]}",
    CPIS_FHIR_ERROR_INVALID);
  /* ... and with a total of 0 */
  assert_plans_error (
    "{'resourceType':'Bundle','type':'searchset','total':0,'entry':["
    "{'resource':{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_A "'}}},'search':{'mode':'include'}}]}",
    CPIS_FHIR_ERROR_INVALID);
  /* a plan in an "outcome" entry */
  assert_plans_error (
    "{'resourceType':'Bundle','type':'searchset','total':0,'entry':["
    "{'resource':{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_A "'}}},'search':{'mode':'outcome'}}]}",
    CPIS_FHIR_ERROR_INVALID);

  /* "entry" twice: json-glib keeps the last (empty) one */
  assert_plans_error (
    "{'resourceType':'Bundle','type':'searchset','entry':["
    "{'resource':{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_A "'}}},'search':{'mode':'match'}}],"
    "'entry':[]}",
    CPIS_FHIR_ERROR_INVALID);
  /* "total" twice */
  assert_plans_error ("{'resourceType':'Bundle','type':'searchset','total':1,'total':0}",
                      CPIS_FHIR_ERROR_INVALID);
  /* a member repeated deep inside a plan (which phone is the emergency one?) */
  assert_plans_error (
    "{'resourceType':'Bundle','type':'searchset','total':1,'entry':["
    "{'resource':{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_A "'}},"
    "'telecom':[{'system':'phone','value':'01','use':'mobile','use':'work'}]},'search':{'mode':'match'}}]}",
    CPIS_FHIR_ERROR_INVALID);

  /* a total larger than the plans carried (a page of a longer answer) */
  assert_plans_error (
    "{'resourceType':'Bundle','type':'searchset','total':3,'entry':["
    "{'resource':{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_A "'}}}}]}",
    CPIS_FHIR_ERROR_INVALID);
  /* a total smaller than the plans carried */
  assert_plans_error (
    "{'resourceType':'Bundle','type':'searchset','total':0,'entry':["
    "{'resource':{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_A "'}}}}]}",
    CPIS_FHIR_ERROR_INVALID);
}

/* A child has a handful of plans: ten thousand is not an answer to draw */
static void
test_too_many_plans (void)
{
  g_autoptr(GString) entries = g_string_new (NULL);
  g_autoptr(GPtrArray) plans = NULL;
  g_autofree char *at_limit = NULL;
  g_autofree char *over_limit = NULL;

  for (guint i = 0; i < CPIS_FHIR_MAX_PLANS; i++)
    g_string_append_printf (entries, "%s{'resource':{'resourceType':'CareTeam','subject':"
                            "{'identifier':{'value':'" CHILD_A "'}}}}", i > 0 ? "," : "");

  at_limit = g_strdup_printf ("{'resourceType':'Bundle','type':'searchset','entry':[%s]}",
                              entries->str);
  plans = decode_plans_ok (at_limit, CPIS_FHIR_MAX_PLANS);
  g_assert_cmpuint (plans->len, ==, CPIS_FHIR_MAX_PLANS);

  over_limit = g_strdup_printf ("{'resourceType':'Bundle','type':'searchset','entry':[%s,"
                                "{'resource':{'resourceType':'CareTeam','subject':"
                                "{'identifier':{'value':'" CHILD_A "'}}}}]}", entries->str);
  assert_plans_error (over_limit, CPIS_FHIR_ERROR_INVALID);
}

/* An AuditEvent bundle with one role and the given events */
#define AUDIT_BUNDLE(events, roles) \
  "{'resourceType':'Bundle','type':'searchset','link':[{'relation':'self','url':'https://example.org/CareTeam?x'}]," \
  "'entry':[" events "," roles "]}"

#define ROLE_ENTRY(full_url, body) \
  "{'fullUrl':'" full_url "','resource':{'resourceType':'PractitionerRole'" body "},'search':{'mode':'include'}}"

static void
test_tolerate_audit_event_variants (void)
{
  g_autoptr(GPtrArray) events = NULL;
  CpisAccessEvent *event;
  CpisPractitionerRole *role;

  events = decode_events_ok (AUDIT_BUNDLE (
    /* The viewer named by an absolute reference; string booleans; upper-case systems */
    "{'fullUrl':'urn:uuid:1','resource':{'resourceType':'AuditEvent','id':'e-1',"
    " 'type':{'system':'http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle','display':'Access/View Record Lifecycle Event'},"
    " 'recorded':' 2024-05-01T12:00:00+01:00 ','purposeOfEvent':[{'text':'care'}],"
    " 'agent':[{'type':{'coding':[{'system':'HTTP://TERMINOLOGY.HL7.ORG/CodeSystem/v3-RoleClass','code':'pat'}]},"
    "           'who':{'identifier':{'system':'http://fhir.nhs.uk/Id/nhs-number','value':'" CHILD_A "'}},'requestor':'FALSE'},"
    "          {'type':{'coding':[{'code':'ASSIGNED'}]},"
    "           'who':{'reference':'https://example.org/cpis/FHIR/R4/PractitionerRole/r-1'},'requestor':'true'}],"
    " 'source':{'observer':{'reference':'PractitionerRole/r-1'}}},'search':{'mode':'match'}},"
    /* No ASSIGNED type and no observer: the requestor (a string boolean) is the viewer,
     * referring to a role whose only id is in its fullUrl */
    "{'resource':{'resourceType':'AuditEvent','id':'e-2','recorded':'2024-05-02T08:00:00Z',"
    " 'agent':[{'who':{'reference':'PractitionerRole/r-2'},'requestor':' True '},"
    "          {'type':{'coding':[{'display':'patient'}]},'who':{'identifier':{'value':'" CHILD_A "'}}}]}},"
    /* Only source.observer names the viewer, by the role's fullUrl */
    "{'resource':{'resourceType':'AuditEvent','id':'e-3','recorded':'2024-04-30T23:59:59.5-04:00',"
    " 'agent':[{'type':{'coding':[{'code':'ASSIGNED'}]},'who':{'display':'someone'},'requestor':true}],"
    " 'source':{'observer':{'reference':'urn:uuid:role-three'}}}},"
    /* A viewer whose role was not included */
    "{'resource':{'resourceType':'AuditEvent','id':'e-4','recorded':'2020-01-01T00:00:00+00:00',"
    " 'agent':[{'type':{'coding':[{'code':'ASSIGNED'}]},'who':{'reference':'PractitionerRole/missing'},'requestor':true}]}}",
    ROLE_ENTRY ("https://example.org/cpis/FHIR/R4/PractitionerRole/r-1",
                ",'id':'r-1','identifier':[{'system':'https://example.org/other','value':'x'},"
                "{'system':'HTTP://fhir.nhs.uk/Id/SDS-Role-Profile-Id','value':' 555000000002 '}],"
                "'practitioner':{'display':' Dr Dee TESTER '},'unknown':[{}],"
                "'organization':{'identifier':{'system':'http://fhir.nhs.uk/Id/ods-organization-code','value':'RZZ09'},"
                "'display':'A TRUST WITH (BRACKETS) (RAA01)'},"
                "'code':[{'coding':[{'system':'http://snomed.info/sct','code':'309369000','display':'Hospital registrar  '}]}]") ","
    ROLE_ENTRY ("https://example.org/cpis/FHIR/R4/PractitionerRole/r-2",
                ",'organization':{'display':'URGENT CARE ( RBB02 ) '},'code':[{'coding':[{'display':'Paramedic'}]}]") ","
    ROLE_ENTRY ("urn:uuid:role-three", ",'id':'r-3','organization':{'display':'NO CODE HERE (not a code!)'}")), 4);

  g_assert_cmpuint (events->len, ==, 4);

  /* Newest first: e-2 (08:00Z, 2 May), e-1 (11:00Z, 1 May), e-3 (03:59:59.5Z, 1 May), e-4 (2020) */
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (cpis_access_event_get_id (event), ==, "e-2");
  g_assert_cmpstr (cpis_access_event_get_nhs_number (event), ==, CHILD_A);
  g_assert_cmpstr (cpis_access_event_get_practitioner_role_id (event), ==, "r-2");
  role = cpis_access_event_get_practitioner_role (event);
  g_assert_nonnull (role);
  g_assert_cmpstr (cpis_practitioner_role_get_id (role), ==, "r-2");
  g_assert_cmpstr (cpis_practitioner_role_get_organisation_code (role), ==, "RBB02");
  g_assert_null (cpis_practitioner_role_get_job_role_code (role));
  g_assert_cmpstr (cpis_practitioner_role_get_job_role_display (role), ==, "Paramedic");
  assert_instant (cpis_access_event_get_recorded (event), "2024-05-02T08:00:00+00:00");

  event = g_ptr_array_index (events, 1);
  g_assert_cmpstr (cpis_access_event_get_id (event), ==, "e-1");
  assert_instant (cpis_access_event_get_recorded (event), "2024-05-01T12:00:00+01:00");
  g_assert_cmpstr (cpis_access_event_get_nhs_number (event), ==, CHILD_A);
  role = cpis_access_event_get_practitioner_role (event);
  g_assert_nonnull (role);
  g_assert_cmpstr (cpis_practitioner_role_get_id (role), ==, "r-1");
  g_assert_cmpstr (cpis_access_event_get_practitioner_role_id (event), ==, "r-1");
  g_assert_cmpstr (cpis_practitioner_role_get_practitioner_name (role), ==, "Dr Dee TESTER");
  g_assert_cmpstr (cpis_practitioner_role_get_role_profile_id (role), ==, "555000000002");
  /* organization.identifier is preferred to the code in the display */
  g_assert_cmpstr (cpis_practitioner_role_get_organisation_code (role), ==, "RZZ09");
  g_assert_cmpstr (cpis_practitioner_role_get_job_role_code (role), ==, "309369000");
  g_assert_cmpstr (cpis_practitioner_role_get_job_role_display (role), ==, "Hospital registrar");

  event = g_ptr_array_index (events, 2);
  g_assert_cmpstr (cpis_access_event_get_id (event), ==, "e-3");
  assert_instant (cpis_access_event_get_recorded (event), "2024-04-30T23:59:59.5-04:00");
  g_assert_null (cpis_access_event_get_nhs_number (event));
  role = cpis_access_event_get_practitioner_role (event);
  g_assert_nonnull (role);
  g_assert_cmpstr (cpis_practitioner_role_get_id (role), ==, "r-3");
  g_assert_cmpstr (cpis_access_event_get_practitioner_role_id (event), ==, "r-3");
  g_assert_null (cpis_practitioner_role_get_organisation_code (role));

  event = g_ptr_array_index (events, 3);
  g_assert_cmpstr (cpis_access_event_get_id (event), ==, "e-4");
  g_assert_null (cpis_access_event_get_practitioner_role (event));
  g_assert_cmpstr (cpis_access_event_get_practitioner_role_id (event), ==, "missing");
}

static void
test_tolerate_json_helpers (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *body = json ("{'t':true,'f':false,'st':' TRUE ','sf':'false','sx':'yes','n':1,'nul':null,"
                                "'s':'  spaced  ','blank':'   ','o':{'a':[1,{'b':2}]},'u':'7','neg':-1}");
  g_autofree char *trimmed = NULL;
  JsonObject *root;
  gboolean value;
  guint number;

  json_parser_load_from_data (parser, body, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  value = FALSE;
  g_assert_true (_cpis_json_object_get_boolean (root, "t", &value) && value);
  g_assert_true (_cpis_json_object_get_boolean (root, "f", &value) && !value);
  g_assert_true (_cpis_json_object_get_boolean (root, "st", &value) && value);
  g_assert_true (_cpis_json_object_get_boolean (root, "sf", &value) && !value);
  g_assert_false (_cpis_json_object_get_boolean (root, "sx", &value));
  g_assert_false (_cpis_json_object_get_boolean (root, "n", &value));
  g_assert_false (_cpis_json_object_get_boolean (root, "missing", &value));
  g_assert_false (_cpis_json_object_get_boolean (NULL, "t", &value));

  g_assert_true (_cpis_json_object_get_uint (root, "u", &number));
  g_assert_cmpuint (number, ==, 7);
  g_assert_true (_cpis_json_object_get_uint (root, "n", &number));
  g_assert_cmpuint (number, ==, 1);
  g_assert_false (_cpis_json_object_get_uint (root, "neg", &number));
  g_assert_false (_cpis_json_object_get_uint (root, "s", &number));

  g_assert_null (_cpis_json_object_get_string (root, "n"));
  g_assert_null (_cpis_json_object_get_string (root, "nul"));
  g_assert_null (_cpis_json_object_get_string (root, "o"));
  g_assert_cmpstr (_cpis_json_object_get_string (root, "s"), ==, "  spaced  ");
  trimmed = _cpis_json_object_dup_trimmed (root, "s");
  g_assert_cmpstr (trimmed, ==, "spaced");
  g_assert_null (_cpis_json_object_dup_trimmed (root, "blank"));

  g_assert_null (_cpis_json_object_get_object (root, "s"));
  g_assert_null (_cpis_json_object_get_object (root, "nul"));
  g_assert_null (_cpis_json_object_get_array (root, "o"));
  g_assert_nonnull (_cpis_json_object_get_array (_cpis_json_object_get_object (root, "o"), "a"));
  g_assert_null (_cpis_json_array_get_object (_cpis_json_object_get_array (_cpis_json_object_get_object (root, "o"), "a"), 0));
  g_assert_nonnull (_cpis_json_array_get_object (_cpis_json_object_get_array (_cpis_json_object_get_object (root, "o"), "a"), 1));
  g_assert_null (_cpis_json_array_get_object (_cpis_json_object_get_array (_cpis_json_object_get_object (root, "o"), "a"), 2));
  g_assert_null (_cpis_json_object_get_string (_cpis_json_object_get_object (root, "missing"), "x"));
  g_assert_cmpuint (_cpis_json_array_get_length (NULL), ==, 0);

  g_assert_true (_cpis_json_system_equal ("http://fhir.nhs.uk/Id/nhs-number", CPIS_NHS_NUMBER_SYSTEM));
  g_assert_true (_cpis_json_system_equal ("HTTPS://FHIR.NHS.UK/ID/NHS-NUMBER ", CPIS_NHS_NUMBER_SYSTEM));
  g_assert_true (_cpis_json_system_equal ("https://fhir.nhs.uk/id/nhs-number", CPIS_NHS_NUMBER_SYSTEM));
  g_assert_false (_cpis_json_system_equal ("https://fhir.nhs.uk/Id/nhs-number-old", CPIS_NHS_NUMBER_SYSTEM));
  g_assert_false (_cpis_json_system_equal ("ftp://fhir.nhs.uk/Id/nhs-number", CPIS_NHS_NUMBER_SYSTEM));
  g_assert_false (_cpis_json_system_equal (NULL, CPIS_NHS_NUMBER_SYSTEM));
  g_assert_false (_cpis_json_system_equal ("", ""));
}

/* Rejections ------------------------------------------------------------- */

static void
test_reject_not_json (void)
{
  const char *bodies[] = { "", "   ", "not json", "{", "{'resourceType':'Bundle',}", "<Bundle/>",
                           "{'resourceType':'Bundle'} trailing" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CpisOperationOutcome) outcome = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *body = json (bodies[i]);

      plans = cpis_fhir_decode_care_team_bundle (body, -1, NULL, &error);
      g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON);
      g_assert_null (plans);
      g_clear_error (&error);

      events = cpis_fhir_decode_audit_event_bundle (body, -1, NULL, &error);
      g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON);
      g_assert_null (events);
      g_clear_error (&error);

      outcome = cpis_fhir_decode_operation_outcome (body, -1, &error);
      g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON);
      g_assert_null (outcome);
      g_clear_error (&error);
    }

  /* No body at all; invalid UTF-8; a NUL inside the given length */
  plans = cpis_fhir_decode_care_team_bundle (NULL, -1, NULL, &error);
  g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON);
  g_clear_error (&error);
  plans = cpis_fhir_decode_care_team_bundle ("{\"resourceType\":\"Bund\xff\"}", -1, NULL, &error);
  g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON);
  g_clear_error (&error);
  plans = cpis_fhir_decode_care_team_bundle ("{}\0{}", 5, NULL, &error);
  g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON);
  g_clear_error (&error);

  /* A length shorter than the text: only that much is read */
  plans = cpis_fhir_decode_care_team_bundle (EMPTY_SEARCHSET "xyz", strlen (EMPTY_SEARCHSET), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plans);
}

static void
test_reject_wrong_resource (void)
{
  const char *plan_bodies[] = {
    "[]",
    "[{'resourceType':'Bundle','type':'searchset'}]",
    "42",
    "'Bundle'",
    "null",
    "{}",
    "{'resourceType':'bundle','type':'searchset'}",
    "{'resourceType':['Bundle'],'type':'searchset'}",
    "{'resourceType':'OperationOutcome','issue':[{'severity':'error','code':'forbidden'}]}",
    "{'resourceType':'Bundle','type':'transaction','entry':[]}",
    "{'resourceType':'Bundle','type':'transaction-response'}",
    "{'resourceType':'Bundle'}",
    "{'resourceType':'Bundle','type':7}",
    /* A match entry that is not a CareTeam */
    "{'resourceType':'Bundle','type':'searchset','entry':[{'resource':{'resourceType':'AuditEvent',"
    "'recorded':'2024-01-01T00:00:00Z'},'search':{'mode':'match'}}]}",
    "{'resourceType':'Bundle','type':'searchset','entry':[{'resource':{'id':'no-type'}}]}",
  };
  const char *event_bodies[] = {
    "[]",
    "{'resourceType':'OperationOutcome','issue':[]}",
    "{'resourceType':'Bundle','type':'batch'}",
    /* A CareTeam bundle given as an access history */
    CARE_TEAM_BUNDLE ("{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_A "'}}}"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (plan_bodies); i++)
    assert_plans_error (plan_bodies[i], CPIS_FHIR_ERROR_WRONG_RESOURCE);

  for (guint i = 0; i < G_N_ELEMENTS (event_bodies); i++)
    assert_events_error (event_bodies[i], CPIS_FHIR_ERROR_WRONG_RESOURCE);
}

static void
test_reject_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisOperationOutcome) outcome = NULL;
  g_autofree char *body = NULL;

  /* "entry" of the wrong type must not read as "no record found" */
  assert_plans_error ("{'resourceType':'Bundle','type':'searchset','total':1,'entry':{}}", CPIS_FHIR_ERROR_INVALID);
  assert_plans_error ("{'resourceType':'Bundle','type':'searchset','entry':'x'}", CPIS_FHIR_ERROR_INVALID);
  assert_plans_error ("{'resourceType':'Bundle','type':'searchset','entry':[1]}", CPIS_FHIR_ERROR_INVALID);
  assert_plans_error ("{'resourceType':'Bundle','type':'searchset','entry':[{'resource':'x'}]}", CPIS_FHIR_ERROR_INVALID);
  assert_plans_error ("{'resourceType':'Bundle','type':'searchset','entry':[{'fullUrl':'x','search':{'mode':'match'}}]}",
                      CPIS_FHIR_ERROR_INVALID);
  assert_events_error ("{'resourceType':'Bundle','type':'searchset','entry':{}}", CPIS_FHIR_ERROR_INVALID);
  /* A total with nothing behind it */
  assert_plans_error ("{'resourceType':'Bundle','type':'searchset','total':2}", CPIS_FHIR_ERROR_INVALID);
  assert_events_error ("{'resourceType':'Bundle','type':'searchset','total':'1','entry':[]}", CPIS_FHIR_ERROR_INVALID);

  /* A CareTeam with no subject NHS number, or one of another system only, or not ten digits */
  assert_plans_error (CARE_TEAM_BUNDLE ("{'resourceType':'CareTeam','name':'Leeds'}"), CPIS_FHIR_ERROR_INVALID);
  assert_plans_error (CARE_TEAM_BUNDLE ("{'resourceType':'CareTeam','subject':'" CHILD_A "'}"), CPIS_FHIR_ERROR_INVALID);
  assert_plans_error (CARE_TEAM_BUNDLE ("{'resourceType':'CareTeam','subject':{'identifier':"
                                        "{'system':'https://example.org/local-id','value':'" CHILD_A "'}}}"),
                      CPIS_FHIR_ERROR_INVALID);
  assert_plans_error (CARE_TEAM_BUNDLE ("{'resourceType':'CareTeam','subject':{'identifier':{'value':'99900100'}}}"),
                      CPIS_FHIR_ERROR_INVALID);
  assert_plans_error (CARE_TEAM_BUNDLE ("{'resourceType':'CareTeam','subject':{'identifier':{'value':9990010005}}}"),
                      CPIS_FHIR_ERROR_INVALID);
  /* Unreadable dates */
  assert_plans_error (CARE_TEAM_BUNDLE ("{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_A "'}},"
                                        "'period':{'start':'2024-01-01','end':'soon'}}"),
                      CPIS_FHIR_ERROR_INVALID);
  assert_plans_error (CARE_TEAM_BUNDLE ("{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_A "'}},"
                                        "'period':{'start':'2023-02-30'}}"),
                      CPIS_FHIR_ERROR_INVALID);
  assert_plans_error (CARE_TEAM_BUNDLE ("{'resourceType':'CareTeam','subject':{'identifier':{'value':'" CHILD_A "'}},"
                                        "'extension':[{'url':'" CPIS_DUE_DATE_EXTENSION_URL "','valueDate':'06/15/2024'}]}"),
                      CPIS_FHIR_ERROR_INVALID);

  /* An AuditEvent without a readable time */
  assert_events_error ("{'resourceType':'Bundle','type':'searchset','entry':[{'resource':{'resourceType':'AuditEvent'}}]}",
                       CPIS_FHIR_ERROR_INVALID);
  assert_events_error ("{'resourceType':'Bundle','type':'searchset','entry':[{'resource':"
                       "{'resourceType':'AuditEvent','recorded':42}}]}",
                       CPIS_FHIR_ERROR_INVALID);
  assert_events_error ("{'resourceType':'Bundle','type':'searchset','entry':["
                       "{'resource':{'resourceType':'AuditEvent','recorded':'2024-01-01T00:00:00Z'}},"
                       "{'resource':{'resourceType':'AuditEvent','recorded':'yesterday'}}]}",
                       CPIS_FHIR_ERROR_INVALID);

  /* An OperationOutcome without an issue */
  body = json ("{'resourceType':'OperationOutcome','issue':[]}");
  outcome = cpis_fhir_decode_operation_outcome (body, -1, &error);
  g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID);
  g_assert_null (outcome);
}

static void
test_reject_deep_and_huge (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"x\":");
  g_autoptr(GString) many = g_string_new ("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[");
  g_autoptr(GString) long_display = g_string_new (NULL);
  g_autofree char *huge = NULL;
  g_autofree char *long_body = NULL;
  const gsize huge_size = 65 * 1024 * 1024;
  guint total = 0;

  /* Nested far beyond any FHIR resource: refused before json-glib recurses */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  plans = cpis_fhir_decode_care_team_bundle (deep->str, (gssize) deep->len, NULL, &error);
  g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON);
  g_assert_null (plans);
  g_clear_error (&error);

  /* Brackets inside strings do not count as nesting */
  g_string_truncate (deep, 0);
  g_string_append (deep, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0,\"x\":\"");
  for (guint i = 0; i < 10000; i++)
    g_string_append (deep, "[{\\\"");
  g_string_append (deep, "\"}");
  plans = cpis_fhir_decode_care_team_bundle (deep->str, -1, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 0);
  g_clear_pointer (&plans, g_ptr_array_unref);

  /* Larger than any response could be */
  huge = g_malloc (huge_size + 1);
  memset (huge, ' ', huge_size);
  huge[0] = '{';
  huge[huge_size - 1] = '}';
  huge[huge_size] = '\0';
  plans = cpis_fhir_decode_care_team_bundle (huge, (gssize) huge_size, NULL, &error);
  g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON);
  g_assert_null (plans);
  g_clear_error (&error);

  /* Well-formed but not a child's answer: thousands of plans are refused,
   * not drawn as thousands of cards */
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (many,
                            "%s{\"resource\":{\"resourceType\":\"CareTeam\",\"id\":\"ct-%u\","
                            "\"subject\":{\"identifier\":{\"value\":\"%s\"}}}}",
                            i > 0 ? "," : "", i, CHILD_A);
  g_string_append (many, "]}");
  plans = cpis_fhir_decode_care_team_bundle (many->str, -1, &total, &error);
  g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID);
  g_assert_null (plans);
  g_clear_error (&error);

  /* Large but legitimate: a very long display */

  for (guint i = 0; i < 200000; i++)
    g_string_append (long_display, "JONES ");
  long_body = g_strdup_printf ("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
                               "{\"resourceType\":\"CareTeam\",\"subject\":{\"identifier\":{\"value\":\"%s\"},"
                               "\"display\":\"%s\"}}}]}", CHILD_A, long_display->str);
  plans = cpis_fhir_decode_care_team_bundle (long_body, -1, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
  g_assert_cmpuint (strlen (cpis_plan_get_subject_name (g_ptr_array_index (plans, 0))), ==, long_display->len - 1);
}

static void
test_models_construct_only (void)
{
  g_autoptr(CpisPlan) plan = NULL;
  g_autoptr(CpisPractitionerRole) role = NULL;
  g_autoptr(CpisAccessEvent) event = NULL;
  g_autoptr(GDateTime) recorded = NULL;
  g_autoptr(CpisPractitionerRole) role_back = NULL;
  g_autofree char *nhs_number = NULL;
  GParamSpec *pspec;
  CpisPlanType type = CPIS_PLAN_TYPE_UNRECOGNISED;

  plan = make_plan ("p", CPIS_PLAN_TYPE_UCPP, MOTHER_C, " Chloe TESTER ", "Leeds", NULL,
                    NULL, "0113", "2024-01-01", NULL, "2024-07-01");
  g_object_get (plan, "plan-type", &type, "nhs-number", &nhs_number, NULL);
  g_assert_cmpint (type, ==, CPIS_PLAN_TYPE_UCPP);
  g_assert_cmpstr (nhs_number, ==, MOTHER_C);
  /* Models store what they are given: trimming is the codec's job */
  g_assert_cmpstr (cpis_plan_get_subject_name (plan), ==, " Chloe TESTER ");
  g_assert_true (cpis_plan_is_active (plan));

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (plan), "due-date");
  g_assert_nonnull (pspec);
  g_assert_true (pspec->flags & G_PARAM_CONSTRUCT_ONLY);
  g_assert_true (pspec->flags & G_PARAM_READABLE);

  role = make_role ("r", NULL, NULL, NULL, NULL, NULL, NULL);
  recorded = instant ("2024-01-01T10:00:00+05:30");
  event = g_object_new (CPIS_TYPE_ACCESS_EVENT, "recorded", recorded, "practitioner-role", role, NULL);
  /* Built with only the role object, the role id is the role's */
  g_assert_cmpstr (cpis_access_event_get_practitioner_role_id (event), ==, "r");
  g_assert_true (cpis_access_event_get_recorded (event) == recorded);
  g_object_get (event, "practitioner-role", &role_back, NULL);
  g_assert_true (role_back == role);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (event), "recorded");
  g_assert_true (pspec->value_type == G_TYPE_DATE_TIME);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (event), "practitioner-role");
  g_assert_true (pspec->value_type == CPIS_TYPE_PRACTITIONER_ROLE);
}

/* An OperationOutcome entry reporting an error inside a 200 searchset: the
 * search did not complete, and that must never read as "no record". */
static void
test_reject_outcome_entry (void)
{
  const char *bundles[] = {
    "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0,\"entry\":["
    "{\"resource\":{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"fatal\","
    "\"code\":\"exception\"}]},\"search\":{\"mode\":\"outcome\"}}]}",
    "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
    "{\"resource\":{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"warning\"},"
    "{\"severity\":\"error \",\"code\":\"timeout\"}]},\"search\":{\"mode\":\"outcome\"}}]}",
  };
  const char *warning_only =
    "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0,\"entry\":["
    "{\"resource\":{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"warning\","
    "\"code\":\"informational\"}]},\"search\":{\"mode\":\"outcome\"}}]}";
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) warning_error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bundles); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) history_error = NULL;
      g_autoptr(GPtrArray) decoded = NULL;
      g_autoptr(GPtrArray) events = NULL;

      decoded = cpis_fhir_decode_care_team_bundle (bundles[i], -1, NULL, &error);
      g_assert_null (decoded);
      g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID);
      events = cpis_fhir_decode_audit_event_bundle (bundles[i], -1, NULL, &history_error);
      g_assert_null (events);
      g_assert_error (history_error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID);
    }

  /* a warning alone does not change the meaning */
  plans = cpis_fhir_decode_care_team_bundle (warning_only, -1, NULL, &warning_error);
  g_assert_no_error (warning_error);
  g_assert_cmpuint (plans->len, ==, 0);
}

/* The LA's social workers and teams (cpis-fhir-directory.c): what the
 * hub writes is read back; what is not a list of owners is refused */
static void
test_directory_round_trip (void)
{
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) teams = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) decoded_roles = NULL;
  g_autoptr(GPtrArray) decoded_teams = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *roles_json = NULL;
  g_autofree char *teams_json = NULL;
  g_autofree char *teams_again = NULL;
  CpisPractitionerRole *role;
  guint total = 99;

  g_ptr_array_add (roles, g_object_new (CPIS_TYPE_PRACTITIONER_ROLE,
                                        "id", "1b2c3d4e-0000-4000-8000-000000000001",
                                        "practitioner-name", "Sam Patel",
                                        "organisation-name", "Riverside City Council",
                                        "organisation-code", "9A1",
                                        "job-role-code", "106328005",
                                        "job-role-display", "Social worker",
                                        "role-profile-id", "555021935107",
                                        NULL));
  g_ptr_array_add (teams, cpis_team_new ("9A1-duty", "Duty and assessment team"));
  g_ptr_array_add (teams, cpis_team_new ("9A1_cin", NULL));

  roles_json = cpis_fhir_encode_practitioner_role_bundle (roles, "http://127.0.0.1:1/cpis/FHIR/R4",
                                                          NULL, NULL);
  decoded_roles = cpis_fhir_decode_practitioner_role_bundle (roles_json, -1, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 1);
  role = g_ptr_array_index (decoded_roles, 0);
  g_assert_cmpstr (cpis_practitioner_role_get_id (role), ==, "1b2c3d4e-0000-4000-8000-000000000001");
  g_assert_cmpstr (cpis_practitioner_role_get_practitioner_name (role), ==, "Sam Patel");
  g_assert_cmpstr (cpis_practitioner_role_get_organisation_code (role), ==, "9A1");
  g_assert_cmpstr (cpis_practitioner_role_get_job_role_code (role), ==, "106328005");
  g_assert_cmpstr (cpis_practitioner_role_get_role_profile_id (role), ==, "555021935107");

  teams_json = cpis_fhir_encode_team_bundle (teams, "9A1", "Riverside City Council",
                                             "http://127.0.0.1:1/cpis/FHIR/R4", NULL, "b1");
  teams_again = cpis_fhir_encode_team_bundle (teams, "9A1", "Riverside City Council",
                                              "http://127.0.0.1:1/cpis/FHIR/R4", NULL, "b1");
  g_assert_cmpstr (teams_json, ==, teams_again);   /* the same ids every time */
  g_assert_null (strstr (teams_json, "\"id\":\"9A1_cin\""));
  decoded_teams = cpis_fhir_decode_team_bundle (teams_json, -1, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 2);
  g_assert_cmpstr (cpis_team_get_id (g_ptr_array_index (decoded_teams, 0)), ==, "9A1-duty");
  g_assert_cmpstr (cpis_team_get_name (g_ptr_array_index (decoded_teams, 0)), ==,
                   "Duty and assessment team");
  g_assert_cmpstr (cpis_team_get_id (g_ptr_array_index (decoded_teams, 1)), ==, "9A1_cin");
  g_assert_null (cpis_team_get_name (g_ptr_array_index (decoded_teams, 1)));

  /* none, said so */
  g_clear_pointer (&decoded_teams, g_ptr_array_unref);
  decoded_teams = cpis_fhir_decode_team_bundle ("{\"resourceType\":\"Bundle\",\"type\":\"searchset\","
                                                "\"total\":0}", -1, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded_teams->len, ==, 0);
}

static void
test_directory_reject (void)
{
  static const struct
  {
    gboolean    teams;
    const char *json;
    int         code;
  } cases[] = {
    /* a match of another type */
    { FALSE, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
             "{\"resourceType\":\"Practitioner\",\"id\":\"x\"}}]}",
      CPIS_FHIR_ERROR_WRONG_RESOURCE },
    { TRUE, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
            "{\"resourceType\":\"Group\",\"id\":\"x\"}}]}",
      CPIS_FHIR_ERROR_WRONG_RESOURCE },
    /* no id to refer to, no team identifier */
    { FALSE, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
             "{\"resourceType\":\"PractitionerRole\"}}]}",
      CPIS_FHIR_ERROR_INVALID },
    { TRUE, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
            "{\"resourceType\":\"Organization\",\"id\":\"x\",\"identifier\":[{\"system\":"
            "\"https://fhir.nhs.uk/Id/ods-organization-code\",\"value\":\"9A1\"}]}}]}",
      CPIS_FHIR_ERROR_INVALID },
    /* a total that contradicts the entries; none and no total */
    { TRUE, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":3}",
      CPIS_FHIR_ERROR_INVALID },
    { FALSE, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}", CPIS_FHIR_ERROR_INVALID },
    /* not a searchset */
    { FALSE, "{\"resourceType\":\"PractitionerRole\",\"id\":\"x\"}",
      CPIS_FHIR_ERROR_WRONG_RESOURCE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) decoded = NULL;

      decoded = cases[i].teams
                ? cpis_fhir_decode_team_bundle (cases[i].json, -1, NULL, &error)
                : cpis_fhir_decode_practitioner_role_bundle (cases[i].json, -1, NULL, &error);
      g_test_message ("case %u", i);
      g_assert_null (decoded);
      g_assert_error (error, CPIS_FHIR_ERROR, cases[i].code);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fhir-codec/examples/care-team", test_example_care_team);
  g_test_add_func ("/fhir-codec/examples/audit-event", test_example_audit_event);
  g_test_add_func ("/fhir-codec/examples/empty-bundle", test_example_empty_bundle);
  g_test_add_func ("/fhir-codec/examples/operation-outcome", test_example_operation_outcome);
  g_test_add_func ("/fhir-codec/examples/capability-statements", test_example_capability_statements);
  g_test_add_func ("/fhir-codec/examples/all-files-known", test_example_all_files_known);
  g_test_add_func ("/fhir-codec/round-trip/care-team", test_round_trip_care_team);
  g_test_add_func ("/fhir-codec/round-trip/care-team-empty", test_round_trip_care_team_empty);
  g_test_add_func ("/fhir-codec/round-trip/audit-events", test_round_trip_audit_events);
  g_test_add_func ("/fhir-codec/round-trip/operation-outcome", test_round_trip_operation_outcome);
  g_test_add_func ("/fhir-codec/encode/care-team-shape", test_encode_care_team_shape);
  g_test_add_func ("/fhir-codec/encode/audit-event-shape", test_encode_audit_event_shape);
  g_test_add_func ("/fhir-codec/tolerate/care-team-variants", test_tolerate_care_team_variants);
  g_test_add_func ("/fhir-codec/tolerate/total", test_tolerate_total);
  g_test_add_func ("/fhir-codec/reject/no-record-only-when-said", test_no_record_only_when_said);
  g_test_add_func ("/fhir-codec/reject/too-many-plans", test_too_many_plans);
  g_test_add_func ("/fhir-codec/tolerate/audit-event-variants", test_tolerate_audit_event_variants);
  g_test_add_func ("/fhir-codec/tolerate/json-helpers", test_tolerate_json_helpers);
  g_test_add_func ("/fhir-codec/reject/not-json", test_reject_not_json);
  g_test_add_func ("/fhir-codec/reject/wrong-resource", test_reject_wrong_resource);
  g_test_add_func ("/fhir-codec/reject/invalid", test_reject_invalid);
  g_test_add_func ("/fhir-codec/reject/outcome-entry", test_reject_outcome_entry);
  g_test_add_func ("/fhir-codec/reject/deep-and-huge", test_reject_deep_and_huge);
  g_test_add_func ("/fhir-codec/models/construct-only", test_models_construct_only);
  g_test_add_func ("/fhir-codec/directory/round-trip", test_directory_round_trip);
  g_test_add_func ("/fhir-codec/directory/reject", test_directory_reject);

  return g_test_run ();
}
