/* test-hub-import.c: CSV imports (demographics, LA plan uploads) and the seed */
#include <glib/gstdio.h>
#include <string.h>

#include "cpis-date.h"
#include "cpis-hub-auth.h"
#include "cpis-hub-import.h"
#include "cpis-hub-rules.h"
#include "cpis-hub-seed.h"
#include "cpis-hub-store.h"
#include "cpis-hub-store-private.h"   /* _cpis_hub_store_fail_next_write */
#include "cpis-nhs-number.h"
#include "cpis-test-util.h"

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
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  CpisHubStore *store = cpis_hub_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
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

/* Seed */

#define SEED_CHILDREN 40
#define SEED_SEED 7

static void
seed_today (GDate *today)
{
  g_date_clear (today, 1);
  g_date_set_dmy (today, 14, G_DATE_MARCH, 2025);
}

static gint64
date_to_usec (const GDate *date)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                                                   g_date_get_day (date), 0, 0, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static int
days_before (const char  *text,
             const GDate *today)
{
  GDate date;

  g_assert_true (cpis_date_parse (text, &date));
  return cpis_date_days_between (&date, today);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

static CpisHubStore *
seed_store (const char  *dir,
            const char  *name,
            GPtrArray  **accounts)
{
  g_autoptr(GError) error = NULL;
  CpisHubStore *store = open_store (dir, name);
  GDate today;

  seed_today (&today);
  *accounts = cpis_hub_seed (store, SEED_CHILDREN, SEED_SEED, &today, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*accounts);
  return store;
}

static void
assert_same_plans (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      CpisHubPlan *x = g_ptr_array_index (a, i);
      CpisHubPlan *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->nhs_number, ==, y->nhs_number);
      g_assert_cmpint (x->plan_type, ==, y->plan_type);
      g_assert_cmpstr (x->start_date, ==, y->start_date);
      g_assert_cmpstr (x->end_date, ==, y->end_date);
      g_assert_cmpstr (x->due_date, ==, y->due_date);
      g_assert_cmpstr (x->subject_name, ==, y->subject_name);
      g_assert_cmpstr (x->date_of_birth, ==, y->date_of_birth);
      g_assert_cmpstr (x->la->ods_code, ==, y->la->ods_code);
    }
}

static void
test_seed_deterministic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cpis-test-seed-XXXXXX", &error);
  g_autoptr(GPtrArray) accounts_a = NULL;
  g_autoptr(GPtrArray) accounts_b = NULL;
  g_autoptr(CpisHubStore) a = NULL;
  g_autoptr(CpisHubStore) b = NULL;
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(GPtrArray) other_numbers = NULL;
  guint n_with_plans = 0;

  g_assert_no_error (error);
  a = seed_store (dir, "a.db", &accounts_a);
  b = seed_store (dir, "b.db", &accounts_b);

  numbers = cpis_hub_seed_nhs_numbers (SEED_CHILDREN, SEED_SEED);
  g_assert_cmpuint (numbers->len, ==, SEED_CHILDREN);
  for (guint i = 0; i < numbers->len; i++)
    {
      const char *nhs_number = g_ptr_array_index (numbers, i);
      g_autoptr(GPtrArray) plans_a = cpis_hub_store_list_plans (a, nhs_number, &error);
      g_autoptr(GPtrArray) plans_b = NULL;
      g_autoptr(CpisHubPatient) patient_a = NULL;
      g_autoptr(CpisHubPatient) patient_b = NULL;

      g_assert_no_error (error);
      plans_b = cpis_hub_store_list_plans (b, nhs_number, &error);
      g_assert_no_error (error);
      assert_same_plans (plans_a, plans_b);
      n_with_plans += plans_a->len > 0;

      patient_a = cpis_hub_store_find_patient (a, nhs_number, &error);
      g_assert_no_error (error);
      patient_b = cpis_hub_store_find_patient (b, nhs_number, &error);
      g_assert_no_error (error);
      g_assert_nonnull (patient_a);
      g_assert_nonnull (patient_b);
      g_assert_cmpstr (patient_a->family_name, ==, patient_b->family_name);
      g_assert_cmpstr (patient_a->given_name, ==, patient_b->given_name);
      g_assert_cmpstr (patient_a->date_of_birth, ==, patient_b->date_of_birth);
      g_assert_cmpstr (patient_a->gender, ==, patient_b->gender);
      g_assert_cmpstr (patient_a->postcode, ==, patient_b->postcode);

      g_assert_cmpint (cpis_hub_store_count_accesses (a, nhs_number, NULL), ==,
                       cpis_hub_store_count_accesses (b, nhs_number, NULL));
    }
  g_assert_cmpuint (n_with_plans, >, 0);

  /* Same demo passwords; a different seed gives other NHS numbers */
  g_assert_cmpuint (accounts_a->len, ==, accounts_b->len);
  for (guint i = 0; i < accounts_a->len; i++)
    g_assert_cmpstr (((CpisDemoAccount *) g_ptr_array_index (accounts_a, i))->password, ==,
                     ((CpisDemoAccount *) g_ptr_array_index (accounts_b, i))->password);
  other_numbers = cpis_hub_seed_nhs_numbers (SEED_CHILDREN, SEED_SEED + 1);
  g_assert_cmpuint (other_numbers->len, ==, SEED_CHILDREN);
  g_assert_cmpstr (g_ptr_array_index (other_numbers, 0), !=, g_ptr_array_index (numbers, 0));

  cpis_hub_store_close (a);
  cpis_hub_store_close (b);
  g_assert_true (cpis_test_remove_tree (dir));
}

typedef struct
{
  guint cpp_active;
  guint lac_active;
  guint ended_shown;
  guint ended_hidden;
  guint ucpp_due_ahead;
  guint ucpp_due_recently_passed;
  guint two_plans_two_las;
  guint no_plan;
  guint many_accesses;
  guint repeated_attendance;
} SeedCounts;

/* 3 or more accesses in the 30 days before @today, from 3 or more settings */
static gboolean
is_repeated_attendance (GPtrArray   *accesses,
                        const GDate *today)
{
  g_autoptr(GHashTable) settings = g_hash_table_new (g_str_hash, g_str_equal);
  GDate from = *today;
  gint64 from_usec;
  guint n = 0;

  g_date_subtract_days (&from, 30);
  from_usec = date_to_usec (&from);
  for (guint i = 0; i < accesses->len; i++)
    {
      CpisHubAccess *access = g_ptr_array_index (accesses, i);

      if (access->recorded_usec < from_usec)
        continue;
      n++;
      g_hash_table_add (settings, access->org_ods_code);
    }

  return n >= 3 && g_hash_table_size (settings) >= 3;
}

static void
test_seed_properties (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cpis-test-seed-XXXXXX", &error);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(GHashTable) distinct = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) orgs = NULL;
  g_autoptr(GHashTable) areas = g_hash_table_new (g_str_hash, g_str_equal);
  SeedCounts counts = { 0 };
  guint n_kinds[3] = { 0 };
  gint64 total_accesses = 0;
  gint64 tomorrow_usec;
  GDate today, tomorrow;

  g_assert_no_error (error);
  seed_today (&today);
  tomorrow = today;
  g_date_add_days (&tomorrow, 1);
  tomorrow_usec = date_to_usec (&tomorrow);
  store = seed_store (dir, "hub.db", &accounts);

  numbers = cpis_hub_seed_nhs_numbers (SEED_CHILDREN, SEED_SEED);
  for (guint i = 0; i < numbers->len; i++)
    {
      const char *nhs_number = g_ptr_array_index (numbers, i);
      g_autoptr(CpisHubPatient) patient = NULL;
      g_autoptr(GPtrArray) plans = NULL;
      g_autoptr(GPtrArray) accesses = NULL;
      g_autoptr(GHashTable) las = g_hash_table_new (g_str_hash, g_str_equal);
      gboolean expectant = FALSE;
      gint64 n_accesses;
      int age_days;

      g_assert_true (cpis_nhs_number_is_valid (nhs_number));
      g_assert_true (cpis_nhs_number_is_test_range (nhs_number));
      g_assert_cmpuint (strlen (nhs_number), ==, 10);
      g_assert_true (g_hash_table_add (distinct, (gpointer) nhs_number));

      patient = cpis_hub_store_find_patient (store, nhs_number, &error);
      g_assert_no_error (error);
      g_assert_nonnull (patient);
      g_assert_true (has_text (patient->family_name));
      g_assert_true (has_text (patient->given_name));
      g_assert_true (cpis_date_is_valid (patient->date_of_birth));
      age_days = days_before (patient->date_of_birth, &today);

      plans = cpis_hub_store_list_plans (store, nhs_number, &error);
      g_assert_no_error (error);
      if (plans->len == 0)
        counts.no_plan++;
      if (plans->len >= 2)
        {
          for (guint j = 0; j < plans->len; j++)
            g_hash_table_add (las, ((CpisHubPlan *) g_ptr_array_index (plans, j))->la->ods_code);
          if (g_hash_table_size (las) >= 2)
            counts.two_plans_two_las++;
        }

      for (guint j = 0; j < plans->len; j++)
        {
          CpisHubPlan *plan = g_ptr_array_index (plans, j);
          gboolean shown = cpis_hub_plan_is_shown (plan, &today);

          g_assert_cmpstr (plan->nhs_number, ==, nhs_number);
          g_assert_cmpstr (plan->date_of_birth, ==, patient->date_of_birth);
          g_assert_true (has_text (plan->subject_name));
          g_assert_nonnull (plan->la);
          g_assert_cmpint (plan->la->kind, ==, CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY);
          g_assert_true (has_text (plan->la->phone_emergency));
          g_assert_true (cpis_date_is_valid (plan->start_date));
          g_assert_cmpint (days_before (plan->start_date, &today), >=, 0);
          if (has_text (plan->end_date))
            g_assert_cmpint (days_before (plan->end_date, &today), <=, days_before (plan->start_date, &today));

          switch (plan->plan_type)
            {
            case CPIS_PLAN_TYPE_UCPP:
              expectant = TRUE;
              g_assert_true (has_text (plan->due_date));
              if (days_before (plan->due_date, &today) < 0)
                counts.ucpp_due_ahead++;
              else if (shown && !has_text (plan->end_date))
                counts.ucpp_due_recently_passed++;
              break;
            case CPIS_PLAN_TYPE_CPP:
            case CPIS_PLAN_TYPE_LAC:
              g_assert_false (has_text (plan->due_date));
              /* a child's plan starts after birth */
              g_assert_cmpint (days_before (plan->start_date, &today), <=, age_days);
              if (!has_text (plan->end_date))
                {
                  if (plan->plan_type == CPIS_PLAN_TYPE_CPP)
                    counts.cpp_active++;
                  else
                    counts.lac_active++;
                }
              else if (shown)
                counts.ended_shown++;
              else
                counts.ended_hidden++;
              break;
            case CPIS_PLAN_TYPE_UNRECOGNISED:
            default:
              g_assert_not_reached ();
            }
        }

      if (expectant)
        {
          g_assert_cmpstr (patient->gender, ==, "female");
          g_assert_cmpint (age_days, >=, 18 * 365 + 5);
          g_assert_cmpint (age_days, <=, 41 * 365);
        }
      else
        {
          g_assert_cmpint (age_days, >=, 0);
          g_assert_cmpint (age_days, <, 18 * 365 + 4);
        }

      n_accesses = cpis_hub_store_count_accesses (store, nhs_number, &error);
      g_assert_no_error (error);
      total_accesses += n_accesses;
      if (plans->len == 0)
        g_assert_cmpint (n_accesses, ==, 0);
      if (n_accesses > CPIS_HUB_ACCESS_HISTORY_LIMIT)
        counts.many_accesses++;

      accesses = cpis_hub_store_list_accesses (store, nhs_number, CPIS_HUB_ACCESS_HISTORY_LIMIT, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (accesses->len, ==, MIN (n_accesses, CPIS_HUB_ACCESS_HISTORY_LIMIT));
      for (guint j = 0; j < accesses->len; j++)
        {
          CpisHubAccess *access = g_ptr_array_index (accesses, j);
          g_autoptr(CpisHubOrganisation) org = cpis_hub_store_find_organisation (store, access->org_ods_code, &error);

          g_assert_no_error (error);
          g_assert_nonnull (org);
          g_assert_cmpint (org->kind, ==, CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE);
          g_assert_cmpint (access->recorded_usec, <, tomorrow_usec);
          g_assert_true (has_text (access->viewer_name));
          g_assert_true (has_text (access->job_role_code));
          g_assert_true (has_text (access->job_role_display));
          if (j > 0)
            g_assert_cmpint (access->recorded_usec, <=,
                             ((CpisHubAccess *) g_ptr_array_index (accesses, j - 1))->recorded_usec);
        }
      if (is_repeated_attendance (accesses, &today))
        counts.repeated_attendance++;
    }

  g_test_message ("CPP %u, LAC %u, ended shown %u, ended hidden %u, UCPP ahead %u, UCPP passed %u, "
                  "two LAs %u, no plan %u, >25 accesses %u, repeated %u",
                  counts.cpp_active, counts.lac_active, counts.ended_shown, counts.ended_hidden,
                  counts.ucpp_due_ahead, counts.ucpp_due_recently_passed, counts.two_plans_two_las,
                  counts.no_plan, counts.many_accesses, counts.repeated_attendance);
  g_assert_cmpuint (counts.cpp_active, >=, 1);
  g_assert_cmpuint (counts.lac_active, >=, 1);
  g_assert_cmpuint (counts.ended_shown, >=, 1);
  g_assert_cmpuint (counts.ended_hidden, >=, 1);
  g_assert_cmpuint (counts.ucpp_due_ahead, >=, 1);
  g_assert_cmpuint (counts.ucpp_due_recently_passed, >=, 1);
  g_assert_cmpuint (counts.two_plans_two_las, >=, 1);
  g_assert_cmpuint (counts.many_accesses, >=, 1);
  g_assert_cmpuint (counts.repeated_attendance, >=, 1);
  /* about a third have no plan */
  g_assert_cmpuint (counts.no_plan, >=, SEED_CHILDREN / 5);
  g_assert_cmpuint (counts.no_plan, <=, SEED_CHILDREN / 2);

  /* every access notified at least one LA */
  g_assert_cmpint (total_accesses, >, 0);
  g_assert_cmpint (cpis_hub_store_count_notifications (store, NULL, &error), >=, total_accesses);
  g_assert_no_error (error);

  /* organisations of every kind, in three areas */
  orgs = cpis_hub_store_list_organisations (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < orgs->len; i++)
    {
      CpisHubOrganisation *org = g_ptr_array_index (orgs, i);

      g_assert_cmpint (org->kind, <, 3);
      n_kinds[org->kind]++;
      g_assert_true (has_text (org->area));
      g_hash_table_add (areas, org->area);
      if (org->kind == CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY)
        {
          g_assert_true (has_text (org->phone_office));
          g_assert_true (has_text (org->phone_emergency));
        }
    }
  g_assert_cmpuint (n_kinds[CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY], >=, 6);
  g_assert_cmpuint (n_kinds[CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE], >=, 9);
  g_assert_cmpuint (n_kinds[CPIS_HUB_ORG_KIND_SCHEDULED_CARE], >=, 3);
  g_assert_cmpuint (g_hash_table_size (areas), ==, 3);

  cpis_hub_store_close (store);
  g_assert_true (cpis_test_remove_tree (dir));
}

/* Demographics to try: a restricted child, a superseded/current pair, a plan
 * uploaded under another name, each with a plan to show */
static void
test_seed_demographics (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cpis-test-seed-XXXXXX", &error);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(GHashTable) seeded = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(CpisHubSeedDemographicsExamples) examples = NULL;
  g_autofree char *superseded = NULL;
  guint n_restricted = 0;
  GDate today;

  g_assert_no_error (error);
  seed_today (&today);
  store = seed_store (dir, "hub.db", &accounts);
  numbers = cpis_hub_seed_nhs_numbers (SEED_CHILDREN, SEED_SEED);

  /* every child and mother has demographics; a few are restricted */
  for (guint i = 0; i < numbers->len; i++)
    {
      const char *nhs_number = g_ptr_array_index (numbers, i);
      g_autoptr(CpisHubPatient) patient = cpis_hub_store_find_patient (store, nhs_number, &error);

      g_assert_no_error (error);
      g_assert_nonnull (patient);
      g_assert_true (has_text (patient->gender));
      g_assert_true (has_text (patient->postcode));
      g_assert_null (patient->superseded_by);
      n_restricted += patient->restricted;
      g_hash_table_add (seeded, (gpointer) nhs_number);
    }
  g_assert_cmpuint (n_restricted, >=, 1);
  g_assert_cmpuint (n_restricted, <=, SEED_CHILDREN / 10);

  examples = cpis_hub_seed_demographics_examples (store, SEED_CHILDREN, SEED_SEED, &today);
  g_assert_nonnull (examples->restricted);
  g_assert_nonnull (examples->superseded);
  g_assert_nonnull (examples->current);
  g_assert_nonnull (examples->name_differs);

  {
    g_autoptr(CpisHubPatient) patient = cpis_hub_store_find_patient (store, examples->restricted, NULL);
    g_autoptr(GPtrArray) plans = cpis_hub_store_list_plans (store, examples->restricted, NULL);
    g_autoptr(GPtrArray) shown = cpis_hub_plans_to_show (plans, &today);

    g_assert_true (patient->restricted);
    g_assert_cmpuint (shown->len, >, 0);
  }

  /* the superseded number: in the 999 range, not a child's, pointing to a child with a plan */
  superseded = cpis_hub_seed_superseded_nhs_number (SEED_CHILDREN, SEED_SEED);
  g_assert_cmpstr (examples->superseded, ==, superseded);
  g_assert_true (cpis_nhs_number_is_valid (superseded));
  g_assert_true (cpis_nhs_number_is_test_range (superseded));
  g_assert_false (g_hash_table_contains (seeded, superseded));
  g_assert_true (g_hash_table_contains (seeded, examples->current));
  {
    g_autoptr(CpisHubPatient) old = cpis_hub_store_find_patient (store, superseded, NULL);
    g_autoptr(CpisHubPatient) current = cpis_hub_store_find_current_patient (store, superseded, NULL);
    g_autoptr(GPtrArray) old_plans = cpis_hub_store_list_plans (store, superseded, NULL);
    g_autoptr(GPtrArray) plans = cpis_hub_store_list_plans (store, examples->current, NULL);
    g_autoptr(GPtrArray) shown = cpis_hub_plans_to_show (plans, &today);

    g_assert_cmpstr (old->superseded_by, ==, examples->current);
    g_assert_cmpstr (current->nhs_number, ==, examples->current);
    g_assert_cmpstr (old->family_name, ==, current->family_name);
    g_assert_cmpstr (old->date_of_birth, ==, current->date_of_birth);
    g_assert_cmpuint (old_plans->len, ==, 0);
    g_assert_cmpuint (shown->len, >, 0);
  }

  /* the name-mismatch child: the uploaded family name is not the demographics one */
  {
    g_autoptr(CpisHubPatient) patient = cpis_hub_store_find_patient (store, examples->name_differs,
                                                                     NULL);
    g_autoptr(GPtrArray) plans = cpis_hub_store_list_plans (store, examples->name_differs, NULL);
    g_autoptr(GPtrArray) shown = cpis_hub_plans_to_show (plans, &today);
    g_autofree char *family_upper = g_utf8_strup (patient->family_name, -1);
    CpisHubPlan *plan;

    g_assert_cmpuint (shown->len, >, 0);
    plan = g_ptr_array_index (shown, 0);
    g_assert_true (g_str_has_prefix (plan->subject_name, patient->given_name));
    g_assert_null (strstr (plan->subject_name, family_upper));
    g_assert_cmpstr (plan->date_of_birth, ==, patient->date_of_birth);
  }

  cpis_hub_store_close (store);
  g_assert_true (cpis_test_remove_tree (dir));
}

static void
test_seed_demo_accounts (void)
{
  static const struct
  {
    const char     *username;
    CpisHubRole     role;
    CpisHubOrgKind  kind;
  } expected[] = {
    { "nurse", CPIS_HUB_ROLE_CLINICIAN, CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE },
    { "gp", CPIS_HUB_ROLE_CLINICIAN, CPIS_HUB_ORG_KIND_SCHEDULED_CARE },
    { "socialworker", CPIS_HUB_ROLE_SOCIAL_WORKER, CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY },
    { "partnership", CPIS_HUB_ROLE_PARTNERSHIP_OFFICER, CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY },
    { "admin", CPIS_HUB_ROLE_ADMINISTRATOR, CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cpis-test-seed-XXXXXX", &error);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(CpisHubStore) store = NULL;
  GDate today;

  g_assert_no_error (error);
  store = seed_store (dir, "hub.db", &accounts);
  g_assert_cmpuint (accounts->len, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CpisDemoAccount *account = NULL;
      g_autoptr(CpisHubUser) user = NULL;
      g_autofree char *hash = NULL;
      g_autofree char *wrong = NULL;

      for (guint j = 0; j < accounts->len; j++)
        {
          CpisDemoAccount *candidate = g_ptr_array_index (accounts, j);

          if (g_strcmp0 (candidate->username, expected[i].username) == 0)
            account = candidate;
        }
      g_assert_nonnull (account);
      g_assert_cmpstr (cpis_role_to_string (account->role), ==, cpis_hub_role_to_string (expected[i].role));
      g_assert_true (has_text (account->description));
      g_assert_cmpuint (strlen (account->password), >=, 12);

      user = cpis_hub_store_find_user (store, account->username, &hash, &error);
      g_assert_no_error (error);
      g_assert_nonnull (user);
      g_assert_cmpint (user->role, ==, expected[i].role);
      g_assert_nonnull (user->organisation);
      g_assert_cmpint (user->organisation->kind, ==, expected[i].kind);
      g_assert_true (cpis_hub_auth_check_password (account->password, hash));
      wrong = g_strconcat (account->password, "x", NULL);
      g_assert_false (cpis_hub_auth_check_password (wrong, hash));
    }

  /* Seeding a store twice is refused rather than half-done */
  seed_today (&today);
  again = cpis_hub_seed (store, 3, SEED_SEED, &today, &error);
  g_assert_null (again);
  g_assert_nonnull (error);

  cpis_hub_store_close (store);
  g_assert_true (cpis_test_remove_tree (dir));
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

  g_test_add_func ("/seed/deterministic", test_seed_deterministic);
  g_test_add_func ("/seed/properties", test_seed_properties);
  g_test_add_func ("/seed/demographics", test_seed_demographics);
  g_test_add_func ("/seed/demo-accounts", test_seed_demo_accounts);

  return g_test_run ();
}
