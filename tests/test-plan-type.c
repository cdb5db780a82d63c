/* test-plan-type.c: CP-IS plan types and their SNOMED CT codes */
#include "cpis-plan-type.h"

/* From the England-ChildProtectionPlan value set (docs/cpis-domain.md) */
static const struct
{
  CpisPlanType  type;
  const char   *short_code;
  const char   *snomed;
  const char   *display;
  const char   *label;
  const char   *nick;
} known[] = {
  { CPIS_PLAN_TYPE_CPP, "CPP", "342191000000101",
    "Subject to child protection plan", "Child protection plan", "cpp" },
  { CPIS_PLAN_TYPE_LAC, "LAC", "764841000000100",
    "Looked after child", "Looked after child", "lac" },
  { CPIS_PLAN_TYPE_UCPP, "UCPP", "818901000000100",
    "Unborn child subject to child protection plan", "Unborn child protection plan", "ucpp" },
};

static void
test_snomed_both_ways (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_assert_cmpint (cpis_plan_type_from_snomed (known[i].snomed), ==, known[i].type);
      g_assert_cmpstr (cpis_plan_type_to_snomed (known[i].type), ==, known[i].snomed);
      g_assert_cmpint (cpis_plan_type_from_snomed (cpis_plan_type_to_snomed (known[i].type)),
                       ==, known[i].type);
      g_assert_cmpstr (cpis_plan_type_to_snomed_display (known[i].type), ==, known[i].display);
    }

  g_assert_cmpstr (CPIS_SNOMED_SYSTEM, ==, "http://snomed.info/sct");
}

static void
test_short_code_both_ways (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autofree char *lower = g_ascii_strdown (known[i].short_code, -1);

      g_assert_cmpint (cpis_plan_type_from_short_code (known[i].short_code), ==, known[i].type);
      g_assert_cmpint (cpis_plan_type_from_short_code (lower), ==, known[i].type);
      g_assert_cmpstr (cpis_plan_type_to_short_code (known[i].type), ==, known[i].short_code);
    }

  g_assert_cmpint (cpis_plan_type_from_short_code ("Lac"), ==, CPIS_PLAN_TYPE_LAC);
  g_assert_cmpint (cpis_plan_type_from_short_code ("uCpP"), ==, CPIS_PLAN_TYPE_UCPP);
}

static void
test_unknown_codes (void)
{
  const char *unknown_snomed[] = {
    "", "0", "342191000000102", " 342191000000101", "342191000000101 ", "CPP",
    "34219100000010", "3421910000001011",
  };
  const char *unknown_short[] = { "", "CP", "CPPX", "UCP", "LA C", "child protection plan" };

  for (gsize i = 0; i < G_N_ELEMENTS (unknown_snomed); i++)
    g_assert_cmpint (cpis_plan_type_from_snomed (unknown_snomed[i]), ==,
                     CPIS_PLAN_TYPE_UNRECOGNISED);
  for (gsize i = 0; i < G_N_ELEMENTS (unknown_short); i++)
    g_assert_cmpint (cpis_plan_type_from_short_code (unknown_short[i]), ==,
                     CPIS_PLAN_TYPE_UNRECOGNISED);

  g_assert_cmpint (cpis_plan_type_from_snomed (NULL), ==, CPIS_PLAN_TYPE_UNRECOGNISED);
  g_assert_cmpint (cpis_plan_type_from_short_code (NULL), ==, CPIS_PLAN_TYPE_UNRECOGNISED);

  g_assert_null (cpis_plan_type_to_snomed (CPIS_PLAN_TYPE_UNRECOGNISED));
  g_assert_null (cpis_plan_type_to_short_code (CPIS_PLAN_TYPE_UNRECOGNISED));
  g_assert_null (cpis_plan_type_to_snomed_display (CPIS_PLAN_TYPE_UNRECOGNISED));
}

static void
test_labels (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    g_assert_cmpstr (cpis_plan_type_to_label (known[i].type), ==, known[i].label);

  /* An unknown plan is still shown to the clinician, never dropped */
  g_assert_cmpstr (cpis_plan_type_to_label (CPIS_PLAN_TYPE_UNRECOGNISED), ==,
                   "Unrecognised plan");
  g_assert_cmpstr (cpis_plan_type_to_label ((CpisPlanType) 42), ==, "Unrecognised plan");
}

static void
test_gtype (void)
{
  GType type = CPIS_TYPE_PLAN_TYPE;
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  g_assert_true (G_TYPE_IS_ENUM (type));
  g_assert_cmpstr (g_type_name (type), ==, "CpisPlanType");
  g_assert_cmpuint (cpis_plan_type_get_type (), ==, type);

  klass = g_type_class_ref (type);
  g_assert_cmpuint (klass->n_values, ==, 4);

  value = g_enum_get_value (klass, CPIS_PLAN_TYPE_UNRECOGNISED);
  g_assert_nonnull (value);
  g_assert_cmpstr (value->value_name, ==, "CPIS_PLAN_TYPE_UNRECOGNISED");
  g_assert_cmpstr (value->value_nick, ==, "unrecognised");

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      value = g_enum_get_value_by_nick (klass, known[i].nick);
      g_assert_nonnull (value);
      g_assert_cmpint (value->value, ==, known[i].type);
    }

  g_assert_null (g_enum_get_value (klass, 4));
  g_assert_null (g_enum_get_value_by_nick (klass, "CPP"));
}

static void
test_gvalue (void)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, CPIS_TYPE_PLAN_TYPE);
  g_assert_cmpint (g_value_get_enum (&value), ==, CPIS_PLAN_TYPE_UNRECOGNISED);
  g_value_set_enum (&value, CPIS_PLAN_TYPE_UCPP);
  g_assert_cmpint (g_value_get_enum (&value), ==, CPIS_PLAN_TYPE_UCPP);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan-type/snomed", test_snomed_both_ways);
  g_test_add_func ("/plan-type/short-code", test_short_code_both_ways);
  g_test_add_func ("/plan-type/unknown", test_unknown_codes);
  g_test_add_func ("/plan-type/labels", test_labels);
  g_test_add_func ("/plan-type/gtype", test_gtype);
  g_test_add_func ("/plan-type/gvalue", test_gvalue);

  return g_test_run ();
}
