/* test-fhir-patient.c: the demographics service's answers (PDS FHIR API) →
 * CpisPatient, read from NHS England's published examples in place, and
 * what a banner must never get wrong */

#include <string.h>

#include "cpis-fhir-codec.h"
#include "cpis-patient.h"
#include "cpis-test-util.h"

static CpisPatient *
read_example (const char *name)
{
  g_autofree char *body = cpis_test_read_example ("CPIS_PDS_EXAMPLES_DIR", name);
  g_autoptr(GError) error = NULL;
  CpisPatient *patient = cpis_fhir_decode_patient (body, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (patient);
  return patient;
}

static void
test_read (void)
{
  g_autoptr(CpisPatient) patient = read_example ("patient-read.json");
  g_autofree char *name = cpis_patient_dup_display_name (patient);

  g_assert_cmpstr (cpis_patient_get_nhs_number (patient), ==, "9000000009");
  g_assert_cmpstr (cpis_patient_get_family_name (patient), ==, "Smith");
  g_assert_cmpstr (cpis_patient_get_given_names (patient), ==, "Jane");
  g_assert_cmpstr (cpis_patient_get_title (patient), ==, "Mrs");
  g_assert_cmpstr (name, ==, "Jane SMITH");
  g_assert_cmpstr (cpis_patient_get_gender (patient), ==, "female");
  g_assert_cmpstr (cpis_patient_get_birth_date (patient), ==, "2010-10-22");
  /* the home address, not the student one */
  g_assert_cmpstr (cpis_patient_get_postcode (patient), ==, "LS1 6AE");
  g_assert_cmpstr (cpis_patient_get_deceased (patient), ==, "2010-10-22T00:00:00+00:00");
  g_assert_false (cpis_patient_is_restricted (patient));
}

/* A restricted record: no address, and never read as "no postcode known" */
static void
test_read_restricted (void)
{
  g_autoptr(CpisPatient) patient = read_example ("patient-read-restricted.json");

  g_assert_cmpstr (cpis_patient_get_nhs_number (patient), ==, "9000000025");
  g_assert_cmpstr (cpis_patient_get_family_name (patient), ==, "Smythe");
  g_assert_true (cpis_patient_is_restricted (patient));
  g_assert_null (cpis_patient_get_postcode (patient));
}

/* An address that comes with a restricted record anyway is not shown */
static void
test_restricted_with_address (void)
{
  const char *body =
    "{\"resourceType\":\"Patient\",\"id\":\"9990000018\","
    "\"meta\":{\"security\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}]},"
    "\"address\":[{\"use\":\"home\",\"postalCode\":\"ZZ99 3VZ\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisPatient) patient = cpis_fhir_decode_patient (body, -1, &error);

  g_assert_no_error (error);
  g_assert_true (cpis_patient_is_restricted (patient));
  g_assert_null (cpis_patient_get_postcode (patient));
}

static void
test_read_minimal (void)
{
  g_autoptr(CpisPatient) patient = read_example ("patient-read-minimal.json");
  g_autofree char *name = cpis_patient_dup_display_name (patient);

  g_assert_cmpstr (cpis_patient_get_nhs_number (patient), ==, "9000000033");
  g_assert_null (name);
  g_assert_null (cpis_patient_get_birth_date (patient));
  g_assert_null (cpis_patient_get_postcode (patient));
  g_assert_false (cpis_patient_is_restricted (patient));
}

static GPtrArray *
search_example (const char *name,
                guint      *total)
{
  g_autofree char *body = cpis_test_read_example ("CPIS_PDS_EXAMPLES_DIR", name);
  g_autoptr(GError) error = NULL;
  GPtrArray *patients = cpis_fhir_decode_patient_bundle (body, -1, total, &error);

  g_assert_no_error (error);
  g_assert_nonnull (patients);
  return patients;
}

static void
test_search_single (void)
{
  guint total = 0;
  g_autoptr(GPtrArray) patients = search_example ("search-single-match.json", &total);
  CpisPatient *patient;

  g_assert_cmpuint (total, ==, 1);
  g_assert_cmpuint (patients->len, ==, 1);
  patient = g_ptr_array_index (patients, 0);
  g_assert_cmpstr (cpis_patient_get_nhs_number (patient), ==, "5900035697");
  g_assert_cmpstr (cpis_patient_get_family_name (patient), ==, "jones");
  g_assert_cmpstr (cpis_patient_get_birth_date (patient), ==, "2000-01-01");
  g_assert_cmpstr (cpis_patient_get_gender (patient), ==, "male");
  /* the address has lines but no postcode */
  g_assert_null (cpis_patient_get_postcode (patient));
}

/* Best match first, the order kept among equal scores */
static void
test_search_multiple (void)
{
  guint total = 0;
  g_autoptr(GPtrArray) patients = search_example ("search-multiple-matches.json", &total);

  g_assert_cmpuint (total, ==, 20);
  g_assert_cmpuint (patients->len, ==, 20);
  g_assert_cmpstr (cpis_patient_get_nhs_number (g_ptr_array_index (patients, 0)), ==, "5069635395");
  g_assert_cmpstr (cpis_patient_get_nhs_number (g_ptr_array_index (patients, 18)), ==, "5900036863");
  /* the one with the lowest score comes last */
  g_assert_cmpstr (cpis_patient_get_nhs_number (g_ptr_array_index (patients, 19)), ==, "5900034372");
}

static void
test_search_superseded (void)
{
  guint total = 0;
  g_autoptr(GPtrArray) patients = search_example ("search-superseded.json", &total);

  g_assert_cmpuint (patients->len, ==, 1);
  g_assert_cmpstr (cpis_patient_get_nhs_number (g_ptr_array_index (patients, 0)), ==, "9732019395");
  g_assert_cmpstr (cpis_patient_get_family_name (g_ptr_array_index (patients, 0)), ==, "CUFF");
}

/* "Too many matches" is an OperationOutcome, never an empty list */
static void
test_search_too_many (void)
{
  g_autofree char *body = cpis_test_read_example ("CPIS_PDS_EXAMPLES_DIR",
                                                  "search-too-many-matches.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patients = cpis_fhir_decode_patient_bundle (body, -1, NULL, &error);
  g_autoptr(CpisOperationOutcome) outcome = NULL;

  g_assert_null (patients);
  g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE);
  g_clear_error (&error);

  outcome = cpis_fhir_decode_operation_outcome (body, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cpis_operation_outcome_get_details_code (outcome), ==, "TOO_MANY_MATCHES");
}

static void
test_errors (void)
{
  const struct { const char *file; const char *code; } errors[] = {
    { "error-resource-not-found.json", "RESOURCE_NOT_FOUND" },
    { "error-invalid-resource-id.json", "INVALID_RESOURCE_ID" },
    { "error-invalid-search-data.json", "INVALID_SEARCH_DATA" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autofree char *body = cpis_test_read_example ("CPIS_PDS_EXAMPLES_DIR", errors[i].file);
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisOperationOutcome) outcome = cpis_fhir_decode_operation_outcome (body, -1, &error);
      g_autoptr(CpisPatient) patient = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (cpis_operation_outcome_get_details_code (outcome), ==, errors[i].code);

      /* and never a patient */
      patient = cpis_fhir_decode_patient (body, -1, &error);
      g_assert_null (patient);
      g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE);
    }
}

/* What would confirm the wrong child is refused */
static void
test_rejected (void)
{
  const char *bodies[] = {
    /* no NHS number at all */
    "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"TESTER\"}]}",
    /* an id that is not one, and no identifier */
    "{\"resourceType\":\"Patient\",\"id\":\"abc\"}",
    /* a date of birth that is not a date */
    "{\"resourceType\":\"Patient\",\"id\":\"9990000018\",\"birthDate\":\"2016-02-30\"}",
    /* a name given twice */
    "{\"resourceType\":\"Patient\",\"id\":\"9990000018\",\"birthDate\":\"2016-02-03\",\"birthDate\":\"2017-01-01\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisPatient) patient = cpis_fhir_decode_patient (bodies[i], -1, &error);

      g_assert_null (patient);
      g_assert_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID);
    }
}

/* The name in force today: a usual name whose period has ended gives way to
 * the current one */
static void
test_current_name (void)
{
  const char *body =
    "{\"resourceType\":\"Patient\",\"id\":\"9990000018\",\"name\":["
    "{\"use\":\"usual\",\"period\":{\"start\":\"2010-01-01\",\"end\":\"2015-12-31\"},\"family\":\"OLDNAME\",\"given\":[\"Sam\"]},"
    "{\"use\":\"usual\",\"period\":{\"start\":\"2016-01-01\"},\"family\":\"NEWNAME\",\"given\":[\"Sam\",\"Lee\"]},"
    "{\"use\":\"nickname\",\"given\":[\"Sammy\"]}],"
    "\"address\":[{\"use\":\"home\",\"period\":{\"end\":\"2019-01-01\"},\"postalCode\":\"ZZ99 1AA\"},"
    "{\"use\":\"home\",\"postalCode\":\"ZZ99 2BB\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisPatient) patient = cpis_fhir_decode_patient (body, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (cpis_patient_get_family_name (patient), ==, "NEWNAME");
  g_assert_cmpstr (cpis_patient_get_given_names (patient), ==, "Sam Lee");
  g_assert_cmpstr (cpis_patient_get_postcode (patient), ==, "ZZ99 2BB");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fhir-patient/read", test_read);
  g_test_add_func ("/fhir-patient/read/restricted", test_read_restricted);
  g_test_add_func ("/fhir-patient/read/restricted-with-address", test_restricted_with_address);
  g_test_add_func ("/fhir-patient/read/minimal", test_read_minimal);
  g_test_add_func ("/fhir-patient/read/current-name", test_current_name);
  g_test_add_func ("/fhir-patient/search/single", test_search_single);
  g_test_add_func ("/fhir-patient/search/multiple", test_search_multiple);
  g_test_add_func ("/fhir-patient/search/superseded", test_search_superseded);
  g_test_add_func ("/fhir-patient/search/too-many", test_search_too_many);
  g_test_add_func ("/fhir-patient/errors", test_errors);
  g_test_add_func ("/fhir-patient/rejected", test_rejected);

  return g_test_run ();
}
