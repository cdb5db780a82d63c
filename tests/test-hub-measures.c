/* test-hub-measures.c: the partnership view's hub side (issue 9)
 *
 * This first slice proves the ground the area figures stand on: a
 * partnership officer's token reaches no child-level endpoint. Each is
 * refused with 403 ACCESS_DENIED (the patient's plans and access history,
 * the demographics, the notifications, the LA's own plans, its upload
 * exceptions and directory, an upload), and nothing is recorded as an
 * access while it is refused. And the suppression rule every measure will
 * apply: counts from 1 to 4 hidden, and the next smallest hidden too when
 * one alone would be the total less the others; and the indexes the
 * area figures read (schema version 8).
 *
 * The real hub in-process (cpis-test-hub.h), over real loopback HTTP.
 * NHS numbers are synthetic (999 range, valid check digits).
 */
#include <sqlite3.h>
#include <string.h>

#include "cpis-hub-suppression.h"
#include "cpis-test-hub.h"
#include "cpis-test-util.h"

#define CHILD     "9997654323"   /* a plan of LA1, in the officer's area */
#define PASSWORD  "correct horse battery"
#define TODAY     "2025-06-15"
#define REQUEST_ID "5d3b8a2e-8f0c-4d7e-9b1a-3c6e2f4a7b90"

#define BASE "/cpis/FHIR/R4"
#define PDS  "/personal-demographics/FHIR/R4"

typedef struct
{
  CpisTestHub *hub;
  char        *officer;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->hub = cpis_test_hub_new ();
  cpis_test_hub_set_today (fixture->hub, TODAY);

  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (fixture->hub, "officer", PASSWORD, "partnership-officer", "LA1");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_patient (fixture->hub, CHILD, "Lamb", "Ada", "2015-03-01", "female", NULL,
                             FALSE, NULL);
  cpis_test_hub_add_plan (fixture->hub, CHILD, "CPP", "2025-01-02", NULL, NULL, "LA1");
  /* a notification for LA1, so that the Task endpoints have one to refuse */
  cpis_test_hub_record_check (fixture->hub, CHILD, "nurse", "LA1");

  fixture->officer = cpis_test_hub_sign_in (fixture->hub, "officer", PASSWORD);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->officer);
  cpis_test_hub_free (fixture->hub);
}

/* ------------------------------------------------------------------------ */
/* Roles */

static void
assert_refused (CpisTestResponse *response,
                const char       *what)
{
  g_test_message ("%s", what);
  cpis_test_assert_outcome (response, 403, "ACCESS_DENIED");
}

static void
test_officer_refused_child_level (Fixture       *fixture,
                                  gconstpointer  data)
{
  /* GETs at child level, or at an LA's working lists */
  const char *paths[] = {
    BASE "/CareTeam?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" CHILD,
    BASE "/AuditEvent?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" CHILD,
    BASE "/CareTeam",
    BASE "/Task",
    BASE "/Task?status=requested",
    BASE "/Basic",
    BASE "/PractitionerRole",
    BASE "/Organization",
    PDS "/Patient/" CHILD,
    PDS "/Patient?family=Lamb&birthdate=eq2015-03-01",
  };
  gint64 accesses = cpis_test_hub_count_accesses (fixture->hub, CHILD);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(CpisTestResponse) response = NULL;

      response = cpis_test_hub_request (fixture->hub, "GET", paths[i], fixture->officer, NULL,
                                        NULL, "X-Request-ID", REQUEST_ID,
                                        "IsUnscheduledAccessEvent", "true", NULL);
      assert_refused (response, paths[i]);
    }

  /* the notification by its id: refused, not found or not, alike */
  {
    g_autoptr(CpisTestResponse) response = NULL;

    response = cpis_test_hub_request (fixture->hub, "GET",
                                      BASE "/Task/0b6f3a52-6c1e-4d7a-8f3e-2a9c1b5d7e40",
                                      fixture->officer, NULL, NULL, NULL);
    assert_refused (response, "Task/{id}");
  }

  /* nothing about the child was recorded while refusing */
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, CHILD), ==, accesses);
}

static void
test_officer_refused_upload (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CpisTestResponse) response = NULL;

  response = cpis_test_hub_request (fixture->hub, "POST", BASE, fixture->officer,
                                    "application/fhir+json",
                                    "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[]}",
                                    NULL);
  assert_refused (response, "POST [base]");
}

/* ------------------------------------------------------------------------ */
/* Suppression */

static void
test_suppression_simple (void)
{
  /* two small cells: each hidden, neither can be worked back alone */
  const gint64 counts[] = { 12, 3, 0, 2, 7 };
  gboolean suppressed[G_N_ELEMENTS (counts)];

  g_assert_false (cpis_hub_suppress_counts (counts, G_N_ELEMENTS (counts), suppressed));
  g_assert_false (suppressed[0]);
  g_assert_true (suppressed[1]);
  g_assert_false (suppressed[2]); /* 0 is shown: no one */
  g_assert_true (suppressed[3]);
  g_assert_false (suppressed[4]);

  g_assert_false (cpis_hub_count_is_suppressed (0));
  g_assert_true (cpis_hub_count_is_suppressed (1));
  g_assert_true (cpis_hub_count_is_suppressed (4));
  g_assert_false (cpis_hub_count_is_suppressed (5));
}

static void
test_suppression_subtraction (void)
{
  /* total 30 shown: 30 - 12 - 6 - 9 would give the 3, so the next
   * smallest above 0 (the 6) is hidden too */
  const gint64 counts[] = { 12, 3, 6, 0, 9 };
  gboolean suppressed[G_N_ELEMENTS (counts)];
  /* one small cell and only zeros beside it: the total is that cell */
  const gint64 alone[] = { 0, 4, 0 };
  gboolean alone_suppressed[G_N_ELEMENTS (alone)];
  /* a tie for next smallest: the first is hidden */
  const gint64 tie[] = { 8, 1, 8 };
  gboolean tie_suppressed[G_N_ELEMENTS (tie)];
  guint n_hidden = 0;

  g_assert_false (cpis_hub_suppress_counts (counts, G_N_ELEMENTS (counts), suppressed));
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    n_hidden += suppressed[i];
  g_assert_cmpuint (n_hidden, ==, 2);
  g_assert_true (suppressed[1]);
  g_assert_true (suppressed[2]);
  g_assert_false (suppressed[3]);

  g_assert_true (cpis_hub_suppress_counts (alone, G_N_ELEMENTS (alone), alone_suppressed));
  g_assert_true (alone_suppressed[1]);
  g_assert_false (alone_suppressed[0]);
  g_assert_false (alone_suppressed[2]);

  g_assert_false (cpis_hub_suppress_counts (tie, G_N_ELEMENTS (tie), tie_suppressed));
  g_assert_true (tie_suppressed[0]);
  g_assert_true (tie_suppressed[1]);
  g_assert_false (tie_suppressed[2]);

  /* nothing small: nothing hidden */
  {
    const gint64 big[] = { 5, 0, 40 };
    gboolean big_suppressed[G_N_ELEMENTS (big)];

    g_assert_false (cpis_hub_suppress_counts (big, G_N_ELEMENTS (big), big_suppressed));
    g_assert_false (big_suppressed[0] || big_suppressed[1] || big_suppressed[2]);
  }
}

/* ------------------------------------------------------------------------ */
/* Indexes */

/* The plan SQLite makes for @sql on the hub's file, its details joined */
static char *
query_plan (Fixture    *fixture,
            const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (cpis_test_hub_get_db_path (fixture->hub), &db,
                                    SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&plan), FALSE);
}

static void
test_indexes (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *plan = NULL;

  g_assert_cmpint (cpis_hub_store_get_schema_version (cpis_test_hub_get_store (fixture->hub)),
                   >=, 10);

  /* an area's settings' accesses in a period: by setting, then time, no scan */
  plan = query_plan (fixture,
                     "SELECT count(*) FROM organisations o JOIN accesses a"
                     " ON a.org_ods_code = o.ods_code"
                     " WHERE o.area = 'North' AND o.kind = 'unscheduled-care'"
                     " AND a.recorded_usec >= 0 AND a.recorded_usec < 1");
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "accesses_org_recorded"));
  g_assert_nonnull (strstr (plan, "organisations_area"));
  g_assert_null (strstr (plan, "SCAN a"));
  g_clear_pointer (&plan, g_free);

  /* the figures' readings (cpis-hub-store-figures.c) from their indexes
   * alone: no row of a table read for each plan or notification */
  plan = query_plan (fixture,
                     "SELECT plan_type, count (*) FROM plans"
                     " WHERE la_id = 1 AND start_date <= '2026-01-01'"
                     " AND (end_date IS NULL OR end_date > '2026-01-01') GROUP BY plan_type");
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "COVERING INDEX plans_la_current"));
  g_assert_null (strstr (plan, "TEMP B-TREE"));
  g_clear_pointer (&plan, g_free);
  plan = query_plan (fixture,
                     "SELECT authored_usec, coalesce (first_action_usec, 0), out_of_area, nhs_number, access_id"
                     " FROM notification_figures WHERE la_id = 1 AND authored_usec >= 0 AND authored_usec < 1"
                     " ORDER BY authored_usec");
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "COVERING INDEX notification_figures_la"));
  g_assert_null (strstr (plan, "TEMP B-TREE"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/hub-measures/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("roles/officer-refused-child-level", test_officer_refused_child_level);
  ADD ("roles/officer-refused-upload", test_officer_refused_upload);
  ADD ("store/indexes", test_indexes);
  g_test_add_func ("/hub-measures/suppression/simple", test_suppression_simple);
  g_test_add_func ("/hub-measures/suppression/subtraction", test_suppression_subtraction);

  return g_test_run ();
}
