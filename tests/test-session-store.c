/* test-session-store.c: the in-memory store of this session's checks, and
 * the check results it holds */

#include "cpis-check-result.h"
#include "cpis-hub-client.h"
#include "cpis-nhs-number.h"
#include "cpis-plan.h"
#include "cpis-session-store.h"
#include "cpis-test-util.h"

static CpisPlan *
make_plan (const char *nhs_number,
           const char *name)
{
  return g_object_new (CPIS_TYPE_PLAN,
                       "id", "plan-1",
                       "nhs-number", nhs_number,
                       "subject-name", name,
                       "la-name", "Test Borough Council",
                       "phone-emergency", "07700 900123",
                       "start-date", "2026-01-01",
                       NULL);
}

static CpisCheckResult *
make_found (const char *nhs_number,
            const char *name)
{
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (plans, make_plan (nhs_number, name));
  return cpis_check_result_new (nhs_number, CPIS_CHECK_OUTCOME_PLANS_FOUND, plans, NULL,
                                CPIS_CARE_SETTING_UNSCHEDULED, NULL, NULL);
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint calls;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *seen)
{
  seen->position = position;
  seen->removed = removed;
  seen->added = added;
  seen->calls++;
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
test_add_order_lookup (void)
{
  g_autoptr(CpisSessionStore) store = cpis_session_store_new ();
  g_autofree char *first_number = cpis_test_nhs_number (101);
  g_autofree char *second_number = cpis_test_nhs_number (202);
  g_autoptr(CpisCheckResult) first = make_found (first_number, "Alex TESTER");
  g_autoptr(CpisCheckResult) second = make_found (second_number, "Sam EXAMPLE");
  g_autoptr(CpisCheckResult) again = NULL;
  g_autoptr(CpisCheckResult) item = NULL;
  GListModel *checks = cpis_session_store_get_checks (store);
  ItemsChanged seen = { 0, };

  g_assert_true (G_IS_LIST_MODEL (checks));
  g_assert_true (g_list_model_get_item_type (checks) == CPIS_TYPE_CHECK_RESULT);
  g_assert_cmpuint (g_list_model_get_n_items (checks), ==, 0);
  g_assert_null (cpis_session_store_lookup (store, first_number));

  g_signal_connect (checks, "items-changed", G_CALLBACK (items_changed_cb), &seen);

  cpis_session_store_add (store, first);
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpuint (seen.position, ==, 0);
  g_assert_cmpuint (seen.added, ==, 1);

  cpis_session_store_add (store, second);
  g_assert_cmpuint (g_list_model_get_n_items (checks), ==, 2);
  g_assert_cmpuint (seen.position, ==, 0);

  /* newest first */
  item = g_list_model_get_item (checks, 0);
  g_assert_true (item == second);
  g_clear_object (&item);
  item = g_list_model_get_item (checks, 1);
  g_assert_true (item == first);
  g_clear_object (&item);

  g_assert_true (cpis_session_store_lookup (store, first_number) == first);
  g_assert_true (cpis_session_store_lookup (store, second_number) == second);

  /* a second check of the same child: lookup finds the newer one */
  again = cpis_check_result_new (first_number, CPIS_CHECK_OUTCOME_NO_RECORD, NULL, NULL,
                                 CPIS_CARE_SETTING_SCHEDULED, NULL, NULL);
  cpis_session_store_add (store, again);
  g_assert_cmpuint (g_list_model_get_n_items (checks), ==, 3);
  g_assert_true (cpis_session_store_lookup (store, first_number) == again);
  {
    g_autofree char *unknown = cpis_test_nhs_number (303);

    g_assert_null (cpis_session_store_lookup (store, unknown));
  }
}

static void
test_clear_drops_everything (void)
{
  g_autoptr(CpisSessionStore) store = cpis_session_store_new ();
  GListModel *checks = cpis_session_store_get_checks (store);
  ItemsChanged seen = { 0, };
  CpisCheckResult *weak[3] = { NULL, };
  GListModel *weak_plans = NULL;
  CpisPlan *weak_plan = NULL;
  g_autofree char *kept_number = NULL;
  guint cleared = 0;

  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    {
      g_autofree char *number = cpis_test_nhs_number (400 + i * 17);
      CpisCheckResult *result = make_found (number, "Alex TESTER");

      cpis_session_store_add (store, result);
      weak[i] = result;
      g_object_add_weak_pointer (G_OBJECT (result), (gpointer *) &weak[i]);
      g_object_unref (result);  /* the store holds the only reference */
      if (i == 0)
        kept_number = g_strdup (number);
    }

  weak_plans = cpis_check_result_get_plans (weak[0]);
  g_object_add_weak_pointer (G_OBJECT (weak_plans), (gpointer *) &weak_plans);
  weak_plan = g_list_model_get_item (weak_plans, 0);
  g_object_unref (weak_plan);
  g_object_add_weak_pointer (G_OBJECT (weak_plan), (gpointer *) &weak_plan);

  g_assert_cmpuint (g_list_model_get_n_items (checks), ==, 3);

  g_signal_connect (checks, "items-changed", G_CALLBACK (items_changed_cb), &seen);
  g_signal_connect (store, "cleared", G_CALLBACK (count_cb), &cleared);

  cpis_session_store_clear (store);

  g_assert_cmpuint (cleared, ==, 1);
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpuint (seen.position, ==, 0);
  g_assert_cmpuint (seen.removed, ==, 3);
  g_assert_cmpuint (seen.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (checks), ==, 0);
  g_assert_null (cpis_session_store_lookup (store, kept_number));

  /* nothing of the child is retained anywhere */
  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    g_assert_null (weak[i]);
  g_assert_null (weak_plans);
  g_assert_null (weak_plan);

  /* clearing an empty store still says so, and the store is usable again */
  cpis_session_store_clear (store);
  g_assert_cmpuint (cleared, ==, 2);
  {
    g_autoptr(CpisCheckResult) result = make_found (kept_number, "Alex TESTER");

    cpis_session_store_add (store, result);
    g_assert_cmpuint (g_list_model_get_n_items (checks), ==, 1);
  }
}

static void
test_dispose_drops_everything (void)
{
  CpisSessionStore *store = cpis_session_store_new ();
  g_autofree char *number = cpis_test_nhs_number (777);
  CpisCheckResult *result = make_found (number, "Alex TESTER");
  CpisCheckResult *weak = result;

  g_object_add_weak_pointer (G_OBJECT (result), (gpointer *) &weak);
  cpis_session_store_add (store, result);
  g_object_unref (result);
  g_assert_nonnull (weak);

  g_object_unref (store);
  g_assert_null (weak);
}

static void
test_result_found (void)
{
  g_autofree char *number = cpis_test_nhs_number (1234);
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(GError) history_error = g_error_new_literal (CPIS_HUB_CLIENT_ERROR,
                                                         CPIS_HUB_CLIENT_ERROR_TIMEOUT,
                                                         "slow");
  g_autoptr(GListModel) plans_prop = NULL;
  g_autoptr(GError) error_prop = NULL;
  g_autofree char *subject = NULL;
  CpisCheckOutcome outcome;

  g_ptr_array_add (plans, make_plan (number, "Jamie FIRST"));
  g_ptr_array_add (plans, make_plan (number, "Jamie SECOND"));

  result = cpis_check_result_new (number, CPIS_CHECK_OUTCOME_PLANS_FOUND, plans, history,
                                  CPIS_CARE_SETTING_SCHEDULED, NULL, history_error);

  g_assert_cmpstr (cpis_check_result_get_nhs_number (result), ==, number);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_plans (result)), ==, 2);
  g_assert_true (g_list_model_get_item_type (cpis_check_result_get_plans (result)) == CPIS_TYPE_PLAN);
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_access_history (result)), ==, 0);
  g_assert_cmpstr (cpis_check_result_get_subject_name (result), ==, "Jamie FIRST");
  g_assert_cmpint (cpis_check_result_get_care_setting (result), ==, CPIS_CARE_SETTING_SCHEDULED);
  g_assert_null (cpis_check_result_get_error (result));
  g_assert_error (cpis_check_result_get_history_error (result),
                  CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TIMEOUT);
  /* a copy, not the caller's error */
  g_assert_true (cpis_check_result_get_history_error (result) != history_error);
  g_assert_nonnull (cpis_check_result_get_checked_at (result));

  /* and the same through properties */
  g_object_get (result,
                "plans", &plans_prop,
                "subject-name", &subject,
                "outcome", &outcome,
                "history-error", &error_prop,
                NULL);
  g_assert_true (plans_prop == cpis_check_result_get_plans (result));
  g_assert_cmpstr (subject, ==, "Jamie FIRST");
  g_assert_cmpint (outcome, ==, CPIS_CHECK_OUTCOME_PLANS_FOUND);
  g_assert_error (error_prop, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TIMEOUT);
}

static void
test_result_failed (void)
{
  g_autofree char *number = cpis_test_nhs_number (4321);
  g_autoptr(GError) error = g_error_new_literal (CPIS_HUB_CLIENT_ERROR,
                                                 CPIS_HUB_CLIENT_ERROR_SERVER, "broken");
  g_autoptr(CpisCheckResult) result = NULL;
  g_autoptr(CpisCheckResult) no_record = NULL;
  GEnumClass *outcomes = g_type_class_ref (CPIS_TYPE_CHECK_OUTCOME);

  result = cpis_check_result_new (number, CPIS_CHECK_OUTCOME_FAILED, NULL, NULL,
                                  CPIS_CARE_SETTING_UNSCHEDULED, error, NULL);
  g_assert_cmpint (cpis_check_result_get_outcome (result), ==, CPIS_CHECK_OUTCOME_FAILED);
  g_assert_error (cpis_check_result_get_error (result), CPIS_HUB_CLIENT_ERROR,
                  CPIS_HUB_CLIENT_ERROR_SERVER);
  g_assert_null (cpis_check_result_get_subject_name (result));
  g_assert_cmpuint (g_list_model_get_n_items (cpis_check_result_get_plans (result)), ==, 0);

  no_record = cpis_check_result_new (number, CPIS_CHECK_OUTCOME_NO_RECORD, NULL, NULL,
                                     CPIS_CARE_SETTING_UNSCHEDULED, NULL, NULL);
  g_assert_cmpint (cpis_check_result_get_outcome (no_record), ==, CPIS_CHECK_OUTCOME_NO_RECORD);
  g_assert_null (cpis_check_result_get_error (no_record));
  g_assert_null (cpis_check_result_get_subject_name (no_record));

  /* the enum is registered with nicks a UI or a log can use */
  g_assert_cmpstr (g_enum_get_value (outcomes, CPIS_CHECK_OUTCOME_NO_RECORD)->value_nick, ==,
                   "no-record");
  g_type_class_unref (outcomes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session-store/add-order-lookup", test_add_order_lookup);
  g_test_add_func ("/session-store/clear", test_clear_drops_everything);
  g_test_add_func ("/session-store/dispose", test_dispose_drops_everything);
  g_test_add_func ("/check-result/found", test_result_found);
  g_test_add_func ("/check-result/failed", test_result_failed);

  return g_test_run ();
}
