/* test-hub-pds.c: the hub's demographics, in the shape of the PDS FHIR API,
 * over real loopback HTTP
 *
 * Read and search, restricted and superseded records, every refusal, the
 * X-Request-ID rules, the role matrix, and that nothing is ever recorded as
 * a CP-IS access. NHS England's own PDS examples (read in place from
 * $CPIS_PDS_EXAMPLES_DIR) fix the shape of the codings and the errors. Every
 * patient is synthetic: NHS numbers in the 999 range with valid check digits.
 */
#include <string.h>

#include "cpis-hub-server.h"
#include "cpis-nhs-number.h"
#include "cpis-test-hub.h"

#define PASSWORD "correct horse battery"
#define PDS_ERROR_SYSTEM "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode"
#define HUB_ERROR_SYSTEM "https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode"
#define CONFIDENTIALITY_SYSTEM "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"

typedef struct
{
  CpisTestHub *hub;
  char        *nurse;  /* tokens */
  char        *gp;
  char        *social_worker;
  char        *partnership;
  char        *admin;
} Fixture;

/* The @serial-th valid NHS number from 999 000 000x on (serial from 0) */
static char *
nhs_number (guint serial)
{
  guint seen = 0;

  for (guint nine = 0; nine < 1000000; nine++)
    {
      g_autofree char *digits = g_strdup_printf ("999%06u", nine);
      int check = cpis_nhs_number_check_digit (digits);

      if (check >= 0 && seen++ == serial)
        return g_strdup_printf ("%s%d", digits, check);
    }

  g_assert_not_reached ();
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->hub = cpis_test_hub_new ();

  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_org (fixture->hub, "GP1", "Riverside Surgery", "scheduled-care", "North");

  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_user (fixture->hub, "gp", PASSWORD, "clinician", "GP1");
  cpis_test_hub_add_user (fixture->hub, "sw", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "officer", PASSWORD, "partnership-officer", "LA1");
  cpis_test_hub_add_user (fixture->hub, "admin", PASSWORD, "administrator", "LA1");

  cpis_test_hub_set_today (fixture->hub, "2025-06-15");

  fixture->nurse = cpis_test_hub_sign_in (fixture->hub, "nurse", PASSWORD);
  fixture->gp = cpis_test_hub_sign_in (fixture->hub, "gp", PASSWORD);
  fixture->social_worker = cpis_test_hub_sign_in (fixture->hub, "sw", PASSWORD);
  fixture->partnership = cpis_test_hub_sign_in (fixture->hub, "officer", PASSWORD);
  fixture->admin = cpis_test_hub_sign_in (fixture->hub, "admin", PASSWORD);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->nurse);
  g_free (fixture->gp);
  g_free (fixture->social_worker);
  g_free (fixture->partnership);
  g_free (fixture->admin);
  cpis_test_hub_free (fixture->hub);
}

static void
put_patient (Fixture    *fixture,
             const char *nhs,
             const char *family,
             const char *given,
             const char *gender,
             const char *date_of_birth,
             const char *postcode,
             gboolean    restricted,
             const char *superseded_by)
{
  g_autoptr(GError) error = NULL;
  CpisHubPatient patient = {
    .nhs_number = (char *) nhs,
    .family_name = (char *) family,
    .given_name = (char *) given,
    .gender = (char *) gender,
    .date_of_birth = (char *) date_of_birth,
    .postcode = (char *) postcode,
    .restricted = restricted,
    .superseded_by = (char *) superseded_by,
  };

  g_assert_true (cpis_hub_store_put_patient (cpis_test_hub_get_store (fixture->hub), &patient,
                                             &error));
  g_assert_no_error (error);
}

/* GET [pds]@path with a fresh X-Request-ID */
static CpisTestResponse *
pds_get (Fixture    *fixture,
         const char *token,
         const char *path)
{
  g_autofree char *full_path = g_strconcat (CPIS_HUB_PDS_BASE_PATH, path, NULL);
  g_autofree char *request_id = g_uuid_string_random ();

  return cpis_test_hub_request (fixture->hub, "GET", full_path, token, NULL, NULL,
                                "X-Request-ID", request_id, NULL);
}

static CpisTestResponse *
pds_read (Fixture    *fixture,
          const char *token,
          const char *nhs)
{
  g_autofree char *path = g_strdup_printf ("/Patient/%s", nhs);

  return pds_get (fixture, token, path);
}

/* The query is given as name, value pairs ended by NULL, each escaped */
static CpisTestResponse *
pds_search (Fixture    *fixture,
            const char *token,
            ...)
{
  g_autoptr(GString) path = g_string_new ("/Patient?");
  const char *name;
  va_list args;

  va_start (args, token);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

      g_string_append_printf (path, "%s%s=%s", path->str[path->len - 1] == '?' ? "" : "&",
                              name, escaped);
    }
  va_end (args);

  return pds_get (fixture, token, path->str);
}

/* The Patient of a 200 answer (asserts it is one) */
static JsonNode *
patient_of (CpisTestResponse *response)
{
  JsonNode *root;
  JsonObject *patient;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/fhir+json");
  root = cpis_test_response_json (response);
  patient = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (patient, "resourceType"), ==, "Patient");
  return root;
}

/* The searchset Bundle of a 200 answer (asserts it is one) */
static JsonNode *
bundle_of (CpisTestResponse *response)
{
  JsonNode *root;
  JsonObject *bundle;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/fhir+json");
  root = cpis_test_response_json (response);
  bundle = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (bundle, "resourceType"), ==, "Bundle");
  g_assert_cmpstr (json_object_get_string_member (bundle, "type"), ==, "searchset");
  return root;
}

static JsonObject *
first_object (JsonObject *object,
              const char *member)
{
  JsonArray *array = json_object_get_array_member (object, member);

  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), >=, 1);
  return json_array_get_object_element (array, 0);
}

static JsonObject *
security_coding (JsonObject *patient)
{
  return first_object (json_object_get_object_member (patient, "meta"), "security");
}

static const char *
entry_id (JsonObject *bundle,
          guint       index)
{
  JsonArray *entries = json_object_get_array_member (bundle, "entry");
  JsonObject *entry = json_array_get_object_element (entries, index);

  return json_object_get_string_member (json_object_get_object_member (entry, "resource"), "id");
}

/* Asserts an OperationOutcome in PDS's code system */
static void
assert_pds_outcome (CpisTestResponse *response,
                    guint             status,
                    const char       *severity,
                    const char       *issue_code,
                    const char       *details_code)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *outcome, *issue, *coding;

  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/fhir+json");
  root = cpis_test_response_json (response);
  outcome = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (outcome, "resourceType"), ==, "OperationOutcome");
  issue = first_object (outcome, "issue");
  g_assert_cmpstr (json_object_get_string_member (issue, "severity"), ==, severity);
  g_assert_cmpstr (json_object_get_string_member (issue, "code"), ==, issue_code);
  coding = first_object (json_object_get_object_member (issue, "details"), "coding");
  g_assert_cmpstr (json_object_get_string_member (coding, "system"), ==, PDS_ERROR_SYSTEM);
  g_assert_cmpstr (json_object_get_string_member (coding, "code"), ==, details_code);
}

/* A refusal with a sentence for the user in diagnostics */
static void
assert_refused (CpisTestResponse *response,
                const char       *details_code)
{
  g_autoptr(JsonNode) root = NULL;
  const char *diagnostics;

  assert_pds_outcome (response, 400, "error",
                      g_str_equal (details_code, "MISSING_VALUE") ? "structure" : "value",
                      details_code);
  root = cpis_test_response_json (response);
  diagnostics = json_object_get_string_member (first_object (json_node_get_object (root), "issue"),
                                               "diagnostics");
  g_assert_nonnull (diagnostics);
  g_assert_cmpuint (strlen (diagnostics), >, 10);
  g_assert_true (g_str_has_suffix (diagnostics, "."));
}

/* NHS England's PDS example @name, parsed */
static JsonNode *
load_example (const char *name)
{
  const char *dir = g_getenv ("CPIS_PDS_EXAMPLES_DIR");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, name, NULL);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

/* Asserts that the coding @member of @ours has the example's system, code and display */
static void
assert_same_coding (JsonObject *ours,
                    JsonObject *example)
{
  const char *members[] = { "system", "code", "display" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_assert_cmpstr (json_object_get_string_member (ours, members[i]), ==,
                     json_object_get_string_member (example, members[i]));
}

/* Asserts that @response's issue is the example's: severity, code and coding */
static void
assert_outcome_like_example (CpisTestResponse *response,
                             const char       *example_name)
{
  g_autoptr(JsonNode) ours = cpis_test_response_json (response);
  g_autoptr(JsonNode) example = load_example (example_name);
  JsonObject *our_issue = first_object (json_node_get_object (ours), "issue");
  JsonObject *example_issue = first_object (json_node_get_object (example), "issue");

  g_assert_cmpstr (json_object_get_string_member (our_issue, "severity"), ==,
                   json_object_get_string_member (example_issue, "severity"));
  g_assert_cmpstr (json_object_get_string_member (our_issue, "code"), ==,
                   json_object_get_string_member (example_issue, "code"));
  assert_same_coding (first_object (json_object_get_object_member (our_issue, "details"), "coding"),
                      first_object (json_object_get_object_member (example_issue, "details"),
                                    "coding"));
}

/* Read */

static void
test_read_found (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *nhs = nhs_number (11);
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) example = load_example ("patient-read.json");
  JsonObject *patient, *identifier, *name, *address;
  JsonArray *given;

  put_patient (fixture, nhs, "Okafor", "Amara", "female", "2016-02-29", "QN1 2AB", FALSE, NULL);

  response = pds_read (fixture, fixture->nurse, nhs);
  root = patient_of (response);
  patient = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (patient, "id"), ==, nhs);

  identifier = first_object (patient, "identifier");
  g_assert_cmpstr (json_object_get_string_member (identifier, "system"), ==,
                   "https://fhir.nhs.uk/Id/nhs-number");
  g_assert_cmpstr (json_object_get_string_member (identifier, "value"), ==, nhs);

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (patient, "meta"),
                                                  "versionId"), ==, "1");
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "ETag"), ==, "W/\"1\"");
  /* the unrestricted coding exactly as NHS England's example has it */
  assert_same_coding (security_coding (patient), security_coding (json_node_get_object (example)));
  g_assert_cmpstr (json_object_get_string_member (security_coding (patient), "code"), ==, "U");

  name = first_object (patient, "name");
  g_assert_cmpstr (json_object_get_string_member (name, "use"), ==, "usual");
  g_assert_cmpstr (json_object_get_string_member (name, "family"), ==, "Okafor");
  given = json_object_get_array_member (name, "given");
  g_assert_cmpuint (json_array_get_length (given), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (given, 0), ==, "Amara");

  g_assert_cmpstr (json_object_get_string_member (patient, "gender"), ==, "female");
  g_assert_cmpstr (json_object_get_string_member (patient, "birthDate"), ==, "2016-02-29");

  address = first_object (patient, "address");
  g_assert_cmpstr (json_object_get_string_member (address, "use"), ==, "home");
  g_assert_cmpstr (json_object_get_string_member (address, "postalCode"), ==, "QN1 2AB");
}

static void
test_read_version (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *nhs = nhs_number (12);
  g_autoptr(CpisTestResponse) before = NULL;
  g_autoptr(CpisTestResponse) after = NULL;
  g_autoptr(JsonNode) before_root = NULL;
  g_autoptr(JsonNode) after_root = NULL;

  put_patient (fixture, nhs, "Nowak", "Tomasz", "male", "2012-07-01", "QE1 1AA", FALSE, NULL);
  before = pds_read (fixture, fixture->gp, nhs);
  before_root = patient_of (before);

  put_patient (fixture, nhs, "Nowak", "Tomasz", "male", "2012-07-01", "QE9 9ZZ", FALSE, NULL);
  after = pds_read (fixture, fixture->gp, nhs);
  after_root = patient_of (after);

  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_node_get_object (before_root), "meta"),
                     "versionId"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_node_get_object (after_root), "meta"),
                     "versionId"), ==, "2");
  g_assert_cmpstr (json_object_get_string_member (
                     first_object (json_node_get_object (after_root), "address"), "postalCode"),
                   ==, "QE9 9ZZ");
}

static void
test_read_restricted (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *nhs = nhs_number (13);
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) example = load_example ("patient-read-restricted.json");
  JsonObject *patient;

  put_patient (fixture, nhs, "Mensah", "Kofi", "male", "2014-03-03", "QW4 5XY", TRUE, NULL);

  response = pds_read (fixture, fixture->nurse, nhs);
  root = patient_of (response);
  patient = json_node_get_object (root);

  assert_same_coding (security_coding (patient), security_coding (json_node_get_object (example)));
  g_assert_cmpstr (json_object_get_string_member (security_coding (patient), "code"), ==, "R");
  g_assert_false (json_object_has_member (patient, "address"));
  g_assert_false (json_object_has_member (patient, "telecom"));
  g_assert_false (json_object_has_member (patient, "generalPractitioner"));

  /* who the child is stays: that is what a clinician confirms */
  g_assert_cmpstr (json_object_get_string_member (patient, "id"), ==, nhs);
  g_assert_cmpstr (json_object_get_string_member (first_object (patient, "name"), "family"), ==,
                   "Mensah");
  g_assert_cmpstr (json_object_get_string_member (patient, "birthDate"), ==, "2014-03-03");
}

static void
test_read_superseded (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *current = nhs_number (21);
  g_autofree char *old = nhs_number (22);
  g_autofree char *oldest = nhs_number (23);
  const char *asked[] = { old, oldest };

  put_patient (fixture, current, "Begum", "Aisha", "female", "2013-09-09", "QN3 3CC", FALSE, NULL);
  put_patient (fixture, old, "Begum", "Aisha", "female", "2013-09-09", NULL, FALSE, current);
  put_patient (fixture, oldest, "Ahmed", "Aisha", "female", "2013-09-09", NULL, FALSE, old);

  for (guint i = 0; i < G_N_ELEMENTS (asked); i++)
    {
      g_autoptr(CpisTestResponse) response = pds_read (fixture, fixture->nurse, asked[i]);
      g_autoptr(JsonNode) root = patient_of (response);
      JsonObject *patient = json_node_get_object (root);

      /* the current record: its id is not the number asked for */
      g_assert_cmpstr (json_object_get_string_member (patient, "id"), !=, asked[i]);
      g_assert_cmpstr (json_object_get_string_member (patient, "id"), ==, current);
      g_assert_cmpstr (json_object_get_string_member (first_object (patient, "identifier"), "value"),
                       ==, current);
      g_assert_cmpstr (json_object_get_string_member (first_object (patient, "name"), "family"), ==,
                       "Begum");
    }
}

static void
test_read_not_found (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *nobody = nhs_number (31);
  g_autofree char *dangling = nhs_number (32);
  g_autofree char *gone = nhs_number (33);
  const char *numbers[] = { nobody, dangling };

  /* superseded by a number that has no record: no current record either */
  put_patient (fixture, dangling, "Hall", "Ivy", "female", "2018-01-01", NULL, FALSE, gone);

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr(CpisTestResponse) response = pds_read (fixture, fixture->nurse, numbers[i]);

      assert_pds_outcome (response, 404, "information", "not-found", "RESOURCE_NOT_FOUND");
      assert_outcome_like_example (response, "error-resource-not-found.json");
    }
}

static void
test_read_invalid_number (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *valid = nhs_number (41);
  g_autofree char *bad_check = g_strdup (valid);
  g_autofree char *spaced = g_strdup_printf ("%.3s%%20%.3s%%20%s", valid, valid + 3, valid + 6);
  g_autofree char *dashed = g_strdup_printf ("%.3s-%.3s-%s", valid, valid + 3, valid + 6);
  g_autofree char *short_number = g_strndup (valid, 9);
  g_autofree char *long_number = g_strconcat (valid, "1", NULL);
  const char *bad[] = { bad_check, spaced, dashed, short_number, long_number, "99912345AB",
                        "9990000000" /* check digit 10 */ };

  put_patient (fixture, valid, "Ward", "Leo", "male", "2017-05-05", NULL, FALSE, NULL);
  bad_check[9] = bad_check[9] == '9' ? '0' : bad_check[9] + 1;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(CpisTestResponse) response = pds_read (fixture, fixture->nurse, bad[i]);

      assert_pds_outcome (response, 400, "error", "value", "INVALID_RESOURCE_ID");
      assert_outcome_like_example (response, "error-invalid-resource-id.json");
    }

  /* the valid one is there: the refusals are about the numbers */
  {
    g_autoptr(CpisTestResponse) response = pds_read (fixture, fixture->nurse, valid);
    g_autoptr(JsonNode) root = patient_of (response);
  }
}

static void
test_read_paths (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *nhs = nhs_number (42);
  g_autofree char *slash = g_strdup_printf ("/Patient/%s/", nhs);
  g_autofree char *extra = g_strdup_printf ("/Patient/%s/x", nhs);
  g_autoptr(CpisTestResponse) with_slash = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *not_found[] = { "/Patient//", "/Patient/%s/x", "/Person", "", "/" };

  put_patient (fixture, nhs, "Shaw", "Evie", "female", "2019-12-12", NULL, FALSE, NULL);

  /* a trailing slash names the same resource, as on every route */
  with_slash = pds_get (fixture, fixture->nurse, slash);
  root = patient_of (with_slash);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "id"), ==, nhs);

  for (guint i = 0; i < G_N_ELEMENTS (not_found); i++)
    {
      g_autoptr(CpisTestResponse) response = NULL;

      response = pds_get (fixture, fixture->nurse, i == 1 ? extra : not_found[i]);
      cpis_test_assert_outcome (response, 404, "NOT_FOUND");
    }
}

static void
test_methods (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *nhs = nhs_number (43);
  g_autofree char *read_path = g_strdup_printf (CPIS_HUB_PDS_BASE_PATH "/Patient/%s", nhs);
  const char *methods[] = { "POST", "PUT", "PATCH", "DELETE" };
  const char *paths[] = { read_path, CPIS_HUB_PDS_BASE_PATH "/Patient" };

  put_patient (fixture, nhs, "Shaw", "Evie", "female", "2019-12-12", NULL, FALSE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    for (guint j = 0; j < G_N_ELEMENTS (paths); j++)
      {
        g_autoptr(CpisTestResponse) response = NULL;

        response = cpis_test_hub_request (fixture->hub, methods[i], paths[j], fixture->nurse,
                                          NULL, NULL, NULL);
        cpis_test_assert_outcome (response, 405, "METHOD_NOT_ALLOWED");
        g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Allow"), ==, "GET");
      }
}

/* Search */

static void
test_search_single (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *nhs = nhs_number (51);
  g_autofree char *other = nhs_number (52);
  g_autofree char *full_url = NULL;
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *bundle, *entry, *resource;

  put_patient (fixture, nhs, "Fletcher", "Rosie", "female", "2015-10-22", "QN7 7AB", FALSE, NULL);
  /* the same name and gender, another birth date */
  put_patient (fixture, other, "Fletcher", "Rosie", "female", "2015-10-23", "QN7 7AB", FALSE, NULL);

  response = pds_search (fixture, fixture->nurse,
                         "family", "Fletcher", "gender", "female", "birthdate", "eq2015-10-22",
                         NULL);
  root = bundle_of (response);
  bundle = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (bundle, "total"), ==, 1);
  g_assert_nonnull (json_object_get_string_member (bundle, "timestamp"));

  entry = first_object (bundle, "entry");
  full_url = g_strdup_printf ("%s" CPIS_HUB_PDS_BASE_PATH "/Patient/%s",
                              cpis_test_hub_get_origin (fixture->hub), nhs);
  g_assert_cmpstr (json_object_get_string_member (entry, "fullUrl"), ==, full_url);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (entry, "search"),
                                               "score"), ==, 1);

  resource = json_object_get_object_member (entry, "resource");
  g_assert_cmpstr (json_object_get_string_member (resource, "resourceType"), ==, "Patient");
  g_assert_cmpstr (json_object_get_string_member (resource, "id"), ==, nhs);
  g_assert_cmpstr (json_object_get_string_member (resource, "birthDate"), ==, "2015-10-22");
  g_assert_cmpstr (json_object_get_string_member (security_coding (resource), "code"), ==, "U");
  g_assert_cmpstr (json_object_get_string_member (first_object (resource, "address"),
                                                  "postalCode"), ==, "QN7 7AB");

  /* without "eq", the same */
  {
    g_autoptr(CpisTestResponse) plain = NULL;
    g_autoptr(JsonNode) plain_root = NULL;

    plain = pds_search (fixture, fixture->nurse,
                        "family", "Fletcher", "gender", "female", "birthdate", "2015-10-22", NULL);
    plain_root = bundle_of (plain);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (plain_root), "total"), ==, 1);
    g_assert_cmpstr (entry_id (json_node_get_object (plain_root), 0), ==, nhs);
  }
}

static void
test_search_none (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *nhs = nhs_number (53);
  const char *queries[][2] = {
    { "Fletch", "female" },   /* exact: no prefix */
    { "Fletcher", "male" },   /* the gender must agree */
    { "Fletcherr", "female" },
  };

  put_patient (fixture, nhs, "Fletcher", "Rosie", "female", "2015-10-22", NULL, FALSE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(CpisTestResponse) response = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonObject *bundle;

      response = pds_search (fixture, fixture->nurse, "family", queries[i][0],
                             "gender", queries[i][1], "birthdate", "eq2015-10-22", NULL);
      root = bundle_of (response);
      bundle = json_node_get_object (root);
      g_assert_cmpint (json_object_get_int_member (bundle, "total"), ==, 0);
      g_assert_false (json_object_has_member (bundle, "entry"));
    }
}

static void
test_search_several (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *first = nhs_number (61);
  g_autofree char *second = nhs_number (62);
  g_autofree char *third = nhs_number (63);
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *bundle;

  /* stored out of order: answered by NHS number */
  put_patient (fixture, third, "Khan", "Zara", "female", "2020-01-01", "QE1 1AA", FALSE, NULL);
  put_patient (fixture, first, "Khan", "Maya", "female", "2020-01-01", "QE1 1AA", FALSE, NULL);
  put_patient (fixture, second, "Khan", "Leah", "female", "2020-01-01", "QE2 2BB", FALSE, NULL);

  response = pds_search (fixture, fixture->social_worker,
                         "family", "Khan", "gender", "female", "birthdate", "eq2020-01-01", NULL);
  root = bundle_of (response);
  bundle = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (bundle, "total"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (bundle, "entry")), ==, 3);
  g_assert_cmpstr (entry_id (bundle, 0), ==, first);
  g_assert_cmpstr (entry_id (bundle, 1), ==, second);
  g_assert_cmpstr (entry_id (bundle, 2), ==, third);
}

/* 200 with PDS's TOO_MANY_MATCHES outcome, never a list */
static void
assert_too_many (CpisTestResponse *response)
{
  g_autoptr(JsonNode) root = NULL;

  assert_pds_outcome (response, 200, "information", "multiple-matches", "TOO_MANY_MATCHES");
  assert_outcome_like_example (response, "search-too-many-matches.json");
  root = cpis_test_response_json (response);
  g_assert_false (json_object_has_member (json_node_get_object (root), "entry"));
}

static void
test_search_too_many (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CpisTestResponse) limited = NULL;
  g_autoptr(CpisTestResponse) exactly = NULL;
  g_autoptr(CpisTestResponse) fifty = NULL;
  g_autoptr(CpisTestResponse) fifty_one = NULL;
  g_autoptr(JsonNode) exactly_root = NULL;
  g_autoptr(JsonNode) fifty_root = NULL;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *nhs = nhs_number (100 + i);

      put_patient (fixture, nhs, "Smith", "Jack", "male", "2011-11-11", "QN1 1AA", FALSE, NULL);
    }

  /* _max-results 3, with 50 matches */
  limited = pds_search (fixture, fixture->nurse, "family", "Smith", "gender", "male",
                        "birthdate", "eq2011-11-11", "_max-results", "3", NULL);
  assert_too_many (limited);

  /* as many as asked for: the list */
  exactly = pds_search (fixture, fixture->nurse, "family", "Smith", "gender", "male",
                        "birthdate", "eq2011-11-11", "_max-results", "50", NULL);
  exactly_root = bundle_of (exactly);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (exactly_root), "total"), ==, 50);

  /* by default at most 50 */
  fifty = pds_search (fixture, fixture->nurse, "family", "Smith", "gender", "male",
                      "birthdate", "eq2011-11-11", NULL);
  fifty_root = bundle_of (fifty);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (fifty_root), "total"), ==, 50);

  {
    g_autofree char *nhs = nhs_number (150);

    put_patient (fixture, nhs, "Smith", "Jack", "male", "2011-11-11", "QN1 1AA", FALSE, NULL);
  }
  fifty_one = pds_search (fixture, fixture->nurse, "family", "Smith", "gender", "male",
                          "birthdate", "eq2011-11-11", NULL);
  assert_too_many (fifty_one);
}

static void
test_search_max_results (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *bad[] = { "0", "51", "-1", "abc", "1.5", "20x", "999999999999999999999" };
  g_autofree char *nhs = nhs_number (71);
  g_autoptr(CpisTestResponse) one = NULL;
  g_autoptr(JsonNode) root = NULL;

  put_patient (fixture, nhs, "Price", "Ruby", "female", "2010-10-10", NULL, FALSE, NULL);

  one = pds_search (fixture, fixture->nurse, "family", "Price", "gender", "female",
                    "birthdate", "eq2010-10-10", "_max-results", "1", NULL);
  root = bundle_of (one);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total"), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(CpisTestResponse) response = NULL;

      response = pds_search (fixture, fixture->nurse, "family", "Price", "gender", "female",
                             "birthdate", "eq2010-10-10", "_max-results", bad[i], NULL);
      assert_refused (response, "INVALID_VALUE");
    }
}

static void
test_search_missing_required (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CpisTestResponse) nothing = NULL;
  g_autoptr(CpisTestResponse) no_family = NULL;
  g_autoptr(CpisTestResponse) no_birthdate = NULL;
  g_autoptr(CpisTestResponse) empty_family = NULL;

  nothing = pds_get (fixture, fixture->nurse, "/Patient");
  assert_refused (nothing, "MISSING_VALUE");
  no_family = pds_search (fixture, fixture->nurse, "given", "Ruby", "gender", "female",
                          "birthdate", "eq2010-10-10", NULL);
  assert_refused (no_family, "MISSING_VALUE");
  no_birthdate = pds_search (fixture, fixture->nurse, "family", "Price", "gender", "female", NULL);
  assert_refused (no_birthdate, "MISSING_VALUE");
  empty_family = pds_search (fixture, fixture->nurse, "family", " ", "gender", "female",
                             "birthdate", "eq2010-10-10", NULL);
  assert_refused (empty_family, "MISSING_VALUE");
}

static void
test_search_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  /* name, value pairs that replace or add to a valid search */
  const char *refused[][2] = {
    { "family", "Pri*" },
    { "family", "*ice" },
    { "given", "Ru*" },
    { "address-postalcode", "QN*" },
    { "birthdate", "ge2010-10-01" },
    { "birthdate", "le2010-10-31" },
    { "birthdate", "gt2010-10-01" },
    { "birthdate", "lt2010-10-31" },
    { "birthdate", "2010" },
    { "birthdate", "2010-10" },
    { "birthdate", "eq2010" },
    { "_fuzzy-match", "true" },
    { "_history", "true" },
    { "death-date", "eq2020-01-01" },
    { "email", "someone@example.com" },
  };
  g_autofree char *nhs = nhs_number (72);
  g_autoptr(CpisTestResponse) range = NULL;
  g_autoptr(CpisTestResponse) twice = NULL;
  g_autoptr(CpisTestResponse) family_twice = NULL;

  put_patient (fixture, nhs, "Price", "Ruby", "female", "2010-10-10", "QN1 1AA", FALSE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(CpisTestResponse) response = NULL;
      const char *family = g_str_equal (refused[i][0], "family") ? refused[i][1] : "Price";
      const char *birthdate = g_str_equal (refused[i][0], "birthdate") ? refused[i][1]
                                                                       : "eq2010-10-10";

      if (g_str_equal (refused[i][0], "family") || g_str_equal (refused[i][0], "birthdate"))
        response = pds_search (fixture, fixture->nurse, "family", family, "gender", "female",
                               "birthdate", birthdate, NULL);
      else
        response = pds_search (fixture, fixture->nurse, "family", family, "gender", "female",
                               "birthdate", birthdate, refused[i][0], refused[i][1], NULL);
      assert_refused (response, "INVALID_SEARCH_DATA");
    }
  range = pds_search (fixture, fixture->nurse, "family", "Price", "gender", "female",
                      "birthdate", "ge2010-10-01", NULL);
  assert_outcome_like_example (range, "error-invalid-search-data.json");

  /* a range as two birthdate parameters; a parameter twice */
  twice = pds_get (fixture, fixture->nurse, "/Patient?family=Price&gender=female"
                                            "&birthdate=ge2010-10-01&birthdate=le2010-10-31");
  assert_refused (twice, "INVALID_SEARCH_DATA");
  family_twice = pds_get (fixture, fixture->nurse, "/Patient?family=Price&family=Price"
                                                   "&gender=female&birthdate=eq2010-10-10");
  assert_refused (family_twice, "INVALID_SEARCH_DATA");

  /* the accepted flags: every match here is exact, none fuzzy, none historic */
  {
    g_autoptr(CpisTestResponse) flags = NULL;
    g_autoptr(JsonNode) root = NULL;

    flags = pds_search (fixture, fixture->nurse, "family", "Price", "gender", "female",
                        "birthdate", "eq2010-10-10", "_exact-match", "true",
                        "_fuzzy-match", "false", "_history", "false", NULL);
    root = bundle_of (flags);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total"), ==, 1);
  }
}

static void
test_search_invalid_values (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *values[][3] = {
    /* gender, birthdate, _exact-match */
    { "mal", "eq2010-10-10", "true" },
    { "female", "eq2010-13-45", "true" },
    { "female", "10/10/2010", "true" },
    { "female", "eq2010-10-10", "maybe" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(CpisTestResponse) response = NULL;

      response = pds_search (fixture, fixture->nurse, "family", "Price", "gender", values[i][0],
                             "birthdate", values[i][1], "_exact-match", values[i][2], NULL);
      assert_refused (response, "INVALID_VALUE");
    }
}

static void
test_search_case_and_postcode (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *obrien = nhs_number (81);
  g_autofree char *zoe = nhs_number (82);
  const char *searches[][5] = {
    /* family, given, gender, postcode, expected */
    { "o'brien", NULL, "MALE", NULL, "obrien" },
    { "O'BRIEN", "KAI", "male", "qn12ab", "obrien" },
    { "O'Brien", "kai", "Male", " QN1 2AB ", "obrien" },
    { "O'Brien", NULL, "male", "Q N 1 2 A B", "obrien" },
    { "ŁUKASIEWICZ", "zoë", "female", "qe34cd", "zoe" },
    { "O'Brien", NULL, "male", "QN1 2AC", NULL },
  };

  put_patient (fixture, obrien, "O'Brien", "Kai", "male", "2016-04-01", "QN1 2AB", FALSE, NULL);
  put_patient (fixture, zoe, "Łukasiewicz", "Zoë", "female", "2016-04-01", "QE3 4CD", FALSE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(GString) path = g_string_new ("/Patient?birthdate=eq2016-04-01");
      g_autoptr(CpisTestResponse) response = NULL;
      g_autoptr(JsonNode) root = NULL;
      const char *names[] = { "family", "given", "gender", "address-postalcode" };
      const char *expected = searches[i][4] == NULL ? NULL
                             : g_str_equal (searches[i][4], "zoe") ? zoe : obrien;

      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        {
          g_autofree char *escaped = NULL;

          if (searches[i][j] == NULL)
            continue;
          escaped = g_uri_escape_string (searches[i][j], NULL, FALSE);
          g_string_append_printf (path, "&%s=%s", names[j], escaped);
        }

      response = pds_get (fixture, fixture->nurse, path->str);
      root = bundle_of (response);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total"), ==,
                       expected != NULL ? 1 : 0);
      if (expected != NULL)
        g_assert_cmpstr (entry_id (json_node_get_object (root), 0), ==, expected);
    }
}

static void
test_search_given_filter (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *leo = nhs_number (83);
  g_autofree char *max = nhs_number (84);
  g_autoptr(CpisTestResponse) both = NULL;
  g_autoptr(CpisTestResponse) one = NULL;
  g_autoptr(CpisTestResponse) nobody = NULL;
  g_autoptr(JsonNode) both_root = NULL;
  g_autoptr(JsonNode) one_root = NULL;
  g_autoptr(JsonNode) nobody_root = NULL;

  /* twins */
  put_patient (fixture, leo, "Walker", "Leo", "male", "2019-03-03", "QW1 1AA", FALSE, NULL);
  put_patient (fixture, max, "Walker", "Max", "male", "2019-03-03", "QW1 1AA", FALSE, NULL);

  both = pds_search (fixture, fixture->nurse, "family", "Walker", "gender", "male",
                     "birthdate", "eq2019-03-03", NULL);
  both_root = bundle_of (both);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (both_root), "total"), ==, 2);

  one = pds_search (fixture, fixture->nurse, "family", "Walker", "given", "Max", "gender", "male",
                    "birthdate", "eq2019-03-03", NULL);
  one_root = bundle_of (one);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (one_root), "total"), ==, 1);
  g_assert_cmpstr (entry_id (json_node_get_object (one_root), 0), ==, max);

  nobody = pds_search (fixture, fixture->nurse, "family", "Walker", "given", "Ma", "gender", "male",
                       "birthdate", "eq2019-03-03", NULL);
  nobody_root = bundle_of (nobody);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (nobody_root), "total"), ==, 0);
}

/* Gender is optional, as in PDS: without it every recorded gender matches;
 * "unknown" is a recorded value, not "any" */
static void
test_search_without_gender (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *reuben = nhs_number (101);
  g_autofree char *rosa = nhs_number (102);
  g_autofree char *robin = nhs_number (103);
  const struct
  {
    const char *gender;   /* NULL: left out */
    guint       total;
  } searches[] = {
    { NULL, 3 },
    { "male", 1 },
    { "female", 1 },
    { "unknown", 1 },
    { "other", 0 },
  };

  put_patient (fixture, reuben, "Okafor", "Reuben", "male", "2018-05-06", "QR1 1AA", FALSE, NULL);
  put_patient (fixture, rosa, "Okafor", "Rosa", "female", "2018-05-06", "QR1 1AA", FALSE, NULL);
  put_patient (fixture, robin, "Okafor", "Robin", "unknown", "2018-05-06", "QR1 1AA", FALSE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(CpisTestResponse) response = NULL;
      g_autoptr(JsonNode) root = NULL;

      if (searches[i].gender != NULL)
        response = pds_search (fixture, fixture->nurse, "family", "Okafor",
                               "gender", searches[i].gender, "birthdate", "eq2018-05-06", NULL);
      else
        response = pds_search (fixture, fixture->nurse, "family", "Okafor",
                               "birthdate", "eq2018-05-06", NULL);
      root = bundle_of (response);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total"), ==,
                       searches[i].total);
    }

  /* and narrowed by the given name as usual */
  {
    g_autoptr(CpisTestResponse) one = NULL;
    g_autoptr(JsonNode) one_root = NULL;

    one = pds_search (fixture, fixture->nurse, "family", "Okafor", "given", "reuben",
                      "birthdate", "eq2018-05-06", NULL);
    one_root = bundle_of (one);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (one_root), "total"), ==, 1);
    g_assert_cmpstr (entry_id (json_node_get_object (one_root), 0), ==, reuben);
  }
}

static void
test_search_restricted (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *hidden = nhs_number (91);
  g_autoptr(CpisTestResponse) by_name = NULL;
  g_autoptr(CpisTestResponse) by_postcode = NULL;
  g_autoptr(JsonNode) name_root = NULL;
  g_autoptr(JsonNode) postcode_root = NULL;
  JsonObject *resource;

  put_patient (fixture, hidden, "Lloyd", "Erin", "female", "2012-02-02", "QN5 5EE", TRUE, NULL);

  by_name = pds_search (fixture, fixture->nurse, "family", "Lloyd", "gender", "female",
                        "birthdate", "eq2012-02-02", NULL);
  name_root = bundle_of (by_name);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (name_root), "total"), ==, 1);
  resource = json_object_get_object_member (first_object (json_node_get_object (name_root), "entry"),
                                            "resource");
  g_assert_cmpstr (json_object_get_string_member (security_coding (resource), "code"), ==, "R");
  g_assert_false (json_object_has_member (resource, "address"));
  g_assert_false (json_object_has_member (resource, "telecom"));
  g_assert_false (json_object_has_member (resource, "generalPractitioner"));

  /* a postcode never finds a restricted patient: it would confirm where they live */
  by_postcode = pds_search (fixture, fixture->nurse, "family", "Lloyd", "gender", "female",
                            "birthdate", "eq2012-02-02", "address-postalcode", "QN5 5EE", NULL);
  postcode_root = bundle_of (by_postcode);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (postcode_root), "total"), ==, 0);
}

static void
test_search_superseded (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *current = nhs_number (92);
  g_autofree char *old = nhs_number (93);
  g_autoptr(CpisTestResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;

  put_patient (fixture, current, "Cooper", "Finley", "male", "2014-04-14", NULL, FALSE, NULL);
  put_patient (fixture, old, "Cooper", "Finley", "male", "2014-04-14", NULL, FALSE, current);

  /* the current record once, never the superseded number */
  response = pds_search (fixture, fixture->nurse, "family", "Cooper", "gender", "male",
                         "birthdate", "eq2014-04-14", NULL);
  root = bundle_of (response);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total"), ==, 1);
  g_assert_cmpstr (entry_id (json_node_get_object (root), 0), ==, current);
}

/* Headers */

static void
test_request_id (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *nhs = nhs_number (94);
  g_autofree char *read_path = g_strdup_printf (CPIS_HUB_PDS_BASE_PATH "/Patient/%s", nhs);
  g_autofree char *nobody_path = NULL;
  g_autofree char *nobody = nhs_number (95);
  const char *search_path = CPIS_HUB_PDS_BASE_PATH "/Patient?family=Hughes&gender=male"
                            "&birthdate=eq2013-03-13";
  const char *paths[] = { read_path, search_path };
  const char *bad_ids[] = { "1234", "not-a-uuid", "" };

  put_patient (fixture, nhs, "Hughes", "Rhys", "male", "2013-03-13", NULL, FALSE, NULL);
  nobody_path = g_strdup_printf (CPIS_HUB_PDS_BASE_PATH "/Patient/%s", nobody);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(CpisTestResponse) missing = NULL;

      missing = cpis_test_hub_request (fixture->hub, "GET", paths[i], fixture->nurse, NULL, NULL,
                                       NULL);
      assert_pds_outcome (missing, 400, "error", "structure", "PRECONDITION_FAILED");

      for (guint j = 0; j < G_N_ELEMENTS (bad_ids); j++)
        {
          g_autoptr(CpisTestResponse) bad = NULL;

          bad = cpis_test_hub_request (fixture->hub, "GET", paths[i], fixture->nurse, NULL, NULL,
                                       "X-Request-ID", bad_ids[j], NULL);
          assert_pds_outcome (bad, 400, "error", "value", "INVALID_VALUE");
          g_assert_null (soup_message_headers_get_one (bad->headers, "X-Request-ID"));
        }
    }

  /* Echoed, with X-Correlation-ID, on answers and on errors alike */
  {
    const char *echoed[] = { read_path, search_path, nobody_path,
                             CPIS_HUB_PDS_BASE_PATH "/Patient?family=Hughes" };
    const guint statuses[] = { 200, 200, 404, 400 };

    for (guint i = 0; i < G_N_ELEMENTS (echoed); i++)
      {
        g_autofree char *request_id = g_uuid_string_random ();
        g_autofree char *upper = g_ascii_strup (request_id, -1);
        g_autoptr(CpisTestResponse) response = NULL;

        /* upper case is a UUID too */
        response = cpis_test_hub_request (fixture->hub, "GET", echoed[i], fixture->nurse,
                                          NULL, NULL, "X-Request-ID", upper,
                                          "X-Correlation-ID", "11C46F5F-CDEF-4865-94B2-0EE0EDCC26DA.1",
                                          NULL);
        g_assert_cmpuint (response->status, ==, statuses[i]);
        g_assert_cmpstr (soup_message_headers_get_one (response->headers, "X-Request-ID"), ==,
                         upper);
        g_assert_cmpstr (soup_message_headers_get_one (response->headers, "X-Correlation-ID"), ==,
                         "11C46F5F-CDEF-4865-94B2-0EE0EDCC26DA.1");
      }
  }

  /* the 403 of a role that may not look, too */
  {
    g_autofree char *request_id = g_uuid_string_random ();
    g_autoptr(CpisTestResponse) denied = NULL;

    denied = cpis_test_hub_request (fixture->hub, "GET", read_path, fixture->admin, NULL, NULL,
                                    "X-Request-ID", request_id, NULL);
    g_assert_cmpuint (denied->status, ==, 403);
    g_assert_cmpstr (soup_message_headers_get_one (denied->headers, "X-Request-ID"), ==,
                     request_id);
    g_assert_null (soup_message_headers_get_one (denied->headers, "X-Correlation-ID"));
  }
}

/* Roles */

static void
test_roles (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *nhs = nhs_number (96);
  const char *allowed[] = { fixture->nurse, fixture->gp, fixture->social_worker };
  const char *denied[] = { fixture->partnership, fixture->admin };

  put_patient (fixture, nhs, "Edwards", "Poppy", "female", "2015-05-15", "QE5 5EE", FALSE, NULL);
  cpis_test_hub_add_plan (fixture->hub, nhs, "CPP", "2025-01-02", NULL, NULL, "LA1");

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(CpisTestResponse) read = pds_read (fixture, allowed[i], nhs);
      g_autoptr(CpisTestResponse) search = NULL;
      g_autoptr(JsonNode) patient = patient_of (read);
      g_autoptr(JsonNode) bundle = NULL;

      search = pds_search (fixture, allowed[i], "family", "Edwards", "gender", "female",
                           "birthdate", "eq2015-05-15", NULL);
      bundle = bundle_of (search);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (bundle), "total"), ==, 1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (denied); i++)
    {
      g_autoptr(CpisTestResponse) read = pds_read (fixture, denied[i], nhs);
      g_autoptr(CpisTestResponse) search = NULL;
      g_autofree char *read_text = NULL;
      g_autofree char *search_text = NULL;

      search = pds_search (fixture, denied[i], "family", "Edwards", "gender", "female",
                           "birthdate", "eq2015-05-15", NULL);
      assert_pds_outcome (read, 403, "error", "forbidden", "ACCESS_DENIED");
      assert_pds_outcome (search, 403, "error", "forbidden", "ACCESS_DENIED");

      /* nothing of the child in the answer */
      read_text = cpis_test_response_text (read);
      search_text = cpis_test_response_text (search);
      g_assert_null (strstr (read_text, "Edwards"));
      g_assert_null (strstr (read_text, nhs));
      g_assert_null (strstr (search_text, "Poppy"));
      g_assert_null (strstr (search_text, nhs));
    }

  /* no token, or one that was never issued: the hub's own 401 */
  {
    g_autoptr(CpisTestResponse) no_token = pds_read (fixture, NULL, nhs);
    g_autoptr(CpisTestResponse) unknown = pds_read (fixture, "never-issued", nhs);
    g_autoptr(JsonNode) root = NULL;
    JsonObject *coding;

    cpis_test_assert_outcome (no_token, 401, "UNAUTHORISED");
    cpis_test_assert_outcome (unknown, 401, "UNAUTHORISED");
    g_assert_nonnull (soup_message_headers_get_one (no_token->headers, "WWW-Authenticate"));
    root = cpis_test_response_json (no_token);
    coding = first_object (json_object_get_object_member (first_object (json_node_get_object (root),
                                                                        "issue"),
                                                          "details"),
                           "coding");
    g_assert_cmpstr (json_object_get_string_member (coding, "system"), ==, HUB_ERROR_SYSTEM);
  }
}

/* Nothing recorded */

static void
test_not_recorded (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *child = nhs_number (97);
  g_autofree char *current = nhs_number (98);
  g_autofree char *old = nhs_number (99);
  const char *tokens[] = { fixture->nurse, fixture->gp, fixture->social_worker };

  put_patient (fixture, child, "Martin", "Alfie", "male", "2016-06-16", "QN6 6FF", FALSE, NULL);
  put_patient (fixture, current, "Martin", "Grace", "female", "2016-06-16", NULL, TRUE, NULL);
  put_patient (fixture, old, "Martin", "Grace", "female", "2016-06-16", NULL, FALSE, current);
  /* plans to show: a CP-IS check of either would be recorded and notified */
  cpis_test_hub_add_plan (fixture->hub, child, "CPP", "2025-01-02", NULL, NULL, "LA1");
  cpis_test_hub_add_plan (fixture->hub, current, "LAC", "2024-01-02", NULL, NULL, "LA1");

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(CpisTestResponse) read = pds_read (fixture, tokens[i], child);
      g_autoptr(CpisTestResponse) read_old = pds_read (fixture, tokens[i], old);
      g_autoptr(CpisTestResponse) search = NULL;

      g_assert_cmpuint (read->status, ==, 200);
      g_assert_cmpuint (read_old->status, ==, 200);
      search = pds_search (fixture, tokens[i], "family", "Martin", "gender", "male",
                           "birthdate", "eq2016-06-16", NULL);
      g_assert_cmpuint (search->status, ==, 200);
    }

  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, NULL), ==, 0);
  g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, NULL), ==, 0);

  /* the counts would have seen it: a CP-IS check is recorded */
  {
    g_autoptr(CpisTestResponse) check = NULL;

    check = cpis_test_hub_search (fixture->hub, fixture->nurse, "CareTeam", child, "true");
    g_assert_cmpuint (check->status, ==, 200);
    g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, NULL), ==, 1);
    g_assert_cmpint (cpis_test_hub_count_notifications (fixture->hub, NULL), ==, 1);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/hub-pds/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("read/found", test_read_found);
  ADD ("read/version", test_read_version);
  ADD ("read/restricted", test_read_restricted);
  ADD ("read/superseded", test_read_superseded);
  ADD ("read/not-found", test_read_not_found);
  ADD ("read/invalid-number", test_read_invalid_number);
  ADD ("read/paths", test_read_paths);
  ADD ("methods", test_methods);
  ADD ("search/single", test_search_single);
  ADD ("search/none", test_search_none);
  ADD ("search/several", test_search_several);
  ADD ("search/too-many", test_search_too_many);
  ADD ("search/max-results", test_search_max_results);
  ADD ("search/missing-required", test_search_missing_required);
  ADD ("search/refused", test_search_refused);
  ADD ("search/invalid-values", test_search_invalid_values);
  ADD ("search/case-and-postcode", test_search_case_and_postcode);
  ADD ("search/given-filter", test_search_given_filter);
  ADD ("search/without-gender", test_search_without_gender);
  ADD ("search/restricted", test_search_restricted);
  ADD ("search/superseded", test_search_superseded);
  ADD ("headers/request-id", test_request_id);
  ADD ("roles", test_roles);
  ADD ("not-recorded", test_not_recorded);

#undef ADD

  return g_test_run ();
}
