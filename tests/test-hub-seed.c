/* test-hub-seed.c: the hub's demo seed (cpis-hub seed, the embedded demo hub)
 *
 * Seeded into stores of its own in a temporary folder: the same seed gives
 * the same data; the data has every kind of plan, state, access history and
 * demographics the views show differently; the demo accounts sign in.
 */
#include <sqlite3.h>
#include <string.h>

#include <glib/gstdio.h>

#include "cpis-date.h"
#include "cpis-hub-auth.h"
#include "cpis-hub-rules.h"
#include "cpis-hub-area-figures.h"
#include "cpis-hub-seed.h"
#include "cpis-hub-seed-national.h"
#include "cpis-hub-store-figures.h"
#include "cpis-hub-store.h"
#include "cpis-nhs-number.h"
#include "cpis-test-hub.h"

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
  g_autofree char *path = g_build_filename (dir, name, NULL);
  CpisHubStore *store = cpis_test_store_open (path);
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

      g_assert_cmpint (cpis_test_store_count_accesses (a, nhs_number), ==,
                       cpis_test_store_count_accesses (b, nhs_number));
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

      n_accesses = cpis_test_store_count_accesses (store, nhs_number);
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
  g_assert_cmpint (cpis_test_store_count_notifications (store, NULL), >=, total_accesses);

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
    CpisRole        role;
    CpisHubOrgKind  kind;
  } expected[] = {
    { "nurse", CPIS_ROLE_CLINICIAN, CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE },
    { "gp", CPIS_ROLE_CLINICIAN, CPIS_HUB_ORG_KIND_SCHEDULED_CARE },
    { "socialworker", CPIS_ROLE_SOCIAL_WORKER, CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY },
    { "partnership", CPIS_ROLE_PARTNERSHIP_OFFICER, CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY },
    { "admin", CPIS_ROLE_ADMINISTRATOR, CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY },
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
      g_assert_cmpstr (cpis_role_to_string (account->role), ==, cpis_role_to_string (expected[i].role));
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

/* The national seed, at a small fraction of its volume (England's shape:
 * 152 LAs, 40 areas, 1,300 settings; fewer children and checks) */
static void
small_national_scale (CpisHubNationalScale *scale)
{
  cpis_hub_national_scale_init (scale);
  scale->n_children = 600;
  scale->n_accesses = 20000;
}

static gint64
query_int64 (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
test_seed_national (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cpis-national-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "national.db", NULL);
  g_autofree char *again = g_build_filename (dir, "again.db", NULL);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) accounts_again = NULL;
  g_autoptr(GPtrArray) area = NULL;
  g_autoptr(CpisHubAreaFigures) figures = NULL;
  g_autoptr(CpisHubStore) store = NULL;
  CpisHubNationalScale scale;
  CpisHubNationalSummary summary = { 0 }, summary_again = { 0 };
  sqlite3 *db = NULL;
  guint n_las = 0;
  GDate today, first;
  gint64 n_notifications, top, out_of_area;

  g_assert_no_error (error);
  small_national_scale (&scale);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 3, 12, 2026);

  accounts = cpis_hub_seed_national (path, &scale, 7, &today, &summary, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 3);
  g_assert_cmpuint (summary.n_organisations, ==, 152 + 1300);
  g_assert_cmpuint (summary.n_accesses, ==, 20000);
  g_assert_cmpuint (summary.n_plans, ==, 720);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *partial = g_strconcat (path, ".partial", NULL);

    /* built beside it and moved into place: nothing of the build left */
    g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  }

  /* the same seed and day: the same data */
  accounts_again = cpis_hub_seed_national (again, &scale, 7, &today, &summary_again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary_again.n_notifications, ==, summary.n_notifications);
  g_assert_cmpstr (summary_again.big_area, ==, summary.big_area);

  /* a file that is there is never written over */
  g_assert_null (cpis_hub_seed_national (path, &scale, 7, &today, &summary_again, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  /* England's shape */
  g_assert_cmpint (query_int64 (db, "SELECT count (*) FROM organisations WHERE kind = 'local-authority'"), ==, 152);
  g_assert_cmpint (query_int64 (db, "SELECT count (DISTINCT area) FROM organisations"), ==, 40);
  g_assert_cmpint (query_int64 (db, "SELECT count (*) FROM organisations WHERE kind = 'unscheduled-care'"
                                    " AND setting_kind IS NULL"), ==, 0);
  g_assert_cmpint (query_int64 (db, "SELECT count (*) FROM plans WHERE nhs_number NOT LIKE '999%'"), ==, 0);
  g_assert_cmpint (query_int64 (db, "SELECT count (*) FROM accesses"), ==, 20000);
  /* every notification in the figures' table, its first action with it */
  n_notifications = query_int64 (db, "SELECT count (*) FROM notifications");
  g_assert_cmpint (n_notifications, ==, summary.n_notifications);
  g_assert_cmpint (n_notifications, >, 20000 / 2);
  g_assert_cmpint (query_int64 (db, "SELECT count (*) FROM notification_figures"), ==, n_notifications);
  g_assert_cmpint (query_int64 (db, "SELECT count (*) FROM notification_figures WHERE first_action_usec IS NOT NULL"),
                   ==, query_int64 (db, "SELECT count (*) FROM notifications WHERE version = 2"));
  g_assert_cmpint (query_int64 (db, "SELECT count (*) FROM notification_figures WHERE first_action_usec IS NOT NULL"),
                   >, n_notifications * 8 / 10);
  /* a few children attend often: the busiest 1% have 8% of the checks or more */
  top = query_int64 (db, "SELECT sum (n) FROM (SELECT count (*) AS n FROM accesses GROUP BY nhs_number"
                         " ORDER BY n DESC LIMIT 7)");
  g_assert_cmpint (top * 100, >=, 8 * 20000);
  /* most checks in the child's own LA's area, some not */
  out_of_area = query_int64 (db, "SELECT count (*) FROM notifications WHERE out_of_area = 1");
  g_assert_cmpint (out_of_area * 100, >, n_notifications * 5);
  g_assert_cmpint (out_of_area * 100, <, n_notifications * 25);
  sqlite3_close (db);

  /* the area of 10 LAs, with figures to show its officer */
  store = cpis_hub_store_open (path, &error);
  g_assert_no_error (error);
  area = cpis_hub_store_list_area_organisations (store, summary.big_area, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < area->len; i++)
    n_las += ((CpisHubOrganisation *) g_ptr_array_index (area, i))->kind == CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY;
  g_assert_cmpuint (n_las, ==, 10);
  first = today;
  g_date_subtract_days (&first, 364);
  figures = cpis_hub_area_figures_compute (store, summary.big_area, 0, &first, &today, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cpis_hub_area_figures_lookup_group (figures, "attendances")->count, >, 100);
  /* (at this fraction of the children an LA may have none on a plan) */
  g_assert_cmpint (cpis_hub_area_figures_lookup_group (figures, "las-live")->count, >=, 8);
  g_assert_cmpint (cpis_hub_area_figures_lookup_group (figures, "las-live")->denominator, ==, 10);
  cpis_hub_store_close (store);

  cpis_hub_national_summary_clear (&summary);
  cpis_hub_national_summary_clear (&summary_again);
  g_assert_true (cpis_test_remove_tree (dir));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/seed/deterministic", test_seed_deterministic);
  g_test_add_func ("/seed/properties", test_seed_properties);
  g_test_add_func ("/seed/demographics", test_seed_demographics);
  g_test_add_func ("/seed/demo-accounts", test_seed_demo_accounts);
  g_test_add_func ("/seed/national", test_seed_national);

  return g_test_run ();
}
