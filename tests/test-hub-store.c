/* test-hub-store.c: the hub's database
 *
 * Every test works on a real SQLite file in its own temporary directory,
 * removed at the end. NHS numbers are synthetic (999 range) with check
 * digits computed here by a reference Modulus 11.
 */
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cpis-hub-store-private.h"   /* _cpis_hub_store_create_at_version */
#include "cpis-test-hub.h"
#include "cpis-uuid.h"

#define LA_ODS    "TESTLA1"
#define LA2_ODS   "TESTLA2"
#define ED_ODS    "TESTED1"

typedef struct
{
  char         *dir;
  char         *path;
  CpisHubStore *store;
  gint64        la_id;
  gint64        la2_id;
  gint64        user_id;
} Fixture;

/* ------------------------------------------------------------------------ */
/* Helpers */

/* Modulus 11 as the NHS Data Dictionary describes it; -1 for "10, invalid" */
static int
reference_check_digit (const char *nine)
{
  int sum = 0;
  int check;

  for (int i = 0; i < 9; i++)
    sum += (nine[i] - '0') * (10 - i);

  check = 11 - sum % 11;
  if (check == 11)
    check = 0;
  return check == 10 ? -1 : check;
}

/* The @n-th valid synthetic NHS number (999 range), n from 0 */
static char *
synthetic_nhs_number (guint n)
{
  guint seen = 0;

  for (guint serial = 0; serial < 1000000; serial++)
    {
      g_autofree char *nine = g_strdup_printf ("999%06u", serial);
      int check = reference_check_digit (nine);

      if (check < 0)
        continue;
      if (seen++ == n)
        return g_strdup_printf ("%s%d", nine, check);
    }

  g_assert_not_reached ();
}

static CpisHubOrganisation *
make_org (const char     *ods_code,
          const char     *name,
          CpisHubOrgKind  kind)
{
  CpisHubOrganisation *org = g_new0 (CpisHubOrganisation, 1);

  org->ods_code = g_strdup (ods_code);
  org->name = g_strdup (name);
  org->kind = kind;
  return org;
}

static CpisHubUser *
make_user (const char *username,
           const char *full_name,
           const char *ods_code)
{
  CpisHubUser *user = g_new0 (CpisHubUser, 1);

  user->username = g_strdup (username);
  user->full_name = g_strdup (full_name);
  user->role = CPIS_ROLE_CLINICIAN;
  user->job_role_code = g_strdup ("R8000");
  user->job_role_display = g_strdup ("Clinical Practitioner Access Role");
  user->organisation = make_org (ods_code, NULL, CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE);
  return user;
}

static void
fixture_reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  if (fixture->store != NULL)
    cpis_hub_store_close (fixture->store);
  g_clear_object (&fixture->store);

  fixture->store = cpis_hub_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

/* A store with two LAs, one emergency department and one clinician */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubOrganisation) la = make_org (LA_ODS, "Testshire Council", CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY);
  g_autoptr(CpisHubOrganisation) la2 = make_org (LA2_ODS, "Exampleton Council", CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY);
  g_autoptr(CpisHubOrganisation) ed = make_org (ED_ODS, "Testshire General ED", CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE);
  g_autoptr(CpisHubUser) user = make_user ("nurse", "Alex Example", ED_ODS);

  fixture->dir = g_dir_make_tmp ("test-hub-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "hub.db", NULL);
  fixture_reopen (fixture);

  if (data == NULL)
    return;

  la->phone_office = g_strdup ("0100 000 0001");
  la->phone_emergency = g_strdup ("0100 000 0002");
  g_assert_true (cpis_hub_store_put_organisation (fixture->store, la, &error));
  g_assert_no_error (error);
  g_assert_true (cpis_hub_store_put_organisation (fixture->store, la2, &error));
  g_assert_no_error (error);
  g_assert_true (cpis_hub_store_put_organisation (fixture->store, ed, &error));
  g_assert_no_error (error);
  g_assert_true (cpis_hub_store_add_user (fixture->store, user, "$y$fakehash", &error));
  g_assert_no_error (error);

  fixture->la_id = la->id;
  fixture->la2_id = la2->id;
  fixture->user_id = user->id;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store != NULL)
    cpis_hub_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_assert_true (cpis_test_remove_tree (fixture->dir));
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* PRAGMA user_version read straight from the file, or set in it */
static int
file_user_version (const char *path,
                   int         set_to)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (set_to >= 0)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", set_to);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return version;
}

static void
add_token (CpisHubStore *store,
           const char   *hash,
           gint64        user_id,
           gint64        expires_usec,
           GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_store_add_token_async (store, hash, user_id, expires_usec, NULL,
                                  cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  cpis_hub_store_add_token_finish (store, result, error);
}

static void
revoke_token (CpisHubStore *store,
              const char   *hash)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cpis_hub_store_revoke_token_async (store, hash, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  g_assert_true (cpis_hub_store_revoke_token_finish (store, result, &error));
  g_assert_no_error (error);
}

static char *
record_access_async (CpisHubStore  *store,
                     const char    *nhs_number,
                     gint64         user_id,
                     gint64         recorded_usec,
                     const gint64  *la_ids,
                     guint          n_la_ids,
                     GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_store_record_access_async (store, nhs_number, user_id, recorded_usec,
                                      la_ids, n_la_ids, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_store_record_access_finish (store, result, error);
}

/* ------------------------------------------------------------------------ */
/* Opening */

static void
test_open_reopen (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubOrganisation) found = NULL;
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(GPtrArray) accesses = NULL;
  g_autofree char *nhs = synthetic_nhs_number (0);
  g_autofree char *access_id = NULL;
  int version;

  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));

  version = cpis_hub_store_get_schema_version (fixture->store);
  g_assert_cmpint (version, >=, 1);

  access_id = record_access_async (fixture->store, nhs, fixture->user_id, 1000, &fixture->la_id, 1, &error);
  g_assert_no_error (error);

  /* Closed and opened again: everything committed is still there */
  fixture_reopen (fixture);
  g_assert_cmpint (cpis_hub_store_get_schema_version (fixture->store), ==, version);

  found = cpis_hub_store_find_organisation (fixture->store, LA_ODS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, fixture->la_id);
  g_assert_cmpstr (found->phone_emergency, ==, "0100 000 0002");

  user = cpis_hub_store_find_user (fixture->store, "nurse", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpint (user->id, ==, fixture->user_id);

  accesses = cpis_hub_store_list_accesses (fixture->store, nhs, 25, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accesses->len, ==, 1);
  g_assert_cmpstr (((CpisHubAccess *) accesses->pdata[0])->id, ==, access_id);
  g_assert_cmpint (cpis_test_store_count_notifications (fixture->store, LA_ODS), ==, 1);

  /* The version the store reports is the one in the file */
  cpis_hub_store_close (fixture->store);
  g_assert_cmpint (file_user_version (fixture->path, -1), ==, version);
}

static void
test_too_new (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubStore) store = NULL;
  int version = cpis_hub_store_get_schema_version (fixture->store);

  cpis_hub_store_close (fixture->store);
  g_clear_object (&fixture->store);

  g_assert_cmpint (file_user_version (fixture->path, version + 1), ==, version + 1);

  store = cpis_hub_store_open (fixture->path, &error);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_TOO_NEW);
  g_assert_null (store);

  /* Refused without being touched */
  g_assert_cmpint (file_user_version (fixture->path, -1), ==, version + 1);
}

static void
test_not_a_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubStore) store = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-hub-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "garbage.db", NULL);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "this is not a database, just some text that is long enough", -1, &error));
  g_assert_no_error (error);

  store = cpis_hub_store_open (path, &error);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED);
  g_assert_null (store);

  g_assert_true (cpis_test_remove_tree (dir));
}

/* ------------------------------------------------------------------------ */
/* Organisations, users, tokens */

static void
test_organisations (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubOrganisation) org = make_org ("TESTGP1", "Example Surgery", CPIS_HUB_ORG_KIND_SCHEDULED_CARE);
  g_autoptr(CpisHubOrganisation) update = NULL;
  g_autoptr(CpisHubOrganisation) found = NULL;
  g_autoptr(CpisHubOrganisation) missing = NULL;
  g_autoptr(CpisHubOrganisation) nameless = make_org ("TESTGP2", NULL, CPIS_HUB_ORG_KIND_SCHEDULED_CARE);
  g_autoptr(GPtrArray) orgs = NULL;
  gint64 id;

  org->area = g_strdup ("Testshire Safeguarding Partnership");
  g_assert_true (cpis_hub_store_put_organisation (fixture->store, org, &error));
  g_assert_no_error (error);
  g_assert_cmpint (org->id, >, 0);
  id = org->id;

  /* The same ODS code updates the row and keeps its id */
  update = make_org ("TESTGP1", "Example Surgery (renamed) – Ystradgynlais", CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE);
  update->phone_office = g_strdup ("0100 000 0003");
  g_assert_true (cpis_hub_store_put_organisation (fixture->store, update, &error));
  g_assert_no_error (error);
  g_assert_cmpint (update->id, ==, id);

  found = cpis_hub_store_find_organisation (fixture->store, "TESTGP1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, id);
  g_assert_cmpstr (found->name, ==, update->name);
  g_assert_cmpint (found->kind, ==, CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE);
  g_assert_cmpstr (found->phone_office, ==, "0100 000 0003");
  g_assert_null (found->phone_emergency);
  g_assert_null (found->area);

  missing = cpis_hub_store_find_organisation (fixture->store, "NOSUCH", &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  /* A name is required: an error, not a crash */
  g_assert_false (cpis_hub_store_put_organisation (fixture->store, nameless, &error));
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED);
  g_clear_error (&error);

  orgs = cpis_hub_store_list_organisations (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orgs->len, ==, 4);
  for (guint i = 0; i + 1 < orgs->len; i++)
    {
      CpisHubOrganisation *a = orgs->pdata[i];
      CpisHubOrganisation *b = orgs->pdata[i + 1];

      g_assert_cmpstr (a->ods_code, <, b->ods_code);
    }
}

static void
test_users (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubUser) user = make_user ("sw1", "Sam Ŵorker-Ünïcode 社工", LA_ODS);
  g_autoptr(CpisHubUser) duplicate = make_user ("sw1", "Someone Else", ED_ODS);
  g_autoptr(CpisHubUser) orphan = make_user ("orphan", "Nobody", "NOSUCH");
  g_autoptr(CpisHubUser) given = make_user ("given", "Given Ids", ED_ODS);
  g_autoptr(CpisHubUser) found = NULL;
  g_autoptr(CpisHubUser) missing = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *given_role_id = cpis_uuid_new ();

  user->role = CPIS_ROLE_SOCIAL_WORKER;
  g_clear_pointer (&user->job_role_code, g_free);
  g_clear_pointer (&user->job_role_display, g_free);

  g_assert_true (cpis_hub_store_add_user (fixture->store, user, "$y$hash-sw1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (user->id, >, 0);
  g_assert_cmpint (user->organisation->id, ==, fixture->la_id);
  g_assert_true (cpis_uuid_is_valid (user->practitioner_role_id));
  g_assert_nonnull (user->role_profile_id);
  g_assert_cmpuint (strlen (user->role_profile_id), ==, 12);
  for (const char *c = user->role_profile_id; *c != '\0'; c++)
    g_assert_true (g_ascii_isdigit (*c));

  found = cpis_hub_store_find_user (fixture->store, "sw1", &hash, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, user->id);
  g_assert_cmpstr (found->full_name, ==, user->full_name);
  g_assert_cmpint (found->role, ==, CPIS_ROLE_SOCIAL_WORKER);
  g_assert_null (found->job_role_code);
  g_assert_null (found->job_role_display);
  g_assert_cmpstr (found->practitioner_role_id, ==, user->practitioner_role_id);
  g_assert_cmpstr (found->role_profile_id, ==, user->role_profile_id);
  g_assert_cmpstr (found->organisation->ods_code, ==, LA_ODS);
  g_assert_cmpstr (found->organisation->name, ==, "Testshire Council");
  g_assert_cmpint (found->organisation->kind, ==, CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY);
  g_assert_cmpstr (hash, ==, "$y$hash-sw1");

  missing = cpis_hub_store_find_user (fixture->store, "nobody", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  g_assert_false (cpis_hub_store_add_user (fixture->store, duplicate, "$y$x", &error));
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_EXISTS);
  g_assert_cmpint (duplicate->id, ==, 0);
  g_clear_error (&error);

  g_assert_false (cpis_hub_store_add_user (fixture->store, orphan, "$y$x", &error));
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (orphan->id, ==, 0);
  g_clear_error (&error);
  g_clear_pointer (&missing, cpis_hub_user_free);
  missing = cpis_hub_store_find_user (fixture->store, "orphan", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  /* Ids given by the caller are kept */
  given->practitioner_role_id = g_strdup (given_role_id);
  given->role_profile_id = g_strdup ("555555555555");
  g_assert_true (cpis_hub_store_add_user (fixture->store, given, "$y$x", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (given->practitioner_role_id, ==, given_role_id);
  g_assert_cmpstr (given->role_profile_id, ==, "555555555555");
}

static void
test_tokens (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(CpisHubUser) none = NULL;
  const gint64 now = 1700000000000000;

  add_token (fixture->store, "hash-live", fixture->user_id, now + (gint64) 3600 * G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
  add_token (fixture->store, "hash-old", fixture->user_id, now - 1, &error);
  g_assert_no_error (error);

  user = cpis_hub_store_find_token_user (fixture->store, "hash-live", now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpint (user->id, ==, fixture->user_id);
  g_assert_cmpstr (user->username, ==, "nurse");
  g_assert_cmpstr (user->organisation->ods_code, ==, ED_ODS);

  /* Expired: before, at and after the instant */
  none = cpis_hub_store_find_token_user (fixture->store, "hash-old", now, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  none = cpis_hub_store_find_token_user (fixture->store, "hash-live", now + (gint64) 3600 * G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  none = cpis_hub_store_find_token_user (fixture->store, "unknown", now, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  /* A token for an unknown user, and the same hash twice */
  add_token (fixture->store, "hash-orphan", fixture->user_id + 1000, now + 1, &error);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  add_token (fixture->store, "hash-live", fixture->user_id, now + 1, &error);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  /* Revoked */
  revoke_token (fixture->store, "hash-live");
  none = cpis_hub_store_find_token_user (fixture->store, "hash-live", now, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  /* Revoking an unknown token succeeds */
  revoke_token (fixture->store, "never-issued");
}

/* ------------------------------------------------------------------------ */
/* Patients and plans */

static void
test_patients (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nhs = synthetic_nhs_number (1);
  g_autofree char *other = synthetic_nhs_number (2);
  g_autoptr(GString) long_name = g_string_new (NULL);
  CpisHubPatient patient = { 0 };
  g_autoptr(CpisHubPatient) found = NULL;
  g_autoptr(CpisHubPatient) missing = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append (long_name, "Łø");

  patient.nhs_number = nhs;
  patient.family_name = long_name->str;
  patient.given_name = "Zoë";
  patient.date_of_birth = "2015-02-03";
  patient.gender = "female";
  g_assert_true (cpis_hub_store_put_patient (fixture->store, &patient, &error));
  g_assert_no_error (error);

  found = cpis_hub_store_find_patient (fixture->store, nhs, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->nhs_number, ==, nhs);
  g_assert_cmpstr (found->family_name, ==, long_name->str);
  g_assert_cmpstr (found->given_name, ==, "Zoë");
  g_assert_cmpstr (found->date_of_birth, ==, "2015-02-03");
  g_assert_cmpstr (found->gender, ==, "female");
  g_assert_null (found->postcode);

  /* Put again: updated in place */
  patient.family_name = "Example";
  patient.postcode = "ZZ99 3AA";
  g_assert_true (cpis_hub_store_put_patient (fixture->store, &patient, &error));
  g_assert_no_error (error);
  g_clear_pointer (&found, cpis_hub_patient_free);
  found = cpis_hub_store_find_patient (fixture->store, nhs, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->family_name, ==, "Example");
  g_assert_cmpstr (found->postcode, ==, "ZZ99 3AA");

  missing = cpis_hub_store_find_patient (fixture->store, other, &error);
  g_assert_no_error (error);
  g_assert_null (missing);
}

/* Demographics in the shape of PDS */

static void
put_patient (CpisHubStore *store,
             const char   *nhs_number,
             const char   *family,
             const char   *given,
             const char   *date_of_birth,
             const char   *gender,
             const char   *postcode,
             gboolean      restricted,
             const char   *superseded_by)
{
  g_autoptr(GError) error = NULL;
  CpisHubPatient patient = {
    .nhs_number = (char *) nhs_number,
    .family_name = (char *) family,
    .given_name = (char *) given,
    .date_of_birth = (char *) date_of_birth,
    .gender = (char *) gender,
    .postcode = (char *) postcode,
    .restricted = restricted,
    .superseded_by = (char *) superseded_by,
  };

  g_assert_true (cpis_hub_store_put_patient (store, &patient, &error));
  g_assert_no_error (error);
}

static void
test_patients_flags_and_version (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nhs = synthetic_nhs_number (1);
  g_autofree char *current = synthetic_nhs_number (2);
  g_autoptr(CpisHubPatient) found = NULL;
  CpisHubPatient itself = { .nhs_number = nhs, .superseded_by = nhs };

  put_patient (fixture->store, nhs, "Example", "Sam", "2015-02-03", "male", "QN1 2AB", TRUE, NULL);
  found = cpis_hub_store_find_patient (fixture->store, nhs, &error);
  g_assert_no_error (error);
  g_assert_true (found->restricted);
  g_assert_null (found->superseded_by);
  g_assert_cmpint (found->version, ==, 1);

  /* The same again changes nothing, not even the version */
  put_patient (fixture->store, nhs, "Example", "Sam", "2015-02-03", "male", "QN1 2AB", TRUE, NULL);
  g_clear_pointer (&found, cpis_hub_patient_free);
  found = cpis_hub_store_find_patient (fixture->store, nhs, &error);
  g_assert_cmpint (found->version, ==, 1);

  /* Each change, the flags included, is a new version */
  put_patient (fixture->store, nhs, "Example", "Sam", "2015-02-03", "male", "QN1 2AB", FALSE, NULL);
  g_clear_pointer (&found, cpis_hub_patient_free);
  found = cpis_hub_store_find_patient (fixture->store, nhs, &error);
  g_assert_false (found->restricted);
  g_assert_cmpint (found->version, ==, 2);

  put_patient (fixture->store, nhs, "Example", "Sam", "2015-02-03", "male", "QN1 2AB", FALSE, current);
  g_clear_pointer (&found, cpis_hub_patient_free);
  found = cpis_hub_store_find_patient (fixture->store, nhs, &error);
  g_assert_cmpstr (found->superseded_by, ==, current);
  g_assert_cmpint (found->version, ==, 3);

  /* A number is never superseded by itself */
  g_assert_false (cpis_hub_store_put_patient (fixture->store, &itself, &error));
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED);
}

static void
test_patients_current (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *oldest = synthetic_nhs_number (1);
  g_autofree char *old = synthetic_nhs_number (2);
  g_autofree char *current = synthetic_nhs_number (3);
  g_autofree char *dangling = synthetic_nhs_number (4);
  g_autofree char *nowhere = synthetic_nhs_number (5);
  g_autofree char *loop_a = synthetic_nhs_number (6);
  g_autofree char *loop_b = synthetic_nhs_number (7);
  g_autofree char *unknown = synthetic_nhs_number (8);
  const char *leads_to_current[] = { current, old, oldest };
  const char *leads_nowhere[] = { dangling, loop_a, loop_b, unknown };

  put_patient (fixture->store, current, "Example", "Sam", "2015-02-03", "male", NULL, FALSE, NULL);
  put_patient (fixture->store, old, "Example", "Sam", "2015-02-03", "male", NULL, FALSE, current);
  put_patient (fixture->store, oldest, "Sample", "Sam", "2015-02-03", "male", NULL, FALSE, old);
  put_patient (fixture->store, dangling, "Example", "Jo", "2015-02-03", "male", NULL, FALSE, nowhere);
  put_patient (fixture->store, loop_a, "Example", "Jo", "2015-02-03", "male", NULL, FALSE, loop_b);
  put_patient (fixture->store, loop_b, "Example", "Jo", "2015-02-03", "male", NULL, FALSE, loop_a);

  for (guint i = 0; i < G_N_ELEMENTS (leads_to_current); i++)
    {
      g_autoptr(CpisHubPatient) found = NULL;

      found = cpis_hub_store_find_current_patient (fixture->store, leads_to_current[i], &error);
      g_assert_no_error (error);
      g_assert_nonnull (found);
      g_assert_cmpstr (found->nhs_number, ==, current);
      g_assert_null (found->superseded_by);
    }

  /* the stored row of a superseded number is still there as it is */
  {
    g_autoptr(CpisHubPatient) row = cpis_hub_store_find_patient (fixture->store, oldest, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (row->family_name, ==, "Sample");
    g_assert_cmpstr (row->superseded_by, ==, old);
  }

  for (guint i = 0; i < G_N_ELEMENTS (leads_nowhere); i++)
    {
      g_autoptr(CpisHubPatient) found = NULL;

      found = cpis_hub_store_find_current_patient (fixture->store, leads_nowhere[i], &error);
      g_assert_no_error (error);
      g_assert_null (found);
    }
}

static GPtrArray *
search (CpisHubStore *store,
        const char   *family,
        const char   *given,
        const char   *gender,
        const char   *date_of_birth,
        const char   *postcode,
        guint         limit)
{
  CpisHubPatientSearch criteria = {
    .family_name = family,
    .given_name = given,
    .gender = gender,
    .date_of_birth = date_of_birth,
    .postcode = postcode,
  };
  g_autoptr(GError) error = NULL;
  GPtrArray *found = cpis_hub_store_search_patients (store, &criteria, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

static gboolean
found_number (GPtrArray  *patients,
              const char *nhs_number)
{
  for (guint i = 0; i < patients->len; i++)
    if (g_str_equal (((CpisHubPatient *) g_ptr_array_index (patients, i))->nhs_number, nhs_number))
      return TRUE;
  return FALSE;
}

static void
test_patients_search (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *obrien = synthetic_nhs_number (1);
  g_autofree char *zoe = synthetic_nhs_number (2);
  g_autofree char *twin = synthetic_nhs_number (3);
  g_autofree char *hidden = synthetic_nhs_number (4);
  g_autofree char *superseded = synthetic_nhs_number (5);
  g_autofree char *other_day = synthetic_nhs_number (6);
  GPtrArray *found;

  put_patient (fixture->store, obrien, "O'Brien", "Kai", "2016-04-01", "male", "QN1 2AB", FALSE, NULL);
  put_patient (fixture->store, zoe, "Łukasiewicz", "Zoë", "2016-04-01", "female", "QE3 4CD", FALSE, NULL);
  put_patient (fixture->store, twin, "O'BRIEN", "Leo", "2016-04-01", "male", "QN1 2AB", FALSE, NULL);
  put_patient (fixture->store, hidden, "O'Brien", "Max", "2016-04-01", "male", "QN1 2AB", TRUE, NULL);
  put_patient (fixture->store, superseded, "O'Brien", "Kai", "2016-04-01", "male", NULL, FALSE, obrien);
  put_patient (fixture->store, other_day, "O'Brien", "Kai", "2016-04-02", "male", "QN1 2AB", FALSE, NULL);

  /* Case does not matter, outside ASCII too; superseded numbers never match */
  found = search (fixture->store, "o'brien", NULL, "male", "2016-04-01", NULL, 50);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_true (found_number (found, obrien));
  g_assert_true (found_number (found, twin));
  g_assert_true (found_number (found, hidden));
  g_assert_false (found_number (found, superseded));
  g_ptr_array_unref (found);

  found = search (fixture->store, " ŁUKASIEWICZ ", "ZOË", "female", "2016-04-01", NULL, 50);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((CpisHubPatient *) found->pdata[0])->nhs_number, ==, zoe);
  g_ptr_array_unref (found);

  /* Exact: no prefix matching, and the gender and date must agree */
  found = search (fixture->store, "O'Bri", NULL, "male", "2016-04-01", NULL, 50);
  g_assert_cmpuint (found->len, ==, 0);
  g_ptr_array_unref (found);
  found = search (fixture->store, "Łukasiewicz", NULL, "male", "2016-04-01", NULL, 50);
  g_assert_cmpuint (found->len, ==, 0);
  g_ptr_array_unref (found);

  /* The given name narrows */
  found = search (fixture->store, "O'Brien", "leo", "male", "2016-04-01", NULL, 50);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((CpisHubPatient *) found->pdata[0])->nhs_number, ==, twin);
  g_ptr_array_unref (found);

  /* The postcode ignores case and spaces, and never finds a restricted patient */
  found = search (fixture->store, "O'Brien", NULL, "male", "2016-04-01", "qn12ab", 50);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_true (found_number (found, obrien));
  g_assert_true (found_number (found, twin));
  g_assert_false (found_number (found, hidden));
  g_ptr_array_unref (found);
  found = search (fixture->store, "O'Brien", "Max", "male", "2016-04-01", "QN1 2AB", 50);
  g_assert_cmpuint (found->len, ==, 0);
  g_ptr_array_unref (found);

  /* At most limit + 1 */
  found = search (fixture->store, "O'Brien", NULL, "male", "2016-04-01", NULL, 1);
  g_assert_cmpuint (found->len, ==, 2);
  g_ptr_array_unref (found);
  found = search (fixture->store, "O'Brien", NULL, "male", "2016-04-01", NULL, 2);
  g_assert_cmpuint (found->len, ==, 3);
  g_ptr_array_unref (found);
}

/* A file of schema version 1 (patients without the PDS columns), as the
 * first hub made it, is brought up to date with its rows kept */
static void
test_patients_migrated (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nhs = synthetic_nhs_number (1);
  g_autofree char *insert = NULL;
  g_autoptr(CpisHubPatient) found = NULL;
  sqlite3 *db = NULL;

  cpis_hub_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_free (fixture->path);
  fixture->path = g_build_filename (fixture->dir, "version-1.db", NULL);

  g_assert_true (_cpis_hub_store_create_at_version (fixture->path, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  insert = g_strdup_printf ("INSERT INTO patients (nhs_number, family_name, given_name,"
                            " date_of_birth, gender, postcode)"
                            " VALUES ('%s', 'Example', 'Sam', '2015-02-03', 'male', 'QN1 2AB');",
                            nhs);
  g_assert_cmpint (sqlite3_exec (db, insert, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (file_user_version (fixture->path, -1), ==, 1);

  fixture_reopen (fixture);
  g_assert_cmpint (cpis_hub_store_get_schema_version (fixture->store), >=, 2);
  found = cpis_hub_store_find_patient (fixture->store, nhs, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->family_name, ==, "Example");
  g_assert_cmpstr (found->postcode, ==, "QN1 2AB");
  g_assert_false (found->restricted);
  g_assert_null (found->superseded_by);
  g_assert_cmpint (found->version, ==, 1);
}

static CpisHubPlan *
make_plan (const char   *nhs,
           CpisPlanType  type,
           const char   *start,
           const char   *la_ods)
{
  CpisHubPlan *plan = g_new0 (CpisHubPlan, 1);

  plan->nhs_number = g_strdup (nhs);
  plan->plan_type = type;
  plan->start_date = g_strdup (start);
  plan->subject_name = g_strdup ("Child EXAMPLE");
  plan->date_of_birth = g_strdup ("2016-05-06");
  plan->la = make_org (la_ods, NULL, CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY);
  return plan;
}

static void
test_plans (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nhs = synthetic_nhs_number (3);
  g_autofree char *other = synthetic_nhs_number (4);
  g_autoptr(CpisHubPlan) cpp = make_plan (nhs, CPIS_PLAN_TYPE_CPP, "2023-01-10", LA_ODS);
  g_autoptr(CpisHubPlan) cpp_again = make_plan (nhs, CPIS_PLAN_TYPE_CPP, "2023-01-10", LA_ODS);
  g_autoptr(CpisHubPlan) lac = make_plan (nhs, CPIS_PLAN_TYPE_LAC, "2021-06-01", LA2_ODS);
  g_autoptr(CpisHubPlan) unknown_la = make_plan (nhs, CPIS_PLAN_TYPE_CPP, "2022-01-01", "NOSUCH");
  g_autoptr(CpisHubPlan) unrecognised = make_plan (nhs, CPIS_PLAN_TYPE_UNRECOGNISED, "2022-01-01", LA_ODS);
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) none = NULL;
  CpisHubPlan *first;
  CpisHubPlan *second;

  g_assert_true (cpis_hub_store_put_plan (fixture->store, cpp, &error));
  g_assert_no_error (error);
  g_assert_true (cpis_uuid_is_valid (cpp->id));
  g_assert_cmpint (cpp->la->id, ==, fixture->la_id);

  /* The same key again: an update that keeps the id */
  cpp_again->end_date = g_strdup ("2024-02-01");
  g_assert_true (cpis_hub_store_put_plan (fixture->store, cpp_again, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cpp_again->id, ==, cpp->id);

  g_assert_true (cpis_hub_store_put_plan (fixture->store, lac, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lac->id, !=, cpp->id);

  g_assert_false (cpis_hub_store_put_plan (fixture->store, unknown_la, &error));
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cpis_hub_store_put_plan (fixture->store, unrecognised, &error));
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED);
  g_clear_error (&error);

  /* Two plans, oldest start first, with their LAs */
  plans = cpis_hub_store_list_plans (fixture->store, nhs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 2);
  first = plans->pdata[0];
  second = plans->pdata[1];
  g_assert_cmpstr (first->id, ==, lac->id);
  g_assert_cmpint (first->plan_type, ==, CPIS_PLAN_TYPE_LAC);
  g_assert_null (first->end_date);
  g_assert_cmpstr (first->la->ods_code, ==, LA2_ODS);
  g_assert_cmpstr (second->id, ==, cpp->id);
  g_assert_cmpint (second->plan_type, ==, CPIS_PLAN_TYPE_CPP);
  g_assert_cmpstr (second->start_date, ==, "2023-01-10");
  g_assert_cmpstr (second->end_date, ==, "2024-02-01");
  g_assert_cmpstr (second->nhs_number, ==, nhs);
  g_assert_cmpstr (second->subject_name, ==, "Child EXAMPLE");
  g_assert_cmpstr (second->la->name, ==, "Testshire Council");
  g_assert_cmpstr (second->la->phone_office, ==, "0100 000 0001");

  none = cpis_hub_store_list_plans (fixture->store, other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

/* ------------------------------------------------------------------------ */
/* Accesses and notifications */

static void
test_access_async_and_sync (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nhs = synthetic_nhs_number (5);
  g_autofree char *async_id = NULL;
  g_autofree char *sync_id = NULL;
  g_autoptr(GPtrArray) accesses = NULL;
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(CpisHubOrganisation) renamed = make_org (ED_ODS, "Renamed ED", CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE);
  const gint64 both[] = { fixture->la_id, fixture->la2_id, fixture->la_id };
  CpisHubAccess *access;

  async_id = record_access_async (fixture->store, nhs, fixture->user_id, 2000, &fixture->la_id, 1, &error);
  g_assert_no_error (error);
  g_assert_true (cpis_uuid_is_valid (async_id));

  /* Two LAs (one of them listed twice): one notification each */
  sync_id = cpis_hub_store_record_access (fixture->store, nhs, fixture->user_id, 3000, both, G_N_ELEMENTS (both), &error);
  g_assert_no_error (error);
  g_assert_true (cpis_uuid_is_valid (sync_id));
  g_assert_cmpstr (sync_id, !=, async_id);

  g_assert_cmpint (cpis_test_store_count_accesses (fixture->store, nhs), ==, 2);
  g_assert_cmpint (cpis_test_store_count_notifications (fixture->store, LA_ODS), ==, 2);
  g_assert_cmpint (cpis_test_store_count_notifications (fixture->store, LA2_ODS), ==, 1);
  g_assert_cmpint (cpis_test_store_count_notifications (fixture->store, ED_ODS), ==, 0);
  g_assert_cmpint (cpis_test_store_count_notifications (fixture->store, "NOSUCH"), ==, 0);
  g_assert_cmpint (cpis_test_store_count_notifications (fixture->store, NULL), ==, 3);

  /* The viewer's organisation is renamed later: the history keeps the old name */
  g_assert_true (cpis_hub_store_put_organisation (fixture->store, renamed, &error));
  g_assert_no_error (error);

  user = cpis_hub_store_find_user (fixture->store, "nurse", NULL, &error);
  g_assert_no_error (error);
  accesses = cpis_hub_store_list_accesses (fixture->store, nhs, 25, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accesses->len, ==, 2);
  access = accesses->pdata[0];
  g_assert_cmpstr (access->id, ==, sync_id);
  g_assert_cmpstr (access->nhs_number, ==, nhs);
  g_assert_cmpint (access->recorded_usec, ==, 3000);
  g_assert_cmpstr (access->viewer_name, ==, "Alex Example");
  g_assert_cmpstr (access->practitioner_role_id, ==, user->practitioner_role_id);
  g_assert_cmpstr (access->role_profile_id, ==, user->role_profile_id);
  g_assert_cmpstr (access->job_role_code, ==, "R8000");
  g_assert_cmpstr (access->job_role_display, ==, "Clinical Practitioner Access Role");
  g_assert_cmpstr (access->org_ods_code, ==, ED_ODS);
  g_assert_cmpstr (access->org_name, ==, "Testshire General ED");
  g_assert_cmpstr (((CpisHubAccess *) accesses->pdata[1])->id, ==, async_id);

  /* An access with no LA to notify is still recorded */
  g_clear_pointer (&sync_id, g_free);
  sync_id = cpis_hub_store_record_access (fixture->store, nhs, fixture->user_id, 4000, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_test_store_count_accesses (fixture->store, nhs), ==, 3);
  g_assert_cmpint (cpis_test_store_count_notifications (fixture->store, NULL), ==, 3);
}

static void
test_access_unknown (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nhs = synthetic_nhs_number (6);
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) accesses = NULL;
  const gint64 known_and_unknown[] = { fixture->la_id, fixture->la2_id + 1000 };

  /* An unknown LA, after a known one: nothing at all is written */
  id = record_access_async (fixture->store, nhs, fixture->user_id, 1000,
                            known_and_unknown, G_N_ELEMENTS (known_and_unknown), &error);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND);
  g_assert_null (id);
  g_clear_error (&error);

  id = cpis_hub_store_record_access (fixture->store, nhs, fixture->user_id, 1000,
                                     known_and_unknown, G_N_ELEMENTS (known_and_unknown), &error);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND);
  g_assert_null (id);
  g_clear_error (&error);

  /* An unknown user */
  id = record_access_async (fixture->store, nhs, fixture->user_id + 1000, 1000, &fixture->la_id, 1, &error);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND);
  g_assert_null (id);
  g_clear_error (&error);

  g_assert_cmpint (cpis_test_store_count_accesses (fixture->store, nhs), ==, 0);
  g_assert_cmpint (cpis_test_store_count_accesses (fixture->store, NULL), ==, 0);
  g_assert_cmpint (cpis_test_store_count_notifications (fixture->store, NULL), ==, 0);
  accesses = cpis_hub_store_list_accesses (fixture->store, nhs, 25, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accesses->len, ==, 0);
}

static void
test_access_order (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nhs = synthetic_nhs_number (7);
  g_autofree char *other = synthetic_nhs_number (8);
  g_autofree char *other_id = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) accesses = NULL;
  gint64 times[30];

  /* Recorded out of time order; #10 and #11 share an instant */
  for (guint i = 0; i < 30; i++)
    {
      char *id;

      times[i] = 1000000 + (gint64) ((i * 7) % 30) * 1000;
      if (i == 11)
        times[i] = times[10];
      id = cpis_hub_store_record_access (fixture->store, nhs, fixture->user_id, times[i], &fixture->la_id, 1, &error);
      g_assert_no_error (error);
      g_ptr_array_add (ids, id);
    }
  other_id = cpis_hub_store_record_access (fixture->store, other, fixture->user_id, 9999999, NULL, 0, &error);
  g_assert_no_error (error);

  accesses = cpis_hub_store_list_accesses (fixture->store, nhs, 25, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accesses->len, ==, 25);

  /* Newest first; equal instants: the later recorded first */
  for (guint i = 0; i + 1 < accesses->len; i++)
    {
      CpisHubAccess *a = accesses->pdata[i];
      CpisHubAccess *b = accesses->pdata[i + 1];

      g_assert_cmpint (a->recorded_usec, >=, b->recorded_usec);
      g_assert_cmpstr (a->nhs_number, ==, nhs);
    }

  /* Exactly the 25 newest: the 5 oldest instants are left out */
  for (guint i = 0; i < 30; i++)
    {
      guint newer = 0;
      gboolean listed = FALSE;

      for (guint j = 0; j < 30; j++)
        if (times[j] > times[i] || (times[j] == times[i] && j > i))
          newer++;

      for (guint k = 0; k < accesses->len; k++)
        {
          CpisHubAccess *access = accesses->pdata[k];

          if (g_str_equal (access->id, ids->pdata[i]))
            {
              listed = TRUE;
              g_assert_cmpuint (k, ==, newer);   /* its position is its rank */
              g_assert_cmpint (access->recorded_usec, ==, times[i]);
            }
        }
      g_assert_cmpint (listed, ==, newer < 25);
    }

  /* The limit is a limit */
  g_clear_pointer (&accesses, g_ptr_array_unref);
  accesses = cpis_hub_store_list_accesses (fixture->store, nhs, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accesses->len, ==, 3);
  g_assert_cmpint (cpis_test_store_count_accesses (fixture->store, nhs), ==, 30);
  g_assert_cmpint (cpis_test_store_count_accesses (fixture->store, other), ==, 1);
}

/* ------------------------------------------------------------------------ */
/* Group commit and threads */

typedef struct
{
  guint      pending;
  guint      succeeded;
  guint      not_found;
  GHashTable *ids;
} LoadState;

typedef struct
{
  LoadState *state;
  gboolean   expect_success;
} LoadCall;

static void
load_access_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LoadCall *call = user_data;
  g_autoptr(GError) error = NULL;
  char *id = cpis_hub_store_record_access_finish (CPIS_HUB_STORE (source), result, &error);

  if (call->expect_success)
    {
      g_assert_no_error (error);
      g_assert_true (cpis_uuid_is_valid (id));
      g_assert_true (g_hash_table_add (call->state->ids, id));
      call->state->succeeded++;
    }
  else
    {
      g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND);
      g_assert_null (id);
      call->state->not_found++;
    }

  call->state->pending--;
  g_free (call);
}

static void
test_group_commit (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  LoadState state = { .ids = ids };
  g_autofree char *nhs = synthetic_nhs_number (9);
  const gint64 bad_la = fixture->la2_id + 1000;

  /* 200 good accesses with 20 bad ones among them, all issued at once:
   * the bad ones roll back alone, whatever batch they land in */
  for (guint i = 0; i < 220; i++)
    {
      LoadCall *call = g_new0 (LoadCall, 1);
      gboolean good = i % 11 != 5;

      call->state = &state;
      call->expect_success = good;
      state.pending++;
      cpis_hub_store_record_access_async (fixture->store, nhs, fixture->user_id, 5000 + i,
                                          good ? &fixture->la_id : &bad_la, 1,
                                          NULL, load_access_cb, call);
    }

  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (state.succeeded, ==, 200);
  g_assert_cmpuint (state.not_found, ==, 20);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 200);
  g_assert_cmpint (cpis_test_store_count_accesses (fixture->store, nhs), ==, 200);
  g_assert_cmpint (cpis_test_store_count_notifications (fixture->store, LA_ODS), ==, 200);
  g_assert_cmpint (cpis_test_store_count_notifications (fixture->store, NULL), ==, 200);

  /* Durable: still there after close and open */
  fixture_reopen (fixture);
  g_assert_cmpint (cpis_test_store_count_accesses (fixture->store, nhs), ==, 200);
  g_assert_cmpint (cpis_test_store_count_notifications (fixture->store, LA_ODS), ==, 200);
}

static void
test_close_waits (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  LoadState state = { .ids = ids };
  g_autofree char *nhs = synthetic_nhs_number (10);

  for (guint i = 0; i < 50; i++)
    {
      LoadCall *call = g_new0 (LoadCall, 1);

      call->state = &state;
      call->expect_success = TRUE;
      state.pending++;
      cpis_hub_store_record_access_async (fixture->store, nhs, fixture->user_id, 100 + i,
                                          &fixture->la_id, 1, NULL, load_access_cb, call);
    }

  /* Close straight away: every queued access is still committed */
  cpis_hub_store_close (fixture->store);
  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (state.succeeded, ==, 50);

  fixture_reopen (fixture);
  g_assert_cmpint (cpis_test_store_count_accesses (fixture->store, nhs), ==, 50);
}

typedef struct
{
  CpisHubStore  *store;
  const char    *nhs_number;
  gint64         user_id;
  gint64         la_id;
  guint          n_writes;
  gint           writers_left;   /* atomic */
  guint          n_reads;
} ThreadState;

static gpointer
writer_thread (gpointer data)
{
  ThreadState *state = data;

  for (guint i = 0; i < state->n_writes; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = cpis_hub_store_record_access (state->store, state->nhs_number, state->user_id,
                                                          i, &state->la_id, 1, &error);

      g_assert_no_error (error);
      g_assert_nonnull (id);
    }

  g_atomic_int_dec_and_test (&state->writers_left);
  return NULL;
}

static gpointer
reader_thread (gpointer data)
{
  ThreadState *state = data;
  gint64 last = 0;
  gboolean done = FALSE;

  /* Reads until every writer is done, then once more */
  while (!done)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) accesses = NULL;
      g_autoptr(CpisHubOrganisation) org = NULL;
      gint64 count;

      done = g_atomic_int_get (&state->writers_left) == 0;

      count = cpis_hub_store_count_accesses (state->store, state->nhs_number, &error);
      g_assert_no_error (error);
      g_assert_cmpint (count, >=, last);   /* committed rows never go away */
      last = count;

      accesses = cpis_hub_store_list_accesses (state->store, state->nhs_number, 25, &error);
      g_assert_no_error (error);
      /* Another commit may land between the two reads */
      g_assert_cmpuint (accesses->len, >=, MIN (count, 25));
      g_assert_cmpuint (accesses->len, <=, 25);

      org = cpis_hub_store_find_organisation (state->store, LA_ODS, &error);
      g_assert_no_error (error);
      g_assert_nonnull (org);

      state->n_reads++;
    }

  return GINT_TO_POINTER ((int) last);
}

static void
test_threads (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *nhs = synthetic_nhs_number (11);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  LoadState load = { .ids = ids };
  ThreadState state = {
    .store = fixture->store,
    .nhs_number = nhs,
    .user_id = fixture->user_id,
    .la_id = fixture->la_id,
    .n_writes = 60,
    .writers_left = 2,   /* the writer thread and the main thread's async calls */
  };
  GThread *writer;
  GThread *reader;

  reader = g_thread_new ("test-reader", reader_thread, &state);
  writer = g_thread_new ("test-writer", writer_thread, &state);

  /* Meanwhile the main thread queues async accesses and runs its loop */
  for (guint i = 0; i < 60; i++)
    {
      LoadCall *call = g_new0 (LoadCall, 1);

      call->state = &load;
      call->expect_success = TRUE;
      load.pending++;
      cpis_hub_store_record_access_async (fixture->store, nhs, fixture->user_id, 1000 + i,
                                          &fixture->la_id, 1, NULL, load_access_cb, call);
    }
  while (load.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_atomic_int_dec_and_test (&state.writers_left);

  g_thread_join (writer);
  /* The reader's last count came after both writers finished */
  g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (reader)), ==, 120);
  g_assert_cmpuint (state.n_reads, >=, 1);
  g_assert_cmpuint (load.succeeded, ==, 60);
  g_assert_cmpint (cpis_test_store_count_accesses (fixture->store, nhs), ==, 120);
  g_assert_cmpint (cpis_test_store_count_notifications (fixture->store, LA_ODS), ==, 120);
}

static void
test_closed (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubOrganisation) org = make_org ("TESTGP9", "Late Surgery", CPIS_HUB_ORG_KIND_SCHEDULED_CARE);
  g_autoptr(CpisHubOrganisation) found = NULL;
  g_autoptr(GPtrArray) orgs = NULL;
  g_autofree char *nhs = synthetic_nhs_number (12);
  g_autofree char *id = NULL;
  int version = cpis_hub_store_get_schema_version (fixture->store);

  cpis_hub_store_close (fixture->store);
  cpis_hub_store_close (fixture->store);   /* twice is fine */

  found = cpis_hub_store_find_organisation (fixture->store, LA_ODS, &error);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_CLOSED);
  g_assert_null (found);
  g_clear_error (&error);

  orgs = cpis_hub_store_list_organisations (fixture->store, &error);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_CLOSED);
  g_assert_null (orgs);
  g_clear_error (&error);

  g_assert_cmpint (cpis_hub_store_count_accesses (fixture->store, nhs, &error), ==, -1);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_CLOSED);
  g_clear_error (&error);

  g_assert_false (cpis_hub_store_put_organisation (fixture->store, org, &error));
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_CLOSED);
  g_clear_error (&error);

  id = cpis_hub_store_record_access (fixture->store, nhs, fixture->user_id, 1, NULL, 0, &error);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_CLOSED);
  g_assert_null (id);
  g_clear_error (&error);

  id = record_access_async (fixture->store, nhs, fixture->user_id, 1, NULL, 0, &error);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_CLOSED);
  g_assert_null (id);
  g_clear_error (&error);

  add_token (fixture->store, "hash", fixture->user_id, 1, &error);
  g_assert_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_CLOSED);
  g_clear_error (&error);

  g_assert_cmpint (cpis_hub_store_get_schema_version (fixture->store), ==, version);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, seeded) \
  g_test_add ("/hub-store/" path, Fixture, (seeded) ? GINT_TO_POINTER (1) : NULL, \
              fixture_set_up, func, fixture_tear_down)

  ADD ("open-reopen", test_open_reopen, TRUE);
  ADD ("too-new", test_too_new, FALSE);
  g_test_add_func ("/hub-store/not-a-database", test_not_a_database);
  ADD ("organisations", test_organisations, TRUE);
  ADD ("users", test_users, TRUE);
  ADD ("tokens", test_tokens, TRUE);
  ADD ("patients", test_patients, FALSE);
  ADD ("patients/flags-and-version", test_patients_flags_and_version, FALSE);
  ADD ("patients/current", test_patients_current, FALSE);
  ADD ("patients/search", test_patients_search, FALSE);
  ADD ("patients/migrated", test_patients_migrated, FALSE);
  ADD ("plans", test_plans, TRUE);
  ADD ("access/async-and-sync", test_access_async_and_sync, TRUE);
  ADD ("access/unknown", test_access_unknown, TRUE);
  ADD ("access/order-and-limit", test_access_order, TRUE);
  ADD ("group-commit", test_group_commit, TRUE);
  ADD ("close-waits", test_close_waits, TRUE);
  ADD ("threads", test_threads, TRUE);
  ADD ("closed", test_closed, TRUE);

#undef ADD

  return g_test_run ();
}
