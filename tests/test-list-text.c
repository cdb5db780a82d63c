/* test-list-text.c: several names in one sentence
 *
 * The list patterns, and the sentence that says which councils were told,
 * for one to four councils.
 */
#include "cpis-clinician-view-private.h"
#include "cpis-list-text-private.h"
#include "cpis-plan.h"

static void
assert_list (const char * const *items,
             guint               n_items,
             const char         *expected)
{
  g_autofree char *text = _cpis_list_in_words (items, n_items);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_list (void)
{
  const char *names[] = { "A", "B", "C", "D", "E" };

  assert_list (names, 1, "A");
  assert_list (names, 2, "A and B");
  assert_list (names, 3, "A, B and C");
  assert_list (names, 4, "A, B, C and D");
  assert_list (names, 5, "A, B, C, D and E");
}

static void
add_plan (GListStore *plans,
          const char *council)
{
  g_autofree char *id = g_strdup_printf ("plan-%u", g_list_model_get_n_items (G_LIST_MODEL (plans)));
  g_autoptr(CpisPlan) plan = g_object_new (CPIS_TYPE_PLAN, "id", id, "la-name", council, NULL);

  g_list_store_append (plans, plan);
}

/* A plan per council named; with none named, one plan that names none */
static GListModel *
plans_of (const char * const *councils)
{
  GListStore *plans = g_list_store_new (CPIS_TYPE_PLAN);

  if (councils[0] == NULL)
    add_plan (plans, NULL);
  for (guint i = 0; councils[i] != NULL; i++)
    add_plan (plans, councils[i]);

  return G_LIST_MODEL (plans);
}

static void
assert_recorded (const char * const *councils,
                 const char         *expected)
{
  g_autoptr(GListModel) plans = plans_of (councils);
  g_autofree char *text = _cpis_clinician_view_describe_recorded (plans);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_recorded (void)
{
  const char *none[] = { NULL };
  const char *one[] = { "Northgate Council", NULL };
  const char *one_twice[] = { "Northgate Council", "Northgate Council", NULL };
  const char *two[] = { "Northgate Council", "Southmoor Council", NULL };
  const char *three[] = { "Northgate Council", "Southmoor Council", "Eastbrook Council", NULL };
  const char *four[] = { "Northgate Council", "Southmoor Council", "Eastbrook Council",
                         "Westfield Council", NULL };

  assert_recorded (none,
                   "This access was recorded and the responsible local authority was notified.");
  assert_recorded (one, "This access was recorded and Northgate Council was notified.");
  assert_recorded (one_twice, "This access was recorded and Northgate Council was notified.");
  assert_recorded (two,
                   "This access was recorded and Northgate Council and Southmoor Council "
                   "were notified.");
  assert_recorded (three,
                   "This access was recorded and Northgate Council, Southmoor Council and "
                   "Eastbrook Council were notified.");
  assert_recorded (four,
                   "This access was recorded and Northgate Council, Southmoor Council, "
                   "Eastbrook Council and Westfield Council were notified.");
}

/* Names as lists of children sort them: by family name first */
static void
test_family_first (void)
{
  const struct
  {
    const char *name;
    const char *sorted;
  } cases[] = {
    { "Alex TESTER", "TESTER Alex" },
    { "Mary Jane O'NEILL", "O'NEILL Mary Jane" },
    { " Sam  SAMPLE ", "SAMPLE Sam " },
    { "TESTER", "TESTER" },
    { "Zoë ÅNGSTRÖM", "ÅNGSTRÖM Zoë" },
  };
  g_autofree char *none = _cpis_name_family_first (NULL);

  g_assert_null (none);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sorted = _cpis_name_family_first (cases[i].name);

      g_assert_cmpstr (sorted, ==, cases[i].sorted);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/list-text/list", test_list);
  g_test_add_func ("/list-text/recorded", test_recorded);
  g_test_add_func ("/list-text/family-first", test_family_first);

  return g_test_run ();
}
