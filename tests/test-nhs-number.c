/* test-nhs-number.c: parsing, checking and formatting NHS numbers
 *
 * Every number here is in the synthetic range 999 000 0000 – 999 999 9999.
 * Check digits are worked out by a reference Modulus 11 written in this file,
 * independently of the library's.
 */
#include <string.h>

#include "cpis-nhs-number.h"

/* Valid synthetic numbers (check digits verified by reference_check_digit) */
#define VALID_A "9997654323"
#define VALID_B "9998887771"
#define VALID_C "9999999999"
#define VALID_ZERO "9990000050"  /* check digit 0: the remainder-11 case */
#define TEN_PREFIX "999123456"   /* the check works out as 10 */

/* Modulus 11 as the NHS Data Dictionary describes it; -1 for "10, invalid" */
static int
reference_check_digit (const char *nine)
{
  int sum = 0;
  int check;

  for (int i = 0; i < 9; i++)
    sum += (nine[i] - '0') * (10 - i);
  check = 11 - (sum % 11);
  if (check == 11)
    check = 0;
  return check == 10 ? -1 : check;
}

static void
assert_parses_to (const char *text,
                  const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = cpis_nhs_number_parse (text, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (digits, ==, expected);
  g_assert_true (cpis_nhs_number_is_valid (text));
}

static void
assert_parse_error (const char         *text,
                    CpisNhsNumberError  code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = cpis_nhs_number_parse (text, &error);

  g_assert_null (digits);
  g_assert_error (error, CPIS_NHS_NUMBER_ERROR, (int) code);
  g_assert_nonnull (error->message);
  /* A sentence for people: starts with a capital, ends with a full stop */
  g_assert_true (g_ascii_isupper (error->message[0]));
  g_assert_true (g_str_has_suffix (error->message, "."));
  g_assert_false (cpis_nhs_number_is_valid (text));
}

static void
test_reference_fixtures (void)
{
  /* Guard the constants above against typing mistakes */
  const char *valid[] = { VALID_A, VALID_B, VALID_C, VALID_ZERO };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      char nine[10];

      memcpy (nine, valid[i], 9);
      nine[9] = '\0';
      g_assert_cmpint (reference_check_digit (nine), ==, valid[i][9] - '0');
    }
  g_assert_cmpint (VALID_ZERO[9], ==, '0');
  g_assert_cmpint (reference_check_digit (TEN_PREFIX), ==, -1);
}

static void
test_valid (void)
{
  assert_parses_to (VALID_A, VALID_A);
  assert_parses_to (VALID_B, VALID_B);
  assert_parses_to (VALID_C, VALID_C);
  assert_parses_to (VALID_ZERO, VALID_ZERO);
}

static void
test_check_digit_matches_reference (void)
{
  /* A sweep across the synthetic range, and every tenth digit for each */
  for (guint n = 999000000; n <= 999999999; n += 997)
    {
      char nine[10];
      char ten[11];
      int expected;

      g_snprintf (nine, sizeof nine, "%u", n);
      expected = reference_check_digit (nine);
      g_assert_cmpint (cpis_nhs_number_check_digit (nine), ==, expected);

      for (int last = 0; last <= 9; last++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *digits = NULL;

          g_snprintf (ten, sizeof ten, "%s%d", nine, last);
          digits = cpis_nhs_number_parse (ten, &error);

          if (expected == -1)
            g_assert_error (error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_CHECK_DIGIT_TEN);
          else if (last == expected)
            {
              g_assert_no_error (error);
              g_assert_cmpstr (digits, ==, ten);
            }
          else
            g_assert_error (error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_BAD_CHECK_DIGIT);
        }
    }
}

static void
test_check_digit_bad_input (void)
{
  g_assert_cmpint (cpis_nhs_number_check_digit (NULL), ==, -1);
  g_assert_cmpint (cpis_nhs_number_check_digit (""), ==, -1);
  g_assert_cmpint (cpis_nhs_number_check_digit ("99976543"), ==, -1);
  g_assert_cmpint (cpis_nhs_number_check_digit ("9997654321"), ==, -1);
  g_assert_cmpint (cpis_nhs_number_check_digit ("99976543a"), ==, -1);
  g_assert_cmpint (cpis_nhs_number_check_digit ("999 76543"), ==, -1);
  g_assert_cmpint (cpis_nhs_number_check_digit (TEN_PREFIX), ==, -1);
  g_assert_cmpint (cpis_nhs_number_check_digit ("999765432"), ==, VALID_A[9] - '0');
  g_assert_cmpint (cpis_nhs_number_check_digit ("999000005"), ==, 0);
}

static void
test_bad_check_digit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = NULL;
  char wrong[] = VALID_A;

  wrong[9] = (char) ('0' + (wrong[9] - '0' + 1) % 10);
  assert_parse_error (wrong, CPIS_NHS_NUMBER_ERROR_BAD_CHECK_DIGIT);

  /* Two neighbouring digits swapped: the commonest typing slip */
  digits = cpis_nhs_number_parse ("9996754323", &error);
  g_assert_null (digits);
  g_assert_error (error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_BAD_CHECK_DIGIT);
  g_assert_cmpstr (error->message, ==,
                   "This is not a valid NHS number: the check digit does not match. "
                   "Check for a mistyped digit.");
}

static void
test_check_digit_ten (void)
{
  for (int last = 0; last <= 9; last++)
    {
      g_autofree char *text = g_strdup_printf ("%s%d", TEN_PREFIX, last);

      assert_parse_error (text, CPIS_NHS_NUMBER_ERROR_CHECK_DIGIT_TEN);
    }
  assert_parse_error ("999 123 4567", CPIS_NHS_NUMBER_ERROR_CHECK_DIGIT_TEN);
}

static void
test_length (void)
{
  g_autoptr(GError) short_error = NULL;
  g_autoptr(GError) long_error = NULL;
  g_autofree char *short_digits = NULL;
  g_autofree char *long_digits = NULL;

  short_digits = cpis_nhs_number_parse ("999 765 432", &short_error);
  g_assert_null (short_digits);
  g_assert_error (short_error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_TOO_SHORT);
  g_assert_cmpstr (short_error->message, ==, "An NHS number has 10 digits; this has 9.");

  long_digits = cpis_nhs_number_parse ("999 765 43231", &long_error);
  g_assert_null (long_digits);
  g_assert_error (long_error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_TOO_LONG);
  g_assert_cmpstr (long_error->message, ==, "An NHS number has 10 digits; this has 11.");

  assert_parse_error ("9", CPIS_NHS_NUMBER_ERROR_TOO_SHORT);
  assert_parse_error ("999-765", CPIS_NHS_NUMBER_ERROR_TOO_SHORT);
  /* A number scanned twice */
  assert_parse_error (VALID_A VALID_A, CPIS_NHS_NUMBER_ERROR_TOO_LONG);
  /* Leading zero added: the digits still count */
  assert_parse_error ("0" VALID_A, CPIS_NHS_NUMBER_ERROR_TOO_LONG);
}

static void
test_invalid_characters (void)
{
  const char *bad[] = {
    "999765432A",
    "A999765432",
    "NHS 999 765 4323",
    "999.765.4323",
    "999/765/4323",
    "999_765_4323",
    "+999 765 4323",
    "999765432O",        /* letter O for zero */
    "９９９７６５４３２３", /* full-width digits */
    "999\xff" "7654323", /* not UTF-8 */
    "999\x01" "7654323", /* a control character */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_parse_error (bad[i], CPIS_NHS_NUMBER_ERROR_INVALID_CHARACTER);
}

static void
test_invalid_character_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = cpis_nhs_number_parse ("999 765 432X", &error);

  g_assert_null (digits);
  g_assert_error (error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_INVALID_CHARACTER);
  /* Names the offending character, so the nurse can find it */
  g_assert_nonnull (strstr (error->message, "X"));
}

static void
test_separators (void)
{
  const char *variants[] = {
    "999 765 4323",
    "999-765-4323",
    "999 - 765 - 4323",
    "9-9-9-7-6-5-4-3-2-3",
    "999  765--4323",
    "  9997654323  ",
    "-9997654323-",
    "\t999\t765\t4323\t",
    "9997654323\n",
    "\r\n999 765 4323\r\n",
    "999\xc2\xa0" "765\xc2\xa0" "4323",         /* no-break spaces, as pasted */
    "999\xe2\x80\x93" "765\xe2\x80\x93" "4323", /* en dashes */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (variants); i++)
    assert_parses_to (variants[i], VALID_A);
}

static void
test_empty (void)
{
  const char *empty[] = { "", " ", "   ", "\t", "-", " - - ", "\xc2\xa0", "\n" };

  for (gsize i = 0; i < G_N_ELEMENTS (empty); i++)
    assert_parse_error (empty[i], CPIS_NHS_NUMBER_ERROR_EMPTY);

  g_assert_false (cpis_nhs_number_is_valid (NULL));
}

static void
test_format (void)
{
  struct
  {
    const char *text;
    const char *expected;
  } cases[] = {
    { VALID_A, "999 765 4323" },
    { "999-765-4323", "999 765 4323" },
    { " 999 765 4323 ", "999 765 4323" },
    { VALID_ZERO, "999 000 0050" },
    { VALID_C, "999 999 9999" },
    /* anything not valid comes back as it was */
    { "9997654324", "9997654324" },
    { TEN_PREFIX "0", TEN_PREFIX "0" },
    { "999 765 432", "999 765 432" },
    { "unknown", "unknown" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *formatted = cpis_nhs_number_format (cases[i].text);

      g_assert_cmpstr (formatted, ==, cases[i].expected);
      /* a copy, never the caller's string */
      g_assert_true (formatted != cases[i].text);
    }

  g_assert_null (cpis_nhs_number_format (NULL));
}

static void
test_format_round_trip (void)
{
  const char *valid[] = { VALID_A, VALID_B, VALID_C, VALID_ZERO };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *formatted = cpis_nhs_number_format (valid[i]);

      g_assert_cmpuint (strlen (formatted), ==, 12);
      assert_parses_to (formatted, valid[i]);
    }
}

/* For labels: the same groups joined by no-break spaces, read back as the
 * same number; anything else unchanged */
static void
test_format_unbroken (void)
{
  g_autofree char *unbroken = cpis_nhs_number_format_unbroken (VALID_A);
  g_autofree char *plain = cpis_nhs_number_format (VALID_A);
  g_autofree char *bad = cpis_nhs_number_format_unbroken ("12345");
  g_auto(GStrv) groups = g_strsplit (unbroken, "\u00a0", -1);

  g_assert_null (strchr (unbroken, ' '));
  g_assert_cmpuint (g_strv_length (groups), ==, 3);
  g_assert_cmpstr (groups[0], ==, "999");
  assert_parses_to (unbroken, VALID_A);
  g_assert_cmpuint (g_utf8_strlen (unbroken, -1), ==, g_utf8_strlen (plain, -1));
  g_assert_cmpstr (bad, ==, "12345");
  g_assert_null (cpis_nhs_number_format_unbroken (NULL));
}

static void
test_test_range (void)
{
  char outside[11];
  int check;

  g_assert_true (cpis_nhs_number_is_test_range (VALID_A));
  g_assert_true (cpis_nhs_number_is_test_range (VALID_C));
  g_assert_true (cpis_nhs_number_is_test_range ("9990000000"));
  g_assert_true (cpis_nhs_number_is_test_range ("999 765 4323"));

  /* Just below the range, built with a wrong check digit so it is no NHS number at all */
  check = reference_check_digit ("998999999");
  g_snprintf (outside, sizeof outside, "998999999%d", check < 0 ? 0 : (check + 1) % 10);
  g_assert_false (cpis_nhs_number_is_valid (outside));
  g_assert_false (cpis_nhs_number_is_test_range (outside));

  g_assert_false (cpis_nhs_number_is_test_range (NULL));
  g_assert_false (cpis_nhs_number_is_test_range (""));
  g_assert_false (cpis_nhs_number_is_test_range ("999"));
  g_assert_false (cpis_nhs_number_is_test_range ("999765432"));
  g_assert_false (cpis_nhs_number_is_test_range (VALID_A "9"));
  g_assert_false (cpis_nhs_number_is_test_range ("999765432X"));
}

static void
test_all_valid_numbers_in_range_parse (void)
{
  /* The parser and the test-range check agree on every valid number made here */
  for (guint n = 999000000; n < 999000000 + 2000; n++)
    {
      char nine[10];
      g_autofree char *ten = NULL;
      int check;

      g_snprintf (nine, sizeof nine, "%u", n);
      check = reference_check_digit (nine);
      if (check < 0)
        continue;

      ten = g_strdup_printf ("%s%d", nine, check);
      g_assert_true (cpis_nhs_number_is_valid (ten));
      g_assert_true (cpis_nhs_number_is_test_range (ten));
    }
}

/* A number typed in part, for a search: digits with spaces and dashes only */
static void
test_partial_digits (void)
{
  const struct
  {
    const char *text;
    const char *digits;
  } cases[] = {
    { "999", "999" },
    { "999 100-00", "99910000" },
    { "  9 ", "9" },
    { "", NULL },
    { " - ", NULL },
    { "999a", NULL },
    { "Alex 999", NULL },
    { "９９９", NULL }, /* full-width digits are not ASCII digits */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *digits = cpis_nhs_number_partial_digits (cases[i].text);

      g_assert_cmpstr (digits, ==, cases[i].digits);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nhs-number/reference-fixtures", test_reference_fixtures);
  g_test_add_func ("/nhs-number/valid", test_valid);
  g_test_add_func ("/nhs-number/check-digit/reference", test_check_digit_matches_reference);
  g_test_add_func ("/nhs-number/check-digit/bad-input", test_check_digit_bad_input);
  g_test_add_func ("/nhs-number/bad-check-digit", test_bad_check_digit);
  g_test_add_func ("/nhs-number/check-digit-ten", test_check_digit_ten);
  g_test_add_func ("/nhs-number/length", test_length);
  g_test_add_func ("/nhs-number/invalid-characters", test_invalid_characters);
  g_test_add_func ("/nhs-number/invalid-character-message", test_invalid_character_message);
  g_test_add_func ("/nhs-number/separators", test_separators);
  g_test_add_func ("/nhs-number/empty", test_empty);
  g_test_add_func ("/nhs-number/format", test_format);
  g_test_add_func ("/nhs-number/format-round-trip", test_format_round_trip);
  g_test_add_func ("/nhs-number/format-unbroken", test_format_unbroken);
  g_test_add_func ("/nhs-number/test-range", test_test_range);
  g_test_add_func ("/nhs-number/partial-digits", test_partial_digits);
  g_test_add_func ("/nhs-number/test-range-sweep", test_all_valid_numbers_in_range_parse);

  return g_test_run ();
}
