/* test-task.c: a notification (CpisTask) in the core: its vocabularies, the
 * contract's transitions, the changes the client lets through before
 * anything is sent, and the search it asks the hub for
 *
 * Synthetic NHS numbers only (999 range, valid check digits).
 */

#include <gio/gio.h>

#include "cpis-access-event.h"
#include "cpis-date.h"
#include "cpis-nhs-number.h"
#include "cpis-task.h"
#include "cpis-task-query.h"

#define CHILD "9990821283"
#define TASK_ID "5f0c3e52-6a51-4c1b-9a7e-2d9e8f1b0c11"
#define WORKER_ID "1b2c7a10-3f4e-4d5c-8b9a-0c1d2e3f4a5b"

static const CpisTaskStatus all_statuses[] = {
  CPIS_TASK_STATUS_REQUESTED, CPIS_TASK_STATUS_ACCEPTED, CPIS_TASK_STATUS_IN_PROGRESS,
  CPIS_TASK_STATUS_COMPLETED, CPIS_TASK_STATUS_CANCELLED,
};

/* docs/api.md, "Transitions", written out as a table: [from][to] */
/* clang-format off */
static const gboolean contract_transitions[CPIS_TASK_N_STATUSES][CPIS_TASK_N_STATUSES] = {
  /*                 requested accepted in-progress completed cancelled */
  [CPIS_TASK_STATUS_REQUESTED]   = { FALSE, TRUE,  TRUE,  FALSE, TRUE },
  [CPIS_TASK_STATUS_ACCEPTED]    = { FALSE, FALSE, TRUE,  TRUE,  TRUE },
  [CPIS_TASK_STATUS_IN_PROGRESS] = { FALSE, FALSE, FALSE, TRUE,  TRUE },
  [CPIS_TASK_STATUS_COMPLETED]   = { FALSE, FALSE, FALSE, FALSE, FALSE },
  [CPIS_TASK_STATUS_CANCELLED]   = { FALSE, FALSE, FALSE, FALSE, FALSE },
};
/* clang-format on */

static CpisTask *
make_task (CpisTaskStatus  status,
           CpisTaskOutcome outcome)
{
  return g_object_new (CPIS_TYPE_TASK,
                       "id", TASK_ID,
                       "version", "3",
                       "status", status,
                       "outcome", outcome,
                       "outcome-code", cpis_task_outcome_to_code (outcome),
                       "kind", CPIS_TASK_KIND_ACCESS_TO_SERVICE,
                       "nhs-number", CHILD,
                       "child-name", "Alex TESTER",
                       "authored-on", (gint64) 1796202902123456,
                       "owner-kind", CPIS_TASK_OWNER_WORKER,
                       "owner-id", WORKER_ID,
                       "owner-display", "Sam Patel",
                       "status-reason", status == CPIS_TASK_STATUS_CANCELLED ? "Duplicate" : NULL,
                       NULL);
}

/* Vocabularies ----------------------------------------------------------- */

static void
test_status_names (void)
{
  const char *names[] = { "requested", "accepted", "in-progress", "completed", "cancelled" };
  const char *not_statuses[] = { "", "draft", "received", "rejected", "ready", "on-hold",
                                 "failed", "entered-in-error", "Requested", "in_progress",
                                 " accepted" };
  CpisTaskStatus status;

  G_STATIC_ASSERT (G_N_ELEMENTS (all_statuses) == CPIS_TASK_N_STATUSES);

  for (guint i = 0; i < G_N_ELEMENTS (all_statuses); i++)
    {
      g_assert_cmpstr (cpis_task_status_to_string (all_statuses[i]), ==, names[i]);
      g_assert_true (cpis_task_status_from_string (names[i], &status));
      g_assert_cmpint (status, ==, all_statuses[i]);
    }

  /* the other FHIR statuses are not a notification's */
  status = CPIS_TASK_STATUS_ACCEPTED;
  for (guint i = 0; i < G_N_ELEMENTS (not_statuses); i++)
    {
      g_assert_false (cpis_task_status_from_string (not_statuses[i], &status));
      g_assert_cmpint (status, ==, CPIS_TASK_STATUS_ACCEPTED);
    }
  g_assert_false (cpis_task_status_from_string (NULL, &status));
}

static void
test_transitions (void)
{
  for (guint from = 0; from < CPIS_TASK_N_STATUSES; from++)
    {
      CpisTaskStatus next[CPIS_TASK_N_STATUSES];
      guint n = cpis_task_status_get_next (from, next);
      guint expected = 0;

      for (guint to = 0; to < CPIS_TASK_N_STATUSES; to++)
        {
          g_assert_cmpint (cpis_task_status_can_become (from, to), ==, contract_transitions[from][to]);
          if (contract_transitions[from][to])
            g_assert_cmpint (next[expected++], ==, to);
        }
      g_assert_cmpuint (n, ==, expected);
      /* final: nothing can follow */
      g_assert_cmpint (cpis_task_status_is_final (from), ==, n == 0);
    }

  g_assert_true (cpis_task_status_is_final (CPIS_TASK_STATUS_COMPLETED));
  g_assert_true (cpis_task_status_is_final (CPIS_TASK_STATUS_CANCELLED));
  g_assert_false (cpis_task_status_is_final (CPIS_TASK_STATUS_IN_PROGRESS));
}

static void
test_outcome_and_kind_codes (void)
{
  const struct { CpisTaskOutcome outcome; const char *code; const char *display; } outcomes[] = {
    { CPIS_TASK_OUTCOME_CONTACTED_FAMILY, "contacted-family", "Contacted the family" },
    { CPIS_TASK_OUTCOME_CONTACTED_HEALTH_PROFESSIONAL, "contacted-health-professional",
      "Contacted the health professional" },
    { CPIS_TASK_OUTCOME_ADDED_TO_CASE_RECORD, "added-to-case-record", "Added to the case record" },
    { CPIS_TASK_OUTCOME_REFERRED, "referred", "Referred for assessment" },
    { CPIS_TASK_OUTCOME_NO_FURTHER_ACTION, "no-further-action", "No further action" },
    { CPIS_TASK_OUTCOME_NOT_OUR_CHILD, "not-our-child", "Not this authority's child" },
  };
  CpisTaskOutcome outcome = CPIS_TASK_OUTCOME_NONE;
  CpisTaskKind kind = CPIS_TASK_KIND_UNRECOGNISED;

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      g_assert_cmpstr (cpis_task_outcome_to_code (outcomes[i].outcome), ==, outcomes[i].code);
      g_assert_cmpstr (cpis_task_outcome_to_display (outcomes[i].outcome), ==, outcomes[i].display);
      g_assert_true (cpis_task_outcome_from_code (outcomes[i].code, &outcome));
      g_assert_cmpint (outcome, ==, outcomes[i].outcome);
      g_assert_true (cpis_task_outcome_is_known (outcomes[i].outcome));
    }
  g_assert_false (cpis_task_outcome_is_known (CPIS_TASK_OUTCOME_NONE));
  g_assert_false (cpis_task_outcome_is_known (CPIS_TASK_OUTCOME_UNRECOGNISED));
  g_assert_null (cpis_task_outcome_to_code (CPIS_TASK_OUTCOME_UNRECOGNISED));
  g_assert_false (cpis_task_outcome_from_code ("Referred", &outcome));
  g_assert_false (cpis_task_outcome_from_code (NULL, &outcome));

  g_assert_cmpstr (cpis_task_kind_to_code (CPIS_TASK_KIND_ACCESS_TO_SERVICE), ==, "access-to-service");
  g_assert_cmpstr (cpis_task_kind_to_code (CPIS_TASK_KIND_INACTIVE_NHS_NUMBER), ==, "inactive-nhs-number");
  g_assert_null (cpis_task_kind_to_code (CPIS_TASK_KIND_UNRECOGNISED));
  g_assert_true (cpis_task_kind_from_code ("inactive-nhs-number", &kind));
  g_assert_cmpint (kind, ==, CPIS_TASK_KIND_INACTIVE_NHS_NUMBER);
  g_assert_false (cpis_task_kind_from_code ("access", &kind));
}

/* The model -------------------------------------------------------------- */

static void
test_model (void)
{
  g_autoptr(CpisTask) task = make_task (CPIS_TASK_STATUS_IN_PROGRESS, CPIS_TASK_OUTCOME_NONE);
  g_autoptr(GDateTime) authored = cpis_task_dup_authored_on (task);
  g_autofree char *authored_text = g_date_time_format_iso8601 (authored);
  CpisTaskStatus next[CPIS_TASK_N_STATUSES];

  g_assert_cmpstr (cpis_task_get_id (task), ==, TASK_ID);
  g_assert_cmpstr (authored_text, ==, "2026-12-02T09:15:02.123456Z");
  g_assert_null (cpis_task_dup_last_modified (task));
  /* never NULL to read, and no array of its own */
  g_assert_nonnull (cpis_task_get_notes (task));
  g_assert_cmpuint (cpis_task_get_notes (task)->len, ==, 0);
  g_assert_null (cpis_task_get_access_event (task));
  g_assert_null (cpis_task_get_viewer_name (task));
  g_assert_true (cpis_task_is_open (task));
  g_assert_cmpuint (cpis_task_get_next_statuses (task, next), ==, 2);
  g_assert_true (cpis_task_is_assigned_to (task, WORKER_ID));
  g_assert_false (cpis_task_is_assigned_to (task, "someone-else"));
  g_assert_false (cpis_task_is_assigned_to (task, NULL));
}

/* What many notifications repeat is kept once for all of them */
static void
test_shared_strings (void)
{
  g_autofree char *name_a = g_strdup ("Riverside Royal Infirmary Emergency Department");
  g_autofree char *name_b = g_strdup (name_a);
  CpisTask *a = g_object_new (CPIS_TYPE_TASK, "id", "a", "setting-name", name_a,
                              "version", "1", NULL);
  CpisTask *b = g_object_new (CPIS_TYPE_TASK, "id", "b", "setting-name", name_b,
                              "version", "1", NULL);
  g_autofree char *read_back = NULL;

  g_assert_cmpstr (cpis_task_get_setting_name (a), ==, name_a);
  g_assert_true (cpis_task_get_setting_name (a) == cpis_task_get_setting_name (b));
  g_assert_true (cpis_task_get_version (a) == cpis_task_get_version (b));
  /* unique values are not */
  g_assert_false (cpis_task_get_id (a) == cpis_task_get_id (b));

  g_object_get (b, "setting-name", &read_back, NULL);
  g_assert_cmpstr (read_back, ==, name_a);

  /* the last to go frees it (valgrind or MALLOC_CHECK_ would see a double free) */
  g_object_unref (a);
  g_assert_cmpstr (cpis_task_get_setting_name (b), ==, name_b);
  g_object_unref (b);
}

static void
test_moments (void)
{
  const gint64 samples[] = { 0, 1, 999999, 1000000, 1796202902123456, -1, -1000001 };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(GDateTime) time = cpis_date_time_new_utc_usec (samples[i]);

      g_assert_nonnull (time);
      g_assert_cmpint (cpis_date_time_to_usec (time), ==, samples[i]);
      g_assert_cmpint (g_date_time_get_microsecond (time), >=, 0);
    }
}

/* Changes ---------------------------------------------------------------- */

/* Every status to every status, as the contract allows, with what it needs */
static void
test_update_check_transitions (void)
{
  for (guint from = 0; from < CPIS_TASK_N_STATUSES; from++)
    for (guint to = 0; to < CPIS_TASK_N_STATUSES; to++)
      {
        g_autoptr(CpisTask) task = make_task (from, from == CPIS_TASK_STATUS_COMPLETED
                                                      ? CPIS_TASK_OUTCOME_REFERRED
                                                      : CPIS_TASK_OUTCOME_NONE);
        g_autoptr(GError) error = NULL;
        CpisTaskUpdate update;
        gboolean ok;

        cpis_task_update_init (&update, task);
        g_assert_false (cpis_task_update_changes (&update, task));
        update.status = to;
        if (to == CPIS_TASK_STATUS_COMPLETED)
          update.outcome = CPIS_TASK_OUTCOME_NO_FURTHER_ACTION;
        if (to == CPIS_TASK_STATUS_CANCELLED)
          update.status_reason = "Raised twice for one attendance";

        ok = cpis_task_update_check (&update, task, &error);

        if (from == to && !cpis_task_update_changes (&update, task))
          g_assert_no_error (error);
        else if (cpis_task_status_is_final (from))
          g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_FINAL);
        else if (from == to || contract_transitions[from][to])
          g_assert_no_error (error);
        else
          g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_TRANSITION);
        g_assert_cmpint (ok, ==, error == NULL);
      }
}

static void
test_update_check_requirements (void)
{
  g_autoptr(CpisTask) accepted = make_task (CPIS_TASK_STATUS_ACCEPTED, CPIS_TASK_OUTCOME_NONE);
  g_autoptr(CpisTask) completed = make_task (CPIS_TASK_STATUS_COMPLETED, CPIS_TASK_OUTCOME_REFERRED);
  g_autoptr(CpisTask) unknown_outcome = g_object_new (CPIS_TYPE_TASK,
                                                      "id", TASK_ID, "version", "2",
                                                      "status", CPIS_TASK_STATUS_IN_PROGRESS,
                                                      "outcome", CPIS_TASK_OUTCOME_UNRECOGNISED,
                                                      "outcome-code", "phoned-police",
                                                      "owner-id", "ZZL01",
                                                      "owner-kind", CPIS_TASK_OWNER_LOCAL_AUTHORITY,
                                                      NULL);
  const char *blanks[] = { "", "   ", "\t\n", " \u2003 " };
  CpisTaskUpdate update;
  GError *error = NULL;

  /* cancelled needs a reason, not only spaces */
  for (guint i = 0; i < G_N_ELEMENTS (blanks); i++)
    {
      cpis_task_update_init (&update, accepted);
      update.status = CPIS_TASK_STATUS_CANCELLED;
      update.status_reason = blanks[i];
      g_assert_false (cpis_task_update_check (&update, accepted, &error));
      g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_REASON_REQUIRED);
      g_clear_error (&error);
    }
  update.status_reason = NULL;
  g_assert_false (cpis_task_update_check (&update, accepted, &error));
  g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_REASON_REQUIRED);
  g_clear_error (&error);

  /* completed needs one of the six outcomes */
  cpis_task_update_init (&update, accepted);
  update.status = CPIS_TASK_STATUS_COMPLETED;
  g_assert_false (cpis_task_update_check (&update, accepted, &error));
  g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_OUTCOME_REQUIRED);
  g_clear_error (&error);
  update.outcome = CPIS_TASK_OUTCOME_UNRECOGNISED;
  g_assert_false (cpis_task_update_check (&update, accepted, &error));
  g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_OUTCOME_REQUIRED);
  g_clear_error (&error);
  update.outcome = CPIS_TASK_OUTCOME_NOT_OUR_CHILD;
  g_assert_true (cpis_task_update_check (&update, accepted, &error));
  g_assert_no_error (error);

  /* an outcome the client does not know can be kept, never chosen */
  cpis_task_update_init (&update, unknown_outcome);
  update.note_text = "Police informed.";
  g_assert_true (cpis_task_update_check (&update, unknown_outcome, &error));
  g_assert_no_error (error);
  cpis_task_update_init (&update, accepted);
  update.outcome = CPIS_TASK_OUTCOME_UNRECOGNISED;
  g_assert_false (cpis_task_update_check (&update, accepted, &error));
  g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_INVALID);
  g_clear_error (&error);

  /* a final Task takes no note and no assignment */
  cpis_task_update_init (&update, completed);
  update.note_text = "One more thing.";
  g_assert_false (cpis_task_update_check (&update, completed, &error));
  g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_FINAL);
  g_clear_error (&error);
  cpis_task_update_init (&update, completed);
  update.owner_id = "someone-else";
  g_assert_false (cpis_task_update_check (&update, completed, &error));
  g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_FINAL);
  g_clear_error (&error);
  /* but reading it back unchanged is no change */
  cpis_task_update_init (&update, completed);
  g_assert_true (cpis_task_update_check (&update, completed, &error));

  /* notes of nothing, owners without an id */
  for (guint i = 0; i < G_N_ELEMENTS (blanks); i++)
    {
      cpis_task_update_init (&update, accepted);
      update.note_text = blanks[i];
      g_assert_false (cpis_task_update_check (&update, accepted, &error));
      g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_INVALID);
      g_clear_error (&error);

      cpis_task_update_init (&update, accepted);
      update.owner_id = blanks[i];
      g_assert_false (cpis_task_update_check (&update, accepted, &error));
      g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_INVALID);
      g_clear_error (&error);
    }

  /* values that are none of the enums' */
  cpis_task_update_init (&update, accepted);
  update.status = (CpisTaskStatus) 17;
  g_assert_false (cpis_task_update_check (&update, accepted, &error));
  g_assert_error (error, CPIS_TASK_ERROR, CPIS_TASK_ERROR_INVALID);
  g_clear_error (&error);

  /* assigning and adding a note keep the status: no transition needed */
  cpis_task_update_init (&update, accepted);
  update.owner_kind = CPIS_TASK_OWNER_TEAM;
  update.owner_id = "front-door";
  update.owner_display = "Front Door Team";
  update.note_text = "Passed to the front door team.";
  g_assert_true (cpis_task_update_changes (&update, accepted));
  g_assert_true (cpis_task_update_check (&update, accepted, &error));
  g_assert_no_error (error);
}

/* The search ------------------------------------------------------------- */

static void
test_query_string (void)
{
  g_autoptr(GDateTime) from = g_date_time_new_from_iso8601 ("2026-12-01T00:00:00+00:00", NULL);
  g_autoptr(GDateTime) before = g_date_time_new_from_iso8601 ("2026-12-08T00:00:00Z", NULL);
  g_autoptr(GDateTime) since = g_date_time_new_from_iso8601 ("2026-12-02T09:00:00.5+01:00", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *defaults = NULL;
  g_autofree char *full = NULL;
  g_autofree char *team = NULL;
  g_autofree char *la = NULL;
  g_autofree char *ascending = NULL;
  g_autofree char *offset = NULL;
  CpisTaskQuery query;

  cpis_task_query_init (&query);
  defaults = cpis_task_query_to_string (&query, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (defaults, ==, "_sort=-authored-on");

  query.statuses = (CPIS_TASK_STATUS_BIT (CPIS_TASK_STATUS_ACCEPTED) |
                    CPIS_TASK_STATUS_BIT (CPIS_TASK_STATUS_REQUESTED));
  query.kind = CPIS_TASK_KIND_ACCESS_TO_SERVICE;
  query.nhs_number = "999 082 1283";
  query.owner_kind = CPIS_TASK_OWNER_WORKER;
  query.owner_id = WORKER_ID;
  query.authored_from = from;
  query.authored_before = before;
  query.updated_since = since;
  query.area = CPIS_TASK_AREA_OUT_OF_AREA;
  query.sort = CPIS_TASK_SORT_LAST_UPDATED;
  query.count = 9000;
  query.include_access = TRUE;
  full = cpis_task_query_to_string (&query, &error);
  g_assert_no_error (error);
  /* "+" would be read as a space, "|" is escaped as the CareTeam search does */
  g_assert_cmpstr (full, ==,
                   "status=requested,accepted"
                   "&code=access-to-service"
                   "&patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C" CHILD
                   "&owner=PractitionerRole/" WORKER_ID
                   "&authored-on=ge2026-12-01T00:00:00%2B00:00"
                   "&authored-on=lt2026-12-08T00:00:00%2B00:00"
                   "&_lastUpdated=gt2026-12-02T08:00:00.500000%2B00:00"
                   "&out-of-area=true"
                   "&_sort=-_lastUpdated"
                   "&_count=500"
                   "&_include=Task:focus");

  cpis_task_query_init (&query);
  query.owner_kind = CPIS_TASK_OWNER_TEAM;
  query.owner_id = "front door";
  team = cpis_task_query_to_string (&query, &error);
  g_assert_cmpstr (team, ==, "owner:identifier=https://cpis-desktop.gnome.example/Id/team%7Cfront%20door"
                             "&_sort=-authored-on");
  query.owner_kind = CPIS_TASK_OWNER_LOCAL_AUTHORITY;
  query.owner_id = "ZZL01";
  query.area = CPIS_TASK_AREA_IN_AREA;
  la = cpis_task_query_to_string (&query, &error);
  g_assert_cmpstr (la, ==, "owner:identifier=https://fhir.nhs.uk/Id/ods-organization-code%7CZZL01"
                           "&out-of-area=false&_sort=-authored-on");

  cpis_task_query_init (&query);
  query.sort = CPIS_TASK_SORT_STATUS;
  query.ascending = TRUE;
  query.count = 50;
  ascending = cpis_task_query_to_string (&query, &error);
  g_assert_cmpstr (ascending, ==, "_sort=status&_count=50");
  query.offset = 20;
  offset = cpis_task_query_to_string (&query, &error);
  g_assert_cmpstr (offset, ==, "_sort=status&_count=50&_offset=20");
}

static void
test_query_refused (void)
{
  const char *bad_numbers[] = { "", "999 082 1284", "99908212", "abc", "9990821283x" };
  CpisTaskQuery query;

  for (guint i = 0; i < G_N_ELEMENTS (bad_numbers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      cpis_task_query_init (&query);
      query.nhs_number = bad_numbers[i];
      text = cpis_task_query_to_string (&query, &error);
      g_assert_null (text);
      g_assert_true (error != NULL && error->domain == CPIS_NHS_NUMBER_ERROR);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;

    cpis_task_query_init (&query);
    query.owner_id = "";
    text = cpis_task_query_to_string (&query, &error);
    g_assert_null (text);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
}

/* A version read without its access takes the one of its access, and no other */
static void
test_adopt_access_event (void)
{
  g_autoptr(GDateTime) recorded = g_date_time_new_utc (2026, 12, 2, 9, 15, 2);
  g_autoptr(CpisAccessEvent) event = g_object_new (CPIS_TYPE_ACCESS_EVENT, "id", "access-1",
                                                   "recorded", recorded, "nhs-number",
                                                   "9991000003", NULL);
  g_autoptr(CpisAccessEvent) other = g_object_new (CPIS_TYPE_ACCESS_EVENT, "id", "access-2",
                                                   "recorded", recorded, "nhs-number",
                                                   "9991000003", NULL);
  g_autoptr(CpisTask) bare = g_object_new (CPIS_TYPE_TASK, "id", "task-1", "version", "2",
                                           "access-id", "access-1", NULL);
  g_autoptr(CpisTask) inactive = g_object_new (CPIS_TYPE_TASK, "id", "task-2", "version", "1",
                                               NULL);

  g_assert_null (cpis_task_get_access_event (bare));
  g_assert_false (cpis_task_adopt_access_event (bare, other));
  g_assert_null (cpis_task_get_access_event (bare));
  g_assert_false (cpis_task_adopt_access_event (bare, NULL));
  g_assert_true (cpis_task_adopt_access_event (bare, event));
  g_assert_true (cpis_task_get_access_event (bare) == event);
  g_assert_cmpstr (cpis_task_get_access_id (bare), ==, "access-1");
  /* once it has its access, it keeps it */
  g_assert_false (cpis_task_adopt_access_event (bare, event));
  /* a Task with no access (an inactive number) takes none */
  g_assert_false (cpis_task_adopt_access_event (inactive, event));
  g_assert_null (cpis_task_get_access_event (inactive));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/task/status/names", test_status_names);
  g_test_add_func ("/task/status/transitions", test_transitions);
  g_test_add_func ("/task/outcome-and-kind-codes", test_outcome_and_kind_codes);
  g_test_add_func ("/task/model", test_model);
  g_test_add_func ("/task/model/shared-strings", test_shared_strings);
  g_test_add_func ("/task/model/moments", test_moments);
  g_test_add_func ("/task/model/adopt-access-event", test_adopt_access_event);
  g_test_add_func ("/task/update/transitions", test_update_check_transitions);
  g_test_add_func ("/task/update/requirements", test_update_check_requirements);
  g_test_add_func ("/task/query/string", test_query_string);
  g_test_add_func ("/task/query/refused", test_query_refused);

  return g_test_run ();
}
