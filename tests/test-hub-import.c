/* test-hub-import.c: CSV imports (demographics, LA plan uploads) */
#include <string.h>

#include "cpis-hub-import.h"
#include "cpis-hub-store.h"
#include "cpis-hub-store-private.h"   /* _cpis_hub_store_fail_next_write */
#include "cpis-test-hub.h"

#define PLAN_HEADER "nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,end_date,due_date,la_ods_code\n"
#define PATIENT_HEADER_START "nhs_number,family_name,given_name,date_of_birth,gender,postcode"
#define PATIENT_HEADER PATIENT_HEADER_START "\n"

/* Synthetic NHS numbers (999 range, valid check digits) */
#define NHS_CHILD       "9993982598"  /* in demographics: Amara Okafor */
#define NHS_COMMA       "9997919076"  /* in demographics: Sean "Kelly, O'Brien" */
#define NHS_MOTHER      "9994833782"  /* in demographics: Ewa Nowak */
#define NHS_UNKNOWN     "9998762324"  /* valid, not in demographics */
#define NHS_BAD_CHECK   "9993982599"  /* NHS_CHILD with the wrong check digit */
#define NHS_NEW_1       "9998601290"  /* for the patients import */
#define NHS_NEW_2       "9990404798"
#define NHS_NEW_3       "9996669726"

typedef struct
{
  char         *dir;
  CpisHubStore *store;
} Fixture;

static CpisHubStore *
open_store (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return cpis_test_store_open (path);
}

static void
put_org (CpisHubStore   *store,
         const char     *ods_code,
         const char     *name,
         CpisHubOrgKind  kind)
{
  g_autoptr(CpisHubOrganisation) org = g_new0 (CpisHubOrganisation, 1);
  g_autoptr(GError) error = NULL;

  org->ods_code = g_strdup (ods_code);
  org->name = g_strdup (name);
  org->kind = kind;
  org->phone_office = g_strdup ("020 7946 0001");
  org->phone_emergency = g_strdup ("07700 900001");
  org->area = g_strdup ("Testvale");
  g_assert_true (cpis_hub_store_put_organisation (store, org, &error));
  g_assert_no_error (error);
  g_assert_cmpint (org->id, >, 0);
}

static void
put_patient (CpisHubStore *store,
             const char   *nhs_number,
             const char   *family,
             const char   *given,
             const char   *date_of_birth,
             const char   *gender)
{
  CpisHubPatient patient = {
    .nhs_number = (char *) nhs_number,
    .family_name = (char *) family,
    .given_name = (char *) given,
    .date_of_birth = (char *) date_of_birth,
    .gender = (char *) gender,
    .postcode = (char *) "QT1 1AA",
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (cpis_hub_store_put_patient (store, &patient, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("cpis-test-import-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = open_store (fixture->dir, "hub.db");

  put_org (fixture->store, "9T1", "Testshire Council", CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY);
  put_org (fixture->store, "9T2", "Otherford Council", CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY);
  put_org (fixture->store, "ZZT01", "Test Lane Surgery", CPIS_HUB_ORG_KIND_SCHEDULED_CARE);
  put_org (fixture->store, "ZZT02", "Testshire Emergency Department", CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE);

  put_patient (fixture->store, NHS_CHILD, "Okafor", "Amara", "2015-06-01", "female");
  put_patient (fixture->store, NHS_COMMA, "Kelly, O'Brien", "Sean \"Shay\"", "2012-01-15", "male");
  put_patient (fixture->store, NHS_MOTHER, "Nowak", "Ewa", "1995-03-03", "female");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cpis_hub_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_assert_true (cpis_test_remove_tree (fixture->dir));
  g_free (fixture->dir);
}

static CpisHubImportReport *
import_plans (Fixture    *fixture,
              const char *csv)
{
  CpisHubImportReport *report = cpis_hub_import_plans (fixture->store, csv, strlen (csv));

  g_assert_nonnull (report);
  g_assert_nonnull (report->records);
  g_assert_nonnull (report->file_code);
  return report;
}

static CpisHubImportRecordResult *
record_at (CpisHubImportReport *report,
           guint                index)
{
  g_assert_cmpuint (index, <, report->records->len);
  return g_ptr_array_index (report->records, index);
}

static guint
count_plans (CpisHubStore *store,
             const char   *nhs_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = cpis_hub_store_list_plans (store, nhs_number, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plans);
  return plans->len;
}

/* Plans: record codes */

static void
test_plans_success (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CpisHubImportReport) report = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  CpisHubImportRecordResult *result;
  CpisHubPlan *plan;

  report = import_plans (fixture, PLAN_HEADER NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n");
  g_assert_cmpstr (report->file_code, ==, "CPF02");
  g_assert_null (report->file_detail);
  g_assert_cmpuint (report->records->len, ==, 1);
  result = record_at (report, 0);
  g_assert_cmpstr (result->code, ==, "CPR06");
  g_assert_cmpuint (result->line, ==, 2);
  g_assert_cmpstr (result->nhs_number, ==, NHS_CHILD);
  g_assert_null (result->detail);

  plans = cpis_hub_store_list_plans (fixture->store, NHS_CHILD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
  plan = g_ptr_array_index (plans, 0);
  g_assert_cmpint (plan->plan_type, ==, CPIS_PLAN_TYPE_CPP);
  g_assert_cmpstr (plan->start_date, ==, "2024-01-10");
  g_assert_true (plan->end_date == NULL || *plan->end_date == '\0');
  g_assert_cmpstr (plan->subject_name, ==, "Amara OKAFOR");
  g_assert_cmpstr (plan->date_of_birth, ==, "2015-06-01");
  g_assert_nonnull (plan->la);
  g_assert_cmpstr (plan->la->ods_code, ==, "9T1");
  g_assert_cmpstr (plan->la->name, ==, "Testshire Council");
}

static void
test_plans_names_case_insensitive (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(CpisHubImportReport) report = NULL;

  /* Names differ only in case and surrounding spaces; the NHS number is spaced */
  report = import_plans (fixture, PLAN_HEADER
                         "999 398 2598 ,  OKAFOR , amara ,2015-06-01,lac,2023-11-02,,,9t1\n");
  g_assert_cmpstr (record_at (report, 0)->code, ==, "CPR06");
  g_assert_cmpstr (report->file_code, ==, "CPF02");
  g_assert_cmpuint (count_plans (fixture->store, NHS_CHILD), ==, 1);
}

static void
test_plans_cpr01 (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CpisHubImportReport) report = NULL;
  CpisHubImportRecordResult *result;

  report = import_plans (fixture, PLAN_HEADER NHS_UNKNOWN ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n");
  result = record_at (report, 0);
  g_assert_cmpstr (result->code, ==, "CPR01");
  g_assert_nonnull (result->detail);
  g_assert_cmpstr (report->file_code, ==, "CPF04");
  g_assert_cmpuint (count_plans (fixture->store, NHS_UNKNOWN), ==, 0);
}

static void
test_plans_cpr03 (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CpisHubImportReport) report = NULL;

  report = import_plans (fixture, PLAN_HEADER
                         NHS_BAD_CHECK ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n"
                         "99939825AB,Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n"
                         "99939825,Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n");
  g_assert_cmpuint (report->records->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      CpisHubImportRecordResult *result = record_at (report, i);

      g_assert_cmpstr (result->code, ==, "CPR03");
      g_assert_nonnull (result->detail);
      g_assert_cmpstr (result->detail, !=, "");
      g_assert_cmpuint (result->line, ==, i + 2);
    }
  g_assert_cmpstr (record_at (report, 1)->nhs_number, ==, "99939825AB");
  /* A check-digit failure and a letter are told apart */
  g_assert_cmpstr (record_at (report, 0)->detail, !=, record_at (report, 1)->detail);
  g_assert_cmpstr (report->file_code, ==, "CPF04");
  g_assert_cmpuint (count_plans (fixture->store, NHS_CHILD), ==, 0);
}

typedef struct
{
  const char *row;
  const char *detail_contains;
} RejectCase;

static void
test_plans_cpr07 (Fixture       *fixture,
                  gconstpointer  data)
{
  static const RejectCase cases[] = {
    { NHS_CHILD ",Smithson,Amara,2015-06-01,CPP,2024-01-10,,,9T1", "family name" },
    { NHS_CHILD ",Okafor,Amira,2015-06-01,CPP,2024-01-10,,,9T1", "given name" },
    { NHS_CHILD ",Okafor,Amara,2015-06-02,CPP,2024-01-10,,,9T1", "date of birth" },
    { NHS_CHILD ",Okafor,Amara,2015-06-01,CIN,2024-01-10,,,9T1", "plan type" },
    { NHS_CHILD ",Okafor,Amara,2015-06-01,,2024-01-10,,,9T1", "plan type" },
    { NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-02-30,,,9T1", "start date" },
    { NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,,,,9T1", "start date" },
    { NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,10/03/2024,,9T1", "end date" },
    { NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,2023-12-31,,9T1", "before" },
    { NHS_MOTHER ",Nowak,Ewa,1995-03-03,UCPP,2024-01-10,,,9T1", "due date" },
    { NHS_MOTHER ",Nowak,Ewa,1995-03-03,UCPP,2024-01-10,,2024-13-01,9T1", "due date" },
    { NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,2024-06-01,9T1", "due date" },
    { NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9Z9", "ODS" },
    { NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,", "ODS" },
    { NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,ZZT01", "not a local authority" },
    { NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,ZZT02", "not a local authority" },
    { NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,9T1", "number of fields" },
    { NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1,extra", "number of fields" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *csv = g_strconcat (PLAN_HEADER, cases[i].row, "\n", NULL);
      g_autoptr(CpisHubImportReport) report = import_plans (fixture, csv);
      CpisHubImportRecordResult *result = record_at (report, 0);
      g_autofree char *detail_lower = NULL;

      g_test_message ("case %u: %s", i, cases[i].row);
      g_assert_cmpstr (result->code, ==, "CPR07");
      g_assert_nonnull (result->detail);
      detail_lower = g_ascii_strdown (result->detail, -1);
      if (strstr (result->detail, cases[i].detail_contains) == NULL &&
          strstr (detail_lower, cases[i].detail_contains) == NULL)
        g_error ("case %u: detail “%s” does not mention “%s”", i, result->detail, cases[i].detail_contains);
      g_assert_cmpstr (report->file_code, ==, "CPF04");
      g_assert_cmpuint (count_plans (fixture->store, NHS_CHILD), ==, 0);
      g_assert_cmpuint (count_plans (fixture->store, NHS_MOTHER), ==, 0);
    }
}

static void
test_plans_mismatch_detail_names_fields_only (Fixture       *fixture,
                                              gconstpointer  data)
{
  g_autoptr(CpisHubImportReport) report = NULL;
  CpisHubImportRecordResult *result;

  report = import_plans (fixture, PLAN_HEADER NHS_CHILD ",Smithson,Jo,2015-06-01,CPP,2024-01-10,,,9T1\n");
  result = record_at (report, 0);
  g_assert_cmpstr (result->code, ==, "CPR07");
  g_assert_nonnull (strstr (result->detail, "family name"));
  g_assert_nonnull (strstr (result->detail, "given name"));
  g_assert_null (strstr (result->detail, "date of birth"));
  /* Neither the uploaded nor the stored names are echoed */
  g_assert_null (strstr (result->detail, "Smithson"));
  g_assert_null (strstr (result->detail, "Jo "));
  g_assert_null (strstr (result->detail, "Okafor"));
  g_assert_null (strstr (result->detail, "Amara"));
}

static void
test_plans_ucpp (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CpisHubImportReport) report = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  CpisHubPlan *plan;

  report = import_plans (fixture, PLAN_HEADER NHS_MOTHER ",Nowak,Ewa,1995-03-03,UCPP,2024-01-10,,2024-05-20,9T2\n");
  g_assert_cmpstr (record_at (report, 0)->code, ==, "CPR06");
  plans = cpis_hub_store_list_plans (fixture->store, NHS_MOTHER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
  plan = g_ptr_array_index (plans, 0);
  g_assert_cmpint (plan->plan_type, ==, CPIS_PLAN_TYPE_UCPP);
  g_assert_cmpstr (plan->due_date, ==, "2024-05-20");
  g_assert_cmpstr (plan->la->ods_code, ==, "9T2");
  g_assert_cmpstr (plan->subject_name, ==, "Ewa NOWAK");
}

/* The store fails the write of the first plan, after its row is written in
 * the job's savepoint: that record says it could not be stored, nothing of
 * it stays, and the record after it is stored as usual. */
static void
test_plans_store_failure (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CpisHubImportReport) report = NULL;
  g_autoptr(CpisHubImportReport) again = NULL;
  CpisHubImportRecordResult *result;

  _cpis_hub_store_fail_next_write (fixture->store, "plans");
  report = import_plans (fixture, PLAN_HEADER
                         NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n"
                         NHS_MOTHER ",Nowak,Ewa,1995-03-03,UCPP,2024-01-10,,2024-05-20,9T1\n");

  g_assert_cmpuint (report->records->len, ==, 2);
  result = record_at (report, 0);
  g_assert_cmpstr (result->code, ==, "CPR07");
  g_assert_cmpstr (result->nhs_number, ==, NHS_CHILD);
  g_assert_nonnull (strstr (result->detail, "could not be stored"));
  g_assert_cmpstr (record_at (report, 1)->code, ==, "CPR06");
  g_assert_cmpstr (report->file_code, ==, "CPF03");

  /* Nothing half-written: the failed plan went with its savepoint */
  g_assert_cmpuint (count_plans (fixture->store, NHS_CHILD), ==, 0);
  g_assert_cmpuint (count_plans (fixture->store, NHS_MOTHER), ==, 1);

  /* Only that one write failed: the same record now goes in */
  again = import_plans (fixture, PLAN_HEADER NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n");
  g_assert_cmpstr (record_at (again, 0)->code, ==, "CPR06");
  g_assert_cmpstr (again->file_code, ==, "CPF02");
  g_assert_cmpuint (count_plans (fixture->store, NHS_CHILD), ==, 1);
}

/* Plans: file codes */

static void
test_plans_file_codes (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CpisHubImportReport) all = NULL;
  g_autoptr(CpisHubImportReport) partial = NULL;
  g_autoptr(CpisHubImportReport) none = NULL;
  g_autoptr(CpisHubImportReport) header_only = NULL;

  all = import_plans (fixture, PLAN_HEADER
                      NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n"
                      NHS_MOTHER ",Nowak,Ewa,1995-03-03,UCPP,2024-01-10,,2024-05-20,9T1\n");
  g_assert_cmpstr (all->file_code, ==, "CPF02");
  g_assert_cmpuint (all->records->len, ==, 2);

  partial = import_plans (fixture, PLAN_HEADER
                          NHS_UNKNOWN ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n"
                          NHS_CHILD ",Okafor,Amara,2015-06-01,LAC,2024-02-10,,,9T2\n"
                          NHS_CHILD ",Okafor,Amara\n");
  g_assert_cmpstr (partial->file_code, ==, "CPF03");
  g_assert_nonnull (partial->file_detail);
  g_assert_cmpuint (partial->records->len, ==, 3);
  g_assert_cmpstr (record_at (partial, 0)->code, ==, "CPR01");
  g_assert_cmpstr (record_at (partial, 1)->code, ==, "CPR06");
  g_assert_cmpstr (record_at (partial, 2)->code, ==, "CPR07");
  g_assert_cmpuint (record_at (partial, 2)->line, ==, 4);
  g_assert_cmpuint (count_plans (fixture->store, NHS_CHILD), ==, 2);

  none = import_plans (fixture, PLAN_HEADER
                       NHS_BAD_CHECK ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n"
                       NHS_CHILD ",Okafor,Amara,2015-06-01,XYZ,2024-01-10,,,9T1\n");
  g_assert_cmpstr (none->file_code, ==, "CPF04");
  g_assert_cmpuint (none->records->len, ==, 2);

  header_only = import_plans (fixture, PLAN_HEADER);
  g_assert_cmpstr (header_only->file_code, ==, "CPF04");
  g_assert_cmpuint (header_only->records->len, ==, 0);
}

static void
test_plans_file_errors (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const bad_files[] = {
    /* wrong header: a column missing, renamed, reordered */
    "nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,end_date,la_ods_code\n"
    NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,9T1\n",
    "nhs,family_name,given_name,date_of_birth,plan_type,start_date,end_date,due_date,la_ods_code\n"
    NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n",
    "family_name,nhs_number,given_name,date_of_birth,plan_type,start_date,end_date,due_date,la_ods_code\n"
    "Okafor," NHS_CHILD ",Amara,2015-06-01,CPP,2024-01-10,,,9T1\n",
    /* a patients file sent as plans */
    PATIENT_HEADER NHS_CHILD ",Okafor,Amara,2015-06-01,female,QT1 1AA\n",
    /* empty */
    "",
    "\n\n",
    /* a quoted field never closed */
    PLAN_HEADER NHS_CHILD ",\"Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n",
    /* not UTF-8 (Latin-1 é) */
    PLAN_HEADER NHS_CHILD ",Okafor,Am\xe9lie,2015-06-01,CPP,2024-01-10,,,9T1\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autoptr(CpisHubImportReport) report = import_plans (fixture, bad_files[i]);

      g_test_message ("bad file %u", i);
      g_assert_cmpstr (report->file_code, ==, "CPF01");
      g_assert_nonnull (report->file_detail);
      g_assert_cmpuint (report->records->len, ==, 0);
    }
  g_assert_cmpuint (count_plans (fixture->store, NHS_CHILD), ==, 0);
}

static void
test_plans_header_case_insensitive (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(CpisHubImportReport) report = NULL;

  report = import_plans (fixture,
                         "NHS_Number, Family_Name ,GIVEN_NAME,date_of_birth,Plan_Type,start_date,end_date,due_date,LA_ODS_Code\n"
                         NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1");
  g_assert_cmpstr (report->file_code, ==, "CPF02");
  g_assert_cmpuint (count_plans (fixture->store, NHS_CHILD), ==, 1);
}

/* Plans: what is written */

static void
test_plans_rejected_writes_nothing (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(CpisHubImportReport) first = NULL;
  g_autoptr(CpisHubImportReport) second = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  CpisHubPlan *plan;

  first = import_plans (fixture, PLAN_HEADER NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n");
  g_assert_cmpstr (first->file_code, ==, "CPF02");
  g_assert_cmpuint (count_plans (fixture->store, NHS_CHILD), ==, 1);

  /* The same plan (same key) with an end date, but the wrong date of birth;
   * a second plan with an end date before its start; a plan on a surgery */
  second = import_plans (fixture, PLAN_HEADER
                         NHS_CHILD ",Okafor,Amara,2015-07-01,CPP,2024-01-10,2024-09-01,,9T1\n"
                         NHS_CHILD ",Okafor,Amara,2015-06-01,LAC,2024-03-10,2024-03-01,,9T1\n"
                         NHS_CHILD ",Okafor,Amara,2015-06-01,LAC,2024-03-10,,,ZZT01\n");
  g_assert_cmpstr (second->file_code, ==, "CPF04");
  for (guint i = 0; i < second->records->len; i++)
    g_assert_cmpstr (record_at (second, i)->code, ==, "CPR07");

  plans = cpis_hub_store_list_plans (fixture->store, NHS_CHILD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
  plan = g_ptr_array_index (plans, 0);
  g_assert_true (plan->end_date == NULL || *plan->end_date == '\0');
  g_assert_cmpstr (plan->date_of_birth, ==, "2015-06-01");
}

static void
test_plans_reimport_updates (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CpisHubImportReport) first = NULL;
  g_autoptr(CpisHubImportReport) again = NULL;
  g_autoptr(CpisHubImportReport) ended = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = NULL;
  CpisHubPlan *plan;

  first = import_plans (fixture, PLAN_HEADER NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n");
  g_assert_cmpstr (first->file_code, ==, "CPF02");
  plans = cpis_hub_store_list_plans (fixture->store, NHS_CHILD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
  first_id = g_strdup (((CpisHubPlan *) g_ptr_array_index (plans, 0))->id);
  g_clear_pointer (&plans, g_ptr_array_unref);

  again = import_plans (fixture, PLAN_HEADER NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,,,9T1\n");
  g_assert_cmpstr (again->file_code, ==, "CPF02");
  g_assert_cmpuint (count_plans (fixture->store, NHS_CHILD), ==, 1);

  ended = import_plans (fixture, PLAN_HEADER NHS_CHILD ",Okafor,Amara,2015-06-01,CPP,2024-01-10,2024-08-31,,9T1\n");
  g_assert_cmpstr (ended->file_code, ==, "CPF02");
  plans = cpis_hub_store_list_plans (fixture->store, NHS_CHILD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
  plan = g_ptr_array_index (plans, 0);
  g_assert_cmpstr (plan->end_date, ==, "2024-08-31");
  g_assert_cmpstr (plan->id, ==, first_id);
}

static void
test_plans_quoted_crlf (Fixture       *fixture,
                        gconstpointer  data)
{
  /* BOM, CRLF, quoted fields with commas and doubled quotes, a quoted line
   * break (line numbers still count lines in the file), spaces around
   * fields, no final line break */
  static const char csv[] =
    "\xEF\xBB\xBF"
    "nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,end_date,due_date,la_ods_code\r\n"
    "\"" NHS_COMMA "\",\"Kelly, O'Brien\",\"Sean \"\"Shay\"\"\",2012-01-15,CPP,2024-01-10,,,9T1\r\n"
    NHS_CHILD ",\"Oka\r\nfor\",Amara,2015-06-01,CPP,2024-01-10,,,9T1\r\n"
    "\r\n"
    "  " NHS_MOTHER "  , \"Nowak\" , Ewa ,1995-03-03,UCPP,2024-01-10,,2024-05-20,\"9T1\"";
  g_autoptr(CpisHubImportReport) report = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;

  report = import_plans (fixture, csv);
  g_assert_cmpuint (report->records->len, ==, 3);

  g_assert_cmpstr (record_at (report, 0)->code, ==, "CPR06");
  g_assert_cmpuint (record_at (report, 0)->line, ==, 2);
  g_assert_cmpstr (record_at (report, 1)->code, ==, "CPR07");
  g_assert_cmpuint (record_at (report, 1)->line, ==, 3);
  g_assert_cmpstr (record_at (report, 2)->code, ==, "CPR06");
  g_assert_cmpuint (record_at (report, 2)->line, ==, 6);
  g_assert_cmpstr (record_at (report, 2)->nhs_number, ==, NHS_MOTHER);
  g_assert_cmpstr (report->file_code, ==, "CPF03");

  plans = cpis_hub_store_list_plans (fixture->store, NHS_COMMA, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
  g_assert_cmpstr (((CpisHubPlan *) g_ptr_array_index (plans, 0))->subject_name, ==,
                   "Sean \"Shay\" KELLY, O'BRIEN");
  g_assert_cmpuint (count_plans (fixture->store, NHS_MOTHER), ==, 1);
}

/* Patients */

static void
test_patients_success (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char csv[] =
    "\xEF\xBB\xBF" "NHS_number,family_name,given_name,date_of_birth,gender,postcode\r\n"
    NHS_NEW_1 ",Mensah,Kofi,2016-02-29,Male,QN4 7TB\r\n"
    "\"999 040 4798\",\"Lloyd, Jones\", Ruby ,2010-10-10,female,\r\n"
    NHS_NEW_3 ",Begum,Aisha,2019-12-31,unknown,\"QW1 2AB\"";
  static const char update[] =
    PATIENT_HEADER NHS_NEW_1 ",Mensah,Kofi,2016-02-29,male,QE9 9ZZ\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubPatient) first = NULL;
  g_autoptr(CpisHubPatient) second = NULL;
  g_autoptr(CpisHubPatient) updated = NULL;
  gint64 n;

  n = cpis_hub_import_patients (fixture->store, csv, strlen (csv), &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 3);

  first = cpis_hub_store_find_patient (fixture->store, NHS_NEW_1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_cmpstr (first->family_name, ==, "Mensah");
  g_assert_cmpstr (first->given_name, ==, "Kofi");
  g_assert_cmpstr (first->date_of_birth, ==, "2016-02-29");
  g_assert_cmpstr (first->gender, ==, "male");
  g_assert_cmpstr (first->postcode, ==, "QN4 7TB");

  second = cpis_hub_store_find_patient (fixture->store, NHS_NEW_2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_assert_cmpstr (second->family_name, ==, "Lloyd, Jones");
  g_assert_cmpstr (second->given_name, ==, "Ruby");

  /* Upsert by NHS number */
  n = cpis_hub_import_patients (fixture->store, update, strlen (update), &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 1);
  updated = cpis_hub_store_find_patient (fixture->store, NHS_NEW_1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (updated->postcode, ==, "QE9 9ZZ");

  /* An imported patient can then have a plan uploaded */
  {
    g_autoptr(CpisHubImportReport) report =
      import_plans (fixture, PLAN_HEADER NHS_NEW_2 ",\"lloyd, jones\",RUBY,2010-10-10,LAC,2024-04-01,,,9T2\n");

    g_assert_cmpstr (report->file_code, ==, "CPF02");
  }
}

static void
test_patients_bad_row_aborts (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char * const bad_rows[] = {
    NHS_BAD_CHECK ",Begum,Aisha,2019-12-31,female,QW1 2AB",
    "99966697XX,Begum,Aisha,2019-12-31,female,QW1 2AB",
    NHS_NEW_3 ",Begum,Aisha,2019-02-30,female,QW1 2AB",
    NHS_NEW_3 ",Begum,Aisha,2019-12-31,f,QW1 2AB",
    NHS_NEW_3 ",,Aisha,2019-12-31,female,QW1 2AB",
    NHS_NEW_3 ",Begum,Aisha,2019-12-31,female",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_rows); i++)
    {
      g_autofree char *csv = g_strconcat (PATIENT_HEADER,
                                          NHS_NEW_1 ",Mensah,Kofi,2016-02-29,male,QN4 7TB\n",
                                          bad_rows[i], "\n",
                                          NHS_NEW_2 ",Jones,Ruby,2010-10-10,female,\n",
                                          NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisHubPatient) first = NULL;
      g_autoptr(CpisHubPatient) last = NULL;
      gint64 n;

      g_test_message ("bad row %u: %s", i, bad_rows[i]);
      n = cpis_hub_import_patients (fixture->store, csv, strlen (csv), &error);
      g_assert_cmpint (n, ==, -1);
      g_assert_error (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE);
      {
        g_autofree char *message = g_ascii_strdown (error->message, -1);

        g_assert_nonnull (strstr (message, "line 3"));
      }
      g_clear_error (&error);

      first = cpis_hub_store_find_patient (fixture->store, NHS_NEW_1, &error);
      g_assert_no_error (error);
      g_assert_null (first);
      last = cpis_hub_store_find_patient (fixture->store, NHS_NEW_2, &error);
      g_assert_no_error (error);
      g_assert_null (last);
    }
}

static void
test_patients_bad_header (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char csv[] = PLAN_HEADER NHS_NEW_1 ",Mensah,Kofi,2016-02-29,CPP,2024-01-10,,,9T1\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubPatient) patient = NULL;

  g_assert_cmpint (cpis_hub_import_patients (fixture->store, csv, strlen (csv), &error), ==, -1);
  g_assert_error (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE);
  g_clear_error (&error);
  patient = cpis_hub_store_find_patient (fixture->store, NHS_NEW_1, &error);
  g_assert_no_error (error);
  g_assert_null (patient);
}

/* Patients: the optional restricted and superseded_by columns */

static CpisHubPatient *
find_patient (Fixture    *fixture,
              const char *nhs_number)
{
  g_autoptr(GError) error = NULL;
  CpisHubPatient *patient = cpis_hub_store_find_patient (fixture->store, nhs_number, &error);

  g_assert_no_error (error);
  return patient;
}

static void
test_patients_restricted_and_superseded (Fixture       *fixture,
                                         gconstpointer  data)
{
  /* superseded_by may name a row further down, or a patient already in the hub */
  static const char csv[] =
    PATIENT_HEADER_START ",restricted,superseded_by\n"
    NHS_NEW_1 ",Mensah,Kofi,2016-02-29,male,QN4 7TB,TRUE,\n"
    NHS_NEW_2 ",Jones,Ruby,2010-10-10,female,,false," NHS_NEW_3 "\n"
    NHS_NEW_3 ",Jones,Ruby,2010-10-10,female,QW1 2AB,,\n"
    NHS_UNKNOWN ",Okafor,Amara,2015-06-01,female,,,999 398 2598\n";
  /* the other order, and either column alone */
  static const char reordered[] =
    PATIENT_HEADER_START ",Superseded_By,Restricted\n"
    NHS_NEW_1 ",Mensah,Kofi,2016-02-29,male,QN4 7TB,,False\n";
  static const char restricted_only[] =
    PATIENT_HEADER_START ",restricted\n"
    NHS_NEW_3 ",Jones,Ruby,2010-10-10,female,QW1 2AB,true\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubPatient) kofi = NULL;
  g_autoptr(CpisHubPatient) old = NULL;
  g_autoptr(CpisHubPatient) current = NULL;
  g_autoptr(CpisHubPatient) amara_old = NULL;
  g_autoptr(CpisHubPatient) found = NULL;

  g_assert_cmpint (cpis_hub_import_patients (fixture->store, csv, strlen (csv), &error), ==, 4);
  g_assert_no_error (error);

  kofi = find_patient (fixture, NHS_NEW_1);
  g_assert_true (kofi->restricted);
  g_assert_null (kofi->superseded_by);
  old = find_patient (fixture, NHS_NEW_2);
  g_assert_false (old->restricted);
  g_assert_cmpstr (old->superseded_by, ==, NHS_NEW_3);
  current = find_patient (fixture, NHS_NEW_3);
  g_assert_false (current->restricted);
  g_assert_null (current->superseded_by);
  amara_old = find_patient (fixture, NHS_UNKNOWN);
  g_assert_cmpstr (amara_old->superseded_by, ==, NHS_CHILD);

  /* the hub now answers the old number with the current record */
  found = cpis_hub_store_find_current_patient (fixture->store, NHS_NEW_2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->nhs_number, ==, NHS_NEW_3);

  g_assert_cmpint (cpis_hub_import_patients (fixture->store, reordered, strlen (reordered), &error),
                   ==, 1);
  g_assert_no_error (error);
  g_clear_pointer (&kofi, cpis_hub_patient_free);
  kofi = find_patient (fixture, NHS_NEW_1);
  g_assert_false (kofi->restricted);

  g_assert_cmpint (cpis_hub_import_patients (fixture->store, restricted_only,
                                             strlen (restricted_only), &error), ==, 1);
  g_assert_no_error (error);
  g_clear_pointer (&current, cpis_hub_patient_free);
  current = find_patient (fixture, NHS_NEW_3);
  g_assert_true (current->restricted);
}

static void
test_patients_absent_columns_keep (Fixture       *fixture,
                                   gconstpointer  data)
{
  static const char flagged[] =
    PATIENT_HEADER_START ",restricted,superseded_by\n"
    NHS_NEW_1 ",Mensah,Kofi,2016-02-29,male,QN4 7TB,true,\n"
    NHS_NEW_2 ",Mensah,Kofi,2016-02-29,male,,," NHS_NEW_1 "\n";
  static const char plain[] =
    PATIENT_HEADER
    NHS_NEW_1 ",Mensah,Kofi,2016-02-29,male,QE9 9ZZ\n"
    NHS_NEW_2 ",Mensah,Kofi,2016-02-29,male,\n"
    NHS_NEW_3 ",Begum,Aisha,2019-12-31,female,\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubPatient) kofi = NULL;
  g_autoptr(CpisHubPatient) old = NULL;
  g_autoptr(CpisHubPatient) aisha = NULL;

  g_assert_cmpint (cpis_hub_import_patients (fixture->store, flagged, strlen (flagged), &error),
                   ==, 2);
  g_assert_no_error (error);

  /* a plain demographics file never lifts a restriction or a replacement */
  g_assert_cmpint (cpis_hub_import_patients (fixture->store, plain, strlen (plain), &error), ==, 3);
  g_assert_no_error (error);
  kofi = find_patient (fixture, NHS_NEW_1);
  g_assert_cmpstr (kofi->postcode, ==, "QE9 9ZZ");
  g_assert_true (kofi->restricted);
  old = find_patient (fixture, NHS_NEW_2);
  g_assert_cmpstr (old->superseded_by, ==, NHS_NEW_1);
  /* and a new patient is unrestricted */
  aisha = find_patient (fixture, NHS_NEW_3);
  g_assert_false (aisha->restricted);
  g_assert_null (aisha->superseded_by);
}

static void
test_patients_optional_bad_row_aborts (Fixture       *fixture,
                                       gconstpointer  data)
{
  static const char * const bad_rows[] = {
    NHS_NEW_3 ",Begum,Aisha,2019-12-31,female,QW1 2AB,yes,",
    NHS_NEW_3 ",Begum,Aisha,2019-12-31,female,QW1 2AB,1,",
    NHS_NEW_3 ",Begum,Aisha,2019-12-31,female,QW1 2AB,false," NHS_BAD_CHECK,
    NHS_NEW_3 ",Begum,Aisha,2019-12-31,female,QW1 2AB,false,99939825",
    NHS_NEW_3 ",Begum,Aisha,2019-12-31,female,QW1 2AB,false," NHS_NEW_3,
    /* valid, but no record in the file or the hub */
    NHS_NEW_3 ",Begum,Aisha,2019-12-31,female,QW1 2AB,false,9990000018",
    NHS_NEW_3 ",Begum,Aisha,2019-12-31,female,QW1 2AB,false",
    NHS_NEW_3 ",Begum,Aisha,2019-12-31,female,QW1 2AB",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_rows); i++)
    {
      g_autofree char *csv = g_strconcat (PATIENT_HEADER_START ",restricted,superseded_by\n",
                                          NHS_NEW_1 ",Mensah,Kofi,2016-02-29,male,QN4 7TB,true,\n",
                                          bad_rows[i], "\n",
                                          NHS_NEW_2 ",Jones,Ruby,2010-10-10,female,,,\n",
                                          NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisHubPatient) first = NULL;
      g_autoptr(CpisHubPatient) last = NULL;
      g_autofree char *message = NULL;

      g_test_message ("bad row %u: %s", i, bad_rows[i]);
      g_assert_cmpint (cpis_hub_import_patients (fixture->store, csv, strlen (csv), &error), ==, -1);
      g_assert_error (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE);
      message = g_ascii_strdown (error->message, -1);
      g_assert_nonnull (strstr (message, "line 3"));

      /* all rows or none */
      first = find_patient (fixture, NHS_NEW_1);
      g_assert_null (first);
      last = find_patient (fixture, NHS_NEW_2);
      g_assert_null (last);
    }
}

static void
test_patients_optional_bad_header (Fixture       *fixture,
                                   gconstpointer  data)
{
  static const char * const headers[] = {
    PATIENT_HEADER_START ",sensitive\n",
    PATIENT_HEADER_START ",restricted,restricted\n",
    PATIENT_HEADER_START ",restricted,superseded_by,restricted\n",
    "nhs_number,restricted,family_name,given_name,date_of_birth,gender,postcode\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autofree char *csv = g_strconcat (headers[i],
                                          NHS_NEW_1 ",Mensah,Kofi,2016-02-29,male,QN4 7TB,true\n",
                                          NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CpisHubPatient) patient = NULL;

      g_assert_cmpint (cpis_hub_import_patients (fixture->store, csv, strlen (csv), &error), ==, -1);
      g_assert_error (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE);
      g_assert_nonnull (strstr (error->message, "header"));
      patient = find_patient (fixture, NHS_NEW_1);
      g_assert_null (patient);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/import/plans/success", test_plans_success);
  ADD ("/import/plans/names-case-insensitive", test_plans_names_case_insensitive);
  ADD ("/import/plans/cpr01", test_plans_cpr01);
  ADD ("/import/plans/cpr03", test_plans_cpr03);
  ADD ("/import/plans/cpr07", test_plans_cpr07);
  ADD ("/import/plans/mismatch-detail", test_plans_mismatch_detail_names_fields_only);
  ADD ("/import/plans/ucpp", test_plans_ucpp);
  ADD ("/import/plans/store-failure", test_plans_store_failure);
  ADD ("/import/plans/file-codes", test_plans_file_codes);
  ADD ("/import/plans/file-errors", test_plans_file_errors);
  ADD ("/import/plans/header-case-insensitive", test_plans_header_case_insensitive);
  ADD ("/import/plans/rejected-writes-nothing", test_plans_rejected_writes_nothing);
  ADD ("/import/plans/reimport-updates", test_plans_reimport_updates);
  ADD ("/import/plans/quoted-crlf", test_plans_quoted_crlf);
  ADD ("/import/patients/success", test_patients_success);
  ADD ("/import/patients/bad-row-aborts", test_patients_bad_row_aborts);
  ADD ("/import/patients/bad-header", test_patients_bad_header);
  ADD ("/import/patients/restricted-and-superseded", test_patients_restricted_and_superseded);
  ADD ("/import/patients/absent-columns-keep", test_patients_absent_columns_keep);
  ADD ("/import/patients/optional-bad-row-aborts", test_patients_optional_bad_row_aborts);
  ADD ("/import/patients/optional-bad-header", test_patients_optional_bad_header);

#undef ADD

  return g_test_run ();
}
