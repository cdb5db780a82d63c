/* test-hub-area-figures.c: every area figure against a fixture small
 * enough to check by reading (docs/api.md, "Area figures")
 *
 * Two areas. North: Northgate Council (LA1) and Amberley Council (LA2),
 * an emergency department (ED1), a maternity unit (MU1) and an urgent
 * treatment centre that made no check (UTC1). South: Southport Council
 * (LA3) and its emergency department (ED3). The period is four weeks, Monday
 * 24 March to Sunday 20 April 2025: the clocks go forward on 30 March, and
 * Easter (Good Friday 18 April, Easter Monday 21 April) falls at its end.
 *
 * The checks, UK time (each notifies the child's LA):
 *
 *   #  child  setting  when                       LA   first action
 *   1  A1     ED1      Mon 24 Mar 00:15 GMT       LA1  00:45 (30 min)
 *   2  A2     ED1      Tue 25 Mar 10:00           LA1  12:00 (2 h)
 *   3  A3     ED1      Wed 26 Mar 10:00           LA1  20:00 (10 h)
 *   4  A4     ED1      Thu 27 Mar 10:00           LA1  Sat 29 Mar 09:00 (47 h)
 *   5  A5     ED1      Sun 30 Mar 23:30 BST       LA1  Fri 4 Apr 10:00 (late)
 *   6  A1     ED1      Mon 31 Mar 00:30 BST       LA1  never (late)
 *   7  A1     MU1      Wed 2 Apr 14:00            LA1  Fri 11 Apr 14:00 (9 days, late)
 *   8  S1     ED1      Tue 1 Apr 10:00            LA3  (a South child in North)
 *   9  B1     ED3      Tue 1 Apr 11:00            LA2  11:20 (20 min)
 *  10  B2     ED3      Wed 2 Apr 11:00            LA2  never (late)
 *  11  S2     ED3      Thu 3 Apr 10:00            LA3
 *  12  A6     ED1      Thu 17 Apr 10:00           LA1  Tue 22 Apr 16:00 (in time: Easter)
 *  13  A2     ED1      Sun 20 Apr 23:30 BST       LA1  never (late)
 *  14  A3     ED1      Mon 21 Apr 00:30 BST       LA1  (after the period)
 *  15  A4     ED1      Sun 23 Mar 23:45 GMT       LA1  (before the period)
 *
 * #6 and #14 are the checks a UTC week or period would misplace by an hour.
 * Plans: LA1 has A1–A6 (CPP, from January, uploaded 25 March) and A7 (LAC,
 * from 1 April, uploaded then); LA2 B1–B5 (LAC, from June 2024, uploaded
 * then; B5's ended 3 April, uploaded that day); LA3 S1–S5 (CPP). LA1 has
 * two upload records refused in the period.
 */
#include <string.h>

#include "cpis-hub-area-figures.h"
#include "cpis-plan-type.h"
#include "cpis-test-hub.h"
#include "cpis-test-util.h"

#define PASSWORD "correct horse battery"
#define BASE     "/cpis/FHIR/R4"
#define PERIOD   "periodStart=2025-03-24&periodEnd=2025-04-20"
#define MINUTES(n) ((gint64) (n) *60 * G_USEC_PER_SEC)

typedef struct
{
  CpisTestHub *hub;
  GHashTable  *numbers;   /* "A1" → a valid NHS number */
  GHashTable  *accesses;  /* check number (1…) → its notification's task id, per LA */
} Fixture;

/* A valid NHS number in the test range, the @n-th */
static char *
nhs_number (guint n)
{
  for (guint base = 999100000 + n * 10;; base++)
    {
      char digits[10];
      guint sum = 0, check;

      g_snprintf (digits, sizeof digits, "%09u", base);
      for (guint i = 0; i < 9; i++)
        sum += (guint) (digits[i] - '0') * (10 - i);
      check = 11 - sum % 11;
      if (check == 11)
        check = 0;
      if (check != 10)
        return g_strdup_printf ("%s%u", digits, check);
    }
}

static const char *
child (Fixture    *fixture,
       const char *name)
{
  const char *number = g_hash_table_lookup (fixture->numbers, name);

  g_assert_nonnull (number);
  return number;
}

static gint64
uk_usec (int year,
         int month,
         int day,
         int hour,
         int minute)
{
  g_autoptr(GDateTime) time = cpis_test_uk_time (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static void
add_setting (Fixture    *fixture,
             const char *ods_code,
             const char *name,
             const char *area,
             const char *setting_kind)
{
  CpisHubOrganisation org = {
    .ods_code = (char *) ods_code,
    .name = (char *) name,
    .kind = CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE,
    .area = (char *) area,
    .setting_kind = (char *) setting_kind,
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (cpis_hub_store_put_organisation (cpis_test_hub_get_store (fixture->hub), &org, &error));
  g_assert_no_error (error);
}

static void
add_plan (Fixture    *fixture,
          const char *name,
          const char *plan_type,
          const char *start_date,
          const char *end_date,
          const char *la,
          gint64      uploaded_usec)
{
  CpisHubOrganisation org = { .ods_code = (char *) la };
  CpisHubPlan plan = {
    .nhs_number = (char *) child (fixture, name),
    .plan_type = cpis_plan_type_from_short_code (plan_type),
    .start_date = (char *) start_date,
    .end_date = (char *) end_date,
    .subject_name = (char *) "Sam TESTER",
    .date_of_birth = (char *) "2015-05-05",
    .la = &org,
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (cpis_hub_store_put_plan_full (cpis_test_hub_get_store (fixture->hub), &plan,
                                               uploaded_usec, NULL, &error));
  g_assert_no_error (error);
  g_free (plan.id);
}

static gint64
org_id (Fixture    *fixture,
        const char *ods_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubOrganisation) org =
    cpis_hub_store_find_organisation (cpis_test_hub_get_store (fixture->hub), ods_code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (org);
  return org->id;
}

static gint64
user_id (Fixture    *fixture,
         const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubUser) user =
    cpis_hub_store_find_user (cpis_test_hub_get_store (fixture->hub), username, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user->id;
}

/* Check @number of the table above: recorded, and acted on by the LA's
 * social worker @acted_usec later (0: never) */
static void
check (Fixture    *fixture,
       const char *name,
       const char *nurse,
       const char *la,
       gint64      recorded_usec,
       gint64      acted_usec,
       const char *social_worker)
{
  CpisHubStore *store = cpis_test_hub_get_store (fixture->hub);
  gint64 la_id = org_id (fixture, la);
  g_autoptr(GError) error = NULL;
  g_autofree char *access = cpis_hub_store_record_access (store, child (fixture, name), user_id (fixture, nurse),
                                                          recorded_usec, &la_id, 1, &error);
  CpisHubTaskSearch search;
  g_autoptr(GPtrArray) tasks = NULL;
  CpisHubTask *task = NULL;
  CpisHubTaskUpdate update;

  g_assert_no_error (error);
  g_assert_nonnull (access);
  if (acted_usec == 0)
    return;

  cpis_hub_task_search_init (&search, la);
  search.count = 500;
  tasks = cpis_hub_store_search_tasks (store, &search, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tasks->len && task == NULL; i++)
    if (g_strcmp0 (((CpisHubTask *) g_ptr_array_index (tasks, i))->access_id, access) == 0)
      task = g_ptr_array_index (tasks, i);
  g_assert_nonnull (task);

  update = (CpisHubTaskUpdate) {
    .task_id = task->id,
    .la_ods_code = la,
    .base_version = 1,
    .user_id = user_id (fixture, social_worker),
    .modified_usec = acted_usec,
    .status = CPIS_HUB_TASK_STATUS_ACCEPTED,
    .owner_kind = CPIS_HUB_TASK_OWNER_LA,
    .owner_ref = la,
  };
  g_assert_true (cpis_hub_store_update_task (store, &update, &error));
  g_assert_no_error (error);
}

static void
refuse_upload (Fixture    *fixture,
               const char *la,
               const char *nhs,
               gint64      recorded_usec)
{
  CpisHubPlanException exception = {
    .la_ods_code = (char *) la,
    .nhs_number = (char *) nhs,
    .family_name = (char *) "TESTER",
    .given_name = (char *) "Sam",
    .date_of_birth = (char *) "2015-05-05",
    .plan_type = (char *) "CPP",
    .start_date = (char *) "2025-03-01",
    .code = (char *) "CPR01",
    .detail = (char *) "The NHS number does not match the demographics.",
    .recorded_usec = recorded_usec,
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (cpis_hub_store_put_plan_exception (cpis_test_hub_get_store (fixture->hub), &exception,
                                                    &error));
  g_assert_no_error (error);
  g_free (exception.id);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *names[] = { "A1", "A2", "A3", "A4", "A5", "A6", "A7", "B1", "B2", "B3", "B4", "B5",
                          "S1", "S2", "S3", "S4", "S5" };
  gint64 in_period = uk_usec (2025, 3, 25, 10, 0);

  fixture->hub = cpis_test_hub_new ();
  cpis_test_hub_set_today (fixture->hub, "2025-06-15");
  fixture->numbers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_hash_table_insert (fixture->numbers, (gpointer) names[i], nhs_number (i));

  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "LA2", "Amberley Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "LA3", "Southport Council", "local-authority", "South");
  add_setting (fixture, "ED1", "Northgate General ED", "North", "emergency-department");
  add_setting (fixture, "MU1", "Northgate Maternity Unit", "North", "maternity");
  add_setting (fixture, "UTC1", "Northgate Urgent Treatment Centre", "North", "urgent-treatment-centre");
  add_setting (fixture, "ED3", "Southport ED", "South", "emergency-department");
  cpis_test_hub_add_user (fixture->hub, "officer", PASSWORD, "partnership-officer", "LA1");
  cpis_test_hub_add_user (fixture->hub, "officer-south", PASSWORD, "partnership-officer", "LA3");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_user (fixture->hub, "midwife", PASSWORD, "clinician", "MU1");
  cpis_test_hub_add_user (fixture->hub, "nurse-south", PASSWORD, "clinician", "ED3");
  cpis_test_hub_add_user (fixture->hub, "sw1", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "sw2", PASSWORD, "social-worker", "LA2");

  for (guint i = 0; i < 6; i++)
    add_plan (fixture, names[i], "CPP", "2025-01-02", NULL, "LA1", in_period);
  add_plan (fixture, "A7", "LAC", "2025-04-01", NULL, "LA1", uk_usec (2025, 4, 1, 9, 0));
  for (guint i = 7; i < 11; i++)
    add_plan (fixture, names[i], "LAC", "2024-06-01", NULL, "LA2", uk_usec (2024, 6, 2, 9, 0));
  add_plan (fixture, "B5", "LAC", "2024-06-01", "2025-04-03", "LA2", uk_usec (2025, 4, 3, 9, 0));
  for (guint i = 12; i < 17; i++)
    add_plan (fixture, names[i], "CPP", "2025-01-02", NULL, "LA3", in_period);
  refuse_upload (fixture, "LA1", "9990000018", uk_usec (2025, 3, 26, 9, 0));
  refuse_upload (fixture, "LA1", "9990000026", uk_usec (2025, 4, 9, 9, 0));
  refuse_upload (fixture, "LA1", "9990000034", uk_usec (2025, 3, 20, 9, 0));  /* before */

  check (fixture, "A1", "nurse", "LA1", uk_usec (2025, 3, 24, 0, 15), uk_usec (2025, 3, 24, 0, 45), "sw1");
  check (fixture, "A2", "nurse", "LA1", uk_usec (2025, 3, 25, 10, 0), uk_usec (2025, 3, 25, 12, 0), "sw1");
  check (fixture, "A3", "nurse", "LA1", uk_usec (2025, 3, 26, 10, 0), uk_usec (2025, 3, 26, 20, 0), "sw1");
  check (fixture, "A4", "nurse", "LA1", uk_usec (2025, 3, 27, 10, 0), uk_usec (2025, 3, 29, 9, 0), "sw1");
  check (fixture, "A5", "nurse", "LA1", uk_usec (2025, 3, 30, 23, 30), uk_usec (2025, 4, 4, 10, 0), "sw1");
  check (fixture, "A1", "nurse", "LA1", uk_usec (2025, 3, 31, 0, 30), 0, NULL);
  check (fixture, "A1", "midwife", "LA1", uk_usec (2025, 4, 2, 14, 0), uk_usec (2025, 4, 11, 14, 0), "sw1");
  check (fixture, "S1", "nurse", "LA3", uk_usec (2025, 4, 1, 10, 0), 0, NULL);
  check (fixture, "B1", "nurse-south", "LA2", uk_usec (2025, 4, 1, 11, 0), uk_usec (2025, 4, 1, 11, 20), "sw2");
  check (fixture, "B2", "nurse-south", "LA2", uk_usec (2025, 4, 2, 11, 0), 0, NULL);
  check (fixture, "S2", "nurse-south", "LA3", uk_usec (2025, 4, 3, 10, 0), 0, NULL);
  check (fixture, "A6", "nurse", "LA1", uk_usec (2025, 4, 17, 10, 0), uk_usec (2025, 4, 22, 16, 0), "sw1");
  check (fixture, "A2", "nurse", "LA1", uk_usec (2025, 4, 20, 23, 30), 0, NULL);
  check (fixture, "A3", "nurse", "LA1", uk_usec (2025, 4, 21, 0, 30), 0, NULL);
  check (fixture, "A4", "nurse", "LA1", uk_usec (2025, 3, 23, 23, 45), 0, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_hash_table_unref (fixture->numbers);
  cpis_test_hub_free (fixture->hub);
}

/* ------------------------------------------------------------------------ */
/* As counted, in the hub */

static CpisHubAreaFigures *
compute (Fixture    *fixture,
         const char *area,
         const char *la,
         gint64      now_usec)
{
  g_autoptr(GError) error = NULL;
  GDate first, last;
  CpisHubAreaFigures *figures;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 24, G_DATE_MARCH, 2025);
  g_date_set_dmy (&last, 20, G_DATE_APRIL, 2025);
  figures = cpis_hub_area_figures_compute (cpis_test_hub_get_store (fixture->hub), area,
                                           la != NULL ? org_id (fixture, la) : 0, &first, &last,
                                           now_usec != 0 ? now_usec : uk_usec (2025, 6, 15, 12, 0), &error);
  g_assert_no_error (error);
  g_assert_nonnull (figures);
  return figures;
}

static const CpisHubFigureGroup *
group (const CpisHubAreaFigures *figures,
       const char               *code)
{
  const CpisHubFigureGroup *found = cpis_hub_area_figures_lookup_group (figures, code);

  if (found == NULL)
    g_error ("no group %s", code);
  return found;
}

/* "value=count value=count …" of @group's stratifier @code */
static char *
strata (const CpisHubAreaFigures *figures,
        const char               *group_code,
        const char               *code)
{
  const CpisHubFigureGroup *g = group (figures, group_code);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g->stratifiers->len; i++)
    {
      const CpisHubFigureStratifier *stratifier = g_ptr_array_index (g->stratifiers, i);

      if (!g_str_equal (stratifier->code, code))
        continue;
      for (guint j = 0; j < stratifier->strata->len; j++)
        {
          const CpisHubFigureStratum *stratum = g_ptr_array_index (stratifier->strata, j);

          if (stratum->count == CPIS_HUB_FIGURE_SUPPRESSED)
            g_string_append_printf (text, "%s%s=<5", j > 0 ? " " : "", stratum->value);
          else if (stratum->count == CPIS_HUB_FIGURE_HIDDEN)
            g_string_append_printf (text, "%s%s=hidden", j > 0 ? " " : "", stratum->value);
          else
            g_string_append_printf (text, "%s%s=%" G_GINT64_FORMAT, j > 0 ? " " : "", stratum->value,
                                    stratum->count);
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  g_error ("no stratifier %s in %s", code, group_code);
}

#define assert_strata(figures, group_code, code, expected) \
  G_STMT_START \
  { \
    g_autofree char *_text = strata ((figures), (group_code), (code)); \
    g_assert_cmpstr (_text, ==, (expected)); \
  } \
  G_STMT_END

static void
assert_group (const CpisHubAreaFigures *figures,
              const char               *code,
              gint64                    count,
              gint64                    denominator)
{
  const CpisHubFigureGroup *g = group (figures, code);

  if (g->count != count || g->denominator != denominator)
    g_error ("%s: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT,
             code, g->count, g->denominator, count, denominator);
}

static void
test_counted (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CpisHubAreaFigures) figures = compute (fixture, "North", NULL, 0);
  const CpisHubFigureGroup *settings = group (figures, "settings");
  const CpisHubFigureStratum *ed1, *utc1;
  const gint64 none = CPIS_HUB_FIGURE_NONE;

  /* rollout */
  assert_group (figures, "las-live", 2, 2);
  assert_group (figures, "settings-live", 2, 3);
  assert_strata (figures, "settings-live", "setting-kind",
                 "emergency-department=1 urgent-treatment-centre=0 maternity=1");
  assert_group (figures, "settings-known", 3, none);
  /* by name: the ED, the maternity unit, the UTC */
  assert_strata (figures, "settings", "setting", "ED1=9 MU1=1 UTC1=0");
  ed1 = g_ptr_array_index (((CpisHubFigureStratifier *) g_ptr_array_index (settings->stratifiers, 0))->strata, 0);
  utc1 = g_ptr_array_index (((CpisHubFigureStratifier *) g_ptr_array_index (settings->stratifiers, 0))->strata, 2);
  g_assert_cmpstr (ed1->kind, ==, "emergency-department");
  /* #13, the last in the period; not #14, after it */
  g_assert_cmpint (ed1->last_check_usec, ==, uk_usec (2025, 4, 20, 23, 30));
  g_assert_cmpint (utc1->last_check_usec, ==, 0);

  /* plans */
  assert_group (figures, "plans-uploaded", 8, none);
  assert_strata (figures, "plans-uploaded", "la", "LA2=1 LA1=7");
  assert_group (figures, "uploads-refused", 2, none);
  assert_strata (figures, "uploads-refused", "la", "LA2=0 LA1=2");
  assert_group (figures, "plans-now", 11, none);
  assert_strata (figures, "plans-now", "plan-type", "CPP=6 LAC=5 UCPP=0");
  assert_strata (figures, "plans-now", "la", "LA2=4 LA1=7");
  assert_group (figures, "plans-at-start", 11, none);
  assert_strata (figures, "plans-at-start", "plan-type", "CPP=6 LAC=5 UCPP=0");

  /* attendances at the area's settings: weeks from Monday midnight UK time */
  assert_group (figures, "attendances", 10, none);
  assert_strata (figures, "attendances", "week", "2025-03-24=5 2025-03-31=3 2025-04-07=0 2025-04-14=2");
  assert_strata (figures, "attendances", "setting-kind",
                 "emergency-department=9 urgent-treatment-centre=0 maternity=1");

  /* out of area: #8 visiting; #9 and #10 away */
  assert_group (figures, "out-of-area-visiting", 1, none);
  assert_group (figures, "out-of-area-away", 2, none);
  assert_strata (figures, "out-of-area-away", "la", "LA2=2 LA1=0");

  /* A1: 24 March, 31 March, 2 April; A4's two are not three */
  assert_group (figures, "repeat-attendance", 1, 8);

  /* follow-up */
  assert_group (figures, "follow-up", 11, none);
  assert_strata (figures, "follow-up", "time-to-first-action",
                 "within-1-hour=2 1-to-4-hours=1 4-to-24-hours=1 1-to-2-days=1 2-to-7-days=2 over-7-days=1 not-yet=3");
  /* 20, 30, 120, 600, 2820, 6390, 7560, 12960 minutes */
  g_assert_cmpint (group (figures, "follow-up-median")->score, ==, 600);
  g_assert_cmpint (group (figures, "follow-up-p90")->score, ==, 12960);
  /* late: #5, #6, #7, #13, #10; #12 was in time only because of Easter */
  assert_group (figures, "open-after-2-working-days", 5, 11);
  assert_strata (figures, "open-after-2-working-days", "la", "LA2=1 LA1=4");
}

/* What is still within its 2 working days is not yet counted either way */
static void
test_open_before_deadline (Fixture       *fixture,
                           gconstpointer  data)
{
  /* on 23 April #13's days (22 and 23, after Easter Monday) have not passed */
  g_autoptr(CpisHubAreaFigures) figures = compute (fixture, "North", NULL, uk_usec (2025, 4, 23, 12, 0));

  assert_group (figures, "open-after-2-working-days", 4, 10);
}

static void
test_one_la (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CpisHubAreaFigures) figures = compute (fixture, "North", "LA2", 0);

  assert_group (figures, "las-live", 1, 1);
  assert_strata (figures, "plans-now", "la", "LA2=4");
  assert_group (figures, "follow-up", 2, CPIS_HUB_FIGURE_NONE);
  assert_group (figures, "open-after-2-working-days", 1, 2);
  assert_group (figures, "repeat-attendance", 0, 2);
  /* the settings stay the area's */
  assert_group (figures, "attendances", 10, CPIS_HUB_FIGURE_NONE);
}

static void
test_other_area (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CpisHubAreaFigures) figures = compute (fixture, "South", NULL, 0);

  assert_group (figures, "las-live", 1, 1);
  assert_strata (figures, "settings", "setting", "ED3=3");
  assert_group (figures, "attendances", 3, CPIS_HUB_FIGURE_NONE);
  /* #9 and #10 were North's children */
  assert_group (figures, "out-of-area-visiting", 2, CPIS_HUB_FIGURE_NONE);
  /* #8: S1 in North */
  assert_group (figures, "out-of-area-away", 1, CPIS_HUB_FIGURE_NONE);
  assert_group (figures, "follow-up", 2, CPIS_HUB_FIGURE_NONE);
}

/* ------------------------------------------------------------------------ */
/* As answered: a MeasureReport, suppressed */

static JsonObject *
find_group (JsonObject *report,
            const char *code)
{
  JsonArray *groups = json_object_get_array_member (report, "group");

  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      JsonObject *coding = json_array_get_object_element (
        json_object_get_array_member (json_object_get_object_member (g, "code"), "coding"), 0);

      if (g_str_equal (json_object_get_string_member (coding, "code"), code))
        return g;
    }
  g_error ("no group %s in the report", code);
}

/* "12", "<5" (suppressed, and marked so), "hidden" (with one that is) */
static char *
population_text (JsonObject *population)
{
  JsonObject *extension;

  if (json_object_has_member (population, "count"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (population, "count"));
  g_assert_true (json_object_has_member (population, "extension"));
  extension = json_array_get_object_element (json_object_get_array_member (population, "extension"), 0);
  g_assert_cmpstr (json_object_get_string_member (extension, "url"), ==,
                   "https://fhir.cpis.example/StructureDefinition/count-suppressed");
  if (g_str_equal (json_object_get_string_member (extension, "valueString"), "hidden"))
    return g_strdup ("hidden");
  g_assert_cmpstr (json_object_get_string_member (extension, "valueString"), ==, "fewer than 5");
  return g_strdup ("<5");
}

static char *
answered_strata (JsonObject *report,
                 const char *code)
{
  JsonObject *g = find_group (report, code);
  JsonObject *stratifier = json_array_get_object_element (json_object_get_array_member (g, "stratifier"), 0);
  JsonArray *list = json_object_get_array_member (stratifier, "stratum");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *stratum = json_array_get_object_element (list, i);
      JsonObject *value = json_object_get_object_member (stratum, "value");
      const char *key = json_object_get_string_member (
        json_array_get_object_element (json_object_get_array_member (value, "coding"), 0), "code");
      g_autofree char *count = population_text (
        json_array_get_object_element (json_object_get_array_member (stratum, "population"), 0));

      g_string_append_printf (text, "%s%s=%s", i > 0 ? " " : "", key, count);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
answered_count (JsonObject *report,
                const char *code)
{
  JsonObject *g = find_group (report, code);

  return population_text (json_array_get_object_element (json_object_get_array_member (g, "population"), 0));
}

static void
test_answered_suppressed (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *token = cpis_test_hub_sign_in (fixture->hub, "officer", PASSWORD);
  g_autoptr(CpisTestResponse) response = cpis_test_hub_request (
    fixture->hub, "GET", BASE "/Measure/area-figures/$evaluate-measure?" PERIOD, token, NULL, NULL, NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonObject *report;
  gint64 accesses_before = cpis_test_hub_count_accesses (fixture->hub, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  root = cpis_test_response_json (response);
  report = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (report, "resourceType"), ==, "MeasureReport");
  g_assert_cmpstr (json_object_get_string_member (report, "type"), ==, "summary");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (report, "reporter"), "display"),
                   ==, "North");

  /* nothing about a child: no NHS number, name or date of birth anywhere */
  text = cpis_test_response_text (response);
  {
    GHashTableIter iter;
    gpointer number;

    g_hash_table_iter_init (&iter, fixture->numbers);
    while (g_hash_table_iter_next (&iter, NULL, &number))
      g_assert_null (strstr (text, number));
  }
  g_assert_null (strstr (text, "TESTER"));
  g_assert_null (strstr (text, "2015-05-05"));
  g_assert_null (strstr (text, "subject"));

  /* 1 to 4 hidden, with the next smallest where one alone would be the total less the others */
  {
    g_autofree char *weeks = answered_strata (report, "attendances");
    g_autofree char *kinds = NULL;
    g_autofree char *la_plans = NULL;
    g_autofree char *refused = answered_count (report, "uploads-refused");
    g_autofree char *attendances = answered_count (report, "attendances");
    g_autofree char *visiting = answered_count (report, "out-of-area-visiting");

    /* two weeks of 1 to 4: neither can be worked back, the rest stand */
    g_assert_cmpstr (weeks, ==, "2025-03-24=5 2025-03-31=<5 2025-04-07=0 2025-04-14=<5");
    g_assert_cmpstr (attendances, ==, "10");
    g_assert_cmpstr (visiting, ==, "<5");
    /* one refused LA: the total would give it away */
    g_assert_cmpstr (refused, ==, "<5");
    la_plans = answered_strata (report, "plans-uploaded");
    /* LA2's few, and LA1's with them (hidden: it is not fewer than 5, and never said to be) */
    g_assert_cmpstr (la_plans, ==, "LA2=<5 LA1=hidden");
    kinds = answered_strata (report, "settings-live");
    /* organisations, not children: never suppressed */
    g_assert_cmpstr (kinds, ==, "emergency-department=1 urgent-treatment-centre=0 maternity=1");
  }

  /* the median of eight times is given; the officer's reading was not recorded */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
    find_group (report, "follow-up-median"), "measureScore"), "value"), ==, 600);
  g_assert_cmpint (cpis_test_hub_count_accesses (fixture->hub, NULL), ==, accesses_before);
}

static void
test_answered_scope (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *officer = cpis_test_hub_sign_in (fixture->hub, "officer", PASSWORD);
  g_autofree char *south = cpis_test_hub_sign_in (fixture->hub, "officer-south", PASSWORD);
  g_autofree char *nurse = cpis_test_hub_sign_in (fixture->hub, "nurse", PASSWORD);
  g_autofree char *social_worker = cpis_test_hub_sign_in (fixture->hub, "sw1", PASSWORD);
  const struct
  {
    const char *token;
    const char *query;
    guint       status;
  } cases[] = {
    { south, PERIOD, 200 },
    { south, PERIOD "&la=LA1", 403 },             /* another area's LA */
    { officer, PERIOD "&la=ED1", 403 },           /* not an LA */
    { officer, PERIOD "&la=NOPE", 403 },          /* none: the same answer */
    { officer, PERIOD "&la=LA2", 200 },
    { nurse, PERIOD, 403 },
    { social_worker, PERIOD, 403 },
    { NULL, PERIOD, 401 },
    { officer, "periodStart=2025-03-24", 400 },
    { officer, "periodStart=2025-04-20&periodEnd=2025-03-24", 400 },
    { officer, "periodStart=2025-06-01&periodEnd=2025-06-16", 400 },  /* after today */
    { officer, "periodStart=2023-01-01&periodEnd=2025-04-20", 400 },  /* over two years */
    { officer, "periodStart=2025-02-30&periodEnd=2025-04-20", 400 },
    { officer, PERIOD "&subject=Patient/1", 400 },
    { officer, PERIOD "&reportType=subject-list", 400 },
    { officer, PERIOD "&periodEnd=2025-04-21", 400 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat (BASE "/Measure/area-figures/$evaluate-measure?", cases[i].query, NULL);
      g_autoptr(CpisTestResponse) response = cpis_test_hub_request (fixture->hub, "GET", path, cases[i].token,
                                                                    NULL, NULL, NULL);

      if (response->status != cases[i].status)
        g_error ("%s: %u, expected %u", cases[i].query, response->status, cases[i].status);
    }

  /* South's officer sees South: its one setting, never North's */
  {
    g_autoptr(CpisTestResponse) response = cpis_test_hub_request (
      fixture->hub, "GET", BASE "/Measure/area-figures/$evaluate-measure?" PERIOD, south, NULL, NULL, NULL);
    g_autofree char *text = cpis_test_response_text (response);

    g_assert_nonnull (strstr (text, "ED3"));
    g_assert_null (strstr (text, "ED1"));
    g_assert_null (strstr (text, "Northgate"));
  }
}

static void
test_measure (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *officer = cpis_test_hub_sign_in (fixture->hub, "officer", PASSWORD);
  g_autoptr(CpisTestResponse) measure = cpis_test_hub_request (fixture->hub, "GET", BASE "/Measure/area-figures",
                                                               officer, NULL, NULL, NULL);
  g_autoptr(CpisTestResponse) search = cpis_test_hub_request (fixture->hub, "GET", BASE "/Measure", officer, NULL,
                                                              NULL, NULL);
  g_autoptr(CpisTestResponse) report = cpis_test_hub_request (
    fixture->hub, "GET", BASE "/Measure/area-figures/$evaluate-measure?" PERIOD, officer, NULL, NULL, NULL);
  g_autoptr(JsonNode) measure_json = NULL;
  g_autoptr(JsonNode) report_json = NULL;
  JsonArray *measure_groups, *report_groups;

  g_assert_cmpuint (measure->status, ==, 200);
  g_assert_cmpuint (search->status, ==, 200);
  measure_json = cpis_test_response_json (measure);
  report_json = cpis_test_response_json (report);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (measure_json), "resourceType"), ==,
                   "Measure");
  /* the report's measure is the Measure's url, and its groups are the Measure's, in order */
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (report_json), "measure"), ==,
                   json_object_get_string_member (json_node_get_object (measure_json), "url"));
  measure_groups = json_object_get_array_member (json_node_get_object (measure_json), "group");
  report_groups = json_object_get_array_member (json_node_get_object (report_json), "group");
  g_assert_cmpuint (json_array_get_length (measure_groups), ==, json_array_get_length (report_groups));
  for (guint i = 0; i < json_array_get_length (measure_groups); i++)
    {
      JsonObject *a = json_array_get_object_element (
        json_object_get_array_member (json_object_get_object_member (json_array_get_object_element (measure_groups, i),
                                                                     "code"), "coding"), 0);
      JsonObject *b = json_array_get_object_element (
        json_object_get_array_member (json_object_get_object_member (json_array_get_object_element (report_groups, i),
                                                                     "code"), "coding"), 0);

      g_assert_cmpstr (json_object_get_string_member (a, "code"), ==, json_object_get_string_member (b, "code"));
    }

  {
    g_autoptr(CpisTestResponse) other = cpis_test_hub_request (fixture->hub, "GET", BASE "/Measure/other", officer,
                                                               NULL, NULL, NULL);
    g_autoptr(CpisTestResponse) post = cpis_test_hub_request (fixture->hub, "POST", BASE "/Measure/area-figures",
                                                              officer, "application/fhir+json", "{}", NULL);

    g_assert_cmpuint (other->status, ==, 404);
    g_assert_cmpuint (post->status, ==, 405);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/hub-area-figures/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("counted", test_counted);
  ADD ("counted/open-before-deadline", test_open_before_deadline);
  ADD ("counted/one-la", test_one_la);
  ADD ("counted/other-area", test_other_area);
  ADD ("answered/suppressed", test_answered_suppressed);
  ADD ("answered/scope", test_answered_scope);
  ADD ("answered/measure", test_measure);

  return g_test_run ();
}
